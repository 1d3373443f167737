/* sked: a terminal browser for conference programs (command-line entry). */
#include <locale.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/fetch.h"
#include "sked/follow.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/tz.h"

/* The values of the options that take one of a few. */
static const char *const cli_formats[] = {"text", "tsv", "json", NULL};
static const char *const cli_program_formats[] = {"text", "json", NULL};
static const char *const cli_local[] = {"local", "conference", NULL};
static const char *const cli_alarm_words[] = {"none", NULL};

const struct cli_option cli_common_options[] = {
	{"timezone", CLI_KEY_TIMEZONE, CLI_ZONE, "ZONE", NULL,
	 "the zone of a schedule file that names none (an IANA\n"
	 "name such as Europe/Berlin; else one is derived from\n"
	 "its times, with a warning); every command takes it"},
	{"help", 'h', CLI_NONE, NULL, NULL, "show this help"},
	{0},
};

/* --tz and --format, for the commands that print sessions. */
#define CLI_OUTPUT_OPTIONS \
	{"tz", 'z', CLI_ZONE, "ZONE|local", cli_local, \
	 "show times in an IANA zone, the local one, or\n" \
	 "each conference's own (conference); default:\n" \
	 "the config's timezone, else the conference's"}, \
	{"format", 'f', CLI_CHOICE, "FORMAT", cli_formats, \
	 "text (default), tsv, or json (JSON Lines)"}

static const struct cli_option cli_browse_options[] = {
	{"now", CLI_KEY_NOW, CLI_TIME, "\"YYYY-MM-DD HH:MM\"", NULL,
	 "pretend the time (a wall time, read in each\n"
	 "program's zone)"},
	{"version", 'V', CLI_NONE, NULL, NULL,
	 "print the versions of sked and its libraries"},
	{0},
};

static const struct cli_option cli_check_options[] = {
	{"quiet", 'q', CLI_NONE, NULL, NULL,
	 "no \"ok\" line for a valid file (warnings and\n"
	 "errors are still printed, on stderr)"},
	{0},
};

static const struct cli_option cli_list_options[] = {
	{"day", 'd', CLI_DAY, "DATE", NULL,
	 "only this conference day: YYYY-MM-DD, or a weekday (mon:\n"
	 "every Monday of the conference)"},
	{"track", 't', CLI_TEXT, "ID|NAME", NULL,
	 "only this track (its id or name, in any case)"},
	CLI_OUTPUT_OPTIONS,
	{0},
};

static const struct cli_option cli_output_options[] = {
	CLI_OUTPUT_OPTIONS,
	{0},
};

static const struct cli_option cli_export_options[] = {
	{"agenda", CLI_KEY_AGENDA, CLI_NONE, NULL, NULL,
	 "the starred sessions (default)"},
	{"all", CLI_KEY_ALL, CLI_NONE, NULL, NULL, "every session"},
	{"query", 'q', CLI_QUERY, "QUERY", NULL, "the sessions matching QUERY"},
	{"alarm", 'a', CLI_NUMBER, "MINUTES", cli_alarm_words,
	 "a reminder MINUTES before each session (none:\n"
	 "no reminder; default: the config's alarm)"},
	{"output", 'o', CLI_FILE, "FILE|-", NULL,
	 "where to write (default: standard output)"},
	{0},
};

static const char *const cli_now_formats[] = {"text", "tmux", "polybar",
					       "json", NULL};

static const struct cli_option cli_now_options[] = {
	{"all", CLI_KEY_ALL, CLI_NONE, NULL, NULL,
	 "any session, not only the starred ones"},
	{"now", CLI_KEY_NOW, CLI_TIME, "\"YYYY-MM-DD HH:MM\"", NULL,
	 "pretend the time (a wall time, read in each\n"
	 "program's zone)"},
	{"tz", 'z', CLI_ZONE, "ZONE|local", cli_local,
	 "the zone of the next session's start, shown when\n"
	 "an hour or more away (at 14:00, Tue 09:00): an\n"
	 "IANA zone, local, or each conference's own\n"
	 "(conference); default: the config's timezone,\n"
	 "else the conference's"},
	{"format", 'f', CLI_CHOICE, "FORMAT", cli_now_formats,
	 "text (default); tmux or polybar: their markup\n"
	 "characters escaped; json: {\"text\", \"class\"} for\n"
	 "waybar (&, <, > as Pango's entities)"},
	{"width", 'w', CLI_NUMBER, "COLUMNS", NULL,
	 "cut each title to COLUMNS (default 40)"},
	{0},
};

