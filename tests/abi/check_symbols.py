"""The export list agrees three ways: the FI_API declarations of the public headers, the version script
(libfitintel/fitintel.map) and the dynamic symbols of the built library. Every name starts with fi_,
every export carries the version node the map gives it (FITINTEL_0.1 today), and the soname is
libfitintel.so.0. TAP output; a failing check lists the names that differ.

usage: check_symbols.py SOURCE_ROOT LIBRARY.so [VERSION_SCRIPT]
"""
import pathlib
import re
import subprocess
import sys

SONAME = "libfitintel.so.0"
FIRST_NODE = "FITINTEL_0.1"
NODE_NAME = re.compile(r"^FITINTEL_\d+\.\d+$")
MACRO_LIKE = re.compile(r"^(__\w+|[A-Z][A-Z0-9_]*)$")   # FI_DEPRECATED(...), __attribute__((...))


def strip_c(text):
    """Source text without comments and preprocessor lines (the FI_API definition itself is one)."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"\\\n", " ", text)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def declared_names(headers):
    """name -> header for every declaration that starts with FI_API."""
    names = {}
    for h in headers:
        for decl in re.findall(r"\bFI_API\b([^;{]*)[;{]", strip_c(h.read_text())):
            calls = [n for n in re.findall(r"\b([A-Za-z_]\w*)\s*\(", decl) if not MACRO_LIKE.match(n)]
            if calls:
                names[calls[0]] = h.name
            else:   # an exported variable
                m = re.search(r"\b([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*$", decl)
                if m:
                    names[m.group(1)] = h.name
    return names


def map_nodes(path):
    """symbol -> version node, from a GNU ld version script."""
    text = re.sub(r"/\*.*?\*/", " ", path.read_text(), flags=re.S)
    text = re.sub(r"#[^\n]*", "", text)
    nodes = {}
    for node, body in re.findall(r"(\w[\w.]*)\s*\{(.*?)\}\s*[\w.]*\s*;", text, flags=re.S):
        body = re.split(r"\blocal\s*:", body)[0]
        body = re.sub(r"\bglobal\s*:", "", body)
        for sym in re.findall(r"([^\s;]+)\s*;", body):
            nodes[sym] = node
    return nodes


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def listing(label, names, shown=25):
    names = sorted(names)
    more = f", ... {len(names) - shown} more" if len(names) > shown else ""
    return f"{label} ({len(names)}): {', '.join(names[:shown]) if names else '-'}{more}"


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    root, library = pathlib.Path(argv[1]), argv[2]
    map_path = pathlib.Path(argv[3]) if len(argv) == 4 else root / "libfitintel" / "fitintel.map"
    results = []

    def check(name, cond, *detail):
        results.append((bool(cond), name, detail))

    headers = sorted((root / "include" / "fitintel").glob("*.h")) + [root / "include/fitintel/version.h.in"]
    declared = declared_names(headers)
    nodes = map_nodes(map_path)
    mapped = set(nodes)

    # nm -D --defined-only: "000000000001a2b0 T fi_free@@FITINTEL_0.1"; the node itself is an "A" symbol
    exported = set()
    for line in run("nm", "-D", "--defined-only", library).splitlines():
        fields = line.split()
        if fields:
            name = fields[-1].split("@")[0]
            if not NODE_NAME.match(name):
                exported.add(name)

    # objdump -T: "000000000001a2b0 g    DF .text  0000000000000012  FITINTEL_0.1 fi_free"
    # (a hidden, non-default version would print as "(FITINTEL_0.1)")
    version_of = {}
    for line in run("objdump", "-T", library).splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[-1] in exported:
            version_of[fields[-1]] = fields[-2]

    soname = re.search(r"^\s*SONAME\s+(\S+)", run("objdump", "-p", library), flags=re.M)

    check("the headers declare FI_API functions", len(declared) > 0, f"found {len(declared)}")
    only_h = set(declared) - mapped
    only_m = mapped - set(declared)
    check(f"headers ({len(declared)}) and fitintel.map ({len(mapped)}) name the same functions",
          not only_h and not only_m,
          listing("declared FI_API but missing from fitintel.map", only_h),
          listing("in fitintel.map but declared in no header", only_m))
    only_m = mapped - exported
    only_x = exported - mapped
    check(f"fitintel.map ({len(mapped)}) and the exports of {pathlib.Path(library).name} "
          f"({len(exported)}) agree",
          not only_m and not only_x,
          listing("in fitintel.map but not exported (no definition?)", only_m),
          listing("exported but not in fitintel.map", only_x))
    everything = set(declared) | mapped | exported
    bad = {s for s in everything if not s.startswith("fi_")}
    check("every public name starts with fi_", not bad, listing("without the prefix", bad))
    bad_nodes = {n for n in set(nodes.values()) if not NODE_NAME.match(n)}
    check(f"fitintel.map's version nodes are named FITINTEL_x.y, the first {FIRST_NODE}",
          nodes and not bad_nodes and FIRST_NODE in nodes.values(),
          listing("nodes", set(nodes.values())))
    wrong = {f"{s} ({version_of.get(s, 'no version')}, map says {nodes.get(s, FIRST_NODE)})"
             for s in exported if version_of.get(s) != nodes.get(s, FIRST_NODE)}
    check(f"every export carries its version node ({', '.join(sorted(set(nodes.values())))})",
          exported and not wrong, listing("exports with another version", wrong))
    check(f"the soname is {SONAME}", soname and soname.group(1) == SONAME,
          f"SONAME: {soname.group(1) if soname else 'none'}")

    print(f"1..{len(results)}")
    for i, (good, name, detail) in enumerate(results, 1):
        print(f"{'ok' if good else 'not ok'} {i} - {name}")
        if not good:
            for d in detail:
                print(f"#   {d}")
    return 0 if all(g for g, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
