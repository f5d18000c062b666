"""The Streamlit app (examples/streamlit/app.py) served on a free loopback port, and a headless
Chromium to look at it: shared by test_streamlit.py and tools/screenshot-streamlit.

    with serve(db, env={"FITINTEL_DEV_MODE": "true"}, log=path) as url:
        driver = chromium(profile_dir)
        driver.get(url); wait_until_drawn(driver, "Intelligence hub")
"""
import base64
import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = SOURCE_ROOT / "examples" / "streamlit" / "app.py"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def have_chromium() -> bool:
    return os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)


def page_path(key: str) -> str:
    """The URL path of view @key in the app: its url_path, but "/" for the default page (the
    hub)."""
    return "/" if key == "hub" else "/" + key


def nav_links(driver) -> list:
    """The sidebar's page links."""
    return driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]')


def nav_link(driver, key: str):
    """The one sidebar link to view @key."""
    links = [a for a in nav_links(driver)
             if urlparse(a.get_attribute("href")).path == page_path(key)]
    assert len(links) == 1, (key, [a.get_attribute("href") for a in nav_links(driver)])
    return links[0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read().decode().strip() == "ok"
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    """Terminate the server, and kill it if it does not go within 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def serve(db, *, env: dict, log: pathlib.Path, python: str = sys.executable,
          extra_args=(), timeout: float = 60.0):
    """Run the app on store @db with @env added to this process's environment (a None value
    removes the variable); yields its URL and stops the server on the way out, whatever happened.
    Its output goes to @log, which a RuntimeError quotes when the server does not answer its
    health check within @timeout."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [python, "-m", "streamlit", "run", str(APP),
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           # nobody edits the app while it runs: no watcher threads on a busy machine
           "--server.fileWatcherType", "none", *extra_args]
    full_env = {k: v for k, v in dict(os.environ, FITINTEL_DB=str(db), **env).items()
                if v is not None}
    with open(log, "wb") as out:
        # run from the app's folder, so that `import common` works even without the folder
        # Streamlit puts on sys.path
        proc = subprocess.Popen(cmd, cwd=APP.parent, env=full_env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Streamlit server did not start (exit status "
                                   f"{proc.poll()}); its output:\n"
                                   + log.read_text(errors="replace"))
            time.sleep(0.5)
        yield url
    finally:
        _stop(proc)


def chromium(profile_dir, width: int = 1280, height: int = 900) -> webdriver.Chrome:
    """Headless Chromium with its console log kept (get_log('browser')). Prompts are left open
    (not dismissed by chromedriver), so that an alert a page raises can be seen."""
    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", f"--user-data-dir={profile_dir}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    opts.unhandled_prompt_behavior = "ignore"
    # the browser gets no sanitizer runtime preloaded (sanitizer builds preload it for Python)
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS")}
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=opts)
    driver.set_page_load_timeout(60)
    return driver


# What the page shows now, to tell when a script run has finished drawing: Streamlit shows its
# "Running..." widget only after half a second and marks the elements of the previous run stale
# while a new one runs, so "done" is: no running widget, nothing stale, and no change for a while.
_SNAPSHOT_JS = """
var q = function (s) { return document.querySelectorAll(s); };
var texts = function (s) {
  return Array.prototype.map.call(q(s), function (e) { return e.innerText.trim(); }); };
var status = document.querySelector('[data-testid="stStatusWidget"]');
return {
  running: !!(status && /running|stopping/i.test(status.innerText)),
  stale: q('[data-stale="true"]').length,
  titles: texts('[data-testid="stMain"] h1'),
  errors: texts('[data-testid="stException"], [data-testid="stAlertContentError"]'),
  elements: q('[data-testid="stElementContainer"]').length,
  charts: q('.js-plotly-plot').length,
  text: (document.querySelector('[data-testid="stMain"]') || document.body).innerText.length
};"""


def error_messages(driver) -> list:
    """The text of every error the page shows: exception boxes and st.error alerts, in the main
    area and the sidebar."""
    return driver.execute_script(_SNAPSHOT_JS)["errors"]


def wait_until_drawn(driver, title: str, timeout: float = 60.0, quiet_s: float = 1.5,
                     poll_s: float = 0.25) -> float:
    """Wait until the run has finished (nothing changed for @quiet_s seconds, no running widget,
    no stale element) with the page's h1 being @title — or with an error shown, which the caller
    is to report (a page that fails may never draw its title). Returns the time.monotonic() of
    the page's last change (to within @poll_s)."""
    last = {"snap": None, "since": 0.0}

    def drawn(d):
        snap = d.execute_script(_SNAPSHOT_JS)
        now = time.monotonic()
        if snap != last["snap"]:
            last["snap"], last["since"] = snap, now
            return False
        return ((snap["titles"] == [title] or snap["errors"]) and not snap["running"]
                and not snap["stale"] and now - last["since"] >= quiet_s)

    try:
        WebDriverWait(driver, timeout, poll_frequency=poll_s).until(drawn)
    except Exception as e:
        raise AssertionError(f"the page {title!r} was not drawn within {timeout} s; "
                             f"last seen: {last['snap']}") from e
    return last["since"]


_MAIN_HEIGHT_JS = ("var m = document.querySelector('[data-testid=\"stMain\"]');"
                  "return m ? m.scrollHeight : document.documentElement.scrollHeight;")


def save_page(driver, path: pathlib.Path, max_height: int = 8000) -> None:
    """A PNG of the whole page: the viewport is made as tall as Streamlit's scrolling main area
    (up to @max_height), captured, then restored."""
    width, shown = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    try:
        for _ in range(3):      # charts and tables lay themselves out again at the new size
            full = min(driver.execute_script(_MAIN_HEIGHT_JS), max_height)
            if full <= shown:
                break
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": full, "deviceScaleFactor": 1, "mobile": False})
            shown = full
            time.sleep(0.7)     # Plotly redraws on resize
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
