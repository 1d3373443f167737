/* Unit tests of the per-conference view state: round trip, a missing
 * file, corrupt files set aside, unreadable ones left alone, values with
 * any character, atomic saves in sked's state directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/viewstate.h"

static char dir[64];  /* XDG_STATE_HOME */
static char path[128]; /* the file of conference "conf" */

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sked-viewstate-test-%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/sked/conf.view", dir);
	setenv("XDG_STATE_HOME", dir, 1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx %s; rm -rf %s", dir, dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_file(const char *text)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/sked", dir);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *
read_file(const char *p)
{
	FILE *f = fopen(p, "r");
	if (f == NULL)
		return NULL;
	static char buf[8192];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The names in the state directory that start with prefix. */
static int
count_files(const char *prefix)
{
	char d[128];
	snprintf(d, sizeof(d), "%s/sked", dir);
	DIR *dp = opendir(d);
	if (dp == NULL)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(dp);
	return n;
}

static void
load_ok(struct viewstate *vs)
{
	char *notice, *error;
	assert_true(viewstate_load("conf", vs, &notice, &error));
	assert_null(notice);
	assert_null(error);
}

static void
test_missing_file_is_empty(void **state)
{
	(void)state;
	unlink(path);
	struct viewstate vs;
	load_ok(&vs);
	assert_false(viewstate_filtering(&vs));
	assert_int_equal(vs.hidden_rooms.n + vs.tracks.n + vs.rooms.n +
				 vs.languages.n + vs.types.n, 0);
	viewstate_free(&vs);
}

static void
test_sets(void **state)
{
	(void)state;
	struct viewstate vs = {0};
	assert_false(viewstate_filtering(&vs));
	assert_true(viewstate_toggle(&vs.hidden_rooms, "a"));
	/* Hidden rooms are not a filter. */
	assert_false(viewstate_filtering(&vs));
	assert_true(viewstate_toggle(&vs.tracks, "kernel"));
	assert_true(viewstate_toggle(&vs.tracks, "rt"));
	assert_true(viewstate_filtering(&vs));
	assert_true(viewstate_has(&vs.tracks, "kernel"));
	assert_false(viewstate_has(&vs.tracks, "kern"));
	assert_false(viewstate_toggle(&vs.tracks, "kernel"));
	assert_false(viewstate_has(&vs.tracks, "kernel"));
	assert_int_equal(vs.tracks.n, 1);
	assert_string_equal(vs.tracks.v[0], "rt");
	viewstate_clear(&vs.tracks);
	assert_int_equal(vs.tracks.n, 0);
	assert_false(viewstate_filtering(&vs));
	assert_true(viewstate_has(&vs.hidden_rooms, "a"));
	viewstate_free(&vs);
}

static void
test_round_trip(void **state)
{
	(void)state;
	struct viewstate vs = {0};
	viewstate_toggle(&vs.hidden_rooms, "room-b");
	viewstate_toggle(&vs.hidden_rooms, "room-a");
	viewstate_toggle(&vs.tracks, "kernel");
	viewstate_toggle(&vs.rooms, "room-a");
	viewstate_toggle(&vs.languages, "en");
	viewstate_toggle(&vs.languages, "pt-BR");
	viewstate_toggle(&vs.types, "Lightning talk");
	char *error;
	assert_true(viewstate_save("conf", &vs, &error));
	viewstate_free(&vs);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* private state */
	/* Saved whole, through a temporary file that is gone. */
	assert_int_equal(count_files(".conf.view"), 0);
	load_ok(&vs);
	assert_int_equal(vs.hidden_rooms.n, 2);
	assert_string_equal(vs.hidden_rooms.v[0], "room-b");
	assert_string_equal(vs.hidden_rooms.v[1], "room-a");
	assert_int_equal(vs.tracks.n, 1);
	assert_string_equal(vs.tracks.v[0], "kernel");
	assert_int_equal(vs.rooms.n, 1);
	assert_string_equal(vs.rooms.v[0], "room-a");
	assert_int_equal(vs.languages.n, 2);
	assert_string_equal(vs.languages.v[1], "pt-BR");
	assert_int_equal(vs.types.n, 1);
	assert_string_equal(vs.types.v[0], "Lightning talk");
	assert_true(viewstate_filtering(&vs));
	/* A save replaces: what was removed stays removed. */
	viewstate_clear(&vs.tracks);
	viewstate_toggle(&vs.hidden_rooms, "room-b");
	assert_true(viewstate_save("conf", &vs, &error));
	viewstate_free(&vs);
	load_ok(&vs);
	assert_int_equal(vs.tracks.n, 0);
	assert_int_equal(vs.hidden_rooms.n, 1);
	assert_string_equal(vs.hidden_rooms.v[0], "room-a");
	viewstate_free(&vs);
	/* Another conference has a file of its own. */
	load_ok(&vs);
	char *notice;
	struct viewstate other;
	assert_true(viewstate_load("other", &other, &notice, &error));
	assert_false(viewstate_filtering(&other));
	assert_int_equal(other.hidden_rooms.n, 0);
	viewstate_free(&other);
	viewstate_free(&vs);
}

static void
test_odd_characters(void **state)
{
	(void)state;
	static const char *const odd[] = {
		"Room 1 (main)", "100%", "%41", "two\nlines", "tab\there",
		"cr\rhere", " lead", "trail ", "del\x7f", "Saal \xc3\xa9\xe2\x9c\xa8",
		"track room", "#", "a b  c",
	};
	size_t n = sizeof(odd) / sizeof(odd[0]);
	struct viewstate vs = {0};
	for (size_t i = 0; i < n; i++) {
		viewstate_toggle(&vs.rooms, odd[i]);
		viewstate_toggle(&vs.types, odd[i]);
	}
	char *error;
	assert_true(viewstate_save("conf", &vs, &error));
	viewstate_free(&vs);
	/* One line per value, and the magic line. */
	const char *text = read_file(path);
	assert_non_null(text);
	size_t lines = 0;
	for (const char *c = text; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 1 + 2 * n);
	assert_non_null(strstr(text, "room Room%201%20(main)\n"));
	assert_non_null(strstr(text, "room %2541\n"));
	load_ok(&vs);
	assert_int_equal(vs.rooms.n, n);
	assert_int_equal(vs.types.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(vs.rooms.v[i], odd[i]);
		assert_string_equal(vs.types.v[i], odd[i]);
	}
	viewstate_free(&vs);
}

/* A file that is not a view file of the conference is set aside, the
 * state starts empty, and the next save does not lose it. */
static void
test_corrupt_set_aside(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"garbage\n",
		"",
		"# sked view 1 conf", /* no newline */
		"# sked view 1 other\ntrack a\n", /* another conference's */
		"# sked view 2 conf\ntrack a\n",
		"# sked view 1 conf\ntrack a", /* cut short */
		"# sked view 1 conf\nshelf a\n",
		"# sked view 1 conf\ntrack\n",
		"# sked view 1 conf\ntrack \n",
		"# sked view 1 conf\ntrack a b\n",
		"# sked view 1 conf\ntrack %4\n",
		"# sked view 1 conf\ntrack %zz\n",
		"# sked view 1 conf\ntrack %00\n",
		"# sked view 1 conf\ntrack a\tb\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "rm -f %s/sked/conf.view*", dir);
		assert_int_equal(system(cmd), 0);
		write_file(bad[i]);
		struct viewstate vs;
		char *notice, *error;
		assert_true(viewstate_load("conf", &vs, &notice, &error));
		assert_null(error);
		assert_non_null(notice);
		assert_non_null(strstr(notice, "set aside"));
		free(notice);
		assert_false(viewstate_filtering(&vs));
		assert_int_equal(vs.hidden_rooms.n, 0);
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(count_files("conf.view.corrupt-"), 1);
		viewstate_toggle(&vs.tracks, "new");
		assert_true(viewstate_save("conf", &vs, &error));
		viewstate_free(&vs);
		assert_int_equal(count_files("conf.view.corrupt-"), 1);
	}
	/* A good file with duplicates reads as a set. */
	write_file("# sked view 1 conf\ntrack a\ntrack a\nroom a\n");
	struct viewstate vs;
	load_ok(&vs);
	assert_int_equal(vs.tracks.n, 1);
	assert_int_equal(vs.rooms.n, 1);
	viewstate_free(&vs);
}

