/* skedyaml: the reader of sked's own YAML format (sked(5)). It checks the
 * file's syntax and shape (types, required and unknown keys, with "did you
 * mean"); the builder (build.h) checks the values. */
#ifndef SKED_SKEDYAML_H
#define SKED_SKEDYAML_H

#include <stdbool.h>
#include <stddef.h>

#include "sked/diag.h"
#include "sked/feed.h"

/* True when head[0..n) may be a sked file: YAML that is not one of the
 * other formats. Empty files and files of comments are, so that they are
 * told what a sked file holds. */
bool skedyaml_sniff(const char *head, size_t n);
bool skedyaml_read(struct feed *f, const char *buf, size_t len,
		   struct diag_list *diags);
/* The same from a file read a piece at a time (reader.h). */
struct load_source;
bool skedyaml_read_source(struct feed *f, struct load_source *src,
			  struct diag_list *diags);

#endif
