#!/bin/sh
# tests/check-hostile.sh: untrusted input.  Every case must end in a clear
# finding or a correct result, with the documented exit status (1 findings,
# 2 usage or I/O error), in bounded time and memory, without ever echoing
# file contents it was not asked to read (no line of /etc/passwd in any
# output).  Big inputs are generated here into a temporary directory, never
# committed.
#
# VERBOSE=1 prints each command's exit status, time and peak memory.
# Bounds: LIMIT_S seconds and LIMIT_MB MiB of peak RSS per command, measured
# with /usr/bin/time; tripled under SANITIZE=1 (ASan's shadow memory and
# quarantine), where the timing is not what is being tested.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

LIMIT_S=${LIMIT_S:-10}
LIMIT_MB=${LIMIT_MB:-512}
if [ "${SANITIZE:-0}" = 1 ]; then
	LIMIT_S=$((LIMIT_S * 3))
	LIMIT_MB=$((LIMIT_MB * 3))
fi
V=$BUILD/stv-validate
C=$BUILD/stv-compile
# A hard stop well past the bound, so a regression fails instead of hanging.
KILL_AFTER=$((LIMIT_S * 6))

for t in "$V" "$C" /usr/bin/time; do
	[ -x "$t" ] || { echo "check-hostile: $t missing"; echo "0 passed, 1 failed"; exit 1; }
done

# --- generators ------------------------------------------------------------

# domain DEVICES [PROLOGUE] [EXTRA]: a valid domain around DEVICES.
domain() {
	printf '%s<domain type="kvm">\n' "${2:-}"
	printf '  <name>hostile</name>\n'
	printf '  <memory unit="MiB">512</memory>\n'
	printf '  <vcpu>2</vcpu>\n'
	printf '  <os>\n    <type arch="x86_64" machine="q35">hvm</type>\n'
	printf '    <kernel>/var/lib/stratovirt/vmlinux</kernel>\n'
	printf '    <loader readonly="yes" type="pflash">/usr/share/edk2/ovmf/OVMF_CODE.fd</loader>\n'
	printf '    <cmdline>console=hvc0 root=/dev/vda</cmdline>\n  </os>\n'
	printf '  <features><acpi/></features>\n'
	printf '%s' "${3:-}"
	printf '  <devices>\n%s  </devices>\n</domain>\n' "$1"
}

disk() {	# disk N: a disk named vd<N> (letters from N)
	printf '    <disk type="file" device="disk">\n'
	printf '      <driver name="qemu" type="raw"/>\n'
	printf '      <source file="/var/lib/stratovirt/disk%s.img"/>\n' "$1"
	printf '      <target dev="%s" bus="virtio"/>\n' "$2"
	printf '    </disk>\n'
}

plain() {	# the reference valid domain
	domain "$(disk 0 vda)
    <console type='pty'><target type='virtio' port='0'/></console>
"
}

# --- the runner --------------------------------------------------------------

# run WANT CMD...: runs CMD with output in $tmp/out and $tmp/err; passes
# when the exit status is one of WANT ("1", "0|1"), the time and peak RSS
# are within bounds, nothing of /etc/passwd was printed, and no sanitizer
# spoke.  Sets $desc-prefixed failures; leaves $status, $secs, $kb.
run() {
	want=$1
	shift
	/usr/bin/time -f '%e %M' -o "$tmp/time" \
		timeout -s KILL "$KILL_AFTER" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	# /usr/bin/time may print "Command exited with non-zero status N" first.
	secs=$(tail -n 1 "$tmp/time" | cut -d' ' -f1)
	kb=$(tail -n 1 "$tmp/time" | cut -d' ' -f2)
	[ "${VERBOSE:-0}" = 1 ] && printf '%-60.60s exit %s %6ss %5s MiB\n' "$desc" "$status" "$secs" "$((kb / 1024))"
	bad=
	case "|$want|" in
	*"|$status|"*) ;;
	*) bad="exit $status, expected $want" ;;
	esac
	if ! awk -v s="$secs" -v l="$LIMIT_S" 'BEGIN { exit !(s < l) }'; then
		bad="$bad; took ${secs}s (limit ${LIMIT_S}s)"
	fi
	if [ "$((kb / 1024))" -ge "$LIMIT_MB" ]; then
		bad="$bad; peak RSS $((kb / 1024)) MiB (limit $LIMIT_MB MiB)"
	fi
	if grep -q -F -f "$tmp/secrets" "$tmp/out" "$tmp/err"; then
		bad="$bad; printed a line of /etc/passwd"
	fi
	if grep -q -E 'Sanitizer|runtime error:' "$tmp/err"; then
		bad="$bad; sanitizer report"
	fi
	if [ -n "$bad" ]; then
		not_ok "$desc: ${bad#; }"
		head -c 2000 "$tmp/out" "$tmp/err" | sed 's/^/  | /' | head -n 20
		return 1
	fi
	ok
	return 0
}

