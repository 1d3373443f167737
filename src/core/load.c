/* The loader works in three passes over data it owns:
 *  1. a scan of the raw bytes for NUL and invalid UTF-8, with positions;
 *  2. libyaml's event stream turned into a flat node tree, iteratively, with
 *     aliases refused and depth and size capped;
 *  3. a walk of that tree against the schema, driven by field tables. The
 *     schema is only a few levels deep, so this walk's recursion is bounded
 *     by the schema, never by the file.
 * Scalars are copied once, into the program's arena, and the model points at
 * them. */
#include "sked/load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "load_errors.h"
#include "sked/arena.h"
#include "sked/strset.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/uri.h"
#include "sked/xalloc.h"

enum node_kind { NODE_SCALAR, NODE_LIST, NODE_MAP };

/* 32 bytes: a 10,000-session file has some 350,000 of these. */
struct node {
	const char *str; /* scalars: the text, NUL-terminated (no NULs inside) */
	uint32_t line;   /* 1-based */
	uint32_t col;    /* 1-based */
	uint32_t count;  /* children; a map has key, value, key, value... */
	uint32_t first;  /* index of the first child, 0 = none */
	uint32_t next;   /* index of the next sibling, 0 = none */
	uint8_t kind;
	bool plain;      /* a plain (unquoted) scalar */
};

/* Nodes live in fixed-size chunks, so growing never copies nor doubles. */
enum { TREE_CHUNK_BITS = 16, TREE_CHUNK = 1 << TREE_CHUNK_BITS };

struct tree {
	struct node *chunks[LOAD_MAX_NODES / TREE_CHUNK + 1];
	size_t n;       /* node 0 is unused so that 0 can mean "none" */
	uint32_t root;
};

static struct node *
tree_at(const struct tree *t, uint32_t i)
{
	return &t->chunks[i >> TREE_CHUNK_BITS][i & (TREE_CHUNK - 1)];
}

static void
tree_free(struct tree *t)
{
	for (size_t c = 0; c * TREE_CHUNK < t->n; c++)
		free(t->chunks[c]);
}

/* Loader state for one file. */
struct ld {
	const char *file;
	struct diag_list *diags;
	size_t errors_before;
	struct tree *tree;
	struct program *p;
	char path[256];
	size_t path_len;
};

/* ---- messages ---- */

__attribute__((format(printf, 4, 0))) static void
ld_vreport(struct ld *ld, enum diag_severity sev, const struct node *n,
	   const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	unsigned line = n ? n->line : 1, col = n ? n->col : 1;
	if (ld->path_len > 0)
		diag_add(ld->diags, sev, ld->file, line, col, "%s: %s", ld->path,
			 msg);
	else
		diag_add(ld->diags, sev, ld->file, line, col, "%s", msg);
}

__attribute__((format(printf, 3, 4))) static void
ld_error(struct ld *ld, const struct node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ld_vreport(ld, DIAG_ERROR, n, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4))) static void
ld_warn(struct ld *ld, const struct node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ld_vreport(ld, DIAG_WARNING, n, fmt, ap);
	va_end(ap);
}

static bool
ld_failed(const struct ld *ld)
{
	return ld->diags->errors > ld->errors_before;
}

/* Appends ".key" or "[i]" to the path; returns the length to restore. */
static size_t
ld_push_key(struct ld *ld, const char *key)
{
	size_t old = ld->path_len;
	int n = snprintf(ld->path + old, sizeof(ld->path) - old, "%s%s",
			 old ? "." : "", key);
	if (n > 0)
		ld->path_len = old + (size_t)n < sizeof(ld->path)
				       ? old + (size_t)n
				       : sizeof(ld->path) - 1;
	return old;
}

static size_t
ld_push_index(struct ld *ld, size_t i)
{
	size_t old = ld->path_len;
	int n = snprintf(ld->path + old, sizeof(ld->path) - old, "[%zu]", i);
	if (n > 0)
		ld->path_len = old + (size_t)n < sizeof(ld->path)
				       ? old + (size_t)n
				       : sizeof(ld->path) - 1;
	return old;
}

static void
ld_pop(struct ld *ld, size_t old)
{
	ld->path_len = old;
	ld->path[old] = '\0';
}

