"""Build the documentation site: the hand-written pages of docs/, the reference pages generated
from the headers and the package, and MkDocs over them in strict mode. Speaks TAP, one line per
check, so that tests/run counts each; a failing check lists what is wrong, by name."""
from __future__ import annotations

import html.parser
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from . import pages
from .c_headers import Header, HeaderError, parse_header, undocumented
from .py_package import Package
from .text import Linker


def project_version(root: Path) -> str:
    m = re.search(r"version:\s*'([^']+)'", (root / "meson.build").read_text(encoding="utf-8"))
    return m.group(1) if m else "0.0.0"


def read_headers(include_dir: Path, version: str) -> Tuple[List[Header], Optional[Header]]:
    """The public headers in the umbrella's order (headers it does not include come last), and
    the umbrella itself. version.h is made from version.h.in with the project's version."""
    fdir = include_dir / "fitintel"
    umbrella_path = include_dir / "fitintel.h"
    order: List[str] = []
    umbrella = None
    if umbrella_path.exists():
        umbrella = parse_header(umbrella_path, name="fitintel.h")
        order = re.findall(r'#include\s+"fitintel/(\w+\.h)"', umbrella_path.read_text(encoding="utf-8"))
    files = {p.name: p for p in fdir.glob("*.h")}
    if (fdir / "version.h.in").exists():
        files["version.h"] = fdir / "version.h.in"
    names = [n for n in order if n in files] + sorted(n for n in files if n not in order)
    major, minor, patch = (version.split(".") + ["0", "0"])[:3]
    headers = []
    for n in names:
        text = files[n].read_text(encoding="utf-8")
        if files[n].name.endswith(".in"):
            for key, val in (("FI_VERSION_MAJOR", major), ("FI_VERSION_MINOR", minor),
                             ("FI_VERSION_PATCH", patch), ("FI_VERSION_STRING", f'"{version}"')):
                text = text.replace(f"@{key}@", val)
        headers.append(parse_header(files[n], name=f"fitintel/{n}", text=text))
    return headers, umbrella


class Tap:
    def __init__(self) -> None:
        self.results: List[Tuple[bool, str, List[str]]] = []

    def check(self, ok: bool, name: str, detail: Optional[List[str]] = None) -> bool:
        self.results.append((ok, name, detail or []))
        return ok

    def report(self) -> int:
        print(f"1..{len(self.results)}")
        for i, (ok, name, detail) in enumerate(self.results, 1):
            print(f"{'ok' if ok else 'not ok'} {i} - {name}")
            for d in detail:
                for line in d.splitlines():
                    print(f"#   {line}")
        sys.stdout.flush()
        return 0 if all(ok for ok, _, _ in self.results) else 1


def coverage(root: Path, tap: Tap) -> Tuple[List[Header], Optional[Header], Optional[Package]]:
    """The two documentation checks: every public C declaration, every public Python name."""
    version = project_version(root)
    headers: List[Header] = []
    umbrella = None
    try:
        headers, umbrella = read_headers(root / "include", version)
        problems = [p for h in headers for p in undocumented(h)]
    except HeaderError as e:
        problems = [f"cannot read the headers: {e}"]
    nf = sum(1 for h in headers for e in h.entities if e.kind == "function")
    nt = sum(1 for h in headers for e in h.entities if e.kind not in ("function", "macro"))
    tap.check(not problems and nf > 0,
              f"C: each of {nf} public functions and {nt} types of {len(headers)} headers is documented",
              [f"{len(problems)} undocumented (write a /** */ comment above each):"] + problems
              if problems else ["no public function found"] if nf == 0 else [])
    pkg = None
    pkg_dir = root / "bindings" / "python" / "fitintel"
    try:
        pkg = Package(pkg_dir)
        problems = pkg.undocumented()
    except (OSError, SyntaxError) as e:
        problems = [f"cannot read {pkg_dir}: {e}"]
    objs = list(pkg.objects.values()) if pkg else []
    nc = sum(1 for o in objs if o.kind == "class")
    nfn = sum(1 for o in objs if o.kind == "function")
    nm = sum(len(o.members) for o in objs)
    tap.check(not problems and nc > 0,
              f"Python: each of {nc} public classes, {nfn} functions and {nm} methods has a docstring",
              [f"{len(problems)} undocumented:"] + problems if problems else [])
    return headers, umbrella, pkg


def generate(root: Path, out_docs: Path, headers: List[Header], umbrella: Optional[Header],
             pkg: Package) -> List[Tuple[str, str]]:
    """Copy docs/ to out_docs and write the reference pages there. Returns the reference nav:
    (title, page) pairs."""
    if out_docs.exists():
        shutil.rmtree(out_docs)
    shutil.copytree(root / "docs", out_docs, ignore=shutil.ignore_patterns("meson.build", "*.sh", "*.py"))
    linker = Linker()
    pages.register_c(headers, linker)
    spaces = pages.register_py(pkg, linker)
    written: Dict[str, str] = {}
    for h in headers:
        written[pages.c_page_path(h)] = pages.c_page(h, linker)
    written[f"{pages.C_DIR}/index.md"] = pages.c_index(headers, umbrella, linker)
    for ns, objs in spaces.items():
        written[pages.py_page_path(ns)] = pages.py_page(ns, objs, pkg, linker)
    written[f"{pages.PY_DIR}/index.md"] = pages.py_index(spaces, pkg, linker)
    for rel, text in written.items():
        p = out_docs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    nav_c = [{"Overview": f"{pages.C_DIR}/index.md"}] + [{h.name: pages.c_page_path(h)} for h in headers]
    nav_py = [{"Overview": f"{pages.PY_DIR}/index.md"}] + [{ns: pages.py_page_path(ns)} for ns in spaces]
    return [("C API", nav_c), ("Python API", nav_py)]


