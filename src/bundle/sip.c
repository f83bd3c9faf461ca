#include "bundle/sip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/hash.h"
#include "base/utf8.h"
#include "base/spool.h"
#include "base/util.h"
#include "bundle/libxml.h"
#include "bundle/package.h"
#include "bundle/schemas.h"
#include "bundle/zipout.h"
#include "material/labels.h"

#define NS_METS "http://www.loc.gov/METS/"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define NS_CSIP "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
#define NS_SIP "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
#define NS_PREMIS "http://www.loc.gov/premis/v3"
/* The E-ARK SIP profile extends CSIP; FGS Paketstruktur 2.0 is CSIP 2.1.0
 * with SIP 2.1.0, and SIP asks for its own profile's address here. */
#define SIP_PROFILE "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
/* CSIP's content category vocabulary spells it with an en dash. */
#define CONTENT_CATEGORY "Textual works \xe2\x80\x93 Digital"
#define CONTENT_INFO_OTHER "hejapack: PDF documents typeset from Markdown sources"

enum { GRP_DOCUMENTATION, GRP_SCHEMAS, GRP_REP1, GRP_REP2, GRP_METADATA };

static const char *const group_use[] = { "Documentation", "Schemas", "Representations/rep1", "Representations/rep2",
	                                 "" };
static const char *const group_id[] = { "grp-documentation", "grp-schemas", "grp-rep1", "grp-rep2", "" };

typedef struct {
	char *path;                /* below the package root */
	const unsigned char *data; /* NULL: spooled at `at` */
	size_t len;
	spool_ref at;
	const payload_prep *prep;  /* or NULL */
	unsigned char *owned;      /* data when allocated here */
	char sha256[SHA256_HEX_SIZE];
	int group;
	int generated;             /* made by hejapack, not copied from the material */
	const char *source;        /* generated from this file (path), or NULL */
	char *original;            /* rep2: the file's path in the material */
	char id[32];               /* METS file ID and PREMIS xmlID */
} sip_file;

typedef struct {
	sip_file *v;
	size_t n, cap;
	int unreadable; /* spooled bytes could not be read back (reported) */
} sip_list;

static void hash_file(sip_list *l, sip_file *f)
{
	if (contents_digests(f->data, f->at, f->len, f->prep, f->sha256, NULL) != 0)
		l->unreadable = 1;
}

/* A file of the package; data NULL: spooled at `at`. */
static sip_file *add_at(sip_list *l, char *path, const unsigned char *data, spool_ref at, size_t len,
			const payload_prep *prep, unsigned char *owned, int group)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	sip_file *f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->path = path;
	f->data = data;
	f->at = at;
	f->prep = prep;
	f->len = len;
	f->owned = owned;
	f->group = group;
	hash_file(l, f);
	return f;
}

static sip_file *add(sip_list *l, char *path, const unsigned char *data, size_t len, unsigned char *owned, int group)
{
	return add_at(l, path, data, (spool_ref){ 0 }, len, NULL, owned, group);
}

/* A payload file, which may be spooled. */
static sip_file *add_spooled(sip_list *l, char *path, const package_file *p, unsigned char *owned, int group)
{
	return add_at(l, path, p->data, p->at, p->len, p->prep, owned, group);
}

static void free_list(sip_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].owned);
		free(l->v[i].original);
	}
	free(l->v);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const sip_file *)a)->path, ((const sip_file *)b)->path);
}

/* ---- file formats ---- */

typedef struct {
	const char *ext, *name, *version;
} file_format;

/* Names a person can read, for PREMIS; the media types come from
 * contents_media_type. Archives identify formats again on ingest (DROID,
 * Siegfried), so no registry keys are claimed here. */
static const file_format formats[] = {
	{ ".pdf", "Portable Document Format", "1.4" },
	{ ".md", "Markdown (CommonMark)", NULL },
	{ ".yaml", "YAML", NULL },
	{ ".yml", "YAML", NULL },
	{ ".png", "Portable Network Graphics", NULL },
	{ ".jpg", "JPEG File Interchange Format", NULL },
	{ ".jpeg", "JPEG File Interchange Format", NULL },
	{ ".html", "Hypertext Markup Language", "5" },
	{ ".css", "Cascading Style Sheets", NULL },
	{ ".svg", "Scalable Vector Graphics", NULL },
	{ ".txt", "Plain text", NULL },
	{ ".xml", "Extensible Markup Language", "1.0" },
	{ ".xsd", "XML Schema Definition", "1.0" },
	{ ".json", "JSON", NULL },
};

