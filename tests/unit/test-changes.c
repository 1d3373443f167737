/* Unit tests of changes: what changed for starred sessions between two
 * versions of a program (moved, retitled, cancelled, followed by guid,
 * the nearest of repeated slots), the printed lines, stars that follow a
 * session whose id changed (never lost on the way), and the time it takes
 * at 100,000 sessions and stars. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sked/changes.h"
#include "sked/load.h"
#include "sked/statefile.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

static char dir[64];
static char path[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sked-changes-test-%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/sked/conf.agenda", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	tz_cleanup();
	return system(cmd) == 0 ? 0 : -1;
}

static struct program *
load(const char *name, const char *text)
{
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer(name, text, strlen(text), &d);
	if (p == NULL)
		diag_print(&d, stderr);
	assert_non_null(p);
	diag_list_finish(&d);
	return p;
}

/* An agenda of conference "conf" starring ids, in memory. */
static struct agenda *
starred(const char *const *ids, size_t n)
{
	struct agenda *a = agenda_parse("conf", "# sked agenda 1 conf\n", 21);
	assert_non_null(a);
	for (size_t i = 0; i < n; i++)
		agenda_add(a, ids[i]);
	return a;
}

/* The same kept in `path`, empty at first. */
static struct agenda *
starred_file(const char *const *ids, size_t n)
{
	unlink(path);
	char *notice, *error;
	struct agenda *a = agenda_load_path("conf", path, &notice, &error);
	assert_non_null(a);
	bool *changed = xcalloc(n + 1, sizeof(bool));
	assert_true(agenda_update(a, ids, n, true, NULL, changed, NULL, &notice,
				  &error));
	free(changed);
	return a;
}

static char *
file_text(void)
{
	size_t len;
	char *text = statefile_read(path, 1 << 20, &len);
	assert_non_null(text);
	return text;
}

#define CONF \
	"sked: 1\n" \
	"conference:\n" \
	"  id: conf\n" \
	"  title: Conf\n" \
	"  timezone: Europe/Berlin\n" \
	"  start: 2024-03-05\n" \
	"  end: 2024-03-07\n" \
	"rooms:\n" \
	"  - {id: a, name: Room A}\n" \
	"  - {id: b, name: \"Room \\u202EB\"}\n" \
	"sessions:\n"

static const char old_yaml[] = CONF
	"  - {id: s1, title: Moved, room: a, start: 2024-03-05T10:00, duration: 30}\n"
	"  - {id: s2, title: Swapped, room: a, start: 2024-03-05T12:00, duration: 30}\n"
	"  - {id: s3, title: Longer, room: a, start: 2024-03-05T14:00, duration: 30}\n"
	"  - {id: s4, title: Old title, room: a, start: 2024-03-05T15:00, duration: 30}\n"
	"  - {id: s5, title: Gone, room: a, start: 2024-03-06T09:00, duration: 60}\n"
	"  - {id: s6, title: Same, room: a, start: 2024-03-06T10:00, duration: 30}\n"
	"  - {id: s7, title: Both, start: 2024-03-07T23:30, duration: 60}\n"
	"  - {id: s8, title: Later, room: b}\n"
	"  - {id: s9, title: Gone too}\n";

static const char new_yaml[] = CONF
	"  - {id: s6, title: Same, room: a, start: 2024-03-06T10:00, duration: 30}\n"
	"  - {id: s1, title: Moved, room: b, start: 2024-03-06T11:00, duration: 45}\n"
	"  - {id: s2, title: Swapped, room: b, start: 2024-03-05T12:00, duration: 30}\n"
	"  - {id: s3, title: Longer, room: a, start: 2024-03-05T14:00, duration: 60}\n"
	"  - {id: s4, title: \"New \\e[31mtitle\", room: a, start: 2024-03-05T15:00, duration: 30}\n"
	"  - {id: s7, title: Both again, room: a, start: 2024-03-05T09:00, duration: 60}\n"
	"  - {id: s8, title: Later, room: b, start: 2024-03-07T16:00, duration: 30}\n"
	"  - {id: n1, title: New, start: 2024-03-07T10:00, duration: 30}\n";

