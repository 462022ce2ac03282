#!/bin/sh
# tests/run.sh UNIT_BINARY...: the whole suite for one build ($BUILD):
# the cmocka binaries given, then every tests/check-*.sh in name order.
set -u
: "${BUILD:=build}"
# make golden sets it; inherited here it would turn comparisons into rewrites.
unset REGENERATE
export BUILD
if [ "${SANITIZE:-0}" = 1 ]; then
	export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
	export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi
suites=0
failed=""
run() {
	name=$1
	shift
	echo "== $name"
	suites=$((suites + 1))
	"$@" || failed="$failed $name"
}
for t in "$@"; do
	run "$(basename "$t")" "$t"
done
for s in tests/check-*.sh; do
	run "$(basename "$s" .sh)" sh "$s"
done
nfailed=$(echo "$failed" | wc -w)
echo "== suites ($BUILD)"
[ -z "$failed" ] || echo "failed:$failed"
echo "$((suites - nfailed)) passed, $nfailed failed"
[ -z "$failed" ]
