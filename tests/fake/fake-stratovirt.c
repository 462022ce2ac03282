/*
 * fake-stratovirt: a stand-in for StratoVirt 2.5 wherever stv-ctl can tell
 * the difference (lifecycle.md, "Tests without a real emulator"; the QMP
 * facts measured on a real 2.5.0 are in stratovirt-facts.md).
 *
 * From the argv stv emits it takes `-qmp unix:PATH,server,nowait`, each
 * `-chardev pty,id=ID` and `-serial pty` (label serial_chardev) and
 * `-name`.  It creates the QMP socket, serves one client at a time (a
 * second one waits in the backlog, unanswered, as StratoVirt does), sends
 * StratoVirt's greeting, answers qmp_capabilities, query-status, stop,
 * cont, system_powerdown, system_reset, quit and query-chardev, and puts
 * the matching event (STOP, RESUME, POWERDOWN, SHUTDOWN, RESET) before
 * each reply.  Every pty is a real one (posix_openpt) in raw mode; the
 * fake writes a banner to it and answers what it reads in upper case, so
 * a test sees both directions.  It exits 0 on quit and 1 on SIGTERM, and
 * leaves its socket file behind, as a crashed emulator would.
 *
 * On request, from the environment (the launcher passes it on):
 *   STV_FAKE_DIR=DIR         appends "start PID" to DIR/runs and each
 *                            command to DIR/qmp.log
 *   STV_FAKE_FAIL_START=MSG  prints MSG on stderr and exits 1 at once
 *   STV_FAKE_STOP_FAILS=1    stop fails: GenericError "Failed to pause VM"
 *   STV_FAKE_QUIT=MODE       exit (default): reply, then exit 0; ignore:
 *                            reply and run on (a wedged guest); noreply:
 *                            exit without replying; hang: neither
 *   STV_FAKE_POWERDOWN=MODE  exit (default): the guest powers off (exit 0);
 *                            ignore: a guest that ignores ACPI
 *   STV_FAKE_DELAY_MS=N      waits N ms before the greeting and each reply
 *                            (a busy monitor; large N: one that never answers)
 *   STV_FAKE_IGNORE_TERM=1   ignores SIGTERM: only SIGKILL ends it
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_PTYS 8

struct pty {
	char label[64];
	char path[64];
	int master, slave;
};

struct fake {
	const char *name, *qmp_path;
	struct pty pty[MAX_PTYS];
	int npty;
	int listen_fd, client;
	char in[8192];
	size_t inlen;
	bool paused;
	int delay_ms;
};

static volatile sig_atomic_t terminated;

static void on_term(int sig)
{
	(void)sig;
	terminated = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "fake-stratovirt: %s: %s\n", what, strerror(errno));
	exit(1);
}

static const char *env(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

/* Appends one line to $STV_FAKE_DIR/file, when recording. */
static void record(const char *file, const char *line)
{
	const char *dir = getenv("STV_FAKE_DIR");
	char path[4096];
	FILE *f;
	if (!dir)
		return;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	f = fopen(path, "a");
	if (f) {
		fprintf(f, "%s\n", line);
		fclose(f);
	}
}

/*
 * SIGTERM is blocked except inside ppoll(), so it can only arrive while
 * the fake waits, and no wait misses it.
 */
static sigset_t waiting_mask;

/* Sleeps ms, cut short by SIGTERM. */
static void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	if (ms > 0 && !terminated)
		ppoll(NULL, 0, &ts, &waiting_mask);
	if (terminated)
		exit(1);
}

static void add_pty(struct fake *f, const char *label)
{
	struct pty *p = &f->pty[f->npty];
	struct termios t;
	const char *name;
	if (f->npty == MAX_PTYS)
		return;
	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->master < 0 || grantpt(p->master) < 0 || unlockpt(p->master) < 0 ||
	    !(name = ptsname(p->master)))
		die("posix_openpt");
	snprintf(p->path, sizeof p->path, "%s", name);
	snprintf(p->label, sizeof p->label, "%s", label);
	/* StratoVirt sets its ptys raw; the open slave keeps the master from EIO. */
	p->slave = open(p->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0 || tcgetattr(p->slave, &t) < 0)
		die(p->path);
	cfmakeraw(&t);
	if (tcsetattr(p->slave, TCSANOW, &t) < 0)
		die(p->path);
	f->npty++;
}

