#include "sked/agenda.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda_int.h"
#include "sked/format.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/xalloc.h"

enum {
	AGENDA_MAX_FILE = 16 * 1024 * 1024,
	/* Bytes of a note sked writes (a title is cut, at a character). */
	AGENDA_NOTE_MAX = 240,
};

static const char agenda_magic[] = "# sked agenda 1 ";
/* The line that keeps the token of the last moves taken (agenda.h). */
static const char agenda_moved_mark[] = "# sked moved ";

/* A star: its id (agenda.ids[i] points at it) and its note. */
struct agenda_star {
	char *note; /* NULL: none */
	char id[];
};

/* The star whose id is id, a member of an agenda's ids. */
static struct agenda_star *
agenda_star(const char *id)
{
	return (struct agenda_star *)(void *)(id -
					      offsetof(struct agenda_star, id));
}

static void
agenda_star_free(char *id)
{
	struct agenda_star *star = agenda_star(id);
	free(star->note);
	free(star);
}

void
agenda_destroy(struct agenda *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n; i++)
		agenda_star_free(a->ids[i]);
	free(a->ids);
	strset_finish(&a->index);
	free(a->conference);
	free(a->path);
	free(a->moved);
	free(a);
}

/* A new, empty agenda. */
static struct agenda *
agenda_new(const char *conference, const char *path)
{
	struct agenda *a = xcalloc(1, sizeof(*a));
	a->conference = xstrdup(conference);
	a->path = path ? xstrdup(path) : NULL;
	strset_init(&a->index, 0);
	return a;
}

/* Forgets every id, and the moves taken. */
static void
agenda_clear(struct agenda *a)
{
	for (size_t i = 0; i < a->n; i++)
		agenda_star_free(a->ids[i]);
	a->n = 0;
	free(a->moved);
	a->moved = NULL;
	strset_finish(&a->index);
	strset_init(&a->index, 0);
}

bool
agenda_has(const struct agenda *a, const char *id)
{
	return strset_find(&a->index, id) != NULL;
}

bool
agenda_add(struct agenda *a, const char *id)
{
	if (agenda_has(a, id))
		return false;
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->ids = xreallocarray(a->ids, a->cap, sizeof(*a->ids));
	}
	size_t len = strlen(id);
	struct agenda_star *star = xmalloc(sizeof(*star) + len + 1);
	star->note = NULL;
	memcpy(star->id, id, len + 1);
	a->ids[a->n] = star->id;
	strset_add(&a->index, a->ids[a->n]);
	a->n++;
	return true;
}

bool
agenda_remove(struct agenda *a, const char *id)
{
	const char *member = strset_remove(&a->index, id);
	if (member == NULL)
		return false;
	/* The set holds the list's own string: find it by address, from the
	 * end, where the latest stars are. */
	size_t i = a->n;
	while (a->ids[--i] != member)
		;
	agenda_star_free(a->ids[i]);
	memmove(a->ids + i, a->ids + i + 1, (a->n - i - 1) * sizeof(*a->ids));
	a->n--;
	return true;
}

bool
agenda_valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > PROGRAM_MAX_ID)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

/* Parses the file's text (NUL-terminated, modified); false when it is not
 * an agenda of a->conference. */
