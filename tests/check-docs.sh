#!/bin/sh
# The man pages as installed ($BUILD/man) are clean mdoc, name the release
# and the StratoVirt versions the subset targets (both from the Makefile),
# point to stv-domain(5); stv-rules(7) lists every rule of the catalogue;
# and the pages document every option the programs accept; stv-ctl(1)
# documents every verb and environment variable and maps each of the seed's
# virsh verbs.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

version=$(sed -n 's/^VERSION = //p' Makefile)
stratovirt=$(sed -n 's/^STRATOVIRT_VERSIONS = //p' Makefile)
check "the Makefile states the release" [ -n "$version" ]
check "the Makefile states the StratoVirt versions" [ -n "$stratovirt" ]

# groff, as man(1) and lintian run it, breaks every line of every page at
# 80 columns (a long unbreakable word is a lintian warning).
for page in "$BUILD"/man/*.[1-8]; do
	check "$page folds at 80 columns under groff" \
		sh -c "! groff -Tutf8 -mandoc -ww -z -rLL=80n '$page' 2>&1 | grep ."
done

for src in man/*.[1-8]; do
	page=$BUILD/man/${src#man/}
	check "$page is clean under mandoc -Tlint" sh -c "! mandoc -Tlint -W warning '$page' 2>&1 | grep ."
	check "$page names StratoVirt $stratovirt" grep -qF "StratoVirt $stratovirt" "$page"
	check "$page has no placeholder left" sh -c "! grep -q '@[A-Z_]*@' '$page'"
	check "$page is stv $version (.Os)" grep -qx ".Os stv $version" "$page"
	check "$src points to stv-domain(5) in SEE ALSO (.Xr stv-domain 5)" \
		sh -c "sed -n '/^\.Sh SEE ALSO/,/^\.Sh/p' '$src' | grep -q '^\.Xr stv-domain 5'"
	# One statement: the page names the versions the subset targets as
	# @STRATOVIRT_VERSIONS@; a fact about given versions keeps its numbers.
	check "$src names the StratoVirt it targets as @STRATOVIRT_VERSIONS@ (the build writes \"$stratovirt\" from the Makefile)" \
		grep -q '@STRATOVIRT_VERSIONS@' "$src"
done
# stv-rules(7) lists exactly the catalogue the programs print, in its order,
# with an example wherever the invalid corpus has one.
rules=$BUILD/man/stv-rules.7
"$BUILD/stv-validate" --list-rules | awk '{ id = $1; sev = $2; $1 = $2 = ""; sub(/^ +/, ""); print id, sev, $0 "." }' >"$tmp/catalogue"
awk '/^\.It Sy / { id = $3; sev = $5; getline; print id, sev, $0 }' "$rules" >"$tmp/listed"
check "$rules lists exactly the rules of --list-rules, in order" cmp -s "$tmp/catalogue" "$tmp/listed" ||
	diff "$tmp/catalogue" "$tmp/listed" | head -5
for diag in testdata/invalid/*.diag; do
	id=$(basename "$diag" .diag)
	id=${id%-[0-9]}
	grep -q "^$id " "$tmp/catalogue" || continue	# not named by a rule (issue-N)
	awk -v id="$id" '/^\.It Sy / { on = ($3 == id) } on && /^For example,$/ { found = 1 } END { exit !found }' "$rules" ||
		not_ok "$rules has no example for $id ($diag)"
done
check "stv-validate.1 sends its DIAGNOSTICS to stv-rules(7)" \
	sh -c "sed -n '/^\.Sh DIAGNOSTICS/,/^\.Sh/p' man/stv-validate.1 | grep -q '^\.Xr stv-rules 7'"

# --help names the StratoVirt of the subset and the formats; every long
# option in --help is documented in the program's page.
for prog in stv-validate stv-compile; do
	check "$prog --help names StratoVirt $stratovirt" sh -c "'$BUILD/$prog' --help | grep -qF 'StratoVirt $stratovirt'"
	# --help states the formats by hand; the refusal of a wrong one lists the table.
	listed=$("$BUILD/$prog" --help | sed -n 's/^ *--format=\([a-z|]*\).*/\1/p' | tr '|' ' ')
	table=$("$BUILD/$prog" --format=none - 2>&1 </dev/null | sed -n "s/.*unknown --format 'none'; use //p")
	check "$prog --help lists the formats of the table ($table)" [ "${listed:-none}" = "${table:-empty}" ]
done
for prog in stv-validate stv-compile stv-ctl stv-generator; do
	page=$(ls man/"$prog".[18])
	check "$prog --version is $version" sh -c "'$BUILD/$prog' --version | grep -qx '$prog $version'"
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
