#!/bin/sh
# Golden outputs of the compiler: for each testdata/NAME.xml and each format
# below, `stv-compile --emit=FORMAT testdata/NAME.xml` must print exactly
# golden/NAME.EXT (a unified diff is shown otherwise).  REGENERATE=1
# rewrites the golden files instead; review `git diff golden/` afterwards.
# A golden file with no input, or an input with a missing golden file,
# fails the run (as libvirt's tests do for unused files).
#
# Findings on stderr are not compared here (check-corpus.sh does that for
# stv-validate); the compile must succeed.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

# One line per emit format: "FORMAT EXTENSION".  Add a format by adding a line.
formats='
argv args
json json
xml xml
script sh
unit service
'

regen=${REGENERATE:-0}

# compare NAME FORMAT EXT: one case, one format.
compare() {
	name=$1 format=$2 ext=$3
	input=testdata/$name.xml
	want=golden/$name.$ext
	if ! $COMPILE --emit="$format" "$input" </dev/null >"$tmp/got" 2>"$tmp/err"; then
		not_ok "$input --emit=$format: stv-compile failed"
		sed 's/^/  | /' "$tmp/err" | head -20
		return
	fi
	if [ "$regen" = 1 ]; then
		if [ -f "$want" ] && cmp -s "$tmp/got" "$want"; then
			ok
		else
			cp "$tmp/got" "$want" && echo "regenerated $want" && ok
		fi
		return
	fi
	if [ ! -f "$want" ]; then
		not_ok "$input: no $want (run with REGENERATE=1 and review it)"
		return
	fi
	if diff -u "$want" "$tmp/got" >"$tmp/diff"; then
		ok
	else
		not_ok "$input --emit=$format differs from $want"
		sed 's/^/  | /' "$tmp/diff" | head -60
	fi
}

printf '%s\n' "$formats" | awk 'NF' >"$tmp/formats"
ninputs=0
for input in testdata/*.xml; do
	[ -e "$input" ] || continue
	ninputs=$((ninputs + 1))
	name=$(basename "$input" .xml)
	while read -r format ext; do
		compare "$name" "$format" "$ext"
	done <"$tmp/formats"
done
[ "$ninputs" -gt 0 ] || not_ok "no testdata/*.xml compile cases"

# Orphans: a golden file whose input is gone, or with an unknown extension.
for g in golden/*; do
	[ -e "$g" ] || continue
	base=$(basename "$g")
	name=${base%.*}
	ext=${base##*.}
	known=0
	for e in $(awk '{ print $2 }' "$tmp/formats"); do
		[ "$e" = "$ext" ] && known=1
	done
	if [ "$known" -eq 0 ]; then
		not_ok "$g: no format writes .$ext files"
	elif [ ! -f "testdata/$name.xml" ]; then
		not_ok "$g: orphan golden file, no testdata/$name.xml"
	else
		ok
	fi
done

finish
