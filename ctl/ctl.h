/*
 * stv-ctl's verbs as library calls: the map of ctl/ (lifecycle.md).
 *
 *   paths.h    where the state lives; names that may become paths
 *   lock.h     the per-domain lock (flock)
 *   qmp.h      the monitor client; json.h its parser
 *   domain.h   a run, read from its runtime directory: alive, pid, state
 *   backend.h  how a run is started and stopped: direct or systemd
 *   compile.h  the one door into the compiler and emitters
 *   console.h  the terminal relay of `console`
 *   generator.h  stv-generator: units from definitions
 *   proc.h, util.h  processes and small helpers
 *
 * The driver (cli/stv-ctl.c) parses the command line, calls one verb and
 * prints what it returns; nothing here prints or exits.  Every verb that
 * changes a domain holds its lock for the whole change.
 */
#ifndef STV_CTL_CTL_H
#define STV_CTL_CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "compile.h"
#include "paths.h"
#include "qmp.h"

struct stv_backend;

/* Time limits, in milliseconds (stv-ctl(1), ENVIRONMENT). */
struct stv_ctl_settings {
	int qmp_ms;		/* greeting, and each reply (STV_QMP_TIMEOUT) */
	int start_ms;		/* start: until the monitor answers (STV_START_TIMEOUT) */
	int grace_ms;		/* destroy: quit, then TERM, then KILL (STV_STOP_GRACE) */
	int lock_ms;		/* waiting for another stv-ctl's lock */
	int command_ms;		/* a systemctl command */
	const char *systemctl;	/* the program (STV_SYSTEMCTL) */
};

struct stv_ctl {
	struct stv_ctl_paths paths;
	struct stv_ctl_settings set;
	const struct stv_backend *backend;
	struct stv_ctl_compiler *cc;	/* built on first use */
};

/* What a verb says besides its outcome; every field may be NULL. */
struct stv_ctl_result {
	char *error;		/* why the verb failed (it returned -1) */
	char *findings;		/* the definition's findings, gcc format */
	char *note;		/* one more thing the user should know */
	char *name;		/* the domain a FILE verb acted on */
	bool unchanged;		/* edit: the copy was saved as it was */
};

int stv_ctl_init(struct stv_ctl *c, const struct stv_backend *backend,
		 const struct stv_ctl_settings *set, const char *config_env,
		 const char *runtime_env, char **why);
void stv_ctl_free(struct stv_ctl *c);
void stv_ctl_result_free(struct stv_ctl_result *r);

/*
 * Every verb returns 0 or -1 (r->error says why).  define.c: the
 * definitions.  define validates first and installs the file atomically,
 * nothing written on an error; edit saves only a copy that validates.
 */
int stv_ctl_define(struct stv_ctl *c, const char *file, struct stv_ctl_result *r);
int stv_ctl_undefine(struct stv_ctl *c, const char *name, struct stv_ctl_result *r);
int stv_ctl_edit(struct stv_ctl *c, const char *name, const char *editor,
		 struct stv_ctl_result *r);
int stv_ctl_autostart(struct stv_ctl *c, const char *name, bool enable,
		      struct stv_ctl_result *r);
/* The running domain's definition, or with inactive (or shut off) the defined one. */
int stv_ctl_dumpxml(struct stv_ctl *c, const char *name, bool inactive, char **xml,
		    struct stv_ctl_result *r);

/* lifecycle.c: runs. */
int stv_ctl_start(struct stv_ctl *c, const char *name, struct stv_ctl_result *r);
int stv_ctl_create(struct stv_ctl *c, const char *file, struct stv_ctl_result *r);
int stv_ctl_destroy(struct stv_ctl *c, const char *name, struct stv_ctl_result *r);
int stv_ctl_suspend(struct stv_ctl *c, const char *name, struct stv_ctl_result *r);
int stv_ctl_resume(struct stv_ctl *c, const char *name, struct stv_ctl_result *r);
int stv_ctl_reboot(struct stv_ctl *c, const char *name, struct stv_ctl_result *r);
/* timeout_ms 0: press the power button and return. */
int stv_ctl_shutdown(struct stv_ctl *c, const char *name, int timeout_ms,
		     struct stv_ctl_result *r);

