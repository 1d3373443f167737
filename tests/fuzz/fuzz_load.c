/* libFuzzer target: the schedule loader on any bytes. Also a check of the
 * loader's promise: a program loads, or at least one error is reported. */
#include <stdint.h>
#include <stdlib.h>

#include "sked/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d;
	diag_list_init(&d);
	struct program *p = load_buffer("fuzz.yaml", (const char *)data, size, &d);
	if ((p == NULL) != (d.errors > 0))
		abort();
	program_destroy(p);
	diag_list_finish(&d);
	return 0;
}
