/* Unit tests of the file writers: statefile_replace's temporary files
 * (none left behind, stale ones cleaned in sked's directories only, live
 * ones and the user's kept), outfile's handling of what is at the path
 * (modes, links, FIFOs, devices, descriptors, directories), written
 * whole or piece by piece (a failing piece keeps the old file), the one
 * whole-buffer write, and statefile_lock's wait (holder named, given up
 * on request). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <grp.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sked/outfile.h"
#include "sked/statefile.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sked-statefile-test-%d", (int)getpid());
	return mkdir(dir, 0700);
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) != 0 ? -1 : 0;
}

static char *
at(const char *name)
{
	static char buf[4][256];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static void
assert_content(const char *path, const char *want)
{
	size_t len;
	char *text = statefile_read(path, 1 << 20, &len);
	assert_non_null(text);
	assert_string_equal(text, want);
	free(text);
}

static void
write_ok(const char *path, const char *data)
{
	char *error;
	bool ok = outfile_write(path, data, strlen(data), &error);
	if (!ok)
		fprintf(stderr, "%s\n", error);
	assert_true(ok);
}

/* Files named like sked's temporary files for prefix, in dir. */
static int
count_temps(const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] == '.' &&
		     strncmp(e->d_name + 1, prefix, strlen(prefix)) == 0 &&
		     strstr(e->d_name, ".sked-tmp-") != NULL;
	closedir(d);
	return n;
}

