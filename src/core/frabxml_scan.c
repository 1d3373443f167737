/* The schedule.xml reader's passes over the raw bytes: where elements,
 * texts and attribute values are, and the checks made before the parser
 * sees the file (frabxml_scan.h). */
#include "frabxml_scan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/text.h"
#include "sked/xalloc.h"

bool
fx_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---- positions ---- */

struct feed_pos
fx_loc_pos(struct fx_loc l)
{
	return feed_pos_offset(l.off);
}

struct feed_pos
fx_where(const struct fx *x, size_t off)
{
	return feed_pos_resolve(x->f, feed_pos_offset(off));
}

bool
fx_name_end(char c)
{
	return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' ||
	       c == '\r';
}

/* memmem(), which C17 and POSIX lack. */
static const char *
fx_memmem(const char *s, size_t n, const char *t, size_t tn)
{
	for (const char *p = s; tn <= n && (size_t)(p - s) <= n - tn; p++) {
		p = memchr(p, t[0], n - tn - (size_t)(p - s) + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, t, tn) == 0)
			return p;
	}
	return NULL;
}

/* Skips from offset i past the terminator term, or to the end. */
static size_t
fx_skip_past(const struct fx *x, size_t i, const char *term)
{
	const char *p = fx_memmem(x->buf + i, x->len - i, term, strlen(term));
	return p ? (size_t)(p - x->buf) + strlen(term) : x->len;
}

/* The offset of the next start tag named name at or after from, past
 * comments, CDATA sections, processing instructions and declarations
 * (whose text may hold a '<'), or SIZE_MAX. */
static size_t
fx_find_tag(const struct fx *x, size_t from, const char *name)
{
	size_t nl = strlen(name);
	size_t i = from;
	while (i < x->len) {
		const char *p = memchr(x->buf + i, '<', x->len - i);
		if (p == NULL)
			return SIZE_MAX;
		i = (size_t)(p - x->buf);
		const char *r = p + 1;
		size_t left = x->len - i - 1;
		if (left >= 3 && memcmp(r, "!--", 3) == 0)
			i = fx_skip_past(x, i + 4, "-->");
		else if (left >= 8 && memcmp(r, "![CDATA[", 8) == 0)
			i = fx_skip_past(x, i + 9, "]]>");
		else if (left >= 1 && r[0] == '?')
			i = fx_skip_past(x, i + 2, "?>");
		else if (left > nl && memcmp(r, name, nl) == 0 &&
			 fx_name_end(r[nl]))
			return i;
		else
			i++;
	}
	return SIZE_MAX;
}

/* True when the start tag at off is named name[0..nl). */
static bool
fx_tag_named(const struct fx *x, size_t off, const char *name, size_t nl)
{
	return x->len - off > nl + 1 && memcmp(x->buf + off + 1, name, nl) == 0 &&
	       fx_name_end(x->buf[off + 1 + nl]);
}

static size_t fx_tag_end(const struct fx *x, size_t off);

/* Locates the next element, which is n: the elements are located in
 * document order, each after the one before. */
struct fx_loc
fx_locate(struct fx *x, const xmlNode *n)
{
	/* The name as written; copied only when it has a prefix (an
	 * snprintf for every element cost 3% of a FOSDEM import). */
	char qname[256];
	const char *name = (const char *)n->name;
	if (n->ns != NULL && n->ns->prefix != NULL) {
		snprintf(qname, sizeof(qname), "%s:%s",
			 (const char *)n->ns->prefix, name);
		name = qname;
	}
	size_t nl = strlen(name);
	/* The next start tag the check before parsing found is n's, in
	 * every file the parser accepts up to n: taken from there, not
	 * searched for again. Its name says so; else (a file the parser
	 * is about to refuse) the search is made. */
	while (x->tag_next < x->n_tags && x->tags[x->tag_next].off < x->next)
		x->tag_next++;
	size_t off, end = SIZE_MAX;
	if (x->tag_next < x->n_tags &&
	    fx_tag_named(x, x->tags[x->tag_next].off, name, nl)) {
		off = x->tags[x->tag_next].off;
		end = x->tags[x->tag_next++].end;
	} else {
		off = fx_find_tag(x, x->next, name);
	}
	if (off != SIZE_MAX) {
		x->cur = (struct fx_loc){off, end};
		x->next = off + 1;
	}
	return x->cur;
}

