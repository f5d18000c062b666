"""Draw a :class:`fitintel.views.View` in Streamlit, section by section, whatever the view.

Cards become a row of ``st.metric``, figures ``st.plotly_chart``, tables ``st.dataframe`` with CSV
and JSON downloads, Markdown ``st.markdown``; a section's note is a caption under it. Nothing is
computed here: the numbers are the view's, which are the library's. Every chart, table and
download gets a key made of the view and section keys, so two sections that happen to look alike
never collide (Streamlit refuses identical elements without keys).
"""
from __future__ import annotations

from typing import Any, Sequence

import streamlit as st

CARDS_PER_ROW = 4


def view(v: Any, *, title: bool = True) -> None:
    """Draw every section of view @v in order (under its title when @title)."""
    if title:
        st.title(v.title)
    for s in v.sections:
        section(v.key, s)


def section(view_key: str, s: Any) -> None:
    """Draw one section by its kind."""
    st.subheader(s.title)
    if s.kind == "cards":
        cards(s.cards)
    elif s.kind == "figure":
        # the container's width is the default from 1.44 on (use_container_width is deprecated)
        st.plotly_chart(s.figure, key=f"{view_key}-{s.key}-chart")
    elif s.kind == "table":
        table(s.table, f"{view_key}-{s.key}")
    elif s.kind == "markdown":
        st.markdown(s.markdown)       # HTML stays text: unsafe_allow_html is left off
    if s.note:
        st.caption(s.note)


def cards(items: Sequence[Any]) -> None:
    """Cards as metrics, at most CARDS_PER_ROW side by side."""
    for start in range(0, len(items), CARDS_PER_ROW):
        row = items[start:start + CARDS_PER_ROW]
        for col, card in zip(st.columns(len(row)), row):
            with col:
                st.metric(card.title, card.value, delta=card.delta, help=card.help)


def table(df: Any, name: str) -> None:
    """A table with its CSV and JSON downloads (the rows shown, as shown)."""
    st.dataframe(df, hide_index=True, key=f"{name}-table")
    csv_col, json_col = st.columns(2)
    with csv_col:
        st.download_button("Download CSV", df.to_csv(index=False), file_name=f"{name}.csv",
                           mime="text/csv", key=f"{name}-csv")
    with json_col:
        st.download_button("Download JSON",
                           df.to_json(orient="records", date_format="iso", indent=1),
                           file_name=f"{name}.json", mime="application/json", key=f"{name}-json")