/* Creates dir/name holding text, with mode. */
static void
make_file(const char *name, const char *text, mode_t mode)
{
	int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void
test_new_file_gets_the_umask(void **state)
{
	(void)state;
	mode_t old = umask(027);
	write_ok(at("new.ics"), "one\n");
	umask(old);
	struct stat st;
	assert_int_equal(stat(at("new.ics"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_content(at("new.ics"), "one\n");
	assert_int_equal(count_temps("new.ics"), 0);
}

static void
test_existing_file_keeps_its_mode(void **state)
{
	(void)state;
	write_ok(at("kept.ics"), "one\n");
	assert_int_equal(chmod(at("kept.ics"), 0604), 0);
	write_ok(at("kept.ics"), "two\n");
	struct stat st;
	assert_int_equal(stat(at("kept.ics"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);
	assert_content(at("kept.ics"), "two\n");
	/* Private state stays private whatever the umask. */
	char *error;
	assert_true(statefile_write(at("state"), "s\n", 2, false, &error));
	assert_int_equal(stat(at("state"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void
test_symlink_is_followed(void **state)
{
	(void)state;
	assert_int_equal(mkdir(at("real"), 0700), 0);
	write_ok(at("real/target.ics"), "old\n");
	assert_int_equal(symlink("real/target.ics", at("link.ics")), 0);
	write_ok(at("link.ics"), "new\n");
	struct stat st;
	assert_int_equal(lstat(at("link.ics"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_content(at("real/target.ics"), "new\n");
	assert_int_equal(count_temps("link.ics"), 0);
}

static void
test_dangling_symlink_is_refused(void **state)
{
	(void)state;
	assert_int_equal(symlink("nowhere/x.ics", at("dangling.ics")), 0);
	char *error;
	assert_false(outfile_write(at("dangling.ics"), "x\n", 2, &error));
	assert_non_null(strstr(error, "symbolic link to nowhere/x.ics, which "
				      "does not exist"));
	free(error);
	struct stat st;
	assert_int_equal(lstat(at("dangling.ics"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(access(at("nowhere"), F_OK), -1);
}

static void
test_fifo_is_written_into(void **state)
{
	(void)state;
	assert_int_equal(mkfifo(at("fifo"), 0600), 0);
	/* A reader first, so that opening it for writing does not wait. */
	int r = open(at("fifo"), O_RDONLY | O_NONBLOCK);
	assert_true(r >= 0);
	write_ok(at("fifo"), "through the fifo\n");
	char buf[64] = {0};
	assert_int_equal(read(r, buf, sizeof(buf) - 1), 17);
	assert_string_equal(buf, "through the fifo\n");
	close(r);
	struct stat st;
	assert_int_equal(lstat(at("fifo"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
}

static void
test_descriptor_paths(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	char path[32];
	snprintf(path, sizeof(path), "/dev/fd/%d", p[1]);
	write_ok(path, "by descriptor\n");
	char buf[64] = {0};
	assert_int_equal(read(p[0], buf, sizeof(buf) - 1), 14);
	assert_string_equal(buf, "by descriptor\n");
	close(p[0]);
	close(p[1]);
	char *error;
	assert_false(outfile_write(path, "x", 1, &error)); /* closed now */
	free(error);
}

/* A device node is written into, not replaced (as root, `-o /dev/null`
 * used to replace /dev/null): a null device made here, root only. */
static void
test_device_is_written_into(void **state)
{
	(void)state;
	if (geteuid() != 0 ||
	    mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)) != 0)
		skip();
	write_ok(at("null"), "gone\n");
	struct stat st;
	assert_int_equal(lstat(at("null"), &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(count_temps("null"), 0);
}

static void
test_directory_is_refused(void **state)
{
	(void)state;
	char *error;
	assert_false(outfile_write(dir, "x", 1, &error));
	assert_non_null(strstr(error, "Is a directory"));
	free(error);
}

/* outfile_open/put/close, piece by piece: the file is replaced by the
 * whole once closed; a discard, or a put that fails (past the file size
 * limit here, as on a full disk), leaves the old file as it was and no
 * temporary file; the failure is named at close. */
static void
test_outfile_in_pieces(void **state)
{
	(void)state;
	make_file("pieces.ics", "old\n", 0644);
	char *error;
	struct outfile *f = outfile_open(at("pieces.ics"), &error);
	assert_non_null(f);
	assert_true(outfile_put(f, "one ", 4));
	assert_content(at("pieces.ics"), "old\n"); /* not yet */
	assert_true(outfile_put(f, "two\n", 4));
	assert_true(outfile_close(f, &error));
	assert_content(at("pieces.ics"), "one two\n");

	f = outfile_open(at("pieces.ics"), &error);
	assert_non_null(f);
	assert_true(outfile_put(f, "dropped", 7));
	outfile_discard(f);
	assert_content(at("pieces.ics"), "one two\n");
	assert_int_equal(count_temps("pieces.ics"), 0);

	static char big[8192];
	memset(big, 'x', sizeof(big));
	struct rlimit old, small;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 3 * sizeof(big) / 2;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	f = outfile_open(at("pieces.ics"), &error);
	assert_non_null(f);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_true(outfile_put(f, big, sizeof(big)));
	bool second = outfile_put(f, big, sizeof(big));
	bool third = outfile_put(f, "x", 1);
	bool closed = outfile_close(f, &error);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_false(second);
	assert_false(third); /* refused once one failed */
	assert_false(closed);
	assert_non_null(strstr(error, "pieces.ics: File too large"));
	free(error);
	assert_content(at("pieces.ics"), "one two\n");
	assert_int_equal(count_temps("pieces.ics"), 0);

	/* A device that fails: the error at the put, named at close. */
	f = outfile_open("/dev/full", &error);
	if (f != NULL) {
		assert_false(outfile_put(f, "x", 1));
		assert_false(outfile_close(f, &error));
		assert_string_equal(error, "cannot write /dev/full: No space "
					   "left on device");
		free(error);
	} else {
		free(error);
	}
}

/* Temporary files a killed writer left in sked's own directory are
 * removed by the next save; one a live writer holds (locked) is not, nor
 * files of other names. */
static void
test_stale_temporary_files_are_cleaned(void **state)
{
	(void)state;
	char *error;
	char path[256];
	snprintf(path, sizeof(path), "%s", at("agenda"));
	assert_true(statefile_write(path, "v1\n", 3, false, &error));
	const char *stale[] = {".agenda.sked-tmp-AAAAAA",
			       ".agenda.sked-tmp-b1c2d3"};
	const char *kept[] = {".agenda.sked-tmp-LIVE00", ".agenda.sked-tmp-short",
			      ".other.sked-tmp-CCCCCC",
			      ".agenda.sked-tmp-DDDDDDx", "agenda.sked-tmp-EEEEEE",
			      "agenda.tmp.FFFFFF"};
	size_t n_kept = sizeof(kept) / sizeof(kept[0]);
	for (size_t i = 0; i < 2; i++)
		make_file(stale[i], "", 0600);
	for (size_t i = 0; i < n_kept; i++)
		make_file(kept[i], "", 0600);
	/* A live writer: another process holding the lock. */
	int ready[2], done[2];
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(done), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(done[1]); /* so that the parent's close ends the read */
		int fd = open(at(kept[0]), O_RDWR);
		struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
		if (fd < 0 || fcntl(fd, F_SETLK, &fl) != 0)
			_exit(1);
		char c = 'x';
		if (write(ready[1], &c, 1) != 1 || read(done[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_true(statefile_write(path, "v2\n", 3, false, &error));
	close(done[1]);
	int status;
	waitpid(pid, &status, 0);
	assert_int_equal(status, 0);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(access(at(stale[i]), F_OK), -1);
	for (size_t i = 0; i < n_kept; i++)
		assert_int_equal(access(at(kept[i]), F_OK), 0);
	assert_content(path, "v2\n");
}

/* Exporting into a directory of the user's never removes a file there,
 * whatever its name: `report.ics.tmp.backup` was taken for a temporary
 * file of report.ics and deleted. Nor one named as sked names its own. */
static void
test_user_files_beside_an_output_are_kept(void **state)
{
	(void)state;
	write_ok(at("report.ics"), "v1\n");
	const char *theirs[] = {"report.ics.tmp.backup", "report.ics.tmp.AAAAAA",
				".report.ics.sked-tmp-BBBBBB"};
	for (size_t i = 0; i < 3; i++)
		make_file(theirs[i], "precious\n", 0600);
	write_ok(at("report.ics"), "v2\n");
	assert_content(at("report.ics"), "v2\n");
	for (size_t i = 0; i < 3; i++)
		assert_content(at(theirs[i]), "precious\n");
}

/* A temporary file gets the mode of the file it replaces: one left behind
 * for a read-only (0444) file is still cleaned, by a user who cannot open
 * it for writing. Run as nobody when the test runs as root (root opens
 * anything), in a directory nobody owns. */
static void
test_read_only_leftover_is_cleaned(void **state)
{
	(void)state;
	const uid_t nobody = 65534;
	char sub[256];
	snprintf(sub, sizeof(sub), "%s", at("ro"));
	assert_int_equal(mkdir(sub, 0700), 0);
	if (geteuid() == 0) {
		assert_int_equal(chmod(dir, 0711), 0);
		assert_int_equal(chown(sub, nobody, nobody), 0);
	}
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgroups(0, NULL) != 0 ||
				       setgid(nobody) != 0 || setuid(nobody) != 0))
			_exit(2);
		if (geteuid() == 0)
			_exit(3);
		char path[300], stale[320];
		snprintf(path, sizeof(path), "%s/state", sub);
		snprintf(stale, sizeof(stale), "%s/.state.sked-tmp-RDONLY",
			 sub);
		int fd = open(stale, O_WRONLY | O_CREAT | O_EXCL, 0444);
		if (fd < 0)
			_exit(4);
		close(fd);
		char *error;
		if (!statefile_write(path, "s\n", 2, false, &error))
			_exit(5);
		_exit(access(stale, F_OK) == 0 ? 6 : 0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0); /* 6: the file was kept */
}

/* statefile_write_all writes everything through short writes (a pipe
 * takes 64 KiB at a time) and fails with the reason. */
static void
test_write_all(void **state)
{
	(void)state;
	enum { SIZE = 1 << 20 };
	char *data = malloc(SIZE);
	assert_non_null(data);
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (char)('a' + i % 26);
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		size_t got = 0;
		char buf[4096];
		ssize_t r;
		int bad = 0;
		while ((r = read(p[0], buf, sizeof(buf))) > 0) {
			for (ssize_t i = 0; i < r; i++)
				bad |= buf[i] != (char)('a' + (got + (size_t)i) % 26);
			got += (size_t)r;
		}
		_exit(got == SIZE && !bad ? 0 : 1);
	}
	close(p[0]);
	assert_true(statefile_write_all(p[1], data, SIZE));
	close(p[1]);
	int status;
	waitpid(pid, &status, 0);
	assert_int_equal(status, 0);
	free(data);
	int full = open("/dev/full", O_WRONLY);
	if (full >= 0) {
		errno = 0;
		assert_false(statefile_write_all(full, "x", 1));
		assert_int_equal(errno, ENOSPC);
		close(full);
	}
}

/* statefile_read_full reads through short reads (a pipe gives what was
 * written so far), from where the descriptor is or from an offset, stops
 * at the end of the file, and says when an error stopped it. */
static void
test_read_full(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < 3; i++) {
			if (write(p[1], "abcd", 4) != 4)
				_exit(1);
			usleep(20 * 1000);
		}
		_exit(0);
	}
	close(p[1]);
	char buf[16] = {0};
	bool failed = true;
	assert_int_equal(statefile_read_full(p[0], buf, sizeof(buf), -1,
					     &failed),
			 12);
	assert_false(failed);
	assert_string_equal(buf, "abcdabcdabcd");
	close(p[0]);
	int status;
	waitpid(pid, &status, 0);
	assert_int_equal(status, 0);

	char *path = at("read-full");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_true(statefile_write_all(fd, "0123456789", 10));
	memset(buf, 0, sizeof(buf));
	assert_int_equal(statefile_read_full(fd, buf, 4, 3, &failed), 4);
	assert_string_equal(buf, "3456");
	assert_int_equal(statefile_read_full(fd, buf, sizeof(buf), 8, NULL),
			 2);
	close(fd);
	errno = 0;
	assert_int_equal(statefile_read_full(fd, buf, 4, -1, &failed), 0);
	assert_true(failed);
	assert_int_equal(errno, EBADF);
}

/* Another process holds the lock of dir/agenda until told (its pid in
 * *holder): the descriptor to close to release it. */
static int
hold_lock(pid_t *holder)
{
	int ready[2], done[2];
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(done), 0);
	*holder = fork();
	assert_true(*holder >= 0);
	if (*holder == 0) {
		close(done[1]);
		char *error;
		if (statefile_lock(at("agenda"), false, NULL, &error) < 0)
			_exit(1);
		char c = 'x';
		if (write(ready[1], &c, 1) != 1 || read(done[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(done[0]);
	close(ready[1]);
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	return done[1];
}

struct waited {
	long holder;
	unsigned calls, limit_ms;
};

static bool
wait_until(void *arg, long holder, unsigned waited_ms)
{
	struct waited *w = arg;
	w->holder = holder;
	w->calls++;
	return waited_ms < w->limit_ms;
}

static volatile sig_atomic_t alarmed;

static void
on_alarm(int sig)
{
	(void)sig;
	alarmed = 1;
}

static bool
wait_unless_alarmed(void *arg, long holder, unsigned waited_ms)
{
	(void)arg;
	(void)holder;
	(void)waited_ms;
	return !alarmed;
}

/* While another process holds the lock, the waiter is told its pid and
 * may give up; once it is released, the lock is taken. A signal whose
 * handler sets a flag ends the wait (it used to go on for ever). */
static void
test_lock_wait_names_the_holder_and_gives_up(void **state)
{
	(void)state;
	pid_t holder;
	int release = hold_lock(&holder);
	struct waited w = {.limit_ms = 200};
	struct statefile_wait wait = {.go_on = wait_until, .arg = &w};
	char *error;
	assert_int_equal(statefile_lock(at("agenda"), false, &wait, &error), -1);
	assert_true(wait.gave_up);
	assert_int_equal(wait.holder, holder);
	assert_int_equal(w.holder, holder);
	assert_true(w.calls > 1);
	char want[64];
	snprintf(want, sizeof(want), "is locked by process %ld", (long)holder);
	assert_non_null(strstr(error, want));
	free(error);

	/* Interrupted: SIGALRM in 100 ms, with a handler, no SA_RESTART. */
	struct sigaction sa = {.sa_handler = on_alarm}, old;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	struct itimerval it = {.it_value = {0, 100000}};
	alarmed = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	struct statefile_wait stop = {.go_on = wait_unless_alarmed};
	assert_int_equal(statefile_lock(at("agenda"), false, &stop, &error), -1);
	assert_true(stop.gave_up && alarmed);
	free(error);
	sigaction(SIGALRM, &old, NULL);

	close(release);
	int status;
	waitpid(holder, &status, 0);
	assert_int_equal(status, 0);
	w = (struct waited){.limit_ms = 200};
	int fd = statefile_lock(at("agenda"), false, &wait, &error);
	assert_true(fd >= 0);
	assert_false(wait.gave_up);
	statefile_unlock(fd);
}

/* The one place that knows the XDG directories: each variable when it is
 * an absolute path, else its default under HOME. */
static void
test_xdg_paths(void **state)
{
	(void)state;
	static const struct {
		enum statefile_kind kind;
		const char *var, *fallback;
	} k[] = {
		{STATEFILE_STATE, "XDG_STATE_HOME", "/h/.local/state/sked/x"},
		{STATEFILE_DATA, "XDG_DATA_HOME", "/h/.local/share/sked/x"},
		{STATEFILE_CONFIG, "XDG_CONFIG_HOME", "/h/.config/sked/x"},
		{STATEFILE_CACHE, "XDG_CACHE_HOME", "/h/.cache/sked/x"},
	};
	setenv("HOME", "/h", 1);
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		setenv(k[i].var, "/base", 1);
		char *p = statefile_path(k[i].kind, "x");
		assert_string_equal(p, "/base/sked/x");
		free(p);
		setenv(k[i].var, "relative", 1); /* invalid: ignored */
		p = statefile_path(k[i].kind, "x");
		assert_string_equal(p, k[i].fallback);
		free(p);
		unsetenv(k[i].var);
	}
}

/* A file the user names is never one of sked's own, in its
 * directories: `sked export -o ~/.local/share/sked/lpc2023.agenda`
 * replaced the agenda with a calendar, and every star was lost. Refused
 * the same through a symbolic link, a hard link and a relative path, and
 * for a new file there; a file beside them is written. */
static void
test_own_directories_are_refused(void **state)
{
	(void)state;
	static const char *vars[] = {"XDG_STATE_HOME", "XDG_DATA_HOME",
				     "XDG_CONFIG_HOME", "XDG_CACHE_HOME"};
	char *saved[4];
	for (int i = 0; i < 4; i++) {
		const char *v = getenv(vars[i]);
		saved[i] = v ? strdup(v) : NULL;
		char *base = at(vars[i]);
		assert_int_equal(mkdir(base, 0700), 0);
		setenv(vars[i], base, 1);
	}
	assert_int_equal(mkdir(at("XDG_DATA_HOME/sked"), 0700), 0);
	assert_int_equal(mkdir(at("XDG_CACHE_HOME/sked"), 0700), 0);
	make_file("XDG_DATA_HOME/sked/c.agenda", "# sked agenda 1 c\n7\n",
		  0600);
	assert_int_equal(symlink(at("XDG_DATA_HOME/sked/c.agenda"),
				 at("soft.ics")), 0);
	assert_int_equal(link(at("XDG_DATA_HOME/sked/c.agenda"),
			      at("hard.ics")), 0);
	/* at() keeps four paths at once: each one copied. */
	static const char *names[] = {
		"XDG_DATA_HOME/sked/c.agenda", "soft.ics", "hard.ics",
		"XDG_DATA_HOME/sked/new.ics", "XDG_CACHE_HOME/sked/new.ics",
		"XDG_DATA_HOME/../XDG_DATA_HOME/sked/c.agenda",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = strdup(at(names[i])), *error = NULL;
		assert_false(outfile_write(path, "x\n", 2, &error));
		assert_non_null(error);
		assert_non_null(strstr(error, "sked's own directory"));
		assert_non_null(strstr(error, i == 1 || i == 2
					      ? "is a link to a file in"
					      : ": it is in sked's"));
		free(error);
		free(path);
	}
	char cwd[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(at("XDG_DATA_HOME/sked")), 0);
	char *error = NULL;
	bool relative = outfile_write("c.agenda", "x\n", 2, &error);
	assert_int_equal(chdir(cwd), 0);
	assert_false(relative);
	free(error);
	assert_content(at("XDG_DATA_HOME/sked/c.agenda"), "# sked agenda 1 c\n7\n");
	assert_int_equal(access(at("XDG_DATA_HOME/sked/new.ics"), F_OK), -1);
	/* sked's directory before sked made it: not made a file (sked's
	 * own mkdir would fail then), nor written into. */
	error = NULL;
	assert_false(outfile_write(at("XDG_STATE_HOME/sked"), "x\n", 2,
				   &error));
	assert_non_null(strstr(error, ": it is in sked's own directory"));
	free(error);
	assert_int_equal(access(at("XDG_STATE_HOME/sked"), F_OK), -1);
	/* An XDG directory that is a symbolic link: a path through it is
	 * in sked's directory, not a link to a file there. */
	assert_int_equal(mkdir(at("XDG_CONFIG_HOME/sked"), 0700), 0);
	assert_int_equal(symlink(at("XDG_CONFIG_HOME"), at("cfglink")), 0);
	setenv("XDG_CONFIG_HOME", at("cfglink"), 1);
	char *through = strdup(at("cfglink/sked/config"));
	error = NULL;
	assert_false(outfile_write(through, "x\n", 2, &error));
	assert_non_null(strstr(error, ": it is in sked's own directory"));
	free(error);
	free(through);
	/* Beside sked's directory, in the same XDG one: the user's. */
	write_ok(at("XDG_DATA_HOME/mine.ics"), "mine\n");
	assert_content(at("XDG_DATA_HOME/mine.ics"), "mine\n");
	for (int i = 0; i < 4; i++) {
		if (saved[i])
			setenv(vars[i], saved[i], 1);
		else
			unsetenv(vars[i]);
		free(saved[i]);
	}
}

/* Files set aside in the same second each keep their own name: the
 * second never replaces the first (it did, by rename, and the first
 * one's stars were lost). */
static void
test_set_aside_never_overwrites(void **state)
{
	(void)state;
	char *names[3];
	const char *texts[3] = {"junk1\n", "junk2\n", "junk3\n"};
	for (int i = 0; i < 3; i++) {
		write_ok(at("bad.agenda"), texts[i]);
		assert_true(statefile_set_aside(at("bad.agenda"), &names[i]));
		assert_int_equal(access(at("bad.agenda"), F_OK), -1);
	}
	for (int i = 0; i < 3; i++) {
		assert_non_null(strstr(names[i], "/bad.agenda.corrupt-"));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(names[i], names[j]);
		assert_content(names[i], texts[i]);
	}
	for (int i = 0; i < 3; i++)
		free(names[i]);
	/* Nothing there: nothing set aside, and why. */
	char *none;
	assert_false(statefile_set_aside(at("bad.agenda"), &none));
	assert_int_equal(errno, ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xdg_paths),
		cmocka_unit_test(test_new_file_gets_the_umask),
		cmocka_unit_test(test_existing_file_keeps_its_mode),
		cmocka_unit_test(test_symlink_is_followed),
		cmocka_unit_test(test_dangling_symlink_is_refused),
		cmocka_unit_test(test_fifo_is_written_into),
		cmocka_unit_test(test_descriptor_paths),
		cmocka_unit_test(test_device_is_written_into),
		cmocka_unit_test(test_directory_is_refused),
		cmocka_unit_test(test_stale_temporary_files_are_cleaned),
		cmocka_unit_test(test_user_files_beside_an_output_are_kept),
		cmocka_unit_test(test_read_only_leftover_is_cleaned),
		cmocka_unit_test(test_write_all),
		cmocka_unit_test(test_read_full),
		cmocka_unit_test(test_outfile_in_pieces),
		cmocka_unit_test(test_lock_wait_names_the_holder_and_gives_up),
		cmocka_unit_test(test_set_aside_never_overwrites),
		cmocka_unit_test(test_own_directories_are_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
