"""The briefing says true things (SPEC §7): every insight and recommendation of `fitintel brief
--json` is read back — the numbers and words of its sentence — and checked against its own
evidence (and, where the store is small enough to reason about, against the store): tier words
against score bands, direction words against slope signs (pace: lower is better), counts and
their plurals, the named weekday, and no advice to reach a tier already reached.

Stores: `fitintel sample` data (ingested, trained, with the era) briefed at many dates and
period lengths, and small handwritten exports with their labels set directly: a daily habit
(an excellent tier), three fixed weekdays (a good tier that one more workout cannot lift), dog
walks only, runs only, very few workouts (one without a pace), a run pace getting slower and one
getting faster, and workouts nobody classified."""
import datetime as dt
import json
import math
import re
import sqlite3
import subprocess

import numpy as np
import pytest

from conftest import dayno, export_row, iso, write_export

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TIERS = [(80, "excellent"), (60, "good"), (40, "building"), (-math.inf, "needs focus")]
# the labels whose workouts have a pace worth reporting (never outlier, never other)
FOOT = {"real_run", "pup_walk", "mixed"}
DAYS_PER_MONTH = 30.44


def tier(score):
    return next(name for low, name in TIERS if score >= low)


def next_tier(name):
    """The tier above @name and where it starts (None above excellent)."""
    names = [n for _, n in TIERS]
    i = names.index(name)
    return (names[i - 1], TIERS[i - 1][0]) if i else None


# ---------------------------------------------------------------- stores

def _env(home):
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LC_ALL": "C.UTF-8"}


def _ok(fitintel, home, *args):
    p = subprocess.run([fitintel, *map(str, args)], capture_output=True, text=True, env=_env(home))
    assert p.returncode == 0, f"{args}: {p.stderr}"
    return p


def handmade(fitintel, d, name, workouts):
    """A store of handwritten workouts: dicts with date (ISO), label (or None: unclassified) and
    any of pace, distance, seconds, calories (None: an empty cell) and type. Ids 5000, 5001, ...
    in order. The labels are written as the stored classification, so the store does not depend
    on the classifier."""
    rows = []
    for i, w in enumerate(workouts):
        cells = {"Avg Pace (min/mi)": w.get("pace"), "Distance (mi)": w.get("distance", 3.0),
                 "Workout Time (seconds)": w.get("seconds", 1800),
                 "Calories Burned (kcal)": w.get("calories", 300), "Max Pace (min/mi)": None,
                 "Avg Speed (mi/h)": None, "Max Speed (mi/h)": None, "Steps": None}
        cells = {k: ("" if v is None else f"{float(v):.4f}") for k, v in cells.items()}
        rows.append(export_row(5000 + i, w["date"], cells=cells, Activity_Type=w.get("type", "Run")))
    csv, db = d / f"{name}.csv", d / f"{name}.db"
    write_export(csv, rows)
    _ok(fitintel, d, "--db", db, "ingest", csv)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM classifications")
    for i, w in enumerate(workouts):
        if w.get("label"):
            con.execute("INSERT INTO classifications(workout_id, label, method, confidence)"
                        " VALUES (?, ?, 'user', 1)", (5000 + i, w["label"]))
    con.commit()
    con.close()
    return db


def days_between(first, last, step=1):
    return [iso(d) for d in range(dayno(first), dayno(last) + 1, step)]


