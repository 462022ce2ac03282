#!/bin/sh
# Every element and attribute the schema accepts appears in at least one
# valid document of the corpus (testdata/valid, testdata/*.xml, examples/),
# so nothing the subset promises goes untested.  The names are read from the
# schema itself with XSLT (schema/elements.xsl).
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

if ! xsltproc schema/elements.xsl schema/stratovirt-domain.rng >"$tmp/raw" || [ ! -s "$tmp/raw" ]; then
	not_ok "xsltproc listed no element or attribute of the schema"
fi
sort -u "$tmp/raw" >"$tmp/names"
cat testdata/valid/*.xml testdata/*.xml examples/*.xml >"$tmp/corpus" 2>/dev/null
while read -r kind name; do
	case $kind in
	element) pattern="<$name[ />]" ;;
	attribute) pattern="[[:space:]]$name=" ;;
	esac
	if grep -q -- "$pattern" "$tmp/corpus"; then
		ok
	else
		not_ok "no valid document uses $kind '$name'"
	fi
done <"$tmp/names"
finish
