/* Unit tests of search: the query language, matching, folding, spans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "sked/fold.h"
#include "sked/load.h"
#include "sked/search.h"
#include "sked/tz.h"

static const char program_text[] =
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
	"  - {id: \"4\", title: Introduction, track: riscv}\n";

static struct program *prog;
static struct search_index *idx;

static int
setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	struct diag_list d;
	diag_list_init(&d);
	prog = load_buffer("t.yaml", program_text, strlen(program_text), &d);
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

/* The ids of the sessions q matches, space-separated, in result order. */
static const char *
ids(const char *query)
{
	static char buf[256];
	struct search_error err;
	struct search_query *q = search_compile(query, &err);
	assert_non_null(q);
	struct search_result *r;
	long n = search_run(q, idx, &r, &err);
	assert_true(n >= 0);
	buf[0] = '\0';
	for (long i = 0; i < n; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, prog->sessions[r[i].session].id);
	}
	free(r);
	search_destroy(q);
	return buf;
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
	assert_string_equal(ids("track:rt"), "3 1");        /* time order */
	assert_string_equal(ids("room:salon"), "2");
	assert_string_equal(ids("tag:^ci$"), "2");
	assert_string_equal(ids("type:bof"), "3");
	assert_string_equal(ids("id:^4$"), "4");
	assert_string_equal(ids("day:wed"), "2");
	assert_string_equal(ids("day:2023-11-13"), "3 1");
	assert_string_equal(ids("track:rt proxy"), "1");    /* AND */
	assert_string_equal(ids("track:risc -title:introduction"), "2");
	assert_string_equal(ids("-track:rt"), "2 4");
	assert_string_equal(ids("\"proxy execution\""), "1");
	assert_string_equal(ids("title:\"patchwork CI\""), "2");
	assert_string_equal(ids(""), "3 1 2 4");            /* everything */
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
	char *yaml = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&yaml, &len);
	fprintf(fp, "sked: 1\nconference: {id: p, title: P, timezone: UTC, "
		    "start: 2024-01-01, end: 2024-01-01}\nsessions:\n");
	for (int i = 0; i < 50; i++)
		fprintf(fp, "  - {id: \"s%d\", title: T, abstract: \"%s\"}\n", i,
			text);
	fclose(fp);
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("p.yaml", yaml, len, &d);
	diag_list_finish(&d);
	assert_non_null(p);
	struct search_index *x = search_index_create(p);
	struct search_error err;
	struct search_query *q = search_compile("(\\w+\\s?)+$x", &err);
	assert_non_null(q);
	struct search_result *r;
	assert_int_equal(search_run(q, x, &r, &err), -1);
	assert_null(r);
	assert_non_null(strstr(err.message, "limit"));
	search_destroy(q);
	search_index_destroy(x);
	program_destroy(p);
	free(yaml);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms_and_fields),
		cmocka_unit_test(test_case_and_folding),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_pathological_bounded),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_fold),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
