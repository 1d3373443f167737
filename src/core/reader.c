#include "sked/reader.h"

#include <stdio.h>
#include <string.h>

#include "sked/skedyaml.h"

/* In sniff order: the formats with an unmistakable beginning first; sked
 * YAML last, since it takes any text the others do not. */
static const struct reader reader_table[] = {
	{"sked YAML", skedyaml_sniff, skedyaml_read},
};

enum { READER_COUNT = sizeof(reader_table) / sizeof(reader_table[0]) };

const struct reader *
reader_sniff(const char *head, size_t n)
{
	if (n > READER_HEAD)
		n = READER_HEAD;
	for (size_t i = 0; i < READER_COUNT; i++)
		if (reader_table[i].sniff(head, n))
			return &reader_table[i];
	return NULL;
}

void
reader_names(char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < READER_COUNT && o < size; i++) {
		const char *sep = i == 0		   ? ""
				  : i + 1 == READER_COUNT ? " or "
							  : ", ";
		int n = snprintf(buf + o, size - o, "%s%s", sep,
				 reader_table[i].name);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}
