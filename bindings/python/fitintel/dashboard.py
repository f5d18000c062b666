"""The single-file HTML dashboard: every view of :mod:`fitintel.views` and the briefing in one
self-contained, offline page (``fitintel dashboard -o dashboard.html``, :meth:`Store.dashboard`).

The page needs nothing but itself: plotly.js is inlined once, each chart's figure travels as JSON in
a ``<script type="application/json">`` block drawn by one small inline script, and the CSS is a few
lines with system fonts. User text (notes, activity types, era names, SQL) is data: every piece of
text is escaped here, and embedded JSON has ``<``, ``>`` and ``&`` as ``\\u003c`` ... so that a note
reading ``</script>`` cannot end a script block.

usage: python3 -m fitintel.dashboard [--db STORE] -o FILE [--days N] [--at DATE]
"""
from __future__ import annotations

import argparse
import datetime as _dt
import html
import math
import os
import re
import sys
import tempfile
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

__all__ = ["render_dashboard", "write_dashboard", "main"]

#: Rows of one table shown at most (the views already cap theirs; this bounds the file).
MAX_TABLE_ROWS = 1000

_CSS = """
:root{--fg:#1b1b1b;--muted:#5f6368;--line:#dadce0;--bg:#fafafa;--card:#fff;--accent:#0072B2}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{position:sticky;top:0;z-index:10;background:#fff;border-bottom:1px solid var(--line);padding:.5rem 1.25rem}
header h1{font-size:1.15rem;margin:0 0 .25rem}
header .meta{color:var(--muted);font-size:.85rem;margin:0 0 .35rem}
nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem}
nav a{color:var(--accent);text-decoration:none;font-weight:600}
nav a:hover{text-decoration:underline}
main{padding:0 1.25rem 3rem;max-width:1400px;margin:0 auto}
section.view{padding-top:1rem;scroll-margin-top:6rem}
section.view>h2{font-size:1.4rem;border-bottom:2px solid var(--fg);padding-bottom:.2rem}
.part{margin:1rem 0 1.75rem;scroll-margin-top:6rem}
.part h3{font-size:1.05rem;margin:.2rem 0 .5rem}
.note{color:var(--muted);font-size:.85rem;margin:.3rem 0}
.error{color:#b00020}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .85rem;min-width:11rem;max-width:22rem}
.card .t{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
.card .v{font-size:1.5rem;font-weight:650}
.card .d{font-size:.85rem}
.card .h{color:var(--muted);font-size:.8rem}
.fig{background:#fff;border:1px solid var(--line);border-radius:8px;min-height:380px}
.tbl{overflow:auto;max-height:32rem;border:1px solid var(--line);border-radius:8px;background:#fff}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{padding:.3rem .55rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top;white-space:pre-wrap}
th{position:sticky;top:0;background:#f1f3f4}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.md{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.25rem 1rem}
.md h3{font-size:1.1rem}.md h4{font-size:1rem}.md h5,.md h6{font-size:.95rem}
pre{background:#f1f3f4;padding:.5rem;border-radius:6px;overflow:auto}
"""

# Draws every chart from its JSON block; the JSON is parsed, never evaluated as code.
_DRAW_JS = """
(function(){
  var divs=document.querySelectorAll('div.fig[data-json]');
  for(var i=0;i<divs.length;i++){
    var d=divs[i],src=document.getElementById(d.getAttribute('data-json'));
    try{var f=JSON.parse(src.textContent);
      Plotly.newPlot(d,f.data||[],f.layout||{},{responsive:true,displaylogo:false});}
    catch(e){d.textContent='This chart could not be drawn: '+e;d.className+=' error';}
  }
})();
"""


# ---------------------------------------------------------------------------------------------
# Escaping


def _esc(value: Any) -> str:
    """@value as HTML text (quotes escaped too, so the result is safe in attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def _json_for_script(text: str) -> str:
    """JSON text made safe inside <script>: '<', '>' and '&' only ever occur inside JSON strings,
    where their \\u escapes mean the same characters."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _slug(text: str) -> str:
    """A stable HTML id fragment from a view or section key."""
    return re.sub(r"[^a-z0-9_-]+", "-", str(text).lower()).strip("-") or "x"


