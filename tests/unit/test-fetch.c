/* Tests of fetch.h against tests/httpd.py on 127.0.0.1: every case of one
 * download the network rules name (validators, errors, redirects,
 * timeouts, short, compressed and oversized bodies, refused connections,
 * credentials kept out of messages), plus the pure helpers. The server is
 * started once for the group, bounded in requests and seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
/* The options' names, for the refusals test_setopt_* play. */
#define CURL_DISABLE_TYPECHECK
#define CURL_DISABLE_DEPRECATION
#include <curl/curl.h>
#include <dlfcn.h>
#include <malloc.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sked/fetch.h"
#include "sked/fetch_test.h"
#include "sked/xalloc.h"

static char dir[] = "/tmp/sked-fetch-XXXXXX";
static char *log_path;
static pid_t server = -1;
static int port;

/* The script of every path the tests ask for. */
static const char script[] =
	"{\n"
	"\"/etag\": {\"body\": \"version 1\\n\", \"etag\": \"\\\"e1\\\"\"},\n"
	"\"/lm\": {\"body\": \"lm body\\n\",\n"
	"        \"last_modified\": \"Wed, 21 Oct 2015 07:28:00 GMT\"},\n"
	"\"/plain\": {\"body\": \"no validators\\n\", \"repeat\": 100},\n"
	"\"/missing\": {\"status\": 404, \"body\": \"<html>gone</html>\"},\n"
	"\"/boom\": {\"status\": 500, \"body\": \"oops\"},\n"
	"\"/evil-reason\": {\"status\": 503, \"reason\": \"No\\u001b[2Jpe\"},\n"
	"\"/hop\": {\"location\": \"http://localhost:{port}/landing\"},\n"
	"\"/landing\": {\"body\": \"landed\\n\"},\n"
	"\"/hop-etag\": {\"location\": \"/landing\", \"etag\": \"\\\"hop\\\"\"},\n"
	"\"/to-file\": {\"location\": \"file:///etc/passwd\"},\n"
	"\"/to-ftp\": {\"location\": \"ftp://u:pw@127.0.0.1/x\"},\n"
	"\"/loop\": {\"location\": \"/loop\"},\n"
	"\"/slow\": {\"body\": \"0123456789\", \"repeat\": 10,\n"
	"           \"stall\": {\"after\": 10, \"seconds\": 8}},\n"
	"\"/stall\": {\"body\": \"0123456789\", \"repeat\": 10,\n"
	"           \"stall\": {\"after\": 10, \"seconds\": 40}},\n"
	"\"/short\": {\"body\": \"0123456789\", \"repeat\": 10, \"short\": 40},\n"
	"\"/gz\": {\"body\": \"line\\n\", \"repeat\": 1000, \"gzip\": true},\n"
	"\"/big\": {\"body\": \"x\", \"repeat\": 5000},\n"
	"\"/big-nolength\": {\"body\": \"x\", \"repeat\": 5000, \"no_length\": true},\n"
	"\"/exact\": {\"body\": \"x\", \"repeat\": 1000, \"no_length\": true},\n"
	"\"/big-stalled\": {\"body\": \"x\", \"repeat\": 5000,\n"
	"                  \"stall\": {\"after\": 0, \"seconds\": 8}},\n"
	"\"/bomb\": {\"body\": \"0\", \"repeat\": 1000000, \"gzip\": true},\n"
	"\"/bad-etag\": {\"body\": \"b\", \"headers\": {\"ETag\": \"\\\"a\\u0001b\\\"\"}},\n"
	"\"/unasked\": {\"status\": 304},\n"
	"\"/inject\": {\"body\": \"i\"}\n"
	"}\n";

