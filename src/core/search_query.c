/* Search queries (search.h): compiled from the query's words, matched
 * against one text, and the spans of a text they match, to highlight. */
#include "search_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "sked/fold.h"
#include "sked/text.h"
#include "sked/xalloc.h"

static const char *const search_fields[SEARCH_NFIELDS] = {
	"title", "speaker", "abstract", "track", "room",
	"tag",   "type",    "id",       "day",   "lang",
};

const char *
search_field_name(enum search_field f)
{
	return f < SEARCH_NFIELDS ? search_fields[f] : NULL;
}

/* The slots a term of field f reads (-1: all): the field's own and the
 * further texts under it. */
static unsigned
search_field_slots(int f)
{
	if (f < 0)
		return (1u << SEARCH_NSLOTS) - 1;
	unsigned m = 1u << f;
	for (int k = SEARCH_NFIELDS; k < SEARCH_NSLOTS; k++)
		if (search_slot_field(k) == f)
			m |= 1u << k;
	return m;
}

/* ---- queries ---- */

void
search_destroy(struct search_query *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i < q->n; i++)
		pcre2_code_free(q->terms[i].re);
	pcre2_match_data_free(q->md);
	pcre2_match_context_free(q->mctx);
	pcre2_jit_stack_free(q->jit);
	free(q);
}

static void
search_fail(struct search_error *err, size_t offset, const char *message)
{
	err->offset = offset;
	snprintf(err->message, sizeof(err->message), "%s", message);
}

/* The end of the name or argument that starts at p[i] when p[i] is open
 * (a brace, an angle bracket, a quote) up to its close, else i. */
static size_t
search_skip_to(const char *p, size_t n, size_t i, char open, char close)
{
	if (i >= n || p[i] != open)
		return i;
	const char *end = memchr(p + i + 1, close, n - i - 1);
	return end ? (size_t)(end - p) + 1 : n;
}

/* The length of the escape at p[i] (a backslash), with what is PCRE2's
 * syntax rather than text: \p{Lu}, \pL, \x{C5}, \xC5, \o{17}, \N{U+C5},
 * \cX, \k<Name>, \g{Name}. */
static size_t
search_escape_len(const char *p, size_t n, size_t i)
{
	if (i + 1 >= n)
		return n - i;
	size_t j = i + 2;
	switch (p[i + 1]) {
	case 'p': case 'P':
		return (j < n && p[j] == '{' ? search_skip_to(p, n, j, '{', '}')
					     : j + 1) - i;
	case 'x':
		if (j < n && p[j] == '{')
			return search_skip_to(p, n, j, '{', '}') - i;
		for (int k = 0; k < 2 && j < n && isxdigit((unsigned char)p[j]);
		     k++)
			j++;
		return j - i;
	case 'o': case 'N':
		return search_skip_to(p, n, j, '{', '}') - i;
	case 'c':
		return (j < n ? j + 1 : n) - i;
	case 'k': case 'g':
		if (j < n && p[j] == '<')
			return search_skip_to(p, n, j, '<', '>') - i;
		if (j < n && p[j] == '\'')
			return search_skip_to(p, n, j, '\'', '\'') - i;
		return search_skip_to(p, n, j, '{', '}') - i;
	default:
		return 2;
	}
}

/* The length of the group opening or verb at p[i] ('(') up to what it
 * holds of text to find: through a name ((?<Name>, (?P<Name>, (?'Name',
 * (?P=Name), (?&Name), (?P>Name), (?(Name)..., (?(<Name>)..., (?(DEFINE)
 * ..., (*MARK:Name), (?C"text")) or option letters ((?U), (?J-i:), or a
 * verb's name ((*pla: of (*pla:TEXT), whose text is text); 1 for another
 * '('. */
