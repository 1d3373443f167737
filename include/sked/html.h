/* html: HTML from feeds (FOSDEM and Indico abstracts) as readable text.
 *
 * libxml2's HTML parser reads the fragment (never the network, no errors
 * printed); the tree is walked without recursion, so nesting costs no
 * stack. Paragraphs and other blocks become paragraphs separated by a
 * blank line, <br> a line break, list items lines starting "- " (or
 * "1. " in an ordered list), links keep their address after their text
 * ("text (https://...)") unless the text is the address; entities are
 * decoded; whitespace runs become one space except inside <pre>; script,
 * style (when closed) and comments are dropped, an image leaves its alt
 * text; an ordered list is numbered in one pass. */
#ifndef SKED_HTML_H
#define SKED_HTML_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) holds markup worth converting: a tag of a known HTML
 * element (<p>, <br>, <a href=...>, <i>, </li>...: html.c lists them;
 * script and style alone do not count) or a character entity (&amp;).
 * Plain text with a "<" (a < b, Vec<T>, <insert meme here>, a tag in a
 * Markdown code span) or Markdown is left alone. */
bool html_is_markup(const char *s, size_t n);

/* The text of s[0..n) (UTF-8), NUL-terminated, which the caller frees.
 * Only markup html_is_markup() counts is markup: any other "<" is text.
 * A text with tags that lay it out (paragraphs, lists, tables) is read
 * as HTML, a blank line outside a list or table also a paragraph break;
 * one without (Markdown or plain text with an <i> or an &amp;) keeps its
 * own line breaks and indentation, a <br> ending a line being that
 * line's break. Never NULL: a fragment the parser cannot read at all
 * comes back as it was. */
char *html_to_text(const char *s, size_t n);

/* The text a program holds of a feed's HTML s (program.h's program_text):
 * html_to_text's, its line breaks as feeds store them (CR LF and a lone
 * CR, an &#13; for one, as LF), or NULL when no text is left. The caller
 * frees it. */
char *html_plain(const char *s);

#endif
