/*
 * The socket is non-blocking and every wait is a poll() bounded by the
 * exchange's deadline, so a silent monitor costs at most timeout_ms.  The
 * read buffer holds one line of at most STV_QMP_LINE_MAX bytes; a longer
 * line is refused rather than grown, so a hostile reply costs at most that.
 */
#define _GNU_SOURCE	/* struct ucred, SO_PEERCRED */
#include "qmp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "util.h"

/* How much of an emulator's error message is shown. */
#define DESC_MAX 300

struct stv_qmp {
	int fd;
	int timeout_ms;
	pid_t peer;
	size_t start, len;	/* unread bytes: buf[start, len) */
	char buf[STV_QMP_LINE_MAX];
};

static int say(char **why, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int say(char **why, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(*why);
	*why = stv_vasprintf(fmt, ap);
	va_end(ap);
	return rc;
}

static pid_t peer_pid(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || len != sizeof cred)
		return 0;
	return cred.pid;
}

int stv_qmp_attach(int fd, int timeout_ms, struct stv_qmp **out, char **why)
{
	struct stv_qmp *q = malloc(sizeof *q);
	int flags = fcntl(fd, F_GETFL);
	*out = NULL;
	if (!q || flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		int err = q ? errno : ENOMEM;
		free(q);
		close(fd);
		return say(why, STV_QMP_FAILED, "cannot set up the monitor connection: %s",
			   strerror(err));
	}
	q->fd = fd;
	q->timeout_ms = timeout_ms;
	q->peer = peer_pid(fd);
	q->start = q->len = 0;
	*out = q;
	return STV_QMP_OK;
}

/* connect(); EAGAIN means the listener's backlog is full: wait for room. */
static int connect_until(int fd, const struct sockaddr_un *sa, int64_t deadline,
			 const char *path, char **why)
{
	for (;;) {
		if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == 0)
			return STV_QMP_OK;
		if (errno == ENOENT || errno == ECONNREFUSED || errno == ENOTDIR)
			return say(why, STV_QMP_ABSENT, "no monitor listens on %s", path);
		if (errno != EAGAIN && errno != EINTR)
			return say(why, STV_QMP_FAILED, "cannot connect to %s: %s", path,
				   strerror(errno));
		if (ctl_left_ms(deadline) == 0)
			return say(why, STV_QMP_BUSY, "the monitor %s accepts no connection", path);
		ctl_sleep_ms(10);
	}
}

int stv_qmp_open(const char *path, int timeout_ms, struct stv_qmp **out, char **why)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int64_t deadline = ctl_now_ms() + timeout_ms;
	int fd, rc;
	*out = NULL;
	if (strlen(path) >= sizeof sa.sun_path)
		return say(why, STV_QMP_FAILED, "the monitor path %s is longer than %zu bytes",
			   path, sizeof sa.sun_path - 1);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return say(why, STV_QMP_FAILED, "socket: %s", strerror(errno));
	rc = connect_until(fd, &sa, deadline, path, why);
	if (rc != STV_QMP_OK) {
		close(fd);
		return rc;
	}
	return stv_qmp_attach(fd, timeout_ms, out, why);
}

void stv_qmp_close(struct stv_qmp *q)
{
	if (!q)
		return;
	close(q->fd);
	free(q);
}

pid_t stv_qmp_peer(const struct stv_qmp *q)
{
	return q->peer;
}

static int wait_fd(struct stv_qmp *q, short events, int64_t deadline, char **why)
{
	struct pollfd p = { q->fd, events, 0 };
	for (;;) {
		int n = poll(&p, 1, ctl_left_ms(deadline));
		if (n > 0)
			return STV_QMP_OK;
		if (n == 0)
			return say(why, STV_QMP_BUSY,
				   "the monitor did not answer within %d ms (another client "
				   "holds it, or the emulator is wedged)", q->timeout_ms);
		if (errno != EINTR)
			return say(why, STV_QMP_FAILED, "poll: %s", strerror(errno));
	}
}

static int send_all(struct stv_qmp *q, const char *s, size_t n, int64_t deadline, char **why)
{
	while (n > 0) {
		ssize_t w = send(q->fd, s, n, MSG_NOSIGNAL);
		if (w >= 0) {
			s += w;
			n -= (size_t)w;
			continue;
		}
		if (errno == EPIPE || errno == ECONNRESET)
			return say(why, STV_QMP_CLOSED, "the emulator closed the monitor connection");
		if (errno != EAGAIN && errno != EINTR)
			return say(why, STV_QMP_FAILED, "cannot write to the monitor: %s",
				   strerror(errno));
		int rc = wait_fd(q, POLLOUT, deadline, why);
		if (rc != STV_QMP_OK)
			return rc;
	}
	return STV_QMP_OK;
}

