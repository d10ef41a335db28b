package staffing_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk/staffing"
)

// cet is a fixed +01:00 zone, so that the tests do not depend on the
// machine's time zone or on its DST rules.
var cet = time.FixedZone("CET", 3600)

// at returns 2025-03-03 at hh:mm in cet.
func at(hh, mm int) time.Time {
	return time.Date(2025, 3, 3, hh, mm, 0, 0, cet)
}

// slTargets is 80% of calls answered within 20 seconds.
var slTargets = staffing.Targets{ServiceLevel: 0.8, Threshold: 20}

// planConfig is 80/20, 30% shrinkage and a 7.5-hour paid day, fractional
// needs added before rounding.
func planConfig() staffing.PlanConfig {
	return staffing.PlanConfig{Targets: slTargets, Shrinkage: 0.3, PaidHoursPerFTE: 7.5, Fractional: true}
}

// approx fails unless got is want within tol.
func approx(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.12g, want %.12g ± %g", name, got, want, tol)
	}
}

// mustPlan returns Plan(loads, cfg) or stops the test.
func mustPlan(tb testing.TB, loads []staffing.IntervalLoad,
	cfg staffing.PlanConfig) *staffing.PlanResult {
	tb.Helper()
	res, err := staffing.Plan(loads, cfg)
	if err != nil {
		tb.Fatalf("Plan: %v", err)
	}
	return res
}

// mustRequired returns the agents Required gives for calls at aht in 30
// minutes at 80/20, the value the pooled queue must match.
func mustRequired(tb testing.TB, calls, aht float64) int {
	tb.Helper()
	f, err := staffing.Required(staffing.Demand{Calls: calls, Interval: 1800, AHT: aht}, slTargets)
	if err != nil {
		tb.Fatal(err)
	}
	return f.Agents
}

// TestPlanInterval checks one interval of one or two queues. The counts
// per queue are those of the staffing-rounding case (100 calls at 180 s in
// 30 minutes at 80/20: 14 agents, Need 13.047...); the pooled counts are
// Required on the pooled queue, and the pooled AHT is worked by hand.
func TestPlanInterval(t *testing.T) {
	load := func(queue string, calls, aht float64) staffing.IntervalLoad {
		return staffing.IntervalLoad{Queue: queue, Start: at(9, 0), Length: 30 * time.Minute,
			Calls: calls, AHT: aht}
	}
	tests := []struct {
		name        string
		loads       []staffing.IntervalLoad
		agents      []int // per queue, in queue order
		separate    int
		whole       int
		pooledCalls float64
		pooledAHT   float64 // (ΣCallsᵢ·AHTᵢ)/ΣCallsᵢ
	}{
		// 13.047 + 13.047 = 26.09, rounded once to 27; 14 + 14 = 28.
		{"two queues of 100 calls at 180 s",
			[]staffing.IntervalLoad{load("billing", 100, 180), load("sales", 100, 180)},
			[]int{14, 14}, 27, 28, 200, 180},
		// (100·180 + 50·300)/150 = 33000/150 = 220 s.
		{"AHT weighted by calls",
			[]staffing.IntervalLoad{load("billing", 100, 180), load("sales", 50, 300)},
			[]int{14, mustRequired(t, 50, 300)}, 0, 0, 150, 220},
		{"one queue is its own pool",
			[]staffing.IntervalLoad{load("billing", 100, 180)},
			[]int{14}, 14, 14, 100, 180},
		{"no calls need no agents, AHT 0 allowed",
			[]staffing.IntervalLoad{load("billing", 0, 0), load("sales", 0, 180)},
			[]int{0, 0}, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustPlan(t, tt.loads, planConfig())
			for i, q := range res.Queues {
				if q.Err != nil || q.Figures.Agents != tt.agents[i] {
					t.Errorf("queue %s: %d agents, %v; want %d", q.Queue, q.Figures.Agents, q.Err, tt.agents[i])
				}
			}
			if len(res.Intervals) != 1 {
				t.Fatalf("%d intervals, want 1", len(res.Intervals))
			}
			p := res.Intervals[0]
			checkSeparate(t, res.Queues, p)
			if tt.separate > 0 && (p.Separate != tt.separate || p.Whole != tt.whole) {
				t.Errorf("Separate, Whole = %d, %d; want %d, %d", p.Separate, p.Whole, tt.separate, tt.whole)
			}
			// Without Fractional each queue keeps its whole agents.
			cfg := planConfig()
			cfg.Fractional = false
			if w := mustPlan(t, tt.loads, cfg).Intervals[0]; w.Separate != p.Whole || w.Whole != p.Whole {
				t.Errorf("whole agents: Separate, Whole = %d, %d; want %d, %d", w.Separate, w.Whole,
					p.Whole, p.Whole)
			}
			approx(t, "Calls", p.Calls, tt.pooledCalls, 0)
			approx(t, "AHT", p.AHT, tt.pooledAHT, 1e-12)
			checkPooled(t, p)
		})
	}
}

