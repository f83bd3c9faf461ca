#include "bundle/contents.h"

#include <string.h>

#include "base/util.h"

char *contents_source_name(const document *d)
{
	return xasprintf("kallor/%s", d->rel_path);
}

char *contents_bag_name(const material *m)
{
	return xasprintf("%s-%s", m->meta.id, m->meta.version);
}

contents_summary contents_count(const built_doc *docs, size_t ndocs, const extra_file *extras, size_t nextras)
{
	contents_summary c = { 0 };
	for (size_t i = 0; i < ndocs; i++) {
		if (docs[i].doc->type == DOC_EXERCISE)
			c.exercises++;
		else
			c.reports++;
	}
	for (size_t i = 0; i < nextras; i++)
		if (strcmp(extras[i].path, "katalog.pdf") == 0)
			c.has_catalogue = 1;
	return c;
}
