/* The frab/pretalx/Pentabarf schedule.xml reader (frabxml.h).
 *
 * The stream of <schedule>, <conference>, <day>, <room>, <event> through
 * xmlTextReader, and one expanded <event> tree at a time into a
 * feed_session. What each element becomes is frabxml_elem.c's; where
 * things are in the file, and the checks made before the parser sees it,
 * are frabxml_scan.c's.
 *
 * Safety: the parser gets no option that loads or substitutes anything
 * (no NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE) and NONET; a
 * DOCTYPE, where entities would be declared, is refused before the
 * parser runs (fx_check_input); and while a file is read the external
 * entity loader refuses every request, so that even a libxml2 that wanted
 * to fetch something could not. */
#include "sked/frabxml.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "sked/strset.h"
#include "sked/text.h"
#include "sked/xalloc.h"

#include "frabxml_scan.h"

/* ---- the stream ---- */

/* libxml2's errors, at its line and column: the first error ends the
 * read, so only it is reported. */
/* Whether the file has the end tag of its root, </schedule> (the reader
 * took it for a schedule by its start tag). */
static bool
fx_ends_closed(const struct fx *x)
{
	static const char end[] = "</schedule";
	const size_t n = sizeof(end) - 1;
	for (const char *p = x->buf, *stop = x->buf + x->len;
	     (size_t)(stop - p) >= n &&
	     (p = memchr(p, '<', (size_t)(stop - p) - n + 1)) != NULL;
	     p++)
		if (memcmp(p, end, n) == 0)
			return true;
	return false;
}

/* The column (in characters, as libxml2 counts them) of the last `what`
 * that begins before column col of line `line`: libxml2 says where it
 * stopped, past the '&' or the end tag it could not take; col when there
 * is none. */
static int
fx_column_back(const struct fx *x, int line, int col, const char *what)
{
	const char *p = x->buf, *stop = x->buf + x->len;
	for (int l = 1; l < line && p < stop; l++) {
		p = memchr(p, '\n', (size_t)(stop - p));
		p = p ? p + 1 : stop;
	}
	int found = col, c = 1;
	size_t n = strlen(what);
	for (; c < col && p < stop && *p != '\n'; p++) {
		if ((size_t)(stop - p) >= n && memcmp(p, what, n) == 0)
			found = c;
		if (p + 1 == stop || ((unsigned char)p[1] & 0xC0) != 0x80)
			c++; /* the next byte begins a character */
	}
	return found;
}