static const struct cli_option cli_convert_options[] = {
	{"output", 'o', CLI_FILE, "FILE|-", NULL,
	 "where to write (default: standard output)"},
	{0},
};

static const struct cli_option cli_add_options[] = {
	{"name", 'n', CLI_TEXT, "ID", NULL,
	 "the id to follow it as (1 to 64 of a-z, 0-9, -, the\n"
	 "first not -; by default the conference id of the\n"
	 "schedule)"},
	{0},
};

static const struct cli_option cli_programs_options[] = {
	{"format", 'f', CLI_CHOICE, "text|json", cli_program_formats,
	 "json: one object per line (id, title, start, end,\n"
	 "sessions, source, updated, age_seconds, error)"},
	{0},
};

#define CLI_OUTPUT_FILE_NOTES \
	"An output file is replaced only once the new one is complete, and keeps\n" \
	"its mode (a new one gets 0666 less the umask); a symbolic link is\n" \
	"followed (one to nothing is refused); a device or FIFO is written into.\n"

static const struct cli_command cli_commands[] = {
	{"browse", cli_browse, "[--now \"YYYY-MM-DD HH:MM\"] [FILE|URL...]",
	 "Browse the programs in the terminal (the default command).",
	 cli_browse_options,
	 "Opens the terminal browser on the programs (press ? there for its "
	 "keys); when\nstdin or stdout is not a terminal, prints them as "
	 "'sked list' does. With no\nFILE, the bundled and the followed "
	 "programs. A URL (http or https) is\nfollowed first, as 'sked add "
	 "URL' does, then opened. Its theme, colours, time\nzone, first "
	 "view and keys come from $XDG_CONFIG_HOME/sked/config, else\n"
	 "~/.config/sked/config: see sked(5) and 'sked config'.\n",
	 NULL, CLI_PROGRAM, CLI_PROGRAM, false},
	{"check", cli_check, "[-q] [FILE...]",
	 "Validate schedule files; print warnings and errors.",
	 cli_check_options,
	 "Checks each FILE against the sked file format (sked(5)) and prints "
	 "every error\nand warning as file:line:column: message on stderr; "
	 "with no FILE, checks the\nbundled and the followed programs. Exits "
	 "0 when every file is valid, 65\nwhen one is not, 66 when one cannot "
	 "be read.\n",
	 NULL, CLI_PROGRAM, CLI_PROGRAM, false},
	{"list", cli_list,
	 "[--day DATE] [--track ID|NAME] [--tz ZONE|local] "
	 "[--format text|tsv|json] [FILE...]",
	 "Print the program in time order, grouped by day.",
	 cli_list_options,
	 "Prints the sessions of each program in time order, grouped by day,\n"
	 "unscheduled sessions last, each text line ending with the session's "
	 "id\n(for sked star), a '*' before the time of a starred one (TSV and "
	 "JSON:\nstarred). With no FILE, the bundled and the followed "
	 "programs; a FILE\nmay be a conference id (lpc2023).\n",
	 NULL, CLI_PROGRAM, CLI_PROGRAM, false},
	{"search", cli_search,
	 "[--tz ZONE|local] [--format text|tsv|json] QUERY [FILE...]",
	 "Print the sessions matching a query (regular expressions).",
	 cli_output_options,
	 "Prints the sessions matching QUERY, in time order (unscheduled "
	 "last),\nin the formats of 'sked list'. With no FILE, the bundled "
	 "and the\nfollowed programs. QUERY: terms separated by spaces, all "
	 "of which must\nmatch; each a PCRE2 pattern, as field:pattern to "
	 "search one field\n(title, with the subtitle; speaker; abstract, with "
	 "the description and\nthe links' titles; track, room, tag, type, id, "
	 "day; lang, the language\ncodes), -term to exclude, \"quoted words\" "
	 "to keep spaces. Caseless unless\na term has an uppercase letter; "
	 "plain letters also match accented and\nforeign ones "
	 "(transliterated). ^ and $ apply to each speaker, author,\ntag, "
	 "subtitle, language... of a field. A "
	 "QUERY that starts with '-'\ngoes after '--'. See sked(1).\n",
	 "Exit status: 0 a session matched, 1 none did (said on standard "
	 "error),\n2 the query is invalid, empty or too costly; 65 and 66 as for "
	 "other commands.\n",
	 CLI_QUERY, CLI_PROGRAM, false},
	{"star", cli_star, "FILE ID...", "Add sessions to your agenda.", NULL,
	 "Stars sessions of the program in FILE: adds them to its agenda, "
	 "kept in\n$XDG_DATA_HOME/sked/<conference-id>.agenda. When FILE "
	 "lacks an ID, nothing\nis starred. Waits while another sked holds "
	 "the agenda's lock.\n",
	 NULL, CLI_PROGRAM, CLI_SESSION, false},
	{"unstar", cli_unstar, "FILE ID...", "Remove sessions from your agenda.",
	 NULL,
	 "Removes sessions from the agenda of the program in FILE (also ids "
	 "the\nprogram no longer has). Waits while another sked holds the\n"
	 "agenda's lock.\n",
	 NULL, CLI_PROGRAM, CLI_STARRED, false},
	{"agenda", cli_agenda, "[--tz ZONE|local] [--format text|tsv|json] [FILE...]",
	 "Print your agenda, naming conflicts.",
	 cli_output_options,
	 "Prints the starred sessions of each program in time order, in the\n"
	 "formats of 'sked list'. The text format then names every conflict\n"
	 "(starred sessions that overlap), those between two programs last,\n"
	 "and the starred ids a program no longer has. With no FILE, the\n"
	 "bundled and the followed programs.\n",
	 NULL, CLI_PROGRAM, CLI_PROGRAM, false},
	{"export", cli_export,
	 "[--agenda | --all | --query QUERY] [--alarm MINUTES] [-o FILE|-] [FILE...]",
	 "Write an iCalendar file of your agenda (or more).",
	 cli_export_options,
	 "Writes an iCalendar file (RFC 5545) of the agenda (the default), "
	 "of\nall sessions, or of the sessions matching a query (see 'sked "
	 "search').\nUnscheduled sessions are skipped and counted. With no "
	 "FILE, the\nbundled and the followed programs. An output that is "
	 "one of the\nprograms read is refused (64). Exit status 1, nothing "
	 "written: no session\nto write (the query matched nothing, nothing "
	 "is starred) or none has a\ntime.\n",
	 CLI_OUTPUT_FILE_NOTES "\n"
	 "SOURCE_DATE_EPOCH, when set, fixes the DTSTAMP of the events\n"
	 "(seconds since 1970, up to the year 9999; else exit 78).\n",
	 CLI_PROGRAM, CLI_PROGRAM, false},
	{"convert", cli_convert, "[-o FILE|-] FILE",
	 "Write a program, from any format sked reads, as a sked file.",
	 cli_convert_options,
	 "Reads FILE in any format sked reads (sked YAML, frab/pretalx XML,\n"
	 "c3voc schedule.json, Indico timetable JSON, iCalendar) and writes "
	 "the\nprogram as a sked YAML file (sked(5)) with everything sked "
	 "knows of it:\nopening that file gives the same program, with the "
	 "same session ids\n(so your stars carry over). Warnings about FILE "
	 "are printed. The\nconference's dates are widened to hold every "
	 "session on the day of its\nstart; a program that would then span "
	 "more than 31 days is refused\n(exit 65, nothing written).\n",
	 CLI_OUTPUT_FILE_NOTES, CLI_PROGRAM, CLI_NONE, false},
	{"add", cli_add, "URL [--name ID]",
	 "Follow the schedule at URL: download, validate and keep it.",
	 cli_add_options,
	 "Downloads the schedule at URL (http or https), recognizes its "
	 "format, validates\nit, keeps a copy in $XDG_DATA_HOME/sked/programs/"
	 "ID and follows it: it is\nlisted by 'sked programs', refreshed by "
	 "'sked update', and usable offline\nby its id in every command. "
	 "Prints the id, title, dates and session count.\nAdding a URL "
	 "followed already updates it (with the same user's other\n"
	 "credentials, a changed password, it keeps those once they work), "
	 "and with\n--timezone keeps that zone for it.\nExits 0 when added, 75 when the download failed, 65 when it "
	 "is no valid\nschedule, 64 when the id is taken.\n",
	 NULL, CLI_URL, CLI_NONE, false},
	{"update", cli_update, "[ID...]",
	 "Refresh the followed programs (all, or those named).", NULL,
	 "Refreshes the followed programs (all, or the IDs given): a "
	 "conditional\ndownload (the ETag or Last-Modified of the copy held; "
	 "a body the same as\nthe copy is unchanged). One line per program: "
	 "unchanged, updated (with\nthe count of changes to starred sessions, "
	 "then those changes, one\nindented line each), or failed (with the "
	 "reason and the age of the copy\nkept: a download that fails, does "
	 "not validate, has no sessions where\nthe copy has some or is another "
	 "conference never replaces it). Exits 0\nwhen all went through, else "
	 "as the first that did not: 75 the download\nfailed, 65 it is no "
	 "valid schedule, 73 a file could not be written, 66 an\nID is not "
	 "followed. With --timezone ZONE and IDs, keeps ZONE for them, as\n"
	 "sked add does (the zone of a feed that names none).\n",
	 NULL, CLI_FOLLOWED, CLI_FOLLOWED, false},
	{"programs", cli_programs_cmd, "[--format text|json]",
	 "List the bundled and followed programs.",
	 cli_programs_options,
	 "Lists every program sked knows: the bundled ones, then the followed "
	 "ones\n(sked add): id, title, dates, session count, source (the URL, "
	 "without any\ncredentials, or \"bundled\"), and for a followed one "
	 "when it was last\nupdated and how long ago, and the error of a last "
	 "update that failed.\n",
	 NULL, CLI_NONE, CLI_NONE, false},
	{"remove", cli_remove, "ID", "Stop following a program (its agenda stays).",
	 NULL,
	 "Stops following a program: removes it from the list of followed "
	 "programs,\nits copies and its cache. Its agenda (the stars) stays, "
	 "for the day it is\nadded again.\n",
	 NULL, CLI_FOLLOWED, CLI_NONE, false},
	{"changes", cli_changes, "ID",
	 "What changed for your starred sessions in the last update.", NULL,
	 "Lists what changed for the starred sessions of a followed program "
	 "between\nthe version before the last update that changed it and "
	 "the copy now held:\nmoved (old and new time and room), cancelled "
	 "(gone from the feed; its\nstar stays), retitled. Says so when there "
	 "is no earlier version.\n",
	 NULL, CLI_FOLLOWED, CLI_NONE, false},
	{"now", cli_now,
	 "[--all] [--now TIME] [--tz ZONE|local] "
	 "[--format text|tmux|polybar|json] [--width COLUMNS] [PROGRAM...]",
	 "Print what runs now and next, on one line for a status bar.",
	 cli_now_options,
	 "Prints one short line for a status bar (tmux's status-right, i3blocks,\n"
	 "waybar, polybar): the starred session running now with the minutes\n"
	 "left, and the next one with the minutes to go (or its time when an\n"
	 "hour or more away), each with its room. With --all, any session.\n"
	 "Prints nothing, and exits 0, when no conference is on; with no\n"
	 "PROGRAM, the bundled and followed programs count. Fast enough to\n"
	 "run every few seconds: programs load from their snapshots.\n",
	 "Examples:\n"
	 "  tmux:   set -g status-right '#(sked now --format tmux lpc2023)'\n"
	 "  waybar: \"custom/sked\": {\"exec\": \"sked now --format json\",\n"
	 "          \"return-type\": \"json\", \"interval\": 30}\n",
	 CLI_PROGRAM, CLI_PROGRAM, false},
	{"config", cli_config_cmd, "",
	 "Print the configuration in force (the config file and defaults).",
	 NULL,
	 "Prints the configuration in force: the settings of the config file\n"
	 "($XDG_CONFIG_HOME/sked/config, else ~/.config/sked/config) and the\n"
	 "defaults of the others, as a config file sked reads back, each "
	 "value's\nsource in a comment. Errors in the file go to standard "
	 "error (exit\nstatus 78); each bad setting keeps its default. "
	 "sked(5) describes the\nfile.\n",
	 NULL, CLI_NONE, CLI_NONE, false},
	{"help", cli_help, "[COMMAND]",
	 "Print this help, or a command's (as sked COMMAND --help).", NULL,
	 "Prints sked's help (sked --help), or with COMMAND that command's "
	 "(sked\nCOMMAND --help).\n",
	 NULL, CLI_COMMAND, CLI_NONE, false},
	{"completion", cli_completion, "bash|zsh|fish",
	 "Print the shell completion script for bash, zsh or fish.", NULL,
	 "Prints the script that completes sked's commands, options, their "
	 "values,\nfiles, program ids and session ids in the shell named. "
	 "'meson install'\ninstalls them; to try one: source <(sked "
	 "completion bash), or in fish\nsked completion fish | source. The "
	 "scripts ask sked itself for the\ncandidates (sked complete).\n",
	 NULL, CLI_SHELL, CLI_NONE, false},
	/* The completion scripts' question: sked complete INDEX WORD... */
	{"complete", cli_complete, "INDEX WORD...",
	 "Print the completions of a command line's word INDEX.", NULL,
	 "Prints the candidates for word INDEX of the command line WORD... "
	 "(WORD 0 is\nsked): a first line of flags (files, nospace), then "
	 "one candidate a line,\nwith a tab and a description where there "
	 "is one. For the scripts of\n'sked completion'.\n",
	 NULL, CLI_NUMBER, CLI_WORDS, true},
};

