#include "sked/feed.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sked/arena.h"
#include "sked/diag.h"
#include "sked/program.h"
#include "sked/text.h"
#include "sked/xalloc.h"

struct feed *
feed_create(const char *file, const char *format)
{
	struct feed *f = xcalloc(1, sizeof(*f));
	f->arena = arena_create();
	f->lists = arena_create();
	f->file = arena_strndup(f->arena, file, strlen(file));
	f->format = arena_strndup(f->arena, format, strlen(format));
	return f;
}

/* Where the source's lines start, made by the first feed_pos_resolve
 * of an offset. */
struct feed_lines {
	uint32_t *start; /* the offset of each line's first byte; NULL:
			  * not indexed yet */
	size_t n;
};

void
feed_destroy(struct feed *f)
{
	if (f == NULL)
		return;
	if (f->lines != NULL)
		free(f->lines->start);
	free(f->lines);
	free(f->sessions);
	arena_destroy(f->arena);
	arena_destroy(f->lists);
	free(f);
}

void
feed_set_source(struct feed *f, const char *buf, size_t len)
{
	f->src = buf;
	f->src_len = len;
	if (f->lines == NULL)
		f->lines = xcalloc(1, sizeof(*f->lines));
	free(f->lines->start);
	*f->lines = (struct feed_lines){0};
}

/* One memchr pass; a line starts at 0 and after each LF, as
 * feed_pos_advance counts them. */
static void
feed_index_lines(const struct feed *f)
{
	struct feed_lines *l = f->lines;
	size_t cap = 1024;
	l->start = xreallocarray(NULL, cap, sizeof(*l->start));
	l->start[l->n++] = 0;
	const char *s = f->src, *end = s + f->src_len, *nl;
	while (s < end && (nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		if (l->n == cap) {
			cap *= 2;
			l->start = xreallocarray(l->start, cap,
						 sizeof(*l->start));
		}
		s = nl + 1;
		l->start[l->n++] = (uint32_t)(s - f->src);
	}
}

struct feed_pos
feed_pos_resolve(const struct feed *f, struct feed_pos p)
{
	if (p.line != FEED_POS_OFFSET)
		return p;
	if (f->src == NULL || f->lines == NULL)
		return (struct feed_pos){0, 0};
	size_t off = p.column < f->src_len ? p.column : f->src_len;
	/* The index lives behind a pointer: filling it is not a change to
	 * the feed, which the builder holds const. */
	if (f->lines->start == NULL)
		feed_index_lines(f);
	/* The last line that starts at or before off. */
	const uint32_t *start = f->lines->start;
	size_t lo = 0, hi = f->lines->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	struct feed_pos r = {(unsigned)lo + 1, 1};
	feed_pos_advance(&r, f->src + start[lo], off - start[lo]);
	return r;
}

struct feed_str
feed_strn(struct feed *f, const char *s, size_t n, struct feed_pos pos)
{
	/* A reader's strings go to the program as they are when it takes
	 * the feed's arena (build_program_take): an arena's strings are
	 * followed by initialized bytes, as the search needs (arena.h). */
	return (struct feed_str){
		.s = s ? arena_strndup(f->arena, s, n) : NULL,
		.pos = pos};
}

struct feed_str
feed_str(struct feed *f, const char *s, struct feed_pos pos)
{
	return feed_strn(f, s, s ? strlen(s) : 0, pos);
}

void
feed_pos_advance(struct feed_pos *p, const char *s, size_t n)
{
	/* Lines by memchr; columns only from the last line break on. */
	const char *end = s + n, *nl;
	while (s < end && (nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		p->line++;
		p->column = 1;
		s = nl + 1;
	}
	p->column += (unsigned)text_utf8_chars(s, (size_t)(end - s));
}

bool
feed_check_utf8(const char *file, const char *buf, size_t len,
		const char *why, struct diag_list *diags)
{
	size_t i = text_utf8_valid(buf, len);
	if (i == len)
		return true;
	/* Counted only now: a good file costs one pass. */
	struct feed_pos p = {1, 1};
	feed_pos_advance(&p, buf, i);
	feed_utf8_error(file, p, (unsigned char)buf[i], why, diags);
	return false;
}

void
feed_utf8_error(const char *file, struct feed_pos p, unsigned char byte,
		const char *why, struct diag_list *diags)
{
	if (byte == 0)
		diag_add(diags, DIAG_ERROR, file, p.line, p.column,
			 "NUL byte in file (%s)", why);
	else
		diag_add(diags, DIAG_ERROR, file, p.line, p.column,
			 "invalid UTF-8 byte 0x%02x (%s)", byte, why);
}

struct feed_str
feed_text(struct feed *f, const char *s, size_t n, struct feed_pos pos,
	  int flags)
{
	if (flags & FEED_TEXT_TRIM)
		n = text_trim(&s, n);
	if (n == 0)
		return (struct feed_str){.pos = pos};
	/* Straight into the arena, room for the text as it is (arena_padded):
	 * a line break takes one byte or fewer. */
	size_t size = arena_padded(n);
	char *t = arena_alloc(f->arena, size);
	size_t len = text_lf(t, s, n);
	memset(t + len, 0, size - len);
	return (struct feed_str){.s = t, .pos = pos};
}

/* Makes room for one more element of `size` bytes in an array in the
 * lists' arena:
 * doubling from `first`, so the copies left behind in the arena cost at
 * most as much as the array itself. Returns the new, zeroed element. The
 * arrays inside a session (speakers, links, languages) start at one: most
 * hold one or two, and starting them at eight cost a third of an
 * import's memory (6 MB of 50 for FOSDEM's XML ten times over). */
static void *
feed_grow(struct feed *f, void **v, size_t *n, size_t *cap, size_t size,
	  size_t first)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : first;
		if (ncap > SIZE_MAX / size)
			abort(); /* never: the arena would be exhausted first */
		void *nv = arena_alloc(f->lists, ncap * size);
		if (*n)
			memcpy(nv, *v, *n * size);
		*v = nv;
		*cap = ncap;
	}
	void *e = (char *)*v + (*n)++ * size;
	memset(e, 0, size);
	return e;
}

