/* Text onto the screen: untrusted text sanitized, cut to its columns
 * with an ellipsis, and written a grapheme cluster at a time so that what
 * curses believes is on screen is what the terminal shows. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "sked/fold.h"
#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

/* The terminal takes ASCII only (the user's locale is not UTF-8):
 * cells_set_ascii. */
static bool cells_ascii;

void
cells_set_ascii(bool on)
{
	cells_ascii = on;
}

bool
cells_ascii_only(void)
{
	return cells_ascii;
}

/* The ASCII character that stands for symbol cp of one column (the
 * browser's own marks and rules, punctuation), or 0. */
static char
cells_symbol(uint32_t cp)
{
	static const struct {
		uint32_t cp;
		char c;
	} v[] = {
		{0x00A0, ' '},  {0x00AB, '<'}, {0x00B7, '.'}, {0x00BB, '>'},
		{0x00D7, 'x'},  {0x2018, '\''}, {0x2019, '\''}, {0x201A, '\''},
		{0x201C, '"'},  {0x201D, '"'}, {0x201E, '"'}, {0x2022, '*'},
		{0x2026, '~'},  {0x2032, '\''}, {0x2033, '"'}, {0x2039, '<'},
		{0x203A, '>'},  {0x2190, '<'}, {0x2191, '^'}, {0x2192, '>'},
		{0x2193, 'v'},  {0x2212, '-'}, {0x2605, '*'}, {0x2606, '*'},
		{0xFFFD, '?'},
	};
	if (cp >= 0x2010 && cp <= 0x2015) /* hyphens and dashes */
		return '-';
	if (cp >= 0x2500 && cp <= 0x257F) /* box drawing */
		return cp == 0x2500 || cp == 0x2501 || cp == 0x2550 ? '-'
		       : cp == 0x2502 || cp == 0x2503 || cp == 0x2551 ? '|'
								       : '+';
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i].cp == cp)
			return v[i].c;
	return 0;
}

/* The ASCII that stands for cluster s[0..n) of w columns, w characters
 * into out, so that the layout measured in UTF-8 holds: a symbol's
 * stand-in, a letter's base (ö o, ł l: fold.h), else '?' (a picture of
 * two columns "??"). */
static void
cells_ascii_cluster(const char *s, size_t n, int w, char *out)
{
	uint32_t cp = '?';
	text_utf8_decode((const unsigned char *)s, n, &cp);
	char c = cells_symbol(cp);
	if (c == 0 && w == 1) {
		size_t len;
		char *folded = fold_strip(s, n, &len, NULL);
		if (len > 0 && (unsigned char)folded[0] > ' ' &&
		    (unsigned char)folded[0] < 0x7F)
			c = folded[0];
		free(folded);
	}
	for (int i = 0; i < w; i++)
		out[i] = c && i == 0 ? c : '?';
}

/* put_clusters for a terminal of ASCII only: each cluster as its
 * stand-in, in the columns it has. */
static int
put_ascii(int y, int x, const char *s, size_t n)
{
	char *out = xmalloc(2 * n + 1);
	size_t k = 0;
	int used = 0;
	for (size_t i = 0; i < n;) {
		int w;
		bool emoji;
		size_t len = text_cluster(s + i, n - i, &w, &emoji);
		if (len == 1 && (unsigned char)s[i] < 0x80)
			out[k++] = s[i];
		else
			cells_ascii_cluster(s + i, len, w, out + k), k += (size_t)w;
		used += w;
		i += len;
	}
	if (k > 0)
		mvaddnstr(y, x, out, (int)k);
	free(out);
	return used;
}

void
put_ellipsis(int y, int x)
{
	mvaddstr(y, x, cells_ascii ? "~" : "\u2026");
}

/* The columns curses gives s[0..n) (the C library's wcwidth, a code
 * point at a time, as curses and tmux count), or -1 when it has a
 * character the C library does not know. */
static int
curses_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = text_utf8_decode((const unsigned char *)s + i, n - i,
					      &cp);
		int cw = len ? wcwidth((wchar_t)cp) : -1;
		if (cw < 0)
			return -1;
		w += cw;
		i += len;
	}
	return w;
}

/* Draws one cluster that curses would not count as text_cluster does:
 * an emoji sequence as one cell holding it (curses then counts its base's
 * two columns, and tmux joins what follows a ZWJ into that cell), without
 * skin-tone modifiers (which tmux 3.3 draws as a second picture) and cut
 * to the characters a cell holds; a picture whose base is a narrow text
 * symbol (U+2764 ❤ with VS16) as that symbol alone; anything else as its
 * base or U+FFFD. Padded with spaces to the columns it was given, so that
 * what curses believes is on screen is what the terminal shows. */
