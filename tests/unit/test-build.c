/* Unit tests of the builder on hand-made feeds: what any reader's feed
 * becomes, derived ids and their stability, created references, the zone,
 * instants, durations, and the wording of every error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sked/arena.h"
#include "sked/build.h"
#include "sked/feed.h"
#include "sked/program.h"
#include "sked/tz.h"

static struct feed_str
S(struct feed *f, const char *s, unsigned line)
{
	return feed_str(f, s, (struct feed_pos){line, 3});
}

static struct feed *
mkfeed(int flags, const char *zone)
{
	struct feed *f = feed_create("f.xml", "test");
	f->flags = flags;
	f->conference.pos = (struct feed_pos){1, 1};
	f->conference.title = S(f, "Test Conf", 2);
	if (zone)
		f->conference.timezone = S(f, zone, 3);
	return f;
}

/* A session at line 10+i (its values on the same line). */
static struct feed_session *
add(struct feed *f, const char *id, const char *title, const char *start,
    const char *duration)
{
	unsigned line = 10 + (unsigned)f->n_sessions;
	struct feed_session *s = feed_add_session(f);
	s->pos = (struct feed_pos){line, 1};
	s->id = S(f, id, id ? line : 0);
	s->title = S(f, title, line);
	s->start = S(f, start, start ? line : 0);
	s->duration = S(f, duration, duration ? line : 0);
	return s;
}

static bool
has(const struct diag_list *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++) {
		char *m = diag_format(&d->v[i]);
		bool found = strstr(m, text) != NULL;
		free(m);
		if (found)
			return true;
	}
	return false;
}

static void
print(const struct diag_list *d)
{
	diag_print(d, stderr);
}

static struct program *
build(const struct feed *f, const char *tz, struct diag_list *d)
{
	diag_list_init(d);
	struct build_options o = {.timezone = tz};
	return build_program(f, &o, d);
}

/* The feed of a program's first version: a repeated pretalx id (two
 * slots), a guid only, nothing at all. */
static struct feed *
version1(void)
{
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES,
				"Europe/Berlin");
	add(f, "1", "Opening", "2023-11-13T09:00", "30");
	add(f, "2", "Workshop", "2023-11-13T09:40", "60");
	add(f, "2", "Workshop", "2023-11-14T09:40", "60");
	struct feed_session *s = add(f, NULL, "Keynote", "2023-11-13T11:00", "45");
	s->guid = S(f, "0f6c1f2a-64b4-5bf0-a3b6-8e7f6a4e2c11", 13);
	add(f, NULL, "Lunch", "2023-11-13T12:00", "60");
	return f;
}

static void
test_ids_derived(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = version1();
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	assert_int_equal(d.errors, 0);
	assert_string_equal(p->sessions[0].id, "1");
	assert_string_equal(p->sessions[1].id, "2-20231113T0940");
	assert_string_equal(p->sessions[2].id, "2-20231114T0940");
	assert_string_equal(p->sessions[3].id,
			    "0f6c1f2a-64b4-5bf0-a3b6-8e7f6a4e2c11");
	assert_string_equal(p->sessions[3].guid,
			    "0f6c1f2a-64b4-5bf0-a3b6-8e7f6a4e2c11");
	assert_int_equal(strlen(p->sessions[4].id), 17);
	assert_int_equal(p->sessions[4].id[0], 'h');

	/* The same feed again: the same ids. */
	struct diag_list d2;
	struct program *q = build(f, NULL, &d2);
	assert_non_null(q);
	for (size_t i = 0; i < p->n_sessions; i++)
		assert_string_equal(p->sessions[i].id, q->sessions[i].id);

	/* A later version: one session changed, one inserted before all:
	 * the others keep their ids. */
	struct feed *g = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES,
				"Europe/Berlin");
	add(g, "9", "Doors open", "2023-11-13T08:30", "0");
	add(g, "1", "Opening (moved)", "2023-11-13T09:10", "20");
	add(g, "2", "Workshop", "2023-11-13T09:40", "60");
	add(g, "2", "Workshop", "2023-11-14T09:40", "60");
	struct feed_session *s = add(g, NULL, "Keynote", "2023-11-13T11:00", "45");
	s->guid = S(g, "0f6c1f2a-64b4-5bf0-a3b6-8e7f6a4e2c11", 14);
	add(g, NULL, "Lunch", "2023-11-13T12:00", "60");
	struct diag_list d3;
	struct program *r = build(g, NULL, &d3);
	assert_non_null(r);
	assert_string_equal(r->sessions[0].id, "9");
	for (size_t i = 0; i < p->n_sessions; i++)
		assert_string_equal(p->sessions[i].id, r->sessions[i + 1].id);
	program_destroy(p);
	program_destroy(q);
	program_destroy(r);
	feed_destroy(f);
	feed_destroy(g);
	diag_list_finish(&d);
	diag_list_finish(&d2);
	diag_list_finish(&d3);
}

/* A pretalx feed over its versions: a repeated id takes each slot's guid
 * (the XSD: the guid identifies an event), a unique one stays the feed's.
 * Version 1 has one slot of submission 10; version 2 adds a second slot;
 * version 3 moves that slot, inserts a session before all and retitles
 * one. */
static struct feed *
pretalx_version(int v)
{
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES,
				"Europe/Berlin");
	if (v >= 3)
		add(f, "5", "Doors open", "2024-03-01T07:30:00+01:00", "0")->guid =
			S(f, "55555555-0000-5000-8000-000000000005", 9);
	add(f, "10", "Repeated workshop", "2024-03-01T10:00:00+01:00", "60")
		->guid = S(f, "10101010-0000-5000-8000-000000000001", 10);
	add(f, "11", v >= 3 ? "Keynote (new title)" : "Keynote",
	    "2024-03-01T11:00:00+01:00", "45")
		->guid = S(f, "11111111-0000-5000-8000-000000000011", 11);
	if (v >= 2)
		add(f, "10", "Repeated workshop",
		    v >= 3 ? "2024-03-02T15:00:00+01:00"
			   : "2024-03-02T10:00:00+01:00",
		    "60")
			->guid = S(f, "10101010-0000-5000-8000-000000000002", 12);
	return f;
}

static const char *
id_of_guid(const struct program *p, const char *guid)
{
	for (size_t i = 0; i < p->n_sessions; i++)
		if (p->sessions[i].guid && strcmp(p->sessions[i].guid, guid) == 0)
			return p->sessions[i].id;
	fail_msg("no session has guid %s", guid);
	return NULL;
}

