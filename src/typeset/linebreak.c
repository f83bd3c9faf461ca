/* linebreak: Knuth-Plass total-fit line breaking.
 *
 * The algorithm (Knuth & Plass, "Breaking paragraphs into lines", 1981, as in
 * TeX's line_break) is a shortest-path search over the legal breakpoints:
 *
 *   - A breakpoint is a glue item that directly follows a box, or a penalty
 *     below LB_INFINITY. A line runs from the content after one break (the
 *     glue and penalties there are discarded, so the line starts at the next
 *     box or forced penalty) up to the next break; a penalty break adds its
 *     width (the hyphen). Prefix sums of width, stretch and shrink give any
 *     line's totals in O(1).
 *   - Each line gets an adjustment ratio r (how much of its stretch or shrink
 *     it needs to reach the measure), a badness 100|r|^3, a fitness class
 *     (very loose r > 1, loose r > 0.5, decent, tight r < -0.5) and demerits
 *     (line_penalty + badness)^2 +/- penalty^2, plus hyphen_demerits for two
 *     hyphenated lines in a row, final_hyphen_demerits for a hyphenated
 *     second-to-last line, lonely_fragment_demerits when the last line is
 *     nothing but the rest of that hyphenated word, and fitness_demerits
 *     when adjacent lines' fitness classes differ by more than one. A line
 *     is judged with line_stretch added to its glue's stretch (ragged text).
 *   - Font expansion: the line's expandable width times the limit is more
 *     stretch and shrink. Badness and fitness see the line's whole
 *     flexibility (glyphs and glue, as pdfTeX judges them), so a line that
 *     uses the glyphs fully still costs what its looseness costs; the
 *     tolerance is held against the glue alone once the glyphs have taken
 *     their share, so "spaces at most 1.6x" keeps its meaning in every pass.
 *   - "Active" nodes are breaks from which a line could still reach the
 *     current item. For each breakpoint b, every active node a proposes the
 *     line a..b; the best proposal per state (fitness class, length of the
 *     run of hyphenated lines, line number) becomes a new node pointing back
 *     at a. These states are exactly what the cost of the next line depends
 *     on, so keeping only the cheapest node per state keeps the search exact;
 *     the hyphen run in the state is what lets max_hyphen_run be a hard limit
 *     without breaking optimality. Line numbers from lb_params.shaped_lines on
 *     collapse into one state (TeX does the same past its shaped lines):
 *     otherwise the spread of possible line counts at an item grows with the
 *     paragraph, and so would the work per item.
 *   - Pruning: once a line from node a is overfull at b even without b's
 *     penalty width, every longer line from a is too, so a leaves the active
 *     list. A forced break empties the active list (no line crosses it).
 *     With typical text a node stays active for about one line's worth of
 *     breakpoints, so the work is linear in the paragraph length.
 *   - All nodes ever created stay in one array (the passive list); the chosen
 *     breaking is read back along the prev links from the cheapest node at
 *     the final break.
 *
 * Passes: strict (r within tolerance), then with emergency stretch added when
 * judging looseness, then a final pass that must succeed: it also accepts
 * lines looser than the tolerance and, from each node at the point where it
 * would be dropped for being overfull, the overfull line to that break. The
 * cost there is compared first by total overfull amount, then by demerits, so
 * the result is overfull as little as the candidates allow. The invariant
 * that keeps the final pass from dying: a node leaves the active list only at
 * a break where it also proposes a line, so the list is never empty.
 */
#include "typeset/linebreak.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/util.h"

#define NO_NODE SIZE_MAX
/* Rounding in the prefix sums must not make an exact fit overfull. */
#define WIDTH_SLACK 1e-7
/* Badness is capped (TeX caps it at 10000) so that the demerits of a hopeless
 * line, e.g. a short one with no stretch at all, do not swamp the sums: at
 * 1e5 the square is 1e10, which still leaves the other lines' demerits
 * (hundreds and up) well above the rounding step. r = 10 reaches the cap. */
#define BADNESS_CAP 1.0e5

enum { FIT_VERY_LOOSE, FIT_LOOSE, FIT_DECENT, FIT_TIGHT };
enum pass { PASS_STRICT, PASS_EMERGENCY, PASS_FINAL };

