/* Unit tests of search: the query language, matching, folding, spans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "sked/buf.h"
#include "sked/fold.h"
#include "sked/load.h"
#include "sked/search.h"
#include "sked/tz.h"

static const char yaml_text[] =
	"sked: 1\n"
	"conference: {id: t, title: T, timezone: America/New_York, "
	"start: 2023-11-13, end: 2023-11-15}\n"
	"tracks:\n"
	"  - {id: rt, name: Real-time and Scheduling MC}\n"
	"  - {id: riscv, name: RISC-V MC}\n"
	"rooms: [{id: salon-a, name: Salon A}]\n"
	"sessions:\n"
	"  - {id: \"1\", title: Proxy execution explained, track: rt, "
	"start: 2023-11-13T10:00, duration: 20, speakers: [John Stultz], "
	"abstract: \"Priority inheritance with proxy execution.\"}\n"
	"  - {id: \"2\", title: RISC-V patchwork CI, track: riscv, room: salon-a, "
	"start: 2023-11-15T09:00, duration: 25, "
	"speakers: [{name: Björn Töpel, affiliation: Rivos}], tags: [ci]}\n"
	"  - {id: \"3\", title: Regression tracking, track: rt, "
	"start: 2023-11-13T09:00, duration: 30, "
	"speakers: [Ricardo CAÑUELO, Jörg Rödel], type: bof}\n"
	"  - {id: \"4\", title: Introduction, track: riscv}\n"
	/* letters with no accent to strip: transliterated */
	"  - {id: \"5\", title: Letters, track: rt, "
	"speakers: [Jan Kłos, Anna Groß, Ole Tønnesen, Ayşe Altınova, "
	"{name: Ærø Hansen, affiliation: Ærø Ltd}], tags: [ci, b, ci-b]}\n";

static struct program *prog;
static struct search_index *idx;

static int
setup(void **state)
{
	(void)state;
	/* No setlocale(): the core must fold the same in the "C" locale a
	 * process starts in (as under CI, with LANG unset). */
	struct diag_list d;
	diag_list_init(&d);
	prog = load_buffer("t.yaml", yaml_text, strlen(yaml_text), &d);
	diag_list_finish(&d);
	if (prog == NULL)
		return -1;
	idx = search_index_create(prog);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	search_index_destroy(idx);
	program_destroy(prog);
	tz_cleanup();
	return 0;
}

/* search_once finds what search_run on an index finds: the same
 * sessions in the same order, each with the same fields. */
static void
expect_once_same(struct search_query *q, const struct program *p,
		 const struct search_result *want, long n)
{
	struct search_error err;
	struct search_result *r;
	assert_int_equal(search_once(q, p, &r, &err), n);
	for (long i = 0; i < n; i++) {
		assert_int_equal(r[i].session, want[i].session);
		assert_int_equal(r[i].fields, want[i].fields);
	}
	free(r);
}

/* The ids of the sessions of p (indexed in x) that q matches,
 * space-separated, in result order (and search_once's the same). */
static const char *
ids_in(const struct program *p, struct search_index *x,
       const char *query)
{
	static char buf[256];
	struct search_error err;
	struct search_query *q = search_compile(query, &err);
	assert_non_null(q);
	struct search_result *r;
	long n = search_run(q, x, &r, &err);
	assert_true(n >= 0);
	expect_once_same(q, p, r, n);
	buf[0] = '\0';
	for (long i = 0; i < n; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, p->sessions[r[i].session].id);
	}
	free(r);
	search_destroy(q);
	return buf;
}

static const char *
ids(const char *query)
{
	return ids_in(prog, idx, query);
}

static void
test_terms_and_fields(void **state)
{
	(void)state;
	assert_string_equal(ids("proxy"), "1");             /* title, abstract */
	assert_string_equal(ids("title:proxy"), "1");
	assert_string_equal(ids("speaker:stultz"), "1");
	assert_string_equal(ids("speaker:rivos"), "2");     /* affiliations */
	assert_string_equal(ids("track:risc"), "2 4");      /* unscheduled last */
	assert_string_equal(ids("track:rt"), "3 1 5");      /* time order */
	assert_string_equal(ids("room:salon"), "2");
	assert_string_equal(ids("tag:^ci$"), "2 5");
	assert_string_equal(ids("type:bof"), "3");
	assert_string_equal(ids("id:^4$"), "4");
	assert_string_equal(ids("day:wed"), "2");
	assert_string_equal(ids("day:2023-11-13"), "3 1");
	assert_string_equal(ids("track:rt proxy"), "1");    /* AND */
	assert_string_equal(ids("track:risc -title:introduction"), "2");
	assert_string_equal(ids("-track:rt"), "2 4");
	assert_string_equal(ids("track:^rt$"), "3 1 5");    /* the id alone */
	assert_string_equal(ids("\"proxy execution\""), "1");
	assert_string_equal(ids("title:\"patchwork CI\""), "2");
	assert_string_equal(ids(""), "3 1 2 5 4");          /* everything */
	assert_string_equal(ids("nothing-matches-this"), "");
	/* an unknown field name is part of the pattern */
	assert_string_equal(ids("foo:bar"), "");
}

