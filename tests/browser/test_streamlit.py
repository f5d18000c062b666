"""The Streamlit app (examples/streamlit) for real: `streamlit run` on a loopback port, driven in
headless Chromium through selenium.

The store is the dashboard tests' sample (tests/python/bindings/dashboard_data.py): the Choco
era, a trained model and hostile user text (notes, an activity type, the era's name, a saved query
and a correction note). The app asks for a password, hashed in $FITINTEL_PASSWORD_HASH. Checked:

* the login page refuses a wrong password ("Wrong password.", no view offered) and accepts the
  right one;
* each of the seven views, reached through the sidebar as a user would, is drawn without an
  exception or an error message, under the view's title, with every section the view has (at the
  page's default settings) and every chart holding data;
* the hostile text shows as text where the pages show it, and none of it runs: no alert, no
  canary set, no element the payloads would have made;
* the browser console has no error and the server logged no traceback.

A PNG of each page goes to $FITINTEL_ARTIFACTS/streamlit/ (default:
<build>/test-artifacts/streamlit/) to be looked at. Skipped only when chromium or
chromedriver is not installed.
"""
import os
import pathlib
import sqlite3
import sys
from urllib.parse import urlparse

import pytest

SOURCE_ROOT = pathlib.Path(os.environ.get("FITINTEL_SOURCE_ROOT",
                                          pathlib.Path(__file__).resolve().parents[2]))
BUILD_ROOT = pathlib.Path(os.environ.get("FITINTEL_BUILD_ROOT", SOURCE_ROOT / "build"))
sys.path.insert(0, str(SOURCE_ROOT / "tests" / "python" / "bindings"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import streamlit_server as server                                   # noqa: E402
from chart_points import POINTS_JS                                  # noqa: E402

if not server.have_chromium():
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

from selenium.common.exceptions import NoAlertPresentException      # noqa: E402
from selenium.webdriver.common.by import By                         # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait             # noqa: E402

import fitintel                                                      # noqa: E402
from fitintel import auth, views                                     # noqa: E402
from dashboard_data import (CORRECTION_NOTE, ERA_NAME, NOTE_PAYLOADS, QUERY_NAME,  # noqa: E402
                            SQL_TEXT, TYPE_PAYLOAD, make_store)

ARTIFACTS = pathlib.Path(os.environ.get("FITINTEL_ARTIFACTS",
                                        BUILD_ROOT / "test-artifacts")) / "streamlit"
PASSWORD = "correct horse battery staple"
TITLES = {key: title for key, title, _ in views.VIEWS}
#: The hostile text each page shows (in its text, its charts or its tables' cells).
SHOWN_TEXT = {
    "choco": (ERA_NAME,),
    "sql": (SQL_TEXT, QUERY_NAME, CORRECTION_NOTE),
    "models": (CORRECTION_NOTE,),
    "history": NOTE_PAYLOADS + (TYPE_PAYLOAD,),
}


# ---- fixtures ----

@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    db, _ = make_store(tmp_path_factory.mktemp("streamlit-store"))
    return db


@pytest.fixture(scope="module")
def app(store_path, tmp_path_factory):
    """(URL, server log) of the app on the store, behind the password; stopped afterwards."""
    home = tmp_path_factory.mktemp("streamlit-home")
    env = {"FITINTEL_PASSWORD_HASH": auth.hash_password(PASSWORD, n=2 ** 10),
           "HOME": str(home), "LC_ALL": "C.UTF-8",
           "FITINTEL_DEV_MODE": None, "FITINTEL_AUTH_FILE": None}   # the password is needed
    log = home / "server.log"
    with server.serve(store_path, env=env, log=log, python=sys.executable) as url:
        yield url, log


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = server.chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        # the console checks below only mean something if errors do reach the log
        d.execute_script("console.error('console probe');")
        assert any("console probe" in e["message"] and e["level"] == "SEVERE"
                   for e in d.get_log("browser")), "the browser's console log is not captured"
        yield d
    finally:
        d.quit()


@pytest.fixture(scope="module")
def logged_in(app, driver):
    """The driver in a session that has logged in, on the hub; alert and canary hooks in place."""
    url, _ = app
    open_login_page(driver, url)
    log_in(driver, PASSWORD)
    server.wait_until_drawn(driver, TITLES["hub"])
    return driver


# ---- helpers ----

def open_login_page(driver, url):
    """A fresh Streamlit session (a page load is a new session) on the login page, with hooks
    that record any alert, confirm or prompt instead of opening it."""
    driver.get(url)
    server.wait_until_drawn(driver, "fitintel")
    probed = driver.execute_script("""
        window.__dialogs = [];
        ['alert', 'confirm', 'prompt'].forEach(function (name) {
          window[name] = function (m) { window.__dialogs.push(name + ': ' + m); };
        });
        alert('probe');
        return window.__dialogs.splice(0);""")
    assert probed == ["alert: probe"], probed      # the hooks do record


def log_in(driver, password):
    field = driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] input[type="password"]')
    field.clear()
    field.send_keys(password)
    driver.find_element(By.CSS_SELECTOR, '[data-testid="stFormSubmitButton"] button').click()


def go_to(driver, key):
    """Click the sidebar link of view @key (the same session: no new login)."""
    server.nav_link(driver, key).click()
    server.wait_until_drawn(driver, TITLES[key])


def page_titles(driver):
    """The h1 elements of the main area (st.title): one, the view's title, on every page."""
    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR,
                                                         '[data-testid="stMain"] h1')]