static bool
agenda_parse_into(struct agenda *a, char *text, size_t len, char *why,
		  size_t size)
{
	snprintf(why, size, "it holds a NUL byte");
	if (memchr(text, '\0', len) != NULL)
		return false;
	unsigned n = 0; /* the line */
	/* As sked writes it, or as a person who edited it may leave it:
	 * a byte order mark, CR LF, blanks around a line, blank lines and
	 * "#" comments (before the header too, and after an id), no newline
	 * at the end (sked's saves are whole or not made: a last line is
	 * not cut). */
	size_t magic = strlen(agenda_magic);
	bool first = true;
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3;
	for (char *line = text; *line;) {
		char *next = strchr(line, '\n');
		n++;
		char *end = next ? next : line + strlen(line);
		while (end > line && (end[-1] == '\r' || end[-1] == ' ' ||
				      end[-1] == '\t'))
			end--;
		*end = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (first) {
			if (strncmp(line, agenda_magic, magic) == 0) {
				snprintf(why, size, "line %u: its header is "
					 "for another conference than %s", n,
					 a->conference);
				if (strcmp(line + magic, a->conference) != 0)
					return false;
				first = false;
			} else if (*line != '\0' && *line != '#') {
				/* An id before the header. */
				snprintf(why, size, "line %u: expected the "
					 "header \"%s%s\" before the first id",
					 n, agenda_magic, a->conference);
				return false;
			}
		} else if (strncmp(line, agenda_moved_mark,
				   sizeof(agenda_moved_mark) - 1) == 0 &&
			   agenda_valid_id(line + sizeof(agenda_moved_mark) - 1)) {
			/* Else a comment like any other. */
			free(a->moved);
			a->moved = xstrdup(line + sizeof(agenda_moved_mark) - 1);
		} else if (*line != '\0' && *line != '#') {
			/* "ID", or "ID  # a note" */
			char *id_end = line + strcspn(line, " \t#");
			char *rest = id_end + strspn(id_end, " \t");
			snprintf(why, size, "line %u: expected a session id "
				 "(letters, digits, '.', '_', '-'), then "
				 "nothing or a # note", n);
			if (*rest != '\0' && *rest != '#')
				return false;
			/* The note first: "ID# note" has its '#' where the
			 * id ends. */
			const char *note =
				*rest == '#' ? rest + 1 + strspn(rest + 1, " \t")
					     : rest;
			*id_end = '\0';
			if (!agenda_valid_id(line))
				return false;
			if (agenda_add(a, line) && *note != '\0')
				agenda_star(a->ids[a->n - 1])->note =
					xstrdup(note);
		}
		if (next == NULL)
			break;
		line = next + 1;
	}
	if (first)
		snprintf(why, size, "it has no header \"%s%s\"", agenda_magic,
			 a->conference);
	return !first;
}

struct agenda *
agenda_load_path(const char *conference, const char *path, char **notice,
		 char **error)
{
	*notice = *error = NULL;
	struct agenda *a = agenda_new(conference, path);
	if (path == NULL)
		return a;
	size_t len;
	char *text = statefile_read(path, AGENDA_MAX_FILE, &len);
	if (text == NULL) {
		if (errno == ENOENT)
			return a; /* nothing starred yet */
		if (errno != EFBIG) {
			*error = xasprintf("cannot read the agenda %s: %s", path,
					   strerror(errno));
			agenda_destroy(a);
			return NULL;
		}
	}
	char why[160] = "it is larger than an agenda may be";
	if (text == NULL || !agenda_parse_into(a, text, len, why, sizeof(why))) {
		/* Set it aside for the user to look at; start empty. */
		agenda_clear(a);
		char *aside;
		if (statefile_set_aside(path, &aside)) {
			*notice = xasprintf("the agenda %s was not readable as "
					    "one (%s) and was set aside as %s",
					    path, why, aside);
		} else {
			*error = xasprintf("the agenda %s is corrupt and could "
					   "not be set aside: %s",
					   path, strerror(errno));
			free(text);
			agenda_destroy(a);
			return NULL;
		}
		free(aside);
	}
	free(text);
	return a;
}

struct agenda *
agenda_parse(const char *conference, const char *text, size_t len)
{
	struct agenda *a = agenda_new(conference, NULL);
	char *copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	char why[160];
	bool ok = agenda_parse_into(a, copy, len, why, sizeof(why));
	free(copy);
	if (!ok) {
		agenda_destroy(a);
		return NULL;
	}
	return a;
}

char *
agenda_path(const char *conference)
{
	char *name = xasprintf("%s.agenda", conference);
	char *path = statefile_path(STATEFILE_DATA, name);
	free(name);
	return path;
}

struct agenda *
agenda_load(const char *conference, char **notice, char **error)
{
	char *path = agenda_path(conference);
	struct agenda *a = agenda_load_path(conference, path, notice, error);
	free(path);
	return a;
}

struct agenda *
agenda_peek(const char *conference)
{
	char *path = agenda_path(conference);
	size_t len;
	char *text = path ? statefile_read(path, AGENDA_MAX_FILE, &len) : NULL;
	free(path);
	struct agenda *a = text ? agenda_parse(conference, text, len) : NULL;
	free(text);
	return a;
}

