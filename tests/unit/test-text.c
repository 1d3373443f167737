/* Unit tests of text: UTF-8 decoding and terminal sanitizing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>

#include "sked/feed.h"
#include "sked/fold.h"
#include "sked/text.h"

#define FFFD "\xEF\xBF\xBD"

static void
expect_clean(const char *in, int flags, const char *want)
{
	char *got = text_sanitize(in, strlen(in), flags);
	assert_string_equal(got, want);
	free(got);
	assert_int_equal(text_is_clean(in, strlen(in), flags),
			 strcmp(in, want) == 0);
}

/* Character boundaries: whole characters of one to four bytes; a
 * continuation byte no lead claims (Latin-1's 0x80-0xBF in a path) is one
 * of its own: a run of them was walked back to its start (a cut before a
 * message's last bytes left nothing of it). */
static void
test_char_boundaries(void **state)
{
	(void)state;
	const char *s = "a\xC3\xA9\xE2\x80\xA6\xF0\x9F\x98\x80z";
	size_t n = strlen(s);
	assert_int_equal(text_char_before(s, n), 10);
	assert_int_equal(text_char_before(s, 10), 6);
	assert_int_equal(text_char_before(s, 6), 3);
	assert_int_equal(text_char_before(s, 3), 1);
	assert_int_equal(text_char_before(s, 1), 0);
	assert_int_equal(text_char_before(s, 0), 0);
	assert_int_equal(text_char_after(s, n, 0), 1);
	assert_int_equal(text_char_after(s, n, 1), 3);
	assert_int_equal(text_char_after(s, n, 3), 6);
	assert_int_equal(text_char_after(s, n, 6), 10);
	assert_int_equal(text_char_after(s, n, 10), 11);
	assert_int_equal(text_char_after(s, n, 11), 11);
	const char *bad = "ab\x80\x80\x80\x80\x80\x80\x80\x80\x80";
	size_t m = strlen(bad);
	assert_int_equal(text_char_before(bad, m), m - 1);
	assert_int_equal(text_char_before(bad, 3), 2);
	assert_int_equal(text_char_before(bad, 2), 1);
	assert_int_equal(text_char_after(bad, m, 1), 2);
	assert_int_equal(text_char_after(bad, m, 2), 3);
	/* A character cut short is one, both ways. */
	const char *cut = "\xE2\x80z\xC3";
	assert_int_equal(text_char_after(cut, 4, 0), 2);
	assert_int_equal(text_char_before(cut, 2), 0);
	assert_int_equal(text_char_after(cut, 4, 2), 3);
	assert_int_equal(text_char_after(cut, 4, 3), 4);
	assert_int_equal(text_char_before(cut, 4), 3);
}

static void
test_decode(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xC3\xB6", 2, &cp), 2);
	assert_int_equal(cp, 0xF6);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* overlong, surrogate, truncated, stray continuation, > U+10FFFF */
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xE2\x82", 2, &cp), 0);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 0);
}

static void
test_sanitize(void **state)
{
	(void)state;
	expect_clean("plain text, Töpel, 日本語 😀", 0, "plain text, Töpel, 日本語 😀");
	/* OSC 0 window title, ended by BEL or by ST */
	expect_clean("a\x1b]0;pwned\x07z", 0, "a" FFFD "z");
	expect_clean("a\x1b]52;c;ZXZpbA==\x1b\\z", 0, "a" FFFD "z");
	/* CSI clear screen, SGR */
	expect_clean("a\x1b[2Jz", 0, "a" FFFD "z");
	expect_clean("\x1b[1;31mred", 0, FFFD "red");
	/* 8-bit CSI and OSC, encoded as UTF-8 C1 characters */
	expect_clean("a\xc2\x9b" "31mz", 0, "a" FFFD "z");
	expect_clean("a\xc2\x9d" "0;t\x07z", 0, "a" FFFD "z");
	/* lone controls, DEL, invalid bytes */
	expect_clean("a\x01\x7fz", 0, "a" FFFD FFFD "z");
	expect_clean("a\xffz", 0, "a" FFFD "z");
	/* two-character escapes (ESC c resets the terminal) */
	expect_clean("a\x1b" "cz", 0, "a" FFFD "z");
	/* newlines and tabs: kept on request, else spaces */
	expect_clean("a\nb\tc", 0, "a b c");
	expect_clean("a\nb\tc", TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB, "a\nb\tc");
	/* an unterminated OSC stops at the line's end */
	expect_clean("a\x1b]0;x\nnext", TEXT_KEEP_NEWLINE, "a" FFFD "\nnext");
	/* a lone ESC at the end */
	expect_clean("a\x1b", 0, "a" FFFD);
}

