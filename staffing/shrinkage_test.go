package staffing

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestScheduled checks the exact rounding up of Scheduled on the values
// where float64 division misrounds.
func TestScheduled(t *testing.T) {
	tests := []struct {
		name      string
		agents    int
		shrinkage float64
		fte       float64
		scheduled int
	}{
		{"14 at 30% (Call Centre Helper)", 14, 0.3, 20, 20},
		{"21 at 30%: 21/0.7 is 30.000000000000004 in float64", 21, 0.3, 30, 30},
		{"15 at 30% (pyworkforce)", 15, 0.3, 150.0 / 7, 22},
		{"100 at 40% (Monet)", 100, 0.4, 500.0 / 3, 167},
		{"none", 14, 0, 14, 14},
		{"no agents", 0, 0.35, 0, 0},
		{"7 at 65%: 7/0.35 is 20.000000000000004 in float64", 7, 0.65, 20, 20},
		{"just above a whole count", 20, 0.0001, 20.002000200020002, 21},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Scheduled(tt.agents, tt.shrinkage)
			if err != nil {
				t.Fatal(err)
			}
			if s.Scheduled != tt.scheduled || math.Abs(s.FTE-tt.fte) > 1e-12*tt.fte {
				t.Errorf("Scheduled = %+v, want FTE %v, %d scheduled", s, tt.fte, tt.scheduled)
			}
		})
	}
}

// TestScheduledExactOverPercent checks every whole percentage of shrinkage
// against integer arithmetic: ⌈100·agents/(100 − p)⌉.
func TestScheduledExactOverPercent(t *testing.T) {
	for p := 0; p < 100; p++ {
		shrinkage := float64(p) / 100
		for agents := 0; agents <= 300; agents++ {
			want := (100*agents + 99 - p) / (100 - p)
			s, err := Scheduled(agents, shrinkage)
			if err != nil || s.Scheduled != want {
				t.Fatalf("Scheduled(%d, %v) = %d, %v; want %d", agents, shrinkage, s.Scheduled, err, want)
			}
			back, err := Productive(s.Scheduled, shrinkage)
			if err != nil || back < agents {
				t.Fatalf("Productive(%d, %v) = %d, %v; want >= %d", s.Scheduled, shrinkage, back, err, agents)
			}
			if want := agents * (100 - p) / 100; mustProductive(t, agents, shrinkage) != want {
				t.Fatalf("Productive(%d, %v) != %d", agents, shrinkage, want)
			}
		}
	}
}

// mustProductive returns Productive, failing the test on an error.
func mustProductive(t *testing.T, scheduled int, shrinkage float64) int {
	t.Helper()
	p, err := Productive(scheduled, shrinkage)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProductive checks the exact rounding down of Productive.
func TestProductive(t *testing.T) {
	if p := mustProductive(t, 90, 0.3); p != 63 {
		t.Errorf("Productive(90, 0.3) = %d, want 63 (float64 gives 62.99999999999999)", p)
	}
	if p := mustProductive(t, 20, 0.3); p != 14 {
		t.Errorf("Productive(20, 0.3) = %d, want 14", p)
	}
}

// TestShrinkageInvalid checks the errors for shrinkage outside [0, 0.99].
func TestShrinkageInvalid(t *testing.T) {
	tests := []struct {
		shrinkage float64
		message   string
	}{
		{1, "shrinkage must be < 1"},
		{1.5, "shrinkage must be < 1"},
		{math.Inf(1), "shrinkage must be < 1"},
		// Close to 1, ten million agents would need 10^20 scheduled.
		{0.9999999999999, "shrinkage must be at most 0.99"},
		{0.995, "shrinkage must be at most 0.99"},
		{-0.1, "shrinkage must be >= 0"},
		{math.NaN(), "shrinkage must be >= 0"},
	}
	for _, tt := range tests {
		_, err1 := Scheduled(14, tt.shrinkage)
		_, err2 := Productive(14, tt.shrinkage)
		_, err3 := CompoundShrinkage(0.1, tt.shrinkage)
		for _, err := range []error{err1, err2, err3} {
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("shrinkage %v: error %v, want %q", tt.shrinkage, err, tt.message)
			}
		}
	}
	if _, err := Scheduled(-1, 0.3); !errors.Is(err, ErrInvalid) {
		t.Errorf("Scheduled(-1): %v, want ErrInvalid", err)
	}
	if _, err := Productive(-1, 0.3); !errors.Is(err, ErrInvalid) {
		t.Errorf("Productive(-1): %v, want ErrInvalid", err)
	}
}

// TestCompoundShrinkage checks 1 − Π(1 − sᵢ) (ccplanning.net).
func TestCompoundShrinkage(t *testing.T) {
	tests := []struct {
		name       string
		components []float64
		want       float64
	}{
		{"none", nil, 0},
		{"one", []float64{0.3}, 0.3},
		{"10%, 15%, 5%", []float64{0.1, 0.15, 0.05}, 0.27325},
		{"two halves", []float64{0.5, 0.5}, 0.75},
	}
	for _, tt := range tests {
		got, err := CompoundShrinkage(tt.components...)
		if err != nil || got != tt.want {
			t.Errorf("%s: CompoundShrinkage = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

// TestTotal checks that unrounded needs are summed, then rounded once.
func TestTotal(t *testing.T) {
	tests := []struct {
		name  string
		needs []float64
		want  int
	}{
		{"none", nil, 0},
		{"two queues of 13.05 and 13.55", []float64{13.05, 13.55}, 27},
		{"float64 sum just above 1", []float64{0.1, 0.2, 0.7}, 1},
		{"whole", []float64{14}, 14},
		{"just past whole", []float64{14.001}, 15},
	}
	for _, tt := range tests {
		if got := Total(tt.needs...); got != tt.want {
			t.Errorf("%s: Total = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestNeedSharedRounding checks the rounding case's rule for several
// queues: sum the unrounded needs, round once. Two queues of 100 and 104
// calls (80/20, 1,800 s, 180 s) need 14 agents each when rounded alone, 28
// in all, but 13.05 + 13.55 unrounded: 27 when summed first.
func TestNeedSharedRounding(t *testing.T) {
	sl := Targets{ServiceLevel: 0.8, Threshold: 20}
	n100, err1 := Need(Demand{Calls: 100, Interval: 1800, AHT: 180}, sl)
	n104, err2 := Need(Demand{Calls: 104, Interval: 1800, AHT: 180}, sl)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	// Linear interpolation of the service level: 13 + (0.8 − SL13)/(SL14 − SL13).
	near(t, "Need(100 calls)", n100, 13.0475, 0.0001)
	near(t, "Need(104 calls)", n104, 13.5451, 0.0001)
	if got := Total(n100, n104); got != 27 {
		t.Errorf("Total = %d, want 27", got)
	}
}

// TestNeedNoCalls checks that no calls need no agent.
func TestNeedNoCalls(t *testing.T) {
	if n, err := Need(Demand{Interval: 900, AHT: 60}, Targets{MaxPWait: 0.2}); n != 0 || err != nil {
		t.Errorf("Need = %v, %v; want 0", n, err)
	}
}
