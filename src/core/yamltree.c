/* The YAML file to a flat node tree, in two passes over the bytes:
 *  1. a scan for NUL and invalid UTF-8, with positions (libyaml's own
 *     messages about them are less clear);
 *  2. libyaml's event stream turned into the tree, iteratively, with
 *     aliases refused and depth and size capped.
 * Errors libyaml reports are explained by load_errors.c. */
#include "yamltree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "load_errors.h"
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

/* The input as libyaml and load_errors.c read it. */
struct yt_input {
	const unsigned char *buf;
	size_t len;
	size_t pos; /* libyaml's read position */
};

static size_t
yt_text_read(const void *data, size_t off, unsigned char *dst, size_t n)
{
	const struct yt_input *in = data;
	if (off >= in->len)
		return 0;
	if (n > in->len - off)
		n = in->len - off;
	memcpy(dst, in->buf + off, n);
	return n;
}

static int
yt_yaml_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yt_input *in = data;
	*size_read = yt_text_read(in, in->pos, buffer, size);
	in->pos += *size_read;
	return 1;
}

/* ---- pass 1: bytes ---- */

/* UTF-8 without NUL, the BOM aside. */
static bool
yt_scan_bytes(const char *file, const char *what, const struct yt_input *in,
	      struct diag_list *diags)
{
	size_t bom =
		in->len >= 3 && memcmp(in->buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	char why[64];
	snprintf(why, sizeof(why), "%s is UTF-8 text", what);
	return feed_check_utf8(file, (const char *)in->buf + bom, in->len - bom,
			       why, diags);
}

/* ---- pass 2: events to tree ---- */

static uint32_t
tree_add(struct yt_tree *t, enum yt_kind kind, const yaml_mark_t *mark)
{
	if ((t->n & (TREE_CHUNK - 1)) == 0)
		t->chunks[t->n >> TREE_CHUNK_BITS] =
			xmalloc(TREE_CHUNK * sizeof(struct yt_node));
	struct yt_node *n = tree_at(t, (uint32_t)t->n);
	*n = (struct yt_node){
		.kind = (uint8_t)kind,
		.line = (uint32_t)mark->line + 1,
		.col = (uint32_t)mark->column + 1,
	};
	return (uint32_t)t->n++;
}

static bool
yt_build(struct yt_tree *t, const char *file, const char *what,
	 struct yt_input *in, struct arena *strings, struct diag_list *diags)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	/* Open containers and their last child, as indices. */
	uint32_t stack[LOAD_MAX_DEPTH + 1], last[LOAD_MAX_DEPTH + 1];
	size_t depth = 0;
	int documents = 0;
	bool ok = true, done = false;

	tree_add(t, YT_SCALAR, &(yaml_mark_t){0}); /* the unused v[0] */
	yaml_parser_initialize(&parser);
	in->pos = 0;
	yaml_parser_set_input(&parser, yt_yaml_read, in);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			load_yaml_error(&parser, &(struct load_text){
						yt_text_read, in, in->len},
					diags, file);
			ok = false;
			break;
		}
		uint32_t idx = 0;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				diag_add(diags, DIAG_ERROR, file,
					 (unsigned)ev.start_mark.line + 1,
					 (unsigned)ev.start_mark.column + 1,
					 "a second YAML document (%s holds "
					 "exactly one)", what);
				ok = false;
				done = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_add(diags, DIAG_ERROR, file,
				 (unsigned)ev.start_mark.line + 1,
				 (unsigned)ev.start_mark.column + 1,
				 "YAML alias *%s: aliases are not allowed in "
				 "%s", (const char *)ev.data.alias.anchor, what);
			ok = false;
			done = true;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (t->n >= LOAD_MAX_NODES) {
				diag_add(diags, DIAG_ERROR, file,
					 (unsigned)ev.start_mark.line + 1,
					 (unsigned)ev.start_mark.column + 1,
					 "too many YAML nodes (the limit is %d)",
					 LOAD_MAX_NODES);
				ok = false;
				done = true;
				break;
			}
			idx = tree_add(t,
				       ev.type == YAML_SCALAR_EVENT ? YT_SCALAR
				       : ev.type == YAML_SEQUENCE_START_EVENT
					       ? YT_LIST
					       : YT_MAP,
				       &ev.start_mark);
			if (ev.type == YAML_SCALAR_EVENT) {
				struct yt_node *n = tree_at(t, idx);
				n->plain = ev.data.scalar.style ==
					   YAML_PLAIN_SCALAR_STYLE;
				n->str = arena_strndup(
					strings,
					(const char *)ev.data.scalar.value,
					ev.data.scalar.length);
			}
			if (depth == 0) {
				t->root = idx;
			} else {
				struct yt_node *parent = tree_at(t, stack[depth - 1]);
				if (parent->count == UINT32_MAX) {
					ok = false;
					done = true;
					break;
				}
				if (last[depth - 1])
					tree_at(t, last[depth - 1])->next = idx;
				else
					parent->first = idx;
				parent->count++;
				last[depth - 1] = idx;
			}
			if (ev.type != YAML_SCALAR_EVENT) {
				if (depth == LOAD_MAX_DEPTH) {
					diag_add(diags, DIAG_ERROR, file,
						 (unsigned)ev.start_mark.line + 1,
						 (unsigned)ev.start_mark.column + 1,
						 "nesting deeper than %d levels",
						 LOAD_MAX_DEPTH);
					ok = false;
					done = true;
					break;
				}
				stack[depth] = idx;
				last[depth] = 0;
				depth++;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (ok && t->root == 0) {
		diag_add(diags, DIAG_ERROR, file, 1, 1,
			 "empty file: expected a sked program (a mapping "
			 "starting with \"sked: 1\")");
		ok = false;
	}
	return ok;
}

struct yt_tree *
yt_parse(const char *file, const char *what, const char *buf, size_t len,
	 struct arena *strings, struct diag_list *diags)
{
	struct yt_input in = {.buf = (const unsigned char *)buf, .len = len};
	if (len == 0) {
		diag_add(diags, DIAG_ERROR, file, 1, 1,
			 "empty file: expected a sked program (a mapping "
			 "starting with \"sked: 1\")");
		return NULL;
	}
	if (!yt_scan_bytes(file, what, &in, diags))
		return NULL;
	struct yt_tree *t = xcalloc(1, sizeof(*t));
	if (!yt_build(t, file, what, &in, strings, diags)) {
		yt_free(t);
		return NULL;
	}
	return t;
}
