/* Unit tests of the agenda: persistence, stars, conflicts, corrupt files
 * set aside, missing ids, and saves that survive kill -9 at any moment. */
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
#include <time.h>
#include <unistd.h>

#include "sked/agenda.h"
#include "sked/load.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

static char dir[64];
static char path[128];
static struct program *lpc;

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sked-agenda-test-%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/sked/lpc2023.agenda", dir);
	struct diag_list d;
	enum load_status st;
	diag_list_init(&d);
	lpc = load_file(SKED_SOURCE_ROOT "/data/lpc2023.yaml", &d, &st);
	diag_list_finish(&d);
	return lpc ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return -1;
	program_destroy(lpc);
	tz_cleanup();
	return 0;
}

static struct agenda *
load(void)
{
	char *notice, *error;
	struct agenda *a = agenda_load_path("lpc2023", path, &notice, &error);
	assert_null(error);
	assert_null(notice);
	assert_non_null(a);
	return a;
}

static void
test_persist_and_unstar(void **state)
{
	(void)state;
	unlink(path);
	struct agenda *a = load();
	assert_int_equal(a->n, 0);
	assert_true(agenda_add(a, "66"));
	assert_true(agenda_add(a, "225"));
	assert_false(agenda_add(a, "66"));
	char *error;
	assert_true(agenda_save(a, &error));
	agenda_destroy(a);
	a = load();
	assert_int_equal(a->n, 2);
	assert_true(agenda_has(a, "66") && agenda_has(a, "225"));
	assert_true(agenda_remove(a, "66"));
	assert_false(agenda_remove(a, "66"));
	assert_true(agenda_save(a, &error));
	agenda_destroy(a);
	a = load();
	assert_int_equal(a->n, 1);
	assert_string_equal(a->ids[0], "225");
	agenda_destroy(a);
	/* The file's form. */
	size_t len;
	char *text = statefile_read(path, 1 << 20, &len);
	assert_string_equal(text, "# sked agenda 1 lpc2023\n225\n");
	free(text);
}

static void
test_conflicts_and_missing(void **state)
{
	(void)state;
	unlink(path);
	struct agenda *a = load();
	/* 66 (11:25-11:45) and 225 (11:30-11:55) overlap; 215 does not;
	 * 226 is unscheduled; 9999 is not in the program. */
	agenda_add(a, "66");
	agenda_add(a, "215");
	agenda_add(a, "225");
	agenda_add(a, "226");
	agenda_add(a, "9999");
	bool *starred, *conflict;
	assert_int_equal(agenda_mark(a, lpc, &starred, &conflict), 2);
	size_t i66 = (size_t)(program_find_session(lpc, "66") - lpc->sessions);
	size_t i225 = (size_t)(program_find_session(lpc, "225") - lpc->sessions);
	size_t i215 = (size_t)(program_find_session(lpc, "215") - lpc->sessions);
	size_t i226 = (size_t)(program_find_session(lpc, "226") - lpc->sessions);
	assert_true(starred[i66] && starred[i225] && starred[i215] && starred[i226]);
	assert_true(conflict[i66] && conflict[i225]);
	assert_false(conflict[i215] || conflict[i226]);
	free(starred);
	free(conflict);
	const char **missing;
	assert_int_equal(agenda_missing(a, lpc, &missing), 1);
	assert_string_equal(missing[0], "9999");
	free(missing);
	/* Kept across saves all the same. */
	char *error;
	assert_true(agenda_save(a, &error));
	agenda_destroy(a);
	a = load();
	assert_true(agenda_has(a, "9999"));
	agenda_destroy(a);
	/* Back-to-back sessions do not conflict. */
	unlink(path);
	a = load();
	agenda_add(a, "114"); /* 10:05-10:30 */
	agenda_add(a, "115"); /* 10:30-10:55 */
	assert_int_equal(agenda_mark(a, lpc, &starred, &conflict), 0);
	free(starred);
	free(conflict);
	agenda_destroy(a);
}

/* Conflicts across programs (agenda_mark_others): the starred sessions
 * of co-located conferences in two zones clash as one's own do; not a
 * session that is not starred, nor back to back, nor a zero-length one
 * at another's start. */
static struct program *
load_yaml(const char *name, const char *yaml)
{
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer(name, yaml, strlen(yaml), &d);
	diag_list_finish(&d);
	assert_non_null(p);
	return p;
}

static size_t
index_of(const struct program *p, const char *id)
{
	return (size_t)(program_find_session(p, id) - p->sessions);
}

