/* The YAML file as a stream of nodes, in two passes over the bytes:
 *  1. a scan for NUL and invalid UTF-8, with positions (libyaml's own
 *     messages about them are less clear);
 *  2. libyaml's events handed out one node at a time (yt_next), with
 *     aliases and a second document refused and depth and size capped.
 * A file streamed a piece at a time (yt_open_source) has both passes over
 * each piece in turn: the piece is checked before libyaml reads it. The
 * config file's tree (yt_parse) is built on the stream. Errors libyaml
 * reports are explained by load_errors.c. */
#include "yamltree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "load_errors.h"
#include "load_source.h"
#include "sked/arena.h"
#include "sked/feed.h"
#include "sked/load.h"
#include "sked/text.h"
#include "sked/xalloc.h"

/* Nodes live in fixed-size chunks, so growing never copies nor doubles. */
enum { TREE_CHUNK_BITS = 16, TREE_CHUNK = 1 << TREE_CHUNK_BITS };

struct yt_tree {
	struct yt_node *chunks[LOAD_MAX_NODES / TREE_CHUNK + 1];
	size_t n;       /* node 0 is unused so that 0 can mean "none" */
	uint32_t root;
};

static struct yt_node *
tree_at(const struct yt_tree *t, uint32_t i)
{
	return &t->chunks[i >> TREE_CHUNK_BITS][i & (TREE_CHUNK - 1)];
}

const struct yt_node *
yt_at(const struct yt_tree *t, uint32_t i)
{
	return i ? tree_at(t, i) : NULL;
}

const struct yt_node *
yt_root(const struct yt_tree *t)
{
	return yt_at(t, t->root);
}

void
yt_free(struct yt_tree *t)
{
	if (t == NULL)
		return;
	for (size_t c = 0; c * TREE_CHUNK < t->n; c++)
		free(t->chunks[c]);
	free(t);
}

/* The input as libyaml and load_errors.c read it: the whole file in
 * memory, or the file a piece at a time (load_source.h), its bytes
 * checked as each piece comes (pass 1 for the piece). */
struct yt_input {
	const unsigned char *buf; /* the whole file; NULL when streamed */
	size_t len;
	size_t pos; /* libyaml's read position in buf, or in src->piece */
	struct load_source *src; /* streamed: the file */
	/* Streamed, for pass 1: the error's words and where it goes, and a
	 * character cut by the end of the last piece, checked whole with the
	 * next one's first bytes. */
	const char *file;
	char why[64];
	struct diag_list *diags;
	unsigned char cut[4];
	size_t ncut;
	bool failed; /* reported: libyaml's "input error" is not */
};

static size_t
yt_text_read(const void *data, size_t off, unsigned char *dst, size_t n)
{
	const struct yt_input *in = data;
	if (in->src != NULL)
		return load_source_pread(in->src, off, dst, n);
	if (off >= in->len)
		return 0;
	if (n > in->len - off)
		n = in->len - off;
	memcpy(dst, in->buf + off, n);
	return n;
}

static bool yt_next_piece(struct yt_input *in);

static int
yt_yaml_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yt_input *in = data;
	if (in->src == NULL) {
		*size_read = yt_text_read(in, in->pos, buffer, size);
		in->pos += *size_read;
		return 1;
	}
	const struct load_source *s = in->src;
	*size_read = 0;
	if (in->pos == s->n && !yt_next_piece(in))
		return !in->failed; /* the end: 0 bytes */
	size_t n = s->n - in->pos < size ? s->n - in->pos : size;
	memcpy(buffer, s->piece + in->pos, n);
	in->pos += n;
	*size_read = n;
	return 1;
}

/* ---- pass 1: bytes ---- */

static const char yt_bom[] = "\xEF\xBB\xBF";

/* UTF-8 without NUL, the BOM aside. */
static bool
yt_scan_bytes(const char *file, const char *what, const struct yt_input *in,
	      struct diag_list *diags)
{
	size_t bom = in->len >= 3 && memcmp(in->buf, yt_bom, 3) == 0 ? 3 : 0;
	char why[64];
	snprintf(why, sizeof(why), "%s is UTF-8 text", what);
	return feed_check_utf8(file, (const char *)in->buf + bom, in->len - bom,
			       why, diags);
}

/* The streamed file's byte at offset off is not UTF-8 without NUL: said
 * as yt_scan_bytes says it, its line and column counted by reading the
 * file again up to it (nothing is counted while a good file streams). */
static bool
yt_bad_byte(struct yt_input *in, size_t off, unsigned char byte)
{
	struct feed_pos p;
	load_text_position(&(struct load_text){yt_text_read, in}, off,
			   &p.line, &p.column);
	feed_utf8_error(in->file, p, byte, in->why, in->diags);
	in->failed = true;
	return false;
}

