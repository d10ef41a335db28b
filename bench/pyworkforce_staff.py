"""Erlang C staffing with pyworkforce's ErlangC, for the side-by-side
benchmark bench/pyworkforce.sh. Standard library only, apart from what
pyworkforce's erlang module itself imports (numpy). Usage:

  /usr/bin/python3 pyworkforce_staff.py volumes OUT.csv
      writes the workload: 1,000 queues x 96 quarter-hours, deterministic
  /usr/bin/python3 pyworkforce_staff.py run PYWORKFORCE_SRC VOLUMES.csv \
        SOLVE.csv SOLVE_SECONDS PLAN.csv PLAN_SECONDS [EVERY] [RUNS]
      solves every EVERY-th row with pyworkforce (best of RUNS timed loops),
      compares its agents with sladesk's and prints the figures. SOLVE.csv
      and SOLVE_SECONDS are the output and the best loop time of
      bench/staffsolve (sladesk's solve loop alone), PLAN.csv and
      PLAN_SECONDS those of the whole `sladesk staff --volumes` command.

Where the two can differ. pyworkforce's ErlangC.required_positions starts
its search at round(A + 1) agents, sladesk at floor(A) + 1, the least count
with a steady state. When the fractional part of A is 0.5 or more (43% of
this workload's rows) pyworkforce never tries floor(A) + 1, and returns one
agent too many whenever that count already meets the target. At 80% in 20 s
it never does: with n - A <= 0.5, C(n, A) >= 0.5 (it is A at n = 1 and
grows with n at a fixed n - A), so the service level is at most
1 - 0.5 exp(-0.5 T / AHT), 0.53 at AHT 150 s. It takes loose targets to
see the overshoot (a threshold near the AHT or beyond, or a low
percentage): 106 calls in 30 minutes at 180 s for 40% in 180 s, A = 10.6,
are met by 11 agents (42.0%), and pyworkforce answers 12. Its occupancy cap
cannot change the answer here: with max_occupancy=1.0, A / n < 1 holds at
every n > A. The rest is rounding: pyworkforce computes asa / aht as
(20 / 60) / (aht / 60), which differs from 20 / aht in the last bits, so
only a service level within about 1e-15 of 80% could flip a count.

pyworkforce's units are minutes: aht, asa (which ErlangC uses as the
service-level threshold, not as an average) and interval are all given in
minutes, so its traffic intensity transactions / interval * aht is in
Erlangs as sladesk's calls * aht_seconds / period_seconds is.
"""
import csv
import importlib
import math
import os
import re
import sys
import time
import types
from decimal import Decimal, getcontext

QUEUES = 1000
INTERVALS = 96           # quarter-hours of one day
PERIOD_S = 900
SL_TARGET = 0.8
THRESHOLD_S = 20
DAY = "2025-03-03"       # a Monday, in UTC


def frac(x):
    return x - math.floor(x)


def workload():
    """Yields (queue, start, calls, aht_seconds) for every queue and interval.

    No random numbers: each queue's size, AHT, timing and afternoon weight come
    from low-discrepancy sequences (fractional parts of multiples of irrational
    numbers), so every run and every machine sees the same 96,000 rows, spread
    evenly over the ranges. A day has a low night, a morning peak, a broader
    afternoon peak and an evening tail; queue peaks run from 5 to 200 calls a
    quarter-hour, skewed toward small queues as real centers are. Calls are
    whole and at least 1: pyworkforce refuses 0 transactions (sladesk would
    answer 0 agents), so a quiet night interval keeps one call.
    """
    for q in range(QUEUES):
        peak = 5 + 195 * frac(0.5 + q * 0.6180339887498949) ** 1.5
        aht = 150 + round(250 * frac(0.25 + q * 0.5698402909980532))
        shift = -1 + 2 * frac(q * 0.7548776662466927)       # hours, -1..+1
        afternoon = 0.6 + 0.5 * frac(q * 0.4142135623730950)
        shape = []
        for k in range(INTERVALS):
            h = (k + 0.5) / 4                                   # interval midpoint
            shape.append(0.02
                         + math.exp(-0.5 * ((h - 10.0 - shift) / 1.5) ** 2)
                         + afternoon * math.exp(-0.5 * ((h - 14.5 - shift) / 2.0) ** 2)
                         + 0.25 * math.exp(-0.5 * ((h - 19.5 - shift) / 1.5) ** 2))
        top = max(shape)
        for k, s in enumerate(shape):
            calls = max(1, round(peak * s / top))
            start = f"{DAY}T{k // 4:02d}:{k % 4 * 15:02d}:00Z"
            yield f"q{q:04d}", start, calls, aht


def write_volumes(path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["queue", "start", "calls", "aht_seconds"])
        w.writerows(workload())


