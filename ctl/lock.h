/*
 * Locks, all flock(2): released when the holder exits, whatever kills it,
 * so a crash never leaves a domain locked.
 *
 * The domain lock (RUNTIME/NAME.lock) is held by every verb that changes
 * a domain, for as long as the change takes: two `start`s at once give
 * one emulator, the second waiting and then finding it running.
 */
#ifndef STV_CTL_LOCK_H
#define STV_CTL_LOCK_H

#include <stdbool.h>

#include "paths.h"

/*
 * Takes the domain lock, waiting up to timeout_ms for another holder.
 * Returns the lock's fd (close it to release), or -1 with *why set.
 */
int stv_lock_domain(const struct stv_ctl_paths *p, const char *name, int timeout_ms,
		    char **why);

/* Creates path if needed and locks it without waiting; the fd or -1. */
int ctl_lock_now(const char *path);

/* Whether some process holds a lock on path (false when there is no path). */
bool ctl_lock_held(const char *path);

#endif