static void
test_case_and_folding(void **state)
{
	(void)state;
	/* smart case */
	assert_string_equal(ids("proxy"), "1");
	assert_string_equal(ids("Proxy"), "1");
	assert_string_equal(ids("PROXY"), "");
	assert_string_equal(ids("title:\\Sroxy"), "1"); /* \S is no uppercase */
	/* Nor the letters of PCRE2's syntax: properties, code points,
	 * group names, verbs; the text of a lookahead is text. */
	assert_string_equal(ids("title:pro\\p{Ll}y"), "1");
	assert_string_equal(ids("title:pro\\pLy"), "1");
	assert_string_equal(ids("title:proxy\\p{Zs}"), "1");
	assert_string_equal(ids("speaker:t\\x{F6}pel"), "2");
	assert_string_equal(ids("speaker:t\\xF6pel"), "2");
	assert_string_equal(ids("speaker:t\\N{U+F6}pel"), "2");
	assert_string_equal(ids("title:(?<Word>prox)y\\k<Word>?"), "1");
	assert_string_equal(ids("title:(?P<P>p)roxy(?P=P)?"), "1");
	assert_string_equal(ids("title:(*UCP)proxy"), "1");
	/* Patterns that leave a quote or a comment open match as written
	 * (the callout that keeps time is put around them). */
	assert_string_equal(ids("title:\\Qproxy"), "1");
	assert_string_equal(ids("title:\\Qproxy)"), "");
	assert_string_equal(ids("title:(?x)prox#z"), "1");
	assert_string_equal(ids("title:(?x)proz#x"), "");
	assert_string_equal(ids("title:(?x)proxy\\sexec#x"), "1");
	assert_string_equal(ids("title:(*CR)(*UCP)^proxy"), "1");
	/* Verbs that are part of what is matched stay where they are (the
	 * time-keeping wrapper goes after the settings only). */
	assert_string_equal(ids("title:(*F)|proxy"), "1");
	assert_string_equal(ids("title:(*COMMIT)zz|proxy"), "");
	assert_string_equal(ids("title:(*pla:p)|xyz"), "1 2");
	assert_string_equal(ids("title:(?=PROXY)p"), "");
	assert_string_equal(ids("title:(*pla:PROXY)p"), "");
	assert_string_equal(ids("title:(?(DEFINE)(?<W>proxy))(?&W)"), "1");
	assert_string_equal(ids("title:(?<Nm>x)?proxy(?(<Nm>)a|)"), "1");
	assert_string_equal(ids("title:(?U)prox.+n"), "1");
	assert_string_equal(ids("title:(?J)proxy"), "1");
	/* Unicode case folding: ö matches Ö */
	assert_string_equal(ids("töpel"), "2");
	assert_string_equal(ids("cañuelo"), "3");
	/* plain letters match accented ones */
	assert_string_equal(ids("canuelo"), "3");
	assert_string_equal(ids("topel"), "2");
	assert_string_equal(ids("rodel"), "3");
	assert_string_equal(ids("Rodel"), "3");
	assert_string_equal(ids("bjorn"), "2");
}

/* An ASCII pattern matches the original text too, not only the folded
 * one: escapes and classes can name what folding takes away. */
static void
test_ascii_pattern_original_text(void **state)
{
	(void)state;
	assert_string_equal(ids("speaker:T\\x{f6}pel"), "2");
	assert_string_equal(ids("speaker:[^\\x00-\\x7f]"), "3 2 5");
	assert_string_equal(ids("title:[^\\x00-\\x7f]"), "");
	assert_string_equal(ids("speaker:\\x{142}"), "5"); /* the ł of Kłos */
	/* and the folded one still */
	assert_string_equal(ids("speaker:topel"), "2");
}

/* ^ and $ apply to each value of a field of several: each speaker and
 * author, name and affiliation, each tag. */
