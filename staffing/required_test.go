package staffing

import (
	"errors"
	"math"
	"testing"

	"github.com/sladesk/sladesk/erlang"
)

// near fails unless got is want within tol; the shared cases print their
// figures rounded, so tol is half a unit of the last printed digit.
func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6g, want %.6g ± %g", name, got, want, tol)
	}
}

// TestRequiredSharedCases checks the shared cases staffing-rounding and
// staffing-large (../../shared/cases): interval 1,800 s, target 80/20
// unless said.
func TestRequiredSharedCases(t *testing.T) {
	tests := []struct {
		name      string
		calls     float64
		aht       float64
		targets   Targets
		agents    int
		sl        float64 // at agents, printed to 0.01%
		slBelow   float64 // at agents − 1
		scheduled int     // at 30% shrinkage, 0 if not given
	}{
		{"rounding/100 calls", 100, 180, Targets{ServiceLevel: 0.8, Threshold: 20}, 14, 0.8884, 0.7956, 20},
		{"rounding/164 calls, 21/0.7 is 30", 164, 180, Targets{ServiceLevel: 0.8, Threshold: 20},
			21, 0.8765, 0.7966, 30},
		{"rounding/106 calls, 40% in 180 s is 11 not 12", 106, 180, Targets{ServiceLevel: 0.4, Threshold: 180},
			11, 0.4202, -1, 0},
		{"rounding/104 calls, never 14.4", 104, 180, Targets{ServiceLevel: 0.8, Threshold: 20}, 14, 0.8525, -1, 0},
		{"large/250 Erlangs", 3000, 150, Targets{ServiceLevel: 0.8, Threshold: 20}, 258, 0.8254, 0.7815, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Demand{Calls: tt.calls, Interval: 1800, AHT: tt.aht}
			f, err := Required(d, tt.targets)
			if err != nil {
				t.Fatal(err)
			}
			if f.Agents != tt.agents {
				t.Fatalf("Agents = %d, want %d", f.Agents, tt.agents)
			}
			near(t, "ServiceLevel", f.ServiceLevel, tt.sl, 0.00005)
			if tt.slBelow >= 0 {
				below, err := Forecast(d, tt.agents-1, tt.targets.Threshold)
				if err != nil {
					t.Fatal(err)
				}
				near(t, "ServiceLevel one agent below", below.ServiceLevel, tt.slBelow, 0.00005)
			}
			if tt.scheduled > 0 {
				s, err := Scheduled(f.Agents, 0.3)
				if err != nil || s.Scheduled != tt.scheduled {
					t.Errorf("Scheduled(%d, 0.3) = %d, %v; want %d", f.Agents, s.Scheduled, err, tt.scheduled)
				}
			}
		})
	}
}

// TestLargeFigures checks the other figures of staffing-large.
func TestLargeFigures(t *testing.T) {
	d := Demand{Calls: 3000, Interval: 1800, AHT: 150}
	f, err := Required(d, Targets{ServiceLevel: 0.8, Threshold: 20})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "Workload", f.Workload, 250, 1e-12)
	near(t, "PWait", f.PWait, 0.507, 0.0005)
	near(t, "ASA", f.ASA, 9.5, 0.05)
	near(t, "Occupancy", f.Occupancy, 0.969, 0.0005)
}

// TestOverload checks the shared case staffing-overload: 44.34 calls in
// 1,800 s at 646 s are 15.913 Erlangs, target 80/20.
func TestOverload(t *testing.T) {
	d := Demand{Calls: 44.34, Interval: 1800, AHT: 646}
	near(t, "Workload", d.Workload(), 15.913, 0.0005)

	for _, n := range []int{14, 15} {
		f, err := Forecast(d, n, 20)
		if !errors.Is(err, erlang.ErrOverloaded) {
			t.Errorf("Forecast(%d) error %v, want ErrOverloaded", n, err)
		}
		if f.ASA < 0 || f.Occupancy > 1 || f.ServiceLevel != 0 || f.PWait != 1 {
			t.Errorf("Forecast(%d) = %+v, want the overload limits", n, f)
		}
	}

	f16, err := Forecast(d, 16, 20)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "PWait at 16", f16.PWait, 0.975, 0.0005)
	near(t, "ServiceLevel at 16", f16.ServiceLevel, 0.028, 0.0005)
	near(t, "ASA at 16", f16.ASA, 7248, 1) // "about 7,248 s"
	f20, err := Forecast(d, 20, 20)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "ServiceLevel at 20", f20.ServiceLevel, 0.783, 0.0005)

	f, err := Required(d, Targets{ServiceLevel: 0.8, Threshold: 20})
	if err != nil {
		t.Fatal(err)
	}
	if f.Agents != 21 {
		t.Fatalf("Required = %d agents, want 21", f.Agents)
	}
	near(t, "ServiceLevel", f.ServiceLevel, 0.860, 0.0005)
	near(t, "ASA", f.ASA, 20.8, 0.05)
	near(t, "Occupancy", f.Occupancy, 0.758, 0.0005)
}