/* Whether p[0..n), the end of a piece, is the start of a character the
 * next piece may complete: a lead byte and fewer continuation bytes than
 * it needs, and nothing else. A sequence that is whole in the piece, or
 * has a byte that cannot continue it, is bad here and now, as it would be
 * in the whole file. */
static bool
yt_cut_at_end(const unsigned char *p, size_t n)
{
	size_t need = p[0] >= 0xC2 && p[0] <= 0xDF   ? 2
		      : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
		      : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
						     : 0;
	if (n >= need)
		return false;
	for (size_t k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return false;
	return true;
}

/* The source's current piece checked as yt_scan_bytes checks a whole
 * file: a character the piece's end cuts is kept in in->cut and checked
 * whole with the next piece. */
static bool
yt_check_piece(struct yt_input *in)
{
	const struct load_source *s = in->src;
	const char *p = (const char *)s->piece;
	size_t n = s->n, i = 0;
	/* A piece but the last is LOAD_PIECE bytes: a BOM is in the first. */
	if (s->off == 0 && n >= 3 && memcmp(p, yt_bom, 3) == 0)
		i = 3;
	if (in->ncut > 0) {
		unsigned char c[8];
		size_t k = n < 3 ? n : 3;
		memcpy(c, in->cut, in->ncut);
		memcpy(c + in->ncut, p, k);
		uint32_t cp;
		size_t w = text_utf8_decode(c, in->ncut + k, &cp);
		if (w <= in->ncut)
			return yt_bad_byte(in, s->off - in->ncut, c[0]);
		i = w - in->ncut;
		in->ncut = 0;
	}
	i += text_utf8_valid(p + i, n - i);
	if (i == n)
		return true;
	unsigned char lead = (unsigned char)p[i];
	if (!s->end && yt_cut_at_end((const unsigned char *)p + i, n - i)) {
		/* Maybe whole with the next piece's first bytes (if not, it
		 * is this lead byte that is reported, as for a whole file). */
		in->ncut = n - i;
		memcpy(in->cut, p + i, in->ncut);
		return true;
	}
	return yt_bad_byte(in, s->off + i, lead);
}

/* The source's next piece, checked, for libyaml from its start; false at
 * the file's end, or with in->failed when it or its bytes are bad. */
static bool
yt_next_piece(struct yt_input *in)
{
	struct load_source *s = in->src;
	if (in->failed)
		return false;
	if (!load_source_next(s)) {
		in->failed = s->failed; /* reported */
		if (!in->failed && in->ncut > 0)
			/* The file ends inside a character. */
			return yt_bad_byte(in, s->off + s->n - in->ncut,
					   in->cut[0]);
		return false;
	}
	in->pos = 0;
	return yt_check_piece(in);
}

/* ---- pass 2: libyaml's events, checked, one node at a time ---- */

struct yt_stream {
	const char *file, *what;
	struct diag_list *diags;
	struct yt_input in;
	yaml_parser_t parser;
	yaml_event_t ev;   /* the event the last yt_next returned */
	bool have_ev;      /* ev is to be deleted */
	size_t depth;      /* open lists and mappings */
	size_t nodes;      /* nodes so far, against LOAD_MAX_NODES */
	bool root_seen;    /* the document's node has started */
	bool failed;       /* reported */
	bool done;         /* the document's node is over (or failed) */
};

static void
yt_empty(const char *file, struct diag_list *diags)
{
	diag_add(diags, DIAG_ERROR, file, 1, 1,
		 "empty file: expected a sked program (a mapping "
		 "starting with \"sked: 1\")");
}

__attribute__((format(printf, 3, 4))) static bool
yt_fail_at(struct yt_stream *s, const yaml_mark_t *m, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(s->diags, DIAG_ERROR, s->file, (unsigned)m->line + 1,
		 (unsigned)m->column + 1, "%s", msg);
	s->failed = s->done = true;
	return false;
}

/* libyaml's next event into s->ev; false (reported) when it fails. */
static bool
yt_parse_event(struct yt_stream *s)
{
	if (s->have_ev) {
		yaml_event_delete(&s->ev);
		s->have_ev = false;
	}
	if (!yaml_parser_parse(&s->parser, &s->ev)) {
		/* Not when the bytes' error, or the source's, stopped it:
		 * reported. */
		if (!s->in.failed)
			load_yaml_error(&s->parser, &(struct load_text){
						yt_text_read, &s->in},
					s->diags, s->file);
		s->failed = s->done = true;
		return false;
	}
	s->have_ev = true;
	return true;
}

/* Whether node event ev has neither an anchor nor a tag other than YAML's
 * own (!!str, !!int...) and the non-specific "!"; else false, said. An
 * anchor is no use where aliases are refused, and a value that begins
 * with & or ! lost its first word to one: `title: &Co talk` is "talk"
 * to YAML. Said as such, at the node. */
static bool
yt_plain_node(struct yt_stream *s, const yaml_event_t *ev)
{
	const yaml_char_t *anchor, *tag;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	default:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	}
	const yaml_mark_t *m = &ev->start_mark;
	if (anchor != NULL)
		return yt_fail_at(s, m, "YAML anchor &%s: anchors are not "
				  "allowed in %s (a value that begins with "
				  "'&' is written in quotes)",
				  (const char *)anchor, s->what);
	/* YAML's own types in its namespace (!!str and its kin; not any
	 * !!word), said as written: !!word. */
	static const char *const own[] = {
		"str", "int", "float", "bool", "null", "seq", "map", "timestamp",
	};
	const char *t = (const char *)tag, *ns = "tag:yaml.org,2002:";
	bool in_ns = t && strncmp(t, ns, strlen(ns)) == 0;
	bool known = t == NULL || strcmp(t, "!") == 0;
	for (size_t k = 0; in_ns && !known && k < sizeof(own) / sizeof(own[0]);
	     k++)
		known = strcmp(t + strlen(ns), own[k]) == 0;
	if (!known)
		return yt_fail_at(s, m, "YAML tag %s%s: tags are not allowed in "
				  "%s (a value that begins with '!' is "
				  "written in quotes)", in_ns ? "!!" : "",
				  in_ns ? t + strlen(ns) : t, s->what);
	return true;
}

