#!/bin/sh
# stv-domain(5), generated from the schema by schema/man-domain.xsl, has an
# entry with prose for every element, attribute, variant group and value
# type the schema accepts, names only rules the catalogue has and every
# rule that is about an element, and is clean mdoc whose cross-references
# all land.  A schema with one entry's prose removed must be caught, and
# the message must say what to add where.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

rng=schema/stratovirt-domain.rng
xsl=schema/man-domain.xsl
page=$BUILD/man/stv-domain.5

# Every entry has its prose.
xsltproc --nonet --stringparam part undocumented $xsl $rng >"$tmp/undocumented" 2>&1
if [ -s "$tmp/undocumented" ]; then
	while read -r line; do not_ok "$line"; done <"$tmp/undocumented"
else
	ok
fi

# The rules the schema names exist, and every rule about an element is named
# by the element it checks.  These are about the file or any element, and
# stv-domain(5) describes them in general.
general="xml-parse xml-dtd file-size xml-limits schema unsupported-element unsupported-attribute"
general="$general invalid-value missing-element missing-attribute duplicate-element duplicate-value unexpected-text"
xsltproc --nonet --stringparam part rules $xsl $rng | cut -f1 | sort -u >"$tmp/named"
"$BUILD/stv-validate" --list-rules | awk '{ print $1 }' | sort >"$tmp/catalogue"
check "the schema names rules" [ -s "$tmp/named" ]
for id in $(comm -23 "$tmp/named" "$tmp/catalogue"); do
	not_ok "$rng names rule '$id', which compiler/rules.def does not have"
done
# A retired rule is never reported, so nothing names it.
retired=$("$BUILD/stv-validate" --list-rules | awk '$3 == "retired," { print $1 }')
for id in $(comm -13 "$tmp/named" "$tmp/catalogue"); do
	case " $general $retired " in
	*" $id "*) ok ;;
	*) not_ok "rule '$id' (compiler/rules.def) is named by no element of $rng: add stv:checks=\"$id\" to the element or attribute it checks, so stv-domain(5) and stv-rules(7) say where it applies" ;;
	esac
done

# The page: clean, one section per element define and variant group, each
# title once, every .Sx landing on a title.
check "$page is clean under mandoc -Tlint" sh -c "! mandoc -Tlint -W warning '$page' 2>&1 | grep ."
sed -n 's/^\.S[sh] //p' "$page" | sort >"$tmp/titles"
check "every section title is unique" sh -c "! uniq -d '$tmp/titles' | grep ."
defines=$(xsltproc --nonet - $rng <<'EOF' | wc -l
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rng="http://relaxng.org/ns/structure/1.0">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="/rng:grammar/rng:define[rng:element[@name] or rng:choice/rng:ref]">
      <xsl:value-of select="@name"/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
EOF
)
check "a section for each of the $defines element defines and variant groups" \
	[ "$(grep -c '^\.Ss ' "$page")" -eq "$defines" ]
sed -n 's/^\.Sx //p' "$page" | sed 's/ [.,:;].*$//' | sort -u >"$tmp/refs"
check "the page cross-references its sections" [ -s "$tmp/refs" ]
comm -23 "$tmp/refs" "$tmp/titles" | while read -r ref; do
	echo "FAIL: $page: .Sx $ref has no section" >&2
	echo x
done >"$tmp/dangling"
check "every .Sx has its section" [ ! -s "$tmp/dangling" ]

# The check bites: prose removed from one attribute is reported, saying where.
awk '/<attribute name="discard"/ { hit = 1 } hit && /a:documentation/ { skip = 1 }
	!skip { print } skip && /<\/a:documentation>/ { skip = 0; hit = 0 }' $rng >"$tmp/bare.rng"
check "the break applies (discard's prose)" sh -c "! cmp -s $rng '$tmp/bare.rng'"
xsltproc --nonet --stringparam part undocumented $xsl "$tmp/bare.rng" >"$tmp/bare.out" 2>&1
check "a missing entry is reported, with what to add where" grep -qx \
	"$rng: attribute discard of <driver> (define \"disk.driver\") has no entry in stv-domain(5): add <a:documentation>what it means, its default, what virsh writes</a:documentation> as the first child of its <attribute>" \
	"$tmp/bare.out"
check "and only it" [ "$(wc -l <"$tmp/bare.out")" -eq 1 ]

finish
