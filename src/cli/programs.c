#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "cli.h"
#include "sked/bundle.h"
#include "sked/diag.h"
#include "sked/follow.h"
#include "sked/load.h"
#include "sked/search.h"
#include "sked/text.h"
#include "sked/xalloc.h"

/* How files are made programs: --timezone (cli_take_build_options). */
static struct build_options cli_build;

const char *
cli_timezone(void)
{
	return cli_build.timezone;
}

int
cli_take_build_options(const struct cli_command *cmd, int *argc, char **argv)
{
	int out = 1;
	bool operands = false;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i], *zone = NULL;
		if (operands || strcmp(a, "--") == 0) {
			operands = true; /* after "--", nothing is an option */
		} else if (strcmp(a, "--timezone") == 0) {
			if (i + 1 == *argc)
				return cli_usage_error(cmd, "option --timezone "
							    "needs a ZONE");
			zone = argv[++i];
		} else if (strncmp(a, "--timezone=", 11) == 0) {
			zone = a + 11;
		}
		if (zone == NULL) {
			argv[out++] = argv[i];
			continue;
		}
		if (tz_find(zone) == NULL)
			return cli_usage_error(cmd, "--timezone: unknown time "
						    "zone '%s' (expected an IANA "
						    "name such as Europe/Dublin)",
					       zone);
		cli_build.timezone = zone;
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

void
cli_say(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	char *safe = text_sanitize(s, strlen(s), 0);
	fprintf(fp, "%s\n", safe);
	free(safe);
	free(s);
}

bool
cli_wait_said(void *arg, long holder, unsigned waited_ms)
{
	struct cli_wait *w = arg;
	if (!w->said && waited_ms >= 1000) {
		if (holder)
			cli_error("waiting for %s held by process %ld...",
				  w->what, holder);
		else
			cli_error("waiting for %s held by another process...",
				  w->what);
		w->said = true;
	}
	return true;
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	cli_say(stderr, "sked: %s", s);
	free(s);
}

int
cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	/* The top level (sked [OPTIONS] [FILE...]) has an empty name. */
	const char *sp = *cmd->name ? " " : "";
	cli_say(stderr, "sked%s%s: %s", sp, cmd->name, s);
	free(s);
	/* An empty usage (sked config) takes no space after the name. */
	fprintf(stderr, "usage: sked%s%s%s%s\nTry 'sked%s%s --help'.\n",
		sp, cmd->name, *cmd->usage ? " " : "", cmd->usage, sp,
		cmd->name);
	return EX_USAGE;
}

/* Columns of a query shown on each side of an error's offset. */
enum { CLI_QUERY_AROUND = 36 };

struct search_query *
cli_query_compile(const struct cli_command *cmd, const char *query)
{
	struct search_error err;
	struct search_query *q = search_compile(query, &err);
	if (q == NULL) {
		/* The query as typed may hold control characters: shown
		 * sanitized, the caret under the column of the offset. */
		size_t len = strlen(query);
		size_t at = err.offset < len ? err.offset : len;
		/* A long query is shown around the offset, not whole (a
		 * query of 70,000 characters was echoed with a caret line
		 * of 4,096 spaces). */
		size_t from = at, to = at;
		while (from > 0 && at - from < 4 * CLI_QUERY_AROUND &&
		       text_width(query + from, at - from) < CLI_QUERY_AROUND)
			from = text_char_before(query, from);
		while (to < len && to - at < 4 * CLI_QUERY_AROUND &&
		       text_width(query + at, to - at) < CLI_QUERY_AROUND)
			to = text_char_after(query, len, to);
		char *safe = text_sanitize(query + from, to - from, 0);
		char *before = text_sanitize(query + from, at - from, 0);
		const char *lead = from > 0 ? "\u2026" : "";
		int col = text_width(before, strlen(before)) + (from > 0);
		/* The offset in characters, as the caret shows it. */
		fprintf(stderr, "sked %s: %s at offset %zu\n", cmd->name,
			err.message, text_utf8_chars(query, at));
		fprintf(stderr, "  %s%s%s\n  %*s^\n", lead, safe,
			to < len ? "\u2026" : "", col, "");
		free(before);
		free(safe);
	} else if (search_is_empty(q)) {
		/* Silence would match every session: a script that built an
		 * empty query by mistake would export or list them all. */
		bool export = strcmp(cmd->name, "export") == 0;
		fprintf(stderr, "sked %s: the query is empty (it would match "
				"every session; %s)\n",
			cmd->name, export ? "--all exports them"
					  : "sked list lists them");
		search_destroy(q);
		q = NULL;
	}
	return q;
}

