/*
 * The direct backend.  Process tree of a run:
 *
 *   supervisor (a fork of stv-ctl, in its own session; holds RUNDIR/launcher
 *    |          locked for its whole life and writes the script's pid in it)
 *    +- sh RUNDIR/launch.sh   (the launcher: taps, restarts, signals)
 *        +- the emulator
 *
 * The supervisor waits for the script, then removes the run's files and
 * the transient definition, and unlinks RUNDIR/launcher last: once that
 * lock is free, everything of the run is gone, which `start` and
 * `destroy` wait for.  Ending a run goes through the script so it can
 * delete its taps: USR1 first (no restart), then QMP quit, SIGTERM and
 * SIGKILL to the emulator, each after a grace time; the script sees its
 * emulator exit and cleans up.
 */
#define _GNU_SOURCE	/* close_range */
#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domain.h"
#include "lock.h"
#include "proc.h"
#include "util.h"

/* How long the script may take to delete its taps once the emulator is gone. */
#define CLEANUP_MS 10000

/* The supervisor's fds: 0 /dev/null, 1 and 2 the log, 3 the launcher lock. */
static void supervisor_fds(int log, int lock)
{
	int null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0 ||
	    dup2(lock, 3) < 0 || fcntl(3, F_SETFD, FD_CLOEXEC) < 0)
		_exit(127);
	close_range(4, ~0U, 0);
}

/* The dispositions and mask the script must start with: none inherited. */
static void default_signals(void)
{
	sigset_t none;
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * The supervisor: a child process, so it ends with _exit (never the
 * caller's exit handlers, nor the sanitizers' leak report of memory that
 * is the parent's).
 */
static void supervise(struct stv_ctl *c, const char *name, bool transient, const char *script,
		      const char *launcher, int log, int lock) __attribute__((noreturn));
static void supervise(struct stv_ctl *c, const char *name, bool transient, const char *script,
		      const char *launcher, int log, int lock)
{
	pid_t sh;
	int status = 127;
	setsid();
	default_signals();
	supervisor_fds(log, lock);
	sh = fork();
	if (sh == 0) {
		execl("/bin/sh", "sh", script, (char *)NULL);
		dprintf(2, "stv-ctl: cannot run /bin/sh: %s\n", strerror(errno));
		_exit(127);
	}
	if (sh > 0) {
		dprintf(3, "%ld\n", (long)sh);
		status = ctl_reap(sh);
	}
	dprintf(2, "stv-ctl: %s: the launcher exited with status %d\n", name, status);
	stv_run_clean(&c->paths, name, transient);
	unlink(launcher);
	_exit(status & 0xff);
}

static int direct_start(struct stv_ctl *c, const char *name, bool transient,
			struct stv_launch *l, char **why)
{
	char *script = stv_path(&c->paths, name, STV_P_SCRIPT);
	char *logp = stv_path(&c->paths, name, STV_P_LOG);
	char *launcher = stv_path(&c->paths, name, STV_P_LAUNCHER);
	int log = -1, lock = -1, rc = -1;
	if (!script || !logp || !launcher) {
		*why = stv_asprintf("out of memory");
		goto out;
	}
	log = open(logp, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	lock = log < 0 ? -1 : ctl_lock_now(launcher);
	if (lock < 0 || ftruncate(lock, 0) < 0) {
		*why = stv_asprintf("cannot create %s: %s", log < 0 ? logp : launcher, strerror(errno));
		goto out;
	}
	l->supervisor = fork();
	if (l->supervisor == 0)
		supervise(c, name, transient, script, launcher, log, lock);
	if (l->supervisor < 0)
		*why = stv_asprintf("cannot start the supervisor: %s", strerror(errno));
	else
		rc = 0;
out:
	if (log >= 0)
		close(log);
	if (lock >= 0)
		close(lock);
	free(script);
	free(logp);
	free(launcher);
	return rc;
}

static bool direct_ended(struct stv_ctl *c, const char *name, struct stv_launch *l, char **why)
{
	int st;
	(void)c;
	(void)name;
	if (waitpid(l->supervisor, &st, WNOHANG) != l->supervisor)
		return false;
	*why = WIFEXITED(st)
		? stv_asprintf("the emulator exited with status %d before its monitor answered",
			   WEXITSTATUS(st))
		: stv_asprintf("the launcher was killed by signal %d before the monitor answered",
			   WTERMSIG(st));
	return true;
}

/* The launcher script's pid, while its supervisor is there. */
static pid_t launcher_pid(struct stv_ctl *c, const char *name)
{
	return stv_run_launcher_busy(&c->paths, name)
		? stv_run_read_pid(&c->paths, name, STV_P_LAUNCHER) : 0;
}

static void direct_hold(struct stv_ctl *c, const char *name)
{
	pid_t sh = launcher_pid(c, name);
	if (sh > 0)
		kill(sh, SIGUSR1);
}

/* SIGTERM, then SIGKILL, each after the grace time; -1 when it survives both. */
static int end_emulator(struct stv_ctl *c, pid_t pid, char **why)
{
	static const int signals[] = { SIGTERM, SIGKILL };
	if (ctl_wait_gone(pid, c->set.grace_ms))
		return 0;
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
		kill(pid, signals[i]);
		if (ctl_wait_gone(pid, c->set.grace_ms))
			return 0;
	}
	*why = stv_asprintf("the emulator (pid %ld) survives SIGKILL: it is stuck in the kernel",
			(long)pid);
	return -1;
}

static int direct_stop(struct stv_ctl *c, const char *name, pid_t pid, char **why)
{
	pid_t sh = launcher_pid(c, name);
	/* No emulator pid (it never answered): the script passes TERM on. */
	if (pid > 0) {
		if (end_emulator(c, pid, why) < 0)
			return -1;
	} else if (sh > 0) {
		kill(sh, SIGTERM);
	}
	if (stv_run_launcher_wait(&c->paths, name, c->set.grace_ms + CLEANUP_MS))
		return 0;
	pid_t group = sh > 0 ? getpgid(sh) : 0;
	if (group > 1)
		kill(-group, SIGKILL);
	*why = stv_asprintf("the launcher did not finish its clean-up in %d s and was killed; "
			"its tap devices may be left (ip link)", (c->set.grace_ms + CLEANUP_MS) / 1000);
	return -1;
}

static int direct_reload(struct stv_ctl *c, char **why)
{
	(void)c;
	(void)why;
	return 0;
}

const struct stv_backend stv_backend_direct = {
	"direct", direct_start, direct_ended, direct_hold, direct_stop, direct_reload,
};