static const file_format *format_of(const char *path)
{
	static const file_format unknown = { "", "Unknown", NULL };
	size_t len = strlen(path);
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		size_t e = strlen(formats[i].ext);
		if (len > e && strcmp(path + len - e, formats[i].ext) == 0)
			return &formats[i];
	}
	return &unknown;
}

/* ---- XML through libxml2's writer ---- */

typedef struct {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int bad;
} xml_out;

/* Text from the material goes into XML: control characters other than tab
 * and line breaks are not allowed there, and invalid UTF-8 would make the
 * file unreadable. Both become U+FFFD. Caller frees. */
static char *xml_safe(const char *s)
{
	buf out;
	buf_init(&out);
	size_t len = strlen(s), i = 0;
	while (i < len) {
		size_t ok = utf8_valid_prefix(s + i, len - i);
		for (size_t k = 0; k < ok; k++) {
			unsigned char c = (unsigned char)s[i + k];
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				buf_puts(&out, "\xef\xbf\xbd");
			else
				buf_putc(&out, (char)c);
		}
		i += ok;
		if (i < len) {
			buf_puts(&out, "\xef\xbf\xbd");
			i++;
		}
	}
	size_t n;
	return buf_detach(&out, &n);
}

/* libxml2's functions, once sip_write or sip_read_mets has opened it. */
static const libxml_api *lx;

static void xml_open(xml_out *x)
{
	x->bad = 0;
	x->buf = lx->BufferCreate();
	x->w = x->buf ? lx->NewTextWriterMemory(x->buf, 0) : NULL;
	if (!x->w) {
		x->bad = 1;
		return;
	}
	if (lx->TextWriterSetIndent(x->w, 1) < 0 || lx->TextWriterSetIndentString(x->w, BAD_CAST "  ") < 0
	    || lx->TextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
		x->bad = 1;
}

static void start(xml_out *x, const char *name)
{
	if (!x->bad && lx->TextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->bad = 1;
}

static void end(xml_out *x)
{
	if (!x->bad && lx->TextWriterEndElement(x->w) < 0)
		x->bad = 1;
}

static void attr(xml_out *x, const char *name, const char *value)
{
	if (x->bad || !value)
		return;
	char *v = xml_safe(value);
	if (lx->TextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v) < 0)
		x->bad = 1;
	free(v);
}

static void attr_size(xml_out *x, const char *name, size_t value)
{
	char num[32];
	snprintf(num, sizeof num, "%zu", value);
	attr(x, name, num);
}

/* An element holding only text; nothing when text is NULL. */
static void text(xml_out *x, const char *name, const char *value)
{
	if (x->bad || !value)
		return;
	char *v = xml_safe(value);
	if (lx->TextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST v) < 0)
		x->bad = 1;
	free(v);
}

/* Returns the document (caller frees) and its length, or NULL when libxml2
 * failed (out of memory). */
static unsigned char *xml_close(xml_out *x, size_t *len)
{
	if (x->w && !x->bad && lx->TextWriterEndDocument(x->w) < 0)
		x->bad = 1;
	if (x->w)
		lx->FreeTextWriter(x->w); /* flushes into buf */
	unsigned char *out = NULL;
	if (!x->bad && x->buf) {
		*len = (size_t)lx->BufferLength(x->buf);
		out = xmalloc(*len + 1);
		memcpy(out, lx->BufferContent(x->buf), *len);
		out[*len] = '\0';
	}
	if (x->buf)
		lx->BufferFree(x->buf);
	return out;
}

/* ---- shared facts ---- */

typedef struct {
	const material *m;
	const bundle_options *opt;
	char *name;        /* OBJID and root directory */
	char when[32];     /* the package date as xs:dateTime */
	char *agent_name;  /* "hejapack" */
	char *agent_version;
	char *pdfa;        /* "PDF/A-1b" when the PDFs are PDF/A, else NULL */
	int sv;
} sip_info;

static void split_generator(const char *generator, char **name, char **version)
{
	const char *space = strchr(generator, ' ');
	*name = space ? xstrndup(generator, (size_t)(space - generator)) : xstrdup(generator);
	*version = xstrdup(space ? space + 1 : "");
}

char *sip_name(const material *m, const bundle_options *opt)
{
	char *bag = contents_bag_name(m, opt);
	char *name = xasprintf("%s-sip", bag);
	free(bag);
	return name;
}

/* ---- documentation/README.txt ---- */

