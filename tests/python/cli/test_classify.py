"""Classification end to end through the `fitintel` command, checked against the sample's truth
file and against independent numpy / scikit-learn computations of the same model."""
import csv
import json
import math

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from conftest import ok, query


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, fitintel):
    """A 14-year sample (2012–2025) imported and trained once for the module."""
    import subprocess
    d = tmp_path_factory.mktemp("sample")
    db, export, truth = d / "s.db", d / "s.csv", d / "truth.csv"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(d)}
    for args in (["sample", "--rows", "3000", "--seed", "11", "-o", export, "--truth", truth],
                 ["--db", db, "ingest", export], ["--db", db, "train"]):
        p = subprocess.run([fitintel, *map(str, args)], capture_output=True, text=True, env=env)
        assert p.returncode == 0, p.stderr
    kinds = {int(r["workout_id"]): r["kind"] for r in csv.DictReader(open(truth))}
    return db, export, kinds


@pytest.fixture(scope="module")
def kmeans_store(tmp_path_factory, fitintel, sample_store):
    """The same sample trained with the k-means method (the default is the mixture), for the
    checks against scikit-learn's KMeans; tol 0, so that Lloyd stops only at a fixed point (with
    k = 5 it otherwise stops on the centre-shift tolerance, a hair before one)."""
    import subprocess
    d = tmp_path_factory.mktemp("kmeans")
    db = d / "k.db"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(d)}
    for args in (["--db", db, "ingest", sample_store[1]],
                 ["--db", db, "config", "set", "classify.method", "kmeans"],
                 ["--db", db, "config", "set", "classify.tol", "0"], ["--db", db, "train"]):
        p = subprocess.run([fitintel, *map(str, args)], capture_output=True, text=True, env=env)
        assert p.returncode == 0, p.stderr
    return db


def labels(db):
    return dict(query(db, "SELECT workout_id, label FROM classifications"))


def test_runs_and_walks_are_separated(sample_store):
    db, _, truth = sample_store
    got = labels(db)
    assert set(got) == set(truth), "every workout is classified"
    runs_walks = [i for i, k in truth.items() if k in ("real_run", "pup_walk")]
    accuracy = sum(got[i] == truth[i] for i in runs_walks) / len(runs_walks)
    assert accuracy >= 0.97, accuracy
    assert not any(got[i] == "pup_walk" for i, k in truth.items() if k == "real_run"), \
        "no run is ever taken for a dog walk"


def test_garbage_rows_are_outliers(sample_store):
    db, _, truth = sample_store
    got = labels(db)
    garbage = [i for i, k in truth.items() if k == "outlier"]
    assert garbage, "the sample has garbage rows"
    assert all(got[i] == "outlier" for i in garbage)
    methods = dict(query(db, "SELECT workout_id, method FROM classifications"))
    assert all(methods[i] == "bounds" for i in garbage)


def raw_features(model, pace, dist, secs, steps):
    """A workout's values of the model's features (in its order), independently of the library;
    None when the model needs cadence and the workout has none."""
    cadence = steps / (secs / 60) if steps else math.nan
    if not (20 <= cadence <= 300):
        cadence = math.nan   # a counter overflow is not a cadence
    values = {"pace": math.log(pace), "log_distance": math.log(dist),
              "log_duration": math.log(secs / 60), "cadence": cadence}
    x = [values[f] for f in model["features"]]
    return None if any(math.isnan(v) for v in x) else x


