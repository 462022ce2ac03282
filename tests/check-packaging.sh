#!/bin/sh
# The packages state what the Makefile states: debian/changelog's version
# and rpm/stv.spec's Version are the Makefile's VERSION; debian/control
# build-depends on every Debian package tools/deps.sh installs for the build
# and, unless nocheck, for the suite that dh_auto_test runs; the package is
# built as debian/ says the project wants it.  (make deb and make rpm build
# them; they are not part of the suite.)
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

version=$(sed -n 's/^VERSION = //p' Makefile)
check "the Makefile states the release" [ -n "$version" ]
check "debian/changelog's newest entry is $version" \
	[ "$(sed -n '1s/^stv (\([^)]*\)) .*/\1/p' debian/changelog)" = "$version" ]
check "rpm/stv.spec's Version is $version" grep -qx "Version: *$version" rpm/stv.spec
check "rpm/stv.spec's newest changelog entry is $version" \
	sh -c "sed -n '/^%changelog/{n;p;q}' rpm/stv.spec | grep -q ' - $version-'"

# Build-Depends, one package a line, with its profile.
awk '/^Build-Depends:/ { on = 1; sub(/^Build-Depends:/, "") } on && /^[A-Z]/ && !/^Build-Depends/ { on = 0 }
	on { print }' debian/control | tr ',' '\n' | sed 's/^ *//; s/ *$//; s/ *(.*)//' | grep . >"$tmp/bdeps"
# gcc and make are build-essential, which Debian never lists.
for p in $(sh tools/deps.sh build --list); do
	case $p in gcc | make) continue ;; esac
	check "debian/control build-depends on $p (tools/deps.sh build)" grep -qx "$p" "$tmp/bdeps"
done
for p in $(sh tools/deps.sh test --list); do
	sh tools/deps.sh build --list | grep -qx "$p" && continue
	check "debian/control build-depends on $p, at least <!nocheck> (tools/deps.sh test)" \
		grep -qx -e "$p" -e "$p <!nocheck>" "$tmp/bdeps"
done
check "debhelper-compat 13" grep -q 'debhelper-compat (= 13)' debian/control
check "Rules-Requires-Root: no" grep -qx 'Rules-Requires-Root: no' debian/control
check "a native source package" grep -qx '3.0 (native)' debian/source/format
check "hardening=+all" grep -q '^export DEB_BUILD_MAINT_OPTIONS = hardening=+all$' debian/rules
check "the package build installs nothing (STV_OFFLINE)" grep -q '^export STV_OFFLINE = 1$' debian/rules
check "debian/copyright is DEP-5" \
	grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' debian/copyright

finish
