/* The sked YAML reader: the file's nodes, as a stream (yamltree.c), walked
 * against the schema, driven by field tables, into a feed. Nothing of
 * the file is held but the values kept: no tree, and no key. The schema
 * is only a few levels deep, so this walk's recursion is bounded by the
 * schema, never by the file. Only shapes are checked here (a string where
 * a list belongs, a missing or unknown key); values are the builder's
 * (build.c).
 *
 * A value found but unusable is reported here and stored as NULL with its
 * position, so that the builder neither repeats the message nor derives
 * anything in its place (build.h); a required key that is missing too.
 *
 * The walk itself (messages, paths, lists, the field tables' walk) is
 * read_yaml_walk.c's.
 *
 * The messages are those of a walk of the whole file once it is known to
 * be YAML, in the schema's order: they are gathered apart, section by
 * section, and given only when the stream ended well, the root's keys'
 * first, then the conference's, the tracks', the rooms' and the
 * sessions', whatever order the file has them in; a file of another
 * version (or none) gets that message alone. */
#include "sked/skedyaml.h"

#include <stdlib.h>
#include <string.h>

#include "read_yaml_int.h"
#include "sked/arena.h"
#include "sked/diag.h"
#include "sked/program.h"
#include "sked/text.h"

/* ---- people ---- */

RY_STRING_FIELD(ry_person_name, struct feed_person, name, true)
RY_STRING_FIELD(ry_person_affiliation, struct feed_person, affiliation, false)
RY_STRING_FIELD(ry_person_id, struct feed_person, id, false)
RY_STRING_FIELD(ry_person_url, struct feed_person, url, false)

static const struct ry_field ry_person_fields[] = {
	RY_FIELD("name", ry_person_name, true),
	RY_FIELD("affiliation", ry_person_affiliation, false),
	RY_FIELD("id", ry_person_id, false),
	RY_FIELD("url", ry_person_url, false),
};

/* A person: a mapping, or a name alone. */
static void
ry_person_item(struct ry *ry, const ry_node *item, void *vec)
{
	struct feed_person person = {.pos = ry_pos(item)};
	if (item->kind == YT_MAP) {
		ry_walk_map(ry, item, ry_person_fields,
			    RY_NFIELDS(ry_person_fields), &person, "a person");
		ry_mark_missing(&person.name, item);
	} else {
		person.name = ry_string(ry, item, true);
	}
	*(struct feed_person *)ry_vec_add(vec, sizeof(person)) = person;
}

static void
ry_people(struct ry *ry, const ry_node *n, struct feed_people *out)
{
	out->v = ry_gather(ry, n, &ry->people, sizeof(*out->v),
			   ry_person_item, &out->n);
	out->cap = out->n;
}

/* ---- the version ---- */

static void
ry_version(struct ry *ry, const ry_node *n, void *obj)
{
	(void)obj;
	char got[128];
	ry->out = &ry->msgs[RY_VERSION];
	if (n->kind == YT_SCALAR && strcmp(n->str, "1") == 0) {
		ry->version = RY_VERSION_OK;
	} else {
		ry->version = RY_VERSION_BAD;
		ry_error(ry, n, "unsupported format version %s (this sked "
			 "reads version 1)", ry_describe(n, got, sizeof(got)));
		ry_skip(ry, n);
	}
	ry->out = &ry->msgs[RY_ROOT];
}

/* ---- sections ---- */

/* A section that is a list (tracks, rooms, sessions): fn on each item,
 * its messages gathered in msgs[part]. */
static void
ry_section(struct ry *ry, const ry_node *n, enum ry_part_of part,
	   ry_item_fn fn)
{
	ry->out = &ry->msgs[part];
	ry_items(ry, n, fn, NULL);
	ry->out = &ry->msgs[RY_ROOT];
}

/* ---- conference ---- */

RY_STRING_FIELD(ry_conf_id, struct feed_conference, id, true)
RY_STRING_FIELD(ry_conf_title, struct feed_conference, title, true)
RY_STRING_FIELD(ry_conf_timezone, struct feed_conference, timezone, true)
RY_STRING_FIELD(ry_conf_start, struct feed_conference, start, true)
RY_STRING_FIELD(ry_conf_end, struct feed_conference, end, true)
RY_STRING_FIELD(ry_conf_location, struct feed_conference, location, false)
RY_STRING_FIELD(ry_conf_url, struct feed_conference, url, false)
RY_STRING_FIELD(ry_conf_day_change, struct feed_conference, day_change, false)

