# hourly-agents.awk: the agents who handled Anonymous Bank calls per queue
# type and local hour, and their busy time, written independently of the
# Go reader and of the staffing code from the layout described in
# shared/data/README.md and the reading rules of the bankdata package
# documentation. Usage (from bankdata/testdata):
#
#   awk -f hourly-agents.awk ../../../shared/data/anonymous-bank/calls-1999-02-01-to-21.tsv \
#       > hourly-agents-1999-02-01-to-21.tsv
#
# POSIX awk: GNU awk 5.2.1, mawk 1.3.4 and the one true awk (20220912)
# write the same file. The README beside this file gives the columns.
#
# An agent is busy on an answered call (AGENT, server not NO_SERVER) from
# the answer for ser_time seconds; the layout has no hold or wrap. That
# span is cut at the hour boundaries and each piece credited to the queue
# and hour it falls in. A call that takes no time (answered with ser_time
# 0, or without service times at all) still shows that its agent was
# there, and is credited one nanosecond, so busy time is kept in whole
# nanoseconds (exact in a double up to 2^53 ns, about 104 days).
#
# Per queue and hour: handled is the number of agents with busy time
# there; busy the sum of each agent's busy time, at most the hour each
# (calls of one agent that overlap do not make more agents); staffed the
# sum over those agents of the share of their busy time in the hour spent
# on this queue, and never less than their (capped) busy time here.

BEGIN {
	FS = "\t"; OFS = "\t"
	NS = 1000000000
	DAY = 86400; HALF = 43200
	split("vru+line call_id customer_id priority type date vru_entry vru_exit vru_time " \
		"q_start q_exit q_time outcome ser_start ser_exit ser_time server", want, " ")
	ncells = 0
	rejected = 0
}

function die(msg) { print "hourly-agents.awk: " msg > "/dev/stderr"; failed = 1; exit 1 }

# trim removes the spaces around a field and one pair of double quotes.
function trim(s) {
	gsub(/^ +| +$/, "", s)
	if (s ~ /^".*"$/ && length(s) >= 2) {
		s = substr(s, 2, length(s) - 2); gsub(/^ +| +$/, "", s)
	}
	return s
}

# clock returns H:MM:SS as seconds after midnight, or -1 when it is not a
# time of day.
function clock(t,    a) {
	if (t !~ /^[0-9][0-9]?:[0-5][0-9]:[0-5][0-9]$/) return -1
	split(t, a, ":")
	if (a[1] + 0 > 23) return -1
	return a[1] * 3600 + a[2] * 60 + a[3]
}

# seconds returns a whole number of seconds under a day, or -1.
function seconds(s) {
	if (s !~ /^[0-9]+$/ || s + 0 >= DAY) return -1
	return s + 0
}

# after returns the time of day t (seconds) moved by whole days to lie
# within 12 hours of ref, which is on the row's timeline (seconds after
# the midnight of the row's date, possibly below 0 or past a day): a time
# far smaller than the one before it has rolled over midnight, one a
# little smaller is skew between clocks.
function after(t, ref,    d) {
	d = (t - ref) % DAY
	while (d > HALF) d -= DAY
	while (d <= -HALF) d += DAY
	return ref + d
}

# days returns the days from 1970-01-01 to y-m-d (proleptic Gregorian).
function days(y, m, d,    era, yoe, doy, doe) {
	if (m <= 2) y--
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}

