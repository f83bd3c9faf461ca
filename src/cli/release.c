#include "cli/release.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/hash.h"
#include "base/image.h"
#include "base/outfile.h"
#include "base/spool.h"
#include "base/outlock.h"
#include "base/owned.h"
#include "base/util.h"
#include "bundle/bundlediff.h"
#include "bundle/contents.h"
#include "bundle/manifest.h"
#include "bundle/package.h"
#include "bundle/sip.h"
#include "bundle/zipout.h"
#include "cli/cache.h"
#include "cli/imagememo.h"
#include "cli/jobs.h"
#include "cli/progid.h"
#include "material/frontmatter.h"
#include "material/load.h"
#include "render/html.h"
#include "render/impose.h"
#include "render/pdf.h"
#include "render/printshop.h"
#include "typeset/fontset.h"
#include "typeset/handout.h"
#include "typeset/hyphenate.h"
#include "typeset/layout.h"
#include "typeset/style.h"

#define GENERATOR "hejapack " HEJAPACK_VERSION
/* From Debian's icc-profiles-free. */
#define SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"

int release_source_date_epoch(long long *epoch)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	/* The ZIP format cannot date anything before 1980 or after 2107. */
	if (!*s || *end || errno || v < 315532800LL || v > 4354819199LL) {
		diag(DIAG_ERROR, NULL, 0, 0,
		     "SOURCE_DATE_EPOCH='%s' is not a Unix time between 1980 and 2107 in decimal seconds", s);
		return -1;
	}
	*epoch = v;
	return 1;
}

