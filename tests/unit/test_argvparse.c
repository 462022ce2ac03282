/*
 * The StratoVirt command-line reader (argv/): the model it builds (options,
 * classes, keys, flags, word indices), the errors it gives (word and text),
 * and that no input crashes or leaks it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct stv_cmdline *parse_ok(int argc, const char *const argv[])
{
	struct stv_cmdline *cl = NULL;
	struct stv_argv_error err;

	if (stv_argv_parse(argc, argv, &cl, &err) != 0)
		fail_msg("unexpected error at word %zu: %s", err.word, err.msg);
	assert_non_null(cl);
	return cl;
}

/* ---- the model ---- */

static void test_whole_command_line(void **state)
{
	const char *const argv[] = {
		"/usr/bin/stratovirt", "-name", "vm,x=1", "-machine", "q35", "-smp", "4",
		"-m", "1024", "-mem-prealloc", "-qmp", "unix:/run/q.sock,server,nowait",
		"-device", "virtio-blk-pci,id=d0,drive=x,bus=pcie.0,addr=0x2",
		"-drive", "id=x,file=/img,readonly=true",
	};
	struct stv_cmdline *cl = parse_ok(N(argv), argv);
	const struct stv_opt *o;

	(void)state;
	assert_string_equal(cl->path, "/usr/bin/stratovirt");
	assert_int_equal(cl->nopts, 8);

	o = &cl->opts[0];	/* -name is raw: ',' and '=' are part of it */
	assert_string_equal(o->name, "-name");
	assert_string_equal(o->value, "vm,x=1");
	assert_null(o->class);
	assert_int_equal(o->nprops, 0);
	assert_int_equal(o->word, 1);
	assert_int_equal(o->value_word, 2);

	o = stv_cmdline_next(cl, "-machine", NULL);
	assert_non_null(o);
	assert_string_equal(o->class, "q35");
	assert_int_equal(o->def->kind, STV_OPT_LIST);

	o = stv_cmdline_next(cl, "-mem-prealloc", NULL);
	assert_non_null(o);
	assert_null(o->value);
	assert_int_equal(o->word, 9);
	assert_int_equal(o->value_word, 0);

	o = stv_cmdline_next(cl, "-qmp", NULL);
	assert_string_equal(o->class, "unix:/run/q.sock");
	assert_string_equal(o->value, "unix:/run/q.sock,server,nowait");
	assert_int_equal(o->nprops, 2);
	assert_true(stv_opt_flag(o, "server"));
	assert_true(stv_opt_flag(o, "nowait"));
	assert_null(stv_opt_prop(o, "server"));

	o = stv_cmdline_next(cl, "-device", NULL);
	assert_string_equal(o->class, "virtio-blk-pci");
	assert_string_equal(stv_opt_prop(o, "id"), "d0");
	assert_string_equal(stv_opt_prop(o, "addr"), "0x2");
	assert_false(stv_opt_flag(o, "id"));
	assert_null(stv_opt_prop(o, "serial"));
	assert_null(stv_opt_find(o, "serial"));
	assert_int_equal(o->value_word, 13);

	o = stv_cmdline_next(cl, "-drive", NULL);
	assert_null(o->class);	/* the first item has '=': no class */
	assert_string_equal(o->props[0].key, "id");
	assert_string_equal(stv_opt_prop(o, "readonly"), "true");
	stv_cmdline_free(cl);
}

static void test_items_keep_order_and_first_equals(void **state)
{
	const char *const argv[] = { "x", "-drive", "file=/a=b,if=none,id=d,c", "-smbios",
				     "type=1,uuid=u" };
	struct stv_cmdline *cl = parse_ok(N(argv), argv);
	const struct stv_opt *o = &cl->opts[0];

	(void)state;
	/* a value runs from the first '=' to the next ',' */
	assert_string_equal(o->props[0].key, "file");
	assert_string_equal(o->props[0].value, "/a=b");
	assert_string_equal(o->props[1].key, "if");
	assert_string_equal(o->props[2].key, "id");
	assert_string_equal(o->props[3].key, "c");	/* a bare item after the first is a flag */
	assert_null(o->props[3].value);
	assert_null(o->class);
	assert_string_equal(stv_opt_prop(&cl->opts[1], "uuid"), "u");
	stv_cmdline_free(cl);
}

