/* The baseline: a bare libyaml event loop over a file read into memory,
 * doing nothing with the events. `sked check` is measured against it. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

#include "slurp.h"

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yaml-baseline FILE\n");
		return 64;
	}
	size_t len;
	unsigned char *buf = (unsigned char *)bench_slurp(argv[1], &len);
	yaml_parser_t parser;
	yaml_event_t ev;
	size_t events = 0;
	int done = 0;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "%s: parse error\n", argv[1]);
			return 65;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(buf);
	printf("%zu events\n", events);
	return 0;
}
