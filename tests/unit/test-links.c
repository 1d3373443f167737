/* Unit tests of the browser's links (src/tui/links.c): the OSC 8
 * sequence a URL becomes, whatever bytes it holds, and when the terminal
 * is taken to show hyperlinks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/tui/tui.h"

static void
test_osc8_plain(void **state)
{
	(void)state;
	char buf[256];
	links_osc8_open("https://x.example/a?q='1';b=2", buf, sizeof(buf));
	assert_string_equal(buf, "\033]8;;https://x.example/a?q='1';b=2\033\\");
	links_osc8_open("mailto:a@b.example", buf, sizeof(buf));
	assert_string_equal(buf, "\033]8;;mailto:a@b.example\033\\");
}

/* No byte of the URL can end the sequence or reach the terminal as a
 * control: ESC, BEL, C1, newlines, spaces are percent-encoded. */
static void
test_osc8_hostile(void **state)
{
	(void)state;
	char buf[512];
	links_osc8_open("https://x.example/\033]8;;evil\033\\\a\n \x9b\x7f", buf,
			sizeof(buf));
	assert_string_equal(buf, "\033]8;;https://x.example/%1B]8;;evil%1B%5C"
				 "%07%0A%20%9B%7F\033\\");
	/* Between the opening ESC ] and the closing ESC \: no control. */
	for (size_t i = 2; i + 2 < strlen(buf); i++)
		assert_true((unsigned char)buf[i] > 0x20 &&
			    (unsigned char)buf[i] < 0x7f);
}

static void
test_osc8_refused(void **state)
{
	(void)state;
	char buf[256] = "x";
	links_osc8_open("javascript:alert(1)", buf, sizeof(buf));
	assert_string_equal(buf, "");
	links_osc8_open("file:///etc/passwd", buf, sizeof(buf));
	assert_string_equal(buf, "");
	links_osc8_open("/relative", buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void
env(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static void
test_supported(void **state)
{
	(void)state;
	const char *names[] = {"SKED_HYPERLINKS", "TMUX", "TERM_PROGRAM",
			       "TERM_PROGRAM_VERSION", "VTE_VERSION", "STY",
			       "WT_SESSION", "KITTY_WINDOW_ID"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unsetenv(names[i]);
	env("TERM", "xterm-256color");
	assert_false(links_hyperlinks_supported());
	env("VTE_VERSION", "7200");
	assert_true(links_hyperlinks_supported());
	env("VTE_VERSION", "4800");
	assert_false(links_hyperlinks_supported());
	/* tmux 3.3 drops OSC 8, even in a VTE; 3.4 passes it on. */
	env("VTE_VERSION", "7200");
	env("TMUX", "/tmp/tmux-1000/default,1,0");
	env("TERM_PROGRAM", "tmux");
	env("TERM_PROGRAM_VERSION", "3.3a");
	assert_false(links_hyperlinks_supported());
	env("TERM_PROGRAM_VERSION", "3.4");
	assert_true(links_hyperlinks_supported());
	env("TERM_PROGRAM_VERSION", "next-3.5");
	assert_true(links_hyperlinks_supported());
	env("TERM_PROGRAM_VERSION", NULL);
	assert_false(links_hyperlinks_supported());
	env("TMUX", NULL);
	env("TERM_PROGRAM", "WezTerm");
	assert_true(links_hyperlinks_supported());
	env("TERM", "linux");
	env("TERM_PROGRAM", NULL);
	env("VTE_VERSION", NULL);
	assert_false(links_hyperlinks_supported());
	env("SKED_HYPERLINKS", "1");
	assert_true(links_hyperlinks_supported());
	env("SKED_HYPERLINKS", "0");
	env("TERM", "xterm-kitty");
	assert_false(links_hyperlinks_supported());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osc8_plain),
		cmocka_unit_test(test_osc8_hostile),
		cmocka_unit_test(test_osc8_refused),
		cmocka_unit_test(test_supported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
