/* Unit tests of the calendar export: the form of the lines (CRLF, folding
 * at 75 octets on UTF-8 boundaries, whatever the value), escaping for each
 * value type, exact instants around a fall-back hour, and the URL check
 * that keeps a value from becoming properties of its own; the sink the
 * text streams to (pieces, a sink that fails) and export_file's output
 * (complete, or the old file kept). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/buf.h"
#include "sked/export.h"
#include "sked/load.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/uri.h"
#include "sked/xalloc.h"

/* Checks the physical form of calendar text: every CR before an LF and
 * every LF after a CR, no other control character but TAB, physical lines
 * of at most 75 octets, each valid UTF-8 on its own (no sequence split by
 * a fold), and the text ending in CRLF. Returns the unfolded text. */
static char *
check_form(const char *text)
{
	size_t n = strlen(text);
	assert_true(n >= 2);
	assert_memory_equal(text + n - 2, "\r\n", 2);
	char *unfolded = xmalloc(n + 1), *u = unfolded;
	size_t line = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\r') {
			assert_int_equal(text[i + 1], '\n');
			assert_in_range(i - line, 0, 75);
			assert_true(text_is_clean(text + line, i - line,
						  TEXT_KEEP_TAB));
			i++;
			line = i + 1;
			if (text[i + 1] == ' ') { /* a fold */
				i++;
				continue;
			}
			*u++ = '\n';
			continue;
		}
		assert_true(c >= 0x20 || c == '\t');
		assert_true(c != 0x7F);
		*u++ = (char)c;
	}
	*u = '\0';
	return unfolded;
}

/* A sink that keeps what it is given, and how: the pieces, the largest
 * one; fail_after: refuse the piece that would take the text past that
 * many bytes (0: never), and count the pieces offered after that. */
struct collect {
	char *v;
	size_t n, pieces, largest, fail_after, after_failure;
	bool failed;
};

static bool
collect_write(void *arg, const char *data, size_t len)
{
	struct collect *c = arg;
	if (c->failed) {
		c->after_failure++;
		return false;
	}
	if (c->fail_after && c->n + len > c->fail_after) {
		c->failed = true;
		return false;
	}
	c->v = xreallocarray(c->v, c->n + len + 1, 1);
	memcpy(c->v + c->n, data, len);
	c->n += len;
	c->v[c->n] = '\0';
	c->pieces++;
	if (len > c->largest)
		c->largest = len;
	return true;
}

/* The calendar text of the items, as a string the caller frees. */
static char *
export_string(const struct export_item *items, size_t n,
	      const struct export_options *o, size_t *exported,
	      size_t *skipped)
{
	struct collect c = {0};
	struct export_sink sink = {collect_write, &c};
	assert_true(export_calendar(items, n, o, &sink, exported, skipped));
	assert_non_null(c.v);
	assert_int_equal(strlen(c.v), c.n);
	return c.v;
}

static void
test_fold_boundaries(void **state)
{
	(void)state;
	/* Lines of 60 to 160 octets, with a 2-, 3- or 4-byte character at
	 * every offset around the boundaries, and with an escaped line
	 * break ("\n" in the value) landing on them. */
	static const char *const chars[] = {"\xc3\xa9", "\xe2\x82\xac",
					    "\xf0\x9f\x98\x80", "\\n", "x"};
	for (size_t len = 60; len <= 160; len++) {
		for (size_t c = 0; c < sizeof(chars) / sizeof(chars[0]); c++) {
			size_t k = strlen(chars[c]);
			for (size_t at = len - 20; at + k <= len; at++) {
				char l[256];
				memset(l, 'a', at);
				memcpy(l + at, chars[c], k);
				memset(l + at + k, 'b', len - at - k);
				l[len] = '\0';
				char *folded = export_fold(l);
				char *unfolded = check_form(folded);
				size_t u = strlen(unfolded);
				assert_int_equal(unfolded[u - 1], '\n');
				unfolded[u - 1] = '\0';
				assert_string_equal(unfolded, l);
				free(unfolded);
				free(folded);
			}
		}
	}
	/* Exactly 75 octets: one line; 76: folded after octet 75, and the
	 * continuation (a space and the rest) counts its space. */
	char l75[76], l76[77];
	memset(l75, 'a', 75);
	l75[75] = '\0';
	memset(l76, 'a', 76);
	l76[76] = '\0';
	char *f = export_fold(l75);
	assert_int_equal(strlen(f), 77);
	assert_memory_equal(f + 75, "\r\n", 2);
	free(f);
	f = export_fold(l76);
	assert_int_equal(strlen(f), 81);
	assert_memory_equal(f + 75, "\r\n a\r\n", 6);
	free(f);
	/* 74 octets then a 2-byte character: it moves to the next line whole. */
	char l[80];
	memset(l, 'a', 74);
	memcpy(l + 74, "\xc3\xa9z", 4);
	f = export_fold(l);
	assert_memory_equal(f + 74, "\r\n \xc3\xa9z\r\n", 8);
	free(f);
}

