/*
 * A domain's run, read from its runtime directory (paths.h).  Whether a
 * domain runs is decided by its monitor socket, not by a pid file: the
 * socket's listener is the emulator itself (SO_PEERCRED gives its pid),
 * so a stale file or a reused pid cannot make a stopped domain look
 * alive.  The pid file is the fallback for an emulator whose socket is
 * gone, trusted only while the launcher of the same run is still there.
 */
#ifndef STV_CTL_DOMAIN_H
#define STV_CTL_DOMAIN_H

#include <stdbool.h>
#include <sys/types.h>

#include "paths.h"
#include "qmp.h"

struct stv_run {
	bool alive;		/* the emulator is running */
	bool monitor;		/* and its monitor accepts connections */
	pid_t pid;		/* its pid; 0 when not alive */
};

/* Probes the run (a connect, no QMP exchange): never fails, never waits long. */
void stv_run_probe(const struct stv_ctl_paths *p, const char *name, int timeout_ms,
		   struct stv_run *out);

/*
 * The state through the monitor (greeting, query-status): SHUT_OFF when
 * nothing listens, NO_STATE with *why when it is alive but the monitor
 * says nothing usable in time.
 */
enum stv_state stv_run_state(const struct stv_ctl_paths *p, const char *name,
			     int timeout_ms, char **why);

/*
 * Opens the domain's monitor and greets it.  ABSENT when the domain does
 * not run; the caller closes *q.
 */
int stv_run_monitor(const struct stv_ctl_paths *p, const char *name, int timeout_ms,
		    struct stv_qmp **q, char **why);

/* Whether the direct backend's supervisor of the last run is still there. */
bool stv_run_launcher_busy(const struct stv_ctl_paths *p, const char *name);

/*
 * Waits up to ms for that supervisor to finish (its clean-up included);
 * true when it has.
 */
bool stv_run_launcher_wait(const struct stv_ctl_paths *p, const char *name, int ms);

/* Writes RUNDIR/pid or RUNDIR/console (one line) atomically; -1 with errno. */
int stv_run_write(const struct stv_ctl_paths *p, const char *name, enum stv_path k,
		  const char *line);

/* Reads a one-line run file (pid, console, launcher) into a heap string. */
char *stv_run_read(const struct stv_ctl_paths *p, const char *name, enum stv_path k);

/* A pid from a run file, or 0. */
pid_t stv_run_read_pid(const struct stv_ctl_paths *p, const char *name, enum stv_path k);

/*
 * Removes what a run leaves in its runtime directory: the socket, the pid,
 * console and definition files and the script; the log of the last run
 * stays.  transient: the transient definition goes too.  Idempotent.
 */
void stv_run_clean(const struct stv_ctl_paths *p, const char *name, bool transient);

/* Whether a file exists at path (lstat: a dangling symlink counts). */
bool ctl_exists(const char *path);

#endif
