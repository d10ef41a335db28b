package staffed

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/sladesk/sladesk"
)

// eventReach is how far from a source's calls its agent events may lie and
// still count: the logins before the first call of a day and the logoffs
// after the last. An event further away (a corrupt line dated years off)
// still changes the agent's state, but no time is counted beyond the
// reach, so it cannot spread an agent over years of empty intervals.
const eventReach = 24 * time.Hour

// followEvents credits to the cells the time each agent was at work in
// each queue by the agent events, and returns, per queue with at least one
// agent whose membership the events tell, the set of those agents.
//
// Time is counted within the span of each queue's calls (see follow). An
// agent's state before its first event is read from that event: an agent
// first removed, or first unpaused, was a member, or paused, since the
// span began. An agent still at work after its last event counts until
// the span ends.
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
	spans := t.eventSpans()

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
			if t.follow(q, agent, evs, spans) {
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
// evs (every event of the agent, in time order), and reports whether the
// events tell the agent's membership of q at all.
//
// Time is counted within the spans (see eventSpans) of the files with
// calls of q, whichever they are (a queue_log rotated into two files,
// agent events kept apart from the calls), widened by the agent's own
// events within eventReach of q's calls; for a queue without calls,
// within the spans of the files that hold the agent's events.
func (t *Tracker) follow(q, agent string, evs []sladesk.AgentEvent, spans map[string]span) bool {
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

	var sp, calls span
	for src := range t.queueSources[q] {
		sp, calls = sp.union(spans[src]), calls.union(*t.spans[src])
	}
	if sp.first.IsZero() {
		for _, ev := range evs {
			if src := t.spans[ev.Source]; src != nil {
				sp, calls = sp.union(spans[ev.Source]), calls.union(*src)
			}
		}
	}
	if sp.first.IsZero() {
		return true // no call anywhere to count beside
	}
	for _, ev := range evs {
		if i, _ := slot(ev, q); i >= 0 && !ev.Time.Before(calls.first.Add(-eventReach)) &&
			!ev.Time.After(calls.last.Add(eventReach)) {
			sp = sp.union(span{ev.Time, ev.Time})
		}
	}

	cur := sp.first
	for _, ev := range evs {
		i, v := slot(ev, q)
		if i < 0 {
			continue
		}
		at := clamp(ev.Time, sp)
		if s.atWork(seen) {
			t.credit(q, agent, cur, at)
		}
		s[i], cur = v, at
	}
	if s.atWork(seen) {
		t.credit(q, agent, cur, sp.last)
	}
	return true
}

// eventSpans returns the span of each file with calls: from its first
// call to its last, widened by its agent events within eventReach of them,
// since the file was being written until its last line.
func (t *Tracker) eventSpans() map[string]span {
	out := make(map[string]span, len(t.spans))
	for src, sp := range t.spans {
		out[src] = *sp
	}
	for _, ev := range t.events {
		calls, ok := t.spans[ev.Source]
		if ok && !ev.Time.Before(calls.first.Add(-eventReach)) && !ev.Time.After(calls.last.Add(eventReach)) {
			out[ev.Source] = out[ev.Source].union(span{ev.Time, ev.Time})
		}
	}
	return out
}

// union returns the least span holding s and o; a zero span holds nothing.
func (s span) union(o span) span {
	switch {
	case s.first.IsZero():
		return o
	case o.first.IsZero():
		return s
	}
	if o.first.Before(s.first) {
		s.first = o.first
	}
	if o.last.After(s.last) {
		s.last = o.last
	}
	return s
}

// clamp returns at moved into sp.
func clamp(at time.Time, sp span) time.Time {
	switch {
	case at.Before(sp.first):
		return sp.first
	case at.After(sp.last):
		return sp.last
	}
	return at
}

// agentState is one agent's standing in one queue, indexed by member,
// login and paused.
type agentState [3]bool

const (
	member = iota // added to the queue (ADDMEMBER)
	login         // logged in to every queue (AGENTLOGIN)
	paused        // paused in the queue (PAUSE, or PAUSEALL for every queue)
)

// atWork reports whether the agent is at work: a member where membership
// events are known, logged in where logins are, and not paused. Asterisk
// keeps one paused state per queue member, which PAUSE and UNPAUSE set in
// one queue and PAUSEALL and UNPAUSEALL in all of them.
func (s agentState) atWork(known agentState) bool {
	return (s[member] || !known[member]) && (s[login] || !known[login]) && !s[paused]
}

// slot returns which field of agentState ev sets for queue q, and to what;
// -1 when ev concerns another queue or no field.
func slot(ev sladesk.AgentEvent, q string) (int, bool) {
	if ev.Queue != "" && ev.Queue != q {
		return -1, false
	}
	switch ev.Kind {
	case sladesk.AgentAdded, sladesk.AgentRemoved:
		if ev.Queue == "" {
			return login, ev.Kind == sladesk.AgentAdded
		}
		return member, ev.Kind == sladesk.AgentAdded
	case sladesk.AgentPaused, sladesk.AgentUnpaused:
		return paused, ev.Kind == sladesk.AgentPaused
	}
	return -1, false
}

// credit adds [from, to) at work to agent's time in queue q's cells.
func (t *Tracker) credit(q, agent string, from, to time.Time) {
	t.grid.Cut(from, to, func(start time.Time, length, overlap time.Duration) {
		t.cell(q, start, length).atWork[agent] += overlap
	})
}
