/* The builder's values: the messages (paths, errors, warnings and their
 * summaries), and each value a feed gives checked and copied into the
 * program: strings (UTF-8), required values, URLs and ids, and ids made
 * from names. Used by build.c's passes and build_time.c's. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/arena.h"
#include "sked/html.h"
#include "sked/text.h"
#include "sked/uri.h"
#include "sked/xalloc.h"
#include "build_int.h"

/* ---- state and messages ---- */

/* Appends s[0..n) to buf[0..*o), cut to size (one byte kept for the
 * NUL). */
static void
bd_put(char *buf, size_t size, size_t *o, const char *s, size_t n)
{
	if (n > size - 1 - *o)
		n = size - 1 - *o;
	memcpy(buf + *o, s, n);
	*o += n;
}

char *
bd_path(char *buf, size_t size, const char *base, const char *name, size_t i)
{
	char digits[24];
	size_t nd = sizeof(digits), o = 0;
	digits[--nd] = ']';
	do
		digits[--nd] = (char)('0' + i % 10);
	while ((i /= 10) != 0);
	digits[--nd] = '[';
	if (base != NULL) {
		bd_put(buf, size, &o, base, strlen(base));
		bd_put(buf, size, &o, ".", 1);
	}
	bd_put(buf, size, &o, name, strlen(name));
	bd_put(buf, size, &o, digits + nd, sizeof(digits) - nd);
	buf[o] = '\0';
	return buf;
}

__attribute__((format(printf, 6, 0))) static void
bd_vreport(struct bd *bd, enum diag_severity sev, struct feed_pos pos,
	   const char *path, const char *key, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	const char *file = bd->f->file;
	pos = feed_pos_resolve(bd->f, pos);
	if (path && *path && key)
		diag_add(bd->diags, sev, file, pos.line, pos.column,
			 "%s.%s: %s", path, key, msg);
	else if ((path && *path) || key)
		diag_add(bd->diags, sev, file, pos.line, pos.column, "%s: %s",
			 path && *path ? path : key, msg);
	else
		diag_add(bd->diags, sev, file, pos.line, pos.column, "%s", msg);
}

/* An error at pos about path.key (path or key may be NULL). */
void
bd_error(struct bd *bd, struct feed_pos pos, const char *path, const char *key,
	 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bd_vreport(bd, DIAG_ERROR, pos, path, key, fmt, ap);
	va_end(ap);
}

void
bd_warn(struct bd *bd, struct feed_pos pos, const char *path, const char *key,
	const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bd_vreport(bd, DIAG_WARNING, pos, path, key, fmt, ap);
	va_end(ap);
}

