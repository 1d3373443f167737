#include "sked/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sked/xalloc.h"

/* Eight bytes at a time, for the ASCII fast paths below. */
static const uint64_t text_high = 0x8080808080808080u;
static const uint64_t text_ones = 0x0101010101010101u;

static uint64_t
text_word(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof(w));
	return w;
}

size_t
text_printable_run(const char *buf, size_t n)
{
	const unsigned char *s = (const unsigned char *)buf;
	static const uint64_t space = 0x2020202020202020u,
			      del = 0x7F7F7F7F7F7F7F7Fu;
	size_t i = 0;
	/* A word of printable ASCII has no byte with its high bit set, none
	 * below 0x20 (w - 0x20..20 borrows into the high bit of such a
	 * byte) and none equal to 0x7F (a zero byte of w ^ 0x7F..7F). */
	for (; n - i >= 8; i += 8) {
		uint64_t w = text_word(s + i), x = w ^ del;
		if (((w | ((w - space) & ~w) | ((x - text_ones) & ~x)) &
		     text_high) != 0)
			break;
	}
	while (i < n && s[i] >= 0x20 && s[i] < 0x7F)
		i++;
	return i;
}

size_t
text_utf8_valid(const char *buf, size_t n)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;
	while (i < n) {
		/* Whole words of ASCII without NUL: a byte of w - 0x01..01
		 * has its high bit set only past a NUL or a byte >= 0x80.
		 * Four words at a time first: one test for 32 bytes. */
		while (n - i >= 32) {
			uint64_t a = text_word(s + i), b = text_word(s + i + 8),
				 c = text_word(s + i + 16),
				 d = text_word(s + i + 24);
			if (((a | (a - text_ones) | b | (b - text_ones) | c |
			      (c - text_ones) | d | (d - text_ones)) &
			     text_high) != 0)
				break;
			i += 32;
		}
		while (n - i >= 8) {
			uint64_t w = text_word(s + i);
			if (((w | (w - text_ones)) & text_high) != 0)
				break;
			i += 8;
		}
		if (i == n)
			break;
		uint32_t cp;
		size_t len = s[i] == 0 ? 0
			     : s[i] < 0x80 ? 1
					   : text_utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			return i;
		i += len;
	}
	return n;
}

size_t
text_ascii_prefix(const char *buf, size_t n)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;
	/* Only the high bits matter: 32 bytes a test, then 8, then one. */
	while (n - i >= 32) {
		uint64_t a = text_word(s + i), b = text_word(s + i + 8),
			 c = text_word(s + i + 16), d = text_word(s + i + 24);
		if (((a | b | c | d) & text_high) != 0)
			break;
		i += 32;
	}
	while (n - i >= 8 && (text_word(s + i) & text_high) == 0)
		i += 8;
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* Whether cp leaves any text it is in as NFC finds it (its quick check
 * "yes", and never the second of a pair that composes). Below U+0300
 * every character does: none decomposes, none composes with what
 * precedes it. Above, one of combining class 0 that is no second of a
 * composition (utf8proc marks those with a comb_index from 0x8000;
 * Hangul's vowel and trailing jamo compose without its table) and that
 * NFC keeps as it is alone (not a singleton or an excluded composition),
 * which only a character with a canonical decomposition may not. */
static bool
text_nfc_stable(uint32_t cp)
{
	if (cp < 0x300)
		return true;
	if ((cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2))
		return false;
	const utf8proc_property_t *p = utf8proc_get_property((int32_t)cp);
	if (p->combining_class != 0 ||
	    (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000))
		return false;
	if (p->decomp_seqindex == UINT16_MAX ||
	    p->decomp_type != 0) /* compatibility: NFC keeps it */
		return true;
	utf8proc_uint8_t in[4], *out = NULL;
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, in);
	utf8proc_ssize_t k = utf8proc_map(in, n, &out,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	bool same = k == n && memcmp(in, out, (size_t)n) == 0;
	free(out);
	return same;
}

char *
text_nfc(const char *s, size_t n, size_t *out_len)
{
	size_t i = text_ascii_prefix(s, n);
	const unsigned char *u = (const unsigned char *)s;
	/* Lead bytes below 0xCC: characters below U+0300. */
	while (i < n && u[i] < 0xCC)
		i++;
	while (i < n) {
		uint32_t cp;
		size_t k = text_utf8_decode(u + i, n - i, &cp);
		if (k == 0)
			return NULL; /* not UTF-8: not the caller's text */
		if (!text_nfc_stable(cp))
			break;
		i += k;
	}
	if (i == n)
		return NULL;
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s,
					  (utf8proc_ssize_t)n, &out,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (k < 0 || ((size_t)k == n && memcmp(out, s, n) == 0)) {
		free(out);
		return NULL;
	}
	*out_len = (size_t)k;
	return (char *)out;
}

size_t
text_utf8_valid_nul(const char *buf, size_t n)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;
	/* NUL is ASCII: the runs of ASCII go by at once, then a sequence. */
	while ((i += text_ascii_prefix(buf + i, n - i)) < n) {
		uint32_t cp;
		size_t len = text_utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			return i;
		i += len;
	}
	return n;
}

