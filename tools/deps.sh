#!/bin/sh
# tools/deps.sh build|test: make sure the Debian packages stv needs are
# installed.  As root, installs the missing ones with apt-get; otherwise
# prints the one command to run and fails.
set -eu

build_pkgs="gcc make pkg-config libxml2-dev libxslt1-dev flex bison"
test_pkgs="$build_pkgs libcmocka-dev jq libxml2-utils xsltproc shellcheck mandoc systemd clang libclang-rt-14-dev valgrind time libvirt0 strace"

case "${1:-build}" in
build) want=$build_pkgs ;;
test) want=$test_pkgs ;;
*) echo "usage: tools/deps.sh build|test" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "stv: missing Debian packages:$missing" >&2
	echo "stv: install them with: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "stv: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086 # the list is word-split on purpose
apt-get install -y -qq --no-install-recommends $missing >&2
