/* frabxml_scan: the schedule.xml reader's own passes over the raw bytes
 * (private to src/core/read_frabxml.c, which walks the document,
 * src/core/frabxml_elem.c, which reads its elements into the feed, and
 * src/core/frabxml_scan.c, which does these passes).
 *
 * Positions: libxml2 keeps only a line per node, capped at 65535, and the
 * streaming parser runs ahead of the node it hands out, so where an
 * element, its text or an attribute's value begins comes from a scan of
 * the buffer, element by element in document order. The check before
 * parsing, which reads every start tag, keeps where each one begins and
 * ends, so that locating an element is taking the next of them. They are
 * byte offsets (feed_pos_offset), made lines and columns only for what
 * is shown (feed_pos_resolve): the buffer is the feed's source.
 *
 * Safety, before the parser sees a byte: every byte UTF-8 and none NUL;
 * no DOCTYPE (where entities would be declared: XXE, billion laughs); no
 * start tag with more attributes than a frab element ever has (libxml2
 * checks each against every other). */
#ifndef SKED_FRABXML_SCAN_H
#define SKED_FRABXML_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "sked/diag.h"
#include "sked/feed.h"
#include "sked/strset.h"
#include "sked/tz.h"

/* Where an element starts: the byte offset of its '<'; and the offset of
 * the '>' that ends its start tag, SIZE_MAX when not known yet
 * (fx_tag_end finds it). */
struct fx_loc {
	size_t off;
	size_t end;
};

/* A start tag the check before parsing passed: the offsets of its '<'
 * and of the '>' that ends it (a file over 2 GiB never gets that far). */
struct fx_tag {
	uint32_t off, end;
};

/* One read of a schedule.xml. */
struct fx {
	struct feed *f;
	struct diag_list *diags;
	const char *buf;
	size_t len;
	struct fx_loc cur;   /* the last element located */
	size_t next;         /* where the search for the next element starts */
	struct fx_tag *tags; /* the start tags, in document order */
	size_t n_tags, cap_tags;
	size_t tag_next;     /* the first of tags not yet located */
	struct fx_loc *locs; /* the expanded tree's elements (node->_private) */
	size_t n_locs, cap_locs;
	bool failed;         /* an error was reported: the read ends */
	bool bad;            /* an error was reported: the read goes on */
	/* The conference, as far as the days need it. */
	const struct tz_zone *zone; /* time_zone_name, when known */
	bool have_start;
	int64_t start_days;  /* the conference's first day */
	int day_change;      /* minutes after midnight; -1: not given */
	/* The day and room being read. */
	bool have_date;
	struct tz_date date; /* the day's date in the conference's zone */
	int day;             /* 0-based from the conference start, or -1 */
	int rollover;        /* minutes: earlier <start>s are the next date */
	struct feed_str room;
	struct strset rooms, tracks;
	size_t n_events;
	size_t n_event_tags; /* <event> start tags the check saw */
	struct fx_loc root;  /* <schedule> */
};

/* XML white space. */
bool fx_blank(char c);
/* True for a byte that ends an element's name in a tag. */
bool fx_name_end(char c);

/* Locates the next element, which is n: the elements are located in
 * document order, each after the one before. */
struct fx_loc fx_locate(struct fx *x, const xmlNode *n);
/* Locates every element of the expanded tree under (and with) root, in
 * document order; node->_private holds the index of its place in x->locs,
 * plus one. */
void fx_locate_tree(struct fx *x, xmlNode *root);
/* Where element n of the located tree begins (the last element located
 * when n is not in it). */
struct fx_loc fx_loc_of(const struct fx *x, const xmlNode *n);
struct feed_pos fx_pos(const struct fx *x, const xmlNode *n);
/* Where l begins, as a feed position (an offset). */
struct feed_pos fx_loc_pos(struct fx_loc l);
/* Offset off as a line and column, for a message. */
struct feed_pos fx_where(const struct fx *x, size_t off);
/* Where element n's text begins: past its start tag and any blank. */
struct feed_pos fx_content_pos(const struct fx *x, const xmlNode *n);
/* Where the value of attribute name of the start tag at l begins. */
struct feed_pos fx_attr_pos(const struct fx *x, struct fx_loc l,
			    const char *name);

/* An error at l; the read has failed. */
void fx_fail(struct fx *x, struct fx_loc l, const char *msg);
/* The checks before parsing (UTF-8 without NUL, no DOCTYPE, something
 * besides the prolog, no start tag with too many attributes): false, with
 * the error reported, when the file must not reach the parser. */
bool fx_check_input(struct fx *x);

/* ---- frabxml_elem.c: the elements ---- */

/* The expanded <conference> c: the conference's values, its tracks, and
 * what the days need (its first day, day_change, zone). */
void fx_conference(struct fx *x, xmlNode *c);
/* The <day> at l, the reader r on its start tag: the day and date its
 * events are on until its end tag. */
void fx_day(struct fx *x, xmlTextReaderPtr r, struct fx_loc l);
/* The <room> at l, the reader r on its start tag: its events' room,
 * added to the feed once. */
void fx_room(struct fx *x, xmlTextReaderPtr r, struct fx_loc l);
/* The expanded <event> e: a session of the feed. */
void fx_event(struct fx *x, xmlNode *e);

#endif
