/* The loader's YAML errors in words a person understands.
 *
 * libyaml names what its grammar missed ("did not find expected key while
 * parsing a block mapping"); a person wants to know what to change. The
 * common mistakes in hand-written files are recognised from libyaml's
 * problem and the lines around it, read back from the input: wrong
 * indentation, an unquoted ": " inside a value, a key without its colon,
 * an unclosed quote or bracket, a raw control character. Anything else keeps
 * libyaml's words. This runs once, on the error path, so it may read the
 * input again from its start; it keeps only a bounded stack of indentation
 * levels, whatever the file's size. */
#include "load_errors.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/feed.h"
#include "sked/text.h"

/* Offset of the first byte after a UTF-8 BOM, if any. */
static size_t
le_start(const struct load_text *t)
{
	unsigned char b[3];
	return t->read(t->in, 0, b, 3) == 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0
		       ? 3
		       : 0;
}

void
load_text_position(const struct load_text *t, size_t offset, unsigned *line,
		   unsigned *col)
{
	unsigned char buf[65536];
	size_t off = le_start(t);
	struct feed_pos p = {1, 1};
	while (off < offset) {
		size_t want = offset - off < sizeof(buf) ? offset - off : sizeof(buf);
		size_t n = t->read(t->in, off, buf, want);
		if (n == 0)
			break;
		feed_pos_advance(&p, (const char *)buf, n);
		off += n;
	}
	*line = p.line, *col = p.column;
}

/* One line as these messages need it. */
struct le_line {
	unsigned no;        /* 1-based; 0: none */
	unsigned indent;    /* leading spaces */
	unsigned key_col;   /* 0-based column of the content after any "- " */
	bool dash;          /* a list item: "- ..." */
	bool key;           /* the content after any "- " is "key:" */
	bool content;       /* neither blank nor a comment */
	char key_name[64];  /* the key, cut; raw bytes (sanitize to show) */
	char text[192];     /* the line from its indentation on, cut */
	size_t len;
	bool cut;           /* text holds less than the line */
};

/* An open block: the column its keys or items start at, and where. */
struct le_level {
	unsigned col, line;
	bool dash;
	char key_name[64];
};

enum { LE_MAX_LEVELS = 64 };

static void
le_parse_line(struct le_line *l)
{
	const char *s = l->text, *end = l->text + l->len;
	l->content = s < end && *s != '#';
	unsigned col = l->indent;
	while (s + 1 < end && s[0] == '-' && s[1] == ' ') {
		l->dash = true;
		for (s++, col++; s < end && *s == ' '; s++)
			col++;
	}
	if (s + 1 == end && *s == '-')
		l->dash = true;
	l->key_col = col;
	if (s == end || strchr("\"'{[#&*!|>%@`", *s))
		return;
	/* A plain key: up to the first ':' that ends the line or has a space
	 * after it. */
	for (const char *c = s; c < end; c++) {
		if (*c == ':' && (c + 1 == end || c[1] == ' ')) {
			size_t n = (size_t)(c - s);
			if (n >= sizeof(l->key_name))
				n = sizeof(l->key_name) - 1;
			memcpy(l->key_name, s, n);
			l->key_name[n] = '\0';
			l->key = n > 0;
			return;
		}
		if (*c == ' ' && c + 1 < end && c[1] == '#')
			return;
	}
}

/* A quote left open in the middle of a file: YAML closes it at the next
 * quote it finds, lines later, and its error comes later still. Looked
 * for by le_scan_open from line `from`: a quoted value its line does not
 * close, whose closing quote (on a later line) has more than a comment
 * after it. A value that goes on over lines and closes at a line's end
 * is YAML's own, and not blamed. */
struct le_open {
	unsigned from;      /* the first line looked at; 0: none */
	unsigned line, col; /* the quote (1-based); line 0: none found */
	char quote;
	bool pending;       /* opened, its closing quote not yet met */
	bool found;         /* closed with more after it: the cause */
	unsigned block;     /* in a block scalar more indented than this */
	bool in_block;
};

