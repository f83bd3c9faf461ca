/* Unit tests for pdf: the page content hejapack writes itself. Words of a
 * line go out as one TJ array whose displacements put every word exactly
 * where the layout placed it (checked by replaying the array with the
 * font's own advances, as a viewer does); content is Flate-compressed and
 * decodes; fills come out as RGB or, for the print shop, CMYK operators;
 * an empty page is still a valid stream; the CIDToGIDMap is cut after the
 * last character drawn.
 *
 * The PDF is read with a few string searches, enough for the files libharu
 * writes (no object streams, no cross-reference streams).
 *
 * Run from the repository root (make unit does): the fonts are opened from
 * fonts/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/utf8.h"
#include "base/util.h"
#include "render/pdf.h"
#include "typeset/displaylist.h"
#include "typeset/fontset.h"

#define A4_W 595.276
#define A4_H 841.89

static fontset *fonts;

static int open_fonts(void **state)
{
	(void)state;
	fonts = fontset_open("fonts");
	if (!fonts) {
		fprintf(stderr, "test_pdf: cannot open fonts/ (run from the repository root)\n");
		return -1;
	}
	return 0;
}

static int close_fonts(void **state)
{
	(void)state;
	fontset_close(fonts);
	return 0;
}

static const dl_color ink = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f };

static void add_word(dl_document *doc, size_t page, const char *text, double x, double y, double tracking)
{
	dl_item it = { .kind = DL_TEXT, .x = x, .y = y, .face = FACE_SERIF, .size = 10.5, .tracking = tracking,
		       .color = ink, .text = (char *)text };
	dl_add(doc, page, &it);
}

/* Renders doc (freed here) and returns the PDF bytes. */
static unsigned char *render(dl_document *doc, int cmyk, size_t *len)
{
	pdf_options opt = { .cmyk = cmyk };
	unsigned char *pdf = NULL;
	assert_int_equal(pdf_render(doc, fonts, &opt, "test.md", &pdf, len), 0);
	dl_free(doc);
	assert_non_null(pdf);
	return pdf;
}

static const unsigned char *find(const unsigned char *hay, size_t len, const char *needle, size_t from)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* Inflates the stream whose dictionary starts at dict; returns a
 * NUL-terminated copy the caller frees. */
static char *inflate_stream(const unsigned char *pdf, size_t len, const unsigned char *dict, size_t *out_len)
{
	const unsigned char *start = find(pdf, len, "stream\r\n", (size_t)(dict - pdf));
	assert_non_null(start);
	start += 8;
	const unsigned char *end = find(pdf, len, "\nendstream", (size_t)(start - pdf));
	assert_non_null(end);
	z_stream z = { 0 };
	assert_int_equal(inflateInit(&z), Z_OK);
	buf out;
	buf_init(&out);
	z.next_in = (Bytef *)start;
	z.avail_in = (uInt)(end - start);
	int status;
	do {
		unsigned char chunk[4096];
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		status = inflate(&z, Z_NO_FLUSH);
		assert_true(status == Z_OK || status == Z_STREAM_END);
		buf_append(&out, chunk, sizeof chunk - z.avail_out);
	} while (status != Z_STREAM_END);
	inflateEnd(&z);
	return buf_detach(&out, out_len);
}

/* The content streams of the pages, in file order: the streams hejapack
 * compressed itself carry a bare /Filter /FlateDecode (libharu's own are
 * written as an array). Of those, the fonts' streams and the ICC profile
 * hold NUL bytes and the CMaps "begincmap"; a page's content holds neither. */
static size_t page_contents(const unsigned char *pdf, size_t len, char **out, size_t max)
{
	size_t n = 0, at = 0;
	const unsigned char *d;
	while (n < max && (d = find(pdf, len, "/Filter /FlateDecode\012>>", at))) {
		size_t plain_len;
		char *plain = inflate_stream(pdf, len, d, &plain_len);
		if (strlen(plain) == plain_len && !strstr(plain, "begincmap"))
			out[n++] = plain;
		else
			free(plain);
		at = (size_t)(d - pdf) + 1;
	}
	return n;
}

