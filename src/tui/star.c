/* Stars and the export prompt: the agendas loaded per program, whether a
 * session is starred, in conflict or shown, s toggling a star (waiting a
 * while for the agenda's lock), and E writing the agenda to a path typed.
 * Out of tui.c (past 800 lines), which keeps the loop and the keys. */
#include <curses.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sked/agenda.h"
#include "sked/config.h"
#include "sked/export.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

bool
tui_starred(const struct tui *t, size_t i)
{
	return t->starred[t->cur] != NULL && t->starred[t->cur][i];
}

bool
tui_shown_in(const struct tui *t, size_t k, size_t i)
{
	/* Computed when the filters change (filter.c), so that this costs
	 * the views a load per session; NULL: no filter in force. */
	return t->shown == NULL || t->shown[k] == NULL || t->shown[k][i];
}

bool
tui_shown(const struct tui *t, size_t i)
{
	return tui_shown_in(t, t->cur, i);
}

bool
tui_conflict(const struct tui *t, size_t i)
{
	return t->conflict[t->cur] != NULL && t->conflict[t->cur][i];
}

void
tui_agendas_mark(struct tui *t)
{
	for (size_t k = 0; k < t->n_programs; k++) {
		free(t->starred[k]);
		free(t->conflict[k]);
		t->starred[k] = t->conflict[k] = NULL;
		t->conflicts[k] = 0;
		if (t->agendas[k] != NULL)
			t->conflicts[k] = agenda_mark(t->agendas[k],
						      t->programs[k],
						      &t->starred[k],
						      &t->conflict[k]);
	}
	if (t->n_programs < 2)
		return;
	/* The others of each: every program but k. */
	const struct agenda **oa = xcalloc(t->n_programs, sizeof(*oa));
	const struct program **op = xcalloc(t->n_programs, sizeof(*op));
	for (size_t k = 0; k < t->n_programs; k++) {
		if (t->agendas[k] == NULL)
			continue;
		for (size_t j = 0; j < t->n_programs; j++) {
			oa[j] = j == k ? NULL : t->agendas[j];
			op[j] = j == k ? NULL : t->programs[j];
		}
		t->conflicts[k] += agenda_mark_others(
			t->agendas[k], t->programs[k], t->conflict[k], oa, op,
			t->n_programs);
	}
	free(oa);
	free(op);
}

/* Whether a and b star the same ids (in any order). */
static bool
tui_agendas_same(const struct agenda *a, const struct agenda *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < b->n; i++)
		if (!agenda_has(a, b->ids[i]))
			return false;
	return true;
}

bool
tui_agendas_reread(struct tui *t)
{
	bool changed = false;
	for (size_t k = 0; k < t->n_programs; k++) {
		char *notice = NULL, *error = NULL;
		struct agenda *a = agenda_load(t->programs[k]->conference.id,
					       &notice, &error);
		const char *msg = error ? error : notice;
		if (msg)
			snprintf(t->message, sizeof(t->message), "%s", msg);
		free(notice);
		free(error);
		/* One that cannot be read now keeps what was read before. */
		if (a == NULL || (t->agendas[k] != NULL &&
				  tui_agendas_same(t->agendas[k], a))) {
			agenda_destroy(a);
			continue;
		}
		agenda_destroy(t->agendas[k]);
		t->agendas[k] = a;
		changed = true;
	}
	if (changed) {
		tui_agendas_mark(t);
		tui_rebuild_all(t);
	}
	return changed;
}

size_t
tui_clashes(struct tui *t, const struct program_session *s,
	    void (*each)(struct tui *t, size_t k, size_t j, void *arg),
	    void *arg)
{
	if (!s->scheduled)
		return 0;
	size_t n = 0;
	for (size_t k = 0; k < t->n_programs; k++) {
		const struct program *p = t->programs[k];
		if (t->starred[k] == NULL)
			continue;
		for (size_t x = 0; x < p->n_scheduled; x++) {
			size_t j = p->order[x];
			const struct program_session *o = &p->sessions[j];
			if (o == s || !t->starred[k][j] ||
			    !agenda_overlap(s, o))
				continue;
			if (each)
				each(t, k, j, arg);
			n++;
		}
	}
	return n;
}

