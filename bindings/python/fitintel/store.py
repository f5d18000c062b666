"""The store: one SQLite file with everything libfitintel knows about a person."""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Union

from . import _core, analyses
from ._convert import DateLike, label_code, loads, make_filter
from .errors import InvalidArgumentError, StoreClosedError
from .results import (Accuracy, Brief, ClassifySummary, Correction, Era, Explanation,
                      ImportReport, Model, Progress)

__all__ = ["Store", "Eras", "Config", "open"]

PathLike = Union[str, "os.PathLike[str]"]
_POLICIES = {"strict": _core.FI_INGEST_STRICT, "skip": _core.FI_INGEST_SKIP}


class Store:
    """An open store. Use it as a context manager, or call :meth:`close`.

    >>> import fitintel
    >>> with fitintel.open(":memory:") as store:
    ...     store.workout_count
    0

    One thread at a time uses the C handle: calls from several threads on one Store wait for each
    other (the GIL is released while the library works, so other threads keep running).
    """

    def __init__(self, path: Optional[PathLike] = None, *, readonly: bool = False,
                 busy_timeout_ms: Optional[int] = None) -> None:
        opts = _core.fi_store_params()
        if readonly:
            opts.flags |= _core.FI_STORE_READONLY
        if busy_timeout_ms is not None:
            opts.busy_timeout_ms = int(busy_timeout_ms)
        self._lock = threading.Lock()
        self._h = _core.fi_store_open(None if path is None else os.fspath(path), opts)
        self.eras = Eras(self)
        self.config = Config(self)
        self.saved_queries = SavedQueries(self)

    # ---- life cycle ----

    @contextmanager
    def _use(self) -> Iterator[Any]:
        """The C handle, held by this thread for the duration of the block."""
        with self._lock:
            if self._h is None:
                raise StoreClosedError()
            yield self._h

    def close(self) -> None:
        """Close the store (idempotent). Any later use raises :class:`StoreClosedError`."""
        with self._lock:
            h, self._h = self._h, None
            if h is not None:
                _core.fi_store_close(h)   # frees it now; the Python object then owns nothing

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._h is None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._h is None:
            return "<fitintel.Store closed>"
        return f"<fitintel.Store {self.path!r}>"

    # ---- properties ----

    @property
    def path(self) -> str:
        """The path the store was opened with."""
        with self._use() as h:
            return _core.fi_store_path(h)

    @property
    def schema_version(self) -> int:
        """The schema version of the store (PRAGMA user_version)."""
        with self._use() as h:
            return _core.fi_store_schema_version(h)

    @property
    def workout_count(self) -> int:
        """Number of workouts in the store."""
        with self._use() as h:
            return _core.fi_store_workout_count(h)

    @property
    def data_version(self) -> int:
        """A number that moves whenever the store's data may have changed, through this Store
        or any other connection to the file: cache what you computed under it, and compute
        again when it moves. Never decreases; only comparable for the same Store."""
        with self._use() as h:
            return _core.fi_store_data_version(h)

    def __len__(self) -> int:
        return self.workout_count

    # ---- imports ----

    def ingest(self, path: PathLike, policy: str = "strict",
               progress: Optional[Callable[[Progress], Any]] = None) -> ImportReport:
        """Import a MapMyRun CSV export; the file's accepted rows are written all or none.

        Args:
            path: the export (a pipe or FIFO works too).
            policy: ``"strict"`` (the default) refuses a file with any rejected row;
                ``"skip"`` writes the accepted rows and reports the rejected ones.
            progress: called now and then with a :class:`Progress`; returning a true value
                cancels the import (:class:`CancelledError`), an exception it raises cancels it
                and propagates.

        Raises:
            ParseError: the file was refused (``line``, ``column``, ``field`` say where).
            FileError: the file cannot be read.
        """
        opts = self._ingest_options(policy, progress)
        with self._use() as h:
            report = _core.fi_ingest_file(h, os.fspath(path), opts)
        return ImportReport.from_json(loads(_core.fi_import_report_to_json(report)))

    def ingest_bytes(self, data: bytes, name: str = "<bytes>", policy: str = "strict",
                     progress: Optional[Callable[[Progress], Any]] = None) -> ImportReport:
        """Import an export held in memory; @name is what errors and the record call it."""
        opts = self._ingest_options(policy, progress)
        with self._use() as h:
            report = _core.fi_ingest_buffer(h, data, name, opts)
        return ImportReport.from_json(loads(_core.fi_import_report_to_json(report)))

    @staticmethod
    def _ingest_options(policy: str, progress: Optional[Callable[[Progress], Any]]):
        if policy not in _POLICIES:
            raise InvalidArgumentError(f"policy must be 'strict' or 'skip', not {policy!r}")
        opts = _core.fi_ingest_params()
        opts.policy = _POLICIES[policy]
        if progress is not None:
            if not callable(progress):
                raise TypeError("progress must be callable")
            opts.set_progress(lambda bd, bt, rr, rw: bool(progress(Progress(bd, bt, rr, rw))))
        return opts

    def imports(self) -> List[ImportReport]:
        """Every import record, newest first (``fitintel imports --json``)."""
        with self._use() as h:
            lst = _core.fi_store_imports(h)
            return [ImportReport.from_json(loads(_core.fi_import_report_to_json(
                _core.fi_import_list_at(lst, i)))) for i in range(_core.fi_import_list_count(lst))]

    def import_record(self, import_id: int) -> ImportReport:
        """One import record by id. Raises :class:`NotFoundError` for an unknown id."""
        with self._use() as h:
            report = _core.fi_store_import_get(h, int(import_id))
        return ImportReport.from_json(loads(_core.fi_import_report_to_json(report)))

    # ---- workouts ----

    def workouts(self, from_: Optional[DateLike] = None, to: Optional[DateLike] = None,
                 label: Optional[str] = None, type: Optional[str] = None, text: bool = False):
        """The workouts as a pandas DataFrame, in date order (then id).

        Columns: ``id`` (int64), ``date`` (datetime64), the numbers as nullable ``Float64``
        (calories, distance_mi, duration_s, avg_pace, max_pace, avg_speed, max_speed,
        avg_heart_rate, steps, cadence), ``label`` and ``method`` (categoricals in the library's
        order, "unknown"/"none" when unclassified) and ``confidence`` (``Float64``).
        Each column is copied in one piece from the library, never row by row.

        Args:
            from_, to: first and last date, inclusive (any form an export uses, or a date).
            label: only workouts with this stored label ("real_run", "walk", ...).
            type: only this raw Activity Type (exact text, any case).
            text: also ``activity_type`` (categorical) and ``notes`` (str or None), after
                ``date`` — verbatim from the export; slower, so off by default.
        """
        from .workouts import frame_arrays, frame_texts, to_dataframe
        flt = make_filter(from_, to, label, type)
        with self._use() as h:
            frame = (_core.fi_frame_load_text if text else _core.fi_frame_load)(h, flt)
        arrays = frame_arrays(frame)
        if text:
            arrays.update(frame_texts(frame))
        _core.fi_frame_free(frame)
        return to_dataframe(arrays)

    # ---- classification ----

    def train(self, k: Optional[int] = None, n_init: Optional[int] = None,
              seed: Optional[int] = None, method: Optional[str] = None) -> Model:
        """Train a model on the clean workouts, make it active and reclassify.

        Unset arguments come from the store's configuration (``classify.k`` ...). ``k`` = 0
        chooses 2–4 clusters by BIC; ``method`` is "mixture" (a Gaussian mixture refined from
        k-means, the default) or "kmeans".
        Raises :class:`LimitError` with too few clean workouts."""
        methods = {"kmeans": _core.FI_CLASSIFY_KMEANS, "mixture": _core.FI_CLASSIFY_MIXTURE}
        if method is not None and method not in methods:
            raise InvalidArgumentError(f"unknown method {method!r} (use kmeans or mixture)")
        with self._use() as h:
            p = _core.fi_train_params()
            _core.fi_train_params_load(h, p)
            if method is not None:
                p.method = methods[method]
            if k is not None:
                p.k = int(k)
            if n_init is not None:
                p.n_init = int(n_init)
            if seed is not None:
                p.seed = int(seed)
            model = _core.fi_model_train(h, p)
        return Model.from_json(loads(_core.fi_model_to_json(model)))

    def classify(self) -> ClassifySummary:
        """Classify every workout again (corrections, bounds, model, eras, rules)."""
        s = _core.fi_classify_summary()
        with self._use() as h:
            _core.fi_classify_store(h, None, s)
        labels = {_core.fi_label_name(i): s.by_label[i] for i in range(1, _core.FI_LABEL_COUNT)}
        methods = {_core.fi_method_name(i): s.by_method[i] for i in range(1, _core.FI_METHOD_COUNT)}
        doc = {"workouts": s.workouts, "model_id": s.model_id, "labels": labels, "methods": methods}
        return ClassifySummary._from_json(doc)

    def model(self, id: Optional[int] = None) -> Model:
        """Model @id, or the active one. Raises :class:`NotFoundError`."""
        with self._use() as h:
            m = _core.fi_model_get(h, int(id or 0))
        return Model.from_json(loads(_core.fi_model_to_json(m)))

    def models(self) -> List[Model]:
        """Every model, newest first."""
        with self._use() as h:
            ids = _core.fi_model_list(h)
            return [Model.from_json(loads(_core.fi_model_to_json(_core.fi_model_get(h, i))))
                    for i in ids]

    def activate(self, model_id: int) -> None:
        """Make archived model @model_id active again and reclassify with it."""
        with self._use() as h:
            _core.fi_model_activate(h, int(model_id))

    def explain(self, id: int) -> Explanation:
        """Why workout @id has its label. Raises :class:`NotFoundError` for an unknown id."""
        with self._use() as h:
            e = _core.fi_explain(h, int(id))
        return Explanation._from_json(loads(_core.fi_explanation_to_json(e)))

    def explain_workout(self, distance: float, duration: Optional[float] = None,
                        pace: Optional[float] = None, steps: Optional[float] = None,
                        date: Optional[DateLike] = None) -> Explanation:
        """What a workout that is not stored would be — "test a hypothetical workout": the
        label, method, confidence and reasons a classification would give it now.

        Args:
            distance: miles.
            duration: seconds (derived from @pace and @distance when None).
            pace: min/mi (derived from @duration and @distance when None).
            steps: step count, for the cadence feature (None: unknown).
            date: its day (default today), which decides the era in force.
        The explanation's ``id`` is None. Raises :class:`InvalidArgumentError` for a bad date."""
        from ._convert import date_text
        nan = float("nan")
        with self._use() as h:
            e = _core.fipy_explain_workout(h, date_text(date), float(distance),
                                           nan if duration is None else float(duration),
                                           nan if pace is None else float(pace),
                                           nan if steps is None else float(steps))
        return Explanation._from_json(loads(_core.fi_explanation_to_json(e)))

    def label(self, id: int, label: str, note: Optional[str] = None) -> None:
        """Correct the label of workout @id (it wins over every other method).

        Raises :class:`InvalidArgumentError` for an unknown label ("unknown" included) and
        :class:`NotFoundError` for an unknown workout."""
        code = label_code(label)
        with self._use() as h:
            _core.fi_correction_set(h, int(id), code, note)

    def unlabel(self, id: int) -> None:
        """Remove the correction of workout @id and classify it again.
        Raises :class:`NotFoundError` when it has none."""
        with self._use() as h:
            _core.fi_correction_remove(h, int(id))

    def corrections(self, workout_id: Optional[int] = None) -> List[Correction]:
        """The history of corrections, newest first (of one workout, or all)."""
        with self._use() as h:
            lst = _core.fi_correction_history(h, int(workout_id or 0))
        return [Correction._from_json(c) for c in loads(_core.fi_correction_list_to_json(lst))]

    def accuracy(self) -> Accuracy:
        """Agreement of the classifier (without the corrections) with the corrections."""
        acc = _core.fi_accuracy()
        with self._use() as h:
            _core.fi_accuracy_measure(h, acc)
        return Accuracy._from_json(loads(_core.fi_accuracy_to_json(acc)))

    # ---- exports, archives and SQL (fitintel/export.h, fitintel/sql.h) ----

    def export(self, kind: str = "workouts", format: str = "csv",
               path: Optional[PathLike] = None, *, from_: Optional[DateLike] = None,
               to: Optional[DateLike] = None, label: Optional[str] = None,
               type: Optional[str] = None, days: Optional[int] = None,
               at: Optional[DateLike] = None) -> Optional[str]:
        """Export @kind ("workouts", "corrections", "eras", "models", "imports", "brief",
        "archive") as @format ("csv" or "json"): the text, or None when written to @path.
        The filter arguments select workouts; @days and @at the briefing's period."""
        from ._convert import date_text
        p = _core.fi_export_params()
        p.kind = _core.fi_export_kind_parse(kind)
        p.format = _core.fi_export_format_parse(format)
        flt = make_filter(from_, to, label, type)   # referenced by p: alive until we return
        p.filter = flt
        bp = _core.fi_brief_params()
        if days is not None:
            bp.days = int(days)
        if at is not None:
            bp.ref_date = date_text(at)
        p.brief = bp
        with self._use() as h:
            if path is None:
                return _core.fi_export_string(h, p)
            _core.fi_export_file(h, p, os.fspath(path))
            return None

    def import_archive(self, path: PathLike) -> int:
        """Import a JSON archive (``export("archive", "json")``) into this empty store, all or
        nothing; the number of rows written. Raises :class:`InvalidArgumentError` when the store
        is not empty and :class:`ParseError` for a file that is not an archive."""
        with self._use() as h:
            return _core.fi_archive_import(h, os.fspath(path))

    def sql(self, query: str, max_rows: int = 10_000, timeout_s: float = 5.0,
            history: bool = True):
        """Run one read-only SQL statement against the store: a DataFrame of its rows (at most
        @max_rows; ``df.attrs["truncated"]`` says whether the limit cut it short).

        Anything but reading is refused (:class:`InvalidArgumentError` says why); the time limit
        raises :class:`LimitError`. With @history the run is kept in the store's query history."""
        import pandas as pd
        p = _core.fi_sql_params()
        p.max_rows = int(max_rows)
        p.timeout_s = float(timeout_s)
        if not history:
            p.flags |= _core.FI_SQL_NO_HISTORY
        with self._use() as h:
            r = _core.fi_sql_run(h, query, p)
        return _sql_frame(r)

    def query_history(self, search: Optional[str] = None, limit: int = 100) -> List[Dict[str, Any]]:
        """The SQL explorer's history, newest first: text, time, duration, rows or error (at most
        @limit entries; @search: those containing it)."""
        with self._use() as h:
            found = _core.fi_sql_history_find(h, search, int(limit))
        return loads(_core.fi_sql_history_to_json(found))

    # ---- analyses (fitintel/analyses.py) ----

    def anomalies(self, metrics: Optional[Sequence[str]] = None,
                  methods: Optional[Sequence[str]] = None, *, from_: Optional[DateLike] = None,
                  to: Optional[DateLike] = None, label: Optional[str] = None,
                  type: Optional[str] = None):
        """Anomalies per metric and method (``fitintel anomalies``); see
        :func:`fitintel.analyses.anomalies`."""
        with self._use() as h:
            return analyses.anomalies(h, metrics, methods, make_filter(from_, to, label, type))

    def consistency(self, days: Optional[int] = None, at: Optional[DateLike] = None,
                    step: Optional[int] = None, *, from_: Optional[DateLike] = None,
                    to: Optional[DateLike] = None, label: Optional[str] = None,
                    type: Optional[str] = None):
        """The consistency score of the @days ending @at, and its trajectory every @step days
        (``fitintel consistency``); unset values come from the store's configuration."""
        with self._use() as h:
            return analyses.consistency(h, days, at, step, make_filter(from_, to, label, type))

    def trend(self, metric: str = "pace", per: Optional[str] = None, stat: str = "mean",
              include_outliers: bool = False, *, from_: Optional[DateLike] = None,
              to: Optional[DateLike] = None, label: Optional[str] = None,
              type: Optional[str] = None):
        """The trend of @metric (or ``"count"``) per workout, week or month (``fitintel trends``)."""
        with self._use() as h:
            return analyses.trend(h, metric, per, stat, include_outliers,
                                  make_filter(from_, to, label, type))

    def forecast(self, series: str = "count", per: str = "week", horizon: int = 4,
                 include_outliers: bool = False, *, from_: Optional[DateLike] = None,
                 to: Optional[DateLike] = None, label: Optional[str] = None,
                 type: Optional[str] = None):
        """Forecast a weekly or monthly series (``fitintel forecast``)."""
        with self._use() as h:
            return analyses.forecast(h, series, per, horizon, include_outliers,
                                     make_filter(from_, to, label, type))

    def records(self, min_distance: Optional[float] = None, *, from_: Optional[DateLike] = None,
                to: Optional[DateLike] = None, type: Optional[str] = None):
        """Personal records (``fitintel records``); @min_distance miles for the fastest run."""
        with self._use() as h:
            return analyses.records(h, min_distance, make_filter(from_, to, None, type))

    def compare_eras(self, *, from_: Optional[DateLike] = None, to: Optional[DateLike] = None,
                     label: Optional[str] = None, type: Optional[str] = None):
        """Before/after comparison around each era (``fitintel era compare``).
        Raises :class:`NotFoundError` when no era is configured."""
        with self._use() as h:
            return analyses.compare_eras(h, make_filter(from_, to, label, type))

    def summary(self, by: str = "month", metrics: Optional[Sequence[str]] = None, *,
                from_: Optional[DateLike] = None, to: Optional[DateLike] = None,
                label: Optional[str] = None, type: Optional[str] = None, fill: bool = False):
        """The workouts grouped @by ``day``, ``week``, ``month``, ``year``, ``weekday``, ``label``
        or ``all``, with the statistics of each metric in each group, as a DataFrame in key order.

        Columns: ``key`` (the period's first day as datetime64; the weekday 0–6, Monday = 0; the
        label name; None for ``all``), ``workouts``, ``n_<label>`` for every label, and for each
        of @metrics (default: distance, duration, calories, pace, steps) ``<metric>_n`` (known
        values), ``_sum``, ``_mean``, ``_median``, ``_std`` (sample), ``_min``, ``_max`` — NaN where
        undefined. Only those metrics are computed: ``metrics=()`` (the counts alone) is the
        cheapest. With @fill the empty groups are there too (every period from the first to the
        last workout's, all weekdays, all labels)."""
        with self._use() as h:
            return analyses.summary(h, by, metrics, fill, make_filter(from_, to, label, type))

    def brief(self, days: Optional[int] = None, at: Optional[DateLike] = None) -> Brief:
        """The personal briefing of the @days ending @at (``fitintel brief``).

        @days defaults to the store's ``brief.days`` (30); @at to today, or the latest
        workout's day when the data is older."""
        with self._use() as h:
            return analyses.brief(h, days, at)

    def dashboard(self, path: PathLike, days: Optional[int] = None,
                  at: Optional[DateLike] = None) -> None:
        """Write the single-file HTML dashboard (``fitintel dashboard``): the briefing of the @days
        ending @at (as :meth:`brief`) and every view of :mod:`fitintel.views`, offline, written
        atomically to @path. See :func:`fitintel.dashboard.write_dashboard`."""
        from .dashboard import write_dashboard
        write_dashboard(self, path, days=days, at=at)

    def report(self, path: PathLike, days: Optional[int] = None,
               at: Optional[DateLike] = None) -> None:
        """The old name of :meth:`dashboard`, kept for scripts: writes the same file."""
        self.dashboard(path, days=days, at=at)