_INLINE = [
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])_(?!\s)(.+?)(?<!\s)_(?![\w*])"), r"<em>\1</em>"),
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
]


_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _md_escape(text: str) -> str:
    """Escape @text for HTML as Markdown does: entity references (``&lt;``, written by views
    that escape user text themselves) stay references — they can only ever show characters."""
    parts, last = [], 0
    for m in _ENTITY.finditer(text):
        parts.append(_esc(text[last:m.start()]))
        parts.append(m.group(0))
        last = m.end()
    parts.append(_esc(text[last:]))
    return "".join(parts)


def _md_inline(text: str) -> str:
    """Escape @text, then apply the inline Markdown the library writes (bold, italic, code).
    The patterns only add fixed tags around already-escaped text."""
    out = _md_escape(text)
    for pat, rep in _INLINE:
        out = pat.sub(rep, out)
    return out


def render_markdown(md: str) -> str:
    """The small Markdown subset the briefing and the views produce — headings, bullet and
    numbered lists, paragraphs, bold/italic/code — as HTML, escaping all text first."""
    out: List[str] = []
    lst: Optional[str] = None    # "ul" or "ol" while inside a list
    para: List[str] = []
    code: List[str] = []         # an indented code block

    def flush_para() -> None:
        if para:    # a line ending in two spaces is a hard line break
            out.append("<p>" + "".join(_md_inline(p.strip()) + ("<br>" if p.endswith("  ")
                                                                 else " ") for p in para
                                       ).rstrip() + "</p>")
            para.clear()

    def flush_code() -> None:
        if code:
            out.append("<pre><code>" + _esc("\n".join(code)) + "</code></pre>")
            code.clear()

    def close_list() -> None:
        nonlocal lst
        if lst:
            out.append(f"</{lst}>")
            lst = None

    for raw in (md or "").splitlines():
        if raw.startswith("    ") and not lst and not para and raw.strip():
            code.append(raw[4:])
            continue
        flush_code()
        line = raw.rstrip()
        m_h = re.match(r"^(#{1,6})\s+(.*)$", line)
        m_ul = re.match(r"^\s*[-*+]\s+(.*)$", line)
        m_ol = re.match(r"^\s*\d+[.)]\s+(.*)$", line)
        if not line.strip():
            flush_para()
            close_list()
        elif m_h:
            flush_para()
            close_list()
            level = min(6, len(m_h.group(1)) + 2)     # page h1-h3 are taken
            out.append(f"<h{level}>{_md_inline(m_h.group(2))}</h{level}>")
        elif m_ul or m_ol:
            flush_para()
            kind = "ul" if m_ul else "ol"
            if lst != kind:
                close_list()
                out.append(f"<{kind}>")
                lst = kind
            out.append(f"<li>{_md_inline((m_ul or m_ol).group(1))}</li>")
        else:
            if lst:
                close_list()
            para.append(raw.strip() + ("  " if raw.endswith("  ") else ""))
    flush_code()
    flush_para()
    close_list()
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Cells and tables


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        import pandas as pd
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def _cell(v: Any) -> Tuple[str, bool]:
    """One table value as (text, is_number). Floats keep what a reader needs: 2 decimals, or 4
    significant digits below 1; dates without a time of day drop it."""
    import numpy as np
    if _is_missing(v):
        return "", False
    if isinstance(v, (bool, np.bool_)):
        return ("yes" if v else "no"), False
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}", True
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isinf(f):
            return ("∞" if f > 0 else "−∞"), True
        if f.is_integer() and abs(f) < 1e15:
            return f"{int(f):,}", True
        return (f"{f:.4g}" if abs(f) < 1 else f"{f:,.2f}"), True
    if isinstance(v, (_dt.datetime, np.datetime64)) or type(v).__name__ == "Timestamp":
        import pandas as pd
        ts = pd.Timestamp(v)
        if ts.hour == ts.minute == ts.second == 0 and ts.microsecond == 0:
            return ts.strftime("%Y-%m-%d"), False
        return ts.strftime("%Y-%m-%d %H:%M:%S"), False
    if isinstance(v, _dt.date):
        return v.isoformat(), False
    return str(v), False


