/*
 * ctl/qmp.c against a scripted server: the server's bytes are written into
 * one end of a socketpair before the client runs, then that end stops
 * writing (EOF) or stays silent, so every case is deterministic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../../ctl/qmp.h"

#define GREETING "{\"QMP\":{\"version\":{\"qemu\":{\"micro\":1,\"minor\":0,\"major\":5}," \
		 "\"package\":\"StratoVirt-2.5.0\"},\"capabilities\":[]}}\r\n"
#define OK "{\"return\":{}}\r\n"
#define EVENT "{\"event\":\"STOP\",\"data\":{},\"timestamp\":{\"seconds\":1,\"microseconds\":2}}\r\n"

struct conn {
	struct stv_qmp *q;
	int server;		/* -1 once closed */
	char *why;
};

/*
 * A client whose server says data (n bytes), then ends its side of the
 * stream (EOF) unless keep_open; it still accepts what the client sends.
 */
static void serve_n(struct conn *c, const char *data, size_t n, bool keep_open, int timeout_ms)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[1], data, n), (ssize_t)n);
	c->server = sv[1];
	if (!keep_open)
		assert_int_equal(shutdown(sv[1], SHUT_WR), 0);
	c->why = NULL;
	assert_int_equal(stv_qmp_attach(sv[0], timeout_ms, &c->q, &c->why), STV_QMP_OK);
}

static void serve(struct conn *c, const char *data)
{
	serve_n(c, data, strlen(data), false, 200);
}

static void done(struct conn *c)
{
	stv_qmp_close(c->q);
	if (c->server >= 0)
		close(c->server);
	free(c->why);
}

static void handshake(void **state)
{
	(void)state;
	struct conn c;
	serve(&c, GREETING OK);
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
	assert_int_equal(stv_qmp_peer(c.q), getpid());	/* SO_PEERCRED */
	done(&c);
}

static void not_a_monitor(void **state)
{
	(void)state;
	struct conn c;
	serve(&c, "{\"hello\":1}\n");
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_BAD);
	assert_non_null(strstr(c.why, "does not greet as a QMP monitor"));
	done(&c);
}

/* Another client holds the monitor: connected, and nothing comes. */
static void silent_monitor_times_out(void **state)
{
	(void)state;
	struct conn c;
	struct timespec a, b;
	serve_n(&c, "", 0, true, 100);
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_BUSY);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true(b.tv_sec - a.tv_sec < 2);
	assert_non_null(strstr(c.why, "no greeting"));
	done(&c);
}

/* Events forever and no reply: the deadline is per exchange, not per line. */
static void endless_events_time_out(void **state)
{
	(void)state;
	struct conn c;
	char data[64 * 1024] = GREETING OK;
	while (strlen(data) + sizeof EVENT < sizeof data)
		strcat(data, EVENT);
	serve_n(&c, data, strlen(data), true, 100);
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
	struct stv_json *reply;
	assert_int_equal(stv_qmp_execute(c.q, "stop", &reply, &c.why), STV_QMP_BUSY);
	assert_null(reply);
	done(&c);
}

static void events_are_skipped(void **state)
{
	(void)state;
	struct conn c;
	enum stv_state st;
	serve(&c, GREETING EVENT OK EVENT "\r\n\n" EVENT
	      "{\"return\":{\"running\":false,\"singlestep\":false,\"status\":\"paused\"}}\n");
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
	assert_int_equal(stv_qmp_query_status(c.q, &st, &c.why), STV_QMP_OK);
	assert_int_equal(st, STV_STATE_PAUSED);
	done(&c);
}

