#include "bundle/package.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/hash.h"
#include "base/namekey.h"
#include "base/outfile.h"
#include "base/spool.h"
#include "base/util.h"
#include "bundle/htmlindex.h"
#include "bundle/manifest.h"
#include "bundle/zipout.h"
#include "material/labels.h"
#include "render/html.h"


/* One file of the bag, named relative to the bag's base directory. */
typedef struct {
	char *name;
	const unsigned char *data; /* NULL: spooled at `at` */
	size_t len;
	spool_ref at;
	const payload_prep *prep; /* or NULL */
	unsigned char *owned; /* data when we allocated it, else NULL */
	char sha256[SHA256_HEX_SIZE];
	char sha512[SHA512_HEX_SIZE];
} bag_file;

typedef struct {
	bag_file *v;
	size_t n, cap;
} file_list;

static bag_file *add_file(file_list *l, char *name, const void *data, size_t len, unsigned char *owned)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	bag_file *f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->name = name;
	f->data = data;
	f->len = len;
	f->owned = owned;
	return f;
}

/* A borrowed file that may be in a spool rather than in memory. */
static void add_bytes(file_list *l, char *name, const void *data, spool_ref at, size_t len,
		      const payload_prep *prep)
{
	bag_file *f = add_file(l, name, data, len, NULL);
	f->at = at;
	f->prep = prep;
}

static void free_files(file_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].owned);
	}
	free(l->v);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const bag_file *)a)->name, ((const bag_file *)b)->name);
}

/* Bundle names are kept to portable ASCII so that every file system, ZIP
 * tool and `sha256sum -c` agrees on them (no percent-encoding in the
 * manifests, no Unicode normalisation differences). */
static const char *name_problem(const char *name)
{
	if (!*name)
		return "empty name";
	for (const char *c = name; *c;) {
		size_t n = strcspn(c, "/");
		if (n == 0)
			return "empty path component";
		if (*c == '.')
			return "a component starts with '.'";
		for (size_t i = 0; i < n; i++)
			if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= '0' && c[i] <= '9')
			      || c[i] == '.' || c[i] == '_' || c[i] == '-'))
				return "only ASCII letters, digits, '.', '_' and '-' are allowed in bundle file names";
		c += n;
		if (*c == '/' && !*++c)
			return "ends with '/'";
	}
	return NULL;
}

typedef struct {
	char *key; /* namekey of name */
	const char *name;
} keyed_name;

static int by_key(const void *a, const void *b)
{
	const keyed_name *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->name, y->name);
}

static int by_key_only(const void *a, const void *b)
{
	return strcmp(((const keyed_name *)a)->key, ((const keyed_name *)b)->key);
}

/* Every name must stay distinct where case and the composition of letters
 * are ignored (Windows, macOS), and no name may be both a file and a
 * directory. */
static int check_collisions(const file_list *l)
{
	int bad = 0;
	keyed_name *k = xcalloc(l->n ? l->n : 1, sizeof *k);
	for (size_t i = 0; i < l->n; i++) {
		k[i].key = namekey(l->v[i].name);
		k[i].name = l->v[i].name;
	}
	qsort(k, l->n, sizeof *k, by_key);
	for (size_t i = 1; i < l->n; i++) {
		if (strcmp(k[i - 1].key, k[i].key) == 0) {
			diag(DIAG_ERROR, NULL, 0, 0,
			     "bundle file names %s and %s are one name where case and the composition of letters "
			     "are ignored (Windows, macOS)",
			     k[i - 1].name, k[i].name);
			bad = 1;
		}
	}
	for (size_t i = 0; i < l->n; i++) {
		char *prefix = xstrdup(l->v[i].name);
		for (char *slash = strchr(prefix, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			keyed_name probe = { namekey(prefix), prefix };
			if (bsearch(&probe, k, l->n, sizeof *k, by_key_only)) {
				diag(DIAG_ERROR, NULL, 0, 0, "bundle file %s is also the directory of %s", prefix,
				     l->v[i].name);
				bad = 1;
			}
			free(probe.key);
			*slash = '/';
		}
		free(prefix);
	}
	for (size_t i = 0; i < l->n; i++)
		free(k[i].key);
	free(k);
	return bad;
}

/* Adds a file from the material directory below data/kallor/, unless an
 * earlier document referenced it already. */
static int add_material_file(file_list *l, const material *m, const char *rel, const char *referrer,
			     const built_doc *bd)
{
	char *name = xasprintf("data/kallor/%s", rel);
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0) {
			free(name);
			return EXIT_OK;
		}
	}
	const char *problem = name_problem(rel);
	if (problem) {
		diag(DIAG_ERROR, referrer, 0, 0, "%s cannot go into the bundle: %s", rel, problem);
		free(name);
		return EXIT_INPUT;
	}
	/* As the build read and prepared it, when it did. */
	for (size_t k = 0; bd && k < bd->nfiles; k++) {
		if (strcmp(bd->files[k].path, rel) == 0) {
			add_bytes(l, name, NULL, bd->files[k].at, bd->files[k].len, bd->files[k].prep);
			return EXIT_OK;
		}
	}
	char *path = xasprintf("%s/%s", m->dir, rel);
	char *data = NULL;
	size_t len = 0;
	int e = fs_slurp(path, &data, &len);
	if (e) {
		diag(e == ENOENT ? DIAG_ERROR : DIAG_FATAL, referrer, 0, 0, "cannot read %s: %s", path, strerror(e));
		free(path);
		free(name);
		return e == ENOENT ? EXIT_INPUT : EXIT_SYSTEM;
	}
	free(path);
	add_file(l, name, data, len, (unsigned char *)data);
	return EXIT_OK;
}

