"""The export list agrees three ways: FI_API declarations in the public headers, the version script
(libfitintel/fitintel.map) and the dynamic symbols of the built library; every export starts with
fi_, carries the FITINTEL_0.1 version node, and the soname is libfitintel.so.0. TAP output.

usage: check_symbols.py SOURCE_ROOT LIBRARY.so
"""
import pathlib
import re
import subprocess
import sys

root, library = pathlib.Path(sys.argv[1]), sys.argv[2]
results = []


def check(name, cond, detail=""):
    results.append((bool(cond), name, detail))


headers = list((root / "include" / "fitintel").glob("*.h")) + [root / "include/fitintel/version.h.in"]
declared = set()
for h in headers:
    text = re.sub(r"/\*.*?\*/", "", h.read_text(), flags=re.S)
    for decl in re.findall(r"FI_API\b[^;]*;", text, flags=re.S):
        m = re.search(r"\b(fi_\w+)\s*\(", decl)
        if m:
            declared.add(m.group(1))

map_text = re.sub(r"/\*.*?\*/", "", (root / "libfitintel" / "fitintel.map").read_text(), flags=re.S)
mapped = set(re.findall(r"^\s*(fi_\w+)\s*;", map_text, flags=re.M))

nm = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True, check=True)
exported = {line.split()[-1].split("@")[0] for line in nm.stdout.splitlines() if line.strip()}
exported.discard("FITINTEL_0.1")

check("headers declare FI_API functions", len(declared) > 40, f"found {len(declared)}")
check("headers and fitintel.map agree", declared == mapped,
      f"only in headers: {sorted(declared - mapped)}; only in map: {sorted(mapped - declared)}")
check("fitintel.map and the library's exports agree", mapped == exported,
      f"only in map: {sorted(mapped - exported)}; only exported: {sorted(exported - mapped)}")
check("every export starts with fi_", all(s.startswith("fi_") for s in exported),
      f"{sorted(s for s in exported if not s.startswith('fi_'))}")

dyn = subprocess.run(["objdump", "-T", library], capture_output=True, text=True, check=True).stdout
versions = {m.group(2) for m in re.finditer(r"\s(FITINTEL_[\d.]+|Base)\s+(fi_\w+)", dyn)}
unversioned = sorted(s for s in exported if not re.search(rf"FITINTEL_0\.1\s+{s}\b", dyn))
check("every export carries the FITINTEL_0.1 version node", not unversioned and versions,
      f"without it: {unversioned}")

dynamic = subprocess.run(["objdump", "-p", library], capture_output=True, text=True, check=True).stdout
soname = re.search(r"SONAME\s+(\S+)", dynamic)
check("soname is libfitintel.so.0", soname and soname.group(1) == "libfitintel.so.0",
      soname.group(1) if soname else "no SONAME")

for i, (good, name, detail) in enumerate(results, 1):
    print(f"{'ok' if good else 'not ok'} {i} - {name}")
    if not good:
        print(f"#   {detail}")
print(f"1..{len(results)}")
sys.exit(0 if all(g for g, _, _ in results) else 1)
