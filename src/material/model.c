#include "material/model.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int document_total_minutes(const document *d)
{
	int total = 0;
	for (int i = 0; i < PHASE_COUNT; i++)
		total += d->minutes[i];
	return total;
}

char *document_pdf_path(const document *d)
{
	const char *folder = d->type == DOC_EXERCISE ? "ovningar" : d->type == DOC_REPORT ? "rapporter" : "dokument";
	return xasprintf("%s/%s.pdf", folder, d->id ? d->id : "dokument");
}

const theme *material_theme(const material *m, const char *id)
{
	for (size_t i = 0; m && id && i < m->meta.nthemes; i++)
		if (strcmp(m->meta.themes[i].id, id) == 0)
			return &m->meta.themes[i];
	return NULL;
}

const char *material_theme_title(const material *m, const char *id)
{
	const theme *t = material_theme(m, id);
	return t ? t->title : id;
}

const document *material_find(const material *m, const char *id)
{
	for (size_t i = 0; i < m->ndocs; i++)
		if (m->docs[i]->id && strcmp(m->docs[i]->id, id) == 0)
			return m->docs[i];
	return NULL;
}

static void free_list(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

void document_free(document *d)
{
	if (!d)
		return;
	free(d->id);
	free(d->title);
	free(d->version);
	free(d->updated);
	free(d->language);
	free_list(d->related, d->nrelated);
	free(d->lead);
	free(d->theme);
	free(d->audience);
	free_list(d->materials, d->nmaterials);
	for (size_t i = 0; i < d->nworksheet; i++) {
		worksheet_step *w = &d->worksheet[i];
		free(w->prompt);
		free(w->matrix_x);
		free(w->matrix_y);
		for (int k = 0; k < 4; k++)
			free(w->matrix_cells[k]);
	}
	free(d->worksheet);
	free(d->subtitle);
	free_list(d->authors, d->nauthors);
	free(d->organisation);
	free(d->date);
	free(d->abstract);
	free(d->path);
	free(d->rel_path);
	free(d->source);
	free_list(d->images, d->nimages);
	free(d);
}

static void bundle_meta_clear(bundle_meta *meta)
{
	free(meta->id);
	free(meta->title);
	free(meta->version);
	free(meta->publisher);
	free(meta->license);
	free(meta->license_spdx);
	free(meta->license_url);
	free(meta->website);
	free(meta->language);
	free(meta->description);
	free(meta->contact_name);
	free(meta->contact_email);
	free(meta->contact_url);
	for (size_t i = 0; i < meta->nthemes; i++) {
		free(meta->themes[i].id);
		free(meta->themes[i].title);
	}
	free(meta->themes);
	memset(meta, 0, sizeof *meta);
}

void material_free(material *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ndocs; i++)
		document_free(m->docs[i]);
	free(m->docs);
	bundle_meta_clear(&m->meta);
	free(m->dir);
	free(m);
}
