/* buf: a growing byte string, for text built piece by piece (calendar
 * lines, HTML made text, search terms).
 *
 * Zero-initialize it ({0}); after the first buf_put() v is NUL-terminated
 * at n (buf_put(b, "", 0) makes an empty string). The caller owns v and
 * frees it with free(). */
#ifndef SKED_BUF_H
#define SKED_BUF_H

#include <stddef.h>

struct buf {
	char *v;
	size_t n, cap;
};

/* Appends s[0..n) (which may hold NUL bytes). */
void buf_put(struct buf *b, const char *s, size_t n);
/* Appends the string s. */
void buf_puts(struct buf *b, const char *s);
/* Room for n more bytes (and a NUL after them): returns where they go,
 * v + n, for a writer that fills them itself (text_sanitize_into); it
 * then adds what it wrote to b->n, and writes the NUL if it reads v as a
 * string. */
char *buf_room(struct buf *b, size_t n);

#endif
