/* A session's detail, and where it leads: its room's sessions, its
 * speakers (T, R and S; o opens its links: links.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

static void
view_people_lines(struct view *v, const char *label,
		  const struct program_people *pp)
{
	for (size_t i = 0; i < pp->n; i++) {
		const struct program_person *who = &pp->v[i];
		char col[16];
		snprintf(col, sizeof(col), "%-10s", i ? "" : label);
		/* The name and the affiliation are values of their own, as
		 * in the search index; one line, as in the lists. */
		struct piece pc[] = {{col, false}, {who->name, true},
				     {" (", false}, {who->affiliation, true},
				     {")", false}};
		view_add_one_line(v, pc, who->affiliation ? 5 : 2, 1,
				  TEXT_ATTR_PLAIN, SEARCH_SPEAKER);
		/* Their page, under the name (not searched). */
		if (who->url)
			view_add_labelled(v, "", who->url, TEXT_ATTR_DIM, -1);
	}
}

/* "Languages  de, en": each code a value of lang:. */
static void
view_languages(struct view *v, const struct program_strv *langs)
{
	if (langs->n == 0)
		return;
	char col[16];
	snprintf(col, sizeof(col), "%-10s",
		 langs->n > 1 ? "Languages" : "Language");
	struct piece *pc = xcalloc(2 * langs->n, sizeof(*pc));
	pc[0] = (struct piece){col, false};
	for (size_t i = 0; i < langs->n; i++) {
		if (i)
			pc[2 * i] = (struct piece){", ", false};
		pc[2 * i + 1] = (struct piece){langs->v[i], true};
	}
	view_add_one_line(v, pc, 2 * langs->n, 1, TEXT_ATTR_PLAIN, SEARCH_LANG);
	free(pc);
}

/* "Links     Slides: https://...", one line: a link's title is a value of
 * abstract: (as the search has it), its URL is not. */
static void
view_links(struct view *v, const struct program_links *links)
{
	for (size_t i = 0; i < links->n; i++) {
		const struct program_link *l = &links->v[i];
		if (l->title == NULL) {
			view_add_labelled(v, i ? "" : "Links", l->url,
					  TEXT_ATTR_DIM, -1);
			continue;
		}
		char col[16];
		snprintf(col, sizeof(col), "%-10s", i ? "" : "Links");
		struct piece pc[] = {{col, false}, {l->title, true},
				     {": ", false}, {l->url, false}};
		view_add_one_line(v, pc, 4, 1, TEXT_ATTR_DIM, SEARCH_ABSTRACT);
	}
}

struct view_clash {
	struct view *v;
	bool starred, first;
};

/* One starred session the detail's clashes with: its times in the
 * zone the view shows, its title, and another program's id after it. */
static void
view_clash_line(struct tui *t, size_t k, size_t j, void *arg)
{
	struct view_clash *c = arg;
	const struct program *p = t->programs[k];
	const struct program_session *o = &p->sessions[j];
	char when[FORMAT_WHEN_MAX];
	char *line = xasprintf("%s %s%s%s%s",
			       format_when(when, p, o, tui_zone(t),
					   FORMAT_WHEN_RANGE),
			       o->title, k != t->cur ? " (" : "",
			       k != t->cur ? p->conference.id : "",
			       k != t->cur ? ")" : "");
	view_add_labelled(c->v, !c->first ? "" : c->starred ? "Clashes"
							     : "Overlaps",
			  line, TEXT_ATTR_BOLD, -1);
	free(line);
	c->first = false;
}

/* "Agenda    starred", and the starred sessions it clashes with, by
 * title (as the agenda's conflicts count them); for a session not
 * starred, the starred ones it would clash with ("Overlaps"). */
static void
view_agenda_lines(struct tui *t, struct view *v, size_t i)
{
	const struct program *p = tui_program(t);
	const struct program_session *s = &p->sessions[i];
	bool starred = tui_starred(t, i);
	if (starred)
		view_add_labelled(v, "Agenda", "starred (s unstars)",
				  TEXT_ATTR_BOLD, -1);
	if (!s->scheduled)
		return;
	struct view_clash c = {v, starred, true};
	tui_clashes(t, s, view_clash_line, &c);
}

/* When the session is: "Monday 13 November 2023, 09:30–09:55 Zone" on
 * a line when it fits, else broken between its words' groups (the date
 * with its comma, the times, the zone, "(your time)") so that the date
 * and the times stay whole on a narrow screen: a group wider than the
 * screen alone is the only one cut (with an ellipsis, as rows are). */
