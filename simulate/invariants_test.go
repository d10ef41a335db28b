package simulate_test

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/simulate"
)

func TestInvariantsExample(t *testing.T) {
	t.Parallel()
	for _, res := range []time.Duration{0, time.Millisecond, time.Nanosecond} {
		cfg := simulate.ExampleCenter()
		cfg.Resolution = res
		checkCalls(t, cfg, mustCalls(t, cfg))
	}
}

func TestInvariantsSteady(t *testing.T) {
	t.Parallel()
	const agents = 12
	cfg := steady(400, agents, 100*time.Second, 90*time.Second, 3)
	cfg.Queues[0].Timeout = 2 * time.Minute
	cfg.Queues[0].Wrap = simulate.Dist{Mean: 10 * time.Second, Kind: simulate.Fixed}
	calls := mustCalls(t, cfg)
	checkCalls(t, cfg, calls)
	checkCapacity(t, calls, agents)
}

// TestInvariantsShifts runs a queue whose staffing swings every interval
// between none and many, so that agents often leave during calls and
// callers are caught by an empty queue.
func TestInvariantsShifts(t *testing.T) {
	t.Parallel()
	cfg := steady(300, 0, 4*time.Minute, 10*time.Minute, 2)
	cfg.Interval = 15 * time.Minute
	cfg.Queues[0].Agents = func(start time.Time, _ time.Duration) int {
		return []int{3, 25, 0, 9, 1, 14, 0, 6}[start.Minute()/15+start.Hour()%2*4]
	}
	calls := mustCalls(t, cfg)
	checkCalls(t, cfg, calls)

	empty := 0
	for _, c := range calls {
		if c.Outcome == sladesk.ExitEmpty {
			empty++
		}
	}
	if empty == 0 {
		t.Error("no caller left an empty queue")
	}
}

// checkCalls checks the invariants of a run of cfg: those of every record,
// the order of the stream, and those of the queue (first in first out, one
// call at a time per agent, agents on shift).
func checkCalls(t *testing.T, cfg simulate.Config, calls []sladesk.Call) {
	t.Helper()
	run := newCalendar(cfg)
	ids := make(map[string]bool, len(calls))
	for i := range calls {
		c := &calls[i]
		if err := checkCall(c, &run); err != "" {
			t.Fatalf("call %d (%s): %s", i, brief(c), err)
		}
		if ids[c.ID] {
			t.Fatalf("call %d: ID %s repeated", i, c.ID)
		}
		ids[c.ID] = true
		if i > 0 && c.Arrived.Before(calls[i-1].Arrived) {
			t.Fatalf("call %d arrived at %s, before call %d at %s",
				i, c.Arrived, i-1, calls[i-1].Arrived)
		}
	}
	checkFIFO(t, calls)
	checkAgents(t, cfg, &run, calls)
	checkExits(t, cfg, &run, calls)
}

// calendar is the test's own view of a run's days and intervals.
type calendar struct {
	epoch, end time.Time
	interval   time.Duration
	res        time.Duration
	loc        *time.Location
}

func newCalendar(cfg simulate.Config) calendar {
	c := calendar{loc: cfg.Location, interval: cfg.Interval, res: cfg.Resolution}
	if c.loc == nil {
		c.loc = time.UTC
	}
	if c.interval == 0 {
		c.interval = 15 * time.Minute
	}
	if c.res == 0 {
		c.res = time.Second
	}
	start := cfg.Start
	if start.IsZero() {
		start = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC) // Config's default
	}
	y, m, d := start.Date()
	days := cfg.Days
	if days == 0 {
		days = 7
	}
	c.epoch = time.Date(y, m, d, 0, 0, 0, 0, c.loc)
	c.end = time.Date(y, m, d+days, 0, 0, 0, 0, c.loc)
	return c
}

// intervalStart returns the start of the interval holding t.
func (c *calendar) intervalStart(t time.Time) time.Time {
	return c.epoch.Add(t.Sub(c.epoch) / c.interval * c.interval)
}

