#!/bin/sh
# The RelaxNG schema and the structural pass state the same language: on
# every document of the corpus, "the schema accepts it" equals "the
# structural pass reports no error" (tests/tools/crosscheck.c).  Then the
# check is shown to bite: a schema that disagrees on one value must fail it.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

CROSSCHECK="$RUN $BUILD/tests/crosscheck"
find testdata -name '*.xml' | sort >"$tmp/files"
ls examples/*.xml >>"$tmp/files"

# One line per disagreement, then the tool's own count.
# shellcheck disable=SC2046
$CROSSCHECK $(cat "$tmp/files") >"$tmp/out" 2>&1
status=$?
sed '$d' "$tmp/out"
tail -n 1 "$tmp/out" | sed 's/^/crosscheck: /'
if [ "$status" -eq 0 ]; then ok; else not_ok "schema and structure disagree (exit $status)"; fi

# The same check with a schema that accepts type='qemu' and refuses 'kvm'
# must report every example.
sed "s|<value>kvm</value>|<value>qemu</value>|" schema/stratovirt-domain.rng >"$tmp/broken.rng"
$CROSSCHECK -s "$tmp/broken.rng" examples/*.xml >"$tmp/out2" 2>&1
status=$?
nexamples=$(ls examples/*.xml | wc -l)
if [ "$status" -eq 1 ] && tail -n 1 "$tmp/out2" | grep -q "^0 passed, $nexamples failed$"; then
	ok
else
	not_ok "crosscheck does not notice a schema that disagrees (exit $status)"
	sed 's/^/  | /' "$tmp/out2" | tail -5
fi
finish
