/* spec_cache.c: shared study inputs (spec_cache.h). */
#include "sim/spec_cache.h"

typedef struct {
    gpointer value;
    GDestroyNotify destroy;
} entry;

struct fs_spec_cache {
    GMutex lock;
    GHashTable *entries;  /* char* -> entry* */
};

static void entry_free(gpointer p)
{
    entry *e = p;
    if (e->destroy)
        e->destroy(e->value);
    g_free(e);
}

fs_spec_cache *fs_spec_cache_new(void)
{
    fs_spec_cache *c = g_new0(fs_spec_cache, 1);
    g_mutex_init(&c->lock);
    c->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
    return c;
}

void fs_spec_cache_free(fs_spec_cache *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->entries);
    g_mutex_clear(&c->lock);
    g_free(c);
}

gpointer fs_spec_cache_get(fs_spec_cache *c, const char *key, gpointer (*make)(void *arg, GError **error),
                           void *arg, GDestroyNotify destroy, GError **error)
{
    /* One lock for look-up and making: entries are made once per study, so
     * holding it while making costs nothing that matters and avoids two
     * threads computing the same year of PV. */
    g_mutex_lock(&c->lock);
    entry *e = g_hash_table_lookup(c->entries, key);
    gpointer v = e ? e->value : NULL;
    if (!e) {
        v = make(arg, error);
        if (v) {
            e = g_new0(entry, 1);
            e->value = v;
            e->destroy = destroy;
            g_hash_table_insert(c->entries, g_strdup(key), e);
        }
    }
    g_mutex_unlock(&c->lock);
    return v;
}
