/* frabjson: the c3voc schedule.json (frab, pretalx, and the hub's schema
 * 2), read with jansson into a feed.
 *
 * Schema 1: schedule.conference.days[].rooms{room name: [events]}; an
 * event's absolute `date` (with its offset) is its start, the day's date
 * plus `start` its wall time (on the next date when `start` is before the
 * day's `day_end` and that is on the next date: a night session stays on
 * the day it is listed under),
 * `duration` "HH:MM". Schema 2: schedule.events[] with `start` and `end`
 * instants, rooms and tracks declared in schedule.conference and
 * referenced by name, slug or guid. Ids repeat in pretalx feeds (a
 * submission with several slots), so the feed's `guid` is kept and the
 * builder makes ids unique (FEED_DERIVE_IDS); rooms and tracks are created
 * as sessions name them (FEED_CREATE_REFERENCES), rooms in the order of the
 * file's keys. See sked(5), "OTHER FORMATS". */
#ifndef SKED_FRABJSON_H
#define SKED_FRABJSON_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"
#include "sked/feed.h"

/* True when head (the file's first up to 4096 bytes) is a c3voc
 * schedule.json: a JSON object with "schedule" and "conference" keys. */
bool frabjson_sniff(const char *head, size_t n);

/* Fills f from buf[0..len). False, with the errors in diags at
 * f->file:line:column, when the file cannot be read as a c3voc schedule
 * or a value has the wrong type; true otherwise (warnings may be given). */
bool frabjson_read(struct feed *f, const char *buf, size_t len,
		   struct diag_list *diags);

#endif
