/* Unit tests of the followed programs' store, with a scripted download in
 * place of the network: add, conditional updates, a body the same as the
 * copy, a changed version and the stars, failures that keep the copy,
 * kills between the steps of a save, remove, and the list's rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sked/agenda.h"
#include "sked/follow.h"
#include "sked/statefile.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

static char dir[64];
static char *v1, *v2;
static size_t v1_len, v2_len;

/* The next response of the fake server, and what the last request sent. */
static struct {
	enum fetch_status status;
	const char *body;
	size_t len;
	const char *etag, *last_modified;
	const char *error;
	int requests;
	char *sent_etag, *sent_last_modified, *url;
} srv;

static enum fetch_status
fake_fetch(const char *url, const struct fetch_options *o,
	   struct fetch_result *r)
{
	memset(r, 0, sizeof(*r));
	srv.requests++;
	free(srv.sent_etag);
	free(srv.sent_last_modified);
	free(srv.url);
	srv.url = xstrdup(url);
	srv.sent_etag = o->validators && o->validators->etag
		? xstrdup(o->validators->etag) : NULL;
	srv.sent_last_modified = o->validators && o->validators->last_modified
		? xstrdup(o->validators->last_modified) : NULL;
	r->status = srv.status;
	if (srv.status == FETCH_OK) {
		r->body = xstrndup(srv.body, srv.len);
		r->len = srv.len;
		r->http_code = 200;
		r->validators.etag = srv.etag ? xstrdup(srv.etag) : NULL;
		r->validators.last_modified = srv.last_modified
			? xstrdup(srv.last_modified) : NULL;
	} else if (srv.status == FETCH_NOT_MODIFIED) {
		r->http_code = 304;
		r->validators.etag = srv.etag ? xstrdup(srv.etag) : NULL;
		r->validators.last_modified = srv.last_modified
			? xstrdup(srv.last_modified) : NULL;
	} else {
		r->error = xstrdup(srv.error);
	}
	return r->status;
}

static void
serve(enum fetch_status st, const char *body, const char *etag,
      const char *lm)
{
	srv.status = st;
	srv.body = body;
	srv.len = body ? strlen(body) : 0;
	srv.etag = etag;
	srv.last_modified = lm;
	srv.error = "HTTP 500 Internal Server Error from http://h.example/s";
}

static char *
read_all(const char *path, size_t *len)
{
	char *s = statefile_read(path, 1 << 20, len);
	assert_non_null(s);
	return s;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sked-follow-test-%d", (int)getpid());
	char buf[128];
	snprintf(buf, sizeof(buf), "%s/data", dir);
	setenv("XDG_DATA_HOME", buf, 1);
	snprintf(buf, sizeof(buf), "%s/config", dir);
	setenv("XDG_CONFIG_HOME", buf, 1);
	snprintf(buf, sizeof(buf), "%s/cache", dir);
	setenv("XDG_CACHE_HOME", buf, 1);
	v1 = read_all(SKED_SOURCE_ROOT "/tests/data/follow/v1.yaml", &v1_len);
	v2 = read_all(SKED_SOURCE_ROOT "/tests/data/follow/v2.yaml", &v2_len);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(v1);
	free(v2);
	free(srv.sent_etag);
	free(srv.sent_last_modified);
	free(srv.url);
	tz_cleanup();
	return 0;
}

