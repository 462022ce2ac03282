# Shared helpers for tests/check-*.sh.  Source it after `cd` to the top.
# Each script counts results with ok/not_ok and ends with `finish`, which
# prints "N passed, M failed" and fails when anything failed.

: "${BUILD:=build}"
export BUILD
pass=0
fail=0

# Under `make valgrind`, every stv command runs under valgrind.
if [ "${VALGRIND:-0}" = 1 ]; then
	RUN="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
else
	RUN=
fi
VALIDATE="$RUN $BUILD/stv-validate"
COMPILE="$RUN $BUILD/stv-compile"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stv-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
not_ok() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds; returns its
# verdict, so `check ... || explain` can show why.
check() {
	desc=$1
	shift
	if "$@"; then ok; else not_ok "$desc"; return 1; fi
}

# expect_status DESCRIPTION STATUS COMMAND...: COMMAND's exit status is STATUS.
expect_status() {
	desc=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok
	else
		not_ok "$desc: exit $got, expected $want"
		sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20
	fi
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
