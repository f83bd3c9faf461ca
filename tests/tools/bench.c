/* bench: how fast hejapack typesets, and what it costs (`make bench`).
 *
 *   bench [MATERIAL_DIR [OUT_DIR [FONTS_DIR]]]
 *
 * (a) Generates a long report (about 1000 A4 pages of Swedish text with
 *     emphasis, lists, headings and quotes; the same text every run) in
 *     OUT_DIR/material, typesets it (layout + PDF with compression) three
 *     times, each in a fresh process as `hejapack pdf` would, and prints the
 *     median in pages per second with the slowest and fastest run.
 * (b) Typesets every exercise of the material the way `hejapack pdf` does one
 *     file (fonts opened, layout, PDF/A with its file ID) and prints the time
 *     per exercise and the size of the smallest one-page PDF. With the
 *     binary in $HEJAPACK (make bench sets it), one-page exercises are also
 *     timed as whole `hejapack pdf` processes, start-up included.
 * (c) Prints the peak memory (ru_maxrss, of this process or of a long-report
 *     run, whichever is larger) and the bytes per page.
 * (f) Writes OUT_DIR/peers/long.md (about 80 pages) and one-page.md from the
 *     same generator, for `make bench` to set with hejapack and its peers
 *     (tests/tools/peers/bench_peers.py prints those figures).
 *
 * Figures only: the targets are printed beside them, never asserted (timings
 * depend on the machine). Exit status 0, or 2 when something cannot be
 * loaded or written (the messages say why).
 */
#include <errno.h>
#include <stdint.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/outfile.h"
#include "base/util.h"
#include "cli/release.h"
#include "material/load.h"
#include "material/model.h"
#include "render/pdf.h"
#include "typeset/displaylist.h"
#include "typeset/fontset.h"
#include "typeset/layout.h"

#define TARGET_PAGES 1000
#define WORDS_PER_PAGE 244       /* measured: generated words per typeset page, contents included */
#define EXERCISE_RUNS 5          /* per exercise; the median is reported */
#define REPORT_RUNS 3            /* of the long report; the median is reported */
#define TARGET_PAGES_PER_S 1000.0
#define TARGET_MS_PER_EXERCISE 10.0
#define COMMAND_RUNS 21          /* whole `hejapack pdf` processes per exercise; the median is reported */
#define TARGET_COMMAND_MS_ONE_PAGE 10.0
#define TARGET_COMMAND_MS_THREE_PAGES 15.0
#define TARGET_PEAK_MB 100.0
#define TARGET_EXERCISE_KB 60.0
#define BUILD_RUNS 7             /* whole release builds; the median is reported */
#define TARGET_BUILD_MS 250.0
#define BENCH_ID "bench-rapport"
#define PEER_LONG_WORDS 22000   /* the text set by hejapack and its peers: about 80 pages */
#define PEER_SHORT_WORDS 140    /* and the one that fits on one page */

/* ---- deterministic Swedish text ------------------------------------------ */

typedef struct {
	uint64_t state;
	size_t words;
} gen;

static uint64_t next_random(gen *g)
{
	/* xorshift64*: the same text on every machine and run. */
	g->state ^= g->state >> 12;
	g->state ^= g->state << 25;
	g->state ^= g->state >> 27;
	return g->state * 0x2545F4914F6CDD1DULL;
}

static size_t pick_index(gen *g, size_t n)
{
	return (size_t)(next_random(g) >> 33) % n;
}

#define PICK(g, list) ((list)[pick_index((g), sizeof(list) / sizeof *(list))])

static int chance(gen *g, unsigned one_in)
{
	return pick_index(g, one_in) == 0;
}

static const char *const subjects[] = {
	"arbetsgruppen", "ledningsgruppen", "kommunen", "regionen", "förvaltningen", "verksamheten",
	"organisationen", "projektgruppen", "chefen", "projektledaren", "medarbetarna", "invånarna",
	"deltagarna", "styrgruppen", "innovationsledaren", "socialtjänsten", "äldreomsorgen",
	"skolförvaltningen", "samhällsbyggnadsförvaltningen", "kommunledningen", "följeforskarna",
	"utvecklingsenheten", "biblioteket", "kundtjänsten",
};

static const char *const verbs[] = {
	"behöver", "utvecklar", "prövar", "beskriver", "förbättrar", "undersöker", "sammanställer",
	"diskuterar", "prioriterar", "skapar", "använder", "delar", "testar", "planerar", "värderar",
	"stödjer", "identifierar", "dokumenterar", "efterfrågar", "formulerar", "följer upp", "tar fram",
	"lyfter fram", "genomför", "utvärderar", "saknar", "sprider", "förankrar",
};

static const char *const adjectives[] = {
	"nya", "tydliga", "konkreta", "gemensamma", "digitala", "små", "långsiktiga", "hållbara",
	"viktiga", "olika", "enkla", "befintliga", "återkommande", "praktiska", "strategiska",
	"oväntade", "lokala", "tvärsektoriella", "väl förankrade", "mer användarvänliga",
};

