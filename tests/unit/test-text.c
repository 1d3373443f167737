/* Unit tests of text: UTF-8 decoding and terminal sanitizing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sked/text.h"

#define FFFD "\xEF\xBF\xBD"

static void
expect_clean(const char *in, int flags, const char *want)
{
	char *got = text_sanitize(in, strlen(in), flags);
	assert_string_equal(got, want);
	free(got);
	assert_int_equal(text_is_clean(in, strlen(in), flags),
			 strcmp(in, want) == 0);
}

static void
test_decode(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xC3\xB6", 2, &cp), 2);
	assert_int_equal(cp, 0xF6);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* overlong, surrogate, truncated, stray continuation, > U+10FFFF */
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xE2\x82", 2, &cp), 0);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	assert_int_equal(text_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 0);
}

static void
test_sanitize(void **state)
{
	(void)state;
	expect_clean("plain text, Töpel, 日本語 😀", 0, "plain text, Töpel, 日本語 😀");
	/* OSC 0 window title, ended by BEL or by ST */
	expect_clean("a\x1b]0;pwned\x07z", 0, "a" FFFD "z");
	expect_clean("a\x1b]52;c;ZXZpbA==\x1b\\z", 0, "a" FFFD "z");
	/* CSI clear screen, SGR */
	expect_clean("a\x1b[2Jz", 0, "a" FFFD "z");
	expect_clean("\x1b[1;31mred", 0, FFFD "red");
	/* 8-bit CSI and OSC, encoded as UTF-8 C1 characters */
	expect_clean("a\xc2\x9b" "31mz", 0, "a" FFFD "z");
	expect_clean("a\xc2\x9d" "0;t\x07z", 0, "a" FFFD "z");
	/* lone controls, DEL, CR, invalid bytes */
	expect_clean("a\x01\x7f\rz", 0, "a" FFFD FFFD FFFD "z");
	expect_clean("a\xffz", 0, "a" FFFD "z");
	/* two-character escapes (ESC c resets the terminal) */
	expect_clean("a\x1b" "cz", 0, "a" FFFD "z");
	/* newlines and tabs: kept on request, else spaces */
	expect_clean("a\nb\tc", 0, "a b c");
	expect_clean("a\nb\tc", TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB, "a\nb\tc");
	/* an unterminated OSC stops at the line's end */
	expect_clean("a\x1b]0;x\nnext", TEXT_KEEP_NEWLINE, "a" FFFD "\nnext");
	/* a lone ESC at the end */
	expect_clean("a\x1b", 0, "a" FFFD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_sanitize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
