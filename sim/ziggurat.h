/* ziggurat.h: unit exponential variates by the ziggurat method
 * (Marsaglia and Tsang, J. Stat. Software 5(8), 2000).
 *
 * The density e^-x is covered by 256 layers of equal area v; layer i >= 1
 * is the rectangle [0, X[i]] x [F[i], F[i+1]], layer 0 the base rectangle
 * [0, r] plus the tail beyond r. One 64-bit draw picks the layer (low 8
 * bits) and a point across it (top 53 bits); a point left of X[i+1] lies
 * under the curve in every case and is returned at once: 98.9% of draws,
 * with no log. Otherwise the wedge is tested against e^-x, or for layer 0
 * a tail variate r + Exp(1) is returned (memorylessness). The result has
 * exactly the exponential distribution (tests/test_dist.c checks its CDF).
 * Tables come from tools/gen_ziggurat_exp.py (50-digit arithmetic), so
 * they are the same on every machine, as is fmath.h used on the slow path.
 */
#ifndef FS_ZIGGURAT_H
#define FS_ZIGGURAT_H

#include "sim/fmath.h"
#include "sim/rng.h"
#include "sim/ziggurat_exp_table.h"

static inline double fs_ziggurat_exp1(fs_rng *r)
{
    for (;;) {
        uint64_t bits = fs_rng_next_u64(r);
        unsigned i = (unsigned)(bits & 0xff);
        double x = (double)(bits >> 11) * 0x1.0p-53 * fs__zig_exp_x[i];
        if (x < fs__zig_exp_x[i + 1])
            return x;
        if (i == 0)
            return FS__ZIG_EXP_R - fs_fmath_log(fs_rng_uniform(r));
        double y = fs__zig_exp_f[i] + fs_rng_uniform(r) * (fs__zig_exp_f[i + 1] - fs__zig_exp_f[i]);
        if (y < fs_fmath_exp(-x))
            return x;
    }
}

#endif /* FS_ZIGGURAT_H */
