"""The SWIG layer fitintel._core: the status typemap's list against the headers, the exception
mapping, handle ownership, struct layouts and owned strings."""
import gc
import re
from pathlib import Path

import numpy as np
import pytest

import fitintel
from fitintel import _core, _layout, errors
from fitintel_fixtures import *  # noqa: F401,F403

ROOT = Path(__file__).resolve().parents[3]


def wrapped_headers():
    """The headers fitintel.i %includes."""
    text = (ROOT / "bindings" / "python" / "swig" / "fitintel.i").read_text()
    return re.findall(r'%include "(fitintel/\w+\.h)"', text)


def header_int_functions():
    text = ""
    for h in wrapped_headers():
        p = ROOT / "include" / h
        text += (p if p.exists() else p.with_suffix(".h.in")).read_text()
    return set(re.findall(r"FI_API int (fi_\w+)\(", text))


def test_every_public_header_is_wrapped():
    umbrella = re.findall(r'#include "(fitintel/\w+\.h)"', (ROOT / "include" / "fitintel.h").read_text())
    assert sorted(wrapped_headers()) == sorted(umbrella)


def typemap_names(kind):
    """Function names in the status typemap (kind 0) or the plain-int typemap (kind 1)."""
    text = (ROOT / "bindings" / "python" / "swig" / "status.i").read_text()
    blocks = re.findall(r"%typemap\(out, noblock=1\)(.*?)\{", text, re.S)
    return set(re.findall(r"int (fi_\w+)", blocks[kind]))


def ignored_names():
    text = "".join(p.read_text() for p in (ROOT / "bindings" / "python" / "swig").glob("*.i"))
    names = set(re.findall(r"%ignore (fi_\w+);", text))
    names |= set(re.findall(r"FI_PARAMS\(\w+, (fi_\w+),", text))   # constructors call them
    kernels = {n for n in header_int_functions()
               if re.match(r"fi_(stats|kmeans|mixture|scale|silhouette)_", n)}
    return names | kernels | {"fi_silhouette"}


def test_every_int_function_is_classified_once():
    status, plain, ignored = typemap_names(0), typemap_names(1), ignored_names()
    assert not status & plain
    unclassified = header_int_functions() - status - plain - ignored
    assert not unclassified, f"add these to status.i: {sorted(unclassified)}"
    assert not (status | plain) - header_int_functions(), "status.i names unknown functions"


@pytest.mark.parametrize("code,cls", [
    (-1, fitintel.Error), (-3, fitintel.NotFoundError), (-4, fitintel.AlreadyExistsError),
    (-5, fitintel.InvalidArgumentError), (-10, fitintel.ParseError), (-11, fitintel.FileError),
    (-12, fitintel.OutOfMemoryError), (-20, fitintel.StoreError), (-21, fitintel.BusyError),
    (-22, fitintel.VersionError), (-23, fitintel.ReadOnlyError), (-30, fitintel.LimitError),
    (-40, fitintel.CancelledError)])
def test_status_codes_map_to_classes(code, cls):
    e = errors.from_status(code, 0, "message", "f.csv", 3, 2, "Distance (mi)")
    assert type(e) is cls and isinstance(e, fitintel.Error)
    assert e.code == code and e.code_name == _core.fi_strerror(code) and str(e) == "message"


def test_exception_families():
    assert issubclass(fitintel.InvalidArgumentError, ValueError)
    assert issubclass(fitintel.NotFoundError, LookupError)
    assert issubclass(fitintel.FileError, OSError)
    assert issubclass(fitintel.BusyError, fitintel.StoreError)
    assert issubclass(fitintel.ReadOnlyError, fitintel.StoreError)


def test_a_failing_call_raises_the_library_message():
    with pytest.raises(fitintel.InvalidArgumentError) as e:
        _core.fi_label_parse("jog")
    assert "real_run" in str(e.value) and e.value.code == _core.FI_EINVALID


