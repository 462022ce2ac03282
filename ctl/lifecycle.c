/*
 * Runs: start, create, destroy, and the verbs that talk to a running
 * domain's monitor.  Each holds the domain's lock from its first look at
 * the domain to its last change (shutdown lets go before it waits, so a
 * destroy can follow at once).
 */
#include "ctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "domain.h"
#include "proc.h"
#include "util.h"

/* How much of RUNDIR/log a failed start shows. */
#define LOG_TAIL_LINES 10
#define LOG_TAIL_BYTES 4096

/* Where the last n lines of text[0, len) begin, looking back at most max bytes. */
static const char *last_lines(const char *text, size_t len, int n, size_t max)
{
	const char *start = text + (len > max ? len - max : 0);
	const char *p = text + len - 1;	/* a final newline ends the last line */
	int lines = 0;
	while (p > start && lines < n)
		if (*--p == '\n')
			lines++;
	return *p == '\n' ? p + 1 : p;
}

/* The last lines of the run's log, for a start that failed, or NULL. */
static char *log_tail(struct stv_ctl *c, const char *name)
{
	char *path = stv_path(&c->paths, name, STV_P_LOG), *text = NULL, *tail = NULL;
	size_t len;
	if (path && ctl_read_file(path, 1u << 24, &text, &len) == 0 && len > 0) {
		const char *p = last_lines(text, len, LOG_TAIL_LINES, LOG_TAIL_BYTES);
		size_t n = (size_t)(text + len - p);
		/* Newlines kept, other control bytes made harmless. */
		tail = malloc(n + 1);
		for (size_t i = 0; tail && i < n; i++) {
			unsigned char ch = (unsigned char)p[i];
			tail[i] = ch == '\n' || (ch >= 0x20 && ch != 0x7f) ? (char)ch : '?';
		}
		if (tail)
			tail[n] = '\0';
	}
	free(text);
	free(path);
	return tail;
}

/* The monitor, greeted; -1 with "not running" or what the monitor did. */
static int monitor(struct stv_ctl *c, const char *name, struct stv_qmp **q,
		   struct stv_ctl_result *r)
{
	char *why = NULL;
	int rc = stv_run_monitor(&c->paths, name, c->set.qmp_ms, q, &why);
	if (rc == STV_QMP_ABSENT && !stv_ctl_defined(c, name) &&
	    !stv_ctl_exists(c, name, STV_P_TRANSIENT))
		stv_ctl_fail(r, "no domain named %s", name);
	else if (rc == STV_QMP_ABSENT)
		stv_ctl_fail(r, "%s is not running", name);
	else if (rc != STV_QMP_OK)
		stv_ctl_fail(r, "%s: %s", name, why ? why : "out of memory");
	free(why);
	return rc == STV_QMP_OK ? 0 : -1;
}

/* Runs a command; -1 with "cannot VERB NAME: <the emulator's message>". */
static int command(struct stv_qmp *q, const char *cmd, const char *verb, const char *name,
		   struct stv_ctl_result *r)
{
	struct stv_json *reply;
	char *why = NULL;
	int rc = stv_qmp_execute(q, cmd, &reply, &why);
	if (rc != STV_QMP_OK)
		stv_ctl_fail(r, "cannot %s %s: %s", verb, name, why ? why : "out of memory");
	stv_json_free(reply);
	free(why);
	return rc == STV_QMP_OK ? 0 : -1;
}

static int status(struct stv_qmp *q, const char *name, enum stv_state *st,
		  struct stv_ctl_result *r)
{
	char *why = NULL;
	int rc = stv_qmp_query_status(q, st, &why);
	if (rc != STV_QMP_OK)
		stv_ctl_fail(r, "%s: query-status: %s", name, why ? why : "out of memory");
	free(why);
	return rc == STV_QMP_OK ? 0 : -1;
}

