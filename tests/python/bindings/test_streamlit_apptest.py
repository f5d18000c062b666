"""The Streamlit app (examples/streamlit) under the real Streamlit, used as a person uses it.

streamlit.testing.v1.AppTest runs app.py and its pages in this process. Each test types, picks and
presses what a user would (the widgets by their keys), then checks what the page shows against the
library — ``fitintel.views`` built on a second connection to the store — and what the store holds
against sqlite3 on the file. test_python_streamlit.py runs the same app against a recorder of
Streamlit 1.40's documented API, for the rules the real Streamlit does not check; the two share
their fixtures (streamlit_fixtures.py).

The tests that only look share one store, which the app keeps open and whose views it caches from
test to test; the tests that write (login aside, every button of the models and SQL pages) get a
copy of their own.
"""
import base64
import datetime as dt
import json
import shutil

import numpy as np
import pandas as pd
import pytest
# Streamlit is in requirements.txt: without it this file fails to load rather than skipping.
from streamlit.testing.v1 import app_test, element_tree

import fitintel
from conftest import dump_data
from fitintel import auth, views
from streamlit_fixtures import *  # noqa: F401,F403
from streamlit_fixtures import (AUTH_KEY, ERA_DATE, PAGES, PASSWORD, app_environment, apptest,
                                number, sql1)

TITLES = {key: title for key, title, _ in views.VIEWS}
# What the models page's sliders start at, as views.models takes them.
SLIDERS = dict(pace=10.0, distance=3.0, duration=30 * 60.0)
QUERY = "SELECT activity_type, count(*) AS n FROM workouts GROUP BY 1 ORDER BY 1"


# ---- fixtures ----

@pytest.fixture(scope="module")
def shared_db(base_db, tmp_path_factory):
    """The store of the tests that only look; they must leave it as it was."""
    path = tmp_path_factory.mktemp("shared") / "fitintel.db"
    shutil.copy(base_db, path)
    before = dump_data(path)
    yield path
    assert dump_data(path) == before, "a test that only looks wrote to the shared store"


@pytest.fixture(scope="module")
def shared_store(shared_db):
    with fitintel.open(shared_db) as s:
        yield s


@pytest.fixture
def viewer(monkeypatch, tmp_path, shared_db):
    """Development mode on the shared store."""
    app_environment(monkeypatch, tmp_path, shared_db).setenv("FITINTEL_DEV_MODE", "true")
    return monkeypatch


@pytest.fixture
def download(monkeypatch):
    """download(button) -> (file name, text): what pressing a download button of the last run
    gives. AppTest keeps the files of each run in a MemoryMediaFileStorage of its own; this keeps
    a hold of them."""
    kept = []

    class Kept(app_test.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            kept.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Kept)

    def fetch(button):
        f = kept[-1].get_file(button.proto.url.rsplit("/", 1)[1])
        return f.filename, f.content.decode("utf-8")
    return fetch


# ---- driving the app ----