long
cli_query_run(const struct cli_command *cmd, struct search_query *q,
	      const struct program *p, struct search_result **r)
{
	struct search_error err;
	long n = search_once(q, p, r, &err);
	if (n < 0)
		fprintf(stderr, "sked %s: %s\n", cmd->name, err.message);
	return n;
}

int
cli_output_option(const struct cli_command *cmd, int c, const char *arg,
		  const struct tz_zone **zone, enum format_kind *kind)
{
	if (c == 'z') {
		cli_zone_replaced();
		/* conference: each conference's own zone (NULL), back from
		 * the config's timezone. */
		if (strcmp(arg, "conference") == 0) {
			*zone = NULL;
			return 0;
		}
		*zone = strcmp(arg, "local") == 0 ? cli_local_zone() : tz_find(arg);
		if (*zone == NULL)
			return cli_usage_error(cmd, "--tz: unknown time zone '%s' "
				"(expected an IANA name such as Europe/Dublin, "
				"local or conference)", arg);
	} else if (!format_parse(arg, kind)) {
		return cli_usage_error(cmd, "--format: expected text, tsv or "
			"json, got '%s'", arg);
	}
	return 0;
}

int
cli_now_option(const struct cli_command *cmd, const char *arg,
	       struct tz_wall *now)
{
	if (!tz_parse_wall(arg, now))
		return cli_usage_error(cmd, "--now: expected \"YYYY-MM-DD HH:MM\", "
				       "got '%s'", arg);
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

/* The bundled programs, loaded only when a FILE argument names a conference
 * id instead of a file, and then each at most once; and the followed ones
 * (follow.h), whose list is read at most once. */
struct cli_catalog {
	char **paths;
	size_t n;
	bool listed;
	struct follow_list followed;
	bool followed_read;
	struct program **v;      /* loaded and not yet given away */
	struct diag_list *diags; /* their diagnostics */
	bool *tried;
};

static void
cli_catalog_list(struct cli_catalog *c)
{
	if (c->listed)
		return;
	c->listed = true;
	c->n = bundle_files(&c->paths);
	c->v = xcalloc(c->n + 1, sizeof(*c->v));
	c->diags = xcalloc(c->n + 1, sizeof(*c->diags));
	c->tried = xcalloc(c->n + 1, sizeof(*c->tried));
}

/* The i-th bundled program, loaded once; NULL when it does not load. */
static struct program *
cli_catalog_get(struct cli_catalog *c, size_t i)
{
	if (!c->tried[i]) {
		enum load_status st;
		c->tried[i] = true;
		diag_list_init(&c->diags[i]);
		c->v[i] = load_file(c->paths[i], &c->diags[i], &st);
	}
	return c->v[i];
}

/* The followed programs' list, read once (an unreadable one is reported
 * and taken as empty). */
static const struct follow_list *
cli_catalog_followed(struct cli_catalog *c)
{
	if (!c->followed_read) {
		char *error;
		c->followed_read = true;
		if (!follow_list_load(&c->followed, &error)) {
			cli_error("%s", error);
			free(error);
		}
	}
	return &c->followed;
}

/* Loads followed program e, printing its diagnostics; NULL when it does
 * not load (*status then says why). */
static struct program *
cli_followed_load(const struct follow_entry *e, bool warnings,
		  enum load_status *status)
{
	struct diag_list diags;
	diag_list_init(&diags);
	struct program *p = follow_load(e, &cli_build, &diags, status);
	cli_print_diags(&diags, warnings || p == NULL);
	diag_list_finish(&diags);
	return p;
}

/* The index of the bundled file <id>.yaml, or c->n when there is none. */
static size_t
cli_catalog_file_of(struct cli_catalog *c, const char *id)
{
	cli_catalog_list(c);
	size_t len = strlen(id), found = c->n;
	for (size_t i = 0; i < c->n; i++) {
		const char *base = strrchr(c->paths[i], '/');
		base = base ? base + 1 : c->paths[i];
		if (strncmp(base, id, len) == 0 && strcmp(base + len, ".yaml") == 0)
			found = i;
	}
	return found;
}

/* The followed or bundled program whose id is id, given away with its
 * diagnostics printed; or NULL (*failed: 0 when no program has that id,
 * else it is followed and its copy cannot be read, EX_NOINPUT, or is
 * invalid, EX_DATAERR, which was said). Of the bundled ones, the file
 * <id>.yaml is tried first, the others only when it is another
 * conference. */
static struct program *
cli_catalog_take(struct cli_catalog *c, const char *id, bool warnings,
		 int *failed)
{
	*failed = 0;
	const struct follow_entry *e = follow_list_find(cli_catalog_followed(c),
							id);
	if (e != NULL) {
		enum load_status st;
		struct program *p = cli_followed_load(e, warnings, &st);
		if (p == NULL && st == LOAD_UNREADABLE)
			cli_error("%s is followed, but its copy cannot be read "
				  "(sked update %s)", id, id);
		if (p == NULL)
			*failed = st == LOAD_UNREADABLE ? EX_NOINPUT
							: EX_DATAERR;
		return p;
	}
	size_t first = cli_catalog_file_of(c, id);
	for (size_t k = 0; k <= c->n; k++) {
		size_t i = k == 0 ? first : k - 1;
		if (i == c->n || (k > 0 && i == first))
			continue;
		struct program *p = cli_catalog_get(c, i);
		if (p == NULL || strcmp(p->conference.id, id) != 0)
			continue;
		cli_print_diags(&c->diags[i], warnings);
		diag_list_finish(&c->diags[i]);
		c->v[i] = NULL;
		c->tried[i] = false; /* named again, it is loaded again */
		return p;
	}
	return NULL;
}

/* Whether id names a followed program, or a bundled one by its file's
 * name (<id>.yaml): nothing is loaded. */
static bool
cli_catalog_names(struct cli_catalog *c, const char *id)
{
	return follow_list_find(cli_catalog_followed(c), id) != NULL ||
	       cli_catalog_file_of(c, id) < c->n;
}

/* "no such file or conference", with the conference ids there are. */
static void
cli_catalog_unknown(struct cli_catalog *c, const char *arg)
{
	cli_catalog_list(c);
	char *safe = text_sanitize(arg, strlen(arg), 0);
	char *known = xstrdup("");
	const struct follow_list *f = cli_catalog_followed(c);
	for (size_t i = 0; i < f->n; i++) {
		char *more = xasprintf("%s%s%s", known, *known ? ", " : "",
				       f->v[i].id);
		free(known);
		known = more;
	}
	for (size_t i = 0; i < c->n; i++) {
		struct program *p = cli_catalog_get(c, i);
		if (p == NULL)
			continue;
		char *more = xasprintf("%s%s%s", known, *known ? ", " : "",
				       p->conference.id);
		free(known);
		known = more;
	}
	if (*known) {
		cli_error("no such file or conference: %s (known conferences: "
			  "%s)", safe, known);
	} else {
		char *dir = bundle_dir();
		cli_error("no such file or conference: %s (no bundled programs "
			  "in %s)", safe, dir);
		free(dir);
	}
	/* `sked --timezone UTC list lpc2023`: options given before the
	 * command made it a FILE. */
	const struct cli_command *near;
	if (cli_find_command(arg) != NULL)
		cli_error("(%s is a command: it goes first, its options after "
			  "it: sked %s [OPTIONS] ...)", safe, safe);
	else if (arg == cli_top_word && (near = cli_command_near(arg)) != NULL)
		cli_error("(did you mean the command %s? sked --help lists "
			  "them)", near->name);
	free(known);
	free(safe);
}

static void
cli_catalog_finish(struct cli_catalog *c)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->tried[i]) {
			program_destroy(c->v[i]);
			diag_list_finish(&c->diags[i]);
		}
		free(c->paths[i]);
	}
	free(c->paths);
	free(c->v);
	free(c->diags);
	free(c->tried);
	follow_list_free(&c->followed);
}

