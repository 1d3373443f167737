#include "sked/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sked/xalloc.h"

enum { ARENA_BLOCK = 64 * 1024 };

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

/* A file mapped by arena_map. */
struct arena_mapping {
	struct arena_mapping *next;
	void *addr;
	size_t len;
};

struct arena {
	struct arena_block *head;
	struct arena_mapping *maps;
};

struct arena *
arena_create(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_destroy(struct arena *a)
{
	if (a == NULL)
		return;
	struct arena_block *b = a->head;
	while (b != NULL) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	while (a->maps != NULL) {
		struct arena_mapping *next = a->maps->next;
		munmap(a->maps->addr, a->maps->len);
		free(a->maps);
		a->maps = next;
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	struct arena_block *b = a->head;
	if (b != NULL) /* strings may have left it unaligned */
		b->used = (b->used + align - 1) & ~(align - 1);
	if (b == NULL || b->used > b->size || b->size - b->used < size) {
		/* Large requests get a block of their own behind the current
		 * one, so the current block's free space is not wasted. */
		size_t bsize = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
		struct arena_block *nb = xmalloc(sizeof(*nb) + bsize);
		nb->size = bsize;
		nb->used = 0;
		if (b != NULL && bsize != ARENA_BLOCK) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += size;
	return p;
}

/* Strings need no alignment: they are packed byte to byte. */
static void *
arena_alloc_bytes(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	if (b != NULL && b->size - b->used >= size) {
		void *p = b->data + b->used;
		b->used += size;
		return p;
	}
	return arena_alloc(a, size);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc_bytes(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

const void *
arena_map(struct arena *a, int fd, size_t len, size_t pad)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	if (len > SIZE_MAX - pad - page)
		return NULL;
	size_t total = (len + pad + page - 1) / page * page;
	/* Zeros first, the whole length; then the file over its start: the
	 * bytes past its end, in its last page and after, are zeros. */
	void *base = mmap(NULL, total, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	/* Read-only: MAP_POPULATE on a writable private mapping faults
	 * every page in for writing, which copies the whole file into fresh
	 * memory (the copy a mapping is meant to save). */
	if (len > 0 &&
	    mmap(base, len, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE,
		 fd, 0) == MAP_FAILED) {
		munmap(base, total);
		return NULL;
	}
	struct arena_mapping *m = xmalloc(sizeof(*m));
	*m = (struct arena_mapping){a->maps, base, total};
	a->maps = m;
	return base;
}