static void test_repeated_options(void **state)
{
	const char *const argv[] = { "x", "-device", "a,id=1", "-object", "iothread,id=t",
				     "-device", "b,id=2", "-device", "c,id=3" };
	struct stv_cmdline *cl = parse_ok(N(argv), argv);
	const struct stv_opt *o;

	(void)state;
	assert_int_equal(stv_cmdline_count(cl, "-device"), 3);
	assert_int_equal(stv_cmdline_count(cl, "-object"), 1);
	assert_int_equal(stv_cmdline_count(cl, "-drive"), 0);
	o = stv_cmdline_next(cl, "-device", NULL);
	assert_string_equal(o->class, "a");
	o = stv_cmdline_next(cl, "-device", o);
	assert_string_equal(o->class, "b");
	o = stv_cmdline_next(cl, "-device", o);
	assert_string_equal(o->class, "c");
	assert_null(stv_cmdline_next(cl, "-device", o));
	stv_cmdline_free(cl);
}

static void test_append_takes_words(void **state)
{
	const char *const argv[] = { "x", "-append", "console=ttyS0", "root=/dev/vda", "rw",
				     "-append", "quiet", "-daemonize" };
	struct stv_cmdline *cl = parse_ok(N(argv), argv);

	(void)state;
	assert_int_equal(cl->nopts, 3);
	/* StratoVirt joins them with spaces */
	assert_string_equal(cl->opts[0].value, "console=ttyS0 root=/dev/vda rw");
	assert_int_equal(cl->opts[0].value_word, 2);
	assert_string_equal(cl->opts[1].value, "quiet");
	assert_string_equal(cl->opts[2].name, "-daemonize");
	stv_cmdline_free(cl);
}

static void test_optional_values(void **state)
{
	const char *const argv[] = { "x", "-D", "-uuid", "abc", "-rtc", "base=utc", "-display" };
	struct stv_cmdline *cl = parse_ok(N(argv), argv);

	(void)state;
	assert_int_equal(cl->nopts, 4);
	assert_string_equal(cl->opts[0].name, "-D");
	assert_null(cl->opts[0].value);
	assert_string_equal(cl->opts[1].value, "abc");
	assert_string_equal(cl->opts[2].value, "base=utc");	/* raw, not a list */
	assert_int_equal(cl->opts[2].nprops, 0);
	assert_null(cl->opts[3].value);
	stv_cmdline_free(cl);
}

static void test_path_only_and_odd_path(void **state)
{
	const char *const a1[] = { "/usr/bin/stratovirt" };
	const char *const a2[] = { "-weird path, with=signs" };
	struct stv_cmdline *cl;

	(void)state;
	cl = parse_ok(N(a1), a1);
	assert_int_equal(cl->nopts, 0);
	stv_cmdline_free(cl);
	cl = parse_ok(N(a2), a2);	/* argv[0] is never an option */
	assert_string_equal(cl->path, "-weird path, with=signs");
	stv_cmdline_free(cl);
}

static void test_optdef_table(void **state)
{
	const struct stv_optdef *d;

	(void)state;
	d = stv_argv_optdef("-device", 7);
	assert_non_null(d);
	assert_int_equal(d->kind, STV_OPT_LIST);
	assert_true(d->repeat);
	d = stv_argv_optdef("-machine", 8);
	assert_false(d->repeat);
	assert_int_equal(stv_argv_optdef("-name", 5)->kind, STV_OPT_VALUE);
	assert_int_equal(stv_argv_optdef("-daemonize", 10)->kind, STV_OPT_FLAG);
	assert_int_equal(stv_argv_optdef("-append", 7)->kind, STV_OPT_WORDS);
	assert_null(stv_argv_optdef("-dev", 4));
	assert_null(stv_argv_optdef("--device", 8));
	assert_null(stv_argv_optdef("device", 6));
}

