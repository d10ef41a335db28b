package erlang

import "math"

// Walk steps an Erlang C queue through agent counts n, n+1, n+2, ...,
// carrying Erlang B from one count to the next with one step of its
// recursion (see B). Finding the fewest agents that meet a target by
// walking up from the stability limit costs one recursion step and one
// exponential per count tried, instead of a fresh B per count, and gives
// measures bit for bit equal to Queue.Measures: B(n) is the same sequence
// of floating-point operations either way.
//
// A Walk is for one goroutine; its zero value is not usable.
type Walk struct {
	traffic, aht float64
	agents       int
	b            float64 // B(agents, traffic)
}

// NewWalk returns a Walk at agents answering traffic Erlangs with a mean
// handle time of aht seconds. It costs the agents steps of the Erlang B
// recursion. NewWalk panics under the conditions of B, and when aht is not
// a finite number > 0.
func NewWalk(agents int, traffic, aht float64) *Walk {
	if !(aht > 0) || math.IsInf(aht, 1) {
		panic("erlang: NewWalk with an AHT that is not a finite number > 0")
	}
	return &Walk{traffic: traffic, aht: aht, agents: agents, b: B(agents, traffic)}
}

// Agents returns the count the walk is at.
func (w *Walk) Agents() int { return w.agents }

// Next moves the walk to one more agent.
func (w *Walk) Next() {
	w.agents++
	ab := w.traffic * w.b
	w.b = ab / (float64(w.agents) + ab)
}

// Measures returns the measures of the queue at the current count, as
// Queue.Measures does, with ErrOverloaded when agents <= traffic and an
// error wrapping ErrInvalid for a threshold out of range.
func (w *Walk) Measures(threshold float64) (Measures, error) {
	if err := validate(max(w.agents, 1), w.traffic, w.aht, threshold); err != nil {
		return Measures{}, err
	}
	if float64(w.agents) <= w.traffic {
		return Measures{}, ErrOverloaded
	}
	return measuresOf(w.agents, w.traffic, w.aht, w.b, threshold), nil
}

// measuresOf returns the Erlang C measures of n agents answering traffic
// Erlangs, n > traffic, from b = B(n, traffic); the formulas are those of
// Queue.Measures and C.
func measuresOf(agents int, traffic, aht, b, threshold float64) Measures {
	n := float64(agents)
	c := n * b / (n - traffic*(1-b))
	return Measures{
		PWait:               c,
		AnsweredImmediately: 1 - c,
		ServiceLevel:        1 - c*math.Exp(-(n-traffic)*threshold/aht),
		ASA:                 c * aht / (n - traffic),
		Occupancy:           traffic / n,
	}
}