/* Text a terminal would show reordered or hidden, and carriage returns. */
static void
test_sanitize_bidi_and_cr(void **state)
{
	(void)state;
	/* The bidi embeddings, overrides and isolates: "Trojan Source" text
	 * such as RLO ... PDF shows reversed. */
	expect_clean("a\u202Eevil\u202Cz", 0, "a" FFFD "evil" FFFD "z");
	static const uint32_t bidi[] = {0x202A, 0x202B, 0x202C, 0x202D,
					0x202E, 0x2066, 0x2067, 0x2068,
					0x2069, 0x200E, 0x200F, 0x061C};
	for (size_t i = 0; i < sizeof(bidi) / sizeof(bidi[0]); i++) {
		char in[16], want[16];
		uint32_t c = bidi[i];
		if (c < 0x800)
			snprintf(in, sizeof(in), "x%c%cy", 0xC0 | (c >> 6),
				 0x80 | (c & 0x3F));
		else
			snprintf(in, sizeof(in), "x%c%c%cy", 0xE0 | (c >> 12),
				 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F));
		snprintf(want, sizeof(want), "x" FFFD "y");
		expect_clean(in, 0, want);
		expect_clean(in, TEXT_KEEP_NEWLINE, want);
	}
	/* Characters that hide text: zero-width space, word joiner, BOM,
	 * tag characters (invisible ASCII), interlinear annotation. */
	expect_clean("a\u200Bb\u2060c\uFEFFd", 0, "a" FFFD "b" FFFD "c" FFFD "d");
	expect_clean("a\U000E0041\U000E0042z", 0, "a" FFFD FFFD "z");
	expect_clean("a\uFFF9hidden\uFFFBz", 0, "a" FFFD "hidden" FFFD "z");
	/* Joiners, which scripts and emoji need, and the soft hyphen stay. */
	expect_clean("\U0001F468\u200D\U0001F4BB \u0915\u094D\u200C\u0937 "
		     "hy\u00ADphen", 0,
		     "\U0001F468\u200D\U0001F4BB \u0915\u094D\u200C\u0937 "
		     "hy\u00ADphen");
	/* CR LF is one line break, so is a lone CR (which would move the
	 * cursor back over the line), and so are U+2028 and U+2029. */
	expect_clean("one\r\ntwo\rthree\nfour", TEXT_KEEP_NEWLINE,
		     "one\ntwo\nthree\nfour");
	expect_clean("one\r\ntwo\rthree", 0, "one two three");
	expect_clean("a\u2028b\u2029c", TEXT_KEEP_NEWLINE, "a\nb\nc");
	expect_clean("a\u2028b\u2029c", 0, "a b c");
	expect_clean("end\r", TEXT_KEEP_NEWLINE, "end\n");
	expect_clean("\r\r\n", 0, "  ");
	/* Arabic and Hebrew text as such is untouched. */
	expect_clean("\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627", 0,
		     "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627");
}