static void
test_ids_versions(void **state)
{
	(void)state;
	struct program *p[4];
	struct feed *f[4];
	struct diag_list d[4];
	for (int v = 1; v <= 3; v++) {
		f[v] = pretalx_version(v);
		p[v] = build(f[v], NULL, &d[v]);
		print(&d[v]);
		assert_non_null(p[v]);
	}
	const char *g1 = "10101010-0000-5000-8000-000000000001",
		   *g2 = "10101010-0000-5000-8000-000000000002",
		   *g11 = "11111111-0000-5000-8000-000000000011";
	/* Unique feed ids stay the feed's (36C3's numbers, Indico's
	 * contribution ids). */
	assert_string_equal(id_of_guid(p[1], g1), "10");
	assert_string_equal(id_of_guid(p[1], g11), "11");
	/* A second slot: both slots of the repeated id are their guids (the
	 * first slot's id changes once, from the feed id to its guid: one
	 * version of the feed cannot tell which slot was there first). */
	assert_string_equal(id_of_guid(p[2], g1), g1);
	assert_string_equal(id_of_guid(p[2], g2), g2);
	assert_string_equal(id_of_guid(p[2], g11), "11");
	/* A slot moved, a session inserted before all, one retitled: every
	 * id as in version 2. */
	for (const char *const *g = (const char *const[]){g1, g2, g11, NULL};
	     *g; g++)
		assert_string_equal(id_of_guid(p[3], *g), id_of_guid(p[2], *g));
	assert_string_equal(p[3]->sessions[0].id, "5");
	/* A repeated id whose slots share one guid (or have none) is told
	 * apart by start, as before. */
	struct feed *g = mkfeed(FEED_DERIVE_IDS, "UTC");
	add(g, "7", "Twice", "2024-03-01T10:00Z", "30")->guid = S(g, "same", 10);
	add(g, "7", "Twice", "2024-03-02T10:00Z", "30")->guid = S(g, "same", 11);
	struct diag_list dg;
	struct program *q = build(g, NULL, &dg);
	assert_non_null(q);
	assert_string_equal(q->sessions[0].id, "7-20240301T1000Z");
	assert_string_equal(q->sessions[1].id, "7-20240302T1000Z");
	program_destroy(q);
	feed_destroy(g);
	diag_list_finish(&dg);
	/* Guids that are one id once made ids (iCalendar UIDs "a b" and
	 * "a_b"): each session's id is the same in either order of the
	 * feed (it was ".2" for the second, and a star moved with it). */
	const char *ids[2][2];
	struct program *o[2];
	struct feed *of[2];
	struct diag_list od[2];
	for (int k = 0; k < 2; k++) {
		of[k] = mkfeed(FEED_DERIVE_IDS, "UTC");
		for (int j = 0; j < 2; j++) {
			int which = k ? 1 - j : j;
			const char *uid = which ? "a_b" : "a b";
			add(of[k], uid, which ? "Under" : "Space",
			    which ? "2024-03-01T11:00Z" : "2024-03-01T10:00Z",
			    "30")->guid = S(of[k], uid, 10);
		}
		o[k] = build(of[k], NULL, &od[k]);
		assert_non_null(o[k]);
		ids[k][0] = id_of_guid(o[k], "a b");
		ids[k][1] = id_of_guid(o[k], "a_b");
	}
	assert_string_equal(ids[0][0], ids[1][0]);
	assert_string_equal(ids[0][1], ids[1][1]);
	/* The guid that is an id as written keeps it (a session added
	 * beside it renames nothing); the other takes a hash. */
	assert_string_equal(ids[0][1], "a_b");
	assert_string_equal(ids[0][0], "a_b-04833892");
	for (int k = 0; k < 2; k++) {
		program_destroy(o[k]);
		feed_destroy(of[k]);
		diag_list_finish(&od[k]);
	}
	for (int v = 1; v <= 3; v++) {
		program_destroy(p[v]);
		feed_destroy(f[v]);
		diag_list_finish(&d[v]);
	}
}

/* Many sessions of one id, one start and one room (an iCalendar feed
 * repeating one UID): id, id.2, id.3... in the feed's order, each found
 * in one step: the numbers were tried from 2 for every session, each try
 * a string kept (16,000 sessions took 3 GB and 40 s). The program's
 * arena stays linear in the sessions. */
static void
test_ids_repeated_many(void **state)
{
	(void)state;
	enum { N = 4000 };
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES, "UTC");
	for (int i = 0; i < N; i++)
		add(f, "same", "S", "2024-03-01T10:00Z", "60")->room =
			S(f, "Room", 10);
	/* A literal id the numbering must step over. */
	add(f, "same.3", "T", "2024-03-01T11:00Z", "60");
	struct diag_list d;
	struct program *p = build(f, NULL, &d);
	assert_non_null(p);
	assert_int_equal(d.errors, 0);
	size_t seen = 0;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const char *id = p->sessions[i].id;
		if (strcmp(p->sessions[i].title, "T") == 0) {
			assert_string_equal(id, "same.3");
			continue;
		}
		seen++;
		assert_non_null(strstr(id, "same"));
	}
	assert_int_equal(seen, N);
	/* 4,000 ids of a few bytes: far under a megabyte each way; the
	 * numbers tried again and again made some 8 million strings. */
	assert_true(arena_size(p->arena) < 4 * 1024 * 1024);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);
}

/* A feed of more rooms than the limit: an error, and the sessions'
 * rooms looked up into arrays that exist (the first was written past a
 * 1-byte allocation: ASan's heap-buffer-overflow, malloc's abort). */
static void
test_too_many_rooms(void **state)
{
	(void)state;
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES, "UTC");
	char name[32];
	for (int i = 0; i <= PROGRAM_MAX_NAMED; i++) {
		snprintf(name, sizeof(name), "R%d", i);
		feed_add_room(f)->name = S(f, name, 5);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "Hall %d", i);
		add(f, "s", "S", "2024-03-01T10:00Z", "60")->room =
			S(f, name, 10);
	}
	struct diag_list d;
	assert_null(build(f, NULL, &d));
	assert_true(d.errors > 0);
	feed_destroy(f);
	diag_list_finish(&d);
}

/* Rooms whose names make one slug ("R-1", "R 1", "R.1"...): r-r-1,
 * r-r-1-2, r-r-1-3... each found in one step, not tried from 2 for every
 * room with a string kept for each try. */
static void
test_room_slugs_repeated_many(void **state)
{
	(void)state;
	enum { N = 3000 };
	static const char punct[] = " -.,;:!?";
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES, "UTC");
	char name[64];
	for (int i = 0; i < N; i++) {
		/* One slug, names all apart: the punctuation spells i. */
		int k = 0;
		name[k++] = 'R';
		for (int v = i; k < 12; v /= 8)
			name[k++] = punct[v % 8];
		name[k++] = 'x';
		name[k] = '\0';
		feed_add_room(f)->name = S(f, name, 5);
	}
	add(f, "s", "S", "2024-03-01T10:00Z", "60");
	struct diag_list d;
	struct program *p = build(f, NULL, &d);
	assert_non_null(p);
	assert_int_equal(p->n_rooms, N);
	for (size_t i = 1; i < p->n_rooms; i++)
		assert_string_not_equal(p->rooms[i].id, p->rooms[0].id);
	assert_true(arena_size(p->arena) < 4 * 1024 * 1024);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);
}

