#include "render/html.h"

#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/fsutil.h"
#include "base/image.h"
#include "base/utf8.h"
#include "base/util.h"
#include "material/labels.h"
#include "material/markdown.h"

/* One stylesheet for every page of the edition, the index included. Colours
 * are the PDFs' palette (typeset/style.c); fonts are the PDFs' faces when the
 * reader has them, else the system's. Nothing is fetched. */
static const char stylesheet[] =
	"body{font-family:\"Noto Serif\",Georgia,\"Times New Roman\",serif;font-size:1.1rem;line-height:1.6;"
	"max-width:44rem;margin:0 auto;padding:1rem 1.25rem 3rem;color:#1f1f21;background:#fff}\n"
	"h1,h2,h3,h4,h5,h6,nav,footer,figcaption,.kicker,.facts,.meta{font-family:\"Noto Sans\",system-ui,"
	"\"Segoe UI\",Roboto,Arial,sans-serif}\n"
	"h1,h2,h3{color:#0a3861;line-height:1.25}\n"
	"h1{font-size:2.1rem;margin:.3rem 0 .6rem}\n"
	"h2{font-size:1.5rem;margin:2.2rem 0 .6rem}\n"
	"h3{font-size:1.2rem;margin:1.6rem 0 .4rem}\n"
	"h4{font-size:1.05rem;margin:1.2rem 0 .3rem}\n"
	"h5,h6{font-size:1rem;font-style:italic;margin:1rem 0 .3rem}\n"
	"a{color:#12548c;text-decoration-thickness:.08em;text-underline-offset:.15em}\n"
	"a:focus-visible{outline:3px solid #b35c00;outline-offset:2px}\n"
	"nav.top{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;font-size:.95rem;padding-bottom:.5rem;"
	"border-bottom:1px solid #9eb3c7}\n"
	".kicker{color:#12548c;font-weight:700;font-size:.9rem;letter-spacing:.02em;margin:1.5rem 0 0}\n"
	".lead{font-style:italic;font-size:1.25rem}\n"
	".subtitle{font-size:1.25rem;margin:0 0 .6rem}\n"
	".meta{color:#5c5e66;font-size:.95rem}\n"
	".num{color:#12548c;margin-right:.45em}\n"
	".facts{background:#ebf2fa;border-left:3px solid #12548c;padding:.8rem 1rem;margin:1.2rem 0 1.8rem;"
	"font-size:.95rem}\n"
	".facts dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.5rem;margin:0}\n"
	".facts dt{font-weight:700;color:#0a3861}\n"
	".facts dd{margin:0}\n"
	".facts ul{margin:0;padding-left:1.1rem}\n"
	".phase{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 .8rem;background:#ebf2fa;"
	"border-left:4px solid #12548c;padding:.45rem .8rem;font-size:1.35rem}\n"
	".phase-who{font-size:.95rem;font-weight:400;color:#5c5e66}\n"
	".phase-time{margin-left:auto;font-size:1.1rem}\n"
	"figure{margin:1.5rem 0;text-align:center}\n"
	"img{max-width:100%;height:auto}\n"
	"figcaption{font-style:italic;font-size:.9rem;color:#5c5e66;margin-top:.4rem}\n"
	"blockquote{margin:1rem 0;padding:.1rem 0 .1rem 1rem;border-left:3px solid #9eb3c7}\n"
	"pre{background:#f4f6f8;padding:.7rem .9rem;white-space:pre-wrap;font-size:.9rem}\n"
	"code{font-family:\"Noto Sans Mono\",ui-monospace,Consolas,monospace;font-size:.92em}\n"
	"hr{border:0;border-top:1px solid #9eb3c7;width:30%;margin:2rem auto}\n"
	".toc ul{list-style:none;padding-left:0}\n"
	".toc ul ul{padding-left:1.5rem}\n"
	".toc li{margin:.2rem 0}\n"
	".toc>ul>li>a{font-weight:600}\n"
	"ul.docs{list-style:none;padding:0;margin:0}\n"
	"ul.docs>li{margin:0 0 1rem}\n"
	"ul.docs p{margin:.15rem 0}\n"
	"ul.docs h3,ul.docs h4{font-size:1.15rem;margin:1.1rem 0 .15rem}\n"
	"ul.docs .lead{font-size:1.05rem}\n"
	".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
	"white-space:nowrap}\n"
	"footer{margin-top:3rem;border-top:1px solid #9eb3c7;color:#5c5e66;font-size:.9rem}\n"
	"@media print{\n"
	"@page{margin:18mm 16mm}\n"
	"body{max-width:none;margin:0;padding:0;font-size:11pt;line-height:1.45;color:#000}\n"
	"nav.top,nav.index-nav{display:none}\n"
	"a{color:inherit;text-decoration:none}\n"
	"h1,h2,h3,h4,h5,h6{break-after:avoid;page-break-after:avoid}\n"
	"figure,pre,blockquote,li,.facts,.phase{break-inside:avoid;page-break-inside:avoid}\n"
	"p{orphans:3;widows:3}\n"
	"figure img{max-height:80mm;width:auto}\n"
	".facts,.phase,pre{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"}\n";

