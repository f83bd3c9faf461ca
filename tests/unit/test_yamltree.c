/* Unit tests for yamltree: the tree and its positions (in the file, with the
 * front matter's offset applied, columns in characters), and the strictness
 * promised by the header: aliases refused (quickly, even as an alias bomb),
 * one document only, nesting capped, NUL refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/util.h"
#include "material/yamltree.h"



static yt_node *parse(const char *text, unsigned first_line)
{
	return yt_parse(text, strlen(text), "doc.md", first_line);
}

static void assert_node(const yt_node *n, yt_kind kind, unsigned line, unsigned col, const char *value)
{
	assert_non_null(n);
	assert_int_equal(n->kind, kind);
	assert_int_equal(n->line, line);
	assert_int_equal(n->col, col);
	if (value)
		assert_string_equal(n->value, value);
}

static void test_mapping_positions_include_offset(void **state)
{
	(void)state;
	/* The YAML starts on file line 2, after the opening ---. */
	yt_node *root = parse("id: alfa\ntitle: \"Alfa\"\nmaterials:\n  - papper\n  - 'pennor'\nphases: {borja: 5}\n", 2);
	assert_node(root, YT_MAPPING, 2, 1, NULL);
	assert_int_equal(root->nitems, 8);
	assert_node(root->items[0], YT_SCALAR, 2, 1, "id");
	assert_node(root->items[1], YT_SCALAR, 2, 5, "alfa");
	assert_node(root->items[2], YT_SCALAR, 3, 1, "title");
	assert_node(root->items[3], YT_SCALAR, 3, 8, "Alfa");
	const yt_node *list = root->items[5];
	assert_node(list, YT_SEQUENCE, 5, 3, NULL);
	assert_int_equal(list->nitems, 2);
	assert_node(list->items[0], YT_SCALAR, 5, 5, "papper");
	assert_node(list->items[1], YT_SCALAR, 6, 5, "pennor");
	const yt_node *phases = root->items[7];
	assert_node(phases, YT_MAPPING, 7, 9, NULL);
	assert_node(phases->items[0], YT_SCALAR, 7, 10, "borja");
	assert_node(phases->items[1], YT_SCALAR, 7, 17, "5");
	assert_int_equal(messages.len, 0);
	yt_free(root);
}

static void test_plain_flag_tells_quoted_from_unquoted(void **state)
{
	(void)state;
	yt_node *root = parse("a: 12\nb: \"12\"\nc: '12'\nd: true\ne: |\n  text\n", 1);
	assert_non_null(root);
	assert_int_equal(root->nitems, 10);
	assert_true(root->items[1]->plain);
	assert_false(root->items[3]->plain);
	assert_false(root->items[5]->plain);
	assert_true(root->items[7]->plain);
	assert_false(root->items[9]->plain);
	assert_string_equal(root->items[9]->value, "text\n");
	/* libyaml resolves no types: a plain 12 is the text "12". */
	assert_string_equal(root->items[1]->value, "12");
	yt_free(root);
}

static void test_columns_count_characters_not_bytes(void **state)
{
	(void)state;
	/* Å, ä and ö take two bytes each; an editor shows "x" in column 10. */
	yt_node *root = parse("t: [Åäö, x]\n", 1);
	assert_non_null(root);
	assert_node(root->items[1]->items[1], YT_SCALAR, 1, 10, "x");
	yt_free(root);
}

static void test_empty_document_is_empty_mapping(void **state)
{
	(void)state;
	const char *texts[] = { "", "\n\n", "# only a comment\n" };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		yt_node *root = parse(texts[i], 2);
		assert_non_null(root);
		assert_int_equal(root->kind, YT_MAPPING);
		assert_int_equal(root->nitems, 0);
		yt_free(root);
	}
	assert_int_equal(messages.len, 0);
	assert_int_equal(diag_error_count(), 0);
}

static void test_alias_is_refused_at_its_position(void **state)
{
	(void)state;
	yt_node *root = parse("a: &x 1\nb: *x\n", 2);
	assert_null(root);
	assert_string_equal(messages.data, "doc.md:3:4: error: YAML aliases (*name) are not allowed in front matter\n");
	assert_int_equal(diag_error_count(), 1);
	assert_int_equal(diag_exit_status(), EXIT_INPUT);
}

