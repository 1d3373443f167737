#include "jdoc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/load.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

struct jdoc_pos {
	unsigned line, column;
	size_t end; /* the entry after this value's subtree */
};

/* The members of a few objects, each walked once in file order, so that
 * a reader asking an object for twenty keys walks it once, not twenty
 * times (a walk per key was 3% of a 36C3 import). A few, because readers
 * ask an event, then its people, then the event again. */
enum { JDOC_MEMO_SLOTS = 4 };

struct jdoc_member {
	const json_t *v;
	const char *key;
	size_t i; /* its entry in pos */
};

struct jdoc_memo {
	struct {
		const json_t *obj;
		size_t obj_i;
		struct jdoc_member *m;
		size_t n, cap;
	} slot[JDOC_MEMO_SLOTS];
	size_t next; /* the slot to fill next */
};

/* ---- positions ---- */

/* Line and column of byte offset off. Only used on the way to an
 * error. */
static struct feed_pos
offset_pos(const char *buf, size_t len, size_t off)
{
	struct feed_pos p = {1, 1};
	feed_pos_advance(&p, buf, off < len ? off : len);
	return p;
}

/* The offset of the escape that made jansson reject the string around
 * offset `at` (\u0000 or a lone surrogate), or `at` when none is found:
 * jansson reports the end of the string, the person needs the escape. */
static size_t
bad_escape(const char *buf, size_t len, size_t at)
{
	size_t start = SIZE_MAX;
	bool in_string = false;
	for (size_t i = 0; i < len && i < at; i++) {
		if (in_string) {
			if (buf[i] == '\\')
				i++;
			else if (buf[i] == '"')
				in_string = false;
		} else if (buf[i] == '"') {
			in_string = true;
			start = i;
		}
	}
	if (start == SIZE_MAX)
		return at;
	for (size_t i = start + 1; i + 5 < len && i < at; i++) {
		if (buf[i] != '\\')
			continue;
		if (buf[i + 1] != 'u') {
			i++;
			continue;
		}
		unsigned v;
		char hex[5] = {buf[i + 2], buf[i + 3], buf[i + 4], buf[i + 5], 0};
		if (sscanf(hex, "%4x", &v) != 1)
			return at;
		if (v == 0 || (v >= 0xDC00 && v <= 0xDFFF))
			return i;
		if (v >= 0xD800 && v <= 0xDBFF) {
			/* A high surrogate is good only before a low one. */
			unsigned lo;
			if (i + 11 < len && buf[i + 6] == '\\' && buf[i + 7] == 'u') {
				char h2[5] = {buf[i + 8], buf[i + 9], buf[i + 10],
					      buf[i + 11], 0};
				if (sscanf(h2, "%4x", &lo) == 1 && lo >= 0xDC00 &&
				    lo <= 0xDFFF) {
					i += 11;
					continue;
				}
			}
			return i;
		}
		i += 5;
	}
	return at;
}

/* jansson's error in the words of sked's other messages, at the offending
 * character where that can be found. */
