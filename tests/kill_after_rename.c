/* An LD_PRELOAD shim for tests/follow_test.py: kills the process
 * (SIGKILL) the moment rename() has put a file in place at the path
 * SKED_KILL_AFTER_RENAME names. A kill between two steps of a save, such
 * as after a followed program's new copy is renamed into place and before
 * its stars move, at an instant no signal sent from outside can hit. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

int rename(const char *from, const char *to);

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
	return r;
}
