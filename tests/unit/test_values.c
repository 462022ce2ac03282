/*
 * compiler/values.c: the value parsers, boundaries first.  Expected
 * systemd-escape outputs were taken from the real `systemd-escape --`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../compiler/values.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct num_case {
	const char *in;
	int rc;
	uint64_t v;
};

static void test_parse_dec(void **state)
{
	static const struct num_case cases[] = {
		{ "0", 0, 0 },
		{ "42", 0, 42 },
		{ "000123", 0, 123 },
		{ " 12 ", 0, 12 },
		{ "\t\r\n7\n", 0, 7 },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "18446744073709551616", -1, 0 },
		{ "99999999999999999999", -1, 0 },
		{ "", -1, 0 },
		{ "   ", -1, 0 },
		{ "+1", -1, 0 },
		{ "-1", -1, 0 },
		{ "1e3", -1, 0 },
		{ "0x10", -1, 0 },
		{ "1 2", -1, 0 },
		{ "12a", -1, 0 },
		{ "\v1", -1, 0 },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		uint64_t v = 0xdead;
		int rc = stv_parse_dec(cases[i].in, &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
			fail_msg("stv_parse_dec(\"%s\") = %d, %llu", cases[i].in, rc,
				 (unsigned long long)v);
		if (rc != 0)
			assert_int_equal(v, 0xdead);	/* no partial results */
	}
}

static void test_parse_uint(void **state)
{
	static const struct num_case cases[] = {
		{ "0", 0, 0 },
		{ "10", 0, 10 },
		{ "0x10", 0, 16 },
		{ "0X1f", 0, 31 },
		{ "0x000", 0, 0 },
		{ "0x00", 0, 0 },
		{ " 0xff ", 0, 255 },
		{ "0xFFFFFFFFFFFFFFFF", 0, UINT64_MAX },
		{ "0x00000000000000000001", 0, 1 },
		{ "0x10000000000000000", -1, 0 },
		{ "0x", -1, 0 },
		{ "0x ", -1, 0 },
		{ "x10", -1, 0 },
		{ "0xg", -1, 0 },
		{ "-0x1", -1, 0 },
		{ "+1", -1, 0 },
		{ "-1", -1, 0 },
		{ "1e3", -1, 0 },
		{ "", -1, 0 },
		{ "0x 1", -1, 0 },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		uint64_t v = 0xdead;
		int rc = stv_parse_uint(cases[i].in, &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
			fail_msg("stv_parse_uint(\"%s\") = %d, %llu", cases[i].in, rc,
				 (unsigned long long)v);
	}
}

struct mem_case {
	const char *value, *unit;
	int rc;
	uint64_t bytes;
};

#define KiB UINT64_C(1024)
#define MiB (KiB * 1024)
#define GiB (MiB * 1024)
#define TiB (GiB * 1024)

static void test_parse_memory(void **state)
{
	static const struct mem_case cases[] = {
		{ "1", NULL, 0, KiB },
		{ "1", "", 0, KiB },
		{ "1", "b", 0, 1 },
		{ "1", "bytes", 0, 1 },
		{ "1", "byte", 0, 1 },
		{ "3", "KB", 0, 3000 },
		{ "3", "k", 0, 3 * KiB },
		{ "3", "K", 0, 3 * KiB },
		{ "3", "KiB", 0, 3 * KiB },
		{ "3", "MB", 0, 3000000 },
		{ "3", "M", 0, 3 * MiB },
		{ "3", "MiB", 0, 3 * MiB },
		{ "3", "GB", 0, UINT64_C(3000000000) },
		{ "8", "G", 0, 8 * GiB },
		{ "8", "GiB", 0, 8 * GiB },
		{ "2", "TB", 0, UINT64_C(2000000000000) },
		{ "2", "T", 0, 2 * TiB },
		{ "2", "TiB", 0, 2 * TiB },
		/* libvirt compares units case-insensitively */
		{ "1", "mib", 0, MiB },
		{ "1", "gB", 0, UINT64_C(1000000000) },
		{ " 512 ", " MiB ", 0, 512 * MiB },
		{ "0", "GiB", 0, 0 },
		/* exact limits: 16 EiB - 1 bytes fits, one more does not */
		{ "18446744073709551615", "b", 0, UINT64_MAX },
		{ "18446744073709551616", "b", -2, 0 },
		{ "18014398509481983", "KiB", 0, UINT64_MAX - 1023 },
		{ "18014398509481984", "KiB", -2, 0 },
		{ "17179869183", "GiB", 0, UINT64_C(17179869183) * GiB },
		{ "17179869184", "GiB", -2, 0 },
		{ "16777216", "TiB", -2, 0 },
		{ "18446744073709551", "KB", 0, UINT64_C(18446744073709551000) },
		{ "18446744073709552", "KB", -2, 0 },
		/* bad numbers */
		{ "", "KiB", -2, 0 },
		{ "-1", "KiB", -2, 0 },
		{ "+1", "KiB", -2, 0 },
		{ "1e3", "KiB", -2, 0 },
		{ "0x10", "KiB", -2, 0 },
		{ "1.5", "GiB", -2, 0 },
		/* unknown units win over bad numbers */
		{ "1", "PiB", -1, 0 },
		{ "1", "E", -1, 0 },
		{ "1", "KiBs", -1, 0 },
		{ "1", "Ki", -1, 0 },
		{ "1", "kibibytes", -1, 0 },
		{ "1", "iB", -1, 0 },
		{ "1", "B ", 0, 1 },
		{ "x", "furlongs", -1, 0 },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		uint64_t v = 0xdead;
		int rc = stv_parse_memory(cases[i].value, cases[i].unit, &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].bytes))
			fail_msg("stv_parse_memory(\"%s\", \"%s\") = %d, %llu",
				 cases[i].value, cases[i].unit ? cases[i].unit : "(null)",
				 rc, (unsigned long long)v);
		if (rc != 0)
			assert_int_equal(v, 0xdead);
	}
}