struct feed_track *
feed_add_track(struct feed *f)
{
	return feed_grow(f, (void **)&f->tracks, &f->n_tracks, &f->cap_tracks,
			 sizeof(*f->tracks), 8);
}

struct feed_room *
feed_add_room(struct feed *f)
{
	return feed_grow(f, (void **)&f->rooms, &f->n_rooms, &f->cap_rooms,
			 sizeof(*f->rooms), 8);
}

/* The sessions' array is the feed's own, not in its arena: it grows by
 * realloc, which moves a large one by remapping its pages instead of
 * copying them and leaves nothing behind (in the arena, each doubling
 * left the array before it: a third of a large YAML file's sessions'
 * memory), and it is freed with the feed, whose arena the program may
 * take (build.h) without it. */
static void
feed_sessions_cap(struct feed *f, size_t n)
{
	f->sessions = xreallocarray(f->sessions, n, sizeof(*f->sessions));
	f->cap_sessions = n;
}

struct feed_session *
feed_add_session(struct feed *f)
{
	if (f->n_sessions == f->cap_sessions) {
		/* Doubling, but not past the builder's limit at once: a
		 * program that reaches it is refused, and the array's last
		 * doubling would have been twice what it holds. */
		size_t cap = f->cap_sessions ? 2 * f->cap_sessions : 64,
		       limit = PROGRAM_MAX_SESSIONS + 1;
		if (cap > limit && f->cap_sessions < limit)
			cap = limit;
		feed_sessions_cap(f, cap);
	}
	struct feed_session *s = &f->sessions[f->n_sessions++];
	memset(s, 0, sizeof(*s));
	s->day = -1;
	return s;
}

void
feed_reserve_sessions(struct feed *f, size_t n)
{
	if (n > PROGRAM_MAX_SESSIONS + 1)
		n = PROGRAM_MAX_SESSIONS + 1;
	if (n > f->cap_sessions)
		feed_sessions_cap(f, n);
}

struct feed_person *
feed_add_person(struct feed *f, struct feed_people *p)
{
	return feed_grow(f, (void **)&p->v, &p->n, &p->cap, sizeof(*p->v),
			 1);
}

struct feed_link *
feed_add_link(struct feed *f, struct feed_links *l)
{
	return feed_grow(f, (void **)&l->v, &l->n, &l->cap, sizeof(*l->v),
			 1);
}

void *
feed_copy(struct feed *f, const void *v, size_t n, size_t size)
{
	if (n == 0)
		return NULL;
	void *c = arena_alloc(f->lists, n * size);
	memcpy(c, v, n * size);
	return c;
}

void
feed_add_str(struct feed *f, struct feed_strs *v, struct feed_str s)
{
	struct feed_str *e = feed_grow(f, (void **)&v->v, &v->n, &v->cap,
				       sizeof(*v->v), 1);
	*e = s;
}
