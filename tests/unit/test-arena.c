/* Unit tests of the arena (arena.h): alignment, that a large arena's
 * blocks are mappings of their own and a large request is on huge pages
 * the kernel is asked to back it with, and
 * that a request no memory holds is refused, never wrapped; arrays, of
 * which an empty one costs nothing. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "sked/arena.h"
#include "smaps.h"

enum { HUGE_PAGE = 2 * 1024 * 1024 };

/* The VmFlags line of the mapping that holds a (live memory: some
 * mapping does). */
static void
vm_flags(const void *a, char *out, size_t size)
{
	assert_true(smaps_field(a, "VmFlags:", out, size));
}

/* Whether some mapping of the process holds a (/proc/self/maps). */
static bool
mapped(const void *a)
{
	FILE *f = fopen("/proc/self/maps", "r");
	assert_non_null(f);
	char line[512];
	bool found = false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		unsigned long lo, hi;
		found = sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
			(uintptr_t)a >= lo && (uintptr_t)a < hi;
	}
	fclose(f);
	return found;
}

/* Small arenas stay on malloc's memory; once one holds megabytes, its
 * blocks are mappings of their own, given back when it is destroyed, not
 * advised MADV_HUGEPAGE ("hg": on the development machine a large load
 * was slower with it, arena.c), and every byte handed out is usable up to
 * its destruction. */
static void
test_huge_blocks(void **state)
{
	(void)state;
	struct arena *a = arena_create();
	char flags[512];
	char *first = arena_alloc(a, 100);
	vm_flags(first, flags, sizeof(flags));
	assert_null(strstr(flags, " hg"));
	enum { PIECE = 1000, PIECES = 30 * 1000 };
	char *p[PIECES];
	for (int i = 0; i < PIECES; i++) {
		p[i] = arena_alloc(a, PIECE);
		assert_int_equal((uintptr_t)p[i] % _Alignof(max_align_t), 0);
		memset(p[i], i & 0xff, PIECE);
	}
	vm_flags(p[PIECES - 1], flags, sizeof(flags));
	assert_null(strstr(flags, " hg"));
	for (int i = 0; i < PIECES; i++)
		assert_int_equal((unsigned char)p[i][PIECE - 1], i & 0xff);
	arena_destroy(a);
	assert_false(mapped(p[PIECES - 1]));
}

/* One request of a megabyte or more (a file read whole: FOSDEM's
 * schedule.xml is 1.6 MB) gets huge pages at once, in a fresh arena; half
 * a megabyte does not. */
static void
test_huge_request(void **state)
{
	(void)state;
	char flags[512];
	struct arena *small = arena_create();
	char *m = arena_alloc(small, 512 * 1024);
	vm_flags(m, flags, sizeof(flags));
	assert_null(strstr(flags, " hg"));
	arena_destroy(small);
	struct arena *a = arena_create();
	size_t n = 1536 * 1024;
	char *b = arena_alloc(a, n);
	vm_flags(b, flags, sizeof(flags));
	assert_non_null(strstr(flags, " hg"));
	memset(b, 'x', n);
	char *s = arena_strndup(a, "after", 5);
	assert_string_equal(s, "after");
	assert_int_equal(b[n - 1], 'x');
	arena_destroy(a);
}

/* A request past a huge page gets whole huge pages and ends on small
 * ones: touched to its end, it holds what it asked for, not the rest of
 * a second huge page (the sessions of 100,000: 2.2 MB held 4 MB). */
static void
test_huge_request_tail(void **state)
{
	(void)state;
	char flags[512], rss[128];
	struct arena *a = arena_create();
	size_t n = 2 * 1024 * 1024 + 256 * 1024;
	char *b = arena_alloc(a, n);
	memset(b, 'x', n);
	vm_flags(b, flags, sizeof(flags));
	assert_non_null(strstr(flags, " hg"));
	vm_flags(b + n - 1, flags, sizeof(flags));
	assert_null(strstr(flags, " hg"));
	assert_true(smaps_field(b + n - 1, "Rss:", rss, sizeof(rss)));
	unsigned long kb = strtoul(rss, NULL, 10);
	assert_true(kb > 0);
	assert_true(kb <= 512);
	assert_int_equal(b[n - 1], 'x');
	arena_destroy(a);
}

