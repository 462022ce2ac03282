# stv: StratoVirt domain toolchain.  See README.md.
#
#   make              build stv-validate, stv-compile, stv-ctl and
#                     stv-generator into $(BUILD)/
#   make check        the whole test suite: plain, then ASan+UBSan, then a
#                     short fuzz run (what .ci/run runs)
#   make check-plain  the suite once, in this build (SANITIZE=1 for ASan+UBSan)
#   make golden       regenerate golden/ and testdata/**/*.diag; review git diff
#   make bench        benchmark against xmllint (prints ratios)
#   make fuzz         libFuzzer run, FUZZ_SECONDS=N (default 60)
#   make valgrind     the CLI tests under valgrind
#   make install      PREFIX=/usr/local DESTDIR= (make uninstall: the same)
#   make deb, rpm     a Debian package (linted), an RPM for openEuler, into dist/

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
SHAREDIR = $(PREFIX)/share
DATADIR  = $(SHAREDIR)/stv
MANDIR   = $(SHAREDIR)/man
# bash-completion's loader looks under every $XDG_DATA_DIRS, /usr/local/share
# and /usr/share by default.
COMPLETIONDIR = $(SHAREDIR)/bash-completion/completions
# Where systemd looks for generators, as its pkg-config file says (Debian 12:
# /lib/systemd/system-generators), else under the prefix.
SYSTEMDGENERATORDIR = $(or $(shell $(PKG_CONFIG) --variable=systemdsystemgeneratordir systemd 2>/dev/null),$(PREFIX)/lib/systemd/system-generators)
INSTALL ?= install

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD   ?= build
SANFLAGS =
endif

CC      ?= cc
PKG_CONFIG ?= pkg-config
# Recursive (=): expanded when a recipe runs, after `deps` installed pkg-config.
XML_CFLAGS = $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
XML_LIBS   = $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || echo -lxml2)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

WARN    = -Wall -Wextra -Wswitch-enum -Wformat=2 -Wshadow -Wstrict-prototypes -Werror
CFLAGS ?= -O2 -g
# CPPFLAGS, CFLAGS and LDFLAGS from the environment (dpkg-buildflags,
# rpm's %optflags) come after ours, so they win.
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(VERSION_DEFS) $(WARN) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) $(XML_CFLAGS) -I$(BUILD)/gen -Icompiler -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

# The release and the StratoVirt versions the subset targets, stated once:
# --version, --help, the SARIF log and the man pages take them from here,
# and tests/check-packaging.sh holds debian/changelog and rpm/stv.spec to it.
VERSION = 0.1.0
RELEASE_DATE = December 4, 2026
STRATOVIRT_VERSIONS = 2.3 to 2.5
VERSION_DEFS = -DSTV_VERSION='"$(VERSION)"' -DSTV_STRATOVIRT='"$(STRATOVIRT_VERSIONS)"'

