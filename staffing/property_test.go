package staffing

import (
	"math/rand/v2"
	"testing"
)

// randomCase draws an interval and targets from a seeded source, so that
// failures repeat.
func randomCase(r *rand.Rand) (Demand, Targets) {
	d := Demand{
		Calls:    1 + r.Float64()*2000,
		Interval: []float64{900, 1800, 3600}[r.IntN(3)],
		AHT:      30 + r.Float64()*600,
	}
	if r.IntN(2) == 0 {
		d.Patience = 10 + r.Float64()*300
	}
	t := Targets{ServiceLevel: 0.5 + r.Float64()*0.45, Threshold: r.Float64() * 60}
	switch r.IntN(4) {
	case 0:
		t.MaxASA = 1 + r.Float64()*60
	case 1:
		t.MaxOccupancy = 0.7 + r.Float64()*0.25
	case 2:
		t.MaxPWait = 0.1 + r.Float64()*0.8
	}
	if d.Patience > 0 && r.IntN(2) == 0 {
		t.MaxAbandon = 0.01 + r.Float64()*0.1
	}
	return d, t
}

// required returns Required's count, failing the test on an error.
func required(t *testing.T, d Demand, targets Targets) int {
	t.Helper()
	f, err := Required(d, targets)
	if err != nil {
		t.Fatalf("Required(%+v, %+v): %v", d, targets, err)
	}
	return f.Agents
}

// TestRequiredProperties checks on random intervals that Required is the
// fewest count meeting the targets, that it rises with calls and AHT and
// falls as the threshold grows, and that Need rounds up to it.
func TestRequiredProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		d, targets := randomCase(r)
		f, err := Required(d, targets)
		if err != nil {
			t.Fatalf("Required(%+v, %+v): %v", d, targets, err)
		}
		assertFewest(t, d, targets, f)

		more := d
		more.Calls *= 1 + r.Float64()
		if n := required(t, more, targets); n < f.Agents {
			t.Errorf("%+v %+v: more calls need %d agents, fewer than %d", more, targets, n, f.Agents)
		}
		longer := d
		longer.AHT *= 1 + r.Float64()
		if n := required(t, longer, targets); n < f.Agents {
			t.Errorf("%+v %+v: longer AHT needs %d agents, fewer than %d", longer, targets, n, f.Agents)
		}
		later := targets
		later.Threshold += r.Float64() * 60
		if n := required(t, d, later); n > f.Agents {
			t.Errorf("%+v %+v: a longer threshold needs %d agents, more than %d", d, later, n, f.Agents)
		}

		need, err := Need(d, targets)
		if err != nil || Total(need) != f.Agents || need <= float64(f.Agents-1) {
			t.Errorf("%+v %+v: Need = %v, %v; want in (%d, %d]", d, targets, need, err, f.Agents-1, f.Agents)
		}
	}
}

// TestNeedRisesWithCalls checks that the fractional need grows with the
// load, across whole-count steps.
func TestNeedRisesWithCalls(t *testing.T) {
	targets := Targets{ServiceLevel: 0.8, Threshold: 20}
	for _, patience := range []float64{0, 90} {
		prev := 0.0
		for calls := 1.0; calls <= 400; calls++ {
			d := Demand{Calls: calls, Interval: 1800, AHT: 180, Patience: patience}
			need, err := Need(d, targets)
			if err != nil {
				t.Fatal(err)
			}
			if need < prev {
				t.Errorf("patience %v: %v calls need %v agents, fewer than %v", patience, calls, need, prev)
			}
			prev = need
		}
	}
}
