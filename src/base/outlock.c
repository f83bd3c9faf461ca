#include "base/outlock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* mkdir -p; 0 or an errno value, with the directory that failed in *where. */
static int make_dirs(const char *dir, char **where)
{
	char *p = xstrdup(dir);
	size_t len = strlen(p);
	for (size_t i = 1; i <= len; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char saved = p[i];
		p[i] = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			int e = errno;
			*where = p;
			return e;
		}
		p[i] = saved;
	}
	free(p);
	return 0;
}

int outlock_take(const char *dir, int wait, char **err)
{
	char *where = NULL;
	int e = make_dirs(dir, &where);
	if (e) {
		*err = xasprintf("cannot create directory %s: %s", where, strerror(e));
		free(where);
		return OUTLOCK_FAILED;
	}
	char *path = xasprintf("%s/%s", dir, OUTLOCK_NAME);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		*err = xasprintf("cannot write in %s: %s", dir, strerror(errno));
		free(path);
		return OUTLOCK_FAILED;
	}
	int rc;
	while ((rc = flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
		;
	if (rc == 0) {
		free(path);
		return fd;
	}
	int busy = errno == EWOULDBLOCK;
	if (!busy)
		*err = xasprintf("cannot lock %s: %s", path, strerror(errno));
	close(fd);
	free(path);
	return busy ? OUTLOCK_BUSY : OUTLOCK_FAILED;
}

void outlock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
