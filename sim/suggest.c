/* suggest.c: closest-name suggestions (suggest.h). */
#include "sim/suggest.h"

#include <string.h>

guint fs_suggest_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    /* Two rows of the dynamic-programming table: names are short, so the
     * O(la*lb) time is nothing and the memory is two small arrays. */
    guint *prev = g_new(guint, lb + 1), *cur = g_new(guint, lb + 1);
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (guint)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (guint)i;
        for (size_t j = 1; j <= lb; j++) {
            guint sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            guint del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = MIN(sub, MIN(del, ins));
        }
        guint *tmp = prev;
        prev = cur;
        cur = tmp;
    }
    guint d = prev[lb];
    g_free(prev);
    g_free(cur);
    return d;
}

const char *fs_suggest_closest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    guint best_d = G_MAXUINT;
    /* Two edits cover a transposition ("rnu" -> "run"); never as many
     * edits as the word has letters, or anything would match "ab". */
    guint len = (guint)strlen(word);
    guint limit = MIN(MAX(2u, len / 3u), len > 0 ? len - 1 : 0);
    for (size_t i = 0; candidates && candidates[i]; i++) {
        guint d = fs_suggest_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best_d <= limit ? best : NULL;
}

void fs_suggest_append(GString *msg, const char *word, const char *const *candidates)
{
    const char *best = fs_suggest_closest(word, candidates);
    if (best)
        g_string_append_printf(msg, "; did you mean '%s'?", best);
}
