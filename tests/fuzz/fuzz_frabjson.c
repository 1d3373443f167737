/* libFuzzer target: the c3voc schedule.json reader on any bytes. Also a
 * check of the readers' promise: false exactly when an error was reported,
 * and every message at a line and column. */
#include <stdint.h>
#include <stdlib.h>

#include "sked/frabjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_list_init(&d);
	struct feed *f = feed_create("fuzz.json", "frab-json");
	(void)frabjson_sniff((const char *)data, size < 4096 ? size : 4096);
	bool ok = frabjson_read(f, (const char *)data, size, &d);
	if (ok != (d.errors == 0))
		abort();
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line == 0 || d.v[i].column == 0)
			abort();
	feed_destroy(f);
	diag_list_finish(&d);
	return 0;
}
