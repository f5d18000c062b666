"""Model management (SPEC §8.6): the active model (a Gaussian mixture or k-means) — status and
quality, silhouette gauge, cluster sizes, centroids, why each feature is in or out, learned
patterns per label, confidence distribution, parameters — a
hypothetical workout tested against it, the model history, corrections and accuracy.

Numbers come from ``Store.model/models``, ``Store.summary(by="label")``, ``Store.workouts``,
``Store.explain_workout``, ``Store.corrections`` and ``Store.accuracy``.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple

import numpy as np

from . import _format as fmt
from ._base import LABEL_COLORS, LABEL_NAMES, LABEL_ORDER, SERIES_COLOR, Card, Section, View

__all__ = ["models", "quality_bands", "QUALITY_COLORS", "CONFIDENCE_BINS"]

#: Gauge colour of each of the library's quality words.
QUALITY_COLORS = {"needs improvement": "#F4CCCC", "acceptable": "#FCE8B2", "good": "#D9EAD3",
                  "excellent": "#B6D7A8"}
#: Bins of the confidence histogram: 20 of width 0.05 over [0, 1].
CONFIDENCE_BINS = np.linspace(0.0, 1.0, 21)

# A model feature → the column its real-unit centroid is shown in.
_FEATURE_COLUMNS = {"pace": "pace (min/mi)", "log_distance": "distance (mi)",
                    "log_duration": "duration (min)", "cadence": "cadence (steps/min)",
                    "distance": "distance (mi)", "duration": "duration (min)"}
_TRAIN_HINT = ("No classifier model has been trained yet. Train one with `fitintel train` (or "
               "`store.train()`, or the Retrain button): a Gaussian mixture (or k-means) on the "
               "clean workouts, made "
               "active, and every workout classified again. Until then labels come from the "
               "bounds, eras and pace rules.")


def models(store: Any, hypothetical: Optional[Mapping[str, Any]] = None) -> View:
    """The model-management page.

    Args:
        store: an open :class:`fitintel.Store`.
        hypothetical: a workout to test, ``dict(pace=, distance=, duration=None, steps=None,
            date=None)`` (miles, min/mi, seconds; see :meth:`fitintel.Store.explain_workout`).
    """
    from ..errors import NotFoundError

    history = store.models()
    try:
        model = store.model()
    except NotFoundError:
        model = None
    data: Dict[str, Any] = {"model": model.to_dict() if model else None,
                            "models": [m.id for m in history]}
    sections: List[Section] = []
    if model is None:
        sections.append(Section("no_model", "No model yet", "markdown", markdown=_TRAIN_HINT))
    else:
        sections += [
            Section("status", "Active model", "cards", cards=_status_cards(model)),
            Section("silhouette", "Cluster quality (silhouette)", "figure",
                    figure=_gauge(model), note=_gauge_note(model)),
            Section("cluster_sizes", "Training workouts per cluster", "figure",
                    figure=_sizes_figure(model)),
            Section("centroids", "Centroids in real units", "table", table=_centroids(model),
                    note="Distance and duration centroids are geometric means (the model works "
                         "on their logarithms)."),
            Section("features", "Features: why each is in or out", "table",
                    table=_feature_choice(model),
                    note="Pace is always in; distance, duration and cadence join only when they "
                         "separate runs from walks and stay stable over the years."),
        ]
    patterns = store.summary(by="label", metrics=("pace", "distance", "duration"))
    sections.append(Section("patterns", "Learned patterns per label", "table",
                            table=_patterns(patterns),
                            note="Every stored workout by its current label (medians and ranges "
                                 "from the library's summary)."))
    conf_fig, conf_data = _confidence(store)
    sections.append(Section("confidence", "Classification confidence", "figure",
                            figure=conf_fig, note=_confidence_note(conf_data, model)))
    data["confidence"] = conf_data
    sections.append(Section("parameters", "Parameters", "table",
                            table=_parameters(store, model)))
    if hypothetical is not None:
        sec, explained = _hypothetical(store, hypothetical)
        sections.append(sec)
        data["hypothetical"] = explained
    sections.append(Section("models", "Model history", "table", table=_history(history),
                            note=None if history else "No model trained yet."))
    corrections = store.corrections()
    sections.append(Section("corrections", "Corrections", "table",
                            table=_corrections(corrections),
                            note=None if corrections else "No corrections recorded."))
    acc = store.accuracy()
    sections.append(Section("accuracy", "Accuracy against the corrections", "cards",
                            cards=_accuracy_cards(acc), note=_accuracy_note(acc)))
    data.update(corrections=len(corrections), accuracy=acc.to_dict(),
                patterns=_records(patterns))
    return View("models", "Model management", tuple(sections), data)


# ---- the active model ----

def _status_cards(m: Any) -> Tuple[Card, ...]:
    return (
        Card("Active model", f"#{m.id}", help=f"{m.status}; {m.iterations} iterations, inertia "
                                               f"{fmt.num(m.inertia, 1)}"),
        Card("Method", m.method or fmt.DASH,
             help="Gaussian mixture refined from k-means" if m.method == "mixture" else
                  "nearest centroid" if m.method == "kmeans" else None),
        Card("Clusters (k)", str(m.k), help="features: " + ", ".join(m.features)
             + ("; k chosen by BIC" if m.bic else "")),
        Card("Trained on", f"{fmt.count(m.train_rows)} workouts",
             help=f"{m.train_from or fmt.DASH} to {m.train_to or fmt.DASH}"),
        Card("Silhouette", fmt.num(m.silhouette, 3), help="-1 to 1; higher separates better"),
        Card("Quality", m.quality),
        Card("Created", (m.created_at or "")[:16].replace("T", " "), help=m.created_at),
    )


def quality_bands(m: Any) -> Tuple[Tuple[float, float, str], ...]:
    """(from, to, quality word) over the gauge's 0–1, lowest first, from the bands the library
    puts in the model (``quality_bands``: the silhouette from which each word applies)."""
    bands = sorted(m.to_dict()["quality_bands"], key=lambda b: b["from"])
    out = []
    for i, b in enumerate(bands):
        hi = bands[i + 1]["from"] if i + 1 < len(bands) else 1.0
        out.append((max(b["from"], 0.0), hi, b["quality"]))
    return tuple(out)


def _gauge(m: Any) -> Any:
    import plotly.graph_objects as go
    value = m.silhouette if not fmt.missing(m.silhouette) else None
    fig = go.Figure(go.Indicator(
        mode="gauge+number", value=value, number=dict(valueformat=".3f"),
        title=dict(text=f"quality: {m.quality}"),
        gauge=dict(axis=dict(range=[0, 1]), bar=dict(color=SERIES_COLOR, thickness=0.3),
                   steps=[dict(range=[lo, hi], color=QUALITY_COLORS.get(name, "#EEEEEE"))
                          for lo, hi, name in quality_bands(m)])))
    fig.update_layout(height=280, margin=dict(t=60, l=30, r=30, b=10))
    return fig


def _gauge_note(m: Any) -> str:
    bands = quality_bands(m)
    above = ", ".join(f"{name} ≥ {lo:g}" for lo, _, name in bands[1:][::-1])
    extra = " Not computed for this model." if fmt.missing(m.silhouette) else ""
    return f"Bands: {above}, below: {bands[0][2]}.{extra}"


def _sizes_figure(m: Any) -> Any:
    """One bar per cluster in its label's colour (one trace per label, for the legend)."""
    import plotly.graph_objects as go
    fig = go.Figure()
    for lab in LABEL_ORDER:
        cl = [c for c in m.clusters if c["label"] == lab]
        if cl:
            fig.add_trace(go.Bar(x=[f"cluster {c['cluster']}" for c in cl],
                                 y=[c["size"] for c in cl], name=LABEL_NAMES[lab],
                                 marker_color=LABEL_COLORS[lab],
                                 text=[fmt.count(c["size"]) for c in cl], textposition="auto"))
    fig.update_layout(yaxis_title="training workouts", height=320,
                      margin=dict(t=20, l=50, r=20, b=40), legend=dict(orientation="h", y=-0.2))
    return fig