static void
detail_when(struct view *v, int attr, const char *when, const char *zone,
	    const char *after)
{
	const char *comma = strstr(when, ", ");
	char date[FORMAT_WHEN_MAX] = "";
	const char *times = when;
	if (comma != NULL) {
		snprintf(date, sizeof(date), "%.*s", (int)(comma - when + 1),
			 when);
		times = comma + 2;
	}
	const char *group[] = {date, times, zone, after};
	int room = v->width - 3; /* indent 1, the margins */
	char line[256] = "";
	for (size_t i = 0; i < sizeof(group) / sizeof(group[0]); i++) {
		if (group[i] == NULL || group[i][0] == '\0')
			continue;
		size_t n = strlen(line);
		if (n && text_width(line, n) + 1 +
				 text_width(group[i], strlen(group[i])) > room) {
			view_addf(v, ROW_TEXT, attr, "%s", line);
			v->rows[v->n_rows - 1].indent = 1;
			line[0] = '\0';
			n = 0;
		}
		snprintf(line + n, sizeof(line) - n, "%s%s", n ? " " : "",
			 group[i]);
	}
	view_addf(v, ROW_TEXT, attr, "%s", line);
	v->rows[v->n_rows - 1].indent = 1;
}

void
view_build_detail(struct tui *t, struct view *v)
{
	const struct program *p = tui_program(t);
	const struct program_session *s = &p->sessions[v->arg];
	const struct program_conference *c = &p->conference;
	view_add_wrapped(v, s->title, 1, TEXT_ATTR_TITLE, SEARCH_TITLE);
	/* The subtitle is searched as the title is. */
	if (s->subtitle)
		view_add_wrapped(v, s->subtitle, 1, TEXT_ATTR_BOLD,
				 SEARCH_TITLE);
	view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	if (s->scheduled) {
		/* The date the session starts on, which after midnight is
		 * not its conference day's: that one is said below. */
		char when[FORMAT_WHEN_MAX];
		detail_when(v, TEXT_ATTR_BOLD,
			    format_when(when, p, s, c->zone, FORMAT_WHEN_DATE),
			    tz_label(c->zone), NULL);
		struct tz_date d;
		struct tz_wall w;
		program_day_date(p, s->day, &d);
		tz_from_utc(c->zone, s->start_utc, &w, NULL);
		if (d.year != w.year || d.month != w.month || d.day != w.day) {
			char date[FORMAT_WHEN_MAX];
			char *line = xasprintf("On the program of %s (day %d)",
					       format_date(date, &d),
					       s->day + 1);
			view_add_wrapped(v, line, 1, TEXT_ATTR_DIM, -1);
			free(line);
		}
		/* And in the user's zone, when its clock differs there. */
		if (tz_offset(c->zone, s->start_utc) !=
		    tz_offset(t->local, s->start_utc)) {
			detail_when(v, TEXT_ATTR_PLAIN,
				    format_when(when, p, s, t->local,
						FORMAT_WHEN_SHORT),
				    tz_label(t->local), "(your time)");
		}
	} else {
		view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD, "Not scheduled");
		v->rows[v->n_rows - 1].indent = 1;
	}
	if (s->duration) {
		view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "Duration: %d min",
			  s->duration);
		v->rows[v->n_rows - 1].indent = 1;
	}
	if (s->do_not_record) {
		view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD, "Not recorded");
		v->rows[v->n_rows - 1].indent = 1;
	}
	struct {
		const char *label, *value;
		int field;
	} fields[] = {
		{"Track", s->track >= 0 ? p->tracks[s->track].name : NULL,
		 SEARCH_TRACK},
		{"Room", s->room >= 0 ? p->rooms[s->room].name : NULL, SEARCH_ROOM},
		{"Type", s->type, SEARCH_TYPE},
		/* What `sked star` takes. */
		{"Id", s->id, SEARCH_ID},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i].value == NULL)
			continue;
		view_add_labelled(v, fields[i].label, fields[i].value,
				  TEXT_ATTR_PLAIN, fields[i].field);
	}
	view_languages(v, &s->languages);
	view_agenda_lines(t, v, v->arg);
	view_people_lines(v, "Speakers", &s->speakers);
	view_people_lines(v, "Authors", &s->authors);
	const char *abstract = program_text(p, &s->abstract_text);
	const char *description = program_text(p, &s->description_text);
	if (abstract) {
		view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
		view_add_wrapped(v, abstract, 1, TEXT_ATTR_PLAIN,
				 SEARCH_ABSTRACT);
	}
	/* The long text, under a heading of its own (searched with the
	 * abstract). */
	if (description) {
		view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
		view_addf(v, ROW_TEXT, TEXT_ATTR_BOLD, "Description");
		v->rows[v->n_rows - 1].indent = 1;
		view_add_wrapped(v, description, 1, TEXT_ATTR_PLAIN,
				 SEARCH_ABSTRACT);
	}
	if (s->url || s->feedback_url || s->links.n || s->tags.n)
		view_addf(v, ROW_TEXT, TEXT_ATTR_PLAIN, "%s", "");
	if (s->url)
		view_add_labelled(v, "URL", s->url, TEXT_ATTR_DIM, -1);
	view_links(v, &s->links);
	if (s->feedback_url)
		view_add_labelled(v, "Feedback", s->feedback_url, TEXT_ATTR_DIM,
				  -1);
	for (size_t i = 0; i < s->tags.n; i++)
		view_add_labelled(v, i ? "" : "Tags", s->tags.v[i], TEXT_ATTR_DIM,
				  SEARCH_TAG);
}


