/* Unit tests of the frab/pretalx/Pentabarf schedule.xml reader: the real
 * published samples (values read from the files with Python's
 * xml.etree), and hostile documents that must never make the parser read
 * a file or touch the network. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sked/arena.h"
#include "sked/build.h"
#include "sked/frabxml.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

#include "feedtext.h"

static char *
slurp(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", SKED_SOURCE_ROOT, rel);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	rewind(fp);
	char *b = malloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, fp), (size_t)n);
	b[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return b;
}

static struct feed *
read_buf(const char *name, const char *buf, size_t len, struct diag_list *d,
	 bool *ok)
{
	struct feed *f = feed_create(name, "frab-xml");
	diag_list_init(d);
	*ok = frabxml_read(f, buf, len, d);
	return f;
}

/* *buf is the file, which the feed's positions are offsets into: freed
 * by the caller after the feed. */
static struct feed *
read_sample(const char *rel, struct diag_list *d, char **buf)
{
	size_t len;
	char *b = *buf = slurp(rel, &len);
	bool ok;
	struct feed *f = read_buf(rel, b, len, d, &ok);
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s\n", diag_format(&d->v[i]));
	assert_true(ok);
	assert_int_equal(d->errors, 0);
	/* The whole file is checked to be UTF-8: the builder need not read
	 * its strings again. */
	assert_int_equal(f->flags, FEED_CREATE_REFERENCES | FEED_DERIVE_IDS |
				   FEED_UTF8_CHECKED | FEED_HTML_TEXTS);
	return f;
}

static const struct feed_session *
by_id(const struct feed *f, const char *id)
{
	for (size_t i = 0; i < f->n_sessions; i++)
		if (f->sessions[i].id.s && strcmp(f->sessions[i].id.s, id) == 0)
			return &f->sessions[i];
	fail_msg("no session %s", id);
	return NULL;
}

/* Minutes since the epoch of "YYYY-MM-DDTHH:MM[:SS]" plus an optional
 * offset, which is subtracted: an instant from <date>, or a wall time. */
static int64_t
minutes(const char *s)
{
	int y, mo, d, h, mi, oh = 0, om = 0;
	assert_int_equal(sscanf(s, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi),
			 5);
	int64_t m = tz_days_from_civil(y, mo, d) * 1440 + h * 60 + mi;
	const char *z = s + 16;
	if (*z == ':')
		z += 3;
	if ((*z == '+' || *z == '-') && sscanf(z + 1, "%2d:%2d", &oh, &om) == 2)
		m -= (*z == '+' ? 1 : -1) * (oh * 60 + om);
	return m;
}

/* Every session states <date> (an instant) and <start> on its day (a wall
 * time): they agree at the zone's offset, so the day's date and the
 * after-midnight rollover were right. */
static void
check_instants(const struct feed *f, int offset_minutes)
{
	for (size_t i = 0; i < f->n_sessions; i++) {
		const struct feed_session *s = &f->sessions[i];
		assert_non_null(s->start.s);
		assert_non_null(s->start_local.s);
		if (minutes(s->start_local.s) - minutes(s->start.s) !=
		    offset_minutes)
			fail_msg("session %s: %s and %s", s->id.s, s->start.s,
				 s->start_local.s);
	}
}