static void
test_ids_mapped(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES, "UTC");
	add(f, "a b/c", "Odd characters", "2023-11-13T09:00", "30");
	char longid[101];
	memset(longid, 'x', 100);
	longid[100] = '\0';
	add(f, longid, "Long id", "2023-11-13T09:00", "30");
	/* Same id and start, two rooms; then the same in every way. */
	add(f, "5", "Twice", "2023-11-13T10:00Z", "30")->room = S(f, "Hall A", 12);
	add(f, "5", "Twice", "2023-11-13T10:00Z", "30")->room = S(f, "Hall B", 13);
	add(f, "6", "Same", "2023-11-13T11:00", "30");
	add(f, "6", "Same", "2023-11-13T11:00", "30");
	/* Two slots in one room: their starts tell them apart, so the
	 * room stays out of their ids (moving a slot to another room keeps
	 * its id, and its stars). */
	add(f, "7", "Slots", "2023-11-13T12:00", "30")->room = S(f, "Hall A", 14);
	add(f, "7", "Slots", "2023-11-14T12:00", "30")->room = S(f, "Hall A", 15);
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	assert_string_equal(p->sessions[0].id, "a_b_c");
	assert_int_equal(strlen(p->sessions[1].id), PROGRAM_MAX_ID);
	assert_memory_equal(p->sessions[1].id, longid, 47);
	assert_int_equal(p->sessions[1].id[47], '-');
	/* An absolute start gives its UTC form, whatever the zone. */
	assert_string_equal(p->sessions[2].id, "5-20231113T1000Z-hall-a");
	assert_string_equal(p->sessions[3].id, "5-20231113T1000Z-hall-b");
	assert_string_equal(p->sessions[4].id, "6-20231113T1100");
	assert_string_equal(p->sessions[5].id, "6-20231113T1100.2");
	assert_string_equal(p->sessions[6].id, "7-20231113T1200");
	assert_string_equal(p->sessions[7].id, "7-20231114T1200");
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);
}

static void
test_references(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES, "UTC");
	struct feed_track *t = feed_add_track(f);
	t->id = S(f, "t1", 5);
	t->name = S(f, "Kernel", 5);
	add(f, "1", "A", "2023-11-13T09:00", "30")->room = S(f, "Main Stage", 10);
	struct feed_session *s = add(f, "2", "B", "2023-11-13T10:00", "30");
	s->room = S(f, "Main Stage", 11);
	s->track = S(f, "Kernel", 11);
	add(f, "3", "C", "2023-11-13T11:00", "30")->track = S(f, "t1", 12);
	add(f, "4", "D", "2023-11-13T12:00", "30")->track = S(f, "Rust & C++", 13);
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	assert_int_equal(p->n_rooms, 1);
	assert_string_equal(p->rooms[0].id, "main-stage");
	assert_string_equal(p->rooms[0].name, "Main Stage");
	assert_int_equal(p->sessions[0].room, 0);
	assert_int_equal(p->sessions[1].room, 0);
	assert_int_equal(p->sessions[1].track, 0);
	assert_int_equal(p->sessions[2].track, 0);
	assert_int_equal(p->n_tracks, 2);
	assert_string_equal(p->tracks[1].id, "rust-c");
	assert_int_equal(p->sessions[3].track, 1);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);

	/* Without FEED_CREATE_REFERENCES (sked files): an error. */
	f = mkfeed(FEED_STRICT, "UTC");
	f->conference.id = S(f, "t", 2);
	f->conference.start = S(f, "2023-11-13", 2);
	f->conference.end = S(f, "2023-11-13", 2);
	add(f, "1", "A", "2023-11-13T09:00", "30")->room = S(f, "Main Stage", 10);
	p = build(f, NULL, &d);
	assert_null(p);
	assert_true(has(&d, "f.xml:10:3: sessions[0].room: no room has the id "
			    "\"Main Stage\" (expected an id from rooms)"));
	feed_destroy(f);
	diag_list_finish(&d);
}

static void
test_zone(void **state)
{
	(void)state;
	struct diag_list d;
	/* Every time at +01:00, no zone: Etc/GMT-1, with a warning. */
	struct feed *f = mkfeed(FEED_DERIVE_IDS, NULL);
	add(f, "1", "A", "2019-12-27T11:00:00+01:00", "0:30");
	add(f, "2", "B", "2019-12-28T00:30:00+01:00", "0:30");
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	assert_string_equal(p->conference.timezone, "Etc/GMT-1");
	assert_int_equal(d.warnings, 1);
	assert_true(has(&d, "every time in it is at UTC+01:00"));
	assert_true(has(&d, "--timezone ZONE"));
	assert_int_equal(p->sessions[0].start.hour, 11);
	assert_int_equal(p->sessions[0].start_utc, 1577440800);
	/* Dates from the sessions; the id from the title. */
	assert_int_equal(p->conference.start.day, 27);
	assert_int_equal(p->conference.end.day, 28);
	assert_int_equal(p->conference.n_days, 2);
	assert_string_equal(p->conference.id, "test-conf");
	program_destroy(p);
	diag_list_finish(&d);

	/* The user's zone: no warning. */
	p = build(f, "Europe/Berlin", &d);
	assert_non_null(p);
	assert_int_equal(d.warnings, 0);
	assert_string_equal(p->conference.timezone, "Europe/Berlin");
	program_destroy(p);
	diag_list_finish(&d);
	p = build(f, "Mars/Olympus", &d);
	assert_null(p);
	assert_true(has(&d, "--timezone: unknown time zone \"Mars/Olympus\""));
	diag_list_finish(&d);

	/* Mixed offsets: UTC. */
	add(f, "3", "C", "2019-12-28T10:00:00+02:00", "10");
	p = build(f, NULL, &d);
	assert_non_null(p);
	assert_string_equal(p->conference.timezone, "UTC");
	assert_true(has(&d, "different offsets"));
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);

	/* An offset no Etc/GMT zone has (not whole hours): a zone at that
	 * offset at every instant (India's, Marquesas'), the wall times as
	 * written; else UTC. St John's is at -03:30 in winter only. */
	static const struct {
		const char *start, *zone;
		int hour, minute;
	} odd[] = {
		{"2024-03-01T10:00:00+05:30", "Asia/Kolkata", 10, 0},
		{"2024-03-01T10:00:00-09:30", "Pacific/Marquesas", 10, 0},
		{"2024-01-10T10:00:00-03:30", "America/St_Johns", 10, 0},
		{"2024-07-10T10:00:00-03:30", "UTC", 13, 30},
		{"2024-03-01T10:00:00+05:17", "UTC", 4, 43},
	};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		f = mkfeed(FEED_DERIVE_IDS, NULL);
		add(f, "1", "A", odd[i].start, "0:30");
		p = build(f, NULL, &d);
		assert_non_null(p);
		assert_string_equal(p->conference.timezone, odd[i].zone);
		assert_int_equal(p->sessions[0].start.hour, odd[i].hour);
		assert_int_equal(p->sessions[0].start.minute, odd[i].minute);
		assert_true(has(&d, strcmp(odd[i].zone, "UTC") != 0
					    ? "at that offset at all of them"
					    : "at an odd offset"));
		program_destroy(p);
		feed_destroy(f);
		diag_list_finish(&d);
	}
}

