/* Tests for src/bundle/zipout.c: entries deflated here read back through
 * libzip with their CRC checked, incompressible ones are stored, the bytes
 * do not depend on the time zone, the .sha256 beside the archive names its
 * bytes, and no temporary file is left, whether the archive is saved or
 * given up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/fsutil.h"
#include "base/hash.h"
#include "base/util.h"
#include "bundle/zipout.h"

static unsigned char *noise(size_t n)
{
	unsigned char *d = xmalloc(n);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		d[i] = (unsigned char)x;
	}
	return d;
}

/* A scratch directory of the test's own. */
static char *scratch(void)
{
	char *dir = xstrdup("/tmp/test_zipout.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return dir;
}

/* The names in dir, hidden ones included, sorted, joined by spaces. */
static char *listing(const char *dir)
{
	char *cmd = xasprintf("ls -A %s | tr '\\n' ' '", dir);
	FILE *p = popen(cmd, "r");
	free(cmd);
	assert_non_null(p);
	char line[512] = "";
	if (!fgets(line, sizeof line, p))
		line[0] = '\0';
	pclose(p);
	return xstrdup(line);
}

static void remove_dir(char *dir)
{
	char *cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* Writes the test archive as DIR/t.zip and returns its bytes, having
 * checked that t.zip.sha256 names them and nothing else is left in DIR. */
static unsigned char *build(long long epoch, const char *text, const unsigned char *random, size_t nrandom,
			    size_t *len)
{
	char *dir = scratch();
	char *err = NULL;
	zipout *z = zipout_new(epoch, dir, "t", &err);
	assert_non_null(z);
	assert_int_equal(zipout_add(z, "b/text.txt", (const unsigned char *)text, strlen(text), ZIPOUT_TEXT, &err), 0);
	assert_int_equal(zipout_add(z, "b/noise.pdf", random, nrandom, ZIPOUT_COMPRESSED, &err), 0);
	assert_int_equal(zipout_add(z, "b/empty.txt", (const unsigned char *)"", 0, ZIPOUT_TEXT, &err), 0);
	assert_int_equal(zipout_save(z, dir, "t", &err), 0);
	assert_null(err);
	char *names = listing(dir);
	assert_string_equal(names, "t.zip t.zip.sha256 ");
	free(names);
	char *zip_path = xasprintf("%s/t.zip", dir), *sum_path = xasprintf("%s/t.zip.sha256", dir);
	unsigned char *out = (unsigned char *)fs_read_file(zip_path, len);
	size_t sum_len;
	char *sum = fs_read_file(sum_path, &sum_len);
	assert_non_null(out);
	assert_non_null(sum);
	char digest[SHA256_HEX_SIZE];
	sha256_hex(out, *len, digest);
	char *want = xasprintf("%s  t.zip\n", digest);
	assert_string_equal(sum, want);
	free(want);
	free(sum);
	free(zip_path);
	free(sum_path);
	remove_dir(dir);
	return out;
}

/* DIR/t.zip holds exactly want[0..len). */
static void assert_archive_is(const char *dir, const unsigned char *want, size_t len)
{
	char *path = xasprintf("%s/t.zip", dir);
	size_t got_len;
	unsigned char *got = (unsigned char *)fs_read_file(path, &got_len);
	assert_non_null(got);
	assert_int_equal(got_len, len);
	assert_memory_equal(got, want, len);
	free(got);
	free(path);
}

/* The entries the two tests below add in other ways, and the archive
 * zipout_add makes of them, which both must give. */
typedef struct {
	const char *text;
	unsigned char *random;
	size_t nrandom;
	unsigned char *want;
	size_t want_len;
	char *dir;
	zipout_packer *packer;
} same_archive;

static void same_archive_begin(same_archive *c)
{
	c->text = "samma ord om och om igen, samma ord om och om igen, samma ord";
	c->nrandom = 3000;
	c->random = noise(c->nrandom);
	c->want = build(1700000002, c->text, c->random, c->nrandom, &c->want_len);
	c->dir = scratch();
	c->packer = zipout_packer_new();
}

/* Checks DIR/t.zip against the archive zipout_add made, and frees. */
static void same_archive_end(same_archive *c)
{
	zipout_packer_free(c->packer);
	assert_archive_is(c->dir, c->want, c->want_len);
	free(c->want);
	free(c->random);
	remove_dir(c->dir);
}

/* Entries packed beforehand (as the build's workers do) give the archive
 * zipout_add gives. */
static void test_packed_beforehand_is_the_same(void **state)
{
	(void)state;
	same_archive c;
	same_archive_begin(&c);
	char *err = NULL;
	zipout *z = zipout_new(1700000002, c.dir, "t", &err);
	assert_non_null(z);
	struct {
		const char *name;
		const unsigned char *data;
		size_t len;
		zipout_kind kind;
	} in[] = { { "b/text.txt", (const unsigned char *)c.text, strlen(c.text), ZIPOUT_TEXT },
		   { "b/noise.pdf", c.random, c.nrandom, ZIPOUT_COMPRESSED },
		   { "b/empty.txt", (const unsigned char *)"", 0, ZIPOUT_TEXT } };
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		zipout_packed packed;
		zipout_pack(c.packer, in[i].data, in[i].len, in[i].kind, &packed);
		/* Text shrinks; noise and nothing do not. */
		assert_int_equal(packed.packed != NULL, i == 0);
		int rc = packed.packed
				 ? zipout_add_packed(z, in[i].name, packed.packed, packed.packed_len, in[i].len, packed.crc, &err)
				 : zipout_add_stored(z, in[i].name, in[i].data, in[i].len, &err);
		assert_int_equal(rc, 0);
		free(packed.packed);
	}
	assert_int_equal(zipout_save(z, c.dir, "t", &err), 0);
	same_archive_end(&c);
}

/* Entries whose bytes are spooled (zipout_add_*_at), in the spool's own
 * file or in a file it adopted, read in place when the archive is saved,
 * give the archive zipout_add gives. */
static void test_spooled_in_place_is_the_same(void **state)
{
	(void)state;
	same_archive c;
	same_archive_begin(&c);
	char *err = NULL;
	spool *sp = spool_open(c.dir, &err);
	assert_non_null(sp);
	/* The noise lies in a file of its own, after other bytes. */
	char *other = xasprintf("%s/other", c.dir);
	FILE *f = fopen(other, "wb");
	assert_non_null(f);
	fputs("something before", f);
	fwrite(c.random, 1, c.nrandom, f);
	fclose(f);
	int fd = open(other, O_RDONLY);
	assert_true(fd >= 0);
	unlink(other);
	spool_ref noise_at;
	spool_adopt(sp, fd, strlen("something before"), c.nrandom, other, &noise_at);

	zipout *z = zipout_new(1700000002, c.dir, "t", &err);
	assert_non_null(z);
	zipout_packed packed;
	zipout_pack(c.packer, (const unsigned char *)c.text, strlen(c.text), ZIPOUT_TEXT, &packed);
	assert_non_null(packed.packed);
	spool_ref text_at;
	assert_int_equal(spool_put(sp, packed.packed, packed.packed_len, &text_at, &err), 0);
	assert_int_equal(zipout_add_packed_at(z, "b/text.txt", text_at, strlen(c.text), packed.crc, &err), 0);
	assert_int_equal(zipout_add_stored_at(z, "b/noise.pdf", noise_at, &err), 0);
	assert_int_equal(zipout_add_stored(z, "b/empty.txt", (const unsigned char *)"", 0, &err), 0);
	free(packed.packed);
	assert_int_equal(zipout_save(z, c.dir, "t", &err), 0);
	spool_close(sp);
	free(other);
	same_archive_end(&c);
}

/* An archive given up leaves neither the ZIP nor any temporary file. */
static void test_discard_leaves_nothing(void **state)
{
	(void)state;
	char *dir = scratch();
	char *err = NULL;
	zipout *z = zipout_new(1700000000, dir, "t", &err);
	assert_non_null(z);
	assert_int_equal(zipout_add(z, "b/a.txt", (const unsigned char *)"abc", 3, ZIPOUT_TEXT, &err), 0);
	zipout_discard(z);
	char *names = listing(dir);
	assert_string_equal(names, "");
	free(names);
	remove_dir(dir);
}

/* Reads entry name whole and once more, as a careful reader does: libzip
 * checks the CRC when the read reaches the end. */
static void expect_entry(zip_t *za, const char *name, const void *data, size_t len, int method)
{
	zip_stat_t st;
	assert_int_equal(zip_stat(za, name, 0, &st), 0);
	assert_int_equal(st.size, len);
	assert_int_equal(st.comp_method, method);
	zip_file_t *f = zip_fopen(za, name, 0);
	assert_non_null(f);
	unsigned char *got = xmalloc(len + 1);
	assert_int_equal(zip_fread(f, got, len), (zip_int64_t)len);
	assert_int_equal(zip_fread(f, got, 1), 0);
	assert_memory_equal(got, data, len);
	zip_fclose(f);
	free(got);
}

static void test_entries_read_back(void **state)
{
	(void)state;
	buf text;
	buf_init(&text);
	for (int i = 0; i < 2000; i++)
		buf_printf(&text, "rad %d: samma ord om och om igen\n", i);
	size_t nrandom = 100000, len;
	unsigned char *random = noise(nrandom);
	unsigned char *zipdata = build(1700000000, text.data, random, nrandom, &len);

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(zipdata, len, 0, &ze);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_CHECKCONS | ZIP_RDONLY, &ze);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), 3);
	expect_entry(za, "b/text.txt", text.data, text.len, ZIP_CM_DEFLATE);
	expect_entry(za, "b/noise.pdf", random, nrandom, ZIP_CM_STORE);
	expect_entry(za, "b/empty.txt", "", 0, ZIP_CM_STORE);
	zip_stat_t st;
	assert_int_equal(zip_stat(za, "b/text.txt", 0, &st), 0);
	assert_true(st.comp_size < text.len / 10);
	zip_close(za);
	zip_error_fini(&ze);
	free(zipdata);
	free(random);
	buf_free(&text);
}

static void test_bytes_do_not_depend_on_tz(void **state)
{
	(void)state;
	const char *text = "hej hej hej hej hej hej hej hej hej hej";
	unsigned char *random = noise(5000);
	size_t a_len, b_len;
	setenv("TZ", "UTC0", 1);
	unsigned char *a = build(1700000001, text, random, 5000, &a_len);
	setenv("TZ", "America/St_Johns", 1);
	unsigned char *b = build(1700000001, text, random, 5000, &b_len);
	unsetenv("TZ");
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	free(a);
	free(b);
	free(random);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries_read_back),
		cmocka_unit_test(test_bytes_do_not_depend_on_tz),
		cmocka_unit_test(test_discard_leaves_nothing),
		cmocka_unit_test(test_packed_beforehand_is_the_same),
		cmocka_unit_test(test_spooled_in_place_is_the_same),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