static void
test_36c3(void **state)
{
	(void)state;
	struct diag_list d;
	char *b;
	struct feed *f = read_sample("tests/data/samples/frab-xml/36c3-stages.xml", &d, &b);
	assert_int_equal(f->n_sessions, 498);
	assert_int_equal(f->n_rooms, 12);
	assert_string_equal(f->conference.id.s, "36c3");
	assert_string_equal(f->conference.title.s,
			    "36th Chaos Communication Congress - Stages");
	assert_null(f->conference.timezone.s);
	assert_string_equal(f->conference.start.s, "2019-12-27");
	assert_string_equal(f->conference.end.s, "2019-12-30");
	assert_string_equal(f->conference.day_change.s, "04:00");
	/* No <url>: the builder takes base_url for it (as for the JSON). */
	assert_null(f->conference.url.s);
	assert_string_equal(f->conference.base_url.s,
			    "https://fahrplan.events.ccc.de/congress/2019/Fahrplan/");
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->id.s, "11223");
	assert_string_equal(s->guid.s, "6a32cb72-a69d-423c-91b5-60d88eb8e6c7");
	assert_string_equal(s->title.s, "Opening Ceremony");
	assert_string_equal(s->start.s, "2019-12-27T11:00:00+01:00");
	assert_string_equal(s->start_local.s, "2019-12-27T11:00");
	assert_string_equal(s->duration.s, "00:30");
	assert_string_equal(s->room.s, "Ada");
	assert_string_equal(s->track.s, "CCC");
	assert_string_equal(s->type.s, "lecture");
	assert_int_equal(s->languages.n, 1);
	assert_string_equal(s->languages.v[0].s, "de");
	assert_int_equal(s->speakers.n, 2);
	assert_string_equal(s->speakers.v[1].name.s, "blinry");
	assert_string_equal(s->speakers.v[1].id.s, "6697");
	assert_null(s->subtitle.s); /* <subtitle/> */
	/* Where things are: <event> at 14:7, its id attribute's value at
	 * 14:18, <title>'s text at 22:16. */
	assert_int_equal(feed_pos_resolve(f, s->pos).line, 14);
	assert_int_equal(feed_pos_resolve(f, s->pos).column, 7);
	assert_int_equal(feed_pos_resolve(f, s->id.pos).column, 18);
	assert_int_equal(feed_pos_resolve(f, s->title.pos).line, 22);
	assert_int_equal(feed_pos_resolve(f, s->title.pos).column, 16);
	/* After midnight, listed under the first day. */
	s = by_id(f, "11177");
	assert_string_equal(s->title.s, "Hacker Jeopardy");
	assert_string_equal(s->start.s, "2019-12-28T00:50:00+01:00");
	assert_string_equal(s->start_local.s, "2019-12-28T00:50");
	assert_string_equal(s->duration.s, "02:00");
	assert_int_equal(s->day, 0);
	assert_string_equal(s->speakers.v[0].name.s, "Sec");
	assert_string_equal(s->speakers.v[0].id.s, "2506");
	assert_int_equal(by_id(f, "4369")->day, 3);
	assert_string_equal(by_id(f, "11220")->subtitle.s, "Security Track Keynote");
	/* A zero-length event, and the 26 opted out of recording. */
	assert_string_equal(by_id(f, "399")->duration.s, "00:00");
	size_t optout = 0;
	for (size_t i = 0; i < f->n_sessions; i++)
		optout += f->sessions[i].do_not_record;
	assert_int_equal(optout, 26);
	assert_true(by_id(f, "262")->do_not_record);
	/* Words in angle brackets that are no HTML are kept; a text with
	 * inline tags only keeps its CR LF paragraphs (html.h). */
	assert_non_null(strstr(txt(f, &by_id(f, "10571")->abstract),
			       "halt nach. <insert old man jells at cloud meme>"));
	s = by_id(f, "10652");
	assert_non_null(strstr(txt(f, &s->abstract),
			       "Spa\xc3\x9f mit Daten haben.\n\n"
			       "Rechtlicher Hinweis: Es liegt"));
	assert_null(strchr(txt(f, &s->abstract), '<'));
	assert_non_null(strstr(txt(f, &by_id(f, "10892")->description),
			       "erwarten ist.\n\nThemen sind unter anderem:\n\n"
			       "Elektronische Identifizierung (E-ID): Das"));
	check_instants(f, 60);
	feed_destroy(f);
	free(b);
	diag_list_finish(&d);
}