static void
test_fold_never_breaks_a_line(void **state)
{
	(void)state;
	/* Whatever it is given, no bare CR or LF leaves export_fold(). */
	char *f = export_fold("URL:https://x/\nATTENDEE:mailto:e@x\r\nBEGIN:VALARM\r");
	char *u = check_form(f);
	assert_null(strstr(u, "\nATTENDEE"));
	assert_null(strstr(u, "\nBEGIN"));
	assert_non_null(strstr(u, "URL:https://x/\xef\xbf\xbd" "ATTENDEE"));
	free(u);
	free(f);
}

static void
test_fold_invalid_utf8_hides_nothing(void **state)
{
	(void)state;
	/* A lead byte must not carry a control character past the guard:
	 * invalid UTF-8 becomes U+FFFD byte by byte, controls included. */
	char *f = export_fold("URL:\xC3\r\nATTENDEE:x\xE2\x80\nBEGIN:VALARM\xF0\r");
	char *u = check_form(f);
	assert_null(strstr(u, "\nATTENDEE"));
	assert_null(strstr(u, "\nBEGIN"));
	assert_string_equal(u, "URL:\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			       "ATTENDEE:x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			       "BEGIN:VALARM\xef\xbf\xbd\xef\xbf\xbd\n");
	free(u);
	free(f);
}

static void
test_escape_text(void **state)
{
	(void)state;
	char *e = export_escape_text("Tracing, BPF; eBPF\\C\nnext\ttab\x1b[2J");
	assert_string_equal(e, "Tracing\\, BPF\\; eBPF\\\\C\\nnext\ttab"
			       "\xef\xbf\xbd");
	free(e);
}

static void
test_uri(void **state)
{
	(void)state;
	char why[96];
	size_t at;
	assert_true(uri_check("https://lpc.events/event/17/", &at, why, sizeof(why)));
	assert_true(uri_check("https://x/K%C3%B6ln?a=b&c=d#f", &at, why, sizeof(why)));
	assert_true(uri_check("mailto:a@example.org", &at, why, sizeof(why)));
	assert_false(uri_check("https://x/\nATTENDEE:x", &at, why, sizeof(why)));
	assert_int_equal(at, 10);
	assert_string_equal(why, "character 11 is the control character U+000A");
	assert_false(uri_check("https://x/a b", &at, why, sizeof(why)));
	assert_string_equal(why, "character 12 is a space (write it %20)");
	assert_false(uri_check("https://x/K\xc3\xb6ln", &at, why, sizeof(why)));
	assert_int_equal(at, 11);
	assert_false(uri_check("https://x/100%", &at, why, sizeof(why)));
	assert_false(uri_check("https://x/%4", &at, why, sizeof(why)));
	assert_false(uri_check("https://x/\"><", &at, why, sizeof(why)));
	assert_false(uri_check("lpc.events/x", &at, why, sizeof(why)));
	assert_int_equal(at, 0);
	assert_false(uri_check("", &at, why, sizeof(why)));
	assert_false(uri_check(":x", &at, why, sizeof(why)));
	char *u = uri_encode("https://x/a b\r\nK\xc3\xb6ln%zz%41");
	assert_string_equal(u, "https://x/a%20b%0D%0AK%C3%B6ln%25zz%41");
	assert_true(uri_check(u, &at, why, sizeof(why)));
	free(u);
}

/* A program with a fall-back night (New York, 2023-11-05: 01:00-02:00
 * EDT, then 01:00-02:00 EST) and a track whose name holds a comma. */
