#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"
#include "base/outlock.h"
#include "base/util.h"

static char *make_dir(void)
{
	char tmpl[] = "/tmp/hejapack-outfile-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

/* How many names dir holds besides . and .. */
static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b;
	buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", dir, de->d_name);
		if (rmdir(p) != 0)
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static void test_writes_new_file_with_mode_0644(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *path = xasprintf("%s/out.zip", dir);
	mode_t old = umask(077);
	char *err = NULL;
	assert_int_equal(outfile_write(path, "hello\n", 6, &err), 0);
	umask(old);
	assert_null(err);
	size_t len;
	char *got = slurp(path, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(got, "hello\n", 6);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(count_entries(dir), 1); /* no temporary file left */
	free(got);
	remove_dir(dir);
	free(path);
	free(dir);
}

static void test_replaces_existing_file(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *path = xasprintf("%s/f", dir);
	char *err = NULL;
	assert_int_equal(outfile_write(path, "old content, longer", 19, &err), 0);
	assert_int_equal(outfile_write(path, "new", 3, &err), 0);
	size_t len;
	char *got = slurp(path, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(got, "new", 3);
	/* A relative path (no directory part) works too. */
	char *cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(outfile_write("g", "", 0, &err), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(count_entries(dir), 2);
	free(cwd);
	free(got);
	remove_dir(dir);
	free(path);
	free(dir);
}

/* A write that fails half-way (file size limit: EFBIG) keeps the old file
 * and leaves no temporary behind. Works as root, unlike chmod tricks. */
static void test_failed_write_keeps_old_file(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *path = xasprintf("%s/bundle.zip", dir);
	char *err = NULL;
	assert_int_equal(outfile_write(path, "the previous release", 20, &err), 0);

	size_t big = 1 << 20;
	char *data = xmalloc(big);
	memset(data, 'x', big);
	struct rlimit saved, small = { 65536, 0 };
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small.rlim_max = saved.rlim_max;
	void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	int rc = outfile_write(path, data, big, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
	signal(SIGXFSZ, old_handler);

	assert_int_equal(rc, -1);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, strerror(EFBIG)));
	size_t len;
	char *got = slurp(path, &len);
	assert_int_equal(len, 20);
	assert_memory_equal(got, "the previous release", 20);
	assert_int_equal(count_entries(dir), 1);
	free(err);
	free(got);
	free(data);
	remove_dir(dir);
	free(path);
	free(dir);
}

static void test_rename_failure_removes_temporary(void **state)
{
	(void)state;
	char *dir = make_dir();
	/* The target is a non-empty directory: rename(2) refuses to replace it. */
	char *path = xasprintf("%s/target", dir);
	char *inside = xasprintf("%s/target/keep", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	FILE *f = fopen(inside, "w");
	assert_non_null(f);
	fclose(f);
	char *err = NULL;
	assert_int_equal(outfile_write(path, "data", 4, &err), -1);
	assert_non_null(strstr(err, "rename"));
	struct stat st;
	assert_int_equal(stat(inside, &st), 0);
	assert_int_equal(count_entries(dir), 1);
	free(err);
	unlink(inside);
	remove_dir(dir);
	free(inside);
	free(path);
	free(dir);
}

static void test_missing_directory(void **state)
{
	(void)state;
	char *err = NULL;
	assert_int_equal(outfile_write("/nonexistent-dir/x/out.zip", "a", 1, &err), -1);
	assert_non_null(strstr(err, "/nonexistent-dir/x/out.zip"));
	assert_non_null(strstr(err, strerror(ENOENT)));
	free(err);
}

static void test_commit(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *tmp = xasprintf("%s/tmp", dir);
	char *final = xasprintf("%s/final", dir);
	FILE *f = fopen(tmp, "w");
	fputs("zip bytes", f);
	fclose(f);
	char *err = NULL;
	assert_int_equal(outfile_commit(tmp, final, &err), 0);
	size_t len;
	char *got = slurp(final, &len);
	assert_string_equal(got, "zip bytes");
	assert_int_equal(access(tmp, F_OK), -1);

	f = fopen(tmp, "w");
	fclose(f);
	char *bad = xasprintf("%s/missing/final", dir);
	assert_int_equal(outfile_commit(tmp, bad, &err), -1);
	assert_non_null(err);
	assert_int_equal(access(tmp, F_OK), -1); /* removed on failure */
	free(err);
	free(bad);
	free(got);
	remove_dir(dir);
	free(tmp);
	free(final);
	free(dir);
}

static ino_t inode_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

/* A file that already holds exactly the new bytes, as a plain file of
 * mode 0644, is left as it is (the same inode: nothing renamed over it);
 * other bytes of the same length, or another mode, replace it. */
static void test_same_bytes_left_alone(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *path = xasprintf("%s/out.pdf", dir);
	char *err = NULL;
	assert_int_equal(outfile_write(path, "same bytes", 10, &err), 0);
	ino_t first = inode_of(path);
	assert_int_equal(outfile_write(path, "same bytes", 10, &err), 0);
	assert_true(inode_of(path) == first);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(outfile_write(path, "some bytes", 10, &err), 0);
	ino_t second = inode_of(path);
	assert_true(second != first);
	size_t len;
	char *got = slurp(path, &len);
	assert_int_equal(len, 10);
	assert_memory_equal(got, "some bytes", 10);
	free(got);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(outfile_write(path, "some bytes", 10, &err), 0);
	assert_true(inode_of(path) != second);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);

	/* The same for a file another library wrote: the temporary is dropped. */
	char *tmp = xasprintf("%s/tmp", dir);
	FILE *f = fopen(tmp, "w");
	fputs("some bytes", f);
	fclose(f);
	ino_t third = inode_of(path);
	assert_int_equal(outfile_commit(tmp, path, &err), 0);
	assert_true(inode_of(path) == third);
	assert_int_equal(access(tmp, F_OK), -1);
	f = fopen(tmp, "w");
	fputs("other byte", f);
	fclose(f);
	assert_int_equal(outfile_commit(tmp, path, &err), 0);
	assert_true(inode_of(path) != third);
	got = slurp(path, &len);
	assert_memory_equal(got, "other byte", 10);
	free(got);
	free(tmp);
	remove_dir(dir);
	free(path);
	free(dir);
}

/* Staged files replace the old ones together: an abort (a later write
 * failed) leaves every old file and no temporary; a commit puts all in place. */
static void test_staged_files_replace_together_or_not_at_all(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *a = xasprintf("%s/a", dir), *b = xasprintf("%s/b", dir);
	char *err = NULL;
	assert_int_equal(outfile_write(a, "old a", 5, &err), 0);
	assert_int_equal(outfile_write(b, "old b", 5, &err), 0);

	outfile_stage_begin();
	assert_int_equal(outfile_write(a, "new a", 5, &err), 0);
	size_t len;
	char *got = slurp(a, &len);
	assert_string_equal(got, "old a"); /* not yet in place */
	free(got);
	assert_int_equal(count_entries(dir), 3);
	outfile_stage_abort();
	got = slurp(a, &len);
	assert_string_equal(got, "old a");
	free(got);
	assert_int_equal(count_entries(dir), 2);

	outfile_stage_begin();
	assert_int_equal(outfile_write(a, "new a", 5, &err), 0);
	assert_int_equal(outfile_write(b, "new b", 5, &err), 0);
	assert_int_equal(outfile_stage_commit(&err), 0);
	got = slurp(a, &len);
	assert_string_equal(got, "new a");
	free(got);
	got = slurp(b, &len);
	assert_string_equal(got, "new b");
	free(got);
	assert_int_equal(count_entries(dir), 2);

	/* After the commit, writes go straight to their place again. */
	assert_int_equal(outfile_write(a, "third", 5, &err), 0);
	got = slurp(a, &len);
	assert_string_equal(got, "third");
	free(got);
	remove_dir(dir);
	free(a);
	free(b);
	free(dir);
}

/* The lock on an output directory: a second taker is told it is busy (or
 * waits); the directory is made when missing; a file in its way fails. */
static void test_outlock(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *out = xasprintf("%s/out/deeper", dir);
	char *err = NULL;
	int fd = outlock_take(out, 0, &err);
	assert_true(fd >= 0);
	char *lock = xasprintf("%s/" OUTLOCK_NAME, out);
	assert_int_equal(access(lock, F_OK), 0);
	assert_int_equal(outlock_take(out, 0, &err), OUTLOCK_BUSY);
	outlock_release(fd);
	fd = outlock_take(out, 0, &err);
	assert_true(fd >= 0);
	outlock_release(fd);

	char *file = xasprintf("%s/file", dir);
	FILE *f = fopen(file, "w");
	fclose(f);
	char *below = xasprintf("%s/x", file);
	assert_int_equal(outlock_take(below, 0, &err), OUTLOCK_FAILED);
	assert_non_null(strstr(err, "cannot create directory"));
	assert_non_null(strstr(err, "Not a directory"));
	free(err);
	unlink(lock);
	rmdir(out);
	char *mid = xasprintf("%s/out", dir);
	rmdir(mid);
	remove_dir(dir);
	free(mid);
	free(below);
	free(file);
	free(lock);
	free(out);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_new_file_with_mode_0644),
		cmocka_unit_test(test_replaces_existing_file),
		cmocka_unit_test(test_same_bytes_left_alone),
		cmocka_unit_test(test_failed_write_keeps_old_file),
		cmocka_unit_test(test_rename_failure_removes_temporary),
		cmocka_unit_test(test_missing_directory),
		cmocka_unit_test(test_commit),
		cmocka_unit_test(test_staged_files_replace_together_or_not_at_all),
		cmocka_unit_test(test_outlock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
