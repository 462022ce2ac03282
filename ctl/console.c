#define _DEFAULT_SOURCE	/* cfmakeraw */
#include "console.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl.h"
#include "domain.h"
#include "lock.h"
#include "util.h"

int stv_term_raw(int fd, struct stv_term *t)
{
	struct termios raw;
	t->fd = fd;
	t->raw = false;
	if (!isatty(fd))
		return 0;
	if (tcgetattr(fd, &t->saved) < 0)
		return -1;
	raw = t->saved;
	cfmakeraw(&raw);
	if (tcsetattr(fd, TCSANOW, &raw) < 0)
		return -1;
	t->raw = true;
	return 0;
}

void stv_term_restore(struct stv_term *t)
{
	if (t->raw)
		tcsetattr(t->fd, TCSADRAIN, &t->saved);
	t->raw = false;
}

/* Bytes on their way to one side. */
struct pending {
	char buf[4096];
	size_t len;
};

/* Writes what it can; -1 on an error other than "would block". */
static int flush(int fd, struct pending *p)
{
	ssize_t n = write(fd, p->buf, p->len);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	memmove(p->buf, p->buf + n, p->len - (size_t)n);
	p->len -= (size_t)n;
	return 0;
}

/* Keyboard input: up to Ctrl-], which ends the relay. */
static int take_input(int in, struct pending *to_pty, bool *detach)
{
	ssize_t n = read(in, to_pty->buf, sizeof to_pty->buf);
	if (n <= 0)
		return n == 0 ? 1 : errno == EAGAIN || errno == EINTR ? 0 : -1;
	char *esc = memchr(to_pty->buf, STV_CONSOLE_ESCAPE, (size_t)n);
	to_pty->len = esc ? (size_t)(esc - to_pty->buf) : (size_t)n;
	*detach = esc != NULL;
	return 0;
}

/* The guest's output; 1 when the pty closed (EIO once the master is gone). */
static int take_output(int pty, struct pending *to_out)
{
	ssize_t n = read(pty, to_out->buf, sizeof to_out->buf);
	if (n > 0) {
		to_out->len = (size_t)n;
		return 0;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return n == 0 || errno == EIO ? 1 : -1;
}

enum stv_relay_end stv_console_relay(int in, int out, int pty, int stop_fd)
{
	struct pending to_pty = { .len = 0 }, to_out = { .len = 0 };
	for (;;) {
		struct pollfd p[4] = {
			{ stop_fd, POLLIN, 0 },
			{ to_pty.len ? -1 : in, POLLIN, 0 },
			{ pty, (short)((to_out.len ? 0 : POLLIN) | (to_pty.len ? POLLOUT : 0)), 0 },
			{ to_out.len ? out : -1, POLLOUT, 0 },
		};
		bool detach = false;
		int rc = 0;
		if (poll(p, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			return STV_RELAY_ERROR;
		}
		if (p[0].revents)
			return STV_RELAY_STOPPED;
		if (p[1].revents)
			rc = take_input(in, &to_pty, &detach);
		if (rc == 1)
			return STV_RELAY_INPUT_EOF;
		if (rc == 0 && (p[2].revents & (POLLIN | POLLHUP | POLLERR)) && !to_out.len)
			rc = take_output(pty, &to_out);
		if (rc == 1)
			return STV_RELAY_CLOSED;
		if (rc == 0 && to_pty.len)
			rc = flush(pty, &to_pty);
		if (rc == 0 && to_out.len && (p[3].revents & POLLOUT))
			rc = flush(out, &to_out);
		if (rc < 0)
			return STV_RELAY_ERROR;
		if (detach)
			return STV_RELAY_DETACHED;
	}
}

/* The pty from the monitor, cached in RUNDIR/console; NULL with *why. */
static char *ask_monitor(struct stv_ctl *c, const char *name, char **why)
{
	struct stv_qmp *q;
	char *pty = NULL;
	if (stv_run_monitor(&c->paths, name, c->set.qmp_ms, &q, why) == STV_QMP_OK &&
	    stv_qmp_query_pty(q, &pty, why) == STV_QMP_OK && pty)
		stv_run_write(&c->paths, name, STV_P_CONSOLE, pty);
	stv_qmp_close(q);
	return pty;
}

char *stv_ctl_console_path(struct stv_ctl *c, const char *name, char **why)
{
	char *path = stv_run_read(&c->paths, name, STV_P_CONSOLE), *ignored = NULL;
	if (path && !stv_qmp_pty_path_ok(path)) {
		free(path);
		path = NULL;
	}
	if (!path)
		path = ask_monitor(c, name, why ? why : &ignored);
	free(ignored);
	return path;
}

/* The pty opened for the relay, in raw mode (StratoVirt sets it so too). */
static int open_pty(const char *path, struct stv_ctl_result *r)
{
	struct stv_term t;
	struct stat st;
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		stv_ctl_fail(r, "cannot open the console %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || stv_term_raw(fd, &t) < 0 || !t.raw) {
		stv_ctl_fail(r, "%s is not a usable pty", path);
		close(fd);
		return -1;
	}
	return fd;
}

int stv_ctl_console_open(struct stv_ctl *c, const char *name, int *lock,
			 struct stv_ctl_result *r)
{
	struct stv_run run;
	char *pty, *why = NULL, *cache;
	int fd = -1;
	*lock = -1;
	if (stv_ctl_check_name(name, r) < 0)
		return -1;
	stv_run_probe(&c->paths, name, c->set.qmp_ms, &run);
	if (!run.alive)
		return stv_ctl_fail(r, stv_ctl_defined(c, name) ? "%s is not running"
							   : "no domain named %s is running", name);
	pty = stv_ctl_console_path(c, name, &why);
	if (!pty && why)
		stv_ctl_fail(r, "the console of %s is not known: %s", name, why);
	else if (!pty)
		stv_ctl_fail(r, "%s has no pty console; add <console type='pty'/> to its "
			     "definition and start it again", name);
	/* One console at a time, as virsh: a second would steal the input. */
	cache = pty ? stv_path(&c->paths, name, STV_P_CONSOLE) : NULL;
	if (cache && (*lock = ctl_lock_now(cache)) < 0)
		stv_ctl_fail(r, errno == EWOULDBLOCK ? "another console is attached to %s"
						     : "cannot lock the console of %s", name);
	if (*lock >= 0 && (fd = open_pty(pty, r)) < 0) {
		close(*lock);
		*lock = -1;
	}
	free(cache);
	free(pty);
	free(why);
	return fd;
}
