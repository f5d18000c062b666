"""History: filters (dates, label, activity type, row limit), then the filtered workouts."""
import streamlit as st

from fitintel import views

import common
import render

store = common.store()
with st.sidebar:
    first = st.date_input("From", value=None, key="history_from")
    last = st.date_input("To", value=None, key="history_to")
    label = st.selectbox("Label", (common.ALL,) + tuple(views.LABEL_ORDER), key="history_label",
                         format_func=lambda l: views.LABEL_NAMES.get(l, l))
    kind = st.selectbox("Activity type", [common.ALL] + common.activity_types(store),
                        key="history_type")
    limit = st.number_input("Rows shown", min_value=10, max_value=10_000, value=500, step=10,
                            key="history_limit")
render.view(common.view("history", from_=first, to=last, label=common.choice(label),
                        type=common.choice(kind), limit=int(limit)))
