"""The documentation checker is tested on inputs written to fail it: a header with an undocumented
function (and type, enum value, stale @param), a package with an undocumented function and method,
and a whole project tree whose site build must then fail naming them. Also what the reader and
the Markdown make of the markup the headers use."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(os.environ.get("FITINTEL_SOURCE_ROOT", pathlib.Path(__file__).resolve().parents[2]))
BUILD_DOCS = ROOT / "tools" / "build-docs"
sys.path.insert(0, str(ROOT / "tools"))

from docgen import c_headers, py_package, text  # noqa: E402

DOCUMENTED_HEADER = """\
/**
 * @file fitintel/thing.h
 * @brief Things.
 */
#ifndef FITINTEL_THING_H
#define FITINTEL_THING_H
#include "fitintel/common.h"
FI_BEGIN_DECLS

/** A thing. Opaque. */
typedef struct fi_thing fi_thing;

/** Kinds of things. */
typedef enum fi_thing_kind {
	FI_THING_SMALL = 1, /**< small */
	FI_THING_LARGE      /**< large */
} fi_thing_kind;

/**
 * Make a thing.
 * @param kind  an fi_thing_kind.
 * @param[out] out  caller frees with fi_thing_free().
 * @return FI_OK or FI_EINVALID.
 * @since 0.1
 */
FI_API int fi_thing_new(int kind, fi_thing **out);

/** Release a thing. Accepts NULL. @since 0.1 */
FI_API void fi_thing_free(fi_thing *t);

FI_END_DECLS
#endif
"""

UNDOCUMENTED_HEADER = """\
/** @file fitintel/bad.h
 *  @brief Things done badly. */
#include "fitintel/common.h"
FI_BEGIN_DECLS
typedef struct fi_bad fi_bad;

/** Counted. */
typedef enum fi_bad_kind {
	FI_BAD_ONE = 1, /**< one */
	FI_BAD_TWO = 2
} fi_bad_kind;

/** Documented, and the comment is this function's alone. @since 0.1 */
FI_API int fi_bad_documented(const fi_bad *b);
FI_API int fi_bad_undocumented(const fi_bad *b);

/** @since 0.1 */
FI_API int fi_bad_only_a_tag(void);

/**
 * Takes one argument.
 * @param gone  no longer a parameter.
 */
FI_API int fi_bad_stale(int kept);

/** Uses a command the reference would print as it is. @retval 0 always */
FI_API int fi_bad_tag(void);
FI_END_DECLS
"""


def run_check(*args):
    return subprocess.run([sys.executable, str(BUILD_DOCS), "--check", *args],
                          capture_output=True, text=True)


@pytest.fixture
def headers(tmp_path):
    d = tmp_path / "fitintel"
    d.mkdir()
    return d


def test_a_documented_header_passes(headers):
    (headers / "thing.h").write_text(DOCUMENTED_HEADER)
    r = run_check("--headers", str(headers))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "everything public is documented" in r.stdout


def test_an_undocumented_function_is_reported_by_name(headers):
    (headers / "bad.h").write_text(UNDOCUMENTED_HEADER)
    r = run_check("--headers", str(headers))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    # the comment above fi_bad_documented does not document the line after it
    assert "fitintel/bad.h:15: function fi_bad_undocumented has no documentation comment" in lines
    assert not any("fi_bad_documented " in ln for ln in lines)
    assert any("type fi_bad has no documentation comment" in ln for ln in lines)
    assert any("enum value FI_BAD_TWO (of fi_bad_kind)" in ln for ln in lines)
    assert not any("FI_BAD_ONE" in ln for ln in lines)
    # a comment of tags only says nothing
    assert any("function fi_bad_only_a_tag has no documentation comment" in ln for ln in lines)
    # a @param that names no parameter is stale documentation
    assert any("fi_bad_stale documents @param gone" in ln and "kept" in ln for ln in lines)
    # an unknown command would show on the page as it is
    assert any("fi_bad_tag: @retval is not a documentation command" in ln for ln in lines)
    assert len(lines) == 6, lines


def test_the_real_headers_and_package_pass():
    r = run_check()
    assert r.returncode == 0, r.stdout


def test_reader_members_values_groups_and_macros(tmp_path):
    src = """\