static void
test_conflicts_across_programs(void **state)
{
	(void)state;
	struct program *a = load_yaml("a.yaml",
		"sked: 1\n"
		"conference: {id: a, title: A, timezone: UTC,\n"
		"  start: 2024-06-01, end: 2024-06-01}\n"
		"sessions:\n"
		"  - {id: a1, title: A1, start: 2024-06-01T09:00, duration: 30}\n"
		"  - {id: a2, title: A2, start: 2024-06-01T09:00, duration: 60}\n"
		"  - {id: a3, title: A3, start: 2024-06-01T10:00, duration: 0}\n"
		"  - {id: a4, title: A4, start: 2024-06-01T12:00, duration: 60}\n"
		"  - {id: a5, title: A5}\n"
		"  - {id: a6, title: A6, start: 2024-06-01T09:20, duration: 10}\n");
	struct program *b = load_yaml("b.yaml",
		"sked: 1\n"
		"conference: {id: b, title: B, timezone: Europe/Berlin,\n"
		"  start: 2024-06-01, end: 2024-06-01}\n"
		"sessions:\n"
		"  - {id: b1, title: B1, start: 2024-06-01T11:15, duration: 30}\n"
		"  - {id: b2, title: B2, start: 2024-06-01T12:00, duration: 15}\n"
		"  - {id: b3, title: B3, start: 2024-06-01T11:00, duration: 0}\n"
		"  - {id: b4, title: B4, start: 2024-06-01T13:30, duration: 60}\n");
	char pa[160], pb[160], *notice, *error;
	snprintf(pa, sizeof(pa), "%s/sked/a.agenda", dir);
	snprintf(pb, sizeof(pb), "%s/sked/b.agenda", dir);
	struct agenda *aa = agenda_load_path("a", pa, &notice, &error);
	struct agenda *ab = agenda_load_path("b", pb, &notice, &error);
	assert_non_null(aa);
	assert_non_null(ab);
	const char *sa[] = {"a1", "a2", "a3", "a4", "a5"};
	for (size_t i = 0; i < 5; i++)
		agenda_add(aa, sa[i]); /* a6 is not starred */
	agenda_add(ab, "b1");
	agenda_add(ab, "b2");
	agenda_add(ab, "b3"); /* b4 (11:30-12:30 UTC) is not starred */
	const struct agenda *oa[] = {ab, NULL};
	const struct program *op[] = {b, NULL};
	bool *ca = xcalloc(a->n_sessions, sizeof(bool));
	/* a1 09:00-09:30 and a2 09:00-10:00 UTC overlap b1, 09:15-09:45
	 * UTC (11:15 CEST); a3 (10:00, zero-length) is at the start of b2,
	 * 10:00-10:15 UTC, and a2 ends at it; a4 meets nothing starred. */
	assert_int_equal(agenda_mark_others(aa, a, ca, oa, op, 2), 2);
	assert_true(ca[index_of(a, "a1")] && ca[index_of(a, "a2")]);
	assert_false(ca[index_of(a, "a3")] || ca[index_of(a, "a4")] ||
		     ca[index_of(a, "a5")] || ca[index_of(a, "a6")]);
	/* Marked already: not counted again. */
	assert_int_equal(agenda_mark_others(aa, a, ca, oa, op, 2), 0);
	const struct agenda *ob[] = {aa};
	const struct program *opb[] = {a};
	bool *cb = xcalloc(b->n_sessions, sizeof(bool));
	/* b3, zero-length at 09:00 UTC, is at a1's and a2's start. */
	assert_int_equal(agenda_mark_others(ab, b, cb, ob, opb, 1), 1);
	assert_true(cb[index_of(b, "b1")]);
	assert_false(cb[index_of(b, "b2")] || cb[index_of(b, "b3")] ||
		     cb[index_of(b, "b4")]);
	/* The same predicate, pair by pair. */
	assert_true(agenda_overlap(program_find_session(a, "a2"),
				   program_find_session(b, "b1")));
	assert_false(agenda_overlap(program_find_session(a, "a2"),
				    program_find_session(b, "b2")));
	assert_false(agenda_overlap(program_find_session(a, "a3"),
				    program_find_session(b, "b2")));
	free(ca);
	free(cb);
	agenda_destroy(aa);
	agenda_destroy(ab);
	program_destroy(a);
	program_destroy(b);
}

/* The agenda of lpc2023 loaded from a file holding text: never an
 * error; *notice, when the file was set aside. */
static struct agenda *
load_written(const char *text, char **notice)
{
	char *error;
	assert_true(statefile_write(path, text, strlen(text), true, &error));
	struct agenda *a = agenda_load_path("lpc2023", path, notice, &error);
	assert_non_null(a);
	assert_null(error);
	return a;
}

static void
test_corrupt_set_aside(void **state)
{
	(void)state;
	const char *bad[] = {"garbage\n", "# sked agenda 1 lpc2022\n66\n",
			     "# sked agenda 1 lpc2023\n66\nbad id!",
			     "# sked agenda 1 lpc2023\nbad id!\n", "",
			     "66\n# sked agenda 1 lpc2023\n",
			     "# sked agenda 1 lpc2023\n66 67\n"};
	/* Each says why, so that a hand-written one can be mended. */
	const char *why[] = {
		"(line 1: expected the header \"# sked agenda 1 lpc2023\" "
		"before the first id)",
		"(line 1: its header is for another conference than lpc2023)",
		"(line 3: expected a session id",
		"(line 2: expected a session id",
		"(it has no header \"# sked agenda 1 lpc2023\")",
		"(line 1: expected the header",
		"(line 2: expected a session id (letters, digits, '.', '_', "
		"'-'), then nothing or a # note)",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *notice;
		struct agenda *a = load_written(bad[i], &notice);
		assert_non_null(notice);
		assert_non_null(strstr(notice, "set aside as"));
		if (strstr(notice, why[i]) == NULL)
			fail_msg("case %zu: %s lacks %s", i, notice, why[i]);
		assert_int_equal(a->n, 0);
		/* The old file is kept, renamed, with its content. */
		const char *aside = strstr(notice, "set aside as ") + 13;
		size_t len;
		char *text = statefile_read(aside, 1 << 20, &len);
		assert_non_null(text);
		assert_string_equal(text, bad[i]);
		free(text);
		unlink(aside);
		assert_int_equal(access(path, F_OK), -1);
		free(notice);
		agenda_destroy(a);
	}
}