static int write_output(const char *path, const unsigned char *data, size_t len)
{
	char *dir = fs_dirname(path);
	char *failed = NULL;
	int e = fs_make_dirs_at(dir, &failed);
	free(dir);
	if (e) {
		diag(DIAG_FATAL, failed, 0, 0, "cannot create directory: %s", strerror(e));
		free(failed);
		return EXIT_SYSTEM;
	}
	char *err = NULL;
	if (outfile_write(path, data, len, &err) != 0) {
		diag(DIAG_FATAL, NULL, 0, 0, "%s", err ? err : path);
		free(err);
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* The lock on out_dir (base/outlock.h); waits, saying so, while another
 * build holds it. Sets *status and returns OUTLOCK_FAILED when it cannot. */
static int take_out_lock(const char *out_dir, int *status)
{
	char *err = NULL;
	int fd = outlock_take(out_dir, 0, &err);
	if (fd == OUTLOCK_BUSY) {
		if (diag_verbosity() >= 0)
			fprintf(stderr, "hejapack: %s: another hejapack is writing there; waiting for it to finish\n",
				out_dir);
		fd = outlock_take(out_dir, 1, &err);
	}
	if (fd < 0) {
		diag(DIAG_FATAL, NULL, 0, 0, "%s", err ? err : out_dir);
		free(err);
		*status = EXIT_SYSTEM;
	}
	return fd;
}

static int check_paper(const char *paper)
{
	page_style st;
	if (style_for_paper(paper, &st))
		return 1;
	diag(DIAG_ERROR, NULL, 0, 0, "unknown paper size '%s' (use A4, A5 or Letter)", paper);
	return 0;
}

/* The paper's own spelling ("A5" for "a5"), or NULL after a message. */
static const char *canonical_paper(const char *paper)
{
	page_style st;
	if (!check_paper(paper))
		return NULL;
	style_for_paper(paper, &st);
	return st.paper_name;
}

/* The print variants are transforms of the finished display list: a
 * booklet is imposed two-up on A4 sheets, a print-shop copy gets bleed and
 * crop marks. Takes dl and returns the list to render. */
static dl_document *apply_variants(dl_document *dl, const release_options *opt)
{
	if (opt->booklet) {
		page_style sheet;
		style_for_paper("A4", &sheet);
		dl_document *imposed = impose_booklet(dl, sheet.page_h, sheet.page_w);
		dl_free(dl);
		dl = imposed;
	}
	if (opt->print_shop)
		printshop_apply(dl);
	return dl;
}

/* Print-shop PDFs draw with the palette's CMYK values, which PDF/A does not
 * allow beside the sRGB output intent, so they are not PDF/A. Print-shop
 * copies and booklets are for printing only and stay untagged (a booklet's
 * sheets hold pages out of reading order); every other PDF is tagged. */
static pdf_options render_options(const release_options *opt, const char *seed)
{
	/* Each display list is freed right after rendering: its pages may go as
	 * soon as they are drawn. */
	pdf_options po = { .cmyk = opt->print_shop, .pdfa = !opt->print_shop,
			   .tagged = !opt->print_shop && !opt->booklet && !opt->untagged, .id_seed = seed,
			   .icc_profile = SRGB_PROFILE, .release_pages = 1 };
	return po;
}

/* What the bundle says about itself: which copy it is and what its PDFs are. */
static bundle_variant release_variant(const char *paper, int handouts, const release_options *opt,
				      char **name)
{
	pdf_options po = render_options(opt, NULL);
	pdf_profile_info prof = pdf_profile(po.pdfa, po.tagged);
	*name = contents_variant_name(paper, handouts, opt->print_shop);
	bundle_variant v = { .name = *name, .paper = paper, .handouts = handouts, .print_shop = opt->print_shop,
			     .pdfa_part = prof.pdfa_part, .pdfa_conformance = prof.conformance, .tagged = prof.tagged };
	return v;
}

/* The shared second half of typesetting: the print variants, the optional
 * dump, and the PDF. The file ID follows from the source and everything
 * that shaped the output (kind is "" for a document, "handout " for a
 * handout), so a rebuild of the same input gives the same bytes. Frees dl. */
static int render_document(dl_document *dl, fontset *fs, const document *d, const char *kind, const char *dump,
			   const release_options *opt, unsigned char **pdf, size_t *len, int *pages)
{
	dl = apply_variants(dl, opt);
	if (dump) {
		FILE *f = fopen(dump, "w");
		if (f) {
			dl_dump(dl, f);
			fclose(f);
		} else {
			diag(DIAG_FATAL, dump, 0, 0, "cannot write: %s", strerror(errno));
		}
	}
	char *seed = xasprintf("%s%s %s %s %s", kind, d->source_sha256, GENERATOR, d->rel_path, dl->title ? dl->title : "");
	pdf_options po = render_options(opt, seed);
	int status = pdf_render(dl, fs, &po, d->path, pdf, len);
	free(seed);
	*pages = (int)dl->npages;
	dl_free(dl);
	return status ? EXIT_SYSTEM : EXIT_OK;
}

int release_render(dl_document *dl, fontset *fs, const document *d, unsigned char **pdf, size_t *len, int *pages)
{
	release_options opt = { .paper = "A4" };
	return render_document(dl, fs, d, "", NULL, &opt, pdf, len, pages);
}

int release_render_untagged(dl_document *dl, fontset *fs, const document *d, unsigned char **pdf, size_t *len,
			    int *pages)
{
	release_options opt = { .paper = "A4", .untagged = 1 };
	return render_document(dl, fs, d, "", NULL, &opt, pdf, len, pages);
}

/* Typesets one exercise's workshop handout into PDF bytes. */
static int typeset_handout(handout_env *henv, fontset *fs, const material *m, const document *d,
			   const char *base_dir, const release_options *opt, unsigned char **pdf, size_t *len,
			   int *pages)
{
	dl_document *dl = handout_document(henv, m, d, base_dir);
	if (!dl)
		return EXIT_INPUT;
	return render_document(dl, fs, d, "handout ", opt->dump, opt, pdf, len, pages);
}

/* Typesets one document into PDF bytes. */
static int typeset(layout_env *env, fontset *fs, const material *m, const document *d, const char *base_dir,
		   unsigned char **pdf, size_t *len, int *pages, const char *dump, const release_options *opt)
{
	dl_document *dl = layout_document(env, m, d, base_dir);
	if (!dl)
		return EXIT_INPUT;
	return render_document(dl, fs, d, "", dump, opt, pdf, len, pages);
}

static int typeset_catalogue(layout_env *env, fontset *fs, const material *m, unsigned char **pdf, size_t *len,
			     const release_options *opt)
{
	dl_document *dl = apply_variants(layout_catalogue(env, m), opt);
	char *seed = xasprintf("catalogue %s %s %s", m->meta.id, m->meta.version, GENERATOR);
	pdf_options po = render_options(opt, seed);
	int status = pdf_render(dl, fs, &po, "katalog.pdf", pdf, len) ? EXIT_SYSTEM : EXIT_OK;
	free(seed);
	dl_free(dl);
	return status;
}

/* Generated payload files besides the documents' PDFs (katalog.pdf,
 * handouts), their bytes in the spool; the paths are owned here. */
typedef struct {
	extra_file *files;
	char **paths;
	size_t n;
} extras_list;

static void extras_add(extras_list *x, const char *path, size_t len, spool_ref at, const payload_prep *prep)
{
	x->files = xreallocarray(x->files, x->n + 1, sizeof *x->files);
	x->paths = xreallocarray(x->paths, x->n + 1, sizeof *x->paths);
	x->paths[x->n] = xstrdup(path);
	x->files[x->n] = (extra_file){ x->paths[x->n], NULL, len, at, prep };
	x->n++;
}

static void extras_free(extras_list *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->paths[i]);
	free(x->files);
	free(x->paths);
}

/* The jobs of a build, in the order a one-process run does them: job
 * i < ndocs typesets document i, job ndocs the catalogue, and the jobs after
 * it the handouts of the exercises listed in handout_docs. */
typedef struct {
	layout_env *env;
	handout_env *henv;
	fontset *fs;
	const material *m;
	const release_options *opt;
	const size_t *handout_docs;
	const char *cache_dir;  /* NULL: no cache */
	const char *run_key;    /* what every job of this run depends on (run_key) */
	/* Used by keep_product, in the process that runs the build only. */
	spool *products;        /* every PDF and HTML page, until they are packed */
	struct product_tail *tails; /* per job: its product's parts */
	unsigned char **owns_image; /* per document, per image: the first document to show it (its job packs it) */
	spool_ref *product_at;  /* per job: its product, as the cache stores it */
	cache_entry *to_store;  /* per job: what the cache gets once the build has succeeded */
	char (*store_keys)[SHA256_HEX_SIZE];
	char (*keys)[SHA256_HEX_SIZE]; /* per job (with a cache): its key, worked out before the workers start */
	/* A product found in the cache by this process is named in place in
	 * its entry's file (spool_adopt), not copied into the spool: per job,
	 * that file (or -1) and where the product starts in it. */
	pid_t builder;
	int *found_in;
	size_t *found_at;
	size_t files_left; /* how many more entries may be kept open */
	size_t reused;
} build_jobs;

/* A job's product is a list of parts, each followed by its deflated form,
 * then their descriptions and their count: [part 0][packed 0]...[part n-1]
 * [packed n-1][product_part x n][n]. Part 0 is the PDF; a document's job
 * adds its page of the HTML edition, its Markdown source and the figures
 * it is the first document to show. The worker works out the deflated bytes
 * as the ZIP holds them and the digests, so that packing in the main
 * process (and any build that takes the product from the cache) need not. */
enum { PART_PDF, PART_HTML, PART_SOURCE, FIRST_IMAGE_PART };
#define MAX_PARTS 100000

typedef struct {
	uint64_t len, packed_len;
	uint32_t crc, deflated;
	uint32_t image, spare; /* an image part: its index among the document's images */
	char sha256[SHA256_HEX_SIZE];
	char sha512[SHA512_HEX_SIZE];
} product_part;

typedef struct product_tail {
	size_t n;
	product_part *part;
} product_tail;

static void add_part(zipout_packer *packer, buf *out, buf *parts, const unsigned char *data, size_t len,
		     zipout_kind kind, uint32_t image_index)
{
	product_part part;
	memset(&part, 0, sizeof part); /* padding too: parts go down a pipe and into the cache */
	part.len = len;
	part.image = image_index;
	sha256_hex(data, len, part.sha256);
	sha512_hex(data, len, part.sha512);
	zipout_packed p;
	zipout_pack(packer, data, len, kind, &p);
	part.deflated = p.packed != NULL;
	part.packed_len = p.packed_len;
	part.crc = p.crc;
	buf_append(out, data, len);
	buf_append(out, p.packed, p.packed_len);
	buf_append(parts, &part, sizeof part);
	free(p.packed);
}

/* The PDF in out->data becomes the whole product. */
static void prepare_product(size_t index, const build_jobs *b, job_result *out)
{
	buf prod, parts;
	buf_init(&prod);
	buf_init(&parts);
	/* A packer per job, not per worker: a worker ends with _exit and would
	 * leave its compressors behind (the allocator reuses the memory). */
	zipout_packer *packer = zipout_packer_new();
	add_part(packer, &prod, &parts, out->data, out->len, ZIPOUT_COMPRESSED, 0);
	if (index < b->m->ndocs) {
		const document *d = b->m->docs[index];
		html_options ho = { .base_dir = b->m->dir, .pdf_pages = (int)out->value };
		size_t len;
		char *html = html_document(b->m, d, &ho, &len);
		add_part(packer, &prod, &parts, (const unsigned char *)html, len, ZIPOUT_TEXT, 0);
		free(html);
		add_part(packer, &prod, &parts, (const unsigned char *)d->source, d->source_len, ZIPOUT_TEXT, 0);
		/* A figure that cannot be read is left to the packing, which says so. */
		for (size_t k = 0; k < d->nimages; k++) {
			if (!b->owns_image[index][k])
				continue;
			char *path = fs_join(b->m->dir, d->images[k]);
			char *bytes;
			size_t n;
			if (fs_slurp(path, &bytes, &n) == 0) {
				add_part(packer, &prod, &parts, (const unsigned char *)bytes, n, zipout_kind_of(path),
					 (uint32_t)k);
				free(bytes);
			}
			free(path);
		}
	}
	zipout_packer_free(packer);
	uint64_t count = parts.len / sizeof(product_part);
	buf_append(&prod, parts.data, parts.len);
	buf_append(&prod, &count, sizeof count);
	buf_free(&parts);
	free(out->data);
	out->data = (unsigned char *)buf_detach(&prod, &out->len);
}

/* Reads a product's tail into *t (t->part the caller frees); 0, or -1 when
 * the parts do not add up to the product. */
static int read_tail(const unsigned char *data, size_t len, product_tail *t)
{
	uint64_t count;
	*t = (product_tail){ 0, NULL };
	if (len < sizeof count)
		return -1;
	memcpy(&count, data + len - sizeof count, sizeof count);
	if (count < 1 || count > MAX_PARTS || (len - sizeof count) / sizeof(product_part) < count)
		return -1;
	size_t tail = (size_t)count * sizeof(product_part) + sizeof count;
	t->n = (size_t)count;
	t->part = xcalloc(t->n, sizeof *t->part);
	memcpy(t->part, data + len - tail, t->n * sizeof *t->part);
	size_t sum = 0;
	for (size_t k = 0; k < t->n; k++) {
		if (t->part[k].len > len || t->part[k].packed_len > len - t->part[k].len || sum > len)
			return -1;
		sum += (size_t)(t->part[k].len + t->part[k].packed_len);
	}
	return sum + tail == len ? 0 : -1;
}

/* Where a part's bytes and its packed bytes lie in a product spooled at `at`. */
static spool_ref part_at(const product_tail *t, size_t k, spool_ref at, int packed)
{
	size_t off = at.offset;
	for (size_t i = 0; i < k; i++)
		off += (size_t)(t->part[i].len + t->part[i].packed_len);
	if (packed)
		return (spool_ref){ at.sp, off + (size_t)t->part[k].len, (size_t)t->part[k].packed_len };
	return (spool_ref){ at.sp, off, (size_t)t->part[k].len };
}

static void part_prep(const product_tail *t, size_t k, spool_ref at, payload_prep *p)
{
	const product_part *part = &t->part[k];
	memcpy(p->sha256, part->sha256, sizeof p->sha256);
	memcpy(p->sha512, part->sha512, sizeof p->sha512);
	p->deflated = (int)part->deflated;
	p->packed_len = (size_t)part->packed_len;
	p->packed_at = part_at(t, k, at, 1);
	p->crc = part->crc;
}

static void make_job(size_t index, const build_jobs *b, job_result *out)
{
	const material *m = b->m;
	int pages = 0;
	/* The load let the sources go; a job holds its own while it runs. */
	document *own = index < m->ndocs ? m->docs[index]
		: index > m->ndocs ? m->docs[b->handout_docs[index - m->ndocs - 1]] : NULL;
	int held = own && own->source;
	if (own && !load_source_hold(own)) {
		out->status = diag_exit_status() ? diag_exit_status() : EXIT_INPUT;
		return;
	}
	if (index < m->ndocs) {
		out->status = typeset(b->env, b->fs, m, m->docs[index], m->dir, &out->data, &out->len, &pages, NULL,
				      b->opt);
	} else if (index == m->ndocs) {
		out->status = typeset_catalogue(b->env, b->fs, m, &out->data, &out->len, b->opt);
	} else {
		const document *d = m->docs[b->handout_docs[index - m->ndocs - 1]];
		if (!d->nworksheet)
			diag(DIAG_WARNING, d->path, 0, 0,
			     "no 'worksheet' in the front matter: the handout has no worksheets (docs/material.md)");
		out->status = typeset_handout(b->henv, b->fs, m, d, m->dir, b->opt, &out->data, &out->len, &pages);
	}
	out->value = pages;
	if (out->status == EXIT_OK && out->data)
		prepare_product(index, b, out);
	if (own && !held)
		load_source_let_go(own);
}

/* Everything any job of this build depends on beyond its own sources: the
 * program, fonts, hyphenation patterns, options, bundle.yaml, and the front
 * matter and names of every document (titles of related documents, links
 * between them and the catalogue come from there). Caller frees. */
static char *run_key(const material *m, fontset *fs, const release_options *opt, const char *paper,
		     long long epoch, int with_handouts)
{
	cache_key k;
	cache_key_begin(&k);
	cache_key_add_str(&k, "generator", GENERATOR);
	cache_key_add_str(&k, "program", program_digest());
	for (int f = 0; f < FACE_COUNT; f++)
		cache_key_add_file(&k, "font", fontset_path(fs, (face_id)f));
	char **names = NULL;
	size_t nn = fs_list_dir(HYPH_PATTERN_DIR, ".dic", 1, &names);
	for (size_t i = 0; i < nn && nn != (size_t)-1; i++) {
		char *path = fs_join(HYPH_PATTERN_DIR, names[i]);
		cache_key_add_file(&k, "patterns", path);
		free(path);
	}
	if (nn != (size_t)-1)
		fs_free_list(names, nn);
	/* Not the verbosity: an entry keeps every message and shows what the
	 * build that takes it asks for. */
	char *options = xasprintf("%s %lld %d %d %d", paper, epoch, opt->print_shop, opt->untagged, with_handouts);
	cache_key_add_str(&k, "options", options);
	free(options);
	cache_key_add_str(&k, "version", opt->version);
	cache_key_add_str(&k, "material", m->dir);
	char *meta = fs_join(m->dir, "bundle.yaml");
	cache_key_add_file(&k, "bundle.yaml", meta);
	free(meta);
	for (size_t i = 0; i < m->ndocs; i++) {
		const document *d = m->docs[i];
		cache_key_add_str(&k, "path", d->path);
		cache_key_add_str(&k, "rel_path", d->rel_path);
		cache_key_add_str(&k, "front matter", d->front_sha256);
	}
	char hex[SHA256_HEX_SIZE];
	cache_key_end(&k, hex);
	return xstrdup(hex);
}

/* A job's key: the run's, what the job is, and its own source and figures
 * (the catalogue has none of its own). */
static void job_key(const build_jobs *b, size_t index, char hex[SHA256_HEX_SIZE])
{
	const material *m = b->m;
	cache_key k;
	cache_key_begin(&k);
	cache_key_add_str(&k, "run", b->run_key);
	if (index == m->ndocs) {
		/* It shows bundle.yaml and the documents' front matter, both in
		 * the run's key: a body edit leaves it as it was. */
		cache_key_add_str(&k, "job", "catalogue");
	} else {
		const document *d = index < m->ndocs ? m->docs[index] : m->docs[b->handout_docs[index - m->ndocs - 1]];
		cache_key_add_str(&k, "job", index < m->ndocs ? "document" : "handout");
		cache_key_add_str(&k, "rel_path", d->rel_path);
		cache_key_add_str(&k, "source", d->source_sha256);
		for (size_t i = 0; i < d->nimages; i++) {
			char *path = fs_join(m->dir, d->images[i]);
			cache_key_add_str(&k, "image", d->images[i]);
			/* The loader's check read it already: its digest stands for it. */
			char digest[SHA256_HEX_SIZE];
			if (!image_read_digest(path, digest))
				cache_key_file_digest(path, digest);
			cache_key_add_str(&k, "image sha256", digest);
			free(path);
		}
	}
	cache_key_end(&k, hex);
}

/* With a cache, a job's product travels to the build as one block that
 * also holds what the cache needs if the build succeeds: the product, then
 * the job's messages, then their length, its warnings and its key. Only
 * the build, once everything is written, stores entries, so a failed build
 * leaves OUT_DIR as it was. The product comes first so that taking the
 * block apart copies nothing of it. */
typedef struct {
	char key[SHA256_HEX_SIZE];
	uint64_t warnings, msg_len;
} job_block_tail;

static void pack_block(job_result *out, const char *key, unsigned warnings, const buf *messages)
{
	job_block_tail t;
	memset(&t, 0, sizeof t); /* padding too: the block goes down a pipe */
	t.warnings = warnings;
	t.msg_len = messages->len;
	snprintf(t.key, sizeof t.key, "%s", key);
	out->data = xrealloc(out->data, out->len + messages->len + sizeof t);
	memcpy(out->data + out->len, messages->data, messages->len);
	memcpy(out->data + out->len + messages->len, &t, sizeof t);
	out->len += messages->len + sizeof t;
}

/* Takes a job's block apart: r keeps the product (its length shortened);
 * *entry gets the messages (the caller frees them) and, borrowed, the
 * product; key what the cache would store it under. */
static void unpack_block(job_result *r, cache_entry *entry, char key[SHA256_HEX_SIZE])
{
	job_block_tail t;
	memcpy(&t, r->data + r->len - sizeof t, sizeof t);
	memcpy(key, t.key, SHA256_HEX_SIZE);
	r->len -= sizeof t + (size_t)t.msg_len;
	*entry = (cache_entry){ .value = r->value, .warnings = (unsigned)t.warnings, .msg_len = (size_t)t.msg_len,
				.data = r->data, .len = r->len };
	entry->messages = t.msg_len ? xmalloc((size_t)t.msg_len) : NULL;
	if (t.msg_len)
		memcpy(entry->messages, r->data + r->len, (size_t)t.msg_len);
}

/* With --shard K/N, the jobs this build does: every Nth from the Kth. */
static int in_shard(const release_options *opt, size_t index)
{
	return !opt->shards || index % (size_t)opt->shards == (size_t)opt->shard;
}

/* A job another shard does, or one the cache has an entry for, costs
 * about a read: it is done by the build's own process rather than a worker
 * (an entry found damaged then is typeset there too, at its turn). */
static int job_is_cheap(size_t index, void *ctx)
{
	const build_jobs *b = ctx;
	if (!in_shard(b->opt, index))
		return 1;
	return b->cache_dir && cache_has(b->cache_dir, b->keys[index]);
}

static void build_job(size_t index, void *ctx, job_result *out)
{
	build_jobs *b = ctx;
	if (!in_shard(b->opt, index))
		return; /* another shard's: done elsewhere, its PDF found in the cache there */
	if (!b->cache_dir) {
		make_job(index, b, out);
		return;
	}
	const char *key = b->keys[index];
	cache_entry found;
	/* Only here, not in a worker, can an open file be kept for later. */
	int keep_open = getpid() == b->builder && b->files_left > 0;
	cache_lookup look = keep_open ? cache_get_open(b->cache_dir, key, &found, &b->found_in[index], &b->found_at[index])
				      : cache_get(b->cache_dir, key, &found);
	if (look == CACHE_HIT) {
		if (b->found_in[index] >= 0)
			b->files_left--;
		diag_replay_recorded(found.messages, found.msg_len, 0, found.warnings, EXIT_OK);
		free(found.messages);
		out->data = found.data;
		out->len = found.len;
		out->value = found.value;
		out->reused = 1;
		return;
	}
	if (look == CACHE_DAMAGED)
		diag(DIAG_NOTE, b->cache_dir, 0, 0, "the entry %s is damaged: not used, the job runs again", key);
	/* The job's own messages, kept for the cache as well as shown. */
	unsigned errors = diag_error_count(), warnings = diag_warning_count();
	buf mine;
	buf_init(&mine);
	buf *outer = diag_record(&mine);
	make_job(index, b, out);
	diag_capture(outer);
	diag_replay_recorded(mine.data, mine.len, 0, 0, EXIT_OK);
	/* A job that reported an error is not kept: its block names no key. */
	if (out->data)
		pack_block(out, out->status == EXIT_OK && diag_error_count() == errors ? key : "",
			   diag_warning_count() - warnings, &mine);
	buf_free(&mine);
}

typedef struct {
	const char *path;
	size_t doc, image;
} showing;

static int by_path_then_doc(const void *a, const void *b)
{
	const showing *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	return x->doc != y->doc ? (x->doc < y->doc ? -1 : 1) : (x->image < y->image ? -1 : x->image > y->image);
}

/* Per document, per image it shows: whether it is the first document to
 * show it, in the order the bundle adds them; that document's job packs
 * the figure. (Sorted, not searched: a large library shows thousands.) */
static unsigned char **first_showings(const material *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->ndocs; i++)
		n += m->docs[i]->nimages;
	showing *all = xcalloc(n ? n : 1, sizeof *all);
	unsigned char **owns = xcalloc(m->ndocs + 1, sizeof *owns);
	n = 0;
	for (size_t i = 0; i < m->ndocs; i++) {
		owns[i] = xcalloc(m->docs[i]->nimages + 1, 1);
		for (size_t k = 0; k < m->docs[i]->nimages; k++)
			all[n++] = (showing){ m->docs[i]->images[k], i, k };
	}
	qsort(all, n, sizeof *all, by_path_then_doc);
	for (size_t j = 0; j < n; j++)
		if (j == 0 || strcmp(all[j].path, all[j - 1].path) != 0)
			owns[all[j].doc][all[j].image] = 1;
	free(all);
	return owns;
}