/* The quote q that closes a quoted value in s[0..n), or NULL; '"'
 * skips backslash escapes, '\'' doubled quotes. */
static const char *
le_closing(const char *s, const char *end, char q)
{
	for (const char *c = s; c < end; c++) {
		if (q == '"' && *c == '\\' && c + 1 < end)
			c++;
		else if (q == '\'' && *c == q && c + 1 < end && c[1] == q)
			c++;
		else if (*c == q)
			return c;
	}
	return NULL;
}

/* Where l's value starts: after "key:" and its spaces, or after "- ";
 * NULL for a line of neither. */
static const char *
le_value(const struct le_line *l)
{
	const char *s = l->text + (l->key_col - l->indent),
		   *end = l->text + l->len;
	if (l->key)
		for (s += strlen(l->key_name) + 1; s < end && *s == ' '; s++)
			;
	else if (!l->dash)
		return NULL;
	return s;
}

/* One line l for o (le_scan_open). */
static void
le_open_line(const struct le_line *l, struct le_open *o)
{
	const char *end = l->text + l->len;
	if (o->found || l->no < o->from)
		return;
	if (o->in_block && (!l->content || l->indent > o->block))
		return; /* a block scalar's text: no YAML there */
	o->in_block = false;
	if (l->cut) { /* its end unseen: nothing can be said */
		o->pending = false;
		return;
	}
	if (o->pending) {
		const char *c = le_closing(l->text, end, o->quote);
		if (c == NULL)
			return;
		for (c++; c < end && *c == ' '; c++)
			;
		o->pending = false;
		o->found = c < end && *c != '#' && *c != ',' && *c != ']' &&
			   *c != '}';
		if (!o->found)
			o->line = 0;
		return;
	}
	const char *v = l->content ? le_value(l) : NULL;
	if (v == NULL || v >= end)
		return;
	if (*v == '|' || *v == '>') {
		o->in_block = true;
		o->block = l->key_col;
	} else if ((*v == '"' || *v == '\'') &&
		   le_closing(v + 1, end, *v) == NULL) {
		o->pending = true;
		o->quote = *v;
		o->line = l->no;
		o->col = l->indent + (unsigned)text_utf8_chars(
					     l->text, (size_t)(v - l->text)) +
			 1;
	}
}

/* Reads lines up to `target` (1-based): *cur gets that line, *prev the
 * last line with content before it, and levels the blocks open after
 * prev, outermost first. With open, a quote left open from line
 * open->from to target (struct le_open). */
static void
le_scan_open(const struct load_text *t, unsigned target, struct le_line *cur,
	     struct le_line *prev, struct le_level *levels, size_t *nlevels,
	     struct le_open *open)
{
	unsigned char buf[65536];
	struct le_line l = {.no = 1};
	bool in_indent = true;
	size_t off = le_start(t);
	*nlevels = 0;
	*prev = (struct le_line){0};
	for (;;) {
		size_t n = t->read(t->in, off, buf, sizeof(buf));
		bool eof = n == 0;
		for (size_t i = 0; i <= n; i++) {
			bool eol = i == n ? eof : buf[i] == '\n';
			if (!eol && i == n)
				break;
			if (!eol) {
				if (in_indent && buf[i] == ' ') {
					l.indent++;
				} else {
					in_indent = false;
					if (buf[i] == '\r')
						continue;
					if (l.len + 1 < sizeof(l.text))
						l.text[l.len++] = (char)buf[i];
					else
						l.cut = true;
				}
				continue;
			}
			/* The end of line l. */
			while (l.len > 0 && l.text[l.len - 1] == ' ')
				l.len--;
			l.text[l.len] = '\0';
			le_parse_line(&l);
			if (open && open->from)
				le_open_line(&l, open);
			if (l.no >= target || eof) {
				*cur = l;
				return;
			}
			if (l.content && (l.key || l.dash)) {
				while (*nlevels > 0 && levels[*nlevels - 1].col >= l.indent)
					(*nlevels)--;
				if (*nlevels < LE_MAX_LEVELS)
					levels[(*nlevels)++] = (struct le_level){
						l.indent, l.no, l.dash, ""};
				if (l.dash && l.key && *nlevels < LE_MAX_LEVELS)
					levels[(*nlevels)++] = (struct le_level){
						l.key_col, l.no, false, ""};
				if (l.key)
					memcpy(levels[*nlevels - 1].key_name,
					       l.key_name, sizeof(l.key_name));
			}
			if (l.content)
				*prev = l;
			l = (struct le_line){.no = l.no + 1};
			in_indent = true;
		}
		if (eof)
			break;
		off += n;
	}
	*cur = l;
}

