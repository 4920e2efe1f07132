/* energy_states.c: the energy-states-and-costs scheduling problem: its
 * benchmark files, the exact dynamic program, and schedule costing
 * (energy_states.h). */
#include "models/floor/energy_states.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim/csv_table.h"
#include "sim/json_depth.h"

#define ES_MAX_DEPTH 16          /* an instance nests 3 deep (Metadata may add a little) */
#define ES_MAX_INTERVALS 1000000
#define ES_MAX_MACHINES 10000
#define ES_MAX_JOBS 1000000
#define ES_MAX_OFF_STATES 32     /* decision codes fit a byte: 1 + 2 x 32 moves, jobs from 128 */
#define ES_MAX_VALUE 100000      /* prices and powers: keeps every cost far inside int64 */
#define ES_INF (INT64_MAX / 4)
#define ES_JOB_CODE 128          /* decisions >= this start a job of class (code - 128) */
#define ES_MAX_CLASSES 127

static const char *const instance_members[] = {
    "MachinesCount", "Jobs", "EnergyCosts", "LengthInterval", "OffOnTime", "OnOffTime",
    "OffOnPowerConsumption", "OnOffPowerConsumption", "OffIdleTime", "IdleOffTime",
    "OffIdlePowerConsumption", "IdleOffPowerConsumption", "OnPowerConsumption", "IdlePowerConsumption",
    "OffPowerConsumption",
    /* descriptive, or the benchmark tool's own precomputation (a .NET blob): ignored */
    "Metadata", "SerializedExtendedInstance", "TimeForExtendedInstance", NULL,
};
static const char *const job_members[] = {"Id", "MachineIdx", "ProcessingTime", NULL};

