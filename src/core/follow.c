/* follow: the list of followed programs, their files, their cache state,
 * and loading their copies. Downloading and saving: follow_store.c. */
#include "sked/follow.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "follow_int.h"
#include "sked/agenda.h"
#include "sked/arena.h"
#include "sked/snapshot.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

static const char follow_list_head[] = "# sked programs 1\n";
static const char follow_state_head[] = "# sked fetch 1\n";

/* The list and a cache state are a few lines each: a file much larger is
 * not one of ours, and is not read whole. */
enum { FOLLOW_MAX_LIST = 4 * 1024 * 1024, FOLLOW_MAX_STATE = 64 * 1024 };

bool
follow_id_ok(const char *s)
{
	/* Not starting with '-': an id is given as an argument, where
	 * "--help" would be an option. */
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");
	return n > 0 && n <= FOLLOW_MAX_ID && s[n] == '\0' && s[0] != '-';
}

char *
follow_list_path(void)
{
	return statefile_path(STATEFILE_CONFIG, "programs");
}

char *
follow_path(enum follow_file which, const char *id)
{
	/* Never a name from anything but a checked id. */
	if (!follow_id_ok(id))
		return NULL;
	char *name = which == FOLLOW_STATE ? xasprintf("%s.fetch", id)
		   : which == FOLLOW_PREVIOUS ? xasprintf("programs/%s.previous", id)
					      : xasprintf("programs/%s", id);
	char *path = statefile_path(which == FOLLOW_STATE ? STATEFILE_CACHE
							  : STATEFILE_DATA,
				    name);
	free(name);
	return path;
}

void
follow_list_free(struct follow_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].url);
		free(l->v[i].timezone);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const struct follow_entry *
follow_list_find(const struct follow_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return &l->v[i];
	return NULL;
}

/* The next line of text (NUL-terminated in place); NULL at the end. */
static char *
follow_next_line(char **cursor)
{
	char *s = *cursor;
	if (s == NULL || *s == '\0')
		return NULL;
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		*cursor = s + strlen(s);
	}
	return s;
}

bool
follow_list_load(struct follow_list *l, char **error)
{
	l->v = NULL;
	l->n = 0;
	*error = NULL;
	char *path = follow_list_path();
	if (path == NULL) {
		*error = xstrdup("no home directory (set HOME or XDG_CONFIG_HOME)");
		return false;
	}
	size_t len;
	char *text = statefile_read(path, FOLLOW_MAX_LIST, &len);
	if (text == NULL) {
		bool none = errno == ENOENT;
		if (!none)
			*error = xasprintf("cannot read %s: %s", path,
					   strerror(errno));
		free(path);
		return none;
	}
	size_t hl = sizeof(follow_list_head) - 1;
	if (len < hl || memcmp(text, follow_list_head, hl) != 0 ||
	    memchr(text, '\0', len) != NULL) {
		*error = xasprintf("%s:1:1: not a list of sked programs "
				   "(expected \"# sked programs 1\")", path);
		free(text);
		free(path);
		return false;
	}
	char *cursor = text + hl;
	unsigned lineno = 1;
	size_t cap = 0;
	for (char *line; (line = follow_next_line(&cursor)) != NULL;) {
		lineno++;
		if (*line == '\0' || *line == '#')
			continue;
		char *save, *id = strtok_r(line, " ", &save);
		char *url = strtok_r(NULL, " ", &save);
		char *zone = strtok_r(NULL, " ", &save);
		char *more = strtok_r(NULL, " ", &save);
		if (id == NULL || !follow_id_ok(id) || url == NULL ||
		    !fetch_url_ok(url) || more != NULL ||
		    follow_list_find(l, id) != NULL) {
			*error = xasprintf("%s:%u:1: expected \"ID URL [ZONE]\" "
					   "with a new id of [a-z0-9-] and an "
					   "http or https URL", path, lineno);
		} else if (zone != NULL && !tz_name_exists(zone)) {
			/* Else every load of the program would fail, saying
			 * less about where the zone came from. Not tz_find:
			 * reading the list must not load libical, which a
			 * warm load of any program does without. */
			char *shown = text_sanitize(zone, strlen(zone), 0);
			*error = xasprintf("%s:%u:%zu: %.80s is not a time zone "
					   "sked knows (expected an IANA name "
					   "such as Europe/Berlin)", path,
					   lineno, (size_t)(zone - line) + 1,
					   shown);
			free(shown);
		}
		if (*error != NULL) {
			follow_list_free(l);
			free(text);
			free(path);
			return false;
		}
		if (l->n == cap) {
			cap = cap ? 2 * cap : 8;
			l->v = xreallocarray(l->v, cap, sizeof(*l->v));
		}
		l->v[l->n++] = (struct follow_entry){
			xstrdup(id), xstrdup(url), zone ? xstrdup(zone) : NULL};
	}
	free(text);
	free(path);
	return true;
}