def _feature_choice(m: Any):
    import pandas as pd
    return pd.DataFrame([{"feature": c.get("feature"), "used": bool(c.get("used")),
                          "separation": c.get("separation"), "reason": c.get("reason")}
                         for c in m.feature_choice],
                        columns=["feature", "used", "separation", "reason"])


def _centroids(m: Any):
    import pandas as pd
    rows = []
    for c in m.clusters:
        row = {"cluster": c["cluster"], "label": c["label"], "size": c["size"]}
        for f, v in zip(m.features, c["centroid"]):
            row[_FEATURE_COLUMNS.get(f, f)] = v
        row["meaning"] = c.get("meaning")
        rows.append(row)
    return pd.DataFrame(rows)


# ---- every workout ----

def _patterns(s: Any):
    """Per label: count, typical (median) and mean pace, distance and duration, with ranges."""
    import pandas as pd
    s = s[s["workouts"] > 0]
    return pd.DataFrame({
        "label": s["key"].astype(str),
        "workouts": s["workouts"],
        "pace median (min/mi)": s["pace_median"], "pace mean": s["pace_mean"],
        "pace min": s["pace_min"], "pace max": s["pace_max"],
        "distance median (mi)": s["distance_median"], "distance mean": s["distance_mean"],
        "duration median (min)": s["duration_median"] / 60.0,
        "duration mean (min)": s["duration_mean"] / 60.0,
    }).reset_index(drop=True)


