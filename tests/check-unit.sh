#!/bin/sh
# tests/check-unit.sh: the systemd service of --emit=unit, read by systemd
# itself (systemd-analyze, offline; no running manager needed).
#   - every unit emitted for a compile case passes `systemd-analyze verify`
#     with no output at all, is deterministic, and its exposure score stays
#     at or below the documented bound;
#   - the ExecStart= systemd parses (its unit dump) is --emit=argv, byte for
#     byte, after systemd's own $ expansion (tests/fake/sd-argv);
#   - the unit name is systemd-escape's; Restart= follows the lifecycle
#     actions; taps come and go in privileged ExecStartPre=/ExecStopPost=;
#     DeviceAllow= and ReadWritePaths= list what the VM uses; the VFIO
#     binding and nvram copy commands, run on a fake host, do what the
#     launcher's do;
#   - testdata/inject/*.xml: each hostile string is the same word or is
#     rejected as NAME.expect says; nothing adds a directive.
# ExecStart= must name an existing executable for verify to pass, so every
# domain runs the fake emulator (tests/fake/stratovirt).
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/fake/lib.sh

# The bound on `systemd-analyze security --offline=yes` is the one
# documented in stv-compile(1), UNIT FILE ("fails any unit above .Sy N"),
# read from the page so the two cannot drift; --threshold takes it x10.
doc_bound=$(grep -A1 'fails any unit above' man/stv-compile.1 | sed -n 's/^\.Sy \([0-9]*\)\.\([0-9]\).*/\1\2/p')
BOUND=${doc_bound:?the exposure bound is missing from man/stv-compile.1}

for t in systemd-analyze systemd-escape perl "$BUILD/stv-compile"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "check-unit: $t is missing (make test-deps)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

# prepare CASE XML [OPTION...]: compiles XML, its emulator replaced by the
# fake, into $d/argv (the -0 argv) and, with --unit-dir, $d/u/NAME.service
# ($unit).  Sets d=$tmp/CASE.
prepare() {
	d=$tmp/$1
	xml=$2
	shift 2
	rm -rf "$d"
	mkdir -p "$d/u"
	fake_xml "$xml" "$d/domain.xml"
	$COMPILE -q -0 "$@" "$d/domain.xml" >"$d/argv" 2>"$d/err" &&
		$COMPILE -q --unit-dir "$d/u" "$@" "$d/domain.xml" 2>>"$d/err" &&
		install_emulator "$d/argv" || return 1
	unit=$(find "$d/u" -name '*.service' | head -n 1)
	[ -n "$unit" ] || return 1
	# systemd-analyze 252 verify fails on a unit file name with ':' ("Couldn't
	# process aliases"), a valid name that systemd itself loads: verify a copy.
	vunit=$d/$(basename "$unit" | tr : _)
	cp "$unit" "$vunit"
	# The unit dump: systemd's own reading of the unit, printed by verify.
	SYSTEMD_LOG_LEVEL=debug systemd-analyze verify "$vunit" >"$d/dump" 2>/dev/null
	return 0
}

# commands SETTING: the argv of each SETTING command, as systemd runs it.
commands() {
	perl "$fake_dir/sd-argv" "$1" <"$d/dump"
}

