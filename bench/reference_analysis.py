"""The reference the pipeline benchmark compares against: the analyses of `fitintel train`,
`classify`, `anomalies`, `consistency`, `trends` and `brief`, done the usual Python way on a store
that reference_ingest.py filled — pandas, scikit-learn and scipy (Debian's packages).

Each stage reads what it needs from SQLite, as the command does, and the stages are timed one by one.
usage: reference_analysis.py STORE.db [STAGE...]   (prints one "stage seconds" line per stage)
With stages named, only those run (one process per stage gives each its own peak memory); the
model that `train` fits is kept beside the store (STORE.db.model) for a later `classify`.
"""
import sqlite3
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/tests/python")
from consistency_reference import reference as consistency   # noqa: E402

TIMES = {}
np.seterr(all="ignore")   # log of the garbage rows: they are masked out below


def stage(name):
    def wrap(fn):
        def run(*a):
            t = time.perf_counter()
            out = fn(*a)
            TIMES[name] = time.perf_counter() - t
            return out
        return run
    return wrap


def load(con):
    df = pd.read_sql("SELECT id, workout_date, calories, distance_mi, duration_s, avg_pace, steps"
                     " FROM workouts", con)
    df["workout_date"] = pd.to_datetime(df["workout_date"])
    return df.sort_values(["workout_date", "id"], kind="stable").reset_index(drop=True)


def features(df):
    ok = df.avg_pace.between(0, 60, inclusive="right") & df.distance_mi.between(0, 50, inclusive="right") \
        & df.duration_s.between(0, 86400, inclusive="right")
    cadence = df.steps / (df.duration_s / 60)
    f = pd.DataFrame({"pace": np.log(df.avg_pace), "dist": np.log(df.distance_mi),
                      "dur": np.log(df.duration_s / 60), "cad": cadence})
    return f, ok & cadence.between(20, 300)


@stage("train")
def train(con):
    df = load(con)
    f, ok = features(df)
    scaler = StandardScaler().fit(f[ok])
    km = KMeans(n_clusters=3, n_init=10, max_iter=300, tol=1e-4, random_state=42).fit(
        scaler.transform(f[ok]) * [1, .3, .3, 1])
    return scaler, km


@stage("classify")
def classify(con, model):
    scaler, km = model
    df = load(con)
    f, ok = features(df)
    f = f.where(ok, f[ok].mean(), axis=1)   # rows outside the bounds are outliers, not assigned
    z = scaler.transform(f) * [1, .3, .3, 1]
    labels = np.where(ok, km.predict(z), -1)
    out = pd.DataFrame({"workout_id": df.id, "cluster": labels})
    with con:
        con.execute("DROP TABLE IF EXISTS classifications")
        out.to_sql("classifications", con, index=False, chunksize=50000)


@stage("anomalies")
def anomalies(con):
    df = load(con)
    flagged = 0
    for col in ("avg_pace", "distance_mi", "duration_s"):
        x = df[col].dropna().to_numpy()
        q1, q3 = np.percentile(x, [25, 75])
        flagged += ((x < q1 - 1.5 * (q3 - q1)) | (x > q3 + 1.5 * (q3 - q1))).sum()
        flagged += (np.abs(stats.zscore(x, ddof=1)) > 3).sum()
        med = np.median(x)
        mad = np.median(np.abs(x - med))
        flagged += (np.abs(0.6745 * (x - med) / mad) > 3.5).sum() if mad else 0
    return flagged


@stage("consistency")
def consistency_stage(con):
    df = load(con)
    days = (df.workout_date - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
    metrics = (df.calories.to_numpy(float), df.distance_mi.to_numpy(float), df.duration_s.to_numpy(float))
    now = consistency(days, days[-1], 30, 4.0, metrics)
    trajectory = [consistency(days[days <= ref], ref, 30, 4.0, tuple(m[days <= ref] for m in metrics))
                  for ref in range(days[0] + 29, days[-1] + 1, 15)]
    return now, trajectory


@stage("trends")
def trends(con):
    df = load(con)
    days = (df.workout_date - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
    pace = df.avg_pace.to_numpy()
    ok = np.isfinite(pace) & (pace > 0) & (pace <= 60)
    fit = stats.linregress(days[ok], pace[ok])
    weekly = df.set_index("workout_date").resample("W-SUN").size()
    w = stats.linregress(np.arange(len(weekly)) * 7, weekly.to_numpy())
    tau = stats.kendalltau(np.arange(len(weekly)), weekly.to_numpy())
    sen = stats.theilslopes(weekly.to_numpy())
    return fit, w, tau, sen


@stage("brief")
def brief(con):
    df = load(con)
    last = df.workout_date.max()
    period = df[df.workout_date > last - pd.Timedelta(days=30)]
    previous = df[(df.workout_date <= last - pd.Timedelta(days=30)) & (df.workout_date > last - pd.Timedelta(days=60))]
    summary = period[["distance_mi", "duration_s", "calories"]].agg(["sum", "mean"])
    before = previous[["distance_mi", "duration_s", "calories"]].sum()
    days = (df.workout_date - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
    score = consistency(days, days[-1], 30, 4.0, ())
    weekday = period.groupby(period.workout_date.dt.weekday).distance_mi.mean()
    return summary, before, score, weekday


@stage("dataframe")
def dataframe(con):
    df = pd.read_sql("SELECT * FROM workouts", con)
    df["workout_date"] = pd.to_datetime(df["workout_date"])
    return df.sort_values(["workout_date", "id"], kind="stable").reset_index(drop=True)


STAGES = {"train": None, "classify": classify, "anomalies": anomalies,
          "consistency": consistency_stage, "trends": trends, "brief": brief,
          "dataframe": dataframe}


def main(db, names):
    import pickle
    con = sqlite3.connect(db)
    for name in names or [n for n in STAGES if n != "dataframe"]:
        if name == "train":
            with open(db + ".model", "wb") as f:
                pickle.dump(train(con), f)
        elif name == "classify":
            with open(db + ".model", "rb") as f:
                classify(con, pickle.load(f))
        else:
            STAGES[name](con)
    for name, secs in TIMES.items():
        print(name, f"{secs:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