def _records(s: Any) -> List[Dict[str, Any]]:
    out = []
    for r in s.to_dict("records"):
        out.append({k: (None if fmt.missing(v) else v) for k, v in r.items()})
    return out


def _confidence(store: Any):
    """Counts of workouts per confidence bin and label (binned here, so a 100k store sends
    20 bars per label rather than its raw values)."""
    import plotly.graph_objects as go
    w = store.workouts()
    width = float(CONFIDENCE_BINS[1] - CONFIDENCE_BINS[0])
    centres = (CONFIDENCE_BINS[:-1] + width / 2).round(3)
    fig = go.Figure()
    data: Dict[str, Any] = {"bins": CONFIDENCE_BINS.tolist(), "counts": {}}
    for lab in LABEL_ORDER:
        conf = w.loc[w["label"] == lab, "confidence"].dropna().to_numpy(dtype=float)
        if not len(conf):
            continue
        counts, _ = np.histogram(conf, bins=CONFIDENCE_BINS)
        data["counts"][lab] = counts.tolist()
        fig.add_trace(go.Bar(x=centres, y=counts, width=width, name=LABEL_NAMES[lab],
                             marker_color=LABEL_COLORS[lab], opacity=0.85))
    fig.update_layout(barmode="stack", xaxis=dict(title="confidence", range=[0, 1]),
                      yaxis_title="workouts", height=320, margin=dict(t=20, l=50, r=20, b=40),
                      legend=dict(orientation="h", y=-0.25, traceorder="normal"))
    return fig, data


def _confidence_note(data: Mapping[str, Any], model: Any = None) -> str:
    if not data["counts"]:
        return "No classified workouts yet."
    how = ("mixture: the posterior probability of the most probable component" if
           model is not None and model.method == "mixture" else
           "k-means: the largest p_j ∝ exp(−d_j²/2) over the centroids, between 1/k and 1")
    return (f"Each workout's confidence as the library stored it ({how}; corrections, types, "
            "eras and rules carry fixed confidences).")


# ---- parameters ----

def _parameters(store: Any, model: Any):
    """k, features, weights, bounds, eras and rules: the model's own when there is one, the
    store's configuration (what the next training uses) beside them."""
    import pandas as pd
    cfg = store.config.to_dict()
    rows: List[Tuple[str, str, Any, Any]] = []
    params = (model.params or {}) if model else {}

    def add(group: str, name: str, model_value: Any, key: Optional[str]) -> None:
        rows.append((group, name, model_value, cfg.get(key) if key else None))

    add("model", "method", params.get("method"), "classify.method")
    add("model", "k", params.get("k"), "classify.k")
    add("model", "features", ", ".join(model.features) if model else None, None)
    for key in ("n_init", "max_iter", "tol", "seed", "use_cadence", "outlier_quantile",
                "min_samples", "use_corrections", "min_separation", "max_drift", "fit_sample",
                "other_types"):
        add("model", key, params.get(key), f"classify.{key}")
    for key in ("run", "walk"):
        add("labels", f"{key}_bound", (params.get("label_bounds") or {}).get(key),
            f"classify.{key}_bound")
    for f in ("pace", "distance", "duration", "cadence"):
        add("weights", f, (params.get("weights") or {}).get(f), f"classify.weight_{f}")
    for key in ("pace_max", "distance_max", "duration_max_h"):
        add("bounds", key, (params.get("bounds") or {}).get(key), f"bounds.{key}")
    for key in ("run_pace", "walk_pace"):
        add("rules", key, None, f"rules.{key}")
    for e in store.eras.list():
        rows.append(("eras", f"{e.date} {e.name}", None,
                     f"{e.label_before} before, {e.label_after} from then on"))
    # Values as text: one column mixes numbers, words and flags (Arrow wants one type).
    return pd.DataFrame([(g, n, _text(m), _text(c)) for g, n, m, c in rows],
                        columns=["group", "parameter", "model", "configuration"])


