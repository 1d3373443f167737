#include "sked/statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sked/xalloc.h"

char *
statefile_path(enum statefile_kind kind, const char *name)
{
	const char *var = kind == STATEFILE_STATE ? "XDG_STATE_HOME"
						  : "XDG_DATA_HOME";
	const char *fallback = kind == STATEFILE_STATE ? ".local/state"
						       : ".local/share";
	const char *base = getenv(var);
	/* The spec: relative paths are invalid and to be ignored. */
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/sked/%s", base, name);
	const char *home = getenv("HOME");
	if (home == NULL || home[0] != '/')
		return NULL;
	return xasprintf("%s/%s/sked/%s", home, fallback, name);
}

/* mkdir -p for the directory part of path. */
static bool
statefile_mkdirs(const char *path, char **error)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir) {
		free(dir);
		return true;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				*error = xasprintf("cannot create %s: %s", dir,
						   strerror(errno));
				free(dir);
				return false;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return true;
}

bool
statefile_write(const char *path, const char *data, size_t len,
		bool make_dirs, char **error)
{
	*error = NULL;
	if (make_dirs && !statefile_mkdirs(path, error))
		return false;
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*error = xasprintf("cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return false;
	}
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int saved = errno;
	bool ok = done == len && fsync(fd) == 0;
	if (!ok && done == len)
		saved = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		*error = xasprintf("cannot write %s: %s", path,
				   strerror(saved ? saved : EIO));
		unlink(tmp);
		free(tmp);
		return false;
	}
	free(tmp);
	/* Make the rename itself durable. */
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		int dfd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	free(dir);
	return true;
}

char *
statefile_read(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				free(buf);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}
