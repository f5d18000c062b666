"""SQL explorer: a statement, Run, the result with downloads, the history and the saved queries
(both kept in the store). The buttons act in callbacks, before the page is drawn, so what the
page shows afterwards (history, saved list) already includes their effect."""
import streamlit as st

import fitintel
from fitintel import views

import common
import render

store = common.store()


def _flash(kind: str, text: str) -> None:
    st.session_state["sql_flash"] = (kind, text)


def _run() -> None:
    # The view runs the query through Store.sql (read-only, limits, kept in the history); the
    # result is kept so that later reruns (a download, another widget) still show it.
    st.session_state["sql_view"] = views.sql_explorer(
        store, query=st.session_state.get("sql_text", ""),
        max_rows=int(st.session_state.get("sql_max_rows", 1000)),
        timeout_s=float(st.session_state.get("sql_timeout", 5.0)))


def _save() -> None:
    name = (st.session_state.get("sql_save_name") or "").strip()
    if not name:
        return _flash("error", "Give the query a name first.")
    try:
        store.saved_queries.save(name, st.session_state.get("sql_text", ""),
                                 st.session_state.get("sql_save_description") or None,
                                 replace=bool(st.session_state.get("sql_save_replace")))
    except fitintel.Error as e:
        return _flash("error", f"Not saved: {e}")
    _flash("success", f"Saved as “{name}”.")


def _load(sql: str) -> None:
    st.session_state["sql_text"] = sql      # before the text area is drawn: allowed


def _delete(name: str) -> None:
    try:
        store.saved_queries.delete(name)
    except fitintel.Error as e:
        return _flash("error", f"Not deleted: {e}")
    _flash("success", f"Deleted “{name}”.")


saved = store.saved_queries.list()
with st.sidebar:
    st.subheader("Saved queries")
    if saved:
        pick = st.selectbox("Saved query", [q["name"] for q in saved], key="sql_saved_pick")
        chosen = next(q for q in saved if q["name"] == pick)
        load_col, delete_col = st.columns(2)
        with load_col:
            st.button("Load", key="sql_load", on_click=_load, args=(chosen["sql"],))
        with delete_col:
            st.button("Delete", key="sql_delete", on_click=_delete, args=(pick,))
    else:
        st.caption("No saved queries yet.")
    with st.expander("Limits"):
        st.number_input("Row limit", min_value=1, max_value=100_000, value=1000, step=100,
                        key="sql_max_rows")
        st.number_input("Time limit (s)", min_value=0.1, max_value=60.0, value=5.0, step=0.5,
                        key="sql_timeout")

st.title("SQL explorer")
st.text_area("SQL: one read-only statement", key="sql_text", height=160)
st.button("Run", type="primary", key="sql_run", on_click=_run)
with st.expander("Save this query"):
    st.text_input("Name", key="sql_save_name")
    st.text_input("Description (optional)", key="sql_save_description")
    st.checkbox("Replace a saved query of that name", key="sql_save_replace")
    st.button("Save query", key="sql_save", on_click=_save)
flash = st.session_state.pop("sql_flash", None)
if flash:
    getattr(st, flash[0])(flash[1])

page = views.sql_explorer(store, query=None)        # history and saved list, fresh
kept = st.session_state.get("sql_view")
sections = list(page.sections)
if kept is not None:   # the last run's result (or refusal) in place of the "write a query" hint
    sections = [s for s in kept.sections if s.key in ("result", "error")] + \
               [s for s in sections if s.key not in ("result", "error")]
for s in sections:
    render.section(page.key, s)
