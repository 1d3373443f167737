/* load: reads a sked file (format version 1, see sked(5)) into a program.
 *
 * The loader never lets a bad file through: every problem becomes a
 * diagnostic at file:line:column naming the offending value's path, and a
 * file with any error yields no program. Hostile input stays bounded:
 * aliases are refused, nesting depth, node count and file size are capped,
 * and nothing recurses on the file's structure. */
#ifndef SKED_LOAD_H
#define SKED_LOAD_H

#include <stddef.h>

#include "sked/diag.h"
#include "sked/program.h"

enum load_status {
	LOAD_OK,
	LOAD_UNREADABLE, /* missing or unreadable file (EX_NOINPUT) */
	LOAD_INVALID,    /* the file has errors (EX_DATAERR) */
};

enum {
	LOAD_MAX_FILE = 256 * 1024 * 1024, /* bytes */
	LOAD_MAX_DEPTH = 32,               /* nested lists and mappings */
	LOAD_MAX_NODES = 16 * 1024 * 1024, /* scalars, lists and mappings */
};

/* Loads the file at path; name is used in messages. Returns a program the
 * caller destroys, or NULL with *status saying why. Warnings and errors are
 * appended to diags. */
struct program *load_file(const char *path, struct diag_list *diags,
			  enum load_status *status);
/* The same from memory; buf need not be NUL-terminated. */
struct program *load_buffer(const char *name, const char *buf, size_t len,
			    struct diag_list *diags);

#endif