void html_escape(buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		default: buf_putc(out, *s);
		}
	}
}

void html_page_open(buf *out, const char *lang, const char *title)
{
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
	html_escape(out, lang && *lang ? lang : "en");
	buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\" />\n"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>");
	html_escape(out, title);
	buf_puts(out, "</title>\n<style>\n");
	buf_puts(out, stylesheet);
	buf_puts(out, "</style>\n</head>\n<body>\n");
}

void html_page_close(buf *out)
{
	buf_puts(out, "</body>\n</html>\n");
}

char *html_page_path(const document *d)
{
	return xasprintf("%s/%s.html", d->type == DOC_REPORT ? "rapporter" : "ovningar", d->id);
}

/* The path from one page to another: both live one folder below data/. */
static char *page_href(const document *from, const document *to)
{
	char *a = html_page_path(from), *b = html_page_path(to);
	const char *sa = strchr(a, '/'), *sb = strchr(b, '/');
	char *href = sa - a == sb - b && strncmp(a, b, (size_t)(sa - a)) == 0 ? xstrdup(sb + 1)
	                                                                      : xasprintf("../%s", b);
	free(a);
	free(b);
	return href;
}

/* ---- words ---- */




/* ---- the Markdown body ---- */

typedef struct {
	int level;  /* 1 or 2: the report's contents list these */
	char *id;
	char *text; /* HTML */
} toc_entry;

typedef struct {
	const material *m;
	const document *d;
	const html_options *opt;
	const labels *l;
	int shift;        /* added to the body's heading levels */
	int last_level;   /* of the heading written last, h1 = the title */
	int counters[6];  /* heading numbers of a numbered report */
	int next_id;
	toc_entry *toc;
	size_t ntoc;
} page_ctx;

static char *new_id(page_ctx *c)
{
	return xasprintf("h-%d", ++c->next_id);
}

static void collect_plain(cmark_node *node, buf *out)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE)
			buf_puts(out, cmark_node_get_literal(c));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			buf_putc(out, ' ');
		else
			collect_plain(c, out);
	}
}

/* A paragraph that holds images and nothing else is a row of figures. */
static int only_images(cmark_node *para)
{
	int images = 0;
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_IMAGE) {
			images++;
		} else if (t == CMARK_NODE_TEXT) {
			for (const char *s = cmark_node_get_literal(c); *s; s++)
				if (*s != ' ')
					return 0;
		} else if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK) {
			return 0;
		}
	}
	return images > 0;
}

/* The document language's quotation marks over cmark's English ones, as
 * the PDF sets them. */
static void localise_quotes(page_ctx *c, cmark_node *text)
{
	const char *lit = cmark_node_get_literal(text);
	buf out;
	buf_init(&out);
	if (labels_quotes(c->l, lit, strlen(lit), &out))
		cmark_node_set_literal(text, out.data);
	buf_free(&out);
}