/* A job's result as it comes in: its product (the PDF and what its worker
 * prepared with it) goes to the spool, so that the build holds one
 * document's products at a time however large the library. */
static int keep_product(size_t index, job_result *r, void *ctx)
{
	build_jobs *b = ctx;
	if (r->status != EXIT_OK || !r->data)
		return EXIT_OK; /* the run stops at this job; nothing to keep */
	if (b->cache_dir) {
		if (r->reused) {
			b->reused++;
		} else {
			unpack_block(r, &b->to_store[index], b->store_keys[index]);
			b->to_store[index].data = NULL; /* read back from the spool to be stored */
		}
	}
	product_tail *t = &b->tails[index];
	if (read_tail(r->data, r->len, t) != 0) {
		diag(DIAG_FATAL, NULL, 0, 0, "job %zu gave a product whose parts do not add up", index);
		return EXIT_SYSTEM;
	}
	/* Spooled whole, tail too: it is what the cache stores. A product
	 * from the cache stays where it is, in the entry's file. */
	char *err = NULL;
	int rc = 0;
	if (b->found_in[index] >= 0) {
		char *name = fs_join(b->cache_dir, b->keys[index]);
		spool_adopt(b->products, b->found_in[index], b->found_at[index], r->len, name, &b->product_at[index]);
		b->found_in[index] = -1; /* the spool's now */
		free(name);
	} else {
		rc = spool_put(b->products, r->data, r->len, &b->product_at[index], &err);
	}
	free(r->data);
	r->data = NULL;
	r->len = (size_t)t->part[PART_PDF].len;
	if (rc != 0) {
		diag(DIAG_FATAL, NULL, 0, 0, "%s", err);
		free(err);
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* How many cache entries the build may keep open (their products read in
 * place): the limit on open files, raised as far as allowed, less room for
 * everything else. */
static size_t open_files_to_spare(void)
{
	struct rlimit lim;
	if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
		return 0;
	rlim_t want = lim.rlim_max == RLIM_INFINITY || lim.rlim_max > 65536 ? 65536 : lim.rlim_max;
	if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < want) {
		lim.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &lim) != 0)
			getrlimit(RLIMIT_NOFILE, &lim);
	}
	rlim_t have = lim.rlim_cur == RLIM_INFINITY ? 65536 : lim.rlim_cur;
	return have > 256 ? (size_t)(have - 256) : 0;
}