static void
report_json_error(struct jdoc *d, const char *buf, size_t len,
		  const json_error_t *e)
{
	size_t off = e->position > 0 ? (size_t)e->position : 0;
	if (off > len)
		off = len;
	/* For a syntax error or a duplicate key jansson stops after the token
	 * it names ("... near 'x'"): the person needs where it begins. */
	size_t tok = off;
	const char *near = strstr(e->text, " near '");
	if (near) {
		size_t tl = strlen(near + 7);
		if (tl > 0 && near[7 + tl - 1] == '\'')
			tl--;
		if (tl > 0 && tl <= off && memcmp(buf + off - tl, near + 7, tl) == 0)
			tok = off - tl;
	}
	char q[128];
	const char *msg;
	char *own = NULL;
	switch (json_error_code(e)) {
	case json_error_invalid_utf8:
		own = off < len ? xasprintf("invalid UTF-8 byte 0x%02x",
					    (unsigned char)buf[off])
				: xstrdup("invalid UTF-8 at the end of the file");
		msg = own;
		break;
	case json_error_null_character:
	case json_error_null_byte_in_key:
		off = bad_escape(buf, len, off);
		msg = "\\u0000 (a NUL character) is not allowed in a string";
		break;
	case json_error_duplicate_key:
		off = tok;
		/* jansson: duplicate object key near '"KEY"' */
		if (strstr(e->text, "near '\"") != NULL) {
			const char *k = strstr(e->text, "near '\"") + 7;
			char key[JSON_ERROR_TEXT_LENGTH];
			snprintf(key, sizeof(key), "%s", k);
			if (strlen(key) >= 2)
				key[strlen(key) - 2] = '\0';
			own = xasprintf("duplicate key %s in an object",
					jdoc_quote(key, q, sizeof(q)));
		} else {
			own = xstrdup("duplicate key in an object");
		}
		msg = own;
		break;
	case json_error_numeric_overflow:
		while (off > 0 && buf[off - 1] != '\0' &&
		       strchr("0123456789+-.eE", buf[off - 1]))
			off--;
		msg = "number too large";
		break;
	case json_error_premature_end_of_input:
		msg = "the file ends in the middle of a JSON value";
		break;
	default:
		if (strncmp(e->text, "invalid Unicode", 15) == 0) {
			off = bad_escape(buf, len, off);
			own = xasprintf("lone UTF-16 surrogate %.6s: expected a "
					"\\uD800-\\uDBFF, \\uDC00-\\uDFFF pair",
					off + 6 <= len ? buf + off : "\\u????");
			msg = own;
		} else if (strncmp(e->text, "control character", 17) == 0) {
			/* jansson stops before the character. */
			own = off < len ? xasprintf("control character 0x%02x "
						    "in a string (escape it)",
						    (unsigned char)buf[off])
					: xstrdup("control character in a string");
			msg = own;
		} else {
			off = tok;
			char *t = text_sanitize(e->text, strlen(e->text), 0);
			own = xasprintf("JSON syntax error: %s", t);
			free(t);
			msg = own;
		}
		break;
	}
	struct feed_pos p = offset_pos(buf, len, off);
	diag_add(d->diags, DIAG_ERROR, d->file, p.line, p.column, "%s", msg);
	free(own);
}

/* Eight bytes of s as one word: the scan below tests them at once. */
static uint64_t
word_at(const char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof(w));
	return w;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
/* True when some byte of w is c (exact: no false positives). */
#define HAS_BYTE(w, c) \
	((((w) ^ (ONES * (c))) - ONES) & ~((w) ^ (ONES * (c))) & HIGHS)

/* One pass over the raw text, before jansson: nesting deeper than
 * LOAD_MAX_DEPTH (whose own limit is 2048, with a C stack frame per
 * level), and, for text jansson then accepts, where each value begins and
 * where its subtree ends, in document order. Returns the offset of the
 * first bracket too deep (nothing recorded), or SIZE_MAX. Strings are
 * skipped so that a "[" inside one does not count; the text need not be
 * valid JSON, so a token other than a string or a bracket ends at any
 * character that could begin or end one. One pass, not a depth check
 * before jansson and a position scan after it: the text is read once, and
 * a string's ASCII bytes eight at a time (most of a feed is strings). */