/* Writes the list (mode 0600: it holds credentials). */
bool
follow_list_save(const struct follow_list *l, char **error)
{
	char *path = follow_list_path();
	if (path == NULL) {
		*error = xstrdup("no home directory (set HOME or XDG_CONFIG_HOME)");
		return false;
	}
	size_t cap = sizeof(follow_list_head), n = 0;
	for (size_t i = 0; i < l->n; i++)
		cap += strlen(l->v[i].id) + strlen(l->v[i].url) + 3 +
		       (l->v[i].timezone ? strlen(l->v[i].timezone) : 0);
	char *text = xmalloc(cap + 1);
	n += (size_t)sprintf(text, "%s", follow_list_head);
	for (size_t i = 0; i < l->n; i++)
		n += (size_t)sprintf(text + n, "%s %s%s%s\n", l->v[i].id,
				     l->v[i].url, l->v[i].timezone ? " " : "",
				     l->v[i].timezone ? l->v[i].timezone : "");
	bool ok = statefile_write(path, text, n, true, error);
	free(text);
	free(path);
	return ok;
}

void
follow_state_free(struct follow_state *s)
{
	fetch_validators_free(&s->validators);
	free(s->error);
	free(s->url);
	memset(s, 0, sizeof(*s));
}

void
follow_state_load(const char *id, struct follow_state *s)
{
	memset(s, 0, sizeof(*s));
	char *path = follow_path(FOLLOW_STATE, id);
	char *text = path ? statefile_read(path, FOLLOW_MAX_STATE, NULL) : NULL;
	free(path);
	size_t hl = sizeof(follow_state_head) - 1;
	/* A cache: what is not as written is ignored, never trusted. */
	if (text == NULL || strncmp(text, follow_state_head, hl) != 0) {
		free(text);
		return;
	}
	char *cursor = text + hl;
	for (char *line; (line = follow_next_line(&cursor)) != NULL;) {
		char *sp = strchr(line, ' ');
		if (sp == NULL)
			continue;
		*sp = '\0';
		const char *v = sp + 1;
		char **field = strcmp(line, "etag") == 0 ? &s->validators.etag
			: strcmp(line, "last-modified") == 0
				? &s->validators.last_modified
			: strcmp(line, "error") == 0 ? &s->error
			: strcmp(line, "url") == 0 ? &s->url : NULL;
		if (field != NULL) {
			free(*field);
			*field = xstrdup(v);
		} else if (strcmp(line, "attempted") == 0) {
			s->attempted = strtoll(v, NULL, 10);
		} else if (strcmp(line, "succeeded") == 0) {
			s->succeeded = strtoll(v, NULL, 10);
		}
	}
	free(text);
}

/* One line "key value" of a state, when the value fits on a line. */
static size_t
follow_state_line(char *out, const char *key, const char *value)
{
	if (value == NULL || strpbrk(value, "\r\n") != NULL)
		return 0;
	return (size_t)sprintf(out, "%s %s\n", key, value);
}

/* Writes the state of id; false with *error. */
bool
follow_state_save(const char *id, const struct follow_state *s, char **error)
{
	char *path = follow_path(FOLLOW_STATE, id);
	if (path == NULL) {
		*error = xstrdup("no home directory (set HOME or XDG_CACHE_HOME)");
		return false;
	}
	const char *etag = s->validators.etag, *lm = s->validators.last_modified;
	size_t cap = sizeof(follow_state_head) + 80 +
		     (etag ? strlen(etag) + 8 : 0) + (lm ? strlen(lm) + 16 : 0) +
		     (s->error ? strlen(s->error) + 8 : 0) +
		     (s->url ? strlen(s->url) + 8 : 0);
	char *text = xmalloc(cap);
	size_t n = (size_t)sprintf(text, "%s", follow_state_head);
	n += follow_state_line(text + n, "etag", etag);
	n += follow_state_line(text + n, "last-modified", lm);
	n += follow_state_line(text + n, "url", s->url);
	n += (size_t)sprintf(text + n, "attempted %lld\nsucceeded %lld\n",
			     (long long)s->attempted, (long long)s->succeeded);
	n += follow_state_line(text + n, "error", s->error);
	bool ok = statefile_write(path, text, n, true, error);
	free(text);
	free(path);
	return ok;
}

