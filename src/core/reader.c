#include "sked/reader.h"

#include <stdio.h>
#include <string.h>

#include "sked/frabjson.h"
#include "sked/frabxml.h"
#include "sked/ics.h"
#include "sked/indico.h"
#include "sked/skedyaml.h"

/* In sniff order: the formats with an unmistakable beginning first; sked
 * YAML last, since it takes any text the others do not. */
static const struct reader reader_table[] = {
	{"frab/pretalx XML", frabxml_sniff, frabxml_read, NULL},
	{"c3voc schedule.json", frabjson_sniff, frabjson_read, NULL},
	{"Indico timetable JSON", indico_sniff, indico_read, NULL},
	{"iCalendar", ics_sniff, ics_read, NULL},
	{"sked YAML", skedyaml_sniff, skedyaml_read, skedyaml_read_source},
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