typedef struct {
	double width, stretch, shrink;
	double glyphs; /* expandable width */
	size_t spaces; /* glue items short of LB_FIL: places between words */
} totals;

typedef struct {
	size_t pos;   /* the break item (n for the virtual end) */
	size_t start; /* first item of the line after this break */
	size_t line;  /* lines ending at or before this break: the next line's number */
	size_t prev;  /* node of the previous break; NO_NODE for the paragraph start */
	double demerits, overflow;
	double ratio; /* of the line ending here */
	double scale; /* of the line ending here */
	double next_width;
	int fitness;
	int hyph_run; /* hyphenated lines in a row ending here, capped at breaker.run_cap */
	unsigned char hyphenated, overfull, underfull;
} node;

typedef struct {
	size_t line_class;
	int fitness, hyph_run;
	double demerits, overflow, ratio, scale;
	size_t prev;
	unsigned char hyphenated, overfull, underfull;
} candidate;

typedef struct {
	const lb_item *items;
	size_t n;
	size_t end; /* final break: n-1 if that is a forced penalty, else a virtual break at n */
	totals *sum;    /* sum[i]: boxes and glue of items[0..i) */
	size_t *content; /* content[i]: first j >= i that is a box or forced penalty, n if none */
	double (*line_width)(size_t line, void *ctx);
	void *ctx;
	const lb_params *par;
	int run_cap;

	node *nodes;
	size_t n_nodes, cap_nodes;
	size_t *active, *survivors;
	size_t n_active, cap_active;
	candidate *cands;
	size_t n_cands, cap_cands;
} breaker;

void lb_params_default(lb_params *p)
{
	p->tolerance = 2.0;
	p->emergency_stretch = 0.0;
	p->line_penalty = 10.0;
	p->hyphen_demerits = 3000.0;
	p->fitness_demerits = 100.0;
	p->max_hyphen_run = 2;
	p->last_line_fill = 0.0;
	p->final_hyphen_demerits = 5000.0;
	p->shaped_lines = 64;
	p->line_stretch = 0.0;
	p->lonely_fragment_demerits = 1.0e7;
	p->expansion = 0.0;
	p->protrusion = 0;
}

/* What a line whose first item is items[start] may hang into the left
 * margin, and one that breaks at b into the right. The paragraph's last
 * line has no right edge to align. */
static double protrusion_left(const breaker *bk, size_t start)
{
	if (!bk->par->protrusion || start >= bk->n || bk->items[start].kind != LB_BOX)
		return 0.0;
	return bk->items[start].protrude_left;
}

static double protrusion_right(const breaker *bk, size_t b)
{
	if (!bk->par->protrusion || b >= bk->end)
		return 0.0;
	const lb_item *it = &bk->items[b];
	if (it->kind == LB_PENALTY)
		return it->width > 0 ? it->protrude_right : 0.0;
	return b > 0 && bk->items[b - 1].kind == LB_BOX ? bk->items[b - 1].protrude_right : 0.0;
}

static int is_forced(const breaker *bk, size_t i)
{
	return i >= bk->n || (bk->items[i].kind == LB_PENALTY && bk->items[i].penalty <= -LB_INFINITY);
}

static int is_breakpoint(const breaker *bk, size_t i)
{
	if (i >= bk->n)
		return 1;
	const lb_item *it = &bk->items[i];
	switch (it->kind) {
	case LB_PENALTY:
		return it->penalty < LB_INFINITY;
	case LB_GLUE:
		return i > 0 && bk->items[i - 1].kind == LB_BOX;
	case LB_BOX:
		break;
	}
	return 0;
}

