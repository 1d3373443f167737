/* fold: text reduced to plain letters, so that a pattern typed on an
 * ASCII keyboard matches accented and foreign letters ("canuelo" finds
 * "CAÑUELO", "klos" "Kłos", "gross" "Groß"), with offsets mapped back to
 * the original text.
 *
 * Each character goes through utf8proc's canonical decomposition with its
 * combining marks dropped; what is left outside ASCII then through glibc's
 * transliteration (iconv "ASCII//TRANSLIT": ł l, ß ss, ø o, ı i, Æ AE),
 * under the C.UTF-8 locale whatever the caller's (the transliteration
 * tables are LC_CTYPE's, and "C" has none). A character neither step
 * makes ASCII (日, α) is kept as it is. Case is kept. ASCII text is not
 * converted at all. Not for concurrent use from several threads (one
 * conversion descriptor is shared). */
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
 * map[*out_len] == n. A character that folds to several (ß to "ss") maps
 * each of their bytes to its own offset; see fold_map_end. TEXT_PAD zeros
 * follow the NUL (text.h). */
char *fold_strip(const char *s, size_t n, size_t *out_len, uint32_t **map);

struct buf;
/* The same folded text appended to b (NUL-terminated after it), without
 * a map: its length. For a caller folding text after text into memory it
 * reuses (a one-shot search, search.h). */
size_t fold_append(struct buf *b, const char *s, size_t n);

/* The offset in the original text where a match ending at folded byte
 * end (0 < end <= out_len) ends: past the whole character the folded byte
 * end - 1 came from, so that a match of part of a folded character ("s"
 * in the "ss" of ß) still covers that character. */
size_t fold_map_end(const uint32_t *map, size_t out_len, size_t end);

/* A key to sort s[0..n) by, NUL-terminated, which the caller frees: its
 * folded text with case folded too ("topel" for "Töpel", "leger" for
 * "LÉGER"), so that keys compared with strcmp put names in the order a
 * reader looks for them, not the order of their bytes (Ö after z). Two
 * texts may have one key ("Lee", "lee"): the caller breaks the tie. */
char *fold_key(const char *s, size_t n);

#endif
