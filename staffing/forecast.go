package staffing

import (
	"fmt"
	"math"

	"github.com/sladesk/sladesk/erlang"
)

// Figures are the steady-state measures of an interval staffed with Agents.
type Figures struct {
	// Agents is the number of agents answering.
	Agents int
	// Workload is the offered load in Erlangs (Demand.Workload).
	Workload float64
	// ServiceLevel is the share of offered calls answered within the
	// threshold. With Patience it is P(answered and wait <= threshold):
	// abandoned calls count as missed.
	ServiceLevel float64
	// ASA is the average speed of answer in seconds: over all callers in
	// Erlang C (callers answered at once count as 0), over answered
	// callers in Erlang A.
	ASA float64
	// Occupancy is the share of agent time spent handling calls.
	Occupancy float64
	// PWait is the probability that a caller waits at all.
	PWait float64
	// PAbandon is the share of offered calls abandoned; 0 without
	// Patience.
	PAbandon float64
}

// Uplift returns Agents/Workload, the factor by which the agents exceed the
// raw workload (Jones, "Erlang uplift"): +Inf for agents and no workload,
// NaN for neither.
func (f Figures) Uplift() float64 {
	return float64(f.Agents) / f.Workload
}

// Met reports whether figures f meet every target of t. The service level
// in f must have been computed at t.Threshold.
func (t Targets) Met(f Figures) bool {
	switch {
	case t.ServiceLevel > 0 && f.ServiceLevel < t.ServiceLevel:
		return false
	case t.MaxASA > 0 && f.ASA > t.MaxASA:
		return false
	case t.MaxAbandon > 0 && f.PAbandon > t.MaxAbandon:
		return false
	case t.MaxOccupancy > 0 && f.Occupancy > t.MaxOccupancy:
		return false
	case t.MaxPWait > 0 && f.PWait > t.MaxPWait:
		return false
	}
	return true
}

// Forecast returns the figures of demand d answered by agents, with the
// service level counted within threshold seconds.
//
// Without Patience (Erlang C) and with agents <= d.Workload() the queue has
// no steady state: Forecast then returns an error wrapping
// erlang.ErrOverloaded together with the limiting figures (every caller
// waits, the wait grows without bound, every agent is busy): PWait 1,
// ServiceLevel 0, ASA +Inf, Occupancy 1. It returns an error wrapping
// ErrInvalid when d, agents (below 1) or threshold is out of range.
func Forecast(d Demand, agents int, threshold float64) (Figures, error) {
	if err := d.Validate(); err != nil {
		return Figures{}, err
	}
	if agents < 1 || agents > MaxAgents {
		return Figures{}, fmt.Errorf("%w: agents %d is not in [1, %d]", ErrInvalid, agents, MaxAgents)
	}
	if !finite(threshold) || threshold < 0 {
		return Figures{}, fmt.Errorf("%w: threshold %v is not a finite number of seconds >= 0",
			ErrInvalid, threshold)
	}
	return forecast(d, agents, threshold)
}

// forecast is Forecast for valid arguments.
func forecast(d Demand, agents int, threshold float64) (Figures, error) {
	a := d.Workload()
	if d.abandons() {
		q := erlang.AbandonQueue{Agents: agents, Traffic: a, AHT: d.AHT, Patience: d.Patience}
		m, err := q.Measures(threshold)
		if err != nil {
			return Figures{}, fmt.Errorf("staffing: forecast %d agents: %w", agents, err)
		}
		return Figures{Agents: agents, Workload: a, ServiceLevel: m.ServiceLevel, ASA: m.ASA,
			Occupancy: m.Occupancy, PWait: m.PWait, PAbandon: m.PAbandon}, nil
	}

	if float64(agents) <= a {
		f := Figures{Agents: agents, Workload: a, ASA: math.Inf(1), Occupancy: 1, PWait: 1}
		return f, fmt.Errorf("staffing: %d agents for %.4g Erlangs: %w", agents, a, erlang.ErrOverloaded)
	}
	m, err := erlang.Queue{Agents: agents, Traffic: a, AHT: d.AHT}.Measures(threshold)
	if err != nil {
		return Figures{}, fmt.Errorf("staffing: forecast %d agents: %w", agents, err)
	}
	return figuresC(agents, a, m), nil
}

// figuresC returns the Figures of Erlang C measures m at agents answering
// workload Erlangs.
func figuresC(agents int, workload float64, m erlang.Measures) Figures {
	return Figures{Agents: agents, Workload: workload, ServiceLevel: m.ServiceLevel, ASA: m.ASA,
		Occupancy: m.Occupancy, PWait: m.PWait}
}
