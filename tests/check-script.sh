#!/bin/sh
# tests/check-script.sh: the launcher of --emit=script, run for real with a
# fake emulator and a fake ip(8) first on PATH (tests/fake/).
#   - every script emitted for a compile case is shellcheck-clean and
#     deterministic;
#   - the emulator receives exactly the words of --emit=argv, byte for byte;
#   - taps are created on their bridges and deleted on exit, when the
#     emulator fails, on TERM and INT (passed on to the emulator), and when
#     the set-up itself fails or is interrupted; pre-existing taps are left
#     alone; the exit status is the emulator's; USR1 turns restarts off;
#   - managed host devices are bound to vfio-pci before the emulator and
#     given back after it on every exit path, on a fake sysfs tree whose
#     writes are recorded (tests/fake/tee); ethernet taps are made on no
#     bridge, an unmanaged one is never touched; an nvram is made from its
#     template only when missing;
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
# USR1 (stv-ctl destroy): the emulator runs on and is not restarted when it
# exits; without a restart policy the script just survives it.
for case in crash net; do
	d=$tmp/$case
	reset_fake
	launch_bg STV_FAKE_MODE=wait
	kill -s USR1 "$pid"
	sleep 0.2
	check "$case: USR1 leaves the emulator running" [ ! -f "$d/fake/events" ]
	kill -s TERM "$(head -n 1 "$d/fake/ready")"
	wait "$pid"
	status_is "$case: after USR1 the script exits with the emulator's status" 1 $?
	check "$case: after USR1 no restart" [ "$(wc -l <"$d/fake/runs")" -eq 1 ]
done
log_is "net: after USR1 the taps are deleted" "$d/fake/ip.log" "$setup_a" "$setup_b" "$del_a" "$del_b"
if prepare plain examples/minimal.xml; then
	launch STV_FAKE_MODE="exit:3 exit:0"
	status_is "on_crash=destroy: no restart" 3 $?
	check "on_crash=destroy: one run" [ "$(wc -l <"$d/fake/runs")" -eq 1 ]
else
	not_ok "compile examples/minimal.xml"
fi

# --- host devices, ethernet taps, an nvram template --------------------------

# testdata/passthrough-q35.xml: hostdev 0000:03:00.0 is managed, 0000:81:10.2
# and .3 are not; tap stvc0ad69c1n0 and vm-eth1 are managed ethernet taps,
# tap-fixed exists already.  The nvram is made from its template.
# The nvram lives in a directory with a hostile name: only data, never code.
nv="$tmp/nv \$(touch pwned) 'q' \`touch pwned\` %n"
sed -e "s|/var/lib/stratovirt/nvram/passthrough_VARS.fd|$nv/passthrough_VARS.fd|" \
    -e "s|template='/usr/share/edk2/ovmf/OVMF_VARS.fd'|template=\"$nv/template.fd\"|" \
    testdata/passthrough-q35.xml >"$tmp/pass.xml"
pass_taps_up='link show dev stvc0ad69c1n0
tuntap add dev stvc0ad69c1n0 mode tap
link set dev stvc0ad69c1n0 up
link show dev vm-eth1
tuntap add dev vm-eth1 mode tap multi_queue
link set dev vm-eth1 up'
pass_taps_down='tuntap del dev stvc0ad69c1n0 mode tap
tuntap del dev vm-eth1 mode tap multi_queue'
gpu=bus/pci/devices/0000:03:00.0
bind_unbind="$gpu/driver/unbind '0000:03:00.0'"
bind_override="$gpu/driver_override 'vfio-pci'"
bind_bind="bus/pci/drivers/vfio-pci/bind '0000:03:00.0'"
give_override="$gpu/driver_override ''"
give_unbind="bus/pci/drivers/vfio-pci/unbind '0000:03:00.0'"
give_probe="bus/pci/drivers_probe '0000:03:00.0'"

# pass_reset: the fakes, the host's PCI functions and the nvram as at boot.
pass_reset() {
	reset_fake
	rm -rf "$d/sys" "$nv"
	mkdir -p "$nv"
	printf 'template\n' >"$nv/template.fd"
	fake_pci "$d/sys" 0000:03:00.0 e1000e 7
	fake_pci "$d/sys" 0000:81:10.2 mlx5_core 8 vfio-pci
	fake_pci "$d/sys" 0000:81:10.3 mlx5_core 8 vfio-pci
}