# civil returns day number z as YYYY-MM-DD (the inverse of days).
function civil(z,    era, doe, yoe, y, doy, mp, d, m) {
	z += 719468
	era = int((z >= 0 ? z : z - 146096) / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp + (mp < 10 ? 3 : -9)
	if (m <= 2) y++
	return sprintf("%04d-%02d-%02d", y, m, d)
}

function isleap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

# dayof returns the day number of YYMMDD, or "" when it is no date.
function dayof(s,    y, m, d, len) {
	if (s !~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/) return ""
	y = 1900 + substr(s, 1, 2); if (y < 1970) y += 100
	m = substr(s, 3, 2) + 0; d = substr(s, 5, 2) + 0
	split("31 28 31 30 31 30 31 31 30 31 30 31", len, " ")
	if (isleap(y)) len[2] = 29
	if (m < 1 || m > 12 || d < 1 || d > len[m]) return ""
	return days(y, m, d)
}

# reject skips a row the Go reader rejects as well: it holds no call.
# Only answered rows are checked in full; the others keep no agent busy.
function reject(why) {
	rejected++
	print "hourly-agents.awk: line " NR " rejected: " why > "/dev/stderr"
}

# credit adds ns nanoseconds of agent's busy time on queue q to the local
# hour h (hours since 1970-01-01 00:00 on the local clock).
function credit(q, h, agent, ns,    c) {
	c = q SUBSEP h
	if (!(c in cellAgents)) {
		cellAgents[c] = ""
		cells[++ncells] = c
	}
	if (!((c, agent) in spent)) {
		# Agents are summed in the order they first appear in the file,
		# which every awk reads alike, so the floating-point sum of
		# staffed is the same in all of them (a for-in order is not).
		cellAgents[c] = cellAgents[c] (cellAgents[c] == "" ? "" : SUBSEP) agent
		spent[c, agent] = 0
	}
	spent[c, agent] += ns
	busy[c] += ns
	hourSpent[h, agent] += ns
}

NR == 1 {
	sub(/\r$/, "")
	if (NF != 17) die("header has " NF " columns, want the 17-column layout")
	for (i = 1; i <= 17; i++)
		if (trim($i) != want[i]) die("header column " i " is " $i ", want " want[i])
	next
}

{
	sub(/\r$/, "")
	if ($0 == "") next
	if (NF != 17) { reject(NF " fields"); next }
	outcome = toupper(trim($13))
	if (outcome != "AGENT" && outcome != "HANG" && outcome != "PHANTOM") { reject("outcome " $13); next }
	# Only answered calls keep an agent busy; HANG rows count as abandoned
	# even when they carry a service period, PHANTOM rows are ignored.
	if (outcome != "AGENT") next

	queue = trim($5); agent = trim($17)
	if (trim($1) == "" || trim($2) == "" || queue == "") { reject("no identity or queue"); next }
	day0 = dayof(trim($6))
	if (day0 == "") { reject("date " $6); next }
	# The local hour is cut on a clock without daylight saving: Israel
	# was on standard time, +02:00, from 6 September 1998 to 1 April
	# 1999 inclusive, and the file must lie inside it.
	if (day0 < days(1998, 9, 7) || day0 > days(1999, 3, 31))
		die("line " NR ": date " $6 " is not in Israeli winter time (1998-09-07 to 1999-03-31)")

	vruEntry = clock(trim($7)); vruExit = clock(trim($8))
	qStart = clock(trim($10)); qExit = clock(trim($11)); qTime = seconds(trim($12))
	serStart = clock(trim($14)); serExit = clock(trim($15)); serTime = seconds(trim($16))
	if (vruEntry < 0 || vruExit < 0 || qStart < 0 || qExit < 0 || serStart < 0 || serExit < 0) {
		reject("a time is not H:MM:SS"); next
	}
	if (qTime < 0 || serTime < 0) { reject("q_time or ser_time is not seconds under a day"); next }

	# The path on the row's timeline: 0:00:00 in q_start and q_exit means
	# no queue unless q_time or the other time says otherwise.
	leftVRU = after(vruExit, vruEntry)
	queued = (qTime > 0 || qStart != 0 || qExit != 0)
	if (queued) {
		if ((qStart + qTime - qExit) % DAY != 0) { reject("q_exit is not q_start + q_time"); next }
		arrived = after(qStart, leftVRU)
		leftQueue = arrived + qTime
	} else {
		arrived = leftVRU
		leftQueue = leftVRU
	}

	# NO_SERVER answers are answered calls of no known agent: no one to
	# credit.
	if (agent == "" || toupper(agent) == "NO_SERVER") next

	served = (serTime > 0 || serStart != 0 || serExit != 0)
	if (!served) {
		# No service on record: answered when the call left the queue
		# (or the voice menu), for no time.
		answer = leftQueue
		length_s = 0
	} else {
		if ((serStart + serTime - serExit) % DAY != 0) { reject("ser_exit is not ser_start + ser_time"); next }
		# ser_start comes from the agents' clock. Placed near the moment
		# the call left the queue; if that puts the answer before the
		# call even arrived, the agents' clock is behind and the service
		# is taken to start when the call left the queue.
		answer = after(serStart, leftQueue)
		if (answer < arrived) answer = leftQueue
		length_s = serTime
	}

	from = day0 * DAY + answer   # local seconds since 1970-01-01 00:00
	if (length_s == 0) {
		credit(queue, int(from / 3600), agent, 1)
		next
	}
	to = from + length_s
	for (cur = from; cur < to; cur = stop) {
		h = int(cur / 3600)
		stop = (h + 1) * 3600
		if (stop > to) stop = to
		credit(queue, h, agent, (stop - cur) * NS)
	}
}

# nsString writes a whole number of nanoseconds as seconds, with the
# fraction only when there is one.
function nsString(ns,    s, r) {
	s = int(ns / NS); r = ns - s * NS
	if (r == 0) return sprintf("%.0f", s)
	return sprintf("%.0f.%09.0f", s, r)
}

END {
	if (failed) exit 1
	if (rejected) print "hourly-agents.awk: " rejected " rows rejected" > "/dev/stderr"
	print "queue", "date", "hour", "handled", "busy_seconds", "staffed"
	fflush()
	sort = "LC_ALL=C sort"
	for (i = 1; i <= ncells; i++) {
		c = cells[i]
		split(c, qh, SUBSEP)
		h = qh[2]
		n = split(cellAgents[c], agents, SUBSEP)
		staffed = 0; busyNS = 0
		for (j = 1; j <= n; j++) {
			a = agents[j]
			capped = spent[c, a] < 3600 * NS ? spent[c, a] : 3600 * NS
			busyNS += capped
			share = spent[c, a] / hourSpent[h, a]
			staffed += share > capped / (3600 * NS) ? share : capped / (3600 * NS)
		}
		print qh[1], civil(int(h / 24)), sprintf("%02d", h % 24), n, nsString(busyNS), \
			sprintf("%.17g", staffed) | sort
	}
	close(sort)
}