static void
le_scan(const struct load_text *t, unsigned target, struct le_line *cur,
	struct le_line *prev, struct le_level *levels, size_t *nlevels)
{
	le_scan_open(t, target, cur, prev, levels, nlevels, NULL);
}

/* A key or value for a message: sanitized, quoted, into buf. */
static const char *
le_quote(const char *s, char *buf, size_t size)
{
	char *safe = text_sanitize(s, strlen(s), 0);
	snprintf(buf, size, "\"%s\"", safe);
	free(safe);
	return buf;
}

static const char *
le_spaces(unsigned n)
{
	return n == 1 ? "space" : "spaces";
}

/* Wrong indentation: the line lines up with no open block, or with a list
 * where a key of the item's mapping was meant. */
static bool
le_indentation(const struct le_line *cur, const struct le_level *levels,
	       size_t nlevels, char *msg, size_t size)
{
	char q[96];
	for (size_t i = 0; i < nlevels; i++) {
		if (levels[i].col != cur->indent || !levels[i].dash || cur->dash)
			continue;
		/* At a list's column YAML expects the list's next item. */
		if (i + 1 < nlevels && levels[i + 1].key_name[0]) {
			snprintf(msg, size,
				 "wrong indentation: at %u %s this line lines up "
				 "with the \"-\" of line %u, where YAML expects "
				 "the list's next item (\"- ...\"); to add to that "
				 "item, indent it by %u spaces like %s",
				 cur->indent, le_spaces(cur->indent),
				 levels[i].line, levels[i + 1].col,
				 le_quote(levels[i + 1].key_name, q, sizeof(q)));
		} else {
			snprintf(msg, size,
				 "wrong indentation: at %u %s this line lines up "
				 "with the \"-\" of line %u, where YAML expects "
				 "the list's next item (\"- ...\")",
				 cur->indent, le_spaces(cur->indent),
				 levels[i].line);
		}
		return true;
	}
	for (size_t i = 0; i < nlevels; i++)
		if (levels[i].col == cur->indent)
			return false; /* lines up: something else is wrong */
	if (nlevels == 0)
		return false;
	int o = snprintf(msg, size,
			 "wrong indentation: line %u is indented by %u %s, "
			 "which lines up with no block above it; indent it",
			 cur->no, cur->indent, le_spaces(cur->indent));
	/* The innermost few levels, nearest first. */
	size_t shown = 0;
	for (size_t i = nlevels; i-- > 0 && shown < 3 && o > 0 &&
				 (size_t)o < size;
	     shown++)
		o += snprintf(msg + o, size - (size_t)o, "%s by %u like line %u",
			      shown == 0 ? "" : i == 0 || shown == 2 ? " or" : ",",
			      levels[i].col, levels[i].line);
	if (o > 0 && (size_t)o < size)
		snprintf(msg + o, size - (size_t)o,
			 " (YAML nests by indentation)");
	return true;
}

