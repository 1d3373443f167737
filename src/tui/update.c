/* U: updating a followed program without freezing the screen.
 *
 * The update runs in a child process (fork, no exec) rather than a thread:
 * the loader's libraries keep global state that is not thread-safe. The
 * child calls follow_update, writes its progress and then one result
 * record to a pipe, and _exits; it never touches the terminal. The loop
 * polls the pipe between keys; on the result the program is loaded again
 * from the store, the views keep their place, and the changes to starred
 * sessions are shown. Quitting kills the child and reaps it: the store's
 * saves are atomic and locked, so a kill at any moment leaves the old copy
 * or the new one. No SIGCHLD handler is installed (the child is reaped
 * when its pipe ends, or when it is killed), so the browser's own signal
 * handling is as it was. */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sked/bundle.h"
#include "sked/changes.h"
#include "sked/diag.h"
#include "sked/fetch.h"
#include "sked/follow.h"
#include "sked/xalloc.h"
#include "tui.h"

/* What the child may send: progress lines, then one result record of at
 * most this much text (a longer list of changes is cut, and says so). */
enum {
	UPDATE_MAX_TEXT = 4096,
	UPDATE_MAX_CHANGES = 256 * 1024,
	UPDATE_MAX_RECORD = UPDATE_MAX_CHANGES + 2 * UPDATE_MAX_TEXT + 256,
};

struct tui_update {
	pid_t pid;
	int fd;
	size_t program;     /* the index of the program being updated */
	char id[FOLLOW_MAX_ID + 1];
	long long received, total; /* the last progress: bytes; -1 unknown */
	char *buf;          /* what came and is not read yet */
	size_t len;
};

/* ---- the child ---- */

static bool
update_write(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n > 0) {
		ssize_t k = write(fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		s += k;
		n -= (size_t)k;
	}
	return true;
}

struct update_child {
	int fd;
	struct timespec last;
	bool sent;
};

/* Progress, at most ten times a second; a parent gone (the pipe broken)
 * cancels the download. */
static bool
update_child_progress(void *arg, long long received, long long total)
{
	struct update_child *c = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (long long)(now.tv_sec - c->last.tv_sec) * 1000 +
		       (now.tv_nsec - c->last.tv_nsec) / 1000000;
	if (c->sent && ms < 100)
		return true;
	c->last = now;
	c->sent = true;
	char line[64];
	int n = snprintf(line, sizeof(line), "P %lld %lld\n", received, total);
	return update_write(c->fd, line, (size_t)n);
}

static size_t
update_cap(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	return n < max ? n : max;
}

/* The child: never returns, never touches the terminal. */
static void __attribute__((noreturn))
update_child(int fd, const char *id)
{
	tui_detach();
	xalloc_set_fatal_hook(NULL);
	/* The parent's handlers and curses' are not the child's: Ctrl-C is
	 * the browser's to act on (it kills the child when it quits), a
	 * SIGTERM from it ends the child at once, and curses' SIGTSTP and
	 * SIGWINCH handlers would draw. */
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	struct diag_list diags;
	diag_list_init(&diags);
	struct update_child c = {.fd = fd};
	struct follow_options o = {.diags = &diags,
				   .progress = update_child_progress,
				   .progress_arg = &c};
	struct follow_report r;
	follow_update(id, &o, &r);
	/* The changes as `sked changes` prints them (sanitized there). */
	char *text = NULL;
	size_t text_len = 0;
	size_t count = changes_count(&r.changes);
	if (r.outcome == FOLLOW_UPDATED && count > 0 && r.program != NULL) {
		FILE *m = open_memstream(&text, &text_len);
		if (m != NULL) {
			changes_print(m, &r.changes, r.program, "");
			fclose(m);
		}
		if (text_len > UPDATE_MAX_CHANGES) {
			static const char cut[] = "\n(and more: sked changes)\n";
			memcpy(text + UPDATE_MAX_CHANGES - sizeof(cut), cut,
			       sizeof(cut));
			text_len = UPDATE_MAX_CHANGES - 1;
		}
	}
	size_t error_len = update_cap(r.error, UPDATE_MAX_TEXT);
	size_t notice_len = update_cap(r.notice, UPDATE_MAX_TEXT);
	char head[160];
	int n = snprintf(head, sizeof(head), "R %d %zu %lld %zu %zu %zu\n",
			 (int)r.outcome, count, (long long)r.copy_time,
			 error_len, notice_len, text_len);
	if (update_write(fd, head, (size_t)n) &&
	    update_write(fd, r.error ? r.error : "", error_len) &&
	    update_write(fd, r.notice ? r.notice : "", notice_len))
		update_write(fd, text ? text : "", text_len);
	_exit(0);
}

