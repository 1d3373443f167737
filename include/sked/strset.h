/* strset: a set of strings by hash (open addressing, linear probing), so
 * that adding, finding and removing take constant time on average and a
 * set of n strings is built in O(n). The set keeps pointers: the strings
 * belong to the caller and must outlive their membership.
 *
 * The strings come from schedule and agenda files, which anyone may have
 * written: the hash is keyed with a random key per process (SipHash-2-4),
 * so that nobody can build strings that all land on one slot and make the
 * set quadratic, as they could with an unkeyed hash. */
#ifndef SKED_STRSET_H
#define SKED_STRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strset {
	const char **v; /* cap slots, NULL when empty */
	size_t cap;     /* a power of two, at least twice n */
	size_t n;
};

/* An empty set sized for about `expect` strings (it grows as needed). */
void strset_init(struct strset *set, size_t expect);
/* Frees the slots (not the strings); the set is then empty and unusable
 * until strset_init. */
void strset_finish(struct strset *set);
/* Adds s; returns the equal string already there (and adds nothing), or
 * NULL when s was added. */
const char *strset_add(struct strset *set, const char *s);
/* The member equal to s, or NULL. */
const char *strset_find(const struct strset *set, const char *s);
/* Removes the member equal to s and returns it, or NULL when none. */
const char *strset_remove(struct strset *set, const char *s);

/* The hash of s under this process's key (from getrandom(2); should that
 * fail, from the clocks, the process id and addresses): the one hash for
 * any table of strings from input, so that each is as hard to flood. */
uint64_t strset_hash(const char *s);
/* SipHash-2-4 of len bytes under the key (k0, k1): the key's first and
 * last eight bytes, read little-endian. */
uint64_t strset_siphash(uint64_t k0, uint64_t k1, const void *data,
			size_t len);

/* How long the lookups of the members are: the slots visited to find each
 * one, summed over all members and the longest. For tests: bounded for any
 * strings, where a flood of colliding strings makes them grow with n. */
struct strset_probes {
	size_t total;
	size_t longest;
};
struct strset_probes strset_probes(const struct strset *set);

#endif
