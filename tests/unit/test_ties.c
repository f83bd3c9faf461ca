/* Unit tests for ties: the pairs Swedish practice keeps on one line, and
 * ordinary pairs that stay breakable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "typeset/ties.h"

static tie_strength tied(const char *a, const char *b)
{
	return ties_space(a, strlen(a), b, strlen(b));
}

static void test_pairs_that_stay_together(void **state)
{
	(void)state;
	/* One number's groups and one abbreviation's halves: never parted. */
	static const char *const hard[][2] = {
		{ "3", "573" }, { "573", "324" }, { "4", "454" }, { "454", "300," }, { "t.", "ex." }, { "bl.", "a.," },
	};
	/* Kept unless a line would gape: a unit, a sign or a name and its number. */
	static const char *const soft[][2] = {
		{ "324", "kronor" }, { "45", "minuter" }, { "45", "min." }, { "10", "%" }, { "1,5", "timmar" },
		{ "10\xE2\x80\x93" "15", "min" }, { "20", "deltagare." }, { "\xC2\xA7", "5" }, { "SEK", "4" }, { "nr", "3" },
		{ "kap.", "4" }, { "ca", "30" }, { "CC", "BY-SA" }, { "BY-SA", "4.0" }, { "ISO", "56002" }, { "CC0", "1.0" },
		{ "30", "minutes" },
	};
	for (size_t i = 0; i < sizeof hard / sizeof *hard; i++)
		if (tied(hard[i][0], hard[i][1]) != TIE_HARD)
			fail_msg("'%s %s' is not held firmly", hard[i][0], hard[i][1]);
	for (size_t i = 0; i < sizeof soft / sizeof *soft; i++)
		if (tied(soft[i][0], soft[i][1]) != TIE_SOFT)
			fail_msg("'%s %s' is not a soft tie", soft[i][0], soft[i][1]);
}

static void test_ordinary_spaces_break(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{ "2021", "kom" }, { "att", "vi" }, { "12345", "678" }, { "3,", "573" }, { "45", "kommuner" },
		{ "Det", "var" }, { "idé.", "Sedan" }, { "1", "2" }, { "HEJA", "Innovation" }, { "t.ex.", "en" },
		{ "", "x" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		if (tied(pairs[i][0], pairs[i][1]) != TIE_NONE)
			fail_msg("'%s %s' is kept together", pairs[i][0], pairs[i][1]);
}

static void test_dash_breaks(void **state)
{
	(void)state;
	static const char range[] = "2021\xE2\x80\x93" "2022";
	assert_false(ties_dash_breaks(range, strlen(range), 7, 3));
	assert_false(ties_dash_breaks("2021-02447", 10, 5, 1));
	assert_false(ties_dash_breaks("BY-SA", 5, 3, 1));
	assert_false(ties_dash_breaks("e-post", 6, 2, 1));
	assert_true(ties_dash_breaks("Post-it-lappar", 14, 8, 1));
	assert_true(ties_dash_breaks("SKR-rapporten", 13, 4, 1));
	static const char words[] = "Uppsala\xE2\x80\x93" "Helsingborg";
	assert_true(ties_dash_breaks(words, strlen(words), 10, 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs_that_stay_together),
		cmocka_unit_test(test_ordinary_spaces_break),
		cmocka_unit_test(test_dash_breaks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