static void test_memory_unit(void **state)
{
	uint64_t m = 0;

	(void)state;
	assert_int_equal(stv_memory_unit(NULL, &m), 0);
	assert_int_equal(m, KiB);
	assert_int_equal(stv_memory_unit("GiB", &m), 0);
	assert_int_equal(m, GiB);
	assert_int_equal(stv_memory_unit("MB", &m), 0);
	assert_int_equal(m, 1000000);
	assert_int_equal(stv_memory_unit("TB", &m), 0);
	assert_int_equal(m, UINT64_C(1000000000000));
	assert_int_equal(stv_memory_unit("P", &m), -1);
	assert_int_equal(stv_memory_unit("bit", &m), -1);
}

static void test_parse_size(void **state)
{
	static const struct num_case cases[] = {
		{ "4096", 0, 4096 },
		{ "2M", 0, 2 * MiB },
		{ "2m", 0, 2 * MiB },
		{ "2MiB", 0, 2 * MiB },
		{ "1G", 0, GiB },
		{ "1GiB", 0, GiB },
		{ "64K", 0, 64 * KiB },
		{ "64KiB", 0, 64 * KiB },
		{ "16T", 0, 16 * TiB },
		{ "16777215T", 0, UINT64_C(16777215) * TiB },
		{ "16777216T", -1, 0 },
		{ " 1G ", 0, GiB },
		{ "G", -1, 0 },
		{ "", -1, 0 },
		{ "1 G", -1, 0 },
		{ "1GB", -1, 0 },
		{ "1gib", -1, 0 },
		{ "1P", -1, 0 },
		{ "-1M", -1, 0 },
		{ "0x10", -1, 0 },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		uint64_t v = 0xdead;
		int rc = stv_parse_size(cases[i].in, &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
			fail_msg("stv_parse_size(\"%s\") = %d, %llu", cases[i].in, rc,
				 (unsigned long long)v);
	}
}

struct str_case {
	const char *in;
	bool ok;
};

static void check_pred(const char *what, bool (*pred)(const char *),
		       const struct str_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (pred(cases[i].in) != cases[i].ok)
			fail_msg("%s(\"%s\") should be %s", what, cases[i].in,
				 cases[i].ok ? "true" : "false");
	}
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_valid_name(void **state)
{
	static const struct str_case cases[] = {
		{ "StratoVirt", true },
		{ "a", true },
		{ "vm_1-x:y", true },
		{ " vm ", true },
		{ "", false },
		{ "  ", false },
		{ "a b", false },
		{ "a/b", false },
		{ "a.b", false },
		{ "caf\xc3\xa9", false },
		{ "a\nb", false },
	};
	char *max = repeat('n', 255), *over = repeat('n', 256);

	(void)state;
	check_pred("stv_valid_name", stv_valid_name, cases, N_ELEMS(cases));
	assert_true(stv_valid_name(max));
	assert_false(stv_valid_name(over));
	free(max);
	free(over);
}

static void test_valid_alias(void **state)
{
	static const struct str_case cases[] = {
		{ "balloon0", true },
		{ "ua-disk_1", true },
		{ "", false },
		{ "a:b", false },
		{ "a.b", false },
		{ "a,b", false },
		{ "a=b", false },
	};
	char *max = repeat('a', 63), *over = repeat('a', 64);

	(void)state;
	check_pred("stv_valid_alias", stv_valid_alias, cases, N_ELEMS(cases));
	assert_true(stv_valid_alias(max));
	assert_false(stv_valid_alias(over));
	free(max);
	free(over);
}

static void test_valid_uuid(void **state)
{
	static const struct str_case cases[] = {
		{ "c7a5fdbd-cdaf-9455-926a-d65c16db1809", true },
		{ "C7A5FDBD-CDAF-9455-926A-D65C16DB1809", true },
		{ " c7a5fdbd-cdaf-9455-926a-d65c16db1809\n", true },
		{ "c7a5fdbdcdaf9455926ad65c16db1809", false },
		{ "c7a5fdbd-cdaf-9455-926a-d65c16db180", false },
		{ "c7a5fdbd-cdaf-9455-926a-d65c16db18090", false },
		{ "c7a5fdbd-cdaf-9455-926a-d65c16db180g", false },
		{ "c7a5fdbd-cdaf-9455-926ad-65c16db1809", false },
		{ "{c7a5fdbd-cdaf-9455-926a-d65c16db18}", false },
		{ "", false },
	};
	(void)state;
	check_pred("stv_valid_uuid", stv_valid_uuid, cases, N_ELEMS(cases));
}

static void test_mac(void **state)
{
	uint8_t mac[6] = { 0 }, keep[6] = { 1, 2, 3, 4, 5, 6 };
	char out[18];
	static const char *const bad[] = {
		"", "de:ad:be:ef:00", "de:ad:be:ef:00:01:02", "de-ad-be-ef-00-01",
		"dead.beef.0001", "de:ad:be:ef:00:0g", "d:ad:be:ef:00:01x",
		"de:ad:be:ef:00:1", "de:ad:be:ef:00:01:", "deadbeef0001",
	};

	(void)state;
	assert_int_equal(stv_parse_mac("DE:ad:Be:EF:00:01", mac), 0);
	assert_memory_equal(mac, ((uint8_t[]){ 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01 }), 6);
	stv_format_mac(mac, out);
	assert_string_equal(out, "de:ad:be:ef:00:01");
	assert_int_equal(stv_parse_mac(" 52:54:00:ab:cd:ef ", mac), 0);
	stv_format_mac(mac, out);
	assert_string_equal(out, "52:54:00:ab:cd:ef");
	stv_format_mac((const uint8_t[]){ 0xff, 0, 0x0a, 0xa0, 1, 0x10 }, out);
	assert_string_equal(out, "ff:00:0a:a0:01:10");
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		memcpy(mac, keep, 6);
		if (stv_parse_mac(bad[i], mac) != -1)
			fail_msg("stv_parse_mac(\"%s\") accepted", bad[i]);
		assert_memory_equal(mac, keep, 6);
	}
}

