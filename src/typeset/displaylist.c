#include "typeset/displaylist.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

dl_document *dl_new(double width, double height)
{
	dl_document *doc = xcalloc(1, sizeof *doc);
	doc->width = width;
	doc->height = height;
	doc->date = -1;
	dl_elem_add(doc, DS_DOCUMENT, -1, NULL, NULL);
	return doc;
}

void dl_free(dl_document *doc)
{
	if (!doc)
		return;
	for (size_t p = 0; p < doc->npages; p++)
		free(doc->pages[p].items);
	arena_free(&doc->strings);
	free(doc->pages);
	for (size_t i = 0; i < doc->noutline; i++)
		free(doc->outline[i].title);
	free(doc->outline);
	for (size_t i = 0; i < doc->nimages; i++)
		free(doc->images[i]);
	free(doc->images);
	free(doc->title);
	free(doc->author);
	free(doc->subject);
	free(doc->keywords);
	free(doc->language);
	free(doc->creator);
	free(doc->elems);
	free(doc);
}

size_t dl_add_page(dl_document *doc)
{
	doc->pages = xreallocarray(doc->pages, doc->npages + 1, sizeof *doc->pages);
	memset(&doc->pages[doc->npages], 0, sizeof *doc->pages);
	return doc->npages++;
}

dl_item *dl_add(dl_document *doc, size_t page, const dl_item *item)
{
	dl_page *p = &doc->pages[page];
	if (p->nitems == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->items = xreallocarray(p->items, p->cap, sizeof *p->items);
	}
	dl_item *copy = &p->items[p->nitems++];
	*copy = *item;
	copy->text = arena_strdup(&doc->strings, item->text);
	copy->alt = arena_strdup(&doc->strings, item->alt);
	return copy;
}

void dl_add_outline(dl_document *doc, const char *title, int level, size_t page, double y)
{
	doc->outline = xreallocarray(doc->outline, doc->noutline + 1, sizeof *doc->outline);
	doc->outline[doc->noutline++] = (dl_outline){ xstrdup(title), level, page, y };
}

size_t dl_image_index(dl_document *doc, const char *path)
{
	for (size_t i = 0; i < doc->nimages; i++)
		if (strcmp(doc->images[i], path) == 0)
			return i;
	doc->images = xreallocarray(doc->images, doc->nimages + 1, sizeof *doc->images);
	doc->images[doc->nimages] = xstrdup(path);
	return doc->nimages++;
}

int dl_elem_add(dl_document *doc, dl_role role, int parent, const char *alt, const char *lang)
{
	if (doc->nelems == doc->elems_cap) {
		doc->elems_cap = doc->elems_cap ? doc->elems_cap * 2 : 64;
		doc->elems = xreallocarray(doc->elems, doc->elems_cap, sizeof *doc->elems);
	}
	doc->elems[doc->nelems] = (dl_elem){ role, 0, parent, arena_strdup(&doc->strings, alt),
					     arena_strdup(&doc->strings, lang) };
	return (int)doc->nelems++;
}

int dl_elem_heading(dl_document *doc, int level, int parent)
{
	int e = dl_elem_add(doc, DS_H, parent, NULL, NULL);
	doc->elems[e].level = level < 1 ? 1 : level > 6 ? 6 : level;
	return e;
}

const char *dl_elem_type(const dl_elem *e)
{
	static const char *const names[DS_KINDS] = {
		"Document", "H", "P", "L", "LI", "Lbl", "LBody", "BlockQuote", "Code", "Figure", "Caption",
		"Link", "TOC", "TOCI", "Table", "TR", "TH", "TD", "Div",
	};
	static const char *const headings[] = { "H1", "H2", "H3", "H4", "H5", "H6" };
	if (e->role == DS_H)
		return headings[e->level >= 1 && e->level <= 6 ? e->level - 1 : 0];
	return e->role < DS_KINDS ? names[e->role] : "Div";
}

void dl_set(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

static const char *const kind_names[] = { "text", "rect", "image", "link", "line" };

void dl_dump(const dl_document *doc, FILE *out)
{
	fprintf(out, "document %.2f x %.2f, %zu pages\n", doc->width, doc->height, doc->npages);
	for (size_t i = 0; i < doc->noutline; i++)
		fprintf(out, "outline %d page %zu y %.2f %s\n", doc->outline[i].level, doc->outline[i].page + 1,
			doc->outline[i].y, doc->outline[i].title);
	for (size_t p = 0; p < doc->npages; p++) {
		fprintf(out, "page %zu\n", p + 1);
		for (size_t i = 0; i < doc->pages[p].nitems; i++) {
			const dl_item *it = &doc->pages[p].items[i];
			fprintf(out, "  %s %.2f %.2f %.2f %.2f", kind_names[it->kind], it->x, it->y, it->w, it->h);
			if (it->kind == DL_TEXT) {
				fprintf(out, " face %d size %.2f \"%s\"", (int)it->face, it->size, it->text);
				if (it->expand != 0)
					fprintf(out, " expand %.4f", it->expand);
			} else if (it->kind == DL_LINK && it->link == LINK_PAGE)
				fprintf(out, " -> page %zu", it->page + 1);
			else if (it->kind == DL_LINK)
				fprintf(out, " -> %s", it->text);
			else if (it->kind == DL_IMAGE)
				fprintf(out, " %s", doc->images[it->image]);
			if (it->kind != DL_RECT && it->kind != DL_LINE && it->elem == DL_ARTIFACT)
				fputs(" artifact", out);
			else if (it->kind != DL_RECT && it->kind != DL_LINE && it->elem > 0)
				fprintf(out, " <%d>", it->elem);
			if (it->kind == DL_TEXT && it->joins_next)
				fputs(" joins", out);
			fputc('\n', out);
		}
	}
	for (size_t e = 0; e < doc->nelems; e++) {
		const dl_elem *el = &doc->elems[e];
		fprintf(out, "struct %zu %s in %d", e, dl_elem_type(el), el->parent);
		if (el->lang)
			fprintf(out, " lang %s", el->lang);
		if (el->alt)
			fprintf(out, " \"%s\"", el->alt);
		fputc('\n', out);
	}
}