/* ---- the browser's side ---- */

static bool
update_has_prefix(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Followed program k's update error as the browser says it (caller
 * frees): without the program's URL in front (the id says which
 * program): "URL: why" is "why", "URL:8:12: why" "line 8:12: why". */
static char *
update_reason(const struct tui *t, size_t k, const char *error)
{
	const struct follow_entry *e = t->followed[k];
	char *shown = e != NULL ? fetch_redact(e->url) : NULL;
	size_t n = shown != NULL ? strlen(shown) : 0;
	char *why;
	if (n > 0 && strncmp(error, shown, n) == 0 && error[n] == ':') {
		const char *rest = error + n + 1;
		why = rest[0] >= '0' && rest[0] <= '9'
			? xasprintf("line %s", rest)
			: xstrdup(rest + (rest[0] == ' '));
	} else {
		why = xstrdup(error);
	}
	free(shown);
	return why;
}

/* When the copy of program k was last known current, and the last
 * update's error, as the store keeps them (its reason as update_reason
 * says it, made once). */
static void
update_read_state(struct tui *t, size_t k)
{
	const struct follow_entry *e = t->followed[k];
	free(t->update_error[k]);
	t->update_error[k] = NULL;
	t->copy_time[k] = 0;
	if (e == NULL)
		return;
	struct follow_state s;
	follow_state_load(e->id, &s);
	t->copy_time[k] = follow_copy_time(e->id);
	if (s.error != NULL)
		t->update_error[k] = update_reason(t, k, s.error);
	follow_state_free(&s);
}

bool
tui_update_copy_replaced(const struct tui *t, size_t k)
{
	const struct program_source *was = &t->programs[k]->source;
	const char *path = t->programs[k]->path;
	struct stat st;
	return t->followed[k] != NULL && was->known && path != NULL &&
	       stat(path, &st) == 0 &&
	       ((uint64_t)st.st_dev != was->dev ||
		(uint64_t)st.st_ino != was->ino ||
		(uint64_t)st.st_size != was->size ||
		st.st_mtim.tv_sec != was->mtime_sec ||
		st.st_mtim.tv_nsec != was->mtime_nsec);
}

void
tui_update_init(struct tui *t)
{
	size_t n = t->n_programs;
	t->followed = xcalloc(n, sizeof(*t->followed));
	t->bundled = xcalloc(n, sizeof(*t->bundled));
	t->copy_time = xcalloc(n, sizeof(*t->copy_time));
	t->update_error = xcalloc(n, sizeof(*t->update_error));
	char *error;
	if (!follow_list_load(&t->follows, &error)) {
		if (!t->message[0])
			snprintf(t->message, sizeof(t->message), "%s", error);
		free(error);
		t->follows = (struct follow_list){0};
	}
	char *dir = bundle_dir();
	for (size_t k = 0; k < n; k++) {
		const struct program *p = t->programs[k];
		/* Followed: its id is in the list and it was read from the
		 * copy of that id (a FILE of the same id is only a file). */
		const struct follow_entry *e =
			follow_list_find(&t->follows, p->conference.id);
		char *copy = e ? follow_path(FOLLOW_COPY, e->id) : NULL;
		if (copy != NULL && p->path != NULL && strcmp(copy, p->path) == 0)
			t->followed[k] = e;
		free(copy);
		t->bundled[k] = !t->followed[k] && p->path != NULL &&
				update_has_prefix(p->path, dir);
		update_read_state(t, k);
	}
	free(dir);
}

bool
tui_update_running(const struct tui *t)
{
	return t->update != NULL;
}

void
tui_update_start(struct tui *t)
{
	const struct program *p = tui_program(t);
	const struct follow_entry *e = t->followed[t->cur];
	if (t->update != NULL) {
		snprintf(t->message, sizeof(t->message),
			 "An update is running (%s)", t->update->id);
		return;
	}
	if (e == NULL) {
		snprintf(t->message, sizeof(t->message),
			 "%s has no URL to update from: it is %s (sked add "
			 "URL)", p->conference.id,
			 t->bundled[t->cur] ? "bundled" : "a file");
		return;
	}
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(t->message, sizeof(t->message),
			 "Cannot update %s: %s", e->id, strerror(errno));
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		update_child(fds[1], e->id);
	}
	close(fds[1]);
	if (pid < 0) {
		snprintf(t->message, sizeof(t->message),
			 "Cannot update %s: %s", e->id, strerror(errno));
		close(fds[0]);
		return;
	}
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	struct tui_update *u = xcalloc(1, sizeof(*u));
	u->pid = pid;
	u->fd = fds[0];
	u->program = t->cur;
	u->received = 0;
	u->total = -1;
	snprintf(u->id, sizeof(u->id), "%s", e->id);
	t->update = u;
}

