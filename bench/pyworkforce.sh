#!/usr/bin/env bash
# Side-by-side benchmark: Erlang C staffing in sladesk against pyworkforce's
# ErlangC (github.com/rodrigo-arenas/pyworkforce), on one deterministic day
# of 1,000 queues x 96 quarter-hours (96,000 solves, 80% in 20 s, AHT 150 to
# 400 s, 1 to 200 calls an interval). Prints the time per solve of each, the
# ratio, and whether the agent counts agree; a disagreement is settled by a
# 50-digit Erlang C computed independently of both, which also checks
# sladesk's counts on every 97th row. Where and why the two can differ
# (pyworkforce's search starts at round(A + 1)) is told in
# pyworkforce_staff.py.
#
# The headline compares like with like: the solve loop alone on each side,
# in-process, after the CSV is read and every solve's arguments are built
# (sladesk's by bench/staffsolve, a loop of staffing.Required; pyworkforce's
# in pyworkforce_staff.py, a loop of ErlangC(...).required_positions). The
# wall clock of the whole `sladesk staff --volumes` command follows on a
# line of its own: it adds process start, CSV in and out, each row's
# unrounded need and a pooled plan per interval, so it is no solve time.
# Both sladesk outputs are checked against pyworkforce and against each
# other.
#
#   PYWORKFORCE_SRC=/path/to/pyworkforce bench/pyworkforce.sh
#   EVERY=10 PYWORKFORCE_SRC=... bench/pyworkforce.sh   # pyworkforce on every 10th row
#
# PYWORKFORCE_SRC is a directory holding the `pyworkforce` package (a clone
# or an exported tree). Only its queuing/erlang.py is loaded, with numpy, so
# pandas, OR-Tools and joblib are not needed; nothing of it is copied here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${RUNS:-3}"
every="${EVERY:-1}"
# Debian's python, whatever python3 comes first on PATH: it is the one
# python3-numpy installs into.
py=/usr/bin/python3

if [ -z "${PYWORKFORCE_SRC:-}" ]; then
	cat >&2 <<'EOF'
PYWORKFORCE_SRC is not set: point it at a pyworkforce source tree, the
directory that holds the `pyworkforce` package, e.g.
    git clone https://github.com/rodrigo-arenas/pyworkforce /tmp/pyworkforce
    PYWORKFORCE_SRC=/tmp/pyworkforce bench/pyworkforce.sh
or, from a bare mirror of it:
    mkdir -p /tmp/pyworkforce
    git --git-dir=MIRROR archive HEAD | tar -x -C /tmp/pyworkforce
EOF
	exit 2
fi
src="$(cd "$PYWORKFORCE_SRC" && pwd)"
if [ ! -f "$src/pyworkforce/queuing/erlang.py" ]; then
	echo "$src: no pyworkforce/queuing/erlang.py; PYWORKFORCE_SRC must hold the pyworkforce package" >&2
	exit 2
fi
if ! "$py" -c 'import numpy' 2>/dev/null; then
	echo "numpy is missing for $py (pyworkforce's erlang module imports it): apt-get install python3-numpy" >&2
	exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== build"
(cd "$here/.." && go build -o "$tmp/sladesk" ./cmd/sladesk && go build -o "$tmp/staffsolve" ./bench/staffsolve)
commit="$(git -C "$src" rev-parse --short=12 HEAD 2>/dev/null || echo "not a git checkout")"
echo "pyworkforce: $src ($commit)"

echo "== workload"
"$py" "$here/pyworkforce_staff.py" volumes "$tmp/volumes.csv"
echo "$(($(wc -l <"$tmp/volumes.csv") - 1)) queue intervals"

# best of RUNS wall-clock seconds of a command; EPOCHREALTIME (bash 5) has
# microseconds, where /usr/bin/time's %e has only hundredths.
best() {
	local b="" t0 s
	for _ in $(seq "$runs"); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>"$tmp/stderr" || { cat "$tmp/stderr" >&2; return 1; }
		s="$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }')"
		if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; fi
	done
	echo "$b"
}

echo "== sladesk solve loop (bench/staffsolve, best of $runs)"
# staffsolve times its own loop and prints one line:
#   solves=96000 runs=3 seconds=0.021756 ns_per_solve=226.6
solve_line="$("$tmp/staffsolve" -period 15m -sl 0.8 -threshold 20s -runs "$runs" \
	-out "$tmp/staffsolve.csv" "$tmp/volumes.csv")"
echo "$solve_line"
solve_sec="$(sed -n 's/.* seconds=\([0-9.]*\) .*/\1/p' <<<"$solve_line")"
[ -n "$solve_sec" ] || { echo "staffsolve printed no time" >&2; exit 1; }

echo "== sladesk staff --volumes, the whole command (best of $runs)"
plan_sec="$(best sh -c "'$tmp/sladesk' staff --volumes '$tmp/volumes.csv' --period 15m --sl 80/20 --format csv > '$tmp/sladesk.csv'")"
echo "$plan_sec s"

echo "== pyworkforce (best of $runs) and check"
# The helper exits 1 when some agent counts differ, after printing them.
"$py" "$here/pyworkforce_staff.py" run "$src" "$tmp/volumes.csv" \
	"$tmp/staffsolve.csv" "$solve_sec" "$tmp/sladesk.csv" "$plan_sec" "$every" "$runs"