# verify_unit LABEL: verify is silent and passes; the score is within the
# bound; ExecStart is the argv.
verify_unit() {
	systemd-analyze verify "$vunit" >"$tmp/verify" 2>&1
	st=$?
	if [ "$st" -eq 0 ] && [ ! -s "$tmp/verify" ]; then
		ok
	else
		not_ok "$1: systemd-analyze verify (status $st)"
		sed 's/^/  | /' "$tmp/verify" | head -10
	fi
	score=$(systemd-analyze security --offline=yes "$vunit" 2>/dev/null |
		sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
	if systemd-analyze security --offline=yes --threshold="$BOUND" "$vunit" >/dev/null 2>&1; then
		ok
	else
		not_ok "$1: exposure ${score:-unknown} is above the bound $BOUND/10"
	fi
	commands ExecStart >"$tmp/execstart"
	# a VNC display chosen at start is the one word systemd fills in (EnvironmentFile=)
	sed -z 's/^\([0-9.]*:\)\${STV_VNC_DISPLAY}$/\1<ENV:STV_VNC_DISPLAY>/' "$d/argv" >"$tmp/argv"
	printf '\n' >>"$tmp/argv"
	same_bytes "$1: ExecStart as systemd reads it is --emit=argv" "$tmp/argv" "$tmp/execstart"
}

# nul_line WORD...: one command as `commands` prints it.
nul_line() {
	for w in "$@"; do
		printf '%s\0' "$w"
	done
	printf '\n'
}

# setting NAME: the values systemd parsed for NAME, one per line.
setting() {
	sed -n "s/^		$1: //p" "$d/dump"
}

# --- every compile case ---------------------------------------------------

for f in testdata/*.xml testdata/valid/*.xml examples/*.xml testdata/inject/*.xml; do
	[ -f "$f" ] || continue
	case $f in
	testdata/inject/*)
		grep -q '^unit accepted$' "${f%.xml}.expect" || continue ;;
	esac
	if ! prepare case "$f"; then
		not_ok "$f: --emit=unit failed"
		sed 's/^/  | /' "$d/err" | head -5
		continue
	fi
	verify_unit "$f"
	$COMPILE -q --emit=unit "$d/domain.xml" >"$tmp/a" 2>/dev/null
	$COMPILE -q --emit=unit "$d/domain.xml" >"$tmp/b" 2>/dev/null
	check "$f: the unit is deterministic" cmp -s "$tmp/a" "$tmp/b"
	check "$f: --unit-dir writes what --emit=unit prints" cmp -s "$tmp/a" "$unit"
	check "$f: no tap commands without interfaces" \
		sh -c "grep -q '<interface' '$f' || ! grep -q '^ExecStartPre=+ip' '$unit'"
done

# --- names ----------------------------------------------------------------

for n in StratoVirt vm-a:b_1 Vm_1-x; do
	sed "s|<name>minimal</name>|<name>$n</name>|" examples/minimal.xml >"$tmp/name.xml"
	if prepare name "$tmp/name.xml"; then
		want="stratovirt-$(systemd-escape "$n").service"
		check "unit name for '$n' is $want" [ -f "$d/u/$want" ]
		rundir=$(tr '\0' '\n' <"$d/argv" | sed -n 's|^unix:/run/\(.*\)/qmp.sock,server,nowait$|\1|p')
		check "'$n': the QMP socket's directory is the name as written" \
			[ "$rundir" = "stratovirt/$n" ]
		case $n in
		*:*)
			# systemd reads "a:b" in RuntimeDirectory= as a and a symlink b.
			check "'$n': no RuntimeDirectory= with a ':'" [ -z "$(setting RuntimeDirectory)" ]
			nul_line install -d -m 0700 -- "/run/$rundir" >"$tmp/want"
			commands ExecStartPre >"$tmp/got"
			same_bytes "'$n': the directory is created by ExecStartPre=+" "$tmp/want" "$tmp/got"
			;;
		*)
			check "'$n': RuntimeDirectory= is the QMP socket's directory" \
				[ "$(setting RuntimeDirectory)" = "$rundir" ]
			check "'$n': RuntimeDirectoryMode=0700" [ "$(setting RuntimeDirectoryMode)" = 0700 ]
			;;
		esac
	else
		not_ok "compile name '$n'"
	fi
done

# --- Restart= ---------------------------------------------------------------

for combo in destroy:destroy:no restart:destroy:on-success destroy:restart:on-failure \
	restart:restart:always; do
	poweroff=${combo%%:*}
	rest=${combo#*:}
	crash=${rest%%:*}
	want=${rest#*:}
	sed "s|</vcpu>|</vcpu><on_poweroff>$poweroff</on_poweroff><on_crash>$crash</on_crash><on_reboot>restart</on_reboot>|" \
		examples/minimal.xml >"$tmp/life.xml"
	if prepare life "$tmp/life.xml"; then
		check "on_poweroff=$poweroff on_crash=$crash: Restart=$want" [ "$(setting Restart)" = "$want" ]
		verify_unit "on_poweroff=$poweroff on_crash=$crash"
	else
		not_ok "compile on_poweroff=$poweroff on_crash=$crash"
	fi
done

# --- taps, devices, writable paths ------------------------------------------

cat >"$tmp/net.xml" <<'EOF'
<domain type='kvm'>
  <name>net</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <loader readonly='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.fd</loader>
    <nvram>/var/lib/stv/net_VARS.fd</nvram>
  </os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/stv/root.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/stv/ro.img'/>
      <target dev='vdb' bus='virtio'/>
      <readonly/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/dev/sdz'/>
      <target dev='vdc' bus='virtio'/>
    </disk>
    <interface type='bridge'>
      <source bridge='br0'/>
      <target dev='stv-a'/>
      <model type='virtio'/>
      <driver name='qemu'/>
    </interface>
    <interface type='bridge'>
      <source bridge='br1'/>
      <target dev='stv-b'/>
      <model type='virtio'/>
      <driver name='vhost' queues='2'/>
    </interface>
    <controller type='virtio-serial' index='0'/>
    <console type='pty'><target type='virtio' port='0'/></console>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
  </devices>
</domain>
EOF
if prepare net "$tmp/net.xml"; then
	verify_unit "two taps"
	{
		nul_line ip tuntap add dev stv-a mode tap user root
		nul_line ip link set dev stv-a master br0 up
		nul_line ip tuntap add dev stv-b mode tap user root multi_queue
		nul_line ip link set dev stv-b master br1 up
	} >"$tmp/want"
	commands ExecStartPre >"$tmp/got"
	same_bytes "taps: created owned by root and enslaved, in ExecStartPre=" "$tmp/want" "$tmp/got"
	{
		nul_line ip tuntap del dev stv-a mode tap
		nul_line ip tuntap del dev stv-b mode tap multi_queue
	} >"$tmp/want"
	commands ExecStopPost >"$tmp/got"
	same_bytes "taps: deleted in ExecStopPost=" "$tmp/want" "$tmp/got"
	check "tap commands are privileged (+) and ExecStopPost= may fail (-)" \
		sh -c "[ \$(grep -c '^ExecStartPre=+ip ' '$unit') -eq 4 ] && [ \$(grep -c '^ExecStopPost=-+ip ' '$unit') -eq 2 ]"
	setting DeviceAllow | sort >"$tmp/got"
	printf '%s\n' '/dev/kvm rw' '/dev/net/tun rw' '/dev/ptmx rw' '/dev/sdz rw' \
		'/dev/urandom r' '/dev/vhost-net rw' 'char-pts rw' 'char-rtc r' | sort >"$tmp/want"
	check "DeviceAllow= lists exactly the nodes the VM uses" cmp -s "$tmp/want" "$tmp/got" ||
		diff "$tmp/want" "$tmp/got" | sed 's/^/  | /'
	check "DevicePolicy=closed" [ "$(setting DevicePolicy)" = closed ]
	check "ReadWritePaths= lists the nvram and the writable image only" \
		[ "$(setting ReadWritePaths)" = "/var/lib/stv/net_VARS.fd /var/lib/stv/root.img" ]
	# The fake emulator lives in $tmp: under /tmp, PrivateTmp= would hide it.
	case $tmp in
	/tmp/* | /var/tmp/*) private_tmp=no ;;
	*) private_tmp=yes ;;
	esac
	for kv in 'ProtectSystem: strict' 'ProtectHome: yes' "PrivateTmp: $private_tmp" \
		'CapabilityBoundingSet: ' 'ProtectKernelTunables: yes' 'ProtectKernelModules: yes' \
		'ProtectKernelLogs: yes' 'ProtectControlGroups: yes' 'ProtectClock: yes' \
		'ProtectHostname: yes' 'ProtectProc: invisible' 'ProcSubset: pid' 'LockPersonality: yes' \
		'MemoryDenyWriteExecute: yes' 'RestrictRealtime: yes' 'RestrictSUIDSGID: yes' \
		'SystemCallArchitectures: native' 'UMask: 0077'; do
		check "hardening: $kv" grep -qxF "		$kv" "$d/dump"
	done
	for line in NoNewPrivileges=yes PrivateMounts=yes RestrictNamespaces=yes IPAddressDeny=any \
		'RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_VSOCK AF_INET AF_INET6' \
		'SystemCallFilter=~@clock @cpu-emulation @debug @module @mount @obsolete @raw-io @reboot @swap'; do
		check "hardening: $line" grep -qxF "$line" "$unit"
	done
	check "no User=: root without capabilities (stv-compile(1))" sh -c "! grep -q '^User=' '$unit'"
else
	not_ok "compile the two-tap domain"
	sed 's/^/  | /' "$d/err" | head -5
fi

# Files under /tmp and /home stay reachable; another runtime directory is made.
sed 's|/var/lib/stratovirt/rootfs.img|/tmp/stv/rootfs.img|; s|/var/lib/stratovirt/vmlinux|/home/u/vmlinux|' \
	examples/minimal.xml >"$tmp/tmp.xml"
if prepare tmpfiles "$tmp/tmp.xml" --runtime-dir /var/lib/stv/run; then
	verify_unit "files under /tmp and /home"
	check "a file under /tmp: PrivateTmp=no" [ "$(setting PrivateTmp)" = no ]
	check "a file under /home: ProtectHome=read-only" [ "$(setting ProtectHome)" = read-only ]
	check "a runtime directory outside /run: ReadWritePaths=" \
		grep -qxF 'ReadWritePaths="/var/lib/stv/run"' "$unit"
	nul_line install -d -m 0700 -- /var/lib/stv/run >"$tmp/want"
	commands ExecStartPre >"$tmp/got"
	same_bytes "a runtime directory outside /run: created by ExecStartPre=+" "$tmp/want" "$tmp/got"
	check "a runtime directory outside /run: no RuntimeDirectory=" [ -z "$(setting RuntimeDirectory)" ]
else
	not_ok "compile with files under /tmp and /home"
	sed 's/^/  | /' "$d/err" | head -5
fi

# --- host devices, ethernet taps, an nvram template -----------------------------

# summary SETTING: its commands one per line, words joined by spaces, the
# program of sh -c shown as PROGRAM.
summary() {
	commands "$1" | perl -ne 'chomp; my @w = split /\0/; $w[2] = "PROGRAM" if @w > 2 && $w[0] eq "sh" && $w[1] eq "-c"; print join(" ", @w), "\n"'
}

# run_sh SETTING: runs its sh -c commands as systemd would, with the fakes
# first on PATH and the fake sysfs; prints the status of each.
run_sh() {
	commands "$1" | (cd "$d" && env PATH="$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" STV_SYSFS="$d/sys" \
		perl -ne 'chomp; my @w = split /\0/; next unless $w[0] eq "sh"; print system(@w) >> 8, "\n"')
}

# The nvram lives in a directory with a hostile name: only data, never code.
nv="$tmp/nv \$(touch pwned) 'q' \`touch pwned\` %n"
sed -e "s|/var/lib/stratovirt/nvram/passthrough_VARS.fd|$nv/passthrough_VARS.fd|" \
    -e "s|template='/usr/share/edk2/ovmf/OVMF_VARS.fd'|template=\"$nv/template.fd\"|" \
    testdata/passthrough-q35.xml >"$tmp/pass.xml"
if prepare pass "$tmp/pass.xml"; then
	verify_unit "passthrough"
	printf '%s\n' "sh -c PROGRAM stv-nvram $nv/template.fd $nv/passthrough_VARS.fd" \
		'ip tuntap add dev stvc0ad69c1n0 mode tap user root' 'ip link set dev stvc0ad69c1n0 up' \
		'ip tuntap add dev vm-eth1 mode tap user root multi_queue' 'ip link set dev vm-eth1 up' \
		'ip link show dev tap-fixed' 'sh -c PROGRAM stv-vfio-bind 0000:03:00.0' >"$tmp/want"
	summary ExecStartPre >"$tmp/got"
	check "passthrough: nvram, ethernet taps (made, or looked for), then the managed host device" \
		cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" | sed 's/^/  | /'
	printf '%s\n' 'sh -c PROGRAM stv-vfio-restore 0000:03:00.0' \
		'ip tuntap del dev stvc0ad69c1n0 mode tap' 'ip tuntap del dev vm-eth1 mode tap multi_queue' >"$tmp/want"
	summary ExecStopPost >"$tmp/got"
	check "passthrough: the host device given back before the taps are deleted; tap-fixed stays" \
		cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" | sed 's/^/  | /'
	check "passthrough: binding is privileged, the nvram copy and the tap lookup are not" sh -c "
		[ \$(grep -c '^ExecStartPre=+sh -c ' '$unit') -eq 1 ] &&
		[ \$(grep -c '^ExecStartPre=sh -c ' '$unit') -eq 1 ] &&
		[ \$(grep -c '^ExecStartPre=ip link show ' '$unit') -eq 1 ] &&
		[ \$(grep -c '^ExecStopPost=-+sh -c ' '$unit') -eq 1 ]"
	check "passthrough: DeviceAllow= the VFIO container and every group" sh -c "
		grep -qxF '		DeviceAllow: /dev/vfio/vfio rw' '$d/dump' &&
		grep -qxF '		DeviceAllow: char-vfio rw' '$d/dump'"
	check "passthrough: LimitMEMLOCK=infinity" [ "$(setting LimitMEMLOCK)" = 18446744073709551615 ]
	check "passthrough: ReadWritePaths= the nvram's directory, not the nvram" \
		[ "$(setting ReadWritePaths)" = "$nv /var/lib/stratovirt/passthrough.img" ]

	# The unit's own commands, run on a fake host.
	mkdir -p "$d/fake" "$nv"
	printf 'template\n' >"$nv/template.fd"
	fake_pci "$d/sys" 0000:03:00.0 e1000e 7
	check "passthrough unit: its commands succeed" [ "$(run_sh ExecStartPre | tr '\n' ' ')" = "0 0 " ]
	check "passthrough unit: the nvram made from its template" cmp -s "$nv/template.fd" "$nv/passthrough_VARS.fd"
	check "passthrough unit: a hostile directory name ran nothing" [ ! -e "$d/pwned" ]
	check "passthrough unit: the function bound to vfio-pci" [ "$(pci_driver "$d/sys" 0000:03:00.0)" = vfio-pci ]
	check "passthrough unit: and given back" [ "$(run_sh ExecStopPost)" = 0 ]
	check "passthrough unit: back on its own driver" [ "$(pci_driver "$d/sys" 0000:03:00.0)" = e1000e ]
	printf '%s\n' "bus/pci/devices/0000:03:00.0/driver/unbind '0000:03:00.0'" \
		"bus/pci/devices/0000:03:00.0/driver_override 'vfio-pci'" \
		"bus/pci/drivers/vfio-pci/bind '0000:03:00.0'" \
		"bus/pci/devices/0000:03:00.0/driver_override ''" \
		"bus/pci/drivers/vfio-pci/unbind '0000:03:00.0'" \
		"bus/pci/drivers_probe '0000:03:00.0'" >"$tmp/want"
	check "passthrough unit: the exact sysfs writes" cmp -s "$tmp/want" "$d/fake/sysfs.log" ||
		diff "$tmp/want" "$d/fake/sysfs.log" | sed 's/^/  | /'
	# The unit owns the function: bound to vfio-pci before, given back after.
	rm -f "$d/fake/sysfs.log"
	printf 'mine\n' >"$nv/passthrough_VARS.fd"
	fake_pci "$d/sys" 0000:03:00.0 e1000e 7 vfio-pci
	run_sh ExecStartPre >/dev/null
	check "passthrough unit: an existing nvram is never overwritten" grep -qx mine "$nv/passthrough_VARS.fd"
	run_sh ExecStopPost >/dev/null
	check "passthrough unit: a function bound before is given back too" \
		[ "$(pci_driver "$d/sys" 0000:03:00.0)" = e1000e ]
	rm -f "$d/fake/sysfs.log"
	fake_pci "$d/sys" 0000:03:00.0 e1000e 7
	check "passthrough unit: a bind that fails fails the start" \
		[ "$(STV_FAKE_SYSFS_FAIL=bus/pci/drivers/vfio-pci/bind run_sh ExecStartPre 2>/dev/null | tr '\n' ' ')" = "0 1 " ]
	run_sh ExecStopPost >/dev/null
	check "passthrough unit: ExecStopPost= gives back a function the start left half-bound" \
		[ "$(pci_driver "$d/sys" 0000:03:00.0)" = e1000e ]
else
	not_ok "compile testdata/passthrough-q35.xml"
	sed 's/^/  | /' "$d/err" | head -5
fi

# --- VNC ----------------------------------------------------------------------

# word N: word N of the one command on stdin (NUL-separated, as `commands` prints).
word() {
	tr '\0' '\n' | sed -n "$1p"
}

if prepare vnc testdata/display-vnc-q35.xml; then
	verify_unit "vnc chosen at start"
	commands ExecStartPre | tail -n 1 >"$tmp/pick"
	check "vnc: a privileged ExecStartPre= chooses the display" \
		grep -q '^ExecStartPre=+sh -c ' "$unit"
	for n in 1:sh 2:-c 4:stv-vnc 5:/run/stratovirt/desktop/vnc.env 6:127.0.0.1; do
		check "vnc: the chooser's word ${n%%:*} is '${n#*:}'" [ "$(word "${n%%:*}" <"$tmp/pick")" = "${n#*:}" ]
	done
	check "vnc: EnvironmentFile= reads the choice, and may be missing before it" \
		[ "$(setting EnvironmentFile)" = "-/run/stratovirt/desktop/vnc.env" ]
	# The chooser as systemd runs it, against the fake ss, into a file of ours.
	mkdir -p "$d/fake"
	printf '%s\n' 'LISTEN 0 5 0.0.0.0:5900 0.0.0.0:*' >"$d/fake/listening"
	prog=$(word 3 <"$tmp/pick")
	env PATH="$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" sh -c "$prog" stv-vnc "$d/vnc.env" 127.0.0.1 >"$d/out" 2>&1
	check "vnc: the chooser succeeds (status $?)" [ -f "$d/vnc.env" ]
	check "vnc: it writes the first free display" [ "$(cat "$d/vnc.env")" = "STV_VNC_DISPLAY=1" ]
	check "vnc: it says where to connect, in the journal" \
		grep -qxF 'stv: VNC display :1 (TCP port 5901) on 127.0.0.1' "$d/out"
	# systemd puts the value in the one word; everything else is --emit=argv.
	display=$(sed -n 's/^STV_VNC_DISPLAY=//p' "$d/vnc.env")
	commands ExecStart | sed -z "s/<ENV:STV_VNC_DISPLAY>/$display/" >"$tmp/got"
	sed -z 's/^\(127\.0\.0\.1:\)\${STV_VNC_DISPLAY}$/\1'"$display"'/' "$d/argv" >"$tmp/want"
	printf '\n' >>"$tmp/want"
	same_bytes "vnc: ExecStart with the display filled in is --emit=argv with it" "$tmp/want" "$tmp/got"
	rm -f "$d/vnc.env"
	env PATH="$fake_dir:$PATH" STV_FAKE_DIR="$d/fake" STV_FAKE_SS=fail \
		sh -c "$prog" stv-vnc "$d/vnc.env" 127.0.0.1 >"$d/out" 2>&1
	check "vnc: the chooser fails when ss does (status $?)" [ ! -f "$d/vnc.env" ]
	check "vnc: and says why" grep -qF 'stv: no free VNC display' "$d/out"
	check "vnc on localhost: IP traffic from localhost only" \
		sh -c "grep -qx 'IPAddressDeny=any' '$unit' && grep -qx 'IPAddressAllow=localhost' '$unit'"
else
	not_ok "compile testdata/display-vnc-q35.xml"
	sed 's/^/  | /' "$d/err" | head -5
fi

if prepare vncopen testdata/display-ramfb-aarch64.xml; then
	verify_unit "vnc on every address"
	check "vnc on 0.0.0.0: no IP address filter" sh -c "! grep -q '^IPAddress' '$unit'"
	check "vnc on a fixed port: nothing chooses one" sh -c "! grep -q -e 'ss -Htln' -e EnvironmentFile '$unit'"
else
	not_ok "compile testdata/display-ramfb-aarch64.xml"
fi

# The display file under a runtime directory with '%' and a space.
if prepare vncdir testdata/display-vnc-q35.xml --runtime-dir '/var/lib/stv/run %n x'; then
	verify_unit "vnc, odd runtime directory"
	check "vnc, odd runtime directory: EnvironmentFile= as written" \
		[ "$(setting EnvironmentFile)" = "-/var/lib/stv/run %n x/vnc.env" ]
	check "vnc, odd runtime directory: the chooser writes there" \
		[ "$(commands ExecStartPre | tail -n 1 | word 5)" = "/var/lib/stv/run %n x/vnc.env" ]
else
	not_ok "compile with an odd runtime directory"
	sed 's/^/  | /' "$d/err" | head -5
fi
# EnvironmentFile= ignores a path with "..": refused, not a unit that never finds its display.
$COMPILE --emit=unit --runtime-dir /var/lib/stv/../run testdata/display-vnc-q35.xml >"$tmp/out" 2>"$tmp/err"
st=$?
check "vnc, runtime directory with '..': refused (status $st)" [ "$st" -eq 1 ]
check "vnc, runtime directory with '..': no unit" [ ! -s "$tmp/out" ]
check "vnc, runtime directory with '..': with [unit-value]" grep -q 'error: .*\[unit-value\]' "$tmp/err"

# --- a hostile source file name -----------------------------------------------

nl='
'
odd="$tmp/odd${nl}ExecStartPre=false${nl}%n \$(id).xml"
if prepare oddname examples/minimal.xml; then
	cp "$d/domain.xml" "$odd"
	rm -f "$unit"
	check "compile under a file name with newlines" $COMPILE -q --unit-dir "$d/u" "$odd"
	cp "$unit" "$vunit"
	verify_unit "a file name with newlines"
	check "a file name cannot add a directive" sh -c "[ -f '$unit' ] && ! grep -q '^ExecStartPre' '$unit'"
	check "a file name stays on the comment line" \
		grep -q '^# Generated by stv-compile from ".*\\x0aExecStartPre=false\\x0a%n \$(id)\.xml"; do not edit\.$' "$unit"
else
	not_ok "compile examples/minimal.xml"
	sed 's/^/  | /' "$d/err" | head -5
fi

# --- the injection corpus ---------------------------------------------------

for f in testdata/inject/*.xml; do
	base=${f%.xml}
	want=$(sed -n 's/^unit //p' "$base.expect" 2>/dev/null)
	case $want in
	accepted)
		# Checked with every compile case above; the taps here too.
		if [ -f "$base.ip" ] && prepare inject "$f"; then
			commands ExecStartPre | tr '\0' ' ' | sed 's/^ip //; s/ user root//; s/ $//' >"$tmp/got"
			grep -v -e '^link show' -e '^tuntap del' "$base.ip" >"$tmp/want"
			check "$f: tap names in ExecStartPre= as $base.ip says" cmp -s "$tmp/want" "$tmp/got"
			commands ExecStopPost | tr '\0' ' ' | sed 's/^ip //; s/ $//' >"$tmp/got"
			grep '^tuntap del' "$base.ip" >"$tmp/want"
			check "$f: tap names in ExecStopPost= as $base.ip says" cmp -s "$tmp/want" "$tmp/got"
		fi
		;;
	"rejected "*)
		rule=${want#rejected }
		$COMPILE --emit=unit "$f" >"$tmp/out" 2>"$tmp/err"
		st=$?
		if [ "$st" -eq 1 ]; then ok; else not_ok "$f: --emit=unit status $st, expected 1"; fi
		check "$f: rejected with [$rule]" grep -q "error: .*\[$rule\]" "$tmp/err"
		check "$f: no unit on a rejection" [ ! -s "$tmp/out" ]
		;;
	*)
		not_ok "$base.expect: no unit line" ;;
	esac
done

finish
