#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int64_t ctl_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ctl_left_ms(int64_t deadline)
{
	int64_t left = deadline - ctl_now_ms();
	return left < 0 ? 0 : left > 86400000 ? 86400000 : (int)left;
}

void ctl_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

char *ctl_printable(const char *s, size_t len, size_t max)
{
	size_t n = len < max ? len : max;
	char *o = malloc(n + 1);
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		o[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	o[n] = '\0';
	return o;
}

static int close_fail(int fd, char *buf, int err)
{
	free(buf);
	close(fd);
	errno = err;
	return -1;
}

int ctl_read_file(const char *path, size_t max, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	char *buf;
	size_t n = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		return close_fail(fd, NULL, errno);
	if (!S_ISREG(st.st_mode))
		return close_fail(fd, NULL, EINVAL);
	buf = malloc(max + 1);
	if (!buf)
		return close_fail(fd, NULL, ENOMEM);
	/* One byte past max tells a file that is too large. */
	for (;;) {
		ssize_t r = read(fd, buf + n, max + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return close_fail(fd, buf, errno);
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max)
			return close_fail(fd, buf, EFBIG);
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

int ctl_parse_seconds(const char *s, int *ms)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 86400)
		return -1;
	*ms = (int)(v * 1000 + 0.5);
	if (*ms == 0)
		*ms = 1;
	return 0;
}
