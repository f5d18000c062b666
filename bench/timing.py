"""What the benchmarks share: the best of several timed calls."""
import time


def best(fn, repeat):
    """The least wall time of @repeat calls of @fn, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)