static gboolean fail(GError **error, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean fail(GError **error, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", path, msg);
    return FALSE;
}

static gboolean in_list(const char *name, const char *const *list)
{
    for (guint i = 0; list[i]; i++)
        if (g_str_equal(name, list[i]))
            return TRUE;
    return FALSE;
}

static gboolean only_known(JsonObject *o, const char *const *known, const char *path, const char *where,
                           GError **error)
{
    g_autoptr(GList) names = json_object_get_members(o);
    for (GList *l = names; l; l = l->next)
        if (!in_list(l->data, known))
            return fail(error, path, "%s: member %s is not part of the energy-states-and-costs format", where,
                        (const char *)l->data);
    return TRUE;
}

/* An integer in [lo, hi]; JSON doubles (1.5, 2.0) are refused: the
 * problem is integral and the published optima are integers. */
static gboolean node_int(JsonNode *n, const char *path, const char *what, int lo, int hi, int *out,
                         GError **error)
{
    if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
        return fail(error, path, "%s must be an integer", what);
    gint64 v = json_node_get_int(n);
    if (v < lo || v > hi)
        return fail(error, path, "%s = %" G_GINT64_FORMAT " is out of range: allowed %d to %d", what, v, lo, hi);
    *out = (int)v;
    return TRUE;
}

static gboolean member_int(JsonObject *o, const char *name, const char *path, int lo, int hi, int *out,
                           GError **error)
{
    if (!json_object_has_member(o, name))
        return fail(error, path, "member %s is missing", name);
    return node_int(json_object_get_member(o, name), path, name, lo, hi, out, error);
}

static JsonArray *member_array(JsonObject *o, const char *name, const char *path, GError **error)
{
    JsonNode *n = json_object_has_member(o, name) ? json_object_get_member(o, name) : NULL;
    if (!n || !JSON_NODE_HOLDS_ARRAY(n)) {
        fail(error, path, n ? "member %s must be an array" : "member %s is missing", name);
        return NULL;
    }
    return json_node_get_array(n);
}

/* One value per off state; null (allowed_null) becomes -1. */
static gboolean off_array(JsonObject *o, const char *name, const char *path, guint n_off, int lo,
                          gboolean allowed_null, int **out, GError **error)
{
    JsonArray *a = member_array(o, name, path, error);
    if (!a)
        return FALSE;
    if (json_array_get_length(a) != n_off)
        return fail(error, path, "member %s has %u values; OffPowerConsumption gives %u off states", name,
                    json_array_get_length(a), n_off);
    *out = g_new(int, n_off);
    for (guint k = 0; k < n_off; k++) {
        JsonNode *n = json_array_get_element(a, k);
        g_autofree char *what = g_strdup_printf("%s[%u]", name, k);
        if (allowed_null && JSON_NODE_HOLDS_NULL(n)) {
            (*out)[k] = -1;
            continue;
        }
        if (!node_int(n, path, what, lo, ES_MAX_VALUE, &(*out)[k], error))
            return FALSE;
    }
    return TRUE;
}

/* A transition is given by its time and its power, both or neither. */
static gboolean transition_pair(const char *path, const char *time_name, const int *time, const char *power_name,
                                const int *power, guint n_off, GError **error)
{
    if (!time || !power)
        return FALSE;
    for (guint k = 0; k < n_off; k++)
        if ((time[k] < 0) != (power[k] < 0))
            return fail(error, path, "%s[%u] and %s[%u] must both be given or both be null", time_name, k,
                        power_name, k);
    return TRUE;
}

void fs_es_instance_clear(fs_es_instance *inst)
{
    g_free(inst->path);
    g_free(inst->job_id);
    g_free(inst->job_machine);
    g_free(inst->job_intervals);
    g_free(inst->price);
    g_free(inst->off_power);
    g_free(inst->off_on_time);
    g_free(inst->off_on_power);
    g_free(inst->on_off_time);
    g_free(inst->on_off_power);
    g_free(inst->off_idle_time);
    g_free(inst->off_idle_power);
    g_free(inst->idle_off_time);
    g_free(inst->idle_off_power);
    memset(inst, 0, sizeof *inst);
}

static gboolean parse_jobs(JsonObject *root, const char *path, fs_es_instance *inst, GError **error)
{
    JsonArray *jobs = member_array(root, "Jobs", path, error);
    if (!jobs)
        return FALSE;
    if (json_array_get_length(jobs) > ES_MAX_JOBS)
        return fail(error, path, "member Jobs has %u jobs; at most %d are allowed", json_array_get_length(jobs),
                    ES_MAX_JOBS);
    inst->n_jobs = json_array_get_length(jobs);
    inst->job_id = g_new0(int, inst->n_jobs + 1);
    inst->job_machine = g_new0(guint, inst->n_jobs + 1);
    inst->job_intervals = g_new0(int, inst->n_jobs + 1);
    g_autoptr(GHashTable) ids = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint j = 0; j < inst->n_jobs; j++) {
        JsonNode *n = json_array_get_element(jobs, j);
        g_autofree char *where = g_strdup_printf("Jobs[%u]", j);
        if (!JSON_NODE_HOLDS_OBJECT(n))
            return fail(error, path, "%s must be an object", where);
        JsonObject *o = json_node_get_object(n);
        if (!only_known(o, job_members, path, where, error))
            return FALSE;
        g_autofree char *id = g_strdup_printf("%s.Id", where);
        g_autofree char *mi = g_strdup_printf("%s.MachineIdx", where);
        g_autofree char *pt = g_strdup_printf("%s.ProcessingTime", where);
        int machine = 0;
        if (!json_object_has_member(o, "Id") || !json_object_has_member(o, "MachineIdx")
            || !json_object_has_member(o, "ProcessingTime"))
            return fail(error, path, "%s needs Id, MachineIdx and ProcessingTime", where);
        if (!node_int(json_object_get_member(o, "Id"), path, id, 0, G_MAXINT, &inst->job_id[j], error)
            || !node_int(json_object_get_member(o, "MachineIdx"), path, mi, 0, (int)inst->n_machines - 1, &machine,
                         error)
            || !node_int(json_object_get_member(o, "ProcessingTime"), path, pt, 1, (int)inst->n_intervals,
                         &inst->job_intervals[j], error))
            return FALSE;
        inst->job_machine[j] = (guint)machine;
        if (g_hash_table_contains(ids, GINT_TO_POINTER(inst->job_id[j] + 1)))
            return fail(error, path, "%s = %d is the Id of an earlier job; Ids must be unique", id, inst->job_id[j]);
        g_hash_table_add(ids, GINT_TO_POINTER(inst->job_id[j] + 1));
    }
    return TRUE;
}

