/* html_scan: what a text from a feed holds, for html.c: which of its "<"
 * start markup (a tag of an element it knows, a comment), whether it has
 * tags that lay it out, entities, and the text as the HTML parser must
 * read it, every other "<" made "&lt;". Private to src/core/html*.c. */
#include "html_scan.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "sked/html.h"

/* The elements taken as HTML, sorted by name. Any other "<word>" (Vec<T>,
 * <insert meme here>) is text: feeds write Markdown and plain text with
 * such words in angle brackets, and HTML there uses these. Elements that
 * a talk about web pages names as often as a page uses them (html, head,
 * title, iframe, video, canvas...) are left out: shown as written, they
 * lose nothing. */
static const struct html_elem html_elems[] = {
	{"a", 0},
	{"abbr", 0},
	{"address", HTML_LAYOUT | HTML_PARA},
	{"article", HTML_LAYOUT | HTML_PARA},
	{"aside", HTML_LAYOUT | HTML_PARA},
	{"b", 0},
	{"big", 0},
	{"blockquote", HTML_LAYOUT | HTML_PARA},
	{"br", 0},
	{"caption", HTML_LAYOUT},
	{"center", HTML_LAYOUT | HTML_PARA},
	{"cite", 0},
	{"code", 0},
	{"dd", HTML_LAYOUT | HTML_PARA},
	{"del", 0},
	{"details", HTML_LAYOUT | HTML_PARA},
	{"dfn", 0},
	{"div", HTML_LAYOUT | HTML_PARA},
	{"dl", HTML_LAYOUT | HTML_PARA},
	{"dt", HTML_LAYOUT | HTML_PARA},
	{"em", 0},
	{"fieldset", HTML_LAYOUT | HTML_PARA},
	{"figcaption", HTML_LAYOUT},
	{"figure", HTML_LAYOUT | HTML_PARA},
	{"font", 0},
	{"footer", HTML_LAYOUT | HTML_PARA},
	{"form", HTML_LAYOUT | HTML_PARA},
	{"h1", HTML_LAYOUT | HTML_PARA},
	{"h2", HTML_LAYOUT | HTML_PARA},
	{"h3", HTML_LAYOUT | HTML_PARA},
	{"h4", HTML_LAYOUT | HTML_PARA},
	{"h5", HTML_LAYOUT | HTML_PARA},
	{"h6", HTML_LAYOUT | HTML_PARA},
	{"header", HTML_LAYOUT | HTML_PARA},
	{"hr", HTML_LAYOUT | HTML_PARA},
	{"i", 0},
	{"img", 0},
	{"ins", 0},
	{"kbd", 0},
	{"li", HTML_LAYOUT},
	{"main", HTML_LAYOUT | HTML_PARA},
	{"mark", 0},
	{"nav", HTML_LAYOUT | HTML_PARA},
	{"ol", HTML_LAYOUT | HTML_PARA},
	{"p", HTML_LAYOUT | HTML_PARA},
	{"pre", HTML_LAYOUT | HTML_PARA},
	{"q", 0},
	{"s", 0},
	{"samp", 0},
	{"script", HTML_RAW},
	{"section", HTML_LAYOUT | HTML_PARA},
	{"small", 0},
	{"span", 0},
	{"strike", 0},
	{"strong", 0},
	{"style", HTML_RAW},
	{"sub", 0},
	{"summary", HTML_LAYOUT | HTML_PARA},
	{"sup", 0},
	{"table", HTML_LAYOUT | HTML_PARA},
	{"tbody", HTML_LAYOUT},
	{"td", HTML_LAYOUT},
	{"tfoot", HTML_LAYOUT},
	{"th", HTML_LAYOUT},
	{"thead", HTML_LAYOUT},
	{"tr", HTML_LAYOUT | HTML_PARA},
	{"tt", 0},
	{"u", 0},
	{"ul", HTML_LAYOUT | HTML_PARA},
	{"var", 0},
	{"wbr", 0},
};

static int
html_elem_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_elem *)elem)->name);
}

const struct html_elem *
html_elem(const char *s, size_t n)
{
	char name[16];
	if (n == 0 || n >= sizeof(name))
		return NULL;
	for (size_t i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)s[i]);
	name[n] = '\0';
	return bsearch(name, html_elems, sizeof(html_elems) / sizeof(html_elems[0]),
		       sizeof(html_elems[0]), html_elem_cmp);
}