static size_t
search_group_len(const char *p, size_t n, size_t i)
{
	const char *at = p + i;
	size_t left = n - i;
	if (left >= 2 && at[1] == '*') {
		/* (*NAME) or (*NAME:ARG): an argument is a name, but that of
		 * a lookaround or atomic group ((*pla:...)) is text. */
		size_t k = 2;
		while (k < left && (isalpha((unsigned char)at[k]) || at[k] == '_'))
			k++;
		static const char *const holders[] = {
			"pla", "plb", "nla", "nlb", "napla", "naplb", "atomic",
			"positive_lookahead", "positive_lookbehind",
			"negative_lookahead", "negative_lookbehind",
			"non_atomic_positive_lookahead",
			"non_atomic_positive_lookbehind", "sr", "asr",
			"script_run", "atomic_script_run",
		};
		if (k < left && at[k] == ':')
			for (size_t h = 0; h < sizeof(holders) / sizeof(holders[0]);
			     h++)
				if (strlen(holders[h]) == k - 2 &&
				    memcmp(at + 2, holders[h], k - 2) == 0)
					return k + 1;
		const char *end = memchr(at, ')', left);
		return end ? (size_t)(end - at) + 1 : left;
	}
	if (left < 3 || at[1] != '?')
		return 1;
	size_t j = i + 2;
	bool named; /* what follows is a name, up to ')' */
	if (p[j] == 'P' && j + 1 < n && (p[j + 1] == '=' || p[j + 1] == '>')) {
		named = true; /* (?P=Name), (?P>Name) */
	} else if (p[j] == 'P' && j + 1 < n && p[j + 1] == '<') {
		return search_skip_to(p, n, j + 1, '<', '>') - i;
	} else if (p[j] == '<' && j + 1 < n && p[j + 1] != '=' &&
		   p[j + 1] != '!') {
		return search_skip_to(p, n, j, '<', '>') - i; /* (?<Name> */
	} else if (p[j] == '\'') {
		return search_skip_to(p, n, j, '\'', '\'') - i;
	} else if (p[j] == '(' && j + 1 < n && p[j + 1] != '?' &&
		   p[j + 1] != '*') {
		named = true; /* (?(Name), (?(<Name>), (?(R1), (?(DEFINE) */
	} else if (isalpha((unsigned char)p[j]) || p[j] == '-' ||
		   p[j] == '^') {
		/* Option letters, (?U) or (?J-i:...); (?C is a callout. */
		if (p[j] == 'C') {
			named = true;
		} else {
			size_t k = j;
			while (k < n && (isalpha((unsigned char)p[k]) ||
					 p[k] == '-' || p[k] == '^'))
				k++;
			return k - i;
		}
	} else {
		named = p[j] == '&'; /* (?&Name) */
	}
	if (!named)
		return 1;
	const char *end = memchr(p + j, ')', n - j);
	return end ? (size_t)(end - p) + 1 - i : n - i;
}

/* Smart case: an uppercase letter of the text to find makes a term
 * case-sensitive; not one of PCRE2's syntax: an escape such as \S, \W,
 * \p{Lu}, \x{C5} or \N{U+C5}, a group's name, a verb. */
static bool
search_has_upper(const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (p[i] == '\\') {
			i += search_escape_len(p, n, i);
			continue;
		}
		if (p[i] == '(') {
			i += search_group_len(p, n, i);
			continue;
		}
		uint32_t cp;
		size_t len = text_utf8_decode((const unsigned char *)p + i,
					      n - i, &cp);
		if (len == 0)
			len = 1;
		else if (utf8proc_isupper((utf8proc_int32_t)cp))
			return true;
		i += len;
	}
	return false;
}

/* How many starts of a match attempt between two looks at the clock. */
enum { SEARCH_CHECK_EVERY = 256 };

/* Now, by the coarse clock (a read of memory the kernel keeps, a few
 * milliseconds fine: the budget is seconds), in nanoseconds. */