static int worse(int a, int b)
{
	return (a == EXIT_SYSTEM || b == EXIT_SYSTEM) ? EXIT_SYSTEM : (a ? a : b);
}

/* ---- README.txt ---- */

static size_t display_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

/* Appends text word-wrapped at 72 columns; blank lines separate paragraphs. */
static void wrap(buf *out, const char *text)
{
	size_t col = 0;
	const char *p = text;
	while (p && *p) {
		if (*p == '\n' && col) {
			const char *q = p + 1;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (*q == '\n') {
				buf_puts(out, "\n\n");
				col = 0;
				p = q + 1;
				continue;
			}
		}
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		size_t n = strcspn(p, " \t\r\n");
		size_t w = display_width(p, n);
		if (col && col + 1 + w > 72) {
			buf_putc(out, '\n');
			col = 0;
		} else if (col) {
			buf_putc(out, ' ');
			col++;
		}
		buf_append(out, p, n);
		col += w;
		p += n;
	}
	if (col)
		buf_putc(out, '\n');
}

static void heading(buf *out, const char *text)
{
	buf_printf(out, "\n\n%s\n", text);
	size_t w = display_width(text, strlen(text));
	for (size_t i = 0; i < w; i++)
		buf_putc(out, '-');
	buf_puts(out, "\n\n");
}

typedef struct {
	const char *about_h, *about, *start_h, *index_line, *catalogue_line, *contents_h, *contents_data,
		*contents_exercises, *contents_reports, *contents_rest, *check_h, *check_intro, *check_ok,
		*check_windows, *ps_error, *ps_count, *ps_result, *check_hejapack, *check_zip, *license_h,
		*license_text, *publisher, *contact, *changes_h, *made, *edition_h, *edition_name, *edition_standard,
		*edition_paper, *edition_handouts, *edition_print, *edition_pdfa, *edition_not_pdfa, *edition_tagged,
		*edition_tagged_yes, *edition_tagged_no, *edition_id, *handouts_line, *handouts_h, *handouts_intro,
		*handouts_exercise, *handouts_handout, *website, *license_spdx;
} readme_text;