gboolean fs_es_instance_parse(const char *json, gsize len, const char *path, fs_es_instance *out, GError **error)
{
    memset(out, 0, sizeof *out);
    gsize at = 0;
    if (!fs_json_depth_ok(json, len, ES_MAX_DEPTH, &at))
        return fail(error, path, "byte %" G_GSIZE_FORMAT ": JSON nested more than %d deep; an instance nests 3 deep",
                    at, ES_MAX_DEPTH);
    g_autoptr(JsonParser) parser = json_parser_new();
    if (!json_parser_load_from_data(parser, json, (gssize)len, error)) {
        g_prefix_error(error, "%s: ", path);
        return FALSE;
    }
    JsonNode *root_node = json_parser_get_root(parser);
    if (!root_node || !JSON_NODE_HOLDS_OBJECT(root_node))
        return fail(error, path, "an instance is a JSON object");
    JsonObject *root = json_node_get_object(root_node);
    fs_es_instance inst = {.path = g_strdup(path)};
    int n_machines = 0, length = 0;
    gboolean ok = only_known(root, instance_members, path, "instance", error)
                  && member_int(root, "MachinesCount", path, 1, ES_MAX_MACHINES, &n_machines, error)
                  && member_int(root, "LengthInterval", path, 1, G_MAXINT, &length, error);
    if (ok && length != 1)
        ok = fail(error, path,
                  "LengthInterval = %d: only 1 is modelled (every start time on an interval boundary, processing "
                  "times in intervals)",
                  length);
    inst.n_machines = (guint)n_machines;
    JsonArray *costs = ok ? member_array(root, "EnergyCosts", path, error) : NULL;
    ok = ok && costs;
    if (ok && (json_array_get_length(costs) < 2 || json_array_get_length(costs) > ES_MAX_INTERVALS))
        ok = fail(error, path, "EnergyCosts has %u intervals; allowed 2 to %d (the first and the last are off)",
                  json_array_get_length(costs), ES_MAX_INTERVALS);
    if (ok) {
        inst.n_intervals = json_array_get_length(costs);
        inst.price = g_new(int, inst.n_intervals);
        for (guint t = 0; ok && t < inst.n_intervals; t++) {
            g_autofree char *what = g_strdup_printf("EnergyCosts[%u]", t);
            ok = node_int(json_array_get_element(costs, t), path, what, 0, ES_MAX_VALUE, &inst.price[t], error);
        }
    }
    ok = ok && parse_jobs(root, path, &inst, error);
    JsonArray *off = ok ? member_array(root, "OffPowerConsumption", path, error) : NULL;
    ok = ok && off;
    if (ok && (json_array_get_length(off) < 1 || json_array_get_length(off) > ES_MAX_OFF_STATES))
        ok = fail(error, path, "OffPowerConsumption has %u off states; allowed 1 to %d", json_array_get_length(off),
                  ES_MAX_OFF_STATES);
    if (ok)
        inst.n_off = json_array_get_length(off);
    /* transition times of zero intervals would let a machine change state
     * within an interval, which the interval model has no cost for */
    ok = ok && off_array(root, "OffPowerConsumption", path, inst.n_off, 0, FALSE, &inst.off_power, error)
         && off_array(root, "OffOnTime", path, inst.n_off, 1, TRUE, &inst.off_on_time, error)
         && off_array(root, "OffOnPowerConsumption", path, inst.n_off, 0, TRUE, &inst.off_on_power, error)
         && off_array(root, "OnOffTime", path, inst.n_off, 1, TRUE, &inst.on_off_time, error)
         && off_array(root, "OnOffPowerConsumption", path, inst.n_off, 0, TRUE, &inst.on_off_power, error)
         && off_array(root, "OffIdleTime", path, inst.n_off, 1, TRUE, &inst.off_idle_time, error)
         && off_array(root, "OffIdlePowerConsumption", path, inst.n_off, 0, TRUE, &inst.off_idle_power, error)
         && off_array(root, "IdleOffTime", path, inst.n_off, 1, TRUE, &inst.idle_off_time, error)
         && off_array(root, "IdleOffPowerConsumption", path, inst.n_off, 0, TRUE, &inst.idle_off_power, error)
         && transition_pair(path, "OffOnTime", inst.off_on_time, "OffOnPowerConsumption", inst.off_on_power,
                            inst.n_off, error)
         && transition_pair(path, "OnOffTime", inst.on_off_time, "OnOffPowerConsumption", inst.on_off_power,
                            inst.n_off, error)
         && transition_pair(path, "OffIdleTime", inst.off_idle_time, "OffIdlePowerConsumption", inst.off_idle_power,
                            inst.n_off, error)
         && transition_pair(path, "IdleOffTime", inst.idle_off_time, "IdleOffPowerConsumption", inst.idle_off_power,
                            inst.n_off, error)
         && member_int(root, "OnPowerConsumption", path, 0, ES_MAX_VALUE, &inst.on_power, error)
         && member_int(root, "IdlePowerConsumption", path, 0, ES_MAX_VALUE, &inst.idle_power, error);
    /* The benchmark's state graph lets a machine stay "on" without a job;
     * merging idle and on into one ready state is exact only while idling
     * is the cheaper of the two, as in every published instance. */
    if (ok && inst.idle_power > inst.on_power)
        ok = fail(error, path,
                  "IdlePowerConsumption = %d exceeds OnPowerConsumption = %d: allowed at most the busy power",
                  inst.idle_power, inst.on_power);
    if (!ok) {
        fs_es_instance_clear(&inst);
        return FALSE;
    }
    *out = inst;
    return TRUE;
}

gboolean fs_es_instance_load(const char *path, fs_es_instance *out, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &text, &len, error))
        return FALSE;
    return fs_es_instance_parse(text, len, path, out, error);
}

void fs_es_schedule_clear(fs_es_schedule *s)
{
    g_free(s->start);
    g_free(s->phase);
    g_free(s->level);
    memset(s, 0, sizeof *s);
}

const char *fs_es_phase_name(fs_es_phase p)
{
    static const char *const names[] = {"off", "wake", "busy", "idle", "sleep"};
    return (guint)p < G_N_ELEMENTS(names) ? names[p] : "?";
}

