"""The Streamlit app (examples/streamlit) and its login (fitintel.auth).

(a) Streamlit is not installed here, so the app and each of its pages run against
streamlit_recorder: a fake ``streamlit`` that accepts only Streamlit 1.40's documented functions and
keyword arguments (the list, with its sources, is streamlit_recorder.API) and records what each page
draws. The tests compare what the pages show with the library (through a second connection) and
with sqlite3 on the store file, press the buttons and check the store changed.
(b) Where ``import streamlit`` works, the real app runs under streamlit.testing.v1.AppTest.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import fitintel
from fitintel import auth, views

sys.path.insert(0, str(Path(__file__).resolve().parent))
import streamlit_recorder as sr  # noqa: E402
from streamlit_fixtures import *  # noqa: E402,F401,F403
from streamlit_fixtures import (APP, AUTH_KEY, ERA_DATE, PAGES, PASSWORD, apptest,  # noqa: E402
                                number, sql1)


# ---- a page under the recorder ----

def open_page(page, **widgets):
    """A session in development mode that has opened @page (with @widgets set)."""
    rec = sr.Recorder(APP)
    rec.run()
    run = rec.run(page=page, widgets=widgets or None)
    assert run.page is not None and run.page.url_path == page
    return rec, run


# ---- (a) the recorder itself: it must be able to fail ----

def write_app(tmp_path, main, pages=None):
    app = tmp_path / "app" / "app.py"
    (app.parent / "pages").mkdir(parents=True)
    app.write_text(textwrap.dedent(main))
    for name, text in (pages or {}).items():
        (app.parent / "pages" / name).write_text(textwrap.dedent(text))
    return app


NAV = """
    import streamlit as st
    st.navigation([st.Page("pages/p.py", title="P")]).run()