static const readme_text readme_sv = {
	.about_h = "Om den här samlingen",
	.about = "Den här mappen är en fristående arkivkopia av materialet: alla övningar och rapporter som "
	         "PDF-filer, en översikt som går att öppna i en webbläsare och källfilerna som PDF-filerna är gjorda "
	         "av. Inget av det kräver internet eller något särskilt program.\n\n"
	         "Mappen följer BagIt (RFC 8493), en standard för att lagra och överföra digitalt material. Varje fil "
	         "har en kontrollsumma som gör det möjligt att se om den har ändrats eller skadats.",
	.start_h = "Här börjar du",
	.index_line = "  data/index.html     Öppna den i en webbläsare. Den listar alla övningar\n"
	              "                      efter tema och alla rapporter, var och en som\n"
	              "                      webbsida att läsa och som PDF-fil att skriva ut.\n",
	.catalogue_line = "  data/katalog.pdf    Katalog över alla övningar och rapporter, att\n"
	                  "                      skriva ut.\n",
	.contents_h = "Innehåll",
	.contents_data = "  data/                    Själva materialet:\n"
	                 "    index.html             översikten (se ovan)\n",
	.contents_exercises = "    ovningar/              övningarna, en PDF-fil och en webbsida\n"
	                      "                           (.html) var (%zu st)\n",
	.contents_reports = "    rapporter/             rapporterna, en PDF-fil och en webbsida\n"
	                    "                           (.html) var (%zu st)\n",
	.contents_rest = "    kallor/                källfilerna (Markdown), bilderna och\n"
	                 "                           bundle.yaml, så att samlingen kan byggas om\n"
	                 "  manifest.json            uppgifter om varje dokument i maskinläsbar\n"
	                 "                           form (JSON)\n"
	                 "  bag-info.txt             uppgifter om samlingen: utgivare, datum,\n"
	                 "                           storlek\n"
	                 "  bagit.txt                anger att mappen följer BagIt 1.0\n"
	                 "  manifest-sha256.txt      kontrollsumma (SHA-256) för varje fil under\n"
	                 "                           data/\n"
	                 "  manifest-sha512.txt      samma med SHA-512\n"
	                 "  tagmanifest-sha256.txt   kontrollsummor för filerna i huvudmappen\n"
	                 "  tagmanifest-sha512.txt   samma med SHA-512\n"
	                 "  README.txt               den här filen\n",
	.check_h = "Kontrollera att inget har ändrats",
	.check_intro = "Om en enda byte i en fil ändras stämmer filens kontrollsumma inte längre. Gör så här i "
	               "samlingens huvudmapp, den som innehåller den här filen.",
	.check_ok = "Varje fil ska få svaret OK. Allt annat betyder att filen har ändrats, skadats eller saknas.",
	.check_windows = "Windows: öppna PowerShell i mappen (i Utforskaren: högerklicka i mappen och välj Öppna i "
	                 "Terminal) och klistra in:",
	.ps_error = "FEL",
	.ps_count = "fel",
	.ps_result = "Svaret ska vara \"Antal fel: 0\". Rader med FEL pekar ut filer som har ändrats eller saknas.",
	.check_hejapack = "Med programmet hejapack, som också märker om filer har tillkommit eller försvunnit:",
	.check_zip = "Kontrollsumman för hela zip-filen finns i %s.zip.sha256, som publiceras bredvid zip-filen. "
	             "Kontrollera den i mappen där båda filerna ligger:",
	.license_h = "Licens",
	.license_text = "Materialet får användas, ändras och spridas enligt licensen %s.",
	.publisher = "Utgivare",
	.contact = "Kontakt",
	.changes_h = "Ändringar i den här versionen",
	.made = "Skapad %s med %s.",
	.edition_h = "Den här utgåvan",
	.edition_name = "Utgåva",
	.edition_standard = "standard",
	.edition_paper = "Pappersformat",
	.edition_handouts = "med deltagarmaterial för workshoppar i data/handouts/",
	.edition_print = "för tryckeri: 3 mm utfall, skärmärken och CMYK-färger",
	.edition_pdfa = "Arkivformat",
	.edition_not_pdfa = "inte PDF/A",
	.edition_tagged = "Taggad PDF",
	.edition_tagged_yes = "ja: PDF-filerna har en struktur som skärmläsare kan följa",
	.edition_tagged_no = "nej: PDF-filerna har ingen struktur för skärmläsare",
	.edition_id = "Identifierare",
	.handouts_line = "    handouts/              deltagarmaterial, ett per övning (%zu st),\n"
	                 "                           se nedan\n",
	.handouts_h = "Deltagarmaterial för workshoppar",
	.handouts_intro = "Varje övning har ett deltagarmaterial: övningen i större stil och arbetsblad med plats "
	                  "att skriva. Skriv ut det till deltagarna.",
	.handouts_exercise = "övning:",
	.handouts_handout = "deltagarmaterial:",
	.website = "Materialet publicerades först på webben:",
	.license_spdx = "SPDX-identifierare",
};

