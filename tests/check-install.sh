#!/bin/sh
# `make install` honours PREFIX and DESTDIR, and the installed programs work
# from anywhere (the schema is built in; the installed copy is for users).
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

root="$tmp/root"
check "make install" make -s install BUILD="$BUILD" SANITIZE="${SANITIZE:-0}" \
	DESTDIR="$root" PREFIX=/opt/stv >"$tmp/install.log" 2>&1
for f in bin/stv-validate bin/stv-compile bin/stv-ctl bin/stv-generator \
	share/stv/stratovirt-domain.rng share/man/man1/stv-validate.1 \
	share/man/man1/stv-compile.1 share/man/man1/stv-ctl.1 share/man/man8/stv-generator.8; do
	check "installs $f" test -s "$root/opt/stv/$f"
done
check "links the generator into systemd's generator directory" \
	[ "$(readlink "$root/opt/stv/lib/systemd/system-generators/stv-generator")" = /opt/stv/bin/stv-generator ]
cp examples/minimal.xml "$tmp/vm.xml"
check "installed stv-validate runs from elsewhere" \
	sh -c "cd / && '$root/opt/stv/bin/stv-validate' -q '$tmp/vm.xml'"
check "installed schema is the tree's schema" \
	cmp -s schema/stratovirt-domain.rng "$root/opt/stv/share/stv/stratovirt-domain.rng"
check "the installed schema accepts a domain" \
	sh -c "'$root/opt/stv/bin/stv-validate' -q --schema='$root/opt/stv/share/stv/stratovirt-domain.rng' '$tmp/vm.xml'"
check "uninstall removes the files" sh -c "make -s uninstall DESTDIR='$root' PREFIX=/opt/stv >/dev/null &&
	test ! -e '$root/opt/stv/bin/stv-validate' && test ! -e '$root/opt/stv/share/stv/stratovirt-domain.rng' &&
	test ! -e '$root/opt/stv/bin/stv-ctl' && test ! -e '$root/opt/stv/share/man/man8/stv-generator.8' &&
	test ! -L '$root/opt/stv/lib/systemd/system-generators/stv-generator'"

finish