static void
fx_error(void *arg, xmlErrorPtr e)
{
	struct fx *x = arg;
	if (x->failed)
		return;
	bool warning = e->level == XML_ERR_WARNING;
	int col = e->int2;
	char *m, *said = xstrdup(e->message ? e->message : "");
	for (size_t n = strlen(said); n > 0 && fx_blank(said[n - 1]);)
		said[--n] = '\0';
	unsigned bad_char;
	if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str1 && e->str2) {
		m = xasprintf("expected </%s> to close the <%s> of line %d, "
			      "got </%s>", e->str1, e->str1, e->int1, e->str2);
		col = fx_column_back(x, e->line, col, "</");
	} else if (e->code == XML_ERR_NAME_REQUIRED &&
		   strstr(said, "EntityRef") != NULL) {
		m = xstrdup("a '&' that begins no reference (a '&' in text is "
			    "written &amp;)");
		col = fx_column_back(x, e->line, col, "&");
	} else if (e->code == XML_ERR_ENTITYREF_SEMICOL_MISSING) {
		m = xstrdup("a reference not ended by ';' (a '&' in text is "
			    "written &amp;)");
		col = fx_column_back(x, e->line, col, "&");
	} else if (e->code == XML_ERR_ATTRIBUTE_NOT_STARTED) {
		m = xstrdup("expected an attribute's value in quotes (\"...\" "
			    "or '...')");
	} else if (e->code == XML_ERR_LT_IN_ATTRIBUTE) {
		m = xstrdup("a '<' in an attribute's value (written &lt;)");
	} else if (e->code == XML_ERR_INVALID_CHAR &&
		   sscanf(said, "%*[^0-9]%u", &bad_char) == 1 &&
		   strstr(said, "invalid Char value") != NULL) {
		m = xasprintf("character U+%04X is not allowed in XML",
			      bad_char);
	} else if (e->code == XML_ERR_UNDECLARED_ENTITY) {
		m = xasprintf("%s (XML has only &amp; &lt; &gt; &quot; &apos; "
			      "and numeric references such as &#233;)",
			      said);
		col = fx_column_back(x, e->line, col, "&");
	} else if (e->message && strstr(e->message, "Extra content at the end") &&
		 !fx_ends_closed(x))
		/* libxml2's reader says "Extra content at the end of the
		 * document" of a file cut short inside it. */
		m = xstrdup("the file ends inside the document, with elements "
			    "still open (cut short?)");
	else if (e->message && strstr(e->message, "Excessive depth"))
		m = xstrdup("elements nested deeper than 256 levels");
	else if (e->message && strstr(e->message, "huge text node"))
		m = xstrdup("a text longer than 10000000 bytes");
	else
		m = xstrdup(said);
	free(said);
	/* Names in libxml2's messages come from the file. */
	for (char *p = m; *p; p++)
		if (*p == '\n')
			*p = ' ';
	char *clean = text_sanitize(m, strlen(m), 0);
	size_t n = strlen(clean);
	while (n > 0 && fx_blank(clean[n - 1]))
		clean[--n] = '\0';
	diag_add(x->diags, warning ? DIAG_WARNING : DIAG_ERROR, x->f->file,
		 e->line > 0 ? (unsigned)e->line : 0,
		 col > 0 ? (unsigned)col : 0, "%s%s",
		 warning ? "" : "not a well-formed XML file: ", clean);
	if (!warning)
		x->failed = true;
	free(clean);
	free(m);
}

/* Refuses every external entity, DTD or XInclude libxml2 would load. */
static xmlParserInputPtr
fx_no_loading(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}


static bool
fx_stream(struct fx *x, xmlTextReaderPtr r)
{
	bool root = false;
	int ret = xmlTextReaderRead(r);
	while (ret == 1 && !x->failed) {
		int type = xmlTextReaderNodeType(r);
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		bool plain = xmlTextReaderConstPrefix(r) == NULL;
		if (type == XML_READER_TYPE_END_ELEMENT && plain) {
			if (strcmp(name, "day") == 0)
				x->have_date = false, x->day = -1;
			else if (strcmp(name, "room") == 0)
				x->room = (struct feed_str){0};
		}
		if (type != XML_READER_TYPE_ELEMENT) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		xmlNode *node = xmlTextReaderCurrentNode(r);
		if (!root) {
			struct fx_loc l = fx_locate(x, node);
			if (!plain || strcmp(name, "schedule") != 0) {
				char *m = xasprintf(
					"expected a frab/pretalx schedule: "
					"the root element is <%s>, not "
					"<schedule>",
					(const char *)xmlTextReaderConstName(r));
				char *c = text_sanitize(m, strlen(m), 0);
				fx_fail(x, l, c);
				free(c);
				free(m);
				break;
			}
			root = true;
			x->root = l;
			ret = xmlTextReaderRead(r);
			continue;
		}
		if (plain && (strcmp(name, "event") == 0 ||
			      strcmp(name, "conference") == 0)) {
			/* One tree at a time, freed when the reader moves
			 * on: memory stays bounded by the largest event. */
			bool event = strcmp(name, "event") == 0;
			node = xmlTextReaderExpand(r);
			if (node == NULL) {
				ret = -1;
				break;
			}
			fx_locate_tree(x, node);
			if (event)
				fx_event(x, node);
			else
				fx_conference(x, node);
			x->n_locs = 0;
			ret = xmlTextReaderNext(r);
			continue;
		}
		struct fx_loc l = fx_locate(x, node);
		bool empty = xmlTextReaderIsEmptyElement(r) == 1;
		if (plain && strcmp(name, "day") == 0) {
			fx_day(x, r, l);
			if (empty)
				x->have_date = false, x->day = -1;
		} else if (plain && strcmp(name, "room") == 0) {
			fx_room(x, r, l);
			if (empty)
				x->room = (struct feed_str){0};
		}
		ret = xmlTextReaderRead(r);
	}
	if (ret == -1 && !x->failed)
		fx_fail(x, x->cur, "not a well-formed XML file");
	if (!x->failed && !root)
		fx_fail(x, (struct fx_loc){0, SIZE_MAX},
			"expected a frab/pretalx schedule: no <schedule> element");
	return !x->failed && !x->bad;
}

