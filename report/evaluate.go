package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/stats"
)

// AllQueues is the Queue of an evaluation pooled over every queue a vendor
// serves.
const AllQueues = ""

// Evaluation is one objective for one vendor (and one queue, or all of the
// vendor's queues) over one period.
type Evaluation struct {
	// Objective indexes SLA.Objectives.
	Objective int
	Vendor    string
	// Queue is the queue evaluated, or AllQueues for the vendor's pool.
	Queue  string
	Period sladesk.PeriodKind
	// Label names the period: 2024-03-05, 2024-W10, 2024-03, an
	// interval's start, or "contract".
	Label string
	// Start and End bound the period, End excluded.
	Start, End time.Time

	// Tally holds the pooled sums over the period.
	Tally Tally
	// Value is the pooled value; meaningful only when HasValue.
	Value    float64
	HasValue bool
	// Met reports whether Value meets the target; false with no data.
	Met bool

	// IntervalsWithData counts the intervals of the period that have a
	// value; IntervalsMet those that met the target on their own. Their
	// ratio is a different view from the pooled value and is labelled so.
	IntervalsWithData, IntervalsMet int

	// Worst lists the intervals that did worst, when the period missed.
	Worst []IntervalValue
}

// IntervalValue is the value of an objective over one interval.
type IntervalValue struct {
	Queue string
	Start time.Time
	Value float64
	Calls int64
}

// evaluator folds interval statistics into evaluations.
type evaluator struct {
	sla   *sladesk.SLA
	worst int
	acc   map[accKey]*Evaluation
	units map[accKey][]IntervalValue
}

type accKey struct {
	obj           int
	vendor, queue string
	label         string
}

// Evaluate evaluates every objective of sla over the intervals, for each
// vendor and each of its queues, over each period of the objective. Only
// intervals within opening hours and the contract period count. worst is
// the number of worst intervals to keep for each missed period.
func Evaluate(sla *sladesk.SLA, intervals []*stats.Interval, worst int) []Evaluation {
	e := &evaluator{sla: sla, worst: worst,
		acc: make(map[accKey]*Evaluation), units: make(map[accKey][]IntervalValue)}
	vendorUnits := make(map[vendorUnitKey]Tally)

	for _, iv := range intervals {
		vendor, ok := e.counts(iv)
		if !ok {
			continue
		}
		for oi := range sla.Objectives {
			obj := &sla.Objectives[oi]
			if !obj.AppliesTo(iv.Queue) {
				continue
			}
			t := tallyOf(iv, obj)
			e.add(oi, vendor, iv.Queue, iv.Start, t)
			vk := vendorUnitKey{oi, vendor, iv.Start.Unix()}
			vt := vendorUnits[vk]
			vt.Add(t)
			vendorUnits[vk] = vt
		}
	}

	// The vendor's pool is evaluated on its own pooled intervals, so that
	// its share of intervals met is about the vendor, not about queues.
	for vk, t := range vendorUnits {
		start := time.Unix(vk.start, 0).In(sla.Location)
		e.add(vk.obj, vk.vendor, AllQueues, start, t)
	}
	e.addEmptyPeriods(intervals)
	return e.finish()
}

// addEmptyPeriods adds an evaluation without data for every period of the
// span of the calls (within the contract) in which a vendor or queue had no
// call: a day without calls is "no data", and must show as such rather
// than vanish. Days on which the queues are closed are left out.
func (e *evaluator) addEmptyPeriods(intervals []*stats.Interval) {
	first, last, ok := e.span(intervals)
	if !ok || first.AddDays(maxEmptySpanDays).Before(last) {
		return
	}
	owners := e.owners(intervals)
	for oi := range e.sla.Objectives {
		obj := &e.sla.Objectives[oi]
		if obj.Period == sladesk.PeriodInterval {
			continue // one row per empty interval would drown the report
		}
		for d := first; !last.Before(d); d = d.AddDays(1) {
			if obj.Period == sladesk.PeriodDay && !e.openOn(d) {
				continue
			}
			label, pstart, pend := e.period(obj.Period, d.Midnight(e.sla.Location))
			for _, o := range owners {
				if o.queue != AllQueues && !obj.AppliesTo(o.queue) ||
					o.queue == AllQueues && !e.appliesToVendor(obj, o.vendor) {
					continue
				}
				k := accKey{oi, o.vendor, o.queue, label}
				if e.acc[k] == nil {
					e.acc[k] = &Evaluation{Objective: oi, Vendor: o.vendor, Queue: o.queue,
						Period: obj.Period, Label: label, Start: pstart, End: pend}
				}
			}
		}
	}
}