static int
group_setup(void **state)
{
	(void)state;
	/* A proxy from the environment would not reach 127.0.0.1. */
	static const char *const proxies[] = {"http_proxy", "https_proxy",
		"HTTPS_PROXY", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"};
	for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
		unsetenv(proxies[i]);
	if (mkdtemp(dir) == NULL)
		return -1;
	char *script_path = xasprintf("%s/script.json", dir);
	char *port_path = xasprintf("%s/port", dir);
	log_path = xasprintf("%s/requests.jsonl", dir);
	FILE *f = fopen(script_path, "w");
	if (f == NULL || fputs(script, f) == EOF || fclose(f) != 0)
		return -1;
	server = fork();
	if (server == 0) {
		execl(SKED_PYTHON, SKED_PYTHON,
		      SKED_SOURCE_ROOT "/tests/httpd.py", "--script", script_path,
		      "--log", log_path, "--port-file", port_path,
		      "--max-requests", "100", "--max-seconds", "60",
		      (char *)NULL);
		_exit(127);
	}
	/* Up to 10 s for the server to listen. */
	for (int i = 0; i < 200 && port == 0; i++) {
		f = fopen(port_path, "r");
		if (f != NULL) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (port == 0)
			usleep(50 * 1000);
	}
	unlink(script_path);
	unlink(port_path);
	free(script_path);
	free(port_path);
	return port > 0 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	}
	unlink(log_path);
	free(log_path);
	rmdir(dir);
	return 0;
}

static char *
url(const char *path)
{
	return xasprintf("http://127.0.0.1:%d%s", port, path);
}

/* The requests the server logged for path, in order (a JSON array the
 * caller json_decref's). */
static json_t *
requests(const char *path)
{
	json_t *all = json_array();
	FILE *f = fopen(log_path, "r");
	if (f == NULL)
		return all;
	char line[8192];
	while (fgets(line, sizeof line, f) != NULL) {
		json_t *r = json_loads(line, 0, NULL);
		const char *p = json_string_value(json_object_get(r, "path"));
		if (p != NULL && strcmp(p, path) == 0)
			json_array_append(all, r);
		json_decref(r);
	}
	fclose(f);
	return all;
}

/* A field of the last request for path; NULL when it was absent. */
static const char *
last_field(json_t *reqs, const char *field)
{
	size_t n = json_array_size(reqs);
	assert_true(n > 0);
	return json_string_value(
		json_object_get(json_array_get(reqs, n - 1), field));
}

