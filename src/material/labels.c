#include "material/labels.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"

static const labels swedish = {
	.lang = "sv",
	.contents = "Innehåll",
	.page = "sida",
	.page_of = "%d av %d",
	.time = "Tid",
	.participants = "Deltagare",
	.materials = "Material",
	.no_materials = "Inget särskilt",
	.theme = "Tema",
	.audience = "Målgrupp",
	.minutes_abbr = "min",
	.hours_abbr = "h",
	.phases = { "Börja", "Pröva", "Utveckla" },
	.phase_hints = { "Enskilt", "Tillsammans", "Enskilt" },
	.related = "Relaterade övningar",
	.related_docs = "Relaterat material",
	.exercise = "Övning",
	.report = "Rapport",
	.catalogue = "Katalog",
	.exercises = "Övningar",
	.reports = "Rapporter",
	.catalogue_intro = "Här finns alla övningar, ordnade efter tema, och alla rapporter i samlingen. "
			   "Klicka på en titel för att öppna dokumentet; länkarna fungerar utan internet "
			   "när samlingen är uppackad.",
	.version = "Version",
	.published = "Publicerad",
	.abstract = "Sammanfattning",
	.authors = "Författare",
	.license = "Licens",
	.persons = "personer",
	.handout = "Deltagarmaterial",
	.worksheet = "Arbetsblad",
	.name_field = "Namn",
	.step_of = "av %d",
	.group_field = "Grupp",
	.low = "låg",
	.high = "hög",
	/* Swedish sets the same closing mark on both sides. */
	.quote_open = "\xE2\x80\x9D", .quote_close = "\xE2\x80\x9D",
	.squote_open = "\xE2\x80\x99", .squote_close = "\xE2\x80\x99",
	.other_exercises = "Övriga övningar",
	.files = "Andra filer",
	.sources = "Källfiler",
	.publisher = "Utgivare",
	.created = "Datum",
	.catalogue_link = "Katalog över alla övningar och rapporter (PDF)",
	.website = "Först publicerat på",
	.readme_before = "Hur samlingen är ordnad och hur du kontrollerar att inga filer har ändrats står i ",
	.readme_after = " i samlingens huvudmapp.",
	.made_with = "Skapad med",
	.pages = "sidor",
	.participants_count = "deltagare",
	.at_least = "minst",
	.at_most = "högst",
	.sources_text = "Texterna som PDF-filerna är gjorda av (Markdown), bilderna och samlingens beskrivning "
	                "(bundle.yaml) finns i mappen ",
	.lead_label = "Frågan övningen besvarar",
	.overview = "Alla övningar och rapporter",
	.navigation = "Navigering",
	.pdf_version = "Utskriftsversion",
	.facts = "Fakta om övningen",
	.edition = "Varje övning och rapport finns här som webbsida och som PDF-fil för utskrift.",
};

static const labels english = {
	.lang = "en",
	.contents = "Contents",
	.page = "page",
	.page_of = "%d of %d",
	.time = "Time",
	.participants = "Participants",
	.materials = "Materials",
	.no_materials = "Nothing special",
	.theme = "Theme",
	.audience = "Audience",
	.minutes_abbr = "min",
	.hours_abbr = "h",
	.phases = { "Start", "Try", "Develop" },
	.phase_hints = { "On your own", "Together", "On your own" },
	.related = "Related exercises",
	.related_docs = "Related material",
	.exercise = "Exercise",
	.report = "Report",
	.catalogue = "Catalogue",
	.exercises = "Exercises",
	.reports = "Reports",
	.catalogue_intro = "This catalogue lists every exercise, grouped by theme, and every report in the "
			   "collection. Click a title to open the document; the links work offline once the "
			   "collection is unpacked.",
	.version = "Version",
	.published = "Published",
	.abstract = "Summary",
	.authors = "Authors",
	.license = "Licence",
	.persons = "people",
	.handout = "Handout",
	.worksheet = "Worksheet",
	.name_field = "Name",
	.step_of = "of %d",
	.group_field = "Group",
	.low = "low",
	.high = "high",
	.quote_open = "\xE2\x80\x9C", .quote_close = "\xE2\x80\x9D",
	.squote_open = "\xE2\x80\x98", .squote_close = "\xE2\x80\x99",
	.other_exercises = "Other exercises",
	.files = "Other files",
	.sources = "Source files",
	.publisher = "Publisher",
	.created = "Date",
	.catalogue_link = "Catalogue of all exercises and reports (PDF)",
	.website = "First published at",
	.readme_before = "How the collection is organised and how to check that no file has changed is explained in ",
	.readme_after = " in the collection's main folder.",
	.made_with = "Made with",
	.pages = "pages",
	.participants_count = "participants",
	.at_least = "at least",
	.at_most = "at most",
	.sources_text = "The texts the PDF files are made from (Markdown), the images and the description of the "
	                "collection (bundle.yaml) are in the folder ",
	.lead_label = "The question the exercise answers",
	.overview = "All exercises and reports",
	.navigation = "Navigation",
	.pdf_version = "Print version",
	.facts = "About the exercise",
	.edition = "Every exercise and report is here as a web page and as a PDF file for printing.",
};

int labels_swedish(const char *lang)
{
	return lang && strncmp(lang, "sv", 2) == 0 && (lang[2] == '\0' || lang[2] == '-');
}

const labels *labels_for(const char *lang)
{
	return labels_swedish(lang) ? &swedish : &english;
}

static const char *const months_sv[] = { "januari", "februari", "mars",    "april",   "maj",      "juni",
					 "juli",    "augusti",  "september", "oktober", "november", "december" };
static const char *const months_en[] = { "January", "February", "March",     "April",   "May",      "June",
					 "July",    "August",   "September", "October", "November", "December" };

char *labels_date(const labels *l, const char *iso)
{
	if (!iso || strlen(iso) != 10)
		return xstrdup(iso ? iso : "");
	int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
	if (m < 1 || m > 12)
		return xstrdup(iso);
	return xasprintf("%d %s %d", d, strcmp(l->lang, "sv") == 0 ? months_sv[m - 1] : months_en[m - 1], y);
}

char *labels_minutes(const labels *l, int minutes)
{
	int h = minutes / 60, m = minutes % 60;
	if (h && m)
		return xasprintf("%d %s %d %s", h, l->hours_abbr, m, l->minutes_abbr);
	if (h)
		return xasprintf("%d %s", h, l->hours_abbr);
	return xasprintf("%d %s", m, l->minutes_abbr);
}

size_t labels_quotes(const labels *l, const char *text, size_t len, buf *out)
{
	size_t i = 0, from = 0, replaced = 0;
	while (i < len) {
		size_t at = i;
		uint32_t cp = utf8_next(text, len, &i);
		const char *repl = cp == 0x201C ? l->quote_open : cp == 0x201D ? l->quote_close
			: cp == 0x2018 ? l->squote_open : NULL;
		if (!repl)
			continue;
		buf_append(out, text + from, at - from);
		buf_puts(out, repl);
		from = i;
		replaced++;
	}
	buf_append(out, text + from, len - from);
	return replaced;
}
