package erlang

import (
	"errors"
	"math"
	"testing"
)

// shares returns every share of m, for checkShares.
func (m AbandonMeasures) shares() []float64 {
	return []float64{m.PWait, m.PAbandon, m.ServiceLevel, m.ServiceLevelOfAnswered,
		m.WithinThreshold, m.AbandonedWithin, m.Occupancy}
}

// TestAbandonQueueToErlangC checks that Erlang A tends to Erlang C as
// patience grows: the gap shrinks roughly like AHT/Patience.
func TestAbandonQueueToErlangC(t *testing.T) {
	t.Parallel()
	c, err := Queue{14, 10, 180}.Measures(20)
	if err != nil {
		t.Fatal(err)
	}
	for _, patience := range []float64{1e4, 1e6, 1e8, 1e10} {
		a, err := AbandonQueue{14, 10, 180, patience}.Measures(20)
		if err != nil {
			t.Fatal(err)
		}
		tol := 100 * 180 / patience
		for _, d := range []struct {
			name   string
			ea, ec float64
		}{
			{"PWait", a.PWait, c.PWait},
			{"ServiceLevel", a.ServiceLevel, c.ServiceLevel},
			{"ASA", a.ASA, c.ASA},
			{"MeanWait", a.MeanWait, c.ASA},
			{"Occupancy", a.Occupancy, c.Occupancy},
		} {
			if math.Abs(d.ea-d.ec) > tol*math.Max(1, d.ec) {
				t.Errorf("patience %g s: %s = %v, Erlang C %v (tolerance %g)", patience, d.name, d.ea, d.ec, tol)
			}
		}
	}

	// Infinite patience is Erlang C itself, overload included.
	a, err := AbandonQueue{14, 10, 180, math.Inf(1)}.Measures(20)
	if err != nil || a.ServiceLevel != c.ServiceLevel {
		t.Errorf("infinite patience: %+v, %v; want Erlang C %+v", a, err, c)
	}
	if _, err := (AbandonQueue{8, 10, 180, math.Inf(1)}).Measures(20); !errors.Is(err, ErrOverloaded) {
		t.Errorf("infinite patience, 8 agents for 10 Erlangs: err %v, want ErrOverloaded", err)
	}
}

// TestAbandonQueueMonotone checks, for patient and impatient callers and
// for under- and overloaded queues, that the service level rises with
// agents and falls with traffic and that every share stays in [0, 1].
func TestAbandonQueueMonotone(t *testing.T) {
	t.Parallel()
	// slack is the absolute error of the shares when the series peak is far
	// out (see the TODO on newSeries): about 1e-11 at patience 1e5 s.
	const slack = 1e-10
	for _, patience := range []float64{1, 60, 300, 1e5} {
		prev := -1.0
		for n := 1; n <= 30; n++ {
			m, err := AbandonQueue{n, 10, 180, patience}.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			checkShares(t, m.shares()...)
			if m.ServiceLevel < prev-slack {
				t.Errorf("patience %v: service level falls from %v to %v at %d agents",
					patience, prev, m.ServiceLevel, n)
			}
			prev = m.ServiceLevel
		}
		prev = 2
		for traffic := 0.0; traffic <= 40; traffic += 0.5 {
			m, err := AbandonQueue{14, traffic, 180, patience}.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			checkShares(t, m.shares()...)
			if m.ServiceLevel > prev+slack {
				t.Errorf("patience %v: service level rises from %v to %v at %v Erlangs",
					patience, prev, m.ServiceLevel, traffic)
			}
			prev = m.ServiceLevel
		}
	}
}

// TestAbandonQueueIdentities checks relations that hold in any M/M/n+M
// queue, over a grid of loads and patiences.
func TestAbandonQueueIdentities(t *testing.T) {
	t.Parallel()
	for _, q := range []AbandonQueue{
		{13, 10, 180, 300}, {8, 10, 180, 60}, {1, 0.05, 180, 60},
		{40, 40, 240, 60}, {250, 300, 150, 30}, {5, 10, 180, 1e6},
	} {
		m, err := q.Measures(20)
		if err != nil {
			t.Fatal(err)
		}
		x, y := q.scaled()
		s := math.Exp(newSeries(x, y).ln())
		ρ := q.Traffic / float64(q.Agents)
		checks := []struct {
			name      string
			got, want float64
		}{
			// Garnett, Mandelbaum & Reiman (2002): P(Ab | wait) = 1 − (1 − 1/S)/ρ.
			{"PAbandon", m.PAbandon, m.PWait * (1 - (1-1/s)/ρ)},
			// Flow balance: answered load = busy agents.
			{"Occupancy", m.Occupancy * float64(q.Agents), q.Traffic * (1 - m.PAbandon)},
			{"ServiceLevelOfAnswered", m.ServiceLevelOfAnswered * (1 - m.PAbandon), m.ServiceLevel},
		}
		for _, c := range checks {
			if math.Abs(c.got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
				t.Errorf("%+v: %s: %v, want %v", q, c.name, c.got, c.want)
			}
		}
		if m.ServiceLevel > m.WithinThreshold || m.ServiceLevel < 1-m.PWait {
			t.Errorf("%+v: ServiceLevel %v outside [1 − PWait, WithinThreshold] = [%v, %v]",
				q, m.ServiceLevel, 1-m.PWait, m.WithinThreshold)
		}
	}
}

