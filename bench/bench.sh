#!/bin/sh
# bench/bench.sh: how fast stv is next to libxml2's own tool, on the same
# files in one run.  A benchmark, not a test: it prints numbers (Markdown,
# ready for bench/RESULTS.md) and fails only when it cannot run.
#
#   1. per file: stv-validate and stv-compile against `xmllint --noout`
#      (a bare parse) and `xmllint --noout --relaxng domain.rng` (libvirt's
#      schema, when installed); target: within 1.5x of the bare parse;
#   2. batch: 10,000 documents in one stv-validate process against the same
#      in one `xmllint --relaxng` call; target: at least 2x faster per
#      document;
#   3. scaling: stv-compile on domains of 1, 10, 100, 1,000 devices;
#      target: linear (the cost per added device stays flat);
#   4. peak memory (/usr/bin/time -v) of each;
#   5. with valgrind installed, instruction counts (callgrind) of the same
#      per-file and scaling runs: unlike wall times they do not move with
#      the load of the machine, so a change shows in them first;
#   6. stv-generator on 1,000 definitions next to stv-validate on the same
#      files (bench/generator.sh, printed before the instruction counts).
#
# Uses hyperfine when installed (apt-get install hyperfine), else a loop.
#   BUILD=DIR        the binaries (default build)
#   BENCH_RUNS=N     runs per command for the per-file numbers (default 30)
#   BENCH_BATCH=N    documents in the batch (default 10000)
#   BENCH_GENERATOR=N  definitions for stv-generator (default 1000)
set -eu

cd "$(dirname "$0")/.."
: "${BUILD:=build}"
RUNS=${BENCH_RUNS:-30}
BATCH=${BENCH_BATCH:-10000}
V=$BUILD/stv-validate
C=$BUILD/stv-compile
RNG=/usr/share/libvirt/schemas/domain.rng
[ -f "$RNG" ] || RNG=
for t in "$V" "$C"; do
	[ -x "$t" ] || { echo "bench: $t missing: run make first" >&2; exit 2; }