/* Whether the last request for path carried a header (any case). */
static bool
last_has_header(json_t *reqs, const char *name)
{
	json_t *h = json_object_get(
		json_array_get(reqs, json_array_size(reqs) - 1), "headers");
	for (size_t i = 0; i < json_array_size(h); i++) {
		const char *k = json_string_value(
			json_array_get(json_array_get(h, i), 0));
		if (k != NULL && strcasecmp(k, name) == 0)
			return true;
	}
	return false;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_redact(void **state)
{
	(void)state;
	static const char *const ex[][2] = {
		{"https://u:p@h.example/x", "https://h.example/x"},
		{"https://u@h.example", "https://h.example"},
		{"http://u:p@h.example:8080/a?b#c", "http://h.example:8080/a?b#c"},
		/* The last '@' of the authority ends the user information. */
		{"http://a@b:c@h.example/", "http://h.example/"},
		/* An '@' after the authority is not user information. */
		{"https://h.example/x@y", "https://h.example/x@y"},
		{"https://h.example?q=a@b", "https://h.example?q=a@b"},
		{"https://h.example#a@b", "https://h.example#a@b"},
		{"https://h.example/s.json", "https://h.example/s.json"},
		{"HTTPS://u:p@H.example/", "HTTPS://H.example/"},
		/* Not a URL with an authority: nothing to take out. */
		{"mailto:a@b.example", "mailto:a@b.example"},
		{"not a url", "not%20a%20url"},
		/* Control characters never reach a terminal. */
		{"http://h.example/\x1b[2J", "http://h.example/%1B[2J"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
		char *got = fetch_redact(ex[i][0]);
		assert_string_equal(got, ex[i][1]);
		free(got);
	}
}

static void
test_url_ok(void **state)
{
	(void)state;
	assert_true(fetch_url_ok("https://h.example/s.json"));
	assert_true(fetch_url_ok("http://127.0.0.1:8080/"));
	assert_true(fetch_url_ok("HTTP://h.example"));
	assert_true(fetch_url_ok("https://u:p@h.example/"));
	assert_false(fetch_url_ok("file:///etc/passwd"));
	assert_false(fetch_url_ok("ftp://h.example/x"));
	assert_false(fetch_url_ok("gopher://h.example/"));
	assert_false(fetch_url_ok("https:/h.example"));
	assert_false(fetch_url_ok("https://"));
	assert_false(fetch_url_ok("https:///x"));
	assert_false(fetch_url_ok("https://u:p@/x"));
	assert_false(fetch_url_ok("https://:80/x"));
	assert_false(fetch_url_ok("https://h.example/a b"));
	assert_false(fetch_url_ok("https://h.example/\n"));
	assert_false(fetch_url_ok("h.example/s.json"));
	assert_false(fetch_url_ok(""));
}

/* Anything but http and https fails before any request. */
/* The user name of a URL's credentials, which tells two users' feeds at
 * one URL apart (follow_add.c). */
static void
test_url_user(void **state)
{
	(void)state;
	static const struct {
		const char *url, *user;
	} cases[] = {
		{"https://ann:secret@h.example/s.xml", "ann"},
		{"https://ann@h.example/s.xml", "ann"},
		{"https://ann:p@ss@h.example/", "ann"},
		{"http://:secret@h.example/", ""},
		{"https://h.example/s.xml", NULL},
		{"https://h.example/a@b", NULL},   /* an '@' in the path */
		{"https://h.example?u=a@b", NULL}, /* in the query */
		{"ann:secret@h.example", NULL},    /* no "scheme://" */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = 99;
		const char *u = fetch_url_user(cases[i].url, &n);
		if (cases[i].user == NULL) {
			assert_null(u);
			continue;
		}
		assert_non_null(u);
		assert_int_equal(n, strlen(cases[i].user));
		assert_memory_equal(u, cases[i].user, n);
	}
}

static void
test_not_http(void **state)
{
	(void)state;
	struct fetch_result r;
	assert_int_equal(fetch_url("file:///etc/passwd", NULL, &r),
			 FETCH_FAILED);
	assert_null(r.body);
	assert_int_equal(r.http_code, 0);
	assert_string_equal(r.error, "file:///etc/passwd is not an http or "
				     "https URL: it does not start with "
				     "http:// or https://");
	fetch_result_free(&r);
	/* The reason named: a space in a password was "not an http URL",
	 * shown encoded, as a valid one. */
	assert_int_equal(fetch_url("http://u:pa ss@h.example/x", NULL, &r),
			 FETCH_FAILED);
	assert_string_equal(r.error, "the URL is not valid: character 12 is "
				     "a space (write it %20)");
	fetch_result_free(&r);
	assert_int_equal(fetch_url("http://u:pw@:80/x", NULL, &r),
			 FETCH_FAILED);
	assert_string_equal(r.error, "http://:80/x is not an http or https "
				     "URL: it names no host");
	fetch_result_free(&r);
	assert_int_equal(fetch_url("https:h.example", NULL, &r), FETCH_FAILED);
	assert_string_equal(r.error, "https:h.example is not an http or "
				     "https URL: it has no // and host after "
				     "its scheme");
	fetch_result_free(&r);
	assert_int_equal(fetch_url("ftp://user:s3cret@h.example/x", NULL, &r),
			 FETCH_FAILED);
	assert_null(strstr(r.error, "s3cret"));
	assert_null(strstr(r.error, "user"));
	assert_non_null(strstr(r.error, "ftp://h.example/x"));
	fetch_result_free(&r);
}

/* 200 with an ETag, then 304 when it is sent back. */
static void
test_etag(void **state)
{
	(void)state;
	char *u = url("/etag");
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_OK);
	assert_int_equal(r.http_code, 200);
	assert_string_equal(r.body, "version 1\n");
	assert_int_equal(r.len, 10);
	assert_string_equal(r.validators.etag, "\"e1\"");
	assert_null(r.validators.last_modified);
	assert_string_equal(r.effective_url, u);
	assert_null(r.error);
	json_t *reqs = requests("/etag");
	assert_int_equal(json_array_size(reqs), 1);
	assert_null(last_field(reqs, "if_none_match"));
	assert_null(last_field(reqs, "if_modified_since"));
	assert_string_equal(last_field(reqs, "user_agent"),
			    "sked/" SKED_VERSION);
	assert_non_null(strstr(last_field(reqs, "accept_encoding"), "gzip"));
	json_decref(reqs);

	struct fetch_options o = {.validators = &r.validators};
	struct fetch_result r2;
	assert_int_equal(fetch_url(u, &o, &r2), FETCH_NOT_MODIFIED);
	assert_int_equal(r2.http_code, 304);
	assert_null(r2.body);
	assert_null(r2.error);
	assert_string_equal(r2.validators.etag, "\"e1\"");
	reqs = requests("/etag");
	assert_int_equal(json_array_size(reqs), 2);
	assert_string_equal(last_field(reqs, "if_none_match"), "\"e1\"");
	assert_null(last_field(reqs, "if_modified_since"));
	json_decref(reqs);

	/* Another ETag than the server's: the body again. */
	struct fetch_validators old = {.etag = "\"e0\""};
	o.validators = &old;
	struct fetch_result r3;
	assert_int_equal(fetch_url(u, &o, &r3), FETCH_OK);
	assert_string_equal(r3.body, "version 1\n");
	fetch_result_free(&r);
	fetch_result_free(&r2);
	fetch_result_free(&r3);
	free(u);
}

static void
test_last_modified_only(void **state)
{
	(void)state;
	char *u = url("/lm");
	struct fetch_result r, r2;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_OK);
	assert_string_equal(r.body, "lm body\n");
	assert_null(r.validators.etag);
	assert_string_equal(r.validators.last_modified,
			    "Wed, 21 Oct 2015 07:28:00 GMT");
	struct fetch_options o = {.validators = &r.validators};
	assert_int_equal(fetch_url(u, &o, &r2), FETCH_NOT_MODIFIED);
	json_t *reqs = requests("/lm");
	assert_int_equal(json_array_size(reqs), 2);
	assert_null(last_field(reqs, "if_none_match"));
	assert_string_equal(last_field(reqs, "if_modified_since"),
			    "Wed, 21 Oct 2015 07:28:00 GMT");
	json_decref(reqs);
	fetch_result_free(&r);
	fetch_result_free(&r2);
	free(u);
}