static const struct ry_field ry_conference_fields[] = {
	RY_FIELD("id", ry_conf_id, true),
	RY_FIELD("title", ry_conf_title, true),
	RY_FIELD("timezone", ry_conf_timezone, true),
	RY_FIELD("start", ry_conf_start, true),
	RY_FIELD("end", ry_conf_end, true),
	RY_FIELD("location", ry_conf_location, false),
	RY_FIELD("url", ry_conf_url, false),
	RY_FIELD("day_change", ry_conf_day_change, false),
};

static void
ry_conference(struct ry *ry, const ry_node *n, void *obj)
{
	(void)obj;
	struct feed_conference *c = &ry->f->conference;
	ry->out = &ry->msgs[RY_CONFERENCE];
	c->pos = ry_pos(n);
	if (!ry_walk_map(ry, n, ry_conference_fields,
			 RY_NFIELDS(ry_conference_fields), c,
			 "a mapping of conference details")) {
		/* All of it reported: nothing to derive. */
		c->id.pos = c->title.pos = c->timezone.pos = c->start.pos =
			c->end.pos = ry_pos(n);
	} else {
		/* sked files must say all of these: nothing is derived for
		 * them. */
		ry_mark_missing(&c->id, n);
		ry_mark_missing(&c->title, n);
		ry_mark_missing(&c->timezone, n);
		ry_mark_missing(&c->start, n);
		ry_mark_missing(&c->end, n);
	}
	ry->out = &ry->msgs[RY_ROOT];
}

/* ---- tracks and rooms ---- */

RY_STRING_FIELD(ry_track_id, struct feed_track, id, true)
RY_STRING_FIELD(ry_track_name, struct feed_track, name, true)
RY_STRING_FIELD(ry_track_description, struct feed_track, description, false)

static void
ry_track_leads(struct ry *ry, const ry_node *n, void *obj)
{
	ry_strs(ry, n, &((struct feed_track *)obj)->leads);
}

static const struct ry_field ry_track_fields[] = {
	RY_FIELD("id", ry_track_id, true),
	RY_FIELD("name", ry_track_name, true),
	RY_FIELD("description", ry_track_description, false),
	RY_FIELD("leads", ry_track_leads, false),
};

static void
ry_track_item(struct ry *ry, const ry_node *item, void *ctx)
{
	(void)ctx;
	struct feed_track *t = feed_add_track(ry->f);
	t->pos = ry_pos(item);
	ry_walk_map(ry, item, ry_track_fields, RY_NFIELDS(ry_track_fields), t,
		    "a track mapping");
	ry_mark_missing(&t->id, item);
	ry_mark_missing(&t->name, item);
}

static void
ry_tracks(struct ry *ry, const ry_node *n, void *obj)
{
	(void)obj;
	ry_section(ry, n, RY_TRACKS, ry_track_item);
}

RY_STRING_FIELD(ry_room_id, struct feed_room, id, true)
RY_STRING_FIELD(ry_room_name, struct feed_room, name, true)

static const struct ry_field ry_room_fields[] = {
	RY_FIELD("id", ry_room_id, true),
	RY_FIELD("name", ry_room_name, true),
};

static void
ry_room_item(struct ry *ry, const ry_node *item, void *ctx)
{
	(void)ctx;
	struct feed_room *r = feed_add_room(ry->f);
	r->pos = ry_pos(item);
	ry_walk_map(ry, item, ry_room_fields, RY_NFIELDS(ry_room_fields), r,
		    "a room mapping");
	ry_mark_missing(&r->id, item);
	ry_mark_missing(&r->name, item);
}

static void
ry_rooms(struct ry *ry, const ry_node *n, void *obj)
{
	(void)obj;
	ry_section(ry, n, RY_ROOMS, ry_room_item);
}

/* ---- sessions ---- */