static char *readme(const sip_info *s)
{
	const bundle_meta *b = &s->m->meta;
	buf out;
	buf_init(&out);
	if (s->sv) {
		buf_printf(&out, "%s\n\nInformationspaket för e-arkiv: %s, version %s (%s)\n\n", b->title, b->id, b->version,
		           s->opt->created);
		buf_puts(&out,
		         "Det här paketet följer E-ARK CSIP 2.1 och E-ARK SIP 2.1, som tillsammans är\n"
		         "Riksarkivets FGS Paketstruktur version 2.0. Det innehåller samma filer som\n"
		         "BagIt-paketet med samma namn, ordnade för leverans till ett e-arkiv.\n\n"
		         "  METS.xml                          beskrivning av paketet: varje fil med\n"
		         "                                    kontrollsumma (SHA-256), storlek och typ\n"
		         "  metadata/descriptive/dc.xml       beskrivning av materialet (Dublin Core)\n"
		         "  metadata/preservation/premis.xml  bevarandemetadata (PREMIS 3.0)\n"
		         "  representations/rep1/data/        övningarna och rapporterna som PDF-filer\n"
		         "                                    och webbsidor (börja med index.html)\n"
		         "  representations/rep2/data/        källfilerna (Markdown, bilder,\n"
		         "                                    bundle.yaml) som PDF-filerna är gjorda av\n"
		         "  documentation/README.txt          den här filen\n"
		         "  schemas/                          XML-scheman för METS, XLink och PREMIS\n\n"
		         "Kontrollera paketet med hejapack, som jämför varje fil med METS.xml:\n\n");
		buf_printf(&out, "    hejapack verify %s.zip\n\n", s->name);
		buf_printf(&out,
		           "Kontrollsumman för hela zip-filen finns i %s.zip.sha256:\n\n"
		           "    sha256sum -c %s.zip.sha256\n",
		           s->name, s->name);
		if (b->license)
			buf_printf(&out, "\nLicens: %s\n", b->license);
		if (b->publisher)
			buf_printf(&out, "Utgivare: %s\n", b->publisher);
		buf_printf(&out, "\nSkapat %s av %s.\n", s->opt->created, s->opt->generator);
	} else {
		buf_printf(&out, "%s\n\nSubmission information package: %s, version %s (%s)\n\n", b->title, b->id,
		           b->version, s->opt->created);
		buf_puts(&out,
		         "This package follows E-ARK CSIP 2.1 and E-ARK SIP 2.1, which together are\n"
		         "the Swedish National Archives' FGS Paketstruktur version 2.0. It holds the\n"
		         "files of the BagIt bundle of the same name, arranged for an e-archive.\n\n"
		         "  METS.xml                          the package description: every file with\n"
		         "                                    its checksum (SHA-256), size and type\n"
		         "  metadata/descriptive/dc.xml       the material described (Dublin Core)\n"
		         "  metadata/preservation/premis.xml  preservation metadata (PREMIS 3.0)\n"
		         "  representations/rep1/data/        the exercises and reports as PDF files\n"
		         "                                    and web pages (start with index.html)\n"
		         "  representations/rep2/data/        the sources (Markdown, images,\n"
		         "                                    bundle.yaml) the PDF files are made from\n"
		         "  documentation/README.txt          this file\n"
		         "  schemas/                          the XML Schemas of METS, XLink and PREMIS\n\n"
		         "Check the package with hejapack, which compares every file with METS.xml:\n\n");
		buf_printf(&out, "    hejapack verify %s.zip\n\n", s->name);
		buf_printf(&out,
		           "The checksum of the whole ZIP file is in %s.zip.sha256:\n\n"
		           "    sha256sum -c %s.zip.sha256\n",
		           s->name, s->name);
		if (b->license)
			buf_printf(&out, "\nLicence: %s\n", b->license);
		if (b->publisher)
			buf_printf(&out, "Publisher: %s\n", b->publisher);
		buf_printf(&out, "\nMade %s by %s.\n", s->opt->created, s->opt->generator);
	}
	size_t len;
	return buf_detach(&out, &len);
}

/* ---- metadata/descriptive/dc.xml ---- */

static unsigned char *dublin_core(const sip_info *s, const built_doc *docs, size_t ndocs, size_t *len)
{
	const bundle_meta *b = &s->m->meta;
	xml_out x;
	xml_open(&x);
	start(&x, "oai_dc:dc");
	attr(&x, "xmlns:oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/");
	attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	text(&x, "dc:title", b->title);
	text(&x, "dc:creator", b->publisher);
	/* Report authors, each once, in the order they first appear. */
	for (size_t i = 0; i < ndocs; i++) {
		const document *d = docs[i].doc;
		for (size_t a = 0; a < d->nauthors; a++) {
			int seen = 0;
			for (size_t j = 0; j <= i && !seen; j++)
				for (size_t k = 0; k < docs[j].doc->nauthors && !seen; k++)
					if ((j < i || k < a) && strcmp(docs[j].doc->authors[k], d->authors[a]) == 0)
						seen = 1;
			if (!seen)
				text(&x, "dc:contributor", d->authors[a]);
		}
	}
	for (size_t i = 0; i < b->nthemes; i++)
		text(&x, "dc:subject", b->themes[i].title);
	text(&x, "dc:description", b->description);
	text(&x, "dc:publisher", b->publisher);
	text(&x, "dc:date", s->opt->created);
	text(&x, "dc:type", "Text");
	text(&x, "dc:format", "application/pdf");
	text(&x, "dc:format", "text/markdown");
	char *bag = contents_bag_name(s->m, s->opt);
	text(&x, "dc:identifier", bag);
	free(bag);
	text(&x, "dc:language", b->language);
	text(&x, "dc:rights", b->license);
	end(&x);
	return xml_close(&x, len);
}