static void test_valid_ifname(void **state)
{
	static const struct str_case cases[] = {
		{ "tap0", true },
		{ "qbr0", true },
		{ "a", true },
		{ "123456789012345", true },
		{ "1234567890123456", false },
		{ "stv0123abcdn999", true },
		{ "...", true },
		{ "a.b-c_d@e", true },
		{ "", false },
		{ ".", false },
		{ "..", false },
		{ "a/b", false },
		{ "a:b", false },
		{ "a b", false },
		{ "a\tb", false },
		{ "a\vb", false },
		{ "a\xa0" "b", false },
	};
	(void)state;
	check_pred("stv_valid_ifname", stv_valid_ifname, cases, N_ELEMS(cases));
}

/* What Rust's Ipv4Addr::from_str takes: StratoVirt's -vnc address. */
static void test_ipv4(void **state)
{
	uint8_t ip[4] = { 0 }, keep[4] = { 9, 9, 9, 9 };
	static const char *const bad[] = {
		"", "localhost", "::1", "[::1]", "127.0.0", "127.0.0.1.2", "256.0.0.1",
		"127.0.0.01", "01.2.3.4", "127.000.0.1", "1.2.3.4:5900", "1.2.3.", ".1.2.3",
		"1..2.3", "1.2.3.-4", "+1.2.3.4", "0x7f.0.0.1", "1.2.3.4/8", "1 .2.3.4",
		"1234.0.0.1", "4294967296.0.0.1",
	};

	(void)state;
	assert_int_equal(stv_parse_ipv4("127.0.0.1", ip), 0);
	assert_memory_equal(ip, ((uint8_t[]){ 127, 0, 0, 1 }), 4);
	assert_int_equal(stv_parse_ipv4(" 255.255.255.255 ", ip), 0);
	assert_memory_equal(ip, ((uint8_t[]){ 255, 255, 255, 255 }), 4);
	assert_int_equal(stv_parse_ipv4("0.0.0.0", ip), 0);
	assert_memory_equal(ip, ((uint8_t[]){ 0, 0, 0, 0 }), 4);
	assert_int_equal(stv_parse_ipv4("10.200.30.4", ip), 0);
	assert_memory_equal(ip, ((uint8_t[]){ 10, 200, 30, 4 }), 4);
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		memcpy(ip, keep, 4);
		if (stv_parse_ipv4(bad[i], ip) != -1)
			fail_msg("stv_parse_ipv4(\"%s\") accepted", bad[i]);
		assert_memory_equal(ip, keep, 4);
	}
}

