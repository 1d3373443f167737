/* uri: the URLs a schedule holds, which reach calendars and terminals.
 *
 * A URL in a sked file must be an absolute URI (RFC 3986): a scheme
 * (http, https or mailto: uri_scheme_allowed), a colon, and only the
 * characters a URI may hold, anything else written as %XX. Nothing is encoded silently at load time, so the URL sked shows,
 * exports and prints is the one in the file. */
#ifndef SKED_URI_H
#define SKED_URI_H

#include <stdbool.h>
#include <stddef.h>

/* True when s is an absolute URI. Otherwise false, with *at the byte
 * offset of the first fault and why[0..size) saying what and where it is,
 * such as "character 12 is a space (write it %20)" (characters count from
 * 1, in bytes: anything past ASCII is already the fault). */
bool uri_check(const char *s, size_t *at, char *why, size_t size);

/* A copy of s the caller frees in which every byte a URI cannot hold
 * (controls, spaces, quotes, non-ASCII...) is percent-encoded, and every
 * '%' not followed by two hex digits too: the result is always a URI's
 * characters, whatever s was. */
char *uri_encode(const char *s);
/* uri_encode() into dst, which has room for 3 * strlen(s) bytes: returns
 * the bytes written, without a NUL. */
size_t uri_encode_into(char *dst, const char *s);

/* The length of s's scheme ("https" of "https://x.example/"), without
 * its colon; 0 when s does not start with one (a relative reference). */
size_t uri_scheme(const char *s);

/* Whether s's scheme is one sked lets reach the browser, which opens
 * links, and calendars: http, https and mailto, in any case. Others
 * (javascript:, file:, data:, ftp:...) run code, read local files or
 * leave the web; a relative reference has no scheme and is not taken. */
bool uri_scheme_allowed(const char *s);

/* The target of the reference ref against base, an absolute URI, as RFC
 * 3986 section 5.2 resolves it (dot segments removed), in a string the
 * caller frees; NULL when base does not start with a scheme. Characters
 * are copied as they are: uri_check the result. */
char *uri_resolve(const char *base, const char *ref);

#endif
