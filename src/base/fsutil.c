#include "base/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"

int fs_slurp(const char *path, char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	struct stat st;
	int e = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : !S_ISREG(st.st_mode) ? EINVAL : 0;
	if (e) {
		close(fd);
		return e;
	}
	buf b;
	buf_init(&b);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		e = n < 0 ? errno : b.len + (size_t)n > FS_MAX_INPUT ? EFBIG : 0;
		if (e) {
			close(fd);
			buf_free(&b);
			return e;
		}
		if (n == 0)
			break;
		buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	/* Sources stay in memory for the whole run (they go into the bundle as
	 * typeset): no doubling slack for each of a large library's files. */
	size_t n;
	char *bytes = buf_detach(&b, &n);
	*data = xrealloc(bytes, n + 1);
	*len = n;
	return 0;
}

char *fs_read_file(const char *path, size_t *len)
{
	char *data;
	int e = fs_slurp(path, &data, len);
	/* Too large is the input's fault, not the machine's. */
	if (e == EFBIG)
		diag(DIAG_ERROR, path, 0, 0, "file larger than %u MiB; refusing to read it",
		     FS_MAX_INPUT / (1024 * 1024));
	else if (e)
		diag(DIAG_FATAL, path, 0, 0, "cannot read: %s", strerror(e));
	return data;
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

int fs_read_all(int fd, void *out, size_t len)
{
	unsigned char *p = out;
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_make_dirs(const char *path)
{
	return fs_make_dirs_at(path, NULL);
}

int fs_make_dirs_at(const char *path, char **failed)
{
	if (failed)
		*failed = NULL;
	if (!*path)
		return ENOENT;
	char *p = xstrdup(path);
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char saved = *s;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			int e = errno;
			if (failed)
				*failed = p;
			else
				free(p);
			return e;
		}
		*s = saved;
		if (!saved)
			break;
	}
	free(p);
	struct stat st;
	int e = stat(path, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	if (e && failed)
		*failed = xstrdup(path);
	return e;
}
