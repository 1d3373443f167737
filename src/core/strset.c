#include "sked/strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "sked/xalloc.h"

/* SipHash-2-4 (Aumasson and Bernstein): a keyed hash whose outputs, all
 * 64 bits of them, look random to whoever does not know the key, so that
 * the slot can be taken from the low bits. The unkeyed FNV-1a this
 * replaces let anyone compute strings with equal low bits. */
#define STRSET_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static inline void
strset_sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = STRSET_ROTL(v[1], 13) ^ v[0];
	v[0] = STRSET_ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = STRSET_ROTL(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = STRSET_ROTL(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = STRSET_ROTL(v[1], 17) ^ v[2];
	v[2] = STRSET_ROTL(v[2], 32);
}

/* Eight bytes little-endian, whatever the machine's order. */
static inline uint64_t
strset_load64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

uint64_t
strset_siphash(uint64_t k0, uint64_t k1, const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + (len & ~(size_t)7);
	uint64_t v[4] = {k0 ^ 0x736f6d6570736575u, k1 ^ 0x646f72616e646f6du,
			 k0 ^ 0x6c7967656e657261u, k1 ^ 0x7465646279746573u};
	for (; p != end; p += 8) {
		uint64_t m = strset_load64(p);
		v[3] ^= m;
		strset_sipround(v);
		strset_sipround(v);
		v[0] ^= m;
	}
	/* The last 0 to 7 bytes, and the length's low byte on top. */
	uint64_t b = (uint64_t)len << 56;
	for (size_t i = 0; i < (len & 7); i++)
		b |= (uint64_t)p[i] << (8 * i);
	v[3] ^= b;
	strset_sipround(v);
	strset_sipround(v);
	v[0] ^= b;
	v[2] ^= 0xff;
	for (int i = 0; i < 4; i++)
		strset_sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* One key for the process (sked has one thread): every set hashes alike,
 * and a string's slot never changes while it is a member. */
static uint64_t strset_key[2];
static bool strset_keyed;

/* splitmix64's finalizer: spreads the fallback's few varying bits. */
static uint64_t
strset_mix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

static void
strset_make_key(void)
{
	/* GRND_NONBLOCK: early in boot, before the pool is ready, a key less
	 * than perfect beats hanging. */
	if (getrandom(strset_key, sizeof(strset_key), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(strset_key)) {
		/* Not secret, but different in every process and hard to
		 * guess from outside: the clocks to the nanosecond, the
		 * process id, and where ASLR put the stack and the code. */
		struct timespec rt = {0}, mono = {0};
		clock_gettime(CLOCK_REALTIME, &rt);
		clock_gettime(CLOCK_MONOTONIC, &mono);
		uint64_t x = (uint64_t)rt.tv_sec * 1000000000u +
			     (uint64_t)rt.tv_nsec;
		x = strset_mix(x ^ (uint64_t)getpid() << 40);
		x = strset_mix(x ^ (uint64_t)mono.tv_nsec ^
			       (uint64_t)mono.tv_sec << 32);
		strset_key[0] = strset_mix(x ^ (uint64_t)(uintptr_t)&rt);
		strset_key[1] = strset_mix(strset_key[0] ^
					   (uint64_t)(uintptr_t)strset_mix);
	}
	strset_keyed = true;
}

uint64_t
strset_hash(const char *s)
{
	if (!strset_keyed)
		strset_make_key();
	return strset_siphash(strset_key[0], strset_key[1], s, strlen(s));
}

void
strset_init(struct strset *set, size_t expect)
{
	set->cap = 16;
	while (set->cap < 2 * expect)
		set->cap *= 2;
	set->v = xcalloc(set->cap, sizeof(*set->v));
	set->n = 0;
}

void
strset_finish(struct strset *set)
{
	free(set->v);
	set->v = NULL;
	set->cap = set->n = 0;
}

/* The slot holding s, or the empty slot where it would go. */
static size_t
strset_slot(const struct strset *set, const char *s)
{
	size_t i = strset_hash(s) & (set->cap - 1);
	while (set->v[i] != NULL && strcmp(set->v[i], s) != 0)
		i = (i + 1) & (set->cap - 1);
	return i;
}

const char *
strset_add(struct strset *set, const char *s)
{
	size_t i = strset_slot(set, s);
	if (set->v[i] != NULL)
		return set->v[i];
	/* At most half full keeps the probes short. */
	if (2 * (set->n + 1) > set->cap) {
		struct strset big;
		strset_init(&big, set->n + 1);
		for (size_t k = 0; k < set->cap; k++)
			if (set->v[k] != NULL)
				big.v[strset_slot(&big, set->v[k])] = set->v[k];
		big.n = set->n;
		free(set->v);
		*set = big;
		i = strset_slot(set, s);
	}
	set->v[i] = s;
	set->n++;
	return NULL;
}

const char *
strset_find(const struct strset *set, const char *s)
{
	return set->cap ? set->v[strset_slot(set, s)] : NULL;
}

const char *
strset_remove(struct strset *set, const char *s)
{
	if (set->cap == 0)
		return NULL;
	size_t mask = set->cap - 1, i = strset_slot(set, s);
	const char *found = set->v[i];
	if (found == NULL)
		return NULL;
	/* Backward-shift deletion: move up every later member of the run
	 * whose home slot is not between the hole and it, so that no probe
	 * for it crosses an empty slot. */
	for (size_t j = (i + 1) & mask; set->v[j] != NULL; j = (j + 1) & mask) {
		size_t home = strset_hash(set->v[j]) & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			set->v[i] = set->v[j];
			i = j;
		}
	}
	set->v[i] = NULL;
	set->n--;
	return found;
}

struct strset_probes
strset_probes(const struct strset *set)
{
	struct strset_probes p = {0, 0};
	size_t mask = set->cap - 1;
	for (size_t i = 0; i < set->cap; i++) {
		if (set->v[i] == NULL)
			continue;
		/* Found at i, looked for from its home slot. */
		size_t len = ((i - (strset_hash(set->v[i]) & mask)) & mask) + 1;
		p.total += len;
		if (len > p.longest)
			p.longest = len;
	}
	return p;
}