static void replace_node(cmark_node *old, cmark_node *with)
{
	cmark_node_replace(old, with);
	cmark_node_free(old);
}

/* Raw HTML is shown as code, as in the PDF: the page runs nothing. */
static void html_as_code(cmark_node *node, cmark_node_type as)
{
	cmark_node *code = cmark_node_new(as);
	cmark_node_set_literal(code, cmark_node_get_literal(node));
	replace_node(node, code);
}

/* A link that cannot lead anywhere in the bag keeps its text only. */
static void unwrap(cmark_node *node)
{
	cmark_node *child;
	while ((child = cmark_node_first_child(node)))
		cmark_node_insert_before(node, child);
	cmark_node_unlink(node);
	cmark_node_free(node);
}

static int scheme_allowed(const char *url, int *has_scheme)
{
	const char *p = url;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '+' ||
	       *p == '-' || *p == '.')
		p++;
	*has_scheme = p > url && *p == ':';
	if (!*has_scheme)
		return 0;
	static const char *const allowed[] = { "http", "https", "mailto" };
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
		if ((size_t)(p - url) == strlen(allowed[i]) && strncasecmp(url, allowed[i], strlen(allowed[i])) == 0)
			return 1;
	return 0;
}

/* The material-relative path a relative URL of the document names, or NULL. */
static char *resolve(const document *d, const char *url)
{
	size_t cut = strcspn(url, "#?");
	if (!cut)
		return NULL;
	char *target = xstrndup(url, cut);
	char *dir = fs_dirname(d->rel_path);
	char *joined = fs_join(dir, target);
	char *rel = fs_normalize_relative(joined);
	free(joined);
	free(dir);
	free(target);
	return rel;
}

static void adapt_link(page_ctx *c, cmark_node *link)
{
	const char *url = cmark_node_get_url(link);
	int has_scheme;
	if (scheme_allowed(url, &has_scheme))
		return;
	const document *to = NULL;
	char *rel = has_scheme ? NULL : resolve(c->d, url);
	for (size_t i = 0; rel && c->m && i < c->m->ndocs && !to; i++)
		if (strcmp(c->m->docs[i]->rel_path, rel) == 0 && c->m->docs[i]->type != DOC_PLAIN)
			to = c->m->docs[i];
	free(rel);
	if (!to) {
		unwrap(link);
		return;
	}
	char *href = page_href(c->d, to);
	cmark_node_set_url(link, href);
	free(href);
}

/* The document's own image (loaded and checked, in kallor/), or NULL. */
static char *known_image(const page_ctx *c, cmark_node *img)
{
	const char *url = cmark_node_get_url(img);
	int has_scheme;
	scheme_allowed(url, &has_scheme);
	char *rel = has_scheme ? NULL : resolve(c->d, url);
	for (size_t i = 0; rel && i < c->d->nimages; i++)
		if (strcmp(c->d->images[i], rel) == 0)
			return rel;
	free(rel);
	return NULL;
}

/* An image that cannot be shown is its alt text, as in the PDF. */
static cmark_node *alt_text_node(cmark_node *img)
{
	buf alt;
	buf_init(&alt);
	buf_putc(&alt, '[');
	collect_plain(img, &alt);
	buf_putc(&alt, ']');
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(text, alt.data);
	buf_free(&alt);
	return text;
}

static void adapt_image(page_ctx *c, cmark_node *img)
{
	char *rel = known_image(c, img);
	if (!rel) {
		replace_node(img, alt_text_node(img));
		return;
	}
	char *src = xasprintf("../kallor/%s", rel);
	cmark_node_set_url(img, src);
	free(src);
	free(rel);
}

static cmark_node *custom_block(const char *html)
{
	cmark_node *n = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(n, html);
	return n;
}

