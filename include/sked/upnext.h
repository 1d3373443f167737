/* upnext: what runs now and what starts next among the sessions a user
 * cares about, across programs: the answer `sked now` prints for a status
 * bar. Pure computation over loaded programs; nothing is owned here (the
 * result points into the programs, which must outlive it). */
#ifndef SKED_UPNEXT_H
#define SKED_UPNEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/program.h"

/* Whether session i of programs[k] counts (e.g. is starred). */
typedef bool (*upnext_wanted)(size_t k, size_t i, void *arg);

struct upnext_item {
	size_t program;                        /* index into the programs */
	const struct program_session *session; /* NULL: none */
};

struct upnext {
	/* Of the wanted sessions running at t (start <= t < end), the one
	 * that ends first (then the one that started first); n_now counts
	 * them all. */
	struct upnext_item now;
	size_t n_now;
	/* The wanted session that starts first after t (then the first in
	 * the program's order), in a program whose conference is on at t. */
	struct upnext_item next;
	/* Whether t falls within a program's conference: from its first
	 * day's midnight (or its first session, if earlier) to its last
	 * day's end (or its last session's end, if later), in its zone. */
	bool during;
};

/* Fills *u with each program k at its own instant ts[k] (seconds since
 * the epoch; n of them: one instant read in each program's zone, as `sked
 * now --now` pretends, or the same for all). Running sessions rank by the
 * time left, the next ones by the time to go, each from its own program's
 * instant. wanted NULL: every scheduled session counts. Linear in the
 * sessions. */
void upnext_find(const struct program *const *programs, size_t n,
		 const int64_t *ts, upnext_wanted wanted, void *arg,
		 struct upnext *u);

/* Whether t falls within p's conference (see struct upnext.during). */
bool upnext_during(const struct program *p, int64_t t);

#endif
