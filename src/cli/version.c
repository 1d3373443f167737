/* sked --version: sked's version and its libraries', those it was built
 * with (their headers' version macros; meson's pkg-config versions for
 * libyaml and libical, whose headers have none or only "3.0") and those
 * it runs with (each library's own answer, at run time). */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <jansson.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <limits.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <utf8proc.h>
#include <curl/curlver.h>
#include <yaml.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "sked/lazylib.h"
#include "cli.h"

#define CLI_STR2(x) #x
#define CLI_STR(x) CLI_STR2(x)

#ifndef SKED_BUILT_YAML
#error "meson.build passes the versions of the libraries built with"
#endif

/* The run-time version of a library sked opens on first use (lazylib.h),
 * into buf: "not loadable (...)" when it cannot be opened, where any
 * other command needing it would exit with status 69; NULL, and nothing
 * said, when it can (*sym then has the address of symbol). */
static const char *
cli_lazy_missing(struct lazylib *lib, const char *symbol, void **sym,
		 char *buf, size_t size)
{
	const char *why = NULL;
	*sym = lazylib_try(lib, symbol, &why);
	if (*sym != NULL)
		return NULL;
	snprintf(buf, size, "not loadable (%s)", why ? why : "?");
	return buf;
}

/* libical says no version at run time: the name of the file it was
 * loaded from (libical.so.3.0.16) does. Of libical's own function, not
 * of sked's stub of the same name (lazy_ical.c): this loads libical. */
static void
cli_ical_version(char *buf, size_t size)
{
	Dl_info info;
	char path[PATH_MAX];
	void *f;
	if (cli_lazy_missing(&lazylib_ical, "icaltime_null_time", &f, buf,
			     size) != NULL)
		return;
	snprintf(buf, size, "?");
	if (dladdr(f, &info) == 0 ||
	    info.dli_fname == NULL || realpath(info.dli_fname, path) == NULL)
		return;
	const char *so = strstr(strrchr(path, '/') ? strrchr(path, '/') : path,
				".so.");
	if (so && so[4])
		snprintf(buf, size, "%s", so + 4);
}

int
cli_version(FILE *fp)
{
	char pcre[64] = "?", xml[256], ical[256];
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	pcre[strcspn(pcre, " ")] = '\0'; /* "10.42 2022-12-11" */
	void *f;
	if (cli_lazy_missing(&lazylib_xml, "__xmlParserVersion", &f, xml,
			     sizeof(xml)) == NULL) {
		/* "20914" is 2.9.14 */
		long x = strtol(xmlParserVersion, NULL, 10);
		snprintf(xml, sizeof(xml), "%ld.%ld.%ld", x / 10000,
			 x / 100 % 100, x % 100);
	}
	cli_ical_version(ical, sizeof(ical));
	const char *curses = curses_version();
	if (strncmp(curses, "ncurses ", 8) == 0)
		curses += 8;
	const struct {
		const char *name, *built, *runs;
	} libs[] = {
		{"libyaml", SKED_BUILT_YAML, yaml_get_version_string()},
		{"libical", SKED_BUILT_ICAL, ical},
		{"pcre2", CLI_STR(PCRE2_MAJOR) "." CLI_STR(PCRE2_MINOR), pcre},
		{"libxml2", LIBXML_DOTTED_VERSION, xml},
		{"jansson", JANSSON_VERSION, jansson_version_str()},
		{"ncursesw", NCURSES_VERSION "." CLI_STR(NCURSES_VERSION_PATCH),
		 curses},
		{"utf8proc", CLI_STR(UTF8PROC_VERSION_MAJOR) "."
			     CLI_STR(UTF8PROC_VERSION_MINOR) "."
			     CLI_STR(UTF8PROC_VERSION_PATCH), utf8proc_version()},
	};
	fprintf(fp, "sked %s\n\n%-10s %-16s %s\n", SKED_VERSION, "library",
		"built with", "running with");
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
		fprintf(fp, "%-10s %-16s %s\n", libs[i].name, libs[i].built,
			libs[i].runs);
	/* Loading libcurl to ask it would load the 29 libraries it brings
	 * (src/core/fetch.c): it is opened by the first download only. */
	fprintf(fp, "%-10s %-16s %s\n", "libcurl", LIBCURL_VERSION,
		"libcurl.so.4, loaded at the first download");
	if (fp == stdout)
		return cli_stdout_flushed("writing the version failed")
			       ? 0 : EX_IOERR;
	return fflush(fp) == 0 && !ferror(fp) ? 0 : EX_IOERR;
}