/* ---- the machine's states and moves ------------------------------------
 * Modes 0..n_off-1 are the off states, mode n_off ("ready") is idle or busy:
 * the two change instantly and at no cost, so between jobs only which is
 * cheaper matters (idle, checked at load). A move takes dt intervals at
 * one power and ends in mode `to`; jobs are the ready mode's other moves. */
typedef struct {
    int dt, power;
    guint8 to, phase, level;
} es_move;

typedef struct {
    const fs_es_instance *inst;
    guint n_modes, ready;
    es_move *moves;      /* [mode][max_moves] */
    guint *n_moves;      /* per mode */
    guint max_moves;
    int64_t *cum;        /* cum[t] = price[0] + ... + price[t-1] */
} es_graph;

static void add_move(es_graph *g, guint mode, int dt, int power, guint to, fs_es_phase phase, guint level)
{
    if (dt < 0)
        return;  /* no such transition */
    g->moves[mode * g->max_moves + g->n_moves[mode]++] =
        (es_move){.dt = dt, .power = power, .to = (guint8)to, .phase = (guint8)phase, .level = (guint8)level};
}

static void graph_init(es_graph *g, const fs_es_instance *inst)
{
    g->inst = inst;
    g->ready = inst->n_off;
    g->n_modes = inst->n_off + 1;
    g->max_moves = 1 + 2 * inst->n_off;
    g->moves = g_new0(es_move, g->n_modes * g->max_moves);
    g->n_moves = g_new0(guint, g->n_modes);
    for (guint k = 0; k < inst->n_off; k++) {
        add_move(g, k, 1, inst->off_power[k], k, FS_ES_OFF, k);
        add_move(g, k, inst->off_on_time[k], inst->off_on_power[k], g->ready, FS_ES_WAKE, k);
        add_move(g, k, inst->off_idle_time[k], inst->off_idle_power[k], g->ready, FS_ES_WAKE, k);
    }
    add_move(g, g->ready, 1, inst->idle_power, g->ready, FS_ES_IDLE, 0);
    for (guint k = 0; k < inst->n_off; k++) {
        add_move(g, g->ready, inst->on_off_time[k], inst->on_off_power[k], k, FS_ES_SLEEP, k);
        add_move(g, g->ready, inst->idle_off_time[k], inst->idle_off_power[k], k, FS_ES_SLEEP, k);
    }
    g->cum = g_new(int64_t, inst->n_intervals + 1);
    g->cum[0] = 0;
    for (guint t = 0; t < inst->n_intervals; t++)
        g->cum[t + 1] = g->cum[t] + inst->price[t];
}

static void graph_clear(es_graph *g)
{
    g_free(g->moves);
    g_free(g->n_moves);
    g_free(g->cum);
}

static int64_t span_cost(const es_graph *g, guint t, int dt, int power)
{
    return (int64_t)power * (g->cum[t + (guint)dt] - g->cum[t]);
}

static void mark(fs_es_schedule *s, guint H, guint machine, guint t, int dt, fs_es_phase phase, guint level)
{
    for (int i = 0; i < dt; i++) {
        s->phase[machine * H + t + (guint)i] = (guint8)phase;
        s->level[machine * H + t + (guint)i] = (guint8)level;
    }
}

/* ---- the exact program for one machine ---------------------------------- */

typedef struct {
    guint n_classes;
    int p[ES_MAX_CLASSES];        /* distinct processing times, ascending */
    guint count[ES_MAX_CLASSES];
    gsize stride[ES_MAX_CLASSES];
    gsize n_rem;                  /* multisets of remaining jobs */
} es_classes;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static gboolean machine_classes(const fs_es_instance *inst, guint machine, es_classes *c, GError **error)
{
    memset(c, 0, sizeof *c);
    g_autofree int *p = g_new(int, inst->n_jobs + 1);
    guint n = 0;
    for (guint j = 0; j < inst->n_jobs; j++)
        if (inst->job_machine[j] == machine)
            p[n++] = inst->job_intervals[j];
    qsort(p, n, sizeof *p, cmp_int);
    for (guint i = 0; i < n; i++) {
        if (c->n_classes == 0 || c->p[c->n_classes - 1] != p[i]) {
            if (c->n_classes == ES_MAX_CLASSES)
                return fail(error, inst->path, "machine %u has more than %d distinct processing times", machine,
                            ES_MAX_CLASSES);
            c->p[c->n_classes++] = p[i];
        }
        c->count[c->n_classes - 1]++;
    }
    c->n_rem = 1;
    for (guint k = 0; k < c->n_classes; k++) {
        c->stride[k] = c->n_rem;
        if (c->n_rem > G_MAXSIZE / (c->count[k] + 1) / 64)
            return fail(error, inst->path, "machine %u: too many combinations of remaining jobs to enumerate",
                        machine);
        c->n_rem *= c->count[k] + 1;
    }
    return TRUE;
}