def render_table(df: Any, max_rows: int = MAX_TABLE_ROWS) -> str:
    """A DataFrame (or anything pandas makes one of) as an escaped HTML table; at most @max_rows
    rows, with a note saying how many there were."""
    import pandas as pd
    if not isinstance(df, pd.DataFrame):
        df = pd.DataFrame(df)
    if df.empty:
        return '<p class="note">No rows.</p>'
    shown = df.iloc[:max_rows]
    head = "".join(f"<th>{_esc(c)}</th>" for c in shown.columns)
    id_cols = [bool(re.search(r"(^|_|\b)id$", str(c), re.IGNORECASE)) for c in shown.columns]
    rows = []
    for tup in shown.itertuples(index=False, name=None):
        tds = []
        for name, v in zip(id_cols, tup):
            text, num = _cell(v)
            if name and num and text:       # identifiers read as written, without separators
                text = text.replace(",", "")
            tds.append(f'<td class="num">{_esc(text)}</td>' if num else f"<td>{_esc(text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    out = (f'<div class="tbl"><table><thead><tr>{head}</tr></thead><tbody>'
           + "".join(rows) + "</tbody></table></div>")
    if len(df) > max_rows:
        out += f'<p class="note">The first {max_rows:,} of {len(df):,} rows.</p>'
    return out


def _render_cards(cards: Sequence[Any]) -> str:
    parts = []
    for c in cards:
        inner = f'<div class="t">{_esc(c.title)}</div><div class="v">{_esc(c.value)}</div>'
        if c.delta:
            inner += f'<div class="d">{_esc(c.delta)}</div>'
        if c.help:
            inner += f'<div class="h">{_esc(c.help)}</div>'
        parts.append(f'<div class="card" title="{_esc(c.help or "")}">{inner}</div>')
    return '<div class="cards">' + "".join(parts) + "</div>"


# ---------------------------------------------------------------------------------------------
# The page


class _Page:
    """Collects the HTML of the sections and the figures' JSON blocks while views are rendered."""

    def __init__(self) -> None:
        self.body: List[str] = []
        self.nav: List[Tuple[str, str]] = []
        self.figures: List[Tuple[str, str]] = []     # (script id, JSON text)

    def figure(self, fig_id: str, fig: Any) -> str:
        import plotly.io as pio
        text = pio.to_json(fig, validate=False, pretty=False)
        self.figures.append((fig_id + "-json", _json_for_script(text)))
        # a responsive chart takes its container's height: give tall figures the room they ask for
        height = fig.layout.height
        style = f' style="height:{int(height)}px"' if height else ""
        return (f'<div class="fig" id="{_esc(fig_id)}" data-json="{_esc(fig_id)}-json"{style}>'
                '</div>')

    def section(self, view_id: str, sec: Any) -> str:
        sid = f"{view_id}--{_slug(sec.key)}"
        out = [f'<div class="part" id="{_esc(sid)}" data-section="{_esc(sec.key)}" '
               f'data-kind="{_esc(sec.kind)}">']
        if sec.title:
            out.append(f"<h3>{_esc(sec.title)}</h3>")
        if sec.kind == "cards":
            out.append(_render_cards(sec.cards))
        elif sec.kind == "figure" and sec.figure is not None:
            out.append(self.figure(sid + "--fig", sec.figure))
        elif sec.kind == "table" and sec.table is not None:
            if len(sec.table) or not sec.note:      # an empty table's note says why
                out.append(render_table(sec.table))
        elif sec.kind == "markdown":
            out.append(f'<div class="md">{render_markdown(sec.markdown or "")}</div>')
        if sec.note:
            out.append(f'<p class="note">{_esc(sec.note)}</p>')
        out.append("</div>")
        return "".join(out)

    def view(self, view: Any, view_id: Optional[str] = None) -> None:
        vid = _slug(view_id or view.key)
        self.nav.append((vid, view.title))
        parts = [f'<section class="view" id="{_esc(vid)}" data-view="{_esc(view.key)}">',
                 f"<h2>{_esc(view.title)}</h2>"]
        parts += [self.section(vid, s) for s in view.sections]
        parts.append("</section>")
        self.body.append("".join(parts))

    def failed(self, key: str, title: str, err: Exception) -> None:
        """A view the library could not produce (e.g. no era, no model): say why, keep going."""
        vid = _slug(key)
        self.nav.append((vid, title))
        self.body.append(f'<section class="view" id="{_esc(vid)}" data-view="{_esc(key)}">'
                         f"<h2>{_esc(title)}</h2><p class=\"note error\">Not available: "
                         f"{_esc(err)}</p></section>")

    def parts(self, title: str, meta: str, plotly_js: str) -> List[str]:
        """The document as pieces in order (joined, or written one after the other: plotly.js
        alone is megabytes, not worth copying into one more string)."""
        nav = "".join(f'<a href="#{_esc(i)}">{_esc(t)}</a>' for i, t in self.nav)
        blocks = "".join(f'<script type="application/json" id="{_esc(i)}">{j}</script>\n'
                         for i, j in self.figures)
        # plotly.js is trusted library code; "</script" cannot occur in it (see _plotly_js).
        return ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>"
                f"<header><h1>{_esc(title)}</h1><p class=\"meta\">{_esc(meta)}</p>"
                f"<nav>{nav}</nav></header><main>", "\n".join(self.body), "</main>\n<script>",
                plotly_js, f"</script>\n{blocks}<script>{_DRAW_JS}</script></body></html>\n"]