/* Each test starts with nothing followed. */
static int
clean(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
file_of(enum follow_file which, const char *id, size_t *len)
{
	char *path = follow_path(which, id);
	assert_non_null(path);
	char *s = statefile_read(path, 1 << 20, len);
	free(path);
	return s;
}

static enum follow_outcome
add(const char *url, const char *id, struct follow_report *r)
{
	struct diag_list d;
	diag_list_init(&d);
	struct follow_options o = {.fetch = fake_fetch, .diags = &d};
	enum follow_outcome out = follow_add(url, id, &o, r);
	diag_list_finish(&d);
	return out;
}

static enum follow_outcome
update(const char *id, struct follow_report *r)
{
	struct diag_list d;
	diag_list_init(&d);
	struct follow_options o = {.fetch = fake_fetch, .diags = &d};
	enum follow_outcome out = follow_update(id, &o, r);
	diag_list_finish(&d);
	return out;
}

static void
assert_copy(const char *want, size_t len)
{
	size_t n;
	char *s = file_of(FOLLOW_COPY, "followconf", &n);
	assert_non_null(s);
	assert_int_equal(n, len);
	assert_memory_equal(s, want, len);
	free(s);
}

static void
test_add_stores_copy_list_and_validators(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, "\"e1\"", NULL);
	assert_int_equal(add("https://u:secret@h.example/s.yaml", NULL, &r),
			 FOLLOW_UPDATED);
	assert_string_equal(r.id, "followconf");
	assert_non_null(r.program);
	assert_int_equal(r.program->n_sessions, 5);
	follow_report_free(&r);
	assert_copy(v1, v1_len);
	/* The list holds the URL as given, in a file only the user reads. */
	struct follow_list l;
	char *error;
	assert_true(follow_list_load(&l, &error));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].url, "https://u:secret@h.example/s.yaml");
	follow_list_free(&l);
	char *list = follow_list_path();
	struct stat st;
	assert_int_equal(stat(list, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	free(list);
	/* The cache holds no credentials. */
	char *cache = file_of(FOLLOW_STATE, "followconf", NULL);
	assert_non_null(cache);
	assert_non_null(strstr(cache, "etag \"e1\""));
	assert_null(strstr(cache, "secret"));
	free(cache);
	/* No .previous for a first copy. */
	assert_null(file_of(FOLLOW_PREVIOUS, "followconf", NULL));
}

static void
test_add_refuses_taken_ids(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, NULL, NULL);
	const char *reserved[] = {"lpc2023"};
	struct diag_list d;
	diag_list_init(&d);
	struct follow_options o = {.fetch = fake_fetch, .diags = &d,
				   .reserved = reserved, .n_reserved = 1};
	assert_int_equal(follow_add("https://h.example/a", "lpc2023", &o, &r),
			 FOLLOW_REFUSED);
	assert_non_null(strstr(r.error, "bundled"));
	follow_report_free(&r);
	assert_int_equal(add("https://h.example/a", "Bad/Id", &r),
			 FOLLOW_REFUSED);
	follow_report_free(&r);
	assert_int_equal(add("file:///etc/passwd", NULL, &r), FOLLOW_REFUSED);
	follow_report_free(&r);
	assert_int_equal(add("https://h.example/a", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	/* Its id from another URL: refused, naming the URL without its
	 * credentials. */
	assert_int_equal(add("https://u:pw@h.example/b", "followconf", &r),
			 FOLLOW_REFUSED);
	assert_non_null(strstr(r.error, "already followed"));
	follow_report_free(&r);
	/* The same URL again: an update. */
	int before = srv.requests;
	assert_int_equal(add("https://h.example/a", NULL, &r), FOLLOW_UNCHANGED);
	assert_int_equal(srv.requests, before + 1);
	follow_report_free(&r);
	/* --name makes the program's conference id its own. */
	assert_int_equal(add("https://h.example/c", "other", &r), FOLLOW_UPDATED);
	assert_string_equal(r.program->conference.id, "other");
	follow_report_free(&r);
	diag_list_finish(&d);
}

static void
test_conditional_update(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, "\"e1\"", "Mon, 04 Mar 2024 08:00:00 GMT");
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	serve(FETCH_NOT_MODIFIED, NULL, NULL, NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	follow_report_free(&r);
	assert_string_equal(srv.sent_etag, "\"e1\"");
	assert_string_equal(srv.sent_last_modified,
			    "Mon, 04 Mar 2024 08:00:00 GMT");
	assert_copy(v1, v1_len);
	assert_null(file_of(FOLLOW_PREVIOUS, "followconf", NULL));
}

static void
test_same_body_without_validators_is_unchanged(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, NULL, NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	char *copy = follow_path(FOLLOW_COPY, "followconf");
	struct stat a, b;
	assert_int_equal(stat(copy, &a), 0);
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	follow_report_free(&r);
	assert_null(srv.sent_etag);
	assert_int_equal(stat(copy, &b), 0);
	/* Not rewritten: the same file. */
	assert_int_equal(a.st_ino, b.st_ino);
	assert_null(file_of(FOLLOW_PREVIOUS, "followconf", NULL));
	free(copy);
}

static void
test_changed_version_moves_nothing_silently(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, "\"e1\"", NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	char *notice, *error;
	struct agenda *a = agenda_load("followconf", &notice, &error);
	assert_non_null(a);
	const char *ids[] = {"1", "2", "3", "4"};
	assert_true(agenda_update(a, ids, 4, true, NULL, NULL, NULL, &notice, &error));
	agenda_destroy(a);
	serve(FETCH_OK, v2, "\"e2\"", NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_UPDATED);
	assert_string_equal(srv.sent_etag, "\"e1\"");
	/* Moved, cancelled, retitled: three; the unchanged one is not. */
	assert_int_equal(changes_count(&r.changes), 3);
	follow_report_free(&r);
	assert_copy(v2, v2_len);
	size_t n;
	char *prev = file_of(FOLLOW_PREVIOUS, "followconf", &n);
	assert_int_equal(n, v1_len);
	assert_memory_equal(prev, v1, n);
	free(prev);
	/* The cancelled session keeps its star. */
	a = agenda_load("followconf", &notice, &error);
	assert_true(agenda_has(a, "2"));
	assert_int_equal(a->n, 4);
	agenda_destroy(a);
	char *cache = file_of(FOLLOW_STATE, "followconf", NULL);
	assert_non_null(strstr(cache, "etag \"e2\""));
	free(cache);
}

static void
test_failures_keep_the_copy(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, "\"e1\"", NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	serve(FETCH_FAILED, NULL, NULL, NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_FAILED);
	assert_non_null(strstr(r.error, "HTTP 500"));
	assert_true(r.copy_time > 0);
	follow_report_free(&r);
	assert_copy(v1, v1_len);
	/* The error is kept for sked programs, the validators too. */
	char *cache = file_of(FOLLOW_STATE, "followconf", NULL);
	assert_non_null(strstr(cache, "error HTTP 500"));
	assert_non_null(strstr(cache, "etag \"e1\""));
	free(cache);
	/* An HTML page with status 200, and a schedule that does not
	 * validate: refused, with the URL as the file of the messages. */
	serve(FETCH_OK, "<!DOCTYPE html><html><body>Oops</body></html>",
	      "\"x\"", NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_INVALID);
	assert_non_null(strstr(r.error, "https://h.example/s"));
	follow_report_free(&r);
	serve(FETCH_OK, "sked: 1\nconference: {id: followconf}\n", NULL, NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_INVALID);
	assert_non_null(strstr(r.error, "https://h.example/s:"));
	follow_report_free(&r);
	assert_copy(v1, v1_len);
	assert_null(file_of(FOLLOW_PREVIOUS, "followconf", NULL));
	/* The validators still describe the copy: the failed 200 did not
	 * replace them. */
	serve(FETCH_NOT_MODIFIED, NULL, NULL, NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	assert_string_equal(srv.sent_etag, "\"e1\"");
	follow_report_free(&r);
	/* A first add that fails keeps nothing and follows nothing. */
	serve(FETCH_FAILED, NULL, NULL, NULL);
	assert_int_equal(add("https://h.example/other", "other", &r),
			 FOLLOW_FAILED);
	follow_report_free(&r);
	assert_null(file_of(FOLLOW_COPY, "other", NULL));
	assert_int_equal(update("other", &r), FOLLOW_REFUSED);
	follow_report_free(&r);
}

/* Kills the saving process (SIGKILL) at step `at`. */
static void
kill_at(void *arg, enum follow_step step)
{
	if ((int)step == *(int *)arg)
		raise(SIGKILL);
}

static void
test_kill_between_steps_leaves_old_or_new(void **state)
{
	(void)state;
	for (int at = FOLLOW_STEP_NEW_WRITTEN; at <= FOLLOW_STEP_RENAMED; at++) {
		clean(NULL);
		struct follow_report r;
		serve(FETCH_OK, v1, "\"e1\"", NULL);
		assert_int_equal(add("https://h.example/s", NULL, &r),
				 FOLLOW_UPDATED);
		follow_report_free(&r);
		serve(FETCH_OK, v2, "\"e2\"", NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct diag_list d;
			diag_list_init(&d);
			struct follow_options o = {.fetch = fake_fetch,
						   .diags = &d, .step = kill_at,
						   .step_arg = &at};
			follow_update("followconf", &o, &r);
			_exit(0);
		}
		int ws;
		assert_int_equal(waitpid(pid, &ws, 0), pid);
		assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
		/* Before the last rename the old copy, after it the new. */
		if (at < FOLLOW_STEP_RENAMED)
			assert_copy(v1, v1_len);
		else
			assert_copy(v2, v2_len);
		/* The validators never describe a copy that is not there: the
		 * next update asks with the old ones until the state is saved. */
		char *cache = file_of(FOLLOW_STATE, "followconf", NULL);
		assert_non_null(strstr(cache, "etag \"e1\""));
		free(cache);
		/* And the next update completes it. */
		assert_int_equal(update("followconf", &r),
				 at < FOLLOW_STEP_RENAMED ? FOLLOW_UPDATED
							  : FOLLOW_UNCHANGED);
		follow_report_free(&r);
		assert_copy(v2, v2_len);
	}
}

static void
test_remove_keeps_the_agenda(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, NULL, NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	serve(FETCH_OK, v2, NULL, NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	char *notice, *error;
	struct agenda *a = agenda_load("followconf", &notice, &error);
	const char *ids[] = {"1"};
	assert_true(agenda_update(a, ids, 1, true, NULL, NULL, NULL, &notice, &error));
	agenda_destroy(a);
	assert_true(follow_remove("followconf", &notice, &error));
	assert_null(notice);
	assert_null(file_of(FOLLOW_COPY, "followconf", NULL));
	assert_null(file_of(FOLLOW_PREVIOUS, "followconf", NULL));
	assert_null(file_of(FOLLOW_STATE, "followconf", NULL));
	struct follow_list l;
	assert_true(follow_list_load(&l, &error));
	assert_int_equal(l.n, 0);
	follow_list_free(&l);
	a = agenda_load("followconf", &notice, &error);
	assert_true(agenda_has(a, "1"));
	agenda_destroy(a);
	assert_false(follow_remove("followconf", &notice, &error));
	assert_non_null(strstr(error, "not a followed program"));
	free(error);
}

static void
test_list_rules(void **state)
{
	(void)state;
	/* Names only from checked ids. */
	assert_true(follow_id_ok("fosdem-2025"));
	assert_false(follow_id_ok(""));
	assert_false(follow_id_ok("../x"));
	assert_false(follow_id_ok("A"));
	assert_false(follow_id_ok("a.previous"));
	/* Never an option's look. */
	assert_false(follow_id_ok("--help"));
	assert_false(follow_id_ok("-"));
	assert_true(follow_id_ok("a-"));
	assert_true(follow_id_ok("2024-x"));
	assert_null(follow_path(FOLLOW_COPY, "../../etc/passwd"));
	char *list = follow_list_path();
	char *error;
	struct follow_list l0;
	static const char *bad[] = {
		"not a list\n",
		"# sked programs 1\nx file:///etc/passwd\n",
		"# sked programs 1\nX https://h.example/\n",
		"# sked programs 1\nx https://h.example/ UTC more\n",
		"# sked programs 1\nx https://h.example/\nx https://h.example/b\n",
		"# sked programs 1\n-x https://h.example/\n",
		"# sked programs 1\nx https://h.example/ Nowhere/Atlantis\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true(statefile_write(list, bad[i], strlen(bad[i]), true,
					    &error));
		struct follow_list l;
		assert_false(follow_list_load(&l, &error));
		assert_non_null(strstr(error, list));
		free(error);
	}
	/* A zone sked does not know: named, at its line and column. */
	assert_false(follow_list_load(&l0, &error));
	char *at = xasprintf("%s:2:22: Nowhere/Atlantis is not a time zone",
			     list);
	assert_non_null(strstr(error, at));
	free(at);
	free(error);
	const char *good = "# sked programs 1\n\n# a comment\n"
			   "x https://u:p@h.example/s.json Europe/Berlin\n";
	assert_true(statefile_write(list, good, strlen(good), true, &error));
	struct follow_list l;
	assert_true(follow_list_load(&l, &error));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].timezone, "Europe/Berlin");
	follow_list_free(&l);
	free(list);
}