// checkSeparate checks that p adds the unrounded needs of queues and
// rounds once.
func checkSeparate(t *testing.T, queues []staffing.QueuePlan, p staffing.IntervalPlan) {
	t.Helper()
	var needs []float64
	whole := 0
	for _, q := range queues {
		if q.Start.Equal(p.Start) {
			needs = append(needs, q.Need)
			whole += q.Figures.Agents
		}
	}
	if want := staffing.Total(needs...); p.Separate != want {
		t.Errorf("at %v: Separate = %d, want Total(needs) = %d", p.Start, p.Separate, want)
	}
	if p.Whole != whole {
		t.Errorf("at %v: Whole = %d, want %d", p.Start, p.Whole, whole)
	}
}

// checkPooled checks the pooled requirement of p against Required, and
// that pooling saves agents.
func checkPooled(t *testing.T, p staffing.IntervalPlan) {
	t.Helper()
	want := 0
	if p.Calls > 0 {
		want = mustRequired(t, p.Calls, p.AHT)
	}
	if p.Pooled.Agents != want {
		t.Errorf("at %v: Pooled.Agents = %d, want %d", p.Start, p.Pooled.Agents, want)
	}
	effect, ok := p.PoolingEffect()
	if !ok || effect != p.Separate-p.Pooled.Agents || effect < 0 {
		t.Errorf("at %v: PoolingEffect = %d, %v; want %d - %d >= 0",
			p.Start, effect, ok, p.Separate, p.Pooled.Agents)
	}
	if p.Queues > 1 && p.Calls > 0 && effect == 0 {
		t.Errorf("at %v: pooling %d queues saves no agent", p.Start, p.Queues)
	}
}

// TestPlanTotals checks the hours, FTE and hiring need of two 30-minute
// intervals of 100 calls (14 agents each, staffing-rounding): 14
// agent-hours, 14/0.7 = 20 scheduled hours, 20/5 = 4 FTE at 5 paid hours.
func TestPlanTotals(t *testing.T) {
	loads := []staffing.IntervalLoad{
		{Queue: "billing", Start: at(9, 0), Length: 30 * time.Minute, Calls: 100, AHT: 180},
		{Queue: "billing", Start: at(9, 30), Length: 30 * time.Minute, Calls: 100, AHT: 180},
	}
	tests := []struct {
		name      string
		headcount float64
		hiring    float64
	}{
		{"no headcount: hire every FTE", 0, 4},
		{"short by 1.5", 2.5, 1.5},
		{"exactly staffed", 4, 0},
		{"overstaffed hires none", 6, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := planConfig()
			cfg.PaidHoursPerFTE, cfg.Headcount = 5, tt.headcount
			res := mustPlan(t, loads, cfg)
			for _, tot := range []staffing.PlanTotals{res.Separate, res.Pooled} {
				approx(t, "AgentHours", tot.AgentHours, 14, 1e-12)
				approx(t, "ScheduledHours", tot.ScheduledHours, 20, 1e-12)
				approx(t, "FTE", tot.FTE, 4, 1e-12)
				approx(t, "HiringNeed", tot.HiringNeed, tt.hiring, 1e-12)
				if tot.Infeasible != 0 {
					t.Errorf("Infeasible = %d, want 0", tot.Infeasible)
				}
			}
			if s := res.Intervals[0].Scheduled; s != 20 {
				t.Errorf("Scheduled = %d, want 14/0.7 = 20", s)
			}
		})
	}
}