static void
test_fosdem(void **state)
{
	(void)state;
	struct diag_list d;
	char *b;
	struct feed *f = read_sample("tests/data/samples/frab-xml/fosdem-2021.xml", &d, &b);
	assert_int_equal(f->n_sessions, 773);
	assert_int_equal(f->n_rooms, 108);
	assert_null(f->conference.id.s);
	assert_null(f->conference.timezone.s);
	assert_string_equal(f->conference.title.s, "FOSDEM 2021");
	assert_string_equal(f->conference.day_change.s, "00:00");
	assert_string_equal(f->conference.location.s, "Online");
	size_t people = 0, links = 0;
	for (size_t i = 0; i < f->n_sessions; i++) {
		const struct feed_session *s = &f->sessions[i];
		people += s->speakers.n;
		links += s->links.n;
		/* No <date>: the wall time is the start. */
		assert_null(s->start_local.s);
		assert_null(s->guid.s);
		assert_int_equal(strlen(s->start.s), 16);
		/* HTML became text. */
		if (txt(f, &s->abstract))
			assert_null(strstr(txt(f, &s->abstract), "<p>"));
	}
	assert_int_equal(people, 818);
	assert_int_equal(links, 3371); /* links and attachments */
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->id.s, "11795");
	assert_string_equal(s->start.s, "2021-02-06T09:00");
	/* The reader keeps the HTML, in a feed whose texts are HTML, for
	 * the program to make text when it is read. */
	assert_true(f->flags & FEED_HTML_TEXTS);
	assert_string_equal(s->abstract.s,
			    "<p>FOSDEM welcome and opening talk.</p>");
	assert_string_equal(txt(f, &s->abstract),
			    "FOSDEM welcome and opening talk.");
	assert_string_equal(txt(f, &s->description), "Welcome to FOSDEM 2021!");
	assert_int_equal(s->day, 0);
	assert_string_equal(s->links.v[2].url.s,
			    "https://submission.fosdem.org/feedback/11795.php");
	assert_string_equal(s->links.v[2].title.s, "Submit feedback");
	s = by_id(f, "11164");
	assert_string_equal(s->speakers.v[1].name.s, "Paolo Dongilli");
	assert_string_equal(s->speakers.v[1].id.s, "8052");
	s = &f->sessions[f->n_sessions - 1];
	assert_string_equal(s->id.s, "11763");
	assert_string_equal(s->title.s, "The Virtual FOSDEM Infodesk (Sunday)");
	assert_string_equal(s->start.s, "2021-02-07T09:00");
	assert_string_equal(s->duration.s, "09:00");
	assert_string_equal(s->room.s, "I.infodesk");
	assert_int_equal(s->day, 1);
	assert_string_equal(txt(f, &s->abstract),
			    "Need any assistance today? Join us here!");
	/* Paragraphs and list items. */
	s = by_id(f, "10888");
	assert_non_null(strstr(txt(f, &s->abstract), "Asciinema.\n\nIs this"));
	feed_destroy(f);
	free(b);
	diag_list_finish(&d);
}

static void
test_debconf(void **state)
{
	(void)state;
	struct diag_list d;
	char *b;
	struct feed *f = read_sample("tests/data/samples/frab-xml/debconf23.xml", &d, &b);
	assert_int_equal(f->n_sessions, 117);
	assert_int_equal(f->n_rooms, 5);
	assert_string_equal(f->conference.id.s, "debconf23");
	assert_string_equal(f->conference.timezone.s, "Asia/Kolkata");
	/* Days end at 21:29:59 UTC, 02:59:59 in Kolkata. */
	assert_string_equal(f->conference.day_change.s, "03:00");
	const struct feed_session *s = &f->sessions[0];
	assert_string_equal(s->id.s, "35");
	assert_string_equal(s->start.s, "2023-09-10T05:00:00+00:00");
	/* The <day date> is 2023-09-09 (the UTC date of the day's start);
	 * the wall time is on the 10th in Kolkata. */
	assert_string_equal(s->start_local.s, "2023-09-10T10:30");
	assert_int_equal(s->day, 0);
	assert_string_equal(txt(f, &s->description), "Welcome to DebConf23");
	assert_true(by_id(f, "211")->do_not_record);
	s = &f->sessions[f->n_sessions - 1];
	assert_string_equal(s->title.s, "Dinner");
	assert_string_equal(s->start_local.s, "2023-09-17T19:00");
	assert_int_equal(s->day, 7);
	check_instants(f, 330);
	feed_destroy(f);
	free(b);
	diag_list_finish(&d);
}

static bool
diags_hold(const struct diag_list *d, const char *text)
{
	for (size_t i = 0; i < d->n; i++) {
		char *m = diag_format(&d->v[i]);
		bool yes = strstr(m, text) != NULL;
		free(m);
		if (yes)
			return true;
	}
	return false;
}