/* Two versions where session 1 (guid g-one) became 777. */
static const char g1[] =
	"sked: 1\n"
	"conference: {id: followconf, title: Follow Conference 2024,\n"
	"             timezone: Europe/Berlin, start: 2024-03-04,\n"
	"             end: 2024-03-05}\n"
	"rooms:\n  - {id: a, name: Room A}\n"
	"sessions:\n"
	"  - {id: \"1\", guid: g-one, title: Opening, room: a,\n"
	"     start: 2024-03-04T09:00, duration: 30}\n"
	"  - {id: \"2\", guid: g-two, title: Talk, room: a,\n"
	"     start: 2024-03-04T10:00, duration: 30}\n";
static const char g2[] =
	"sked: 1\n"
	"conference: {id: followconf, title: Follow Conference 2024,\n"
	"             timezone: Europe/Berlin, start: 2024-03-04,\n"
	"             end: 2024-03-05}\n"
	"rooms:\n  - {id: a, name: Room A}\n"
	"sessions:\n"
	"  - {id: \"777\", guid: g-one, title: Opening, room: a,\n"
	"     start: 2024-03-04T09:30, duration: 30}\n"
	"  - {id: \"2\", guid: g-two, title: Talk, room: a,\n"
	"     start: 2024-03-04T10:00, duration: 30}\n";

