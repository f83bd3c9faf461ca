/* Unit tests for hyphenate, against Debian's real pattern files
 * (hyphen-sv 1:7.5.0-1 and hyphen-en-us 2.8.8-7 on bookworm). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "typeset/hyphenate.h"

static hyphenator *open_or_fail(const char *lang)
{
	char *err = (char *)"untouched";
	hyphenator *h = hyph_open(lang, &err);
	if (!h) {
		print_error("hyph_open(%s): %s\n", lang, err);
		free(err);
		fail();
	}
	assert_null(err);
	return h;
}

static int setup_sv(void **state)
{
	*state = open_or_fail("sv");
	return 0;
}

static int teardown(void **state)
{
	hyph_close(*state);
	return 0;
}

/* Asserts that word (NUL-terminated) gets exactly the expected points, each
 * of the expected kind (kinds_expected: 'h' add a hyphen, 'x' explicit,
 * 'j' a compound's joint, 'p' inside a part of a compound). */
static void expect_points(hyphenator *h, const char *word, const size_t *expected, const char *kinds_expected)
{
	size_t *points;
	hyph_kind *kinds;
	size_t count = hyph_points(h, word, strlen(word), &points, &kinds);
	size_t want = strlen(kinds_expected);
	if (count != want) {
		print_error("%s: %zu points, expected %zu:", word, count, want);
		for (size_t i = 0; i < count; i++)
			print_error(" %zu", points[i]);
		print_error("\n");
	}
	assert_int_equal(count, want);
	for (size_t i = 0; i < count; i++) {
		assert_int_equal(points[i], expected[i]);
		char c = kinds_expected[i];
		assert_int_equal(kinds[i], c == 'x' ? HYPH_EXPLICIT : c == 'j' ? HYPH_JOINT
					   : c == 'p' ? HYPH_WITHIN_PART : HYPH_ADD_HYPHEN);
	}
	free(points);
	free(kinds);
}

static size_t count_points(hyphenator *h, const char *word)
{
	size_t *points;
	size_t count = hyph_points(h, word, strlen(word), &points, NULL);
	free(points);
	return count;
}

static void test_swedish_compound(void **state)
{
	/* ar-bets-mark-nads-de-par-te-men-tet */
	static const size_t expected[] = {2, 6, 10, 14, 16, 19, 21, 24};
	expect_points(*state, "arbetsmarknadsdepartementet", expected, "hhhhhhhh");
	/* The break between "arbets" and "marknads" is offset 6, between
	 * "marknads" and "departementet" offset 14: both in the list above. */
}

static void test_compound_joints(void **state)
{
	hyphenator *h = *state;
	/* pro-jekt|rap-por-ten: the joint from the lexicon, the pattern points
	 * inside the parts marked as such. */
	expect_points(h, "projektrapporten", (const size_t[]){3, 7, 10, 13}, "pjpp");
	/* me-tod|stöd: the patterns have no point at the joint; it is added. */
	expect_points(h, "metodstöd", (const size_t[]){2, 5}, "pj");
	/* Capitals and a joint in a part after an explicit hyphen. */
	expect_points(h, "Projektrapporten", (const size_t[]){3, 7, 10, 13}, "pjpp");
	expect_points(h, "EU-projektrapporten", (const size_t[]){3, 6, 10, 13, 16}, "xpjpp");
	/* idé|slus-sar: "é" is two bytes. */
	expect_points(h, "idéslussar", (const size_t[]){4, 8}, "jp");
	/* A word the dictionary lists whole keeps plain pattern points. */
	expect_points(h, "kompetens", (const size_t[]){3, 5}, "hh");
}

static void test_no_joints_in_english(void **state)
{
	(void)state;
	hyphenator *en = open_or_fail("en");
	size_t *points;
	hyph_kind *kinds;
	size_t n = hyph_points(en, "projektrapporten", 16, &points, &kinds);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(kinds[i], HYPH_ADD_HYPHEN);
	free(points);
	free(kinds);
	hyph_close(en);
}

static void test_non_ascii_offsets(void **state)
{
	hyphenator *h = *state;
	/* för-säk-rings-kas-san: "för" is 4 bytes, "försäk" 8. */
	static const size_t forsakring[] = {4, 8, 13, 16};
	expect_points(h, "försäkringskassan", forsakring, "hhhh");
	/* över-ens-kom-melse */
	static const size_t overens[] = {5, 8, 11};
	expect_points(h, "överenskommelse", overens, "hhh");

	static const char *const words[] = {"försäkringskassan", "överenskommelse", "räksmörgås", "kärnkraftsolyckan",
	                                    "Ålänningarnas", "fåtöljförsäljaren"};
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		size_t *points;
		size_t count = hyph_points(h, words[w], strlen(words[w]), &points, NULL);
		assert_true(count >= 2);
		for (size_t i = 0; i < count; i++) {
			assert_true(points[i] > 0 && points[i] < strlen(words[w]));
			/* Never inside a multi-byte character. */
			assert_true(((unsigned char)words[w][points[i]] & 0xC0) != 0x80);
			if (i > 0)
				assert_true(points[i] > points[i - 1]);
		}
		free(points);
	}
}

