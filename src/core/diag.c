#include "sked/diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/text.h"
#include "sked/xalloc.h"

void
diag_list_init(struct diag_list *l)
{
	*l = (struct diag_list){0};
}

void
diag_list_finish(struct diag_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].file);
		free(l->v[i].message);
	}
	free(l->v);
	*l = (struct diag_list){0};
}

/* Room for one more diagnostic at the end of l, or NULL (counted as
 * dropped) past DIAG_MAX. */
static struct diag *
diag_slot(struct diag_list *l)
{
	if (l->n >= DIAG_MAX) {
		l->dropped++;
		return NULL;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	return &l->v[l->n++];
}

void
diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	for (size_t i = 0; i < src->n; i++) {
		struct diag *d = diag_slot(dst);
		if (d != NULL) {
			*d = src->v[i];
		} else {
			free(src->v[i].file);
			free(src->v[i].message);
		}
	}
	dst->errors += src->errors;
	dst->warnings += src->warnings;
	dst->dropped += src->dropped;
	free(src->v);
	*src = (struct diag_list){0};
}

void
diag_add(struct diag_list *l, enum diag_severity sev, const char *file,
	 unsigned line, unsigned column, const char *fmt, ...)
{
	if (sev == DIAG_ERROR)
		l->errors++;
	else
		l->warnings++;
	struct diag *d = diag_slot(l);
	if (d == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	*d = (struct diag){
		.severity = sev,
		.file = xstrdup(file),
		.line = line,
		.column = column,
		.message = msg,
	};
}

char *
diag_format(const struct diag *d)
{
	const char *sev = d->severity == DIAG_WARNING ? "warning: " : "";
	char *s = d->line == 0
			  ? xasprintf("%s: %s%s", d->file, sev, d->message)
			  : xasprintf("%s:%u:%u: %s%s", d->file, d->line,
				      d->column, sev, d->message);
	/* Values are quoted (diag_quote), but a file's name is as given,
	 * and a name can hold escapes: never to a terminal, nor to a log
	 * read on one later. */
	size_t n = strlen(s);
	const int keep = TEXT_KEEP_NEWLINE | TEXT_KEEP_TAB;
	if (!text_is_clean(s, n, keep)) {
		char *safe = text_sanitize(s, n, keep);
		free(s);
		s = safe;
	}
	return s;
}

void
diag_print(const struct diag_list *l, FILE *fp)
{
	for (size_t i = 0; i < l->n; i++) {
		char *s = diag_format(&l->v[i]);
		fprintf(fp, "%s\n", s);
		free(s);
	}
	if (l->dropped)
		fprintf(fp, "sked: %zu more messages not shown\n", l->dropped);
}

const char *
diag_quote(const char *s, char *buf, size_t size)
{
	size_t o = 0, len = strlen(s);
	buf[o++] = '"';
	/* Room for the longest escape (10), then "..." or the quote. */
	for (size_t i = 0; i < len && o + 12 < size;) {
		if (i >= 40) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t k = c < 0x80 ? 1
				    : text_utf8_decode((const unsigned char *)s + i,
						       len - i, &cp);
		if (k == 0 || c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
			i++;
		} else if (text_is_unsafe(cp)) {
			/* C1 controls, and what reorders or hides text (a
			 * bidi override in an id would turn the message
			 * around on the terminal): named, not written. */
			o += (size_t)snprintf(buf + o, size - o,
					      cp > 0xFFFF ? "\\U%08x" : "\\u%04x",
					      (unsigned)cp);
			i += k;
		} else {
			memcpy(buf + o, s + i, k);
			o += k;
			i += k;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}
