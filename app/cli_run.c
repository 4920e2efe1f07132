/* cli_run.c: `factorysim run`: load, run the replications in parallel,
 * write the results file, print the summary. */
#include <glib.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "study/plant.h"
#include "study/study.h"
#ifdef FS_HAVE_MPI
#include <mpi.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include "output/h5_reader.h"
#include "output/h5_runs.h"
#include "output/h5_writer.h"
#include "output/report.h"
#include "sim/build_info.h"
#include "sim/dist.h"
#include "app/cli.h"
#include "study/runner.h"
#include "sim/scenario.h"
#include <glib/gstdio.h>
#include "app/simgrid/sg_engine.h"
#include "study/precision.h"

typedef struct {
    char *output;
    char *replications_text; /* -r: N or auto */
    gint replications;  /* -1: from the scenario (or auto) */
    gboolean auto_reps; /* -r auto: replications until --precision holds */
    char *precision;    /* REL[:KPI,...] */
    gint max_replications;
    gint threads;       /* -1: all cores */
    char *seed;         /* NULL: from the scenario */
    char **sets;
    gboolean quiet;
    char *detail;       /* kpi (default), trace, series or trace,series */
    char **details;     /* --detail, each may be a comma list */
    char *resume;       /* an interrupted results file to finish */
    char *extend;       /* a complete results file to give -r replications */
    gint checkpoint;    /* write a valid file every N runs (0: only at the end) */
    gboolean replace;   /* --replace: a checkpoint may replace an existing file */
    char *engine;       /* native (default) or simgrid */
    char *trace;        /* simgrid: Paje trace prefix */
    char **args;
} run_options;

/* Progress on stderr: a bar on a terminal, a line every 10% otherwise. */
typedef struct {
    gint64 t0_us;
    gboolean tty;
    guint last_tenth;
} progress_state;

static void progress_line(guint done, guint total, void *data)
{
    progress_state *p = data;
    double elapsed_s = (double)(g_get_monotonic_time() - p->t0_us) / 1e6;
    double rate = done / fmax(elapsed_s, 1e-9), eta_s = (total - done) / fmax(rate, 1e-9);
    if (p->tty) {
        int width = 30, fill = (int)(width * (double)done / total);
        fprintf(stderr, "\r[%.*s%*s] %u/%u runs  %.1f runs/s  ETA %.0f s ", fill,
                "##############################", width - fill, "", done, total, rate, eta_s);
        if (done == total)
            fputc('\n', stderr);
    } else if (done * 10 / total > p->last_tenth || done == total) {
        p->last_tenth = done * 10 / total;
        fprintf(stderr, "factorysim: %u/%u runs, %.1f runs/s, ETA %.0f s\n", done, total, rate, eta_s);
    }
}

/* SIGINT and SIGTERM are blocked in every thread and taken by a thread
 * of their own with sigwait, which only sets the runner's stop flag: no
 * global state, no work in a signal handler. Runs in progress finish; the
 * file keeps every finished run. Signals stay handled until the results
 * file is committed (a batch system's SIGTERM after the last run then
 * means "finish committing", not "lose everything"). At the end the
 * thread is woken with SIGUSR1 (blocked too), so the program exits at
 * once instead of at the next tick of a timed wait. */
typedef struct {
    volatile gint stop;
    volatile gint done;
    volatile gint signo;     /* the first SIGINT or SIGTERM (exit 128 + it) */
    char tmp_path[4096];     /* the writer's temporary file: a second signal removes it and exits */
    gboolean active;
    pthread_t thread;
    sigset_t set, old_mask;
} signal_state;

static void *signal_thread(void *data)
{
    signal_state *s = data;
    for (;;) {
        int signo = 0;
        if (sigwait(&s->set, &signo) != 0)
            continue;
        if (g_atomic_int_get(&s->done))
            return NULL;
        if ((signo == SIGINT || signo == SIGTERM) && g_atomic_int_get(&s->stop)) {
            /* a second Ctrl-C: stop now. The results file is the last
             * checkpoint (--checkpoint) or as it was before the run. */
            static const char msg[] = "\nfactorysim: stopped at once: the results file is its last checkpoint, "
                                      "or as it was before this run\n";
            if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
                /* nothing more to say */
            }
            if (s->tmp_path[0]) {
                char lock[sizeof s->tmp_path + 8];
                g_snprintf(lock, sizeof lock, "%s.lock", s->tmp_path);
                unlink(s->tmp_path);
                unlink(lock);
            }
            _exit(128 + signo);
        }
        if (signo == SIGINT || signo == SIGTERM) {
            g_atomic_int_set(&s->signo, signo);
            g_atomic_int_set(&s->stop, 1);
            fprintf(stderr, "\nfactorysim: stopping after the runs in progress (the file keeps every finished run; "
                            "Ctrl-C again stops at once)\n");
        }
    }
}

/* From here on, SIGINT and SIGTERM go to the signal thread (the mask is
 * inherited by every thread made later, the runner's included). */
static void signals_begin(signal_state *s)
{
    sigemptyset(&s->set);
    sigaddset(&s->set, SIGINT);
    sigaddset(&s->set, SIGTERM);
    sigaddset(&s->set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s->set, &s->old_mask);
    s->active = pthread_create(&s->thread, NULL, signal_thread, s) == 0;
    if (!s->active) {
        pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
        fprintf(stderr, "factorysim: cannot start the signal thread; Ctrl-C will stop at once, losing the runs\n");
    }
}

static void signals_end(signal_state *s)
{
    if (!s->active)
        return;
    g_atomic_int_set(&s->done, 1);
    pthread_kill(s->thread, SIGUSR1);
    pthread_join(s->thread, NULL);
    pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
    s->active = FALSE;
}

/* What the consumer needs while results stream in, in run order. */
typedef struct {
    fs_study *study;
    fs_h5_writer *w;
    GError *error;               /* the first write error */
    GString *failures;
    guint failed, n_points;
    GArray *shown;               /* fs_summary_row of the KPIs printed per point */
    GArray *first_summary;       /* every summary row of point 0 */
    const char *headline[4];
    int headline_k[4];
    guint n_headline;
    guint checkpoint_every;      /* runs between checkpoints; 0: none */
    guint64 events;              /* events fired by the runs of this session */
    guint n_written, n_total;    /* runs in the file so far (resumed ones too), planned */
} consumer;

static void consume(const fs_run_result *r, const fs_summary_row *rows, guint n_rows, void *data)
{
    consumer *c = data;
    c->events += r->n_events;
    if (r->failed) {
        c->failed++;
        g_string_append_printf(c->failures, "run %u: %s\n", r->run, r->failure);
        fprintf(stderr, "factorysim: run %u failed: %s\n", r->run, r->failure);
    }
    if (!c->error)
        fs_h5_writer_append_run(c->w, fs_study_schema(c->study), r, &c->error);
    if (rows) {
        if (!c->error)
            fs_h5_writer_append_summary(c->w, fs_study_schema(c->study), rows, n_rows, &c->error);
        if (r->point == 0)
            g_array_append_vals(c->first_summary, rows, n_rows);
        for (guint h = 0; h < c->n_headline; h++)
            g_array_append_val(c->shown, rows[c->headline_k[h]]);
    }
    c->n_written++;
    if (!c->error && c->checkpoint_every && c->n_written % c->checkpoint_every == 0 && c->n_written < c->n_total)
        fs_h5_writer_checkpoint(c->w, fs_study_schema(c->study), c->n_written, c->n_total, c->failures->str,
                                c->failed, &c->error);
}

