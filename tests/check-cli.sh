#!/bin/sh
# The command-line contract of stv-validate and stv-compile: exit statuses,
# options, output formats, atomic output files.  VALGRIND=1 runs every
# command under valgrind (make valgrind).
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh

good=examples/minimal.xml
printf '<domain type="kvm"><name>x</name></domain>\n' >"$tmp/bad.xml"
printf '<domain>\n  <oops>\n</domain>\n' >"$tmp/broken.xml"

# Exit statuses: 0 clean, 1 findings, 2 usage or I/O.
expect_status "valid file" 0 $VALIDATE $good
expect_status "invalid file" 1 $VALIDATE "$tmp/bad.xml"
expect_status "malformed file" 1 $VALIDATE "$tmp/broken.xml"
expect_status "missing file" 2 $VALIDATE "$tmp/nonexistent.xml"
expect_status "missing file among good ones" 2 $VALIDATE $good "$tmp/nonexistent.xml"
expect_status "no file" 2 $VALIDATE
expect_status "unknown option" 2 $VALIDATE --bogus $good
expect_status "unknown format" 2 $VALIDATE --format=xml $good
expect_status "unknown rule" 2 $VALIDATE --disable=no-such-rule $good
expect_status "bad max size" 2 $VALIDATE --max-size=banana $good
expect_status "relative runtime dir" 2 $VALIDATE --runtime-dir=run $good
expect_status "valid file with --relaxng" 0 $VALIDATE --relaxng $good
expect_status "invalid file with --relaxng" 1 $VALIDATE --relaxng "$tmp/bad.xml"
expect_status "unreadable --schema" 2 $VALIDATE --schema="$tmp/none.rng" $good
expect_status "help" 0 $VALIDATE --help
expect_status "version" 0 $VALIDATE --version
expect_status "stdin" 0 sh -c "$VALIDATE - < $good"
expect_status "directory" 2 $VALIDATE tests

# The findings name file, line and column, with the rule id.
$VALIDATE "$tmp/broken.xml" >"$tmp/out" 2>&1
check "gcc format names file:line:col" grep -q "^$tmp/broken.xml:[1-9][0-9]*:[1-9][0-9]*: error: .*\[xml-parse\]$" "$tmp/out"
check "hint line is indented" grep -q '^  hint: ' "$tmp/out"
$VALIDATE - <"$tmp/broken.xml" >"$tmp/out" 2>&1
check "stdin is reported as <stdin>" grep -q '^<stdin>:' "$tmp/out"

# --schema runs the user's schema and reports what it says, as [schema]
# findings at their own line, beside the structural pass's verdict.
sed 's|<value>kvm</value>|<value>qemu</value>|' schema/stratovirt-domain.rng >"$tmp/qemu.rng"
expect_status "--schema refusing a valid domain" 1 $VALIDATE --schema="$tmp/qemu.rng" $good
$VALIDATE --schema="$tmp/qemu.rng" $good >"$tmp/out" 2>&1
check "--schema findings name file:line:col and the schema rule" \
	grep -q "^$good:[1-9][0-9]*:[0-9]*: error: .*\[schema\]$" "$tmp/out"
expect_status "--schema accepting it" 0 $VALIDATE --schema=schema/stratovirt-domain.rng $good
printf '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><oops/></grammar>\n' >"$tmp/junk.rng"
expect_status "--schema that does not compile" 2 $VALIDATE --schema="$tmp/junk.rng" $good
$VALIDATE --schema="$tmp/junk.rng" $good >"$tmp/out" 2>&1
check "a broken schema is named in the message" grep -q "junk.rng" "$tmp/out"

# --list-rules is the catalogue: every id once, with severity and summary.
$VALIDATE --list-rules >"$tmp/rules"
check "list-rules lists the catalogue" test "$(wc -l <"$tmp/rules")" -gt 50
check "rule ids are unique" test "$(awk '{print $1}' "$tmp/rules" | sort | uniq -d | wc -l)" -eq 0
check "every rule has a severity" test "$(awk '$2 != "error" && $2 != "warning"' "$tmp/rules" | wc -l)" -eq 0

