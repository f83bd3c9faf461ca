#include "bundle/contents.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

char *contents_source_name(const document *d)
{
	return xasprintf("kallor/%s", d->rel_path);
}

char *contents_bag_name(const material *m, const bundle_options *opt)
{
	const char *v = opt && opt->variant.name ? opt->variant.name : "";
	return xasprintf("%s-%s%s%s", m->meta.id, m->meta.version, *v ? "-" : "", v);
}

char *contents_variant_name(const char *paper, int handouts, int print_shop)
{
	buf b;
	buf_init(&b);
	if (paper && strcmp(paper, "A4") != 0 && strcmp(paper, "a4") != 0) {
		for (const char *c = paper; *c; c++)
			buf_putc(&b, (*c >= 'A' && *c <= 'Z') ? (char)(*c + 32) : *c);
	}
	if (handouts)
		buf_printf(&b, "%shandouts", b.len ? "-" : "");
	if (print_shop)
		buf_printf(&b, "%sprint", b.len ? "-" : "");
	size_t len;
	return buf_detach(&b, &len);
}

char *contents_pdfa_name(const bundle_variant *v)
{
	if (v->pdfa_part <= 0)
		return NULL;
	char level = v->pdfa_conformance && *v->pdfa_conformance ? *v->pdfa_conformance : 'B';
	if (level >= 'A' && level <= 'Z')
		level = (char)(level + 32);
	return xasprintf("PDF/A-%d%c", v->pdfa_part, level);
}

const char *contents_media_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".pdf", "application/pdf" }, { ".md", "text/markdown" },   { ".png", "image/png" },
		{ ".jpg", "image/jpeg" },      { ".jpeg", "image/jpeg" },    { ".html", "text/html" },
		{ ".yaml", "application/yaml" }, { ".yml", "application/yaml" }, { ".txt", "text/plain" },
		{ ".json", "application/json" }, { ".svg", "image/svg+xml" }, { ".xml", "application/xml" },
		{ ".css", "text/css" },        { ".xsd", "application/xml" },
	};
	size_t len = strlen(path);
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		size_t n = strlen(types[i].ext);
		if (len > n && strcmp(path + len - n, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
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
	for (size_t i = 0; i < ndocs; i++)
		if (contents_handout(docs[i].doc, extras, nextras))
			c.handouts++;
	return c;
}

const extra_file *contents_handout(const document *d, const extra_file *extras, size_t nextras)
{
	if (d->type != DOC_EXERCISE)
		return NULL;
	size_t id = strlen(d->id);
	for (size_t i = 0; i < nextras; i++) {
		const char *p = extras[i].path;
		if (strncmp(p, "handouts/", 9) == 0 && strncmp(p + 9, d->id, id) == 0 && strcmp(p + 9 + id, ".pdf") == 0)
			return &extras[i];
	}
	return NULL;
}

int built_has_html(const built_doc *d)
{
	return d->html != NULL || d->html_at.sp != NULL;
}

int contents_digests(const unsigned char *data, spool_ref at, size_t len, const payload_prep *prep,
		     char sha256[SHA256_HEX_SIZE], char *sha512)
{
	if (prep) {
		memcpy(sha256, prep->sha256, SHA256_HEX_SIZE);
		if (sha512)
			memcpy(sha512, prep->sha512, SHA512_HEX_SIZE);
		return 0;
	}
	unsigned char *owned;
	const unsigned char *bytes = spool_bytes_reported(data, at, &owned);
	if (!bytes)
		return -1;
	sha256_hex(bytes, len, sha256);
	if (sha512)
		sha512_hex(bytes, len, sha512);
	free(owned);
	return 0;
}
