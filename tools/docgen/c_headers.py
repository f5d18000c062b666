"""Read the public C headers: every declaration at file level, with the documentation comment
that belongs to it, in source order.

A documentation comment is `/** ... */` right before a declaration (nothing but white space and
plain comments between them) or `/**< ... */` after it (a struct field, an enum value, a macro).
A comment that documents one declaration never documents the next: every function and type has
its own. `/** @name Title @{ */ ... /** @} */` groups declarations under a title, and a plain
comment `/* ---- title ---- */` at file level starts a section; neither documents anything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

IDENT = re.compile(r"[A-Za-z_]\w*")
NUMBER = re.compile(r"(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)[uUlLfF]*")
SECTION = re.compile(r"^/\*\s*-{2,}\s*(.*?)\s*-*\s*\*/$", re.S)
MACRO_LIKE = re.compile(r"^(__\w+|[A-Z][A-Z0-9_]*)$")
# identifiers that open or close the C++ guard and stand as statements without a semicolon
BARE_MACROS = {"FI_BEGIN_DECLS", "FI_END_DECLS"}


@dataclass
class Token:
    kind: str          # 'code', 'doc' (/** */), 'trail' (/**< */), 'pp' (a preprocessor line), 'section'
    text: str
    start: int
    end: int
    line: int


@dataclass
class Member:
    """A struct field (names: one or more declarators) or an enum value."""
    names: List[str]
    code: str                      # the field's declaration, or "NAME = value"
    doc: Optional[str] = None
    value: Optional[str] = None    # enum values: the number, when it is known
    line: int = 0


@dataclass
class Entity:
    kind: str                      # function, struct, enum, opaque, callback, typedef, macro
    name: str
    code: str                      # the declaration as a reader sees it (comments removed)
    doc: Optional[str]
    line: int
    members: List[Member] = field(default_factory=list)
    params: List[str] = field(default_factory=list)   # functions and callbacks: parameter names
    group: Optional[str] = None    # title of the @name group it is in
    section: Optional[str] = None  # title of the /* ---- section ---- */ it is in
    definition: str = ""           # macros: the #define as written (continuation lines kept)


@dataclass
class Header:
    path: Path
    name: str                      # as included: "fitintel/store.h"
    brief: str
    doc: str                       # the @file comment without @file and @brief
    entities: List[Entity]


class HeaderError(Exception):
    """A header the reader cannot follow (an unterminated comment, a declaration of an unknown shape)."""


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def lex(text: str) -> List[Token]:
    """Tokens of a header: code (identifiers, numbers, strings, punctuation), comments that
    document, preprocessor lines, and section comments. White space and other comments are dropped."""
    tokens: List[Token] = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise HeaderError(f"line {_line_at(text, i)}: unterminated comment")
            body = text[i:j + 2]
            if body.startswith("/**<"):
                tokens.append(Token("trail", body[4:-2], i, j + 2, _line_at(text, i)))
            elif body.startswith("/**") and not body.startswith("/**/"):
                tokens.append(Token("doc", body[3:-2], i, j + 2, _line_at(text, i)))
            else:
                m = SECTION.match(body)
                if m and m.group(1):
                    tokens.append(Token("section", m.group(1), i, j + 2, _line_at(text, i)))
            i = j + 2
            line_start = False
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "#" and line_start:
            # a directive runs to the end of the line (continuations included) or to a comment
            j = i
            while j < n and text[j] != "\n":
                if text.startswith("/*", j):
                    break
                if text[j] == "\\" and j + 1 < n and text[j + 1] == "\n":
                    j += 2
                    continue
                j += 1
            tokens.append(Token("pp", text[i:j].rstrip(), i, j, _line_at(text, i)))
            i = j
            line_start = False
            continue
        line_start = False
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            tokens.append(Token("code", text[i:j + 1], i, j + 1, _line_at(text, i)))
            i = j + 1
            continue
        m = IDENT.match(text, i) or NUMBER.match(text, i)
        if m:
            tokens.append(Token("code", m.group(0), i, m.end(), _line_at(text, i)))
            i = m.end()
            continue
        tokens.append(Token("code", c, i, i + 1, _line_at(text, i)))
        i += 1
    return tokens


def clean_comment(body: str) -> str:
    """The text of a comment without its frame: the leading ` * ` of each line is dropped, other
    lines lose their indentation; code between @code and @endcode keeps its own."""
    lines = body.split("\n")
    out = []
    for ln in lines:
        m = re.match(r"^\s*\* ?", ln)
        if m and not ln.strip().startswith("*/"):
            out.append(ln[m.end():].rstrip())
        else:
            out.append(ln.strip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def strip_comments(code: str) -> str:
    """Source text without its comments; lines that held only a comment go away."""
    out = []
    for raw, stripped in zip(code.split("\n"), re.sub(
            r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), code, flags=re.S).split("\n")):
        stripped = re.sub(r"//.*", "", stripped).rstrip()
        if stripped.strip() or not raw.strip():
            out.append(stripped)
    return "\n".join(out).strip("\n")


def one_line(code: str) -> str:
    """A declaration on one line, white space collapsed, `( ` and ` )` tightened."""
    s = re.sub(r"\s+", " ", strip_comments(code)).strip()
    s = re.sub(r"\(\s+", "(", s)
    s = re.sub(r"\s+\)", ")", s)
    return re.sub(r"\s+([,;])", r"\1", s)


def wrap_prototype(proto: str, width: int = 96) -> str:
    """A long prototype broken after the commas of its parameter list."""
    if len(proto) <= width or "(" not in proto:
        return proto
    head, _, rest = proto.partition("(")
    params, depth, cur = [], 0, ""
    for ch in rest:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            params.append(cur.strip() + ",")
            cur = ""
        else:
            cur += ch
    params.append(cur.strip())
    indent = " " * (len(head) + 1)
    lines, line = [], head + "("
    for p in params:
        if len(line) + len(p) + 1 > width and line.strip() and not line.endswith("("):
            lines.append(line.rstrip())
            line = indent
        line += p + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


def _declarator_name(tokens: List[str]) -> Optional[str]:
    """The name a declarator declares: `(*name)(...)`, `name[N]`, `*name`, `name`."""
    s = " ".join(tokens)
    m = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)", s)
    if m:
        return m.group(1)
    s = re.sub(r"\[[^\]]*\]", "", s)
    s = re.sub(r"=.*", "", s)
    names = IDENT.findall(s)
    return names[-1] if names else None


def _split_depth0(tokens: List[Token], sep: str) -> List[List[Token]]:
    parts: List[List[Token]] = [[]]
    depth = 0
    for t in tokens:
        if t.kind == "code":
            if t.text in "([{":
                depth += 1
            elif t.text in ")]}":
                depth -= 1
            elif t.text == sep and depth == 0:
                parts[-1].append(t)
                parts.append([])
                continue
        parts[-1].append(t)
    return parts


def _merge_doc(old: Optional[str], new: str) -> str:
    return new if not old else old + "\n" + new


def _struct_members(body: List[Token], text: str) -> List[Member]:
    """Fields of a struct body (the tokens between its braces)."""
    members: List[Member] = []
    pending: Optional[str] = None
    for part in _split_depth0(body, ";"):
        for t in part:
            if t.kind == "trail" and members and not any(
                    p.kind == "code" for p in part[:part.index(t)]):
                members[-1].doc = _merge_doc(members[-1].doc, clean_comment(t.text))
        code = [t for t in part if t.kind == "code"]
        if not [t for t in code if t.text != ";"]:
            pending = next((clean_comment(t.text) for t in part if t.kind == "doc"), pending)
            continue
        docs = [t for t in part if t.kind == "doc" and t.start < code[0].start]
        doc = clean_comment(docs[-1].text) if docs else pending
        pending = None
        names = []
        for decl in _split_depth0([t for t in code if t.text != ";"], ","):
            name = _declarator_name([t.text for t in decl if t.text != ","])
            if name:
                names.append(name)
        src = text[code[0].start:code[-1].end]
        member = Member(names=names, code=one_line(src).rstrip(";"), doc=doc, line=code[0].line)
        trails = [t for t in part if t.kind == "trail" and t.start > code[0].start]
        for t in trails:
            member.doc = _merge_doc(member.doc, clean_comment(t.text))
        members.append(member)
    return members


def _enum_members(body: List[Token], text: str) -> List[Member]:
    """Values of an enum body; a value without `=` is the one before it plus one."""
    members: List[Member] = []
    pending: Optional[str] = None
    previous: Optional[int] = -1
    for part in _split_depth0(body, ","):
        code = [t for t in part if t.kind == "code" and t.text != ","]
        for t in part:
            if t.kind == "trail" and (not code or t.start < code[0].start) and members:
                members[-1].doc = _merge_doc(members[-1].doc, clean_comment(t.text))
        if not code:
            continue
        docs = [t for t in part if t.kind == "doc" and t.start < code[0].start]
        doc = clean_comment(docs[-1].text) if docs else pending
        name = code[0].text
        expr = " ".join(t.text for t in code[2:]) if len(code) > 2 and code[1].text == "=" else None
        value: Optional[int] = None
        if expr is None:
            value = None if previous is None else previous + 1
        else:
            try:
                value = int(expr.replace(" ", ""), 0)
            except ValueError:
                value = None
        previous = value
        member = Member(names=[name], code=f"{name} = {expr}" if expr else name, doc=doc,
                        value=None if value is None else str(value), line=code[0].line)
        for t in part:
            if t.kind == "trail" and t.start > code[0].start:
                member.doc = _merge_doc(member.doc, clean_comment(t.text))
        members.append(member)
    return members


def _param_names(texts: List[str], open_i: int) -> List[str]:
    """Parameter names of the list that opens at texts[open_i] == "("."""
    depth, params, cur = 0, [], []
    for w in texts[open_i:]:
        if w == "(":
            depth += 1
            if depth == 1:
                continue
        elif w == ")":
            depth -= 1
            if depth == 0:
                break
        if w == "," and depth == 1:
            params.append(cur)
            cur = []
        else:
            cur.append(w)
    params.append(cur)
    names = []
    for p in params:
        if p in ([], ["void"], ["..."]):
            continue
        nm = _declarator_name(p)
        if nm and len([x for x in p if IDENT.fullmatch(x)]) > 1:   # `int` alone names nothing
            names.append(nm)
    return names


def _function_params(code: List[Token]) -> Tuple[Optional[str], List[str]]:
    """Name and parameter names of a function declaration."""
    texts = [t.text for t in code]
    for i, w in enumerate(texts[:-1]):
        if texts[i + 1] == "(" and IDENT.fullmatch(w) and not MACRO_LIKE.match(w):
            return w, _param_names(texts, i + 1)
    return None, []


def _classify(code: List[Token], inner: List[Token], text: str) -> Entity:
    """What one file-level declaration (ending in `;`) declares."""
    words = [t.text for t in code]
    src = text[code[0].start:code[-1].end]
    line = code[0].line
    if "FI_API" in words:
        name, params = _function_params(code)
        if not name:
            raise HeaderError(f"line {line}: an FI_API declaration without a function: {one_line(src)}")
        proto = one_line(src).replace("FI_API ", "")
        return Entity("function", name, wrap_prototype(proto), None, line, params=params)
    if words[0] == "typedef":
        if words[1] in ("struct", "enum", "union"):
            if "{" in words:
                open_i = words.index("{")
                close_i = len(words) - 1 - words[::-1].index("}")
                body = sorted((t for t in code + inner if code[open_i].start < t.start < code[close_i].start),
                              key=lambda t: t.start)
                name = words[close_i + 1]
                kind = "enum" if words[1] == "enum" else "struct"
                members = (_enum_members if kind == "enum" else _struct_members)(body, text)
                return Entity(kind, name, strip_comments(src), None, line, members=members)
            return Entity("opaque", words[-2], one_line(src), None, line)
        m = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)", " ".join(words))
        if m:
            params = _param_names(words, words.index(")") + 1)
            return Entity("callback", m.group(1), one_line(src), None, line, params=params)
        return Entity("typedef", words[-2], one_line(src), None, line)
    raise HeaderError(f"line {line}: a declaration of a shape the reference does not know: {one_line(src)}")


def _macro(tok: Token) -> Optional[Entity]:
    m = re.match(r"#\s*define\s+([A-Za-z_]\w*)(\([^)]*\))?\s*(.*)", tok.text, re.S)
    if not m:
        return None
    name = m.group(1)
    if not name.startswith("FI_"):
        return None      # include guards (FITINTEL_*_H) and anything not ours
    value = re.sub(r"\s*\\\n\s*", " ", m.group(3)).strip()
    return Entity("macro", name + (m.group(2) or ""), value, None, tok.line,
                  definition=tok.text.expandtabs(4))


def parse_header(path: Path, name: Optional[str] = None, text: Optional[str] = None) -> Header:
    """Every public declaration of one header, in source order, with its documentation."""
    text = path.read_text(encoding="utf-8") if text is None else text
    tokens = lex(text)
    brief, file_doc = "", ""
    entities: List[Entity] = []
    pending: Optional[Token] = None      # the last /** */ seen, until something else comes
    group: Optional[str] = None
    section: Optional[str] = None
    # open #if blocks: True for the include guard (#ifndef X_H); a macro defined inside any
    # other is the header's own machinery (FI_API's variants, FI_BEGIN_DECLS), not API
    conditions: List[bool] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "doc":
            body = clean_comment(t.text)
            if "@file" in body:
                brief, file_doc = _file_comment(body)
                pending = None
            elif re.match(r"^\s*@\}\s*$", body):
                group, pending = None, None
            elif "@name" in body:
                m = re.search(r"@name\s+([^\n@]*)", body)
                group = m.group(1).strip() if m else None
                pending = None
            else:
                pending = t
            i += 1
            continue
        if t.kind == "section":
            section, pending = t.text, None
            i += 1
            continue
        if t.kind == "trail":
            if entities and entities[-1].kind == "macro" and entities[-1].line == t.line:
                entities[-1].doc = _merge_doc(entities[-1].doc, clean_comment(t.text))
            i += 1
            continue
        if t.kind == "pp":
            directive = re.match(r"#\s*(\w+)\s*(\w*)", t.text)
            word = directive.group(1) if directive else ""
            if word in ("if", "ifdef", "ifndef"):
                conditions.append(word == "ifndef" and directive.group(2).endswith("_H"))
            elif word == "endif" and conditions:
                conditions.pop()
            ent = _macro(t) if all(conditions) else None
            if ent:
                ent.doc = clean_comment(pending.text) if pending else None
                ent.group, ent.section = group, section
                entities.append(ent)
            pending = None
            i += 1
            continue
        if t.text in BARE_MACROS:
            pending = None
            i += 1
            continue
        # a declaration: code up to a `;` outside braces and parentheses
        code: List[Token] = []
        inner: List[Token] = []
        depth = 0
        while i < len(tokens):
            u = tokens[i]
            if u.kind == "code":
                code.append(u)
                if u.text in "({[":
                    depth += 1
                elif u.text in ")}]":
                    depth -= 1
                elif u.text == ";" and depth == 0:
                    i += 1
                    break
            elif u.kind in ("doc", "trail"):
                if depth == 0 and u.kind == "doc":
                    raise HeaderError(f"line {u.line}: a documentation comment inside a declaration")
                inner.append(u)
            elif u.kind == "pp":
                raise HeaderError(f"line {u.line}: a preprocessor line inside a declaration")
            i += 1
        else:
            raise HeaderError(f"line {code[0].line}: a declaration without its ';'")
        ent = _classify(code, inner, text)
        ent.doc = clean_comment(pending.text) if pending else None
        # a /**< */ right after the `;`, on the same line, documents the declaration too
        if i < len(tokens) and tokens[i].kind == "trail" and tokens[i].line == code[-1].line:
            ent.doc = _merge_doc(ent.doc, clean_comment(tokens[i].text))
            i += 1
        ent.group, ent.section = group, section
        entities.append(ent)
        pending = None
    return Header(path=path, name=name or f"fitintel/{path.name}", brief=brief, doc=file_doc,
                  entities=entities)


def _file_comment(body: str) -> Tuple[str, str]:
    """The @brief (up to the first blank line) and the rest of an @file comment."""
    body = re.sub(r"@file\s+\S+\s*", "", body)
    m = re.search(r"@brief\s+(.*?)(?:\n\s*\n|$)(.*)", body, re.S)
    if not m:
        return "", body.strip()
    brief = re.sub(r"\s+", " ", m.group(1)).strip()
    return brief, m.group(2).strip()


# ---- what must be documented -------------------------------------------------------------------

def undocumented(header: Header) -> List[str]:
    """Problems that fail the build, one line each, naming the declaration: a function or type
    without its own comment, an enum value without one, a @param naming no parameter."""
    problems = []
    for e in header.entities:
        where = f"{header.name}:{e.line}"
        if e.kind == "macro":
            continue
        if not e.doc or not _has_text(e.doc):
            what = {"function": "function", "callback": "callback type", "opaque": "type",
                    "struct": "struct", "enum": "enum", "typedef": "type"}[e.kind]
            problems.append(f"{where}: {what} {e.name} has no documentation comment")
        if e.kind == "enum":
            for m in e.members:
                if not m.doc or not _has_text(m.doc):
                    problems.append(f"{header.name}:{m.line}: enum value {m.names[0]} (of {e.name}) "
                                    "has no documentation comment")
        docs = [e.doc] + [m.doc for m in e.members]
        for tag in sorted({t for d in docs if d for t in re.findall(r"(?<![\w@])@(\w+|[{}])", d)} - KNOWN_TAGS):
            problems.append(f"{where}: {e.name}: @{tag} is not a documentation command the "
                            f"reference knows ({', '.join('@' + t for t in sorted(KNOWN_TAGS))})")
        if e.kind == "function" and e.doc:
            for p in documented_params(e.doc):
                if p not in e.params:
                    problems.append(f"{where}: {e.name} documents @param {p}, which it does not have "
                                    f"(its parameters: {', '.join(e.params) or 'none'})")
    return problems


# the Doxygen commands the headers use, and text.py renders
KNOWN_TAGS = {"brief", "file", "param", "return", "returns", "since", "p", "c", "ref", "code",
              "endcode", "name", "note", "warning", "see", "{", "}"}


def documented_params(doc: str) -> List[str]:
    names = []
    for m in re.finditer(r"@param(?:\[[a-z, ]+\])?\s+(\w+(?:\s*,\s*\w+)*)", doc):
        names += [n.strip() for n in m.group(1).split(",")]
    return names


def _has_text(doc: str) -> bool:
    """A comment says something beyond its tags (`/** @since 0.1 */` alone documents nothing)."""
    return bool(re.sub(r"@since\s+\S+", "", doc).strip())
