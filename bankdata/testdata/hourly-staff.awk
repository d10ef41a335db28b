# hourly-staff.awk: the Erlang C staffing of the Anonymous Bank calls per
# queue type and local hour of arrival in the queue, for 80% of calls
# answered within 20 s, from the counts hourly.awk makes (so without the Go
# code) and the formulas below. Usage (from bankdata/testdata):
#
#   awk -f hourly-staff.awk hourly-1999-02-01-to-21.tsv \
#       > hourly-staff-1999-02-01-to-21.tsv
#
# Input columns: $1 queue, $2 date, $3 hour, $4 offered, $5 answered, $9
# answered_handle_sum_s. POSIX awk: GNU awk 5.2.1, mawk 1.3.4 and the one
# true awk (20220912) write the same file.

BEGIN {
	FS = "\t"; OFS = "\t"
	target = 0.8    # share of calls answered within the threshold
	threshold = 20  # seconds
	period = 3600   # seconds in an hour
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
	key = $1 OFS $2 OFS $3
	offered[key] = $4; answered[key] = $5; handle[key] = $9
	queueof[key] = $1
	# An answered call without service counts with no handle time, so it
	# lowers the mean.
	qanswered[$1] += $5; qhandle[$1] += $9
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
