/* Unit tests for markdown: cmark's smart punctuation, except that runs of
 * hyphens standing between no words keep their hyphens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "material/markdown.h"

/* The text of the parsed document: literals of text and code, a soft
 * break as "\n", blocks separated by "|". */
static char *text_of(const char *md)
{
	cmark_node *root = markdown_parse(md, strlen(md));
	buf out;
	buf_init(&out);
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
			buf_puts(&out, cmark_node_get_literal(n));
		else if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_SOFTBREAK)
			buf_puts(&out, "\n");
		else if (ev == CMARK_EVENT_EXIT && t == CMARK_NODE_PARAGRAPH)
			buf_puts(&out, "|");
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	return buf_detach(&out, NULL);
}

#define assert_text(md, want)                     \
	do {                                      \
		char *got_ = text_of(md);         \
		assert_string_equal(got_, want);  \
		free(got_);                       \
	} while (0)

static void test_dashes_between_words(void **state)
{
	(void)state;
	assert_text("1990--1995\n", "1990\xE2\x80\x93" "1995|");
	assert_text("ja -- nej\n", "ja \xE2\x80\x93 nej|");
	assert_text("ja --- nej\n", "ja \xE2\x80\x94 nej|");
	assert_text("*ja* -- nej\n", "ja \xE2\x80\x93 nej|");
	assert_text("\"citat\" -- sade hon\n", "\xE2\x80\x9C" "citat\xE2\x80\x9D \xE2\x80\x93 sade hon|");
	assert_text("ord --\nord\n", "ord \xE2\x80\x93\nord|");
}

static void test_hyphens_between_no_words(void **state)
{
	(void)state;
	assert_text("| a | b |\n|---|---|\n| 1 | 2 |\n", "| a | b |\n|---|---|\n| 1 | 2 ||");
	assert_text("text ---\n", "text ---|");
	assert_text("-- inledning\n", "-- inledning|");
	assert_text("a\n\n+--+--+\n", "a|+--+--+|");
	/* the smart punctuation around them is kept */
	assert_text("|---| \"x\" ...\n", "|---| \xE2\x80\x9Cx\xE2\x80\x9D \xE2\x80\xA6|");
}

static void test_escaped_and_code_untouched(void **state)
{
	(void)state;
	assert_text("a \\-\\- b\n", "a -- b|");
	assert_text("`|---|` och `a--b`\n", "|---| och a--b|");
	assert_text("Tre---fyra\n", "Tre\xE2\x80\x94" "fyra|");
	assert_text("inga streck alls\n", "inga streck alls|");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dashes_between_words),
		cmocka_unit_test(test_hyphens_between_no_words),
		cmocka_unit_test(test_escaped_and_code_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
