/* Unit tests of uri.h: the check, the encoding, the schemes sked lets
 * through, and reference resolution against RFC 3986's own examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sked/uri.h"

static void
test_schemes(void **state)
{
	(void)state;
	assert_int_equal(uri_scheme("https://x.example/"), 5);
	assert_int_equal(uri_scheme("mailto:a@b.example"), 6);
	assert_int_equal(uri_scheme("svn+ssh://x"), 7);
	assert_int_equal(uri_scheme("/system/a.pdf"), 0);
	assert_int_equal(uri_scheme("www.cadus.org"), 0);
	assert_int_equal(uri_scheme("a b:c"), 0);
	assert_int_equal(uri_scheme("1x:y"), 0);
	assert_int_equal(uri_scheme(""), 0);
	assert_true(uri_scheme_allowed("https://x.example/"));
	assert_true(uri_scheme_allowed("HTTP://x.example/"));
	assert_true(uri_scheme_allowed("mailto:a@b.example"));
	assert_false(uri_scheme_allowed("javascript:alert(1)"));
	assert_false(uri_scheme_allowed("file:///etc/passwd"));
	assert_false(uri_scheme_allowed("ftp://ftp.example/"));
	assert_false(uri_scheme_allowed("data:text/html,<b>"));
	assert_false(uri_scheme_allowed("ipns://ipfs.io"));
	assert_false(uri_scheme_allowed("/relative"));
	assert_false(uri_scheme_allowed("httpsx://x"));
}

/* Every byte after a scheme: the characters RFC 3986 allows pass, every
 * other is refused at its place and encoded by uri_encode. */
static void
test_check_every_byte(void **state)
{
	(void)state;
	const char *allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			      "0123456789-._~:/?#[]@!$&'()*+,;=";
	for (int c = 1; c < 256; c++) {
		char url[32], why[96];
		size_t at = 0;
		snprintf(url, sizeof(url), "https://e.org/a%cb", c);
		bool ok = uri_check(url, &at, why, sizeof(why));
		bool want = c != '%' && strchr(allowed, c) != NULL;
		assert_int_equal(ok, want);
		if (!ok)
			assert_int_equal(at, 15);
		char *enc = uri_encode(url);
		assert_true(uri_check(enc, &at, why, sizeof(why)));
		assert_int_equal(strlen(enc), want ? 17 : 19);
		free(enc);
	}
}

/* RFC 3986 section 5.4: every normal and abnormal example. */
static void
test_resolve(void **state)
{
	(void)state;
	static const char base[] = "http://a/b/c/d;p?q";
	static const char *const ex[][2] = {
		{"g:h", "g:h"},
		{"g", "http://a/b/c/g"},
		{"./g", "http://a/b/c/g"},
		{"g/", "http://a/b/c/g/"},
		{"/g", "http://a/g"},
		{"//g", "http://g"},
		{"?y", "http://a/b/c/d;p?y"},
		{"g?y", "http://a/b/c/g?y"},
		{"#s", "http://a/b/c/d;p?q#s"},
		{"g#s", "http://a/b/c/g#s"},
		{"g?y#s", "http://a/b/c/g?y#s"},
		{";x", "http://a/b/c/;x"},
		{"g;x", "http://a/b/c/g;x"},
		{"g;x?y#s", "http://a/b/c/g;x?y#s"},
		{"", "http://a/b/c/d;p?q"},
		{".", "http://a/b/c/"},
		{"./", "http://a/b/c/"},
		{"..", "http://a/b/"},
		{"../", "http://a/b/"},
		{"../g", "http://a/b/g"},
		{"../..", "http://a/"},
		{"../../", "http://a/"},
		{"../../g", "http://a/g"},
		{"../../../g", "http://a/g"},
		{"../../../../g", "http://a/g"},
		{"/./g", "http://a/g"},
		{"/../g", "http://a/g"},
		{"g.", "http://a/b/c/g."},
		{".g", "http://a/b/c/.g"},
		{"g..", "http://a/b/c/g.."},
		{"..g", "http://a/b/c/..g"},
		{"./../g", "http://a/b/g"},
		{"./g/.", "http://a/b/c/g/"},
		{"g/./h", "http://a/b/c/g/h"},
		{"g/../h", "http://a/b/c/h"},
		{"g;x=1/./y", "http://a/b/c/g;x=1/y"},
		{"g;x=1/../y", "http://a/b/c/y"},
		{"g?y/./x", "http://a/b/c/g?y/./x"},
		{"g?y/../x", "http://a/b/c/g?y/../x"},
		{"g#s/./x", "http://a/b/c/g#s/./x"},
		{"g#s/../x", "http://a/b/c/g#s/../x"},
	};
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		char *got = uri_resolve(base, ex[i][0]);
		if (got == NULL || strcmp(got, ex[i][1]) != 0)
			fail_msg("\"%s\": got %s, expected %s", ex[i][0],
				 got ? got : "NULL", ex[i][1]);
		free(got);
	}
	/* The feeds' own: 36C3's attachments against its base_url; a base
	 * with an authority and no path. */
	char *u = uri_resolve("https://fahrplan.events.ccc.de/congress/2019/"
			      "Fahrplan/",
			      "/system/event_attachments/a.pdf?1577525210");
	assert_string_equal(u, "https://fahrplan.events.ccc.de/system/"
			       "event_attachments/a.pdf?1577525210");
	free(u);
	u = uri_resolve("https://debconf23.debconf.org", "talks/1/");
	assert_string_equal(u, "https://debconf23.debconf.org/talks/1/");
	free(u);
	/* A base that is no absolute URI resolves nothing. */
	assert_null(uri_resolve("/relative/base", "g"));
	assert_null(uri_resolve("", "g"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schemes),
		cmocka_unit_test(test_check_every_byte),
		cmocka_unit_test(test_resolve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
