/* O_TMPFILE and linkat's AT_SYMLINK_FOLLOW are Linux's. */
#define _GNU_SOURCE

#include "sked/statefile.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sked/xalloc.h"

char *
statefile_path(enum statefile_kind kind, const char *name)
{
	/* The XDG Base Directory specification's variables and defaults. */
	static const struct {
		const char *var, *fallback;
	} dirs[] = {
		[STATEFILE_STATE] = {"XDG_STATE_HOME", ".local/state"},
		[STATEFILE_DATA] = {"XDG_DATA_HOME", ".local/share"},
		[STATEFILE_CONFIG] = {"XDG_CONFIG_HOME", ".config"},
		[STATEFILE_CACHE] = {"XDG_CACHE_HOME", ".cache"},
	};
	const char *var = dirs[kind].var, *fallback = dirs[kind].fallback;
	const char *base = getenv(var);
	/* The spec: relative paths are invalid and to be ignored. */
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/sked/%s", base, name);
	const char *home = getenv("HOME");
	if (home == NULL || home[0] != '/')
		return NULL;
	return xasprintf("%s/%s/sked/%s", home, fallback, name);
}

/* path (absolute) resolved as far as it exists: the real path of its
 * longest existing ancestor, then the rest as written (a directory sked
 * has not made yet). NULL when path is not absolute. Caller frees. */
static char *
statefile_resolve(const char *path)
{
	if (path[0] != '/')
		return NULL;
	char *head = xstrdup(path);
	size_t n = strlen(head);
	while (n > 1 && head[n - 1] == '/')
		head[--n] = '\0';
	for (;;) {
		char *real = realpath(head, NULL);
		if (real != NULL) {
			const char *rest = path + strlen(head);
			while (*rest == '/')
				rest++;
			char *out = *rest == '\0' ? xstrdup(real)
				    : xasprintf("%s%s%s", real,
						strcmp(real, "/") ? "/" : "",
						rest);
			/* Its trailing '/', as given, dropped. */
			size_t m = strlen(out);
			while (m > 1 && out[m - 1] == '/')
				out[--m] = '\0';
			free(real);
			free(head);
			return out;
		}
		char *slash = strrchr(head, '/');
		if (slash == head)
			head[1] = '\0'; /* "/" */
		else
			*slash = '\0';
	}
}

/* Whether dir (resolved) is path or holds it. */
static bool
statefile_under(const char *dir, const char *path)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/' || strcmp(dir, "/") == 0);
}

/* The hard link statefile_own_dir looks for (nftw has no argument). */
static dev_t sf_link_dev;
static ino_t sf_link_ino;

static int
statefile_is_link(const char *path, const struct stat *st, int type,
		  struct FTW *ftw)
{
	(void)path;
	(void)ftw;
	return type == FTW_F && st->st_dev == sf_link_dev &&
	       st->st_ino == sf_link_ino;
}

char *
statefile_own_dir(const char *path, const struct stat *st, bool *by_link)
{
	*by_link = false;
	for (int k = STATEFILE_STATE; k <= STATEFILE_CACHE; k++) {
		char *dir = statefile_path((enum statefile_kind)k, "");
		char *real = dir ? statefile_resolve(dir) : NULL;
		free(dir);
		if (real == NULL)
			continue;
		bool holds = statefile_under(real, path);
		if (!holds && st != NULL && S_ISREG(st->st_mode) &&
		    st->st_nlink > 1) {
			sf_link_dev = st->st_dev;
			sf_link_ino = st->st_ino;
			holds = *by_link = nftw(real, statefile_is_link, 8,
						FTW_PHYS | FTW_MOUNT) == 1;
		}
		if (holds)
			return real;
		free(real);
	}
	return NULL;
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

/* The directory part of path ("." for none, "/" for the root). */
static char *
statefile_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Six characters for a temporary name, as mkstemp would pick. */
static void
statefile_suffix(char out[7])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned counter;
	unsigned char r[6];
	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^
			     ++counter * 2654435761u;
		for (size_t i = 0; i < sizeof(r); i++, x >>= 8)
			r[i] = (unsigned char)x;
	}
	for (size_t i = 0; i < 6; i++)
		out[i] = set[r[i] % (sizeof(set) - 1)];
	out[6] = '\0';
}