/* A file that exists and cannot be read is an error, and stays (a
 * directory in its place: unreadable as a file even to root). */
static void
test_unreadable_is_left_alone(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf %s/sked/conf.view*; mkdir -p %s",
		 dir, path);
	assert_int_equal(system(cmd), 0);
	struct viewstate vs;
	char *notice, *error;
	assert_false(viewstate_load("conf", &vs, &notice, &error));
	assert_non_null(error);
	assert_non_null(strstr(error, "cannot read the view file"));
	free(error);
	assert_null(notice);
	assert_int_equal(vs.tracks.n, 0);
	viewstate_free(&vs);
	assert_int_equal(count_files("conf.view.corrupt-"), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode)); /* untouched */
	rmdir(path);
}

/* A save that cannot write leaves the old file as it was. */
static void
test_failed_save_keeps_the_old_file(void **state)
{
	(void)state;
	write_file("# sked view 1 conf\ntrack a\n");
	char d[128];
	snprintf(d, sizeof(d), "%s/sked", dir);
	assert_int_equal(chmod(d, 0500), 0);
	if (access(d, W_OK) == 0) { /* root writes anywhere */
		chmod(d, 0700);
		skip();
	}
	struct viewstate vs = {0};
	viewstate_toggle(&vs.tracks, "b");
	char *error;
	assert_false(viewstate_save("conf", &vs, &error));
	assert_non_null(error);
	assert_non_null(strstr(error, path));
	free(error);
	viewstate_free(&vs);
	chmod(d, 0700);
	assert_string_equal(read_file(path), "# sked view 1 conf\ntrack a\n");
}