static const readme_text readme_en = {
	.about_h = "About this collection",
	.about = "This folder is a self-contained archival copy of the material: every exercise and report as a "
	         "PDF file, an overview that opens in a web browser, and the source files the PDF files are made "
	         "from. None of it needs the internet or any special program.\n\n"
	         "The folder follows BagIt (RFC 8493), a standard for storing and transferring digital material. "
	         "Every file has a checksum that shows whether it has been changed or damaged.",
	.start_h = "Where to start",
	.index_line = "  data/index.html     Open it in a web browser. It lists every exercise\n"
	              "                      by theme and every report, each as a web page to\n"
	              "                      read and as a PDF file to print.\n",
	.catalogue_line = "  data/katalog.pdf    Catalogue of all exercises and reports, for\n"
	                  "                      printing.\n",
	.contents_h = "Contents",
	.contents_data = "  data/                    The material itself:\n"
	                 "    index.html             the overview (see above)\n",
	.contents_exercises = "    ovningar/              the exercises, one PDF file and one web\n"
	                      "                           page (.html) each (%zu)\n",
	.contents_reports = "    rapporter/             the reports, one PDF file and one web page\n"
	                    "                           (.html) each (%zu)\n",
	.contents_rest = "    kallor/                the source files (Markdown), the images and\n"
	                 "                           bundle.yaml, so the collection can be rebuilt\n"
	                 "  manifest.json            facts about every document in machine-\n"
	                 "                           readable form (JSON)\n"
	                 "  bag-info.txt             facts about the collection: publisher, date,\n"
	                 "                           size\n"
	                 "  bagit.txt                declares that the folder follows BagIt 1.0\n"
	                 "  manifest-sha256.txt      a checksum (SHA-256) for every file under\n"
	                 "                           data/\n"
	                 "  manifest-sha512.txt      the same with SHA-512\n"
	                 "  tagmanifest-sha256.txt   checksums for the files in the main folder\n"
	                 "  tagmanifest-sha512.txt   the same with SHA-512\n"
	                 "  README.txt               this file\n",
	.check_h = "Checking that nothing has changed",
	.check_intro = "If a single byte of a file changes, its checksum no longer matches. Do this in the "
	               "collection's main folder, the one that holds this file.",
	.check_ok = "Every file should be reported as OK. Anything else means the file has been changed, damaged "
	            "or is missing.",
	.check_windows = "Windows: open PowerShell in the folder (in File Explorer: right-click in the folder and "
	                 "choose Open in Terminal) and paste:",
	.ps_error = "CHANGED",
	.ps_count = "errors",
	.ps_result = "The answer should be \"Number of errors: 0\". Lines starting with CHANGED name files that "
	             "have been changed or are missing.",
	.check_hejapack = "With the hejapack program, which also notices files that have been added or removed:",
	.check_zip = "The checksum of the whole ZIP file is in %s.zip.sha256, published beside the ZIP file. Check "
	             "it in the folder that holds both files:",
	.license_h = "Licence",
	.license_text = "The material may be used, changed and shared under the licence %s.",
	.publisher = "Publisher",
	.contact = "Contact",
	.changes_h = "Changes in this version",
	.made = "Made on %s with %s.",
	.edition_h = "This edition",
	.edition_name = "Edition",
	.edition_standard = "standard",
	.edition_paper = "Paper size",
	.edition_handouts = "with workshop handouts in data/handouts/",
	.edition_print = "for a print shop: 3 mm bleed, crop marks and CMYK colours",
	.edition_pdfa = "Archival format",
	.edition_not_pdfa = "not PDF/A",
	.edition_tagged = "Tagged PDF",
	.edition_tagged_yes = "yes: the PDF files carry a structure that screen readers follow",
	.edition_tagged_no = "no: the PDF files carry no structure for screen readers",
	.edition_id = "Identifier",
	.handouts_line = "    handouts/              workshop handouts, one per exercise (%zu),\n"
	                 "                           see below\n",
	.handouts_h = "Workshop handouts",
	.handouts_intro = "Every exercise has a handout: the exercise in larger type and worksheets with room to "
	                  "write. Print it for the participants.",
	.handouts_exercise = "exercise:",
	.handouts_handout = "handout:",
	.website = "The material was first published on the web:",
	.license_spdx = "SPDX identifier",
};

/* "  Label:   value" lines, the values aligned and wrapped at 72 columns. */
static void field(buf *out, const char *label, const char *value)
{
	size_t w = display_width(label, strlen(label));
	buf_printf(out, "  %s", label);
	for (size_t i = w; i < 17; i++)
		buf_putc(out, ' ');
	size_t col = 2 + (w < 17 ? 17 : w);
	const char *p = value;
	int first = 1;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		size_t ww = display_width(p, n);
		if (!first && col + 1 + ww > 72) {
			buf_puts(out, "\n                   ");
			col = 19;
		} else if (!first) {
			buf_putc(out, ' ');
			col++;
		}
		buf_append(out, p, n);
		col += ww;
		first = 0;
		p += n;
	}
	buf_putc(out, '\n');
}

/* What sets this copy apart: its name, paper, archival format and tagging. */
static void edition_section(buf *out, const readme_text *t, const bundle_options *opt, const char *bag)
{
	const bundle_variant *v = &opt->variant;
	heading(out, t->edition_h);
	buf name;
	buf_init(&name);
	buf_puts(&name, v->name && *v->name ? v->name : t->edition_standard);
	if (v->handouts || v->print_shop)
		buf_printf(&name, " (%s%s%s)", v->handouts ? t->edition_handouts : "",
		           v->handouts && v->print_shop ? "; " : "", v->print_shop ? t->edition_print : "");
	field(out, t->edition_name, name.data);
	buf_free(&name);
	field(out, t->edition_paper, v->paper ? v->paper : "A4");
	char *pdfa = contents_pdfa_name(v);
	field(out, t->edition_pdfa, pdfa ? pdfa : t->edition_not_pdfa);
	free(pdfa);
	field(out, t->edition_tagged, v->tagged ? t->edition_tagged_yes : t->edition_tagged_no);
	field(out, t->edition_id, bag);
}

/* Each exercise beside its handout, for a bundle that has them. */
static void handouts_section(buf *out, const readme_text *t, const built_doc *docs, size_t ndocs,
                             const extra_file *extras, size_t nextras)
{
	heading(out, t->handouts_h);
	wrap(out, t->handouts_intro);
	for (size_t i = 0; i < ndocs; i++) {
		const extra_file *h = contents_handout(docs[i].doc, extras, nextras);
		if (!h)
			continue;
		char *pdf = document_pdf_path(docs[i].doc);
		buf_puts(out, "\n");
		buf line;
		buf_init(&line);
		buf_printf(&line, "%s", docs[i].doc->title);
		wrap(out, line.data);
		buf_free(&line);
		/* Padded by characters, not bytes (printf's %-20s), so the paths line up. */
		const char *names[2] = { t->handouts_exercise, t->handouts_handout };
		char *paths[2] = { xasprintf("data/%s", pdf), xasprintf("data/%s", h->path) };
		for (size_t k = 0; k < 2; k++) {
			buf_printf(out, "    %s", names[k]);
			for (size_t w = display_width(names[k], strlen(names[k])); w < 20; w++)
				buf_putc(out, ' ');
			buf_printf(out, "%s\n", paths[k]);
			free(paths[k]);
		}
		free(pdf);
	}
}

