"""SPEC §4 (the consistency score) written out with numpy, independently of the C code: the
reference the kernel and the briefing are checked against."""
import datetime as dt

import numpy as np

EPOCH = dt.date(1970, 1, 1)


def cv(v):
    v = np.asarray(v, dtype=float)
    return v.std() / abs(v.mean())


def reference(days, ref, window=30, target=4.0, metrics=()):
    """SPEC §4 written out with numpy, independently of the C code."""
    days = np.asarray(days)
    inside = (days > ref - window) & (days <= ref)
    d = days[inside]
    if len(d) == 0:
        return None
    active = np.unique(d)
    per_week = len(d) / (window / 7)
    pct = 100 * len(active) / window
    frequency = min(100, max(0, 100 - 15 * abs(per_week - target)) + 0.5 * pct)
    weekdays = np.array([(EPOCH + dt.timedelta(days=int(x))).weekday() for x in d])
    counts = np.bincount(weekdays, minlength=7)
    if len(d) < 5:
        timing = 50
    else:
        weekday_reg = 100 - 100 * cv(counts)
        interval_reg = max(0, 100 - 50 * cv(np.diff(active))) if len(active) >= 3 else 100
        timing = float(np.clip(0.4 * weekday_reg + 0.6 * interval_reg, 0, 100))
    perf = [float(np.clip(100 - 100 * cv(m[inside][np.isfinite(m[inside])]), 0, 100))
            for m in metrics if np.isfinite(m[inside]).sum() >= 3]
    performance = np.mean(perf) if perf else 50
    # streaks
    longest = run = 0
    prev = None
    for a in active:
        run = run + 1 if prev is not None and a == prev + 1 else 1
        longest = max(longest, run)
        prev = a
    current = 0
    if active[-1] in (ref, ref - 1):
        current = 1
        i = len(active) - 1
        while i > 0 and active[i - 1] == active[i] - 1:
            current += 1
            i -= 1
    streak = min(50, 5 * current) + min(50, 2 * longest)
    return dict(frequency=frequency, timing=timing, performance=performance, streak=streak,
                score=0.4 * frequency + 0.2 * (timing + performance + streak),
                current_streak=current, longest_streak=longest, counts=list(counts))
