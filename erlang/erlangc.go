package erlang

import (
	"errors"
	"fmt"
	"math"
)

// ErrOverloaded is returned for an Erlang C queue with Agents <= Traffic:
// work arrives at least as fast as the agents can handle it, so the queue
// has no steady state. Every caller waits, the queue grows without bound and
// every agent is busy; there is no finite wait or service level to report.
var ErrOverloaded = errors.New("erlang: overloaded: agents <= traffic")

// ErrInvalid is returned, wrapped with the name of the field, for a queue
// whose fields are out of range.
var ErrInvalid = errors.New("erlang: invalid queue")

// C returns the Erlang C probability that a call waits, C(n, A), for agents
// (n) serving traffic Erlangs (A) in an M/M/n queue, from Erlang B (the
// relation follows from the birth-death balance equations; Gross & Harris,
// "Fundamentals of Queueing Theory", 3rd ed. 1998, ch. 2, M/M/c):
//
//	C(n, A) = n·B(n, A) / (n − A·(1 − B(n, A))),  for n > A.
//
// C returns ErrOverloaded when agents <= traffic, and panics under the same
// conditions as B.
func C(agents int, traffic float64) (float64, error) {
	mustAgents(agents)
	mustTraffic(traffic)
	if float64(agents) <= traffic {
		return 0, ErrOverloaded
	}

	n := float64(agents)
	b := B(agents, traffic)
	return n * b / (n - traffic*(1-b)), nil
}

// Queue is an M/M/n queue in which callers never abandon (Erlang C).
type Queue struct {
	// Agents is the number of agents answering, at least 1.
	Agents int
	// Traffic is the offered load in Erlangs: calls per second × AHT.
	Traffic float64
	// AHT is the mean handle time in seconds, greater than 0.
	AHT float64
}

// Measures are the steady-state performance measures of a Queue.
type Measures struct {
	// PWait is the probability that a caller waits at all, C(n, A).
	PWait float64
	// AnsweredImmediately is the share of callers answered without
	// waiting, 1 − C.
	AnsweredImmediately float64
	// ServiceLevel is the share of callers answered within the threshold.
	ServiceLevel float64
	// ASA is the average speed of answer in seconds, over all callers
	// (those answered at once count as 0).
	ASA float64
	// Occupancy is the share of agent time spent handling calls, A/n.
	Occupancy float64
}

// Measures returns the performance measures of q for a service-level
// threshold in seconds (answered within threshold counts as met). With
// C = C(n, A) (Gross & Harris, "Fundamentals of Queueing Theory", 3rd ed.
// 1998, ch. 2: the wait of a delayed caller is exponential with rate
// (n − A)/AHT):
//
//	ServiceLevel = P(W <= T) = 1 − C·exp(−(n − A)·T/AHT)
//	ASA          = E[W]      = C·AHT / (n − A)
//	Occupancy    = A / n
//
// Measures returns ErrOverloaded when q.Agents <= q.Traffic, and an error
// wrapping ErrInvalid when a field or the threshold is out of range.
func (q Queue) Measures(threshold float64) (Measures, error) {
	if err := q.validate(threshold); err != nil {
		return Measures{}, err
	}
	if float64(q.Agents) <= q.Traffic {
		return Measures{}, ErrOverloaded
	}
	return measuresOf(q.Agents, q.Traffic, q.AHT, B(q.Agents, q.Traffic), threshold), nil
}

// ServiceLevel returns the share of callers answered within threshold
// seconds; see Measures for the formula and the errors.
func (q Queue) ServiceLevel(threshold float64) (float64, error) {
	m, err := q.Measures(threshold)
	return m.ServiceLevel, err
}

// validate checks the fields of q and a threshold in seconds.
func (q Queue) validate(threshold float64) error {
	return validate(q.Agents, q.Traffic, q.AHT, threshold)
}

// validate checks the fields shared by Queue and AbandonQueue.
func validate(agents int, traffic, aht, threshold float64) error {
	switch {
	case agents < 1:
		return fmt.Errorf("%w: Agents %d is below 1", ErrInvalid, agents)
	case !(traffic >= 0) || math.IsInf(traffic, 1):
		return fmt.Errorf("%w: Traffic %v is not a finite number >= 0", ErrInvalid, traffic)
	case !(aht > 0) || math.IsInf(aht, 1):
		return fmt.Errorf("%w: AHT %v is not a finite number > 0", ErrInvalid, aht)
	case !(threshold >= 0) || math.IsInf(threshold, 1):
		return fmt.Errorf("%w: threshold %v is not a finite number >= 0", ErrInvalid, threshold)
	}
	return nil
}