char *package_readme(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                     size_t nextras, const bundle_options *opt)
{
	const bundle_meta *b = &m->meta;
	int sv = labels_swedish(b->language);
	const readme_text *t = sv ? &readme_sv : &readme_en;
	char *bag = contents_bag_name(m, opt);
	contents_summary in = contents_count(docs, ndocs, extras, nextras);
	size_t nex = in.exercises, nrep = in.reports;
	int has_catalogue = in.has_catalogue;

	buf out;
	buf_init(&out);
	buf_printf(&out, "%s\n", b->title);
	size_t w = display_width(b->title, strlen(b->title));
	for (size_t i = 0; i < w; i++)
		buf_putc(&out, '=');
	buf_printf(&out, "\n\nVersion %s, %s\n", b->version, opt->created);
	if (b->publisher)
		buf_printf(&out, "%s: %s\n", t->publisher, b->publisher);
	if (b->license)
		buf_printf(&out, "%s: %s\n", t->license_h, b->license);
	if (b->description) {
		buf_putc(&out, '\n');
		wrap(&out, b->description);
	}

	heading(&out, t->about_h);
	wrap(&out, t->about);
	if (b->website) {
		buf_putc(&out, '\n');
		char *text = xasprintf("%s %s", t->website, b->website);
		wrap(&out, text);
		free(text);
	}

	edition_section(&out, t, opt, bag);

	heading(&out, t->start_h);
	buf_puts(&out, t->index_line);
	if (has_catalogue)
		buf_puts(&out, t->catalogue_line);

	heading(&out, t->contents_h);
	buf_puts(&out, t->contents_data);
	if (nex)
		buf_printf(&out, t->contents_exercises, nex);
	if (nrep)
		buf_printf(&out, t->contents_reports, nrep);
	if (in.handouts)
		buf_printf(&out, t->handouts_line, in.handouts);
	buf_puts(&out, t->contents_rest);
	if (in.handouts)
		handouts_section(&out, t, docs, ndocs, extras, nextras);

	heading(&out, t->check_h);
	wrap(&out, t->check_intro);
	buf_puts(&out, "\nLinux:\n\n    sha256sum -c manifest-sha256.txt\n\n"
	               "macOS:\n\n    shasum -a 256 -c manifest-sha256.txt\n\n");
	wrap(&out, t->check_ok);
	buf_putc(&out, '\n');
	wrap(&out, t->check_windows);
	buf_printf(&out,
	           "\n    $%s = 0\n"
	           "    Get-Content manifest-sha256.txt | ForEach-Object {\n"
	           "        $sha, $file = $_ -split '  ', 2\n"
	           "        if ((Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash -ne $sha) {\n"
	           "            \"%s: $file\"; $%s++\n"
	           "        }\n"
	           "    }\n"
	           "    \"%s: $%s\"\n\n",
	           sv ? "fel" : "errors", t->ps_error, sv ? "fel" : "errors", sv ? "Antal fel" : "Number of errors",
	           sv ? "fel" : "errors");
	wrap(&out, t->ps_result);
	buf_putc(&out, '\n');
	wrap(&out, t->check_hejapack);
	buf_printf(&out, "\n    hejapack verify %s.zip\n    hejapack verify %s\n\n", bag, bag);
	char *zip_text = xasprintf(t->check_zip, bag);
	wrap(&out, zip_text);
	free(zip_text);
	buf_printf(&out, "\n    sha256sum -c %s.zip.sha256\n", bag);

	heading(&out, t->license_h);
	if (b->license) {
		char *lic = b->license_url ? xasprintf("%s (%s)", b->license, b->license_url) : xstrdup(b->license);
		char *text = xasprintf(t->license_text, lic);
		wrap(&out, text);
		free(text);
		free(lic);
		if (b->license_spdx) {
			text = xasprintf("%s: %s", t->license_spdx, b->license_spdx);
			wrap(&out, text);
			free(text);
		}
	}
	if (b->publisher) {
		char *text = xasprintf("%s: %s", t->publisher, b->publisher);
		wrap(&out, text);
		free(text);
	}
	if (b->contact_name || b->contact_email || b->contact_url) {
		buf txt;
		buf_init(&txt);
		buf_printf(&txt, "%s:", t->contact);
		const char *parts[] = { b->contact_name, b->contact_email, b->contact_url };
		int first = 1;
		for (size_t i = 0; i < 3; i++) {
			if (!parts[i])
				continue;
			buf_printf(&txt, "%s %s", first ? "" : ",", parts[i]);
			first = 0;
		}
		wrap(&out, txt.data);
		buf_free(&txt);
	}

	if (opt->changelog && *opt->changelog) {
		heading(&out, t->changes_h);
		buf_puts(&out, opt->changelog);
		if (out.data[out.len - 1] != '\n')
			buf_putc(&out, '\n');
	}
	buf_puts(&out, "\n\n");
	char *made = xasprintf(t->made, opt->created, opt->generator);
	wrap(&out, made);
	free(made);
	free(bag);
	size_t len;
	return buf_detach(&out, &len);
}

