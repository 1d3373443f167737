/* libFuzzer target: the agenda file parser on any bytes; a parsed agenda
 * keeps each id once, finds every id it holds, each note on one line (a
 * save writes it after its id: no line break, no blank to begin it, none
 * to end it), and empties when each is removed (in an order unlike the file's, to exercise the hash set's
 * removal). */
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
	for (size_t i = 0; i < a->n; i++) {
		if (!agenda_has(a, a->ids[i]))
			abort();
		const char *note = agenda_note(a, a->ids[i]);
		size_t len = note ? strlen(note) : 0;
		if (note && (len == 0 || strchr(note, '\n') ||
			     strchr(" \t", note[0]) ||
			     strchr(" \t\r", note[len - 1])))
			abort();
	}
	while (a->n > 0) {
		char *id = strdup(a->ids[a->n / 2]);
		if (id == NULL || !agenda_remove(a, id) || agenda_has(a, id))
			abort();
		free(id);
		for (size_t i = 0; i < a->n; i++)
			if (!agenda_has(a, a->ids[i]))
				abort();
	}
	agenda_destroy(a);
	return 0;
}