if prepare pass "$tmp/pass.xml"; then
	pass_reset
	launch STV_SYSFS="$d/sys" STV_FAKE_MODE=exit:0
	status_is "passthrough: runs" 0 $?
	same_bytes "passthrough: the emulator's argv is --emit=argv" "$d/argv" "$d/fake/argv.0"
	log_is "managed: bound to vfio-pci, then given back; unmanaged: untouched" "$d/fake/sysfs.log" \
		"$bind_unbind" "$bind_override" "$bind_bind" "$give_override" "$give_unbind" "$give_probe"
	log_is "ethernet taps: managed ones made and brought up on no bridge, then deleted; tap-fixed untouched" \
		"$d/fake/ip.log" "$pass_taps_up" "$pass_taps_down"
	log_is "taps, then host devices, then the emulator; undone in reverse" "$d/fake/order" \
		"$(printf '%s\n' "$pass_taps_up" | sed 's/^/ip /')" \
		"sysfs $bind_unbind" "sysfs $bind_override" "sysfs $bind_bind" \
		emulator 'emulator sees 0000:03:00.0 on vfio-pci' 'emulator sees 0000:81:10.2 on vfio-pci' \
		'emulator sees 0000:81:10.3 on vfio-pci' \
		"sysfs $give_override" "sysfs $give_unbind" "sysfs $give_probe" \
		"$(printf '%s\n' "$pass_taps_down" | sed 's/^/ip /')"
	check "managed: back on its own driver" [ "$(pci_driver "$d/sys" 0000:03:00.0)" = e1000e ]
	check "managed: driver_override cleared" sh -c "! grep -q . '$d/sys/$gpu/driver_override'"
	check "unmanaged: still on vfio-pci" [ "$(pci_driver "$d/sys" 0000:81:10.2)" = vfio-pci ]
	check "nvram: made from its template" cmp -s "$nv/template.fd" "$nv/passthrough_VARS.fd"
	mode=$(stat -c %a "$nv/passthrough_VARS.fd" 2>/dev/null)
	check "nvram: mode 0600 (got ${mode:-none})" [ "$mode" = 600 ]
	check "nvram: no temporary file left" [ "$(ls "$nv" | wc -l)" -eq 2 ]
	check "nvram: a hostile directory name ran nothing" [ ! -e "$d/work/pwned" ]

	pass_reset
	launch STV_SYSFS="$d/sys" STV_FAKE_SYSFS_FAIL=bus/pci/drivers/vfio-pci/bind
	status_is "a bind that fails stops the script" 1 $?
	check "a bind that fails: the emulator does not run" [ ! -f "$d/fake/runs" ]
	check "a bind that fails: says so" \
		grep -qxF 'stv: cannot bind host device 0000:03:00.0 to vfio-pci' "$d/stderr"
	check "a bind that fails: says why" \
		grep -qxF "tee: $d/sys/bus/pci/drivers/vfio-pci/bind: No such device" "$d/stderr"
	log_is "a bind that fails: the function is given back" "$d/fake/sysfs.log" \
		"$bind_unbind" "$bind_override" "$bind_bind" "$give_override" "$give_probe"
	log_is "a bind that fails: the taps are deleted" "$d/fake/ip.log" "$pass_taps_up" "$pass_taps_down"
	check "a bind that fails: back on its own driver" [ "$(pci_driver "$d/sys" 0000:03:00.0)" = e1000e ]

	pass_reset
	launch STV_SYSFS="$d/sys" STV_FAKE_SYSFS_FAIL="$gpu/driver/unbind"
	status_is "an unbind that fails stops the script" 1 $?
	log_is "an unbind that fails: nothing else is written but the give-back" "$d/fake/sysfs.log" \
		"$bind_unbind" "$give_override" "$give_probe"
	check "an unbind that fails: still on its own driver" [ "$(pci_driver "$d/sys" 0000:03:00.0)" = e1000e ]

	pass_reset
	fake_pci "$d/sys" 0000:03:00.0 e1000e 7 vfio-pci
	launch STV_SYSFS="$d/sys"
	status_is "managed, bound to vfio-pci already: runs" 0 $?
	check "managed, bound to vfio-pci already: nothing written" [ ! -f "$d/fake/sysfs.log" ]
	check "managed, bound to vfio-pci already: says it is left bound" \
		grep -qxF 'stv: host device 0000:03:00.0 is bound to vfio-pci already: using it as it is and leaving it bound' "$d/stderr"
	check "managed, bound to vfio-pci already: left bound" [ "$(pci_driver "$d/sys" 0000:03:00.0)" = vfio-pci ]

	pass_reset
	launch_bg STV_SYSFS="$d/sys" STV_FAKE_MODE=wait
	check "TERM: the emulator started" [ -f "$d/fake/ready" ]
	kill -s TERM "$pid"
	wait "$pid"
	status_is "TERM: the emulator's status" 1 $?
	log_is "TERM: the function is given back" "$d/fake/sysfs.log" \
		"$bind_unbind" "$bind_override" "$bind_bind" "$give_override" "$give_unbind" "$give_probe"

	pass_reset
	printf 'mine\n' >"$nv/passthrough_VARS.fd"
	launch STV_SYSFS="$d/sys"
	status_is "an existing nvram: runs" 0 $?
	check "an existing nvram is never overwritten" grep -qx mine "$nv/passthrough_VARS.fd"

	pass_reset
	ln -s "$nv/elsewhere.fd" "$nv/passthrough_VARS.fd"
	launch STV_SYSFS="$d/sys"
	status_is "an nvram that is a dangling symbolic link stops the script" 1 $?
	check "a dangling nvram link: not followed" [ ! -e "$nv/elsewhere.fd" ]
	check "a dangling nvram link: says so" grep -qxF \
		"stv: nvram $nv/passthrough_VARS.fd is a symbolic link to a missing file: it is not created from the template" \
		"$d/stderr"
	check "a dangling nvram link: nothing set up" [ ! -f "$d/fake/ip.log" ]

	pass_reset
	rm -f "$nv/template.fd"
	launch STV_SYSFS="$d/sys"
	status_is "a missing template stops the script" 1 $?
	check "a missing template: says so" grep -qxF \
		"stv: cannot create nvram $nv/passthrough_VARS.fd from the template $nv/template.fd" "$d/stderr"
	check "a missing template: no file left in the nvram's directory" [ -z "$(ls -A "$nv")" ]

	# The preflight, on a host where everything is wrong.
	pass_reset
	fake_pci "$d/sys" 0000:81:10.3 mlx5_core 8
	rm -rf "$d/sys/$gpu" "$d/sys/bus/pci/drivers/vfio-pci" "$d/sys/bus/pci/devices/0000:81:10.2/iommu_group"
	rm -f "$nv/template.fd"
	(cd "$d/work" && env PATH="$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" STV_SYSFS="$d/sys" \
		sh ../script.sh >../out 2>../stderr)
	status_is "passthrough preflight: missing things stop the script" 1 $?
	for line in \
		'stv: host PCI device 0000:03:00.0 does not exist' \
		'stv: host PCI device 0000:81:10.2 has no IOMMU group; is the IOMMU on (intel_iommu=on, amd_iommu=on, the SMMU on aarch64)?' \
		"stv: host PCI device 0000:81:10.3 is not bound to vfio-pci and its <hostdev> is not managed: bind it, or write managed='yes'" \
		"stv: tap tap-fixed does not exist; <target managed='no'> uses a tap that exists before the VM starts" \
		"stv: nvram template $nv/template.fd does not exist" \
		'stv: the vfio-pci driver is not loaded (modprobe vfio-pci); managed host devices are bound to it'; do
		check "passthrough preflight says: $line" grep -qxF -- "$line" "$d/stderr"
	done
	if [ ! -e /dev/vfio/vfio ]; then
		check "passthrough preflight: /dev/vfio/vfio" \
			grep -qxF 'stv: /dev/vfio/vfio does not exist (VFIO; is the vfio module loaded?)' "$d/stderr"
	fi
	log_is "passthrough preflight: only looks" "$d/fake/ip.log" 'link show dev tap-fixed'
	check "passthrough preflight: nothing written" [ ! -f "$d/fake/sysfs.log" ]
