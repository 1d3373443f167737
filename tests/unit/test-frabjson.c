/* Unit tests of frabjson: the c3voc schedule.json samples into feeds, and
 * the hostile JSON of tests/bad/json (both JSON readers: the decoding and
 * its messages are shared). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "sked/arena.h"
#include "sked/frabjson.h"
#include "sked/indico.h"
#include "sked/statefile.h"
#include "sked/xalloc.h"

#include "feedtext.h"

#define SAMPLES SKED_SOURCE_ROOT "/tests/data/samples/frab-json/"

static char *
slurp(const char *path, size_t *len)
{
	char *buf = statefile_read(path, 64 * 1024 * 1024, len);
	assert_non_null(buf);
	return buf;
}

/* Reads buf with frabjson; the diagnostics are left in d. */
static struct feed *
read_buf(const char *name, const char *buf, size_t len, struct diag_list *d,
	 bool *ok)
{
	struct feed *f = feed_create(name, "frab-json");
	diag_list_init(d);
	*ok = frabjson_read(f, buf, len, d);
	return f;
}

static struct feed *
read_sample(const char *file, struct diag_list *d)
{
	size_t len;
	char *path = xasprintf("%s%s", SAMPLES, file);
	char *buf = slurp(path, &len);
	assert_true(frabjson_sniff(buf, len < 4096 ? len : 4096));
	assert_false(indico_sniff(buf, len < 4096 ? len : 4096));
	bool ok;
	struct feed *f = read_buf(file, buf, len, d, &ok);
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		print_message("%s\n", s);
		free(s);
	}
	assert_true(ok);
	assert_int_equal(d->errors, 0);
	free(buf);
	free(path);
	return f;
}

static void
assert_pos(struct feed_str s, unsigned line, unsigned column)
{
	assert_int_equal(s.pos.line, line);
	assert_int_equal(s.pos.column, column);
}

static const struct feed_session *
find(const struct feed *f, const char *id)
{
	for (size_t i = 0; i < f->n_sessions; i++)
		if (f->sessions[i].id.s && strcmp(f->sessions[i].id.s, id) == 0)
			return &f->sessions[i];
	fail_msg("no session %s", id);
	return NULL;
}

