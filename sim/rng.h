/* rng.h: random streams for factorysim.
 *
 * Generator: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 2021): 256 bits of state, period 2^256 - 1,
 * passes BigCrush, about 1 ns a draw. Implemented here from the paper's
 * description, inline, because every event draws from it.
 *
 * Stream derivation (docs/engine.md): the 256-bit state of the stream for
 * (master seed, point, replication, name) is four outputs of SplitMix64
 * started from a 64-bit key that mixes the four together:
 *     key = mix(mix(mix(mix(seed) ^ point') ^ replication') ^ fnv1a64(name))
 * where mix is SplitMix64's finaliser and point', replication' are the index
 * times distinct odd constants. The key depends only on those four values,
 * never on the thread or the order runs execute in, so a run's draws are the
 * same on 1 or N threads. Passing the same point for two variants (common
 * random numbers, the default) gives replication k of both the same draws.
 *
 * A stream is a plain value: copy it, embed it; nothing to free.
 */
#ifndef FS_RNG_H
#define FS_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} fs_rng;

/* Seeds r from one 64-bit value through SplitMix64 (all-zero state impossible). */
void fs_rng_seed(fs_rng *r, uint64_t seed);

/* Seeds r as the stream for (master_seed, point, replication, name).
 * name: any NUL-terminated string, e.g. "station/smt/service"; borrowed. */
void fs_rng_init_stream(fs_rng *r, uint64_t master_seed, uint64_t point,
                        uint64_t replication, const char *name);

static inline uint64_t fs__rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Next 64 raw bits. */
static inline uint64_t fs_rng_next_u64(fs_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = fs__rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = fs__rng_rotl(s[3], 45);
    return result;
}

/* Uniform on the open interval (0, 1): 53 bits, offset by half an ulp so
 * that log(u) and 1/u are always finite. */
static inline double fs_rng_uniform(fs_rng *r)
{
    return ((double)(fs_rng_next_u64(r) >> 11) + 0.5) * 0x1.0p-53;
}

#endif /* FS_RNG_H */
