package staffing_test

import (
	"errors"
	"fmt"

	"github.com/sladesk/sladesk/erlang"
	"github.com/sladesk/sladesk/staffing"
)

// 100 calls in 30 minutes with a 3-minute AHT, 80% answered within 20
// seconds: 14 agents (the Call Centre Helper example), 20 to schedule at
// 30% shrinkage.
func ExampleRequired() {
	d := staffing.Demand{Calls: 100, Interval: 1800, AHT: 180}
	f, err := staffing.Required(d, staffing.Targets{ServiceLevel: 0.8, Threshold: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := staffing.Scheduled(f.Agents, 0.3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d agents: SL %.1f%%, ASA %.1f s, occupancy %.1f%%; %d scheduled\n",
		f.Agents, 100*f.ServiceLevel, f.ASA, 100*f.Occupancy, s.Scheduled)
	// Output: 14 agents: SL 88.8%, ASA 7.8 s, occupancy 71.4%; 20 scheduled
}

// With callers who hang up after two minutes on average (Erlang A), a 3%
// cap on abandoned calls binds before the service level.
func ExampleRequired_abandon() {
	d := staffing.Demand{Calls: 100, Interval: 1800, AHT: 180, Patience: 120}
	t := staffing.Targets{ServiceLevel: 0.8, Threshold: 20, MaxAbandon: 0.03}
	f, err := staffing.Required(d, t)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d agents: SL %.1f%%, abandoned %.1f%%\n",
		f.Agents, 100*f.ServiceLevel, 100*f.PAbandon)
	// Output: 14 agents: SL 93.3%, abandoned 2.3%
}

// A 100% service level is reported as infeasible, not as a number.
func ExampleRequired_infeasible() {
	d := staffing.Demand{Calls: 100, Interval: 1800, AHT: 180}
	_, err := staffing.Required(d, staffing.Targets{ServiceLevel: 1, Threshold: 20})
	fmt.Println(errors.Is(err, staffing.ErrInfeasible))
	// Output: true
}

// 15 agents cannot carry 15.9 Erlangs: the queue grows without bound.
func ExampleForecast() {
	d := staffing.Demand{Calls: 44.34, Interval: 1800, AHT: 646}
	_, err := staffing.Forecast(d, 15, 20)
	fmt.Println(errors.Is(err, erlang.ErrOverloaded))

	f, err := staffing.Forecast(d, 21, 20)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("21 agents: SL %.1f%%, ASA %.1f s\n", 100*f.ServiceLevel, f.ASA)
	// Output:
	// true
	// 21 agents: SL 86.0%, ASA 20.8 s
}

// 21 agents at 30% shrinkage are 30 to schedule, exactly.
func ExampleScheduled() {
	s, err := staffing.Scheduled(21, 0.3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.FTE, s.Scheduled)
	// Output: 30 30
}

// 90 scheduled agents at 30% shrinkage leave 63 on the phones.
func ExampleProductive() {
	p, err := staffing.Productive(90, 0.3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	// Output: 63
}

// Breaks 10%, training 15% and absence 5% compound to 27.325%, not 30%.
func ExampleCompoundShrinkage() {
	total, err := staffing.CompoundShrinkage(0.1, 0.15, 0.05)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(total)
	// Output: 0.27325
}

// Two queues of 100 and 104 calls each need 14 agents alone; their
// unrounded needs add up to 26.6, so 27 once rounded.
func ExampleTotal() {
	sl := staffing.Targets{ServiceLevel: 0.8, Threshold: 20}
	a, errA := staffing.Need(staffing.Demand{Calls: 100, Interval: 1800, AHT: 180}, sl)
	b, errB := staffing.Need(staffing.Demand{Calls: 104, Interval: 1800, AHT: 180}, sl)
	if err := errors.Join(errA, errB); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2f + %.2f: %d agents\n", a, b, staffing.Total(a, b))
	// Output: 13.05 + 13.55: 27 agents
}

// The square-root rule for at most 20% of callers waiting at 100 Erlangs.
func ExampleSquareRootAgents() {
	beta, err := staffing.SquareRootBeta(0.2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("β %.4f: %d agents\n", beta, staffing.SquareRootAgents(100, beta))
	// Output: β 1.0615: 111 agents
}

func ExampleTargets_String() {
	t := staffing.Targets{ServiceLevel: 0.8, Threshold: 20, MaxASA: 30, MaxOccupancy: 0.85}
	fmt.Println(t)
	fmt.Println(staffing.Targets{})
	// Output:
	// 80% in 20s, ASA 30s, occupancy at most 85%
	// no target
}