/* ---- metadata/preservation/premis.xml ---- */

static void premis_id(xml_out *x, const char *element, const char *type_el, const char *value_el, const char *value)
{
	start(x, element);
	text(x, type_el, "local");
	text(x, value_el, value);
	end(x);
}

static void premis_event(xml_out *x, const sip_info *s, const char *id, const char *type, const char *detail,
                         const sip_file *outcome, const sip_file *source)
{
	start(x, "event");
	premis_id(x, "eventIdentifier", "eventIdentifierType", "eventIdentifierValue", id);
	text(x, "eventType", type);
	text(x, "eventDateTime", s->when);
	start(x, "eventDetailInformation");
	text(x, "eventDetail", detail);
	end(x);
	start(x, "eventOutcomeInformation");
	text(x, "eventOutcome", "success");
	end(x);
	start(x, "linkingAgentIdentifier");
	text(x, "linkingAgentIdentifierType", "local");
	text(x, "linkingAgentIdentifierValue", s->agent_name);
	text(x, "linkingAgentRole", "executing program");
	end(x);
	if (source) {
		start(x, "linkingObjectIdentifier");
		text(x, "linkingObjectIdentifierType", "local");
		text(x, "linkingObjectIdentifierValue", source->path);
		text(x, "linkingObjectRole", "source");
		end(x);
	}
	start(x, "linkingObjectIdentifier");
	text(x, "linkingObjectIdentifierType", "local");
	text(x, "linkingObjectIdentifierValue", outcome->path);
	text(x, "linkingObjectRole", "outcome");
	end(x);
	end(x);
}

/* Objects for the two representations and every file listed, a creation
 * event for each file hejapack made, a digest event for every file, and
 * hejapack as the agent of them all. */
static unsigned char *premis(const sip_info *s, const sip_list *files, size_t *len)
{
	xml_out x;
	xml_open(&x);
	start(&x, "premis");
	attr(&x, "xmlns", NS_PREMIS);
	attr(&x, "xmlns:xsi", NS_XSI);
	attr(&x, "xsi:schemaLocation", NS_PREMIS " ../../schemas/premis.xsd");
	attr(&x, "version", "3.0");

	for (int rep = GRP_REP1; rep <= GRP_REP2; rep++) {
		start(&x, "object");
		attr(&x, "xsi:type", "representation");
		attr(&x, "xmlID", rep == GRP_REP1 ? "rep1" : "rep2");
		premis_id(&x, "objectIdentifier", "objectIdentifierType", "objectIdentifierValue",
		          rep == GRP_REP1 ? "representations/rep1" : "representations/rep2");
		start(&x, "relationship");
		text(&x, "relationshipType", "structural");
		text(&x, "relationshipSubType", "includes");
		for (size_t i = 0; i < files->n; i++)
			if (files->v[i].group == rep)
				premis_id(&x, "relatedObjectIdentifier", "relatedObjectIdentifierType",
				          "relatedObjectIdentifierValue", files->v[i].path);
		end(&x);
		end(&x);
	}

	size_t event = 0;
	for (size_t i = 0; i < files->n; i++) {
		const sip_file *f = &files->v[i];
		const file_format *fmt = format_of(f->path);
		start(&x, "object");
		attr(&x, "xsi:type", "file");
		attr(&x, "xmlID", f->id);
		premis_id(&x, "objectIdentifier", "objectIdentifierType", "objectIdentifierValue", f->path);
		start(&x, "objectCharacteristics");
		text(&x, "compositionLevel", "0");
		start(&x, "fixity");
		text(&x, "messageDigestAlgorithm", "SHA-256");
		text(&x, "messageDigest", f->sha256);
		text(&x, "messageDigestOriginator", s->agent_name);
		end(&x);
		char size[32];
		snprintf(size, sizeof size, "%zu", f->len);
		text(&x, "size", size);
		start(&x, "format");
		start(&x, "formatDesignation");
		text(&x, "formatName", fmt->name);
		text(&x, "formatVersion", fmt->version);
		end(&x);
		if (f->group == GRP_REP1 && strcmp(fmt->ext, ".pdf") == 0 && s->pdfa)
			text(&x, "formatNote", s->pdfa);
		end(&x);
		end(&x);
		text(&x, "originalName", f->original);
		for (int k = 0; k < (f->generated ? 2 : 1); k++) {
			char id[32];
			snprintf(id, sizeof id, "event-%04zu", ++event);
			premis_id(&x, "linkingEventIdentifier", "linkingEventIdentifierType", "linkingEventIdentifierValue",
			          id);
		}
		end(&x);
	}

	event = 0;
	for (size_t i = 0; i < files->n; i++) {
		const sip_file *f = &files->v[i];
		char id[32];
		if (f->generated) {
			const sip_file *src = NULL;
			for (size_t k = 0; f->source && k < files->n; k++)
				if (strcmp(files->v[k].path, f->source) == 0)
					src = &files->v[k];
			char *detail = src ? xasprintf("made by %s from %s", s->opt->generator, src->path)
			                   : xasprintf("made by %s", s->opt->generator);
			snprintf(id, sizeof id, "event-%04zu", ++event);
			premis_event(&x, s, id, "creation", detail, f, src);
			free(detail);
		}
		snprintf(id, sizeof id, "event-%04zu", ++event);
		premis_event(&x, s, id, "message digest calculation", "SHA-256 of the file as packed", f, NULL);
	}

	start(&x, "agent");
	premis_id(&x, "agentIdentifier", "agentIdentifierType", "agentIdentifierValue", s->agent_name);
	text(&x, "agentName", s->agent_name);
	text(&x, "agentType", "software");
	text(&x, "agentVersion", s->agent_version);
	end(&x);
	end(&x);
	return xml_close(&x, len);
}