/* Replays the TJ arrays of content as a viewer would and records where
 * each glyph starts: x of the starts of glyph k in xs[k]. */
static size_t replay(const char *content, double *xs, size_t max)
{
	font *f = fontset_face(fonts, FACE_SERIF);
	double size = 0, tc = 0, x = 0;
	size_t n = 0;
	const char *p = content;
	double operands[8];
	size_t nops = 0;
	while (*p) {
		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p)
			break;
		if (*p == '[') {
			p++;
			while (*p && *p != ']') {
				if (*p == '<') {
					p++;
					while (*p != '>') {
						unsigned code = 0;
						for (int k = 0; k < 4; k++) {
							char c = *p++;
							code = code * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'A' + 10);
						}
						if (n < max)
							xs[n] = x;
						n++;
						x += font_advance(f, code) * size / 1000.0 + tc;
					}
					p++;
				} else if (*p == ' ') {
					p++;
				} else {
					char *end;
					double adjust = strtod(p, &end);
					assert_true(end != p);
					x -= adjust / 1000.0 * size;
					p = end;
				}
			}
			p++;
			continue;
		}
		if (*p == '/') { /* a name operand */
			while (*p && *p != ' ')
				p++;
			continue;
		}
		char *end;
		double v = strtod(p, &end);
		if (end != p) {
			if (nops < 8)
				operands[nops++] = v;
			p = end;
			continue;
		}
		const char *op = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		size_t oplen = (size_t)(p - op);
		if (oplen == 2 && memcmp(op, "Tf", 2) == 0)
			size = operands[0];
		else if (oplen == 2 && memcmp(op, "Tc", 2) == 0)
			tc = operands[0];
		else if (oplen == 2 && memcmp(op, "Tm", 2) == 0)
			x = operands[4];
		nops = 0;
	}
	return n;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_words_land_where_placed(void **state)
{
	(void)state;
	/* A justified line with uneven gaps and letter spacing, and a second
	 * line: two TJ arrays, every word at its own x. */
	static const char *const words[] = { "Övningen", "börjar", "med", "en", "fråga", "om", "vardagen." };
	static const double xs[] = { 106.92, 158.7, 193.123, 218.07, 233.4199, 262.47, 281.41 };
	dl_document *doc = dl_new(A4_W, A4_H);
	dl_add_page(doc);
	for (size_t i = 0; i < 7; i++)
		add_word(doc, 0, words[i], xs[i], 564.07, 0.0137);
	add_word(doc, 0, "Andra", 106.92, 549.16, 0);
	add_word(doc, 0, "raden.", 140.5, 549.16, 0);
	size_t len;
	unsigned char *pdf = render(doc, 0, &len);
	char *content[4];
	assert_int_equal(page_contents(pdf, len, content, 4), 1);
	assert_int_equal(count(content[0], "TJ"), 2);
	assert_int_equal(count(content[0], "BT"), 1);
	assert_int_equal(count(content[0], "ET"), 1);
	assert_non_null(strstr(content[0], " Tc\n"));

	double glyph_x[128];
	size_t glyphs = replay(content[0], glyph_x, 128);
	size_t at = 0;
	for (size_t i = 0; i < 7; i++) {
		if (fabs(glyph_x[at] - xs[i]) > 0.001) {
			print_error("word %zu (%s) starts at %.4f, placed at %.4f\n", i, words[i], glyph_x[at], xs[i]);
			fail();
		}
		at += utf8_count(words[i], strlen(words[i]));
	}
	assert_true(fabs(glyph_x[at] - 106.92) < 0.001);
	at += 5;
	assert_true(fabs(glyph_x[at] - 140.5) < 0.001);
	assert_int_equal(glyphs, at + 6);
	free(content[0]);
	free(pdf);
}

