/* Unit tests for linebreak: hand-computed cases, and an exhaustive search
 * (written independently of the module's dynamic programming) that the
 * module's choice must match on small paragraphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "typeset/linebreak.h"

/* cmocka 1.1 compares only floats; ratios and demerits need doubles. */
#define assert_near(a, b, eps) near_or_fail((a), (b), (eps), #a, __FILE__, __LINE__)

static void near_or_fail(double a, double b, double eps, const char *expr, const char *file, int line)
{
	if (!(fabs(a - b) <= eps)) {
		print_error("%s = %.17g, expected %.17g (+/- %g)\n", expr, a, b, eps);
		_fail(file, line);
	}
}

/* ---- building paragraphs ---- */

typedef struct {
	lb_item *items;
	size_t n, cap;
} para;

static void put(para *p, lb_item it)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 32;
		p->items = xreallocarray(p->items, p->cap, sizeof *p->items);
	}
	p->items[p->n++] = it;
}

static void box(para *p, double w)
{
	put(p, (lb_item){.kind = LB_BOX, .width = w});
}

static void glue(para *p, double w, double stretch, double shrink)
{
	put(p, (lb_item){.kind = LB_GLUE, .width = w, .stretch = stretch, .shrink = shrink});
}

static void penalty(para *p, double w, double pen, int flagged)
{
	put(p, (lb_item){.kind = LB_PENALTY, .width = w, .penalty = pen, .flagged = flagged});
}

static void finish(para *p)
{
	penalty(p, 0, LB_INFINITY, 0);
	glue(p, 0, LB_FIL, 0);
	penalty(p, 0, -LB_INFINITY, 0);
}

/* Every letter is 1 wide; ' ' is glue (1, 1, 1); '-' inside a word is a
 * hyphenation point (flagged penalty 50, hyphen 1 wide); '|' a forced break
 * (after fill glue). Ends the paragraph. */
static void text(para *p, const char *s)
{
	size_t i = 0;
	while (s[i]) {
		if (s[i] == ' ') {
			glue(p, 1, 1, 1);
			i++;
		} else if (s[i] == '-') {
			penalty(p, 1, 50, 1);
			i++;
		} else if (s[i] == '|') {
			glue(p, 0, LB_FIL, 0);
			penalty(p, 0, -LB_INFINITY, 0);
			i++;
		} else {
			size_t j = i;
			while (s[j] && !strchr(" -|", s[j]))
				j++;
			box(p, (double)(j - i));
			i = j;
		}
	}
	finish(p);
}

static double constant_width(size_t line, void *ctx)
{
	(void)line;
	return *(double *)ctx;
}

typedef struct {
	const double *widths;
	size_t count; /* the last one repeats */
} shape;

static double shaped_width(size_t line, void *ctx)
{
	const shape *s = ctx;
	return s->widths[line < s->count ? line : s->count - 1];
}

/* ---- an independent model of one line ---- */

static int forced_at(const para *p, size_t i)
{
	return p->items[i].kind == LB_PENALTY && p->items[i].penalty <= -LB_INFINITY;
}

static int legal_break(const para *p, size_t i)
{
	const lb_item *it = &p->items[i];
	if (it->kind == LB_PENALTY)
		return it->penalty < LB_INFINITY;
	return it->kind == LB_GLUE && i > 0 && p->items[i - 1].kind == LB_BOX;
}

/* The line after break `from` (SIZE_MAX = paragraph start) up to break `to`,
 * summed item by item. */
static void line_totals(const para *p, size_t from, size_t to, double *w, double *y, double *z)
{
	size_t s = 0;
	if (from != SIZE_MAX) {
		s = from + 1;
		while (s < to && p->items[s].kind != LB_BOX && !forced_at(p, s))
			s++;
	}
	*w = *y = *z = 0;
	for (size_t i = s; i < to; i++) {
		if (p->items[i].kind == LB_PENALTY)
			continue;
		*w += p->items[i].width;
		*y += p->items[i].stretch;
		*z += p->items[i].shrink;
	}
	if (p->items[to].kind == LB_PENALTY)
		*w += p->items[to].width;
}

/* Word spaces (glue short of LB_FIL) on the line from->to. */
static size_t spaces_between(const para *p, size_t from, size_t to)
{
	size_t s = from == SIZE_MAX ? 0 : from + 1, n = 0;
	while (from != SIZE_MAX && s < to && p->items[s].kind != LB_BOX && !forced_at(p, s))
		s++;
	for (size_t i = s; i < to; i++)
		n += p->items[i].kind == LB_GLUE && p->items[i].stretch < LB_FIL;
	return n;
}