/* ---- bag tag files ---- */

/* bag-info.txt values are one line each: line breaks would need BagIt's
 * continuation syntax, which some readers get wrong. */
static void put_label(buf *out, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	buf_printf(out, "%s: ", label);
	int space = 0, started = 0;
	for (const char *c = value; *c; c++) {
		if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r') {
			space = started;
			continue;
		}
		if (space)
			buf_putc(out, ' ');
		space = 0;
		started = 1;
		buf_putc(out, *c);
	}
	buf_putc(out, '\n');
}

/* Bag-Size in decimal units, computed in integers so no locale can turn the
 * decimal point into a comma. */
static char *human_size(unsigned long long bytes)
{
	static const char *const units[] = { "kB", "MB", "GB", "TB" };
	if (bytes < 1000)
		return xasprintf("%llu B", bytes);
	unsigned long long unit = 1000;
	size_t u = 0;
	while (u + 1 < sizeof units / sizeof *units && bytes >= unit * 1000) {
		unit *= 1000;
		u++;
	}
	unsigned long long tenths = (bytes * 10 + unit / 2) / unit;
	return xasprintf("%llu.%llu %s", tenths / 10, tenths % 10, units[u]);
}

static char *bag_info(const material *m, const bundle_options *opt, unsigned long long octets, size_t count)
{
	const bundle_meta *b = &m->meta;
	const bundle_variant *v = &opt->variant;
	char *bag = contents_bag_name(m, opt);
	char *group = contents_bag_name(m, NULL);
	char *size = human_size(octets);
	char *oxum = xasprintf("%llu.%zu", octets, count);
	char *pdfa = contents_pdfa_name(v);
	buf out;
	buf_init(&out);
	put_label(&out, "Source-Organization", b->publisher);
	put_label(&out, "Contact-Name", b->contact_name);
	put_label(&out, "Contact-Email", b->contact_email);
	put_label(&out, "Contact-URL", b->contact_url);
	put_label(&out, "External-Description", b->description);
	put_label(&out, "External-Identifier", bag);
	/* Every copy of one release (A5, handouts, print) is one group. */
	put_label(&out, "Bag-Group-Identifier", group);
	put_label(&out, "Bagging-Date", opt->created);
	put_label(&out, "Bag-Size", size);
	put_label(&out, "Payload-Oxum", oxum);
	put_label(&out, "Bag-Software-Agent", opt->generator);
	/* Not reserved by RFC 8493; named so that a reader can guess them. */
	put_label(&out, "License", b->license);
	put_label(&out, "License-SPDX", b->license_spdx);
	put_label(&out, "License-URL", b->license_url);
	put_label(&out, "Original-Website", b->website);
	put_label(&out, "Bundle-Variant", v->name && *v->name ? v->name : "standard");
	put_label(&out, "Paper-Size", v->paper ? v->paper : "A4");
	put_label(&out, "PDF-Archival-Format", pdfa ? pdfa : "none");
	put_label(&out, "PDF-Tagged", v->tagged ? "yes" : "no");
	free(pdfa);
	free(bag);
	free(group);
	free(size);
	free(oxum);
	size_t len;
	return buf_detach(&out, &len);
}

/* Two spaces between digest and path: the layout `sha256sum -c` reads. */
static char *manifest_text(const file_list *l, hash_alg alg)
{
	buf out;
	buf_init(&out);
	for (size_t i = 0; i < l->n; i++)
		buf_printf(&out, "%s  %s\n", alg == HASH_SHA256 ? l->v[i].sha256 : l->v[i].sha512, l->v[i].name);
	size_t len;
	return buf_detach(&out, &len);
}

/* 0, or -1 after diag when spooled bytes cannot be read back. */
static int hash_files(file_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		bag_file *f = &l->v[i];
		if (contents_digests(f->data, f->at, f->len, f->prep, f->sha256, f->sha512) != 0)
			return -1;
	}
	return 0;
}

static void add_text(file_list *l, const char *name, char *text)
{
	add_file(l, xstrdup(name), text, strlen(text), (unsigned char *)text);
}

/* ---- the ZIP ---- */

