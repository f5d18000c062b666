#!/usr/bin/env bash
# The main job on bundled sample data: install what is missing, build, generate a 14-year sample
# export with the mess of real ones (3,000 workouts, a dog arriving in June 2018; estimated steps, a
# device change, brisk walks, slow runs, bikes and swims), import it into a fresh store, tell the
# runs from the dog walks, brief the last 30 days and write the HTML dashboard
# (build/demo/dashboard.html). Everything it writes goes to build/demo/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

tools/install-deps
python=$(tools/setup-venv)
if [ -f build/build.ninja ]; then meson configure build -Dpython_exe="$python" >/dev/null; else meson setup build -Dpython_exe="$python" >/dev/null; fi
ninja -C build >/dev/null

demo=build/demo
fitintel() { build/cli/fitintel --db "$demo/fitintel.db" "$@"; }
mkdir -p "$demo"
rm -f "$demo"/fitintel.db*

echo "== generating a sample export"
build/cli/fitintel sample --profile real-like --rows 3000 --seed 42 -o "$demo/export.csv" --truth "$demo/truth.csv"
echo "== importing it"
fitintel ingest "$demo/export.csv"
echo "== importing it again (same bytes: answered from the import log)"
fitintel ingest "$demo/export.csv"
echo "== the import log"
fitintel imports
echo "== the ten most recent workouts"
fitintel workouts --newest-first --limit 10
echo "== the dog arrived on 2018-06-01"
fitintel era add 2018-06-01 "Choco arrives"
echo "== training the classifier (runs, dog walks, mixed; bikes and swims are other) and classifying every workout"
fitintel train
echo "== the briefing of the last 30 days"
fitintel brief
echo "== the HTML dashboard (every view, offline)"
fitintel dashboard -o "$demo/dashboard.html"
echo
echo "Store: $demo/fitintel.db    Export: $demo/export.csv    Truth labels: $demo/truth.csv"
echo "Dashboard: $demo/dashboard.html (open it in a browser)"
