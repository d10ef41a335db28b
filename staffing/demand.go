package staffing

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// ErrInvalid is returned, wrapped with the name of the field, for a Demand,
// Targets, agent count or shrinkage out of range.
var ErrInvalid = errors.New("staffing: invalid")

// ErrInfeasible is returned, wrapped with the reason, when no number of
// agents meets the targets: a 100% service level within a finite threshold,
// for instance, which every queue with calls misses by some small share.
var ErrInfeasible = errors.New("staffing: infeasible targets")

// MaxWorkload is the largest workload Validate accepts, in Erlangs: ten
// times the largest contact center's, and small enough that counting
// agents up to it stays within milliseconds and far from integer overflow.
const MaxWorkload = 1e6

// MaxAgents is the largest count Forecast evaluates, for the same reasons.
const MaxAgents = 10_000_000

// Demand is the work offered to one interval.
type Demand struct {
	// Calls is the number of calls offered in the interval, >= 0. It may
	// be fractional, as forecasts are.
	Calls float64
	// Interval is the length of the interval in seconds, > 0.
	Interval float64
	// AHT is the average handle time in seconds, > 0.
	AHT float64
	// Patience is the mean time in seconds callers wait before they
	// abandon. Zero (or +Inf) means callers never abandon: the interval is
	// then an Erlang C queue; otherwise it is an Erlang A queue.
	Patience float64
}

// Workload returns the offered load in Erlangs, A = Calls·AHT/Interval: the
// number of agents that would be busy if every call were answered at once.
func (d Demand) Workload() float64 {
	return d.Calls * d.AHT / d.Interval
}

// abandons reports whether callers abandon (Erlang A).
func (d Demand) abandons() bool {
	return d.Patience > 0 && !math.IsInf(d.Patience, 1)
}

// Validate returns an error wrapping ErrInvalid, naming the field, when a
// field of d is out of range.
func (d Demand) Validate() error {
	switch {
	case !finite(d.Calls) || d.Calls < 0:
		return fmt.Errorf("%w: Calls %v is not a finite number >= 0", ErrInvalid, d.Calls)
	case !finite(d.Interval) || d.Interval <= 0:
		return fmt.Errorf("%w: Interval %v is not a finite number of seconds > 0", ErrInvalid, d.Interval)
	case !finite(d.AHT) || d.AHT <= 0:
		return fmt.Errorf("%w: AHT %v is not a finite number of seconds > 0", ErrInvalid, d.AHT)
	case math.IsNaN(d.Patience) || d.Patience < 0:
		return fmt.Errorf("%w: Patience %v is not a number of seconds >= 0", ErrInvalid, d.Patience)
	case !finite(d.Workload()) || d.Workload() > MaxWorkload:
		return fmt.Errorf("%w: a workload of %.10g Erlangs (calls × AHT / interval) is above the %.0f "+
			"sladesk plans for", ErrInvalid, d.Workload(), MaxWorkload)
	}
	return nil
}

// Targets are the goals of an interval. A zero field sets no target; every
// target set must be met.
type Targets struct {
	// ServiceLevel is the least share of offered calls answered within
	// Threshold seconds, in (0, 1]. With Patience (Erlang A) it is
	// P(answered and wait <= Threshold): answered within the threshold over
	// all offered calls, abandoners counting as missed.
	ServiceLevel float64
	// Threshold is the service-level answer time in seconds, >= 0.
	Threshold float64
	// MaxASA is the highest average speed of answer in seconds, > 0. In
	// Erlang C it is the mean wait of all callers, in Erlang A that of
	// answered callers (erlang.AbandonMeasures.ASA).
	MaxASA float64
	// MaxAbandon is the highest share of offered calls abandoned, in
	// (0, 1]. It needs a Demand with Patience.
	MaxAbandon float64
	// MaxOccupancy is the highest share of agent time spent on calls, in
	// (0, 1].
	MaxOccupancy float64
	// MaxPWait is the highest probability that a caller waits at all, in
	// (0, 1].
	MaxPWait float64
}

// Validate returns an error wrapping ErrInvalid, naming the field, when a
// field of t is out of range.
func (t Targets) Validate() error {
	shares := []struct {
		name  string
		value float64
	}{
		{"ServiceLevel", t.ServiceLevel}, {"MaxAbandon", t.MaxAbandon},
		{"MaxOccupancy", t.MaxOccupancy}, {"MaxPWait", t.MaxPWait},
	}
	for _, s := range shares {
		if math.IsNaN(s.value) || s.value < 0 || s.value > 1 {
			return fmt.Errorf("%w: %s %v is not a share in (0, 1] (0 sets no target)",
				ErrInvalid, s.name, s.value)
		}
	}
	if !finite(t.Threshold) || t.Threshold < 0 {
		return fmt.Errorf("%w: Threshold %v is not a finite number of seconds >= 0",
			ErrInvalid, t.Threshold)
	}
	if math.IsNaN(t.MaxASA) || t.MaxASA < 0 {
		return fmt.Errorf("%w: MaxASA %v is not a number of seconds > 0 (0 sets no target)",
			ErrInvalid, t.MaxASA)
	}
	return nil
}

// String reads the targets set as a planner writes them: "80% in 20s, ASA
// 30s, occupancy at most 85%"; "no target" when none is set.
func (t Targets) String() string {
	var parts []string
	if t.ServiceLevel > 0 {
		parts = append(parts, fmt.Sprintf("%.4g%% in %gs", t.ServiceLevel*100, t.Threshold))
	}
	if t.MaxASA > 0 {
		parts = append(parts, fmt.Sprintf("ASA %gs", t.MaxASA))
	}
	if t.MaxAbandon > 0 {
		parts = append(parts, fmt.Sprintf("abandon rate at most %.4g%%", t.MaxAbandon*100))
	}
	if t.MaxOccupancy > 0 {
		parts = append(parts, fmt.Sprintf("occupancy at most %.4g%%", t.MaxOccupancy*100))
	}
	if t.MaxPWait > 0 {
		parts = append(parts, fmt.Sprintf("P(wait) at most %.4g%%", t.MaxPWait*100))
	}
	if len(parts) == 0 {
		return "no target"
	}
	return strings.Join(parts, ", ")
}

// check validates d and t together.
func check(d Demand, t Targets) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if t.MaxAbandon > 0 && !d.abandons() {
		return fmt.Errorf("%w: MaxAbandon needs a Demand with Patience (Erlang A)", ErrInvalid)
	}
	return nil
}

// finite reports whether x is neither infinite nor NaN.
func finite(x float64) bool {
	return !math.IsInf(x, 0) && !math.IsNaN(x)
}
