"""SQL explorer (SPEC §8.5, §9): one read-only query against the store, its history and the saved
queries. The library runs the query (read-only connection, authorizer, time and row limits) and
keeps the history; a refused or failed query is shown as its message, never raised."""
from __future__ import annotations

from typing import Any, Dict, Optional

from . import _format as fmt
from ._base import Section, View

__all__ = ["sql_explorer"]

_HISTORY_COLUMNS = ["id", "started_at", "sql", "duration_ms", "rows", "truncated", "error"]
_SAVED_COLUMNS = ["name", "description", "sql", "created_at", "updated_at"]
_EXAMPLE = ("SELECT workout_date, distance_mi, label\n"
            "      FROM workouts\n"
            "      ORDER BY workout_date DESC LIMIT 20")


def sql_explorer(store: Any, query: Optional[str] = None, max_rows: int = 1000,
                 timeout_s: float = 5.0, history_limit: int = 100) -> View:
    """The SQL explorer page.

    Args:
        store: an open :class:`fitintel.Store`.
        query: the statement to run (kept in the store's query history); None runs nothing.
        max_rows: row limit; the note says when it cut the result short.
        timeout_s: time limit of the query.
        history_limit: how many history entries to list (newest first).
    """
    import pandas as pd
    from ..errors import Error

    data: Dict[str, Any] = {"query": query, "columns": [], "rows": 0, "truncated": False,
                            "error": None, "elapsed_ms": None, "max_rows": int(max_rows),
                            "timeout_s": float(timeout_s)}
    sections = []
    if query is None or not query.strip():
        sections.append(Section(
            "result", "Result", "markdown",
            markdown=("Write one read-only statement (SELECT or WITH …). Writes, ATTACH, PRAGMA "
                      "changes and extensions are refused. For example:\n\n"
                      f"    {_EXAMPLE}\n"),
            note=f"Limits: {int(max_rows):,} rows, {float(timeout_s):g} s."))
    else:
        try:
            df = store.sql(query, max_rows=int(max_rows), timeout_s=float(timeout_s))
        except Error as e:
            data["error"] = str(e)
            sections.append(Section("error", "The query did not run", "markdown",
                                    markdown=f"**{type(e).__name__}:** {fmt.md_text(e)}",
                                    note="Nothing was changed: the explorer only reads."))
        else:
            truncated = bool(df.attrs.get("truncated"))
            data.update(columns=[str(c) for c in df.columns], rows=int(len(df)),
                        truncated=truncated, elapsed_ms=df.attrs.get("elapsed_ms"),
                        types=dict(df.attrs.get("types") or {}))
            note = (f"{len(df):,} rows" + (f", cut at the limit of {int(max_rows):,} rows"
                                          if truncated else "") +
                    f" in {fmt.num(df.attrs.get('elapsed_ms'), 1)} ms.")
            sections.append(Section("result", "Result", "table", table=df, note=note))

    hist = store.query_history(limit=int(history_limit))
    hist_df = pd.DataFrame(hist, columns=_HISTORY_COLUMNS + ["status"])[_HISTORY_COLUMNS]
    sections.append(Section("history", "Query history", "table", table=hist_df,
                            note=f"The {len(hist_df):,} most recent queries, newest first."
                            if len(hist_df) else "No query has been run yet."))
    saved = store.saved_queries.list()
    saved_df = pd.DataFrame(saved, columns=_SAVED_COLUMNS)
    sections.append(Section("saved", "Saved queries", "table", table=saved_df,
                            note=None if len(saved_df) else "No saved queries yet."))
    data.update(history=len(hist_df), saved=len(saved_df))
    return View("sql", "SQL explorer", tuple(sections), data)