/* One figure: the image, sized as the PDF sets it (300 dpi), and its caption. */
static cmark_node *figure(page_ctx *c, cmark_node *img)
{
	char *rel = known_image(c, img);
	if (!rel) {
		buf b;
		buf_init(&b);
		buf_puts(&b, "<p class=\"missing\">");
		cmark_node *t = alt_text_node(img);
		html_escape(&b, cmark_node_get_literal(t));
		cmark_node_free(t);
		buf_puts(&b, "</p>");
		cmark_node *n = custom_block(b.data);
		buf_free(&b);
		return n;
	}
	buf alt;
	buf_init(&alt);
	collect_plain(img, &alt);
	const char *title = cmark_node_get_title(img);
	buf b;
	buf_init(&b);
	buf_puts(&b, "<figure><img src=\"../kallor/");
	html_escape(&b, rel);
	buf_puts(&b, "\" alt=\"");
	html_escape(&b, alt.data);
	buf_putc(&b, '"');
	unsigned w, h;
	if (c->opt && c->opt->base_dir) {
		char *path = fs_join(c->opt->base_dir, rel);
		if (image_probe(path, &w, &h) && w && h) {
			unsigned cw = (w * 96u + 150u) / 300u, ch = (h * 96u + 150u) / 300u;
			buf_printf(&b, " width=\"%u\" height=\"%u\"", cw ? cw : 1, ch ? ch : 1);
		}
		free(path);
	}
	buf_puts(&b, " /><figcaption>");
	html_escape(&b, title && *title ? title : alt.data);
	buf_puts(&b, "</figcaption></figure>");
	cmark_node *n = custom_block(b.data);
	buf_free(&b);
	buf_free(&alt);
	free(rel);
	return n;
}

static void adapt_figures(page_ctx *c, cmark_node *para)
{
	for (cmark_node *k = cmark_node_first_child(para); k; k = cmark_node_next(k))
		if (cmark_node_get_type(k) == CMARK_NODE_IMAGE)
			cmark_node_insert_before(para, figure(c, k));
	cmark_node_unlink(para);
	cmark_node_free(para);
}

typedef struct {
	cmark_node **v;
	size_t n;
} node_list;

static void push(node_list *l, cmark_node *n)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = n;
}

/* Adapts the inline content and the figures. The nodes are collected first
 * and handled last to first, so that a node is changed only after its
 * children, and no node is visited after it is freed. */
static void adapt_tree(page_ctx *c, cmark_node *root)
{
	node_list l = { 0 };
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER)
			push(&l, cmark_iter_get_node(it));
	cmark_iter_free(it);
	/* Which paragraphs are figures is decided before any image changes;
	 * the mark is the paragraph's user data. */
	static char figure_mark;
	for (size_t i = 0; i < l.n; i++)
		if (cmark_node_get_type(l.v[i]) == CMARK_NODE_PARAGRAPH && only_images(l.v[i]))
			cmark_node_set_user_data(l.v[i], &figure_mark);
	for (size_t i = l.n; i-- > 0;) {
		cmark_node *n = l.v[i];
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT: localise_quotes(c, n); break;
		case CMARK_NODE_HTML_INLINE: html_as_code(n, CMARK_NODE_CODE); break;
		case CMARK_NODE_HTML_BLOCK: html_as_code(n, CMARK_NODE_CODE_BLOCK); break;
		case CMARK_NODE_LINK: adapt_link(c, n); break;
		case CMARK_NODE_IMAGE:
			if (cmark_node_get_user_data(cmark_node_parent(n)) != &figure_mark)
				adapt_image(c, n);
			break;
		case CMARK_NODE_PARAGRAPH:
			if (cmark_node_get_user_data(n) == &figure_mark)
				adapt_figures(c, n);
			break;
		default: break;
		}
	}
	free(l.v);
}

/* The HTML of a node's inline children (which it loses). Caller frees. */
static char *inline_html(cmark_node *node)
{
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *child;
	while ((child = cmark_node_first_child(node)))
		cmark_node_append_child(p, child);
	char *html = cmark_render_html(p, CMARK_OPT_DEFAULT);
	cmark_node_free(p);
	size_t len = strlen(html);
	/* "<p>" ... "</p>\n" */
	char *inner = len >= 8 ? xstrndup(html + 3, len - 8) : xstrdup("");
	free(html);
	return inner;
}

