#!/usr/bin/env bash
# Puts the interop table that the last test run rendered (sfu-signaling/target/interop/table.md, written by the
# interop tests as they pass) into README.md between its interop-table markers. Run after `mvn -B verify`.
set -euo pipefail
cd "$(dirname "$0")/../.."
TABLE=sfu-signaling/target/interop/table.md
[[ -f "$TABLE" ]] || { echo "interop-table: $TABLE is missing: run the tests first (mvn -B verify)" >&2; exit 1; }
grep -q '<!-- interop-table:start -->' README.md || { echo "interop-table: README.md has no markers" >&2; exit 1; }
awk -v table="$TABLE" '
  /<!-- interop-table:start -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- interop-table:end -->/ { skip = 0 }
  !skip { print }
' README.md > README.md.new && mv README.md.new README.md
echo "interop-table: README.md updated from $TABLE"
