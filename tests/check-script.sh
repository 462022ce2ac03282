#!/bin/sh
# tests/check-script.sh: the launcher of --emit=script, run for real with a
# fake emulator and a fake ip(8) first on PATH (tests/fake/).
#   - every script emitted for a compile case is shellcheck-clean and
#     deterministic;
#   - the emulator receives exactly the words of --emit=argv, byte for byte;
#   - taps are created on their bridges and deleted on exit, when the
#     emulator fails, on TERM and INT (passed on to the emulator), and when
#     the set-up itself fails or is interrupted; pre-existing taps are left
#     alone; the exit status is the emulator's;
#   - the preflight names each missing thing on one line;
#   - testdata/inject/*.xml: each hostile string reaches the emulator as the
#     same word or is rejected as NAME.expect says; nothing else runs.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/fake/lib.sh

for t in shellcheck perl "$BUILD/stv-compile"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "check-script: $t is missing (make test-deps)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

# prepare CASE XML [OPTION...]: compiles XML, its emulator replaced by the
# fake, into $tmp/CASE/argv (the -0 argv) and $tmp/CASE/script.sh, with the
# runtime directory under $tmp/CASE.  Sets d=$tmp/CASE.
prepare() {
	d=$tmp/$1
	xml=$2
	shift 2
	mkdir -p "$d/fake" "$d/work"
	fake_xml "$xml" "$d/domain.xml"
	$COMPILE -q -0 --runtime-dir "$d/run" "$@" "$d/domain.xml" >"$d/argv" 2>"$d/err" &&
		$COMPILE -q --emit=script --runtime-dir "$d/run" "$@" "$d/domain.xml" >"$d/script.sh" 2>>"$d/err" &&
		install_emulator "$d/argv"
}

# launch [VAR=VALUE...]: runs $d/script.sh in $d/work with the fakes first on
# PATH and no preflight; the status is the script's.
launch() {
	(cd "$d/work" && env PATH="$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" STV_NO_PREFLIGHT=1 \
		"$@" sh ../script.sh >../out 2>../stderr)
}