static const char *const objects[] = {
	"idéer", "mål", "förslag", "arbetssätt", "tjänster", "experiment", "lösningar", "behov",
	"erfarenheter", "resultat", "metoder", "verktyg", "insikter", "beslut", "rutiner", "samarbeten",
	"utmaningar", "möjligheter", "förändringar", "verksamhetsprocesser", "medarbetarundersökningar",
	"kvalitetsuppföljningar", "förbättringsförslag", "innovationsinitiativ", "användarintervjuer",
	"prototyper", "arbetsmiljöfrågor", "kompetensutvecklingsinsatser", "samverkansformer",
};

static const char *const phrases[] = {
	"i vardagen", "tillsammans med invånarna", "inom socialtjänsten", "under hela projektet",
	"i den kommunala verksamheten", "med stöd av forskningen", "på ett strukturerat sätt",
	"utan att tappa fart", "inom ramen för innovationsarbetet", "i samverkan med regionen",
	"över förvaltningsgränserna", "för att öka kvaliteten", "redan från början",
	"under de kommande åren", "i mötet med medborgarna", "på arbetsplatsträffarna",
	"i nära dialog med brukarna", "med hjälp av enkla prototyper", "efter varje delrapport",
	"inom äldreomsorgen och skolan", "i hela länet",
};

static const char *const openers[] = {
	"Därför", "Samtidigt", "I nästa steg", "Under våren", "Efter workshopen", "I praktiken", "På sikt",
	"Sammantaget", "Till en början", "Under hösten 2022", "I flera kommuner", "Enligt utvärderingen",
	"Redan efter några veckor", "Trots det",
};

static const char *const linkers[] = {
	"eftersom", "samtidigt som", "medan", "trots att", "så att", "innan", "när",
};

static const char *const judgements[] = {
	"viktigt", "avgörande", "lätt", "svårt", "nödvändigt", "värdefullt", "möjligt", "klokt",
};

static const char *const topics[] = {
	"Bakgrund", "Syfte och mål", "Metod", "Genomförande", "Resultat", "Analys", "Slutsatser", "Lärdomar",
	"Förvaltning", "Samverkan", "Organisation", "Uppföljning", "Digitalisering", "Brukarnas perspektiv",
	"Ledarskap och kultur", "Finansiering", "Kommunikation", "Spridning", "Kompetensutveckling",
	"Erfarenheter från kommunerna",
};

static const char *const speakers[] = {
	"deltagare i en workshop", "enhetschef inom äldreomsorgen", "projektledare i en kommun",
	"utvecklingsstrateg i regionen", "medarbetare i kundtjänsten",
};

/* Appends s with its first letter capitalised (ASCII, å, ä, ö). */
static void put_capitalised(buf *b, const char *s)
{
	unsigned char c = (unsigned char)s[0];
	if (c >= 'a' && c <= 'z') {
		buf_putc(b, (char)(c - 'a' + 'A'));
		buf_puts(b, s + 1);
	} else if (c == 0xC3 && ((unsigned char)s[1] == 0xA5 || (unsigned char)s[1] == 0xA4 ||
				 (unsigned char)s[1] == 0xB6)) {
		buf_putc(b, (char)0xC3);
		buf_putc(b, (char)((unsigned char)s[1] - 0x20));
		buf_puts(b, s + 2);
	} else {
		buf_puts(b, s);
	}
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	int in_word = 0;
	for (; *s; s++) {
		int space = *s == ' ';
		n += !space && !in_word;
		in_word = !space;
	}
	return n;
}

static void put_words(gen *g, buf *b, const char *s)
{
	buf_puts(b, s);
	g->words += count_words(s);
}

static void put_object(gen *g, buf *b)
{
	buf obj;
	buf_init(&obj);
	if (!chance(g, 3))
		buf_printf(&obj, "%s ", PICK(g, adjectives));
	buf_puts(&obj, PICK(g, objects));
	if (chance(g, 12))
		buf_printf(b, "*%s*", obj.data);
	else if (chance(g, 40))
		buf_printf(b, "**%s**", obj.data);
	else
		buf_puts(b, obj.data);
	g->words += count_words(obj.data);
	buf_free(&obj);
}

static void put_clause(gen *g, buf *b, int inverted)
{
	const char *subject = PICK(g, subjects), *verb = PICK(g, verbs);
	const char *particle = strchr(verb, ' ');
	int verb_len = particle ? (int)(particle - verb) : (int)strlen(verb);
	/* A particle verb keeps its particle after an inverted subject:
	 * "Därför följer gruppen upp ...". */
	if (inverted)
		buf_printf(b, "%.*s %s%s ", verb_len, verb, subject, particle && inverted ? particle : "");
	else
		buf_printf(b, "%s %s ", subject, verb);
	g->words += count_words(subject) + count_words(verb);
	put_object(g, b);
	if (chance(g, 2)) {
		buf_putc(b, ' ');
		put_words(g, b, PICK(g, phrases));
	}
}