static void
test_anchors_per_value(void **state)
{
	(void)state;
	assert_string_equal(ids("speaker:^John"), "1");
	assert_string_equal(ids("speaker:^Jörg"), "3");      /* second speaker */
	assert_string_equal(ids("speaker:^jorg"), "3");      /* folded too */
	assert_string_equal(ids("speaker:cañuelo$"), "3");   /* first of two */
	assert_string_equal(ids("speaker:^rivos$"), "2");    /* an affiliation */
	assert_string_equal(ids("speaker:^Anna\\b"), "5");
	assert_string_equal(ids("tag:^b$"), "5");            /* second tag */
	assert_string_equal(ids("tag:^ci$"), "2 5");
	/* values stay apart: no match across two of them */
	assert_string_equal(ids("speaker:ricardo.*rödel"), "");
	assert_string_equal(ids("speaker:CAÑUELO\\sJörg"), "");
	assert_string_equal(ids("tag:ci.b"), "5");           /* in ci-b alone */
	/* Not by what matches the NUL between values either: [^a-z], \W,
	 * \x00 (a match across two values is tried again a value at a
	 * time). */
	assert_string_equal(ids("speaker:CAÑUELO[^a-z]"), "");
	assert_string_equal(ids("speaker:cañuelo\\W"), "");
	assert_string_equal(ids("speaker:\\x00"), "");
	assert_string_equal(ids("track:^rt[^a-z]"), "");
	assert_string_equal(ids("tag:^ci[^a-z]b$"), "5");   /* ci-b */
	assert_string_equal(ids("speaker:rödel\\W*$"), "3");
	assert_string_equal(ids("speaker:CAÑUELO\\W\\KJörg"), "");
}

/* The example: in LPC 2023, session 62's second speaker is
 * Mathieu Desnoyers (André Almeida is first). */
static void
test_anchors_lpc2023(void **state)
{
	(void)state;
	struct diag_list d;
	diag_list_init(&d);
	enum load_status st;
	struct program *p = load_file(SKED_SOURCE_ROOT "/data/lpc2023.yaml", &d,
				      &st);
	diag_list_finish(&d);
	assert_non_null(p);
	struct search_index *x = search_index_create(p);
	struct search_error err;
	struct search_query *q = search_compile("speaker:^Mathieu", &err);
	assert_non_null(q);
	struct search_result *r;
	long n = search_run(q, x, &r, &err);
	bool found = false;
	for (long i = 0; i < n; i++) {
		const struct program_session *s = &p->sessions[r[i].session];
		found |= strcmp(s->id, "62") == 0;
		/* every result has a speaker or author whose name starts so */
		bool named = false;
		for (size_t k = 0; k < s->speakers.n; k++)
			named |= strncmp(s->speakers.v[k].name, "Mathieu", 7) == 0;
		for (size_t k = 0; k < s->authors.n; k++)
			named |= strncmp(s->authors.v[k].name, "Mathieu", 7) == 0;
		assert_true(named);
	}
	assert_true(found);
	free(r);
	search_destroy(q);
	search_index_destroy(x);
	program_destroy(p);
}

/* Letters with no accent to strip fold through transliteration. */
static void
test_transliteration(void **state)
{
	(void)state;
	assert_string_equal(ids("klos"), "5");
	assert_string_equal(ids("gross"), "5");
	assert_string_equal(ids("tonnesen"), "5");
	assert_string_equal(ids("altinova"), "5");
	assert_string_equal(ids("aero"), "5");
	assert_string_equal(ids("speaker:\"^aero ltd$\""), "5");
	assert_string_equal(ids("speaker:\"^aero hansen$\""), "5");
	assert_string_equal(ids("speaker:^hansen"), "");
	assert_string_equal(ids("ayse"), "5");               /* ş: a cedilla */
	/* written as in the text, they match as before */
	assert_string_equal(ids("kłos"), "5");
	assert_string_equal(ids("groß"), "5");
}

static void
test_errors(void **state)
{
	(void)state;
	struct search_error err;
	assert_null(search_compile("kunit \"unterminated", &err));
	assert_int_equal(err.offset, 6);
	assert_string_equal(err.message, "unterminated quote");
	assert_null(search_compile("ok title:foo(", &err));
	assert_int_equal(err.offset, 13); /* PCRE2's offset, in the query */
	assert_non_null(strstr(err.message, "parenthesis"));
	assert_null(search_compile("a title: b", &err));
	assert_int_equal(err.offset, 8);
	assert_string_equal(err.message, "empty pattern");
	assert_null(search_compile("x [z-a]", &err));
	assert_int_equal(err.offset, 5);
	/* In a quoted pattern, each \" before the error is two bytes of
	 * the query for one of the pattern: the offset is the query's. */
	assert_null(search_compile("\"\\\"a**\"", &err)); /* "\"a**" */
	assert_int_equal(err.offset, 5);
	assert_non_null(strstr(err.message, "quantifier"));
	assert_null(search_compile("title:\"a**\"", &err));
	assert_int_equal(err.offset, 9);
}

