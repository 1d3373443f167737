#include "sked/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/statefile.h"
#include "sked/xalloc.h"

/* The descriptor a path names itself (/dev/stdout, /dev/fd/1...), or -1. */
static int
outfile_named_fd(const char *path)
{
	if (strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	const char *num = NULL;
	if (strncmp(path, "/dev/fd/", 8) == 0)
		num = path + 8;
	else if (strncmp(path, "/proc/self/fd/", 14) == 0)
		num = path + 14;
	if (num == NULL || *num < '0' || *num > '9')
		return -1;
	char *end;
	long fd = strtol(num, &end, 10);
	return *end == '\0' && fd <= INT_MAX ? (int)fd : -1;
}

/* What outfile_open() opened: one of a descriptor named by the path
 * (kept open), a device written into (closed at the end), or a regular
 * file's replacement (statefile_pending). */
struct outfile {
	enum { OUTFILE_NAMED, OUTFILE_DEVICE, OUTFILE_REPLACE } kind;
	int fd;
	int error;  /* errno of the first write that failed; 0 for none */
	char *path; /* for messages: the path given, or the file replaced */
	struct statefile_pending pending;
};

static struct outfile *
outfile_fail(const char *path, char **error)
{
	*error = xasprintf("cannot write %s: %s", path, strerror(errno));
	return NULL;
}

static struct outfile *
outfile_new(int kind, int fd, const char *path)
{
	struct outfile *f = xcalloc(1, sizeof(*f));
	f->kind = kind;
	f->fd = fd;
	f->path = xstrdup(path);
	f->pending.fd = -1;
	return f;
}

/* A regular file's replacement, at the path statefile is given (which its
 * messages name). */
static struct outfile *
outfile_replace(const char *path, int flags, char **error)
{
	struct statefile_pending w;
	if (!statefile_begin(&w, path, 0666, flags, error))
		return NULL;
	struct outfile *f = outfile_new(OUTFILE_REPLACE, w.fd, path);
	f->pending = w;
	return f;
}

/* The resolved path a file not there yet would have: its directory's
 * real path and its name; NULL when the directory cannot be resolved
 * (creating the file then fails and says why). */
static char *
outfile_new_real(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".")
		  : slash == path ? xstrdup("/")
				  : xstrndup(path, (size_t)(slash - path));
	char *real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return NULL;
	char *full = xasprintf("%s/%s", strcmp(real, "/") == 0 ? "" : real,
			       slash ? slash + 1 : path);
	free(real);
	return full;
}

/* Whether the file real (path resolved; st: its stat, NULL for a new
 * one) is in one of sked's own directories, which a file the user names
 * never replaces or adds to: an export over an agenda lost every star
 * in it. Sets *error then. */
static bool
outfile_refused_own(const char *path, const char *real,
		    const struct stat *st, char **error)
{
	bool hard;
	char *dir = statefile_own_dir(real, st, &hard);
	if (dir == NULL)
		return false;
	/* Reached by a hard link elsewhere, or a symbolic link. */
	struct stat lst;
	bool linked = hard || (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode));
	*error = xasprintf("not writing %s: it %s sked's own directory (%s)",
			   path, linked ? "is a link to a file in" : "is in",
			   dir);
	free(dir);
	return true;
}

struct outfile *
outfile_open(const char *path, char **error)
{
	*error = NULL;
	int named = outfile_named_fd(path);
	if (named >= 0) {
		if (fcntl(named, F_GETFD) < 0)
			return outfile_fail(path, error);
		return outfile_new(OUTFILE_NAMED, named, path);
	}
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return outfile_fail(path, error);
		char *real = outfile_new_real(path);
		if (real != NULL && outfile_refused_own(path, real, NULL, error)) {
			free(real);
			return NULL;
		}
		free(real);
		return outfile_replace(path, 0, error);
	}
	if (S_ISLNK(st.st_mode) && stat(path, &st) != 0) {
		if (errno != ENOENT)
			return outfile_fail(path, error);
		/* A link to nothing: creating its target could put a file
		 * anywhere the link says; the user decides instead. */
		char target[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		*error = xasprintf("not writing %s: it is a symbolic link to "
				   "%s, which does not exist",
				   path, target);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return outfile_fail(path, error);
	}
	if (S_ISREG(st.st_mode)) {
		/* Replace the file the links lead to, in its own directory,
		 * so that the links stay. */
		char *real = realpath(path, NULL);
		if (real == NULL)
			return outfile_fail(path, error);
		if (outfile_refused_own(path, real, &st, error)) {
			free(real);
			return NULL;
		}
		struct outfile *f = outfile_replace(real, STATEFILE_KEEP, error);
		free(real);
		return f;
	}
	/* A device, FIFO or terminal: written into, never replaced. */
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return outfile_fail(path, error);
	return outfile_new(OUTFILE_DEVICE, fd, path);
}

bool
outfile_put(struct outfile *f, const char *data, size_t len)
{
	if (f->error)
		return false;
	if (!statefile_write_all(f->fd, data, len)) {
		f->error = errno ? errno : EIO;
		return false;
	}
	return true;
}

/* Ends f: commit, or (commit false) drop what a replacement wrote. */
static bool
outfile_end(struct outfile *f, bool commit, char **error)
{
	bool ok = commit && f->error == 0;
	int e = f->error;
	if (error)
		*error = NULL;
	switch (f->kind) {
	case OUTFILE_NAMED:
		break;
	case OUTFILE_DEVICE:
		if (close(f->fd) != 0 && ok) {
			ok = false;
			e = errno;
		}
		break;
	case OUTFILE_REPLACE:
		if (ok) {
			ok = statefile_commit(&f->pending, error);
			e = 0; /* statefile_commit said why */
		} else {
			statefile_discard(&f->pending);
		}
		break;
	}
	if (!ok && commit && error && *error == NULL)
		*error = xasprintf("cannot write %s: %s", f->path,
				   strerror(e ? e : EIO));
	free(f->path);
	free(f);
	return ok;
}

bool
outfile_close(struct outfile *f, char **error)
{
	return outfile_end(f, true, error);
}

void
outfile_discard(struct outfile *f)
{
	if (f)
		outfile_end(f, false, NULL);
}

bool
outfile_write(const char *path, const char *data, size_t len, char **error)
{
	struct outfile *f = outfile_open(path, error);
	if (f == NULL)
		return false;
	outfile_put(f, data, len);
	return outfile_close(f, error);
}
