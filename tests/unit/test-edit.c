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
		cmocka_unit_test(test_capacity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