void
tui_agendas_load(struct tui *t)
{
	t->agendas = xcalloc(t->n_programs, sizeof(*t->agendas));
	t->starred = xcalloc(t->n_programs, sizeof(*t->starred));
	t->conflict = xcalloc(t->n_programs, sizeof(*t->conflict));
	t->conflicts = xcalloc(t->n_programs, sizeof(*t->conflicts));
	for (size_t k = 0; k < t->n_programs; k++) {
		char *notice, *error;
		t->agendas[k] = agenda_load(t->programs[k]->conference.id,
					    &notice, &error);
		const char *msg = error ? error : notice;
		if (msg)
			tui_startup_notice(t, msg, true);
		free(notice);
		free(error);
		if (t->agendas[k] != NULL) {
			const char **missing;
			size_t m = agenda_missing(t->agendas[k], t->programs[k],
						  &missing);
			if (m) {
				char *s = xasprintf(
					"%zu starred session%s no longer in %s "
					"(kept in your agenda)",
					m, m == 1 ? " is" : "s are",
					t->programs[k]->conference.id);
				tui_startup_notice(t, s, true);
				free(s);
			}
			free(missing);
		}
	}
	tui_agendas_mark(t);
}

bool
tui_selected_at(const struct tui *t, size_t *k, size_t *i)
{
	const struct view *v = &t->stack[t->depth - 1];
	*k = t->cur;
	if (v->kind == VIEW_DETAIL) {
		*i = v->arg;
		return true;
	}
	if (v->n_rows == 0 || v->rows[v->sel].kind != ROW_SESSION ||
	    !view_selectable(&v->rows[v->sel]))
		return false;
	if (v->rows[v->sel].prog)
		*k = v->rows[v->sel].prog - 1;
	*i = v->rows[v->sel].index;
	return true;
}

const char *
tui_selected_gone(const struct tui *t)
{
	const struct view *v = &t->stack[t->depth - 1];
	return v->kind == VIEW_AGENDA && v->n_rows &&
		       v->rows[v->sel].kind == ROW_GONE
		       ? v->rows[v->sel].line : NULL;
}

/* The session a key acts on: the detail's, or the selected row's. */
const struct program_session *
tui_selected_session(struct tui *t)
{
	size_t k, i;
	return tui_selected_at(t, &k, &i) ? &t->programs[k]->sessions[i] : NULL;
}

/* How long a star waits for the agenda lock another sked holds (it holds
 * it for a save, milliseconds) before giving up and saying so. */
enum { TUI_LOCK_WAIT_MS = 3000 };

/* Goes on waiting for the agenda lock until a signal (Ctrl-C gives up the
 * wait; SIGTERM and SIGHUP end sked) or TUI_LOCK_WAIT_MS. */
bool
tui_lock_wait(void *arg, long holder, unsigned waited_ms)
{
	(void)arg;
	(void)holder;
	return !tui_signal && waited_ms < TUI_LOCK_WAIT_MS;
}

static void tui_star_in(struct tui *t, const struct program_session *s);
static bool tui_agenda_set(struct tui *t, const char *id, bool star,
			   char **notice);

/* The clash tui_star_message names: the first by time, of any program. */
struct tui_first_clash {
	const struct program_session *o;
	size_t k;
};

static void
tui_first_clash(struct tui *t, size_t k, size_t j, void *arg)
{
	struct tui_first_clash *f = arg;
	const struct program_session *o = &t->programs[k]->sessions[j];
	if (f->o == NULL || o->start_utc < f->o->start_utc ||
	    (o->start_utc == f->o->start_utc && k == t->cur && f->k != k)) {
		f->o = o;
		f->k = k;
	}
}

/* What starring s did to the agenda: whether it clashes, and with what
 * (the first starred session it overlaps, by time, of this program or
 * another one open, and how many). */
static void
tui_star_message(struct tui *t, const struct program_session *s)
{
	struct tui_first_clash f = {NULL, 0};
	size_t n = tui_clashes(t, s, tui_first_clash, &f);
	const struct program_session *first = f.o;
	if (n == 0) {
		snprintf(t->message, sizeof(t->message), "Starred%s",
			 s->scheduled ? ": no clash in your agenda"
				      : " (unscheduled)");
		return;
	}
	/* The title cut short of the message's end, between characters. */
	size_t tl = strlen(first->title);
	int len = (int)(tl > 140 ? text_char_before(first->title, 141) : tl);
	/* Another program's session says which program. */
	char other[PROGRAM_MAX_ID + 4] = "";
	if (f.k != t->cur)
		snprintf(other, sizeof(other), " (%s)",
			 t->programs[f.k]->conference.id);
	if (n == 1)
		snprintf(t->message, sizeof(t->message),
			 "Starred: it clashes with %.*s%s (a: agenda)", len,
			 first->title, other);
	else
		snprintf(t->message, sizeof(t->message),
			 "Starred: it clashes with %.*s%s and %zu more (a: "
			 "agenda)", len, first->title, other, n - 1);
}

