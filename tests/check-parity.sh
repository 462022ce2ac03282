#!/bin/sh
# stv-validate and stv-compile run the same rules: on every document of the
# corpus, stv-validate passes exactly when stv-compile compiles, and they
# report the same findings.  A linter that passes what the compiler refuses
# is the worst kind of CI bug.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

for f in $(find testdata examples -name '*.xml' | LC_ALL=C sort); do
	$VALIDATE --no-caret "$f" >"$tmp/v.out" 2>/dev/null
	v=$?
	$COMPILE --no-caret "$f" >"$tmp/c.out" 2>"$tmp/c.err"
	c=$?
	if [ "$v" -ne "$c" ]; then
		not_ok "$f: stv-validate exits $v, stv-compile $c"
		sed 's/^/  | /' "$tmp/v.out" "$tmp/c.err" | head -10
		continue
	fi
	ok
	# stv-compile adds no finding of its own, and drops none.
	if cmp -s "$tmp/v.out" "$tmp/c.err"; then
		ok
	else
		not_ok "$f: the two programs report different findings"
		diff "$tmp/v.out" "$tmp/c.err" | sed 's/^/  | /' | head -10
	fi
done
finish
