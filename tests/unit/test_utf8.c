/* Unit tests for utf8: validation at every boundary of the encoding,
 * decoding with replacement, and an encode/decode round trip over every
 * Unicode scalar value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "base/utf8.h"

/* Length of a literal without its terminating NUL (literals may hold NUL). */
#define LIT(s) (s), (sizeof(s) - 1)

static void test_valid_text_is_whole_prefix(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_prefix(LIT("")), 0);
	assert_int_equal(utf8_valid_prefix(LIT("plain ASCII")), 11);
	assert_int_equal(utf8_valid_prefix(LIT("Pröva – ”så”")), strlen("Pröva – ”så”"));
	/* NUL is a valid code point; the length, not a terminator, ends the text. */
	assert_int_equal(utf8_valid_prefix(LIT("a\0b")), 3);
}

static void test_encoding_boundaries_are_valid(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid_prefix(LIT("\x7F")), 1);             /* U+007F, last 1-byte */
	assert_int_equal(utf8_valid_prefix(LIT("\xC2\x80")), 2);         /* U+0080, first 2-byte */
	assert_int_equal(utf8_valid_prefix(LIT("\xDF\xBF")), 2);         /* U+07FF, last 2-byte */
	assert_int_equal(utf8_valid_prefix(LIT("\xE0\xA0\x80")), 3);     /* U+0800, first 3-byte */
	assert_int_equal(utf8_valid_prefix(LIT("\xED\x9F\xBF")), 3);     /* U+D7FF, below surrogates */
	assert_int_equal(utf8_valid_prefix(LIT("\xEE\x80\x80")), 3);     /* U+E000, above surrogates */
	assert_int_equal(utf8_valid_prefix(LIT("\xEF\xBF\xBF")), 3);     /* U+FFFF */
	assert_int_equal(utf8_valid_prefix(LIT("\xF0\x90\x80\x80")), 4); /* U+10000, first 4-byte */
	assert_int_equal(utf8_valid_prefix(LIT("\xF4\x8F\xBF\xBF")), 4); /* U+10FFFF, the last */
}

static void test_invalid_forms_end_the_prefix(void **state)
{
	(void)state;
	/* Overlong forms of '/', U+07FF and U+FFFF. */
	assert_int_equal(utf8_valid_prefix(LIT("ab\xC0\xAF")), 2);
	assert_int_equal(utf8_valid_prefix(LIT("\xC1\xBF")), 0);
	assert_int_equal(utf8_valid_prefix(LIT("x\xE0\x9F\xBF")), 1);
	assert_int_equal(utf8_valid_prefix(LIT("\xF0\x8F\xBF\xBF")), 0);
	/* Surrogates U+D800 and U+DFFF. */
	assert_int_equal(utf8_valid_prefix(LIT("\xED\xA0\x80")), 0);
	assert_int_equal(utf8_valid_prefix(LIT("å\xED\xBF\xBF")), 2);
	/* Above U+10FFFF, and the 5- and 6-byte forms of old. */
	assert_int_equal(utf8_valid_prefix(LIT("\xF4\x90\x80\x80")), 0);
	assert_int_equal(utf8_valid_prefix(LIT("\xF8\x88\x80\x80\x80")), 0);
	assert_int_equal(utf8_valid_prefix(LIT("\xFC\x84\x80\x80\x80\x80")), 0);
	/* Bytes that never occur, a stray continuation, a truncated sequence. */
	assert_int_equal(utf8_valid_prefix(LIT("ok\xFF")), 2);
	assert_int_equal(utf8_valid_prefix(LIT("ok\xFE")), 2);
	assert_int_equal(utf8_valid_prefix(LIT("ab\x80")), 2);
	assert_int_equal(utf8_valid_prefix(LIT("a\xC3")), 1);
	assert_int_equal(utf8_valid_prefix(LIT("a\xE2\x80")), 1);
	assert_int_equal(utf8_valid_prefix(LIT("a\xF0\x9F\x98")), 1);
	/* A lead byte followed by ASCII instead of a continuation. */
	assert_int_equal(utf8_valid_prefix(LIT("\xC3(")), 0);
	/* Latin-1 text saved as such: "fråga" with 0xE5. */
	assert_int_equal(utf8_valid_prefix(LIT("fr\xE5ga")), 2);
}