# Every .c in a stage directory is library code; the drivers live in cli/.
LIB_SRC  = $(wildcard compiler/*.c emit/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/schema_embed.o $(BUILD)/gen/subset-tables.o
ARGV_OBJ := $(BUILD)/argv/lexer.o $(BUILD)/argv/parser.o $(patsubst %.c,$(BUILD)/%.o,$(wildcard argv/*.c))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC = $(wildcard tests/tools/*.c)
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/%)
BINS     = $(BUILD)/stv-validate $(BUILD)/stv-compile
include ctl/ctl.mk

.PHONY: all deps test-deps check check-plain golden bench fuzz fuzz-short \
	valgrind install uninstall clean run-example lint-man man
.DEFAULT_GOAL := all

all: deps $(BINS) man $(BUILD)/completion/stv

deps:
	@sh tools/deps.sh build

test-deps: deps
	@sh tools/deps.sh test

# Order-only: the packages are checked once per run, before anything compiles;
# every source may include the generated enums of the subset.  The Makefile
# is a prerequisite because it states the version every object is built with.
$(BUILD)/%.o: %.c Makefile | deps $(BUILD)/gen/subset-enums.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The subset, stated once in the schema: its C tables, its enums and the
# fuzzing dictionary are generated from it (schema/subset.xsl says how).
SUBSET_SRC = schema/stratovirt-domain.rng schema/subset.xsl
$(BUILD)/gen/subset-enums.h: $(SUBSET_SRC) | deps
	@mkdir -p $(@D)
	xsltproc --nonet --stringparam part enums -o $@.tmp schema/subset.xsl $< && mv $@.tmp $@
$(BUILD)/gen/subset-tables.c: $(SUBSET_SRC) | deps
	@mkdir -p $(@D)
	xsltproc --nonet --stringparam part tables -o $@.tmp schema/subset.xsl $< && mv $@.tmp $@
$(BUILD)/gen/xml.dict: $(SUBSET_SRC) | deps
	@mkdir -p $(@D)
	xsltproc --nonet --stringparam part dict -o $@.tmp schema/subset.xsl $< && mv $@.tmp $@
$(BUILD)/gen/subset-tables.o: $(BUILD)/gen/subset-tables.c $(BUILD)/gen/subset-enums.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libstv.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# The schema is embedded so the binaries work without `make install`.
$(BUILD)/tools/embed: tools/embed.c | deps
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -o $@ $<

$(BUILD)/gen/schema_embed.c: schema/stratovirt-domain.rng $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed stv_embedded_schema < $< > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema_embed.o: $(BUILD)/gen/schema_embed.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The StratoVirt option grammar (flex + bison), generated into the build tree.
$(BUILD)/argv/parser.c $(BUILD)/argv/parser.h: argv/parser.y | deps
	@mkdir -p $(@D)
	bison -Wall -Werror --defines=$(BUILD)/argv/parser.h -o $(BUILD)/argv/parser.c $<

$(BUILD)/argv/lexer.c $(BUILD)/argv/lexer.h: argv/lexer.l | deps
	@mkdir -p $(@D)
	flex --header-file=$(BUILD)/argv/lexer.h -o $(BUILD)/argv/lexer.c $<

# Generated code is not ours to keep warning-free in every detail.
GEN_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Werror -Wno-unused-function \
	-Wno-unused-but-set-variable $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -I$(BUILD)/argv -Iargv
$(BUILD)/argv/parser.o: $(BUILD)/argv/parser.c $(BUILD)/argv/lexer.h
	$(CC) $(GEN_CFLAGS) -c -o $@ $<
$(BUILD)/argv/lexer.o: $(BUILD)/argv/lexer.c $(BUILD)/argv/parser.h
	$(CC) $(GEN_CFLAGS) -c -o $@ $<
$(BUILD)/argv/%.o: argv/%.c $(BUILD)/argv/parser.h $(BUILD)/argv/lexer.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/argv -Iargv -c -o $@ $<

$(BUILD)/libstvargv.a: $(ARGV_OBJ)
	rm -f $@
	ar rcs $@ $^

# The drivers' objects are reached only through the pattern above, so make
# would count them as intermediate and delete them after every link.
.SECONDARY: $(BINS:$(BUILD)/%=$(BUILD)/cli/%.o) $(BUILD)/cli/common.o
$(BUILD)/stv-%: $(BUILD)/cli/stv-%.o $(BUILD)/cli/common.o $(BUILD)/libstv.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(XML_LIBS)

$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libstv.a $(BUILD)/libstvargv.a | test-deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/argv -Iargv -o $@ $< $(BUILD)/libstv.a $(BUILD)/libstvargv.a \
		$(ALL_LDFLAGS) $(XML_LIBS) $(CMOCKA_LIBS)

$(BUILD)/tests/%: tests/tools/%.c $(BUILD)/libstv.a $(BUILD)/libstvargv.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/argv -Iargv -o $@ $< $(BUILD)/libstv.a $(BUILD)/libstvargv.a \
		$(ALL_LDFLAGS) $(XML_LIBS)

# The suite: unit tests, then every tests/check-*.sh in name order.
check-plain: test-deps $(BINS) man $(BUILD)/completion/stv $(UNIT_BIN) $(TOOL_BIN)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) sh tests/run.sh $(UNIT_BIN)

check: test-deps
	$(MAKE) check-plain
	$(MAKE) check-plain SANITIZE=1
	$(MAKE) fuzz-short

golden: $(BINS) $(TOOL_BIN)
	BUILD=$(BUILD) REGENERATE=1 sh tests/check-corpus.sh
	BUILD=$(BUILD) REGENERATE=1 sh tests/check-golden.sh

run-example: all
	$(BUILD)/stv-compile examples/x86_64-q35.xml

bench: test-deps $(BINS)
	@sh tools/deps.sh bench
	BUILD=$(BUILD) sh bench/bench.sh

FUZZ_SECONDS ?= 60
fuzz: test-deps
	@sh tools/deps.sh fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

fuzz-short: test-deps
	@sh tools/deps.sh fuzz
	FUZZ_SECONDS=20 sh tests/fuzz/run.sh

valgrind: test-deps $(BINS)
	@sh tools/deps.sh valgrind
	BUILD=$(BUILD) VALGRIND=1 sh tests/check-cli.sh

# Man pages: man/ holds the hand-written ones, which say
# @STRATOVIRT_VERSIONS@ where they name the StratoVirt they target; the build
# fills that in, and the release in .Os.  stv-domain(5) is generated from the
# schema (schema/man-domain.xsl), stv-rules(7) from the rule table with the
# places the schema names for each rule and the invalid corpus's findings.
MAN_SRC   = $(wildcard man/*.[1-8])
MAN_GEN   = $(BUILD)/man/stv-domain.5 $(BUILD)/man/stv-rules.7
MAN_PAGES = $(MAN_SRC:man/%=$(BUILD)/man/%) $(MAN_GEN)
# The generated pages' SEE ALSO: every page, in mdoc's order (section, name).
SEE_ALSO  = $(shell printf '%s\n' $(notdir $(MAN_PAGES)) virsh.1 xmllint.1 | sort -t. -k2,2 -k1,1)
MAN_XSLT  = xsltproc --nonet --stringparam version '$(VERSION)' \
	--stringparam stratovirt '$(STRATOVIRT_VERSIONS)' --stringparam date '$(RELEASE_DATE)' \
	--stringparam pages '$(SEE_ALSO)'
man: $(MAN_PAGES)

$(BUILD)/man/%: man/% Makefile
	@mkdir -p $(@D)
	sed -e 's|@STRATOVIRT_VERSIONS@|$(STRATOVIRT_VERSIONS)|g' -e 's|^\.Os$$|.Os stv $(VERSION)|' $< >$@.tmp && mv $@.tmp $@

$(BUILD)/man/stv-domain.5: schema/stratovirt-domain.rng schema/man-domain.xsl Makefile | deps
	@mkdir -p $(@D)
	$(MAN_XSLT) -o $@.tmp schema/man-domain.xsl schema/stratovirt-domain.rng && mv $@.tmp $@

$(BUILD)/gen/rule-places: schema/stratovirt-domain.rng schema/man-domain.xsl | deps
	@mkdir -p $(@D)
	xsltproc --nonet --stringparam part rules -o $@.tmp schema/man-domain.xsl $< && mv $@.tmp $@

$(BUILD)/man/stv-rules.7: compiler/rules.def tools/man-rules.sh $(BUILD)/gen/rule-places \
		$(wildcard testdata/invalid/*.diag) Makefile
	@mkdir -p $(@D)
	sh tools/man-rules.sh compiler/rules.def $(BUILD)/gen/rule-places testdata/invalid \
		'$(VERSION)' '$(RELEASE_DATE)' '$(SEE_ALSO)' >$@.tmp && mv $@.tmp $@

lint-man: man
	mandoc -Tlint -W warning $(MAN_PAGES)

# What is installed, as lists that the other parts extend: a program is a
# word of BINS (ctl/ctl.mk adds stv-ctl and stv-generator), a data file a
# word of DATA_FILES (the conversion stylesheet).  Each program gets the
# completion, and a program named in GENERATORS is linked into systemd's
# generator directory as well.  Nothing is stripped: packaging does that.
PROGRAMS    = $(notdir $(BINS))
GENERATORS  = $(filter stv-generator,$(PROGRAMS))
DATA_FILES += schema/stratovirt-domain.rng

# One completion for every program; the build writes their names into it.
$(BUILD)/completion/stv: completion/stv.bash.in Makefile
	@mkdir -p $(@D)
	sed 's|@PROGRAMS@|$(PROGRAMS)|' $< >$@.tmp && mv $@.tmp $@

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(COMPLETIONDIR)
	$(INSTALL) -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 $(DATA_FILES) $(DESTDIR)$(DATADIR)/
	for page in $(MAN_PAGES); do \
		$(INSTALL) -d $(DESTDIR)$(MANDIR)/man$${page##*.} && \
		$(INSTALL) -m 644 $$page $(DESTDIR)$(MANDIR)/man$${page##*.}/ || exit 1; \
	done
	set -- $(PROGRAMS); $(INSTALL) -m 644 $(BUILD)/completion/stv $(DESTDIR)$(COMPLETIONDIR)/$$1 && \
	first=$$1 && shift && for p; do ln -sf $$first $(DESTDIR)$(COMPLETIONDIR)/$$p || exit 1; done
	for g in $(GENERATORS); do \
		$(INSTALL) -d $(DESTDIR)$(SYSTEMDGENERATORDIR) && \
		ln -sf $(BINDIR)/$$g $(DESTDIR)$(SYSTEMDGENERATORDIR)/$$g || exit 1; \
	done

uninstall:
	for p in $(PROGRAMS); do rm -f $(DESTDIR)$(BINDIR)/$$p $(DESTDIR)$(COMPLETIONDIR)/$$p; done
	for g in $(GENERATORS); do rm -f $(DESTDIR)$(SYSTEMDGENERATORDIR)/$$g; done
	for f in $(notdir $(DATA_FILES)); do rm -f $(DESTDIR)$(DATADIR)/$$f; done
	for page in $(notdir $(MAN_PAGES)); do rm -f $(DESTDIR)$(MANDIR)/man$${page##*.}/$$page; done
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

# Packages, into dist/, built from the committed tree (git archive): the work
# tree's build/ is left alone and nothing uncommitted slips in.  The Debian
# package is linted; the RPM is built with --nodeps, since Debian's rpm has
# no database of the packages installed (the spec's BuildRequires are
# openEuler's).
DIST      = dist
PKG_BUILD = $(abspath $(BUILD))/pkg
.PHONY: deb rpm

deb:
	@sh tools/deps.sh deb
	rm -rf $(PKG_BUILD)/deb && mkdir -p $(PKG_BUILD)/deb/stv-$(VERSION) $(DIST)
	git archive --format=tar HEAD | tar -x -C $(PKG_BUILD)/deb/stv-$(VERSION)
	cd $(PKG_BUILD)/deb/stv-$(VERSION) && dpkg-buildpackage -us -uc -b
	mv $(PKG_BUILD)/deb/*.deb $(PKG_BUILD)/deb/*.buildinfo $(PKG_BUILD)/deb/*.changes $(DIST)/
	lintian -I --pedantic --fail-on error,warning $(DIST)/stv_$(VERSION)_$$(dpkg --print-architecture).changes

rpm:
	@sh tools/deps.sh rpm
	rm -rf $(PKG_BUILD)/rpm && mkdir -p $(PKG_BUILD)/rpm/SOURCES $(DIST)
	git archive --format=tar.gz --prefix=stv-$(VERSION)/ -o $(PKG_BUILD)/rpm/SOURCES/stv-$(VERSION).tar.gz HEAD
	rpmbuild -bb --nodeps --define '_topdir $(PKG_BUILD)/rpm' rpm/stv.spec
	mv $(PKG_BUILD)/rpm/RPMS/*/*.rpm $(DIST)/

clean:
	rm -rf build build-san build-fuzz build-fuzz-cov dist

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
