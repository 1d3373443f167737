/* Rows of a view: adding them (untrusted text made safe and wrapped)
 * and moving the selection over them. The views themselves are built in
 * view.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sked/arena.h"
#include "sked/text.h"
#include "sked/xalloc.h"
#include "tui.h"

/* ---- building rows ---- */

struct row *
view_add(struct view *v, enum row_kind kind)
{
	if (v->n_rows == v->cap_rows) {
		v->cap_rows = v->cap_rows ? 2 * v->cap_rows : 64;
		v->rows = xreallocarray(v->rows, v->cap_rows, sizeof(*v->rows));
	}
	struct row *r = &v->rows[v->n_rows++];
	*r = (struct row){.kind = kind, .field = -1};
	return r;
}

/* A heading or text row with formatted (trusted) text. */
void
view_addf(struct view *v, enum row_kind kind, int attr, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	struct row *r = view_add(v, kind);
	r->attr = attr;
	r->len = strlen(text);
	r->text = arena_strndup(v->arena, text, r->len);
	free(text);
}

/* Untrusted text from the program (the pieces joined), made safe and
 * wrapped to the width: one text row per line, after `indent` columns.
 * Each row knows the whole text and its values, so that a match is found
 * in a value as the search found it (^ at the value's start, across the
 * row breaks) and never highlights a label. flags: text_sanitize's. */
static void
view_pieces(struct view *v, const struct piece *pc, size_t n_pc, int indent,
	    int attr, int field, int flags)
{
	char **safe = xcalloc(n_pc, sizeof(*safe));
	size_t *len = xcalloc(n_pc, sizeof(*len));
	size_t total = 0, n_values = 0;
	for (size_t i = 0; i < n_pc; i++) {
		safe[i] = text_sanitize(pc[i].s, strlen(pc[i].s), flags);
		len[i] = strlen(safe[i]);
		total += len[i];
		n_values += pc[i].value;
	}
	char *kept = arena_alloc(v->arena, total + 1);
	struct row_value *values =
		field >= 0 && n_values
			? arena_alloc(v->arena, n_values * sizeof(*values))
			: NULL;
	size_t off = 0, k = 0;
	for (size_t i = 0; i < n_pc; i++) {
		memcpy(kept + off, safe[i], len[i]);
		if (values && pc[i].value)
			values[k++] = (struct row_value){off, len[i]};
		off += len[i];
		free(safe[i]);
	}
	free(safe);
	size_t label = n_pc > 1 && !pc[0].value ? len[0] : 0;
	free(len);
	kept[total] = '\0';
	/* A label first ("Clashes   ", a key in help): the rest wraps
	 * under the value, not under the label, unless that leaves the value
	 * too narrow to read. */
	int hang = label ? text_width(kept, label) : 0;
	if (memchr(kept, '\n', label) || v->width - indent - 2 - hang < 20)
		label = 0, hang = 0;
	struct text_line *lines;
	size_t n = text_wrap(kept + label, v->width - indent - 2 - hang, &lines);
	for (size_t i = 0; i < n; i++) {
		struct row *r = view_add(v, ROW_TEXT);
		r->attr = attr;
		r->text = kept + label + lines[i].off;
		r->len = lines[i].len;
		r->indent = indent + hang + lines[i].indent;
		if (i == 0 && label) {
			/* The first line starts with the label (and keeps
			 * the value's own indentation after it). */
			r->text = kept;
			r->len += label + lines[i].off;
			r->indent = indent;
		}
		r->field = values ? field : -1;
		r->line = kept;
		r->values = values;
		r->n_values = values ? n_values : 0;
	}
	free(lines);
}

void
view_add_pieces(struct view *v, const struct piece *pc, size_t n_pc,
		int indent, int attr, int field)
{
	view_pieces(v, pc, n_pc, indent, attr, field, TEXT_KEEP_NEWLINE);
}

void
view_add_one_line(struct view *v, const struct piece *pc, size_t n_pc,
		  int indent, int attr, int field)
{
	view_pieces(v, pc, n_pc, indent, attr, field, 0);
}

/* One untrusted text, all of it a value of field (unless field is -1). */
void
view_add_wrapped(struct view *v, const char *text, int indent, int attr,
		 int field)
{
	struct piece pc = {text, true};
	view_add_pieces(v, &pc, 1, indent, attr, field);
}

/* "Label     value": the label in a column of its own, never matched;
 * the value one line (a room, a type, a URL: its breaks spaces). */
void
view_add_labelled(struct view *v, const char *label, const char *value,
		  int attr, int field)
{
	char col[16];
	snprintf(col, sizeof(col), "%-10s", label);
	struct piece pc[] = {{col, false}, {value, true}};
	view_add_one_line(v, pc, 2, 1, attr, field);
}

/* ---- selection ---- */

bool
view_selectable(const struct row *r)
{
	return r->kind == ROW_SESSION || r->kind == ROW_TRACK ||
	       r->kind == ROW_PERSON || r->kind == ROW_CHOICE ||
	       r->kind == ROW_FILTER || r->kind == ROW_ROOM ||
	       r->kind == ROW_GONE;
}

void
view_select_first(struct view *v)
{
	for (size_t i = 0; i < v->n_rows; i++)
		if (view_selectable(&v->rows[i])) {
			v->sel = i;
			return;
		}
	v->sel = 0;
}

void
view_select_last(struct view *v)
{
	for (size_t i = v->n_rows; i > 0; i--)
		if (view_selectable(&v->rows[i - 1])) {
			v->sel = i - 1;
			return;
		}
}

void
view_move(struct view *v, long delta)
{
	size_t i = v->sel;
	while (delta > 0 && i + 1 < v->n_rows) {
		i++;
		if (view_selectable(&v->rows[i])) {
			v->sel = i;
			delta--;
		}
	}
	while (delta < 0 && i > 0) {
		i--;
		if (view_selectable(&v->rows[i])) {
			v->sel = i;
			delta++;
		}
	}
}

bool
view_select_session(struct view *v, size_t s)
{
	size_t i = view_session_row(v, s);
	if (i == v->n_rows)
		return false;
	v->sel = i;
	v->follow = true;
	return true;
}

size_t
view_session_row(const struct view *v, size_t s)
{
	size_t i = 0;
	/* A search across programs has others' sessions (prog > 0), whose
	 * indices are of their programs. */
	while (i < v->n_rows && !(v->rows[i].kind == ROW_SESSION &&
				  v->rows[i].prog == 0 &&
				  v->rows[i].index == s))
		i++;
	return i;
}