bool
yt_next(struct yt_stream *s, struct yt_event *out)
{
	*out = (struct yt_event){.kind = YT_END};
	while (!s->done) {
		if (!yt_parse_event(s))
			return false;
		const yaml_event_t *ev = &s->ev;
		const yaml_mark_t *m = &ev->start_mark;
		switch (ev->type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			/* Before any node: a stream of comments alone. */
			s->done = true;
			if (!s->root_seen) {
				yt_empty(s->file, s->diags);
				s->failed = true;
			}
			return false;
		case YAML_ALIAS_EVENT:
			return yt_fail_at(s, m, "YAML alias *%s: aliases are not "
					  "allowed in %s",
					  (const char *)ev->data.alias.anchor,
					  s->what);
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (!yt_plain_node(s, ev))
				return false;
			if (++s->nodes > LOAD_MAX_NODES)
				return yt_fail_at(s, m, "too many YAML nodes (the "
						  "limit is %d)", LOAD_MAX_NODES);
			s->root_seen = true;
			out->line = (uint32_t)m->line + 1;
			out->col = (uint32_t)m->column + 1;
			if (ev->type == YAML_SCALAR_EVENT) {
				out->kind = YT_SCALAR;
				out->str = (const char *)ev->data.scalar.value;
				out->len = ev->data.scalar.length;
				/* Only an escape makes a NUL (the bytes have
				 * none), and only a double-quoted scalar has
				 * escapes. Cut there, the value would lose its
				 * rest without a word. */
				if (ev->data.scalar.style ==
					    YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
				    memchr(out->str, '\0', out->len) != NULL)
					return yt_fail_at(
						s, m,
						"an escape in this string makes a NUL "
						"character (\\0), which text cannot "
						"hold");
				out->plain = ev->data.scalar.style ==
					     YAML_PLAIN_SCALAR_STYLE;
				if (s->depth == 0)
					s->done = true;
				return true;
			}
			if (s->depth == LOAD_MAX_DEPTH)
				return yt_fail_at(s, m, "nesting deeper than %d "
						  "levels", LOAD_MAX_DEPTH);
			s->depth++;
			out->kind = ev->type == YAML_SEQUENCE_START_EVENT
					    ? YT_LIST
					    : YT_MAP;
			return true;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (--s->depth == 0)
				s->done = true;
			out->line = (uint32_t)m->line + 1;
			out->col = (uint32_t)m->column + 1;
			return true; /* YT_END */
		default: /* the stream's and the document's start */
			break;
		}
	}
	return false;
}

void
yt_skip(struct yt_stream *s, const struct yt_event *node)
{
	if (node->kind != YT_LIST && node->kind != YT_MAP)
		return;
	struct yt_event ev;
	for (size_t depth = 1; depth > 0 && yt_next(s, &ev);)
		if (ev.kind == YT_END)
			depth--;
		else if (ev.kind != YT_SCALAR)
			depth++;
}

/* After the document's node: the rest of the stream, which must end
 * without a second document or a syntax error. */
