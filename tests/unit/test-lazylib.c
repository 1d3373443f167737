/* Unit tests of lazylib (libical and libxml2 opened on first use): a
 * library stays closed until one of its functions is called (and the
 * clean-up at every exit does not open it), the stubs forward arguments
 * and results, xmlFree frees what libxml2 allocated, and a library or a
 * symbol that cannot be loaded stops the process with EX_UNAVAILABLE
 * and a message naming it, after the fatal hook (the browser's restores
 * the terminal there). Each case runs in a process of its own, this
 * program run again with a mode (main), so that none finds a library
 * another case opened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libical/ical.h>
#include <libxml/globals.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "sked/lazylib.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

/* Runs this program with MODE; its standard output and error in out,
 * its exit status returned (-1 when it did not exit). */
static int
run_mode(const char *mode, char *out, size_t size)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/proc/self/exe", "test-lazylib", mode, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < size && (r = read(fds[0], out + n, size - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- the modes, each in a fresh process; 0 when all held ---- */

static int
mode_lazy(void)
{
	if (lazylib_is_open(&lazylib_ical) || lazylib_is_open(&lazylib_xml))
		return 1;
	/* What every command runs at its end frees nothing of a libical
	 * never loaded, and does not load it. */
	tz_cleanup();
	if (lazylib_is_open(&lazylib_ical))
		return 2;
	/* A struct through a stub, both ways. */
	struct icaltimetype t = icaltime_from_timet_with_zone(
		86400 * 365, 0, icaltimezone_get_utc_timezone());
	if (!lazylib_is_open(&lazylib_ical) || lazylib_is_open(&lazylib_xml))
		return 3;
	if (t.year != 1971 || t.month != 1 || t.day != 1 || !icaltime_is_utc(t) ||
	    icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone()) !=
		    86400 * 365)
		return 4;
	/* The stub is sked's, not libical's function of the same name. */
	if (lazylib_func(&lazylib_ical, "icaltime_null_time") ==
	    (lazylib_fn)icaltime_null_time)
		return 5;
	tz_cleanup();
	return 0;
}

static int
mode_xml(void)
{
	static const char doc[] = "<a b=\"c&amp;d\"/>";
	xmlTextReaderPtr r = xmlReaderForMemory(doc, (int)strlen(doc), NULL,
						NULL, 0);
	if (r == NULL || !lazylib_is_open(&lazylib_xml) ||
	    lazylib_is_open(&lazylib_ical))
		return 1;
	if (xmlTextReaderRead(r) != 1 ||
	    strcmp((const char *)xmlTextReaderConstName(r), "a") != 0)
		return 2;
	/* Allocated by libxml2, freed through sked's xmlFree. */
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)"b");
	int bad = v == NULL || strcmp((const char *)v, "c&d") != 0;
	xmlFree(v);
	xmlFreeTextReader(r);
	return bad ? 3 : 0;
}

static void
hook(void)
{
	fputs("hook ran\n", stderr);
}

static int
mode_no_library(void)
{
	xalloc_set_fatal_hook(hook);
	static struct lazylib bogus = {"libbogus", "libsked-bogus.so.0", NULL};
	lazylib_func(&bogus, "bogus_init");
	return 0; /* not reached */
}

static int
mode_no_symbol(void)
{
	xalloc_set_fatal_hook(hook);
	lazylib_func(&lazylib_ical, "sked_no_such_function");
	return 0; /* not reached */
}

/* ---- the tests ---- */

static void
test_opened_on_first_call(void **state)
{
	(void)state;
	char out[4096];
	assert_int_equal(run_mode("--lazy", out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void
test_xml_free(void **state)
{
	(void)state;
	char out[4096];
	assert_int_equal(run_mode("--xml", out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void
test_no_library(void **state)
{
	(void)state;
	char out[4096];
	assert_int_equal(run_mode("--no-library", out, sizeof(out)),
			 EX_UNAVAILABLE);
	/* The hook first (the terminal restored), then one line. */
	static const char want[] =
		"hook ran\nsked: cannot load libbogus (libsked-bogus.so.0): "
		"libsked-bogus.so.0: cannot open shared object file";
	assert_memory_equal(out, want, strlen(want));
	assert_non_null(strchr(out, '\n'));
	assert_string_equal(strchr(strchr(out, '\n') + 1, '\n'), "\n");
}

static void
test_no_symbol(void **state)
{
	(void)state;
	char out[4096];
	assert_int_equal(run_mode("--no-symbol", out, sizeof(out)),
			 EX_UNAVAILABLE);
	static const char want[] = "hook ran\nsked: cannot load libical (libical.so.3): ";
	assert_memory_equal(out, want, strlen(want));
	assert_non_null(strstr(out, "undefined symbol: sked_no_such_function\n"));
}

int
main(int argc, char **argv)
{
	if (argc == 2) {
		static const struct {
			const char *name;
			int (*run)(void);
		} modes[] = {
			{"--lazy", mode_lazy},
			{"--xml", mode_xml},
			{"--no-library", mode_no_library},
			{"--no-symbol", mode_no_symbol},
		};
		for (size_t i = 0; i < sizeof(modes) / sizeof(*modes); i++)
			if (strcmp(argv[1], modes[i].name) == 0)
				return modes[i].run();
		return 100;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opened_on_first_call),
		cmocka_unit_test(test_xml_free),
		cmocka_unit_test(test_no_library),
		cmocka_unit_test(test_no_symbol),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