/* Loads the scenario (file or built-in default) and applies the options,
 * writing -r and --seed into the scenario so the stored text reproduces the
 * run exactly. */
static fs_scenario *load_scenario(const run_options *o, GError **error)
{
    const char *path = o->args && o->args[0] ? o->args[0] : NULL;
    fs_scenario *sc = path ? fs_scenario_load_file(path, error)
                           : fs_scenario_load_data(fs_build_default_scenario(), "default.ini (built in)",
                                                   fs_build_scenario_dir(), error);
    if (!sc)
        return NULL;
    for (int i = 0; o->sets && o->sets[i]; i++)
        if (!fs_scenario_set(sc, o->sets[i], error))
            goto fail;
    if (o->replications > 0) {
        g_autofree char *a = g_strdup_printf("simulation.replications=%d", o->replications);
        if (!fs_scenario_set(sc, a, error))
            goto fail;
    }
    if (o->seed) {
        g_autofree char *a = g_strdup_printf("simulation.seed=%s", o->seed);
        if (!fs_scenario_set(sc, a, error))
            goto fail;
    }
    return sc;
fail:
    fs_scenario_free(sc);
    return NULL;
}

/* The results file's name, before anything runs: not empty (an unset
 * shell variable), not a directory. */
static gboolean output_name_ok(const char *path)
{
    if (!*path) {
        fprintf(stderr, "factorysim run: -o '': the results file needs a name (an unset shell variable?)\n");
        return FALSE;
    }
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        fprintf(stderr, "factorysim run: -o %s is a directory; give a file name, e.g. -o %s/results.h5\n", path,
                path);
        return FALSE;
    }
    return TRUE;
}

/* Is path the file (device and inode, whatever its name) that out is? */
static gboolean same_file(const char *path, const GStatBuf *out)
{
    GStatBuf st;
    return g_stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == out->st_dev && st.st_ino == out->st_ino;
}


/* A name a scenario value may give to a file: the value itself, or what
 * follows file= in it (empirical(file=...)), resolved from the scenario. */
static gboolean names_file(const fs_scenario *sc, const char *group, const char *key, const char *value,
                           const GStatBuf *out)
{
    g_autofree char *whole = g_strstrip(g_strdup(value));
    g_autofree char *path = fs_scenario_path(sc, group, key, whole);
    if (same_file(path, out))
        return TRUE;
    const char *f = strstr(value, "file=");
    if (!f)
        return FALSE;
    g_autofree char *name = g_strndup(f + 5, strcspn(f + 5, ",) "));
    g_autofree char *named = fs_scenario_path(sc, group, key, name);
    return same_file(named, out);
}

/* -o must not name one of the run's inputs (the scenario, a file it
 * includes, a load, weather, trace or tariff file): it would be replaced
 * by the results. Compared by device and inode, so another name for the
 * same file (a link, ./x, a path from elsewhere) is caught too. */
static gboolean output_is_not_input(const run_options *o, const fs_scenario *sc, GError **error)
{
    GStatBuf out;
    if (g_stat(o->output, &out) != 0)
        return TRUE;  /* nothing there yet: no input either */
    const char *scenario = o->args && o->args[0] ? o->args[0] : NULL;
    const char *what = scenario && same_file(scenario, &out) ? "the scenario" : NULL;
    GKeyFile *kf = fs_scenario_keyfile(sc);
    g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
    g_autofree char *where = NULL;
    for (int g = 0; !what && groups[g]; g++) {
        g_auto(GStrv) keys = g_key_file_get_keys(kf, groups[g], NULL, NULL);
        for (int k = 0; !what && keys && keys[k]; k++) {
            g_autofree char *v = g_key_file_get_value(kf, groups[g], keys[k], NULL);
            if (v && names_file(sc, groups[g], keys[k], v, &out)) {
                where = g_strdup_printf("[%s] %s", groups[g], keys[k]);
                what = where;
            }
        }
    }
    if (!what)
        return TRUE;
    g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                "-o %s is an input of this run (%s); the results would replace it: name another file", o->output,
                what);
    return FALSE;
}

/* The data files a scenario names (a value, what follows file= in one, an
 * item of a [sweep] list) that exist as regular files, with the folder
 * each resolves from and its SHA-256: /inputs, which --resume checks. */
typedef struct {
    GPtrArray *group, *key, *dir, *path, *sha256;  /* char*, owned */
} input_files;

static void input_files_init(input_files *in)
{
    in->group = g_ptr_array_new_with_free_func(g_free);
    in->key = g_ptr_array_new_with_free_func(g_free);
    in->dir = g_ptr_array_new_with_free_func(g_free);
    in->path = g_ptr_array_new_with_free_func(g_free);
    in->sha256 = g_ptr_array_new_with_free_func(g_free);
}

static void input_files_clear(input_files *in)
{
    g_ptr_array_free(in->group, TRUE);
    g_ptr_array_free(in->key, TRUE);
    g_ptr_array_free(in->dir, TRUE);
    g_ptr_array_free(in->path, TRUE);
    g_ptr_array_free(in->sha256, TRUE);
}

/* SHA-256 of a file's bytes as hex, or NULL when it cannot be read.
 * Streamed through one small buffer: a weather year read whole first
 * cost more in fresh pages than the hash itself (issue 19). */
static char *file_sha256(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
    guchar buf[64 * 1024];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        g_checksum_update(sum, buf, (gssize)n);
    gboolean ok = !ferror(f);
    fclose(f);
    return ok ? g_strdup(g_checksum_get_string(sum)) : NULL;
}

static void add_input(input_files *in, const fs_scenario *sc, const char *group, const char *key, const char *name)
{
    g_autofree char *trimmed = g_strstrip(g_strdup(name));
    if (!*trimmed)
        return;
    g_autofree char *path = fs_scenario_path(sc, group, key, trimmed);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
        return;
    g_autofree char *abs = g_canonicalize_filename(path, NULL);
    for (guint i = 0; i < in->path->len; i++)
        if (strcmp(in->path->pdata[i], abs) == 0 && strcmp(in->key->pdata[i], key) == 0
            && strcmp(in->group->pdata[i], group) == 0)
            return;
    char *sha = file_sha256(abs);
    if (!sha)
        return;
    g_autofree char *dir = g_canonicalize_filename(fs_scenario_key_dir(sc, group, key), NULL);
    g_ptr_array_add(in->group, g_strdup(group));
    g_ptr_array_add(in->key, g_strdup(key));
    g_ptr_array_add(in->dir, g_steal_pointer(&dir));
    g_ptr_array_add(in->path, g_steal_pointer(&abs));
    g_ptr_array_add(in->sha256, sha);
}

static void collect_inputs(const fs_scenario *sc, input_files *in)
{
    GKeyFile *kf = fs_scenario_keyfile(sc);
    g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
    for (int g = 0; groups[g]; g++) {
        g_auto(GStrv) keys = g_key_file_get_keys(kf, groups[g], NULL, NULL);
        for (int k = 0; keys && keys[k]; k++) {
            g_autofree char *v = g_key_file_get_value(kf, groups[g], keys[k], NULL);
            if (!v)
                continue;
            add_input(in, sc, groups[g], keys[k], v);
            for (const char *f = strstr(v, "file="); f; f = strstr(f + 5, "file=")) {
                g_autofree char *name = g_strndup(f + 5, strcspn(f + 5, ",) "));
                add_input(in, sc, groups[g], keys[k], name);
            }
            if (strcmp(groups[g], "sweep") == 0) {
                g_auto(GStrv) items = g_strsplit(v, ",", -1);
                for (int i = 0; items[i]; i++)
                    add_input(in, sc, groups[g], keys[k], items[i]);
            }
        }
    }
}