bool
frabxml_read(struct feed *f, const char *buf, size_t len,
	     struct diag_list *diags)
{
	/* A BOM is not a character of line 1: every position counts from
	 * past it, as libxml2's columns do. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3;
	struct fx x = {.f = f, .diags = diags, .buf = buf, .len = len,
		       .cur = {0, SIZE_MAX}, .day = -1, .rollover = -1,
		       .day_change = -1};
	/* UTF-8 checked: the whole file before the parser sees it; libxml2
	 * hands out UTF-8 only (a character reference to what is not a
	 * character is an error), and what is made here of its strings is
	 * cut at ASCII bytes. */
	f->flags |= FEED_CREATE_REFERENCES | FEED_DERIVE_IDS | FEED_UTF8_CHECKED |
		    FEED_HTML_TEXTS;
	/* Positions are offsets into buf, resolved when shown. */
	feed_set_source(f, buf, len);
	if (len > INT_MAX) {
		diag_add(diags, DIAG_ERROR, f->file, 1, 1,
			 "file too large for the XML parser (over 2 GiB)");
		return false;
	}
	if (!fx_check_input(&x)) {
		free(x.tags);
		return false;
	}
	feed_reserve_sessions(f, x.n_event_tags);
	xmlInitParser();
	strset_init(&x.rooms, 64);
	strset_init(&x.tracks, 64);
	xmlExternalEntityLoader loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(fx_no_loading);
	/* NONET, and nothing that loads or substitutes: no NOENT, DTDLOAD,
	 * DTDATTR, DTDVALID, XINCLUDE, HUGE (whose limits on depth and text
	 * length stay on). IGNORE_ENC: the bytes are UTF-8 (checked), so an
	 * encoding="ISO-8859-1" or "UTF-7" in the declaration is wrong and
	 * must not re-decode them (libxml2 would also write its complaints
	 * about that straight to stderr). */
	xmlTextReaderPtr r = xmlReaderForMemory(buf, (int)len, NULL, "UTF-8",
						XML_PARSE_NONET |
						XML_PARSE_NOCDATA |
						XML_PARSE_IGNORE_ENC);
	bool ok = false;
	if (r == NULL) {
		diag_add(diags, DIAG_ERROR, f->file, 1, 1,
			 "the XML parser could not start");
	} else {
		xmlTextReaderSetStructuredErrorHandler(r, fx_error, &x);
		ok = fx_stream(&x, r);
		xmlFreeTextReader(r);
	}
	xmlSetExternalEntityLoader(loader);
	if (ok && x.n_events == 0) {
		struct feed_pos p = fx_where(&x, x.root.off);
		diag_add(diags, DIAG_WARNING, f->file, p.line, p.column,
			 "the schedule has no <event>");
	}
	strset_finish(&x.rooms);
	strset_finish(&x.tracks);
	free(x.locs);
	free(x.tags);
	return ok;
}

/* Past the prolog a sniff needs to see: blanks, the XML declaration,
 * comments. */
bool
frabxml_sniff(const char *head, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && fx_blank(head[i]))
		i++;
	if (i >= n || head[i] != '<')
		return false;
	for (size_t j = i; j + 9 < n; j++) {
		if (head[j] != '<')
			continue;
		if (memcmp(head + j + 1, "schedule", 8) == 0 &&
		    fx_name_end(head[j + 9]))
			return true;
		if (n - j > 18 && memcmp(head + j, "<!DOCTYPE schedule", 18) == 0)
			return true;
	}
	return false;
}
