/* Unit tests of html: feed HTML (FOSDEM, Indico) as readable text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sked/html.h"

static void
expect_text(const char *html, const char *want)
{
	char *got = html_to_text(html, strlen(html));
	assert_string_equal(got, want);
	free(got);
}

static void
test_markup_detection(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"<p>Hello</p>", "a<br>b", "a<br/>b", "<a href=\"x\">y</a>",
		"x</p>", "Fish &amp; chips", "&#8212;", "<li>\nitem",
		"<P CLASS='x'>y", "a <i>b</i> c", "&#x2014;",
		"<a href=x rel=me>y</a>", "Use `<p>` and <em>this</em>",
	};
	/* Words in angle brackets that are no HTML element, a tag-like
	 * thing that is no tag, Markdown code spans, script or style alone,
	 * entities that are none: text, left alone. */
	static const char *const no[] = {
		"a < b and c > d", "plain text", "Markdown **bold** and _it_",
		"<https://example.org/>", "AT&T", "x & y;", "1<2",
		"Use Vec<T> and Option<String>", "a<b and c>d",
		"<insert old man jells at cloud meme>", "Markdown `<script>` tag",
		"<script>x</script>", "<style>p{}</style>", "`<br>` and ``<p>``",
		"&nosuch;", "<p", "<a href=\"x>y", "<i am here>", "<o:p>",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(html_is_markup(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(html_is_markup(no[i], strlen(no[i])));
}

static void
test_paragraphs_and_breaks(void **state)
{
	(void)state;
	expect_text("<p>One\n  two</p><p>Three</p>", "One two\n\nThree");
	expect_text("a<br>b<br><br>c<br><br><br>d", "a\nb\n\nc\n\nd");
	expect_text("  <div><p> x </p></div>  ", "x");
	expect_text("<h2>Title</h2>Body", "Title\n\nBody");
	expect_text("<b>bold</b> <i>it</i>", "bold it");
}

static void
test_lists(void **state)
{
	(void)state;
	expect_text("<p>Topics:</p><ul><li>one</li><li>two</li></ul><p>End</p>",
		    "Topics:\n\n- one\n- two\n\nEnd");
	expect_text("<ol><li>first</li><li>second</li></ol>",
		    "1. first\n2. second");
	/* A list inside an item is indented under it (FOSDEM's "WebRTC
	 * broken down to 4 parts" read as a sibling of its own parts). */
	expect_text("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
		    "- a\n  - b\n- c");
	/* Each list counts its own items; one inside an item of a numbered
	 * list is indented under that item's text. */
	expect_text("<ol><li>a<ol><li>x</li><li>y</li></ol></li><li>b</li></ol>"
		    "<ol><li>c</li></ol>",
		    "1. a\n   1. x\n   2. y\n2. b\n\n1. c");
	/* An item's text after a list inside it, or after a break, lines up
	 * under its first line (it read as a paragraph of its own). */
	expect_text("<ul><li>Item one<ul><li>Sub a</li><li>Sub b</li></ul>"
		    "rest of item one</li><li>Item two</li></ul>",
		    "- Item one\n  - Sub a\n  - Sub b\n  rest of item one\n"
		    "- Item two");
	expect_text("<ol><li><p>One</p><p>Two</p></li><li>x<br>y</li></ol>"
		    "<p>After</p>",
		    "1. One\n   Two\n2. x\n   y\n\nAfter");
	/* A <pre> in an item: every line under the item's text, its own
	 * indentation kept (a blank line of it stays empty). */
	expect_text("<ul><li>a<pre>def f():\n    return 1\n\n  x</pre>"
		    "after</li></ul>",
		    "- a\n  def f():\n      return 1\n\n    x\n  after");
	/* A link of no text after a list: where its own item puts it (none
	 * here), not under the last item's text. */
	expect_text("<ul><li>a<ul><li>b</li></ul></li></ul>"
		    "<a href=\"http://x.org/\"></a>",
		    "- a\n  - b\n\n(http://x.org/)");
	/* Six levels of indentation at most. */
	expect_text("<ul><li>1<ul><li>2<ul><li>3<ul><li>4<ul><li>5<ul><li>6"
		    "<ul><li>7<ul><li>8</li></ul></li></ul></li></ul></li></ul>"
		    "</li></ul></li></ul></li></ul></li></ul>",
		    "- 1\n  - 2\n    - 3\n      - 4\n        - 5\n"
		    "          - 6\n            - 7\n            - 8");
	/* 100,000 items: numbered to the last (tests/check-bad.sh gives
	 * them a time limit through the CLI). */
	size_t items = 100000;
	char *ol = malloc(items * 10 + 16), *p = ol;
	p += sprintf(p, "<ol>");
	for (size_t i = 0; i < items; i++)
		p += sprintf(p, "<li>x</li>");
	strcpy(p, "</ol>");
	char *got = html_to_text(ol, strlen(ol));
	assert_non_null(strstr(got, "\n99999. x\n100000. x"));
	assert_string_equal(got + strlen(got) - 10, "\n100000. x");
	free(got);
	free(ol);
}

static void
test_links_and_entities(void **state)
{
	(void)state;
	expect_text("See <a href=\"https://lpc.events/\">the site</a>.",
		    "See the site (https://lpc.events/).");
	expect_text("<a href=\"https://x.org/\">https://x.org/</a>",
		    "https://x.org/");
	expect_text("<a href=\"mailto:a@b.org\">a@b.org</a>", "a@b.org");
	/* Only web and mail addresses are kept, never script. */
	expect_text("<a href=\"javascript:alert(1)\">click</a>", "click");
	expect_text("Fish &amp; chips &#8212; &eacute;t&eacute; &lt;3",
		    "Fish & chips \xe2\x80\x94 \xc3\xa9t\xc3\xa9 <3");
}

/* Markdown and plain text, with an entity or an inline tag or two, keep
 * their line breaks and every word in angle brackets that is no HTML. */
static void
test_markdown_and_plain_text(void **state)
{
	(void)state;
	expect_text("Use Vec<T> and Option<String>\n\n- a\n- b",
		    "Use Vec<T> and Option<String>\n\n- a\n- b");
	expect_text("a<b and c>d", "a<b and c>d");
	expect_text("Rock &amp; more\n\n* a\n* b", "Rock & more\n\n* a\n* b");
	expect_text("Markdown `<script>` tag and <i>more</i>\n\n- x",
		    "Markdown `<script>` tag and more\n\n- x");
	expect_text("Use ``<p>`` and <b>bold</b>\nnext",
		    "Use ``<p>`` and bold\nnext");
	expect_text("nach. <insert old man jells at cloud meme> <i>x</i>",
		    "nach. <insert old man jells at cloud meme> x");
	/* CR LF paragraphs around inline tags (36C3's abstracts); the
	 * indentation of a line is kept. */
	expect_text("One <i>it</i>.\r\n\r\n<b>Two</b>\r\n  three\r\n",
		    "One it.\n\nTwo\n  three");
	/* A <br> at the end of a line is that line's break. */
	expect_text("one <br>\r\ntwo<br>\r\n\r\nthree<br>four",
		    "one\ntwo\n\nthree\nfour");
	/* Script is dropped only from a text that is HTML, and only when it
	 * is closed: else nothing after it would be left. */
	expect_text("&amp; <script>alert(1)</script>",
		    "& <script>alert(1)</script>");
	expect_text("<p>The <script> tag</p>", "The <script> tag");
	expect_text("<p>a <!-- b</p>", "a <!-- b");
	expect_text("<p>x</p><p>a</b and c></p>", "x\n\na</b and c>");
}

/* HTML keeps a blank line of its source as a paragraph break outside its
 * lists and tables (36C3's "about.<br>\r\n\r\nThe following:<ul>");
 * backticks mean nothing in it. */
static void
test_html_with_blank_lines(void **state)
{
	(void)state;
	expect_text("<p>x</p>\n\nplain\nwrapped\n\nmore<ul>\n\n<li>a</li>\n\n"
		    "<li>b\n\nc</li></ul>",
		    "x\n\nplain wrapped\n\nmore\n\n- a\n- b\n  c");
	expect_text("<p>```<br>code<br>```</p>", "```\ncode\n```");
	expect_text("<pre>a\r\n  b</pre>", "a\n  b");
}

static void
test_dropped_and_kept(void **state)
{
	(void)state;
	expect_text("<p>ok</p><script>alert(1)</script><style>p{}</style>",
		    "ok");
	expect_text("a<!-- hidden -->b", "ab");
	expect_text("<img src=\"x.png\" alt=\"a diagram\"> here",
		    "a diagram here");
	expect_text("<pre>code\n  indented</pre>after",
		    "code\n  indented\n\nafter");
	expect_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
		    "a b\n\nc");
}

static void
test_hostile(void **state)
{
	(void)state;
	/* Deep nesting costs no stack: the walk does not recurse. Real
	 * nesting is kept; libxml2 stops hostile nesting at its depth
	 * limit (256), dropping what is deeper, without failing. */
	for (size_t depth = 200; depth <= 200000; depth *= 1000) {
		char *deep = malloc(depth * 5 + 16);
		char *p = deep;
		for (size_t i = 0; i < depth; i++, p += 5)
			memcpy(p, "<div>", 5);
		strcpy(p, "deep");
		char *got = html_to_text(deep, strlen(deep));
		if (depth == 200)
			assert_string_equal(got, "deep");
		free(got);
		free(deep);
	}
	/* Markup that never ends, repeated: each '<', backtick run and
	 * comment is looked at in bounded time, or these take hours. */
	static const char *const units[] = {
		"<a x=\"", "<p x='", "<!--", "` ``", "<p><script>",
		"<b and c ", "&amp;`<i x=\"`",
	};
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t len = strlen(units[u]), reps = (1 << 20) / len;
		char *big = malloc(reps * len + 32), *p = big;
		for (size_t i = 0; i < reps; i++, p += len)
			memcpy(p, units[u], len);
		strcpy(p, "\"'-->``</script>");
		(void)html_is_markup(big, strlen(big));
		free(html_to_text(big, strlen(big)));
		free(big);
	}
	/* Not HTML at all, or nothing: still text, never NULL. */
	expect_text("", "");
	expect_text("just text", "just text");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markup_detection),
		cmocka_unit_test(test_paragraphs_and_breaks),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_links_and_entities),
		cmocka_unit_test(test_markdown_and_plain_text),
		cmocka_unit_test(test_html_with_blank_lines),
		cmocka_unit_test(test_dropped_and_kept),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