static void
star(const char *id)
{
	char *notice = NULL, *error = NULL;
	struct agenda *a = agenda_load("followconf", &notice, &error);
	assert_non_null(a);
	assert_true(agenda_update(a, &id, 1, true, NULL, NULL, NULL, &notice,
				  &error));
	agenda_destroy(a);
}

static struct agenda *
stars(void)
{
	char *notice = NULL, *error = NULL;
	struct agenda *a = agenda_load("followconf", &notice, &error);
	assert_non_null(a);
	return a;
}

/* Killed after the new copy was renamed into place, before the stars
 * moved: the next update, even one that finds nothing new, moves them. */
static void
test_stranded_stars_move_on_next_update(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, g1, "\"e1\"", NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	star("1");
	serve(FETCH_OK, g2, "\"e2\"", NULL);
	int at = FOLLOW_STEP_RENAMED;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct diag_list d;
		diag_list_init(&d);
		struct follow_options o = {.fetch = fake_fetch, .diags = &d,
					   .step = kill_at, .step_arg = &at};
		follow_update("followconf", &o, &r);
		_exit(0);
	}
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	assert_copy(g2, strlen(g2));
	struct agenda *a = stars();
	assert_true(agenda_has(a, "1"));
	assert_false(agenda_has(a, "777"));
	agenda_destroy(a);
	serve(FETCH_NOT_MODIFIED, NULL, NULL, NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	follow_report_free(&r);
	a = stars();
	assert_false(agenda_has(a, "1"));
	assert_true(agenda_has(a, "777"));
	assert_int_equal(a->n, 1);
	agenda_destroy(a);
	/* Again: nothing more moves (a star moved already stays). */
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	assert_null(r.notice);
	follow_report_free(&r);
	a = stars();
	assert_true(agenda_has(a, "777"));
	assert_int_equal(a->n, 1);
	agenda_destroy(a);
}

