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
	return stv_argvcheck_words(argc, argv, why) == 1;
}