static void
test_36c3(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = read_sample("36c3-stages.json", &d);
	assert_int_equal(f->flags, FEED_CREATE_REFERENCES | FEED_DERIVE_IDS |
				   FEED_HTML_TEXTS);
	assert_int_equal(f->n_sessions, 498);
	struct feed_conference *c = &f->conference;
	assert_string_equal(c->id.s, "36c3");
	assert_string_equal(c->title.s, "36th Chaos Communication Congress - Stages");
	assert_string_equal(c->start.s, "2019-12-27");
	assert_string_equal(c->end.s, "2019-12-30");
	assert_null(c->timezone.s); /* the feed names none */
	assert_string_equal(c->day_change.s, "04:00");
	/* Rooms in the order of the file's keys, not sorted. */
	static const char *const rooms[] = {
		"Ada", "Borg", "Clarke", "Dijkstra", "Eliza", "Chaos-West Bühne",
		"OIO Stage", "DLF- und Podcast-Bühne", "WikiPaka WG: Esszimmer",
		"ChaosZone Bühne", "Art-and-Play Stage", "CDC - Stage",
	};
	assert_int_equal(f->n_rooms, 12);
	for (size_t i = 0; i < 12; i++)
		assert_string_equal(f->rooms[i].name.s, rooms[i]);
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->id.s, "11223");
	assert_pos(s->id, 22, 23);
	assert_int_equal(s->pos.line, 20);
	assert_string_equal(s->guid.s, "6a32cb72-a69d-423c-91b5-60d88eb8e6c7");
	assert_string_equal(s->title.s, "Opening Ceremony");
	assert_pos(s->title, 30, 26);
	assert_string_equal(s->start.s, "2019-12-27T11:00:00+01:00");
	assert_string_equal(s->start_local.s, "2019-12-27T11:00");
	assert_string_equal(s->duration.s, "00:30");
	assert_pos(s->duration, 27, 29);
	assert_string_equal(s->room.s, "Ada");
	assert_string_equal(s->track.s, "CCC");
	assert_string_equal(s->type.s, "lecture");
	assert_int_equal(s->languages.n, 1);
	assert_string_equal(s->languages.v[0].s, "de");
	assert_null(s->subtitle.s); /* "" is no subtitle */
	assert_int_equal(s->day, 0);
	assert_int_equal(s->speakers.n, 2);
	assert_string_equal(s->speakers.v[0].name.s, "bleeptrack");
	assert_string_equal(s->speakers.v[0].id.s, "9891");
	assert_string_equal(s->speakers.v[1].name.s, "blinry");
	/* After midnight: listed under the 27th, on the 28th's wall clock. */
	const struct feed_session *night = find(f, "11177");
	assert_string_equal(night->start.s, "2019-12-28T00:50:00+01:00");
	assert_string_equal(night->start_local.s, "2019-12-28T00:50");
	assert_int_equal(night->day, 0);
	/* Every wall time agrees with its instant (all at +01:00), so the
	 * night rule holds on every event; days follow the file. */
	size_t per_day[4] = {0};
	for (size_t i = 0; i < f->n_sessions; i++) {
		s = &f->sessions[i];
		assert_non_null(s->start.s);
		assert_memory_equal(s->start.s, s->start_local.s, 16);
		assert_true(s->day >= 0 && s->day < 4);
		per_day[s->day]++;
		assert_null(s->abstract.s ? strchr(s->abstract.s, '\r') : NULL);
	}
	assert_true(per_day[0] > 100 && per_day[3] > 30);
	/* Links and attachments are kept. */
	s = find(f, "10565");
	assert_true(s->links.n >= 1);
	assert_string_equal(s->links.v[0].url.s,
			    "https://wills.co.tt/bitbucket/36c3/messaging.pdf");
	assert_string_equal(s->links.v[0].title.s, "Slides");
	/* Words in angle brackets that are no HTML are kept; a text with
	 * inline tags only keeps its CR LF paragraphs (html.h); as from the
	 * schedule.xml (test-frabxml.c). */
	assert_non_null(strstr(txt(f, &find(f, "10571")->abstract),
			       "halt nach. <insert old man jells at cloud meme>"));
	s = find(f, "10652");
	assert_non_null(strstr(txt(f, &s->abstract),
			       "Spa\xc3\x9f mit Daten haben.\n\n"
			       "Rechtlicher Hinweis: Es liegt"));
	assert_null(strchr(txt(f, &s->abstract), '<'));
	assert_non_null(strstr(txt(f, &find(f, "10892")->description),
			       "erwarten ist.\n\nThemen sind unter anderem:\n\n"
			       "Elektronische Identifizierung (E-ID): Das"));
	feed_destroy(f);
	diag_list_finish(&d);
}

static void
test_frab_and_pretalx(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = read_sample("frab-camp2019.json", &d);
	assert_int_equal(f->n_sessions, 79);
	assert_string_equal(f->conference.id.s, "Camp2019");
	assert_string_equal(f->conference.timezone.s, "Europe/Berlin");
	assert_int_equal(f->n_rooms, 2);
	assert_string_equal(f->rooms[0].name.s, "Curie");
	/* Paragraphs as blank lines, links as <a href>: both kept. */
	const char *t = txt(f, &find(f, "10346")->description);
	assert_non_null(strstr(t, "zuzuordnen.\xe2\x80\x9c\n\nWenige Wochen"));
	assert_non_null(strstr(t, "im Netz\n\nImage by ElisaRiva "
				  "(https://pixabay.com/users/ElisaRiva-1348268/"
				  "?utm_source=link-attribution&utm_medium="));
	feed_destroy(f);
	diag_list_finish(&d);

	f = read_sample("pretalx-rc3.json", &d);
	assert_int_equal(f->n_sessions, 48);
	assert_string_equal(f->conference.day_change.s, "04:00"); /* 03:59 */
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->id.s, "15");
	/* pretalx: the speaker's id (as in its schedule.xml), not its code;
	 * Markdown stays as it is, CR LF becomes LF. */
	assert_string_equal(s->speakers.v[0].id.s, "20");
	assert_string_equal(s->speakers.v[0].name.s, "Chris Fiege");
	assert_non_null(strstr(txt(f, &s->abstract),
			       "auf [Gluon](https://gluon.readthedocs.io/).\nEin"));
	assert_null(strchr(txt(f, &s->description), '\r'));
	feed_destroy(f);
	diag_list_finish(&d);

	f = read_sample("pretalx-democon.json", &d);
	assert_int_equal(f->n_sessions, 36);
	/* The zone as the feed says; the instants keep their offsets. */
	assert_string_equal(f->conference.timezone.s, "UTC");
	assert_string_equal(f->sessions[0].start.s, "2020-12-14T09:00:00+01:00");
	assert_int_equal(f->n_rooms, 2);
	assert_string_equal(f->rooms[1].name.s, "Tan Room");
	feed_destroy(f);
	diag_list_finish(&d);
}