/* Locates every element of the expanded tree under (and with) root, in
 * document order, without recursion; node->_private holds the index of
 * its place in x->locs, plus one. */
void
fx_locate_tree(struct fx *x, xmlNode *root)
{
	x->n_locs = 0;
	xmlNode *n = root;
	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			if (x->n_locs == x->cap_locs) {
				x->cap_locs = x->cap_locs ? x->cap_locs * 2 : 64;
				x->locs = xreallocarray(x->locs, x->cap_locs,
							sizeof(*x->locs));
			}
			x->locs[x->n_locs] = fx_locate(x, n);
			n->_private = (void *)(uintptr_t)++x->n_locs;
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
}

struct fx_loc
fx_loc_of(const struct fx *x, const xmlNode *n)
{
	uintptr_t i = (uintptr_t)n->_private;
	return i > 0 && i <= x->n_locs ? x->locs[i - 1] : x->cur;
}

struct feed_pos
fx_pos(const struct fx *x, const xmlNode *n)
{
	return fx_loc_pos(fx_loc_of(x, n));
}

/* The offset of the '>' that ends the tag at off (quotes, in which a '>'
 * may stand, honoured), or the end of the buffer; *equals (when not NULL)
 * gets the number of '=' outside quotes: its attributes. A quoted value
 * is skipped with memchr. */
static size_t
fx_tag_scan(const struct fx *x, size_t off, size_t *equals)
{
	/* The bytes that matter, from a table: the rest of a tag (names,
	 * blanks) goes by at one look-up a byte. */
	static const bool stop[256] = {['>'] = true, ['='] = true,
				       ['"'] = true, ['\''] = true};
	const char *b = x->buf, *end = b + x->len;
	size_t eq = 0;
	for (const char *p = b + off + 1; p < end; p++) {
		while (p < end && !stop[(unsigned char)*p])
			p++;
		if (p == end)
			break;
		char c = *p;
		if (c == '>') {
			if (equals)
				*equals = eq;
			return (size_t)(p - b);
		}
		if (c == '=') {
			eq++;
		} else if (c == '"' || c == '\'') {
			p = memchr(p + 1, c, (size_t)(end - p - 1));
			if (p == NULL)
				break;
		}
	}
	if (equals)
		*equals = eq;
	return x->len;
}

static size_t
fx_tag_end(const struct fx *x, size_t off)
{
	return fx_tag_scan(x, off, NULL);
}

/* The '>' that ends l's start tag: known when the check found it. */
static size_t
fx_loc_end(const struct fx *x, struct fx_loc l)
{
	return l.end != SIZE_MAX ? l.end : fx_tag_end(x, l.off);
}

/* Where element n's text begins: past its start tag and any blank. */
struct feed_pos
fx_content_pos(const struct fx *x, const xmlNode *n)
{
	struct fx_loc l = fx_loc_of(x, n);
	size_t i = fx_loc_end(x, l);
	if (i < x->len)
		i++;
	while (i < x->len && (x->buf[i] == ' ' || x->buf[i] == '\t' ||
			      x->buf[i] == '\n' || x->buf[i] == '\r'))
		i++;
	return feed_pos_offset(i);
}

/* Where the value of attribute name of the start tag at l begins. */
struct feed_pos
fx_attr_pos(const struct fx *x, struct fx_loc l, const char *name)
{
	size_t nl = strlen(name), end = fx_loc_end(x, l);
	char quote = 0;
	for (size_t i = l.off + 1; i < end; i++) {
		char c = x->buf[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
			continue;
		}
		char b = x->buf[i - 1];
		if ((b != ' ' && b != '\t' && b != '\n' && b != '\r') ||
		    end - i < nl || memcmp(x->buf + i, name, nl) != 0)
			continue;
		size_t j = i + nl;
		while (j < end && (x->buf[j] == ' ' || x->buf[j] == '\t' ||
				   x->buf[j] == '\n' || x->buf[j] == '\r'))
			j++;
		if (j < end && x->buf[j] == '=') {
			j++;
			while (j < end && x->buf[j] != '"' && x->buf[j] != '\'')
				j++;
			return feed_pos_offset(j + 1);
		}
	}
	return fx_loc_pos(l);
}

