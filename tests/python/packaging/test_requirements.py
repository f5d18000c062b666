"""pyproject.toml and requirements.txt agree: every package pyproject.toml names (to build the
wheel, to run the package, in its extras) is in requirements.txt with the same version range, so
that the project's .venv builds the wheel without build isolation and runs what a user installs.
"""
import os
import re
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:   # Python < 3.11
    tomllib = pytest.importorskip("tomli")

SOURCE_ROOT = Path(os.environ.get("FITINTEL_SOURCE_ROOT") or Path(__file__).resolve().parents[3])


def parse(requirement):
    """"name>=1,<2" -> ("name", frozenset({">=1", "<2"})); the name normalized as PEP 503 says."""
    m = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*([^;#]*?)\s*", requirement)
    assert m, f"cannot read the requirement {requirement!r}"
    name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
    return name, frozenset(s.replace(" ", "") for s in m.group(2).split(",") if s.strip())


def requirements_txt():
    ranges = {}
    for line in (SOURCE_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, spec = parse(line)
            assert name not in ranges, f"{name} twice in requirements.txt"
            ranges[name] = spec
    return ranges


def pyproject():
    with open(SOURCE_ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def pyproject_requirements():
    """(where, requirement) for every requirement pyproject.toml names."""
    doc = pyproject()
    out = [("build-system.requires", r) for r in doc["build-system"]["requires"]]
    out += [("project.dependencies", r) for r in doc["project"]["dependencies"]]
    for extra, reqs in doc["project"].get("optional-dependencies", {}).items():
        out += [(f"project.optional-dependencies.{extra}", r) for r in reqs]
    return out


def test_every_pyproject_range_is_requirements_txt_range():
    txt = requirements_txt()
    seen = {}
    for where, req in pyproject_requirements():
        name, spec = parse(req)
        assert spec, f"{where}: {req!r} has no range"
        assert name in txt, f"{where}: {name} is not in requirements.txt"
        assert spec == txt[name], \
            f"{where}: {name} {sorted(spec)} but requirements.txt says {sorted(txt[name])}"
        assert seen.setdefault(name, spec) == spec, f"{name}: two ranges in pyproject.toml"


def test_version_comes_from_meson():
    project = pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert pyproject()["build-system"]["build-backend"] == "mesonpy"


def test_parse():
    assert parse("meson-python>=0.15,<1") == ("meson-python", frozenset({">=0.15", "<1"}))
    assert parse("Foo_Bar >= 1.0 , <2") == ("foo-bar", frozenset({">=1.0", "<2"}))