/* libvirt's virDiskNameToIndex, the source of a SCSI disk's default address. */
static void test_disk_name_index(void **state)
{
	static const struct {
		const char *name;
		int rc;
		uint64_t index;
	} cases[] = {
		{ "sda", 0, 0 }, { "sdb", 0, 1 }, { "sdz", 0, 25 }, { "sdaa", 0, 26 },
		{ "sdab", 0, 27 }, { "sdzz", 0, 701 }, { "sdaaa", 0, 702 }, { "vdc", 0, 2 },
		{ "hda", 0, 0 }, { "xvdb", 0, 1 }, { "ubdc", 0, 2 }, { "fda", 0, 0 },
		{ "sda1", 0, 0 }, { "sdb12", 0, 1 },
		{ "sd", -1, 0 }, { "sd1", -1, 0 }, { "sdA", -1, 0 }, { "scsi0", -1, 0 },
		{ "nvme0n1", -1, 0 }, { "", -1, 0 }, { "sda1b", -1, 0 }, { "sda-1", -1, 0 },
		{ "sdzzzzzzz", -1, 0 },	/* past 2^31 - 1, where libvirt's int overflows */
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		uint64_t idx = UINT64_MAX;
		int rc = stv_disk_name_index(cases[i].name, &idx);
		if (rc != cases[i].rc || (rc == 0 && idx != cases[i].index))
			fail_msg("stv_disk_name_index(\"%s\"): %d, %llu", cases[i].name, rc,
				 (unsigned long long)idx);
	}
}