static int64_t
search_now(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
	return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* Adds the time since the last look at the clock in the current match
 * call to q's matching time. */
static void
search_tick(struct search_query *q)
{
	int64_t now = search_now();
	q->spent_ns += now - q->last_ns;
	q->last_ns = now;
}

/* The callout each match attempt starts with (search_guarded): counts
 * the time matching takes (from a call's first attempt to its end, and
 * nothing between calls: the time the browser draws, or waits, is not
 * the search's) and gives up the match when q's matching has taken
 * SEARCH_TIME_LIMIT seconds. */
static int
search_callout(pcre2_callout_block *cb, void *arg)
{
	(void)cb;
	struct search_query *q = arg;
	if (q->call_attempts++ == 0) {
		q->last_ns = search_now();
		return 0;
	}
	if (q->call_attempts % SEARCH_CHECK_EVERY != 0)
		return 0;
	search_tick(q);
	if (q->spent_ns < (int64_t)SEARCH_TIME_LIMIT * 1000000000)
		return 0;
	q->out_of_time = true;
	return PCRE2_ERROR_CALLOUT;
}

/* The settings that must begin a pattern, such as (*UCP) or
 * (*LIMIT_MATCH=1000): not (*F), (*COMMIT) or (*pla:...), which are
 * part of what is matched. */
static bool
search_start_setting(const char *s, size_t n)
{
	static const char *const names[] = {
		"UTF", "UCP", "NOTEMPTY", "NOTEMPTY_ATSTART", "NO_AUTO_POSSESS",
		"NO_DOTSTAR_ANCHOR", "NO_JIT", "NO_START_OPT", "CR", "LF",
		"CRLF", "ANYCRLF", "ANY", "NUL", "BSR_ANYCRLF", "BSR_UNICODE",
		"LIMIT_HEAP=", "LIMIT_MATCH=", "LIMIT_DEPTH=", "LIMIT_RECURSION=",
	};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		size_t l = strlen(names[k]);
		if (n < l || memcmp(s, names[k], l) != 0)
			continue;
		size_t j = l;
		if (names[k][l - 1] == '=')
			while (j < n && isdigit((unsigned char)s[j]))
				j++;
		if (j == n)
			return true;
	}
	return false;
}

/* pattern[0..len) compiled with a callout before each match attempt
 * (search_callout), as "(?C1)(?:pattern)" after the verbs that must
 * begin a pattern ((*UCP), (*CR)...), or NULL when that does not compile
 * as the same pattern (the same count of groups). The pattern ends what
 * it left open: a \Q quote, or an extended-mode comment, which the
 * closing parenthesis would join. */
static pcre2_code *
search_guarded(const char *pattern, size_t len, uint32_t options,
	       pcre2_compile_context *cctx, const pcre2_code *plain)
{
	size_t verbs = 0;
	while (verbs + 1 < len && pattern[verbs] == '(' &&
	       pattern[verbs + 1] == '*') {
		const char *end = memchr(pattern + verbs, ')', len - verbs);
		if (end == NULL ||
		    !search_start_setting(pattern + verbs + 2,
					  (size_t)(end - pattern) - verbs - 2))
			break;
		verbs = (size_t)(end - pattern) + 1;
	}
	uint32_t groups, got;
	pcre2_pattern_info(plain, PCRE2_INFO_CAPTURECOUNT, &groups);
	/* A comment ends at a newline of the pattern's convention: NUL
	 * (search_add_term's), or another a verb chose. */
	static const char *const closes[] = {")", "\\E)", "\0)", "\n)",
					     "\r)", "\r\n)"};
	static const char open[] = "(?C1)(?:";
	char *w = xmalloc(len + sizeof(open) + 4);
	memcpy(w, pattern, verbs);
	memcpy(w + verbs, open, strlen(open));
	memcpy(w + verbs + strlen(open), pattern + verbs, len - verbs);
	size_t base = len + strlen(open);
	for (size_t k = 0; k < sizeof(closes) / sizeof(closes[0]); k++) {
		/* Its length: "\0)" is two bytes. */
		size_t cl = closes[k][0] == '\0' ? 2 : strlen(closes[k]);
		memcpy(w + base, closes[k], cl);
		int code;
		PCRE2_SIZE at;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)w, base + cl,
					       options, &code, &at, cctx);
		if (re != NULL &&
		    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &got) == 0 &&
		    got == groups) {
			free(w);
			return re;
		}
		pcre2_code_free(re);
	}
	free(w);
	return NULL;
}

static int
search_field_lookup(const char *s, size_t n)
{
	for (int f = 0; f < SEARCH_NFIELDS; f++)
		if (strlen(search_fields[f]) == n &&
		    memcmp(search_fields[f], s, n) == 0)
			return f;
	return -2;
}

