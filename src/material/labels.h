/* labels: the words hejapack itself puts on a page or in the bundle's
 * index.html, per language.
 * Chosen by the document's language (BCP 47); unknown languages get English. */
#ifndef HEJAPACK_LABELS_H
#define HEJAPACK_LABELS_H

#include <stddef.h>

#include "base/util.h"

typedef struct {
	const char *lang;          /* primary subtag: "sv" */
	const char *contents;      /* "Innehåll" */
	const char *page;          /* "sida" */
	const char *page_of;       /* printf: page number, page count: "%d av %d" */
	const char *time;          /* "Tid" */
	const char *participants;  /* "Deltagare" */
	const char *materials;     /* "Material" */
	const char *no_materials;  /* "Inget särskilt" */
	const char *theme;         /* "Tema" */
	const char *audience;      /* "Målgrupp" */
	const char *minutes_abbr;  /* "min" */
	const char *hours_abbr;    /* "h" */
	const char *phases[3];     /* "Börja", "Pröva", "Utveckla" */
	const char *phase_hints[3];/* "Enskilt", "Tillsammans", "Enskilt" */
	const char *related;       /* "Relaterade övningar" */
	const char *related_docs;  /* "Relaterat material" */
	const char *exercise;      /* "Övning" */
	const char *report;        /* "Rapport" */
	const char *catalogue;     /* "Katalog" */
	const char *exercises;     /* "Övningar" */
	const char *reports;       /* "Rapporter" */
	const char *catalogue_intro; /* how to use the catalogue */
	const char *version;       /* "Version" */
	const char *published;     /* "Publicerad" */
	const char *abstract;      /* "Sammanfattning" */
	const char *authors;       /* "Författare" */
	const char *license;       /* "Licens" */
	const char *persons;       /* "personer" */
	const char *handout;       /* "Deltagarmaterial": a workshop handout */
	const char *worksheet;     /* "Arbetsblad": kicker and running header of worksheets */
	const char *name_field;    /* "Namn": where a participant writes their name */
	const char *step_of;       /* printf: the phase's step count, under a step's number: "av %d" */
	const char *group_field;   /* "Grupp": the same on a group sheet */
	const char *low, *high;    /* "låg", "hög": the ends of a matrix axis */
	const char *quote_open, *quote_close;        /* primary quotation marks */
	const char *squote_open, *squote_close;      /* secondary */
	/* Only in the bundle's index.html. */
	const char *other_exercises;  /* "Övriga övningar": exercises without a theme */
	const char *files;            /* "Andra filer" */
	const char *sources;          /* "Källfiler" */
	const char *publisher;        /* "Utgivare" */
	const char *created;          /* "Datum" */
	const char *catalogue_link;   /* "Katalog över alla övningar och rapporter (PDF)" */
	const char *website;          /* "Först publicerat på": before the original web address */
	const char *readme_before, *readme_after; /* around the README.txt link */
	const char *made_with;        /* "Skapad med" */
	const char *pages;            /* "sidor" */
	const char *participants_count; /* "deltagare", after a number */
	const char *at_least, *at_most; /* "minst", "högst" */
	const char *sources_text;     /* what the source folder holds, before its link */
	const char *lead_label;       /* "Frågan övningen besvarar" */
	/* Only in the HTML edition's pages. */
	const char *overview;         /* "Alla övningar och rapporter": the link back to index.html */
	const char *navigation;       /* "Navigering": the name of a page's top links */
	const char *pdf_version;      /* "Utskriftsversion": before the link to a page's PDF */
	const char *facts;            /* "Fakta om övningen": the name of the fact box */
	const char *edition;          /* index.html: each document is there as a page and a PDF */
} labels;

/* The table for a BCP 47 language tag ("sv", "sv-SE", "en-GB" ...). */
const labels *labels_for(const char *lang);
/* Whether lang gets the Swedish words (texts written outside this table,
 * such as README.txt, follow the same rule). */
int labels_swedish(const char *lang);

/* "31 januari 2023" / "31 January 2023" from YYYY-MM-DD (anything else as
 * it is), as every cover and page says a date. Caller frees. */
char *labels_date(const labels *l, const char *iso);
/* "1 h 40 min", "45 min". Caller frees. */
char *labels_minutes(const labels *l, int minutes);
/* Appends text[0..len) to out with the English quotation marks cmark's
 * smart punctuation makes (U+201C, U+201D, U+2018) replaced by the
 * language's; returns how many it replaced. */
size_t labels_quotes(const labels *l, const char *text, size_t len, buf *out);

#endif