/* Takes a lock of type (F_WRLCK, F_RDLCK) on fd: true, or false when it
 * is held elsewhere (or the file system has no locks). wait: block until
 * it is free. */
static bool
statefile_fd_lock(int fd, short type, bool wait)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET};
	int r;
	while ((r = fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl)) != 0 &&
	       errno == EINTR)
		;
	return r == 0;
}

/* The name of a temporary file for path: .<name>.sked-tmp-<suffix> in
 * path's directory. Hidden, and a name no other program would pick, so
 * that nobody takes it for theirs (nor sked theirs for its own). */
static const char statefile_temp_infix[] = ".sked-tmp-";

static char *
statefile_temp_name(const char *path, const char *suffix)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xasprintf(".%s%s%s", path, statefile_temp_infix, suffix);
	return xasprintf("%.*s/.%s%s%s", (int)(slash - path), path, slash + 1,
			 statefile_temp_infix, suffix);
}

/* Whether name is "." base ".sked-tmp-" and six letters or digits. */
static bool
statefile_is_temp(const char *name, const char *base)
{
	size_t n = strlen(base), k = strlen(statefile_temp_infix);
	if (name[0] != '.' || strncmp(name + 1, base, n) != 0 ||
	    strncmp(name + 1 + n, statefile_temp_infix, k) != 0)
		return false;
	name += 1 + n + k;
	for (int i = 0; i < 6; i++)
		if (!isalnum((unsigned char)name[i]))
			return false;
	return name[6] == '\0';
}

/* Removes the temporary files of path's naming that were left by a writer
 * killed mid-save: ours (same owner, regular) and unlocked, since a live
 * writer holds its write lock until after the rename. Opened read-only and
 * tested with a read lock (which the writer's write lock excludes): a
 * temporary file gets the mode of the file it replaces, which may be
 * read-only. Called only in sked's own directories. */
static void
statefile_clean(int dirfd, const char *base)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!statefile_is_temp(e->d_name, base))
			continue;
		int t = openat(dirfd, e->d_name,
			       O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
				       O_CLOEXEC);
		if (t < 0)
			continue;
		struct stat st, now;
		/* Still the file locked: not replaced by a new writer's file
		 * meanwhile. */
		if (fstat(t, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() &&
		    statefile_fd_lock(t, F_RDLCK, false) &&
		    fstatat(dirfd, e->d_name, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
		    now.st_dev == st.st_dev && now.st_ino == st.st_ino)
			unlinkat(dirfd, e->d_name, 0);
		close(t); /* releases the lock */
	}
	closedir(d);
}

/* A temporary file for path in its directory (dirfd), locked, with mode
 * given the umask. Unnamed (O_TMPFILE) where possible, *tmp then NULL;
 * else named, *tmp its path (caller frees). -1 with errno on failure. */
static int
statefile_temp(const char *path, int dirfd, unsigned mode, char **tmp)
{
	*tmp = NULL;
#ifdef O_TMPFILE
	/* Linking it needs /proc (AT_EMPTY_PATH needs a capability). */
	if (access("/proc/self/fd", X_OK) == 0) {
		int fd = openat(dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC,
				(mode_t)mode);
		if (fd >= 0) {
			/* Locked from birth, so it is never seen unlocked
			 * once named. */
			statefile_fd_lock(fd, F_WRLCK, true);
			return fd;
		}
		/* Not supported by this file system, or failing: a named
		 * file says what is wrong as well. */
	}
#endif
	for (int attempt = 0; attempt < 100; attempt++) {
		char suffix[7];
		statefile_suffix(suffix);
		char *name = statefile_temp_name(path, suffix);
		int fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			      (mode_t)mode);
		if (fd < 0) {
			int e = errno;
			free(name);
			if (e == EEXIST)
				continue;
			errno = e;
			return -1;
		}
		/* A cleaner may have taken it for a dead writer's in the
		 * instant before the lock: then it is gone, and we retry. */
		statefile_fd_lock(fd, F_WRLCK, true);
		struct stat a, b;
		if (fstat(fd, &a) == 0 && stat(name, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
			*tmp = name;
			return fd;
		}
		close(fd);
		free(name);
	}
	errno = EEXIST;
	return -1;
}