static bool
search_add_term(struct search_query *q, const char *pattern, size_t len,
		size_t pattern_offset, size_t term_offset, int field,
		bool negate, struct search_error *err)
{
	if (q->n == SEARCH_MAX_TERMS) {
		err->offset = term_offset;
		snprintf(err->message, sizeof(err->message),
			 "too many terms (at most %d)", SEARCH_MAX_TERMS);
		return false;
	}
	if (len == 0) {
		search_fail(err, pattern_offset, "empty pattern");
		return false;
	}
	struct search_term *t = &q->terms[q->n];
	*t = (struct search_term){.field = field, .negate = negate,
				  .offset = term_offset,
				  .folded = !fold_needed(pattern, len),
				  .slots = search_field_slots(field)};
	/* A field of several values (speakers, tags...) is searched as one
	 * text with the values separated by NULs: with NUL as the newline
	 * and multiline mode, ^ and $ apply to each value, and . and \s do
	 * not cross from one to the next. */
	uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
			   PCRE2_MULTILINE;
	if (!search_has_upper(pattern, len))
		options |= PCRE2_CASELESS;
	int code;
	PCRE2_SIZE at;
	pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
	pcre2_set_newline(cctx, PCRE2_NEWLINE_NUL);
	pcre2_set_parens_nest_limit(cctx, SEARCH_NEST_LIMIT);
	t->re = pcre2_compile((PCRE2_SPTR)pattern, len, options, &code, &at,
			      cctx);
	if (t->re == NULL) {
		pcre2_compile_context_free(cctx);
		PCRE2_UCHAR msg[200];
		pcre2_get_error_message(code, msg, sizeof(msg));
		err->offset = pattern_offset + at;
		snprintf(err->message, sizeof(err->message), "%s", (char *)msg);
		return false;
	}
	/* The pattern as written says what is wrong with it; the one
	 * matched is in NFC, as the program's text is (build.h: "u" and a
	 * combining diaeresis, typed or pasted, find "ü"), and has the
	 * callout that keeps time. */
	size_t nfc_len;
	char *nfc = text_nfc(pattern, len, &nfc_len);
	if (nfc != NULL) {
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)nfc, nfc_len,
					       options, &code, &at, cctx);
		if (re != NULL) {
			pcre2_code_free(t->re);
			t->re = re;
			pattern = nfc;
			len = nfc_len;
		}
	}
	/* The wrapper is one level of parentheses more. */
	pcre2_set_parens_nest_limit(cctx, SEARCH_NEST_LIMIT + 1);
	pcre2_code *guarded = search_guarded(pattern, len, options, cctx,
					     t->re);
	pcre2_compile_context_free(cctx);
	free(nfc);
	if (guarded != NULL) {
		pcre2_code_free(t->re);
		t->re = guarded;
	}
	/* Without the JIT (an unsupported CPU) the interpreter is used. */
	pcre2_jit_compile(t->re, PCRE2_JIT_COMPLETE);
	q->n++;
	return true;
}

