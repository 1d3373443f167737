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
/* The length of the longest prefix of s[0..n) that is valid UTF-8 without
 * a NUL byte: n when all of it is, else the offset of the first byte that
 * is not (whole words of ASCII at a time: the one check for every file
 * and every value). */
size_t text_utf8_valid(const char *s, size_t n);
/* The length of s[0..n)'s leading run of ASCII (bytes below 0x80, NUL
 * included), 32 bytes a test: n when it is all ASCII. */
size_t text_ascii_prefix(const char *s, size_t n);
/* s[0..n) (UTF-8) in Unicode's Normalization Form C, composed: NULL
 * when it already is (nearly all text, told without converting: ASCII
 * and text below U+0300 at word speed, the rest a character property at
 * a time) or is not UTF-8; else its NFC form, malloc'd, NUL-terminated,
 * *out_len its length, which the caller frees. "Mu\u0308ller" (as macOS
 * writes it) becomes "M\u00fcller": the same text, one way of writing
 * it, which search, comparison and speakers' names rely on. */
char *text_nfc(const char *s, size_t n, size_t *out_len);
/* text_utf8_valid with NUL bytes counted as valid characters: for many
 * NUL-terminated strings side by side (a snapshot's blob), checked in one
 * pass, 32 bytes at a time where they are ASCII (a sequence cannot span a
 * NUL, which is never a continuation byte, so each string is valid UTF-8
 * exactly when the whole is). */
size_t text_utf8_valid_nul(const char *s, size_t n);
/* The length of the longest prefix of s[0..n) that is printable ASCII
 * (0x20 to 0x7E), eight bytes at a time: the run that sanitizing, escaping
 * and folding copy as it is. */
size_t text_printable_run(const char *s, size_t n);
/* The characters of s[0..n): its bytes that are not UTF-8 continuation
 * bytes (10xxxxxx), as positions count them. */
size_t text_utf8_chars(const char *s, size_t n);
/* Character boundaries in UTF-8 text s (continuation bytes skipped): the
 * start of the character before byte i (0 at 0), and of the one after
 * the character at byte i, at most n. For a cursor in a line, a cut
 * between characters. A continuation byte that no lead byte claims (bytes
 * that are not UTF-8, such as Latin-1) is a character of its own. */
size_t text_char_before(const char *s, size_t i);
size_t text_char_after(const char *s, size_t n, size_t i);
/* The same by grapheme clusters (text_cluster) of s[0..n): the start of
 * the cluster before byte i, and of the one after the cluster at i, for
 * a cursor that moves over what a person sees as one character (an
 * emoji with its skin tone, a letter and its accents). i is a cluster's
 * start, or is taken back to the one it is in. */
size_t text_cluster_before(const char *s, size_t n, size_t i);
size_t text_cluster_after(const char *s, size_t n, size_t i);
/* s[0..n) without the white space at its start and end: ASCII blanks
 * (space, tab, CR, LF) and Unicode's other spaces (category Zs: U+00A0
 * no-break space, U+1680, U+2000 to U+200A, U+202F, U+205F, U+3000),
 * which a feed's title may end in unseen. Returns the length left; *s
 * moves past the leading ones. */
size_t text_trim(const char **s, size_t n);

/* s[0..n) written to dst with every CR LF and lone CR one LF (how text
 * from files is stored); returns the bytes written, at most n. dst may be
 * s. */
size_t text_lf(char *dst, const char *s, size_t n);

enum text_flags {
	TEXT_KEEP_NEWLINE = 1 << 0, /* line breaks as '\n' (otherwise a space) */
	TEXT_KEEP_TAB = 1 << 1,     /* keep '\t' (otherwise a space) */
};

/* Zeros that follow a text PCRE2 matches, which its JIT reads past the
 * subject's end (a 16-byte load at most, 10.42): the highlighting's texts
 * (text_sanitize, fold_strip); an arena's strings have theirs (arena.h). */