# JSON and SARIF are valid documents, one per run, covering every file.
$VALIDATE --format=json "$tmp/bad.xml" "$tmp/broken.xml" $good >"$tmp/json"
check "json is valid" jq -e 'type == "array" and length >= 2' "$tmp/json" >/dev/null
check "json has every file with findings" jq -e '[.[].file] | unique | length == 3' "$tmp/json" >/dev/null
check "json fields" jq -e 'all(.[]; has("line") and has("column") and has("rule") and has("severity") and has("message") and has("hint"))' "$tmp/json" >/dev/null
cp "$tmp/bad.xml" "$tmp/b$(printf '\377').xml"
$VALIDATE --format=json "$tmp/b$(printf '\377').xml" >"$tmp/json"
# jq itself would read bad bytes as U+FFFD: iconv is the strict judge.
check "json stays valid UTF-8 when a file name is not" \
	sh -c "iconv -f UTF-8 -t UTF-8 '$tmp/json' >/dev/null 2>&1"
$VALIDATE --format=json -q $good >"$tmp/json"
check "json of a clean file is []" jq -e '. == []' "$tmp/json" >/dev/null
$VALIDATE --format=sarif "$tmp/bad.xml" "$tmp/broken.xml" >"$tmp/sarif"
check "sarif is valid json" jq -e '.version == "2.1.0"' "$tmp/sarif" >/dev/null
check "sarif carries the rule catalogue" jq -e --argjson n "$(wc -l <"$tmp/rules")" \
	'(.runs[0].tool.driver.rules | length) == $n' "$tmp/sarif" >/dev/null
check "sarif ruleIndex points at the rule" jq -e '.runs[0] as $r | all($r.results[]; $r.tool.driver.rules[.ruleIndex].id == .ruleId)' "$tmp/sarif" >/dev/null
check "sarif has a result per finding" jq -e '(.runs[0].results | length) >= 2' "$tmp/sarif" >/dev/null
check "sarif results have locations" jq -e 'all(.runs[0].results[]; .locations[0].physicalLocation.region.startLine >= 1)' "$tmp/sarif" >/dev/null

# -q drops warnings; --Werror makes them fail; --disable silences a rule.
cat >"$tmp/warn.xml" <<'XML'
<domain type='kvm'>
  <name>warn</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>/boot/vmlinux</kernel>
    <initrd>/boot/initrd.img</initrd>
    <loader readonly='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.fd</loader>
    <boot dev='hd'/>
  </os>
  <features><acpi/></features>
</domain>
XML
expect_status "warnings alone pass" 0 $VALIDATE "$tmp/warn.xml"
check "a warning is printed" grep -q 'warning: .*\[boot-dev-ignored\]' "$tmp/out"
expect_status "-q hides warnings" 0 $VALIDATE -q "$tmp/warn.xml"
check "-q output is empty" test ! -s "$tmp/out"
expect_status "--Werror fails on warnings" 1 $VALIDATE --Werror "$tmp/warn.xml"
expect_status "--disable drops one rule, the other still fails" 1 $VALIDATE --Werror --disable=boot-dev-ignored "$tmp/warn.xml"
expect_status "--disable every warning passes --Werror" 0 $VALIDATE --Werror --disable=boot-dev-ignored --disable=no-console "$tmp/warn.xml"

# stv-compile: nothing is written for a bad domain; -o is atomic.
expect_status "compile good" 0 $COMPILE $good
expect_status "compile bad" 1 $COMPILE "$tmp/bad.xml"
check "no output for a bad domain" test ! -s "$tmp/out"
expect_status "compile two files" 2 $COMPILE $good $good
expect_status "compile unknown emit" 2 $COMPILE --emit=pdf $good
expect_status "-0 needs argv" 2 $COMPILE --emit=json -0 $good
expect_status "-o with --unit-dir" 2 $COMPILE -o "$tmp/x" --unit-dir "$tmp" $good
echo "old contents" >"$tmp/args"
expect_status "compile bad -o" 1 $COMPILE -o "$tmp/args" "$tmp/bad.xml"
check "old output untouched on error" grep -qx "old contents" "$tmp/args"
check "no temporary file left" test "$(ls -A "$tmp" | grep -c '^\.args\.')" -eq 0
expect_status "compile -o" 0 $COMPILE -o "$tmp/args" $good
$COMPILE $good >"$tmp/args.stdout"
check "-o writes what stdout gets" cmp -s "$tmp/args" "$tmp/args.stdout"
expect_status "compile -o into a missing directory" 2 $COMPILE -o "$tmp/no/such/dir/args" $good
$COMPILE -0 $good >"$tmp/args0"
# Turning newlines into NULs must give -0's bytes; the reverse would also
# pass if -0 were ignored.
tr '\n' '\0' <"$tmp/args.stdout" >"$tmp/args0.want"
check "-0 separates with NUL" cmp -s "$tmp/args0.want" "$tmp/args0"
mkdir "$tmp/units"
expect_status "compile --unit-dir" 0 $COMPILE --unit-dir "$tmp/units" $good
check "--unit-dir writes the unit" test -s "$tmp/units/stratovirt-minimal.service"
expect_status "an empty --unit-dir is refused, not the root directory" 2 $COMPILE --unit-dir= $good
ln -s "$tmp/args" "$tmp/link"
expect_status "-o onto a symlink is refused" 2 $COMPILE -o "$tmp/link" $good
check "the symlink is left alone" test -L "$tmp/link"