/* query.c: what is there. */
struct stv_ctl_entry {
	char *name;
	enum stv_state state;
	pid_t pid;		/* 0 when not running */
	bool persistent;	/* defined, not only created */
	bool autostart;
};

/* Running domains, and with all the defined ones too, sorted by name. */
int stv_ctl_list(struct stv_ctl *c, bool all, struct stv_ctl_entry **v, size_t *n,
		 struct stv_ctl_result *r);
void stv_ctl_entries_free(struct stv_ctl_entry *v, size_t n);

struct stv_ctl_info {
	struct stv_ctl_entry e;
	char *state_why;	/* why the state is "no state", or NULL */
	char *uuid;
	uint64_t vcpus, memory_kib, current_memory_kib;
	char *console;		/* the pty, when running with one */
};
int stv_ctl_dominfo(struct stv_ctl *c, const char *name, struct stv_ctl_info *info,
		    struct stv_ctl_result *r);
void stv_ctl_info_free(struct stv_ctl_info *info);

/*
 * console.c: the pty of a running domain, from RUNDIR/console (cached at
 * start, so it works while another client holds the monitor), opened and
 * locked against a second console.  Returns the pty's fd and *lock (close
 * both when done), or -1.
 */
int stv_ctl_console_open(struct stv_ctl *c, const char *name, int *lock,
			 struct stv_ctl_result *r);
/*
 * The pty of a running domain: RUNDIR/console, else asked of the monitor
 * (and cached).  NULL when it has none or it cannot be known (*why then,
 * unless why is NULL).
 */
char *stv_ctl_console_path(struct stv_ctl *c, const char *name, char **why);

/* Shared by the verbs (define.c). */
enum stv_def { STV_DEF_NONE, STV_DEF_PERSISTENT, STV_DEF_TRANSIENT };

/* Sets r->error (formatted) and returns -1. */
int stv_ctl_fail(struct stv_ctl_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The compiler, built on first use; NULL with r->error set. */
struct stv_ctl_compiler *stv_ctl_compiler(struct stv_ctl *c, struct stv_ctl_result *r);
/* -1 with "no domain named NAME" unless name is one stv-ctl accepts. */
int stv_ctl_check_name(const char *name, struct stv_ctl_result *r);
/* Whether name is defined, and whether it has an autostart link. */
bool stv_ctl_defined(const struct stv_ctl *c, const char *name);
bool stv_ctl_is_autostart(const struct stv_ctl *c, const char *name);
/* Whether NAME's file of kind k exists. */
bool stv_ctl_exists(const struct stv_ctl *c, const char *name, enum stv_path k);
/* -1 with r->error unless name is a defined domain. */
int stv_ctl_need_defined(struct stv_ctl *c, const char *name, struct stv_ctl_result *r);
/* Whether the domain runs (its monitor socket, see domain.h). */
bool stv_ctl_running(struct stv_ctl *c, const char *name);
/* The domain lock's fd (close to release), or -1 with r->error. */
int stv_ctl_lock(struct stv_ctl *c, const char *name, struct stv_ctl_result *r);
/* The backend's reload after a definition changed; -1 with r->error. */
int stv_ctl_reload(struct stv_ctl *c, struct stv_ctl_result *r);
/*
 * Checks a definition as stv-compile would (req's runtime is set here).
 * Its findings go to r when it fails, or with warnings set.  -1 with
 * r->error when the domain cannot be used (what says what did not
 * happen: "nothing was defined").
 */
int stv_ctl_check(struct stv_ctl *c, const struct stv_ctl_request *req, const char *what,
		  bool warnings, struct stv_ctl_domain *dom, struct stv_ctl_result *r);

#endif
