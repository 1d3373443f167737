/* cli: the command-line front end's shared pieces. */
#ifndef SKED_CLI_H
#define SKED_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <getopt.h>

#include "sked/format.h"
#include "sked/program.h"
#include "sked/tz.h"

/* What an option's value or a command's operand is: how --help names it
 * and how the shell completions (complete.c) complete it. */
enum cli_value {
	CLI_NONE,     /* a flag, or no (more) operands */
	CLI_TEXT,     /* free text */
	CLI_CHOICE,   /* one of the option's choices */
	CLI_ZONE,     /* an IANA zone name, or one of the option's choices */
	CLI_FILE,     /* a file name */
	CLI_PROGRAM,  /* a schedule file, or a bundled or followed program's id */
	CLI_FOLLOWED, /* a followed program's id */
	CLI_SESSION,  /* a session id of the program named before it */
	CLI_STARRED,  /* a starred session id of the program named before it */
	CLI_QUERY,    /* a search query: its field names complete */
	CLI_URL,      /* an http or https URL */
	CLI_DAY,      /* YYYY-MM-DD or a weekday */
	CLI_TIME,     /* "YYYY-MM-DD HH:MM" */
	CLI_NUMBER,   /* a whole number */
	CLI_SHELL,    /* bash, zsh or fish */
	CLI_COMMAND,  /* a command's name */
	CLI_WORDS,    /* the words of a command line (sked complete) */
};

/* Keys of the options without a short letter (cli_option.key). */
enum {
	CLI_KEY_HELP = 256,
	CLI_KEY_VERSION,
	CLI_KEY_TIMEZONE,
	CLI_KEY_NOW,
	CLI_KEY_AGENDA,
	CLI_KEY_ALL,
};

/* An option of a command. */
struct cli_option {
	const char *name; /* the long name, without "--" */
	/* What cli_opts_next returns for it: a key below 256 is also the
	 * short option -key; CLI_KEY_* have none. */
	int key;
	enum cli_value value; /* CLI_NONE: it takes no value */
	const char *meta;     /* the value's name in --help (FORMAT) */
	/* CLI_CHOICE: the values, NULL-terminated, the only ones accepted;
	 * CLI_ZONE: the words taken besides zone names (local); CLI_NUMBER:
	 * the words taken besides numbers (none). */
	const char *const *choices;
	/* --help's line; a '\n' goes on under the previous line. */
	const char *help;
};

/* A command: runs with argv[0] = its name; returns a sysexits code. The
 * table (main.c) is the one source of the commands' options: they are
 * parsed (cli_opts_next), described (--help) and completed (sked
 * completion) from it. */
struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;   /* after "sked NAME " */
	const char *summary; /* one line for --help */
	/* Its options, ending with {0}; every command also takes --help and
	 * --timezone (cli_common_options). NULL: none of its own. */
	const struct cli_option *options;
	const char *about; /* --help's paragraphs before the options */
	const char *notes; /* --help's paragraphs after them, or NULL */
	/* Its operands: the first, then each of the others. */
	enum cli_value first, rest;
	/* Internal: not listed, its arguments are taken as they are
	 * (no --timezone is taken out of them). */
	bool internal;
};

/* The most options a command has, its own and the common ones. */
#define CLI_MAX_OPTIONS 16

/* --help and --timezone ZONE, which every command takes; ends with {0}. */
extern const struct cli_option cli_common_options[];
/* The i-th command of the table, NULL past the last. */
const struct cli_command *cli_command_at(size_t i);
/* The listed command whose name word is a slip of the keyboard away from
 * (text_suggest), or NULL: for "did you mean". */
const struct cli_command *cli_command_near(const char *word);
/* sked's first argument when it is no command (NULL otherwise): where a
 * command misspelt would be, the one word "did you mean" is said of. */
extern const char *cli_top_word;

/* Parses a command's options from its table entry (getopt_long, with
 * options after operands, "--" ending them):
 *	struct cli_opts o;
 *	cli_opts_init(&o, cmd, argc, argv);
 *	while ((c = cli_opts_next(&o)) > 0)
 *		switch (c) { case 'f': ... o.value ... }
 *	if (c < 0)
 *		return o.status;
 *	... the operands: argv[optind..argc) ...
 * cli_opts_next returns an option's key (its value in o.value, a
 * CLI_CHOICE one checked against the choices), 0 after the last option,
 * or -1 when the command is to return o.status: 0 after printing --help,
 * EX_USAGE after reporting a bad option. */
struct cli_opts {
	const struct cli_command *cmd;
	int argc;
	char **argv;
	const char *value;
	const struct cli_option *option; /* the one returned */
	int status;
	/* private: getopt_long's tables */
	struct option longopts[CLI_MAX_OPTIONS + 1];
	char shortopts[3 * CLI_MAX_OPTIONS + 2];
};
int cli_opts_next(struct cli_opts *o);
/* For a command with no options of its own (only --help and the common
 * ones): parses them; -1 when the command goes on with its operands at
 * argv[optind..argc), else the status to return (0 after --help). */
int cli_opts_common(const struct cli_command *cmd, int argc, char **argv);
void cli_opts_init(struct cli_opts *o, const struct cli_command *cmd,
		   int argc, char **argv);

