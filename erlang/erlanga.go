package erlang

import (
	"fmt"
	"math"
)

// AbandonQueue is an M/M/n+M queue (Erlang A): callers who wait abandon
// after an exponential patience. It has a steady state at any load, so
// unlike Queue it accepts Agents <= Traffic.
type AbandonQueue struct {
	// Agents is the number of agents answering, at least 1.
	Agents int
	// Traffic is the offered load in Erlangs: calls per second × AHT.
	Traffic float64
	// AHT is the mean handle time in seconds, greater than 0.
	AHT float64
	// Patience is the mean time in seconds a caller is willing to wait
	// (1/θ), greater than 0. +Inf means callers never abandon: the queue
	// is then a Queue, and Measures returns Erlang C.
	Patience float64
}

// AbandonMeasures are the steady-state performance measures of an
// AbandonQueue. Shares are of offered calls unless the name says otherwise.
type AbandonMeasures struct {
	// PWait is the probability that a caller finds every agent busy.
	PWait float64
	// PAbandon is the share of callers who abandon.
	PAbandon float64
	// ServiceLevel is the share of offered callers answered within the
	// threshold: P(answered and wait <= T).
	ServiceLevel float64
	// ServiceLevelOfAnswered is the share of answered callers answered
	// within the threshold: ServiceLevel / (1 − PAbandon).
	ServiceLevelOfAnswered float64
	// WithinThreshold is the share of offered callers whose wait ends,
	// answered or abandoned, within the threshold:
	// (answered + abandoned within T) / offered.
	WithinThreshold float64
	// AbandonedWithin is the share of offered callers who abandon within
	// the threshold.
	AbandonedWithin float64
	// ASA is the average speed of answer in seconds of answered callers.
	ASA float64
	// MeanWait is the mean wait in seconds of all callers, abandoners
	// included (their wait ends when they hang up).
	MeanWait float64
	// Occupancy is the share of agent time spent handling calls: the
	// answered load over the agents, A·(1 − PAbandon)/n.
	Occupancy float64
}

// Measures returns the performance measures of q for a service-level
// threshold T in seconds.
//
// The formulas follow Garnett, Mandelbaum & Reiman, "Designing a call
// center with impatient customers", Manufacturing & Service Operations
// Management 4(3), 2002, and Mandelbaum & Zeltyn, "The M/M/n+G queue:
// summary of performance measures" (Technion notes), for exponential
// patience. With λ = A/AHT, μ = 1/AHT, θ = 1/Patience, ρ = A/n, x = nμ/θ,
// y = λ/θ, B = B(n, A), and the queue-length weights
//
//	r_k = yᵏ / ((x+1)···(x+k)) = P(n+k in system) / P(n in system),
//	S   = Σ_k r_k = x·eʸ·y^{−x}·γ(x, y)   (γ: lower incomplete gamma),
//
// a caller who finds k others waiting is answered with probability
// x/(x+k+1) after a mean offered wait Σ_{i=1..k+1} 1/(nμ+iθ), and
//
//	PWait    = B·S / (1 + (S − 1)·B)
//	PAbandon = PWait · Σ_k (r_k/S)·(k+1)/(x+k+1)   (= PWait·(1 − (1 − 1/S)/ρ))
//	ASA      = PWait · Σ_k (r_k/S)·x/(x+k+1)·Σ_{i=1..k+1} 1/(nμ+iθ) / (1 − PAbandon)
//	MeanWait = PAbandon · Patience                  (Little's law on the queue)
//
// The offered wait V (the wait of an infinitely patient caller) has
// P(V > 0) = PWait and density nμ·P(n)·exp(y(1 − e^{−θv}) − nμv) (Mandelbaum &
// Zeltyn; Baccelli & Hebuterne, "On queues with impatient customers",
// Performance '81), which integrates, with z = y·e^{−θT}, to
//
//	P(V > T)        = PWait · γ(x, z)/γ(x, y)
//	ServiceLevel    = 1 − PWait + PWait·(γ(x+1, y) − γ(x+1, z)) / (y·γ(x, y))
//	WithinThreshold = 1 − e^{−θT}·P(V > T)
//	AbandonedWithin = WithinThreshold − ServiceLevel
//
// The incomplete gammas enter only as ratios, computed from the series of
// Numerical Recipes §6.2 summed from its largest term in log space (see
// series), so they neither overflow nor underflow for any patience or load.
//
// Measures returns an error wrapping ErrInvalid when a field or the
// threshold is out of range, and ErrOverloaded only when Patience is +Inf
// and Agents <= Traffic.
func (q AbandonQueue) Measures(threshold float64) (AbandonMeasures, error) {
	if err := validate(q.Agents, q.Traffic, q.AHT, threshold); err != nil {
		return AbandonMeasures{}, err
	}
	if !(q.Patience > 0) {
		return AbandonMeasures{}, fmt.Errorf("%w: Patience %v is not > 0", ErrInvalid, q.Patience)
	}
	if math.IsInf(q.Patience, 1) {
		return q.erlangC(threshold)
	}
	if q.Traffic == 0 {
		return AbandonMeasures{ServiceLevel: 1, ServiceLevelOfAnswered: 1, WithinThreshold: 1}, nil
	}

	w := q.waiting()
	m := AbandonMeasures{PWait: w.pWait, PAbandon: w.pWait * w.abandon}
	answered := 1 - m.PAbandon
	m.ASA = w.pWait * w.answeredWait / answered
	m.MeanWait = m.PAbandon * q.Patience
	m.Occupancy = clamp(q.Traffic / float64(q.Agents) * answered)

	servedLate, waitingLate := q.late(w, threshold)
	m.ServiceLevel = clamp(1 - w.pWait + w.pWait*(1-w.abandon-servedLate))
	m.ServiceLevelOfAnswered = clamp(m.ServiceLevel / answered)
	m.WithinThreshold = clamp(1 - math.Exp(-threshold/q.Patience)*w.pWait*waitingLate)
	m.AbandonedWithin = clamp(m.WithinThreshold - m.ServiceLevel)
	return m, nil
}

