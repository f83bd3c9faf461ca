/* hejapack: the command line. Parses arguments and hands over to release.c
 * (build, pdf, check, list) and verify.c / bundlediff.c (verify, diff). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/image.h"
#include "base/util.h"
#include "bundle/bundlediff.h"
#include "bundle/verify.h"
#include "cli/release.h"

typedef struct {
	const char *name;
	const char *usage;
	const char *help;
	const char *options; /* the options this command takes, space-separated */
} command_help;

static const command_help commands[] = {
	{ "build", "hejapack build [-C MATERIAL_DIR] [-o OUT_DIR] [--paper A4|A5|Letter] [--version VERSION]\n"
	  "                [--previous OLD.zip] [--handouts] [--print-shop] [--sip] [-j N] [--no-cache]\n"
	  "                [--shard K/N]",
	  "Typesets every document of the material and writes the release bundle\n"
	  "OUT_DIR/<id>-<version>.zip (a BagIt bag), OUT_DIR/<id>-<version>.zip.sha256\n"
	  "and the PDFs under OUT_DIR/pdf/, removing there the PDFs the last build\n"
	  "wrote and this one does not. A bundle built with other settings is named\n"
	  "for them: <id>-<version>-a5.zip, -handouts, -print, or -a5-handouts-print.\n"
	  "  -C DIR           the material directory (default: material)\n"
	  "  -o DIR           the output directory (default: out)\n"
	  "  --paper SIZE     A4 (default), A5 or Letter\n"
	  "  --version V      release version instead of bundle.yaml's (semver or YYYY.N)\n"
	  "  --previous OLD.zip  compare with the previous release: fail when a\n"
	  "                   document's source changed but its version did not, and\n"
	  "                   put the list of changes into README.txt and manifest.json\n"
	  "  --handouts       also a workshop handout per exercise, data/handouts/<id>.pdf:\n"
	  "                   the exercise in larger type and its worksheets (also on\n"
	  "                   with 'handouts: true' in bundle.yaml)\n"
	  "  --print-shop     every PDF for a print shop: 3 mm bleed, crop marks, trim\n"
	  "                   and bleed boxes, CMYK colours (these PDFs are not PDF/A)\n"
	  "  --sip            also the bundle's name with -sip.zip (and .sha256): the\n"
	  "                   same files as an e-archive submission package, E-ARK\n"
	  "                   CSIP/SIP 2.1 with METS.xml and PREMIS (FGS Paketstruktur 2.0)\n"
	  "  -j N             typeset in N worker processes (default: one per processor;\n"
	  "                   1: none); the output is the same for every N\n"
	  "  --no-cache       typeset everything anew: neither read nor write OUT_DIR/cache/,\n"
	  "                   where each finished PDF is kept under the hash of all that\n"
	  "                   made it, so a build after an edit typesets only what changed\n"
	  "  --shard K/N      typeset only the Kth of every N jobs into OUT_DIR/cache/ and\n"
	  "                   write nothing else: N machines each run one shard, their\n"
	  "                   caches are merged into one, and a build without --shard\n"
	  "                   finds every PDF there and packs the bundle (README)\n"
	  "The bundle's date is SOURCE_DATE_EPOCH when set, else the newest 'updated'\n"
	  "date in the material.\n",
	  "-C -o --paper --version --previous --handouts --print-shop --sip -j --no-cache --shard" },
	{ "pdf", "hejapack pdf FILE.md [-o FILE.pdf] [--paper A4|A5|Letter] [--dump FILE] [--handouts]\n"
	  "                [--print-shop | --booklet]",
	  "Typesets one Markdown document. A file in a material directory\n"
	  "(exercises/ or reports/ beside bundle.yaml) is set with the material's\n"
	  "metadata; any other file is set as a plain document (front matter optional).\n"
	  "  -o FILE          output file (default: FILE.pdf beside the input; with the\n"
	  "                   options below FILE-handout.pdf, FILE-booklet.pdf, FILE-print.pdf)\n"
	  "  --paper SIZE     A4 (default), A5 or Letter\n"
	  "  --dump FILE      also write the display list as text (for debugging)\n"
	  "  --handouts       an exercise's workshop handout instead: the exercise in\n"
	  "                   larger type and its worksheets\n"
	  "  --print-shop     for a print shop: 3 mm bleed, crop marks, trim and bleed\n"
	  "                   boxes, CMYK colours (not PDF/A)\n"
	  "  --booklet        A5 pages two-up on A4 sheets in folding order, blank pages\n"
	  "                   added to a multiple of four: print on both sides, flipping\n"
	  "                   on the short edge, fold and staple (sets --paper A5)\n",
	  "-o --paper --dump --handouts --print-shop --booklet" },
	{ "check", "hejapack check [-C MATERIAL_DIR]",
	  "Validates the material without writing anything: front matter schema,\n"
	  "references between documents, images and links. Reports every problem as\n"
	  "FILE:LINE:COL: error: message, and warns when bundle.yaml names no e-mail\n"
	  "contact or a licence without a known SPDX id and address.\n"
	  "  -C DIR           the material directory (default: material)\n",
	  "-C" },
	{ "list", "hejapack list [-C MATERIAL_DIR]",
	  "Prints one tab-separated line per document: type, id, version, updated,\n"
	  "details and title.\n"
	  "  -C DIR           the material directory (default: material)\n",
	  "-C" },
	{ "verify", "hejapack verify BUNDLE.zip|DIR",
	  "Checks a release bundle (the ZIP or an unpacked copy): its structure,\n"
	  "every checksum, manifest.json, and that no entry is unsafe; for a ZIP also\n"
	  "BUNDLE.zip.sha256 when it lies beside it. Prints each problem, then which\n"
	  "checks ran (and whether a .zip.sha256 was there), then a summary.\n"
	  "Exit 0 when intact, 1 when not, 3 when the bundle could not be read.\n",
	  "" },
	{ "diff", "hejapack diff OLD.zip NEW.zip",
	  "Lists the documents added, removed and changed between two bundles.\n"
	  "Exit 0 on success, 1 when a file is not a bundle, 3 when one cannot be read.\n",
	  "" },
};