/* Width the line takes once its glue is set with the reported ratio. */
static double set_width(const para *p, const lb_line *lines, size_t k)
{
	size_t start = lb_line_start(p->items, p->n, lines, k);
	double w = 0;
	for (size_t i = start; i < lines[k].end; i++) {
		const lb_item *it = &p->items[i];
		if (it->kind == LB_PENALTY)
			continue;
		w += it->width;
		if (it->kind == LB_GLUE)
			w += lines[k].ratio * (lines[k].ratio > 0 ? it->stretch : it->shrink);
	}
	if (p->items[lines[k].end].kind == LB_PENALTY)
		w += p->items[lines[k].end].width;
	return w;
}

typedef struct {
	const para *p;
	double (*width)(size_t, void *);
	void *ctx;
	const lb_params *par;
	size_t path[256], best_path[256];
	size_t best_len;
	double best;
} search;

static int fitness_class(double r)
{
	return r > 1 ? 0 : r > 0.5 ? 1 : r >= -0.5 ? 2 : 3;
}

/* Demerits of the line from->to, or -1 if it is not feasible (strict pass). */
static double line_demerits(const search *s, size_t from, size_t to, size_t line, int prev_fit, int prev_hyph,
                            int *fit)
{
	const para *p = s->p;
	double w, y, z;
	line_totals(p, from, to, &w, &y, &z);
	double measure = s->width(line, s->ctx);
	double r;
	if (w > measure + 1e-9)
		r = z > 0 ? (measure - w) / z : -INFINITY;
	else if (w < measure - 1e-9)
		r = y > 0 ? (measure - w) / y : INFINITY;
	else
		r = 0;
	if (r < -1 - 1e-9 || r > s->par->tolerance)
		return -1;
	double bad = 100 * fabs(r * r * r);
	double d = (s->par->line_penalty + bad) * (s->par->line_penalty + bad);
	const lb_item *it = &p->items[to];
	int flagged = it->kind == LB_PENALTY && it->flagged && !forced_at(p, to);
	double pen = it->kind == LB_PENALTY ? it->penalty : 0;
	if (pen > 0)
		d += pen * pen;
	else if (pen > -LB_INFINITY)
		d -= pen * pen;
	if (flagged && prev_hyph)
		d += s->par->hyphen_demerits;
	if (to == p->n - 1 && prev_hyph)
		d += s->par->final_hyphen_demerits;
	if (to == p->n - 1 && prev_hyph && spaces_between(p, from, to) == 0)
		d += s->par->lonely_fragment_demerits;
	*fit = fitness_class(r);
	if (abs(*fit - prev_fit) > 1)
		d += s->par->fitness_demerits;
	return d;
}

static void explore(search *s, size_t from, size_t line, int fit, int run, double total)
{
	const para *p = s->p;
	for (size_t to = from == SIZE_MAX ? 0 : from + 1; to < p->n; to++) {
		if (!legal_break(p, to))
			continue;
		const lb_item *it = &p->items[to];
		int flagged = it->kind == LB_PENALTY && it->flagged && !forced_at(p, to);
		int next_fit;
		double d = -1;
		if (!(flagged && s->par->max_hyphen_run > 0 && run >= s->par->max_hyphen_run))
			d = line_demerits(s, from, to, line, fit, run > 0, &next_fit);
		if (d >= 0 || d < -1) { /* d < -1: negative demerits from a negative penalty */
			assert_true(line < 256);
			s->path[line] = to;
			if (to == p->n - 1) {
				if (total + d < s->best) {
					s->best = total + d;
					s->best_len = line + 1;
					memcpy(s->best_path, s->path, (line + 1) * sizeof s->path[0]);
				}
			} else if (!forced_at(p, to)) {
				explore(s, to, line + 1, next_fit, flagged ? run + 1 : 0, total + d);
			} else {
				explore(s, to, line + 1, next_fit, 0, total + d);
			}
		}
		if (forced_at(p, to))
			return;
		double w, y, z;
		line_totals(p, from, to, &w, &y, &z);
		if (it->kind == LB_PENALTY)
			w -= it->width;
		if (w - z > s->width(line, s->ctx) + 1e-9)
			return; /* every longer line is overfull too */
	}
}