/* Every CR LF and lone CR one LF, in another buffer or in place. */
static void
test_lf(void **state)
{
	(void)state;
	const char in[] = "a\r\nb\rc\r\r\nd\n\re\r";
	char out[sizeof(in)];
	size_t n = text_lf(out, in, sizeof(in) - 1);
	assert_int_equal(n, 12);
	assert_memory_equal(out, "a\nb\nc\n\nd\n\ne\n", n);
	char same[] = "\r\nx\ry";
	n = text_lf(same, same, strlen(same));
	assert_int_equal(n, 4);
	assert_memory_equal(same, "\nx\ny", n);
	assert_int_equal(text_lf(out, "plain", 5), 5);
	assert_memory_equal(out, "plain", 5);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("Töpel", strlen("Töpel")), 5);
	/* CJK and emoji take two columns, combining marks none */
	assert_int_equal(text_width("日本語", strlen("日本語")), 6);
	assert_int_equal(text_width("😀x", strlen("😀x")), 3);
	assert_int_equal(text_width("e\xCC\x81", 3), 1); /* e + U+0301 */
	assert_int_equal(text_width("a\xff" "b", 3), 3);

	int cols;
	/* never split a wide character: 3 columns hold "日" only */
	assert_int_equal(text_fit("日本語", 9, 3, &cols), 3);
	assert_int_equal(cols, 2);
	assert_int_equal(text_fit("日本語", 9, 4, &cols), 6);
	assert_int_equal(cols, 4);
	/* a base character keeps its combining mark */
	assert_int_equal(text_fit("e\xCC\x81x", 4, 1, &cols), 3);
	assert_int_equal(text_fit("e\xCC\x81x", 4, 0, &cols), 0);
	assert_int_equal(text_fit("abc", 3, 10, &cols), 3);
	assert_int_equal(cols, 3);
}

/* Widths per grapheme cluster, as current terminals draw them. */
static void
test_width_clusters(void **state)
{
	(void)state;
#define W(s) text_width(s, strlen(s))
	/* ZWJ sequences: a family of four (7 code points), a technologist */
	const char *family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
	assert_int_equal(W(family), 2);
	assert_int_equal(W("\U0001F9D1\u200D\U0001F4BB"), 2);
	/* skin tones, alone and inside a ZWJ sequence */
	assert_int_equal(W("\U0001F44D\U0001F3FD"), 2);
	assert_int_equal(W("\U0001F469\U0001F3FD\u200D\U0001F680"), 2);
	/* flags: a pair of regional indicators; two flags; a rainbow flag
	 * (text-style base, VS16, ZWJ) */
	assert_int_equal(W("\U0001F1E9\U0001F1EA"), 2);
	assert_int_equal(W("\U0001F1E9\U0001F1EA\U0001F1EB\U0001F1F7"), 4);
	assert_int_equal(W("\U0001F3F3\uFE0F\u200D\U0001F308"), 2);
	/* VS16 asks for the emoji picture; without it, the text glyph */
	assert_int_equal(W("\u2764\uFE0F"), 2);
	assert_int_equal(W("\u2764"), 1);
	/* a keycap has no pictographic base: its digit's column */
	assert_int_equal(W("1\uFE0F\u20E3"), 1);
	/* combining marks take no column of their own */
	assert_int_equal(W("e\u0301"), 1);
	assert_int_equal(W("a\u0301\u0302b"), 2);
	/* but a spacing mark does, as wcwidth, curses and tmux count it:
	 * the vowel signs of Devanagari, Bengali and Tamil (the browser
	 * drew "हिन्दी" as "हन्द") */
	assert_int_equal(W("\u0939\u093F"), 2);                  /* हि */
	assert_int_equal(W("\u0939\u093F\u0928\u094D\u0926\u0940"), 5);
	assert_int_equal(W("\u0BA4\u0BAE\u0BBF\u0BB4\u0BCD"), 4); /* தமிழ் */
	assert_int_equal(W("\u1100\u1161\u11A8"), 2); /* Hangul jamo L V T */
	/* CJK */
	assert_int_equal(W("日本語のタイトル"), 16);
	assert_int_equal(W("한국어"), 6);
	/* control characters, sanitized first: each escape one U+FFFD */
	char *clean = text_sanitize("a\x1b[31mb\x07" "c", 9, 0);
	assert_string_equal(clean, "a\uFFFDb\uFFFD" "c");
	assert_int_equal(W(clean), 5);
	free(clean);
	assert_int_equal(W("a\tb"), 3); /* raw: one column, as U+FFFD */

	bool emoji;
	int cols;
	assert_int_equal(text_cluster(family, strlen(family), &cols, &emoji),
			 strlen(family));
	assert_true(emoji);
	assert_int_equal(cols, 2);
	assert_int_equal(text_cluster("e\u0301x", 4, &cols, &emoji), 3);
	assert_false(emoji);
	assert_int_equal(cols, 1);
	/* a prefix never splits a cluster */
	char buf[64];
	snprintf(buf, sizeof(buf), "%sx", family);
	assert_int_equal(text_fit(buf, strlen(buf), 1, &cols), 0);
	assert_int_equal(cols, 0);
	assert_int_equal(text_fit(buf, strlen(buf), 2, &cols), strlen(family));
	assert_int_equal(cols, 2);
	assert_int_equal(text_fit("\U0001F1E9\U0001F1EA", 8, 1, &cols), 0);
	assert_int_equal(text_fit("\U0001F44D\U0001F3FDz", 9, 3, &cols), 9);
#undef W
}