static bool
yt_finish(struct yt_stream *s)
{
	struct yt_event ev;
	while (!s->done)
		yt_next(s, &ev); /* a node not walked to its end */
	if (s->failed)
		return false;
	for (;;) {
		if (!yt_parse_event(s))
			return false;
		/* libyaml gives no event at all after the stream's end. */
		if (s->ev.type == YAML_STREAM_END_EVENT ||
		    s->ev.type == YAML_NO_EVENT)
			return true;
		if (s->ev.type == YAML_DOCUMENT_START_EVENT)
			return yt_fail_at(s, &s->ev.start_mark,
					  "a second YAML document (%s holds "
					  "exactly one)", s->what);
	}
}

bool
yt_close(struct yt_stream *s)
{
	if (s == NULL)
		return false;
	bool ok = yt_finish(s);
	if (s->have_ev)
		yaml_event_delete(&s->ev);
	yaml_parser_delete(&s->parser);
	free(s);
	return ok;
}

static struct yt_stream *
yt_stream_of(const char *file, const char *what, const struct yt_input *in,
	     struct diag_list *diags)
{
	struct yt_stream *s = xcalloc(1, sizeof(*s));
	s->file = file;
	s->what = what;
	s->diags = diags;
	s->in = *in;
	yaml_parser_initialize(&s->parser);
	yaml_parser_set_input(&s->parser, yt_yaml_read, &s->in);
	return s;
}

struct yt_stream *
yt_open(const char *file, const char *what, const char *buf, size_t len,
	struct diag_list *diags)
{
	struct yt_input in = {.buf = (const unsigned char *)buf, .len = len};
	if (len == 0) {
		yt_empty(file, diags);
		return NULL;
	}
	if (!yt_scan_bytes(file, what, &in, diags))
		return NULL;
	return yt_stream_of(file, what, &in, diags);
}

struct yt_stream *
yt_open_source(const char *file, const char *what, struct load_source *src,
	       struct diag_list *diags)
{
	struct yt_input in = {.src = src, .file = file, .diags = diags};
	if (src->n == 0) {
		yt_empty(file, diags);
		return NULL;
	}
	snprintf(in.why, sizeof(in.why), "%s is UTF-8 text", what);
	/* The first piece checked before libyaml reads a byte of it: a file
	 * of one piece is checked whole first, as in memory. */
	if (!yt_check_piece(&in))
		return NULL;
	return yt_stream_of(file, what, &in, diags);
}

/* ---- the tree, for the config file ---- */

static uint32_t
tree_add(struct yt_tree *t, enum yt_kind kind, uint32_t line, uint32_t col)
{
	if ((t->n & (TREE_CHUNK - 1)) == 0)
		t->chunks[t->n >> TREE_CHUNK_BITS] =
			xmalloc(TREE_CHUNK * sizeof(struct yt_node));
	struct yt_node *n = tree_at(t, (uint32_t)t->n);
	*n = (struct yt_node){.kind = (uint8_t)kind, .line = line, .col = col};
	return (uint32_t)t->n++;
}

static bool
yt_build(struct yt_tree *t, struct yt_stream *s, struct arena *strings)
{
	/* Open containers and their last child, as indices. */
	uint32_t stack[LOAD_MAX_DEPTH + 1], last[LOAD_MAX_DEPTH + 1];
	size_t depth = 0;
	struct yt_event ev;

	tree_add(t, YT_SCALAR, 0, 0); /* the unused v[0] */
	while (yt_next(s, &ev)) {
		if (ev.kind == YT_END) {
			depth--;
			continue;
		}
		uint32_t idx = tree_add(t, (enum yt_kind)ev.kind, ev.line,
					ev.col);
		if (ev.kind == YT_SCALAR) {
			struct yt_node *n = tree_at(t, idx);
			n->plain = ev.plain;
			n->str = arena_strndup(strings, ev.str, ev.len);
		}
		if (depth == 0) {
			t->root = idx;
		} else {
			struct yt_node *parent = tree_at(t, stack[depth - 1]);
			if (last[depth - 1])
				tree_at(t, last[depth - 1])->next = idx;
			else
				parent->first = idx;
			parent->count++;
			last[depth - 1] = idx;
		}
		if (ev.kind != YT_SCALAR) {
			stack[depth] = idx;
			last[depth] = 0;
			depth++;
		}
	}
	return yt_close(s);
}

struct yt_tree *
yt_parse(const char *file, const char *what, const char *buf, size_t len,
	 struct arena *strings, struct diag_list *diags)
{
	struct yt_stream *s = yt_open(file, what, buf, len, diags);
	if (s == NULL)
		return NULL;
	struct yt_tree *t = xcalloc(1, sizeof(*t));
	if (!yt_build(t, s, strings)) {
		yt_free(t);
		return NULL;
	}
	return t;
}
