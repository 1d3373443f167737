/* The sked YAML reader's walk (read_yaml_int.h): the stream of nodes
 * read against field tables, messages with the walk's path, and lists
 * gathered before they are copied to the feed at their size. */
#include "read_yaml_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_errors.h"
#include "sked/arena.h"
#include "sked/text.h"
#include "sked/xalloc.h"

/* ---- the stream ---- */

/* The value of a key skipped, whole. */
static void
ry_skip_value(struct ry *ry)
{
	ry_node v;
	ry_next(ry, &v);
	ry_skip(ry, &v);
}

void *
ry_vec_add(struct ry_vec *v, size_t size)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 8;
		v->v = xreallocarray(v->v, v->cap, size);
	}
	void *e = (char *)v->v + v->n++ * size;
	memset(e, 0, size);
	return e;
}

/* ---- messages ---- */

/* The path of the walk ("sessions[3].title") in buf, cut to fit; its
 * length. */
static size_t
ry_path(const struct ry *ry, char *buf, size_t size)
{
	size_t len = 0, n = ry->depth < RY_MAX_DEPTH ? ry->depth : RY_MAX_DEPTH;
	buf[0] = '\0';
	for (size_t k = 0; k < n && len < size - 1; k++) {
		const struct ry_part *pt = &ry->parts[k];
		int w = pt->key ? snprintf(buf + len, size - len, "%s%s",
					   len ? "." : "", pt->key)
				: snprintf(buf + len, size - len, "[%zu]",
					   pt->index);
		if (w > 0)
			len = len + (size_t)w < size ? len + (size_t)w : size - 1;
	}
	return len;
}

__attribute__((format(printf, 4, 0))) static void
ry_vreport(struct ry *ry, enum diag_severity sev, const ry_node *n,
	   const char *fmt, va_list ap)
{
	char msg[512], path[256];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ry_path(ry, path, sizeof(path)) > 0)
		diag_add(ry->out, sev, ry->f->file, n->line, n->col, "%s: %s",
			 path, msg);
	else
		diag_add(ry->out, sev, ry->f->file, n->line, n->col, "%s", msg);
}

__attribute__((format(printf, 3, 4))) void
ry_error(struct ry *ry, const ry_node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ry_vreport(ry, DIAG_ERROR, n, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4))) void
ry_warn(struct ry *ry, const ry_node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ry_vreport(ry, DIAG_WARNING, n, fmt, ap);
	va_end(ap);
}

/* Enters key or index i: the depth to restore (ry_pop). */
static size_t
ry_push(struct ry *ry, const char *key, size_t i)
{
	size_t old = ry->depth++;
	if (old < RY_MAX_DEPTH)
		ry->parts[old] = (struct ry_part){key, i};
	return old;
}

size_t
ry_push_key(struct ry *ry, const char *key)
{
	return ry_push(ry, key, 0);
}

size_t
ry_push_index(struct ry *ry, size_t i)
{
	return ry_push(ry, NULL, i);
}

void
ry_pop(struct ry *ry, size_t old)
{
	ry->depth = old;
}

/* A short, printable, quoted rendering of a node for messages. */
const char *
ry_describe(const ry_node *n, char *buf, size_t size)
{
	if (n->kind == YT_LIST)
		return "a list";
	if (n->kind == YT_MAP)
		return "a mapping";
	if (n->kind == YT_END || (n->plain && n->str[0] == '\0'))
		return "nothing";
	return diag_quote(n->str, buf, size);
}

/* ---- values ---- */

struct feed_pos
ry_pos(const ry_node *n)
{
	return (struct feed_pos){n->line, n->col};
}

bool
ry_is_null(const ry_node *n)
{
	if (n->kind == YT_END)
		return true; /* the stream failed: nothing to report */
	/* A plain scalar has no escapes: its length is its strlen. */
	if (n->kind != YT_SCALAR || !n->plain || n->len > 4)
		return false;
	return n->str[0] == '\0' || strcmp(n->str, "~") == 0 ||
	       strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	       strcmp(n->str, "NULL") == 0;
}

/* A string value with its position, copied into the feed's arena (which
 * the program takes: an arena's strings are followed by initialized
 * bytes, as the search's JIT needs, arena.h); NULL
 * (with an error) when n is not a scalar, whose rest is skipped. Null
 * values yield NULL without an error unless required. */
struct feed_str
ry_string(struct ry *ry, const ry_node *n, bool required)
{
	char got[128];
	struct feed_str v = {.pos = ry_pos(n)};
	if (ry_is_null(n)) {
		if (required)
			ry_error(ry, n, "expected a string, got nothing");
		return v;
	}
	if (n->kind != YT_SCALAR) {
		ry_error(ry, n, "expected a string, got %s",
			 ry_describe(n, got, sizeof(got)));
		ry_skip(ry, n);
		return v;
	}
	if (required && n->str[0] == '\0') {
		ry_error(ry, n, "expected a non-empty string");
		return v;
	}
	v.s = arena_strndup(ry->f->arena, n->str, n->len);
	return v;
}