/* The optimum of one machine into out (its starts, phases) and *tec. */
static gboolean solve_machine(const es_graph *g, guint machine, gsize max_cells, fs_es_schedule *out, int64_t *tec,
                              GError **error)
{
    const fs_es_instance *inst = g->inst;
    const guint H = inst->n_intervals, M = g->n_modes;
    es_classes c;
    if (!machine_classes(inst, machine, &c, error))
        return FALSE;
    const gsize R = c.n_rem;
    if (R > max_cells / H / M)
        return fail(error, inst->path,
                    "machine %u: the exact program needs %" G_GSIZE_FORMAT " x %u x %u decisions (intervals x "
                    "states x combinations of remaining jobs), more than the limit of %" G_GSIZE_FORMAT,
                    machine, R, H, M, max_cells);
    out->cells += R * H * M;

    /* the remaining processing time and digits of every multiset */
    g_autofree int *rem_work = g_new(int, R);
    g_autofree guint16 *digit = g_new(guint16, R * (c.n_classes ? c.n_classes : 1));
    int total = 0;
    for (guint k = 0; k < c.n_classes; k++)
        total += c.p[k] * (int)c.count[k];
    for (gsize r = 0; r < R; r++) {
        gsize rest = r;
        int w = 0;
        for (guint k = c.n_classes; k-- > 0;) {
            guint d = (guint)(rest / c.stride[k]);
            rest %= c.stride[k];
            digit[r * c.n_classes + k] = (guint16)d;
            w += (int)d * c.p[k];
        }
        rem_work[r] = w;
    }
    const gsize full = R - 1;  /* every digit at its count */

    guint J = 2;  /* the value window: the longest move plus one */
    for (guint m = 0; m < M; m++)
        for (guint i = 0; i < g->n_moves[m]; i++)
            J = MAX(J, (guint)g->moves[m * g->max_moves + i].dt + 1);
    for (guint k = 0; k < c.n_classes; k++)
        J = MAX(J, (guint)c.p[k] + 1);
    J = MIN(J, H + 1);
    g_autofree int64_t *V = g_new(int64_t, (gsize)J * M * R);
    g_autofree guint8 *dec = g_malloc((gsize)H * M * R);

    for (guint t = H - 1; t >= 1; t--) {
        int64_t *layer = V + (gsize)(t % J) * M * R;
        for (gsize i = 0; i < (gsize)M * R; i++)
            layer[i] = ES_INF;
        if (t == H - 1) {  /* the last interval: in off state 0, nothing left */
            layer[0 * R + 0] = (int64_t)inst->off_power[0] * inst->price[H - 1];
            continue;
        }
        const int room = (int)(H - 1 - t);  /* intervals left before the last */
        for (gsize r = 0; r < R; r++) {
            /* prune what no schedule reaches: more work left than room,
             * or more done than the intervals since the first */
            if (rem_work[r] > room || total - rem_work[r] > (int)t - 1)
                continue;
            for (guint m = 0; m < M; m++) {
                int64_t best = ES_INF;
                guint8 code = 255;
                for (guint i = 0; i < g->n_moves[m]; i++) {
                    const es_move *mv = &g->moves[m * g->max_moves + i];
                    if (mv->dt > room)
                        continue;
                    int64_t v = V[(gsize)((t + (guint)mv->dt) % J) * M * R + (gsize)mv->to * R + r];
                    if (v >= ES_INF)
                        continue;
                    v += span_cost(g, t, mv->dt, mv->power);
                    if (v < best) {
                        best = v;
                        code = (guint8)i;
                    }
                }
                if (m == g->ready)
                    for (guint k = 0; k < c.n_classes; k++) {
                        if (!digit[r * c.n_classes + k] || c.p[k] > room)
                            continue;
                        int64_t v =
                            V[(gsize)((t + (guint)c.p[k]) % J) * M * R + (gsize)g->ready * R + r - c.stride[k]];
                        if (v >= ES_INF)
                            continue;
                        v += span_cost(g, t, c.p[k], inst->on_power);
                        if (v < best) {
                            best = v;
                            code = (guint8)(ES_JOB_CODE + k);
                        }
                    }
                layer[(gsize)m * R + r] = best;
                dec[((gsize)t * M + m) * R + r] = code;
            }
        }
    }
    int64_t rest = H >= 2 ? V[(gsize)(1 % J) * M * R + full] : ES_INF;
    if (rest >= ES_INF)
        return fail(error, inst->path,
                    "machine %u: no feasible schedule: its jobs (%d intervals) do not fit in %u intervals with the "
                    "machine off in the first and the last and the transitions between",
                    machine, total, H);
    *tec = (int64_t)inst->off_power[0] * inst->price[0] + rest;

    /* follow the decisions forward; jobs of one length go in Id order */
    g_autofree guint *next_of_class = g_new0(guint, c.n_classes + 1);
    mark(out, H, machine, 0, 1, FS_ES_OFF, 0);
    guint t = 1, m = 0;
    gsize r = full;
    while (t < H - 1) {
        guint8 code = dec[((gsize)t * M + m) * R + r];
        if (code >= ES_JOB_CODE) {
            guint k = code - ES_JOB_CODE;
            /* the next job of this length, by position in the file */
            guint seen = 0, job = G_MAXUINT;
            for (guint j = 0; j < inst->n_jobs && job == G_MAXUINT; j++)
                if (inst->job_machine[j] == machine && inst->job_intervals[j] == c.p[k] && seen++ == next_of_class[k])
                    job = j;
            next_of_class[k]++;
            out->start[job] = (int)t;
            mark(out, H, machine, t, c.p[k], FS_ES_BUSY, 0);
            t += (guint)c.p[k];
            r -= c.stride[k];
        } else {
            const es_move *mv = &g->moves[m * g->max_moves + code];
            mark(out, H, machine, t, mv->dt, (fs_es_phase)mv->phase, mv->level);
            t += (guint)mv->dt;
            m = mv->to;
        }
    }
    g_assert(t == H - 1 && m == 0 && r == 0);
    mark(out, H, machine, H - 1, 1, FS_ES_OFF, 0);
    return TRUE;
}

