/* suggest.h: "did you mean" for names typed in scenario files and options.
 *
 * Damerau-free Levenshtein distance (insert, delete, substitute) on bytes;
 * a candidate is suggested when its distance is at most max(2, len/3) and
 * less than the word's length, so "statoin" finds "station" and "rnu"
 * finds "run", but "queue" does not find "sink".
 */
#ifndef FS_SUGGEST_H
#define FS_SUGGEST_H

#include <glib.h>

/* Edit distance between a and b (both NUL-terminated). */
guint fs_suggest_distance(const char *a, const char *b);

/* The closest of the NULL-terminated candidates to word, or NULL when none
 * is close enough. Borrowed from candidates. */
const char *fs_suggest_closest(const char *word, const char *const *candidates);

/* Appends "; did you mean 'X'?" to msg when a close candidate exists. */
void fs_suggest_append(GString *msg, const char *word, const char *const *candidates);

#endif /* FS_SUGGEST_H */