/* Moved (start, duration, room, or from no time to one), retitled, both,
 * cancelled, back (a starred id only the new version has: n1); in the
 * agenda's order; unchanged sessions and ids neither version has not
 * listed. */
static void
test_compute(void **state)
{
	(void)state;
	struct program *old = load("old.yaml", old_yaml);
	struct program *new = load("new.yaml", new_yaml);
	static const char *const ids[] = {"s9", "s5", "s6", "n1", "s1", "gone",
					  "s4", "s3", "s2", "s7", "s8"};
	struct agenda *a = starred(ids, sizeof(ids) / sizeof(ids[0]));
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	static const struct {
		const char *id;
		int what;
	} want[] = {
		{"s9", CHANGES_CANCELLED}, {"s5", CHANGES_CANCELLED},
		{"n1", CHANGES_BACK},
		{"s1", CHANGES_MOVED},     {"s4", CHANGES_RETITLED},
		{"s3", CHANGES_MOVED},     {"s2", CHANGES_MOVED},
		{"s7", CHANGES_MOVED | CHANGES_RETITLED},
		{"s8", CHANGES_MOVED},
	};
	assert_int_equal(c.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < c.n; i++) {
		assert_string_equal(c.v[i].id, want[i].id);
		assert_int_equal(c.v[i].what, want[i].what);
	}
	assert_int_equal(changes_count(&c), c.n);
	/* The fields of a moved, a cancelled and a back one. */
	const struct changes_item *m = &c.v[3];
	assert_string_equal(m->new_id, "s1");
	assert_string_equal(m->old_title, "Moved");
	assert_string_equal(m->new_title, "Moved");
	assert_int_equal(m->old_start, 1709629200); /* 2024-03-05T09:00Z */
	assert_int_equal(m->new_start, 1709719200); /* 2024-03-06T10:00Z */
	assert_int_equal(m->old_duration, 30);
	assert_int_equal(m->new_duration, 45);
	assert_string_equal(m->old_room, "Room A");
	assert_string_equal(m->new_room, "Room \u202EB");
	const struct changes_item *x = &c.v[1];
	assert_null(x->new_id);
	assert_null(x->new_title);
	assert_null(x->new_room);
	assert_string_equal(x->old_room, "Room A");
	const struct changes_item *b = &c.v[2];
	assert_string_equal(b->id, "n1");
	assert_string_equal(b->new_id, "n1");
	assert_string_equal(b->old_title, "New");
	assert_string_equal(b->new_title, "New");
	assert_int_equal(b->old_start, b->new_start);
	assert_int_equal(b->new_start, 1709802000); /* 2024-03-07T09:00Z */
	assert_null(b->new_room);
	/* From no time to one: old_start 0. */
	assert_int_equal(c.v[8].old_start, 0);
	assert_null(c.v[0].old_room);
	changes_free(&c);
	assert_int_equal(c.n, 0);
	/* Nothing changed: nothing listed. */
	changes_compute(new, new, a, CHANGES_WITH_BACK, &c);
	assert_int_equal(c.n, 0);
	changes_free(&c);
	/* Not an update's (sked changes, later): n1 may be a star made
	 * since on a session new in this version, not a session back. */
	changes_compute(old, new, a, CHANGES_WITH_STARS_MOVED, &c);
	assert_int_equal(c.n, sizeof(want) / sizeof(want[0]) - 1);
	for (size_t i = 0; i < c.n; i++)
		assert_true(c.v[i].what != CHANGES_BACK);
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* The exact lines, in the program's zone (not the user's: TZ is set to
 * New York in main), with the day, titles and rooms sanitized. */
