/* rng.c: seeding and stream derivation for xoshiro256** (see rng.h). */
#include "sim/rng.h"

/* SplitMix64's finaliser (Steele, Lea and Flood, OOPSLA 2014): a bijection
 * on 64 bits with full avalanche, so nearby keys give unrelated streams. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t splitmix64_next(uint64_t *x)
{
    *x += 0x9e3779b97f4a7c15ULL;
    return mix64(*x);
}

/* FNV-1a, 64-bit: a stable hash of the stream name, identical on every
 * platform (unlike g_str_hash, which is free to change between versions). */
static uint64_t fnv1a64(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

void fs_rng_seed(fs_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64_next(&x);
    /* SplitMix64 outputs are a bijection of distinct counters, so the four
     * words cannot all be zero; the generator's one forbidden state is out. */
}

void fs_rng_init_stream(fs_rng *r, uint64_t master_seed, uint64_t point,
                        uint64_t replication, const char *name)
{
    uint64_t key = mix64(master_seed);
    key = mix64(key ^ (point * 0xd1b54a32d192ed03ULL + 1));
    key = mix64(key ^ (replication * 0x8cb92ba72f3d8dd7ULL + 1));
    key = mix64(key ^ fnv1a64(name ? name : ""));
    fs_rng_seed(r, key);
}
