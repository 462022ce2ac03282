#!/bin/sh
# tests/check-generator.sh: stv-generator, run as systemd runs it (three
# directories) on private definition directories.
#   - every valid definition gives the unit stv-compile --emit=unit writes,
#     plus SourcePath= the definition, and it passes systemd-analyze verify
#     with no output; a transient definition wins over a defined one;
#   - an invalid or misnamed file is skipped with one log line (to the
#     kernel log, <priority> first, or to stderr when that cannot be
#     written) and the rest are still written; the status is then 1;
#   - autostart domains get their multi-user.target.wants link; nothing
#     goes to EARLY_DIR or LATE_DIR; no temporary file is left, and two
#     generators at once leave whole units;
#   - --dryrun prints what it would write and writes nothing.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

gen() { $RUN "$BUILD/stv-generator" "$@"; }
FAKE=$(pwd)/$BUILD/tests/fake-stratovirt
for t in systemd-analyze systemd-escape "$BUILD/stv-generator" "$BUILD/stv-compile" "$FAKE"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "check-generator: $t is missing (make test-deps)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

export STV_CONFIG_DIR="$tmp/etc" STV_RUNTIME_DIR="$tmp/run" STV_KMSG="$tmp/kmsg"
mkdir -p "$STV_CONFIG_DIR/autostart" "$STV_RUNTIME_DIR" "$tmp/early" "$tmp/late"
: >"$STV_KMSG"	# written to when it exists, as /dev/kmsg

# define NAME [DIR]: examples/minimal.xml as NAME (ExecStart= must exist for
# verify: the fake emulator), in DIR (default the definitions).
define() {
	sed "s|<name>minimal</name>|<name>$1</name>|; s|<devices>|<devices><emulator>$FAKE</emulator>|" \
		examples/minimal.xml >"${2:-$STV_CONFIG_DIR}/$1.xml"
}

unit_of() { echo "stratovirt-$(systemd-escape "$1").service"; }
# entries DIR: its entries, sorted, on one line.
entries() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' '; }

define good
define auto
define "vm-a:b"
ln -s ../auto.xml "$STV_CONFIG_DIR/autostart/auto.xml"
# A transient domain (stv-ctl create) wins over the definition of its name.
define good "$STV_RUNTIME_DIR"
sed -i 's|<vcpu>1</vcpu>|<vcpu>2</vcpu>|' "$STV_RUNTIME_DIR/good.xml"
sed 's|<vcpu>1</vcpu>|<vcpu>0</vcpu>|' "$STV_CONFIG_DIR/good.xml" >"$STV_CONFIG_DIR/bad.xml"
sed 's|<name>good</name>|<name>other</name>|' "$STV_CONFIG_DIR/good.xml" >"$STV_CONFIG_DIR/misnamed.xml"
cp "$STV_CONFIG_DIR/good.xml" "$STV_CONFIG_DIR/x y.xml"
echo "not a definition" >"$STV_CONFIG_DIR/notes.txt"

# --- a run with good and bad definitions ----------------------------------------

out=$tmp/normal
mkdir -p "$out"
expect_status "some definitions are skipped: status 1" 1 gen "$out" "$tmp/early" "$tmp/late"
check "the kernel log has one line per skipped file" [ "$(wc -l <"$STV_KMSG")" -eq 3 ]
check "each line: <priority>stv-generator[pid]: skipped: ..." \
	sh -c "! grep -v '^<27>stv-generator\[[0-9]*\]: skipped: ' '$STV_KMSG'"
for f in bad misnamed "x y"; do
	check "'$f.xml' is logged" grep -qF "$STV_CONFIG_DIR/$f.xml" "$STV_KMSG"
done
check "the invalid file's line names the rule" grep -q 'bad.xml:4:9: .*\[vcpu-range\]' "$STV_KMSG"
check "the misnamed file's line says why" grep -q "misnamed.xml: the domain's <name> is 'other'" "$STV_KMSG"
check "nothing on stderr when the kernel log is written" [ ! -s "$tmp/err" ]
check "nothing in EARLY_DIR or LATE_DIR" [ -z "$(entries "$tmp/early")$(entries "$tmp/late")" ]
check "the units and the wants directory, nothing else (no temporary file)" \
	[ "$(entries "$out")" = "multi-user.target.wants stratovirt-auto.service stratovirt-good.service $(unit_of vm-a:b) " ]

