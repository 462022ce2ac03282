#!/bin/sh
# Every element and attribute the schema accepts, in the place it accepts it
# (its parent: disk>target/@dev is not interface>target/@dev), appears in at
# least one valid document of the corpus (testdata/valid, testdata/*.xml,
# examples/), so nothing the subset promises goes untested.  Both lists are
# made with XSLT: the schema's by schema/subset.xsl (part=pairs), the
# documents' by tests/tools/pairs.xsl.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

if ! xsltproc --nonet --stringparam part pairs schema/subset.xsl schema/stratovirt-domain.rng >"$tmp/raw" ||
	[ ! -s "$tmp/raw" ]; then
	not_ok "xsltproc listed no element or attribute of the schema"
fi
sort -u "$tmp/raw" >"$tmp/names"
for f in testdata/valid/*.xml testdata/*.xml examples/*.xml; do
	xsltproc --nonet tests/tools/pairs.xsl "$f" || not_ok "pairs.xsl cannot read $f"
done | sort -u >"$tmp/corpus"
check "the schema names more than 100 places" [ "$(wc -l <"$tmp/names")" -gt 100 ]
while read -r pair; do
	if grep -qxF -- "$pair" "$tmp/corpus"; then
		ok
	else
		not_ok "no valid document uses $pair"
	fi
done <"$tmp/names"
finish
