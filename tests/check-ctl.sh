#!/bin/sh
# tests/check-ctl.sh: stv-ctl, every verb with both outcomes, against the
# fake StratoVirt ($BUILD/tests/fake-stratovirt) and, for the systemd
# backend, a fake systemctl (tests/fake/systemctl).  State lives in
# private directories only (STV_CONFIG_DIR, STV_RUNTIME_DIR under $tmp).
#   - usage errors are status 2; a failed verb is 1 with the emulator's,
#     QMP's or systemctl's own message;
#   - define validates first (every finding, nothing written on error);
#     edit saves only a copy that validates; undefine leaves a running
#     domain running; create is transient;
#   - start returns once the monitor greets, or with the emulator's error;
#     two starts at once give one emulator; states are virsh's;
#   - suspend reports a refused stop; shutdown waits, or says the guest
#     ignores ACPI; destroy ends an emulator that ignores quit and even
#     SIGTERM, and the taps and runtime directory are cleaned;
#   - console relays both ways on a real terminal, detaches on Ctrl-],
#     restores the terminal (on SIGTERM too), refuses a second console,
#     and works while another client holds the monitor.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
. tests/fake/lib.sh

for t in python3 jq "$BUILD/stv-ctl" "$BUILD/stv-compile" "$BUILD/tests/fake-stratovirt"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "check-ctl: $t is missing (make test-deps)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

FAKE=$(pwd)/$BUILD/tests/fake-stratovirt
export STV_CONFIG_DIR="$tmp/etc" STV_RUNTIME_DIR="$tmp/run" STV_FAKE_DIR="$tmp/fake"
export STV_NO_PREFLIGHT=1 STV_QMP_TIMEOUT=1 STV_START_TIMEOUT=5 STV_STOP_GRACE=1
export PATH="$fake_dir:$PATH"	# the launcher's ip(8) is the fake one
export TMPDIR="$tmp/tmp"	# edit's copies
# stv-ctl, direct backend.
ctlx() { $RUN "$BUILD/stv-ctl" --backend=direct "$@"; }
mkdir -p "$STV_FAKE_DIR" "$TMPDIR"