/* An agenda as a person who edited it may leave it is read, nothing set
 * aside: CR LF, blanks around lines, blank lines, comments, no newline at
 * the end, a byte order mark. */
static void
test_edited_by_hand(void **state)
{
	(void)state;
	const char *good[] = {
		"# sked agenda 1 lpc2023\n215\n66",
		"# sked agenda 1 lpc2023\r\n215\r\n66\r\n",
		"# sked agenda 1 lpc2023 \n 215\t\n\n66  \n\n",
		"# sked agenda 1 lpc2023\n# the talks I want\n215\n#66 later\n66\n",
		/* A byte order mark (an editor's), blank lines and comments
		 * before the header, a note after an id. */
		"\xEF\xBB\xBF# sked agenda 1 lpc2023\n215\n66\n",
		"\n\n# my stars\n# sked agenda 1 lpc2023\n215\n66\n",
		"# sked agenda 1 lpc2023\n215 # keynote\n66\t#\n",
		"\xEF\xBB\xBF\r\n# sked agenda 1 lpc2023\r\n215#x\r\n66\r\n",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *notice;
		struct agenda *a = load_written(good[i], &notice);
		if (notice != NULL)
			fail_msg("case %zu: %s", i, notice);
		assert_int_equal(a->n, 2);
		assert_string_equal(a->ids[0], "215");
		assert_string_equal(a->ids[1], "66");
		agenda_destroy(a);
		assert_int_equal(access(path, F_OK), 0); /* where it was */
	}
	unlink(path);
}

/* The file's text, read whole (the caller frees). */
static char *
agenda_text(void)
{
	size_t len;
	char *text = statefile_read(path, 1 << 20, &len);
	assert_non_null(text);
	return text;
}

/* Beside each star, a note of what its session is: read from the file
 * (a person's, or an earlier save's), kept through saves for ids the
 * program lacks, and written by agenda_update from the program for the
 * ids it has; a save with nothing new writes nothing. */
static void
test_notes(void **state)
{
	(void)state;
	unlink(path);
	char *notice;
	struct agenda *a = load_written("# sked agenda 1 lpc2023\n"
					"215 # keynote\n66\t#\n"
					"9999  #  a  gone talk  \n"
					"9998# close\n",
					&notice);
	assert_null(notice);
	assert_string_equal(agenda_note(a, "215"), "keynote");
	assert_null(agenda_note(a, "66"));
	assert_string_equal(agenda_note(a, "9999"), "a  gone talk");
	assert_string_equal(agenda_note(a, "9998"), "close");
	assert_null(agenda_note(a, "225")); /* not starred */
	const char *id = "225";
	char *error;
	assert_true(agenda_update(a, &id, 1, true, lpc, NULL, NULL, &notice,
				  &error));
	const struct program_session *s215 = program_find_session(lpc, "215");
	char *want = xasprintf(
		"# sked agenda 1 lpc2023\n"
		"215  # %s, %s\n"
		"66  # How to reduce complexity in Proxy Execution, Mon 13 "
		"November, 11:25\u201311:45 America/New_York\n"
		"9999  # a  gone talk\n"
		"9998  # close\n"
		"225  # Quality in embargoed patches, Mon 13 November, "
		"11:30\u201311:55 America/New_York\n",
		s215->title, "Mon 13 November, 09:40\u201310:05 America/New_York");
	char *text = agenda_text();
	assert_string_equal(text, want);
	free(text);
	free(want);
	assert_string_equal(agenda_note(a, "9999"), "a  gone talk");
	/* Nothing new: the file is not written again. */
	struct stat before, after;
	assert_int_equal(stat(path, &before), 0);
	assert_true(agenda_update(a, &id, 1, true, lpc, NULL, NULL, &notice,
				  &error));
	assert_int_equal(stat(path, &after), 0);
	assert_true(before.st_ino == after.st_ino &&
		    before.st_mtim.tv_nsec == after.st_mtim.tv_nsec &&
		    before.st_mtim.tv_sec == after.st_mtim.tv_sec);
	agenda_destroy(a);

	/* A title on several lines, with an escape, and too long: on one
	 * line, sanitized, cut between characters so that the note (its
	 * title, then its time and room) stays within 240 bytes; blanks at
	 * either end gone (the file is read back so: written again on every
	 * save otherwise); a room too long cut to half of them; a note that
	 * would be empty not written. */
	char yaml[4096];
	char title[700] = "";
	strcat(title, "\\tFirst\\nsecond \\e[2J ");
	for (int i = 0; i < 120; i++)
		strcat(title, "\u00e9t\u00e9"); /* 5 bytes each */
	char room[400] = "";
	for (int i = 0; i < 100; i++)
		strcat(room, "R\u00fc"); /* 3 bytes each */
	snprintf(yaml, sizeof(yaml),
		 "sked: 1\n"
		 "conference: {id: lpc2023, title: T, timezone: Europe/Paris,"
		 " start: 2024-03-04, end: 2024-03-04}\n"
		 "rooms: [{id: r, name: \"Room\\tOne\"}, {id: l, name: %s}]\n"
		 "sessions:\n"
		 "  - {id: \"1\", title: \"%s\", room: r, start: 2024-03-04T09:00,"
		 " duration: 30}\n"
		 "  - {id: \"2\", title: \"Trail\\t\", room: l, start: 2024-03-04T10:00,"
		 " duration: 30}\n"
		 "  - {id: \"4\", title: \" Unscheduled \"}\n", room, title);
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("notes.yaml", yaml, strlen(yaml), &d);
	diag_list_finish(&d);
	assert_non_null(p);
	unlink(path);
	a = load();
	const char *ids4[] = {"1", "2", "4"};
	assert_true(agenda_update(a, ids4, 3, true, p, NULL, NULL, &notice,
				  &error));
	assert_string_equal(agenda_note(a, "4"), "Unscheduled");
	const char *n2 = agenda_note(a, "2");
	assert_int_equal(strncmp(n2, "Trail, Mon 4 March, 10:00\u201310:30 "
				 "Europe/Paris in R\u00fcR", strlen("Trail, Mon 4 "
				 "March, 10:00\u201310:30 Europe/Paris in R\u00fcR")),
			 0);
	/* ", WHEN ZONE in " and whole "R\u00fc"s up to 120 bytes. */
	size_t n2l = strlen(n2) - strlen("Trail");
	assert_true(n2l <= 120 && n2l > 117);
	assert_int_equal(text_utf8_valid(n2, strlen(n2)), strlen(n2));
	/* Read back as written: nothing new, nothing saved. */
	struct stat st1, st2;
	assert_int_equal(stat(path, &st1), 0);
	assert_true(agenda_update(a, ids4, 3, true, p, NULL, NULL, &notice,
				  &error));
	assert_int_equal(stat(path, &st2), 0);
	assert_true(st1.st_ino == st2.st_ino);
	const char *note = agenda_note(a, "1");
	assert_non_null(note);
	const char *tail = ", Mon 4 March, 09:00\u201309:30 Europe/Paris in Room "
			   "One";
	size_t nl = strlen(note), tl = strlen(tail);
	assert_true(nl <= 240 && nl > 240 - 5);
	assert_string_equal(note + nl - tl, tail);
	assert_memory_equal(note, "First second \xEF\xBF\xBD \u00e9t\u00e9",
			    strlen("First second \xEF\xBF\xBD \u00e9t\u00e9"));
	/* Cut between characters: UTF-8 to the end of the title. */
	assert_int_equal(text_utf8_valid(note, nl - tl), nl - tl);
	text = agenda_text();
	assert_null(strchr(text, '\x1b'));
	char *line = xasprintf("1  # %s\n", note);
	assert_non_null(strstr(text, line));
	free(line);
	free(text);
	agenda_destroy(a);
	program_destroy(p);
	unlink(path);
}