RY_STRING_FIELD(ry_session_id, struct feed_session, id, true)
RY_STRING_FIELD(ry_session_title, struct feed_session, title, true)
RY_STRING_FIELD(ry_session_subtitle, struct feed_session, subtitle, false)
RY_STRING_FIELD(ry_session_type, struct feed_session, type, false)
RY_STRING_FIELD(ry_session_abstract, struct feed_session, abstract, false)
RY_STRING_FIELD(ry_session_description, struct feed_session, description, false)
RY_STRING_FIELD(ry_session_url, struct feed_session, url, false)
RY_STRING_FIELD(ry_session_feedback_url, struct feed_session, feedback_url, false)
RY_STRING_FIELD(ry_session_guid, struct feed_session, guid, false)
RY_STRING_FIELD(ry_session_track, struct feed_session, track, false)
RY_STRING_FIELD(ry_session_room, struct feed_session, room, false)
RY_STRING_FIELD(ry_session_start, struct feed_session, start, false)

static void
ry_session_duration(struct ry *ry, const ry_node *n, void *obj)
{
	struct feed_session *s = obj;
	char got[128];
	s->duration = (struct feed_str){.pos = ry_pos(n)};
	if (ry_is_null(n) || n->kind != YT_SCALAR) {
		ry_error(ry, n, "expected minutes or H:MM, got %s",
			 ry_describe(n, got, sizeof(got)));
		ry_skip(ry, n);
		return;
	}
	s->duration.s = arena_strndup(ry->f->arena, n->str, n->len);
}

static void
ry_session_language(struct ry *ry, const ry_node *n, void *obj)
{
	struct feed_session *s = obj;
	if (n->kind == YT_LIST) {
		ry_strs(ry, n, &s->languages);
		return;
	}
	struct feed_str v = ry_string(ry, n, false);
	if (v.s)
		feed_add_str(ry->f, &s->languages, v);
}

RY_STRING_FIELD(ry_link_url, struct feed_link, url, true)
RY_STRING_FIELD(ry_link_title, struct feed_link, title, false)

static const struct ry_field ry_link_fields[] = {
	RY_FIELD("url", ry_link_url, true),
	RY_FIELD("title", ry_link_title, false),
};

/* A link, kept when it is a mapping. */
static void
ry_link_item(struct ry *ry, const ry_node *item, void *vec)
{
	struct feed_link l = {0};
	if (ry_walk_map(ry, item, ry_link_fields, RY_NFIELDS(ry_link_fields),
			&l, "a link mapping (url, title)")) {
		ry_mark_missing(&l.url, item);
		*(struct feed_link *)ry_vec_add(vec, sizeof(l)) = l;
	}
}

static void
ry_session_links(struct ry *ry, const ry_node *n, void *obj)
{
	struct feed_session *s = obj;
	s->links.v = ry_gather(ry, n, &ry->links, sizeof(*s->links.v),
			       ry_link_item, &s->links.n);
	s->links.cap = s->links.n;
}

static void
ry_session_do_not_record(struct ry *ry, const ry_node *n, void *obj)
{
	char got[128];
	/* YAML 1.2's booleans, no yes/no: "no" is a language code. */
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	if (n->kind == YT_SCALAR && n->plain)
		for (size_t i = 0; i < 3; i++) {
			if (strcmp(n->str, yes[i]) == 0) {
				((struct feed_session *)obj)->do_not_record = true;
				return;
			}
			if (strcmp(n->str, no[i]) == 0)
				return;
		}
	ry_error(ry, n, "expected true or false, got %s",
		 ry_describe(n, got, sizeof(got)));
	ry_skip(ry, n);
}

static void
ry_session_speakers(struct ry *ry, const ry_node *n, void *obj)
{
	ry_people(ry, n, &((struct feed_session *)obj)->speakers);
}

static void
ry_session_authors(struct ry *ry, const ry_node *n, void *obj)
{
	ry_people(ry, n, &((struct feed_session *)obj)->authors);
}

static void
ry_session_tags(struct ry *ry, const ry_node *n, void *obj)
{
	ry_strs(ry, n, &((struct feed_session *)obj)->tags);
}

