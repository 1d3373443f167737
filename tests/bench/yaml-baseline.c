/* The baseline: a bare libyaml event loop over a file read into memory,
 * doing nothing with the events. `sked check` is measured against it. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yaml-baseline FILE\n");
		return 64;
	}
	FILE *fp = fopen(argv[1], "rb");
	if (fp == NULL) {
		perror(argv[1]);
		return 66;
	}
	size_t cap = 1 << 20, len = 0, r;
	unsigned char *buf = malloc(cap);
	while (buf && (r = fread(buf + len, 1, cap - len, fp)) > 0)
		if ((len += r) == cap)
			buf = realloc(buf, cap *= 2);
	fclose(fp);
	if (buf == NULL)
		return 70;
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