static void test_next_decodes_and_advances(void **state)
{
	(void)state;
	const char s[] = "Aå–\xF0\x9F\x98\x80"; /* A, U+00E5, U+2013, U+1F600 */
	size_t len = sizeof s - 1, i = 0;
	assert_int_equal(utf8_next(s, len, &i), 'A');
	assert_int_equal(i, 1);
	assert_int_equal(utf8_next(s, len, &i), 0xE5);
	assert_int_equal(i, 3);
	assert_int_equal(utf8_next(s, len, &i), 0x2013);
	assert_int_equal(i, 6);
	assert_int_equal(utf8_next(s, len, &i), 0x1F600);
	assert_int_equal(i, 10);
}

static void test_next_replaces_invalid_one_byte_at_a_time(void **state)
{
	(void)state;
	/* A truncated 3-byte sequence, then 'x': two replacements (one per byte), then x. */
	const char s[] = "\xE2\x80x\xFF";
	size_t len = sizeof s - 1, i = 0;
	assert_int_equal(utf8_next(s, len, &i), UTF8_REPLACEMENT);
	assert_int_equal(i, 1);
	assert_int_equal(utf8_next(s, len, &i), UTF8_REPLACEMENT);
	assert_int_equal(i, 2);
	assert_int_equal(utf8_next(s, len, &i), 'x');
	assert_int_equal(i, 3);
	assert_int_equal(utf8_next(s, len, &i), UTF8_REPLACEMENT);
	assert_int_equal(i, 4);
	/* The length bounds the read: a sequence cut by len is invalid. */
	i = 0;
	assert_int_equal(utf8_next("å", 1, &i), UTF8_REPLACEMENT);
	assert_int_equal(i, 1);
	/* Surrogate and overlong are replaced, not decoded. */
	i = 0;
	assert_int_equal(utf8_next(LIT("\xED\xA0\x80"), &i), UTF8_REPLACEMENT);
	i = 0;
	assert_int_equal(utf8_next(LIT("\xC0\x80"), &i), UTF8_REPLACEMENT);
}

static void test_encode_known_values(void **state)
{
	(void)state;
	char out[4];
	assert_int_equal(utf8_encode_cp('a', out), 1);
	assert_memory_equal(out, "a", 1);
	assert_int_equal(utf8_encode_cp(0xE5, out), 2);
	assert_memory_equal(out, "å", 2);
	assert_int_equal(utf8_encode_cp(0x2013, out), 3);
	assert_memory_equal(out, "–", 3);
	assert_int_equal(utf8_encode_cp(0xFFFD, out), 3);
	assert_memory_equal(out, "\xEF\xBF\xBD", 3);
	assert_int_equal(utf8_encode_cp(0x10FFFF, out), 4);
	assert_memory_equal(out, "\xF4\x8F\xBF\xBF", 4);
}

/* Every scalar value encodes to the shortest form, validates, and decodes back. */
static void test_round_trip_every_scalar_value(void **state)
{
	(void)state;
	size_t expected_len = 1;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		expected_len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		char out[4];
		size_t n = utf8_encode_cp(cp, out);
		if (n != expected_len || utf8_valid_prefix(out, n) != n) {
			print_error("U+%04X: length %zu, valid prefix %zu\n", (unsigned)cp, n, utf8_valid_prefix(out, n));
			fail();
		}
		size_t i = 0;
		uint32_t back = utf8_next(out, n, &i);
		if (back != cp || i != n) {
			print_error("U+%04X decodes as U+%04X after %zu bytes\n", (unsigned)cp, (unsigned)back, i);
			fail();
		}
	}
	assert_int_equal(expected_len, 4);
}

static void test_count(void **state)
{
	(void)state;
	assert_int_equal(utf8_count(LIT("")), 0);
	assert_int_equal(utf8_count(LIT("Åsa")), 3);
	assert_int_equal(utf8_count(LIT("a – b")), 5);
	assert_int_equal(utf8_count(LIT("\xF0\x9F\x98\x80!")), 2);
	/* Invalid bytes count one each. */
	assert_int_equal(utf8_count(LIT("a\xFF" "b")), 3);
	assert_int_equal(utf8_count(LIT("\xE2\x80")), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_text_is_whole_prefix),
		cmocka_unit_test(test_encoding_boundaries_are_valid),
		cmocka_unit_test(test_invalid_forms_end_the_prefix),
		cmocka_unit_test(test_next_decodes_and_advances),
		cmocka_unit_test(test_next_replaces_invalid_one_byte_at_a_time),
		cmocka_unit_test(test_encode_known_values),
		cmocka_unit_test(test_round_trip_every_scalar_value),
		cmocka_unit_test(test_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
