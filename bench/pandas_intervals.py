"""Per-queue, per-15-minute counts of a sladesk native CSV with pandas, the
same figures `sladesk report --format csv --rows intervals` prints, for the
side-by-side benchmark. Usage: /usr/bin/python3 pandas_intervals.py CALLS.csv OUT.csv
"""
import sys

import numpy as np
import pandas as pd

src, dst = sys.argv[1], sys.argv[2]
df = pd.read_csv(src, usecols=["queue", "arrived", "outcome", "wait_s"],
                 dtype={"queue": "category", "outcome": "category", "wait_s": "float64"})
arrived = pd.to_datetime(df["arrived"], utc=True)
start = (arrived.astype("int64") // 10**9 // 900) * 900
outcome = df["outcome"]
answered = outcome == "answered"
counts = pd.DataFrame({
    "queue": df["queue"].astype(str),
    "start": start,
    "offered": (outcome != "ignored").astype("int64"),
    "answered": answered.astype("int64"),
    "abandoned": (outcome == "abandoned").astype("int64"),
    # Within is wait <= 20 s with the wait rounded up, as sladesk counts it.
    "within": (answered & (np.ceil(df["wait_s"]) <= 20)).astype("int64"),
})
out = counts.groupby(["queue", "start"], sort=True).sum().reset_index()
out.to_csv(dst, index=False)