/* Neither validator: the caller compares bodies; every request is whole. */
static void
test_neither(void **state)
{
	(void)state;
	char *u = url("/plain");
	struct fetch_result r, r2;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_OK);
	assert_int_equal(r.len, 1400);
	assert_null(r.validators.etag);
	assert_null(r.validators.last_modified);
	struct fetch_options o = {.validators = &r.validators};
	assert_int_equal(fetch_url(u, &o, &r2), FETCH_OK);
	assert_int_equal(r2.len, r.len);
	assert_memory_equal(r2.body, r.body, r.len);
	json_t *reqs = requests("/plain");
	assert_int_equal(json_array_size(reqs), 2);
	assert_null(last_field(reqs, "if_none_match"));
	assert_null(last_field(reqs, "if_modified_since"));
	json_decref(reqs);
	fetch_result_free(&r);
	fetch_result_free(&r2);
	free(u);
}

static void
test_http_errors(void **state)
{
	(void)state;
	char *u = url("/missing");
	char *want = xasprintf("HTTP 404 Not Found from %s", u);
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_int_equal(r.http_code, 404);
	assert_null(r.body);
	assert_string_equal(r.error, want);
	fetch_result_free(&r);
	free(u);
	free(want);

	u = url("/boom");
	want = xasprintf("HTTP 500 Internal Server Error from %s", u);
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_int_equal(r.http_code, 500);
	assert_null(r.body);
	assert_string_equal(r.error, want);
	fetch_result_free(&r);
	free(u);
	free(want);

	/* The reason phrase is the server's text: no escape gets through. */
	u = url("/evil-reason");
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_int_equal(r.http_code, 503);
	assert_non_null(strstr(r.error, "HTTP 503 No"));
	assert_null(strchr(r.error, '\x1b'));
	fetch_result_free(&r);
	free(u);

	/* A 304 to an unconditional request is no answer. */
	u = url("/unasked");
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_int_equal(r.http_code, 304);
	assert_null(r.body);
	assert_non_null(strstr(r.error, "HTTP 304"));
	fetch_result_free(&r);
	free(u);
}

