/* ctl/paths.c, lock.c, domain.c: names, paths, locks and run files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../ctl/domain.h"
#include "../../ctl/lock.h"
#include "../../ctl/paths.h"

struct fixture {
	char dir[64];
	struct stv_ctl_paths p;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char conf[128], run[128], *why = NULL;
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(f->dir, sizeof f->dir, "%.40s/stv-state-XXXXXX", base);
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(conf, sizeof conf, "%s/etc//", f->dir);
	snprintf(run, sizeof run, "%s/run", f->dir);
	if (stv_paths_init(&f->p, conf, run, &why) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	stv_paths_free(&f->p);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void names(void **state)
{
	(void)state;
	static const char *const ok[] = { "vm", "vm-1", "a:b_C", "0" };
	static const char *const bad[] = {
		"", "-vm", "../etc", "a/b", "a b", "a.b", "vm\n", "\xc3\xa9",
	};
	char longest[STV_NAME_MAX + 2];
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_true(stv_name_ok(ok[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(stv_name_ok(bad[i]));
	memset(longest, 'a', sizeof longest);
	longest[STV_NAME_MAX] = '\0';
	assert_true(stv_name_ok(longest));
	longest[STV_NAME_MAX] = 'a';
	longest[STV_NAME_MAX + 1] = '\0';
	assert_false(stv_name_ok(longest));
}

static void paths(void **state)
{
	struct fixture *f = *state;
	char want[256], *got;
	static const struct {
		enum stv_path k;
		const char *under, *rest;
	} cases[] = {
		{ STV_P_DEFINITION, "etc", "vm.xml" },
		{ STV_P_AUTOSTART, "etc", "autostart/vm.xml" },
		{ STV_P_AUTOSTART_DIR, "etc", "autostart" },
		{ STV_P_TRANSIENT, "run", "vm.xml" },
		{ STV_P_LOCK, "run", "vm.lock" },
		{ STV_P_RUNDIR, "run", "vm" },
		{ STV_P_QMP, "run", "vm/qmp.sock" },
		{ STV_P_CONSOLE, "run", "vm/console" },
		{ STV_P_LOG, "run", "vm/log" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(want, sizeof want, "%s/%s/%s", f->dir, cases[i].under, cases[i].rest);
		got = stv_path(&f->p, "vm", cases[i].k);
		assert_string_equal(got, want);	/* trailing slashes of the variable gone */
		free(got);
	}
}

static void directories(void **state)
{
	(void)state;
	struct stv_ctl_paths p;
	char *why = NULL;
	assert_int_equal(stv_paths_init(&p, NULL, "", &why), 0);
	assert_string_equal(p.config, STV_CONFIG_DEFAULT);
	assert_string_equal(p.runtime, STV_RUNTIME_DEFAULT);
	stv_paths_free(&p);
	assert_int_equal(stv_paths_init(&p, "etc", NULL, &why), -1);
	assert_non_null(strstr(why, "STV_CONFIG_DIR='etc' must be an absolute path"));
	free(why);
}

/* Two holders cannot have the lock; the second waits, then gives up. */
static void domain_lock(void **state)
{
	struct fixture *f = *state;
	char *why = NULL, *path = stv_path(&f->p, "vm", STV_P_LOCK);
	int a = stv_lock_domain(&f->p, "vm", 1000, &why);
	assert_true(a >= 0);
	assert_true(ctl_lock_held(path));
	int b = stv_lock_domain(&f->p, "vm", 100, &why);
	assert_int_equal(b, -1);
	assert_non_null(strstr(why, "another stv-ctl has held the lock of vm"));
	free(why);
	why = NULL;
	close(a);
	assert_false(ctl_lock_held(path));
	b = stv_lock_domain(&f->p, "vm", 100, &why);
	assert_true(b >= 0);
	close(b);
	assert_false(ctl_lock_held("/nonexistent/lock"));
	free(path);
}

static void write_raw(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Run files are whole lines; anything else is not there yet. */
static void run_files(void **state)
{
	struct fixture *f = *state;
	char *dir = stv_path(&f->p, "vm", STV_P_RUNDIR), *pid = stv_path(&f->p, "vm", STV_P_PID);
	char *text;
	assert_int_equal(ctl_mkdirs(dir, 0700), 0);
	assert_int_equal(stv_run_write(&f->p, "vm", STV_P_PID, "1234"), 0);
	assert_int_equal(stv_run_read_pid(&f->p, "vm", STV_P_PID), 1234);
	write_raw(pid, "12");	/* being written: no newline yet */
	assert_int_equal(stv_run_read_pid(&f->p, "vm", STV_P_PID), 0);
	write_raw(pid, "12x\n");
	assert_int_equal(stv_run_read_pid(&f->p, "vm", STV_P_PID), 0);
	write_raw(pid, "1\n");	/* never init */
	assert_int_equal(stv_run_read_pid(&f->p, "vm", STV_P_PID), 0);
	write_raw(pid, "5\n6\n");
	assert_null(stv_run_read(&f->p, "vm", STV_P_PID));
	assert_int_equal(stv_run_write(&f->p, "vm", STV_P_CONSOLE, "/dev/pts/3"), 0);
	text = stv_run_read(&f->p, "vm", STV_P_CONSOLE);
	assert_string_equal(text, "/dev/pts/3");
	free(text);
	free(dir);
	free(pid);
}

/* Nothing listens: not running, whatever files say; clean-up keeps the log. */
static void stale_run(void **state)
{
	struct fixture *f = *state;
	char *dir = stv_path(&f->p, "vm", STV_P_RUNDIR), *log = stv_path(&f->p, "vm", STV_P_LOG);
	char *sock = stv_path(&f->p, "vm", STV_P_QMP), *why = NULL;
	struct stv_run run;
	assert_int_equal(ctl_mkdirs(dir, 0700), 0);
	assert_int_equal(stv_run_write(&f->p, "vm", STV_P_PID, "1"), 0);
	write_raw(sock, "");
	write_raw(log, "last run\n");
	stv_run_probe(&f->p, "vm", 100, &run);
	assert_false(run.alive);
	assert_int_equal(run.pid, 0);
	assert_int_equal(stv_run_state(&f->p, "vm", 100, &why), STV_STATE_SHUT_OFF);
	stv_run_clean(&f->p, "vm", true);
	assert_false(ctl_exists(sock));
	assert_true(ctl_exists(log));
	free(why);
	free(dir);
	free(log);
	free(sock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names),
		cmocka_unit_test(directories),
		cmocka_unit_test_setup_teardown(paths, setup, teardown),
		cmocka_unit_test_setup_teardown(domain_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(run_files, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_run, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
