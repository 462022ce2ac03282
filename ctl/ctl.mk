# The management half: stv-ctl and stv-generator (ctl/ctl.h is the map).
# Included by the Makefile right after BINS.  The library code in ctl/ goes
# into libstv.a, so the unit tests and the fuzzer link it like the rest;
# the drivers are built by the Makefile's $(BUILD)/stv-% rule.

LIB_SRC  += $(wildcard ctl/*.c)
BINS     += $(BUILD)/stv-ctl $(BUILD)/stv-generator
# The fake StratoVirt of tests/check-ctl.sh: plain libc, none of stv.
TOOL_BIN += $(BUILD)/tests/fake-stratovirt
# systemd looks for generators here under /usr and /usr/local alike.
GENERATORDIR = $(PREFIX)/lib/systemd/system-generators

$(BUILD)/tests/fake-stratovirt: tests/fake/fake-stratovirt.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

.PHONY: install-ctl uninstall-ctl
install: install-ctl
uninstall: uninstall-ctl

# stv-generator is installed with the other programs (for --dryrun) and
# linked into systemd's generator directory.
install-ctl: all
	install -d $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(GENERATORDIR)
	install -m 644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	ln -sf $(BINDIR)/stv-generator $(DESTDIR)$(GENERATORDIR)/stv-generator

uninstall-ctl:
	rm -f $(DESTDIR)$(BINDIR)/stv-ctl $(DESTDIR)$(BINDIR)/stv-generator
	rm -f $(DESTDIR)$(GENERATORDIR)/stv-generator $(DESTDIR)$(MANDIR)/man8/stv-generator.8
	rm -f $(DESTDIR)$(MANDIR)/man1/stv-ctl.1
