/* The browser's search: the query line, its results as the user types,
 * and the query history kept in $XDG_STATE_HOME/sked/history. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sked/search.h"
#include "sked/statefile.h"
#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

enum { TUI_HISTORY_MAX = 500 };

/* A keystroke's search runs this long at most before its frame is drawn
 * (the frame itself takes a few ms more: one frame is 16 ms); the rest
 * runs while no key comes. Checked every TUI_SEARCH_PART sessions. */
#define TUI_SEARCH_BUDGET_MS 8.0
enum { TUI_SEARCH_PART = 64 };
/* What opening the search line spends filling the indices ahead, in
 * parts of TUI_SEARCH_PREPARE_PART sessions. */
#define TUI_SEARCH_PREPARE_MS 10.0
enum { TUI_SEARCH_PREPARE_PART = 32 };

bool
tui_matches(const struct tui *t, size_t i)
{
	return t->query != NULL && t->matches != NULL &&
	       t->matches[t->cur] != NULL && t->matches[t->cur][i];
}

unsigned
tui_match_fields(const struct tui *t, size_t i)
{
	return tui_matches(t, i) ? t->matches[t->cur][i] & ~TUI_MATCHED : 0;
}

/* A result's entry in t->matches. */
static uint16_t
tui_match_entry(const struct search_result *r)
{
	return (uint16_t)(TUI_MATCHED | r->fields);
}

static struct search_index *
tui_index(struct tui *t, size_t k)
{
	if (t->index[k] == NULL)
		t->index[k] = search_index_create(t->programs[k]);
	return t->index[k];
}

static void
tui_matches_free_of(struct tui *t, uint16_t **matches)
{
	for (size_t k = 0; matches && k < t->n_programs; k++)
		free(matches[k]);
	free(matches);
}

static void
tui_matches_free(struct tui *t)
{
	tui_matches_free_of(t, t->matches);
	t->matches = NULL;
}

/* The query in force before the one searching, and its results. */
static void
tui_prev_free(struct tui *t)
{
	if (t->prev_query != t->query)
		search_destroy(t->prev_query);
	tui_matches_free_of(t, t->prev_matches);
	t->prev_query = NULL;
	t->prev_matches = NULL;
	t->prev_results = 0;
}

/* Runs q over every program (the search covers them all); false (with
 * the reason in *err) when a limit stopped it. */
bool
tui_search_run(struct tui *t, struct search_query *q, struct search_error *err)
{
	uint16_t **matches = xcalloc(t->n_programs, sizeof(*matches));
	size_t total = 0;
	search_budget_reset(q); /* a search of its own (a reload's) */
	for (size_t k = 0; k < t->n_programs; k++) {
		struct search_result *r;
		long n = search_run(q, tui_index(t, k), &r, err);
		if (n < 0) {
			for (size_t j = 0; j < k; j++)
				free(matches[j]);
			free(matches);
			return false;
		}
		matches[k] = xcalloc(t->programs[k]->n_sessions + 1,
				     sizeof(**matches));
		/* Counted as the views list them: those the filters of
		 * their program show. */
		for (long i = 0; i < n; i++) {
			matches[k][r[i].session] = tui_match_entry(&r[i]);
			total += tui_shown_in(t, k, r[i].session);
		}
		free(r);
	}
	tui_matches_free(t);
	tui_prev_free(t);
	t->matches = matches;
	t->n_results = total;
	t->searching = false;
	return true;
}

void
tui_search_clear(struct tui *t)
{
	tui_prev_free(t);
	search_destroy(t->query);
	t->query = NULL;
	tui_matches_free(t);
	t->n_results = 0;
	t->searching = false;
}

static double
tui_clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The results view shown, rebuilt with the results so far; the selection
 * stays on its row (results come in the order they are listed). */
static void
tui_results_rebuild(struct tui *t, bool first)
{
	struct view *v = tui_view(t);
	if (v->kind != VIEW_RESULTS)
		return;
	view_build(t, v, t->cols);
	t->search_shown_ms = tui_clock_ms();
	if (first || v->sel >= v->n_rows || !view_selectable(&v->rows[v->sel])) {
		view_select_first(v);
		v->top = 0;
		v->follow = true;
	}
}

/* Goes on with the search for about budget_ms; false when a limit
 * stopped it (the query before back in force, the reason on the query
 * line). */