static void
test_schema2(void **state)
{
	(void)state;
	struct diag_list d;
	struct feed *f = read_sample("hub-schedule2.json", &d);
	struct feed_conference *c = &f->conference;
	assert_string_equal(c->id.s, "38c3");
	assert_string_equal(c->start.s, "2024-12-27");
	assert_string_equal(c->end.s, "2024-12-30");
	assert_string_equal(c->timezone.s, "Europe/Berlin");
	assert_string_equal(c->day_change.s, "06:00");
	assert_int_equal(f->n_tracks, 7);
	assert_string_equal(f->tracks[2].id.s, "hardware-making");
	assert_string_equal(f->tracks[2].name.s, "Hardware & Making");
	assert_int_equal(f->n_rooms, 5);
	assert_string_equal(f->rooms[0].id.s, "saal-1");
	assert_string_equal(f->rooms[0].name.s, "Saal 1");
	assert_int_equal(f->n_sessions, 2);
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->id.s, "HQCCYH");
	assert_string_equal(s->guid.s, "270fa44c-821a-577f-8ca3-33e8d4a8c2a7");
	assert_string_equal(s->start.s, "2024-12-27T10:30:00+01:00");
	assert_string_equal(s->end.s, "2024-12-27T11:00:00+01:00");
	assert_null(s->duration.s);
	assert_int_equal(s->day, -1); /* the builder's, by day_change */
	assert_string_equal(s->room.s, "Saal 1");
	assert_string_equal(s->track.s, "ccc");
	assert_int_equal(s->speakers.n, 2);
	assert_string_equal(s->speakers.v[1].name.s, "Aline Blankertz");
	assert_string_equal(s->speakers.v[0].url.s,
			    "https://events.ccc.de/congress/2024/hub/user/"
			    "speaker_0c16ffaa-709d-599f-959f-9a38b911361a/");
	assert_int_equal(s->authors.n, 1); /* the CONTRIBUTOR */
	assert_string_equal(s->authors.v[0].name.s, "Senficon");
	assert_string_equal(s->feedback_url.s, "https://fahrplan.events.ccc.de/"
			    "congress/2024/fahrplan/talk/HQCCYH/feedback/");
	assert_int_equal(s->links.n, 3);
	assert_string_equal(s->links.v[0].title.s, "foo bar");
	s = &f->sessions[1];
	assert_string_equal(s->subtitle.s,
			    "Most Wanted Using Deep Reinforcement Learning");
	assert_string_equal(s->room.s, "Saal ZIGZAG");
	assert_null(strchr(txt(f, &s->description), '\r'));
	assert_non_null(strstr(txt(f, &s->description), "doable. Hence"));
	feed_destroy(f);
	diag_list_finish(&d);
}

/* A small schedule with `rooms` (a JSON object's members) and one event. */
static char *
small(const char *rooms)
{
	return xasprintf(
		"{\"schedule\": {\"conference\": {\"acronym\": \"x\", "
		"\"title\": \"X\", \"start\": \"2024-01-01\", \"end\": "
		"\"2024-01-01\", \"days\": [{\"index\": 1, \"date\": "
		"\"2024-01-01\", \"rooms\": {%s}}]}}}",
		rooms);
}

