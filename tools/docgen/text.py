"""Text of the reference pages: comment and docstring markup turned into Markdown, names of the
API turned into links to the place that documents them."""
from __future__ import annotations

import posixpath
import re
from typing import Dict, List, Optional, Tuple

# `code`, a C name (fi_x, fi_x(), FI_X, fi_x.field, FI_E*), or one character
C_TOKEN = re.compile(r"(`[^`\n]*`)|\b((?:fi|FI)_\w*(?:\.\w+)?(?:\(\))?\*?)|(.)", re.S)
MD_SPECIAL = {"\\": "\\\\", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;",
              "&": "&amp;", "|": "\\|", "#": "\\#", "`": "\\`"}


def escape(text: str) -> str:
    """Plain text as Markdown that shows it as it is."""
    return "".join(MD_SPECIAL.get(c, c) for c in text)


def code_span(text: str) -> str:
    """`text` as inline code, with enough backticks around it."""
    ticks = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"      # a table does not split at a | inside code


class Linker:
    """Where each documented name lives: a page (relative to the docs folder) and an anchor."""

    def __init__(self) -> None:
        self.targets: Dict[str, Tuple[str, str]] = {}

    def add(self, name: str, page: str, anchor: str) -> None:
        self.targets.setdefault(name, (page, anchor))

    def url(self, name: str, from_page: str) -> Optional[str]:
        target = self.targets.get(name)
        if not target:
            return None
        page, anchor = target
        if page == from_page:
            return f"#{anchor}"
        rel = posixpath.relpath(page, posixpath.dirname(from_page) or ".")
        return f"{rel}#{anchor}"


def c_inline(text: str, linker: Linker, page: str) -> str:
    """One run of comment text as Markdown: @p/@c/@ref become code, names of the API links."""
    text = re.sub(r"@p\s+(\w+(?:\[\w*\])?)", lambda m: "`" + m.group(1) + "`", text)
    text = re.sub(r"@c\s+([^\s,;:.)]+)", lambda m: "`" + m.group(1) + "`", text)
    text = re.sub(r"@ref\s+([\w.]+)", lambda m: m.group(1), text)
    out = []
    for m in C_TOKEN.finditer(text):
        code, name, ch = m.groups()
        if code is not None:
            out.append(code)
        elif name is not None:
            out.append(c_name_link(name, linker, page))
        else:
            out.append(MD_SPECIAL.get(ch, ch))
    return "".join(out)


def c_name_link(name: str, linker: Linker, page: str) -> str:
    """A C name as code, linked when the reference documents it (fi_x.field links to fi_x)."""
    base = name.rstrip("*")
    bare = base[:-2] if base.endswith("()") else base
    url = linker.url(bare, page) or linker.url(bare.split(".")[0], page)
    shown = code_span(name)
    return f"[{shown}]({url})" if url else shown


def paragraphs(lines: List[str]) -> List[str]:
    """Lines of prose joined into Markdown blocks: paragraphs, and `- ` lists with their
    continuation lines; a blank line separates blocks."""
    blocks: List[str] = []
    cur: List[str] = []
    kind = None

    def flush():
        nonlocal cur, kind
        if cur:
            blocks.append("\n".join(cur) if kind == "list" else " ".join(cur))
        cur, kind = [], None

    for ln in lines:
        s = ln.strip()
        if not s:
            flush()
            continue
        if s.startswith("- "):
            if kind != "list":
                flush()
                kind = "list"
            cur.append(s)
        elif kind == "list" and cur:
            cur[-1] += " " + s
        else:
            if kind == "list":
                flush()
            kind = "para"
            cur.append(s)
    flush()
    return blocks


BLOCK_TAG = re.compile(r"@(param(?:\[[a-z, ]+\])?|returns?|since|brief|note|warning|see)(?!\w)")


def c_doc(doc: Optional[str], linker: Linker, page: str) -> str:
    """A documentation comment (Doxygen markup) as Markdown: the description, then Parameters,
    Returns and Since."""
    if not doc:
        return ""
    codes: List[str] = []

    def keep_code(m):
        codes.append(m.group(1).strip("\n"))
        return f"\n@@CODE{len(codes) - 1}@@\n"

    doc = re.sub(r"@code\s*\n?(.*?)@endcode", keep_code, doc, flags=re.S)
    parts = BLOCK_TAG.split(doc)
    description = parts[0]
    params, returns, since, notes = [], [], None, []
    for tag, body in zip(parts[1::2], parts[2::2]):
        body = body.strip()
        if tag.startswith("param"):
            direction = re.search(r"\[([a-z, ]+)\]", tag)
            m = re.match(r"(\w+(?:\s*,\s*\w+)*)\s*(.*)", body, re.S)
            if m:
                params.append((m.group(1), direction.group(1) if direction else "", m.group(2)))
            else:
                notes.append(("param", body))
        elif tag.startswith("return"):
            returns.append(body)
        elif tag == "since":
            since = body.split()[0] if body else None
        elif tag == "brief":
            description = body + "\n\n" + description
        else:
            notes.append((tag, body))

    out: List[str] = []
    for block in paragraphs(description.split("\n")):
        m = re.fullmatch(r"@@CODE(\d+)@@", block.strip())
        if m:
            out.append("```c\n" + _dedent(codes[int(m.group(1))]) + "\n```")
        elif block.startswith("- "):
            out.append("\n".join("- " + c_inline(item[2:], linker, page) for item in block.split("\n")))
        else:
            out.append(c_inline(block, linker, page))
    for tag, body in notes:
        out.append(f"**{tag.capitalize()}:** " + c_inline(" ".join(body.split()), linker, page))
    if params:
        items = []
        for names, direction, text in params:
            shown = ", ".join(code_span(n.strip()) for n in names.split(","))
            dir_txt = f" *({direction})*" if direction else ""
            desc = c_inline(" ".join(text.split()), linker, page)
            items.append(f"- {shown}{dir_txt}" + (f" — {desc}" if desc else ""))
        out.append("**Parameters**\n\n" + "\n".join(items))
    if returns:
        out.append("**Returns** " + c_inline(" ".join(" ".join(returns).split()), linker, page))
    if since:
        out.append(f"*Since {escape(since)}*")
    return "\n\n".join(out)


