#!/bin/sh
# tests/fuzz/run.sh: build the libFuzzer harnesses, replay their
# regression corpora, then fuzz for FUZZ_SECONDS seconds in all (default
# 60): three quarters to fuzz_stv (the compiler), a quarter to fuzz_qmp
# (stv-ctl's QMP client against a hostile monitor).
#
#   FUZZ_SECONDS=N   how long to fuzz, both harnesses together (0: only
#                    build and replay)
#   FUZZ_BUILD=DIR   build directory (default build-fuzz)
#   FUZZ_ARGS=...    extra libFuzzer flags (e.g. -jobs=2 -workers=2)
#   FUZZ_COVERAGE=1  afterwards, replay the corpus in a build with clang's
#                    source coverage and print llvm-cov's report per file
#
# The library is compiled again from the sources with clang into its own
# build directory (never the gcc objects): libFuzzer needs clang's coverage
# instrumentation.  The working corpus lives in $FUZZ_BUILD/corpus and grows
# from run to run; the seeds are every XML file in testdata/ and examples/
# plus tests/fuzz/corpus/ (fuzz_qmp: tests/fuzz/corpus-qmp/, in
# $FUZZ_BUILD/corpus-qmp).  Any input that crashes, leaks, hangs or
# exhausts memory is copied into the harness's regression directory
# (commit it with the fix) and the run fails.  Exit status: 0 clean, 1 a finding, 2 build error.
set -eu