/* A search result of another program is starred in its own agenda. */
void
tui_star(struct tui *t)
{
	/* A star whose session the program no longer has: unstarred. */
	const char *gone = tui_selected_gone(t);
	if (gone != NULL) {
		char *notice;
		if (tui_agenda_set(t, gone, false, &notice))
			snprintf(t->message, sizeof(t->message), "%s",
				 notice ? notice : "Unstarred");
		free(notice);
		view_build(t, tui_view(t), t->cols);
		return;
	}
	const struct program_session *s = tui_selected_session(t);
	if (s == NULL)
		return;
	struct view *v = tui_view(t);
	size_t cur = t->cur;
	if (v->kind != VIEW_DETAIL && v->rows[v->sel].prog)
		t->cur = v->rows[v->sel].prog - 1;
	tui_star_in(t, s);
	t->cur = cur;
	/* The agenda, the results and the detail show stars. */
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].kind == VIEW_AGENDA ||
		    t->stack[i].kind == VIEW_DETAIL ||
		    t->stack[i].kind == VIEW_RESULTS)
			view_build(t, &t->stack[i], t->cols);
}

/* Stars or unstars id in the current program's agenda, in the file as it
 * is now (another sked may have saved stars since, and they show from
 * here on); false with the reason in t->message, else *notice (caller
 * frees) what the agenda said, or NULL. */
static bool
tui_agenda_set(struct tui *t, const char *id, bool star, char **notice)
{
	struct agenda *a = t->agendas[t->cur];
	*notice = NULL;
	if (a == NULL) {
		snprintf(t->message, sizeof(t->message),
			 "The agenda file could not be read: not changing it");
		return false;
	}
	char *error;
	struct statefile_wait wait = {.go_on = tui_lock_wait};
	bool ok = agenda_update(a, &id, 1, star, tui_program(t), NULL, &wait,
				 notice, &error);
	tui_agendas_mark(t);
	if (!ok && wait.gave_up) {
		/* Ctrl-C gave up this wait only, as it leaves a prompt. */
		if (tui_signal == SIGINT)
			tui_signal = 0;
		snprintf(t->message, sizeof(t->message), "Not %s: %s",
			 star ? "starred" : "unstarred", error);
		free(error);
	} else if (!ok) {
		snprintf(t->message, sizeof(t->message), "%s", error);
		free(error);
	}
	return ok;
}

static void
tui_star_in(struct tui *t, const struct program_session *s)
{
	/* Another sked's update replaced the copy since it was loaded: its
	 * stars may have moved to ids this one does not know (an unstar
	 * by the id shown would change nothing, and be undone on the next
	 * reload). The new copy first. */
	if (tui_update_copy_replaced(t, t->cur)) {
		snprintf(t->message, sizeof(t->message),
			 "Another sked updated %s since it was loaded: U loads "
			 "it, then star", tui_program(t)->conference.id);
		return;
	}
	/* Toggle what the screen shows. */
	struct agenda *a = t->agendas[t->cur];
	bool star = a == NULL || !agenda_has(a, s->id);
	char *notice;
	if (!tui_agenda_set(t, s->id, star, &notice))
		return;
	if (notice)
		snprintf(t->message, sizeof(t->message), "%s", notice);
	else if (star)
		tui_star_message(t, s);
	else
		snprintf(t->message, sizeof(t->message), "Unstarred");
	free(notice);
}

