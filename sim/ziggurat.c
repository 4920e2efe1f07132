/* ziggurat.c: the ziggurat's slow paths (ziggurat.h has the method). Each
 * finishes the draw `bits` that missed its layer's rectangle, then loops
 * as the inline fast path does, on the same stream. */
#include "sim/ziggurat.h"

__attribute__((noinline)) double fs__ziggurat_exp1_slow(fs_rng *r, uint64_t bits)
{
    for (;;) {
        unsigned i = (unsigned)(bits & 0xff);
        double x = (double)(bits >> 11) * 0x1.0p-53 * fs__zig_exp_x[i];
        if (x < fs__zig_exp_x[i + 1])
            return x;
        if (i == 0)
            return FS__ZIG_EXP_R - fs_fmath_log(fs_rng_uniform(r));
        double y = fs__zig_exp_f[i] + fs_rng_uniform(r) * (fs__zig_exp_f[i + 1] - fs__zig_exp_f[i]);
        if (y < fs_fmath_exp(-x))
            return x;
        bits = fs_rng_next_u64(r);
    }
}

__attribute__((noinline)) double fs__ziggurat_normal_slow(fs_rng *r, uint64_t bits)
{
    for (;;) {
        unsigned i = (unsigned)(bits & 0xff);
        double sign = (bits & 0x100) ? -1.0 : 1.0;
        double x = (double)(bits >> 11) * 0x1.0p-53 * fs__zig_norm_x[i];
        if (x < fs__zig_norm_x[i + 1])
            return sign * x;
        if (i == 0) {
            double t, y;
            do {
                t = -fs_fmath_log(fs_rng_uniform(r)) * (1.0 / FS__ZIG_NORM_R);
                y = -fs_fmath_log(fs_rng_uniform(r));
            } while (y + y < t * t);
            return sign * (FS__ZIG_NORM_R + t);
        }
        double y = fs__zig_norm_f[i] + fs_rng_uniform(r) * (fs__zig_norm_f[i + 1] - fs__zig_norm_f[i]);
        if (y < fs_fmath_exp(-0.5 * x * x))
            return sign * x;
        bits = fs_rng_next_u64(r);
    }
}