int package_zip_add(zipout *z, const char *name, const unsigned char *data, spool_ref at, size_t len,
		    const payload_prep *prep, char **err)
{
	/* A deflated entry needs only its packed bytes, never the file's. */
	int packed = prep && prep->deflated;
	/* Spooled bytes are read from the spool as the archive is written. */
	if (packed && !prep->packed && prep->packed_at.sp)
		return zipout_add_packed_at(z, name, prep->packed_at, len, prep->crc, err);
	if (!packed && prep && !data && at.sp)
		return zipout_add_stored_at(z, name, at, err);
	unsigned char *owned;
	const unsigned char *bytes =
		packed ? spool_bytes(prep->packed, prep->packed_at, &owned, err) : spool_bytes(data, at, &owned, err);
	int rc = -1;
	if (bytes && packed)
		rc = zipout_add_packed(z, name, bytes, prep->packed_len, len, prep->crc, err);
	else if (bytes && prep)
		rc = zipout_add_stored(z, name, bytes, len, err);
	else if (bytes)
		rc = zipout_add(z, name, bytes, len, zipout_kind_of(name), err);
	free(owned);
	return rc;
}

/* Writes the archive as OUT_DIR/<bag>.zip with its .sha256 (zipout.h):
 * the files of two lists, each sorted by name and no name in both, in one
 * byte order of name (the entry order is part of the bytes), merged as
 * they go rather than copied into a third list as long as the payload.
 * The bytes a list owns are freed once the archive has them in its spool,
 * so that the files that list the whole library (index.html, the BagIt
 * manifests) are not all in memory when manifest.json is deflated.
 * Returns 0, or -1 with *err set (caller frees). */
static int write_zip(const char *out_dir, const char *bag, file_list *one, file_list *two, long long epoch,
		     char **err)
{
	zipout *z = zipout_new(epoch, out_dir, bag, err);
	if (!z)
		return -1;
	for (size_t i = 0, j = 0; i < one->n || j < two->n;) {
		int first = j == two->n || (i < one->n && strcmp(one->v[i].name, two->v[j].name) < 0);
		bag_file *f = first ? &one->v[i++] : &two->v[j++];
		char *name = xasprintf("%s/%s", bag, f->name);
		int rc = package_zip_add(z, name, f->data, f->at, f->len, f->prep, err);
		free(name);
		if (rc != 0) {
			zipout_discard(z);
			return -1;
		}
		if (f->owned) {
			free(f->owned);
			f->owned = NULL;
			f->data = NULL;
		}
	}
	return zipout_save(z, out_dir, bag, err);
}

/* ---- package_write ---- */

static int collect_payload(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                           size_t nextras, file_list *payload)
{
	int status = EXIT_OK;
	for (size_t i = 0; i < ndocs; i++) {
		const document *d = docs[i].doc;
		if (d->type != DOC_EXERCISE && d->type != DOC_REPORT) {
			diag(DIAG_ERROR, d->path, 0, 0, "only exercises and reports go into a bundle");
			status = worse(status, EXIT_INPUT);
			continue;
		}
		const char *problem = name_problem(d->id);
		if (problem || strchr(d->id, '/')) {
			diag(DIAG_ERROR, d->path, 0, 0, "document id '%s' cannot name a bundle file: %s", d->id,
			     problem ? problem : "'/' is not allowed");
			status = worse(status, EXIT_INPUT);
			continue;
		}
		problem = name_problem(d->rel_path);
		if (problem) {
			diag(DIAG_ERROR, d->path, 0, 0, "source path %s cannot go into the bundle: %s", d->rel_path, problem);
			status = worse(status, EXIT_INPUT);
			continue;
		}
		char *pdf = document_pdf_path(d);
		add_bytes(payload, xasprintf("data/%s", pdf), docs[i].pdf, docs[i].pdf_at, docs[i].pdf_len,
			  docs[i].pdf_prep);
		free(pdf);
		if (built_has_html(&docs[i])) {
			char *page = html_page_path(d);
			add_bytes(payload, xasprintf("data/%s", page), docs[i].html, docs[i].html_at, docs[i].html_len,
				  docs[i].html_prep);
			free(page);
		}
		char *src = contents_source_name(d);
		add_bytes(payload, xasprintf("data/%s", src), d->source, docs[i].source_at, d->source_len,
			  docs[i].source_prep);
		free(src);
		for (size_t k = 0; k < d->nimages; k++)
			status = worse(status, add_material_file(payload, m, d->images[k], d->path, &docs[i]));
	}
	char *yaml_ref = xasprintf("%s/bundle.yaml", m->dir);
	status = worse(status, add_material_file(payload, m, "bundle.yaml", yaml_ref, NULL));
	free(yaml_ref);
	for (size_t i = 0; i < nextras; i++) {
		const char *problem = name_problem(extras[i].path);
		if (problem) {
			diag(DIAG_ERROR, NULL, 0, 0, "generated file %s cannot go into the bundle: %s", extras[i].path,
			     problem);
			status = worse(status, EXIT_INPUT);
			continue;
		}
		add_bytes(payload, xasprintf("data/%s", extras[i].path), extras[i].data, extras[i].at, extras[i].len,
			  extras[i].prep);
	}
	return status;
}

