/*
 * Where the management half keeps its state (lifecycle.md, "The command").
 * No daemon holds anything: the files below are the whole state, so any
 * number of stv-ctl runs work side by side, one lock per domain.
 *
 *   CONFIG/NAME.xml             a defined domain; the file name is its <name>
 *   CONFIG/autostart/NAME.xml   a symlink to ../NAME.xml: start at boot
 *   RUNTIME/NAME.xml            a transient domain (create), while it runs
 *   RUNTIME/NAME.lock           the domain's lock (flock), never removed
 *   RUNTIME/NAME/               the runtime directory of a run:
 *       qmp.sock                  the monitor (the emulator creates it)
 *       pid                       the emulator's pid
 *       console                   the pty path, cached at start
 *       domain.xml                the definition the run started from
 *       launch.sh, launcher       direct backend: the script, its supervisor
 *       log                       direct backend: output of the last run
 *
 * CONFIG is /etc/stratovirt and RUNTIME /run/stratovirt unless
 * STV_CONFIG_DIR and STV_RUNTIME_DIR say otherwise.  The lock lives beside
 * the runtime directory, not in it: systemd removes the directory when the
 * unit stops (RuntimeDirectory=), and a lock file that can be removed lets
 * two processes hold "the" lock at once.
 */
#ifndef STV_CTL_PATHS_H
#define STV_CTL_PATHS_H

#include <stdbool.h>

#define STV_CONFIG_DEFAULT "/etc/stratovirt"
#define STV_RUNTIME_DEFAULT "/run/stratovirt"
/* Longest domain name stv-ctl handles: NAME.lock and the unit name fit NAME_MAX. */
#define STV_NAME_MAX 200

struct stv_ctl_paths {
	char *config;
	char *runtime;
};

/*
 * The two directories: the environment's value when set (absolute, with
 * trailing slashes dropped), else the default.  -1 with *why set.
 */
int stv_paths_init(struct stv_ctl_paths *p, const char *config_env,
		   const char *runtime_env, char **why);
void stv_paths_free(struct stv_ctl_paths *p);

/*
 * A domain name stv-ctl accepts: the characters of the domain rule
 * (A-Z a-z 0-9 _ - :), not starting with '-', at most STV_NAME_MAX bytes.
 * Every name is checked before it becomes part of a path.
 */
bool stv_name_ok(const char *name);

enum stv_path {
	STV_P_DEFINITION,	/* CONFIG/NAME.xml */
	STV_P_AUTOSTART,	/* CONFIG/autostart/NAME.xml */
	STV_P_AUTOSTART_DIR,	/* CONFIG/autostart (name unused) */
	STV_P_TRANSIENT,	/* RUNTIME/NAME.xml */
	STV_P_LOCK,		/* RUNTIME/NAME.lock */
	STV_P_RUNDIR,		/* RUNTIME/NAME */
	STV_P_QMP,		/* RUNTIME/NAME/qmp.sock */
	STV_P_PID,
	STV_P_CONSOLE,
	STV_P_LIVE_XML,		/* RUNTIME/NAME/domain.xml */
	STV_P_SCRIPT,		/* RUNTIME/NAME/launch.sh */
	STV_P_LAUNCHER,
	STV_P_LOG,
};

/* The path of kind k for the domain name; NULL when out of memory. */
char *stv_path(const struct stv_ctl_paths *p, const char *name, enum stv_path k);

/* mkdir -p with the last component's mode; 0, or -1 with errno. */
int ctl_mkdirs(const char *dir, int mode);

/* A symlink link -> target, replacing link atomically; -1 with errno. */
int ctl_symlink_atomic(const char *target, const char *link);

#endif
