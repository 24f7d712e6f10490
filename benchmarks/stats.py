"""Percentiles and the summary every timing in the results file uses."""

from __future__ import annotations

import statistics


def pct(values: list[float], p: float) -> float:
    """The p-th percentile by nearest rank (with 5 values, p95 is the largest)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict:
    """{"n", "median_s", "p95_s", "max_s"} of timings in seconds ({"n": 0} if there are none)."""
    if not values:
        return {"n": 0}
    return {"n": len(values), "median_s": round(statistics.median(values), 3), "p95_s": round(pct(values, 95), 3),
            "max_s": round(max(values), 3)}
