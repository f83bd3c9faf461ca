#include "typeset/fontset.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/util.h"

static const char *const face_files[FACE_COUNT] = {
	[FACE_SERIF] = "NotoSerif-Regular.ttf",
	[FACE_SERIF_ITALIC] = "NotoSerif-Italic.ttf",
	[FACE_SERIF_BOLD] = "NotoSerif-Bold.ttf",
	[FACE_SERIF_BOLD_ITALIC] = "NotoSerif-BoldItalic.ttf",
	[FACE_SANS] = "NotoSans-Regular.ttf",
	[FACE_SANS_BOLD] = "NotoSans-Bold.ttf",
	[FACE_MONO] = "NotoSansMono-Regular.ttf",
	[FACE_FALLBACK] = "fallback/NotoSans-Full.ttf",
	[FACE_FALLBACK_SYMBOLS] = "fallback/NotoSansSymbols2-Regular.ttf",
	[FACE_FALLBACK_MATH] = "fallback/NotoSansMath-Regular.ttf",
};

struct fontset {
	char *dir;
	char *paths[FACE_COUNT];
	font *faces[FACE_COUNT];
	int tried[FACE_COUNT]; /* a fallback that failed to open is not retried */
};

static int is_fallback(face_id f)
{
	return f >= FACE_FALLBACK;
}

char *fontset_find_dir(void)
{
	const char *env = getenv("HEJAPACK_FONTS");
	if (env && *env)
		return xstrdup(env);
	/* In a checkout the binary is out/build/hejapack (or out/build-asan/...). */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *bin_dir = fs_dirname(exe);
		char *candidate = fs_join(bin_dir, "../../fonts");
		char *probe = fs_join(candidate, face_files[FACE_SERIF]);
		int found = fs_is_file(probe);
		free(probe);
		free(bin_dir);
		if (found)
			return candidate;
		free(candidate);
	}
	char *installed = xstrdup(HEJAPACK_DATADIR "/fonts");
	char *probe = fs_join(installed, face_files[FACE_SERIF]);
	int found = fs_is_file(probe);
	free(probe);
	if (found)
		return installed;
	free(installed);
	diag(DIAG_FATAL, NULL, 0, 0, "cannot find the fonts directory; set HEJAPACK_FONTS to hejapack's fonts/");
	return NULL;
}

static int open_face(fontset *fs, face_id f)
{
	fs->tried[f] = 1;
	char *err = NULL;
	fs->faces[f] = font_open(fs->paths[f], &err);
	if (!fs->faces[f]) {
		if (!is_fallback(f))
			diag(DIAG_FATAL, NULL, 0, 0, "%s", err ? err : "cannot open font");
		free(err);
		return 0;
	}
	return 1;
}

fontset *fontset_open(const char *dir)
{
	fontset *fs = xcalloc(1, sizeof *fs);
	fs->dir = xstrdup(dir);
	for (int f = 0; f < FACE_COUNT; f++)
		fs->paths[f] = fs_join(dir, face_files[f]);
	for (int f = 0; f < FACE_COUNT; f++) {
		if (is_fallback((face_id)f))
			continue;
		if (!open_face(fs, (face_id)f)) {
			fontset_close(fs);
			return NULL;
		}
	}
	return fs;
}

void fontset_close(fontset *fs)
{
	if (!fs)
		return;
	for (int f = 0; f < FACE_COUNT; f++) {
		font_close(fs->faces[f]);
		free(fs->paths[f]);
	}
	free(fs->dir);
	free(fs);
}

font *fontset_face(fontset *fs, face_id face)
{
	if (!fs->faces[face] && !fs->tried[face])
		open_face(fs, face);
	return fs->faces[face];
}

const char *fontset_path(const fontset *fs, face_id face)
{
	return fs->paths[face];
}

face_id fontset_resolve(fontset *fs, face_id preferred, uint32_t cp)
{
	if (font_has_glyph(fs->faces[preferred], cp))
		return preferred;
	/* Only the BMP can be drawn: libharu maps CID = code point in 16 bits. */
	if (cp > 0xFFFF)
		return FACE_COUNT;
	for (int f = FACE_FALLBACK; f < FACE_COUNT; f++) {
		font *fb = fontset_face(fs, (face_id)f);
		if (fb && font_has_glyph(fb, cp))
			return (face_id)f;
	}
	return FACE_COUNT;
}