/* Wrapping never splits a cluster, even one wider than the line. */
static void
test_wrap_clusters(void **state)
{
	(void)state;
	char text[64];
	const char *family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
	snprintf(text, sizeof(text), "%s%s", family, family);
	struct text_line *l;
	size_t n = text_wrap(text, 3, &l);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].len, strlen(family));
	assert_int_equal(l[1].off, strlen(family));
	free(l);
	/* a line one column wide: the cluster whole, not a byte of it */
	n = text_wrap("\U0001F44D\U0001F3FDe\u0301", 1, &l);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].len, 8);
	assert_int_equal(l[1].len, 3);
	free(l);
}

static void
expect_lines(const char *text, int width, const char *const *want,
	     const int *indents)
{
	struct text_line *l;
	size_t n = text_wrap(text, width, &l);
	size_t k = 0;
	while (want[k])
		k++;
	assert_int_equal(n, k);
	for (size_t i = 0; i < n; i++) {
		char buf[256];
		snprintf(buf, sizeof(buf), "%.*s", (int)l[i].len, text + l[i].off);
		assert_string_equal(buf, want[i]);
		assert_int_equal(l[i].indent, indents[i]);
		assert_true(l[i].indent + text_width(buf, strlen(buf)) <= width);
	}
	free(l);
}

static void
test_wrap(void **state)
{
	(void)state;
	expect_lines("one two three four", 9,
		     (const char *[]){"one two", "three", "four", NULL},
		     (int[]){0, 0, 0});
	/* paragraphs and list items with a hanging indent */
	expect_lines("Intro text.\n\n- first item here\n  - nested one\n", 12,
		     (const char *[]){"Intro text.", "", "- first item", "here",
				      "- nested", "one", NULL},
		     (int[]){0, 0, 0, 2, 2, 4});
	/* a word longer than the width is cut */
	expect_lines("abcdefghij", 4,
		     (const char *[]){"abcd", "efgh", "ij", NULL},
		     (int[]){0, 0, 0});
	/* wide characters count two columns */
	expect_lines("日本語 日本語", 7,
		     (const char *[]){"日本語", "日本語", NULL}, (int[]){0, 0});
}

/* The word-at-a-time scans against a byte-at-a-time reading, with the
 * odd byte at every offset, so that it falls in a whole word, in the tail
 * and across the two. */
static size_t
slow_valid(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = s[i] ? text_utf8_decode((const unsigned char *)s + i,
						     n - i, &cp)
				  : 0;
		if (len == 0)
			return i;
		i += len;
	}
	return n;
}

/* The same, NUL a character like any ASCII byte (a snapshot's blob). */
static size_t
slow_valid_nul(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = text_utf8_decode((const unsigned char *)s + i,
					      n - i, &cp);
		if (len == 0)
			return i;
		i += len;
	}
	return n;
}

static void
slow_advance(struct feed_pos *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			p->line++, p->column = 1;
		else if (((unsigned char)s[i] & 0xC0) != 0x80)
			p->column++;
	}
}