static void
test_absolute_and_local(void **state)
{
	(void)state;
	struct diag_list d;
	/* DebConf: <date> in UTC, <start> in local time; they agree. */
	struct feed *f = mkfeed(FEED_DERIVE_IDS, "Asia/Kolkata");
	struct feed_session *s = add(f, "1", "A", "2023-09-10T04:30:00Z", "45");
	s->start_local = S(f, "2023-09-10T10:00", 10);
	s = add(f, "2", "B", "2023-09-10T05:30:00+00:00", "45");
	s->start_local = S(f, "2023-09-10T12:00", 11);
	/* A wall time with an offset-free form is in the zone. */
	add(f, "3", "C", "2023-09-10 14:00", "45");
	/* A local time that is no time (frab's <start>25:99</start>):
	 * said too (it passed without a word), the instant taken. */
	s = add(f, "4", "D", "2023-09-10T09:30:00Z", "45");
	s->start_local = S(f, "25:99", 12);
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	assert_int_equal(p->sessions[0].start_utc, 1694320200);
	assert_int_equal(p->sessions[0].start.hour, 10);
	assert_int_equal(p->sessions[0].start.minute, 0);
	/* The instant wins; the local time that disagrees is a warning. */
	assert_int_equal(p->sessions[1].start.hour, 11);
	assert_int_equal(d.warnings, 2);
	assert_true(has(&d, "f.xml:11:3: warning: sessions[1].start: the local "
			    "time 2023-09-10 12:00 is not the instant"));
	assert_true(has(&d, "f.xml:12:3: warning: sessions[3].start: expected "
			    "a local time (HH:MM), got \"25:99\"; the instant "
			    "2023-09-10T09:30:00Z is taken"));
	assert_int_equal(p->sessions[3].start_utc, 1694338200);
	assert_int_equal(p->sessions[2].start_utc, 1694334600);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);
}

/* The offsets an instant may have: Z, +HH:MM, +HHMM, +HH; never a colon
 * without its minutes ("+05:"), nor a short or long part. */
static void
test_offsets(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = mkfeed(FEED_DERIVE_IDS, "UTC");
	add(f, "a", "T", "2023-11-13T09:00Z", "30");
	add(f, "b", "T", "2023-11-13T14:00+05:00", "30");
	add(f, "c", "T", "2023-11-13T14:00+0500", "30");
	add(f, "d", "T", "2023-11-13T14:00+05", "30");
	add(f, "e", "T", "2023-11-13T04:30-04:30", "30");
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(p->sessions[i].start.hour, 9);
	assert_int_equal(p->sessions[4].start.minute, 0);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);

	static const char *const bad[] = {
		"2023-11-13T14:00+05:", "2023-11-13T14:00+5", "2023-11-13T14:00+05:0",
		"2023-11-13T14:00+05:000", "2023-11-13T14:00+050", "2023-11-13T14:00Z:",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = mkfeed(FEED_DERIVE_IDS, "UTC");
		add(f, "a", "T", bad[i], "30");
		p = build(f, NULL, &d);
		if (p != NULL)
			fail_msg("%s was taken", bad[i]);
		char want[256];
		snprintf(want, sizeof(want), "f.xml:10:3: sessions[0].start: "
			 "expected a wall-clock time YYYY-MM-DDTHH:MM in the "
			 "conference time zone (or an instant, ending in Z or "
			 "an offset such as +01:00), got \"%s\"", bad[i]);
		assert_true(has(&d, want));
		feed_destroy(f);
		diag_list_finish(&d);
	}
}

static void
test_durations(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = mkfeed(FEED_DERIVE_IDS, "UTC");
	static const struct {
		const char *text;
		int minutes;
	} ok[] = {{"0", 0},       {"0:00", 0},     {"PT0S", 0},
		  {"45", 45},     {"1:30", 90},    {"01:30:00", 90},
		  {"PT1H30M", 90}, {"P1D", 1440},  {"PT90M", 90},
		  {"24:00", 1440}, {"PT1H0M59S", 60}};
	size_t n = sizeof(ok) / sizeof(ok[0]);
	for (size_t i = 0; i < n; i++)
		add(f, "x", "T", "2023-11-13T09:00", ok[i].text);
	/* An end instead of a duration, and one equal to the start. */
	add(f, "e", "End", "2023-11-13T09:00", NULL)->end =
		S(f, "2023-11-13T10:15", 30);
	add(f, "z", "Doors", "2023-11-13T09:00", NULL)->end =
		S(f, "2023-11-13T09:00Z", 31);
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	assert_int_equal(d.errors, 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(p->sessions[i].duration, ok[i].minutes);
	assert_int_equal(p->sessions[n].duration, 75);
	assert_int_equal(p->sessions[n + 1].duration, 0);
	assert_true(p->sessions[n + 1].scheduled);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);

	f = mkfeed(FEED_DERIVE_IDS, "UTC");
	add(f, "a", "T", "2023-11-13T09:00", "PT25H");
	add(f, "b", "T", "2023-11-13T09:00", "-5");
	add(f, "c", "T", "2023-11-13T09:00", "P1H");
	add(f, "d", "T", "2023-11-13T09:00", "1:75");
	add(f, "e", "T", "2023-11-13T09:00", NULL)->end = S(f, "2023-11-13T08:00", 14);
	add(f, "f", "T", "2023-11-13T09:00", NULL);
	p = build(f, NULL, &d);
	assert_null(p);
	/* Over 24 hours in a feed: kept unscheduled (test_too_long). */
	assert_true(has(&d, "f.xml:10:3: warning: sessions[0].duration: "
			    "duration over 24 hours (1440 minutes), got "
			    "\"PT25H\": kept unscheduled"));
	assert_true(has(&d, "f.xml:11:3: sessions[1].duration: expected a duration "
			    "of zero or more minutes, got \"-5\""));
	assert_true(has(&d, "f.xml:12:3: sessions[2].duration: expected minutes "
			    "or H:MM, got \"P1H\""));
	assert_true(has(&d, "f.xml:13:3: sessions[3].duration: expected minutes "
			    "or H:MM, got \"1:75\""));
	assert_true(has(&d, "f.xml:14:3: sessions[4].end: the session ends before "
			    "it starts, got \"2023-11-13T08:00\""));
	/* A feed's event without its length is at its time, of none (a
	 * sked file's is an error: tests/bad/missing-duration.yaml). */
	assert_true(has(&d, "f.xml:15:1: warning: sessions[5]: no duration "
			    "nor end: shown at its start, with no length"));
	feed_destroy(f);
	diag_list_finish(&d);
}

