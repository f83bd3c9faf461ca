#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include <errno.h>
#include <libgen.h>
#include <time.h>

#include "base/diag.h"
#include "bundle/verify.h"
#include "bundle_fixture.h"

/* Runs verify_bundle, returning its status and (caller frees) its output. */
static int run_verify(const char *path, char **output)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	assert_non_null(mem);
	int rc = verify_bundle(path, mem);
	fclose(mem);
	if (output)
		*output = text;
	else
		free(text);
	return rc;
}

static void expect_problem(const char *path, const char *needle)
{
	char *out;
	int rc = run_verify(path, &out);
	if (rc != 1 || !strstr(out, needle))
		fail_msg("%s: expected status 1 and \"%s\", got %d:\n%s", path, needle, rc, out);
	free(out);
}

static fixture *built_fixture(char **zip_path)
{
	fixture *f = fixture_new();
	buf captured;
	buf_init(&captured);
	diag_capture(&captured);
	int rc = package_write(f->m, f->docs, FIXTURE_DOCS, f->extras, FIXTURE_EXTRAS, &f->opt, f->out_dir);
	diag_capture(NULL);
	buf_free(&captured);
	assert_int_equal(rc, 0);
	*zip_path = fixture_zip_path(f);
	return f;
}

static void write_or_die(const char *path, const void *data, size_t len)
{
	fixture_write(path, data, len);
}

/* Unpacks a ZIP below dir with libzip (names are trusted: our own bundle). */
static void unpack(const char *zip_path, const char *dir)
{
	int err = 0;
	zip_t *za = zip_open(zip_path, ZIP_RDONLY, &err);
	assert_non_null(za);
	for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
		char *path = xasprintf("%s/%s", dir, name);
		for (char *s = strchr(path + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
			*s = '\0';
			mkdir(path, 0755);
			*s = '/';
		}
		size_t len;
		unsigned char *data = fixture_zip_entry(za, name, &len);
		assert_non_null(data);
		write_or_die(path, data, len);
		free(data);
		free(path);
	}
	zip_discard(za);
}

static void test_good_bundle_is_intact(void **state)
{
	(void)state;
	char *zip;
	fixture *f = built_fixture(&zip);
	char *out;
	assert_int_equal(run_verify(zip, &out), 0);
	char *expected = xasprintf("%s: intact: 10 payload files,", zip);
	assert_non_null(strstr(out, expected));
	/* What was checked, what was not, and the summary: three lines. */
	char *checked = xasprintf("%s: checked: ", zip);
	assert_non_null(strstr(out, checked));
	free(checked);
	assert_non_null(strstr(out, "bagit.txt, manifest-sha256.txt, manifest-sha512.txt, tagmanifest-sha256.txt, "
	                            "tagmanifest-sha512.txt, Payload-Oxum, manifest.json (3 documents, 10 files)\n"));
	size_t lines = 0;
	for (const char *c = out; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 3);
	free(expected);
	free(out);
	free(zip);
	fixture_free(f);
}

static void test_missing_path_is_an_io_failure(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(run_verify("/nonexistent/bundle.zip", &out), 3);
	assert_non_null(strstr(out, "/nonexistent/bundle.zip: cannot read: No such file or directory"));
	free(out);
}

static void test_not_a_zip(void **state)
{
	(void)state;
	char *zip;
	fixture *f = built_fixture(&zip);
	char *junk = xasprintf("%s/junk.zip", f->root);
	write_or_die(junk, "this is not a zip file at all\n", 30);
	expect_problem(junk, "not a readable ZIP archive");
	free(junk);
	free(zip);
	fixture_free(f);
}

static void test_sidecar_mismatch(void **state)
{
	(void)state;
	char *zip;
	fixture *f = built_fixture(&zip);
	char *side = xasprintf("%s.sha256", zip);
	write_or_die(side, "0000000000000000000000000000000000000000000000000000000000000000  x.zip\n", 72);
	expect_problem(zip, "the archive's SHA-256 is");
	write_or_die(side, "garbage\n", 8);
	expect_problem(zip, "not a SHA-256 checksum line");
	free(side);
	free(zip);
	fixture_free(f);
}