static const char fallback[] =
	"sked: 1\n"
	"conference: {id: fb, title: Fall back, timezone: America/New_York,\n"
	"  start: 2023-11-04, end: 2023-11-05}\n"
	"tracks: [{id: t, name: 'Tracing, BPF; eBPF'}]\n"
	"sessions:\n"
	"  - {id: a, title: A, start: 2023-11-05T01:00, duration: 60, track: t,\n"
	"     url: 'https://x/a'}\n"
	"  - {id: b, title: B, start: 2023-11-05T00:30, duration: 90}\n"
	"  - {id: c, title: C, start: 2023-11-05T02:00, duration: 30}\n"
	"  - {id: d, title: D, start: 2023-11-04T23:00, duration: 60}\n";

static char *
export_program(struct program *p, size_t *exported)
{
	struct export_item items[8];
	size_t skipped;
	for (size_t i = 0; i < p->n_sessions; i++)
		items[i] = (struct export_item){p, &p->sessions[i]};
	struct export_options o = {.alarm = -1, .dtstamp = 1700000000,
				   .name = "Fall back"};
	return export_string(items, p->n_sessions, &o, exported, &skipped);
}

static struct program *
load_fallback(void)
{
	struct diag_list d;
	diag_list_init(&d);
	struct program *p =
		load_buffer("fb.yaml", fallback, strlen(fallback), &d);
	diag_list_finish(&d);
	assert_non_null(p);
	return p;
}

static void
test_fallback_instants(void **state)
{
	(void)state;
	struct program *p = load_fallback();
	size_t exported;
	char *text = export_program(p, &exported);
	assert_int_equal(exported, 4);
	char *u = check_form(text);
	/* a: 01:00 EDT (05:00 UTC) to 01:00 EST (06:00 UTC): both wall times
	 * occur twice, so both are written in UTC. */
	assert_non_null(strstr(u, "UID:a@fb.sked\nDTSTAMP:20231114T221320Z\n"
				  "DTSTART:20231105T050000Z\n"
				  "DTEND:20231105T060000Z\n"));
	/* b: 00:30 EDT is unambiguous; its end, 01:00 EST, is not. */
	assert_non_null(strstr(u, "DTSTART;TZID=America/New_York:20231105T003000\n"
				  "DTEND:20231105T060000Z\n"));
	/* c and d: no ambiguity, local times as before. */
	assert_non_null(strstr(u, "DTSTART;TZID=America/New_York:20231105T020000\n"
				  "DTEND;TZID=America/New_York:20231105T023000\n"));
	assert_non_null(strstr(u, "DTSTART;TZID=America/New_York:20231104T230000\n"
				  "DTEND;TZID=America/New_York:20231105T000000\n"));
	/* The track stays one category. */
	assert_non_null(strstr(u, "\nCATEGORIES:Tracing\\, BPF\\; eBPF\n"));
	/* The VTIMEZONE: EDT, then EST from 02:00 EDT on 5 November. */
	assert_non_null(strstr(u, "BEGIN:STANDARD\nDTSTART:20231105T020000\n"
				  "TZOFFSETFROM:-0400\nTZOFFSETTO:-0500\n"
				  "END:STANDARD\n"));
	free(u);
	free(text);
	program_destroy(p);
}

static void
test_url_cannot_add_properties(void **state)
{
	(void)state;
	/* The loader refuses such a URL; the exporter must hold on its own
	 * for any program it is given. */
	struct program *p = load_fallback();
	p->sessions[0].url = "https://x/\nATTENDEE:mailto:evil@example.org\r\n"
			     "BEGIN:VALARM\nACTION:AUDIO";
	size_t exported;
	char *text = export_program(p, &exported);
	char *u = check_form(text);
	assert_null(strstr(u, "\nATTENDEE"));
	assert_null(strstr(u, "\nBEGIN:VALARM"));
	assert_null(strstr(u, "\nACTION"));
	assert_non_null(strstr(u, "\nURL:https://x/%0AATTENDEE:mailto:evil@"
				  "example.org%0D%0ABEGIN:VALARM%0AACTION:AUDIO\n"));
	/* In the description (TEXT) the breaks are escaped. */
	assert_non_null(strstr(u, "\nDESCRIPTION:https://x/\\nATTENDEE:"));
	free(u);
	free(text);
	program_destroy(p);
}

