/* diag: errors and warnings about input files, each at file:line:column. */
#ifndef SKED_DIAG_H
#define SKED_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_severity { DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_severity severity;
	char *file;      /* owned */
	unsigned line;   /* 1-based; 0 when the message is about the whole file */
	unsigned column; /* 1-based, in characters */
	char *message;   /* owned; "path: what was expected, got ..." */
};

/* A growing list of diagnostics; storage is the caller's (init/finish). */
struct diag_list {
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
	size_t dropped; /* messages beyond DIAG_MAX, counted but not kept */
};

enum { DIAG_MAX = 100 };

void diag_list_init(struct diag_list *l);
void diag_list_finish(struct diag_list *l);
/* Appends src's diagnostics to dst, as if added there in their order
 * (those past DIAG_MAX counted as dropped), and leaves src empty. */
void diag_list_move(struct diag_list *dst, struct diag_list *src);
void diag_add(struct diag_list *l, enum diag_severity sev, const char *file,
	      unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Writes "file:line:col: [warning: ]message" lines to fp. */
void diag_print(const struct diag_list *l, FILE *fp);
/* Formats one diagnostic into a new string the caller frees. Safe to
 * print anywhere: control characters and escape sequences (which a file's
 * name may hold) are made harmless as text.h's text_sanitize makes them;
 * tabs and line breaks stay. */
char *diag_format(const struct diag *d);
/* A value from a file as a message quotes it, in buf (which it returns):
 * in double quotes, cut after 40 bytes (never inside a character) with
 * "...", never raw to the terminal: control characters, invalid bytes,
 * '"' and '\\' as \xNN; C1 controls and the invisible characters that
 * reorder or hide text (text_is_unsafe()) as \uNNNN. The one quoting of
 * the builder and the YAML reader. */
const char *diag_quote(const char *s, char *buf, size_t size);

#endif
