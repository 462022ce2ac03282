# bench/generator.sh: stv-generator on 1,000 definitions, next to
# stv-validate on the same 1,000 files in one batch.  Sourced by
# bench/bench.sh, whose $tmp, $BUILD, $V and helpers (mean_ms, peak_mb,
# instr, ratio) it uses; prints a Markdown section.  Target: well under a
# second for the 1,000, since systemd waits for generators at boot.
#
# The units go to a directory on tmpfs (/dev/shm when there is one), as
# systemd's /run/systemd/generator is: every unit is written atomically
# with an fsync, which costs a disk what it does not cost tmpfs.

# shellcheck shell=sh
: "${tmp:?bench/generator.sh is sourced by bench/bench.sh}"
GEN_N=${BENCH_GENERATOR:-1000}
G=$BUILD/stv-generator
[ -x "$G" ] || { echo "bench: $G missing: run make first" >&2; exit 2; }
gdir=$tmp/generator
mkdir -p "$gdir/etc" "$gdir/run"
# The examples in turn, each named after its file as stv-generator wants.
awk -v n="$GEN_N" -v dir="$gdir/etc" '
	FNR == 1 { nt++ }
	{ text[nt] = text[nt] $0 "\n" }
	END {
		for (i = 0; i < n; i++) {
			t = text[i % nt + 1]
			name = sprintf("gen%04d", i)
			sub(/<name>[^<]*<\/name>/, "<name>" name "</name>", t)
			f = dir "/" name ".xml"
			printf "%s", t > f
			close(f)
		}
	}' examples/*.xml
out=$(mktemp -d /dev/shm/stv-bench.XXXXXX 2>/dev/null || mktemp -d "$tmp/units.XXXXXX")
printf '#!/bin/sh\nSTV_CONFIG_DIR="%s" STV_RUNTIME_DIR="%s" exec "%s" "%s"\n' \
	"$gdir/etc" "$gdir/run" "$G" "$out" >"$tmp/gen"
printf '#!/bin/sh\nexec "%s" -q "%s"/*.xml\n' "$V" "$gdir/etc" >"$tmp/val"
chmod +x "$tmp/gen" "$tmp/val"
if ! "$tmp/gen" || [ "$(find "$out" -name '*.service' | wc -l)" -ne "$GEN_N" ]; then
	echo "bench: stv-generator did not write $GEN_N units" >&2
	rm -rf "$out"
	exit 1
fi
g_ms=$(mean_ms 10 "$tmp/gen")
v_ms=$(mean_ms 10 "$tmp/val")
# callgrind on the programs themselves: it does not follow the wrappers' exec.
g_in=$(export STV_CONFIG_DIR="$gdir/etc" STV_RUNTIME_DIR="$gdir/run"; instr "$G" "$out")
# shellcheck disable=SC2046 # the file names have no spaces
v_in=$(instr "$V" -q $(find "$gdir/etc" -name '*.xml' | sort))
echo "### stv-generator: $GEN_N definitions (mean of 10 runs; units on $(df -P "$out" | awk 'NR == 2 { print $1 }'))"
echo
echo "| command | wall ms | per definition ms | peak MiB | instructions |"
echo "|---|---|---|---|---|"
echo "| stv-generator, $GEN_N units | $g_ms | $(awk -v m="$g_ms" -v n="$GEN_N" 'BEGIN { printf "%.4f", m / n }') | $(peak_mb "$tmp/gen") | $g_in |"
echo "| stv-validate, the same files in one batch | $v_ms | $(awk -v m="$v_ms" -v n="$GEN_N" 'BEGIN { printf "%.4f", m / n }') | $(peak_mb "$tmp/val") | $v_in |"
echo
echo "stv-generator is $(ratio "$g_ms" "$v_ms")x stv-validate in wall time, $(ratio "$g_in" "$v_in")x in instructions (target: $GEN_N definitions well under 1000 ms)."
echo
rm -rf "$out"
