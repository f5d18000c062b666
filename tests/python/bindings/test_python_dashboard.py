"""The HTML dashboard without a browser: `fitintel dashboard` (exit codes, messages, the file
written atomically), Store.dashboard() and `python3 -m fitintel.dashboard`, the old names kept for
scripts (`fitintel report`, Store.report(), fitintel.report), and the page's markup — offline (no
URL in any src/href), plotly.js inlined once, every view present, user text escaped, the figures'
JSON parseable and unable to close its script block. tests/browser/ loads the page."""
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

import fitintel
from fitintel import dashboard as dash
from fitintel import views
from conftest import base_env, find_fitintel
from dashboard_data import ALL_TEXT, make_store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path, _ = make_store(tmp_path_factory.mktemp("dashboard-store"))
    return path


def run(*args, cwd=None, env_extra=None, exe=None):
    env = base_env(cwd or os.getcwd())
    env.update(env_extra or {})
    return subprocess.run([exe or find_fitintel(), *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def written(db, tmp_path_factory):
    """The dashboard written by the command, and its text."""
    out = tmp_path_factory.mktemp("dashboard-out") / "dashboard.html"
    p = run("--db", db, "dashboard", "-o", out, "--days", 30)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "" and p.stderr == ""
    return out, out.read_text(encoding="utf-8")


class Markup(html.parser.HTMLParser):
    """Tags with their attributes, and the text of each <script> block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._script = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = [dict(attrs), ""]

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None


def parse(text):
    m = Markup()
    m.feed(text)
    m.close()
    return m


# ---- the command line ----

def test_help():
    p = run("dashboard", "--help")
    assert p.returncode == 0
    assert "-o, --output FILE" in p.stdout and "offline" in p.stdout
    listed = run("--help").stdout
    assert re.search(r"^  dashboard +write the single-file HTML dashboard", listed, re.M)
    assert re.search(r"^  report +old name of `dashboard`", listed, re.M)


@pytest.mark.parametrize("args, message", [
    ((), "missing -o FILE"),
    (("-o",), "needs an argument"),
    (("-o", "x.html", "--at", "not-a-date"), "--at needs a date such as 2025-10-07, not 'not-a-date'"),
    (("-o", "x.html", "--at", "2025-02-30"), "--at needs a date such as 2025-10-07, not '2025-02-30'"),
    (("-o", "x.html", "--days", "0"), "--days needs a whole number from 1 to 36600, not '0'"),
    (("-o", "x.html", "--days", "ten"), "--days needs a whole number from 1 to 36600, not 'ten'"),
    (("-o", "x.html", "--bogus"), "unknown option '--bogus'"),
    (("-o", "x.html", "extra"), "unexpected argument 'extra'"),
])
def test_usage_errors(tmp_path, db, args, message):
    p = run("--db", db, "dashboard", *args, cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    assert message in p.stderr
    assert "usage: fitintel dashboard" in p.stderr
    assert not (tmp_path / "x.html").exists()


def test_missing_store_is_an_error(tmp_path):
    out = tmp_path / "d.html"
    p = run("--db", tmp_path / "absent.db", "dashboard", "-o", out, cwd=tmp_path)
    assert p.returncode == 1
    assert p.stderr.startswith("fitintel: ") and "absent.db" in p.stderr
    assert "Traceback" not in p.stderr
    assert not out.exists() and not (tmp_path / "absent.db").exists()


def test_unwritable_output_is_an_error(tmp_path, db):
    out = tmp_path / "no-such-dir" / "d.html"
    p = run("--db", db, "dashboard", "-o", out, cwd=tmp_path)
    assert p.returncode == 1
    assert "fitintel: cannot write" in p.stderr and "Traceback" not in p.stderr


def test_missing_package_says_what_to_install(tmp_path, db):
    """A copy of the command outside the build tree, with no package on PYTHONPATH."""
    probe = subprocess.run([sys.executable, "-c", "import fitintel"], capture_output=True,
                           env={"PATH": os.environ.get("PATH", "")})
    if probe.returncode == 0:
        pytest.skip("the fitintel package is installed system-wide")
    exe = tmp_path / "bin" / "fitintel"
    exe.parent.mkdir()
    shutil.copy2(find_fitintel(), exe)
    env = {k: v for k, v in base_env(tmp_path).items() if k != "PYTHONPATH"}
    lib = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(find_fitintel()))),
                       "libfitintel")
    env["LD_LIBRARY_PATH"] = lib + os.pathsep + env.get("LD_LIBRARY_PATH", "")
    p = subprocess.run([str(exe), "--db", str(db), "dashboard", "-o", str(tmp_path / "d.html")],
                       capture_output=True, text=True, env=env, timeout=120)
    if "error while loading shared libraries" in p.stderr:
        pytest.skip("the copied command cannot find libfitintel outside the build tree")
    assert p.returncode == 1
    assert p.stderr.startswith("fitintel: dashboard: the Python package cannot be loaded")
    assert "tools/setup-venv" in p.stderr and "'.[dashboard]'" in p.stderr
    assert "Traceback" not in p.stderr


def test_written_atomically(tmp_path, db):
    out = tmp_path / "dash.html"
    out.write_text("old dashboard")
    before = os.stat(out).st_ino
    p = run("--db", db, "dashboard", "-o", out, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert os.stat(out).st_ino != before                  # a new file renamed over the old one
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert oct(os.stat(out).st_mode & 0o777) == oct(0o666 & ~current_umask())
    assert sorted(x.name for x in tmp_path.iterdir()) == ["dash.html"]   # no temporary left


def test_failure_keeps_the_old_file(tmp_path, db):
    out = tmp_path / "dash.html"
    out.write_text("old dashboard")
    with fitintel.open(db, readonly=True) as store:
        with pytest.raises(fitintel.InvalidArgumentError):
            store.dashboard(out, at="2025-13-45")
        with pytest.raises(fitintel.InvalidArgumentError):
            store.dashboard(out, days=0)
    assert out.read_text() == "old dashboard"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["dash.html"]


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_python_module_exit_codes(tmp_path, db):
    def py(*args):
        return subprocess.run([sys.executable, "-m", "fitintel.dashboard", *map(str, args)],
                              capture_output=True, text=True, env=base_env(tmp_path), timeout=600)
    assert py().returncode == 2
    p = py("--db", db, "-o", tmp_path / "m.html", "--at", "someday")
    assert p.returncode == 2 and "fitintel: dashboard:" in p.stderr
    assert py("--db", tmp_path / "absent.db", "-o", tmp_path / "m.html").returncode == 1
    p = py("--db", db, "-o", tmp_path / "m.html", "--days", "7", "--at", "2025-06-30")
    assert p.returncode == 0, p.stderr
    assert "2025-06-24 to 2025-06-30" in (tmp_path / "m.html").read_text(encoding="utf-8")


# ---- the page ----

def test_offline_and_plotly_inlined_once(written):
    _, text = written
    m = parse(text)
    for tag, attrs in m.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), tag
        for name in ("src", "href", "action", "srcset"):
            value = attrs.get(name)
            if value is not None:
                assert tag == "a" and name == "href" and value.startswith("#"), (tag, attrs)
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text.split("<script>")[0])
    code = [body for attrs, body in m.scripts if "type" not in attrs]
    assert len(code) == 2                                   # plotly.js, then the drawing code
    assert "Plotly.newPlot" in code[1] and "JSON.parse" in code[1]
    assert text.count("* plotly.js v") == 1                 # the bundle's banner: once


def test_every_view_has_its_section(written, db):
    _, text = written
    m = parse(text)
    sections = [a.get("id") for t, a in m.tags if t == "section"]
    assert sections == [key for key, _, _ in views.VIEWS]
    nav = [a["href"] for t, a in m.tags if t == "a"]
    assert nav[0] == "#hub--briefing"
    assert nav[1:] == ["#" + key for key, _, _ in views.VIEWS]
    ids = {a.get("id") for _, a in m.tags}
    with fitintel.open(db, readonly=True) as store:
        hub = views.hub(store, days=30)
        for s in hub.sections:
            assert f"hub--{s.key}" in ids
        assert "hub--briefing" in ids
        brief = store.brief(days=30)
    assert f"{brief.from_} to {brief.to}" in html.unescape(text)


def test_figures_are_json_that_cannot_close_the_script(written):
    _, text = written
    m = parse(text)
    blocks = {a["id"]: body for a, body in m.scripts if a.get("type") == "application/json"}
    figs = [a for t, a in m.tags if t == "div" and "fig" in a.get("class", "").split()]
    assert figs and len(blocks) == len(figs)
    for div in figs:
        body = blocks[div["data-json"]]
        assert not re.search(r"[<>&]", body)
        fig = json.loads(body)
        assert fig["data"], div["id"]
    # the era's name reaches the figures (legend, annotation) only as JSON-escaped text
    assert any(re.search(r"\\u00(3c|26)", b) for b in blocks.values())


def test_user_text_is_escaped(written):
    _, text = written
    for payload in ALL_TEXT:
        assert payload not in text, payload
    visible = html.unescape(re.sub(r"<[^>]+>", "", text.split("<script>")[0]))
    for payload in ALL_TEXT:
        assert payload in visible, payload
    m = parse(text)
    assert not [a for t, a in m.tags if t in ("img", "b")]
    assert len([1 for t, _ in m.tags if t == "script"]) == len(m.scripts)


def test_empty_store(tmp_path):
    """A new store (no workouts, model or era) still gives every view, each saying why it is
    empty rather than failing."""
    db = tmp_path / "empty.db"
    fitintel.open(db).close()
    out = tmp_path / "empty.html"
    p = run("--db", db, "dashboard", "-o", out, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    m = parse(out.read_text(encoding="utf-8"))
    assert [a.get("id") for t, a in m.tags if t == "section"] == [k for k, _, _ in views.VIEWS]
    assert not [a for t, a in m.tags if "error" in a.get("class", "").split()]


GENERATED = re.compile(r"generated \d{4}-\d\d-\d\d \d\d:\d\d")


def same_page(path, text):
    """Whether the file at @path is the page @text but for the minute it was generated."""
    return GENERATED.sub("", path.read_text(encoding="utf-8")) == GENERATED.sub("", text)


@pytest.mark.parametrize("method", ["dashboard", "report"])     # report: the old name
def test_store_dashboard_matches_the_command(written, db, tmp_path, method):
    _, text = written
    out = tmp_path / "api.html"
    with fitintel.open(db, readonly=True) as store:
        getattr(store, method)(out, days=30)
    assert same_page(out, text)


# ---- the old names, kept for scripts ----

def test_report_command_is_the_old_name(written, db, tmp_path):
    """`fitintel report` writes the same page, and its messages name the command as typed."""
    _, text = written
    out = tmp_path / "old.html"
    p = run("--db", db, "report", "-o", out, "--days", 30, cwd=tmp_path)
    assert p.returncode == 0 and p.stdout == "" and p.stderr == "", p.stderr
    assert same_page(out, text)
    p = run("--db", db, "report", cwd=tmp_path)
    assert p.returncode == 2 and "fitintel: report: missing -o FILE" in p.stderr
    assert "usage: fitintel report" in p.stderr
    p = run("--db", db, "report", "-o", out, "--at", "2025-06-31x", cwd=tmp_path)
    assert p.returncode == 2 and p.stderr.startswith("fitintel: report: "), p.stderr
    assert "old name of `dashboard`" in run("report", "--help").stdout


def test_report_module_is_the_old_name(db, tmp_path):
    from fitintel import report as old
    assert old.write_report is dash.write_dashboard
    p = subprocess.run([sys.executable, "-m", "fitintel.report", "--db", str(db), "-o",
                        str(tmp_path / "m.html"), "--at", "someday"],
                       capture_output=True, text=True, env=base_env(tmp_path), timeout=600)
    assert p.returncode == 2 and p.stderr.startswith("fitintel: report: "), p.stderr


# ---- the pieces ----

def test_markdown_subset_is_escaped():
    md = ("# Title <script>x</script>\n\nSome **bold <b>** and _it_ & `co<de>`;"
          " &lt;kept&gt;  \nnext\n\n- one <img src=x>\n- two\n\n1. first\n\n    code <i>\n")
    out = dash.render_markdown(md)
    assert "<script>" not in out and "<img" not in out and "<b>" not in out and "<i>" not in out
    assert "<h3>Title &lt;script&gt;x&lt;/script&gt;</h3>" in out
    assert "<strong>bold &lt;b&gt;</strong>" in out and "<em>it</em>" in out
    assert "<code>co&lt;de&gt;</code>" in out and "&amp; " in out
    assert "&lt;kept&gt;<br>next" in out
    assert "<ul>\n<li>one &lt;img src=x&gt;</li>\n<li>two</li>\n</ul>" in out
    assert "<ol>\n<li>first</li>\n</ol>" in out
    assert "<pre><code>code &lt;i&gt;</code></pre>" in out


def test_table_cells_are_escaped_and_capped():
    import pandas as pd
    df = pd.DataFrame({"workout_id": [1013434612, 7], "notes": ["<img src=x>", None],
                       "pace": [9.123, float("nan")], "n": [1234, 5],
                       "date": pd.to_datetime(["2025-01-02", "2025-01-03"])})
    out = dash.render_table(df)
    assert "<img" not in out and "&lt;img src=x&gt;" in out
    assert ">1013434612<" in out and ">1,234<" in out and ">9.12<" in out
    assert ">2025-01-02<" in out
    capped = dash.render_table(pd.DataFrame({"a": range(5)}), max_rows=2)
    assert capped.count("<tr>") == 3 and "The first 2 of 5 rows." in capped


def test_json_escape_keeps_the_value():
    text = json.dumps({"n": "</script><b>&amp;"})
    safe = dash._json_for_script(text)
    assert not re.search(r"[<>&]", safe)
    assert json.loads(safe) == json.loads(text)