struct search_query *
search_compile(const char *query, struct search_error *err)
{
	struct search_query *q = xcalloc(1, sizeof(*q));
	size_t len = strlen(query);
	*err = (struct search_error){0};
	if (len > SEARCH_MAX_QUERY) {
		err->offset = SEARCH_MAX_QUERY;
		snprintf(err->message, sizeof(err->message),
			 "query longer than %d bytes", SEARCH_MAX_QUERY);
		search_destroy(q);
		return NULL;
	}
	char *pattern = xmalloc(len + 1);
	size_t i = 0;
	while (i < len) {
		while (i < len && (query[i] == ' ' || query[i] == '\t'))
			i++;
		if (i == len)
			break;
		size_t term = i;
		bool negate = false;
		if (query[i] == '-' && i + 1 < len && query[i + 1] != ' ') {
			negate = true;
			i++;
		}
		int field = -1;
		size_t j = i;
		while (j < len && query[j] >= 'a' && query[j] <= 'z')
			j++;
		if (j < len && query[j] == ':' && j > i) {
			int f = search_field_lookup(query + i, j - i);
			if (f >= 0) {
				field = f;
				i = j + 1;
			}
		}
		/* "word:" of no field (speakers:, Speaker:): text, as any
		 * pattern; kept to be said when nothing matches. */
		size_t k = i;
		while (k < len && ((query[k] >= 'a' && query[k] <= 'z') ||
				   (query[k] >= 'A' && query[k] <= 'Z')))
			k++;
		if (field < 0 && k > i && k < len && query[k] == ':' &&
		    !q->unknown_field[0] && k - i < sizeof(q->unknown_field))
			memcpy(q->unknown_field, query + i, k - i);
		size_t plen = 0, pstart = i;
		bool quoted = i < len && query[i] == '"';
		if (quoted) {
			size_t quote = i++;
			pstart = i;
			while (i < len && query[i] != '"') {
				/* \" is a quote inside; other escapes are the
				 * pattern's own. */
				if (query[i] == '\\' && i + 1 < len &&
				    query[i + 1] == '"')
					i++;
				pattern[plen++] = query[i++];
			}
			if (i == len) {
				search_fail(err, quote, "unterminated quote");
				goto fail;
			}
			i++;
		} else {
			while (i < len && query[i] != ' ' && query[i] != '\t')
				pattern[plen++] = query[i++];
		}
		if (!search_add_term(q, pattern, plen, pstart, term, field,
				     negate, err)) {
			/* The pattern's offset, in the query: a quoted
			 * pattern's \" took two bytes of it for one. */
			if (quoted && err->offset > pstart &&
			    err->offset <= pstart + plen) {
				size_t at = err->offset - pstart, in = pstart;
				for (size_t n = 0; n < at && in < len; n++)
					in += query[in] == '\\' && in + 1 < len &&
						      query[in + 1] == '"' ? 2 : 1;
				err->offset = in;
			}
			goto fail;
		}
	}
	free(pattern);
	q->md = pcre2_match_data_create(32, NULL);
	q->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(q->mctx, SEARCH_MATCH_LIMIT);
	pcre2_set_depth_limit(q->mctx, SEARCH_DEPTH_LIMIT);
	pcre2_set_heap_limit(q->mctx, SEARCH_HEAP_LIMIT);
	q->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	pcre2_jit_stack_assign(q->mctx, NULL, q->jit);
	pcre2_set_callout(q->mctx, search_callout, q);
	return q;
fail:
	free(pattern);
	search_destroy(q);
	return NULL;
}

const char *
search_unknown_field(const struct search_query *q)
{
	return q->unknown_field[0] ? q->unknown_field : NULL;
}

bool
search_is_empty(const struct search_query *q)
{
	return q->n == 0;
}

void
search_budget_reset(struct search_query *q)
{
	q->spent_ns = 0;
	q->out_of_time = false;
}

/* ---- matching one text ---- */

/* pcre2_match of t in s[0..n) from start, its time counted (the
 * callout counts from a call's first attempt; the call's last stretch
 * is counted here). */
static int
search_exec(struct search_query *q, const struct search_term *t,
	    const char *s, size_t n, size_t start)
{
	q->call_attempts = 0;
	int rc = pcre2_match(t->re, (PCRE2_SPTR)s, n, start, 0, q->md, q->mctx);
	if (q->call_attempts > 1)
		search_tick(q);
	return rc;
}

/* A term's match in s[0..n) from start, a value at a time: the match
 * found ran from one value into the next (across the NUL between them,
 * which [^a-z], \W or \x00 match), so each value from the one start is in
 * is matched alone, as if it were the whole text; the first match is
 * put in q's match data at its place in s. 1, 0 (none), or a PCRE2
 * error (negative). */
static int
search_match_values(struct search_query *q, const struct search_term *t,
		    const char *s, size_t n, size_t start)
{
	size_t a = start;
	while (a > 0 && s[a - 1] != '\0')
		a--;
	while (a <= n) {
		const char *nul = memchr(s + a, '\0', n - a);
		size_t b = nul ? (size_t)(nul - s) : n;
		/* No NUL between a and start: start is in the first value. */
		size_t from = start > a ? start - a : 0;
		int rc = search_exec(q, t, s + a, b - a, from);
		if (rc >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(q->md);
			ov[0] += a;
			ov[1] += a;
			return 1;
		}
		if (rc != PCRE2_ERROR_NOMATCH && rc != PCRE2_ERROR_BADUTFOFFSET)
			return rc;
		if (nul == NULL)
			break;
		a = b + 1;
	}
	return 0;
}