size_t
cli_bundled_ids(char ***ids)
{
	struct cli_catalog c = {0};
	cli_catalog_list(&c);
	*ids = xcalloc(c.n + 1, sizeof(**ids));
	size_t n = 0;
	for (size_t i = 0; i < c.n; i++) {
		struct program *p = cli_catalog_get(&c, i);
		if (p != NULL)
			(*ids)[n++] = xstrdup(p->conference.id);
	}
	cli_catalog_finish(&c);
	return n;
}

/* Could s be a conference id (sked(5): 1 to 64 of [a-z0-9-])? */
static bool
cli_id_shaped(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");
	return n > 0 && n <= PROGRAM_MAX_ID && s[n] == '\0';
}

/* Takes program j (and its name) out of the set. */
static void
cli_programs_drop(struct cli_programs *set, const char **names, size_t j)
{
	program_destroy(set->v[j]);
	memmove(set->v + j, set->v + j + 1,
		(set->n - j - 1) * sizeof(*set->v));
	memmove(names + j, names + j + 1, (set->n - j - 1) * sizeof(*names));
	set->n--;
}

/* One program per conference id: a conference's stars are one agenda,
 * and its sessions' UIDs one calendar's. A file given twice (by two
 * names: `sked list lpc2023 data/lpc2023.yaml`) is read once; two files of
 * one id (two versions of a conference, or two calendars named
 * schedule.ics, whose id comes from the file's name) are a usage error,
 * since their sessions would share stars and the export would hold two
 * events of each UID.
 *
 * *bundled: with no FILE, how many of the set's first programs are the
 * bundled ones (else 0), the followed ones after them: a followed program
 * of a bundled one's id (a bundle that came with an upgrade after sked
 * add) is opened in its place, as a conference id names it
 * (cli_catalog_take), and *bundled counts one less. */
