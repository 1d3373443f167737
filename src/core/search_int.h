/* search's internals (search.h), shared by its two files: queries
 * (search_query.c: compiling, matching one text, highlighting) and the
 * index and the runs over it (search.c). Private to the core.
 *
 * Ownership: a search_query owns its compiled terms and PCRE2's match
 * data, context and JIT stack (search_destroy frees them). */
#ifndef SKED_SEARCH_INT_H
#define SKED_SEARCH_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/search.h"

/* The index keeps one text per slot: a slot for each field, then, only
 * for a session that has them, one for each further text a field covers.
 * Texts stay apart rather than joined, so that nothing is copied (a
 * description can be long) and ^ and $ apply to the subtitle as to the
 * title; and a program without them pays a pointer per session. */
enum search_slot {
	SEARCH_SLOT_SUBTITLE = SEARCH_NFIELDS, /* under title */
	SEARCH_SLOT_DESCRIPTION,               /* under abstract */
	SEARCH_SLOT_LINKS,                     /* the links' titles, under abstract */
	SEARCH_NSLOTS
};
enum { SEARCH_NMORE = SEARCH_NSLOTS - SEARCH_NFIELDS };

/* The field slot f belongs to. */
static inline int
search_slot_field(int f)
{
	/* The field each further slot belongs to. */
	static const unsigned char more[SEARCH_NMORE] = {
		[SEARCH_SLOT_SUBTITLE - SEARCH_NFIELDS] = SEARCH_TITLE,
		[SEARCH_SLOT_DESCRIPTION - SEARCH_NFIELDS] = SEARCH_ABSTRACT,
		[SEARCH_SLOT_LINKS - SEARCH_NFIELDS] = SEARCH_ABSTRACT,
	};
	return f < SEARCH_NFIELDS ? f : more[f - SEARCH_NFIELDS];
}

struct search_term {
	int field;     /* a search_field, or -1 for all */
	bool negate;
	bool folded;   /* ASCII pattern: match the folded text too */
	unsigned slots; /* the index's slots it reads (search_slot) */
	size_t offset; /* of the term in the query */
	pcre2_code *re;
};

struct search_query {
	struct search_term terms[SEARCH_MAX_TERMS];
	size_t n;
	/* The first term "word:..." whose word is no field, taken as text
	 * (search_unknown_field); "" when none. */
	char unknown_field[32];
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	/* The time its matching took (SEARCH_TIME_LIMIT), counted by a
	 * callout at the start of each match attempt (search_callout):
	 * the attempts of the current call, the clock at the last look. */
	int64_t spent_ns, last_ns;
	unsigned long call_attempts;
	bool out_of_time;
};

/* Whether term t of q matches s[0..n) from byte start on: 1 (q->md holds
 * the match), 0, or -1 when a limit stopped it (err set). */
int search_match(struct search_query *q, const struct search_term *t,
		 const char *s, size_t n, size_t start,
		 struct search_error *err);

#endif