/* Cheapest strict breaking by exhaustive search; INFINITY if none. */
static double brute_force(search *s)
{
	s->best = INFINITY;
	s->best_len = 0;
	explore(s, SIZE_MAX, 0, 2, 0, 0);
	return s->best;
}

/* Demerits of a given breaking under the same model. */
static double demerits_of(search *s, const lb_line *lines, size_t count)
{
	double total = 0;
	int fit = 2, run = 0;
	size_t from = SIZE_MAX;
	for (size_t k = 0; k < count; k++) {
		int next_fit;
		double d = line_demerits(s, from, lines[k].end, k, fit, run > 0, &next_fit);
		if (d == -1)
			return INFINITY;
		total += d;
		fit = next_fit;
		run = lines[k].hyphenated ? run + 1 : 0;
		from = lines[k].end;
	}
	return total;
}

static int longest_hyphen_run(const lb_line *lines, size_t count)
{
	int run = 0, longest = 0;
	for (size_t k = 0; k < count; k++) {
		run = lines[k].hyphenated ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	return longest;
}

/* ---- tests ---- */

static void test_single_break_hand_computed(void **state)
{
	(void)state;
	/* aaa bbb ccc dd on a measure of 10: "aaa bbb" needs r = 3 (too loose),
	 * "aaa bbb ccc" is 11 wide with 2 of shrink: r = -0.5. */
	para p = {0};
	text(&p, "aaa bbb ccc dd");
	double measure = 10;
	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 2);
	assert_int_equal(lines[0].end, 5); /* the glue after ccc */
	assert_near(lines[0].ratio, -0.5, 1e-12);
	assert_int_equal(lines[1].end, p.n - 1);
	assert_near(lines[1].ratio, 8.0 / LB_FIL, 1e-15);
	assert_int_equal(lb_line_start(p.items, p.n, lines, 1), 6);
	for (size_t k = 0; k < count; k++)
		assert_false(lines[k].overfull || lines[k].underfull || lines[k].hyphenated);
	free(lines);
	free(p.items);
}

/* Margin protrusion: a line that opens with a quote that may hang 0.5 into
 * the left margin and ends in a period that may hang 0.5 into the right.
 * '"aa bbb ccc.' is 12 wide with 2 of shrink: on a measure of 11 it must
 * shrink (r = -0.5), with the 1 its margins take it is set at its natural
 * width, and the lines say how far they hang out. */
static void test_protrusion_widens_the_line(void **state)
{
	(void)state;
	para p = {0};
	put(&p, (lb_item){ .kind = LB_BOX, .width = 3, .protrude_left = 0.5 }); /* "aa */
	glue(&p, 1, 1, 1);
	box(&p, 3);
	glue(&p, 1, 1, 1);
	put(&p, (lb_item){ .kind = LB_BOX, .width = 4, .protrude_right = 0.5 }); /* ccc. */
	glue(&p, 1, 1, 1);
	box(&p, 2);
	finish(&p);
	double measure = 11;
	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 2);
	assert_int_equal(lines[0].end, 5);
	assert_near(lines[0].ratio, -0.5, 1e-12); /* 12 on 11 with 2 of shrink */
	assert_near(lines[0].protrude_left, 0, 1e-12);
	assert_near(lines[0].protrude_right, 0, 1e-12);
	free(lines);

	par.protrusion = 1;
	count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 2);
	assert_int_equal(lines[0].end, 5);
	assert_near(lines[0].ratio, 0.0, 1e-12); /* 12 on 11 + 0.5 + 0.5 */
	assert_near(lines[0].protrude_left, 0.5, 1e-12);
	assert_near(lines[0].protrude_right, 0.5, 1e-12);
	/* The last line has no right edge to align. */
	assert_near(lines[1].protrude_right, 0, 1e-12);
	free(lines);
	free(p.items);
}

static void test_choice_hand_computed(void **state)
{
	(void)state;
	/* Boxes of 4, glue (1, 2, 1), measure 12.
	 * A: "4 4" / "4 4": r = 1.5, badness 337.5, very loose then decent:
	 *    (10+337.5)^2 + 100 (fitness) + 10^2 = 120856.25
	 * B: "4 4 4" / "4": r = -1 exactly (14 - 2 = 12), badness 100, tight
	 *    then decent: 110^2 + 10^2 = 12200. B wins. */
	para p = {0};
	for (int i = 0; i < 4; i++) {
		if (i)
			glue(&p, 1, 2, 1);
		box(&p, 4);
	}
	finish(&p);
	double measure = 12;
	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 2);
	assert_int_equal(lines[0].end, 5);
	assert_near(lines[0].ratio, -1.0, 1e-12);
	assert_false(lines[0].overfull);
	search s = {.p = &p, .width = constant_width, .ctx = &measure, .par = &par};
	assert_near(demerits_of(&s, lines, count), 12200.0, 1e-6);
	assert_near(brute_force(&s), 12200.0, 1e-6);
	free(lines);
	free(p.items);
}