/* A value that is one line in a calendar (SUMMARY, LOCATION, CATEGORIES,
 * X-WR-CALNAME) has its line breaks made one space and its ends trimmed:
 * a YAML block title ends in one, and calcurse skipped the event ("line
 * break in summary"). DESCRIPTION keeps its breaks. */
static void
test_one_line_values(void **state)
{
	(void)state;
	static const char yaml[] =
		"sked: 1\n"
		"conference: {id: f, title: F, timezone: Europe/Berlin,\n"
		"  start: 2024-06-01, end: 2024-06-01}\n"
		"tracks: [{id: t, name: \"Tracing\\r\\n  and BPF\"}]\n"
		"rooms: [{id: r, name: \"Hall\\nA \"}]\n"
		"sessions:\n"
		"  - id: a\n"
		"    title: |\n"
		"      A block title\n"
		"    start: 2024-06-01T10:00\n"
		"    duration: 30\n"
		"    track: t\n"
		"    room: r\n"
		"    abstract: \"One\\ntwo\"\n"
		"  - {id: b, title: \"Two \\n\\n lines\", start: 2024-06-01T11:00,\n"
		"     duration: 30}\n";
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("f.yaml", yaml, strlen(yaml), &d);
	diag_list_finish(&d);
	assert_non_null(p);
	struct export_item items[2] = {{p, &p->sessions[0]},
				       {p, &p->sessions[1]}};
	struct export_options o = {.alarm = -1, .dtstamp = 1700000000,
				   .name = "My\nagenda"};
	size_t exported, skipped;
	char *text = export_string(items, 2, &o, &exported, &skipped);
	assert_int_equal(exported, 2);
	char *u = check_form(text);
	assert_non_null(strstr(u, "\nX-WR-CALNAME:My agenda\n"));
	assert_non_null(strstr(u, "\nSUMMARY:A block title\n"));
	assert_non_null(strstr(u, "\nSUMMARY:Two lines\n"));
	assert_non_null(strstr(u, "\nLOCATION:Hall A\n"));
	assert_non_null(strstr(u, "\nCATEGORIES:Tracing and BPF\n"));
	assert_non_null(strstr(u, "One\\ntwo"));
	assert_null(strstr(u, "SUMMARY:A block title\\n"));
	free(u);
	free(text);
	program_destroy(p);
}

/* DESCRIPTION holds the subtitle (its first line), the speakers, the
 * abstract, the long description, the links and the URL, escaped as TEXT;
 * URL stays the session's. */
static void
test_description_fields(void **state)
{
	(void)state;
	static const char yaml[] =
		"sked: 1\n"
		"conference: {id: f, title: F, timezone: Europe/Berlin,\n"
		"  start: 2024-06-01, end: 2024-06-01}\n"
		"sessions:\n"
		"  - id: a\n"
		"    title: Reading schedules\n"
		"    subtitle: frab, pretalx; Indico\n"
		"    start: 2024-06-01T09:00\n"
		"    duration: 45\n"
		"    speakers: [{name: Jo Smith, affiliation: Elsewhere}]\n"
		"    abstract: What a schedule holds.\n"
		"    description: |\n"
		"      The long text,\n"
		"      beside the abstract.\n"
		"    links:\n"
		"      - {url: 'https://f.example/slides.pdf', title: 'Slides; PDF'}\n"
		"      - url: 'https://f.example/code'\n"
		"    url: 'https://f.example/a'\n"
		"    feedback_url: 'https://f.example/a/feedback'\n"
		"  - {id: b, title: Plain, start: 2024-06-01T10:00, duration: 30,\n"
		"     abstract: Only this.}\n";
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("f.yaml", yaml, strlen(yaml), &d);
	diag_list_finish(&d);
	assert_non_null(p);
	size_t exported;
	char *text = export_program(p, &exported);
	assert_int_equal(exported, 2);
	char *u = check_form(text);
	assert_non_null(strstr(u,
		"\nSUMMARY:Reading schedules\n"
		"DESCRIPTION:Speakers: Jo Smith (Elsewhere)\\n\\n"
		"frab\\, pretalx\\; Indico\\n\\n"
		"What a schedule holds.\\n\\n"
		"The long text\\,\\nbeside the abstract.\\n\\n"
		"Slides\\; PDF: https://f.example/slides.pdf\\n"
		"https://f.example/code\\n\\n"
		"https://f.example/a\n"));
	assert_non_null(strstr(u, "\nURL:https://f.example/a\n"));
	/* A session without them describes itself as before. */
	assert_non_null(strstr(u, "\nSUMMARY:Plain\nDESCRIPTION:Only this.\n"));
	free(u);
	free(text);
	program_destroy(p);
}