// waiting holds what Erlang A knows of callers who wait.
type waiting struct {
	// pWait is P(wait > 0).
	pWait float64
	// lnS is ln S, S = Σ_k r_k.
	lnS float64
	// abandon is P(abandon | wait > 0).
	abandon float64
	// answeredWait is E[wait; answered | wait > 0] in seconds.
	answeredWait float64
}

// waiting sums the queue-length weights r_k once for PWait, PAbandon and
// ASA (see Measures).
func (q AbandonQueue) waiting() waiting {
	x, y := q.scaled()
	s := newSeries(x, y)

	// h_k = Σ_{i=1..k+1} 1/(x+i), kept as the walk moves up, then down,
	// from the peak; θ·h_k is the mean offered wait behind k callers.
	hPeak := harmonic(x, s.peak)
	hUp, hDown := hPeak, hPeak
	var abandon, answeredWait float64
	sum := s.walk(func(k, t float64) {
		h := hUp
		switch {
		case k > s.peak:
			hUp += 1 / (x + k + 1)
			h = hUp
		case k < s.peak:
			hDown -= 1 / (x + k + 2)
			h = hDown
		}
		abandon += t * (k + 1) / (x + k + 1)
		answeredWait += t * x / (x + k + 1) * h
	})

	w := waiting{lnS: s.lnPeak + math.Log(sum)}
	w.abandon = abandon / sum
	w.answeredWait = answeredWait / sum * q.Patience

	// PWait = 1 / (1 + (1/B − 1)/S), in logs: 1/B and S may overflow.
	b := B(q.Agents, q.Traffic)
	w.pWait = 1 / (1 + math.Exp(math.Log1p(-b)-math.Log(b)-w.lnS))
	return w
}

// late returns, for a threshold T, the shares of waiting callers answered
// after T, P(answered, V > T | wait > 0), and still waiting at T if they
// were patient, P(V > T | wait > 0); see Measures.
func (q AbandonQueue) late(w waiting, threshold float64) (servedLate, waitingLate float64) {
	x, y := q.scaled()
	θT := threshold / q.Patience
	z := y * math.Exp(-θT)
	nμT := float64(q.Agents) * threshold / q.AHT

	// γ(x, z)/γ(x, y) and γ(x+1, z)/(y·γ(x, y)) with γ(a, z) = e^{−z}·zᵃ·s(a, z)/a.
	yz := -y * math.Expm1(-θT)
	waitingLate = math.Exp(newSeries(x, z).ln() - w.lnS + yz - nμT)
	servedLate = math.Exp(newSeries(x+1, z).ln() - w.lnS + math.Log(x/(x+1)) + yz - nμT - θT)
	return clamp(servedLate), clamp(waitingLate)
}

// scaled returns x = nμ/θ and y = λ/θ, the agents' and the callers' rates in
// units of the abandonment rate θ.
func (q AbandonQueue) scaled() (x, y float64) {
	return float64(q.Agents) * q.Patience / q.AHT, q.Traffic * q.Patience / q.AHT
}

// erlangC returns the measures of q without abandonment (Patience +Inf).
func (q AbandonQueue) erlangC(threshold float64) (AbandonMeasures, error) {
	m, err := Queue{Agents: q.Agents, Traffic: q.Traffic, AHT: q.AHT}.Measures(threshold)
	if err != nil {
		return AbandonMeasures{}, err
	}
	return AbandonMeasures{
		PWait:                  m.PWait,
		ServiceLevel:           m.ServiceLevel,
		ServiceLevelOfAnswered: m.ServiceLevel,
		WithinThreshold:        m.ServiceLevel,
		ASA:                    m.ASA,
		MeanWait:               m.ASA,
		Occupancy:              m.Occupancy,
	}, nil
}

// directHarmonic is the largest peak for which harmonic adds the terms one
// by one; beyond it the digamma difference is both faster and, the sum
// being large, accurate.
const directHarmonic = 1 << 16

// harmonic returns Σ_{i=1..k+1} 1/(x+i) = ψ(x+k+2) − ψ(x+1).
func harmonic(x, k float64) float64 {
	if k > directHarmonic {
		return digamma(x+k+2) - digamma(x+1)
	}
	h := 0.0
	for i := 1.0; i <= k+1; i++ {
		h += 1 / (x + i)
	}
	return h
}

// clamp returns p limited to [0, 1], against rounding at the ends.
func clamp(p float64) float64 {
	return math.Min(1, math.Max(0, p))
}
