/* typo_report: how well the material is justified (`make typo-report`).
 *
 *   typo_report [MATERIAL_DIR [FONTS_DIR]]
 *   typo_report FILE.md...
 *
 * Typesets every document of the material, or each Markdown file on its own
 * as `hejapack pdf` would (hyphenation on, A4), and prints the
 * justification figures the layout gathered (para_stats): lines, justified
 * lines, the distribution of the inter-word space ratio, overfull lines,
 * hyphenated lines and emergency breaks; and, from the display lists, the
 * characters per full-measure justified body line.
 *
 * Exit status: 0 when every target is met, 1 when one is missed, 2 when the
 * material or the fonts cannot be loaded (the messages say why).
 * Targets (issue 12): >= 99.5 % of justified lines within 0.75x-1.6x of the
 * normal space, no line above 1.6x (the issue exempts a line that holds one
 * unbreakable item wider than half the measure; this report does not tell
 * those apart, so it counts every line), no overfull line, 60-75
 * characters per line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/util.h"
#include "material/load.h"
#include "material/model.h"
#include "typeset/displaylist.h"
#include "typeset/font.h"
#include "typeset/fontset.h"
#include "typeset/layout.h"
#include "typeset/para.h"
#include "typeset/style.h"

#define TARGET_IN_RANGE_PERCENT 99.5
/* Lines listed by name: those whose widest gap is above this (just above the
 * 1.6x target, so lines set to exactly the limit are not listed;
 * TYPO_LIST=1.2, say, lists more). */
static double list_above = 1.61;
#define TARGET_CPL_MIN 60.0
#define TARGET_CPL_MAX 75.0
#define HIST_BUCKETS (sizeof ((para_stats *)0)->hist / sizeof ((para_stats *)0)->hist[0])
#define BAR_WIDTH 50

/* What the display lists show: characters on the justified lines that span
 * the whole measure, and the lines whose widest inter-word gap is above the
 * target (as "document p. N: ratio: text", for finding them). */
typedef struct {
	fontset *fs;
	const page_style *st;
	const char *doc;
	size_t page;
	size_t cpl_lines, cpl_chars;
	char **wide;
	size_t nwide;
} line_scan;

/* The fonts: FONTS_DIR when given, the checkout's fonts/ when run from the
 * top of it (as make does), else wherever hejapack itself would look. */
static char *fonts_dir(const char *given)
{
	if (given)
		return xstrdup(given);
	if (!getenv("HEJAPACK_FONTS") && fs_is_file("fonts/NotoSerif-Regular.ttf"))
		return xstrdup("fonts");
	return fontset_find_dir();
}

