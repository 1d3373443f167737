/* arena: a bump allocator; everything allocated from it is freed at once. */
#ifndef SKED_ARENA_H
#define SKED_ARENA_H

#include <stddef.h>

struct arena;

/* Returns a new, empty arena; the caller destroys it. */
struct arena *arena_create(void);
/* Frees the arena and everything allocated from it; NULL is a no-op. */
void arena_destroy(struct arena *a);
/* Memory owned by the arena, aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* A NUL-terminated copy of s[0..n) owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* The size of the memory a string of n bytes takes as a program's string:
 * its bytes, then zeros (at least one) to the arena's alignment, so that
 * no uninitialized byte follows it (PCRE2's JIT, matching the string,
 * reads a few bytes past its end). */
size_t arena_padded(size_t n);
/* A copy of s[0..n) owned by the arena, in arena_padded(n) bytes. */
char *arena_strndup_padded(struct arena *a, const char *s, size_t n);

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
