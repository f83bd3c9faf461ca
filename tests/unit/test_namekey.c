/* Unit tests for namekey: names that one file system or another takes for
 * the same name get one key, names that differ keep different keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/namekey.h"

static int same_key(const char *a, const char *b)
{
	char *x = namekey(a), *y = namekey(b);
	int same = strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

static void test_case_is_ignored(void **state)
{
	(void)state;
	assert_true(same_key("Data/README.txt", "data/readme.txt"));
	assert_true(same_key("ÅÄÖ", "åäö"));
	assert_true(same_key("ŁÓDŹ", "łódź"));
	assert_true(same_key("ΑΒΓ", "αβγ"));
	assert_true(same_key("ЖЁ", "жё"));
	assert_true(same_key("Ÿ", "ÿ"));
	/* Letters outside the ranges an ASCII or Latin-1 fold would know. */
	assert_true(same_key("\xE2\x84\xAA.txt", "k.txt"));  /* KELVIN SIGN */
	assert_true(same_key("\xE2\x84\xAB.txt", "å.txt"));  /* ANGSTROM SIGN */
	assert_true(same_key("Ǆ", "ǆ"));
	assert_true(same_key("ԱԲ", "աբ")); /* Armenian */
}

static void test_composition_is_ignored(void **state)
{
	(void)state;
	assert_true(same_key("\xC3\xA5.txt", "a\xCC\x8A.txt"));   /* å, a + ring */
	assert_true(same_key("\xC3\x85.txt", "a\xCC\x8A.txt"));   /* Å, a + ring */
	assert_true(same_key("o\xCC\x88\xCC\xA3", "o\xCC\xA3\xCC\x88")); /* marks in either order */
}

static void test_different_names_stay_apart(void **state)
{
	(void)state;
	assert_false(same_key("a.txt", "b.txt"));
	assert_false(same_key("å.txt", "a.txt"));
	assert_false(same_key("ä.txt", "å.txt"));
	assert_false(same_key("×÷", "xx"));
	assert_false(same_key("fil", "fil "));
}

static void test_invalid_utf8_is_its_own_key(void **state)
{
	(void)state;
	char *bad = namekey("A\xff");
	assert_string_equal(bad, "A\xff");
	free(bad);
	assert_false(same_key("A\xff", "a\xff"));
	char *empty = namekey("");
	assert_string_equal(empty, "");
	free(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_is_ignored),
		cmocka_unit_test(test_composition_is_ignored),
		cmocka_unit_test(test_different_names_stay_apart),
		cmocka_unit_test(test_invalid_utf8_is_its_own_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
