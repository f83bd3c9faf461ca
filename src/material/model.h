/* model: the material as loaded and validated: bundle metadata and documents.
 *
 * A `material` owns everything it points to; material_free releases it all.
 * Strings are UTF-8 and NUL-terminated. Optional strings are NULL when absent.
 */
#ifndef HEJAPACK_MODEL_H
#define HEJAPACK_MODEL_H

#include <stddef.h>

#include "base/hash.h"

/* DOC_PLAIN: a Markdown file typeset on its own (`hejapack pdf`), outside
 * any material directory; every front matter key is optional. */
typedef enum { DOC_EXERCISE, DOC_REPORT, DOC_PLAIN } doc_type;

/* The three phases of an exercise, in the order they are run. */
enum { PHASE_BORJA, PHASE_PROVA, PHASE_UTVECKLA, PHASE_COUNT };

/* Writing space on a workshop handout for one step of an exercise, declared
 * under `worksheet:` in its front matter (docs/material.md). */
typedef struct {
	int phase;          /* PHASE_BORJA, PHASE_PROVA or PHASE_UTVECKLA */
	int step;           /* the step's number in the phase's numbered list */
	int lines;          /* ruled writing lines; 0 when the step has a matrix */
	char *prompt;       /* the question to print instead of the step's text, or NULL */
	char *matrix_x;     /* a 2x2 matrix to fill in: horizontal axis, or NULL */
	char *matrix_y;     /* vertical axis */
	char *matrix_cells[4]; /* top left, top right, bottom left, bottom right */
	unsigned line, col; /* where the step is declared, for messages */
	unsigned step_line, step_col; /* where its step number is written */
} worksheet_step;

typedef struct {
	char *id;    /* slug, referenced by exercises' `theme` */
	char *title; /* display title, e.g. "Kultur och ledarskap" */
} theme;

typedef struct {
	char *id;          /* slug: "heja-material" */
	char *title;
	char *version;     /* semver or YYYY.N */
	char *publisher;
	char *license;     /* e.g. "CC BY-SA 4.0" */
	char *license_spdx; /* "CC-BY-SA-4.0": bundle.yaml's, else known from the name (license.h), else NULL */
	char *license_url;  /* the licence text's address, found the same way, or NULL */
	char *website;     /* where the material was first published on the web, or NULL */
	char *language;    /* BCP 47, "sv" */
	char *description;
	char *contact_name;
	char *contact_email; /* optional */
	char *contact_url;   /* optional */
	unsigned contact_line, contact_col; /* where bundle.yaml's contact mapping starts, for messages */
	unsigned license_line, license_col; /* the same for license */
	theme *themes;     /* in catalogue order */
	size_t nthemes;
	int handouts;      /* build workshop handouts by default */
} bundle_meta;

typedef struct {
	doc_type type;
	char *id;           /* slug, unique across the material */
	char *title;
	char *version;
	char *updated;      /* YYYY-MM-DD */
	char *language;     /* the document's own or the bundle's */
	char **related;     /* ids of other documents */
	size_t nrelated;

	/* Exercise fields (NULL/0 for reports). */
	char *lead;         /* the lead question */
	char *theme;        /* theme id */
	char *audience;
	int participants_min, participants_max;
	char **materials;
	size_t nmaterials;
	int minutes[PHASE_COUNT];
	worksheet_step *worksheet; /* in the order declared: borja, prova, utveckla */
	size_t nworksheet;

	/* Report fields (NULL/0 for exercises). */
	char *subtitle;
	char **authors;
	size_t nauthors;
	char *organisation;
	char *date;         /* YYYY-MM-DD */
	char *abstract;
	int numbered;       /* number the headings */
	int cover;          /* reports: a cover page (1, the default) or a title block (0) */
	int contents;       /* reports: a table of contents (1, the default) or none (0) */

	/* Source. */
	char *path;         /* as given on the command line / found on disk, for messages */
	char *rel_path;     /* relative to the material dir, '/'-separated: "exercises/framtid.md" */
	char *source;       /* the whole file; NULL once a lean load lets it go (load.h) */
	size_t source_len;
	char source_sha256[SHA256_HEX_SIZE]; /* of the whole file as loaded and checked */
	char front_sha256[SHA256_HEX_SIZE];  /* of its first body_offset bytes, the front matter */
	size_t body_offset; /* where the Markdown body starts in source */
	unsigned body_line; /* its 1-based line number */
	char **images;      /* image paths relative to the material dir, as referenced by the body */
	size_t nimages;
} document;

typedef struct {
	char *dir;          /* the material directory */
	bundle_meta meta;
	document **docs;    /* sorted: exercises then reports, each by id */
	size_t ndocs;
} material;

/* Total minutes of an exercise: the sum of its phases. */
int document_total_minutes(const document *d);
/* Where a document's PDF lives in the bundle's payload: "ovningar/ID.pdf"
 * for exercises, "rapporter/ID.pdf" for reports. Caller frees. */
char *document_pdf_path(const document *d);
/* The theme declared with this id, or NULL (also for a NULL id). */
const theme *material_theme(const material *m, const char *id);
/* The display title of a theme id (the id itself when it is not declared). */
const char *material_theme_title(const material *m, const char *id);
/* The document with this id, or NULL. */
const document *material_find(const material *m, const char *id);
void material_free(material *m);
void document_free(document *d);

#endif
