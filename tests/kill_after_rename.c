/* An LD_PRELOAD shim for tests/follow_test.py: kills the process
 * (SIGKILL) the moment rename() has put a file in place at the path
 * SKED_KILL_AFTER_RENAME names. A kill between two steps of a save, such
 * as after a followed program's new copy is renamed into place and before
 * its stars move, at an instant no signal sent from outside can hit.
 * With SKED_PAUSE_AFTER_RENAME instead, the process waits there (up to
 * 30 s) until the file SKED_PAUSE_UNTIL names exists: another sked runs
 * in that gap. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int rename(const char *from, const char *to);

/* Waits until the file at until exists, at most 30 s. */
static void
pause_until(const char *until)
{
	struct timespec tick = {0, 10 * 1000 * 1000};
	for (int i = 0; i < 3000 && access(until, F_OK) != 0; i++)
		nanosleep(&tick, NULL);
}

int
rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "rename");
	int r = real(from, to);
	const char *at = getenv("SKED_KILL_AFTER_RENAME");
	if (r == 0 && at != NULL && strcmp(to, at) == 0)
		raise(SIGKILL);
	const char *wait_at = getenv("SKED_PAUSE_AFTER_RENAME");
	const char *until = getenv("SKED_PAUSE_UNTIL");
	if (r == 0 && wait_at != NULL && until != NULL &&
	    strcmp(to, wait_at) == 0)
		pause_until(until);
	return r;
}