class Eras:
    """The eras of a store (``store.eras``): iterate, :meth:`add`, :meth:`remove`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self) -> List[Era]:
        """Every era, oldest date first."""
        with self._store._use() as h:
            eras = _core.fi_era_list(h)
        return [Era._from_json(e) for e in loads(_core.fi_eras_to_json(eras))]

    def __iter__(self) -> Iterator[Era]:
        return iter(self.list())

    def __len__(self) -> int:
        return len(self.list())

    def add(self, date: DateLike, name: str, label: str = "pup_walk") -> Era:
        """Add an era starting on @date whose workouts default to @label; reclassifies.
        Raises :class:`AlreadyExistsError` when an era already starts that day."""
        from ._convert import date_text
        code = label_code(label)
        with self._store._use() as h:
            era_id = _core.fi_era_add(h, date_text(date), name, code)
        return next(e for e in self.list() if e.id == era_id)

    def remove(self, id: int) -> None:
        """Remove era @id and reclassify. Raises :class:`NotFoundError`."""
        with self._store._use() as h:
            _core.fi_era_remove(h, int(id))


def _sql_frame(result):
    """A query result as a DataFrame; ``attrs`` carry truncated, elapsed_ms and column types."""
    import pandas as pd
    doc = loads(_core.fi_sql_result_to_json(result))
    df = pd.DataFrame(doc["rows"], columns=[c["name"] for c in doc["columns"]])
    df.attrs.update(truncated=doc["truncated"], elapsed_ms=doc["elapsed_ms"],
                    types={c["name"]: c["type"] for c in doc["columns"]})
    return df


class SavedQueries:
    """Saved SQL queries, kept in the store (``store.saved_queries``): iterate, :meth:`save`,
    :meth:`run`, :meth:`delete`. Each query is a dict with name, sql, description, created_at,
    updated_at."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self, search: Optional[str] = None) -> List[Dict[str, Any]]:
        """Every saved query by name, or those whose name, text or description contains @search."""
        with self._store._use() as h:
            found = _core.fi_sql_saved_find(h, search)
        return loads(_core.fi_sql_saved_list_to_json(found))

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.list())

    def __len__(self) -> int:
        return len(self.list())

    def __contains__(self, name: object) -> bool:
        return any(q["name"] == name for q in self.list())

    def save(self, name: str, sql: str, description: Optional[str] = None,
             replace: bool = False) -> None:
        """Save @sql under @name (checked first: only a query that may run is saved). Raises
        :class:`AlreadyExistsError` for a taken name unless @replace."""
        flags = _core.FI_SQL_SAVE_REPLACE if replace else 0
        with self._store._use() as h:
            _core.fi_sql_saved_put(h, name, sql, description, flags)

    def run(self, name: str, max_rows: int = 10_000, timeout_s: float = 5.0):
        """Run the saved query @name as :meth:`Store.sql` does. Raises :class:`NotFoundError`."""
        p = _core.fi_sql_params()
        p.max_rows = int(max_rows)
        p.timeout_s = float(timeout_s)
        with self._store._use() as h:
            r = _core.fi_sql_saved_run(h, name, p)
        return _sql_frame(r)

    def delete(self, name: str) -> None:
        """Delete the saved query @name. Raises :class:`NotFoundError`."""
        with self._store._use() as h:
            _core.fi_sql_saved_delete(h, name)


