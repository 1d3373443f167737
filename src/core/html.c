#include "sked/html.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "sked/buf.h"
#include "sked/text.h"
#include "sked/xalloc.h"

#include "html_scan.h"

/* The text being written: breaks and spaces are only promised, and
 * written before the next visible character, so that none ends up at the
 * start, the end, or the end of a line. */
/* List items nested deeper than this are indented as this deep: the
 * line stays text. */
#define HTML_MAX_DEPTH 6

struct html_out {
	struct buf b;     /* the text */
	int breaks;       /* line breaks wanted before the next text (0-2) */
	bool space;       /* a space wanted before the next text */
	char prefix[32];  /* written at the start of the next text ("- ") */
	int pre;          /* inside this many <pre> */
	bool verbatim;    /* no layout tags: the text's own breaks kept */
	bool br;          /* (verbatim) after a <br>: a line break is its */
	const char *gap;  /* (verbatim) blanks wanted before the next text */
	size_t gap_n;
	/* Where the text of an item k items deep begins (its marker's
	 * width, "  - "), so that a line of it after a break (the rest of
	 * an item after a list inside it) lines up under its first. */
	int item_col[HTML_MAX_DEPTH + 1];
	int indent;       /* the item_col of the text being written */
	bool pre_line;    /* (in <pre>) at a line's start: indent due */
};

/* Writes what was promised before a visible character. */
static void
html_flush(struct html_out *o)
{
	if (o->b.n > 0 && o->breaks > 0) {
		buf_put(&o->b, "\n\n", (size_t)o->breaks);
		for (int i = 0; !o->prefix[0] && i < o->indent; i++)
			buf_put(&o->b, " ", 1);
	} else if (o->b.n > 0 && o->space && o->b.v[o->b.n - 1] != '\n')
		buf_put(&o->b, " ", 1);
	if (o->prefix[0]) {
		buf_puts(&o->b, o->prefix);
		o->prefix[0] = '\0';
	}
	for (int i = 0; o->pre && o->pre_line && i < o->indent; i++)
		buf_put(&o->b, " ", 1);
	o->pre_line = false;
	o->breaks = 0;
	o->space = false;
}

static void
html_break(struct html_out *o, int n)
{
	if (o->breaks < n)
		o->breaks = n;
	o->space = false;
	o->gap_n = 0;
}

/* A run s[0..n) of blanks holding `lines` line breaks (CR LF, LF and a
 * lone CR are one each), the last one ending before s[after]. In <pre>
 * every blank is written. In a text without layout tags its line breaks
 * are kept as written (two or more: a blank line), the one right after a
 * <br> being that <br>'s, and so are blanks within and at the start of a
 * line. Elsewhere the run is one space, or, holding a blank line outside
 * a list or table, a paragraph break (para line breaks: the feed wrote
 * paragraphs as blank lines between its tags). */
static void
html_blanks(struct html_out *o, const char *s, size_t n, size_t lines,
	    size_t after, int para)
{
	if (o->pre) {
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				continue;
			bool nl = s[i] == '\n' || s[i] == '\r';
			if (nl)
				o->pre_line = false;
			html_flush(o);
			buf_put(&o->b, nl ? "\n" : " ", 1);
			/* In a list item, every line of it under the item's
			 * text, as its first: its own indentation kept. The
			 * next character of the line writes it (a blank line
			 * stays empty). */
			o->pre_line = nl;
		}
	} else if (o->verbatim) {
		if (lines > 0 && o->br) {
			lines--;
			o->br = false;
		}
		if (lines > 0) {
			o->breaks += lines > 2 ? 2 : (int)lines;
			if (o->breaks > 2)
				o->breaks = 2;
			o->space = false;
		}
		/* Blanks after a break that another node made (a <br>, a
		 * break before a tag) are no indentation. */
		if (after > 0 || o->breaks == 0) {
			o->gap = s + after;
			o->gap_n = n - after;
		}
	} else if (lines >= 2 && para > 0) {
		html_break(o, para);
	} else if (o->breaks == 0) {
		o->space = true;
	}
}