/* Names an unnamed temporary file beside path; *tmp its name. */
static bool
statefile_link(int fd, const char *path, char **tmp)
{
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (int attempt = 0; attempt < 100; attempt++) {
		char suffix[7];
		statefile_suffix(suffix);
		*tmp = statefile_temp_name(path, suffix);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, *tmp, AT_SYMLINK_FOLLOW) == 0)
			return true;
		int e = errno;
		free(*tmp);
		*tmp = NULL;
		errno = e;
		if (e != EEXIST)
			return false;
	}
	return false;
}

bool
statefile_begin(struct statefile_pending *w, const char *path, unsigned mode,
		int flags, char **error)
{
	*error = NULL;
	*w = (struct statefile_pending){.fd = -1, .dirfd = -1};
	if ((flags & STATEFILE_MKDIRS) && !statefile_mkdirs(path, error))
		return false;
	char *dir = statefile_dir(path);
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		*error = xasprintf("cannot write %s: %s", path, strerror(errno));
		free(dir);
		return false;
	}
	if (flags & STATEFILE_CLEAN) {
		const char *slash = strrchr(path, '/');
		statefile_clean(dirfd, slash ? slash + 1 : path);
	}
	char *tmp;
	int fd = statefile_temp(path, dirfd, mode, &tmp);
	if (fd < 0) {
		/* The file itself may be writable: what failed is the new
		 * file beside it, which replaces it (a directory only root
		 * may add to; /proc). */
		int e = errno;
		struct stat old;
		if (stat(path, &old) == 0)
			*error = xasprintf("cannot write %s: cannot make the "
					   "file that replaces it in %s: %s",
					   path, dir, strerror(e));
		else
			*error = xasprintf("cannot write %s: %s", path,
					   strerror(e));
		free(dir);
		close(dirfd);
		return false;
	}
	free(dir);
	struct stat old;
	if ((flags & STATEFILE_KEEP) && stat(path, &old) == 0 &&
	    S_ISREG(old.st_mode)) {
		/* As root, the file stays its owner's; else this fails and
		 * the file becomes ours, as with any editor. */
		if (old.st_uid != geteuid() || old.st_gid != getegid())
			(void)!fchown(fd, old.st_uid, old.st_gid);
		fchmod(fd, old.st_mode & 07777);
	}
	*w = (struct statefile_pending){.fd = fd, .dirfd = dirfd,
					.flags = flags, .path = xstrdup(path),
					.tmp = tmp};
	return true;
}

/* Ends w: the temporary file renamed over the path when ok (fsync'ed
 * first unless STATEFILE_NOSYNC), else removed; everything closed and
 * freed. saved: the errno of a failure the caller met (0 for none);
 * error may be NULL (a discard, which says nothing). */
static bool
statefile_end(struct statefile_pending *w, bool ok, int saved, char **error)
{
	if (error != NULL)
		*error = NULL;
	if (ok && !(w->flags & STATEFILE_NOSYNC) && fsync(w->fd) != 0) {
		ok = false;
		saved = errno;
	}
	if (ok && w->tmp == NULL && !statefile_link(w->fd, w->path, &w->tmp)) {
		ok = false;
		saved = errno;
	}
	if (ok && rename(w->tmp, w->path) != 0) {
		ok = false;
		saved = errno;
	}
	if (!ok && w->tmp != NULL)
		unlink(w->tmp);
	/* Closed last, so the temporary file's lock is released only once
	 * it is renamed or removed (its data was fsync'ed before). */
	close(w->fd);
	free(w->tmp);
	if (!ok && error != NULL)
		*error = xasprintf("cannot write %s: %s", w->path,
				   strerror(saved ? saved : EIO));
	/* Make the rename itself durable. */
	if (ok && !(w->flags & STATEFILE_NOSYNC))
		fsync(w->dirfd);
	close(w->dirfd);
	free(w->path);
	*w = (struct statefile_pending){.fd = -1, .dirfd = -1};
	return ok;
}

bool
statefile_commit(struct statefile_pending *w, char **error)
{
	return statefile_end(w, true, 0, error);
}

void
statefile_discard(struct statefile_pending *w)
{
	if (w->fd >= 0)
		statefile_end(w, false, 0, NULL);
}

