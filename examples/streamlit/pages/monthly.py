"""Monthly dashboard and calendar: a month picker, then the month's view."""
import streamlit as st

import common
import render

store = common.store()
months = common.months(store)
if not months:
    st.title("Monthly dashboard")
    st.info("The store has no workouts yet.")
    st.stop()
month = st.sidebar.selectbox("Month", months, index=0, key="monthly_month")
render.view(common.view("monthly", month=month))
