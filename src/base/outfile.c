#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsutil.h"
#include "base/util.h"

/* The files written since outfile_stage_begin: complete and synced under
 * their temporary names, waiting for outfile_stage_commit. */
typedef struct {
	char *tmp, *final;
} staged_file;

static int staging;
static staged_file *staged;
static size_t nstaged;

static int fsync_dir(const char *path, char **err)
{
	char *dir = fs_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || fsync(fd) != 0) {
		*err = xasprintf("cannot sync directory %s: %s", dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(dir);
		return -1;
	}
	close(fd);
	free(dir);
	return 0;
}

/* Whether path is a plain file of mode 0644 whose bytes are those `same`
 * finds equal, chunk by chunk: a rebuild that changes nothing then writes
 * nothing, and syncs nothing (our own earlier write was synced). */
typedef int (*same_bytes)(void *src, const unsigned char *chunk, size_t n);
enum { CHUNK = 1 << 16 }; /* compared at a time */

static int already_holds(const char *path, off_t len, same_bytes same, void *src)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 07777) != 0644 || st.st_size != len)
		return 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	unsigned char *chunk = xmalloc(CHUNK);
	int equal = 1;
	for (off_t done = 0; equal && done < len;) {
		size_t want = len - done < CHUNK ? (size_t)(len - done) : CHUNK;
		equal = fs_read_all(fd, chunk, want) == 0 && same(src, chunk, want);
		done += (off_t)want;
	}
	free(chunk);
	close(fd);
	return equal;
}

static int same_as_memory(void *src, const unsigned char *chunk, size_t n)
{
	const unsigned char **p = src;
	int equal = memcmp(chunk, *p, n) == 0;
	*p += n;
	return equal;
}

typedef struct {
	int fd;
	unsigned char *buf; /* CHUNK bytes */
} file_source;

static int same_as_file(void *src, const unsigned char *chunk, size_t n)
{
	file_source *f = src;
	return fs_read_all(f->fd, f->buf, n) == 0 && memcmp(chunk, f->buf, n) == 0;
}

int outfile_write(const char *path, const void *data, size_t len, char **err)
{
	const unsigned char *from = data;
	if (already_holds(path, (off_t)len, same_as_memory, &from))
		return 0;

	/* A hidden name in the same directory: rename(2) is atomic only within
	 * one file system, and a half-written file must not look like output. */
	char *dir = fs_dirname(path);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	free(dir);

	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = xasprintf("cannot create a temporary file for %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	const char *step = "write";
	if (fchmod(fd, 0644) != 0) {
		step = "set the mode of";
		goto fail;
	}
	if (fs_write_all(fd, data, len) != 0)
		goto fail;
	if (fsync(fd) != 0) {
		step = "sync";
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		step = "close";
		goto fail;
	}
	fd = -1;
	if (staging) {
		staged = xreallocarray(staged, nstaged + 1, sizeof *staged);
		staged[nstaged++] = (staged_file){ tmp, xstrdup(path) };
		return 0;
	}
	if (rename(tmp, path) != 0) {
		step = "rename a temporary file to";
		goto fail;
	}
	free(tmp);
	return fsync_dir(path, err);

fail:;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	*err = xasprintf("cannot %s %s: %s", step, path, strerror(saved));
	return -1;
}

int outfile_commit(const char *tmp, const char *final, char **err)
{
	int fd = open(tmp, O_RDONLY);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0) {
		file_source f = { fd, xmalloc(CHUNK) };
		int same = already_holds(final, st.st_size, same_as_file, &f);
		free(f.buf);
		if (same) {
			close(fd);
			unlink(tmp);
			return 0;
		}
	}
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0 || fsync(fd) != 0) {
		*err = xasprintf("cannot sync %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (staging) {
		staged = xreallocarray(staged, nstaged + 1, sizeof *staged);
		staged[nstaged++] = (staged_file){ xstrdup(tmp), xstrdup(final) };
		return 0;
	}
	if (rename(tmp, final) != 0) {
		*err = xasprintf("cannot rename %s to %s: %s", tmp, final, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return fsync_dir(final, err);
}

void outfile_stage_begin(void)
{
	outfile_stage_abort();
	staging = 1;
}

void outfile_stage_abort(void)
{
	for (size_t i = 0; i < nstaged; i++) {
		unlink(staged[i].tmp);
		free(staged[i].tmp);
		free(staged[i].final);
	}
	free(staged);
	staged = NULL;
	nstaged = 0;
	staging = 0;
}

/* Puts back what renames 0..n-1 of the set replaced, newest first: the
 * old file from its hard link, or no file where there was none. Returns
 * how many could not be put back. */
static size_t put_back(char *const *kept, size_t n)
{
	size_t failed = 0;
	while (n-- > 0) {
		if (kept[n] ? rename(kept[n], staged[n].final) != 0 : unlink(staged[n].final) != 0)
			failed++;
	}
	return failed;
}

int outfile_stage_commit(char **err)
{
	staging = 0;
	int rc = 0;
	size_t i = 0;
	/* Each old file is kept under a second name (a hard link, which costs
	 * no copy) until the whole set is in place, so that a rename failing
	 * half way through can put the earlier ones back: the set replaces its
	 * old versions together or not at all. */
	char **kept = xcalloc(nstaged ? nstaged : 1, sizeof *kept);
	for (; i < nstaged; i++) {
		char *link_name = xasprintf("%s.was", staged[i].tmp);
		if (link(staged[i].final, link_name) == 0)
			kept[i] = link_name;
		else
			free(link_name); /* no old file (or no hard links here: then it cannot come back) */
		if (rename(staged[i].tmp, staged[i].final) != 0) {
			int e = errno;
			if (kept[i]) {
				unlink(kept[i]);
				free(kept[i]);
				kept[i] = NULL;
			}
			size_t lost = put_back(kept, i);
			*err = lost ? xasprintf("cannot rename a temporary file to %s: %s; %zu of the %zu files renamed "
						"before it could not be put back", staged[i].final, strerror(e), lost, i)
				    : xasprintf("cannot rename a temporary file to %s: %s", staged[i].final, strerror(e));
			rc = -1;
			break;
		}
	}
	/* Each directory once is enough, but a few files per directory make
	 * repeating it cheaper than remembering. */
	for (size_t k = 0; rc == 0 && k < nstaged; k++) {
		char *dir = fs_dirname(staged[k].final);
		int seen = 0;
		for (size_t j = 0; j < k && !seen; j++) {
			char *other = fs_dirname(staged[j].final);
			seen = strcmp(dir, other) == 0;
			free(other);
		}
		free(dir);
		if (!seen && fsync_dir(staged[k].final, err) != 0)
			rc = -1;
	}
	/* What was renamed is in place (or put back); what was not is removed. */
	for (size_t k = 0; k < nstaged; k++) {
		if (k >= i)
			unlink(staged[k].tmp);
		if (kept[k]) {
			unlink(kept[k]);
			free(kept[k]);
		}
		free(staged[k].tmp);
		free(staged[k].final);
	}
	free(kept);
	free(staged);
	staged = NULL;
	nstaged = 0;
	return rc;
}
