/* Tests for src/base/image.c: which PNGs pass through as their compressed
 * rows, and that a damaged one never does. PNGs are written here with
 * libpng, so the test needs no files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <png.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/image.h"
#include "base/util.h"
#include "testutil.h"

enum { W = 37, H = 11 };

/* Writes a W x H PNG of the given colour type and bit depth (interlaced if
 * asked) to a fresh temporary file; returns its path (caller frees). */
static char *write_png(int color, int depth, int interlace, int with_trns)
{
	char tmpl[] = "/tmp/hejapack-image-XXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	assert_int_equal(setjmp(png_jmpbuf(png)), 0);
	png_init_io(png, f);
	png_set_IHDR(png, info, W, H, depth, color, interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (with_trns) {
		png_color_16 key = { 0 };
		png_set_tRNS(png, info, NULL, 0, &key);
	}
	png_write_info(png, info);
	int channels = color == PNG_COLOR_TYPE_RGB ? 3 : color == PNG_COLOR_TYPE_RGBA ? 4 : 1;
	size_t rowbytes = (size_t)W * channels * (depth / 8);
	unsigned char *row = xmalloc(rowbytes);
	int passes = png_set_interlace_handling(png);
	for (int p = 0; p < passes; p++)
		for (unsigned y = 0; y < H; y++) {
			for (size_t x = 0; x < rowbytes; x++)
				row[x] = (unsigned char)(x * 7 + y * 13);
			png_write_row(png, row);
		}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	fclose(f);
	free(row);
	return xstrdup(tmpl);
}

static void test_rgb_and_gray_pass_through_as_rows(void **state)
{
	(void)state;
	int colors[] = { PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_GRAY };
	for (size_t k = 0; k < 2; k++) {
		char *path = write_png(colors[k], 8, 0, 0);
		image *img = image_load(path);
		assert_non_null(img);
		assert_int_equal(img->format, IMAGE_PNG_ROWS);
		assert_int_equal(img->width, W);
		assert_int_equal(img->height, H);
		assert_int_equal(img->channels, k == 0 ? 3 : 1);
		/* A zlib stream: CMF says deflate. */
		assert_true(img->len > 2);
		assert_int_equal(img->data[0] & 0x0F, 8);
		image_free(img);
		unlink(path);
		free(path);
	}
}

static void test_other_pngs_are_decoded(void **state)
{
	(void)state;
	struct {
		int color, depth, interlace, trns, channels;
	} cases[] = {
		{ PNG_COLOR_TYPE_RGBA, 8, 0, 0, 3 },      /* alpha: flattened */
		{ PNG_COLOR_TYPE_RGB, 16, 0, 0, 3 },      /* 16-bit: stripped */
		{ PNG_COLOR_TYPE_RGB, 8, 1, 0, 3 },       /* interlaced */
		{ PNG_COLOR_TYPE_GRAY, 8, 0, 1, 1 },      /* transparent colour */
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		char *path = write_png(cases[k].color, cases[k].depth, cases[k].interlace, cases[k].trns);
		image *img = image_load(path);
		assert_non_null(img);
		assert_int_equal(img->format, IMAGE_PNG);
		assert_int_equal(img->channels, cases[k].channels);
		assert_int_equal(img->len, (size_t)W * H * cases[k].channels);
		image_free(img);
		unlink(path);
		free(path);
	}
}

/* Flips one byte inside the first IDAT's data; with fix_crc the chunk's
 * CRC is made right again, so only the compressed rows are wrong. */
static void damage_idat(const char *path, int fix_crc)
{
	FILE *f = fopen(path, "r+b");
	unsigned char d[4096];
	size_t n = fread(d, 1, sizeof d, f);
	size_t i = 0;
	while (i + 4 <= n && memcmp(d + i, "IDAT", 4) != 0)
		i++;
	assert_true(i + 8 < n);
	long at = (long)i + 4 + 3;
	d[at] ^= 0x55;
	fseek(f, at, SEEK_SET);
	fputc(d[at], f);
	if (fix_crc) {
		size_t len = (size_t)d[i - 4] << 24 | (size_t)d[i - 3] << 16 | (size_t)d[i - 2] << 8 | d[i - 1];
		assert_true(i + 4 + len + 4 <= n);
		unsigned long crc = crc32(0, d + i, (unsigned)(len + 4));
		unsigned char be[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
					(unsigned char)crc };
		fseek(f, (long)(i + 4 + len), SEEK_SET);
		fwrite(be, 1, 4, f);
	}
	fclose(f);
}

static void test_damaged_rows_never_pass_through(void **state)
{
	(void)state;
	for (int fix_crc = 0; fix_crc <= 1; fix_crc++) {
		char *path = write_png(PNG_COLOR_TYPE_RGB, 8, 0, 0);
		damage_idat(path, fix_crc);
		buf_clear(&messages);
		image *img = image_load(path);
		/* libpng judges it: a bad CRC in a critical chunk, or rows that do
		 * not inflate, is an error. */
		assert_null(img);
		assert_non_null(strstr(messages.data, "broken PNG"));
		assert_non_null(strstr(messages.data, path));
		unlink(path);
		free(path);
	}
}

typedef struct {
	char known[65];
	int asked, found;
} fake_memory;

static int fake_known(void *ctx, const char *digest)
{
	fake_memory *m = ctx;
	m->asked++;
	return strcmp(m->known, digest) == 0;
}

static void fake_found_good(void *ctx, const char *digest)
{
	fake_memory *m = ctx;
	m->found++;
	snprintf(m->known, sizeof m->known, "%s", digest);
}

/* A file found good is trusted by its bytes, not its name: new bytes under
 * the same name (damaged, their CRC mended) are checked again, by
 * image_check and by image_load. The memory is told of what was found good
 * and, asked again for the same bytes, spares the decoding. */
static void test_checked_bytes_not_names(void **state)
{
	(void)state;
	fake_memory fm = { .known = "" };
	image_memory mem = { .known = fake_known, .found_good = fake_found_good, .ctx = &fm };
	image_use_memory(&mem);
	char *path = write_png(PNG_COLOR_TYPE_RGB, 8, 0, 0);
	char *why = NULL;
	assert_true(image_check(path, &why));
	assert_int_equal(fm.found, 1);
	assert_int_equal((int)strlen(fm.known), 64);
	image *img = image_load(path);
	assert_non_null(img);
	assert_int_equal(img->format, IMAGE_PNG_ROWS);
	image_free(img);
	damage_idat(path, 1);
	assert_false(image_check(path, &why));
	assert_non_null(why);
	free(why);
	why = NULL;
	buf_clear(&messages);
	assert_null(image_load(path));
	assert_non_null(strstr(messages.data, "broken PNG"));
	assert_int_equal(fm.found, 1);
	/* Bytes the memory knows pass without a decoding; others do not. */
	image_forget_checked();
	char *other = write_png(PNG_COLOR_TYPE_GRAY, 8, 0, 0);
	fm.asked = 0;
	assert_true(image_check(other, &why));
	assert_int_equal(fm.asked, 1);
	assert_int_equal(fm.found, 2);
	image_forget_checked();
	assert_true(image_check(other, &why));
	assert_int_equal(fm.found, 2); /* known: not decoded, not found again */
	image_use_memory(NULL);
	image_forget_checked();
	unlink(path);
	unlink(other);
	free(path);
	free(other);
}

/* A batch gives image_check's answer for every file, in the order asked,
 * with threads and without: good and damaged files, a copy of one (same
 * bytes, checked once), a file that is not there, a file neither PNG nor
 * JPEG. The memory hears of the good ones when their answers are asked
 * for; and image_load trusts rows whose check is still pending. */
static void test_batch_answers_as_image_check(void **state)
{
	(void)state;
	char *good = write_png(PNG_COLOR_TYPE_RGB, 8, 0, 0);
	char *gray = write_png(PNG_COLOR_TYPE_GRAY, 8, 0, 0);
	char *damaged = write_png(PNG_COLOR_TYPE_RGB, 8, 0, 0);
	damage_idat(damaged, 1);
	char text[] = "/tmp/hejapack-image-XXXXXX";
	int fd = mkstemp(text);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello", 5), 5);
	close(fd);
	const char *paths[] = { good, damaged, "/tmp/hejapack-image-none", gray, text, good, damaged };
	enum { N = sizeof paths / sizeof *paths };
	int expected[N];
	for (size_t i = 0; i < N; i++) {
		char *why = NULL;
		expected[i] = image_check(paths[i], &why);
		assert_true(expected[i] || why != NULL);
		free(why);
	}
	assert_true(expected[0] && !expected[1] && !expected[2] && expected[3] && !expected[4]);
	for (unsigned threads = 0; threads <= 3; threads++) {
		image_forget_checked();
		fake_memory fm = { .known = "" };
		image_memory mem = { .known = fake_known, .found_good = fake_found_good, .ctx = &fm };
		image_use_memory(&mem);
		image_batch *b = image_batch_new(threads);
		size_t k[N];
		for (size_t i = 0; i < N; i++)
			k[i] = image_batch_add(b, paths[i]);
		/* Pending or done, a good file's rows are taken as they are. */
		image *img = image_load(good);
		assert_non_null(img);
		assert_int_equal(img->format, IMAGE_PNG_ROWS);
		image_free(img);
		for (size_t i = N; i-- > 0;) {
			const char *why = NULL;
			int ok = image_batch_result(b, k[i], &why);
			assert_int_equal(ok, expected[i]);
			if (!ok)
				assert_non_null(why);
		}
		/* Two good files, each found good once (the copy is the same bytes). */
		assert_int_equal(fm.found, 2);
		image_batch_free(b);
		image_use_memory(NULL);
	}
	/* With no batch, damaged rows are judged again when loaded. */
	image_forget_checked();
	buf_clear(&messages);
	assert_null(image_load(damaged));
	assert_non_null(strstr(messages.data, "broken PNG"));
	unlink(good);
	unlink(gray);
	unlink(damaged);
	unlink(text);
	free(good);
	free(gray);
	free(damaged);
}

/* What a check read is remembered by path, with the digest of its bytes,
 * for the cache keys; new bytes read under the same path replace it. */
static void test_read_digest_by_path(void **state)
{
	(void)state;
	image_forget_checked();
	char *path = write_png(PNG_COLOR_TYPE_RGB, 8, 0, 0);
	char digest[SHA256_HEX_SIZE];
	assert_false(image_read_digest(path, digest));
	char *why = NULL;
	assert_true(image_check(path, &why));
	assert_true(image_read_digest(path, digest));
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	unsigned char bytes[65536];
	size_t n = fread(bytes, 1, sizeof bytes, f);
	fclose(f);
	char want[SHA256_HEX_SIZE];
	sha256_hex(bytes, n, want);
	assert_string_equal(digest, want);
	damage_idat(path, 1);
	image_batch *b = image_batch_new(1);
	image_batch_add(b, path);
	image_batch_free(b);
	assert_true(image_read_digest(path, digest));
	assert_string_not_equal(digest, want);
	assert_false(image_read_digest("/tmp/hejapack-image-never-read", digest));
	image_forget_checked();
	assert_false(image_read_digest(path, digest));
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_rgb_and_gray_pass_through_as_rows),
		TEST(test_other_pngs_are_decoded),
		TEST(test_damaged_rows_never_pass_through),
		TEST(test_checked_bytes_not_names),
		TEST(test_batch_answers_as_image_check),
		TEST(test_read_digest_by_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
