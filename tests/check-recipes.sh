#!/bin/sh
# The CI recipes of the README and .pre-commit-hooks.yaml work: each parses
# as YAML with the keys its CI reads, and its steps, but stv's install (which
# needs the network), run on a git repository of domains with the built
# programs, leave the reports the next steps upload, with the exit status
# the job needs.  pre-commit runs the hook when it is installed.
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

top=$(pwd)
# The repository of domains: two clean ones and one with an error.
repo=$tmp/repo
mkdir -p "$repo/domains"
cp examples/x86_64-q35.xml examples/aarch64-virt.xml "$repo/domains/"
cp testdata/invalid/mac.xml "$repo/domains/bad vm.xml"
echo "not a domain" >"$repo/README.md"
git -C "$repo" init -q && git -C "$repo" add . && git -C "$repo" -c user.name=t -c user.email=t@t commit -qm domains
check "the repository of domains" [ -n "$(git -C "$repo" ls-files -- '*.xml')" ]

# recipe NAME: the first yaml block after "<!-- recipe: NAME -->" in the README.
recipe() {
	awk -v m="<!-- recipe: $1 -->" '$0 == m { on = 1; next }
		on && /^```yaml$/ { body = 1; next } body && /^```$/ { exit } body { print }' README.md
}
recipe github >"$tmp/github.yml"
recipe gitlab >"$tmp/gitlab.yml"

# yaml FILE PROGRAM: runs the python PROGRAM with d, the parsed FILE; its output.
yaml() {
	python3 -c "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); $2" "$1"
}

# GitHub: the permissions upload-sarif needs, the validate step's script, the
# upload of its report, and the last step failing on the recorded status.
check "the GitHub recipe parses, with security-events: write" \
	yaml "$tmp/github.yml" "assert d['permissions']['security-events'] == 'write'"
yaml "$tmp/github.yml" "
steps = d['jobs']['stv-validate']['steps']
v = [s for s in steps if s.get('id') == 'stv'][0]
u = [s for s in steps if s.get('uses', '').startswith('github/codeql-action/upload-sarif@')][0]
assert steps.index(v) < steps.index(u)
assert 'steps.stv.outputs.status' in steps[-1]['if']
print(u['with']['sarif_file'])
open(sys.argv[1] + '.run', 'w').write(v['run'])" >"$tmp/sarif_file" 2>"$tmp/yaml.err"
check "the GitHub recipe validates, then uploads, then fails on errors" [ -s "$tmp/sarif_file" ] ||
	sed 's/^/  | /' "$tmp/yaml.err"
(cd "$repo" && PATH="$top/$BUILD:$PATH" GITHUB_OUTPUT="$tmp/github.out" bash -e "$tmp/github.yml.run")
check "the GitHub validate step succeeds when a domain has errors" [ $? -eq 0 ]
check "and records status 1 for the last step" grep -qx 'status=1' "$tmp/github.out"
sarif=$repo/$(cat "$tmp/sarif_file")
check "the SARIF it uploads has the finding, at its relative path" jq -e \
	'.runs[0].results | any(.ruleId == "mac" and .locations[0].physicalLocation.artifactLocation.uri == "domains/bad%20vm.xml")' \
	"$sarif" >/dev/null
multitool=build/npm/node_modules/.bin/sarif-multitool
if [ -x "$multitool" ]; then
	HOME=$tmp DOTNET_CLI_TELEMETRY_OPTOUT=1 "$multitool" validate "$sarif" -o "$tmp/v.sarif" --rule-kind Gh >/dev/null 2>&1
	check "and meets code scanning's requirements (the SARIF multitool's GitHub rules)" \
		jq -e '[.runs[0].results[] | select(.level == "error")] | length == 0' "$tmp/v.sarif" >/dev/null
fi

# GitLab: the report as an artifact, uploaded when the job fails too.
check "the GitLab recipe parses, with the code quality report as an artifact" yaml "$tmp/gitlab.yml" "
j = d['stv-validate']
assert j['artifacts']['when'] == 'always'
assert j['artifacts']['reports']['codequality'] == 'gl-code-quality-report.json'
open(sys.argv[1] + '.run', 'w').write('\n'.join(j['script']) + '\n')"
(cd "$repo" && PATH="$top/$BUILD:$PATH" bash -e "$tmp/gitlab.yml.run")
check "the GitLab script fails when a domain has errors" [ $? -eq 1 ]
check "and leaves the report, with the finding" jq -e \
	'any(.[]; .check_name == "mac" and .location.path == "domains/bad vm.xml" and .severity == "major")' \
	"$repo/gl-code-quality-report.json" >/dev/null

# pre-commit: the keys its manifest needs, a program that exists, XML only.
check ".pre-commit-hooks.yaml has a hook with pre-commit's required keys" yaml .pre-commit-hooks.yaml "
import re
h = [h for h in d if h['id'] == 'stv-validate'][0]
assert all(k in h for k in ('id', 'name', 'entry', 'language'))
assert h['language'] == 'system'
assert re.search(h['files'], 'domains/vm.xml') and not re.search(h['files'], 'README.md')
assert h['entry'].split()[0] == 'stv-validate'"
if ! command -v pre-commit >/dev/null 2>&1; then
	echo "SKIP: pre-commit is not installed: the hook was not run"
elif [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" != "$top" ]; then
	echo "SKIP: $top is no git checkout of its own (a package build): pre-commit cannot try it"
else
	(cd "$repo" && PATH="$top/$BUILD:$PATH" PRE_COMMIT_HOME="$tmp/pre-commit" \
		pre-commit try-repo "$top" stv-validate --all-files) >"$tmp/pre-commit.out" 2>&1
	check "pre-commit runs the hook, and it fails on the domain with an error" [ $? -eq 1 ]
	check "naming the finding" grep -q 'domains/bad vm.xml:.*\[mac\]' "$tmp/pre-commit.out" ||
		sed 's/^/  | /' "$tmp/pre-commit.out" | tail -5
	git -C "$repo" rm -q "domains/bad vm.xml"
	(cd "$repo" && PATH="$top/$BUILD:$PATH" PRE_COMMIT_HOME="$tmp/pre-commit" \
		pre-commit try-repo "$top" stv-validate --all-files) >"$tmp/pre-commit.out" 2>&1
	check "and passes on clean domains" [ $? -eq 0 ] || sed 's/^/  | /' "$tmp/pre-commit.out" | tail -5
fi

finish
