"""Results: frozen dataclasses built from the library's JSON, so that ``to_dict()`` is exactly
what the ``fitintel`` command prints with ``--json``. Series inside a result are offered as
pandas DataFrames (pandas is imported only when one is asked for)."""
from __future__ import annotations

import copy
import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple, Type, TypeVar

__all__ = [
    "Reject", "ImportReport", "ClassifySummary", "Model", "Explanation", "Correction", "Accuracy",
    "AnomalySet", "AnomalyReport", "Consistency", "Trend", "Forecast", "Record", "Records", "Era",
    "EraChange", "EraComparison", "Insight", "Brief", "Progress",
]

R = TypeVar("R", bound="_Result")


def _frame(rows, columns, dates=("date",)):
    """A DataFrame of JSON records with ISO date columns as datetime64."""
    import pandas as pd
    df = pd.DataFrame.from_records(list(rows), columns=list(columns))
    for c in dates:
        if c in df:
            df[c] = pd.to_datetime(df[c])
    return df


@dataclass(frozen=True)
class _Result:
    """Base of the JSON-backed results: typed fields plus the whole document."""
    _json: Any = field(repr=False, compare=False)

    # KEYS (a class attribute, not a field): JSON key of a field whose Python name differs.

    @classmethod
    def _from_json(cls: Type[R], doc: Mapping[str, Any], **values: Any) -> R:
        """Fill the fields from @doc's keys of the same names; @values override them."""
        keys = getattr(cls, "KEYS", {})
        kw = {}
        for f in dataclasses.fields(cls):
            if not f.init or f.name == "_json":
                continue
            if f.name in values:
                kw[f.name] = values[f.name]
            else:
                kw[f.name] = doc.get(keys.get(f.name, f.name))
        return cls(_json=doc, **kw)

    def to_dict(self) -> Any:
        """The result as the CLI's ``--json`` prints it (a deep copy)."""
        return copy.deepcopy(self._json)


@dataclass(frozen=True)
class Progress:
    """Progress of a running import, as passed to an ``ingest(progress=...)`` callable."""
    bytes_done: int
    bytes_total: int
    rows_read: int
    rows_written: int


@dataclass(frozen=True)
class Reject(_Result):
    """One rejected row of an import."""
    line: int = 0
    column: int = 0
    reason: str = ""
    field: Optional[str] = None
    text: Optional[str] = None
    message: str = ""


@dataclass(frozen=True)
class ImportReport(_Result):
    """The record of one import (``fitintel ingest --json`` / ``imports --json``)."""
    import_id: int = 0
    file: str = ""
    size: int = 0
    sha256: str = ""
    started_at: str = ""
    finished_at: str = ""
    policy: str = ""
    status: str = ""
    rows_read: int = 0
    rows_added: int = 0
    rows_duplicate: int = 0
    rows_rejected: int = 0
    same_as: Optional[int] = None
    message: str = ""
    new_ids: Tuple[int, ...] = ()
    rejects: Tuple[Reject, ...] = ()
    rejects_truncated: bool = False
    quality: Optional[Dict[str, Any]] = None

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> "ImportReport":
        """The record from ``fi_import_report_to_json()``'s document."""
        return cls._from_json(doc, new_ids=tuple(doc.get("new_ids") or ()),
                              rejects=tuple(Reject._from_json(r) for r in doc.get("rejects") or ()))


@dataclass(frozen=True)
class ClassifySummary(_Result):
    """Counts of one classification pass (``fitintel classify --json``)."""
    workouts: int = 0
    model_id: int = 0
    labels: Optional[Dict[str, int]] = None
    methods: Optional[Dict[str, int]] = None


@dataclass(frozen=True)
class Model(_Result):
    """A trained classifier model (``fitintel model show --json``)."""
    id: int = 0
    created_at: str = ""
    status: str = ""
    k: int = 0
    features: Tuple[str, ...] = ()
    train_rows: int = 0
    train_from: Optional[str] = None
    train_to: Optional[str] = None
    inertia: float = 0.0
    iterations: int = 0
    silhouette: Optional[float] = None
    quality: str = ""
    params: Optional[Dict[str, Any]] = None
    clusters: Tuple[Dict[str, Any], ...] = ()
    method: str = ""   #: "mixture" or "kmeans"
    #: why each feature besides pace is in the model or not: dicts with feature, used, reason, ...
    feature_choice: Tuple[Dict[str, Any], ...] = ()
    bic: Optional[Dict[str, float]] = None   #: BIC by k ("2", "3", "4") when k was automatic

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> "Model":
        """The model from ``fi_model_to_json()``'s document."""
        return cls._from_json(doc, features=tuple(doc.get("features") or ()),
                              clusters=tuple(doc.get("clusters") or ()),
                              feature_choice=tuple(doc.get("feature_choice") or ()))


