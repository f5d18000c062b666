#!/usr/bin/env bash
# Runs, in a fresh folder, every command whose output the user guide shows, in the guide's order,
# and prints each command with its output: the guide's examples are pasted from this, not written
# by hand. Re-run it after changing what a command prints, and update the pages it shows.
#   docs/transcript.sh [BUILD_DIR] > transcript.txt      (default BUILD_DIR: build)
# Times and dates of runs (import and model times, the SQL history) differ from run to run; the
# analyses do not (the sample export is seeded).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export PATH="$build/cli:$PATH"
export FITINTEL_DB="$work/fitintel.db"
export PYTHONPATH="$build/bindings/python"

page() { printf '\n==================== %s\n' "$1"; }
# print a command as one would type it: words with spaces or quotes quoted
show() {
	local out="" a
	for a in "$@"; do
		case $a in
		*[[:space:]\'\"\$\*\(\)\;\&\|\<\>]*|'')
			case $a in *\"*|*\$*) a="'$a'" ;; *) a="\"$a\"" ;; esac ;;
		esac
		out+="${out:+ }$a"
	done
	printf '\n$ %s\n' "$out"
}
run() {
	show "$@"
	"$@" 2>&1
	local rc=$?
	[ $rc -eq 0 ] || printf '[exit %d]\n' $rc
}

page "getting started"
run fitintel sample --profile real-like --rows 3000 -o export.csv --truth truth.csv
run fitintel ingest export.csv
run fitintel workouts --newest-first --limit 5

page "import"
run fitintel ingest export.csv
# a later export of January and February 2026 in which two rows went wrong
fitintel sample --profile real-like --rows 40 --seed 7 --start 2026-01-01 --end 2026-02-28 --first-id 2000000000 -o new.csv >/dev/null
"${PYTHON:-python3}" - <<'EOF'
import csv, io
rows = list(csv.reader(open("new.csv", newline="")))
rows[3][4] = "abc"                # Distance (mi) of line 4
rows[7][1] = "Feb. 30, 2026"      # Workout Date of line 8
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows(rows)
open("new.csv", "w").write(out.getvalue())
EOF
run fitintel ingest new.csv
run fitintel ingest new.csv --policy skip
run fitintel imports --limit 3
mkdir -p inbox
fitintel sample --profile real-like --rows 10 --seed 8 --start 2026-03-01 --end 2026-03-15 --first-id 2100000000 -o inbox/march.csv >/dev/null
run fitintel watch inbox --once
run find inbox -type f

page "classification"
run fitintel era add 2018-06-01 Choco
run fitintel era list
run fitintel train
run fitintel model list
# the newest workout logged as a run, labelled a dog walk, at a pace a slow run could have
id=$(fitintel sql --no-history --format csv "SELECT w.id FROM workouts w JOIN classifications c ON c.workout_id = w.id WHERE w.activity_type LIKE '%Run%' AND c.label = 'pup_walk' AND w.avg_pace < 16 ORDER BY w.workout_date DESC LIMIT 1" | tail -1 | tr -d '\r')
run fitintel explain "$id"
run fitintel label "$id" real_run --note "slow run with the dog, not a walk"
run fitintel corrections
run fitintel accuracy
run fitintel config get classify.k
run fitintel classify

page "analyses"
run fitintel era compare
run fitintel consistency
run fitintel anomalies --label run --metric pace --method iqr --method modified_zscore --limit 3
run fitintel trends --metric pace --label real_run --per month
run fitintel forecast --series count --per week --horizon 4
run fitintel records
run fitintel summary --by year --metric distance

page "briefing"
run fitintel brief
run fitintel brief --days 90 --format md

page "dashboards"
run fitintel dashboard -o dashboard.html
run ls -l dashboard.html

page "sql"
run fitintel sql "SELECT strftime('%Y', workout_date) AS year, count(*) AS workouts, round(sum(distance_mi), 1) AS miles FROM workouts GROUP BY year ORDER BY year DESC LIMIT 5"
run fitintel sql "DELETE FROM workouts"
run fitintel query save yearly "SELECT strftime('%Y', workout_date) AS year, count(*) AS n FROM workouts GROUP BY year" --description "workouts per year"
run fitintel query list
run fitintel sql --saved yearly --format csv --limit 3
run fitintel history --limit 5
run fitintel export eras --format json
run fitintel export archive -o archive.json
run fitintel --db copy.db import-archive archive.json

page "python"
printf '\n$ python3 tour.py\n'
cat > tour.py <<'EOF'
import fitintel

with fitintel.open("fitintel.db") as store:
    print(store.workout_count, "workouts")
    runs = store.workouts(label="real_run", from_="2025-12-01")
    print(runs[["id", "date", "distance_mi", "avg_pace", "label", "confidence"]].tail(3))
    e = store.explain(int(runs.id.iloc[-1]))
    print(e.label, e.method, round(e.confidence, 3))
    t = store.trend("pace", per="month", label="real_run")
    print(t.direction, round(t.ols["slope_per_month"], 4), "min/mi per month")
    print(store.sql("SELECT label, count(*) AS n FROM classifications GROUP BY label ORDER BY n DESC"))
    try:
        store.sql("DELETE FROM workouts")
    except fitintel.InvalidArgumentError as err:
        print(type(err).__name__ + ":", err)
EOF
"${PYTHON:-python3}" tour.py 2>&1

page "c api"
cat > first.c <<'EOF'
#include <fitintel.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	fi_store *store = NULL;
	if (fi_store_open(argc > 1 ? argv[1] : NULL, NULL, &store) != FI_OK)
		return fprintf(stderr, "%s\n", fi_error_last()->message), 1;

	fi_brief *brief = NULL;
	char *text = NULL;
	int rc = fi_brief_make(store, NULL, &brief);
	if (rc == FI_OK)
		rc = fi_brief_render(brief, FI_BRIEF_MARKDOWN, &text);
	if (rc == FI_OK)
		fputs(text, stdout);
	else
		fprintf(stderr, "%s: %s\n", fi_strerror(rc), fi_error_last()->message);
	fi_free(text);
	fi_brief_free(brief);
	fi_store_close(store);
	return rc == FI_OK ? 0 : 1;
}
EOF
run cc -std=c99 -Wall -I"$here/include" -I"$build/include" first.c -L"$build/libfitintel" -lfitintel \
	-Wl,-rpath,"$build/libfitintel" -o first
run ./first fitintel.db
run ./first /etc/hostname