/* The console's pty into RUNDIR/console, for `console` while the monitor is busy. */
static void cache_console(struct stv_ctl *c, const char *name, struct stv_qmp *q,
			  struct stv_ctl_result *r)
{
	char *pty = NULL, *why = NULL;
	if (stv_qmp_query_pty(q, &pty, &why) != STV_QMP_OK) {
		free(r->note);
		r->note = stv_asprintf("console unknown: query-chardev: %s", why ? why : "out of memory");
	} else if (pty && stv_run_write(&c->paths, name, STV_P_CONSOLE, pty) < 0) {
		free(r->note);
		r->note = stv_asprintf("cannot record the console %s: %s", pty, strerror(errno));
	}
	free(pty);
	free(why);
}

/* Writes the files a run starts from: the definition, the script for direct. */
static int prepare(struct stv_ctl *c, const char *name, const struct stv_ctl_domain *dom,
		   struct stv_ctl_result *r)
{
	char *dir = stv_path(&c->paths, name, STV_P_RUNDIR);
	char *xml = stv_path(&c->paths, name, STV_P_LIVE_XML);
	char *script = stv_path(&c->paths, name, STV_P_SCRIPT);
	int rc = -1;
	if (!dir || !xml || !script)
		stv_ctl_fail(r, "out of memory");
	else if (ctl_mkdirs(dir, 0700) < 0)
		stv_ctl_fail(r, "cannot create %s: %s", dir, strerror(errno));
	else if (stv_ctl_write_atomic(xml, dom->xml, strlen(dom->xml), 0600) < 0 ||
		 (dom->script &&
		  stv_ctl_write_atomic(script, dom->script, strlen(dom->script), 0700) < 0))
		stv_ctl_fail(r, "cannot write in %s: %s", dir, strerror(errno));
	else
		rc = 0;
	free(dir);
	free(xml);
	free(script);
	return rc;
}

/* Ends a start that went wrong; the reason stays in r->error. */
static void abort_start(struct stv_ctl *c, const char *name, pid_t pid, bool transient)
{
	char *why = NULL;
	c->backend->hold(c, name);
	c->backend->stop(c, name, pid, &why);
	free(why);
	stv_run_clean(&c->paths, name, transient);
}

/* A failed start: why, then the end of the log, where the emulator said why. */
static int start_failed(struct stv_ctl *c, const char *name, const char *why,
			struct stv_ctl_result *r)
{
	char *tail = log_tail(c, name);
	stv_ctl_fail(r, "cannot start %s: %s%s%s", name, why ? why : "out of memory",
		     tail ? "; its log ends:\n" : "", tail ? tail : "");
	free(tail);
	return -1;
}

/*
 * Waits until the new run's monitor greets: then records the pid and the
 * console.  The run may end first (the emulator refused its command line),
 * or never answer: both are failures.
 */
static int await_monitor(struct stv_ctl *c, const char *name, bool transient,
			 struct stv_launch *l, struct stv_ctl_result *r)
{
	int64_t deadline = ctl_now_ms() + c->set.start_ms;
	struct stv_qmp *q = NULL;
	char *why = NULL, pid[32];
	int rc;
	for (;;) {
		char *ended = NULL;
		if (c->backend->ended(c, name, l, &ended)) {
			stv_run_clean(&c->paths, name, transient);
			rc = start_failed(c, name, ended, r);
			free(ended);
			free(why);
			return rc;
		}
		rc = stv_run_monitor(&c->paths, name, c->set.qmp_ms, &q, &why);
		if (rc != STV_QMP_ABSENT || ctl_left_ms(deadline) == 0)
			break;
		ctl_sleep_ms(20);
	}
	if (rc != STV_QMP_OK) {
		if (rc == STV_QMP_ABSENT) {
			free(why);
			why = stv_asprintf("no monitor within %d s", c->set.start_ms / 1000);
		}
		start_failed(c, name, why, r);
		abort_start(c, name, 0, transient);
		free(why);
		return -1;
	}
	snprintf(pid, sizeof pid, "%ld", (long)stv_qmp_peer(q));
	if (stv_run_write(&c->paths, name, STV_P_PID, pid) < 0)
		r->note = stv_asprintf("cannot record the pid: %s", strerror(errno));
	cache_console(c, name, q, r);
	stv_qmp_close(q);
	free(why);	/* from the tries before the socket was there */
	return 0;
}

