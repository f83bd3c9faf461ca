/* Unit tests for render/html: the pages of the HTML edition, made from the
 * material in tests/fixtures/mini as the loader reads it, and from bodies
 * written here for what the fixture lacks (raw HTML, unsafe and dead links,
 * skipped heading levels, quotation marks).
 *
 * Run from the repository root (make unit does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "material/load.h"
#include "material/model.h"
#include "render/html.h"

static material *mini(void)
{
	char *dir = source_file("tests/fixtures/mini/bundle.yaml");
	assert_non_null(dir);
	*strrchr(dir, '/') = '\0';
	material *m = load_material(dir);
	free(dir);
	assert_non_null(m);
	return m;
}

static document *doc(material *m, const char *id)
{
	for (size_t i = 0; i < m->ndocs; i++)
		if (strcmp(m->docs[i]->id, id) == 0)
			return m->docs[i];
	fail_msg("no document %s", id);
	return NULL;
}

/* Replaces a document's body (the front matter fields stay). */
static void set_body(document *d, const char *body)
{
	free(d->source);
	d->source = xstrdup(body);
	d->source_len = strlen(body);
	d->body_offset = 0;
	d->body_line = 1;
}

static char *render(material *m, const document *d, int pages)
{
	html_options o = { .base_dir = m->dir, .pdf_pages = pages };
	size_t len;
	char *html = html_document(m, d, &o, &len);
	assert_int_equal(len, strlen(html));
	return html;
}

/* needle must occur in hay after the previous needle: returns where it ends. */
static const char *after(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	if (!p)
		fail_msg("\"%s\" not found in:\n%s", needle, hay);
	return p + strlen(needle);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* What every page of the edition holds, whatever the document. */
static void assert_self_contained(const char *html)
{
	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"", 28) == 0);
	assert_int_equal(count(html, "<h1"), 1);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "<iframe"));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, "@import"));
	assert_null(strstr(html, "src=\"http"));
	assert_null(strstr(html, "raw HTML omitted"));
	assert_true(strcmp(html + strlen(html) - 8, "</html>\n") == 0);
}

static void test_page_paths(void **state)
{
	(void)state;
	material *m = mini();
	char *p = html_page_path(doc(m, "alfa"));
	assert_string_equal(p, "ovningar/alfa.html");
	free(p);
	p = html_page_path(doc(m, "rapporten"));
	assert_string_equal(p, "rapporter/rapporten.html");
	free(p);
	material_free(m);
}

static void test_exercise(void **state)
{
	(void)state;
	material *m = mini();
	char *html = render(m, doc(m, "alfa"), 2);
	assert_self_contained(html);
	assert_non_null(strstr(html, "<html lang=\"sv\">"));
	assert_non_null(strstr(html, "<title>Alfa – en övning</title>"));
	/* Back to the catalogue, and the PDF beside the page. */
	const char *p = after(html, "<nav class=\"top\" aria-label=\"Navigering\">");
	p = after(p, "<a href=\"../index.html\">Alla övningar och rapporter</a>");
	p = after(p, "<a href=\"alfa.pdf\">Utskriftsversion (PDF, 2 sidor)</a>");
	/* Kicker, title, lead, then the fact box in the PDF's order. */
	p = after(p, "<p class=\"kicker\">Övning · Kultur och ledarskap</p>");
	p = after(p, "<h1>Alfa – en övning</h1>");
	p = after(p, "Frågan övningen besvarar: </span>Hur får vi syn på det vi gör varje dag?</p>");
	p = after(p, "<section class=\"facts\" aria-label=\"Fakta om övningen\">");
	p = after(p, "<dt>Tid</dt>\n<dd><strong>35 min</strong> (Börja 5, Pröva 20, Utveckla 10 min)</dd>");
	p = after(p, "<dt>Deltagare</dt>\n<dd>3–12 personer</dd>");
	p = after(p, "<dt>Material</dt>\n<dd><ul>\n<li>Papper och pennor</li>\n<li>En whiteboard</li>\n</ul></dd>");
	p = after(p, "<dt>Målgrupp</dt>\n<dd>Alla arbetsgrupper</dd>");
	p = after(p, "<dd><a href=\"../index.html#tema-kultur\">Kultur och ledarskap</a></dd>");
	/* The figure: the PNG in kallor/, at 300 dpi, with alt text and caption. */
	p = after(p, "<figure><img src=\"../kallor/figures/figur.png\" alt=\"En enkel figur med fyra rutor\"");
	p = after(p, "<figcaption>En enkel figur med fyra rutor</figcaption></figure>");
	/* Phase bands, then the related document linked to its page. */
	p = after(p, "<h2 class=\"phase\" id=\"h-1\"><span class=\"phase-name\">Börja</span>");
	p = after(p, "<span class=\"phase-who\">Enskilt</span>");
	p = after(p, "<span class=\"phase-time\">5 min</span></h2>");
	p = after(p, "<span class=\"phase-name\">Pröva</span>");
	p = after(p, "<span class=\"phase-who\">Tillsammans</span>");
	p = after(p, "Se <a href=\"beta.html\">övningen Beta</a> innan ni börjar.");
	p = after(p, "<span class=\"phase-time\">10 min</span></h2>");
	p = after(p, "<h2 id=\"h-4\">Relaterade övningar</h2>");
	p = after(p, "<li><a href=\"../rapporter/rapporten.html\">Rapporten</a> – En rapport om övningarna</li>");
	p = after(p, "</main>\n<footer>");
	p = after(p, "Minimaterial – för tester · Alfa – en övning Version 1.0.0 · Licens: CC BY-SA 4.0");
	/* No table of contents in an exercise. */
	assert_null(strstr(html, "class=\"toc\""));
	free(html);
	material_free(m);
}