@dataclass(frozen=True)
class Explanation(_Result):
    """Why one workout has its label (``fitintel explain ID --json``)."""
    id: int = 0
    workout_date: str = ""
    label: str = ""
    method: str = ""
    confidence: Optional[float] = None
    features: Optional[Dict[str, Any]] = None
    reason: str = ""
    corrected: bool = False
    text: str = ""


@dataclass(frozen=True)
class Correction(_Result):
    """One entry of the corrections history."""
    id: int = 0
    workout_id: int = 0
    old_label: Optional[str] = None
    new_label: Optional[str] = None
    note: Optional[str] = None
    created_at: str = ""


@dataclass(frozen=True)
class Accuracy(_Result):
    """Agreement of the classifier with the corrections (``fitintel accuracy --json``)."""
    corrections: int = 0
    agree: int = 0
    accuracy: Optional[float] = None
    model_id: int = 0
    labels: Optional[Dict[str, Any]] = None
    confusion: Optional[Dict[str, Dict[str, int]]] = None

    def confusion_frame(self):
        """The confusion matrix as a DataFrame: rows corrected label, columns predicted."""
        import pandas as pd
        return pd.DataFrame(self.confusion).T


@dataclass(frozen=True)
class AnomalySet(_Result):
    """Figures of one (metric, method) set of an anomaly detection."""
    metric: str = ""
    column: str = ""
    unit: str = ""
    method: str = ""
    status: str = ""
    reason: Optional[str] = None
    n: int = 0
    scored: int = 0
    count: int = 0
    percent: float = 0.0
    thresholds: Optional[Dict[str, Any]] = None


@dataclass(frozen=True)
class AnomalyReport(_Result):
    """Anomalies per metric and method (``fitintel anomalies --json``).

    ``sets`` has the figures; :attr:`anomalies` every flagged workout as one DataFrame."""
    workouts: int = 0
    sets: Tuple[AnomalySet, ...] = ()
    _items: Any = field(default=None, repr=False, compare=False)
    _text: Any = field(default=None, repr=False, compare=False)   # () -> the whole JSON text

    def to_dict(self) -> Any:
        """The report as the CLI's ``--json`` prints it, every flagged workout included."""
        return json.loads(self._text())

    @property
    def anomalies(self):
        """Every flagged workout: set, metric, method, workout_id, date, value, score, direction,
        severity (in date order within each set)."""
        return self._items()


@dataclass(frozen=True)
class Consistency(_Result):
    """The consistency score, its trajectory and history (``fitintel consistency --json``)."""
    ref_date: Optional[str] = None
    window: Optional[Dict[str, Any]] = None
    target_per_week: float = 0.0
    score: float = 0.0
    empty: bool = True
    components: Optional[Dict[str, float]] = None
    inputs: Optional[Dict[str, Any]] = None
    streaks: Optional[Dict[str, int]] = None
    history: Optional[Dict[str, Any]] = None
    summary: str = ""

    @property
    def trajectory(self):
        """The score every ``step_days`` days: columns date, score."""
        return _frame(self._json["trajectory"]["points"], ("date", "score"))

    @property
    def trend(self) -> Dict[str, Any]:
        """OLS and Mann–Kendall trend of the trajectory."""
        return copy.deepcopy(self._json["trajectory"]["trend"])

    @property
    def months(self):
        """Workouts per calendar month: columns month, workouts."""
        return _frame(self._json["history"]["months"], ("month", "workouts"), dates=("month",))


@dataclass(frozen=True)
class Trend(_Result):
    """The trend of a metric (``fitintel trends --json``)."""
    metric: Optional[str] = None
    column: Optional[str] = None
    unit: str = ""
    better: Optional[str] = None
    per: str = ""
    statistic: Optional[str] = None
    status: str = ""
    reason: Optional[str] = None
    n: int = 0
    first_date: Optional[str] = None
    last_date: Optional[str] = None
    ols: Optional[Dict[str, Any]] = None
    direction: Optional[str] = None
    change_pct_per_month: Optional[float] = None
    improvement_pct_per_month: Optional[float] = None
    mann_kendall: Optional[Dict[str, Any]] = None
    mann_kendall_note: Optional[str] = None
    plateaus: Optional[Dict[str, Any]] = None
    _points: Any = field(default=None, repr=False, compare=False)

    @property
    def points(self):
        """The points regressed: columns date, value (one per workout, week or month)."""
        return self._points()

    @property
    def band(self):
        """The fitted line and its confidence band (columns date, fitted, low, high) at 64 days
        from the first to the last point; empty without a line."""
        return _frame(self._json.get("band") or [], ("date", "fitted", "low", "high"))


