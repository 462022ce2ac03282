/*
 * The systemd backend: stratovirt-NAME.service, as stv-generator writes
 * it from the definition (and from RUNTIME/NAME.xml for a transient
 * domain, which is why create and destroy reload).  systemd ends the run
 * itself: `systemctl stop` sends SIGTERM, then SIGKILL after the unit's
 * TimeoutStopSec=, and runs ExecStopPost= for the taps.
 */
#include "backend.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

/* How often `start` asks whether the unit is still active. */
#define CHECK_MS 250

/* systemctl VERB [UNIT]; the output kept in *output when asked. */
static int systemctl(struct stv_ctl *c, const char *verb, const char *unit, char **output,
		     char **why)
{
	char *argv[] = { (char *)c->set.systemctl, (char *)verb, (char *)unit, NULL };
	char *out = NULL;
	int st = ctl_run(argv, c->set.command_ms, &out, why);
	if (st > 0 && !output)
		*why = stv_asprintf("%s %s%s%s failed (status %d)%s%s", c->set.systemctl, verb,
				unit ? " " : "", unit ? unit : "", st, *out ? ": " : "", out);
	if (output)
		*output = out;
	else
		free(out);
	return st;
}

/* systemctl VERB UNIT for the domain's unit: 0, or -1 with *why. */
static int unit_verb(struct stv_ctl *c, const char *verb, const char *name, char **why)
{
	char *unit = stv_ctl_unit_name(name);
	int st = unit ? systemctl(c, verb, unit, NULL, why) : -1;
	if (!unit)
		*why = stv_asprintf("out of memory");
	free(unit);
	return st == 0 ? 0 : -1;
}

static int systemd_reload(struct stv_ctl *c, char **why)
{
	return systemctl(c, "daemon-reload", NULL, NULL, why) == 0 ? 0 : -1;
}

static int systemd_start(struct stv_ctl *c, const char *name, bool transient,
			 struct stv_launch *l, char **why)
{
	l->next_check = ctl_now_ms() + CHECK_MS;
	if (transient && systemd_reload(c, why) < 0)
		return -1;
	return unit_verb(c, "start", name, why);
}

static bool systemd_ended(struct stv_ctl *c, const char *name, struct stv_launch *l, char **why)
{
	static const char *const up[] = { "active", "activating", "reloading", NULL };
	char *unit, *state = NULL, *ignore = NULL;
	bool ended = true;
	if (ctl_now_ms() < l->next_check)
		return false;
	l->next_check = ctl_now_ms() + CHECK_MS;
	unit = stv_ctl_unit_name(name);
	if (!unit || systemctl(c, "is-active", unit, &state, &ignore) < 0) {
		free(unit);
		free(ignore);
		return false;
	}
	for (const char *const *s = up; *s; s++)
		ended = ended && strcmp(state, *s) != 0;
	if (ended)
		*why = stv_asprintf("%s is %s before its monitor answered; journalctl -u %s has "
				"the emulator's messages", unit, state, unit);
	free(state);
	free(unit);
	return ended;
}

static void systemd_hold(struct stv_ctl *c, const char *name)
{
	/* systemctl stop follows at once, and cancels a pending restart. */
	(void)c;
	(void)name;
}

static int systemd_stop(struct stv_ctl *c, const char *name, pid_t pid, char **why)
{
	(void)pid;
	return unit_verb(c, "stop", name, why);
}

const struct stv_backend stv_backend_systemd = {
	"systemd", systemd_start, systemd_ended, systemd_hold, systemd_stop, systemd_reload,
};

const struct stv_backend *stv_backend_lookup(const char *name)
{
	if (strcmp(name, "direct") == 0)
		return &stv_backend_direct;
	if (strcmp(name, "systemd") == 0)
		return &stv_backend_systemd;
	return NULL;
}

/* sd_booted(): systemd creates /run/systemd/system when it is PID 1. */
const struct stv_backend *stv_backend_default(void)
{
	return access("/run/systemd/system", F_OK) == 0 ? &stv_backend_systemd
							 : &stv_backend_direct;
}