/* --resume: every data file the interrupted run read is still the same
 * (by SHA-256), else the finished file would mix two inputs; each key
 * resolves from the folder it did then (an included file's own). */
static gboolean check_inputs(fs_h5_file *old, const char *file, fs_scenario *sc, GError **error)
{
    if (!fs_h5_file_has(old, "inputs"))
        return TRUE;  /* a file from before /inputs: nothing recorded to check */
    g_autoptr(fs_h5_table) t = fs_h5_table_read(old, "inputs", error);
    if (!t)
        return FALSE;
    const fs_h5_column *group = fs_h5_table_column(t, "group"), *key = fs_h5_table_column(t, "key"),
                       *dir = fs_h5_table_column(t, "dir"), *path = fs_h5_table_column(t, "path"),
                       *sha = fs_h5_table_column(t, "sha256");
    for (guint r = 0; r < t->n_rows; r++) {
        fs_scenario_set_key_dir(sc, group->str[r], key->str[r], dir->str[r]);
        g_autofree char *now = file_sha256(path->str[r]);
        if (!now || strcmp(now, sha->str[r]) != 0) {
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT,
                        "%s: [%s] %s: %s %s since the interrupted run read it (SHA-256 %.12s..., now %s%.12s%s): "
                        "resuming would mix two inputs; restore the file or run the study again", file,
                        group->str[r], key->str[r], path->str[r], now ? "changed" : "is gone", sha->str[r],
                        now ? "" : "unreadable", now ? now : "", now ? "..." : "");
            return FALSE;
        }
    }
    return TRUE;
}

/* KPIs that no run defines (a part the scenario lacks) are left out. */
static void print_summary(const fs_result_schema *schema, const fs_summary_row *rows, guint n)
{
    fs_report_row *r = g_new(fs_report_row, n ? n : 1);
    guint m = 0;
    for (guint i = 0; i < n; i++)
        if (rows[i].n > 0)
            r[m++] = (fs_report_row){schema->kpi[rows[i].kpi].name, schema->kpi[rows[i].kpi].unit,
                                     rows[i].mean, rows[i].half_width, rows[i].n};
    fs_report_summary(stdout, r, m);
    g_free(r);
}

/* KPIs worth a column in a sweep's per-point table: the first four the
 * study defines. */
/* The first four of these KPIs that the study's schema holds (it holds
 * the parts of its points, so a KPI of an absent part is not offered). */
static void pick_headline(consumer *c, const fs_result_schema *schema)
{
    static const char *const wanted[] = {"npv", "total_cost", "co2_location_kg", "self_sufficiency",
                                         "throughput_units", "energy_kwh", "mean_lead_time_s", NULL};
    for (int i = 0; wanted[i] && c->n_headline < 4; i++) {
        int k = fs_result_schema_kpi_index(schema, wanted[i]);
        if (k < 0)
            continue;
        c->headline[c->n_headline] = wanted[i];
        c->headline_k[c->n_headline++] = k;
    }
}

/* The swept values of a point, without parameter names. Caller owns. */
static char *point_values(const fs_study *st, guint point)
{
    const fs_sweep *sw = fs_study_sweep(st);
    GString *s = g_string_new(NULL);
    for (guint p = 0; sw && p < sw->params->len; p++)
        g_string_append_printf(s, "%s%s", p ? ", " : "", fs_sweep_value(sw, p, point));
    return g_string_free(s, FALSE);
}

static void print_points(const consumer *c, const fs_result_schema *schema, guint n_points)
{
    const fs_sweep *sw = fs_study_sweep(c->study);
    printf("values are");
    for (guint p = 0; sw && p < sw->params->len; p++)
        printf("%s %s", p ? "," : "", ((fs_sweep_param *)sw->params->pdata[p])->label);
    printf("\n\n%-5s  %-24s", "point", "values");
    for (guint h = 0; h < c->n_headline; h++)
        printf("  %24s", c->headline[h]);
    printf("\n");
    guint shown = MIN(n_points, 50);
    for (guint p = 0; p < shown && (p + 1) * c->n_headline <= c->shown->len; p++) {
        g_autofree char *label = point_values(c->study, p);
        printf("%-5u  %-24s", p, label);
        for (guint h = 0; h < c->n_headline; h++) {
            const fs_summary_row *row = &g_array_index(c->shown, fs_summary_row, p * c->n_headline + h);
            char cellv[64];
            if (isfinite(row->half_width))
                g_snprintf(cellv, sizeof cellv, "%.6g +/- %.3g", row->mean, row->half_width);
            else
                g_snprintf(cellv, sizeof cellv, "%.6g", row->mean);
            printf("  %24s", cellv);
        }
        printf("\n");
    }
    if (n_points > shown)
        printf("... %u more points: factorysim info FILE.h5, or read /summary\n", n_points - shown);
    (void)schema;
}

/* Rebuilds the study's consumption state from the runs an interrupted
 * file holds (the reference point for finance, a half-done point). */
static gboolean replay(fs_study *st, fs_h5_file *f, guint *n_done, GError **error)
{
    g_autoptr(fs_h5_table) kpi = fs_h5_table_read(f, "kpi", error);
    if (!kpi)
        return FALSE;
    const fs_result_schema *schema = fs_study_schema(st);
    const fs_h5_column *run = fs_h5_table_column(kpi, "run"), *pt = fs_h5_table_column(kpi, "point"),
                       *rep = fs_h5_table_column(kpi, "replication");
    for (guint i = 0; i < kpi->n_rows; i++) {
        fs_run_result r;
        fs_run_result_init(&r, schema);
        r.run = (guint)run->num[i];
        r.point = (guint)pt->num[i];
        r.replication = (guint)rep->num[i];
        gboolean any = FALSE;
        for (guint k = 0; k < schema->n_kpi; k++) {
            const fs_h5_column *c = fs_h5_table_column(kpi, schema->kpi[k].name);
            r.kpi[k] = c ? c->num[i] : NAN;
            any |= isfinite(r.kpi[k]);
        }
        r.failed = !any;
        guint n = 0;
        g_free(fs_study_consume(st, &r, &n));  /* summaries of whole points are in the file */
        fs_run_result_clear(&r);
    }
    *n_done = kpi->n_rows;
    return TRUE;
}

/* MPI: every rank builds the study; rank 0 alone writes and prints. Rank 0
 * tells the others whether it is ready, so a bad output stops every rank
 * instead of leaving them to send results nobody collects. */
static gboolean ranks_agree(int rank, int n_ranks, gboolean ok)
{
#ifdef FS_HAVE_MPI
    if (n_ranks > 1) {
        int flag = ok;
        MPI_Bcast(&flag, 1, MPI_INT, 0, MPI_COMM_WORLD);
        return flag;
    }
#endif
    (void)rank;
    (void)n_ranks;
    return ok;
}

/* --extend: a run of the longer study is the file's own when the file has
 * that replication, else simulated (re-entrant: h5_runs reads memory). */