/* Each file of tests/bad/xml reads and builds (0) or is refused (65) with
 * the message that tests/bad/xml/expect.txt gives, at file:line:column. */
static void
test_bad_files(void **state)
{
	(void)state;
	size_t len, n = 0;
	char *list = slurp("tests/bad/xml/expect.txt", &len);
	for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
		char name[128], text[512];
		int status;
		if (line[0] == '#' ||
		    sscanf(line, "%127s %d %511[^\n]", name, &status, text) != 3)
			continue;
		char rel[256];
		snprintf(rel, sizeof(rel), "tests/bad/xml/%s.xml", name);
		size_t blen;
		char *b = slurp(rel, &blen);
		struct diag_list d;
		bool ok;
		struct feed *f = read_buf(rel, b, blen, &d, &ok);
		/* Built too, while b (which positions are offsets into) is
		 * here: some files are the builder's to refuse. */
		if (ok) {
			struct program *p = build_program(f, NULL, &d);
			ok = p != NULL;
			program_destroy(p);
		}
		char want[800];
		snprintf(want, sizeof(want), "tests/bad/xml/%s", text);
		if (ok != (status == 0) ||
		    (strcmp(text, "-") != 0 && !diags_hold(&d, want))) {
			for (size_t i = 0; i < d.n; i++)
				fprintf(stderr, "%s\n", diag_format(&d.v[i]));
			fail_msg("%s: want %s", name, want);
		}
		/* Nothing of /etc/passwd, whatever the file asked for. */
		for (size_t i = 0; i < f->n_sessions; i++)
			assert_true(f->sessions[i].title.s == NULL ||
				    strstr(f->sessions[i].title.s, "root:") == NULL);
		feed_destroy(f);
		diag_list_finish(&d);
		free(b);
		n++;
	}
	free(list);
	assert_true(n >= 12);
}

static bool
feed_holds(const struct feed *f, const char *text)
{
	const struct feed_str *c[] = {&f->conference.title};
	if (c[0]->s && strstr(c[0]->s, text))
		return true;
	for (size_t i = 0; i < f->n_sessions; i++) {
		const struct feed_session *s = &f->sessions[i];
		const struct feed_str *v[] = {&s->title, &s->abstract,
					      &s->description, &s->subtitle};
		for (size_t j = 0; j < 4; j++)
			if (v[j]->s && strstr(v[j]->s, text))
				return true;
	}
	return false;
}

/* A secret in a local file and a listening socket: XXE by general and
 * parameter entities, a DTD to fetch and XInclude all point at them; the
 * secret must appear nowhere and no connection may arrive. */
static void
test_never_loads(void **state)
{
	(void)state;
	char secret[] = "/tmp/sked-frabxml-XXXXXX";
	int fd = mkstemp(secret);
	assert_true(fd >= 0);
	const char marker[] = "SECRET-5f0c1e-NEVER-READ";
	assert_int_equal(write(fd, marker, strlen(marker)), (ssize_t)strlen(marker));
	close(fd);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_true(s >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s, 8), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &alen), 0);
	int port = ntohs(a.sin_port);
	char *docs[5];
	docs[0] = xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE schedule [\n"
		 "<!ENTITY x SYSTEM \"file://%s\">]>\n<schedule><conference>"
		 "<title>&x;</title></conference></schedule>\n", secret);
	docs[1] = xasprintf("<!DOCTYPE schedule SYSTEM \"http://127.0.0.1:%d/"
		 "d.dtd\"><schedule><conference><title>&y;</title>"
		 "</conference></schedule>", port);
	docs[2] = xasprintf("<!DOCTYPE schedule [<!ENTITY %% p SYSTEM "
		 "\"http://127.0.0.1:%d/p\"> %%p; <!ENTITY %% q SYSTEM "
		 "\"file://%s\"> %%q;]><schedule/>", port, secret);
	docs[3] = xasprintf("<schedule xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
		 "<day index=\"1\" date=\"2024-01-01\"><room name=\"A\">"
		 "<event id=\"1\"><title>T<xi:include href=\"file://%s\" "
		 "parse=\"text\"/></title><abstract><xi:include "
		 "href=\"http://127.0.0.1:%d/a\" parse=\"text\"/></abstract>"
		 "</event></room></day></schedule>", secret, port);
	docs[4] = xasprintf("<schedule><conference><title>&#x26;x;"
		 "</title></conference></schedule>");
	for (size_t i = 0; i < 5; i++) {
		struct diag_list d;
		bool ok;
		struct feed *f = read_buf("x.xml", docs[i], strlen(docs[i]), &d, &ok);
		assert_false(feed_holds(f, marker));
		assert_false(diags_hold(&d, marker));
		if (i < 3)
			assert_true(diags_hold(&d, "x.xml:1:") || diags_hold(&d, "x.xml:2:"));
		if (i == 3) {
			assert_true(ok);
			assert_string_equal(f->sessions[0].title.s, "T");
			assert_null(f->sessions[0].abstract.s);
		}
		if (i == 4) /* a character reference is text, not an entity */
			assert_string_equal(f->conference.title.s, "&x;");
		feed_destroy(f);
		diag_list_finish(&d);
		free(docs[i]);
	}
	/* No connection is waiting: nothing tried the port. */
	int c = accept(s, NULL, NULL);
	assert_int_equal(c, -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	close(s);
	unlink(secret);
}