/* Starts NAME from def; the caller holds the lock. */
static int start_run(struct stv_ctl *c, const char *name, const char *def, bool transient,
		     struct stv_ctl_result *r)
{
	struct stv_ctl_request req = {
		.file = def, .expect_name = name,
		.emit = STV_EMIT_XML | (c->backend == &stv_backend_direct ? STV_EMIT_SCRIPT : 0),
	};
	struct stv_ctl_domain dom;
	struct stv_launch l = { 0 };
	struct stv_run run;
	char *why = NULL;
	int rc;
	stv_run_probe(&c->paths, name, c->set.qmp_ms, &run);
	if (run.alive)
		return stv_ctl_fail(r, "%s is already running (pid %ld)", name, (long)run.pid);
	if (!stv_run_launcher_wait(&c->paths, name, c->set.grace_ms))
		return stv_ctl_fail(r, "the last run of %s is still stopping; try again", name);
	rc = stv_ctl_check(c, &req, "it was not started", false, &dom, r);
	if (rc == 0) {
		stv_run_clean(&c->paths, name, false);
		rc = prepare(c, name, &dom, r);
	}
	if (rc == 0 && c->backend->start(c, name, transient, &l, &why) < 0) {
		rc = start_failed(c, name, why, r);
		stv_run_clean(&c->paths, name, transient);
	} else if (rc == 0) {
		rc = await_monitor(c, name, transient, &l, r);
	}
	stv_ctl_domain_free(&dom);
	free(why);
	return rc;
}

int stv_ctl_start(struct stv_ctl *c, const char *name, struct stv_ctl_result *r)
{
	char *def;
	int fd, rc;
	if (stv_ctl_need_defined(c, name, r) < 0 || (fd = stv_ctl_lock(c, name, r)) < 0)
		return -1;
	def = stv_path(&c->paths, name, STV_P_DEFINITION);
	rc = def ? start_run(c, name, def, false, r) : stv_ctl_fail(r, "out of memory");
	free(def);
	close(fd);
	return rc;
}

int stv_ctl_create(struct stv_ctl *c, const char *file, struct stv_ctl_result *r)
{
	struct stv_ctl_request req = { .file = file };
	struct stv_ctl_domain dom;
	char *data = NULL, *def = NULL;
	size_t len;
	int fd = -1, rc = -1;
	if (ctl_read_file(file, 16u << 20, &data, &len) < 0)
		return stv_ctl_fail(r, "cannot read %s: %s", file,
				    errno == EFBIG ? "larger than 16 MiB" : strerror(errno));
	req.data = data;
	req.len = len;
	if (stv_ctl_check(c, &req, "nothing was started", true, &dom, r) < 0 ||
	    (fd = stv_ctl_lock(c, dom.name, r)) < 0 ||
	    !(def = stv_path(&c->paths, dom.name, STV_P_TRANSIENT)))
		goto out;
	if (stv_ctl_running(c, dom.name)) {
		stv_ctl_fail(r, "%s is already running", dom.name);
		goto out;
	}
	if (stv_ctl_write_atomic(def, data, len, 0600) < 0) {
		stv_ctl_fail(r, "cannot write %s: %s", def, strerror(errno));
		goto out;
	}
	rc = start_run(c, dom.name, def, true, r);
	if (rc < 0)
		unlink(def);
	else
		r->name = strdup(dom.name);
out:
	if (fd >= 0)
		close(fd);
	stv_ctl_domain_free(&dom);
	free(def);
	free(data);
	return rc;
}

