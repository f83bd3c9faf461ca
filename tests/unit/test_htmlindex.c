#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "bundle/htmlindex.h"
#include "bundle_fixture.h"

static char *page(fixture *f, size_t *len)
{
	return htmlindex_build(f->m, f->docs, FIXTURE_DOCS, f->extras, FIXTURE_EXTRAS, &f->opt, len);
}

static const char *after(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	if (!p)
		fail_msg("\"%s\" not found", needle);
	return p;
}

static void test_swedish_page(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	size_t len;
	char *html = page(f, &len);
	assert_int_equal(len, strlen(html));
	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"sv\">\n", 33) == 0);
	assert_non_null(strstr(html, "<meta charset=\"utf-8\" />"));
	assert_null(strstr(html, "<li lang="));
	/* Without pages of the HTML edition, the titles open the PDFs. */
	assert_null(strstr(html, ".html\""));
	assert_null(strstr(html, "webbsida"));
	assert_non_null(strstr(html, "<title>HEJA – test &amp; prov – Version 1.2.0</title>"));
	/* Self-contained: no scripts, no external resources, no images. */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "http:"));
	/* The one web address is the licence, a link the reader may follow. */
	const char *web = strstr(html, "https:");
	assert_non_null(web);
	assert_non_null(strstr(html, "Licens: <a rel=\"license\" href=\"https://creativecommons.org/licenses/by-sa/4.0/\">"
	                             "CC BY-SA 4.0</a> (SPDX: CC-BY-SA-4.0)"));
	assert_null(strstr(web + 1, "https:"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "@import"));
	assert_null(strstr(html, "url("));
	/* Everything escaped. */
	assert_non_null(strstr(html, ">Framtidsverkstad &amp; &lt;visioner&gt;</a>"));
	assert_null(strstr(html, "<visioner>"));
	assert_non_null(strstr(html, "Andra stycket &quot;citat&quot;."));
	/* Exercises grouped by theme in catalogue order; empty themes left out. */
	assert_null(strstr(html, "Förstå innovation"));
	const char *behov = after(html, "<h3 id=\"tema-behov\">Behov och insikter</h3>");
	const char *behov_item = after(behov, "<a href=\"ovningar/behov.pdf\">Behovsanalys</a>");
	const char *framtid = after(behov_item, "<h3 id=\"tema-framtid\">Framtid och omvärld</h3>");
	const char *framtid_item = after(framtid, "<a href=\"ovningar/framtid.pdf\">");
	after(framtid_item, "<h2 id=\"rapporter\">Rapporter</h2>");
	assert_non_null(strstr(html, "Vems behov löser vi?"));
	assert_non_null(strstr(html, "60 min · 3–8 deltagare · PDF, 2 sidor"));
	assert_non_null(strstr(html, "45 min · 4–20 deltagare · PDF, 3 sidor"));
	/* Reports with authors, date and abstract paragraphs. */
	assert_non_null(strstr(html, "<a href=\"rapporter/rapport-2024.pdf\">Lärdomar 2024</a>"));
	assert_non_null(strstr(html, "Anna Ek, Bo Ström · 2024-12-01 · PDF, 12 sidor"));
	assert_non_null(strstr(html, "<p>Vad vi lärde oss under året.</p>\n<p>Andra stycket"));
	/* Bundle facts, catalogue, sources and README. */
	assert_non_null(
		strstr(html, "Version 1.2.0 · Datum: 2025-03-01 · Utgivare: HEJA Innovation · Licens: <a rel=\"license\""));
	assert_non_null(strstr(html, "<a href=\"katalog.pdf\">Katalog över alla övningar och rapporter (PDF)</a>"));
	assert_non_null(strstr(html, "<a href=\"kallor/\">kallor/</a>"));
	assert_non_null(strstr(html, "<a href=\"../README.txt\">README.txt</a>"));
	assert_non_null(strstr(html, "Skapad med hejapack 0.1.0."));
	assert_true(strcmp(html + len - 8, "</html>\n") == 0);
	free(html);
	fixture_free(f);
}

static void test_english_and_unknown_theme(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	free(f->m->meta.language);
	f->m->meta.language = xstrdup("en-GB");
	free(f->m->docs[0]->theme);
	f->m->docs[0]->theme = xstrdup("undeclared");
	f->m->docs[0]->participants_max = 0; /* "at least 3" */
	f->docs[1].pages = 1;
	size_t len;
	char *html = page(f, &len);
	assert_non_null(strstr(html, "<html lang=\"en-GB\">"));
	/* The Swedish documents' entries say they are Swedish. */
	assert_non_null(strstr(html, "<li lang=\"sv\">\n<h4><a href=\"ovningar/behov.pdf\">"));
	assert_null(strstr(html, "<li>\n<h4>"));
	assert_non_null(strstr(html, "<h2 id=\"ovningar\">Exercises</h2>"));
	assert_non_null(strstr(html, "Catalogue of all exercises and reports (PDF)"));
	assert_null(strstr(html, "Behov och insikter"));
	/* The exercise whose theme is not declared goes last, under Other. */
	const char *framtid = after(html, "<h3 id=\"tema-framtid\">");
	const char *other = after(framtid, "<h3 id=\"tema-ovriga\">Other exercises</h3>");
	after(other, "ovningar/behov.pdf");
	assert_non_null(strstr(html, "60 min · at least 3 participants · PDF, 2 pages"));
	assert_non_null(strstr(html, "PDF, 1 page<"));
	assert_null(strstr(html, "deltagare"));
	free(html);
	fixture_free(f);
}

/* With the HTML edition, the index is its catalogue: each title opens the
 * document's page, and the PDF is linked beside it, named for a screen reader. */
static void test_catalogue_of_pages(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	for (size_t i = 0; i < FIXTURE_DOCS; i++) {
		f->docs[i].html = (unsigned char *)"<p>";
		f->docs[i].html_len = 3;
	}
	size_t len;
	char *html = page(f, &len);
	assert_non_null(strstr(html, "<p>Varje övning och rapport finns här som webbsida och som PDF-fil för utskrift.</p>"));
	const char *p = after(html, "<h4><a href=\"ovningar/behov.html\">Behovsanalys</a></h4>");
	p = after(p, "60 min · 3–8 deltagare · <a href=\"ovningar/behov.pdf\">PDF, 2 sidor"
	             "<span class=\"visually-hidden\">: Behovsanalys</span></a>");
	p = after(p, "<h3><a href=\"rapporter/rapport-2024.html\">Lärdomar 2024</a></h3>");
	after(p, "<a href=\"rapporter/rapport-2024.pdf\">PDF, 12 sidor");
	/* The edition's one stylesheet, with its print rules. */
	assert_non_null(strstr(html, "@media print{"));
	assert_non_null(strstr(html, ".phase{"));
	free(html);
	fixture_free(f);
}

static void test_escape(void **state)
{
	(void)state;
	buf b;
	buf_init(&b);
	html_escape(&b, "<a href=\"x\">R&D's</a>");
	assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
	buf_clear(&b);
	html_escape(&b, NULL);
	assert_string_equal(b.data, "");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swedish_page),
		cmocka_unit_test(test_english_and_unknown_theme),
		cmocka_unit_test(test_catalogue_of_pages),
		cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