static void error_reply(void **state)
{
	(void)state;
	struct conn c;
	struct stv_json *reply;
	serve(&c, GREETING OK EVENT
	      "{\"error\":{\"class\":\"GenericError\",\"desc\":\"Failed to pause VM\"}}\n"
	      "{\"error\":{\"class\":\"GenericError\",\"desc\":\"\\u001b[31mred\\nline\"}}\n"
	      "{\"error\":{\"class\":\"CommandNotFound\"}}\n"
	      "{\"error\":\"oops\"}\n");
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
	assert_int_equal(stv_qmp_execute(c.q, "stop", &reply, &c.why), STV_QMP_REFUSED);
	assert_string_equal(c.why, "Failed to pause VM");
	/* No escape sequence reaches the terminal. */
	assert_int_equal(stv_qmp_execute(c.q, "stop", &reply, &c.why), STV_QMP_REFUSED);
	assert_string_equal(c.why, "?[31mred?line");
	assert_int_equal(stv_qmp_execute(c.q, "x", &reply, &c.why), STV_QMP_REFUSED);
	assert_string_equal(c.why, "CommandNotFound");
	assert_int_equal(stv_qmp_execute(c.q, "x", &reply, &c.why), STV_QMP_BAD);
	done(&c);
}

static void quit_reply_may_be_lost(void **state)
{
	(void)state;
	struct conn c;
	serve(&c, GREETING OK);
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
	assert_int_equal(stv_qmp_quit(c.q, &c.why), STV_QMP_OK);
	done(&c);
	serve(&c, GREETING OK "{\"event\":\"SHUTDOWN\"}\n" OK);
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
	assert_int_equal(stv_qmp_quit(c.q, &c.why), STV_QMP_OK);
	done(&c);
}

/* Each of these, after the handshake, makes query-status fail as BAD. */
static void hostile_replies(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"garbage\n",
		"[1,2,3]\n",					/* not an object */
		"{\"return\":{\"status\":\"running\"}",		/* no newline, then EOF */
		"{\"return\":\"running\"}\n",			/* wrong type */
		"{\"return\":{\"status\":1}}\n",
		"{\"return\":{}}\n",				/* no status */
		"{\"retur\":{}}\n",				/* not a reply, not an event */
		"{\"return\":{\"status\":\"\\ud800\"}}\n",	/* invalid string */
		"{\"return\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct conn c;
		enum stv_state st;
		char data[512];
		snprintf(data, sizeof data, GREETING OK "%s", bad[i]);
		serve(&c, data);
		assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
		if (stv_qmp_query_status(c.q, &st, &c.why) != STV_QMP_BAD)
			fail_msg("not refused as BAD: %s", bad[i]);
		done(&c);
	}
}

static void line_length_is_bounded(void **state)
{
	(void)state;
	struct conn c;
	size_t n = STV_QMP_LINE_MAX + 10;
	char *data = malloc(n);
	memset(data, ' ', n);
	data[0] = '{';
	serve_n(&c, data, n, false, 200);
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_BAD);
	assert_non_null(strstr(c.why, "longer than"));
	done(&c);
	free(data);
}

static void closed_is_closed(void **state)
{
	(void)state;
	struct conn c;
	serve(&c, "");
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_CLOSED);
	done(&c);
}

static void states(void **state)
{
	(void)state;
	static const struct {
		const char *status;
		enum stv_state st;
	} cases[] = {
		{ "running", STV_STATE_RUNNING }, { "paused", STV_STATE_PAUSED },
		{ "prelaunch", STV_STATE_PAUSED }, { "io-error", STV_STATE_PAUSED },
		{ "shutdown", STV_STATE_IN_SHUTDOWN }, { "guest-panicked", STV_STATE_CRASHED },
		{ "suspended", STV_STATE_PMSUSPENDED }, { "colo", STV_STATE_NO_STATE },
		{ "RUNNING", STV_STATE_NO_STATE },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct conn c;
		enum stv_state st;
		char data[512];
		snprintf(data, sizeof data, GREETING OK
			 "{\"return\":{\"running\":true,\"status\":\"%s\"}}\n", cases[i].status);
		serve(&c, data);
		assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
		assert_int_equal(stv_qmp_query_status(c.q, &st, &c.why), STV_QMP_OK);
		assert_int_equal(st, cases[i].st);
		done(&c);
	}
	assert_string_equal(stv_state_name(STV_STATE_SHUT_OFF), "shut off");
	assert_string_equal(stv_state_name(STV_STATE_NO_STATE), "no state");
}

