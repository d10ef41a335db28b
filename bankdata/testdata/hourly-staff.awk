# hourly-staff.awk: the Erlang C staffing of the Anonymous Bank calls per
# queue type and local hour of arrival in the queue, for 80% of calls
# answered within 20 s, written independently of the Go code from the
# definitions in shared/data/README.md and the formulas below. Usage (from
# bankdata/testdata):
#
#   awk -f hourly-staff.awk ../../../shared/data/anonymous-bank/calls-1999-02-01-to-21.tsv \
#       > hourly-staff-1999-02-01-to-21.tsv
#
# Columns: $5 type, $6 date YYMMDD, $7 vru_entry, $8 vru_exit,
# $10 q_start, $11 q_exit, $12 q_time, $13 outcome, $16 ser_time. POSIX awk:
# GNU awk 5.2.1, mawk 1.3.4 and the one true awk (20220912) write the same
# file.
#
# Offered calls and the arrival hour are those of hourly.awk (the same
# lines, repeated here so that each script can be read on its own).

BEGIN {
	FS = "\t"; OFS = "\t"
	target = 0.8    # share of calls answered within the threshold
	threshold = 20  # seconds
	period = 3600   # seconds in an hour
}

function sec(t,    a) { split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }

function isleap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

# isodate returns YYMMDD plus add days as YYYY-MM-DD.
function isodate(yymmdd, add,    y, m, d, len) {
	y = 1900 + substr(yymmdd, 1, 2); if (y < 1970) y += 100
	m = substr(yymmdd, 3, 2) + 0; d = substr(yymmdd, 5, 2) + 0 + add
	split("31 28 31 30 31 30 31 31 30 31 30 31", len, " ")
	if (m == 2 && isleap(y)) len[2] = 29
	if (d > len[m]) { d -= len[m]; m++ }
	if (m > 12) { m = 1; y++ }
	return sprintf("%04d-%02d-%02d", y, m, d)
}

# num writes x with the fewest significant digits that read back as x, as
# Go's strconv does: exact for the comparison, without the noise of %.17g.
function num(x,    p, s) {
	for (p = 1; p < 17; p++) {
		s = sprintf("%." p "g", x)
		if (s + 0 == x) return s
	}
	return sprintf("%.17g", x)
}

# agents returns the fewest agents for which an M/M/n queue (Erlang C) of
# a Erlangs with a mean handle time of aht seconds answers the target share
# of calls within the threshold, and sets SL to the service level there.
# The search starts at floor(a)+1, the fewest agents with a steady state,
# and walks up one agent at a time, carrying Erlang B by its recursion
# B(0) = 1, B(k) = a*B(k-1) / (k + a*B(k-1)). With C = n*B / (n - a*(1-B))
# the chance of waiting, the service level is 1 - C*exp(-(n-a)*T/aht).
function agents(a, aht,    n, k, b, c) {
	SL = 1
	if (a == 0) return 0
	n = int(a) + 1
	b = 1
	for (k = 1; k <= n; k++) b = a * b / (k + a * b)
	for (;;) {
		c = n * b / (n - a * (1 - b))
		SL = 1 - c * exp(-(n - a) * threshold / aht)
		if (SL >= target) return n
		n++
		b = a * b / (n + a * b)
	}
}

NR == 1 { next }
{
	sub(/\r$/, "")
	type = $5; gsub(/^ +| +$/, "", type)
	if ($13 == "PHANTOM") next

	# A call queued when it shows any sign of it; 0:00:00 alone means not.
	queued = ($10 != "0:00:00" || $11 != "0:00:00" || $12 > 0)
	if (!queued && $13 != "AGENT") next   # hung up in the voice menu

	# Arrival: q_start when queued, else vru_exit; a time more than 12 h
	# before vru_entry is on the next day.
	arr = queued ? sec($10) : sec($8)
	add = (arr < sec($7) - 43200) ? 1 : 0
	key = type OFS isodate($6, add) OFS sprintf("%02d", int(arr / 3600))

	offered[key]++
	queueof[key] = type
	# The handle time of an answered call is its ser_time, the talk; the
	# layout has no hold or wrap. An AGENT row without service counts as
	# answered with no handle time, so it lowers the mean.
	if ($13 == "AGENT") {
		answered[key]++; handle[key] += $16
		qanswered[type]++; qhandle[type] += $16
	}
}
END {
	print "queue", "date", "hour", "offered", "answered", "handle_s", "calls", "aht_seconds", "agents", "service_level"
	fflush()
	sort = "LC_ALL=C sort"
	for (k in offered) {
		# The hour's AHT when it has answered calls with handle time, else
		# the queue's over the whole file; with neither, no handle time is
		# known and the hour is planned with no calls.
		q = queueof[k]
		aht = 0
		if (qanswered[q] > 0) aht = qhandle[q] / qanswered[q]
		if (answered[k] > 0 && handle[k] > 0) aht = handle[k] / answered[k]
		calls = aht > 0 ? offered[k] : 0
		n = agents(calls * aht / period, aht)
		sl = calls > 0 ? num(SL) : ""
		print k, offered[k], answered[k] + 0, handle[k] + 0, calls, num(aht), n, sl | sort
	}
	close(sort)
}
