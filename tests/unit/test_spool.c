/* Tests for src/base/spool.c: bytes put in come back the same, in any order
 * and in parts; the spool leaves no file in its directory; held-in-memory
 * bytes pass through spool_bytes untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/spool.h"
#include "base/util.h"

static unsigned char *pattern(size_t n, unsigned seed)
{
	unsigned char *d = xmalloc(n ? n : 1);
	for (size_t i = 0; i < n; i++)
		d[i] = (unsigned char)(i * 31 + seed * 7 + (i >> 8));
	return d;
}

static char *scratch(void)
{
	char *dir = xstrdup("/tmp/test_spool.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void test_round_trip(void **state)
{
	(void)state;
	char *dir = scratch();
	char *err = NULL;
	spool *s = spool_open(dir, &err);
	assert_non_null(s);
	/* Unlinked at once: the directory is empty while the spool is open. */
	assert_int_equal(rmdir(dir), 0);
	const size_t sizes[] = { 1, 0, 70000, 4096, 3 };
	enum { N = sizeof sizes / sizeof *sizes };
	unsigned char *data[N];
	spool_ref at[N];
	size_t total = 0;
	for (size_t i = 0; i < N; i++) {
		data[i] = pattern(sizes[i], (unsigned)i);
		assert_int_equal(spool_put(s, data[i], sizes[i], &at[i], &err), 0);
		assert_ptr_equal(at[i].sp, s);
		assert_int_equal(at[i].len, sizes[i]);
		total += sizes[i];
	}
	assert_int_equal(at[N - 1].offset + at[N - 1].len, total); /* side by side, in order */
	for (size_t k = N; k-- > 0;) {
		unsigned char *got = spool_read(at[k], &err);
		assert_non_null(got);
		assert_memory_equal(got, data[k], sizes[k]);
		free(got);
	}
	/* A part from the middle of the big one. */
	unsigned char part[100];
	assert_int_equal(spool_read_part(at[2], 65000, part, sizeof part, &err), 0);
	assert_memory_equal(part, data[2] + 65000, sizeof part);
	/* Past its end is refused, not read from the next one. */
	assert_int_equal(spool_read_part(at[3], 4000, part, sizeof part, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	for (size_t i = 0; i < N; i++)
		free(data[i]);
	spool_close(s);
	free(dir);
}

static void test_bytes_in_memory_are_borrowed(void **state)
{
	(void)state;
	unsigned char *owned = (unsigned char *)"x";
	char *err = NULL;
	const unsigned char mine[] = "in memory";
	assert_ptr_equal(spool_bytes(mine, (spool_ref){ 0 }, &owned, &err), mine);
	assert_null(owned);
	/* Neither in memory nor spooled: empty bytes, not a failure. */
	const unsigned char *none = spool_bytes(NULL, (spool_ref){ 0 }, &owned, &err);
	assert_non_null(none);
	assert_null(owned);
	assert_null(err);
}

static void test_spooled_bytes_are_read(void **state)
{
	(void)state;
	char *dir = scratch();
	char *err = NULL;
	spool *s = spool_open(dir, &err);
	assert_non_null(s);
	spool_ref at;
	assert_int_equal(spool_put(s, "abcdef", 6, &at, &err), 0);
	unsigned char *owned = NULL;
	const unsigned char *got = spool_bytes(NULL, at, &owned, &err);
	assert_non_null(got);
	assert_ptr_equal(got, owned);
	assert_memory_equal(got, "abcdef", 6);
	free(owned);
	spool_close(s);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

static void test_missing_directory_is_made(void **state)
{
	(void)state;
	char *dir = scratch();
	char *deep = xasprintf("%s/a/b", dir);
	char *err = NULL;
	spool *s = spool_open(deep, &err);
	assert_non_null(s);
	spool_close(s);
	assert_int_equal(rmdir(deep), 0);
	char *mid = xasprintf("%s/a", dir);
	assert_int_equal(rmdir(mid), 0);
	assert_int_equal(rmdir(dir), 0);
	free(mid);
	free(deep);
	free(dir);
}

static void test_unusable_directory_is_reported(void **state)
{
	(void)state;
	char *err = NULL;
	spool *s = spool_open("/proc/no-such-dir-for-hejapack", &err);
	assert_null(s);
	assert_non_null(err);
	assert_non_null(strstr(err, "/proc/no-such-dir-for-hejapack"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bytes_in_memory_are_borrowed),
		cmocka_unit_test(test_spooled_bytes_are_read),
		cmocka_unit_test(test_missing_directory_is_made),
		cmocka_unit_test(test_unusable_directory_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