def load_erlangc(src):
    """Returns pyworkforce's ErlangC class from the checkout at src.

    Importing the package runs pyworkforce/__init__.py, which imports every
    solver and with them pandas and OR-Tools. Only the Erlang module is
    wanted, so the packages it lives in are registered as empty shells
    (their __init__ never runs) and the module is imported from its file.
    """
    pkg = os.path.join(src, "pyworkforce")
    if not os.path.isfile(os.path.join(pkg, "queuing", "erlang.py")):
        sys.exit(f"{src}: no pyworkforce/queuing/erlang.py (is this a pyworkforce checkout?)")
    for name, path in (("pyworkforce", pkg),
                       ("pyworkforce.utils", os.path.join(pkg, "utils")),
                       ("pyworkforce.queuing", os.path.join(pkg, "queuing"))):
        shell = types.ModuleType(name)
        shell.__path__ = [path]
        sys.modules[name] = shell
    # The erlang module imports joblib for MultiErlangC, which is not used
    # here; a stand-in spares installing it. ErlangC never touches it.
    try:
        importlib.import_module("joblib")
    except ImportError:
        joblib = types.ModuleType("joblib")
        joblib.Parallel = joblib.delayed = None
        sys.modules["joblib"] = joblib
    # `from pyworkforce.utils import ParameterGrid, check_...`: give the utils
    # shell the names of its light submodules (grid needs numpy).
    utils = sys.modules["pyworkforce.utils"]
    for entry in sorted(os.listdir(os.path.join(pkg, "utils"))):
        if entry.endswith(".py") and entry != "__init__.py":
            try:
                sub = importlib.import_module("pyworkforce.utils." + entry[:-3])
            except ImportError:
                continue                      # e.g. a pandas helper
            for attr, value in vars(sub).items():
                if not attr.startswith("_"):
                    setattr(utils, attr, value)
    return importlib.import_module("pyworkforce.queuing.erlang").ErlangC


def version(src):
    try:
        with open(os.path.join(src, "pyworkforce", "_version.py")) as f:
            return re.search(r"""__version__\s*=\s*["']([^"']+)""", f.read()).group(1)
    except (OSError, AttributeError):
        return "unknown"


def read_solve(path):
    """Reads bench/staffsolve's output: (queue, start) -> agents."""
    with open(path, newline="") as f:
        return {(r["queue"], r["start"]): int(r["agents"]) for r in csv.DictReader(f)}


