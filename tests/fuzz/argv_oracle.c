/*
 * The third oracle of the fuzzer: every argv stv emits must be one that
 * StratoVirt accepts, as tests/tools/argvcheck.c judges it (it reads the
 * argv back with the argv/ reader and knows nothing of the emitter).  The
 * checker is compiled in here, its main() renamed, so the fuzzer runs it
 * in-process on each argv instead of a file.
 */
#include "argv_oracle.h"

#define main stv_argvcheck_main
int stv_argvcheck_main(int argc, char **argv);
#include "../tools/argvcheck.c"
#undef main

int stv_fuzz_argvcheck(int argc, const char *const argv[], FILE *why)
{
	struct checker c = { 0 };
	struct stv_cmdline *cl = NULL;
	struct stv_argv_error err;
	int rc = 1;

	if (stv_argv_parse(argc, argv, &cl, &err) < 0) {
		fprintf(why, "argv:%zu: %s\n", err.word, err.msg);
		goto out;
	}
	c.cl = cl;
	check_all(&c);
	for (size_t i = 0; i < c.nf; i++)
		fprintf(why, "argv:%zu: %s\n", c.f[i].word, c.f[i].msg);
	rc = c.nf > 0;
out:
	for (size_t i = 0; i < c.nf; i++)
		free(c.f[i].msg);
	free(c.f);
	free(c.fns);
	free(c.buses);
	stv_cmdline_free(cl);
	return rc;
}
