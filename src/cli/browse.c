/* sked [--now TIME] [FILE...]: the terminal browser. */
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "sked/tui.h"
#include "sked/tz.h"
#include "sked/xalloc.h"

static int cli_browse_programs(int argc, char **argv, const char *now_arg,
			       const struct tz_wall *now_wall);

static bool
cli_browse_is_url(const char *arg)
{
	return strncasecmp(arg, "http://", 7) == 0 ||
	       strncasecmp(arg, "https://", 8) == 0;
}

/* When argv[optind..argc) has a URL: whether each of the others names a
 * program (a file, or a bundled or followed program's id), loaded and
 * dropped; the loader's error and its status when one does not. */
static int
cli_browse_names(int argc, char **argv)
{
	int n = 0;
	bool url = false;
	char **names = xcalloc((size_t)argc + 1, sizeof(*names));
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (cli_browse_is_url(argv[i]))
			url = true;
		else if (stat(argv[i], &st) != 0)
			names[n++] = argv[i];
	}
	int status = 0;
	if (url && n > 0) {
		struct cli_programs set;
		status = cli_programs_load(&set, names, (size_t)n, false);
		if (status == 0)
			cli_programs_finish(&set);
		else
			cli_error("nothing was followed (to follow a URL: sked "
				  "add URL, or sked URL)");
	}
	free(names);
	return status;
}

int
cli_browse(int argc, char **argv)
{
	/* Called as "sked browse" or as sked itself (argv[0] its path). */
	const struct cli_command *cmd = strcmp(argv[0], "browse") == 0
						? cli_find_command("browse")
						: &cli_top;
	const char *now_arg = NULL;
	struct tz_wall now_wall = {0};
	struct cli_opts op;
	int c;
	cli_opts_init(&op, cmd, argc, argv);
	while ((c = cli_opts_next(&op)) > 0) {
		switch (c) {
		case CLI_KEY_NOW: {
			int r = cli_now_option(cmd, op.value, &now_wall);
			if (r)
				return r;
			now_arg = op.value;
			break;
		}
		case 'V': return cli_version(stdout);
		}
	}
	if (c < 0)
		return op.status;
	/* What is not a URL must name a program before any URL is
	 * followed: `sked follow URL` (no such command) followed the URL,
	 * then failed on "follow". */
	int status = cli_browse_names(argc, argv);
	if (status != 0)
		return status;
	/* A URL is followed first (sked add), then opened by its id; one
	 * followed already whose refresh fails opens on the copy kept. */
	char **urls_ids = xcalloc((size_t)argc + 1, sizeof(*urls_ids));
	for (int i = optind; i < argc; i++) {
		if (!cli_browse_is_url(argv[i]))
			continue;
		status = cli_follow_url(argv[i], NULL, stderr, &urls_ids[i]);
		if (urls_ids[i] == NULL) {
			for (int k = 0; k < argc; k++)
				free(urls_ids[k]);
			free(urls_ids);
			return status;
		}
		argv[i] = urls_ids[i];
	}
	status = cli_browse_programs(argc, argv, now_arg, &now_wall);
	for (int k = 0; k < argc; k++)
		free(urls_ids[k]);
	free(urls_ids);
	return status;
}

static int
cli_browse_programs(int argc, char **argv,
		    const char *now_arg, const struct tz_wall *now_wall)
{
	char *why = NULL;
	bool terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if (terminal && !tui_terminal_usable(&why)) {
		cli_error("warning: %s: the programs are printed as sked list "
			  "prints them", why);
		terminal = false;
	}
	free(why);
	if (!terminal) {
		/* Not a terminal: print the programs, as 'sked list' does. */
		char *list_argv[argc + 3];
		int k = 0;
		list_argv[k++] = "list";
		list_argv[k++] = "--"; /* the FILEs are no options */
		for (int i = optind; i < argc; i++)
			list_argv[k++] = argv[i];
		list_argv[k] = NULL;
		optind = 0; /* getopt starts afresh on a new argv */
		return cli_list(k, list_argv);
	}
	struct cli_programs set;
	int status = cli_programs_load(&set, argv + optind,
				       (size_t)(argc - optind), false);
	if (status != 0)
		return status;
	/* The user's locale says what the terminal takes: not UTF-8 (C,
	 * POSIX, Latin-1), the browser draws ASCII, each character as its
	 * stand-in (cells.c), as tmux and mutt do. The text is still
	 * UTF-8 inside, which curses reads under C.UTF-8. */
	bool ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	if (ascii)
		setlocale(LC_CTYPE, "C.UTF-8");
	/* --now is a wall time, read in the zone of each program. */
	struct build_options build = {.timezone = cli_timezone()};
	/* The config file: a bad one is said (on stderr and in the status
	 * line) and its bad settings keep their defaults. */
	const struct config *config = cli_config();
	tui_keys_apply(config);
	char *message = cli_config_message();
	/* A followed program left out, before it (said on stderr too, which
	 * the screen hides until the browser ends). */
	if (set.left_out != NULL) {
		char *both = message ? xasprintf("%s; %s", set.left_out, message)
				     : xstrdup(set.left_out);
		free(message);
		message = both;
	}
	/* Then each program whose zone is a guess (said on stderr too,
	 * which the screen hides until the browser ends): the status line
	 * shows the first and counts the others, not the first alone. */
	char **notes = xcalloc(set.n + 2, sizeof(*notes));
	size_t n_notes = 0;
	if (message != NULL)
		notes[n_notes++] = message;
	for (size_t i = 0; i < set.n; i++)
		if ((notes[n_notes] = cli_zone_note_brief(set.v[i])) != NULL)
			n_notes++;
	/* And a $TZ that is no zone: "your time" would be UTC unsaid. */
	(void)cli_local_zone(); /* its warning on stderr */
	const char *bad_tz = tz_local_unusable();
	if (bad_tz != NULL)
		notes[n_notes++] = xasprintf("TZ='%s' is no time zone: your "
					     "times are UTC", bad_tz);
	struct tui_options o = {.now_given = now_arg != NULL, .now = *now_wall,
				.build = &build, .config = config,
				.messages = (const char *const *)notes,
				.n_messages = n_notes, .ascii = ascii};
	status = tui_run(set.v, set.n, &o);
	for (size_t i = 0; i < n_notes; i++)
		free(notes[i]);
	free(notes);
	cli_programs_finish(&set);
	return status;
}