static void
test_errors(void **state)
{
	(void)state;
	struct diag_list d;
	/* A sked-like feed: ids required, checked, unique. */
	struct feed *f = mkfeed(FEED_STRICT, "Europe/Dublin");
	f->conference.id = S(f, "Bad Id", 4);
	f->conference.start = S(f, "2022-09-12", 5);
	f->conference.end = S(f, "2022-09-31", 6);
	f->conference.url = S(f, "https://x.org/a b", 7);
	add(f, NULL, "No id", NULL, NULL);
	add(f, "bad id!", "Bad id", NULL, NULL);
	add(f, "a", "A", "2022-09-12T10:00", "30");
	add(f, "a", "Again", "2022-09-12T25:00", "30");
	struct feed_session *s = add(f, "b", "", "2022-09-12T10:00+14:00:00", "30");
	s->url = S(f, "javascript\n:x", 14);
	feed_add_str(f, &s->languages, S(f, "english", 14));
	struct feed_person *sp = feed_add_person(f, &s->speakers);
	sp->pos = (struct feed_pos){14, 20};
	sp->url = S(f, "not a url", 14);
	struct program *p = build(f, NULL, &d);
	assert_null(p);
	static const char *const want[] = {
		"f.xml:4:3: conference.id: expected an id of up to 64 characters "
		"[a-z0-9-], got \"Bad Id\"",
		"f.xml:7:3: conference.url: expected a URL such as "
		"https://example.org/ (RFC 3986), got \"https://x.org/a b\": "
		"character 16 is a space (write it %20)",
		"f.xml:6:3: conference.end: no such date \"2022-09-31\"",
		"f.xml:10:1: sessions[0]: missing required key \"id\"",
		"f.xml:11:3: sessions[1].id: expected an id of up to 64 characters "
		"[A-Za-z0-9._-], got \"bad id!\"",
		"f.xml:13:3: sessions[3].start: no such date or time "
		"\"2022-09-12T25:00\"",
		"f.xml:13:3: sessions[3].id: duplicate session id \"a\"",
		"f.xml:14:3: sessions[4].title: expected a non-empty string",
		"f.xml:14:3: sessions[4].url: expected a URL",
		"f.xml:14:3: sessions[4].language: expected a language code such "
		"as en or pt-BR, got \"english\"",
		"f.xml:14:20: sessions[4].speakers[0]: missing required key \"name\"",
		"f.xml:14:3: sessions[4].speakers[0].url: expected a URL",
		"f.xml:14:3: sessions[4].start: expected a wall-clock time "
		"YYYY-MM-DDTHH:MM in the conference time zone",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!has(&d, want[i])) {
			print(&d);
			fail_msg("missing: %s", want[i]);
		}
	feed_destroy(f);
	diag_list_finish(&d);

	/* Days: the feed's, checked; the computed ones, checked. */
	f = mkfeed(FEED_DERIVE_IDS, "UTC");
	f->conference.start = S(f, "2022-09-12", 5);
	f->conference.end = S(f, "2022-09-13", 6);
	add(f, "a", "A", "2022-09-14T01:00", "30")->day = 1;
	add(f, "b", "B", "2022-09-13T10:00", "30")->day = 2;
	add(f, "c", "C", "2022-09-20T10:00", "30");
	p = build(f, NULL, &d);
	assert_null(p);
	assert_int_equal(d.errors, 2);
	assert_true(has(&d, "f.xml:11:1: sessions[1]: listed under day 3, but "
			    "the conference has 2"));
	/* Its days begin at the day_change the night of day 2 needs. */
	assert_true(has(&d, "f.xml:12:3: sessions[2].start: 2022-09-20 10:00 is "
			    "outside the conference (2022-09-12 02:00 to the "
			    "day after 2022-09-13, 02:00: its days begin at "
			    "day_change)"));
	feed_destroy(f);
	diag_list_finish(&d);
}

static void
test_fields(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES, "UTC");
	f->conference.start = S(f, "2023-11-13", 5);
	f->conference.end = S(f, "2023-11-14", 6);
	/* After midnight, listed under the first day by the feed. */
	struct feed_session *s = add(f, "1", "Late", "2023-11-14T01:00", "30");
	s->day = 0;
	s->subtitle = S(f, "and later", 10);
	s->description = S(f, "Long text.", 10);
	s->feedback_url = S(f, "https://x.org/fb", 10);
	s->do_not_record = true;
	feed_add_str(f, &s->languages, S(f, "en", 10));
	feed_add_str(f, &s->languages, S(f, "pt-BR", 10));
	struct feed_link *l = feed_add_link(f, &s->links);
	l->url = S(f, "https://x.org/slides.pdf", 10);
	l->title = S(f, "Slides", 10);
	/* Two people of one name, kept apart by their ids. */
	struct feed_person *a = feed_add_person(f, &s->speakers);
	a->name = S(f, "Jo Smith", 10);
	a->id = S(f, "17", 10);
	a->url = S(f, "https://x.org/p/17", 10);
	struct feed_person *b = feed_add_person(f, &s->speakers);
	b->name = S(f, "Jo Smith", 10);
	b->id = S(f, "42", 10);
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	const struct program_session *ps = &p->sessions[0];
	assert_int_equal(ps->day, 0);
	assert_string_equal(ps->subtitle, "and later");
	assert_string_equal(program_text(p, &ps->description_text),
			    "Long text.");
	assert_string_equal(ps->feedback_url, "https://x.org/fb");
	assert_true(ps->do_not_record);
	assert_int_equal(ps->languages.n, 2);
	assert_string_equal(ps->languages.v[1], "pt-BR");
	assert_int_equal(ps->links.n, 1);
	assert_string_equal(ps->links.v[0].title, "Slides");
	assert_int_equal(ps->speakers.n, 2);
	assert_string_equal(ps->speakers.v[0].id, "17");
	assert_string_equal(ps->speakers.v[0].url, "https://x.org/p/17");
	assert_string_equal(ps->speakers.v[1].id, "42");
	assert_null(ps->speakers.v[1].url);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);
}

/* A feed not held to every rule (no FEED_STRICT): a bad URL is encoded or
 * dropped with a warning, an id that is not one made one; the same feed
 * with FEED_STRICT is refused. */
static void
test_lenient(void **state)
{
	(void)state;
	for (int strict = 0; strict < 2; strict++) {
		struct diag_list d;
		struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES |
						(strict ? FEED_STRICT : 0),
					"UTC");
		f->conference.id = S(f, "Camp2019", 4);
		struct feed_room *r = feed_add_room(f);
		r->id = S(f, "Saal 1", 5);
		r->name = S(f, "Saal 1", 5);
		struct feed_session *s = add(f, "1", "A", "2019-08-21T10:00", "30");
		s->room = S(f, "Saal 1", 10);
		s->url = S(f, "https://x.example/Köln talk", 10);
		struct feed_link *l = feed_add_link(f, &s->links);
		l->url = S(f, "/attachments/original/missing.png", 10);
		struct program *p = build(f, NULL, &d);
		if (strict) {
			assert_null(p);
			assert_true(has(&d, "conference.id: expected an id"));
			assert_true(has(&d, "rooms[0].id: expected an id"));
			assert_true(has(&d, "sessions[0].url: expected a URL"));
			assert_true(has(&d, "sessions[0].links[0].url: expected a URL"));
		} else {
			print(&d);
			assert_non_null(p);
			assert_string_equal(p->conference.id, "camp2019");
			assert_string_equal(p->rooms[0].id, "saal-1");
			assert_int_equal(p->sessions[0].room, 0);
			assert_string_equal(p->sessions[0].url,
					    "https://x.example/K%C3%B6ln%20talk");
			assert_int_equal(p->sessions[0].links.n, 0);
			assert_int_equal(d.warnings, 1);
			assert_true(has(&d, "f.xml:10:3: warning: "
					    "sessions[0].links[0].url: not a URL "
					    "such as https://example.org/ (RFC "
					    "3986), dropped"));
			program_destroy(p);
		}
		feed_destroy(f);
		diag_list_finish(&d);
	}
}

/* A session over 24 hours: in a feed (a hackathon, an exhibition: the
 * calendars conferences publish have them), kept unscheduled with a
 * warning, the rest of the program read; in a sked file, an error. By
 * its duration or by its end. */
