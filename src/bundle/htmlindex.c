#include "bundle/htmlindex.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "material/labels.h"

static void pages_text(buf *out, const labels *l, int pages)
{
	if (pages > 0)
		buf_printf(out, "PDF, %d %s", pages, pages == 1 ? l->page : l->pages);
	else
		buf_puts(out, "PDF");
}

/* The title, linked to the document's page of the HTML edition when there
 * is one, else to its PDF. */
static void title_link(buf *out, const built_doc *bd, const char *tag)
{
	char *href = built_has_html(bd) ? html_page_path(bd->doc) : document_pdf_path(bd->doc);
	buf_printf(out, "<%s><a href=\"", tag);
	html_escape(out, href);
	buf_puts(out, "\">");
	html_escape(out, bd->doc->title);
	buf_printf(out, "</a></%s>\n", tag);
	free(href);
}

/* "PDF, 2 sidor": beside a page, a link to the PDF that names its document
 * for a screen reader's list of links. */
static void pdf_link(buf *out, const labels *l, const built_doc *bd)
{
	if (!built_has_html(bd)) {
		pages_text(out, l, bd->pages);
		return;
	}
	char *href = document_pdf_path(bd->doc);
	buf_puts(out, "<a href=\"");
	html_escape(out, href);
	buf_puts(out, "\">");
	pages_text(out, l, bd->pages);
	buf_puts(out, "<span class=\"visually-hidden\">: ");
	html_escape(out, bd->doc->title);
	buf_puts(out, "</span></a>");
	free(href);
}

static void participants_text(buf *out, const labels *l, int min, int max)
{
	if (min > 0 && max > 0 && min != max)
		buf_printf(out, "%d–%d %s", min, max, l->participants_count);
	else if (min > 0 && max > 0)
		buf_printf(out, "%d %s", min, l->participants_count);
	else if (min > 0)
		buf_printf(out, "%s %d %s", l->at_least, min, l->participants_count);
	else
		buf_printf(out, "%s %d %s", l->at_most, max, l->participants_count);
}

/* An entry in another language than the page's says so, for screen readers
 * and hyphenation. */
static void item_open(buf *out, const document *d, const char *page_lang)
{
	if (d->language && page_lang && strcmp(d->language, page_lang) != 0) {
		buf_puts(out, "<li lang=\"");
		html_escape(out, d->language);
		buf_puts(out, "\">\n");
	} else {
		buf_puts(out, "<li>\n");
	}
}

static void exercise_item(buf *out, const labels *l, const built_doc *bd, const extra_file *handout,
                          const char *page_lang)
{
	const document *d = bd->doc;
	item_open(out, d, page_lang);
	title_link(out, bd, "h4");
	if (d->lead) {
		buf_puts(out, "<p class=\"lead\"><span class=\"visually-hidden\">");
		html_escape(out, l->lead_label);
		buf_puts(out, ": </span>");
		html_escape(out, d->lead);
		buf_puts(out, "</p>\n");
	}
	buf_puts(out, "<p class=\"meta\">");
	int minutes = document_total_minutes(d);
	if (minutes > 0)
		buf_printf(out, "%d %s · ", minutes, l->minutes_abbr);
	if (d->participants_min > 0 || d->participants_max > 0) {
		participants_text(out, l, d->participants_min, d->participants_max);
		buf_puts(out, " · ");
	}
	pdf_link(out, l, bd);
	buf_puts(out, "</p>\n");
	if (handout) {
		buf_puts(out, "<p class=\"handout\"><a href=\"");
		html_escape(out, handout->path);
		buf_puts(out, "\">");
		html_escape(out, l->handout);
		/* Every link names its exercise for a screen reader's list of links. */
		buf_puts(out, "<span class=\"visually-hidden\">: ");
		html_escape(out, d->title);
		buf_puts(out, "</span></a> (PDF)</p>\n");
	}
	buf_puts(out, "</li>\n");
}