bool
agenda_save(const struct agenda *a, char **error)
{
	if (a->path == NULL) {
		*error = xstrdup("no place to keep the agenda: set HOME or "
				 "XDG_DATA_HOME");
		return false;
	}
	size_t len = strlen(agenda_magic) + strlen(a->conference) + 1;
	if (a->moved)
		len += strlen(agenda_moved_mark) + strlen(a->moved) + 1;
	for (size_t i = 0; i < a->n; i++)
		len += strlen(a->ids[i]) + 1;
	/* The notes while the file stays readable (AGENDA_MAX_FILE): a
	 * huge agenda keeps its stars and loses its last notes. */
	size_t budget = len < AGENDA_MAX_FILE ? AGENDA_MAX_FILE - len : 0;
	bool *noted = xcalloc(a->n + 1, sizeof(*noted));
	for (size_t i = 0; i < a->n; i++) {
		const char *note = agenda_star(a->ids[i])->note;
		size_t nl = note ? strlen("  # ") + strlen(note) : 0;
		if (note != NULL && nl <= budget) {
			noted[i] = true;
			budget -= nl;
			len += nl;
		}
	}
	char *text = xmalloc(len + 1), *o = text;
	o += sprintf(o, "%s%s\n", agenda_magic, a->conference);
	if (a->moved)
		o += sprintf(o, "%s%s\n", agenda_moved_mark, a->moved);
	for (size_t i = 0; i < a->n; i++)
		o += noted[i] ? sprintf(o, "%s  # %s\n", a->ids[i],
					agenda_star(a->ids[i])->note)
			      : sprintf(o, "%s\n", a->ids[i]);
	free(noted);
	bool ok = statefile_write(a->path, text, len, true, error);
	free(text);
	return ok;
}

/* Replaces a's ids with those of its file (as agenda_load_path reads
 * it); false with *error when the file cannot be read, a unchanged. */
static bool
agenda_reread(struct agenda *a, char **notice, char **error)
{
	struct agenda *now = agenda_load_path(a->conference, a->path, notice,
					      error);
	if (now == NULL)
		return false;
	struct agenda old = *a;
	a->ids = now->ids;
	a->n = now->n;
	a->cap = now->cap;
	a->index = now->index;
	a->moved = now->moved;
	now->ids = old.ids;
	now->n = old.n;
	now->cap = old.cap;
	now->index = old.index;
	now->moved = old.moved;
	agenda_destroy(now);
	return true;
}

const char *
agenda_note(const struct agenda *a, const char *id)
{
	const char *member = strset_find(&a->index, id);
	return member ? agenda_star(member)->note : NULL;
}

void
agenda_set_note(struct agenda *a, const char *id, char *note)
{
	const char *member = strset_find(&a->index, id);
	if (member == NULL) {
		free(note);
		return;
	}
	free(agenda_star(member)->note);
	agenda_star(member)->note = note;
}

char *
agenda_note_shown(const struct agenda *a, const char *id)
{
	const char *note = agenda_note(a, id);
	return note ? text_sanitize(note, strlen(note), 0) : NULL;
}

/* The length of s's first n bytes cut to at most max bytes, between
 * characters, without the spaces the cut leaves at its end. */