static const char *const sample_words[] = {
	"lorem", "ip-sum", "do-lor", "sit", "amet", "con-sec-te-tur", "adi-pis-cing", "elit", "sed", "do",
	"eius-mod", "tem-por", "in-ci-di-dunt", "ut", "la-bo-re", "et", "do-lo-re", "mag-na", "ali-qua",
};

static void sample_paragraph(para *p, size_t words, uint32_t seed)
{
	char *s = xmalloc(words * 16 + 1);
	size_t len = 0;
	for (size_t i = 0; i < words; i++) {
		seed = seed * 1103515245u + 12345u;
		const char *w = sample_words[(seed >> 16) % (sizeof sample_words / sizeof sample_words[0])];
		if (i)
			s[len++] = ' ';
		memcpy(s + len, w, strlen(w));
		len += strlen(w);
	}
	s[len] = '\0';
	text(p, s);
	free(s);
}

static void test_justified_ratios_within_tolerance(void **state)
{
	(void)state;
	para p = {0};
	sample_paragraph(&p, 300, 7);
	double measure = 40;
	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_true(count > 30);
	for (size_t k = 0; k < count; k++) {
		assert_true(lines[k].ratio >= -1.0 && lines[k].ratio <= par.tolerance);
		assert_false(lines[k].overfull);
		assert_false(lines[k].underfull);
		/* Set as told, every line (the last with its fill) meets the measure. */
		assert_near(set_width(&p, lines, k), measure, 1e-6);
		if (k > 0)
			assert_true(lines[k].end > lines[k - 1].end);
		/* A line never starts with glue or a penalty. */
		size_t start = lb_line_start(p.items, p.n, lines, k);
		assert_int_equal(p.items[start].kind, LB_BOX);
	}
	assert_int_equal(lines[count - 1].end, p.n - 1);
	assert_true(longest_hyphen_run(lines, count) <= par.max_hyphen_run);
	free(lines);
	free(p.items);
}

static void test_forced_breaks(void **state)
{
	(void)state;
	/* Each part would fit on one line with the next; the forced breaks win. */
	para p = {0};
	text(&p, "ab cd|ef|gh ij kl");
	double measure = 30;
	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 3);
	/* ab glue cd fil FORCED ef fil FORCED ... */
	assert_int_equal(lines[0].end, 4);
	assert_true(p.items[4].penalty <= -LB_INFINITY);
	assert_int_equal(lines[1].end, 7);
	assert_int_equal(lb_line_start(p.items, p.n, lines, 1), 5);
	assert_int_equal(lines[2].end, p.n - 1);
	for (size_t k = 0; k < count; k++) {
		assert_false(lines[k].overfull);
		assert_near(set_width(&p, lines, k), measure, 1e-6);
	}
	free(lines);
	free(p.items);
}

static void test_empty_line_between_forced_breaks(void **state)
{
	(void)state;
	double measure = 30;
	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	/* Two forced breaks in a row: the fill glue after the first is discarded
	 * like any glue after a break, so the middle line has nothing to stretch
	 * and is reported underfull (only the final pass accepts it). */
	para p = {0};
	text(&p, "ab||cd");
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 3);
	assert_int_equal(lines[1].end, 4);
	assert_true(lines[1].underfull);
	assert_false(lines[0].underfull || lines[2].underfull);
	free(lines);
	free(p.items);

	/* An empty box before the fill keeps the glue, and the line is fine. */
	para q = {0};
	box(&q, 2);
	glue(&q, 0, LB_FIL, 0);
	penalty(&q, 0, -LB_INFINITY, 0);
	box(&q, 0);
	glue(&q, 0, LB_FIL, 0);
	penalty(&q, 0, -LB_INFINITY, 0);
	box(&q, 2);
	finish(&q);
	count = lb_break(q.items, q.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 3);
	assert_int_equal(lines[1].end, 5);
	for (size_t k = 0; k < count; k++) {
		assert_false(lines[k].underfull);
		assert_near(set_width(&q, lines, k), measure, 1e-6);
	}
	free(lines);
	free(q.items);
}

