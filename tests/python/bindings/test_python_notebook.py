"""examples/notebooks/explore.ipynb, executed with nbclient on a Jupyter kernel for the project's Python:
no cell may fail, every chart cell must hold a Plotly figure with data, and the figures must show
the library's numbers."""
import base64
import json
import os
import pathlib

import numpy as np

import nbclient
import nbformat
import pytest

import fitintel

NOTEBOOK = pathlib.Path(__file__).resolve().parents[3] / "examples" / "notebooks" / "explore.ipynb"
PLOTLY = "application/vnd.plotly.v1+json"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cwd = tmp_path_factory.mktemp("notebook")
    # the kernel inherits PYTHONPATH (the build's package) and the sanitizer preload from here
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def figures(cell):
    return [o["data"][PLOTLY] for o in cell.outputs if o.get("output_type") == "display_data"
            and PLOTLY in o.get("data", {})]


def values(trace, axis):
    """A trace's x or y values: a list, or (Plotly 6) numpy's bytes in base64 with their dtype."""
    v = trace.get(axis)
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v) if v is not None else []


def test_values_reads_both_encodings():
    assert values({"x": [1.5, 2.5]}, "x") == [1.5, 2.5]
    raw = np.array([3.0, 4.0, 5.0])
    assert values({"x": {"dtype": "f8", "bdata": base64.b64encode(raw.tobytes()).decode()}}, "x") == [3.0, 4.0, 5.0]
    assert values({}, "y") == []


def test_no_cell_fails(executed):
    for cell in code_cells(executed):
        assert not [o for o in cell.outputs if o.get("output_type") == "error"], cell.source


def test_every_chart_has_data(executed):
    charts = [c for c in code_cells(executed) if ".show()" in c.source]
    assert len(charts) == 5
    for cell in charts:
        figs = figures(cell)
        assert figs, f"no figure from: {cell.source[:60]}"
        for fig in figs:
            traces = fig["data"]
            assert traces and any(values(t, "x") or values(t, "y") for t in traces)


def test_the_scatter_shows_the_librarys_labels(executed, tmp_path):
    cell = next(c for c in code_cells(executed) if "px.scatter" in c.source)
    fig = figures(cell)[0]
    points = {t["name"]: len(values(t, "x")) for t in fig["data"] if t["name"] != "centroids"}
    centroids = next(t for t in fig["data"] if t["name"] == "centroids")
    # the same sample and steps, independently, through the package
    export = tmp_path / "export.csv"
    fitintel.sample(export, rows=3000, seed=42)
    with fitintel.open(tmp_path / "s.db") as store:
        store.ingest(export)
        store.eras.add("2018-06-01", "Choco arrives")
        model = store.train()
        counts = store.workouts()["label"].astype(str).value_counts()
    assert points == {l: int(n) for l, n in counts.items() if l != "outlier"}
    assert centroids["marker"]["symbol"] == "star" and len(values(centroids, "x")) == model.k
    assert sorted(values(centroids, "x")) == sorted(c["centroid"][0] for c in model.clusters)


def test_the_briefing_is_rendered(executed):
    cell = next(c for c in code_cells(executed) if "store.brief(" in c.source)
    result = next(o for o in cell.outputs if o.get("output_type") == "execute_result")
    assert result["data"]["text/markdown"].startswith("# Briefing: ")