/* A program of n unscheduled sessions whose abstracts are text. */
static struct program *
abstracts_program(const char *text, int n)
{
	char *yaml = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&yaml, &len);
	fprintf(fp, "sked: 1\nconference: {id: p, title: P, timezone: UTC, "
		    "start: 2024-01-01, end: 2024-01-01}\nsessions:\n");
	for (int i = 0; i < n; i++)
		fprintf(fp, "  - {id: \"s%d\", title: T, abstract: \"%s\"}\n",
			i, text);
	fclose(fp);
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("p.yaml", yaml, len, &d);
	diag_list_finish(&d);
	free(yaml);
	assert_non_null(p);
	return p;
}

static void
test_pathological_bounded(void **state)
{
	(void)state;
	/* A long text that makes the pattern backtrack exponentially. */
	char *text = malloc(4096);
	for (int i = 0; i < 4095; i++)
		text[i] = i % 7 == 6 ? ' ' : 'a' + i % 26;
	text[4095] = '\0';
	struct program *p = abstracts_program(text, 50);
	struct search_index *x = search_index_create(p);
	struct search_error err;
	struct search_query *q = search_compile("(\\w+\\s?)+$x", &err);
	assert_non_null(q);
	struct search_result *r;
	assert_int_equal(search_run(q, x, &r, &err), -1);
	assert_null(r);
	assert_non_null(strstr(err.message, "limit"));
	err = (struct search_error){0};
	assert_int_equal(search_once(q, p, &r, &err), -1);
	assert_null(r);
	assert_non_null(strstr(err.message, "limit"));
	search_destroy(q);
	search_index_destroy(x);
	program_destroy(p);
	free(text);
}

/* A pattern quadratic in a text's length stays under PCRE2's limits at
 * each place it tries (each try is linear) but tries every place: 12 KB
 * abstracts take about half a second each on the development machine, a
 * program of 200 of them minutes. The search stops at its time budget
 * (SEARCH_TIME_LIMIT), saying so, and another query (or the same again)
 * has its own. */
static void
test_quadratic_bounded_in_time(void **state)
{
	(void)state;
	enum { LEN = 12000, N = 200 };
	char *text = malloc(LEN + 1);
	for (int i = 0; i < LEN; i++)
		text[i] = i % 4 == 3 ? ' ' : 'a' + i % 26;
	text[LEN] = '\0';
	struct program *p = abstracts_program(text, N);
	struct search_error err;
	struct search_query *q =
		search_compile("abstract:(\\w|\\s)*\\d{7}", &err);
	assert_non_null(q);
	struct search_result *r;
	assert_int_equal(search_once(q, p, &r, &err), -1);
	assert_null(r);
	assert_string_equal(err.message, "search stopped: it took over 5 "
			    "seconds (simplify the pattern)");
	/* Highlighting has a budget of its own: a short text is done. */
	struct search_span *sp;
	assert_int_equal(search_spans(q, SEARCH_ABSTRACT, "ab 1234567", 10,
				      &sp), 1);
	free(sp);
	/* The budget is the search's: a plain query after it is not cut. */
	search_destroy(q);
	q = search_compile("abstract:ab", &err);
	assert_non_null(q);
	assert_int_equal(search_once(q, p, &r, &err), N);
	free(r);
	/* The same query searched again keeps its matches. */
	assert_int_equal(search_once(q, p, &r, &err), N);
	free(r);
	search_destroy(q);
	program_destroy(p);
	free(text);
}

static void
expect_spans(const char *query, enum search_field f, const char *text,
	     const char *want)
{
	struct search_error err;
	struct search_query *q = search_compile(query, &err);
	assert_non_null(q);
	struct search_span *sp;
	size_t n = search_spans(q, f, text, strlen(text), &sp);
	char got[256] = "";
	for (size_t i = 0; i < n; i++) {
		char one[64];
		snprintf(one, sizeof(one), "%s[%.*s]", i ? " " : "",
			 (int)(sp[i].end - sp[i].start), text + sp[i].start);
		strcat(got, one);
	}
	assert_string_equal(got, want);
	free(sp);
	search_destroy(q);
}