static int
cli_programs_unique(struct cli_programs *set, const char **names,
		    size_t *bundled)
{
	for (size_t j = 1; j < set->n; j++) {
		const struct program *b = set->v[j];
		for (size_t i = 0; i < j; i++) {
			const struct program *a = set->v[i];
			if (strcmp(a->conference.id, b->conference.id) != 0)
				continue;
			if (i < *bundled && j >= *bundled) {
				cli_programs_drop(set, names, i);
				(*bundled)--;
				j--;
				break;
			}
			if (!a->source.known || !b->source.known ||
			    a->source.dev != b->source.dev ||
			    a->source.ino != b->source.ino) {
				cli_error("%s and %s are both the conference "
					  "%s, whose stars are one agenda: "
					  "give one of them", names[i],
					  names[j], a->conference.id);
				return EX_USAGE;
			}
			cli_error("warning: %s is %s again: read once",
				  names[j], names[i]);
			cli_programs_drop(set, names, j);
			j--;
			break;
		}
	}
	return 0;
}

/* cli_programs_load's work; unique: one program per conference id. */
static int
cli_programs_load_with(struct cli_programs *set, char **files,
		       size_t nfiles, bool warnings, bool unique)
{
	char **bundled = NULL;
	bool own = false;
	struct cli_catalog cat = {0};
	const struct follow_list *followed = NULL;
	*set = (struct cli_programs){0};
	if (nfiles == 0) {
		nfiles = bundle_files(&bundled);
		files = bundled;
		own = true;
		followed = cli_catalog_followed(&cat);
		if (nfiles == 0 && followed->n == 0) {
			char *dir = bundle_dir();
			cli_error("no bundled programs in %s and none followed "
				  "(set SKED_DATA_DIR, name a FILE or sked add "
				  "URL)", dir);
			free(dir);
			cli_catalog_finish(&cat);
			return EX_NOINPUT;
		}
	}
	int status = 0;
	set->v = xcalloc(nfiles + (followed ? followed->n : 0) + 1,
			 sizeof(*set->v));
	/* What the user calls each: the FILE or id given, a followed id. */
	const char **names = xcalloc(nfiles + (followed ? followed->n : 0) + 1,
				     sizeof(*names));
	for (size_t i = 0; i < nfiles; i++) {
		/* A FILE that does not exist may be a conference id: an
		 * existing file of that name wins. */
		struct stat st;
		if (!own && cli_id_shaped(files[i]) && stat(files[i], &st) != 0 &&
		    errno == ENOENT) {
			int failed;
			struct program *p = cli_catalog_take(&cat, files[i],
							     warnings, &failed);
			if (p != NULL) {
				names[set->n] = files[i];
				set->v[set->n++] = p;
			} else if (failed == EX_DATAERR) {
				/* As a file's: an unreadable one wins. */
				if (status == 0)
					status = EX_DATAERR;
			} else {
				if (failed == 0)
					cli_catalog_unknown(&cat, files[i]);
				status = EX_NOINPUT;
			}
			continue;
		}
		/* A file named like a conference (`sked export lpc2023 -o
		 * lpc2023` made one) takes its place: said, not silent. */
		if (!own && cli_id_shaped(files[i]) &&
		    cli_catalog_names(&cat, files[i]))
			cli_error("%s: the file of that name here is read, not "
				  "the conference %s (name the conference from "
				  "another directory)", files[i], files[i]);
		/* A URL is not a file: followed first (sked add). */
		if ((strncasecmp(files[i], "http://", 7) == 0 ||
		     strncasecmp(files[i], "https://", 8) == 0) &&
		    stat(files[i], &st) != 0 && errno == ENOENT) {
			cli_error("%s: a URL, not a file: sked add URL follows "
				  "it, then its id names it here", files[i]);
			status = EX_NOINPUT;
			continue;
		}
		struct diag_list diags;
		enum load_status ls;
		diag_list_init(&diags);
		struct program *p = load_file_with(files[i], &cli_build, &diags,
						   &ls);
		/* A file refused: its warnings too, which often say why
		 * ("duraton": did you mean "duration"?). */
		cli_print_diags(&diags, warnings || p == NULL);
		diag_list_finish(&diags);
		if (p != NULL) {
			names[set->n] = files[i];
			set->v[set->n++] = p;
		} else if (ls == LOAD_UNREADABLE)
			status = EX_NOINPUT;
		else if (status == 0)
			status = EX_DATAERR;
	}
	size_t from_files = set->n, left_more = 0;
	/* Without FILE, the followed programs too. One whose copy is gone
	 * or broken is told of and left out: the others still open. */
	for (size_t i = 0; followed && i < followed->n; i++) {
		enum load_status st;
		struct program *p = cli_followed_load(&followed->v[i], warnings,
						      &st);
		if (p != NULL) {
			names[set->n] = followed->v[i].id;
			set->v[set->n++] = p;
		} else {
			char *said = xasprintf(
				"%s left out: its copy %s (sked update %s)",
				followed->v[i].id,
				st == LOAD_UNREADABLE ? "cannot be read"
						      : "is invalid",
				followed->v[i].id);
			cli_error("%s", said);
			if (st == LOAD_UNREADABLE)
				set->left_out_status = EX_NOINPUT;
			else if (set->left_out_status == 0)
				set->left_out_status = EX_DATAERR;
			if (set->left_out == NULL) {
				set->left_out = said;
			} else { /* the first named, the others counted */
				free(said);
				left_more++;
			}
		}
	}
	if (left_more > 0) {
		char *all = xasprintf("%s; %zu more left out", set->left_out,
				      left_more);
		free(set->left_out);
		set->left_out = all;
	}
	size_t bundled_n = own ? from_files : 0;
	if (status == 0 && unique) {
		status = cli_programs_unique(set, names, &bundled_n);
		from_files = own ? bundled_n : from_files;
	}
	/* --timezone given with no FILE is for a followed program that
	 * names no zone: the bundled ones (sked files, which always name
	 * theirs) say nothing of it. */
	for (size_t i = own ? from_files : 0; status == 0 && i < set->n; i++) {
		char *note = cli_zone_note(set->v[i], names[i], warnings);
		if (note != NULL)
			cli_error("warning: %s", note);
		free(note);
	}
	free(names);
	cli_catalog_finish(&cat);
	if (own) {
		for (size_t i = 0; i < nfiles; i++)
			free(bundled[i]);
		free(bundled);
	}
	return status;
}