// TestAbandonQueueThresholdEnds checks the threshold at its ends: at 0 only
// callers answered at once count, far beyond every wait all of them do.
func TestAbandonQueueThresholdEnds(t *testing.T) {
	t.Parallel()
	q := AbandonQueue{13, 10, 180, 300}
	m0, err := q.Measures(0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m0.ServiceLevel-(1-m0.PWait)) > 1e-12 || m0.AbandonedWithin > 1e-12 {
		t.Errorf("threshold 0: %+v, want ServiceLevel = 1 − PWait and no abandons", m0)
	}
	mInf, err := q.Measures(1e6)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(mInf.ServiceLevel-(1-mInf.PAbandon)) > 1e-12 || math.Abs(mInf.WithinThreshold-1) > 1e-12 {
		t.Errorf("threshold 1e6 s: %+v, want every answer and abandon within it", mInf)
	}
}

// TestAbandonQueueLarge checks finite, sane values at 100,000 Erlangs,
// balanced and overloaded, and for an overloaded queue with nearly endless
// patience, where the fluid model (Whitt, "Fluid models for multiserver
// queues with abandonments", Operations Research 54(1), 2006) says that
// the agents are all busy and the excess 1 − n/A abandons.
func TestAbandonQueueLarge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		q            AbandonQueue
		wantAbandon  float64
		tolAbandon   float64
		wantOccupied float64
	}{
		{"100000 Erlangs balanced", AbandonQueue{100_000, 100_000, 180, 120}, 0, 0.01, 1},
		{"100000 Erlangs overloaded", AbandonQueue{90_000, 100_000, 180, 120}, 0.1, 1e-3, 1},
		{"endless patience overloaded", AbandonQueue{8, 10, 180, 1e9}, 0.2, 1e-3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.q.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			checkShares(t, m.shares()...)
			if math.Abs(m.PAbandon-tt.wantAbandon) > tt.tolAbandon ||
				math.Abs(m.Occupancy-tt.wantOccupied) > 0.01 {
				t.Errorf("%+v: PAbandon %v, Occupancy %v; want %v and %v", tt.q, m.PAbandon, m.Occupancy,
					tt.wantAbandon, tt.wantOccupied)
			}
			if math.IsInf(m.ASA, 0) || math.IsNaN(m.ASA) || m.ASA < 0 || m.MeanWait < 0 {
				t.Errorf("ASA %v, MeanWait %v: want finite waits", m.ASA, m.MeanWait)
			}
		})
	}
}

// TestAbandonQueueInvalid checks that out-of-range fields are errors.
func TestAbandonQueueInvalid(t *testing.T) {
	t.Parallel()
	for _, q := range []AbandonQueue{
		{0, 10, 180, 60}, {10, 10, 0, 60}, {10, 10, 180, 0}, {10, 10, 180, math.NaN()},
	} {
		if m, err := q.Measures(20); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: Measures = %+v, %v; want ErrInvalid", q, m, err)
		}
	}
	m, err := AbandonQueue{10, 0, 180, 60}.Measures(20)
	if err != nil || m.ServiceLevel != 1 || m.PWait != 0 {
		t.Errorf("no traffic: %+v, %v; want nobody waiting", m, err)
	}
}

// TestDigamma checks ψ on values known in closed form (Abramowitz & Stegun
// 6.3.2 and 6.3.3: ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2).
func TestDigamma(t *testing.T) {
	t.Parallel()
	const euler = 0.57721566490153286061
	for _, c := range []struct{ x, want float64 }{
		{1, -euler},
		{0.5, -euler - 2*math.Ln2},
		{11, -euler + 1 + 1.0/2 + 1.0/3 + 1.0/4 + 1.0/5 + 1.0/6 + 1.0/7 + 1.0/8 + 1.0/9 + 1.0/10},
	} {
		if got := digamma(c.x); math.Abs(got-c.want) > 1e-14 {
			t.Errorf("digamma(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	// The digamma branch of harmonic agrees with the direct sum.
	if d, s := digamma(1e6+2e5+2)-digamma(1e6+1), harmonic(1e6, 2e5); math.Abs(d-s) > 1e-12*s {
		t.Errorf("ψ difference %v, direct sum %v", d, s)
	}
}

// BenchmarkAbandonQueueMeasures measures Erlang A for a small center, a
// national one, and an overloaded queue with nearly endless patience (the
// worst case: the series walk grows like √(λ·Patience)).
func BenchmarkAbandonQueueMeasures(b *testing.B) {
	for _, bm := range []struct {
		name string
		q    AbandonQueue
	}{
		{"10E", AbandonQueue{13, 10, 180, 300}},
		{"100000E", AbandonQueue{100_000, 100_000, 180, 120}},
		{"patience1e9", AbandonQueue{8, 10, 180, 1e9}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bm.q.Measures(20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
