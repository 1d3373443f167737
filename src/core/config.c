/* The config file: a YAML mapping (yamltree.c's tree) checked setting by
 * setting; a bad one is reported and keeps its default. */
#include "sked/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/arena.h"
#include "sked/statefile.h"
#include "sked/tz.h"
#include "sked/xalloc.h"
#include "yamltree.h"

/* A config file is a few lines; anything this big is not one. */
enum { CONFIG_MAX_FILE = 256 * 1024 };

static const char *const theme_names[CONFIG_THEME_COUNT] = {
	"default", "dark", "light", "mono"};
static const char *const element_names[CONFIG_EL_COUNT] = {
	"header", "tab", "heading", "dim", "footer", "selection",
	"highlight", "star", "conflict", "now"};
static const char *const view_names[CONFIG_VIEW_COUNT] = {
	"day", "grid", "now", "agenda", "tracks", "speakers", "rooms",
	"unscheduled"};
static const char *const color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white"};
static const struct {
	const char *name;
	int attr;
} attr_names[] = {
	{"bold", CONFIG_ATTR_BOLD},
	{"underline", CONFIG_ATTR_UNDERLINE},
	{"reverse", CONFIG_ATTR_REVERSE},
	{"dim", CONFIG_ATTR_DIM},
};
/* Named keys, as keymap.c's help names them. */
static const struct {
	int key;
	const char *name;
} key_names[] = {
	{CONFIG_KEY_UP, "Up"},       {CONFIG_KEY_DOWN, "Down"},
	{CONFIG_KEY_LEFT, "Left"},   {CONFIG_KEY_RIGHT, "Right"},
	{CONFIG_KEY_PGUP, "PgUp"},   {CONFIG_KEY_PGDN, "PgDn"},
	{CONFIG_KEY_HOME, "Home"},   {CONFIG_KEY_END, "End"},
	{CONFIG_KEY_INSERT, "Insert"}, {CONFIG_KEY_DELETE, "Delete"},
	{CONFIG_KEY_BTAB, "Shift-Tab"}, {'\n', "Enter"},
	{27, "Esc"},                 {127, "Backspace"},
	{'\t', "Tab"},               {' ', "Space"},
};

const char *
config_theme_name(enum config_theme t)
{
	return (unsigned)t < CONFIG_THEME_COUNT ? theme_names[t] : "?";
}

const char *
config_element_name(enum config_element e)
{
	return (unsigned)e < CONFIG_EL_COUNT ? element_names[e] : "?";
}

const char *
config_view_name(enum config_view v)
{
	return (unsigned)v < CONFIG_VIEW_COUNT ? view_names[v] : "?";
}

const char *
config_key_name(int key, char buf[16])
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].key == key)
			return key_names[i].name;
	if (key >= CONFIG_KEY_F1 && key <= CONFIG_KEY_LAST)
		snprintf(buf, 16, "F%d", key - CONFIG_KEY_F1 + 1);
	else if (key > 0 && key < 32)
		snprintf(buf, 16, "Ctrl-%c", key + 'a' - 1);
	else if (key > 32 && key < 127)
		snprintf(buf, 16, "%c", key);
	else
		snprintf(buf, 16, "?");
	return buf;
}

