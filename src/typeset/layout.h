/* layout: turns a loaded document into a display list: the HEJA exercise
 * layout, reports with cover and table of contents, and plain documents.
 * Knows nothing of PDF.
 */
#ifndef HEJAPACK_LAYOUT_H
#define HEJAPACK_LAYOUT_H

#include "material/model.h"
#include "typeset/displaylist.h"
#include "typeset/fontset.h"
#include "typeset/hyphenate.h"
#include "typeset/para.h"

typedef struct layout_env layout_env;

/* What stays the same across the documents of a run. */
typedef struct {
	const char *paper;      /* "A4" (default), "A5", "Letter" */
	long long epoch;        /* document dates: SOURCE_DATE_EPOCH, or -1 to use each document's date */
	const char *creator;    /* "hejapack 0.1.0" */
	int hyphenate;          /* 1: hyphenate justified text */
	hyph_library *hyphenation; /* patterns shared by the run (the environment holds a share);
	                              NULL: the environment makes its own */
} layout_options;

/* fs is borrowed and must outlive the environment. */
layout_env *layout_env_new(fontset *fs, const layout_options *opt);
void layout_env_free(layout_env *env);
/* Loads now the hyphenation patterns that laying out m's documents and
 * catalogue will ask for (hyph_library_preload): before `build -j` forks its
 * workers, so that they share one copy and any trouble is reported once. */
void layout_env_preload(layout_env *env, const material *m);
/* Justification figures summed over every document set so far. */
const para_stats *layout_env_stats(const layout_env *env);

/* Sets document d (of material m, which may be NULL for a plain file) into a
 * new display list; NULL after diag() on failure. base_dir: the directory
 * the document's rel_path and image paths are relative to. Caller frees. */
dl_document *layout_document(layout_env *env, const material *m, const document *d, const char *base_dir);

/* The catalogue of the whole material (katalog.pdf at the root of the
 * bundle's payload): exercises by theme with lead question, time and
 * participants, reports with their abstracts, each linking its PDF by the
 * relative path document_pdf_path gives. Caller frees. */
dl_document *layout_catalogue(layout_env *env, const material *m);

#endif
