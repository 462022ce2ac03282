/*
 * Processes: whether one is alive, waiting for one to end, and running a
 * command (systemctl, an editor) with a time limit.
 */
#ifndef STV_CTL_PROC_H
#define STV_CTL_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Whether pid is a live process.  A zombie is not: an emulator that
 * exited stays one until its launcher reaps it, and it runs nothing.
 */
bool ctl_alive(pid_t pid);

/* Waits up to ms for pid to end; true when it has. */
bool ctl_wait_gone(pid_t pid, int ms);

/*
 * Waits for a child: its exit status, 128 + the signal that ended it, or
 * -1 when waitpid fails.
 */
int ctl_reap(pid_t pid);

/* How much of a command's output is kept for a message. */
#define CTL_OUTPUT_MAX 4096

/*
 * Runs argv (argv[0] found on PATH) with stdin from /dev/null and stdout
 * and stderr collected into *output (at most CTL_OUTPUT_MAX bytes, made
 * printable, trailing newlines dropped; NULL when output is NULL).  After
 * timeout_ms it is killed.  Returns its exit status, 128 + the signal that
 * ended it, or -1 with *why set when it could not be run.
 */
int ctl_run(char *const argv[], int timeout_ms, char **output, char **why);

/* Runs argv on the caller's terminal (an editor) and waits; as ctl_run. */
int ctl_run_tty(char *const argv[], char **why);

#endif
