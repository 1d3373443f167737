/* cli: the command-line front end's shared pieces. */
#ifndef SKED_CLI_H
#define SKED_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sked/format.h"
#include "sked/program.h"
#include "sked/tz.h"

/* A command: runs with argv[0] = its name; returns a sysexits code. */
struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;   /* after "sked NAME " */
	const char *summary; /* one line for --help */
};

/* Loaded programs, owned by the set. */
struct cli_programs {
	struct program **v;
	size_t n;
};

/* Loads files (or, with none, the bundled programs), printing diagnostics
 * (errors only unless warnings) to stderr. Returns 0 when all loaded, else
 * EX_NOINPUT when a file could not be read, EX_DATAERR when one is invalid. */
int cli_programs_load(struct cli_programs *set, char **files, size_t nfiles,
		      bool warnings);
void cli_programs_finish(struct cli_programs *set);
/* Takes --timezone ZONE (or --timezone=ZONE), which every command accepts
 * anywhere before "--" (it says how files are read: the zone of a schedule
 * that names none, see build.h), out of argv[1..*argc), for
 * cli_programs_load. Returns 0, or EX_USAGE after reporting a bad one. */
int cli_take_build_options(const struct cli_command *cmd, int *argc,
			   char **argv);

/* "sked: " + message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports a bad option and the command's usage; returns EX_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Reports what getopt_long returned for a bad option (':' or '?'). */
int cli_option_error(const struct cli_command *cmd, int c, char **argv);
/* --tz ZONE|local and --format text|tsv|json, for the commands that print
 * sessions: stores the value and returns 0, or reports a bad one and
 * returns EX_USAGE. c is 'z' or 'f'. */
int cli_output_option(const struct cli_command *cmd, int c, const char *arg,
		      const struct tz_zone **zone, enum format_kind *kind);
struct search_query;
struct search_result;
/* Compiles a search query, reporting an invalid one (PCRE2's message and
 * a caret under its offset); NULL then. The caller destroys the query. */
struct search_query *cli_query_compile(const struct cli_command *cmd,
				       const char *query);
/* Runs q over p: the count of results (*r, which the caller frees), or -1
 * after reporting the limit that stopped it. */
long cli_query_run(const struct cli_command *cmd, struct search_query *q,
		   const struct program *p, struct search_result **r);
/* Prints a command's help for --help, ending with --timezone (which
 * every command takes); returns 0. */
int cli_command_help(const struct cli_command *cmd, const char *options);

const struct cli_command *cli_find_command(const char *name);
/* sked itself, without a command: its name is "" (see cli_usage_error). */
extern const struct cli_command cli_top;

/* The top-level usage, for --help. */
void cli_usage(FILE *fp);

int cli_browse(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_list(int argc, char **argv);
int cli_search(int argc, char **argv);
int cli_star(int argc, char **argv);
int cli_unstar(int argc, char **argv);
int cli_agenda(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_convert(int argc, char **argv);
int cli_add(int argc, char **argv);
int cli_update(int argc, char **argv);
int cli_programs_cmd(int argc, char **argv);
int cli_remove(int argc, char **argv);
int cli_changes(int argc, char **argv);
int cli_config_cmd(int argc, char **argv);
/* The config file (config.h), read on first use, its errors printed to
 * stderr then (each bad setting keeps its default). */
struct config;
const struct config *cli_config(void);
/* How many errors the config file had. */
size_t cli_config_errors(void);
/* What the browser says of a bad config file (caller frees), or NULL. */
char *cli_config_message(void);
/* The config's zone for the times shown, NULL: the conference's; what
 * --tz replaces. */
const struct tz_zone *cli_config_zone(void);
/* The config's alarm for export (-1: none); what --alarm replaces. */
int cli_config_alarm(void);
/* sked add URL [--name ID] and sked URL: follows url (follow_add, with
 * progress on a terminal and --timezone), printing the program's summary
 * to summary and problems to stderr. Returns an exit status; *id (caller
 * frees) is the followed id whenever a copy of it is there to use, also
 * when a refresh of a URL followed already failed. */
int cli_follow_url(const char *url, const char *name, FILE *summary,
		   char **id);
/* The conference ids of the bundled programs (caller frees each and the
 * array); returns the count. */
size_t cli_bundled_ids(char ***ids);
/* The --timezone given (cli_take_build_options), or NULL. */
const char *cli_timezone(void);
struct agenda;
/* Loads a program's agenda, reporting a file set aside; NULL on error. */
struct agenda *cli_agenda_load(const struct program *p);

#endif