def features(db, model):
    """The model's feature matrix computed independently from the stored workouts."""
    rows = query(db, "SELECT w.id, avg_pace, distance_mi, duration_s, steps, activity_type, c.cluster,"
                     " c.method FROM workouts w JOIN classifications c ON c.workout_id = w.id ORDER BY w.id")
    x, clusters, ids = [], [], []
    bounds = model["params"]["bounds"]
    other = [t for t in model["params"]["other_types"].lower().split(",") if t]
    for wid, pace, dist, secs, steps, kind, cluster, method in rows:
        if None in (pace, dist, secs) or not (0 < pace <= bounds["pace_max"]) or \
           not (0 < dist <= bounds["distance_max"]) or not (0 < secs <= bounds["duration_max_h"] * 3600):
            continue
        if any(t in (kind or "").lower() for t in other):
            continue   # not on foot: never a training row
        row = raw_features(model, pace, dist, secs, steps)
        if row is None:
            continue   # trained on rows with cadence only when cadence is a feature
        x.append(row)
        clusters.append(cluster)
        ids.append(wid)
    return np.array(x), clusters, ids


def test_model_matches_numpy_and_sklearn(kmeans_store, run):
    db = kmeans_store
    model = json.loads(ok(run("--db", db, "model", "show", "--json")).stdout)
    assert model["method"] == model["params"]["method"] == "kmeans"
    # pace always, then the candidates the data let in, in their order
    assert model["features"] == ["pace"] + [c["feature"] for c in model["feature_choice"] if c["used"]]
    assert [c["feature"] for c in model["feature_choice"]] == ["log_distance", "log_duration", "cadence"]
    assert len(model["features"]) >= 2, "the sample separates runs from walks beyond pace"
    x, clusters, _ = features(db, model)
    assert len(x) == model["train_rows"]
    np.testing.assert_allclose(model["mean"], x.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(model["scale"], x.std(axis=0), rtol=1e-12)
    z = (x - x.mean(axis=0)) / x.std(axis=0) * np.array(model["weight"])
    centroids = np.array([c["centroid_scaled"] for c in model["clusters"]])
    km = KMeans(n_clusters=len(centroids), init=centroids, n_init=1, algorithm="lloyd",
                tol=model["params"]["tol"]).fit(z)
    # a converged model is a fixed point of Lloyd's algorithm
    np.testing.assert_allclose(km.cluster_centers_, centroids, atol=1e-9)
    assert km.inertia_ == pytest.approx(model["inertia"], rel=1e-9)
    predicted = km.predict(z)
    kmeans_rows = [i for i, c in enumerate(clusters) if c is not None]
    assert [clusters[i] for i in kmeans_rows] == list(predicted[kmeans_rows])
    # the silhouette is of the labels: clusters of one label count as one group
    label_of = np.array([c["label"] for c in model["clusters"]])
    assert len(set(label_of)) < len(label_of), "k = 5 shares a label between clusters"
    assert model["silhouette"] == pytest.approx(silhouette_score(z, label_of[predicted]), abs=1e-9)
    sizes = np.bincount(predicted, minlength=len(centroids))
    assert [c["size"] for c in model["clusters"]] == list(sizes)


def test_labels_follow_centroid_pace(sample_store, run):
    db = sample_store[0]
    model = json.loads(ok(run("--db", db, "model", "show", "--json")).stdout)
    by_pace = sorted(model["clusters"], key=lambda c: c["centroid"][0])
    assert by_pace[0]["label"] == "real_run" and by_pace[-1]["label"] == "pup_walk"
    run_c, walk_c = np.array(by_pace[0]["centroid_scaled"]), np.array(by_pace[-1]["centroid_scaled"])
    for c in by_pace[1:-1]:   # mixed only when nearest the midpoint, else the nearer group
        x = np.array(c["centroid_scaled"])
        d = {"mixed": ((x - (run_c + walk_c) / 2) ** 2).sum(), "real_run": ((x - run_c) ** 2).sum(),
             "pup_walk": ((x - walk_c) ** 2).sum()}
        assert c["label"] == min(d, key=d.get)
    for c in model["clusters"]:
        pace = math.exp(c["centroid_scaled"][0] / model["weight"][0] * model["scale"][0] + model["mean"][0])
        assert c["centroid"][0] == pytest.approx(pace, rel=1e-12), "original units are the scaled ones mapped back"


def test_model_show_says_method_and_why(sample_store, kmeans_store, run):
    for db, method in ((sample_store[0], "mixture"), (kmeans_store, "kmeans")):
        model = json.loads(ok(run("--db", db, "model", "show", "--json")).stdout)
        text = ok(run("--db", db, "model", "show")).stdout
        assert f"method: {method} (" in text and model["method"] == method
        assert len(model["feature_choice"]) == 3
        for c in model["feature_choice"]:
            assert f"  {c['reason']}\n" in text
            assert c["reason"].startswith(f"{c['feature']} {'in' if c['used'] else 'out'}")
        listed = ok(run("--db", db, "model", "list")).stdout.splitlines()
        assert "METHOD" in listed[0] and f" {method} " in listed[1]


def test_explain_distances_and_confidence(kmeans_store, run):
    db = kmeans_store
    model = json.loads(ok(run("--db", db, "model", "show", "--json")).stdout)
    wid = query(db, "SELECT workout_id FROM classifications WHERE method = 'kmeans' AND label = 'real_run'"
                    " ORDER BY workout_id LIMIT 1")[0][0]
    e = json.loads(ok(run("--db", db, "explain", wid, "--json")).stdout)
    f = e["features"]
    steps = f["cadence"] * f["duration_min"] if f["cadence"] is not None else None
    raw = np.array(raw_features(model, f["pace"], f["distance_mi"], f["duration_min"] * 60, steps))
    assert list(e["scaled"]) == model["features"]
    z = (raw - model["mean"]) / np.array(model["scale"]) * model["weight"]
    np.testing.assert_allclose(list(e["scaled"].values()), z, rtol=1e-12)
    d2 = np.array([((z - c["centroid_scaled"]) ** 2).sum() for c in model["clusters"]])
    np.testing.assert_allclose([c["squared_distance"] for c in e["centroids"]], d2, rtol=1e-12)
    p = np.exp(-(d2 - d2.min()) / 2)
    assert e["confidence"] == pytest.approx(p.max() / p.sum(), rel=1e-12)
    assert e["label"] == "real_run" and e["cluster"] == int(d2.argmin())
    stored = query(db, "SELECT confidence FROM classifications WHERE workout_id = ?", wid)[0][0]
    assert stored == pytest.approx(e["confidence"], rel=1e-15)
    assert "min/mi" in e["text"] and str(wid) in e["text"]


def test_mixture_confidence_is_the_label_probability(sample_store, run):
    """With more clusters than labels, the label is the one with the largest total posterior and
    the confidence is that total, checked against scipy's densities of the stored components."""
    from scipy.stats import multivariate_normal
    db = sample_store[0]
    model = json.loads(ok(run("--db", db, "model", "show", "--json")).stdout)
    assert model["method"] == "mixture" and len({c["label"] for c in model["clusters"]}) < model["k"]
    ids = [r[0] for r in query(db, "SELECT workout_id FROM classifications WHERE method = 'mixture'"
                                   " AND label <> 'outlier' ORDER BY confidence LIMIT 40")]
    split = 0
    for wid in ids:
        e = json.loads(ok(run("--db", db, "explain", wid, "--json")).stdout)
        scaled = list(e["scaled"].values())
        d = len(scaled)
        m = sum(v is not None for v in scaled)   # without steps: the marginal of the leading features
        z = np.array(scaled[:m], dtype=float)
        dens = np.array([c["weight"] * multivariate_normal(c["centroid_scaled"][:m],
                                                           np.reshape(c["covariance"], (d, d))[:m, :m]).pdf(z)
                         for c in model["clusters"]])
        post = dens / dens.sum()
        np.testing.assert_allclose([c["posterior"] for c in e["centroids"]], post, rtol=1e-6, atol=1e-12)
        by_label = {}
        for c, pc in zip(model["clusters"], post):
            by_label[c["label"]] = by_label.get(c["label"], 0) + pc
        best = max(by_label, key=by_label.get)
        assert e["label"] == best and e["confidence"] == pytest.approx(by_label[best], rel=1e-6)
        assert model["clusters"][e["cluster"]]["label"] == best
        stored = query(db, "SELECT label, confidence FROM classifications WHERE workout_id = ?", wid)[0]
        assert stored[0] == best and stored[1] == pytest.approx(e["confidence"], rel=1e-12)
        split += post.max() < by_label[best] - 1e-6   # the label's probability exceeds its best cluster's
    assert split > 0, "no workout among the least confident spreads its label over two clusters"


def test_confidence_does_not_depend_on_the_batch(tmp_path, sample_store, run):
    """The old system divided by the largest distance in the batch: a new extreme workout changed
    everybody's confidence. Ours depends on the workout alone."""
    db, export, _ = sample_store
    copy = tmp_path / "copy.db"
    ok(run("--db", copy, "ingest", export))
    ok(run("--db", copy, "train", "--seed", "11"))
    before = dict(query(copy, "SELECT workout_id, confidence FROM classifications"))
    extreme = tmp_path / "extreme.csv"
    header = open(export, encoding="utf-8-sig").readline()
    extreme.write_text(header + '"Jan. 1, 2026","Jan. 1, 2026",Run,900,13.1,10000,12.72,,,,,,,,'
                       'http://www.mapmyfitness.com/workout/99\n', encoding="utf-8")
    ok(run("--db", copy, "ingest", extreme))
    after = dict(query(copy, "SELECT workout_id, confidence FROM classifications"))
    assert 99 in after and len(after) == len(before) + 1
    assert all(after[i] == before[i] for i in before)


def test_other_sports_are_other_from_import_to_model(tmp_path, run):
    """Rows whose activity type is not on foot are `other` (method type) as they are imported, after
    training and after a change of the type list — and nothing on foot is."""
    db, export = tmp_path / "multi.db", tmp_path / "m.csv"
    ok(run("sample", "--profile", "multi-sport", "--rows", "600", "--seed", "5", "-o", export))
    ok(run("--db", db, "ingest", export))

    def by_type():
        rows = query(db, "SELECT w.activity_type, c.label, c.method FROM workouts w JOIN classifications c"
                         " ON c.workout_id = w.id")
        foot = {"Run", "Walk", "Hike", "Indoor Run / Jog"}
        other = [(t, lab, m) for t, lab, m in rows if t not in foot]
        on_foot = [(t, lab, m) for t, lab, m in rows if t in foot]
        return other, on_foot

    other, on_foot = by_type()
    assert len(other) >= 20 and {t for t, _, _ in other} >= {"Bike Ride", "Swim"}
    assert all((lab, m) == ("other", "type") for _, lab, m in other), other[:5]
    assert not any(lab == "other" for _, lab, _ in on_foot)
    ok(run("--db", db, "train"))
    other, on_foot = by_type()
    assert all((lab, m) == ("other", "type") for _, lab, m in other)
    assert not any(lab == "other" for _, lab, _ in on_foot)
    # swims are not other any more once the list says so; they fall to the bounds or the model
    ok(run("--db", db, "config", "set", "classify.other_types", "bike,video,weight"))
    ok(run("--db", db, "classify"))
    swims = query(db, "SELECT c.label FROM workouts w JOIN classifications c ON c.workout_id = w.id"
                      " WHERE w.activity_type = 'Swim'")
    assert swims and all(lab != "other" for (lab,) in swims)


def test_no_model_and_era_then_rules(tmp_path, run):
    db = tmp_path / "rules.db"
    export = tmp_path / "s.csv"
    ok(run("sample", "--rows", "200", "--seed", "3", "-o", export))
    ok(run("--db", db, "ingest", export))
    methods = {m for (m,) in query(db, "SELECT DISTINCT method FROM classifications")}
    assert methods <= {"rule", "bounds"}
    for wid, pace, label in query(db, "SELECT id, avg_pace, label FROM workouts WHERE method = 'rule'"):
        assert label == ("real_run" if pace < 12 else "pup_walk" if pace > 20 else "mixed")
    ok(run("--db", db, "config", "set", "classify.use_model", "false"))
    out = json.loads(ok(run("--db", db, "classify", "--json")).stdout)
    assert out["model_id"] == 0 and out["workouts"] == 200


def test_command_errors(tmp_path, run, sample_store):
    db = sample_store[0]
    p = run("--db", db, "label", "1", "jogging")
    assert p.returncode == 2 and "unknown label 'jogging'" in p.stderr
    p = run("--db", db, "explain", "12345")
    assert p.returncode == 1 and "no workout 12345" in p.stderr
    p = run("--db", db, "model", "activate", "77")
    assert p.returncode == 1 and "no model 77" in p.stderr
    ok(run("--db", tmp_path / "empty.db", "init"))
    p = run("--db", tmp_path / "empty.db", "model", "show")
    assert p.returncode == 1 and "fitintel train" in p.stderr
    p = run("--db", db, "config", "set", "classify.k", "11")
    assert p.returncode == 2 and "from 0 to 10" in p.stderr
    p = run("--db", db, "config", "set", "classify.k", "1")   # 0 is auto; one cluster is no model
    assert p.returncode == 2 and "from 2 to 10" in p.stderr
    p = run("--db", tmp_path / "empty2.db", "train")
    assert p.returncode == 1 and "at least 5 clean workouts" in p.stderr


def test_label_explain_unlabel_round_trip(tmp_path, run, sample_store):
    _, export, _ = sample_store
    db = tmp_path / "rt.db"
    ok(run("--db", db, "ingest", export))
    ok(run("--db", db, "train"))
    wid, label = query(db, "SELECT workout_id, label FROM classifications WHERE label = 'pup_walk' LIMIT 1")[0]
    ok(run("--db", db, "label", wid, "mixed", "--note", 'said "hi" <b>'))
    e = json.loads(ok(run("--db", db, "explain", wid, "--json")).stdout)
    assert (e["label"], e["method"], e["confidence"]) == ("mixed", "user", 1)
    history = json.loads(ok(run("--db", db, "corrections", str(wid), "--json")).stdout)
    assert history[0]["old_label"] == label and history[0]["new_label"] == "mixed"
    assert history[0]["note"] == 'said "hi" <b>'
    acc = json.loads(ok(run("--db", db, "accuracy", "--json")).stdout)
    assert acc["corrections"] == 1 and acc["accuracy"] == 0
    assert acc["confusion"]["mixed"]["pup_walk"] == 1
    ok(run("--db", db, "unlabel", wid))
    e = json.loads(ok(run("--db", db, "explain", wid, "--json")).stdout)
    assert (e["label"], e["method"]) == (label, "mixture")   # the default method
    ok(run("--db", db, "train"))   # retraining keeps the history
    assert len(json.loads(ok(run("--db", db, "corrections", "--json")).stdout)) == 2


def test_config_list_get_set(tmp_path, run):
    db = tmp_path / "c.db"
    ok(run("--db", db, "init"))
    listed = json.loads(ok(run("--db", db, "config", "list", "--json")).stdout)
    assert listed["classify.k"] == "5" and listed["brief.days"] == "30"
    assert listed["classify.method"] == "mixture"
    ok(run("--db", db, "config", "set", "classify.k", "4"))
    assert ok(run("--db", db, "config", "get", "classify.k")).stdout == "4\n"
    assert "default 5" in ok(run("--db", db, "config", "list")).stdout
    ok(run("--db", db, "config", "unset", "classify.k"))
    assert json.loads(ok(run("--db", db, "config", "list", "--json")).stdout)["classify.k"] == "5"
    p = run("--db", db, "config", "get", "classify.kay")
    assert p.returncode == 2 and "classify.k" in p.stderr