static void prepare(breaker *bk)
{
	size_t n = bk->n;
	bk->sum = xreallocarray(NULL, n + 1, sizeof *bk->sum);
	bk->content = xreallocarray(NULL, n + 1, sizeof *bk->content);
	totals t = {0, 0, 0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		bk->sum[i] = t;
		const lb_item *it = &bk->items[i];
		if (it->kind == LB_BOX) {
			t.width += it->width;
			if (it->expandable)
				t.glyphs += it->width;
		} else if (it->kind == LB_GLUE) {
			t.width += it->width;
			t.stretch += it->stretch;
			t.shrink += it->shrink;
			t.spaces += it->stretch < LB_FIL;
		}
	}
	bk->sum[n] = t;
	bk->content[n] = n;
	for (size_t i = n; i-- > 0;) {
		const lb_item *it = &bk->items[i];
		int starts_line = it->kind == LB_BOX || (it->kind == LB_PENALTY && it->penalty <= -LB_INFINITY);
		bk->content[i] = starts_line ? i : bk->content[i + 1];
	}
	bk->end = is_forced(bk, n - 1) ? n - 1 : n;
}

static size_t new_node(breaker *bk)
{
	if (bk->n_nodes == bk->cap_nodes) {
		bk->cap_nodes = bk->cap_nodes ? 2 * bk->cap_nodes : 256;
		bk->nodes = xreallocarray(bk->nodes, bk->cap_nodes, sizeof *bk->nodes);
	}
	return bk->n_nodes++;
}

static void push_active(breaker *bk, size_t node_index)
{
	if (bk->n_active == bk->cap_active) {
		bk->cap_active = bk->cap_active ? 2 * bk->cap_active : 64;
		bk->active = xreallocarray(bk->active, bk->cap_active, sizeof *bk->active);
		bk->survivors = xreallocarray(bk->survivors, bk->cap_active, sizeof *bk->survivors);
	}
	bk->active[bk->n_active++] = node_index;
}

static candidate *push_candidate(breaker *bk)
{
	if (bk->n_cands == bk->cap_cands) {
		bk->cap_cands = bk->cap_cands ? 2 * bk->cap_cands : 64;
		bk->cands = xreallocarray(bk->cands, bk->cap_cands, sizeof *bk->cands);
	}
	return &bk->cands[bk->n_cands++];
}

/* Overflow first: in the final pass any amount of overfull outweighs any
 * demerits; in the other passes overflow is always 0. */
static int cheaper(double over_a, double dem_a, double over_b, double dem_b)
{
	if (over_a != over_b)
		return over_a < over_b;
	return dem_a < dem_b;
}

static int compare_candidates(const void *pa, const void *pb)
{
	const candidate *a = pa, *b = pb;
	if (a->line_class != b->line_class)
		return a->line_class < b->line_class ? -1 : 1;
	if (a->fitness != b->fitness)
		return a->fitness < b->fitness ? -1 : 1;
	if (a->hyph_run != b->hyph_run)
		return a->hyph_run < b->hyph_run ? -1 : 1;
	if (cheaper(a->overflow, a->demerits, b->overflow, b->demerits))
		return -1;
	if (cheaper(b->overflow, b->demerits, a->overflow, a->demerits))
		return 1;
	/* Ties go to the earlier previous break, so results do not depend on qsort. */
	if (a->prev != b->prev)
		return a->prev < b->prev ? -1 : 1;
	return 0;
}

static int fitness_of(double r)
{
	if (r > 1.0)
		return FIT_VERY_LOOSE;
	if (r > 0.5)
		return FIT_LOOSE;
	if (r >= -0.5)
		return FIT_DECENT;
	return FIT_TIGHT;
}

static void add_start_node(breaker *bk)
{
	size_t i = new_node(bk);
	node *s = &bk->nodes[i];
	s->pos = 0;
	s->start = 0;
	s->line = 0;
	s->prev = NO_NODE;
	s->demerits = 0;
	s->overflow = 0;
	s->ratio = 0;
	s->scale = 1;
	s->next_width = bk->line_width(0, bk->ctx);
	s->fitness = FIT_DECENT;
	s->hyph_run = 0;
	s->hyphenated = s->overfull = s->underfull = 0;
	push_active(bk, i);
}

/* Whether candidate a can be dropped because b is at least as good for
 * every continuation. The state changes the future only through the next
 * line's fitness demerits (at most fitness_demerits) and the hyphen run (a
 * shorter run never costs more, unless someone made hyphen demerits
 * negative), so b wins if it is cheaper by more than that margin. This is
 * TeX's rule of keeping only fitness classes within adj_demerits of the best,
 * extended to the hyphen run. */