static void put_sentence(gen *g, buf *b)
{
	buf s;
	buf_init(&s);
	switch (pick_index(g, 7)) {
	case 0:
	case 1:
		put_clause(g, &s, 0);
		break;
	case 2:
		put_words(g, &s, PICK(g, openers));
		buf_putc(&s, ' ');
		put_clause(g, &s, 1);
		break;
	case 3:
		put_clause(g, &s, 0);
		buf_printf(&s, ", %s ", PICK(g, linkers));
		g->words++;
		put_clause(g, &s, 0);
		break;
	case 4:
		buf_printf(&s, "det är %s att ", PICK(g, judgements));
		g->words += 4;
		put_clause(g, &s, 0);
		break;
	case 5:
		buf_puts(&s, "när ");
		g->words++;
		put_clause(g, &s, 0);
		buf_puts(&s, ", ");
		put_clause(g, &s, 1);
		break;
	default:
		buf_printf(&s, "enligt uppföljningen %s %d procent av de tillfrågade att ",
			   chance(g, 2) ? "ansåg" : "svarade", (int)pick_index(g, 90) + 5);
		g->words += 9;
		put_clause(g, &s, 0);
		break;
	}
	put_capitalised(b, s.data);
	buf_putc(b, '.');
	buf_free(&s);
}

static void put_paragraph(gen *g, buf *b, size_t sentences)
{
	for (size_t i = 0; i < sentences; i++) {
		if (i)
			buf_putc(b, ' ');
		put_sentence(g, b);
	}
	buf_puts(b, "\n\n");
}

static void put_heading(gen *g, buf *b, int level)
{
	for (int i = 0; i < level; i++)
		buf_putc(b, '#');
	buf_putc(b, ' ');
	if (level == 1) {
		put_words(g, b, PICK(g, topics));
	} else {
		buf t;
		buf_init(&t);
		buf_printf(&t, "%s %s", PICK(g, adjectives), PICK(g, objects));
		if (level == 2)
			buf_printf(&t, " %s", PICK(g, phrases));
		put_capitalised(b, t.data);
		g->words += count_words(t.data);
		buf_free(&t);
	}
	buf_puts(b, "\n\n");
}

static void put_list(gen *g, buf *b)
{
	int ordered = chance(g, 3);
	size_t items = 3 + pick_index(g, 4);
	for (size_t i = 0; i < items; i++) {
		if (ordered)
			buf_printf(b, "%zu. ", i + 1);
		else
			buf_puts(b, "- ");
		if (chance(g, 3)) {
			buf_puts(b, "**");
			put_capitalised(b, PICK(g, objects));
			buf_puts(b, ":** ");
			g->words++;
		}
		put_sentence(g, b);
		buf_putc(b, '\n');
	}
	buf_putc(b, '\n');
}

static void put_quote(gen *g, buf *b)
{
	buf_puts(b, "> ");
	size_t n = 2 + pick_index(g, 2);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ' ');
		put_sentence(g, b);
	}
	buf_printf(b, "\n>\n> \xE2\x80\x93 %s\n\n", PICK(g, speakers));
	g->words += 4;
}

/* The whole report: front matter, then chapters of sections of paragraphs
 * with a list every few paragraphs and a quote every few pages. */
static char *generate_report(size_t target_words, size_t *len)
{
	gen g = { 0x9E3779B97F4A7C15ULL, 0 };
	buf b;
	buf_init(&b);
	buf_printf(&b, "---\nid: %s\ntitle: Långtidsrapport om innovationsarbete\n"
		       "subtitle: \"Ett genererat testdokument för hejapacks prestandamätning\"\n"
		       "authors: [\"Bench\"]\norganisation: \"hejapack\"\ndate: 2024-01-31\nversion: 1.0.0\n"
		       "abstract: >-\n  Rapporten är genererad och innehåller inget som är sant. Den finns för att mäta "
		       "hur snabbt en lång rapport sätts.\nnumbered: true\n---\n\n",
		   BENCH_ID);
	size_t paragraphs = 0;
	size_t words_per_quote = WORDS_PER_PAGE * 3;
	size_t next_quote = words_per_quote;
	while (g.words < target_words) {
		put_heading(&g, &b, 1);
		put_paragraph(&g, &b, 3 + pick_index(&g, 3));
		size_t sections = 6 + pick_index(&g, 8);
		for (size_t s = 0; s < sections && g.words < target_words; s++) {
			put_heading(&g, &b, 2);
			size_t paras = 5 + pick_index(&g, 8);
			for (size_t p = 0; p < paras; p++) {
				if (p == paras / 2 && chance(&g, 3))
					put_heading(&g, &b, 3);
				put_paragraph(&g, &b, 3 + pick_index(&g, 5));
				if (++paragraphs % 5 == 0)
					put_list(&g, &b);
				if (g.words >= next_quote) {
					put_quote(&g, &b);
					next_quote += words_per_quote;
				}
			}
		}
	}
	*len = b.len;
	return buf_detach(&b, NULL);
}

