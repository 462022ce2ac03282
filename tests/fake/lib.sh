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