static void
test_emoji_order_positions(void **state)
{
	(void)state;
	/* 300 rooms named in descending order: the order of the keys
	 * survives jansson's hash table growing. */
	size_t cap = 64 * 1024, o = 0;
	char *rooms = xmalloc(cap);
	for (int i = 299; i >= 0; i--)
		o += (size_t)snprintf(rooms + o, cap - o, "%s\"room %03d\": []",
				      i == 299 ? "" : ", ", i);
	char *doc = small(rooms);
	struct diag_list d;
	bool ok;
	struct feed *f = read_buf("order.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_int_equal(f->n_rooms, 300);
	for (int i = 0; i < 300; i++) {
		char want[16];
		snprintf(want, sizeof(want), "room %03d", 299 - i);
		assert_string_equal(f->rooms[i].name.s, want);
	}
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);
	free(rooms);

	/* Emoji as UTF-16 pairs; a value's line and column in characters
	 * (the é before it counts one); a duration left for the builder. */
	doc = small("\"H\\u00e9\": [\n{\"id\": \"a\", \"title\": "
		    "\"\\ud83c\\udf89 Party\",\n  \"é\": 1, \"duration\": \"abc\", "
		    "\"start\": \"10:00\"}]");
	f = read_buf("emoji.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_int_equal(f->n_sessions, 1);
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->title.s, "\xF0\x9F\x8E\x89 Party");
	assert_string_equal(f->rooms[0].name.s, "H\xC3\xA9");
	assert_string_equal(s->room.s, "H\xC3\xA9");
	assert_string_equal(s->duration.s, "abc");
	assert_pos(s->duration, 3, 23);
	assert_pos(s->title, 2, 22);
	assert_pos(s->id, 2, 8);
	assert_int_equal(s->pos.line, 2);
	assert_int_equal(s->pos.column, 1);
	/* No absolute date: the wall time is the start. */
	assert_string_equal(s->start.s, "2024-01-01T10:00");
	assert_null(s->start_local.s);
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);
}

/* Blanks around a text go, as the XML reader drops them, and a person's
 * id is the one schedule.xml gives: the 36C3 XML and JSON import alike
 * (tests/import_check.py compares the two imports whole). */
static void
test_like_xml(void **state)
{
	(void)state;
	char *doc = small(
		"\"Hall\": [{\"id\": 7, \"title\": \" Extinction Rebellion \", "
		"\"subtitle\": \" \\r\\n \", \"abstract\": \"Text.\\r\\n\\r\\n\", "
		"\"start\": \"10:00\", \"duration\": \"00:30\", \"persons\": "
		"[{\"id\": 20, \"code\": \"SCD9VJ\", \"public_name\": \"Ole \"}, "
		"{\"code\": \"ABC123\", \"name\": \"\\tOnly Code\"}]}]");
	struct diag_list d;
	bool ok;
	struct feed *f = read_buf("like.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->title.s, "Extinction Rebellion");
	assert_null(s->subtitle.s); /* only blanks: none */
	assert_string_equal(txt(f, &s->abstract), "Text.");
	assert_string_equal(s->speakers.v[0].name.s, "Ole");
	assert_string_equal(s->speakers.v[0].id.s, "20");
	assert_string_equal(s->speakers.v[1].name.s, "Only Code");
	assert_string_equal(s->speakers.v[1].id.s, "ABC123");
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);

	/* Markup that holds no text is no text, as in the XML: not "". */
	doc = small("\"Hall\": [{\"id\": 7, \"title\": \"T\", "
		    "\"abstract\": \"<p> </p>\", \"description\": \"<br>\", "
		    "\"start\": \"10:00\", \"duration\": \"00:30\"}]");
	f = read_buf("like.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_null(txt(f, &f->sessions[0].abstract));
	assert_null(txt(f, &f->sessions[0].description));
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);

	/* The real feed: a title with a space after it, one before a
	 * speaker's name, a pretalx person with both id and code. */
	f = read_sample("36c3-stages.json", &d);
	assert_string_equal(find(f, "10738")->title.s, "Extinction Rebellion");
	assert_string_equal(find(f, "11090")->speakers.v[1].name.s, "Naomi Colvin");
	assert_string_equal(find(f, "169")->speakers.v[0].id.s, "117");
	feed_destroy(f);
	diag_list_finish(&d);
}

/* Every file of tests/bad/json is refused with the message expect.txt
 * gives, at its file:line:column, and every message has a position. */
