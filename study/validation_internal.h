/* validation_internal.h: what the validation cases share (validation.c,
 * validation_queueing.c, validation_models.c). Internal to study/. */
#ifndef FS_VALIDATION_INTERNAL_H
#define FS_VALIDATION_INTERNAL_H

#include "models/floor/floor.h"
#include "study/plant.h"
#include "study/validation.h"

#define MAX_REL_WIDTH 0.10   /* a 99% CI wider than 10% of the answer proves nothing */
#define LITTLE_REL_TOL 0.01  /* Little's law: edge effects over 180,000 s are far below 1% */

typedef struct {
    const fs_floor_spec *spec;
    fs_run_result *results;
    guint n;
    GPtrArray *lines;
    const char *name;
    const fs_validation_engine *second_engine;  /* borrowed; may be NULL */
} case_ctx;

typedef struct {
    const char *name;
    const char *text;
    void (*checks)(case_ctx *c);
} fs__validation_case;

/* The cases of each file. Static tables. */
const fs__validation_case *fs__validation_queueing_cases(guint *n);  /* validation_queueing.c */
const fs__validation_case *fs__validation_model_cases(guint *n);     /* validation_models.c */
const fs__validation_case *fs__validation_tariff_cases(guint *n);    /* validation_tariffs.c */
const fs__validation_case *fs__validation_instance_cases(guint *n);   /* validation_instances.c */

/* Runs text (a plant scenario; base: where its files are) once, seed
 * of the scenario; NULL after a failure line. The caller clears r and
 * frees the spec. */
fs_plant_spec *fs__validation_run_plant(case_ctx *c, const char *text, const char *base, fs_run_result *r);
double fs__validation_plant_kpi(const fs_plant_spec *p, const fs_run_result *r, const char *name);

/* A line of the report; pass: whether the check passed. */
void fs__validation_add_line(case_ctx *c, const char *check, double expected, double got, double tol, gboolean pass);
/* expected inside the 99% CI of x[0..n) and that CI narrower than
 * MAX_REL_WIDTH of expected. */
void fs__validation_check_ci(case_ctx *c, const char *check, const double *x, guint n, double expected);
int fs__validation_station_index(const fs_floor_spec *spec, const char *name);
/* The floor's table t (0 stations, 1 machines), and a stations column. */
const fs_table_schema *fs__validation_floor_table(guint t);
int fs__validation_station_col(const char *col);
/* A station column's value per replication into x[0..c->n). */
void fs__validation_station_values(case_ctx *c, const char *station, const char *col, double *x);
void fs__validation_check_station(case_ctx *c, const char *station, const char *col, const char *label,
                                  double expected);
void fs__validation_check_kpi(case_ctx *c, const char *kpi, double scale, double expected);
/* Little's law at every station, to LITTLE_REL_TOL. */
void fs__validation_check_little(case_ctx *c);

#endif /* FS_VALIDATION_INTERNAL_H */