/* Nor when sked's directory cannot be made (which root cannot do either). */
static void
test_no_directory(void **state)
{
	(void)state;
	char other[160];
	snprintf(other, sizeof(other), "%s/blocked", dir);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s && touch %s/sked", other, other);
	assert_int_equal(system(cmd), 0);
	setenv("XDG_STATE_HOME", other, 1);
	struct viewstate vs = {0};
	viewstate_toggle(&vs.tracks, "b");
	char *error;
	assert_false(viewstate_save("conf", &vs, &error));
	assert_non_null(error);
	assert_non_null(strstr(error, "blocked/sked"));
	free(error);
	viewstate_free(&vs);
	setenv("XDG_STATE_HOME", dir, 1);
}

static void
test_nowhere_to_keep_it(void **state)
{
	(void)state;
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	struct viewstate vs;
	char *notice, *error;
	assert_true(viewstate_load("conf", &vs, &notice, &error));
	assert_null(error);
	viewstate_toggle(&vs.tracks, "a");
	assert_false(viewstate_save("conf", &vs, &error));
	assert_non_null(error);
	free(error);
	viewstate_free(&vs);
	/* Nor a file for an id that could name another path. */
	setenv("XDG_STATE_HOME", dir, 1);
	if (home)
		setenv("HOME", home, 1);
	free(home);
	assert_false(viewstate_load("../conf", &vs, &notice, &error));
	assert_non_null(error);
	free(error);
	viewstate_free(&vs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file_is_empty),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_odd_characters),
		cmocka_unit_test(test_corrupt_set_aside),
		cmocka_unit_test(test_unreadable_is_left_alone),
		cmocka_unit_test(test_failed_save_keeps_the_old_file),
		cmocka_unit_test(test_no_directory),
		cmocka_unit_test(test_nowhere_to_keep_it),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