# --hugepages-dir: the mount for a page size, trailing slashes dropped
# (the launcher compares it with /proc/mounts).
$COMPILE --hugepages-dir=2M:/mnt/h2m// testdata/options-aarch64.xml 2>/dev/null >"$tmp/hp.args"
check "--hugepages-dir gives -mem-path" grep -qx -- '-mem-path' "$tmp/hp.args"
check "--hugepages-dir path lost its trailing slashes" grep -qx '/mnt/h2m' "$tmp/hp.args"
expect_status "--hugepages-dir without a size" 2 $COMPILE --hugepages-dir=/mnt/h2m $good
expect_status "--hugepages-dir with a relative directory" 2 $COMPILE --hugepages-dir=2M:h2m $good

# Options both programs share, and the info options of stv-compile.
expect_status "--quiet is -q" 0 $VALIDATE --quiet "$tmp/warn.xml"
check "--quiet output is empty" test ! -s "$tmp/out"
expect_status "--max-size with a suffix refuses a larger file" 1 $VALIDATE --max-size=1K examples/x86_64-q35.xml
check "and says file-size" grep -q '\[file-size\]' "$tmp/out"
expect_status "--max-size=0 is a usage error" 2 $VALIDATE --max-size=0 $good
expect_status "--max-size above 2G is a usage error" 2 $VALIDATE --max-size=3G $good
expect_status "an absolute --runtime-dir" 0 $VALIDATE --runtime-dir=/run/vm $good
expect_status "compile --Werror stops on a warning" 1 $COMPILE --Werror "$tmp/warn.xml"
check "and writes nothing" test ! -s "$tmp/out"
expect_status "compile from stdin" 0 sh -c "$COMPILE - < $good"
expect_status "compile --relaxng" 0 $COMPILE --relaxng $good
for opt in --help --version --list-rules; do
	expect_status "compile $opt" 0 $COMPILE $opt
	check "compile $opt prints" test -s "$tmp/out"
done
expect_status "--unit-dir with another --emit" 2 $COMPILE --unit-dir "$tmp/units" --emit=json $good
expect_status "-o a script" 0 $COMPILE --emit=script -o "$tmp/vm.sh" $good
check "a script is written executable (0755)" test "$(stat -c %a "$tmp/vm.sh")" = 755
check "other outputs are 0644" test "$(stat -c %a "$tmp/args")" = 644

# One report per run: findings of checking and of emitting form one JSON
# document.  An emulator path systemd cannot run is refused by the unit.
sed 's|<emulator>[^<]*</emulator>|<emulator>/opt/$x/stratovirt</emulator>|' \
	examples/x86_64-q35.xml >"$tmp/unitbad.xml"
expect_status "unit with an unusable emulator" 1 $COMPILE --emit=unit --format=json "$tmp/unitbad.xml"
$COMPILE --emit=unit --format=json "$tmp/unitbad.xml" 2>"$tmp/err" >/dev/null
check "findings of checking and emitting are one JSON document" \
	jq -se 'length == 1 and ([.[0][].rule] | index("unit-value") and index("balloon-hugepages"))' "$tmp/err" >/dev/null
# A rule --disable hides cannot make stv-compile emit what its output cannot carry.
expect_status "--disable=unit-value still refuses" 1 $COMPILE --emit=unit --disable=unit-value "$tmp/unitbad.xml"
$COMPILE --emit=unit --disable=unit-value "$tmp/unitbad.xml" 2>"$tmp/err" >/dev/null
check "and says why" grep -q 'cannot waive' "$tmp/err"
# Nor drop an unsupported element: hiding the finding does not lower it away.
sed 's|<devices>|<devices><sound model="ich9"/>|' $good >"$tmp/sound.xml"
expect_status "--disable=unsupported-element does not compile <sound> away" 1 \
	$COMPILE --disable=unsupported-element "$tmp/sound.xml"
check "and says so" grep -q 'cannot waive' "$tmp/err"

finish
