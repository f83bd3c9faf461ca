/* Unit tests for blocks_code_break: where a code line too long for the
 * measure is cut (issue 17, point 7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "typeset/blocks.h"

/* The first piece of s when cut for cols columns. */
static char first_piece[256];

static const char *cut(const char *s, size_t cols)
{
	size_t at = blocks_code_break(s, strlen(s), cols);
	assert_true(at <= strlen(s));
	memcpy(first_piece, s, at);
	first_piece[at] = '\0';
	return first_piece;
}

static void test_a_line_that_fits_is_whole(void **state)
{
	(void)state;
	assert_string_equal(cut("short/line", 10), "short/line");
	assert_string_equal(cut("short", 20), "short");
	assert_string_equal(cut("", 8), "");
	/* Characters count, not bytes: ten of them, sixteen bytes. */
	assert_string_equal(cut("\xC3\xA5\xC3\xA4\xC3\xB6\xC3\xA5\xC3\xA4\xC3\xB6" "abcd", 10),
			    "\xC3\xA5\xC3\xA4\xC3\xB6\xC3\xA5\xC3\xA4\xC3\xB6" "abcd");
}

static void test_breaks_after_the_last_point_that_fits(void **state)
{
	(void)state;
	assert_string_equal(cut("cp /srv/material/exercises/file.png", 20), "cp /srv/material/");
	assert_string_equal(cut("first_second_third_fourth", 15), "first_second_");
	assert_string_equal(cut("heja.material.exercises.step", 16), "heja.material.");
	assert_string_equal(cut("--long-option-name value", 16), "--long-option-");
	assert_string_equal(cut("kurs, datum, plats", 12), "kurs, datum,");
	assert_string_equal(cut("words and more words", 12), "words and ");
	/* The point may be the last column itself. */
	assert_string_equal(cut("abcdefghi/jklmnop", 10), "abcdefghi/");
	/* The point would be the eleventh column: none is in reach. */
	assert_string_equal(cut("abcdefghij/klmnop", 10), "abcdefghij");
}

static void test_a_point_too_far_back_is_not_taken(void **state)
{
	(void)state;
	/* Ten columns: a point after the fourth character is 40% in, and taken;
	 * one after the third is not, and the line is cut at the column. */
	assert_string_equal(cut("abc/efghijklmnop", 10), "abc/");
	assert_string_equal(cut("ab/defghijklmnop", 10), "ab/defghij");
	assert_string_equal(cut("x = abcdefghijklmnopqrstuvwxyz", 20), "x = abcdefghijklmnop");
}

static void test_no_point_cuts_at_the_column(void **state)
{
	(void)state;
	assert_string_equal(cut("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 8), "ABCDEFGH");
	/* Exactly eight characters of two bytes each. */
	assert_string_equal(cut("\xC3\xA5\xC3\xA4\xC3\xB6\xC3\xA5\xC3\xA4\xC3\xB6\xC3\xA5\xC3\xA4\xC3\xB6", 8),
			    "\xC3\xA5\xC3\xA4\xC3\xB6\xC3\xA5\xC3\xA4\xC3\xB6\xC3\xA5\xC3\xA4");
	/* A multi-byte character before a point: the cut lands after the point. */
	assert_string_equal(cut("f\xC3\xB6rh\xC3\xA5llanden/i/st\xC3\xA4" "der", 15),
			    "f\xC3\xB6rh\xC3\xA5llanden/i/");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_line_that_fits_is_whole),
		cmocka_unit_test(test_breaks_after_the_last_point_that_fits),
		cmocka_unit_test(test_a_point_too_far_back_is_not_taken),
		cmocka_unit_test(test_no_point_cuts_at_the_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
