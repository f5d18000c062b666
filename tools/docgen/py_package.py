"""Read the Python package's public names and their docstrings from the source (`ast`): nothing is
imported, so no build is needed.

What is public: the `__all__` of each module or package whose dotted name has no part starting
with `_`. A module without `__all__` (fitintel.workouts, fitintel.analyses) is the package's own
plumbing and has no public names. Each public class brings its public methods and properties
(names without a leading `_`) and the classes of the attributes its `__init__` sets
(`self.eras = Eras(self)`). A name is documented once, under its shortest public path
(`fitintel.Store`, not `fitintel.store.Store`).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple


@dataclass
class PyMember:
    kind: str                   # method, property, classmethod, staticmethod
    name: str
    signature: str
    doc: Optional[str]
    line: int


@dataclass
class PyField:
    name: str
    annotation: str
    default: Optional[str]


@dataclass
class PyObject:
    kind: str                   # class, function, data
    name: str                   # as exported
    path: str                   # public dotted path ("fitintel.Store")
    module: str                 # the module that defines it ("fitintel.store")
    file: str                   # its source file, relative to the package's parent
    line: int
    signature: str
    doc: Optional[str]
    bases: List[str] = field(default_factory=list)
    members: List[PyMember] = field(default_factory=list)
    fields: List[PyField] = field(default_factory=list)
    inherited: List[Tuple[str, PyMember]] = field(default_factory=list)   # (base, member)
    attributes: List[Tuple[str, str]] = field(default_factory=list)      # (attribute, class name)
    value: Optional[str] = None     # data: the assigned expression


@dataclass
class PyModule:
    name: str                   # dotted
    file: Path
    rel: str
    tree: ast.Module
    doc: Optional[str]
    all: Optional[List[str]]
    imports: Dict[str, Tuple[str, str]]   # local name -> (module, name)
    defs: Dict[str, ast.AST]
    comments: Dict[int, str]              # line -> text of a `#:` comment


def _read_modules(package_dir: Path) -> Dict[str, PyModule]:
    modules: Dict[str, PyModule] = {}
    root = package_dir.parent
    for f in sorted(package_dir.rglob("*.py")):
        rel = f.relative_to(root)
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        text = f.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(f))
        is_pkg = f.name == "__init__.py"
        imports: Dict[str, Tuple[str, str]] = {}
        defs: Dict[str, ast.AST] = {}
        all_names: Optional[List[str]] = None
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = parts if is_pkg else parts[:-1]
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
                for a in node.names:
                    if node.module is None:   # from . import x: a submodule
                        imports[a.asname or a.name] = (target + "." + a.name, "")
                    else:
                        imports[a.asname or a.name] = (target, a.name)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defs[node.name] = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name):
                        if t.id == "__all__" and isinstance(node.value, (ast.List, ast.Tuple)):
                            all_names = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
                        else:
                            defs[t.id] = node
        comments = {}
        for n, line in enumerate(text.split("\n"), 1):
            s = line.strip()
            if s.startswith("#:"):
                comments[n] = s[2:].strip()
        modules[name] = PyModule(name, f, str(rel), tree, ast.get_docstring(tree), all_names,
                                 imports, defs, comments)
    return modules


def _signature(fn: ast.AST, drop_self: bool) -> str:
    args = fn.args
    text = ast.unparse(args)
    if drop_self and (args.posonlyargs or args.args):
        first = (args.posonlyargs + args.args)[0].arg
        if first in ("self", "cls"):
            text = text[len(first):].lstrip(", ").lstrip()
    ret = f" -> {ast.unparse(fn.returns)}" if fn.returns is not None else ""
    return f"({text}){ret}"


def _decorators(fn: ast.AST) -> List[str]:
    return [ast.unparse(d) for d in fn.decorator_list]


def _class_members(cls: ast.ClassDef) -> List[PyMember]:
    members = []
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            decos = _decorators(node)
            kind = ("property" if "property" in decos or any(d.endswith(".setter") for d in decos)
                    else "classmethod" if "classmethod" in decos
                    else "staticmethod" if "staticmethod" in decos else "method")
            sig = _signature(node, drop_self=kind != "staticmethod")
            if kind == "property":
                sig = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
            members.append(PyMember(kind, node.name, sig, ast.get_docstring(node), node.lineno))
    return members


def _class_fields(cls: ast.ClassDef) -> List[PyField]:
    out = []
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and not node.target.id.startswith("_") and "ClassVar" not in ast.unparse(node.annotation):
            out.append(PyField(node.target.id, ast.unparse(node.annotation),
                               ast.unparse(node.value) if node.value is not None else None))
    return out


def _init_attributes(cls: ast.ClassDef) -> List[Tuple[str, str]]:
    """Public attributes __init__ sets to a new object of a class: (attribute, class)."""
    out = []
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            for st in ast.walk(node):
                if isinstance(st, ast.Assign) and len(st.targets) == 1:
                    t = st.targets[0]
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) \
                            and t.value.id == "self" and not t.attr.startswith("_") \
                            and isinstance(st.value, ast.Call) and isinstance(st.value.func, ast.Name):
                        out.append((t.attr, st.value.func.id))
    return out


class Package:
    """The public names of a package, each with where it is defined and documented."""

    def __init__(self, package_dir: Path) -> None:
        self.dir = package_dir
        self.modules = _read_modules(package_dir)
        self.objects: Dict[str, PyObject] = {}     # public path -> object
        self.problems: List[str] = []
        self._collect()

    def _resolve(self, module: str, name: str, depth: int = 0) -> Optional[Tuple[PyModule, str]]:
        mod = self.modules.get(module)
        if mod is None or depth > 10:
            return None
        if name in mod.defs:
            return mod, name
        if name in mod.imports:
            target, orig = mod.imports[name]
            if orig == "":
                return None                      # a submodule, not an object
            return self._resolve(target, orig, depth + 1)
        return None

    def _collect(self) -> None:
        seen: Dict[Tuple[str, str], str] = {}    # (defining module, name) -> public path
        public_mods = sorted((m for m in self.modules.values()
                              if m.all is not None and not any(p.startswith("_") for p in m.name.split("."))),
                             key=lambda m: (m.name.count("."), m.name))
        for mod in public_mods:
            for name in mod.all or []:
                if name.startswith("__"):
                    continue
                found = self._resolve(mod.name, name)
                if found is None:
                    self.problems.append(f"{mod.rel}: {mod.name}.__all__ names {name}, which it "
                                         "neither defines nor imports from the package")
                    continue
                defmod, defname = found
                key = (defmod.name, defname)
                if key in seen:
                    continue
                path = f"{mod.name}.{name}"
                seen[key] = path
                self._add(path, name, defmod, defmod.defs[defname])
        # classes reached through attributes: store.eras -> Eras
        for obj in list(self.objects.values()):
            for attr, cls_name in obj.attributes:
                found = self._resolve(obj.module, cls_name)
                if found and (found[0].name, found[1]) not in seen:
                    defmod, defname = found
                    path = obj.path.rsplit(".", 1)[0] + "." + defname
                    seen[(defmod.name, defname)] = path
                    self._add(path, defname, defmod, defmod.defs[defname])

    def _add(self, path: str, name: str, mod: PyModule, node: ast.AST) -> None:
        if isinstance(node, ast.ClassDef):
            obj = PyObject("class", name, path, mod.name, mod.rel, node.lineno, "",
                           ast.get_docstring(node), bases=[ast.unparse(b) for b in node.bases])
            init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
            if init is not None:
                obj.signature = _signature(init, drop_self=True).split(" -> ")[0]
            obj.members = _class_members(node)
            obj.fields = _class_fields(node)
            obj.attributes = _init_attributes(node)
            for b in node.bases:
                bname = ast.unparse(b)
                if bname.startswith("_"):
                    found = self._resolve(mod.name, bname)
                    if found and isinstance(found[0].defs[found[1]], ast.ClassDef):
                        for m in _class_members(found[0].defs[found[1]]):
                            if not any(x.name == m.name for x in obj.members):
                                obj.inherited.append((bname, m))
                        if not obj.fields:
                            pass
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            obj = PyObject("function", name, path, mod.name, mod.rel, node.lineno,
                           _signature(node, drop_self=False), ast.get_docstring(node))
        else:
            value = ast.unparse(node.value) if getattr(node, "value", None) is not None else ""
            doc = mod.comments.get(node.lineno - 1)
            obj = PyObject("data", name, path, mod.name, mod.rel, node.lineno, "", doc, value=value)
        self.objects[path] = obj

    def undocumented(self) -> List[str]:
        """Public classes and functions, and public methods of public classes, without a
        docstring; and names in an __all__ that lead nowhere."""
        out = list(self.problems)
        for obj in self.objects.values():
            where = f"{obj.file}:{obj.line}"
            if obj.kind in ("class", "function") and not (obj.doc or "").strip():
                out.append(f"{where}: {obj.kind} {obj.path} has no docstring")
            for m in obj.members:
                if not (m.doc or "").strip():
                    out.append(f"{obj.file}:{m.line}: {m.kind} {obj.path}.{m.name} has no docstring")
        return out

    def public_modules(self) -> List[PyModule]:
        return [m for m in self.modules.values()
                if m.all is not None and not any(p.startswith("_") for p in m.name.split("."))]