/* To another host (localhost is not 127.0.0.1 for the client): followed,
 * and the credentials given for the first host stay with it. */
static void
test_redirect_other_host(void **state)
{
	(void)state;
	char *u = xasprintf("http://user:s3cret@127.0.0.1:%d/hop", port);
	char *landing = xasprintf("http://localhost:%d/landing", port);
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_OK);
	assert_string_equal(r.body, "landed\n");
	assert_string_equal(r.effective_url, landing);
	json_t *reqs = requests("/hop");
	assert_int_equal(json_array_size(reqs), 1);
	assert_non_null(last_field(reqs, "authorization"));
	json_decref(reqs);
	reqs = requests("/landing");
	assert_int_equal(json_array_size(reqs), 1);
	assert_null(last_field(reqs, "authorization"));
	assert_non_null(strstr(last_field(reqs, "host"), "localhost"));
	json_decref(reqs);
	fetch_result_free(&r);
	free(u);
	free(landing);

	/* The validators are the last response's, not a redirect's. */
	u = url("/hop-etag");
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_OK);
	assert_string_equal(r.body, "landed\n");
	assert_null(r.validators.etag);
	fetch_result_free(&r);
	free(u);
}

/* A redirect to file: is refused: /etc/passwd is never read. */
static void
test_redirect_non_http(void **state)
{
	(void)state;
	char *u = url("/to-file");
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_null(r.body);
	assert_int_equal(r.len, 0);
	assert_non_null(strstr(r.error, "redirects to file:///etc/passwd"));
	assert_non_null(strstr(r.error, "not an http or https address"));
	assert_null(strstr(r.error, "root:"));
	fetch_result_free(&r);
	free(u);

	u = url("/to-ftp");
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_non_null(strstr(r.error, "redirects to ftp://127.0.0.1/x"));
	assert_null(strstr(r.error, "pw"));
	fetch_result_free(&r);
	free(u);
}

static void
test_redirect_loop(void **state)
{
	(void)state;
	char *u = url("/loop");
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_null(r.body);
	assert_non_null(strstr(r.error, "more than 5 redirects from"));
	/* The first request and five redirects, no more. */
	json_t *reqs = requests("/loop");
	assert_int_equal(json_array_size(reqs), 1 + FETCH_MAX_REDIRECTS);
	json_decref(reqs);
	fetch_result_free(&r);
	free(u);
}

static void
test_slow_body(void **state)
{
	(void)state;
	char *u = url("/slow");
	struct fetch_options o = {.timeout_ms = 1000};
	struct fetch_result r;
	double t0 = now();
	assert_int_equal(fetch_url(u, &o, &r), FETCH_FAILED);
	double took = now() - t0;
	assert_true(took >= 0.9 && took < 5);
	assert_null(r.body);
	assert_int_equal(r.http_code, 200);
	/* The whole download's limit, said as such. */
	assert_non_null(strstr(r.error, "timed out: the download took longer "
					 "than 1 s"));
	fetch_result_free(&r);
	free(u);
}

/* Nothing coming for the stall limit: said as a stall, with what came,
 * not as the whole download's time. */
