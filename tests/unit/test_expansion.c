/* Unit tests for font expansion: the breaker's per-line glyph scale on
 * hand-computed lines (glyphs take up the slack before the glue moves,
 * within +/-2 %, never wider on a line with fill glue, code boxes never),
 * and para with the real fonts: a paragraph whose spaces reach 1.7x without
 * expansion stays within 1.6x, scaled lines still end exactly at the
 * measure, every run's width is its natural width times its scale, and
 * ragged text, last lines and code keep their natural widths.
 *
 * Run from the repository root (make unit does): the fonts are opened from
 * fonts/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "typeset/fontset.h"
#include "typeset/hyphenate.h"
#include "typeset/linebreak.h"
#include "typeset/para.h"

/* cmocka 1.1 compares only integers; widths and scales need doubles. */
#define assert_near(a, b, eps) near_or_fail((a), (b), (eps), #a, __FILE__, __LINE__)

static void near_or_fail(double a, double b, double eps, const char *expr, const char *file, int line)
{
	if (!(fabs(a - b) <= eps)) {
		print_error("%s = %.9g, expected %.9g (+/- %g)\n", expr, a, b, eps);
		_fail(file, line);
	}
}

/* ---- the breaker on items ---- */

typedef struct {
	lb_item items[32];
	size_t n;
} line_items;

static void add(line_items *l, lb_item it)
{
	assert_true(l->n < sizeof l->items / sizeof l->items[0]);
	l->items[l->n++] = it;
}

/* Words of the given widths (expandable or not) with no-break spaces of
 * width 3, stretch 1.8 and shrink 0.75 between them (0.6 and 0.25 of the
 * space, as para uses), ending in a forced break with no fill glue: one
 * line that must be justified. */
static void words(line_items *l, const double *widths, size_t n, int expandable)
{
	for (size_t i = 0; i < n; i++) {
		if (i) {
			add(l, (lb_item){ .kind = LB_PENALTY, .penalty = LB_INFINITY });
			add(l, (lb_item){ .kind = LB_GLUE, .width = 3, .stretch = 1.8, .shrink = 0.75 });
		}
		add(l, (lb_item){ .kind = LB_BOX, .width = widths[i], .expandable = expandable });
	}
	add(l, (lb_item){ .kind = LB_PENALTY, .penalty = -LB_INFINITY });
}

static double measure_of(size_t line, void *ctx)
{
	(void)line;
	return *(double *)ctx;
}

static lb_line break_one(line_items *l, double measure, double expansion)
{
	lb_params par;
	lb_params_default(&par);
	par.expansion = expansion;
	lb_line *lines = NULL;
	size_t n = lb_break(l->items, l->n, measure_of, &measure, &par, &lines);
	assert_int_equal(n, 1);
	lb_line out = lines[0];
	free(lines);
	return out;
}

static const double three[] = { 30, 30, 31 }; /* 91 of glyphs, two spaces: 97 natural */

/* 101.2 pt needs 4.2 more: 1.17 of the spaces' stretch (1.7x spaces)
 * without expansion; 2 % of the glyphs (1.82) comes first, the glue
 * carries the remaining 2.38. */
static void test_glyphs_take_the_slack_first(void **state)
{
	(void)state;
	line_items l = { .n = 0 };
	words(&l, three, 3, 1);
	lb_line plain = break_one(&l, 101.2, 0);
	assert_near(plain.scale, 1.0, 0);
	assert_near(plain.ratio, 4.2 / 3.6, 1e-9);
	assert_true(1 + 0.6 * plain.ratio > 1.69);

	lb_line wide = break_one(&l, 101.2, 0.02);
	assert_near(wide.scale, 1.02, 1e-12);
	assert_near(wide.ratio, (4.2 - 0.02 * 91) / 3.6, 1e-9);
	assert_true(1 + 0.6 * wide.ratio <= 1.6);
	assert_int_equal(wide.underfull, 0);
}

/* Slack the glyphs can take alone leaves the spaces at their natural
 * width: the scale is exactly what fills the measure. */
