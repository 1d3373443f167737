/* frabxml: the frab/pretalx/Pentabarf schedule.xml reader (FOSDEM, CCC,
 * pretalx, wafer), on libxml2's streaming reader.
 *
 * One <event> at a time is expanded into a tree, read into the feed and
 * freed, so memory stays bounded by the largest event. The parser never
 * touches the network or the file system: no DTD is loaded, no entity is
 * substituted, XInclude is not processed, and a document with a DOCTYPE
 * (where entities would be declared: XXE, billion laughs) is refused. */
#ifndef SKED_FRABXML_H
#define SKED_FRABXML_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"
#include "sked/feed.h"

/* True when head (the file's first up to 4096 bytes) is a schedule.xml:
 * XML whose root element is <schedule>. */
bool frabxml_sniff(const char *head, size_t n);

/* Fills f from the schedule.xml buf[0..len); each problem goes to diags
 * at f->file:line:column. Returns false when the file cannot be read as a
 * schedule.xml (errors reported). Sets FEED_CREATE_REFERENCES and
 * FEED_DERIVE_IDS. */
bool frabxml_read(struct feed *f, const char *buf, size_t len,
		  struct diag_list *diags);

#endif