static void schedule_alloc(const fs_es_instance *inst, fs_es_schedule *out)
{
    memset(out, 0, sizeof *out);
    out->start = g_new(int, inst->n_jobs + 1);
    for (guint j = 0; j < inst->n_jobs; j++)
        out->start[j] = -1;
    out->phase = g_new0(guint8, (gsize)inst->n_machines * inst->n_intervals);
    out->level = g_new0(guint8, (gsize)inst->n_machines * inst->n_intervals);
}

gboolean fs_es_solve(const fs_es_instance *inst, gsize max_cells, fs_es_schedule *out, GError **error)
{
    schedule_alloc(inst, out);
    es_graph g;
    graph_init(&g, inst);
    gboolean ok = TRUE;
    for (guint m = 0; ok && m < inst->n_machines; m++) {
        int64_t tec = 0;
        ok = solve_machine(&g, m, max_cells, out, &tec, error);
        out->tec += tec;
    }
    graph_clear(&g);
    if (!ok)
        fs_es_schedule_clear(out);
    return ok;
}

/* ---- costing a given schedule --------------------------------------------
 * The cheapest way from mode m0 at the start of interval t0 to mode m1 at
 * the start of t1 (a gap between jobs, or before the first, or after the
 * last), marking its phases; ES_INF when there is none. */
static int64_t gap_path(const es_graph *g, guint machine, guint t0, guint m0, guint t1, guint m1, fs_es_schedule *out)
{
    const guint M = g->n_modes, n = t1 - t0 + 1;
    g_autofree int64_t *W = g_new(int64_t, (gsize)n * M);
    g_autofree guint8 *dec = g_new(guint8, (gsize)n * M);
    for (guint m = 0; m < M; m++)
        W[(gsize)(n - 1) * M + m] = m == m1 ? 0 : ES_INF;
    for (guint i = n - 1; i-- > 0;) {
        guint t = t0 + i;
        for (guint m = 0; m < M; m++) {
            int64_t best = ES_INF;
            guint8 code = 255;
            for (guint k = 0; k < g->n_moves[m]; k++) {
                const es_move *mv = &g->moves[m * g->max_moves + k];
                if (t + (guint)mv->dt > t1)
                    continue;
                int64_t v = W[(gsize)(i + (guint)mv->dt) * M + mv->to];
                if (v >= ES_INF)
                    continue;
                v += span_cost(g, t, mv->dt, mv->power);
                if (v < best) {
                    best = v;
                    code = (guint8)k;
                }
            }
            W[(gsize)i * M + m] = best;
            dec[(gsize)i * M + m] = code;
        }
    }
    int64_t cost = W[m0];
    if (cost >= ES_INF)
        return ES_INF;
    guint t = t0, m = m0;
    while (t < t1) {
        const es_move *mv = &g->moves[m * g->max_moves + dec[(gsize)(t - t0) * M + m]];
        mark(out, g->inst->n_intervals, machine, t, mv->dt, (fs_es_phase)mv->phase, mv->level);
        t += (guint)mv->dt;
        m = mv->to;
    }
    return cost;
}

static int cmp_by_start(const void *a, const void *b, void *data)
{
    const int *start = data;
    int x = start[*(const guint *)a], y = start[*(const guint *)b];
    return (x > y) - (x < y);
}