static void test_small_slack_is_all_glyphs(void **state)
{
	(void)state;
	line_items l = { .n = 0 };
	words(&l, three, 3, 1);
	lb_line wider = break_one(&l, 98, 0.02);
	assert_near(wider.scale, 1 + 1.0 / 91, 1e-12);
	assert_near(wider.ratio, 0, 1e-12);
	lb_line narrower = break_one(&l, 96, 0.02);
	assert_near(narrower.scale, 1 - 1.0 / 91, 1e-12);
	assert_near(narrower.ratio, 0, 1e-12);
	/* 91 * s + 2 * 3 fills the measure in both. */
	assert_near(91 * wider.scale + 6, 98, 1e-9);
	assert_near(91 * narrower.scale + 6, 96, 1e-9);
}

/* Too tight: glyphs shrink by the full 2 % and the spaces take the rest. */
static void test_shrink_glyphs_then_spaces(void **state)
{
	(void)state;
	line_items l = { .n = 0 };
	words(&l, three, 3, 1);
	lb_line tight = break_one(&l, 95, 0.02);
	assert_near(tight.scale, 0.98, 1e-12);
	assert_near(tight.ratio, -(2 - 1.82) / 1.5, 1e-9);
	assert_int_equal(tight.overfull, 0);
	/* 1 pt more than the spaces can give: overfull without expansion, a
	 * fit with it (the glyphs give 1.82). */
	double measure = 97 - 1.5 - 1;
	lb_line plain = break_one(&l, measure, 0);
	assert_int_equal(plain.overfull, 1);
	lb_line saved = break_one(&l, measure, 0.02);
	assert_int_equal(saved.overfull, 0);
	assert_near(91 * saved.scale + 6 + saved.ratio * 1.5, measure, 1e-9);
	assert_true(saved.scale >= 0.98 - 1e-12);
}

/* Boxes not marked expandable (code) give the breaker nothing. */
static void test_unmarked_boxes_keep_their_width(void **state)
{
	(void)state;
	line_items l = { .n = 0 };
	words(&l, three, 3, 0);
	lb_line line = break_one(&l, 101.2, 0.02);
	assert_near(line.scale, 1.0, 0);
	assert_near(line.ratio, 4.2 / 3.6, 1e-9);
}

/* Fill glue takes up a short last line: its glyphs never widen. */
static void test_fill_line_never_wider(void **state)
{
	(void)state;
	line_items l = { .n = 0 };
	words(&l, three, 3, 1);
	l.n--; /* the forced break */
	add(&l, (lb_item){ .kind = LB_PENALTY, .penalty = LB_INFINITY });
	add(&l, (lb_item){ .kind = LB_GLUE, .stretch = LB_FIL });
	add(&l, (lb_item){ .kind = LB_PENALTY, .penalty = -LB_INFINITY });
	lb_line line = break_one(&l, 150, 0.02);
	assert_near(line.scale, 1.0, 0);
}

/* The hyphen a line ends in is drawn at the line's scale, so it counts
 * among the glyphs: 2 % of (30 + 30 + 4). */
static void test_hyphen_counts_as_glyphs(void **state)
{
	(void)state;
	line_items l = { .n = 0 };
	add(&l, (lb_item){ .kind = LB_BOX, .width = 30, .expandable = 1 });
	add(&l, (lb_item){ .kind = LB_GLUE, .width = 3, .stretch = 1.8, .shrink = 0.75 });
	add(&l, (lb_item){ .kind = LB_BOX, .width = 30, .expandable = 1 });
	add(&l, (lb_item){ .kind = LB_PENALTY, .width = 4, .penalty = 50, .flagged = 1, .expandable = 1 });
	add(&l, (lb_item){ .kind = LB_BOX, .width = 20, .expandable = 1 });
	add(&l, (lb_item){ .kind = LB_PENALTY, .penalty = LB_INFINITY });
	add(&l, (lb_item){ .kind = LB_GLUE, .stretch = LB_FIL });
	add(&l, (lb_item){ .kind = LB_PENALTY, .penalty = -LB_INFINITY });
	double measure = 67 + 0.01 * 64;
	lb_params par;
	lb_params_default(&par);
	par.expansion = 0.02;
	lb_line *lines = NULL;
	size_t n = lb_break(l.items, l.n, measure_of, &measure, &par, &lines);
	assert_int_equal(n, 2);
	assert_int_equal(lines[0].end, 3);
	assert_int_equal(lines[0].hyphenated, 1);
	assert_near(lines[0].scale, 1.01, 1e-12);
	assert_near(lines[0].ratio, 0, 1e-12);
	free(lines);
}