// dayLoads returns a day of 48 half-hour intervals for two queues, calls
// following a smooth daily curve: none from 00:00 to 06:00, a peak of 120
// and 60 calls at 13:00. The loads are shuffled with a pinned seed to show
// that Plan sorts them.
func dayLoads() []staffing.IntervalLoad {
	var loads []staffing.IntervalLoad
	for i := range 48 {
		start := at(0, 0).Add(time.Duration(i) * 30 * time.Minute)
		shape := math.Max(0, math.Sin(math.Pi*(float64(i)-12)/26)) // 0 before 06:00 and after 19:00
		loads = append(loads,
			staffing.IntervalLoad{Queue: "sales", Start: start, Length: 30 * time.Minute,
				Calls: math.Round(60 * shape), AHT: 300},
			staffing.IntervalLoad{Queue: "billing", Start: start, Length: 30 * time.Minute,
				Calls: math.Round(120 * shape), AHT: 180})
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(loads), func(i, j int) { loads[i], loads[j] = loads[j], loads[i] })
	return loads
}

// TestPlanDay checks a day of 48 intervals: ordering, the separate and
// pooled requirement of every interval, and the totals as the sum of the
// intervals.
func TestPlanDay(t *testing.T) {
	res := mustPlan(t, dayLoads(), planConfig())
	if len(res.Queues) != 96 || len(res.Intervals) != 48 {
		t.Fatalf("%d queue plans, %d intervals; want 96, 48", len(res.Queues), len(res.Intervals))
	}
	for i, q := range res.Queues {
		want := at(0, 0).Add(time.Duration(i%48) * 30 * time.Minute)
		if wantQueue := []string{"billing", "sales"}[i/48]; q.Queue != wantQueue || !q.Start.Equal(want) {
			t.Fatalf("Queues[%d] = %s at %v, want %s at %v", i, q.Queue, q.Start, wantQueue, want)
		}
	}

	hours, pooledHours := 0.0, 0.0
	for i, p := range res.Intervals {
		if want := at(0, 0).Add(time.Duration(i) * 30 * time.Minute); !p.Start.Equal(want) {
			t.Fatalf("Intervals[%d] starts at %v, want %v", i, p.Start, want)
		}
		checkSeparate(t, res.Queues, p)
		checkPooled(t, p)
		hours += float64(p.Separate) / 2
		pooledHours += float64(p.Pooled.Agents) / 2
	}
	if p := res.Intervals[6]; p.Calls != 0 || p.Separate != 0 || p.Pooled.Agents != 0 {
		t.Errorf("03:00: %v calls need %d separate, %d pooled; want 0",
			p.Calls, p.Separate, p.Pooled.Agents)
	}
	approx(t, "Separate.AgentHours", res.Separate.AgentHours, hours, 1e-9)
	approx(t, "Pooled.AgentHours", res.Pooled.AgentHours, pooledHours, 1e-9)
	approx(t, "Separate.FTE", res.Separate.FTE, hours/0.7/7.5, 1e-9)
	if res.Pooled.AgentHours >= res.Separate.AgentHours {
		t.Errorf("pooled %v agent-hours, separate %v: pooling saves nothing",
			res.Pooled.AgentHours, res.Separate.AgentHours)
	}
}