_PLOTLY_JS: Optional[str] = None


def _plotly_js() -> str:
    """The plotly.js bundle the installed plotly package ships (read once per process)."""
    global _PLOTLY_JS
    if _PLOTLY_JS is None:
        js = None
        # Read the file directly: plotly.offline.get_plotlyjs() would first import IPython (~1 s).
        import plotly
        for candidate in (os.path.join(os.path.dirname(plotly.__file__), "package_data",
                                       "plotly.min.js"),          # plotly from PyPI
                          "/usr/share/python3-plotly/plotly.js"):   # Debian's python3-plotly
            if os.path.isfile(candidate):
                with open(candidate, encoding="utf-8") as f:
                    js = f.read()
                break
        if js is None:
            from plotly.offline import get_plotlyjs
            js = get_plotlyjs()
        if re.search(r"</script", js, re.IGNORECASE):
            js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
        _PLOTLY_JS = js
    return _PLOTLY_JS


def _view_calls(days: int, at: Any) -> Dict[str, Callable[[Any, Callable[..., Any]], Any]]:
    """How the dashboard calls each view: the hub on the dashboard's period, the SQL explorer
    without a live query (saved queries and history), the model page without a hypothetical
    workout."""
    return {
        "hub": lambda store, fn: fn(store, days=days, at=at),
        "sql": lambda store, fn: fn(store, query=None),
        "models": lambda store, fn: fn(store, hypothetical=None),
    }


def render_dashboard(store: Any, days: Optional[int] = None, at: Any = None,
                  views: Optional[Sequence[Tuple[str, str, Callable[..., Any]]]] = None) -> str:
    """The dashboard of @store as one HTML document (text); see :func:`_render_parts`."""
    return "".join(_render_parts(store, days, at, views))


