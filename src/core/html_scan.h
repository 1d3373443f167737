/* html_scan: what a text from a feed holds, for html.c (private to
 * src/core/html*.c). Feeds write Markdown and plain text with words in
 * angle brackets (Vec<T>, <insert meme here>) as often as HTML: only tags
 * of the elements known here are markup, everything else is text. */
#ifndef SKED_HTML_SCAN_H
#define SKED_HTML_SCAN_H

#include <stdbool.h>
#include <stddef.h>

enum {
	HTML_LAYOUT = 1 << 0, /* lays the text out: its own line breaks are
				 then source layout, as in any HTML page */
	HTML_PARA = 1 << 1,   /* a block between paragraphs in the walk */
	HTML_RAW = 1 << 2,    /* script, style: its content is dropped */
};

/* An HTML element known as such. */
struct html_elem {
	const char *name; /* lower case */
	int flags;
};

/* The element named s[0..n) in any case, or NULL when it is none that
 * html_scan.c knows. */
const struct html_elem *html_elem(const char *s, size_t n);

/* Whether c is an HTML blank (space, tab, LF, CR, FF). */
bool html_blank(unsigned char c);

/* What a text holds, from one pass over it. */
struct html_scan {
	bool tags;      /* a tag of a known element, script and style aside */
	bool layout;    /* a tag that lays the text out (HTML_LAYOUT) */
	bool entities;  /* a character entity */
};

/* How html_scan() reads a text. */
enum {
	HTML_SCAN_SPANS = 1 << 0, /* a '<' in a Markdown code span is text */
	HTML_SCAN_RAW = 1 << 1,   /* script and style are markup (closed) */
	HTML_SCAN_FIRST = 1 << 2, /* stop at the first tag or entity */
};

/* Scans s[0..n) as `how` says; with out, also writes it there as the
 * HTML parser must read it: every '<' that starts no markup written
 * "&lt;", so that the parser keeps it as text. Markup: a tag of
 * html_elems (script and style only with HTML_SCAN_RAW, an opening one
 * only when closed later), a closed comment. Returns the length
 * written. */
size_t html_scan(const char *s, size_t n, struct html_scan *sc, int how,
		 char *out);

#endif