// appliesToVendor reports whether obj covers any queue of vendor: an
// objective on another vendor's queues is no objective of this one, not
// one it has "no data" for. Without vendors named, every objective is the
// unnamed vendor's.
func (e *evaluator) appliesToVendor(obj *sladesk.Objective, vendor string) bool {
	if len(obj.Queues) == 0 || vendor == "" {
		return true
	}
	for _, v := range e.sla.Vendors {
		if v.Name != vendor {
			continue
		}
		for _, q := range v.Queues {
			if obj.AppliesTo(q) {
				return true
			}
		}
	}
	return false
}

// maxEmptySpanDays bounds the span over which periods without calls are
// listed: beyond it (a stray date decades away) the rows of no data would
// outnumber everything else.
const maxEmptySpanDays = 3 * 366

type owner struct{ vendor, queue string }

// owners returns every vendor's pool and queue: the SLA's, or, with no
// vendors named, the queues of the data under one unnamed vendor.
func (e *evaluator) owners(intervals []*stats.Interval) []owner {
	var out []owner
	if len(e.sla.Vendors) == 0 {
		out = append(out, owner{"", AllQueues})
		seen := make(map[string]bool)
		for _, iv := range intervals {
			if !seen[iv.Queue] {
				seen[iv.Queue] = true
				out = append(out, owner{"", iv.Queue})
			}
		}
		return out
	}
	for _, v := range e.sla.Vendors {
		out = append(out, owner{v.Name, AllQueues})
		for _, q := range v.Queues {
			out = append(out, owner{v.Name, q})
		}
	}
	return out
}