/* What is said of how p's times are read: nothing, a guessed zone, or a
 * --timezone the file's own zone makes unused. */
enum cli_zone_said { CLI_ZONE_NOTHING, CLI_ZONE_GUESSED, CLI_ZONE_NOT_USED };

static enum cli_zone_said
cli_zone_said(const struct program *p)
{
	const struct program_conference *c = &p->conference;
	const char *given = cli_timezone();
	if (c->zone == NULL)
		return CLI_ZONE_NOTHING;
	if (c->zone_derived)
		return CLI_ZONE_GUESSED;
	if (given != NULL && strcmp(given, tz_name(c->zone)) != 0)
		return CLI_ZONE_NOT_USED;
	return CLI_ZONE_NOTHING;
}

char *
cli_zone_note(const struct program *p, const char *name, bool warnings)
{
	const struct tz_zone *z = p->conference.zone;
	switch (cli_zone_said(p)) {
	case CLI_ZONE_GUESSED:
		if (warnings)
			return NULL;
		/* Instants in the file (UTC, or with offsets) are not
		 * guessed; only the zone that shows them is. */
		if (p->conference.times_exact)
			return xasprintf("%s names no time zone: its times are "
					 "exact, shown in %s, which may not be "
					 "the conference's zone (--timezone "
					 "ZONE names it)",
					 name, tz_label(z));
		return xasprintf("%s names no time zone: its times are read "
				 "as %s, a guess (--timezone ZONE names it)",
				 name, tz_label(z));
	case CLI_ZONE_NOT_USED:
		return xasprintf("%s names its time zone, %s: --timezone %s is "
				 "not used (--tz ZONE shows the times in "
				 "another zone)",
				 name, tz_name(z), cli_timezone());
	default:
		return NULL;
	}
}