# expect FILE PATTERN: the previous run printed PATTERN (grep -E).
expect() {
	if grep -q -E -e "$1" "$tmp/out" "$tmp/err"; then
		ok
	else
		not_ok "$desc: output lacks /$1/"
		head -c 2000 "$tmp/out" "$tmp/err" | sed 's/^/  | /' | head -n 20
	fi
}

# both WANT RULE FILE [OPTIONS]: stv-validate and stv-compile agree on it.
both() {
	want=$1 rule=$2 f=$3
	shift 3
	run "$want" "$V" "$@" "$f" && [ -n "$rule" ] && expect "\\[$rule\\]"
	d0=$desc
	desc="$d0 (stv-compile)"
	run "$want" "$C" "$@" "$f"
	if [ "$status" != 0 ] && [ -s "$tmp/out" ]; then
		not_ok "$desc: printed output for a failing domain"
	fi
	desc=$d0
}

# Lines of /etc/passwd long enough not to match by accident.
awk 'length($0) > 8' /etc/passwd >"$tmp/secrets"
echo "root:x:0:0:" >>"$tmp/secrets"
h=$tmp/h
mkdir -p "$h"

# --- the reference -----------------------------------------------------------

plain >"$h/plain.xml"
desc="reference domain compiles"
run 0 "$C" "$h/plain.xml" && cp "$tmp/out" "$h/plain.args"
[ -s "$h/plain.args" ] || not_ok "reference domain gives no argv"

# --- entities and DTDs -------------------------------------------------------

desc="external entity file:///etc/passwd"
domain "" '<?xml version="1.0"?>
<!DOCTYPE domain [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
' '  <description>&xxe;</description>
' >"$h/xxe-file.xml"
both 1 xml-dtd "$h/xxe-file.xml"

desc="external entity in an attribute"
sed 's|<name>hostile</name>|<name>x</name><title a="\&xxe;">t</title>|' \
	"$h/xxe-file.xml" >"$h/xxe-attr.xml"
both 1 xml-dtd "$h/xxe-attr.xml"

desc="parameter entity from /etc/passwd"
domain "" '<!DOCTYPE domain [ <!ENTITY % p SYSTEM "file:///etc/passwd"> %p; ]>
' >"$h/xxe-param.xml"
both 1 xml-dtd "$h/xxe-param.xml"

desc="external DTD /etc/passwd"
domain "" '<!DOCTYPE domain SYSTEM "/etc/passwd">
' >"$h/dtd-file.xml"
both 1 xml-dtd "$h/dtd-file.xml"

# Port 9 (discard) on loopback: nothing may even try to connect.
desc="external entity over http"
domain "" '<!DOCTYPE domain [ <!ENTITY x SYSTEM "http://127.0.0.1:9/x"> ]>
' '  <description>&x;</description>
' >"$h/xxe-http.xml"
both 1 xml-dtd "$h/xxe-http.xml"
desc="external DTD over http"
domain "" '<!DOCTYPE domain PUBLIC "-//x//y" "http://127.0.0.1:9/d.dtd">
' >"$h/dtd-http.xml"
both 1 xml-dtd "$h/dtd-http.xml"
# strace sees every socket(2) and connect(2); execve makes its log non-empty
# so a strace that cannot trace here (no ptrace) is told from a clean run.
if command -v strace >/dev/null 2>&1; then
	desc="no socket is opened for http entities"
	strace -f -qq -e trace=execve,socket,connect -o "$tmp/strace" \
		"$V" "$h/xxe-http.xml" "$h/dtd-http.xml" >/dev/null 2>&1
	if ! grep -q execve "$tmp/strace" 2>/dev/null; then
		echo "SKIP: $desc: strace cannot trace here"
	elif grep -q -E 'AF_INET|connect\(' "$tmp/strace"; then
		not_ok "$desc"
		grep -E 'AF_INET|connect\(' "$tmp/strace" | head -n 5
	else
		ok
	fi
else
	not_ok "strace is missing: cannot show that no socket is opened (tools/deps.sh installs it)"
fi

desc="XInclude of /etc/passwd is not processed"
domain "" "" '  <metadata><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/></metadata>
  <description><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/></description>
' >"$h/xinclude.xml"
both "0|1" "" "$h/xinclude.xml"

desc="billion laughs"
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE domain ['
	echo ' <!ENTITY l0 "lol">'
	i=1
	while [ $i -le 12 ]; do
		p=$((i - 1))
		echo " <!ENTITY l$i \"&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;\">"
		i=$((i + 1))
	done
	echo ']>'
} >"$h/prologue"
domain "" "$(cat "$h/prologue")
" '  <description>&l12;</description>
' >"$h/laughs.xml"
both 1 xml-dtd "$h/laughs.xml"

desc="quadratic blow-up (one 64 KiB entity referenced 100,000 times)"
{
	printf '<!DOCTYPE domain [ <!ENTITY a "'
	head -c 65536 /dev/zero | tr '\0' 'a'
	printf '"> ]>\n'
} >"$h/prologue"
refs=$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "&a;" }')
domain "" "$(cat "$h/prologue")
" "  <description>$refs</description>
" >"$h/quadratic.xml"
both 1 xml-dtd "$h/quadratic.xml"