static void
test_spans(void **state)
{
	(void)state;
	/* offsets map back to the accented original */
	expect_spans("canuelo", SEARCH_SPEAKER, "Ricardo CAÑUELO", "[CAÑUELO]");
	expect_spans("topel", SEARCH_SPEAKER, "Björn Töpel, Töpel", "[Töpel] [Töpel]");
	expect_spans("o", SEARCH_TITLE, "Öö oó", "[Öö] [oó]"); /* adjacent ones merge */
	/* fields, negation and overlap */
	expect_spans("title:proxy speaker:proxy", SEARCH_TITLE, "proxy", "[proxy]");
	expect_spans("speaker:proxy", SEARCH_TITLE, "proxy", "");
	expect_spans("-proxy exec", SEARCH_TITLE, "proxy execution", "[exec]");
	expect_spans("pro proxy", SEARCH_TITLE, "a proxy", "[proxy]");
	/* an empty match does not loop */
	expect_spans("x*", SEARCH_TITLE, "axxb", "[xx]");
	/* ASCII patterns match the original text too */
	expect_spans("T\\x{f6}pel", SEARCH_SPEAKER, "Björn Töpel", "[Töpel]");
	expect_spans("[^\\x00-\\x7f]+", SEARCH_SPEAKER, "Björn Töpel", "[ö] [ö]");
	expect_spans("o", SEARCH_SPEAKER, "Björn", "[ö]");   /* folded or not */
	/* transliterated letters map back to whole characters */
	expect_spans("klos", SEARCH_SPEAKER, "Jan Kłos", "[Kłos]");
	expect_spans("gross", SEARCH_SPEAKER, "Anna Groß!", "[Groß]");
	expect_spans("aero", SEARCH_SPEAKER, "Ærø Ltd", "[Ærø]");
	/* part of a character that folds to several is all of it: no
	 * empty span (s in the ss of ß; . in the jamo of a Hangul syllable) */
	expect_spans("gros", SEARCH_SPEAKER, "Groß", "[Groß]");
	expect_spans("s$", SEARCH_SPEAKER, "Groß", "[ß]");
	expect_spans("^.", SEARCH_TITLE, "\xed\x95\x9c", "[\xed\x95\x9c]");
	expect_spans("\\x{1112}", SEARCH_TITLE, "a \xed\x95\x9c", "[\xed\x95\x9c]"); /* its first jamo */
	expect_spans("a", SEARCH_TITLE, "\xc3\x86", "[\xc3\x86]");       /* Æ: AE */
	/* ^ and $ of a value */
	expect_spans("^mathieu", SEARCH_SPEAKER, "Mathieu Desnoyers", "[Mathieu]");
	expect_spans("^desnoyers", SEARCH_SPEAKER, "Mathieu Desnoyers", "");
}

/* Every span is within the text, non-empty, sorted and apart, whatever
 * the pattern and the text. */
static void
test_spans_never_empty(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"Groß", "Ærø", "\xed\x95\x9c\xea\xb5\xad", "ﬁnal ½ Kłos", "Töpel",
		"\xe2\x84\xab", /* Å, the angstrom sign: decomposes */
	};
	static const char *const patterns[] = {
		".", "s", "^.", ".$", "\\w", "\\b", "x*", "e", "i", "(?=.)",
		"[^\\x00-\\x7f]", "o|\\x{f8}",
	};
	for (size_t i = 0; i < sizeof(patterns) / sizeof(*patterns); i++) {
		struct search_error err;
		struct search_query *q = search_compile(patterns[i], &err);
		assert_non_null(q);
		for (size_t j = 0; j < sizeof(texts) / sizeof(*texts); j++) {
			struct search_span *sp;
			size_t len = strlen(texts[j]);
			size_t n = search_spans(q, SEARCH_TITLE, texts[j], len, &sp);
			for (size_t k = 0; k < n; k++) {
				assert_true(sp[k].start < sp[k].end);
				assert_true(sp[k].end <= len);
				if (k)
					assert_true(sp[k - 1].end < sp[k].start);
			}
			free(sp);
		}
		search_destroy(q);
	}
}

/* The optional fields of sked(5): lang: searches the language codes,
 * title: the subtitle too, abstract: the description and the links'
 * titles too (not their URLs); each value on its own. */
