/* The snapshot cache's hash (snapshot.h): xxHash64's rounds, a stripe
 * at a time, and the checksum and UTF-8 pass fused over a snapshot. */
#include "snapshot_int.h"

#include <string.h>

#include "sked/text.h"

/* xxHash64's rounds (public domain constants): four independent lanes of
 * 8 bytes, so that hashing runs near the speed of memory. */
static const uint64_t SN_P1 = 0x9E3779B185EBCA87ULL;
static const uint64_t SN_P2 = 0xC2B2AE3D27D4EB4FULL;
static const uint64_t SN_P3 = 0x165667B19E3779F9ULL;
static const uint64_t SN_P4 = 0x85EBCA77C2B2AE63ULL;
static const uint64_t SN_P5 = 0x27D4EB2F165667C5ULL;

static inline uint64_t
sn_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t
sn_rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t
sn_round(uint64_t acc, uint64_t in)
{
	acc += in * SN_P2;
	return sn_rotl(acc, 31) * SN_P1;
}

void
sn_hash_init(struct sn_hash *h, uint64_t seed)
{
	*h = (struct sn_hash){seed + SN_P1 + SN_P2, seed + SN_P2, seed,
			      seed - SN_P1};
}

uint64_t
sn_hash_stripes(struct sn_hash *h, const unsigned char *p, size_t n)
{
	uint64_t v1 = h->v1, v2 = h->v2, v3 = h->v3, v4 = h->v4, bits = 0;
	for (const unsigned char *end = p + n; p < end; p += 32) {
		uint64_t a = sn_rd64(p), b = sn_rd64(p + 8),
			 c = sn_rd64(p + 16), d = sn_rd64(p + 24);
		v1 = sn_round(v1, a);
		v2 = sn_round(v2, b);
		v3 = sn_round(v3, c);
		v4 = sn_round(v4, d);
		bits |= a | b | c | d;
	}
	*h = (struct sn_hash){v1, v2, v3, v4};
	return bits;
}

uint64_t
sn_hash_end(const struct sn_hash *h, const unsigned char *tail, size_t n)
{
	const unsigned char *p = tail, *end = tail + n % 32;
	uint64_t x = sn_rotl(h->v1, 1) + sn_rotl(h->v2, 7) +
		     sn_rotl(h->v3, 12) + sn_rotl(h->v4, 18) + (uint64_t)n;
	while (end - p >= 8) {
		x ^= sn_round(0, sn_rd64(p));
		x = sn_rotl(x, 27) * SN_P1 + SN_P4;
		p += 8;
	}
	while (p < end) {
		x ^= *p++ * SN_P5;
		x = sn_rotl(x, 11) * SN_P1;
	}
	x ^= x >> 33;
	x *= SN_P2;
	x ^= x >> 29;
	x *= SN_P3;
	x ^= x >> 32;
	return x;
}

uint64_t
snapshot_hash(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	struct sn_hash h;
	sn_hash_init(&h, seed);
	sn_hash_stripes(&h, p, n - n % 32);
	return sn_hash_end(&h, p + (n - n % 32), n);
}

void
sn_checksum_begin(struct sn_hash *h, const void *header)
{
	sn_hash_init(h, snapshot_hash(header, SNAPSHOT_HEADER - 8,
				      SN_HEADER_SEED));
}

/* The checksum: of the header before it and of all after it. */
uint64_t
sn_checksum(const char *data, size_t len)
{
	uint64_t h = snapshot_hash(data, SNAPSHOT_HEADER - 8, SN_HEADER_SEED);
	return snapshot_hash(data + SNAPSHOT_HEADER, len - SNAPSHOT_HEADER, h);
}

/* Whether data[0..len) (a snapshot whose blob starts at blob_at) has
 * `sum` as its checksum (sn_checksum; not checked when !check_sum) and a
 * blob of valid UTF-8 strings ending with a NUL (NULs between them, its
 * zero padding included). One pass, SNAPSHOT_CHUNK bytes at a time (it
 * stays in the first-level cache), each checked as UTF-8 just after the
 * hash read it: two passes over the whole file (17 MB at 10,000
 * sessions) each read it from memory. A character cut by a chunk's end
 * is checked again with the next chunk. */
bool
sn_verify(const char *data, size_t len, size_t blob_at, bool check_sum,
	  uint64_t sum)
{
	if (blob_at < len && data[len - 1] != '\0')
		return false;
	const unsigned char *body = (const unsigned char *)data + SNAPSHOT_HEADER;
	size_t n = len - SNAPSHOT_HEADER, checked = blob_at - SNAPSHOT_HEADER;
	struct sn_hash h;
	sn_checksum_begin(&h, data);
	for (size_t at = 0; at < n;) {
		size_t end = n - at > SNAPSHOT_CHUNK ? at + SNAPSHOT_CHUNK : n;
		size_t stripes = (end - at) - (end - at) % 32;
		uint64_t bits = check_sum
			? sn_hash_stripes(&h, body + at, stripes)
			: UINT64_MAX;
		/* A chunk the hash found all ASCII (the abstracts, written
		 * last, mostly are) is valid as it is, when no character
		 * began before it and the stripes are all of it. */
		if ((bits & 0x8080808080808080u) == 0 && checked >= at &&
		    stripes == end - at && end > checked)
			checked = end; /* never back: the records are not text */
		if (end > checked) {
			size_t ok = checked + text_utf8_valid_nul(
				(const char *)body + checked, end - checked);
			/* Fewer bytes than a character's longest after the
			 * first that fails: perhaps a character cut, whole
			 * with the next chunk; else invalid. */
			if (ok < end && (end == n || end - ok >= 4))
				return false;
			checked = ok;
		}
		at = end;
	}
	return !check_sum || sn_hash_end(&h, body + (n - n % 32), n) == sum;
}
