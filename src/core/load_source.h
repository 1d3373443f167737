/* load_source: a file read a piece at a time into one buffer, reused, and
 * the hash of a source for its snapshot's key. Private to the core.
 *
 * The loader streams a sked YAML file through it to libyaml (yamltree.c
 * pulls the pieces) instead of holding the whole file while it is parsed:
 * a cold load then peaks at the program's size, not the program's and the
 * file's. The pieces are hashed as they are read, so that the snapshot
 * written after the parse has the key a file in memory would have
 * (load_hash), and the size limit is kept as they come, for a file that
 * grows while it is read. */
#ifndef SKED_LOAD_SOURCE_H
#define SKED_LOAD_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sked/diag.h"

/* 64 KiB: from the heap, in L2, read and hashed there (a 1 MiB piece was
 * a fresh mapping: 256 page faults each load). */
enum { LOAD_PIECE = 1 << 16 };

struct load_source {
	int fd;                  /* borrowed; read from where it is */
	const char *file;        /* its name in messages */
	struct diag_list *diags; /* NULL: errors not reported */
	unsigned char *piece;    /* LOAD_PIECE bytes, reused */
	size_t n;                /* the piece's bytes: LOAD_PIECE but last */
	size_t off;              /* the file offset of piece[0] */
	bool hashing;            /* hash holds the pieces' hash */
	uint64_t hash;           /* of the pieces so far, as load_hash */
	bool end;                /* the file ends within or after piece */
	bool failed;             /* a read error, or the file too large:
				  * reported (to diags) */
	bool read_error;         /* failed by a read error */
	/* load_source_pread's window, on an error path only. */
	unsigned char *win;
	size_t win_off, win_n;
};

/* Starts reading fd: its first piece in s->piece. False on a read error
 * (reported as "cannot read" when diags is not NULL). s is closed with
 * load_source_close either way. hash: keep s->hash. */
bool load_source_open(struct load_source *s, int fd, const char *file,
		      bool hash, struct diag_list *diags);
/* The next piece in s->piece, s->n > 0 bytes of it at file offset s->off.
 * False at the file's end, or when it fails (s->failed): a read error, or
 * the file grown past LOAD_MAX_FILE ("file too large"). */
bool load_source_next(struct load_source *s);
/* Up to n bytes of the file at offset off into dst, read again (pread):
 * for the messages that quote a file around an error, and the position
 * of a bad byte. A regular file only; the bytes read (0 past the end or
 * on an error). */
size_t load_source_pread(struct load_source *s, size_t off,
			 unsigned char *dst, size_t n);
/* Frees s's buffers (not its fd). */
void load_source_close(struct load_source *s);

/* buf[0..len)'s hash for a snapshot's key: snapshot_hash over pieces of
 * LOAD_PIECE bytes, each seeded with the hash so far (an empty buffer is
 * one empty piece), which is what a load_source keeps of the same
 * bytes read from a file. */
uint64_t load_hash(const char *buf, size_t len);

/* "file too large" about file, the one message for the size limit. */
void load_too_large(const char *file, struct diag_list *diags);

#endif