typedef struct {
    const fs_h5_runs *old;
    const fs_study *study;
} extend_spec;

static gboolean extend_run(const void *spec, guint point, guint replication, uint64_t master_seed,
                           fs_run_result *out, GError **error)
{
    const extend_spec *e = spec;
    if (replication < fs_h5_runs_replications(e->old))
        return fs_h5_runs_get(e->old, point, replication, out, error);
    return fs_study_run(e->study, point, replication, master_seed, out, error);
}

/* One `run`, from its inputs to its printed summary; run_study's parts
 * share it. */
typedef struct {
    const run_options *o;
    const char *command_line;
    int rank, n_ranks;
    fs_scenario *sc;
    fs_h5_file *old;             /* the interrupted file, with --resume; the complete one, with --extend */
    fs_h5_runs *old_runs;        /* --extend: its runs, handed back instead of simulated */
    extend_spec extend;          /* --extend: the engine_run spec */
    char *detail, *scenario_dir, *engine;
    gboolean simgrid;
    fs_study *study;
    guint n_points, reps, n_runs, first_run;
    fs_h5_writer *w;             /* rank 0 */
    char *text;                  /* the resolved scenario */
    fs_precision_rule rule;      /* -r auto */
    fs_precision_outcome precise;/* -r auto: the stages' runs, replayed into the file */
    char *rule_text, *stop_text;
    gint64 stages_t0_us;         /* -r auto: when the stages began (the run's wall time counts them) */
    int stage_threads;
} run_job;

static void run_job_clear(run_job *j)
{
    fs_h5_runs_free(j->old_runs);
    fs_precision_outcome_clear(&j->precise);
    g_strfreev(j->rule.kpis);
    g_free(j->rule_text);
    g_free(j->stop_text);
    fs_study_free(j->study);
    fs_scenario_free(j->sc);
    fs_h5_file_close(j->old);
    g_free(j->detail);
    g_free(j->scenario_dir);
    g_free(j->engine);
    g_free(j->text);
}

/* --extend: the file was made by the native engine, and -r asks for more
 * replications than it has; the scenario then says -r, as `run -r N`'s
 * stored scenario does. */
static gboolean extend_inputs(run_job *j, GError **error)
{
    const run_options *o = j->o;
    g_autofree char *engine = fs_h5_file_attr(j->old, "engine");
    g_autofree char *reps_text = fs_h5_file_attr(j->old, "replications");
    guint64 reps = reps_text ? g_ascii_strtoull(reps_text, NULL, 10) : 0;
    if (g_strcmp0(engine, "native") != 0) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--extend %s: its runs were made by engine %s; --extend adds runs of the native engine only",
                    o->extend, engine ? engine : "(none recorded)");
        return FALSE;
    }
    if (o->replications <= 0 || (guint64)o->replications <= reps) {
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--extend %s -r %d: the file has %" G_GUINT64_FORMAT " replications per point; give -r N with N "
                    "above it", o->extend, o->replications, reps);
        return FALSE;
    }
    g_autofree char *set = g_strdup_printf("simulation.replications=%d", o->replications);
    return fs_scenario_set(j->sc, set, error);
}

/* The scenario: from the file or the built-in default with the options
 * applied, or, with --resume, the one the interrupted file stored (its
 * detail and engine too). */
static gboolean open_inputs(run_job *j, GError **error)
{
    const run_options *o = j->o;
    if (o->resume || o->extend) {
        const char *path = o->resume ? o->resume : o->extend;
        j->old = fs_h5_file_open(path, error);
        if (!j->old)
            return FALSE;
        g_autofree char *text = fs_h5_file_scenario(j->old);
        g_autofree char *name = fs_h5_file_attr(j->old, "scenario_name");
        j->scenario_dir = fs_h5_file_attr(j->old, "scenario_dir");
        if (!text || !j->scenario_dir) {
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT,
                        "%s was not written by a factorysim that can resume (no scenario_dir)", path);
            return FALSE;
        }
        g_autofree char *sampler = fs_h5_file_attr(j->old, "sampler_version");
        g_autofree char *this_sampler = g_strdup_printf("%d", FS_DIST_SAMPLER_VERSION);
        if (g_strcmp0(sampler, this_sampler) != 0) {
            g_set_error(error, FS_H5_ERROR, FS_H5_ERROR_FORMAT,
                        "%s: its runs were drawn by sampler version %s and this program draws by version %s "
                        "(sim/dist.h): the runs it added would not be the runs the study would have made; "
                        "run the study again", path, sampler ? sampler : "1 (no sampler_version attribute)",
                        this_sampler);
            return FALSE;
        }
        j->detail = fs_h5_file_attr(j->old, "detail");
        j->engine = fs_h5_file_attr(j->old, "engine");
        j->sc = fs_scenario_load_data(text, name ? name : path, j->scenario_dir, error);
        if (!j->sc || !check_inputs(j->old, path, j->sc, error))
            return FALSE;
        return !o->extend || extend_inputs(j, error);
    }
    j->detail = g_strdup(o->detail ? o->detail : "kpi");
    j->engine = g_strdup(o->engine ? o->engine : "native");
    j->sc = load_scenario(o, error);
    if (!j->sc || !output_is_not_input(o, j->sc, error))
        return FALSE;
    j->scenario_dir = g_strdup(fs_scenario_base_dir(j->sc));
    if (!g_path_is_absolute(j->scenario_dir)) {
        g_autofree char *cwd = g_get_current_dir();
        g_autofree char *abs = g_build_filename(cwd, j->scenario_dir, NULL);
        g_free(j->scenario_dir);
        j->scenario_dir = g_canonicalize_filename(abs, NULL);
    }
    return TRUE;
}

/* The study, and what the engine cannot run refused before any run. */
static gboolean make_study(run_job *j, GError **error)
{
    gboolean trace = j->detail && strstr(j->detail, "trace") != NULL;
    gboolean series = j->detail && strstr(j->detail, "series") != NULL;
    j->study = fs_study_new(j->sc, trace, series, error);
    if (!j->study)
        return FALSE;
    j->n_points = fs_study_n_points(j->study);
    j->reps = fs_study_replications(j->study);
    j->n_runs = j->n_points * j->reps;
    j->simgrid = j->engine && strcmp(j->engine, "simgrid") == 0;
    if (j->simgrid && j->n_ranks > 1) {  /* ranks would each need their own process pool; not built */
        g_set_error(error, FS_SCENARIO_ERROR, FS_SCENARIO_ERROR_INVALID,
                    "--engine simgrid runs on one MPI rank only (got %d); use mpirun -n 1", j->n_ranks);
        return FALSE;
    }
    for (guint p = 0; j->simgrid && p < j->n_points; p++) {
        g_autoptr(fs_plant_spec) ps = fs_study_point_spec(j->study, p, error);
        if (!ps || !fs_simgrid_check(ps, error))
            return FALSE;
    }
    if (j->o->extend) {  /* the file's runs come back as they are; the rest are simulated */
        j->old_runs = fs_h5_runs_read(j->old, j->o->extend, fs_study_schema(j->study), error);
        j->extend = (extend_spec){j->old_runs, j->study};
        return j->old_runs != NULL;
    }
    return !j->old || replay(j->study, j->old, &j->first_run, error);
}

/* Creates (or reopens) the output on rank 0 before any simulation time is
 * spent, so an unwritable place is reported first; every rank learns
 * whether it worked. Returns FS_EXIT_OK or the exit status to stop with. */