cd "$(dirname "$0")/../.."
B=${FUZZ_BUILD:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
REGRESS=tests/fuzz/corpus
REGRESS_QMP=tests/fuzz/corpus-qmp
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# clang warns about things gcc does not; the gcc build is the -Werror gate.
WARN="-Wall -Wextra -Wswitch-enum -Wformat=2 -Wshadow -Wstrict-prototypes"
CLANG=${CLANG:-clang}

build() {
	make -s CC="$CLANG" BUILD="$B" CFLAGS="-O1 -g" WARN="$WARN" \
		SANFLAGS="-fsanitize=fuzzer-no-link $SAN" "$B/libstv.a" "$B/libstvargv.a" \
		"$B/gen/xml.dict" || return 2
	cat tests/fuzz/syntax.dict "$B/gen/xml.dict" >"$B/fuzz.dict" || return 2
	# shellcheck disable=SC2046,SC2086 # flag lists are split on purpose
	"$CLANG" -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g $WARN \
		-fsanitize=fuzzer $SAN $(pkg-config --cflags libxml-2.0) -Iargv -I"$B/argv" \
		-I"$B/gen" -Icompiler \
		-o "$B/fuzz_stv" tests/fuzz/fuzz_stv.c tests/fuzz/argv_oracle.c \
		"$B/libstv.a" "$B/libstvargv.a" $(pkg-config --libs libxml-2.0) || return 2
	# shellcheck disable=SC2086 # flag lists are split on purpose
	"$CLANG" -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g $WARN -fsanitize=fuzzer $SAN \
		-o "$B/fuzz_qmp" tests/fuzz/fuzz_qmp.c "$B/libstv.a" || return 2
}

# Everything XML in the tree, flattened into one seed directory.
seeds() {
	rm -rf "$B/seeds"
	mkdir -p "$B/seeds" "$B/corpus"
	find testdata examples -name '*.xml' -type f | while read -r f; do
		cp "$f" "$B/seeds/$(printf '%s' "$f" | tr '/' '_')"
	done
}

# keep_artifacts NAME REGRESS: keeps what libFuzzer found (the file names
# are content hashes).
keep_artifacts() {
	for f in "$B/artifacts-$1"/crash-* "$B/artifacts-$1"/leak-* \
		"$B/artifacts-$1"/timeout-* "$B/artifacts-$1"/oom-*; do
		[ -f "$f" ] || continue
		cp "$f" "$2/"
		echo "fuzz: kept $2/$(basename "$f"); add it to git with the fix" >&2
		rm -f "$f"
	done
}

# replay NAME REGRESS: each regression input once: a crash fixed once must
# stay fixed.
replay() {
	name=$1
	set -- "$2"/*
	[ -f "$1" ] || { echo "fuzz: $name: regression corpus empty"; return 0; }
	if ! "$B/$name" -runs=1 "$@" >"$B/replay-$name.log" 2>&1; then
		tail -n 60 "$B/replay-$name.log" >&2
		echo "fuzz: FAIL: a regression input of $name crashes" >&2
		return 1
	fi
	echo "fuzz: $name: replayed $# regression inputs: ok"
}

# fuzz NAME SECONDS REGRESS FLAGS... -- CORPUS...: one harness for SECONDS.
fuzz() {
	name=$1 secs=$2 regress=$3
	shift 3
	[ "$secs" -gt 0 ] || return 0
	flags=
	while [ "$1" != -- ]; do
		flags="$flags $1"
		shift
	done
	shift
	mkdir -p "$B/artifacts-$name"
	echo "fuzz: $name: fuzzing for $secs s (log: $B/fuzz-$name.log)"
	rc=0
	# shellcheck disable=SC2086 # FUZZ_ARGS and flags are lists of flags
	"$B/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 $flags \
		-print_final_stats=1 -artifact_prefix="$B/artifacts-$name/" ${FUZZ_ARGS:-} \
		"$@" "$regress" >"$B/fuzz-$name.log" 2>&1 || rc=$?
	# The last progress line (plain and -fork=N modes) and the final stats.
	awk '/^#[0-9]+([[:space:]]+DONE|: cov)/ { last = $0 }
	     /^stat::(number_of_executed_units|peak_rss)/ { print }
	     END { if (last != "") print last }' "$B/fuzz-$name.log"
	if [ $rc -ne 0 ]; then
		grep -E -A40 "^==[0-9]+==ERROR|runtime error|^$name: " "$B/fuzz-$name.log" | head -n 80 >&2
		keep_artifacts "$name" "$regress"
		echo "fuzz: $name: FAIL (libFuzzer exit $rc)" >&2
		return 1
	fi
	echo "fuzz: $name: $(find "$1" -type f | wc -l) inputs in $1, no finding"
}

# What the corpus reaches, line by line: llvm-cov show -instr-profile=...
coverage() {
	CB=$B-cov
	PROF="-fprofile-instr-generate -fcoverage-mapping"
	make -s CC="$CLANG" BUILD="$CB" CFLAGS="-O0 -g" WARN="$WARN" \
		SANFLAGS="$PROF" "$CB/libstv.a" "$CB/libstvargv.a" || return 2
	# shellcheck disable=SC2046,SC2086 # flag lists are split on purpose
	"$CLANG" -std=c11 -D_POSIX_C_SOURCE=200809L -O0 -g $WARN -fsanitize=fuzzer \
		$PROF $(pkg-config --cflags libxml-2.0) -Iargv -I"$CB/argv" -I"$CB/gen" -Icompiler \
		-o "$CB/fuzz_cov" tests/fuzz/fuzz_stv.c tests/fuzz/argv_oracle.c \
		"$CB/libstv.a" "$CB/libstvargv.a" $(pkg-config --libs libxml-2.0) || return 2
	rm -f "$CB"/*.profraw
	LLVM_PROFILE_FILE="$CB/fuzz.profraw" "$CB/fuzz_cov" -runs=0 \
		"$B/corpus" "$B/seeds" "$REGRESS" >"$CB/replay.log" 2>&1 || return 1
	llvm-profdata merge -sparse -o "$CB/fuzz.profdata" "$CB/fuzz.profraw" || return 2
	llvm-cov report "$CB/fuzz_cov" -instr-profile="$CB/fuzz.profdata" \
		compiler emit ctl
	echo "fuzz: line by line: llvm-cov show $CB/fuzz_cov -instr-profile=$CB/fuzz.profdata FILE"
}

# A quarter of the time to the QMP client, at least a second of it.
QMP_SECS=$((SECS / 4))
[ "$SECS" -eq 0 ] || [ "$QMP_SECS" -gt 0 ] || QMP_SECS=1
STV_SECS=$((SECS - QMP_SECS))

build || { echo "fuzz: build failed" >&2; exit 2; }
seeds
mkdir -p "$B/corpus-qmp"
replay fuzz_stv "$REGRESS" || exit 1
replay fuzz_qmp "$REGRESS_QMP" || exit 1
fuzz fuzz_stv "$STV_SECS" "$REGRESS" -max_len=32768 -dict="$B/fuzz.dict" -- \
	"$B/corpus" "$B/seeds" || exit 1
# -max_len: past a QMP line's limit, within a socket buffer.
fuzz fuzz_qmp "$QMP_SECS" "$REGRESS_QMP" -max_len=70000 -dict=tests/fuzz/qmp.dict -- \
	"$B/corpus-qmp" || exit 1
if [ "${FUZZ_COVERAGE:-0}" = 1 ]; then
	coverage || { echo "fuzz: coverage run failed" >&2; exit 2; }
fi