static void test_unpacked_directory(void **state)
{
	(void)state;
	char *zip;
	fixture *f = built_fixture(&zip);
	char *dir = xasprintf("%s/unpacked", f->root);
	assert_int_equal(mkdir(dir, 0755), 0);
	unpack(zip, dir);
	char *bag = xasprintf("%s/heja-test-1.2.0", dir);
	char *out;
	/* Both the bag directory itself and the directory holding it. */
	assert_int_equal(run_verify(bag, &out), 0);
	assert_non_null(strstr(out, "intact: 10 payload files"));
	free(out);
	char *with_slash = xasprintf("%s/", bag);
	assert_int_equal(run_verify(with_slash, NULL), 0);
	free(with_slash);
	assert_int_equal(run_verify(dir, NULL), 0);

	char *extra = xasprintf("%s/data/ovningar/extra.pdf", bag);
	write_or_die(extra, "%PDF", 4);
	expect_problem(bag, "heja-test-1.2.0/data/ovningar/extra.pdf: not listed in manifest-sha256.txt");
	unlink(extra);

	char *link = xasprintf("%s/data/link.pdf", bag);
	assert_int_equal(symlink("ovningar/behov.pdf", link), 0);
	expect_problem(bag, "heja-test-1.2.0/data/link.pdf: symbolic link");
	unlink(link);

	char *fifo = xasprintf("%s/data/pipe", bag);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	expect_problem(bag, "heja-test-1.2.0/data/pipe: special file");
	unlink(fifo);

	char *pdf = xasprintf("%s/data/ovningar/behov.pdf", bag);
	size_t len;
	unsigned char *data = fixture_read(pdf, &len);
	data[len / 2] ^= 0x20;
	write_or_die(pdf, data, len);
	expect_problem(bag, "heja-test-1.2.0/data/ovningar/behov.pdf: SHA-256 digest does not match");
	data[len / 2] ^= 0x20;
	write_or_die(pdf, data, len);
	assert_int_equal(run_verify(bag, NULL), 0);

	char *second = xasprintf("%s/other", dir);
	assert_int_equal(mkdir(second, 0755), 0);
	expect_problem(dir, "a second top-level directory");

	free(data);
	free(second);
	free(pdf);
	free(fifo);
	free(link);
	free(extra);
	free(bag);
	free(dir);
	free(zip);
	fixture_free(f);
}

typedef struct {
	char *name;
	unsigned char *data;
	size_t len;
} zentry;

static size_t read_entries(const char *path, zentry **out)
{
	int err = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	if (!za)
		return (size_t)-1;
	zip_int64_t n = zip_get_num_entries(za, 0);
	zentry *v = xcalloc((size_t)n + 1, sizeof *v);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		v[i].name = xstrdup(name ? name : "");
		v[i].data = fixture_zip_entry(za, v[i].name, &v[i].len);
	}
	zip_discard(za);
	*out = v;
	return (size_t)n;
}

static void free_entries(zentry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].data);
	}
	free(v);
}

static int same_entries(const zentry *a, size_t na, const zentry *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++) {
		if (strcmp(a[i].name, b[i].name) != 0 || !a[i].data || !b[i].data || a[i].len != b[i].len
		    || memcmp(a[i].data, b[i].data, a[i].len) != 0)
			return 0;
	}
	return 1;
}

/* Flips single bytes across the whole archive: every byte of the central
 * directory and the local headers, and a stride through the data. With the
 * .zip.sha256 beside it every flip must be reported (checked on a sample). Without it, a flip may
 * go unreported only if it changed no name and no content at all (it hit a
 * field such as "version made by" or the internal attributes). */
static void test_byte_flips_are_reported(void **state)
{
	(void)state;
	char *zip;
	fixture *f = built_fixture(&zip);
	size_t len;
	unsigned char *orig = fixture_read(zip, &len);
	zentry *good;
	size_t ngood = read_entries(zip, &good);
	unsigned char *cd = NULL;
	for (size_t i = len - 22; i > 0 && !cd; i--)
		if (memcmp(orig + i, "PK\5\6", 4) == 0)
			cd = orig + (orig[i + 16] | orig[i + 17] << 8 | orig[i + 18] << 16 | (size_t)orig[i + 19] << 24);
	assert_non_null(cd);

	char *copy = xasprintf("%s/flipped.zip", f->root);
	char *copy_side = xasprintf("%s.sha256", copy);
	char *side_text = NULL;
	size_t side_len;
	char *orig_side = xasprintf("%s.sha256", zip);
	side_text = (char *)fixture_read(orig_side, &side_len);

	size_t tried = 0, silent = 0;
	unsigned char *buf_ = xmalloc(len);
	for (size_t pos = 0; pos < len; pos++) {
		int in_header = 0;
		for (size_t back = 0; back < 30 + 64 && back <= pos; back++) {
			const unsigned char *h = orig + pos - back;
			if (memcmp(h, "PK\3\4", 4) == 0 && back < 30u + (h[26] | h[27] << 8))
				in_header = 1;
		}
		if (!(orig + pos >= cd || in_header || pos % 23 == 0))
			continue;
		tried++;
		memcpy(buf_, orig, len);
		buf_[pos] ^= (pos & 1) ? 0x01 : 0x80;
		write_or_die(copy, buf_, len);

		/* The whole-file digest catches anything; a sample shows it. */
		if (tried % 5 == 0) {
			write_or_die(copy_side, side_text, side_len);
			int with_sidecar = run_verify(copy, NULL);
			if (with_sidecar != 1)
				fail_msg("flip at %zu (of %zu) with sidecar: status %d", pos, len, with_sidecar);
		}

		unlink(copy_side);
		int without = run_verify(copy, NULL);
		if (without == 3)
			fail_msg("flip at %zu: reported as an I/O failure", pos);
		if (without == 0) {
			silent++;
			zentry *got;
			size_t ngot = read_entries(copy, &got);
			if (ngot == (size_t)-1 || !same_entries(good, ngood, got, ngot))
				fail_msg("flip at %zu changed names or content but verify passed", pos);
			free_entries(got, ngot);
		}
	}
	assert_true(tried > 1000);
	/* Metadata-only fields are a small share of the positions tried. */
	assert_true(silent * 10 < tried);
	print_message("      %zu flips, %zu unreported without the sidecar (metadata-only fields)\n", tried, silent);
	free(buf_);
	free(side_text);
	free(orig_side);
	free(copy_side);
	free(copy);
	free_entries(good, ngood);
	free(orig);
	free(zip);
	fixture_free(f);
}



