/* snapshot_int: the snapshot cache's pieces, shared by snapshot_hash.c
 * (the hash, the checksum and the fused checksum + UTF-8 pass),
 * snapshot_write.c (the writer) and snapshot_read.c (the reader, which
 * trusts nothing in the file); snapshot.c (where snapshots live, and the
 * public entry points that need none of these) is the rest. Private to
 * the snapshot cache; the format is in sked/snapshot.h. */
#ifndef SKED_SNAPSHOT_INT_H
#define SKED_SNAPSHOT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/snapshot.h"
#include "sked/statefile.h"

#ifndef SKED_VERSION
#define SKED_VERSION "unknown"
#endif

/* The header's layout, which the writer and the reader share. */
static inline uint32_t
sn_guard(void)
{
	return (uint32_t)(sizeof(size_t) | sizeof(int) << 8 |
			  sizeof(void *) << 16 | sizeof(int64_t) << 24);
}

/* Where in the header the key's taken time is (snapshot_restamp), and
 * the length of the records (the tests find the string blob by it). */
enum { SN_TAKEN_AT = 40 + 9 * 8, SN_REC_LEN_AT = 40 + 11 * 8 };

/* The hash a stripe at a time, for a caller that does more with each
 * piece of the data while it is in the cache (sn_verify), or that does
 * not hold the data whole (the writer, which streams a snapshot to its
 * file): sn_hash_init, sn_hash_stripes over pieces whose lengths are
 * multiples of 32, then sn_hash_end over the last n % 32 bytes. The
 * same hash as snapshot_hash over the pieces put together. */
struct sn_hash {
	uint64_t v1, v2, v3, v4;
};
void sn_hash_init(struct sn_hash *h, uint64_t seed);
/* p[0..n) into h, n a multiple of 32; returns the OR of its 8-byte
 * words, whose high bits say whether it is all ASCII (sn_verify). */
uint64_t sn_hash_stripes(struct sn_hash *h, const unsigned char *p, size_t n);
/* The hash of n bytes in all whose stripes went into h, tail[0..n % 32)
 * the rest. */
uint64_t sn_hash_end(const struct sn_hash *h, const unsigned char *tail,
		     size_t n);
/* The seed of a snapshot's checksum: the body's hash is seeded with the
 * hash, from this seed, of the header before the checksum. */
enum { SN_HEADER_SEED = 0x534b4544 };
/* h begun as the checksum of the snapshot whose header is header
 * (SNAPSHOT_HEADER bytes): its body's stripes go in next. */
void sn_checksum_begin(struct sn_hash *h, const void *header);
/* The snapshot being written to w (statefile_begin), its header first
 * with 0 for the checksum: with ok, sum put there and the file committed;
 * else, or when that fails, discarded. Returns whether it was committed. */
bool sn_file_end(struct statefile_pending *w, bool ok, uint64_t sum);

/* The checksum of a snapshot's data[0..len) (snapshot_hash.c). */
uint64_t sn_checksum(const char *data, size_t len);

/* Whether data[0..len) has `sum` as its checksum (when check_sum) and a
 * blob, from blob_at, of valid UTF-8 strings: one pass (snapshot_hash.c). */
bool sn_verify(const char *data, size_t len, size_t blob_at, bool check_sum,
	       uint64_t sum);

#endif