static size_t
agenda_cut(const char *s, size_t n, size_t max)
{
	while (n > max)
		n = text_char_before(s, n);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

/* A copy of text s made safe for one line of the file (sanitized: a line
 * break or a tab is a space), without blanks at either end, as the file
 * is read back: the caller frees. */
static char *
agenda_clean(const char *s)
{
	char *c = text_sanitize(s, strlen(s), 0);
	const char *kept = c;
	size_t len = text_trim(&kept, strlen(c));
	memmove(c, kept, len);
	c[len] = '\0';
	return c;
}

/* What session s of p is, for its star's note (the caller frees; NULL
 * when it would be empty): its title and when, in p's zone, named, "TITLE,
 * Tue 14 November, 10:00-10:30 Europe/Berlin in ROOM", on one line with
 * no blank at either end (agenda_clean), at most AGENDA_NOTE_MAX bytes:
 * what follows the title at most half of them, the title cut to the
 * rest, each between characters. */
static char *
agenda_describe(const struct program *p, const struct program_session *s)
{
	char when[FORMAT_WHEN_MAX];
	format_when(when, p, s, p->conference.zone, FORMAT_WHEN_SHORT);
	char *title = agenda_clean(s->title);
	char *room = s->room >= 0 ? agenda_clean(p->rooms[s->room].name)
				  : NULL;
	bool has_room = room != NULL && room[0] != '\0';
	char *rest = xasprintf("%s%s%s%s%s", when,
			       when[0] ? " " : "",
			       when[0] ? tz_label(p->conference.zone) : "",
			       has_room ? (when[0] ? " in " : "in ") : "",
			       has_room ? room : "");
	free(room);
	size_t rl = agenda_cut(rest, strlen(rest), AGENDA_NOTE_MAX / 2 - 2);
	size_t tl = agenda_cut(title, strlen(title),
			       AGENDA_NOTE_MAX - 2 - rl);
	char *note = NULL;
	if (tl + rl > 0)
		note = xasprintf("%.*s%s%.*s", (int)tl, title,
				 tl && rl ? ", " : "", (int)rl, rest);
	free(title);
	free(rest);
	return note;
}

/* Sets the note of every starred id p has a session of (agenda_describe);
 * returns whether one changed. Linear in p's sessions. */
static bool
agenda_describe_all(struct agenda *a, const struct program *p)
{
	bool any = false;
	for (size_t k = 0; a->n > 0 && k < p->n_sessions; k++) {
		const struct program_session *s = &p->sessions[k];
		const char *member = strset_find(&a->index, s->id);
		if (member == NULL)
			continue;
		struct agenda_star *star = agenda_star(member);
		char *note = agenda_describe(p, s);
		if (note == NULL || (star->note != NULL &&
				     strcmp(star->note, note) == 0)) {
			free(note);
			continue;
		}
		free(star->note);
		star->note = note;
		any = true;
	}
	return any;
}

bool
agenda_update(struct agenda *a, const char *const *ids, size_t n, bool star,
	      const struct program *p, bool *changed,
	      struct statefile_wait *wait, char **notice, char **error)
{
	*notice = *error = NULL;
	if (a->path == NULL)
		return agenda_save(a, error); /* says why it cannot */
	int lock = statefile_lock(a->path, true, wait, error);
	if (lock < 0 && wait && wait->gave_up) {
		/* Said as the user knows it, not as the lock file's path. */
		free(*error);
		*error = wait->holder
			? xasprintf("the agenda is locked by another sked "
				    "(pid %ld)", wait->holder)
			: xstrdup("the agenda is locked by another sked");
	}
	if (lock < 0)
		return false;
	/* Under the lock, the file holds what every other process saved. */
	if (!agenda_reread(a, notice, error)) {
		statefile_unlock(lock);
		return false;
	}
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		bool c = star ? agenda_add(a, ids[i]) : agenda_remove(a, ids[i]);
		if (changed)
			changed[i] = c;
		any |= c;
	}
	bool noted = p != NULL && agenda_describe_all(a, p);
	bool ok = !(any || noted) || agenda_save(a, error);
	if (!ok) {
		/* Back to what the file holds (it was read a moment ago). */
		char *n2 = NULL, *e2 = NULL;
		agenda_reread(a, &n2, &e2);
		free(n2);
		free(e2);
		for (size_t i = 0; changed && i < n; i++)
			changed[i] = false;
	}
	statefile_unlock(lock);
	return ok;
}

struct agenda_span {
	int64_t start, end;
	size_t session;
};