void
tui_export_open(struct tui *t)
{
	const struct program *p = tui_program(t);
	/* Nothing to write is not written: an empty calendar would replace
	 * the one exported before (the wrong program shown). */
	size_t n = 0;
	for (size_t k = 0; k < p->n_sessions; k++)
		n += tui_starred(t, k) && p->sessions[k].scheduled;
	if (n == 0) {
		snprintf(t->message, sizeof(t->message), "%s",
			 "Nothing to export: no scheduled session starred "
			 "here (s stars one)");
		return;
	}
	const char *home = getenv("HOME");
	if (t->export_last[0] != '\0' &&
	    strcmp(t->export_last_id, p->conference.id) == 0)
		snprintf(t->export_path, sizeof(t->export_path), "%s",
			 t->export_last);
	else
		snprintf(t->export_path, sizeof(t->export_path),
			 "%s/sked-%s.ics", home && *home ? home : ".",
			 p->conference.id);
	t->export_len = t->export_pos = strlen(t->export_path);
	t->export_scroll = 0;
	t->export_error[0] = '\0';
	t->exporting = true;
}

/* The path typed, as a shell would read it: "~" and "~/..." in the home
 * directory ($HOME, else the password database's), "~user/..." in that
 * user's. NULL, with the reason in *error, for an unknown user. The
 * caller frees both. */
static char *
tui_expand_path(const char *path, char **error)
{
	*error = NULL;
	if (path[0] != '~')
		return xstrdup(path);
	const char *rest = strchr(path, '/');
	size_t name_len = rest ? (size_t)(rest - path - 1) : strlen(path + 1);
	if (rest == NULL)
		rest = "";
	const char *home = NULL;
	struct passwd *pw = NULL;
	if (name_len == 0) {
		home = getenv("HOME");
		if (home == NULL || *home == '\0') {
			pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
	} else {
		char *name = xasprintf("%.*s", (int)name_len, path + 1);
		pw = getpwnam(name);
		home = pw ? pw->pw_dir : NULL;
		if (home == NULL)
			*error = xasprintf("no user '%.64s' for %.64s",
					   name, path);
		free(name);
	}
	if (home == NULL) {
		if (*error == NULL)
			*error = xasprintf("no home directory "
					   "for %.64s", path);
		return NULL;
	}
	/* "/" as home and a "/..." rest: no doubled slash. */
	size_t hl = strlen(home);
	if (hl > 0 && home[hl - 1] == '/' && rest[0] == '/')
		hl--;
	return xasprintf("%.*s%s", (int)hl, home, rest);
}

/* error's reason for the prompt's line: without the path typed in front
 * of it ("cannot write P: No such file or directory") when it names that
 * path (not when path is NULL, nor when it names the file a link leads
 * to: then whole). Cut after the path, not at a colon: a reason may name
 * a directory holding ": ". */
static void
tui_export_failed(struct tui *t, const char *error, const char *path)
{
	const char *why = error;
	const char *at = path != NULL ? strstr(error, path) : NULL;
	if (at != NULL && strncmp(at + strlen(path), ": ", 2) == 0)
		why = at + strlen(path) + 2;
	int n = snprintf(t->export_error, sizeof(t->export_error), "%s", why);
	tui_cut(t->export_error, sizeof(t->export_error), n);
}

/* Why the browser does not write to path, a device; NULL when it may
 * (not a device, or /dev/null). A terminal (the browser's own screen:
 * /dev/tty, /dev/stdout, its /dev/pts/N; or another) has the calendar
 * drawn over the browser or into someone's terminal; another device may
 * block a write for good (/dev/ptmx: a pseudo-terminal nobody reads,
 * which Ctrl-C cannot end), or act on being opened (a tape rewinds).
 * `sked export` writes to any of them on purpose. Told by stat, without
 * opening it. */
static const char *
tui_export_device(const char *path)
{
	struct stat st, null;
	if (stat(path, &st) != 0)
		return NULL;
	if (S_ISFIFO(st.st_mode))
		return "it is a FIFO (sked export writes to one): opening it "
		       "waits for a reader";
	if (S_ISBLK(st.st_mode))
		return "it is a device (sked export writes to one)";
	if (!S_ISCHR(st.st_mode))
		return NULL;
	if (stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
	    null.st_rdev == st.st_rdev)
		return NULL;
	static const char terminal[] =
		"it is a terminal (sked export writes to one)";
	for (int fd = 0; fd <= 2; fd++) {
		struct stat own;
		if (isatty(fd) && fstat(fd, &own) == 0 && S_ISCHR(own.st_mode) &&
		    own.st_rdev == st.st_rdev)
			return terminal;
	}
	/* /dev/tty (the controlling terminal), another pseudo-terminal, a
	 * console: by the name the links lead to. */
	char *real = realpath(path, NULL);
	bool tty = real != NULL && (strncmp(real, "/dev/pts/", 9) == 0 ||
				    strncmp(real, "/dev/tty", 8) == 0 ||
				    strcmp(real, "/dev/console") == 0);
	free(real);
	return tty ? terminal : "it is a device (sked export writes to one)";
}

/* Why the browser does not replace path, a regular file; NULL when it
 * may. Not a program it shows (the file the export would replace, as
 * `sked export` refuses it too), nor a file that is not a calendar (a
 * path mistyped or completed to a schedule, notes...: `sked export -o`
 * replaces what it is told to; the browser's typed path is not that
 * sure). An empty file or a calendar (an earlier export) is replaced. */
static const char *
tui_export_keeps(const struct tui *t, const char *path, char *why,
		 size_t size)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	const struct program *in = program_read_from(
		(const struct program *const *)t->programs, t->n_programs, path);
	if (in != NULL) {
		snprintf(why, size, "that is the program %s's file (it would be "
			 "replaced)", in->conference.id);
		return why;
	}
	/* One in sked's own directories is the export's to refuse, saying
	 * so (outfile.h). */
	char *real = realpath(path, NULL);
	bool hard;
	char *own = real ? statefile_own_dir(real, &st, &hard) : NULL;
	free(real);
	if (own != NULL) {
		free(own);
		return NULL;
	}
	char head[32] = "";
	FILE *fp = fopen(path, "rb");
	size_t n = fp ? fread(head, 1, sizeof(head) - 1, fp) : 0;
	if (fp)
		fclose(fp);
	head[n] = '\0';
	const char *h = strncmp(head, "\xEF\xBB\xBF", 3) == 0 ? head + 3 : head;
	if (st.st_size == 0 || strncmp(h, "BEGIN:VCALENDAR", 15) == 0)
		return NULL;
	if (n == 0) {
		/* Not read: what it is is not known. */
		snprintf(why, size, "it cannot be read: not replaced");
		return why;
	}
	snprintf(why, size, "it is not a calendar: not replaced (another "
		 "name, or remove it first)");
	return why;
}

