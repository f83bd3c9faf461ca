#include "base/owned.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/outfile.h"
#include "base/util.h"

static const char header[] = "# Files hejapack wrote here in its last run; the next run removes those it no "
			     "longer writes.\n";

int owned_name_ok(const char *name)
{
	if (!*name || *name == '/')
		return 0;
	for (const char *c = name; *c;) {
		size_t len = strcspn(c, "/");
		if (len == 0 || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f || c[i] == '\\')
				return 0;
		c += len;
		if (*c == '/' && !*++c)
			return 0;
	}
	return 1;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The parents of rel below dir, deepest first, while they are empty. */
static void remove_empty_parents(const char *dir, const char *rel)
{
	char *copy = xstrdup(rel);
	for (char *slash = strrchr(copy, '/'); slash; slash = strrchr(copy, '/')) {
		*slash = '\0';
		char *path = fs_join(dir, copy);
		int gone = rmdir(path) == 0;
		free(path);
		if (!gone)
			break;
	}
	free(copy);
}

/* 1 when rel was a regular file and is gone. */
static int remove_stale(const char *dir, const char *rel)
{
	int gone = 0;
	char *path = fs_join(dir, rel);
	struct stat st;
	/* Only a regular file: a link or directory there is not what we wrote. */
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (unlink(path) == 0) {
			diag(DIAG_NOTE, path, 0, 0, "removed: the last run wrote it, this one does not");
			remove_empty_parents(dir, rel);
			gone = 1;
		} else {
			diag(DIAG_WARNING, path, 0, 0, "cannot remove this file of the last run: %s", strerror(errno));
		}
	}
	free(path);
	return gone;
}

long owned_replace(const char *dir, const char *list_path, char *const *paths, size_t n)
{
	char **wanted = xcalloc(n ? n : 1, sizeof *wanted);
	memcpy(wanted, paths, n * sizeof *wanted);
	qsort(wanted, n, sizeof *wanted, by_string);

	/* The old list is read first and the new one written before anything is
	 * removed: when the write fails (a full disk) nothing is gone, and in a
	 * staged set of outputs (outfile_stage_begin) the list takes its place
	 * with the files it names. */
	char *old = NULL;
	size_t old_len = 0;
	int have_old = fs_slurp(list_path, &old, &old_len) == 0;

	buf text;
	buf_init(&text);
	buf_puts(&text, header);
	for (size_t i = 0; i < n; i++)
		buf_printf(&text, "%s\n", wanted[i]);
	char *err = NULL;
	int rc = outfile_write(list_path, text.data, text.len, &err);
	buf_free(&text);
	if (rc != 0) {
		diag(DIAG_FATAL, NULL, 0, 0, "%s", err);
		free(err);
		free(old);
		free(wanted);
		return -1;
	}

	long removed = 0;
	for (char *line = have_old ? old : NULL; line && *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		const char *key = line;
		if (*line != '#' && owned_name_ok(line) && !bsearch(&key, wanted, n, sizeof *wanted, by_string))
			removed += remove_stale(dir, line);
		line = end ? end + 1 : NULL;
	}
	free(old);
	free(wanted);
	return removed;
}
