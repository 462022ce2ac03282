/*
 * `console`: the terminal in raw mode, bytes relayed both ways between it
 * and the domain's pty until Ctrl-] (as virsh), the console closing, or a
 * signal.  Signals are the driver's (a handler can only reach a global):
 * it passes the read end of a pipe its handlers write to, and the relay
 * returns when that becomes readable, so the terminal is restored on
 * every path but SIGKILL.
 */
#ifndef STV_CTL_CONSOLE_H
#define STV_CTL_CONSOLE_H

#include <stdbool.h>
#include <termios.h>

/* Ctrl-]: detaches, as virsh console. */
#define STV_CONSOLE_ESCAPE 0x1d

struct stv_term {
	int fd;
	bool raw;		/* saved holds the settings to restore */
	struct termios saved;
};

/*
 * Raw mode on fd when it is a terminal (else nothing to do); -1 with
 * errno.  Nothing waiting is flushed: on the pty, that is what the guest
 * printed before anyone attached.
 */
int stv_term_raw(int fd, struct stv_term *t);
/* Puts the saved settings back; safe to call when raw mode was not set. */
void stv_term_restore(struct stv_term *t);

enum stv_relay_end {
	STV_RELAY_DETACHED,	/* Ctrl-] */
	STV_RELAY_INPUT_EOF,	/* the input ended (it was not a terminal) */
	STV_RELAY_CLOSED,	/* the pty closed: the emulator went away */
	STV_RELAY_STOPPED,	/* stop_fd became readable: a signal */
	STV_RELAY_ERROR,	/* a read or write failed (errno) */
};

/*
 * Relays in -> pty and pty -> out until one of the ends above.  The pty
 * is non-blocking, so a guest that reads nothing cannot stop Ctrl-] from
 * being seen.
 */
enum stv_relay_end stv_console_relay(int in, int out, int pty, int stop_fd);

#endif