/* Limits: a huge text node and 100,000 attributes (which libxml2 would
 * take minutes over) are refused at their place; 100,000 events read. */
static void
test_limits(void **state)
{
	(void)state;
	static const char head[] =
		"<schedule>\n<day index=\"1\" date=\"2024-01-01\">"
		"<room name=\"A\">\n<event id=\"1\"><abstract>";
	static const char tail[] = "</abstract></event></room></day></schedule>";
	size_t big = 11u << 20, hn = sizeof(head) - 1;
	char *b = xmalloc(hn + big + sizeof(tail));
	memset(b, 'x', hn + big);
	memcpy(b, head, hn);
	memcpy(b + hn + big, tail, sizeof(tail));
	struct diag_list d;
	bool ok;
	struct feed *f = read_buf("huge.xml", b, strlen(b), &d, &ok);
	assert_false(ok);
	assert_true(diags_hold(&d, "huge.xml:3:"));
	assert_true(diags_hold(&d, "a text longer than 10000000 bytes"));
	feed_destroy(f);
	diag_list_finish(&d);
	free(b);

	size_t cap = 100000 * 16 + 256, n = 0;
	b = malloc(cap);
	n += (size_t)sprintf(b, "<schedule><day index=\"1\" date=\"2024-01-01\">"
				"<room name=\"A\"><event id=\"1\"");
	for (int i = 0; i < 100000; i++)
		n += (size_t)sprintf(b + n, " a%d=\"%d\"", i, i);
	strcpy(b + n, "><title>Many</title></event></room></day></schedule>");
	clock_t t0 = clock();
	f = read_buf("attrs.xml", b, strlen(b), &d, &ok);
	assert_false(ok);
	assert_true(diags_hold(&d, "attrs.xml:1:59: an element with 100001 "
				   "attributes: expected at most 100"));
	assert_true((clock() - t0) / CLOCKS_PER_SEC < 5);
	feed_destroy(f);
	diag_list_finish(&d);
	free(b);

	cap = 100000 * 80 + 256;
	b = malloc(cap);
	n = (size_t)sprintf(b, "<schedule><day index=\"1\" date=\"2024-01-01\">"
			       "<room name=\"A\">");
	for (int i = 0; i < 100000; i++)
		n += (size_t)sprintf(b + n, "<event id=\"%d\"><title>E%d</title>"
					    "<start>10:00</start></event>\n", i, i);
	strcpy(b + n, "</room></day></schedule>");
	f = read_buf("many.xml", b, strlen(b), &d, &ok);
	assert_true(ok);
	assert_int_equal(f->n_sessions, 100000);
	assert_string_equal(f->sessions[99999].title.s, "E99999");
	assert_int_equal(feed_pos_resolve(f, f->sessions[99999].pos).line, 100000);
	feed_destroy(f);
	diag_list_finish(&d);
	free(b);
}

/* Positions skip comments and CDATA that look like tags; CR LF becomes
 * LF; Markdown stays as it is; after midnight by the conference's
 * day_change when the day has no start. */
