package simulate

import (
	"math"
	"slices"
	"time"
)

// defaultShape is the offered load of an inbound service line by hour of
// day, relative to the busiest hours: quiet at night, a morning peak at
// 10:00, a dip at lunch, a second, lower peak at 14:00, and a long evening
// decline. It is a made-up curve with the two peaks and the lunch dip that
// inbound service lines typically show, not measured data.
var defaultShape = [24]float64{
	0.08, 0.05, 0.04, 0.03, 0.03, 0.05, 0.12, 0.35, // 00:00-07:59
	0.75, 1.00, 1.10, 1.00, 0.72, 0.80, 0.98, 0.95, // 08:00-15:59
	0.82, 0.62, 0.45, 0.35, 0.28, 0.22, 0.16, 0.11, // 16:00-23:59
}

// DefaultShape returns the hourly weights a Profile uses when it has none:
// low at night, peaks at 10:00 and 14:00 with a dip at lunch.
func DefaultShape() [24]float64 { return defaultShape }

// Profile is an intraday and weekly pattern of offered calls. Its Offered
// method is a QueueConfig.Offered function.
type Profile struct {
	// Weekday is the expected number of calls offered on each of Monday to
	// Friday.
	Weekday float64
	// Saturday and Sunday are the expected calls on those days; zero means
	// none.
	Saturday, Sunday float64
	// Shape weighs the hours of the day: Shape[h] is the relative arrival
	// rate in the middle of hour h, and the rate between two middles is
	// interpolated linearly, so the load rises and falls smoothly instead of
	// jumping every hour. All zero means DefaultShape.
	Shape [24]float64
}

// Offered returns the expected calls offered in [start, start+length): the
// day's volume times the share of the day's shape that falls in the
// interval, read on start's local clock. On a day with a daylight-saving
// change the clock hour that repeats is offered twice and the one skipped
// not at all, as callers follow the clock.
func (p Profile) Offered(start time.Time, length time.Duration) float64 {
	shape := p.shape()
	total := 0.0
	for _, w := range shape {
		total += w
	}
	if total <= 0 {
		return 0
	}
	h, m, s := start.Clock()
	from := float64(h) + float64(m)/60 + float64(s)/3600
	return p.perDay(start.Weekday()) * integrate(shape, from, from+length.Hours()) / total
}

func (p *Profile) shape() *[24]float64 {
	if p.Shape == [24]float64{} {
		return &defaultShape
	}
	return &p.Shape
}

func (p *Profile) perDay(d time.Weekday) float64 {
	switch d {
	case time.Saturday:
		return p.Saturday
	case time.Sunday:
		return p.Sunday
	}
	return p.Weekday
}

// integrate returns the integral over [a, b] hours of the periodic,
// piecewise-linear rate through (h+0.5, shape[h]); a and b lie in [0, 48).
// Over a whole day it is the sum of the weights. The trapezoid rule is
// exact on each linear piece, so the pieces are cut at the knots.
func integrate(shape *[24]float64, a, b float64) float64 {
	sum := 0.0
	for x := a; x < b; {
		next := math.Min(b, math.Floor(x-0.5)+1.5) // the next knot after x
		sum += (next - x) * (rateAt(shape, x) + rateAt(shape, next)) / 2
		x = next
	}
	return sum
}

// rateAt interpolates the shape at x hours after midnight.
func rateAt(shape *[24]float64, x float64) float64 {
	u := x - 0.5
	k := math.Floor(u)
	frac := u - k
	i := (int(k)%24 + 24) % 24
	return shape[i]*(1-frac) + shape[(i+1)%24]*frac
}

// ConstantOffered returns an Offered function with the same arrival rate,
// perHour calls an hour, at every moment: the stationary load of Erlang's
// formulas.
func ConstantOffered(perHour float64) func(time.Time, time.Duration) float64 {
	return func(_ time.Time, length time.Duration) float64 { return perHour * length.Hours() }
}

// ConstantAgents returns an Agents function with n agents at every moment.
func ConstantAgents(n int) func(time.Time, time.Duration) int {
	return func(time.Time, time.Duration) int { return n }
}

// Staffing sizes the agents on shift from the offered load by the
// square-root safety rule,
//
//	agents = ceil(A + Safety * sqrt(A)),  A = offered * AHT / length,
//
// where A is the workload in Erlangs (Halfin and Whitt, "Heavy-traffic
// limits for queues with many exponential servers", Operations Research
// 1981; Borst, Mandelbaum and Reiman, "Dimensioning large call centers",
// Operations Research 2004). With Safety 1, a load of 10 Erlangs gets 14
// agents, who answer 89% of calls within 20 s at an AHT of 3 minutes
// (Erlang C); near 0 the queue runs close to full occupancy and waits
// grow. Its Agents method is a QueueConfig.Agents function.
type Staffing struct {
	// Offered is the load to staff for, usually the queue's own Offered.
	// Required.
	Offered func(start time.Time, length time.Duration) float64
	// AHT is the mean handle time the workload is computed with.
	AHT time.Duration
	// Safety is the number of standard deviations of the load staffed on
	// top of it (beta in the square-root rule).
	Safety float64
	// Block, when longer than the interval, keeps staffing constant over
	// blocks of this length from midnight (shifts of 4 hours, say), sized
	// for the block's mean load, so that peaks within a block are
	// understaffed and quiet times overstaffed, as with rigid shifts.
	Block time.Duration
	// Min is the least number of agents while the queue is open.
	Min int
	// Opens and Closes are the opening hours as times of day on the local
	// clock; no agent is on shift outside them. Both zero means open
	// around the clock; Closes zero alone means open until midnight.
	Opens, Closes time.Duration
	// Closed lists the days on which no agent is on shift.
	Closed []time.Weekday
}

// Agents returns the agents on shift in the interval [start,
// start+length).
func (s Staffing) Agents(start time.Time, length time.Duration) int {
	if !s.open(start) {
		return 0
	}
	a := s.meanLoad(start, length) * s.AHT.Seconds() / length.Seconds()
	n := 0
	if a > 0 {
		n = int(math.Ceil(a + s.Safety*math.Sqrt(a)))
	}
	return max(n, s.Min)
}

// open reports whether the queue is open at t.
func (s *Staffing) open(t time.Time) bool {
	if slices.Contains(s.Closed, t.Weekday()) {
		return false
	}
	closes := s.Closes
	if closes == 0 {
		closes = 24 * time.Hour
	}
	tod := timeOfDay(t)
	return tod >= s.Opens && tod < closes
}

// meanLoad returns the mean offered calls per interval over the open
// intervals of start's block (over the interval alone when there are no
// blocks).
func (s *Staffing) meanLoad(start time.Time, length time.Duration) float64 {
	if s.Block <= length {
		return s.Offered(start, length)
	}
	from := start.Add(-(timeOfDay(start) % s.Block))
	sum, n := 0.0, 0
	for t := from; t.Before(from.Add(s.Block)); t = t.Add(length) {
		if s.open(t) {
			sum += s.Offered(t, length)
			n++
		}
	}
	return sum / float64(n) // n >= 1: start itself is open
}

// timeOfDay returns the time elapsed on t's local clock since midnight.
func timeOfDay(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}
