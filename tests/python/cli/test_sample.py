"""The sample generator tells the story the classification work relies on (SPEC §10, §2.2): years
of runs, then a dog arrives (2018-06-01) and most workouts become walks logged as "Run"; a few
garbage rows that break the sanity bounds; realistic dates, ids, empty cells and notes. Checked
with pandas against the generator's own truth file, on a 14-year sample of 3,000 rows.

The realism profiles (`--profile`) are each checked on their own property, computed here from the
written CSV and the truth file, never from the generator's numbers: a classifier tested only on
the clean story shares its assumptions (walks ~105 spm, runs ~165, every row a run or a walk)."""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import EXPORT_COLUMNS, LINK, iso_date

ERA = pd.Timestamp("2018-06-01")
ROWS = 3000
KINDS = {"real_run", "pup_walk", "mixed", "outlier"}
PACE, DIST, TIME = "Avg Pace (min/mi)", "Distance (mi)", "Workout Time (seconds)"


@pytest.fixture(scope="module")
def sample(tmp_path_factory, fitintel):
    folder = tmp_path_factory.mktemp("sample")
    export, truth = folder / "export.csv", folder / "truth.csv"
    subprocess.run([fitintel, "sample", "--rows", str(ROWS), "--seed", "1", "-o", str(export),
                    "--truth", str(truth)], check=True, capture_output=True, timeout=300)
    # every cell as text first: "" is an empty cell, nothing else is missing
    df = pd.read_csv(export, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    kinds = pd.read_csv(truth, dtype={"workout_id": "int64", "kind": str})
    assert list(df.columns) == EXPORT_COLUMNS
    assert list(kinds.columns) == ["workout_id", "kind"]
    assert len(df) == len(kinds) == ROWS
    df["id"] = df["Link"].str.extract(r"^" + LINK.replace(".", r"\.") + r"(\d+)$")[0].astype("int64")
    assert (df["id"].to_numpy() == kinds["workout_id"].to_numpy()).all(), \
        "the truth file must follow the export row by row"
    df["kind"] = kinds["kind"].to_numpy()
    df["date"] = pd.to_datetime(df["Workout Date"].map(iso_date))
    df["submitted"] = pd.to_datetime(df["Date Submitted"].map(iso_date))
    for col in ("Calories Burned (kcal)", DIST, TIME, PACE, "Max Pace (min/mi)", "Avg Speed (mi/h)",
                "Max Speed (mi/h)", "Avg Heart Rate", "Steps"):
        df[col] = pd.to_numeric(df[col], errors="raise")
    return df


def beyond_bounds(df):
    """SPEC §2.2 sanity bounds: missing pace/distance/duration, pace <= 0 or > 60 min/mi,
    distance <= 0 or > 50 mi, duration <= 0 or > 24 h."""
    pace, dist, dur = df[PACE], df[DIST], df[TIME]
    return (pace.isna() | dist.isna() | dur.isna() | (pace <= 0) | (pace > 60) | (dist <= 0)
            | (dist > 50) | (dur <= 0) | (dur > 86400))


def test_ids_unique_and_rows_newest_first(sample):
    assert sample["id"].is_unique
    assert sample["Link"].notna().all()
    assert sample["id"].is_monotonic_decreasing, "MapMyRun writes newest first; ids grow with time"
    assert sample["date"].is_monotonic_decreasing
    assert set(sample["kind"]) <= KINDS


def test_dates_span_2012_to_2025(sample):
    assert sample["date"].min() >= pd.Timestamp("2012-01-01")
    assert sample["date"].max() <= pd.Timestamp("2025-12-31")
    assert set(sample["date"].dt.year) == set(range(2012, 2026)), "every year has workouts"
    assert (sample["submitted"] >= sample["date"]).all(), "submitted on or after the workout"
    assert ((sample["submitted"] - sample["date"]).dt.days <= 7).all()


def test_dates_are_written_ap_style(sample):
    ap = (r"^(?:(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.|March|April|May|June|July) "
          r"(?:[1-9]|[12]\d|3[01]), 20\d\d$")
    assert sample["Workout Date"].str.match(ap).all()
    assert sample["Date Submitted"].str.match(ap).all()
    months = set(sample["Workout Date"].str.split(" ").str[0])
    assert {"Sept.", "March", "June", "July", "Jan."} <= months


def test_runs_and_walks_separate_by_pace_and_cadence(sample):
    pace = sample.groupby("kind")[PACE].median()
    assert pace["real_run"] < 11, pace
    assert pace["pup_walk"] > 17, pace
    assert pace["real_run"] < pace["mixed"] < pace["pup_walk"], pace
    cadence = (sample["Steps"] / (sample[TIME] / 60)).groupby(sample["kind"]).median()
    assert cadence["real_run"] > 150 and cadence["pup_walk"] < 120, cadence


def test_the_dog_arrives_in_2018(sample):
    before = sample[sample["date"] < ERA]
    after = sample[sample["date"] >= ERA]
    share = len(before) / len(sample)
    assert 0.30 <= share <= 0.40, f"{share:.1%} of the rows before the era, not ~35%"
    assert (before["kind"] == "real_run").mean() > 0.90
    assert (after["kind"] == "pup_walk").mean() > 0.50
    assert (after["kind"] == "real_run").any() and (after["kind"] == "mixed").any(), \
        "some runs and mixed run/walks after the era"


def test_walks_are_mostly_logged_as_runs(sample):
    """Activity Type is unreliable (SPEC §1.1): classification cannot just read it."""
    walks = sample[sample["kind"] == "pup_walk"]
    assert (walks["Activity Type"] == "Run").mean() > 0.5
    types = set(sample["Activity Type"])
    assert {"Run", "Walk"} <= types and len(types) >= 3


def test_outliers_exist_and_each_breaks_a_sanity_bound(sample):
    outliers = sample[sample["kind"] == "outlier"]
    assert len(outliers) >= 1
    broken = beyond_bounds(outliers)
    assert broken.all(), outliers.loc[~broken, ["id", PACE, DIST, TIME]].to_string()


def test_everything_else_is_within_the_bounds(sample):
    clean = sample[sample["kind"] != "outlier"]
    broken = beyond_bounds(clean)
    assert not broken.any(), clean.loc[broken, ["id", "kind", PACE, DIST, TIME]].to_string()


def test_pace_distance_and_time_agree(sample):
    """Duration = pace x distance (to the export's rounding) and speed = 60 / pace: the features
    classification derives from one another are consistent."""
    clean = sample[sample["kind"] != "outlier"]
    expected = clean[PACE] * clean[DIST] * 60
    assert ((clean[TIME] - expected).abs() <= 1 + 1e-4 * expected).all()
    assert ((clean["Avg Speed (mi/h)"] - 60 / clean[PACE]).abs() <= 1e-4 * clean["Avg Speed (mi/h)"] + 1e-5).all()
    assert (clean["Max Pace (min/mi)"] <= clean[PACE]).all(), "max pace is the fastest"


def test_empty_cells_like_a_real_export(sample):
    empty = sample[EXPORT_COLUMNS].isna().mean()
    assert empty["Avg Heart Rate"] > 0.5 and empty["Notes"] > 0.5
    assert 0 < empty["Steps"] < 0.5
    assert 0 < empty["Source"] < 0.1
    for col in ("Workout Date", "Date Submitted", "Link", PACE, DIST, TIME):
        assert empty[col] == 0, col


def test_notes_hold_quotes_commas_newlines_and_unicode(sample):
    notes = sample["Notes"].dropna()
    assert notes.str.contains('"', regex=False).any()
    assert notes.str.contains(",", regex=False).any()
    assert notes.str.contains("\n", regex=False).any()
    assert notes.map(lambda s: not s.isascii()).any()
    assert notes.str.contains(r"<[a-z]+[ >]", regex=True).any(), "HTML-looking text"
    assert notes.str.match(r"^[=+\-@]").any(), "formula-looking text"


# ---------------------------------------------------------------- profiles

TEXT_COLUMNS = {"Date Submitted", "Workout Date", "Activity Type", "Notes", "Source", "Link"}
FOOT_TYPES = {"Run", "Walk", "Hike", "Indoor Run / Jog"}
NOT_ON_FOOT = {"Bike Ride", "Indoor Bike Ride", "Swim", "Video Workout", "Weight Workout"}
STEPS = "Steps"

# sha256 of the clean generator's output before profiles existed (written by the generator of
# commit 29a895a, glibc x86-64): the default and `--profile clean` must keep these bytes.
PINNED = [
    ([], "c7d5b7b9e0f86aa98d82d6e5080ab72a14d185c6c558e2669b4c19309314f9b2",
     "fd23e85f7f642b8b18b007bf2ffe3ba8398e05757e13db4cb6283877b0945336"),
    (["--rows", "3000", "--seed", "1"], "964a759087901e3f1e7f6d1f5d45bea7354ef08721493d3c12e3b03df9c61e15",
     "055967aae70b95637505391ded181c10df4c33fe051c3e9534cd82b0d97b8f9e"),
    (["--rows", "500", "--seed", "7"], "5c1b27e6e1621dff62160bf793db86fc49fe124fc01ed4ef2baf7041ec68537d",
     "a5db231807c03f447788f141dcc95cc457e7da9eceb660d223cd02a35007d657"),
    (["--rows", "500", "--seed", "7", "--units", "km"],
     "cffc0baf262a7ce95a601897f227a4a5e1763c0f15714b4d940c9ba85c51dd61", None),
]

# The real 14-year export that `real-like` imitates: its options and its workouts by pace.
REAL_OPTIONS = ["--rows", "2774", "--start", "2013-06-25", "--end", "2025-10-07", "--era", "2018-06-01"]
REAL_BUCKETS = {"< 6": 29, "6-11.5": 738, "11.5-17": 131, "17-19": 231, "19-40": 1547, "> 40": 98}


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_export(export, truth):
    """The export with numbers as floats (NaN = empty cell), its workout ids, dates and the truth
    kind of each row."""
    df = pd.read_csv(export, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    kinds = pd.read_csv(truth, dtype={"workout_id": "int64", "kind": str})
    assert len(df) == len(kinds)
    df["id"] = df["Link"].str.extract(r"(\d+)$")[0].astype("int64")
    assert (df["id"].to_numpy() == kinds["workout_id"].to_numpy()).all()
    df["kind"] = kinds["kind"].to_numpy()
    df["date"] = pd.to_datetime(df["Workout Date"].map(iso_date))
    for col in df.columns:
        if col not in TEXT_COLUMNS and col not in ("id", "kind", "date"):
            df[col] = pd.to_numeric(df[col], errors="raise")
    return df


def cadence(df):
    """Steps per minute of each row (NaN without steps)."""
    return df[STEPS] / (df[TIME] / 60)


def pace_of(df, distance=DIST):
    """Minutes per distance unit from duration and distance; no (or zero) distance is no movement:
    infinitely slow."""
    d = df[distance].where(df[distance] > 0)
    return (df[TIME] / 60 / d).fillna(np.inf)


@pytest.fixture(scope="module")
def make(tmp_path_factory, fitintel):
    """make(*args) -> (export path, truth path) of `fitintel sample ARGS`, written once per args."""
    folder = tmp_path_factory.mktemp("profiles")
    made = {}

    def _make(*args):
        if args not in made:
            n = len(made)
            export, truth = folder / f"export{n}.csv", folder / f"truth{n}.csv"
            subprocess.run([fitintel, "sample", *args, "-o", str(export), "--truth", str(truth)],
                           check=True, capture_output=True, timeout=300)
            made[args] = (export, truth)
        return made[args]
    return _make


@pytest.fixture(scope="module")
def profile(make):
    """profile(names, *args) -> the DataFrame of a 3,000-row sample (seed 1) under profiles @names."""
    def _profile(names, *args):
        return read_export(*make("--rows", "3000", "--seed", "1", "--profile", names, *args))
    return _profile


@pytest.mark.parametrize("args,csv_sha,truth_sha", PINNED)
def test_the_clean_sample_keeps_its_bytes(make, args, csv_sha, truth_sha):
    export, truth = make(*args)
    assert sha256(export) == csv_sha
    if truth_sha:
        assert sha256(truth) == truth_sha
    export, truth = make(*args, "--profile", "clean")
    assert sha256(export) == csv_sha


@pytest.mark.parametrize("names", ["clean", "real-like", "estimated-steps,device-change,multi-sport",
                                   "no-dog,short,km"])
def test_profiles_are_deterministic(tmp_path, fitintel, names):
    def write(seed, name):
        export, truth = tmp_path / f"{name}.csv", tmp_path / f"{name}.truth.csv"
        subprocess.run([fitintel, "sample", "--rows", "800", "--seed", str(seed), "--profile", names,
                        "-o", str(export), "--truth", str(truth)], check=True, capture_output=True)
        return export.read_bytes() + truth.read_bytes()
    first = write(5, "a")
    assert write(5, "b") == first, "same options and seed, same bytes"
    assert write(6, "c") != first, "another seed, another sample"


def test_profiles_that_change_cells_keep_the_rows(profile, sample):
    """no-steps, estimated-steps, device-change, brisk-walks, slow-runs and km draw from their own
    stream: dates, ids, kinds and notes are those of the clean sample with the same seed."""
    clean = sample
    for names in ("no-steps", "estimated-steps", "device-change", "brisk-walks,slow-runs"):
        df = profile(names)
        for col in ("id", "kind", "date", "Notes", "Activity Type", "Source"):
            assert df[col].equals(clean[col]), (names, col)


def test_no_steps_leaves_every_steps_cell_empty(profile, sample):
    df = profile("no-steps")
    assert df[STEPS].isna().all()
    same = [c for c in EXPORT_COLUMNS if c != STEPS]
    assert df[same].equals(sample[same]), "nothing but Steps changes"


def test_estimated_steps_give_walks_a_runners_cadence(profile, sample):
    """The app estimates steps from distance (~3,300 a mile): ~150 spm for a 22 min/mi walk, and
    MORE for a brisk one, while runs keep a measured ~165."""
    df = profile("estimated-steps")
    spm = cadence(df)
    by_kind = spm.groupby(df["kind"]).median()
    assert 140 <= by_kind["pup_walk"] <= 160, by_kind
    assert 155 <= by_kind["real_run"] <= 175, by_kind
    assert by_kind["mixed"] > by_kind["real_run"], "mixed outings look faster than runs"
    walks = df[(df["kind"] == "pup_walk") & df[STEPS].notna()]
    per_mile = walks[STEPS] / walks[DIST]
    assert per_mile.between(3300 * 0.8, 3300 * 1.2).mean() > 0.99, per_mile.describe()
    assert np.corrcoef(walks[PACE], cadence(walks))[0, 1] < -0.5, "brisker walk, higher cadence"
    runs = df["kind"] == "real_run"
    assert df.loc[runs, STEPS].equals(sample.loc[runs, STEPS]), "runs keep their measured steps"


def test_device_change_inflates_run_steps_for_two_years(profile):
    df = profile("device-change")
    runs = df[df["kind"] == "real_run"]
    by_year = cadence(runs).groupby(runs["date"].dt.year).median()
    jumps = by_year / by_year.shift(1)
    assert jumps.max() >= 1.5, by_year
    assert jumps.idxmax() == 2014, "the third calendar year of 2012-2025"
    assert 1.15 <= by_year[2015] / by_year[2013] <= 1.35, by_year
    assert by_year.drop([2014, 2015]).between(155, 175).all(), by_year


def test_brisk_walks_overlap_the_mixed_paces(profile):
    df = profile("brisk-walks")
    walks = df[df["kind"] == "pup_walk"]
    brisk = walks[PACE].between(15, 19)
    assert brisk.mean() >= 0.20, f"{brisk.mean():.0%} of walks at 15-19 min/mi"
    ratio = walks.loc[brisk, DIST].median() / walks.loc[~brisk, DIST].median()
    assert 0.8 <= ratio <= 1.25, "brisk walks are the same short walks"
    mixed = df.loc[df["kind"] == "mixed", PACE]
    assert mixed.between(12.5, 17.5).all() and (mixed > 17).any(), mixed.describe()


def test_slow_runs_reach_into_the_mixed_paces(profile, sample):
    df = profile("slow-runs")
    runs = df.loc[df["kind"] == "real_run", PACE]
    slow = runs.between(11, 13).mean()
    assert 0.12 <= slow <= 0.20, f"{slow:.1%} of runs at 11-13 min/mi"
    clean = sample.loc[sample["kind"] == "real_run", PACE].between(11, 13).mean()
    assert clean < 0.05


def test_km_is_a_metric_account(make, profile):
    df = profile("km")
    assert "Distance (km)" in df.columns and "Avg Pace (min/km)" in df.columns
    assert not any(u in c for c in df.columns for u in ("(mi)", "/mi)", "(mi/h)"))
    assert sha256(make("--rows", "3000", "--seed", "1", "--profile", "km")[0]) == \
        sha256(make("--rows", "3000", "--seed", "1", "--units", "km")[0])


def test_short_has_sixty_workouts(make, fitintel, tmp_path):
    df = read_export(*make("--rows", "500", "--profile", "short"))
    assert len(df) == 60 and df["id"].is_unique
    assert set(df["kind"]) >= {"real_run", "pup_walk"}
    p = subprocess.run([fitintel, "sample", "--profile", "short", "-o", str(tmp_path / "s.csv")],
                       capture_output=True, text=True, check=True)
    assert "wrote 60 workouts" in p.stdout


def test_no_dog_is_runs_only(profile):
    df = profile("no-dog")
    assert set(df["kind"]) == {"real_run", "outlier"}
    assert df.loc[df["kind"] == "real_run", PACE].max() <= 12.5
    assert (df["date"].dt.year.value_counts().sort_index() > 100).all(), "one era, every year"


def test_multi_sport_rows_are_not_on_foot(profile):
    df = profile("multi-sport")
    other = df[df["kind"] == "other"]
    share = len(other) / len(df)
    assert 0.06 <= share <= 0.10, f"{share:.1%} not on foot, not ~8%"
    assert set(other["Activity Type"]) == NOT_ON_FOOT
    assert set(df.loc[df["kind"] != "other", "Activity Type"]) <= FOOT_TYPES
    assert other[STEPS].isna().mean() >= 0.8, "steps mostly empty"
    assert other[DIST].isna().any() and (other[DIST] == 0).any(), "indoor sessions without distance"
    bikes = other[other["Activity Type"] == "Bike Ride"]
    assert bikes[PACE].between(3, 6).all() and bikes[DIST].between(5, 40).all()
    swims = other[other["Activity Type"] == "Swim"]
    assert swims[PACE].between(25, 45).all() and swims[DIST].between(0.3, 1.5).all()
    gym = other[other["Activity Type"].isin(["Video Workout", "Weight Workout"])]
    assert (gym[DIST].fillna(0) == 0).all() and gym[TIME].between(15 * 60, 60 * 60).all()
    moving = other[other[DIST] > 0]
    assert ((moving[TIME] - moving[PACE] * moving[DIST] * 60).abs() <= 1 + 1e-4 * moving[TIME]).all()


def test_real_like_matches_the_real_export(make):
    """Workouts by pace (duration / distance; no distance counts as slower than 40) within 20% of
    the real export's, and the real export's cadences: walks 139-160 spm every year, runs ~165
    except a device that counted 1.6x and 1.25x in 2015 and 2016; runs continue after the dog."""
    df = read_export(*make(*REAL_OPTIONS, "--profile", "real-like"))
    buckets = pd.cut(pace_of(df).clip(upper=1e9), [-np.inf, 6, 11.5, 17, 19, 40, np.inf], right=False,
                     labels=list(REAL_BUCKETS)).value_counts()
    off = {b: f"{buckets[b]} vs {n}" for b, n in REAL_BUCKETS.items() if abs(buckets[b] / n - 1) > 0.20}
    assert not off, off
    year = df["date"].dt.year
    walks = df["kind"] == "pup_walk"
    walk_spm = cadence(df[walks]).groupby(year[walks]).median()
    assert walk_spm.between(139, 160).all(), walk_spm
    runs = df["kind"] == "real_run"
    run_spm = cadence(df[runs]).groupby(year[runs]).median()
    assert 240 <= run_spm[2015] <= 290 and 185 <= run_spm[2016] <= 225, run_spm
    assert run_spm.drop([2015, 2016]).between(155, 175).all(), run_spm
    after = year[runs & (df["date"] >= ERA)].value_counts()
    assert after.loc[2019:2024].between(16, 128).all(), after.sort_index()
    assert set(df["kind"]) == KINDS | {"other"}


@pytest.mark.parametrize("names", ["real-like", "multi-sport,km,no-steps"])
def test_messy_samples_still_import(make, run, store, names):
    export, _ = make("--rows", "1500", "--seed", "3", "--profile", names)
    p = run("--db", store, "ingest", export, "--json")
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert rec["rows_added"] == 1500 and not rec.get("rejects")


@pytest.mark.parametrize("names,bad", [("bogus", "'bogus'"), ("km,,short", "empty"),
                                       ("estimated-steps,dog", "'dog'"), ("", "empty")])
def test_unknown_profiles_are_refused(run, tmp_path, names, bad):
    export = tmp_path / "x.csv"
    p = run("sample", "--profile", names, "-o", export)
    assert p.returncode == 2 and p.stdout == ""
    assert bad in p.stderr
    assert "clean, no-steps, estimated-steps, device-change, brisk-walks, slow-runs, km, short, " \
           "no-dog, multi-sport or real-like" in p.stderr
    assert not export.exists()


def test_profile_names_are_case_insensitive(make):
    a = make("--rows", "300", "--profile", "Estimated-Steps, KM")
    b = make("--rows", "300", "--profile", "estimated-steps", "--profile", "km")
    assert sha256(a[0]) == sha256(b[0]) and sha256(a[1]) == sha256(b[1])


def build_option(name):
    build = os.environ.get("FITINTEL_BUILD_ROOT")
    info = Path(build or ".") / "meson-info" / "intro-buildoptions.json"
    if not info.exists():
        return None
    return next((o["value"] for o in json.loads(info.read_text()) if o["name"] == name), None)


def test_python_package_takes_profiles(make, tmp_path):
    """fitintel.sample(..., profile=...) writes what the command writes; an unknown name raises
    InvalidArgumentError. Run in a child interpreter: this suite does not load the library."""
    package = Path(os.environ.get("FITINTEL_BUILD_ROOT", "")) / "bindings" / "python"
    if not list(package.glob("fitintel/_core*.so")):
        pytest.skip("the Python bindings are not built")
    if build_option("b_sanitize") not in (None, "none", []):   # a list since meson 1.8
        pytest.skip("the package suites cover sanitized builds (they preload the runtime)")
    export, truth = tmp_path / "py.csv", tmp_path / "py.truth.csv"
    code = f"""
import fitintel
fitintel.sample({str(export)!r}, rows=400, seed=9, truth={str(truth)!r},
                profile="estimated-steps,device-change")
try:
    fitintel.sample({str(tmp_path / "bad.csv")!r}, profile="estimated-steps,nope")
except fitintel.errors.InvalidArgumentError as e:
    print("refused:", e)
"""
    env = dict(os.environ, PYTHONPATH=str(package))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "refused:" in p.stdout and "'nope'" in p.stdout and "real-like" in p.stdout
    cli = make("--rows", "400", "--seed", "9", "--profile", "estimated-steps,device-change")
    assert export.read_bytes() == cli[0].read_bytes() and truth.read_bytes() == cli[1].read_bytes()