static void
test_text_and_positions(void **state)
{
	(void)state;
	const char doc[] =
		"<?xml version=\"1.0\"?>\n<schedule>\n"
		"<conference><title>T</title><start>2024-03-01</start>"
		"<day_change>05:00</day_change></conference>\n"
		"<day index=\"2\" date=\"2024-03-02\"><room name=\"Hall\">\n"
		"<!-- <duration>1</duration> --><event id=\"7\" guid=\"g\">"
		"<![CDATA[<duration>2</duration>]]>\n"
		"  <duration>\n   abc</duration><start>01:30</start>\n"
		"  <title>A&#13;\nB</title><abstract>**bold** a &lt; b</abstract>\n"
		"  <language>de, en</language>"
		"<links><link href=\"https://e.org/x\">X</link></links>\n"
		"</event></room></day></schedule>\n";
	char *fixed = strdup(doc);
	struct diag_list d;
	bool ok;
	struct feed *f = read_buf("t.xml", fixed, strlen(fixed), &d, &ok);
	assert_true(ok);
	const struct feed_session *s = &f->sessions[0];
	assert_int_equal(feed_pos_resolve(f, s->pos).line, 5);
	assert_int_equal(feed_pos_resolve(f, s->pos).column, 32);
	assert_int_equal(feed_pos_resolve(f, s->guid.pos).column, 52);
	assert_string_equal(s->duration.s, "abc");
	assert_int_equal(feed_pos_resolve(f, s->duration.pos).line, 7);
	assert_int_equal(feed_pos_resolve(f, s->duration.pos).column, 4);
	assert_string_equal(s->title.s, "A\nB");
	assert_string_equal(txt(f, &s->abstract), "**bold** a < b");
	assert_int_equal(s->languages.n, 2);
	assert_string_equal(s->languages.v[1].s, "en");
	assert_string_equal(s->room.s, "Hall");
	assert_string_equal(s->start.s, "2024-03-03T01:30");
	assert_int_equal(s->day, 1);
	assert_string_equal(s->links.v[0].url.s, "https://e.org/x");
	assert_int_equal(feed_pos_resolve(f, s->links.v[0].url.pos).line, 10);
	feed_destroy(f);
	diag_list_finish(&d);
	free(fixed);
}

/* The elements are located from the start tags the check before parsing
 * found; a processing instruction with a '<' in it (which the check reads
 * as tags, libxml2 does not) ends that list, and from there they are
 * searched for: an <event> inside one is not taken for the real one. */