# Every fake emulator that a failed check may have left running.
cleanup() {
	sed -n 's/^start //p' "$STV_FAKE_DIR/runs" 2>/dev/null | while read -r p; do
		kill -s KILL "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# domain NAME [XML...]: a domain with a pty console, the fake as emulator;
# more device XML may follow.  On stdout.
domain() {
	name=$1
	shift
	cat <<EOF
<domain type='kvm'>
  <name>$name</name>
  <memory unit='MiB'>512</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>/var/lib/stratovirt/vmlinux</kernel>
    <loader readonly='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.fd</loader>
    <cmdline>console=hvc0 root=/dev/vda</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <emulator>$FAKE</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/stratovirt/root.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <controller type='virtio-serial' index='0'/>
    $*
  </devices>
</domain>
EOF
}
CONSOLE="<console type='pty'><target type='virtio' port='0'/></console>"

# ctl STATUS DESCRIPTION ARG...: stv-ctl ARG... exits STATUS ($tmp/out, $tmp/err).
ctl() {
	want=$1 desc=$2
	shift 2
	expect_status "$desc" "$want" ctlx "$@"
}

# says DESCRIPTION FILE TEXT: FILE has a line with TEXT.
says() {
	if grep -qF -- "$3" "$2"; then
		ok
	else
		not_ok "$1: no '$3' in:"
		sed 's/^/  | /' "$2" | head -10
	fi
}

state_is() {
	got=$(ctlx domstate "$1" 2>"$tmp/state.err")
	if [ "$got" = "$2" ]; then ok; else not_ok "$1 is '$got', expected '$2'"; fi
}

runs() { grep -c '^start' "$STV_FAKE_DIR/runs" 2>/dev/null || echo 0; }
pid_of() { cat "$STV_RUNTIME_DIR/$1/pid" 2>/dev/null; }
# left NAME: what the runtime directory holds, sorted, one line.
left() { [ -d "$STV_RUNTIME_DIR/$1" ] && find "$STV_RUNTIME_DIR/$1" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' '; }

domain vm1 "$CONSOLE" >"$tmp/vm1.xml"

# --- usage ------------------------------------------------------------------

ctl 2 "no verb"
ctl 2 "unknown verb" frobnicate vm1
ctl 2 "start without a name" start
ctl 2 "list with an operand" list vm1
ctl 2 "an option another verb takes" list --timeout 3
ctl 2 "--timeout that is not a number" shutdown vm1 --timeout soon
expect_status "unknown backend" 2 ctlx --backend=libvirt list
STV_QMP_TIMEOUT=x expect_status "a bad STV_QMP_TIMEOUT" 2 ctlx list
says "a bad STV_QMP_TIMEOUT" "$tmp/err" "STV_QMP_TIMEOUT='x' is not a number of seconds"
STV_CONFIG_DIR=etc expect_status "a relative STV_CONFIG_DIR" 2 ctlx list
ctl 0 "--help" --help
says "--help lists the verbs" "$tmp/out" "console   NAME"
ctl 1 "a name that is not a domain name" start ../etc
says "a name that is not a domain name" "$tmp/err" "'../etc' is not a domain name"

# --- define -----------------------------------------------------------------

sed 's|<vcpu>2</vcpu>|<vcpu>0</vcpu>|; s|<memory unit=.MiB.>512</memory>|<memory unit="MiB">1</memory>|' \
	"$tmp/vm1.xml" >"$tmp/bad.xml"
ctl 1 "define a domain with errors" define "$tmp/bad.xml"
check "define with errors: every finding is printed" \
	[ "$(grep -c ': error: ' "$tmp/err")" -ge 2 ]
says "define with errors" "$tmp/err" "nothing was defined"
check "define with errors: nothing written" [ ! -e "$STV_CONFIG_DIR/vm1.xml" ]
ctl 1 "define an unreadable file" define "$tmp/none.xml"
ctl 0 "define" define "$tmp/vm1.xml"
says "define" "$tmp/out" "Domain 'vm1' defined from $tmp/vm1.xml"
check "define installs the bytes given" cmp -s "$tmp/vm1.xml" "$STV_CONFIG_DIR/vm1.xml"
check "define installs with mode 0600" [ "$(stat -c %a "$STV_CONFIG_DIR/vm1.xml")" = 600 ]
check "define leaves no temporary file" [ "$(ls -A "$STV_CONFIG_DIR")" = vm1.xml ]

# --- list, start, states ------------------------------------------------------

ctl 0 "list, nothing running" list
check "list shows no shut off domain" sh -c "! grep -q vm1 '$tmp/out'"
ctl 0 "list --all" list --all
check "list --all: vm1 is shut off" grep -q '^ -  *vm1  *shut off$' "$tmp/out"
ctl 1 "domstate of an unknown domain" domstate nosuch
says "domstate of an unknown domain" "$tmp/err" "no domain named nosuch"
ctl 0 "start" start vm1
says "start" "$tmp/out" "Domain 'vm1' started"
state_is vm1 running
pid=$(pid_of vm1)
check "start records the emulator's pid" kill -0 "${pid:-0}"
check "start caches the console" grep -q '^/dev/pts/[0-9]*$' "$STV_RUNTIME_DIR/vm1/console"
ctl 0 "list" list
check "list: vm1 runs with its pid as Id" grep -q "^ $pid  *vm1  *running\$" "$tmp/out"
ctl 0 "list --json" list --all --json
check "list --json" sh -c "jq -e '.[] | select(.name == \"vm1\") | .state == \"running\" and .id == $pid and .persistent and (.autostart | not)' '$tmp/out' >/dev/null"
ctl 0 "dominfo" dominfo vm1
for line in "Id:             $pid" "State:          running" "CPU(s):         2" \
	"Max memory:     524288 KiB" "Persistent:     yes" "Autostart:      disable" \
	"Console:        $(cat "$STV_RUNTIME_DIR/vm1/console")"; do
	says "dominfo" "$tmp/out" "$line"
done
n=$(runs)
ctl 1 "start a running domain" start vm1
says "start a running domain" "$tmp/err" "vm1 is already running (pid $pid)"
check "start a running domain: no second emulator" [ "$(runs)" -eq "$n" ]

# --- console ----------------------------------------------------------------

check "console: relays both ways, Ctrl-] detaches, the terminal is restored" \
	python3 tests/ctl-tty.py detach "$BUILD/stv-ctl" --backend=direct console vm1
check "console: SIGTERM restores the terminal" python3 tests/ctl-tty.py signal "$BUILD/stv-ctl" --backend=direct console vm1
check "console: a second console is refused" python3 tests/ctl-tty.py second "$BUILD/stv-ctl" --backend=direct console vm1
# Another client holds the monitor: StratoVirt serves one at a time.
python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(4)' \
	"$STV_RUNTIME_DIR/vm1/qmp.sock" &
holder=$!
sleep 0.3
check "console works while another client holds the monitor" \
	python3 tests/ctl-tty.py signal "$BUILD/stv-ctl" --backend=direct console vm1
state_is vm1 "no state"
says "domstate with a busy monitor says why" "$tmp/state.err" "the monitor sent no greeting"
ctl 1 "suspend with a busy monitor" suspend vm1
says "suspend with a busy monitor" "$tmp/err" "no greeting within"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# --- suspend, resume, reboot --------------------------------------------------

ctl 0 "suspend" suspend vm1
says "suspend" "$tmp/out" "Domain 'vm1' suspended"
state_is vm1 paused
ctl 0 "resume" resume vm1
state_is vm1 running
ctl 1 "resume a running domain" resume vm1
says "resume a running domain" "$tmp/err" "vm1 is not paused"
: >"$STV_FAKE_DIR/qmp.log"
ctl 0 "reboot" reboot vm1
check "reboot is system_reset" grep -qx system_reset "$STV_FAKE_DIR/qmp.log"
ctl 1 "dominfo of an unknown domain" dominfo nosuch

# --- dumpxml, edit, autostart, undefine -----------------------------------------

ctl 0 "dumpxml of a running domain" dumpxml vm1
check "dumpxml: the definition with assigned addresses" grep -q '<address type=.pci. domain=' "$tmp/out"
ctl 0 "dumpxml --inactive" dumpxml --inactive vm1
ctl 1 "dumpxml of an unknown domain" dumpxml nosuch
EDITOR="sed -i 's/<vcpu>2</<vcpu>4</'" ctl 0 "edit" edit vm1
says "edit" "$tmp/out" "Domain 'vm1' XML configuration edited."
check "edit saved the copy" grep -q '<vcpu>4</vcpu>' "$STV_CONFIG_DIR/vm1.xml"
says "edit of a running domain" "$tmp/err" "takes effect when it is next started"
cp "$STV_CONFIG_DIR/vm1.xml" "$tmp/before-edit.xml"
EDITOR=true ctl 0 "edit, no change" edit vm1
says "edit, no change" "$tmp/out" "not changed"
EDITOR="sed -i 's/<vcpu>4</<vcpu>0</'" ctl 1 "edit into an invalid domain" edit vm1
says "edit into an invalid domain" "$tmp/err" "nothing was saved"
check "edit into an invalid domain: the definition is untouched" \
	cmp -s "$tmp/before-edit.xml" "$STV_CONFIG_DIR/vm1.xml"
copy=$(sed -n 's/.*your copy is kept in \([^;]*\);.*/\1/p' "$tmp/err")
check "edit into an invalid domain: the copy is kept" grep -q '<vcpu>0</vcpu>' "${copy:-/none}"
rm -f "$copy"
EDITOR=false ctl 1 "edit with a failing editor" edit vm1
says "edit with a failing editor" "$tmp/err" "the editor false failed"
rm -f "$TMPDIR"/stv-vm1-*.xml
ctl 0 "autostart" autostart vm1
check "autostart is a link to the definition" \
	[ "$(readlink "$STV_CONFIG_DIR/autostart/vm1.xml")" = ../vm1.xml ]
ctl 0 "dominfo after autostart" dominfo vm1
says "dominfo after autostart" "$tmp/out" "Autostart:      enable"
ctl 0 "autostart --disable" autostart --disable vm1
check "autostart --disable removes the link" [ ! -e "$STV_CONFIG_DIR/autostart/vm1.xml" ]
ctl 1 "autostart of an unknown domain" autostart nosuch
ctl 0 "undefine a running domain" undefine vm1
says "undefine a running domain" "$tmp/err" "vm1 keeps running"
check "undefine removes the definition" [ ! -e "$STV_CONFIG_DIR/vm1.xml" ]
state_is vm1 running
ctl 0 "list --all after undefine" list --all --json
check "an undefined running domain is listed, not persistent" \
	sh -c "jq -e '.[] | select(.name == \"vm1\") | .persistent | not' '$tmp/out' >/dev/null"
ctl 1 "undefine twice" undefine vm1

# --- destroy ------------------------------------------------------------------

ctl 0 "destroy" destroy vm1
says "destroy" "$tmp/out" "Domain 'vm1' destroyed"
check "destroy ends the emulator" sh -c "! kill -0 $pid 2>/dev/null"
check "destroy cleans the runtime directory (the log stays)" [ "$(left vm1)" = "log " ]
ctl 0 "list --all after destroying an undefined domain" list --all
check "an undefined domain is gone once stopped" sh -c "! grep -q vm1 '$tmp/out'"
ctl 1 "destroy a domain that does not run" destroy vm1

# A wedged guest: quit does nothing (or its reply is lost, or never comes).
ctlx define "$tmp/vm1.xml" >/dev/null
for mode in ignore noreply hang; do
	STV_FAKE_QUIT=$mode ctlx start vm1 >/dev/null 2>&1
	pid=$(pid_of vm1)
	ctl 0 "destroy, quit $mode" destroy vm1
	check "destroy, quit $mode: the emulator is gone" sh -c "! kill -0 ${pid:-0} 2>/dev/null"
	check "destroy, quit $mode: the runtime directory is clean" [ "$(left vm1)" = "log " ]
done
STV_FAKE_QUIT=ignore STV_FAKE_IGNORE_TERM=1 ctlx start vm1 >/dev/null 2>&1
pid=$(pid_of vm1)
ctl 0 "destroy an emulator that ignores quit and SIGTERM" destroy vm1
check "SIGKILL ended it" sh -c "! kill -0 ${pid:-0} 2>/dev/null"

# --- shutdown -----------------------------------------------------------------

ctlx start vm1 >/dev/null 2>&1
ctl 0 "shutdown" shutdown vm1
says "shutdown" "$tmp/out" "Domain 'vm1' has been shut down"
state_is vm1 "shut off"
ctl 1 "shutdown a domain that does not run" shutdown vm1
says "shutdown a domain that does not run" "$tmp/err" "vm1 is not running"
ctl 1 "reboot a domain that does not run" reboot vm1
says "reboot a domain that does not run" "$tmp/err" "vm1 is not running"
# A slow monitor, within the time limit, is only slow.
STV_FAKE_DELAY_MS=200 ctl 0 "start with a slow monitor" start vm1
ctl 0 "suspend with a slow monitor" suspend vm1
state_is vm1 paused
ctlx destroy vm1 >/dev/null 2>&1
STV_FAKE_POWERDOWN=ignore ctlx start vm1 >/dev/null 2>&1
ctl 1 "shutdown of a guest that ignores ACPI" shutdown vm1 --timeout 1
says "shutdown of a guest that ignores ACPI" "$tmp/err" "the guest may ignore ACPI"
ctl 0 "shutdown --timeout 0" shutdown vm1 --timeout 0
says "shutdown --timeout 0" "$tmp/out" "is being shutdown"
ctlx destroy vm1 >/dev/null 2>&1

# --- two starts at once -----------------------------------------------------------

n=$(runs)
ctlx start vm1 >"$tmp/s1" 2>&1 &
p1=$!
ctlx start vm1 >"$tmp/s2" 2>&1 &
p2=$!
wait "$p1"
st1=$?
wait "$p2"
st2=$?
check "two starts at once: one succeeds, one fails" [ $((st1 + st2)) -eq 1 ]
check "two starts at once: one emulator" [ "$(runs)" -eq $((n + 1)) ]
check "two starts at once: the other is told" grep -q "vm1 is already running" "$tmp/s1" "$tmp/s2"
ctlx destroy vm1 >/dev/null 2>&1

# --- start failures -----------------------------------------------------------------

STV_FAKE_FAIL_START="fake-stratovirt: Invalid -machine option" ctl 1 "the emulator refuses to start" start vm1
says "the emulator refuses to start: its own message" "$tmp/err" "Invalid -machine option"
says "the emulator refuses to start" "$tmp/err" "exited with status 1 before its monitor answered"
check "the emulator refuses to start: only the log is left" [ "$(left vm1)" = "log " ]
n=$(runs)
STV_FAKE_DELAY_MS=10000 ctl 1 "a monitor that never greets" start vm1
says "a monitor that never greets" "$tmp/err" "no greeting within"
check "a monitor that never greets: the emulator is stopped" sh -c \
	"! kill -0 $(sed -n 's/^start //p' "$STV_FAKE_DIR/runs" | tail -n 1) 2>/dev/null"
state_is vm1 "shut off"
sed -i 's|<vcpu>2</vcpu>|<vcpu>0</vcpu>|' "$STV_CONFIG_DIR/vm1.xml"
ctl 1 "start a definition broken by hand" start vm1
says "start a definition broken by hand" "$tmp/err" "it was not started"
cp "$tmp/vm1.xml" "$STV_CONFIG_DIR/vm1.xml"

# --- create: transient -----------------------------------------------------------------

domain vm2 "$CONSOLE" >"$tmp/vm2.xml"
ctl 0 "create" create "$tmp/vm2.xml"
says "create" "$tmp/out" "Domain 'vm2' created from $tmp/vm2.xml"
ctl 0 "list after create" list --json
check "a created domain runs, not persistent" \
	sh -c "jq -e '.[] | select(.name == \"vm2\") | .state == \"running\" and (.persistent | not)' '$tmp/out' >/dev/null"
ctl 1 "create a running domain" create "$tmp/vm2.xml"
ctl 1 "undefine a transient domain" undefine vm2
says "undefine a transient domain" "$tmp/err" "transient"
ctl 1 "suspend refused by the emulator (it was not asked to fail)" suspend nosuch
ctl 0 "destroy a created domain" destroy vm2
ctl 0 "list --all after destroying a created domain" list --all
check "a created domain is gone once destroyed" sh -c "! grep -q vm2 '$tmp/out'"
check "its transient definition is removed" [ ! -e "$STV_RUNTIME_DIR/vm2.xml" ]
ctl 1 "create a domain with errors" create "$tmp/bad.xml"
check "create with errors starts nothing" [ ! -e "$STV_RUNTIME_DIR/vm1.xml" ]

# --- a stop that fails, a domain without a console, taps, restarts ------------------

STV_FAKE_STOP_FAILS=1 ctlx create "$tmp/vm2.xml" >/dev/null 2>&1
ctl 1 "suspend refused by the emulator" suspend vm2
says "suspend refused by the emulator: its message" "$tmp/err" "cannot suspend vm2: Failed to pause VM"
state_is vm2 running
ctlx destroy vm2 >/dev/null 2>&1

domain vm3 >"$tmp/vm3.xml"
ctlx create "$tmp/vm3.xml" >/dev/null 2>&1
ctl 1 "console of a domain without a pty" console vm3
says "console of a domain without a pty" "$tmp/err" "vm3 has no pty console"
ctlx destroy vm3 >/dev/null 2>&1
ctl 1 "console of a domain that does not run" console vm1
says "console of a domain that does not run" "$tmp/err" "vm1 is not running"

# Taps come and go with the launcher; <on_poweroff>restart does not bring a
# destroyed domain back.
domain net "<interface type='bridge'><source bridge='br0'/><target dev='stv-t0'/><model type='virtio'/></interface>" |
	sed 's|</vcpu>|</vcpu><on_poweroff>restart</on_poweroff><on_crash>restart</on_crash>|' >"$tmp/net.xml"
: >"$STV_FAKE_DIR/ip.log"
ctlx define "$tmp/net.xml" >/dev/null 2>&1
ctl 0 "start a domain with a tap" start net
check "the launcher created the tap" grep -qx 'tuntap add dev stv-t0 mode tap' "$STV_FAKE_DIR/ip.log"
n=$(runs)
ctl 0 "destroy a domain with a tap and restart policies" destroy net
check "destroy: the tap is deleted" grep -qx 'tuntap del dev stv-t0 mode tap' "$STV_FAKE_DIR/ip.log"
sleep 1.2
check "destroy: no restart" [ "$(runs)" -eq "$n" ]
state_is net "shut off"

# A name with ':' (the domain rule allows it; the unit name escapes it).
domain "vm:1" "$CONSOLE" >"$tmp/colon.xml"
ctl 0 "create a domain named vm:1" create "$tmp/colon.xml"
state_is "vm:1" running
ctl 0 "destroy vm:1" destroy "vm:1"

# --- the systemd backend, up to what runs without systemd as PID 1 ---------------------

sd() { STV_SYSTEMCTL="$fake_dir/systemctl" $RUN "$BUILD/stv-ctl" --backend=systemd "$@"; }
SDLOG=$STV_FAKE_DIR/systemctl.log
: >"$SDLOG"
expect_status "systemd: define" 0 sd define "$tmp/vm1.xml"
check "systemd: define reloads" grep -qx daemon-reload "$SDLOG"
# "systemd" starts the unit: here, the launcher stv-compile writes.
$COMPILE -q --emit=script --runtime-dir "$STV_RUNTIME_DIR/vm1" "$tmp/vm1.xml" >"$tmp/unit.sh"
: >"$SDLOG"
STV_FAKE_SYSTEMCTL_START="sh $tmp/unit.sh" expect_status "systemd: start" 0 sd start vm1
check "systemd: start is systemctl start" grep -qx 'start stratovirt-vm1.service' "$SDLOG"
state_is vm1 running
pid=$(pid_of vm1)
expect_status "systemd: destroy" 0 sd destroy vm1
check "systemd: destroy quits, then stops the unit" grep -qx 'stop stratovirt-vm1.service' "$SDLOG"
# systemctl stop would wait for it; the fake does not: the fake emulator's
# launcher reaps it a moment after its quit reply.
i=0
while kill -0 "${pid:-0}" 2>/dev/null && [ "$i" -lt 100 ]; do
	sleep 0.02
	i=$((i + 1))
done
check "systemd: the emulator got quit" sh -c "! kill -0 ${pid:-0} 2>/dev/null"
STV_FAKE_SYSTEMCTL_FAIL=start expect_status "systemd: systemctl start fails" 1 sd start vm1
says "systemd: systemctl's own message" "$tmp/err" "Unit stratovirt-vm1.service not found."
STV_FAKE_SYSTEMCTL_STATE=failed expect_status "systemd: the unit fails at start" 1 sd start vm1
says "systemd: the unit fails at start" "$tmp/err" "stratovirt-vm1.service is failed before its monitor answered"
: >"$SDLOG"
expect_status "systemd: autostart" 0 sd autostart vm1
check "systemd: autostart reloads (the generator links the unit)" grep -qx daemon-reload "$SDLOG"
expect_status "systemd: undefine" 0 sd undefine vm1
check "systemd: undefine reloads" [ "$(grep -cx daemon-reload "$SDLOG")" -eq 2 ]
domain "vm-a:b" >"$tmp/esc.xml"
: >"$SDLOG"
STV_FAKE_SYSTEMCTL_STATE=inactive expect_status "systemd: create vm-a:b (fails: nothing starts)" 1 sd create "$tmp/esc.xml"
check "systemd: create reloads, then starts the escaped unit" \
	[ "$(head -n 2 "$SDLOG" | tr '\n' ' ')" = "daemon-reload start stratovirt-$(systemd-escape 'vm-a:b').service " ]
check "systemd: a failed create leaves no transient definition" [ ! -e "$STV_RUNTIME_DIR/vm-a:b.xml" ]

finish
