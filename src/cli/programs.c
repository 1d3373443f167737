#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/bundle.h"
#include "sked/diag.h"
#include "sked/load.h"
#include "sked/search.h"
#include "sked/xalloc.h"

void
cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("sked: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "sked %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: sked %s %s\nTry 'sked %s --help'.\n",
		cmd->name, cmd->usage, cmd->name);
	return EX_USAGE;
}

struct search_query *
cli_query_compile(const struct cli_command *cmd, const char *query)
{
	struct search_error err;
	struct search_query *q = search_compile(query, &err);
	if (q == NULL)
		fprintf(stderr, "sked %s: %s at offset %zu\n  %s\n  %*s^\n",
			cmd->name, err.message, err.offset, query,
			(int)err.offset, "");
	return q;
}

long
cli_query_run(const struct cli_command *cmd, struct search_query *q,
	      const struct program *p, struct search_result **r)
{
	struct search_index *x = search_index_create(p);
	struct search_error err;
	long n = search_run(q, x, r, &err);
	if (n < 0)
		fprintf(stderr, "sked %s: %s\n", cmd->name, err.message);
	search_index_destroy(x);
	return n;
}

int
cli_output_option(const struct cli_command *cmd, int c, const char *arg,
		  const struct tz_zone **zone, enum format_kind *kind)
{
	if (c == 'z') {
		*zone = strcmp(arg, "local") == 0 ? tz_local() : tz_find(arg);
		if (*zone == NULL)
			return cli_usage_error(cmd, "--tz: unknown time zone '%s' "
				"(expected an IANA name such as Europe/Dublin, "
				"or local)", arg);
	} else if (!format_parse(arg, kind)) {
		return cli_usage_error(cmd, "--format: expected text, tsv or "
			"json, got '%s'", arg);
	}
	return 0;
}

int
cli_option_error(const struct cli_command *cmd, int c, char **argv)
{
	extern int optind;
	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value",
				       argv[optind - 1]);
	return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

int
cli_command_help(const struct cli_command *cmd, const char *options)
{
	printf("usage: sked %s %s\n\n%s\n\n%s", cmd->name, cmd->usage,
	       cmd->summary, options);
	return 0;
}

static void
cli_print_diags(const struct diag_list *diags, bool warnings)
{
	for (size_t i = 0; i < diags->n; i++) {
		if (diags->v[i].severity == DIAG_WARNING && !warnings)
			continue;
		char *s = diag_format(&diags->v[i]);
		fprintf(stderr, "%s\n", s);
		free(s);
	}
	if (diags->dropped)
		fprintf(stderr, "sked: %zu more messages not shown\n",
			diags->dropped);
}

int
cli_programs_load(struct cli_programs *set, char **files, size_t nfiles,
		  bool warnings)
{
	char **bundled = NULL;
	bool own = false;
	set->v = NULL;
	set->n = 0;
	if (nfiles == 0) {
		nfiles = bundle_files(&bundled);
		files = bundled;
		own = true;
		if (nfiles == 0) {
			char *dir = bundle_dir();
			cli_error("no bundled programs in %s (set SKED_DATA_DIR "
				  "or name a FILE)", dir);
			free(dir);
			return EX_NOINPUT;
		}
	}
	int status = 0;
	set->v = xcalloc(nfiles, sizeof(*set->v));
	for (size_t i = 0; i < nfiles; i++) {
		struct diag_list diags;
		enum load_status st;
		diag_list_init(&diags);
		struct program *p = load_file(files[i], &diags, &st);
		cli_print_diags(&diags, warnings);
		diag_list_finish(&diags);
		if (p != NULL)
			set->v[set->n++] = p;
		else if (st == LOAD_UNREADABLE)
			status = EX_NOINPUT;
		else if (status == 0)
			status = EX_DATAERR;
	}
	if (own) {
		for (size_t i = 0; i < nfiles; i++)
			free(bundled[i]);
		free(bundled);
	}
	return status;
}

void
cli_programs_finish(struct cli_programs *set)
{
	for (size_t i = 0; i < set->n; i++)
		program_destroy(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}