static int is_body_face(face_id f)
{
	return f == FACE_SERIF || f == FACE_SERIF_ITALIC || f == FACE_SERIF_BOLD || f == FACE_SERIF_BOLD_ITALIC ||
	       f >= FACE_FALLBACK;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int by_line_then_x(const void *a, const void *b)
{
	const dl_item *x = *(const dl_item *const *)a, *y = *(const dl_item *const *)b;
	if (x->y != y->y)
		return x->y > y->y ? -1 : 1;
	return x->x < y->x ? -1 : x->x > y->x;
}

/* A line of body text is the body-size serif runs on one baseline; a gap
 * between runs is an inter-word space. A line that starts at the left edge
 * of the type area and ends at the right edge (a justified line of a
 * top-level paragraph) counts for characters per line: those of its runs
 * plus one per gap. Any line (lists and quotes too) whose widest gap is
 * above the target ratio is recorded. */
/* A list marker ("1.", "a)", a bullet, a dash or an arrow) stands in the
 * indent: the gap after it is not an inter-word space. */
static int is_marker(const char *t)
{
	size_t len = strlen(t);
	if (!len || utf8_chars(t) > 4)
		return 0;
	return t[len - 1] == '.' || t[len - 1] == ')' || strcmp(t, "\xE2\x80\xA2") == 0 ||
	       strcmp(t, "\xE2\x80\x93") == 0 || strcmp(t, "\xE2\x86\x92") == 0;
}

static void scan_line(line_scan *sc, dl_item **run, size_t n)
{
	double left = sc->st->margin_left, right = sc->st->margin_left + sc->st->measure;
	size_t chars = 0, gaps = 0;
	double widest = 0;
	for (size_t i = 0; i < n; i++) {
		chars += utf8_chars(run[i]->text);
		if (!i || (i == 1 && is_marker(run[0]->text)))
			continue;
		double gap = run[i]->x - (run[i - 1]->x + run[i - 1]->w);
		if (gap <= 0.3)
			continue;
		gaps++;
		double space = font_space(fontset_face(sc->fs, run[i - 1]->face)) * run[i - 1]->size / 1000.0;
		if (space > 0 && gap / space > widest)
			widest = gap / space;
	}
	if (widest > list_above) {
		buf b;
		buf_init(&b);
		buf_printf(&b, "%s p. %zu: %.2fx:", sc->doc, sc->page + 1, widest);
		for (size_t i = 0; i < n; i++)
			buf_printf(&b, " %s", run[i]->text);
		sc->wide = xreallocarray(sc->wide, sc->nwide + 1, sizeof *sc->wide);
		sc->wide[sc->nwide++] = buf_detach(&b, NULL);
		buf_free(&b);
	}
	if (!gaps || fabs(run[0]->x - left) > 0.05 || fabs(run[n - 1]->x + run[n - 1]->w - right) > 0.05)
		return;
	sc->cpl_lines++;
	sc->cpl_chars += chars + gaps;
}

static void scan_document(line_scan *sc, const dl_document *doc)
{
	for (size_t p = 0; p < doc->npages; p++) {
		const dl_page *page = &doc->pages[p];
		dl_item **body = xcalloc(page->nitems ? page->nitems : 1, sizeof *body);
		size_t n = 0;
		for (size_t i = 0; i < page->nitems; i++) {
			const dl_item *it = &page->items[i];
			if (it->kind == DL_TEXT && is_body_face(it->face) && fabs(it->size - sc->st->body_size) < 0.01 &&
			    it->text && *it->text)
				body[n++] = (dl_item *)it;
		}
		qsort(body, n, sizeof *body, by_line_then_x);
		sc->page = p;
		for (size_t i = 0; i < n;) {
			size_t j = i + 1;
			while (j < n && fabs(body[j]->y - body[i]->y) < 0.01)
				j++;
			scan_line(sc, body + i, j - i);
			i = j;
		}
		free(body);
	}
}

static void stats_add(para_stats *total, const para_stats *s)
{
	total->lines += s->lines;
	total->justified_lines += s->justified_lines;
	total->overfull += s->overfull;
	total->hyphenated += s->hyphenated;
	total->emergency_breaks += s->emergency_breaks;
	total->soft_tie_paragraphs += s->soft_tie_paragraphs;
	total->within_target += s->within_target;
	total->expanded_lines += s->expanded_lines;
	total->expansion_sum += s->expansion_sum;
	if (s->max_expansion > total->max_expansion)
		total->max_expansion = s->max_expansion;
	for (size_t i = 0; i < HIST_BUCKETS; i++)
		total->hist[i] += s->hist[i];
	if (s->max_space_ratio > total->max_space_ratio)
		total->max_space_ratio = s->max_space_ratio;
	if (s->justified_lines && (total->min_space_ratio == 0 || s->min_space_ratio < total->min_space_ratio))
		total->min_space_ratio = s->min_space_ratio;
}

static double percent(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* Justified lines within 0.75x-1.6x, counted exactly as each line is set. */
static size_t within_target(const para_stats *s)
{
	return s->within_target;
}

static void print_histogram(const para_stats *s)
{
	size_t first = HIST_BUCKETS, last = 0, peak = 0;
	for (size_t i = 0; i < HIST_BUCKETS; i++) {
		if (!s->hist[i])
			continue;
		if (first == HIST_BUCKETS)
			first = i;
		last = i;
		if (s->hist[i] > peak)
			peak = s->hist[i];
	}
	printf("\ninter-word space / normal space, justified lines:\n");
	if (first == HIST_BUCKETS) {
		printf("  (no justified lines)\n");
		return;
	}
	for (size_t i = first; i <= last; i++) {
		int bar = (int)((double)s->hist[i] * BAR_WIDTH / (double)peak + 0.5);
		if (s->hist[i] && bar == 0)
			bar = 1;
		char range[32];
		if (i + 1 == HIST_BUCKETS)
			snprintf(range, sizeof range, ">= %.1f", i / 10.0);
		else
			snprintf(range, sizeof range, "%.1f-%.1f", i / 10.0, (i + 1) / 10.0);
		int outside = i < 7 || i >= 16;
		printf("  %-8s %c |%-*.*s| %6zu  %5.1f %%\n", range, outside ? '!' : ' ', BAR_WIDTH, bar,
		       "##################################################", s->hist[i],
		       percent(s->hist[i], s->justified_lines));
	}
	printf("  (a bucket a-b holds ratios above a up to b; '!': outside the target 0.75-1.6)\n");
}

typedef struct {
	para_stats stats;
	size_t pages, docs;
	int failed;
} run_totals;

/* The runs that measure what each technique buys print no rows. */
static int quiet;

/* TYPO_DUMPS=DIR: the layout of each document as set without compound
 * joints, as DIR/NAME.dump (dl_dump), for tests/tools/compound_joints.py
 * to set beside hejapack's own dumps (`pdf --dump`, joints on). dump_to
 * is DIR during that pass, else NULL. */
static const char *dump_to;

static void dump_document(const dl_document *dl, const char *name)
{
	if (!dump_to)
		return;
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t len = strlen(base);
	if (len > 3 && strcmp(base + len - 3, ".md") == 0)
		len -= 3;
	char *path = xasprintf("%s/%.*s.dump", dump_to, (int)len, base);
	FILE *f = fopen(path, "w");
	if (f) {
		dl_dump(dl, f);
		if (fclose(f) != 0)
			fprintf(stderr, "typo_report: cannot write %s\n", path);
	} else {
		fprintf(stderr, "typo_report: cannot write %s\n", path);
	}
	free(path);
}

/* Lays out one document in an environment of its own, so its figures (the
 * maximum too) are its own, prints its row and adds it to the totals. */
static void report_document(run_totals *t, line_scan *sc, fontset *fs, const layout_options *lo, const material *m,
			    const document *d, const char *base_dir, const char *name)
{
	layout_env *env = layout_env_new(fs, lo);
	dl_document *dl = layout_document(env, m, d, base_dir);
	t->docs++;
	if (!dl) {
		printf("%-46s failed to typeset\n", name);
		t->failed = 1;
		layout_env_free(env);
		return;
	}
	const para_stats *doc = layout_env_stats(env);
	/* out: justified lines in buckets wholly outside 0.7-1.6. */
	size_t out = 0;
	for (size_t k = 0; k < HIST_BUCKETS; k++)
		if (k < 7 || k >= 16)
			out += doc->hist[k];
	if (!quiet)
		printf("%-46s %5zu %6zu %6zu %5zu %5.2f %5zu %5zu %5zu\n", name, dl->npages, doc->lines,
		       doc->justified_lines, out, doc->max_space_ratio, doc->hyphenated, doc->overfull,
		       doc->emergency_breaks);
	stats_add(&t->stats, doc);
	t->pages += dl->npages;
	sc->doc = name;
	scan_document(sc, dl);
	dump_document(dl, name);
	dl_free(dl);
	layout_env_free(env);
}

/* Every document of the material, or every file named, into *t. */
static void run_all(run_totals *t, line_scan *sc, fontset *fs, const layout_options *lo, const material *m,
		    int argc, char **argv)
{
	if (m) {
		for (size_t i = 0; i < m->ndocs; i++)
			report_document(t, sc, fs, lo, m, m->docs[i], m->dir, m->docs[i]->rel_path);
		return;
	}
	for (int i = 1; i < argc; i++) {
		material *owner = NULL;
		document *d = load_single(argv[i], &owner);
		if (!d) {
			t->failed = 1;
			continue;
		}
		char *base = owner ? xstrdup(owner->dir) : fs_dirname(argv[i]);
		report_document(t, sc, fs, lo, owner, d, base, argv[i]);
		free(base);
		if (owner)
			material_free(owner);
		else
			document_free(d);
	}
}

/* The same text set with one technique switched off at a time: what each
 * one buys (issue 12). A row per setting: lines in range, lines above the
 * 1.6x target, the loosest line, hyphenated lines, overfull lines. */
static void report_techniques(fontset *fs, const page_style *st, const layout_options *lo, const material *m,
			      int argc, char **argv)
{
	static const struct {
		const char *name;
		unsigned off;
		int hyphenate;
	} settings[] = {
		{ "everything on", 0, 1 },
		{ "without font expansion", PARA_EXPANSION, 1 },
		{ "without margin protrusion", PARA_PROTRUSION, 1 },
		{ "without letter spacing", PARA_LETTERSPACING, 1 },
		{ "without giving up soft ties", PARA_SOFT_TIES, 1 },
		{ "without compound joints", PARA_COMPOUND_JOINTS, 1 },
		{ "without hyphenation", 0, 0 },
		{ "none of them", PARA_EXPANSION | PARA_PROTRUSION | PARA_LETTERSPACING | PARA_SOFT_TIES | PARA_COMPOUND_JOINTS, 0 },
	};
	printf("\nwhat each technique buys (the same text set again with it off):\n");
	printf("  %-28s %9s %7s %7s %6s %5s\n", "setting", "in range", "> 1.6x", "max", "hyph", "over");
	quiet = 1;
	const char *dumps = getenv("TYPO_DUMPS");
	for (size_t k = 0; k < sizeof settings / sizeof *settings; k++) {
		para_switch_off(settings[k].off);
		dump_to = NULL;
		if (dumps && *dumps && settings[k].off == PARA_COMPOUND_JOINTS) {
			if (fs_make_dirs(dumps) == 0)
				dump_to = dumps;
			else
				fprintf(stderr, "typo_report: cannot make %s\n", dumps);
		}
		layout_options o = *lo;
		o.hyphenate = settings[k].hyphenate;
		line_scan sc = { .fs = fs, .st = st };
		run_totals t = { 0 };
		run_all(&t, &sc, fs, &o, m, argc, argv);
		const para_stats *s = &t.stats;
		size_t above = 0;
		for (size_t b = 16; b < HIST_BUCKETS; b++)
			above += s->hist[b];
		printf("  %-28s %8.1f %% %7zu %6.2fx %6zu %5zu\n", settings[k].name,
		       percent(within_target(s), s->justified_lines), above, s->max_space_ratio, s->hyphenated,
		       s->overfull);
		for (size_t i = 0; i < sc.nwide; i++)
			free(sc.wide[i]);
		free(sc.wide);
		dump_to = NULL;
	}
	para_switch_off(0);
	quiet = 0;
}

static int is_markdown(const char *path)
{
	size_t len = strlen(path);
	return len > 3 && strcmp(path + len - 3, ".md") == 0;
}

int main(int argc, char **argv)
{
	int files = argc > 1 && is_markdown(argv[1]);
	if ((!files && argc > 3) || (argc > 1 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: typo_report [MATERIAL_DIR [FONTS_DIR]]\n       typo_report FILE.md...\n");
		return 2;
	}
	const char *dir = argc > 1 ? argv[1] : "material";
	const char *list = getenv("TYPO_LIST");
	if (list && atof(list) > 0)
		list_above = atof(list);
	material *m = NULL;
	if (!files) {
		m = load_material(dir);
		if (!m)
			return 2;
	}
	char *fdir = fonts_dir(!files && argc > 2 ? argv[2] : NULL);
	fontset *fs = fdir ? fontset_open(fdir) : NULL;
	free(fdir);
	if (!fs) {
		if (m)
			material_free(m);
		return 2;
	}
	page_style st;
	style_for_paper("A4", &st);
	layout_options lo = { .paper = "A4", .epoch = -1, .creator = "typo_report", .hyphenate = 1 };

	printf("%-46s %5s %6s %6s %5s %5s %5s %5s %5s\n", "document", "pages", "lines", "justif", "out", "max",
	       "hyph", "over", "emerg");
	line_scan sc = { .fs = fs, .st = &st };
	run_totals t = { 0 };
	run_all(&t, &sc, fs, &lo, m, argc, argv);
	para_stats total = t.stats;
	size_t pages = t.pages;
	int failed = t.failed;
	size_t ndocs = t.docs;

	const para_stats *s = &total;
	size_t in_range = within_target(s);
	double in_range_pct = percent(in_range, s->justified_lines);
	double cpl_avg = sc.cpl_lines ? (double)sc.cpl_chars / (double)sc.cpl_lines : 0.0;

	print_histogram(s);
	printf("\n%zu documents, %zu pages\n", ndocs, pages);
	printf("lines                   %8zu\n", s->lines);
	printf("justified lines         %8zu  (%.1f %% of lines)\n", s->justified_lines,
	       percent(s->justified_lines, s->lines));
	size_t above = 0;
	for (size_t b = 16; b < HIST_BUCKETS; b++)
		above += s->hist[b];
	printf("within 0.75x-1.6x       %8zu  %5.1f %%   target >= %.1f %%   %s\n", in_range, in_range_pct,
	       TARGET_IN_RANGE_PERCENT, in_range_pct >= TARGET_IN_RANGE_PERCENT ? "ok" : "MISSED");
	printf("lines above 1.6x        %8zu            target 0        %s\n", above, above == 0 ? "ok" : "MISSED");
	printf("min / max space ratio   %8.2f / %.2f\n", s->min_space_ratio, s->max_space_ratio);
	printf("overfull lines          %8zu            target 0        %s\n", s->overfull,
	       s->overfull == 0 ? "ok" : "MISSED");
	printf("hyphenated lines        %8zu  (%.1f %% of justified lines)\n", s->hyphenated,
	       percent(s->hyphenated, s->justified_lines));
	printf("emergency breaks        %8zu\n", s->emergency_breaks);
	printf("soft ties free to part  %8zu  paragraphs (set again so, as keeping them gaped)\n", s->soft_tie_paragraphs);
	/* The space ratios above are those of the scaled lines: the layout
	 * measures each gap against the glyphs as drawn. */
	printf("font expansion          %8zu  (%.1f %% of justified lines), mean |s-1| %.2f %% over them, "
	       "%.2f %% over all justified lines, largest %.2f %%\n",
	       s->expanded_lines, percent(s->expanded_lines, s->justified_lines),
	       s->expanded_lines ? 100.0 * s->expansion_sum / (double)s->expanded_lines : 0.0,
	       s->justified_lines ? 100.0 * s->expansion_sum / (double)s->justified_lines : 0.0,
	       100.0 * s->max_expansion);
	int cpl_ok = cpl_avg >= TARGET_CPL_MIN && cpl_avg <= TARGET_CPL_MAX;
	printf("characters per line     %8.1f  (%zu full-measure justified body lines)   target %.0f-%.0f   %s\n",
	       cpl_avg, sc.cpl_lines, TARGET_CPL_MIN, TARGET_CPL_MAX, cpl_ok ? "ok" : "MISSED");

	int missed = failed || s->justified_lines == 0 || in_range_pct < TARGET_IN_RANGE_PERCENT ||
		     above > 0 || s->overfull > 0 || !cpl_ok;
	if (sc.nwide) {
		printf("\nlines with a gap above %.1fx (from the display lists):\n", list_above);
		for (size_t i = 0; i < sc.nwide; i++)
			printf("  %s\n", sc.wide[i]);
	}
	for (size_t i = 0; i < sc.nwide; i++)
		free(sc.wide[i]);
	free(sc.wide);
	report_techniques(fs, &st, &lo, m, argc, argv);
	printf("typo-report: %s\n", missed ? "targets MISSED" : "all targets met");

	fontset_close(fs);
	if (m)
		material_free(m);
	return missed ? 1 : 0;
}
