#include "sked/viewstate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sked/buf.h"
#include "sked/statefile.h"
#include "sked/xalloc.h"

/* A view file is a few lines a user picked; anything this big is not one. */
enum { VIEWSTATE_MAX_FILE = 1024 * 1024, VIEWSTATE_MAX_VALUE = 4096 };

static const char viewstate_magic[] = "# sked view 1 ";

/* The sets by the names the file gives them, in the order it lists them. */
static struct viewstate_set *
viewstate_sets(struct viewstate *vs, size_t i, const char **name)
{
	static const char *const names[] = {"hidden-room", "track", "room",
					    "language", "type"};
	struct viewstate_set *sets[] = {&vs->hidden_rooms, &vs->tracks,
					&vs->rooms, &vs->languages, &vs->types};
	if (i >= sizeof(names) / sizeof(names[0]))
		return NULL;
	*name = names[i];
	return sets[i];
}

void
viewstate_clear(struct viewstate_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

void
viewstate_free(struct viewstate *vs)
{
	const char *name;
	struct viewstate_set *s;
	for (size_t i = 0; (s = viewstate_sets(vs, i, &name)) != NULL; i++)
		viewstate_clear(s);
}

bool
viewstate_has(const struct viewstate_set *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], id) == 0)
			return true;
	return false;
}

static void
viewstate_add(struct viewstate_set *s, const char *id)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = xstrdup(id);
}

bool
viewstate_toggle(struct viewstate_set *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], id) == 0) {
			free(s->v[i]);
			memmove(s->v + i, s->v + i + 1,
				(s->n - i - 1) * sizeof(*s->v));
			s->n--;
			return false;
		}
	viewstate_add(s, id);
	return true;
}

bool
viewstate_filtering(const struct viewstate *vs)
{
	return vs->tracks.n || vs->rooms.n || vs->languages.n || vs->types.n;
}

/* Whether a byte is written %XX: what would split or end a line, or make
 * a value look like another (a space, controls, DEL), and '%' itself. */
static bool
viewstate_escaped(unsigned char c)
{
	return c <= ' ' || c == 0x7f || c == '%';
}

static int
viewstate_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes a value in place; false when it is not one written by
 * viewstate_save (a bad escape, a byte that should have been escaped, a
 * NUL, nothing). */
static bool
viewstate_decode(char *s)
{
	char *o = s, *start = s;
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s == '%') {
			int hi = viewstate_hex(s[1]);
			int lo = hi < 0 ? -1 : viewstate_hex(s[2]);
			if (lo < 0 || (hi == 0 && lo == 0))
				return false;
			*o++ = (char)(hi * 16 + lo);
			s += 2;
		} else if (viewstate_escaped((unsigned char)*s)) {
			return false;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return o - start < VIEWSTATE_MAX_VALUE;
}

/* A conference id that can name a file in sked's directory. */
static bool
viewstate_valid_conference(const char *id)
{
	return id[0] != '\0' && id[0] != '.' && strchr(id, '/') == NULL &&
	       strlen(id) < 256;
}

static char *
viewstate_path(const char *conference, char **error)
{
	if (!viewstate_valid_conference(conference)) {
		*error = xasprintf("no view file for a conference id such as "
				   "'%.64s'", conference);
		return NULL;
	}
	char *name = xasprintf("%s.view", conference);
	char *path = statefile_path(STATEFILE_STATE, name);
	free(name);
	return path;
}

/* Parses the file's text (NUL-terminated, modified) into vs (empty);
 * false when it is not a view file of that conference. */
static bool
viewstate_parse(const char *conference, struct viewstate *vs, char *text,
		size_t len)
{
	if (memchr(text, '\0', len) != NULL)
		return false;
	char *line = text, *next = strchr(line, '\n');
	size_t magic = strlen(viewstate_magic);
	if (next == NULL)
		return false;
	*next = '\0';
	if (strncmp(line, viewstate_magic, magic) != 0 ||
	    strcmp(line + magic, conference) != 0)
		return false;
	for (line = next + 1; *line; line = next + 1) {
		next = strchr(line, '\n');
		if (next == NULL)
			return false; /* a complete file ends with a newline */
		*next = '\0';
		char *value = strchr(line, ' ');
		if (value == NULL)
			return false;
		*value++ = '\0';
		const char *name;
		struct viewstate_set *s = NULL;
		for (size_t i = 0; (s = viewstate_sets(vs, i, &name)) != NULL; i++)
			if (strcmp(name, line) == 0)
				break;
		if (s == NULL || !viewstate_decode(value))
			return false;
		if (!viewstate_has(s, value))
			viewstate_add(s, value);
	}
	return true;
}

bool
viewstate_load(const char *conference, struct viewstate *vs, char **notice,
	       char **error)
{
	*vs = (struct viewstate){0};
	*notice = *error = NULL;
	char *path = viewstate_path(conference, error);
	if (path == NULL)
		return *error == NULL; /* no HOME: nothing remembered */
	size_t len;
	char *text = statefile_read(path, VIEWSTATE_MAX_FILE, &len);
	if (text == NULL && errno == ENOENT) {
		free(path);
		return true; /* nothing remembered yet */
	}
	if (text == NULL && errno != EFBIG) {
		*error = xasprintf("cannot read the view file %s: %s", path,
				   strerror(errno));
		free(path);
		return false;
	}
	bool ok = text != NULL && viewstate_parse(conference, vs, text, len);
	free(text);
	if (ok) {
		free(path);
		return true;
	}
	/* Not a view file: set aside for the user to look at, never lost
	 * under the next save. */
	viewstate_free(vs);
	char *aside;
	if (statefile_set_aside(path, &aside)) {
		*notice = xasprintf("the view file %s was not readable as one "
				    "and was set aside as %s", path, aside);
		free(aside);
	} else {
		*error = xasprintf("the view file %s is corrupt and could not "
				   "be set aside: %s", path, strerror(errno));
	}
	free(path);
	return *error == NULL;
}

bool
viewstate_save(const char *conference, const struct viewstate *vs,
	       char **error)
{
	*error = NULL;
	char *path = viewstate_path(conference, error);
	if (path == NULL) {
		if (*error == NULL)
			*error = xstrdup("no place to keep the view: set HOME "
					 "or XDG_STATE_HOME");
		return false;
	}
	struct buf b = {0};
	buf_puts(&b, viewstate_magic);
	buf_puts(&b, conference);
	buf_put(&b, "\n", 1);
	const char *name;
	struct viewstate_set *s;
	for (size_t i = 0;
	     (s = viewstate_sets((struct viewstate *)vs, i, &name)) != NULL; i++)
		for (size_t k = 0; k < s->n; k++) {
			buf_puts(&b, name);
			buf_put(&b, " ", 1);
			for (const char *c = s->v[k]; *c; c++) {
				char esc[4];
				if (viewstate_escaped((unsigned char)*c)) {
					snprintf(esc, sizeof(esc), "%%%02X",
						 (unsigned)(unsigned char)*c);
					buf_put(&b, esc, 3);
				} else {
					buf_put(&b, c, 1);
				}
			}
			buf_put(&b, "\n", 1);
		}
	bool ok = statefile_write(path, b.v, b.n, true, error);
	free(b.v);
	free(path);
	return ok;
}
