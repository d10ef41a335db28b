#!/usr/bin/env bash
# Side-by-side benchmark: sladesk report against DuckDB (npm
# @duckdb/node-api, run with node) and pandas (Debian's python3-pandas)
# computing the same per-queue, per-15-minute counts (offered, answered,
# abandoned, answered within 20 s) from the same CSV of simulated calls
# made by `sladesk generate`. Checks that all three agree, then prints
# the best of RUNS wall times, peak memory and the ratios.
#
#   bench/run.sh                # 10 million calls
#   CALLS=1000000 bench/run.sh  # a quicker look
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
calls="${CALLS:-10000000}"
runs="${RUNS:-3}"
out="$here/out"
mkdir -p "$out"

echo "== build and peers"
go build -o "$out/sladesk" ../cmd/sladesk
[ -d node_modules/@duckdb/node-api ] || npm ci --no-audit --no-fund
if ! /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
	apt-get install -y python3-pandas >/dev/null
fi

data="$out/calls-$calls.csv"
if [ ! -s "$data" ]; then
	echo "== generate $calls calls"
	"$out/sladesk" generate --calls "$calls" --seed 1 --out "$data"
fi
echo "input: $data ($(du -h "$data" | cut -f1))"

# best RUNS: prints "seconds peak_kb" of the fastest run.
best() {
	local best_s="" best_kb=""
	for _ in $(seq "$runs"); do
		/usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>"$out/stderr" ||
			{ cat "$out/stderr"; return 1; }
		read -r s kb <"$out/time"
		if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s best_kb=$kb; fi
	done
	echo "$best_s $best_kb"
}

echo "== run (best of $runs)"
read -r s_sec s_kb < <(best sh -c "'$out/sladesk' report --tz UTC --interval 15m --format csv --rows intervals '$data' > '$out/sladesk.csv'")
read -r d_sec d_kb < <(best node duckdb-intervals.mjs "$data" "$out/duckdb.csv")
read -r p_sec p_kb < <(best /usr/bin/python3 pandas_intervals.py "$data" "$out/pandas.csv")

echo "== check"
/usr/bin/python3 compare.py "$out/sladesk.csv" "$out/duckdb.csv" "$out/pandas.csv"

echo "== results ($calls calls, $(nproc) cores)"
printf "%-8s %9s %12s %14s\n" tool seconds "peak MB" "vs sladesk"
for row in "sladesk $s_sec $s_kb" "duckdb $d_sec $d_kb" "pandas $p_sec $p_kb"; do
	set -- $row
	awk -v t="$1" -v s="$2" -v kb="$3" -v base="$s_sec" \
		'BEGIN { printf "%-8s %9.2f %12.0f %13.2fx\n", t, s, kb / 1024, s / base }'
done