/* What sked exports, sked reads back with the same speakers: the
 * Speakers: line comes first (a subtitle before it hid it: the speakers
 * were lost, the line became abstract), and a name holding a comma, a
 * parenthesis or a quote is written in quotes, taken whole. */
static void
test_speakers_read_back(void **state)
{
	(void)state;
	static const char yaml[] =
		"sked: 1\n"
		"conference: {id: rt, title: RT, timezone: Europe/Berlin,\n"
		"  start: 2024-06-01, end: 2024-06-01}\n"
		"sessions:\n"
		"  - id: a\n"
		"    title: Keynote\n"
		"    subtitle: Security Track Keynote\n"
		"    start: 2024-06-01T09:00\n"
		"    duration: 45\n"
		"    speakers:\n"
		"      - {name: Vincenzo Iozzo}\n"
		"      - {name: Marco Tusa (the Grinch), affiliation: 'P (EU, x)'}\n"
		"      - {name: 'Benjamin Ewers, Raoul-Amadeus Lorbeer'}\n"
		"      - {name: 'Ann \"Q\" Lee'}\n"
		"      - {name: \"Line\\nBreak\", affiliation: 'A) B'}\n"
		"      - {name: Carol, affiliation: 'X (Y'}\n"
		"      - {name: Dan}\n"
		"    abstract: What it holds.\n";
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("rt.yaml", yaml, strlen(yaml), &d);
	assert_non_null(p);
	size_t exported;
	char *text = export_program(p, &exported);
	assert_int_equal(exported, 1);
	struct program *q = load_buffer("rt.ics", text, strlen(text), &d);
	assert_non_null(q);
	assert_int_equal(q->n_sessions, 1);
	const struct program_people *was = &p->sessions[0].speakers,
				    *now = &q->sessions[0].speakers;
	assert_int_equal(now->n, was->n);
	/* On the one line: a line break is a space, parentheses that do
	 * not pair brackets; the speakers after them are all there. */
	assert_string_equal(now->v[4].name, "Line Break");
	assert_string_equal(now->v[4].affiliation, "A] B");
	assert_string_equal(now->v[5].name, "Carol");
	assert_string_equal(now->v[5].affiliation, "X [Y");
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(now->v[i].name, was->v[i].name);
		if (was->v[i].affiliation == NULL)
			assert_null(now->v[i].affiliation);
		else
			assert_string_equal(now->v[i].affiliation,
					    was->v[i].affiliation);
	}
	assert_string_equal(now->v[6].name, "Dan");
	/* The subtitle and the abstract are the text; no Speakers: in it. */
	const char *abstract = program_text(q, &q->sessions[0].abstract_text);
	assert_string_equal(abstract,
			    "Security Track Keynote\n\nWhat it holds.");
	free(text);
	program_destroy(q);
	program_destroy(p);
	diag_list_finish(&d);
}

static void
test_bundled_programs_form(void **state)
{
	(void)state;
	/* Every session of the bundled programs, one export: the form of
	 * every line whatever the text (long abstracts, accents). */
	static const char *const files[] = {"lpc2023", "lpc2022", "lpc2019"};
	struct program *p[3];
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < 3; i++) {
		char path[512];
		snprintf(path, sizeof(path), SKED_SOURCE_ROOT "/data/%s.yaml",
			 files[i]);
		struct diag_list d;
		enum load_status st;
		diag_list_init(&d);
		p[i] = load_file(path, &d, &st);
		diag_list_finish(&d);
		assert_non_null(p[i]);
		cap += p[i]->n_sessions;
	}
	struct export_item *items = xcalloc(cap, sizeof(*items));
	for (size_t i = 0; i < 3; i++)
		for (size_t k = 0; k < p[i]->n_sessions; k++)
			items[n++] = (struct export_item){p[i], &p[i]->sessions[k]};
	struct export_options o = {.alarm = 10, .dtstamp = 1700000000,
				   .name = "All, of them; \\ here"};
	size_t exported, skipped;
	char *text = export_string(items, n, &o, &exported, &skipped);
	assert_int_equal(exported + skipped, n);
	char *u = check_form(text);
	assert_non_null(strstr(u, "\nX-WR-CALNAME:All\\, of them\\; \\\\ here\n"));
	free(u);
	free(text);
	free(items);
	for (size_t i = 0; i < 3; i++)
		program_destroy(p[i]);
}