/* ---- METS.xml ---- */

static void file_core(xml_out *x, const sip_info *s, const sip_file *f)
{
	attr(x, "MIMETYPE", contents_media_type(f->path));
	attr_size(x, "SIZE", f->len);
	attr(x, "CREATED", s->when);
	attr(x, "CHECKSUM", f->sha256);
	attr(x, "CHECKSUMTYPE", "SHA-256");
}

static void locator(xml_out *x, const char *element, const char *href)
{
	start(x, element);
	attr(x, "LOCTYPE", "URL");
	attr(x, "xlink:type", "simple");
	attr(x, "xlink:href", href);
	end(x);
}

static void md_ref(xml_out *x, const sip_info *s, const sip_file *f, const char *mdtype, const char *version)
{
	start(x, "mdRef");
	attr(x, "LOCTYPE", "URL");
	attr(x, "xlink:type", "simple");
	attr(x, "xlink:href", f->path);
	attr(x, "MDTYPE", mdtype);
	attr(x, "MDTYPEVERSION", version);
	file_core(x, s, f);
	end(x);
}

static unsigned char *mets(const sip_info *s, const sip_list *files, const sip_file *dc, const sip_file *pm,
                           size_t *len)
{
	const bundle_meta *b = &s->m->meta;
	xml_out x;
	xml_open(&x);
	start(&x, "mets");
	attr(&x, "xmlns", NS_METS);
	attr(&x, "xmlns:xlink", NS_XLINK);
	attr(&x, "xmlns:xsi", NS_XSI);
	attr(&x, "xmlns:csip", NS_CSIP);
	attr(&x, "xmlns:sip", NS_SIP);
	attr(&x, "xsi:schemaLocation", NS_METS " schemas/mets.xsd " NS_XLINK " schemas/xlink.xsd");
	attr(&x, "OBJID", s->name);
	attr(&x, "LABEL", b->title);
	attr(&x, "TYPE", CONTENT_CATEGORY);
	attr(&x, "csip:CONTENTINFORMATIONTYPE", "OTHER");
	attr(&x, "csip:OTHERCONTENTINFORMATIONTYPE", CONTENT_INFO_OTHER);
	attr(&x, "PROFILE", SIP_PROFILE);

	start(&x, "metsHdr");
	attr(&x, "CREATEDATE", s->when);
	attr(&x, "RECORDSTATUS", "NEW");
	attr(&x, "csip:OAISPACKAGETYPE", "SIP");
	start(&x, "agent");
	attr(&x, "ROLE", "CREATOR");
	attr(&x, "TYPE", "OTHER");
	attr(&x, "OTHERTYPE", "SOFTWARE");
	text(&x, "name", s->agent_name);
	start(&x, "note");
	attr(&x, "csip:NOTETYPE", "SOFTWARE VERSION");
	if (!x.bad && lx->TextWriterWriteString(x.w, BAD_CAST s->agent_version) < 0)
		x.bad = 1;
	end(&x);
	end(&x);
	if (b->publisher) {
		start(&x, "agent");
		attr(&x, "ROLE", "ARCHIVIST");
		attr(&x, "TYPE", "ORGANIZATION");
		text(&x, "name", b->publisher);
		end(&x);
	}
	if (b->contact_name) {
		start(&x, "agent");
		attr(&x, "ROLE", "CREATOR");
		attr(&x, "TYPE", "INDIVIDUAL");
		text(&x, "name", b->contact_name);
		text(&x, "note", b->contact_email);
		text(&x, "note", b->contact_url);
		end(&x);
	}
	end(&x);

	start(&x, "dmdSec");
	attr(&x, "ID", "dmd-dc");
	attr(&x, "CREATED", s->when);
	attr(&x, "STATUS", "CURRENT");
	md_ref(&x, s, dc, "DC", "1.1");
	end(&x);

	start(&x, "amdSec");
	attr(&x, "ID", "amd");
	start(&x, "digiprovMD");
	attr(&x, "ID", "digiprov-premis");
	attr(&x, "CREATED", s->when);
	attr(&x, "STATUS", "CURRENT");
	md_ref(&x, s, pm, "PREMIS", "3.0");
	end(&x);
	end(&x);

	start(&x, "fileSec");
	attr(&x, "ID", "filesec");
	for (int g = GRP_DOCUMENTATION; g <= GRP_REP2; g++) {
		start(&x, "fileGrp");
		attr(&x, "ID", group_id[g]);
		attr(&x, "USE", group_use[g]);
		if (g == GRP_REP1 || g == GRP_REP2) {
			attr(&x, "csip:CONTENTINFORMATIONTYPE", "OTHER");
			attr(&x, "csip:OTHERCONTENTINFORMATIONTYPE", CONTENT_INFO_OTHER);
		}
		for (size_t i = 0; i < files->n; i++) {
			const sip_file *f = &files->v[i];
			if (f->group != g)
				continue;
			start(&x, "file");
			attr(&x, "ID", f->id);
			file_core(&x, s, f);
			attr(&x, "ADMID", "digiprov-premis");
			locator(&x, "FLocat", f->path);
			end(&x);
		}
		end(&x);
	}
	end(&x);

	start(&x, "structMap");
	attr(&x, "ID", "structmap");
	attr(&x, "TYPE", "PHYSICAL");
	attr(&x, "LABEL", "CSIP");
	start(&x, "div");
	attr(&x, "ID", "div-package");
	attr(&x, "LABEL", s->name);
	start(&x, "div");
	attr(&x, "ID", "div-metadata");
	attr(&x, "LABEL", "Metadata");
	attr(&x, "ADMID", "digiprov-premis");
	attr(&x, "DMDID", "dmd-dc");
	end(&x);
	static const char *const div_id[] = { "div-documentation", "div-schemas", "div-rep1", "div-rep2" };
	for (int g = GRP_DOCUMENTATION; g <= GRP_REP2; g++) {
		start(&x, "div");
		attr(&x, "ID", div_id[g]);
		attr(&x, "LABEL", group_use[g]);
		/* CSIP points a division at its whole file group. */
		start(&x, "fptr");
		attr(&x, "FILEID", group_id[g]);
		end(&x);
		end(&x);
	}
	end(&x);
	end(&x);
	end(&x);
	return xml_close(&x, len);
}