/* Reads more bytes; CLOSED at the end of a stream that ended a line. */
static int fill(struct stv_qmp *q, int64_t deadline, char **why)
{
	if (q->start > 0) {
		memmove(q->buf, q->buf + q->start, q->len - q->start);
		q->len -= q->start;
		q->start = 0;
	}
	if (q->len == sizeof q->buf)
		return say(why, STV_QMP_BAD, "a monitor message is longer than %d bytes",
			   STV_QMP_LINE_MAX);
	for (;;) {
		ssize_t r = read(q->fd, q->buf + q->len, sizeof q->buf - q->len);
		if (r > 0) {
			q->len += (size_t)r;
			return STV_QMP_OK;
		}
		if (r == 0 || errno == ECONNRESET)
			return q->len > 0
				? say(why, STV_QMP_BAD, "the monitor closed the connection "
				      "in the middle of a message")
				: say(why, STV_QMP_CLOSED, "the emulator closed the monitor connection");
		if (errno != EAGAIN && errno != EINTR)
			return say(why, STV_QMP_FAILED, "cannot read from the monitor: %s",
				   strerror(errno));
		int rc = wait_fd(q, POLLIN, deadline, why);
		if (rc != STV_QMP_OK)
			return rc;
	}
}

/* The next non-empty line, without its "\r\n" or "\n". */
static int read_line(struct stv_qmp *q, int64_t deadline, const char **line, size_t *n,
		     char **why)
{
	for (;;) {
		char *s = q->buf + q->start;
		char *nl = memchr(s, '\n', q->len - q->start);
		if (nl) {
			size_t len = (size_t)(nl - s);
			q->start += len + 1;
			if (len > 0 && s[len - 1] == '\r')
				len--;
			if (len == 0)
				continue;
			*line = s;
			*n = len;
			return STV_QMP_OK;
		}
		int rc = fill(q, deadline, why);
		if (rc != STV_QMP_OK)
			return rc;
	}
}

/* The next message, which must be a JSON object. */
static int read_message(struct stv_qmp *q, int64_t deadline, struct stv_json **msg,
			char **why)
{
	const char *line, *err;
	size_t n;
	int rc = read_line(q, deadline, &line, &n, why);
	*msg = NULL;
	if (rc != STV_QMP_OK)
		return rc;
	*msg = stv_json_parse(line, n, &err);
	if (!*msg)
		return err ? say(why, STV_QMP_BAD, "the monitor sent something that is not "
				 "JSON (%s)", err)
			   : say(why, STV_QMP_FAILED, "out of memory");
	if ((*msg)->type != STV_JSON_OBJECT) {
		stv_json_free(*msg);
		*msg = NULL;
		return say(why, STV_QMP_BAD, "the monitor sent JSON that is not an object");
	}
	return STV_QMP_OK;
}

/* {"error":{"class":C,"desc":D}}: REFUSED with D (or C), shown safely. */
static int error_reply(const struct stv_json *error, const char *command, char **why)
{
	const char *desc = stv_json_str(stv_json_get(error, "desc"));
	const char *cls = stv_json_str(stv_json_get(error, "class"));
	const char *text = desc ? desc : cls;
	char *safe;
	if (!text)
		return say(why, STV_QMP_BAD, "the monitor refused %s with a malformed error",
			   command);
	safe = ctl_printable(text, strlen(text), DESC_MAX);
	if (!safe)
		return say(why, STV_QMP_FAILED, "out of memory");
	say(why, STV_QMP_REFUSED, "%s", safe);
	free(safe);
	return STV_QMP_REFUSED;
}

static bool command_ok(const char *c)
{
	if (!*c || strlen(c) > 64)
		return false;
	for (; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || *c == '_' || *c == '-'))
			return false;
	return true;
}

int stv_qmp_execute(struct stv_qmp *q, const char *command, struct stv_json **reply,
		    char **why)
{
	int64_t deadline = ctl_now_ms() + q->timeout_ms;
	char line[96];
	int rc;
	*reply = NULL;
	if (!command_ok(command))
		return say(why, STV_QMP_FAILED, "not a QMP command name: %s", command);
	snprintf(line, sizeof line, "{\"execute\":\"%s\"}\n", command);
	rc = send_all(q, line, strlen(line), deadline, why);
	while (rc == STV_QMP_OK) {
		struct stv_json *msg;
		const struct stv_json *error;
		rc = read_message(q, deadline, &msg, why);
		if (rc != STV_QMP_OK)
			break;
		if (stv_json_get(msg, "return")) {
			*reply = msg;
			return STV_QMP_OK;
		}
		error = stv_json_get(msg, "error");
		if (error) {
			rc = error_reply(error, command, why);
		} else if (!stv_json_get(msg, "event")) {
			rc = say(why, STV_QMP_BAD, "the monitor answered %s with neither "
				 "a return, an error nor an event", command);
		}
		stv_json_free(msg);
	}
	return rc;
}