# unit_is LABEL NAME SOURCE: the unit is stv-compile's plus SourcePath=SOURCE,
# and systemd-analyze verify says nothing about it.
unit_is() {
	unit=$out/$(unit_of "$2")
	$COMPILE -q --emit=unit --runtime-dir "$STV_RUNTIME_DIR/$2" "$3" >"$tmp/want" 2>/dev/null
	grep -v '^SourcePath=' "$unit" >"$tmp/got"
	check "$1: the unit is stv-compile's" cmp -s "$tmp/want" "$tmp/got"
	check "$1: SourcePath= the definition" [ "$(grep '^SourcePath=' "$unit")" = "SourcePath=$3" ]
	check "$1: SourcePath= is in [Unit]" sh -c "sed -n '/^\[Unit\]/,/^\[/p' '$unit' | grep -q '^SourcePath='"
	# verify refuses a unit file name with ':' (systemd 252): a copy, as check-unit.sh.
	cp "$unit" "$tmp/verify.service"
	systemd-analyze verify "$tmp/verify.service" >"$tmp/verify" 2>&1
	st=$?
	if [ "$st" -eq 0 ] && [ ! -s "$tmp/verify" ]; then
		ok
	else
		not_ok "$1: systemd-analyze verify (status $st)"
		sed 's/^/  | /' "$tmp/verify" | head -10
	fi
}
unit_is "good (transient wins)" good "$STV_RUNTIME_DIR/good.xml"
unit_is auto auto "$STV_CONFIG_DIR/auto.xml"
unit_is "vm-a:b" "vm-a:b" "$STV_CONFIG_DIR/vm-a:b.xml"
check "the transient definition's vcpus" grep -q '"-smp" "2"' "$out/stratovirt-good.service"
check "autostart: the wants link" \
	[ "$(readlink "$out/multi-user.target.wants/stratovirt-auto.service")" = ../stratovirt-auto.service ]
check "autostart: only for autostart domains" [ "$(entries "$out/multi-user.target.wants")" = "stratovirt-auto.service " ]

# --- the log falls back to stderr --------------------------------------------------

rm -rf "$out" && mkdir -p "$out"
STV_KMSG=$tmp/no/such/kmsg expect_status "no kernel log: status 1 still" 1 gen "$out" "$tmp/early" "$tmp/late"
check "no kernel log: one line per skipped file on stderr" [ "$(grep -c '^stv-generator: skipped: ' "$tmp/err")" -eq 3 ]
check "no kernel log: the rest is written" [ -f "$out/stratovirt-auto.service" ]

# --- --dryrun -------------------------------------------------------------------------

rm -rf "$out" && mkdir -p "$out"
: >"$STV_KMSG"
expect_status "--dryrun" 1 gen --dryrun "$out" "$tmp/early" "$tmp/late"
check "--dryrun writes nothing" [ -z "$(entries "$out")" ]
check "--dryrun logs on stderr, not in the kernel log" \
	sh -c "[ \$(grep -c '^stv-generator: skipped: ' '$tmp/err') -eq 3 ] && [ ! -s '$STV_KMSG' ]"
check "--dryrun prints each unit" grep -qx -- '---stratovirt-auto.service---' "$tmp/out"
check "--dryrun prints the link" \
	grep -qx -- '---multi-user.target.wants/stratovirt-auto.service -> ../stratovirt-auto.service---' "$tmp/out"
check "--dryrun prints the unit itself" grep -qx "SourcePath=$STV_CONFIG_DIR/auto.xml" "$tmp/out"
expect_status "--dryrun needs no directory" 1 gen --dryrun

# --- all valid; two at once; failures -----------------------------------------------------

rm -f "$STV_CONFIG_DIR/bad.xml" "$STV_CONFIG_DIR/misnamed.xml" "$STV_CONFIG_DIR/x y.xml"
rm -rf "$out" && mkdir -p "$out"
expect_status "every definition valid: status 0" 0 gen "$out" "$tmp/early" "$tmp/late"
expect_status "one directory is enough" 0 gen "$out"
for u in "$out"/*.service; do
	cp "$u" "$tmp/$(basename "$u").first"
done
gen "$out" "$tmp/early" "$tmp/late" 2>"$tmp/e1" &
p1=$!
gen "$out" "$tmp/early" "$tmp/late" 2>"$tmp/e2" &
p2=$!
wait "$p1"
s1=$?
wait "$p2"
s2=$?
check "two generators at once: both succeed" [ "$s1" -eq 0 ] && [ "$s2" -eq 0 ]
for u in "$out"/*.service; do
	check "two generators at once: $(basename "$u") is whole" cmp -s "$tmp/$(basename "$u").first" "$u"
done
check "two generators at once: no temporary file" \
	[ "$(entries "$out")" = "multi-user.target.wants stratovirt-auto.service stratovirt-good.service $(unit_of vm-a:b) " ]
: >"$tmp/file"
expect_status "NORMAL_DIR that is not a directory: status 1" 1 gen "$tmp/file" "$tmp/early" "$tmp/late"
check "NORMAL_DIR that is not a directory: logged" grep -q 'cannot write' "$STV_KMSG"
expect_status "no directory" 2 gen
expect_status "two directories" 2 gen "$out" "$tmp/early"
expect_status "an unknown option" 2 gen -dryrun "$out"
expect_status "--help" 0 gen --help
STV_CONFIG_DIR=relative expect_status "a relative STV_CONFIG_DIR" 2 gen "$out"

finish
