package report

import (
	"cmp"
	"errors"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/staffed"
	"github.com/sladesk/sladesk/staffing"
	"github.com/sladesk/sladesk/stats"
)

// Staffing sets the agents each interval required beside the agents that
// were at work.
type Staffing struct {
	// Targets describes the targets the requirement meets, for reading.
	Targets string
	// Rows hold every queue-interval that counts for the SLA (within
	// opening hours, the contract and the vendors' queues) with calls or
	// agents at work, ordered by queue then start.
	Rows []StaffingRow
	// Queues sum the rows of each queue, ordered by vendor then queue.
	Queues []StaffingQueue
	// PooledRows hold, per vendor and interval, all the vendor's queues
	// taken as one queue (Queue is PooledQueue): the requirement of their
	// calls together against every agent at work in them, ordered by
	// vendor then start; Pooled sum them per vendor. An agent whose events
	// log them into two queues counts in both. Both are empty when the
	// SLA names no vendors.
	PooledRows []StaffingRow
	Pooled     []StaffingQueue
}

// StaffingRow is one queue over one interval.
type StaffingRow struct {
	Queue, Vendor string
	Start         time.Time
	Length        time.Duration
	// Offered and AHT (seconds) are the load the requirement is for; AHT
	// is the interval's, or its queue's over everything read when no call
	// of the interval was answered.
	Offered int64
	AHT     float64
	// Required is the fewest agents meeting every target (Erlang C);
	// zero with Err set when no count does or the AHT is unknown.
	Required int
	Err      error
	// Actual are the agents at work; zero for an interval with calls and
	// no agent seen.
	Actual staffed.Agents
}

// Gap returns the agents at work less the agents required: negative when
// the interval was under-staffed.
func (r *StaffingRow) Gap() float64 { return r.Actual.Staffed - float64(r.Required) }

// errNoHandleTime is the requirement of calls whose queue has no answered
// call with a handle time: nothing tells how long they take.
var errNoHandleTime = errors.New("no handle time known for the queue")

// Verdict returns "under" when fewer agents were at work than required,
// "over" when a whole agent or more beyond the requirement was, and "ok"
// between; "infeasible" when no count meets the targets and "unknown"
// when the queue has no handle time to staff for.
func (r *StaffingRow) Verdict() string {
	// The agents at work are a mean of seconds over the interval; a
	// billionth of an agent is rounding, not a shortfall.
	const slack = 1e-9
	switch g := r.Gap(); {
	case errors.Is(r.Err, staffing.ErrInfeasible):
		return "infeasible"
	case r.Err != nil:
		return "unknown"
	case g < -slack:
		return "under"
	case g >= 1-slack:
		return "over"
	}
	return "ok"
}

// StaffingQueue sums one queue's rows.
type StaffingQueue struct {
	Queue, Vendor string
	Method        staffed.Method
	Intervals     int
	Under, Over   int
	// ShortHours and OverHours are the agent-hours short in the
	// under-staffed intervals and beyond the requirement in the
	// over-staffed ones.
	ShortHours, OverHours float64
	// RequiredHours and StaffedHours are the agent-hours of every row.
	RequiredHours, StaffedHours float64
	// Unstaffable counts the intervals with no requirement: targets no
	// count meets, or calls with no handle time.
	Unstaffable int
}