static void test_hyphen_run_is_limited(void **state)
{
	(void)state;
	/* Measure 10; found by searching small paragraphs with the exhaustive
	 * search below. With no limit and no hyphen demerits the cheapest breaking
	 * is "abc-klm ab-" / "kl a abcd-" / "klmn abcd-" / "klmno": three
	 * hyphenated lines in a row. */
	para p = {0};
	text(&p, "abc-klm ab-kl a abcd-klmn abcd-klmno");
	double measure = 10;
	lb_params par;
	lb_params_default(&par);
	par.hyphen_demerits = 0;
	par.final_hyphen_demerits = 0;
	par.lonely_fragment_demerits = 0;
	par.max_hyphen_run = 0;
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	search s = {.p = &p, .width = constant_width, .ctx = &measure, .par = &par};
	double unlimited = brute_force(&s);
	assert_near(demerits_of(&s, lines, count), unlimited, 1e-6);
	assert_int_equal(longest_hyphen_run(lines, count), 3);
	free(lines);

	par.max_hyphen_run = 2;
	count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_true(longest_hyphen_run(lines, count) <= 2);
	double limited = brute_force(&s);
	assert_true(limited > unlimited);
	assert_near(demerits_of(&s, lines, count), limited, 1e-6);
	for (size_t k = 0; k < count; k++)
		assert_false(lines[k].overfull);
	free(lines);

	par.max_hyphen_run = 1;
	count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_true(longest_hyphen_run(lines, count) <= 1);
	assert_near(demerits_of(&s, lines, count), brute_force(&s), 1e-6);
	free(lines);
	free(p.items);
}

/* Whether the last line holds only the tail of a word hyphenated above it. */
static int ends_in_lonely_fragment(const para *p, const lb_line *lines, size_t count)
{
	if (count < 2 || !lines[count - 2].hyphenated)
		return 0;
	return spaces_between(p, lines[count - 2].end, lines[count - 1].end) == 0;
}

static void test_lonely_fragment_costs(void **state)
{
	(void)state;
	/* Small paragraphs whose cheapest breaking, without the cost, ends in
	 * "ab-" / "cd": with it the breaker avoids that where it can, and
	 * stays optimal (the exhaustive search counts the cost too). */
	int without = 0, with = 0;
	for (uint32_t seed = 1; seed <= 600; seed++) {
		para p = {0};
		sample_paragraph(&p, 6 + seed % 8, seed);
		double measure = 14 + seed % 11;
		lb_params par;
		lb_params_default(&par);
		par.lonely_fragment_demerits = 0;
		lb_line *lines;
		size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
		without += ends_in_lonely_fragment(&p, lines, count);
		free(lines);
		lb_params_default(&par);
		count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
		with += ends_in_lonely_fragment(&p, lines, count);
		search s = {.p = &p, .width = constant_width, .ctx = &measure, .par = &par};
		double best = brute_force(&s);
		if (isfinite(best))
			assert_near(demerits_of(&s, lines, count), best, fmax(1e-9, 1e-9 * fabs(best)));
		free(lines);
		free(p.items);
	}
	print_message("lonely last fragments: %d without the cost, %d with it\n", without, with);
	assert_true(without >= 5);
	assert_true(with * 4 < without);
}

static void test_unbreakable_box_wider_than_measure(void **state)
{
	(void)state;
	para p = {0};
	text(&p, "aa bb cc abcdefghijklmnopqrstuvwxyz dd ee ff");
	double measure = 10;
	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_true(count >= 3);
	size_t overfull = 0;
	for (size_t k = 0; k < count; k++) {
		size_t start = lb_line_start(p.items, p.n, lines, k);
		int has_long_word = start <= 6 && lines[k].end > 6;
		assert_int_equal(lines[k].overfull, has_long_word);
		if (lines[k].overfull) {
			overfull++;
			/* The long word stands alone: the smallest overfull amount. */
			assert_int_equal(start, 6);
			assert_int_equal(lines[k].end, 7);
			assert_near(lines[k].ratio, -1.0, 0);
		}
	}
	assert_int_equal(overfull, 1);
	assert_int_equal(lines[count - 1].end, p.n - 1);
	free(lines);
	free(p.items);

	/* Nothing but the wide box. */
	para q = {0};
	box(&q, 50);
	finish(&q);
	count = lb_break(q.items, q.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 1);
	assert_true(lines[0].overfull);
	assert_int_equal(lines[0].end, q.n - 1);
	free(lines);
	free(q.items);
}

