#!/bin/sh
# tests/fuzz/run.sh: build the libFuzzer harness, replay the regression
# corpus, then fuzz for FUZZ_SECONDS seconds (default 60).
#
#   FUZZ_SECONDS=N   how long to fuzz (0: only build and replay)
#   FUZZ_BUILD=DIR   build directory (default build-fuzz)
#   FUZZ_ARGS=...    extra libFuzzer flags (e.g. -jobs=2 -workers=2)
#   FUZZ_COVERAGE=1  afterwards, replay the corpus in a build with clang's
#                    source coverage and print llvm-cov's report per file
#
# The library is compiled again from the sources with clang into its own
# build directory (never the gcc objects): libFuzzer needs clang's coverage
# instrumentation.  The working corpus lives in $FUZZ_BUILD/corpus and grows
# from run to run; the seeds are every XML file in testdata/ and examples/
# plus tests/fuzz/corpus/.  Any input that crashes, leaks, hangs or
# exhausts memory is copied into tests/fuzz/corpus/ (commit it with the
# fix) and the run fails.  Exit status: 0 clean, 1 a finding, 2 build error.
set -eu

cd "$(dirname "$0")/../.."
B=${FUZZ_BUILD:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
REGRESS=tests/fuzz/corpus
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
}

# Everything XML in the tree, flattened into one seed directory.
seeds() {
	rm -rf "$B/seeds"
	mkdir -p "$B/seeds" "$B/corpus" "$B/artifacts"
	find testdata examples -name '*.xml' -type f | while read -r f; do
		cp "$f" "$B/seeds/$(printf '%s' "$f" | tr '/' '_')"
	done
}

# Keeps what libFuzzer found; the file names are content hashes.
keep_artifacts() {
	for f in "$B"/artifacts/crash-* "$B"/artifacts/leak-* \
		"$B"/artifacts/timeout-* "$B"/artifacts/oom-*; do
		[ -f "$f" ] || continue
		cp "$f" "$REGRESS/"
		echo "fuzz: kept $REGRESS/$(basename "$f"); add it to git with the fix" >&2
		rm -f "$f"
	done
}

# Each regression input once: a crash fixed once must stay fixed.
replay() {
	set -- "$REGRESS"/*
	[ -f "$1" ] || { echo "fuzz: regression corpus empty"; return 0; }
	if ! "$B/fuzz_stv" -runs=1 "$@" >"$B/replay.log" 2>&1; then
		tail -n 60 "$B/replay.log" >&2
		echo "fuzz: FAIL: a regression input in $REGRESS crashes" >&2
		return 1
	fi
	echo "fuzz: replayed $# regression inputs: ok"
}

fuzz() {
	[ "$SECS" -gt 0 ] || return 0
	echo "fuzz: fuzzing for $SECS s (log: $B/fuzz.log)"
	rc=0
	# shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
	"$B/fuzz_stv" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-max_len=32768 -dict="$B/fuzz.dict" -print_final_stats=1 \
		-artifact_prefix="$B/artifacts/" ${FUZZ_ARGS:-} \
		"$B/corpus" "$B/seeds" "$REGRESS" >"$B/fuzz.log" 2>&1 || rc=$?
	# The last progress line (plain and -fork=N modes) and the final stats.
	awk '/^#[0-9]+([[:space:]]+DONE|: cov)/ { last = $0 }
	     /^stat::(number_of_executed_units|peak_rss)/ { print }
	     END { if (last != "") print last }' "$B/fuzz.log"
	if [ $rc -ne 0 ]; then
		grep -E -A40 '^==[0-9]+==ERROR|runtime error|^fuzz_stv: ' "$B/fuzz.log" | head -n 80 >&2
		keep_artifacts
		echo "fuzz: FAIL (libFuzzer exit $rc)" >&2
		return 1
	fi
	echo "fuzz: $(find "$B/corpus" -type f | wc -l) inputs in $B/corpus, no finding"
}

# What the corpus reaches, line by line: llvm-cov show -instr-profile=...
coverage() {
	CB=$B-cov
	PROF="-fprofile-instr-generate -fcoverage-mapping"
	make -s CC="$CLANG" BUILD="$CB" CFLAGS="-O0 -g" WARN="$WARN" \
		SANFLAGS="$PROF" "$CB/libstv.a" "$CB/libstvargv.a" || return 2
	# shellcheck disable=SC2046,SC2086 # flag lists are split on purpose
	"$CLANG" -std=c11 -D_POSIX_C_SOURCE=200809L -O0 -g $WARN -fsanitize=fuzzer \
		$PROF $(pkg-config --cflags libxml-2.0) -Iargv -I"$CB/argv" \
		-o "$CB/fuzz_cov" tests/fuzz/fuzz_stv.c tests/fuzz/argv_oracle.c \
		"$CB/libstv.a" "$CB/libstvargv.a" $(pkg-config --libs libxml-2.0) || return 2
	rm -f "$CB"/*.profraw
	LLVM_PROFILE_FILE="$CB/fuzz.profraw" "$CB/fuzz_cov" -runs=0 \
		"$B/corpus" "$B/seeds" "$REGRESS" >"$CB/replay.log" 2>&1 || return 1
	llvm-profdata merge -sparse -o "$CB/fuzz.profdata" "$CB/fuzz.profraw" || return 2
	llvm-cov report "$CB/fuzz_cov" -instr-profile="$CB/fuzz.profdata" \
		compiler validate emit
	echo "fuzz: line by line: llvm-cov show $CB/fuzz_cov -instr-profile=$CB/fuzz.profdata FILE"
}

build || { echo "fuzz: build failed" >&2; exit 2; }
seeds
replay || exit 1
fuzz || exit 1
if [ "${FUZZ_COVERAGE:-0}" = 1 ]; then
	coverage || { echo "fuzz: coverage run failed" >&2; exit 2; }
fi