static bool
tui_search_go_on(struct tui *t, double budget_ms)
{
	double start = tui_clock_ms();
	struct search_error err;
	while (t->search_k < t->n_programs) {
		size_t k = t->search_k;
		const struct program *p = t->programs[k];
		if (t->search_pos >= p->n_sessions) {
			t->search_k++;
			t->search_pos = 0;
			continue;
		}
		if (tui_clock_ms() - start >= budget_ms)
			break;
		struct search_result *r;
		long n = search_run_range(t->query, tui_index(t, k),
					  t->search_pos,
					  t->search_pos + TUI_SEARCH_PART, &r, &err);
		if (n < 0) {
			/* A limit stopped it: said on the query line, and
			 * the results before it back, as when a query does
			 * not compile. */
			snprintf(t->input_error, sizeof(t->input_error), "%s",
				 err.message);
			t->input_error_at = SIZE_MAX;
			search_destroy(t->query);
			tui_matches_free(t);
			t->query = t->prev_query;
			t->matches = t->prev_matches;
			t->n_results = t->prev_results;
			t->prev_query = NULL;
			t->prev_matches = NULL;
			t->searching = false;
			return false;
		}
		/* Counted as the views list them: those the filters of
		 * their program show. */
		for (long i = 0; i < n; i++) {
			t->matches[k][r[i].session] = tui_match_entry(&r[i]);
			t->n_results += tui_shown_in(t, k, r[i].session);
		}
		free(r);
		t->search_pos += TUI_SEARCH_PART;
	}
	t->searching = t->search_k < t->n_programs;
	if (!t->searching)
		tui_prev_free(t);
	return true;
}

void
tui_search_step(struct tui *t, double budget_ms)
{
	if (!t->searching)
		return;
	size_t before = t->n_results;
	bool ok = tui_search_go_on(t, budget_ms);
	/* Rebuilding a list of many results costs more than a part of the
	 * search: while the screen is full already (the count in the title
	 * goes on), new results are listed four times a second. */
	const struct view *v = tui_view(t);
	bool full = v->n_rows > (size_t)t->lines;
	if (!ok || !t->searching ||
	    (t->n_results != before &&
	     (!full || tui_clock_ms() - t->search_shown_ms >= 250)))
		tui_results_rebuild(t, !ok);
}

/* Puts q in force and starts its search, which goes on for the rest of
 * a keystroke's budget, then while no key comes (tui_search_step). */
static void
tui_search_start(struct tui *t, struct search_query *q)
{
	/* What was in force before a search still running is what comes
	 * back on a limit, not that one's half results. */
	if (t->searching) {
		search_destroy(t->query);
		tui_matches_free(t);
	} else {
		tui_prev_free(t);
		t->prev_query = t->query;
		t->prev_matches = t->matches;
		t->prev_results = t->n_results;
	}
	t->query = q;
	t->matches = xcalloc(t->n_programs, sizeof(*t->matches));
	for (size_t k = 0; k < t->n_programs; k++)
		t->matches[k] = xcalloc(t->programs[k]->n_sessions + 1,
					sizeof(**t->matches));
	t->n_results = 0;
	t->searching = true;
	t->search_k = t->search_pos = 0;
}

/* After each edit of the query line: the new query's results, or its
 * error beside the last good results. */
static void
tui_search_update(struct tui *t)
{
	t->input[t->input_len] = '\0';
	/* Wait for the rest of a character typed byte by byte. */
	for (size_t i = 0; i < t->input_len;) {
		uint32_t cp;
		size_t n = text_utf8_decode((const unsigned char *)t->input + i,
					    t->input_len - i, &cp);
		if (n == 0)
			return;
		i += n;
	}
	t->input_error[0] = '\0';
	struct search_error err;
	struct search_query *q = NULL;
	if (t->input_len > 0) {
		q = search_compile(t->input, &err);
		if (q == NULL) {
			/* The offset first: a long message is cut at its
			 * end. The line marks the place too. */
			size_t at = err.offset < t->input_len ? err.offset
							      : t->input_len;
			snprintf(t->input_error, sizeof(t->input_error),
				 "at %zu: %s", text_utf8_chars(t->input, at),
				 err.message);
			t->input_error_at = err.offset;
			return;
		}
	}
	if (q == NULL) {
		tui_search_clear(t);
		tui_results_rebuild(t, true);
		return;
	}
	/* A program of a conference's size is searched whole here; a larger
	 * one shows its first results now, the rest as they come. */
	double start = tui_clock_ms();
	tui_search_start(t, q);
	tui_search_go_on(t, TUI_SEARCH_BUDGET_MS - (tui_clock_ms() - start));
	tui_results_rebuild(t, true);
}

