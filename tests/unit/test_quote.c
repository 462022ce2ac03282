/*
 * emit/quote.c: every quoting flavour, word by word.  The end-to-end round
 * trips (a real sh, systemd's own parser) are in tests/check-script.sh and
 * tests/check-unit.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../emit/quote.h"

static void check_sh(const char *in, const char *want)
{
	struct stv_buf b = { 0 };

	stv_sh_quote(&b, in);
	assert_false(b.oom);
	assert_string_equal(b.p, want);
	stv_buf_free(&b);
}

static void check_exec(const char *in, const char *want)
{
	struct stv_buf b = { 0 };

	stv_sd_quote_exec(&b, in);
	assert_false(b.oom);
	assert_string_equal(b.p, want);
	stv_buf_free(&b);
}

static void check_path(const char *in, const char *want)
{
	struct stv_buf b = { 0 };

	if (want) {
		assert_int_equal(stv_sd_quote_path(&b, in), 0);
		assert_string_equal(b.p, want);
	} else {
		assert_int_equal(stv_sd_quote_path(&b, in), -1);
		assert_int_equal(b.len, 0);
	}
	stv_buf_free(&b);
}

static void check_exec_dir(const char *in, const char *want)
{
	struct stv_buf b = { 0 };

	if (want) {
		assert_int_equal(stv_sd_quote_exec_dir(&b, in), 0);
		assert_string_equal(b.p, want);
	} else {
		assert_int_equal(stv_sd_quote_exec_dir(&b, in), -1);
		assert_int_equal(b.len, 0);
	}
	stv_buf_free(&b);
}

static void check_comment(const char *in, const char *want)
{
	struct stv_buf b = { 0 };

	stv_comment_quote(&b, in);
	assert_string_equal(b.p, want);
	stv_buf_free(&b);
}

static void test_sh_plain(void **state)
{
	(void)state;
	check_sh("", "''");
	check_sh("abc", "'abc'");
	check_sh("-name", "'-name'");
	check_sh("a b", "'a b'");
}

static void test_sh_hostile(void **state)
{
	(void)state;
	check_sh("it's", "'it'\\''s'");
	check_sh("''", "''\\'''\\'''");
	check_sh("$(id)`id`;&&|\\*$HOME", "'$(id)`id`;&&|\\*$HOME'");
	check_sh("a\nb", "'a\nb'");
	check_sh("\"q\"", "'\"q\"'");
	check_sh("é€", "'é€'");
}

static void test_exec_plain(void **state)
{
	(void)state;
	check_exec("", "\"\"");
	check_exec("/usr/bin/stratovirt", "\"/usr/bin/stratovirt\"");
	check_exec("a b", "\"a b\"");
	check_exec("'", "\"'\"");
	check_exec(";", "\";\"");
}

static void test_exec_escapes(void **state)
{
	(void)state;
	check_exec("a\\b", "\"a\\\\b\"");
	check_exec("q\"q", "\"q\\\"q\"");
	check_exec("100%", "\"100%%\"");
	check_exec("%n%%", "\"%%n%%%%\"");
	check_exec("$HOME", "\"$$HOME\"");
	check_exec("${X}$$", "\"$${X}$$$$\"");
	check_exec("$(id)`id`", "\"$$(id)`id`\"");
	check_exec("a\tb\rc\x01\x7f", "\"a\\x09b\\x0dc\\x01\\x7f\"");
	check_exec("a\nb", "\"a\\x0ab\"");
	/* valid UTF-8 stays readable, broken UTF-8 becomes bytes */
	check_exec("é€😀", "\"é€😀\"");
	check_exec("\xff", "\"\\xff\"");
	check_exec("\xc3", "\"\\xc3\"");
	check_exec("\xc0\xaf", "\"\\xc0\\xaf\"");		/* overlong '/' */
	check_exec("\xed\xa0\x80", "\"\\xed\\xa0\\x80\"");	/* surrogate */
	check_exec("\xf4\x90\x80\x80", "\"\\xf4\\x90\\x80\\x80\"");
}

static void test_path(void **state)
{
	(void)state;
	check_path("/var/lib/vm a.img", "\"/var/lib/vm a.img\"");
	check_path("/x/a\\x2db", "\"/x/a\\\\x2db\"");
	check_path("/x/\"q\"", "\"/x/\\\"q\\\"\"");
	check_path("/x/50%", "\"/x/50%%\"");
	check_path("/x/$HOME", "\"/x/$HOME\"");
	check_path("/x/é", "\"/x/é\"");
	check_path("/x/a\tb", NULL);
	check_path("/x/a\rExecStartPre=/bin/evil", NULL);
	check_path("/x/\xff", NULL);
}

static void test_exec_dir(void **state)
{
	(void)state;
	check_exec_dir("stratovirt/vm", "\"stratovirt/vm\"");
	check_exec_dir("stratovirt/vm\\x2da:b_1", "\"stratovirt/vm\\\\x2da\\:b_1\"");
	check_exec_dir("a b/50%/$x'", "\"a b/50%%/$x'\"");
	check_exec_dir("a\"b", NULL);
	check_exec_dir("a\tb", NULL);
}

static void test_comment(void **state)
{
	(void)state;
	check_comment("testdata/a.xml", "\"testdata/a.xml\"");
	check_comment("a\nExecStart=/bin/evil", "\"a\\x0aExecStart=/bin/evil\"");
	check_comment("a\r\\", "\"a\\x0d\\\\\"");
	check_comment("\"é\"", "\"\\\"\\xc3\\xa9\\\"\"");
}

static void test_unsafe_bytes(void **state)
{
	(void)state;
	assert_false(stv_has_unsafe_bytes(""));
	assert_false(stv_has_unsafe_bytes("/a b/é/$(id)"));
	assert_true(stv_has_unsafe_bytes("a\tb"));
	assert_true(stv_has_unsafe_bytes("\x7f"));
	assert_true(stv_has_unsafe_bytes("\xe2\x82"));
	assert_true(stv_has_unsafe_bytes("\xf5\x80\x80\x80"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sh_plain),
		cmocka_unit_test(test_sh_hostile),
		cmocka_unit_test(test_exec_plain),
		cmocka_unit_test(test_exec_escapes),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_exec_dir),
		cmocka_unit_test(test_comment),
		cmocka_unit_test(test_unsafe_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
