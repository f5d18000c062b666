#!/usr/bin/env bash
# The C examples on a fresh store each run (TAP): import_summary adds the two rows of
# tests/data/two-rows.csv, a second run finds nothing new, list_workouts reads them back;
# classify_and_brief trains on a generated sample, explains a workout and writes the briefing.
set -uo pipefail
import_summary=$1 list_workouts=$2 export=$3 classify_and_brief=$4 fitintel=$5
dir=$(mktemp -d "${TMPDIR:-/tmp}/fitintel-examples-XXXXXX")
trap 'rm -rf "$dir"' EXIT
n=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }
echo "1..7"
out=$("$import_summary" --db "$dir/store.db" "$export" 2>&1)
check "import_summary adds both rows" '[[ "$out" == *": 2 added, 0 duplicates, 0 rejected."* ]]'
again=$("$import_summary" --db "$dir/store.db" "$export" 2>&1)
check "a second run finds the same bytes already imported" '[[ "$again" == *"identical to import #1"* ]]'
listed=$("$list_workouts" --db "$dir/store.db" 2025-10-01 2025-10-31 2>&1)
check "list_workouts reads both back" '[[ "$listed" == *"1234567890"* && "$listed" == *"1234567891"* && "$listed" == *"2 workouts"* ]]'
none=$("$list_workouts" --db "$dir/store.db" 2026-01-01 2>&1)
check "and respects the date range" '[[ "$none" == *"0 workouts"* ]]'
"$fitintel" sample --rows 500 --seed 3 -o "$dir/sample.csv" >/dev/null
"$import_summary" --db "$dir/sample.db" "$dir/sample.csv" >/dev/null
first=$("$fitintel" --db "$dir/sample.db" workouts --limit 1 --format csv | sed -n 2p | cut -d, -f1)
brief=$("$classify_and_brief" --db "$dir/sample.db" --days 60 "$first" 2>&1)
check "classify_and_brief trains three clusters" '[[ "$brief" == *"real_run"* && "$brief" == *"pup_walk"* ]]'
check "and explains the workout" '[[ "$brief" == *"Workout $first on "* ]]'
check "and prints the Markdown briefing" '[[ "$brief" == *"# Briefing: "* && "$brief" == *"## Recommendations"* ]]'
