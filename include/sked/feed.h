/* feed: a conference program as a reader found it in a file, before the
 * builder (build.h) checks it and makes a program of it.
 *
 * One reader per format (sked YAML, frab/pretalx XML, c3voc JSON, Indico's
 * timetable JSON, iCalendar) fills a feed. A reader reports only what is
 * wrong with the syntax and shape of its format (a JSON string where a
 * number belongs, an unclosed tag); everything else is the builder's, so
 * that every format gets the same checks and the same wording: ids (unique,
 * stable, derived when the feed has none or repeats them), references to
 * tracks and rooms, the zone, dates and times, days, limits, URLs, and
 * that text is UTF-8 (the last guard: readers should have said so; one
 * that checked the whole file says so with FEED_UTF8_CHECKED).
 * The builder does not make text safe to show: it keeps it exactly as the
 * file has it (`sked list --format json` prints it so); control
 * characters and escapes are made harmless where text is shown, by the
 * terminal output and the exports (text.h's text_sanitize).
 *
 * Values stay text, as found, with where they were: the builder parses
 * dates, times and durations in one place. Text is UTF-8 (readers reject
 * or report anything else) with CR LF made LF. The long texts of a format
 * that writes them as HTML (FEED_HTML_TEXTS) are stored as they are: the
 * program keeps one that holds markup so and makes it text when it is
 * first read (program.h's program_text), since opening a program does not
 * need it. Other text is plain.
 *
 * Ownership: a feed owns everything it points to: its strings in its
 * arena, which a program may take (build.h's build_program_take), and
 * its arrays apart (the sessions' its own, the others in its lists'
 * arena), freed by feed_destroy, so that a program never keeps them.
 * Readers copy strings in with feed_str()/feed_strn(). Arrays grow
 * through the feed_add_*() functions, whose pointers are valid until the
 * next call that adds to the same array. */
#ifndef SKED_FEED_H
#define SKED_FEED_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* Where a value was in the file, in one of two forms:
 * - a 1-based line and column (in characters), as most readers count
 *   them while they read: {line, column};
 * - a byte offset into the feed's source (feed_set_source), for a reader
 *   that records only that (the XML reader: feed_pos_offset), made a line
 *   and column when one is wanted (feed_pos_resolve). Nearly no position
 *   is ever shown, and counting lines and columns through everything a
 *   reader reads cost 8% of an XML import.
 * {0, 0}: not known. line is not 0 for a known position of either form. */
#define FEED_POS_OFFSET UINT_MAX /* line of a position that is an offset */
struct feed_pos {
	unsigned line;
	unsigned column; /* line FEED_POS_OFFSET: the offset, in bytes */
};

/* The position at byte offset off of the feed's source (at most
 * LOAD_MAX_FILE bytes: off fits). */
static inline struct feed_pos
feed_pos_offset(size_t off)
{
	return (struct feed_pos){FEED_POS_OFFSET, (unsigned)off};
}

/* A value as found: its text (NULL when absent) and where it was. */
struct feed_str {
	const char *s;
	struct feed_pos pos;
};
/* Sixteen bytes, in every value of every session, person and tag: a
 * large program's feed is alive beside the program being built from it,
 * and is most of the memory a load peaks at. Whether a text is HTML is
 * the format's (FEED_HTML_TEXTS), not a flag of each value. */
_Static_assert(sizeof(struct feed_str) <= 2 * sizeof(void *),
	       "struct feed_str grew");

struct feed_strs {
	struct feed_str *v;
	size_t n, cap;
};

struct feed_person {
	struct feed_pos pos;
	struct feed_str name;        /* required */
	struct feed_str affiliation;
	struct feed_str id;          /* the feed's person id: two people of one
				      * name stay apart */
	struct feed_str url;
};

struct feed_people {
	struct feed_person *v;
	size_t n, cap;
};

struct feed_link {
	struct feed_str url;         /* required */
	struct feed_str title;
};

struct feed_links {
	struct feed_link *v;
	size_t n, cap;
};

struct feed_track {
	struct feed_pos pos;
	struct feed_str id;          /* NULL: the builder derives one from the name */
	struct feed_str name;        /* required */
	struct feed_str description;
	struct feed_strs leads;
};

struct feed_room {
	struct feed_pos pos;
	struct feed_str id;          /* NULL: derived from the name */
	struct feed_str name;        /* required */
};

