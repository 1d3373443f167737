/* libFuzzer target: the iCalendar reader on any bytes. Also a check of the
 * reader's promise: it fails only with an error reported, and every
 * message it reports names a line. */
#include <stdint.h>
#include <stdlib.h>

#include "sked/ics.h"
#include "sked/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_list_init(&d);
	struct feed *f = feed_create("fuzz.ics", "ical");
	bool ok = ics_read(f, (const char *)data, size, &d);
	if (ok != (d.errors == 0))
		abort();
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line == 0)
			abort();
	feed_destroy(f);
	diag_list_finish(&d);
	return 0;
}
