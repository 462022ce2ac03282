/*
 * Backends: how a run is started and ended (lifecycle.md, "Backends").
 * Everything else (the monitor, the state, the console) is the same for
 * both, so a domain started by one can be managed by the other.
 *
 *   direct   runs the launcher script (--emit=script) detached: a
 *            supervisor process in its own session runs the script, logs
 *            to RUNDIR/log, and cleans the runtime directory up when the
 *            script exits.  The default without systemd (containers, CI).
 *   systemd  systemctl on stratovirt-NAME.service, the unit stv-generator
 *            writes.  The default when systemd is PID 1.
 */
#ifndef STV_CTL_BACKEND_H
#define STV_CTL_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctl.h"

/* One start in progress. */
struct stv_launch {
	pid_t supervisor;	/* direct: the supervisor, a child of this process */
	int64_t next_check;	/* systemd: when to ask systemctl again */
};

struct stv_backend {
	const char *name;
	/*
	 * Starts the run whose files are in place (RUNDIR/launch.sh, the
	 * unit); does not wait for the monitor.
	 */
	int (*start)(struct stv_ctl *c, const char *name, bool transient, struct stv_launch *l,
		     char **why);
	/* Whether that run ended before its monitor answered; then *why (NULL before) says how. */
	bool (*ended)(struct stv_ctl *c, const char *name, struct stv_launch *l, char **why);
	/* Before quit: what ends the emulator now must not restart it. */
	void (*hold)(struct stv_ctl *c, const char *name);
	/*
	 * After quit: ends the run for good, escalating as needed; pid is the
	 * emulator, or 0 when it never answered.
	 */
	int (*stop)(struct stv_ctl *c, const char *name, pid_t pid, char **why);
	/* After a definition or an autostart link changed. */
	int (*reload)(struct stv_ctl *c, char **why);
};

extern const struct stv_backend stv_backend_direct, stv_backend_systemd;

/* "direct" or "systemd", else NULL. */
const struct stv_backend *stv_backend_lookup(const char *name);
/* systemd when it runs as PID 1 (/run/systemd/system exists), else direct. */
const struct stv_backend *stv_backend_default(void);

#endif