/* ---- sip_write ---- */

/* The payload of the bag, regrouped. rep1 is the edition to read: the PDFs,
 * the HTML pages with index.html, and the images those pages show, at the
 * paths the pages link to (../kallor/figures/...). rep2 is the sources the
 * edition is made from, images included, so each representation is whole
 * on its own; the images are therefore in both. */
static void add_payload(sip_list *files, package_files *payload, const built_doc *docs, size_t ndocs)
{
	for (size_t i = 0; i < payload->n; i++) {
		package_file *p = &payload->v[i];
		sip_file *f;
		if (strncmp(p->name, "data/kallor/", 12) == 0) {
			const char *rel = p->name + 12;
			size_t len = strlen(rel);
			int text = (len > 3 && strcmp(rel + len - 3, ".md") == 0) || strcmp(rel, "bundle.yaml") == 0;
			f = add_spooled(files, xasprintf("representations/rep2/data/%s", rel), p, p->owned, GRP_REP2);
			f->original = xstrdup(rel);
			if (!text)
				add_spooled(files, xasprintf("representations/rep1/data/%s", p->name + 5), p, NULL, GRP_REP1);
		} else {
			f = add_spooled(files, xasprintf("representations/rep1/data/%s", p->name + 5), p, p->owned,
			                GRP_REP1);
			f->generated = 1;
		}
		p->owned = NULL; /* moved */
	}
	/* Each document's PDF and HTML page were made from its Markdown source. */
	for (size_t i = 0; i < ndocs; i++) {
		char *pdf = document_pdf_path(docs[i].doc);
		char *src = xasprintf("representations/rep2/data/%s", docs[i].doc->rel_path);
		const char *source = NULL;
		for (size_t j = 0; j < files->n; j++)
			if (strcmp(files->v[j].path, src) == 0)
				source = files->v[j].path;
		size_t stem = strlen(pdf) > 4 ? strlen(pdf) - 4 : strlen(pdf);
		char *made[2] = { xasprintf("representations/rep1/data/%s", pdf),
			          xasprintf("representations/rep1/data/%.*s.html", (int)stem, pdf) };
		for (size_t k = 0; k < files->n; k++)
			if (strcmp(files->v[k].path, made[0]) == 0 || strcmp(files->v[k].path, made[1]) == 0)
				files->v[k].source = source;
		free(made[0]);
		free(made[1]);
		free(pdf);
		free(src);
	}
}

