#include "ics_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/ics.h"
#include "sked/text.h"
#include "sked/xalloc.h"

/* Checks that buf is UTF-8 without NUL; reports the first bad byte at its
 * line and column (in characters, like every position sked names). Only
 * on the way to an error: utf8_ok() says whether there is one. */
static bool
report_utf8(const char *buf, size_t len, const char *file,
	  struct diag_list *diags)
{
	const unsigned char *s = (const unsigned char *)buf;
	unsigned line = 1, col = 1;
	/* A BOM is not a character of line 1 (ics_scan skips it too). */
	size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < len) {
		if (s[i] == '\0') {
			diag_add(diags, DIAG_ERROR, file, line, col,
				 "NUL byte in file (an iCalendar file is "
				 "UTF-8 text)");
			return false;
		}
		if (s[i] < 0x80) {
			/* CR LF, CR CR LF and a lone CR each end one line. */
			if (s[i] == '\n' ||
			    (s[i] == '\r' && (i + 1 == len ||
					      (s[i + 1] != '\n' &&
					       s[i + 1] != '\r'))))
				line++, col = 1;
			else if (s[i] != '\r')
				col++;
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			/* Folding may split a character (RFC 5545 3.1): it
			 * must be whole once the lines are unfolded. */
			unsigned char ch[4];
			size_t k = 0, j = i, folds = 0;
			while (k < 4 && j < len) {
				size_t m = j;
				while (m < len && s[m] == '\r')
					m++;
				if (m < len && s[m] == '\n')
					m++;
				if (m > j && m < len &&
				    (s[m] == ' ' || s[m] == '\t')) {
					j = m + 1, folds++;
					continue;
				}
				ch[k++] = s[j++];
				if (text_utf8_decode(ch, k, &cp) == k)
					break;
			}
			if (folds > 0 && text_utf8_decode(ch, k, &cp) == k) {
				i = j;
				line += (unsigned)folds;
				col = 2;
				continue;
			}
		}
		if (n == 0) {
			diag_add(diags, DIAG_ERROR, file, line, col,
				 "invalid UTF-8 byte 0x%02x (an iCalendar file "
				 "is UTF-8 text)",
				 s[i]);
			return false;
		}
		i += n;
		col++;
	}
	return true;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* True when buf is UTF-8 without NUL, but for a character that folding
 * split (RFC 5545 3.1), which report_utf8() then looks at: lines and
 * columns are counted only when there is something to report. ASCII
 * eight bytes at a time. */
static bool
utf8_ok(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;
	while (i < len) {
		if (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, sizeof(w));
			/* No byte with its high bit set, none zero. */
			if (!(w & HIGHS) && !((w - ONES) & ~w & HIGHS)) {
				i += 8;
				continue;
			}
		}
		if (s[i] == '\0')
			return false;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

static bool
scan_utf8(const char *buf, size_t len, const char *file,
	  struct diag_list *diags)
{
	return utf8_ok(buf, len) || report_utf8(buf, len, file, diags);
}

/* The end of the physical line at i (its first CR or LF) and, in *next,
 * where the following line begins. */
static size_t
line_end(const char *buf, size_t len, size_t i, size_t *next)
{
	/* Lines end in LF, CR LF or a lone CR: the first CR before the LF,
	 * each found by memchr, not a byte at a time. */
	const char *lf = memchr(buf + i, '\n', len - i);
	size_t to = lf ? (size_t)(lf - buf) : len;
	const char *cr = memchr(buf + i, '\r', to - i);
	i = cr ? (size_t)(cr - buf) : to;
	size_t e = i;
	while (i < len && buf[i] == '\r')
		i++;
	if (i < len && buf[i] == '\n')
		i++;
	*next = i;
	return e;
}

static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return xreallocarray(v, *cap, size);
}

/* Characters (not bytes) in buf[a..b). */
static unsigned
chars(const char *buf, size_t a, size_t b)
{
	unsigned n = 0;
	for (size_t i = a; i < b; i++)
		n += ((unsigned char)buf[i] & 0xC0) != 0x80;
	return n;
}

static bool
is(const char *buf, size_t off, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp(buf + off, word, n) == 0;
}

enum { SCAN_OTHER, SCAN_VEVENT, SCAN_VTIMEZONE };

