/* Unit tests of indico: Indico's timetable export into a feed; the LPC
 * 2023 export agrees with data/lpc2023.yaml on ids, instants, titles and
 * speakers. */
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
#include "sked/frabjson.h"
#include "sked/indico.h"
#include "sked/load.h"
#include "sked/statefile.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

#include "feedtext.h"

static struct feed *
read_indico(const char *name, const char *buf, size_t len, struct diag_list *d,
	    bool *ok)
{
	struct feed *f = feed_create(name, "indico");
	diag_list_init(d);
	*ok = indico_read(f, buf, len, d);
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		print_message("%s\n", s);
		free(s);
	}
	return f;
}

/* "YYYY-MM-DDTHH:MM:SS+HH:MM" as seconds since the epoch. */
static int64_t
instant(const char *iso)
{
	int y, mo, d, h, mi, s, oh, om;
	char sign;
	assert_int_equal(sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &y, &mo,
				&d, &h, &mi, &s, &sign, &oh, &om), 9);
	struct tz_wall w = {y, mo, d, h, mi};
	int64_t t;
	assert_true(tz_to_utc(tz_find("UTC"), &w, &t));
	int off = (oh * 60 + om) * 60;
	return t + s - (sign == '-' ? -off : off);
}

static void
test_lpc2023(void **state)
{
	(void)state;
	size_t len;
	char *buf = statefile_read(SKED_SOURCE_ROOT
				   "/tests/data/indico/lpc2023-timetable.json",
				   64 << 20, &len);
	assert_non_null(buf);
	assert_true(indico_sniff(buf, len < 4096 ? len : 4096));
	assert_false(frabjson_sniff(buf, len < 4096 ? len : 4096));
	struct diag_list d;
	bool ok;
	struct feed *f = read_indico("lpc2023-timetable.json", buf, len, &d, &ok);
	assert_true(ok);
	assert_int_equal(d.n, 0);
	assert_int_equal(f->flags, FEED_CREATE_REFERENCES | FEED_HTML_TEXTS);
	assert_string_equal(f->conference.id.s, "indico-17");
	assert_string_equal(f->conference.timezone.s, "America/New_York");
	assert_string_equal(f->conference.start.s, "2023-11-13");
	assert_string_equal(f->conference.end.s, "2023-11-15");
	assert_string_equal(f->conference.location.s, "Richmond, VA, USA");

	struct diag_list yd;
	diag_list_init(&yd);
	enum load_status st;
	struct program *p = load_file(SKED_SOURCE_ROOT "/data/lpc2023.yaml", &yd,
				      &st);
	assert_non_null(p);
	/* The program made of the feed: its sessions in the feed's order. */
	struct diag_list bd;
	diag_list_init(&bd);
	struct program *fp = build_program(f, NULL, &bd);
	assert_non_null(fp);
	/* Every scheduled session of the YAML is in the export with the same
	 * id, instants, title, track and speakers. */
	size_t matched = 0, breaks = 0;
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *ps = &p->sessions[i];
		if (!ps->scheduled)
			continue;
		const struct feed_session *fs = NULL;
		size_t fk = 0;
		for (size_t k = 0; k < f->n_sessions && !fs; k++)
			if (strcmp(f->sessions[k].id.s, ps->id) == 0)
				fs = &f->sessions[fk = k];
		assert_non_null(fs);
		assert_string_equal(fs->title.s, ps->title);
		assert_int_equal(instant(fs->start.s), ps->start_utc);
		assert_int_equal(instant(fs->end.s), ps->start_utc + ps->duration * 60);
		assert_string_equal(fs->track.s, p->tracks[ps->track].name);
		assert_int_equal(fs->speakers.n, ps->speakers.n);
		for (size_t k = 0; k < ps->speakers.n; k++) {
			assert_string_equal(fs->speakers.v[k].name.s,
					    ps->speakers.v[k].name);
			if (ps->speakers.v[k].affiliation)
				assert_string_equal(fs->speakers.v[k].affiliation.s,
						    ps->speakers.v[k].affiliation);
			else
				assert_null(fs->speakers.v[k].affiliation.s);
		}
		assert_int_equal(fs->day, ps->day);
		/* HTML, kept as such by the reader, becomes text again when
		 * the program's text is read. */
		if (ps->abstract_text.raw) {
			const char *t = program_text(
				fp, &fp->sessions[fk].description_text);
			assert_non_null(t);
			assert_null(strstr(t, "<p>"));
			assert_null(strstr(t, "&lt;"));
		}
		matched++;
	}
	for (size_t k = 0; k < f->n_sessions; k++)
		if (f->sessions[k].type.s &&
		    strcmp(f->sessions[k].type.s, "break") == 0) {
			assert_string_equal(f->sessions[k].title.s, "Lunch");
			assert_int_equal(f->sessions[k].id.s[0], 'b');
			breaks++;
		}
	assert_int_equal(matched + breaks, f->n_sessions);
	assert_true(matched >= 30);
	/* The tracks are the session blocks' titles, with descriptions. */
	assert_true(f->n_tracks >= 4);
	assert_non_null(f->tracks[0].description.s);
	program_destroy(fp);
	diag_list_finish(&bd);
	program_destroy(p);
	diag_list_finish(&yd);
	feed_destroy(f);
	diag_list_finish(&d);
	free(buf);
}

