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

static bool
outfile_fail(const char *path, char **error)
{
	*error = xasprintf("cannot write %s: %s", path, strerror(errno));
	return false;
}

bool
outfile_write(const char *path, const char *data, size_t len, char **error)
{
	*error = NULL;
	int named = outfile_named_fd(path);
	if (named >= 0) {
		if (fcntl(named, F_GETFD) < 0 ||
		    !statefile_write_all(named, data, len))
			return outfile_fail(path, error);
		return true;
	}
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return outfile_fail(path, error);
		return statefile_replace(path, data, len, 0666, 0, error);
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
		return false;
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
		bool ok = statefile_replace(real, data, len, 0666,
					    STATEFILE_KEEP, error);
		free(real);
		return ok;
	}
	/* A device, FIFO or terminal: written into, never replaced. */
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return outfile_fail(path, error);
	if (!statefile_write_all(fd, data, len)) {
		int e = errno;
		close(fd);
		errno = e;
		return outfile_fail(path, error);
	}
	if (close(fd) != 0)
		return outfile_fail(path, error);
	return true;
}