#define NCOMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *out)
{
	fprintf(out, "usage: hejapack [-q|-v] COMMAND [OPTIONS]\n\n"
		     "Turns a library of Markdown exercises and reports into typeset PDFs and a\n"
		     "verifiable release bundle.\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %s\n", commands[i].usage);
	fprintf(out, "\nOptions for every command:\n"
		     "  -q, --quiet      print errors only\n"
		     "  -v, --verbose    print notes as well\n"
		     "  -h, --help       help (hejapack COMMAND --help for a command)\n"
		     "  --version        print the version (before the command)\n\n"
		     "Exit status: 0 success, 1 the input has errors, 2 usage error,\n"
		     "3 input/output or system failure.\n");
}

static const command_help *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int usage_error(const command_help *c, const char *fmt, const char *arg)
{
	fprintf(stderr, "hejapack: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: %s\n", c ? c->usage : "hejapack [-q|-v] COMMAND [OPTIONS]");
	return EXIT_USAGE;
}

/* Whether command c takes option name. */
static int takes_option(const command_help *c, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = c->options; (p = strstr(p, name)); p += len)
		if ((p == c->options || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
			return 1;
	return 0;
}

static int is_value_option(const char *a)
{
	static const char *const with_value[] = { "-C", "-o", "--paper", "--version", "--previous", "--dump", "-j",
						  "--shard" };
	for (size_t i = 0; i < sizeof with_value / sizeof *with_value; i++)
		if (strcmp(a, with_value[i]) == 0)
			return 1;
	return 0;
}

/* Takes the value of an option that needs one. */
static const char *option_value(int argc, char **argv, int *i, const command_help *c)
{
	if (*i + 1 >= argc) {
		usage_error(c, "option %s needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

/* -j N: 1 when valid (opt set), else 0 after a usage message. */
static int parse_workers(const command_help *cmd, const char *v, release_options *opt)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 1 || n > 64) {
		usage_error(cmd, "-j takes a number of worker processes from 1 to 64, not '%s'", v);
		return 0;
	}
	opt->workers = (int)n;
	return 1;
}

/* --shard K/N with 1 <= K <= N <= 1000. */
static int parse_shard(const command_help *cmd, const char *v, release_options *opt)
{
	char *slash, *end;
	long k = strtol(v, &slash, 10), n = *slash == '/' ? strtol(slash + 1, &end, 10) : 0;
	if (slash == v || *slash != '/' || end == slash + 1 || *end || k < 1 || n < 1 || k > n || n > 1000) {
		usage_error(cmd, "--shard takes K/N, this shard's number K of N shards (1 <= K <= N <= 1000), not '%s'", v);
		return 0;
	}
	opt->shard = (int)k - 1;
	opt->shards = (int)n;
	return 1;
}

int main(int argc, char **argv)
{
	tune_allocator();

	release_options opt = { .material_dir = "material", .out_dir = "out" };
	const command_help *cmd = NULL;
	const char *positional[3] = { 0 };
	int npositional = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			diag_set_verbosity(-1);
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			diag_set_verbosity(1);
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			if (cmd)
				printf("usage: %s\n\n%s", cmd->usage, cmd->help);
			else
				usage(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "--version") == 0 && !cmd) {
			printf("hejapack %s\n", HEJAPACK_VERSION);
			return EXIT_OK;
		} else if (!cmd) {
			if (a[0] == '-')
				return usage_error(NULL, "unknown option '%s'", a);
			cmd = find_command(a);
			if (!cmd)
				return usage_error(NULL, "unknown command '%s'", a);
		} else if (strncmp(a, "-j", 2) == 0 && a[2] && takes_option(cmd, "-j")) {
			if (!parse_workers(cmd, a + 2, &opt)) /* -j4, as make takes it */
				return EXIT_USAGE;
		} else if (a[0] == '-' && a[1] && !takes_option(cmd, a)) {
			return usage_error(cmd, "option '%s' is not one this command takes", a);
		} else if (strcmp(a, "--handouts") == 0) {
			opt.handouts = 1;
		} else if (strcmp(a, "--print-shop") == 0) {
			opt.print_shop = 1;
		} else if (strcmp(a, "--sip") == 0) {
			opt.sip = 1;
		} else if (strcmp(a, "--no-cache") == 0) {
			opt.no_cache = 1;
		} else if (strcmp(a, "--booklet") == 0) {
			opt.booklet = 1;
		} else if (is_value_option(a)) {
			const char *v = option_value(argc, argv, &i, cmd);
			if (!v)
				return EXIT_USAGE;
			if (strcmp(a, "-C") == 0)
				opt.material_dir = v;
			else if (strcmp(a, "-o") == 0)
				opt.out_dir = opt.output = v;
			else if (strcmp(a, "--paper") == 0)
				opt.paper = v;
			else if (strcmp(a, "--version") == 0)
				opt.version = v;
			else if (strcmp(a, "--previous") == 0)
				opt.previous = v;
			else if (strcmp(a, "-j") == 0) {
				if (!parse_workers(cmd, v, &opt))
					return EXIT_USAGE;
			} else if (strcmp(a, "--shard") == 0) {
				if (!parse_shard(cmd, v, &opt))
					return EXIT_USAGE;
			} else
				opt.dump = v;
		} else if (a[0] == '-' && a[1]) {
			return usage_error(cmd, "unknown option '%s'", a);
		} else if (npositional < 3) {
			positional[npositional++] = a;
		} else {
			return usage_error(cmd, "unexpected argument '%s'", a);
		}
	}
	if (!cmd) {
		usage(stderr);
		return EXIT_USAGE;
	}

	const char *name = cmd->name;
	int wants = strcmp(name, "pdf") == 0 || strcmp(name, "verify") == 0 ? 1 : strcmp(name, "diff") == 0 ? 2 : 0;
	if (npositional != wants)
		return usage_error(cmd, npositional < wants ? "missing argument%s" : "unexpected argument '%s'",
				   npositional < wants ? "" : positional[wants]);

	if (opt.shards && (opt.no_cache || opt.previous || opt.sip))
		return usage_error(cmd, "--shard only fills OUT_DIR/cache/: it cannot go with %s",
				   opt.no_cache ? "--no-cache" : opt.previous ? "--previous" : "--sip");
	int status;
	if (strcmp(name, "build") == 0) {
		opt.output = NULL;
		status = release_build(&opt);
	} else if (strcmp(name, "pdf") == 0) {
		opt.input = positional[0];
		status = release_pdf(&opt);
	} else if (strcmp(name, "check") == 0) {
		status = release_check(&opt);
	} else if (strcmp(name, "list") == 0) {
		status = release_list(&opt);
	} else if (strcmp(name, "verify") == 0) {
		status = verify_bundle(positional[0], stdout);
	} else {
		status = bundle_diff(positional[0], positional[1], stdout);
	}
	image_forget_checked();
	/* Messages may have asked for a worse status than the command returned. */
	int worst = diag_exit_status();
	return status ? status : worst;
}