static size_t
scan_text(struct jdoc *d, const char *buf, size_t len)
{
	size_t cap = 64, n = 0;
	struct jdoc_pos *pos = xreallocarray(NULL, cap, sizeof(*pos));
	size_t stack[LOAD_MAX_DEPTH];
	bool is_object[LOAD_MAX_DEPTH];
	size_t depth = 0;
	bool key_next = false;
	unsigned line = 1, col = 1;
	size_t i = 0;
	while (i < len) {
		char c = buf[i];
		switch (c) {
		case ' ':
			/* Indentation: runs of spaces. */
			do
				i++, col++;
			while (i < len && buf[i] == ' ');
			continue;
		case '\t': case '\r':
			i++, col++;
			continue;
		case '\n':
			i++, line++, col = 1;
			continue;
		case ',':
			key_next = depth > 0 && is_object[depth - 1];
			i++, col++;
			continue;
		case ':':
			key_next = false;
			i++, col++;
			continue;
		case '}': case ']':
			if (depth > 0)
				pos[stack[--depth]].end = n;
			key_next = false;
			i++, col++;
			continue;
		default:
			break;
		}
		if ((c == '{' || c == '[') && depth == LOAD_MAX_DEPTH) {
			free(pos);
			return i;
		}
		bool is_key = key_next && c == '"';
		if (!is_key) {
			if (n == cap) {
				cap *= 2;
				pos = xreallocarray(pos, cap, sizeof(*pos));
			}
			pos[n] = (struct jdoc_pos){line, col, n + 1};
			n++;
		}
		if (c == '{' || c == '[') {
			stack[depth] = n - 1;
			is_object[depth++] = c == '{';
			key_next = c == '{';
			i++, col++;
		} else if (c == '"') {
			key_next = false;
			i++, col++;
			while (i < len && buf[i] != '"') {
				if (i + 8 <= len) {
					uint64_t w = word_at(buf + i);
					if (!HAS_BYTE(w, '"') &&
					    !HAS_BYTE(w, '\\') && !(w & HIGHS)) {
						i += 8, col += 8;
						continue;
					}
				}
				if (buf[i] == '\\') {
					i += 2;
					col += 2;
					continue;
				}
				col += ((unsigned char)buf[i] & 0xC0) != 0x80;
				i++;
			}
			i++, col++;
		} else {
			do
				i++, col++;
			while (i < len && !strchr(",]}[{\": \t\r\n", buf[i]));
		}
	}
	d->pos = pos;
	d->n_pos = n;
	return SIZE_MAX;
}

/* jansson's allocations while it parses: a bump in the document's arena,
 * and no free. jansson takes its allocator from a global and has no
 * argument to name one by, hence the static: set for the length of one
 * json_loadb, the previous allocator put back after it (follow.c's state
 * file is made with malloc's). The tree is then freed whole with the
 * arena; freeing it value by value with free() (json_decref), and malloc
 * coalescing the hundreds of thousands of small chunks that left behind,
 * was a tenth of the time of a large schedule.json's import. What jansson
 * frees while it parses (a buffer it grows, a hash table it resizes) stays
 * in the arena until the end: each grows by doubling, so at most as much
 * again. */
static struct arena *jdoc_arena;

static void *
jdoc_malloc(size_t n)
{
	return arena_alloc(jdoc_arena, n ? n : 1);
}

static void
jdoc_nofree(void *p)
{
	(void)p;
}

static json_t *
jdoc_loadb(struct arena *a, const char *buf, size_t len, json_error_t *e)
{
	json_malloc_t old_malloc;
	json_free_t old_free;
	json_get_alloc_funcs(&old_malloc, &old_free);
	jdoc_arena = a;
	json_set_alloc_funcs(jdoc_malloc, jdoc_nofree);
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, e);
	json_set_alloc_funcs(old_malloc, old_free);
	jdoc_arena = NULL;
	return root;
}