static int open_output(run_job *j)
{
    GError *error = NULL;
    if (j->rank == 0) {
        const run_options *o = j->o;
        if (!j->w)
            j->w = o->resume ? fs_h5_writer_resume(o->resume, &error) : fs_h5_writer_begin(o->output, &error);
        if (!j->w) {
            fprintf(stderr, "factorysim: %s\n", error->message);
            g_clear_error(&error);
        }
    }
    if (!ranks_agree(j->rank, j->n_ranks, j->rank != 0 || j->w != NULL))
        return FS_EXIT_USAGE;
    j->text = fs_scenario_to_data(j->sc);
    if (j->rank != 0 || j->o->resume)
        return FS_EXIT_OK;
    const fs_settings *s = fs_study_point0(j->study)->settings;
    /* /points: each point's swept values */
    const fs_sweep *sw = fs_study_sweep(j->study);
    guint np = sw ? sw->params->len : 0;
    g_autofree const char **labels = g_new0(const char *, np + 1);
    g_autofree const char **values = g_new0(const char *, (gsize)np * MAX(j->n_points, 1u) + 1);
    for (guint p = 0; p < np; p++) {
        labels[p] = ((fs_sweep_param *)sw->params->pdata[p])->label;
        for (guint i = 0; i < j->n_points; i++)
            values[(gsize)i * np + p] = fs_sweep_value(sw, p, i);
    }
    input_files in;
    input_files_init(&in);
    collect_inputs(j->sc, &in);
    fs_provenance prov = {
        .n_inputs = in.path->len, .input_group = (const char *const *)in.group->pdata,
        .input_key = (const char *const *)in.key->pdata, .input_dir = (const char *const *)in.dir->pdata,
        .input_path = (const char *const *)in.path->pdata, .input_sha256 = (const char *const *)in.sha256->pdata,
        .n_params = np, .param_labels = labels, .param_values = np ? values : NULL,
        .start_iso8601 = s->start_iso8601, .utc_offset_s = s->start.utc_offset_s,
        .program_version = fs_build_version(), .git_commit = fs_build_git_commit(),
        .command_line = j->command_line, .engine = j->simgrid ? "simgrid" : "native",
        .scenario_name = fs_scenario_display_name(j->sc), .scenario_text = j->text,
        .master_seed = fs_study_seed(j->study), .replications = j->reps, .n_points = j->n_points,
        .observed_s = s->horizon_s - s->warmup_s, .scenario_dir = j->scenario_dir, .detail = j->detail,
        .replications_rule = j->rule_text, .replications_stop = j->stop_text,
        .urdb_left_out = fs_study_point0(j->study)->site && fs_study_point0(j->study)->site->has_tariff
                             ? fs_study_point0(j->study)->site->tariff.urdb_left_out
                             : NULL,
    };
    gboolean written = fs_h5_writer_write_header(j->w, &prov, &error);
    input_files_clear(&in);
    if (written)
        return FS_EXIT_OK;
    fprintf(stderr, "factorysim: %s\n", error->message);
    g_error_free(error);
    fs_h5_writer_abort(j->w);
    j->w = NULL;
    return FS_EXIT_RUN_FAILED;
}

/* The SimGrid engine runs each run in a process of its own that reads the
 * resolved scenario from a temporary directory. */
typedef struct {
    char *dir, *scenario, *self_exe;  /* self_exe: factorysim-simgrid */
    fs_simgrid_spawn spawn;
} simgrid_runs;

static gboolean simgrid_prepare(run_job *j, simgrid_runs *sg)
{
    GError *error = NULL;
    sg->dir = g_dir_make_tmp("fs-sgrun-XXXXXX", &error);
    sg->scenario = sg->dir ? g_build_filename(sg->dir, "scenario.ini", NULL) : NULL;
    sg->self_exe = fs_simgrid_find_program();
    sg->spawn = (fs_simgrid_spawn){sg->self_exe, sg->scenario, j->scenario_dir, j->detail, j->o->trace,
                                   fs_study_schema(j->study)};
    if (sg->scenario && !sg->self_exe) {
        fprintf(stderr, "factorysim: --engine simgrid needs the program factorysim-simgrid beside factorysim "
                        "(it is built and installed with it)\n");
        return FALSE;
    }
    if (sg->scenario && g_file_set_contents(sg->scenario, j->text, -1, &error))
        return TRUE;
    fprintf(stderr, "factorysim: --engine simgrid: cannot prepare the runs%s%s\n", error ? ": " : "",
            error ? error->message : "");
    g_clear_error(&error);
    return FALSE;
}

static void simgrid_clear(simgrid_runs *sg)
{
    if (sg->scenario)
        g_unlink(sg->scenario);
    if (sg->dir)
        g_rmdir(sg->dir);
    g_free(sg->dir);
    g_free(sg->scenario);
    g_free(sg->self_exe);
}

/* Runs the study (the signal thread already taking SIGINT and SIGTERM on
 * rank 0); returns the runs done. */
static guint run_runs(run_job *j, consumer *c, const simgrid_runs *sg, progress_state *prog, int threads,
                      signal_state *sig)
{
    fs_study_run_options ro = {
        .threads = threads, .consume = consume, .consume_data = c,
        .progress = j->o->quiet || j->rank != 0 || j->o->auto_reps ? NULL : progress_line, .progress_data = prog,
        .stop = &sig->stop, .first_run = j->first_run, .rank = j->rank, .n_ranks = j->n_ranks,
        .engine_run = j->simgrid ? fs_simgrid_run_spawned : j->o->auto_reps ? fs_precision_replay
                      : j->o->extend ? extend_run : NULL,
        .engine_spec = j->simgrid ? (const void *)&sg->spawn : j->o->auto_reps ? (const void *)&j->precise
                       : j->o->extend ? (const void *)&j->extend : NULL,
    };
    guint n_done = fs_study_run_all(j->study, &ro);
    return n_done;
}

/* The footer, the rename into place, and the summary. */
static int finish(run_job *j, consumer *c, guint n_done, double wall_s, int threads)
{
    const run_options *o = j->o;
    const char *path = o->resume ? o->resume : o->output;
    const fs_result_schema *schema = fs_study_schema(j->study);
    GError *error = NULL;
    if (o->extend && n_done < j->n_runs) {
        /* a complete file is not replaced by an interrupted one */
        fs_h5_writer_abort(j->w);
        fprintf(stderr, "factorysim: interrupted: %s is left as it was (%u replications per point); nothing "
                        "added\n", path, fs_h5_runs_replications(j->old_runs));
        return FS_EXIT_RUN_FAILED;
    }
    fs_h5_writer_set_timing(j->w, wall_s, c->events);
    gboolean ok = !c->error && fs_h5_writer_write_footer(j->w, schema, n_done, j->n_runs, c->failures->str,
                                                         c->failed, &c->error);
    if (!ok) {
        fs_h5_writer_abort(j->w);
        fprintf(stderr, "factorysim: %s\n", c->error->message);
        return FS_EXIT_RUN_FAILED;
    }
    if (!fs_h5_writer_commit(j->w, &error)) {
        fprintf(stderr, "factorysim: %s\n", error->message);
        g_clear_error(&error);
        return FS_EXIT_RUN_FAILED;
    }
    int status = c->failed ? FS_EXIT_RUN_FAILED : FS_EXIT_OK;
    if (n_done < j->n_runs) {
        fprintf(stderr, "factorysim: interrupted: %u of %u runs are in %s; finish with "
                        "factorysim run --resume %s\n", n_done, j->n_runs, path, path);
        status = FS_EXIT_RUN_FAILED;
    }
    if (o->quiet)
        return status;
    printf("scenario  %s\n", fs_scenario_display_name(j->sc));
    printf("runs      %u of %u (%u points x %u replications, seed %" G_GUINT64_FORMAT "), %u failed, "
           "%.2f s on %d threads%s\n", n_done, j->n_runs, j->n_points, j->reps, fs_study_seed(j->study), c->failed,
           wall_s, threads, j->n_ranks > 1 ? " per rank" : "");
    if (j->n_ranks > 1)
        printf("ranks     %d (MPI)\n", j->n_ranks);
    printf("events    %" G_GUINT64_FORMAT " in %.3f s wall (%.3g events/s)\n", c->events, wall_s,
           wall_s > 0 ? (double)c->events / wall_s : 0.0);
    printf("results   %s\n\n", path);
    if (j->n_points == 1)
        print_summary(schema, (fs_summary_row *)c->first_summary->data, c->first_summary->len);
    else
        print_points(c, schema, j->n_points);
    return status;
}

