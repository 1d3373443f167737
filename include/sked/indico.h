/* indico: Indico's timetable export (/export/timetable/<id>.json), read
 * with jansson into a feed.
 *
 * results -> "<event id>" -> "YYYYMMDD" -> entries: session blocks (key
 * s<n>, entryType "Session") whose title is the track (the Linux Plumbers
 * Conference's microconference) and whose own "entries" hold their
 * contributions; contributions (c<n>) inside or outside blocks; breaks
 * (b<n>). A contribution's id is its contributionId, the number its page's
 * address and the bundled LPC files use; startDate and endDate
 * ({date, time, tz}) become absolute instants in that zone; without an
 * endDate, "duration" (minutes as a float) is the length, a fraction
 * rounded to whole minutes (1 at least) with a warning. Breaks are
 * sessions of type "break" (id "b<n>"): when the coffee is, and where, is
 * worth seeing beside the talks; a block with no contributions is a
 * session of its own (id "s<n>"). Ids from Indico are unique, so the
 * builder checks them rather than deriving any; tracks and rooms are
 * created as sessions name them. The export names no conference: its id
 * is "indico-<event id>", its title "Indico event <event id>", its zone
 * the entries' zone. See sked(5), "OTHER FORMATS". */
#ifndef SKED_INDICO_H
#define SKED_INDICO_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"
#include "sked/feed.h"

/* True when head (the file's first up to 4096 bytes) is an Indico HTTP
 * API result: a JSON object with "results" and either "_type" (the API's
 * "HTTPAPIResult") or an entry's "startDate". */
bool indico_sniff(const char *head, size_t n);

/* Fills f from buf[0..len); false with errors at f->file:line:column when
 * the file is no Indico timetable or a value has the wrong type. */
bool indico_read(struct feed *f, const char *buf, size_t len,
		 struct diag_list *diags);

#endif