static void
test_positions_after_pi(void **state)
{
	(void)state;
	const char doc[] =
		"<schedule>\n<day index=\"1\" date=\"2024-03-02\">"
		"<room name=\"A\">\n"
		"<?note <event id=\"x\"><title>No</title> ?><event id=\"7\">"
		"<title>Yes</title>\n<title>Again</title></event>\n"
		"<event id=\"8\"><title>Z</title></event></room></day>"
		"</schedule>\n";
	struct diag_list d;
	bool ok;
	struct feed *f = read_buf("pi.xml", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_int_equal(f->n_sessions, 2);
	const struct feed_session *s = &f->sessions[0];
	assert_int_equal(feed_pos_resolve(f, s->pos).line, 3);
	assert_int_equal(feed_pos_resolve(f, s->pos).column, 42);
	assert_int_equal(feed_pos_resolve(f, s->id.pos).column, 53);
	assert_string_equal(s->title.s, "Yes");
	assert_int_equal(feed_pos_resolve(f, s->title.pos).column, 63);
	assert_true(diags_hold(&d, "pi.xml:4:1: warning: <title> given twice"));
	assert_int_equal(feed_pos_resolve(f, f->sessions[1].pos).line, 5);
	assert_int_equal(feed_pos_resolve(f, f->sessions[1].title.pos).column, 22);
	feed_destroy(f);
	diag_list_finish(&d);
}

/* The file is UTF-8 whatever its declaration says: a Latin-1 declaration
 * did not turn "Café" into "CafÃ©", and a UTF-7 one (found by the fuzzer)
 * made libxml2 refuse the file at line 2 with its own messages written
 * straight to stderr. */
/* Positions on a long line of multibyte characters (whole words of them
 * for the scans that go a word at a time), past quoted '>' and quotes of
 * the other kind in attributes, on the last line without a line break;
 * a text with an element in it. */
static void
test_positions_multibyte(void **state)
{
	(void)state;
	const char doc[] =
		"<schedule><conference><title>Caf\xc3\xa9 \xe2\x82\xac "
		"\xf0\x9f\x98\x80 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9</title>"
		"</conference><day date=\"2024-03-02\"><room name=\"H\xc3\xa4lle "
		"\xe2\x82\xac\"><event x=\"a>\xc3\xa9'\" id=\"7\" "
		"guid='g\"\xe2\x82\xac'><title> \xc3\x9c" "ber \xe2\x82\xac</title>"
		"<duration>\n\xe2\x82\xac\xe2\x82\xac <x/></duration><links>"
		"<link title=\"\xc3\xa9>\" href=\"https://e.org/\xc3\xa9\">"
		"\xc3\xa9\xc3\xa9</link></links></event></room></day></schedule>";
	struct diag_list d;
	bool ok;
	struct feed *f = read_buf("m.xml", doc, strlen(doc), &d, &ok);
	assert_true(ok);
	assert_int_equal(f->n_rooms, 1);
	assert_int_equal(feed_pos_resolve(f, f->rooms[0].pos).column, 97);
	const struct feed_session *s = &f->sessions[0];
	assert_int_equal(feed_pos_resolve(f, s->pos).line, 1);
	assert_int_equal(feed_pos_resolve(f, s->pos).column, 118);
	assert_int_equal(feed_pos_resolve(f, s->room.pos).column, 109);
	assert_string_equal(s->id.s, "7");
	assert_int_equal(feed_pos_resolve(f, s->id.pos).column, 138);
	assert_string_equal(s->guid.s, "g\"\xe2\x82\xac");
	assert_int_equal(feed_pos_resolve(f, s->guid.pos).column, 147);
	assert_string_equal(s->title.s, "\xc3\x9c" "ber \xe2\x82\xac");
	assert_int_equal(feed_pos_resolve(f, s->title.pos).column, 160);
	assert_string_equal(s->duration.s, "\xe2\x82\xac\xe2\x82\xac");
	assert_int_equal(feed_pos_resolve(f, s->duration.pos).line, 2);
	assert_int_equal(feed_pos_resolve(f, s->duration.pos).column, 1);
	assert_string_equal(s->links.v[0].url.s, "https://e.org/\xc3\xa9");
	assert_int_equal(feed_pos_resolve(f, s->links.v[0].url.pos).line, 2);
	assert_int_equal(feed_pos_resolve(f, s->links.v[0].url.pos).column, 49);
	assert_string_equal(s->links.v[0].title.s, "\xc3\xa9\xc3\xa9");
	assert_int_equal(feed_pos_resolve(f, s->links.v[0].title.pos).column, 66);
	feed_destroy(f);
	diag_list_finish(&d);

	/* A bad byte after them, on the last line, with no line break. */
	const char bad[] = "<schedule>\n<title>\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
			   "abcdefghijklmnop\xc3\xa9\xe9</title></schedule>";
	f = read_buf("b.xml", bad, strlen(bad), &d, &ok);
	assert_false(ok);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].column, 28);
	feed_destroy(f);
	diag_list_finish(&d);
}

/* Line 1 of a file that begins with a byte order mark: the BOM is not a
 * character, so every column is as without it, libxml2's and sked's own
 * (which counted it: one too many). */