/* Notes never make the file too large to read back (16 MiB): a huge
 * agenda keeps every star, and its notes while they fit. */
static void
test_notes_within_the_file_limit(void **state)
{
	(void)state;
	enum { N = 80000, NOTE = 200 };
	char note[NOTE + 1];
	memset(note, 'n', NOTE);
	note[NOTE] = '\0';
	size_t cap = 64 + (size_t)N * (NOTE + 16), len = 0;
	char *text = xmalloc(cap);
	len += (size_t)sprintf(text, "# sked agenda 1 lpc2023\n");
	for (int i = 0; i < N; i++)
		len += (size_t)sprintf(text + len, "s%d  # %s\n", i, note);
	assert_true(len > 16 * 1024 * 1024);
	struct agenda *a = agenda_parse("lpc2023", text, len);
	free(text);
	assert_non_null(a);
	assert_int_equal(a->n, N);
	a->path = xstrdup(path);
	char *error;
	assert_true(agenda_save(a, &error));
	agenda_destroy(a);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size <= 16 * 1024 * 1024);
	a = load();
	assert_int_equal(a->n, N);
	assert_string_equal(agenda_note(a, "s0"), note);
	assert_null(agenda_note(a, "s79999"));
	agenda_destroy(a);
	unlink(path);
}

/* A file that exists but cannot be read is reported, not replaced: here a
 * directory stands where the file should be (so root cannot read it
 * either). */
static void
test_unreadable_is_not_overwritten(void **state)
{
	(void)state;
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	char *notice, *error;
	assert_null(agenda_load_path("lpc2023", path, &notice, &error));
	assert_non_null(error);
	assert_non_null(strstr(error, "cannot read the agenda"));
	free(error);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode)); /* untouched */
	rmdir(path);
}

/* Two processes, each with the agenda it loaded at the start (as a
 * browser keeps it), star and unstar in turns through agenda_update:
 * nothing either saved is lost. */