void
bd_warn_kind(struct bd *bd, enum bd_warn_kind kind, struct feed_pos pos,
	     const char *path, const char *key, const char *fmt, ...)
{
	if (bd->warned[kind]++ >= BD_WARN_FULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	bd_vreport(bd, DIAG_WARNING, pos, path, key, fmt, ap);
	va_end(ap);
}

void
bd_warn_summaries(struct bd *bd)
{
	/* What the left-out warnings were about, after "and N more". */
	static const char *const what[BD_WARN_KINDS] = {
		[BD_WARN_LOCAL_TIME] = "sessions whose local time is not their "
				       "instant (the instants are taken)",
		[BD_WARN_GAP] = "sessions whose start does not exist in the "
				"zone (daylight-saving gap)",
		[BD_WARN_TWICE] = "sessions whose start occurs twice in the "
				  "zone (taken as the first)",
		[BD_WARN_URL] = "values that are not URLs, dropped",
		[BD_WARN_URL_WWW] = "values without a scheme taken as https: "
				    "URLs",
		[BD_WARN_DAY] = "sessions listed under a day their time is "
				"not on",
		[BD_WARN_UNTITLED] = "sessions without a title, shown as "
				     "\"(untitled)\"",
		[BD_WARN_NAMELESS] = "speakers or authors without a name, "
				     "left out",
	};
	for (size_t k = 0; k < BD_WARN_KINDS; k++)
		if (bd->warned[k] > BD_WARN_FULL)
			diag_add(bd->diags, DIAG_WARNING, bd->f->file, 0, 0,
				 "... and %zu more %s",
				 bd->warned[k] - BD_WARN_FULL, what[k]);
}

/* A value the reader found, could not use and reported (build.h). Only
 * once something was reported: a reader that forgot leaves no silent
 * hole. */
bool
bd_reported(const struct bd *bd, const struct feed_str *v)
{
	return v->s == NULL && v->pos.line != 0 && bd->diags->errors > 0;
}

/* The program's copy of a value, or NULL; text that is not UTF-8 is an
 * error (readers should have said so; this is the last guard, which a
 * reader that checked the whole file lifts: FEED_UTF8_CHECKED). Text is
 * kept in NFC (text_nfc): a name written decomposed in one session and
 * composed in the next is one speaker, and what a user types finds it. */
const char *
bd_str(struct bd *bd, const struct feed_str *v, const char *path,
       const char *key)
{
	if (v->s == NULL)
		return NULL;
	bool checked = bd->f->flags & FEED_UTF8_CHECKED;
	size_t n = strlen(v->s), i = checked ? n : text_utf8_valid(v->s, n);
	if (i < n) {
		bd_error(bd, v->pos, path, key,
			 "invalid UTF-8 byte 0x%02x at byte %zu "
			 "(expected UTF-8 text)",
			 (unsigned char)v->s[i], i + 1);
		return NULL;
	}
	size_t nfc_len;
	char *nfc = text_nfc(v->s, n, &nfc_len);
	if (nfc != NULL) {
		const char *s = arena_strndup(bd->p->arena, nfc, nfc_len);
		free(nfc);
		return s;
	}
	return bd->shared ? v->s : arena_strndup(bd->p->arena, v->s, n);
}

/* A long text (program.h): its copy, marked as HTML to be made text when
 * it is read when the format writes HTML (FEED_HTML_TEXTS) and it holds
 * markup. */
struct program_text
bd_text(struct bd *bd, const struct feed_str *v, const char *path,
	const char *key)
{
	const char *s = bd_str(bd, v, path, key);
	return (struct program_text){
		.raw = s,
		.html = s != NULL && (bd->f->flags & FEED_HTML_TEXTS) &&
			html_is_markup(s, strlen(s))};
}

/* A required value: its copy, or NULL with an error (unless reported). */
const char *
bd_required(struct bd *bd, const struct feed_str *v, struct feed_pos at,
	    const char *path, const char *key)
{
	if (v->s == NULL) {
		if (!bd_reported(bd, v))
			bd_error(bd, at, path, NULL,
				 "missing required key \"%s\"", key);
		return NULL;
	}
	if (v->s[0] == '\0') {
		bd_error(bd, v->pos, path, key, "expected a non-empty string");
		return NULL;
	}
	/* A sked file's blank is an error; a feed's (not held to every
	 * rule) is kept as before: a blank id becomes one (bd_slug), and
	 * blank titles and names are mended where they are read. */
	if (bd_strict(bd) && bd_blank(v->s)) {
		bd_error(bd, v->pos, path, key, "expected a non-empty string, "
						"got only white space");
		return NULL;
	}
	return bd_str(bd, v, path, key);
}

/* Whether v gives a value: a feed's empty or blank one (an acronym of
 * " ") counts as none, so that what is derived in its place is (the
 * conference's id from its title, a track's from its name). */
bool
bd_given(const struct bd *bd, const struct feed_str *v)
{
	return v->s != NULL && (bd_strict(bd) || !bd_blank(v->s));
}

/* Text that shows nothing: empty, or only white space (text_trim's:
 * ASCII blanks and Unicode's spaces), as a title of "   " would. */
bool
bd_blank(const char *s)
{
	return text_trim(&s, strlen(s)) == 0;
}

bool
bd_strict(const struct bd *bd)
{
	return bd->f->flags & FEED_STRICT;
}

/* A URL reaches calendars, terminals and the browser, which opens it:
 * only an absolute URI of http, https or mailto (uri_scheme_allowed),
 * with what a URI cannot hold (controls, spaces, ...) refused, not
 * encoded. A feed not held to that (FEED_STRICT) has a relative reference
 * resolved against its base_url, one that starts with "www." taken as
 * https:// with a warning, and what a URI cannot hold encoded; what is
 * still no URL, or of another scheme, is dropped with a warning. */
const char *
bd_url(struct bd *bd, const struct feed_str *v, const char *path,
       const char *key)
{
	char why[96], got[128];
	size_t at;
	if (v->s == NULL)
		return NULL;
	const char *s = v->s;
	char *made = NULL;
	if (!bd_strict(bd) && uri_scheme(s) == 0 && s[0] != '\0') {
		if (strncasecmp(s, "www.", 4) == 0) {
			made = xasprintf("https://%s", s);
			bd_warn_kind(bd, BD_WARN_URL_WWW, v->pos, path, key,
				     "%s has no scheme: taken as %s",
				     diag_quote(s, got, sizeof(got)), made);
		} else if (bd->base_url != NULL) {
			made = uri_resolve(bd->base_url, s);
		}
		if (made != NULL)
			s = made;
	}
	const char *url = NULL;
	if (uri_scheme(s) > 0 && !uri_scheme_allowed(s)) {
		if (bd_strict(bd))
			bd_error(bd, v->pos, path, key,
				 "expected a URL whose scheme is http:, https: "
				 "or mailto:, got %s",
				 diag_quote(v->s, got, sizeof(got)));
		else
			bd_warn_kind(bd, BD_WARN_URL, v->pos, path, key,
				     "a URL with scheme %.*s:, dropped (sked "
				     "takes http:, https: and mailto: URLs): "
				     "%s",
				     (int)(uri_scheme(s) < 16 ? uri_scheme(s) : 16),
				     s, diag_quote(v->s, got, sizeof(got)));
	} else if (uri_check(s, &at, why, sizeof(why))) {
		url = made ? arena_strndup(bd->p->arena, s, strlen(s))
			   : bd_str(bd, v, path, key);
	} else if (!bd_strict(bd)) {
		char *enc = uri_encode(s);
		if (uri_check(enc, &at, why, sizeof(why)))
			url = arena_strndup(bd->p->arena, enc, strlen(enc));
		else
			bd_warn_kind(bd, BD_WARN_URL, v->pos, path, key,
				"not a URL such as https://example.org/ (RFC "
				"3986), dropped: %s: %s",
				diag_quote(v->s, got, sizeof(got)), why);
		free(enc);
	} else {
		bd_error(bd, v->pos, path, key,
			 "expected a URL such as https://example.org/ (RFC "
			 "3986), got %s: %s",
			 diag_quote(v->s, got, sizeof(got)), why);
	}
	free(made);
	return url;
}

/* Ids of sessions, tracks and rooms: 1-64 of [A-Za-z0-9._-]; conference
 * ids: [a-z0-9-]. */
static bool
bd_id_valid(const char *s, bool lowercase_only)
{
	bool ok = *s != '\0' && strlen(s) <= PROGRAM_MAX_ID;
	for (const char *c = s; ok && *c; c++)
		ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		     *c == '-' ||
		     (!lowercase_only &&
		      ((*c >= 'A' && *c <= 'Z') || *c == '.' || *c == '_'));
	return ok;
}

/* An id as given, checked; from a feed not held to every rule
 * (FEED_STRICT), one that is not an id is made one (bd_slug). */
const char *
bd_id(struct bd *bd, const struct feed_str *v, struct feed_pos at,
      const char *path, bool lowercase_only)
{
	const char *s = bd_required(bd, v, at, path, "id");
	if (s == NULL || bd_id_valid(s, lowercase_only))
		return s;
	if (!bd_strict(bd))
		return bd_slug(bd, s, 'i');
	char got[128];
	bd_error(bd, v->pos, path, "id",
		 "expected an id of up to %d characters %s, got %s",
		 PROGRAM_MAX_ID, lowercase_only ? "[a-z0-9-]" : "[A-Za-z0-9._-]",
		 diag_quote(s, got, sizeof(got)));
	return NULL;
}

/* An id made from a name: lower case, every run of other characters than
 * [a-z0-9] one "-", at most PROGRAM_MAX_ID bytes (a long one ends in a
 * hash of the whole); a name with nothing of [a-z0-9] is `prefix` and a
 * hash. Stable: the name alone decides. */
char *
bd_slug(struct bd *bd, const char *name, char prefix)
{
	char buf[PROGRAM_MAX_ID + 1];
	size_t o = 0, len = strlen(name);
	bool dash = false, cut = false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && o > 0 && o < PROGRAM_MAX_ID)
				buf[o++] = '-';
			dash = false;
			if (o == PROGRAM_MAX_ID) {
				cut = true;
				break;
			}
			buf[o++] = c;
		} else {
			dash = true;
		}
	}
	uint64_t h = bd_hash(name, len);
	if (o == 0) {
		snprintf(buf, sizeof(buf), "%c%016llx", prefix,
			 (unsigned long long)h);
	} else if (cut) {
		snprintf(buf + 47, sizeof(buf) - 47, "-%016llx",
			 (unsigned long long)h);
	} else {
		buf[o] = '\0';
	}
	return arena_strndup(bd->p->arena, buf, strlen(buf));
}