// span returns the first and last day with calls, within the contract.
func (e *evaluator) span(intervals []*stats.Interval) (first, last sladesk.Date, ok bool) {
	for _, iv := range intervals {
		d := sladesk.DateOf(iv.Start.In(e.sla.Location))
		if !e.sla.Contract.Contains(d) {
			continue
		}
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

// openOn reports whether the queues open at all on day d.
func (e *evaluator) openOn(d sladesk.Date) bool {
	h := &e.sla.Hours
	for _, c := range h.Closed {
		if c == d {
			return false
		}
	}
	return h.AlwaysOpenDays() || len(h.Days[d.Weekday()]) > 0
}

type vendorUnitKey struct {
	obj    int
	vendor string
	start  int64
}

// counts reports whether an interval counts for the SLA, and its vendor
// (see CountsFor).
func (e *evaluator) counts(iv *stats.Interval) (vendor string, ok bool) {
	return CountsFor(e.sla, iv.Queue, iv.Start)
}

// CountsFor reports whether the interval of queue starting at start counts
// for sla (within opening hours and the contract period, on a queue a
// vendor serves), and its vendor.
func CountsFor(sla *sladesk.SLA, queue string, start time.Time) (vendor string, ok bool) {
	start = start.In(sla.Location)
	if !sla.Hours.Open(start) || !sla.Contract.Contains(sladesk.DateOf(start)) {
		return "", false
	}
	if len(sla.Vendors) == 0 {
		return "", true
	}
	vendor = sla.VendorOf(queue)
	return vendor, vendor != ""
}

// add folds one interval's tally into the evaluation of its period.
func (e *evaluator) add(oi int, vendor, queue string, start time.Time, t Tally) {
	obj := &e.sla.Objectives[oi]
	label, pstart, pend := e.period(obj.Period, start)
	k := accKey{oi, vendor, queue, label}
	ev := e.acc[k]
	if ev == nil {
		ev = &Evaluation{Objective: oi, Vendor: vendor, Queue: queue, Period: obj.Period,
			Label: label, Start: pstart, End: pend}
		e.acc[k] = ev
	}
	if obj.Period == sladesk.PeriodContract {
		// An open-ended contract spans the data it has.
		if ev.Start.IsZero() || (e.sla.Contract.Start.IsZero() && start.Before(ev.Start)) {
			ev.Start = start
		}
		if iend := start.Add(e.sla.Interval); ev.End.IsZero() ||
			(e.sla.Contract.End.IsZero() && iend.After(ev.End)) {
			ev.End = iend
		}
	}
	ev.Tally.Add(t)

	v, ok := t.Value(obj)
	if !ok {
		return
	}
	ev.IntervalsWithData++
	if obj.Met(v) {
		ev.IntervalsMet++
	}
	e.units[k] = append(e.units[k], IntervalValue{Queue: queue, Start: start, Value: v, Calls: t.Calls(obj)})
}

// finish computes the pooled values and orders the evaluations: by
// objective, vendor, queue (the pool first), then period.
func (e *evaluator) finish() []Evaluation {
	out := make([]Evaluation, 0, len(e.acc))
	for k, ev := range e.acc {
		obj := &e.sla.Objectives[ev.Objective]
		ev.Value, ev.HasValue = ev.Tally.Value(obj)
		ev.Met = ev.HasValue && obj.Met(ev.Value)
		if ev.HasValue && !ev.Met && e.worst > 0 {
			ev.Worst = worstOf(e.units[k], obj, e.worst)
		}
		out = append(out, *ev)
	}
	slices.SortFunc(out, func(a, b Evaluation) int {
		return cmp.Or(
			cmp.Compare(a.Objective, b.Objective),
			cmp.Compare(a.Vendor, b.Vendor),
			cmp.Compare(a.Queue, b.Queue),
			a.Start.Compare(b.Start),
		)
	})
	return out
}

// worstOf returns the n intervals that missed the target by the most
// calls: the distance to the target times the interval's calls, so that a
// busy interval at 60% ranks above a single abandoned call at 0%. It is the
// number of calls (or, for ASA and AHT, call-seconds) the interval would
// have needed to set right, which is what a supervisor can act on.
func worstOf(units []IntervalValue, obj *sladesk.Objective, n int) []IntervalValue {
	var missed []IntervalValue
	for _, u := range units {
		if !obj.Met(u.Value) {
			missed = append(missed, u)
		}
	}
	deficit := func(u IntervalValue) float64 { return math.Abs(u.Value-obj.Target) * float64(u.Calls) }
	slices.SortFunc(missed, func(a, b IntervalValue) int {
		return cmp.Or(-cmp.Compare(deficit(a), deficit(b)), a.Start.Compare(b.Start))
	})
	if len(missed) > n {
		missed = missed[:n]
	}
	return missed
}

// period returns the label and bounds of the period of kind k holding the
// interval that starts at t.
func (e *evaluator) period(k sladesk.PeriodKind, t time.Time) (label string, start, end time.Time) {
	loc := e.sla.Location
	t = t.In(loc)
	day := sladesk.DateOf(t)
	switch k {
	case sladesk.PeriodInterval:
		return t.Format(time.RFC3339), t, t.Add(e.sla.Interval)
	case sladesk.PeriodDay:
		return day.String(), day.Midnight(loc), day.AddDays(1).Midnight(loc)
	case sladesk.PeriodWeek:
		monday := day.AddDays(-((int(day.Weekday()) + 6) % 7))
		y, w := monday.Midnight(loc).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w), monday.Midnight(loc), monday.AddDays(7).Midnight(loc)
	case sladesk.PeriodMonth:
		first := sladesk.Date{Year: day.Year, Month: day.Month, Day: 1}
		next := sladesk.DateOf(time.Date(day.Year, day.Month+1, 1, 12, 0, 0, 0, time.UTC))
		return fmt.Sprintf("%04d-%02d", day.Year, day.Month), first.Midnight(loc), next.Midnight(loc)
	}
	c := e.sla.Contract
	if !c.Start.IsZero() {
		start = c.Start.Midnight(loc)
	}
	if !c.End.IsZero() {
		end = c.End.AddDays(1).Midnight(loc)
	}
	return "contract", start, end
}