static void
test_bad_files(void **state)
{
	(void)state;
	const char *dir = SKED_SOURCE_ROOT "/tests/bad/json/";
	char *list = xasprintf("%sexpect.txt", dir);
	FILE *fp = fopen(list, "r");
	assert_non_null(fp);
	char line[1024];
	size_t cases = 0;
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char name[128], reader[32];
		int off;
		assert_int_equal(sscanf(line, "%127s %31s %n", name, reader, &off), 2);
		char *want = line + off;
		want[strcspn(want, "\n")] = '\0';
		char *path = xasprintf("%s%s.json", dir, name);
		char *file = xasprintf("%s.json", name);
		size_t len;
		char *buf = slurp(path, &len);
		struct feed *f = feed_create(file, reader);
		struct diag_list d;
		diag_list_init(&d);
		bool ok = strcmp(reader, "indico") == 0 ? indico_read(f, buf, len, &d)
							: frabjson_read(f, buf, len, &d);
		bool found = false;
		for (size_t i = 0; i < d.n; i++) {
			char *s = diag_format(&d.v[i]);
			found |= strcmp(s, want) == 0;
			if (!found)
				print_message("%s: got %s\n", name, s);
			assert_true(d.v[i].line > 0 && d.v[i].column > 0);
			free(s);
		}
		if (!found)
			fail_msg("%s: no message \"%s\"", name, want);
		assert_false(ok);
		feed_destroy(f);
		diag_list_finish(&d);
		free(buf);
		free(file);
		free(path);
		cases++;
	}
	fclose(fp);
	free(list);
	assert_true(cases >= 20);
}

/* What the position scan's fast paths must not change (it reads a
 * string's ASCII eight bytes at a time, indentation as runs, and checks
 * depth in the same pass): columns after long strings holding escapes
 * and multi-byte characters at every offset within eight bytes, after
 * indentation; and a member asked for again, or after its object's
 * neighbours, at its own place. */
static void
test_scan_positions(void **state)
{
	(void)state;
	for (int shift = 0; shift < 8; shift++) {
		char pad[16] = "";
		memset(pad, 'x', (size_t)shift);
		/* "é" is 2 bytes, one column; \" and \\ are 2 columns each. */
		char *body = xasprintf(
			"\"Room\": [\n        {\"id\": \"a\", \"subtitle\": "
			"\"%sabcdefghé\\\"ijklmnop\\\\qrstuvwxyzé0123456789\", "
			"\"title\": \"T\",\n                \"duration\": \"0:30\", "
			"\"start\": \"10:00\"}]",
			pad);
		char *doc = small(body);
		struct diag_list d;
		bool ok;
		struct feed *f = read_buf("scan.json", doc, strlen(doc), &d, &ok);
		assert_true(ok);
		const struct feed_session *s = &f->sessions[0];
		unsigned title = 88 + (unsigned)shift;
		assert_pos(s->subtitle, 2, 33);
		assert_pos(s->title, 2, title);
		assert_pos(s->duration, 3, 29);
		assert_pos(s->id, 2, 16);
		feed_destroy(f);
		diag_list_finish(&d);
		free(doc);
		free(body);
	}
	/* Brackets after a token that is not JSON still count for depth
	 * (the check runs before jansson): refused at the 33rd. */
	char deep[128];
	int o = snprintf(deep, sizeof(deep), "{\"schedule\": tru\"e\"");
	memset(deep + o, '[', 40);
	deep[o + 40] = '\0';
	struct diag_list d;
	bool ok;
	struct feed *f = read_buf("deep.json", deep, strlen(deep), &d, &ok);
	assert_false(ok);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].column, o + 32);
	assert_string_equal(d.v[0].message, "nesting deeper than 32 levels");
	feed_destroy(f);
	diag_list_finish(&d);
}

