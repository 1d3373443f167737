#include "sked/fold.h"

#include <iconv.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sked/buf.h"
#include "sked/text.h"
#include "sked/xalloc.h"

bool
fold_needed(const char *s, size_t n)
{
	return text_ascii_prefix(s, n) < n;
}

/* ---- transliteration ---- */

enum { FOLD_TRANSLIT_MAX = 8 }; /* bytes; longer ones ("(C)"...) are kept */

/* The C.UTF-8 locale and the conversion, made on first use. When either
 * is missing (a libc without C.UTF-8), characters are only decomposed. */
static struct {
	bool tried;
	locale_t loc;
	iconv_t cd;
} fold_tr = {false, (locale_t)0, (iconv_t)-1};

static bool
fold_translit_ready(void)
{
	if (!fold_tr.tried) {
		fold_tr.tried = true;
		fold_tr.loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (fold_tr.loc != (locale_t)0)
			fold_tr.cd = iconv_open("ASCII//TRANSLIT", "UTF-8");
	}
	return fold_tr.cd != (iconv_t)-1;
}

/* cp's ASCII transliteration into out; its length, or 0 when there is
 * none (glibc writes '?' for a character it has no rule for). */
static size_t
fold_translit(uint32_t cp, char out[FOLD_TRANSLIT_MAX])
{
	if (!fold_translit_ready())
		return 0;
	char in[4];
	size_t in_len = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
						     (utf8proc_uint8_t *)in);
	char *ip = in, *op = out;
	size_t il = in_len, ol = FOLD_TRANSLIT_MAX;
	/* The tables are looked up in the thread's locale at conversion
	 * time: C.UTF-8's, whatever the caller has set. */
	locale_t old = uselocale(fold_tr.loc);
	size_t r = iconv(fold_tr.cd, &ip, &il, &op, &ol);
	uselocale(old);
	iconv(fold_tr.cd, NULL, NULL, NULL, NULL);
	size_t len = (size_t)(op - out);
	if (r == (size_t)-1 || il != 0 || len == 0 || memchr(out, '?', len))
		return 0;
	return len;
}

/* ---- folding ---- */

/* The folded form of cp (not ASCII) into out; its length. */
static size_t
fold_char_slow(uint32_t cp, char *out)
{
	utf8proc_int32_t parts[8];
	int bound = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(
		(utf8proc_int32_t)cp, parts, 8,
		UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &bound);
	if (k < 0 || k > 8) {
		parts[0] = (utf8proc_int32_t)cp;
		k = 1;
	}
	size_t o = 0;
	for (utf8proc_ssize_t p = 0; p < k; p++) {
		size_t t = parts[p] < 0x80
			? 0 : fold_translit((uint32_t)parts[p], out + o);
		if (t == 0)
			t = (size_t)utf8proc_encode_char(parts[p],
							 (utf8proc_uint8_t *)out + o);
		o += t;
	}
	return o;
}

/* The folded forms of recent characters: a text repeats the few letters
 * of its languages, and a conversion through iconv costs ten times a look
 * here (Cyrillic text folded 10 times slower without it). Direct-mapped. */
enum { FOLD_CACHE = 512, FOLD_CACHE_BYTES = 15 };
struct fold_cached {
	uint32_t cp; /* 0: empty (never a key: NUL is ASCII) */
	uint8_t len;
	char s[FOLD_CACHE_BYTES];
};
static struct fold_cached fold_cache[FOLD_CACHE];

/* The same, through the cache. */
static size_t
fold_char(uint32_t cp, char *out)
{
	struct fold_cached *c = &fold_cache[cp % FOLD_CACHE];
	if (c->cp == cp) {
		memcpy(out, c->s, c->len);
		return c->len;
	}
	size_t n = fold_char_slow(cp, out);
	if (n <= FOLD_CACHE_BYTES) {
		c->cp = cp;
		c->len = (uint8_t)n;
		memcpy(c->s, out, n);
	}
	return n;
}