/* Writes the current program's agenda to the path typed; false, with
 * t->export_error, when nothing was written. */
static bool
tui_export(struct tui *t)
{
	char *error;
	char *path = tui_expand_path(t->export_path, &error);
	if (path == NULL) {
		tui_export_failed(t, error, NULL);
		free(error);
		return false;
	}
	char why[128];
	const char *refused = tui_export_device(path);
	if (refused == NULL)
		refused = tui_export_keeps(t, path, why, sizeof(why));
	if (refused != NULL) {
		snprintf(t->export_error, sizeof(t->export_error), "%s", refused);
		free(path);
		return false;
	}
	const struct program *p = tui_program(t);
	struct export_item *items = xcalloc(p->n_sessions + 1, sizeof(*items));
	size_t n = 0;
	for (size_t k = 0; k < p->n_sessions; k++)
		if (tui_starred(t, p->order[k]))
			items[n++] = (struct export_item){p, &p->sessions[p->order[k]]};
	char *name = xasprintf("%s (my agenda)", p->conference.title);
	/* The config's reminder, as sked export's. */
	struct export_options o = {.alarm = t->config ? t->config->alarm : -1,
				   .dtstamp = (int64_t)time(NULL),
				   .name = name};
	size_t exported, skipped;
	bool ok = export_file(path, items, n, &o, &exported, &skipped, &error);
	if (ok) {
		snprintf(t->export_last, sizeof(t->export_last), "%s",
			 t->export_path);
		snprintf(t->export_last_id, sizeof(t->export_last_id), "%s",
			 p->conference.id);
		tui_say(t, "Exported %zu session%s to %s%s", exported,
			exported == 1 ? "" : "s", path,
			skipped ? " (unscheduled skipped)" : "");
	} else {
		tui_export_failed(t, error, path);
		free(error);
	}
	free(name);
	free(items);
	free(path);
	return ok;
}

void
tui_export_key(struct tui *t, int key)
{
	if (key == 27) {
		tui_prompt_cancel(t);
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		/* Nothing written: the prompt stays, with why, for the path
		 * to be mended (closed, the path typed again ran as keys). */
		t->export_error[0] = '\0';
		t->exporting = t->export_len > 0 && !tui_export(t);
	} else {
		tui_edit(t->export_path, &t->export_len, &t->export_pos,
			 sizeof(t->export_path),
			 key);
	}
}
