/* Unit tests of the sked YAML writer: every string quoted by
 * yamlout_quote loads back, with libyaml and with sked's loader, to the
 * same bytes, whatever it holds; the quoted text itself holds no control
 * character nor anything that reorders text; a whole program survives the
 * trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <yaml.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sked/buf.h"
#include "sked/diag.h"
#include "sked/load.h"
#include "sked/program.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/tz.h"
#include "sked/yamlout.h"

/* Strings a YAML writer gets wrong: controls, quotes and backslashes,
 * line breaks YAML folds, non-BMP characters, and values that unquoted
 * would be a number, a bool, a null, a mapping, a list or a comment. */
static const char *const cases[] = {
	"plain",
	"\x01\x02\x03\x07\x08\x0b\x0c\x0e\x1a\x1b[31m\x1f\x7f end",
	"tab\there, LF\nand CR\r, CR LF\r\n, and the end",
	"\"quoted\" and 'single' and \\backslash\\ and \\\" both",
	"\\n is not a line break, \\u0041 not an A",
	"non-BMP: \xf0\x9f\xa6\x80 \xf0\x9d\x84\x9e \xf3\xa0\x81\x81 (tag A)",
	"C1: \xc2\x85 NEL, \xc2\x9b CSI, \xc2\x80 and \xc2\x9f",
	"\xe2\x80\xa8 LS and \xe2\x80\xa9 PS, BOM \xef\xbb\xbf, "
	"\xef\xbf\xbe and \xef\xbf\xbf",
	"bidi \xe2\x80\xae reversed \xe2\x80\xac and \xe2\x81\xa6isolate\xe2\x81\xa9",
	"123", "-1.5e3", "0x1F", "0o17", ".inf", ".NaN",
	"true", "false", "yes", "no", "on", "off", "True",
	"null", "~", "Null", "",
	"a: b", "key: value # comment", "- item", "[1, 2]", "{a: 1}",
	"# comment", "&anchor", "*alias", "!tag", "%directive", "@at", "`tick`",
	"|", ">", "---", "...", "? complex",
	"  leading and trailing spaces  ", " ", "\n", "\n\n",
	"2023-11-13", "2023-11-13T09:40", "09:40", "1:30",
	"Zo\xc3\xab \xc3\x9cn\xc3\xaf" "code \xe6\x97\xa5\xe6\x9c\xac",
};

static char *
quoted(const char *s, size_t n, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	assert_non_null(fp);
	yamlout_quote(fp, s, n);
	fclose(fp);
	*len = size;
	return buf;
}

/* The value of "key: VALUE" read by libyaml: a double-quoted scalar,
 * never implicitly typed. */
static char *
libyaml_value(const char *doc, size_t *len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	char *value = NULL;
	int scalars = 0;
	assert_true(yaml_parser_initialize(&parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)doc,
				     strlen(doc));
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev))
			fail_msg("libyaml: %s in %s", parser.problem, doc);
		if (ev.type == YAML_SCALAR_EVENT && ++scalars == 2) {
			assert_int_equal(ev.data.scalar.style,
					 YAML_DOUBLE_QUOTED_SCALAR_STYLE);
			assert_false(ev.data.scalar.plain_implicit);
			*len = ev.data.scalar.length;
			value = malloc(*len + 1);
			memcpy(value, ev.data.scalar.value, *len);
			value[*len] = '\0';
		}
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	assert_non_null(value);
	return value;
}

static void
test_quote_libyaml(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i]), qlen, vlen;
		char *q = quoted(cases[i], n, &qlen);
		/* One line, quotes around, nothing raw that a terminal or a
		 * YAML reader would act on. */
		assert_true(qlen >= 2 && q[0] == '"' && q[qlen - 1] == '"');
		for (size_t k = 0; k < qlen; k++) {
			unsigned char c = (unsigned char)q[k];
			assert_true(c >= 0x20 && c != 0x7f);
			if (c == 0xc2)
				assert_true((unsigned char)q[k + 1] >= 0xa0);
		}
		assert_null(strstr(q, "\xe2\x80\xa8"));
		assert_null(strstr(q, "\xe2\x80\xae"));
		assert_null(strstr(q, "\xef\xbb\xbf"));
		assert_null(strstr(q, "\xf3\xa0\x81\x81"));
		char *doc = NULL;
		size_t size;
		FILE *fp = open_memstream(&doc, &size);
		fprintf(fp, "key: %s\n", q);
		fclose(fp);
		char *v = libyaml_value(doc, &vlen);
		if (vlen != n || memcmp(v, cases[i], n) != 0)
			fail_msg("case %zu: wrote %s, read back \"%s\"", i, q, v);
		free(v);
		free(doc);
		free(q);
	}
}

