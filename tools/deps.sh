#!/bin/sh
# tools/deps.sh GROUP: make sure the Debian packages stv needs for GROUP are
# installed.  As root, installs the missing ones with apt-get; otherwise
# prints the one command to run and fails.  test also installs the npm
# packages of the test tools (SARIF's validator) into build/npm, once.
#
#   build     compile stv and its man pages
#   test      the suite (make check-plain)
#   fuzz      the libFuzzer runs (make check's last step, make fuzz)
#   valgrind  make valgrind
#   bench     make bench
#   deb, rpm  make deb (debhelper, lintian), make rpm (rpmbuild)
#
# STV_OFFLINE=1 (package builds, which install their build dependencies
# themselves and may not use the network): checks and installs nothing.
# tools/deps.sh GROUP --list prints the group's packages, one a line.
set -eu

build_pkgs="gcc make pkg-config libxml2-dev libxslt1-dev flex bison xsltproc"
test_pkgs="$build_pkgs libcmocka-dev jq libxml2-utils shellcheck mandoc groff-base systemd time strace bash-completion git python3-yaml"

case "${1:-build}" in
build) want=$build_pkgs ;;
test) want=$test_pkgs ;;
fuzz) want="$test_pkgs clang libclang-rt-14-dev" ;;
valgrind) want="$test_pkgs valgrind" ;;
bench) want="$test_pkgs valgrind libvirt0 hyperfine" ;;
deb) want="$build_pkgs debhelper dpkg-dev lintian git" ;;
rpm) want="$build_pkgs rpm git" ;;
*) echo "usage: tools/deps.sh build|test|fuzz|valgrind|bench|deb|rpm [--list]" >&2; exit 2 ;;
esac
if [ "${2:-}" = --list ]; then
	# shellcheck disable=SC2086 # the list is word-split on purpose
	printf '%s\n' $want
	exit 0
fi
[ "${STV_OFFLINE:-0}" = 1 ] && exit 0

# npm tools the suite runs, pinned: name@version and the command it provides.
npm_tools="@microsoft/sarif-multitool@5.7.0:sarif-multitool"
npm_dir=build/npm

npm_install() {
	for t in $npm_tools; do
		pkg=${t%%:*} cmd=${t##*:}
		[ -x "$npm_dir/node_modules/.bin/$cmd" ] && continue
		command -v npm >/dev/null 2>&1 || { echo "stv: npm is missing (Debian package npm)" >&2; exit 1; }
		echo "stv: installing $pkg (npm) into $npm_dir" >&2
		mkdir -p "$npm_dir"
		npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error "$pkg" >&2 || exit 1
	done
	# npm 11 leaves install scripts to the user: this one only makes its binary executable.
	find "$npm_dir/node_modules/@microsoft" -name Sarif.Multitool -exec chmod u+x {} + 2>/dev/null || true
}

missing=
command -v npm >/dev/null 2>&1 || [ "${1:-}" != test ] || want="$want npm"
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
if [ -z "$missing" ]; then
	[ "${1:-}" = test ] && npm_install
	exit 0
fi

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
[ "${1:-}" = test ] && npm_install
exit 0