static void
test_every_length(void **state)
{
	(void)state;
	/* Titles of every length from 1 to 300 octets, ASCII and with a
	 * 2-byte character at the end: some land the line's end on a fold
	 * boundary (libical 3.0.16 folded between CR and LF at 73). */
	for (int accent = 0; accent < 2; accent++) {
		for (int len = 1; len <= 300; len++) {
			char title[320];
			memset(title, 'x', (size_t)len);
			if (accent && len >= 2)
				memcpy(title + len - 2, "\xc3\xa9", 2);
			title[len] = '\0';
			char *yaml = xasprintf(
				"sked: 1\nconference: {id: c, title: C, timezone: UTC,"
				" start: 2024-01-01, end: 2024-01-01}\nsessions:\n"
				"  - {id: a, title: '%s', start: 2024-01-01T10:00,"
				" duration: 30}\n", title);
			struct diag_list d;
			diag_list_init(&d);
			struct program *p = load_buffer("c.yaml", yaml, strlen(yaml), &d);
			diag_list_finish(&d);
			assert_non_null(p);
			struct export_item it = {p, &p->sessions[0]};
			struct export_options o = {.alarm = 5, .dtstamp = 0,
						   .name = title};
			size_t exported, skipped;
			char *text = export_string(&it, 1, &o, &exported, &skipped);
			char *u = check_form(text);
			char *want = xasprintf("\nSUMMARY:%s\n", title);
			assert_non_null(strstr(u, want));
			free(want);
			free(u);
			free(text);
			program_destroy(p);
			free(yaml);
		}
	}
}

/* A program of 2,000 sessions (1 MB of calendar), and each session as
 * an item (*n of them); *prog for program_destroy. */
static struct export_item *
many_items(struct program **prog, size_t *n)
{
	struct buf y = {0};
	buf_puts(&y, "sked: 1\nconference: {id: m, title: Many, timezone: "
		     "Europe/Berlin, start: 2024-03-01, end: 2024-03-03}\n"
		     "sessions:\n");
	for (int i = 0; i < 2000; i++) {
		char *s = xasprintf(
			"  - {id: s%d, title: 'Session %d, on caf\u00e9s', "
			"start: 2024-03-0%dT%02d:%02d, duration: 25,\n"
			"     abstract: 'A text of some length, so that the "
			"line folds more than once: lorem ipsum dolor sit amet, "
			"consectetur adipiscing elit; sed do eiusmod tempor "
			"incididunt ut labore et dolore magna aliqua. %d'}\n",
			i, i, 1 + i % 3, 8 + i % 12, i % 60, i);
		buf_puts(&y, s);
		free(s);
	}
	struct diag_list d;
	diag_list_init(&d);
	*prog = load_buffer("m.yaml", y.v, y.n, &d);
	diag_list_finish(&d);
	free(y.v);
	assert_non_null(*prog);
	*n = (*prog)->n_sessions;
	assert_int_equal(*n, 2000);
	struct export_item *items = xcalloc(*n, sizeof(*items));
	for (size_t k = 0; k < *n; k++)
		items[k] = (struct export_item){*prog, &(*prog)->sessions[k]};
	return items;
}

static const struct export_options many_options = {
	.alarm = 10, .dtstamp = 1700000000, .name = "Many"};

/* The text reaches the sink as it is made, in pieces of about 64 KiB: it
 * is never held whole. */