static void
test_stalled_body(void **state)
{
	(void)state;
	char *u = url("/stall");
	struct fetch_options o = {.timeout_ms = 30000, .stall_seconds = 1};
	struct fetch_result r;
	double t0 = now();
	assert_int_equal(fetch_url(u, &o, &r), FETCH_FAILED);
	/* libcurl averages the speed over 5 s: about 6 s, before the whole
	 * download's limit and the server's 40 s. */
	assert_true(now() - t0 < 25);
	assert_non_null(strstr(r.error, "stalled: nothing came for 1 s (10 "
					 "bytes had come)"));
	fetch_result_free(&r);
	free(u);
}

static void
test_short_body(void **state)
{
	(void)state;
	char *u = url("/short");
	char *want = xasprintf("%s was cut short: 60 of 100 bytes came", u);
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_null(r.body);
	assert_string_equal(r.error, want);
	fetch_result_free(&r);
	free(u);
	free(want);
}

static void
test_gzip(void **state)
{
	(void)state;
	char *u = url("/gz");
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_OK);
	assert_int_equal(r.len, 5000);
	assert_int_equal(strlen(r.body), 5000);
	for (size_t i = 0; i < r.len; i += 5)
		assert_memory_equal(r.body + i, "line\n", 5);
	fetch_result_free(&r);
	free(u);
}

static void
test_cap(void **state)
{
	(void)state;
	struct fetch_options o = {.max_bytes = 1000};
	struct fetch_result r;
	/* Content-Length says too much, or none says anything, or the
	 * compressed transfer is small but the body is not. */
	static const char *const paths[] = {"/big", "/big-nolength", "/bomb"};
	for (size_t i = 0; i < 3; i++) {
		char *u = url(paths[i]);
		char *want = xasprintf("%s is larger than 1000 bytes, sked's "
				       "limit for a schedule", u);
		assert_int_equal(fetch_url(u, &o, &r), FETCH_FAILED);
		assert_null(r.body);
		assert_string_equal(r.error, want);
		fetch_result_free(&r);
		free(want);
		free(u);
	}
	/* A Content-Length over the cap fails at once, before a body that
	 * would take 8 s. */
	char *u = url("/big-stalled");
	double t0 = now();
	assert_int_equal(fetch_url(u, &o, &r), FETCH_FAILED);
	assert_true(now() - t0 < 4);
	assert_non_null(strstr(r.error, "is larger than 1000 bytes"));
	fetch_result_free(&r);
	free(u);
	/* Up to the cap is fine. */
	u = url("/exact");
	assert_int_equal(fetch_url(u, &o, &r), FETCH_OK);
	assert_int_equal(r.len, 1000);
	fetch_result_free(&r);
	free(u);
}

/* A port nobody listens on. */
static void
test_refused(void **state)
{
	(void)state;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t n = sizeof a;
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &n), 0);
	close(s);
	int free_port = ntohs(a.sin_port);
	char *u = xasprintf("http://user:s3cret@127.0.0.1:%d/s.json", free_port);
	char *want = xasprintf("cannot connect to http://127.0.0.1:%d/s.json: "
			       "Connection refused", free_port);
	struct fetch_result r;
	double t0 = now();
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_true(now() - t0 < 5);
	assert_int_equal(r.http_code, 0);
	assert_null(r.body);
	assert_string_equal(r.error, want);
	fetch_result_free(&r);
	free(u);
	free(want);
}

/* The URL's user information is in no message nor in effective_url. */
static void
test_credentials(void **state)
{
	(void)state;
	static const char *const paths[] = {"/missing", "/short", "/loop",
					    "/to-file", "/etag"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		char *u = xasprintf("http://sked-user:s3cret@127.0.0.1:%d%s",
				    port, paths[i]);
		struct fetch_result r;
		fetch_url(u, NULL, &r);
		assert_non_null(r.effective_url);
		assert_null(strstr(r.effective_url, "s3cret"));
		assert_null(strstr(r.effective_url, "sked-user"));
		if (r.error != NULL) {
			assert_null(strstr(r.error, "s3cret"));
			assert_null(strstr(r.error, "sked-user"));
		}
		fetch_result_free(&r);
		free(u);
	}
}

struct progress_seen {
	int calls;
	long long received, total;
	bool stop;
};