static void parse_argv(struct fake *f, int argc, char **argv)
{
	for (int i = 1; i + 1 < argc; i++) {
		const char *opt = argv[i], *val = argv[i + 1];
		if (strcmp(opt, "-name") == 0) {
			f->name = val;
		} else if (strcmp(opt, "-qmp") == 0 && strncmp(val, "unix:", 5) == 0) {
			static char path[4096];
			snprintf(path, sizeof path, "%.*s", (int)strcspn(val + 5, ","), val + 5);
			f->qmp_path = path;
		} else if (strcmp(opt, "-chardev") == 0 && strncmp(val, "pty,", 4) == 0) {
			const char *id = strstr(val, "id=");
			char label[64];
			snprintf(label, sizeof label, "%.*s", id ? (int)strcspn(id + 3, ",") : 0,
				 id ? id + 3 : "");
			add_pty(f, label);
		} else if (strcmp(opt, "-serial") == 0 && strcmp(val, "pty") == 0) {
			add_pty(f, "serial_chardev");
		}
	}
	if (!f->qmp_path) {
		fputs("fake-stratovirt: no -qmp unix:PATH,server,nowait\n", stderr);
		exit(1);
	}
}

static void listen_qmp(struct fake *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", f->qmp_path);
	unlink(f->qmp_path);
	f->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (f->listen_fd < 0 || bind(f->listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(f->listen_fd, 8) < 0)
		die(f->qmp_path);
}

static void send_line(struct fake *f, const char *line)
{
	size_t n = strlen(line);
	if (f->client < 0)
		return;
	if (send(f->client, line, n, MSG_NOSIGNAL) != (ssize_t)n ||
	    send(f->client, "\r\n", 2, MSG_NOSIGNAL) != 2) {
		close(f->client);
		f->client = -1;
	}
}

static void event(struct fake *f, const char *name)
{
	char line[256];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(line, sizeof line,
		 "{\"event\":\"%s\",\"data\":{},\"timestamp\":{\"seconds\":%ld,\"microseconds\":%ld}}",
		 name, (long)ts.tv_sec, ts.tv_nsec / 1000);
	send_line(f, line);
}

static void reply(struct fake *f, const char *json)
{
	pause_ms(f->delay_ms);
	send_line(f, json);
}

static void query_chardev(struct fake *f)
{
	char out[4096] = "{\"return\":[";
	for (int i = 0; i < f->npty; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out),
			 "%s{\"filename\":\"pty:%s\",\"frontend-open\":true,\"label\":\"%s\"}",
			 i ? "," : "", f->pty[i].path, f->pty[i].label);
	strcat(out, "]}");
	reply(f, out);
}

static void quit(struct fake *f)
{
	const char *mode = env("STV_FAKE_QUIT", "exit");
	if (strcmp(mode, "hang") == 0)
		return;
	if (strcmp(mode, "noreply") == 0)
		exit(0);
	event(f, "SHUTDOWN");
	reply(f, "{\"return\":{}}");
	if (strcmp(mode, "ignore") != 0)
		exit(0);
}

static void powerdown(struct fake *f)
{
	event(f, "POWERDOWN");
	reply(f, "{\"return\":{}}");
	if (strcmp(env("STV_FAKE_POWERDOWN", "exit"), "ignore") == 0)
		return;
	event(f, "SHUTDOWN");
	exit(0);
}

/* The "execute" value of a command line (a fake's reading, not a parser). */
static void command_name(const char *line, char *out, size_t size)
{
	const char *p = strstr(line, "\"execute\"");
	out[0] = '\0';
	if (!p || !(p = strchr(p + 9, '"')))
		return;
	snprintf(out, size, "%.*s", (int)strcspn(p + 1, "\""), p + 1);
}