# Without a DTD: the predefined entities and character references expand
# one for one, so 3 MiB of them is merely a large, valid description.
desc="3 MiB of predefined entity and character references"
awk 'BEGIN { for (i = 0; i < 220000; i++) printf "&amp;&lt;&#x41;" }' >"$h/refs"
domain "$(disk 0 vda)" "" "  <description>$(cat "$h/refs")</description>
" >"$h/amp.xml"
both 0 "" "$h/amp.xml"

# libxml2 2.9 checks attribute names for duplicates pairwise: quadratic.
desc="100,000 attributes on one element"
awk 'BEGIN { printf "<domain type=\"kvm\""; for (i = 0; i < 100000; i++) printf " a%d=\"\"", i; print "/>" }' \
	>"$h/attrs.xml"
both 1 "" "$h/attrs.xml"

# Each prefixed name is looked up linearly among the declarations in scope.
desc="60,000 namespace declarations, then 60,000 prefixed elements"
awk 'BEGIN { printf "<domain type=\"kvm\""; for (i = 0; i < 60000; i++) printf " xmlns:n%d=\"urn:%d\"", i, i; print ">" }' \
	>"$h/ns.xml"
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "<n0:x/>\n"; print "</domain>" }' >>"$h/ns.xml"
both 1 "" "$h/ns.xml"

# The same within a per-tag bound: 250 declarations on each of 200 nested
# elements put 50,000 in scope, and the outermost prefix is found last.
desc="50,000 namespaces in scope over 200 levels, then 100,000 prefixed elements"
awk 'BEGIN {
	printf "<domain type=\"kvm\"><metadata>"
	for (i = 0; i < 200; i++) {
		printf "<a"
		for (j = 0; j < 250; j++)
			printf " xmlns:p%d_%d=\"u\"", i, j
		printf ">"
	}
	for (i = 0; i < 100000; i++)
		printf "<p0_0:x/>"
	for (i = 0; i < 200; i++)
		printf "</a>"
	print "</metadata></domain>"
}' >"$h/nsdeep.xml"
both 1 "" "$h/nsdeep.xml"

# --- size and shape ----------------------------------------------------------

desc="20,000-deep nesting"
{
	echo '<domain type="kvm"><metadata>'
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "<a>"; for (i = 0; i < 20000; i++) printf "</a>"; print "" }'
	echo '</metadata></domain>'
} >"$h/deep.xml"
both 1 xml-parse "$h/deep.xml"

desc="20,000-deep nesting of a supported element"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "<domain>"; for (i = 0; i < 20000; i++) printf "</domain>"; print "" }' \
	>"$h/deep2.xml"
both 1 "" "$h/deep2.xml"

desc="200-deep nesting (below libxml2's limit) in <metadata>"
{
	echo '<domain type="kvm"><metadata>'
	awk 'BEGIN { for (i = 0; i < 200; i++) printf "<a>"; for (i = 0; i < 200; i++) printf "</a>"; print "" }'
	echo '</metadata></domain>'
} >"$h/deep3.xml"
both 1 "" "$h/deep3.xml"