def _render_parts(store: Any, days: Optional[int] = None, at: Any = None,
                  views: Optional[Sequence[Tuple[str, str, Callable[..., Any]]]] = None
                  ) -> List[str]:
    """The dashboard of @store as pieces of one HTML document.

    Args:
        store: an open :class:`fitintel.Store`.
        days: the period of the briefing and the hub (default: the store's ``brief.days``).
        at: the period's last day (default: today, or the latest workout's day when older).
        views: (key, title, function) triples; default every view of ``fitintel.views.VIEWS``.
    Raises:
        InvalidArgumentError: a bad @days or @at (from the library's briefing).
    """
    from .errors import Error
    if views is None:
        from .views import VIEWS as views     # type: ignore[no-redef]
    if days is None:
        days = int(store.config["brief.days"])
    brief = store.brief(days=days, at=at)     # validates days and at before anything is drawn
    page = _Page()
    calls = _view_calls(days, at)
    hub_briefing = None
    for key, title, fn in views:
        call = calls.get(key, lambda s, f: f(s))
        try:
            view = call(store, fn)
        except Error as err:       # the library says this view has nothing to show
            page.failed(key, title, err)
            continue
        page.view(view, key)
        if key == "hub" and "briefing" in view.keys():
            hub_briefing = f"{_slug(key)}--briefing"
    # The briefing leads the page: the hub's own briefing section when it has one, else the
    # library's briefing as a section of its own.
    if hub_briefing:
        page.nav.insert(0, (hub_briefing, "Briefing"))
    else:
        page.nav.insert(0, ("briefing", "Briefing"))
        page.body.insert(0, '<section class="view" id="briefing" data-view="briefing">'
                         f'<h2>Briefing</h2><div class="md">{render_markdown(brief.to_markdown())}'
                         "</div></section>")
    n = store.workout_count
    meta = (f"{n:,} workouts · briefing {brief.from_} to {brief.to} ({brief.days} days) · "
            f"generated {_dt.datetime.now().strftime('%Y-%m-%d %H:%M')}")
    return page.parts("fitintel dashboard", meta, _plotly_js())


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it (setting it to read
    it back would race with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_atomic(path: str, parts: Sequence[str]) -> None:
    """Write @parts to @path through a temporary file in the same directory and os.replace, so
    a reader sees the old file or the whole new one, never a part."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp",
                               dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for part in parts:
                f.write(part)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())    # mkstemp makes 0600; the dashboard is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_dashboard(store: Any, path: Any, days: Optional[int] = None, at: Any = None) -> None:
    """Write the dashboard of @store to @path (atomically: temporary file, then rename).
    @days and @at as in :func:`render_dashboard`."""
    _write_atomic(os.fspath(path), _render_parts(store, days=days, at=at))


# ---------------------------------------------------------------------------------------------
# python3 -m fitintel.dashboard


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:    # exit code 2 like the command, our own wording
        raise _Usage(message)


def main(argv: Optional[Sequence[str]] = None, prog: str = "fitintel dashboard") -> int:
    """The command line; returns 0 (written), 1 (error) or 2 (usage)."""
    ap = _Parser(prog=prog, description="Write the single-file HTML dashboard of a store: the "
                 "briefing and every view, offline (plotly.js inlined).")
    ap.add_argument("--db", help="the store (default: $FITINTEL_DB, else the user's store)")
    ap.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    ap.add_argument("--days", help="period of the briefing and the hub (default brief.days, 30)")
    ap.add_argument("--at", metavar="DATE", help="last day of the period")
    try:
        a = ap.parse_args(argv)
        days = None
        if a.days is not None:
            if not re.fullmatch(r"\d{1,5}", a.days) or not 1 <= int(a.days) <= 36600:
                raise _Usage("--days must be a whole number from 1 to 36600")
            days = int(a.days)
    except _Usage as e:
        print(f"fitintel: {prog.split()[-1]}: {e}\nusage: {ap.format_usage().split(': ', 1)[1]}",
              end="", file=sys.stderr)
        return 2

    # A command never displays in IPython, but every plotly Figure() imports plotly.offline,
    # which imports IPython (when installed) for notebook helpers: ~0.5 s of the run. Mark it
    # absent in this process (plotly treats it as an optional module).
    sys.modules.setdefault("IPython", None)   # type: ignore[arg-type]
    import fitintel
    try:
        with fitintel.open(a.db, readonly=True) as store:
            write_dashboard(store, a.output, days=days, at=a.at)
    except fitintel.InvalidArgumentError as e:
        print(f"fitintel: {prog.split()[-1]}: {e}", file=sys.stderr)
        return 2
    except fitintel.Error as e:
        print(f"fitintel: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"fitintel: cannot write {a.output}: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