def _text(v: Any) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    return f"{v:g}" if isinstance(v, float) else str(v)


# ---- a hypothetical workout ----

def _hypothetical(store: Any, h: Mapping[str, Any]):
    """Cards saying what the library would make of a workout that is not stored."""
    from ..errors import Error
    allowed = {"pace", "distance", "duration", "steps", "date"}
    unknown = set(h) - allowed
    if unknown or "distance" not in h:
        raise ValueError(f"hypothetical: give distance and pace or duration (and optionally "
                         f"steps, date); unknown keys: {sorted(unknown)}")
    try:
        e = store.explain_workout(distance=h["distance"], duration=h.get("duration"),
                                  pace=h.get("pace"), steps=h.get("steps"), date=h.get("date"))
    except Error as err:   # e.g. a date that is not one: say so on the page
        return (Section("hypothetical", "Test a workout", "markdown",
                        markdown=f"**This workout cannot be tested:** {fmt.md_text(err)}"),
                {"error": str(err)})
    doc = e.to_dict()
    f = doc.get("features") or {}
    nearest = sorted(doc.get("centroids") or (), key=lambda c: c["distance"])
    cards = [
        Card("Label", LABEL_NAMES.get(e.label, e.label), help=e.label),
        Card("Method", e.method, help=e.reason),
        Card("Confidence", fmt.num(e.confidence, 2)),
        Card("Workout",
             f"{fmt.num(f.get('pace'), 1)} min/mi · {fmt.num(f.get('distance_mi'), 2)} mi",
             help=f"{fmt.num(f.get('duration_min'), 0)} min"),
    ]
    if nearest and nearest[0].get("posterior") is not None:   # a mixture: by probability
        c = max(nearest, key=lambda c: c["posterior"])
        cards.append(Card("Most probable cluster", f"cluster {c['cluster']} ({c['label']})",
                          help=f"posterior {fmt.num(c['posterior'], 2)}, Mahalanobis distance "
                               f"{fmt.num(c['distance'], 2)}"))
    elif nearest:
        c = nearest[0]
        cards.append(Card("Nearest centroid", f"cluster {c['cluster']} ({c['label']})",
                          help=f"scaled distance {fmt.num(c['distance'], 2)}"))
    return (Section("hypothetical", "Test a workout", "cards", cards=tuple(cards),
                    note=e.text or e.reason), doc)


# ---- history, corrections, accuracy ----

def _history(history: List[Any]):
    import pandas as pd
    return pd.DataFrame([{
        "id": m.id, "status": m.status, "created_at": m.created_at, "method": m.method,
        "k": m.k, "features": ", ".join(m.features), "train_rows": m.train_rows,
        "train_from": m.train_from, "train_to": m.train_to,
        "silhouette": m.silhouette, "quality": m.quality,
    } for m in history], columns=["id", "status", "created_at", "method", "k", "features",
                                  "train_rows", "train_from", "train_to", "silhouette", "quality"])


def _corrections(corrections: List[Any]):
    import pandas as pd
    return pd.DataFrame([{
        "id": c.id, "workout_id": c.workout_id, "old_label": c.old_label,
        "new_label": c.new_label, "note": c.note, "created_at": c.created_at,
    } for c in corrections], columns=["id", "workout_id", "old_label", "new_label", "note",
                                      "created_at"])


def _accuracy_cards(acc: Any) -> Tuple[Card, ...]:
    cards = [Card("Accuracy", fmt.pct(acc.accuracy),
                  help=f"{acc.agree} of {acc.corrections} corrected workouts agree")]
    if not acc.corrections:
        return tuple(cards)    # no precision or recall to show yet
    for lab, pr in (acc.labels or {}).items():
        if lab not in LABEL_NAMES:
            continue
        cards.append(Card(LABEL_NAMES[lab], f"precision {fmt.pct(pr.get('precision'), 0)}",
                          delta=f"recall {fmt.pct(pr.get('recall'), 0)}"))
    return tuple(cards)


def _accuracy_note(acc: Any) -> str:
    if not acc.corrections:
        return ("No corrections yet: correct a few labels (`fitintel label ID LABEL`) to measure "
                "how well the classifier agrees with you.")
    return (f"The classifier without the corrections, compared with {acc.corrections} "
            f"corrected workouts (model #{acc.model_id}).")
