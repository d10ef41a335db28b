package staffed

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

var day = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)

// at returns 3 March 2025 at hh:mm:ss UTC.
func at(clock string) time.Time {
	var h, m, s int
	if _, err := fmt.Sscanf(clock, "%d:%d:%d", &h, &m, &s); err != nil {
		panic(err)
	}
	return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second)
}

// answered is a call of queue answered by agent at clock after a wait of
// 10 s, talked for talk and wrapped for wrap.
func answered(queue, agent, clock string, talk, wrap time.Duration) *sladesk.Call {
	ans := at(clock)
	return &sladesk.Call{Source: "queue_log", Queue: queue, Agent: agent,
		Arrived: ans.Add(-10 * time.Second), AnsweredAt: ans,
		Ended: ans.Add(talk), Outcome: sladesk.Answered, Wait: 10 * time.Second, Talk: talk, Wrap: wrap}
}

func event(queue, agent, clock string, kind sladesk.AgentEventKind) sladesk.AgentEvent {
	return sladesk.AgentEvent{Source: "queue_log", Time: at(clock), Queue: queue, Agent: agent, Kind: kind}
}

// from sets the source of a call.
func from(source string, c *sladesk.Call) *sladesk.Call {
	c.Source = source
	return c
}

// fromEv sets the source of an event.
func fromEv(source string, ev sladesk.AgentEvent) sladesk.AgentEvent {
	ev.Source = source
	return ev
}

// row formats one interval's agents for comparison.
func row(a Agents) string {
	return fmt.Sprintf("%s %s staffed=%.4g busy=%.4g handled=%d %s", a.Queue, a.Start.Format("15:04"),
		a.Staffed, a.Busy, a.Handled, a.Method)
}

