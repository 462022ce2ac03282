#!/bin/sh
# tools/man-rules.sh STV-VALIDATE [--check]: writes the rule catalogue
# (stv-validate --list-rules, i.e. compiler/rules.def) as an mdoc list into
# the DIAGNOSTICS section of man/stv-validate.1, between the "rules begin"
# and "rules end" comments.  With --check, changes nothing and fails when
# the page is out of step.
set -eu
page=man/stv-validate.1
new=$(mktemp)
trap 'rm -f "$new"' EXIT
"$1" --list-rules | while read -r id severity summary; do
	printf '.It Sy %s Pq %s\n' "$id" "$severity"
	printf '%s.\n' "$summary" | sed 's/^\./\\\&./'
done >"$new.list"
awk -v list="$new.list" '
	/^\.\\" rules begin/ { print; while ((getline l < list) > 0) print l; skip = 1; next }
	/^\.\\" rules end/ { skip = 0 }
	!skip { print }
' "$page" >"$new"
rm -f "$new.list"
if [ "${2:-}" = --check ]; then
	diff -u "$page" "$new"
else
	cat "$new" >"$page"
fi