def write_config(root: Path, out: Path, out_docs: Path, site: Path, ref_nav) -> Path:
    """The project's mkdocs.yml with the generated pages' folder, the site's folder and the
    reference pages in the nav (under the entry named "Reference")."""
    import yaml     # MkDocs' own dependency (python3-yaml); the checks alone do without it
    cfg = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["docs_dir"] = str(out_docs)
    cfg["site_dir"] = str(site)
    nav = cfg.get("nav", [])
    ref = [{title: entries} for title, entries in ref_nav]
    for item in nav:
        if isinstance(item, dict) and "Reference" in item:
            item["Reference"] = (item["Reference"] or []) + ref
            break
    else:
        nav.append({"Reference": ref})
    cfg["nav"] = nav
    path = out / "mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


class _Ids(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set = set()
        self.remote: List[str] = []
        self.links: List[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") and not re.match(r"^([a-z]+:|//)", a["href"]):
            self.links.append(a["href"])
        src = a.get("src") if tag in ("script", "img", "iframe") else a.get("href") if tag == "link" else None
        if src and re.match(r"^(https?:)?//", src):
            self.remote.append(f"<{tag}> {src}")


def check_site(site: Path, headers: List[Header], pkg: Package, tap: Tap) -> None:
    """Every public name has its anchor on its page, and no page loads anything from the network."""
    linker = Linker()
    pages.register_c(headers, linker)
    pages.register_py(pkg, linker)
    parsed: Dict[str, _Ids] = {}
    missing, remote = [], []
    for name, (page, anchor) in sorted(linker.targets.items()):
        html_path = site / (page[:-3] + ".html")
        if page not in parsed:
            p = _Ids()
            if html_path.exists():
                p.feed(html_path.read_text(encoding="utf-8"))
            parsed[page] = p
        if anchor not in parsed[page].ids:
            missing.append(f"{name}: no id=\"{anchor}\" in {html_path.relative_to(site)}")
    tap.check(not missing and bool(linker.targets),
              f"the site has an anchor for each of {len(linker.targets)} documented names", missing[:50])
    pages_html: Dict[Path, _Ids] = {}
    for f in sorted(site.rglob("*.html")):
        p = _Ids()
        p.feed(f.read_text(encoding="utf-8"))
        pages_html[f.resolve()] = p
        remote += [f"{f.relative_to(site)}: {r}" for r in p.remote]
    tap.check(not remote, "no page loads a script, style or image from the network", remote[:20])
    broken = []
    nlinks = 0
    for f, p in pages_html.items():
        if f.name == "404.html":
            continue          # the theme's error page links from the server's root
        for href in p.links:
            path, _, frag = href.partition("#")
            if (not path and not frag) or path.startswith("/"):
                continue
            nlinks += 1
            target = (f.parent / path).resolve() if path else f
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{f.relative_to(site.resolve())}: {href}: no such file")
            elif frag and target.suffix == ".html" and frag not in pages_html[target].ids:
                broken.append(f"{f.relative_to(site.resolve())}: {href}: no id=\"{frag}\" there")
    tap.check(not broken, f"each of {nlinks} links between the pages leads to a page and an anchor",
              broken[:50])


def mkdocs_command(explicit: Optional[str] = None) -> Optional[List[str]]:
    """How to run MkDocs: the path given, else the module in this interpreter's environment (the
    project's venv, whose bin/ need not be on PATH), else an mkdocs on PATH."""
    if explicit:
        return [explicit]
    if importlib.util.find_spec("mkdocs") is not None:
        return [sys.executable, "-m", "mkdocs"]
    found = shutil.which("mkdocs")
    return [found] if found else None


def build(root: Path, out: Path, mkdocs: Optional[List[str]]) -> int:
    tap = Tap()
    headers, umbrella, pkg = coverage(root, tap)
    if pkg is None or not headers:
        return tap.report()
    out.mkdir(parents=True, exist_ok=True)
    out_docs = out / "src"
    site = out / "site"
    ref_nav = generate(root, out_docs, headers, umbrella, pkg)
    config = write_config(root, out, out_docs, site, ref_nav)
    if not mkdocs:
        tap.check(False, "mkdocs build --strict: MkDocs is not installed (requirements.txt, tools/setup-venv)")
        return tap.report()
    if site.exists():
        shutil.rmtree(site)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    run = subprocess.run([*mkdocs, "build", "--strict", "--quiet", "-f", str(config)], env=env,
                         capture_output=True, text=True)
    log = (run.stdout + run.stderr).strip()
    warnings = [ln for ln in log.splitlines() if ln.strip()]
    ok = tap.check(run.returncode == 0 and not any("WARNING" in w for w in warnings),
                   f"mkdocs build --strict: {site}/index.html", warnings[:60])
    if ok:
        check_site(site, headers, pkg, tap)
    return tap.report()


def check(headers_dir: Optional[Path], package_dir: Optional[Path]) -> int:
    """Only the documentation checks, on any headers folder or package: prints each problem and
    returns 1 when there is one."""
    problems: List[str] = []
    if headers_dir is not None:
        for h in sorted(headers_dir.glob("*.h")):
            try:
                problems += undocumented(parse_header(h, name=f"fitintel/{h.name}"))
            except HeaderError as e:
                problems.append(f"{h.name}: {e}")
    if package_dir is not None:
        problems += Package(package_dir).undocumented()
    for p in problems:
        print(p)
    if not problems:
        print("everything public is documented")
    return 1 if problems else 0
