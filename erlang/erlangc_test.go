package erlang

import (
	"errors"
	"math"
	"testing"
)

// TestQueueCases checks the figures of ../shared/cases/staffing-overload and
// staffing-large (case.md), at the precision those files print them.
func TestQueueCases(t *testing.T) {
	t.Parallel()
	overload := 44.34 * 646 / 1800 // 15.913 Erlangs
	tests := []struct {
		name      string
		q         Queue
		threshold float64
		// want holds the printed values; tol is half their last digit.
		want, tol Measures
		wantErr   error
	}{
		{name: "overload 14 agents", q: Queue{14, overload, 646}, threshold: 20, wantErr: ErrOverloaded},
		{name: "overload 15 agents", q: Queue{15, overload, 646}, threshold: 20, wantErr: ErrOverloaded},
		{
			name: "overload 16 agents", q: Queue{16, overload, 646}, threshold: 20,
			want: Measures{PWait: 0.975, ServiceLevel: 0.028, ASA: 7248},
			tol:  Measures{PWait: 0.0005, ServiceLevel: 0.0005, ASA: 1},
		},
		{
			name: "overload 20 agents", q: Queue{20, overload, 646}, threshold: 20,
			want: Measures{ServiceLevel: 0.783}, tol: Measures{ServiceLevel: 0.0005},
		},
		{
			name: "overload 21 agents", q: Queue{21, overload, 646}, threshold: 20,
			want: Measures{ServiceLevel: 0.860, ASA: 20.8, Occupancy: 0.758},
			tol:  Measures{ServiceLevel: 0.0005, ASA: 0.05, Occupancy: 0.0005},
		},
		{
			name: "large 258 agents", q: Queue{258, 250, 150}, threshold: 20,
			want: Measures{PWait: 0.507, ServiceLevel: 0.8254, ASA: 9.5, Occupancy: 0.969},
			tol:  Measures{PWait: 0.0005, ServiceLevel: 0.00005, ASA: 0.05, Occupancy: 0.0005},
		},
		{
			name: "large 257 agents", q: Queue{257, 250, 150}, threshold: 20,
			want: Measures{ServiceLevel: 0.7815}, tol: Measures{ServiceLevel: 0.00005},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.q.Measures(tt.threshold)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Measures = %+v, %v; want error %v", m, err, tt.wantErr)
			}
			near := func(name string, got, want, tol float64) {
				if tol > 0 && math.Abs(got-want) > tol {
					t.Errorf("%s = %v, want %v ± %v", name, got, want, tol)
				}
			}
			near("PWait", m.PWait, tt.want.PWait, tt.tol.PWait)
			near("ServiceLevel", m.ServiceLevel, tt.want.ServiceLevel, tt.tol.ServiceLevel)
			near("ASA", m.ASA, tt.want.ASA, tt.tol.ASA)
			near("Occupancy", m.Occupancy, tt.want.Occupancy, tt.tol.Occupancy)
		})
	}
}

// TestC checks C against a value exact in rationals and the overload rule.
func TestC(t *testing.T) {
	t.Parallel()
	// C(2, 1.5) = 9/14 (Wolfram Language ErlangC documentation).
	if c, err := C(2, 1.5); err != nil || math.Abs(c-9.0/14) > 1e-15 {
		t.Errorf("C(2, 1.5) = %v, %v; want 9/14", c, err)
	}
	// With one agent, C = A (the agent is busy a share A of the time).
	if c, err := C(1, 0.05); err != nil || math.Abs(c-0.05) > 1e-16 {
		t.Errorf("C(1, 0.05) = %v, %v; want 0.05", c, err)
	}
	for _, n := range []int{0, 9, 10} {
		if c, err := C(n, 10); !errors.Is(err, ErrOverloaded) {
			t.Errorf("C(%d, 10) = %v, %v; want ErrOverloaded", n, c, err)
		}
	}
}

