"""The analyses behind :class:`fitintel.Store`'s methods. Each takes the C store handle (held by
the calling thread) and a workout filter, runs the library's store operation with the GIL
released, and arranges its result; it computes nothing itself."""
from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np

from . import _core, _layout
from ._convert import LABELS as _LABEL_NAMES, DateLike, date_text, loads, metric_code
from .errors import InvalidArgumentError
from .results import (AnomalyReport, AnomalySet, Brief, Consistency, EraChange, EraComparison,
                      Forecast, Era, Insight, Record, Records, Trend)

_SEVERITIES = ("mild", "moderate", "severe")


def anomalies(h: Any, metrics: Optional[Sequence[str]], methods: Optional[Sequence[str]],
              flt: Any) -> AnomalyReport:
    """Each metric (default pace, distance, duration) with each method (default iqr, zscore,
    modified_zscore, rolling), thresholds from the store's configuration."""
    if isinstance(metrics, str):
        metrics = [metrics]
    if isinstance(methods, str):
        methods = [methods]
    p = _core.fi_anomaly_params()
    _core.fi_anomaly_params_load(h, p)
    p.metrics = sum(1 << metric_code(m) for m in set(metrics or ()))
    p.methods = sum(1 << _core.fi_anomaly_method_parse(m) for m in set(methods or ()))
    report = _core.fi_anomaly_detect(h, flt, p)
    # The figures come as JSON without the lists of flagged workouts (on a million workouts the
    # lists are most of the text, and a Python object per workout would cost more than the
    # detection); those cross in bulk below, and to_dict() asks for the whole text when called.
    doc = loads(_core.fi_anomaly_report_figures_to_json(report))
    items = [_layout.records(_core.fi_anomaly_report_items(report, i), "fi_anomaly").copy()
             for i in range(_core.fi_anomaly_report_sets(report))]
    sets = tuple(AnomalySet._from_json(s) for s in doc["sets"])

    def frame():
        import pandas as pd
        a = np.concatenate(items) if items else np.empty(0, dtype=_layout.dtype("fi_anomaly"))
        set_of = np.repeat(np.arange(len(items), dtype=np.int32), [len(x) for x in items])
        metrics = sorted({x.metric for x in sets})
        methods = sorted({x.method for x in sets})
        return pd.DataFrame({
            "set": set_of.astype(np.int64),
            "metric": pd.Categorical.from_codes(
                np.array([metrics.index(x.metric) for x in sets], dtype=np.int32)[set_of],
                categories=metrics),
            "method": pd.Categorical.from_codes(
                np.array([methods.index(x.method) for x in sets], dtype=np.int32)[set_of],
                categories=methods),
            "workout_id": a["workout_id"],
            "date": a["day"].astype("datetime64[D]").astype("datetime64[ns]"),
            "value": a["value"],
            "score": a["score"],
            "direction": pd.Categorical.from_codes((a["direction"] > 0).astype(np.int8),
                                                   categories=["low", "high"]),
            "severity": pd.Categorical.from_codes(a["severity"] - 1, categories=list(_SEVERITIES)),
        })

    return AnomalyReport._from_json(doc, sets=sets, _items=frame,
                                    _text=lambda: _core.fi_anomaly_report_to_json(report))


def consistency(h: Any, days: Optional[int], at: Optional[DateLike], step: Optional[int],
                flt: Any) -> Consistency:
    """The consistency analysis; unset values from the store's configuration."""
    p = _core.fi_consistency_analysis_params()
    _core.fi_consistency_analysis_params_from_store(h, p)
    if days is not None:
        p.window_days = int(days)
    if step is not None:
        p.trajectory_step = int(step)
    if at is not None:
        p.ref_date = date_text(at)
    a = _core.fi_consistency_analyze(h, flt, p)
    return Consistency._from_json(loads(_core.fi_consistency_analysis_to_json(a)))


def _points_frame(days: np.ndarray, values: np.ndarray):
    import pandas as pd
    return pd.DataFrame({"date": days.astype("datetime64[D]").astype("datetime64[ns]"),
                         "value": values})


def trend(h: Any, metric: str, per: Optional[str], stat: str, include_outliers: bool,
          flt: Any) -> Trend:
    """The trend of a metric, or of workout counts (metric ``"count"``, weekly by default)."""
    p = _core.fi_trend_params()
    if metric == "count":
        p.statistic = _core.FI_STATISTIC_COUNT
        p.per = _core.FI_PERIOD_WEEK
    else:
        p.metric = metric_code(metric)
        if stat not in ("mean", "sum"):
            raise InvalidArgumentError(f"stat must be 'mean' or 'sum', not {stat!r}")
        p.statistic = _core.FI_STATISTIC_MEAN if stat == "mean" else _core.FI_STATISTIC_SUM
    if per is not None:
        p.per = _core.fi_period_parse(per)
    p.include_outliers = 1 if include_outliers else 0
    r = _core.fi_trend_analyze(h, flt, p)
    doc = loads(_core.fi_trend_report_to_json(r))
    _, days, values = _core.fi_trend_report_points(r)
    days = np.frombuffer(days, dtype=np.int32).copy()
    values = np.frombuffer(values, dtype=np.float64).copy()
    return Trend._from_json(doc, _points=lambda: _points_frame(days, values))


