// Package staffed measures the agents actually at work in each queue and
// interval, to set beside the agents the interval required.
//
// Two sources tell who was at work, and the better one is used per queue:
//
//   - Agent events (Asterisk queue_log: ADDMEMBER/REMOVEMEMBER,
//     AGENTLOGIN/AGENTLOGOFF, PAUSE/UNPAUSE, PAUSEALL/UNPAUSEALL). An agent
//     is at work in a queue while a member of it (or logged in, for events
//     that name no queue) and not paused there or everywhere. Staffed is
//     the agent-seconds at work in the interval over its length: the mean
//     number of agents at work, as an Erlang requirement counts them.
//   - Calls alone (CSV records, the Anonymous Bank layout, or a queue_log
//     whose members are static and log no event). Every agent who handled
//     a call of the queue in the interval counts as at work for the whole
//     interval: an agent who took no call there was either absent or idle,
//     and nothing in the records tells which, so the count is a lower
//     bound in quiet intervals and exact in busy ones. An agent who
//     handled calls of several queues in the interval is shared between
//     them by the time spent on each.
//
// Busy is measured from calls in both cases: the handle time of answered
// calls (talk, hold and wrap from the moment of answer), cut into the
// intervals it spans and divided by their length, so Busy/Staffed is the
// occupancy the agents actually had.
package staffed

import (
	"cmp"
	"slices"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/stats"
)

// Method says how the agents at work were found.
type Method uint8

const (
	// FromCalls counts the agents who handled calls in the interval.
	FromCalls Method = iota
	// FromEvents follows the agents' logins and pauses.
	FromEvents
)

// String returns "calls" or "events".
func (m Method) String() string {
	if m == FromEvents {
		return "events"
	}
	return "calls"
}

// Agents are the agents at work in one queue over one interval.
type Agents struct {
	Queue  string
	Start  time.Time
	Length time.Duration
	// Staffed is the mean number of agents at work (see the package
	// documentation for how each Method counts them).
	Staffed float64
	// Busy is the mean number of agents handling calls of the queue.
	Busy float64
	// Handled is the number of agents who handled a call of the queue in
	// the interval.
	Handled int
	// Method says how Staffed was found.
	Method Method
}

// Tracker gathers calls and agent events and measures the agents at work.
// It keeps one cell per queue and interval an agent worked in, and every
// agent event (far fewer than calls); a Tracker is for one goroutine, and
// the trackers of several goroutines are combined with Merge.
type Tracker struct {
	grid   *stats.Grid
	cells  map[key]*cell
	events []sladesk.AgentEvent
	// spans bound the calls read from each source (see followEvents for
	// how agent events widen them). Another file may cover other days.
	spans map[string]*span
	// queueSources holds, per queue, the sources with calls of it.
	queueSources map[string]map[string]bool
	// known holds, once the events were followed, per queue the agents
	// whose membership the events tell.
	known map[string]map[string]bool
}

// span is the time a source covers.
type span struct{ first, last time.Time }

type key struct {
	queue string
	start int64 // Unix seconds
}

type cell struct {
	start  time.Time
	length time.Duration
	// handled holds the agents who handled a call of the queue here,
	// with the time each spent on the queue's calls in the interval.
	handled map[string]time.Duration
	// atWork is the time each agent was at work by the events.
	atWork map[string]time.Duration
}

// NewTracker returns a tracker cutting intervals of length in loc, as the
// stats.Aggregator of the same calls does.
func NewTracker(loc *time.Location, length time.Duration) (*Tracker, error) {
	g, err := stats.NewGrid(loc, length)
	if err != nil {
		return nil, err
	}
	return &Tracker{grid: g, cells: make(map[key]*cell), spans: make(map[string]*span),
		queueSources: make(map[string]map[string]bool)}, nil
}

// AddCall credits the handle time of an answered call to its agent in the
// intervals it spans, from the answer on.
func (t *Tracker) AddCall(c *sladesk.Call) {
	if c.Outcome == sladesk.Ignored {
		return
	}
	t.see(c.Source, c.Arrived)
	if t.queueSources[c.Queue] == nil {
		t.queueSources[c.Queue] = make(map[string]bool)
	}
	t.queueSources[c.Queue][c.Source] = true
	if c.Outcome != sladesk.Answered || c.Agent == "" || c.AnsweredAt.IsZero() {
		t.see(c.Source, c.Ended)
		return
	}
	// Wrap-up follows the call's end; talk and hold are taken from the
	// record's durations, as the statistics do, since the timestamps of
	// some sources do not hold them.
	busyEnd := c.AnsweredAt.Add(c.Talk + c.Hold + c.Wrap)
	t.see(c.Source, busyEnd)
	if !busyEnd.After(c.AnsweredAt) {
		// A call answered and dropped in the same second still shows
		// who was there.
		busyEnd = c.AnsweredAt.Add(time.Nanosecond)
	}
	t.grid.Cut(c.AnsweredAt, busyEnd, func(start time.Time, length, overlap time.Duration) {
		t.cell(c.Queue, start, length).handled[c.Agent] += overlap
	})
}

// AddEvent keeps an agent event for Agents. Ring-no-answer and unknown
// events say nothing about who was at work and are dropped.
func (t *Tracker) AddEvent(ev sladesk.AgentEvent) {
	switch ev.Kind {
	case sladesk.AgentAdded, sladesk.AgentRemoved, sladesk.AgentPaused, sladesk.AgentUnpaused:
		t.events = append(t.events, ev)
	}
}

