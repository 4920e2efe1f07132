/* validation_instances.c: the validation case against published optima of
 * the energy-states-and-costs scheduling benchmark (tests/data/ctu-iig,
 * models/floor/energy_states.h). For every bundled instance: the exact
 * program's optimum equals the published proved optimum, and the published
 * optimal schedule, costed by factorysim, costs exactly that; integers, no
 * tolerance. The examples' costed schedules (the benchmark's own test) are
 * checked the same way. */
#include <math.h>

#include "models/floor/energy_states.h"
#include "sim/build_info.h"
#include "study/validation_internal.h"

#define INSTANCE_MAX_CELLS ((gsize)1 << 31)  /* 2 GiB of decisions: the 30-job sets need 7 MB */

typedef struct {
    const char *instance;  /* under tests/data/ctu-iig/datasets */
    const char *result;    /* under tests/data/ctu-iig/results */
    gboolean optimal;      /* the result is a proved optimum (else a costed schedule) */
} bundled;

static const bundled instances[] = {
    {"examples/aghelinejad2019a_tab1", "examples/aghelinejad2019a_tab1", FALSE},
    {"examples/aghelinejad2019a_fig2", "examples/aghelinejad2019a_fig2", FALSE},
#define MEDIUM(set, i) {"benedikt2020a_medium_" set "/" #i, "benedikt2020a_medium/benedikt2020a_medium_" set "/ILP-SPACES/" #i, TRUE}
    MEDIUM("nosby", 0), MEDIUM("nosby", 1), MEDIUM("nosby", 2), MEDIUM("nosby", 3),
    MEDIUM("twosby", 0), MEDIUM("twosby", 1), MEDIUM("twosby", 2), MEDIUM("twosby", 3),
#define PRELIM(i) {"benedikt2020a_prelim/" #i, "benedikt2020a_prelim/benedikt2020a_prelim/ILP-SPACES/" #i, TRUE}
    PRELIM(0), PRELIM(2), PRELIM(4), PRELIM(6), PRELIM(8), PRELIM(10),
};

static void line(case_ctx *c, const char *check, int64_t expected, int64_t got)
{
    fs__validation_add_line(c, check, (double)expected, (double)got, 0.0, got == expected);
}

static void one(case_ctx *c, const bundled *b)
{
    g_autofree char *ipath = g_strdup_printf("%s/ctu-iig/datasets/%s.json", fs_build_data_dir(), b->instance);
    g_autofree char *rpath = g_strdup_printf("%s/ctu-iig/results/%s.json", fs_build_data_dir(), b->result);
    g_autoptr(GError) error = NULL;
    fs_es_instance inst;
    if (!fs_es_instance_load(ipath, &inst, &error)) {
        fs__validation_add_line(c, error->message, 0, 1, 0, FALSE);
        return;
    }
    g_autofree int *start = NULL;
    int64_t objective = -1;
    fs_es_schedule published, opt;
    if (!fs_es_result_load(rpath, &inst, &start, &objective, NULL, &error)
        || !fs_es_evaluate(&inst, start, &published, &error)) {
        fs__validation_add_line(c, error->message, 0, 1, 0, FALSE);
        fs_es_instance_clear(&inst);
        return;
    }
    int64_t expected = b->optimal ? objective : published.tec;
    if (b->optimal) {
        g_autofree char *check = g_strdup_printf("%s: published optimum, costed", b->instance);
        line(c, check, objective, published.tec);
    }
    if (!fs_es_solve(&inst, INSTANCE_MAX_CELLS, &opt, &error)) {
        fs__validation_add_line(c, error->message, 0, 1, 0, FALSE);
    } else {
        g_autofree char *check = g_strdup_printf("%s: exact optimum (TEC)", b->instance);
        if (b->optimal)
            line(c, check, expected, opt.tec);
        else  /* a costed schedule bounds the optimum from above */
            fs__validation_add_line(c, check, (double)expected, (double)opt.tec, 0.0, opt.tec <= expected);
        fs_es_schedule_clear(&opt);
    }
    fs_es_schedule_clear(&published);
    fs_es_instance_clear(&inst);
}

static void ctu_iig(case_ctx *c)
{
    for (guint i = 0; i < G_N_ELEMENTS(instances); i++)
        one(c, &instances[i]);
}

static const fs__validation_case cases[] = {
    {"instances_ctu_iig", NULL, ctu_iig},
};

const fs__validation_case *fs__validation_instance_cases(guint *n)
{
    *n = G_N_ELEMENTS(cases);
    return cases;
}