const struct cli_command cli_top = {
	"", cli_browse,
	"[--now \"YYYY-MM-DD HH:MM\"] [FILE|URL...]\n"
	"       sked COMMAND [OPTIONS] [FILE...]",
	"Browse the programs, or run a command.", cli_browse_options,
	NULL, NULL, CLI_PROGRAM, CLI_PROGRAM, false};

const struct cli_command *
cli_command_at(size_t i)
{
	return i < sizeof(cli_commands) / sizeof(cli_commands[0])
		? &cli_commands[i] : NULL;
}

const struct cli_command *
cli_find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(cli_commands) / sizeof(cli_commands[0]); i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

const char *cli_top_word;

const struct cli_command *
cli_command_near(const char *word)
{
	enum { N = sizeof(cli_commands) / sizeof(cli_commands[0]) };
	const char *names[N];
	size_t n = 0;
	for (size_t i = 0; i < N; i++)
		if (!cli_commands[i].internal)
			names[n++] = cli_commands[i].name;
	const char *near = text_suggest(word, names, n);
	return near ? cli_find_command(near) : NULL;
}

int
cli_help(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find_command("help");
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0)
		;
	if (c < 0)
		return op.status;
	if (argc - optind > 1)
		return cli_usage_error(cmd, "expected one COMMAND, got %d",
				       argc - optind);
	if (argc == optind) {
		cli_usage(stdout);
		return cli_stdout_flushed("writing the help failed") ? 0
								     : EX_IOERR;
	}
	const struct cli_command *about = cli_find_command(argv[optind]);
	if (about == NULL || about->internal) {
		const struct cli_command *near = cli_command_near(argv[optind]);
		char *safe = text_sanitize(argv[optind], strlen(argv[optind]), 0);
		int r = cli_usage_error(cmd, "no command '%s'%s%s%s", safe,
					near ? " (did you mean " : "",
					near ? near->name : "", near ? "?)" : "");
		free(safe);
		return r;
	}
	cli_command_help(about);
	return cli_stdout_flushed("writing the help failed") ? 0 : EX_IOERR;
}