// checkCall checks one record and returns what is wrong, or "".
func checkCall(c *sladesk.Call, run *calendar) string {
	switch {
	case c.Validate() != nil:
		return c.Validate().Error()
	case c.Wait < 0:
		return "negative wait"
	case c.Arrived.Before(run.epoch) || !c.Arrived.Before(run.end):
		return "arrived outside the run"
	case c.Arrived.Location() != run.loc:
		return "time not in the run's location"
	case c.Source == "" || c.ID == "" || c.ContactID != c.ID || c.Customer == "":
		return "missing source, ID, contact or customer"
	case c.Outcome == sladesk.Answered:
		return checkAnswered(c)
	case c.Agent != "" || !c.AnsweredAt.IsZero() || c.Talk != 0 || c.Wrap != 0:
		return "unanswered call with an agent, answer time, talk or wrap"
	case !c.Arrived.Add(c.Wait).Equal(c.Ended):
		return "arrival + wait is not the end"
	case c.Ending != sladesk.EndingUnknown:
		return "unanswered call with an ending"
	}
	return ""
}

// checkAnswered checks an answered call's own fields.
func checkAnswered(c *sladesk.Call) string {
	switch {
	case c.Agent == "":
		return "answered without an agent"
	case !c.Arrived.Add(c.Wait).Equal(c.AnsweredAt):
		return "arrival + wait is not the answer"
	case !c.AnsweredAt.Add(c.Talk).Equal(c.Ended):
		return "answer + talk is not the end"
	case c.Ending == sladesk.EndingUnknown:
		return "answered call without an ending"
	}
	return ""
}

// checkExits checks that no caller waits past the queue's timeout, that
// those who time out wait exactly that long, and that callers leave an
// empty queue on arrival or when the last agent goes off shift.
func checkExits(t *testing.T, cfg simulate.Config, run *calendar, calls []sladesk.Call) {
	t.Helper()
	queueOf := map[string]*simulate.QueueConfig{}
	for i := range cfg.Queues {
		queueOf[cfg.Queues[i].Name] = &cfg.Queues[i]
	}
	for _, c := range calls {
		q := queueOf[c.Queue]
		if q.Timeout > 0 && c.Wait > q.Timeout+run.res {
			t.Fatalf("%s waited %s, longer than the timeout %s", c.ID, c.Wait, q.Timeout)
		}
		if c.Outcome == sladesk.Timeout && (q.Timeout == 0 || (c.Wait-q.Timeout).Abs() > run.res) {
			t.Fatalf("%s timed out after %s, timeout %s", c.ID, c.Wait, q.Timeout)
		}
		if c.Outcome != sladesk.ExitEmpty {
			continue
		}
		left := run.intervalStart(c.Ended.Add(run.res / 2))
		if c.Wait > 0 && ((c.Ended.Sub(left)).Abs() > run.res || q.Agents(left, run.interval) != 0) {
			t.Fatalf("%s left at %s as if the queue were empty", c.ID, c.Ended)
		}
		if c.Wait == 0 && q.Agents(run.intervalStart(c.Arrived.Add(run.res/2)), run.interval) != 0 &&
			q.Agents(run.intervalStart(c.Arrived.Add(-run.res/2)), run.interval) != 0 {
			t.Fatalf("%s arrived at %s and left an empty queue, but agents were on shift", c.ID, c.Arrived)
		}
	}
}

// checkFIFO checks that each queue answers its calls in order of arrival.
func checkFIFO(t *testing.T, calls []sladesk.Call) {
	t.Helper()
	last := map[string]*sladesk.Call{}
	for i := range calls {
		c := &calls[i]
		if c.Outcome != sladesk.Answered {
			continue
		}
		if p := last[c.Queue]; p != nil && c.AnsweredAt.Before(p.AnsweredAt) {
			t.Fatalf("%s answered at %s, before %s that arrived earlier (%s)",
				c.ID, c.AnsweredAt, p.ID, p.AnsweredAt)
		}
		last[c.Queue] = c
	}
}