static void
test_two_writers_lose_nothing(void **state)
{
	(void)state;
	unlink(path);
	/* In one process first: an update shows what another saved. */
	struct agenda *x = load(), *y = load();
	const char *one = "66", *two = "225";
	bool changed;
	char *notice, *error;
	assert_true(agenda_update(x, &one, 1, true, NULL, &changed, NULL, &notice,
				  &error));
	assert_true(changed);
	assert_true(agenda_update(y, &two, 1, true, NULL, &changed, NULL, &notice,
				  &error));
	assert_true(agenda_has(y, "66") && agenda_has(y, "225"));
	assert_true(agenda_update(y, &one, 1, true, NULL, &changed, NULL, &notice,
				  &error));
	assert_false(changed); /* x had starred it */
	agenda_destroy(x);
	agenda_destroy(y);
	unlink(path);
	enum { WRITERS = 2, IDS = 150 };
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] != 0)
			continue;
		struct agenda *a = agenda_load_path("lpc2023", path, &notice,
						    &error);
		for (int i = 0; i < IDS; i++) {
			char id[16];
			const char *p = id;
			snprintf(id, sizeof(id), "w%d-%d", w, i);
			if (!agenda_update(a, &p, 1, true, NULL, NULL, NULL, &notice,
					   &error))
				_exit(1);
			/* Every third star is taken back at once. */
			if (i % 3 == 0 &&
			    !agenda_update(a, &p, 1, false, NULL, NULL, NULL,
					   &notice, &error))
				_exit(1);
		}
		_exit(0);
	}
	for (int w = 0; w < WRITERS; w++) {
		int status;
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_int_equal(status, 0);
	}
	struct agenda *a = load();
	assert_int_equal(a->n, WRITERS * (IDS - IDS / 3));
	for (int w = 0; w < WRITERS; w++)
		for (int i = 0; i < IDS; i++) {
			char id[16];
			snprintf(id, sizeof(id), "w%d-%d", w, i);
			assert_int_equal(agenda_has(a, id), i % 3 != 0);
		}
	agenda_destroy(a);
}

/* 100,000 ids: loaded, looked up, removed and marked correctly (the hash
 * set keeps this linear; tests/bench/agenda_bench.sh times it). */
static void
test_many_ids(void **state)
{
	(void)state;
	enum { N = 100000 };
	size_t cap = 64 + (size_t)N * 12, len = 0;
	char *text = malloc(cap);
	len += (size_t)sprintf(text, "# sked agenda 1 lpc2023\n");
	for (int i = 0; i < N; i++)
		len += (size_t)sprintf(text + len, "i%d\n", i);
	/* Duplicates in a file are kept once. */
	len += (size_t)sprintf(text + len, "i0\ni%d\n", N - 1);
	struct agenda *a = agenda_parse("lpc2023", text, len);
	free(text);
	assert_non_null(a);
	assert_int_equal(a->n, N);
	char id[32];
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "i%d", i);
		assert_string_equal(a->ids[i], id); /* the file's order */
		assert_true(agenda_has(a, id));
	}
	assert_false(agenda_has(a, "i100000"));
	assert_false(agenda_has(a, "66"));
	/* Remove every odd id: the others are still found, in order. */
	for (int i = 1; i < N; i += 2) {
		snprintf(id, sizeof(id), "i%d", i);
		assert_true(agenda_remove(a, id));
		assert_false(agenda_remove(a, id));
	}
	assert_int_equal(a->n, N / 2);
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "i%d", i);
		assert_int_equal(agenda_has(a, id), i % 2 == 0);
		if (i % 2 == 0)
			assert_string_equal(a->ids[i / 2], id);
	}
	/* Two real sessions among them: exactly those are starred, and the
	 * rest are missing, in order. */
	assert_true(agenda_add(a, "66"));
	assert_true(agenda_add(a, "225"));
	assert_false(agenda_add(a, "i0"));
	bool *starred, *conflict;
	assert_int_equal(agenda_mark(a, lpc, &starred, &conflict), 2);
	size_t marked = 0;
	for (size_t i = 0; i < lpc->n_sessions; i++)
		marked += starred[i];
	assert_int_equal(marked, 2);
	assert_true(starred[program_find_session(lpc, "66") - lpc->sessions]);
	free(starred);
	free(conflict);
	const char **missing;
	assert_int_equal(agenda_missing(a, lpc, &missing), N / 2);
	assert_string_equal(missing[0], "i0");
	assert_string_equal(missing[N / 2 - 1], "i99998");
	free(missing);
	agenda_destroy(a);
}

/* Saves in a loop in a child killed with SIGKILL at random moments: the
 * file is always one complete version, never broken or empty. */
static void
test_kill_during_saves(void **state)
{
	(void)state;
	unlink(path);
	srand((unsigned)time(NULL));
	int checked = 0;
	for (int round = 0; round < 150; round++) {
		/* The child says when its first save is done: the kill then
		 * always lands among saves, however slow the build. */
		int ready[2];
		assert_int_equal(pipe(ready), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(ready[0]);
			char *notice, *error;
			struct agenda *a = agenda_load_path("lpc2023", path,
							    &notice, &error);
			agenda_add(a, "s0"); /* the short agenda: just s0 */
			for (int k = 0;; k++) {
				/* Alternate a short agenda (first, so that the
				 * child is ready at once) and a long one. */
				if (k % 2 == 1)
					for (int i = 0; i < 500; i++) {
						char id[16];
						snprintf(id, sizeof(id), "s%d", i);
						agenda_add(a, id);
					}
				else
					while (a->n > 1)
						agenda_remove(a, a->ids[a->n - 1]);
				agenda_save(a, &error);
				if (k == 0) {
					if (write(ready[1], "x", 1) != 1)
						_exit(1);
					close(ready[1]);
				}
			}
		}
		close(ready[1]);
		char byte;
		assert_int_equal(read(ready[0], &byte, 1), 1);
		close(ready[0]);
		usleep((useconds_t)(rand() % 20000));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		char *notice, *error;
		struct agenda *a = agenda_load_path("lpc2023", path, &notice,
						    &error);
		assert_null(error);
		assert_null(notice); /* never corrupt */
		assert_non_null(a);
		assert_true(a->n == 1 || a->n == 500);
		agenda_destroy(a);
		checked++;
	}
	assert_int_equal(checked, 150);
	/* The killed saves left no temporary file behind, or the next save
	 * removed it. */
	struct agenda *a = load();
	char *error;
	assert_true(agenda_save(a, &error));
	agenda_destroy(a);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "ls %s/sked | grep -q '\\.tmp\\.'", dir);
	assert_int_not_equal(system(cmd), 0);
}