static void
put_cluster(int y, int x, const char *s, size_t n, int w, bool emoji)
{
	wchar_t wc[CCHARW_MAX];
	int k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = text_utf8_decode((const unsigned char *)s + i, n - i,
					      &cp);
		if (len == 0)
			break;
		i += len;
		if (k == CCHARW_MAX)
			break;
		if (k > 0 && cp >= 0x1F3FB && cp <= 0x1F3FF)
			continue;
		wc[k++] = (wchar_t)cp;
	}
	int drawn = 0;
	int bw = k ? wcwidth(wc[0]) : -1;
	if (emoji && bw == 2) {
		/* A ZWJ at the end joins nothing: the sequence is cut
		 * after its last whole picture. */
		while (k > 1 && wc[k - 1] == 0x200D)
			k--;
	} else if (bw >= 1 && bw <= w) {
		k = 1;
	} else {
		wc[0] = 0xFFFD, k = 1, bw = 1;
	}
	if (w > 0 && bw <= w) {
		cchar_t cc;
		memset(&cc, 0, sizeof(cc));
		for (int i = 0; i < k; i++)
			cc.chars[i] = wc[i];
		mvadd_wch(y, x, &cc);
		drawn = bw;
	}
	for (; drawn < w; drawn++)
		mvaddch(y, x + drawn, ' ');
}

static bool
has_zwj(const char *s, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "\u200D", 3) == 0)
			return true;
	return false;
}

/* Draws clean text s[0..n) at y, x, cluster by cluster (runs of plain
 * text at once); returns the columns used (text_width). */
static int
put_clusters(int y, int x, const char *s, size_t n)
{
	if (cells_ascii)
		return put_ascii(y, x, s, n);
	int used = 0, run_x = 0;
	size_t run = 0, i = 0;
	while (i < n) {
		int w;
		bool emoji;
		size_t len = text_cluster(s + i, n - i, &w, &emoji);
		/* Plain when curses counts it as we do, and no ZWJ makes
		 * tmux join what follows into one cell (a flag is plain:
		 * two letters of one column, or one picture of two). */
		if (len == 1 || (curses_width(s + i, len) == w &&
				 !has_zwj(s + i, len))) {
			used += w;
			i += len;
			continue;
		}
		if (i > run)
			mvaddnstr(y, x + run_x, s + run, (int)(i - run));
		put_cluster(y, x + used, s + i, len, w, emoji);
		used += w;
		i += len;
		run = i;
		run_x = used;
	}
	if (i > run)
		mvaddnstr(y, x + run_x, s + run, (int)(i - run));
	return used;
}

/* Draws s[0..n) (untrusted) at y, x in at most `width` columns; text cut
 * ends with an ellipsis when `ellipsis` (else it is cut short); returns
 * the columns used. */
int
put_text_cut(int y, int x, int width, const char *s, size_t n, int attr,
	     bool ellipsis)
{
	if (width <= 0 || n == 0)
		return 0;
	char *clean = NULL;
	if (!text_is_clean(s, n, 0)) {
		clean = text_sanitize(s, n, 0);
		s = clean;
		n = strlen(clean);
	}
	int cols;
	size_t fit = text_fit(s, n, width, &cols);
	bool cut = fit < n && ellipsis;
	if (cut)
		fit = text_fit(s, n, width - 1, &cols);
	attr = theme_fix_attr(attr);
	attron(attr);
	cols = put_clusters(y, x, s, fit);
	if (cut) {
		put_ellipsis(y, x + cols);
		cols++;
	}
	attroff(attr);
	free(clean);
	return cols;
}

/* put_text_cut with the ellipsis: what every cut text shows. */
int
put_text(int y, int x, int width, const char *s, size_t n, int attr)
{
	return put_text_cut(y, x, width, s, n, attr, true);
}

size_t
text_year_tail(const char *s, size_t n)
{
	return n > 5 && s[n - 5] == ' ' && strspn(s + n - 4, "0123456789") >= 4
		       ? 5
		       : 0;
}

/* Like put_text, keeping the last `tail` bytes of s (what tells it apart,
 * such as a year) when it must be cut: "Linux Plumbers Con… 2023". */
int
put_text_tail(int y, int x, int width, const char *s, size_t n, size_t tail,
	      int attr)
{
	if (tail == 0)
		return put_text(y, x, width, s, n, attr);
	int tw = text_width(s + n - tail, tail);
	if (text_width(s, n) <= width || tail >= n || tw + 2 > width)
		return put_text(y, x, width, s, n, attr);
	int used = put_text_cut(y, x, width - tw - 1, s, n - tail, attr, false);
	attr = theme_fix_attr(attr);
	attron(attr);
	put_ellipsis(y, x + used);
	attroff(attr);
	used++;
	return used + put_text(y, x + used, tw, s + n - tail, tail, attr);
}
