/*
 * A client for StratoVirt's QMP monitor, which is untrusted input.
 *
 * The protocol as StratoVirt 2.5 speaks it (lifecycle.md, "QMP facts"):
 * newline-delimited JSON on a unix socket; a greeting {"QMP":{...}} on
 * connect; qmp_capabilities first; then {"execute":CMD} answered by
 * {"return":...} or {"error":{"class":..,"desc":..}}, with events
 * ({"event":...}) anywhere among the replies.  One client at a time: a
 * second client connects (the backlog) but hears nothing until the first
 * leaves.
 *
 * So every exchange has a deadline (the greeting, and each command with
 * the events before its reply), a line is at most STV_QMP_LINE_MAX bytes,
 * and anything that is not what QMP promises (garbage, truncation, wrong
 * types) is STV_QMP_BAD, never a crash or a wait.  Connections are kept
 * short: open, a few commands, close.
 */
#ifndef STV_CTL_QMP_H
#define STV_CTL_QMP_H

#include <stdbool.h>
#include <sys/types.h>

#include "json.h"

#define STV_QMP_LINE_MAX 65536

/*
 * Every function returns one of these.  For all but OK, *why is replaced
 * (the old message freed) by one that says what happened; the caller
 * frees the last one.
 */
enum stv_qmp_rc {
	STV_QMP_OK = 0,
	STV_QMP_ABSENT,		/* no socket or nobody listening: not running */
	STV_QMP_BUSY,		/* nothing in time: another client, or wedged */
	STV_QMP_CLOSED,		/* the emulator closed the connection */
	STV_QMP_REFUSED,	/* an error reply; why is the emulator's desc */
	STV_QMP_BAD,		/* not QMP: garbage, too long, wrong types */
	STV_QMP_FAILED,		/* a system call failed, or out of memory */
};

struct stv_qmp;

/*
 * Connects to the socket at path; no greeting is read yet.  timeout_ms
 * bounds the connect and then every exchange on the connection.
 */
int stv_qmp_open(const char *path, int timeout_ms, struct stv_qmp **out, char **why);
/* The same over a connected stream socket fd, which it takes over. */
int stv_qmp_attach(int fd, int timeout_ms, struct stv_qmp **out, char **why);
void stv_qmp_close(struct stv_qmp *q);

/* The pid of the process listening on the socket (SO_PEERCRED), or 0. */
pid_t stv_qmp_peer(const struct stv_qmp *q);

/* Reads the greeting (BUSY when none comes in time), then qmp_capabilities. */
int stv_qmp_handshake(struct stv_qmp *q, char **why);

/*
 * Runs one command without arguments (a name of [a-z_-]) and returns the
 * whole reply object in *reply (stv_json_get(*reply, "return")), events
 * skipped.  REFUSED for an error reply.
 */
int stv_qmp_execute(struct stv_qmp *q, const char *command, struct stv_json **reply,
		    char **why);

/* quit: the reply may be lost, so the connection closing counts as OK. */
int stv_qmp_quit(struct stv_qmp *q, char **why);

/* Domain states, as virsh prints them; QMP gives every one but SHUT_OFF. */
enum stv_state {
	STV_STATE_SHUT_OFF,
	STV_STATE_RUNNING,
	STV_STATE_PAUSED,
	STV_STATE_IN_SHUTDOWN,
	STV_STATE_CRASHED,
	STV_STATE_PMSUSPENDED,
	STV_STATE_NO_STATE,	/* alive, but the monitor said nothing usable */
};
const char *stv_state_name(enum stv_state st);

/* query-status: "running", "paused" and the rest mapped to a state. */
int stv_qmp_query_status(struct stv_qmp *q, enum stv_state *st, char **why);

/*
 * query-chardev: the device path of the first pty chardev
 * ("pty:/dev/pts/N"), or *path NULL when the domain has none.
 */
int stv_qmp_query_pty(struct stv_qmp *q, char **path, char **why);

/* "/dev/pts/" and digits: the only pty path stv-ctl opens. */
bool stv_qmp_pty_path_ok(const char *path);

#endif