/* "mapping values are not allowed in this context": a second ": " on a
 * key's line, or a line indented under a value, which YAML continues. */
static bool
le_mapping_value(const struct le_line *cur, const struct le_line *prev,
		 unsigned problem_col, unsigned *line, unsigned *col, char *msg,
		 size_t size)
{
	char q[96], q2[96];
	if (cur->key && problem_col > cur->key_col + strlen(cur->key_name)) {
		const char *value = cur->text + (cur->key_col - cur->indent) +
				    strlen(cur->key_name) + 1;
		while (*value == ' ')
			value++;
		char quote = strchr(value, '"') == NULL && strchr(value, '\\') == NULL
				     ? '"'
			     : strchr(value, '\'') == NULL ? '\''
							   : 0;
		int o = snprintf(msg, size,
				 "the value of %s holds \": \", which YAML takes "
				 "for another key; put the value in quotes",
				 le_quote(cur->key_name, q, sizeof(q)));
		if (quote && strlen(value) <= 60 && o > 0 && (size_t)o < size &&
		    text_is_clean(value, strlen(value), 0) &&
		    text_is_clean(cur->key_name, strlen(cur->key_name), 0))
			snprintf(msg + o, size - (size_t)o, ": %s: %c%s%c",
				 cur->key_name, quote, value, quote);
		return true;
	}
	if (prev->no && prev->key && cur->indent > prev->key_col) {
		*line = cur->no;
		*col = cur->indent + 1;
		snprintf(msg, size,
			 "wrong indentation: line %u is indented more than %s "
			 "on line %u, so YAML reads it as more of that value; "
			 "indent %s by %u %s like %s",
			 cur->no, le_quote(prev->key_name, q, sizeof(q)), prev->no,
			 cur->key ? le_quote(cur->key_name, q2, sizeof(q2))
				  : "it",
			 prev->key_col, le_spaces(prev->key_col),
			 le_quote(prev->key_name, q, sizeof(q)));
		return true;
	}
	return false;
}

/* The byte at libyaml's (0-based) line and column, or -1. */
static int
le_byte_at(const struct load_text *t, size_t line, size_t col)
{
	unsigned char c[4];
	size_t off = le_start(t);
	for (size_t l = 0; l < line; off++) {
		if (t->read(t->in, off, c, 1) != 1)
			return -1;
		l += c[0] == '\n';
	}
	for (size_t k = 0; k < col; k++) {
		uint32_t cp;
		size_t n = t->read(t->in, off, c, 4), w;
		w = text_utf8_decode(c, n, &cp);
		off += w ? w : 1;
	}
	return t->read(t->in, off, c, 1) == 1 ? c[0] : -1;
}

void
load_yaml_error(const yaml_parser_t *parser, const struct load_text *text,
		struct diag_list *diags, const char *file)
{
	const char *problem = parser->problem ? parser->problem : "unknown error";
	const char *context = parser->context ? parser->context : "";
	unsigned line = (unsigned)parser->problem_mark.line + 1,
		 col = (unsigned)parser->problem_mark.column + 1,
		 ctx_line = (unsigned)parser->context_mark.line + 1,
		 ctx_col = (unsigned)parser->context_mark.column + 1;
	char msg[512];

