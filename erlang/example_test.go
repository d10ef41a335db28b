package erlang_test

import (
	"errors"
	"fmt"

	"github.com/sladesk/sladesk/erlang"
)

// Ten Erlangs offered to 17 lines: about 1.3% of calls are lost.
func ExampleB() {
	fmt.Printf("%.4f\n", erlang.B(17, 10))
	// Output: 0.0129
}

// Two agents and 1.5 Erlangs: 9 callers in 14 wait.
func ExampleC() {
	c, err := erlang.C(2, 1.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", c)
	// Output: 0.6429
}

// 100 calls in 30 minutes with a 3-minute AHT are 10 Erlangs; 14 agents
// answer 88.8% of them within 20 seconds (the Call Centre Helper example).
func ExampleQueue_Measures() {
	q := erlang.Queue{Agents: 14, Traffic: 100 * 180.0 / 1800, AHT: 180}
	m, err := q.Measures(20)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(wait) %.4f, SL %.1f%%, ASA %.1f s, occupancy %.1f%%\n",
		m.PWait, 100*m.ServiceLevel, m.ASA, 100*m.Occupancy)
	// Output: P(wait) 0.1741, SL 88.8%, ASA 7.8 s, occupancy 71.4%
}

// With fewer agents than Erlangs, Erlang C has no steady state.
func ExampleQueue_Measures_overloaded() {
	q := erlang.Queue{Agents: 15, Traffic: 15.913, AHT: 646}
	_, err := q.Measures(20)
	fmt.Println(errors.Is(err, erlang.ErrOverloaded))
	// Output: true
}

// The same 10 Erlangs with 13 agents and callers who wait 5 minutes on
// average before they hang up.
func ExampleAbandonQueue_Measures() {
	q := erlang.AbandonQueue{Agents: 13, Traffic: 10, AHT: 180, Patience: 300}
	m, err := q.Measures(20)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(wait) %.3f, abandoned %.1f%%, SL %.1f%% of offered, %.1f%% of answered\n",
		m.PWait, 100*m.PAbandon, 100*m.ServiceLevel, 100*m.ServiceLevelOfAnswered)
	fmt.Printf("ASA %.2f s, mean wait %.2f s, occupancy %.1f%%\n", m.ASA, m.MeanWait, 100*m.Occupancy)
	// Output:
	// P(wait) 0.226, abandoned 2.5%, SL 85.8% of offered, 88.0% of answered
	// ASA 6.91 s, mean wait 7.49 s, occupancy 75.0%
}

// Erlang A stays finite when the agents are too few: here 8 agents take
// 10 Erlangs and more than a quarter of the callers abandon.
func ExampleAbandonQueue_Measures_overloaded() {
	q := erlang.AbandonQueue{Agents: 8, Traffic: 10, AHT: 180, Patience: 60}
	m, err := q.Measures(20)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("abandoned %.1f%%, SL %.1f%%, occupancy %.1f%%\n",
		100*m.PAbandon, 100*m.ServiceLevel, 100*m.Occupancy)
	// Output: abandoned 27.8%, SL 52.8%, occupancy 90.2%
}

// Walking up from the stability limit finds the fewest agents for 80% of
// 10 Erlangs answered within 20 s at 180 s AHT: 14 (the shared case
// staffing-rounding), one recursion step of Erlang B per agent.
func ExampleWalk() {
	w := erlang.NewWalk(11, 10, 180)
	for {
		m, err := w.Measures(20)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%d agents: %.2f%%\n", w.Agents(), m.ServiceLevel*100)
		if m.ServiceLevel >= 0.8 {
			return
		}
		w.Next()
	}
	// Output:
	// 11 agents: 38.96%
	// 12 agents: 64.02%
	// 13 agents: 79.56%
	// 14 agents: 88.84%
}
