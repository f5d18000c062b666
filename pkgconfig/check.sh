#!/usr/bin/env bash
# pkg-config consumer check: install the build into a staging folder, then build and run
# examples/c/import_summary.c with nothing but `pkg-config --cflags --libs fitintel`. TAP output.
#   pkgconfig/check.sh [BUILD_DIR]        (default: build; `meson install` brings it up to date first)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
echo "1..12"
build=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "Bail out! no build directory '${1:-build}'"; exit 1; }
stage=$(mktemp -d "${TMPDIR:-/tmp}/fitintel-pc-XXXXXX")
trap 'rm -rf "$stage"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift
  local l; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done
}
# expect WHAT CONDITION-COMMAND... : ok when the command succeeds, its output as the diagnostic otherwise
expect() { local what=$1; shift; if "$@" >"$stage/out" 2>&1; then ok "$what"; else not_ok "$what" "$(head -c 2000 "$stage/out")"; fi; }

# 1. stage an install
if ! meson install -C "$build" --destdir "$stage/root" >"$stage/install.log" 2>&1; then
  not_ok "meson install --destdir into a staging folder" "$(tail -20 "$stage/install.log")"
  echo "Bail out! nothing was installed"; exit 1
fi
ok "meson install --destdir into a staging folder"

# 2. the .pc file, and pkg-config pointed at it (no system filtering: the staged paths are what we test)
pc=$(find "$stage/root" -name fitintel.pc -path '*/pkgconfig/*' | head -1)
if [ -z "$pc" ]; then
  not_ok "fitintel.pc is installed" "$(cd "$stage/root" && find . -type f | head -40)"
  echo "Bail out! no fitintel.pc in the staged install"; exit 1
fi
ok "fitintel.pc is installed (${pc#"$stage/root"})"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
export PKG_CONFIG_SYSROOT_DIR="$stage/root"
export PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1   # matters for a prefix=/usr build
field() { sed -n "s/^$1:[[:space:]]*//p" "$pc"; }

libs=$(pkg-config --libs fitintel)
cflags=$(pkg-config --cflags fitintel)
static_libs=$(pkg-config --libs --static fitintel)
includedir="$stage/root$(pkg-config --variable=includedir fitintel | sed "s|^$stage/root||")"
libdir="$stage/root$(pkg-config --variable=libdir fitintel | sed "s|^$stage/root||")"

# 3. the public link line
if [[ " $libs " == *" -lfitintel "* ]]; then ok "Libs has -lfitintel ($libs)"; else not_ok "Libs has -lfitintel" "$libs"; fi

# 4. the private dependencies stay out of what a shared-library consumer sees
public="Requires: $(field Requires) | Libs: $(field Libs) | pkg-config --libs: $libs"
if [[ "$public" =~ sqlite|gsl|nettle|csv ]]; then
  not_ok "sqlite3, gsl, nettle and libcsv stay out of Requires and Libs" "$public"
else
  ok "sqlite3, gsl, nettle and libcsv stay out of Requires and Libs"
fi

# 5. ... and are listed for static linking
req_private=$(field Requires.private)
libs_private=$(field Libs.private)
if [[ "$req_private" == *sqlite3* && "$req_private" == *gsl* && "$req_private" == *nettle* \
      && " $libs_private " == *" -lcsv "* && "$static_libs" == *-lcsv* && "$static_libs" == *-lsqlite3* ]]; then
  ok "Requires.private has sqlite3, gsl, nettle; Libs.private has -lcsv"
else
  not_ok "Requires.private has sqlite3, gsl, nettle; Libs.private has -lcsv" \
    "Requires.private: $req_private" "Libs.private: $libs_private" "pkg-config --libs --static: $static_libs"
fi

# 6. Cflags
if [[ " $cflags " == *" -I$includedir "* && -f "$includedir/fitintel.h" && -f "$includedir/fitintel/version.h" ]]; then
  ok "Cflags point at the staged includedir ($cflags)"
