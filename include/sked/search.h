/* search: the query language of sked(1) over loaded programs (PCRE2).
 *
 * A query is terms separated by spaces, all of which must match (AND).
 * A term is a PCRE2 pattern, optionally limited to a field (field:pattern),
 * negated (-term), or quoted ("two words"). Smart case: a term is caseless
 * unless it holds an uppercase letter. A term without non-ASCII letters
 * also matches accented and foreign letters: it is matched against the
 * folded text (see fold.h) and against the original. In a field of several
 * values (speakers and authors, tags, a track's id and name...) ^ and $
 * apply to each value. Patterns are compiled once per query, with the JIT,
 * and matched under match, depth and heap limits. */
#ifndef SKED_SEARCH_H
#define SKED_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/program.h"

/* A field's texts: each value matched on its own (see search_spans). */
enum search_field {
	SEARCH_TITLE,    /* the title and the subtitle */
	SEARCH_SPEAKER,  /* names and affiliations of speakers and authors */
	SEARCH_ABSTRACT, /* the abstract, the description, the links' titles */
	SEARCH_TRACK,    /* id and name */
	SEARCH_ROOM,     /* id and name */
	SEARCH_TAG,
	SEARCH_TYPE,
	SEARCH_ID,
	SEARCH_DAY,      /* "YYYY-MM-DD Weekday" of the conference day */
	SEARCH_LANG,     /* language codes ("en", "pt-BR") */
	SEARCH_NFIELDS
};

enum {
	SEARCH_MAX_TERMS = 32,
	SEARCH_MAX_QUERY = 4096,      /* bytes */
	SEARCH_MATCH_LIMIT = 2000000, /* per match attempt (PCRE2 units) */
	SEARCH_DEPTH_LIMIT = 100000,
	SEARCH_HEAP_LIMIT = 64 * 1024, /* KiB */
	/* Seconds a query's matching may take in all, from its first match:
	 * PCRE2's limits bound each attempt at a place in a text, not how
	 * many there are, and a pattern quadratic in a text's length (such as
	 * (\w|\s)*\d{7} on a long abstract) stayed under them for seconds a
	 * text, minutes a program. */
	SEARCH_TIME_LIMIT = 5,
	/* Of that, seconds highlighting one text may take (search_spans),
	 * on a budget of its own. */
	SEARCH_SPANS_TIME_LIMIT = 1,
	SEARCH_NEST_LIMIT = 250, /* parentheses (PCRE2's default) */
	SEARCH_MAX_SPANS = 256,       /* highlight spans per text */
};

/* "title", "speaker", ...; NULL past the last field. */
const char *search_field_name(enum search_field f);

struct search_error {
	size_t offset;     /* where in the query (bytes) */
	char message[256]; /* what went wrong, for people */
};

struct search_query;

/* Compiles a query; NULL with *err filled when it is invalid (an unknown
 * quote, an empty pattern, a PCRE2 error: its message and offset). The
 * caller destroys the query. An empty query (no terms) matches all. */
struct search_query *search_compile(const char *query, struct search_error *err);
void search_destroy(struct search_query *q);
/* The word of q's first term "word:pattern" whose word is no field (such
 * as "speakers" or "Speaker"): that term is a pattern with a colon in it,
 * seldom what was meant. NULL when there is none. Owned by q. */
const char *search_unknown_field(const struct search_query *q);
/* Whether q has no terms (an empty or blank query): it matches all. */
bool search_is_empty(const struct search_query *q);
/* Gives q its whole time budget again (SEARCH_TIME_LIMIT): a query has it
 * once for all its runs, over every program (a search), until this (a
 * search run again, after a reload). */
void search_budget_reset(struct search_query *q);

/* The text of each field of each session of one program, folded where
 * that changes it: built a session at a time, when a query first looks
 * at it, then searched by every query; the abstracts and descriptions
 * (which may be HTML still to be made text, program.h) only once a query
 * searches them. It points into the program, which must
 * outlive it. */
struct search_index;

struct search_index *search_index_create(const struct program *p);
void search_index_destroy(struct search_index *x);

struct search_result {
	size_t session;  /* index into program.sessions */
	unsigned fields; /* bit (1 << field) for each field a term matched */
};

/* The sessions of x's program that match q, in the program's order (time,
 * then unscheduled). Returns their count and sets *results (an array the
 * caller frees; NULL when none), or -1 when a limit stopped the search
 * (then *err says which term). */
long search_run(struct search_query *q, struct search_index *x,
		struct search_result **results, struct search_error *err);
/* Fills the index for the sessions at positions [from, to) of the
 * program's order with every text any query reads (folded, HTML made
 * text), so that a later search of them pays only its matching: for a
 * caller with time to spare before the query comes (the browser, as its
 * search line opens). */
void search_index_prepare(struct search_index *x, size_t from, size_t to);

/* The same over a part of the program: the sessions at positions
 * [from, to) of its order (a search that a browser runs a part at a
 * time, its screen answering keys meanwhile). */
long search_run_range(struct search_query *q, struct search_index *x,
		      size_t from, size_t to, struct search_result **results,
		      struct search_error *err);

/* search_run over all of p without an index to keep (a command that
 * searches once): each session's texts that are not the program's own
 * strings (a field's values joined, a text folded) are made in scratch
 * memory that the next session reuses, and matched at once, instead of
 * being kept in an index to the end. The same results as search_run. */
long search_once(struct search_query *q, const struct program *p,
		 struct search_result **results, struct search_error *err);

/* The values of field f of session i of p, as a search matches them one
 * by one (see search_spans), in this order: the title and the subtitle;
 * each speaker's name and affiliation, then each author's; the abstract,
 * the description and the links' titles; a track's or a room's id and
 * name; the tags; the type; the id; the day's "YYYY-MM-DD Weekday"; the
 * languages. fn(value, arg) is called on each (as the program holds it,
 * not made safe for a terminal; a value absent or empty skipped) until
 * it returns true. Returns whether it did. */
bool search_values(const struct program *p, size_t i, enum search_field f,
		   bool (*fn)(const char *value, void *arg), void *arg);

struct search_span {
	size_t start, end; /* byte offsets into the text searched */
};

/* Where q's positive terms that apply to field f match in text[0..n),
 * one value of the field (a name, an affiliation, a tag): sorted, merged,
 * non-empty spans of the original text (folding mapped back to whole
 * characters). Returns the count; *spans is an array the caller frees. */
size_t search_spans(struct search_query *q, enum search_field f,
		    const char *text, size_t n, struct search_span **spans);

#endif
