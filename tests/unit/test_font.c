/* Tests for src/font.c. Run from the repository root: the fonts are read from
 * fonts/ by relative path. Advances are checked against FreeType, which reads
 * the same hmtx independently of the HarfBuzz code under test. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_ADVANCES_H

#include "typeset/font.h"

#define SERIF "fonts/NotoSerif-Regular.ttf"
#define SERIF_BOLD "fonts/NotoSerif-Bold.ttf"
#define SANS "fonts/NotoSans-Regular.ttf"
#define MONO "fonts/NotoSansMono-Regular.ttf"
#define FALLBACK "fonts/fallback/NotoSans-Full.ttf"
#define SYMBOLS "fonts/fallback/NotoSansSymbols2-Regular.ttf"
#define MATH "fonts/fallback/NotoSansMath-Regular.ttf"
/* The unsubset system face still has its ligatures (fi, ffi...). */
#define SYSTEM_SERIF "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"

static font *open_or_fail(const char *path)
{
	char *err = NULL;
	font *f = font_open(path, &err);
	if (!f) {
		print_error("font_open(%s): %s\n", path, err ? err : "(no message)");
		free(err);
		fail();
	}
	assert_null(err);
	return f;
}

/* Advance in 1/1000 em as FreeType reports it, or -1 if the glyph is missing. */
static double freetype_advance(FT_Face face, uint32_t cp)
{
	FT_UInt glyph = FT_Get_Char_Index(face, cp);
	if (glyph == 0)
		return -1;
	FT_Fixed advance;
	assert_int_equal(FT_Get_Advance(face, glyph, FT_LOAD_NO_SCALE, &advance), 0);
	return advance * 1000.0 / face->units_per_EM;
}

static void check_advances_against_freetype(const char *path)
{
	static const uint32_t cps[] = {' ', 'A', 'V', 'T', 'o', 'm', 'i', '0', 0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6,
	                               0x2013, 0x2014, 0x201D, 0x2026, 0x20AC, 0xFFFD, 0x0152, 0x017E};
	FT_Library library;
	FT_Face face;
	assert_int_equal(FT_Init_FreeType(&library), 0);
	assert_int_equal(FT_New_Face(library, path, 0, &face), 0);
	font *f = open_or_fail(path);
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		double expected = freetype_advance(face, cps[i]);
		if (expected < 0) {
			print_error("%s lacks U+%04X\n", path, (unsigned)cps[i]);
			fail();
		}
		assert_true(expected > 0);
		assert_true(font_advance(f, cps[i]) == expected);
	}
	font_close(f);
	FT_Done_Face(face);
	FT_Done_FreeType(library);
}

static void test_advances_match_freetype(void **state)
{
	(void)state;
	check_advances_against_freetype(SERIF);
	check_advances_against_freetype(SERIF_BOLD);
	check_advances_against_freetype("fonts/NotoSerif-Italic.ttf");
	check_advances_against_freetype("fonts/NotoSerif-BoldItalic.ttf");
	check_advances_against_freetype(SANS);
	check_advances_against_freetype("fonts/NotoSans-Bold.ttf");
	check_advances_against_freetype(MONO);
	check_advances_against_freetype(FALLBACK);
}

static void test_known_values(void **state)
{
	(void)state;
	font *f = open_or_fail(SERIF);
	assert_string_equal(font_family(f), "Noto Serif");
	assert_string_equal(font_path(f), SERIF);
	assert_int_equal(font_units_per_em(f), 1000);
	/* Noto Serif 2.004: OS/2 typo metrics = hhea, sCapHeight, sxHeight. */
	assert_true(font_ascender(f) == 1069);
	assert_true(font_descender(f) == -293);
	assert_true(font_line_gap(f) == 0);
	assert_true(font_cap_height(f) == 714);
	assert_true(font_x_height(f) == 536);
	assert_true(font_space(f) == font_advance(f, ' '));
	assert_true(font_space(f) == 260);
	assert_true(font_advance(f, 'A') == 705);
	assert_true(font_advance(f, 'V') == 675);
	font_close(f);

	font *mono = open_or_fail(MONO);
	assert_string_equal(font_family(mono), "Noto Sans Mono");
	assert_true(font_advance(mono, 'i') == 600);
	assert_true(font_advance(mono, 'W') == 600);
	assert_true(font_advance(mono, 0xE5) == 600);
	font_close(mono);
}