static int pty_of(const char *reply, char **path)
{
	struct conn c;
	char data[1024];
	snprintf(data, sizeof data, GREETING OK "%s\n", reply);
	serve(&c, data);
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
	int rc = stv_qmp_query_pty(c.q, path, &c.why);
	done(&c);
	return rc;
}

static void chardevs(void **state)
{
	(void)state;
	char *path;
	assert_int_equal(pty_of("{\"return\":[{\"filename\":\"unix:/run/x.sock,server\","
				"\"label\":\"a\"},{\"filename\":\"pty:/dev/pts/7\",\"label\":\"b\"},"
				"{\"filename\":\"pty:/dev/pts/8\",\"label\":\"c\"}]}", &path),
			 STV_QMP_OK);
	assert_string_equal(path, "/dev/pts/7");
	free(path);
	assert_int_equal(pty_of("{\"return\":[]}", &path), STV_QMP_OK);
	assert_null(path);
	assert_int_equal(pty_of("{\"return\":{}}", &path), STV_QMP_BAD);
	assert_int_equal(pty_of("{\"return\":[{\"label\":\"a\"}]}", &path), STV_QMP_BAD);
	assert_int_equal(pty_of("{\"return\":[{\"filename\":\"pty:/etc/passwd\"}]}", &path),
			 STV_QMP_BAD);
	assert_int_equal(pty_of("{\"return\":[{\"filename\":\"pty:/dev/pts/1/../../x\"}]}", &path),
			 STV_QMP_BAD);
	assert_null(path);
}

static void command_names(void **state)
{
	(void)state;
	struct conn c;
	struct stv_json *reply;
	serve(&c, GREETING OK);
	assert_int_equal(stv_qmp_handshake(c.q, &c.why), STV_QMP_OK);
	assert_int_equal(stv_qmp_execute(c.q, "stop\"}{", &reply, &c.why), STV_QMP_FAILED);
	assert_int_equal(stv_qmp_execute(c.q, "", &reply, &c.why), STV_QMP_FAILED);
	done(&c);
}

static void open_socket(void **state)
{
	(void)state;
	struct stv_qmp *q;
	char *why = NULL, path[108], dir[64];
	snprintf(dir, sizeof dir, "%.40s/stv-qmp-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/qmp.sock", dir);
	assert_int_equal(stv_qmp_open(path, 100, &q, &why), STV_QMP_ABSENT);
	/* A listener that never accepts: connected, then no greeting. */
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	strcpy(sa.sun_path, path);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(l, 4), 0);
	assert_int_equal(stv_qmp_open(path, 100, &q, &why), STV_QMP_OK);
	assert_int_equal(stv_qmp_peer(q), getpid());
	assert_int_equal(stv_qmp_handshake(q, &why), STV_QMP_BUSY);
	stv_qmp_close(q);
	close(l);
	/* Nobody listens any more: the file is stale. */
	assert_int_equal(stv_qmp_open(path, 100, &q, &why), STV_QMP_ABSENT);
	unlink(path);
	rmdir(dir);
	char longp[300];
	memset(longp, 'a', sizeof longp - 1);
	longp[0] = '/';
	longp[sizeof longp - 1] = '\0';
	assert_int_equal(stv_qmp_open(longp, 100, &q, &why), STV_QMP_FAILED);
	free(why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handshake),
		cmocka_unit_test(not_a_monitor),
		cmocka_unit_test(silent_monitor_times_out),
		cmocka_unit_test(endless_events_time_out),
		cmocka_unit_test(events_are_skipped),
		cmocka_unit_test(error_reply),
		cmocka_unit_test(quit_reply_may_be_lost),
		cmocka_unit_test(hostile_replies),
		cmocka_unit_test(line_length_is_bounded),
		cmocka_unit_test(closed_is_closed),
		cmocka_unit_test(states),
		cmocka_unit_test(chardevs),
		cmocka_unit_test(command_names),
		cmocka_unit_test(open_socket),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