gboolean fs_es_evaluate(const fs_es_instance *inst, const int *start, fs_es_schedule *out, GError **error)
{
    schedule_alloc(inst, out);
    const guint H = inst->n_intervals;
    for (guint j = 0; j < inst->n_jobs; j++) {
        if (start[j] < 0 || (gint64)start[j] + inst->job_intervals[j] > (gint64)H) {
            fs_es_schedule_clear(out);
            return fail(error, inst->path, "job %d starts at interval %d and runs %d: outside the horizon [0, %u)",
                        inst->job_id[j], start[j], inst->job_intervals[j], H);
        }
        out->start[j] = start[j];
    }
    es_graph g;
    graph_init(&g, inst);
    g_autofree guint *order = g_new(guint, inst->n_jobs + 1);
    gboolean ok = TRUE;
    for (guint machine = 0; ok && machine < inst->n_machines; machine++) {
        guint n = 0;
        for (guint j = 0; j < inst->n_jobs; j++)
            if (inst->job_machine[j] == machine)
                order[n++] = j;
        g_qsort_with_data(order, (gint)n, sizeof *order, cmp_by_start, (void *)start);
        mark(out, H, machine, 0, 1, FS_ES_OFF, 0);
        out->tec += (int64_t)inst->off_power[0] * inst->price[0];
        guint t = 1, m = 0;
        for (guint i = 0; ok && i <= n; i++) {
            guint j = i < n ? order[i] : G_MAXUINT;
            guint t1 = i < n ? (guint)start[j] : H - 1, m1 = i < n ? g.ready : 0;
            if (i < n && (guint)start[j] < t) {
                ok = i > 0 ? fail(error, inst->path,
                                  "jobs %d and %d overlap on machine %u: %d runs until interval %u, %d starts at %d",
                                  inst->job_id[order[i - 1]], inst->job_id[j], machine, inst->job_id[order[i - 1]], t,
                                  inst->job_id[j], start[j])
                           : fail(error, inst->path,
                                  "job %d starts at interval %d: the machine is off in interval 0", inst->job_id[j],
                                  start[j]);
                break;
            }
            int64_t gap = gap_path(&g, machine, t, m, t1, m1, out);
            if (gap >= ES_INF) {
                ok = i < n ? fail(error, inst->path,
                                  "job %d starts at interval %d: the machine cannot be ready by then from interval %u",
                                  inst->job_id[j], start[j], t)
                           : fail(error, inst->path,
                                  "the last job on machine %u ends at interval %u: no time to be off by interval %u",
                                  machine, t, H - 1);
                break;
            }
            out->tec += gap;
            if (i < n) {
                out->tec += span_cost(&g, (guint)start[j], inst->job_intervals[j], inst->on_power);
                mark(out, H, machine, (guint)start[j], inst->job_intervals[j], FS_ES_BUSY, 0);
                t = (guint)start[j] + (guint)inst->job_intervals[j];
                m = g.ready;
            }
        }
        if (ok) {
            mark(out, H, machine, H - 1, 1, FS_ES_OFF, 0);
            out->tec += (int64_t)inst->off_power[0] * inst->price[H - 1];
        }
    }
    graph_clear(&g);
    if (!ok)
        fs_es_schedule_clear(out);
    return ok;
}

gboolean fs_es_result_load(const char *path, const fs_es_instance *inst, int **start, int64_t *objective,
                           double *lower_bound, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &text, &len, error))
        return FALSE;
    gsize at = 0;
    if (!fs_json_depth_ok(text, len, ES_MAX_DEPTH, &at))
        return fail(error, path, "byte %" G_GSIZE_FORMAT ": JSON nested more than %d deep", at, ES_MAX_DEPTH);
    g_autoptr(JsonParser) parser = json_parser_new();
    if (!json_parser_load_from_data(parser, text, (gssize)len, error)) {
        g_prefix_error(error, "%s: ", path);
        return FALSE;
    }
    JsonNode *root_node = json_parser_get_root(parser);
    if (!root_node || !JSON_NODE_HOLDS_OBJECT(root_node))
        return fail(error, path, "a result is a JSON object");
    JsonObject *root = json_node_get_object(root_node);
    *objective = -1;
    if (json_object_has_member(root, "Objective") && !JSON_NODE_HOLDS_NULL(json_object_get_member(root, "Objective"))) {
        int obj = 0;
        if (!member_int(root, "Objective", path, 0, G_MAXINT, &obj, error))
            return FALSE;
        *objective = obj;
    }
    if (lower_bound) {
        *lower_bound = NAN;
        JsonNode *lb = json_object_has_member(root, "LowerBound") ? json_object_get_member(root, "LowerBound") : NULL;
        if (lb && !JSON_NODE_HOLDS_NULL(lb)) {
            GType type = JSON_NODE_HOLDS_VALUE(lb) ? json_node_get_value_type(lb) : G_TYPE_INVALID;
            if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
                return fail(error, path, "LowerBound must be a number");
            *lower_bound = type == G_TYPE_INT64 ? (double)json_node_get_int(lb) : json_node_get_double(lb);
        }
    }
    JsonArray *starts = member_array(root, "StartTimes", path, error);
    if (!starts)
        return FALSE;
    g_autofree int *s = g_new(int, inst->n_jobs + 1);
    for (guint j = 0; j <= inst->n_jobs; j++)
        s[j] = -1;
    for (guint i = 0; i < json_array_get_length(starts); i++) {
        JsonNode *n = json_array_get_element(starts, i);
        g_autofree char *where = g_strdup_printf("StartTimes[%u]", i);
        if (!JSON_NODE_HOLDS_OBJECT(n))
            return fail(error, path, "%s must be an object", where);
        JsonObject *o = json_node_get_object(n);
        g_autofree char *wj = g_strdup_printf("%s.JobIndex", where);
        g_autofree char *ws = g_strdup_printf("%s.StartTime", where);
        int job = 0, t = 0;
        if (!json_object_has_member(o, "JobIndex") || !json_object_has_member(o, "StartTime"))
            return fail(error, path, "%s needs JobIndex and StartTime", where);
        if (!node_int(json_object_get_member(o, "JobIndex"), path, wj, 0, (int)inst->n_jobs - 1, &job, error)
            || !node_int(json_object_get_member(o, "StartTime"), path, ws, 0, G_MAXINT, &t, error))
            return FALSE;
        if (s[job] >= 0)
            return fail(error, path, "%s: job index %d has a start time already", wj, job);
        s[job] = t;
    }
    for (guint j = 0; j < inst->n_jobs; j++)
        if (s[j] < 0)
            return fail(error, path, "job index %u (Id %d) of %s has no start time", j, inst->job_id[j], inst->path);
    *start = g_steal_pointer(&s);
    return TRUE;
}

