/* Unit tests of the browser's line editor (tui_edit, src/tui/search.c):
 * editing at a cursor in UTF-8 text, a character typed byte by byte
 * going in whole, and the line's capacity. */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/tui/tui.h"

struct line {
	char buf[16];
	size_t len, pos;
};

static enum tui_edit
key(struct line *l, int k)
{
	return tui_edit(l->buf, &l->len, &l->pos, sizeof(l->buf), k);
}

/* Types s byte by byte, as the terminal hands a character over. */
static void
type(struct line *l, const char *s)
{
	for (; *s; s++)
		assert_int_equal(key(l, (unsigned char)*s), TUI_EDIT_CHANGED);
}

static void
test_cursor(void **state)
{
	(void)state;
	struct line l = {0};
	type(&l, "kunit");
	assert_int_equal(key(&l, KEY_LEFT), TUI_EDIT_MOVED);
	assert_int_equal(key(&l, KEY_LEFT), TUI_EDIT_MOVED);
	type(&l, "X");
	assert_string_equal(l.buf, "kunXit");
	assert_int_equal(l.pos, 4);
	/* "é" typed in the middle, one byte at a time. */
	type(&l, "\xc3\xa9");
	assert_string_equal(l.buf, "kunX\xc3\xa9it");
	assert_int_equal(l.pos, 6);
	/* Left steps over the whole character; Delete takes it whole. */
	assert_int_equal(key(&l, KEY_LEFT), TUI_EDIT_MOVED);
	assert_int_equal(l.pos, 4);
	assert_int_equal(key(&l, KEY_DC), TUI_EDIT_CHANGED);
	assert_string_equal(l.buf, "kunXit");
	assert_int_equal(key(&l, KEY_BACKSPACE), TUI_EDIT_CHANGED);
	assert_string_equal(l.buf, "kunit");
	assert_int_equal(l.pos, 3);
	/* Ctrl-K: all after; Ctrl-U: all before; the ends. */
	assert_int_equal(key(&l, 11), TUI_EDIT_CHANGED);
	assert_string_equal(l.buf, "kun");
	assert_int_equal(key(&l, KEY_HOME), TUI_EDIT_MOVED);
	assert_int_equal(key(&l, KEY_BACKSPACE), TUI_EDIT_NONE);
	assert_int_equal(key(&l, KEY_END), TUI_EDIT_MOVED);
	assert_int_equal(key(&l, KEY_RIGHT), TUI_EDIT_MOVED);
	assert_int_equal(l.pos, 3);
	assert_int_equal(key(&l, KEY_DC), TUI_EDIT_NONE);
	type(&l, " a b");
	assert_int_equal(key(&l, 23), TUI_EDIT_CHANGED); /* Ctrl-W */
	assert_string_equal(l.buf, "kun a ");
	assert_int_equal(key(&l, 21), TUI_EDIT_CHANGED); /* Ctrl-U */
	assert_string_equal(l.buf, "");
	assert_int_equal(l.pos, 0);
}

/* The cursor moves over what is seen as one character: an emoji with
 * its skin tone, a letter with a combining accent, a flag. Left stopped
 * between 👍 and its modifier, and Backspace left a lone 🏽. */
static void
test_clusters(void **state)
{
	(void)state;
	char buf[64] = "";
	size_t len = 0, pos = 0;
	const char *text = "ab\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd" /* 👍🏽 */
			   "e\xcc\x81" /* e and a combining acute */
			   "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7" /* 🇫🇷 */
			   "cd";
	for (const char *c = text; *c; c++)
		assert_int_equal(tui_edit(buf, &len, &pos, sizeof(buf),
					  (unsigned char)*c),
				 TUI_EDIT_CHANGED);
	assert_string_equal(buf, text);
	/* Back from the end: d, c, the flag, é, the thumb, b. */
	static const size_t stops[] = {22, 21, 13, 10, 2, 1, 0, 0};
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		tui_edit(buf, &len, &pos, sizeof(buf), KEY_LEFT);
		assert_int_equal(pos, stops[i]);
	}
	/* And forward again over the same. */
	static const size_t forth[] = {1, 2, 10, 13, 21, 22, 23, 23};
	for (size_t i = 0; i < sizeof(forth) / sizeof(forth[0]); i++) {
		tui_edit(buf, &len, &pos, sizeof(buf), KEY_RIGHT);
		assert_int_equal(pos, forth[i]);
	}
	/* Backspace after the thumb takes it with its modifier; Delete on
	 * the é takes the accent too. */
	pos = 10;
	assert_int_equal(tui_edit(buf, &len, &pos, sizeof(buf), KEY_BACKSPACE),
			 TUI_EDIT_CHANGED);
	assert_int_equal(pos, 2);
	assert_int_equal(tui_edit(buf, &len, &pos, sizeof(buf), KEY_DC),
			 TUI_EDIT_CHANGED);
	assert_string_equal(buf, "ab\xf0\x9f\x87\xab\xf0\x9f\x87\xb7" "cd");
	assert_int_equal(len, 12);
}

/* Near the end of the buffer a character goes in whole or not at all,
 * and a byte that continues no character goes in nowhere: a stray byte
 * would leave the query waiting for the rest of it. */
static void
test_capacity(void **state)
{
	(void)state;
	struct line l = {0};
	type(&l, "0123456789abc"); /* 13 of 15 */
	assert_int_equal(key(&l, 0xe2), TUI_EDIT_NONE); /* "€" needs 3 */
	assert_int_equal(key(&l, 0x82), TUI_EDIT_NONE);
	assert_int_equal(key(&l, 0xac), TUI_EDIT_NONE);
	assert_string_equal(l.buf, "0123456789abc");
	type(&l, "\xc3\xa9"); /* "é" fits: 15 with its NUL */
	assert_int_equal(l.len, 15);
	assert_int_equal(key(&l, 'x'), TUI_EDIT_NONE);
	struct line m = {0};
	assert_int_equal(key(&m, 0xa9), TUI_EDIT_NONE);
	type(&m, "a");
	assert_int_equal(key(&m, 0xa9), TUI_EDIT_NONE);
	assert_string_equal(m.buf, "a");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_capacity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