# 100 MB: a valid domain, then comment lines after the root element.
mkbig() {
	plain
	awk -v n="$1" 'BEGIN {
		line = "<!-- " sprintf("%0993d", 0) " -->"
		for (i = 0; i < n; i++) print line
	}'
}
mkbig 100000 >"$h/big.xml"
desc="100 MB file refused by the default limit"
both 1 file-size "$h/big.xml"
expect "max-size"
desc="100 MB on stdin refused by the default limit"
# shellcheck disable=SC2016 # expanded by the inner sh
run 1 sh -c '"$1" - <"$2"' sh "$V" "$h/big.xml" && expect '\[file-size\]'
desc="100 MB file accepted with --max-size=200M"
both 0 "" "$h/big.xml" --max-size=200M
cmp -s "$tmp/out" "$h/plain.args" || not_ok "$desc: argv differs from the small file's"
rm -f "$h/big.xml"

desc="a file of exactly --max-size bytes is read"
plain >"$h/exact.xml"
sz=$(wc -c <"$h/exact.xml")
both 0 "" "$h/exact.xml" "--max-size=$sz"
desc="one byte over --max-size is refused"
both 1 file-size "$h/exact.xml" "--max-size=$((sz - 1))"

# The line index costs 8 bytes a line: the worst case for memory.  libxml2
# refuses more than 10 MB of white space in one go without XML_PARSE_HUGE,
# so this is an xml-parse error; either answer is fine, the bound is not.
desc="16 MiB of newlines"
{ plain; head -c 16000000 /dev/zero | tr '\0' '\n'; } >"$h/newlines.xml"
both "0|1" "" "$h/newlines.xml"
rm -f "$h/newlines.xml"

desc="a 10 MiB element name"
{ printf '<'; head -c 10485760 /dev/zero | tr '\0' 'a'; printf '/>\n'; } >"$h/longname.xml"
both 1 "" "$h/longname.xml"
rm -f "$h/longname.xml"

desc="a 12 MiB attribute value"
{ printf '<domain type="'; head -c 12582912 /dev/zero | tr '\0' 'k'; printf '"/>\n'; } >"$h/longattr.xml"
both 1 "" "$h/longattr.xml"
rm -f "$h/longattr.xml"

# --- encodings and bytes -----------------------------------------------------

desc="invalid UTF-8 in <name>"
plain | sed 's|<name>hostile</name>|<name>ho\xff\xfestile</name>|' >"$h/utf8.xml"
both 1 xml-parse "$h/utf8.xml"
desc="overlong UTF-8 and a surrogate in a text value"
plain | sed 's|<cmdline>console=hvc0|<cmdline>\xc0\xaf\xed\xa0\x80|' >"$h/utf8b.xml"
both 1 xml-parse "$h/utf8b.xml"
desc="truncated UTF-8 at end of file"
{ plain; printf '\xe2\x82'; } >"$h/utf8c.xml"
both 1 xml-parse "$h/utf8c.xml"
for fmt in json sarif; do
	desc="invalid UTF-8: --format=$fmt is still valid JSON"
	run 1 "$V" --format=$fmt "$h/utf8.xml"
	if command -v jq >/dev/null 2>&1; then
		check "$desc (jq)" jq -e . "$tmp/out" >/dev/null
	fi
	check "$desc (UTF-8)" iconv -f UTF-8 -t UTF-8 "$tmp/out" -o /dev/null
done

desc="a NUL byte inside the document"
plain | sed 's|<vcpu>2</vcpu>|<vcpu>2\x00</vcpu>|' >"$h/nul.xml"
both 1 xml-parse "$h/nul.xml"
# libxml2 stops at a NUL after the root element: what follows is unseen,
# and the domain itself is complete, so a correct argv is acceptable.
desc="a NUL byte after the root element"
{ plain; printf '\0<x>'; } >"$h/nul2.xml"
both "0|1" "" "$h/nul2.xml"
if [ "$status" = 0 ]; then
	cmp -s "$tmp/out" "$h/plain.args" || not_ok "$desc: argv differs"
fi
desc="a file of NUL bytes"
head -c 4096 /dev/zero >"$h/nul3.xml"
both 1 xml-parse "$h/nul3.xml"

desc="CRLF line ends compile like LF"
plain | sed 's/$/\r/' >"$h/crlf.xml"
both 0 "" "$h/crlf.xml"
cmp -s "$tmp/out" "$h/plain.args" || not_ok "$desc: argv differs"

