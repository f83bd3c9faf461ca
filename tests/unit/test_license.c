#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "material/license.h"

static void expect(const char *name, const char *spdx, const char *url)
{
	char *s = (char *)"x", *u = (char *)"x";
	int known = license_lookup(name, &s, &u);
	if (!spdx) {
		assert_int_equal(known, 0);
		assert_null(s);
		assert_null(u);
		return;
	}
	assert_int_equal(known, 1);
	assert_string_equal(s, spdx);
	assert_string_equal(u, url);
	free(s);
	free(u);
}

static void test_creative_commons(void **state)
{
	(void)state;
	expect("CC BY-SA 4.0", "CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/");
	expect("CC BY 2.5", "CC-BY-2.5", "https://creativecommons.org/licenses/by/2.5/");
	expect("CC BY-NC-ND 3.0", "CC-BY-NC-ND-3.0", "https://creativecommons.org/licenses/by-nc-nd/3.0/");
	/* Version 1.0 of this one was published under another path. */
	expect("CC BY-NC-ND 1.0", "CC-BY-NC-ND-1.0", "https://creativecommons.org/licenses/by-nd-nc/1.0/");
	expect("CC0", "CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/");
	expect("CC0 1.0", "CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/");
}

static void test_unknown(void **state)
{
	(void)state;
	expect("CC BY-SA 5.0", NULL, NULL);
	expect("CC BY-XY 4.0", NULL, NULL);
	expect("cc by-sa 4.0", NULL, NULL);
	expect("CC BY-SA", NULL, NULL);
	expect("Egen licens", NULL, NULL);
	expect(NULL, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_creative_commons),
		cmocka_unit_test(test_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