// TestPlanInfeasible checks that an interval no count can staff (a 100%
// service level, refused by Required) is marked and left out of the
// totals, while an interval without calls still needs 0 agents.
func TestPlanInfeasible(t *testing.T) {
	cfg := planConfig()
	cfg.Targets.ServiceLevel = 1
	loads := []staffing.IntervalLoad{
		{Queue: "billing", Start: at(9, 0), Length: 30 * time.Minute, Calls: 100, AHT: 180},
		{Queue: "billing", Start: at(9, 30), Length: 30 * time.Minute, Calls: 0, AHT: 180},
	}
	res := mustPlan(t, loads, cfg)

	q, p := res.Queues[0], res.Intervals[0]
	if !errors.Is(q.Err, staffing.ErrInfeasible) || q.Figures.Agents != 0 || q.Need != 0 {
		t.Errorf("09:00 queue: %d agents, need %v, %v; want 0, 0, ErrInfeasible",
			q.Figures.Agents, q.Need, q.Err)
	}
	if !errors.Is(p.Err, staffing.ErrInfeasible) || !errors.Is(p.PooledErr, staffing.ErrInfeasible) {
		t.Errorf("09:00 interval: Err %v, PooledErr %v; want ErrInfeasible", p.Err, p.PooledErr)
	}
	if p.Separate != 0 || p.Whole != 0 || p.Pooled.Agents != 0 {
		t.Errorf("09:00 interval: %d, %d, %d agents; want none", p.Separate, p.Whole, p.Pooled.Agents)
	}
	if _, ok := p.PoolingEffect(); ok {
		t.Error("PoolingEffect of an infeasible interval is ok")
	}
	if p := res.Intervals[1]; p.Err != nil || p.PooledErr != nil || p.Separate != 0 {
		t.Errorf("09:30 without calls: %d agents, %v, %v; want 0, nil, nil",
			p.Separate, p.Err, p.PooledErr)
	}
	if res.Separate.Infeasible != 1 || res.Pooled.Infeasible != 1 || res.Separate.AgentHours != 0 {
		t.Errorf("totals %+v, %+v; want 1 infeasible, 0 hours", res.Separate, res.Pooled)
	}
}

// TestPlanInvalid checks that a configuration or load out of range is an
// error wrapping ErrInvalid that names the field or the load.
func TestPlanInvalid(t *testing.T) {
	good := staffing.IntervalLoad{Queue: "billing", Start: at(9, 0), Length: 30 * time.Minute,
		Calls: 100, AHT: 180}
	with := func(f func(*staffing.IntervalLoad)) staffing.IntervalLoad {
		l := good
		f(&l)
		return l
	}
	config := func(f func(*staffing.PlanConfig)) staffing.PlanConfig {
		c := planConfig()
		f(&c)
		return c
	}
	tests := []struct {
		name  string
		loads []staffing.IntervalLoad
		cfg   staffing.PlanConfig
		want  string // in the message
	}{
		{"no paid hours", []staffing.IntervalLoad{good},
			config(func(c *staffing.PlanConfig) { c.PaidHoursPerFTE = 0 }), "PaidHoursPerFTE"},
		{"negative headcount", []staffing.IntervalLoad{good},
			config(func(c *staffing.PlanConfig) { c.Headcount = -1 }), "Headcount"},
		{"shrinkage 100%", []staffing.IntervalLoad{good},
			config(func(c *staffing.PlanConfig) { c.Shrinkage = 1 }), "shrinkage"},
		{"patience NaN", []staffing.IntervalLoad{good},
			config(func(c *staffing.PlanConfig) { c.Patience = math.NaN() }), "Patience"},
		{"abandon target without patience", []staffing.IntervalLoad{good},
			config(func(c *staffing.PlanConfig) { c.Targets.MaxAbandon = 0.05 }), "MaxAbandon"},
		{"target out of range", []staffing.IntervalLoad{good},
			config(func(c *staffing.PlanConfig) { c.Targets.ServiceLevel = 80 }), "ServiceLevel"},
		{"empty queue", []staffing.IntervalLoad{with(func(l *staffing.IntervalLoad) { l.Queue = "" })},
			planConfig(), "Queue"},
		{"negative calls", []staffing.IntervalLoad{with(func(l *staffing.IntervalLoad) { l.Calls = -1 })},
			planConfig(), "Calls"},
		{"AHT 0 with calls", []staffing.IntervalLoad{with(func(l *staffing.IntervalLoad) { l.AHT = 0 })},
			planConfig(), "AHT"},
		{"no length", []staffing.IntervalLoad{with(func(l *staffing.IntervalLoad) { l.Length = 0 })},
			planConfig(), "Length"},
		{"same start twice", []staffing.IntervalLoad{good, good}, planConfig(), "overlaps"},
		{"overlapping hour", []staffing.IntervalLoad{
			with(func(l *staffing.IntervalLoad) { l.Length = time.Hour }),
			with(func(l *staffing.IntervalLoad) { l.Start = at(9, 30) })},
			planConfig(), "overlaps"},
		{"lengths differ at one start", []staffing.IntervalLoad{good,
			with(func(l *staffing.IntervalLoad) { l.Queue, l.Length = "sales", time.Hour })},
			planConfig(), "lasts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := staffing.Plan(tt.loads, tt.cfg)
			if !errors.Is(err, staffing.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Plan: %v; want ErrInvalid naming %s", err, tt.want)
			}
		})
	}
}

