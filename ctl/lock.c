#define _DEFAULT_SOURCE	/* flock */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "util.h"

int ctl_lock_now(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	int err = errno;
	close(fd);
	errno = err;
	return -1;
}

bool ctl_lock_held(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	bool held;
	if (fd < 0)
		return false;
	held = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return held;
}

int stv_lock_domain(const struct stv_ctl_paths *p, const char *name, int timeout_ms,
		    char **why)
{
	char *path = stv_path(p, name, STV_P_LOCK);
	int64_t deadline = ctl_now_ms() + timeout_ms;
	int fd = -1;
	if (!path || ctl_mkdirs(p->runtime, 0755) < 0) {
		*why = stv_asprintf("cannot create %s: %s", p->runtime, strerror(path ? errno : ENOMEM));
		free(path);
		return -1;
	}
	while ((fd = ctl_lock_now(path)) < 0 && errno == EWOULDBLOCK && ctl_left_ms(deadline) > 0)
		ctl_sleep_ms(20);
	if (fd < 0)
		*why = errno == EWOULDBLOCK
			? stv_asprintf("another stv-ctl has held the lock of %s (%s) for %d s; "
				   "try again when it is done", name, path, timeout_ms / 1000)
			: stv_asprintf("cannot lock %s: %s", path, strerror(errno));
	free(path);
	return fd;
}
