"""Frames: the columns loaded from a store equal what SQLite holds, row for row, with the
derived day numbers and cadence computed independently here."""
import ctypes as C
import datetime as dt
import sqlite3

import numpy as np
import pytest

from clib import DBL, LIB, struct

I64 = C.POINTER(C.c_int64)
I32 = C.POINTER(C.c_int32)
COLUMNS = {1: "calories", 2: "distance_mi", 3: "duration_s", 4: "avg_pace", 5: "max_pace",
           6: "avg_speed", 7: "max_speed", 8: "avg_heart_rate", 9: "steps"}
LIB.fi_frame_rows.restype = C.c_size_t
LIB.fi_column_name.restype = C.c_char_p
Filter = struct("fi_workout_filter")   # laid out by the compiler; C's `from` is from_


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("frame")
    export, db = d / "export.csv", d / "store.db"
    assert LIB.fi_sample_write(str(export).encode(), None, None) == 0   # defaults: 3,000 rows
    handle = C.c_void_p()
    assert LIB.fi_store_open(str(db).encode(), None, C.byref(handle)) == 0
    report = C.c_void_p()
    assert LIB.fi_ingest_file(handle, str(export).encode(), None, C.byref(report)) == 0
    LIB.fi_import_report_free(report)
    yield handle, db
    LIB.fi_store_close(handle)


def load(handle, flt=None):
    frame = C.c_void_p()
    assert LIB.fi_frame_load(handle, None if flt is None else C.byref(flt), C.byref(frame)) == 0
    n = LIB.fi_frame_rows(frame)
    ids = np.empty(n, dtype=np.int64)
    days = np.empty(n, dtype=np.int32)
    assert LIB.fi_frame_ids(frame, ids.ctypes.data_as(I64), C.c_size_t(n)) == 0
    assert LIB.fi_frame_days(frame, days.ctypes.data_as(I32), C.c_size_t(n)) == 0
    cols = {}
    for c in range(1, 12):
        v = np.empty(n)
        assert LIB.fi_frame_column(frame, c, v.ctypes.data_as(DBL), C.c_size_t(n)) == 0
        cols[LIB.fi_column_name(c).decode()] = v
    bad = np.empty(n + 1)
    assert LIB.fi_frame_column(frame, 2, bad.ctypes.data_as(DBL), C.c_size_t(n + 1)) == -5
    assert LIB.fi_frame_column(frame, 99, bad.ctypes.data_as(DBL), C.c_size_t(n)) == -5
    LIB.fi_frame_free(frame)
    return ids, days, cols


def test_columns_equal_the_store(store):
    handle, db = store
    ids, days, cols = load(handle)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, workout_date, " + ", ".join(COLUMNS.values()) +
                       " FROM workouts ORDER BY workout_date, id").fetchall()
    con.close()
    assert len(ids) == len(rows) == 3000
    assert ids.tolist() == [r[0] for r in rows]
    epoch = dt.date(1970, 1, 1)
    assert days.tolist() == [(dt.date.fromisoformat(r[1]) - epoch).days for r in rows]
    assert (np.diff(days) >= 0).all()
    for i, name in enumerate(COLUMNS.values(), start=2):
        want = np.array([np.nan if r[i] is None else r[i] for r in rows], dtype=float)
        np.testing.assert_array_equal(cols[name], want, err_msg=name)
    with np.errstate(invalid="ignore", divide="ignore"):
        cadence = np.where(cols["duration_s"] > 0, cols["steps"] / (cols["duration_s"] / 60), np.nan)
    np.testing.assert_allclose(cols["cadence"], cadence, rtol=1e-15, equal_nan=True)
    np.testing.assert_array_equal(cols["day"], days.astype(float))