static void test_empty_paragraph(void **state)
{
	(void)state;
	double measure = 10;
	lb_line *lines = (lb_line *)&measure; /* must be overwritten */
	assert_int_equal(lb_break(NULL, 0, constant_width, &measure, NULL, &lines), 0);
	assert_null(lines);

	para p = {0};
	finish(&p);
	size_t count = lb_break(p.items, p.n, constant_width, &measure, NULL, &lines);
	assert_int_equal(count, 1);
	assert_int_equal(lines[0].end, 2);
	assert_false(lines[0].overfull);
	assert_false(lines[0].underfull);
	free(lines);
	free(p.items);
}

static void test_varying_line_widths(void **state)
{
	(void)state;
	/* A hanging indent: two short lines, then full ones. */
	static const double widths[] = {20, 20, 40};
	shape sh = {widths, 3};
	para p = {0};
	sample_paragraph(&p, 60, 3);
	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, shaped_width, &sh, &par, &lines);
	assert_true(count > 4);
	for (size_t k = 0; k < count; k++) {
		assert_false(lines[k].overfull);
		assert_near(set_width(&p, lines, k), shaped_width(k, &sh), 1e-6);
	}
	free(lines);
	free(p.items);
}

static void test_matches_exhaustive_search(void **state)
{
	(void)state;
	/* Small paragraphs, constant and shaped measures, assorted parameters:
	 * the module's breaking must be as cheap as the cheapest found by trying
	 * every breaking. */
	static const double widths[] = {18, 26, 22, 30};
	static const double tolerances[] = {1, 2, 3};
	static const double fitness[] = {0, 100, 5000};
	int compared = 0;
	for (uint32_t seed = 1; seed <= 400; seed++) {
		para p = {0};
		sample_paragraph(&p, 9 + seed % 6, seed);
		double measure = 22 + seed % 9;
		shape sh = {widths, 4};
		int shaped = seed % 2;
		lb_params par;
		lb_params_default(&par);
		par.max_hyphen_run = (int)(seed % 3);
		par.tolerance = tolerances[seed / 3 % 3];
		par.fitness_demerits = fitness[seed / 9 % 3];
		par.hyphen_demerits = seed / 27 % 2 ? 3000 : 0;
		search s = {.p = &p, .par = &par};
		s.width = shaped ? shaped_width : constant_width;
		s.ctx = shaped ? (void *)&sh : (void *)&measure;
		double best = brute_force(&s);
		lb_line *lines;
		size_t count = lb_break(p.items, p.n, s.width, s.ctx, &par, &lines);
		if (isfinite(best)) {
			compared++;
			assert_near(demerits_of(&s, lines, count), best, fmax(1e-9, 1e-9 * fabs(best)));
			if (par.max_hyphen_run > 0)
				assert_true(longest_hyphen_run(lines, count) <= par.max_hyphen_run);
		}
		free(lines);
		free(p.items);
	}
	assert_true(compared >= 250);
}

static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

