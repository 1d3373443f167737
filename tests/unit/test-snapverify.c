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

/* How verify() spoils its snapshot, for the cases sn_verify must refuse. */
enum spoil {
	SPOIL_NONE,
	SPOIL_SUM,      /* the stated checksum one off */
	SPOIL_BLOB,     /* 0xE8 in a string of the blob, not a character */
	SPOIL_BLOB_END, /* the blob's last NUL gone */
};

/* A snapshot body of rec_len bytes of records (blanks, and 0xE8 at
 * high_at when it is not negative) and a string blob, valid but as
 * `spoil` says: sn_verify's verdict with its checksum checked. */
static bool
verify_spoiled(size_t rec_len, long high_at, enum spoil spoil)
{
	static const char blob[16] = "hello\0w\xc3\xa9rld";
	size_t blob_len = sizeof(blob), len = SNAPSHOT_HEADER + rec_len + blob_len;
	char *d = calloc(1, len + 64);
	assert_non_null(d);
	memset(d + SNAPSHOT_HEADER, ' ', rec_len);
	if (high_at >= 0)
		d[SNAPSHOT_HEADER + high_at] = (char)0xE8;
	char *b = d + SNAPSHOT_HEADER + rec_len;
	memcpy(b, blob, blob_len);
	if (spoil == SPOIL_BLOB)
		b[1] = (char)0xE8;
	if (spoil == SPOIL_BLOB_END)
		b[blob_len - 1] = 'x';
	uint64_t sum = sn_checksum(d, len) + (spoil == SPOIL_SUM);
	bool ok = sn_verify(d, len, SNAPSHOT_HEADER + rec_len, true, sum);
	free(d);
	return ok;
}

static bool
verify(size_t rec_len, long high_at)
{
	return verify_spoiled(rec_len, high_at, SPOIL_NONE);
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

/* And what it refuses, past records of one chunk and of several: a wrong
 * checksum, a byte in the strings that is no character, a blob that does
 * not end its last string. */
static void
test_refused(void **state)
{
	(void)state;
	const size_t lens[] = {1000, 3 * SNAPSHOT_CHUNK};
	for (size_t i = 0; i < 2; i++) {
		assert_false(verify_spoiled(lens[i], -1, SPOIL_SUM));
		assert_false(verify_spoiled(lens[i], 10, SPOIL_BLOB));
		assert_false(verify_spoiled(lens[i], -1, SPOIL_BLOB_END));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_not_text),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