static int phase_of(const page_ctx *c, cmark_node *heading)
{
	if (c->d->type != DOC_EXERCISE || cmark_node_get_heading_level(heading) != 2)
		return -1;
	static const char *const names[] = { "Börja", "Pröva", "Utveckla" };
	buf t;
	buf_init(&t);
	collect_plain(heading, &t);
	int phase = -1;
	for (int i = 0; i < PHASE_COUNT; i++)
		if (strcmp(t.data, names[i]) == 0)
			phase = i;
	buf_free(&t);
	return phase;
}

/* A phase of an exercise: the band with the phase, who works and the minutes. */
static char *phase_band(page_ctx *c, int phase, int level, const char *id)
{
	char *mins = labels_minutes(c->l, c->d->minutes[phase]);
	buf b;
	buf_init(&b);
	buf_printf(&b, "<h%d class=\"phase\" id=\"%s\"><span class=\"phase-name\">", level, id);
	html_escape(&b, c->l->phases[phase]);
	buf_puts(&b, "</span><span class=\"visually-hidden\">, </span><span class=\"phase-who\">");
	html_escape(&b, c->l->phase_hints[phase]);
	buf_puts(&b, "</span><span class=\"visually-hidden\">, </span><span class=\"phase-time\">");
	html_escape(&b, mins);
	buf_printf(&b, "</span></h%d>", level);
	free(mins);
	return buf_detach(&b, NULL);
}

/* "2.1" for a numbered report's heading of levels 1-3, as the PDF numbers
 * them; NULL otherwise. Caller frees. */
static char *heading_number(page_ctx *c, int level)
{
	if (!c->d->numbered || level > 3)
		return NULL;
	c->counters[level - 1]++;
	for (int i = level; i < 6; i++)
		c->counters[i] = 0;
	buf b;
	buf_init(&b);
	for (int i = 0; i < level; i++)
		buf_printf(&b, i ? ".%d" : "%d", c->counters[i]);
	return buf_detach(&b, NULL);
}

static void add_toc(page_ctx *c, int level, const char *id, const char *text)
{
	c->toc = xreallocarray(c->toc, c->ntoc + 1, sizeof *c->toc);
	c->toc[c->ntoc++] = (toc_entry){ level, xstrdup(id), xstrdup(text) };
}

/* Every heading gets an id, its HTML level and, in a numbered report, its
 * number. The title is the only h1, and no level is skipped. */
static void adapt_heading(page_ctx *c, cmark_node *heading)
{
	int source = cmark_node_get_heading_level(heading);
	int level = source + c->shift;
	if (level < 2)
		level = 2;
	if (level > c->last_level + 1)
		level = c->last_level + 1;
	if (level > 6)
		level = 6;
	char *id = new_id(c);
	int phase = phase_of(c, heading);
	char *number = phase < 0 ? heading_number(c, source) : NULL;
	buf plain;
	buf_init(&plain);
	collect_plain(heading, &plain);
	char *html;
	if (phase >= 0) {
		html = phase_band(c, phase, level, id);
	} else {
		char *inner = inline_html(heading);
		buf b;
		buf_init(&b);
		buf_printf(&b, "<h%d id=\"%s\">", level, id);
		if (number)
			buf_printf(&b, "<span class=\"num\">%s</span> ", number);
		buf_puts(&b, inner);
		buf_printf(&b, "</h%d>", level);
		html = buf_detach(&b, NULL);
		free(inner);
	}
	if (c->d->type == DOC_REPORT && source <= 2) {
		buf t;
		buf_init(&t);
		if (number)
			buf_printf(&t, "%s ", number);
		html_escape(&t, plain.data);
		add_toc(c, source, id, t.data);
		buf_free(&t);
	}
	c->last_level = level;
	replace_node(heading, custom_block(html));
	free(html);
	free(number);
	free(id);
	buf_free(&plain);
}