def _dedent(code: str) -> str:
    lines = code.split("\n")
    indent = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
    return "\n".join(ln[indent:] for ln in lines)


def c_short(doc: Optional[str], linker: Linker, page: str) -> str:
    """A member's comment on one line (a table cell)."""
    if not doc:
        return ""
    doc = re.sub(r"@since\s+(\S+)", r"Since \1", doc)
    return c_inline(" ".join(doc.split()), linker, page)


# ---- Python docstrings -------------------------------------------------------------------------

PY_ROLE = re.compile(r":(?:py:)?(class|meth|func|attr|mod|exc|data|obj):`~?([^`]+)`")
PY_TOKEN = re.compile(r"(``[^`]+``|`[^`\n]+`)|(.)", re.S)
SECTION_HEADS = {"Args", "Arguments", "Parameters", "Returns", "Return", "Yields", "Raises",
                 "Example", "Examples", "Note", "Notes", "Attributes", "See also"}


def py_inline(text: str, resolve, page: str) -> str:
    """Docstring text as Markdown: ``code`` and `code`, Sphinx roles as links when the name is
    documented (resolve(name) -> url or None)."""
    def role(m):
        name = m.group(2).strip()
        target = name.rstrip("()")
        url = resolve(target)
        shown = code_span(name.split(".")[-1] if name.startswith("~") else name)
        return f"\x00[{shown}]({url})\x00" if url else f"\x00{shown}\x00"

    text = PY_ROLE.sub(role, text)
    # the package's docstrings name parameters as @name
    text = re.sub(r"(?<![\w`])@(\w+)", lambda m: "\x00" + code_span(m.group(1)) + "\x00", text)
    out = []
    for piece in re.split(r"(\x00[^\x00]*\x00)", text):
        if piece.startswith("\x00"):
            out.append(piece.strip("\x00"))
            continue
        for m in PY_TOKEN.finditer(piece):
            code, ch = m.groups()
            if code is not None:
                out.append(code_span(code.strip("`")))
            else:
                out.append(MD_SPECIAL.get(ch, ch))
    return "".join(out)


def py_doc(doc: Optional[str], resolve, page: str) -> str:
    """A docstring as Markdown: paragraphs and lists, doctest examples as code, Google-style
    sections (Args:, Returns:, Raises:) as lists under a bold heading."""
    if not doc:
        return ""
    lines = doc.split("\n")
    out: List[str] = []
    prose: List[str] = []
    i = 0

    def flush_prose():
        for block in paragraphs(prose):
            if block.startswith("- "):
                out.append("\n".join("- " + py_inline(item[2:], resolve, page)
                                     for item in block.split("\n")))
            else:
                out.append(py_inline(block, resolve, page))
        prose.clear()

    while i < len(lines):
        ln = lines[i]
        s = ln.strip()
        if s.startswith(">>>"):
            flush_prose()
            code = []
            while i < len(lines) and lines[i].strip():
                code.append(lines[i].strip() if lines[i].strip().startswith((">>>", "...")) else lines[i].strip())
                i += 1
            out.append("```pycon\n" + "\n".join(code) + "\n```")
            continue
        head = re.fullmatch(r"([A-Z][a-z]+(?: [a-z]+)?):", s)
        if head and head.group(1) in SECTION_HEADS and ln == ln.lstrip():
            flush_prose()
            i += 1
            items: List[List[str]] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                body = lines[i]
                if not body.strip():
                    i += 1
                    if i < len(lines) and lines[i].strip() and not lines[i].startswith((" ", "\t")):
                        break
                    continue
                indent = len(body) - len(body.lstrip())
                if not items or indent <= items[-1][0]:
                    items.append([indent, body.strip()])
                else:
                    items[-1][1] += " " + body.strip()
                i += 1
            rendered = []
            for _, item in items:
                m = re.match(r"([\w*.]+(?:, [\w*.]+)*(?: \([^)]*\))?):\s+(.*)", item) \
                    if head.group(1) != "Returns" else None
                if m:
                    names = m.group(1)
                    url = resolve(names) if head.group(1) == "Raises" else None
                    shown = f"[{code_span(names)}]({url})" if url else code_span(names)
                    rendered.append(f"- {shown} — {py_inline(m.group(2), resolve, page)}")
                else:
                    rendered.append(f"- {py_inline(item, resolve, page)}")
            out.append(f"**{head.group(1)}**\n\n" + "\n".join(rendered))
            continue
        if ln.startswith(("    ", "\t")) and prose == [] and out and out[-1].endswith("::"):
            code = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(("    ", "\t"))):
                code.append(lines[i][4:])
                i += 1
            out.append("```\n" + "\n".join(code).strip("\n") + "\n```")
            continue
        prose.append(ln)
        i += 1
        if s.endswith("::") and (i >= len(lines) or not lines[i].strip()):
            flush_prose()
    flush_prose()
    return "\n\n".join(out)


def first_sentence(doc: Optional[str]) -> str:
    """The first line of a docstring's first paragraph, for summary tables."""
    if not doc:
        return ""
    para = doc.strip().split("\n\n")[0]
    return " ".join(para.split())
