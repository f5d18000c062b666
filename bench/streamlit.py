#!/usr/bin/env python3
"""Page switching in the Streamlit app as a user feels it (issue 15): the app served on a store of
N real-like workouts (era added, model trained), headless Chromium logged in (development mode),
then every page of the sidebar clicked in turn, twice. A switch lasts from the click until the
page's last change before it stands still (its title drawn, nothing running). The first round
computes each view; the second finds them in the app's cache (one per data version of the
store). Targets: ≤ 0.5 s on 3,000 workouts, ≤ 1.5 s on 100,000.

    .venv/bin/python bench/streamlit.py --build build-bench [--rows 3000,100000]
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import streamlit_server as server  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

TARGETS = {3000: 0.5, 100000: 1.5}
# A page is drawn when nothing has changed for this long after the last change.
QUIET_S = 1.0


def make_store(exe, rows, d):
    csv, db = d / f"s{rows}.csv", d / f"s{rows}.db"
    for args in (["sample", "--profile", "real-like", "--rows", rows, "--seed", 42, "-o", csv],
                 ["--db", db, "ingest", csv], ["--db", db, "era", "add", "2018-06-01", "Choco arrives"],
                 ["--db", db, "train"]):
        subprocess.run([str(exe), *map(str, args)], check=True, capture_output=True)
    return db


def switch(driver, key, title):
    """Seconds from the click on @key's sidebar link to the page's last change."""
    path = "/" if key == "hub" else "/" + key
    link = [a for a in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]')
            if urlparse(a.get_attribute("href")).path == path][0]
    start = time.monotonic()
    link.click()
    settled = server.wait_until_drawn(driver, title, timeout=120, quiet_s=QUIET_S, poll_s=0.02)
    errors = server.error_messages(driver)
    if errors:
        raise RuntimeError(f"{key}: {errors}")
    return settled - start


def measure(db, tmp, views):
    titles = {key: title for key, title, *_ in views}
    keys = [k for k in titles if k != "hub"] + ["hub"]
    rounds = []
    with server.serve(db, env={"FITINTEL_DEV_MODE": "true"}, log=tmp / "server.log") as url:
        driver = server.chromium(tmp / "profile")
        try:
            driver.get(url)
            server.wait_until_drawn(driver, titles["hub"])
            for _ in range(2):
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
    print("Streamlit page switches (click → last change), headless Chromium, this machine; "
          "first visit computes the view, the revisit finds it cached")
    print("| workouts | page | first visit s | revisit s |")
    print("|---:|---|---:|---:|")
    summary = []
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        for rows in (int(r) for r in args.rows.split(",")):
            first, again = measure(make_store(exe, rows, tmp), tmp, VIEWS)
            for key in first:
                print(f"| {rows:,} | {key} | {first[key]:.2f} | {again[key]:.2f} |")
            target = TARGETS.get(rows)
            summary.append((rows, max(first.values()), statistics.median(again.values()),
                            max(again.values()), target))
    print("\n| workouts | slowest first visit s | median revisit s | slowest revisit s | target s |")
    print("|---:|---:|---:|---:|---:|")
    for rows, slow, med, slow_again, target in summary:
        print(f"| {rows:,} | {slow:.2f} | {med:.2f} | {slow_again:.2f} | {target if target else '—'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