/* No byte of an arena is uninitialized (arena.h): memory handed out is
 * zero, and every string, the last of a block too, is followed by
 * ARENA_TAIL zero bytes when it is made (ASan, in the sanitizer build, says
 * so when they are past the block's memory; valgrind.sh, when they are
 * unwritten). Strings of every length, mixed with aligned allocations,
 * over many 64 KiB blocks and into huge ones. */
static void
test_strings_followed(void **state)
{
	(void)state;
	struct arena *a = arena_create();
	char text[300];
	memset(text, 'x', sizeof(text));
	for (size_t i = 0; i < 200000; i++) {
		size_t n = (i * 7919) % sizeof(text);
		const char *s = arena_strndup(a, text, n);
		assert_int_equal(strlen(s), n);
		/* Nothing was allocated after it yet: zeros. */
		for (size_t k = 0; k <= ARENA_TAIL; k++)
			assert_int_equal(s[n + k], 0);
		if (i % 5 == 0) {
			unsigned char *z = arena_alloc(a, 40);
			for (size_t k = 0; k < 40; k++)
				assert_int_equal(z[k], 0);
			z[0] = 1;
		}
	}
	arena_destroy(a);
}

/* A size past what any memory holds (a length computed wrong) ends the
 * process as running out of memory does: rounded up to the alignment it
 * would have wrapped to a block of a few bytes, and writing the size
 * asked for would have run over the heap. Each in a child, whose end is
 * the answer. */
/* Whether arena_alloc(size), or with n arena_array(n, size), ends a
 * child process as running out of memory does (abort). */
static bool
refused_in_child(size_t n, size_t size, bool array)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Its message is expected: not in the test's log. */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(3);
		struct arena *a = arena_create();
		void *p = array ? arena_array(a, n, size) : arena_alloc(a, size);
		_exit(p != NULL ? 0 : 2); /* returned: wrong */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void
test_absurd_size_refused(void **state)
{
	(void)state;
	const size_t sizes[] = {SIZE_MAX, SIZE_MAX - 8, SIZE_MAX / 4 + 1};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (!refused_in_child(1, sizes[i], false))
			fail_msg("arena_alloc(%zu) returned", sizes[i]);
}

/* An empty array costs the arena nothing and is one pointer, never NULL
 * (memcpy and qsort may be given it with a count of 0); a non-empty one
 * is zero, aligned and its own; a count whose product with the size
 * overflows is refused, never wrapped to a small block. */
static void
test_array(void **state)
{
	(void)state;
	struct arena *a = arena_create();
	(void)arena_alloc(a, 16); /* its first block */
	size_t before = arena_size(a);
	void *e1 = arena_array(a, 0, 32), *e2 = arena_array(a, 0, 8);
	assert_non_null(e1);
	assert_ptr_equal(e1, e2);
	for (int i = 0; i < 100000; i++)
		(void)arena_array(a, 0, 4096);
	assert_int_equal(arena_size(a), before);
	uint64_t *x = arena_array(a, 3, sizeof(*x));
	uint64_t *y = arena_array(a, 1, sizeof(*y));
	assert_int_equal((uintptr_t)x % _Alignof(max_align_t), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(x[i], 0);
	x[0] = x[1] = x[2] = UINT64_MAX;
	assert_int_equal(*y, 0);
	assert_true(x + 3 <= y || y + 1 <= x);
	arena_destroy(a);
	if (!refused_in_child(SIZE_MAX / 8 + 1, 8, true))
		fail_msg("arena_array(SIZE_MAX / 8 + 1, 8) returned");
	if (!refused_in_child(SIZE_MAX / 2 + 1, 2, true))
		fail_msg("arena_array(SIZE_MAX / 2 + 1, 2) returned");
}

int
main(void)
{
	/* A kernel without transparent huge pages refuses the advice. */
	FILE *thp = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (thp == NULL) {
		printf("transparent huge pages: none in this kernel, skipped\n");
		return 77;
	}
	fclose(thp);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_huge_blocks),
		cmocka_unit_test(test_huge_request),
		cmocka_unit_test(test_huge_request_tail),
		cmocka_unit_test(test_strings_followed),
		cmocka_unit_test(test_absurd_size_refused),
		cmocka_unit_test(test_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