static void test_kerning(void **state)
{
	(void)state;
	font *f = open_or_fail(SERIF);
	/* What hb-shape reports for the committed font: A 705 -> 625 before V. */
	assert_true(font_kern(f, 'A', 'V') == -80);
	assert_true(font_kern(f, 'A', 'V') == -80); /* cached */
	assert_true(font_kern(f, 'V', 'A') < 0);
	assert_true(font_kern(f, 'T', 'o') < 0);
	assert_true(font_kern(f, 'H', 'H') == 0);
	/* Kerning is directional: "oT" is not kerned like "To". */
	assert_true(font_kern(f, 'o', 'T') != font_kern(f, 'T', 'o'));
	/* Missing glyphs never kern. */
	assert_true(font_kern(f, 'A', 0x4E2D) == 0);
	assert_true(font_kern(f, 0x4E2D, 'V') == 0);
	assert_true(font_kern(f, 'A', 0x110000) == 0);
	assert_true(font_kern(f, 0xFFFFFFFF, 'V') == 0);

	double av = font_advance(f, 'A') + font_advance(f, 'V') + font_kern(f, 'A', 'V');
	assert_true(font_width(f, "AV", 2) == av);
	assert_true(font_width(f, "AV", 2) < font_width(f, "A", 1) + font_width(f, "V", 1));
	font_close(f);

	font *sans = open_or_fail(SANS);
	assert_true(font_kern(sans, 'A', 'V') < 0);
	assert_true(font_kern(sans, 'T', 'o') < 0);
	font_close(sans);

	font *mono = open_or_fail(MONO);
	assert_true(font_kern(mono, 'A', 'V') == 0);
	assert_true(font_width(mono, "AVTo", 4) == 2400);
	font_close(mono);
}

/* Width equals the sum of advances and pair kerns, with å ä ö decoded from
 * UTF-8. */
static void test_width_is_advances_plus_kerns(void **state)
{
	(void)state;
	font *f = open_or_fail(SERIF);
	const char *word = "Väröåsen “Tåg”…";
	static const uint32_t cps[] = {'V', 0xE4, 'r', 0xF6, 0xE5, 's', 'e', 'n', ' ', 0x201C, 'T', 0xE5, 'g', 0x201D, 0x2026};
	size_t n = sizeof cps / sizeof cps[0];
	double expected = 0;
	for (size_t i = 0; i < n; i++) {
		expected += font_advance(f, cps[i]);
		if (i > 0)
			expected += font_kern(f, cps[i - 1], cps[i]);
	}
	assert_true(font_kern(f, 'V', 0xE4) < 0);
	assert_true(font_width(f, word, strlen(word)) == expected);
	/* A prefix measures only its own bytes. */
	assert_true(font_width(f, word, 1) == font_advance(f, 'V'));
	assert_true(font_width(f, word, 3) == font_advance(f, 'V') + font_advance(f, 0xE4) + font_kern(f, 'V', 0xE4));
	font_close(f);
}

static void test_empty_string(void **state)
{
	(void)state;
	font *f = open_or_fail(SERIF);
	assert_true(font_width(f, "", 0) == 0);
	assert_true(font_width(f, "AV", 0) == 0);
	font_close(f);
}

static void test_coverage(void **state)
{
	(void)state;
	static const uint32_t needed[] = {0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0x2013, 0x201D, 0x2026, 0xE6, 0xF8,
	                                  0xC6, 0xD8, 0xFC, 0xE9, 0x20AC, 0xA0, 0x202F, 0xFFFD};
	static const char *const body[] = {SERIF, SERIF_BOLD, "fonts/NotoSerif-Italic.ttf", "fonts/NotoSerif-BoldItalic.ttf",
	                                   SANS, "fonts/NotoSans-Bold.ttf", MONO};
	for (size_t k = 0; k < sizeof body / sizeof body[0]; k++) {
		font *f = open_or_fail(body[k]);
		for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
			if (!font_has_glyph(f, needed[i])) {
				print_error("%s lacks U+%04X\n", body[k], (unsigned)needed[i]);
				fail();
			}
			assert_true(font_advance(f, needed[i]) > 0);
		}
		/* Outside the subset: CJK, Greek, Cyrillic. */
		assert_false(font_has_glyph(f, 0x4E2D));
		assert_false(font_has_glyph(f, 0x03B1));
		assert_false(font_has_glyph(f, 0x0416));
		assert_true(font_advance(f, 0x4E2D) == 0);
		/* Not a code point at all. */
		assert_false(font_has_glyph(f, 0x110000));
		assert_true(font_advance(f, 0x110000) == 0);
		font_close(f);
	}
}

