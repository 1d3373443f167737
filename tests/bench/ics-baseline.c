/* The iCalendar baseline: libical's parser over the file read into
 * memory, the result freed, nothing else done.
 *
 * ics-baseline FILE: the whole file in one icalparser_parse_string.
 * ics-baseline --per-event FILE: as sked's reader does it
 * (src/core/read_ics.c): each VEVENT's text, BEGIN line to END line, copied
 * and given to icalparser_parse_string on its own, then freed. The lines
 * are found the plain way (a line that is BEGIN:VEVENT or END:VEVENT): the
 * benchmark's inputs nest nothing inside a VEVENT. */
#include <libical/ical.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "slurp.h"

/* True when the line at s (of n bytes before the end of text) is word,
 * followed by the line's end. */
static int
line_is(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);
	return n >= w && strncasecmp(s, word, w) == 0 &&
	       (n == w || s[w] == '\r' || s[w] == '\n');
}

int
main(int argc, char **argv)
{
	int per_event = argc == 3 && strcmp(argv[1], "--per-event") == 0;
	if (argc != 2 + per_event) {
		fprintf(stderr, "usage: ics-baseline [--per-event] FILE\n");
		return 64;
	}
	const char *file = argv[1 + per_event];
	size_t len;
	char *buf = bench_slurp(file, &len);
	size_t events = 0;
	if (!per_event) {
		icalcomponent *c = icalparser_parse_string(buf);
		if (c == NULL) {
			fprintf(stderr, "%s: libical read nothing\n", file);
			return 65;
		}
		events = (size_t)icalcomponent_count_components(
			c, ICAL_VEVENT_COMPONENT);
		icalcomponent_free(c);
	} else {
		size_t begin = SIZE_MAX;
		for (size_t i = 0; i < len;) {
			size_t n = len - i;
			if (line_is(buf + i, n, "BEGIN:VEVENT")) {
				begin = i;
			} else if (begin != SIZE_MAX &&
				   line_is(buf + i, n, "END:VEVENT")) {
				size_t end = i + strlen("END:VEVENT");
				char *text = malloc(end - begin + 1);
				if (text == NULL)
					return 70;
				memcpy(text, buf + begin, end - begin);
				text[end - begin] = '\0';
				icalcomponent *c = icalparser_parse_string(text);
				free(text);
				if (c == NULL) {
					fprintf(stderr, "%s: a VEVENT libical "
						"could not read\n", file);
					return 65;
				}
				icalcomponent_free(c);
				events++;
				begin = SIZE_MAX;
			}
			const char *nl = memchr(buf + i, '\n', n);
			i = nl ? (size_t)(nl - buf) + 1 : len;
		}
	}
	free(buf);
	printf("%zu events\n", events);
	return 0;
}
