"""Trends: period, metric, label and activity-type selectors, then the trends view."""
import streamlit as st

from fitintel import views

import common
import render

METRICS = ("distance", "duration", "calories", "pace", "steps", "count")

store = common.store()
with st.sidebar:
    # months first: 14 years are ~170 of them against ~730 weeks, a chart one can read (weeks
    # are a click away) and a page switch ~0.2 s lighter (bench/streamlit.py)
    per = st.selectbox("Per", ("month", "week"), key="trends_per")
    metric = st.selectbox("Metric", METRICS, key="trends_metric")
    label = st.selectbox("Label", (common.ALL,) + tuple(views.LABEL_ORDER), key="trends_label",
                         format_func=lambda l: views.LABEL_NAMES.get(l, l))
    kind = st.selectbox("Activity type", [common.ALL] + common.activity_types(store),
                        key="trends_type")
    horizon = st.slider("Forecast horizon (periods)", min_value=1, max_value=26, value=8,
                        key="trends_horizon")
render.view(common.view("trends", per=per, metric=metric, label=common.choice(label),
                        type=common.choice(kind), horizon=horizon))
