"""The sample generator tells the story later issues rely on (SPEC §10): runs before the dog, mostly
walks after, a few garbage rows that break the sanity bounds, realistic dates, ids and notes."""
import pandas as pd
import pytest

from conftest import run

ERA = pd.Timestamp("2018-06-01")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    d = tmp_path_factory.mktemp("sample")
    export, truth = d / "export.csv", d / "truth.csv"
    run("sample", "--rows", "3000", "--seed", "1", "-o", export, "--truth", truth, check=0)
    df = pd.read_csv(export, dtype={"Notes": str})
    df["id"] = df["Link"].str.extract(r"/workout/(\d+)$")[0].astype("int64")
    kinds = pd.read_csv(truth)
    assert (kinds["workout_id"].to_numpy() == df["id"].to_numpy()).all()
    df["kind"] = kinds["kind"].to_numpy()
    df["date"] = pd.to_datetime(df["Workout Date"].str.replace("Sept.", "Sep.", regex=False)
                                .str.replace(".", "", regex=False), format="mixed"
                                if pd.__version__ >= "2" else None)
    return df


def test_runs_and_walks_separate_by_pace(sample):
    pace = sample.groupby("kind")["Avg Pace (min/mi)"].median()
    assert pace["real_run"] < 11 < 17 < pace["pup_walk"]
    cadence = (sample["Steps"] / (sample["Workout Time (seconds)"] / 60)).groupby(sample["kind"]).median()
    assert cadence["real_run"] > 150 > 120 > cadence["pup_walk"]


def test_the_dog_changes_everything(sample):
    before = sample[sample["date"] < ERA]
    after = sample[sample["date"] >= ERA]
    assert 0.25 < len(before) / len(sample) < 0.45
    assert (before["kind"] == "real_run").mean() > 0.9
    assert (after["kind"] == "pup_walk").mean() > 0.5
    walks_as_run = after[(after["kind"] == "pup_walk") & (after["Activity Type"] == "Run")]
    assert len(walks_as_run) > 0.5 * (after["kind"] == "pup_walk").sum()   # the whole problem


def test_outliers_break_a_sanity_bound(sample):
    out = sample[sample["kind"] == "outlier"]
    assert len(out) >= 1
    pace, dist, dur = (out["Avg Pace (min/mi)"], out["Distance (mi)"], out["Workout Time (seconds)"])
    broken = (pace.isna() | dist.isna() | dur.isna() | (pace <= 0) | (pace > 60) | (dist <= 0)
              | (dist > 50) | (dur <= 0) | (dur > 86400))
    assert broken.all()
    clean = sample[sample["kind"] != "outlier"]
    assert ((clean["Avg Pace (min/mi)"] > 0) & (clean["Avg Pace (min/mi)"] <= 60)).all()


def test_dates_ids_and_notes_look_real(sample):
    assert sample["date"].min().year == 2012 and sample["date"].max().year == 2025
    assert sample["id"].is_unique and sample["id"].is_monotonic_decreasing   # newest first
    notes = sample["Notes"].dropna()
    assert notes.str.contains('"').any() and notes.str.contains(",").any()
    assert notes.str.contains("\n").any() and notes.map(lambda s: not s.isascii()).any()
    assert sample["Avg Heart Rate"].isna().mean() > 0.5
    assert sample["Workout Date"].str.match(r"^(Jan|Feb|Aug|Sept|Oct|Nov|Dec)\. \d{1,2}, \d{4}$|"
                                            r"^(March|April|May|June|July) \d{1,2}, \d{4}$").all()
