/* What the libFuzzer targets share: a scratch directory for the inputs that
 * hejapack reads by path, the fonts opened once, and messages kept out of the
 * fuzzer's output. Not part of hejapack; built only by `make fuzz`.
 */
#ifndef HEJAPACK_FUZZ_COMMON_H
#define HEJAPACK_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "typeset/fontset.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_dir[4096];
static buf fuzz_messages;

static inline void fuzz_remove_scratch(void)
{
	char *cmd = xasprintf("rm -rf '%s'", fuzz_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir);
	free(cmd);
}

/* A fresh scratch directory (under $TMPDIR, else /dev/shm, else /tmp), removed at exit. */
static inline void fuzz_make_scratch(void)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/hejafuzz-XXXXXX", tmp);
	if (!mkdtemp(fuzz_dir)) {
		perror("fuzz: mkdtemp");
		exit(1);
	}
	atexit(fuzz_remove_scratch);
	/* Messages about bad input are the expected outcome, not news. */
	buf_init(&fuzz_messages);
	if (!getenv("HEJAPACK_FUZZ_SHOW")) /* set it to see them when triaging */
		diag_capture(&fuzz_messages);
}

static inline char *fuzz_path(const char *rel)
{
	return xasprintf("%s/%s", fuzz_dir, rel);
}

static inline void fuzz_mkdir(const char *rel)
{
	char *p = fuzz_path(rel);
	mkdir(p, 0755);
	free(p);
}

/* Writes bytes to the scratch file rel; exits on failure (the harness is broken). */
static inline void fuzz_write(const char *rel, const void *data, size_t len)
{
	char *p = fuzz_path(rel);
	FILE *f = fopen(p, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
		perror(p);
		exit(1);
	}
	free(p);
}

/* Copies a file of the checkout (HEJAPACK_SOURCE_DIR is compiled in) into the scratch directory. */
static inline void fuzz_copy(const char *from_checkout, const char *rel)
{
	char *src = xasprintf("%s/%s", HEJAPACK_SOURCE_DIR, from_checkout);
	FILE *f = fopen(src, "rb");
	if (!f) {
		perror(src);
		exit(1);
	}
	buf b;
	buf_init(&b);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	fuzz_write(rel, b.data, b.len);
	buf_free(&b);
	free(src);
}

/* The fonts of the checkout, unless HEJAPACK_FONTS says otherwise. */
static inline fontset *fuzz_fonts(void)
{
	setenv("HEJAPACK_FONTS", HEJAPACK_SOURCE_DIR "/fonts", 0);
	char *dir = fontset_find_dir();
	fontset *fs = dir ? fontset_open(dir) : NULL;
	free(dir);
	if (!fs) {
		fprintf(stderr, "fuzz: cannot open the fonts\n");
		exit(1);
	}
	return fs;
}

/* Forgets the messages and counts of the last input. */
static inline void fuzz_reset(void)
{
	buf_clear(&fuzz_messages);
	diag_reset();
}

#endif