/* The same strings as a session's title and tags through sked's own
 * loader (the reader and the builder). */
static void
test_quote_sked(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = strlen(cases[i]), qlen;
		const char *t = cases[i];
		if (text_trim(&t, n) == 0)
			continue; /* a title is required, and not blank */
		char *q = quoted(cases[i], n, &qlen);
		char *doc = NULL;
		size_t size;
		FILE *fp = open_memstream(&doc, &size);
		fprintf(fp, "sked: 1\nconference: {id: q, title: Q, timezone: UTC, "
			    "start: 2024-01-01, end: 2024-01-01}\nsessions:\n"
			    "  - id: a\n    title: %s\n    tags: [%s]\n"
			    "    abstract: %s\n", q, q, q);
		fclose(fp);
		struct diag_list d;
		diag_list_init(&d);
		struct program *p = load_buffer("q.yaml", doc, size, &d);
		if (p == NULL || d.warnings) {
			diag_print(&d, stderr);
			fail_msg("case %zu: %s did not load cleanly", i, q);
		}
		assert_string_equal(p->sessions[0].title, cases[i]);
		assert_string_equal(program_text(p, &p->sessions[0].abstract_text),
				    cases[i]);
		assert_int_equal(p->sessions[0].tags.n, 1);
		assert_string_equal(p->sessions[0].tags.v[0], cases[i]);
		program_destroy(p);
		diag_list_finish(&d);
		free(doc);
		free(q);
	}
}

/* Bytes that are not UTF-8 (no program holds them) never reach the file
 * as they are. */