static int dominated(const breaker *bk, const candidate *a, const candidate *b)
{
	const lb_params *par = bk->par;
	int runs_ordered = par->hyphen_demerits >= 0 && par->final_hyphen_demerits >= 0 ? b->hyph_run <= a->hyph_run
	                                                                                 : b->hyph_run == a->hyph_run;
	if (!runs_ordered || b->line_class != a->line_class)
		return 0;
	if (b->overflow != a->overflow)
		return b->overflow < a->overflow;
	return b->demerits + fmax(0.0, par->fitness_demerits) < a->demerits;
}

/* Turns the cheapest candidate of each state, unless another state's
 * cheapest dominates it, into a new active node at b. */
static void commit_candidates(breaker *bk, size_t b)
{
	if (bk->n_cands == 0)
		return;
	/* Usually a handful: insertion sort beats qsort's call overhead. */
	if (bk->n_cands > 32) {
		qsort(bk->cands, bk->n_cands, sizeof *bk->cands, compare_candidates);
	} else {
		for (size_t i = 1; i < bk->n_cands; i++) {
			candidate moving = bk->cands[i];
			size_t j = i;
			for (; j > 0 && compare_candidates(&moving, &bk->cands[j - 1]) < 0; j--)
				bk->cands[j] = bk->cands[j - 1];
			bk->cands[j] = moving;
		}
	}
	size_t kept = 0;
	for (size_t i = 0; i < bk->n_cands; i++) {
		const candidate *c = &bk->cands[i];
		if (kept > 0) {
			const candidate *p = &bk->cands[kept - 1];
			if (p->line_class == c->line_class && p->fitness == c->fitness && p->hyph_run == c->hyph_run)
				continue;
		}
		bk->cands[kept++] = *c;
	}

	/* Candidates of one line class are adjacent and few (fitness classes
	 * times hyphen runs), so comparing them pairwise is cheap. */
	for (size_t group = 0; group < kept;) {
		size_t group_end = group;
		while (group_end < kept && bk->cands[group_end].line_class == bk->cands[group].line_class)
			group_end++;
		for (size_t i = group; i < group_end; i++) {
			const candidate *c = &bk->cands[i];
			int drop = 0;
			for (size_t j = group; j < group_end && !drop; j++)
				drop = j != i && dominated(bk, c, &bk->cands[j]);
			if (drop)
				continue;
			size_t prev_line = bk->nodes[c->prev].line;
			size_t k = new_node(bk);
			node *nd = &bk->nodes[k];
			nd->pos = b;
			nd->start = b < bk->n ? bk->content[b + 1] : bk->n;
			nd->line = prev_line + 1;
			nd->prev = c->prev;
			nd->demerits = c->demerits;
			nd->overflow = c->overflow;
			nd->ratio = c->ratio;
			nd->scale = c->scale;
			nd->next_width = bk->line_width(nd->line, bk->ctx);
			nd->fitness = c->fitness;
			nd->hyph_run = c->hyph_run;
			nd->hyphenated = c->hyphenated;
			nd->overfull = c->overfull;
			nd->underfull = c->underfull;
			push_active(bk, k);
		}
		group = group_end;
	}
	bk->n_cands = 0;
}

/* Lets every active node propose a line ending at breakpoint b, drops the
 * nodes that can no longer reach further, and adds the new nodes at b.
 * Returns 0 when no active node is left (the pass has failed). */
