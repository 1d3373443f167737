/* statefile: where sked keeps state (XDG base directories), how it
 * replaces a file atomically, and how it locks one against other sked
 * processes.
 *
 * A file is replaced by a temporary file in the same directory, written,
 * fsync'ed, renamed over the old one; so a crash leaves the old or the new
 * file, never a broken one. The temporary file is unnamed (O_TMPFILE)
 * while it is written where the file system allows, and is named
 * .<name>.sked-tmp-XXXXXX (hidden, and a name no other program uses) only
 * for the instant before the rename; where it must be named from the
 * start, the writer holds an fcntl lock on it. Only in sked's own
 * directories (STATEFILE_CLEAN) does a save first remove the files of that
 * naming beside the target that no live writer holds (left by a writer
 * killed mid-save): never in a directory the user chose, where such a file
 * may be the user's. */
#ifndef SKED_STATEFILE_H
#define SKED_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

enum statefile_kind {
	STATEFILE_STATE, /* $XDG_STATE_HOME/sked, else ~/.local/state/sked */
	STATEFILE_DATA,  /* $XDG_DATA_HOME/sked, else ~/.local/share/sked */
	STATEFILE_CONFIG, /* $XDG_CONFIG_HOME/sked, else ~/.config/sked */
	STATEFILE_CACHE, /* $XDG_CACHE_HOME/sked, else ~/.cache/sked */
};

/* The path of `name` in sked's directory of that kind (not created), as a
 * string the caller frees; NULL when neither the XDG variable nor HOME is
 * set to an absolute path. */
char *statefile_path(enum statefile_kind kind, const char *name);

/* The one of sked's own directories (the four above, resolved: their
 * real paths, as far as they exist) that is or holds the file at path,
 * which is resolved (realpath: no symbolic link in it; it need not
 * exist), or, when st (the file's stat) says it has other hard links,
 * that holds one of them: as a string the caller frees; NULL when none
 * does; *by_link then says whether it was one of the hard links. A file
 * the user names for sked to write (outfile.h) must not be
 * one of sked's programs, agendas or state. */
char *statefile_own_dir(const char *path, const struct stat *st,
			bool *by_link);

/* Flags of statefile_replace. */
enum {
	STATEFILE_MKDIRS = 1, /* create the directory (mode 0700) first */
	STATEFILE_KEEP = 2,   /* keep the mode and owner of the file replaced */
	/* The directory is sked's own (state, data): remove the temporary
	 * files killed writers left there. */
	STATEFILE_CLEAN = 4,
	/* A cache (snapshot.h): no fsync. A crash may leave the file torn,
	 * which its reader must detect (a checksum); saving the fsync of a
	 * 100 MB snapshot keeps the first load of a file fast. */
	STATEFILE_NOSYNC = 8,
};

/* Replaces the file at path (not a symbolic link: the caller resolves
 * those) with data[0..len). A new file gets `mode` less the umask; with
 * STATEFILE_KEEP, a file already there keeps its own mode and, where
 * permitted, owner. On failure returns false and sets *error (the caller
 * frees) to a message naming the path; the old file is untouched. */
bool statefile_replace(const char *path, const char *data, size_t len,
		       unsigned mode, int flags, char **error);
/* A replacement written piece by piece, for data too large to hold whole
 * (an export): statefile_begin() makes the temporary file as
 * statefile_replace() does (same path, mode and flags) and sets w; the
 * caller writes the new contents to w->fd (statefile_write_all), then
 * either statefile_commit() puts the file in place (false, with *error,
 * when that fails: the old file is untouched), or statefile_discard()
 * removes it, leaving the old file untouched. Either one ends w, whose
 * other fields are statefile's own. */
struct statefile_pending {
	int fd;
	int dirfd, flags;
	char *path, *tmp;
};
bool statefile_begin(struct statefile_pending *w, const char *path,
		     unsigned mode, int flags, char **error);
bool statefile_commit(struct statefile_pending *w, char **error);
/* Does nothing to a w already ended (or never begun: fd -1). */
void statefile_discard(struct statefile_pending *w);
/* statefile_replace for sked's private state, in its own directories:
 * mode 0600, STATEFILE_CLEAN. */
bool statefile_write(const char *path, const char *data, size_t len,
		     bool make_dirs, char **error);

/* Moves the file at path, which sked could not read as its own, out of
 * the way for the user to look at: to PATH.corrupt-YYYYMMDDTHHMMSSZ, or
 * with "-2", "-3"... after it when that name is taken (a file set aside
 * is never overwritten, by a second one set aside in the same second
 * either). True with *aside (the caller frees it); false with errno. */
bool statefile_set_aside(const char *path, char **aside);

/* How statefile_lock waits while another process holds the lock. It
 * tries again every few milliseconds (at most 50) and, before each wait,
 * asks go_on(arg, holder, waited_ms) whether to go on: holder is the pid
 * holding the lock (0 when the system cannot tell), waited_ms how long it
 * has waited so far. A caller with a signal handler gives up there when
 * its flag is set (a blocking F_SETLKW would miss a signal that came just
 * before it, and wait on). */
struct statefile_wait {
	bool (*go_on)(void *arg, long holder, unsigned waited_ms);
	void *arg;
	long holder;  /* out: the holder last seen, 0 for none */
	bool gave_up; /* out: go_on returned false */
};

/* Takes an exclusive lock on <path>.lock (created with mode 0600, and its
 * directory when make_dirs; never removed, as removing a lock file lets
 * two processes lock two different files), waiting for it as wait says
 * (NULL: as long as it takes). Returns the descriptor to pass to
 * statefile_unlock, or -1 with *error. The lock is an fcntl lock, so it
 * also works on NFS, and dies with the process. */
int statefile_lock(const char *path, bool make_dirs,
		   struct statefile_wait *wait, char **error);
void statefile_unlock(int fd);

/* Writes all of data[0..len) to fd, again after a short write or a
 * signal; false with errno (EIO for a write that wrote nothing). The one
 * loop every writer of a whole buffer uses. */
bool statefile_write_all(int fd, const char *data, size_t len);
/* Reads into buf[0..len) from fd, again after a short read or a signal,
 * until it is full, the file ends or an error stops it: from where fd is
 * (at < 0) or from offset at (pread). Returns the bytes read; *failed
 * (when not NULL) says whether an error stopped it (errno says which).
 * The one loop every reader of a whole buffer uses. */
size_t statefile_read_full(int fd, void *buf, size_t len, long long at,
			   bool *failed);

/* Reads a whole file of at most max bytes into a NUL-terminated string
 * the caller frees; NULL (with errno) when it cannot. */
char *statefile_read(const char *path, size_t max, size_t *len);

/* Makes a change to path's name (a rename, a link, a removal) durable:
 * fsyncs the directory it is in; errors are ignored (the change is made,
 * only not yet durable). */
void statefile_sync_dir(const char *path);

#endif