else
	not_ok "compile testdata/passthrough-q35.xml"
	sed 's/^/  | /' "$d/err" | head -5
fi

# --- a VNC display chosen at start --------------------------------------------

# auto_word ARGV WORD: ARGV (NUL-separated) with the display of -vnc that is
# chosen at start written as WORD, on stdout.
auto_word() {
	sed -z 's/^\(127\.0\.0\.1:\)\${STV_VNC_DISPLAY}$/\1'"$2"'/' "$1"
}

# first_free DISPLAY...: the first VNC display from 0 whose port no socket
# that ss lists, nor any DISPLAY given, uses.
first_free() {
	used=" $* $(ss -Htln | awk '{ n = split($4, a, ":"); print a[n] - 5900 }' | tr '\n' ' ') "
	n=0
	while case $used in *" $n "*) true ;; *) false ;; esac; do
		n=$((n + 1))
	done
	echo "$n"
}

if prepare vnc testdata/display-vnc-q35.xml; then
	check "--emit=argv leaves the display to the launcher" \
		grep -qzx '127\.0\.0\.1:\${STV_VNC_DISPLAY}' "$d/argv"
	printf '%s\n' 'LISTEN 0 5 0.0.0.0:5900 0.0.0.0:*' 'LISTEN 0 5 [::]:5901 [::]:*' \
		'LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:*' 'LISTEN 0 5 *:5903 *:*' >"$d/fake/listening"
	launch
	status_is "vnc: runs" 0 $?
	auto_word "$d/argv" 2 >"$d/argv.want"
	same_bytes "vnc: the first free display, 2, in the one word --emit=argv leaves open" \
		"$d/argv.want" "$d/fake/argv.0"
	tr '\0' '\n' <"$d/argv" >"$d/argv.txt"
	tr '\0' '\n' <"$d/fake/argv.0" >"$d/got.txt"
	check "vnc: exactly one word differs from --emit=argv" \
		[ "$(diff "$d/argv.txt" "$d/got.txt" | grep -c '^>')" -eq 1 ]
	check "vnc: the launcher says where to connect" \
		grep -qxF 'stv: VNC display :2 (TCP port 5902) on 127.0.0.1' "$d/stderr"
	log_is "vnc: ss is asked for the listening TCP sockets, once" "$d/fake/ss.log" "-Htln"

	reset_fake
	launch STV_FAKE_SS=fail
	status_is "vnc: no display when ss fails" 1 $?
	check "vnc: the emulator does not run without a display" [ ! -f "$d/fake/runs" ]
	check "vnc: and says why" grep -qF 'stv: no free VNC display' "$d/stderr"
	log_is "vnc: the taps created are deleted" "$d/fake/ip.log" \
		'link show dev stv8aeb6b13n0' 'tuntap add dev stv8aeb6b13n0 mode tap' \
		'link set dev stv8aeb6b13n0 master virbr0 up' 'tuntap del dev stv8aeb6b13n0 mode tap'

	reset_fake
	awk 'BEGIN { for (p = 5900; p <= 65535; p++) print "LISTEN 0 5 0.0.0.0:" p " 0.0.0.0:*" }' \
		>"$d/fake/listening"
	launch
	status_is "vnc: no display when every port is taken" 1 $?
	check "vnc: the emulator does not run then" [ ! -f "$d/fake/runs" ]

	# The real ss, and a port bound here: the display after it.
	reset_fake
	mkdir -p "$tmp/ip-only"
	cp "$fake_dir/ip" "$tmp/ip-only/ip"
	taken=$(first_free)
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
			Listen => 1, ReuseAddr => 1) or die "bind $ARGV[0]: $!\n";
		open(my $f, ">", $ARGV[1]) or die; close($f);
		sleep 60;' $((5900 + taken)) "$d/bound" &
	bind_pid=$!
	i=0
	while [ ! -f "$d/bound" ] && [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	want=$(first_free "$taken")
	(cd "$d/work" && env PATH="$tmp/ip-only:$PATH" STV_FAKE_DIR="$d/fake" STV_NO_PREFLIGHT=1 \
		sh ../script.sh >../out 2>../stderr)
	status_is "vnc with the real ss: runs" 0 $?
	kill "$bind_pid" 2>/dev/null
	wait "$bind_pid" 2>/dev/null
	auto_word "$d/argv" "$want" >"$d/argv.want"
	same_bytes "vnc with the real ss: display $taken is bound here, so $want is chosen" \
		"$d/argv.want" "$d/fake/argv.0"
else
	not_ok "compile testdata/display-vnc-q35.xml"
	sed 's/^/  | /' "$d/err" | head -5
fi

# The virsh dumpxml of a q35 guest (testdata/virsh-dumpxml-q35.xml): the
# emulator gets exactly --emit=argv, the display chosen at start filled in,
# the bridge tap made and deleted, the nvram made from its template.
nv2="$tmp/nv-dumpxml"
sed -e "s|/var/lib/libvirt/qemu/nvram/web1_VARS.fd|$nv2/web1_VARS.fd|" \
    -e "s|template='/usr/share/edk2/ovmf/OVMF_VARS.fd'|template='$nv2/template.fd'|" \
    testdata/virsh-dumpxml-q35.xml >"$tmp/dumpxml.xml"
if prepare dumpxml "$tmp/dumpxml.xml"; then
	mkdir -p "$nv2"
	printf 'vars\n' >"$nv2/template.fd"
	printf '%s\n' 'LISTEN 0 5 127.0.0.1:5900 0.0.0.0:*' >"$d/fake/listening"
	launch
	status_is "dumpxml guest: runs" 0 $?
	auto_word "$d/argv" 1 >"$d/argv.want"
	same_bytes "dumpxml guest: the emulator's argv is --emit=argv with display 1" \
		"$d/argv.want" "$d/fake/argv.0"
	tap=$(tr '\0' '\n' <"$d/argv" | sed -n 's/^tap,id=hostnet0,ifname=\([^,]*\),.*/\1/p')
	log_is "dumpxml guest: its tap on br0, made and deleted" "$d/fake/ip.log" \
		"link show dev $tap" "tuntap add dev $tap mode tap" \
		"link set dev $tap master br0 up" "tuntap del dev $tap mode tap"
	check "dumpxml guest: the nvram made from its template" cmp -s "$nv2/template.fd" "$nv2/web1_VARS.fd"
else
	not_ok "compile testdata/virsh-dumpxml-q35.xml"
	sed 's/^/  | /' "$d/err" | head -5
fi

# A fixed VNC port is checked by the preflight.
if prepare vncfixed testdata/display-functions-q35.xml; then
	printf '%s\n' 'LISTEN 0 5 127.0.0.1:5901 0.0.0.0:*' >"$d/fake/listening"
	(cd "$d/work" && env PATH="$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" sh ../script.sh >../out 2>../stderr)
	status_is "preflight: a VNC port in use stops the script" 1 $?
	check "preflight says the VNC port is in use" \
		grep -qxF 'stv: VNC display :1: TCP port 5901 is in use' "$d/stderr"
	check "preflight: the emulator does not run then" [ ! -f "$d/fake/runs" ]
	printf '%s\n' 'LISTEN 0 5 127.0.0.1:15901 0.0.0.0:*' >"$d/fake/listening"
	(cd "$d/work" && env PATH="$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" sh ../script.sh >../out 2>../stderr)
	check "preflight: a free VNC port is no finding" sh -c "! grep -q 'VNC' '$d/stderr'"
	reset_fake
	launch
	status_is "fixed VNC port: runs" 0 $?
	same_bytes "fixed VNC port: the argv is --emit=argv" "$d/argv" "$d/fake/argv.0"
	check "fixed VNC port: ss is not asked at start" [ ! -f "$d/fake/ss.log" ]
else
	not_ok "compile testdata/display-functions-q35.xml"
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
	# MemAvailable moves between the script's reading and this one.
	avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
	# MemAvailable moves between this reading and the script's: any number
	if [ "$avail" -lt 524288 ]; then
		check "preflight warns of more memory than the host has" \
			grep -q "^stv: warning: the guest has 524288 MiB of memory and the host [0-9]* MiB available" "$tmp/shared.stderr"
	fi
else
	not_ok "compile two disks on one file under two names"
	sed 's/^/  | /' "$tmp/shared.err" | head -5
fi

# A <disk type='block'> must name a block device: a regular file or a
# character device is refused before the emulator runs.
sed -e "s|<disk type='file' device='disk'>|<disk type='block' device='disk'>|" \
    -e "s|<source file='/var/lib/stratovirt/root.img'/>|<source dev='$tmp/img/root.img'/>|" \
    -e "s|</disk>|</disk><disk type='block'><source dev='/dev/null'/><target dev='sda' bus='scsi'/><readonly/></disk>|" \
    "$tmp/net.xml" >"$tmp/block.xml"
if $COMPILE -q --emit=script "$tmp/block.xml" >"$tmp/block.sh" 2>"$tmp/block.err"; then
	(cd "$tmp" && env PATH="$fake_dir:$PATH" sh "$tmp/block.sh" >/dev/null 2>"$tmp/block.stderr")
	status_is "preflight: a block disk that is no block device stops the script" 1 $?
	check "preflight says a regular file is no block device" \
		grep -qxF "stv: disk device $tmp/img/root.img is not a block device" "$tmp/block.stderr"
	check "preflight says a character device is no block device" \
		grep -qxF "stv: disk device /dev/null is not a block device" "$tmp/block.stderr"
else
	not_ok "compile block disks on a file and on /dev/null"
	sed 's/^/  | /' "$tmp/block.err" | head -5
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
