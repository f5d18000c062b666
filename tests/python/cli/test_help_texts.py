"""The commands' help texts (cli/help/NAME.txt) and embed.py, which turns them into C: every file is
a command's and every command has its file; the texts reach `--help` as written; a malformed file
stops the build with its name, line and what is wrong."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ok

SOURCE_ROOT = Path(os.environ.get("FITINTEL_SOURCE_ROOT", Path(__file__).resolve().parents[3]))
HELP_DIR = SOURCE_ROOT / "cli" / "help"
EMBED = HELP_DIR / "embed.py"


def listed_commands(run):
    text = ok(run("--help")).stdout
    block = text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return {line.split()[0]: line.split(None, 1)[1] for line in block.splitlines()}


def sections(path):
    """{header: text} of a help file, read the simple way (independent of embed.py)."""
    result, header = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\[(.+)\]", line)
        if m:
            header = m.group(1)
            result[header] = []
        else:
            result[header].append(line)
    return {h: "\n".join(lines).strip("\n") for h, lines in result.items()}


def test_every_command_has_its_file_and_every_file_a_command(run):
    commands = listed_commands(run)
    files = {p.stem for p in HELP_DIR.glob("*.txt")}
    assert files == set(commands), (f"commands without help: {set(commands) - files}; "
                                    f"help for no command: {files - set(commands)}")


def test_help_shows_each_file_as_written(run):
    commands = listed_commands(run)
    for path in sorted(HELP_DIR.glob("*.txt")):
        name = path.stem
        text = sections(path)
        assert commands[name] == text["summary"], name
        helptext = ok(run(name, "--help")).stdout
        about = text.get("about") or sections(HELP_DIR / "dashboard.txt")["about"]
        assert helptext.startswith(f"usage: fitintel {name}"), name
        assert f"\n\n{text['summary']}\n\n{about}\n" in helptext, name
        for header in ("notes", "more exit codes", "exit codes"):
            if header in text:
                assert text[header] + "\n" in helptext, (name, header)
        if "examples" in text:
            shown = "".join(f"  {line}\n" for line in text["examples"].splitlines())
            assert helptext.endswith(shown), name


def embed(tmp_path, files):
    """Run embed.py on @files ({name: text}) -> CompletedProcess."""
    paths = []
    for name, content in files.items():
        p = tmp_path / f"{name}.txt"
        p.write_text(content, encoding="utf-8")
        paths.append(str(p))
    return subprocess.run([sys.executable, str(EMBED), str(tmp_path / "out.c"), str(tmp_path / "out.h"),
                           *paths], capture_output=True, text=True)


def test_embed_writes_c_strings_escaped_and_borrowed_sections(tmp_path):
    p = embed(tmp_path, {
        "first": '[summary]\nsays "hi"\n\n[about]\nback\\slash\n\nsecond paragraph\n\n\n'
                 "[examples]\nfitintel first\n  --continued\n",
        "import-archive": "[summary]\nother\n\n[about from first]\n",
    })
    assert p.returncode == 0, p.stderr
    c = (tmp_path / "out.c").read_text()
    h = (tmp_path / "out.h").read_text()
    assert "extern const cli_help cli_help_first;" in h
    assert "extern const cli_help cli_help_import_archive;" in h
    first = c.split("const cli_help cli_help_first = {", 1)[1].split("};", 1)[0]
    assert '"says \\"hi\\""' in first
    # paragraphs end with a newline, blank lines at a section's end are dropped
    assert '"back\\\\slash\\n"\n\t\t"\\n"\n\t\t"second paragraph\\n",' in first
    # examples end without one
    assert '"fitintel first\\n"\n\t\t"  --continued",' in first
    borrowed = c.split("const cli_help cli_help_import_archive = {", 1)[1].split("};", 1)[0]
    assert '"back\\\\slash\\n"' in borrowed and ".examples" not in borrowed


@pytest.mark.parametrize("content, message", [
    ("[summary]\nx\n\n[abuot]\ny\n", r"bad\.txt:4: unknown section \[abuot\]"),
    ("stray\n[summary]\nx\n", r"bad\.txt:1: text before the first \[section\]"),
    ("[summary]\nx\n[about]\ny\n[about]\nz\n", r"bad\.txt:5: section \[about\] given twice"),
    ("[about]\ny\n", r"bad\.txt: no \[summary\] section"),
    ("[summary]\nx\n", r"bad\.txt: no \[about\] section"),
    ("[summary]\nx\ny\n[about]\nz\n", r"bad\.txt: \[summary\] is one line"),
    ("[summary]\nx\n[about]\n\n[notes]\nn\n", r"bad\.txt: section \[about\] is empty"),
    ("[summary]\nx\n[about from nowhere]\n", r"bad\.txt: \[about from nowhere\]: nowhere\.txt has no such"),
    ("[summary]\nx\n[about from bad]\ntext\n", r"bad\.txt: \[about from \.\.\.\] takes the text of another"),
])
def test_embed_refuses_a_malformed_file_naming_it(tmp_path, content, message):
    p = embed(tmp_path, {"bad": content})
    assert p.returncode != 0
    assert re.search(message, p.stderr), p.stderr
    assert not (tmp_path / "out.c").exists()