enum { TEXT_PAD = 32 };

/* A copy of s[0..n) the caller frees, in which every control character
 * (C0 other than those kept by flags, DEL, C1), every whole escape
 * sequence (ESC [ ... final, ESC ] ... BEL/ST, 8-bit CSI/OSC/DCS ...) and
 * every invisible format character that reorders or hides text (the bidi
 * controls U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C; zero-width
 * spaces, word joiners, BOM, tag characters...) is replaced by U+FFFD, as
 * is every invalid byte. A line break (LF, CR LF, a lone CR, U+2028,
 * U+2029) becomes one '\n' with TEXT_KEEP_NEWLINE, else one space.
 * This is the one place that makes text from a file safe for a terminal.
 * The copy is followed by TEXT_PAD zeros after its NUL. */
char *text_sanitize(const char *s, size_t n, int flags);
/* text_sanitize() into dst, which has room for 3 * n bytes (every input
 * byte yields at most 3): returns the bytes written, without a NUL. For a
 * writer that reuses one buffer (the export). */
size_t text_sanitize_into(char *dst, const char *s, size_t n, int flags);
/* True when s[0..n) needs no change by text_sanitize(s, n, flags). */
bool text_is_clean(const char *s, size_t n, int flags);
/* True for a code point text_sanitize() replaces: a control character or
 * an invisible format character that reorders or hides text. Writers of
 * escaped text (sked convert's YAML) escape these rather than replace
 * them. */
bool text_is_unsafe(uint32_t cp);

/* The name of names[0..n) closest to word by edit distance (letters
 * wrong, missing, added or two swapped; ASCII caseless), when close enough
 * to be a likely typing mistake; else NULL. For "did you mean": a file's
 * key, a command's name. */
const char *text_suggest(const char *word, const char *const *names, size_t n);

/* Widths follow what current terminals do: text is cut into extended
 * grapheme clusters (Unicode, utf8proc), and a cluster takes the columns
 * of its characters (utf8proc_charwidth: 0 for combining marks and other
 * zero-width characters, 2 for wide ones such as CJK and emoji, else 1;
 * but 1 for a spacing mark, such as the vowel sign of "हि", as the C
 * library's wcwidth, curses and tmux count it),
 * with emoji sequences counted as the one picture they show: a cluster
 * on an Extended_Pictographic base with VS16, a skin-tone modifier or a
 * ZWJ takes 2 columns, and so does a flag (two regional indicators). A
 * control character counts 1 (text_sanitize shows it as U+FFFD), as does
 * an invalid byte. No locale is needed. */
int text_cp_width(uint32_t cp);
/* The grapheme cluster at the start of s[0..n) (n > 0): its length in
 * bytes; *cols gets its columns and *emoji (may be NULL) whether it is an
 * emoji sequence (above), which terminals draw as one picture. */
size_t text_cluster(const char *s, size_t n, int *cols, bool *emoji);
/* Columns of s[0..n). */
int text_width(const char *s, size_t n);
/* The longest prefix of s[0..n) that fits in `width` columns. It never
 * splits a grapheme cluster (a character and its combining marks, an
 * emoji sequence, a flag). Returns its length in bytes; *cols (may be
 * NULL) gets its width. */
size_t text_fit(const char *s, size_t n, int width, int *cols);

/* One line of wrapped text: s[off..off+len) shown after `indent` spaces. */
struct text_line {
	size_t off, len;
	int indent;
};

/* Wraps text into lines of at most `width` columns. Line breaks in s are
 * kept (so are blank lines between paragraphs); long lines break at spaces
 * (or anywhere if a word is longer than the width); a line starting with
 * "- " (after any indentation) is a list item whose continuation lines
 * hang under its text. Returns the number of lines; *lines is an array the
 * caller frees. */
size_t text_wrap(const char *s, int width, struct text_line **lines);

#endif