bool
statefile_replace(const char *path, const char *data, size_t len,
		  unsigned mode, int flags, char **error)
{
	struct statefile_pending w;
	if (!statefile_begin(&w, path, mode, flags, error))
		return false;
	if (!statefile_write_all(w.fd, data, len))
		return statefile_end(&w, false, errno, error);
	return statefile_commit(&w, error);
}

bool
statefile_write(const char *path, const char *data, size_t len,
		bool make_dirs, char **error)
{
	return statefile_replace(path, data, len, 0600,
				 STATEFILE_CLEAN |
					 (make_dirs ? STATEFILE_MKDIRS : 0),
				 error);
}

/* Milliseconds since an arbitrary start. */
static uint64_t
statefile_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int
statefile_lock(const char *path, bool make_dirs, struct statefile_wait *wait,
	       char **error)
{
	*error = NULL;
	if (wait) {
		wait->holder = 0;
		wait->gave_up = false;
	}
	if (make_dirs && !statefile_mkdirs(path, error))
		return -1;
	char *name = xasprintf("%s.lock", path);
	int fd = open(name, O_RDWR | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);
	if (fd < 0) {
		*error = xasprintf("cannot lock %s: %s", name, strerror(errno));
		free(name);
		return -1;
	}
	/* Tries and short sleeps rather than F_SETLKW: between two tries the
	 * caller can be asked whether to go on, and told who holds it. */
	uint64_t start = statefile_now_ms();
	long nap = 1;
	while (!statefile_fd_lock(fd, F_WRLCK, false)) {
		if (errno != EACCES && errno != EAGAIN) {
			*error = xasprintf("cannot lock %s: %s", name,
					   strerror(errno));
			break;
		}
		struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
		long holder = 0;
		if (fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK &&
		    who.l_pid > 0)
			holder = (long)who.l_pid;
		uint64_t waited = statefile_now_ms() - start;
		unsigned ms = waited > UINT_MAX ? UINT_MAX : (unsigned)waited;
		if (wait) {
			wait->holder = holder;
			if (wait->go_on && !wait->go_on(wait->arg, holder, ms)) {
				wait->gave_up = true;
				*error = holder
					? xasprintf("%s is locked by process %ld",
						    name, holder)
					: xasprintf("%s is locked by another "
						    "process", name);
				break;
			}
		}
		/* A signal ends the nap early: go_on is asked at once. */
		struct timespec ts = {0, nap * 1000000};
		nanosleep(&ts, NULL);
		nap = nap * 2 < 50 ? nap * 2 : 50;
	}
	free(name);
	if (*error != NULL) {
		close(fd);
		return -1;
	}
	return fd;
}

void
statefile_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

bool
statefile_write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return false;
		if (w == 0) {
			errno = EIO;
			return false;
		}
		done += (size_t)w;
	}
	return true;
}

size_t
statefile_read_full(int fd, void *buf, size_t len, long long at, bool *failed)
{
	size_t n = 0;
	if (failed != NULL)
		*failed = false;
	while (n < len) {
		ssize_t r = at < 0 ? read(fd, (char *)buf + n, len - n)
				   : pread(fd, (char *)buf + n, len - n,
					   (off_t)at + (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && failed != NULL)
			*failed = true;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	return n;
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

bool
statefile_set_aside(const char *path, char **aside)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (unsigned i = 1; i < 1000; i++) {
		char *name = i == 1 ? xasprintf("%s.corrupt-%s", path, stamp)
				    : xasprintf("%s.corrupt-%s-%u", path, stamp,
						i);
		/* A second link, then the first gone: link() never replaces
		 * a file, where rename() would. */
		if (link(path, name) == 0) {
			if (unlink(path) == 0) {
				*aside = name;
				return true;
			}
			int e = errno;
			unlink(name);
			free(name);
			errno = e;
			return false;
		}
		int e = errno;
		if (e == EEXIST) {
			free(name);
			continue;
		}
		/* A file system without hard links: rename, to a name that
		 * was free a moment ago. */
		struct stat st;
		if ((e == EPERM || e == ENOTSUP || e == EOPNOTSUPP) &&
		    lstat(name, &st) != 0 && errno == ENOENT) {
			if (rename(path, name) == 0) {
				*aside = name;
				return true;
			}
			e = errno;
		}
		free(name);
		errno = e;
		return false;
	}
	errno = EEXIST;
	return false;
}

void
statefile_sync_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		int fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	free(dir);
}