int
search_match(struct search_query *q, const struct search_term *t,
	     const char *s, size_t n, size_t start, struct search_error *err)
{
	int rc = search_exec(q, t, s, n, start);
	if (rc >= 0) {
		/* From where the match began, before a \K moved its start. */
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(q->md);
		size_t from = pcre2_get_startchar(q->md);
		if (from > ov[0])
			from = ov[0];
		if (ov[1] <= from || memchr(s + from, '\0', ov[1] - from) == NULL)
			return 1;
		rc = search_match_values(q, t, s, n, start);
		if (rc >= 0)
			return rc;
	}
	if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_BADUTFOFFSET)
		return 0;
	err->offset = t->offset;
	if (rc == PCRE2_ERROR_CALLOUT && q->out_of_time) {
		snprintf(err->message, sizeof(err->message),
			 "search stopped: it took over %d seconds (simplify the "
			 "pattern)", SEARCH_TIME_LIMIT);
		return -1;
	}
	PCRE2_UCHAR msg[160];
	pcre2_get_error_message(rc, msg, sizeof(msg));
	snprintf(err->message, sizeof(err->message),
		 "search stopped: %s (simplify the pattern)", (char *)msg);
	return -1;
}

/* ---- highlighting ---- */

static int
search_span_cmp(const void *a, const void *b)
{
	const struct search_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Adds the matches of t in s[0..len) to spans (mapped to the original
 * text through map when s is the folded text); false when full. */
static bool
search_term_spans(struct search_query *q, const struct search_term *t,
		  const char *s, size_t len, const uint32_t *map,
		  struct search_span *spans, size_t *count)
{
	struct search_error err;
	size_t start = 0;
	while (start <= len && search_match(q, t, s, len, start, &err) == 1) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(q->md);
		size_t a = ov[0], b = ov[1];
		if (b > a) {
			if (*count == SEARCH_MAX_SPANS)
				return false;
			/* A match of part of a folded character (one "s" of
			 * the "ss" of ß) covers the whole character, so a
			 * span is never empty. */
			spans[(*count)++] = map
				? (struct search_span){map[a],
						       fold_map_end(map, len, b)}
				: (struct search_span){a, b};
		}
		/* Past an empty match, step one character. */
		start = b > a ? b : b + 1;
		while (start < len && ((unsigned char)s[start] & 0xC0) == 0x80)
			start++;
	}
	return true;
}

size_t
search_spans(struct search_query *q, enum search_field f, const char *text,
	     size_t n, struct search_span **spans)
{
	size_t count = 0;
	/* A budget of its own, the search's kept. */
	int64_t spent = q->spent_ns;
	bool out = q->out_of_time;
	q->spent_ns = (int64_t)(SEARCH_TIME_LIMIT - SEARCH_SPANS_TIME_LIMIT) *
		      1000000000;
	q->out_of_time = false;
	*spans = xmalloc(SEARCH_MAX_SPANS * sizeof(**spans));
	char *folded = NULL;
	uint32_t *map = NULL;
	size_t flen = 0;
	bool room = true;
	for (size_t ti = 0; ti < q->n && room; ti++) {
		const struct search_term *t = &q->terms[ti];
		if (t->negate || (t->field >= 0 && t->field != (int)f))
			continue;
		/* Like search_run: an ASCII term matches the folded text and
		 * the original. */
		if (t->folded && fold_needed(text, n)) {
			if (folded == NULL)
				folded = fold_strip(text, n, &flen, &map);
			room = search_term_spans(q, t, folded, flen, map,
						 *spans, &count);
		}
		if (room)
			room = search_term_spans(q, t, text, n, NULL, *spans,
						 &count);
	}
	free(folded);
	free(map);
	q->spent_ns = spent;
	q->out_of_time = out;
	xqsort(*spans, count, sizeof(**spans), search_span_cmp);
	/* Merge overlapping spans. */
	size_t m = 0;
	for (size_t i = 0; i < count; i++) {
		if (m && (*spans)[i].start <= (*spans)[m - 1].end) {
			if ((*spans)[i].end > (*spans)[m - 1].end)
				(*spans)[m - 1].end = (*spans)[i].end;
		} else {
			(*spans)[m++] = (*spans)[i];
		}
	}
	return m;
}
