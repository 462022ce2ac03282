/* tests/fuzz/argv_oracle.c: tests/tools/argvcheck.c as a function. */
#ifndef STV_FUZZ_ARGV_ORACLE_H
#define STV_FUZZ_ARGV_ORACLE_H

#include <stdio.h>

/*
 * Parses and checks argv[0..argc-1] as argvcheck does.  Returns 0 when
 * StratoVirt would accept it, 1 after printing each violation to why.
 */
int stv_fuzz_argvcheck(int argc, const char *const argv[], FILE *why);

#endif
