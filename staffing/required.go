package staffing

import (
	"fmt"
	"math"

	"github.com/sladesk/sladesk/erlang"
)

// Required returns the fewest whole agents for which demand d meets every
// target of t, with the figures at that count.
//
// Every measure a target bounds is monotone in the number of agents n
// (service level rises, ASA, P(wait), P(abandon) and occupancy fall), so
// "all targets met" is false up to the answer and true from it on. The
// search starts at the least count with a steady state, ⌊A⌋+1 for Erlang C
// and 1 for Erlang A, never at a rounded estimate that could overshoot (106
// calls in 30 minutes at 180 s need 11 agents for 40% in 180 s; a search
// from round(A+1) = 12 would return 12).
//
// For Erlang C it walks up one agent at a time (erlang.Walk): Erlang B
// takes one step of its recursion per agent, so reaching ⌊A⌋+1 costs what
// one evaluation costs anyway, and each further count is a few flops and an
// exponential. The answer lies a few √A above A, so a solve is O(A) flops
// in all: under a microsecond for tens of Erlangs, well under a millisecond
// at 100,000. For Erlang A, whose evaluation sums a series afresh for each
// count, it takes steps of 1, 2, 4, ... agents until the targets are met,
// then bisects the last step: about 2·log₂(n) evaluations.
//
// With no calls, Required returns 0 agents. It returns an error wrapping
// ErrInfeasible when no count meets the targets: a ServiceLevel of 1 (in
// float64 the Erlang C service level rounds to exactly 1 for large counts,
// so such a target is refused before the search, not "met"), or targets
// still missed at the search's upper bound (see maxAgents). It returns an
// error wrapping ErrInvalid when d or t is out of range.
func Required(d Demand, t Targets) (Figures, error) {
	if err := check(d, t); err != nil {
		return Figures{}, err
	}
	a := d.Workload()
	if a == 0 {
		return Figures{ServiceLevel: 1}, nil
	}
	if t.ServiceLevel == 1 {
		return Figures{}, fmt.Errorf(
			"%w: a service level of 100%% within a finite threshold: some caller always waits longer",
			ErrInfeasible)
	}
	hi := maxAgents(a, t)
	if d.abandons() {
		return search(d, t, minAgents(d), hi)
	}
	// Erlang C occupancy is A/n: below ⌈A/cap⌉ agents no count meets the
	// cap, and the walk need not look there.
	lo := minAgents(d)
	if t.MaxOccupancy > 0 {
		lo = max(lo, int(math.Min(math.Ceil(a/t.MaxOccupancy), MaxAgents+1)))
	}
	if lo > hi {
		return Figures{}, infeasible(hi, a)
	}
	return walk(d, t, lo, hi)
}

// walk returns the figures at the least n in [lo, hi] meeting t for an
// Erlang C demand, or ErrInfeasible when hi does not; lo must exceed the
// workload.
func walk(d Demand, t Targets, lo, hi int) (Figures, error) {
	a := d.Workload()
	for w := erlang.NewWalk(lo, a, d.AHT); w.Agents() <= hi; w.Next() {
		m, err := w.Measures(t.Threshold)
		if err != nil {
			return Figures{}, fmt.Errorf("staffing: %d agents: %w", w.Agents(), err)
		}
		if f := figuresC(w.Agents(), a, m); t.Met(f) {
			return f, nil
		}
	}
	return Figures{}, infeasible(hi, a)
}

// infeasible is the error of targets still missed at hi agents.
func infeasible(hi int, workload float64) error {
	return fmt.Errorf("%w: targets still missed with %d agents for %.6g Erlangs",
		ErrInfeasible, hi, workload)
}

// minAgents returns the least count with a steady state: ⌊A⌋+1 for
// Erlang C, 1 for Erlang A (stable at any load).
func minAgents(d Demand) int {
	if d.abandons() {
		return 1
	}
	return int(math.Floor(d.Workload())) + 1
}

// maxAgents returns the count past which Required reports the targets
// infeasible: A + 100·√A + 1000, or more where an occupancy cap asks for
// it (occupancy A/n is at most the cap from ⌈A/cap⌉ agents on), and never
// beyond MaxAgents. By the square-root rule (see SquareRootBeta) n = A +
// β·√A agents bring P(wait) to about exp(−β²/2)/(β·√(2π)); β = 100 is
// below 1e-2000, far past the smallest float64, and the 1000 covers small
// loads, where P(wait) falls like Aⁿ/n!. Any other target a float64 can
// tell from 0 is therefore met below it.
func maxAgents(a float64, t Targets) int {
	hi := math.Ceil(a+100*math.Sqrt(a)) + 1000
	if t.MaxOccupancy > 0 {
		hi = math.Max(hi, math.Ceil(a/t.MaxOccupancy)+1)
	}
	return int(math.Min(hi, MaxAgents))
}

// search returns the figures at the least n in [lo, hi] meeting t, or
// ErrInfeasible when hi does not.
func search(d Demand, t Targets, lo, hi int) (Figures, error) {
	f, met, err := try(d, t, lo)
	if err != nil || met {
		return f, err
	}

	// Gallop: lo is missed; grow the step until a count meets t.
	missed := lo
	for step := 1; ; step *= 2 {
		n := min(missed+step, hi)
		f, met, err := try(d, t, n)
		switch {
		case err != nil:
			return Figures{}, err
		case met:
			return bisect(d, t, missed, n, f)
		case n == hi:
			return Figures{}, infeasible(hi, d.Workload())
		}
		missed = n
	}
}

// bisect narrows missed < met, keeping t missed at missed and met at met,
// until they are adjacent; atMet are the figures at met.
func bisect(d Demand, t Targets, missed, met int, atMet Figures) (Figures, error) {
	for met-missed > 1 {
		mid := missed + (met-missed)/2
		f, ok, err := try(d, t, mid)
		if err != nil {
			return Figures{}, err
		}
		if ok {
			met, atMet = mid, f
		} else {
			missed = mid
		}
	}
	return atMet, nil
}

// try returns the figures at n agents and whether they meet t.
func try(d Demand, t Targets, n int) (Figures, bool, error) {
	f, err := forecast(d, n, t.Threshold)
	if err != nil {
		return Figures{}, false, err
	}
	return f, t.Met(f), nil
}
