# The management half: stv-ctl and stv-generator (ctl/ctl.h is the map).
# Included by the Makefile right after BINS.  The library code in ctl/ goes
# into libstv.a, so the unit tests and the fuzzer link it like the rest;
# the drivers are built by the Makefile's $(BUILD)/stv-% rule, and installed
# by its lists: stv-generator is in GENERATORS, linked into systemd's
# generator directory as well.

LIB_SRC  += $(wildcard ctl/*.c)
BINS     += $(BUILD)/stv-ctl $(BUILD)/stv-generator
# The fake StratoVirt of tests/check-ctl.sh: plain libc, none of stv.
TOOL_BIN += $(BUILD)/tests/fake-stratovirt

$(BUILD)/tests/fake-stratovirt: tests/fake/fake-stratovirt.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)
