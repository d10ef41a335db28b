// Package report evaluates the objectives of an SLA over interval
// statistics and renders the result as a table, CSV or JSON.
//
// Every figure over a period is pooled: the sums of the period's intervals
// are added first and the ratio taken once (vendor-pooling: 750 of 1,050
// calls is 71.43%, whatever the percentages of the intervals were). Beside
// it, the share of intervals with data that met the target on their own
// is kept as a separate, labelled view.
package report

import (
	"fmt"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/staffed"
	"github.com/sladesk/sladesk/stats"
)

// Report is the outcome of measuring call records against an SLA.
type Report struct {
	SLA *sladesk.SLA
	// Primary is the service-level objective whose threshold and
	// definition the interval and queue tables use.
	Primary *sladesk.Objective
	// Inputs describes each file read.
	Inputs []Input
	// Intervals holds the statistics of every queue and interval with
	// calls, ordered by queue then start.
	Intervals []*stats.Interval
	// Evaluations holds every objective per vendor, queue and period.
	Evaluations []Evaluation
	// Rejected counts the records that could not be read.
	Rejected Rejected
	// Unassigned lists queues with calls that no vendor of the SLA serves.
	Unassigned []string
	// Staffing sets the agents required beside the agents at work; nil
	// unless asked for.
	Staffing *Staffing
	// Notes warn of what makes the report emptier than the input: calls
	// that fall outside the contract and opening hours, for instance.
	Notes []string
	// Worst is how many worst intervals are kept for each missed period.
	Worst int
}

// Input describes one file read.
type Input struct {
	File      string
	Format    string
	Calls     int64 // segments read, ignored ones included
	Ignored   int64 // segments that are not real calls (PHANTOM)
	NotQueued int64 // calls that never reached a queue (left in a voice menu)
	Other     int64 // lines that hold no call (agent events, restarts)
	Rejected  int64
}

// Rejected counts rejected records and keeps the first few.
type Rejected struct {
	Count int64
	First []*sladesk.RecordError
}

// MaxRejectedShown is how many rejected records a report keeps.
const MaxRejectedShown = 20

// Add counts a rejection, keeping it if it is among the first.
func (r *Rejected) Add(e *sladesk.RecordError) {
	r.Count++
	if len(r.First) < MaxRejectedShown {
		r.First = append(r.First, e)
	}
}

// Options tune a report.
type Options struct {
	// Worst is the number of worst intervals kept for each missed period;
	// zero means 5.
	Worst int
	// SkipObjectives leaves Evaluations empty, for outputs that print no
	// objective (the CSV tables of intervals, queues and rejections).
	SkipObjectives bool
	// Staffing sets the agents required beside Actual, the agents at work
	// (see NewStaffing).
	Staffing bool
	Actual   []staffed.Agents
	// ActualPooled are the agents at work per vendor (see NewStaffing).
	ActualPooled []staffed.Agents
}

// New evaluates sla over the intervals and returns the report.
func New(sla *sladesk.SLA, intervals []*stats.Interval, inputs []Input, rejected Rejected,
	opts Options) *Report {
	if opts.Worst == 0 {
		opts.Worst = 5
	}
	r := &Report{
		SLA:       sla,
		Primary:   PrimaryObjective(sla),
		Inputs:    inputs,
		Intervals: intervals,
		Rejected:  rejected,
		Worst:     opts.Worst,
	}
	if !opts.SkipObjectives {
		r.Evaluations = Evaluate(sla, intervals, opts.Worst)
	}
	if opts.Staffing {
		r.Staffing = NewStaffing(sla, intervals, opts.Actual, opts.ActualPooled)
	}
	r.Notes = r.notes(opts)
	if len(sla.Vendors) > 0 {
		seen := make(map[string]bool)
		for _, iv := range intervals {
			if !seen[iv.Queue] && sla.VendorOf(iv.Queue) == "" {
				r.Unassigned = append(r.Unassigned, iv.Queue)
			}
			seen[iv.Queue] = true
		}
	}
	return r
}

// notes returns warnings about the report as a whole.
func (r *Report) notes(opts Options) []string {
	var notes []string
	if len(r.Intervals) == 0 {
		return append(notes, "no calls were read")
	}
	var calls int64
	for _, in := range r.Inputs {
		calls += in.Calls
	}
	if r.Rejected.Count > calls {
		notes = append(notes, fmt.Sprintf("more records were rejected (%d) than read (%d): "+
			"check the input format, column mapping and time zone", r.Rejected.Count, calls))
	}
	if opts.SkipObjectives {
		return notes
	}
	for _, ev := range r.Evaluations {
		if ev.IntervalsWithData > 0 {
			return notes
		}
	}
	c := r.SLA.Contract
	return append(notes, fmt.Sprintf("no interval with calls falls within the SLA's contract period "+
		"(%s to %s), opening hours and vendors' queues: check contract, hours and vendors in the SLA",
		dateOr(c.Start, "open"), dateOr(c.End, "open")))
}

func dateOr(d sladesk.Date, s string) string {
	if d.IsZero() {
		return s
	}
	return d.String()
}

// PrimaryObjective returns the SLA's first service-level objective, or,
// when it has none, 20 s with abandons counting against.
func PrimaryObjective(sla *sladesk.SLA) *sladesk.Objective {
	for i := range sla.Objectives {
		if sla.Objectives[i].Metric == sladesk.MetricServiceLevel {
			return &sla.Objectives[i]
		}
	}
	return &sladesk.DefaultSLA(sla.Location).Objectives[0]
}

// QueueTotals are one queue's totals over everything read.
type QueueTotals struct {
	Queue, Vendor string
	Interval      stats.Interval // every interval of the queue merged
	OutsideHours  int64          // offered calls in intervals outside opening hours
}

// Totals returns the totals of every queue, in queue order.
func (r *Report) Totals() []QueueTotals {
	var out []QueueTotals
	for _, iv := range r.Intervals {
		if len(out) == 0 || out[len(out)-1].Queue != iv.Queue {
			out = append(out, QueueTotals{Queue: iv.Queue, Vendor: r.SLA.VendorOf(iv.Queue)})
			out[len(out)-1].Interval.Queue = iv.Queue
		}
		t := &out[len(out)-1]
		t.Interval.Merge(iv)
		if !r.SLA.Hours.Open(iv.Start.In(r.SLA.Location)) {
			t.OutsideHours += iv.Offered()
		}
	}
	return out
}

// Span returns the first and last day with calls.
func (r *Report) Span() (first, last sladesk.Date, ok bool) {
	for _, iv := range r.Intervals {
		d := sladesk.DateOf(iv.Start.In(r.SLA.Location))
		if !ok || d.Before(first) {
			first = d
		}
		if !ok || last.Before(d) {
			last = d
		}
		ok = true
	}
	return first, last, ok
}

// seconds returns d in seconds for output.
func seconds(d time.Duration) float64 { return d.Seconds() }