/* Indico's documentation example (tests/data/samples/indico), which stops
 * before its last two closing braces. */
static void
test_docs_example(void **state)
{
	(void)state;
	size_t len;
	char *rst = statefile_read(SKED_SOURCE_ROOT
				   "/tests/data/samples/indico/timetable-api-docs.rst",
				   1 << 20, &len);
	assert_non_null(rst);
	const char *json = strstr(rst, "\n    {\n");
	assert_non_null(json);
	char *doc = xasprintf("%s}\n}\n", json);
	assert_true(indico_sniff(doc, strlen(doc)));
	struct diag_list d;
	bool ok;
	struct feed *f = read_indico("docs.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_int_equal(f->n_sessions, 1);
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->id.s, "0"); /* contributionId, a string here */
	assert_string_equal(s->title.s, "Contrib 1");
	assert_string_equal(s->room.s, "160-1-009");
	assert_string_equal(s->start.s, "2013-04-29T16:00:00+02:00");
	assert_string_equal(s->end.s, "2013-04-29T16:30:00+02:00");
	assert_null(s->track.s);
	assert_int_equal(s->day, 0);
	assert_string_equal(f->conference.timezone.s, "Europe/Zurich");
	assert_string_equal(f->conference.location.s, "CERN");
	assert_string_equal(f->conference.id.s, "indico-137346");
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);
	free(rst);
}