gboolean fs_es_schedule_csv_load(const char *path, const fs_es_instance *inst, int **start, GError **error)
{
    g_autoptr(fs_csv_table) t = NULL;
    if (!fs_csv_table_read(path, ',', &t, error))
        return FALSE;
    int cj = fs_csv_table_column(t, "job"), cs = fs_csv_table_column(t, "start");
    if (cj < 0 || cs < 0) {
        g_autofree char *cols = fs_csv_table_columns_text(t);
        return fail(error, path, "header has %s; a schedule needs the columns job and start", cols);
    }
    g_autoptr(GHashTable) by_id = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint j = 0; j < inst->n_jobs; j++)
        g_hash_table_insert(by_id, GINT_TO_POINTER(inst->job_id[j] + 1), GUINT_TO_POINTER(j + 1));
    g_autofree int *s = g_new(int, inst->n_jobs + 1);
    g_autofree guint *line_of = g_new0(guint, inst->n_jobs + 1);
    for (guint j = 0; j <= inst->n_jobs; j++)
        s[j] = -1;
    for (guint r = 0; r < t->n_rows; r++) {
        const char *job = fs_csv_table_field(t, r, cj), *st = fs_csv_table_field(t, r, cs);
        gint64 id = 0, at = 0;
        if (!job || !g_ascii_string_to_signed(job, 10, 0, G_MAXINT - 1, &id, NULL))
            return fail(error, path, "line %u: job \"%s\" is not a job Id (a whole number)", t->line[r],
                        job ? job : "");
        guint j = GPOINTER_TO_UINT(g_hash_table_lookup(by_id, GINT_TO_POINTER((int)id + 1)));
        if (!j)
            return fail(error, path, "line %u: job %" G_GINT64_FORMAT " is not a job of %s", t->line[r], id,
                        inst->path);
        j--;
        if (s[j] >= 0)
            return fail(error, path, "line %u: job %" G_GINT64_FORMAT " was scheduled on line %u already", t->line[r],
                        id, line_of[j]);
        if (!st || !g_ascii_string_to_signed(st, 10, 0, G_MAXINT, &at, NULL))
            return fail(error, path, "line %u: start \"%s\" of job %" G_GINT64_FORMAT
                        " is not an interval (a whole number from 0)", t->line[r], st ? st : "", id);
        s[j] = (int)at;
        line_of[j] = t->line[r];
    }
    for (guint j = 0; j < inst->n_jobs; j++)
        if (s[j] < 0)
            return fail(error, path, "job %d of %s has no row", inst->job_id[j], inst->path);
    *start = g_steal_pointer(&s);
    return TRUE;
}

void fs_es_asap(const fs_es_instance *inst, int *start)
{
    int wake = G_MAXINT;
    if (inst->off_on_time[0] >= 0)
        wake = inst->off_on_time[0];
    if (inst->off_idle_time[0] >= 0)
        wake = MIN(wake, inst->off_idle_time[0]);
    g_autofree int *next = g_new(int, inst->n_machines);
    for (guint m = 0; m < inst->n_machines; m++)
        next[m] = wake == G_MAXINT ? 1 : 1 + wake;
    for (guint j = 0; j < inst->n_jobs; j++) {
        start[j] = next[inst->job_machine[j]];
        next[inst->job_machine[j]] += inst->job_intervals[j];
    }
}