static void test_random_lists_keep_promises(void **state)
{
	(void)state;
	/* Arbitrary item lists (huge boxes, rigid glue, forced and negative
	 * penalties, runs of hyphens): whatever the breaking, the promises of
	 * the header hold. */
	static const double penalties[] = {-LB_INFINITY, -100, 0, 50, 50, 50, LB_INFINITY};
	uint32_t seed = 99;
	for (int round = 0; round < 500; round++) {
		para p = {0};
		size_t length = 1 + next_random(&seed) % 60;
		for (size_t i = 0; i < length; i++) {
			switch (next_random(&seed) % 4) {
			case 0:
			case 1:
				box(&p, next_random(&seed) % 10 == 0 ? 80 : (double)(next_random(&seed) % 12));
				break;
			case 2:
				glue(&p, next_random(&seed) % 3, next_random(&seed) % 3, next_random(&seed) % 2);
				break;
			default:
				penalty(&p, next_random(&seed) % 2, penalties[next_random(&seed) % 7],
				        next_random(&seed) % 2);
			}
		}
		finish(&p);
		double widths[3] = {10 + next_random(&seed) % 30, 10 + next_random(&seed) % 30, 10 + next_random(&seed) % 30};
		shape sh = {widths, 3};
		lb_params par;
		lb_params_default(&par);
		par.max_hyphen_run = (int)(next_random(&seed) % 3);
		par.emergency_stretch = next_random(&seed) % 2 ? 5 : 0;
		par.shaped_lines = next_random(&seed) % 3;
		lb_line *lines;
		size_t count = lb_break(p.items, p.n, shaped_width, &sh, &par, &lines);
		assert_true(count >= 1);
		assert_int_equal(lines[count - 1].end, p.n - 1);
		size_t line = 0;
		for (size_t i = 0; i + 1 < p.n; i++)
			if (forced_at(&p, i)) {
				while (line < count && lines[line].end < i)
					line++;
				assert_true(line < count && lines[line].end == i);
			}
		for (size_t k = 0; k < count; k++) {
			const lb_item *end = &p.items[lines[k].end];
			if (k > 0)
				assert_true(lines[k].end > lines[k - 1].end);
			assert_true(legal_break(&p, lines[k].end));
			assert_int_equal(lines[k].hyphenated, end->kind == LB_PENALTY && end->flagged && !forced_at(&p, lines[k].end));
			assert_true(lines[k].ratio >= -1.0);
			double w, y, z;
			line_totals(&p, k ? lines[k - 1].end : SIZE_MAX, lines[k].end, &w, &y, &z);
			double measure = shaped_width(k, &sh);
			assert_int_equal(lines[k].overfull, w - z > measure + 1e-6);
			if (!lines[k].overfull && !lines[k].underfull)
				assert_near(set_width(&p, lines, k), measure, 1e-6);
		}
		if (par.max_hyphen_run > 0)
			assert_true(longest_hyphen_run(lines, count) <= par.max_hyphen_run);
		free(lines);
		free(p.items);
	}
}

/* Greedy breaking: each line takes as many words as fit fully shrunk. */
static size_t first_fit(const para *p, double measure, size_t *ends, size_t max_lines)
{
	size_t count = 0, from = SIZE_MAX, last_fit = SIZE_MAX;
	for (size_t to = 0; to < p->n; to++) {
		if (!legal_break(p, to))
			continue;
		double w, y, z;
		line_totals(p, from, to, &w, &y, &z);
		if (w - z > measure && last_fit != SIZE_MAX) {
			assert_true(count < max_lines);
			ends[count++] = last_fit;
			from = last_fit;
			last_fit = SIZE_MAX;
			to = from;
			continue;
		}
		last_fit = to;
	}
	assert_true(count < max_lines);
	ends[count++] = p->n - 1;
	return count;
}

static void test_total_fit_beats_first_fit(void **state)
{
	(void)state;
	/* Measure 16. First fit packs "aaaaaa bbbb ccc ddd" onto line 1 (19 wide,
	 * fully shrunk), which leaves "ee ffffffff" (11 wide, 1 of stretch) to
	 * stretch by r = 5. Total fit sets "aaaaaa bbbb ccc" / "ddd ee ffffffff",
	 * both 15 wide: r = 0.5 each. */
	para p = {0};
	text(&p, "aaaaaa bbbb ccc ddd ee ffffffff ggggggg");
	double measure = 16;
	size_t ends[8];
	size_t greedy = first_fit(&p, measure, ends, 8);
	assert_int_equal(greedy, 3);
	assert_int_equal(ends[0], 7);
	assert_int_equal(ends[1], 11);
	double w, y, z;
	line_totals(&p, ends[0], ends[1], &w, &y, &z);
	assert_near((measure - w) / y, 5.0, 1e-12);

	lb_params par;
	lb_params_default(&par);
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 3);
	assert_int_equal(lines[0].end, 5);
	assert_int_equal(lines[1].end, 11);
	assert_near(lines[0].ratio, 0.5, 1e-12);
	assert_near(lines[1].ratio, 0.5, 1e-12);
	search s = {.p = &p, .width = constant_width, .ctx = &measure, .par = &par};
	lb_line greedy_lines[3] = {{.end = ends[0]}, {.end = ends[1]}, {.end = ends[2]}};
	/* The greedy breaking is not even feasible within the tolerance. */
	assert_true(isinf(demerits_of(&s, greedy_lines, 3)));
	free(lines);
	free(p.items);
}

static double seconds_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int under_valgrind(void)
{
	const char *preload = getenv("LD_PRELOAD");
	return preload && strstr(preload, "valgrind");
}

/* The best of three runs of lb_break over a paragraph of `words` words, in
 * seconds; the lines of the last run in *lines. */