/* ---- para with the real fonts ---- */

static fontset *fonts;
static hyphenator *swedish;

static int open_resources(void **state)
{
	(void)state;
	fonts = fontset_open("fonts");
	if (!fonts) {
		fprintf(stderr, "test_expansion: cannot open fonts/ (run from the repository root)\n");
		return -1;
	}
	char *err = NULL;
	swedish = hyph_open("sv", &err);
	if (!swedish) {
		fprintf(stderr, "test_expansion: %s\n", err ? err : "no Swedish hyphenation patterns");
		free(err);
		fontset_close(fonts);
		return -1;
	}
	return 0;
}

static int close_resources(void **state)
{
	(void)state;
	hyph_close(swedish);
	fontset_close(fonts);
	return 0;
}

static const char text_sv[] =
	"Det första som sägs om en ny idé avgör ofta hur det går för den. Ett ja, men låter som ett "
	"konstruktivt svar, men i praktiken stänger det ofta samtalet. Ett ja, och gör tvärtom: det tar "
	"emot idén och lägger något till den. Skillnaden låter liten, men den märks direkt i gruppens "
	"energi.";

static span_style style_of(face_id face)
{
	span_style st;
	memset(&st, 0, sizeof st);
	st.face = face;
	st.size = 10;
	return st;
}

static size_t set(const char *text, hyphenator *h, double width, int justify, para_line **lines)
{
	para *p = para_new(fonts, h, "test.md", 1);
	span_style st = style_of(FACE_SERIF);
	para_add(p, text, strlen(text), &st);
	para_shape shape = { .width = width, .justify = justify };
	size_t n = para_set(p, &shape, lines);
	para_free(p);
	return n;
}

static double widest_space(const para_line *lines, size_t n)
{
	double widest = 0;
	for (size_t i = 0; i < n; i++)
		if (lines[i].justified && lines[i].spaces && lines[i].space_ratio > widest)
			widest = lines[i].space_ratio;
	return widest;
}

/* Without hyphenation, at 290 pt and 205 pt, this text needs spaces of
 * 1.74x and 1.99x on one of its lines when only the spaces stretch. */
static void test_loose_paragraph_within_limit(void **state)
{
	(void)state;
	static const double widths[] = { 290, 205 };
	for (size_t k = 0; k < sizeof widths / sizeof *widths; k++) {
		para_line *lines;
		size_t n = set(text_sv, NULL, widths[k], 1, &lines);
		assert_true(n >= 4);
		double widest = widest_space(lines, n);
		if (widest > 1.6 + 1e-6) {
			print_error("at %.0f pt a line has spaces of %.3fx\n", widths[k], widest);
			fail();
		}
		para_lines_free(lines, n);
	}
}

/* Every run's width is its natural width times its scale, and the gaps
 * between runs are the spaces: at least 0.75x, so the line is read as
 * words and never as overlapping runs. */
static void check_runs(const para_line *l, double width, int justified)
{
	double right = 0, expand = 0;
	int have = 0;
	for (size_t k = 0; k < l->nitems; k++) {
		const dl_item *it = &l->items[k];
		if (it->kind != DL_TEXT)
			continue;
		assert_true(fabs(it->expand) <= 0.02 + 1e-12);
		if (it->tracking == 0) {
			double natural = para_text_width(fonts, it->face, it->size, it->text);
			assert_near(it->w, natural * (1 + it->expand), 1e-6);
		}
		if (it->face == FACE_MONO)
			assert_near(it->expand, 0, 0);
		else if (have && it->expand != expand)
			print_error("run '%s': expand %.6f, the line's %.6f\n", it->text, it->expand, expand);
		if (it->face != FACE_MONO && have)
			assert_near(it->expand, expand, 0); /* one scale per line */
		if (it->face != FACE_MONO) {
			expand = it->expand;
			have = 1;
		}
		right = fmax(right, it->x + it->w);
	}
	/* Margin protrusion lets the line's last mark hang out, by what it says. */
	if (justified)
		assert_near(right, width + l->protrude_right, 1e-6);
	else
		assert_true(right <= width + l->protrude_right + 1e-6);
	assert_true(l->protrude_left >= 0 && l->protrude_right >= 0);
}