static void command(struct fake *f, const char *line)
{
	char cmd[64], buf[256];
	command_name(line, cmd, sizeof cmd);
	record("qmp.log", cmd);
	if (strcmp(cmd, "qmp_capabilities") == 0) {
		reply(f, "{\"return\":{}}");
	} else if (strcmp(cmd, "query-status") == 0) {
		snprintf(buf, sizeof buf, "{\"return\":{\"running\":%s,\"singlestep\":false,"
			 "\"status\":\"%s\"}}", f->paused ? "false" : "true",
			 f->paused ? "paused" : "running");
		reply(f, buf);
	} else if (strcmp(cmd, "stop") == 0 && getenv("STV_FAKE_STOP_FAILS")) {
		reply(f, "{\"error\":{\"class\":\"GenericError\",\"desc\":\"Failed to pause VM\"}}");
	} else if (strcmp(cmd, "stop") == 0 || strcmp(cmd, "cont") == 0) {
		f->paused = strcmp(cmd, "stop") == 0;
		event(f, f->paused ? "STOP" : "RESUME");
		reply(f, "{\"return\":{}}");
	} else if (strcmp(cmd, "system_reset") == 0) {
		event(f, "RESET");
		reply(f, "{\"return\":{}}");
	} else if (strcmp(cmd, "system_powerdown") == 0) {
		powerdown(f);
	} else if (strcmp(cmd, "quit") == 0) {
		quit(f);
	} else if (strcmp(cmd, "query-chardev") == 0) {
		query_chardev(f);
	} else {
		snprintf(buf, sizeof buf, "{\"error\":{\"class\":\"CommandNotFound\","
			 "\"desc\":\"The command %s has not been found\"}}", cmd);
		reply(f, buf);
	}
}

static void client_input(struct fake *f)
{
	ssize_t n = read(f->client, f->in + f->inlen, sizeof f->in - f->inlen - 1);
	char *nl;
	if (n <= 0) {
		close(f->client);
		f->client = -1;
		f->inlen = 0;
		return;
	}
	f->inlen += (size_t)n;
	f->in[f->inlen] = '\0';
	while (f->client >= 0 && (nl = strchr(f->in, '\n'))) {
		*nl = '\0';
		command(f, f->in);
		f->inlen -= (size_t)(nl + 1 - f->in);
		memmove(f->in, nl + 1, f->inlen + 1);
	}
	if (f->inlen == sizeof f->in - 1)
		f->inlen = 0;	/* a line too long for a fake: dropped */
}

static void accept_client(struct fake *f)
{
	static const char greeting[] =
		"{\"QMP\":{\"version\":{\"qemu\":{\"micro\":1,\"minor\":0,\"major\":5},"
		"\"package\":\"StratoVirt-2.5.0\"},\"capabilities\":[]}}";
	f->client = accept4(f->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (f->client >= 0)
		reply(f, greeting);
}

/* The guest's side of the console: what it reads, echoed in upper case. */
static void console_input(struct pty *p)
{
	char buf[512];
	ssize_t n = read(p->master, buf, sizeof buf);
	for (ssize_t i = 0; i < n; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
	if (n > 0 && write(p->master, buf, (size_t)n) < 0)
		return;
}

static void serve(struct fake *f)
{
	for (;;) {
		struct pollfd p[MAX_PTYS + 1];
		int n = f->npty;
		for (int i = 0; i < f->npty; i++)
			p[i] = (struct pollfd){ f->pty[i].master, POLLIN, 0 };
		/* One client at a time: the next one waits in the backlog. */
		p[n++] = (struct pollfd){ f->client >= 0 ? f->client : f->listen_fd, POLLIN, 0 };
		if (ppoll(p, (nfds_t)n, NULL, &waiting_mask) < 0 && errno != EINTR)
			die("poll");
		if (terminated)
			exit(1);
		for (int i = 0; i < f->npty; i++)
			if (p[i].revents & POLLIN)
				console_input(&f->pty[i]);
		if (!(p[n - 1].revents & (POLLIN | POLLHUP)))
			continue;
		if (f->client >= 0)
			client_input(f);
		else
			accept_client(f);
	}
}

int main(int argc, char **argv)
{
	struct fake f = { .name = "fake", .listen_fd = -1, .client = -1 };
	struct sigaction sa = { .sa_handler = on_term };
	char line[128];
	if (getenv("STV_FAKE_FAIL_START")) {
		fprintf(stderr, "%s\n", getenv("STV_FAKE_FAIL_START"));
		return 1;
	}
	sigset_t term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	if (getenv("STV_FAKE_IGNORE_TERM"))
		signal(SIGTERM, SIG_IGN);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &waiting_mask);
	sigdelset(&waiting_mask, SIGTERM);
	f.delay_ms = atoi(env("STV_FAKE_DELAY_MS", "0"));
	parse_argv(&f, argc, argv);
	listen_qmp(&f);
	snprintf(line, sizeof line, "start %ld", (long)getpid());
	record("runs", line);
	for (int i = 0; i < f.npty; i++) {
		char banner[160];
		int n = snprintf(banner, sizeof banner, "fake-stratovirt %s: console %s ready\r\n",
				 f.name, f.pty[i].label);
		if (write(f.pty[i].master, banner, (size_t)n) < 0)
			die("console");
	}
	serve(&f);
}