# The same error on line 4 (the <vcpu>), with LF and CRLF line ends.
plain | sed 's|<vcpu>2</vcpu>|<vcpu>300</vcpu>|' >"$h/lf-err.xml"
sed 's/$/\r/' "$h/lf-err.xml" >"$h/crlf-err.xml"
desc="LF error location"
run 1 "$V" "$h/lf-err.xml" && expect ':4:[0-9]+: error: .*\[vcpu-range\]'
sed "s|$h/lf-err.xml|F|" "$tmp/out" >"$h/lf.diag"
desc="CRLF line ends: same findings at the same lines and columns"
run 1 "$V" "$h/crlf-err.xml"
sed "s|$h/crlf-err.xml|F|" "$tmp/out" >"$h/crlf.diag"
if ! diff -u "$h/lf.diag" "$h/crlf.diag" >"$tmp/diff"; then
	not_ok "$desc"
	sed 's/^/  | /' "$tmp/diff" | head -n 20
fi
# Bare CR (classic Mac OS): libxml2 counts lines at LF only, so all of it
# is line 1; the finding must still be there, at a column on that line.
desc="CR line ends: the same finding"
tr '\n' '\r' <"$h/lf-err.xml" >"$h/cr-err.xml"
run 1 "$V" "$h/cr-err.xml" && expect ':1:[0-9]+: error: .*\[vcpu-range\]'

desc="a UTF-8 byte order mark"
{ printf '\357\273\277'; plain; } >"$h/bom.xml"
both 0 "" "$h/bom.xml"
cmp -s "$tmp/out" "$h/plain.args" || not_ok "$desc: argv differs"
desc="a UTF-8 byte order mark before an error: same line"
{ printf '\357\273\277'; cat "$h/lf-err.xml"; } >"$h/bom-err.xml"
run 1 "$V" "$h/bom-err.xml" && expect ':4:[0-9]+: error: .*\[vcpu-range\]'

desc="UTF-16LE with a byte order mark"
if { printf '\377\376'; plain | iconv -f UTF-8 -t UTF-16LE; } >"$h/utf16.xml" 2>/dev/null; then
	both "0|1" "" "$h/utf16.xml"
	if [ "$status" = 0 ]; then
		cmp -s "$tmp/out" "$h/plain.args" || not_ok "$desc: argv differs"
	fi
fi

desc="an empty file"
: >"$h/empty.xml"
both 1 xml-parse "$h/empty.xml"
desc="white space only"
printf '  \n\n\t\n' >"$h/blank.xml"
both 1 xml-parse "$h/blank.xml"
desc="an XML declaration only"
echo '<?xml version="1.0"?>' >"$h/decl.xml"
both 1 xml-parse "$h/decl.xml"
desc="empty stdin"
# shellcheck disable=SC2016 # expanded by the inner sh
run 1 sh -c '"$1" - </dev/null' sh "$V" && expect '\[xml-parse\]'

desc="a directory is an I/O error"
run 2 "$V" "$h"
desc="a missing file is an I/O error"
run 2 "$V" "$h/does-not-exist.xml"
desc="a missing file does not stop the others"
run 2 "$V" "$h/does-not-exist.xml" "$h/lf-err.xml" && expect '\[vcpu-range\]'

# --- numbers -----------------------------------------------------------------

# Each numeric field, set to each hostile number, must be an error
# (never a crash, a wrap-around or a silent acceptance).
numbers="18446744073709551616 18446744073709551615 99999999999999999999999999999999 0x10000000000000000 0xFFFFFFFFFFFFFFFF -1 4294967296"
long_digits=$(head -c 5000 /dev/zero | tr '\0' '9')
numbers="$numbers $long_digits"
# field: a sed expression with N where the number goes, on a domain that
# has every numeric field.
full() {
	domain "$(disk 0 vda | sed 's|<driver name="qemu" type="raw"/>|<driver name="qemu" type="raw" iothread="1" queues="2"/><boot order="1"/><iotune><total_iops_sec>100</total_iops_sec></iotune><address type="pci" domain="0x0000" bus="0x01" slot="0x00" function="0x0"/>|')
    <controller type='pci' index='1' model='pcie-root-port'><target chassis='1' port='0x10'/><address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/></controller>
    <console type='pty'><target type='virtio' port='0'/></console>
    <rng model='virtio'><rate period='1000' bytes='1024'/><backend model='random'>/dev/urandom</backend></rng>
    <vsock model='virtio'><cid auto='no' address='3'/></vsock>
" "" "  <iothreads>2</iothreads>
  <currentMemory unit='MiB'>512</currentMemory>
  <memoryBacking><hugepages><page size='2' unit='MiB'/></hugepages></memoryBacking>
"
}
full >"$h/full.xml"
desc="the domain with every numeric field is valid"
run 0 "$V" "$h/full.xml"