// Merge adds everything o gathered to t. Both must cut the same intervals.
func (t *Tracker) Merge(o *Tracker) {
	for k, oc := range o.cells {
		c := t.cells[k]
		if c == nil {
			t.cells[k] = oc
			continue
		}
		for a, d := range oc.handled {
			c.handled[a] += d
		}
		for a, d := range oc.atWork {
			c.atWork[a] += d
		}
	}
	t.events = append(t.events, o.events...)
	for source, sp := range o.spans {
		t.see(source, sp.first)
		t.see(source, sp.last)
	}
	for q, srcs := range o.queueSources {
		if t.queueSources[q] == nil {
			t.queueSources[q] = make(map[string]bool)
		}
		for src := range srcs {
			t.queueSources[q][src] = true
		}
	}
}

// see widens the span of source to hold at.
func (t *Tracker) see(source string, at time.Time) {
	if at.IsZero() {
		return
	}
	sp := t.spans[source]
	if sp == nil {
		t.spans[source] = &span{first: at, last: at}
		return
	}
	if at.Before(sp.first) {
		sp.first = at
	}
	if at.After(sp.last) {
		sp.last = at
	}
}

func (t *Tracker) cell(queue string, start time.Time, length time.Duration) *cell {
	k := key{queue, start.Unix()}
	c := t.cells[k]
	if c == nil {
		c = &cell{start: start, length: length, handled: make(map[string]time.Duration),
			atWork: make(map[string]time.Duration)}
		t.cells[k] = c
	}
	return c
}

// Agents returns the agents at work in every queue and interval in which
// an agent worked or handled a call, ordered by queue then start. Call it,
// and Pooled, after every call and event was added.
func (t *Tracker) Agents() []Agents {
	return t.agentsBy(func(queue string) (string, bool) { return queue, true })
}

// Pooled returns the agents at work in groups of queues (a vendor's), per
// interval: group names each queue's group, or false for a queue in none.
// An agent is counted once in a group however many of its queues the
// agent worked: at work for the longest time the events give in any of
// them, or, seen only through calls, for the summed shares of the group's
// queues. Queue in the result is the group's name.
func (t *Tracker) Pooled(group func(queue string) (string, bool)) []Agents {
	return t.agentsBy(group)
}

// agentsBy measures the agents at work per group of queues and interval.
func (t *Tracker) agentsBy(group func(queue string) (string, bool)) []Agents {
	if t.known == nil {
		t.known = t.followEvents()
		if t.known == nil {
			t.known = map[string]map[string]bool{}
		}
	}

	// An agent who handled calls of several queues in one interval is
	// shared between them by the time spent on each: counted whole in
	// every queue, one agent would staff them all at once.
	type agentAt struct {
		start int64
		agent string
	}
	busyAt := make(map[agentAt]time.Duration)
	for k, c := range t.cells {
		for agent, d := range c.handled {
			busyAt[agentAt{k.start, agent}] += d
		}
	}

	// Per group and interval, each agent's part of the interval: at work
	// by the events (the most in any queue of the group), the shares of
	// the group's queues by calls (summed), and time on calls.
	type groupAt struct {
		group string
		start int64
	}
	type tally struct {
		a               Agents
		byEvents, share map[string]float64
		busy            map[string]time.Duration
	}
	tallies := make(map[groupAt]*tally)
	for k, c := range t.cells {
		g, ok := group(k.queue)
		if !ok {
			continue
		}
		tl := tallies[groupAt{g, k.start}]
		if tl == nil {
			tl = &tally{a: Agents{Queue: g, Start: c.start, Length: c.length}, byEvents: map[string]float64{},
				share: map[string]float64{}, busy: map[string]time.Duration{}}
			tallies[groupAt{g, k.start}] = tl
		}
		// One agent is busy at most the whole interval: calls that
		// overlap (a wrap-up running into the next call) do not make
		// more agents.
		length := c.length.Seconds()
		busy := func(agent string) float64 { return min(c.handled[agent], c.length).Seconds() / length }
		known, byEv := t.known[k.queue]
		if byEv {
			tl.a.Method = FromEvents
			// An agent on a call is at work whatever the events say:
			// removed or paused mid-call, the agent finishes it.
			for agent := range known {
				tl.byEvents[agent] = max(tl.byEvents[agent], c.atWork[agent].Seconds()/length, busy(agent))
			}
		}
		// Agents seen only through calls (every agent of a queue without
		// events, static members of one with them) count as at work for
		// the interval, in the share of their busy time spent here, and
		// never for less than that busy time.
		for agent, d := range c.handled {
			tl.busy[agent] += d
			if !known[agent] {
				tl.share[agent] += max(d.Seconds()/busyAt[agentAt{k.start, agent}].Seconds(), busy(agent))
			}
		}
	}

	out := make([]Agents, 0, len(tallies))
	for _, tl := range tallies {
		a := tl.a
		for agent, x := range tl.byEvents {
			a.Staffed += min(1, max(x, tl.share[agent]))
		}
		for agent, x := range tl.share {
			if _, ok := tl.byEvents[agent]; !ok {
				a.Staffed += min(1, x)
			}
		}
		for _, d := range tl.busy {
			a.Busy += min(d, a.Length).Seconds() / a.Length.Seconds()
		}
		a.Handled = len(tl.busy)
		if a.Staffed > 0 || a.Busy > 0 {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(x, y Agents) int {
		if c := cmp.Compare(x.Queue, y.Queue); c != 0 {
			return c
		}
		return x.Start.Compare(y.Start)
	})
	return out
}
