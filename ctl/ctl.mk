# The management half: stv-ctl and stv-generator (ctl/ctl.h is the map).
# Included by the Makefile right after BINS.  The library code in ctl/ goes
# into libstv.a, so the unit tests and the fuzzer link it like the rest.

LIB_SRC  += $(wildcard ctl/*.c)