static void test_case_does_not_matter(void **state)
{
	hyphenator *h = *state;
	static const size_t overens[] = {5, 8, 11};
	expect_points(h, "ÖVERENSKOMMELSE", overens, "hhh");
	expect_points(h, "Överenskommelse", overens, "hhh");
	static const size_t arbets[] = {2, 6, 10, 14, 16, 19, 21, 24};
	expect_points(h, "ARBETSMARKNADSDEPARTEMENTET", arbets, "hhhhhhhh");
}

static void test_punctuation_around_word(void **state)
{
	/* Offsets still count from the start of what was passed. */
	static const size_t quoted[] = {3, 7, 11, 15, 17, 20, 22, 25};
	expect_points(*state, "\"Arbetsmarknadsdepartementet,\"", quoted, "hhhhhhhh");
	/* U+201D is 3 bytes; the trailing "..." and quote are not the word. */
	static const size_t curly[] = {7, 11, 16, 19};
	expect_points(*state, "\u201dförsäkringskassan...\u201d", curly, "hhhh");
}

static void test_soft_hyphens(void **state)
{
	hyphenator *h = *state;
	/* Only the soft hyphen's point (after its two bytes), though the
	 * patterns would give eight others. */
	static const size_t one[] = {8};
	expect_points(h, "arbets\u00admarknadsdepartementet", one, "h");
	/* The author's soft hyphens hold even inside the minimum lengths. */
	static const size_t short_word[] = {3};
	expect_points(h, "a\u00adbc", short_word, "h");
	static const size_t two[] = {6, 12};
	expect_points(h, "för\u00adsäk\u00adring", two, "hh");
	/* A soft hyphen at the edge offers nothing, and still rules out the
	 * patterns. */
	expect_points(h, "\u00adarbetsmarknad", NULL, "");
}

static void test_explicit_hyphens(void **state)
{
	hyphenator *h = *state;
	static const size_t etjanst[] = {2};
	expect_points(h, "e-tjänst", etjanst, "x");
	/* Ska-ra-borgs- | pro-jek-tet: the parts are hyphenated on their own. */
	static const size_t skaraborg[] = {3, 5, 11, 14, 17};
	expect_points(h, "Skaraborgs-projektet", skaraborg, "hhxhh");
	/* En dash (3 bytes): Stock-holm– | Gö-te-borg */
	static const size_t dash[] = {5, 12, 15, 17};
	expect_points(h, "Stockholm\u2013Göteborg", dash, "hxhh");
	/* A short part in capitals is left alone, the rest is not. */
	static const size_t nato[] = {5, 9, 12};
	expect_points(h, "NATO-ländernas", nato, "xhh");
	/* No break at a doubled hyphen, nor at a leading or trailing one, nor at a
	 * non-breaking hyphen (U+2011). */
	expect_points(h, "e--post", NULL, "");
	expect_points(h, "-tjänst", NULL, "");
	static const size_t trailing[] = {3, 5};
	expect_points(h, "Skaraborgs-", trailing, "hh");
	expect_points(h, "e\u2011tjänst", NULL, "");
}

static void test_not_hyphenated(void **state)
{
	hyphenator *h = *state;
	static const char *const words[] = {
		"2020-talet", "arbetsmarknad2", "namn@arbetsmarknad.se", "arbetsmarknad/departement", "EU", "NATO",
		"SVT", "www.arbetsmarknad.se", "t.ex.", "S:t", "arbetsmarknad_departement", "\xff\xfe", "arbets\xc3",
	};
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		size_t *points = (size_t *)words;
		hyph_kind *kinds = (hyph_kind *)words;
		assert_int_equal(hyph_points(h, words[w], strlen(words[w]), &points, &kinds), 0);
		assert_null(points);
		assert_null(kinds);
	}
	/* Capitals longer than four letters are hyphenated. */
	assert_true(count_points(h, "ARBETSMARKNAD") > 0);
	assert_int_equal(hyph_points(h, "", 0, &(size_t *){NULL}, NULL), 0);
}