/* Ends the update's state; kills the child first when it runs still. */
static void
update_end(struct tui *t, bool kill_it)
{
	struct tui_update *u = t->update;
	if (u == NULL)
		return;
	if (kill_it)
		kill(u->pid, SIGTERM);
	close(u->fd);
	while (waitpid(u->pid, NULL, 0) < 0 && errno == EINTR)
		;
	free(u->buf);
	free(u);
	t->update = NULL;
}

/* "12 kB" */
static void
update_bytes(char *buf, size_t size, long long n)
{
	if (n < 1000)
		snprintf(buf, size, "%lld bytes", n);
	else if (n < 1000 * 1000)
		snprintf(buf, size, "%lld kB", (n + 999) / 1000);
	else
		snprintf(buf, size, "%.1f MB", (double)n / 1e6);
}

void
tui_update_progress(const struct tui *t, char *buf, size_t size)
{
	const struct tui_update *u = t->update;
	buf[0] = '\0';
	if (u == NULL)
		return;
	if (u->received <= 0) {
		snprintf(buf, size, "Updating %s\u2026", u->id);
		return;
	}
	char got[32], all[32];
	update_bytes(got, sizeof(got), u->received);
	update_bytes(all, sizeof(all), u->total);
	snprintf(buf, size, "Updating %s: %s%s%s", u->id, got,
		 u->total > 0 ? " of " : "", u->total > 0 ? all : "");
}

/* "3 h ago" */
static void
update_age(char *buf, size_t size, int64_t then)
{
	int64_t d = (int64_t)time(NULL) - then;
	if (d < 0)
		d = 0;
	if (d < 60)
		snprintf(buf, size, "a moment ago");
	else if (d < 3600)
		snprintf(buf, size, "%lld min ago", (long long)(d / 60));
	else if (d < 2 * 86400)
		snprintf(buf, size, "%lld h ago", (long long)(d / 3600));
	else
		snprintf(buf, size, "%lld days ago", (long long)(d / 86400));
}

void
tui_update_age(const struct tui *t, char *buf, size_t size, int room)
{
	buf[0] = '\0';
	if (t->followed[t->cur] == NULL)
		return;
	char age[32] = "";
	if (t->copy_time[t->cur])
		update_age(age, sizeof(age), t->copy_time[t->cur]);
	const char *error = t->update_error[t->cur];
	/* The reason when there is room (and it fits buf whole: not cut),
	 * else that it failed: the age is dropped before the failure is (a
	 * long title, as the agenda's counts make, leaves little room). */
	if (error != NULL) {
		int n = snprintf(buf, size, "update failed: %s; copy from %s",
				 error, age);
		if (n >= 0 && n <= room && (size_t)n < size)
			return;
		n = snprintf(buf, size, "update failed; copy from %s", age);
		if (n >= 0 && n <= room && (size_t)n < size)
			return;
		snprintf(buf, size, "update failed");
		return;
	}
	snprintf(buf, size, "copy from %s", age);
}

/* Program k loaded again from its copy, in place of the one shown;
 * false (the old one kept) when the copy cannot be loaded. */
static bool
update_reload(struct tui *t, size_t k)
{
	struct diag_list diags;
	enum load_status st;
	diag_list_init(&diags);
	struct program *p = follow_load(t->followed[k], t->build, &diags, &st);
	diag_list_finish(&diags);
	if (p == NULL)
		return false;
	tui_replace_program(t, k, p);
	return true;
}

/* The result record has come: the new version, and what it changed. */
static void
update_result(struct tui *t, int outcome, size_t count, const char *error,
	      const char *notice, const char *text)
{
	struct tui_update *u = t->update;
	size_t k = u->program;
	char tail[UPDATE_MAX_TEXT + 8] = "";
	if (notice[0])
		snprintf(tail, sizeof(tail), " (%s)", notice);
	switch (outcome) {
	case FOLLOW_UNCHANGED:
		tui_say(t, "%s: unchanged%s", u->id, tail);
		break;
	case FOLLOW_UPDATED: {
		if (!update_reload(t, k)) {
			snprintf(t->message, sizeof(t->message),
				 "%s: updated, but its new copy cannot be "
				 "loaded: restart sked", u->id);
			break;
		}
		if (count == 0) {
			tui_say(t, "%s updated: no changes to your starred "
				"sessions%s", u->id, tail);
			break;
		}
		free(t->changes_text);
		t->changes_text = xstrdup(text);
		snprintf(t->changes_id, sizeof(t->changes_id), "%s", u->id);
		/* A prompt being typed in keeps the keys (closed, its
		 * next keys were commands: a star, a view left); the
		 * changes then wait for w. */
		bool typing = t->typing || t->exporting;
		if (!typing)
			tui_push(t, VIEW_CHANGES, 0);
		tui_say(t, "%s updated: %zu change%s to your starred sessions%s%s",
			u->id, count, count == 1 ? "" : "s", tail,
			typing ? " (w shows them)" : "");
		break;
	}
	default: {
		/* The title line says how old the copy kept is; the reason
		 * first (the id says which program; P shows it whole). */
		char *why = update_reason(t, k, error);
		tui_say(t, "%s: update failed, copy kept: %s", u->id, why);
		free(why);
		break;
	}
	}
	/* Nothing new here, but the copy is not the one shown: another
	 * sked (`sked update` from cron) saved a newer one meanwhile, which
	 * the server now calls current. That one is shown. */
	if (outcome != FOLLOW_UPDATED && tui_update_copy_replaced(t, k) &&
	    update_reload(t, k)) {
		size_t n = strlen(t->message);
		snprintf(t->message + n, sizeof(t->message) - n,
			 "; showing another sked's update (see sked changes)");
	}
	update_read_state(t, k);
}