class Config:
    """Parameters kept with the data (``store.config``): ``config["classify.k"] = "4"``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @staticmethod
    def keys() -> List[str]:
        """Every known key."""
        return [_core.fi_config_key_at(i)[0] for i in range(_core.fi_config_key_count())]

    @staticmethod
    def describe() -> Dict[str, Dict[str, str]]:
        """{key: {"default": ..., "description": ...}} for every known key."""
        out = {}
        for i in range(_core.fi_config_key_count()):
            name, default, description = _core.fi_config_key_at(i)
            out[name] = {"default": default, "description": description}
        return out

    def get(self, key: str) -> str:
        """The value of @key (its default when unset). Raises :class:`NotFoundError`."""
        with self._store._use() as h:
            return _core.fi_config_get(h, key)

    def set(self, key: str, value: Any) -> None:
        """Set @key; ``None`` restores the default. Raises :class:`InvalidArgumentError` for a
        value out of range and :class:`NotFoundError` for an unknown key."""
        if isinstance(value, bool):
            value = "true" if value else "false"
        with self._store._use() as h:
            _core.fi_config_set(h, key, None if value is None else str(value))

    def unset(self, key: str) -> None:
        """Restore the default of @key."""
        self.set(key, None)

    def to_dict(self) -> Dict[str, str]:
        """Every key with its value (``fitintel config list --json``)."""
        return {k: self.get(k) for k in self.keys()}

    def __getitem__(self, key: str) -> str:
        return self.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.set(key, value)


def open(path: Optional[PathLike] = None, *, readonly: bool = False,
         busy_timeout_ms: Optional[int] = None) -> Store:
    """Open (creating if needed) the store at @path and bring its schema up to date.

    @path ``None`` means $FITINTEL_DB, else $XDG_DATA_HOME/fitintel/fitintel.db, else
    ~/.local/share/fitintel/fitintel.db; ``":memory:"`` gives a private in-memory store.

    Raises:
        StoreError: the file is not a libfitintel store.
        VersionError: its schema is newer than this library.
    """
    return Store(path, readonly=readonly, busy_timeout_ms=busy_timeout_ms)