// TestRequiredInfeasible checks that unreachable targets are errors, not
// numbers.
func TestRequiredInfeasible(t *testing.T) {
	tests := []struct {
		name    string
		d       Demand
		targets Targets
	}{
		{"100% within 20 s, Erlang C", Demand{Calls: 100, Interval: 1800, AHT: 180},
			Targets{ServiceLevel: 1, Threshold: 20}},
		{"100% within 20 s at 100,000 Erlangs", Demand{Calls: 1e5, Interval: 1, AHT: 1},
			Targets{ServiceLevel: 1, Threshold: 20}},
		{"100% within 20 s, Erlang A", Demand{Calls: 100, Interval: 1800, AHT: 180, Patience: 60},
			Targets{ServiceLevel: 1, Threshold: 20}},
		{"100% answered at once", Demand{Calls: 1, Interval: 3600, AHT: 180},
			Targets{ServiceLevel: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Required(tt.d, tt.targets)
			if !errors.Is(err, ErrInfeasible) {
				t.Errorf("Required = %+v, %v; want ErrInfeasible", f, err)
			}
		})
	}
}

// TestSearchUpperBound checks that a search reaching its bound stops with
// ErrInfeasible.
func TestSearchUpperBound(t *testing.T) {
	d := Demand{Calls: 100, Interval: 1800, AHT: 180}
	_, err := search(d, Targets{ServiceLevel: 0.99, Threshold: 20}, 11, 13)
	if !errors.Is(err, ErrInfeasible) {
		t.Errorf("search to 13 agents: %v, want ErrInfeasible", err)
	}
}

// TestInvalid checks that out-of-range inputs are errors naming the field.
func TestInvalid(t *testing.T) {
	ok := Demand{Calls: 100, Interval: 1800, AHT: 180}
	sl := Targets{ServiceLevel: 0.8, Threshold: 20}
	tests := []struct {
		name    string
		d       Demand
		targets Targets
	}{
		{"negative calls", Demand{Calls: -1, Interval: 1800, AHT: 180}, sl},
		{"NaN calls", Demand{Calls: math.NaN(), Interval: 1800, AHT: 180}, sl},
		{"zero interval", Demand{Calls: 100, AHT: 180}, sl},
		{"infinite AHT", Demand{Calls: 100, Interval: 1800, AHT: math.Inf(1)}, sl},
		{"zero AHT", Demand{Calls: 100, Interval: 1800}, sl},
		{"negative patience", Demand{Calls: 100, Interval: 1800, AHT: 180, Patience: -1}, sl},
		{"overflowing workload", Demand{Calls: 1e300, Interval: 1e-300, AHT: 1}, sl},
		{"service level above 1", ok, Targets{ServiceLevel: 1.2, Threshold: 20}},
		{"negative service level", ok, Targets{ServiceLevel: -0.1, Threshold: 20}},
		{"negative threshold", ok, Targets{ServiceLevel: 0.8, Threshold: -1}},
		{"infinite threshold", ok, Targets{ServiceLevel: 0.8, Threshold: math.Inf(1)}},
		{"negative ASA", ok, Targets{MaxASA: -5}},
		{"occupancy above 1", ok, Targets{MaxOccupancy: 1.5}},
		{"NaN P(wait)", ok, Targets{MaxPWait: math.NaN()}},
		{"abandon rate without patience", ok, Targets{MaxAbandon: 0.05}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Required(tt.d, tt.targets)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Required = %+v, %v; want ErrInvalid", f, err)
			}
		})
	}
	if _, err := Forecast(ok, 0, 20); !errors.Is(err, ErrInvalid) {
		t.Errorf("Forecast with 0 agents: %v, want ErrInvalid", err)
	}
	if _, err := Forecast(ok, 14, -1); !errors.Is(err, ErrInvalid) {
		t.Errorf("Forecast with threshold -1: %v, want ErrInvalid", err)
	}
}

// TestNoCalls checks that an interval without calls needs no agent.
func TestNoCalls(t *testing.T) {
	f, err := Required(Demand{Interval: 1800, AHT: 180}, Targets{ServiceLevel: 1, Threshold: 20})
	if err != nil || f.Agents != 0 {
		t.Errorf("Required = %+v, %v; want 0 agents", f, err)
	}
}

// TestRequiredErlangA checks Required with patience against its own
// definition: met at the count, missed one below, for each kind of target.
func TestRequiredErlangA(t *testing.T) {
	d := Demand{Calls: 100, Interval: 1800, AHT: 180, Patience: 120}
	tests := []struct {
		name    string
		targets Targets
	}{
		{"80/20", Targets{ServiceLevel: 0.8, Threshold: 20}},
		{"abandon 2%", Targets{MaxAbandon: 0.02}},
		{"ASA 10 s", Targets{MaxASA: 10}},
		{"occupancy 60%", Targets{MaxOccupancy: 0.6}},
		{"P(wait) 10%", Targets{MaxPWait: 0.1}},
		{"all", Targets{ServiceLevel: 0.8, Threshold: 20, MaxAbandon: 0.03, MaxASA: 15, MaxOccupancy: 0.85}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Required(d, tt.targets)
			if err != nil {
				t.Fatal(err)
			}
			assertFewest(t, d, tt.targets, f)
		})
	}
}

