/* The snapshot's fused checksum and UTF-8 pass (snapshot_hash.c's
 * sn_verify, private to the snapshot cache: declared in its private
 * header): the records before the strings are not text, whatever chunk
 * of them is all ASCII. */
#include "../../src/core/snapshot_int.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* A snapshot body of rec_len bytes of records (blanks, and 0xE8 at
 * high_at when it is not negative) and a valid string blob: sn_verify's
 * verdict with its checksum checked. */
static bool
verify(size_t rec_len, long high_at)
{
	size_t blob_len = 16, len = SNAPSHOT_HEADER + rec_len + blob_len;
	char *d = calloc(1, len + 64);
	assert_non_null(d);
	memset(d + SNAPSHOT_HEADER, ' ', rec_len);
	if (high_at >= 0)
		d[SNAPSHOT_HEADER + high_at] = (char)0xE8;
	memcpy(d + SNAPSHOT_HEADER + rec_len, "hello\0w\xc3\xa9rld", 13);
	bool ok = sn_verify(d, len, SNAPSHOT_HEADER + rec_len, true,
			    sn_checksum(d, len));
	free(d);
	return ok;
}

static void
test_records_not_text(void **state)
{
	(void)state;
	assert_true(verify(1000, -1));
	assert_true(verify(3 * SNAPSHOT_CHUNK, -1));
	assert_true(verify(3 * SNAPSHOT_CHUNK, 10));
	/* An all-ASCII first chunk must not send the UTF-8 check back into
	 * the records. */
	assert_true(verify(3 * SNAPSHOT_CHUNK, SNAPSHOT_CHUNK + 10));
	assert_true(verify(3 * SNAPSHOT_CHUNK, 2 * SNAPSHOT_CHUNK + 7));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_not_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