static int try_break(breaker *bk, size_t b, enum pass pass)
{
	const lb_params *par = bk->par;
	const lb_item *it = b < bk->n ? &bk->items[b] : NULL;
	int forced = is_forced(bk, b);
	/* A forced break must be taken, so it cannot count against the limit. */
	int flagged = it && it->kind == LB_PENALTY && it->flagged && !forced;
	double pen = !it ? -LB_INFINITY : it->kind == LB_PENALTY ? it->penalty : 0.0;
	double pen_width = it && it->kind == LB_PENALTY ? it->width : 0.0;
	double expansion = par->expansion > 0 ? par->expansion : 0.0;
	double pen_glyphs = it && it->kind == LB_PENALTY && it->expandable ? pen_width : 0.0;
	double extra = pass >= PASS_EMERGENCY && par->emergency_stretch > 0 ? par->emergency_stretch : 0.0;
	double hang_right = protrusion_right(bk, b); /* the same for every line ending here */
	extra += par->line_stretch > 0 ? par->line_stretch : 0.0;
	size_t n_survivors = 0;

	for (size_t i = 0; i < bk->n_active; i++) {
		const node *a = &bk->nodes[bk->active[i]];
		double w = pen_width, y = 0, z = 0, g = pen_glyphs;
		size_t spaces = 0;
		if (a->start < b) {
			w += bk->sum[b].width - bk->sum[a->start].width;
			y = bk->sum[b].stretch - bk->sum[a->start].stretch;
			z = bk->sum[b].shrink - bk->sum[a->start].shrink;
			g += bk->sum[b].glyphs - bk->sum[a->start].glyphs;
			spaces = bk->sum[b].spaces - bk->sum[a->start].spaces;
		}
		/* What the glyphs can give: narrower always, wider only where no
		 * fill glue takes up the slack anyway. */
		double narrower = expansion * g, wider = y < LB_FIL ? narrower : 0.0;
		double measure = a->next_width + protrusion_left(bk, a->start) + hang_right;
		int blocked = flagged && par->max_hyphen_run > 0 && a->hyph_run >= par->max_hyphen_run;
		/* (Glyph shrink grows with the line by less than its width, so
		 * this stays true for every longer line.) */
		int beyond_reach = (w - pen_width) - z - (narrower - expansion * pen_glyphs) > measure + WIDTH_SLACK;
		int overfull = w - z - narrower > measure + WIDTH_SLACK;

		/* judged counts the emergency stretch and is held against the
		 * tolerance; fit, over glyphs and glue together, gives badness
		 * and fitness. Both equal the glue's ratio without expansion. */
		double ratio = 0, judged = 0, fit = 0, scale = 1;
		int underfull = 0;
		if (overfull) {
			ratio = judged = fit = -1.0;
			scale = g > 0 ? 1 - expansion : 1;
		} else if (w > measure) {
			double over = w - measure, taken = fmin(over, narrower);
			scale = g > 0 ? 1 - taken / g : 1;
			ratio = judged = z > 0 ? fmax(-1.0, -(over - taken) / z) : 0.0;
			fit = z + narrower > 0 ? fmax(-1.0, -over / (z + narrower)) : 0.0;
		} else if (w < measure - WIDTH_SLACK) {
			double gap = measure - w, taken = fmin(gap, wider), rest = gap - taken;
			scale = g > 0 ? 1 + taken / g : 1;
			ratio = y > 0 ? rest / y : 0.0;
			judged = y + extra > 0 ? rest / (y + extra) : rest > WIDTH_SLACK ? INFINITY : 0.0;
			fit = y + extra + wider > 0 ? gap / (y + extra + wider) : INFINITY;
			underfull = (y <= 0 && rest > WIDTH_SLACK) || ratio > par->tolerance;
		}

		int acceptable;
		if (blocked)
			acceptable = 0;
		else if (overfull || judged > par->tolerance)
			acceptable = pass == PASS_FINAL;
		else
			acceptable = 1;

		if (acceptable) {
			double badness = BADNESS_CAP;
			if (!isinf(fit))
				badness = fmin(BADNESS_CAP, 100.0 * fabs(fit * fit * fit));
			int fitness = fitness_of(fit);
			double d = par->line_penalty + badness;
			d *= d;
			if (pen > 0)
				d += pen * pen;
			else if (pen > -LB_INFINITY)
				d -= pen * pen;
			if (flagged && a->hyph_run > 0)
				d += par->hyphen_demerits;
			if (b == bk->end && a->hyph_run > 0)
				d += par->final_hyphen_demerits;
			/* The last line is the tail of the word broken above it. */
			if (b == bk->end && a->hyph_run > 0 && spaces == 0)
				d += par->lonely_fragment_demerits;
			if (abs(fitness - a->fitness) > 1)
				d += par->fitness_demerits;

			candidate *c = push_candidate(bk);
			size_t next_line = a->line + 1;
			c->line_class = next_line < par->shaped_lines ? next_line : par->shaped_lines;
			c->fitness = fitness;
			c->hyph_run = flagged ? (a->hyph_run < bk->run_cap ? a->hyph_run + 1 : bk->run_cap) : 0;
			c->demerits = a->demerits + d;
			c->overflow = a->overflow + (overfull ? w - z - measure : 0.0);
			c->ratio = ratio;
			c->scale = scale;
			c->prev = bk->active[i];
			c->hyphenated = (unsigned char)flagged;
			c->overfull = (unsigned char)overfull;
			c->underfull = (unsigned char)underfull;
		}

		/* A node blocked by the hyphen limit must survive past an overfull
		 * break in the final pass, or it could die without proposing any
		 * line and leave that pass with nothing. */
		int keep = !forced && (!beyond_reach || (pass == PASS_FINAL && blocked));
		if (keep)
			bk->survivors[n_survivors++] = bk->active[i];
	}

	size_t *swap = bk->active;
	bk->active = bk->survivors;
	bk->survivors = swap;
	bk->n_active = n_survivors;
	commit_candidates(bk, b);
	return bk->n_active > 0;
}

