#!/bin/sh
# The man pages are clean mdoc, list every rule of the catalogue, and
# document every option the programs accept; stv-ctl(1) documents every
# verb and environment variable and maps each of the seed's virsh verbs.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

for page in man/*.1 man/*.8; do
	check "$page is clean under mandoc -Tlint" sh -c "! mandoc -Tlint -W warning '$page' 2>&1 | grep ."
done
check "stv-validate.1 lists exactly the rules of rules.def" \
	sh tools/man-rules.sh "$BUILD/stv-validate" --check

# Every long option in --help is documented in the program's page.
for prog in stv-validate stv-compile stv-ctl stv-generator; do
	page=$(ls man/"$prog".[18])
	for opt in $("$BUILD/$prog" --help | grep -o -- '--[a-zA-Z][a-zA-Z-]*' | sort -u); do
		name=${opt#--}
		check "$page documents $opt" grep -q "^\.It Fl .*-$name\b" "$page"
	done
done

# Every verb of stv-ctl --help has its entry; every STV_ variable the
# drivers read is in ENVIRONMENT.
for verb in $("$BUILD/stv-ctl" --help | sed -n '/^VERBs:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
	check "stv-ctl.1 documents the verb $verb" grep -q "^\.It Cm $verb\b" man/stv-ctl.1
done
for f in cli/stv-ctl.c cli/stv-generator.c; do
	page=$(ls man/"$(basename "$f" .c)".[18])
	for var in $(grep -o '"STV_[A-Z_]*"' "$f" | tr -d '"' | sort -u); do
		check "$page documents $var" grep -q "^\.It Ev $var\b" "$page"
	done
done
for verb in create define start suspend resume destroy console undefine list; do
	check "stv-ctl.1 maps virsh $verb" grep -q "^\.It Li virsh $verb .* Ta Li stv-ctl $verb" man/stv-ctl.1
done

finish
