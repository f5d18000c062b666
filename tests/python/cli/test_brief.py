"""The briefing (SPEC §7) through `fitintel brief`: its numbers against independent computations
from the store, its renderings, determinism, and the edge cases (empty store, no workouts in the
period, a period that follows an era)."""
import datetime as dt
import json
import math

import numpy as np
import pytest

from conftest import ok, query
from consistency_reference import EPOCH, reference


@pytest.fixture(scope="module")
def sample(tmp_path_factory, fitintel):
    import subprocess
    d = tmp_path_factory.mktemp("brief")
    db, export = d / "s.db", d / "s.csv"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(d)}
    for args in (["sample", "--rows", "3000", "--seed", "5", "-o", export], ["--db", db, "ingest", export],
                 ["--db", db, "train"], ["--db", db, "era", "add", "2018-06-01", "Choco arrives"],
                 ["--db", db, "classify"]):
        p = subprocess.run([fitintel, *map(str, args)], capture_output=True, text=True, env=env)
        assert p.returncode == 0, p.stderr
    return db


def brief(run, db, *args):
    return json.loads(ok(run("--db", db, "brief", "--json", *args)).stdout)


def day(iso):
    return (dt.date.fromisoformat(iso) - EPOCH).days


def rows(db):
    r = query(db, "SELECT workout_date, distance_mi, duration_s, calories, avg_pace, label FROM workouts"
                  " WHERE label IS NOT NULL ORDER BY workout_date, id")
    return [(day(d), *rest) for d, *rest in r]


def by_kind(b, kind):
    return [i for i in b["insights"] if i["kind"] == kind]


def test_summary_matches_the_store(sample, run):
    b = brief(run, sample, "--at", "2019-03-31", "--days", "30")
    assert (b["from"], b["to"], b["days"]) == ("2019-03-02", "2019-03-31", 30)
    lo, hi = day("2019-03-02"), day("2019-03-31")
    inside = [r for r in rows(sample) if lo <= r[0] <= hi]
    ev = by_kind(b, "summary")[0]["evidence"]
    assert ev["workouts"] == len(inside)
    assert ev["per_week"] == pytest.approx(len(inside) / (30 / 7), rel=1e-12)
    clean = [r for r in inside if r[5] != "outlier"]
    assert ev["distance_mi"] == pytest.approx(sum(r[1] for r in clean if r[1] is not None), rel=1e-12)
    # every label but unknown, whichever labels the library has (other came later)
    assert {"real_run", "pup_walk", "mixed", "outlier"} <= set(ev["labels"])
    assert ev["labels"] == {l: sum(r[5] == l for r in inside) for l in ev["labels"]}
    previous = [r for r in rows(sample) if lo - 30 <= r[0] < lo]
    assert ev["previous"]["workouts"] == len(previous)


def test_performance_per_label(sample, run):
    b = brief(run, sample, "--at", "2019-03-31")
    lo, hi = day("2019-03-02"), day("2019-03-31")
    for item in by_kind(b, "performance"):
        ev = item["evidence"]
        paces = [r[4] for r in rows(sample) if lo <= r[0] <= hi and r[5] == ev["label"]]
        assert ev["count"] == len(paces)
        assert ev["mean_pace"] == pytest.approx(np.mean(paces), rel=1e-12)
        assert (ev["pace_min"], ev["pace_max"]) == (min(paces), max(paces))


def test_consistency_matches_the_formulas(sample, run):
    b = brief(run, sample, "--at", "2019-03-31", "--days", "30")
    ev = by_kind(b, "consistency")[0]["evidence"]
    r = [x for x in rows(sample) if x[0] <= day("2019-03-31")]
    days = np.array([x[0] for x in r])
    metric = lambda k: np.array([np.nan if x[k] is None else x[k] for x in r], dtype=float)
    want = reference(days, day("2019-03-31"), 30, 4.0, metrics=(metric(3), metric(1), metric(2)))
    for k in ("frequency", "timing", "performance", "streak", "score"):
        assert ev[k] == pytest.approx(want[k], abs=1e-9), k
    assert ev["tier"] == ("excellent" if want["score"] >= 80 else "good" if want["score"] >= 60
                          else "building" if want["score"] >= 40 else "needs focus")


def test_recommendations_are_ranked_and_capped(sample, run):
    for at in ("2013-05-01", "2018-07-15", "2025-12-31"):
        b = brief(run, sample, "--at", at)
        assert 1 <= len(b["recommendations"]) <= 4
        for item in b["insights"] + b["recommendations"]:
            assert set(item) == {"kind", "severity", "title", "text", "method", "evidence"}
            assert item["severity"] in ("info", "positive", "warning") and item["text"]


def test_era_insight_after_the_boundary(sample, run):
    b = brief(run, sample, "--at", "2018-06-20", "--days", "30")
    era = by_kind(b, "era")
    assert len(era) == 1 and era[0]["evidence"]["era"] == "Choco arrives"
    span = era[0]["evidence"]["days"]
    assert span == day("2018-06-20") - day("2018-06-01") + 1
    start = day("2018-06-01")
    ds = [r[0] for r in rows(sample)]
    assert era[0]["evidence"]["before"] == sum(start - span <= d < start for d in ds)
    assert era[0]["evidence"]["after"] == sum(start <= d <= day("2018-06-20") for d in ds)
    assert not by_kind(brief(run, sample, "--at", "2015-01-01"), "era")


def test_deterministic_and_rendered(sample, run):
    args = ("--db", sample, "brief", "--at", "2020-02-29", "--days", "90")
    js = [ok(run(*args, "--json")).stdout for _ in range(2)]
    assert js[0] == js[1]
    b = json.loads(js[0])
    md = ok(run(*args, "--format", "md")).stdout
    text = ok(run(*args)).stdout
    assert md.startswith("# Briefing: 2019-12-02 to 2020-02-29 (90 days)")
    assert "## Recommendations" in md
    for item in b["insights"]:
        assert item["title"] in text and item["title"] in md


def test_empty_store_and_empty_period(tmp_path, run, sample):
    ok(run("--db", tmp_path / "e.db", "init"))
    b = brief(run, tmp_path / "e.db")
    assert by_kind(b, "summary")[0]["severity"] == "warning"
    assert b["recommendations"][0]["title"] == "Start again"
    b = brief(run, sample, "--at", "2030-01-01")
    assert by_kind(b, "summary")[0]["evidence"]["workouts"] == 0


def test_bad_arguments(run, sample):
    p = run("--db", sample, "brief", "--days", "0")
    assert p.returncode == 2
    p = run("--db", sample, "brief", "--format", "pdf")
    assert p.returncode == 2 and "--format must be text, md or json, not 'pdf'" in p.stderr
    p = run("--db", sample, "brief", "--at", "Feb. 30, 2020")
    assert p.returncode == 2 and "Feb. 30" in p.stderr


def test_markdown_escapes_user_text(tmp_path, run, sample):
    db = tmp_path / "m.db"
    export = tmp_path / "s.csv"
    ok(run("sample", "--rows", "300", "--seed", "2", "-o", export))
    ok(run("--db", db, "ingest", export))
    ok(run("--db", db, "era", "add", "2025-12-01", "*bold* <b>x</b> [l](u)"))
    md = ok(run("--db", db, "brief", "--format", "md", "--at", "2025-12-20")).stdout
    assert "\\*bold\\* \\<b\\>x\\</b\\> \\[l\\](u)" in md