# start_bg [VAR=VALUE...]: launch in the background, INT not ignored (a
# background job of sh starts with INT ignored, and a trap cannot undo
# that).  Sets pid.
start_bg() {
	rm -f "$d/fake/ready"
	(cd "$d/work" && exec env PATH="$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" STV_NO_PREFLIGHT=1 \
		"$@" perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' sh ../script.sh \
		>../out 2>../stderr) &
	pid=$!
}

# launch_bg [VAR=VALUE...]: start_bg, then wait until the fake emulator is
# ready.
launch_bg() {
	start_bg "$@"
	i=0
	while [ ! -f "$d/fake/ready" ] && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# status_is DESCRIPTION WANT GOT
status_is() {
	if [ "$3" -eq "$2" ]; then
		ok
	else
		not_ok "$1: status $3, expected $2"
		sed 's/^/  | /' "$d/stderr" 2>/dev/null | head -10
	fi
}

# log_is DESCRIPTION FILE LINE...: FILE holds exactly these lines.
log_is() {
	desc=$1 file=$2
	shift 2
	printf '%s\n' "$@" >"$tmp/log.want"
	[ -f "$file" ] || : >"$file"
	if cmp -s "$tmp/log.want" "$file"; then
		ok
	else
		not_ok "$desc"
		diff "$tmp/log.want" "$file" | sed 's/^/  | /' | head -20
	fi
}

reset_fake() {
	rm -rf "$d/fake" "$d/run"
	mkdir -p "$d/fake"
}

# --- shellcheck and determinism for every compile case ----------------------

for f in testdata/*.xml testdata/valid/*.xml examples/*.xml testdata/inject/*.xml; do
	[ -f "$f" ] || continue
	case $f in
	testdata/inject/*)
		grep -q '^script accepted$' "${f%.xml}.expect" || continue ;;
	esac
	if ! $COMPILE -q --emit=script "$f" >"$tmp/a.sh" 2>"$tmp/err"; then
		not_ok "$f: --emit=script failed"
		sed 's/^/  | /' "$tmp/err" | head -5
		continue
	fi
	check "$f: the script is shellcheck-clean" shellcheck -s sh "$tmp/a.sh"
	$COMPILE -q --emit=script "$f" >"$tmp/b.sh" 2>/dev/null
	check "$f: the script is deterministic" cmp -s "$tmp/a.sh" "$tmp/b.sh"
	check "$f: the script parses under sh -n" sh -n "$tmp/a.sh"
done

# --- a domain with two taps ------------------------------------------------

cat >"$tmp/net.xml" <<'EOF'
<domain type='kvm'>
  <name>net</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>/var/lib/stratovirt/vmlinux</kernel>
    <loader readonly='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.fd</loader>
    <cmdline>console=hvc0 root=/dev/vda</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/stratovirt/root.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='bridge'>
      <source bridge='br0'/>
      <target dev='stv-a'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'>
      <source bridge='br1'/>
      <target dev='stv-b'/>
      <model type='virtio'/>
      <driver name='vhost' queues='2'/>
    </interface>
    <controller type='virtio-serial' index='0'/>
    <console type='pty'><target type='virtio' port='0'/></console>
  </devices>
</domain>
EOF
setup_a='link show dev stv-a
tuntap add dev stv-a mode tap
link set dev stv-a master br0 up'
setup_b='link show dev stv-b
tuntap add dev stv-b mode tap multi_queue
link set dev stv-b master br1 up'
del_a='tuntap del dev stv-a mode tap'
del_b='tuntap del dev stv-b mode tap multi_queue'

if prepare net "$tmp/net.xml"; then
	ok
	launch STV_FAKE_MODE=exit:0
	status_is "emulator exits 0" 0 $?
	same_bytes "the emulator's argv is --emit=argv, byte for byte" "$d/argv" "$d/fake/argv.0"
	log_is "taps set up, then deleted" "$d/fake/ip.log" "$setup_a" "$setup_b" "$del_a" "$del_b"
	mode=$(stat -c %a "$d/run" 2>/dev/null)
	check "the runtime directory is created with mode 0700 (got ${mode:-none})" [ "$mode" = 700 ]

	reset_fake
	launch STV_FAKE_MODE=exit:3
	status_is "the emulator's failure status is the script's" 3 $?
	log_is "taps deleted when the emulator fails" "$d/fake/ip.log" "$setup_a" "$setup_b" "$del_a" "$del_b"

	for sig in TERM INT; do
		reset_fake
		launch_bg STV_FAKE_MODE=wait
		check "$sig: the emulator started" [ -f "$d/fake/ready" ]
		kill -s "$sig" "$pid"
		wait "$pid"
		status_is "$sig: the status is the emulator's (StratoVirt exits 1 on a signal)" 1 $?
		log_is "$sig is passed on to the emulator" "$d/fake/events" "signal $sig"
		log_is "$sig: taps deleted" "$d/fake/ip.log" "$setup_a" "$setup_b" "$del_a" "$del_b"
	done

	reset_fake
	echo stv-a >"$d/fake/existing"
	launch
	status_is "pre-existing tap: runs" 0 $?
	log_is "a pre-existing tap is neither created nor deleted" "$d/fake/ip.log" \
		"link show dev stv-a" "$setup_b" "$del_b"

	reset_fake
	launch STV_FAKE_IP_FAIL="tuntap add dev stv-b"
	status_is "a tap that cannot be created stops the script" 1 $?
	check "the emulator does not run when set-up fails" [ ! -f "$d/fake/runs" ]
	log_is "set-up failure: the taps created so far are deleted" "$d/fake/ip.log" \
		"$setup_a" "link show dev stv-b" "tuntap add dev stv-b mode tap multi_queue" "$del_a"
	check "set-up failure: one clear line" grep -qx 'stv: cannot create tap device stv-b' "$d/stderr"

	reset_fake
	start_bg STV_FAKE_IP_SLOW="link set dev stv-a"
	sleep 0.3
	kill -s TERM "$pid"
	wait "$pid"
	status_is "TERM during set-up: 143" 143 $?
	check "TERM during set-up: the emulator never runs" [ ! -f "$d/fake/runs" ]
	log_is "TERM during set-up: the tap created is deleted" "$d/fake/ip.log" "$setup_a" "$del_a"
else
	not_ok "compile the two-tap domain"
	sed 's/^/  | /' "$d/err" | head -5
fi

# --- restart policy --------------------------------------------------------

sed 's|<devices>|<devices>|; s|</vcpu>|</vcpu><on_crash>restart</on_crash>|' examples/minimal.xml >"$tmp/crash.xml"
if prepare crash "$tmp/crash.xml"; then
	launch STV_FAKE_MODE="exit:3 exit:0"
	status_is "on_crash=restart: restarted after a failure, then stopped on exit 0" 0 $?
	check "on_crash=restart: two runs" [ "$(wc -l <"$d/fake/runs")" -eq 2 ]
	same_bytes "on_crash=restart: the second run has the same argv" "$d/argv" "$d/fake/argv.1"
	reset_fake
	launch_bg STV_FAKE_MODE=wait
	kill -s TERM "$pid"
	wait "$pid"
	status_is "on_crash=restart: TERM stops it for good" 1 $?
	check "on_crash=restart: no restart after TERM" [ "$(wc -l <"$d/fake/runs")" -eq 1 ]
else
	not_ok "compile the on_crash=restart domain"
fi
if prepare plain examples/minimal.xml; then
	launch STV_FAKE_MODE="exit:3 exit:0"
	status_is "on_crash=destroy: no restart" 3 $?
	check "on_crash=destroy: one run" [ "$(wc -l <"$d/fake/runs")" -eq 1 ]
else
	not_ok "compile examples/minimal.xml"
fi

# --- preflight -------------------------------------------------------------

mkdir -p "$tmp/fakeuname"
printf '#!/bin/sh\necho aarch64\n' >"$tmp/fakeuname/uname"
chmod +x "$tmp/fakeuname/uname"
d=$tmp/net
reset_fake
(cd "$d/work" && env PATH="$tmp/fakeuname:$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" \
	sh ../script.sh >../out 2>../stderr)
status_is "preflight: missing things stop the script" 1 $?
check "preflight: the emulator does not run" [ ! -f "$d/fake/runs" ]
check "preflight: nothing is set up" [ ! -f "$d/fake/ip.log" ]
for line in \
	'stv: host architecture is aarch64; this VM needs x86_64' \
	'stv: kernel /var/lib/stratovirt/vmlinux does not exist' \
	'stv: disk image /var/lib/stratovirt/root.img does not exist' \
	'stv: bridge br0 does not exist' \
	'stv: bridge br1 does not exist'; do
	check "preflight says: $line" grep -qxF -- "$line" "$d/stderr"
done
check "preflight: one line per missing thing" [ "$(grep -c . "$d/stderr")" -eq "$(sort -u "$d/stderr" | grep -c .)" ]
if [ ! -e /dev/kvm ]; then
	check "preflight: /dev/kvm" grep -q '^stv: /dev/kvm does not exist' "$d/stderr"
fi

# The same image under two names (a symbolic link) is refused before the
# emulator runs; more guest memory than the host has is a warning.
mkdir -p "$tmp/img"
: >"$tmp/img/root.img"
ln -s root.img "$tmp/img/alias.img"
sed -e "s|/var/lib/stratovirt/root.img|$tmp/img/root.img|" \
    -e "s|<memory unit='MiB'>512</memory>|<memory unit='GiB'>512</memory>|" \
    -e "s|</disk>|</disk><disk type='file' device='disk'><source file='$tmp/img/alias.img'/><target dev='vdb' bus='virtio'/></disk>|" \
    "$tmp/net.xml" >"$tmp/shared.xml"
if $COMPILE -q --emit=script "$tmp/shared.xml" >"$tmp/shared.sh" 2>"$tmp/shared.err"; then
	(cd "$tmp" && env PATH="$fake_dir:$PATH" sh "$tmp/shared.sh" >/dev/null 2>"$tmp/shared.stderr")
	status_is "preflight: a shared writable image stops the script" 1 $?
	check "preflight says the image is shared" \
		grep -qxF "stv: disk image $tmp/img/alias.img is also a writable disk's image" "$tmp/shared.stderr"
	# The script reads MemAvailable again, a moment later: not the same number.
	avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
	if [ "$avail" -lt 524288 ]; then
		check "preflight warns of more memory than the host has" \
			grep -q "^stv: warning: the guest has 524288 MiB of memory and the host [0-9]* MiB available" "$tmp/shared.stderr"
	fi
else
	not_ok "compile two disks on one file under two names"
	sed 's/^/  | /' "$tmp/shared.err" | head -5
fi

# --- hostile file name and runtime directory --------------------------------

nl='
'
odd="$tmp/odd \$(touch pwned) 'q'${nl}rm -rf x; \`id\`.xml"
cp "$tmp/net.xml" "$odd"
if prepare oddname "$odd"; then
	check "a file name with a newline stays in the header comment" shellcheck -s sh "$d/script.sh"
	launch
	status_is "hostile file name: runs" 0 $?
	check "hostile file name: nothing else ran" [ ! -e "$d/work/pwned" ]
else
	not_ok "compile a domain under a hostile file name"
fi
rundir="$tmp/run dir \$(touch pwned) 'q' \`id\` %n"
d=$tmp/oddrun
mkdir -p "$d/fake" "$d/work"
fake_xml "$tmp/net.xml" "$d/domain.xml"
if $COMPILE -q -0 --runtime-dir "$rundir" "$d/domain.xml" >"$d/argv" 2>"$d/err" &&
	$COMPILE -q --emit=script --runtime-dir "$rundir" "$d/domain.xml" >"$d/script.sh" 2>>"$d/err" &&
	install_emulator "$d/argv"; then
	launch
	status_is "hostile runtime directory: runs" 0 $?
	same_bytes "hostile runtime directory: same argv" "$d/argv" "$d/fake/argv.0"
	check "hostile runtime directory: created as named" [ -d "$rundir" ]
	check "hostile runtime directory: nothing else ran" [ ! -e "$d/work/pwned" ]
else
	not_ok "compile with a hostile --runtime-dir"
	sed 's/^/  | /' "$d/err" | head -5
fi

# --- the injection corpus --------------------------------------------------

for f in testdata/inject/*.xml; do
	base=${f%.xml}
	name=$(basename "$base")
	if [ ! -f "$base.expect" ]; then
		not_ok "$f has no $base.expect"
		continue
	fi
	want=$(sed -n 's/^script //p' "$base.expect")
	case $want in
	accepted)
		if ! prepare "inject-$name" "$f"; then
			not_ok "$f: expected to compile"
			sed 's/^/  | /' "$d/err" | head -5
			continue
		fi
		launch
		status_is "$f: runs" 0 $?
		same_bytes "$f: the emulator gets the --emit=argv words" "$d/argv" "$d/fake/argv.0"
		check "$f: no other command ran" [ ! -e "$d/work/pwned" ]
		if [ -f "$base.ip" ]; then
			check "$f: ip calls as $base.ip says" cmp -s "$base.ip" "$d/fake/ip.log"
		else
			check "$f: no ip calls" [ ! -s "$d/fake/ip.log" ]
		fi
		;;
	"rejected "*)
		rule=${want#rejected }
		$COMPILE --emit=script "$f" >"$tmp/out" 2>"$tmp/err"
		status_is "$f: rejected" 1 $?
		check "$f: rejected with [$rule]" grep -q "error: .*\[$rule\]" "$tmp/err"
		check "$f: no script on a rejection" [ ! -s "$tmp/out" ]
		;;
	*)
		not_ok "$base.expect: no script line" ;;
	esac
done
# The argv verdict of each .expect: stv-compile's default output.
for f in testdata/inject/*.xml; do
	base=${f%.xml}
	want=$(sed -n 's/^argv //p' "$base.expect" 2>/dev/null)
	$COMPILE "$f" >"$tmp/out" 2>"$tmp/err"
	st=$?
	case $want in
	accepted)
		status_is "$f: --emit=argv accepts it" 0 $st ;;
	"rejected "*)
		rule=${want#rejected }
		status_is "$f: --emit=argv rejects it" 1 $st
		check "$f: argv rejected with [$rule]" grep -q "error: .*\[$rule\]" "$tmp/err" ;;
	*)
		not_ok "$base.expect: no argv line" ;;
	esac
done
for e in testdata/inject/*.expect testdata/inject/*.ip; do
	[ -f "$e" ] || continue
	check "$e belongs to an input" [ -f "${e%.*}.xml" ]
done

finish