/* Two versions whose sessions swapped ids: Opening (guid g-one) is 1,
 * then 2; Talk (guid g-two) is 2, then 1. */
static const char s1[] =
	"sked: 1\n"
	"conference: {id: followconf, title: Follow Conference 2024,\n"
	"             timezone: Europe/Berlin, start: 2024-03-04,\n"
	"             end: 2024-03-05}\n"
	"rooms:\n  - {id: a, name: Room A}\n"
	"sessions:\n"
	"  - {id: \"1\", guid: g-one, title: Opening, room: a,\n"
	"     start: 2024-03-04T09:00, duration: 30}\n"
	"  - {id: \"2\", guid: g-two, title: Talk, room: a,\n"
	"     start: 2024-03-04T10:00, duration: 30}\n";
static const char s2[] =
	"sked: 1\n"
	"conference: {id: followconf, title: Follow Conference 2024,\n"
	"             timezone: Europe/Berlin, start: 2024-03-04,\n"
	"             end: 2024-03-05}\n"
	"rooms:\n  - {id: a, name: Room A}\n"
	"sessions:\n"
	"  - {id: \"2\", guid: g-one, title: Opening, room: a,\n"
	"     start: 2024-03-04T09:00, duration: 30}\n"
	"  - {id: \"1\", guid: g-two, title: Talk, room: a,\n"
	"     start: 2024-03-04T10:00, duration: 30}\n";