static void test_has_glyph_before_and_after_block_fill(void **state)
{
	(void)state;
	font *f = open_or_fail(SERIF);
	/* First through the direct cmap lookup (block 1 not filled yet), then
	 * through the filled block. U+017F is the last of Latin Extended-A, kept;
	 * U+0180 is the first of Extended-B, dropped by the subset. */
	assert_true(font_has_glyph(f, 0x017F));
	assert_false(font_has_glyph(f, 0x0180));
	assert_true(font_advance(f, 0x0180) == 0);
	assert_true(font_advance(f, 0x017F) > 0);
	assert_true(font_has_glyph(f, 0x017F));
	assert_false(font_has_glyph(f, 0x0180));
	assert_false(font_has_glyph(f, 0xE0041)); /* a tag character, block never filled */
	font_close(f);
}

static void test_fallback_faces(void **state)
{
	(void)state;
	font *full = open_or_fail(FALLBACK);
	/* Renamed so libharu does not mistake it for the Latin subset. */
	assert_string_equal(font_family(full), "Noto Sans Full");
	assert_true(font_has_glyph(full, 0x03B1)); /* α */
	assert_true(font_has_glyph(full, 0x03A9)); /* Ω */
	assert_true(font_has_glyph(full, 0x0416)); /* Ж */
	assert_true(font_has_glyph(full, 0x01FF)); /* ǿ, Latin Extended-B */
	assert_false(font_has_glyph(full, 0x4E2D));
	assert_true(font_width(full, "αβγ", strlen("αβγ")) > 0);
	font *sans = open_or_fail(SANS);
	assert_true(font_advance(full, 'A') == font_advance(sans, 'A'));
	assert_true(font_kern(full, 'A', 'V') == font_kern(sans, 'A', 'V'));
	font_close(sans);
	font_close(full);

	/* Body faces lack these (Noto Serif/Sans 2.004); the fallbacks have them. */
	font *math = open_or_fail(MATH);
	font *symbols = open_or_fail(SYMBOLS);
	assert_true(font_has_glyph(math, 0x2212));   /* − */
	assert_true(font_has_glyph(math, 0x2264));   /* ≤ */
	assert_true(font_has_glyph(math, 0x2192));   /* → */
	assert_true(font_has_glyph(symbols, 0x2713)); /* ✓ */
	assert_true(font_has_glyph(symbols, 0x25CF)); /* ● */
	assert_true(font_has_glyph(symbols, 0x25A1)); /* □ */
	font_close(symbols);
	font_close(math);
}

static void test_utf8_decoder(void **state)
{
	(void)state;
	struct {
		const char *bytes;
		size_t len;
		uint32_t expect[6];
		size_t count;
	} cases[] = {
		{"a", 1, {'a'}, 1},
		{"\xC3\xA5", 2, {0xE5}, 1},
		{"\xE2\x80\x93", 3, {0x2013}, 1},
		{"\xF0\x9F\x98\x80", 4, {0x1F600}, 1},
		{"\xF4\x8F\xBF\xBF", 4, {0x10FFFF}, 1},
		{"\x00", 1, {0}, 1},
		/* Stray continuation byte and bytes that never start a sequence. */
		{"\x80", 1, {0xFFFD}, 1},
		{"\xFF\xFE", 2, {0xFFFD, 0xFFFD}, 2},
		/* Overlong forms. */
		{"\xC0\xAF", 2, {0xFFFD, 0xFFFD}, 2},
		{"\xE0\x80\xAF", 3, {0xFFFD, 0xFFFD, 0xFFFD}, 3},
		/* Surrogate U+D800, and above U+10FFFF. */
		{"\xED\xA0\x80", 3, {0xFFFD, 0xFFFD, 0xFFFD}, 3},
		{"\xF4\x90\x80\x80", 4, {0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}, 4},
		/* Truncated sequences: the valid prefix is one replacement. */
		{"\xE2\x80", 2, {0xFFFD}, 1},
		{"\xE2\x80x", 3, {0xFFFD, 'x'}, 2},
		{"\xF0\x9F\x98", 3, {0xFFFD}, 1},
		{"\xC3", 1, {0xFFFD}, 1},
		{"a\xC3\xA5\xE5z", 5, {'a', 0xE5, 0xFFFD, 'z'}, 4},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		size_t i = 0, n = 0;
		while (i < cases[c].len) {
			size_t before = i;
			uint32_t cp = font_utf8_next(cases[c].bytes, cases[c].len, &i);
			assert_true(i > before);
			assert_true(i <= cases[c].len);
			assert_true(n < cases[c].count);
			if (cp != cases[c].expect[n]) {
				print_error("case %zu item %zu: got U+%04X, want U+%04X\n", c, n, (unsigned)cp,
				            (unsigned)cases[c].expect[n]);
				fail();
			}
			n++;
		}
		assert_int_equal(n, cases[c].count);
	}
}