/* Loaded programs, owned by the set. */
struct cli_programs {
	struct program **v;
	size_t n;
	/* What was said of followed programs left out (their copy broken
	 * or gone), for the browser's screen, or NULL. Owned. */
	char *left_out;
	/* With left_out, the exit status it makes for a command that checks
	 * (sked check): EX_NOINPUT when a copy cannot be read, else
	 * EX_DATAERR. */
	int left_out_status;
};

/* Loads files (or, with none, the bundled programs), printing diagnostics
 * (errors only unless warnings) to stderr. Returns 0 when all loaded, else
 * EX_NOINPUT when a file could not be read, EX_DATAERR when one is
 * invalid, EX_USAGE when two files are one conference (one agenda, one
 * calendar's UIDs: a file given twice is read once), and then leaves the
 * set empty (nothing for the caller to finish). With no files, a
 * followed program is opened rather than a bundled one of its id. */
int cli_programs_load(struct cli_programs *set, char **files, size_t nfiles,
		      bool warnings);
/* The same, keeping in the set the programs that did load (sked check
 * reports each), and two versions of one conference, which a check may
 * compare. */
int cli_programs_load_partial(struct cli_programs *set, char **files,
			      size_t nfiles, bool warnings);
void cli_programs_finish(struct cli_programs *set);
/* The program of set whose file output is (the same file, through any
 * link), or NULL: an output that would replace an input. "-" and a file
 * that does not exist are none. */
const struct program *cli_output_is_input(const struct cli_programs *set,
					  const char *output);
/* Takes --timezone ZONE (or --timezone=ZONE), which every command accepts
 * anywhere before "--" (it says how files are read: the zone of a schedule
 * that names none, see build.h), out of argv[1..*argc), for
 * cli_programs_load. Returns 0, or EX_USAGE after reporting a bad one. */
int cli_take_build_options(const struct cli_command *cmd, int *argc,
			   char **argv);

/* A line on fp, sanitized (text_sanitize: no control character, escape
 * sequence or line break reaches the terminal; text from a file or the
 * network is safe in it). */
void cli_say(FILE *fp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Flushes standard output: true when all of it was written, else false
 * after saying `failure` on stderr (the caller exits EX_IOERR). */
bool cli_stdout_flushed(const char *failure);
/* "sked: " + message on stderr, sanitized as cli_say does. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A lock waited for as long as it takes, but not silently: after a
 * second, "waiting for WHAT held by process N..." once (said). For
 * statefile_wait's go_on, with a struct cli_wait as its arg. */
struct cli_wait {
	const char *what;
	bool said;
};
bool cli_wait_said(void *arg, long holder, unsigned waited_ms);
/* Reports a bad option and the command's usage; returns EX_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* --tz ZONE|local and --format text|tsv|json, for the commands that print
 * sessions: stores the value and returns 0, or reports a bad one and
 * returns EX_USAGE. c is 'z' or 'f'. */
int cli_output_option(const struct cli_command *cmd, int c, const char *arg,
		      const struct tz_zone **zone, enum format_kind *kind);
/* --now "YYYY-MM-DD HH:MM" (the browser's and sked now's): the wall time
 * in *now and 0, or a report of a bad one and EX_USAGE. */
int cli_now_option(const struct cli_command *cmd, const char *arg,
		   struct tz_wall *now);
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
/* Prints a command's --help from its table entry: usage, summary, about,
 * the options (its own, then the common ones), notes. Returns 0. */
int cli_command_help(const struct cli_command *cmd);
/* Prints the options' lines of --help. */
void cli_options_help(FILE *fp, const struct cli_option *own);

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
int cli_completion(int argc, char **argv);
int cli_help(int argc, char **argv);
int cli_complete(int argc, char **argv);
/* sked --version: sked's and its libraries' versions; returns 0. */
int cli_version(FILE *fp);
int cli_config_cmd(int argc, char **argv);
int cli_now(int argc, char **argv);
/* The config file (config.h), read on first use, its errors printed to
 * stderr then (each bad setting keeps its default). */
struct config;
const struct config *cli_config(void);
/* How many errors the config file had. */
size_t cli_config_errors(void);
/* What the browser says of a bad config file (caller frees), or NULL. */
char *cli_config_message(void);
/* The config's zone for the times shown, NULL: the conference's; what
 * --tz replaces (cli_output_option calls cli_zone_replaced). A command
 * calls cli_zone_settled() after its options: when the zone is still
 * the config's local one, a $TZ that is no zone is said then. */
const struct tz_zone *cli_config_zone(void);
void cli_zone_replaced(void);
void cli_zone_settled(void);
/* The user's zone (tz_local), with a warning, once, when $TZ is no zone
 * and local times are UTC. */
const struct tz_zone *cli_local_zone(void);
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
/* What every command says of how p's times are read (caller frees), or
 * NULL: its zone a guess (the file names none: build.h), which `sked
 * check` and `convert` say as a warning at its place in the file
 * (`warnings`: not said again); or --timezone not used (the file names
 * its own). `name` is how p is called. */
char *cli_zone_note(const struct program *p, const char *name,
		    bool warnings);
/* The same for the browser's status line, short enough for 80 columns
 * with a conference id (named by it), or NULL. */
char *cli_zone_note_brief(const struct program *p);
struct agenda;
/* Loads a program's agenda, reporting a file set aside; NULL on error. */
struct agenda *cli_agenda_load(const struct program *p);

#endif