def read_sladesk(path):
    """Reads `sladesk staff --volumes ... --format csv`: (queue, start) ->
    (agents, service_level)."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] != "ok":
                sys.exit(f"sladesk: {row['queue']} {row['start']}: status {row['status']}")
            out[(row["queue"], row["start"])] = (int(row["agents"]), float(row["service_level"]))
    return out


def reference_sl(n, a, aht):
    """Erlang C service level 1 - C(n, A) exp(-(n - A) T / AHT) in 50-digit
    decimals, an arbiter independent of both tools' float64 arithmetic: the
    Erlang B recursion B(k) = A B(k-1) / (k + A B(k-1)), then
    C = n B / (n - A (1 - B)). None when n <= A (no steady state)."""
    getcontext().prec = 50
    a = Decimal(a)
    if n <= a:
        return None
    b = Decimal(1)
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    c = n * b / (n - a * (1 - b))
    return 1 - c * ((a - n) * THRESHOLD_S / Decimal(aht)).exp()


def reference_agents(a, aht):
    """The least n > A whose reference service level reaches the target."""
    n = math.floor(a) + 1
    while reference_sl(n, a, aht) < Decimal(str(SL_TARGET)):
        n += 1
    return n


def run(src, volumes, solve_csv, solve_seconds, plan_csv, plan_seconds, every, runs):
    ErlangC = load_erlangc(src)
    with open(volumes, newline="") as f:
        rows = [(r["queue"], r["start"], float(r["calls"]), float(r["aht_seconds"]))
                for r in csv.DictReader(f)]
    total = len(rows)
    subset = rows[::every]
    # pyworkforce wants minutes; the list is built before timing so that only
    # ErlangC(...) and required_positions(...) are timed, as staffsolve
    # builds its Demands before its clock starts.
    args = [(calls, aht / 60, THRESHOLD_S / 60, PERIOD_S / 60) for _, _, calls, aht in subset]

    best, results = None, None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = [ErlangC(transactions=c, aht=h, asa=t, interval=i, shrinkage=0)
               .required_positions(service_level=SL_TARGET, max_occupancy=1.0)
               for c, h, t, i in args]
        dt = time.perf_counter() - t0
        if best is None or dt < best:
            best, results = dt, out

    solve = read_solve(solve_csv)
    plan = read_sladesk(plan_csv)
    for name, got in (("staffsolve", solve), ("sladesk staff --volumes", plan)):
        if len(got) != total:
            sys.exit(f"{name} answered {len(got)} intervals, the workload has {total}")
    # The command plans with the same staffing.Required: any row where the
    # two differ is a bug in one of them, not a matter of method.
    split = [(q, s) for q, s, _, _ in rows if solve[(q, s)] != plan[(q, s)][0]]

    agree_solve = agree_plan = 0
    differ, sl_gap = [], 0.0
    for (queue, start, calls, aht), r in zip(subset, results):
        agents, sl = plan[(queue, start)]
        agree_plan += r["raw_positions"] == agents
        if r["raw_positions"] == solve[(queue, start)]:
            agree_solve += 1
            if r["raw_positions"] == agents:
                sl_gap = max(sl_gap, abs(r["service_level"] - sl))
        else:
            # staffsolve writes agents only; the service level shown beside
            # them is the command's, at the same count unless split says not.
            differ.append((queue, start, calls, aht, r["raw_positions"], r["service_level"],
                           solve[(queue, start)], sl))

    per_pw = best / len(subset)
    per_solve = solve_seconds / total
    per_plan = plan_seconds / total
    measured = f"{total:,}" if every == 1 else f"{len(subset):,} (every {every}th row)"
    print(f"pyworkforce {version(src)}: ErlangC(...).required_positions(0.8, max_occupancy=1.0)")
    print()
    print(f"Solve loop alone, in-process, best of {runs}; imports, CSV reading and argument")
    print("building are outside the clock on both sides:")
    print(f"{'':13}{'us/solve':>9}{'seconds':>9}{'solves':>9}  what is timed")
    print(f"{'sladesk':13}{per_solve * 1e6:9.2f}{solve_seconds:9.3f}{total:9,}"
          "  staffing.Required per row (bench/staffsolve)")
    print(f"{'pyworkforce':13}{per_pw * 1e6:9.2f}{best:9.3f}{len(subset):9,}"
          "  ErlangC(...).required_positions per row")
    print(f"ratio pyworkforce / sladesk: {per_pw / per_solve:.1f}x (solve loop against solve loop)")
    print()
    print("Whole command, not comparable with the solve loops above:")
    print(f"  sladesk staff --volumes (wall clock, best of {runs}): {plan_seconds:.3f} s for {total:,} rows,"
          f" {per_plan * 1e6:.2f} us/row")
    print("  (process start, CSV in and out, each row's unrounded need, a pooled plan per interval)")
    print()
    print(f"agents, pyworkforce against sladesk's solve loop: {agree_solve:,} of {measured} agree")
    print(f"agents, pyworkforce against sladesk staff --volumes: {agree_plan:,} of {measured} agree"
          f" (where all agree, service levels differ by at most {sl_gap:.1e})")
    print(f"agents, sladesk's solve loop against its command: {total - len(split):,} of {total:,} agree"
          + (f"; first difference {split[0]}" if split else ""))

    # Agreement alone could hide a shared mistake: every 97th row (97 is prime
    # to the 96 intervals of a day, so the rows visit every hour) is also
    # solved by the 50-digit reference below.
    checked = rows[::97]
    wrong = [(q, s) for q, s, calls, aht in checked
             if reference_agents(calls * aht / PERIOD_S, aht) != solve[(q, s)]]
    print(f"sladesk against a 50-digit Erlang C on every 97th row: {len(checked) - len(wrong):,}"
          f" of {len(checked):,} agree" + (f"; first miss {wrong[0]}" if wrong else ""))
    if not differ:
        return 1 if wrong or split else 0
    # Settle each disagreement with the 50-digit reference: the least agent
    # count whose service level reaches 80% in 20 s.
    pw_right = sd_right = 0
    for d in differ:
        a = d[2] * d[3] / PERIOD_S
        ref = reference_agents(a, d[3])
        pw_right += d[4] == ref
        sd_right += d[6] == ref
    print(f"disagreements: {len(differ):,}; the reference answer is pyworkforce's in"
          f" {pw_right:,} and sladesk's in {sd_right:,}; the first {min(10, len(differ))}:")
    print(f"{'queue':6} {'start':21} {'calls':>5} {'aht':>4} {'erlangs':>8} "
          f"{'pyworkforce':>11} {'its SL':>8} {'sladesk':>7} {'its SL':>8} "
          f"{'ref n':>5} {'ref SL(n-1)':>12} {'ref SL(n)':>10}")
    for queue, start, calls, aht, pw, pw_sl, sd, sd_sl in differ[:10]:
        a = calls * aht / PERIOD_S
        ref = reference_agents(a, aht)
        below = reference_sl(ref - 1, a, aht)
        print(f"{queue:6} {start:21} {calls:5.0f} {aht:4.0f} {a:8.3f} "
              f"{pw:11d} {pw_sl:8.5f} {sd:7d} {sd_sl:8.5f} {ref:5d} "
              f"{'overload' if below is None else f'{below:.6f}':>12} {reference_sl(ref, a, aht):10.6f}")
    return 1


def main(argv):
    if len(argv) == 3 and argv[1] == "volumes":
        write_volumes(argv[2])
        return 0
    if len(argv) in (8, 9, 10) and argv[1] == "run":
        every = int(argv[8]) if len(argv) > 8 else 1
        runs = int(argv[9]) if len(argv) > 9 else 3
        return run(argv[2], argv[3], argv[4], float(argv[5]), argv[6], float(argv[7]), every, runs)
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