static void
test_optional_fields(void **state)
{
	(void)state;
	static const char more[] =
		"sked: 1\n"
		"conference: {id: m, title: M, timezone: UTC, "
		"start: 2024-01-01, end: 2024-01-01}\n"
		"sessions:\n"
		"  - {id: one-link, title: A, links: [{url: 'https://x.example/v',"
		" title: Recording of the talk}]}\n"
		"  - {id: two-links, title: B, links: [{url: 'https://x.example/a',"
		" title: Slides}, {url: 'https://x.example/b', title: Paper}]}\n"
		"  - {id: languages, title: C, language: [pt-BR, es, en]}\n";
	struct diag_list d;
	diag_list_init(&d);
	enum load_status st;
	struct program *f = load_file(SKED_SOURCE_ROOT "/tests/data/fields.yaml",
				      &d, &st);
	struct program *m = load_buffer("m.yaml", more, strlen(more), &d);
	diag_list_finish(&d);
	assert_non_null(f);
	assert_non_null(m);
	struct search_index *fx = search_index_create(f);
	struct search_index *mx = search_index_create(m);

	/* the subtitle under title, and ^ at its start */
	assert_string_equal(ids_in(f, fx, "title:pretalx"), "talk-1");
	assert_string_equal(ids_in(f, fx, "title:^frab"), "talk-1");
	assert_string_equal(ids_in(f, fx, "title:schedules$"), "talk-1");
	assert_string_equal(ids_in(f, fx, "title:schedules.frab"), "");
	assert_string_equal(ids_in(f, fx, "-title:indico"), "doors talk-2 deadline");
	assert_string_equal(ids_in(f, fx, "pretalx"), "talk-1"); /* all fields */
	/* the description and links' titles under abstract; URLs not */
	assert_string_equal(ids_in(f, fx, "abstract:beside"), "talk-1");
	assert_string_equal(ids_in(f, fx, "abstract:^slides$"), "talk-1");
	assert_string_equal(ids_in(f, fx, "beside"), "talk-1");
	assert_string_equal(ids_in(f, fx, "slides.pdf"), "");
	assert_string_equal(ids_in(m, mx, "abstract:^recording"), "one-link");
	assert_string_equal(ids_in(m, mx, "abstract:^paper$"), "two-links");
	assert_string_equal(ids_in(m, mx, "abstract:slides.paper"), "");
	/* lang: one code or several, each a value */
	assert_string_equal(ids_in(f, fx, "lang:^en$"), "talk-1 talk-2");
	assert_string_equal(ids_in(f, fx, "lang:de"), "talk-2");
	assert_string_equal(ids_in(f, fx, "-lang:de"), "doors talk-1 deadline");
	assert_string_equal(ids_in(m, mx, "lang:^es$"), "languages");
	assert_string_equal(ids_in(m, mx, "lang:^pt"), "languages");
	assert_string_equal(ids_in(m, mx, "lang:BR$"), "languages");
	assert_string_equal(ids_in(m, mx, "lang:br.es"), "");
	assert_string_equal(ids_in(f, fx, "lang:."), "talk-1 talk-2");
	assert_string_equal(search_field_name(SEARCH_LANG), "lang");
	/* the highlight of a language code, alone */
	expect_spans("lang:^en$", SEARCH_LANG, "en", "[en]");
	expect_spans("lang:^en$", SEARCH_TITLE, "en", "");
	search_index_destroy(mx);
	search_index_destroy(fx);
	program_destroy(m);
	program_destroy(f);
}

static void
test_fold(void **state)
{
	(void)state;
	size_t n;
	uint32_t *map;
	char *f = fold_strip("aÑé日", strlen("aÑé日"), &n, &map);
	assert_string_equal(f, "aNe日");
	assert_int_equal(map[0], 0);
	assert_int_equal(map[1], 1); /* N from Ñ at byte 1 */
	assert_int_equal(map[2], 3); /* e from é at byte 3 */
	assert_int_equal(map[3], 5);
	assert_int_equal(map[n], strlen("aÑé日"));
	free(f);
	free(map);
	assert_false(fold_needed("plain", 5));
}

static void
expect_fold(const char *s, const char *want)
{
	size_t n;
	char *f = fold_strip(s, strlen(s), &n, NULL);
	assert_string_equal(f, want);
	assert_int_equal(n, strlen(want));
	free(f);
}

/* Transliteration does not depend on the caller's locale: the same
 * under "C" (as with LANG unset) as under C.UTF-8. */