/* ---- helpers -------------------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 1;
	fprintf(stderr, "bench: cannot create %s: %s\n", path, strerror(errno));
	return 0;
}

static int write_file(const char *path, const void *data, size_t len)
{
	char *err = NULL;
	if (outfile_write(path, data, len, &err) == 0)
		return 1;
	fprintf(stderr, "bench: %s\n", err ? err : path);
	free(err);
	return 0;
}

/* As in typo_report: FONTS_DIR, the checkout's fonts/, or hejapack's search. */
static char *fonts_dir(const char *given)
{
	if (given)
		return xstrdup(given);
	if (!getenv("HEJAPACK_FONTS") && fs_is_file("fonts/NotoSerif-Regular.ttf"))
		return xstrdup("fonts");
	return fontset_find_dir();
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static const char *verdict(int ok)
{
	return ok ? "ok" : "MISSED";
}

/* ---- (a) the long report ---------------------------------------------------- */

typedef struct {
	int ok;
	size_t pages, pdf_bytes;
	double load_ms, layout_ms, render_ms;
} report_run;

typedef struct {
	size_t pages;
	size_t pdf_bytes;
} report_result;

/* One run as `hejapack pdf` makes it: load, fonts, layout, PDF, in a fresh
 * process (the caller forks), so nothing is warm from an earlier run. */
static report_run run_report(const char *mdir, const char *fdir, const char *pdf_path, int tagged)
{
	report_run run = { 0 };
	material *m = NULL;
	fontset *fs = NULL;
	layout_env *env = NULL;
	dl_document *dl = NULL;
	unsigned char *pdf = NULL;
	size_t pdf_len = 0;
	double t0 = now_ms();
	m = load_material(mdir);
	run.load_ms = now_ms() - t0;
	if (!m || m->ndocs != 1)
		goto done;
	fs = fontset_open(fdir);
	if (!fs)
		goto done;
	layout_options lo = { .paper = "A4", .epoch = 1706659200, .creator = "bench", .hyphenate = 1 };
	env = layout_env_new(fs, &lo);
	t0 = now_ms();
	dl = layout_document(env, m, m->docs[0], m->dir);
	run.layout_ms = now_ms() - t0;
	if (!dl)
		goto done;
	int pages = 0;
	t0 = now_ms();
	int status = tagged ? release_render(dl, fs, m->docs[0], &pdf, &pdf_len, &pages)
			    : release_render_untagged(dl, fs, m->docs[0], &pdf, &pdf_len, &pages);
	dl = NULL; /* release_render freed it */
	run.render_ms = now_ms() - t0;
	if (status != 0 || !write_file(pdf_path, pdf, pdf_len))
		goto done;
	run.pages = (size_t)pages;
	run.pdf_bytes = pdf_len;
	run.ok = 1;
done:
	free(pdf);
	dl_free(dl);
	layout_env_free(env);
	fontset_close(fs);
	if (m)
		material_free(m);
	return run;
}

/* run_report in a child process; its figures come back through a pipe. */
static report_run run_report_cold(const char *mdir, const char *fdir, const char *pdf_path, int tagged)
{
	report_run run = { 0 };
	int fds[2];
	if (pipe(fds) != 0)
		return run;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return run;
	}
	if (pid == 0) {
		close(fds[0]);
		run = run_report(mdir, fdir, pdf_path, tagged);
		ssize_t n = write(fds[1], &run, sizeof run);
		_exit(n == (ssize_t)sizeof run ? 0 : 2);
	}
	close(fds[1]);
	ssize_t n = read(fds[0], &run, sizeof run);
	close(fds[0]);
	int wstatus;
	waitpid(pid, &wstatus, 0);
	if (n != (ssize_t)sizeof run || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
		run.ok = 0;
	return run;
}

static int compare_run_total(const void *a, const void *b)
{
	const report_run *x = a, *y = b;
	double tx = x->layout_ms + x->render_ms, ty = y->layout_ms + y->render_ms;
	return tx < ty ? -1 : tx > ty;
}

static int bench_report(const char *material_dir, const char *out_dir, const char *fdir, report_result *res)
{
	char *mdir = fs_join(out_dir, "material");
	char *rdir = fs_join(mdir, "reports");
	char *bundle_src = fs_join(material_dir, "bundle.yaml");
	char *bundle_dst = fs_join(mdir, "bundle.yaml");
	char *md_path = fs_join(rdir, BENCH_ID ".md");
	char *pdf_path = fs_join(out_dir, BENCH_ID ".pdf");
	int ok = 0;
	size_t bundle_len, md_len;
	char *bundle = NULL, *md = NULL;

	double t0 = now_ms();
	md = generate_report((size_t)TARGET_PAGES * WORDS_PER_PAGE, &md_len);
	double t_gen = now_ms() - t0;
	/* The material's own bundle.yaml, so the report is checked as a report. */
	bundle = fs_read_file(bundle_src, &bundle_len);
	if (!bundle || !make_dir(out_dir) || !make_dir(mdir) || !make_dir(rdir) ||
	    !write_file(bundle_dst, bundle, bundle_len) || !write_file(md_path, md, md_len))
		goto done;
	printf("(a) long report: %s, %.1f MB of Markdown, generated in %.0f ms\n", md_path, md_len / 1e6, t_gen);

	/* Tagged (as released) and untagged runs alternate, so both see the
	 * same machine. */
	report_run runs[REPORT_RUNS], plain[REPORT_RUNS];
	char *plain_path = fs_join(out_dir, BENCH_ID "-untagged.pdf");
	for (int r = 0; r < REPORT_RUNS; r++) {
		runs[r] = run_report_cold(mdir, fdir, pdf_path, 1);
		plain[r] = run_report_cold(mdir, fdir, plain_path, 0);
		if (!runs[r].ok || !plain[r].ok) {
			fprintf(stderr, "bench: the long report could not be typeset (run %d)\n", r + 1);
			free(plain_path);
			goto done;
		}
	}
	free(plain_path);
	qsort(plain, REPORT_RUNS, sizeof *plain, compare_run_total);
	qsort(runs, REPORT_RUNS, sizeof *runs, compare_run_total);
	const report_run *med = &runs[REPORT_RUNS / 2];
	double fastest = runs[0].layout_ms + runs[0].render_ms;
	double slowest = runs[REPORT_RUNS - 1].layout_ms + runs[REPORT_RUNS - 1].render_ms;
	double total = med->layout_ms + med->render_ms;
	double rate = total > 0 ? med->pages / (total / 1000.0) : 0;
	res->pages = med->pages;
	res->pdf_bytes = med->pdf_bytes;
	printf("    %zu pages, %.1f MB PDF (%s)\n", med->pages, med->pdf_bytes / 1e6, pdf_path);
	printf("    median of %d runs, each in a fresh process:\n", REPORT_RUNS);
	printf("    load+check %.0f ms, layout %.0f ms, PDF with compression %.0f ms\n", med->load_ms,
	       med->layout_ms, med->render_ms);
	printf("    %-34s %8.0f pages/s   target >= %.0f   %s\n", "typesetting (layout + PDF):", rate,
	       TARGET_PAGES_PER_S, verdict(rate >= TARGET_PAGES_PER_S));
	printf("    %-34s %8.0f .. %.0f pages/s\n", "slowest .. fastest run:", med->pages / (slowest / 1000.0),
	       med->pages / (fastest / 1000.0));
	printf("    %-34s %8.0f pages/s\n", "layout alone:",
	       med->layout_ms > 0 ? med->pages / (med->layout_ms / 1000.0) : 0);
	printf("    %-34s %8.0f pages/s\n", "PDF alone:", med->render_ms > 0 ? med->pages / (med->render_ms / 1000.0) : 0);
	/* What tagging costs: the same report without tags (PDF/A-1b). */
	const report_run *pm = &plain[REPORT_RUNS / 2];
	double ptotal = pm->layout_ms + pm->render_ms;
	double prate = ptotal > 0 ? pm->pages / (ptotal / 1000.0) : 0;
	double slower = prate > 0 ? (1 - rate / prate) * 100 : 0;
	double larger = pm->pdf_bytes ? ((double)med->pdf_bytes / (double)pm->pdf_bytes - 1) * 100 : 0;
	printf("    tagging (PDF/UA-1, PDF/A-2a) against the same report untagged (PDF/A-1b), medians:\n");
	printf("    %-34s %8.0f pages/s untagged, %.0f tagged: %.1f %% fewer   target <= 15 %%   %s\n",
	       "throughput:", prate, rate, slower, verdict(slower <= 15));
	printf("    %-34s %8.2f MB untagged, %.2f tagged: %+.1f %%   target <= 10 %%   %s\n", "PDF size:",
	       pm->pdf_bytes / 1e6, med->pdf_bytes / 1e6, larger, verdict(larger <= 10));
	printf("    %-34s %8.0f ms untagged, %.0f tagged\n", "PDF alone:", pm->render_ms, med->render_ms);
	ok = 1;
done:
	free(md);
	free(bundle);
	free(mdir);
	free(rdir);
	free(bundle_src);
	free(bundle_dst);
	free(md_path);
	free(pdf_path);
	return ok;
}

/* ---- (f) texts for the peers ----------------------------------------------- */

/* The generated body cut after the paragraph (or list, heading, quote) that
 * reaches max_words, under a front matter every tool understands: a title
 * and numbered headings. The report's other keys are left out because
 * hejapack prints none of them on a plain document, while pandoc would set
 * the subtitle, date and abstract; so all tools set the same words. */
static char *peer_text(size_t max_words, size_t *len)
{
	size_t report_len;
	/* The generator stops only at a section's end: ask for more than needed. */
	char *report = generate_report(max_words + 2 * WORDS_PER_PAGE, &report_len);
	const char *body = strstr(report + 4, "\n---\n");
	body = body ? body + 5 : report;
	buf b;
	buf_init(&b);
	buf_puts(&b, "---\ntitle: Långtidsrapport om innovationsarbete\nnumbered: true\n---\n");
	size_t words = 0;
	while (*body && words < max_words) {
		while (*body == '\n')
			body++;
		if (!*body)
			break;
		const char *end = strstr(body, "\n\n");
		size_t n = end ? (size_t)(end - body) : strlen(body);
		/* Markup (#, -, >) counts as words here: it is a cut-off, not a figure. */
		for (size_t i = 0; i < n; i++)
			words += body[i] != ' ' && body[i] != '\n' && (i == 0 || body[i - 1] == ' ' || body[i - 1] == '\n');
		buf_putc(&b, '\n');
		buf_append(&b, body, n);
		buf_putc(&b, '\n');
		body += n;
	}
	free(report);
	*len = b.len;
	return buf_detach(&b, NULL);
}

/* Writes OUT_DIR/peers/long.md and one-page.md, which `make bench` then sets
 * with hejapack and with each installed peer (tests/tools/bench_peers.py). */
static int write_peer_texts(const char *out_dir)
{
	static const struct {
		const char *name;
		size_t words;
	} texts[] = { { "long.md", PEER_LONG_WORDS }, { "one-page.md", PEER_SHORT_WORDS } };
	char *dir = fs_join(out_dir, "peers");
	int ok = make_dir(dir);
	for (size_t i = 0; i < sizeof texts / sizeof *texts && ok; i++) {
		size_t len;
		char *md = peer_text(texts[i].words, &len);
		char *path = fs_join(dir, texts[i].name);
		ok = write_file(path, md, len);
		free(path);
		free(md);
	}
	free(dir);
	return ok;
}

/* ---- (b) exercises, one at a time as `hejapack pdf` sets them -------------- */

/* One cold run: fonts, layout, PDF; the document is already loaded. */
static int run_exercise(const material *m, const document *d, const char *fdir, double *ms, size_t *pages,
			size_t *bytes)
{
	double t0 = now_ms();
	fontset *fs = fontset_open(fdir);
	if (!fs)
		return 0;
	layout_options lo = { .paper = "A4", .epoch = -1, .creator = "bench", .hyphenate = 1 };
	layout_env *env = layout_env_new(fs, &lo);
	unsigned char *pdf = NULL;
	size_t len = 0;
	int npages = 0;
	dl_document *dl = layout_document(env, m, d, m->dir);
	int ok = dl && release_render(dl, fs, d, &pdf, &len, &npages) == 0;
	if (ok) {
		*pages = (size_t)npages;
		*bytes = len;
	}
	free(pdf);
	layout_env_free(env);
	fontset_close(fs);
	*ms = now_ms() - t0;
	return ok;
}

/* Wall time of a whole hejapack process (args[0] is the binary), start-up,
 * dynamic linking and file writing included; -1 when it could not run. */
/* posix_spawn rather than fork: the bench has grown large by now, and
 * copying its page tables is no part of the time of the process measured. */
extern char **environ;

static double run_process(char *const *args)
{
	double t0 = now_ms();
	pid_t pid;
	if (posix_spawn(&pid, args[0], NULL, NULL, args, environ) != 0)
		return -1;
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return now_ms() - t0;
}

/* `hejapack -q pdf FILE -o OUT` as a whole process. */
static double run_command(const char *binary, const char *input, const char *output)
{
	char *const args[] = { (char *)binary, "-q", "pdf", (char *)input, "-o", (char *)output, NULL };
	return run_process(args);
}

/* The whole release build of the material as `make` runs it, with one
 * worker and with one per processor, cold (--no-cache: no state survives
 * between runs but the operating system's file cache). */
static int bench_build(const char *binary, const char *material_dir, const char *out_dir)
{
	char *out = fs_join(out_dir, "build");
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	char jn[24];
	snprintf(jn, sizeof jn, "%ld", cores < 1 ? 1 : cores);
	const char *counts[] = { "1", jn };
	printf("\n(d) `hejapack build` of %s as a whole process, median of %d runs (%ld processors):\n",
	       material_dir, BUILD_RUNS, cores);
	int ok = 1;
	for (size_t k = 0; k < 2 && ok; k++) {
		char *const args[] = { (char *)binary, "-q", "build", "-j", (char *)counts[k], "--no-cache", "-C",
				       (char *)material_dir, "-o", out, NULL };
		double runs[BUILD_RUNS];
		for (int r = 0; r < BUILD_RUNS && ok; r++)
			ok = (runs[r] = run_process(args)) >= 0;
		if (!ok)
			break;
		qsort(runs, BUILD_RUNS, sizeof *runs, compare_double);
		char label[40];
		snprintf(label, sizeof label, "build -j %s:", counts[k]);
		if (k == 1)
			printf("    %-34s %8.0f ms   (%.0f .. %.0f)   target <= %.0f ms   %s\n", label,
			       runs[BUILD_RUNS / 2], runs[0], runs[BUILD_RUNS - 1], TARGET_BUILD_MS,
			       verdict(runs[BUILD_RUNS / 2] <= TARGET_BUILD_MS));
		else
			printf("    %-34s %8.0f ms   (%.0f .. %.0f)\n", label, runs[BUILD_RUNS / 2], runs[0],
			       runs[BUILD_RUNS - 1]);
	}
	free(out);
	if (!ok)
		printf("    could not run %s build\n", binary);
	return ok;
}

/* Builds with the cache (OUT/cache): unchanged, and after a change to the
 * body of one exercise (a copy of the material, edited before each run). */
static int bench_cached_build(const char *binary, const char *material_dir, const char *out_dir)
{
	char *copy = fs_join(out_dir, "cached-material");
	char *out = fs_join(out_dir, "cached-build");
	char *const rm[] = { "/bin/rm", "-rf", copy, out, NULL };
	char *const cp[] = { "/bin/cp", "-r", (char *)material_dir, copy, NULL };
	char *const args[] = { (char *)binary, "-q", "build", "-C", copy, "-o", out, NULL };
	int ok = run_process(rm) >= 0 && run_process(cp) >= 0 && run_process(args) >= 0;
	char *edited = fs_join(copy, "exercises/framtid.md");
	printf("\n(e) `hejapack build` with its cache, median of %d runs:\n", BUILD_RUNS);
	for (int edit = 0; edit < 2 && ok; edit++) {
		double runs[BUILD_RUNS];
		for (int r = 0; r < BUILD_RUNS && ok; r++) {
			if (edit) {
				FILE *f = fopen(edited, "a");
				ok = f && fprintf(f, "\nEn rad till, nummer %d.\n", r) > 0;
				if (f && fclose(f) != 0)
					ok = 0;
			}
			ok = ok && (runs[r] = run_process(args)) >= 0;
		}
		if (!ok)
			break;
		qsort(runs, BUILD_RUNS, sizeof *runs, compare_double);
		printf("    %-34s %8.0f ms   (%.0f .. %.0f)", edit ? "one exercise's text edited:" : "nothing changed:",
		       runs[BUILD_RUNS / 2], runs[0], runs[BUILD_RUNS - 1]);
		if (edit)
			printf("   target <= 50 ms   %s", verdict(runs[BUILD_RUNS / 2] <= 50.0));
		putchar('\n');
	}
	if (!ok)
		printf("    could not run the cached builds\n");
	run_process(rm);
	free(edited);
	free(copy);
	free(out);
	return ok;
}

/* The median over COMMAND_RUNS runs of the whole command, or -1. */
static double command_median(const char *binary, const char *input, const char *out_dir)
{
	char *output = fs_join(out_dir, "whole-command.pdf");
	double runs[COMMAND_RUNS];
	int ok = 1;
	for (int r = 0; r < COMMAND_RUNS && ok; r++)
		ok = (runs[r] = run_command(binary, input, output)) >= 0;
	free(output);
	if (!ok)
		return -1;
	qsort(runs, COMMAND_RUNS, sizeof *runs, compare_double);
	return runs[COMMAND_RUNS / 2];
}

static int bench_exercises(const char *material_dir, const char *fdir, const char *binary, const char *out_dir)
{
	material *m = load_material(material_dir);
	if (!m)
		return 0;
	printf("\n(b) exercises, each set alone as by `hejapack pdf` (fonts + layout + PDF), median of %d runs:\n",
	       EXERCISE_RUNS);
	printf("    %-32s %5s %9s %9s\n", "exercise", "pages", "ms", "PDF bytes");
	size_t n = 0, one_page = 0, pages_total = 0, commands = 0, three_commands = 0;
	double sum_ms = 0, sum_one_page_ms = 0, sum_command_ms = 0, worst_command_ms = 0;
	double sum_three_ms = 0, worst_three_ms = 0;
	size_t smallest = 0, smallest_any = 0;
	const char *smallest_id = NULL, *smallest_any_id = NULL;
	int ok = 1;
	for (size_t i = 0; i < m->ndocs && ok; i++) {
		const document *d = m->docs[i];
		if (d->type != DOC_EXERCISE)
			continue;
		double runs[EXERCISE_RUNS];
		size_t pages = 0, bytes = 0;
		for (int r = 0; r < EXERCISE_RUNS && ok; r++)
			ok = run_exercise(m, d, fdir, &runs[r], &pages, &bytes);
		if (!ok)
			break;
		qsort(runs, EXERCISE_RUNS, sizeof *runs, compare_double);
		double median = runs[EXERCISE_RUNS / 2];
		/* And as a whole process, for the one- and three-page targets. */
		double whole = binary && (pages == 1 || pages == 3) ? command_median(binary, d->path, out_dir) : -1;
		if (whole >= 0)
			printf("    %-32s %5zu %9.2f %9zu   whole process %6.2f ms\n", d->id, pages, median, bytes, whole);
		else
			printf("    %-32s %5zu %9.2f %9zu\n", d->id, pages, median, bytes);
		if (whole >= 0 && pages == 3) {
			three_commands++;
			sum_three_ms += whole;
			if (whole > worst_three_ms)
				worst_three_ms = whole;
		}
		n++;
		pages_total += pages;
		sum_ms += median;
		if (!smallest_any_id || bytes < smallest_any) {
			smallest_any = bytes;
			smallest_any_id = d->id;
		}
		if (pages == 1) {
			one_page++;
			sum_one_page_ms += median;
			if (whole >= 0) {
				commands++;
				sum_command_ms += whole;
				if (whole > worst_command_ms)
					worst_command_ms = whole;
			}
			if (!smallest_id || bytes < smallest) {
				smallest = bytes;
				smallest_id = d->id;
			}
		}
	}
	if (ok && n) {
		printf("    %zu exercises, %zu pages, %zu of one page\n", n, pages_total, one_page);
		double per_exercise = sum_ms / n;
		printf("    %-34s %8.2f ms   (the target is for one-page exercises)\n", "per exercise (all):",
		       per_exercise);
		printf("    %-34s %8.2f ms\n", "per page (all exercises):", sum_ms / pages_total);
		printf("    %-34s %8.1f KB   (%s)\n", "smallest exercise PDF:", smallest_any / 1024.0, smallest_any_id);
		if (three_commands)
			printf("    %-34s %8.2f ms   worst %.2f ms   target <= %.0f ms   %s\n",
			       "whole process, 3-page exercise:", sum_three_ms / three_commands, worst_three_ms,
			       TARGET_COMMAND_MS_THREE_PAGES, verdict(worst_three_ms <= TARGET_COMMAND_MS_THREE_PAGES));
		if (one_page) {
			double avg = sum_one_page_ms / one_page;
			printf("    %-34s %8.2f ms   target <= %.0f ms   %s\n", "per one-page exercise:", avg,
			       TARGET_MS_PER_EXERCISE, verdict(avg <= TARGET_MS_PER_EXERCISE));
			if (commands)
				printf("    %-34s %8.2f ms   worst %.2f ms   target <= %.0f ms   %s\n"
				       "    %-34s (`hejapack pdf` from start to exit, median of %d runs)\n",
				       "whole process, one-page exercise:", sum_command_ms / commands, worst_command_ms,
				       TARGET_COMMAND_MS_ONE_PAGE, verdict(worst_command_ms <= TARGET_COMMAND_MS_ONE_PAGE), "",
				       COMMAND_RUNS);
			printf("    %-34s %8.1f KB   target < %.0f KB   %s (%s)\n", "smallest one-page PDF:",
			       smallest / 1024.0, TARGET_EXERCISE_KB, verdict(smallest / 1024.0 < TARGET_EXERCISE_KB),
			       smallest_id);
		} else {
			printf("    no exercise here is one page: the one-page targets (%.0f ms, %.0f KB) are\n"
			       "    measured on tests/fixtures/mini below\n",
			       TARGET_MS_PER_EXERCISE, TARGET_EXERCISE_KB);
		}
	}
	material_free(m);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc > 4 || (argc > 1 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: bench [MATERIAL_DIR [OUT_DIR [FONTS_DIR]]]\n");
		return 2;
	}
	const char *material_dir = argc > 1 ? argv[1] : "material";
	const char *out_dir = argc > 2 ? argv[2] : "out/bench";
	char *fdir = fonts_dir(argc > 3 ? argv[3] : NULL);
	if (!fdir)
		return 2;
	tune_allocator(); /* as hejapack's main does */
	report_result rep = { 0, 0 };
	/* The binary, when given (make bench does), for the whole-command time. */
	const char *binary = getenv("HEJAPACK");
	int ok = bench_report(material_dir, out_dir, fdir, &rep) && bench_exercises(material_dir, fdir, binary, out_dir);
	/* The shipped exercises are 3-4 pages; the one-page figures come from the
	 * test material's exercises, which fit on one page. */
	if (ok && fs_is_dir("tests/fixtures/mini")) {
		printf("\n    one-page exercises of tests/fixtures/mini:");
		ok = bench_exercises("tests/fixtures/mini", fdir, binary, out_dir);
	}
	if (ok && binary)
		ok = bench_build(binary, material_dir, out_dir) && bench_cached_build(binary, material_dir, out_dir);
	free(fdir);
	if (ok)
		ok = write_peer_texts(out_dir);
	if (!ok)
		return 2;

	/* The long report runs in child processes, the exercises in this one. */
	struct rusage self, children;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	long peak_kb = self.ru_maxrss > children.ru_maxrss ? self.ru_maxrss : children.ru_maxrss;
	double peak_mb = peak_kb / 1024.0; /* Linux reports kilobytes */
	printf("\n(c) memory and size\n");
	printf("    %-34s %8.1f MB   target < %.0f MB   %s\n", "peak memory (ru_maxrss):", peak_mb, TARGET_PEAK_MB,
	       verdict(peak_mb < TARGET_PEAK_MB));
	if (rep.pages) {
		printf("    %-34s %8.0f bytes\n", "PDF bytes per page (long report):", (double)rep.pdf_bytes / rep.pages);
		printf("    %-34s %8.0f bytes\n", "peak memory per page (long report):",
		       children.ru_maxrss * 1024.0 / rep.pages);
	}
	printf("bench: figures only; targets are not asserted\n");
	return 0;
}
