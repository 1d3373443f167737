#include "sked/uri.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sked/xalloc.h"

static bool
uri_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
uri_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
	       (c >= 'a' && c <= 'f');
}

/* RFC 3986's unreserved and reserved characters ('%' is handled apart):
 * letters, digits and -._~:/?#[]@!$&'()*+,;= as bits of two words, bit c
 * for c < 64, bit c - 64 of the second (a table: every URL of a program
 * goes through here a character at a time). */
static bool
uri_char(unsigned char c)
{
	static const uint64_t set[2] = {0xafffffda00000000u,
					0x47fffffeafffffffu};
	return c < 128 && (set[c >> 6] >> (c & 63) & 1) != 0;
}

/* uri_char as a table of every byte, NUL not in it: uri_check goes
 * through runs of such characters with one look-up each. */
static const unsigned char *
uri_char_table(void)
{
	static unsigned char table[256];
	static bool made;
	if (!made) {
		for (unsigned c = 1; c < 256; c++)
			table[c] = uri_char((unsigned char)c);
		made = true;
	}
	return table;
}

/* The length of a valid "%XX" at s, or 0. */
static size_t
uri_escape_at(const char *s)
{
	return s[0] == '%' && uri_hex((unsigned char)s[1]) &&
			       uri_hex((unsigned char)s[2])
		       ? 3
		       : 0;
}

