"""The sample generator tells the story the classification work relies on (SPEC §10, §2.2): years
of runs, then a dog arrives (2018-06-01) and most workouts become walks logged as "Run"; a few
garbage rows that break the sanity bounds; realistic dates, ids, empty cells and notes. Checked
with pandas against the generator's own truth file, on a 14-year sample of 3,000 rows."""
import subprocess

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