size_t
text_utf8_chars(const char *buf, size_t n)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, chars = n;
	for (; n - i >= 8; i += 8) {
		uint64_t w = text_word(s + i);
		/* A continuation byte is 10xxxxxx: bit 7 set, bit 6 (moved
		 * to bit 7 by the shift) clear. */
		uint64_t cont = w & ~(w << 1) & text_high;
		if (cont != 0)
			chars -= (size_t)__builtin_popcountll(cont);
	}
	for (; i < n; i++)
		chars -= (s[i] & 0xC0) == 0x80;
	return chars;
}

/* The bytes a UTF-8 character starting with byte c has: 1 for ASCII and
 * for a byte that starts none. */
static size_t
text_lead_len(unsigned char c)
{
	return c >= 0xF0 && c <= 0xF7	? 4
	       : c >= 0xE0 && c <= 0xEF ? 3
	       : c >= 0xC0 && c <= 0xDF ? 2
					: 1;
}

size_t
text_char_before(const char *s, size_t i)
{
	/* Back over continuation bytes to the lead byte that claims them;
	 * bytes no lead claims (Latin-1's 0x80-0xBF) are one each. */
	for (size_t k = 1; k <= 4 && k <= i; k++) {
		unsigned char c = (unsigned char)s[i - k];
		if ((c & 0xC0) != 0x80)
			return text_lead_len(c) >= k ? i - k : i - 1;
	}
	return i > 0 ? i - 1 : 0;
}