// TestErlangABelowErlangC checks that abandonment lowers the requirement:
// callers who hang up free the agents for the others.
func TestErlangABelowErlangC(t *testing.T) {
	d := Demand{Calls: 100, Interval: 1800, AHT: 180}
	sl := Targets{ServiceLevel: 0.8, Threshold: 20}
	c, errC := Required(d, sl)
	d.Patience = 60
	a, errA := Required(d, sl)
	if errC != nil || errA != nil || a.Agents > c.Agents {
		t.Errorf("Erlang A %d agents (%v), Erlang C %d (%v)", a.Agents, errA, c.Agents, errC)
	}
}

// assertFewest fails unless f meets t and one agent fewer does not.
func assertFewest(t *testing.T, d Demand, targets Targets, f Figures) {
	t.Helper()
	at, err := Forecast(d, f.Agents, targets.Threshold)
	if err != nil || !targets.Met(at) || at != f {
		t.Errorf("at %d agents: %+v, %v; want the targets met and %+v", f.Agents, at, err, f)
	}
	if f.Agents <= 1 {
		return
	}
	below, err := Forecast(d, f.Agents-1, targets.Threshold)
	if err == nil && targets.Met(below) {
		t.Errorf("at %d agents the targets are met too: %+v", f.Agents-1, below)
	}
}

// TestWalkEqualsSearch checks the Erlang C walk against the gallop and
// bisection that Erlang A uses: the same count and the same figures for
// every demand of a day of 40 queues and several kinds of target.
func TestWalkEqualsSearch(t *testing.T) {
	targets := []struct {
		name string
		t    Targets
	}{
		{"80/20", Targets{ServiceLevel: 0.8, Threshold: 20}},
		{"90/10 and ASA 15 s", Targets{ServiceLevel: 0.9, Threshold: 10, MaxASA: 15}},
		{"occupancy 85%", Targets{ServiceLevel: 0.5, Threshold: 60, MaxOccupancy: 0.85}},
		{"P(wait) 20%", Targets{MaxPWait: 0.2}},
		{"threshold 0", Targets{ServiceLevel: 0.6, Threshold: 0}},
	}
	demands := append(dayOfQueues(40),
		Demand{Calls: 1.2e6, Interval: 1800, AHT: 150}, Demand{Calls: 0.3, Interval: 1800, AHT: 30})
	for _, tt := range targets {
		t.Run(tt.name, func(t *testing.T) {
			for _, d := range demands {
				lo, hi := minAgents(d), maxAgents(d.Workload(), tt.t)
				got, gotErr := walk(d, tt.t, lo, hi)
				want, wantErr := search(d, tt.t, lo, hi)
				if got != want || (gotErr == nil) != (wantErr == nil) {
					t.Fatalf("%+v: walk %+v, %v; search %+v, %v", d, got, gotErr, want, wantErr)
				}
			}
		})
	}
}

// TestRequiredTightOccupancy: an occupancy cap far below the usual needs
// many agents, not an "infeasible": 10 Erlangs at most 0.5% busy need
// ⌈10/0.005⌉ = 2,000 agents, beyond the square-root bound of the search;
// and one past MaxAgents is infeasible within what sladesk plans for.
func TestRequiredTightOccupancy(t *testing.T) {
	d := Demand{Calls: 100, Interval: 1800, AHT: 180}
	f, err := Required(d, Targets{ServiceLevel: 0.8, Threshold: 20, MaxOccupancy: 0.005})
	if err != nil || f.Agents != 2000 {
		t.Errorf("Required = %d agents, %v; want 2000", f.Agents, err)
	}
	// Starting the walk at ⌈A/cap⌉ skips no count that meets the targets.
	for _, occ := range []float64{0.3, 0.5, 0.7, 0.85, 0.95, 0.999} {
		for _, dd := range dayOfQueues(3) {
			tt := Targets{ServiceLevel: 0.8, Threshold: 20, MaxOccupancy: occ}
			got, err1 := Required(dd, tt)
			want, err2 := search(dd, tt, minAgents(dd), maxAgents(dd.Workload(), tt))
			if got != want || (err1 == nil) != (err2 == nil) {
				t.Fatalf("%+v at occupancy %v: Required %+v, %v; search %+v, %v", dd, occ, got, err1, want, err2)
			}
		}
	}
	big := Demand{Calls: 1e6, Interval: 1, AHT: 1} // 10^6 Erlangs
	if _, err := Required(big, Targets{MaxOccupancy: 0.05}); !errors.Is(err, ErrInfeasible) {
		t.Errorf("2e7 agents needed: %v, want ErrInfeasible", err)
	}
}
