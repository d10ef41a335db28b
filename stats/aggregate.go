package stats

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/sladesk/sladesk"
)

// ValidLength reports whether d is an interval length sladesk cuts: 15, 30
// or 60 minutes, which divide every hour and so every UTC offset in use
// (whole hours, half hours, and +05:45 with 15 minutes).
func ValidLength(d time.Duration) error {
	switch d {
	case 15 * time.Minute, 30 * time.Minute, 60 * time.Minute:
		return nil
	}
	return fmt.Errorf("interval %s: want 15m, 30m or 60m", d)
}

// Aggregator credits calls to intervals of local time. It keeps one
// Interval per queue and interval that has calls, so its memory grows with
// the span of time and the number of queues, never with the number of
// calls.
type Aggregator struct {
	loc    *time.Location
	length int64 // seconds
	m      map[key]*Interval

	// The zone in force for the last call, so that most calls need no
	// time-zone lookup: offset applies to instants in [zoneStart, zoneEnd).
	offset             int64
	zoneStart, zoneEnd int64
}

type key struct {
	queue string
	start int64 // Unix seconds
}

// NewAggregator returns an aggregator of intervals of the given length in
// loc. It returns an error for a length other than 15, 30 or 60 minutes.
func NewAggregator(loc *time.Location, length time.Duration) (*Aggregator, error) {
	if err := ValidLength(length); err != nil {
		return nil, err
	}
	if loc == nil {
		loc = time.UTC
	}
	return &Aggregator{loc: loc, length: int64(length / time.Second), m: make(map[key]*Interval)}, nil
}

// Add credits c to the interval in which it arrived.
func (a *Aggregator) Add(c *sladesk.Call) {
	start, end := a.boundsOf(c.Arrived)
	k := key{c.Queue, start}
	iv := a.m[k]
	if iv == nil {
		iv = &Interval{
			Queue:  c.Queue,
			Start:  time.Unix(start, 0).In(a.loc),
			Length: time.Duration(end-start) * time.Second,
		}
		a.m[k] = iv
	}
	iv.Add(c)
}

// startOf returns the Unix second at which the interval holding t starts.
// Intervals are cut on the local clock: the local time is floored to the
// interval length, then turned back into an instant with the offset in
// force at t. On a DST fall-back day the two 01:30s have different offsets
// and so land in two different intervals, as they must.
//
// Where the clocks move by less than an interval (Lord Howe Island moves
// them by 30 minutes), the local grid shifts at the change: the interval
// in which the change falls is cut at it, so that intervals never overlap
// and never leave a gap; it is then shorter than the others.
func (a *Aggregator) startOf(t time.Time) int64 {
	start, _ := a.boundsOf(t)
	return start
}

// boundsOf returns the Unix seconds at which the interval holding t starts
// and ends.
func (a *Aggregator) boundsOf(t time.Time) (start, end int64) {
	u := t.Unix()
	if u < a.zoneStart || u >= a.zoneEnd {
		a.lookupZone(t)
	}
	local := u + a.offset
	start = local - floorMod(local, a.length) - a.offset
	end = min(start+a.length, a.zoneEnd)
	return max(start, a.zoneStart), end
}

func (a *Aggregator) lookupZone(t time.Time) {
	lt := t.In(a.loc)
	_, off := lt.Zone()
	a.offset = int64(off)
	start, end := lt.ZoneBounds()
	a.zoneStart, a.zoneEnd = minUnix, maxUnix
	if !start.IsZero() {
		a.zoneStart = start.Unix()
	}
	if !end.IsZero() {
		a.zoneEnd = end.Unix()
	}
}

const (
	minUnix = -1 << 62
	maxUnix = 1 << 62
)

func floorMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// IntervalStart returns the start of the interval of the given length, in
// loc, that holds t.
func IntervalStart(t time.Time, loc *time.Location, length time.Duration) time.Time {
	a := Aggregator{loc: loc, length: int64(length / time.Second)}
	a.lookupZone(t)
	return time.Unix(a.startOf(t), 0).In(loc)
}

// Intervals returns every interval with calls, ordered by queue then start.
func (a *Aggregator) Intervals() []*Interval {
	out := make([]*Interval, 0, len(a.m))
	for _, iv := range a.m {
		out = append(out, iv)
	}
	slices.SortFunc(out, func(x, y *Interval) int {
		if c := cmp.Compare(x.Queue, y.Queue); c != 0 {
			return c
		}
		return x.Start.Compare(y.Start)
	})
	return out
}

// Merge adds every interval of o to a. Both must cut the same intervals.
func (a *Aggregator) Merge(o *Aggregator) {
	for k, iv := range o.m {
		if mine := a.m[k]; mine != nil {
			mine.Merge(iv)
		} else {
			a.m[k] = iv
		}
	}
}

// DayIntervals returns the start of every interval of the given length in
// the local day d: 96 quarter-hours on most days, 92 on the day clocks go
// forward an hour and 100 on the day they go back.
func DayIntervals(d sladesk.Date, loc *time.Location, length time.Duration) []time.Time {
	from, to := d.Midnight(loc), d.AddDays(1).Midnight(loc)
	var out []time.Time
	for t := from; t.Before(to); t = t.Add(length) {
		out = append(out, t)
	}
	return out
}

// Grid cuts time into the intervals an Aggregator credits calls to, for
// measures that span time (agents logged in, agents busy) rather than
// happen at an instant.
type Grid struct {
	a Aggregator
}

// NewGrid returns the grid of intervals of the given length in loc. It
// returns an error for a length other than 15, 30 or 60 minutes.
func NewGrid(loc *time.Location, length time.Duration) (*Grid, error) {
	a, err := NewAggregator(loc, length)
	if err != nil {
		return nil, err
	}
	a.m = nil
	return &Grid{a: *a}, nil
}

// Cut calls visit for every interval that [from, to) overlaps, in order,
// with the interval's start and length and the part of [from, to) that
// falls in it. Nothing is visited when to is not after from.
func (g *Grid) Cut(from, to time.Time, visit func(start time.Time, length, overlap time.Duration)) {
	for from.Before(to) {
		s, e := g.a.boundsOf(from)
		start, end := time.Unix(s, 0).In(g.a.loc), time.Unix(e, 0)
		stop := to
		if end.Before(to) {
			stop = end
		}
		visit(start, end.Sub(start), stop.Sub(from))
		from = stop
	}
}

// AddInterval merges the statistics of iv, cut on a finer grid (the
// store's 15-minute UTC buckets), into the interval of a that holds its
// start. iv must lie within one interval of a: its length divides a's,
// and its start is on the grid of both, as a 15-minute UTC bucket is in
// any local interval of 15, 30 or 60 minutes.
func (a *Aggregator) AddInterval(iv *Interval) {
	start, end := a.boundsOf(iv.Start)
	k := key{iv.Queue, start}
	mine := a.m[k]
	if mine == nil {
		mine = &Interval{Queue: iv.Queue, Start: time.Unix(start, 0).In(a.loc),
			Length: time.Duration(end-start) * time.Second}
		a.m[k] = mine
	}
	mine.Merge(iv)
}
