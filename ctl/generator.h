/*
 * stv-generator's work, as podman's quadlet does it for containers
 * (lifecycle.md, "stv-generator"): every definition becomes
 * stratovirt-NAME.service in NORMAL_DIR, the unit `stv-compile
 * --emit=unit` writes plus SourcePath= the definition, and an autostart
 * domain gets its NORMAL_DIR/multi-user.target.wants/ link (systemd
 * cannot enable a unit in /run; the generator links it itself).
 *
 * Definitions come from CONFIG/NAME.xml and RUNTIME/NAME.xml (transient
 * domains, which win over a definition of the same name).  A file that is
 * not named after its <name>, or has an error, is skipped with one log
 * line and the rest are still written.  Units and links are written
 * atomically, so a generator run that dies, or two at once, never leave a
 * half unit.
 */
#ifndef STV_CTL_GENERATOR_H
#define STV_CTL_GENERATOR_H

#include <stdbool.h>

#include "paths.h"

/* Where the generator's messages and --dryrun's output go (the driver). */
struct stv_gen_sink {
	void *ctx;
	/* One line about a skipped definition or a failed write; priority as syslog's. */
	void (*log)(void *ctx, int priority, const char *line);
	/* dryrun: a unit (text) or a link (to text) that would be written at dir/rel. */
	void (*dry)(void *ctx, const char *rel, const char *text, bool link);
};

/*
 * Generates into dir (unused with dryrun, which hands each file to the
 * sink instead of writing it).  Returns
 * 0 when every definition made its unit, 1 when some were skipped or a
 * file could not be written (each logged), -1 when nothing could be done
 * (logged too).
 */
int stv_generate(const struct stv_ctl_paths *p, const char *dir, bool dryrun,
		 const struct stv_gen_sink *sink);

#endif