static void test_figure_size(void **state)
{
	(void)state;
	material *m = mini();
	char *html = render(m, doc(m, "alfa"), 1);
	/* Without a material directory the size is not known and not said. */
	html_options o = { 0 };
	size_t len;
	char *bare = html_document(m, doc(m, "alfa"), &o, &len);
	assert_non_null(strstr(html, " width=\""));
	assert_non_null(strstr(html, "(PDF, 1 sida)"));
	assert_null(strstr(bare, " width=\""));
	assert_non_null(strstr(bare, "Utskriftsversion (PDF)</a>"));
	free(bare);
	free(html);
	material_free(m);
}

static void test_english_exercise(void **state)
{
	(void)state;
	material *m = mini();
	char *html = render(m, doc(m, "beta"), 1);
	assert_self_contained(html);
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	/* The theme's title is the bundle's own. */
	assert_non_null(strstr(html, "<p class=\"kicker\">Exercise · Behov och insikter</p>"));
	assert_non_null(strstr(html, "<dt>Participants</dt>\n<dd>2–6 people</dd>"));
	assert_non_null(strstr(html, "<dt>Materials</dt>\n<dd>Nothing special</dd>"));
	assert_non_null(strstr(html, "All exercises and reports</a>"));
	assert_non_null(strstr(html, "(PDF, 1 page)"));
	assert_null(strstr(html, "Relaterade"));
	free(html);
	material_free(m);
}

static void test_report(void **state)
{
	(void)state;
	material *m = mini();
	char *html = render(m, doc(m, "rapporten"), 3);
	assert_self_contained(html);
	const char *p = after(html, "<a href=\"rapporten.pdf\">Utskriftsversion (PDF, 3 sidor)</a>");
	p = after(p, "<p class=\"kicker\">Rapport</p>\n<h1>Rapporten</h1>\n<p class=\"subtitle\">En rapport om övningarna</p>");
	p = after(p, "Anna Andersson, Bertil Berg · Publicerad <time datetime=\"2024-02-29\">29 februari 2024</time> · "
	             "Version 0.9.0 · Licens: CC BY-SA 4.0");
	/* The contents: abstract, the numbered chapters, the related documents. */
	p = after(p, "<nav class=\"toc\" aria-labelledby=\"innehall\">\n<h2 id=\"innehall\">Innehåll</h2>");
	p = after(p, "<li><a href=\"#h-1\">Sammanfattning</a></li>");
	p = after(p, "<li><a href=\"#h-2\">1 Inledning</a></li>");
	p = after(p, "<li><a href=\"#h-3\">2 Slutsats</a></li>");
	p = after(p, "<li><a href=\"#h-4\">Relaterat material</a></li>");
	p = after(p, "<h2 id=\"h-1\">Sammanfattning</h2>\n<p>En kort rapport som sammanfattar övningarna.</p>");
	/* The body's level-1 headings sit below the title. */
	p = after(p, "<h2 id=\"h-2\"><span class=\"num\">1</span> Inledning</h2>");
	p = after(p, "<a href=\"../ovningar/alfa.html\">Alfa</a>");
	p = after(p, "<h2 id=\"h-3\"><span class=\"num\">2</span> Slutsats</h2>");
	p = after(p, "<h2 id=\"h-4\">Relaterat material</h2>");
	p = after(p, "<a href=\"../ovningar/alfa.html\">Alfa – en övning</a> – Hur får vi syn");
	after(p, "<a href=\"../ovningar/beta.html\">Beta</a>");
	free(html);

	/* contents: false leaves the list out, not the sections. */
	doc(m, "rapporten")->contents = 0;
	html = render(m, doc(m, "rapporten"), 3);
	assert_null(strstr(html, "class=\"toc\""));
	assert_non_null(strstr(html, "<h2 id=\"h-1\">Sammanfattning</h2>"));
	free(html);
	material_free(m);
}

/* Levels that skip are pulled up to one below the heading before; the
 * contents list the report's levels 1 and 2, nested. */