static void
test_too_long(void **state)
{
	(void)state;
	for (int strict = 0; strict < 2; strict++) {
		struct diag_list d;
		struct feed *f = mkfeed(strict ? FEED_STRICT : 0, "Europe/Berlin");
		add(f, "a", "Talk", "2024-06-01T10:00", "60");
		add(f, "b", "Hackathon", "2024-06-01T09:00", "49:00");
		struct feed_session *e =
			add(f, "c", "Exhibition", "2024-06-01T09:00", NULL);
		e->end = S(f, "2024-06-03T18:00", 30);
		/* And one with neither a duration nor an end. */
		add(f, "d", "Doors", "2024-06-01T08:30", NULL);
		struct program *p = build(f, NULL, &d);
		if (strict) {
			assert_true(has(&d, "sessions[3]: a session with a "
					    "start needs a duration"));
			assert_null(p);
			assert_true(has(&d, "sessions[1].duration: duration over "
					    "24 hours (1440 minutes), got "
					    "\"49:00\""));
			assert_true(has(&d, "sessions[2].end: duration over 24 "
					    "hours"));
		} else {
			assert_non_null(p);
			assert_int_equal(d.errors, 0);
			assert_int_equal(d.warnings, 3);
			assert_true(has(&d, "warning: sessions[3]: no duration "
					    "nor end: shown at its start, with "
					    "no length"));
			assert_true(p->sessions[3].scheduled);
			assert_int_equal(p->sessions[3].duration, 0);
			assert_true(has(&d, "warning: sessions[1].duration: "
					    "duration over 24 hours (1440 "
					    "minutes), got \"49:00\": kept "
					    "unscheduled"));
			assert_true(has(&d, "f.xml:30:3: warning: "
					    "sessions[2].end: duration over 24 "
					    "hours"));
			assert_int_equal(p->n_sessions, 4);
			assert_int_equal(p->n_scheduled, 2);
			assert_true(p->sessions[0].scheduled);
			assert_false(p->sessions[1].scheduled);
			assert_false(p->sessions[2].scheduled);
			assert_int_equal(p->sessions[2].start_utc, 0);
			program_destroy(p);
		}
		feed_destroy(f);
		diag_list_finish(&d);
	}
}

/* A feed's event without a title (frab's <title/>, or none, or one of
 * white space only): shown as "(untitled)" with a warning, the rest read;
 * a sked file's is an error. So is a person without a name: left out of
 * a feed's session with a warning. */
static void
test_untitled(void **state)
{
	(void)state;
	for (int strict = 0; strict < 2; strict++) {
		struct diag_list d;
		struct feed *f = mkfeed(strict ? FEED_STRICT : 0, "UTC");
		add(f, "a", "Talk", "2024-06-01T10:00", "60");
		add(f, "b", NULL, "2024-06-01T11:00", "30");
		add(f, "c", "", "2024-06-01T12:00", "30");
		/* Spaces, a tab, a no-break space and an ideographic one. */
		add(f, "d", " \t\u00a0\u3000 ", "2024-06-01T13:00", "30");
		/* Last: a reader's errors before a value it left out (the
		 * titles above) would say it reported them (bd_reported). */
		struct feed_session *s =
			add(f, "e", "Panel", "2024-06-01T14:00", "60");
		const char *names[] = {"Ada", " \n", NULL, "Grace"};
		for (size_t i = 0; i < 4; i++) {
			struct feed_person *sp =
				feed_add_person(f, &s->speakers);
			sp->pos = (struct feed_pos){14, (unsigned)(20 + i)};
			sp->name = S(f, names[i], names[i] ? 14 : 0);
		}
		struct program *p = build(f, NULL, &d);
		if (strict) {
			assert_null(p);
			assert_true(has(&d, "sessions[1]: missing required key "
					    "\"title\""));
			assert_true(has(&d, "sessions[2].title: expected a "
					    "non-empty string"));
			assert_true(has(&d, "f.xml:13:3: sessions[3].title: "
					    "expected a non-empty string, got "
					    "only white space"));
			assert_true(has(&d, "sessions[4].speakers[1].name: "
					    "expected a non-empty string, got "
					    "only white space"));
			assert_true(has(&d, "f.xml:14:22: sessions[4]."
					    "speakers[2]: missing required key "
					    "\"name\""));
		} else {
			assert_non_null(p);
			assert_int_equal(d.errors, 0);
			assert_true(has(&d, "f.xml:11:1: warning: sessions[1]: "
					    "no title: shown as \"(untitled)\""));
			assert_true(has(&d, "f.xml:12:3: warning: "
					    "sessions[2].title: no title"));
			assert_true(has(&d, "f.xml:13:3: warning: "
					    "sessions[3].title: no title"));
			assert_string_equal(p->sessions[1].title, "(untitled)");
			assert_string_equal(p->sessions[2].title, "(untitled)");
			assert_string_equal(p->sessions[3].title, "(untitled)");
			assert_string_equal(p->sessions[0].title, "Talk");
			assert_true(has(&d, "f.xml:14:3: warning: sessions[4]."
					    "speakers[1].name: no name: left "
					    "out"));
			assert_true(has(&d, "f.xml:14:22: warning: sessions[4]."
					    "speakers[2]: no name: left out"));
			const struct program_people *sp =
				&p->sessions[4].speakers;
			assert_int_equal(sp->n, 2);
			assert_string_equal(sp->v[0].name, "Ada");
			assert_string_equal(sp->v[1].name, "Grace");
			program_destroy(p);
		}
		feed_destroy(f);
		diag_list_finish(&d);
	}
}

/* A feed's empty or blank id (a frab JSON acronym of " ") is no id: the
 * conference's is made from its title, a track's and a room's from their
 * names, as when the feed gives none; a sked file's is an error. */
static void
test_blank_ids(void **state)
{
	(void)state;
	for (int strict = 0; strict < 2; strict++) {
		struct diag_list d;
		struct feed *f = mkfeed(strict ? FEED_STRICT
					       : FEED_CREATE_REFERENCES |
							 FEED_DERIVE_IDS,
					"UTC");
		f->conference.id = S(f, " \t", 4);
		struct feed_track *t = feed_add_track(f);
		t->pos = (struct feed_pos){5, 1};
		t->id = S(f, "", 5);
		t->name = S(f, "Kernel Track", 5);
		struct feed_room *r = feed_add_room(f);
		r->pos = (struct feed_pos){6, 1};
		r->id = S(f, "\u00a0", 6);
		r->name = S(f, "Hall B", 6);
		add(f, "a", "Talk", "2024-06-01T10:00", "60");
		struct program *p = build(f, NULL, &d);
		if (strict) {
			assert_null(p);
			assert_true(has(&d, "f.xml:4:3: conference.id: expected a "
					    "non-empty string, got only white "
					    "space"));
			assert_true(has(&d, "f.xml:5:3: tracks[0].id: expected a "
					    "non-empty string"));
			assert_true(has(&d, "f.xml:6:3: rooms[0].id: expected a "
					    "non-empty string, got only white "
					    "space"));
		} else {
			assert_non_null(p);
			assert_int_equal(d.errors, 0);
			assert_string_equal(p->conference.id, "test-conf");
			assert_string_equal(p->tracks[0].id, "kernel-track");
			assert_string_equal(p->rooms[0].id, "hall-b");
			program_destroy(p);
		}
		feed_destroy(f);
		diag_list_finish(&d);
	}
	/* A feed with many nameless people (or untitled sessions) is told
	 * of three and the count of the rest, not buried in warnings. */
	struct diag_list d;
	struct feed *f = mkfeed(FEED_CREATE_REFERENCES, "UTC");
	for (int i = 0; i < 5; i++) {
		struct feed_session *s =
			add(f, NULL, "", "2024-06-01T10:00", "60");
		s->id = S(f, i == 0 ? "a" : i == 1 ? "b" : i == 2 ? "c"
				  : i == 3 ? "d" : "e", 10);
		feed_add_person(f, &s->speakers)->name = S(f, " ", 10);
	}
	struct program *p = build(f, NULL, &d);
	assert_non_null(p);
	assert_int_equal(d.warnings, 8);
	assert_true(has(&d, "f.xml: warning: ... and 2 more speakers or "
			    "authors without a name, left out"));
	assert_true(has(&d, "f.xml: warning: ... and 2 more sessions without "
			    "a title, shown as \"(untitled)\""));
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);
}