static void test_minimum_fragments(void **state)
{
	hyphenator *h = *state;
	hyph_set_min(h, 4, 6);
	/* 27 letters. The first fragment needs 4, so the break after "ar" goes;
	 * the last needs 6, so the break before "tet" goes and the one before
	 * "mentet" stays. */
	static const size_t arbets[] = {6, 10, 14, 16, 19, 21};
	expect_points(h, "arbetsmarknadsdepartementet", arbets, "hhhhhh");
	/* Counted in characters: "över" is 4 characters but 5 bytes, and
	 * "melse" is 5 characters, one short. */
	static const size_t overens[] = {5, 8};
	expect_points(h, "överenskommelse", overens, "hh");
	hyph_set_min(h, 5, 6);
	static const size_t overens5[] = {8};
	expect_points(h, "överenskommelse", overens5, "h");
	/* Explicit hyphens ignore the minimum. */
	static const size_t etjanst[] = {2};
	expect_points(h, "e-tjänst", etjanst, "x");
	/* Smaller minimums let more of the patterns' points through. */
	hyph_set_min(h, 1, 1);
	assert_true(count_points(h, "arbetsmarknadsdepartementet") >= 8);
	hyph_set_min(h, 2, 3);
	static const size_t all[] = {2, 6, 10, 14, 16, 19, 21, 24};
	expect_points(h, "arbetsmarknadsdepartementet", all, "hhhhhhhh");
}

static void test_english(void **state)
{
	(void)state;
	static const char *const tags[] = {"en", "en-US", "en_US", "EN-us", "en-Latn-US"};
	for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
		hyphenator *h = open_or_fail(tags[t]);
		/* hy-phen-ation */
		static const size_t hyphenation[] = {2, 6};
		expect_points(h, "hyphenation", hyphenation, "hh");
		static const size_t typesetting[] = {4, 7};
		expect_points(h, "Typesetting", typesetting, "hh");
		hyph_close(h);
	}
	/* Swedish with a region that has its own file. */
	hyphenator *fi = open_or_fail("sv-FI");
	assert_int_equal(count_points(fi, "arbetsmarknadsdepartementet"), 8);
	hyph_close(fi);
}

static void test_unknown_language(void **state)
{
	(void)state;
	static const char *const tags[] = {"xx", "qq-ZZ", "../../etc/passwd", "", "s", "sv SE"};
	for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
		char *err = NULL;
		hyphenator *h = hyph_open(tags[t], &err);
		assert_null(h);
		assert_non_null(err);
		char *quoted = xasprintf("\"%s\"", tags[t]);
		if (!strstr(err, quoted))
			print_error("message does not name %s: %s\n", quoted, err);
		assert_non_null(strstr(err, quoted));
		free(quoted);
		free(err);
	}
	char *err = NULL;
	assert_null(hyph_open_file("/nonexistent/hyph_xx.dic", &err));
	assert_non_null(strstr(err, "/nonexistent/hyph_xx.dic"));
	free(err);
	hyph_close(NULL);
}

