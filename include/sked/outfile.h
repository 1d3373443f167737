/* outfile: writes a file the user named (sked export -o, the browser's
 * export prompt), doing to the path what the user would expect:
 *
 * - a regular file is replaced atomically (statefile_replace: a temporary
 *   file in its directory, then a rename), keeping its mode and, where
 *   permitted, its owner; a new file gets mode 0666 less the umask;
 * - a symbolic link is followed: the file it points to is replaced, in
 *   that file's directory, and the link stays; a link to nothing is an
 *   error (nothing is created wherever it points);
 * - anything else that exists (a device such as /dev/null, a FIFO, a
 *   terminal) is opened and written straight into, never replaced;
 *   /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N write to that
 *   descriptor itself, so `>>` and pipes work as the shell set them up;
 * - a directory is an error;
 * - a file in one of sked's own directories (statefile_own_dir), or a
 *   link to one, is an error: never replaced, nor created there.
 *
 * outfile_write() writes a whole buffer; outfile_open(), outfile_put() and
 * outfile_close() write piece by piece (an export, never held whole),
 * with the same guarantees: a replaced file changes only once every piece
 * was written, so a write that fails (a full disk) leaves the old file as
 * it was and no temporary file behind. */
#ifndef SKED_OUTFILE_H
#define SKED_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes data[0..len) to path as above. On failure returns false and sets
 * *error (the caller frees) to a message naming the path. */
bool outfile_write(const char *path, const char *data, size_t len,
		   char **error);

/* An output being written. */
struct outfile;

/* Opens path as above (a regular file: its temporary replacement). NULL
 * on failure, with *error (the caller frees) naming the path. */
struct outfile *outfile_open(const char *path, char **error);
/* Writes data[0..len) to f. False when it cannot (errno kept for
 * outfile_close's message); every later put is then refused. */
bool outfile_put(struct outfile *f, const char *data, size_t len);
/* Ends f, which it frees: the replacement put in place, or the device
 * closed. False, with *error (the caller frees) naming the path and the
 * reason, when a put or this failed; a replaced file is then untouched. */
bool outfile_close(struct outfile *f, char **error);
/* Ends f (NULL: nothing) without putting anything in place: a replaced
 * file stays as it was (what went to a device or descriptor is gone). */
void outfile_discard(struct outfile *f);

#endif
