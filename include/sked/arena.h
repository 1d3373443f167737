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

#endif
