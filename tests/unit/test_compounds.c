/* Unit tests for compounds: Swedish compounds' joints found in the word
 * forms of Debian's hunspell-sv (1:7.5.0-1 on bookworm), compiled in at
 * build time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "typeset/compounds.h"
#include "typeset/lexicon.h"

static void expect_joints(const char *word, const size_t *expected, size_t want)
{
	size_t joints[COMPOUND_MAX_JOINTS];
	size_t n = compound_joints(word, strlen(word), joints);
	if (n != want) {
		print_error("%s: %zu joints, expected %zu:", word, n, want);
		for (size_t i = 0; i < n; i++)
			print_error(" %zu", joints[i]);
		print_error("\n");
	}
	assert_int_equal(n, want);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(joints[i], expected[i]);
}

static void test_lexicon_is_compiled_in(void **state)
{
	(void)state;
	/* hunspell-sv 7.5 expands to about 820 000 forms of letters only. */
	assert_true(compound_lexicon_words() > 500000);
	static const char *const forms[] = {"projekt", "rapporten", "kompetens", "försörjning", "utvärdering",
					    "idé", "slussar", "användar", "tjänste", "metod", "stöd"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		if (!compound_is_form(forms[i], strlen(forms[i])))
			print_error("%s is no form\n", forms[i]);
		assert_true(compound_is_form(forms[i], strlen(forms[i])));
	}
	static const char *const not_forms[] = {"projektrap", "xqzv", "rapportenx", "ppor", ""};
	for (size_t i = 0; i < sizeof not_forms / sizeof *not_forms; i++)
		assert_false(compound_is_form(not_forms[i], strlen(not_forms[i])));
}

static void test_two_parts(void **state)
{
	(void)state;
	/* projekt|rapporten: the last part inflected */
	expect_joints("projektrapporten", (const size_t[]){7}, 1);
	/* kompetens|försörjning: "ö" is two bytes, after the joint */
	expect_joints("kompetensförsörjning", (const size_t[]){9}, 1);
	/* slut|utvärdering */
	expect_joints("slututvärdering", (const size_t[]){4}, 1);
	/* metod|stöd: Debian's patterns have no point at this joint */
	expect_joints("metodstöd", (const size_t[]){5}, 1);
	/* användar|driven: the first part's own compounding form */
	expect_joints("användardriven", (const size_t[]){9}, 1);
}

static void test_linking_s(void **state)
{
	(void)state;
	/* innovation-s|arbete */
	expect_joints("innovationsarbete", (const size_t[]){11}, 1);
	expect_joints("behovsintervju", (const size_t[]){6}, 1);
}

static void test_ambiguous_division_keeps_the_longer_rest(void **state)
{
	(void)state;
	/* idé|slussar, not idés|lussar ("é" is two bytes) */
	expect_joints("idéslussar", (const size_t[]){4}, 1);
	/* snabb|test, not snabbt|est */
	expect_joints("snabbtest", (const size_t[]){5}, 1);
	/* pappers|skiss, not papperss|kiss */
	expect_joints("pappersskiss", (const size_t[]){7}, 1);
}

static void test_words_left_whole(void **state)
{
	(void)state;
	/* Forms of their own: simple words, and compounds the dictionary lists
	 * ("gene|ration" would be a false joint). */
	static const char *const whole[] = {"kompetens", "generation", "projekt", "arbetsmarknadsdepartementet",
					    "innovation", "rapporten"};
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
		expect_joints(whole[i], NULL, 0);
	/* Too short for two parts of three letters, or not made of forms. */
	expect_joints("", NULL, 0);
	expect_joints("idéer", NULL, 0);
	expect_joints("qzxqzxqzxqzx", NULL, 0);
	/* Longer than COMPOUND_MAX_CHARS characters: left alone. */
	char longword[7 * 20 + 1] = "";
	for (int i = 0; i < 20; i++)
		strcat(longword, "projekt");
	expect_joints(longword, NULL, 0);
}

static void test_many_parts_are_bounded(void **state)
{
	(void)state;
	/* Eight forms in a row: more joints than COMPOUND_MAX_JOINTS allows is
	 * no word; what comes back is either nothing or within the bound. */
	char word[COMPOUND_MAX_CHARS + 1] = "";
	for (int i = 0; i < 8; i++)
		strcat(word, "stöd");
	size_t joints[COMPOUND_MAX_JOINTS];
	size_t n = compound_joints(word, strlen(word), joints);
	assert_true(n <= COMPOUND_MAX_JOINTS);
	for (size_t i = 1; i < n; i++)
		assert_true(joints[i - 1] < joints[i]);
	/* Three parts: projekt|stöds|rapporten ("ö" is two bytes). */
	expect_joints("projektstödsrapporten", (const size_t[]){7, 13}, 2);
}

static void test_fingerprint_hash_is_stable(void **state)
{
	(void)state;
	/* The table is written at build time and read at run time by the same
	 * function; a change to it must come with a rebuilt table. */
	uint64_t h = lexicon_hash("projekt", 7);
	assert_true(h == lexicon_hash("projekt", 7));
	assert_true(h != lexicon_hash("projekts", 8));
	assert_int_not_equal(lexicon_fingerprint(0), 0);
	assert_true(lexicon_slot(h, 20) < (1u << 20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lexicon_is_compiled_in),
		cmocka_unit_test(test_two_parts),
		cmocka_unit_test(test_linking_s),
		cmocka_unit_test(test_ambiguous_division_keeps_the_longer_rest),
		cmocka_unit_test(test_words_left_whole),
		cmocka_unit_test(test_many_parts_are_bounded),
		cmocka_unit_test(test_fingerprint_hash_is_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
