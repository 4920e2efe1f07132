/* result.h: what one run hands back, and the schema that names it.
 *
 * The engine and output know results only through this: a KPI vector per
 * run (one double per fs_column of the schema's kpi list) and, per entity
 * table (stations, machines, bills), rows of a label plus doubles.
 *
 * KPIs come in parts. Each part of a model that reports KPIs (the floor,
 * its scheduler, its return loop, the site, its tariff, battery, ...)
 * declares its columns once, as a static fs_kpi_part in its own module,
 * and alone fills them, in its own order, through
 * fs_run_result_kpi_part(). A schema (fs_result_schema_new) holds the
 * parts that are present, one after the other, so a run's /kpi has the
 * columns of its parts and no others, and no module knows where another
 * part's columns sit.
 */
#ifndef FS_RESULT_H
#define FS_RESULT_H

#include <glib.h>

typedef struct {
    const char *name;  /* column name, e.g. "mean_lead_time_s" */
    const char *unit;  /* e.g. "s", "units", "1" for dimensionless */
    const char *doc;   /* one line for output/SCHEMA.md and `info` */
} fs_column;

/* A code column of a log that the file also names in words: the writer
 * writes the code as an integer and adds name_column beside it, from names
 * (by code) or, when names is NULL, from the key of the code's row in the
 * run's table rows_of (the trace's machine index -> the machine's name). */
typedef struct {
    const char *column;         /* e.g. "state" */
    const char *name_column;    /* e.g. "state_name" */
    const char *const *names;   /* n_names names by code, or NULL */
    const char *rows_of;        /* e.g. "machines", when names is NULL */
    guint n_names;
} fs_log_label;

typedef struct {
    const char *name;       /* dataset name, e.g. "stations" */
    const char *key;        /* label column name, e.g. "station" */
    guint n_cols;
    guint n_labels;               /* logs only: code columns named in words */
    const fs_column *cols;
    /* logs only: */
    const char *time_from;        /* a column of seconds since the start: the
                                     writer adds "time", local ISO 8601 */
    const fs_log_label *labels;
} fs_table_schema;

/* The KPI columns of one part, declared by the part (static). */
typedef struct {
    const char *name;       /* e.g. "returns" */
    guint n_cols;
    const fs_column *cols;  /* in the order the part fills them */
} fs_kpi_part;

typedef struct {
    guint n_kpi;
    const fs_column *kpi;   /* the parts' columns, part after part */
    guint n_parts;
    const fs_kpi_part *const *parts;
    const guint *part_offset;  /* where each part's columns start in kpi */
    void *owner;               /* set by fs_result_schema_new (reference
                                  counted); NULL for a static schema */
    guint n_tables;
    const fs_table_schema *tables;
    guint n_logs;                 /* per-run logs, e.g. a state trace: all */
    const fs_table_schema *logs;  /* runs in one table /NAME keyed by run */
} fs_result_schema;

typedef struct {
    GPtrArray *labels;  /* char*, owned */
    GArray *values;     /* double, n_cols per row, row-major */
} fs_table_rows;

typedef struct {
    const fs_result_schema *schema;  /* borrowed: what the run was made for */
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

/* A schema of the given parts (in that order; a part given twice counts
 * once), tables and logs. The columns are copied; tables and logs are
 * borrowed and must outlive it. Reference counted: each run result made
 * for it holds a reference (fs_run_result_init .. _clear), so results may
 * outlive the spec that made the schema. Caller owns one reference:
 * fs_result_schema_free drops it. */
fs_result_schema *fs_result_schema_new(const fs_kpi_part *const *parts, guint n_parts,
                                       const fs_table_schema *tables, guint n_tables,
                                       const fs_table_schema *logs, guint n_logs);
void fs_result_schema_free(fs_result_schema *schema);
/* Money columns are declared in the unit "currency" ("currency/kWh",
 * "currency/year"); this names it ("CNY", "CNY/kWh") in every KPI, table
 * and log column of schema, which must come from fs_result_schema_new. */
void fs_result_schema_name_currency(fs_result_schema *schema, const char *currency);
/* Index of part in schema->parts, or -1 when the schema does not hold it. */
int fs_result_schema_part_index(const fs_result_schema *schema, const fs_kpi_part *part);

void fs_run_result_init(fs_run_result *r, const fs_result_schema *schema);
/* The values of part in r (part->n_cols of them, in the part's order), or
 * NULL when r's schema does not hold the part: the part is absent. */
double *fs_run_result_kpi_part(fs_run_result *r, const fs_kpi_part *part);
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