/* Every payload file below data/, index.html included, sorted by name and
 * checked for names that collide. */
static int gather_payload(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                          size_t nextras, const bundle_options *opt, file_list *payload)
{
	int status = collect_payload(m, docs, ndocs, extras, nextras, payload);
	size_t html_len;
	char *html = htmlindex_build(m, docs, ndocs, extras, nextras, opt, &html_len);
	add_file(payload, xstrdup("data/index.html"), html, html_len, (unsigned char *)html);
	qsort(payload->v, payload->n, sizeof *payload->v, by_name);
	if (status == EXIT_OK && check_collisions(payload))
		status = EXIT_INPUT;
	return status;
}

int package_payload(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                    size_t nextras, const bundle_options *opt, package_files *out)
{
	file_list l = { 0 };
	out->v = NULL;
	out->n = 0;
	int status = gather_payload(m, docs, ndocs, extras, nextras, opt, &l);
	if (status != EXIT_OK) {
		free_files(&l);
		return status;
	}
	out->v = xcalloc(l.n ? l.n : 1, sizeof *out->v);
	for (size_t i = 0; i < l.n; i++)
		out->v[i] = (package_file){ l.v[i].name, l.v[i].data, l.v[i].len, l.v[i].at, l.v[i].prep, l.v[i].owned };
	out->n = l.n;
	free(l.v); /* the names and owned bytes moved to out */
	return EXIT_OK;
}

void package_files_free(package_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].owned);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

int package_write(const material *m, const built_doc *docs, size_t ndocs, const extra_file *extras,
                  size_t nextras, const bundle_options *opt, const char *out_dir)
{
	char *bag = contents_bag_name(m, opt);
	const char *problem = name_problem(m->meta.id);
	if (!problem && strchr(m->meta.id, '/'))
		problem = "'/' is not allowed";
	for (const char *c = m->meta.version; !problem && *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '.'
		      || *c == '-' || *c == '+' || *c == '_'))
			problem = "the version may hold only ASCII letters, digits, '.', '-', '+' and '_'";
	if (problem) {
		diag(DIAG_ERROR, NULL, 0, 0, "bundle name %s: %s", bag, problem);
		free(bag);
		return EXIT_INPUT;
	}

	file_list payload = { 0 }, tags = { 0 };
	int status = gather_payload(m, docs, ndocs, extras, nextras, opt, &payload);

	char *err = NULL;
	if (status != EXIT_OK)
		goto done;

	if (hash_files(&payload) != 0) {
		status = EXIT_SYSTEM;
		goto done;
	}
	unsigned long long octets = 0;
	for (size_t i = 0; i < payload.n; i++)
		octets += payload.v[i].len;

	manifest_info mi;
	if (manifest_describe(m, docs, ndocs, extras, nextras, opt, &mi) != 0) {
		manifest_info_free(&mi);
		status = EXIT_SYSTEM;
		goto done;
	}
	for (size_t i = 0; i < payload.n; i++)
		manifest_add_file(&mi, payload.v[i].name, (long long)payload.v[i].len, payload.v[i].sha256);
	size_t json_len;
	char *json = manifest_to_json(&mi, &json_len, &err);
	manifest_info_free(&mi);
	if (!json) {
		diag(DIAG_ERROR, NULL, 0, 0, "%s", err);
		status = EXIT_INPUT;
		goto done;
	}
	add_text(&tags, "bagit.txt", xstrdup("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"));
	add_text(&tags, "bag-info.txt", bag_info(m, opt, octets, payload.n));
	add_text(&tags, "manifest-sha256.txt", manifest_text(&payload, HASH_SHA256));
	add_text(&tags, "manifest-sha512.txt", manifest_text(&payload, HASH_SHA512));
	add_text(&tags, "README.txt", package_readme(m, docs, ndocs, extras, nextras, opt));
	add_file(&tags, xstrdup("manifest.json"), json, json_len, (unsigned char *)json);
	qsort(tags.v, tags.n, sizeof *tags.v, by_name);
	hash_files(&tags); /* in memory: cannot fail */
	char *tag256 = manifest_text(&tags, HASH_SHA256);
	char *tag512 = manifest_text(&tags, HASH_SHA512);
	add_text(&tags, "tagmanifest-sha256.txt", tag256);
	add_text(&tags, "tagmanifest-sha512.txt", tag512);

	qsort(tags.v, tags.n, sizeof *tags.v, by_name);
	int e = fs_make_dirs(out_dir);
	if (e) {
		diag(DIAG_FATAL, out_dir, 0, 0, "cannot create the output directory: %s", strerror(e));
		status = EXIT_SYSTEM;
	} else if (write_zip(out_dir, bag, &tags, &payload, opt->epoch, &err) != 0) {
		diag(DIAG_FATAL, NULL, 0, 0, "%s", err);
		status = EXIT_SYSTEM;
	}

done:
	free(err);
	free_files(&payload);
	free_files(&tags);
	free(bag);
	return status;
}
