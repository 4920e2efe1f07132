/* precision.h: replications until precise (`factorysim run -r auto`).
 *
 * A sequential procedure (Law, Simulation Modeling and Analysis, 5th ed.,
 * section 9.4.1, the relative-precision rule): run replications in stages,
 * and stop when, at every point of the study, every named KPI's 95%
 * Student-t confidence half-width (as /summary computes it) is at most
 * rel x |mean|. After a stage that falls short, the next stage goes to the
 * count the textbook formula projects from the estimates so far, n x
 * (half-width / (rel x |mean|))^2, for the worst KPI and point (at least
 * one more replication), never beyond max_replications.
 *
 * Every point runs the same replications, so points stay paired under
 * common random numbers (compare, select); the stop is when the last point
 * is precise. The stages depend only on the results, which depend only on
 * (point, replication, seed), never on threads or timing: the file is
 * bit-identical for any thread count, and identical to `-r N` with the N
 * the procedure stopped at.
 *
 * The runs are kept packed in memory (sim/result.h) and handed back, in the
 * study's order, by fs_precision_replay, so the results file is written by
 * the usual path from runs that are not simulated twice.
 */
#ifndef FS_PRECISION_H
#define FS_PRECISION_H

#include <glib.h>

#include "study/study.h"

typedef struct {
    double rel;                /* the target, in (0, 1) */
    char **kpis;               /* KPI names; NULL: every KPI with a finite value in some run */
    guint first;               /* replications of the first stage, >= 2 */
    guint max_replications;    /* >= first */
} fs_precision_rule;

typedef enum {
    FS_PRECISION_PRECISE,      /* every KPI of every point met the target */
    FS_PRECISION_MAX,          /* max_replications reached first */
    FS_PRECISION_STOPPED,      /* interrupted (a signal) */
} fs_precision_stop;

typedef struct {
    guint replications;        /* every point's, at the stop */
    fs_precision_stop stop;
    GArray *stages;            /* guint: the replications after each stage */
    double worst_rel;          /* the largest relative half-width at the stop */
    char *worst;               /* where: "point 2, total_cost" */
    guint n_points;
    const fs_result_schema *schema;  /* borrowed from the study */
    GByteArray **packed;       /* per point: replications 0.. in order */
    GArray **offsets;          /* per point: gsize offset of each replication in packed */
} fs_precision_outcome;

/* Checks the rule against the study's KPIs (names exist; numbers in range):
 * an error naming the option and what is allowed. */
gboolean fs_precision_rule_check(const fs_precision_rule *rule, const fs_result_schema *schema, GError **error);

/* After each stage: its number (from 1), the replications per point so
 * far, the worst relative half-width and where, and the next stage's
 * replications (0: the procedure stops). */
typedef void (*fs_precision_stage_fn)(guint stage, guint replications, double worst_rel, const char *where,
                                      guint next, void *data);

/* Runs the stages on threads threads; stop (may be NULL) interrupts
 * between and inside stages; on_stage (may be NULL) hears of each. FALSE
 * only on an error; an interruption returns TRUE with out->stop =
 * FS_PRECISION_STOPPED. */
gboolean fs_precision_run(fs_study *st, const fs_precision_rule *rule, int threads, volatile gint *stop,
                          fs_precision_stage_fn on_stage, void *stage_data, fs_precision_outcome *out,
                          GError **error);
void fs_precision_outcome_clear(fs_precision_outcome *o);

/* "precise", "max_replications", "interrupted". */
const char *fs_precision_stop_name(fs_precision_stop s);
/* The rule in words, for the file: "95% CI half-width <= 1% of |mean| for
 * total_cost, energy_kwh at every point; stages from 10; at most 1000". */
char *fs_precision_rule_text(const fs_precision_rule *rule);
/* Why it stopped, for the file: "precise after stages 10, 37 (worst 0.98%:
 * point 0, total_cost)". */
char *fs_precision_outcome_text(const fs_precision_outcome *o);

/* A fs_runner_run_fn handing back the stored run (point, replication);
 * spec is the outcome. A stored failure fails again with its message. */
gboolean fs_precision_replay(const void *outcome, guint point, guint replication, uint64_t master_seed,
                             fs_run_result *out, GError **error);

#endif /* FS_PRECISION_H */