static void *probe_thread(void *arg)
{
    return arg;
}

/* How many threads of the wanted can run at once (OpenMP's workers, the
 * signal thread and this one): under a memory limit libgomp fails to
 * create a worker and exits with no word about our temporary file, so the
 * workers and the signal thread are tried first, each a thread with the
 * default stack as libgomp makes them. */
static int threads_possible(int wanted)
{
    pthread_t *t = g_new(pthread_t, MAX(wanted, 1));
    int made = 0;
    while (made < wanted && pthread_create(&t[made], NULL, probe_thread, NULL) == 0)
        made++;
    for (int i = 0; i < made; i++)
        pthread_join(t[i], NULL);
    g_free(t);
    return MAX(made, 1);  /* one fewer than made (the signal thread's), this one included */
}

/* The threads to run on: -j, capped by the cores and by what can be made. */
static int run_threads(const run_job *j)
{
    int threads = j->o->threads > 0 ? j->o->threads : omp_get_num_procs();
    if (threads > omp_get_num_procs()) {  /* more threads than cores only slow a run; results are the same */
        if (j->rank == 0)
            fprintf(stderr, "factorysim: -j %d: this machine has %d cores; running %d threads (results do not "
                            "depend on it)\n", threads, omp_get_num_procs(), omp_get_num_procs());
        threads = omp_get_num_procs();
    }
    int possible = threads_possible(threads);
    if (possible < threads) {
        if (j->rank == 0)
            fprintf(stderr, "factorysim: only %d of %d threads can be created here (a memory or process limit?): "
                            "running %d (results do not depend on it)\n", possible, threads, possible);
        threads = possible;
    }
    return threads;
}

/* Runs (and writes) the study on this rank; rank 0 writes and prints. */
static int run_and_write(run_job *j)
{
    /* -r auto replays the stages' runs: one thread is plenty; the wall
     * time and threads reported are the stages' */
    int threads = j->o->auto_reps ? 1 : run_threads(j);
    progress_state prog = {j->o->auto_reps ? j->stages_t0_us : g_get_monotonic_time(), isatty(fileno(stderr)), 0};
    consumer c = {.study = j->study, .w = j->w, .failures = g_string_new(NULL), .n_points = j->n_points,
                  .shown = g_array_new(FALSE, FALSE, sizeof(fs_summary_row)),
                  .first_summary = g_array_new(FALSE, FALSE, sizeof(fs_summary_row)),
                  .checkpoint_every = (guint)MAX(j->o->checkpoint, 0), .n_written = j->first_run,
                  .n_total = j->n_runs};
    pick_headline(&c, fs_study_schema(j->study));
    simgrid_runs sg = {0};
    int status;
    if (j->simgrid && !simgrid_prepare(j, &sg)) {
        fs_h5_writer_abort(j->w);
        status = FS_EXIT_RUN_FAILED;
    } else {
        signal_state sig = {0};
        if (j->w)
            g_strlcpy(sig.tmp_path, fs_h5_writer_temp_path(j->w), sizeof sig.tmp_path);
        if (j->rank == 0)  /* other MPI ranks leave signals to the launcher */
            signals_begin(&sig);
        guint n_done = run_runs(j, &c, &sg, &prog, threads, &sig);
        double wall_s = (double)(g_get_monotonic_time() - prog.t0_us) / 1e6;
        status = j->rank == 0 ? finish(j, &c, n_done, wall_s, j->o->auto_reps ? j->stage_threads : threads) : FS_EXIT_OK;
        /* stopped by Ctrl-C or SIGTERM with the finished runs kept: 128 + the signal, as a shell reports it */
        if (status == FS_EXIT_RUN_FAILED && g_atomic_int_get(&sig.signo) && n_done < j->n_runs && !c.failed && !c.error)
            status = 128 + g_atomic_int_get(&sig.signo);
        signals_end(&sig);  /* only now: the file is committed (or aborted) */
    }
    simgrid_clear(&sg);
    g_clear_error(&c.error);
    g_string_free(c.failures, TRUE);
    g_array_free(c.shown, TRUE);
    g_array_free(c.first_summary, TRUE);
    return status;
}

/* --precision REL[:KPI,...] and --max-replications into rule; FALSE after
 * saying what is wrong. */
static gboolean precision_rule(const run_options *o, fs_precision_rule *rule)
{
    *rule = (fs_precision_rule){.first = 10, .max_replications = o->max_replications > 0 ? (guint)o->max_replications : 1000};
    g_auto(GStrv) parts = g_strsplit(o->precision, ":", 2);
    char *end = NULL;
    rule->rel = parts[0] ? g_ascii_strtod(parts[0], &end) : NAN;
    if (!parts[0] || !*parts[0] || *end || !(rule->rel > 0.0 && rule->rel < 1.0)) {
        fprintf(stderr, "factorysim run: --precision %s: give the relative half-width above 0 and below 1, then "
                        "optionally :KPI,KPI (e.g. 0.01:total_cost)\n", o->precision);
        return FALSE;
    }
    if (parts[1]) {
        rule->kpis = g_strsplit(parts[1], ",", -1);
        for (guint i = 0; rule->kpis[i]; i++)
            g_strstrip(rule->kpis[i]);
    }
    if (rule->max_replications < rule->first) {
        fprintf(stderr, "factorysim run: --max-replications %u: at least %u (the first stage)\n",
                rule->max_replications, rule->first);
        return FALSE;
    }
    return TRUE;
}

/* -r auto: a line per stage on stderr. */
static void stage_line(guint stage, guint replications, double worst_rel, const char *where, guint next, void *data)
{
    (void)data;
    if (next)
        fprintf(stderr, "factorysim: -r auto: stage %u, %u replications per point: worst 95%% half-width %.3g%% of "
                        "the mean (%s); next stage to %u\n", stage, replications, worst_rel * 100.0, where, next);
    else
        fprintf(stderr, "factorysim: -r auto: stage %u, %u replications per point: worst 95%% half-width %.3g%% of "
                        "the mean (%s)\n", stage, replications, worst_rel * 100.0, where);
}