bool
jdoc_parse(struct jdoc *d, const char *file, const char *buf, size_t len,
	   struct diag_list *diags)
{
	*d = (struct jdoc){.file = file, .diags = diags};
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3;
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", buf[i]) && buf[i] != '\0')
		i++;
	if (i == len) {
		diag_add(diags, DIAG_ERROR, file, 1, 1, "empty file");
		return false;
	}
	/* jansson skips a NUL byte as if it were not there (its stream
	 * reads the next byte when it meets one), where the scan of
	 * positions sees a value: the two would disagree on every value
	 * after it, and a string holding one would lose it. No JSON text
	 * has one (RFC 8259): refused, in the words the other readers use.
	 * One memchr, rather than a test in each of the scan's paths. */
	const char *nul = memchr(buf, '\0', len);
	if (nul != NULL) {
		feed_utf8_error(file, offset_pos(buf, len, (size_t)(nul - buf)),
				0, "JSON allows none", diags);
		return false;
	}
	size_t deep = scan_text(d, buf, len);
	if (deep != SIZE_MAX) {
		struct feed_pos p = offset_pos(buf, len, deep);
		diag_add(diags, DIAG_ERROR, file, p.line, p.column,
			 "nesting deeper than %d levels", LOAD_MAX_DEPTH);
		return false;
	}
	json_error_t e;
	d->arena = arena_create();
	d->root = jdoc_loadb(d->arena, buf, len, &e);
	if (d->root == NULL) {
		report_json_error(d, buf, len, &e);
		jdoc_free(d);
		return false;
	}
	d->memo = xcalloc(1, sizeof(*d->memo));
	return true;
}

void
jdoc_free(struct jdoc *d)
{
	/* No json_decref: the tree is in the arena (jdoc_loadb). */
	arena_destroy(d->arena);
	d->arena = NULL;
	free(d->pos);
	if (d->memo != NULL)
		for (size_t k = 0; k < JDOC_MEMO_SLOTS; k++)
			free(d->memo->slot[k].m);
	free(d->memo);
	d->root = NULL;
	d->pos = NULL;
	d->memo = NULL;
}

/* ---- walking ---- */

struct jval
jdoc_root(const struct jdoc *d)
{
	return (struct jval){d->root, 0};
}

struct feed_pos
jdoc_pos(const struct jdoc *d, struct jval v)
{
	if (v.i >= d->n_pos)
		return (struct feed_pos){1, 1};
	return (struct feed_pos){d->pos[v.i].line, d->pos[v.i].column};
}

struct jiter
jdoc_iter(struct jval container)
{
	return (struct jiter){.parent = container};
}

bool
jdoc_next(const struct jdoc *d, struct jiter *it, const char **key,
	  struct jval *v)
{
	json_t *p = it->parent.v;
	if (p == NULL)
		return false;
	size_t i = it->started ? d->pos[it->i].end : it->parent.i + 1;
	json_t *val;
	if (json_is_object(p)) {
		it->it = it->started ? json_object_iter_next(p, it->it)
				     : json_object_iter(p);
		if (it->it == NULL)
			return false;
		val = json_object_iter_value(it->it);
		if (key)
			*key = json_object_iter_key(it->it);
	} else if (json_is_array(p)) {
		if (it->started)
			it->k++;
		if (it->k >= json_array_size(p))
			return false;
		val = json_array_get(p, it->k);
		if (key)
			*key = NULL;
	} else {
		return false;
	}
	/* The scan saw every value jansson decoded. Should a file make the
	 * two disagree (a raw NUL byte did, before it was refused), the
	 * file is refused, not read with the positions out of step. */
	if (i >= d->n_pos) {
		diag_add(d->diags, DIAG_ERROR, d->file, 0, 0,
			 "sked could not follow this JSON's layout (its scan "
			 "of positions and jansson disagree): please report "
			 "it with the file");
		return false;
	}
	it->started = true;
	it->i = i;
	*v = (struct jval){val, i};
	return true;
}

