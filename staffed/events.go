package staffed

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/sladesk/sladesk"
)

// followEvents credits to the cells the time each agent was at work in
// each queue by the agent events, and returns, per queue with at least one
// agent whose membership the events tell, the set of those agents.
//
// An agent's state before its first event is read from that event: an
// agent first removed, or first unpaused, was a member, or paused, since
// the data of its events' sources began. An agent still at work after its
// last event counts until that data ends.
func (t *Tracker) followEvents() map[string]map[string]bool {
	if len(t.events) == 0 {
		return nil
	}
	slices.SortStableFunc(t.events, func(a, b sladesk.AgentEvent) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return cmp.Compare(a.Line, b.Line)
	})

	byAgent := make(map[string][]sladesk.AgentEvent)
	for _, ev := range t.events {
		byAgent[ev.Agent] = append(byAgent[ev.Agent], ev)
	}
	// The queues each agent took calls in: an agent logged in everywhere
	// (AGENTLOGIN) is at work in those.
	callQueues := make(map[string]map[string]bool)
	for k, c := range t.cells {
		for agent := range c.handled {
			if callQueues[agent] == nil {
				callQueues[agent] = make(map[string]bool)
			}
			callQueues[agent][k.queue] = true
		}
	}

	known := make(map[string]map[string]bool)
	for agent, evs := range byAgent {
		queues := maps.Clone(callQueues[agent])
		if queues == nil {
			queues = make(map[string]bool)
		}
		for _, ev := range evs {
			if ev.Queue != "" {
				queues[ev.Queue] = true
			}
		}
		for q := range queues {
			if t.follow(q, evs) {
				if known[q] == nil {
					known[q] = make(map[string]bool)
				}
				known[q][agent] = true
			}
		}
	}
	return known
}

// follow credits the time one agent was at work in queue q by its events
// evs (every event of the agent, in time order) and reports whether the
// events tell the agent's membership of q at all.
func (t *Tracker) follow(q string, evs []sladesk.AgentEvent) bool {
	// The state before the first event of each kind is the opposite of
	// what that event makes it.
	var s, seen agentState
	for _, ev := range evs {
		if i, v := slot(ev, q); i >= 0 && !seen[i] {
			seen[i], s[i] = true, !v
		}
	}
	if !seen[member] && !seen[login] {
		return false // no membership event: the agent is a static member
	}

	sp := t.spanOf(evs)
	cur := sp.first
	for _, ev := range evs {
		i, v := slot(ev, q)
		if i < 0 {
			continue
		}
		if s.atWork() {
			t.credit(q, cur, ev.Time)
		}
		s[i], cur = v, ev.Time
	}
	if s.atWork() {
		t.credit(q, cur, sp.last)
	}
	return true
}

// agentState is one agent's standing in one queue, indexed by member,
// login, paused and pausedAll.
type agentState [4]bool

const (
	member    = iota // added to the queue (ADDMEMBER)
	login            // logged in to every queue (AGENTLOGIN)
	paused           // paused in the queue (PAUSE)
	pausedAll        // paused in every queue (PAUSEALL)
)

func (s agentState) atWork() bool {
	return (s[member] || s[login]) && !s[paused] && !s[pausedAll]
}

// slot returns which field of agentState ev sets for queue q, and to what;
// -1 when ev concerns another queue or no field.
func slot(ev sladesk.AgentEvent, q string) (int, bool) {
	if ev.Queue != "" && ev.Queue != q {
		return -1, false
	}
	every := ev.Queue == ""
	switch ev.Kind {
	case sladesk.AgentAdded, sladesk.AgentRemoved:
		if every {
			return login, ev.Kind == sladesk.AgentAdded
		}
		return member, ev.Kind == sladesk.AgentAdded
	case sladesk.AgentPaused, sladesk.AgentUnpaused:
		if every {
			return pausedAll, ev.Kind == sladesk.AgentPaused
		}
		return paused, ev.Kind == sladesk.AgentPaused
	}
	return -1, false
}

// credit adds [from, to) at work to queue q's cells.
func (t *Tracker) credit(q string, from, to time.Time) {
	t.grid.Cut(from, to, func(start time.Time, length, overlap time.Duration) {
		t.cell(q, start, length).atWork += overlap
	})
}
