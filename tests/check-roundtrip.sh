#!/bin/sh
# Properties of the compiler over every testdata/*.xml compile case:
# - round trip: `--emit=xml` output compiles again, to a byte-identical
#   argv, and normalising it again changes nothing (the xml is a fixed
#   point);
# - determinism: compiling twice gives identical bytes, for every format,
#   also from a different environment (env -i, another TZ and locale, a
#   different working directory), so outputs never depend on time, locale,
#   environment or memory layout.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

formats="argv json xml"
top=$(pwd)
case $BUILD in
/*) compiler=$BUILD/stv-compile ;;
*) compiler=$top/$BUILD/stv-compile ;;
esac

# compile OUT FILE ARGS...: stv-compile ARGS FILE > OUT, quietly; fails as it does.
compile() {
	out=$1
	shift
	$COMPILE -q "$@" </dev/null >"$out" 2>"$tmp/err"
}

ncases=0
for input in testdata/*.xml; do
	[ -e "$input" ] || continue
	ncases=$((ncases + 1))
	name=$(basename "$input" .xml)

	# Round trip through --emit=xml.
	if ! compile "$tmp/$name.args" "$input" ||
	   ! compile "$tmp/$name.norm.xml" --emit=xml "$input"; then
		not_ok "$input: stv-compile failed"
		sed 's/^/  | /' "$tmp/err" | head -10
		continue
	fi
	if ! compile "$tmp/$name.rt.args" "$tmp/$name.norm.xml"; then
		not_ok "$input: its --emit=xml output does not compile"
		sed 's/^/  | /' "$tmp/err" | head -10
	elif cmp -s "$tmp/$name.args" "$tmp/$name.rt.args"; then
		ok
	else
		not_ok "$input: argv changes after a round trip through --emit=xml"
		diff -u "$tmp/$name.args" "$tmp/$name.rt.args" | sed 's/^/  | /' | head -40
	fi
	if compile "$tmp/$name.norm2.xml" --emit=xml "$tmp/$name.norm.xml" &&
	   cmp -s "$tmp/$name.norm.xml" "$tmp/$name.norm2.xml"; then
		ok
	else
		not_ok "$input: --emit=xml of the --emit=xml output differs (not a fixed point)"
		diff -u "$tmp/$name.norm.xml" "$tmp/$name.norm2.xml" | sed 's/^/  | /' | head -40
	fi

	# Determinism: same bytes twice, and from a bare, foreign environment.
	for format in $formats; do
		compile "$tmp/a" --emit="$format" "$input"
		compile "$tmp/b" --emit="$format" "$input"
		(cd / && env -i TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 LANG=tr_TR.UTF-8 \
			HOME=/nonexistent PATH=/usr/bin:/bin \
			$RUN "$compiler" -q --emit="$format" "$top/$input") \
			</dev/null >"$tmp/c" 2>/dev/null
		if cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/a" "$tmp/c" && [ -s "$tmp/a" ]; then
			ok
		else
			not_ok "$input --emit=$format: output differs between runs or environments"
			diff -u "$tmp/a" "$tmp/c" | sed 's/^/  | /' | head -20
		fi
	done
done
[ "$ncases" -gt 0 ] || not_ok "no testdata/*.xml compile cases"

finish
