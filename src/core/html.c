#include "sked/html.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "sked/xalloc.h"

bool
html_is_markup(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<') {
			size_t j = i + 1;
			if (j < n && s[j] == '/')
				j++;
			size_t k = j;
			while (k < n && isalnum((unsigned char)s[k]))
				k++;
			/* A tag name, then its end or its attributes. */
			if (k > j && isalpha((unsigned char)s[j]) && k < n &&
			    (s[k] == '>' || s[k] == ' ' || s[k] == '/' ||
			     s[k] == '\n' || s[k] == '\t'))
				return true;
		} else if (s[i] == '&') {
			size_t k = i + 1;
			if (k < n && s[k] == '#')
				k++;
			size_t j = k;
			while (k < n && k - j < 32 && isalnum((unsigned char)s[k]))
				k++;
			if (k > j && k < n && s[k] == ';')
				return true;
		}
	}
	return false;
}

/* The text being written: breaks and spaces are only promised, and
 * written before the next visible character, so that none ends up at the
 * start, the end, or the end of a line. */
struct html_out {
	char *v;
	size_t n, cap;
	int breaks;       /* line breaks wanted before the next text (0-2) */
	bool space;       /* a space wanted before the next text */
	char prefix[16];  /* written at the start of the next text ("- ") */
	int pre;          /* inside this many <pre> */
};

static void
html_put(struct html_out *o, const char *s, size_t n)
{
	if (o->cap - o->n < n + 1) {
		size_t cap = o->cap ? o->cap : 256;
		while (cap - o->n < n + 1)
			cap *= 2;
		o->v = xreallocarray(o->v, cap, 1);
		o->cap = cap;
	}
	memcpy(o->v + o->n, s, n);
	o->n += n;
	o->v[o->n] = '\0';
}

/* Writes what was promised before a visible character. */
static void
html_flush(struct html_out *o)
{
	if (o->n > 0 && o->breaks > 0)
		html_put(o, "\n\n", (size_t)o->breaks);
	else if (o->n > 0 && o->space && o->v[o->n - 1] != '\n')
		html_put(o, " ", 1);
	if (o->prefix[0]) {
		html_put(o, o->prefix, strlen(o->prefix));
		o->prefix[0] = '\0';
	}
	o->breaks = 0;
	o->space = false;
}

static void
html_break(struct html_out *o, int n)
{
	if (o->breaks < n)
		o->breaks = n;
	o->space = false;
}

static bool
html_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
html_text(struct html_out *o, const char *s)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (o->pre && c == '\n') {
			html_flush(o);
			html_put(o, "\n", 1);
			s++;
			continue;
		}
		if (html_blank(c)) {
			if (o->pre) {
				html_flush(o);
				html_put(o, " ", 1);
			} else if (o->breaks == 0) {
				o->space = true;
			}
			s++;
			continue;
		}
		/* A run of visible characters in one piece: a character at a
		 * time was most of the cost of importing FOSDEM's HTML
		 * abstracts (the import benchmark). */
		size_t n = 1;
		while (s[n] && !html_blank((unsigned char)s[n]))
			n++;
		html_flush(o);
		html_put(o, s, n);
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
	static const char *const blocks[] = {
		"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
		"pre", "blockquote", "table", "tr", "section", "article",
		"header", "footer", "dl", "dt", "dd", "hr", "center",
		"address", "figure", "details", "summary", "nav", "aside",
		"main", "form", "fieldset",
	};
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (html_is(n, blocks[i]))
			return true;
	return false;
}

/* Entering a node; returns whether to go into its children. */
static bool
html_enter(struct html_out *o, const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			html_text(o, (const char *)n->content);
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
	} else if (html_is(n, "li")) {
		html_break(o, 1);
		snprintf(o->prefix, sizeof(o->prefix), "- ");
		if (n->parent && html_is(n->parent, "ol")) {
			/* The list counts its items as the walk enters them,
			 * in the node's spare pointer: counting the items
			 * before each one made a long list quadratic. */
			intptr_t k = (intptr_t)n->parent->_private + 1;
			n->parent->_private = (void *)k;
			snprintf(o->prefix, sizeof(o->prefix), "%d. ", (int)k);
		}
	} else if (html_is(n, "td") || html_is(n, "th")) {
		o->space = o->breaks == 0;
	} else if (html_is(n, "img")) {
		xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
		if (alt) {
			html_text(o, (const char *)alt);
			xmlFree(alt);
		}
	} else if (html_is_block(n)) {
		/* A list inside a list item continues it, line by line. */
		bool in_item = false;
		for (const xmlNode *p = n->parent; p && !in_item; p = p->parent)
			in_item = html_is(p, "li");
		html_break(o, in_item ? 1 : 2);
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
			html_flush(o);
			html_put(o, "(", 1);
			html_put(o, h, strlen(h));
			html_put(o, ")", 1);
		}
		xmlFree(text);
		xmlFree(href);
	} else if (html_is_block(n)) {
		if (html_is(n, "pre") && o->pre > 0)
			o->pre--;
		bool in_item = false;
		for (const xmlNode *p = n->parent; p && !in_item; p = p->parent)
			in_item = html_is(p, "li");
		html_break(o, in_item ? 1 : 2);
	}
}

char *
html_to_text(const char *s, size_t n)
{
	if (n > INT_MAX)
		return xstrndup(s, n);
	htmlDocPtr doc = htmlReadMemory(s, (int)n, NULL, "UTF-8",
					HTML_PARSE_NOERROR |
					HTML_PARSE_NOWARNING |
					HTML_PARSE_NONET);
	if (doc == NULL)
		return xstrndup(s, n);
	struct html_out o = {0};
	html_put(&o, "", 0);
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
	return o.v;
}
