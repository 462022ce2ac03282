#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/* The state letter of /proc/PID/stat, after the last ')' of the name. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	FILE *f = fopen(path, "re");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	char *close = strrchr(buf, ')');
	return close && close[1] == ' ' ? close[2] : '?';
}

bool ctl_alive(pid_t pid)
{
	if (pid <= 0 || (kill(pid, 0) < 0 && errno != EPERM))
		return false;
	char st = proc_state(pid);
	return st != 'Z' && st != 'X';
}

bool ctl_wait_gone(pid_t pid, int ms)
{
	int64_t deadline = ctl_now_ms() + ms;
	while (ctl_alive(pid)) {
		if (ctl_left_ms(deadline) == 0)
			return false;
		ctl_sleep_ms(20);
	}
	return true;
}

int ctl_reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* In a child: argv, or status 127 as a shell gives for a missing command. */
static void exec_or_exit(char *const argv[])
{
	execvp(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* In the child: stdin from /dev/null, stdout and stderr into out_fd. */
static void exec_child(char *const argv[], int out_fd)
{
	int null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
		_exit(127);
	exec_or_exit(argv);
}

/* Reads the child's output until it closes, keeping the first bytes. */
static bool collect(int fd, int64_t deadline, char *keep, size_t *kept)
{
	char buf[4096];
	struct pollfd p = { fd, POLLIN, 0 };
	for (;;) {
		int n = poll(&p, 1, ctl_left_ms(deadline));
		if (n == 0)
			return false;
		if (n < 0 && errno == EINTR)
			continue;
		ssize_t r = n < 0 ? -1 : read(fd, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return true;
		size_t room = CTL_OUTPUT_MAX - *kept, take = (size_t)r < room ? (size_t)r : room;
		memcpy(keep + *kept, buf, take);
		*kept += take;
	}
}

int ctl_run(char *const argv[], int timeout_ms, char **output, char **why)
{
	int fds[2];
	char keep[CTL_OUTPUT_MAX];
	size_t kept = 0;
	pid_t pid;
	/* Close-on-exec: only stdout and stderr (dup2 clears it) reach the child. */
	if (pipe(fds) < 0 || fcntl(fds[0], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(fds[1], F_SETFD, FD_CLOEXEC) < 0) {
		*why = stv_asprintf("pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		exec_child(argv, fds[1]);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		*why = stv_asprintf("cannot run %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (!collect(fds[0], ctl_now_ms() + timeout_ms, keep, &kept))
		kill(pid, SIGKILL);
	close(fds[0]);
	while (kept > 0 && keep[kept - 1] == '\n')
		kept--;
	if (output && !(*output = ctl_printable(keep, kept, kept))) {
		ctl_reap(pid);
		*why = stv_asprintf("out of memory");
		return -1;
	}
	return ctl_reap(pid);
}

int ctl_run_tty(char *const argv[], char **why)
{
	pid_t pid = fork();
	if (pid == 0)
		exec_or_exit(argv);
	if (pid < 0) {
		*why = stv_asprintf("cannot run %s: %s", argv[0], strerror(errno));
		return -1;
	}
	return ctl_reap(pid);
}