def test_filters(store):
    handle, db = store
    flt = Filter(version=1, from_=b"June 1, 2018", to=b"2018-12-31", activity_type=b"walk", newest_first=0, label=-1)
    ids, days, _ = load(handle, flt)
    con = sqlite3.connect(db)
    want = [r[0] for r in con.execute(
        "SELECT id FROM workouts WHERE workout_date BETWEEN '2018-06-01' AND '2018-12-31'"
        " AND activity_type = 'Walk' COLLATE NOCASE ORDER BY workout_date, id")]
    con.close()
    assert ids.tolist() == want and len(want) > 0
    labels = {1: "real_run", 2: "pup_walk", 3: "mixed", 4: "outlier"}
    for code, name in labels.items():
        ids, _, _ = load(handle, Filter(version=1, newest_first=0, label=code))
        con = sqlite3.connect(db)
        want = [r[0] for r in con.execute(
            "SELECT id FROM workouts WHERE label = ?"
            " ORDER BY workout_date, id", (name,))]
        con.close()
        assert ids.tolist() == want, name
    assert LIB.fi_frame_load(handle, C.byref(Filter(version=1, newest_first=0, label=9)), C.byref(C.c_void_p())) == -5
    bad = Filter(version=1, from_=b"not a date", newest_first=0, label=-1)
    frame = C.c_void_p()
    assert LIB.fi_frame_load(handle, C.byref(bad), C.byref(frame)) == -5


def test_rows_are_put_in_date_order(tmp_path):
    """ids that do not grow with dates (an account merge, a hand-made file) still load by date."""
    header = ("Workout Date,Distance (mi),Workout Time (seconds),Steps,Link\n")
    rows = [f'"{d}",{dist},{secs},{steps},http://www.mapmyfitness.com/workout/{wid}\n'
            for d, dist, secs, steps, wid in [("Jan. 5, 2020", 1.5, 600, 900, 10), ("Jan. 1, 2020", 3.0, 1800, "", 30),
                                              ("Jan. 3, 2020", 2.0, 0, 100, 20), ("Jan. 3, 2020", 4.0, 2400, 4800, 5)]]
    export = tmp_path / "e.csv"
    export.write_text(header + "".join(rows))
    handle, report = C.c_void_p(), C.c_void_p()
    assert LIB.fi_store_open(str(tmp_path / "s.db").encode(), None, C.byref(handle)) == 0
    assert LIB.fi_ingest_file(handle, str(export).encode(), None, C.byref(report)) == 0
    LIB.fi_import_report_free(report)
    ids, days, cols = load(handle)
    LIB.fi_store_close(handle)
    assert ids.tolist() == [30, 5, 20, 10]                 # by date, then id
    assert np.diff(days).tolist() == [2, 0, 2]
    assert cols["distance_mi"].tolist() == [3.0, 4.0, 2.0, 1.5]
    np.testing.assert_array_equal(cols["cadence"], [np.nan, 120.0, np.nan, 90.0])   # no steps; 0 s; 900 steps in 10 min


def test_labels_and_confidence_equal_the_store(store):
    handle, db = store
    frame = C.c_void_p()
    assert LIB.fi_frame_load(handle, None, C.byref(frame)) == 0
    n = LIB.fi_frame_rows(frame)
    ids, labels, methods, conf = (np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int32),
                                  np.empty(n, dtype=np.int32), np.empty(n))
    assert LIB.fi_frame_ids(frame, ids.ctypes.data_as(I64), C.c_size_t(n)) == 0
    assert LIB.fi_frame_labels(frame, labels.ctypes.data_as(I32), C.c_size_t(n)) == 0
    assert LIB.fi_frame_methods(frame, methods.ctypes.data_as(I32), C.c_size_t(n)) == 0
    assert LIB.fi_frame_column(frame, 12, conf.ctypes.data_as(DBL), C.c_size_t(n)) == 0
    LIB.fi_frame_free(frame)
    con = sqlite3.connect(db)
    stored = {r[0]: r[1:] for r in con.execute("SELECT workout_id, label, method, confidence FROM classifications")}
    con.close()
    label_codes = {"real_run": 1, "pup_walk": 2, "mixed": 3, "outlier": 4}
    method_codes = {"user": 1, "bounds": 2, "kmeans": 3, "era": 4, "rule": 5}
    assert len(stored) == n
    for i, wid in enumerate(ids.tolist()):
        label, method, confidence = stored[wid]
        assert (labels[i], methods[i], conf[i]) == (label_codes[label], method_codes[method], confidence)