static int oom(void)
{
	diag(DIAG_FATAL, NULL, 0, 0, "cannot write the e-archive package's XML (out of memory)");
	return EXIT_SYSTEM;
}

int sip_write(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras, size_t nextras,
              const bundle_options *opt, const char *out_dir)
{
	char *lx_err = NULL;
	if (!(lx = libxml(&lx_err))) {
		diag(DIAG_FATAL, NULL, 0, 0, "cannot write the e-archive package: %s", lx_err);
		free(lx_err);
		return EXIT_SYSTEM;
	}
	package_files payload;
	int status = package_payload(m, docs, ndocs, extras, nextras, opt, &payload);
	if (status != EXIT_OK)
		return status;

	sip_info s = { .m = m, .opt = opt, .name = sip_name(m, opt), .sv = labels_swedish(m->meta.language) };
	time_t t = (time_t)opt->epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(s.when, sizeof s.when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	split_generator(opt->generator, &s.agent_name, &s.agent_version);
	s.pdfa = contents_pdfa_name(&opt->variant);

	sip_list files = { 0 };
	unsigned char *premis_xml = NULL, *mets_xml = NULL;
	char *err = NULL; /* before the first goto done, which frees it */
	add_payload(&files, &payload, docs, ndocs);
	if (files.unreadable) {
		status = EXIT_SYSTEM;
		goto done;
	}
	char *text_readme = readme(&s);
	sip_file *r = add(&files, xstrdup("documentation/README.txt"), (unsigned char *)text_readme,
	                  strlen(text_readme), (unsigned char *)text_readme, GRP_DOCUMENTATION);
	r->generated = 1;
	for (size_t i = 0; i < sip_nschemas; i++)
		add(&files, xasprintf("schemas/%s", sip_schemas[i].name), sip_schemas[i].data, sip_schemas[i].len, NULL,
		    GRP_SCHEMAS);
	size_t dc_len = 0;
	unsigned char *dc_xml = dublin_core(&s, docs, ndocs, &dc_len);
	if (!dc_xml) {
		status = oom();
		goto done;
	}
	sip_file *dc = add(&files, xstrdup("metadata/descriptive/dc.xml"), dc_xml, dc_len, dc_xml, GRP_METADATA);
	dc->generated = 1;
	qsort(files.v, files.n, sizeof *files.v, by_path);
	for (size_t i = 0; i < files.n; i++)
		snprintf(files.v[i].id, sizeof files.v[i].id, "file-%04zu", i + 1);
	/* After the sort the source pointers still name paths, not entries:
	 * they point into path strings, which moved with their entries. */

	size_t premis_len = 0;
	premis_xml = premis(&s, &files, &premis_len);
	if (!premis_xml) {
		status = oom();
		goto done;
	}
	sip_file pm = { .path = "metadata/preservation/premis.xml", .data = premis_xml, .len = premis_len };
	sha256_hex(premis_xml, premis_len, pm.sha256);
	const sip_file *dcf = NULL;
	for (size_t i = 0; i < files.n; i++)
		if (files.v[i].group == GRP_METADATA)
			dcf = &files.v[i];
	size_t mets_len = 0;
	mets_xml = mets(&s, &files, dcf, &pm, &mets_len);
	if (!mets_xml) {
		status = oom();
		goto done;
	}

	/* Every entry in byte order of its name: the order is part of the bytes. */
	size_t n = files.n + 2;
	sip_file **order = xcalloc(n, sizeof *order);
	sip_file mets_file = { .path = "METS.xml", .data = mets_xml, .len = mets_len };
	order[0] = &mets_file;
	size_t k = 1;
	int premis_done = 0;
	for (size_t i = 0; i < files.n; i++) {
		if (!premis_done && strcmp(pm.path, files.v[i].path) < 0) {
			order[k++] = &pm;
			premis_done = 1;
		}
		order[k++] = &files.v[i];
	}
	if (!premis_done)
		order[k++] = &pm;
	zipout *z = zipout_new(opt->epoch, out_dir, s.name, &err);
	for (size_t i = 0; z && i < n; i++) {
		char *entry = xasprintf("%s/%s", s.name, order[i]->path);
		int rc = package_zip_add(z, entry, order[i]->data, order[i]->at, order[i]->len, order[i]->prep, &err);
		free(entry);
		if (rc != 0) {
			zipout_discard(z);
			z = NULL;
		}
	}
	free(order);
	if (!z || zipout_save(z, out_dir, s.name, &err) != 0) {
		diag(DIAG_FATAL, NULL, 0, 0, "%s", err);
		status = EXIT_SYSTEM;
	}

done:
	free(err);
	free(mets_xml);
	free(premis_xml);
	free_list(&files);
	package_files_free(&payload);
	free(s.name);
	free(s.agent_name);
	free(s.agent_version);
	free(s.pdfa);
	return status;
}

/* ---- reading METS.xml back ---- */

typedef struct {
	sip_ref *v;
	size_t n;
} ref_list;

static int is_mets(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns && lx->StrEqual(node->ns->href, BAD_CAST NS_METS)
	       && lx->StrEqual(node->name, BAD_CAST name);
}

static char *prop(const xmlNode *node, const char *name, const char *ns)
{
	xmlChar *v = ns ? lx->GetNsProp(node, BAD_CAST name, BAD_CAST ns) : lx->GetNoNsProp(node, BAD_CAST name);
	if (!v)
		return NULL;
	char *copy = xstrdup((const char *)v);
	(*lx->Free)(v);
	return copy;
}

/* The href comes from loc, the size and checksum from core (the same
 * element for mdRef; the file around its FLocat otherwise). */
static void add_ref(ref_list *l, const xmlNode *loc, const xmlNode *core)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	sip_ref *r = &l->v[l->n++];
	r->href = prop(loc, "href", NS_XLINK);
	r->checksum = prop(core, "CHECKSUM", NULL);
	r->checksum_type = prop(core, "CHECKSUMTYPE", NULL);
	r->line = (unsigned)lx->GetLineNo(loc);
	r->size = -1;
	char *size = prop(core, "SIZE", NULL);
	if (size) {
		char *end;
		long long v = strtoll(size, &end, 10);
		if (*size && !*end && v >= 0)
			r->size = v;
		free(size);
	}
}

