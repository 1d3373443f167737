/* The unit tests' reading of /proc/self/smaps: what the kernel says of
 * the mapping that holds an address (test-arena: huge pages advised;
 * test-snapshot: a mapping's pages not copied). */
#ifndef SKED_TEST_SMAPS_H
#define SKED_TEST_SMAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The rest of the line of field ("VmFlags:", "Rss:") in the entry of the
 * mapping that holds a, into out; false (out "") when no mapping holds
 * it or its entry has no such field. */
static bool
smaps_field(const void *a, const char *field, char *out, size_t size)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	out[0] = '\0';
	if (f == NULL)
		return false;
	char line[512];
	bool in = false, found = false;
	uintptr_t x = (uintptr_t)a;
	size_t n = strlen(field);
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = x >= lo && x < hi;
		else if (in && strncmp(line, field, n) == 0)
			found = snprintf(out, size, "%s", line + n) >= 0;
	}
	fclose(f);
	return found;
}

#endif