// NewStaffing compares the agents required by the intervals' calls with
// the agents at work. Each queue's requirement meets every service-level
// and ASA objective of the SLA that covers it (the default 80/20 when
// none does); abandon-rate objectives are left out, since Erlang C has
// callers wait forever and so over-states, never under-states, the need.
//
// pooled are the agents at work per vendor (staffed.Tracker.Pooled with
// the SLA's vendors as groups), each agent counted once across the
// vendor's queues; the pooled rows set them beside the requirement of the
// vendor's calls taken as one queue.
func NewStaffing(sla *sladesk.SLA, intervals []*stats.Interval, actual, pooled []staffed.Agents) *Staffing {
	s := &Staffing{}
	type key struct {
		queue string
		start int64
	}
	rows := make(map[key]*StaffingRow)
	for i, l := range Loads(intervals) {
		vendor, ok := CountsFor(sla, l.Queue, l.Start)
		if !ok {
			continue
		}
		rows[key{l.Queue, l.Start.Unix()}] = &StaffingRow{Queue: l.Queue, Vendor: vendor, Start: l.Start,
			Length: l.Length, Offered: intervals[i].Offered(), AHT: l.AHT}
	}
	for _, a := range actual {
		vendor, ok := CountsFor(sla, a.Queue, a.Start)
		if !ok {
			continue
		}
		k := key{a.Queue, a.Start.Unix()}
		r := rows[k]
		if r == nil {
			r = &StaffingRow{Queue: a.Queue, Vendor: vendor, Start: a.Start, Length: a.Length}
			rows[k] = r
		}
		r.Actual = a
	}

	targets := make(map[string][]staffing.Targets)
	for _, r := range rows {
		ts, ok := targets[r.Queue]
		if !ok {
			ts = QueueTargets(sla, r.Queue)
			targets[r.Queue] = ts
		}
		r.Required, r.Err = required(r, ts)
		s.Rows = append(s.Rows, *r)
	}
	slices.SortFunc(s.Rows, func(x, y StaffingRow) int {
		if c := cmp.Compare(x.Queue, y.Queue); c != 0 {
			return c
		}
		return x.Start.Compare(y.Start)
	})
	s.Targets = DescribeTargets(QueueTargets(sla, ""))
	queues := slices.Sorted(maps.Keys(targets))
	if len(queues) > 0 {
		s.Targets = DescribeTargets(targets[queues[0]])
		for _, q := range queues[1:] {
			if !slices.Equal(targets[q], targets[queues[0]]) {
				s.Targets = "each queue's own objectives in the SLA"
				break
			}
		}
	}
	s.Queues = sumQueues(s.Rows)
	// Without vendors named, the queues read may be several vendors',
	// whose agents cannot take each other's calls: nothing to pool.
	if len(sla.Vendors) > 0 {
		s.PooledRows = pooledRows(s.Rows, pooled, func(vendor string) []staffing.Targets {
			return vendorTargets(sla, vendor)
		})
		s.Pooled = sumQueues(s.PooledRows)
	}
	slices.SortStableFunc(s.Queues, func(a, b StaffingQueue) int {
		return cmp.Or(cmp.Compare(a.Vendor, b.Vendor), cmp.Compare(a.Queue, b.Queue))
	})
	return s
}

// PooledQueue is the Queue of the pooled summaries: every queue of a
// vendor as one.
const PooledQueue = "(all, pooled)"

// pooledRows returns, per vendor and interval, the rows of the vendor's
// queues as one queue: their offered calls at the call-weighted AHT, the
// requirement of that one queue, and the agents at work in all of them.
// Where agents take the calls of several queues, as most multi-skilled
// teams do, this is the fair comparison: each queue's own requirement
// asks for whole agents that the shared agents are split across.
func pooledRows(rows []StaffingRow, actual []staffed.Agents,
	targetsOf func(vendor string) []staffing.Targets) []StaffingRow {
	type key struct {
		vendor string
		start  int64
	}
	byKey := make(map[key]*StaffingRow)
	work := make(map[key]float64) // call-seconds of the calls with an AHT
	var keys []key
	for i := range rows {
		r := &rows[i]
		k := key{r.Vendor, r.Start.Unix()}
		p := byKey[k]
		if p == nil {
			p = &StaffingRow{Queue: PooledQueue, Vendor: r.Vendor, Start: r.Start, Length: r.Length,
				Actual: staffed.Agents{Queue: PooledQueue, Start: r.Start, Length: r.Length}}
			byKey[k] = p
			keys = append(keys, k)
		}
		p.Offered += r.Offered
		if r.AHT > 0 {
			work[k] += float64(r.Offered) * r.AHT
		} else if r.Offered > 0 {
			p.Err = errNoHandleTime
		}
	}
	for _, a := range actual {
		if p := byKey[key{a.Queue, a.Start.Unix()}]; p != nil {
			p.Actual = a
			p.Actual.Queue = PooledQueue
		}
	}
	out := make([]StaffingRow, 0, len(keys))
	for _, k := range keys {
		p := byKey[k]
		if p.Err == nil && p.Offered > 0 {
			p.AHT = work[k] / float64(p.Offered)
			p.Required, p.Err = required(p, targetsOf(k.vendor))
		}
		out = append(out, *p)
	}
	slices.SortStableFunc(out, func(x, y StaffingRow) int {
		return cmp.Or(cmp.Compare(x.Vendor, y.Vendor), x.Start.Compare(y.Start))
	})
	return out
}

// vendorTargets returns the targets of a vendor's queues taken as one:
// every set of targets of any of its queues, since the pooled calls must
// meet each queue's objectives.
func vendorTargets(sla *sladesk.SLA, vendor string) []staffing.Targets {
	var ts []staffing.Targets
	for _, v := range sla.Vendors {
		if v.Name != vendor {
			continue
		}
		for _, q := range v.Queues {
			for _, t := range QueueTargets(sla, q) {
				if !slices.Contains(ts, t) {
					ts = append(ts, t)
				}
			}
		}
	}
	return ts
}