char *
cli_zone_note_brief(const struct program *p)
{
	const struct program_conference *c = &p->conference;
	switch (cli_zone_said(p)) {
	case CLI_ZONE_GUESSED:
		return xasprintf("%s names no time zone: %s is a guess "
				 "(--timezone ZONE)", c->id, tz_label(c->zone));
	case CLI_ZONE_NOT_USED:
		return xasprintf("%s names its zone, %s: --timezone not used",
				 c->id, tz_name(c->zone));
	default:
		return NULL;
	}
}

int
cli_programs_load_partial(struct cli_programs *set, char **files,
			  size_t nfiles, bool warnings)
{
	return cli_programs_load_with(set, files, nfiles, warnings, false);
}

int
cli_programs_load(struct cli_programs *set, char **files, size_t nfiles,
		  bool warnings)
{
	int status = cli_programs_load_with(set, files, nfiles, warnings, true);
	if (status != 0)
		cli_programs_finish(set);
	return status;
}

void
cli_programs_finish(struct cli_programs *set)
{
	for (size_t i = 0; i < set->n; i++)
		program_destroy(set->v[i]);
	free(set->v);
	free(set->left_out);
	*set = (struct cli_programs){0};
}

const struct program *
cli_output_is_input(const struct cli_programs *set, const char *output)
{
	if (strcmp(output, "-") == 0)
		return NULL;
	return program_read_from((const struct program *const *)set->v,
				 set->n, output);
}

bool
cli_stdout_flushed(const char *failure)
{
	/* The reason: the flush's, else that of the write that failed
	 * before it (errno may be another call's by then: none said). */
	errno = 0;
	int flushed = fflush(stdout), e = errno;
	if (flushed == 0 && !ferror(stdout))
		return true;
	if (flushed != 0 && e != 0)
		cli_error("%s: %s", failure, strerror(e));
	else
		cli_error("%s", failure);
	return false;
}
