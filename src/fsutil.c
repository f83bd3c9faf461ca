#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "util.h"

char *fs_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag(DIAG_FATAL, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	buf b;
	buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > FS_MAX_INPUT) {
			diag(DIAG_FATAL, path, 0, 0, "file larger than %u MiB; refusing to read it",
			     FS_MAX_INPUT / (1024 * 1024));
			fclose(f);
			buf_free(&b);
			return NULL;
		}
		buf_append(&b, chunk, n);
	}
	if (ferror(f)) {
		diag(DIAG_FATAL, path, 0, 0, "read error: %s", strerror(errno));
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	return buf_detach(&b, len);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls > lx && strcmp(s + ls - lx, suffix) == 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t fs_list_dir(const char *dir, const char *suffix, int missing_ok, char ***names)
{
	*names = NULL;
	DIR *d = opendir(dir);
	if (!d) {
		if (missing_ok && errno == ENOENT)
			return 0;
		diag(DIAG_FATAL, dir, 0, 0, "cannot read directory: %s", strerror(errno));
		return (size_t)-1;
	}
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, suffix))
			continue;
		char *full = fs_join(dir, e->d_name);
		int regular = fs_is_file(full);
		free(full);
		if (!regular)
			continue;
		*names = xreallocarray(*names, n + 1, sizeof **names);
		(*names)[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	/* readdir order depends on the file system; output must not. */
	if (n)
		qsort(*names, n, sizeof **names, compare_names);
	return n;
}

void fs_free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

char *fs_join(const char *dir, const char *name)
{
	size_t ld = strlen(dir);
	if (ld == 0)
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[ld - 1] == '/' ? "" : "/", name);
}

int fs_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *fs_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *fs_normalize_relative(const char *path)
{
	if (!*path || *path == '/')
		return NULL;
	char **parts = NULL;
	size_t n = 0;
	const char *p = path;
	char *result = NULL;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (!n)
				goto out;
			free(parts[--n]);
		} else if (len && !(len == 1 && p[0] == '.')) {
			parts = xreallocarray(parts, n + 1, sizeof *parts);
			parts[n++] = xstrndup(p, len);
		}
		p += len + (end ? 1 : 0);
	}
	if (!n)
		goto out;
	buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, '/');
		buf_puts(&b, parts[i]);
	}
	result = buf_detach(&b, NULL);
out:
	fs_free_list(parts, n);
	return result;
}