static void test_invalid_utf8_measures_as_replacement(void **state)
{
	(void)state;
	font *f = open_or_fail(SERIF);
	double replacement = font_advance(f, 0xFFFD);
	assert_true(replacement > 0);
	assert_true(font_width(f, "\xFF", 1) == replacement);
	assert_true(font_width(f, "\xE2\x80", 2) == replacement); /* one, not two */
	double expected = font_advance(f, 'a') + font_kern(f, 'a', 0xFFFD) + replacement + font_kern(f, 0xFFFD, 'b') +
	                  font_advance(f, 'b');
	assert_true(font_width(f, "a\xC3" "b", 3) == expected);
	font_close(f);
}

static void test_open_errors(void **state)
{
	(void)state;
	char *err = NULL;
	assert_null(font_open("fonts/no-such-font.ttf", &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "fonts/no-such-font.ttf"));
	assert_non_null(strstr(err, "No such file"));
	free(err);

	err = NULL;
	assert_null(font_open("fonts/OFL.txt", &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "fonts/OFL.txt"));
	free(err);

	err = NULL;
	assert_null(font_open("fonts", &err)); /* a directory */
	assert_non_null(err);
	assert_non_null(strstr(err, "'fonts'"));
	free(err);

	font_close(NULL);
}

/* libharu 2.3.0 can crash on a damaged font, so a truncated one is refused
 * at open with a message naming it. */
static void test_truncated_font(void **state)
{
	(void)state;
	FILE *in = fopen(SERIF, "rb");
	assert_non_null(in);
	static char head[20000];
	size_t got = fread(head, 1, sizeof head, in);
	fclose(in);
	assert_int_equal(got, sizeof head);
	char path[] = "/tmp/test_font_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, head, got), (ssize_t)got);
	close(fd);
	char *err = NULL;
	font *f = font_open(path, &err);
	unlink(path);
	assert_null(f);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "truncated"));
	free(err);
}

static void test_cff_font_refused(void **state)
{
	(void)state;
	/* Only the first bytes matter: an OpenType/CFF header. */
	static const unsigned char otto[12] = {'O', 'T', 'T', 'O', 0, 1, 0, 0, 0, 0, 0, 0};
	char path[] = "/tmp/test_font_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, otto, sizeof otto), (ssize_t)sizeof otto);
	close(fd);
	char *err = NULL;
	font *f = font_open(path, &err);
	unlink(path);
	assert_null(f);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "CFF"));
	free(err);
}

/* Fill the kerning cache past several growths and check that every value
 * survives the rehashing and matches a font that met the pairs in another
 * order. */
static void test_kern_cache_growth(void **state)
{
	(void)state;
	font *forward = open_or_fail(SERIF);
	font *backward = open_or_fail(SERIF);
	enum { FIRST = 0x20, LAST = 0x7E, SPAN = LAST - FIRST + 1 };
	static double first_pass[SPAN][SPAN];
	int kerned = 0;
	for (uint32_t l = FIRST; l <= LAST; l++)
		for (uint32_t r = FIRST; r <= LAST; r++) {
			first_pass[l - FIRST][r - FIRST] = font_kern(forward, l, r);
			kerned += first_pass[l - FIRST][r - FIRST] != 0;
		}
	for (uint32_t l = LAST + 1; l-- > FIRST;)
		for (uint32_t r = LAST + 1; r-- > FIRST;) {
			assert_true(font_kern(backward, l, r) == first_pass[l - FIRST][r - FIRST]);
			assert_true(font_kern(forward, l, r) == first_pass[l - FIRST][r - FIRST]);
		}
	/* Noto Serif 2.004 kerns 318 of these 9025 pairs, as the unsubset face
	 * does; a much lower count would mean kern data was lost. */
	assert_int_equal(kerned, 318);
	font_close(backward);
	font_close(forward);
}

/* The system face still has GSUB ligatures: "fi" must measure as f + i with
 * the pair's kerning, never as the ligature glyph. */