static const struct ry_field ry_session_fields[] = {
	RY_FIELD("id", ry_session_id, true),
	RY_FIELD("title", ry_session_title, true),
	RY_FIELD("track", ry_session_track, false),
	RY_FIELD("room", ry_session_room, false),
	RY_FIELD("start", ry_session_start, false),
	RY_FIELD("duration", ry_session_duration, false),
	RY_FIELD("type", ry_session_type, false),
	RY_FIELD("speakers", ry_session_speakers, false),
	RY_FIELD("authors", ry_session_authors, false),
	RY_FIELD("abstract", ry_session_abstract, false),
	RY_FIELD("url", ry_session_url, false),
	RY_FIELD("tags", ry_session_tags, false),
	RY_FIELD("subtitle", ry_session_subtitle, false),
	RY_FIELD("description", ry_session_description, false),
	RY_FIELD("language", ry_session_language, false),
	RY_FIELD("links", ry_session_links, false),
	RY_FIELD("feedback_url", ry_session_feedback_url, false),
	RY_FIELD("guid", ry_session_guid, false),
	RY_FIELD("do_not_record", ry_session_do_not_record, false),
};

/* The largest table: every table fits ry_walk_map's. */
_Static_assert(RY_NFIELDS(ry_session_fields) <= RY_MAX_FIELDS,
	       "a field table larger than ry_walk_map's");

static void
ry_session_item(struct ry *ry, const ry_node *item, void *ctx)
{
	(void)ctx;
	/* Past the builder's limit, which it reports at the session after
	 * it, nothing is kept: a file of millions of "{}" does not hold 504
	 * bytes for each. */
	if (ry->f->n_sessions > PROGRAM_MAX_SESSIONS) {
		ry_skip(ry, item);
		return;
	}
	/* One feed session for each item, even a broken one, so that the
	 * builder's paths (sessions[i]) are the file's. */
	struct feed_session *s = feed_add_session(ry->f);
	s->pos = ry_pos(item);
	if (!ry_walk_map(ry, item, ry_session_fields,
			 RY_NFIELDS(ry_session_fields), s, "a session mapping"))
		s->id.pos = s->title.pos = s->pos;
	ry_mark_missing(&s->id, item);
	ry_mark_missing(&s->title, item);
}

static void
ry_sessions(struct ry *ry, const ry_node *n, void *obj)
{
	(void)obj;
	ry_section(ry, n, RY_SESSIONS, ry_session_item);
}

/* ---- the root ---- */

/* Walks the document; false when it is not a sked program of this
 * version at all (said in msgs, as ry_give gives them). */
static bool
ry_root(struct ry *ry, ry_node *root)
{
	char got[128];
	if (!ry_next(ry, root))
		return false; /* reported: empty, or not YAML */
	if (root->kind != YT_MAP) {
		ry_error(ry, root, "expected a sked program (a mapping with "
				   "sked, conference and sessions), got %s",
			 ry_describe(root, got, sizeof(got)));
		ry_skip(ry, root);
		return false;
	}
	static const struct ry_field sections[] = {
		RY_FIELD("sked", ry_version, true),
		RY_FIELD("conference", ry_conference, true),
		RY_FIELD("tracks", ry_tracks, false),
		RY_FIELD("rooms", ry_rooms, false),
		RY_FIELD("sessions", ry_sessions, true),
	};
	ry_walk_map(ry, root, sections, RY_NFIELDS(sections), NULL, "");
	if (ry->version != RY_VERSION_OK)
		return false;
	struct feed_conference *c = &ry->f->conference;
	if (c->pos.line == 0) {
		/* Reported as missing: nothing to derive. */
		c->pos = ry_pos(root);
		c->id.pos = c->title.pos = c->timezone.pos = c->start.pos =
			c->end.pos = c->pos;
	}
	return true;
}

/* The walk's messages to diags, once the stream is known to be YAML
 * (parsed): the version's alone when it is missing or not this one
 * (a file of another version is not held to this version's schema). */
static void
ry_give(struct ry *ry, const ry_node *root, bool parsed,
	struct diag_list *diags)
{
	if (parsed && root->kind == YT_MAP && ry->version != RY_VERSION_OK) {
		for (int k = 0; k < RY_NPARTS; k++)
			if (k != RY_VERSION)
				diag_list_finish(&ry->msgs[k]);
		if (ry->version == RY_VERSION_MISSING) {
			ry->out = &ry->msgs[RY_VERSION];
			ry_error(ry, root, "missing required key \"sked\" (the "
				 "format version, 1)");
		}
	}
	for (int k = 0; k < RY_NPARTS; k++) {
		if (parsed)
			diag_list_move(diags, &ry->msgs[k]);
		diag_list_finish(&ry->msgs[k]);
	}
}

