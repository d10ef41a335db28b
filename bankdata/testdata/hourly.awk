# hourly.awk: counts of the Anonymous Bank calls per queue type and local
# hour of arrival in the queue, written independently of the Go reader from
# the definitions in shared/data/README.md. Usage (from bankdata/testdata):
#
#   awk -f hourly.awk ../../../shared/data/anonymous-bank/calls-1999-02-01-to-21.tsv \
#       > hourly-1999-02-01-to-21.tsv
#
# Columns: $1 vru+line, $5 type, $6 date YYMMDD, $7 vru_entry, $8 vru_exit,
# $10 q_start, $11 q_exit, $12 q_time, $13 outcome, $16 ser_time. POSIX
# awk: GNU awk 5.2.1, mawk 1.3.4 and the one true awk (20220912) write the
# same file.

BEGIN { FS = "\t"; OFS = "\t" }

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
	if ($13 == "AGENT") {
		answered[key]++
		qsum[key] += $12
		# The handle time is ser_time, the talk; the layout has no hold or
		# wrap.
		hsum[key] += $16
		if ($12 <= 20) within[key]++
	} else if ($13 == "HANG") {
		abandoned[key]++
	}
}
END {
	print "queue", "date", "hour", "offered", "answered", "abandoned", "answered_within_20s", "answered_wait_sum_s", \
		"answered_handle_sum_s"
	fflush()
	sort = "LC_ALL=C sort"
	for (k in offered) {
		print k, offered[k], answered[k] + 0, abandoned[k] + 0, within[k] + 0, qsum[k] + 0, \
			hsum[k] + 0 | sort
	}
	close(sort)
}
