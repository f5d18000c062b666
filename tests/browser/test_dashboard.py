"""The HTML dashboard (`fitintel dashboard`) in a real browser: Debian's chromium, headless, driven
by chromedriver through selenium.

The dashboard is written by the command on a sample store with the Choco era, a trained model and
hostile user text (tests/python/bindings/dashboard_data.py). The page must load with no console
error and no network request, show every view and section, draw every chart with data, show the
library's numbers, and show the hostile text as text without running any of it. A screenshot of
each view is written to $FITINTEL_ARTIFACTS/browser (default: <build>/test-artifacts/browser) to
be looked at.

Skipped only when chromium or chromedriver is not installed.
"""
import base64
import json
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

SOURCE_ROOT = pathlib.Path(os.environ.get("FITINTEL_SOURCE_ROOT",
                                          pathlib.Path(__file__).resolve().parents[2]))
BUILD_ROOT = pathlib.Path(os.environ.get("FITINTEL_BUILD_ROOT", SOURCE_ROOT / "build"))
sys.path.insert(0, str(SOURCE_ROOT / "tests" / "python" / "bindings"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

from chart_points import POINTS_JS                                   # noqa: E402
from selenium import webdriver                                       # noqa: E402
from selenium.common.exceptions import NoAlertPresentException      # noqa: E402
from selenium.webdriver.chrome.options import Options               # noqa: E402
from selenium.webdriver.chrome.service import Service               # noqa: E402
from selenium.webdriver.common.by import By                         # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait             # noqa: E402

import fitintel                                                      # noqa: E402
from fitintel import views                                           # noqa: E402
from dashboard_data import ALL_TEXT, ERA_DATE, make_store           # noqa: E402

ARTIFACTS = pathlib.Path(os.environ.get("FITINTEL_ARTIFACTS",
                                        BUILD_ROOT / "test-artifacts")) / "browser"
EXE = os.environ.get("FITINTEL_EXE", str(BUILD_ROOT / "cli" / "fitintel"))
DAYS = 30


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """(store path, dashboard path, payload carriers): the dashboard written by the command."""
    d = tmp_path_factory.mktemp("dashboard")
    db, carriers = make_store(d)
    out = d / "dashboard.html"
    env = dict(os.environ, HOME=str(d), LC_ALL="C.UTF-8")
    env.pop("FITINTEL_DB", None)
    p = subprocess.run([EXE, "--db", db, "dashboard", "-o", str(out), "--days", str(DAYS)],
                       capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    return pathlib.Path(db), out, carriers


@pytest.fixture(scope="module")
def page(dashboard, tmp_path_factory):
    """The loaded page: (driver, browser console log, URLs the page requested)."""
    _, out, _ = dashboard
    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # the browser gets no sanitizer runtime preloaded (sanitizer builds preload it for Python)
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS")}
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=opts)
    try:
        driver.set_page_load_timeout(120)
        driver.get_log("performance")     # what the browser's start page loaded: not ours
        driver.get(out.as_uri())
        # every chart drawn (Plotly adds its class) or replaced by an error message
        WebDriverWait(driver, 120).until(lambda d: d.execute_script(
            "var f=document.querySelectorAll('div.fig');"
            "return f.length>0 && Array.prototype.every.call(f, function(e){"
            "  return e.classList.contains('js-plotly-plot')||e.classList.contains('error');});"))
        console = driver.get_log("browser")
        requests = []
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                requests.append((msg["params"].get("documentURL", ""),
                                 msg["params"]["request"]["url"]))
        yield driver, console, requests
    finally:
        driver.quit()


def expected_views():
    return [(key, title) for key, title, _ in views.VIEWS]


def test_no_console_errors(page):
    _, console, _ = page
    errors = [e for e in console if e.get("level") == "SEVERE"]
    assert not errors, errors


def test_no_network_requests(page, dashboard):
    _, console, requests = page
    _, out, _ = dashboard
    page_url = out.as_uri()
    # anything our page asked for but itself, and anything at all that left the machine
    ours = [u for doc, u in requests if doc == page_url and u != page_url
            and not u.startswith("data:")]
    network = [u for _, u in requests if re.match(r"(https?|wss?|ftp):", u)]
    assert (page_url, page_url) in requests, "the performance log did not see the page itself"
    assert not ours, ours
    assert not network, network


def test_every_view_and_section_present(page, dashboard):
    driver, _, _ = page
    db, _, _ = dashboard
    nav = [a.get_attribute("href").rsplit("#", 1)[1]
           for a in driver.find_elements(By.CSS_SELECTOR, "header nav a")]
    # the briefing first (the hub's briefing section), then one link per view
    assert nav == ["hub--briefing"] + [k for k, _ in expected_views()]
    assert not driver.find_elements(By.ID, "briefing")     # not drawn twice
    with fitintel.open(db, readonly=True) as store:
        for key, title, fn in views.VIEWS:
            sec = driver.find_element(By.ID, key)
            assert sec.tag_name == "section"
            assert sec.find_element(By.TAG_NAME, "h2").text == title
            assert not sec.find_elements(By.CSS_SELECTOR, ".error"), sec.text[:500]
            if key == "hub":
                view = fn(store, days=DAYS)
            elif key == "sql":
                view = fn(store, query=None)
            else:
                view = fn(store)
            shown = [e.get_attribute("data-section")
                     for e in sec.find_elements(By.CSS_SELECTOR, "div.part")]
            assert shown == view.keys(), key
            for s in view.sections:
                part = sec.find_element(By.CSS_SELECTOR, f'div.part[data-section="{s.key}"]')
                assert part.get_attribute("data-kind") == s.kind
                if s.kind == "figure":
                    assert part.find_elements(By.CSS_SELECTOR, "div.fig.js-plotly-plot"), s.key
                elif s.kind == "table" and s.table is not None and len(s.table):
                    rows = part.find_elements(By.CSS_SELECTOR, "tbody tr")
                    assert len(rows) == min(len(s.table), 1000), s.key
                elif s.kind == "cards":
                    assert len(part.find_elements(By.CSS_SELECTOR, ".card")) == len(s.cards)
    assert driver.find_element(By.ID, "hub--briefing").text.startswith("Briefing")


def test_every_chart_has_points(page):
    driver, _, _ = page
    charts = driver.execute_script(POINTS_JS + """
        return Array.prototype.map.call(document.querySelectorAll('div.fig'), function (gd) {
          return {id: gd.id, traces: (gd.data || []).length, points: points(gd),
                  drawn: gd.classList.contains('js-plotly-plot'),
                  svg: gd.querySelectorAll('svg').length};
        });""")
    assert len(charts) >= 10
    empty = [c for c in charts if not (c["drawn"] and c["traces"] and c["points"] and c["svg"])]
    assert not empty, empty


def card_value(driver, view, title):
    """The text of the value of the card called @title in @view."""
    for card in driver.find_elements(By.CSS_SELECTOR, f"section#{view} .card"):
        if card.find_element(By.CSS_SELECTOR, ".t").text.strip().lower() == title.lower():
            return card.find_element(By.CSS_SELECTOR, ".v").text.strip()
    raise AssertionError(f"no card {title!r} in {view}")


def as_int(text):
    return int(text.replace(",", ""))


def test_numbers_equal_the_library(page, dashboard):
    driver, _, _ = page
    db, _, _ = dashboard
    with fitintel.open(db, readonly=True) as store:
        cmp = store.compare_eras()
        brief = store.brief(days=DAYS)
        cons = store.consistency(days=brief.days, at=brief.to)
    change = cmp.changes[0]
    # the library's before/after counts, and an independent count straight from SQLite
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        before_sql = con.execute("SELECT count(*) FROM workouts WHERE workout_date < ?",
                                 (ERA_DATE,)).fetchone()[0]
        after_sql = con.execute("SELECT count(*) FROM workouts WHERE workout_date >= ?",
                                (ERA_DATE,)).fetchone()[0]
        period_sql = con.execute("SELECT count(*) FROM workouts WHERE workout_date BETWEEN ? AND ?",
                                 (brief.from_, brief.to)).fetchone()[0]
    assert change.before["workouts"] + change.after["workouts"] == before_sql + after_sql
    assert as_int(card_value(driver, "choco", "Workouts before")) == change.before["workouts"]
    assert as_int(card_value(driver, "choco", "Workouts after")) == change.after["workouts"]
    assert change.before["workouts"] == before_sql and change.after["workouts"] == after_sql
    # the hub: the period's workout count and the consistency score
    assert as_int(card_value(driver, "hub", "Workouts")) == period_sql
    score = driver.execute_script(
        "var gd=document.querySelector('#hub--consistency div.fig');"
        "var t=gd.data[0]; return t.y[t.y.length-1];")
    assert score == pytest.approx(cons.score, abs=1e-9)
    shown = driver.find_element(By.ID, "hub--consistency").text
    assert f"Consistency {cons.score:.0f}/100" in shown
    # the briefing at the top is the library's briefing of the same period
    top = driver.find_element(By.ID, "hub--briefing").text
    assert f"{brief.from_} to {brief.to}" in top


def test_user_text_is_shown_as_text_and_runs_nothing(page, dashboard):
    driver, _, _ = page
    _, out, _ = dashboard
    text = driver.execute_script("return document.body.innerText;")
    for payload in ALL_TEXT:
        assert payload in text, payload
    assert driver.execute_script("return typeof window.__pwned;") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text
    # nothing the payloads would have created: no <img>, no extra <script>, no <b> from the era
    assert driver.execute_script("return document.querySelectorAll('img').length;") == 0
    scripts = driver.execute_script(
        "return Array.prototype.map.call(document.scripts, function(s){return s.type||'js';});")
    figures = len(driver.find_elements(By.CSS_SELECTOR, "div.fig"))
    assert scripts.count("application/json") == figures
    assert len(scripts) == figures + 2       # plotly.js and the drawing script
    assert not driver.find_elements(By.CSS_SELECTOR, "main b")
    # the raw payloads never occur in the file's markup
    html_text = out.read_text(encoding="utf-8")
    for payload in ALL_TEXT:
        assert payload not in html_text


def test_screenshots(page):
    """One PNG per view, the whole section, for a person to look at: the viewport is made as tall
    as the section (charts keep their width) and the section is scrolled to its top."""
    driver, _, _ = page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("dashboard-*.png"):
        old.unlink()
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    (ARTIFACTS / "dashboard-00-top.png").write_bytes(base64.b64decode(shot["data"]))
    driver.execute_script("document.querySelector('header').style.display='none';"
                          "document.querySelectorAll('section').forEach(function(s){"
                          "s.style.scrollMarginTop='0';});")
    width = driver.execute_script("return window.innerWidth;")
    ids = [k for k, _ in expected_views()]
    try:
        for i, key in enumerate(ids, 1):
            height = driver.execute_script(
                "return Math.ceil(document.getElementById(arguments[0])"
                ".getBoundingClientRect().height);", key)
            assert height > 0, key
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": min(height, 16000), "deviceScaleFactor": 1,
                "mobile": False})
            driver.execute_script("document.getElementById(arguments[0]).scrollIntoView();", key)
            time.sleep(0.5)     # Plotly redraws on resize
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
            path = ARTIFACTS / f"dashboard-{i:02d}-{re.sub(r'[^a-z0-9]+', '-', key)}.png"
            path.write_bytes(base64.b64decode(shot["data"]))
            assert path.stat().st_size > 5000, path
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
