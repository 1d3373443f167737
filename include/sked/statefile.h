/* statefile: where sked keeps state (XDG base directories) and how it
 * replaces a file atomically: a temporary file in the same directory,
 * written, fsync'ed, renamed over the old one; so a crash leaves the old
 * or the new file, never a broken one. */
#ifndef SKED_STATEFILE_H
#define SKED_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>

enum statefile_kind {
	STATEFILE_STATE, /* $XDG_STATE_HOME/sked, else ~/.local/state/sked */
	STATEFILE_DATA,  /* $XDG_DATA_HOME/sked, else ~/.local/share/sked */
};

/* The path of `name` in sked's directory of that kind (not created), as a
 * string the caller frees; NULL when neither the XDG variable nor HOME is
 * set to an absolute path. */
char *statefile_path(enum statefile_kind kind, const char *name);

/* Replaces the file at path with data[0..len), creating its directory
 * (mode 0700) first when make_dirs. On failure returns false and sets
 * *error (the caller frees) to a message naming the path; the old file is
 * untouched. */
bool statefile_write(const char *path, const char *data, size_t len,
		     bool make_dirs, char **error);

/* Reads a whole file of at most max bytes into a NUL-terminated string
 * the caller frees; NULL (with errno) when it cannot. */
char *statefile_read(const char *path, size_t max, size_t *len);

#endif
