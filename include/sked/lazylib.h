/* lazylib: a shared library opened on first use instead of at start.
 *
 * libical and libxml2 each bring ICU (30 MB of data) and libstdc++, whose
 * relocations were most of what a warm `sked check`, `sked search` or
 * `sked now` cost before it did anything, and those commands call
 * neither library. src/core/lazy_ical.c and src/core/lazy_xml.c define
 * the functions sked uses, with each library's own names and
 * prototypes, and forward each call to the real function, looked up
 * here on its first call: the callers are unchanged.
 *
 * A library or symbol that cannot be found is what a missing library was
 * when the dynamic loader linked it at start: sked says which and exits
 * with EX_UNAVAILABLE, running the xalloc fatal hook first (the browser's
 * restores the terminal; xalloc.h). */
#ifndef SKED_LAZYLIB_H
#define SKED_LAZYLIB_H

#include <stdbool.h>

struct lazylib {
	const char *name;   /* for messages: "libical" */
	const char *soname; /* what dlopen opens: "libical.so.3" */
	void *handle;       /* NULL until opened */
};

/* Any function, for a symbol's address; cast to its real type. */
typedef void (*lazylib_fn)(void);

/* The address of data symbol `symbol` of lib, opening lib first (once,
 * RTLD_LAZY | RTLD_LOCAL); exits as said above when either fails. */
void *lazylib_data(struct lazylib *lib, const char *symbol);
/* The same for a function. */
lazylib_fn lazylib_func(struct lazylib *lib, const char *symbol);
/* lazylib_data that does not exit: NULL, with *why (the dynamic loader's
 * words, valid until its next call) when lib or symbol cannot be loaded.
 * For sked --version, which reports a library it cannot load. */
void *lazylib_try(struct lazylib *lib, const char *symbol, const char **why);
/* Whether lib has been opened: a clean-up of what a library never loaded
 * had nothing to do. */
bool lazylib_is_open(const struct lazylib *lib);

/* The library of lazy_ical.c and lazy_xml.c (sked --version asks them
 * their versions). */
extern struct lazylib lazylib_ical, lazylib_xml;

/* A stub: `ret name params`, which forwards args to the real `name` of
 * lib, resolved on its first call and kept. The library's header must be
 * included, so that the compiler checks the prototype against its own.
 * sked is single-threaded (the browser's updates run in a child process):
 * the cache needs no lock. */
#define LAZYLIB_FUNC(lib, ret, name, params, args)                      \
	ret name params                                                 \
	{                                                               \
		static __typeof__(&name) real;                          \
		if (real == NULL)                                       \
			real = (__typeof__(&name))lazylib_func(&lib, #name); \
		return real args;                                       \
	}
/* The same for a function that returns nothing. */
#define LAZYLIB_VOID(lib, name, params, args)                           \
	void name params                                                \
	{                                                               \
		static __typeof__(&name) real;                          \
		if (real == NULL)                                       \
			real = (__typeof__(&name))lazylib_func(&lib, #name); \
		real args;                                              \
	}
/* A clean-up of the library's own state: nothing to do, and the library
 * not opened, when it was never opened. */
#define LAZYLIB_CLEANUP(lib, name)                                      \
	void name(void)                                                 \
	{                                                               \
		if (lazylib_is_open(&lib))                              \
			((__typeof__(&name))lazylib_func(&lib, #name))(); \
	}

#endif