void
tui_history_load(struct tui *t)
{
	t->history_path = statefile_path(STATEFILE_STATE, "history");
	if (t->history_path == NULL)
		return;
	char *text = statefile_read(t->history_path, 1 << 20, NULL);
	if (text == NULL)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (*line == '\0' || strlen(line) > SEARCH_MAX_QUERY)
			continue;
		t->history = xreallocarray(t->history, t->n_history + 1,
					   sizeof(char *));
		t->history[t->n_history++] = xstrdup(line);
	}
	free(text);
	/* Keep the newest only. */
	if (t->n_history > TUI_HISTORY_MAX) {
		size_t drop = t->n_history - TUI_HISTORY_MAX;
		for (size_t i = 0; i < drop; i++)
			free(t->history[i]);
		memmove(t->history, t->history + drop,
			TUI_HISTORY_MAX * sizeof(char *));
		t->n_history = TUI_HISTORY_MAX;
	}
}

/* Adds a query to the history (moving it to the end if it is there) and
 * saves the history, atomically. */
static void
tui_history_add(struct tui *t, const char *query)
{
	for (size_t i = 0; i < t->n_history; i++)
		if (strcmp(t->history[i], query) == 0) {
			free(t->history[i]);
			memmove(t->history + i, t->history + i + 1,
				(t->n_history - i - 1) * sizeof(char *));
			t->n_history--;
			break;
		}
	if (t->n_history == TUI_HISTORY_MAX) {
		free(t->history[0]);
		memmove(t->history, t->history + 1,
			(t->n_history - 1) * sizeof(char *));
		t->n_history--;
	}
	t->history = xreallocarray(t->history, t->n_history + 1, sizeof(char *));
	t->history[t->n_history++] = xstrdup(query);
	if (t->history_path == NULL)
		return;
	size_t len = 0;
	for (size_t i = 0; i < t->n_history; i++)
		len += strlen(t->history[i]) + 1;
	char *text = xmalloc(len + 1), *o = text;
	for (size_t i = 0; i < t->n_history; i++)
		o += sprintf(o, "%s\n", t->history[i]);
	char *error;
	if (!statefile_write(t->history_path, text, len, true, &error)) {
		snprintf(t->message, sizeof(t->message),
			 "search history not saved: %s", error);
		free(error);
	}
	free(text);
}

void
tui_search_open(struct tui *t)
{
	t->typing = true;
	t->input_len = t->input_pos = t->input_scroll = 0;
	t->input[0] = '\0';
	t->input_error[0] = '\0';
	t->history_pos = t->n_history;
	t->history_draft[0] = '\0';
	tui_search_clear(t);
	/* The indices fill as the search first looks at each session; the
	 * opening has time to spare (a key may take 16 ms, and it is one key),
	 * so up to TUI_SEARCH_PREPARE_MS of it fills them ahead, from the
	 * first program on (a real conference's fill whole: the first
	 * keystroke then pays only the matching). */
	double start = tui_clock_ms();
	for (size_t k = 0; k < t->n_programs &&
			   tui_clock_ms() - start < TUI_SEARCH_PREPARE_MS;
	     k++) {
		struct search_index *x = tui_index(t, k);
		for (size_t i = t->prepared[k]; i < t->programs[k]->n_sessions &&
				  tui_clock_ms() - start < TUI_SEARCH_PREPARE_MS;
		     i += TUI_SEARCH_PREPARE_PART) {
			search_index_prepare(x, i, i + TUI_SEARCH_PREPARE_PART);
			t->prepared[k] = i + TUI_SEARCH_PREPARE_PART;
		}
	}
	if (tui_view(t)->kind != VIEW_RESULTS)
		tui_push(t, VIEW_RESULTS, 0);
	else
		view_build(t, tui_view(t), t->cols);
}

void
tui_search_leave(struct tui *t)
{
	t->typing = false;
	tui_search_clear(t);
	if (tui_view(t)->kind == VIEW_RESULTS && t->depth > 1)
		view_free(&t->stack[--t->depth]);
	else
		tui_rebuild_all(t);
}

static void
tui_history_show(struct tui *t, size_t pos)
{
	if (t->history_pos == t->n_history)
		memcpy(t->history_draft, t->input, t->input_len + 1);
	t->history_pos = pos;
	const char *q = pos < t->n_history ? t->history[pos]
					   : t->history_draft;
	t->input_len = strlen(q);
	memcpy(t->input, q, t->input_len + 1);
	t->input_pos = t->input_len;
	tui_search_update(t);
}

/* Takes buf[from..to) out of the line. */
static void
tui_edit_cut(char *buf, size_t *len, size_t from, size_t to)
{
	memmove(buf + from, buf + to, *len - to);
	*len -= to - from;
	buf[*len] = '\0';
}

