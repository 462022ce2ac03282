/*
 * Atomic replacement of an output file (-o FILE): the new contents go to a
 * temporary file in the same directory (rename is only atomic within one
 * file system), are flushed to disk, get their mode, and are renamed over
 * the target.  A reader sees the old file or the new one, never a part;
 * on any failure the old file is untouched and the temporary is removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../compiler/values.h"
#include "emit.h"

/* "DIR/.BASE.XXXXXX" next to path, for mkstemp. */
static char *temp_template(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dirlen;

	return stv_asprintf("%.*s.%s.XXXXXX", (int)dirlen, path, base);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Makes the rename itself durable; a failure here loses nothing. */
static void sync_dir(const char *path)
{
	char *dir = stv_parent_dir(path);
	int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int stv_write_atomic(const char *path, const char *data, size_t len, int mode)
{
	char *tmp = NULL;
	int fd = -1, err = 0;

	if (!path || !*path || path[strlen(path) - 1] == '/') {
		errno = EINVAL;
		return -1;
	}
	tmp = temp_template(path);
	if (!tmp) {
		errno = ENOMEM;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = errno;
		goto fail_nofile;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, (mode_t)mode) < 0 || fsync(fd) < 0) {
		err = errno;
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		err = errno;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		err = errno;
		goto fail;
	}
	free(tmp);
	sync_dir(path);
	return 0;

fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
fail_nofile:
	free(tmp);
	errno = err;
	return -1;
}