@dataclass(frozen=True)
class Forecast(_Result):
    """A weekly or monthly forecast (``fitintel forecast --json``)."""
    statistic: str = ""
    metric: Optional[str] = None
    unit: str = ""
    per: str = ""
    status: str = ""
    reason: Optional[str] = None
    periods: int = 0
    horizon: int = 0
    linear: Optional[Dict[str, Any]] = None
    holt: Optional[Dict[str, Any]] = None

    @property
    def history(self):
        """The history: columns date, value, count."""
        return _frame(self._json["history"], ("date", "value", "count"))

    @property
    def forecast(self):
        """The forecast periods: columns date, linear, low, high, holt."""
        return _frame(self._json["forecast"], ("date", "linear", "low", "high", "holt"))


@dataclass(frozen=True)
class Record(_Result):
    """One personal record."""
    kind: str = ""
    found: bool = False
    reason: Optional[str] = None
    unit: str = ""
    value: Optional[float] = None
    workout_id: Optional[int] = None
    date: Optional[str] = None
    period_first: Optional[str] = None
    period_last: Optional[str] = None
    previous: Optional[Dict[str, Any]] = None


@dataclass(frozen=True)
class Records(_Result):
    """Personal records (``fitintel records --json``); ``records[kind]`` by kind name."""
    min_run_distance: float = 0.0
    records: Tuple[Record, ...] = ()

    def __getitem__(self, kind: str) -> Record:
        for r in self.records:
            if r.kind == kind:
                return r
        raise KeyError(kind)


@dataclass(frozen=True)
class Era(_Result):
    """An era: a dated life event and the default label from then on."""
    id: int = 0
    date: str = ""
    name: str = ""
    label_before: str = ""
    label_after: str = ""
    created_at: Optional[str] = None


@dataclass(frozen=True)
class EraChange(_Result):
    """The before/after comparison around one era."""
    era: Optional[Dict[str, Any]] = None
    before: Optional[Dict[str, Any]] = None
    after: Optional[Dict[str, Any]] = None
    ratio: Optional[float] = None
    ratio_kind: str = ""
    ratio_text: str = ""
    tests: Optional[Dict[str, Any]] = None
    summary: str = ""


@dataclass(frozen=True)
class EraComparison(_Result):
    """Eras compared (``fitintel era compare --json``): the changes and the story series."""
    workouts: int = 0
    params: Optional[Dict[str, Any]] = None
    eras: Tuple[Era, ...] = ()
    changes: Tuple[EraChange, ...] = ()

    @property
    def series(self):
        """The monthly story series: columns month, workouts, pace_n, pace_mean, period."""
        return _frame(self._json["series"]["months"],
                      ("month", "workouts", "pace_n", "pace_mean", "period"), dates=("month",))

    @property
    def markers(self):
        """Where each era starts in the series: columns date, name, month_index."""
        return _frame(self._json["series"]["markers"], ("date", "name", "month_index"))


@dataclass(frozen=True)
class Insight(_Result):
    """One insight or recommendation of a briefing."""
    kind: str = ""
    severity: str = ""
    title: str = ""
    text: str = ""
    method: str = ""
    evidence: Optional[Dict[str, Any]] = None


@dataclass(frozen=True)
class Brief(_Result):
    """The personal briefing (``fitintel brief --json``)."""
    KEYS = {"from_": "from"}
    from_: str = ""
    to: str = ""
    days: int = 0
    insights: Tuple[Insight, ...] = ()
    recommendations: Tuple[Insight, ...] = ()
    _text: str = field(default="", repr=False, compare=False)
    _markdown: str = field(default="", repr=False, compare=False)

    def to_text(self) -> str:
        """The briefing as plain text (``fitintel brief``)."""
        return self._text

    def to_markdown(self) -> str:
        """The briefing as Markdown (``fitintel brief --format md``)."""
        return self._markdown

    def _repr_markdown_(self) -> str:
        return self._markdown
