/* load: reads a schedule file of any format sked knows (reader.h) into a
 * program: the file is read (its size capped), its format recognized from
 * its content, its reader fills a feed and the builder (build.h) makes the
 * program.
 *
 * The loader never lets a bad file through: every problem becomes a
 * diagnostic at file:line:column naming the offending value's path, and a
 * file with any error yields no program. Hostile input stays bounded: file
 * size is capped here; each reader bounds the rest (the YAML reader refuses
 * aliases and caps nesting depth and node count, and nothing recurses on
 * the file's structure). */
#ifndef SKED_LOAD_H
#define SKED_LOAD_H

#include <stddef.h>

#include "sked/build.h"
#include "sked/diag.h"
#include "sked/program.h"

enum load_status {
	LOAD_OK,
	LOAD_UNREADABLE, /* missing or unreadable file (EX_NOINPUT) */
	LOAD_INVALID,    /* the file has errors, or is of no format sked
			  * reads (EX_DATAERR) */
};

enum {
	LOAD_MAX_FILE = 256 * 1024 * 1024, /* bytes */
	LOAD_MAX_DEPTH = 32,               /* nested lists and mappings */
	LOAD_MAX_NODES = 16 * 1024 * 1024, /* scalars, lists and mappings */
};

/* Loads the file at path, which is also its name in messages, with the
 * build options o (NULL: the defaults). Returns a program the caller
 * destroys, or NULL with *status saying why. Warnings and errors are
 * appended to diags. */
struct program *load_file_with(const char *path, const struct build_options *o,
			       struct diag_list *diags,
			       enum load_status *status);
/* The same from memory; buf need not be NUL-terminated. */
struct program *load_buffer_with(const char *name, const char *buf, size_t len,
				 const struct build_options *o,
				 struct diag_list *diags);
/* The same with the default options. */
struct program *load_file(const char *path, struct diag_list *diags,
			  enum load_status *status);
struct program *load_buffer(const char *name, const char *buf, size_t len,
			    struct diag_list *diags);

#endif