def test_out_parameters_become_return_values():
    assert _core.fi_label_parse("walk") == _core.FI_LABEL_PUP_WALK
    assert _core.fi_metric_parse("pace") == _core.FI_COLUMN_AVG_PACE
    assert _core.fi_metric_lower_is_better(_core.FI_COLUMN_DAY) == -1   # a plain int, not a status
    name, default, description = _core.fi_config_key_at(0)
    assert name == "classify.k" and default == "5" and description


def test_a_handle_is_freed_once(tmp_path):
    h = _core.fi_store_open(str(tmp_path / "a.db"), None)
    assert _core.fi_store_workout_count(h) == 0
    _core.fi_store_close(h)         # %delobject: Python owns nothing after this
    assert not h.thisown
    del h
    gc.collect()                    # no second fi_store_close (ASan would report it)


def test_handles_are_freed_when_collected(tmp_path):
    h = _core.fi_store_open(str(tmp_path / "a.db"), None)
    assert h.thisown
    frame = _core.fi_frame_load(h, None)
    assert frame.thisown and _core.fi_frame_rows(frame) == 0
    del frame, h


def test_frame_buffers_are_checked(classified):
    store, _ = classified
    with store._use() as h:
        frame = _core.fi_frame_load(h, None)
    n = _core.fi_frame_rows(frame)
    with pytest.raises(fitintel.InvalidArgumentError):
        _core.fi_frame_column(frame, _core.FI_COLUMN_DISTANCE, np.empty(n + 1))
    with pytest.raises(TypeError):
        _core.fi_frame_column(frame, _core.FI_COLUMN_DISTANCE, np.empty(n, dtype=np.float32))
    out = np.empty(n)
    assert _core.fi_frame_column(frame, _core.FI_COLUMN_DISTANCE, out) is None


def test_struct_layouts_match_the_compiler():
    layouts = _core.fipy_layouts()
    for name in ("fi_anomaly", "fi_era_month", "fi_consistency_month", "fi_forecast_step",
                 "fi_plateau"):
        dt = _layout.dtype(name)
        assert dt.itemsize == layouts[name][0]
        for field, (offset, size, *_) in layouts[name][1].items():
            assert dt.fields[field][1] == offset and dt.fields[field][0].itemsize == size


def test_text_members_are_owned_copies():
    f = _core.fi_workout_filter()
    text = "2020-01-01"
    f.from_ = text
    f.to = "".join(["2021-", "01-01"])
    del text
    gc.collect()
    assert f.from_ == "2020-01-01" and f.to == "2021-01-01"
    f.from_ = None
    assert f.from_ is None
    o = _core.fi_sample_params()
    assert o.start_date == "2012-01-01" and o.rows == 3000
    o.era_date = "2019-01-01"
    assert o.era_date == "2019-01-01"


def test_params_start_from_the_library_defaults():
    assert _core.fi_train_params().k == 5 and _core.fi_train_params().method == _core.FI_CLASSIFY_MIXTURE
    assert _core.fi_anomaly_params().iqr_k == 1.5
    assert _core.fi_ingest_params().max_rejects_kept == 1000
    assert _core.fi_workout_filter().label == -1


def test_progress_must_be_callable():
    with pytest.raises(TypeError):
        _core.fi_ingest_params().set_progress(42)


def test_version():
    assert fitintel.__version__ == _core.fi_version_string()
    assert _core.fi_version() == _core.FI_VERSION_NUMBER


def test_import_is_light():
    """pandas is imported by the calls that return DataFrames, not by `import fitintel`."""
    import subprocess
    import sys
    code = "import sys, fitintel; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_docstring_examples():
    import doctest
    import fitintel.errors
    import fitintel.store
    for mod in (fitintel, fitintel.errors, fitintel.store):
        failed, _ = doctest.testmod(mod)
        assert failed == 0, mod.__name__


def test_every_public_name_is_documented():
    import inspect
    for name in fitintel.__all__:
        obj = getattr(fitintel, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__doc__, name
    for name, member in inspect.getmembers(fitintel.Store):
        if not name.startswith("_"):
            assert member.__doc__, f"Store.{name}"
