/*
 * libFuzzer harness for the QMP client: the input is everything a hostile
 * monitor sends (greeting, replies, events, garbage), and the harness
 * plays that server.  The bytes go into one end of a socketpair, whose
 * write side is then shut, and the client runs a session as stv-ctl does:
 * handshake, query-status, query-chardev, stop, quit.  Since the stream
 * always ends (EOF) the client never waits, so a timeout found here is a
 * loop, not a slow monitor.  The same bytes also go through the JSON
 * reader alone.
 *
 * Besides the sanitizers it asserts what stv-ctl relies on: every failure
 * comes with a message, an emulator's message holds no control byte (it
 * is printed on the user's terminal), states are in range, and a pty path
 * is one stv-ctl would open.
 *
 * Built by tests/fuzz/run.sh; the regression inputs in
 * tests/fuzz/corpus-qmp/ replay every run.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../ctl/json.h"
#include "../../ctl/qmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_qmp: %s\n", what);
	abort();
}

/* What every call promises, whatever the input. */
static void check(int rc, const char *why)
{
	if (rc < STV_QMP_OK || rc > STV_QMP_FAILED)
		die("a return code out of range");
	if (rc != STV_QMP_OK && !why)
		die("a failure without a message");
	if (rc == STV_QMP_REFUSED)
		for (const unsigned char *p = (const unsigned char *)why; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				die("a control byte in an emulator's message");
}

/* Whether the session can go on after rc. */
static int goes_on(int rc)
{
	return rc == STV_QMP_OK || rc == STV_QMP_REFUSED || rc == STV_QMP_BAD;
}

static void session(struct stv_qmp *q)
{
	char *why = NULL, *pty = NULL;
	struct stv_json *reply = NULL;
	enum stv_state st = STV_STATE_SHUT_OFF;
	int rc = stv_qmp_handshake(q, &why);
	check(rc, why);
	if (rc != STV_QMP_OK)
		goto out;
	rc = stv_qmp_query_status(q, &st, &why);
	check(rc, why);
	if (rc == STV_QMP_OK && (st < STV_STATE_RUNNING || st > STV_STATE_NO_STATE))
		die("query-status gave a state out of range");
	if (!goes_on(rc))
		goto out;
	rc = stv_qmp_query_pty(q, &pty, &why);
	check(rc, why);
	if (pty && (rc != STV_QMP_OK || !stv_qmp_pty_path_ok(pty)))
		die("query-chardev gave a pty stv-ctl must not open");
	if (!goes_on(rc))
		goto out;
	rc = stv_qmp_execute(q, "stop", &reply, &why);
	check(rc, why);
	if ((rc == STV_QMP_OK) != (reply != NULL))
		die("a reply without OK, or OK without a reply");
	stv_json_free(reply);
	if (goes_on(rc))
		check(stv_qmp_quit(q, &why), why);
out:
	free(pty);
	free(why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err;
	int sv[2];
	struct stv_qmp *q;
	char *why = NULL;
	stv_json_free(stv_json_parse((const char *)data, size, &err));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair");
	/* Whatever fits in the socket buffer (run.sh bounds -max_len below it). */
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	for (size_t off = 0; off < size;) {
		ssize_t n = write(sv[1], data + off, size - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	shutdown(sv[1], SHUT_WR);
	if (stv_qmp_attach(sv[0], 1000, &q, &why) != STV_QMP_OK)
		die("attach");
	session(q);
	stv_qmp_close(q);
	close(sv[1]);
	free(why);
	return 0;
}