def run_pace_store(fitintel, d, name, start_pace, end_pace):
    """Runs every other day for 120 days whose pace moves from @start_pace to @end_pace, with a
    small wobble, and a dog walk each Sunday."""
    dates = days_between("2025-03-03", "2025-06-30")
    out = []
    for i, date in enumerate(dates):
        if i % 2 == 0:
            pace = start_pace + (end_pace - start_pace) * i / (len(dates) - 1) + 0.15 * ((i // 2) % 3 - 1)
            miles = 4 + (i % 3) * 0.5
            out.append({"date": date, "label": "real_run", "pace": pace, "distance": miles, "seconds": pace * miles * 60})
        elif dt.date.fromisoformat(date).weekday() == 6:
            out.append({"date": date, "label": "pup_walk", "pace": 22, "distance": 1.5, "seconds": 1980})
    return handmade(fitintel, d, name, out)


@pytest.fixture(scope="module")
def stores(tmp_path_factory, fitintel):
    d = tmp_path_factory.mktemp("brief-truth")
    s = {}
    # generated data, classified by a trained model, with the era of the sample
    export = d / "sample.csv"
    s["sample"] = d / "sample.db"
    for args in (["sample", "--rows", 2500, "--seed", 11, "-o", export], ["--db", s["sample"], "ingest", export],
                 ["--db", s["sample"], "train"], ["--db", s["sample"], "era", "add", "2018-06-01", "Choco arrives"],
                 ["--db", s["sample"], "classify"]):
        _ok(fitintel, d, *args)
    # a run every day: every component high, an excellent tier and a long streak
    s["daily"] = handmade(fitintel, d, "daily", [
        {"date": x, "label": "real_run", "pace": 9.0 + 0.05 * (i % 4), "distance": 3.0 + 0.1 * (i % 3),
         "seconds": 1650 + 10 * (i % 5), "calories": 300 + (i % 4)}
        for i, x in enumerate(days_between("2025-03-01", "2025-06-30"))])
    # Monday, Wednesday, Friday: the frequency is already full, the streak is what holds it back
    s["three_days"] = handmade(fitintel, d, "three_days", [
        {"date": x, "label": "real_run", "pace": 9.5, "distance": 3.1, "seconds": 1767, "calories": 310}
        for x in days_between("2025-03-03", "2025-06-30") if dt.date.fromisoformat(x).weekday() in (0, 2, 4)])
    # dog walks only (no run in the whole history)
    s["walks_only"] = handmade(fitintel, d, "walks_only", [
        {"date": x, "label": "pup_walk", "pace": 21 + (i % 5) * 0.4, "distance": 1.2 + (i % 3) * 0.3,
         "seconds": 1600 + 40 * (i % 5)}
        for i, x in enumerate(days_between("2025-04-01", "2025-06-30")) if i % 7 not in (2, 5)])
    # runs only
    s["runs_only"] = handmade(fitintel, d, "runs_only", [
        {"date": x, "label": "real_run", "pace": 8.5 + (i % 4) * 0.3, "distance": 3 + (i % 5),
         "seconds": (8.5 + (i % 4) * 0.3) * (3 + (i % 5)) * 60}
        for i, x in enumerate(days_between("2025-04-01", "2025-06-30", 2))])
    # very few: an old run, a run without a pace (a correction made it a run), one walk
    s["few"] = handmade(fitintel, d, "few", [
        {"date": "2025-03-20", "label": "real_run", "pace": 9.2, "distance": 3.0},
        {"date": "2025-06-10", "label": "real_run", "pace": None, "distance": 3.5},
        {"date": "2025-06-28", "label": "pup_walk", "pace": 24.0, "distance": 1.0, "seconds": 1440}])
    # a single workout in the whole store
    s["one"] = handmade(fitintel, d, "one", [{"date": "2025-06-29", "label": "real_run", "pace": 9.0}])
    s["slower"] = run_pace_store(fitintel, d, "slower", 8.0, 11.0)
    s["faster"] = run_pace_store(fitintel, d, "faster", 11.0, 8.0)
    # nobody classified these
    s["unclassified"] = handmade(fitintel, d, "unclassified", [
        {"date": x, "label": None, "pace": 10 + (i % 3), "distance": 2 + (i % 4)}
        for i, x in enumerate(days_between("2025-05-01", "2025-06-30", 3))])
    return s


def brief(fitintel, db, *args):
    p = subprocess.run([fitintel, "--db", str(db), "brief", "--json", *map(str, args)], capture_output=True,
                       text=True, env=_env(db.parent))
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def store_rows(db):
    """(day, label, pace, distance) of every workout in date order; label 'unknown' when none."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT workout_date, ifnull(label, 'unknown'), avg_pace, distance_mi FROM workouts"
                       " ORDER BY workout_date, id").fetchall()
    con.close()
    return [(dayno(r[0]), r[1], r[2], r[3]) for r in rows]


# ---------------------------------------------------------------- reading sentences

NUM = r"[-+]?\d+(?:\.\d+)?"


def close(text_value, value, digits):
    """A number printed with @digits decimals is @value rounded (half a unit in the last place)."""
    return value is not None and abs(float(text_value) - value) <= 0.5 * 10 ** -digits + 1e-9


def decimals(s):
    return len(s.split(".")[1]) if "." in s else 0


class Checker:
    """Collects what disagrees, so that one run names every wrong sentence."""

    def __init__(self, b, where):
        self.b, self.where, self.problems = b, where, []

    def expect(self, cond, item, what):
        if not cond:
            self.problems.append(f"[{self.where}] {item['kind']} '{item['title']}': {what}\n    text: "
                                 f"{item['text']}\n    evidence: {json.dumps(item['evidence'])}")
        return cond

    def insight(self, kind, title=None):
        return [i for i in self.b["insights"] if i["kind"] == kind and (title is None or i["title"] == title)]

    def evidence(self, kind, title=None):
        found = self.insight(kind, title)
        return found[0]["evidence"] if found else None


SINGULAR = {"workout", "run", "dog walk", "day", "week", "outlier", "mixed run/walk"}
COUNTED = re.compile(r"(?<![\w.,/])(\d+) (workouts?|runs?|dog walks?|mixed run/walks?|days?|weeks?|outliers?)"
                     r"(?![\w/])(?! (?:pace|distance))")


def check_common(c, item):
    text = item["text"]
    c.expect(not re.search(r"(?i)(?<![\w])-?(nan|inf|infinity)(?![\w])", text), item, "NaN or inf in the text")
    c.expect(text.strip() and text[-1] == ".", item, "a sentence ends with a full stop")
    for m in COUNTED.finditer(text):
        n, noun = int(m.group(1)), m.group(2)
        c.expect((n == 1) == (noun in SINGULAR), item, f"'{m.group(0)}': the noun's number does not match the count")


LABEL_WORDS = {"runs": "real_run", "run": "real_run", "dog walks": "pup_walk", "dog walk": "pup_walk",
               "mixed run/walks": "mixed", "mixed run/walk": "mixed", "mixed": "mixed", "outliers": "outlier",
               "outlier": "outlier", "other": "other", "unclassified": "unknown"}


def check_summary(c, item, days):
    ev, text = item["evidence"], item["text"]
    n, before = ev["workouts"], ev["previous"]["workouts"]
    if n == 0:
        m = re.search(r"\((\d+) workouts? in the (\d+) days before\)", text)
        c.expect(m and int(m.group(1)) == before and int(m.group(2)) == days, item, "the previous period's count")
        return
    m = re.match(r"(\d+) workouts? \((" + NUM + r") per week; ([^)]*)\): (" + NUM + r") mi \(([^)]*)\)", text)
    if not c.expect(m, item, "the summary's opening does not read"):
        return
    c.expect(int(m.group(1)) == n, item, "workouts in the text vs evidence")
    c.expect(close(m.group(2), ev["per_week"], 1), item, "per week in the text vs evidence")
    c.expect(close(m.group(4), ev["distance_mi"], 1), item, "distance in the text vs evidence")
    change = m.group(3)
    pct = re.match(r"([-+]\d+)% vs the previous (\d+) days", change)
    if before == 0:
        c.expect(not pct and "none" in change, item, "a change against an empty previous period")
    elif n == before:
        c.expect(not pct or int(pct.group(1)) == 0, item, "no change in the count")
    else:
        want = 100 * (n - before) / before
        c.expect(pct and abs(int(pct.group(1)) - want) <= 0.5 + 1e-9 and (pct.group(1)[0] == "-") == (want < 0),
                 item, f"count change: want {want:+.1f}%")
    prev_mi = ev["previous"]["distance_mi"]
    dpct = re.match(r"([-+]\d+)%$", m.group(5))
    if prev_mi == 0:
        c.expect(not dpct, item, "a distance change against no distance before")
    elif dpct:
        want = 100 * (ev["distance_mi"] - prev_mi) / prev_mi
        c.expect(abs(int(dpct.group(1)) - want) <= 0.5 + 1e-9, item, f"distance change: want {want:+.1f}%")
    mix = re.search(r"Mix: ([^.]*)\.", text)
    if c.expect(mix, item, "no activity mix"):
        counted = {}
        for part in mix.group(1).split(", "):
            pm = re.fullmatch(r"(\d+) (.+)", part)
            if c.expect(pm and pm.group(2) in LABEL_WORDS, item, f"mix entry '{part}'"):
                counted[LABEL_WORDS[pm.group(2)]] = int(pm.group(1))
        for label, k in ev["labels"].items():
            c.expect(counted.get(label, 0) == k, item, f"mix count of {label}: text {counted.get(label, 0)}, evidence {k}")
        c.expect(sum(counted.values()) == n, item, "the mix adds up to the workouts")


def check_performance(c, item, rows, lo, hi):
    ev, text = item["evidence"], item["text"]
    c.expect(ev["label"] in FOOT, item, "pace statistics of a label that is not on foot")
    c.expect(ev["count"] > 0, item, "a performance sentence for a label without workouts")
    want = [r for r in rows if lo <= r[0] <= hi and r[1] == ev["label"]]
    c.expect(ev["count"] == len(want), item, f"count: the store has {len(want)}")
    m = re.match(r"(\d+) ", text)
    c.expect(m and int(m.group(1)) == ev["count"], item, "count in the text vs evidence")
    paced = [r[2] for r in want if r[2] is not None]
    pace = re.search(r"mean pace (" + NUM + r") min/mi[^(]*\((" + NUM + r")–(" + NUM + r")\)", text)
    if ev["mean_pace"] is None:
        c.expect(not paced, item, "the store has paces")
        c.expect("mean pace" not in text, item, "a pace sentence without a pace")
    else:
        c.expect(ev["mean_pace"] == pytest.approx(np.mean(paced), rel=1e-12), item, "mean pace vs the store")
        if c.expect(pace, item, "no mean pace in the text"):
            c.expect(close(pace.group(1), ev["mean_pace"], 2), item, "mean pace in the text")
            c.expect(close(pace.group(2), ev["pace_min"], 2) and close(pace.group(3), ev["pace_max"], 2), item,
                     "pace range in the text")
    delta = re.search(r"(" + NUM + r") min/mi (faster|slower) than the previous period", text)
    mean, prev = ev["mean_pace"], ev["previous_mean_pace"]
    if delta:
        if c.expect(mean is not None and prev is not None, item, "a change without both means"):
            c.expect(close(delta.group(1), abs(mean - prev), 2), item, "pace change in the text")
            c.expect(float(delta.group(1)) > 0, item, "a change of 0.00 called faster or slower")
            c.expect((delta.group(2) == "faster") == (mean < prev), item, "faster/slower vs the means")
    elif mean is not None and prev is not None:
        c.expect(abs(mean - prev) < 0.005 and "same" in text, item, "a change of mean pace not stated")


def check_consistency(c, item):
    ev, text = item["evidence"], item["text"]
    m = re.match(r"Consistency (\d+)/100 \(([a-z ]+)\)", text)
    if not c.expect(m, item, "the score does not read"):
        return
    shown = int(m.group(1))
    c.expect(abs(shown - ev["score"]) < 1, item, "score in the text")
    c.expect(m.group(2) == tier(ev["score"]) == ev["tier"], item, f"tier word: the score is {tier(ev['score'])}")
    c.expect(tier(shown) == tier(ev["score"]), item, "the printed score is in another tier than the score")
    parts = {k: ev[k] for k in ("frequency", "timing", "performance", "streak")}
    w = re.search(r"(\w+) holds it back most", text)
    if w:
        c.expect(parts.get(w.group(1)) == min(parts.values()), item, "the weakest component")
        c.expect(min(parts.values()) < 100, item, "nothing holds back a full score")
    else:
        c.expect(min(parts.values()) >= 100, item, "the weakest component is not named")
    for k, v in parts.items():
        pm = re.search(k + r" (\d+)", text)
        c.expect(pm and close(pm.group(1), v, 0), item, f"{k} in the text")
    pw = re.search(r"(" + NUM + r") workouts? per week", text)
    c.expect(pw and close(pw.group(1), ev["per_week"], 1), item, "per week in the text")
    st = re.search(r"current streak (\d+) day", text)
    c.expect(st and int(st.group(1)) == ev["current_streak"], item, "current streak in the text")


UP, DOWN, FLAT = ("improving", "rising"), ("declining", "falling"), ("stable", "steady")


def check_direction_words(c, item, ev, lower_better):
    """improving/declining/stable (rising/falling/steady) in the text agree with the evidence's
    direction, slope and interval; for pace a lower value is better."""
    words = re.findall(r"\b(improving|declining|stable|rising|falling|steady)\b", item["text"])
    if not c.expect(len(words) == 1, item, "one direction word"):
        return
    word, slope = words[0], ev["slope_per_month"]
    low, high = ev["slope_low_per_day"], ev["slope_high_per_day"]
    significant = low > 0 or high < 0
    better = (slope < 0) if lower_better else (slope > 0)
    if word in FLAT:
        c.expect(not significant and ev["direction"] == "stable", item, "stable, but the interval excludes 0")
    else:
        c.expect(significant, item, f"'{word}' but the slope's interval contains 0")
        if lower_better:
            c.expect(word == "improving" and slope < 0 or word == "declining" and slope > 0, item,
                     f"'{word}' vs a pace slope of {slope:+.3f} (lower is faster)")
        else:
            c.expect(word in UP and slope > 0 or word in DOWN and slope < 0, item,
                     f"'{word}' vs a slope of {slope:+.3f}")
        c.expect(ev["direction"] == ("improving" if better else "declining"), item, "the evidence's direction")
    if lower_better:
        c.expect(("faster" in item["text"].split(":")[0]) == (word == "improving")
                 and ("slower" in item["text"].split(":")[0]) == (word == "declining"), item,
                 "getting faster/slower vs the direction")
    s = re.search(r"(" + NUM + r") (?:min/mi|per week|workouts? per week) (?:per|each) month", item["text"])
    c.expect(s and close(s.group(1), slope, 2), item, "slope in the text")


def check_trend(c, item):
    ev, text = item["evidence"], item["text"]
    pace = "pace" in item["title"].lower()
    check_direction_words(c, item, ev, lower_better=pace)
    m = re.search(r"(?i)over (?:the )?(\d+) (runs|weeks)", text)
    c.expect(m and int(m.group(1)) == ev["points"], item, "points in the text")
    p = re.search(r"p = (" + NUM + ")", text)
    if ev["p_value"] is None:
        c.expect(not p, item, "a p-value in the text that the evidence does not have")
    else:
        c.expect(p and close(p.group(1), ev["p_value"], 3), item, "p-value in the text")
    if not pace:
        counts = ev.get("counts")
        if c.expect(counts is not None and len(counts) == ev["points"] >= 3, item,
                    "the weekly counts behind the volume trend"):
            x = 7.0 * np.arange(len(counts))
            slope = np.polyfit(x, np.asarray(counts, float), 1)[0]
            c.expect(ev["slope_per_month"] == pytest.approx(slope * DAYS_PER_MONTH, abs=1e-9), item,
                     "the slope of the weekly counts")
            c.expect(ev["to"] == c.b["to"] and dayno(ev["to"]) - dayno(ev["from"]) + 1 == 7 * len(counts), item,
                     "whole weeks ending on the period's last day")


def check_anomaly(c, item):
    ev, text = item["evidence"], item["text"]
    noun = {"real_run": "run", "pup_walk": "dog walk"}.get(ev["label"])
    c.expect(ev["label"] in FOOT, item, "anomalies of a label not on foot")
    metric = {"avg_pace": "pace", "distance_mi": "distance"}[ev["metric"]]
    m = re.match(r"(\d+) (.+?) (pace|distance)s? ", text)
    ws = ev["workouts"]
    if c.expect(m, item, "the count does not read"):
        c.expect(int(m.group(1)) == len(ws) > 0, item, "count in the text vs evidence")
        c.expect(m.group(2) == noun and m.group(3) == metric, item, "label or metric in the text")
    for w in ws:
        c.expect(c.b["from"] <= w["date"] <= c.b["to"], item, "an anomaly outside the period")
    named = re.findall(r"(\d{4}-\d{2}-\d{2}) \((" + NUM + r")(?: [a-z/]+)?, (\w+)\)", text)
    c.expect(len(named) == min(3, len(ws)), item, "the named workouts")
    words = {("avg_pace", "high"): "slow", ("avg_pace", "low"): "fast", ("distance_mi", "high"): "long",
             ("distance_mi", "low"): "short"}
    for (date, value, word), w in zip(named, ws):
        c.expect(date == w["date"] and close(value, w["value"], 2), item, f"named workout {date}")
        c.expect(word == words.get((ev["metric"], w.get("direction"))), item, f"'{word}' vs the evidence's direction")
    more = re.search(r" and (\d+) more\.$", text)
    c.expect((int(more.group(1)) if more else 0) == max(0, len(ws) - 3), item, "how many more")


RECORDS = {"fastest_run_pace": True, "longest_run": False, "longest_walk": False,
           "most_workouts_week": False, "most_workouts_month": False}


def check_record(c, item):
    ev, text = item["evidence"], item["text"]
    lower = RECORDS.get(ev["record"])
    c.expect(lower is not None, item, "an unknown record")
    c.expect(c.b["from"] <= ev["date"] <= c.b["to"], item, "a record outside the period")
    c.expect(ev["date"] in text, item, "the date")
    value = re.search(r": (" + NUM + r")", text)
    c.expect(value and close(value.group(1), ev["value"], decimals(value.group(1))), item, "the value")
    prev = re.search(r"previous best was (" + NUM + r")", text)
    if ev["previous"] is None:
        c.expect(not prev and "first" in text, item, "a previous best that does not exist")
    elif c.expect(prev, item, "the previous best is not named"):
        c.expect(close(prev.group(1), ev["previous"], decimals(prev.group(1))), item, "the previous best")
        c.expect(ev["value"] < ev["previous"] if lower else ev["value"] > ev["previous"], item,
                 "a record that does not beat the previous one")


def check_era(c, item):
    ev, text = item["evidence"], item["text"]
    c.expect(ev["start"] <= c.b["to"], item, "an era that starts after the period")
    span = ev["days"]
    c.expect(span == dayno(c.b["to"]) - dayno(ev["start"]) + 1, item, "the span")
    m = re.search(r": (" + NUM + r") workouts? per week over (\d+) days?", text)
    if c.expect(m, item, "the rate does not read"):
        c.expect(close(m.group(1), ev["after"] / (span / 7), 1), item, "per week after")
        c.expect(int(m.group(2)) == span, item, "days in the text")
    ratio = re.search(r"(" + NUM + r")× the (" + NUM + r") per week before", text)
    if ev["before"] == 0:
        c.expect(not ratio, item, "a ratio to nothing")
        c.expect(("∞" in text) == (ev["after"] > 0), item, "∞ only for something after nothing")
    elif c.expect(ratio, item, "no ratio"):
        c.expect(close(ratio.group(1), ev["after"] / ev["before"], 1), item, "the ratio")
        c.expect(close(ratio.group(2), ev["before"] / (span / 7), 1), item, "per week before")


def check_consistency_advice(c, item, cons):
    ev, text = item["evidence"], item["text"]
    score = ev["score"]
    c.expect(score == cons["score"], item, "the score is the consistency insight's")
    m = re.search(r"(\d+)/100", text)
    c.expect(m and abs(int(m.group(1)) - score) < 1 and tier(int(m.group(1))) == tier(score), item,
             "score in the text")
    for word in re.findall(r"\((excellent|good|building|needs focus)\)", text):
        c.expect(word == tier(score), item, f"'{word}' but the score is {tier(score)}")
    projected = ev.get("projected_score")
    into = re.search(r"into the ([a-z ]+) (?:range|tier)", text)
    if into:
        up = next_tier(tier(score))
        c.expect(up is not None and into.group(1) == up[0], item,
                 f"'into the {into.group(1)} range' but the score is already {tier(score)}"
                 f" (the tier above is {up[0] if up else 'none'})")
        c.expect(up is not None and projected is not None and projected >= up[1] and tier(projected) == up[0],
                 item, "a tier the suggested change does not reach")
    more = re.search(r"one more workout (?:each|a) week would|aim for (\d+) workouts", text)
    if more:
        c.expect(projected is not None and projected > score, item, "more workouts that would not raise the score")
        if more.group(1):
            c.expect(ev["per_week"] < int(more.group(1)), item, "aims for no more workouts than are done")
    about = re.search(r"about (\d+)/100", text)
    if about:
        c.expect(projected is not None and int(about.group(1)) == math.floor(projected), item, "the estimate")
    if item["title"] == "Keep the rhythm":
        c.expect(score >= 75, item, "'keep the rhythm' below 75")
    else:
        c.expect(score < 75, item, "a change suggested at 75 or more")
    w = re.search(r"(\w+) \((\d+)/100\) holds it back most", text)
    if w:
        parts = {k: cons[k] for k in ("frequency", "timing", "performance", "streak")}
        c.expect(parts.get(w.group(1)) == min(parts.values()), item, "the weakest component")
        c.expect(close(w.group(2), min(parts.values()), 0), item, "the weakest component's score")
        c.expect(projected is not None and projected < score + 1, item,
                 "component advice where one more workout would have helped")


def check_recommendation(c, item, days):
    ev, text, kind = item["evidence"], item["text"], item["kind"]
    summary, cons = c.evidence("summary"), c.evidence("consistency")
    if kind == "consistency" and item["title"] == "Start again":
        m = re.search(r"last (\d+) days", text)
        c.expect(summary["workouts"] == 0 and summary["previous"]["workouts"] == 0, item,
                 "'start again' with workouts in the last two periods")
        c.expect(m and int(m.group(1)) == 2 * days, item, "days in the text")
    elif kind == "consistency":
        check_consistency_advice(c, item, cons)
    elif kind in ("volume", "pace"):
        trend = c.evidence("trend", "Weekly volume trend" if kind == "volume" else "Run pace trend")
        c.expect(trend is not None and ev.get("slope_per_month") == trend["slope_per_month"], item,
                 "the trend the advice stands on")
        slope = ev.get("slope_per_month")
        if kind == "volume":
            if re.search(r"falling|sliding|fewer", text):
                c.expect(ev.get("direction") == "declining" and slope < 0, item, "falling vs the slope")
            elif re.search(r"rising|more", text):
                c.expect(ev.get("direction") == "improving" and slope > 0, item, "rising vs the slope")
            else:
                c.expect(False, item, "neither falling nor rising")
        else:
            c.expect(re.search(r"slow", text) and ev.get("direction") == "declining" and slope > 0, item,
                     "slowing vs the pace slope (lower is faster)")
        s = re.search(r"\((" + NUM + r") (?:per week|min/mi) (?:per|each) month", text)
        c.expect(s and close(s.group(1), slope, 2), item, "the slope in the text")
    elif kind == "weekday":
        named = [d for d in WEEKDAYS if d in text]
        c.expect(named == [ev["weekday"]], item, "the named weekday")
        known = {d: v for d, v in ev.get("means", {}).items() if v is not None}
        c.expect(len(known) >= 2 and known.get(ev["weekday"]) == max(known.values()), item,
                 "the weekday with the longest mean distance")
        c.expect(ev.get("total", 0) >= 10, item, "fewer than 10 workouts")
        m = re.search(r"(" + NUM + r") mi on average over (\d+) workouts?", text)
        c.expect(m and close(m.group(1), ev["mean_distance_mi"], 1) and int(m.group(2)) == ev["workouts"], item,
                 "the mean and count in the text")
        d = re.search(r"last (\d+) days", text)
        c.expect(d and int(d.group(1)) == ev.get("days") == 2 * days, item, "the days the weekday is judged over")
    elif kind == "variety":
        labels = summary["labels"]
        if "run" in item["title"].lower():
            c.expect(labels["real_run"] == 0, item, "'mix in a run' with runs in the period")
            m = re.search(r"(\d+) of (\d+) workouts were dog walks", text)
            c.expect(m and int(m.group(1)) == labels["pup_walk"] and int(m.group(2)) == summary["workouts"], item,
                     "counts in the text")
            c.expect(ev.get("real_run") == 0 and ev.get("pup_walk") == labels["pup_walk"], item, "the evidence")
        else:
            c.expect(labels["real_run"] == summary["workouts"], item, "'every workout was a run' with other workouts")
            m = re.search(r"(\d+) workouts were runs", text)
            c.expect(m and int(m.group(1)) == summary["workouts"], item, "count in the text")
    elif kind == "rest":
        m = re.match(r"(\d+) days in a row", text)
        c.expect(m and int(m.group(1)) == cons["current_streak"] == ev.get("current_streak") and
                 cons["current_streak"] >= 14, item, "the streak in the text")
    else:
        c.expect(False, item, "an unknown recommendation")


def check_brief(b, rows, where):
    c = Checker(b, where)
    days = b["days"]
    lo, hi = dayno(b["from"]), dayno(b["to"])
    for item in b["insights"] + b["recommendations"]:
        check_common(c, item)
    checks = {"summary": lambda i: check_summary(c, i, days),
              "performance": lambda i: check_performance(c, i, rows, lo, hi),
              "consistency": lambda i: check_consistency(c, i), "trend": lambda i: check_trend(c, i),
              "anomaly": lambda i: check_anomaly(c, i), "record": lambda i: check_record(c, i),
              "era": lambda i: check_era(c, i)}
    for item in b["insights"]:
        if c.expect(item["kind"] in checks, item, "an unknown insight"):
            checks[item["kind"]](item)
    c.expect(len(b["recommendations"]) <= 4, b["recommendations"][0], "more than four recommendations")
    for item in b["recommendations"]:
        check_recommendation(c, item, days)
    return c


def assert_true(b, rows, where):
    c = check_brief(b, rows, where)
    assert not c.problems, "\n".join(c.problems)
    return c


# ---------------------------------------------------------------- the tests

@pytest.mark.parametrize("at", ["2012-02-15", "2013-05-01", "2016-02-29", "2018-06-20", "2018-07-15", "2019-03-31",
                                "2021-07-04", "2023-11-13", "2025-12-31"])
def test_every_sentence_of_the_sample(stores, fitintel, at):
    rows = store_rows(stores["sample"])
    problems = []
    for days in (7, 30, 90, 365):
        problems += check_brief(brief(fitintel, stores["sample"], "--at", at, "--days", days), rows,
                                f"{at}/{days}").problems
    assert not problems, "\n".join(problems)


def test_a_daily_habit_is_excellent_and_told_to_rest(stores, fitintel):
    b = brief(fitintel, stores["daily"], "--at", "2025-06-30")
    c = assert_true(b, store_rows(stores["daily"]), "daily")
    assert c.evidence("consistency")["tier"] == "excellent"
    kinds = {r["kind"]: r for r in b["recommendations"]}
    assert kinds["consistency"]["title"] == "Keep the rhythm"
    assert "rest" in kinds and "Add an easy day" in {r["title"] for r in b["recommendations"]}
    assert not any("more workout" in r["text"] for r in b["recommendations"])


def test_a_good_tier_is_not_told_to_reach_good(stores, fitintel):
    for at in ("2025-06-30", "2025-06-27", "2025-06-15"):
        b = brief(fitintel, stores["three_days"], "--at", at)
        c = assert_true(b, store_rows(stores["three_days"]), f"three_days {at}")
        cons = c.evidence("consistency")
        assert cons["tier"] in ("good", "excellent") and cons["frequency"] == 100
        advice = next(r for r in b["recommendations"] if r["kind"] == "consistency")
        # one more workout a week cannot raise a full frequency: the advice is about the streak
        assert "more workout" not in advice["text"] and "streak" in advice["text"], advice


def test_the_sample_at_a_good_tier(stores, fitintel):
    """The sample's briefings with a score from 60 to 75: the advice never promises the tier the
    score already has."""
    rows = store_rows(stores["sample"])
    seen = 0
    for at in ("2018-06-20", "2019-03-31", "2025-12-31", "2020-05-10", "2022-09-30", "2024-01-31", "2014-08-31",
               "2016-10-15", "2021-03-01", "2023-05-20"):
        b = brief(fitintel, stores["sample"], "--at", at)
        c = assert_true(b, rows, f"sample {at}")
        seen += 60 <= c.evidence("consistency")["score"] < 75
    assert seen, "no good tier to check"


def test_no_runs(stores, fitintel):
    b = brief(fitintel, stores["walks_only"], "--at", "2025-06-30")
    c = assert_true(b, store_rows(stores["walks_only"]), "walks_only")
    assert {i["evidence"]["label"] for i in c.insight("performance")} == {"pup_walk"}
    assert not c.insight("trend", "Run pace trend")
    assert not any("run pace" in i["text"].lower() for i in b["insights"] + b["recommendations"])
    assert any(r["title"] == "Mix in a run" for r in b["recommendations"])


def test_mix_in_a_run_not_said_with_a_run(stores, fitintel, tmp_path):
    """Nine walks and one run: 90% walks, but there was a run."""
    dates = days_between("2025-06-01", "2025-06-30", 3)
    db = handmade(fitintel, tmp_path, "one_run", [
        {"date": x, "label": "real_run" if i == 4 else "pup_walk", "pace": 9 if i == 4 else 22,
         "distance": 3 if i == 4 else 1.2} for i, x in enumerate(dates)])
    b = brief(fitintel, db, "--at", "2025-06-30")
    assert_true(b, store_rows(db), "one_run")
    assert not any(r["title"] == "Mix in a run" for r in b["recommendations"])


def test_no_walks(stores, fitintel):
    b = brief(fitintel, stores["runs_only"], "--at", "2025-06-30")
    c = assert_true(b, store_rows(stores["runs_only"]), "runs_only")
    assert {i["evidence"]["label"] for i in c.insight("performance")} == {"real_run"}
    assert not any("dog walk" in i["text"] for i in b["insights"] + b["recommendations"])
    assert not any(r["title"] == "Mix in a run" for r in b["recommendations"])


def test_other_counts_in_totals_never_in_runs(fitintel, tmp_path):
    """Bike rides (label other) count in the workouts, per week, the distance and the weekly
    volume; never in the runs, their pace or the best weekday of workouts on foot."""
    workouts = []
    for i, x in enumerate(days_between("2025-05-01", "2025-06-30")):
        if i % 3 == 0:
            workouts.append({"date": x, "label": "other", "type": "Bike Ride", "pace": 3.5, "distance": 15,
                             "seconds": 3150})
        elif i % 3 == 1:
            workouts.append({"date": x, "label": "real_run", "pace": 9 + (i % 4) * 0.2, "distance": 3 + (i % 2)})
    db = handmade(fitintel, tmp_path, "bikes", workouts)
    b = brief(fitintel, db, "--at", "2025-06-30")
    rows = store_rows(db)
    c = assert_true(b, rows, "bikes")
    inside = [r for r in rows if dayno(b["from"]) <= r[0] <= dayno(b["to"])]
    summary = c.evidence("summary")
    assert summary["workouts"] == len(inside) and summary["labels"]["other"] == sum(r[1] == "other" for r in inside) > 0
    assert summary["distance_mi"] == pytest.approx(sum(r[3] for r in inside))
    assert "other" in c.insight("summary")[0]["text"]
    perf = c.insight("performance")
    assert [i["evidence"]["label"] for i in perf] == ["real_run"]
    assert perf[0]["evidence"]["count"] == sum(r[1] == "real_run" for r in inside)
    assert perf[0]["evidence"]["pace_min"] >= 9
    weekday = [r for r in b["recommendations"] if r["kind"] == "weekday"]
    assert weekday and max(v for v in weekday[0]["evidence"]["means"].values() if v is not None) <= 4
    assert not any(r["title"] == "Add an easy day" for r in b["recommendations"])


def test_very_few_workouts(stores, fitintel):
    for db, at in ((stores["few"], "2025-06-30"), (stores["one"], "2025-06-30"), (stores["one"], "2025-07-30"),
                   (stores["few"], "2025-05-01")):
        for days in (7, 30, 120):
            b = brief(fitintel, db, "--at", at, "--days", days)
            assert_true(b, store_rows(db), f"{db.stem} {at}/{days}")
            assert not any(r["kind"] == "weekday" for r in b["recommendations"])
    b = brief(fitintel, stores["few"], "--at", "2025-06-30")
    runs = [i for i in b["insights"] if i["kind"] == "performance" and i["evidence"]["label"] == "real_run"]
    assert runs and runs[0]["evidence"]["mean_pace"] is None and "mean pace" not in runs[0]["text"]
    one = brief(fitintel, stores["one"], "--at", "2025-06-30")
    assert one["insights"][0]["text"].startswith("1 workout ")
    assert re.match(r"1 run\b", next(i for i in one["insights"] if i["kind"] == "performance")["text"])


@pytest.mark.parametrize("name, word, slope_sign", [("slower", "declining", 1), ("faster", "improving", -1)])
def test_run_pace_direction(stores, fitintel, name, word, slope_sign):
    b = brief(fitintel, stores[name], "--at", "2025-06-30")
    c = assert_true(b, store_rows(stores[name]), name)
    trend = c.insight("trend", "Run pace trend")[0]
    assert trend["evidence"]["direction"] == word and word in trend["text"]
    assert math.copysign(1, trend["evidence"]["slope_per_month"]) == slope_sign
    slower = [r for r in b["recommendations"] if r["kind"] == "pace"]
    assert bool(slower) == (name == "slower")
    # the trend insight and the performance insight agree on which way the pace went
    perf = c.evidence("performance")
    assert (perf["mean_pace"] > perf["previous_mean_pace"]) == (name == "slower")


def test_unclassified_workouts(stores, fitintel):
    b = brief(fitintel, stores["unclassified"], "--at", "2025-06-30")
    c = assert_true(b, store_rows(stores["unclassified"]), "unclassified")
    assert not c.insight("performance")
    assert "unclassified" in c.insight("summary")[0]["text"]


def test_empty_store(fitintel, tmp_path):
    db = tmp_path / "empty.db"
    _ok(fitintel, tmp_path, "--db", db, "init")
    assert_true(brief(fitintel, db), [], "empty")


def test_the_checks_catch_a_wrong_sentence(stores, fitintel):
    """The checks fail on the sentences they exist to catch (the consistency advice of the old
    briefing, a direction word turned round, a count one off)."""
    b = brief(fitintel, stores["three_days"], "--at", "2025-06-30")
    rows = store_rows(stores["three_days"])
    assert not check_brief(b, rows, "good").problems
    score = next(i for i in b["insights"] if i["kind"] == "consistency")["evidence"]["score"]
    bad = json.loads(json.dumps(b))
    advice = next(r for r in bad["recommendations"] if r["kind"] == "consistency")
    advice["text"] = f"Consistency is {score:.0f}/100: one more workout each week would lift it into the good range."
    assert any("into the good range' but the score is already good" in p for p in check_brief(bad, rows, "bad").problems)
    bad = json.loads(json.dumps(b))
    trend = next(i for i in bad["insights"] if i["title"] == "Weekly volume trend")
    trend["text"] = re.sub(r"\b(steady|rising|falling)\b", lambda m: "falling" if m.group(1) != "falling" else "rising",
                           trend["text"])
    assert check_brief(bad, rows, "bad").problems
    bad = json.loads(json.dumps(b))
    bad["insights"][0]["text"] = re.sub(r"^\d+", lambda m: str(int(m.group(0)) + 1), bad["insights"][0]["text"])
    assert check_brief(bad, rows, "bad").problems
