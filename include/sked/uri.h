/* uri: the URLs a schedule holds, which reach calendars and terminals.
 *
 * A URL in a sked file must be an absolute URI (RFC 3986): a scheme, a
 * colon, and only the characters a URI may hold, anything else written as
 * %XX. Nothing is encoded silently at load time, so the URL sked shows,
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

#endif