static void
test_utf8_scans(void **state)
{
	(void)state;
	static const char *const odd[] = {
		"\0", "\xE9", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
		"\xE2\x82", "\xED\xA0\x80", "\x80", "\n", "\r\n", "\xC3\xA9\n",
	};
	char buf[64];
	for (size_t k = 0; k < sizeof(odd) / sizeof(*odd); k++) {
		size_t ol = odd[k][0] ? strlen(odd[k]) : 1;
		for (size_t len = 0; len < 40; len++) {
			for (size_t at = 0; at + ol <= len; at++) {
				/* Among NULs, as strings in a blob are. */
				memset(buf, '\0', len);
				memcpy(buf + at, odd[k], ol);
				assert_int_equal(text_utf8_valid_nul(buf, len),
						 slow_valid_nul(buf, len));
				memset(buf, 'a', len);
				memcpy(buf + at, odd[k], ol);
				assert_int_equal(text_utf8_valid(buf, len),
						 slow_valid(buf, len));
				assert_int_equal(text_utf8_valid_nul(buf, len),
						 slow_valid_nul(buf, len));
				struct feed_pos want = {3, 7}, got = {3, 7};
				slow_advance(&want, buf, len);
				feed_pos_advance(&got, buf, len);
				assert_int_equal(got.line, want.line);
				assert_int_equal(got.column, want.column);
				size_t chars = 0;
				for (size_t i = 0; i < len; i++)
					chars += ((unsigned char)buf[i] & 0xC0) != 0x80;
				assert_int_equal(text_utf8_chars(buf, len), chars);
			}
		}
	}
	/* Characters: "é€😀" is three; a stray continuation byte is none. */
	assert_int_equal(text_utf8_chars("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9), 3);
	assert_int_equal(text_utf8_chars("abcdefgh\xC3\xA9ijklmnop\x80", 19), 17);
}

/* text_printable_run against a byte at a time: every byte value at every
 * offset of a word (the edges 0x1F/0x20 and 0x7E/0x7F/0x80 included), and
 * text_sanitize_into, which copies those runs at once, as before. */
static void
test_printable_run(void **state)
{
	(void)state;
	char buf[40];
	for (unsigned c = 0; c < 256; c++) {
		for (size_t len = 0; len < 20; len++) {
			for (size_t at = 0; at < len; at++) {
				memset(buf, 'a', len);
				buf[at] = (char)c;
				size_t want = 0;
				while (want < len &&
				       (unsigned char)buf[want] >= 0x20 &&
				       (unsigned char)buf[want] < 0x7F)
					want++;
				assert_int_equal(text_printable_run(buf, len),
						 want);
			}
		}
	}
	static const char s[] = "plain words, then \x1b[31mred\x1b[0m and "
				"\xE2\x80\xAE" "bidi\r\nnext\ttab\x7F\xC3";
	char out[3 * sizeof(s)];
	size_t n = text_sanitize_into(out, s, strlen(s), TEXT_KEEP_NEWLINE);
	char *want = text_sanitize(s, strlen(s), TEXT_KEEP_NEWLINE);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(out, want, n);
	assert_string_equal(want, "plain words, then \xEF\xBF\xBDred"
			    "\xEF\xBF\xBD and \xEF\xBF\xBD" "bidi\nnext tab"
			    "\xEF\xBF\xBD\xEF\xBF\xBD");
	free(want);
}

/* The texts the highlighting matches are followed by TEXT_PAD zeros,
 * which PCRE2's JIT may read (malloc'd memory is not zero: meson test
 * sets MALLOC_PERTURB_). */
static void
test_highlight_texts_padded(void **state)
{
	(void)state;
	const char *in = "Caf\xC3\xA9 \x1B[2J stra\xC3\x9F" "e";
	char *s = text_sanitize(in, strlen(in), 0);
	size_t n = strlen(s);
	for (size_t k = 0; k <= TEXT_PAD; k++)
		assert_int_equal(s[n + k], 0);
	size_t flen;
	uint32_t *map;
	char *f = fold_strip(s, n, &flen, &map);
	assert_int_equal(strlen(f), flen);
	for (size_t k = 0; k <= TEXT_PAD; k++)
		assert_int_equal(f[flen + k], 0);
	free(map);
	free(f);
	free(s);
}

/* Sort keys: accents folded away and case folded, in ASCII and out of it
 * (what folding leaves: Greek, Cyrillic), so that names sort as a reader
 * looks for them. */
static void
key_is(const char *in, const char *want)
{
	char *got = fold_key(in, strlen(in));
	assert_string_equal(got, want);
	free(got);
}

static void
test_fold_key(void **state)
{
	(void)state;
	key_is("", "");
	key_is("T\u00f6pel", "topel");
	key_is("L\u00c9GER, Cl\u00e9ment", "leger, clement");
	key_is("Gro\u00df", "gross");
	key_is("\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3",
	       "\u03c3\u03b9\u03c3\u03c5\u03c6\u03bf\u03c3");
	key_is("\u041a\u043b\u0438\u043c", "\u043a\u043b\u0438\u043c");
	char *a = fold_key("T\u00f6pel", strlen("T\u00f6pel"));
	char *b = fold_key("Tsukamoto", 9);
	assert_true(strcmp(a, b) < 0);
	free(a);
	free(b);
}

/* Trimmed of ASCII blanks and Unicode's spaces at both ends (JRES 2022's
 * titles end in a no-break space), never inside, never into a character
 * whose last bytes look like a space's. */
static void
test_trim(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"  title \t\n", "title"},
		{"ses \xC3\xA9tats\xC2\xA0 ", "ses \xC3\xA9tats"},
		{"\xE2\x80\xAF\xE3\x80\x80" "a\xC2\xA0" "b\xE2\x80\x8A", "a\xC2\xA0" "b"},
		{"\xE2\x81\x9F\xE2\x80\x80\xE1\x9A\x80", ""},
		{"x\xE2\x80\x8B", "x\xE2\x80\x8B"}, /* U+200B: not a space */
		{"\xC3\xA0", "\xC3\xA0"}, /* à ends in 0xA0 */
		{"\xE2\x80" "abc", "\xE2\x80" "abc"}, /* not a character */
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s = cases[i].in;
		size_t n = text_trim(&s, strlen(s));
		assert_int_equal(n, strlen(cases[i].out));
		assert_memory_equal(s, cases[i].out, n);
	}
}