/* Where the build keeps its products: like sort(1), in TMPDIR, so that a
 * failed build leaves no trace in the output directory (the spool is an
 * unlinked file, gone with the process). */
static const char *spool_dir(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

/* Writes bytes held in memory or spooled; frees what it read back. */
static int write_product(const char *path, const unsigned char *data, spool_ref at, size_t len)
{
	unsigned char *owned;
	const unsigned char *bytes = spool_bytes_reported(data, at, &owned);
	if (!bytes)
		return EXIT_SYSTEM;
	int status = write_output(path, bytes, len);
	free(owned);
	return status;
}

/* With --previous: refuses documents whose source changed while their
 * version did not, and gives the changelog (caller frees) in *changelog. */
static int compare_with_previous(const char *previous, const material *m, const built_doc *built,
				 const extras_list *extras, const bundle_options *po, char **changelog)
{
	manifest_info old_mi = { 0 }, new_mi = { 0 };
	char *err = NULL;
	int rc = bundle_read_manifest(previous, &old_mi, &err);
	if (rc != 0) {
		diag(rc == 3 ? DIAG_FATAL : DIAG_ERROR, previous, 0, 0, "%s", err ? err : "not a hejapack bundle");
		free(err);
		return rc == 3 ? EXIT_SYSTEM : EXIT_INPUT;
	}
	if (manifest_describe(m, built, m->ndocs, extras->files, extras->n, po, &new_mi) != 0) {
		manifest_info_free(&old_mi);
		manifest_info_free(&new_mi);
		return EXIT_SYSTEM;
	}
	bundle_changes changes;
	bundle_diff_manifests(&old_mi, &new_mi, &changes);
	size_t n = 0;
	const bundle_change **unversioned = bundle_changes_unversioned(&changes, &n);
	for (size_t i = 0; i < n; i++) {
		const manifest_doc *d = unversioned[i]->new_doc;
		const document *doc = material_find(m, d->id);
		diag(DIAG_ERROR, doc ? doc->path : d->id, 0, 0,
		     "'%s' changed since %s but its version is still %s: raise 'version' in its front matter",
		     d->id, previous, d->version);
	}
	*changelog = n ? NULL : bundle_changes_text(&changes, m->meta.language);
	free(unversioned);
	bundle_changes_free(&changes);
	manifest_info_free(&old_mi);
	manifest_info_free(&new_mi);
	return n ? EXIT_INPUT : EXIT_OK;
}

/* OUT_DIR/pdf/ holds what this run wrote and nothing it wrote before: the
 * PDFs of the last variant would otherwise pass for the current one's. The
 * list of what was written lives beside the tree, not in it, so that a copy
 * of pdf/ holds PDFs only. */
static int prune_pdf_tree(const material *m, const extras_list *extras, const char *out_dir)
{
	size_t n = m->ndocs + extras->n;
	char **paths = xcalloc(n ? n : 1, sizeof *paths);
	for (size_t i = 0; i < m->ndocs; i++)
		paths[i] = document_pdf_path(m->docs[i]);
	for (size_t i = 0; i < extras->n; i++)
		paths[m->ndocs + i] = xstrdup(extras->files[i].path);
	char *dir = xasprintf("%s/pdf", out_dir);
	char *list = xasprintf("%s/.hejapack-pdf-files", out_dir);
	long removed = owned_replace(dir, list, paths, n);
	if (removed > 0 && diag_verbosity() >= 0)
		printf("%s: removed %ld PDF%s of the last build that this one did not write\n", dir, removed,
		       removed == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(dir);
	free(list);
	return removed < 0 ? EXIT_SYSTEM : EXIT_OK;
}

/* The newest `updated` date of the material, as the bundle's date. */
static const char *newest_update(const material *m)
{
	const char *newest = NULL;
	for (size_t i = 0; i < m->ndocs; i++) {
		const char *u = m->docs[i]->updated;
		if (u && (!newest || strcmp(u, newest) > 0))
			newest = u;
	}
	return newest;
}

static long long iso_to_epoch(const char *iso)
{
	struct tm tm = { 0 };
	tm.tm_year = atoi(iso) - 1900;
	tm.tm_mon = atoi(iso + 5) - 1;
	tm.tm_mday = atoi(iso + 8);
	return (long long)timegm(&tm);
}

static void epoch_to_iso(long long epoch, char out[11])
{
	time_t t = (time_t)epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int open_fonts(fontset **fs)
{
	char *dir = fontset_find_dir();
	if (!dir)
		return 0;
	*fs = fontset_open(dir);
	free(dir);
	return *fs != NULL;
}

/* What an archive misses in the bundle's description of itself. Warnings,
 * not errors: the material is valid, its bundle is only less useful. */
static void warn_about_metadata(const material *m)
{
	char *path = fs_join(m->dir, "bundle.yaml");
	if (!m->meta.contact_email)
		diag(DIAG_WARNING, path, m->meta.contact_line, m->meta.contact_col,
		     "'contact' has no 'email': bag-info.txt will have no Contact-Email, which archives ask for");
	if (m->meta.license && (!m->meta.license_spdx || !m->meta.license_url))
		diag(DIAG_WARNING, path, m->meta.license_line, m->meta.license_col,
		     "hejapack does not know the licence '%s': give 'license_spdx' and 'license_url' so that the bundle "
		     "names it unambiguously",
		     m->meta.license);
	free(path);
}

int release_build(const release_options *opt)
{
	long long epoch = -1;
	int sde = release_source_date_epoch(&epoch);
	if (sde < 0)
		return EXIT_USAGE;
	const char *paper = canonical_paper(opt->paper ? opt->paper : "A4");
	if (!paper)
		return EXIT_USAGE;
	if (opt->version && !fm_valid_version(opt->version)) {
		diag(DIAG_ERROR, NULL, 0, 0, "--version '%s' is not a release version (semver such as 1.2.0, or 2024.1)",
		     opt->version);
		return EXIT_USAGE;
	}
	char *cache_dir = opt->no_cache ? NULL : fs_join(opt->out_dir, "cache");
	image_memo *checked = cache_dir ? image_memo_new(cache_dir, program_digest()) : NULL;
	image_use_memory(checked ? image_memo_hooks(checked) : NULL);
	/* The figures are checked on threads while the fonts open and the jobs'
	 * keys are worked out; the checks end before the workers fork. */
	load_checks *figures = NULL;
	material *m = load_material_begin(opt->material_dir, &figures);
	if (!m) {
		image_use_memory(NULL);
		image_memo_free(checked);
		free(cache_dir);
		return diag_exit_status() ? diag_exit_status() : EXIT_INPUT;
	}
	warn_about_metadata(m);
	unsigned errors_before = diag_error_count();
	if (opt->version) {
		free(m->meta.version);
		m->meta.version = xstrdup(opt->version);
	}
	fontset *fs = NULL;
	if (!open_fonts(&fs)) {
		load_checks_finish(figures);
		image_use_memory(NULL);
		material_free(m);
		image_memo_free(checked);
		free(cache_dir);
		return EXIT_SYSTEM;
	}
	char created[11];
	if (sde) {
		epoch_to_iso(epoch, created);
	} else {
		snprintf(created, sizeof created, "%s", newest_update(m));
		epoch = iso_to_epoch(created);
	}
	hyph_library *hyphenation = hyph_library_new();
	layout_options lo = { .paper = paper, .epoch = epoch, .creator = GENERATOR, .hyphenate = 1,
			      .hyphenation = hyphenation };
	layout_env *env = layout_env_new(fs, &lo);
	built_doc *built = xcalloc(m->ndocs, sizeof *built);
	extras_list extras = { 0 };
	size_t total_pages = 0;

	/* Everything is typeset first (into the spool): a run that fails writes
	 * nothing. */
	int with_handouts = opt->handouts || m->meta.handouts;
	size_t *handout_docs = xcalloc(m->ndocs + 1, sizeof *handout_docs);
	size_t handouts = 0;
	for (size_t i = 0; with_handouts && i < m->ndocs; i++)
		if (m->docs[i]->type == DOC_EXERCISE)
			handout_docs[handouts++] = i;
	layout_env_preload(env, m);
	handout_env *henv = with_handouts ? handout_env_new(fs, &lo) : NULL;
	char *key_of_run = cache_dir ? run_key(m, fs, opt, paper, epoch, with_handouts) : NULL;
	size_t njobs = m->ndocs + 1 + handouts;
	char *err = NULL;
	build_jobs jobs = { .env = env, .henv = henv, .fs = fs, .m = m, .opt = opt, .handout_docs = handout_docs,
			    .cache_dir = cache_dir, .run_key = key_of_run, .products = spool_open(spool_dir(), &err),
			    .product_at = xcalloc(njobs, sizeof *jobs.product_at),
			    .to_store = xcalloc(njobs, sizeof *jobs.to_store),
			    .store_keys = xcalloc(njobs, sizeof *jobs.store_keys),
			    .keys = xcalloc(njobs, sizeof *jobs.keys), .builder = getpid(),
			    .found_in = xcalloc(njobs, sizeof *jobs.found_in),
			    .found_at = xcalloc(njobs, sizeof *jobs.found_at), .files_left = open_files_to_spare(),
			    .tails = xcalloc(njobs, sizeof *jobs.tails), .owns_image = first_showings(m) };
	for (size_t i = 0; i < njobs; i++) {
		jobs.found_in[i] = -1;
		if (cache_dir && in_shard(opt, i))
			job_key(&jobs, i, jobs.keys[i]);
	}
	/* Before the workers fork: a thread does not survive fork. */
	int figures_ok = load_checks_finish(figures);
	image_use_memory(NULL);
	job_result *results = xcalloc(njobs, sizeof *results);
	int status = EXIT_OK;
	if (!figures_ok) {
		status = EXIT_INPUT;
	} else if (!jobs.products) {
		diag(DIAG_FATAL, NULL, 0, 0, "%s (set TMPDIR to a directory with room)", err);
		free(err);
		status = EXIT_SYSTEM;
	} else {
		status = jobs_run(njobs, opt->workers ? opt->workers : jobs_default_workers(), build_job,
				       job_is_cheap, keep_product, &jobs, results);
	}
	size_t mine = 0;
	for (size_t i = 0; i < njobs; i++)
		mine += (size_t)in_shard(opt, i);
	if (cache_dir && status == EXIT_OK)
		diag(DIAG_NOTE, cache_dir, 0, 0, "%zu of %zu PDFs taken from the cache, %zu typeset", jobs.reused,
		     mine, mine - jobs.reused);
	/* What the workers worked out about each part of each product. */
	payload_prep **preps = xcalloc(njobs, sizeof *preps);
	prepared_file **files = xcalloc(m->ndocs + 1, sizeof *files);
	for (size_t i = 0; i < njobs; i++) {
		const product_tail *t = &jobs.tails[i];
		preps[i] = xcalloc(t->n ? t->n : 1, sizeof **preps);
		for (size_t k = 0; k < t->n; k++)
			part_prep(t, k, jobs.product_at[i], &preps[i][k]);
	}
	for (size_t i = 0; i < m->ndocs; i++) {
		const product_tail *t = &jobs.tails[i];
		spool_ref at = jobs.product_at[i];
		int whole = t->n >= FIRST_IMAGE_PART;
		built[i] = (built_doc){ .doc = m->docs[i], .paper = paper, .pdf_len = results[i].len,
					.pdf_at = whole ? part_at(t, PART_PDF, at, 0) : (spool_ref){ 0 },
					.pdf_prep = whole ? &preps[i][PART_PDF] : NULL, .pages = (int)results[i].value,
					.html_len = whole ? (size_t)t->part[PART_HTML].len : 0,
					.html_at = whole ? part_at(t, PART_HTML, at, 0) : (spool_ref){ 0 },
					.html_prep = whole ? &preps[i][PART_HTML] : NULL,
					.source_at = whole ? part_at(t, PART_SOURCE, at, 0) : (spool_ref){ 0 },
					.source_prep = whole ? &preps[i][PART_SOURCE] : NULL };
		total_pages += (size_t)built[i].pages;
		if (!whole)
			continue;
		files[i] = xcalloc(t->n, sizeof **files);
		for (size_t k = FIRST_IMAGE_PART; k < t->n; k++) {
			const product_part *part = &t->part[k];
			if (part->image >= m->docs[i]->nimages)
				continue;
			files[i][built[i].nfiles++] = (prepared_file){ m->docs[i]->images[part->image],
									 part_at(t, k, at, 0), (size_t)part->len,
									 &preps[i][k] };
		}
		built[i].files = files[i];
	}
	/* (A shard packs nothing: another shard's jobs have no product here.) */
	if (status == EXIT_OK && !opt->shards) {
		size_t j = m->ndocs;
		extras_add(&extras, "katalog.pdf", results[j].len,
			   part_at(&jobs.tails[j], PART_PDF, jobs.product_at[j], 0), &preps[j][PART_PDF]);
	}
	for (size_t k = 0; k < handouts && status == EXIT_OK && !opt->shards; k++) {
		char *path = xasprintf("handouts/%s.pdf", m->docs[handout_docs[k]]->id);
		size_t j = m->ndocs + 1 + k;
		extras_add(&extras, path, results[j].len,
			   part_at(&jobs.tails[j], PART_PDF, jobs.product_at[j], 0), &preps[j][PART_PDF]);
		free(path);
	}
	/* Every part's place is worked out, and its digests are in preps: the
	 * tails, as many as the parts, are not kept through the packing. */
	for (size_t i = 0; i < njobs; i++)
		free(jobs.tails[i].part);
	free(jobs.tails);
	jobs.tails = NULL;
	if (status != EXIT_OK)
		handouts = 0;
	/* Products the sink did not take (a run that stopped) are dropped. */
	for (size_t i = 0; i < njobs; i++)
		free(results[i].data);
	free(results);
	free(handout_docs);
	handout_env_free(henv);
	/* An error met while typesetting (a figure that will not decode, say)
	 * fails the run here, before anything is written. */
	if (status == EXIT_OK && diag_error_count() != errors_before)
		status = diag_exit_status() ? diag_exit_status() : EXIT_INPUT;
	char *variant_name = NULL;
	bundle_options po = { .created = created, .epoch = epoch, .generator = GENERATOR,
			      .variant = release_variant(paper, with_handouts, opt, &variant_name) };
	char *bag = contents_bag_name(m, &po);
	char *changelog = NULL;
	if (status == EXIT_OK && opt->previous)
		status = compare_with_previous(opt->previous, m, built, &extras, &po, &changelog);
	po.changelog = changelog && *changelog ? changelog : NULL;

	/* One build at a time writes into OUT_DIR, and its files replace the
	 * previous release all together or not at all (a full disk). */
	int lock = status == EXIT_OK ? take_out_lock(opt->out_dir, &status) : OUTLOCK_FAILED;
	/* A shard writes nothing but its cache entries, below. */
	if (!opt->shards) {
		outfile_stage_begin();
		/* The PDFs also go to OUT_DIR/pdf/ for printing without unpacking. */
		for (size_t i = 0; i < m->ndocs && status == EXIT_OK; i++) {
			char *rel = document_pdf_path(m->docs[i]);
			char *path = xasprintf("%s/pdf/%s", opt->out_dir, rel);
			status = write_product(path, built[i].pdf, built[i].pdf_at, built[i].pdf_len);
			diag(DIAG_NOTE, path, 0, 0, "%d pages, %zu bytes", built[i].pages, built[i].pdf_len);
			free(path);
			free(rel);
		}
		for (size_t i = 0; i < extras.n && status == EXIT_OK; i++) {
			char *path = xasprintf("%s/pdf/%s", opt->out_dir, extras.files[i].path);
			status = write_product(path, extras.files[i].data, extras.files[i].at, extras.files[i].len);
			free(path);
		}
		if (status == EXIT_OK)
			status = package_write(m, built, m->ndocs, extras.files, extras.n, &po, opt->out_dir);
		if (status == EXIT_OK && opt->sip)
			status = sip_write(m, built, m->ndocs, extras.files, extras.n, &po, opt->out_dir);
		/* The list of the PDFs written is staged with them; what the last run
		 * wrote and this one does not goes only when everything is written. */
		if (status == EXIT_OK)
			status = prune_pdf_tree(m, &extras, opt->out_dir);
		if (status == EXIT_OK) {
			if (outfile_stage_commit(&err) != 0) {
				diag(DIAG_FATAL, NULL, 0, 0, "%s", err);
				free(err);
				err = NULL;
				status = EXIT_SYSTEM;
			}
		} else {
			outfile_stage_abort();
		}
	}
	/* Under the lock, so two builds never store at once; a failure to
	 * store costs only a rebuild next time. */
	for (size_t i = 0; i < njobs; i++) {
		cache_entry *e = &jobs.to_store[i];
		if (status == EXIT_OK && jobs.store_keys[i][0]) {
			/* The product as the job gave it. */
			unsigned char *pdf = spool_read(jobs.product_at[i], &err);
			e->data = pdf;
			e->len = jobs.product_at[i].len;
			if (!pdf) {
				diag(DIAG_NOTE, cache_dir, 0, 0, "cannot keep a cache entry: %s", err);
				free(err);
				err = NULL;
			} else if (cache_put(cache_dir, jobs.store_keys[i], e) != 0) {
				diag(DIAG_NOTE, cache_dir, 0, 0, "cannot keep a cache entry: %s", strerror(errno));
			}
			free(pdf);
		}
		free(e->messages);
	}
	if (checked && status == EXIT_OK)
		image_memo_keep(checked);
	image_memo_free(checked);
	free(jobs.to_store);
	free(jobs.store_keys);
	free(jobs.keys);
	for (size_t i = 0; i < njobs; i++)
		if (jobs.found_in[i] >= 0)
			close(jobs.found_in[i]); /* found, but the run stopped before its turn */
	free(jobs.found_in);
	free(jobs.found_at);
	free(jobs.product_at);
	for (size_t i = 0; i < njobs; i++)
		free(preps[i]);
	for (size_t i = 0; i < m->ndocs; i++) {
		free(files[i]);
		free(jobs.owns_image[i]);
	}
	free(files);
	free(jobs.owns_image);
	free(preps);
	spool_close(jobs.products);
	free(key_of_run);
	outlock_release(lock);
	if (status == EXIT_OK && diag_verbosity() >= 0 && opt->shards) {
		printf("%s: shard %d of %d: %zu of %zu PDFs, %zu typeset, %zu found there\n", cache_dir, opt->shard + 1,
		       opt->shards, mine, njobs, mine - jobs.reused, jobs.reused);
	} else if (status == EXIT_OK && diag_verbosity() >= 0) {
		printf("%s/%s.zip: %zu documents, %zu pages", opt->out_dir, bag, m->ndocs, total_pages);
		if (handouts)
			printf(", %zu handouts", handouts);
		putchar('\n');
		if (opt->sip) {
			char *name = sip_name(m, &po);
			printf("%s/%s.zip: e-archive package (E-ARK SIP, FGS Paketstruktur 2.0)\n", opt->out_dir, name);
			free(name);
		}
	}
	free(cache_dir);
	free(changelog);
	free(bag);
	free(variant_name);
	extras_free(&extras);
	free(built);
	layout_env_free(env);
	hyph_library_free(hyphenation);
	fontset_close(fs);
	material_free(m);
	return status;
}

/* FILE.md -> FILE.pdf beside it; a variant says what it is
 * (FILE-handout-print.pdf), so it never replaces the plain PDF. */
static char *default_output(const char *input, const release_options *opt)
{
	size_t len = strlen(input);
	int stem = len > 3 && strcmp(input + len - 3, ".md") == 0 ? (int)(len - 3) : (int)len;
	return xasprintf("%.*s%s%s%s.pdf", stem, input, opt->handouts ? "-handout" : "", opt->booklet ? "-booklet" : "",
			 opt->print_shop ? "-print" : "");
}

int release_pdf(const release_options *opt)
{
	long long epoch = -1;
	if (release_source_date_epoch(&epoch) < 0)
		return EXIT_USAGE;
	const char *paper = opt->paper ? opt->paper : "A4";
	if (!check_paper(paper))
		return EXIT_USAGE;
	if (opt->booklet && opt->print_shop) {
		diag(DIAG_ERROR, NULL, 0, 0, "--booklet and --print-shop do not go together: a booklet is for an "
					     "office printer, a print shop imposes the pages itself");
		return EXIT_USAGE;
	}
	if (opt->booklet) {
		/* Booklet pages are half an A4 sheet. */
		if (opt->paper && strcmp(opt->paper, "A5") != 0 && strcmp(opt->paper, "a5") != 0) {
			diag(DIAG_ERROR, NULL, 0, 0, "--booklet sets A5 pages on A4 sheets; --paper %s does not fit it",
			     opt->paper);
			return EXIT_USAGE;
		}
		paper = "A5";
	}
	material *owner = NULL;
	/* The document's figures are checked on threads while it is typeset;
	 * the answer comes before the PDF is written (before typesetting when
	 * a layout dump, written as it goes, is asked for). */
	load_checks *figures = NULL;
	document *d = load_single_begin(opt->input, &owner, opt->dump ? NULL : &figures);
	if (!d)
		return diag_exit_status() ? diag_exit_status() : EXIT_INPUT;
	fontset *fs = NULL;
	int status = EXIT_SYSTEM;
	unsigned errors_before = diag_error_count();
	if (open_fonts(&fs)) {
		hyph_library *hyphenation = hyph_library_new();
		layout_options lo = { .paper = paper, .epoch = epoch, .creator = GENERATOR, .hyphenate = 1,
				      .hyphenation = hyphenation };
		layout_env *env = layout_env_new(fs, &lo);
		char *base_dir = owner ? xstrdup(owner->dir) : fs_dirname(opt->input);
		unsigned char *pdf = NULL;
		size_t len = 0;
		int pages = 0;
		if (opt->handouts) {
			handout_env *henv = handout_env_new(fs, &lo);
			status = typeset_handout(henv, fs, owner, d, base_dir, opt, &pdf, &len, &pages);
			handout_env_free(henv);
		} else {
			status = typeset(env, fs, owner, d, base_dir, &pdf, &len, &pages, opt->dump, opt);
		}
		if (!load_checks_finish(figures) && status == EXIT_OK)
			status = EXIT_INPUT;
		figures = NULL;
		if (status == EXIT_OK && diag_error_count() != errors_before)
			status = diag_exit_status() ? diag_exit_status() : EXIT_INPUT;
		if (status == EXIT_OK) {
			char *out = opt->output ? xstrdup(opt->output) : default_output(opt->input, opt);
			status = write_output(out, pdf, len);
			if (status == EXIT_OK && diag_verbosity() >= 0)
				printf("%s: %d pages\n", out, pages);
			free(out);
		}
		free(pdf);
		free(base_dir);
		layout_env_free(env);
		hyph_library_free(hyphenation);
		fontset_close(fs);
	}
	load_checks_finish(figures);
	if (owner)
		material_free(owner);
	else
		document_free(d);
	return status;
}

int release_check(const release_options *opt)
{
	material *m = load_material_lean(opt->material_dir);
	if (!m)
		return diag_exit_status() ? diag_exit_status() : EXIT_INPUT;
	warn_about_metadata(m);
	size_t ex = 0, rep = 0;
	for (size_t i = 0; i < m->ndocs; i++)
		m->docs[i]->type == DOC_EXERCISE ? ex++ : rep++;
	if (diag_verbosity() >= 0)
		printf("%s: %s %s: %zu exercises, %zu reports, %u warnings: OK\n", opt->material_dir, m->meta.id,
		       m->meta.version, ex, rep, diag_warning_count());
	material_free(m);
	return EXIT_OK;
}

int release_list(const release_options *opt)
{
	material *m = load_material_lean(opt->material_dir);
	if (!m)
		return diag_exit_status() ? diag_exit_status() : EXIT_INPUT;
	for (size_t i = 0; i < m->ndocs; i++) {
		const document *d = m->docs[i];
		if (d->type == DOC_EXERCISE) {
			int total = document_total_minutes(d);
			printf("exercise\t%s\t%s\t%s\ttheme=%s\tminutes=%d (%d/%d/%d)\tparticipants=%d-%d\t%s\n", d->id,
			       d->version, d->updated, d->theme, total, d->minutes[0], d->minutes[1], d->minutes[2],
			       d->participants_min, d->participants_max, d->title);
		} else {
			printf("report\t%s\t%s\t%s\tdate=%s\t%s\n", d->id, d->version, d->updated, d->date, d->title);
		}
	}
	material_free(m);
	return EXIT_OK;
}