void
cli_usage(FILE *fp)
{
	fprintf(fp,
		"usage: sked [--now \"YYYY-MM-DD HH:MM\"] [FILE|URL...]\n"
		"       sked COMMAND [OPTIONS] [FILE...]\n"
		"       sked --help | --version\n\n"
		"sked browses conference programs. With no command it opens "
		"the terminal\nbrowser on the given programs (press ? there "
		"for its keys); when stdin or\nstdout is not a terminal it "
		"prints them as 'sked list' does. --now pretends\nthe time "
		"(a wall time, read in each program's zone). With no FILE, "
		"it uses\nthe bundled and the followed programs. A URL "
		"(http or https) is followed\nfirst, as 'sked add URL' does, "
		"then opened.\n\n"
		"A FILE is a sked file (sked(5)) or a schedule as conferences "
		"publish it:\nfrab/pretalx XML, c3voc schedule.json, Indico "
		"timetable JSON or iCalendar,\nrecognized from its content.\n"
		"Every FILE may also be the id of a bundled or followed "
		"program (lpc2023);\nan existing file of that name wins. "
		"Options may follow the other\narguments; '--' ends them "
		"(sked search -- '-title:x track:rt').\n"
		"Settings (theme, colours, time zone, alarm, first view, keys) "
		"come from\n$XDG_CONFIG_HOME/sked/config, else "
		"~/.config/sked/config: see sked(5)\nand 'sked config'.\n"
		"\nOptions:\n");
	cli_options_help(fp, cli_top.options);
	fputs("\nCommands:\n", fp);
	/* The column as wide as the longest name, so that every summary
	 * starts in it. */
	int width = 0;
	for (size_t i = 0; i < sizeof(cli_commands) / sizeof(cli_commands[0]); i++)
		if (!cli_commands[i].internal &&
		    (int)strlen(cli_commands[i].name) > width)
			width = (int)strlen(cli_commands[i].name);
	for (size_t i = 0; i < sizeof(cli_commands) / sizeof(cli_commands[0]); i++)
		if (!cli_commands[i].internal)
			fprintf(fp, "  %-*s  %s\n", width, cli_commands[i].name,
				cli_commands[i].summary);
	fprintf(fp, "\n'sked COMMAND --help' describes a command's options; "
		    "sked(1) and sked(5)\n(the file format) describe "
		    "everything.\n\n"
		    "Exit status: 0 success, 64 usage error, 65 invalid data, "
		    "66 unreadable file,\n69 libical or libxml2 cannot be "
		    "loaded, 73 a file could not be written,\n74 "
		    "output error; sked search: 0 matches, "
		    "1 none, 2 bad or too\n"
		    "costly query (also sked export --query); sked add and "
		    "update: 75 a\ndownload failed (the copy is kept), 65 it "
		    "is no valid schedule.\n"
		    "sked config: 78 the config file has errors.\n");
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	opterr = 0; /* option errors are reported in sked's own words */
	/* libcurl's set-up is not thread-safe: once, before anything runs. */
	const struct cli_command *cmd =
		argc >= 2 ? cli_find_command(argv[1]) : NULL;
	if (argc >= 2 && cmd == NULL)
		cli_top_word = argv[1];
	/* Star moves a followed program's update left (agenda.h) wait for
	 * the agenda lock as sked star does: as long as it takes, said. */
	struct cli_wait said = {.what = "the agenda lock"};
	struct statefile_wait wait = {.go_on = cli_wait_said, .arg = &said};
	follow_set_moves_wait(&wait);
	int status;
	if (cmd && cmd->internal) {
		status = cmd->run(argc - 1, argv + 1);
	} else if (cmd ? cli_take_build_options(cmd, &(int){argc - 1}, argv + 1) == 0
		: cli_take_build_options(&cli_top, &argc, argv) == 0) {
		/* argv is NULL-terminated again after what was taken. */
		int n = 0;
		while (argv[n] != NULL)
			n++;
		status = cmd ? cmd->run(n - 1, argv + 1) : cli_browse(n, argv);
	} else {
		status = EX_USAGE;
	}
	tz_cleanup();
	fetch_global_cleanup();
	return status;
}