/* NFC: what is already composed is told so without a copy; what is not
 * (decomposed, a singleton, reordered marks, Hangul jamo) is composed. */
static void
nfc_is(const char *in, const char *want)
{
	size_t n = 99;
	char *got = text_nfc(in, strlen(in), &n);
	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_int_equal(n, strlen(want));
	assert_string_equal(got, want);
	free(got);
}

static void
test_nfc(void **state)
{
	(void)state;
	nfc_is("", NULL);
	nfc_is("plain ASCII, long enough for a whole word or four of it", NULL);
	nfc_is("J\u00f6rg M\u00fcller, Ca\u00f1uelo, \u0141ukasz", NULL);
	nfc_is("Nguy\u1ec5n Ng\u1ecdc \u5c71\u7530 \u2013 \U0001f600", NULL);
	nfc_is("Ju\u0308rg", "J\u00fcrg");
	/* In the middle of a long ASCII run, past the word-wise scan. */
	nfc_is("0123456789012345678901234567890123456789 Mu\u0308ller",
	       "0123456789012345678901234567890123456789 M\u00fcller");
	/* Marks in canonical order, then composed: dot below first. */
	nfc_is("e\u0302\u0323", "\u1ec7");
	nfc_is("\u212b", "\u00c5");       /* the angstrom sign, a singleton */
	nfc_is("\u1100\u1161\u11a8", "\uac01"); /* jamo: a syllable */
	nfc_is("\u0345", NULL); /* a lone mark stays */
	nfc_is("\xff\xfe", NULL); /* not UTF-8: not converted */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_char_boundaries),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_highlight_texts_padded),
		cmocka_unit_test(test_sanitize_bidi_and_cr),
		cmocka_unit_test(test_lf),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_width_clusters),
		cmocka_unit_test(test_wrap_clusters),
		cmocka_unit_test(test_utf8_scans),
		cmocka_unit_test(test_printable_run),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_fold_key),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