static void
test_positions_after_bom(void **state)
{
	(void)state;
	static const struct {
		const char *doc;
		unsigned column; /* of the first message */
	} bad[] = {
		{"<schedule><title>A</titel></schedule>", 19},   /* </ back */
		{"<schedule><title>A & B</title></schedule>", 20}, /* & back */
		{"<schedule><title>&eacute;</title></schedule>", 18},
		{"<schedule><title>A\xe9</title></schedule>", 19}, /* UTF-8 */
		{"  <!DOCTYPE x><schedule/>", 3},                  /* prolog */
		{"<html/>", 1},                                     /* located */
		{"<schedule a=b/>", 13},                            /* libxml2 */
	};
	for (size_t i = 0; i < 2 * sizeof(bad) / sizeof(bad[0]); i++) {
		/* Each with the BOM, then without. */
		size_t k = i / 2;
		char *doc = xasprintf("%s%s", i % 2 ? "" : "\xEF\xBB\xBF",
				      bad[k].doc);
		struct diag_list d;
		bool ok;
		struct feed *f = read_buf("bom.xml", doc, strlen(doc), &d, &ok);
		assert_false(ok);
		assert_true(d.n > 0);
		if (d.v[0].line != 1 || d.v[0].column != bad[k].column)
			fail_msg("%s: %s", bad[k].doc, diag_format(&d.v[0]));
		feed_destroy(f);
		diag_list_finish(&d);
		free(doc);
	}
	/* The positions of what is read, which the builder's messages give:
	 * as without the BOM. */
	const char doc[] = "\xEF\xBB\xBF<schedule><day date=\"2024-03-02\">"
			   "<room name=\"H\"><event id=\"7\"><title>T</title>"
			   "</event></room></day></schedule>";
	for (size_t skip = 0; skip <= 3; skip += 3) {
		struct diag_list d;
		bool ok;
		struct feed *f = read_buf("bom.xml", doc + skip,
					  strlen(doc + skip), &d, &ok);
		assert_true(ok);
		assert_int_equal(feed_pos_resolve(f, f->rooms[0].pos).column,
				 34);
		const struct feed_session *s = &f->sessions[0];
		assert_int_equal(feed_pos_resolve(f, s->pos).line, 1);
		assert_int_equal(feed_pos_resolve(f, s->pos).column, 49);
		assert_int_equal(feed_pos_resolve(f, s->id.pos).column, 60);
		assert_int_equal(feed_pos_resolve(f, s->title.pos).column, 70);
		feed_destroy(f);
		diag_list_finish(&d);
	}
}

static void
test_declared_encoding(void **state)
{
	(void)state;
	const char *encodings[] = {"ISO-8859-1", "UTF-7", "UTF-16", "x-nonsense",
				   "UTF-7"};
	for (size_t i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++) {
		bool bad = i == 4;
		char *doc = xasprintf(
			"<?xml version=\"1.0\" encoding=\"%s\"?>\n"
			"<schedule><conference><title>Caf\xC3\xA9</title>"
			"</conference><day date=\"2024-03-02\"><room name=\"A\">"
			"<event id=\"1\"><title>+AGE-%s</title></event>"
			"</room></day></schedule>\n",
			encodings[i], bad ? " \x01" : "");
		struct diag_list d;
		bool ok;
		struct feed *f = read_buf("e.xml", doc, strlen(doc), &d, &ok);
		if (bad) {
			/* A control character is an XML error, at its place. */
			assert_false(ok);
			assert_int_equal(d.n, 1);
			assert_int_equal(d.v[0].line, 2);
			assert_int_equal(d.v[0].column, 120);
		} else {
			assert_true(ok);
			assert_string_equal(f->conference.title.s, "Caf\xC3\xA9");
			assert_string_equal(f->sessions[0].title.s, "+AGE-");
		}
		feed_destroy(f);
		diag_list_finish(&d);
		free(doc);
	}
}

static void
test_sniff(void **state)
{
	(void)state;
	const char *const yes[] = {
		"<?xml version=\"1.0\"?>\n<schedule>",
		"\xEF\xBB\xBF<schedule xmlns:x=\"y\">",
		"<!-- c --><schedule/>",
		"<!DOCTYPE schedule [<!ENTITY x \"y\">]><schedule>",
	};
	const char *const no[] = {
		"sked: 1\nconference:", "{\"schedule\": {}}",
		"BEGIN:VCALENDAR", "<?xml version=\"1.0\"?><rss>",
		"<schedules>", "",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(frabxml_sniff(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(frabxml_sniff(no[i], strlen(no[i])));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_36c3),
		cmocka_unit_test(test_fosdem),
		cmocka_unit_test(test_debconf),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_never_loads),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_text_and_positions),
		cmocka_unit_test(test_positions_multibyte),
		cmocka_unit_test(test_positions_after_bom),
		cmocka_unit_test(test_positions_after_pi),
		cmocka_unit_test(test_declared_encoding),
		cmocka_unit_test(test_sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
