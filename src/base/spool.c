#include "base/spool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fsutil.h"
#include "base/util.h"

struct spool {
	int fd;
	size_t size;
	char *dir; /* for messages */
	spool **adopted; /* files whose bytes it names in place, one spool each */
	size_t nadopted;
};

spool *spool_open(const char *dir, char **err)
{
	int e = fs_make_dirs(dir);
	if (e) {
		*err = xasprintf("cannot create %s for the spool: %s", dir, strerror(e));
		return NULL;
	}
	char *path = xasprintf("%s/.spool.XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0) {
		*err = xasprintf("cannot create a spool file in %s: %s", dir, strerror(errno));
		free(path);
		return NULL;
	}
	/* Gone from the directory at once: only the open file remains. */
	unlink(path);
	free(path);
	spool *s = xcalloc(1, sizeof *s);
	s->fd = fd;
	s->dir = xstrdup(dir);
	return s;
}

int spool_put(spool *s, const void *data, size_t len, spool_ref *ref, char **err)
{
	/* pwrite at the known end: a short write cannot shift later bytes. */
	const unsigned char *p = data;
	size_t done = 0;
	while (done < len) {
		ssize_t n = pwrite(s->fd, p + done, len - done, (off_t)(s->size + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = xasprintf("cannot write the spool in %s: %s", s->dir, n < 0 ? strerror(errno) : "no space");
			return -1;
		}
		done += (size_t)n;
	}
	*ref = (spool_ref){ s, s->size, len };
	s->size += len;
	return 0;
}

void spool_adopt(spool *s, int fd, size_t at, size_t len, const char *name, spool_ref *ref)
{
	spool *file = xcalloc(1, sizeof *file);
	file->fd = fd;
	file->size = at + len;
	file->dir = xstrdup(name);
	s->adopted = xreallocarray(s->adopted, s->nadopted + 1, sizeof *s->adopted);
	s->adopted[s->nadopted++] = file;
	*ref = (spool_ref){ file, at, len };
}

int spool_read_part(spool_ref ref, size_t pos, void *out, size_t len, char **err)
{
	unsigned char *p = out;
	size_t done = 0;
	if (pos > ref.len || len > ref.len - pos) {
		*err = xasprintf("a read past the end of spooled bytes in %s", ref.sp->dir);
		return -1;
	}
	while (done < len) {
		ssize_t n = pread(ref.sp->fd, p + done, len - done, (off_t)(ref.offset + pos + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = xasprintf("cannot read back the spool in %s: %s", ref.sp->dir,
					 n < 0 ? strerror(errno) : "it is shorter than written");
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

unsigned char *spool_read(spool_ref ref, char **err)
{
	unsigned char *out = xmalloc(ref.len ? ref.len : 1);
	if (spool_read_part(ref, 0, out, ref.len, err) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

const unsigned char *spool_bytes(const unsigned char *data, spool_ref ref, unsigned char **owned, char **err)
{
	*owned = NULL;
	if (data)
		return data;
	if (!ref.sp)
		return (const unsigned char *)""; /* empty bytes held nowhere */
	*owned = spool_read(ref, err);
	return *owned;
}

const unsigned char *spool_bytes_reported(const unsigned char *data, spool_ref ref, unsigned char **owned)
{
	char *err = NULL;
	const unsigned char *bytes = spool_bytes(data, ref, owned, &err);
	if (!bytes) {
		diag(DIAG_FATAL, NULL, 0, 0, "%s", err);
		free(err);
	}
	return bytes;
}

void spool_close(spool *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nadopted; i++)
		spool_close(s->adopted[i]);
	free(s->adopted);
	close(s->fd);
	free(s->dir);
	free(s);
}
