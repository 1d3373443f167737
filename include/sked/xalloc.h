/* xalloc: allocation that never returns NULL (it aborts on exhaustion). */
#ifndef SKED_XALLOC_H
#define SKED_XALLOC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

/* All return memory the caller owns and frees with free(). */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A function run before an out-of-memory abort or another fatal exit
 * (xalloc_run_fatal_hook), e.g. to restore the terminal before the
 * message; NULL for none. */
void xalloc_set_fatal_hook(void (*hook)(void));
/* Runs that hook, if any, once: before any other fatal message (a
 * library that cannot be loaded, lazylib.c). */
void xalloc_run_fatal_hook(void);
/* Says sked is out of memory (size bytes asked for) and aborts, after
 * that hook: for an allocator of sked's own (arena.h) asked for more
 * than any memory holds. */
void xalloc_die(size_t size) __attribute__((noreturn));
/* printf into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* qsort() that takes an empty array as it comes (NULL, 0): the C
 * library's is declared nonnull, and UBSan says so of qsort(NULL, 0). */
static inline void
xqsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

#endif
