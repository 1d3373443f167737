/* text: UTF-8 checking and making untrusted text safe for a terminal. */
#ifndef SKED_TEXT_H
#define SKED_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes there are not valid UTF-8 (overlong, surrogate, truncated...).
 * On success *cp is the code point. */
size_t text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

enum text_flags {
	TEXT_KEEP_NEWLINE = 1 << 0, /* keep '\n' (otherwise a space) */
	TEXT_KEEP_TAB = 1 << 1,     /* keep '\t' (otherwise a space) */
};

/* A copy of s[0..n) the caller frees, in which every control character
 * (C0 other than those kept by flags, DEL, C1) and every whole escape
 * sequence (ESC [ ... final, ESC ] ... BEL/ST, 8-bit CSI/OSC/DCS ...) is
 * replaced by U+FFFD, as is every invalid byte. */
char *text_sanitize(const char *s, size_t n, int flags);
/* True when s[0..n) needs no change by text_sanitize(s, n, flags). */
bool text_is_clean(const char *s, size_t n, int flags);

#endif