/* The titles of the starred sessions as the next sked to load the
 * program (the browser, sked list) finds them, joined by ", ", each star
 * on a session. */
static char *
starred_titles(void)
{
	struct follow_entry e = {(char *)"followconf",
				 (char *)"https://h.example/s", NULL};
	struct diag_list d;
	enum load_status st;
	diag_list_init(&d);
	struct program *p = follow_load(&e, NULL, &d, &st);
	diag_list_finish(&d);
	assert_non_null(p);
	struct agenda *a = stars();
	char *titles = xstrdup("");
	size_t found = 0;
	for (size_t i = 0; i < p->n_sessions; i++) {
		if (!agenda_has(a, p->sessions[i].id))
			continue;
		char *t = xasprintf("%s%s%s", titles, found++ ? ", " : "",
				    p->sessions[i].title);
		free(titles);
		titles = t;
	}
	assert_int_equal(found, a->n);
	agenda_destroy(a);
	program_destroy(p);
	return titles;
}

static void
assert_starred(const char *want)
{
	char *titles = starred_titles();
	assert_string_equal(titles, want);
	free(titles);
}

/* Follows s1 with Opening (1) starred, then updates to s2 in a child
 * killed (SIGKILL) at step at. */
static void
swap_killed_at(int at)
{
	struct follow_report r;
	serve(FETCH_OK, s1, "\"e1\"", NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	star("1");
	serve(FETCH_OK, s2, "\"e2\"", NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct diag_list d;
		diag_list_init(&d);
		struct follow_options o = {.fetch = fake_fetch, .diags = &d,
					   .step = kill_at, .step_arg = &at};
		follow_update("followconf", &o, &r);
		_exit(0);
	}
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
}

/* Killed at each step of saving a version whose sessions swapped ids,
 * above all after the copy is in place and before the stars moved: the
 * star on 1 would then name Talk. The next sked to load the program
 * finds the star on Opening, and updates after that never move it
 * again. */
static void
test_swapped_ids_killed_between_steps(void **state)
{
	(void)state;
	for (int at = FOLLOW_STEP_NEW_WRITTEN; at <= FOLLOW_STEP_RENAMED; at++) {
		clean(NULL);
		swap_killed_at(at);
		if (at < FOLLOW_STEP_RENAMED)
			assert_copy(s1, strlen(s1));
		else
			assert_copy(s2, strlen(s2));
		struct agenda *a = stars(); /* as the kill left it */
		assert_true(agenda_has(a, "1"));
		assert_int_equal(a->n, 1);
		agenda_destroy(a);
		assert_starred("Opening");
		struct follow_report r;
		assert_int_equal(update("followconf", &r),
				 at < FOLLOW_STEP_RENAMED ? FOLLOW_UPDATED
							  : FOLLOW_UNCHANGED);
		follow_report_free(&r);
		assert_copy(s2, strlen(s2));
		assert_starred("Opening");
		assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
		follow_report_free(&r);
		assert_starred("Opening");
	}
}

/* Killed after the moves were made and before their journal was removed:
 * the agenda, saved with the moves, says it took them (agenda.h), and
 * the journal is still there. A star made then on 1 (Talk, now) is not
 * moved by the next sked, nor is any other. */
static void
test_star_moves_made_once(void **state)
{
	(void)state;
	swap_killed_at(FOLLOW_STEP_RENAMED);
	char *journal = statefile_path(STATEFILE_DATA,
				       "followconf.agenda.moves");
	char *agenda = statefile_path(STATEFILE_DATA, "followconf.agenda");
	size_t len;
	char *saved = statefile_read(journal, 1 << 20, &len);
	assert_non_null(saved);
	assert_starred("Opening");
	struct stat st;
	assert_int_equal(stat(journal, &st), -1);
	/* The agenda as the save of the moves left it: with the token. */
	char *token = strstr(saved, "\ntoken ");
	assert_non_null(token);
	token += strlen("\ntoken ");
	size_t n;
	char *text = statefile_read(agenda, 1 << 20, &n);
	assert_non_null(text);
	char *nl = strchr(text, '\n');
	char *with = xasprintf("%.*s# sked moved %.*s%s", (int)(nl + 1 - text),
			       text, (int)(strcspn(token, "\n") + 1), token,
			       nl + 1);
	char *error = NULL;
	assert_true(statefile_write(agenda, with, strlen(with), true, &error));
	assert_true(statefile_write(journal, saved, len, true, &error));
	star("1");
	assert_starred("Opening, Talk");
	assert_int_equal(stat(journal, &st), -1);
	free(with);
	free(text);
	free(saved);
	free(agenda);
	free(journal);
}

/* sked remove after such a kill: the stars move before the copy they are
 * for goes. */
static void
test_remove_makes_the_moves_first(void **state)
{
	(void)state;
	swap_killed_at(FOLLOW_STEP_RENAMED);
	char *notice, *error;
	assert_true(follow_remove("followconf", &notice, &error));
	assert_null(notice);
	struct agenda *a = stars();
	assert_true(agenda_has(a, "2"));
	assert_int_equal(a->n, 1);
	agenda_destroy(a);
}

/* A `sked remove` between an update's reading of the list and its lock:
 * the update refuses, and the files removed stay removed. */
static void
test_removed_while_waiting_for_the_lock(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, NULL, NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	serve(FETCH_OK, v2, NULL, NULL);
	char *copy = follow_path(FOLLOW_COPY, "followconf");
	char *error;
	int lock = statefile_lock(copy, true, NULL, &error);
	assert_true(lock >= 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Reads the list, then waits for the lock. */
		_exit(update("followconf", &r));
	}
	usleep(300 * 1000);
	/* What follow_remove does, while the child waits. */
	char *list = follow_list_path();
	static const char empty[] = "# sked programs 1\n";
	assert_true(statefile_write(list, empty, strlen(empty), true, &error));
	assert_int_equal(unlink(copy), 0);
	statefile_unlock(lock);
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), FOLLOW_REFUSED);
	assert_null(file_of(FOLLOW_COPY, "followconf", NULL));
	assert_null(file_of(FOLLOW_PREVIOUS, "followconf", NULL));
	free(list);
	free(copy);
}