static void walk_mets(ref_list *l, const xmlNode *node)
{
	for (const xmlNode *n = node; n; n = n->next) {
		if (is_mets(n, "mdRef")) {
			add_ref(l, n, n);
		} else if (is_mets(n, "file")) {
			for (const xmlNode *c = n->children; c; c = c->next)
				if (is_mets(c, "FLocat"))
					add_ref(l, c, n);
		}
		if (n->type == XML_ELEMENT_NODE)
			walk_mets(l, n->children);
	}
}

int sip_read_mets(const char *xml, size_t len, sip_ref **refs, size_t *n, char **err)
{
	*refs = NULL;
	*n = 0;
	if (len > (size_t)INT32_MAX) {
		*err = xstrdup("too large to read");
		return -1;
	}
	if (!(lx = libxml(err)))
		return -1;
	xmlDocPtr doc = lx->ReadMemory(xml, (int)len, "METS.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR
	                                                                   | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = lx->GetLastError();
		*err = e && e->message ? xasprintf("line %d: not well-formed XML: %s", e->line, e->message)
		                       : xstrdup("not well-formed XML");
		size_t elen = strlen(*err);
		while (elen && ((*err)[elen - 1] == '\n' || (*err)[elen - 1] == ' '))
			(*err)[--elen] = '\0';
		return -1;
	}
	const xmlNode *root = lx->DocGetRootElement(doc);
	if (!root || !is_mets(root, "mets")) {
		lx->FreeDoc(doc);
		*err = xstrdup("the root element is not METS <mets>");
		return -1;
	}
	ref_list l = { 0 };
	walk_mets(&l, root->children);
	lx->FreeDoc(doc);
	*refs = l.v;
	*n = l.n;
	return 0;
}

void sip_refs_free(sip_ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(refs[i].href);
		free(refs[i].checksum);
		free(refs[i].checksum_type);
	}
	free(refs);
}