static void
html_text(struct html_out *o, const char *s, int para)
{
	while (*s) {
		if (html_blank((unsigned char)*s)) {
			size_t n = 0, lines = 0, after = 0;
			for (; html_blank((unsigned char)s[n]); n++)
				if (s[n] == '\n' ||
				    (s[n] == '\r' && s[n + 1] != '\n')) {
					lines++;
					after = n + 1;
				}
			html_blanks(o, s, n, lines, after, para);
			s += n;
			continue;
		}
		/* A run of visible characters in one piece: a character at a
		 * time was most of the cost of importing FOSDEM's HTML
		 * abstracts (the import benchmark). */
		size_t n = 1;
		while (s[n] && !html_blank((unsigned char)s[n]))
			n++;
		html_flush(o);
		if (o->gap_n > 0 && o->b.n > 0)
			buf_put(&o->b, o->gap, o->gap_n);
		o->gap_n = 0;
		o->br = false;
		buf_put(&o->b, s, n);
		s += n;
	}
}

static bool
html_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

static bool
html_is_block(const xmlNode *n)
{
	const struct html_elem *e;
	return n->type == XML_ELEMENT_NODE &&
	       (e = html_elem((const char *)n->name,
			      strlen((const char *)n->name))) != NULL &&
	       (e->flags & HTML_PARA);
}

/* How many list items n is inside. */
static int
html_items_around(const xmlNode *n)
{
	int k = 0;
	for (const xmlNode *p = n->parent; p; p = p->parent)
		k += html_is(p, "li");
	return k;
}

/* Whether n is inside a list item. */
static bool
html_in_item(const xmlNode *n)
{
	return html_items_around(n) > 0;
}

/* Where a line of n's text begins: under the text of the item it is in. */
static int
html_item_col(const struct html_out *o, const xmlNode *n)
{
	int k = html_items_around(n);
	return o->item_col[k < HTML_MAX_DEPTH ? k : HTML_MAX_DEPTH];
}

/* The line breaks a blank line makes in the text node n: none between
 * the items of a list or the rows of a table (layout there), one inside
 * a list item (in_item: as a list inside it), else a paragraph break. */
static int
html_para(const struct html_out *o, const xmlNode *n, bool in_item)
{
	static const char *const containers[] = {
		"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr",
	};
	if (o->verbatim || o->pre || n->parent == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(containers) / sizeof(containers[0]); i++)
		if (html_is(n->parent, containers[i]))
			return 0;
	return in_item ? 1 : 2;
}

/* Entering a node; returns whether to go into its children. */
static bool
html_enter(struct html_out *o, const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content) {
			/* In an item: its column, never 0 (a marker's). */
			o->indent = html_item_col(o, n);
			html_text(o, (const char *)n->content,
				  html_para(o, n, o->indent > 0));
		}
		return false;
	}
	if (n->type != XML_ELEMENT_NODE)
		return n->type == XML_DOCUMENT_NODE ||
		       n->type == XML_HTML_DOCUMENT_NODE;
	if (html_is(n, "script") || html_is(n, "style") || html_is(n, "head"))
		return false;
	if (html_is(n, "br")) {
		o->breaks = o->breaks < 2 ? o->breaks + 1 : 2;
		o->space = false;
		o->gap_n = 0;
		o->br = o->verbatim;
	} else if (html_is(n, "li")) {
		html_break(o, 1);
		/* An item of a list inside an item is indented under its
		 * text (at most 2 * HTML_MAX_DEPTH columns: the line stays
		 * text). */
		int depth = html_items_around(n);
		int indent = o->item_col[depth < HTML_MAX_DEPTH ? depth
							      : HTML_MAX_DEPTH];
		if (indent > 2 * HTML_MAX_DEPTH)
			indent = 2 * HTML_MAX_DEPTH;
		snprintf(o->prefix, sizeof(o->prefix), "%*s- ", indent, "");
		if (n->parent && html_is(n->parent, "ol")) {
			/* The list counts its items as the walk enters them,
			 * in the node's spare pointer: counting the items
			 * before each one made a long list quadratic. */
			intptr_t k = (intptr_t)n->parent->_private + 1;
			n->parent->_private = (void *)k;
			snprintf(o->prefix, sizeof(o->prefix), "%*s%d. ", indent,
				 "", (int)k);
		}
		o->item_col[depth < HTML_MAX_DEPTH ? depth + 1 : HTML_MAX_DEPTH] =
			(int)strlen(o->prefix);
	} else if (html_is(n, "td") || html_is(n, "th")) {
		o->space = o->breaks == 0;
	} else if (html_is(n, "img")) {
		xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
		o->indent = html_item_col(o, n);
		if (alt) {
			html_text(o, (const char *)alt, 0);
			xmlFree(alt);
		}
	} else if (!o->verbatim && html_is_block(n)) {
		/* A list inside a list item continues it, line by line. */
		html_break(o, html_in_item(n) ? 1 : 2);
		if (html_is(n, "pre"))
			o->pre++;
	}
	return true;
}