static char *write_temp_file(const char *content)
{
	char *path = xstrdup("/tmp/hejapack-hyph-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(content);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_pattern_file_charset(void **state)
{
	(void)state;
	/* A Latin-1 file: the pattern "\xe41b" is "ä1b", a break between ä and
	 * b. Unconverted, its byte 0xE4 would never match the UTF-8 word. */
	char *path = write_temp_file("ISO8859-1\nLEFTHYPHENMIN 1\nRIGHTHYPHENMIN 1\n\xe4"
	                             "1b\n");
	char *err = (char *)"untouched";
	hyphenator *h = hyph_open_file(path, &err);
	assert_non_null(h);
	assert_null(err);
	hyph_set_min(h, 1, 1);
	static const size_t tabo[] = {3};
	expect_points(h, "täbö", tabo, "h");
	expect_points(h, "TÄBÖN", tabo, "h");
	hyph_close(h);
	unlink(path);
	free(path);

	path = write_temp_file("NO-SUCH-CHARSET-42\nab1c\n");
	h = hyph_open_file(path, &err);
	assert_null(h);
	assert_non_null(strstr(err, "NO-SUCH-CHARSET-42"));
	free(err);
	unlink(path);
	free(path);

	path = write_temp_file("");
	h = hyph_open_file(path, &err);
	assert_null(h);
	assert_non_null(err);
	free(err);
	unlink(path);
	free(path);
}

static void test_very_long_input(void **state)
{
	hyphenator *h = *state;
	buf b;
	buf_init(&b);
	while (b.len < 10000)
		buf_puts(&b, "arbetsmarknads");
	size_t *points;
	hyph_kind *kinds;
	size_t count = hyph_points(h, b.data, b.len, &points, &kinds);
	assert_true(count > 1000);
	for (size_t i = 0; i < count; i++) {
		assert_true(points[i] >= 2 && points[i] <= b.len - 3);
		if (i > 0)
			assert_true(points[i] > points[i - 1]);
		assert_int_equal(kinds[i], HYPH_ADD_HYPHEN);
	}
	free(points);
	free(kinds);

	/* 10 000 bytes of two-byte letters, and of bytes that are not UTF-8. */
	buf_clear(&b);
	while (b.len < 10000)
		buf_puts(&b, "öä");
	count = hyph_points(h, b.data, b.len, &points, NULL);
	for (size_t i = 0; i < count; i++)
		assert_true(points[i] % 2 == 0);
	free(points);
	memset(b.data, 0xA5, b.len);
	assert_int_equal(hyph_points(h, b.data, b.len, &points, NULL), 0);
	buf_free(&b);
}

static const char *const compound_parts[] = { "arbets", "kommun", "platt", "form", "fullmäk", "tige", "inno",
					       "vations", "ledning", "grupp", "träff", "möte", "samverkan",
					       "region", "utveck", "ling", "skola", "vård", "plan", "bygg" };
#define COMPOUND_PARTS (sizeof compound_parts / sizeof compound_parts[0])

/* The i-th made-up compound, and a sum that changes with any of its points. */
static size_t compound_points_sum(hyphenator *h, size_t i)
{
	char word[128];
	snprintf(word, sizeof word, "%s%s%s", compound_parts[i % COMPOUND_PARTS],
		 compound_parts[(i / COMPOUND_PARTS) % COMPOUND_PARTS],
		 compound_parts[(i / (COMPOUND_PARTS * COMPOUND_PARTS)) % COMPOUND_PARTS]);
	size_t *points;
	size_t n = hyph_points(h, word, strlen(word), &points, NULL);
	size_t sum = n * 1000;
	for (size_t k = 0; k < n; k++)
		sum += points[k] * (k + 1);
	free(points);
	return sum;
}

/* Answers stay the same however many words came between (the table of
 * words seen grows, and at its largest starts over): 20 000 made-up
 * compounds, each asked again after the others, and of a fresh hyphenator. */
static void test_many_words_same_answers(void **state)
{
	hyphenator *h = *state;
	enum { WORDS = 20000 };
	size_t *first = calloc(WORDS, sizeof *first);
	for (size_t i = 0; i < WORDS; i++)
		first[i] = compound_points_sum(h, i);
	for (size_t i = 0; i < WORDS; i++)
		assert_int_equal(compound_points_sum(h, i), first[i]);
	hyphenator *fresh = open_or_fail("sv");
	for (size_t i = 0; i < WORDS; i += 997)
		assert_int_equal(compound_points_sum(fresh, i), first[i]);
	hyph_close(fresh);
	free(first);
}

/* A shared library lives until its last holder lets go; its hyphenators
 * are the same for every holder (ASan catches a use after free). */
static void test_shared_library(void **state)
{
	(void)state;
	hyph_library *lib = hyph_library_new();
	hyph_library *share = hyph_library_share(lib);
	assert_ptr_equal(share, lib);
	hyphenator *first = hyph_library_get(lib, "sv");
	assert_non_null(first);
	hyph_library_free(lib);
	assert_ptr_equal(hyph_library_get(share, "sv"), first);
	size_t *points;
	assert_true(hyph_points(first, "arbetsmarknadsdepartementet", 27, &points, NULL) > 3);
	free(points);
	hyph_library_free(share);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_swedish_compound, setup_sv, teardown),
		cmocka_unit_test_setup_teardown(test_compound_joints, setup_sv, teardown),
		cmocka_unit_test(test_no_joints_in_english),
		cmocka_unit_test_setup_teardown(test_non_ascii_offsets, setup_sv, teardown),
		cmocka_unit_test_setup_teardown(test_case_does_not_matter, setup_sv, teardown),
		cmocka_unit_test_setup_teardown(test_punctuation_around_word, setup_sv, teardown),
		cmocka_unit_test_setup_teardown(test_soft_hyphens, setup_sv, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_hyphens, setup_sv, teardown),
		cmocka_unit_test_setup_teardown(test_not_hyphenated, setup_sv, teardown),
		cmocka_unit_test_setup_teardown(test_minimum_fragments, setup_sv, teardown),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_unknown_language),
		cmocka_unit_test(test_pattern_file_charset),
		cmocka_unit_test_setup_teardown(test_very_long_input, setup_sv, teardown),
		cmocka_unit_test_setup_teardown(test_many_words_same_answers, setup_sv, teardown),
		cmocka_unit_test(test_shared_library),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