/* ---- entry points ---- */

/* Skips a BOM, blank lines, comments, directives and "---". */
static size_t
ry_skip_preamble(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n) {
		size_t e = i;
		while (e < n && (s[e] == ' ' || s[e] == '\t' || s[e] == '\r'))
			e++;
		bool skip = e == n || s[e] == '\n' || s[e] == '#' ||
			    (e == i && s[e] == '%') ||
			    (e == i && n - e >= 3 && memcmp(s + e, "---", 3) == 0 &&
			     (n - e == 3 || s[e + 3] == '\n' || s[e + 3] == ' ' ||
			      s[e + 3] == '\r'));
		if (!skip)
			return e;
		while (e < n && s[e] != '\n')
			e++;
		i = e + 1;
	}
	return n;
}

bool
skedyaml_sniff(const char *head, size_t n)
{
	size_t i = ry_skip_preamble(head, n);
	if (i >= n)
		return true; /* empty, or only comments: say what is expected */
	unsigned char c = (unsigned char)head[i];
	/* A flow mapping is JSON too: it is sked's when it has a "sked" key.
	 * Markup, calendars and binary data are not YAML to be read. */
	if (c == '{' || c == '[') {
		for (size_t j = i; j + 4 <= n; j++)
			if (memcmp(head + j, "sked", 4) == 0)
				return true;
		return false;
	}
	if (c == '<' || c < 0x09 || (c > 0x0D && c < 0x20) || c == 0x7F)
		return false;
	uint32_t cp;
	if (c >= 0x80 && text_utf8_decode((const unsigned char *)head + i,
					  n - i, &cp) == 0)
		/* Cut inside a character is still text; a byte UTF-8
		 * never holds is not. */
		return n - i < 4 && c >= 0xC2 && c <= 0xF4;
	if (n - i >= 6 && memcmp(head + i, "BEGIN:", 6) == 0)
		return false;
	/* A sked file is a mapping: its first line is a key ("sked: 1"),
	 * or a document or list start that the loader will explain. Text
	 * whose first line is none of these (a README, reStructuredText) is
	 * no schedule, and is told so rather than parsed as YAML. */
	if (c == '-' || c == '?')
		return true;
	size_t end = i;
	while (end < n && head[end] != '\n')
		end++;
	for (size_t j = i; j < end; j++)
		if (head[j] == ':' &&
		    (j + 1 == end || head[j + 1] == ' ' || head[j + 1] == '\t' ||
		     head[j + 1] == '\r'))
			return true;
	return end == n; /* the first line goes on past the head */
}

/* sked files declare everything, name every id and are held to every
 * rule. Their text is UTF-8: every byte of the file was checked, and
 * libyaml refuses an escape that is not a character ("\ud800": the
 * test file bad/surrogate-escape.yaml), so the builder need not check
 * the values again. */
static const int ry_flags = FEED_STRICT | FEED_UTF8_CHECKED;

/* The stream of the file (NULL: not YAML, reported) to the feed. */
static bool
ry_read(struct feed *f, struct yt_stream *ys, struct diag_list *diags)
{
	if (ys == NULL)
		return false;
	struct ry ry = {.f = f, .ys = ys};
	ry.out = &ry.msgs[RY_ROOT];
	ry_node root;
	bool ok = ry_root(&ry, &root);
	bool parsed = yt_close(ys);
	ry_give(&ry, &root, parsed, diags);
	free(ry.strs.v);
	free(ry.people.v);
	free(ry.links.v);
	return ok && parsed;
}

bool
skedyaml_read(struct feed *f, const char *buf, size_t len,
	      struct diag_list *diags)
{
	f->flags = ry_flags;
	return ry_read(f, yt_open(f->file, "a sked file", buf, len, diags),
		       diags);
}

bool
skedyaml_read_source(struct feed *f, struct load_source *src,
		     struct diag_list *diags)
{
	f->flags = ry_flags;
	return ry_read(f, yt_open_source(f->file, "a sked file", src, diags),
		       diags);
}