static void
test_print(void **state)
{
	(void)state;
	struct program *old = load("old.yaml", old_yaml);
	struct program *new = load("new.yaml", new_yaml);
	static const char *const ids[] = {"s9", "s5", "s6", "n1", "s1", "s4",
					  "s3", "s2", "s7", "s8"};
	struct agenda *a = starred(ids, sizeof(ids) / sizeof(ids[0]));
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	changes_print(fp, &c, new, "");
	fclose(fp);
	assert_string_equal(buf,
		"cancelled: Gone too: unscheduled\n"
		"cancelled: Gone: Wed 6 March, 09:00–10:00 in Room A\n"
		"back: New: Thu 7 March, 10:00–10:30\n"
		"moved: Moved: Tue 5 March, 10:00–10:30 in Room A -> "
		"Wed 6 March, 11:00–11:45 in Room \uFFFDB\n"
		"retitled: Old title -> New \uFFFDtitle\n"
		"moved: Longer: Tue 5 March, 14:00–14:30 in Room A -> "
		"Tue 5 March, 14:00–15:00 in Room A\n"
		"moved: Swapped: Tue 5 March, 12:00–12:30 in Room A -> "
		"Tue 5 March, 12:00–12:30 in Room \uFFFDB\n"
		"moved and retitled: Both -> Both again: "
		"Thu 7 March, 23:30–00:30+1 -> Tue 5 March, 09:00–10:00 in Room A\n"
		"moved: Later: unscheduled in Room \uFFFDB -> "
		"Thu 7 March, 16:00–16:30 in Room \uFFFDB\n");
	free(buf);
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* A frab XML feed with one event, 10, and then the same with a second
 * slot of 10 (another guid). */
#define XML_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n" \
	"<conference><acronym>conf</acronym><title>Conf</title>" \
	"<start>2024-03-05</start><end>2024-03-06</end><days>2</days>" \
	"<time_zone_name>Europe/Berlin</time_zone_name></conference>\n"
#define XML_EVENT(id, guid, date, start, title) \
	"<event id=\"" id "\" guid=\"" guid "\"><date>" date "T" start \
	":00+01:00</date><start>" start "</start><duration>01:00</duration>" \
	"<room>Hall</room><title>" title "</title></event>\n"
#define G1 "aaaaaaaa-0000-4000-8000-000000000001"
#define G2 "aaaaaaaa-0000-4000-8000-000000000002"
#define G11 "aaaaaaaa-0000-4000-8000-000000000011"

static const char xml_one[] = XML_HEAD
	"<day index=\"1\" date=\"2024-03-05\"><room name=\"Hall\">\n"
	XML_EVENT("10", G1, "2024-03-05", "10:00", "Workshop")
	XML_EVENT("11", G11, "2024-03-05", "12:00", "Talk")
	"</room></day></schedule>\n";

static const char xml_two[] = XML_HEAD
	"<day index=\"1\" date=\"2024-03-05\"><room name=\"Hall\">\n"
	XML_EVENT("10", G1, "2024-03-05", "10:00", "Workshop")
	XML_EVENT("11", G11, "2024-03-05", "12:00", "Talk")
	"</room></day>\n"
	"<day index=\"2\" date=\"2024-03-06\"><room name=\"Hall\">\n"
	XML_EVENT("10", G2, "2024-03-06", "10:00", "Workshop")
	"</room></day></schedule>\n";

/* The case sked(5) documented as a limitation: a session gains a second
 * slot, and the feed's id of its first slot becomes the slot's guid. The
 * star follows it by guid, to the first slot (not the new one), in the
 * agenda's file. */
static void
test_second_slot(void **state)
{
	(void)state;
	struct program *old = load("one.xml", xml_one);
	struct program *new = load("two.xml", xml_two);
	assert_non_null(program_find_session(old, "10"));
	assert_null(program_find_session(new, "10")); /* the id changed */
	static const char *const ids[] = {"10", "11"};
	struct agenda *a = starred_file(ids, 2);
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].id, "10");
	assert_string_equal(c.v[0].new_id, G1);
	assert_int_equal(c.v[0].what, CHANGES_ID); /* nothing else changed */
	assert_int_equal(changes_count(&c), 0);
	/* Nothing for a person to read. */
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	changes_print(fp, &c, new, "");
	fclose(fp);
	assert_int_equal(len, 0);
	free(buf);
	char *error;
	assert_int_equal(changes_follow_stars(&c, a, &error), 1);
	assert_null(error);
	assert_true(agenda_has(a, G1));
	assert_false(agenda_has(a, "10"));
	assert_false(agenda_has(a, G2));
	char *text = file_text();
	assert_string_equal(text, "# sked agenda 1 conf\n11\n" G1 "\n");
	free(text);
	/* Once more: nothing left to move. */
	changes_free(&c);
	changes_compute(new, new, a, CHANGES_WITH_BACK, &c);
	assert_int_equal(c.n, 0);
	assert_int_equal(changes_follow_stars(&c, a, &error), 0);
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* Two sessions whose ids were swapped, each keeping its guid: a star
 * follows its talk by the guid to its new id, and is not handed the other
 * talk that took its old id (reported "moved and retitled" to it). */
