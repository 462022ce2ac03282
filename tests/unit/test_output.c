/* stv_write_atomic: whole new file or old file untouched, never a stray temp. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../emit/emit.h"

struct fixture {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(f->dir, sizeof f->dir, "%.40s/stv-out-XXXXXX", base);
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/out.txt", f->dir);
	*state = f;
	return 0;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (unlink(p) < 0)
			remove_tree(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	remove_tree(f->dir);
	free(f);
	return 0;
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	static char buf[4096];
	size_t n;

	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void creates_file_with_mode(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	assert_int_equal(stv_write_atomic(f->path, "hello\n", 6, 0640), 0);
	assert_string_equal(slurp(f->path), "hello\n");
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(count_entries(f->dir), 1);	/* no temp left */
}

static void replaces_existing_file(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	assert_int_equal(stv_write_atomic(f->path, "old contents\n", 13, 0600), 0);
	assert_int_equal(stv_write_atomic(f->path, "new\n", 4, 0755), 0);
	assert_string_equal(slurp(f->path), "new\n");
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(count_entries(f->dir), 1);
}

static void writes_binary_and_empty_data(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	assert_int_equal(stv_write_atomic(f->path, "a\0b\0", 4, 0644), 0);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(stv_write_atomic(f->path, "", 0, 0644), 0);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_size, 0);
}

/* rename() of a file over a non-empty directory fails: the target survives. */
static void failure_leaves_target_and_no_temp(void **state)
{
	struct fixture *f = *state;
	char inner[192];

	assert_int_equal(mkdir(f->path, 0700), 0);
	snprintf(inner, sizeof inner, "%s/keep", f->path);
	assert_int_equal(stv_write_atomic(inner, "kept\n", 5, 0600), 0);
	errno = 0;
	assert_int_equal(stv_write_atomic(f->path, "new\n", 4, 0644), -1);
	assert_int_not_equal(errno, 0);
	assert_string_equal(slurp(inner), "kept\n");
	assert_int_equal(count_entries(f->dir), 1);	/* only the directory */
}

static void missing_directory_fails_cleanly(void **state)
{
	struct fixture *f = *state;
	char p[192];

	snprintf(p, sizeof p, "%s/no/such/file", f->dir);
	assert_int_equal(stv_write_atomic(p, "x", 1, 0644), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(count_entries(f->dir), 0);
}

static void bad_paths_are_refused(void **state)
{
	(void)state;
	assert_int_equal(stv_write_atomic("", "x", 1, 0644), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(stv_write_atomic("/tmp/", "x", 1, 0644), -1);
	assert_int_equal(errno, EINVAL);
}

/* A bare file name goes next to itself in the current directory. */
static void relative_path(void **state)
{
	struct fixture *f = *state;
	char cwd[512];

	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(f->dir), 0);
	int rc = stv_write_atomic("rel.txt", "r\n", 2, 0600);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rc, 0);
	assert_int_equal(count_entries(f->dir), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(creates_file_with_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(replaces_existing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(writes_binary_and_empty_data, setup, teardown),
		cmocka_unit_test_setup_teardown(failure_leaves_target_and_no_temp, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_directory_fails_cleanly, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_paths_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(relative_path, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
