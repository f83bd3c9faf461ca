#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsutil.h"
#include "base/owned.h"
#include "base/util.h"

static char *make_dir(void)
{
	char tmpl[] = "/tmp/hejapack-owned-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

static void put(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	char *cmd = xasprintf("mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	*slash = '/';
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("x", f);
	fclose(f);
	free(path);
}

static int exists(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);
	struct stat st;
	int ok = lstat(path, &st) == 0;
	free(path);
	return ok;
}

static void rm_rf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(owned_name_ok("katalog.pdf"));
	assert_true(owned_name_ok("handouts/framtid.pdf"));
	const char *bad[] = { "", "/etc/passwd", "../x.pdf", "a/../b", "./a", "a//b", "a/", "a\\b", "a\nb", "a/.." };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (owned_name_ok(bad[i]))
			fail_msg("'%s' accepted", bad[i]);
}

/* The second run removes what only the first wrote, keeps what nobody
 * listed, and empties no directory that still holds something. */
static void test_replace(void **state)
{
	(void)state;
	char *root = make_dir();
	char *dir = xasprintf("%s/pdf", root);
	char *list = xasprintf("%s/list", root);
	char *first[] = { "katalog.pdf", "handouts/a.pdf", "handouts/b.pdf", "deep/er/c.pdf" };
	for (size_t i = 0; i < 4; i++)
		put(dir, first[i]);
	assert_int_equal(owned_replace(dir, list, first, 4), 0); /* no list yet: nothing removed */
	put(dir, "handouts/mine.pdf");
	put(root, "outside.pdf");
	/* A damaged list must not reach outside the tree. */
	FILE *f = fopen(list, "a");
	fputs("../outside.pdf\n/etc/hostname\n", f);
	fclose(f);
	char *second[] = { "katalog.pdf" };
	diag_set_verbosity(1); /* notes too */
	assert_int_equal(owned_replace(dir, list, second, 1), 3);
	diag_set_verbosity(0);
	assert_true(exists(dir, "katalog.pdf"));
	assert_false(exists(dir, "handouts/a.pdf"));
	assert_false(exists(dir, "handouts/b.pdf"));
	assert_true(exists(dir, "handouts/mine.pdf"));
	assert_false(exists(dir, "deep")); /* emptied, so gone */
	assert_true(exists(root, "outside.pdf"));
	assert_non_null(strstr(messages.data, "handouts/a.pdf: note: removed"));
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(fs_slurp(list, &text, &len), 0);
	assert_non_null(strstr(text, "\nkatalog.pdf\n"));
	assert_null(strstr(text, "handouts"));
	free(text);
	/* A third run with the same files removes nothing. */
	assert_int_equal(owned_replace(dir, list, second, 1), 0);
	rm_rf(root);
	free(root);
	free(dir);
	free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_names),
		TEST(test_replace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