static const char xml_swapped[] = XML_HEAD
	"<day index=\"1\" date=\"2024-03-05\"><room name=\"Hall\">\n"
	XML_EVENT("11", G1, "2024-03-05", "10:00", "Workshop")
	XML_EVENT("10", G11, "2024-03-05", "12:00", "Talk")
	"</room></day></schedule>\n";

static void
test_swapped_ids(void **state)
{
	(void)state;
	struct program *old = load("one.xml", xml_one);
	struct program *new = load("swapped.xml", xml_swapped);
	static const char *const ids[] = {"10"};
	struct agenda *a = starred_file(ids, 1);
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].id, "10");
	assert_string_equal(c.v[0].new_id, "11");
	assert_int_equal(c.v[0].what, CHANGES_ID); /* not moved, not retitled */
	char *error;
	assert_int_equal(changes_follow_stars(&c, a, &error), 1);
	assert_true(agenda_has(a, "11"));
	assert_false(agenda_has(a, "10"));
	changes_free(&c);
	agenda_destroy(a);
	/* Both starred: both stay starred, each on its talk's new id. */
	static const char *const both[] = {"10", "11"};
	a = starred_file(both, 2);
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.v[0].what | c.v[1].what, CHANGES_ID);
	assert_int_equal(changes_follow_stars(&c, a, &error), 2);
	assert_true(agenda_has(a, "10") && agenda_has(a, "11"));
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* The same swap, Workshop moved: after the update moved the stars
 * (CHANGES_WITH_STARS_MOVED), a star on 11 is Workshop's, which was 10,
 * and is reported as Workshop's move; not as Talk's, which held 11
 * before and only changed its id. */
static const char xml_swapped_moved[] = XML_HEAD
	"<day index=\"1\" date=\"2024-03-05\"><room name=\"Hall\">\n"
	XML_EVENT("11", G1, "2024-03-05", "10:30", "Workshop")
	XML_EVENT("10", G11, "2024-03-05", "12:00", "Talk")
	"</room></day></schedule>\n";

static void
test_swapped_ids_stars_moved(void **state)
{
	(void)state;
	struct program *old = load("one.xml", xml_one);
	struct program *new = load("swapped.xml", xml_swapped_moved);
	static const char *const ids[] = {"11"};
	struct agenda *a = starred(ids, 1);
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_STARS_MOVED, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].id, "10");
	assert_string_equal(c.v[0].new_id, "11");
	assert_string_equal(c.v[0].old_title, "Workshop");
	assert_int_equal(c.v[0].what, CHANGES_MOVED | CHANGES_ID);
	assert_int_equal(c.v[0].new_start - c.v[0].old_start, 30 * 60);
	changes_free(&c);
	/* Before the moves, 11 is Talk's star: only its id changed. */
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].old_title, "Talk");
	assert_int_equal(c.v[0].what, CHANGES_ID);
	changes_free(&c);
	agenda_destroy(a);
	/* Both starred: each star its own talk, in the agenda's order. */
	static const char *const both[] = {"10", "11"};
	a = starred(both, 2);
	changes_compute(old, new, a, CHANGES_WITH_STARS_MOVED, &c);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].old_title, "Talk");
	assert_int_equal(c.v[0].what, CHANGES_ID);
	assert_string_equal(c.v[1].old_title, "Workshop");
	assert_int_equal(c.v[1].what, CHANGES_MOVED | CHANGES_ID);
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
	/* A star left on an old id beside the one on its new id (a move cut
	 * short): one session, listed once, either way. */
	old = load("one.xml", xml_one);
	new = load("two.xml", xml_two);
	static const char *const twice[] = {"10", G1};
	a = starred(twice, 2);
	for (int how = 0; how < 4; how++) {
		changes_compute(old, new, a, how, &c);
		assert_int_equal(c.n, 1);
		assert_string_equal(c.v[0].id, "10");
		assert_string_equal(c.v[0].new_id, G1);
		changes_free(&c);
	}
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* Without guids, ids are all there is: two sessions that swapped ids are
 * each the other's session under its id, and a star stays on its id,
 * which now names the other talk: reported as moved and retitled to it,
 * by the update and later alike, so that the person sees what the
 * starred id is now. */