/* ---- errors: word index and message ---- */

struct bad {
	const char *argv[6];
	size_t word;
	const char *msg;	/* a substring of the message */
};

static const struct bad bads[] = {
	{ { "" }, 0, "the emulator path is empty" },
	{ { "x", "-bogus" }, 1, "unknown option '-bogus'" },
	{ { "x", "--machine", "q35" }, 1, "unknown option '--machine'" },
	{ { "x", "word" }, 1, "'word' is not an option" },
	{ { "x", "-daemonize", "extra" }, 2, "-daemonize takes no more words" },
	{ { "x", "" }, 1, "empty word where an option was expected" },
	{ { "x", "-name" }, 1, "-name needs a value" },
	{ { "x", "-name", "" }, 2, "-name has an empty value" },
	{ { "x", "-name", "-vm" }, 2, "-name needs a value; '-vm' is taken for an option" },
	{ { "x", "-kernel", "-machine", "q35" }, 2, "-kernel needs a value; '-machine'" },
	{ { "x", "-device" }, 1, "-device needs a value" },
	{ { "x", "-device", "" }, 2, "-device has an empty value" },
	{ { "x", "-device", "-x" }, 2, "-device needs a value; '-x' is taken" },
	{ { "x", "-device", "a,,b" }, 2, "empty item in the value of -device" },
	{ { "x", "-device", "a," }, 2, "empty item in the value of -device" },
	{ { "x", "-device", ",a" }, 2, "empty item in the value of -device" },
	{ { "x", "-device", "," }, 2, "empty item in the value of -device" },
	{ { "x", "-device", "=" }, 2, "empty key before '=' in the value of -device" },
	{ { "x", "-drive", "a,=b" }, 2, "empty key before '=' in the value of -drive" },
	{ { "x", "-drive", "id=" }, 2, "'id=' has an empty value in the value of -drive" },
	{ { "x", "-drive", "id=,file=f" }, 2, "'id=' has an empty value" },
	{ { "x", "-drive", "id=a,id=b" }, 2, "'id' is given twice in the value of -drive" },
	{ { "x", "-qmp", "unix:a,server,server" }, 2, "'server' is given twice" },
	{ { "x", "-machine", "q35", "-machine", "virt" }, 3, "-machine is given twice (first at word 1)" },
	{ { "x", "-D", "-D" }, 2, "-D is given twice" },
	{ { "x", "-append" }, 1, "-append needs a value" },
	{ { "x", "-append", "a", "-b" }, 3, "unknown option '-b'" },
	{ { "x", "-m", "1024", "-smp" }, 3, "-smp needs a value" },
};

static int argc_of(const struct bad *b)
{
	int n = 0;

	while (n < N(b->argv) && b->argv[n])
		n++;
	return n;
}

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		struct stv_cmdline *cl = (struct stv_cmdline *)1;
		struct stv_argv_error err;
		int rc = stv_argv_parse(argc_of(&bads[i]), bads[i].argv, &cl, &err);

		if (rc != -1 || cl != NULL)
			fail_msg("case %zu: parsed, expected \"%s\"", i, bads[i].msg);
		if (!strstr(err.msg, bads[i].msg) || err.word != bads[i].word)
			fail_msg("case %zu: got word %zu \"%s\", expected word %zu \"%s\"", i,
				 err.word, err.msg, bads[i].word, bads[i].msg);
	}
}

static void test_empty_and_null(void **state)
{
	struct stv_cmdline *cl = NULL;
	struct stv_argv_error err;
	const char *const one[] = { "x", "-bogus" };

	(void)state;
	assert_int_equal(stv_argv_parse(0, one, &cl, &err), -1);
	assert_string_equal(err.msg, "the command line is empty");
	assert_int_equal(stv_argv_parse(-1, one, &cl, &err), -1);
	assert_int_equal(stv_argv_parse(1, NULL, &cl, &err), -1);
	/* the error is optional */
	assert_int_equal(stv_argv_parse(2, one, &cl, NULL), -1);
	assert_null(cl);
	stv_cmdline_free(NULL);
}