bool
html_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The length of the tag of a known element at s[i] (a '<'), or 0 when
 * none starts there. A tag ends before the next '<' (so that scanning
 * every '<' of a text costs its length once, whatever it holds); one
 * with attributes needs one name=value among them: "<b and c>" is text. */
static size_t
html_tag(const char *s, size_t n, size_t i, const struct html_elem **e,
	 bool *closing)
{
	size_t k = i + 1;
	*closing = k < n && s[k] == '/';
	if (*closing)
		k++;
	size_t name = k;
	while (k < n && isalnum((unsigned char)s[k]))
		k++;
	if (name >= n || !isalpha((unsigned char)s[name]) ||
	    (*e = html_elem(s + name, k - name)) == NULL)
		return 0;
	bool valued = false, bare = false;
	for (;;) {
		size_t b = k;
		while (k < n && html_blank((unsigned char)s[k]))
			k++;
		if (k >= n || s[k] == '<')
			return 0;
		if (s[k] == '>')
			break;
		if (s[k] == '/' && k + 1 < n && s[k + 1] == '>') {
			k++;
			break;
		}
		if (*closing || k == b)
			return 0;
		size_t a = k;
		while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '-' ||
				 s[k] == '_' || s[k] == ':' || s[k] == '.'))
			k++;
		if (k == a)
			return 0;
		size_t end = k;
		while (k < n && html_blank((unsigned char)s[k]))
			k++;
		if (k >= n || s[k] != '=') {
			k = end;
			bare = true;
			continue;
		}
		k++;
		while (k < n && html_blank((unsigned char)s[k]))
			k++;
		if (k < n && (s[k] == '"' || s[k] == '\'')) {
			char q = s[k++];
			while (k < n && s[k] != q && s[k] != '<')
				k++;
			if (k >= n || s[k] != q)
				return 0;
			k++;
		} else {
			size_t v = k;
			while (k < n && !html_blank((unsigned char)s[k]) &&
			       !strchr("<>\"'`=", s[k]))
				k++;
			if (k == v)
				return 0;
		}
		valued = true;
	}
	if (bare && !valued)
		return 0;
	return k + 1 - i;
}

/* The length of the character entity at s[i] (a '&') that HTML decodes,
 * or 0: "&amp;", "&#8212;", "&#x2014;", not "AT&T" nor "&nosuch;". */
static size_t
html_entity(const char *s, size_t n, size_t i)
{
	size_t k = i + 1;
	if (k < n && s[k] == '#') {
		k++;
		bool hex = k < n && (s[k] == 'x' || s[k] == 'X');
		k += hex;
		size_t d = k;
		while (k < n && k - d < 8 &&
		       (hex ? isxdigit((unsigned char)s[k])
			    : isdigit((unsigned char)s[k])))
			k++;
		return k > d && k < n && s[k] == ';' ? k + 1 - i : 0;
	}
	char name[33];
	size_t m = 0;
	while (k < n && m < sizeof(name) - 1 && isalnum((unsigned char)s[k]))
		name[m++] = s[k++];
	name[m] = '\0';
	if (m == 0 || k >= n || s[k] != ';' ||
	    htmlEntityLookup((const xmlChar *)name) == NULL)
		return 0;
	return k + 1 - i;
}

/* Where the Markdown code span opened by the k backticks at s[i] ends
 * (after its closing run of exactly k), or 0 when it is not closed
 * within its paragraph. none[k] remembers where a search for k failed:
 * any opener before it fails too, so every search is paid once. */
static size_t
html_code_span(const char *s, size_t n, size_t i, size_t k, size_t none[17])
{
	if (k > 16 || i < none[k])
		return 0;
	size_t j = i + k;
	while (j < n) {
		if (s[j] == '`') {
			size_t r = j;
			while (r < n && s[r] == '`')
				r++;
			if (r - j == k)
				return r;
			j = r;
		} else if (s[j] == '\n') {
			size_t b = j + 1;
			while (b < n && (s[b] == ' ' || s[b] == '\t' ||
					 s[b] == '\r'))
				b++;
			if (b >= n || s[b] == '\n')
				break;
			j++;
		} else {
			j++;
		}
	}
	none[k] = j;
	return 0;
}

/* The last place in s[0..n) where `what` (lower case) starts, in any
 * case, or SIZE_MAX when it is nowhere. */
static size_t
html_last(const char *s, size_t n, const char *what)
{
	size_t w = strlen(what);
	for (size_t i = n; i >= w; i--)
		if (s[i - w] == what[0] && strncasecmp(s + i - w, what, w) == 0)
			return i - w;
	return SIZE_MAX;
}

