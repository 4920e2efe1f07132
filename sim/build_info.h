/* build_info.h: what was built: version, git commit, and the text of the
 * default scenario (scenarios/default.ini, compiled in at configure time). */
#ifndef FS_BUILD_INFO_H
#define FS_BUILD_INFO_H

const char *fs_build_version(void);
const char *fs_build_git_commit(void);  /* "unknown" outside a git checkout */
const char *fs_build_default_scenario(void);
const char *fs_build_scenario_dir(void); /* base for the default's relative paths */
const char *fs_build_plots_dir(void);    /* the plot scripts */
const char *fs_build_data_dir(void);     /* the bundled public cases (tests/data) */

#endif /* FS_BUILD_INFO_H */