/* ---- robustness: nothing crashes or leaks (the suite runs under ASan) ---- */

static void test_huge_words(void **state)
{
	size_t n = 4u << 20;
	char *big = malloc(n + 1);
	char *list = malloc(n + 16);
	struct stv_cmdline *cl;

	(void)state;
	assert_non_null(big);
	assert_non_null(list);
	memset(big, 'a', n);
	big[n] = '\0';
	memcpy(list, "cls,k=", 6);
	memcpy(list + 6, big, n + 1);
	{
		const char *const argv[] = { big, "-name", big, "-device", list, "-append", big, big };

		cl = parse_ok(N(argv), argv);
		assert_int_equal(strlen(cl->opts[0].value), n);
		assert_int_equal(strlen(stv_opt_prop(&cl->opts[1], "k")), n);
		assert_int_equal(strlen(cl->opts[2].value), 2 * n + 1);
		stv_cmdline_free(cl);
	}
	{
		/* many items: the property array grows, up to the bound */
		size_t items = 1024;
		char *many = malloc((items + 1) * 12 + 8), *p = many;
		const char *argv[] = { "x", "-device", NULL };
		struct stv_argv_error err;

		assert_non_null(many);
		p += sprintf(p, "c");
		for (size_t i = 0; i < items; i++)
			p += sprintf(p, ",k%zu=v", i);
		argv[2] = many;
		cl = parse_ok(N(argv), argv);
		assert_int_equal(cl->opts[0].nprops, items);
		assert_string_equal(cl->opts[0].props[items - 1].key, "k1023");
		stv_cmdline_free(cl);
		sprintf(p, ",k%zu=v", items);
		assert_int_equal(stv_argv_parse(N(argv), argv, &cl, &err), -1);
		assert_non_null(strstr(err.msg, "more than 1024 items"));
		assert_int_equal(err.word, 2);
		free(many);
	}
	free(big);
	free(list);
}

/* Random argv from pieces that stress the grammar; deterministic (xorshift). */
static const char *const pieces[] = {
	"", ",", "=", ",,", "==", ",=", "=,", "a", "a=", "=a", "a,b", "a=b=c", "-", "--",
	"-device", "-name", "-D", "-append", "-qmp", "-machine", "-mem-prealloc", "-bogus",
	"virtio-blk-pci,id=d", "k=v,", "x y", "\xff\xfe", "-smbios", "type=1,uuid=u",
};

static void test_random_words(void **state)
{
	uint32_t seed = 0x9e3779b9u;
	size_t oks = 0, errors = 0;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		const char *argv[12];
		int argc = 0;
		struct stv_cmdline *cl = NULL;
		struct stv_argv_error err;

		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		argc = (int)(seed % N(argv)) + 1;
		for (int i = 0; i < argc; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			argv[i] = pieces[seed % (sizeof pieces / sizeof pieces[0])];
		}
		if (stv_argv_parse(argc, argv, &cl, &err) == 0) {
			oks++;
			stv_cmdline_free(cl);
			continue;
		}
		errors++;
		assert_null(cl);
		assert_true(err.msg[0] != '\0');
		/* the index names a word of the input */
		if (err.word >= (size_t)argc)
			fail_msg("word %zu of %d: %s", err.word, argc, err.msg);
	}
	assert_true(oks > 0);
	assert_true(errors > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_command_line),
		cmocka_unit_test(test_items_keep_order_and_first_equals),
		cmocka_unit_test(test_repeated_options),
		cmocka_unit_test(test_append_takes_words),
		cmocka_unit_test(test_optional_values),
		cmocka_unit_test(test_path_only_and_odd_path),
		cmocka_unit_test(test_optdef_table),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty_and_null),
		cmocka_unit_test(test_huge_words),
		cmocka_unit_test(test_random_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