struct feed_session {
	struct feed_pos pos;         /* where the session begins in the file */
	struct feed_str id;          /* the feed's id; may be missing or repeat */
	struct feed_str guid;        /* a globally unique id, when the feed has one */
	struct feed_str title;       /* required */
	struct feed_str subtitle;
	struct feed_str type;
	struct feed_str abstract;
	struct feed_str description; /* the long text beside the abstract */
	struct feed_str url;
	struct feed_str feedback_url;
	struct feed_strs languages;  /* codes such as "en", "de" */
	struct feed_str track;       /* a track's id or name */
	struct feed_str room;        /* a room's id or name */
	/* When: NULL start means unscheduled. start is ISO 8601:
	 * "YYYY-MM-DDTHH:MM[:SS]" is a wall time in the conference's zone;
	 * with "Z" or "+HH:MM"/"-HH:MM" it is an absolute instant, which wins
	 * over a wall time. start_local, when a feed gives both (frab's <date>
	 * and <day date>+<start>), is the wall time the feed also states; the
	 * builder warns when the two disagree. */
	struct feed_str start;
	struct feed_str start_local;
	/* Minutes, "H:MM", "HH:MM" or "HH:MM:SS" (frab), "P...T..M" (ISO 8601
	 * durations, iCalendar); NULL with a start: an error unless the
	 * reader knows the end (end, same forms as start). 0 is allowed: a
	 * zero-length event (doors open). */
	struct feed_str duration;
	struct feed_str end;
	/* The conference day (0-based) the feed lists the session under, or
	 * -1: the builder then computes it from the wall time and
	 * conference.day_change. */
	int day;
	struct feed_people speakers;
	struct feed_people authors;
	struct feed_strs tags;
	struct feed_links links;
	bool do_not_record;
};

struct feed_conference {
	struct feed_pos pos;
	struct feed_str id;          /* NULL: derived from the title */
	struct feed_str title;       /* required */
	struct feed_str timezone;    /* an IANA name; NULL: see build_options */
	struct feed_str start, end;  /* "YYYY-MM-DD"; NULL: from the sessions */
	struct feed_str day_change;  /* "HH:MM" */
	struct feed_str location;
	struct feed_str url;
	/* What the feed's relative links are relative to (frab's base_url):
	 * the builder resolves them against it (RFC 3986). NULL: they are
	 * dropped with a warning. */
	struct feed_str base_url;
};

/* How a format names things, which changes what the builder may do. */
enum feed_flags {
	/* A session's track or room that names no declared one creates it
	 * (feeds name rooms and tracks inline). Without it, it is an error
	 * (sked YAML declares them). */
	FEED_CREATE_REFERENCES = 1 << 0,
	/* Session ids may repeat or be missing: the builder makes them unique
	 * and stable (build.h: the feed's id when unique; a repeated one the
	 * slot's guid, else the id and the start; a missing one the guid,
	 * else a hash of what identifies the session). Without it, a missing
	 * or repeated id is an error (sked YAML). */
	FEED_DERIVE_IDS = 1 << 1,
	/* Every value must be valid (sked YAML, which people write to be
	 * read by sked). Without it, what a feed cannot be held to is mended
	 * or dropped with a warning, so that one bad link does not refuse a
	 * whole published program: a relative URL is resolved against
	 * conference.base_url, one starting "www." taken as https://, one
	 * that is not a URI percent-encoded, or, when that is not enough (no
	 * scheme), dropped, as is one of another scheme than http, https and
	 * mailto (an error with this flag); a conference, track or room id
	 * that is not an id is made one from its text. */
	FEED_STRICT = 1 << 2,
	/* Every string of the feed is UTF-8 because the reader checked the
	 * whole file (feed_check_utf8) and took its strings from a parser
	 * that keeps them so, or made them of ASCII and such strings: the
	 * builder's last guard (see above) does not read them again. A
	 * reader that cannot promise that leaves it unset (frab/pretalx XML
	 * sets it: libxml2 hands out UTF-8 only; sked YAML too: libyaml
	 * refuses an escape that is no character). */
	FEED_UTF8_CHECKED = 1 << 3,
	/* The format writes its long texts (a session's abstract and
	 * description, a track's description) as HTML (frab/pretalx XML and
	 * JSON, Indico): one that holds markup (html_is_markup) is kept as
	 * HTML, to be made text when it is read (program.h's program_text).
	 * Without it, every text is plain (sked YAML, iCalendar). */
	FEED_HTML_TEXTS = 1 << 4,
};