/* URLs from a feed: relative ones resolved against its base_url (RFC
 * 3986), "www." taken as https:// with a warning, schemes other than
 * http, https and mailto dropped with a warning; from a sked file (strict)
 * the same schemes are errors. */
static void
test_urls(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = mkfeed(FEED_DERIVE_IDS | FEED_CREATE_REFERENCES, "UTC");
	f->conference.base_url =
		S(f, "https://fahrplan.events.ccc.de/congress/2019/Fahrplan/", 4);
	struct feed_session *s = add(f, "1", "A", "2019-12-27T10:00", "30");
	static const char *const in[] = {
		"/system/event_attachments/a.pdf?1577525210",
		"events/1.html",
		"../../2018/x",
		"//cdn.example/y",
		"www.cadus.org",
		"mailto:mls@ct.de?subject=Frage",
		"HTTPS://Example.org/",
		"javascript:alert(1)",
		"file:///etc/passwd",
		"ftp://ftp.example/pub",
		"ipns://ipfs.io",
		"/my slides.pdf",
		"",
	};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		feed_add_link(f, &s->links)->url = S(f, in[i], 10);
	s->url = S(f, "events/1.html", 10);
	s->feedback_url = S(f, "javascript:void(0)", 10);
	struct feed_person *sp = feed_add_person(f, &s->speakers);
	sp->name = S(f, "Ada", 10);
	sp->url = S(f, "/people/ada", 10);
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	const struct program_session *ps = &p->sessions[0];
	static const char *const want[] = {
		"https://fahrplan.events.ccc.de/system/event_attachments/a.pdf"
		"?1577525210",
		"https://fahrplan.events.ccc.de/congress/2019/Fahrplan/events/"
		"1.html",
		"https://fahrplan.events.ccc.de/congress/2018/x",
		"https://cdn.example/y",
		"https://www.cadus.org",
		"mailto:mls@ct.de?subject=Frage",
		"HTTPS://Example.org/",
		"https://fahrplan.events.ccc.de/my%20slides.pdf",
	};
	size_t n = sizeof(want) / sizeof(want[0]);
	assert_int_equal(ps->links.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(ps->links.v[i].url, want[i]);
	assert_string_equal(ps->url, "https://fahrplan.events.ccc.de/congress/"
				     "2019/Fahrplan/events/1.html");
	assert_null(ps->feedback_url);
	assert_string_equal(ps->speakers.v[0].url,
			    "https://fahrplan.events.ccc.de/people/ada");
	assert_true(has(&d, "f.xml:10:3: warning: sessions[0].links[4].url: "
			    "\"www.cadus.org\" has no scheme: taken as "
			    "https://www.cadus.org"));
	assert_true(has(&d, "f.xml:10:3: warning: sessions[0].links[7].url: "
			    "a URL with scheme javascript:, dropped (sked "
			    "takes http:, https: and mailto: URLs)"));
	assert_true(has(&d, "sessions[0].links[8].url: a URL with scheme "
			    "file:, dropped"));
	assert_true(has(&d, "... and 3 more values that are not URLs, dropped"));
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);

	/* No base_url: a relative reference is dropped, as before. */
	f = mkfeed(FEED_DERIVE_IDS, "UTC");
	s = add(f, "1", "A", "2019-12-27T10:00", "30");
	feed_add_link(f, &s->links)->url = S(f, "/system/a.pdf", 10);
	p = build(f, NULL, &d);
	assert_non_null(p);
	assert_int_equal(p->sessions[0].links.n, 0);
	assert_true(has(&d, "sessions[0].links[0].url: not a URL such as "
			    "https://example.org/ (RFC 3986), dropped: "
			    "\"/system/a.pdf\": it does not start with a scheme"));
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);

	/* A sked file: another scheme is an error. */
	f = mkfeed(FEED_STRICT, "UTC");
	s = add(f, "a", "A", "2019-12-27T10:00", "30");
	s->url = S(f, "javascript:alert(1)", 10);
	feed_add_link(f, &s->links)->url = S(f, "file:///etc/passwd", 11);
	p = build(f, NULL, &d);
	assert_null(p);
	assert_true(has(&d, "f.xml:10:3: sessions[0].url: expected a URL "
			    "whose scheme is http:, https: or mailto:, got "
			    "\"javascript:alert(1)\""));
	assert_true(has(&d, "f.xml:11:3: sessions[0].links[0].url: expected "
			    "a URL whose scheme is http:, https: or mailto:, "
			    "got \"file:///etc/passwd\""));
	feed_destroy(f);
	diag_list_finish(&d);
}

/* Sessions listed under days (frab): the conference's day_change is one
 * that puts each on its listed day, so that a file written without the
 * listings (sked convert) gives the same days: the first night's end
 * (04:00, as a reader takes it) moves to 06:00 for a second night that
 * lists a session at 05:30; past 12:00 the listing still wins, with a
 * warning. */
static void
test_day_change(void **state)
{
	(void)state;
	for (int late = 0; late < 2; late++) {
		struct diag_list d;
		struct feed *f = mkfeed(FEED_DERIVE_IDS, "Europe/Berlin");
		f->conference.start = S(f, "2024-03-01", 4);
		f->conference.end = S(f, "2024-03-03", 5);
		f->conference.day_change = S(f, "04:00", 6);
		add(f, "a", "A", "2024-03-01T10:00", "30")->day = 0;
		add(f, "b", "B", "2024-03-02T02:00", "30")->day = 0;
		add(f, "c", "C", "2024-03-02T10:00", "30")->day = 1;
		add(f, "d", "D", late ? "2024-03-03T13:00" : "2024-03-03T05:30",
		    "30")->day = 1;
		add(f, "e", "E", "2024-03-03T14:00", "30")->day = 2;
		struct program *p = build(f, NULL, &d);
		print(&d);
		assert_non_null(p);
		for (int i = 0; i < 5; i++)
			assert_int_equal(p->sessions[i].day, i < 2 ? 0 : i < 4 ? 1 : 2);
		if (!late) {
			assert_int_equal(p->conference.day_change, 6 * 60);
			assert_int_equal(d.warnings, 0);
			for (int i = 0; i < 5; i++)
				assert_int_equal(program_wall_day(p, &p->sessions[i].start),
						 p->sessions[i].day);
		} else {
			assert_int_equal(p->conference.day_change, 4 * 60);
			assert_int_equal(d.warnings, 1);
			assert_true(has(&d, "f.xml:13:1: warning: sessions[3]: listed "
					    "under day 2, but at 2024-03-03 13:00 it is "
					    "on day 3 with the conference's day_change "
					    "04:00 (no day_change up to 12:00 fits every "
					    "listing); it stays on day 2, and a converted "
					    "file puts it on day 3"));
		}
		program_destroy(p);
		feed_destroy(f);
		diag_list_finish(&d);
	}
}

/* The warning names the day a converted file really puts a session on:
 * its days, widened by a session listed under day 1 but dated the day
 * before the conference, begin a day early, so the night session at
 * 13:00 of the third date is on its day 4; a session ten years later
 * makes the file too long to be written, which the warning says. */
