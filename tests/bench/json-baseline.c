/* The JSON baseline: jansson's json_load_file of the whole file, with the
 * flag sked's JSON readers use (src/core/jdoc.c), then freed. `sked check`
 * of a schedule.json is measured against it. */
#include <jansson.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: json-baseline FILE\n");
		return 64;
	}
	json_error_t e;
	json_t *root = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &e);
	if (root == NULL) {
		fprintf(stderr, "%s:%d:%d: %s\n", argv[1], e.line, e.column,
			e.text);
		return 65;
	}
	json_decref(root);
	return 0;
}