static void adapt_headings(page_ctx *c, cmark_node *root)
{
	node_list l = { 0 };
	int min_level = 7;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			push(&l, n);
			if (cmark_node_get_heading_level(n) < min_level)
				min_level = cmark_node_get_heading_level(n);
		}
	}
	cmark_iter_free(it);
	/* The body's shallowest headings sit just below the title. */
	c->shift = 2 - min_level;
	for (size_t i = 0; i < l.n; i++)
		adapt_heading(c, l.v[i]);
	free(l.v);
}

/* The body as HTML, with the report's contents entries collected. Caller frees. */
static char *body_html(page_ctx *c)
{
	const document *d = c->d;
	cmark_node *root = markdown_parse_body(d);
	adapt_tree(c, root);
	adapt_headings(c, root);
	char *html = cmark_render_html(root, CMARK_OPT_DEFAULT);
	cmark_node_free(root);
	return html;
}

/* ---- the parts of a page ---- */

void html_paragraphs(buf *out, const char *text)
{
	const char *p = text;
	while (p && *p) {
		while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		char *para = xstrndup(p, n);
		buf_puts(out, "<p>");
		html_escape(out, para);
		buf_puts(out, "</p>\n");
		free(para);
		p = end ? end + 2 : p + n;
	}
}

static void top_nav(buf *out, const page_ctx *c)
{
	char *pdf = document_pdf_path(c->d);
	const char *base = strchr(pdf, '/') + 1;
	buf_puts(out, "<nav class=\"top\" aria-label=\"");
	html_escape(out, c->l->navigation);
	buf_puts(out, "\">\n<a href=\"../index.html\">");
	html_escape(out, c->l->overview);
	buf_puts(out, "</a>\n<a href=\"");
	html_escape(out, base);
	buf_puts(out, "\">");
	html_escape(out, c->l->pdf_version);
	if (c->opt && c->opt->pdf_pages > 0)
		buf_printf(out, " (PDF, %d %s)", c->opt->pdf_pages, c->opt->pdf_pages == 1 ? c->l->page : c->l->pages);
	else
		buf_puts(out, " (PDF)");
	buf_puts(out, "</a>\n</nav>\n");
	free(pdf);
}

static void fact(buf *out, const char *label, const char *value)
{
	buf_puts(out, "<dt>");
	html_escape(out, label);
	buf_puts(out, "</dt>\n<dd>");
	html_escape(out, value);
	buf_puts(out, "</dd>\n");
}

static void exercise_head(buf *out, const page_ctx *c)
{
	const document *d = c->d;
	const labels *l = c->l;
	const char *theme_title = c->m ? material_theme_title(c->m, d->theme) : d->theme;
	buf_puts(out, "<header>\n<p class=\"kicker\">");
	html_escape(out, l->exercise);
	if (theme_title) {
		buf_puts(out, " · ");
		html_escape(out, theme_title);
	}
	buf_puts(out, "</p>\n<h1>");
	html_escape(out, d->title);
	buf_puts(out, "</h1>\n");
	if (d->lead) {
		buf_puts(out, "<p class=\"lead\"><span class=\"visually-hidden\">");
		html_escape(out, l->lead_label);
		buf_puts(out, ": </span>");
		html_escape(out, d->lead);
		buf_puts(out, "</p>\n");
	}
	buf_puts(out, "</header>\n<section class=\"facts\" aria-label=\"");
	html_escape(out, l->facts);
	buf_puts(out, "\">\n<dl>\n<dt>");
	html_escape(out, l->time);
	buf_puts(out, "</dt>\n<dd><strong>");
	char *total = labels_minutes(l, document_total_minutes(d));
	html_escape(out, total);
	free(total);
	buf_puts(out, "</strong> (");
	for (int p = 0; p < PHASE_COUNT; p++) {
		html_escape(out, l->phases[p]);
		buf_printf(out, " %d%s", d->minutes[p], p + 1 < PHASE_COUNT ? ", " : " ");
	}
	html_escape(out, l->minutes_abbr);
	buf_puts(out, ")</dd>\n");
	char *who = d->participants_min == d->participants_max
		? xasprintf("%d %s", d->participants_min, l->persons)
		: xasprintf("%d–%d %s", d->participants_min, d->participants_max, l->persons);
	fact(out, l->participants, who);
	free(who);
	buf_puts(out, "<dt>");
	html_escape(out, l->materials);
	buf_puts(out, "</dt>\n<dd>");
	if (d->nmaterials > 1) {
		buf_puts(out, "<ul>\n");
		for (size_t i = 0; i < d->nmaterials; i++) {
			buf_puts(out, "<li>");
			html_escape(out, d->materials[i]);
			buf_puts(out, "</li>\n");
		}
		buf_puts(out, "</ul>");
	} else {
		html_escape(out, d->nmaterials ? d->materials[0] : l->no_materials);
	}
	buf_puts(out, "</dd>\n");
	if (d->audience)
		fact(out, l->audience, d->audience);
	if (theme_title) {
		buf_puts(out, "<dt>");
		html_escape(out, l->theme);
		buf_puts(out, "</dt>\n<dd>");
		/* The theme's list of exercises in the catalogue. */
		if (material_theme(c->m, d->theme)) {
			buf_puts(out, "<a href=\"../index.html#tema-");
			html_escape(out, d->theme);
			buf_puts(out, "\">");
			html_escape(out, theme_title);
			buf_puts(out, "</a>");
		} else {
			html_escape(out, theme_title);
		}
		buf_puts(out, "</dd>\n");
	}
	buf_puts(out, "</dl>\n</section>\n");
}

