# Helpers for tests/check-script.sh and tests/check-unit.sh, sourced after
# tests/lib.sh (which provides $tmp, $COMPILE, ok, not_ok).  They run the
# emitted launcher and unit against the fakes in this directory.

fake_dir=$(pwd)/tests/fake

# fake_xml IN OUT: IN with its emulator moved under $tmp/emu, where
# install_emulator puts the fake one.  A domain without <emulator> gets the
# default path, moved the same way.
fake_xml() {
	if grep -q '<emulator>' "$1"; then
		sed "s|<emulator>/|<emulator>$tmp/emu/|" "$1" >"$2"
	else
		sed "s|<devices>|<devices><emulator>$tmp/emu/usr/bin/stratovirt</emulator>|" "$1" >"$2"
	fi
}

# install_emulator ARGV_FILE: copies the fake emulator to the path that the
# NUL-separated argv in ARGV_FILE starts with.
install_emulator() {
	emu=$(head -z -n 1 "$1" | tr -d '\0')
	mkdir -p "$(dirname "$emu")" && cp "$fake_dir/stratovirt" "$emu"
}

# same_bytes DESCRIPTION EXPECTED GOT: the two files are identical.
same_bytes() {
	if cmp -s "$2" "$3"; then
		ok
	else
		not_ok "$1"
		tr '\0' '\n' <"$2" >"$tmp/same.want"
		tr '\0' '\n' <"$3" >"$tmp/same.got"
		diff "$tmp/same.want" "$tmp/same.got" | head -10 | sed 's/^/  | /'
	fi
}

# fake_pci SYSFS ADDR NATIVE GROUP [BOUND]: PCI function ADDR in a fake sysfs
# tree for the fake tee: its host driver NATIVE (the one the PCI core gives
# it back to), IOMMU group GROUP ('' for none), bound to BOUND (default
# NATIVE; '' for no driver).  The vfio-pci driver is there too.
fake_pci() {
	fp_dev=$1/bus/pci/devices/$2
	mkdir -p "$fp_dev" "$1/bus/pci/drivers/$3" "$1/bus/pci/drivers/vfio-pci"
	: >"$1/bus/pci/drivers_probe"
	: >"$fp_dev/driver_override"
	printf '%s\n' "$3" >"$fp_dev/.native"
	rm -f "$fp_dev/driver" "$fp_dev/iommu_group"
	if [ -n "$4" ]; then
		mkdir -p "$1/kernel/iommu_groups/$4"
		ln -s "../../../../kernel/iommu_groups/$4" "$fp_dev/iommu_group"
	fi
	fp_bound=${5-$3}
	if [ -n "$fp_bound" ]; then
		mkdir -p "$1/bus/pci/drivers/$fp_bound"
		ln -s "../../drivers/$fp_bound" "$fp_dev/driver"
	fi
}

# pci_driver SYSFS ADDR: the driver ADDR is bound to in the fake tree, or ''.
pci_driver() {
	basename "$(readlink "$1/bus/pci/devices/$2/driver" 2>/dev/null)" 2>/dev/null
}