int stv_qmp_handshake(struct stv_qmp *q, char **why)
{
	int64_t deadline = ctl_now_ms() + q->timeout_ms;
	struct stv_json *msg;
	int rc = read_message(q, deadline, &msg, why);
	if (rc == STV_QMP_BUSY)
		return say(why, STV_QMP_BUSY, "the monitor sent no greeting within %d ms "
			   "(another client holds it, or the emulator is wedged)", q->timeout_ms);
	if (rc != STV_QMP_OK)
		return rc;
	bool greeted = stv_json_get(msg, "QMP") != NULL;
	stv_json_free(msg);
	if (!greeted)
		return say(why, STV_QMP_BAD, "the socket does not greet as a QMP monitor");
	rc = stv_qmp_execute(q, "qmp_capabilities", &msg, why);
	stv_json_free(msg);
	return rc;
}

int stv_qmp_quit(struct stv_qmp *q, char **why)
{
	struct stv_json *reply;
	int rc = stv_qmp_execute(q, "quit", &reply, why);
	stv_json_free(reply);
	return rc == STV_QMP_CLOSED ? STV_QMP_OK : rc;
}

const char *stv_state_name(enum stv_state st)
{
	switch (st) {
	case STV_STATE_SHUT_OFF: return "shut off";
	case STV_STATE_RUNNING: return "running";
	case STV_STATE_PAUSED: return "paused";
	case STV_STATE_IN_SHUTDOWN: return "in shutdown";
	case STV_STATE_CRASHED: return "crashed";
	case STV_STATE_PMSUSPENDED: return "pmsuspended";
	case STV_STATE_NO_STATE: return "no state";
	}
	return "no state";
}

/*
 * QMP run states (StratoVirt's RunState, QEMU's names) as libvirt maps
 * them: every state where the vCPUs are held is paused; an unknown one is
 * "no state", never running.
 */
static enum stv_state map_status(const char *s)
{
	static const struct {
		const char *qmp;
		enum stv_state st;
	} map[] = {
		{ "running", STV_STATE_RUNNING },
		{ "paused", STV_STATE_PAUSED },
		{ "prelaunch", STV_STATE_PAUSED },
		{ "debug", STV_STATE_PAUSED },
		{ "inmigrate", STV_STATE_PAUSED },
		{ "postmigrate", STV_STATE_PAUSED },
		{ "finish-migrate", STV_STATE_PAUSED },
		{ "save-vm", STV_STATE_PAUSED },
		{ "restore-vm", STV_STATE_PAUSED },
		{ "io-error", STV_STATE_PAUSED },
		{ "watchdog", STV_STATE_PAUSED },
		{ "shutdown", STV_STATE_IN_SHUTDOWN },
		{ "guest-panicked", STV_STATE_CRASHED },
		{ "internal-error", STV_STATE_CRASHED },
		{ "suspended", STV_STATE_PMSUSPENDED },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].qmp, s) == 0)
			return map[i].st;
	return STV_STATE_NO_STATE;
}

int stv_qmp_query_status(struct stv_qmp *q, enum stv_state *st, char **why)
{
	struct stv_json *reply;
	int rc = stv_qmp_execute(q, "query-status", &reply, why);
	if (rc != STV_QMP_OK)
		return rc;
	const char *status = stv_json_str(stv_json_get(stv_json_get(reply, "return"), "status"));
	if (status)
		*st = map_status(status);
	else
		rc = say(why, STV_QMP_BAD, "query-status returned no status string");
	stv_json_free(reply);
	return rc;
}

/* What StratoVirt's openpty() gives, nothing else. */
bool stv_qmp_pty_path_ok(const char *p)
{
	static const char prefix[] = "/dev/pts/";
	if (strncmp(p, prefix, sizeof prefix - 1) != 0)
		return false;
	p += sizeof prefix - 1;
	if (!*p || strlen(p) > 10)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* The pty of one query-chardev entry, NULL when it is not a pty. */
static int entry_pty(const struct stv_json *e, const char **path, char **why)
{
	const char *f = stv_json_str(stv_json_get(e, "filename"));
	*path = NULL;
	if (!f)
		return say(why, STV_QMP_BAD, "query-chardev listed a chardev without a filename");
	if (strncmp(f, "pty:", 4) != 0)
		return STV_QMP_OK;
	if (!stv_qmp_pty_path_ok(f + 4))
		return say(why, STV_QMP_BAD, "query-chardev gave a pty that is not /dev/pts/N");
	*path = f + 4;
	return STV_QMP_OK;
}

int stv_qmp_query_pty(struct stv_qmp *q, char **path, char **why)
{
	struct stv_json *reply;
	const struct stv_json *list;
	int rc = stv_qmp_execute(q, "query-chardev", &reply, why);
	*path = NULL;
	if (rc != STV_QMP_OK)
		return rc;
	list = stv_json_get(reply, "return");
	if (list->type != STV_JSON_ARRAY)
		rc = say(why, STV_QMP_BAD, "query-chardev did not return a list");
	for (size_t i = 0; rc == STV_QMP_OK && i < list->n && !*path; i++) {
		const char *p;
		rc = entry_pty(&list->v[i], &p, why);
		if (rc == STV_QMP_OK && p && !(*path = strdup(p)))
			rc = say(why, STV_QMP_FAILED, "out of memory");
	}
	stv_json_free(reply);
	return rc;
}
