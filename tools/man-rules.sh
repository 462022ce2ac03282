#!/bin/sh
# tools/man-rules.sh RULES_DEF PLACES INVALID_DIR VERSION DATE SEE_ALSO:
# writes stv-rules(7), mdoc, to standard output.
#
#   RULES_DEF    compiler/rules.def: each rule's id, severity, stage and
#                summary, and the /* Group */ comments that head its groups
#   PLACES       "RULE<TAB>PLACE" lines (schema/man-domain.xsl, part=rules):
#                where in the XML each rule applies
#   INVALID_DIR  testdata/invalid: RULE.diag (or RULE-N.diag) is what
#                stv-validate prints for a document that breaks RULE; its
#                finding of RULE, the source line and the hint, is the example
#   SEE_ALSO     the man pages, "stv-compile.1 ...", in mdoc's order
#
# tests/check-docs.sh holds the page to stv-validate --list-rules.
set -eu
[ $# -eq 6 ] || { echo "usage: tools/man-rules.sh RULES_DEF PLACES INVALID_DIR VERSION DATE SEE_ALSO" >&2; exit 2; }
rules=$1 places=$2 invalid=$3 version=$4 date=$5 see_also=$6

# The text of a quoted mdoc argument: \ as \e, " as \(dq, and a break
# point (\:) after each inner '/', so that a long path folds.
quote() {
	printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\e/g' -e 's/"/\\(dq/g' -e 's|\(.\)/|\1/\\:|g')"
}

# The corpus's examples of a length limit run one letter on for a hundred
# bytes (nnnn...); three of it tell the story.
shorten() {
	printf '%s' "$1" | sed -E 's/(.)\1{15,}(\.\.\.)?/\1\1\1.../g'
}

# example RULE: the first finding of RULE in its .diag, as mdoc: the source
# line it points at, the message and the hint.
example() {
	diag=
	for f in "$invalid/$1.diag" "$invalid/$1"-*.diag; do
		[ -f "$f" ] && { diag=$f; break; }
	done
	[ -n "$diag" ] || return 0
	# The finding's first line, then its indented lines (source, caret, hint).
	awk -v rule="[$1]" '
		found && /^ / { print; next }
		found { exit }
		index($0, rule) && substr($0, length($0) - length(rule) + 1) == rule { found = 1; print }
	' "$diag" >"$tmp/finding"
	[ -s "$tmp/finding" ] || return 0
	message=$(shorten "$(head -n 1 "$tmp/finding" | sed -e 's/^[^ ]*: \(error\|warning\): //' -e 's/ \[[a-z0-9-]*\]$//')")
	source=$(shorten "$(sed -n 's/^ *[0-9][0-9]* | *//p' "$tmp/finding" | head -n 1)")
	hint=$(shorten "$(sed -n 's/^  hint: //p' "$tmp/finding")")
	echo "For example,"
	if [ -n "$source" ]; then
		printf '.Dl %s\n' "$(printf '%s' "$source" | sed -e 's/\\/\\e/g')"
		echo "gives"
	else
		echo "a file gives"
	fi
	if [ -n "$hint" ]; then
		printf '.Dq %s\n' "$(quote "$message")"
		echo "with the hint"
		printf '.Dq %s .\n' "$(quote "$hint")"
	else
		printf '.Dq %s .\n' "$(quote "$message")"
	fi
}

# The sentence that says which pass raises a rule of STAGE.
stage() {
	case $1 in
	LOAD) echo "Found while the file is read, before anything else." ;;
	STRUCTURE) echo "Found by the structural pass." ;;
	SCHEMA) printf '%s\n' "Found by the RelaxNG schema, run with" ".Fl -relaxng" "or" ".Fl -schema ." ;;
	LOWER) echo "Found while the values are read into the domain." ;;
	DEFAULTS) echo "Found while the defaults are filled in." ;;
	CHECK) echo "Found by the rules on the whole domain." ;;
	ADDRESS) echo "Found while the PCI addresses are checked and assigned." ;;
	EMIT) printf '%s\n' "Found by" ".Xr stv-compile 1" "when it writes its output." ;;
	*) echo "tools/man-rules.sh: unknown stage '$1' in $rules" >&2; exit 1 ;;
	esac
}

# Where RULE applies, from PLACES.
where() {
	awk -F '\t' -v r="$1" '$1 == r { print $2 }' "$places" | awk '!seen[$0]++' >"$tmp/where"
	[ -s "$tmp/where" ] || return 0
	n=$(wc -l <"$tmp/where")
	echo "It checks"
	i=0
	while read -r place; do
		i=$((i + 1))
		if [ "$i" -eq "$n" ]; then
			printf '.Li %s .\n' "$(quote "$place")"
		else
			printf '.Li %s ,\n' "$(quote "$place")"
		fi
	done <"$tmp/where"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat <<EOF
.\\" Generated from compiler/rules.def by tools/man-rules.sh: do not edit.
.Dd $date
.Dt STV-RULES 7
.Os stv $version
.Sh NAME
.Nm stv-rules
.Nd the rules that stv-validate and stv-compile check
.Sh DESCRIPTION
Every finding of
.Xr stv-validate 1
and
.Xr stv-compile 1
names the rule it breaks, in brackets after the message, and every rule is
listed below, in the order of the catalogue the programs are built from.
A rule's id is stable: it is never renamed, and never reused for another
rule.
An
.Sy error
fails the file; a
.Sy warning
does not, unless
.Fl -Werror
is given.
.Fl -disable Ns = Ns Ar rule
hides a rule's findings; a hidden error of the structural pass still
counts, since
.Xr stv-compile 1
never compiles a document with a part it could not read.
.Pp
Each rule says which pass finds it, where in the XML it applies (the paths
of
.Xr stv-domain 5 ,
whose entries name the rule too) and, where the test suite has one, what
.Nm stv-validate
prints for a document that breaks it.
EOF

# The groups, then each rule of a group, in the order of rules.def.
awk '
	/^\/\* [^*]* \*\/$/ { sub(/^\/\* /, ""); sub(/ \*\/$/, ""); print "group\t" $0; next }
	/^RULE\(/ {
		n = split($0, q, "\"")
		split(q[3], m, ",")
		sev = m[2]; stage = m[3]
		gsub(/[ \t]/, "", sev); gsub(/[ \t]/, "", stage)
		print "rule\t" q[2] "\t" tolower(sev) "\t" stage "\t" q[4]
	}
' "$rules" >"$tmp/table"

open=0
while IFS="$(printf '\t')" read -r kind id severity stage summary; do
	if [ "$kind" = group ]; then
		[ "$open" -eq 0 ] || echo ".El"
		printf '.Ss %s\n.Bl -tag -width Ds\n' "$id"
		open=1
		continue
	fi
	printf '.It Sy %s Pq %s\n' "$id" "$severity"
	printf '%s.\n' "$summary" | sed 's/^[.'\'']/\\\&&/'
	stage "$stage"
	where "$id"
	example "$id"
done <"$tmp/table"
[ "$open" -eq 0 ] || echo ".El"

echo ".Sh SEE ALSO"
# shellcheck disable=SC2086 # the list is split on purpose
last=$(printf '%s\n' $see_also | grep -vx 'stv-rules.7' | tail -n 1)
for page in $see_also; do
	[ "$page" = stv-rules.7 ] && continue
	if [ "$page" = "$last" ]; then
		printf '.Xr %s %s\n' "${page%.*}" "${page##*.}"
	else
		printf '.Xr %s %s ,\n' "${page%.*}" "${page##*.}"
	fi
done
