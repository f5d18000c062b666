#!/usr/bin/env python3
"""The layering check catches what it is for (TAP): archives of tiny objects named the way meson
names the library's, one with a planted upward call, one with a cycle, one clean.

    check_layers_test.py CHECKER CC
"""
import os
import subprocess
import sys
import tempfile


def archive(tmp, name, sources):
    """Compile {object stem: C source} and pack the objects into tmp/name.a."""
    objects = []
    for stem, code in sources.items():
        c = os.path.join(tmp, stem + ".c")
        with open(c, "w") as f:
            f.write(code)
        o = os.path.join(tmp, stem + ".c.o")
        subprocess.run([CC, "-c", "-o", o, c], check=True)
        objects.append(o)
    path = os.path.join(tmp, name + ".a")
    subprocess.run(["ar", "rcs", path] + objects, check=True)
    return path


def check(path):
    p = subprocess.run([sys.executable, CHECKER, path], capture_output=True, text=True)
    return p.returncode, p.stdout


CHECKER, CC = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    clean = archive(tmp, "clean", {
        "util_buf": "int fi__buf_len(void) { return 1; }\n",
        "store_store": "int fi__buf_len(void);\nint fi__store_open(void) { return fi__buf_len(); }\n",
        "export_export": "int fi__store_open(void);\nint fi__export(void) { return fi__store_open(); }\n",
    })
    upward = archive(tmp, "upward", {
        "kernels_ols": "int fi__store_open(void);\nint fi__ols(void) { return fi__store_open(); }\n",
        "store_store": "int fi__store_open(void) { return 0; }\n",
    })
    cycle = archive(tmp, "cycle", {
        "store_a": "int fi__b(void);\nint fi__a(void) { return fi__b(); }\n",
        "store_b": "int fi__a(void);\nint fi__b(void) { return fi__a(); }\n",
    })
    stray = archive(tmp, "stray", {"misc_x": "int fi__x(void) { return 0; }\n"})

    print("1..4")
    rc, out = check(clean)
    print(f"{'ok' if rc == 0 else 'not ok'} 1 - downward calls pass")
    rc, out = check(upward)
    good = rc != 0 and "kernels/ols.c calls fi__store_open of store/store.c: kernels/ may not use store/" in out
    print(f"{'ok' if good else 'not ok'} 2 - a kernel calling into the store fails, the symbol named")
    if not good:
        print("# " + out.replace("\n", "\n# "))
    rc, out = check(cycle)
    good = rc != 0 and "cycle" in out and "fi__a" in out and "fi__b" in out
    print(f"{'ok' if good else 'not ok'} 3 - two files needing each other fail")
    rc, out = check(stray)
    good = rc != 0 and "folder misc/ has no place" in out
    print(f"{'ok' if good else 'not ok'} 4 - a folder outside the layers fails")
