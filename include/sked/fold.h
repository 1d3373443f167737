/* fold: text with its accents removed, so that plain letters match
 * accented ones ("canuelo" finds "CAÑUELO"), with offsets mapped back to
 * the original text. Uses utf8proc's canonical decomposition: combining
 * marks are dropped, case is kept. */
#ifndef SKED_FOLD_H
#define SKED_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..n) may change when folded (it has non-ASCII bytes). */
bool fold_needed(const char *s, size_t n);

/* The folded text of s[0..n) (valid UTF-8), NUL-terminated, which the
 * caller frees; *out_len gets its length. When map is not NULL, *map gets
 * an array (the caller frees) of *out_len + 1 entries: for each byte of
 * the folded text, the offset in s of the character it came from, and
 * map[*out_len] == n. */
char *fold_strip(const char *s, size_t n, size_t *out_len, uint32_t **map);

#endif