static int run_pass(breaker *bk, enum pass pass)
{
	bk->n_nodes = 0;
	bk->n_active = 0;
	bk->n_cands = 0;
	add_start_node(bk);
	for (size_t b = 0; b <= bk->end; b++) {
		if (is_breakpoint(bk, b) && !try_break(bk, b, pass))
			return 0;
	}
	return 1;
}

size_t lb_break(const lb_item *items, size_t n, double (*line_width)(size_t line, void *ctx), void *ctx,
                const lb_params *params, lb_line **lines)
{
	*lines = NULL;
	if (n == 0)
		return 0;

	lb_params defaults;
	if (!params) {
		lb_params_default(&defaults);
		params = &defaults;
	}
	breaker bk = {0};
	bk.items = items;
	bk.n = n;
	bk.line_width = line_width;
	bk.ctx = ctx;
	bk.par = params;
	/* Without a limit the state still has to tell "after a hyphen" apart
	 * for hyphen_demerits. */
	bk.run_cap = params->max_hyphen_run > 0 ? params->max_hyphen_run : 1;
	prepare(&bk);

	int done = run_pass(&bk, PASS_STRICT);
	if (!done && params->emergency_stretch > 0)
		done = run_pass(&bk, PASS_EMERGENCY);
	if (!done)
		done = run_pass(&bk, PASS_FINAL);

	/* After the final break the active nodes are exactly those at it. */
	size_t best = NO_NODE;
	for (size_t i = 0; done && i < bk.n_active; i++) {
		const node *c = &bk.nodes[bk.active[i]];
		if (best == NO_NODE ||
		    cheaper(c->overflow, c->demerits, bk.nodes[best].overflow, bk.nodes[best].demerits))
			best = bk.active[i];
	}

	size_t count = 0;
	if (best != NO_NODE) {
		count = bk.nodes[best].line;
		lb_line *out = xreallocarray(NULL, count, sizeof *out);
		for (size_t k = best; bk.nodes[k].prev != NO_NODE; k = bk.nodes[k].prev) {
			const node *nd = &bk.nodes[k];
			lb_line *l = &out[nd->line - 1];
			l->end = nd->pos < n ? nd->pos : n - 1;
			l->ratio = nd->ratio;
			l->scale = nd->scale;
			l->hyphenated = nd->hyphenated;
			l->overfull = nd->overfull;
			l->underfull = nd->underfull;
			l->protrude_left = protrusion_left(&bk, bk.nodes[nd->prev].start);
			l->protrude_right = protrusion_right(&bk, nd->pos);
		}
		*lines = out;
	}

	free(bk.sum);
	free(bk.content);
	free(bk.nodes);
	free(bk.active);
	free(bk.survivors);
	free(bk.cands);
	return count;
}

size_t lb_line_start(const lb_item *items, size_t n, const lb_line *lines, size_t line)
{
	if (line == 0)
		return 0;
	size_t end = lines[line].end;
	for (size_t j = lines[line - 1].end + 1; j < end && j < n; j++) {
		const lb_item *it = &items[j];
		if (it->kind == LB_BOX || (it->kind == LB_PENALTY && it->penalty <= -LB_INFINITY))
			return j;
	}
	return end;
}
