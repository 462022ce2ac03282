#!/bin/sh
# --format=codequality is GitLab's code quality report as GitLab documents
# it (doc/ci/testing/code_quality.md, "Implement a custom tool"): an array
# of objects with description, check_name, fingerprint, severity (info,
# minor, major, critical or blocker), location.path (relative) and
# location.lines.begin.  GitLab shows findings that share a fingerprint as
# one and compares fingerprints between pipelines, so they must be unique in
# a report and stable from run to run, also when lines move.
#
# jq programs are in single quotes; $VALIDATE is a command with its options.
# shellcheck disable=SC2016,SC2086
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

# shape LOG: every issue has the documented fields and types, and no others.
shape() {
	jq -e --slurpfile rules "$tmp/rules.json" '
		type == "array" and all(.[];
			(keys == ["check_name", "description", "fingerprint", "location", "severity"]) and
			(.description | type == "string" and length > 0) and
			(.check_name as $c | $rules[0] | index($c) != null) and
			(.fingerprint | test("^[0-9a-f]{16}$")) and
			(.severity == "major" or .severity == "minor") and
			(.location | keys == ["lines", "path"]) and
			(.location.path | type == "string" and (startswith("/") or startswith("./") | not)) and
			(.location.lines | keys == ["begin"]) and
			(.location.lines.begin | type == "number" and . >= 1))' "$1" >/dev/null
}

$VALIDATE --list-rules | awk '{ print $1 }' | jq -R . | jq -s . >"$tmp/rules.json"

# The whole invalid corpus in one report: every rule's finding.
$VALIDATE --format=codequality testdata/invalid/*.xml >"$tmp/all.json"
check "the corpus gives the documented shape" shape "$tmp/all.json"
check "the report starts with '[' (GitLab refuses a byte order mark)" \
	sh -c "head -c 1 '$tmp/all.json' | grep -q '\\['"
check "the corpus report has a finding per file at least" \
	jq -e --argjson n "$(find testdata/invalid -name '*.xml' | wc -l)" 'length >= $n' "$tmp/all.json" >/dev/null
check "fingerprints are unique in the report" \
	jq -e '(map(.fingerprint) | length) == (map(.fingerprint) | unique | length)' "$tmp/all.json" >/dev/null
check "errors are major and warnings minor" sh -c "
	$VALIDATE --format=codequality testdata/invalid/boot-dev-ignored.xml testdata/invalid/mac.xml |
	jq -e 'map({(.check_name): .severity}) | add | .\"boot-dev-ignored\" == \"minor\" and .mac == \"major\"' >/dev/null"
$VALIDATE --format=codequality testdata/invalid/*.xml >"$tmp/again.json"
check "the same run gives the same report" cmp -s "$tmp/all.json" "$tmp/again.json"

# Paths: as given, without ./, relative to where it runs.
$VALIDATE --format=codequality ./testdata/invalid/mac.xml >"$tmp/dot.json"
$VALIDATE --format=codequality testdata/invalid/mac.xml >"$tmp/plain.json"
check "./ is dropped from the path, and the fingerprint is the same" cmp -s "$tmp/dot.json" "$tmp/plain.json"
check "the path is the file as given" jq -e '.[0].location.path == "testdata/invalid/mac.xml"' "$tmp/plain.json" >/dev/null

# Lines added above a finding move it, and keep its fingerprint.
mkdir "$tmp/repo" "$tmp/moved"
validate=$(pwd)/$BUILD/stv-validate
cp testdata/invalid/mac.xml "$tmp/repo/vm.xml"
{ printf '<!-- one -->\n<!-- two -->\n<!-- three -->\n'; cat testdata/invalid/mac.xml; } >"$tmp/moved/vm.xml"
(cd "$tmp/repo" && $RUN "$validate" --format=codequality vm.xml) >"$tmp/before.json"
(cd "$tmp/moved" && $RUN "$validate" --format=codequality vm.xml) >"$tmp/after.json"
check "a finding moved by three lines keeps its fingerprint" jq -e --slurpfile b "$tmp/before.json" \
	'map(.fingerprint) == ($b[0] | map(.fingerprint)) and
	 (map(.location.lines.begin) == ($b[0] | map(.location.lines.begin + 3)))' "$tmp/after.json" >/dev/null

# The same fault twice (two interfaces with one multicast MAC): two findings.
awk '/<interface/ { copy = 1 } copy { buf = buf $0 "\n" } { print }
	/<\/interface>/ { copy = 0; gsub("tap0", "tap1", buf); printf "%s", buf }' \
	testdata/invalid/mac.xml >"$tmp/repo/twice.xml"
(cd "$tmp/repo" && $RUN "$validate" --format=codequality twice.xml) >"$tmp/twice.json"
check "the same fault twice is two findings" jq -e '[.[] | select(.check_name == "mac")] | length == 2' "$tmp/twice.json" >/dev/null
check "with two fingerprints" jq -e '[.[] | select(.check_name == "mac") | .fingerprint] | unique | length == 2' "$tmp/twice.json" >/dev/null
check "and the report still has its shape" shape "$tmp/twice.json"

# A clean file, and the exit status of the findings.
expect_status "a clean file exits 0" 0 $VALIDATE --format=codequality examples/aarch64-virt.xml
check "with an empty report" sh -c "$VALIDATE -q --format=codequality examples/aarch64-virt.xml | jq -e 'length == 0' >/dev/null"
expect_status "a file with errors exits 1" 1 $VALIDATE --format=codequality testdata/invalid/mac.xml

finish
