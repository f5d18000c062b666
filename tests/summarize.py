"""Count individual test cases across every meson test and print `N passed, N failed, N skipped`.

TAP tests (C suites, shell checks) count their `ok` / `not ok` lines; pytest runs count the cases
in their final summary line; any other test counts as one. A test program that failed without
reporting a failing case (a crash, a timeout) counts as one failure more.
"""
import json
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b(.*)$")
# "== 3 passed, 1 failed in 0.5s ==" (or without the rules, as `pytest -q` prints it)
PYTEST_SUMMARY = re.compile(r"^=*\s*((?:\d+ \w+(?:, )?)+) in [0-9.]+s\b.*$")


def count(test):
    out = test.get("stdout") or ""
    passed = failed = skipped = 0
    saw_cases = False
    for line in out.splitlines():
        m = TAP_LINE.match(line)
        if m:
            saw_cases = True
            if "# SKIP" in m.group(2):
                skipped += 1
            elif m.group(1) == "ok":
                passed += 1
            else:
                failed += 1
            continue
        m = PYTEST_SUMMARY.match(line)
        if m:
            saw_cases = True
            for n, what in re.findall(r"(\d+) (passed|failed|skipped|error|errors|xfailed|xpassed)", m.group(1)):
                if what in ("passed", "xfailed"):
                    passed += int(n)
                elif what == "skipped":
                    skipped += int(n)
                else:
                    failed += int(n)
    result = test.get("result")
    ok = result in ("OK", "EXPECTEDFAIL")
    if result == "SKIP":
        return passed, failed, skipped + (0 if saw_cases else 1)
    if not saw_cases:
        return (1, 0, 0) if ok else (0, 1, 0)
    if not ok and failed == 0:
        failed += 1   # crashed or timed out after its last reported case
    return passed, failed, skipped


def main(argv):
    passed = skipped = 0
    failed = 0
    if argv[:1] == ["--extra-failures"]:
        failed = int(argv[1])   # builds that did not even compile
        argv = argv[2:]
    for path in argv:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                p, fl, s = count(json.loads(line))
                passed += p
                failed += fl
                skipped += s
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