static int
agenda_span_cmp(const void *x, const void *y)
{
	const struct agenda_span *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

size_t
agenda_mark(const struct agenda *a, const struct program *p, bool **starred,
	    bool **conflict)
{
	size_t n = p->n_sessions;
	*starred = xcalloc(n + 1, sizeof(bool));
	*conflict = xcalloc(n + 1, sizeof(bool));
	struct agenda_span *spans = xcalloc(n + 1, sizeof(*spans));
	size_t k = 0;
	/* Each session looked up in the agenda's set, not each id searched
	 * for among the sessions. */
	for (size_t idx = 0; idx < n; idx++) {
		const struct program_session *s = &p->sessions[idx];
		if (!agenda_has(a, s->id))
			continue;
		(*starred)[idx] = true;
		if (s->scheduled)
			spans[k++] = (struct agenda_span){s->start_utc,
							  program_session_end(s),
							  idx};
	}
	/* Sweep in start order: a session starting before the latest end
	 * so far overlaps the session with that end, and both conflict. */
	xqsort(spans, k, sizeof(*spans), agenda_span_cmp);
	size_t count = 0, holder = 0;
	for (size_t i = 0; i < k; i++) {
		if (i > 0 && spans[i].start < spans[holder].end) {
			for (size_t m = 0; m < 2; m++) {
				size_t idx = spans[m ? holder : i].session;
				count += !(*conflict)[idx];
				(*conflict)[idx] = true;
			}
		}
		if (i == 0 || spans[i].end > spans[holder].end)
			holder = i;
	}
	free(spans);
	return count;
}

bool
agenda_overlap(const struct program_session *s,
	       const struct program_session *o)
{
	return s->start_utc < program_session_end(o) &&
	       o->start_utc < program_session_end(s);
}

/* The spans of the others' starred scheduled sessions, by start; *n. */
static struct agenda_span *
agenda_others_spans(const struct agenda *const *oa,
		    const struct program *const *others, size_t n,
		    size_t *count)
{
	size_t total = 0, k = 0;
	for (size_t j = 0; j < n; j++)
		if (oa[j] != NULL && others[j] != NULL)
			total += others[j]->n_sessions;
	struct agenda_span *spans = xcalloc(total + 1, sizeof(*spans));
	for (size_t j = 0; j < n; j++) {
		if (oa[j] == NULL || others[j] == NULL || oa[j]->n == 0)
			continue;
		for (size_t i = 0; i < others[j]->n_sessions; i++) {
			const struct program_session *s =
				&others[j]->sessions[i];
			if (s->scheduled && agenda_has(oa[j], s->id))
				spans[k++] = (struct agenda_span){
					s->start_utc, program_session_end(s),
					i};
		}
	}
	xqsort(spans, k, sizeof(*spans), agenda_span_cmp);
	*count = k;
	return spans;
}

size_t
agenda_mark_others(const struct agenda *a, const struct program *p,
		   bool *conflict, const struct agenda *const *oa,
		   const struct program *const *others, size_t n)
{
	if (a == NULL || a->n == 0)
		return 0;
	size_t m;
	struct agenda_span *spans = agenda_others_spans(oa, others, n, &m);
	/* latest[i]: the latest end of spans[0..i]. A session overlaps one
	 * of them when one starting before its end ends after its start:
	 * the spans starting before its end are a prefix (a binary
	 * search), and the latest end of that prefix says. */
	int64_t *latest = xcalloc(m + 1, sizeof(*latest));
	for (size_t i = 0; i < m; i++)
		latest[i] = i == 0 || spans[i].end > latest[i - 1]
				    ? spans[i].end : latest[i - 1];
	size_t marked = 0;
	for (size_t idx = 0; m > 0 && idx < p->n_sessions; idx++) {
		const struct program_session *s = &p->sessions[idx];
		if (!s->scheduled || conflict[idx] || !agenda_has(a, s->id))
			continue;
		int64_t start = s->start_utc, end = program_session_end(s);
		size_t lo = 0, hi = m; /* the first span starting at or
					* after end */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (spans[mid].start < end)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* Starting before its end, ending after its start
		 * (agenda_overlap): a zero-length session clashes with one
		 * running at its instant, not one starting then. */
		if (lo > 0 && latest[lo - 1] > start) {
			conflict[idx] = true;
			marked++;
		}
	}
	free(latest);
	free(spans);
	return marked;
}

size_t
agenda_missing(const struct agenda *a, const struct program *p,
	       const char ***ids)
{
	struct strset sessions;
	strset_init(&sessions, p->n_sessions);
	for (size_t i = 0; i < p->n_sessions; i++)
		strset_add(&sessions, p->sessions[i].id);
	size_t n = 0;
	*ids = xcalloc(a->n + 1, sizeof(**ids));
	for (size_t i = 0; i < a->n; i++)
		if (strset_find(&sessions, a->ids[i]) == NULL)
			(*ids)[n++] = a->ids[i];
	strset_finish(&sessions);
	return n;
}