static void test_alias_bomb_is_refused_quickly(void **state)
{
	(void)state;
	/* "Billion laughs": expanded, 9^9 strings. */
	buf bomb;
	buf_init(&bomb);
	buf_puts(&bomb, "l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
	for (int level = 1; level <= 9; level++) {
		buf_printf(&bomb, "l%d: &l%d [", level, level);
		for (int k = 0; k < 9; k++)
			buf_printf(&bomb, "%s*l%d", k ? ", " : "", level - 1);
		buf_puts(&bomb, "]\n");
	}
	clock_t start = clock();
	yt_node *root = yt_parse(bomb.data, bomb.len, "bomb.md", 2);
	double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
	assert_null(root);
	assert_true(seconds < 0.5);
	/* The first alias: line 2 of the YAML, after "l1: &l1 [". */
	assert_string_equal(messages.data,
			    "bomb.md:3:10: error: YAML aliases (*name) are not allowed in front matter\n");
	buf_free(&bomb);
}

static void test_second_document_is_refused(void **state)
{
	(void)state;
	yt_node *root = parse("a: 1\n---\nb: 2\n", 2);
	assert_null(root);
	assert_string_equal(messages.data, "doc.md:3:1: error: only one YAML document is allowed in front matter\n");
}

static void test_nesting_is_capped(void **state)
{
	(void)state;
	buf deep;
	buf_init(&deep);
	buf_puts(&deep, "a: ");
	for (int i = 0; i < 40; i++)
		buf_putc(&deep, '[');
	for (int i = 0; i < 40; i++)
		buf_putc(&deep, ']');
	yt_node *root = yt_parse(deep.data, deep.len, "deep.md", 1);
	assert_null(root);
	assert_non_null(strstr(messages.data, "deep.md:1:"));
	assert_non_null(strstr(messages.data, ": error: YAML nested too deeply\n"));
	buf_free(&deep);

	/* Ten levels are fine. */
	buf_clear(&messages);
	yt_node *ok = parse("a: [[[[[[[[[[x]]]]]]]]]]\n", 1);
	assert_non_null(ok);
	assert_int_equal(messages.len, 0);
	yt_free(ok);
}

static void test_nul_in_value_is_refused(void **state)
{
	(void)state;
	yt_node *root = parse("title: ok\nb: \"x\\0y\"\n", 2);
	assert_null(root);
	assert_string_equal(messages.data, "doc.md:3:4: error: NUL character in a YAML value\n");
}

static void test_syntax_errors_carry_a_position(void **state)
{
	(void)state;
	yt_node *root = parse("a: b: c\n", 2);
	assert_null(root);
	assert_string_equal(messages.data, "doc.md:2:5: error: YAML: mapping values are not allowed in this context\n");

	buf_clear(&messages);
	root = parse("title: x\nmaterials: [papper, pennor\n", 2);
	assert_null(root);
	assert_string_equal(messages.data, "doc.md:4:1: error: YAML: did not find expected ',' or ']' at 4:1, "
					   "in the flow sequence that starts at 3:12\n");
}

/* An unclosed construct is named by where it starts, not only where libyaml
 * gave up on it. */
static void test_syntax_errors_name_where_the_construct_starts(void **state)
{
	(void)state;
	assert_null(parse("id: x\ncontact: {name: a,\n  email: b\nlead: c\n", 2));
	assert_string_equal(messages.data, "doc.md:5:5: error: YAML: did not find expected ',' or '}' at 5:5, "
					   "in the flow mapping that starts at 3:10\n");

	buf_clear(&messages);
	assert_null(parse("a: 'open\nb: 2\n", 2));
	assert_string_equal(messages.data, "doc.md:4:1: error: YAML: found unexpected end of stream at 4:1, "
					   "in the quoted scalar that starts at 2:4\n");

	/* A missing closing quote that another quote closes: the error comes
	 * later, so the message points back at the quote that ran on. */
	buf_clear(&messages);
	assert_null(parse("a: \"open\nb: \"2\"\n", 2));
	assert_string_equal(messages.data, "doc.md:3:5: error: YAML: did not find expected key at 3:5, "
					   "in the block mapping that starts at 2:1; the quoted text that starts at 2:4 "
					   "runs on to 3:4: is its closing quote missing?\n");

	buf_clear(&messages);
	assert_null(parse("a: &\n", 2));
	assert_string_equal(messages.data, "doc.md:2:5: error: YAML: did not find expected alphabetic or numeric "
					   "character at 2:5, in the anchor that starts at 2:4\n");
}

static void test_duplicate_keys_are_kept_and_get_finds_the_first(void **state)
{
	(void)state;
	yt_node *root = parse("a: 1\nb: 2\na: 3\n", 1);
	assert_non_null(root);
	assert_int_equal(root->nitems, 6);
	const yt_node *a = yt_get(root, "a");
	assert_non_null(a);
	assert_string_equal(a->value, "1");
	assert_string_equal(yt_get(root, "b")->value, "2");
	assert_null(yt_get(root, "c"));
	/* yt_get on anything but a mapping gives NULL. */
	assert_null(yt_get(root->items[1], "a"));
	assert_null(yt_get(NULL, "a"));
	yt_free(root);
}

static void test_sequence_root_and_scalar_root(void **state)
{
	(void)state;
	yt_node *seq = parse("- a\n- b\n", 2);
	assert_node(seq, YT_SEQUENCE, 2, 1, NULL);
	assert_int_equal(seq->nitems, 2);
	assert_node(seq->items[1], YT_SCALAR, 3, 3, "b");
	yt_free(seq);
	yt_node *scalar = parse("just text\n", 5);
	assert_node(scalar, YT_SCALAR, 5, 1, "just text");
	yt_free(scalar);
	yt_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mapping_positions_include_offset, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_plain_flag_tells_quoted_from_unquoted, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_columns_count_characters_not_bytes, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_empty_document_is_empty_mapping, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_alias_is_refused_at_its_position, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_alias_bomb_is_refused_quickly, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_second_document_is_refused, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_nesting_is_capped, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_nul_in_value_is_refused, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_syntax_errors_carry_a_position, capture_on, capture_off),
		cmocka_unit_test_setup_teardown(test_syntax_errors_name_where_the_construct_starts, capture_on,
						capture_off),
		cmocka_unit_test_setup_teardown(test_duplicate_keys_are_kept_and_get_finds_the_first, capture_on,
						capture_off),
		cmocka_unit_test_setup_teardown(test_sequence_root_and_scalar_root, capture_on, capture_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
