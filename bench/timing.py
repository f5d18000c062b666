"""What the benchmarks share: the best of several timed calls."""
import subprocess
import time


def best(fn, repeat):
    """The least wall time of @repeat calls of @fn, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def peak_memory(cmd, env=None):
    """Run @cmd; its wall seconds and the peak of its anonymous and of its file-backed resident
    memory in MB, polled from /proc/PID/status every 2 ms (a mapped file's pages are the page
    cache's: shared and given back under pressure, so they are reported apart)."""
    peak = {"RssAnon": 0, "RssFile": 0}
    start = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.DEVNULL, env=env)
    while proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/status") as status:
                for line in status:
                    key, _, value = line.partition(":")
                    if key in peak:
                        peak[key] = max(peak[key], int(value.split()[0]))
        except (OSError, ValueError):
            pass   # the process ended between poll() and open()
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return seconds, peak["RssAnon"] / 1024, peak["RssFile"] / 1024
