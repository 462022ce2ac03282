#!/bin/sh
# The subset is stated once, in schema/stratovirt-domain.rng; the build
# generates the C tables from it (schema/subset.xsl).  These checks break
# the schema on purpose and expect the build to refuse it:
#   - an attribute that nothing lowers (no stv:field, stv:role, stv:ignore);
#   - an element that means nothing (no field, no attributes, no content);
#   - a field naming an IR member of the wrong type (the C compiler refuses
#     the typed accessor the stylesheet writes);
#   - a rule id that rules.def does not have;
# and that the real schema generates tables that compile.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

rng=schema/stratovirt-domain.rng
CFLAGS_GEN="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -fsyntax-only \
	-I$BUILD/gen -Icompiler $(pkg-config --cflags libxml-2.0)"

# generate SCHEMA PART OUT: runs the stylesheet; its status.
generate() {
	xsltproc --nonet --stringparam part "$2" -o "$3" schema/subset.xsl "$1" 2>"$tmp/xsl.err"
}

# compiles TABLES.c against the enums of the same schema.
compiles() {
	mkdir -p "$tmp/gen"
	generate "$1" enums "$tmp/gen/subset-enums.h" || return 1
	# shellcheck disable=SC2086 # the flags are split on purpose
	cc $CFLAGS_GEN -I"$tmp/gen" "$2" 2>"$tmp/cc.err"
}

check "the schema generates its tables" generate $rng tables "$tmp/tables.c"
check "the tables compile" compiles $rng "$tmp/tables.c"

# An attribute nothing lowers.
sed 's|<attribute name="queues" stv:field="dev.u.disk.queues"|<attribute name="queues"|' $rng >"$tmp/unlowered.rng"
check "the break applies (queues)" sh -c "! cmp -s $rng '$tmp/unlowered.rng'"
if generate "$tmp/unlowered.rng" tables "$tmp/t.c"; then
	not_ok "an attribute with no lowering is refused"
else
	check "and says which" grep -q 'attribute queues of <driver> (disk.driver) is accepted but never lowered' "$tmp/xsl.err"
fi

# An element that means nothing.
sed 's|<element name="readonly" stv:field="dev.u.disk.readonly"|<element name="readonly"|' $rng >"$tmp/meaningless.rng"
check "the break applies (readonly)" sh -c "! cmp -s $rng '$tmp/meaningless.rng'"
if generate "$tmp/meaningless.rng" tables "$tmp/t.c"; then
	not_ok "an element that means nothing is refused"
else
	check "and says which" grep -q '<readonly> (disk.readonly) means nothing' "$tmp/xsl.err"
fi

# A string attribute stored in a number member: the accessor does not compile.
sed 's|stv:field="dev.u.disk.serial"|stv:field="dev.u.disk.queues"|' $rng >"$tmp/mistyped.rng"
check "the break applies (serial)" sh -c "! cmp -s $rng '$tmp/mistyped.rng'"
if generate "$tmp/mistyped.rng" tables "$tmp/t.c" && ! compiles "$tmp/mistyped.rng" "$tmp/t.c"; then
	check "the compiler names the types" grep -q 'incompatible' "$tmp/cc.err"
else
	not_ok "a field of the wrong type fails the C compiler"
fi

# A rule the catalogue does not have.
sed 's|stv:rule="disk-format"|stv:rule="disk-fromat"|' $rng >"$tmp/norule.rng"
check "the break applies (rule)" sh -c "! cmp -s $rng '$tmp/norule.rng'"
if generate "$tmp/norule.rng" tables "$tmp/t.c" && ! compiles "$tmp/norule.rng" "$tmp/t.c"; then
	check "the compiler names the rule" grep -q 'STV_R_DISK_FROMAT' "$tmp/cc.err"
else
	not_ok "an unknown rule id fails the build"
fi

finish