static void
test_hostile(void **state)
{
	(void)state;
	/* A list 100,000 deep: refused at the 33rd bracket, no stack used. */
	size_t n = 100000;
	static const char head[] = "{\"schedule\": ";
	size_t o = sizeof(head) - 1;
	char *deep = xmalloc(o + 2 * n + 1);
	memcpy(deep, head, o);
	memset(deep + o, '[', n);
	memset(deep + o + n, ']', n);
	struct diag_list d;
	bool ok;
	struct feed *f = read_buf("deep.json", deep, o + 2 * n, &d, &ok);
	assert_false(ok);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].column, o + 32);
	assert_string_equal(d.v[0].message, "nesting deeper than 32 levels");
	feed_destroy(f);
	diag_list_finish(&d);
	free(deep);

	/* A 20 MB abstract is read. */
	size_t big = 20u << 20;
	char *text = xmalloc(big + 1);
	memset(text, 'x', big);
	text[big] = '\0';
	char *ev = xasprintf("\"R\": [{\"title\": \"T\", \"abstract\": \"%s\"}]", text);
	char *doc = small(ev);
	f = read_buf("big.json", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_int_equal(strlen(f->sessions[0].abstract.s), big);
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);
	free(ev);
	free(text);

	/* Numbers where strings belong: each named, the rest still read. */
	doc = small("\"R\": [{\"id\": 7, \"title\": 8, \"track\": [], "
		    "\"persons\": [{\"public_name\": {}}], \"links\": [1]}]");
	f = read_buf("types.json", doc, strlen(doc), &d, &ok);
	assert_false(ok);
	assert_int_equal(d.errors, 4);
	assert_string_equal(f->sessions[0].id.s, "7"); /* ids may be numbers */
	static const char *const want[] = {
		"[0].title: expected a string, got a number",
		"[0].track: expected a string, got a list",
		"persons[0].public_name: expected a string, got an object",
		"links[0]: expected a link (an object), got a number",
	};
	for (size_t k = 0; k < 4; k++) {
		bool found = false;
		for (size_t i = 0; i < d.n; i++)
			found |= strstr(d.v[i].message, want[k]) != NULL;
		if (!found)
			fail_msg("no message %s", want[k]);
	}
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);

	/* A member holding one of jansson's shared values (false, null) is
	 * found by its key, not as the first member with the same value:
	 * the message names the title's own column. */
	doc = small("\"R\": [{\"do_not_record\": false, \"title\": false}]");
	f = read_buf("shared.json", doc, strlen(doc), &d, &ok);
	assert_false(ok);
	size_t col = (size_t)(strstr(doc, "\"title\": false") - doc) + 10;
	bool seen = false;
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.v[i].message, "title: expected a string, got false")) {
			assert_int_equal(d.v[i].line, 1);
			assert_int_equal(d.v[i].column, col);
			seen = true;
		}
	assert_true(seen);
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);

	/* Text from the file in a message is made safe: a room name with an
	 * escape sequence. */
	doc = small("\"\\u001b[31mred\": [{\"title\": 1}]");
	f = read_buf("esc.json", doc, strlen(doc), &d, &ok);
	assert_false(ok);
	assert_null(strchr(d.v[0].message, '\x1b'));
	feed_destroy(f);
	diag_list_finish(&d);
	free(doc);
}

/* The JSON readers have jansson allocate a document's tree in an arena
 * (jdoc.c), for the length of the parse only: after a good file and a
 * refused one, jansson allocates with malloc again, so that a value made
 * later (follow.c's state file) outlives the document, and its
 * json_decref frees it (ASan and valgrind see a leak or a bad free
 * otherwise). */
static void
test_allocator_restored(void **state)
{
	(void)state;
	json_malloc_t m;
	json_free_t fr;
	const char *docs[] = {
		"{\"schedule\": {\"version\": \"1\", \"conference\": "
		"{\"title\": \"T\", \"start\": \"2024-01-01\", "
		"\"end\": \"2024-01-01\", \"days\": []}}}",
		"{\"schedule\": [1, 2,",
		"{\"a\": 1, \"a\": 2}",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct diag_list d;
		bool ok;
		struct feed *f =
			read_buf("a.json", docs[i], strlen(docs[i]), &d, &ok);
		feed_destroy(f);
		diag_list_finish(&d);
		json_get_alloc_funcs(&m, &fr);
		assert_ptr_equal(m, malloc);
		assert_ptr_equal(fr, free);
		json_t *o = json_pack("{s:s}", "k", "a value made after");
		assert_non_null(o);
		json_decref(o);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_36c3),
		cmocka_unit_test(test_frab_and_pretalx),
		cmocka_unit_test(test_schema2),
		cmocka_unit_test(test_emoji_order_positions),
		cmocka_unit_test(test_scan_positions),
		cmocka_unit_test(test_like_xml),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_allocator_restored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
