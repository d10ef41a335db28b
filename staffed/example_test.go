package staffed_test

import (
	"fmt"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/staffed"
)

// An agent logs in to sales at 09:00, pauses from 09:20 to 09:25 and logs
// off at 09:45, taking one call from 09:10 to 09:16. In the quarter-hours
// from 09:00 the agent is at work 15, 10 and 15 minutes, and on the call
// 6 minutes, cut at 09:15.
func ExampleTracker() {
	at := func(clock string) time.Time {
		t, _ := time.Parse("2006-01-02 15:04", "2025-03-03 "+clock)
		return t
	}
	tr, err := staffed.NewTracker(time.UTC, 15*time.Minute)
	if err != nil {
		fmt.Println(err)
		return
	}
	tr.AddCall(&sladesk.Call{Source: "queue_log", Queue: "sales", Agent: "ann", Outcome: sladesk.Answered,
		Arrived: at("09:10"), AnsweredAt: at("09:10"), Ended: at("09:16"), Talk: 6 * time.Minute})
	for _, ev := range []struct {
		clock string
		kind  sladesk.AgentEventKind
	}{{"09:00", sladesk.AgentAdded}, {"09:20", sladesk.AgentPaused}, {"09:25", sladesk.AgentUnpaused},
		{"09:45", sladesk.AgentRemoved}} {
		tr.AddEvent(sladesk.AgentEvent{Source: "queue_log", Time: at(ev.clock), Queue: "sales", Agent: "ann",
			Kind: ev.kind})
	}
	for _, a := range tr.Agents() {
		fmt.Printf("%s %s: %.2f at work, %.2f busy (%s)\n", a.Queue, a.Start.Format("15:04"), a.Staffed,
			a.Busy, a.Method)
	}
	// Output:
	// sales 09:00: 1.00 at work, 0.33 busy (events)
	// sales 09:15: 0.67 at work, 0.07 busy (events)
	// sales 09:30: 1.00 at work, 0.00 busy (events)
}