static void
test_fold_translit_any_locale(void **state)
{
	(void)state;
	static const char *const locales[] = {"C", "C.UTF-8", "POSIX"};
	for (size_t i = 0; i < sizeof(locales) / sizeof(*locales); i++) {
		assert_non_null(setlocale(LC_ALL, locales[i]));
		expect_fold("Kłos", "Klos");
		expect_fold("Groß", "Gross");
		expect_fold("Tønnesen", "Tonnesen");
		expect_fold("Altınova", "Altinova");
		expect_fold("Ærø", "AEro");
		expect_fold("CAÑUELO", "CANUELO");
		expect_fold("日本 αβ", "日本 αβ"); /* no ASCII form: kept */
		expect_fold("a\0ł", "a"); /* (strlen stops at the NUL) */
	}
	setlocale(LC_ALL, "C.UTF-8");
	/* the map: each byte of "ss" from ß, and the end past it */
	size_t n;
	uint32_t *map;
	char *f = fold_strip("aßb", strlen("aßb"), &n, &map);
	assert_string_equal(f, "assb");
	assert_int_equal(map[1], 1);
	assert_int_equal(map[2], 1);
	assert_int_equal(map[3], 3);
	assert_int_equal(fold_map_end(map, n, 2), 3); /* "as" ends past ß */
	assert_int_equal(fold_map_end(map, n, 3), 3);
	assert_int_equal(fold_map_end(map, n, 4), 4);
	free(f);
	free(map);
}

/* A search run a part at a time (as the browser does) finds what one
 * run over the whole program finds, in the same order, on an index that
 * fills as the parts are searched (last part first here), whatever the
 * queries before it searched (a title query fills sessions without their
 * abstracts, which a later query needs). */
static void
test_run_range(void **state)
{
	(void)state;
	static const char *const queries[] = {
		"track:rt", "inheritance", "topel", "-ci", "r", "title:^R abstract:.",
		"proxy", "day:monday", "Rivos",
	};
	struct search_index *parts = search_index_create(prog);
	for (size_t qi = 0; qi < sizeof(queries) / sizeof(queries[0]); qi++) {
		struct search_error err;
		struct search_query *q = search_compile(queries[qi], &err);
		assert_non_null(q);
		struct search_index *whole = search_index_create(prog);
		struct search_result *all;
		long n = search_run(q, whole, &all, &err);
		assert_true(n >= 0);
		/* Found by parts of one session, from the last: each part's
		 * results are the whole run's at those positions. */
		struct search_result got[8];
		long m = 0;
		for (size_t k = prog->n_sessions; k-- > 0;) {
			struct search_result *r;
			long c = search_run_range(q, parts, k, k + 1, &r, &err);
			assert_true(c == 0 || c == 1);
			if (c == 1) {
				assert_int_equal(r[0].session, prog->order[k]);
				memmove(got + 1, got, (size_t)m * sizeof(*got));
				got[0] = r[0];
				m++;
			}
			free(r);
		}
		assert_int_equal(m, n);
		for (long i = 0; i < n; i++) {
			assert_int_equal(got[i].session, all[i].session);
			assert_int_equal(got[i].fields, all[i].fields);
		}
		/* A range past the end is cut to it; an empty one finds
		 * nothing. */
		struct search_result *r;
		assert_int_equal(search_run_range(q, parts, 0, 1000, &r, &err), n);
		free(r);
		assert_int_equal(search_run_range(q, parts, 2, 2, &r, &err), 0);
		free(r);
		free(all);
		search_index_destroy(whole);
		search_destroy(q);
	}
	search_index_destroy(parts);
}

/* On a real program (FOSDEM 2021's 773 sessions, many blocks of them:
 * search_run_range fills and matches them a block at a time), a
 * search_once finds what search_run finds on a fresh index and on one
 * that earlier queries filled in part; their speakers, tracks and rooms
 * joined, names and abstracts folded, in scratch memory reused from
 * session to session. */
static void
test_once_fosdem(void **state)
{
	(void)state;
	static const char *const queries[] = {
		"kernel", "title:rust", "speaker:^j", "speaker:\\x{f6}",
		"-track:^kernel", "track:rust room:.", "type:. abstract:gnu",
		"muller", "speaker:n$", "day:sun memory", "e -rust", "id:^1",
		"abstract:^The", "speaker:[^\\x00-\\x7f] abstract:.",
		"title:[^\\x00-\\x7f]", "",
	};
	struct diag_list d;
	diag_list_init(&d);
	enum load_status st;
	struct program *p = load_file(SKED_SOURCE_ROOT
				      "/tests/data/samples/frab-xml/fosdem-2021.xml",
				      &d, &st);
	diag_list_finish(&d);
	assert_non_null(p);
	assert_true(p->n_sessions > 700);
	struct search_index *used = search_index_create(p);
	for (size_t qi = 0; qi < sizeof(queries) / sizeof(*queries); qi++) {
		struct search_error err;
		struct search_query *q = search_compile(queries[qi], &err);
		assert_non_null(q);
		struct search_index *fresh = search_index_create(p);
		struct search_result *r, *u;
		long n = search_run(q, fresh, &r, &err);
		/* Each query finds sessions: one finding none would compare
		 * nothing. */
		if (n <= 0)
			fail_msg("%s: %ld sessions", queries[qi], n);
		assert_int_equal(search_run(q, used, &u, &err), n);
		for (long i = 0; i < n; i++) {
			assert_int_equal(u[i].session, r[i].session);
			assert_int_equal(u[i].fields, r[i].fields);
		}
		expect_once_same(q, p, r, n);
		free(u);
		free(r);
		search_index_destroy(fresh);
		search_destroy(q);
	}
	search_index_destroy(used);
	program_destroy(p);
}