struct feed {
	const char *file;            /* the name used in messages */
	const char *format;          /* "sked", "frab-xml", "frab-json", "indico", "ical" */
	int flags;                   /* enum feed_flags */
	struct feed_conference conference;
	struct feed_track *tracks;
	size_t n_tracks, cap_tracks;
	struct feed_room *rooms;
	size_t n_rooms, cap_rooms;
	struct feed_session *sessions;
	size_t n_sessions, cap_sessions;
	struct arena *arena;         /* its strings */
	struct arena *lists;         /* its arrays but the sessions' */
	/* The file a reader that records offsets read (feed_set_source):
	 * borrowed, and needed until the positions are all resolved, which
	 * is when the program is built. NULL for the other readers. */
	const char *src;
	size_t src_len;
	struct feed_lines *lines; /* where src's lines start: made on first use */
};

/* A new, empty feed; file and format are copied. The caller destroys it. */
struct feed *feed_create(const char *file, const char *format);
void feed_destroy(struct feed *f);

/* A value owned by the feed: a copy of s (NULL stays NULL), or of s[0..n). */
struct feed_str feed_str(struct feed *f, const char *s, struct feed_pos pos);
struct feed_str feed_strn(struct feed *f, const char *s, size_t n,
			  struct feed_pos pos);

/* p moved past s[0..n): a line for each LF, a column for each character
 * (UTF-8 continuation bytes are none). How the readers count the
 * positions they name. */
void feed_pos_advance(struct feed_pos *p, const char *s, size_t n);

/* The reader's positions may be offsets into buf[0..len) (borrowed: the
 * caller keeps it until the feed is built or destroyed). */
void feed_set_source(struct feed *f, const char *buf, size_t len);

/* p as a line and column, as feed_pos_advance counts them from the start
 * of the source: the one place a position becomes numbers (the messages). A line and column is returned as it is; an offset
 * needs the source ({0, 0} without one; past its end: at its end). The
 * first offset resolved indexes where the source's lines start, so that
 * each is a binary search and a count along one line. */
struct feed_pos feed_pos_resolve(const struct feed *f, struct feed_pos p);

/* True when buf[0..len) is UTF-8 without a NUL byte; else false, with an
 * error at the first byte that is not: "NUL byte in file (WHY)" or
 * "invalid UTF-8 byte 0xe9 (WHY)", why saying what the format wants ("a
 * sked file is UTF-8 text"). Positions count from buf (past a BOM the
 * caller skipped, if it did). */
struct diag_list;
bool feed_check_utf8(const char *file, const char *buf, size_t len,
		     const char *why, struct diag_list *diags);
/* feed_check_utf8's error about byte, the first that is not UTF-8
 * without NUL, at p: for a reader that checks a file in pieces. */
void feed_utf8_error(const char *file, struct feed_pos p, unsigned char byte,
		     const char *why, struct diag_list *diags);

/* How feed_text() takes a text. */
enum feed_text_flags {
	FEED_TEXT_TRIM = 1 << 0, /* blanks around it are layout: dropped */
};

/* s[0..n) as readers store text (see above), owned by the feed: CR LF
 * and a lone CR as LF, and with flags, blanks (space, tab, CR, LF) around
 * it dropped. HTML is kept as it is (FEED_HTML_TEXTS). The one place that
 * does this for every reader. Absent (s NULL, at pos) when nothing is
 * left. */
struct feed_str feed_text(struct feed *f, const char *s, size_t n,
			  struct feed_pos pos, int flags);

/* Appends a zeroed element (day = -1 for sessions) and returns it. */
struct feed_track *feed_add_track(struct feed *f);
struct feed_room *feed_add_room(struct feed *f);
struct feed_session *feed_add_session(struct feed *f);
/* Room for n sessions in all, when a reader knows how many are coming
 * (frab XML counts its <event> tags before parsing): the sessions array
 * is not grown and copied on the way. A hint, capped at one more than
 * PROGRAM_MAX_SESSIONS (the builder's limit), so a count cannot ask for
 * more than the file could fill. */
void feed_reserve_sessions(struct feed *f, size_t n);
struct feed_person *feed_add_person(struct feed *f, struct feed_people *p);
struct feed_link *feed_add_link(struct feed *f, struct feed_links *l);
void feed_add_str(struct feed *f, struct feed_strs *v, struct feed_str s);
/* n elements of size bytes from v, copied into the feed's lists' arena
 * (NULL for none): a list a reader gathered elsewhere, kept at its exact
 * size. */
void *feed_copy(struct feed *f, const void *v, size_t n, size_t size);

#endif
