/* A file a piece at a time (load_source.h). */
#include "load_source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sked/load.h"
#include "sked/snapshot.h"
#include "sked/statefile.h"
#include "sked/xalloc.h"

void
load_too_large(const char *file, struct diag_list *diags)
{
	diag_add(diags, DIAG_ERROR, file, 0, 0,
		 "file too large (the limit is %d MiB)",
		 LOAD_MAX_FILE / (1024 * 1024));
}

uint64_t
load_hash(const char *buf, size_t len)
{
	uint64_t h = 0;
	size_t off = 0;
	do {
		size_t n = len - off < LOAD_PIECE ? len - off : LOAD_PIECE;
		h = snapshot_hash(buf + off, n, h);
		off += n;
	} while (off < len);
	return h;
}

static bool
ls_fail(struct load_source *s, bool read_error)
{
	s->failed = true;
	s->read_error = read_error;
	if (s->diags == NULL)
		return false;
	if (read_error)
		diag_add(s->diags, DIAG_ERROR, s->file, 0, 0, "cannot read: %s",
			 strerror(errno));
	else
		load_too_large(s->file, s->diags);
	return false;
}

/* Reads the piece after the current one: whole, unless the file ends
 * within it (s->end). */
static bool
ls_fill(struct load_source *s)
{
	bool failed;
	size_t n = statefile_read_full(s->fd, s->piece, LOAD_PIECE, -1, &failed);
	if (failed)
		return ls_fail(s, true);
	s->end = n < LOAD_PIECE;
	s->off += s->n;
	s->n = n;
	if (s->off + n > LOAD_MAX_FILE)
		return ls_fail(s, false);
	/* The pieces load_hash cuts the same bytes into: the last one even
	 * empty when the file is. */
	if (s->hashing && (n > 0 || s->off == 0))
		s->hash = snapshot_hash(s->piece, n, s->hash);
	return true;
}

bool
load_source_open(struct load_source *s, int fd, const char *file, bool hash,
		 struct diag_list *diags)
{
	*s = (struct load_source){
		.fd = fd,
		.file = file,
		.diags = diags,
		.piece = xmalloc(LOAD_PIECE),
		.hashing = hash,
	};
	return ls_fill(s);
}

bool
load_source_next(struct load_source *s)
{
	if (s->end || s->failed)
		return false;
	return ls_fill(s) && s->n > 0;
}

size_t
load_source_pread(struct load_source *s, size_t off, unsigned char *dst,
		  size_t n)
{
	/* Through a window of one piece: the messages read a byte at a time
	 * at places (load_errors.c). */
	if (s->win == NULL)
		s->win = xmalloc(LOAD_PIECE);
	size_t done = 0;
	while (done < n) {
		size_t at = off + done;
		if (at < s->win_off || at >= s->win_off + s->win_n) {
			size_t base = at - at % LOAD_PIECE;
			size_t got = statefile_read_full(s->fd, s->win,
							 LOAD_PIECE,
							 (long long)base, NULL);
			s->win_off = base;
			s->win_n = got;
			if (at >= base + got)
				break; /* past the end, or unreadable */
		}
		size_t k = s->win_off + s->win_n - at;
		if (k > n - done)
			k = n - done;
		memcpy(dst + done, s->win + (at - s->win_off), k);
		done += k;
	}
	return done;
}

void
load_source_close(struct load_source *s)
{
	free(s->piece);
	free(s->win);
	s->piece = s->win = NULL;
}