/* ---- where a detail leads ---- */

static bool
keep_room(const struct program_session *s, size_t room, const void *ctx)
{
	const struct tui *t = ctx;
	return s->room >= 0 && (size_t)s->room == room &&
	       tui_shown(t, (size_t)(s - tui_program(t)->sessions));
}

void
view_build_room(struct tui *t, struct view *v)
{
	view_sessions(t, v, keep_room, v->arg, t, true, false);
	if (v->n_rows == 0)
		view_addf(v, ROW_TEXT, TEXT_ATTR_DIM, "No sessions in this room.");
}

size_t
tui_person_index(struct tui *t, const struct program_person *who)
{
	/* Not a scan of everyone for each of a session's speakers, which
	 * was quadratic in them. */
	return people_find(tui_people(t), who->name, who->id);
}

/* The speakers, then the authors, of session v->arg: each once. */
void
view_build_people_of(struct tui *t, struct view *v)
{
	const struct program_session *s = &tui_program(t)->sessions[v->arg];
	const struct program_people *lists[] = {&s->speakers, &s->authors};
	/* Each once: a flag per person, not a look through the rows. */
	bool *seen = xcalloc(tui_people(t)->n + 1, sizeof(*seen));
	for (int l = 0; l < 2; l++)
		for (size_t k = 0; k < lists[l]->n; k++) {
			size_t i = tui_person_index(t, &lists[l]->v[k]);
			if (i == (size_t)-1 || seen[i])
				continue;
			seen[i] = true;
			struct row *r = view_add(v, ROW_PERSON);
			r->index = i;
			r->count = tui_people(t)->v[i].sessions;
		}
	free(seen);
}

/* The session of the detail shown, or NULL (with a message). */
static const struct program_session *
detail_session(struct tui *t, const char *what)
{
	struct view *v = tui_view(t);
	if (v->kind != VIEW_DETAIL) {
		snprintf(t->message, sizeof(t->message),
			 "%s: open a session first (Enter)", what);
		return NULL;
	}
	return &tui_program(t)->sessions[v->arg];
}

void
tui_go_track(struct tui *t)
{
	const struct program_session *s = detail_session(t, "Its track");
	if (s == NULL)
		return;
	if (s->track < 0) {
		snprintf(t->message, sizeof(t->message),
			 "This session has no track");
		return;
	}
	tui_push(t, VIEW_TRACK, (size_t)s->track);
}

void
tui_go_room(struct tui *t)
{
	const struct program_session *s = detail_session(t, "Its room");
	if (s == NULL)
		return;
	if (s->room < 0) {
		snprintf(t->message, sizeof(t->message),
			 "This session has no room");
		return;
	}
	struct view *v = tui_push(t, VIEW_ROOM, (size_t)s->room);
	view_select_session(v, (size_t)(s - tui_program(t)->sessions));
}

void
tui_go_speaker(struct tui *t)
{
	const struct program_session *s = detail_session(t, "Its speakers");
	if (s == NULL)
		return;
	size_t i = (size_t)(s - tui_program(t)->sessions);
	struct view *v = tui_push(t, VIEW_PEOPLE_OF, i);
	if (v->n_rows == 0) {
		view_free(&t->stack[--t->depth]);
		snprintf(t->message, sizeof(t->message),
			 "This session names no speaker");
	} else if (v->n_rows == 1) {
		/* One person: their sessions at once. */
		size_t who = v->rows[0].index;
		view_free(&t->stack[--t->depth]);
		v = tui_push(t, VIEW_SPEAKER, who);
		view_select_session(v, i);
	}
}