struct frame {
	size_t name, name_len; /* the component's name, in the text */
	unsigned line;         /* of its BEGIN */
};

bool
ics_scan(const char *buf, size_t len, const char *file, struct ics_scan *sc,
	 struct diag_list *diags)
{
	*sc = (struct ics_scan){0};
	if (!scan_utf8(buf, len, file, diags))
		return false;
	struct frame stack[ICS_MAX_DEPTH];
	size_t depth = 0;
	unsigned line = 1;
	size_t i = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	/* The top-level component being read: an index into events or
	 * zones (the arrays may move as they grow). */
	int cur_kind = SCAN_OTHER;
	size_t cur_i = 0, cur_lines = 0;
#define CUR (cur_kind == SCAN_VEVENT ? &sc->events[cur_i] : &sc->zones[cur_i])
	bool seen_calendar = false, warned_after = false;
	while (i < len) {
		size_t start = i, next;
		struct feed_pos pos = {line, 1};
		size_t first_end = line_end(buf, len, i, &next);
		size_t e = first_end;
		line++;
		/* Folded continuation lines begin with a space or a tab. */
		while (next < len && (buf[next] == ' ' || buf[next] == '\t')) {
			e = line_end(buf, len, next, &next);
			line++;
		}
		i = next;
		if (e == start)
			continue; /* blank lines: tolerated */
		if (e - start > ICS_MAX_LINE) {
			diag_add(diags, DIAG_ERROR, file, pos.line, 1,
				 "line longer than %d MiB",
				 ICS_MAX_LINE / (1024 * 1024));
			return false;
		}
		size_t n = start;
		while (n < first_end && buf[n] != ':' && buf[n] != ';')
			n++;
		size_t name_len = n - start;
		/* The value: after the first colon outside quotes. */
		size_t colon = n;
		bool quoted = false;
		while (colon < first_end && (quoted || buf[colon] != ':')) {
			if (buf[colon] == '"')
				quoted = !quoted;
			colon++;
		}
		struct feed_pos vpos = pos;
		size_t value = colon < first_end ? colon + 1 : e;
		if (colon < first_end)
			vpos.column = chars(buf, start, colon) + 2;
		/* The value's text on its first line, trimmed, for BEGIN, END
		 * and TZID. */
		size_t vend = colon < first_end ? first_end : e;
		while (vend > value && (buf[vend - 1] == ' ' ||
					buf[vend - 1] == '\t'))
			vend--;
		if (cur_kind != SCAN_OTHER && ++cur_lines > ICS_MAX_LINES) {
			diag_add(diags, DIAG_ERROR, file, CUR->pos.line,
				 CUR->pos.column,
				 "component with more than %d lines",
				 ICS_MAX_LINES);
			return false;
		}
		if (is(buf, start, name_len, "BEGIN")) {
			if (depth == ICS_MAX_DEPTH) {
				diag_add(diags, DIAG_ERROR, file, pos.line, 1,
					 "components nested deeper than %d "
					 "levels",
					 ICS_MAX_DEPTH);
				return false;
			}
			if (depth == 0 &&
			    !is(buf, value, vend - value, "VCALENDAR")) {
				diag_add(diags, DIAG_ERROR, file, pos.line,
					 vpos.column,
					 "expected BEGIN:VCALENDAR, got "
					 "BEGIN:%.*s",
					 (int)(vend - value > 40 ? 40
					       : vend - value),
					 buf + value);
				return false;
			}
			stack[depth++] = (struct frame){value, vend - value,
							pos.line};
			if (depth == 1)
				seen_calendar = true;
			if (depth == 2) {
				bool ev = is(buf, value, vend - value, "VEVENT");
				bool zone = is(buf, value, vend - value,
					       "VTIMEZONE");
				if (ev && sc->n_events == ICS_MAX_EVENTS) {
					diag_add(diags, DIAG_ERROR, file,
						 pos.line, 1,
						 "more than %d events",
						 ICS_MAX_EVENTS);
					return false;
				}
				if (ev) {
					sc->events = grow(sc->events,
							  sc->n_events,
							  &sc->cap_events,
							  sizeof(*sc->events));
					cur_kind = SCAN_VEVENT;
					cur_i = sc->n_events++;
				} else if (zone) {
					sc->zones = grow(sc->zones, sc->n_zones,
							 &sc->cap_zones,
							 sizeof(*sc->zones));
					cur_kind = SCAN_VTIMEZONE;
					cur_i = sc->n_zones++;
				}
				if (cur_kind != SCAN_OTHER) {
					*CUR = (struct ics_comp){
						.off = start, .pos = pos,
						.prop = sc->n_props};
					cur_lines = 1;
				}
			}
			continue;
		}
		if (is(buf, start, name_len, "END")) {
			if (depth == 0) {
				diag_add(diags, DIAG_ERROR, file, pos.line, 1,
					 "END:%.*s without a BEGIN",
					 (int)(vend - value > 40 ? 40
					       : vend - value),
					 buf + value);
				return false;
			}
			struct frame *fr = &stack[depth - 1];
			if (vend - value != fr->name_len ||
			    strncasecmp(buf + value, buf + fr->name,
					fr->name_len) != 0) {
				diag_add(diags, DIAG_ERROR, file, pos.line,
					 vpos.column,
					 "expected END:%.*s (for the BEGIN on "
					 "line %u), got END:%.*s",
					 (int)(fr->name_len > 40 ? 40
					       : fr->name_len),
					 buf + fr->name, fr->line,
					 (int)(vend - value > 40 ? 40
					       : vend - value),
					 buf + value);
				return false;
			}
			if (--depth == 1 && cur_kind != SCAN_OTHER) {
				CUR->end = i;
				cur_kind = SCAN_OTHER;
			}
			continue;
		}
		if (depth == 0) {
			if (!seen_calendar) {
				diag_add(diags, DIAG_ERROR, file, pos.line, 1,
					 "expected BEGIN:VCALENDAR");
				return false;
			}
			if (!warned_after)
				diag_add(diags, DIAG_WARNING, file, pos.line, 1,
					 "text after END:VCALENDAR ignored");
			warned_after = true;
			continue;
		}
		if (depth == 1) {
			/* Only the properties the reader uses: a calendar
			 * of a million X- lines costs nothing more. */
			if (!is(buf, start, name_len, "X-WR-CALNAME") &&
			    !is(buf, start, name_len, "NAME") &&
			    !is(buf, start, name_len, "X-WR-TIMEZONE") &&
			    !is(buf, start, name_len, "PRODID") &&
			    !is(buf, start, name_len, "URL"))
				continue;
			sc->cal = grow(sc->cal, sc->n_cal, &sc->cap_cal,
				       sizeof(*sc->cal));
			sc->cal[sc->n_cal++] =
				(struct ics_line){start, i, pos};
			continue;
		}
		if (cur_kind == SCAN_OTHER)
			continue;
		if (depth == 2 && cur_kind == SCAN_VEVENT) {
			sc->props = grow(sc->props, sc->n_props, &sc->cap_props,
					 sizeof(*sc->props));
			sc->props[sc->n_props++] =
				(struct ics_prop){start, name_len, value, e,
						  vpos};
			CUR->n_props++;
		} else if (depth == 2 && is(buf, start, name_len, "TZID")) {
			CUR->tzid = value;
			CUR->tzid_len = vend - value;
		} else if (depth == 3 && cur_kind == SCAN_VTIMEZONE &&
			   is(buf, start, name_len, "RRULE")) {
			/* Time-zone rules repeat yearly; anything else is
			 * hostile or broken, and libical would iterate it
			 * until 2037 to convert one time. */
			const char *y = "FREQ=YEARLY";
			bool found = false;
			for (size_t k = value; k + strlen(y) <= vend; k++)
				if (strncasecmp(buf + k, y, strlen(y)) == 0)
					found = true;
			if (!found)
				CUR->bad_rule = true;
		}
	}
#undef CUR
	if (depth > 0) {
		diag_add(diags, DIAG_ERROR, file, stack[depth - 1].line, 1,
			 "BEGIN:%.*s is never closed by its END line",
			 (int)(stack[depth - 1].name_len > 40
			       ? 40 : stack[depth - 1].name_len),
			 buf + stack[depth - 1].name);
		return false;
	}
	if (!seen_calendar) {
		diag_add(diags, DIAG_ERROR, file, 1, 1,
			 "empty file: expected an iCalendar file "
			 "(BEGIN:VCALENDAR)");
		return false;
	}
	return true;
}