/* A short, printable, quoted rendering of a node for messages. */
static const char *
ld_describe(const struct node *n, char *buf, size_t size)
{
	if (n == NULL)
		return "nothing";
	if (n->kind == NODE_LIST)
		return "a list";
	if (n->kind == NODE_MAP)
		return "a mapping";
	if (n->plain && n->str[0] == '\0')
		return "nothing";
	size_t o = 0, len = strlen(n->str);
	buf[o++] = '"';
	for (size_t i = 0; i < len && o + 8 < size; i++) {
		unsigned char c = (unsigned char)n->str[i];
		if (i >= 40) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		} else if (c == 0xC2 && i + 1 < len &&
			   (unsigned char)n->str[i + 1] < 0xA0) {
			/* C1 controls */
			o += (size_t)snprintf(buf + o, size - o, "\\u%04x",
					      (unsigned char)n->str[i + 1]);
			i++;
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/* ---- input: a buffer in memory, or a file read in pieces ---- */

/* Files are not held in memory: they are read twice, once to check the
 * bytes and once by libyaml, so a load costs the model, not the file. */
struct ld_input {
	const unsigned char *buf; /* NULL: read from fd */
	int fd;
	size_t len;
	size_t pos; /* libyaml's read position */
	bool failed; /* a read failed: the file is unreadable, not invalid */
};

/* Up to n bytes at offset off; returns how many (0 at the end or on an
 * error, which the scan pass has reported). */
static size_t
ld_input_read(const struct ld_input *in, size_t off, unsigned char *dst,
	      size_t n)
{
	if (off >= in->len)
		return 0;
	if (n > in->len - off)
		n = in->len - off;
	if (in->buf != NULL) {
		memcpy(dst, in->buf + off, n);
		return n;
	}
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(in->fd, dst + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* ld_input_read for load_errors.c, which reads the input back. */
static size_t
ld_text_read(const void *in, size_t off, unsigned char *dst, size_t n)
{
	return ld_input_read(in, off, dst, n);
}

static int
ld_yaml_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct ld_input *in = data;
	*size_read = ld_input_read(in, in->pos, buffer, size);
	in->pos += *size_read;
	return 1;
}

/* ---- pass 1: bytes ---- */

static bool
ld_scan_bytes(struct ld *ld, struct ld_input *in)
{
	unsigned char chunk[65536 + 4];
	unsigned line = 1, col = 1;
	size_t off = 0, keep = 0;
	if (in->len >= 3) {
		unsigned char bom[3];
		if (ld_input_read(in, 0, bom, 3) == 3 &&
		    memcmp(bom, "\xEF\xBB\xBF", 3) == 0)
			off = 3;
	}
	for (;;) {
		size_t n = keep + ld_input_read(in, off, chunk + keep,
						sizeof(chunk) - 4 - keep);
		if (n == keep && off < in->len) {
			diag_add(ld->diags, DIAG_ERROR, ld->file, 0, 0,
				 "cannot read: %s", strerror(errno));
			in->failed = true;
			return false;
		}
		off += n - keep;
		bool last = off >= in->len;
		const unsigned char *s = chunk;
		size_t i = 0;
		while (i < n) {
			if (s[i] == '\0') {
				diag_add(ld->diags, DIAG_ERROR, ld->file, line,
					 col, "NUL byte in file (a sked file is "
					      "UTF-8 text)");
				return false;
			}
			if (s[i] < 0x80) {
				if (s[i] == '\n')
					line++, col = 1;
				else
					col++;
				i++;
				continue;
			}
			uint32_t cp;
			size_t len = text_utf8_decode(s + i, n - i, &cp);
			if (len == 0 && !last && n - i < 4)
				break; /* a character split across reads */
			if (len == 0) {
				diag_add(ld->diags, DIAG_ERROR, ld->file, line,
					 col, "invalid UTF-8 byte 0x%02x (a sked "
					      "file is UTF-8 text)",
					 s[i]);
				return false;
			}
			i += len;
			col++;
		}
		keep = n - i;
		memmove(chunk, chunk + i, keep);
		if (last && keep == 0)
			return true;
	}
}

/* ---- pass 2: events to tree ---- */

static uint32_t
tree_add(struct tree *t, enum node_kind kind, const yaml_mark_t *mark)
{
	if ((t->n & (TREE_CHUNK - 1)) == 0)
		t->chunks[t->n >> TREE_CHUNK_BITS] =
			xmalloc(TREE_CHUNK * sizeof(struct node));
	struct node *n = tree_at(t, (uint32_t)t->n);
	*n = (struct node){
		.kind = (uint8_t)kind,
		.line = (uint32_t)mark->line + 1,
		.col = (uint32_t)mark->column + 1,
	};
	return (uint32_t)t->n++;
}

static bool
ld_build_tree(struct ld *ld, struct ld_input *in)
{
	struct tree *t = ld->tree;
	yaml_parser_t parser;
	yaml_event_t ev;
	/* Open containers and their last child, as indices. */
	uint32_t stack[LOAD_MAX_DEPTH + 1], last[LOAD_MAX_DEPTH + 1];
	size_t depth = 0;
	int documents = 0;
	bool ok = true, done = false;

	tree_add(t, NODE_SCALAR, &(yaml_mark_t){0}); /* the unused v[0] */
	yaml_parser_initialize(&parser);
	in->pos = 0;
	yaml_parser_set_input(&parser, ld_yaml_read, in);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			load_yaml_error(&parser, &(struct load_text){
						ld_text_read, in, in->len},
					ld->diags, ld->file);
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
				diag_add(ld->diags, DIAG_ERROR, ld->file,
					 (unsigned)ev.start_mark.line + 1,
					 (unsigned)ev.start_mark.column + 1,
					 "a second YAML document (a sked file "
					 "holds exactly one)");
				ok = false;
				done = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_add(ld->diags, DIAG_ERROR, ld->file,
				 (unsigned)ev.start_mark.line + 1,
				 (unsigned)ev.start_mark.column + 1,
				 "YAML alias *%s: aliases are not allowed in "
				 "sked files",
				 (const char *)ev.data.alias.anchor);
			ok = false;
			done = true;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (t->n >= LOAD_MAX_NODES) {
				diag_add(ld->diags, DIAG_ERROR, ld->file,
					 (unsigned)ev.start_mark.line + 1,
					 (unsigned)ev.start_mark.column + 1,
					 "too many YAML nodes (the limit is %d)",
					 LOAD_MAX_NODES);
				ok = false;
				done = true;
				break;
			}
			idx = tree_add(t,
				       ev.type == YAML_SCALAR_EVENT ? NODE_SCALAR
				       : ev.type == YAML_SEQUENCE_START_EVENT
					       ? NODE_LIST
					       : NODE_MAP,
				       &ev.start_mark);
			if (ev.type == YAML_SCALAR_EVENT) {
				struct node *n = tree_at(t, idx);
				n->plain = ev.data.scalar.style ==
					   YAML_PLAIN_SCALAR_STYLE;
				n->str = arena_strndup(
					ld->p->arena,
					(const char *)ev.data.scalar.value,
					ev.data.scalar.length);
			}
			if (depth == 0) {
				t->root = idx;
			} else {
				struct node *parent = tree_at(t, stack[depth - 1]);
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
					diag_add(ld->diags, DIAG_ERROR, ld->file,
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
		diag_add(ld->diags, DIAG_ERROR, ld->file, 1, 1,
			 "empty file: expected a sked program (a mapping "
			 "starting with \"sked: 1\")");
		ok = false;
	}
	return ok;
}

/* ---- pass 3: the schema ---- */

static const struct node *
ld_node(const struct ld *ld, uint32_t i)
{
	return i ? tree_at(ld->tree, i) : NULL;
}

static bool
ld_is_null(const struct node *n)
{
	if (n == NULL)
		return true;
	if (n->kind != NODE_SCALAR || !n->plain)
		return false;
	return n->str[0] == '\0' || strcmp(n->str, "~") == 0 ||
	       strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	       strcmp(n->str, "NULL") == 0;
}

/* A string value, or NULL (with an error) when n is not a scalar. Null
 * values yield NULL without an error unless required. */
static const char *
ld_string(struct ld *ld, const struct node *n, bool required)
{
	char got[128];
	if (ld_is_null(n)) {
		if (required)
			ld_error(ld, n, "expected a string, got nothing");
		return NULL;
	}
	if (n->kind != NODE_SCALAR) {
		ld_error(ld, n, "expected a string, got %s",
			 ld_describe(n, got, sizeof(got)));
		return NULL;
	}
	if (required && n->str[0] == '\0') {
		ld_error(ld, n, "expected a non-empty string");
		return NULL;
	}
	return n->str;
}

/* Ids of sessions, tracks and rooms: 1-64 of [A-Za-z0-9._-]. */
static const char *
ld_id(struct ld *ld, const struct node *n, bool lowercase_only)
{
	const char *s = ld_string(ld, n, true);
	if (s == NULL)
		return NULL;
	bool ok = strlen(s) <= PROGRAM_MAX_ID;
	for (const char *c = s; ok && *c; c++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		     *c == '-' ||
		     (!lowercase_only &&
		      ((*c >= 'A' && *c <= 'Z') || *c == '.' || *c == '_'));
	if (!ok) {
		char got[128];
		ld_error(ld, n, "expected an id of up to %d characters %s, got %s",
			 PROGRAM_MAX_ID,
			 lowercase_only ? "[a-z0-9-]" : "[A-Za-z0-9._-]",
			 ld_describe(n, got, sizeof(got)));
		return NULL;
	}
	return s;
}

/* The value of the first `key` in a mapping, or NULL. A key given with no
 * value (a null scalar) yields that null node, not NULL. */
static const struct node *
ld_map_get(const struct ld *ld, const struct node *map, const char *key)
{
	for (const struct node *k = ld_node(ld, map->first); k && k->next;
	     k = ld_node(ld, ld_node(ld, k->next)->next))
		if (k->kind == NODE_SCALAR && strcmp(k->str, key) == 0)
			return ld_node(ld, k->next);
	return NULL;
}

typedef void (*field_fn)(struct ld *ld, const struct node *value, void *obj);

struct field {
	const char *key;
	field_fn fn;
	bool required;
};

/* Walks a mapping: calls each field's function on its value, reports
 * missing required keys, duplicate keys and (as warnings) unknown keys.
 * Cost is O(keys × fields), whatever the file holds. */
static bool
ld_walk_map(struct ld *ld, const struct node *map, const struct field *fields,
	    size_t nfields, void *obj, const char *what)
{
	char got[128];
	if (map == NULL || map->kind != NODE_MAP) {
		ld_error(ld, map, "expected %s, got %s", what,
			 ld_describe(map, got, sizeof(got)));
		return false;
	}
	uint32_t seen[32] = {0}; /* line of each field's first occurrence */
	for (const struct node *key = ld_node(ld, map->first); key && key->next;
	     key = ld_node(ld, ld_node(ld, key->next)->next)) {
		const struct node *val = ld_node(ld, key->next);
		if (key->kind != NODE_SCALAR) {
			ld_error(ld, key, "expected a key name, got %s",
				 ld_describe(key, got, sizeof(got)));
			continue;
		}
		size_t f;
		for (f = 0; f < nfields; f++)
			if (strcmp(fields[f].key, key->str) == 0)
				break;
		size_t old = ld_push_key(ld, key->str);
		if (f == nfields) {
			char name[128];
			const char *names[32];
			for (f = 0; f < nfields && f < 32; f++)
				names[f] = fields[f].key;
			const char *like = load_suggest(key->str, names, f);
			ld_pop(ld, old);
			if (like)
				ld_warn(ld, key, "unknown key %s (ignored; did you "
					"mean \"%s\"?)",
					ld_describe(key, name, sizeof(name)), like);
			else
				ld_warn(ld, key, "unknown key %s (ignored)",
					ld_describe(key, name, sizeof(name)));
		} else if (seen[f]) {
			ld_error(ld, key, "duplicate key (first given on line %u)",
				 seen[f]);
		} else {
			seen[f] = key->line;
			fields[f].fn(ld, val, obj);
		}
		ld_pop(ld, old);
	}
	for (size_t f = 0; f < nfields; f++)
		if (fields[f].required && !seen[f])
			ld_error(ld, map, "missing required key \"%s\"",
				 fields[f].key);
	return true;
}

/* Iterates the items of a list node. */
#define LD_FOR_ITEMS(ld, list, i, item)                                    \
	for (const struct node *item = ld_node(ld, (list)->first);           \
	     item != NULL; item = ld_node(ld, item->next), (i)++)

static bool
ld_expect_list(struct ld *ld, const struct node *n)
{
	char got[128];
	if (n == NULL || n->kind != NODE_LIST) {
		ld_error(ld, n, "expected a list, got %s",
			 ld_describe(n, got, sizeof(got)));
		return false;
	}
	return true;
}

static void
ld_strv(struct ld *ld, const struct node *n, struct program_strv *out)
{
	if (ld_is_null(n) || !ld_expect_list(ld, n))
		return;
	out->v = arena_alloc(ld->p->arena, n->count * sizeof(*out->v));
	size_t i = 0;
	LD_FOR_ITEMS(ld, n, i, item)
	{
		size_t old = ld_push_index(ld, i);
		const char *s = ld_string(ld, item, true);
		if (s)
			out->v[out->n++] = s;
		ld_pop(ld, old);
	}
}

/* -- people -- */

static void
ld_person_name(struct ld *ld, const struct node *n, void *obj)
{
	((struct program_person *)obj)->name = ld_string(ld, n, true);
}

static void
ld_person_affiliation(struct ld *ld, const struct node *n, void *obj)
{
	((struct program_person *)obj)->affiliation = ld_string(ld, n, false);
}

static const struct field ld_person_fields[] = {
	{"name", ld_person_name, true},
	{"affiliation", ld_person_affiliation, false},
};

static void
ld_people(struct ld *ld, const struct node *n, struct program_people *out)
{
	if (ld_is_null(n) || !ld_expect_list(ld, n))
		return;
	out->v = arena_alloc(ld->p->arena, n->count * sizeof(*out->v));
	size_t i = 0;
	LD_FOR_ITEMS(ld, n, i, item)
	{
		size_t old = ld_push_index(ld, i);
		struct program_person person = {0};
		if (item->kind == NODE_MAP)
			ld_walk_map(ld, item, ld_person_fields, 2, &person,
				    "a person");
		else
			person.name = ld_string(ld, item, true);
		if (person.name)
			out->v[out->n++] = person;
		ld_pop(ld, old);
	}
}

/* -- the version -- */

static void
ld_version(struct ld *ld, const struct node *n, void *obj)
{
	char got[128];
	bool *ok = obj;
	if (n != NULL && n->kind == NODE_SCALAR && strcmp(n->str, "1") == 0) {
		*ok = true;
		return;
	}
	ld_error(ld, n, "unsupported format version %s (this sked reads version 1)",
		 ld_describe(n, got, sizeof(got)));
}

/* -- conference -- */

#define LD_STRING_FIELD(fn, type, member, req)                               \
	static void fn(struct ld *ld, const struct node *n, void *obj)       \
	{                                                                    \
		((type *)obj)->member = ld_string(ld, n, req);               \
	}

static void
ld_conf_id(struct ld *ld, const struct node *n, void *obj)
{
	((struct program_conference *)obj)->id = ld_id(ld, n, true);
}

LD_STRING_FIELD(ld_conf_title, struct program_conference, title, true)
LD_STRING_FIELD(ld_conf_location, struct program_conference, location, false)
/* A URL reaches calendars and terminals: only an absolute URI, with what
 * a URI cannot hold (controls, spaces, ...) refused, not encoded. */
static const char *
ld_url(struct ld *ld, const struct node *n)
{
	const char *s = ld_string(ld, n, false);
	char why[96], got[128];
	size_t at;
	if (s == NULL || uri_check(s, &at, why, sizeof(why)))
		return s;
	ld_error(ld, n, "expected a URL such as https://example.org/ "
			"(RFC 3986), got %s: %s",
		 ld_describe(n, got, sizeof(got)), why);
	return NULL;
}

static void
ld_conf_url(struct ld *ld, const struct node *n, void *obj)
{
	((struct program_conference *)obj)->url = ld_url(ld, n);
}

static void
ld_conf_timezone(struct ld *ld, const struct node *n, void *obj)
{
	struct program_conference *c = obj;
	char got[128];
	const char *name = ld_string(ld, n, true);
	if (name == NULL)
		return;
	c->zone = tz_find(name);
	if (c->zone == NULL) {
		ld_error(ld, n, "unknown time zone %s (expected an IANA name "
				"such as Europe/Dublin)",
			 ld_describe(n, got, sizeof(got)));
		return;
	}
	c->timezone = name;
}

/* True when s looks like `shape` with every '9' a digit. */
static bool
ld_shape(const char *s, const char *shape)
{
	for (; *shape; s++, shape++)
		if (*shape == '9' ? !(*s >= '0' && *s <= '9') : *s != *shape)
			return false;
	return *s == '\0';
}

static bool
ld_date(struct ld *ld, const struct node *n, struct tz_date *d)
{
	char got[128];
	const char *s = ld_string(ld, n, true);
	if (s == NULL)
		return false;
	if (!tz_parse_date(s, d)) {
		ld_error(ld, n, ld_shape(s, "9999-99-99")
				    ? "no such date %s"
				    : "expected a date YYYY-MM-DD, got %s",
			 ld_describe(n, got, sizeof(got)));
		return false;
	}
	return true;
}

static void
ld_conf_start(struct ld *ld, const struct node *n, void *obj)
{
	struct program_conference *c = obj;
	if (!ld_date(ld, n, &c->start))
		c->start.year = 0;
}

static void
ld_conf_end(struct ld *ld, const struct node *n, void *obj)
{
	struct program_conference *c = obj;
	if (!ld_date(ld, n, &c->end))
		c->end.year = 0;
	/* Checked against start once both are known (see ld_conference). */
}

static void
ld_conf_day_change(struct ld *ld, const struct node *n, void *obj)
{
	struct program_conference *c = obj;
	char got[128];
	const char *s = ld_string(ld, n, false);
	if (s == NULL)
		return;
	if (!tz_parse_clock(s, &c->day_change) || c->day_change > 12 * 60)
		ld_error(ld, n, "expected a time of day HH:MM from 00:00 to "
				"12:00, got %s",
			 ld_describe(n, got, sizeof(got)));
}

static const struct field ld_conference_fields[] = {
	{"id", ld_conf_id, true},
	{"title", ld_conf_title, true},
	{"timezone", ld_conf_timezone, true},
	{"start", ld_conf_start, true},
	{"end", ld_conf_end, true},
	{"location", ld_conf_location, false},
	{"url", ld_conf_url, false},
	{"day_change", ld_conf_day_change, false},
};

static void
ld_conference(struct ld *ld, const struct node *n, void *obj)
{
	(void)obj;
	struct program_conference *c = &ld->p->conference;
	c->start.year = c->end.year = -1;
	if (!ld_walk_map(ld, n, ld_conference_fields,
			 sizeof(ld_conference_fields) /
				 sizeof(ld_conference_fields[0]),
			 c, "a mapping of conference details"))
		return;
	if (c->start.year > 0 && c->end.year > 0) {
		int64_t days = tz_days_from_civil(c->end.year, c->end.month,
						  c->end.day) -
			       tz_days_from_civil(c->start.year, c->start.month,
						  c->start.day) +
			       1;
		if (days < 1 || days > PROGRAM_MAX_DAYS) {
			size_t old = ld_push_key(ld, "end");
			ld_error(ld, ld_map_get(ld, n, "end"),
				 days < 1 ? "the conference ends before it starts"
					  : "the conference lasts more than %d "
					    "days",
				 PROGRAM_MAX_DAYS);
			ld_pop(ld, old);
		} else {
			c->n_days = (int)days;
		}
	}
}

/* -- tracks and rooms -- */

static void
ld_track_id(struct ld *ld, const struct node *n, void *obj)
{
	((struct program_track *)obj)->id = ld_id(ld, n, false);
}

LD_STRING_FIELD(ld_track_name, struct program_track, name, true)
LD_STRING_FIELD(ld_track_description, struct program_track, description, false)

static void
ld_track_leads(struct ld *ld, const struct node *n, void *obj)
{
	ld_strv(ld, n, &((struct program_track *)obj)->leads);
}

static const struct field ld_track_fields[] = {
	{"id", ld_track_id, true},
	{"name", ld_track_name, true},
	{"description", ld_track_description, false},
	{"leads", ld_track_leads, false},
};

static void
ld_room_id(struct ld *ld, const struct node *n, void *obj)
{
	((struct program_room *)obj)->id = ld_id(ld, n, false);
}

LD_STRING_FIELD(ld_room_name, struct program_room, name, true)

static const struct field ld_room_fields[] = {
	{"id", ld_room_id, true},
	{"name", ld_room_name, true},
};

/* Reports a duplicate id; `what` is "track", "room" or "session". */
static void
ld_check_unique(struct ld *ld, struct strset *set, const char *id,
		const struct node *item, const char *what)
{
	if (id != NULL && strset_add(set, id) != NULL) {
		size_t old = ld_push_key(ld, "id");
		ld_error(ld, item, "duplicate %s id \"%s\"", what, id);
		ld_pop(ld, old);
	}
}

/* Tracks and rooms: a list of mappings, each with a unique id and a name
 * as the first two members of its struct (of `size` bytes). Returns the
 * array, in the program's arena, and its length. */
struct ld_named {
	const char *id;
	const char *name;
};

static void *
ld_named_list(struct ld *ld, const struct node *n, const struct field *fields,
	      size_t nfields, size_t size, size_t *count, const char *what)
{
	*count = 0;
	if (ld_is_null(n) || !ld_expect_list(ld, n))
		return NULL;
	unsigned char *v = arena_alloc(ld->p->arena, n->count * size);
	unsigned char *item_buf = xcalloc(1, size);
	char mapping[32];
	snprintf(mapping, sizeof(mapping), "a %s mapping", what);
	struct strset ids;
	strset_init(&ids, n->count);
	size_t i = 0;
	LD_FOR_ITEMS(ld, n, i, item)
	{
		size_t old = ld_push_index(ld, i);
		memset(item_buf, 0, size);
		ld_walk_map(ld, item, fields, nfields, item_buf, mapping);
		const struct ld_named *named = (const struct ld_named *)item_buf;
		ld_check_unique(ld, &ids, named->id, item, what);
		if (named->id && named->name)
			memcpy(v + (*count)++ * size, item_buf, size);
		ld_pop(ld, old);
	}
	strset_finish(&ids);
	free(item_buf);
	return v;
}

static void
ld_tracks(struct ld *ld, const struct node *n, void *obj)
{
	(void)obj;
	ld->p->tracks = ld_named_list(ld, n, ld_track_fields, 4,
				      sizeof(struct program_track),
				      &ld->p->n_tracks, "track");
}

static void
ld_rooms(struct ld *ld, const struct node *n, void *obj)
{
	(void)obj;
	ld->p->rooms = ld_named_list(ld, n, ld_room_fields, 2,
				     sizeof(struct program_room),
				     &ld->p->n_rooms, "room");
}

/* The index of the track or room a session names, or -1 (with an error). */
static int
ld_reference(struct ld *ld, const struct node *n, const void *array,
	     size_t count, size_t size, const char *what)
{
	const char *id = ld_string(ld, n, false);
	if (id == NULL)
		return -1;
	for (size_t i = 0; i < count; i++) {
		const struct ld_named *named =
			(const void *)((const unsigned char *)array + i * size);
		if (strcmp(named->id, id) == 0)
			return (int)i;
	}
	char got[128];
	ld_error(ld, n, "no %s has the id %s (expected an id from %ss)", what,
		 ld_describe(n, got, sizeof(got)), what);
	return -1;
}

/* -- sessions -- */

/* A session while it is being read: the model plus what is checked later. */
struct ld_session {
	struct program_session s;
	const struct node *start_node;
	bool has_duration;
};

static void
ld_session_id(struct ld *ld, const struct node *n, void *obj)
{
	((struct ld_session *)obj)->s.id = ld_id(ld, n, false);
}

LD_STRING_FIELD(ld_session_title, struct ld_session, s.title, true)
LD_STRING_FIELD(ld_session_type, struct ld_session, s.type, false)
LD_STRING_FIELD(ld_session_abstract, struct ld_session, s.abstract, false)
static void
ld_session_url(struct ld *ld, const struct node *n, void *obj)
{
	((struct ld_session *)obj)->s.url = ld_url(ld, n);
}

static void
ld_session_track(struct ld *ld, const struct node *n, void *obj)
{
	((struct ld_session *)obj)->s.track =
		ld_reference(ld, n, ld->p->tracks, ld->p->n_tracks,
			     sizeof(struct program_track), "track");
}

static void
ld_session_room(struct ld *ld, const struct node *n, void *obj)
{
	((struct ld_session *)obj)->s.room =
		ld_reference(ld, n, ld->p->rooms, ld->p->n_rooms,
			     sizeof(struct program_room), "room");
}

static void
ld_session_start(struct ld *ld, const struct node *n, void *obj)
{
	struct ld_session *ls = obj;
	char got[128];
	const char *s = ld_string(ld, n, false);
	if (s == NULL)
		return;
	if (tz_parse_wall(s, &ls->s.start)) {
		ls->s.scheduled = true;
		ls->start_node = n;
		return;
	}
	static const char *const shapes[] = {
		"9999-99-99T99:99", "9999-99-99 99:99", "9999-99-99T99:99:99",
		"9999-99-99 99:99:99"};
	for (size_t i = 0; i < 4; i++)
		if (ld_shape(s, shapes[i])) {
			ld_error(ld, n, "no such date or time %s",
				 ld_describe(n, got, sizeof(got)));
			return;
		}
	ld_error(ld, n, "expected a wall-clock time YYYY-MM-DDTHH:MM in the "
			"conference time zone, got %s",
		 ld_describe(n, got, sizeof(got)));
}

static void
ld_session_duration(struct ld *ld, const struct node *n, void *obj)
{
	struct ld_session *ls = obj;
	char got[128];
	if (ld_is_null(n) || n->kind != NODE_SCALAR) {
		ld_error(ld, n, "expected minutes or H:MM, got %s",
			 ld_describe(n, got, sizeof(got)));
		return;
	}
	const char *s = n->str;
	long minutes = -1;
	ls->has_duration = true; /* given, even if wrong: reported here only */
	bool negative = s[0] == '-';
	const char *digits = negative ? s + 1 : s;
	size_t nd = strspn(digits, "0123456789");
	if (nd > 0 && digits[nd] == '\0') {
		minutes = nd <= 9 ? strtol(digits, NULL, 10)
				  : PROGRAM_MAX_DURATION + 1;
	} else if (nd > 0 && nd <= 4 && digits[nd] == ':' &&
		   ld_shape(digits + nd + 1, "99")) {
		long mm = strtol(digits + nd + 1, NULL, 10);
		if (mm < 60)
			minutes = strtol(digits, NULL, 10) * 60 + mm;
	}
	if (minutes < 0) {
		ld_error(ld, n, "expected minutes or H:MM, got %s",
			 ld_describe(n, got, sizeof(got)));
	} else if (negative || minutes == 0) {
		ld_error(ld, n, "expected a positive duration, got %s",
			 ld_describe(n, got, sizeof(got)));
	} else if (minutes > PROGRAM_MAX_DURATION) {
		ld_error(ld, n, "duration over 24 hours (%d minutes), got %s",
			 PROGRAM_MAX_DURATION, ld_describe(n, got, sizeof(got)));
	} else {
		ls->s.duration = (int)minutes;
	}
}

static void
ld_session_speakers(struct ld *ld, const struct node *n, void *obj)
{
	ld_people(ld, n, &((struct ld_session *)obj)->s.speakers);
}

static void
ld_session_authors(struct ld *ld, const struct node *n, void *obj)
{
	ld_people(ld, n, &((struct ld_session *)obj)->s.authors);
}

static void
ld_session_tags(struct ld *ld, const struct node *n, void *obj)
{
	ld_strv(ld, n, &((struct ld_session *)obj)->s.tags);
}

static const struct field ld_session_fields[] = {
	{"id", ld_session_id, true},
	{"title", ld_session_title, true},
	{"track", ld_session_track, false},
	{"room", ld_session_room, false},
	{"start", ld_session_start, false},
	{"duration", ld_session_duration, false},
	{"type", ld_session_type, false},
	{"speakers", ld_session_speakers, false},
	{"authors", ld_session_authors, false},
	{"abstract", ld_session_abstract, false},
	{"url", ld_session_url, false},
	{"tags", ld_session_tags, false},
};

/* Places a scheduled session in time: UTC instant and conference day. */
static void
ld_session_place(struct ld *ld, struct ld_session *ls)
{
	const struct program_conference *c = &ld->p->conference;
	struct program_session *s = &ls->s;
	if (c->zone == NULL || c->n_days == 0)
		return; /* already reported */
	size_t old = ld_push_key(ld, "start");
	enum tz_occurs occurs = tz_resolve(c->zone, &s->start, &s->start_utc);
	if (occurs == TZ_NEVER) {
		struct tz_wall real;
		tz_from_utc(c->zone, s->start_utc, &real, NULL);
		ld_warn(ld, ls->start_node,
			"%02d:%02d does not exist in %s on that day "
			"(daylight-saving gap); taken as %02d:%02d",
			s->start.hour, s->start.minute, c->timezone, real.hour,
			real.minute);
	} else if (occurs == TZ_TWICE) {
		/* Say which one, with its offset: the file cannot. */
		int off = tz_offset(c->zone, s->start_utc);
		int a = off < 0 ? -off : off;
		ld_warn(ld, ls->start_node,
			"%02d:%02d occurs twice in %s on that day (clocks go "
			"back); taken as the first, at UTC%c%02d:%02d",
			s->start.hour, s->start.minute, c->timezone,
			off < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
	}
	int day = program_wall_day(ld->p, &s->start);
	if (day < 0) {
		ld_error(ld, ls->start_node,
			 "%04d-%02d-%02d %02d:%02d is outside the conference "
			 "(%04d-%02d-%02d to %04d-%02d-%02d)",
			 s->start.year, s->start.month, s->start.day,
			 s->start.hour, s->start.minute, c->start.year,
			 c->start.month, c->start.day, c->end.year, c->end.month,
			 c->end.day);
	}
	s->day = day;
	ld_pop(ld, old);
}

static void
ld_sessions(struct ld *ld, const struct node *n, void *obj)
{
	(void)obj;
	struct program *p = ld->p;
	if (ld_is_null(n))
		return;
	if (!ld_expect_list(ld, n))
		return;
	p->sessions = arena_alloc(p->arena, n->count * sizeof(*p->sessions));
	struct strset ids;
	strset_init(&ids, n->count);
	size_t i = 0;
	LD_FOR_ITEMS(ld, n, i, item)
	{
		size_t old = ld_push_index(ld, i);
		struct ld_session ls = {.s = {.track = -1, .room = -1,
					      .day = -1, .line = item->line}};
		ld_walk_map(ld, item, ld_session_fields,
			    sizeof(ld_session_fields) /
				    sizeof(ld_session_fields[0]),
			    &ls, "a session mapping");
		ld_check_unique(ld, &ids, ls.s.id, item, "session");
		if (ls.s.scheduled && !ls.has_duration)
			ld_error(ld, item, "a session with a start needs a "
					   "duration (minutes or H:MM)");
		if (ls.s.scheduled)
			ld_session_place(ld, &ls);
		if (ls.s.id && ls.s.title)
			p->sessions[p->n_sessions++] = ls.s;
		ld_pop(ld, old);
	}
	strset_finish(&ids);
}

/* -- the root -- */

struct ld_order_key {
	bool scheduled;
	int64_t start, end;
	int track;
	size_t index;
};

static int
ld_order_cmp(const void *a, const void *b)
{
	const struct ld_order_key *x = a, *y = b;
	if (x->scheduled != y->scheduled)
		return x->scheduled ? -1 : 1;
	if (x->scheduled) {
		if (x->start != y->start)
			return x->start < y->start ? -1 : 1;
		if (x->end != y->end)
			return x->end < y->end ? -1 : 1;
	} else if (x->track != y->track) {
		/* Sessions without a track after those with one. */
		unsigned tx = (unsigned)x->track, ty = (unsigned)y->track;
		return tx < ty ? -1 : 1;
	}
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
ld_order(struct program *p)
{
	struct ld_order_key *keys = xcalloc(p->n_sessions, sizeof(*keys));
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *s = &p->sessions[i];
		keys[i] = (struct ld_order_key){
			s->scheduled, s->start_utc,
			s->scheduled ? program_session_end(s) : 0, s->track, i};
		p->n_scheduled += s->scheduled;
	}
	qsort(keys, p->n_sessions, sizeof(*keys), ld_order_cmp);
	p->order = arena_alloc(p->arena, (p->n_sessions ? p->n_sessions : 1) *
						 sizeof(*p->order));
	for (size_t i = 0; i < p->n_sessions; i++)
		p->order[i] = keys[i].index;
	free(keys);
}

static void
ld_ignore(struct ld *ld, const struct node *n, void *obj)
{
	(void)ld, (void)n, (void)obj;
}

static void
ld_root(struct ld *ld)
{
	const struct node *root = ld_node(ld, ld->tree->root);
	char got[128];
	if (root->kind != NODE_MAP) {
		ld_error(ld, root, "expected a sked program (a mapping with "
				   "sked, conference and sessions), got %s",
			 ld_describe(root, got, sizeof(got)));
		return;
	}
	/* The version first: a file of another version is not checked
	 * against this version's schema. */
	const struct node *version = ld_map_get(ld, root, "sked");
	if (version == NULL) {
		ld_error(ld, root, "missing required key \"sked\" (the format "
				   "version, 1)");
		return;
	}
	bool version_ok = false;
	size_t old = ld_push_key(ld, "sked");
	ld_version(ld, version, &version_ok);
	ld_pop(ld, old);
	if (!version_ok)
		return;

	/* Unknown and duplicate keys, missing sections; then the sections in
	 * dependency order, whatever the file's order: sessions refer to
	 * tracks and rooms and are placed in the conference's days and zone. */
	static const struct field sections[] = {
		{"sked", ld_ignore, true},
		{"conference", ld_ignore, true},
		{"tracks", ld_ignore, false},
		{"rooms", ld_ignore, false},
		{"sessions", ld_ignore, true},
	};
	ld_walk_map(ld, root, sections, 5, NULL, "");
	static const struct {
		const char *key;
		field_fn fn;
	} order[] = {{"conference", ld_conference},
		     {"tracks", ld_tracks},
		     {"rooms", ld_rooms},
		     {"sessions", ld_sessions}};
	for (size_t i = 0; i < 4; i++) {
		const struct node *v = ld_map_get(ld, root, order[i].key);
		if (v == NULL)
			continue;
		old = ld_push_key(ld, order[i].key);
		order[i].fn(ld, v, NULL);
		ld_pop(ld, old);
	}
}

/* ---- entry points ---- */

static struct program *
ld_load(const char *name, struct ld_input *in, struct diag_list *diags)
{
	struct ld ld = {.file = name, .diags = diags,
			.errors_before = diags->errors};
	ld.p = xcalloc(1, sizeof(*ld.p));
	ld.p->arena = arena_create();
	ld.p->path = xstrdup(name);
	ld.tree = xcalloc(1, sizeof(*ld.tree));
	if (in->len == 0) {
		diag_add(diags, DIAG_ERROR, name, 1, 1,
			 "empty file: expected a sked program (a mapping "
			 "starting with \"sked: 1\")");
	} else if (in->len > LOAD_MAX_FILE) {
		diag_add(diags, DIAG_ERROR, name, 0, 0,
			 "file too large (the limit is %d MiB)",
			 LOAD_MAX_FILE / (1024 * 1024));
	} else if (ld_scan_bytes(&ld, in) && ld_build_tree(&ld, in)) {
		ld_root(&ld);
	}
	tree_free(ld.tree);
	free(ld.tree);
	if (ld_failed(&ld)) {
		program_destroy(ld.p);
		return NULL;
	}
	ld_order(ld.p);
	return ld.p;
}

struct program *
load_buffer(const char *name, const char *buf, size_t len,
	    struct diag_list *diags)
{
	struct ld_input in = {.buf = (const unsigned char *)buf, .fd = -1,
			      .len = len};
	return ld_load(name, &in, diags);
}

/* Reads a stream that is not a regular file (a pipe, a terminal) into
 * memory, up to the size limit. */
static char *
ld_slurp(int fd, const char *path, size_t *len, struct diag_list *diags,
	 bool *too_big)
{
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > LOAD_MAX_FILE) {
				*too_big = true;
				break;
			}
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot read: %s",
				 strerror(errno));
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

struct program *
load_file(const char *path, struct diag_list *diags, enum load_status *status)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot open: %s",
			 fd < 0 || !S_ISDIR(st.st_mode)
				 ? strerror(errno)
				 : "is a directory, expected a sked file");
		if (fd >= 0)
			close(fd);
		*status = LOAD_UNREADABLE;
		return NULL;
	}
	struct program *p = NULL;
	bool unreadable = false;
	if (S_ISREG(st.st_mode)) {
		struct ld_input in = {.fd = fd, .len = (size_t)st.st_size};
		if (st.st_size > LOAD_MAX_FILE)
			in.len = (size_t)LOAD_MAX_FILE + 1;
		p = ld_load(path, &in, diags);
		unreadable = in.failed;
	} else {
		size_t len = 0;
		bool too_big = false;
		char *buf = ld_slurp(fd, path, &len, diags, &too_big);
		unreadable = buf == NULL;
		if (buf != NULL) {
			struct ld_input in = {.buf = (const unsigned char *)buf,
					      .fd = -1,
					      .len = too_big ? (size_t)LOAD_MAX_FILE + 1
							     : len};
			p = ld_load(path, &in, diags);
			free(buf);
		}
	}
	close(fd);
	*status = p ? LOAD_OK : unreadable ? LOAD_UNREADABLE : LOAD_INVALID;
	return p;
}