// QueueTargets returns one set of targets per objective covering queue
// that staffing can meet, or the default SLA's service level when none.
// The requirement is the largest over the sets: each measure is monotone
// in the agents, so that is the fewest agents meeting them all.
func QueueTargets(sla *sladesk.SLA, queue string) []staffing.Targets {
	var ts []staffing.Targets
	for i := range sla.Objectives {
		o := &sla.Objectives[i]
		if queue != "" && !o.AppliesTo(queue) {
			continue
		}
		switch {
		case o.Metric == sladesk.MetricServiceLevel && o.Compare == sladesk.AtLeast:
			ts = append(ts, staffing.Targets{ServiceLevel: o.Target, Threshold: o.Threshold.Seconds()})
		case o.Metric == sladesk.MetricASA && o.Compare == sladesk.AtMost && o.Target > 0:
			ts = append(ts, staffing.Targets{MaxASA: o.Target})
		}
	}
	if len(ts) == 0 {
		def := sladesk.DefaultSLA(sla.Location).Objectives[0]
		ts = append(ts, staffing.Targets{ServiceLevel: def.Target, Threshold: def.Threshold.Seconds()})
	}
	return ts
}

// required returns the agents the row's load needs for every set of
// targets.
func required(r *StaffingRow, ts []staffing.Targets) (int, error) {
	switch {
	case r.Offered == 0:
		return 0, nil
	case r.AHT <= 0:
		return 0, errNoHandleTime
	}
	d := staffing.Demand{Calls: float64(r.Offered), Interval: r.Length.Seconds(), AHT: r.AHT}
	n := 0
	for _, t := range ts {
		f, err := staffing.Required(d, t)
		if err != nil {
			return 0, err
		}
		n = max(n, f.Agents)
	}
	return n, nil
}

// DescribeTargets reads several sets of targets as one: "80% in 20s, ASA
// 30s".
func DescribeTargets(ts []staffing.Targets) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.String()
	}
	return strings.Join(parts, ", ")
}

// sumQueues sums rows ordered by queue (and vendor).
func sumQueues(rows []StaffingRow) []StaffingQueue {
	var out []StaffingQueue
	for i := range rows {
		r := &rows[i]
		if len(out) == 0 || out[len(out)-1].Queue != r.Queue || out[len(out)-1].Vendor != r.Vendor {
			out = append(out, StaffingQueue{Queue: r.Queue, Vendor: r.Vendor})
		}
		q := &out[len(out)-1]
		if r.Actual.Method == staffed.FromEvents {
			q.Method = staffed.FromEvents
		}
		q.Intervals++
		hours := r.Length.Hours()
		q.RequiredHours += float64(r.Required) * hours
		q.StaffedHours += r.Actual.Staffed * hours
		switch r.Verdict() {
		case "under":
			q.Under++
			q.ShortHours += -r.Gap() * hours
		case "over":
			q.Over++
			q.OverHours += r.Gap() * hours
		case "infeasible", "unknown":
			q.Unstaffable++
		}
	}
	return out
}

// Loads returns the load of every interval for staffing: the calls offered
// and the AHT of the calls answered. An interval without an answered call
// with a handle time takes its queue's AHT over every interval given; a
// queue with no handle time anywhere has nothing to staff for, and its
// loads have no calls. intervals must be ordered by queue.
func Loads(intervals []*stats.Interval) []staffing.IntervalLoad {
	queueAHT := make(map[string]float64)
	var totals stats.Interval
	for i, iv := range intervals {
		if i == 0 || iv.Queue != intervals[i-1].Queue {
			totals = stats.Interval{}
		}
		totals.Merge(iv)
		if n := totals.Answered(); n > 0 {
			queueAHT[iv.Queue] = totals.Handle().Seconds() / float64(n)
		}
	}
	loads := make([]staffing.IntervalLoad, 0, len(intervals))
	for _, iv := range intervals {
		aht := queueAHT[iv.Queue]
		if n := iv.Answered(); n > 0 && iv.Handle() > 0 {
			aht = iv.Handle().Seconds() / float64(n)
		}
		calls := float64(iv.Offered())
		if aht <= 0 || math.IsNaN(aht) {
			calls = 0
		}
		loads = append(loads, staffing.IntervalLoad{Queue: iv.Queue, Start: iv.Start, Length: iv.Length,
			Calls: calls, AHT: aht})
	}
	return loads
}
