"""Checks that sladesk, DuckDB and pandas computed the same per-queue,
per-interval counts. Standard library only. Usage:
/usr/bin/python3 compare.py SLADESK.csv DUCKDB.csv PANDAS.csv
"""
import csv
import sys
from datetime import datetime

FIELDS = ("offered", "answered", "abandoned", "within")


def sladesk(path):
    """Reads `sladesk report --format csv --rows intervals`."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            start = int(datetime.fromisoformat(row["start"].replace("Z", "+00:00")).timestamp())
            counts = (row["offered"], row["answered"], row["abandoned"], row["answered_within_threshold"])
            if row["offered"] != "0":  # only ignored records: no row in a GROUP BY of offered calls
                out[(row["queue"], start)] = tuple(int(x) for x in counts)
    return out


def peer(path):
    """Reads the peers' queue,start,offered,answered,abandoned,within."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["offered"] != "0":
                out[(row["queue"], int(row["start"]))] = tuple(int(row[k]) for k in FIELDS)
    return out


def main():
    ref = sladesk(sys.argv[1])
    ok = True
    for path in sys.argv[2:]:
        other = peer(path)
        if other != ref:
            ok = False
            diff = sorted(set(ref.items()) ^ set(other.items()))[:5]
            print(f"MISMATCH {path}: {len(ref)} vs {len(other)} intervals; first differences: {diff}")
        else:
            print(f"agree: {path}: {len(ref)} intervals, {sum(v[0] for v in ref.values())} offered calls")
    sys.exit(0 if ok else 1)


main()