func TestAgents(t *testing.T) {
	const (
		added   = sladesk.AgentAdded
		removed = sladesk.AgentRemoved
		pause   = sladesk.AgentPaused
		unpause = sladesk.AgentUnpaused
	)
	tests := []struct {
		name   string
		calls  []*sladesk.Call
		events []sladesk.AgentEvent
		want   []string
	}{
		{
			name: "calls only: agents who handled calls, busy cut at the boundary",
			calls: []*sladesk.Call{
				answered("sales", "ann", "09:00:00", 6*time.Minute, 0),
				// 10:00 to 10:20 with wrap: 5 min in 09:00-09:15, 15 min in 09:15-09:30.
				answered("sales", "bob", "09:10:00", 15*time.Minute, 5*time.Minute),
			},
			want: []string{
				"sales 09:00 staffed=2 busy=0.7333 handled=2 calls",
				"sales 09:15 staffed=1 busy=1 handled=1 calls",
			},
		},
		{
			name: "added, paused, unpaused, removed",
			// The call gives the source its span; its agent works another
			// queue.
			calls: []*sladesk.Call{answered("other", "cy", "09:00:10", time.Minute, 0)},
			events: []sladesk.AgentEvent{
				event("sales", "ann", "09:00:00", added),
				event("sales", "ann", "09:05:00", pause),
				event("sales", "ann", "09:10:00", unpause),
				event("sales", "ann", "09:30:00", removed),
			},
			want: []string{
				"other 09:00 staffed=1 busy=0.06667 handled=1 calls",
				"sales 09:00 staffed=0.6667 busy=0 handled=0 events",
				"sales 09:15 staffed=1 busy=0 handled=0 events",
			},
		},
		{
			name:  "first removed: a member since the data began",
			calls: []*sladesk.Call{answered("sales", "bob", "09:02:00", time.Minute, 0)},
			events: []sladesk.AgentEvent{
				event("sales", "ann", "09:20:00", removed),
			},
			// The data begin at 09:01:50, when bob's call arrived. bob
			// logs no event: a static member, at work where he took calls.
			want: []string{
				"sales 09:00 staffed=1.878 busy=0.06667 handled=1 events",
				"sales 09:15 staffed=0.3333 busy=0 handled=0 events",
			},
		},
		{
			name: "logged in everywhere, working the queues it took calls in",
			calls: []*sladesk.Call{
				answered("sales", "ann", "09:20:00", time.Minute, 0),
				answered("billing", "ann", "09:40:00", time.Minute, 0),
			},
			events: []sladesk.AgentEvent{
				event("", "ann", "09:15:00", added),
				event("", "ann", "09:45:00", removed),
			},
			want: []string{
				"billing 09:15 staffed=1 busy=0 handled=0 events",
				"billing 09:30 staffed=1 busy=0.06667 handled=1 events",
				"sales 09:15 staffed=1 busy=0.06667 handled=1 events",
				"sales 09:30 staffed=1 busy=0 handled=0 events",
			},
		},
		{
			name:  "paused everywhere stops work in every queue",
			calls: []*sladesk.Call{answered("other", "cy", "09:00:10", time.Minute, 0)},
			events: []sladesk.AgentEvent{
				event("sales", "ann", "09:00:00", added),
				event("billing", "ann", "09:00:00", added),
				event("", "ann", "09:03:00", pause),
				event("", "ann", "09:06:00", unpause),
				event("sales", "ann", "09:15:00", removed),
				event("billing", "ann", "09:15:00", removed),
			},
			want: []string{
				"billing 09:00 staffed=0.8 busy=0 handled=0 events",
				"other 09:00 staffed=1 busy=0.06667 handled=1 calls",
				"sales 09:00 staffed=0.8 busy=0 handled=0 events",
			},
		},
		{
			name:  "still at work at the end counts to the end of the data",
			calls: []*sladesk.Call{answered("sales", "bob", "09:29:00", 2*time.Minute, 0)},
			events: []sladesk.AgentEvent{
				event("sales", "ann", "09:20:00", added),
				event("sales", "bob", "09:20:00", added),
			},
			// The data end at 09:31, when bob's call ended.
			want: []string{
				"sales 09:15 staffed=1.333 busy=0.06667 handled=1 events",
				"sales 09:30 staffed=0.1333 busy=0.06667 handled=1 events",
			},
		},
		{
			name: "another file's later calls do not keep a logged-in agent at work",
			calls: []*sladesk.Call{
				answered("sales", "bob", "09:29:00", 2*time.Minute, 0),
				func() *sladesk.Call {
					c := answered("billing", "cy", "11:00:00", time.Minute, 0)
					c.Source = "calls.csv"
					return c
				}(),
			},
			events: []sladesk.AgentEvent{event("sales", "ann", "09:20:00", added)},
			want: []string{
				"billing 11:00 staffed=1 busy=0.06667 handled=1 calls",
				// ann 10 of 15 minutes, bob (static) the whole interval.
				"sales 09:15 staffed=1.667 busy=0.06667 handled=1 events",
				"sales 09:30 staffed=1.067 busy=0.06667 handled=1 events",
			},
		},
		{
			name: "an agent of two queues is shared by time spent on each",
			calls: []*sladesk.Call{
				answered("sales", "ann", "09:00:00", 10*time.Minute, 0),
				answered("billing", "ann", "09:10:00", 5*time.Minute, 0),
				answered("billing", "bob", "09:01:00", time.Minute, 0),
			},
			want: []string{
				"billing 09:00 staffed=1.333 busy=0.4 handled=2 calls",
				"sales 09:00 staffed=0.6667 busy=0.6667 handled=1 calls",
			},
		},
		{
			name: "an agent removed mid-call is at work until the call ends",
			calls: []*sladesk.Call{
				// Busy 09:10 to 09:25: 5 minutes past the removal.
				answered("sales", "ann", "09:10:00", 12*time.Minute, 3*time.Minute),
			},
			events: []sladesk.AgentEvent{
				event("sales", "ann", "09:00:00", added),
				event("sales", "ann", "09:20:00", removed),
			},
			want: []string{
				"sales 09:00 staffed=1 busy=0.3333 handled=1 events",
				"sales 09:15 staffed=0.6667 busy=0.6667 handled=1 events",
			},
		},
		{
			name:  "an event dated years away counts no time beyond a day of the calls",
			calls: []*sladesk.Call{answered("sales", "bob", "09:00:10", time.Minute, 0)},
			events: []sladesk.AgentEvent{
				event("sales", "ann", "09:00:00", added),
				// A corrupt line: an unrelated agent paused in 2200.
				{Source: "queue_log", Time: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), Queue: "other",
					Agent: "zed", Kind: pause},
			},
			// ann is counted from her login to the end of bob's call.
			want: []string{"sales 09:00 staffed=1.078 busy=0.06667 handled=1 events"},
		},
		{
			name: "a source without calls counts no time",
			events: []sladesk.AgentEvent{
				event("sales", "ann", "09:00:00", added),
				event("sales", "ann", "10:00:00", removed),
			},
			want: nil,
		},
		{
			name: "events in another file than the calls of their queue",
			calls: []*sladesk.Call{
				from("calls.log", answered("sales", "bob", "09:00:10", time.Minute, 0)),
				from("calls.log", answered("sales", "bob", "09:40:00", time.Minute, 0)),
			},
			events: []sladesk.AgentEvent{
				fromEv("events.log", event("sales", "ann", "08:50:00", added)),
				fromEv("events.log", event("sales", "ann", "09:50:00", removed)),
			},
			// ann from 08:50 to 09:50; bob (static) where he took calls.
			want: []string{
				"sales 08:45 staffed=0.6667 busy=0 handled=0 events",
				"sales 09:00 staffed=2 busy=0.06667 handled=1 events",
				"sales 09:15 staffed=1 busy=0 handled=0 events",
				"sales 09:30 staffed=2 busy=0.06667 handled=1 events",
				"sales 09:45 staffed=0.3333 busy=0 handled=0 events",
			},
		},
		{
			name: "a log rotated into two files: the agent logged in the first works on in the second",
			calls: []*sladesk.Call{
				from("queue_log.1", answered("sales", "ann", "09:05:00", time.Minute, 0)),
				from("queue_log", answered("sales", "ann", "09:35:00", time.Minute, 0)),
			},
			events: []sladesk.AgentEvent{fromEv("queue_log.1", event("sales", "ann", "09:00:00", added))},
			want: []string{
				"sales 09:00 staffed=1 busy=0.06667 handled=1 events",
				"sales 09:15 staffed=1 busy=0 handled=0 events",
				"sales 09:30 staffed=0.4 busy=0.06667 handled=1 events",
			},
		},
		{
			name: "calls of one agent that overlap make no second agent",
			calls: []*sladesk.Call{
				answered("sales", "ann", "09:00:00", 10*time.Minute, 0),
				answered("sales", "ann", "09:05:00", 10*time.Minute, 0),
				answered("billing", "ann", "09:00:00", 10*time.Minute, 0),
			},
			// 20 minutes on sales calls in 15: busy the whole interval
			// there, and at work there for no less than that.
			want: []string{
				"billing 09:00 staffed=0.6667 busy=0.6667 handled=1 calls",
				"sales 09:00 staffed=1 busy=1 handled=1 calls",
			},
		},
		{
			name:  "one paused state: UNPAUSEALL ends a PAUSE in one queue",
			calls: []*sladesk.Call{answered("other", "cy", "09:00:10", time.Minute, 0)},
			events: []sladesk.AgentEvent{
				event("sales", "ann", "09:00:00", added),
				event("sales", "ann", "09:03:00", pause),
				event("", "ann", "09:06:00", unpause),
				event("sales", "ann", "09:15:00", removed),
			},
			want: []string{
				"other 09:00 staffed=1 busy=0.06667 handled=1 calls",
				"sales 09:00 staffed=0.8 busy=0 handled=0 events",
			},
		},
		{
			name:  "logged in everywhere, removed from one queue",
			calls: []*sladesk.Call{answered("other", "cy", "09:00:10", time.Minute, 0)},
			events: []sladesk.AgentEvent{
				event("", "ann", "09:00:00", added),
				event("sales", "ann", "09:00:00", added),
				event("sales", "ann", "09:05:00", removed),
				event("", "ann", "09:15:00", removed),
			},
			want: []string{
				"other 09:00 staffed=1 busy=0.06667 handled=1 calls",
				"sales 09:00 staffed=0.3333 busy=0 handled=0 events",
			},
		},
		{
			name:   "ring-no-answer says nothing about who was at work",
			calls:  []*sladesk.Call{answered("sales", "bob", "09:00:00", time.Minute, 0)},
			events: []sladesk.AgentEvent{event("sales", "bob", "09:01:00", sladesk.AgentRingNoAnswer)},
			want:   []string{"sales 09:00 staffed=1 busy=0.06667 handled=1 calls"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := NewTracker(time.UTC, 15*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.calls {
				tr.AddCall(c)
			}
			for _, ev := range tt.events {
				tr.AddEvent(ev)
			}
			var got []string
			for _, a := range tr.Agents() {
				got = append(got, row(a))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestMerge checks that trackers fed separately and merged measure what
// one tracker fed everything measures.
func TestMerge(t *testing.T) {
	calls := []*sladesk.Call{
		answered("sales", "ann", "09:00:00", 20*time.Minute, time.Minute),
		answered("sales", "bob", "09:05:00", 3*time.Minute, 0),
		answered("sales", "ann", "09:40:00", 3*time.Minute, 0),
	}
	one, _ := NewTracker(time.UTC, 15*time.Minute)
	a, _ := NewTracker(time.UTC, 15*time.Minute)
	b, _ := NewTracker(time.UTC, 15*time.Minute)
	for i, c := range calls {
		one.AddCall(c)
		if i%2 == 0 {
			a.AddCall(c)
		} else {
			b.AddCall(c)
		}
	}
	ev := event("sales", "ann", "09:50:00", sladesk.AgentRemoved)
	one.AddEvent(ev)
	b.AddEvent(ev)
	a.Merge(b)
	want, got := one.Agents(), a.Agents()
	if len(got) != len(want) {
		t.Fatalf("merged %d intervals, want %d", len(got), len(want))
	}
	for i := range got {
		if row(got[i]) != row(want[i]) || math.Abs(got[i].Staffed-want[i].Staffed) > 1e-12 {
			t.Errorf("merged %s, want %s", row(got[i]), row(want[i]))
		}
	}
}

// TestPooled: an agent logged in to two queues of one vendor counts once
// in the vendor's pool, and an agent seen only through calls in both
// counts the summed shares, once; a queue of no group is left out.
func TestPooled(t *testing.T) {
	tr, err := NewTracker(time.UTC, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*sladesk.Call{
		answered("sales", "bob", "09:00:00", 5*time.Minute, 0),
		answered("support", "bob", "09:05:00", 5*time.Minute, 0),
		answered("other", "cy", "09:00:00", 5*time.Minute, 0),
	} {
		tr.AddCall(c)
	}
	for _, ev := range []sladesk.AgentEvent{
		event("sales", "ann", "09:00:00", sladesk.AgentAdded),
		event("support", "ann", "09:00:00", sladesk.AgentAdded),
		event("sales", "ann", "09:15:00", sladesk.AgentRemoved),
		event("support", "ann", "09:15:00", sladesk.AgentRemoved),
	} {
		tr.AddEvent(ev)
	}
	vendor := map[string]string{"sales": "A", "support": "A"}
	var got []string
	for _, a := range tr.Pooled(func(q string) (string, bool) { v, ok := vendor[q]; return v, ok }) {
		got = append(got, row(a))
	}
	// ann 1 (once, not once per queue), bob 0.5 + 0.5 = 1 in one pool.
	want := []string{"A 09:00 staffed=2 busy=0.6667 handled=1 events"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %v, want %v", got, want)
	}
	var perQueue []string
	for _, a := range tr.Agents() {
		perQueue = append(perQueue, row(a))
	}
	wantQueues := []string{
		"other 09:00 staffed=1 busy=0.3333 handled=1 calls",
		"sales 09:00 staffed=1.5 busy=0.3333 handled=1 events",
		"support 09:00 staffed=1.5 busy=0.3333 handled=1 events",
	}
	if strings.Join(perQueue, "\n") != strings.Join(wantQueues, "\n") {
		t.Errorf("per queue %v, want %v", perQueue, wantQueues)
	}
}