else
  not_ok "Cflags point at the staged includedir, which holds fitintel.h and fitintel/version.h" \
    "Cflags: $cflags" "includedir: $includedir" "$(find "$includedir" 2>&1 | head -20)"
fi

# 7-9. the installed headers alone, as strict C99 and as C++, and a program linked from the staged tree
cat >"$stage/headers.c" <<'C'
#include <fitintel.h>
#include <string.h>
int main(void) { return strcmp(fi_version_string(), FI_VERSION_STRING) == 0 ? 0 : 1; }
C
# shellcheck disable=SC2086  # word splitting of pkg-config output is intended
expect "installed headers compile alone as C99 (-std=c99 -pedantic -Wall -Wextra -Werror)" \
  cc -std=c99 -pedantic -Wall -Wextra -Werror $cflags "$stage/headers.c" -o "$stage/headers" $libs
if command -v c++ >/dev/null; then
  cp "$stage/headers.c" "$stage/headers.cpp"
  # shellcheck disable=SC2086
  expect "installed headers compile as C++11 (-std=c++11 -pedantic -Wall -Wextra -Werror)" \
    c++ -std=c++11 -pedantic -Wall -Wextra -Werror $cflags "$stage/headers.cpp" -o "$stage/headers-cxx" $libs
else
  n=$((n + 1)); echo "ok $n - installed headers compile as C++11 # SKIP no C++ compiler"
fi
expect "a program built against the staged tree runs and agrees on the version" \
  env LD_LIBRARY_PATH="$libdir" "$stage/headers"

# 10. the example, built with nothing but pkg-config
# shellcheck disable=SC2086
expect "examples/c/import_summary.c builds with cc \$(pkg-config --cflags --libs fitintel)" \
  cc -Wall -Wextra -Werror $cflags "$here/examples/c/import_summary.c" -o "$stage/import_summary" $libs

# 11. ... and imports a two-row export into a store in the staging folder
cat >"$stage/export.csv" <<'CSV'
Date Submitted,Workout Date,Activity Type,Calories Burned (kcal),Distance (mi),Workout Time (seconds),Avg Pace (min/mi),Max Pace (min/mi),Avg Speed (mi/h),Max Speed (mi/h),Avg Heart Rate,Steps,Notes,Source,Link
"Oct. 8, 2025","Oct. 7, 2025",Run,300,3.1,1800,9.67,8.1,6.2,7.4,,5000,,MapMyRun iPhone,http://www.mapmyfitness.com/workout/1234567890
"Oct. 9, 2025","Oct. 9, 2025",Walk,80,1.2,1500,20.8,18,2.9,3.3,,2000,,MapMyRun iPhone,http://www.mapmyfitness.com/workout/1234567891
CSV
status=0
LD_LIBRARY_PATH="$libdir" "$stage/import_summary" --db "$stage/store.db" "$stage/export.csv" >"$stage/run.out" 2>&1 || status=$?
if [ "$status" -eq 0 ] && grep -Eq '(^|[^0-9])2 added' "$stage/run.out"; then
  ok "the example imports 2 rows against the staged library"
else
  not_ok "the example imports 2 rows against the staged library" "exit status $status" "$(cat "$stage/run.out")"
fi

# 12. ... from the staged library, not the build tree's or a system copy
ldd_out=$(LD_LIBRARY_PATH="$libdir" ldd "$stage/import_summary" | grep libfitintel || true)
if [[ "$ldd_out" == *"libfitintel.so.0 => $libdir/libfitintel.so.0 "* ]]; then
  ok "it loads libfitintel.so.0 from the staged libdir"
else
  not_ok "it loads libfitintel.so.0 from the staged libdir ($libdir)" "$ldd_out"
fi

[ "$n" -eq 12 ] || echo "# internal: planned 12 checks, ran $n"
[ "$failed" -eq 0 ] && [ "$n" -eq 12 ]
