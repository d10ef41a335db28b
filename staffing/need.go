package staffing

import (
	"math"
)

// Need returns the unrounded number of agents demand d needs to meet the
// targets t, for adding the needs of several queues or intervals before
// rounding once (see Total).
//
// Erlang measures exist only at whole agent counts, so a fractional need is
// a definition, not a result of the model. Need uses linear interpolation:
// with n = Required(d, t).Agents, each target missed at the count below n is
// followed along the straight line from its value there to its value at n,
// and the need is the latest point where a line crosses its target. ASA is
// interpolated as its reciprocal, the speed of answer, which stays finite
// at the stability limit. This is the interpolation workforce planners
// apply to Erlang tables by hand; its only claims are that
// n−1 < Need <= n, so that ⌈Need⌉ = n, and that it rises with the load.
//
// When the count below n has no steady state (Erlang C with n−1 <= A, or
// Erlang A with n = 1) the line starts at the stability limit instead: at A
// agents for Erlang C, at 0 for Erlang A, where every caller waits
// (service level 0, P(wait) 1, occupancy 1, P(abandon) 1 in Erlang A, speed
// of answer 0). When no target crosses, the least stable count binds and
// Need returns n.
//
// Need returns 0 for no calls and the errors of Required.
func Need(d Demand, t Targets) (float64, error) {
	f, err := Required(d, t)
	if err != nil {
		return 0, err
	}
	return needAt(d, t, f)
}

// needAt is Need from f, the figures Required returned for d and t: Plan
// has them already, and solving the interval again would cost as much as
// the rest of Need.
func needAt(d Demand, t Targets, f Figures) (float64, error) {
	if f.Agents == 0 {
		return 0, nil
	}
	x0, below, err := belowRequired(d, t, f.Agents)
	if err != nil {
		return 0, err
	}

	need := math.Inf(-1)
	for _, p := range crossings(t, below, f) {
		need = math.Max(need, x0+(float64(f.Agents)-x0)*p)
	}
	if math.IsInf(need, -1) {
		return float64(f.Agents), nil
	}
	return need, nil
}

// belowRequired returns the point x0 where interpolation to n agents
// starts, and the figures there: n−1 agents when they have a steady state,
// the stability limit otherwise (see Need).
func belowRequired(d Demand, t Targets, n int) (float64, Figures, error) {
	a := d.Workload()
	limit := Figures{ASA: math.Inf(1), Occupancy: 1, PWait: 1}
	switch {
	case d.abandons() && n == 1:
		limit.PAbandon = 1
		return 0, limit, nil
	case !d.abandons() && float64(n-1) <= a:
		return a, limit, nil
	}
	f, err := forecast(d, n-1, t.Threshold)
	return float64(n - 1), f, err
}

// crossings returns, for each target of t missed at figures lo and met at
// hi, the share of the way from lo to hi at which the line between them
// meets the target.
func crossings(t Targets, lo, hi Figures) []float64 {
	type line struct {
		set          bool
		target, a, b float64
	}
	lines := []line{
		{t.ServiceLevel > 0, t.ServiceLevel, lo.ServiceLevel, hi.ServiceLevel},
		{t.MaxASA > 0, 1 / t.MaxASA, speed(lo.ASA), speed(hi.ASA)},
		{t.MaxAbandon > 0, t.MaxAbandon, lo.PAbandon, hi.PAbandon},
		{t.MaxOccupancy > 0, t.MaxOccupancy, lo.Occupancy, hi.Occupancy},
		{t.MaxPWait > 0, t.MaxPWait, lo.PWait, hi.PWait},
	}
	var shares []float64
	for _, l := range lines {
		// A line crosses when its target lies strictly past the value at
		// lo, on the way to the value at hi.
		missed := (l.target-l.a)*(l.b-l.a) > 0
		if l.set && missed && l.a != l.b {
			shares = append(shares, math.Min(1, (l.target-l.a)/(l.b-l.a)))
		}
	}
	return shares
}

// speed returns 1/ASA, the speed of answer, 0 for an infinite ASA and +Inf
// for none.
func speed(asa float64) float64 {
	return 1 / asa
}

// totalSlack is how far above a whole number a sum of needs may lie and
// still round down to it. Needs are interpolated figures, correct to about 1e-12
// agents at most; float64 addition of a few thousand of them stays within
// 1e-9 of the true sum, while no real need is meant to exceed a whole count
// by a billionth of an agent.
const totalSlack = 1e-9

// Total returns the whole agents for the sum of unrounded needs (see Need):
// the sum rounded up once, so that a sum that should be whole but is a
// float64 rounding error above it (0.1+0.2+0.7 = 1.0000000000000002) is not
// rounded up again. Total panics on a negative or non-finite need.
func Total(needs ...float64) int {
	sum := 0.0
	for _, n := range needs {
		if !finite(n) || n < 0 {
			panic("staffing: Total of a need that is not a finite number >= 0")
		}
		sum += n
	}
	return int(math.Ceil(sum - totalSlack))
}