int
config_key_parse(const char *name)
{
	size_t n = strlen(name);
	/* One character: itself, case and all (j and J differ). */
	if (n == 1 && name[0] > 32 && name[0] < 127)
		return (unsigned char)name[0];
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (strcasecmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	if (strcasecmp(name, "Escape") == 0)
		return 27;
	if (strcasecmp(name, "Return") == 0)
		return '\n';
	if (n == 6 && strncasecmp(name, "Ctrl-", 5) == 0) {
		char c = name[5];
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		return -1;
	}
	if ((n == 2 || n == 3) && (name[0] == 'F' || name[0] == 'f')) {
		char *end;
		long f = strtol(name + 1, &end, 10);
		if (*end == '\0' && name[1] != '0' && f >= 1 && f <= 12)
			return CONFIG_KEY_F1 + (int)f - 1;
	}
	return -1;
}

/* The Ctrl keys a binding cannot have, and why. The browser reads keys in
 * cbreak mode, so the terminal's signal and flow-control characters never
 * reach it; and some Ctrl keys are the very bytes of a named key, so that
 * binding one would take that key over while the help showed otherwise. */
static const struct {
	char c;
	const char *why;
} key_refused[] = {
	{'c', "the terminal keeps it (interrupt: it cancels a prompt, else "
	      "ends sked)"},
	{'z', "the terminal keeps it (suspend)"},
	{'\\', "the terminal keeps it (quit)"},
	{'s', "the terminal keeps it (flow control: it stops the output)"},
	{'q', "the terminal keeps it (flow control: it resumes the output)"},
	{'m', "it is Enter to the terminal: write Enter"},
	{'j', "it is Enter to sked (the terminal's newline): write Enter"},
	{'i', "it is Tab to the terminal: write Tab"},
	{'[', "it is Esc to the terminal: write Esc"},
};

const char *
config_key_refused(const char *name)
{
	if (strlen(name) != 6 || strncasecmp(name, "Ctrl-", 5) != 0)
		return NULL;
	for (size_t i = 0; i < sizeof(key_refused) / sizeof(key_refused[0]);
	     i++)
		if (tolower((unsigned char)name[5]) == key_refused[i].c)
			return key_refused[i].why;
	return NULL;
}

const char *
config_color_name(short color, char buf[8])
{
	if (color == CONFIG_COLOR_DEFAULT)
		return "default";
	if (color >= 0 && color < 16)
		return color_names[color];
	snprintf(buf, 8, "%d", color);
	return buf;
}

/* A colour's name or number; CONFIG_COLOR_UNSET when it is neither. */
static short
color_parse(const char *s)
{
	if (strcasecmp(s, "default") == 0)
		return CONFIG_COLOR_DEFAULT;
	for (short i = 0; i < 16; i++)
		if (strcasecmp(s, color_names[i]) == 0)
			return i;
	if (strcasecmp(s, "grey") == 0 || strcasecmp(s, "gray") == 0)
		return 8;
	if (s[0] >= '0' && s[0] <= '9' && strlen(s) <= 3) {
		char *end;
		long v = strtol(s, &end, 10);
		if (*end == '\0' && v <= 255)
			return (short)v;
	}
	return CONFIG_COLOR_UNSET;
}

/* Appends word to the words in buf, a space between. */
static void
words_add(char *buf, size_t size, const char *word)
{
	size_t o = strlen(buf);
	if (o && o + 1 < size)
		buf[o++] = ' ', buf[o] = '\0';
	size_t n = strlen(word);
	if (n >= size - o)
		n = size - o - 1;
	memcpy(buf + o, word, n);
	buf[o + n] = '\0';
}

void
config_style_format(const struct config_style *s, char *buf, size_t size)
{
	char tmp[8];
	buf[0] = '\0';
	/* The terminal's default is said only where it is needed: "red",
	 * "bold", "default on blue". */
	bool bg = s->bg >= 0;
	if (s->fg >= 0 || bg || (s->fg == CONFIG_COLOR_DEFAULT && !s->attrs))
		words_add(buf, size, config_color_name(
			s->fg == CONFIG_COLOR_UNSET ? CONFIG_COLOR_DEFAULT
						   : s->fg, tmp));
	if (bg) {
		words_add(buf, size, "on");
		words_add(buf, size, config_color_name(s->bg, tmp));
	}
	for (size_t i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
		if (s->attrs & attr_names[i].attr)
			words_add(buf, size, attr_names[i].name);
}

/* "[FG] [on BG] [attribute...]": false, with what is wrong in why, when
 * the text is no style. */
static bool
style_parse(const char *text, struct config_style *out, const char **why)
{
	struct config_style s = {CONFIG_COLOR_UNSET, CONFIG_COLOR_UNSET, 0};
	char *copy = xstrdup(text), *save = NULL;
	bool ok = true, any = false, on = false;
	*why = NULL;
	for (char *w = strtok_r(copy, " \t", &save); w && ok;
	     w = strtok_r(NULL, " \t", &save)) {
		any = true;
		if (on) {
			s.bg = color_parse(w);
			ok = s.bg != CONFIG_COLOR_UNSET;
			if (!ok)
				*why = "a colour after \"on\"";
			on = false;
			continue;
		}
		if (strcasecmp(w, "on") == 0) {
			ok = s.bg == CONFIG_COLOR_UNSET && s.attrs == 0;
			on = true;
			continue;
		}
		bool attr = false;
		for (size_t i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
			if (strcasecmp(w, attr_names[i].name) == 0) {
				s.attrs |= attr_names[i].attr;
				attr = true;
			}
		if (attr || strcasecmp(w, "normal") == 0)
			continue;
		short c = color_parse(w);
		/* The foreground comes first, once. */
		ok = c != CONFIG_COLOR_UNSET && s.fg == CONFIG_COLOR_UNSET &&
		     s.bg == CONFIG_COLOR_UNSET && s.attrs == 0;
		s.fg = c;
	}
	if (on)
		ok = false, *why = "a colour after \"on\"";
	free(copy);
	if (!any)
		ok = false;
	if (ok)
		*out = s;
	return ok;
}

void
config_init(struct config *c)
{
	*c = (struct config){.alarm = -1};
	for (int e = 0; e < CONFIG_EL_COUNT; e++)
		c->colors[e] = (struct config_style){CONFIG_COLOR_UNSET,
						     CONFIG_COLOR_UNSET, 0};
}

void
config_finish(struct config *c)
{
	free(c->path);
	free(c->timezone);
	for (size_t i = 0; i < c->n_keys; i++)
		free(c->keys[i].action);
	free(c->keys);
	config_init(c);
}

char *
config_default_path(void)
{
	return statefile_path(STATEFILE_CONFIG, "config");
}

/* ---- reading ---- */

struct cr {
	struct config *c;
	const char *file;
	const struct yt_tree *tree;
	const char *const *actions;
	size_t n_actions;
	struct diag_list *diags;
	bool ok;
};

__attribute__((format(printf, 3, 4))) static void
cr_error(struct cr *r, const struct yt_node *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(r->diags, DIAG_ERROR, r->file, n ? n->line : 0,
		 n ? n->col : 0, "%s", msg);
	r->ok = false;
}

static const char *
kind_name(const struct yt_node *n)
{
	switch (n->kind) {
	case YT_LIST: return "a list";
	case YT_MAP: return "a mapping";
	}
	return "a value";
}

/* The scalar n's text, or NULL after saying that `what` was expected. */
static const char *
cr_scalar(struct cr *r, const struct yt_node *n, const char *key,
	  const char *what)
{
	if (n->kind == YT_SCALAR)
		return n->str;
	cr_error(r, n, "%s: expected %s, got %s", key, what, kind_name(n));
	return NULL;
}

/* Index of s among names (n of them), or -1 after the error. */
static int
cr_choice(struct cr *r, const struct yt_node *n, const char *key,
	  const char *const *names, int count, const char *what)
{
	const char *s = cr_scalar(r, n, key, what);
	if (s == NULL)
		return -1;
	for (int i = 0; i < count; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	char q[64];
	cr_error(r, n, "%s: expected %s, got %s", key, what,
		 diag_quote(s, q, sizeof(q)));
	return -1;
}

/* "colors:" or "keys:" with nothing after it (as sked config writes them
 * when the file sets none). */
static bool
cr_empty(const struct yt_node *n)
{
	return n->kind == YT_SCALAR && n->plain && n->str[0] == '\0';
}

static void
cr_colors(struct cr *r, const struct yt_node *map)
{
	if (cr_empty(map))
		return;
	if (map->kind != YT_MAP) {
		cr_error(r, map, "colors: expected a mapping of elements to "
			 "colours (star: red), got %s", kind_name(map));
		return;
	}
	bool seen[CONFIG_EL_COUNT + 1] = {false};
	for (const struct yt_node *k = yt_at(r->tree, map->first); k;) {
		const struct yt_node *v = yt_at(r->tree, k->next);
		char q[64];
		int e = -1;
		if (k->kind == YT_SCALAR) {
			for (int i = 0; i < CONFIG_EL_COUNT; i++)
				if (strcmp(k->str, element_names[i]) == 0)
					e = i;
			if (strcmp(k->str, "tracks") == 0)
				e = CONFIG_EL_COUNT;
		}
		if (e < 0) {
			cr_error(r, k, "colors: unknown element %s: expected "
				 "header, tab, heading, dim, footer, "
				 "selection, highlight, star, conflict, now "
				 "or tracks",
				 k->kind == YT_SCALAR
					 ? diag_quote(k->str, q, sizeof(q))
					 : kind_name(k));
		} else if (seen[e]) {
			cr_error(r, k, "colors: %s given twice", k->str);
		} else if (e == CONFIG_EL_COUNT) {
			seen[e] = true;
			/* A list of colours, or one. */
			const struct yt_node *c = v->kind == YT_LIST
				? yt_at(r->tree, v->first) : v;
			short tracks[CONFIG_MAX_TRACKS];
			int n = 0;
			bool ok = v->kind != YT_MAP;
			if (!ok)
				cr_error(r, v, "colors.tracks: expected a list "
					 "of colours, got a mapping");
			for (; ok && c; c = v->kind == YT_LIST
				   ? yt_at(r->tree, c->next) : NULL) {
				short col = c->kind == YT_SCALAR
					? color_parse(c->str) : CONFIG_COLOR_UNSET;
				if (col == CONFIG_COLOR_UNSET) {
					cr_error(r, c, "colors.tracks: expected "
						 "a colour (a name such as red, "
						 "or 0-255), got %s",
						 c->kind == YT_SCALAR
						 ? diag_quote(c->str, q, sizeof(q))
						 : kind_name(c));
					ok = false;
				} else if (n == CONFIG_MAX_TRACKS) {
					cr_error(r, c, "colors.tracks: at most "
						 "%d colours", CONFIG_MAX_TRACKS);
					ok = false;
				} else {
					tracks[n++] = col;
				}
			}
			if (ok) {
				memcpy(r->c->tracks, tracks, sizeof(tracks));
				r->c->n_tracks = n;
				r->c->tracks_line = k->line;
			}
		} else {
			seen[e] = true;
			struct config_style s;
			const char *why;
			if (v->kind != YT_SCALAR)
				cr_error(r, v, "colors.%s: expected a colour, "
					 "got %s", k->str, kind_name(v));
			else if (!style_parse(v->str, &s, &why))
				cr_error(r, v, "colors.%s: expected %s, got %s",
					 k->str, why ? why
					 : "[COLOUR] [on COLOUR] [bold] "
					   "[underline] [reverse] [dim], a "
					   "colour being a name such as red, "
					   "default, or 0-255",
					 diag_quote(v->str, q, sizeof(q)));
			else {
				r->c->colors[e] = s;
				r->c->color_line[e] = v->line;
			}
		}
		k = yt_at(r->tree, v->next);
	}
}

static void
cr_keys(struct cr *r, const struct yt_node *map)
{
	if (cr_empty(map))
		return;
	if (map->kind != YT_MAP) {
		cr_error(r, map, "keys: expected a mapping of actions to keys "
			 "(star: x), got %s", kind_name(map));
		return;
	}
	for (const struct yt_node *k = yt_at(r->tree, map->first); k;) {
		const struct yt_node *v = yt_at(r->tree, k->next);
		char q[64], q2[64];
		size_t a = r->n_actions;
		if (k->kind == YT_SCALAR)
			for (a = 0; a < r->n_actions; a++)
				if (strcmp(k->str, r->actions[a]) == 0)
					break;
		const struct config_binding *twice = NULL;
		for (size_t i = 0; a < r->n_actions && i < r->c->n_keys; i++)
			if (strcmp(r->c->keys[i].action, k->str) == 0)
				twice = &r->c->keys[i];
		if (a == r->n_actions) {
			cr_error(r, k, "keys: unknown action %s: expected an "
				 "action of the browser's (sked(5) lists "
				 "them: down, star, grid...)",
				 k->kind == YT_SCALAR
					 ? diag_quote(k->str, q, sizeof(q))
					 : kind_name(k));
		} else if (twice) {
			cr_error(r, k, "keys: %s given twice (line %u)", k->str,
				 twice->line);
		} else if (v->kind == YT_MAP) {
			cr_error(r, v, "keys.%s: expected a key or a list of "
				 "keys, got a mapping", k->str);
		} else {
			struct config_binding b = {.line = k->line};
			bool ok = true;
			/* A scalar is one key; an empty plain one, none. */
			const struct yt_node *c = v->kind == YT_LIST
				? yt_at(r->tree, v->first)
				: v->plain && v->str[0] == '\0' ? NULL : v;
			for (; ok && c; c = v->kind == YT_LIST
				   ? yt_at(r->tree, c->next) : NULL) {
				int key = c->kind == YT_SCALAR
					? config_key_parse(c->str) : -1;
				const char *why = c->kind == YT_SCALAR
					? config_key_refused(c->str) : NULL;
				if (why) {
					/* c->str is Ctrl- and a character of
					 * the table's: plain ASCII. */
					cr_error(r, c, "keys.%s: %s: %s; expected "
						 "a key that reaches sked as "
						 "itself", k->str, c->str, why);
					ok = false;
					break;
				}
				if (key < 0) {
					cr_error(r, c, "keys.%s: expected a key "
						 "(a character, Ctrl-x, Enter, "
						 "Esc, Tab, Space, Up, PgDn, "
						 "F1...), got %s", k->str,
						 c->kind == YT_SCALAR
						 ? diag_quote(c->str, q2, sizeof(q2))
						 : kind_name(c));
					ok = false;
					break;
				}
				/* Bound twice: here, or to another action. */
				const char *other = NULL;
				for (int j = 0; j < b.n; j++)
					if (b.keys[j] == key)
						other = k->str;
				for (size_t i = 0; !other && i < r->c->n_keys; i++)
					for (int j = 0; j < r->c->keys[i].n; j++)
						if (r->c->keys[i].keys[j] == key)
							other = r->c->keys[i].action;
				if (other) {
					char kb[16];
					cr_error(r, c, "keys.%s: %s is bound "
						 "already, to %s: expected a "
						 "key bound once", k->str,
						 config_key_name(key, kb), other);
					ok = false;
				} else if (b.n == CONFIG_MAX_KEYS) {
					cr_error(r, c, "keys.%s: at most %d "
						 "keys", k->str, CONFIG_MAX_KEYS);
					ok = false;
				} else {
					b.keys[b.n++] = key;
				}
			}
			if (ok) {
				b.action = xstrdup(k->str);
				r->c->keys = xreallocarray(r->c->keys,
							   r->c->n_keys + 1,
							   sizeof(*r->c->keys));
				r->c->keys[r->c->n_keys++] = b;
			}
		}
		k = yt_at(r->tree, v->next);
	}
}

static void
cr_setting(struct cr *r, const struct yt_node *k, const struct yt_node *v)
{
	struct config *c = r->c;
	const char *key = k->str;
	char q[64];
	if (strcmp(key, "theme") == 0) {
		int i = cr_choice(r, v, key, theme_names, CONFIG_THEME_COUNT,
				  "default, dark, light or mono");
		if (i >= 0) {
			c->theme = (enum config_theme)i;
			c->theme_line = v->line;
		}
	} else if (strcmp(key, "view") == 0) {
		int i = cr_choice(r, v, key, view_names, CONFIG_VIEW_COUNT,
				  "day, grid, now, agenda, tracks, speakers, "
				  "rooms or unscheduled");
		if (i >= 0) {
			c->view = (enum config_view)i;
			c->view_line = v->line;
		}
	} else if (strcmp(key, "timezone") == 0) {
		static const char what[] =
			"conference, local or an IANA zone name "
			"(Europe/Berlin)";
		const char *s = cr_scalar(r, v, key, what);
		if (s == NULL)
			return;
		if (strcmp(s, "conference") != 0 && strcmp(s, "local") != 0 &&
		    tz_find(s) == NULL) {
			cr_error(r, v, "%s: expected %s, got %s", key, what,
				 diag_quote(s, q, sizeof(q)));
			return;
		}
		free(c->timezone);
		c->timezone = xstrdup(s);
		c->timezone_line = v->line;
	} else if (strcmp(key, "alarm") == 0) {
		const char *s = cr_scalar(r, v, key, "minutes (0-10080) or none");
		if (s == NULL)
			return;
		long m = -1;
		char *end = NULL;
		if (strcmp(s, "none") != 0) {
			errno = 0;
			m = strtol(s, &end, 10);
			if (s[0] < '0' || s[0] > '9' || *end || errno ||
			    m > CONFIG_ALARM_MAX) {
				cr_error(r, v, "%s: expected minutes from 0 to "
					 "%d, or none, got %s", key,
					 CONFIG_ALARM_MAX,
					 diag_quote(s, q, sizeof(q)));
				return;
			}
		}
		c->alarm = (int)m;
		c->alarm_line = v->line;
	} else if (strcmp(key, "colors") == 0 || strcmp(key, "colours") == 0) {
		cr_colors(r, v);
	} else if (strcmp(key, "keys") == 0) {
		cr_keys(r, v);
	} else {
		cr_error(r, k, "unknown setting %s: expected theme, colors, "
			 "timezone, alarm, view or keys",
			 diag_quote(key, q, sizeof(q)));
	}
}

bool
config_parse(struct config *c, const char *file, const char *text,
	     size_t len, const char *const *actions, size_t n_actions,
	     struct diag_list *diags)
{
	/* Blank lines and comments alone: nothing set (yt_parse would call
	 * the file empty, as a program file is wrong to be). */
	bool blank = true;
	for (size_t i = 0, line_start = 1; i < len && blank; i++) {
		char ch = text[i];
		if (ch == '\n')
			line_start = 1;
		else if (line_start && ch == '#')
			line_start = 2; /* a comment to the line's end */
		else if (line_start != 2 && ch != ' ' && ch != '\t' &&
			 ch != '\r')
			blank = false;
	}
	if (blank)
		return true;
	struct arena *strings = arena_create();
	struct yt_tree *tree = yt_parse(file, "a config file", text, len,
					strings, diags);
	struct cr r = {.c = c, .file = file, .tree = tree, .actions = actions,
		       .n_actions = n_actions, .diags = diags, .ok = tree != NULL};
	const struct yt_node *root = tree ? yt_root(tree) : NULL;
	/* An empty file (or only comments) sets nothing. */
	if (root && !(root->kind == YT_SCALAR && root->plain &&
		      root->str[0] == '\0')) {
		if (root->kind != YT_MAP) {
			cr_error(&r, root, "expected a mapping of settings "
				 "(theme: light), got %s", kind_name(root));
		} else {
			static const char *const order[] = {
				"theme", "colors", "timezone", "alarm", "view",
				"keys"};
			unsigned seen[sizeof(order) / sizeof(order[0])] = {0};
			for (const struct yt_node *k = yt_at(tree, root->first);
			     k;) {
				const struct yt_node *v = yt_at(tree, k->next);
				if (k->kind != YT_SCALAR) {
					cr_error(&r, k, "expected a setting's "
						 "name, got %s", kind_name(k));
					k = yt_at(tree, v->next);
					continue;
				}
				size_t i = 0;
				const char *name = strcmp(k->str, "colours")
					? k->str : "colors";
				while (i < sizeof(order) / sizeof(order[0]) &&
				       strcmp(order[i], name) != 0)
					i++;
				if (i < sizeof(order) / sizeof(order[0]) &&
				    seen[i])
					cr_error(&r, k, "%s given twice (line "
						 "%u): expected each setting "
						 "once", k->str, seen[i]);
				else {
					if (i < sizeof(order) / sizeof(order[0]))
						seen[i] = k->line;
					cr_setting(&r, k, v);
				}
				k = yt_at(tree, v->next);
			}
		}
	}
	yt_free(tree);
	arena_destroy(strings);
	return r.ok;
}

bool
config_load(struct config *c, const char *path, const char *const *actions,
	    size_t n_actions, struct diag_list *diags)
{
	free(c->path);
	c->path = path ? xstrdup(path) : NULL;
	if (path == NULL)
		return true;
	size_t len;
	char *text = statefile_read(path, CONFIG_MAX_FILE, &len);
	if (text == NULL) {
		if (errno == ENOENT)
			return true;
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot read: %s%s",
			 strerror(errno), errno == EFBIG ? " (a config file is "
			 "a few lines)" : "");
		return false;
	}
	c->found = true;
	bool ok = config_parse(c, path, text, len, actions, n_actions, diags);
	free(text);
	return ok;
}
