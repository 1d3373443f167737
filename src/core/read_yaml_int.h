/* The sked YAML reader's walk (read_yaml_walk.c): a YAML stream
 * (yamltree.h) read against a schema of field tables into a feed, with
 * messages at file:line:column that name the path of the walk. Private
 * to the reader (read_yaml.c), which holds the schema.
 *
 * Ownership: a struct ry is the reader's, for one file; what the walk
 * keeps (values, lists) is copied into the feed's arena; its messages go
 * to one of msgs, which the reader gives to the caller's list. */
#ifndef SKED_READ_YAML_INT_H
#define SKED_READ_YAML_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"
#include "sked/feed.h"
#include "yamltree.h"

enum { RY_MAX_DEPTH = 16 }; /* the schema nests far less deep */

/* The walk's messages, gathered apart and given in this order. */
enum ry_part_of { RY_ROOT, RY_CONFERENCE, RY_TRACKS, RY_ROOMS, RY_SESSIONS,
		  RY_VERSION, RY_NPARTS };

/* A list being gathered before it is copied to the feed at its size. */
struct ry_vec {
	void *v;
	size_t n, cap;
};

/* Reader state for one file. */
struct ry {
	struct feed *f;
	struct yt_stream *ys;
	struct diag_list msgs[RY_NPARTS];
	struct diag_list *out; /* one of msgs: where messages go now */
	enum { RY_VERSION_MISSING, RY_VERSION_BAD, RY_VERSION_OK } version;
	/* Where the walk is ("sessions[3].speakers[0]"), kept as its parts
	 * and made text only for a message: formatting it at every step
	 * was 6 % of loading a large program. Keys are the schema's. */
	struct ry_part {
		const char *key; /* NULL: an index */
		size_t index;
	} parts[RY_MAX_DEPTH];
	size_t depth; /* may pass RY_MAX_DEPTH: the deeper parts are not kept */
	/* Lists of strings, people and links (never nested in one
	 * another), gathered here and then copied at their size. */
	struct ry_vec strs, people, links;
};

typedef struct yt_event ry_node;

/* The next node (false: the document's end or an error, n->kind
 * YT_END). */
static inline bool
ry_next(struct ry *ry, ry_node *n)
{
	return yt_next(ry->ys, n);
}

/* The rest of n: a list or mapping the walk does not enter. */
static inline void
ry_skip(struct ry *ry, const ry_node *n)
{
	yt_skip(ry->ys, n);
}

/* A field's function gets the first node of its value and reads the
 * value to its end. */
typedef void (*ry_field_fn)(struct ry *ry, const ry_node *value, void *obj);

struct ry_field {
	const char *key;
	size_t len; /* strlen(key): a key is compared by length first */
	ry_field_fn fn;
	bool required;
};
enum { RY_MAX_FIELDS = 32 }; /* in one table */
/* A table's entry for key, a string literal. */
#define RY_FIELD(key, fn, required) {key, sizeof(key) - 1, fn, required}

#define RY_NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

#define RY_STRING_FIELD(fn, type, member, req)                               \
	static void fn(struct ry *ry, const ry_node *n, void *obj)              \
	{                                                                    \
		((type *)obj)->member = ry_string(ry, n, req);               \
	}

/* ---- messages ---- */

/* An error or a warning at n, after the path of the walk. */
__attribute__((format(printf, 3, 4))) void
ry_error(struct ry *ry, const ry_node *n, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void
ry_warn(struct ry *ry, const ry_node *n, const char *fmt, ...);
/* Enters key (the schema's, which outlives the walk) or index i: the
 * depth to restore with ry_pop. */
size_t ry_push_key(struct ry *ry, const char *key);
size_t ry_push_index(struct ry *ry, size_t i);
void ry_pop(struct ry *ry, size_t old);
/* A short, printable, quoted rendering of a node for messages, in buf
 * (or a constant string). */
const char *ry_describe(const ry_node *n, char *buf, size_t size);

/* ---- values ---- */

struct feed_pos ry_pos(const ry_node *n);
/* A plain null ("", ~, null), or nothing left of a stream that failed. */
bool ry_is_null(const ry_node *n);
/* A string value with its position, copied into the feed's arena; NULL
 * (with an error) when n is not a scalar, whose rest is skipped. Null
 * values yield NULL without an error unless required. */
struct feed_str ry_string(struct ry *ry, const ry_node *n, bool required);
/* Walks a mapping: calls each field's function on its value, reports
 * missing required keys, duplicate keys and (as warnings) unknown keys.
 * Cost is O(keys x fields), whatever the file holds. Returns false (the
 * node read to its end) when map is not a mapping. */
bool ry_walk_map(struct ry *ry, const ry_node *map, const struct ry_field *fields,
		 size_t nfields, void *obj, const char *what);
/* A required value the walk found missing (and reported): marked as
 * reported, at the mapping (build.h). */
void ry_mark_missing(struct feed_str *v, const ry_node *map);
/* Whether n is a list; if not, it is reported and read to its end. */
bool ry_expect_list(struct ry *ry, const ry_node *n);

/* ---- lists ---- */

/* A zeroed element of size bytes at the end of v. */
void *ry_vec_add(struct ry_vec *v, size_t size);
/* What is done with an item of a list (ctx: the caller's). */
typedef void (*ry_item_fn)(struct ry *ry, const ry_node *item, void *ctx);
/* fn on each item of the list n, read to its end, with the walk's path
 * at the item's index; a null n is no list, anything else is reported
 * and read to its end. */
void ry_items(struct ry *ry, const ry_node *n, ry_item_fn fn, void *ctx);
/* A list gathered: fn adds what it keeps of each item to vec (its ctx),
 * elements of size bytes; those are copied to the feed at their size and
 * vec is cut back. Their number in *count; NULL for none. */
void *ry_gather(struct ry *ry, const ry_node *n, struct ry_vec *vec,
		size_t size, ry_item_fn fn, size_t *count);
/* A list of strings (null: none). */
void ry_strs(struct ry *ry, const ry_node *n, struct feed_strs *out);

#endif
