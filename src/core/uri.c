#include "sked/uri.h"

#include <stdio.h>
#include <string.h>

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

/* RFC 3986's unreserved and reserved characters ('%' is handled apart). */
static bool
uri_char(unsigned char c)
{
	return uri_alpha(c) || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("-._~:/?#[]@!$&'()*+,;=", c) != NULL);
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
	for (i++; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (uri_char(c))
			continue;
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
	size_t n = strlen(s);
	char *out = xmalloc(3 * n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (uri_char(c) || uri_escape_at(s + i)) {
			*o++ = (char)c;
		} else {
			sprintf(o, "%%%02X", c);
			o += 3;
		}
	}
	*o = '\0';
	return out;
}
