#include "sked/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sked/xalloc.h"

char *
buf_room(struct buf *b, size_t n)
{
	if (b->cap - b->n < n + 1) {
		if (n > SIZE_MAX / 4 - b->n)
			abort(); /* never: memory would run out first */
		/* Doubling: appending costs amortized constant time. */
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->n < n + 1)
			cap *= 2;
		b->v = xreallocarray(b->v, cap, 1);
		b->cap = cap;
	}
	return b->v + b->n;
}

void
buf_put(struct buf *b, const char *s, size_t n)
{
	buf_room(b, n);
	if (n > 0)
		memcpy(b->v + b->n, s, n);
	b->n += n;
	b->v[b->n] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}
