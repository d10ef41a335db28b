package simulate

import (
	"math"
	"math/rand/v2"
	"time"
)

// calendar maps the run's intervals to time. Inside the simulation a time is
// a float64 number of seconds since the epoch, the local midnight that
// starts the first day; intervals are cut every Interval from the epoch, so
// a day of 23 or 25 hours simply has fewer or more of them.
type calendar struct {
	epoch    time.Time     // midnight of the first day, in the run's Location
	interval time.Duration // the run's interval
	length   float64       // the interval in seconds, a whole number
	slots    int           // intervals in the run; no call arrives after them
	res      time.Duration // resolution of emitted times
	source   string        // Call.Source
}

// newCalendar returns the calendar of a run of c, which has its defaults.
//
// BUG: a zone whose clock moves by less than the interval (Lord Howe
// Island shifts by 30 minutes) makes intervals straddle local clock
// boundaries on and after the change, and a day that is not a whole number
// of intervals loses its last part. Cutting intervals on the local clock
// instead of every Interval from the epoch would fix it; it was left
// because only that one zone has such a change.
func newCalendar(c *Config) calendar {
	y, m, d := c.Start.Date()
	epoch := time.Date(y, m, d, 0, 0, 0, 0, c.Location)
	end := time.Date(y, m, d+c.Days, 0, 0, 0, 0, c.Location)
	return calendar{
		epoch:    epoch,
		interval: c.Interval,
		length:   c.Interval.Seconds(),
		slots:    int(end.Sub(epoch) / c.Interval),
		res:      c.Resolution,
		source:   c.Source,
	}
}

// start returns the first instant of interval s.
func (c *calendar) start(s int) time.Time { return c.epoch.Add(time.Duration(s) * c.interval) }

// slotStart returns the first instant of interval s in seconds. Both factors
// are whole numbers, so the product is exact and slotOf inverts it.
func (c *calendar) slotStart(s int) float64 { return float64(s) * c.length }

// slotOf returns the interval in which x falls.
func (c *calendar) slotOf(x float64) int { return int(math.Floor(x / c.length)) }

// round returns x seconds as a duration rounded to the resolution. It is
// monotone, so the order of any two instants survives rounding.
func (c *calendar) round(x float64) time.Duration {
	return time.Duration(math.Round(x/c.res.Seconds())) * c.res
}

// sampler draws durations in seconds from a Dist.
type sampler struct {
	kind  DistKind
	mean  float64 // seconds; 0 means never
	sigma float64 // of the underlying normal, for Lognormal
}

func newSampler(d Dist) sampler {
	cv := d.CV
	if cv == 0 {
		cv = 1
	}
	// A lognormal with mean m and coefficient of variation cv is
	// exp(N(mu, sigma^2)) with sigma^2 = ln(1 + cv^2), mu = ln m - sigma^2/2.
	return sampler{kind: d.Kind, mean: d.Mean.Seconds(), sigma: math.Sqrt(math.Log1p(cv * cv))}
}

// draw returns one duration; 0, without a draw, when the mean is 0.
func (s *sampler) draw(r *rand.Rand) float64 {
	switch {
	case s.mean == 0:
		return 0
	case s.kind == Fixed:
		return s.mean
	case s.kind == Lognormal:
		return s.mean * math.Exp(s.sigma*r.NormFloat64()-s.sigma*s.sigma/2)
	}
	return s.mean * r.ExpFloat64()
}
