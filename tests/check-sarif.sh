#!/bin/sh
# stv's SARIF is what Microsoft's SARIF validator (sarif-multitool validate,
# the npm package tools/deps.sh installs into build/npm) accepts with no
# error: for relative and absolute file names, several files, and none.
# A SARIF log with the mistake stv once made (an absolute path as a
# relative URI beside a uriBaseId) must get SARIF1004, so the validator is
# known to judge.  The validator's GitHub rules (--rule-kind Gh: what code
# scanning requires on upload) must pass too, and must catch a rule with no
# help.  It runs offline.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

tool=build/npm/node_modules/.bin/sarif-multitool
if [ ! -x "$tool" ] && [ "${STV_OFFLINE:-0}" = 1 ]; then
	# A package build: the validator is an npm package, and it is offline.
	echo "SKIP: $tool is missing and STV_OFFLINE=1: the SARIF validator needs npm's registry"
	finish
	exit 0
elif [ ! -x "$tool" ]; then
	not_ok "$tool is missing: run tools/deps.sh test"
	finish
	exit 1
fi

# validate LOG [OPTION...]: the validator's findings as "LEVEL RULE" lines in $tmp/found.
validate() {
	log=$1
	shift
	rm -f "$tmp/v.sarif"
	# .NET writes its cache under $HOME; keep it private.
	HOME=$tmp DOTNET_CLI_TELEMETRY_OPTOUT=1 "$tool" validate "$log" -o "$tmp/v.sarif" "$@" \
		>"$tmp/v.log" 2>&1 || return 1
	jq -r '.runs[0].results[] | "\(.level // "warning") \(.ruleId)"' "$tmp/v.sarif" >"$tmp/found"
}

# no_errors DESCRIPTION LOG [OPTION...]
no_errors() {
	desc=$1
	shift
	if ! validate "$@"; then
		not_ok "$desc: the validator failed"
		sed 's/^/  | /' "$tmp/v.log" | tail -5
	elif grep -q '^error ' "$tmp/found"; then
		not_ok "$desc: the validator reports errors"
		sed 's/^/  | /' "$tmp/found" | sort | uniq -c | head
	else
		ok
	fi
}

$VALIDATE --format=sarif testdata/invalid/pci-slot-range.xml >"$tmp/rel.sarif"
no_errors "a relative file name" "$tmp/rel.sarif"
check "a relative name is relative to %SRCROOT%" \
	jq -e '.runs[0].results[0].locations[0].physicalLocation.artifactLocation | .uriBaseId == "%SRCROOT%" and (.uri | startswith("testdata/"))' "$tmp/rel.sarif" >/dev/null
$VALIDATE --format=sarif "$(pwd)/testdata/invalid/mac.xml" testdata/invalid/arch.xml >"$tmp/abs.sarif"
no_errors "absolute and relative file names" "$tmp/abs.sarif"
check "an absolute name is a file:// URI with no base" \
	jq -e '.runs[0].results[0].locations[0].physicalLocation.artifactLocation | (.uri | startswith("file:///")) and (has("uriBaseId") | not)' "$tmp/abs.sarif" >/dev/null
check "results have an end column" \
	jq -e 'all(.runs[0].results[]; .locations[0].physicalLocation.region.endColumn > .locations[0].physicalLocation.region.startColumn)' "$tmp/abs.sarif" >/dev/null
$VALIDATE --format=sarif examples/x86_64-q35.xml "$tmp/missing-file.xml" >"$tmp/none.sarif" 2>/dev/null
no_errors "a clean file and no findings" "$tmp/none.sarif"
cp testdata/invalid/option-value.xml "$tmp/with space, and ü.xml"
$VALIDATE --format=sarif "$tmp/with space, and ü.xml" >"$tmp/odd.sarif"
no_errors "a file name with spaces, a comma and non-ASCII" "$tmp/odd.sarif"

# What GitHub code scanning requires (the validator's GitHub rules).
no_errors "code scanning's requirements" "$tmp/abs.sarif" --rule-kind Gh
check "results have an end line" \
	jq -e 'all(.runs[0].results[]; .locations[0].physicalLocation.region.endLine >= .locations[0].physicalLocation.region.startLine)' "$tmp/abs.sarif" >/dev/null
jq 'del(.runs[0].tool.driver.rules[0].help)' "$tmp/abs.sarif" >"$tmp/nohelp.sarif"
if validate "$tmp/nohelp.sarif" --rule-kind Gh && grep -q '^error GH2012$' "$tmp/found"; then
	ok
else
	not_ok "the validator's GitHub rules report GH2012 for a rule with no help"
fi

# The old mistake, by hand: the validator must catch it.
jq '.runs[0].results[0].locations[0].physicalLocation.artifactLocation = {"uri": "/abs/vm.xml", "uriBaseId": "%SRCROOT%"}' \
	"$tmp/rel.sarif" >"$tmp/bad.sarif"
if validate "$tmp/bad.sarif" && grep -q '^error SARIF1004$' "$tmp/found"; then
	ok
else
	not_ok "the validator reports SARIF1004 for an absolute path beside a uriBaseId"
fi
finish
