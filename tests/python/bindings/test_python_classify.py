"""Training, classification, models, explanations and corrections, against the CLI's --json."""
import pytest

import fitintel
from fitintel_fixtures import *  # noqa: F401,F403
from fitintel_fixtures import cli


@pytest.fixture
def trained(tmp_path, export):
    db = tmp_path / "s.db"
    with fitintel.open(db) as s:
        s.ingest(export, policy="skip")
        yield s, db


def test_train_and_models(trained):
    s, db = trained
    m = s.train(k=3, n_init=5, seed=7)
    assert isinstance(m, fitintel.Model) and m.status == "active" and m.k == 3
    assert m.params["seed"] == 7 and m.params["n_init"] == 5
    assert m.to_dict() == cli(db, "model", "show", "--json")
    m2 = s.train(k=4)
    assert s.model() == m2 and s.model(m.id).status == "archived"
    assert [x.id for x in s.models()] == [m2.id, m.id]
    assert [x.to_dict() for x in s.models()] == cli(db, "model", "list", "--json")
    s.activate(m.id)
    assert s.model().id == m.id
    with pytest.raises(fitintel.NotFoundError):
        s.model(99)
    with pytest.raises(fitintel.NotFoundError):
        s.activate(99)
    with pytest.raises(fitintel.InvalidArgumentError):
        s.train(k=11)
    assert m.method == "mixture" and [c["feature"] for c in m.feature_choice] == [
        "log_distance", "log_duration", "cadence"]
    km = s.train(k=3, seed=7, method="kmeans")
    assert km.method == km.params["method"] == "kmeans" and km.to_dict() == cli(db, "model", "show", "--json")
    assert s.workouts()["method"].isin(["kmeans", "bounds", "type"]).all()
    with pytest.raises(fitintel.InvalidArgumentError):
        s.train(method="dbscan")


def test_train_needs_workouts(store):
    with pytest.raises(fitintel.LimitError):
        store.train()
    with pytest.raises(fitintel.NotFoundError):
        store.model()
    assert store.models() == []


def test_classify_equals_the_cli(trained):
    s, db = trained
    s.train()
    summary = s.classify()
    assert summary.workouts == 3000 and sum(summary.labels.values()) == 3000
    assert summary.to_dict() == cli(db, "classify", "--json")


def test_label_explain_unlabel_round_trip(trained):
    s, db = trained
    s.train()
    wid = int(s.workouts()["id"].iloc[10])
    before = s.explain(wid)
    assert before.method == "mixture" and not before.corrected and before.text   # the default method
    assert before.to_dict() == cli(db, "explain", wid, "--json")
    s.label(wid, "outlier", note="GPS drift")
    after = s.explain(wid)
    assert (after.label, after.method, after.corrected, after.confidence) == \
        ("outlier", "user", True, 1)
    row = s.workouts().set_index("id").loc[wid]
    assert row["label"] == "outlier" and row["method"] == "user"
    (c,) = s.corrections(wid)
    assert (c.workout_id, c.old_label, c.new_label, c.note) == (wid, before.label, "outlier",
                                                                "GPS drift")
    acc = s.accuracy()
    assert acc.corrections == 1 and acc.to_dict() == cli(db, "accuracy", "--json")
    assert acc.confusion_frame().loc["outlier", before.label] == 1
    s.unlabel(wid)
    assert s.explain(wid).to_dict() == before.to_dict()
    history = s.corrections()
    assert [h.new_label for h in history] == [None, "outlier"]
    assert [h.to_dict() for h in history] == cli(db, "corrections", "--json")


def test_correction_errors(trained):
    s, _ = trained
    wid = int(s.workouts()["id"].iloc[0])
    with pytest.raises(fitintel.NotFoundError):
        s.explain(12345)
    with pytest.raises(fitintel.NotFoundError):
        s.label(12345, "run")
    with pytest.raises(fitintel.InvalidArgumentError) as e:
        s.label(wid, "jog")
    assert "real_run" in str(e.value)
    with pytest.raises(fitintel.InvalidArgumentError):
        s.label(wid, "unknown")
    with pytest.raises(fitintel.NotFoundError):
        s.unlabel(wid)   # no correction to remove
