/* jdoc: a JSON document read with jansson, with the line and column of
 * every value. Private to the JSON readers (read_frabjson.c, read_indico.c).
 *
 * jansson gives no position for a decoded value, yet a message about one
 * (a title that is a number) must name its line:column. So after jansson
 * has accepted the text, one scan of it records where each value begins,
 * in document order (pre-order: an object or list, then its members), and
 * where its subtree ends. A walk of the decoded tree in the same order
 * then knows each value's entry: a member's follows its container's, and
 * the next member's follows the end of the previous one's subtree. That
 * holds because duplicate keys are refused (JSON_REJECT_DUPLICATES: which
 * value wins is a guess, and a replaced value would break the order) and
 * jansson (2.8 and later) iterates an object's keys in insertion order,
 * which is the file's order; so room order follows the file, too.
 *
 * Decoding rejects what a feed must not hold, each at file:line:column
 * with what was wrong: \u0000 (never JSON_ALLOW_NUL), lone UTF-16
 * surrogates, invalid UTF-8, duplicate keys, and nesting deeper than
 * LOAD_MAX_DEPTH (checked before jansson runs, on the raw text, so a
 * 100,000-deep list costs one pass and no stack). Surrogate pairs (emoji)
 * decode to UTF-8. */
#ifndef SKED_JDOC_H
#define SKED_JDOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "sked/arena.h"
#include "sked/diag.h"
#include "sked/feed.h"

struct jdoc_pos;
struct jdoc_memo;

struct jdoc {
	const char *file;
	struct diag_list *diags;
	json_t *root;
	struct arena *arena; /* holds root's tree: freed whole, never per value */
	struct jdoc_pos *pos; /* one per value, in document order */
	size_t n_pos;
	struct jdoc_memo *memo; /* the members of the objects last asked */
};

/* A value in the document and its entry in pos; v NULL: absent. */
struct jval {
	json_t *v;
	size_t i;
};

/* Decodes buf[0..len) (a UTF-8 BOM is skipped). False, with the error
 * reported, when it is not JSON sked accepts (and nothing to free);
 * jdoc_free() after true. */
bool jdoc_parse(struct jdoc *d, const char *file, const char *buf, size_t len,
		struct diag_list *diags);
void jdoc_free(struct jdoc *d);

struct jval jdoc_root(const struct jdoc *d);
/* Where v begins; the document's start for an absent value. */
struct feed_pos jdoc_pos(const struct jdoc *d, struct jval v);
/* Member key of obj; absent when obj is no object or lacks it. */
struct jval jdoc_get(const struct jdoc *d, struct jval obj, const char *key);

/* Walks the members of an object (key set) or the items of a list (key
 * NULL), in the file's order. */
struct jiter {
	struct jval parent;
	void *it;
	size_t k, i;
	bool started;
};
struct jiter jdoc_iter(struct jval container);
bool jdoc_next(const struct jdoc *d, struct jiter *it, const char **key,
	       struct jval *v);

/* "a string", "a number", "an object", "a list", "true", "false", "null". */
const char *jdoc_kind(const json_t *v);
/* s as a short printable quoted string for messages: control and
 * invisible characters replaced, cut after 40 characters. Returns buf. */
const char *jdoc_quote(const char *s, char *buf, size_t size);

/* An error at v: "PATH: message". */
void jdoc_error(struct jdoc *d, struct jval v, const char *path,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void jdoc_warn(struct jdoc *d, struct jval v, const char *path,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* True when v is an object; else false, with an error at v: "PATH:
 * expected WHAT (an object), got a list". */
bool jdoc_expect_object(struct jdoc *d, struct jval v, const char *path,
			const char *what);
/* Member key of obj when it is a list. Absent or null: absent; any other
 * value: absent, with an error at it: "PATH.KEY: expected WHAT, got a
 * string" (what: "a list", "a list of people"). */
struct jval jdoc_get_list(struct jdoc *d, struct jval obj, const char *key,
			  const char *path, const char *what);

/* How a text value is taken. */
enum jdoc_as {
	JDOC_STRING, /* a string: CR LF becomes LF, blanks around it go */
	JDOC_ID,     /* a string or an integer (frab's numeric ids), as is */
};

/* Member key of obj as feed text. Absent, null, "" (or only blanks, but
 * for an id): s NULL. Any other type is an error at the value ("PATH.KEY:
 * expected a string, got a number"), and s NULL. */
struct feed_str jdoc_str(struct jdoc *d, struct feed *f, struct jval obj,
			 const char *key, const char *path, enum jdoc_as as);
/* The value v itself as feed text, as jdoc_str(); what names v in
 * messages. */
struct feed_str jdoc_text(struct jdoc *d, struct feed *f, struct jval v,
			  const char *what, enum jdoc_as as);
/* Member key of obj as true or false; absent or null: *out unchanged. */
void jdoc_bool(struct jdoc *d, struct jval obj, const char *key,
	       const char *path, bool *out);

/* The day number (days since 1970-01-01) of the date "YYYY-MM-DD" that s
 * begins with (n bytes); false when there is none. */
bool jdoc_day_number(const char *s, size_t n, long *day);
/* "YYYY-MM-DD" of a day number. */
void jdoc_day_string(long day, char out[11]);

/* True when the first up to n bytes of head, after a BOM and white
 * space, open a JSON object and hold every one of the "keys" given
 * (each a quoted key followed by a colon), NULL-terminated. */
bool jdoc_sniff(const char *head, size_t n, const char *const *keys);

#endif