/* Folds s[0..n) onto b (from its end, NUL-terminated after); when map
 * is not NULL, *map (of *mcap entries, grown with b) gets for each byte
 * written the offset in s of the character it came from. The one loop
 * of fold_strip and fold_append. */
static void
fold_onto(struct buf *b, const char *s, size_t n, uint32_t **map,
	  size_t *mcap)
{
	size_t base = b->n, i = 0;
	/* Folding rarely makes text longer: room for the text and one
	 * character's worst case (8 parts of FOLD_TRANSLIT_MAX bytes) at
	 * once, so that text that does not grow is never copied again. */
	buf_room(b, n + 8 * FOLD_TRANSLIT_MAX);
	while (i < n) {
		/* A run of ASCII at once (it stays as it is), then one
		 * character. */
		size_t run = text_ascii_prefix(s + i, n - i);
		size_t len = run, w = run;
		char *out = buf_room(b, run + 8 * FOLD_TRANSLIT_MAX);
		if (run > 0) {
			memcpy(out, s + i, run);
		} else {
			uint32_t cp;
			len = text_utf8_decode((const unsigned char *)s + i,
					       n - i, &cp);
			if (len == 0) {
				cp = 0xFFFD;
				len = 1;
			}
			w = fold_char(cp, out);
		}
		if (map != NULL) {
			if (*mcap < b->cap) {
				*map = xreallocarray(*map, b->cap, sizeof(**map));
				*mcap = b->cap;
			}
			/* A run maps byte to byte; a folded character's
			 * bytes all map to where it starts. */
			uint32_t *m = *map + (b->n - base);
			for (size_t k = 0; k < w; k++)
				m[k] = (uint32_t)(run > 0 ? i + k : i);
		}
		b->n += w;
		i += len;
	}
	b->v[b->n] = '\0';
}

char *
fold_strip(const char *s, size_t n, size_t *out_len, uint32_t **map)
{
	struct buf b = {0};
	uint32_t *m = NULL;
	size_t mcap = 0;
	fold_onto(&b, s, n, map ? &m : NULL, &mcap);
	*out_len = b.n;
	/* Zeros after it: a search reads past its end (search_spans). */
	memset(buf_room(&b, TEXT_PAD), 0, TEXT_PAD + 1); /* room for n + 1 */
	if (map) {
		if (mcap < b.n + 1)
			m = xreallocarray(m, b.n + 1, sizeof(*m));
		m[b.n] = (uint32_t)n;
		*map = m;
	}
	return b.v;
}

size_t
fold_append(struct buf *b, const char *s, size_t n)
{
	size_t start = b->n;
	fold_onto(b, s, n, NULL, NULL);
	return b->n - start;
}

size_t
fold_map_end(const uint32_t *map, size_t out_len, size_t end)
{
	/* map never decreases and map[out_len] is the original's length. */
	size_t from = map[end - 1];
	while (end < out_len && map[end] == from)
		end++;
	return map[end];
}

char *
fold_key(const char *s, size_t n)
{
	size_t len;
	char *folded = fold_strip(s, n, &len, NULL);
	/* What folding leaves outside ASCII (Cyrillic, Greek) through
	 * Unicode's case folding; the rest a byte at a time. */
	if (fold_needed(folded, len)) {
		utf8proc_uint8_t *out = NULL;
		utf8proc_ssize_t k = utf8proc_map(
			(const utf8proc_uint8_t *)folded, (utf8proc_ssize_t)len,
			&out, UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				      UTF8PROC_CASEFOLD);
		if (k >= 0) {
			free(folded);
			return (char *)out;
		}
		free(out);
	}
	for (size_t i = 0; i < len; i++)
		if (folded[i] >= 'A' && folded[i] <= 'Z')
			folded[i] = (char)(folded[i] - 'A' + 'a');
	return folded;
}
