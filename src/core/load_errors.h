/* load_errors: the loader's YAML errors in words a person understands.
 * Private to the loader (src/core/load.c). */
#ifndef SKED_LOAD_ERRORS_H
#define SKED_LOAD_ERRORS_H

#include <stddef.h>
#include <yaml.h>

#include "sked/diag.h"

/* The loader's input as these functions see it: read copies up to n bytes
 * at offset off (the raw file, a BOM included) and returns how many. */
struct load_text {
	size_t (*read)(const void *in, size_t off, unsigned char *dst, size_t n);
	const void *in;
};

/* The 1-based line and column (in characters, from past a BOM) of the
 * byte at offset in text, counted by reading it again from its start:
 * for an error path only. */
void load_text_position(const struct load_text *t, size_t offset,
			unsigned *line, unsigned *col);

/* Reports the error that stopped parser (yaml_parser_parse returned 0) as
 * one diagnostic at its file:line:column: reader errors at the offending
 * character, tab indentation, and the common mistakes (wrong indentation,
 * an unquoted ": " in a value, a key without a colon, an unclosed quote or
 * bracket) explained. */
void load_yaml_error(const yaml_parser_t *parser, const struct load_text *text,
		     struct diag_list *diags, const char *file);

#endif