int64_t
follow_copy_time(const char *id)
{
	char *path = follow_path(FOLLOW_COPY, id);
	struct stat st;
	bool there = path != NULL && stat(path, &st) == 0;
	free(path);
	if (!there)
		return 0;
	struct follow_state s;
	follow_state_load(id, &s);
	int64_t t = s.succeeded ? s.succeeded : (int64_t)st.st_mtime;
	follow_state_free(&s);
	return t;
}

/* Makes a followed program's conference id its id. */
void
follow_set_id(struct program *p, const char *id)
{
	if (strcmp(p->conference.id, id) != 0)
		p->conference.id = arena_strndup(p->arena, id, strlen(id));
}

char *
follow_key(const char *body, size_t len)
{
	return xasprintf("%016llx-%zu",
			 (unsigned long long)snapshot_hash(body, len, 0), len);
}

/* The key of the copy of id (arg) as it is now; NULL when there is
 * none, or with *error when one is there that cannot be read. */
static char *
follow_copy_key(void *arg, char **error)
{
	char *copy = follow_path(FOLLOW_COPY, arg);
	struct stat st;
	bool there = copy != NULL && stat(copy, &st) == 0;
	int e = there ? 0 : errno;
	/* Only a file is read: a FIFO would wait for a writer. */
	size_t len;
	char *body = there && S_ISREG(st.st_mode)
		? statefile_read(copy, LOAD_MAX_FILE, &len) : NULL;
	if (there && S_ISREG(st.st_mode) && body == NULL)
		e = errno;
	else if (there && body == NULL)
		e = -1; /* there, not a file */
	char *key = body ? follow_key(body, len) : NULL;
	/* Absent (or removed meanwhile): none. */
	if (copy != NULL && key == NULL && e != ENOENT)
		*error = xasprintf("cannot read %s: %s", copy,
				   e < 0 ? "not a file" : strerror(e));
	free(body);
	free(copy);
	return key;
}

/* How star moves wait for the agenda's lock (follow_set_moves_wait). */
static struct statefile_wait *follow_wait;

struct statefile_wait *
follow_set_moves_wait(struct statefile_wait *wait)
{
	struct statefile_wait *before = follow_wait;
	follow_wait = wait;
	return before;
}

struct statefile_wait *
follow_moves_wait(void)
{
	if (follow_wait != NULL)
		follow_wait->gave_up = false; /* a wait of its own */
	return follow_wait;
}

bool
follow_finish_moves(const char *id, bool final, char **notice, char **error)
{
	size_t moved;
	enum agenda_moves m = agenda_moves_finish(id, follow_copy_key,
						  (void *)id, final, &moved,
						  follow_moves_wait(), notice,
						  error);
	if (m != AGENDA_MOVES_FAILED)
		return true;
	char *s = xasprintf("the stars of %s have not all followed its last "
			    "update to the new ids yet: %s", id, *error);
	free(*error);
	*error = s;
	return false;
}

static struct program *
follow_load_file(const struct follow_entry *e, enum follow_file which,
		 const struct build_options *o, struct diag_list *diags,
		 enum load_status *status)
{
	char *path = follow_path(which, e->id);
	if (path == NULL) {
		*status = LOAD_UNREADABLE;
		diag_add(diags, DIAG_ERROR, e->id, 0, 0, "no home directory "
			 "(set HOME or XDG_DATA_HOME)");
		return NULL;
	}
	struct build_options b = o ? *o : (struct build_options){0};
	if (e->timezone)
		b.timezone = e->timezone;
	struct program *p = load_file_with(path, &b, diags, status);
	if (p)
		follow_set_id(p, e->id);
	free(path);
	return p;
}

struct program *
follow_load(const struct follow_entry *e, const struct build_options *o,
	    struct diag_list *diags, enum load_status *status)
{
	/* Before anything reads the stars: a sked killed between saving a
	 * copy and moving its stars left them on the old ids. Said as
	 * errors, which every command shows (a feed's warnings are said
	 * once, when it is added), though the copy loads. */
	char *notice, *error;
	follow_finish_moves(e->id, false, &notice, &error);
	if (notice)
		diag_add(diags, DIAG_ERROR, e->id, 0, 0, "%s", notice);
	if (error)
		diag_add(diags, DIAG_ERROR, e->id, 0, 0, "%s", error);
	free(notice);
	free(error);
	return follow_load_file(e, FOLLOW_COPY, o, diags, status);
}

struct program *
follow_load_previous(const struct follow_entry *e, struct diag_list *diags,
		     enum load_status *status)
{
	char *path = follow_path(FOLLOW_PREVIOUS, e->id);
	struct stat st;
	bool there = path != NULL && stat(path, &st) == 0;
	free(path);
	if (!there) {
		*status = LOAD_UNREADABLE;
		return NULL;
	}
	return follow_load_file(e, FOLLOW_PREVIOUS, NULL, diags, status);
}
