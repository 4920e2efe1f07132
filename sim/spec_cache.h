/* spec_cache.h: inputs that are expensive to read or compute and shared
 * by every point of a study: weather years, PV profiles per kWp, metered
 * series. Keyed by text (e.g. "epw:/path"); each entry is made once, by
 * whichever thread asks first, under a lock, and lives until the cache is
 * freed. Specs borrow entries, so a cache must outlive the specs built
 * with it. Thread-safe.
 */
#ifndef FS_SPEC_CACHE_H
#define FS_SPEC_CACHE_H

#include <glib.h>

typedef struct fs_spec_cache fs_spec_cache;

fs_spec_cache *fs_spec_cache_new(void);
void fs_spec_cache_free(fs_spec_cache *c);  /* NULL is a no-op */

/* The entry for key, made by make(arg, error) when absent. NULL when make
 * fails (error set; nothing is cached). Borrowed. */
gpointer fs_spec_cache_get(fs_spec_cache *c, const char *key, gpointer (*make)(void *arg, GError **error),
                           void *arg, GDestroyNotify destroy, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(fs_spec_cache, fs_spec_cache_free)

#endif /* FS_SPEC_CACHE_H */