/* -r auto: the output is made first (an unwritable place is said before
 * any simulation), then the stages run until every KPI is precise, then the
 * study is made again with the replications they stopped at (the stored
 * scenario reproduces the file with -r N), and open_output writes the rest. */
static int run_stages(run_job *j)
{
    GError *error = NULL;
    if (j->n_ranks > 1 || j->simgrid) {
        if (j->rank == 0)
            fprintf(stderr, "factorysim: -r auto runs on the native engine in one process (not with MPI ranks or "
                            "--engine simgrid): give -r N there\n");
        return FS_EXIT_USAGE;
    }
    if (!fs_precision_rule_check(&j->rule, fs_study_schema(j->study), &error)) {
        fprintf(stderr, "factorysim: %s\n", error->message);
        g_error_free(error);
        return FS_EXIT_USAGE;
    }
    j->w = fs_h5_writer_begin(j->o->output, &error);
    if (!j->w) {
        fprintf(stderr, "factorysim: %s\n", error->message);
        g_error_free(error);
        return FS_EXIT_USAGE;
    }
    signal_state sig = {0};
    g_strlcpy(sig.tmp_path, fs_h5_writer_temp_path(j->w), sizeof sig.tmp_path);
    signals_begin(&sig);
    j->stages_t0_us = g_get_monotonic_time();
    j->stage_threads = run_threads(j);
    gboolean ok = fs_precision_run(j->study, &j->rule, j->stage_threads, &sig.stop, j->o->quiet ? NULL : stage_line,
                                   NULL, &j->precise, &error);
    int signo = g_atomic_int_get(&sig.signo);
    signals_end(&sig);
    if (!ok || j->precise.stop == FS_PRECISION_STOPPED) {
        fs_h5_writer_abort(j->w);
        j->w = NULL;
        if (!ok) {
            fprintf(stderr, "factorysim: %s\n", error->message);
            g_error_free(error);
            return FS_EXIT_RUN_FAILED;
        }
        fprintf(stderr, "factorysim: interrupted while choosing the replications (-r auto): nothing written\n");
        return 128 + (signo ? signo : SIGINT);
    }
    j->rule_text = fs_precision_rule_text(&j->rule);
    j->stop_text = fs_precision_outcome_text(&j->precise);
    if (!j->o->quiet)
        printf("replications %u (-r auto: %s)\n", j->precise.replications, j->stop_text);
    g_autofree char *set = g_strdup_printf("simulation.replications=%u", j->precise.replications);
    fs_study_free(j->study);
    j->study = NULL;
    if (!fs_scenario_set(j->sc, set, &error) || !make_study(j, &error)) {
        fprintf(stderr, "factorysim: %s\n", error->message);
        g_error_free(error);
        fs_h5_writer_abort(j->w);
        j->w = NULL;
        return FS_EXIT_RUN_FAILED;
    }
    /* the stages kept the same schema: the replay hands their runs back */
    j->precise.schema = fs_study_schema(j->study);
    return FS_EXIT_OK;
}

static int run_study(const run_options *o, const char *command_line)
{
    run_job j = {.o = o, .command_line = command_line, .rank = 0, .n_ranks = 1};
#ifdef FS_HAVE_MPI
    MPI_Comm_rank(MPI_COMM_WORLD, &j.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &j.n_ranks);
#endif
    GError *error = NULL;
    int status;
    if (o->auto_reps && !precision_rule(o, &j.rule))
        return FS_EXIT_USAGE;
    if (o->extend && j.n_ranks > 1) {
        if (j.rank == 0)
            fprintf(stderr, "factorysim: --extend runs in one process (not with MPI ranks)\n");
        return FS_EXIT_USAGE;
    }
    if (!open_inputs(&j, &error) || !make_study(&j, &error)) {
        if (j.rank == 0)
            fprintf(stderr, "factorysim: %s\n", error->message);
        g_error_free(error);
        status = FS_EXIT_USAGE;
    } else if (j.old && j.first_run >= j.n_runs) {
        if (j.rank == 0)
            printf("%s is complete: %u of %u runs; nothing to resume\n", o->resume, j.first_run, j.n_runs);
        status = FS_EXIT_OK;
    } else if (o->auto_reps && (status = run_stages(&j)) != FS_EXIT_OK) {
        /* said */
    } else if ((status = open_output(&j)) == FS_EXIT_OK) {
        status = run_and_write(&j);
    }
    run_job_clear(&j);
    return status;
}

int fs__cli_run_extend(const char *path, unsigned replications, int threads, const char *command_line)
{
    run_options o = {.extend = g_strdup(path), .output = g_strdup(path), .replications = (gint)replications,
                     .threads = threads, .quiet = TRUE};
    int status = run_study(&o, command_line);
    g_free(o.extend);
    g_free(o.output);
    return status;
}

/* --detail values (each may be a comma list) -> "kpi", "trace", "series"
 * or "trace,series"; FALSE with a message on a value that is none. */
static gboolean detail_parse(char **details, char **out)
{
    gboolean trace = FALSE, series = FALSE, any = FALSE;
    for (guint i = 0; details && details[i]; i++) {
        g_auto(GStrv) parts = g_strsplit(details[i], ",", -1);
        for (guint k = 0; parts[k]; k++) {
            const char *v = g_strstrip(parts[k]);
            any = TRUE;
            if (strcmp(v, "trace") == 0)
                trace = TRUE;
            else if (strcmp(v, "series") == 0)
                series = TRUE;
            else if (strcmp(v, "kpi") != 0) {
                fprintf(stderr, "factorysim run: --detail %s: must be kpi, trace or series (repeat it for more than "
                        "one)\n", v);
                return FALSE;
            }
        }
    }
    *out = !any ? NULL : trace && series ? g_strdup("trace,series") : trace ? g_strdup("trace")
                                         : series ? g_strdup("series") : g_strdup("kpi");
    return TRUE;
}

