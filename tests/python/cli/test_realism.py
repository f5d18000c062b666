"""The realism matrix of issue 12 on seeds the classifier was not tuned on: every generator profile
(estimated steps, device changes, brisk walks, slow runs, km accounts, short and dog-less
histories, other sports) imported, given the era, trained with the store's defaults and scored
against the generator's truth file. And the real-like export: clear runs stay runs and clear walks
stay walks with and without the era, and the model says why cadence is left out."""
import csv
import json
import os
import pathlib
import random
import sqlite3
import subprocess
import sys

import pytest

ROOT = pathlib.Path(os.environ.get("FITINTEL_SOURCE_ROOT", pathlib.Path(__file__).resolve().parents[3]))
sys.path.insert(0, str(ROOT / "bench"))
import realism  # noqa: E402

EXE = os.environ["FITINTEL_EXE"]
# Seeds nobody tuned on (tuning used 11, 12, 13, 31, 73 and 101); one is drawn per run, and printed.
FRESH_SEEDS = [7, 21, 44, 47, 59, 89, 97, 131, 202, 303]
SEED = int(os.environ.get("FITINTEL_REALISM_SEED") or random.SystemRandom().choice(FRESH_SEEDS))
# Profiles where the mixed target holds. Not yet on the real-like export: its easiest runs reach
# 12.7 min/mi where the mixed outings begin, and with pace and distance alone (cadence is rightly
# left out there) half of those outings share a cluster with them (README, realism matrix).
MIXED_TARGET_PROFILES = set(realism.PROFILES) - {"real-like"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    print(f"realism seed {SEED} (set FITINTEL_REALISM_SEED to repeat)")
    return tmp_path_factory.mktemp("realism")


@pytest.mark.parametrize("profile", realism.PROFILES)
def test_profile_meets_the_targets(profile, workdir):
    fig, db = realism.evaluate(EXE, profile, SEED, 3000, workdir)
    where = f"{profile}, seed {SEED}: {fig}"
    assert fig["run_walk_accuracy"] >= 0.97, where
    assert fig["clean_outlier_rate"] <= 0.01, where
    if fig["other_rows"]:
        assert fig["other_recall"] == 1.0, where
    if profile in MIXED_TARGET_PROFILES and fig["mixed_rows"] >= 20:
        assert fig["mixed_recall"] >= 0.70, where
        # the model says why its mixed clusters are mixed: between the bounds, and in the other
        # features well inside the gap between the runs and the walks
        model = json.loads(subprocess.run([EXE, "--db", str(db), "model", "show", "--json"], capture_output=True,
                                          text=True, check=True).stdout)
        mixed = [c["meaning"] for c in model["clusters"] if c["label"] == "mixed"]
        assert mixed and all("between the bounds (12–18)" in m and "well inside the gap" in m for m in mixed), mixed


def clear_rows(csv_path, truth_path):
    """Ids of clear runs (6–11.5 min/mi, ≥ 1 mi) and clear walks (19–40 min/mi) by pace and truth."""
    with open(truth_path, newline="") as f:
        truth = {int(r["workout_id"]): r["kind"] for r in csv.DictReader(f)}
    runs, walks = set(), set()
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            i = int(r["Link"].rsplit("/", 1)[1])
            try:
                pace, dist = float(r["Avg Pace (min/mi)"]), float(r["Distance (mi)"])
            except ValueError:
                continue
            if truth[i] == "real_run" and 6 <= pace <= 11.5 and dist >= 1:
                runs.add(i)
            elif truth[i] == "pup_walk" and 19 <= pace <= 40:
                walks.add(i)
    return runs, walks


@pytest.mark.parametrize("with_era", [True, False])
def test_real_like_export(with_era, workdir):
    args = ["--rows", "2774", "--start", "2013-06-25", "--end", "2025-10-07", "--era", realism.ERA]
    d = workdir / f"real-{with_era}"
    d.mkdir()
    fig, db = realism.evaluate(EXE, "real-like", SEED, 2774, d, era=with_era, extra_sample=args)
    runs, walks = clear_rows(d / f"real-like-{SEED}.csv", d / f"real-like-{SEED}.truth.csv")
    con = sqlite3.connect(db)
    labels = dict(con.execute("SELECT workout_id, label FROM classifications"))
    con.close()
    assert len(runs) > 300 and len(walks) > 800
    run_share = sum(labels[i] == "real_run" for i in runs) / len(runs)
    walk_share = sum(labels[i] == "pup_walk" for i in walks) / len(walks)
    assert run_share >= 0.95 and walk_share >= 0.95, (run_share, walk_share, fig)
    # every year after the era still has its runs (the old model found none)
    con = sqlite3.connect(db)
    years = dict(con.execute("SELECT substr(w.workout_date, 1, 4), count(*) FROM workouts w JOIN classifications c"
                             " ON c.workout_id = w.id WHERE c.label = 'real_run' AND w.workout_date >= ?"
                             " GROUP BY 1", (realism.ERA,)))
    con.close()
    assert all(years.get(str(y), 0) >= 5 for y in range(2019, 2025)), years

    model = json.loads(subprocess.run([EXE, "--db", str(db), "model", "show", "--json"], capture_output=True,
                                      text=True, check=True).stdout)
    cadence = next(c for c in model["feature_choice"] if c["feature"] == "cadence")
    assert not cadence["used"] and "cadence" not in model["features"]
    # the reason names both facts: walks and runs barely differ, and runs' steps jump by device
    assert cadence["walk_median"] == pytest.approx(150, abs=8) and cadence["run_median"] == pytest.approx(165, abs=8)
    assert cadence["drift"]["label"] == "real_run" and cadence["drift"]["from"] > 240
    assert "steps per minute of walks" in cadence["reason"] and "runs' steps jump" in cadence["reason"]
    # explain says it too
    some_run = next(iter(sorted(runs)))
    text = json.loads(subprocess.run([EXE, "--db", str(db), "explain", str(some_run), "--json"], capture_output=True,
                                     text=True, check=True).stdout)["text"]
    assert "Left out: cadence out" in text and "runs' steps jump" in text
