#!/bin/sh
# StratoVirt's command-line rules, checked by tests/tools/argvcheck (which
# reads the argv back with the argv/ parser and shares no code with the
# emitter):
# - every golden/*.args must be clean, one argument per line and NUL-separated;
# - every testdata/argv/NAME.args is a bad command line that must fail, with
#   the substring in testdata/argv/NAME.expect in argvcheck's output.
# A sample without its .expect (or the reverse) fails the run.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

CHECK="$RUN $BUILD/tests/argvcheck"
if [ ! -x "$BUILD/tests/argvcheck" ]; then
	echo "missing $BUILD/tests/argvcheck (make $BUILD/tests/argvcheck)"
	exit 2
fi

ngolden=0
for f in golden/*.args; do
	[ -e "$f" ] || continue
	ngolden=$((ngolden + 1))
	expect_status "$f is a valid StratoVirt command line" 0 $CHECK "$f"
	tr '\n' '\0' <"$f" >"$tmp/nul.args"
	expect_status "$f, NUL-separated (-0)" 0 $CHECK -0 "$tmp/nul.args"
done
echo "checked $ngolden golden argv file(s)"

nbad=0
for f in testdata/argv/*.args; do
	[ -e "$f" ] || continue
	nbad=$((nbad + 1))
	name=${f%.args}
	if [ ! -f "$name.expect" ]; then
		not_ok "$f has no $name.expect"
		continue
	fi
	want=$(cat "$name.expect")
	$CHECK "$f" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -ne 1 ]; then
		not_ok "$f: argvcheck exit $got, expected 1"
		sed 's/^/  | /' "$tmp/out" | head -20
	elif ! grep -qF -- "$want" "$tmp/out"; then
		not_ok "$f: no \"$want\" in the output"
		sed 's/^/  | /' "$tmp/out" | head -20
	elif grep -qv '^argv:[0-9][0-9]*: [a-z'"'"'-]' "$tmp/out"; then
		not_ok "$f: a line is not \"argv:WORD: message\""
		sed 's/^/  | /' "$tmp/out" | head -20
	else
		ok
	fi
done
for e in testdata/argv/*.expect; do
	[ -e "$e" ] || continue
	[ -f "${e%.expect}.args" ] || not_ok "$e has no ${e%.expect}.args"
done
echo "checked $nbad bad argv sample(s)"

# The reader itself: usage and I/O errors are not findings.
expect_status "argvcheck without a file" 2 $CHECK
expect_status "argvcheck on a missing file" 2 $CHECK "$tmp/nonexistent.args"

finish
