#include "sked/strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sked/xalloc.h"

/* FNV-1a: ids are short, and this spreads them well enough. */
static uint64_t
strset_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
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
