#!/bin/sh
# The diagnostics corpus: stv-validate's exact output on testdata/.
#
#   testdata/**/NAME.xml + NAME.diag   stdout must equal NAME.diag, and the
#                                      exit status is 1 when it holds an
#                                      error, else 0
#   testdata/valid/NAME.xml, no .diag  no output at all, exit 0
#   testdata/invalid/NAME.xml          must have a .diag
#   testdata/libvirt/NAME.xml          real domains (SOURCES.md): must have a
#   testdata/realworld/NAME.xml        .diag, which pins that one run reports
#                                      every unsupported feature and missing
#                                      requirement, and nothing twice
#   NAME.diag                          must have its NAME.xml
#   testdata/realworld/EXPECT          each StratoVirt sample named there
#                                      compiles (validate exit 0, compile
#                                      writes an argv) or fails (exit 1, no
#                                      argv), as it says
#
# Every rule a document can trigger must appear in some testdata/invalid
# .diag, so a rule nobody exercised shows up here.
#
# REGENERATE=1 rewrites the .diag files (and creates those of
# testdata/invalid, and of testdata/valid files that now warn) instead of
# comparing; review the git diff.  Runs from the top of the tree so the
# paths in the output are the relative ones stored in the .diag files.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

regen=${REGENERATE:-0}

# Rules no testdata/invalid file can show, and why.
excluded="
file-size	tests/check-hostile.sh feeds files over --max-size; a 16 MiB file does not belong in testdata
schema	raised only when the RelaxNG schema and structure.c disagree, which check-crosscheck.sh forbids
unit-value	stv-compile --emit=unit raises it (tests/check-unit.sh); stv-validate writes no unit
cpu-topology	retired: <cpu> and <topology> are supported now, and nothing raises it; the id stays, never reused
"

# want_status DIAG: the exit status a .diag implies.
want_status() {
	if grep -q ': error: ' "$1"; then echo 1; else echo 0; fi
}

# compare XML DIAG: stdout equals DIAG and the exit status matches.
compare() {
	xml=$1 diag=$2
	$VALIDATE "$xml" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$regen" = 1 ]; then
		case $xml in
		testdata/valid/*) [ -s "$tmp/out" ] || { rm -f "$diag"; ok; return; } ;;
		esac
		cp "$tmp/out" "$diag"
		ok
		return
	fi
	want=$(want_status "$diag")
	if ! cmp -s "$diag" "$tmp/out"; then
		not_ok "$xml: output differs from $diag"
		diff -u "$diag" "$tmp/out" | sed 's/^/  | /'
	elif [ "$got" -ne "$want" ]; then
		not_ok "$xml: exit $got, expected $want"
	else
		ok
		return
	fi
	sed 's/^/  stderr| /' "$tmp/err" | head -5
}

# clean XML: a valid document with no expected warnings prints nothing.
clean() {
	xml=$1
	$VALIDATE "$xml" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$regen" = 1 ] && [ -s "$tmp/out" ]; then
		cp "$tmp/out" "${xml%.xml}.diag"
		ok
	elif [ "$got" -eq 0 ] && [ ! -s "$tmp/out" ]; then
		ok
	else
		not_ok "$xml: expected no findings and exit 0, got exit $got"
		sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20
	fi
}

find testdata -name '*.xml' | LC_ALL=C sort >"$tmp/xmls"
find testdata -name '*.diag' | LC_ALL=C sort >"$tmp/diags"

while read -r xml; do
	diag=${xml%.xml}.diag
	case $xml in
	testdata/invalid/* | testdata/libvirt/* | testdata/realworld/*)
		if [ -f "$diag" ] || [ "$regen" = 1 ]; then
			compare "$xml" "$diag"
		else
			not_ok "$xml has no expected output $diag (make golden)"
		fi
		;;
	testdata/valid/*)
		if [ -f "$diag" ]; then compare "$xml" "$diag"; else clean "$xml"; fi
		;;
	*)
		# Compile cases and injection cases belong to other scripts,
		# unless they state their diagnostics.
		if [ -f "$diag" ]; then compare "$xml" "$diag"; fi
		;;
	esac
done <"$tmp/xmls"

while read -r diag; do
	if [ -f "${diag%.diag}.xml" ]; then
		ok
	else
		not_ok "$diag has no ${diag%.diag}.xml"
	fi
done <"$tmp/diags"

# StratoVirt's own samples: compile or fail as testdata/realworld/EXPECT says.
grep -v '^#' testdata/realworld/EXPECT >"$tmp/expect"
while read -r name want; do
	xml=testdata/realworld/$name
	$VALIDATE -q "$xml" >/dev/null 2>&1
	vs=$?
	$COMPILE -q "$xml" >"$tmp/argv" 2>/dev/null
	cs=$?
	case $want in
	compiles) [ "$vs" -eq 0 ] && [ "$cs" -eq 0 ] && [ -s "$tmp/argv" ] ;;
	fails) [ "$vs" -eq 1 ] && [ "$cs" -eq 1 ] && [ ! -s "$tmp/argv" ] ;;
	*) false ;;
	esac
	if [ $? -eq 0 ]; then
		ok
	else
		not_ok "$xml: expected it $want; stv-validate exit $vs, stv-compile exit $cs"
	fi
done <"$tmp/expect"
for xml in testdata/realworld/stratovirt-*.xml testdata/realworld/openeuler-docs-stratovirt-*.xml; do
	if grep -q "^$(basename "$xml") " testdata/realworld/EXPECT; then
		ok
	else
		not_ok "$xml: a StratoVirt sample not in testdata/realworld/EXPECT"
	fi
done

# Rule coverage: read the ids from the catalogue itself.
$VALIDATE --list-rules >"$tmp/rules" 2>/dev/null || not_ok "stv-validate --list-rules failed"
awk '{print $1}' "$tmp/rules" >"$tmp/ids"
printf '%s\n' "$excluded" | sed '/^$/d' | cut -f1 >"$tmp/excluded"

# testdata/invalid/RULE.xml (RULE-2.xml, ...) must report RULE.
for diag in testdata/invalid/*.diag; do
	[ -f "$diag" ] || continue
	rule=$(basename "$diag" .diag | sed 's/-[0-9]*$//')
	grep -qx "$rule" "$tmp/ids" || continue	# not named after a rule: issue-3
	if grep -qF "[$rule]" "$diag"; then
		ok
	else
		not_ok "$diag does not report the rule $rule it is named after"
	fi
done

cat testdata/invalid/*.diag >"$tmp/all-diags" 2>/dev/null
while read -r id; do
	grep -qx "$id" "$tmp/excluded" && continue
	if grep -qF "[$id]" "$tmp/all-diags"; then
		ok
	else
		not_ok "rule $id appears in no testdata/invalid/*.diag"
	fi
done <"$tmp/ids"

# An exclusion must name a rule that still exists.
while read -r id; do
	if grep -qx "$id" "$tmp/ids"; then
		ok
	else
		not_ok "excluded rule $id is not in the catalogue"
	fi
done <"$tmp/excluded"

finish