void
ics_scan_free(struct ics_scan *sc)
{
	free(sc->events);
	free(sc->zones);
	free(sc->props);
	free(sc->cal);
	*sc = (struct ics_scan){0};
}

char *
ics_scan_copy(const char *buf, size_t off, size_t end)
{
	char *out = xmalloc(end - off + 1), *o = out;
	/* A line at a time: the text up to a CR copied whole. */
	for (size_t i = off; i < end; i++) {
		const char *cr = memchr(buf + i, '\r', end - i);
		size_t to = cr ? (size_t)(cr - buf) : end;
		memcpy(o, buf + i, to - i);
		o += to - i;
		if (to == end)
			break;
		i = to;
		while (i + 1 < end && buf[i + 1] == '\r')
			i++;
		if (i + 1 < end && buf[i + 1] == '\n')
			i++;
		*o++ = '\n';
	}
	*o = '\0';
	return out;
}

/* Names in any case, then file order: the order of ics_props.by_name. */
static int
key_cmp(const void *va, const void *vb)
{
	const struct ics_prop_key *a = va, *b = vb;
	int c = strncasecmp(a->name, b->name, a->len < b->len ? a->len : b->len);
	if (c != 0)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void
ics_props_init(struct ics_props *px, const struct ics_scan *sc,
	       const char *buf, const struct ics_comp *ev)
{
	*px = (struct ics_props){sc, buf, ev, NULL};
	if (ev->n_props <= ICS_PROPS_LINEAR)
		return;
	px->by_name = xreallocarray(NULL, ev->n_props, sizeof(*px->by_name));
	for (size_t i = 0; i < ev->n_props; i++) {
		const struct ics_prop *p = &sc->props[ev->prop + i];
		px->by_name[i] =
			(struct ics_prop_key){buf + p->name, p->name_len, i};
	}
	xqsort(px->by_name, ev->n_props, sizeof(*px->by_name), key_cmp);
}

void
ics_props_free(struct ics_props *px)
{
	free(px->by_name);
	px->by_name = NULL;
}

const struct ics_prop *
ics_props_next(const struct ics_props *px, const char *name, size_t *at)
{
	struct ics_prop_key key = {name, strlen(name), *at};
	if (px->by_name == NULL) {
		/* A few: a walk in file order. */
		for (size_t i = *at; i < px->ev->n_props; i++) {
			const struct ics_prop *p = &px->sc->props[px->ev->prop + i];
			if (p->name_len == key.len &&
			    strncasecmp(px->buf + p->name, name, key.len) == 0) {
				*at = i + 1;
				return p;
			}
		}
		return NULL;
	}
	/* The first key not before (name, *at). */
	size_t lo = 0, hi = px->ev->n_props;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (key_cmp(&px->by_name[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == px->ev->n_props)
		return NULL;
	const struct ics_prop_key *k = &px->by_name[lo];
	if (k->len != key.len || strncasecmp(k->name, name, key.len) != 0)
		return NULL;
	*at = k->i + 1;
	return &px->sc->props[px->ev->prop + k->i];
}

struct feed_pos
ics_props_pos(const struct ics_props *px, const char *name)
{
	size_t at = 0;
	const struct ics_prop *p = ics_props_next(px, name, &at);
	return p ? p->pos : px->ev->pos;
}

char *
ics_props_value(const struct ics_props *px, const struct ics_prop *p)
{
	const char *buf = px->buf;
	char *out = xmalloc(p->end - p->value + 1), *o = out;
	for (size_t i = p->value; i < p->end; i++) {
		if (buf[i] != '\r' && buf[i] != '\n') {
			*o++ = buf[i];
			continue;
		}
		/* A line break and the space or tab that folds: nothing. */
		while (i + 1 < p->end && (buf[i + 1] == '\r' || buf[i + 1] == '\n'))
			i++;
		if (i + 1 < p->end)
			i++;
	}
	*o = '\0';
	char *b = out;
	while (*b == ' ' || *b == '\t')
		b++;
	while (o > b && (o[-1] == ' ' || o[-1] == '\t'))
		o--;
	memmove(out, b, (size_t)(o - b));
	out[o - b] = '\0';
	return out;
}
