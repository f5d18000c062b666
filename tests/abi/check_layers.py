#!/usr/bin/env python3
"""The library's layers, checked from its object files (TAP).

Each object of the static library is named after its source, `folder_file.c.o` (meson's naming of
`libfitintel/folder/file.c`). nm tells which symbols each object defines and which it needs; a need
met by another object is a dependency between their folders and between their files. The check
fails, naming the symbol, on:
  - a folder using a folder it may not (an upward call: a kernel calling into the store), and
  - a cycle between files (each file of a cycle needs the others: neither can be read alone).

    check_layers.py LIBRARY.a        the built library (tests/abi/meson.build)
"""
import collections
import os
import subprocess
import sys

# What each folder may use, besides itself. Read top-down: util is the floor; sql stands on the
# store alone; sample on util alone; export is the roof.
ALLOWED = {
    "util": set(),
    "kernels": {"util"},
    "store": {"util"},
    "sample": {"util"},
    "frame": {"util", "store"},
    "sql": {"util", "store"},
    "classify": {"util", "kernels", "store", "frame"},
    "ingest": {"util", "kernels", "store", "frame", "classify"},
    "analysis": {"util", "kernels", "store", "frame", "classify"},
    "brief": {"util", "kernels", "store", "frame", "classify", "analysis"},
    "export": {"util", "kernels", "store", "frame", "classify", "ingest", "analysis", "brief", "sql"},
}


def read_objects(archive):
    """{object: (defined symbols, needed symbols)} from `nm -A` of a static library, whose lines
    read "ARCHIVE:MEMBER:VALUE TYPE NAME" (VALUE blank for a needed symbol)."""
    out = subprocess.run(["nm", "-A", archive], capture_output=True, text=True, check=True).stdout
    objects = collections.defaultdict(lambda: (set(), set()))
    for line in out.splitlines():
        if not line.startswith(archive + ":"):
            continue
        member, _, rest = line[len(archive) + 1:].partition(":")
        member = os.path.basename(member)
        fields = rest.split()
        if len(fields) == 3 and fields[1] in "TDBRC":
            objects[member][0].add(fields[2])
        elif len(fields) == 2 and fields[0] == "U":
            objects[member][1].add(fields[1])
    return objects


def file_of(member):
    """'classify_model_store.c.o' -> ('classify', 'classify/model_store.c')."""
    stem = member[:-2] if member.endswith(".o") else member
    folder, _, name = stem.partition("_")
    return folder, f"{folder}/{name}"


def dependencies(objects):
    """[(from file, to file, symbol)] for every need met by another object."""
    owner = {}
    for member, (defined, _) in objects.items():
        for sym in defined:
            owner[sym] = member
    edges = []
    for member, (_, needed) in objects.items():
        for sym in sorted(needed):
            if sym in owner and owner[sym] != member:
                edges.append((file_of(member)[1], file_of(owner[sym])[1], sym))
    return edges


def cycles(edges):
    """Strongly connected groups of more than one file (Tarjan)."""
    graph = collections.defaultdict(set)
    for a, b, _ in edges:
        graph[a].add(b)
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(set(graph) | {b for a, b, _ in edges}):
        if v not in index:
            visit(v)
    return found


def problems(objects):
    """Every breach of the layers, in words."""
    edges = dependencies(objects)
    out = []
    folders = {file_of(m)[0] for m in objects}
    for f in sorted(folders - ALLOWED.keys()):
        out.append(f"folder {f}/ has no place in the layers (add it to ALLOWED in {__file__})")
    for a, b, sym in edges:
        fa, fb = a.split("/")[0], b.split("/")[0]
        if fa != fb and fa in ALLOWED and fb not in ALLOWED[fa]:
            out.append(f"{a} calls {sym} of {b}: {fa}/ may not use {fb}/")
    for group in cycles(edges):
        links = [f"{a} → {b} ({sym})" for a, b, sym in edges if a in group and b in group]
        out.append("files depend on each other in a cycle: " + "; ".join(links))
    return out


def main():
    objects = read_objects(sys.argv[1])
    found = problems(objects)
    print("1..2")
    print(f"{'ok' if objects else 'not ok'} 1 - {len(objects)} objects read")
    if found:
        print("not ok 2 - the layers hold")
        for p in found:
            print(f"# {p}")
        return 1
    print(f"ok 2 - the layers hold ({len(dependencies(objects))} links between files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
