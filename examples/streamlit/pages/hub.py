"""Intelligence hub: the period selector, then the hub view of that period."""
import streamlit as st

import common
import render

store = common.store()
days = st.sidebar.radio("Period", (7, 30, 90, 365), index=1, key="hub_days",
                        format_func=lambda d: f"Last {d} days")
render.view(common.view("hub", days=days))