static void
html_leave(struct html_out *o, const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (html_is(n, "li")) {
		html_break(o, 1);
	} else if (html_is(n, "a")) {
		xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
		if (href == NULL)
			return;
		const char *h = (const char *)href;
		bool web = strncmp(h, "http://", 7) == 0 ||
			   strncmp(h, "https://", 8) == 0 ||
			   strncmp(h, "mailto:", 7) == 0;
		xmlChar *text = xmlNodeGetContent(n);
		const char *t = text ? (const char *)text : "";
		while (isspace((unsigned char)*t))
			t++;
		size_t tl = strlen(t);
		while (tl > 0 && isspace((unsigned char)t[tl - 1]))
			tl--;
		const char *bare = strncmp(h, "mailto:", 7) == 0 ? h + 7 : h;
		bool same = (tl == strlen(h) && strncmp(t, h, tl) == 0) ||
			    (tl == strlen(bare) && strncmp(t, bare, tl) == 0);
		if (web && !same) {
			if (tl > 0)
				o->space = o->breaks == 0;
			o->indent = html_item_col(o, n);
			html_flush(o);
			buf_put(&o->b, "(", 1);
			buf_puts(&o->b, h);
			buf_put(&o->b, ")", 1);
		}
		xmlFree(text);
		xmlFree(href);
	} else if (!o->verbatim && html_is_block(n)) {
		if (html_is(n, "pre") && o->pre > 0)
			o->pre--;
		html_break(o, html_in_item(n) ? 1 : 2);
	}
}

char *
html_plain(const char *s)
{
	char *t = html_to_text(s, strlen(s));
	size_t n = text_lf(t, t, strlen(t));
	if (n == 0) {
		free(t);
		return NULL;
	}
	t[n] = '\0';
	return t;
}

char *
html_to_text(const char *s, size_t n)
{
	if (n > INT_MAX)
		return xstrndup(s, n);
	/* The text as the parser must read it: a "<" that starts no markup
	 * made "&lt;", kept as text. */
	size_t lt = 0;
	for (const char *p = s; (p = memchr(p, '<', n - (size_t)(p - s)));
	     p++)
		lt++;
	if (n + 3 * lt > INT_MAX)
		return xstrndup(s, n);
	/* Backticks are Markdown's, not HTML's: a text laid out by its tags
	 * outside code spans is HTML, its backticks are text ("```<br>" in an
	 * Indico abstract is a line break). */
	struct html_scan sc, sc2;
	html_scan(s, n, &sc, HTML_SCAN_SPANS, NULL);
	char *in = xmalloc(n + 3 * lt + 1);
	size_t in_n = html_scan(s, n, &sc2,
				(sc.layout ? 0 : HTML_SCAN_SPANS) |
					(sc.tags ? HTML_SCAN_RAW : 0),
				in);
	htmlDocPtr doc = htmlReadMemory(in, (int)in_n, NULL, "UTF-8",
					HTML_PARSE_NOERROR |
					HTML_PARSE_NOWARNING |
					HTML_PARSE_NONET);
	free(in);
	if (doc == NULL)
		return xstrndup(s, n);
	/* Without tags that lay it out, the text is laid out by its own
	 * line breaks (Markdown or plain text with an <i> or an &amp;). */
	struct html_out o = {.verbatim = !sc.layout};
	buf_put(&o.b, "", 0);
	/* Depth-first without recursion: down to the first child, else on
	 * to the next sibling, else back up, leaving each node passed. */
	xmlNode *node = doc->children;
	while (node != NULL) {
		if (html_enter(&o, node) && node->children != NULL) {
			node = node->children;
			continue;
		}
		for (;;) {
			html_leave(&o, node);
			if (node->next != NULL) {
				node = node->next;
				break;
			}
			node = node->parent;
			if (node == NULL || node == (xmlNode *)doc) {
				node = NULL;
				break;
			}
		}
	}
	xmlFreeDoc(doc);
	return o.b.v;
}