def ok(at):
    """@at's last run raised nothing and showed no error box."""
    assert not at.exception, [(e.value, e.stack_trace) for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def open_page(monkeypatch, page):
    """A new session that has opened @page (the default page, the hub, first)."""
    at = apptest(monkeypatch).run()
    ok(at)
    if page != "hub":
        at.switch_page(f"pages/{page}.py").run()
    return ok(at)


def open_url(at, url_path):
    """What typing the page's address does: ask for @url_path whether the navigation offers it or
    not (AppTest.switch_page only goes to file pages that it offers). A page's hash is that of its
    url_path (st.Page)."""
    try:
        from streamlit.util import calc_hash
    except ImportError:         # its name in older releases (1.48 among them)
        from streamlit.util import calc_md5 as calc_hash
    at._page_hash = calc_hash(url_path)
    return at.run()


def press(at, label):
    """Press the button labelled @label (a form's submit button has no key of ours) and run."""
    button, = [b for b in at.button if b.label == label]
    button.click()
    return at.run()


def log_in(at, password):
    at.text_input(key="login_password").input(password)
    return press(at, "Log in")


def assert_locked(at):
    """Nothing behind the login: no view, no session marked as logged in."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert not (AUTH_KEY in at.session_state and at.session_state[AUTH_KEY])


def assert_login_page(at):
    """The login page, and nothing behind it. (Under AppTest the form does not clear the field
    on submit: the browser does that.)"""
    assert_locked(at)
    assert [t.value for t in at.title] == ["fitintel"] and at.text_input(key="login_password")


def assert_stopped_at_the_door(at):
    """The address of a page, asked for without a login: the login page, or that page stopped
    by its own lock (common.store): which of the two depends on how this Streamlit serves a page
    file that the navigation does not offer."""
    assert_locked(at)
    if [e.value for e in at.error] == ["Log in first."]:
        assert not at.title and not at.subheader
    else:
        assert_login_page(at)


def leaves(node):
    """The elements under @node, in page order."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for i in sorted(children):
        yield from leaves(children[i])


def sections_shown(at):
    """[(title, [elements])]: each subheader of the main area and the elements under it."""
    shown = []
    for e in leaves(at.main):
        if e.type == "subheader":
            shown.append((e.value, []))
        elif shown:
            shown[-1][1].append(e)
    return shown


def section_shown(at, title):
    return dict(sections_shown(at))[title]


def of_type(elements, kind):
    return [e for e in elements if e.type == kind]


def tables(elements):
    """The st.dataframe elements (of type "arrow_data_frame" in older releases, 1.48 among them)."""
    return [e for e in elements if isinstance(e, element_tree.Dataframe)]


def points(values):
    """How many values a trace's x, y, z or values holds (Plotly 6 writes arrays as base64)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).size
    return len(values or ())


def has_data(figure):
    return any(points(trace.get(k)) for trace in figure["data"] for k in ("x", "y", "z", "values")) \
        or any(trace.get("value") is not None for trace in figure["data"])     # an indicator


def cards_shown(elements):
    return [(m.label, m.value, m.proto.delta, m.proto.help) for m in of_type(elements, "metric")]


def metrics(at):
    return {m.label: m.value for m in at.main.metric}


def check_view(at, view, download=None):
    """The page shows @view: its title, then each section's title and content in order — the
    figure as the view made it and with data, the table with its rows and its two downloads (and
    what they hold, given the @download fixture), the cards, the Markdown, the note under it."""
    ok(at)
    assert at.title[0].value == view.title
    shown = sections_shown(at)
    assert [title for title, _ in shown] == [s.title for s in view.sections]
    for (_, elements), s in zip(shown, view.sections):
        name = f"{view.key}-{s.key}"
        if s.kind == "figure":
            chart, = of_type(elements, "plotly_chart")
            assert chart.proto.id.endswith(f"-{name}-chart")
            figure, expected = json.loads(chart.proto.spec), json.loads(s.figure.to_json())
            assert figure["data"] == expected["data"] and figure["layout"] == expected["layout"]
            assert has_data(figure), s.title
        elif s.kind == "table":
            table, = tables(elements)
            pd.testing.assert_frame_equal(table.value, s.table)
            downloads = of_type(elements, "download_button")
            assert [(d.proto.label, d.proto.id.endswith(f"-{name}-{ext}"))
                    for d, ext in zip(downloads, ("csv", "json"))] == \
                [("Download CSV", True), ("Download JSON", True)]
            if download:
                assert download(downloads[0]) == (f"{name}.csv", s.table.to_csv(index=False))
                filename, text = download(downloads[1])
                assert filename == f"{name}.json" and len(json.loads(text)) == len(s.table)
        elif s.kind == "cards":
            assert cards_shown(elements) == [(c.title, c.value, c.delta or "", c.help or "")
                                             for c in s.cards]
        elif s.kind == "markdown":
            assert [m.value for m in of_type(elements, "markdown")] == [s.markdown.strip()]
        assert [c.value for c in of_type(elements, "caption")] == ([s.note] if s.note else [])


def models_view(store, **sliders):
    return views.models(store, hypothetical={**SLIDERS, **sliders})


def default_view(store, page, db):
    """The view a page shows before any widget is touched."""
    if page == "monthly":
        (newest,), = sql1(db, "SELECT max(substr(workout_date, 1, 7)) FROM workouts")
        return views.monthly(store, month=newest)
    if page == "models":
        return models_view(store)
    if page == "sql":
        return views.sql_explorer(store, query=None)
    if page == "history":
        return views.history(store, limit=500)
    if page == "trends":
        return views.trends(store, per="month")
    return getattr(views, page)(store)


# ---- login ----

def test_the_hash_in_the_environment_lets_the_password_in_and_logout_locks_again(
        env, password_hash):
    env.setenv("FITINTEL_PASSWORD_HASH", password_hash)
    at = apptest(env).run()
    assert_login_page(at)
    assert not at.error                   # a hash is configured: no setup hint
    # no page behind the login before it, in a session of its own
    assert_stopped_at_the_door(open_url(apptest(env).run(), "sql"))
    log_in(at, PASSWORD)
    ok(at)
    assert at.session_state[AUTH_KEY] is True and at.title[0].value == TITLES["hub"]
    at.switch_page("pages/sql.py").run()
    assert ok(at).title[0].value == TITLES["sql"]
    open_url(at, "logout")
    assert_login_page(at)
    assert at.session_state[AUTH_KEY] is False
    for page in ("sql", "hub"):
        assert_stopped_at_the_door(open_url(at, page))


def test_the_hash_may_come_from_the_auth_file(env, tmp_path, password_hash):
    conf = tmp_path / "auth.conf"
    conf.write_text(f"# fitintel dashboards\npassword_hash = {password_hash}\n")
    env.setenv("FITINTEL_AUTH_FILE", str(conf))
    at = apptest(env).run()
    log_in(at, "not " + PASSWORD)
    assert [e.value for e in at.error] == ["Wrong password."]
    log_in(at, PASSWORD)
    assert ok(at).session_state[AUTH_KEY] is True and at.title[0].value == TITLES["hub"]


@pytest.mark.parametrize("password", ["wrong", PASSWORD + " ", PASSWORD.upper(), ""])
def test_a_wrong_password_is_refused_with_the_librarys_message(env, password_hash, password):
    env.setenv("FITINTEL_PASSWORD_HASH", password_hash)
    at = apptest(env).run()
    log_in(at, password)
    assert [e.value for e in at.error] == [auth.login(password).message] == ["Wrong password."]
    assert_login_page(at)


def test_without_a_hash_every_password_is_refused_and_the_page_says_how_to_set_one(env):
    at = apptest(env).run()
    assert [e.value for e in at.error] == [auth.SETUP_HINT]
    log_in(at, PASSWORD)
    assert_login_page(at)
    assert [e.value for e in at.error] == [auth.SETUP_HINT, auth.SETUP_HINT]


@pytest.mark.parametrize("value, bypass", [("true", True), ("TRUE", False), ("True", False),
                                           ("1", False), ("yes", False), (" true", False),
                                           ("", False)])
def test_only_dev_mode_true_bypasses_the_login(env, value, bypass):
    env.setenv("FITINTEL_DEV_MODE", value)
    at = apptest(env).run()
    if not bypass:
        assert_login_page(at)
        return
    assert ok(at).title[0].value == TITLES["hub"] and at.session_state[AUTH_KEY] is True
    assert [w.value for w in at.sidebar.warning] == [
        "Development mode (FITINTEL_DEV_MODE=true): no login."]
    open_url(at, "logout")                # no logout page: the default page instead
    assert ok(at).title[0].value == TITLES["hub"] and at.session_state[AUTH_KEY] is True


# ---- every page, as it opens ----

@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_every_section_of_its_view(viewer, shared_store, shared_db, download,
                                                    page):
    at = open_page(viewer, page)
    check_view(at, default_view(shared_store, page, shared_db), download)
    assert at.get("plotly_chart") or page in ("sql", "history")
    assert at.dataframe


# ---- each page's own widgets ----

def test_the_hub_period_reaches_the_briefing(viewer, shared_store, shared_db):
    at = open_page(viewer, "hub")
    assert at.radio(key="hub_days").value == 30
    for days in (7, 90, 365):
        at.radio(key="hub_days").set_value(days).run()
        view = views.hub(shared_store, days=days)
        check_view(at, view)
        brief = shared_store.brief(days)
        assert section_shown(at, f"Briefing: {brief.from_} to {brief.to}") is not None
        (n,), = sql1(shared_db, "SELECT count(*) FROM workouts WHERE workout_date BETWEEN ? AND ?",
                     brief.from_, brief.to)
        assert number(metrics(at)["Workouts"]) == n


def test_choco_counts_the_workouts_on_either_side_of_the_era(viewer, shared_store, shared_db):
    at = open_page(viewer, "choco")
    (before,), = sql1(shared_db, "SELECT count(*) FROM workouts WHERE workout_date < ?", ERA_DATE)
    (after,), = sql1(shared_db, "SELECT count(*) FROM workouts WHERE workout_date >= ?", ERA_DATE)
    shown = metrics(at)
    assert (number(shown["Workouts before"]), number(shown["Workouts after"])) == (before, after)


def test_the_monthly_picker_offers_the_months_with_data_and_shows_the_chosen_one(
        viewer, shared_store, shared_db):
    at = open_page(viewer, "monthly")
    months = [m for (m,) in sql1(shared_db, "SELECT DISTINCT substr(workout_date, 1, 7) "
                                            "FROM workouts ORDER BY 1 DESC")]
    picker = at.selectbox(key="monthly_month")
    assert list(picker.options) == months and picker.value == months[0]
    chosen = months[40]
    picker.set_value(chosen).run()
    view = views.monthly(shared_store, month=chosen)
    check_view(at, view)
    (n,), = sql1(shared_db, "SELECT count(*) FROM workouts WHERE substr(workout_date, 1, 7) = ?",
                 chosen)
    assert view.data["month"] == chosen and view.data["workouts"] == n
    assert section_shown(at, f"Statistics of {chosen}")


def test_the_trends_selectors_reach_the_view(viewer, shared_store, shared_db):
    at = open_page(viewer, "trends")
    types = [t for (t,) in sql1(shared_db, "SELECT DISTINCT activity_type FROM workouts "
                                           "ORDER BY 1")]
    assert list(at.selectbox(key="trends_type").options) == ["All"] + types
    assert at.selectbox(key="trends_per").value == "month"
    at.selectbox(key="trends_per").set_value("week")
    at.selectbox(key="trends_metric").set_value("pace")
    at.selectbox(key="trends_label").set_value("real_run")
    at.slider(key="trends_horizon").set_value(4)
    at.run()
    check_view(at, views.trends(shared_store, per="week", metric="pace", label="real_run",
                                horizon=4))
    at.selectbox(key="trends_label").set_value("All")
    at.selectbox(key="trends_type").set_value("Walk")
    at.run()
    check_view(at, views.trends(shared_store, per="week", metric="pace", type="Walk", horizon=4))


def test_the_history_filters_reach_the_table(viewer, shared_store, shared_db):
    at = open_page(viewer, "history")
    (total,), = sql1(shared_db, "SELECT count(*) FROM workouts")
    assert number(metrics(at)["Workouts"]) == total
    at.date_input(key="history_from").set_value(dt.date(2019, 1, 1))
    at.date_input(key="history_to").set_value(dt.date(2019, 12, 31))
    at.selectbox(key="history_label").set_value("pup_walk")
    at.selectbox(key="history_type").set_value("Run")
    at.number_input(key="history_limit").set_value(20)
    at.run()
    check_view(at, views.history(shared_store, from_="2019-01-01", to="2019-12-31",
                                 label="pup_walk", type="Run", limit=20))
    ids = {i for (i,) in sql1(shared_db, "SELECT id FROM workouts w JOIN classifications c ON "
                                         "c.workout_id = w.id WHERE workout_date BETWEEN "
                                         "'2019-01-01' AND '2019-12-31' AND c.label = 'pup_walk' "
                                         "AND lower(activity_type) = 'run'")}
    assert number(metrics(at)["Workouts"]) == len(ids) > 20
    table, = tables(section_shown(at, "Workouts"))
    assert len(table.value) == 20 and set(table.value["id"]) <= ids
    assert set(table.value["label"].astype(str)) == {"pup_walk"}


# ---- the models page ----

def active_model(db):
    (model_id,), = sql1(db, "SELECT id FROM models WHERE status = 'active'")
    return model_id


def test_retrain_makes_a_new_active_model_and_the_page_shows_it(dev, db, store):
    before = {i for (i,) in sql1(db, "SELECT id FROM models")}
    at = open_page(dev, "models")
    at.button(key="models_retrain").click().run()
    after = {i for (i,) in sql1(db, "SELECT id FROM models")}
    new, = after - before
    assert active_model(db) == new and len(after) == len(before) + 1
    assert [s.value for s in at.sidebar.success] == [
        f"Model #{new} trained and active (k={store.model().k}, {store.model().quality})."]
    check_view(at, models_view(store))
    assert metrics(at)["Active model"] == f"#{new}"
    history, = tables(section_shown(at, "Model history"))
    assert list(history.value["id"][:2]) == [new, max(before)]
    assert list(history.value["status"][:2]) == ["active", "archived"]


def test_activate_brings_an_earlier_model_back(dev, db, store):
    old = active_model(db)
    newer = store.train().id            # a second model, through the library
    at = open_page(dev, "models")
    pick = at.selectbox(key="models_pick")
    assert list(pick.options) and pick.value == old       # the archived ones, newest first
    pick.set_value(old)
    at.button(key="models_activate").click().run()
    assert active_model(db) == old
    # every workout the classifier labels is labelled by it again
    assert sql1(db, "SELECT DISTINCT model_id FROM classifications WHERE method IN "
                    "('mixture', 'kmeans')") == [(old,)]
    assert [s.value for s in at.sidebar.success] == [
        f"Model #{old} is active; workouts reclassified."]
    check_view(at, models_view(store))
    # the activation ran before the page was drawn: the picker already offers the model it
    # replaced, and no longer the one now active
    options = [str(o) for o in at.selectbox(key="models_pick").options]
    assert options[0].startswith(f"#{newer} ") and not any(o.startswith(f"#{old} ") for o in options)


@pytest.mark.parametrize("pace, distance, minutes", [(8.5, 6.2, 53), (19.0, 1.5, 30)])
def test_the_sliders_test_a_hypothetical_workout(viewer, shared_store, pace, distance, minutes):
    at = open_page(viewer, "models")
    at.slider(key="models_pace").set_value(pace)
    at.slider(key="models_distance").set_value(distance)
    at.slider(key="models_duration").set_value(minutes)
    at.run()
    e = shared_store.explain_workout(distance=distance, duration=minutes * 60.0, pace=pace)
    shown = dict((c[0], c[1]) for c in cards_shown(section_shown(at, "Test a workout")))
    assert (shown["Label"], shown["Method"]) == (views.LABEL_NAMES[e.label], e.method)
    assert e.label == ("real_run" if pace < 12 else "pup_walk")     # the sliders made a difference
    check_view(at, models_view(shared_store, pace=pace, distance=distance,
                               duration=minutes * 60.0))


def correct(at, workout, label=None, note=None, button="Record correction"):
    at.number_input(key="models_workout").set_value(workout)
    if label:
        at.selectbox(key="models_label").set_value(label)
    if note:
        at.text_input(key="models_note").input(note)
    return press(at, button)


def test_a_correction_relabels_the_workout_and_is_listed(dev, db, store):
    (wid, label), = sql1(db, "SELECT workout_id, label FROM classifications "
                             "WHERE label = 'pup_walk' ORDER BY workout_id LIMIT 1")
    at = open_page(dev, "models")
    correct(at, wid, "real_run", "actually ran")
    assert sql1(db, "SELECT label, method FROM classifications WHERE workout_id = ?", wid) == \
        [("real_run", "user")]
    assert sql1(db, "SELECT workout_id, old_label, new_label, note FROM corrections") == \
        [(wid, label, "real_run", "actually ran")]
    assert [s.value for s in at.sidebar.success] == [f"Workout {wid} is now real_run."]
    check_view(at, models_view(store))
    table, = tables(section_shown(at, "Corrections"))
    assert list(table.value.loc[0, ["workout_id", "new_label", "note"]]) == \
        [wid, "real_run", "actually ran"]


def test_removing_the_correction_gives_the_classifiers_label_back(dev, db, store):
    (wid, label, method), = sql1(db, "SELECT workout_id, label, method FROM classifications "
                                     "WHERE label = 'pup_walk' ORDER BY workout_id LIMIT 1")
    at = open_page(dev, "models")
    correct(at, wid, "real_run")
    assert sql1(db, "SELECT label FROM classifications WHERE workout_id = ?", wid) == \
        [("real_run",)]
    correct(at, wid, button="Remove correction")
    assert sql1(db, "SELECT label, method FROM classifications WHERE workout_id = ?", wid) == \
        [(label, method)]
    # the removal is kept in the history of corrections, newest first
    assert sql1(db, "SELECT old_label, new_label FROM corrections WHERE workout_id = ? "
                    "ORDER BY id DESC", wid) == [("real_run", None), (label, "real_run")]
    assert [s.value for s in at.sidebar.success] == [
        f"Workout {wid} is classified again: {label}."]
    check_view(at, models_view(store))
    # there is nothing left to remove: the library's reason
    with pytest.raises(fitintel.Error) as refused:
        store.unlabel(wid)
    correct(at, wid, button="Remove correction")
    assert [e.value for e in at.sidebar.error] == [f"Not removed: {refused.value}"]


def test_a_correction_of_an_unknown_workout_is_refused_with_the_librarys_reason(dev, db, store):
    (absent,), = sql1(db, "SELECT max(id) + 1 FROM workouts")
    with pytest.raises(fitintel.Error) as refused:
        store.label(absent, "real_run")
    at = open_page(dev, "models")
    correct(at, absent, "real_run")
    assert [e.value for e in at.sidebar.error] == [f"Not recorded: {refused.value}"]
    assert sql1(db, "SELECT count(*) FROM corrections") == [(0,)]


# ---- the SQL page ----

def run_query(at, sql):
    at.text_area(key="sql_text").input(sql)
    at.button(key="sql_run").click()
    return at.run()


def test_the_sql_page_runs_a_query_and_keeps_it_in_the_history(dev, db, store, download):
    at = open_page(dev, "sql")
    run_query(at, QUERY)
    ok(at)
    result, = tables(section_shown(at, "Result"))
    assert [tuple(r) for r in result.value.itertuples(index=False)] == sql1(db, QUERY)
    assert list(result.value.columns) == ["activity_type", "n"]
    csv = download(of_type(section_shown(at, "Result"), "download_button")[0])
    assert csv == ("sql-result.csv", store.sql(QUERY, history=False).to_csv(index=False))
    assert sql1(db, "SELECT sql, error FROM query_history") == [(QUERY, None)]
    history, = tables(section_shown(at, "Query history"))
    assert list(history.value["sql"]) == [QUERY]
    # the next run (another widget, a download) keeps the result without running it again
    at.number_input(key="sql_max_rows").set_value(500).run()
    again, = tables(section_shown(at, "Result"))
    pd.testing.assert_frame_equal(again.value, result.value)
    assert sql1(db, "SELECT count(*) FROM query_history") == [(1,)]


def test_the_sql_page_refuses_a_write_with_the_librarys_reason(dev, db, store):
    write = "DELETE FROM workouts"
    with pytest.raises(fitintel.Error) as refused:
        store.sql(write, history=False)
    (count,), = sql1(db, "SELECT count(*) FROM workouts")
    at = open_page(dev, "sql")
    run_query(at, write)
    ok(at)
    reason, = of_type(section_shown(at, "The query did not run"), "markdown")
    assert reason.value == f"**{type(refused.value).__name__}:** {refused.value}"
    assert "Result" not in dict(sections_shown(at))
    assert sql1(db, "SELECT count(*) FROM workouts") == [(count,)]
    history, = tables(section_shown(at, "Query history"))
    assert list(history.value[["sql", "error"]].itertuples(index=False, name=None)) == \
        [(write, str(refused.value))]


def test_the_sql_page_saves_a_query_and_runs_it_again_from_the_saved_list(dev, db, store):
    at = open_page(dev, "sql")
    at.text_area(key="sql_text").input(QUERY)
    at.text_input(key="sql_save_name").input("per type")
    at.text_input(key="sql_save_description").input("counts by type")
    at.button(key="sql_save").click().run()
    assert [s.value for s in ok(at).success] == ["Saved as “per type”."]
    assert sql1(db, "SELECT name, sql, description FROM saved_queries") == \
        [("per type", QUERY, "counts by type")]
    saved, = tables(section_shown(at, "Saved queries"))
    assert list(saved.value["name"]) == ["per type"]
    # another query runs; then the saved one comes back from the list and runs
    run_query(at, "SELECT 1 AS one")
    assert list(tables(section_shown(at, "Result"))[0].value.columns) == ["one"]
    assert at.selectbox(key="sql_saved_pick").value == "per type"
    at.button(key="sql_load").click().run()
    assert at.text_area(key="sql_text").value == QUERY
    at.button(key="sql_run").click().run()
    result, = tables(section_shown(at, "Result"))
    assert [tuple(r) for r in result.value.itertuples(index=False)] == sql1(db, QUERY)
    assert [s for (s,) in sql1(db, "SELECT sql FROM query_history ORDER BY id")] == \
        ["SELECT 1 AS one", QUERY]
    # and it can be deleted
    at.button(key="sql_delete").click().run()
    assert sql1(db, "SELECT count(*) FROM saved_queries") == [(0,)]
    assert [s.value for s in ok(at).success] == ["Deleted “per type”."]
    assert not at.selectbox and not len(tables(section_shown(at, "Saved queries"))[0].value)
