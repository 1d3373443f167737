/* Unit tests of feed positions: an offset into the feed's source made a
 * line and column (feed_pos_resolve) exactly as feed_pos_advance counts
 * them from the start (a column a character: a UTF-8 character, a tab and
 * a CR one each; a line after each LF), with the lines indexed once. And
 * of where a feed keeps its arrays: never among its strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/arena.h"
#include "sked/feed.h"

/* Where offset off of src resolves to. */
static struct feed_pos
resolve(struct feed *f, size_t off)
{
	return feed_pos_resolve(f, feed_pos_offset(off));
}

static void
assert_at(struct feed *f, size_t off, unsigned line, unsigned column)
{
	struct feed_pos p = resolve(f, off);
	if (p.line != line || p.column != column)
		fail_msg("offset %zu: %u:%u, expected %u:%u", off, p.line,
			 p.column, line, column);
}

static void
test_resolve(void **state)
{
	(void)state;
	/* Line 1 "ab\tc", line 2 "x\r" (CR LF), line 3 "é€😀z", line 4
	 * "\rq" (a lone CR breaks no line), line 5 empty at the end. */
	const char src[] = "ab\tc\nx\r\n\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z\n"
			   "\rq\n";
	size_t len = strlen(src);
	struct feed *f = feed_create("t", "test");
	feed_set_source(f, src, len);
	assert_at(f, 0, 1, 1);   /* the first byte */
	assert_at(f, 3, 1, 4);   /* past a tab: one column */
	assert_at(f, 4, 1, 5);   /* the LF itself ends line 1 */
	assert_at(f, 5, 2, 1);   /* after LF */
	assert_at(f, 6, 2, 2);   /* the CR of CR LF */
	assert_at(f, 7, 2, 3);   /* its LF */
	assert_at(f, 8, 3, 1);   /* after CR LF */
	assert_at(f, 10, 3, 2);  /* past é (2 bytes) */
	assert_at(f, 13, 3, 3);  /* past € (3 bytes) */
	assert_at(f, 17, 3, 4);  /* past 😀 (4 bytes) */
	assert_at(f, 19, 4, 1);
	assert_at(f, 20, 4, 2);  /* past a lone CR: a column, no line */
	assert_at(f, len - 1, 4, 3); /* the last byte */
	assert_at(f, len, 5, 1);     /* the end */
	assert_at(f, len + 9, 5, 1); /* past the end: at the end */
	/* The same as counting from the start, at every offset, in any
	 * order (the index is made once, on the first). */
	for (size_t i = len + 1; i-- > 0;) {
		struct feed_pos want = {1, 1};
		feed_pos_advance(&want, src, i);
		struct feed_pos got = resolve(f, i);
		assert_int_equal(got.line, want.line);
		assert_int_equal(got.column, want.column);
	}
	/* A line and column is already one. */
	struct feed_pos lc = feed_pos_resolve(f, (struct feed_pos){7, 9});
	assert_int_equal(lc.line, 7);
	assert_int_equal(lc.column, 9);
	feed_destroy(f);
}

/* No line break at all, an empty source, and a source without a final
 * LF: the last line is the one that holds the end. */
static void
test_resolve_edges(void **state)
{
	(void)state;
	struct feed *f = feed_create("t", "test");
	feed_set_source(f, "", 0);
	assert_at(f, 0, 1, 1);
	feed_set_source(f, "\xc3\xa9t\xc3\xa9", 5); /* a new source: a new index */
	assert_at(f, 0, 1, 1);
	assert_at(f, 3, 1, 3);   /* the second é */
	assert_at(f, 5, 1, 4);
	feed_set_source(f, "\n\n\nab", 5);
	assert_at(f, 2, 3, 1);
	assert_at(f, 4, 4, 2);
	assert_at(f, 5, 4, 3);
	feed_destroy(f);
	/* Without a source an offset is nowhere known. */
	f = feed_create("t", "test");
	struct feed_pos p = resolve(f, 3);
	assert_int_equal(p.line, 0);
	assert_int_equal(p.column, 0);
	feed_destroy(f);
}

/* Many lines, many offsets: each resolved by the index (a count from the
 * start for each would be quadratic), and right at every line's ends. */
static void
test_resolve_many(void **state)
{
	(void)state;
	enum { LINES = 200000 };
	char *src = malloc(LINES * 8 + 1);
	size_t len = 0;
	for (unsigned i = 0; i < LINES; i++)
		len += (size_t)sprintf(src + len, "%c\xc3\xa9%03u\n",
				       i % 2 ? '\t' : 'a', i % 1000);
	struct feed *f = feed_create("t", "test");
	feed_set_source(f, src, len);
	for (unsigned i = 0; i < LINES; i++) {
		size_t start = (size_t)i * 7;
		assert_at(f, start, i + 1, 1);
		assert_at(f, start + 3, i + 1, 3);
		assert_at(f, start + 6, i + 1, 6); /* its LF */
	}
	assert_at(f, len, LINES + 1, 1);
	feed_destroy(f);
	free(src);
}

/* A feed's arrays (people, tags, links, tracks, gathered lists) are not
 * in the arena of its strings, which a program takes (build_program_take):
 * the program would keep them, unread, as long as it lives (a fifth of a
 * large YAML program's memory once loaded). */
static void
test_arrays_apart(void **state)
{
	(void)state;
	struct feed *f = feed_create("t", "test");
	size_t strings = arena_size(f->arena);
	struct feed_person people[4];
	memset(people, 0, sizeof(people));
	for (int i = 0; i < 1000; i++) {
		struct feed_session *s = feed_add_session(f);
		feed_add_person(f, &s->speakers);
		feed_add_person(f, &s->speakers);
		feed_add_link(f, &s->links);
		feed_add_str(f, &s->tags, (struct feed_str){0});
		s->authors.v = feed_copy(f, people, 4, sizeof(*people));
		s->authors.n = s->authors.cap = 4;
		feed_add_track(f);
	}
	assert_int_equal(arena_size(f->arena), strings);
	assert_true(arena_size(f->lists) >= 1000 * (2 + 4) *
						   sizeof(struct feed_person));
	feed_destroy(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_resolve_edges),
		cmocka_unit_test(test_resolve_many),
		cmocka_unit_test(test_arrays_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
