#!/bin/sh
# `make install` honours PREFIX and DESTDIR and installs every program, man
# page, data file and the completion; the installed programs work from
# anywhere (the schema is built in; the installed copy is for users); the
# completion offers what the installed programs say; `make uninstall`
# removes it all.  The build takes CPPFLAGS, CFLAGS and LDFLAGS from the
# environment (dpkg-buildflags, rpm's optflags) and appends them to its own.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

root="$tmp/root"
prefix=$root/opt/stv
version=$(sed -n 's/^VERSION = //p' Makefile)
make_install() {
	make -s "$@" BUILD="$BUILD" SANITIZE="${SANITIZE:-0}" DESTDIR="$root" PREFIX=/opt/stv >"$tmp/install.log" 2>&1
}
check "make install" make_install install || sed 's/^/  | /' "$tmp/install.log"

# Every program the build made, its man pages, the data and the completion.
programs=
for p in "$BUILD"/stv-*; do
	[ -f "$p" ] && [ -x "$p" ] && programs="$programs ${p##*/}"
done
check "the build made programs" [ -n "$programs" ]
for p in $programs; do
	check "installs bin/$p" test -x "$prefix/bin/$p"
	check "the installed $p runs from elsewhere: $p --version is $version" \
		sh -c "cd / && '$prefix/bin/$p' --version | grep -qx '$p $version'"
	check "$p has its completion" test -e "$prefix/share/bash-completion/completions/$p"
done
for page in "$BUILD"/man/*.[1-8]; do
	name=${page##*/}
	check "installs man${name##*.}/$name as built" cmp -s "$page" "$prefix/share/man/man${name##*.}/$name"
done
check "installs stv-domain(5) and stv-rules(7)" \
	test -s "$prefix/share/man/man5/stv-domain.5" -a -s "$prefix/share/man/man7/stv-rules.7"
check "installed schema is the tree's schema" \
	cmp -s schema/stratovirt-domain.rng "$prefix/share/stv/stratovirt-domain.rng"
cp examples/minimal.xml "$tmp/vm.xml"
check "installed stv-validate checks a domain from elsewhere" \
	sh -c "cd / && '$prefix/bin/stv-validate' -q '$tmp/vm.xml'"
check "the installed schema accepts a domain" \
	sh -c "'$prefix/bin/stv-validate' -q --schema='$prefix/share/stv/stratovirt-domain.rng' '$tmp/vm.xml'"

# The completion, as bash runs it for the installed programs.  complete
# WORD...: what _stv_complete offers when the last word is being completed.
completion=$prefix/share/bash-completion/completions/stv-validate
cat >"$tmp/complete.bash" <<'EOF'
. "$COMPLETION"
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_stv_complete
printf '%s\n' "${COMPREPLY[@]}"
EOF
completes() {
	(cd "$tmp/work" && PATH="$tmp/fake:$prefix/bin:$PATH" COMPLETION=$completion bash "$tmp/complete.bash" "$@")
}
# offers [not] WORD COMMAND-LINE...: the completion of COMMAND-LINE includes WORD (or not).
offers() {
	want=yes
	[ "$1" = not ] && { want=no; shift; }
	word=$1
	shift
	completes "$@" >"$tmp/offered"
	if grep -qx -- "$word" "$tmp/offered"; then got=yes; else got=no; fi
	if [ "$got" = "$want" ]; then
		ok
	else
		not_ok "completing '$*': $word offered: $got, expected $want"
		sed 's/^/  | /' "$tmp/offered" | head -5
	fi
}
mkdir "$tmp/work" "$tmp/work/vms" "$tmp/fake"
touch "$tmp/work/vm1.xml" "$tmp/work/notes.txt"
offers --disable= stv-validate --dis
offers --format= stv-compile --form
offers -q stv-validate -
offers mac stv-validate --disable = ma
offers mac-dup stv-validate --disable=mac
offers codequality stv-validate --format = c
offers unit stv-compile --emit = u
offers vm1.xml stv-validate v
offers vms stv-compile v
offers not notes.txt stv-validate n
offers notes.txt stv-compile -o n
offers vms stv-compile --unit-dir = v
# A program with verbs, as stv-ctl's --help and list print them.
cat >"$tmp/fake/stv-ctl" <<'EOF'
#!/bin/sh
case "$1 $2 $3" in
"--help  ") printf '%s\n' "usage: stv-ctl [--backend=systemd|direct] VERB [OPTIONS] [NAME|FILE]" "" \
	"  define    FILE  define a domain" "  start     NAME  start a domain" \
	"  list            running domains" "      --all       list: shut off domains too" ;;