static void report_head(buf *out, const page_ctx *c)
{
	const document *d = c->d;
	const labels *l = c->l;
	buf_puts(out, "<header>\n<p class=\"kicker\">");
	html_escape(out, l->report);
	buf_puts(out, "</p>\n<h1>");
	html_escape(out, d->title);
	buf_puts(out, "</h1>\n");
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
	if (d->organisation) {
		html_escape(out, d->organisation);
		buf_puts(out, " · ");
	}
	if (d->date) {
		char *date = labels_date(l, d->date);
		html_escape(out, l->published);
		buf_puts(out, " <time datetime=\"");
		html_escape(out, d->date);
		buf_puts(out, "\">");
		html_escape(out, date);
		buf_puts(out, "</time> · ");
		free(date);
	}
	html_escape(out, l->version);
	buf_putc(out, ' ');
	html_escape(out, d->version);
	if (c->m && c->m->meta.license) {
		buf_puts(out, " · ");
		html_escape(out, l->license);
		buf_puts(out, ": ");
		html_escape(out, c->m->meta.license);
	}
	buf_puts(out, "</p>\n</header>\n");
}

/* Level-2 entries are a list inside their level-1 entry. */
static void contents(buf *out, const page_ctx *c)
{
	buf_puts(out, "<nav class=\"toc\" aria-labelledby=\"innehall\">\n<h2 id=\"innehall\">");
	html_escape(out, c->l->contents);
	buf_puts(out, "</h2>\n<ul>\n");
	int item = 0, sub = 0; /* a level-1 item, and its list of level-2 items, are open */
	for (size_t i = 0; i < c->ntoc; i++) {
		const toc_entry *e = &c->toc[i];
		if (e->level == 2 && item) {
			if (!sub)
				buf_puts(out, "\n<ul>\n");
			sub = 1;
			buf_printf(out, "<li><a href=\"#%s\">%s</a></li>\n", e->id, e->text);
			continue;
		}
		if (sub)
			buf_puts(out, "</ul>\n");
		if (item)
			buf_puts(out, "</li>\n");
		buf_printf(out, "<li><a href=\"#%s\">%s</a>", e->id, e->text);
		item = 1;
		sub = 0;
	}
	if (sub)
		buf_puts(out, "</ul>\n");
	if (item)
		buf_puts(out, "</li>\n");
	buf_puts(out, "</ul>\n</nav>\n");
}