/* ---- before the parser ---- */

void
fx_fail(struct fx *x, struct fx_loc l, const char *msg)
{
	struct feed_pos p = fx_where(x, l.off);
	diag_add(x->diags, DIAG_ERROR, x->f->file, p.line, p.column, "%s", msg);
	x->failed = true;
}

/* Refuses a DOCTYPE before the parser sees it: that is where entities
 * are declared (XXE, billion laughs), and no schedule.xml has one. Also
 * refuses a file with nothing but blanks, comments and declarations. */
static bool
fx_prolog(struct fx *x)
{
	size_t i = 0; /* past a BOM: frabxml_read skipped it */
	for (;;) {
		while (i < x->len && fx_blank(x->buf[i]))
			i++;
		size_t left = x->len - i;
		const char *p = x->buf + i;
		if (left >= 2 && memcmp(p, "<?", 2) == 0) {
			i = fx_skip_past(x, i + 2, "?>");
		} else if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
			i = fx_skip_past(x, i + 4, "-->");
		} else if (left >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
			fx_fail(x, (struct fx_loc){i, SIZE_MAX}, "a DOCTYPE is not allowed in a "
				      "schedule.xml (sked loads no DTD and "
				      "expands no entities)");
			return false;
		} else if (left == 0) {
			fx_fail(x, (struct fx_loc){i, SIZE_MAX}, "empty file: expected a <schedule>");
			return false;
		} else {
			return true;
		}
	}
}

/* libxml2 checks each attribute of an element against every other one
 * (and worse): 40,000 attributes take minutes. A frab element has at most
 * a handful, so a start tag with more than FX_MAX_ATTRIBUTES is refused
 * before the parser sees it, in one pass over the file. */
enum { FX_MAX_ATTRIBUTES = 100 };

/* The check also records every start tag, for the locating (fx_locate)
 * not to search for them again, as long as its scan finds the tags the
 * parser will: up to a processing instruction with a '<' in it, whose
 * inside the check reads as tags (libxml2 does not). */
static void
fx_record_tag(struct fx *x, size_t off, size_t end)
{
	if (x->n_tags == x->cap_tags) {
		x->cap_tags = x->cap_tags ? x->cap_tags * 2 : 1024;
		x->tags = xreallocarray(x->tags, x->cap_tags, sizeof(*x->tags));
	}
	x->tags[x->n_tags++] = (struct fx_tag){(uint32_t)off, (uint32_t)end};
}

static bool
fx_check_tags(struct fx *x)
{
	size_t i = 0;
	bool record = true;
	while (i < x->len) {
		const char *p = memchr(x->buf + i, '<', x->len - i);
		if (p == NULL)
			break;
		i = (size_t)(p - x->buf);
		size_t left = x->len - i;
		if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
			i = fx_skip_past(x, i + 4, "-->");
			continue;
		}
		if (left >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
			i = fx_skip_past(x, i + 9, "]]>");
			continue;
		}
		if (left >= 2 && p[1] == '?' && record) {
			size_t pe = fx_skip_past(x, i + 2, "?>");
			record = memchr(p + 2, '<', pe - i - 2) == NULL;
		}
		if (left >= 2 && (p[1] == '?' || p[1] == '/' || p[1] == '!')) {
			i++;
			continue;
		}
		size_t attributes, end = fx_tag_scan(x, i, &attributes);
		if (attributes > FX_MAX_ATTRIBUTES) {
			struct feed_pos l = fx_where(x, i);
			diag_add(x->diags, DIAG_ERROR, x->f->file, l.line,
				 l.column,
				 "an element with %zu attributes: expected at "
				 "most %d",
				 attributes, FX_MAX_ATTRIBUTES);
			x->failed = true;
			return false;
		}
		if (record)
			fx_record_tag(x, i, end);
		if (left > 6 && memcmp(p + 1, "event", 5) == 0 &&
		    fx_name_end(p[6]))
			x->n_event_tags++;
		i = end;
	}
	return true;
}

bool
fx_check_input(struct fx *x)
{
	return feed_check_utf8(x->f->file, x->buf, x->len,
			       "a schedule.xml is read as UTF-8", x->diags) &&
	       fx_prolog(x) && fx_check_tags(x);
}