struct jval
jdoc_get(const struct jdoc *d, struct jval obj, const char *key)
{
	/* jansson's hash says at once whether the member is there (readers
	 * ask for many a feed leaves out) and which value it is; the walk
	 * in file order is only for its position, done once per object. */
	json_t *want = json_is_object(obj.v) ? json_object_get(obj.v, key)
					     : NULL;
	if (want == NULL)
		return (struct jval){NULL, 0};
	struct jdoc_memo *mo = d->memo;
	size_t k = 0;
	while (k < JDOC_MEMO_SLOTS &&
	       (mo->slot[k].obj != obj.v || mo->slot[k].obj_i != obj.i))
		k++;
	if (k == JDOC_MEMO_SLOTS) {
		k = mo->next;
		mo->next = (k + 1) % JDOC_MEMO_SLOTS;
		mo->slot[k].obj = obj.v;
		mo->slot[k].obj_i = obj.i;
		mo->slot[k].n = 0;
		struct jiter it = jdoc_iter(obj);
		const char *name;
		struct jval v;
		while (jdoc_next(d, &it, &name, &v)) {
			if (mo->slot[k].n == mo->slot[k].cap) {
				mo->slot[k].cap = mo->slot[k].cap
							  ? 2 * mo->slot[k].cap
							  : 32;
				mo->slot[k].m = xreallocarray(
					mo->slot[k].m, mo->slot[k].cap,
					sizeof(*mo->slot[k].m));
			}
			mo->slot[k].m[mo->slot[k].n++] =
				(struct jdoc_member){v.v, name, v.i};
		}
	}
	/* true, false and null are one value each in jansson: the key too. */
	for (size_t j = 0; j < mo->slot[k].n; j++) {
		const struct jdoc_member *m = &mo->slot[k].m[j];
		if (m->v == want && strcmp(m->key, key) == 0)
			return (struct jval){want, m->i};
	}
	return (struct jval){NULL, 0};
}

/* ---- messages ---- */

const char *
jdoc_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	default: return "null";
	}
}

const char *
jdoc_quote(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s), cut = 0, chars = 0;
	while (cut < n && chars < 40) {
		cut++;
		while (cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	char *t = text_sanitize(s, cut, 0);
	snprintf(buf, size, "\"%s%s\"", t, cut < n ? "..." : "");
	free(t);
	return buf;
}

static void jdoc_vdiag(struct jdoc *d, enum diag_severity sev, struct jval v,
		       const char *path, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static void
jdoc_vdiag(struct jdoc *d, enum diag_severity sev, struct jval v,
	   const char *path, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	struct feed_pos p = jdoc_pos(d, v);
	diag_add(d->diags, sev, d->file, p.line, p.column, "%s: %s", path, msg);
	free(msg);
}

void
jdoc_error(struct jdoc *d, struct jval v, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jdoc_vdiag(d, DIAG_ERROR, v, path, fmt, ap);
	va_end(ap);
}

void
jdoc_warn(struct jdoc *d, struct jval v, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jdoc_vdiag(d, DIAG_WARNING, v, path, fmt, ap);
	va_end(ap);
}

bool
jdoc_expect_object(struct jdoc *d, struct jval v, const char *path,
		   const char *what)
{
	if (json_is_object(v.v))
		return true;
	jdoc_error(d, v, path, "expected %s (an object), got %s", what,
		   jdoc_kind(v.v));
	return false;
}

struct jval
jdoc_get_list(struct jdoc *d, struct jval obj, const char *key,
	      const char *path, const char *what)
{
	struct jval v = jdoc_get(d, obj, key);
	if (json_is_array(v.v))
		return v;
	if (v.v != NULL && !json_is_null(v.v)) {
		char *where = xasprintf("%s.%s", path, key);
		jdoc_error(d, v, where, "expected %s, got %s", what,
			   jdoc_kind(v.v));
		free(where);
	}
	return (struct jval){NULL, 0};
}

/* ---- values ---- */

/* v as feed text; a message about it names path, or path.key when key
 * is set: formatted only for the message, since jdoc_str() runs for every
 * member a reader takes (a copy each was 3% of a 36C3 import). */
static struct feed_str
text_of(struct jdoc *d, struct feed *f, struct jval v, const char *path,
	const char *key, enum jdoc_as as)
{
	struct feed_pos pos = jdoc_pos(d, v);
	if (v.v == NULL || json_is_null(v.v))
		return (struct feed_str){.pos = pos};
	if (as == JDOC_ID && json_is_integer(v.v)) {
		char num[32];
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v.v));
		return feed_str(f, num, pos);
	}
	if (!json_is_string(v.v)) {
		char *what = key ? xasprintf("%s.%s", path, key) : NULL;
		jdoc_error(d, v, what ? what : path, "expected %s, got %s",
			   as == JDOC_ID ? "a string or an integer" : "a string",
			   jdoc_kind(v.v));
		free(what);
		return (struct feed_str){.pos = pos};
	}
	/* Blanks around a text are layout, not text (a title typed with a
	 * trailing space, an abstract ending in CR LF CR LF): dropped, as the
	 * XML reader drops them, so that the schedule.xml and schedule.json
	 * of one program import alike. Ids are taken as written. */
	int flags = as == JDOC_ID ? 0 : FEED_TEXT_TRIM;
	return feed_text(f, json_string_value(v.v), json_string_length(v.v),
			 pos, flags);
}