def _series_statistic(p: Any, series: str) -> None:
    """Counts, or a metric: paces and rates are averaged, amounts added up (as the CLI)."""
    if series == "count":
        p.statistic = _core.FI_STATISTIC_COUNT
        return
    p.metric = metric_code(series)
    mean = (_core.fi_metric_lower_is_better(p.metric) == 1 or p.metric in (
        _core.FI_COLUMN_CADENCE, _core.FI_COLUMN_HEART_RATE, _core.FI_COLUMN_AVG_SPEED,
        _core.FI_COLUMN_MAX_SPEED))
    p.statistic = _core.FI_STATISTIC_MEAN if mean else _core.FI_STATISTIC_SUM


def forecast(h: Any, series: str, per: str, horizon: int, include_outliers: bool,
             flt: Any) -> Forecast:
    """Forecast weekly or monthly counts or a metric's sums or means."""
    p = _core.fi_forecast_params()
    _series_statistic(p, series)
    if per not in ("week", "month"):
        raise InvalidArgumentError(f"per must be 'week' or 'month', not {per!r}")
    p.per = _core.fi_period_parse(per)
    p.horizon = int(horizon)
    p.include_outliers = 1 if include_outliers else 0
    r = _core.fi_forecast_series(h, flt, p)
    return Forecast._from_json(loads(_core.fi_forecast_report_to_json(r)))


def records(h: Any, min_distance: Optional[float], flt: Any) -> Records:
    """Personal records; @min_distance overrides records.min_run_distance."""
    p = _core.fi_records_params()
    _core.fi_records_params_load(h, p)
    if min_distance is not None:
        p.min_run_distance = float(min_distance)
    r = _core.fi_records_find(h, flt, p)
    doc = loads(_core.fi_records_report_to_json(r))
    return Records._from_json(doc, records=tuple(Record._from_json(x) for x in doc["records"]))


def compare_eras(h: Any, flt: Any) -> EraComparison:
    """Before/after comparison around each era, and the monthly story series."""
    c = _core.fi_era_compare(h, flt, None)
    doc = loads(_core.fi_era_comparison_to_json(c))
    return EraComparison._from_json(
        doc, eras=tuple(Era._from_json(e) for e in doc["eras"]),
        changes=tuple(EraChange._from_json(x) for x in doc["changes"]))


def brief(h: Any, days: Optional[int], at: Optional[DateLike]) -> Brief:
    """The briefing, rendered by the library as JSON, text and Markdown."""
    p = _core.fi_brief_params()
    if days is not None:
        if int(days) < 1:
            raise InvalidArgumentError(f"days must be at least 1, not {days}")
        p.days = int(days)
    if at is not None:
        p.ref_date = date_text(at)
    b = _core.fi_brief_make(h, p)
    doc = loads(_core.fi_brief_render(b, _core.FI_BRIEF_JSON))
    return Brief._from_json(
        doc,
        insights=tuple(Insight._from_json(i) for i in doc["insights"]),
        recommendations=tuple(Insight._from_json(i) for i in doc["recommendations"]),
        _text=_core.fi_brief_render(b, _core.FI_BRIEF_TEXT),
        _markdown=_core.fi_brief_render(b, _core.FI_BRIEF_MARKDOWN))


#: Metrics a summary shows unless asked for others (only those asked for are computed).
SUMMARY_METRICS = ("distance", "duration", "calories", "pace", "steps")
_SUMMARY_STATS = (("n", "n"), ("sum", "sum"), ("mean", "mean"), ("median", "median"),
                  ("std", "sd"), ("min", "min"), ("max", "max"))


def summary(h: Any, by: str, metrics: Optional[Sequence[str]], fill: bool, flt: Any):
    """Workouts grouped @by a period, weekday or label: a DataFrame with ``key``, ``workouts``,
    ``n_<label>`` counts and ``<metric>_<n|sum|mean|median|std|min|max>`` per metric."""
    import pandas as pd
    names = tuple(metrics) if metrics is not None else SUMMARY_METRICS
    # an unknown name is refused by the library, with the accepted ones
    codes = {m: metric_code(m) for m in names}
    p = _core.fi_summary_params()
    p.grouping = _core.fi_grouping_parse(by)
    p.fill = 1 if fill else 0
    p.metrics = sum({1 << c for c in codes.values()})   # only these are computed
    s = _core.fi_summary_make(h, flt, p)
    doc = loads(_core.fi_summary_to_json(s))
    groups = doc["groups"]
    canonical = {m: _core.fi_metric_name(c) for m, c in codes.items()}
    columns = {"key": [g["key"] for g in groups], "workouts": [g["workouts"] for g in groups]}
    for label in _LABEL_NAMES:
        columns["n_" + label] = [g["labels"][label] for g in groups]
    for m in names:
        for column, key in _SUMMARY_STATS:
            values = [g["metrics"][canonical[m]][key] for g in groups]
            columns[f"{m}_{column}"] = values
    df = pd.DataFrame(columns)
    for c in df.columns:
        if c.endswith("_n") or c == "workouts" or c.startswith("n_"):
            df[c] = df[c].astype("int64")
        elif c != "key":
            df[c] = df[c].astype("float64")   # JSON null (undefined) → NaN
    if doc["grouping"] in ("day", "week", "month", "year"):
        df["key"] = pd.to_datetime(df["key"])
    elif doc["grouping"] == "weekday":
        df["key"] = df["key"].astype("int64")
    df.attrs["grouping"] = doc["grouping"]
    return df