static void test_fills_follow_the_colour_model(void **state)
{
	(void)state;
	for (int cmyk = 0; cmyk <= 1; cmyk++) {
		dl_document *doc = dl_new(A4_W, A4_H);
		dl_add_page(doc);
		dl_item rect = { .kind = DL_RECT, .x = 10, .y = 20, .w = 30.5, .h = 40, .color = ink };
		dl_add(doc, 0, &rect);
		dl_item line = { .kind = DL_LINE, .x = 10, .y = 20, .w = 100, .h = 0, .size = 0.25, .color = ink };
		dl_add(doc, 0, &line);
		size_t len;
		unsigned char *pdf = render(doc, cmyk, &len);
		char *content[2];
		assert_int_equal(page_contents(pdf, len, content, 2), 1);
		if (cmyk) {
			assert_non_null(strstr(content[0], "0.4 0.5 0.6 0.7 k\n"));
			assert_non_null(strstr(content[0], "0.4 0.5 0.6 0.7 K\n"));
			assert_null(strstr(content[0], "rg\n"));
		} else {
			assert_non_null(strstr(content[0], "0.1 0.2 0.3 rg\n"));
			assert_non_null(strstr(content[0], "0.1 0.2 0.3 RG\n"));
			assert_null(strstr(content[0], " k\n"));
		}
		assert_non_null(strstr(content[0], "10 20 30.5 40 re\nf\n"));
		assert_non_null(strstr(content[0], "0.25 w\n10 20 m\n110 20 l\nS\n"));
		free(content[0]);
		free(pdf);
	}
}

static void test_an_empty_page_is_a_valid_stream(void **state)
{
	(void)state;
	dl_document *doc = dl_new(A4_W, A4_H);
	dl_add_page(doc);
	dl_add_page(doc);
	add_word(doc, 1, "Text", 100, 700, 0);
	size_t len;
	unsigned char *pdf = render(doc, 0, &len);
	char *content[3];
	assert_int_equal(page_contents(pdf, len, content, 3), 2);
	assert_string_equal(content[0], "");
	assert_non_null(strstr(content[1], "TJ"));
	free(content[0]);
	free(content[1]);
	free(pdf);
}

static void test_cid_map_ends_after_the_last_character_drawn(void **state)
{
	(void)state;
	/* U+201D (the Swedish quotation mark) is the highest code point drawn;
	 * the map holds two bytes per code point up to it, zero for those never
	 * drawn. */
	dl_document *doc = dl_new(A4_W, A4_H);
	dl_add_page(doc);
	add_word(doc, 0, "A\xE2\x80\x9Dz", 100, 700, 0);
	size_t len;
	unsigned char *pdf = render(doc, 0, &len);
	const unsigned char *ref = find(pdf, len, "/CIDToGIDMap ", 0);
	assert_non_null(ref);
	int object = atoi((const char *)ref + strlen("/CIDToGIDMap "));
	char header[32];
	snprintf(header, sizeof header, "\n%d 0 obj", object);
	const unsigned char *dict = find(pdf, len, header, 0);
	assert_non_null(dict);
	size_t map_len;
	unsigned char *map = (unsigned char *)inflate_stream(pdf, len, dict, &map_len);
	assert_int_equal(map_len, 2 * (0x201D + 1));
	size_t nonzero = 0;
	for (size_t cp = 0; cp <= 0x201D; cp++) {
		unsigned gid = (unsigned)map[2 * cp] << 8 | map[2 * cp + 1];
		if (gid)
			nonzero++;
		if (cp == 'A' || cp == 'z' || cp == 0x201D)
			assert_true(gid != 0);
	}
	assert_int_equal(nonzero, 3);
	free(map);
	free(pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_words_land_where_placed),
		TEST(test_fills_follow_the_colour_model),
		TEST(test_an_empty_page_is_a_valid_stream),
		TEST(test_cid_map_ends_after_the_last_character_drawn),
	};
	return cmocka_run_group_tests(tests, open_fonts, close_fonts);
}