static void test_systemd_escape(void **state)
{
	/* Left: input; right: what `systemd-escape -- INPUT` printed. */
	static const char *const cases[][2] = {
		{ "a/b", "a-b" },
		{ "-x", "\\x2dx" },
		{ ".a", "\\x2ea" },
		{ "\xc3\xa9", "\\xc3\\xa9" },
		{ "a b", "a\\x20b" },
		{ "/a/b/", "-a-b-" },
		{ "a-b", "a\\x2db" },
		{ "foo:bar_1.2", "foo:bar_1.2" },
		{ "", "" },
		{ "//a", "--a" },
		{ "x.", "x." },
		{ "a\\b", "a\\x5cb" },
		{ "-", "\\x2d" },
		{ ".", "\\x2e" },
		{ "StratoVirt", "StratoVirt" },
		{ "a\nb", "a\\x0ab" },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char *got = stv_systemd_escape(cases[i][0]);

		assert_non_null(got);
		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("stv_systemd_escape(\"%s\") = \"%s\", want \"%s\"",
				 cases[i][0], got, cases[i][1]);
		free(got);
	}
}

static void test_hash64(void **state)
{
	(void)state;
	/* FNV-1a 64 reference values (the empty string is the offset basis). */
	assert_true(stv_hash64("", 0, STV_HASH64_SEED) == UINT64_C(0xcbf29ce484222325));
	assert_true(stv_hash64("a", 1, STV_HASH64_SEED) == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(stv_hash64("foobar", 6, STV_HASH64_SEED) == UINT64_C(0x85944171f73967e8));
	/* chaining equals hashing the concatenation */
	assert_true(stv_hash64("bar", 3, stv_hash64("foo", 3, STV_HASH64_SEED)) ==
		    stv_hash64("foobar", 6, STV_HASH64_SEED));
	assert_true(stv_hash64("a", 1, 1) != stv_hash64("a", 1, 2));
}

/* Two spellings of one file compare equal; nothing else does. */
static void test_path_normalize(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } cases[] = {
		{ "/var/lib/a.img", "/var/lib/a.img" },
		{ "/var/lib//a.img", "/var/lib/a.img" },
		{ "/var/lib/./a.img", "/var/lib/a.img" },
		{ "/var//./lib/../lib/a.img", "/var/lib/a.img" },
		{ "//a", "/a" },
		{ "/a/", "/a" },
		{ "/", "/" },
		{ "/..", "/" },
		{ "/../a", "/a" },
		{ "a/./b", "a/b" },
		{ "a/..", "." },
		{ "../a", "../a" },
		{ "a/../../b", "../b" },
		{ "", "." },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = stv_path_normalize(cases[i].in);
		assert_non_null(got);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("'%s' normalised to '%s', want '%s'", cases[i].in, got, cases[i].out);
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_dec),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_parse_memory),
		cmocka_unit_test(test_memory_unit),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_valid_name),
		cmocka_unit_test(test_valid_alias),
		cmocka_unit_test(test_valid_uuid),
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_valid_ifname),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_disk_name_index),
		cmocka_unit_test(test_systemd_escape),
		cmocka_unit_test(test_hash64),
		cmocka_unit_test(test_path_normalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