	if (parser->error == YAML_READER_ERROR) {
		/* The reader has no line and column, only a byte offset. */
		load_text_position(text, parser->problem_offset, &line, &col);
		unsigned v = (unsigned)parser->problem_value;
		if (strcmp(problem, "control characters are not allowed") == 0)
			snprintf(msg, sizeof(msg),
				 "%s U+%04X is not allowed in a YAML file (in a "
				 "double-quoted string, write it as \\u%04X)",
				 v == 0xFFFE || v == 0xFFFF ? "noncharacter"
							    : "control character",
				 v, v);
		else
			snprintf(msg, sizeof(msg), "YAML reader error: %s", problem);
		diag_add(diags, DIAG_ERROR, file, line, col, "%s", msg);
		return;
	}
	int c = le_byte_at(text, line - 1, col - 1);
	if (c == '\t') {
		diag_add(diags, DIAG_ERROR, file, line, col,
			 "tab character in indentation (YAML indents with "
			 "spaces only)");
		return;
	}
	struct le_line cur, prev;
	struct le_level levels[LE_MAX_LEVELS];
	size_t nlevels;
	bool explained = false;
	if (strcmp(problem, "mapping values are not allowed in this context") == 0) {
		le_scan(text, line, &cur, &prev, levels, &nlevels);
		explained = le_mapping_value(&cur, &prev, col - 1, &line, &col,
					     msg, sizeof(msg));
	} else if (strcmp(problem, "did not find expected key") == 0 ||
		   strcmp(problem, "did not find expected '-' indicator") == 0) {
		le_scan(text, line, &cur, &prev, levels, &nlevels);
		explained = le_indentation(&cur, levels, nlevels, msg, sizeof(msg));
	} else if (strcmp(problem, "could not find expected ':'") == 0) {
		/* Reported where the key that lacks its colon starts. */
		le_scan(text, ctx_line, &cur, &prev, levels, &nlevels);
		char q[96];
		line = ctx_line, col = ctx_col;
		snprintf(msg, sizeof(msg),
			 "expected \"key: value\", got %s with no \":\" after it "
			 "(a value continued on the next line must be indented "
			 "more than its key)",
			 le_quote(cur.text + (cur.key_col - cur.indent), q,
				  sizeof(q)));
		explained = cur.key_col - cur.indent < cur.len;
	} else if (strcmp(context, "while scanning a quoted scalar") == 0) {
		line = ctx_line, col = ctx_col;
		snprintf(msg, sizeof(msg),
			 "the quoted string that starts here is never closed "
			 "(%s on line %u)",
			 strstr(problem, "end of stream") ? "the file ends"
							   : "YAML stopped",
			 (unsigned)parser->problem_mark.line + 1);
		explained = true;
	} else if (strcmp(problem, "did not find expected ',' or '}'") == 0 ||
		   strcmp(problem, "did not find expected ',' or ']'") == 0) {
		bool map = strchr(problem, '}') != NULL;
		snprintf(msg, sizeof(msg),
			 "expected \",\" or \"%c\": the \"%c\" of line %u is "
			 "not closed, or two of its items have no \",\" between "
			 "them",
			 map ? '}' : ']', map ? '{' : '[', ctx_line);
		explained = true;
	} else if (strcmp(problem, "found character that cannot start any "
				   "token") == 0 &&
		   c > 0x20 && c < 0x7F) {
		snprintf(msg, sizeof(msg),
			 "a plain value cannot start with \"%c\" (it is reserved "
			 "in YAML): put the value in quotes",
			 c);
		explained = true;
	}
	/* Unexplained: a quote left open on a line between the block's
	 * start and the error is the likely cause, and named there. */
	struct le_open open = {.from = ctx_line < line ? ctx_line : line};
	if (!explained && parser->context) {
		le_scan_open(text, line, &cur, &prev, levels, &nlevels, &open);
		if (open.found && open.line < line) {
			diag_add(diags, DIAG_ERROR, file, open.line, open.col,
				 "the quoted value that starts here is not "
				 "closed on its line (a missing %c?): YAML read "
				 "on and stopped at line %u: %s",
				 open.quote, line, problem);
			return;
		}
	}
	if (explained)
		diag_add(diags, DIAG_ERROR, file, line, col, "%s", msg);
	else if (parser->context)
		diag_add(diags, DIAG_ERROR, file, line, col,
			 "YAML syntax error: %s %s (line %u)", problem, context,
			 ctx_line);
	else
		diag_add(diags, DIAG_ERROR, file, line, col,
			 "YAML syntax error: %s", problem);
}