int fs_cli_run(int argc, char **argv, const char *command_line)
{
    run_options o = {.output = NULL, .replications = -1, .threads = -1, .seed = NULL, .max_replications = 0};
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "Results file (default results.h5)", "FILE.h5"},
        {"replications", 'r', 0, G_OPTION_ARG_STRING, &o.replications_text,
         "Replications per point (overrides the scenario), or auto: until --precision holds", "N|auto"},
        {"precision", 0, 0, G_OPTION_ARG_STRING, &o.precision,
         "With -r auto: stop when every point's 95% CI half-width is at most REL x |mean| for each KPI named "
         "(default: every KPI)", "REL[:KPI,...]"},
        {"max-replications", 0, 0, G_OPTION_ARG_INT, &o.max_replications,
         "With -r auto: never more than N replications per point (default 1000)", "N"},
        {"threads", 'j', 0, G_OPTION_ARG_INT, &o.threads, "Threads (default: all cores)", "N"},
        {"seed", 0, 0, G_OPTION_ARG_STRING, &o.seed, "Master seed, a whole number >= 0 (overrides the scenario)", "N"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.sets, "Override a scenario key; repeatable", "GROUP.KEY=VALUE"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "Print nothing but errors", NULL},
        {"resume", 0, 0, G_OPTION_ARG_FILENAME, &o.resume,
         "Finish an interrupted results file (the same file an uninterrupted run gives)", "FILE.h5"},
        {"extend", 0, 0, G_OPTION_ARG_FILENAME, &o.extend,
         "Give a complete results file more replications: with -r N (more than it has), the file becomes the one "
         "`run -r N` of its scenario writes; its runs are read back, not simulated again, and it is replaced only "
         "when the new one is complete", "FILE.h5"},
        {"checkpoint", 0, 0, G_OPTION_ARG_INT, &o.checkpoint,
         "Every N finished runs, make the results file a valid (interrupted) file that --resume can "
         "finish, so a killed or crashed sweep loses only the runs in progress", "N"},
        {"replace", 0, 0, G_OPTION_ARG_NONE, &o.replace,
         "With --checkpoint: let the first checkpoint replace an existing results file of that name (without "
         "it, an existing file is refused: it would be gone before the new one is complete)", NULL},
        {"engine", 0, 0, G_OPTION_ARG_STRING, &o.engine,
         "native (the default) or simgrid: run the floor on SimGrid's engine and energy plugin, one process per "
         "run, and fail any run whose energy differs from the native meters by more than 1e-6", "ENGINE"},
        {"trace", 0, 0, G_OPTION_ARG_FILENAME, &o.trace,
         "With --engine simgrid: write SimGrid's Paje trace of every run to PREFIX.runN.trace", "PREFIX"},
        {"detail", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.details,
         "What each run stores beside the tables: trace (every machine state change), series (a row per "
         "billing interval of the site); repeat it, or trace,series, for both; kpi: tables only (the default)",
         "LEVEL"},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.args, NULL, "[SCENARIO.ini]"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- run a scenario");
    g_option_context_set_summary(ctx,
        "Runs every replication of the scenario (the built-in default scenario when none is\n"
        "given) in parallel, writes the results to an HDF5 file and prints the KPI summary\n"
        "with 95% confidence intervals.\n\n"
        "Example: factorysim run scenarios/mm1.ini -r 20 --set 'station queue.servers=2'");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *error = NULL;
    int status;
    gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &error);
    gint64 reps = -1;
    if (parsed && o.replications_text) {
        o.auto_reps = g_str_equal(o.replications_text, "auto");
        if (!o.auto_reps && !g_ascii_string_to_signed(o.replications_text, 10, 1, G_MAXINT, &reps, NULL))
            reps = 0;  /* said below */
        o.replications = o.auto_reps ? -1 : (gint)reps;
    }
    if (!parsed) {
        fprintf(stderr, "factorysim run: %s (see factorysim run --help)\n", error->message);
        g_error_free(error);
        status = FS_EXIT_USAGE;
    } else if (o.replications_text && !o.auto_reps && reps < 1) {
        fprintf(stderr, "factorysim run: -r %s: replications must be a whole number >= 1, or auto\n",
                o.replications_text);
        status = FS_EXIT_USAGE;
    } else if (o.auto_reps != (o.precision != NULL)) {
        fprintf(stderr, o.auto_reps ? "factorysim run: -r auto needs --precision REL[:KPI,...] (e.g. --precision "
                                      "0.01:total_cost)\n"
                                    : "factorysim run: --precision goes with -r auto\n");
        status = FS_EXIT_USAGE;
    } else if (o.max_replications && !o.auto_reps) {
        fprintf(stderr, "factorysim run: --max-replications goes with -r auto\n");
        status = FS_EXIT_USAGE;
    } else if (o.max_replications < 0) {
        fprintf(stderr, "factorysim run: --max-replications %d: a whole number >= 10\n", o.max_replications);
        status = FS_EXIT_USAGE;
    } else if (o.resume && ((o.args && o.args[0]) || o.output || o.sets || o.replications_text || o.seed || o.details)) {
        fprintf(stderr, "factorysim run: --resume takes the file alone (and -j, -q, --checkpoint): its scenario and options are in it\n");
        status = FS_EXIT_USAGE;
    } else if (o.extend && (o.resume || (o.args && o.args[0]) || o.output || o.sets || o.seed || o.details ||
                            o.checkpoint || o.engine || o.auto_reps || o.replications < 1)) {
        fprintf(stderr, "factorysim run: --extend FILE.h5 takes -r N (and -j, -q): the rest is in the file\n");
        status = FS_EXIT_USAGE;
    } else if (o.args && o.args[0] && o.args[1]) {
        fprintf(stderr, "factorysim run: one scenario at a time (got '%s' and '%s')\n", o.args[0], o.args[1]);
        status = FS_EXIT_USAGE;
    } else if (o.replications == 0 || o.replications < -1) {
        fprintf(stderr, "factorysim run: -r %d: replications must be a whole number >= 1\n", o.replications);
        status = FS_EXIT_USAGE;
    } else if (o.engine && strcmp(o.engine, "native") != 0 && strcmp(o.engine, "simgrid") != 0) {
        fprintf(stderr, "factorysim run: --engine %s: must be native or simgrid\n", o.engine);
        status = FS_EXIT_USAGE;
    } else if (o.trace && !(o.engine && strcmp(o.engine, "simgrid") == 0)) {
        fprintf(stderr, "factorysim run: --trace writes SimGrid's trace: it needs --engine simgrid\n");
        status = FS_EXIT_USAGE;
    } else if (o.checkpoint < 0) {
        fprintf(stderr, "factorysim run: --checkpoint %d: must be a number of runs >= 1 (or 0 for none)\n",
                o.checkpoint);
        status = FS_EXIT_USAGE;
    } else if (o.replace && (o.checkpoint <= 0 || o.resume)) {
        fprintf(stderr, "factorysim run: --replace goes with --checkpoint N on a new run: without checkpoints an "
                "existing file is replaced only when the new one is complete\n");
        status = FS_EXIT_USAGE;
    } else if (o.threads == 0 || o.threads < -1) {
        fprintf(stderr, "factorysim run: -j %d: threads must be a whole number >= 1\n", o.threads);
        status = FS_EXIT_USAGE;
    } else if (o.seed && !g_ascii_string_to_unsigned(o.seed, 10, 0, G_MAXINT64, NULL, NULL)) {
        fprintf(stderr, "factorysim run: --seed %s: the seed must be a whole number from 0 to %" G_GINT64_FORMAT "\n",
                o.seed, G_MAXINT64);
        status = FS_EXIT_USAGE;
    } else if (!detail_parse(o.details, &o.detail)) {
        status = FS_EXIT_USAGE;
    } else {
        if (o.extend)
            o.output = g_strdup(o.extend);  /* written again, under a temporary name until complete */
        if (!o.output)
            o.output = g_strdup("results.h5");
        if (!o.resume && !output_name_ok(o.output)) {
            status = FS_EXIT_USAGE;
        } else if (!o.resume && o.checkpoint > 0 && !o.replace && g_file_test(o.output, G_FILE_TEST_EXISTS)) {
            /* the first checkpoint is renamed over FILE: a good file would be
             * gone before the new one is complete */
            fprintf(stderr, "factorysim run: -o %s exists, and --checkpoint would replace it with the first "
                    "checkpoint, before the new results are complete: name another file, remove it, or add "
                    "--replace\n", o.output);
            status = FS_EXIT_USAGE;
        } else {
            status = run_study(&o, command_line);
        }
    }
    g_free(o.output);
    g_free(o.replications_text);
    g_free(o.precision);
    g_free(o.seed);
    g_free(o.detail);
    g_strfreev(o.details);
    g_free(o.resume);
    g_free(o.extend);
    g_free(o.engine);
    g_free(o.trace);
    g_strfreev(o.sets);
    g_strfreev(o.args);
    return status;
}