/** @file fitintel/r.h
 *  @brief R. */
/* ---- first part ---- */
/** Options. */
typedef struct fi_r_options {
	unsigned int version;   /**< FI_R_OPTIONS_VERSION */
	double a, b;            /**< two numbers,
	                             on two lines */
	/** Polled now and then. */
	int (*cancel)(void *payload);
	char name[16];
} fi_r_options;
#define FI_R_FLAG 0x1u /**< a flag */
/** Values. */
typedef enum fi_r_value { FI_R_A = -1, FI_R_B, FI_R_C = 5, FI_R_D } fi_r_value;
/** @name Accessors
 * @{ */
/** The a. */
FI_API double fi_r_a(const fi_r_options *o);
/** @} */
/** Called back. */
typedef int (*fi_r_cb)(const fi_r_options *options, void *payload);
"""
    h = c_headers.parse_header(tmp_path / "r.h", text=src)
    assert h.brief == "R."
    kinds = [(e.kind, e.name) for e in h.entities]
    assert kinds == [("struct", "fi_r_options"), ("macro", "FI_R_FLAG"), ("enum", "fi_r_value"),
                     ("function", "fi_r_a"), ("callback", "fi_r_cb")]
    opts = h.entities[0]
    assert opts.section == "first part"
    assert [m.names for m in opts.members] == [["version"], ["a", "b"], ["cancel"], ["name"]]
    assert opts.members[1].doc == "two numbers,\non two lines"
    assert opts.members[2].doc == "Polled now and then."
    assert opts.members[3].doc is None
    assert h.entities[1].doc == "a flag" and h.entities[1].code == "0x1u"
    values = h.entities[2].members
    assert [(m.names[0], m.value) for m in values] == [("FI_R_A", "-1"), ("FI_R_B", "0"),
                                                       ("FI_R_C", "5"), ("FI_R_D", "6")]
    assert h.entities[3].group == "Accessors" and h.entities[3].params == ["o"]
    assert h.entities[4].params == ["options", "payload"]
    assert h.entities[4].group is None


def test_markdown_of_a_comment():
    linker = text.Linker()
    linker.add("fi_store_open", "reference/c/store.md", "fi_store_open")
    linker.add("fi_free", "reference/c/common.md", "fi_free")
    doc = ("Open it; see fi_store_open() and @p path (a_b * 2 < 3).\n"
           "@code\nint x = 1;\n@endcode\n"
           "@param path  the file.\n@param[out] out  caller frees with fi_free().\n"
           "@return FI_OK.\n@since 0.1")
    md = text.c_doc(doc, linker, "reference/c/store.md")
    assert "[`fi_store_open()`](#fi_store_open)" in md
    assert "`path` (a\\_b \\* 2 &lt; 3)" in md
    assert "```c\nint x = 1;\n```" in md
    assert "- `out` *(out)* — caller frees with [`fi_free()`](common.md#fi_free)." in md
    assert "**Returns** `FI_OK`." in md
    assert md.endswith("*Since 0.1*")


UNDOCUMENTED_PACKAGE = {
    "__init__.py": '"""A package."""\nfrom .core import Thing, make, hidden_in_all\n'
                   '__all__ = ["Thing", "make", "missing", "hidden_in_all"]\n',
    "core.py": 'class Thing:\n    """A thing."""\n\n    def __init__(self):\n        self.parts = Parts()\n\n'
               '    def documented(self):\n        """Yes."""\n\n    def bare(self):\n        return 1\n\n'
               '    def _private(self):\n        return 2\n\n'
               'class Parts:\n    def count(self):\n        """How many."""\n\n'
               'def make():\n    return Thing()\n\n'
               'def hidden_in_all():\n    """Documented."""\n\n'
               'def helper_not_exported():\n    return 3\n',
    "_internal.py": "def plumbing():\n    return 4\n",
}


def test_an_undocumented_python_function_and_method_are_reported(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for name, src in UNDOCUMENTED_PACKAGE.items():
        (pkg / name).write_text(src)
    r = run_check("--python", str(pkg))
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert any(ln.endswith("function pkg.make has no docstring") for ln in lines), lines
    assert any(ln.endswith("method pkg.Thing.bare has no docstring") for ln in lines), lines
    # a class reached through an attribute set in __init__ is public too
    assert any(ln.endswith("class pkg.Parts has no docstring") for ln in lines), lines
    assert any("names missing" in ln for ln in lines), lines
    assert not any("helper_not_exported" in ln or "plumbing" in ln or "_private" in ln
                   or "documented " in ln for ln in lines), lines
    assert len(lines) == 4, lines


def test_python_reader_paths_and_signatures(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for name, src in UNDOCUMENTED_PACKAGE.items():
        (pkg / name).write_text(src)
    p = py_package.Package(pkg)
    assert set(p.objects) == {"pkg.Thing", "pkg.make", "pkg.hidden_in_all", "pkg.Parts"}
    assert p.objects["pkg.Thing"].module == "pkg.core"
    assert [m.name for m in p.objects["pkg.Thing"].members] == ["documented", "bare"]
    assert p.objects["pkg.make"].signature == "()"


def fake_project(tmp_path, header_text):
    """A project of one header, the real Python package and the real MkDocs configuration with a
    one-page guide."""
    root = tmp_path / "project"
    (root / "include" / "fitintel").mkdir(parents=True)
    (root / "include" / "fitintel" / "bad.h").write_text(header_text)
    shutil.copytree(ROOT / "bindings" / "python" / "fitintel", root / "bindings" / "python" / "fitintel",
                    ignore=shutil.ignore_patterns("__pycache__", "meson.build"))
    shutil.copytree(ROOT / "docs" / "css", root / "docs" / "css")
    (root / "docs" / "index.md").write_text("# A project\n\nSee the [reference](reference/c/index.md).\n")
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    cfg["nav"] = [{"Home": "index.md"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg))
    shutil.copy(ROOT / "meson.build", root / "meson.build")
    return root


def test_the_site_build_fails_naming_the_undocumented_function(tmp_path):
    root = fake_project(tmp_path, UNDOCUMENTED_HEADER)
    r = subprocess.run([sys.executable, str(BUILD_DOCS), "--root", str(root), str(tmp_path / "out")],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    out = r.stdout
    assert "not ok 1 - C:" in out
    assert "#   fitintel/bad.h:15: function fi_bad_undocumented has no documentation comment" in out
    assert "ok 2 - Python:" in out


def test_the_site_build_passes_on_a_documented_header(tmp_path):
    root = fake_project(tmp_path, DOCUMENTED_HEADER)
    r = subprocess.run([sys.executable, str(BUILD_DOCS), "--root", str(root), str(tmp_path / "out")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "not ok" not in r.stdout
    page = (tmp_path / "out" / "site" / "reference" / "c" / "bad.html").read_text()
    assert 'id="fi_thing_new"' in page and 'id="FI_THING_LARGE"' in page


def test_the_site_build_fails_on_a_link_to_an_anchor_that_does_not_exist(tmp_path):
    root = fake_project(tmp_path, DOCUMENTED_HEADER)
    (root / "docs" / "index.md").write_text(
        "# A project\n\n[fi_thing_new](reference/c/bad.md#fi_thing_new) and "
        "[a typo](reference/c/bad.md#fi_thing_nwe).\n")
    r = subprocess.run([sys.executable, str(BUILD_DOCS), "--root", str(root), str(tmp_path / "out")],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "not ok 6 - each of" in r.stdout
    assert '#   index.html: reference/c/bad.html#fi_thing_nwe: no id="fi_thing_nwe" there' in r.stdout
    assert "fi_thing_new:" not in r.stdout