bool
uri_check(const char *s, size_t *at, char *why, size_t size)
{
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	size_t i = 0;
	if (uri_alpha((unsigned char)s[0]))
		for (i = 1; uri_alpha((unsigned char)s[i]) ||
			    (s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
			    s[i] == '-' || s[i] == '.';
		     i++)
			;
	if (i == 0 || s[i] != ':') {
		*at = 0;
		snprintf(why, size, "it does not start with a scheme "
			 "such as https:");
		return false;
	}
	const unsigned char *ok = uri_char_table();
	for (i++;; i++) {
		while (ok[(unsigned char)s[i]])
			i++;
		unsigned char c = (unsigned char)s[i];
		if (c == '\0')
			break;
		if (c == '%') {
			if (uri_escape_at(s + i)) {
				i += 2;
				continue;
			}
			*at = i;
			snprintf(why, size, "character %zu is a %% without two "
				 "hex digits (write a %% itself %%25)", i + 1);
			return false;
		}
		*at = i;
		if (c == ' ')
			snprintf(why, size, "character %zu is a space (write "
				 "it %%20)", i + 1);
		else if (c < 0x20 || c == 0x7F)
			snprintf(why, size, "character %zu is the control "
				 "character U+%04X", i + 1, c);
		else if (c >= 0x80)
			snprintf(why, size, "character %zu is not ASCII (write "
				 "its UTF-8 bytes as %%XX)", i + 1);
		else
			snprintf(why, size, "character %zu is a %c (write it "
				 "%%%02X)", i + 1, c, c);
		return false;
	}
	return true;
}

char *
uri_encode(const char *s)
{
	char *out = xmalloc(3 * strlen(s) + 1);
	out[uri_encode_into(out, s)] = '\0';
	return out;
}

size_t
uri_encode_into(char *dst, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = dst;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (uri_char(c) || uri_escape_at(s + i)) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	return (size_t)(o - dst);
}

size_t
uri_scheme(const char *s)
{
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	if (!uri_alpha((unsigned char)s[0]))
		return 0;
	size_t i = 1;
	while (uri_alpha((unsigned char)s[i]) || (s[i] >= '0' && s[i] <= '9') ||
	       s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' ? i : 0;
}

bool
uri_scheme_allowed(const char *s)
{
	static const char *const allowed[] = {"http", "https", "mailto"};
	size_t n = uri_scheme(s);
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (n == strlen(allowed[i]) && strncasecmp(s, allowed[i], n) == 0)
			return true;
	return false;
}

/* A URI reference split as RFC 3986 appendix B does: each part a piece of
 * the string, NULL when absent (which differs from empty). */
struct uri_parts {
	const char *scheme, *authority, *path, *query, *fragment;
	size_t n_scheme, n_authority, n_path, n_query, n_fragment;
};

static void
uri_split(const char *s, struct uri_parts *u)
{
	*u = (struct uri_parts){0};
	size_t n = uri_scheme(s);
	if (n > 0) {
		u->scheme = s;
		u->n_scheme = n;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		u->authority = s + 2;
		u->n_authority = strcspn(u->authority, "/?#");
		s = u->authority + u->n_authority;
	}
	u->path = s;
	u->n_path = strcspn(s, "?#");
	s += u->n_path;
	if (*s == '?') {
		u->query = s + 1;
		u->n_query = strcspn(u->query, "#");
		s = u->query + u->n_query;
	}
	if (*s == '#') {
		u->fragment = s + 1;
		u->n_fragment = strlen(u->fragment);
	}
}

/* RFC 3986 section 5.2.4: in[0..n) without its "." and ".." segments,
 * written to out (room for n + 1 bytes); returns its length. */
static size_t
uri_remove_dots(const char *in, size_t n, char *out)
{
	/* A copy to work on: rules B and C replace a prefix with "/". */
	char *buf = xmalloc(n + 1), *p = buf;
	memcpy(buf, in, n);
	buf[n] = '\0';
	size_t o = 0;
	while (*p) {
		if (strncmp(p, "../", 3) == 0) {
			p += 3;
		} else if (strncmp(p, "./", 2) == 0) {
			p += 2;
		} else if (strncmp(p, "/./", 3) == 0 || strcmp(p, "/.") == 0) {
			p += p[2] == '/' ? 2 : 1; /* to a "/", made one */
			*p = '/';
		} else if (strncmp(p, "/../", 4) == 0 || strcmp(p, "/..") == 0) {
			p += p[3] == '/' ? 3 : 2;
			*p = '/';
			/* The last segment written goes, with its "/". */
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (strcmp(p, ".") == 0 || strcmp(p, "..") == 0) {
			break;
		} else {
			/* The first segment, with its leading "/". */
			size_t k = *p == '/';
			while (p[k] && p[k] != '/')
				k++;
			memcpy(out + o, p, k);
			o += k;
			p += k;
		}
	}
	out[o] = '\0';
	free(buf);
	return o;
}

char *
uri_resolve(const char *base, const char *ref)
{
	struct uri_parts b, r, t;
	uri_split(base, &b);
	uri_split(ref, &r);
	if (b.scheme == NULL)
		return NULL;
	/* The merged path may hold base's path and ref's. */
	char *merged = xmalloc(b.n_path + r.n_path + 2);
	const char *path = r.path;
	size_t n_path = r.n_path;
	t = r;
	if (r.scheme == NULL) {
		t.scheme = b.scheme, t.n_scheme = b.n_scheme;
		if (r.authority == NULL) {
			t.authority = b.authority, t.n_authority = b.n_authority;
			if (r.n_path == 0) {
				path = b.path, n_path = b.n_path;
				if (r.query == NULL)
					t.query = b.query, t.n_query = b.n_query;
			} else if (r.path[0] != '/') {
				/* 5.2.3: base's path up to its last "/". */
				size_t keep = b.n_path;
				while (keep > 0 && b.path[keep - 1] != '/')
					keep--;
				size_t m = 0;
				if (b.authority != NULL && b.n_path == 0)
					merged[m++] = '/';
				else
					memcpy(merged, b.path, keep), m = keep;
				memcpy(merged + m, r.path, r.n_path);
				path = merged, n_path = m + r.n_path;
			}
		}
	}
	/* Base's own path (an empty reference, or a query only) is taken
	 * as it is, dot segments and all (5.2.2). */
	char *clean = xmalloc(n_path + 1);
	size_t n_clean = path == b.path ? (memcpy(clean, path, n_path), n_path)
					: uri_remove_dots(path, n_path, clean);
	size_t len = t.n_scheme + 1 + (t.authority ? 2 + t.n_authority : 0) +
		     n_clean + (t.query ? 1 + t.n_query : 0) +
		     (t.fragment ? 1 + t.n_fragment : 0) + 1;
	char *out = xmalloc(len), *o = out;
	memcpy(o, t.scheme, t.n_scheme), o += t.n_scheme;
	*o++ = ':';
	if (t.authority) {
		*o++ = '/', *o++ = '/';
		memcpy(o, t.authority, t.n_authority), o += t.n_authority;
	}
	memcpy(o, clean, n_clean), o += n_clean;
	if (t.query) {
		*o++ = '?';
		memcpy(o, t.query, t.n_query), o += t.n_query;
	}
	if (t.fragment) {
		*o++ = '#';
		memcpy(o, t.fragment, t.n_fragment), o += t.n_fragment;
	}
	*o = '\0';
	free(merged);
	free(clean);
	return out;
}