/* The list edited by hand to another URL: the old URL's validators are
 * not sent to the new one; the new one's are, next time. */
static void
test_validators_of_another_url_not_sent(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, "\"e1\"", "Mon, 04 Mar 2024 08:00:00 GMT");
	assert_int_equal(add("https://u:pw@h.example/s", NULL, &r),
			 FOLLOW_UPDATED);
	follow_report_free(&r);
	char *cache = file_of(FOLLOW_STATE, "followconf", NULL);
	assert_non_null(strstr(cache, "url https://h.example/s\n"));
	assert_null(strstr(cache, "pw"));
	free(cache);
	char *list = follow_list_path(), *error;
	static const char moved[] =
		"# sked programs 1\nfollowconf https://other.example/s\n";
	assert_true(statefile_write(list, moved, strlen(moved), true, &error));
	serve(FETCH_OK, v1, "\"o1\"", NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	follow_report_free(&r);
	assert_string_equal(srv.url, "https://other.example/s");
	assert_null(srv.sent_etag);
	assert_null(srv.sent_last_modified);
	serve(FETCH_NOT_MODIFIED, NULL, NULL, NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	follow_report_free(&r);
	assert_string_equal(srv.sent_etag, "\"o1\"");
	free(list);
}

/* A 304 with validators of its own (rotating weak ETags): kept. */
static void
test_validators_of_a_304_kept(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, "W/\"a\"", NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	serve(FETCH_NOT_MODIFIED, NULL, "W/\"b\"", NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	follow_report_free(&r);
	assert_string_equal(srv.sent_etag, "W/\"a\"");
	assert_int_equal(update("followconf", &r), FOLLOW_UNCHANGED);
	follow_report_free(&r);
	assert_string_equal(srv.sent_etag, "W/\"b\"");
}

/* A save that fails (ID.new cannot be written: a directory there) is an
 * attempt like another: its time and error are kept for sked programs. */
static void
test_failed_save_keeps_state(void **state)
{
	(void)state;
	struct follow_report r;
	serve(FETCH_OK, v1, "\"e1\"", NULL);
	assert_int_equal(add("https://h.example/s", NULL, &r), FOLLOW_UPDATED);
	follow_report_free(&r);
	struct follow_state s;
	follow_state_load("followconf", &s);
	int64_t first = s.attempted;
	follow_state_free(&s);
	char *copy = follow_path(FOLLOW_COPY, "followconf");
	char *block = xasprintf("%s.new/x", copy);
	char *cmd = xasprintf("mkdir -p '%s'", block);
	assert_int_equal(system(cmd), 0);
	sleep(1); /* a later attempt, in seconds */
	serve(FETCH_OK, v2, "\"e2\"", NULL);
	assert_int_equal(update("followconf", &r), FOLLOW_ERROR);
	follow_report_free(&r);
	follow_state_load("followconf", &s);
	assert_non_null(s.error);
	assert_true(s.attempted > first);
	assert_int_equal(s.succeeded, first);
	assert_string_equal(s.validators.etag, "\"e1\"");
	follow_state_free(&s);
	assert_copy(v1, v1_len);
	free(cmd);
	free(block);
	free(copy);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_add_stores_copy_list_and_validators,
				       clean),
		cmocka_unit_test_setup(test_add_refuses_taken_ids, clean),
		cmocka_unit_test_setup(test_conditional_update, clean),
		cmocka_unit_test_setup(test_same_body_without_validators_is_unchanged,
				       clean),
		cmocka_unit_test_setup(test_changed_version_moves_nothing_silently,
				       clean),
		cmocka_unit_test_setup(test_failures_keep_the_copy, clean),
		cmocka_unit_test_setup(test_kill_between_steps_leaves_old_or_new,
				       clean),
		cmocka_unit_test_setup(test_remove_keeps_the_agenda, clean),
		cmocka_unit_test_setup(test_list_rules, clean),
		cmocka_unit_test_setup(test_stranded_stars_move_on_next_update,
				       clean),
		cmocka_unit_test_setup(test_swapped_ids_killed_between_steps,
				       clean),
		cmocka_unit_test_setup(test_star_moves_made_once, clean),
		cmocka_unit_test_setup(test_remove_makes_the_moves_first, clean),
		cmocka_unit_test_setup(test_removed_while_waiting_for_the_lock,
				       clean),
		cmocka_unit_test_setup(test_validators_of_another_url_not_sent,
				       clean),
		cmocka_unit_test_setup(test_validators_of_a_304_kept, clean),
		cmocka_unit_test_setup(test_failed_save_keeps_state, clean),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	clean(NULL);
	return failed;
}