size_t
text_char_after(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return n;
	size_t len = text_lead_len((unsigned char)s[i]), k = 1;
	while (k < len && i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
		k++;
	return i + k;
}

size_t
text_cluster_before(const char *s, size_t n, size_t i)
{
	size_t at = 0, before = 0;
	if (i > n)
		i = n;
	while (at < i) {
		int cols;
		before = at;
		at += text_cluster(s + at, n - at, &cols, NULL);
	}
	return before;
}

size_t
text_cluster_after(const char *s, size_t n, size_t i)
{
	size_t at = 0;
	while (at < n) {
		int cols;
		size_t next = at + text_cluster(s + at, n - at, &cols, NULL);
		if (next > i)
			return next;
		at = next;
	}
	return n;
}

size_t
text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

size_t
text_lf(char *dst, const char *s, size_t n)
{
	/* Runs without a CR in one piece: most text has none, and a
	 * character at a time was a tenth of importing FOSDEM's XML. */
	size_t o = 0, i = 0;
	while (i < n) {
		const char *cr = memchr(s + i, '\r', n - i);
		size_t run = cr ? (size_t)(cr - (s + i)) : n - i;
		if (dst + o != s + i)
			memmove(dst + o, s + i, run);
		o += run;
		i += run;
		if (i < n) {
			dst[o++] = '\n';
			i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
		}
	}
	return o;
}

static const char text_replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Given that s[i] starts an escape or control sequence introduced by code
 * point cp of length len, returns the index just past the whole sequence. */
static size_t
text_skip_sequence(const unsigned char *s, size_t n, size_t i, uint32_t cp,
		   size_t len)
{
	size_t j = i + len;
	enum { PLAIN, CSI, STRING } kind = PLAIN;
	if (cp == 0x1B) {
		if (j >= n)
			return j;
		unsigned char c = s[j];
		if (c == '[') {
			kind = CSI;
			j++;
		} else if (c == ']' || c == 'P' || c == '_' || c == '^' ||
			   c == 'X') {
			kind = STRING;
			j++;
		} else {
			/* ESC, intermediates 0x20-0x2F, one final byte. */
			while (j < n && s[j] >= 0x20 && s[j] <= 0x2F)
				j++;
			if (j < n && s[j] >= 0x30 && s[j] <= 0x7E)
				j++;
			return j;
		}
	} else if (cp == 0x9B) {
		kind = CSI;
	} else if (cp == 0x9D || cp == 0x90 || cp == 0x9E || cp == 0x9F ||
		   cp == 0x98) {
		kind = STRING;
	}
	if (kind == CSI) {
		while (j < n && s[j] >= 0x20 && s[j] <= 0x3F)
			j++;
		if (j < n && s[j] >= 0x40 && s[j] <= 0x7E)
			j++;
	} else if (kind == STRING) {
		/* Up to BEL, ESC \ or 8-bit ST (U+009C), all swallowed. */
		while (j < n) {
			if (s[j] == 0x07)
				return j + 1;
			if (s[j] == 0x1B)
				return j + 1 < n && s[j + 1] == '\\' ? j + 2 : j + 1;
			if (s[j] == 0xC2 && j + 1 < n && s[j + 1] == 0x9C)
				return j + 2;
			if (s[j] == '\n')
				return j; /* never swallow following lines */
			j++;
		}
	}
	return j;
}

static bool
text_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

/* Invisible format characters that reorder or hide text: a terminal would
 * show a line other than the one in the file. The joiners U+200C/U+200D
 * stay (scripts and emoji need them), as do the soft hyphen and the
 * visible prepended marks (U+0600...). */
static bool
text_is_hidden_format(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
	} ranges[] = {
		{0x061C, 0x061C},   /* ARABIC LETTER MARK (bidi) */
		{0x180E, 0x180E},   /* MONGOLIAN VOWEL SEPARATOR */
		{0x200B, 0x200B},   /* ZERO WIDTH SPACE */
		{0x200E, 0x200F},   /* LRM, RLM (bidi) */
		{0x202A, 0x202E},   /* LRE RLE PDF LRO RLO (bidi) */
		{0x2060, 0x2064},   /* WORD JOINER, invisible operators */
		{0x2066, 0x2069},   /* LRI RLI FSI PDI (bidi) */
		{0x206A, 0x206F},   /* deprecated format characters */
		{0xFEFF, 0xFEFF},   /* ZERO WIDTH NO-BREAK SPACE, BOM */
		{0xFFF9, 0xFFFB},   /* interlinear annotation: hides text */
		{0x1BCA0, 0x1BCA3}, /* shorthand format controls */
		{0x1D173, 0x1D17A}, /* musical symbol format characters */
		{0xE0001, 0xE0001}, /* LANGUAGE TAG */
		{0xE0020, 0xE007F}, /* tag characters: invisible ASCII */
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return true;
	return false;
}

bool
text_is_unsafe(uint32_t cp)
{
	return text_is_control(cp) || text_is_hidden_format(cp);
}

/* Walks s, calling emit(dst, bytes, len) for output; returns false at the
 * first change when dst is NULL (a "check only" pass). */
static bool
text_walk(const unsigned char *s, size_t n, int flags, char *dst,
	  size_t *dlen)
{
	size_t i = 0, o = 0;
	while (i < n) {
		/* Printable ASCII, which nothing here changes: a whole run
		 * at once (it cannot be inside a sequence being skipped,
		 * which ends before the next character is looked at). */
		size_t run = text_printable_run((const char *)s + i, n - i);
		if (run) {
			if (dst != NULL)
				memcpy(dst + o, s + i, run);
			o += run;
			i += run;
			continue;
		}
		uint32_t cp;
		size_t len = text_utf8_decode(s + i, n - i, &cp);
		const char *out;
		size_t olen;
		if (len == 0) {
			out = text_replacement, olen = 3, len = 1;
		} else if (cp == '\n' || cp == '\r' || cp == 0x2028 ||
			   cp == 0x2029) {
			/* A line break, however written: CR LF is one, so is
			 * a lone CR (which would otherwise overwrite the
			 * line) and the Unicode line and paragraph
			 * separators. */
			if (cp == '\r' && i + 1 < n && s[i + 1] == '\n')
				len = 2;
			if (flags & TEXT_KEEP_NEWLINE)
				out = "\n", olen = 1;
			else
				out = " ", olen = 1;
		} else if (cp == '\t' && (flags & TEXT_KEEP_TAB)) {
			out = "\t", olen = 1;
		} else if (cp == '\t') {
			out = " ", olen = 1;
		} else if (text_is_hidden_format(cp)) {
			out = text_replacement, olen = 3;
		} else if (text_is_control(cp)) {
			size_t end = text_skip_sequence(s, n, i, cp, len);
			len = end - i;
			out = text_replacement, olen = 3;
		} else {
			out = (const char *)s + i, olen = len;
		}
		if (dst == NULL) {
			if (olen != len || memcmp(out, s + i, len) != 0)
				return false;
		} else {
			memcpy(dst + o, out, olen);
		}
		o += olen;
		i += len;
	}
	if (dlen)
		*dlen = o;
	return true;
}

bool
text_is_clean(const char *s, size_t n, int flags)
{
	return text_walk((const unsigned char *)s, n, flags, NULL, NULL);
}

size_t
text_sanitize_into(char *dst, const char *s, size_t n, int flags)
{
	size_t o;
	text_walk((const unsigned char *)s, n, flags, dst, &o);
	return o;
}

char *
text_sanitize(const char *s, size_t n, int flags)
{
	/* Every input byte yields at most 3 output bytes; zeros follow the
	 * text (TEXT_PAD), which a search reads past its end when it finds
	 * what to highlight (search_spans). */
	char *out = xmalloc(3 * n + 1 + TEXT_PAD);
	memset(out + text_sanitize_into(out, s, n, flags), 0, 1 + TEXT_PAD);
	return out;
}

int
text_cp_width(uint32_t cp)
{
	/* A control character is drawn as U+FFFD, once sanitized. */
	if (text_is_control(cp))
		return 1;
	const utf8proc_property_t *p = utf8proc_get_property((int32_t)cp);
	int w = utf8proc_charwidth((utf8proc_int32_t)cp);
	/* A spacing mark (a Devanagari, Bengali or Tamil vowel sign: "ि"
	 * of "हि") takes a column of its own in the C library's wcwidth, as
	 * curses, tmux and terminals count it; utf8proc gives it none, and
	 * the browser then drew the base of its cluster alone. */
	if (w == 0 && p->category == UTF8PROC_CATEGORY_MC)
		return 1;
	return w;
}

/* What turns an emoji into a sequence drawn as one picture: VS16 (emoji
 * presentation), a skin-tone modifier, a zero width joiner. */
static bool
text_emoji_part(uint32_t cp)
{
	return cp == 0xFE0F || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

size_t
text_cluster(const char *str, size_t n, int *cols, bool *emoji)
{
	const unsigned char *s = (const unsigned char *)str;
	if (emoji)
		*emoji = false;
	/* ASCII before ASCII or the end is a cluster of its own (CR LF
	 * aside, which stored text never has): most text, at once. */
	if (s[0] < 0x80 && (n == 1 || s[1] < 0x80)) {
		*cols = 1;
		return 1;
	}
	uint32_t cp;
	size_t i = text_utf8_decode(s, n, &cp);
	if (i == 0) {
		*cols = 1; /* an invalid byte, shown as U+FFFD */
		return 1;
	}
	const utf8proc_property_t *base = utf8proc_get_property((utf8proc_int32_t)cp);
	bool pict = base->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC;
	int ri = base->boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR;
	bool sequence = false;
	int w = text_cp_width(cp);
	utf8proc_int32_t state = 0, prev = (utf8proc_int32_t)cp;
	while (i < n) {
		uint32_t next;
		size_t len = text_utf8_decode(s + i, n - i, &next);
		if (len == 0 ||
		    utf8proc_grapheme_break_stateful(prev, (utf8proc_int32_t)next,
						     &state))
			break;
		sequence |= text_emoji_part(next);
		int bc = utf8proc_get_property((utf8proc_int32_t)next)->boundclass;
		ri += bc == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR;
		/* Hangul vowel and final jamo join the syllable's block. */
		if (bc != UTF8PROC_BOUNDCLASS_V && bc != UTF8PROC_BOUNDCLASS_T)
			w += text_cp_width(next);
		prev = (utf8proc_int32_t)next;
		i += len;
	}
	if ((pict && sequence) || ri == 2) {
		/* One picture, two columns, whatever its parts' widths. */
		w = 2;
		if (emoji)
			*emoji = true;
	}
	*cols = w;
	return i;
}

size_t
text_fit(const char *s, size_t n, int width, int *cols)
{
	size_t i = 0;
	int used = 0;
	while (i < n) {
		int w;
		size_t len = text_cluster(s + i, n - i, &w, NULL);
		if (used + w > width)
			break;
		used += w;
		i += len;
	}
	if (cols)
		*cols = used;
	return i;
}

int
text_width(const char *s, size_t n)
{
	int cols;
	text_fit(s, n, 1 << 30, &cols);
	return cols;
}

static void
text_push_line(struct text_line **v, size_t *n, size_t *cap, size_t off,
	       size_t len, int indent)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[(*n)++] = (struct text_line){off, len, indent};
}

size_t
text_wrap(const char *s, int width, struct text_line **lines)
{
	size_t n = 0, cap = 0;
	*lines = NULL;
	if (width < 1)
		width = 1;
	size_t pos = 0, total = strlen(s);
	/* A trailing line break ends the text; it adds no empty line. */
	while (total > 0 && s[total - 1] == '\n')
		total--;
	while (pos <= total) {
		const char *nl = memchr(s + pos, '\n', total - pos);
		size_t end = nl ? (size_t)(nl - s) : total;
		/* Indentation, and a list item's hanging indent. */
		size_t lead = pos;
		while (lead < end && s[lead] == ' ')
			lead++;
		int indent = (int)(lead - pos);
		int hang = indent;
		if (end - lead >= 2 && s[lead] == '-' && s[lead + 1] == ' ')
			hang = indent + 2;
		if (indent >= width)
			indent = hang = 0;
		if (hang >= width)
			hang = indent;
		size_t at = lead;
		int first = 1;
		if (at == end)
			text_push_line(lines, &n, &cap, at, 0, 0);
		while (at < end) {
			int room = width - (first ? indent : hang);
			int cols;
			size_t fit = text_fit(s + at, end - at, room, &cols);
			size_t len = fit;
			if (at + fit < end) {
				/* Break at the last space that fits. */
				size_t sp = fit;
				while (sp > 0 && s[at + sp] != ' ')
					sp--;
				if (sp > 0)
					len = sp;
				if (len == 0) { /* a character wider than the room */
					int w;
					len = fit ? fit
						  : text_cluster(s + at, end - at,
								 &w, NULL);
				}
			}
			text_push_line(lines, &n, &cap, at, len,
				       first ? indent : hang);
			at += len;
			while (at < end && s[at] == ' ')
				at++;
			first = 0;
		}
		if (nl == NULL)
			break;
		pos = end + 1;
	}
	return n;
}

/* Optimal string alignment distance (edits and transpositions), caseless
 * for ASCII, of strings of at most 64 bytes. */
static size_t
text_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			char x = a[i - 1], y = b[j - 1];
			x = x >= 'A' && x <= 'Z' ? (char)(x - 'A' + 'a') : x;
			y = y >= 'A' && y <= 'Z' ? (char)(y - 'A' + 'a') : y;
			size_t v = d[i - 1][j - 1] + (x != y);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

const char *
text_suggest(const char *word, const char *const *names, size_t n)
{
	size_t lw = strlen(word);
	if (lw == 0 || lw > 64)
		return NULL;
	/* One edit in a short key, two in a longer one, three in a long
	 * one: closer than that, a key is more likely another word. */
	size_t limit = lw <= 4 ? 1 : lw <= 8 ? 2 : 3;
	const char *best = NULL;
	size_t best_d = limit + 1;
	for (size_t i = 0; i < n; i++) {
		if (strlen(names[i]) > 64)
			continue;
		size_t d = text_distance(word, names[i]);
		if (d < best_d && d < lw) {
			best = names[i];
			best_d = d;
		}
	}
	return best;
}

/* The length of the space character that starts s[0..n), or 0. */
static size_t
text_space_len(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' ||
		       s[0] == '\n'))
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF))
		return 3; /* U+2000..U+200A, U+202F */
	if (n >= 3 && ((s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||
		       (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
		       (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)))
		return 3; /* U+205F, U+3000, U+1680 */
	return 0;
}

size_t
text_trim(const char **s, size_t n)
{
	const unsigned char *p = (const unsigned char *)*s;
	for (size_t k; n > 0 && (k = text_space_len(p, n)) > 0;)
		p += k, n -= k;
	while (n > 0) {
		size_t b = text_char_before((const char *)p, n);
		if (text_space_len(p + b, n - b) != n - b)
			break;
		n = b;
	}
	*s = (const char *)p;
	return n;
}