def first_element_text(driver):
    """The text of the first element the main area shows (the title, above any widget)."""
    return driver.find_element(
        By.CSS_SELECTOR, '[data-testid="stMain"] [data-testid="stElementContainer"]').text.strip()


def section_headings(driver):
    """The subheaders of the main area in order (render.section draws one per section)."""
    return [e.text.strip() for e in driver.find_elements(
        By.CSS_SELECTOR, '[data-testid="stMain"] [data-testid="stHeading"] h3')]


def latest_month(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return con.execute("SELECT max(substr(workout_date, 1, 7)) FROM workouts").fetchone()[0]


def expected_view(db, key):
    """The view page @key draws with its widgets at their defaults (examples/streamlit/pages)."""
    with fitintel.open(db, readonly=True) as store:
        if key == "hub":
            return views.hub(store, days=30)
        if key == "choco":
            return views.choco(store)
        if key == "monthly":
            return views.monthly(store, month=latest_month(db))
        if key == "trends":
            return views.trends(store, per="month", metric="distance", label=None, type=None,
                                horizon=8)
        if key == "sql":
            return views.sql_explorer(store, query=None)
        if key == "models":
            return views.models(store, hypothetical=dict(pace=10.0, distance=3.0,
                                                         duration=30 * 60.0))
        if key == "history":
            return views.history(store, from_=None, to=None, label=None, type=None, limit=500)
    raise KeyError(key)


# Each Plotly chart's title, traces, points (chart_points.py) and drawn SVG.
CHART_POINTS_JS = POINTS_JS + """
return Array.prototype.map.call(document.querySelectorAll('.js-plotly-plot'), function (gd) {
  return {title: (gd.layout && gd.layout.title && gd.layout.title.text) || '',
          traces: (gd.data || []).length, points: points(gd),
          svg: gd.querySelectorAll('svg.main-svg').length};
});"""

# Everything the user can read: the main area's text, the charts' SVG text, and the table cells
# (st.dataframe draws on a canvas; its cells are also in an accessible table, as text).
SHOWN_TEXT_JS = """
var main = document.querySelector('[data-testid="stMain"]');
var parts = [main.innerText];
main.querySelectorAll('.js-plotly-plot svg text').forEach(function (e) {
  parts.push(e.textContent); });
main.querySelectorAll('[data-testid="stDataFrame"] td').forEach(function (e) {
  parts.push(e.textContent); });
return parts.join('\\n');"""

# What the payloads would have made or done had any of them been taken as markup.
RAN_JS = """
var made = document.querySelectorAll(
  'img[src="x"], [onerror], [onload], svg[onload], [data-testid="stMain"] b');
var bold = Array.prototype.filter.call(
  document.querySelectorAll('tspan[style*="bold"], strong'),
  function (e) { return e.textContent === 'Choco' || e.textContent === 'saved'; });
var scripts = Array.prototype.filter.call(document.scripts, function (s) {
  return /__pwned|alert\\(1\\)/.test(s.textContent); });
return {made: made.length, bold: bold.length, scripts: scripts.length,
        pwned: typeof window.__pwned, hooked: Array.isArray(window.__dialogs),
        dialogs: window.__dialogs || []};"""


def assert_nothing_ran(driver):
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text
    ran = driver.execute_script(RAN_JS)
    # the hooks are gone only if the page was reloaded: the check below would see nothing
    assert ran["hooked"], "the page was reloaded (dialog hooks lost)"
    assert ran == {"made": 0, "bold": 0, "scripts": 0, "pwned": "undefined", "hooked": True,
                   "dialogs": []}, ran


def assert_no_console_errors(driver):
    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe


# ---- tests ----

def test_wrong_password_is_refused(app, driver):
    url, _ = app
    open_login_page(driver, url)
    log_in(driver, "not the password")
    WebDriverWait(driver, 30).until(lambda d: server.error_messages(d))
    server.wait_until_drawn(driver, "fitintel")
    assert server.error_messages(driver) == ["Wrong password."]
    assert not server.nav_links(driver)
    assert not driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")
    assert_no_console_errors(driver)


def test_right_password_logs_in(logged_in):
    driver = logged_in
    assert not server.error_messages(driver)
    assert page_titles(driver) == [TITLES["hub"]]
    titles = [a.text.splitlines()[-1] for a in server.nav_links(driver)]
    assert titles == [title for _, title, _ in views.VIEWS] + ["Log out"]
    assert_no_console_errors(driver)


@pytest.mark.parametrize("key", [key for key, _, _ in views.VIEWS])
def test_page(logged_in, store_path, key):
    driver = logged_in
    shot = ARTIFACTS / f"{key}.png"
    try:
        go_to(driver, key)
        assert urlparse(driver.current_url).path == server.page_path(key)
        assert not server.error_messages(driver)
        assert page_titles(driver) == [TITLES[key]]
        assert first_element_text(driver) == TITLES[key]
        view = expected_view(store_path, key)
        assert section_headings(driver) == [s.title for s in view.sections]

        charts = driver.execute_script(CHART_POINTS_JS)
        assert len(charts) == sum(s.kind == "figure" for s in view.sections)
        empty = [c for c in charts if not (c["traces"] and c["points"] and c["svg"])]
        assert not empty, empty

        shown = driver.execute_script(SHOWN_TEXT_JS)
        for text in SHOWN_TEXT.get(key, ()):
            assert text in shown, text
        assert_nothing_ran(driver)
        assert_no_console_errors(driver)
    finally:
        server.save_page(driver, shot)      # also, above all, when a check failed


def test_server_logged_no_traceback(app, logged_in):
    _, log = app
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