static void
test_sink_gets_pieces(void **state)
{
	(void)state;
	struct program *p;
	size_t n, exported, skipped;
	struct export_item *items = many_items(&p, &n);
	struct collect c = {0};
	struct export_sink sink = {collect_write, &c};
	assert_true(export_calendar(items, n, &many_options, &sink,
				    &exported, &skipped));
	assert_int_equal(exported + skipped, n);
	assert_true(c.n > 4 * 65536);
	assert_true(c.pieces >= c.n / (2 * 65536));
	assert_true(c.largest < 2 * 65536);
	/* Whole events: BEGIN to END, the last piece ending the calendar. */
	char *u = check_form(c.v);
	assert_non_null(strstr(u, "BEGIN:VCALENDAR\n"));
	size_t ul = strlen(u);
	assert_string_equal(u + ul - strlen("END:VEVENT\nEND:VCALENDAR\n"),
			    "END:VEVENT\nEND:VCALENDAR\n");
	free(u);
	free(c.v);
	free(items);
	program_destroy(p);
}

/* A sink that fails (a full disk) ends the export: false, and nothing is
 * offered to it after the piece it refused. */
static void
test_failing_sink_stops_the_export(void **state)
{
	(void)state;
	struct program *p;
	size_t n, exported, skipped;
	struct export_item *items = many_items(&p, &n);
	struct collect c = {.fail_after = 100000};
	struct export_sink sink = {collect_write, &c};
	assert_false(export_calendar(items, n, &many_options, &sink,
				     &exported, &skipped));
	assert_true(c.failed);
	assert_int_equal(c.after_failure, 0);
	assert_true(c.n <= 100000);
	/* It stopped there rather than making the rest for nothing. */
	assert_true(exported < n / 2);
	free(c.v);
	free(items);
	program_destroy(p);
}

static int
count_temps_in(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		n += strstr(e->d_name, ".sked-tmp-") != NULL;
	closedir(d);
	return n;
}

/* export_file: the file is the text the sink gets; a write that fails
 * (the file size limit here, a full disk alike) is a clear error and
 * leaves the file that was there as it was, with no temporary file; a
 * device that fails is a clear error. */
static void
test_export_file_failure_keeps_the_old_file(void **state)
{
	(void)state;
	char dir[64], path[96];
	snprintf(dir, sizeof(dir), "/tmp/sked-export-test-%d", (int)getpid());
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/mine.ics", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("old\n", f);
	fclose(f);

	struct program *p;
	size_t n, exported, skipped;
	struct export_item *items = many_items(&p, &n);
	char *error;
	struct rlimit old, small;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 100000;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	bool ok = export_file(path, items, n, &many_options, &exported,
			      &skipped, &error);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_false(ok);
	assert_non_null(strstr(error, "cannot write "));
	assert_non_null(strstr(error, "mine.ics: File too large"));
	free(error);
	size_t len;
	char *text = statefile_read(path, 1 << 20, &len);
	assert_non_null(text);
	assert_string_equal(text, "old\n");
	free(text);
	assert_int_equal(count_temps_in(dir), 0);

	/* Without the limit: the whole calendar, as the sink gets it. */
	assert_true(export_file(path, items, n, &many_options, &exported,
				&skipped, &error));
	char *want = export_string(items, n, &many_options, &exported,
				   &skipped);
	text = statefile_read(path, 1 << 24, &len);
	assert_non_null(text);
	assert_int_equal(len, strlen(want));
	assert_string_equal(text, want);
	free(text);
	free(want);
	assert_int_equal(count_temps_in(dir), 0);

	if (access("/dev/full", W_OK) == 0) {
		assert_false(export_file("/dev/full", items, n,
					 &many_options, &exported,
					 &skipped, &error));
		assert_string_equal(error, "cannot write /dev/full: "
					   "No space left on device");
		free(error);
	}
	free(items);
	program_destroy(p);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
}

static int
teardown(void **state)
{
	(void)state;
	tz_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_boundaries),
		cmocka_unit_test(test_fold_never_breaks_a_line),
		cmocka_unit_test(test_fold_invalid_utf8_hides_nothing),
		cmocka_unit_test(test_escape_text),
		cmocka_unit_test(test_uri),
		cmocka_unit_test(test_fallback_instants),
		cmocka_unit_test(test_url_cannot_add_properties),
		cmocka_unit_test(test_description_fields),
		cmocka_unit_test(test_one_line_values),
		cmocka_unit_test(test_speakers_read_back),
		cmocka_unit_test(test_bundled_programs_form),
		cmocka_unit_test(test_every_length),
		cmocka_unit_test(test_sink_gets_pieces),
		cmocka_unit_test(test_failing_sink_stops_the_export),
		cmocka_unit_test(test_export_file_failure_keeps_the_old_file),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
