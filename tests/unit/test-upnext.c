/* upnext.h: what runs now and what starts next, at exact instants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sked/load.h"
#include "sked/tz.h"
#include "sked/upnext.h"

/* Europe/Berlin, the last day across the end of summer time (2023-10-29,
 * 03:00 CEST -> 02:00 CET): UTC+2 before, UTC+1 after. */
static const char berlin[] =
	"sked: 1\n"
	"conference:\n"
	"  id: c\n"
	"  title: C\n"
	"  timezone: Europe/Berlin\n"
	"  start: 2023-10-28\n"
	"  end: 2023-10-29\n"
	"tracks: [{id: t, name: T}]\n"
	"rooms: [{id: r1, name: R1}, {id: r2, name: R2}]\n"
	"sessions:\n"
	"  - {id: a, title: A, track: t, room: r1, start: 2023-10-28T10:00, duration: 60}\n"
	"  - {id: b, title: B, track: t, room: r2, start: 2023-10-28T10:30, duration: 15}\n"
	"  - {id: c, title: C, track: t, room: r1, start: 2023-10-28T14:00, duration: 30}\n"
	"  - {id: d, title: D, track: t, room: r1, start: 2023-10-29T09:00, duration: 30}\n"
	"  - {id: u, title: Unscheduled, track: t}\n";

static struct program *
load(const char *text)
{
	struct diag_list d = {0};
	struct program *p = load_buffer("t.yaml", text, strlen(text), &d);
	assert_non_null(p);
	diag_list_finish(&d);
	return p;
}

/* 2023-10-28 HH:MM CEST (UTC+2) as seconds since the epoch
 * (1698444000: 2023-10-28 00:00 CEST, 2023-10-27 22:00Z). */
static int64_t
sat(int h, int m)
{
	return 1698444000 + h * 3600 + m * 60;
}

static bool
only(size_t k, size_t i, void *arg)
{
	(void)k;
	const struct program *p = arg;
	return strcmp(p->sessions[i].id, "a") == 0 ||
	       strcmp(p->sessions[i].id, "d") == 0;
}

static void
test_now_and_next(void **state)
{
	(void)state;
	struct program *p = load(berlin);
	const struct program *ps[] = {p};
	struct upnext u;
	/* 10:40 CEST: A (10:00-11:00) and B (10:30-10:45) run; B ends
	 * first; C is next. */
	upnext_find(ps, 1, (int64_t[]){sat(10, 40)}, NULL, NULL, &u);
	assert_true(u.during);
	assert_int_equal(u.n_now, 2);
	assert_string_equal(u.now.session->id, "b");
	assert_string_equal(u.next.session->id, "c");
	/* The end is not part of a session: at 10:45 only A runs. */
	upnext_find(ps, 1, (int64_t[]){sat(10, 45)}, NULL, NULL, &u);
	assert_int_equal(u.n_now, 1);
	assert_string_equal(u.now.session->id, "a");
	/* Only the wanted ones: at 10:40, A runs and D (the next day) is
	 * next. */
	upnext_find(ps, 1, (int64_t[]){sat(10, 40)}, only, p, &u);
	assert_int_equal(u.n_now, 1);
	assert_string_equal(u.now.session->id, "a");
	assert_string_equal(u.next.session->id, "d");
	/* D at 09:00 CET on the 29th is 08:00Z, after the change. */
	assert_int_equal(u.next.session->start_utc, 1698566400);
	upnext_find(ps, 1, (int64_t[]){1698566400 - 1}, NULL, NULL, &u);
	assert_null(u.now.session);
	assert_string_equal(u.next.session->id, "d");
	upnext_find(ps, 1, (int64_t[]){1698566400}, NULL, NULL, &u);
	assert_string_equal(u.now.session->id, "d");
	assert_null(u.next.session);
	program_destroy(p);
}

static void
test_during(void **state)
{
	(void)state;
	struct program *p = load(berlin);
	/* From 2023-10-28 00:00 CEST (2023-10-27 22:00Z) to 2023-10-30
	 * 00:00 CET (2023-10-29 23:00Z). */
	assert_false(upnext_during(p, 1698444000 - 1));
	assert_true(upnext_during(p, 1698444000));
	assert_true(upnext_during(p, 1698620400 - 1));
	assert_false(upnext_during(p, 1698620400));
	/* Outside, nothing is next even though sessions come later. */
	const struct program *ps[] = {p};
	struct upnext u;
	upnext_find(ps, 1, (int64_t[]){1698444000 - 86400}, NULL, NULL, &u);
	assert_false(u.during);
	assert_null(u.now.session);
	assert_null(u.next.session);
	program_destroy(p);
}

/* Each program at its own instant: 10:40 for the first copy, 10:50 for
 * the second (A ends in 20 min for the first, in 10 for the second); the
 * ranks compare the time left and the time to go, not the instants. */
static void
test_each(void **state)
{
	(void)state;
	struct program *p = load(berlin);
	const struct program *ps[] = {p, p};
	int64_t ts[] = {sat(10, 40), sat(10, 50)};
	struct upnext u;
	upnext_find(ps, 2, ts, only, p, &u);
	assert_int_equal(u.n_now, 2);
	assert_int_equal(u.now.program, 1);
	assert_string_equal(u.now.session->id, "a");
	/* D comes 10 min sooner from the second's instant. */
	assert_int_equal(u.next.program, 1);
	assert_string_equal(u.next.session->id, "d");
	/* One instant for all: the first program wins the ties. */
	int64_t same[] = {sat(10, 40), sat(10, 40)};
	upnext_find(ps, 2, same, only, p, &u);
	assert_int_equal(u.now.program, 0);
	assert_int_equal(u.next.program, 0);
	program_destroy(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_now_and_next),
		cmocka_unit_test(test_during),
		cmocka_unit_test(test_each),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	tz_cleanup();
	return r;
}
