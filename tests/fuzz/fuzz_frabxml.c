/* libFuzzer target: the schedule.xml reader on any bytes. Also a check of
 * the reader's promise: it returns false exactly when it reported an
 * error, and every session it kept has a place in the file. */
#include <stdint.h>
#include <stdlib.h>

#include "sked/frabxml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_list_init(&d);
	struct feed *f = feed_create("fuzz.xml", "frab-xml");
	(void)frabxml_sniff((const char *)data, size < 4096 ? size : 4096);
	bool ok = frabxml_read(f, (const char *)data, size, &d);
	if (ok != (d.errors == 0))
		abort();
	for (size_t i = 0; i < f->n_sessions; i++)
		if (f->sessions[i].pos.line == 0)
			abort();
	feed_destroy(f);
	diag_list_finish(&d);
	return 0;
}
