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
 * - a directory is an error. */
#ifndef SKED_OUTFILE_H
#define SKED_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes data[0..len) to path as above. On failure returns false and sets
 * *error (the caller frees) to a message naming the path. */
bool outfile_write(const char *path, const char *data, size_t len,
		   char **error);

#endif