static bool
progress(void *arg, long long received, long long total)
{
	struct progress_seen *p = arg;
	p->calls++;
	p->received = received;
	p->total = total;
	return !p->stop;
}

static void
test_progress(void **state)
{
	(void)state;
	char *u = url("/plain");
	struct progress_seen seen = {0};
	struct fetch_options o = {.progress = progress, .progress_arg = &seen};
	struct fetch_result r;
	assert_int_equal(fetch_url(u, &o, &r), FETCH_OK);
	assert_true(seen.calls > 0);
	assert_int_equal(seen.received, 1400);
	assert_int_equal(seen.total, 1400);
	fetch_result_free(&r);
	free(u);

	/* Returning false stops the transfer: the stalled body would
	 * otherwise take 8 s. */
	u = url("/slow");
	seen = (struct progress_seen){.stop = true};
	double t0 = now();
	assert_int_equal(fetch_url(u, &o, &r), FETCH_FAILED);
	assert_true(now() - t0 < 3);
	assert_true(seen.calls > 0);
	assert_null(r.body);
	assert_string_equal(r.error, "cancelled");
	fetch_result_free(&r);
	free(u);
}

/* Validators are sent back in headers: nothing that would start another
 * header is sent, and nothing such is kept from a response. */
static void
test_validator_hygiene(void **state)
{
	(void)state;
	char *u = url("/inject");
	struct fetch_validators v = {
		.etag = "\"a\"\r\nX-Evil: 1",
		.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT",
	};
	struct fetch_options o = {.validators = &v};
	struct fetch_result r;
	assert_int_equal(fetch_url(u, &o, &r), FETCH_OK);
	json_t *reqs = requests("/inject");
	assert_null(last_field(reqs, "if_none_match"));
	assert_false(last_has_header(reqs, "X-Evil"));
	assert_string_equal(last_field(reqs, "if_modified_since"),
			    "Wed, 21 Oct 2015 07:28:00 GMT");
	json_decref(reqs);
	fetch_result_free(&r);
	free(u);

	u = url("/bad-etag");
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_OK);
	assert_null(r.validators.etag);
	fetch_result_free(&r);
	free(u);
}

/* The options the hook saw, and the one it refuses (0: the _STR ones;
 * -1: all). */
static int seen[8], n_seen;
static int refuse_mode;

static int
refuse(int option)
{
	if (option == CURLOPT_PROTOCOLS || option == CURLOPT_REDIR_PROTOCOLS)
		if (n_seen < 8)
			seen[n_seen++] = option;
	if (refuse_mode == -1)
		return CURLE_UNKNOWN_OPTION;
	if (refuse_mode == 0)
		return option == CURLOPT_PROTOCOLS_STR ||
		       option == CURLOPT_REDIR_PROTOCOLS_STR
			? CURLE_UNKNOWN_OPTION : 0;
	return option == refuse_mode ? CURLE_UNKNOWN_OPTION : 0;
}

/* An older libcurl, which knows no CURLOPT_PROTOCOLS_STR: the bitmasks
 * it knows limit the protocols instead, and a redirect to ftp: is still
 * refused (not followed, as libcurl's default would). */
static void
test_setopt_fallback(void **state)
{
	(void)state;
	fetch_test_setopt = refuse;
	refuse_mode = 0;
	n_seen = 0;
	char *u = url("/to-ftp");
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	assert_non_null(strstr(r.error, "redirects to ftp://127.0.0.1/x"));
	assert_non_null(strstr(r.error, "not an http or https address"));
	fetch_result_free(&r);
	free(u);
	assert_int_equal(n_seen, 2);
	assert_int_equal(seen[0], CURLOPT_PROTOCOLS);
	assert_int_equal(seen[1], CURLOPT_REDIR_PROTOCOLS);
	/* And a plain download goes through with them. */
	u = url("/landing");
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_OK);
	assert_string_equal(r.body, "landed\n");
	fetch_result_free(&r);
	free(u);
	fetch_test_setopt = NULL;
}

/* A libcurl that refuses an option that matters: no download at all,
 * rather than one without the limit. */