/* ---- star moves made once (agenda_moves_*) ---- */

static const char journal_ok[] =
	"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66 225\n225 66\n";

/* A journal is exactly what sked writes; anything else is refused whole,
 * never read in part. */
static void
test_journal_parse(void **state)
{
	(void)state;
	struct agenda_journal j;
	assert_true(agenda_journal_parse("lpc2023", journal_ok,
					 strlen(journal_ok), &j));
	assert_string_equal(j.key, "k-1");
	assert_string_equal(j.token, "t1");
	assert_int_equal(j.n, 2);
	assert_string_equal(j.from[0], "66");
	assert_string_equal(j.to[0], "225");
	assert_string_equal(j.from[1], "225");
	assert_string_equal(j.to[1], "66");
	agenda_journal_free(&j);
	char long_id[80];
	memset(long_id, 'x', 65);
	long_id[65] = '\0';
	char *too_long = xasprintf("# sked moves 1 lpc2023\nkey k\ntoken t\n"
				   "66 %s\n", long_id);
	const char *bad[] = {
		"",
		"\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66 225", /* cut */
		"# sked moves 2 lpc2023\nkey k-1\ntoken t1\n66 225\n",
		"# sked moves 1 lpc2022\nkey k-1\ntoken t1\n66 225\n",
		"# sked moves 1 lpc2023 \nkey k-1\ntoken t1\n66 225\n",
		"# sked agenda 1 lpc2023\n66\n",
		"# sked moves 1 lpc2023\ntoken t1\n66 225\n",
		"# sked moves 1 lpc2023\nkey k-1\n66 225\n",
		"# sked moves 1 lpc2023\ntoken t1\nkey k-1\n66 225\n",
		"# sked moves 1 lpc2023\nkey \ntoken t1\n66 225\n",
		"# sked moves 1 lpc2023\nkey k/1\ntoken t1\n66 225\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t 1\n66 225\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n", /* no move */
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66 225 1\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66  225\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66 225 \n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66 225\r\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66 225\n\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66 2/5\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n 66 225\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n66 225\n66 1\n",
		"# sked moves 1 lpc2023\nkey k-1\ntoken t1\n# 66 225\n",
		too_long,
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(agenda_journal_parse("lpc2023", bad[i],
						  strlen(bad[i]), &j));
		assert_int_equal(j.n, 0);
		assert_null(j.key);
		assert_null(j.token);
	}
	/* A NUL inside. */
	char nul[sizeof(journal_ok)];
	memcpy(nul, journal_ok, sizeof(journal_ok));
	nul[30] = '\0';
	assert_false(agenda_journal_parse("lpc2023", nul, sizeof(nul) - 1, &j));
	free(too_long);
}

static char *
journal(void)
{
	return xasprintf("%s.moves", path);
}

/* Stars ids (and their notes from lpc), as a fresh agenda. */
static void
starred_fresh(const char *const *ids, size_t n)
{
	unlink(path);
	char *jp = journal();
	unlink(jp);
	free(jp);
	setenv("XDG_DATA_HOME", dir, 1);
	struct agenda *a = load();
	char *notice, *error;
	assert_true(agenda_update(a, ids, n, true, lpc, NULL, NULL, &notice,
				  &error));
	agenda_destroy(a);
}

static char *
key_of(void *arg, char **error)
{
	(void)error;
	return arg ? xstrdup(arg) : NULL;
}

static enum agenda_moves
finish(const char *key, bool final, size_t *moved, char **notice)
{
	char *error;
	enum agenda_moves m = agenda_moves_finish("lpc2023", key_of,
						  (void *)key, final, moved,
						  NULL, notice, &error);
	assert_null(error);
	return m;
}

/* A journal that is not one (damaged, or not sked's, or no file) is set
 * aside with a notice, never applied, and never stops sked. */
static void
test_journal_corrupt_set_aside(void **state)
{
	(void)state;
	const char *ids[] = {"66"};
	const char *bad[] = {"garbage", "# sked moves 1 lpc2023\nkey k\n",
			     "# sked moves 1 lpc2023\nkey k\ntoken t\n66 2 3\n"};
	char *jp = journal();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]) + 2; i++) {
		starred_fresh(ids, 1);
		char *error = NULL;
		if (i < sizeof(bad) / sizeof(bad[0]))
			assert_true(statefile_write(jp, bad[i], strlen(bad[i]),
						    true, &error));
		else if (i == sizeof(bad) / sizeof(bad[0]))
			assert_int_equal(mkfifo(jp, 0600), 0); /* no wait */
		else
			assert_int_equal(mkdir(jp, 0700), 0);
		assert_true(agenda_moves_pending("lpc2023"));
		size_t moved;
		char *notice;
		assert_int_equal(finish("k", true, &moved, &notice),
				 AGENDA_MOVES_NONE);
		assert_non_null(notice);
		assert_non_null(strstr(notice, "set aside as"));
		assert_int_equal(access(jp, F_OK), -1);
		const char *aside = strstr(notice, "set aside as ") + 13;
		char *name = xstrndup(aside, strcspn(aside, ":"));
		char *cmd = xasprintf("rm -rf '%s'", name);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		free(name);
		free(notice);
		assert_false(agenda_moves_pending("lpc2023"));
		struct agenda *a = load();
		assert_int_equal(a->n, 1);
		assert_true(agenda_has(a, "66"));
		agenda_destroy(a);
	}
	free(jp);
}