"list --all --name") exit 1 ;;
"list --all ") printf '%s\n' " Id   Name    State" "----------------------" " 1    web-1   running" " -    db      shut off" ;;
*) exit 2 ;;
esac
EOF
chmod +x "$tmp/fake/stv-ctl"
offers start stv-ctl s
offers web-1 stv-ctl start ""
offers db stv-ctl --backend=direct start d
offers vm1.xml stv-ctl define v
offers direct stv-ctl --backend = d
offers --all stv-ctl list --a
offers notes.txt no-such-stv n
# And the installed stv-ctl itself, with a domain defined in a private directory.
case " $programs " in
*" stv-ctl "*)
	export STV_CONFIG_DIR="$tmp/ctl-config" STV_RUNTIME_DIR="$tmp/ctl-run"
	mkdir -p "$STV_CONFIG_DIR" "$STV_RUNTIME_DIR"
	"$prefix/bin/stv-ctl" --backend=direct define examples/minimal.xml >/dev/null 2>&1
	mv "$tmp/fake/stv-ctl" "$tmp/fake-stv-ctl"
	offers minimal stv-ctl start m
	offers dumpxml stv-ctl du
	offers systemd stv-ctl --backend = s
	mv "$tmp/fake-stv-ctl" "$tmp/fake/stv-ctl"
	unset STV_CONFIG_DIR STV_RUNTIME_DIR
	;;
esac

# bash-completion's loader finds it for each program, under the prefix.
for p in $programs; do
	check "bash-completion loads the completion of $p" bash -c "
		. /usr/share/bash-completion/bash_completion
		XDG_DATA_DIRS='$prefix/share' __load_completion $p && complete -p $p | grep -q _stv_complete"
done

# A generator program is linked into systemd's generator directory.
gendir=$(pkg-config --variable=systemdsystemgeneratordir systemd)
case " $programs " in
*" stv-generator "*) check "stv-generator is linked into $gendir" \
	sh -c "[ \"\$(readlink '$root$gendir/stv-generator')\" = /opt/stv/bin/stv-generator ]" ;;
esac
check "make install links a generator into $gendir" make_install install GENERATORS=stv-validate
check "as a link to the installed program" \
	sh -c "[ \"\$(readlink '$root$gendir/stv-validate')\" = /opt/stv/bin/stv-validate ]"

check "make uninstall" make_install uninstall GENERATORS=stv-validate
check "make uninstall, of what the first install put" make_install uninstall
check "uninstall leaves no file behind" sh -c "! find '$root' -type f -o -type l | grep ."

# The environment's flags come after the build's own.
make -s -n -B BUILD="$tmp/flags" CPPFLAGS=-DSTV_SEEN_CPPFLAGS CFLAGS=-fstv-seen-cflags \
	LDFLAGS=-Wl,--stv-seen-ldflags "$tmp/flags/stv-validate" >"$tmp/flags.log" 2>&1
check "CPPFLAGS and CFLAGS from the environment reach the compiler, after -Werror" \
	grep -q -- '-Werror .*-DSTV_SEEN_CPPFLAGS -fstv-seen-cflags' "$tmp/flags.log"
check "LDFLAGS from the environment reach the linker" grep -q -- '-Wl,--stv-seen-ldflags' "$tmp/flags.log"

finish