static void test_heading_levels(void **state)
{
	(void)state;
	material *m = mini();
	document *r = doc(m, "rapporten");
	r->numbered = 0;
	set_body(r, "# Ett\n\n#### Skippar två\n\n## Två *kursivt*\n\n### Tre\n\n# Fyra\n\n> ## I citat\n");
	char *html = render(m, r, 0);
	const char *p = after(html, "<li><a href=\"#h-2\">Ett</a>\n<ul>\n<li><a href=\"#h-4\">Två kursivt</a></li>\n"
	                            "</ul>\n</li>\n<li><a href=\"#h-6\">Fyra</a>\n<ul>\n"
	                            "<li><a href=\"#h-7\">I citat</a></li>\n</ul>\n</li>");
	p = after(p, "<h2 id=\"h-2\">Ett</h2>");
	p = after(p, "<h3 id=\"h-3\">Skippar två</h3>");
	p = after(p, "<h3 id=\"h-4\">Två <em>kursivt</em></h3>");
	p = after(p, "<h4 id=\"h-5\">Tre</h4>");
	p = after(p, "<h2 id=\"h-6\">Fyra</h2>");
	after(p, "<blockquote>\n<h3 id=\"h-7\">I citat</h3>");
	assert_null(strstr(html, "<h5"));
	assert_int_equal(count(html, "<h1"), 1);
	free(html);
	material_free(m);
}

/* Raw HTML is shown as code; links lead only where the bag has something;
 * images not of the document become their alt text; quotation marks are
 * Swedish. */
static void test_hostile_body(void **state)
{
	(void)state;
	material *m = mini();
	document *d = doc(m, "alfa");
	set_body(d, "## Börja\n\n<script>alert(1)</script>\n\n"
	            "Text <b onclick=\"x()\">fet</b> och \"citat\" och 'enkla'.\n\n"
	            "[js](javascript:alert(1)) [data](data:text/html,x) [ankare](#nagot) [fil](../bundle.yaml) "
	            "[webb](https://example.org/?a=1&b=2) [post](mailto:a@example.org) [saknas](saknas.md) "
	            "[rapport](../reports/rapporten.md#slutsats)\n\n"
	            "Bild i text ![En främmande bild](https://example.org/x.png) här.\n\n"
	            "![Okänd bild](../figures/finns-inte.png)\n\n"
	            "## Pröva\n\n## Utveckla\n");
	char *html = render(m, d, 0);
	assert_self_contained(html);
	assert_non_null(strstr(html, "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>"));
	assert_non_null(strstr(html, "Text <code>&lt;b onclick=&quot;x()&quot;&gt;</code>fet<code>&lt;/b&gt;</code>"));
	assert_non_null(strstr(html, "och ”citat” och ’enkla’."));
	assert_null(strstr(html, "javascript:"));
	assert_null(strstr(html, "data:"));
	assert_null(strstr(html, "href=\"\""));
	assert_null(strstr(html, "href=\"#nagot\""));
	assert_null(strstr(html, "bundle.yaml"));
	assert_non_null(strstr(html, "<p>js data ankare fil <a href=\"https://example.org/?a=1&amp;b=2\">webb</a> "
	                             "<a href=\"mailto:a@example.org\">post</a> saknas "
	                             "<a href=\"../rapporter/rapporten.html\">rapport</a></p>"));
	assert_non_null(strstr(html, "Bild i text [En främmande bild] här."));
	assert_non_null(strstr(html, "<p class=\"missing\">[Okänd bild]</p>"));
	assert_null(strstr(html, "<img"));
	free(html);
	material_free(m);
}

/* Everything from the front matter is escaped. */
static void test_escaping(void **state)
{
	(void)state;
	material *m = mini();
	document *d = doc(m, "alfa");
	free(d->title);
	d->title = xstrdup("A <b>&</b> \"B\"");
	free(d->lead);
	d->lead = xstrdup("<script>x</script>");
	char *html = render(m, d, 0);
	assert_non_null(strstr(html, "<title>A &lt;b&gt;&amp;&lt;/b&gt; &quot;B&quot;</title>"));
	assert_non_null(strstr(html, "<h1>A &lt;b&gt;&amp;&lt;/b&gt; &quot;B&quot;</h1>"));
	assert_non_null(strstr(html, "&lt;script&gt;x&lt;/script&gt;"));
	assert_null(strstr(html, "<script"));
	free(html);

	buf b;
	buf_init(&b);
	html_escape(&b, "<a href=\"x\">R&D's</a>");
	html_escape(&b, NULL);
	assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
	buf_free(&b);
	material_free(m);
}

/* The same model gives the same bytes. */
static void test_deterministic(void **state)
{
	(void)state;
	material *m = mini();
	char *a = render(m, doc(m, "rapporten"), 3);
	char *b = render(m, doc(m, "rapporten"), 3);
	assert_string_equal(a, b);
	free(a);
	free(b);
	material_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_page_paths),     TEST(test_exercise),       TEST(test_figure_size),
		TEST(test_english_exercise), TEST(test_report),       TEST(test_heading_levels),
		TEST(test_hostile_body),   TEST(test_escaping),       TEST(test_deterministic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