static char *
key_unreadable(void *arg, char **error)
{
	(void)arg;
	*error = xstrdup("cannot read the copy");
	return NULL;
}

/* 66 starred alone, and its move to 225 journaled for copy "k". */
static void
begin_66_to_225(void)
{
	const char *ids[] = {"66"};
	const char *from[] = {"66"};
	const char *to[] = {"225"};
	starred_fresh(ids, 1);
	size_t kept;
	char *notice, *error;
	assert_true(agenda_moves_begin("lpc2023", "k", from, to, 1, &kept,
				       NULL, NULL, &notice, &error));
	assert_int_equal(kept, 1);
}

/* What is current cannot be told (a copy there that cannot be read): the
 * journal may be its, so it is kept, final or not, and the error said. */
static void
test_journal_kept_when_the_key_cannot_be_told(void **state)
{
	(void)state;
	begin_66_to_225();
	size_t moved;
	char *notice, *error;
	for (int final = 0; final < 2; final++) {
		assert_int_equal(agenda_moves_finish("lpc2023", key_unreadable,
						     NULL, final, &moved,
						     NULL, &notice, &error),
				 AGENDA_MOVES_FAILED);
		assert_string_equal(error, "cannot read the copy");
		free(error);
		assert_true(agenda_moves_pending("lpc2023"));
	}
	assert_int_equal(finish("k", true, &moved, &notice),
			 AGENDA_MOVES_TAKEN);
	struct agenda *a = load();
	assert_true(agenda_has(a, "225") && a->n == 1);
	agenda_destroy(a);
}

static bool
give_up_soon(void *arg, long holder, unsigned waited_ms)
{
	(void)arg;
	(void)holder;
	return waited_ms < 100;
}

/* Another sked holds the agenda's lock: the moves wait as they are told,
 * and when the wait gives up they fail as a star does, the journal
 * kept (a browser must not hang on them). */
