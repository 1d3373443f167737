/* reader: the table of format readers, in the order their sniffers are
 * tried, and the one place that picks a reader for a file.
 *
 * A reader fills a feed (feed.h) from a whole file in memory; the builder
 * (build.h) makes it a program. Each format has one module and one header
 * with its two entry points:
 *   bool X_sniff(const char *head, size_t n);
 *     true when head, the file's first min(size, READER_HEAD) bytes, is
 *     this format;
 *   bool X_read(struct feed *f, const char *buf, size_t len,
 *               struct diag_list *diags);
 *     fills f from buf[0..len) (at most LOAD_MAX_FILE bytes); every
 *     problem is appended to diags at f->file:line:column; false when the
 *     file cannot be read as this format (errors reported). Sets f->flags.
 *     A reader that records positions as offsets into buf says so with
 *     feed_set_source: buf must then live until the feed is built.
 *   bool X_read_source(struct feed *f, struct load_source *src,
 *                      struct diag_list *diags);
 *     optional: the same from a file read a piece at a time into one
 *     buffer (src/core/load_source.h, its first piece read), for a format
 *     whose parser can pull its input (sked YAML, through libyaml), so
 *     that a large file is never held whole. The loader streams a regular
 *     file to it; the other formats' readers need the whole file.
 * A new format is one line in reader.c's table. */
#ifndef SKED_READER_H
#define SKED_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"
#include "sked/feed.h"

enum { READER_HEAD = 4096 };

struct load_source;

struct reader {
	/* What people call the format, as the message about a file of no
	 * known format lists it, and the feed's format: "sked YAML". */
	const char *name;
	bool (*sniff)(const char *head, size_t n);
	bool (*read)(struct feed *f, const char *buf, size_t len,
		     struct diag_list *diags);
	bool (*read_source)(struct feed *f, struct load_source *src,
			    struct diag_list *diags); /* NULL: none */
};

/* The reader of the first format whose sniffer takes head[0..n) (the
 * file's first bytes, n at most READER_HEAD), or NULL. */
const struct reader *reader_sniff(const char *head, size_t n);
/* The formats sked reads, for messages: "sked YAML, frab XML or ...", in
 * buf[0..size). */
void reader_names(char *buf, size_t size);

#endif