/* Where a text's last "-->", "</script" and "</style" start (SIZE_MAX:
 * nowhere), each looked for when first needed: whether a comment or a
 * script opened at i is closed is then whether that is after i. */
struct html_ends {
	size_t at[3];
	bool found[3];
};

enum { HTML_END_COMMENT, HTML_END_SCRIPT, HTML_END_STYLE };

static bool
html_closed(const char *s, size_t n, struct html_ends *e, int k, size_t i)
{
	static const char *const what[] = {"-->", "</script", "</style"};
	if (!e->found[k]) {
		e->at[k] = html_last(s, n, what[k]);
		e->found[k] = true;
	}
	return e->at[k] != SIZE_MAX && e->at[k] >= i;
}

/* The index of the first c in s[i..n), or n. */
static size_t
html_find(const char *s, size_t n, size_t i, char c)
{
	const char *p = i < n ? memchr(s + i, c, n - i) : NULL;
	return p ? (size_t)(p - s) : n;
}

/* Writes s[*from..i) and "&lt;" for the '<' at s[i] to out (when not
 * NULL), at *o. */
static void
html_escape_lt(const char *s, size_t i, size_t *from, char *out, size_t *o)
{
	if (out) {
		memcpy(out + *o, s + *from, i - *from);
		*o += i - *from;
		memcpy(out + *o, "&lt;", 4);
		*o += 4;
	}
	*from = i + 1;
}

size_t
html_scan(const char *s, size_t n, struct html_scan *sc, int how, char *out)
{
	static const char specials[] = "<&`";
	size_t none[17] = {0}, o = 0, from = 0, at[3];
	struct html_ends ends = {0};
	int kinds = how & HTML_SCAN_SPANS ? 3 : 2;
	*sc = (struct html_scan){0};
	for (int k = 0; k < kinds; k++)
		at[k] = html_find(s, n, 0, specials[k]);
	for (size_t i = 0;;) {
		if ((how & HTML_SCAN_FIRST) && (sc->tags || sc->entities))
			break;
		/* On to the next '<', '&' or backtick, by memchr: each one
		 * searched for again only once passed, so that the scan
		 * costs one memchr pass per character looked for. */
		size_t next = n;
		for (int k = 0; k < kinds; k++) {
			if (at[k] < i)
				at[k] = html_find(s, n, i, specials[k]);
			if (at[k] < next)
				next = at[k];
		}
		if (next >= n)
			break;
		i = next;
		if (s[i] == '&') {
			size_t m = html_entity(s, n, i);
			sc->entities |= m > 0;
			i += m ? m : 1;
			continue;
		}
		if (s[i] == '`') {
			size_t k = 1;
			while (i + k < n && s[i + k] == '`')
				k++;
			size_t end = html_code_span(s, n, i, k, none);
			if (end == 0) {
				i += k;
				continue;
			}
			for (; i < end; i++)
				if (s[i] == '<')
					html_escape_lt(s, i, &from, out, &o);
			continue;
		}
		const struct html_elem *e;
		bool closing;
		size_t m = html_tag(s, n, i, &e, &closing);
		if (m > 0 && (e->flags & HTML_RAW) &&
		    (!(how & HTML_SCAN_RAW) ||
		     (!closing &&
		      !html_closed(s, n, &ends,
				   strcmp(e->name, "script") == 0
					   ? HTML_END_SCRIPT
					   : HTML_END_STYLE,
				   i))))
			m = 0;
		if (m > 0 && !(e->flags & HTML_RAW)) {
			sc->tags = true;
			sc->layout |= (e->flags & HTML_LAYOUT) != 0;
		}
		if (m == 0 && n - i >= 4 && memcmp(s + i, "<!--", 4) == 0 &&
		    html_closed(s, n, &ends, HTML_END_COMMENT, i + 4)) {
			const char *end = s + i + 4;
			while (memcmp(end, "-->", 3) != 0)
				end++;
			m = (size_t)(end + 3 - (s + i));
		}
		if (m == 0) {
			html_escape_lt(s, i, &from, out, &o);
			m = 1;
		}
		i += m;
	}
	if (out) {
		memcpy(out + o, s + from, n - from);
		o += n - from;
		out[o] = '\0';
	}
	return o;
}

bool
html_is_markup(const char *s, size_t n)
{
	struct html_scan sc;
	html_scan(s, n, &sc, HTML_SCAN_SPANS | HTML_SCAN_FIRST, NULL);
	return sc.tags || sc.entities;
}