static void
test_journal_waits_as_told(void **state)
{
	(void)state;
	begin_66_to_225();
	const char *from[] = {"66"};
	const char *to[] = {"225"};
	size_t kept, moved;
	char *notice, *error;
	int locked[2], done[2];
	assert_int_equal(pipe(locked), 0);
	assert_int_equal(pipe(done), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		char *e;
		int fd = statefile_lock(path, true, NULL, &e);
		char c = fd >= 0 ? 'y' : 'n';
		(void)!write(locked[1], &c, 1);
		(void)!read(done[0], &c, 1);
		_exit(0);
	}
	char c;
	assert_int_equal(read(locked[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	struct statefile_wait w = {.go_on = give_up_soon};
	assert_int_equal(agenda_moves_finish("lpc2023", key_of, "k", true,
					     &moved, &w, &notice, &error),
			 AGENDA_MOVES_FAILED);
	assert_true(w.gave_up);
	char *said = xasprintf("the agenda is locked by another sked (pid %ld)",
			       (long)child);
	assert_string_equal(error, said);
	free(said);
	free(error);
	w.gave_up = false;
	assert_int_equal(agenda_moves_begin("lpc2023", "k2", from, to, 1,
					    &kept, NULL, &w, &notice, &error),
			 false);
	assert_non_null(strstr(error, "locked by another sked"));
	free(error);
	assert_int_equal(write(done[1], "x", 1), 1);
	assert_int_equal(waitpid(child, NULL, 0), child);
	close(locked[0]);
	close(locked[1]);
	close(done[0]);
	close(done[1]);
	assert_true(agenda_moves_pending("lpc2023"));
	assert_int_equal(finish("k", true, &moved, &notice),
			 AGENDA_MOVES_TAKEN);
	assert_int_equal(moved, 1);
}

/* Begin keeps the moves of the ids starred only; finish makes them once
 * the key is current, notes and all, and the file is as before but for
 * the stars; a journal of another key waits, or is dropped when final. */
static void
test_journal_moves(void **state)
{
	(void)state;
	const char *ids[] = {"66"};
	const char *from[] = {"66", "225", "bad id"};
	const char *to[] = {"225", "66", "1"};
	starred_fresh(ids, 1);
	struct agenda *a = load();
	char *was = xstrdup(agenda_note(a, "66"));
	agenda_destroy(a);
	size_t kept;
	char *notice, *error;
	assert_true(agenda_moves_begin("lpc2023", "k-2", from, to, 3, &kept, NULL, NULL,
				       &notice, &error));
	assert_int_equal(kept, 1);
	char *jp = journal();
	size_t len;
	char *text = statefile_read(jp, 1 << 20, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "\n66 225\n"));
	assert_null(strstr(text, "225 66"));
	free(text);
	/* A second journal would lose the first's moves. */
	assert_false(agenda_moves_begin("lpc2023", "k-3", from, to, 3, &kept, NULL, NULL,
					&notice, &error));
	assert_non_null(strstr(error, "is there"));
	free(error);
	/* Not its key: it waits. */
	size_t moved;
	assert_int_equal(finish("k-1", false, &moved, &notice),
			 AGENDA_MOVES_WAITING);
	assert_null(notice);
	a = load();
	assert_true(agenda_has(a, "66") && a->n == 1);
	agenda_destroy(a);
	assert_int_equal(finish("k-2", false, &moved, &notice),
			 AGENDA_MOVES_TAKEN);
	assert_int_equal(moved, 1);
	assert_int_equal(access(jp, F_OK), -1);
	a = load();
	assert_true(agenda_has(a, "225") && a->n == 1);
	/* The note says what the session is: the one that moved. */
	assert_string_equal(agenda_note(a, "225"), was);
	assert_null(a->moved);
	agenda_destroy(a);
	text = statefile_read(path, 1 << 20, &len);
	assert_null(strstr(text, "moved"));
	free(text);
	assert_int_equal(finish("k-2", true, &moved, &notice),
			 AGENDA_MOVES_NONE);
	/* Dropped when final: its change will not come. */
	assert_true(agenda_moves_begin("lpc2023", "k-4", to, from, 2, &kept, NULL, NULL,
				       &notice, &error));
	assert_int_equal(kept, 1);
	assert_int_equal(finish(NULL, true, &moved, &notice),
			 AGENDA_MOVES_NONE);
	assert_int_equal(access(jp, F_OK), -1);
	a = load();
	assert_true(agenda_has(a, "225") && a->n == 1);
	agenda_destroy(a);
	/* Moves a journal may not hold are not kept: an old id twice (the
	 * journal would be refused whole), an id that is none. */
	const char *twice[] = {"225", "225", "225"};
	const char *dest[] = {"66", "1", "bad id"};
	assert_true(agenda_moves_begin("lpc2023", "k-5", twice, dest, 3, &kept, NULL, NULL,
				       &notice, &error));
	assert_int_equal(kept, 1);
	assert_int_equal(finish("k-5", false, &moved, &notice),
			 AGENDA_MOVES_TAKEN);
	assert_null(notice);
	a = load();
	assert_true(agenda_has(a, "66") && a->n == 1);
	agenda_destroy(a);
	free(was);
	free(jp);
}

/* Two sessions that swapped ids, both starred: each star stays, each note
 * goes with its session. An agenda that holds the journal's token (killed
 * after the save of the moves) took them: nothing moves again. */
static void
test_journal_swap_and_token(void **state)
{
	(void)state;
	const char *ids[] = {"66", "225"};
	const char *from[] = {"66", "225"};
	const char *to[] = {"225", "66"};
	starred_fresh(ids, 2);
	struct agenda *a = load();
	char *n66 = xstrdup(agenda_note(a, "66"));
	char *n225 = xstrdup(agenda_note(a, "225"));
	agenda_destroy(a);
	size_t kept, moved;
	char *notice, *error;
	assert_true(agenda_moves_begin("lpc2023", "k", from, to, 2, &kept, NULL, NULL,
				       &notice, &error));
	assert_int_equal(kept, 2);
	assert_int_equal(finish("k", false, &moved, &notice),
			 AGENDA_MOVES_TAKEN);
	assert_int_equal(moved, 2);
	a = load();
	assert_int_equal(a->n, 2);
	assert_string_equal(agenda_note(a, "225"), n66);
	assert_string_equal(agenda_note(a, "66"), n225);
	agenda_destroy(a);
	/* Only 66 starred, and the agenda took the moves already. */
	const char *one[] = {"66"};
	starred_fresh(one, 1);
	assert_true(agenda_moves_begin("lpc2023", "k", from, to, 2, &kept, NULL, NULL,
				       &notice, &error));
	char *jp = journal();
	size_t len;
	char *text = statefile_read(jp, 1 << 20, &len);
	char *token = strstr(text, "\ntoken ") + 7;
	token[strcspn(token, "\n")] = '\0';
	a = load();
	a->moved = xstrdup(token);
	assert_true(agenda_save(a, &error));
	agenda_destroy(a);
	assert_int_equal(finish("k", false, &moved, &notice),
			 AGENDA_MOVES_TAKEN);
	assert_int_equal(moved, 0);
	assert_int_equal(access(jp, F_OK), -1);
	a = load();
	assert_true(agenda_has(a, "66") && a->n == 1);
	assert_null(a->moved);
	agenda_destroy(a);
	free(text);
	free(jp);
	free(n66);
	free(n225);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_persist_and_unstar),
		cmocka_unit_test(test_conflicts_and_missing),
		cmocka_unit_test(test_conflicts_across_programs),
		cmocka_unit_test(test_corrupt_set_aside),
		cmocka_unit_test(test_edited_by_hand),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_notes_within_the_file_limit),
		cmocka_unit_test(test_unreadable_is_not_overwritten),
		cmocka_unit_test(test_two_writers_lose_nothing),
		cmocka_unit_test(test_many_ids),
		cmocka_unit_test(test_kill_during_saves),
		cmocka_unit_test(test_journal_parse),
		cmocka_unit_test(test_journal_corrupt_set_aside),
		cmocka_unit_test(test_journal_moves),
		cmocka_unit_test(test_journal_kept_when_the_key_cannot_be_told),
		cmocka_unit_test(test_journal_waits_as_told),
		cmocka_unit_test(test_journal_swap_and_token),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