done
command -v xmllint >/dev/null || { echo "bench: xmllint missing (libxml2-utils)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stv-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# mean_ms RUNS CMD...: mean wall time of CMD in milliseconds (exit status
# ignored: xmllint --relaxng fails on documents libvirt's schema rejects).
if command -v hyperfine >/dev/null 2>&1; then
	TIMER="hyperfine $(hyperfine --version | cut -d' ' -f2)"
	mean_ms() {
		runs=$1
		shift
		# -N: no shell in between, so start-up is the program's own.
		hyperfine -N -i -w 2 -r "$runs" --export-csv "$tmp/hf.csv" \
			--style none -- "$*" >/dev/null 2>&1
		awk -F, 'NR == 2 { printf "%.3f", $2 * 1000 }' "$tmp/hf.csv"
	}
else
	TIMER="a shell loop (install hyperfine for better numbers)"
	mean_ms() {
		runs=$1
		shift
		t0=$(date +%s%N)
		i=0
		while [ $i -lt "$runs" ]; do
			"$@" >/dev/null 2>&1 || true
			i=$((i + 1))
		done
		t1=$(date +%s%N)
		awk -v a="$t0" -v b="$t1" -v n="$runs" 'BEGIN { printf "%.3f", (b - a) / n / 1e6 }'
	}
fi

# peak_mb CMD...: peak resident set size in MiB.
peak_mb() {
	/usr/bin/time -v "$@" >/dev/null 2>"$tmp/timev" || true
	awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tmp/timev"
}

# instr CMD...: instructions executed (callgrind), or "-" without valgrind.
instr() {
	if ! command -v valgrind >/dev/null 2>&1; then
		echo -
		return
	fi
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
		>/dev/null 2>"$tmp/cg" || true
	awk '/Collected :/ { print $NF }' "$tmp/cg"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# --- synthetic domains -------------------------------------------------------

# domain_n N: a valid domain with N disks.  Up to 8 disks share a root port
# (functions 0-7 of its slot 0, multifunction); the ports are placed by stv.
domain_n() {
	awk -v n="$1" '
	function letters(i,	s) {
		s = ""
		do {
			s = substr("abcdefghijklmnopqrstuvwxyz", i % 26 + 1, 1) s
			i = int(i / 26) - 1
		} while (i >= 0)
		return s
	}
	BEGIN {
		print "<domain type=\"kvm\">"
		print "  <name>bench" n "</name>"
		print "  <memory unit=\"GiB\">4</memory>"
		print "  <vcpu>4</vcpu>"
		print "  <os>"
		print "    <type arch=\"x86_64\" machine=\"q35\">hvm</type>"
		print "    <kernel>/var/lib/stratovirt/vmlinux</kernel>"
		print "    <loader readonly=\"yes\" type=\"pflash\">/usr/share/edk2/ovmf/OVMF_CODE.fd</loader>"
		print "    <cmdline>console=hvc0 root=/dev/vda</cmdline>"
		print "  </os>"
		print "  <features><acpi/></features>"
		print "  <devices>"
		ports = int((n + 7) / 8)
		for (p = 1; p <= ports; p++)
			printf "    <controller type=\"pci\" index=\"%d\" model=\"pcie-root-port\"/>\n", p
		for (i = 0; i < n; i++) {
			bus = int(i / 8) + 1
			fn = i % 8
			mf = (fn == 0 && i + 1 < n && int((i + 1) / 8) + 1 == bus) ? " multifunction=\"on\"" : ""
			print "    <disk type=\"file\" device=\"disk\">"
			print "      <driver name=\"qemu\" type=\"raw\"/>"
			printf "      <source file=\"/var/lib/stratovirt/disk%d.img\"/>\n", i
			printf "      <target dev=\"vd%s\" bus=\"virtio\"/>\n", letters(i)
			printf "      <address type=\"pci\" domain=\"0x0000\" bus=\"0x%02x\" slot=\"0x00\" function=\"0x%x\"%s/>\n", bus, fn, mf
			print "    </disk>"
		}
		print "    <console type=\"pty\"><target type=\"virtio\" port=\"0\"/></console>"
		print "  </devices>"
		print "</domain>"
	}'
}

for n in 1 10 100 1000; do
	domain_n $n >"$tmp/dev$n.xml"
	if ! "$C" "$tmp/dev$n.xml" >"$tmp/dev$n.args" 2>"$tmp/dev$n.err"; then
		echo "bench: the $n-device domain does not compile:" >&2
		head -n 5 "$tmp/dev$n.err" >&2
		exit 1
	fi
done

# --- 1. per file -------------------------------------------------------------

echo "## stv benchmark"
echo
echo "$(date -u +%Y-%m-%d), $(uname -m), $(nproc) CPUs, $(xmllint --version 2>&1 | head -n 1 | sed 's/.*using //'), timer: $TIMER, binaries: $BUILD/"
echo
echo "### Per file (mean wall time, ms; $RUNS runs)"
echo
if [ -n "$RNG" ]; then
	echo "| file | bytes | xmllint --noout | xmllint --relaxng | stv-validate | stv-compile | validate/parse | compile/parse | validate/relaxng |"
	echo "|---|---|---|---|---|---|---|---|---|"
else
	echo "| file | bytes | xmllint --noout | stv-validate | stv-compile | validate/parse | compile/parse |"
	echo "|---|---|---|---|---|---|---|"
	echo "(libvirt's domain.rng is not installed: apt-get install libvirt0 for the RelaxNG column)" >&2
fi
worst=0
for f in examples/*.xml "$tmp/dev100.xml" "$tmp/dev1000.xml"; do
	parse=$(mean_ms "$RUNS" xmllint --noout "$f")
	val=$(mean_ms "$RUNS" "$V" "$f")
	comp=$(mean_ms "$RUNS" "$C" "$f")
	rv=$(ratio "$val" "$parse")
	rc=$(ratio "$comp" "$parse")
	worst=$(awk -v w="$worst" -v a="$rv" -v b="$rc" 'BEGIN { m = a > b ? a : b; print (m > w ? m : w) }')
	name=$(basename "$f")
	bytes=$(wc -c <"$f")
	if [ -n "$RNG" ]; then
		rng=$(mean_ms $(((RUNS + 2) / 3)) xmllint --noout --relaxng "$RNG" "$f")
		echo "| $name | $bytes | $parse | $rng | $val | $comp | ${rv}x | ${rc}x | $(ratio "$val" "$rng")x |"
	else
		echo "| $name | $bytes | $parse | $val | $comp | ${rv}x | ${rc}x |"
	fi
done
echo
echo "Worst ratio to the bare parse: ${worst}x (target: at most 1.5x)."
echo

# --- 2. batch ----------------------------------------------------------------

# BATCH documents: the examples in turn, each renamed so no two are equal.
mkdir -p "$tmp/batch"
awk -v n="$BATCH" -v dir="$tmp/batch" '
	FNR == 1 { nt++ }
	{ text[nt] = text[nt] $0 "\n" }
	END {
		for (i = 0; i < n; i++) {
			t = text[i % nt + 1]
			sub(/<name>[^<]*<\/name>/, "<name>batch" i "</name>", t)
			f = sprintf("%s/d%05d.xml", dir, i)
			printf "%s", t > f
			close(f)
		}
	}' examples/*.xml
printf '#!/bin/sh\nexec "$@" "%s"/*.xml\n' "$tmp/batch" >"$tmp/all"
chmod +x "$tmp/all"
echo "### Batch: $BATCH documents in one process (mean of 3 runs)"
echo
echo "| command | total s | per document ms | peak MiB |"
echo "|---|---|---|---|"
b_stv=$(mean_ms 3 "$tmp/all" "$V")
b_parse=$(mean_ms 3 "$tmp/all" xmllint --noout)
row() { echo "| $1 | $(awk -v m="$2" 'BEGIN { printf "%.2f", m / 1000 }') | $(awk -v m="$2" -v n="$BATCH" 'BEGIN { printf "%.4f", m / n }') | $3 |"; }
row "stv-validate" "$b_stv" "$(peak_mb "$tmp/all" "$V")"
row "xmllint --noout" "$b_parse" "$(peak_mb "$tmp/all" xmllint --noout)"
if [ -n "$RNG" ]; then
	b_rng=$(mean_ms 3 "$tmp/all" xmllint --noout --relaxng "$RNG")
	row "xmllint --noout --relaxng domain.rng" "$b_rng" "$(peak_mb "$tmp/all" xmllint --noout --relaxng "$RNG")"
	echo
	echo "stv-validate is $(ratio "$b_rng" "$b_stv")x faster per document than xmllint --relaxng (target: at least 2x), $(ratio "$b_stv" "$b_parse")x the bare parse."
fi
echo

# --- 3. scaling --------------------------------------------------------------

echo "### Scaling: stv-compile on N devices (mean of $RUNS runs)"
echo
echo "| devices | bytes | stv-compile ms | stv-validate ms | xmllint --noout ms | compile peak MiB | compile us per device over 1 |"
echo "|---|---|---|---|---|---|---|"
for n in 1 10 100 1000; do
	f=$tmp/dev$n.xml
	cm=$(mean_ms "$RUNS" "$C" "$f")
	vm=$(mean_ms "$RUNS" "$V" "$f")
	pm=$(mean_ms "$RUNS" xmllint --noout "$f")
	[ $n -eq 1 ] && base=$cm
	per=$(awk -v c="$cm" -v b="$base" -v n="$n" 'BEGIN { if (n > 1) printf "%.1f", (c - b) * 1000 / (n - 1); else print "-" }')
	echo "| $n | $(wc -c <"$f") | $cm | $vm | $pm | $(peak_mb "$C" "$f") | $per |"
done
echo
echo "Linear when the last column stays flat as N grows (start-up dominates at 1 and 10)."

# shellcheck source=bench/generator.sh
. bench/generator.sh

# --- 5. instructions ---------------------------------------------------------

command -v valgrind >/dev/null 2>&1 || {
	echo "(valgrind is not installed: no instruction counts)" >&2
	exit 0
}
echo
echo "### Instructions (callgrind; repeatable, unlike wall times)"
echo
echo "| file | xmllint --noout | stv-validate | stv-compile | validate/parse | compile/parse |"
echo "|---|---|---|---|---|---|"
for f in examples/*.xml "$tmp/dev1.xml" "$tmp/dev100.xml" "$tmp/dev1000.xml"; do
	p=$(instr xmllint --noout "$f")
	v=$(instr "$V" "$f")
	c=$(instr "$C" "$f")
	echo "| $(basename "$f") | $p | $v | $c | $(ratio "$v" "$p")x | $(ratio "$c" "$p")x |"
	case $f in
	*/dev1.xml) c1=$c ;;
	*/dev100.xml) c100=$c ;;
	*/dev1000.xml) c1000=$c ;;
	esac
done
echo
echo "stv-compile per added device: $(awk -v a="$c1" -v b="$c100" 'BEGIN { printf "%d", (b - a) / 99 }') instructions from 1 to 100 devices, $(awk -v a="$c100" -v b="$c1000" 'BEGIN { printf "%d", (b - a) / 900 }') from 100 to 1,000 (linear when they match)."