static void test_scaled_lines_fill_the_measure(void **state)
{
	(void)state;
	static const double widths[] = { 150, 205, 290, 451 };
	size_t scaled = 0;
	for (size_t k = 0; k < sizeof widths / sizeof *widths; k++) {
		for (int hyph = 0; hyph <= 1; hyph++) {
			para_line *lines;
			size_t n = set(text_sv, hyph ? swedish : NULL, widths[k], 1, &lines);
			for (size_t i = 0; i < n; i++) {
				check_runs(&lines[i], widths[k], lines[i].justified);
				assert_true(fabs(lines[i].scale - 1) <= 0.02 + 1e-12);
				scaled += lines[i].justified && lines[i].scale != 1;
				/* A last line may narrow its glyphs to fit, never widen them. */
				if (!lines[i].justified)
					assert_true(lines[i].scale <= 1);
				if (lines[i].justified && lines[i].spaces)
					assert_true(lines[i].space_ratio >= 0.75 - 1e-6);
			}
			para_lines_free(lines, n);
		}
	}
	assert_true(scaled > 0);
}

static void test_ragged_text_is_not_scaled(void **state)
{
	(void)state;
	para_line *lines;
	size_t n = set(text_sv, swedish, 205, 0, &lines);
	assert_true(n >= 4);
	for (size_t i = 0; i < n; i++) {
		assert_near(lines[i].scale, 1, 0);
		for (size_t k = 0; k < lines[i].nitems; k++)
			assert_near(lines[i].items[k].expand, 0, 0);
	}
	para_lines_free(lines, n);
}

/* Inline code keeps its monospace widths on a scaled line. */
static void test_code_keeps_its_grid(void **state)
{
	(void)state;
	para *p = para_new(fonts, swedish, "test.md", 1);
	span_style body = style_of(FACE_SERIF), code = style_of(FACE_MONO);
	code.no_hyphenate = 1;
	for (int i = 0; i < 6; i++) {
		static const char before[] = "Skriv kommandot ", after[] = " i terminalen och vänta en stund tills det är klart. ";
		para_add(p, before, strlen(before), &body);
		para_add(p, "hejapack pdf", 12, &code);
		para_add(p, after, strlen(after), &body);
	}
	para_shape shape = { .width = 230, .justify = 1 };
	para_line *lines;
	size_t n = para_set(p, &shape, &lines);
	para_free(p);
	size_t mono = 0, scaled_with_mono = 0;
	for (size_t i = 0; i < n; i++) {
		check_runs(&lines[i], 230, lines[i].justified);
		int has_mono = 0;
		for (size_t k = 0; k < lines[i].nitems; k++)
			has_mono |= lines[i].items[k].kind == DL_TEXT && lines[i].items[k].face == FACE_MONO;
		mono += has_mono;
		scaled_with_mono += has_mono && lines[i].justified && lines[i].scale != 1;
	}
	assert_true(mono > 0);
	assert_true(scaled_with_mono > 0);
	para_lines_free(lines, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glyphs_take_the_slack_first),
		cmocka_unit_test(test_small_slack_is_all_glyphs),
		cmocka_unit_test(test_shrink_glyphs_then_spaces),
		cmocka_unit_test(test_unmarked_boxes_keep_their_width),
		cmocka_unit_test(test_fill_line_never_wider),
		cmocka_unit_test(test_hyphen_counts_as_glyphs),
		cmocka_unit_test(test_loose_paragraph_within_limit),
		cmocka_unit_test(test_scaled_lines_fill_the_measure),
		cmocka_unit_test(test_ragged_text_is_not_scaled),
		cmocka_unit_test(test_code_keeps_its_grid),
	};
	return cmocka_run_group_tests(tests, open_resources, close_resources);
}
