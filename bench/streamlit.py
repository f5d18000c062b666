#!/usr/bin/env python3
"""Page switching in the Streamlit app as a user feels it (issue 15): the app served on a store of
N real-like workouts (era added, model trained), headless Chromium logged in (development mode),
then every page of the sidebar clicked in turn, in three rounds: a new browser on a new server,
the same browser after a new data version of the store (every view computed again), and a
revisit (every view cached). A switch lasts from the click until the page's last change to its
DOM before it stands still (its title drawn, nothing running, nothing changed for QUIET_S);
beside it, the CPU time of the browser's main thread during the switch (CDP
Performance.getMetrics "TaskDuration"), which moves far less from run to run than the wall time.
Targets: ≤ 0.5 s on 3,000 workouts, ≤ 1.5 s on 100,000.

    .venv/bin/python bench/streamlit.py --build build-bench [--rows 3000,100000]
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import streamlit_server as server  # noqa: E402

TARGETS = {3000: 0.5, 100000: 1.5}
# A page is drawn when nothing has changed for this long after the last change.
QUIET_S = 1.0
POLL_S = 0.05

# The page stamps its own last change: a MutationObserver notes the time of every change to the
# DOM, except inside a <canvas> (the data grid rewrites its hidden accessible copy there ~0.3 s
# later, which shows nothing). The bench's poll then reads a few numbers, with textContent (no
# layout): reading the page's innerText every 20 ms, as the tests' wait does, forced a layout in
# the middle of the drawing being timed.
_WATCH_JS = """
if (!window.__fitintelWatch) {
  window.__fitintelWatch = true;
  window.__fitintelLastChange = performance.now();
  new MutationObserver(function (mutations) {
    for (var i = 0; i < mutations.length; i++) {
      var node = mutations[i].target;
      var element = node.nodeType === 1 ? node : node.parentElement;
      if (!element || !element.closest('canvas')) {
        window.__fitintelLastChange = performance.now();
        return;
      }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             characterData: true});
}"""
_STATE_JS = """
var q = function (s) { return document.querySelectorAll(s); };
var status = document.querySelector('[data-testid="stStatusWidget"]');
return {
  running: !!(status && /running|stopping/i.test(status.textContent)),
  stale: q('[data-stale="true"]').length,
  titles: Array.prototype.map.call(q('[data-testid="stMain"] h1'),
                                   function (e) { return e.textContent.trim(); }),
  errors: q('[data-testid="stException"], [data-testid="stAlertContentError"]').length,
  last: window.__fitintelLastChange,
  now: performance.now()
};"""


def make_store(exe, rows, d):
    csv, db = d / f"s{rows}.csv", d / f"s{rows}.db"
    for args in (["sample", "--profile", "real-like", "--rows", rows, "--seed", 42, "-o", csv],
                 ["--db", db, "ingest", csv], ["--db", db, "era", "add", "2018-06-01", "Choco arrives"],
                 ["--db", db, "train"]):
        subprocess.run([str(exe), *map(str, args)], check=True, capture_output=True)
    return db


def main_thread_seconds(driver):
    """CPU seconds the page's main thread has run so far (CDP Performance metrics)."""
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "TaskDuration")


def switch(driver, key, title, timeout=120):
    """(seconds from the click on @key's sidebar link to the page's last change, CPU seconds of
    the browser's main thread meanwhile)."""
    link = server.nav_link(driver, key)
    driver.execute_script(_WATCH_JS)
    cpu = main_thread_seconds(driver)
    start = driver.execute_script("var t = performance.now(); arguments[0].click(); return t;",
                                  link)
    deadline = time.monotonic() + timeout
    while True:
        time.sleep(POLL_S)
        state = driver.execute_script(_STATE_JS)
        if state["errors"]:
            raise RuntimeError(f"{key}: {server.error_messages(driver)}")
        if (state["titles"] == [title] and not state["running"] and not state["stale"]
                and state["now"] - state["last"] >= QUIET_S * 1000):
            return (state["last"] - start) / 1000, main_thread_seconds(driver) - cpu
        if time.monotonic() > deadline:
            raise RuntimeError(f"{key}: not drawn within {timeout} s; last seen {state}")


def touch(exe, db):
    """A new data version of @db with the same data: an era added and removed again (two commits
    by another process, as a user's import would be), so every view is computed once more."""
    def run(*args):
        return subprocess.run([str(exe), "--db", str(db), *args], check=True,
                              capture_output=True, text=True).stdout
    run("era", "add", "2099-01-01", "bench touch")
    era, = [e["id"] for e in json.loads(run("era", "list", "--json")) if e["name"] == "bench touch"]
    run("era", "remove", str(era))


def measure(exe, db, tmp, views):
    """Three rounds of every page: a new browser on a new server, the same browser after a new
    data version, and again (each view found in the cache)."""
    titles = {key: title for key, title, *_ in views}
    keys = [k for k in titles if k != "hub"] + ["hub"]
    rounds = []
    with server.serve(db, env={"FITINTEL_DEV_MODE": "true"}, log=tmp / "server.log") as url:
        driver = server.chromium(tmp / "profile")
        try:
            driver.get(url)
            driver.execute_cdp_cmd("Performance.enable", {"timeDomain": "threadTicks"})
            server.wait_until_drawn(driver, titles["hub"])
            for before in (None, lambda: touch(exe, db), None):
                if before:
                    before()
                rounds.append({k: switch(driver, k, titles[k]) for k in keys})
        finally:
            driver.quit()
    return rounds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--rows", default="3000,100000")
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    exe = build / "cli" / "fitintel"
    # the package of this build, here and in the server the bench starts
    package = str(build / "bindings" / "python")
    sys.path.insert(0, package)
    os.environ["PYTHONPATH"] = package
    from fitintel.views import VIEWS
    print("Streamlit page switches (click → last change; CPU: the browser's main thread), "
          "headless Chromium, this machine. New browser: the first visit of each page on a new "
          "server (views computed, the browser's code cold); after a change: the same browser "
          "once the store has a new data version (views computed again); revisit: views cached")
    print("| workouts | page | new browser s | after a change s | revisit s | revisit CPU s |")
    print("|---:|---|---:|---:|---:|---:|")
    summary = []
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        for rows in (int(r) for r in args.rows.split(",")):
            cold, changed, again = measure(exe, make_store(exe, rows, tmp), tmp, VIEWS)
            for key in cold:
                print(f"| {rows:,} | {key} | {cold[key][0]:.2f} | {changed[key][0]:.2f} | "
                      f"{again[key][0]:.2f} | {again[key][1]:.2f} |")
            slowest = lambda r: max(wall for wall, _ in r.values())
            summary.append((rows, slowest(cold), slowest(changed),
                            statistics.median(wall for wall, _ in again.values()), slowest(again),
                            TARGETS.get(rows)))
    print("\n| workouts | slowest: new browser s | after a change s | median revisit s | "
          "slowest revisit s | target s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for rows, cold, changed, med, slow, target in summary:
        print(f"| {rows:,} | {cold:.2f} | {changed:.2f} | {med:.2f} | {slow:.2f} | "
              f"{target if target else '—'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
