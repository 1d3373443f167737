/* The body of the feed readers' fuzz targets (fuzz_frabxml.c,
 * fuzz_frabjson.c, fuzz_indico.c, fuzz_ics.c): the sniffer on the bytes'
 * head and the reader on all of them, and a check of the readers' promise
 * (sked/reader.h): false exactly when an error was reported, every
 * message at a line (and a column, for the formats whose every position
 * has one), every session kept at a place in the file. A broken promise
 * aborts, which libFuzzer and replay.c report. */
#ifndef SKED_FUZZ_READER_H
#define SKED_FUZZ_READER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "sked/diag.h"
#include "sked/feed.h"
#include "sked/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum fuzz_reader_flags {
	FUZZ_COLUMNS = 1 << 0, /* every message has a column, too */
};

static inline int
fuzz_reader(const uint8_t *data, size_t size, const char *file,
	    const char *format,
	    bool (*sniff)(const char *head, size_t n),
	    bool (*read)(struct feed *f, const char *buf, size_t len,
			 struct diag_list *diags),
	    int flags)
{
	struct diag_list d;
	diag_list_init(&d);
	struct feed *f = feed_create(file, format);
	(void)sniff((const char *)data, size < READER_HEAD ? size : READER_HEAD);
	bool ok = read(f, (const char *)data, size, &d);
	if (ok != (d.errors == 0))
		abort();
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line == 0 ||
		    ((flags & FUZZ_COLUMNS) && d.v[i].column == 0))
			abort();
	/* Every session is somewhere, as a line and column once resolved
	 * (a reader may record offsets into data). */
	for (size_t i = 0; i < f->n_sessions; i++) {
		struct feed_pos p = feed_pos_resolve(f, f->sessions[i].pos);
		if (p.line == 0 || p.line == FEED_POS_OFFSET)
			abort();
	}
	feed_destroy(f);
	diag_list_finish(&d);
	return 0;
}

#endif