static void
test_setopt_refused_fails(void **state)
{
	(void)state;
	fetch_test_setopt = refuse;
	static const struct {
		int mode;
		const char *named;
	} cases[] = {
		{-1, "CURLOPT_URL"},
		{CURLOPT_MAXREDIRS, "CURLOPT_MAXREDIRS"},
		{CURLOPT_SSL_VERIFYPEER, "CURLOPT_SSL_VERIFYPEER"},
		{CURLOPT_MAXFILESIZE_LARGE, "CURLOPT_MAXFILESIZE_LARGE"},
		{CURLOPT_WRITEFUNCTION, "CURLOPT_WRITEFUNCTION"},
	};
	json_t *before = requests("/landing");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		refuse_mode = cases[i].mode;
		char *u = url("/landing");
		struct fetch_result r;
		assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
		assert_null(r.body);
		assert_non_null(strstr(r.error, "cannot download safely"));
		assert_non_null(strstr(r.error, cases[i].named));
		fetch_result_free(&r);
		free(u);
	}
	/* Refusing all: neither bitmask takes either. */
	refuse_mode = -1;
	char *u = url("/landing");
	struct fetch_result r;
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	fetch_result_free(&r);
	free(u);
	fetch_test_setopt = NULL;
	json_t *after = requests("/landing");
	assert_int_equal(json_array_size(after), json_array_size(before));
	json_decref(before);
	json_decref(after);
}

/* The body's buffer never grows past the cap (a 64 MiB body must not
 * take 128 MiB): with a cap of 1000, 1000 bytes fit in about that. */
static void
test_cap_buffer(void **state)
{
	(void)state;
	struct fetch_options o = {.max_bytes = 1000};
	char *u = url("/exact");
	struct fetch_result r;
	assert_int_equal(fetch_url(u, &o, &r), FETCH_OK);
	assert_int_equal(r.len, 1000);
	assert_true(malloc_usable_size(r.body) < 2000);
	fetch_result_free(&r);
	free(u);
}

/* libcurl is opened by the first download, not at start: a command that
 * downloads nothing never loads it (fetch.c says why). Run first. */
static void
test_curl_opened_late(void **state)
{
	(void)state;
	assert_null(dlopen("libcurl.so.4", RTLD_NOW | RTLD_NOLOAD));
	struct fetch_result r;
	/* Refused before any request: still not loaded. */
	assert_int_equal(fetch_url("ftp://127.0.0.1/x", NULL, &r), FETCH_FAILED);
	fetch_result_free(&r);
	assert_null(dlopen("libcurl.so.4", RTLD_NOW | RTLD_NOLOAD));
	/* A port nobody listens on: the download fails, after opening it. */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t n = sizeof a;
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &n), 0);
	close(s);
	char *u = xasprintf("http://127.0.0.1:%d/s.json", ntohs(a.sin_port));
	assert_int_equal(fetch_url(u, NULL, &r), FETCH_FAILED);
	fetch_result_free(&r);
	free(u);
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_NOLOAD);
	assert_non_null(h);
	dlclose(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curl_opened_late),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_url_ok),
		cmocka_unit_test(test_not_http),
		cmocka_unit_test(test_url_user),
		cmocka_unit_test(test_etag),
		cmocka_unit_test(test_last_modified_only),
		cmocka_unit_test(test_neither),
		cmocka_unit_test(test_http_errors),
		cmocka_unit_test(test_redirect_other_host),
		cmocka_unit_test(test_redirect_non_http),
		cmocka_unit_test(test_redirect_loop),
		cmocka_unit_test(test_slow_body),
		cmocka_unit_test(test_stalled_body),
		cmocka_unit_test(test_short_body),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_credentials),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_validator_hygiene),
		cmocka_unit_test(test_setopt_fallback),
		cmocka_unit_test(test_setopt_refused_fails),
		cmocka_unit_test(test_cap_buffer),
	};
	int failed = cmocka_run_group_tests(tests, group_setup, group_teardown);
	fetch_global_cleanup();
	return failed;
}
