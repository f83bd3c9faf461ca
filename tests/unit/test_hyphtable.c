/* Unit tests for the hyphenation patterns compiled into the program
 * (typeset/hyphtable): the automaton rebuilt from the tables must be the
 * one libhyphen parses from the same file, field by field and in what it
 * hyphenates, and an edited file must not get a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fsutil.h"
#include "typeset/hyphenate.h"
#include "typeset/hyphtable.h"
#include "typeset/patterns.h"

static char *read_compiled(const hyph_compiled_table *t, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", HYPH_PATTERN_DIR, t->name);
	char *raw = NULL;
	assert_int_equal(fs_slurp(path, &raw, len), 0);
	return raw;
}

static void assert_same_string(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_same_level(const HyphenDict *parsed, const HyphenDict *built)
{
	assert_int_equal(parsed->lhmin, built->lhmin);
	assert_int_equal(parsed->rhmin, built->rhmin);
	assert_int_equal(parsed->clhmin, built->clhmin);
	assert_int_equal(parsed->crhmin, built->crhmin);
	assert_int_equal(parsed->utf8, built->utf8);
	assert_string_equal(parsed->cset, built->cset);
	assert_int_equal(parsed->nohyphenl, built->nohyphenl);
	assert_int_equal(parsed->nohyphen != NULL, built->nohyphen != NULL);
	if (parsed->nohyphen) {
		const char *a = parsed->nohyphen, *b = built->nohyphen;
		for (int i = 0; i <= parsed->nohyphenl; i++) {
			assert_string_equal(a, b);
			a += strlen(a) + 1;
			b += strlen(b) + 1;
		}
	}
	assert_int_equal(parsed->num_states, built->num_states);
	for (int i = 0; i < parsed->num_states; i++) {
		const HyphenState *p = &parsed->states[i], *b = &built->states[i];
		assert_same_string(p->match, b->match);
		assert_same_string(p->repl, b->repl);
		if (p->repl) {
			assert_int_equal(p->replindex, b->replindex);
			assert_int_equal(p->replcut, b->replcut);
		}
		assert_int_equal(p->fallback_state, b->fallback_state);
		assert_int_equal(p->num_trans, b->num_trans);
		for (int k = 0; k < p->num_trans; k++) {
			assert_int_equal(p->trans[k].ch, b->trans[k].ch);
			assert_int_equal(p->trans[k].new_state, b->trans[k].new_state);
		}
	}
}

/* The patterns the build installs are compiled in (a build without them
 * would still work, only slower; this catches a Makefile that lost them). */
static void test_the_installed_patterns_are_compiled_in(void **state)
{
	(void)state;
	int sv = 0, en = 0;
	for (size_t i = 0; i < hyph_compiled_count; i++) {
		sv |= strcmp(hyph_compiled_tables[i].name, "hyph_sv_SE.dic") == 0;
		en |= strcmp(hyph_compiled_tables[i].name, "hyph_en_US.dic") == 0;
	}
	assert_true(sv);
	assert_true(en);
}

static void test_a_table_is_the_parsed_automaton(void **state)
{
	(void)state;
	for (size_t i = 0; i < hyph_compiled_count; i++) {
		size_t len;
		char *raw = read_compiled(&hyph_compiled_tables[i], &len);
		char *err = NULL;
		HyphenDict *parsed = patterns_parse(hyph_compiled_tables[i].name, raw, len, &err);
		assert_non_null(parsed);
		HyphenDict *built = hyph_table_dict(raw, len);
		assert_non_null(built);
		const HyphenDict *p = parsed, *b = built;
		size_t levels = 0;
		for (; p && b; p = p->nextlevel, b = b->nextlevel, levels++)
			assert_same_level(p, b);
		assert_null(p);
		assert_null(b);
		assert_int_equal(levels, hyph_compiled_tables[i].nlevels);
		hyph_table_free(built);
		hnj_hyphen_free(parsed);
		free(raw);
	}
}

/* Both automata break the same words at the same places, hyphenation
 * with replacements and compound levels included. */
static void test_a_table_hyphenates_as_the_file_does(void **state)
{
	(void)state;
	static const char *const words[] = { "kommunfullmäktigeledamöternas", "innovationsledning", "verksamheten",
		"förändringsarbete", "samhällsutveckling", "organisation", "hyphenation", "responsibility",
		"experimentation", "municipalities", "a", "ab", "skärgårdsö", "utvecklingsprojekt" };
	for (size_t i = 0; i < hyph_compiled_count; i++) {
		size_t len;
		char *raw = read_compiled(&hyph_compiled_tables[i], &len);
		char *err = NULL;
		HyphenDict *parsed = patterns_parse(hyph_compiled_tables[i].name, raw, len, &err);
		HyphenDict *built = hyph_table_dict(raw, len);
		assert_non_null(parsed);
		assert_non_null(built);
		size_t differing = 0, hyphens = 0;
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
			int n = (int)strlen(words[w]);
			char h1[128], h2[128];
			char **rep1 = NULL, **rep2 = NULL;
			int *pos1 = NULL, *pos2 = NULL, *cut1 = NULL, *cut2 = NULL;
			assert_int_equal(hnj_hyphen_hyphenate3(parsed, words[w], n, h1, NULL, &rep1, &pos1, &cut1, 2, 2, 2, 2), 0);
			assert_int_equal(hnj_hyphen_hyphenate3(built, words[w], n, h2, NULL, &rep2, &pos2, &cut2, 2, 2, 2, 2), 0);
			differing += memcmp(h1, h2, (size_t)n) != 0;
			for (int k = 0; k < n; k++)
				hyphens += h1[k] & 1;
			assert_int_equal(rep1 != NULL, rep2 != NULL);
			for (int k = 0; rep1 && k < n; k++) {
				assert_same_string(rep1[k], rep2[k]);
				free(rep1[k]);
				free(rep2[k]);
			}
			free(rep1);
			free(rep2);
			free(pos1);
			free(pos2);
			free(cut1);
			free(cut2);
		}
		assert_int_equal(differing, 0);
		/* The words are long: a table that hyphenates nothing is wrong too. */
		assert_true(hyphens > 10);
		hyph_table_free(built);
		hnj_hyphen_free(parsed);
		free(raw);
	}
}

static void test_an_edited_file_gets_no_table(void **state)
{
	(void)state;
	assert_true(hyph_compiled_count > 0);
	size_t len;
	char *raw = read_compiled(&hyph_compiled_tables[0], &len);
	HyphenDict *d = hyph_table_dict(raw, len);
	assert_non_null(d);
	hyph_table_free(d);
	/* One pattern digit changed, same size. */
	char *digit = strpbrk(raw + 10, "123456789");
	assert_non_null(digit);
	*digit = *digit == '1' ? '3' : '1';
	assert_null(hyph_table_dict(raw, len));
	/* Same bytes but one more. */
	char *longer = malloc(len + 1);
	memcpy(longer, raw, len);
	longer[len] = '\n';
	assert_null(hyph_table_dict(longer, len + 1));
	free(longer);
	free(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_installed_patterns_are_compiled_in),
		cmocka_unit_test(test_a_table_is_the_parsed_automaton),
		cmocka_unit_test(test_a_table_hyphenates_as_the_file_does),
		cmocka_unit_test(test_an_edited_file_gets_no_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