/* fold_append: the text fold_strip makes, after what the buffer holds. */
static void
test_fold_append(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"", "plain", "Kłos", "aßb", "日本 αβ", "CAÑUELO Rödel Ærø",
	};
	struct buf b = {0};
	buf_puts(&b, "before");
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		size_t at = b.n, n;
		char *want = fold_strip(texts[i], strlen(texts[i]), &n, NULL);
		assert_int_equal(fold_append(&b, texts[i], strlen(texts[i])), n);
		assert_int_equal(b.n, at + n);
		assert_string_equal(b.v + at, want);
		assert_memory_equal(b.v, "before", 6);
		free(want);
	}
	free(b.v);
}

/* A term "word:..." whose word is no field is a pattern with a colon in
 * it; the query says which, the first one, for a hint. */
static void
test_unknown_field_said(void **state)
{
	(void)state;
	static const struct {
		const char *query, *want;
	} cases[] = {
		{"speakers:gleixner", "speakers"},
		{"title:x Speaker:mathieu author:y", "Speaker"},
		{"-author:x", "author"},
		{"speaker:gleixner title:rt", NULL},
		{"\"a:b\" 12:30", NULL},
		{"kunit", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct search_error err;
		struct search_query *q = search_compile(cases[i].query, &err);
		assert_non_null(q);
		const char *got = search_unknown_field(q);
		if (cases[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
		search_destroy(q);
	}
}

/* search_values's callback: each value onto a buf, '|' after it; stops
 * at a value "Rivos". */
static bool
collect_value(const char *value, void *arg)
{
	struct buf *b = arg;
	buf_puts(b, value);
	buf_puts(b, "|");
	return strcmp(value, "Rivos") == 0;
}

/* The values of each field, as a search matches them one by one (what
 * the browser's result rows show a snippet of). */
static void
test_values(void **state)
{
	(void)state;
	static const struct {
		size_t session;
		enum search_field f;
		bool stopped;
		const char *want;
	} cases[] = {
		{0, SEARCH_TITLE, false, "Proxy execution explained|"},
		{0, SEARCH_ABSTRACT, false,
		 "Priority inheritance with proxy execution.|"},
		{0, SEARCH_TRACK, false, "rt|Real-time and Scheduling MC|"},
		{0, SEARCH_ROOM, false, ""},
		{0, SEARCH_DAY, false, "2023-11-13 Monday|"},
		{1, SEARCH_SPEAKER, true, "Bj\u00f6rn T\u00f6pel|Rivos|"},
		{1, SEARCH_ROOM, false, "salon-a|Salon A|"},
		{1, SEARCH_TAG, false, "ci|"},
		{1, SEARCH_ID, false, "2|"},
		{2, SEARCH_TYPE, false, "bof|"},
		{2, SEARCH_SPEAKER, false, "Ricardo CA\u00d1UELO|J\u00f6rg R\u00f6del|"},
		{3, SEARCH_DAY, false, ""},
		{3, SEARCH_ABSTRACT, false, ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = {0};
		buf_puts(&b, "");
		bool stopped = search_values(prog, cases[i].session, cases[i].f,
					     collect_value, &b);
		assert_int_equal(stopped, cases[i].stopped);
		assert_int_equal(b.n, strlen(cases[i].want));
		assert_memory_equal(b.v, cases[i].want, b.n);
		free(b.v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms_and_fields),
		cmocka_unit_test(test_unknown_field_said),
		cmocka_unit_test(test_case_and_folding),
		cmocka_unit_test(test_ascii_pattern_original_text),
		cmocka_unit_test(test_anchors_per_value),
		cmocka_unit_test(test_anchors_lpc2023),
		cmocka_unit_test(test_transliteration),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_pathological_bounded),
		cmocka_unit_test(test_quadratic_bounded_in_time),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_spans_never_empty),
		cmocka_unit_test(test_optional_fields),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_translit_any_locale),
		cmocka_unit_test(test_run_range),
		cmocka_unit_test(test_once_fosdem),
		cmocka_unit_test(test_fold_append),
		cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
