#include "sked/arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sked/xalloc.h"

enum {
	ARENA_BLOCK = 64 * 1024,
	/* Once an arena holds this much, its blocks are mappings of whole
	 * huge pages (ARENA_HUGE), aligned to them. They are not advised
	 * MADV_HUGEPAGE (they were until the session of 2026-11-23): on the
	 * development machine, a VM, a huge page's first touch costs about
	 * five times a small page's per byte, and an arena that grows to
	 * hundreds of them paid it all (the kernel's clear_page was 17% of
	 * a cold load of 100,000 sessions with them, 3% without; the load
	 * took 1.19x as long, 11 alternating pairs, 1.04-1.61, and 1.2x in
	 * another 11; 10,000 sessions the same within the noise). A kernel
	 * that backs every mapping with huge pages (transparent_hugepage
	 * =always) still may. */
	ARENA_HUGE = 2 * 1024 * 1024,
	ARENA_HUGE_AFTER = 4 * ARENA_HUGE,
	/* A request this large (a file read whole) gets huge pages of its
	 * own at once, advised MADV_HUGEPAGE: FOSDEM's 1.6 MB schedule.xml
	 * took 400 faults to read, and its import 7% less time without them
	 * (ten times its size: 1.05 to 1.09 faster than with no advice at
	 * all, 21 alternating pairs, again in 2026-11-23). Less than half a huge
	 * page is added to the memory: one under 2 MiB is rounded up to a
	 * huge page, one past it ends on small pages. */
	ARENA_HUGE_REQUEST = ARENA_HUGE / 2,
	/* Bytes never handed out at the end of every block (arena.h). */
	ARENA_TAIL_BYTES = ARENA_TAIL,
};
_Static_assert(ARENA_TAIL % alignof(max_align_t) == 0,
	       "blocks' sizes stay aligned");

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	size_t mapped; /* the length of its mapping; 0: from malloc */
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
	size_t bytes; /* in its blocks */
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
		if (b->mapped)
			munmap(b, b->mapped);
		else
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

/* A block of whole huge pages holding at least size bytes (advised to
 * be backed with them for a request of ARENA_HUGE_REQUEST or more), for
 * an arena past ARENA_HUGE_AFTER or such a request;
 * NULL for a smaller one, or when the mapping fails (malloc's block does
 * then). */
static struct arena_block *
arena_huge_block(struct arena *a, size_t size)
{
	if ((a->bytes < ARENA_HUGE_AFTER && size < ARENA_HUGE_REQUEST) ||
	    size > SIZE_MAX / 2 - sizeof(struct arena_block) - 2 * ARENA_HUGE)
		return NULL;
	/* Whole huge pages up to the first one; past it, whole huge
	 * pages and a tail of small ones: a 2.2 MB request (100,000
	 * sessions' array) held 4 MB once its last page was touched. */
	size_t want = sizeof(struct arena_block) + size + ARENA_TAIL_BYTES,
	       page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = want <= ARENA_HUGE
		? ARENA_HUGE
		: (want + page - 1) / page * page;
	size_t huge = len / ARENA_HUGE * ARENA_HUGE;
	/* Aligned to a huge page: a mapping one huge page longer, its
	 * unaligned head and tail given back. */
	char *m = mmap(NULL, len + ARENA_HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	uintptr_t at = ((uintptr_t)m + ARENA_HUGE - 1) & ~(uintptr_t)(ARENA_HUGE - 1);
	char *p = (char *)at;
	if (p > m)
		munmap(m, (size_t)(p - m));
	if (m + ARENA_HUGE > p)
		munmap(p + len, (size_t)(m + ARENA_HUGE - p));
	/* Advice only: without transparent huge pages it is 4 KiB pages
	 * as before. */
	if (size >= ARENA_HUGE_REQUEST)
		(void)madvise(p, huge, MADV_HUGEPAGE);
	struct arena_block *b = (struct arena_block *)p;
	/* Zeros, as every fresh mapping is. */
	*b = (struct arena_block){.size = len - sizeof(*b) - ARENA_TAIL_BYTES,
				  .mapped = len};
	return b;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	/* No memory holds it; rounded up, it would wrap to a few bytes. */
	if (size > SIZE_MAX / 4)
		xalloc_die(size);
	size = (size + align - 1) & ~(align - 1);
	struct arena_block *b = a->head;
	if (b != NULL) /* strings may have left it unaligned */
		b->used = (b->used + align - 1) & ~(align - 1);
	if (b == NULL || b->used > b->size || b->size - b->used < size) {
		/* Large requests get a block of their own behind the current
		 * one, so the current block's free space is not wasted. */
		size_t bsize = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
		struct arena_block *nb = arena_huge_block(a, size);
		bool own = bsize != ARENA_BLOCK;
		if (nb != NULL) {
			/* Its own block when the rest of it would be less
			 * than what the current one has left. */
			own = b != NULL && nb->size - size < b->size - b->used;
		} else {
			/* Zeroed: no byte of a block is left uninitialized
			 * (arena.h). */
			nb = xcalloc(1, sizeof(*nb) + bsize + ARENA_TAIL_BYTES);
			*nb = (struct arena_block){.size = bsize};
		}
		a->bytes += nb->size;
		if (b != NULL && own) {
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

void *
arena_array(struct arena *a, size_t n, size_t size)
{
	static max_align_t empty;
	if (n == 0)
		return &empty;
	if (size != 0 && n > SIZE_MAX / size)
		xalloc_die(SIZE_MAX);
	return arena_alloc(a, n * size);
}

size_t
arena_size(const struct arena *a)
{
	return a->bytes;
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

size_t
arena_padded(size_t n)
{
	const size_t align = alignof(max_align_t);
	return (n + align) & ~(align - 1);
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