int stv_ctl_destroy(struct stv_ctl *c, const char *name, struct stv_ctl_result *r)
{
	struct stv_run run;
	struct stv_qmp *q = NULL;
	char *why = NULL;
	bool transient;
	int fd, rc = 0;
	if (stv_ctl_check_name(name, r) < 0 || (fd = stv_ctl_lock(c, name, r)) < 0)
		return -1;
	transient = stv_ctl_exists(c, name, STV_P_TRANSIENT);
	stv_run_probe(&c->paths, name, c->set.qmp_ms, &run);
	if (!run.alive) {
		/* Stopped already; a launcher still deleting its taps is let finish. */
		stv_run_launcher_wait(&c->paths, name, c->set.grace_ms);
		stv_run_clean(&c->paths, name, transient);
		close(fd);
		return stv_ctl_fail(r, stv_ctl_defined(c, name) ? "%s is not running"
							   : "no domain named %s is running", name);
	}
	c->backend->hold(c, name);
	/* A wedged guest may ignore quit, or the reply may be lost: stop() copes. */
	if (run.monitor && stv_run_monitor(&c->paths, name, c->set.qmp_ms, &q, &why) == STV_QMP_OK)
		stv_qmp_quit(q, &why);
	stv_qmp_close(q);
	free(why);
	why = NULL;
	if (c->backend->stop(c, name, run.pid, &why) < 0)
		rc = stv_ctl_fail(r, "%s: %s", name, why ? why : "out of memory");
	if (!stv_ctl_running(c, name)) {
		stv_run_clean(&c->paths, name, transient);
		if (transient && rc == 0)
			rc = stv_ctl_reload(c, r);
	}
	free(why);
	close(fd);
	return rc;
}

/* Runs cmd on a running domain under its lock, then checks its state is want. */
static int qmp_verb(struct stv_ctl *c, const char *name, const char *cmd, const char *verb,
		    enum stv_state want, struct stv_ctl_result *r)
{
	struct stv_qmp *q = NULL;
	enum stv_state st;
	int fd, rc;
	if (stv_ctl_check_name(name, r) < 0 || (fd = stv_ctl_lock(c, name, r)) < 0)
		return -1;
	rc = monitor(c, name, &q, r);
	if (rc == 0 && want == STV_STATE_RUNNING) {
		/* resume: only a paused domain (as virsh). */
		rc = status(q, name, &st, r);
		if (rc == 0 && st == STV_STATE_RUNNING)
			rc = stv_ctl_fail(r, "%s is not paused", name);
	}
	if (rc == 0)
		rc = command(q, cmd, verb, name, r);
	if (rc == 0 && want != STV_STATE_NO_STATE) {
		rc = status(q, name, &st, r);
		if (rc == 0 && st != want)
			rc = stv_ctl_fail(r, "cannot %s %s: it is %s after %s", verb, name,
					  stv_state_name(st), cmd);
	}
	stv_qmp_close(q);
	close(fd);
	return rc;
}

int stv_ctl_suspend(struct stv_ctl *c, const char *name, struct stv_ctl_result *r)
{
	return qmp_verb(c, name, "stop", "suspend", STV_STATE_PAUSED, r);
}

int stv_ctl_resume(struct stv_ctl *c, const char *name, struct stv_ctl_result *r)
{
	return qmp_verb(c, name, "cont", "resume", STV_STATE_RUNNING, r);
}

int stv_ctl_reboot(struct stv_ctl *c, const char *name, struct stv_ctl_result *r)
{
	return qmp_verb(c, name, "system_reset", "reboot", STV_STATE_NO_STATE, r);
}

int stv_ctl_shutdown(struct stv_ctl *c, const char *name, int timeout_ms,
		     struct stv_ctl_result *r)
{
	struct stv_qmp *q = NULL;
	pid_t pid = 0;
	int fd, rc;
	if (stv_ctl_check_name(name, r) < 0 || (fd = stv_ctl_lock(c, name, r)) < 0)
		return -1;
	rc = monitor(c, name, &q, r);
	if (rc == 0) {
		pid = stv_qmp_peer(q);
		rc = command(q, "system_powerdown", "shut down", name, r);
	}
	stv_qmp_close(q);
	close(fd);
	if (rc == 0 && timeout_ms > 0 && !ctl_wait_gone(pid, timeout_ms))
		rc = stv_ctl_fail(r, "%s is still running %d s after the power button was "
				  "pressed; the guest may ignore ACPI (destroy ends it)", name,
				  timeout_ms / 1000);
	return rc;
}