static void report_item(buf *out, const labels *l, const built_doc *bd, const char *page_lang)
{
	const document *d = bd->doc;
	item_open(out, d, page_lang);
	title_link(out, bd, "h3");
	if (d->subtitle) {
		buf_puts(out, "<p class=\"subtitle\">");
		html_escape(out, d->subtitle);
		buf_puts(out, "</p>\n");
	}
	buf_puts(out, "<p class=\"meta\">");
	for (size_t i = 0; i < d->nauthors; i++) {
		html_escape(out, d->authors[i]);
		buf_puts(out, i + 1 < d->nauthors ? ", " : " · ");
	}
	if (d->date) {
		html_escape(out, d->date);
		buf_puts(out, " · ");
	}
	pdf_link(out, l, bd);
	buf_puts(out, "</p>\n");
	html_paragraphs(out, d->abstract);
	buf_puts(out, "</li>\n");
}

static void theme_section(buf *out, const labels *l, const char *anchor, const char *title, const built_doc *docs,
                          size_t ndocs, const extra_file *extras, size_t nextras, const char *theme_id,
                          const material *m)
{
	size_t count = 0;
	for (size_t i = 0; i < ndocs; i++) {
		const document *d = docs[i].doc;
		if (d->type != DOC_EXERCISE)
			continue;
		if (theme_id ? (d->theme && strcmp(d->theme, theme_id) == 0) : !material_theme(m, d->theme))
			count++;
	}
	if (!count)
		return;
	buf_puts(out, "<section aria-labelledby=\"");
	html_escape(out, anchor);
	buf_puts(out, "\">\n<h3 id=\"");
	html_escape(out, anchor);
	buf_puts(out, "\">");
	html_escape(out, title);
	buf_puts(out, "</h3>\n<ul class=\"docs\">\n");
	for (size_t i = 0; i < ndocs; i++) {
		const document *d = docs[i].doc;
		if (d->type != DOC_EXERCISE)
			continue;
		if (theme_id ? (d->theme && strcmp(d->theme, theme_id) == 0) : !material_theme(m, d->theme))
			exercise_item(out, l, &docs[i], contents_handout(d, extras, nextras), m->meta.language);
	}
	buf_puts(out, "</ul>\n</section>\n");
}