// TestQueueInvalid checks that out-of-range fields are errors naming them.
func TestQueueInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		q         Queue
		threshold float64
	}{
		{"no agents", Queue{0, 10, 180}, 20},
		{"negative traffic", Queue{10, -1, 180}, 20},
		{"NaN traffic", Queue{10, math.NaN(), 180}, 20},
		{"zero AHT", Queue{14, 10, 0}, 20},
		{"negative threshold", Queue{14, 10, 180}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m, err := tt.q.Measures(tt.threshold); !errors.Is(err, ErrInvalid) {
				t.Errorf("Measures = %+v, %v; want ErrInvalid", m, err)
			}
		})
	}
}

// TestQueueMonotone checks that the service level rises with agents and
// falls with traffic, and that every share stays in [0, 1].
func TestQueueMonotone(t *testing.T) {
	t.Parallel()
	for _, traffic := range []float64{0.05, 1, 10, 250, 10_000} {
		prev := -1.0
		for n := int(traffic) + 1; n < int(traffic)+1+int(10*math.Sqrt(traffic))+10; n++ {
			m, err := Queue{n, traffic, 180}.Measures(20)
			if err != nil {
				t.Fatal(err)
			}
			checkShares(t, m.PWait, m.ServiceLevel, m.AnsweredImmediately, m.Occupancy)
			if m.ServiceLevel < prev {
				t.Errorf("A=%v: service level falls from %v to %v at %d agents", traffic, prev, m.ServiceLevel, n)
			}
			prev = m.ServiceLevel
		}
	}
	prev := 2.0
	for traffic := 0.0; traffic < 14; traffic += 0.25 {
		sl, err := Queue{14, traffic, 180}.ServiceLevel(20)
		if err != nil {
			t.Fatal(err)
		}
		if sl > prev {
			t.Errorf("14 agents: service level rises from %v to %v at %v Erlangs", prev, sl, traffic)
		}
		prev = sl
	}
}

// checkShares fails the test for a share outside [0, 1] or not a number.
func checkShares(t *testing.T, shares ...float64) {
	t.Helper()
	for i, p := range shares {
		if !(p >= 0 && p <= 1) {
			t.Errorf("share %d = %v, want in [0, 1]", i, p)
		}
	}
}

// TestQueueLarge checks a national-size queue: 100,000 Erlangs.
func TestQueueLarge(t *testing.T) {
	t.Parallel()
	m, err := Queue{100_300, 100_000, 180}.Measures(20)
	if err != nil {
		t.Fatal(err)
	}
	checkShares(t, m.PWait, m.ServiceLevel, m.AnsweredImmediately, m.Occupancy)
	// Halfin & Whitt, "Heavy-traffic limits for queues with many
	// exponential servers", Operations Research 29(3), 1981: with
	// n = A + β√A, P(wait) → 1 / (1 + β·Φ(β)/φ(β)); at 100,000 Erlangs the
	// limit is within 1e-3 of the exact value.
	β := 300 / math.Sqrt(100_000)
	Φ := 0.5 * (1 + math.Erf(β/math.Sqrt2))
	φ := math.Exp(-β*β/2) / math.Sqrt(2*math.Pi)
	if want := 1 / (1 + β*Φ/φ); math.Abs(m.PWait-want) > 1e-3 {
		t.Errorf("PWait = %v, want Halfin-Whitt %v ± 1e-3", m.PWait, want)
	}
	if want := m.PWait * 180 / 300; math.Abs(m.ASA-want) > 1e-9 {
		t.Errorf("ASA = %v, want %v", m.ASA, want)
	}
}

// BenchmarkQueueMeasures measures Erlang C for a small and a large center.
func BenchmarkQueueMeasures(b *testing.B) {
	for _, bm := range []struct {
		name string
		q    Queue
	}{
		{"10E", Queue{14, 10, 180}},
		{"100000E", Queue{100_300, 100_000, 180}},
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
