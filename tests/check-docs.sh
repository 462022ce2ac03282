#!/bin/sh
# The man pages are clean mdoc, list every rule of the catalogue, and
# document every option the programs accept.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

for page in man/*.1; do
	check "$page is clean under mandoc -Tlint" sh -c "! mandoc -Tlint -W warning '$page' 2>&1 | grep ."
done
check "stv-validate.1 lists exactly the rules of rules.def" \
	sh tools/man-rules.sh "$BUILD/stv-validate" --check

# Every long option in --help is documented in the program's page.
for prog in stv-validate stv-compile; do
	for opt in $("$BUILD/$prog" --help | grep -o -- '--[a-zA-Z][a-zA-Z-]*' | sort -u); do
		name=${opt#--}
		check "$prog.1 documents $opt" grep -q "^\.It Fl .*-$name\b" "man/$prog.1"
	done
done

finish
