/* A session's links: opened with o in the user's web browser, and drawn
 * as OSC 8 hyperlinks where the terminal shows them.
 *
 * A URL never goes through a shell: $BROWSER (or xdg-open) is started
 * with posix_spawnp, the URL its one argument, whatever it holds. Only
 * http, https and mailto URLs are opened or linked (uri_scheme_allowed;
 * the loaders drop the others already, this is the last gate), and the
 * bytes written into an OSC 8 sequence are a URI's characters only, so
 * no ESC or control byte can reach the terminal through a URL. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sked/text.h"
#include "sked/uri.h"
#include "sked/xalloc.h"
#include "tui.h"

extern char **environ;

size_t
links_of(const struct program *p, const struct program_session *s,
	 struct tui_link *out, size_t max)
{
	(void)p;
	size_t n = 0;
	if (s->url && n < max)
		out[n++] = (struct tui_link){"URL", s->url};
	for (size_t i = 0; i < s->links.n && n < max; i++)
		out[n++] = (struct tui_link){
			s->links.v[i].title ? s->links.v[i].title : "Link",
			s->links.v[i].url};
	if (s->feedback_url && n < max)
		out[n++] = (struct tui_link){"Feedback", s->feedback_url};
	const struct program_people *lists[] = {&s->speakers, &s->authors};
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->n && n < max; i++)
			if (lists[l]->v[i].url)
				out[n++] = (struct tui_link){lists[l]->v[i].name,
							     lists[l]->v[i].url};
	return n;
}

void
view_build_links(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	struct tui_link links[64];
	size_t n = links_of(p, &p->sessions[v->arg], links, 64);
	for (size_t i = 0; i < n; i++) {
		/* Labels and URLs come from the file: the drawing sanitizes. */
		view_addf(v, ROW_CHOICE, TEXT_ATTR_PLAIN, "%s: %s",
			  links[i].label, links[i].url);
		v->rows[v->n_rows - 1].index = i;
	}
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	view_addf(v, ROW_TEXT, TEXT_ATTR_DIM,
		  "Enter opens the link in $BROWSER (else xdg-open); h goes "
		  "back.");
}

/* The program that opens URLs: the first of $BROWSER's commands (a
 * colon-separated list, by convention), else xdg-open. */
static char *
links_browser(void)
{
	const char *b = getenv("BROWSER");
	if (b == NULL || *b == '\0')
		return xstrdup("xdg-open");
	size_t n = strcspn(b, ":");
	return n ? xasprintf("%.*s", (int)n, b) : xstrdup("xdg-open");
}

void
links_open(struct tui *t, const char *url)
{
	size_t at;
	char why[96];
	if (!uri_scheme_allowed(url) || !uri_check(url, &at, why, sizeof(why))) {
		snprintf(t->message, sizeof(t->message),
			 "Not opened: sked opens only http, https and mailto "
			 "URLs");
		return;
	}
	links_reap(t, false);
	char *browser = links_browser();
	/* The browser must not draw over the screen nor read keys: its
	 * standard streams go to /dev/null. */
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	for (int fd = 0; fd < 3; fd++)
		posix_spawn_file_actions_addopen(&fa, fd, "/dev/null",
						 fd ? O_WRONLY : O_RDONLY, 0);
	char *argv[] = {browser, (char *)url, NULL};
	pid_t pid;
	int err = posix_spawnp(&pid, browser, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err != 0) {
		tui_say(t, "Could not start %s: %s (set $BROWSER)", browser,
			strerror(err));
	} else {
		t->openers = xreallocarray(t->openers, t->n_openers + 1,
					   sizeof(*t->openers));
		t->openers[t->n_openers++] = pid;
		tui_say(t, "Opening %s", url);
	}
	free(browser);
}

void
links_reap(struct tui *t, bool all)
{
	size_t kept = 0;
	for (size_t i = 0; i < t->n_openers; i++) {
		/* Only the openers started here: never another child (U's). */
		pid_t r = waitpid(t->openers[i], NULL, WNOHANG);
		if (r == 0 && !all)
			t->openers[kept++] = t->openers[i];
	}
	t->n_openers = kept;
	if (all) {
		free(t->openers);
		t->openers = NULL;
	}
}

void
tui_open_link(struct tui *t)
{
	struct view *v = tui_view(t);
	const struct program *p = tui_program(t);
	size_t s;
	if (v->kind == VIEW_DETAIL)
		s = v->arg;
	else if (v->n_rows && v->rows[v->sel].kind == ROW_SESSION &&
		 v->rows[v->sel].prog == 0)
		s = v->rows[v->sel].index;
	else {
		snprintf(t->message, sizeof(t->message),
			 "Links: open a session first (Enter)");
		return;
	}
	struct tui_link links[64];
	size_t n = links_of(p, &p->sessions[s], links, 64);
	if (n == 0)
		snprintf(t->message, sizeof(t->message),
			 "This session has no links");
	else if (n == 1)
		links_open(t, links[0].url);
	else
		tui_push(t, VIEW_LINKS, s);
}