/* Walks a mapping: calls each field's function on its value, reports
 * missing required keys, duplicate keys and (as warnings) unknown keys.
 * Cost is O(keys × fields), whatever the file holds. Returns false (the
 * node read to its end) when map is not a mapping. */
bool
ry_walk_map(struct ry *ry, const ry_node *map, const struct ry_field *fields,
	    size_t nfields, void *obj, const char *what)
{
	char got[128];
	if (map->kind != YT_MAP) {
		ry_error(ry, map, "expected %s, got %s", what,
			 ry_describe(map, got, sizeof(got)));
		ry_skip(ry, map);
		return false;
	}
	/* The line of each field's first occurrence (read_yaml.c checks
	 * that its tables fit). */
	uint32_t seen[RY_MAX_FIELDS] = {0};
	ry_node key;
	while (ry_next(ry, &key) && key.kind != YT_END) {
		if (key.kind != YT_SCALAR) {
			ry_error(ry, &key, "expected a key name, got %s",
				 ry_describe(&key, got, sizeof(got)));
			ry_skip(ry, &key);
			ry_skip_value(ry);
			continue;
		}
		size_t f;
		for (f = 0; f < nfields; f++)
			if (fields[f].len == key.len &&
			    memcmp(fields[f].key, key.str, key.len) == 0)
				break;
		if (f == nfields) {
			char name[128];
			const char *names[RY_MAX_FIELDS];
			for (f = 0; f < nfields; f++)
				names[f] = fields[f].key;
			const char *like = text_suggest(key.str, names, f);
			if (like)
				ry_warn(ry, &key, "unknown key %s (ignored; did you "
					"mean \"%s\"?)",
					ry_describe(&key, name, sizeof(name)), like);
			else
				ry_warn(ry, &key, "unknown key %s (ignored)",
					ry_describe(&key, name, sizeof(name)));
			ry_skip_value(ry);
			continue;
		}
		size_t old = ry_push_key(ry, fields[f].key);
		if (seen[f]) {
			ry_error(ry, &key, "duplicate key (first given on line %u)",
				 seen[f]);
			ry_skip_value(ry);
		} else {
			seen[f] = key.line;
			ry_node val;
			ry_next(ry, &val);
			fields[f].fn(ry, &val, obj);
		}
		ry_pop(ry, old);
	}
	for (size_t f = 0; f < nfields; f++)
		if (fields[f].required && !seen[f])
			ry_error(ry, map, "missing required key \"%s\"",
				 fields[f].key);
	return true;
}

/* A required value the walk found missing (and reported): marked as
 * reported, at the mapping (build.h). */
void
ry_mark_missing(struct feed_str *v, const ry_node *map)
{
	if (v->s == NULL && v->pos.line == 0)
		v->pos = ry_pos(map);
}


/* Whether n is a list; if not, it is reported and read to its end. */
bool
ry_expect_list(struct ry *ry, const ry_node *n)
{
	char got[128];
	if (n->kind != YT_LIST) {
		ry_error(ry, n, "expected a list, got %s",
			 ry_describe(n, got, sizeof(got)));
		ry_skip(ry, n);
		return false;
	}
	return true;
}

void
ry_items(struct ry *ry, const ry_node *n, ry_item_fn fn, void *ctx)
{
	if (ry_is_null(n) || !ry_expect_list(ry, n))
		return;
	ry_node item;
	for (size_t i = 0; ry_next(ry, &item) && item.kind != YT_END; i++) {
		size_t old = ry_push_index(ry, i);
		fn(ry, &item, ctx);
		ry_pop(ry, old);
	}
}

void *
ry_gather(struct ry *ry, const ry_node *n, struct ry_vec *vec, size_t size,
	  ry_item_fn fn, size_t *count)
{
	size_t from = vec->n;
	ry_items(ry, n, fn, vec);
	*count = vec->n - from;
	if (*count == 0)
		return NULL; /* vec->v may be NULL: no pointer to make */
	void *v = feed_copy(ry->f, (char *)vec->v + from * size, *count, size);
	vec->n = from;
	return v;
}

/* An item of a list of strings, kept when it is one. */
static void
ry_str_item(struct ry *ry, const ry_node *item, void *vec)
{
	struct feed_str s = ry_string(ry, item, true);
	if (s.s)
		*(struct feed_str *)ry_vec_add(vec, sizeof(s)) = s;
}

void
ry_strs(struct ry *ry, const ry_node *n, struct feed_strs *out)
{
	out->v = ry_gather(ry, n, &ry->strs, sizeof(*out->v), ry_str_item,
			   &out->n);
	out->cap = out->n;
}
