"""Model management: retrain, activate an earlier model, record or remove a correction, test a
hypothetical workout with sliders — then the models view, which already shows the effect of the
action."""
import streamlit as st

import fitintel
from fitintel import views

import common
import render

store = common.store()
title = st.empty()      # the view's title goes here, above the hypothetical workout's sliders
CORRECTABLE = [l for l in views.LABEL_ORDER if l != "unknown"]   # "unknown" is no correction


def _say(kind: str, text: str) -> None:
    getattr(st.sidebar, kind)(text)


def _activate() -> None:
    chosen = st.session_state.get("models_pick")
    try:
        store.activate(chosen)
    except fitintel.Error as e:
        st.session_state["models_said"] = ("error", f"Not activated: {e}")
    else:
        st.session_state["models_said"] = ("success",
                                           f"Model #{chosen} is active; workouts reclassified.")


with st.sidebar:
    st.subheader("Classifier")
    if st.button("Retrain", type="primary", key="models_retrain",
                 help="classify.method (mixture or kmeans) on the clean workouts, made active, "
                      "everything reclassified"):
        try:
            m = store.train()
        except fitintel.Error as e:
            _say("error", f"Not trained: {e}")
        else:
            _say("success", f"Model #{m.id} trained and active (k={m.k}, {m.quality}).")

    archived = [m for m in store.models() if m.status != "active"]
    if archived:
        st.selectbox("Earlier model", [m.id for m in archived], key="models_pick",
                     format_func=lambda i: next(f"#{m.id} · {m.created_at} · {m.quality}"
                                                for m in archived if m.id == i))
        # a callback runs before the page is drawn again, so the list above already offers the
        # model it replaced, not the one just activated
        st.button("Activate", key="models_activate", on_click=_activate)
    said = st.session_state.pop("models_said", None)
    if said:
        _say(*said)

    st.subheader("Correct a label")
    with st.form("models_correction", clear_on_submit=True):
        workout = st.number_input("Workout id", min_value=1, step=1, value=1,
                                  key="models_workout")
        label = st.selectbox("Label", CORRECTABLE, key="models_label",
                             format_func=lambda l: views.LABEL_NAMES.get(l, l))
        note = st.text_input("Note (optional)", key="models_note")
        if st.form_submit_button("Record correction"):
            try:
                store.label(int(workout), label, note or None)
            except fitintel.Error as e:
                _say("error", f"Not recorded: {e}")
            else:
                _say("success", f"Workout {int(workout)} is now {label}.")
        if st.form_submit_button("Remove correction",
                                 help="The workout's label goes back to the classifier's"):
            try:
                store.unlabel(int(workout))
            except fitintel.Error as e:
                _say("error", f"Not removed: {e}")
            else:
                _say("success", f"Workout {int(workout)} is classified again: "
                                f"{store.explain(int(workout)).label}.")

with st.expander("Test a hypothetical workout", expanded=True):
    pace_col, distance_col, duration_col = st.columns(3)
    with pace_col:
        pace = st.slider("Pace (min/mi)", min_value=4.0, max_value=30.0, value=10.0, step=0.1,
                         key="models_pace")
    with distance_col:
        distance = st.slider("Distance (mi)", min_value=0.1, max_value=30.0, value=3.0,
                             step=0.1, key="models_distance")
    with duration_col:
        minutes = st.slider("Duration (min)", min_value=1, max_value=300, value=30, step=1,
                            key="models_duration")
    st.caption("The three are passed as set (they need not agree); the library classifies the "
               "workout as it would a stored one today.")

hypothetical = dict(pace=pace, distance=distance, duration=minutes * 60.0)
view = common.view("models", hypothetical=hypothetical)
title.title(view.title)
render.view(view, title=False)
