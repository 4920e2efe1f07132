/* ziggurat.h: unit exponential and standard normal variates by the
 * ziggurat method (Marsaglia and Tsang, J. Stat. Software 5(8), 2000).
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
 *
 * The normal works the same way on the half density e^(-x^2/2) with
 * 256 layers (r = 3.6542, tools/gen_ziggurat_normal.py); bit 8 of the
 * same 64-bit draw gives the sign (the layer takes bits 0-7, the point
 * bits 11-63, so the three never share a bit). 98.8% of draws return at
 * once with no log or exp; the tail beyond r is drawn by Marsaglia's
 * (1964) method: x = -log(U1)/r, y = -log(U2) until 2y >= x^2, then r + x.
 * It replaced the polar method (2.5 uniforms, a log, a sqrt and a
 * division per value: 20% of a Hefei-scale year, issue 19).
 */
#ifndef FS_ZIGGURAT_H
#define FS_ZIGGURAT_H

#include "sim/fmath.h"
#include "sim/rng.h"
#include "sim/ziggurat_exp_table.h"
#include "sim/ziggurat_normal_table.h"

/* The slow paths (about 1 % of draws: a wedge test or the tail), out of
 * line in ziggurat.c: inlined, they made every caller save and restore a
 * dozen registers per draw (about 20 instructions, as many as the fast
 * path itself; callgrind on a Hefei-scale year). `bits` is the draw that
 * missed the layer's rectangle; they carry on the same stream exactly as
 * the single inline loop they were split from did, so the variates are
 * the same to the bit. */
double fs__ziggurat_exp1_slow(fs_rng *r, uint64_t bits);
double fs__ziggurat_normal_slow(fs_rng *r, uint64_t bits);

static inline double fs_ziggurat_exp1(fs_rng *r)
{
    uint64_t bits = fs_rng_next_u64(r);
    unsigned i = (unsigned)(bits & 0xff);
    double x = (double)(bits >> 11) * 0x1.0p-53 * fs__zig_exp_x[i];
    if (__builtin_expect(x < fs__zig_exp_x[i + 1], 1))
        return x;
    return fs__ziggurat_exp1_slow(r, bits);
}

static inline double fs_ziggurat_normal(fs_rng *r)
{
    uint64_t bits = fs_rng_next_u64(r);
    unsigned i = (unsigned)(bits & 0xff);
    double x = (double)(bits >> 11) * 0x1.0p-53 * fs__zig_norm_x[i];
    if (__builtin_expect(x < fs__zig_norm_x[i + 1], 1))
        return (bits & 0x100) ? -1.0 * x : x;  /* -1.0 * x is -x exactly */
    return fs__ziggurat_normal_slow(r, bits);
}

#endif /* FS_ZIGGURAT_H */
