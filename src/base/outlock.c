#include "base/outlock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsutil.h"
#include "base/util.h"

int outlock_take(const char *dir, int wait, char **err)
{
	char *where = NULL;
	int e = fs_make_dirs_at(dir, &where);
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
