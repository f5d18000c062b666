#!/usr/bin/env bash
# pkg-config consumer check: install the build into a staging folder, then build and run
# examples/c/import_summary.c with nothing but `pkg-config --cflags --libs fitintel`. TAP output.
#   pkgconfig/check.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
stage=$(mktemp -d "${TMPDIR:-/tmp}/fitintel-pc-XXXXXX")
trap 'rm -rf "$stage"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
check() { local what=$1; shift; if "$@" >"$stage/out" 2>&1; then ok "$what"; else not_ok "$what" "$(head -c 2000 "$stage/out")"; fi; }

meson install -C "$build" --destdir "$stage/root" --no-rebuild >"$stage/install.log" 2>&1 \
  || { echo "1..1"; not_ok "meson install --destdir" "$(tail -20 "$stage/install.log")"; exit 1; }
ok "meson install --destdir into a staging folder"

pc=$(find "$stage/root" -name fitintel.pc | head -1)
[ -n "$pc" ] && ok "fitintel.pc is installed" || not_ok "fitintel.pc is installed"
export PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_SYSROOT_DIR="$stage/root"

libs=$(pkg-config --libs fitintel)
cflags=$(pkg-config --cflags fitintel)
[[ " $libs " == *" -lfitintel "* ]] && ok "Libs has -lfitintel ($libs)" || not_ok "Libs has -lfitintel" "$libs"
[[ "$libs" != *csv* && "$libs" != *sqlite* && "$libs" != *gsl* ]] \
  && ok "private dependencies stay out of Libs" || not_ok "private dependencies stay out of Libs" "$libs"
private=$(pkg-config --libs --static fitintel)
[[ "$private" == *-lcsv* && "$private" == *-lsqlite3* && "$private" == *-lgsl* && "$private" == *-lnettle* ]] \
  && ok "static linking lists libcsv, sqlite3, gsl, nettle" || not_ok "static linking lists the private dependencies" "$private"
[[ "$cflags" == *"$stage/root"*include* ]] && ok "Cflags point at the staged includedir" || not_ok "Cflags point at the staged includedir" "$cflags"
libdir=$(pkg-config --libs-only-L fitintel | sed 's/^ *-L//; s/ *$//')

cat >"$stage/headers.c" <<'C'
#include <fitintel.h>
int main(void) { return fi_version() == FI_VERSION_NUMBER ? 0 : 1; }
C
check "installed headers compile alone as C99 -pedantic -Werror" \
  cc -std=c99 -pedantic -Wall -Wextra -Werror $cflags "$stage/headers.c" -o "$stage/headers" $libs
check "a program built from the staged tree runs" env LD_LIBRARY_PATH="$libdir" "$stage/headers"

check "examples/c/import_summary.c builds with pkg-config alone" \
  cc -Wall -Wextra -Werror $cflags "$here/examples/c/import_summary.c" -o "$stage/import_summary" $libs

cat >"$stage/export.csv" <<'CSV'
Date Submitted,Workout Date,Activity Type,Calories Burned (kcal),Distance (mi),Workout Time (seconds),Avg Pace (min/mi),Max Pace (min/mi),Avg Speed (mi/h),Max Speed (mi/h),Avg Heart Rate,Steps,Notes,Source,Link
"Oct. 8, 2025","Oct. 7, 2025",Run,300,3.1,1800,9.67,8.1,6.2,7.4,,5000,,MapMyRun iPhone,http://www.mapmyfitness.com/workout/1234567890
"Oct. 9, 2025","Oct. 9, 2025",Walk,80,1.2,1500,20.8,18,2.9,3.3,,2000,,MapMyRun iPhone,http://www.mapmyfitness.com/workout/1234567891
CSV
if LD_LIBRARY_PATH="$libdir" "$stage/import_summary" --db "$stage/store.db" "$stage/export.csv" >"$stage/run.out" 2>&1 \
   && grep -q "2 added" "$stage/run.out"; then
  ok "the example imports 2 rows against the staged library"
else
  not_ok "the example imports 2 rows against the staged library" "$(cat "$stage/run.out")"
fi
ldd_out=$(LD_LIBRARY_PATH="$libdir" ldd "$stage/import_summary" | grep libfitintel || true)
[[ "$ldd_out" == *"$libdir"*libfitintel.so.0* ]] && ok "it loads libfitintel.so.0 from the staged libdir" \
  || not_ok "it loads libfitintel.so.0 from the staged libdir" "$ldd_out"

echo "1..$n"
[ $failed -eq 0 ]