/* Whether the version "3.4", "3.3a", "next-3.5" is at least 3.4. */
static bool
links_tmux_has_hyperlinks(const char *version)
{
	if (version == NULL)
		return false;
	version += strspn(version, "abcdefghijklmnopqrstuvwxyz-");
	int major = 0, minor = 0;
	if (sscanf(version, "%d.%d", &major, &minor) < 1)
		return false;
	return major > 3 || (major == 3 && minor >= 4);
}

/* tmux 3.3 (Debian 12's) drops OSC 8 (an unknown OSC to it) and keeps
 * the text; 3.4 passes it on to terminals that have the feature. Other
 * multiplexers and the Linux console may show the bytes: no links there.
 * VTE (GNOME Terminal...) has them since 0.50; iTerm2, WezTerm, kitty,
 * foot, Ghostty, VS Code and Windows Terminal too. SKED_HYPERLINKS=1 or
 * 0 decides instead. */
bool
links_hyperlinks_supported(void)
{
	const char *force = getenv("SKED_HYPERLINKS");
	if (force && *force)
		return strcmp(force, "0") != 0;
	const char *term = getenv("TERM");
	const char *program = getenv("TERM_PROGRAM");
	if (getenv("TMUX") || (program && strcmp(program, "tmux") == 0))
		return links_tmux_has_hyperlinks(getenv("TERM_PROGRAM_VERSION"));
	if (getenv("STY") || (term && strncmp(term, "screen", 6) == 0) ||
	    (term && strcmp(term, "linux") == 0))
		return false;
	const char *vte = getenv("VTE_VERSION");
	if (vte && atoi(vte) >= 5000)
		return true;
	if (getenv("WT_SESSION") || getenv("KITTY_WINDOW_ID"))
		return true;
	static const char *const programs[] = {"iTerm.app", "WezTerm", "vscode",
					       "ghostty"};
	for (size_t i = 0; program && i < sizeof(programs) / sizeof(programs[0]); i++)
		if (strcmp(program, programs[i]) == 0)
			return true;
	static const char *const terms[] = {"xterm-kitty", "foot", "wezterm",
					    "xterm-ghostty"};
	for (size_t i = 0; term && i < sizeof(terms) / sizeof(terms[0]); i++)
		if (strncmp(term, terms[i], strlen(terms[i])) == 0)
			return true;
	return false;
}

void
links_osc8_open(const char *url, char *buf, size_t size)
{
	buf[0] = '\0';
	if (url == NULL || !uri_scheme_allowed(url))
		return;
	/* uri_encode leaves only a URI's characters: no ESC, BEL, control
	 * or space can end the sequence early or reach the terminal. */
	char *safe = uri_encode(url);
	if (strlen(safe) + 8 < size)
		snprintf(buf, size, "\033]8;;%s\033\\", safe);
	free(safe);
}

/* Writes the part of row r from byte a to b (a link's text) at its place
 * on screen line y again, inside an OSC 8 hyperlink to url. */
static void
links_put(struct tui *t, const struct row *r, int y, size_t a, size_t b,
	  const char *url)
{
	size_t cap = 16 + 3 * strlen(url);
	char *open = xmalloc(cap);
	links_osc8_open(url, open, cap);
	if (open[0] == '\0') {
		free(open);
		return;
	}
	int x = 1 + r->indent + text_width(r->text, a);
	int room = t->cols - 1 - x;
	char *clean = text_sanitize(r->text + a, b - a, 0);
	int cols;
	size_t fit = text_fit(clean, strlen(clean), room, &cols);
	/* Written past curses: only what an ASCII terminal shows as it is
	 * (cells.c drew the rest as its stand-ins). */
	if (cells_ascii_only() && text_ascii_prefix(clean, fit) < fit) {
		free(clean);
		free(open);
		return;
	}
	/* Save the cursor and its attributes, draw underlined, restore:
	 * curses' idea of the screen stays true but for the link. */
	printf("\0337\033[%d;%dH%s\033[4m%.*s\033[24m\033]8;;\033\\\0338", y + 1,
	       x + 1, open, (int)fit, clean);
	free(clean);
	free(open);
}

void
links_draw_hyperlinks(struct tui *t)
{
	struct view *v = tui_view(t);
	if (!t->hyperlinks || v->kind != VIEW_DETAIL)
		return;
	const struct program *p = tui_program(t);
	struct tui_link links[64];
	size_t n = links_of(p, &p->sessions[v->arg], links, 64);
	/* Not on the rows a long message covers. */
	int body = draw_body_lines(t) - t->above;
	bool wrote = false;
	for (int k = 0; k < body && v->top + (size_t)k < v->n_rows; k++) {
		const struct row *r = &v->rows[v->top + (size_t)k];
		if (r->kind != ROW_TEXT || r->line == NULL)
			continue;
		size_t start = (size_t)(r->text - r->line), end = start + r->len;
		for (size_t i = 0; i < n; i++) {
			/* Where the URL is in the text the row is a line of
			 * (the URL may be wrapped over rows). */
			const char *at = strstr(r->line, links[i].url);
			if (at == NULL)
				continue;
			size_t a = (size_t)(at - r->line);
			size_t b = a + strlen(links[i].url);
			if (b <= start || a >= end)
				continue;
			a = a > start ? a : start;
			b = b < end ? b : end;
			links_put(t, r, 2 + k, a - start, b - start, links[i].url);
			wrote = true;
			break;
		}
	}
	if (wrote)
		fflush(stdout);
}