static void
test_day_change_converted(void **state)
{
	(void)state;
	static const char *const tail[] = {
		"it stays on day 2, and a converted file puts it on day 4, its "
		"conference widened to run from 2024-02-29 to 2024-03-03",
		"it stays on day 2, and sked convert refuses the program: a "
		"converted file puts each session on the day of its time, and "
		"would run from 2024-02-29 to 2034-03-01, more than 31 days",
	};
	for (int far = 0; far < 2; far++) {
		struct diag_list d;
		struct feed *f = mkfeed(FEED_DERIVE_IDS, "Europe/Berlin");
		f->conference.start = S(f, "2024-03-01", 4);
		f->conference.end = S(f, "2024-03-03", 5);
		f->conference.day_change = S(f, "04:00", 6);
		add(f, "a", "A", "2024-02-29T10:00", "30")->day = 0;
		add(f, "b", "B", "2024-03-03T13:00", "30")->day = 1;
		if (far)
			add(f, "c", "C", "2034-03-01T10:00", "30")->day = 2;
		struct program *p = build(f, NULL, &d);
		print(&d);
		assert_non_null(p);
		char want[512];
		snprintf(want, sizeof(want), "f.xml:11:1: warning: sessions[1]: "
			 "listed under day 2, but at 2024-03-03 13:00 it is on "
			 "day 3 with the conference's day_change 04:00 (no "
			 "day_change up to 12:00 fits every listing); %s",
			 tail[far]);
		assert_true(has(&d, want));
		program_destroy(p);
		feed_destroy(f);
		diag_list_finish(&d);
	}
}

/* A warning a feed repeats for every session (democon's local times that
 * are not its instants): the first BD_WARN_FULL (3) of each kind in full,
 * then one line counting the rest; kinds are counted apart, and a kind
 * with no more than three has no summary. */
/* The last guard: text that is not UTF-8 is an error, copied or taken
 * (build_program_take), unless the reader checked the whole file and
 * says so (FEED_UTF8_CHECKED): then the builder does not read it again
 * and keeps the text as the reader gave it. */
static void
test_utf8_guard(void **state)
{
	(void)state;
	for (int checked = 0; checked < 2; checked++)
		for (int take = 0; take < 2; take++) {
			struct feed *f = mkfeed(FEED_DERIVE_IDS |
					(checked ? FEED_UTF8_CHECKED : 0), "UTC");
			add(f, "a", "Caf\xe9 au lait", "2022-09-12T10:00", "30");
			struct diag_list d;
			diag_list_init(&d);
			struct build_options o = {0};
			struct program *p = take ? build_program_take(f, &o, &d)
						 : build_program(f, &o, &d);
			if (checked) {
				assert_non_null(p);
				assert_int_equal(d.errors, 0);
				assert_string_equal(p->sessions[0].title,
						    "Caf\xe9 au lait");
			} else {
				assert_null(p);
				assert_true(has(&d, "f.xml:10:3: sessions[0].title: "
						    "invalid UTF-8 byte 0xe9 at byte "
						    "4 (expected UTF-8 text)"));
			}
			program_destroy(p);
			feed_destroy(f);
			diag_list_finish(&d);
		}
}

static void
test_repeated_warnings(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = mkfeed(FEED_DERIVE_IDS, "America/New_York");
	char id[16], local[32];
	for (int i = 0; i < 8; i++) {
		/* 14:00 UTC is 09:00 in New York, not the 14:00 stated. */
		snprintf(id, sizeof(id), "t%d", i);
		snprintf(local, sizeof(local), "2023-11-06T%02d:00", 10 + i);
		char start[32];
		snprintf(start, sizeof(start), "2023-11-06T%02d:00:00Z", 10 + i);
		struct feed_session *s = add(f, id, "Talk", start, "30");
		s->start_local = S(f, local, 10 + (unsigned)i);
	}
	for (int i = 0; i < 4; i++) {
		snprintf(id, sizeof(id), "u%d", i);
		struct feed_session *s = add(f, id, "Talk", "2023-11-07T10:00", "30");
		feed_add_link(f, &s->links)->url = S(f, "/not/a/url", 18 + (unsigned)i);
	}
	for (int i = 0; i < 2; i++) {
		snprintf(id, sizeof(id), "w%d", i);
		add(f, id, "Night", "2023-11-05T01:30", "30");
	}
	struct program *p = build(f, NULL, &d);
	print(&d);
	assert_non_null(p);
	assert_int_equal(d.warnings, 3 + 1 + 3 + 1 + 2);
	assert_true(has(&d, "f.xml:12:3: warning: sessions[2].start: the local "
			    "time 2023-11-06 12:00 is not the instant"));
	assert_false(has(&d, "sessions[3].start: the local time"));
	assert_true(has(&d, "f.xml: warning: ... and 5 more sessions whose local "
			    "time is not their instant"));
	assert_true(has(&d, "f.xml:20:3: warning: sessions[10].links[0].url: "
			    "not a URL"));
	assert_false(has(&d, "sessions[11].links[0].url"));
	assert_true(has(&d, "f.xml: warning: ... and 1 more values that are not "
			    "URLs, dropped"));
	assert_true(has(&d, "sessions[13].start: 01:30 occurs twice"));
	assert_false(has(&d, "more sessions whose start occurs twice"));
	/* Only the messages are left out: every session is as before. */
	assert_int_equal(p->n_sessions, 14);
	assert_int_equal(p->sessions[7].start.hour, 12);
	assert_int_equal(p->sessions[11].links.n, 0);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);
}

/* A message names its file as given, and a file's name can hold escape
 * sequences: the message as printed has none (nor control characters),
 * its line and text as they were. */
static void
test_message_names_file_safely(void **state)
{
	(void)state;
	struct diag_list d;
	diag_list_init(&d);
	diag_add(&d, DIAG_ERROR, "x\033]0;pwned\a\033[31m.yaml", 3, 7,
		 "expected %s", "a string");
	diag_add(&d, DIAG_WARNING, "tab\there\x9b.yaml", 0, 0, "%s", "odd");
	char *s = diag_format(&d.v[0]);
	assert_null(strchr(s, '\033'));
	assert_null(strchr(s, '\a'));
	assert_non_null(strstr(s, ".yaml:3:7: expected a string"));
	assert_true(strncmp(s, "x", 1) == 0);
	free(s);
	s = diag_format(&d.v[1]);
	/* A tab stays (harmless); a bad byte is replaced. */
	assert_non_null(strstr(s, "tab\there"));
	assert_non_null(strstr(s, ".yaml: warning: odd"));
	assert_null(strchr(s, '\x9b'));
	free(s);
	diag_list_finish(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_derived),
		cmocka_unit_test(test_ids_versions),
		cmocka_unit_test(test_ids_repeated_many),
		cmocka_unit_test(test_too_many_rooms),
		cmocka_unit_test(test_room_slugs_repeated_many),
		cmocka_unit_test(test_ids_mapped),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_zone),
		cmocka_unit_test(test_absolute_and_local),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_untitled),
		cmocka_unit_test(test_blank_ids),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_day_change),
		cmocka_unit_test(test_day_change_converted),
		cmocka_unit_test(test_repeated_warnings),
		cmocka_unit_test(test_message_names_file_safely),
		cmocka_unit_test(test_utf8_guard),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	tz_cleanup();
	return failed;
}