struct feed_str
jdoc_text(struct jdoc *d, struct feed *f, struct jval v, const char *what,
	  enum jdoc_as as)
{
	return text_of(d, f, v, what, NULL, as);
}

struct feed_str
jdoc_str(struct jdoc *d, struct feed *f, struct jval obj, const char *key,
	 const char *path, enum jdoc_as as)
{
	struct jval v = jdoc_get(d, obj, key);
	if (v.v == NULL)
		return (struct feed_str){.pos = jdoc_pos(d, obj)};
	return text_of(d, f, v, path, key, as);
}

void
jdoc_bool(struct jdoc *d, struct jval obj, const char *key, const char *path,
	  bool *out)
{
	struct jval v = jdoc_get(d, obj, key);
	if (v.v == NULL || json_is_null(v.v))
		return;
	if (json_is_boolean(v.v)) {
		*out = json_is_true(v.v);
		return;
	}
	char *what = xasprintf("%s.%s", path, key);
	jdoc_error(d, v, what, "expected true or false, got %s", jdoc_kind(v.v));
	free(what);
}

/* ---- dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

bool
jdoc_day_number(const char *s, size_t n, long *day)
{
	struct tz_date d;
	char buf[11];
	if (s == NULL || n < 10)
		return false;
	memcpy(buf, s, 10);
	buf[10] = '\0';
	if (!tz_parse_date(buf, &d))
		return false;
	*day = days_from_civil(d.year, (unsigned)d.month, (unsigned)d.day);
	return true;
}

void
jdoc_day_string(long day, char out[11])
{
	/* civil_from_days */
	day += 719468;
	long era = (day >= 0 ? day : day - 146096) / 146097;
	unsigned doe = (unsigned)(day - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	char tmp[40];
	snprintf(tmp, sizeof(tmp), "%04ld-%02u-%02u", y, m, d);
	memcpy(out, tmp, 10); /* years 0-9999: dates came from tz_parse_date */
	out[10] = '\0';
}

/* ---- sniffing ---- */

bool
jdoc_sniff(const char *head, size_t n, const char *const *keys)
{
	size_t i = 0;
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
			 head[i] == '\n'))
		i++;
	if (i == n || head[i] != '{')
		return false;
	for (; *keys; keys++) {
		size_t kl = strlen(*keys);
		bool found = false;
		for (size_t j = i; !found && j + kl + 2 < n; j++) {
			if (head[j] != '"' || memcmp(head + j + 1, *keys, kl) != 0 ||
			    head[j + kl + 1] != '"')
				continue;
			size_t k = j + kl + 2;
			while (k < n && (head[k] == ' ' || head[k] == '\t' ||
					 head[k] == '\r' || head[k] == '\n'))
				k++;
			found = k < n && head[k] == ':';
		}
		if (!found)
			return false;
	}
	return true;
}