static void related(buf *out, page_ctx *c, const char *label, const char *id)
{
	const document *d = c->d;
	buf_printf(out, "<section class=\"related\" aria-labelledby=\"%s\">\n<h2 id=\"%s\">", id, id);
	html_escape(out, label);
	buf_puts(out, "</h2>\n<ul>\n");
	for (size_t i = 0; i < d->nrelated; i++) {
		const document *r = material_find(c->m, d->related[i]);
		if (!r || r->type == DOC_PLAIN)
			continue;
		char *href = page_href(d, r);
		buf_puts(out, "<li><a href=\"");
		html_escape(out, href);
		buf_puts(out, "\">");
		html_escape(out, r->title);
		buf_puts(out, "</a>");
		const char *extra = r->lead ? r->lead : r->subtitle;
		if (extra) {
			buf_puts(out, " – ");
			html_escape(out, extra);
		}
		buf_puts(out, "</li>\n");
		free(href);
	}
	buf_puts(out, "</ul>\n</section>\n");
}

static int has_related(const page_ctx *c)
{
	for (size_t i = 0; c->m && i < c->d->nrelated; i++) {
		const document *r = material_find(c->m, c->d->related[i]);
		if (r && r->type != DOC_PLAIN)
			return 1;
	}
	return 0;
}

static void footer(buf *out, const page_ctx *c)
{
	buf_puts(out, "<footer>\n<p>");
	if (c->m) {
		html_escape(out, c->m->meta.title);
		buf_puts(out, " · ");
	}
	html_escape(out, c->d->title);
	buf_putc(out, ' ');
	html_escape(out, c->l->version);
	buf_putc(out, ' ');
	html_escape(out, c->d->version);
	if (c->m && c->m->meta.license) {
		buf_puts(out, " · ");
		html_escape(out, c->l->license);
		buf_puts(out, ": ");
		html_escape(out, c->m->meta.license);
	}
	buf_puts(out, "</p>\n</footer>\n");
}

char *html_document(const material *m, const document *d, const html_options *opt, size_t *len)
{
	const char *lang = d->language ? d->language : m && m->meta.language ? m->meta.language : "sv";
	page_ctx c = { .m = m, .d = d, .opt = opt, .l = labels_for(lang), .last_level = 1 };
	int report = d->type == DOC_REPORT;
	int toc = report && d->contents;
	/* Ids in the order of the page, the page's own sections' and the body's
	 * from one counter so that they never clash. */
	char *abstract_id = report && d->abstract ? new_id(&c) : NULL;
	if (abstract_id)
		add_toc(&c, 1, abstract_id, c.l->abstract);
	if (report)
		c.last_level = 2;
	char *body = body_html(&c);
	char *related_id = has_related(&c) ? new_id(&c) : NULL;
	if (related_id)
		add_toc(&c, 1, related_id, report ? c.l->related_docs : c.l->related);

	buf out;
	buf_init(&out);
	html_page_open(&out, lang, d->title);
	top_nav(&out, &c);
	buf_puts(&out, "<main>\n");
	if (report)
		report_head(&out, &c);
	else
		exercise_head(&out, &c);
	if (toc && c.ntoc)
		contents(&out, &c);
	if (abstract_id) {
		buf_printf(&out, "<section class=\"abstract\" aria-labelledby=\"%s\">\n<h2 id=\"%s\">", abstract_id,
		           abstract_id);
		html_escape(&out, c.l->abstract);
		buf_puts(&out, "</h2>\n");
		html_paragraphs(&out, d->abstract);
		buf_puts(&out, "</section>\n");
	}
	buf_puts(&out, body);
	if (related_id)
		related(&out, &c, report ? c.l->related_docs : c.l->related, related_id);
	buf_puts(&out, "</main>\n");
	footer(&out, &c);
	html_page_close(&out);

	free(body);
	free(abstract_id);
	free(related_id);
	for (size_t i = 0; i < c.ntoc; i++) {
		free(c.toc[i].id);
		free(c.toc[i].text);
	}
	free(c.toc);
	return buf_detach(&out, len);
}
