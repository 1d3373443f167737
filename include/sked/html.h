/* html: HTML from feeds (FOSDEM and Indico abstracts) as readable text.
 *
 * libxml2's HTML parser reads the fragment (never the network, no errors
 * printed); the tree is walked without recursion, so nesting costs no
 * stack. Paragraphs and other blocks become paragraphs separated by a
 * blank line, <br> a line break, list items lines starting "- " (or
 * "1. " in an ordered list), links keep their address after their text
 * ("text (https://...)") unless the text is the address; entities are
 * decoded; whitespace runs become one space except inside <pre>; script,
 * style and comments are dropped, an image leaves its alt text; an
 * ordered list is numbered in one pass. */
#ifndef SKED_HTML_H
#define SKED_HTML_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) holds markup worth converting: a tag such as <p>,
 * <br>, <a href=...>, a closing tag, or a character entity. Plain text
 * with a "<" (a < b) or Markdown is left alone. */
bool html_is_markup(const char *s, size_t n);

/* The text of the HTML fragment s[0..n) (UTF-8), NUL-terminated, which
 * the caller frees. Never NULL: a fragment the parser cannot read at all
 * comes back as it was. */
char *html_to_text(const char *s, size_t n);

#endif
