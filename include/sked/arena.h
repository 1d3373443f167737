/* arena: a bump allocator; everything allocated from it is freed at once.
 *
 * An arena's memory is zero until written, its blocks and aligned
 * allocations are aligned to 16 bytes, and at least ARENA_TAIL bytes
 * that are never handed out follow the last allocation of every block.
 * So up to the next 16-byte boundary a string of an arena is followed by
 * zeros or by later strings, and past the block's last one by zeros:
 * PCRE2's JIT, matching a program's string, reads past its end (a
 * 16-byte load at most, in 10.42; ARENA_TAIL allows for twice that). */
#ifndef SKED_ARENA_H
#define SKED_ARENA_H

#include <stddef.h>

enum { ARENA_TAIL = 32 };

struct arena;

/* Returns a new, empty arena; the caller destroys it. */
struct arena *arena_create(void);
/* Frees the arena and everything allocated from it; NULL is a no-op. */
void arena_destroy(struct arena *a);
/* Memory owned by the arena, aligned for any type, zero; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* An array of n elements of size bytes each, as arena_alloc's; when n is
 * 0, one shared pointer that is not NULL and holds nothing (nothing may
 * be read or written through it): most sessions have no links, languages
 * or authors, and an empty array allocated for each was 6 MB of a
 * 100,000-session program. Exits (xalloc.h) when n * size overflows. */
void *arena_array(struct arena *a, size_t n, size_t size);
/* A NUL-terminated copy of s[0..n) owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* The bytes the arena holds in its blocks (its mappings aside): what it
 * costs, used or not. */
size_t arena_size(const struct arena *a);
/* The size of a string of n bytes padded: its bytes, then zeros (at least
 * one) to the arena's alignment. A snapshot's strings are laid out so
 * (snapshot.h). */
size_t arena_padded(size_t n);

/* The first len bytes of the regular file open on fd, mapped read-only
 * and followed by at least pad zero bytes, owned by the arena: unmapped
 * when it is destroyed. NULL when it cannot be mapped (the caller reads
 * the file instead). A mapping costs no copy and no fresh memory: its
 * pages are the page cache's (writing to them faults). The file
 * must not shrink while mapped (a read past its new end faults): only for
 * files that are replaced by rename, never rewritten in place, such as
 * sked's snapshots (statefile.h). */
const void *arena_map(struct arena *a, int fd, size_t len, size_t pad);

#endif