static void
test_quote_invalid(void **state)
{
	(void)state;
	size_t qlen, vlen;
	char *q = quoted("a\xff" "b\xc3", 4, &qlen);
	assert_string_equal(q, "\"a\\ufffdb\\ufffd\"");
	char *doc = NULL;
	size_t size;
	FILE *fp = open_memstream(&doc, &size);
	fprintf(fp, "key: %s\n", q);
	fclose(fp);
	char *v = libyaml_value(doc, &vlen);
	assert_string_equal(v, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	free(v);
	free(doc);
	free(q);
}

/* A whole program: written, loaded back, written again: the same text,
 * and the same instants (New York's repeated hour as instants). */
static void
test_program(void **state)
{
	(void)state;
	struct diag_list d;
	diag_list_init(&d);
	enum load_status st;
	struct program *p =
		load_file(SKED_SOURCE_ROOT "/tests/data/convert.yaml", &d, &st);
	assert_non_null(p);
	size_t len;
	char *text = yamlout_program(p, &len);
	assert_int_equal(strlen(text), len);
	struct program *q = load_buffer("out.yaml", text, len, &d);
	if (q == NULL || d.warnings)
		diag_print(&d, stderr);
	assert_non_null(q);
	assert_int_equal(d.warnings, 0);
	assert_int_equal(q->n_sessions, p->n_sessions);
	for (size_t i = 0; i < p->n_sessions; i++) {
		const struct program_session *a = &p->sessions[i],
					     *b = &q->sessions[i];
		assert_string_equal(a->id, b->id);
		assert_int_equal(a->scheduled, b->scheduled);
		assert_int_equal(a->start_utc, b->start_utc);
		assert_int_equal(a->duration, b->duration);
		assert_int_equal(a->day, b->day);
	}
	/* 01:30 EDT and 01:30 EST, an hour apart. */
	assert_int_equal(q->sessions[2].start_utc - q->sessions[1].start_utc,
			 3600);
	assert_string_equal(program_text(q, &q->tracks[0].description_text),
			    program_text(p, &p->tracks[0].description_text));
	assert_int_equal(q->tracks[0].leads.n, 2);
	assert_string_equal(q->conference.location, "Hall\tB, 2nd floor");
	assert_int_equal(q->conference.day_change, 4 * 60);
	char *again = yamlout_program(q, NULL);
	assert_string_equal(again, text);
	free(again);
	free(text);
	program_destroy(q);
	program_destroy(p);
	diag_list_finish(&d);
}

/* The program of the sked file y (which it frees), warnings in d. */
static struct program *
loaded(struct buf *y, struct diag_list *d)
{
	diag_list_init(d);
	struct program *p = load_buffer("c.yaml", y->v, y->n, d);
	assert_non_null(p);
	free(y->v);
	return p;
}

/* A new directory, dir (a mkdtemp template), and path its out.yaml. */
static void
out_path(char *dir, char path[64])
{
	assert_non_null(mkdtemp(dir));
	snprintf(path, 64, "%s/out.yaml", dir);
}

/* yamlout_file writes what yamlout_program makes, a piece at a time
 * (a program many times stdio's buffer), and says which path it could
 * not write. */
static void
test_file(void **state)
{
	(void)state;
	struct buf y = {0};
	buf_puts(&y, "sked: 1\nconference: {id: c, title: C, timezone: "
		     "Europe/Paris, start: 2024-06-01, end: 2024-06-02}\n"
		     "sessions:\n");
	for (int i = 0; i < 400; i++) {
		char line[160];
		snprintf(line, sizeof(line),
			 "  - {id: s%d, title: \"T\\t%d é\", start: "
			 "\"2024-06-0%dT10:%02d\", duration: 30, abstract: \"",
			 i, i, 1 + i % 2, i % 60);
		buf_puts(&y, line);
		for (int j = 0; j < 20; j++)
			buf_puts(&y, "words ");
		buf_puts(&y, "\"}\n");
	}
	struct diag_list d;
	struct program *p = loaded(&y, &d);
	size_t len;
	char *text = yamlout_program(p, &len);
	assert_true(len > 8 * BUFSIZ);
	char dir[] = "/tmp/sked-test-yamlout-XXXXXX";
	char path[64], missing[80];
	out_path(dir, path);
	snprintf(missing, sizeof(missing), "%s/no/out.yaml", dir);
	char *error = NULL;
	assert_true(yamlout_file(p, path, &error));
	assert_null(error);
	size_t n = 0;
	char *file = statefile_read(path, SIZE_MAX / 2, &n);
	assert_non_null(file);
	assert_int_equal(n, len);
	assert_memory_equal(file, text, len);
	assert_false(yamlout_file(p, missing, &error));
	assert_non_null(error);
	assert_non_null(strstr(error, missing));
	free(error);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	free(file);
	free(text);
	program_destroy(p);
	diag_list_finish(&d);
}

/* A write that fails partway (a file size limit, as a full disk would):
 * false, with the reason; the file there before is untouched. Here the
 * write that fails is a run of plain text longer than stdio's buffer,
 * which stdio writes straight through. */
static void
test_file_fails_partway(void **state)
{
	(void)state;
	struct buf y = {0};
	buf_puts(&y, "sked: 1\nconference: {id: c, title: C, timezone: UTC, "
		     "start: 2024-06-01, end: 2024-06-01}\nsessions:\n"
		     "  - {id: a, title: A, abstract: \"");
	for (int j = 0; j < 6000; j++)
		buf_puts(&y, "plaintext ");
	buf_puts(&y, "\"}\n");
	struct diag_list d;
	struct program *p = loaded(&y, &d);
	char dir[] = "/tmp/sked-test-yamlout-XXXXXX";
	char path[64];
	out_path(dir, path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("old\n", f);
	assert_int_equal(fclose(f), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit lim = {12 * 1024, 12 * 1024};
		setrlimit(RLIMIT_FSIZE, &lim);
		char *error = NULL;
		bool ok = yamlout_file(p, path, &error);
		_exit(ok ? 1 : error && strstr(error, path) &&
			       strstr(error, "File too large") ? 0 : 2);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	size_t n = 0;
	char *text = statefile_read(path, 1024, &n);
	assert_non_null(text);
	assert_string_equal(text, "old\n");
	free(text);
	/* nothing else left in the directory: no temporary file */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	program_destroy(p);
	diag_list_finish(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_libyaml),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_file_fails_partway),
		cmocka_unit_test(test_quote_sked),
		cmocka_unit_test(test_quote_invalid),
		cmocka_unit_test(test_program),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	tz_cleanup();
	return failed;
}