static void test_hostile_zips(void **state)
{
	(void)state;
	char *script = source_file("tests/e2e/hostile_zips.py");
	if (!script)
		fail_msg("tests/e2e/hostile_zips.py not found");
	char tmpl[] = "/tmp/hejapack-hostile-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	char *cmd = xasprintf("python3 '%s' '%s'", script, tmpl);
	assert_int_equal(system(cmd), 0);
	char *cases = xasprintf("%s/cases.txt", tmpl);
	FILE *fp = fopen(cases, "r");
	assert_non_null(fp);
	char line[512];
	int n = 0;
	while (fgets(line, sizeof line, fp)) {
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		char *expect = tab + 1;
		expect[strcspn(expect, "\n")] = '\0';
		char *path = xasprintf("%s/%s", tmpl, line);
		char *out;
		int rc = run_verify(path, &out);
		int want = strcmp(expect, "intact") == 0 ? 0 : 1;
		char *needle = xasprintf("%s: %s", path, expect);
		if (rc != want || !strstr(out, want ? expect : needle))
			fail_msg("%s: expected status %d and \"%s\", got %d:\n%s", line, want, expect, rc, out);
		/* One problem, one line: the hostile entry is not echoed by a
		 * cascade of follow-on complaints. */
		if (want && strcmp(line, "nul_name.zip") != 0 && strcmp(line, "duplicate.zip") != 0
		    && strcmp(line, "unlisted.zip") != 0 && strcmp(line, "missing.zip") != 0
		    && strcmp(line, "bad_digest.zip") != 0 && !strstr(out, "NOT intact: 1 problem\n"))
			fail_msg("%s: more than one problem reported:\n%s", line, out);
		free(needle);
		free(out);
		free(path);
		n++;
	}
	fclose(fp);
	assert_true(n >= 25);
	fixture_remove_tree(tmpl);
	free(cases);
	free(cmd);
	free(script);
}

static void test_name_rules(void **state)
{
	(void)state;
	assert_null(verify_name_problem("bag-1.0/data/ovningar/framtid.pdf"));
	assert_null(verify_name_problem("bag/data/Övningar/år 2024.pdf"));
	assert_non_null(verify_name_problem(""));
	assert_string_equal(verify_name_problem("/etc/passwd"), "absolute path");
	assert_non_null(strstr(verify_name_problem("a/../b"), "path traversal"));
	assert_non_null(strstr(verify_name_problem("a/./b"), "path traversal"));
	assert_non_null(strstr(verify_name_problem(".."), "path traversal"));
	assert_non_null(strstr(verify_name_problem("a//b"), "empty path component"));
	assert_non_null(strstr(verify_name_problem("a/b/"), "empty path component"));
	assert_non_null(strstr(verify_name_problem("a\\b"), "backslash"));
	assert_non_null(strstr(verify_name_problem("C:/x"), "colon"));
	assert_non_null(strstr(verify_name_problem("a/b\nc"), "control character"));
	assert_non_null(strstr(verify_name_problem("a/\xff"), "UTF-8"));
	assert_non_null(strstr(verify_name_problem("a/\xc0\xaf"), "UTF-8")); /* overlong '/' */
	assert_non_null(strstr(verify_name_problem("a/\xed\xa0\x80"), "UTF-8")); /* surrogate */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_bundle_is_intact),
		cmocka_unit_test(test_missing_path_is_an_io_failure),
		cmocka_unit_test(test_not_a_zip),
		cmocka_unit_test(test_sidecar_mismatch),
		cmocka_unit_test(test_unpacked_directory),
		cmocka_unit_test(test_byte_flips_are_reported),
		cmocka_unit_test(test_hostile_zips),
		cmocka_unit_test(test_name_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