fields='<vcpu>2<|<vcpu>N<
<memory unit="MiB">512<|<memory unit="MiB">N<
<currentMemory unit=.MiB.>512<|<currentMemory unit="MiB">N<
<iothreads>2<|<iothreads>N<
iothread="1"|iothread="N"
queues="2"|queues="N"
order="1"|order="N"
<total_iops_sec>100<|<total_iops_sec>N<
bus="0x01"|bus="N"
slot="0x00" function="0x0"/>|slot="N" function="0x0"/>
domain="0x0000" bus="0x01"|domain="N" bus="0x01"
bus="0x01" slot="0x00" function="0x0"|bus="0x01" slot="0x00" function="N"
index=.1.|index="N"
port=.0x10.|port="N"
period=.1000.|period="N"
bytes=.1024.|bytes="N"
address=.3.|address="N"
page size=.2.|page size="N"'
n_fields=0
echo "$fields" >"$tmp/fields"
while IFS='|' read -r from to; do
	n_fields=$((n_fields + 1))
	for num in $numbers; do
		repl=$(printf '%s' "$to" | sed "s/N/$num/")
		sed "s|$from|$repl|" "$h/full.xml" >"$h/num.xml"
		if cmp -s "$h/num.xml" "$h/full.xml"; then
			not_ok "field pattern '$from' matches nothing"
			break
		fi
		desc="$(printf '%s' "$to" | cut -c1-40) = $(printf '%s' "$num" | cut -c1-24)"
		both 1 "" "$h/num.xml"
	done
done <"$tmp/fields"

# --- many devices ------------------------------------------------------------

# 10,000 disks: more than the PCI tree has slots, so an error, fast.
devs() {	# devs N KIND
	awk -v n="$1" -v kind="$2" '
	function letters(i,	s) {	# 0 -> a, 25 -> z, 26 -> aa (vda, vdaa...)
		s = ""
		do {
			s = substr("abcdefghijklmnopqrstuvwxyz", i % 26 + 1, 1) s
			i = int(i / 26) - 1
		} while (i >= 0)
		return s
	}
	BEGIN {
		for (i = 0; i < n; i++) {
			if (kind == "disk")
				printf "    <disk type=\"file\" device=\"disk\"><driver name=\"qemu\" type=\"raw\"/><source file=\"/img/d%d\"/><target dev=\"vd%s\" bus=\"virtio\"/></disk>\n", i, letters(i)
			else if (kind == "net")
				printf "    <interface type=\"bridge\"><source bridge=\"br0\"/><model type=\"virtio\"/></interface>\n"
			else if (kind == "port")
				printf "    <controller type=\"pci\" index=\"%d\" model=\"pcie-root-port\"/>\n", i + 1
			else if (kind == "console")
				printf "    <console type=\"pty\"><target type=\"virtio\" port=\"0\"/></console>\n"
			else if (kind == "scsi")	# addresses derived, 1429 controllers implied
				printf "    <disk type=\"file\" device=\"disk\"><source file=\"/img/d%d\"/><target dev=\"sd%s\" bus=\"scsi\"/></disk>\n", i, letters(i)
			else if (kind == "scsi-dup")	# one address for all
				printf "    <disk type=\"file\" device=\"disk\"><source file=\"/img/d%d\"/><target dev=\"sd%s\" bus=\"scsi\"/><address type=\"drive\" controller=\"0\" unit=\"0\"/></disk>\n", i, letters(i)
			else if (kind == "scsi-controller")	# each takes the lowest free index
				printf "    <controller type=\"scsi\" model=\"virtio-scsi\"/>\n"
		}
	}'
}
for kind in disk net port console scsi scsi-dup scsi-controller; do
	desc="10,000 devices ($kind)"
	domain "$(devs 10000 $kind)" >"$h/many.xml"
	both 1 "" "$h/many.xml"
done
desc="10,000 files in one stv-validate run"
i=0
while [ $i -lt 10000 ]; do
	echo "$h/plain.xml"
	i=$((i + 1))
done >"$tmp/list"
# shellcheck disable=SC2046 # the file list is split on purpose
run 0 "$V" $(cat "$tmp/list")

finish