static double best_break_time(para *p, size_t words, lb_line **lines, size_t *count, const lb_params *par)
{
	sample_paragraph(p, words, 11);
	double measure = 60;
	double fastest = INFINITY;
	for (int run = 0; run < 3; run++) {
		free(*lines);
		double t0 = seconds_now();
		*count = lb_break(p->items, p->n, constant_width, &measure, par, lines);
		fastest = fmin(fastest, seconds_now() - t0);
	}
	return fastest;
}

/* Linear in the paragraph's length: ten times the words may take at most
 * thirty times as long. A ratio, not a time, so that a busy or slow machine
 * does not decide the test (the speed itself is `make bench`'s). */
static void test_long_paragraph_is_fast(void **state)
{
	(void)state;
	para p = {0}, small = {0};
	lb_params par;
	lb_params_default(&par);
	lb_line *lines = NULL, *small_lines = NULL;
	size_t count = 0, small_count = 0;
	double t_small = best_break_time(&small, 2000, &small_lines, &small_count, &par);
	double t_large = best_break_time(&p, 20000, &lines, &count, &par);
	print_message("2000 words: %.4f s; 20000 words, %zu items, %zu lines: %.4f s\n", t_small, p.n, count,
		      t_large);
	/* Timing means nothing under valgrind's emulation. */
	if (!under_valgrind())
		assert_true(t_large <= 30 * fmax(t_small, 1e-4));
	free(small_lines);
	free(small.items);
	assert_true(count > 2000);
	for (size_t k = 0; k < count; k++) {
		assert_false(lines[k].overfull);
		assert_true(lines[k].ratio >= -1.0 && lines[k].ratio <= par.tolerance);
	}
	assert_true(longest_hyphen_run(lines, count) <= par.max_hyphen_run);
	free(lines);
	free(p.items);
}

static void test_emergency_stretch(void **state)
{
	(void)state;
	/* Tolerance 1, measure 12: "aaaaaaa bb" needs r = 2 and the first line
	 * has no better choice ("aaaaaaa" alone cannot stretch, adding "ccccc"
	 * is overfull), so the strict pass fails.
	 * Final pass, no emergency stretch: "ccccc ddd eeee" fully shrunk
	 * (r = -1, badness 100) beats "ccccc ddd" (r = 3, badness 2700).
	 * With 4 of emergency stretch, "ccccc ddd" is judged at 3/(1+4) = 0.6
	 * (badness 21.6) and wins; its real ratio is still 3. */
	para p = {0};
	text(&p, "aaaaaaa bb ccccc ddd eeee f");
	double measure = 12;
	lb_params par;
	lb_params_default(&par);
	par.tolerance = 1;
	lb_line *lines;
	size_t count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 3);
	assert_int_equal(lines[0].end, 3);
	assert_near(lines[0].ratio, 2.0, 1e-12);
	assert_true(lines[0].underfull);
	assert_int_equal(lines[1].end, 9);
	assert_near(lines[1].ratio, -1.0, 1e-12);
	assert_false(lines[1].underfull || lines[1].overfull);
	free(lines);

	par.emergency_stretch = 4;
	count = lb_break(p.items, p.n, constant_width, &measure, &par, &lines);
	assert_int_equal(count, 3);
	assert_int_equal(lines[0].end, 3);
	assert_near(lines[0].ratio, 2.0, 1e-12);
	assert_int_equal(lines[1].end, 7);
	assert_near(lines[1].ratio, 3.0, 1e-12);
	assert_true(lines[1].underfull);
	for (size_t k = 0; k < count; k++)
		assert_near(set_width(&p, lines, k), measure, 1e-6);
	free(lines);
	free(p.items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_break_hand_computed),
		cmocka_unit_test(test_choice_hand_computed),
		cmocka_unit_test(test_justified_ratios_within_tolerance),
		cmocka_unit_test(test_forced_breaks),
		cmocka_unit_test(test_empty_line_between_forced_breaks),
		cmocka_unit_test(test_hyphen_run_is_limited),
		cmocka_unit_test(test_lonely_fragment_costs),
		cmocka_unit_test(test_unbreakable_box_wider_than_measure),
		cmocka_unit_test(test_empty_paragraph),
		cmocka_unit_test(test_varying_line_widths),
		cmocka_unit_test(test_matches_exhaustive_search),
		cmocka_unit_test(test_random_lists_keep_promises),
		cmocka_unit_test(test_total_fit_beats_first_fit),
		cmocka_unit_test(test_emergency_stretch),
		cmocka_unit_test(test_long_paragraph_is_fast),
		cmocka_unit_test(test_protrusion_widens_the_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
