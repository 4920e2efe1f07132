/* result.h: what one run hands back, and the schema that names it.
 *
 * The engine and output know results only through this: a KPI vector per
 * run (one double per fs_column of the schema's kpi list) and, per entity
 * table (stations, later machines), rows of a label plus doubles. Models
 * declare the schema as static const tables; runs fill fs_run_result.
 */
#ifndef FS_RESULT_H
#define FS_RESULT_H

#include <glib.h>

typedef struct {
    const char *name;  /* column name, e.g. "mean_lead_time_s" */
    const char *unit;  /* e.g. "s", "units", "1" for dimensionless */
    const char *doc;   /* one line for output/SCHEMA.md and `info` */
} fs_column;

typedef struct {
    const char *name;       /* dataset name, e.g. "stations" */
    const char *key;        /* label column name, e.g. "station" */
    guint n_cols;
    const fs_column *cols;
} fs_table_schema;

typedef struct {
    guint n_kpi;
    const fs_column *kpi;
    guint n_tables;
    const fs_table_schema *tables;
    guint n_logs;                 /* per-run logs, e.g. a state trace; each */
    const fs_table_schema *logs;  /* is written as /NAME/run_NNNNN */
} fs_result_schema;

typedef struct {
    GPtrArray *labels;  /* char*, owned */
    GArray *values;     /* double, n_cols per row, row-major */
} fs_table_rows;

typedef struct {
    guint run, point, replication;
    gboolean failed;
    char *failure;          /* why, when failed; owned */
    double *kpi;            /* n_kpi values (NaN where undefined); owned */
    fs_table_rows *tables;  /* n_tables; owned */
    guint n_tables;
    guint64 n_events;       /* events the run fired */
    GArray **logs;          /* n_logs arrays of doubles, row-major, or NULL
                               where not recorded; owned */
    guint n_logs;
} fs_run_result;

void fs_run_result_init(fs_run_result *r, const fs_result_schema *schema);
void fs_run_result_clear(fs_run_result *r);
/* Appends a row labelled label to table t; returns its n_cols values to fill. */
double *fs_run_result_add_row(fs_run_result *r, const fs_result_schema *schema, guint t,
                              const char *label);
/* Serialises r (for MPI): appends it to out. */
void fs_run_result_pack(const fs_run_result *r, const fs_result_schema *schema, GByteArray *out);
/* Reads one packed result at *p (advanced past it) into r, initialised
 * with the same schema. FALSE when the bytes run out (a corrupt message). */
gboolean fs_run_result_unpack(fs_run_result *r, const fs_result_schema *schema, const guint8 **p, const guint8 *end);

/* One KPI of one point over its replications (the runner computes them,
 * the writer stores them as /summary). */
typedef struct {
    guint point;
    guint kpi;           /* index into schema->kpi */
    double mean;
    double half_width;   /* 95% Student-t; NaN when n < 2 */
    double sd;
    guint n;             /* finite values from runs that did not fail */
} fs_summary_row;

/* Index of a KPI by name, or -1. */
int fs_result_schema_kpi_index(const fs_result_schema *schema, const char *name);

#endif /* FS_RESULT_H */