// checkAgents checks that no agent serves two calls at once (talk and wrap
// included), that each agent serves one queue, and that an agent answers
// only while on shift: the staffing of the answer's interval reaches the
// agent's rank in the roster.
func checkAgents(t *testing.T, cfg simulate.Config, run *calendar, calls []sladesk.Call) {
	t.Helper()
	rank := roster(cfg, calls)
	queueOf := map[string]*simulate.QueueConfig{}
	for i := range cfg.Queues {
		queueOf[cfg.Queues[i].Name] = &cfg.Queues[i]
	}
	byAgent := map[string][]*sladesk.Call{}
	for i := range calls {
		if c := &calls[i]; c.Outcome == sladesk.Answered {
			byAgent[c.Agent] = append(byAgent[c.Agent], c)
		}
	}
	for name, served := range byAgent {
		slices.SortStableFunc(served, func(a, b *sladesk.Call) int {
			return a.AnsweredAt.Compare(b.AnsweredAt)
		})
		for i, c := range served {
			if c.Queue != served[0].Queue {
				t.Fatalf("agent %s serves queues %s and %s", name, served[0].Queue, c.Queue)
			}
			if i > 0 && c.AnsweredAt.Before(served[i-1].Ended.Add(served[i-1].Wrap)) {
				t.Fatalf("agent %s answers %s at %s, busy with %s until %s", name, c.ID,
					c.AnsweredAt, served[i-1].ID, served[i-1].Ended.Add(served[i-1].Wrap))
			}
			if !onShift(queueOf[c.Queue], run, rank[name], c.AnsweredAt) {
				t.Fatalf("agent %s (rank %d) answers %s at %s while off shift",
					name, rank[name], c.ID, c.AnsweredAt)
			}
		}
	}
}

// roster returns every agent's rank in its queue's roster.
func roster(cfg simulate.Config, calls []sladesk.Call) map[string]int {
	rank := map[string]int{}
	for _, q := range cfg.Queues {
		for i := range 500 {
			name := fmt.Sprintf("%s-%02d", q.Name, i+1)
			if q.AgentName != nil {
				name = q.AgentName(i)
			}
			rank[name] = i
		}
	}
	for _, c := range calls {
		if _, ok := rank[c.Agent]; c.Agent != "" && !ok {
			panic("agent " + c.Agent + " is not in the first 500 of any roster")
		}
	}
	return rank
}

// onShift reports whether agent rank of queue q is on shift at t. A time
// rounded to the resolution may have moved onto the next interval, so the
// interval just before counts too.
func onShift(q *simulate.QueueConfig, run *calendar, rank int, t time.Time) bool {
	for _, at := range []time.Time{t, t.Add(-run.res / 2)} {
		if q.Agents(run.intervalStart(at), run.interval) > rank {
			return true
		}
	}
	return false
}

// checkCapacity checks that at most c calls are in service (talk or wrap)
// at any instant, and that a caller waits only when all c agents are busy:
// with constant staffing the queue is work-conserving.
func checkCapacity(t *testing.T, calls []sladesk.Call, c int) {
	t.Helper()
	type event struct {
		at    time.Time
		delta int // +1 service starts, -1 ends; 0 an arrival that waited
		id    string
	}
	var events []event
	for _, call := range calls {
		if call.Outcome == sladesk.Answered {
			events = append(events, event{call.AnsweredAt, +1, call.ID},
				event{call.Ended.Add(call.Wrap), -1, call.ID})
		}
		if call.Wait > 0 {
			events = append(events, event{call.Arrived, 0, call.ID})
		}
	}
	// At one instant, services end first (a freed agent can answer at
	// once), then arrivals look, then services start.
	order := map[int]int{-1: 0, 0: 1, +1: 2}
	sort.SliceStable(events, func(i, j int) bool {
		if !events[i].at.Equal(events[j].at) {
			return events[i].at.Before(events[j].at)
		}
		return order[events[i].delta] < order[events[j].delta]
	})
	busy := 0
	for _, e := range events {
		busy += e.delta
		if busy > c {
			t.Fatalf("%d calls in service at %s, more than %d agents", busy, e.at, c)
		}
		if e.delta == 0 && busy < c {
			t.Fatalf("%s waited although only %d of %d agents were busy at %s", e.id, busy, c, e.at)
		}
	}
}
