#include "domain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "lock.h"
#include "proc.h"
#include "util.h"

/* A run file is one short line. */
#define RUN_FILE_MAX 256

bool ctl_exists(const char *path)
{
	struct stat st;
	return path && lstat(path, &st) == 0;
}

char *stv_run_read(const struct stv_ctl_paths *p, const char *name, enum stv_path k)
{
	char *path = stv_path(p, name, k), *text = NULL;
	size_t n;
	if (path && ctl_read_file(path, RUN_FILE_MAX, &text, &n) == 0) {
		/* Only a whole line: a file being written is not read half. */
		if (n == 0 || text[n - 1] != '\n' || memchr(text, '\n', n - 1)) {
			free(text);
			text = NULL;
		} else {
			text[n - 1] = '\0';
		}
	}
	free(path);
	return text;
}

pid_t stv_run_read_pid(const struct stv_ctl_paths *p, const char *name, enum stv_path k)
{
	char *text = stv_run_read(p, name, k), *end;
	long v = text ? strtol(text, &end, 10) : 0;
	pid_t pid = text && *end == '\0' && v > 1 && v < (1L << 22) ? (pid_t)v : 0;
	free(text);
	return pid;
}

int stv_run_write(const struct stv_ctl_paths *p, const char *name, enum stv_path k,
		  const char *line)
{
	char *path = stv_path(p, name, k), *text = stv_asprintf("%s\n", line);
	int rc = path && text ? stv_ctl_write_atomic(path, text, strlen(text), 0600) : -1;
	if (!path || !text)
		errno = ENOMEM;
	free(path);
	free(text);
	return rc;
}

int stv_run_monitor(const struct stv_ctl_paths *p, const char *name, int timeout_ms,
		    struct stv_qmp **q, char **why)
{
	char *sock = stv_path(p, name, STV_P_QMP);
	int rc;
	*q = NULL;
	if (!sock) {
		*why = stv_asprintf("out of memory");
		return STV_QMP_FAILED;
	}
	rc = stv_qmp_open(sock, timeout_ms, q, why);
	free(sock);
	if (rc == STV_QMP_OK)
		rc = stv_qmp_handshake(*q, why);
	if (rc != STV_QMP_OK) {
		stv_qmp_close(*q);
		*q = NULL;
	}
	return rc;
}

bool stv_run_launcher_busy(const struct stv_ctl_paths *p, const char *name)
{
	char *path = stv_path(p, name, STV_P_LAUNCHER);
	bool busy = ctl_lock_held(path);
	free(path);
	return busy;
}

bool stv_run_launcher_wait(const struct stv_ctl_paths *p, const char *name, int ms)
{
	int64_t deadline = ctl_now_ms() + ms;
	while (stv_run_launcher_busy(p, name)) {
		if (ctl_left_ms(deadline) == 0)
			return false;
		ctl_sleep_ms(20);
	}
	return true;
}

void stv_run_probe(const struct stv_ctl_paths *p, const char *name, int timeout_ms,
		   struct stv_run *out)
{
	char *sock = stv_path(p, name, STV_P_QMP), *why = NULL;
	struct stv_qmp *q = NULL;
	memset(out, 0, sizeof *out);
	/* A full backlog (BUSY) means a listener: alive, pid unknown to the socket. */
	int rc = sock ? stv_qmp_open(sock, timeout_ms, &q, &why) : STV_QMP_FAILED;
	if (rc == STV_QMP_OK) {
		out->pid = stv_qmp_peer(q);
		out->alive = out->monitor = true;
	} else if (rc == STV_QMP_BUSY) {
		out->pid = stv_run_read_pid(p, name, STV_P_PID);
		out->alive = out->monitor = true;
	} else if (stv_run_launcher_busy(p, name)) {
		out->pid = stv_run_read_pid(p, name, STV_P_PID);
		out->alive = ctl_alive(out->pid);
	}
	if (!out->alive)
		out->pid = 0;
	stv_qmp_close(q);
	free(sock);
	free(why);
}

enum stv_state stv_run_state(const struct stv_ctl_paths *p, const char *name,
			     int timeout_ms, char **why)
{
	struct stv_qmp *q;
	enum stv_state st = STV_STATE_NO_STATE;
	int rc = stv_run_monitor(p, name, timeout_ms, &q, why);
	if (rc == STV_QMP_OK)
		rc = stv_qmp_query_status(q, &st, why);
	stv_qmp_close(q);
	if (rc == STV_QMP_ABSENT) {
		struct stv_run run;
		stv_run_probe(p, name, timeout_ms, &run);
		return run.alive ? STV_STATE_NO_STATE : STV_STATE_SHUT_OFF;
	}
	return rc == STV_QMP_OK ? st : STV_STATE_NO_STATE;
}

void stv_run_clean(const struct stv_ctl_paths *p, const char *name, bool transient)
{
	static const enum stv_path files[] = {
		STV_P_QMP, STV_P_PID, STV_P_CONSOLE, STV_P_LIVE_XML, STV_P_SCRIPT,
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *path = stv_path(p, name, files[i]);
		if (path)
			unlink(path);
		free(path);
	}
	if (transient) {
		char *path = stv_path(p, name, STV_P_TRANSIENT);
		if (path)
			unlink(path);
		free(path);
	}
}
