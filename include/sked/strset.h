/* strset: a set of strings by hash (open addressing, linear probing), so
 * that adding, finding and removing take constant time on average and a
 * set of n strings is built in O(n). The set keeps pointers: the strings
 * belong to the caller and must outlive their membership. */
#ifndef SKED_STRSET_H
#define SKED_STRSET_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