/* Reads a record's header "R OUTCOME COUNT COPY_TIME E N C" and, when all
 * of it has come, acts on it; returns the bytes it took (0: not yet). */
static size_t
update_take_result(struct tui *t, const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	if (nl == NULL)
		return 0;
	int outcome;
	size_t count, el, nl_len, cl;
	long long copy_time;
	if (sscanf(buf, "R %d %zu %lld %zu %zu %zu", &outcome, &count,
		   &copy_time, &el, &nl_len, &cl) != 6 ||
	    el > UPDATE_MAX_TEXT || nl_len > UPDATE_MAX_TEXT ||
	    cl > UPDATE_MAX_CHANGES)
		return (size_t)-1;
	size_t head = (size_t)(nl - buf) + 1;
	if (len - head < el + nl_len + cl)
		return 0;
	char *error = xasprintf("%.*s", (int)el, nl + 1);
	char *notice = xasprintf("%.*s", (int)nl_len, nl + 1 + el);
	char *text = xasprintf("%.*s", (int)cl, nl + 1 + el + nl_len);
	update_result(t, outcome, count, error, notice, text);
	free(error);
	free(notice);
	free(text);
	return head + el + nl_len + cl;
}

void
tui_update_poll(struct tui *t)
{
	struct tui_update *u = t->update;
	if (u == NULL)
		return;
	bool ended = false;
	for (;;) {
		char chunk[4096];
		ssize_t n = read(u->fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break; /* EAGAIN: nothing more for now */
		if (n == 0) {
			ended = true;
			break;
		}
		if (u->len + (size_t)n > UPDATE_MAX_RECORD) {
			ended = true; /* not what the child writes */
			break;
		}
		u->buf = xreallocarray(u->buf, u->len + (size_t)n + 1, 1);
		memcpy(u->buf + u->len, chunk, (size_t)n);
		u->len += (size_t)n;
		u->buf[u->len] = '\0'; /* sscanf reads strings */
	}
	/* Progress lines, then the result. */
	size_t pos = 0;
	while (pos < u->len) {
		const char *s = u->buf + pos;
		size_t left = u->len - pos;
		if (s[0] == 'P') {
			const char *nl = memchr(s, '\n', left);
			if (nl == NULL)
				break;
			long long got, total;
			if (sscanf(s, "P %lld %lld", &got, &total) == 2) {
				u->received = got;
				u->total = total;
			}
			pos += (size_t)(nl - s) + 1;
			continue;
		}
		size_t took = s[0] == 'R' ? update_take_result(t, s, left)
					  : (size_t)-1;
		if (took == 0)
			break;
		if (took == (size_t)-1) {
			ended = true;
			pos = u->len;
			break;
		}
		/* The result is in: the child is at its end. */
		update_end(t, false);
		return;
	}
	if (pos > 0) {
		memmove(u->buf, u->buf + pos, u->len - pos);
		u->len -= pos;
		u->buf[u->len] = '\0';
	}
	if (ended) {
		/* The pipe ended without a result: the child died. */
		snprintf(t->message, sizeof(t->message),
			 "%s: update failed, copy kept: the update ended "
			 "without a result", u->id);
		size_t k = u->program;
		update_end(t, true);
		update_read_state(t, k);
	}
}

void
tui_update_finish(struct tui *t)
{
	update_end(t, true);
	for (size_t k = 0; k < t->n_programs; k++)
		free(t->update_error[k]);
	free(t->update_error);
	free(t->copy_time);
	free(t->bundled);
	free(t->followed);
	follow_list_free(&t->follows);
	free(t->changes_text);
}
