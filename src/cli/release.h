/* release: the commands that run the whole pipeline (load -> layout -> PDF
 * -> package) and print what they did. Each returns an exit status.
 */
#ifndef HEJAPACK_RELEASE_H
#define HEJAPACK_RELEASE_H

#include <stddef.h>

#include "material/model.h"
#include "typeset/displaylist.h"
#include "typeset/fontset.h"

typedef struct {
	const char *material_dir;  /* -C */
	const char *out_dir;       /* -o */
	const char *paper;         /* --paper */
	const char *version;       /* --version VALUE for build: overrides bundle.yaml */
	const char *previous;      /* --previous OLD.zip */
	const char *input;         /* pdf: the Markdown file */
	const char *output;        /* pdf: -o FILE.pdf */
	const char *dump;          /* pdf: --dump FILE writes the display list */
	int handouts;              /* build: --handouts */
	int sip;                   /* build: --sip, also the e-archive package */
	int print_shop;            /* build, pdf: --print-shop */
	int booklet;               /* pdf: --booklet */
	int workers;               /* build: -j N worker processes; 0: one per processor */
	int no_cache;              /* build: --no-cache, neither read nor write OUT_DIR/cache */
	int untagged;              /* bench only: no tags, to measure what tagging costs */
	int shards;                /* build: --shard K/N, N; 0: the whole build */
	int shard;                 /* build: K - 1 */
} release_options;

int release_build(const release_options *opt);
int release_pdf(const release_options *opt);
int release_check(const release_options *opt);
int release_list(const release_options *opt);

/* SOURCE_DATE_EPOCH: 1 and *epoch when set and valid, 0 when unset, -1
 * (after diag) when malformed. */
int release_source_date_epoch(long long *epoch);

/* The second half of typesetting as `hejapack pdf` does it for a laid-out
 * document: a PDF/A file with its file ID, into *pdf (caller frees). Frees
 * dl. For the benchmark, which must time what users run. Returns an exit
 * status. */
int release_render(dl_document *dl, fontset *fs, const document *d, unsigned char **pdf, size_t *len, int *pages);
/* The same without tags (PDF/A-1b), the benchmark's baseline. */
int release_render_untagged(dl_document *dl, fontset *fs, const document *d, unsigned char **pdf, size_t *len,
			    int *pages);

#endif