"""


@pytest.mark.parametrize("page_code, message", [
    ("import streamlit as st\nst.experimental_rerun()\n", "st.experimental_rerun is not"),
    ("import streamlit as st\nst.metric('a', 1, border=True)\n", "border"),
    ("import streamlit as st\nst.columns(2, border=True)\n", "border"),
    ("import streamlit as st\nst.plotly_chart(None, width='stretch')\n", "width"),
    ("import streamlit as st\nst.download_button('d', 'x', on_click='ignore')\n", "on_click"),
    ("import streamlit as st\nst.button('b', 'k', 'h', None, None, None, 'primary')\n", "positional"),
    ("import streamlit as st\nst.sidebar.navigation([])\n", "container"),
    ("import streamlit as st\nst.text_input('t', type='secret')\n", "type"),
])
def test_a_page_using_anything_undocumented_is_rejected(tmp_path, page_code, message):
    app = write_app(tmp_path, NAV, {"p.py": page_code})
    with pytest.raises(sr.APIError, match=message):
        sr.Recorder(app).run()


@pytest.mark.parametrize("code, message", [
    ("st.button('Go')\nst.button('Go')\n", "DuplicateWidgetID"),
    ("st.button('Go', key='k')\nst.checkbox('Other', key='k')\n", "DuplicateWidgetID"),
    ("st.title('x')\nst.set_page_config(layout='wide')\n", "first Streamlit command"),
    ("with st.form('f'):\n    st.text_input('a')\n", "no st.form_submit_button"),
    ("with st.form('f'):\n    st.button('b')\n    st.form_submit_button()\n", "can't be used"),
    ("st.form_submit_button('s')\n", "inside an st.form"),
    ("st.slider('s', min_value=0, max_value=1.0)\n", "mixed"),
    ("st.selectbox('s', [1, 2], index=5)\n", "out of range"),
    ("a = st.text_input('a', key='a')\nst.session_state['a'] = 'b'\n", "cannot be modified"),
    ("with st.expander('a'):\n    with st.expander('b'):\n        pass\n", "nested"),
    ("import plotly.graph_objects as go\nst.plotly_chart(go.Figure())\n"
     "st.plotly_chart(go.Figure())\n", "same generated id"),
    ("st.navigation([st.Page('pages/missing.py')])\n", "no page file"),
])
def test_the_recorder_enforces_streamlits_run_time_rules(tmp_path, code, message):
    app = write_app(tmp_path, "import streamlit as st\n" + code)
    with pytest.raises(sr.APIError, match=message):
        sr.Recorder(app).run()


def test_the_recorder_fails_on_widgets_and_clicks_nobody_answers(tmp_path):
    app = write_app(tmp_path, "import streamlit as st\nst.button('Go')\n")
    rec = sr.Recorder(app)
    rec.run()
    with pytest.raises(sr.APIError, match="previous run did not show"):
        rec.run(clicks=["Stop"])
    with pytest.raises(sr.APIError, match="no widget of this run"):
        rec.run(widgets={"Name": "x"})


def test_the_recorder_runs_callbacks_before_the_script(tmp_path):
    app = write_app(tmp_path, """
        import streamlit as st
        st.session_state.setdefault("n", 0)
        st.text(f"n={st.session_state.n}")
        def bump():
            st.session_state.n += 1
        pressed = st.button("More", on_click=bump)
    """)
    rec = sr.Recorder(app)
    assert rec.run().texts("text") == ["n=0"]
    run = rec.run(clicks=["More"])
    assert run.texts("text") == ["n=1"] and run.one("button").value is True
    assert rec.run().one("button").value is False      # a press lasts one run


def test_every_listed_function_names_its_1_40_documentation():
    assert sr.TARGET_VERSION == "1.40.0"
    for name, (page, sig, kind) in sr.API.items():
        assert sr.doc_url(name).startswith("https://docs.streamlit.io/1.40.0/develop/api-reference/")
        assert kind in ("element", "widget", "container", "app")
    for name in sr.ATTRIBUTES:
        assert "1.40.0" in sr.doc_url(name)
    assert "st.navigation(pages, *, position='sidebar', expanded=False)  # " \
           "https://docs.streamlit.io/1.40.0/develop/api-reference/navigation/st.navigation" \
        in sr.api_table().splitlines()


# ---- the app: store and login ----

def test_without_fitintel_db_the_app_says_what_to_set(env):
    env.delenv("FITINTEL_DB")
    run = sr.Recorder(APP).run()
    assert run.stopped and not run.pages
    assert "FITINTEL_DB" in run.one("error")["body"]


def test_a_missing_store_file_is_refused_not_created(env, tmp_path):
    missing = tmp_path / "nowhere.db"
    env.setenv("FITINTEL_DB", str(missing))
    run = sr.Recorder(APP).run()
    assert run.stopped and "There is no store" in run.one("error")["body"]
    assert not missing.exists()


def login(rec, password):
    rec.run()
    return rec.run(widgets={"login_password": password}, clicks=["Log in"])


def test_no_hash_configured_refuses_every_password_and_says_how_to_set_one(env):
    rec = sr.Recorder(APP)
    first = rec.run()
    assert first.page_titles == ["Log in"]
    assert auth.SETUP_HINT in first.texts("error")
    run = login(rec, "anything")
    assert run.page_titles == ["Log in"] and not rec.session_state.get(AUTH_KEY)
    assert any("python3 -m fitintel.auth" in t for t in run.texts("error"))
    assert not run.find("metric")


def test_a_wrong_password_is_refused(env, password_hash):
    env.setenv("FITINTEL_PASSWORD_HASH", password_hash)
    rec = sr.Recorder(APP)
    run = login(rec, "wrong " + PASSWORD)
    assert "Wrong password." in run.texts("error")
    assert run.page_titles == ["Log in"] and not rec.session_state.get(AUTH_KEY)
    assert rec.session_state["login_password"] == ""      # the form cleared the field


def test_the_right_password_opens_the_pages_and_logout_closes_them(env, password_hash):
    env.setenv("FITINTEL_PASSWORD_HASH", password_hash)
    rec = sr.Recorder(APP)
    run = login(rec, PASSWORD)
    assert run.reruns == 1 and rec.session_state[AUTH_KEY] is True
    assert run.page_titles == [t for _, t, _ in views.VIEWS] + ["Log out"]
    assert run.page.url_path == "hub" and run.one("title")["body"] == "Intelligence hub"
    out = rec.run(page="logout")
    assert out.page_titles == ["Log in"] and rec.session_state[AUTH_KEY] is False
    assert rec.run(page="sql").page.url_path == "login"      # no way round the login


def test_the_hash_may_come_from_the_auth_file(env, tmp_path, password_hash):
    conf = tmp_path / "auth.conf"
    conf.write_text(f"# fitintel dashboards\npassword_hash = {password_hash}\n")
    env.setenv("FITINTEL_AUTH_FILE", str(conf))
    rec = sr.Recorder(APP)
    assert login(rec, PASSWORD).page.url_path == "hub"


@pytest.mark.parametrize("value, bypass", [("true", True), ("TRUE", False), ("1", False),
                                           ("yes", False), ("", False)])
def test_only_dev_mode_true_bypasses_the_login(env, value, bypass):
    env.setenv("FITINTEL_DEV_MODE", value)
    run = sr.Recorder(APP).run()
    if bypass:
        assert run.page.url_path == "hub" and "Log out" not in run.page_titles
        assert any("Development mode" in t for t in run.texts("warning"))
    else:
        assert run.page_titles == ["Log in"]


def test_the_pages_store_needs_a_login_too(env, tmp_path):
    # second lock: a page asking for the store in a session that has not logged in is stopped
    app = write_app(tmp_path, f"""
        import sys
        sys.path.insert(0, {str(APP.parent)!r})
        import common
        common.store()
        import streamlit as st
        st.text("past the lock")
    """)
    run = sr.Recorder(app).run()
    assert run.stopped and run.texts("error") == ["Log in first."] and not run.find("text")


# ---- the app: every page ----

def rendered_titles(run, view):
    """The section titles the page drew, in order, for the sections of @view."""
    return [c["body"] for c in run.find("subheader", where="main")][-len(view.sections):]


def check_sections(run, view):
    """The page drew every section of @view: its title, each figure with data, each table with
    its CSV and JSON downloads holding exactly that table."""
    assert rendered_titles(run, view) == [s.title for s in view.sections]
    downloads = run.downloads()
    for s in view.sections:
        if s.kind == "figure":
            call = run.one("plotly_chart", key=f"{view.key}-{s.key}-chart")
            assert call["figure_or_data"].to_json() == s.figure.to_json()
        elif s.kind == "table":
            shown = run.one("dataframe", key=f"{view.key}-{s.key}-table")["data"]
            pd.testing.assert_frame_equal(shown, s.table)
            csv = downloads[f"{view.key}-{s.key}.csv"]
            assert csv == s.table.to_csv(index=False)
            back = json.loads(downloads[f"{view.key}-{s.key}.json"])
            assert len(back) == len(s.table)
            assert not len(s.table) or list(back[0]) == [str(c) for c in s.table.columns]
        elif s.kind == "cards":
            for card in s.cards:
                assert run.find("metric", label=card.title, value=card.value, delta=card.delta,
                                help=card.help), card
        elif s.kind == "markdown":
            assert s.markdown in run.texts("markdown")
        if s.note:
            assert s.note in run.texts("caption")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_its_view(dev, page):
    rec, run = open_page(page)
    assert run.page.title == dict((k, t) for k, t, _ in views.VIEWS)[page]
    assert not run.texts("error")
    assert run.find("dataframe") and run.downloads()
    for fig in run.figures():
        traces = fig.to_dict()["data"]
        assert any(t.get(k) is not None and len(t[k]) for t in traces
                   for k in ("x", "y", "z", "values")) or any("value" in t for t in traces), \
            fig.layout.title.text


def test_hub_shows_the_librarys_period_and_consistency(dev, store):
    rec, run = open_page("hub")
    radio = run.one("radio", key="hub_days")
    assert list(radio["options"]) == [7, 30, 90, 365] and radio.value == 30
    for days in (30, 90):
        run = rec.run(widgets={"hub_days": days})
        brief = store.brief(days)
        cons = store.consistency(days=brief.days, at=brief.to)
        fig = run.one("plotly_chart", key="hub-consistency-chart")["figure_or_data"]
        bars = dict(zip(fig.data[0].x, fig.data[0].y))
        assert bars["Score"] == pytest.approx(cons.score)
        assert f"Briefing: {brief.from_} to {brief.to}" in run.texts("subheader")
        check_sections(run, views.hub(store, days=days))


def test_choco_before_and_after_counts_are_the_librarys(dev, db, store):
    rec, run = open_page("choco")
    metrics = run.metrics()
    change = store.compare_eras().changes[0]
    # independently: the workouts on either side of the era's first day
    (before,), = sql1(db, "SELECT count(*) FROM workouts WHERE workout_date < ?", ERA_DATE)
    (after,), = sql1(db, "SELECT count(*) FROM workouts WHERE workout_date >= ?", ERA_DATE)
    assert number(metrics["Workouts before"]) == before == change.before["workouts"]
    assert number(metrics["Workouts after"]) == after == change.after["workouts"]
    check_sections(run, views.choco(store))


def test_monthly_picker_offers_the_months_with_data_and_shows_the_chosen_one(dev, db, store):
    rec, run = open_page("monthly")
    months = [m for (m,) in sql1(db, "SELECT DISTINCT substr(workout_date, 1, 7) FROM workouts "
                                     "ORDER BY 1 DESC")]
    picker = run.one("selectbox", key="monthly_month")
    assert list(picker["options"]) == months and picker.value == months[0]
    chosen = months[40]
    run = rec.run(widgets={"monthly_month": chosen})
    view = views.monthly(store, month=chosen)
    assert view.data["month"] == chosen
    (n,), = sql1(db, "SELECT count(*) FROM workouts WHERE substr(workout_date, 1, 7) = ?", chosen)
    assert view.data["workouts"] == n
    check_sections(run, view)


def test_trends_pass_every_selector_to_the_view(dev, db, store):
    rec, run = open_page("trends")
    types = [t for (t,) in sql1(db, "SELECT DISTINCT activity_type FROM workouts ORDER BY 1")]
    assert list(run.one("selectbox", key="trends_type")["options"]) == ["All"] + types
    assert list(run.one("selectbox", key="trends_label")["options"]) == \
        ["All"] + list(views.LABEL_ORDER)
    check_sections(run, views.trends(store, per="month"))
    run = rec.run(widgets={"trends_per": "week", "trends_metric": "pace",
                           "trends_label": "real_run", "trends_horizon": 4})
    check_sections(run, views.trends(store, per="week", metric="pace", label="real_run",
                                     horizon=4))
    run = rec.run(widgets={"trends_label": "All", "trends_type": "Walk"})
    check_sections(run, views.trends(store, per="week", metric="pace", type="Walk", horizon=4))


QUERY = "SELECT activity_type, count(*) AS n FROM workouts GROUP BY 1 ORDER BY 1"


def test_sql_page_runs_the_query_keeps_history_and_offers_downloads(dev, db, store):
    rec, run = open_page("sql")
    assert run.one("button", key="sql_run")
    before = len(store.query_history())
    run = rec.run(widgets={"sql_text": QUERY}, clicks=["sql_run"])
    expected = store.sql(QUERY, history=False)
    shown = run.one("dataframe", key="sql-result-table")["data"]
    pd.testing.assert_frame_equal(shown, expected)
    rows = sql1(db, QUERY)
    assert [tuple(r) for r in shown.itertuples(index=False)] == rows
    assert run.downloads()["sql-result.csv"] == expected.to_csv(index=False)
    history = store.query_history()
    assert len(history) == before + 1 and history[0]["sql"] == QUERY
    assert run.one("dataframe", key="sql-history-table")["data"]["sql"].iloc[0] == QUERY
    # a later rerun (a download, another widget) still shows the result without running it again
    again = rec.run()
    pd.testing.assert_frame_equal(again.one("dataframe", key="sql-result-table")["data"], expected)
    assert len(store.query_history()) == before + 1


def test_sql_page_refuses_writes_and_shows_why(dev, db):
    (count,), = sql1(db, "SELECT count(*) FROM workouts")
    rec, run = open_page("sql")
    run = rec.run(widgets={"sql_text": "DELETE FROM workouts"}, clicks=["sql_run"])
    assert "The query did not run" in run.texts("subheader")
    assert not run.find("dataframe", key="sql-result-table")
    assert sql1(db, "SELECT count(*) FROM workouts") == [(count,)]


def test_sql_page_saves_loads_and_deletes_queries(dev, store):
    rec, run = open_page("sql")
    run = rec.run(widgets={"sql_text": QUERY, "sql_save_name": "per type",
                           "sql_save_description": "<b>counts</b>"}, clicks=["sql_save"])
    assert store.saved_queries.list()[0]["sql"] == QUERY
    assert any("per type" in t for t in run.texts("success"))
    saved = run.one("dataframe", key="sql-saved-table")["data"]
    assert list(saved["name"]) == ["per type"]
    # load it into a fresh text area, then delete it
    rec.run(widgets={"sql_text": "SELECT 1"})
    run = rec.run(clicks=["sql_load"])
    assert run.one("text_area", key="sql_text").value == QUERY
    run = rec.run(clicks=["sql_delete"])
    assert not store.saved_queries.list() and not len(
        run.one("dataframe", key="sql-saved-table")["data"])


def test_models_page_retrains_and_activates(dev, store):
    old = store.model().id
    n = len(store.models())
    rec, run = open_page("models")
    run = rec.run(clicks=["models_retrain"])
    models = store.models()
    assert len(models) == n + 1 and store.model().id not in (old,) and store.model().id > old
    assert any(f"Model #{store.model().id}" in t for t in run.texts("success"))
    pick = run.one("selectbox", key="models_pick")
    assert old in pick["options"]
    run = rec.run(widgets={"models_pick": old}, clicks=["models_activate"])
    assert store.model().id == old
    assert any(f"Model #{old} is active" in t for t in run.texts("success"))
    assert old not in run.one("selectbox", key="models_pick")["options"]   # drawn after it acted
    hist = run.one("dataframe", key="models-models-table")["data"]
    assert hist.loc[hist["id"] == old, "status"].item() == "active"


def test_models_page_records_a_correction(dev, db, store):
    (wid, label), = sql1(db, "SELECT workout_id, label FROM classifications "
                             "WHERE label = 'pup_walk' ORDER BY workout_id LIMIT 1")
    rec, run = open_page("models")
    run = rec.run(widgets={"models_workout": wid, "models_label": "real_run",
                           "models_note": "actually ran"}, clicks=["Record correction"])
    c = store.corrections()[0]
    assert (c.workout_id, c.old_label, c.new_label, c.note) == (wid, label, "real_run",
                                                               "actually ran")
    assert sql1(db, "SELECT label, method FROM classifications WHERE workout_id = ?", wid) == \
        [("real_run", "user")]
    table = run.one("dataframe", key="models-corrections-table")["data"]
    assert table["workout_id"].iloc[0] == wid
    assert rec.session_state["models_note"] == ""          # the form cleared itself
    # a correction of an unknown workout is refused with the library's message
    (absent,), = sql1(db, "SELECT max(id) + 1 FROM workouts")
    run = rec.run(widgets={"models_workout": absent}, clicks=["Record correction"])
    assert any(t.startswith("Not recorded:") for t in run.texts("error"))


def test_models_page_tests_a_hypothetical_workout(dev, store):
    rec, run = open_page("models", models_pace=8.5, models_distance=6.2, models_duration=53)
    e = store.explain_workout(distance=6.2, duration=53 * 60.0, pace=8.5)
    metrics = run.metrics()
    assert metrics["Label"] == views.LABEL_NAMES[e.label]
    assert metrics["Confidence"] == views.models(store, hypothetical=dict(
        pace=8.5, distance=6.2, duration=53 * 60.0)).section("hypothetical").cards[2].value
    assert [c["label"] for c in run.find("slider")] == ["Pace (min/mi)", "Distance (mi)",
                                                       "Duration (min)"]
    run = rec.run(widgets={"models_pace": 19.0, "models_distance": 1.5, "models_duration": 30})
    e = store.explain_workout(distance=1.5, duration=1800.0, pace=19.0)
    assert run.metrics()["Label"] == views.LABEL_NAMES[e.label]


def test_history_filters_reach_the_table(dev, db, store):
    import datetime as dt
    rec, run = open_page("history")
    (total,), = sql1(db, "SELECT count(*) FROM workouts")
    assert number(run.metrics()["Workouts"]) == total
    assert len(run.one("dataframe", key="history-workouts-table")["data"]) == 500
    run = rec.run(widgets={"history_from": dt.date(2019, 1, 1), "history_to": dt.date(2019, 12, 31),
                           "history_label": "pup_walk", "history_type": "Run",
                           "history_limit": 20})
    (n,), = sql1(db, "SELECT count(*) FROM workouts w JOIN classifications c ON c.workout_id = w.id"
                     " WHERE workout_date BETWEEN '2019-01-01' AND '2019-12-31' AND "
                     "c.label = 'pup_walk' AND lower(activity_type) = 'run'")
    assert number(run.metrics()["Workouts"]) == n
    table = run.one("dataframe", key="history-workouts-table")["data"]
    assert len(table) == min(n, 20) and set(table["label"].astype(str)) <= {"pup_walk"}
    check_sections(run, views.history(store, from_="2019-01-01", to="2019-12-31",
                                      label="pup_walk", type="Run", limit=20))


# ---- (b) the real Streamlit, where it is installed ----

def test_the_real_app_runs_every_page_under_apptest(dev, password_hash):
    at = apptest(dev)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Intelligence hub"
    for page in PAGES:
        at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])
        assert at.title[0].value == dict((k, t) for k, t, _ in views.VIEWS)[page]


def counted(monkeypatch, view_name):
    """The arguments of every call of fitintel.views.<view_name> from now on (the view still
    runs), with Streamlit's resource cache emptied of earlier tests' entries."""
    import streamlit
    from fitintel import views as views_module
    streamlit.cache_resource.clear()
    calls = []
    real = getattr(views_module, view_name)
    monkeypatch.setattr(views_module, view_name,
                        lambda *a, **k: calls.append(k) or real(*a, **k))
    return calls


def visit(at, pages):
    """Switch @at to each of @pages in turn, a run each, none raising."""
    for page in pages:
        at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception, (page, at.exception)


def test_views_are_computed_once_per_data_version(dev, db, monkeypatch):
    calls = counted(monkeypatch, "choco")
    at = apptest(dev)
    at.run()
    visit(at, ("choco", "hub", "choco", "hub", "choco"))
    assert len(calls) == 1, "switching pages computed the Choco view again although nothing changed"
    # another program commits to the store: the next run shows the new data
    with fitintel.open(db) as other:
        other.eras.add("2024-01-01", "A new era from elsewhere")
    at.run()
    assert len(calls) == 2
    assert any("A new era from elsewhere" in str(getattr(e, "value", "")) for e in at.get("markdown")) or \
        any("A new era from elsewhere" in str(df.value.to_string()) for df in at.dataframe), \
        "the new era is not on the page"


def test_the_models_view_is_computed_once_per_data_version_and_workout(dev, db, monkeypatch):
    calls = counted(monkeypatch, "models")
    at = apptest(dev)
    at.run()
    visit(at, ("models", "hub", "models", "hub", "models"))
    # a dict reaches the view (not the tuple the cache keys it by), once for three visits
    assert [k["hypothetical"] for k in calls] == [dict(pace=10.0, distance=3.0,
                                                      duration=30 * 60.0)], calls
    at.slider(key="models_pace").set_value(8.5)
    at.run()
    at.slider(key="models_pace").set_value(10.0)      # back to the first workout: cached
    at.run()
    assert [k["hypothetical"]["pace"] for k in calls] == [10.0, 8.5]
    (wid,), = sql1(db, "SELECT id FROM workouts ORDER BY id LIMIT 1")
    at.number_input(key="models_workout").set_value(wid)
    at.selectbox(key="models_label").set_value("mixed")
    at.button(key="FormSubmitter:models_correction-Record correction").click()
    at.run()
    assert not at.exception, at.exception
    assert len(calls) == 3, "a correction (a new data version) must recompute the view"
    table = next(df.value for df in at.dataframe if "new_label" in df.value.columns)
    assert list(table.loc[0, ["workout_id", "new_label"]]) == [wid, "mixed"]


def test_the_real_app_logs_in(env, password_hash):
    env.setenv("FITINTEL_PASSWORD_HASH", password_hash)
    at = apptest(env)
    at.run()
    at.text_input(key="login_password").input("wrong")
    at.button[0].click()
    at.run()
    assert [e.value for e in at.error] == ["Wrong password."]
    assert AUTH_KEY not in at.session_state or not at.session_state[AUTH_KEY]
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click()
    at.run()
    assert at.session_state[AUTH_KEY] is True and not at.exception
    assert at.title[0].value == "Intelligence hub"


# ---- fitintel.auth ----

def parts(stored):
    name, n, r, p, salt, digest = stored.split("$")
    return name, int(n), int(r), int(p), base64.b64decode(salt), base64.b64decode(digest)


def test_a_hash_is_scrypt_of_the_password_with_a_random_salt():
    h = auth.hash_password("s3cret")
    name, n, r, p, salt, digest = parts(h)
    assert (name, n, r, p, len(salt), len(digest)) == ("scrypt", 2 ** 15, 8, 1, 16, 32)
    # independently: hashlib.scrypt over the same salt and parameters
    assert digest == hashlib.scrypt(b"s3cret", salt=salt, n=n, r=r, p=p, dklen=32,
                                    maxmem=64 << 20)
    assert auth.hash_password("s3cret") != h               # a new salt each time
    assert auth.verify_password("s3cret", h)
    assert not auth.verify_password("s3cret ", h)
    assert not auth.verify_password("S3cret", h)
    assert not auth.verify_password("", h)
    with pytest.raises(ValueError):
        auth.hash_password("")


def test_a_hash_made_elsewhere_verifies():
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt("pässword".encode(), salt=salt, n=2 ** 12, r=8, p=2, dklen=40)
    stored = f"scrypt${2 ** 12}$8$2${base64.b64encode(salt).decode()}$" \
             f"{base64.b64encode(digest).decode()}"
    assert auth.verify_password("pässword", stored)
    assert not auth.verify_password("password", stored)


GOOD = auth.hash_password("pw", n=2 ** 10)


@pytest.mark.parametrize("stored", [
    None, "", "garbage", GOOD.replace("scrypt$", "bcrypt$"), GOOD + "$extra",
    GOOD.rsplit("$", 1)[0] + "$not*base64", GOOD.replace("$1024$", "$1000$"),
    GOOD.replace("$1024$", "$0$"), GOOD.replace("$1024$", "$x$"),
    GOOD.replace("$1024$", f"${2 ** 24}$"),        # would need 2 GiB: refused, not attempted
    GOOD.replace("$8$1$", "$8$99$"), GOOD.rsplit("$", 1)[0] + "$" + base64.b64encode(b"s").decode(),
    b"scrypt$1024$8$1$AAAA$AAAA",
])
def test_a_malformed_stored_hash_never_verifies_nor_raises(stored):
    assert auth.verify_password("pw", stored) is False
    assert auth.verify_password("pw", GOOD)


def test_the_digests_are_compared_in_constant_time(monkeypatch):
    seen = []

    def spy(a, b):
        seen.append((a, b))
        return False

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.verify_password("pw", GOOD) is False       # the answer is compare_digest's
    (a, b), = seen
    assert isinstance(a, bytes) and b == parts(GOOD)[5] and len(a) == len(b)


def test_configured_hash_prefers_the_environment_then_the_file(tmp_path):
    conf = tmp_path / "auth.conf"
    conf.write_text("# comment\n\n  password_hash =  scrypt$file  # trailing comment\n")
    env = {"FITINTEL_AUTH_FILE": str(conf)}
    assert auth.configured_hash(env) == "scrypt$file"
    assert auth.configured_hash({**env, "FITINTEL_PASSWORD_HASH": "scrypt$env"}) == "scrypt$env"
    assert auth.configured_hash({**env, "FITINTEL_PASSWORD_HASH": "  "}) == "scrypt$file"
    assert auth.configured_hash({"FITINTEL_AUTH_FILE": str(tmp_path / "none")}) is None
    conf.write_text("other = 1\n")
    assert auth.configured_hash(env) is None


def test_the_default_auth_file_is_under_home(tmp_path):
    home = tmp_path / "home"
    (home / ".config" / "fitintel").mkdir(parents=True)
    (home / ".config" / "fitintel" / "auth.conf").write_text(f"password_hash = {GOOD}\n")
    env = {"HOME": str(home)}
    assert auth.auth_file(env) == home / ".config" / "fitintel" / "auth.conf"
    assert auth.configured_hash(env) == GOOD
    assert auth.login("pw", env).ok and not auth.login("pW", env).ok


def test_dev_mode_is_exactly_true():
    assert auth.dev_mode({"FITINTEL_DEV_MODE": "true"})
    for value in ("True", "TRUE", "1", "yes", "on", " true", ""):
        assert not auth.dev_mode({"FITINTEL_DEV_MODE": value})
    assert not auth.dev_mode({})


def test_login_messages(tmp_path):
    none = {"FITINTEL_AUTH_FILE": str(tmp_path / "none"), "HOME": str(tmp_path)}
    r = auth.login("anything", none)
    assert not r.ok and r.message == auth.SETUP_HINT and "python3 -m fitintel.auth" in r.message
    assert auth.login("x", {**none, "FITINTEL_DEV_MODE": "true"}).ok
    bad = auth.login("pw", {**none, "FITINTEL_PASSWORD_HASH": "scrypt$1$2"})
    assert not bad.ok and "malformed" in bad.message
    good = {**none, "FITINTEL_PASSWORD_HASH": GOOD}
    assert auth.login("pw", good).ok and auth.login("nope", good).message == "Wrong password."


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_failed_logins_are_limited_per_session_and_per_process():
    clock = Clock()
    session, process = auth.Throttle(3, 60, clock), auth.Throttle(5, 60, clock)
    env = {"FITINTEL_PASSWORD_HASH": GOOD, "FITINTEL_AUTH_FILE": "/nonexistent"}
    attempt = lambda pw, who: auth.login(pw, env, session=who, session_throttle=session,
                                         process_throttle=process)
    assert [attempt("nope", "a").message for _ in range(3)] == ["Wrong password."] * 3
    refused = attempt("pw", "a")          # the right password, but the session is over its limit
    assert not refused.ok and refused.message == "Too many failed attempts; try again in 60 s."
    clock.now += 45
    assert attempt("pw", "a").message == "Too many failed attempts; try again in 15 s."
    assert attempt("pw", "b").ok           # another session is not held up by this one's limit
    clock.now += 15
    assert attempt("pw", "a").ok           # the window has passed
    # the process: 5 failures from sessions of their own stop a new session too
    clock.now += 60
    for who in "cdefg":
        assert attempt("nope", who).message == "Wrong password."
    assert attempt("pw", "h").message == "Too many failed attempts; try again in 60 s."
    clock.now += 60
    assert attempt("pw", "h").ok
    with pytest.raises(ValueError):
        auth.Throttle(0, 60)


def test_the_app_limits_failed_logins_of_a_session(env, password_hash, monkeypatch):
    monkeypatch.setattr(auth, "SESSION_THROTTLE", auth.Throttle(2, 60))
    monkeypatch.setattr(auth, "PROCESS_THROTTLE", auth.Throttle(100, 60))
    env.setenv("FITINTEL_PASSWORD_HASH", password_hash)
    at = apptest(env)
    at.run()
    for expected in ("Wrong password.", "Wrong password.", "Too many failed attempts"):
        at.text_input(key="login_password").input("wrong")
        at.button[0].click()
        at.run()
        assert at.error[-1].value.startswith(expected), [e.value for e in at.error]
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click()
    at.run()
    assert AUTH_KEY not in at.session_state or not at.session_state[AUTH_KEY]
    assert at.error[-1].value.startswith("Too many failed attempts")


def run_auth_module(text, tmp_path):
    env = dict(os.environ, HOME=str(tmp_path))
    # no terminal: getpass falls back to reading stdin (and warns on stderr)
    return subprocess.run([sys.executable, "-m", "fitintel.auth"], input=text, text=True,
                          capture_output=True, env=env, timeout=60, start_new_session=True)


def test_the_module_prints_a_hash_for_a_password(tmp_path):
    p = run_auth_module("hunter22\nhunter22\n", tmp_path)
    assert p.returncode == 0, p.stderr
    stored = p.stdout.strip()
    assert auth.verify_password("hunter22", stored) and "hunter22" not in p.stdout.replace(
        stored, "")
    assert "FITINTEL_PASSWORD_HASH" in p.stderr


@pytest.mark.parametrize("text", ["a\nb\n", "\n\n", ""])
def test_the_module_refuses_differing_or_empty_passwords(tmp_path, text):
    p = run_auth_module(text, tmp_path)
    assert p.returncode == 1 and not p.stdout