static void
test_swapped_ids_without_guids(void **state)
{
	(void)state;
	struct program *old = load("old.yaml", CONF
		"  - {id: x, title: X, room: a, start: 2024-03-05T10:00, duration: 30}\n"
		"  - {id: y, title: Y, room: a, start: 2024-03-05T12:00, duration: 30}\n");
	struct program *new = load("new.yaml", CONF
		"  - {id: y, title: X, room: a, start: 2024-03-05T10:30, duration: 30}\n"
		"  - {id: x, title: Y, room: a, start: 2024-03-05T12:00, duration: 30}\n");
	static const char *const ids[] = {"x"};
	struct agenda *a = starred(ids, 1);
	for (int how = 0; how < 4; how++) {
		struct changes c;
		changes_compute(old, new, a, how, &c);
		assert_int_equal(c.n, 1);
		assert_string_equal(c.v[0].id, "x");
		assert_string_equal(c.v[0].new_id, "x");
		assert_string_equal(c.v[0].new_title, "Y");
		assert_int_equal(c.v[0].what, CHANGES_MOVED | CHANGES_RETITLED);
		changes_free(&c);
	}
	const char **from, **to;
	assert_int_equal(changes_id_map(old, new, &from, &to), 0);
	free(from);
	free(to);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* A guid the new version gives several sessions (repeated slots): the
 * star follows the slot starting nearest the old start, the earlier of
 * two as near, never an unscheduled one while there is a time. */
static void
test_nearest_slot(void **state)
{
	(void)state;
	struct program *old = load("old.yaml", CONF
		"  - {id: w, title: W, guid: G, start: 2024-03-05T10:00, duration: 30}\n"
		"  - {id: v, title: V, guid: H, start: 2024-03-05T10:00, duration: 30}\n"
		"  - {id: u, title: U, guid: K}\n");
	struct program *new = load("new.yaml", CONF
		"  - {id: w-1, title: W, guid: G, start: 2024-03-06T10:00, duration: 30}\n"
		"  - {id: w-0, title: W, guid: G}\n"
		"  - {id: w-2, title: W, guid: G, start: 2024-03-05T13:00, duration: 30}\n"
		"  - {id: w-4, title: W, guid: G, start: 2024-03-05T07:00, duration: 30}\n"
		"  - {id: w-3, title: W, guid: G, start: 2024-03-05T12:00, duration: 30}\n"
		"  - {id: v-late, title: V, guid: H, start: 2024-03-05T11:00, duration: 30}\n"
		"  - {id: v-early, title: V, guid: H, start: 2024-03-05T09:00, duration: 30}\n"
		"  - {id: u-2, title: U, guid: K, start: 2024-03-05T09:00, duration: 30}\n"
		"  - {id: u-1, title: U, guid: K}\n");
	static const char *const ids[] = {"w", "v", "u"};
	struct agenda *a = starred(ids, 3);
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.v[0].new_id, "w-3"); /* 2 h after, not 3 h before */
	assert_string_equal(c.v[1].new_id, "v-early");
	assert_int_equal(c.v[1].what, CHANGES_ID | CHANGES_MOVED);
	assert_string_equal(c.v[2].new_id, "u-1"); /* unscheduled to unscheduled */
	assert_int_equal(c.v[2].what, CHANGES_ID);
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* A star another sked removed after this one loaded the agenda is not
 * brought back under the new id. */
static void
test_follow_respects_unstar(void **state)
{
	(void)state;
	struct program *old = load("one.xml", xml_one);
	struct program *new = load("two.xml", xml_two);
	static const char *const ids[] = {"10", "11"};
	struct agenda *a = starred_file(ids, 2);
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	assert_int_equal(c.n, 1);
	/* Another process unstars 10. */
	char *notice, *error;
	struct agenda *b = agenda_load_path("conf", path, &notice, &error);
	assert_non_null(b);
	assert_true(agenda_update(b, ids, 1, false, NULL, NULL, NULL, &notice,
				  &error));
	agenda_destroy(b);
	assert_int_equal(changes_follow_stars(&c, a, &error), 0);
	assert_null(error);
	char *text = file_text();
	assert_string_equal(text, "# sked agenda 1 conf\n11\n");
	free(text);
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* The new ids are starred before the old ones are unstarred: when saving
 * fails after the first (here: the file may not grow, so that saving the
 * agenda with the new id fails and saving it without the old one would
 * not), the star is still on the old id, never on neither. */
static void
test_follow_never_loses(void **state)
{
	(void)state;
	struct program *old = load("one.xml", xml_one);
	struct program *new = load("two.xml", xml_two);
	static const char *const ids[] = {"10", "11"};
	struct agenda *a = starred_file(ids, 2);
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	char *before = file_text();
	struct rlimit was, cap;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	cap = was;
	cap.rlim_cur = strlen(before);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &cap), 0);
	char *error;
	long moved = changes_follow_stars(&c, a, &error);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(moved, -1);
	assert_non_null(error);
	free(error);
	char *after = file_text();
	assert_string_equal(after, before);
	free(after);
	free(before);
	/* With room again, it goes through. */
	assert_int_equal(changes_follow_stars(&c, a, &error), 1);
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

/* 100,000 sessions, all of one guid, all with new ids, all starred: each
 * star follows by guid to the slot at its own start. A scan per starred
 * id (of the sessions, or of the guid's slots) takes 10^10 steps; the
 * indexes take well under the bound. */
static void
test_many(void **state)
{
	(void)state;
	enum { N = 100000, SPAN = 40000 };
	char *text[2];
	for (int v = 0; v < 2; v++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		fputs("sked: 1\nconference:\n  id: conf\n  title: Conf\n"
		      "  timezone: UTC\n  start: 2024-03-01\n"
		      "  end: 2024-03-31\nsessions:\n",
		      fp);
		for (int i = 0; i < N; i++) {
			int m = i % SPAN;
			fprintf(fp,
				"  - {id: %c%d, title: T, guid: G, "
				"start: \"2024-03-%02d %02d:%02d\", duration: 1}\n",
				v ? 't' : 's', i, 1 + m / 1440, m % 1440 / 60,
				m % 60);
		}
		fclose(fp);
		text[v] = buf;
	}
	struct program *old = load("old.yaml", text[0]);
	struct program *new = load("new.yaml", text[1]);
	free(text[0]);
	free(text[1]);
	struct agenda *a = starred(NULL, 0);
	for (size_t i = 0; i < N; i++)
		agenda_add(a, old->sessions[i].id);
	clock_t t0 = clock();
	struct changes c;
	changes_compute(old, new, a, CHANGES_WITH_BACK, &c);
	double seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("changes_compute: %.3f s\n", seconds);
	assert_true(seconds < 10);
	assert_int_equal(c.n, N);
	assert_int_equal(changes_count(&c), 0);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(c.v[i].what, CHANGES_ID);
		assert_int_equal(c.v[i].new_start, c.v[i].old_start);
	}
	/* Equal starts: the first slot of that start. */
	assert_string_equal(c.v[SPAN + 7].new_id, "t7");
	changes_free(&c);
	agenda_destroy(a);
	program_destroy(old);
	program_destroy(new);
}

int
main(void)
{
	/* Not the programs' zone: the lines must not depend on the user's. */
	setenv("TZ", "America/New_York", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_second_slot),
		cmocka_unit_test(test_swapped_ids),
		cmocka_unit_test(test_swapped_ids_stars_moved),
		cmocka_unit_test(test_swapped_ids_without_guids),
		cmocka_unit_test(test_nearest_slot),
		cmocka_unit_test(test_follow_respects_unstar),
		cmocka_unit_test(test_follow_never_loses),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