char *htmlindex_build(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                      size_t nextras, const bundle_options *opt, size_t *len)
{
	const bundle_meta *b = &m->meta;
	const labels *l = labels_for(b->language);
	contents_summary in = contents_count(docs, ndocs, extras, nextras);
	size_t nexercises = in.exercises, nreports = in.reports;
	int has_catalogue = in.has_catalogue;

	buf out;
	buf_init(&out);
	char *title = xasprintf("%s – %s %s", b->title, l->version, b->version);
	html_page_open(&out, b->language, title);
	free(title);
	buf_puts(&out, "<header>\n<h1>");
	html_escape(&out, b->title);
	buf_puts(&out, "</h1>\n<p class=\"meta\">");
	html_escape(&out, l->version);
	buf_putc(&out, ' ');
	html_escape(&out, b->version);
	if (opt->created) {
		buf_puts(&out, " · ");
		html_escape(&out, l->created);
		buf_puts(&out, ": ");
		html_escape(&out, opt->created);
	}
	if (b->publisher) {
		buf_puts(&out, " · ");
		html_escape(&out, l->publisher);
		buf_puts(&out, ": ");
		html_escape(&out, b->publisher);
	}
	if (b->license) {
		buf_puts(&out, " · ");
		html_escape(&out, l->license);
		buf_puts(&out, ": ");
		if (b->license_url) {
			buf_puts(&out, "<a rel=\"license\" href=\"");
			html_escape(&out, b->license_url);
			buf_puts(&out, "\">");
		}
		html_escape(&out, b->license);
		if (b->license_url)
			buf_puts(&out, "</a>");
		if (b->license_spdx) {
			buf_puts(&out, " (SPDX: ");
			html_escape(&out, b->license_spdx);
			buf_putc(&out, ')');
		}
	}
	buf_puts(&out, "</p>\n");
	html_paragraphs(&out, b->description);
	int pages = 0;
	for (size_t i = 0; i < ndocs; i++)
		pages |= built_has_html(&docs[i]);
	if (pages) {
		buf_puts(&out, "<p>");
		html_escape(&out, l->edition);
		buf_puts(&out, "</p>\n");
	}
	if (b->website) {
		buf_puts(&out, "<p>");
		html_escape(&out, l->website);
		buf_puts(&out, " <a href=\"");
		html_escape(&out, b->website);
		buf_puts(&out, "\">");
		html_escape(&out, b->website);
		buf_puts(&out, "</a>.</p>\n");
	}
	buf_puts(&out, "<p>");
	html_escape(&out, l->readme_before);
	buf_puts(&out, "<a href=\"../README.txt\">README.txt</a>");
	html_escape(&out, l->readme_after);
	buf_puts(&out, "</p>\n</header>\n");

	buf_puts(&out, "<nav class=\"index-nav\" aria-label=\"");
	html_escape(&out, l->contents);
	buf_puts(&out, "\">\n<ul>\n");
	if (nexercises) {
		buf_puts(&out, "<li><a href=\"#ovningar\">");
		html_escape(&out, l->exercises);
		buf_printf(&out, "</a> (%zu)</li>\n", nexercises);
	}
	if (nreports) {
		buf_puts(&out, "<li><a href=\"#rapporter\">");
		html_escape(&out, l->reports);
		buf_printf(&out, "</a> (%zu)</li>\n", nreports);
	}
	buf_puts(&out, "<li><a href=\"#filer\">");
	html_escape(&out, l->files);
	buf_puts(&out, "</a></li>\n</ul>\n</nav>\n<main>\n");

	if (nexercises) {
		buf_puts(&out, "<section aria-labelledby=\"ovningar\">\n<h2 id=\"ovningar\">");
		html_escape(&out, l->exercises);
		buf_puts(&out, "</h2>\n");
		if (has_catalogue) {
			buf_puts(&out, "<p><a href=\"katalog.pdf\">");
			html_escape(&out, l->catalogue_link);
			buf_puts(&out, "</a></p>\n");
		}
		for (size_t t = 0; t < b->nthemes; t++) {
			char *anchor = xasprintf("tema-%s", b->themes[t].id);
			theme_section(&out, l, anchor, b->themes[t].title, docs, ndocs, extras, nextras, b->themes[t].id, m);
			free(anchor);
		}
		theme_section(&out, l, "tema-ovriga", l->other_exercises, docs, ndocs, extras, nextras, NULL, m);
		buf_puts(&out, "</section>\n");
	}
	if (nreports) {
		buf_puts(&out, "<section aria-labelledby=\"rapporter\">\n<h2 id=\"rapporter\">");
		html_escape(&out, l->reports);
		buf_puts(&out, "</h2>\n<ul class=\"docs\">\n");
		for (size_t i = 0; i < ndocs; i++)
			if (docs[i].doc->type == DOC_REPORT)
				report_item(&out, l, &docs[i], b->language);
		buf_puts(&out, "</ul>\n</section>\n");
	}

	buf_puts(&out, "<section aria-labelledby=\"filer\">\n<h2 id=\"filer\">");
	html_escape(&out, l->files);
	buf_puts(&out, "</h2>\n<ul>\n");
	for (size_t i = 0; i < nextras; i++) {
		if (strncmp(extras[i].path, "handouts/", 9) == 0)
			continue; /* beside their exercises */
		buf_puts(&out, "<li><a href=\"");
		html_escape(&out, extras[i].path);
		buf_puts(&out, "\">");
		html_escape(&out, extras[i].path);
		buf_puts(&out, "</a></li>\n");
	}
	buf_puts(&out, "<li>");
	html_escape(&out, l->sources);
	buf_puts(&out, ": ");
	html_escape(&out, l->sources_text);
	buf_puts(&out, "<a href=\"kallor/\">kallor/</a>.</li>\n</ul>\n</section>\n</main>\n<footer>\n<p>");
	html_escape(&out, l->made_with);
	buf_putc(&out, ' ');
	html_escape(&out, opt->generator);
	buf_puts(&out, ".</p>\n</footer>\n");
	html_page_close(&out);
	return buf_detach(&out, len);
}