static void test_ligatures_do_not_affect_kerning(void **state)
{
	(void)state;
	if (access(SYSTEM_SERIF, R_OK) != 0)
		skip();
	font *f = open_or_fail(SYSTEM_SERIF);
	assert_true(font_kern(f, 'f', 'i') == 0);
	assert_true(font_width(f, "fi", 2) == font_advance(f, 'f') + font_advance(f, 'i'));
	assert_true(font_width(f, "ffi", 3) == 2 * font_advance(f, 'f') + font_advance(f, 'i'));
	/* Kerning itself still works in the full face. */
	assert_true(font_kern(f, 'A', 'V') == -80);
	font_close(f);
}

static void test_timing(void **state)
{
	(void)state;
	static const char *const words[] = {
		"Räksmörgås", "och",      "fjällbjörk", "för",   "att",       "Överenskommelse", "är",
		"på",         "världens", "största",    "–",     "”citat”",   "kommunfullmäktige", "i",
		"Sverige",    "år",       "2024",       "VATTEN", "Tågluffa", "självständighetsförklaringen",
	};
	enum { WORDS = sizeof words / sizeof words[0] };
	size_t lens[WORDS];
	for (size_t i = 0; i < WORDS; i++)
		lens[i] = strlen(words[i]);
	font *f = open_or_fail(SERIF);
	double sink = 0;
	for (size_t i = 0; i < WORDS; i++) /* warm the caches */
		sink += font_width(f, words[i], lens[i]);
	const long calls = 1000000;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long n = 0; n < calls; n++)
		sink += font_width(f, words[n % WORDS], lens[n % WORDS]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / (double)calls;
	size_t bytes = 0;
	for (size_t i = 0; i < WORDS; i++)
		bytes += lens[i];
	printf("font_width: %.1f ns/word (%ld calls, mean %.1f bytes/word)\n", ns, calls, (double)bytes / WORDS);

	/* Cold cost: a fresh font measuring the same words (block fills and pair
	 * shaping). */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	font *cold = open_or_fail(SERIF);
	for (size_t i = 0; i < WORDS; i++)
		sink += font_width(cold, words[i], lens[i]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	font_close(cold);
	printf("font_open + first measurement of %d words: %.1f us\n", WORDS,
	       ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1e3);
	assert_true(sink > 0);
	font_close(f);
}

/* libharu 2.3.0 fails to save a subset whose empty last table ('prep')
 * starts on a multiple of its 4096-byte stream buffer (error 0x1033): every
 * shipped face carries a small 'prep' (fonts/make-fonts.sh) so that table is
 * never empty. Read with FreeType, not our own parser. */
static void test_every_face_has_prep(void **state)
{
	(void)state;
	static const char *const faces[] = {SERIF, SERIF_BOLD, "fonts/NotoSerif-Italic.ttf",
	                                    "fonts/NotoSerif-BoldItalic.ttf", SANS, "fonts/NotoSans-Bold.ttf",
	                                    MONO, FALLBACK, SYMBOLS, MATH};
	FT_Library library;
	assert_int_equal(FT_Init_FreeType(&library), 0);
	for (size_t i = 0; i < sizeof faces / sizeof *faces; i++) {
		FT_Face face;
		assert_int_equal(FT_New_Face(library, faces[i], 0, &face), 0);
		FT_ULong length = 0;
		if (FT_Load_Sfnt_Table(face, FT_MAKE_TAG('p', 'r', 'e', 'p'), 0, NULL, &length) || length == 0) {
			print_error("%s has no 'prep' table (rerun fonts/make-fonts.sh)\n", faces[i]);
			fail();
		}
		FT_Done_Face(face);
	}
	FT_Done_FreeType(library);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_advances_match_freetype),
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_kerning),
		cmocka_unit_test(test_width_is_advances_plus_kerns),
		cmocka_unit_test(test_empty_string),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_has_glyph_before_and_after_block_fill),
		cmocka_unit_test(test_fallback_faces),
		cmocka_unit_test(test_utf8_decoder),
		cmocka_unit_test(test_invalid_utf8_measures_as_replacement),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_truncated_font),
		cmocka_unit_test(test_cff_font_refused),
		cmocka_unit_test(test_kern_cache_growth),
		cmocka_unit_test(test_ligatures_do_not_affect_kerning),
		cmocka_unit_test(test_every_face_has_prep),
		cmocka_unit_test(test_timing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