// TestPlanErlangA checks that Patience reaches every queue and the pooled
// queue: with callers who abandon, an abandon target is accepted, and the
// requirement is that of Required on an Erlang A demand.
func TestPlanErlangA(t *testing.T) {
	cfg := planConfig()
	cfg.Patience, cfg.Targets.MaxAbandon = 120, 0.03
	loads := []staffing.IntervalLoad{
		{Queue: "billing", Start: at(9, 0), Length: 30 * time.Minute, Calls: 100, AHT: 180},
	}
	res := mustPlan(t, loads, cfg)

	// 14 agents, as in ExampleRequired_abandon.
	if q, p := res.Queues[0], res.Intervals[0]; q.Figures.Agents != 14 || p.Pooled.Agents != 14 {
		t.Errorf("agents %d, pooled %d; want 14", q.Figures.Agents, p.Pooled.Agents)
	}
	if f := res.Queues[0].Figures; f.PAbandon == 0 || f.PAbandon > 0.03 {
		t.Errorf("PAbandon = %v, want in (0, 0.03]", f.PAbandon)
	}
}

// BenchmarkPlanDay plans a day of 48 intervals for two queues.
func BenchmarkPlanDay(b *testing.B) {
	loads, cfg := dayLoads(), planConfig()
	for b.Loop() {
		mustPlan(b, loads, cfg)
	}
}

// Two queues of 100 calls each (14 agents apiece) need 27 agents kept
// apart, their unrounded needs added and rounded once, and 24 pooled: what
// cross-training both teams is worth in that half hour.
func ExamplePlan() {
	start := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	loads := []staffing.IntervalLoad{
		{Queue: "sales", Start: start, Length: 30 * time.Minute, Calls: 100, AHT: 180},
		{Queue: "billing", Start: start, Length: 30 * time.Minute, Calls: 100, AHT: 180},
	}
	cfg := staffing.PlanConfig{
		Targets:         staffing.Targets{ServiceLevel: 0.8, Threshold: 20},
		Shrinkage:       0.3,
		PaidHoursPerFTE: 7.5,
		Headcount:       1,
		Fractional:      true,
	}
	res, err := staffing.Plan(loads, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range res.Queues {
		fmt.Printf("%s %s: %d agents (need %.2f), %d scheduled\n",
			q.Queue, q.Start.Format("15:04"), q.Figures.Agents, q.Need, q.Scheduled)
	}
	p := res.Intervals[0]
	saved, _ := p.PoolingEffect()
	fmt.Printf("separate %d, pooled %d, saved %d\n", p.Separate, p.Pooled.Agents, saved)
	fmt.Printf("%.1f agent-hours, %.2f FTE, hire %.2f\n",
		res.Separate.AgentHours, res.Separate.FTE, res.Separate.HiringNeed)
	// Output:
	// billing 09:00: 14 agents (need 13.05), 20 scheduled
	// sales 09:00: 14 agents (need 13.05), 20 scheduled
	// separate 27, pooled 24, saved 3
	// 13.5 agent-hours, 2.57 FTE, hire 1.57
}