enum tui_edit
tui_edit(char *buf, size_t *len, size_t *pos, size_t cap, int key)
{
	size_t p = *pos <= *len ? *pos : *len, w;
	switch (key) {
	case KEY_LEFT:
	case 2: /* Ctrl-B */
		*pos = text_cluster_before(buf, *len, p);
		return TUI_EDIT_MOVED;
	case KEY_RIGHT:
	case 6: /* Ctrl-F */
		*pos = text_cluster_after(buf, *len, p);
		return TUI_EDIT_MOVED;
	case KEY_HOME:
	case 1: /* Ctrl-A */
		*pos = 0;
		return TUI_EDIT_MOVED;
	case KEY_END:
	case 5: /* Ctrl-E */
		*pos = *len;
		return TUI_EDIT_MOVED;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (p == 0)
			return TUI_EDIT_NONE;
		*pos = text_cluster_before(buf, *len, p);
		tui_edit_cut(buf, len, *pos, p);
		return TUI_EDIT_CHANGED;
	case KEY_DC:
	case 4: /* Ctrl-D */
		if (p == *len)
			return TUI_EDIT_NONE;
		tui_edit_cut(buf, len, p, text_cluster_after(buf, *len, p));
		return TUI_EDIT_CHANGED;
	case 21: /* Ctrl-U */
		tui_edit_cut(buf, len, 0, p);
		*pos = 0;
		return TUI_EDIT_CHANGED;
	case 11: /* Ctrl-K */
		tui_edit_cut(buf, len, p, *len);
		return TUI_EDIT_CHANGED;
	case 23: /* Ctrl-W */
		w = p;
		while (w > 0 && buf[w - 1] == ' ')
			w--;
		while (w > 0 && buf[w - 1] != ' ')
			w--;
		tui_edit_cut(buf, len, w, p);
		*pos = w;
		return TUI_EDIT_CHANGED;
	default:
		if (key < 32 || key > 255 || key == 127 || *len + 1 >= cap)
			return TUI_EDIT_NONE;
		/* A character typed byte by byte goes in whole or not at
		 * all: its first byte only with room for all of them, a
		 * later byte only after one of its own. */
		if (key >= 0xC0 &&
		    *len + (key >= 0xF0 ? 4 : key >= 0xE0 ? 3 : 2) >= cap)
			return TUI_EDIT_NONE;
		if (key >= 0x80 && key < 0xC0 &&
		    (p == 0 || (unsigned char)buf[p - 1] < 0x80))
			return TUI_EDIT_NONE;
		memmove(buf + p + 1, buf + p, *len - p);
		buf[p] = (char)key;
		(*len)++;
		buf[*len] = '\0';
		*pos = p + 1;
		return TUI_EDIT_CHANGED;
	}
}

/* F1 on the query line: help at the search syntax, the query line put
 * aside (? would be a character of the query); leaving help goes back
 * to the line as it was (tui_search_resume). */
static void
tui_search_help(struct tui *t)
{
	t->typing = false;
	t->help_resumes = true;
	struct view *h = tui_push(t, VIEW_HELP, VIEW_RESULTS);
	for (size_t r = 0; r < h->n_rows; r++)
		if (h->rows[r].text && h->rows[r].len == 13 &&
		    memcmp(h->rows[r].text, "Search syntax", 13) == 0)
			h->top = r;
}

void
tui_search_resume(struct tui *t)
{
	if (!t->help_resumes || tui_view(t)->kind == VIEW_HELP)
		return;
	t->help_resumes = false;
	/* Back at the results (not gone elsewhere from help): the line. */
	if (tui_view(t)->kind == VIEW_RESULTS && !t->typing) {
		t->typing = true;
		/* With what the search found while help was shown. */
		view_build(t, tui_view(t), t->cols);
	}
}

/* A key while the query line is open. */
void
tui_input_key(struct tui *t, int key)
{
	switch (key) {
	case 27:
		tui_prompt_cancel(t);
		return;
	case '\n':
	case '\r':
	case KEY_ENTER:
	case '\t':
		if (t->input_error[0])
			return; /* fix the query first: the error shows */
		t->typing = false;
		if (t->query != NULL) {
			tui_history_add(t, t->input);
			if (key != '\t')
				tui_open(t);
			/* No result: the view's words are for the line
			 * closed now (no Backspace to edit it). */
			if (t->n_results == 0 && !t->searching &&
			    tui_view(t)->kind == VIEW_RESULTS)
				view_build(t, tui_view(t), t->cols);
		} else {
			tui_search_leave(t);
		}
		return;
	case KEY_F(1):
		tui_search_help(t);
		return;
	case KEY_UP:
		if (t->history_pos > 0)
			tui_history_show(t, t->history_pos - 1);
		return;
	case KEY_DOWN:
		if (t->history_pos < t->n_history)
			tui_history_show(t, t->history_pos + 1);
		return;
	default:
		if (tui_edit(t->input, &t->input_len, &t->input_pos,
			     sizeof(t->input), key) != TUI_EDIT_CHANGED)
			return;
		break;
	}
	tui_search_update(t);
}

