#include "sked/lazylib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "sked/xalloc.h"

/* The ABIs whose headers sked is compiled against (meson.build): libical
 * 3 and libxml2 2, as their sonames say. Another major version is
 * another ABI, which these stubs must not call. */
struct lazylib lazylib_ical = {"libical", "libical.so.3", NULL};
struct lazylib lazylib_xml = {"libxml2", "libxml2.so.2", NULL};

/* Where the dynamic loader would have stopped sked at start, had the
 * library been linked: the same message and outcome, later. */
static void __attribute__((noreturn))
lazylib_fail(const struct lazylib *lib, const char *what)
{
	xalloc_run_fatal_hook();
	fprintf(stderr, "sked: cannot load %s (%s): %s\n", lib->name,
		lib->soname, what ? what : "unknown error");
	exit(EX_UNAVAILABLE);
}

void *
lazylib_try(struct lazylib *lib, const char *symbol, const char **why)
{
	if (lib->handle == NULL) {
		/* RTLD_LAZY, as the dynamic loader binds a linked library:
		 * RTLD_NOW bound every function of the library and of ICU
		 * and libstdc++ behind it up front (2.6 M instructions, a
		 * tenth of opening FOSDEM's schedule.xml); a symbol sked
		 * itself needs is still looked up here, by dlsym.
		 * RTLD_LOCAL: its symbols do not become the next library's. */
		lib->handle = dlopen(lib->soname, RTLD_LAZY | RTLD_LOCAL);
		if (lib->handle == NULL) {
			*why = dlerror();
			return NULL;
		}
	}
	dlerror();
	void *p = dlsym(lib->handle, symbol);
	if (p == NULL) {
		/* dlerror() is NULL only for a symbol whose value is NULL,
		 * which sked cannot call or read either. */
		const char *e = dlerror();
		*why = e ? e : symbol;
	}
	return p;
}

void *
lazylib_data(struct lazylib *lib, const char *symbol)
{
	const char *why = NULL;
	void *p = lazylib_try(lib, symbol, &why);
	if (p == NULL)
		lazylib_fail(lib, why);
	return p;
}

lazylib_fn
lazylib_func(struct lazylib *lib, const char *symbol)
{
	void *p = lazylib_data(lib, symbol);
	/* POSIX makes a function's address from dlsym a void *; ISO C has
	 * no cast between the two. */
	lazylib_fn f;
	memcpy(&f, &p, sizeof(f));
	return f;
}

bool
lazylib_is_open(const struct lazylib *lib)
{
	return lib->handle != NULL;
}

/* Under AddressSanitizer (setup.sh's clang build): the thread-local
 * storage of a library opened with dlopen (libical's, ICU's,
 * libstdc++'s) is dynamic TLS, which was static TLS while they were
 * linked, and LeakSanitizer's tracking of it through __tls_get_addr
 * crashes its tracer at exit with clang 14 and glibc 2.36 ("Tracer
 * caught signal 11", google/sanitizers#1322; a warm `sked list` of a
 * program in a zone did). Without that interception it checks leaks as
 * before. Here, since every program that links a stub links this file;
 * ASAN_OPTIONS still overrides it. */
#if defined(__SANITIZE_ADDRESS__)
#define LAZYLIB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LAZYLIB_ASAN 1
#endif
#endif
#ifdef LAZYLIB_ASAN
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "intercept_tls_get_addr=0";
}
#endif