static void
test_shapes(void **state)
{
	(void)state;
	/* An empty block is a session; a break; an entry typed by its key
	 * only; a contribution outside blocks; a second event is ignored
	 * with a warning; names from their parts. */
	const char *doc =
		"{\"results\": {\"5\": {\n"
		"\"20240301\": {},\n"
		"\"20240302\": {\n"
		" \"s1\": {\"entryType\": \"Session\", \"title\": \"BoF\", \"room\": \"R1\",\n"
		"  \"startDate\": {\"date\": \"2024-03-02\", \"time\": \"09:00:00\", \"tz\": \"Europe/Paris\"},\n"
		"  \"endDate\": {\"date\": \"2024-03-02\", \"time\": \"10:00:00\", \"tz\": \"Europe/Paris\"},\n"
		"  \"conveners\": [{\"firstName\": \"Ann\", \"familyName\": \"Lee\", \"name\": \"Dr. Ann Lee\"}],\n"
		"  \"entries\": {}},\n"
		" \"b2\": {\"entryType\": \"Break\", \"title\": \"Coffee\",\n"
		"  \"startDate\": {\"date\": \"2024-03-02\", \"time\": \"10:00\", \"tz\": \"Europe/Paris\"},\n"
		"  \"duration\": 15.0},\n"
		" \"c3\": {\"contributionId\": 99, \"title\": \"Keynote\",\n"
		"  \"description\": \"<p>Fish &amp; chips</p>\",\n"
		"  \"presenters\": [{\"name\": \"Bo\", \"affiliation\": \"X\"}],\n"
		"  \"startDate\": {\"date\": \"2024-03-02\", \"time\": \"11:00:00\", \"tz\": \"Europe/Paris\"},\n"
		"  \"endDate\": {\"date\": \"2024-03-02\", \"time\": \"11:00:00\", \"tz\": \"Europe/Paris\"}}\n"
		"}}, \"6\": {}}}";
	assert_true(indico_sniff(doc, strlen(doc)));
	struct diag_list d;
	bool ok;
	struct feed *f = read_indico("shapes.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.v[0].line, 17);
	assert_string_equal(f->conference.start.s, "2024-03-01");
	assert_string_equal(f->conference.end.s, "2024-03-02");
	assert_int_equal(f->n_sessions, 3);
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->id.s, "s1");
	assert_string_equal(s->type.s, "session");
	assert_string_equal(s->room.s, "R1");
	assert_string_equal(s->start.s, "2024-03-02T09:00:00+01:00");
	assert_string_equal(s->speakers.v[0].name.s, "Ann Lee");
	assert_int_equal(s->day, 1);
	assert_int_equal(f->n_tracks, 1);
	assert_string_equal(f->tracks[0].name.s, "BoF");
	assert_string_equal(f->tracks[0].leads.v[0].s, "Ann Lee");
	s = &f->sessions[1];
	assert_string_equal(s->id.s, "b2");
	assert_string_equal(s->type.s, "break");
	assert_null(s->end.s);
	assert_string_equal(s->duration.s, "15");
	assert_string_equal(s->start.s, "2024-03-02T10:00:00+01:00");
	s = &f->sessions[2];
	assert_string_equal(s->id.s, "99");
	assert_null(s->type.s);
	assert_null(s->track.s);
	assert_string_equal(txt(f, &s->description), "Fish & chips");
	assert_string_equal(s->speakers.v[0].name.s, "Bo");
	assert_string_equal(s->speakers.v[0].affiliation.s, "X");
	assert_string_equal(s->end.s, s->start.s); /* zero length */
	assert_int_equal(s->title.pos.line, 12);
	assert_int_equal(s->title.pos.column, 40);
	feed_destroy(f);
	diag_list_finish(&d);

	/* Summer time: the offset of the day, not of the first entry. */
	doc = "{\"results\": {\"5\": {\"20240701\": {\"c1\": {\"contributionId\": 1, "
	      "\"title\": \"T\", \"startDate\": {\"date\": \"2024-07-01\", "
	      "\"time\": \"09:00:00\", \"tz\": \"Europe/Paris\"}, \"duration\": 30}}}}}";
	f = read_indico("summer.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_string_equal(f->sessions[0].start.s, "2024-07-01T09:00:00+02:00");
	assert_string_equal(f->sessions[0].duration.s, "30");
	feed_destroy(f);
	diag_list_finish(&d);

	/* Clocks go forward at 02:00 in Berlin on 2024-03-31: 02:30 is read
	 * with the offset before the change (01:30Z), as the warning says
	 * and as the other readers read it; 02:00 is 01:00Z, not before
	 * 01:59 (00:59Z). Clocks go back on 2024-10-27: 02:30 is the first
	 * (+02:00, 00:30Z). */
	static const struct {
		const char *date, *time, *want;
	} dst[] = {
		{"2024-03-31", "02:30:00", "2024-03-31T02:30:00+01:00"},
		{"2024-03-31", "02:00:00", "2024-03-31T02:00:00+01:00"},
		{"2024-03-31", "01:59:00", "2024-03-31T01:59:00+01:00"},
		{"2024-03-31", "03:00:00", "2024-03-31T03:00:00+02:00"},
		{"2024-10-27", "02:30:00", "2024-10-27T02:30:00+02:00"},
		{"2024-10-27", "03:00:00", "2024-10-27T03:00:00+01:00"},
	};
	static const int64_t dst_utc[] = {1711848600, 1711846800, 1711846740,
					  1711846800, 1729989000, 1729994400};
	for (size_t i = 0; i < sizeof(dst) / sizeof(dst[0]); i++) {
		char buf[512];
		snprintf(buf, sizeof(buf),
			 "{\"results\": {\"5\": {\"%.4s%.2s%.2s\": {\"c1\": "
			 "{\"contributionId\": 1, \"title\": \"T\", "
			 "\"startDate\": {\"date\": \"%s\", \"time\": "
			 "\"%s\", \"tz\": \"Europe/Berlin\"}, "
			 "\"duration\": 60}}}}}", dst[i].date, dst[i].date + 5,
			 dst[i].date + 8, dst[i].date, dst[i].time);
		f = read_indico("dst.json", buf, strlen(buf), &d, &ok);
		assert_true(ok);
		assert_string_equal(f->sessions[0].start.s, dst[i].want);
		assert_int_equal(instant(f->sessions[0].start.s), dst_utc[i]);
		feed_destroy(f);
		diag_list_finish(&d);
	}

	/* Not an Indico export. */
	assert_false(indico_sniff("{\"schedule\": {\"conference\": {}}}", 32));
	assert_false(indico_sniff("sked: 1\n", 8));
}

/* Indico's duration is minutes as a float: a fraction (7.5) is rounded to
 * whole minutes, which sked counts (to one at least: 0.2 is no zero-length
 * event), with a warning, not refused with the whole file; the first three
 * in full, the rest counted in one line. */
static void
test_fractional_duration(void **state)
{
	(void)state;
	char doc[4096];
	int o = snprintf(doc, sizeof(doc), "{\"results\": {\"5\": {\"20240301\": {\n");
	static const char *const durations[] = {"7.5", "7.4", "0.2", "30.0",
						"12.25", "1.5"};
	for (int i = 0; i < 6; i++)
		o += snprintf(doc + o, sizeof(doc) - (size_t)o,
			      "%s\"c%d\": {\"contributionId\": %d, \"title\": "
			      "\"T\", \"startDate\": {\"date\": \"2024-03-01\", "
			      "\"time\": \"09:00:00\", \"tz\": \"UTC\"}, "
			      "\"duration\": %s}\n",
			      i ? "," : "", i, i + 1, durations[i]);
	snprintf(doc + o, sizeof(doc) - (size_t)o, "}}}}");
	struct diag_list d;
	bool ok;
	struct feed *f = read_indico("frac.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	struct program *p = build_program(f, NULL, &d);
	assert_non_null(p);
	static const int want[] = {8, 7, 1, 30, 12, 2};
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(p->sessions[i].duration, want[i]);
	assert_int_equal(d.errors, 0);
	bool seen = false, summed = false;
	for (size_t i = 0; i < d.n; i++) {
		char *m = diag_format(&d.v[i]);
		if (strstr(m, "frac.json:2:") && strstr(m, "warning: results[\"5\"]"
		    "[\"20240301\"][\"c0\"].duration: 7.5 minutes: taken as 8 "
		    "(sked counts whole minutes)"))
			seen = true;
		if (strstr(m, "frac.json: warning: ... and 2 more durations "
			      "with a fraction of a minute, rounded"))
			summed = true;
		free(m);
	}
	assert_true(seen);
	assert_true(summed);
	program_destroy(p);
	feed_destroy(f);
	diag_list_finish(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lpc2023),
		cmocka_unit_test(test_docs_example),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_fractional_duration),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	tz_cleanup();
	return r;
}
