package queuelog

import (
	"fmt"
	"sort"
	"time"

	"github.com/sladesk/sladesk"
)

// reentryWindow is how long, in log time, the Reader remembers how often a
// callid entered a queue after its segment ended, so that a caller sent
// back into the same queue (a blind transfer to the queue's extension) gets
// a new segment ID. An hour covers a transfer chain; the memory it costs
// grows with the call rate, not with the length of the log.
const reentryWindow = time.Hour

// sweepEvery is how often, in log time, stale segments and old entry
// counts are looked for.
const sweepEvery = time.Hour

// defaultStaleAfter is Config.StaleAfter's zero value.
const defaultStaleAfter = 24 * time.Hour

// segKey identifies an open segment: Asterisk puts a channel in a queue at
// most once at a time.
type segKey struct{ callid, queue string }

// segment is a queue visit in flight.
type segment struct {
	key     segKey
	call    sladesk.Call
	contact *contact
	// answerLine is the CONNECT line; 0 while waiting.
	answerLine int
	// last is the log's time (the latest time seen, which never goes
	// back) at the segment's latest line, to find stale segments.
	last time.Time
	// rejected marks a segment already reported: its remaining lines are
	// consumed without a second report.
	rejected bool
}

// answered reports whether a CONNECT answered the segment.
func (s *segment) answered() bool { return s.answerLine > 0 }

// contact is a customer contact in flight: the callids that belong to it
// (the caller's own and those of consultation channels aliased to it by an
// attended transfer) and its open segments.
type contact struct {
	id       string
	customer string
	callids  []string
	segs     []*segment
}

// entries counts the ENTERQUEUE lines of a callid into a queue.
type entries struct {
	n    int
	last time.Time
}

// SegmentID returns the ID the Reader gives the seq-th visit (from 1) of
// the channel callid to queue. Generators that want a Writer -> Reader
// round trip to give back their IDs should build them with it.
func SegmentID(callid, queue string, seq int) string {
	return fmt.Sprintf("%s/%s/%d", callid, queue, seq)
}

// open starts a segment for an ENTERQUEUE line.
func (r *Reader) open(l *line) *segment {
	key := segKey{l.callid, l.queue}
	c := r.contacts[l.callid]
	if c == nil {
		c = &contact{id: l.callid, customer: callerID(l), callids: []string{l.callid}}
		r.contacts[l.callid] = c
	}
	e := r.entries[key]
	if e == nil {
		e = &entries{}
		r.entries[key] = e
	}
	e.n++
	e.last = r.now

	s := &segment{key: key, contact: c, last: r.now}
	s.call = sladesk.Call{
		Source:    r.cfg.File,
		ID:        SegmentID(l.callid, l.queue, e.n),
		ContactID: c.id,
		Line:      l.num,
		Queue:     l.queue,
		Customer:  callerID(l),
	}
	if c.customer != "" {
		s.call.Customer = c.customer
	}
	c.segs = append(c.segs, s)
	r.segs[key] = s
	return s
}

// callerID returns the caller id of an ENTERQUEUE line (url|callerid|...).
func callerID(l *line) string {
	if len(l.data) < 2 {
		return ""
	}
	return l.data[1]
}

// close forgets a segment, and its contact and aliases when it was the
// contact's last open segment.
func (r *Reader) close(s *segment) {
	delete(r.segs, s.key)
	if e := r.entries[s.key]; e != nil {
		e.last = r.now
	}
	c := s.contact
	for i, o := range c.segs {
		if o == s {
			c.segs = append(c.segs[:i], c.segs[i+1:]...)
			break
		}
	}
	if len(c.segs) > 0 {
		return
	}
	for _, id := range c.callids {
		if r.contacts[id] == c {
			delete(r.contacts, id)
		}
	}
}

// find returns the open segment a CONNECT, completion or exit line belongs
// to: the callid's own segment in the queue; for an ATTENDEDTRANSFER
// without an answered one, the segment the same agent answered there; or
// else the open segment of an aliased callid in the queue. It returns nil
// when there is none.
func (r *Reader) find(l *line, ev event) *segment {
	key := segKey{l.callid, l.queue}
	s := r.segs[key]
	if ev.byAgent && (s == nil || !s.answered()) {
		if t := r.answeredBy(l.queue, member(l.agent)); t != nil {
			r.alias(l.callid, t.contact)
			return t
		}
		if s != nil {
			return nil // a waiting call is not what a transfer ends
		}
	}
	if s != nil {
		return s
	}
	return r.aliased(key)
}

// answeredBy returns the earliest open segment that agent answered in
// queue, or nil. It scans the calls in flight, which are few; attended
// transfers are rare enough not to need an index.
func (r *Reader) answeredBy(queue, agent string) *segment {
	if agent == "" {
		return nil
	}
	var found *segment
	for _, s := range r.segs {
		if s.rejected || !s.answered() || s.call.Queue != queue || s.call.Agent != agent {
			continue
		}
		if found == nil || s.call.Line < found.call.Line {
			found = s
		}
	}
	return found
}

// aliased returns the open segment in key's queue of another callid of
// key's contact, or nil.
func (r *Reader) aliased(key segKey) *segment {
	c := r.contacts[key.callid]
	if c == nil {
		return nil
	}
	for _, id := range c.callids {
		if s := r.segs[segKey{id, key.queue}]; s != nil && id != key.callid {
			return s
		}
	}
	return nil
}

// alias records that callid belongs to contact c. A callid with open
// segments of its own (the consultation channel that already entered the
// second queue) brings them into c: they take c's ContactID and Customer,
// since the consultation channel's caller id is the transferring agent's
// extension, not the customer.
func (r *Reader) alias(callid string, c *contact) {
	old := r.contacts[callid]
	if old == c {
		return
	}
	if old == nil {
		r.contacts[callid] = c
		c.callids = append(c.callids, callid)
		return
	}
	for _, id := range old.callids {
		r.contacts[id] = c
		c.callids = append(c.callids, id)
	}
	for _, s := range old.segs {
		s.contact = c
		s.call.ContactID = c.id
		if c.customer != "" {
			s.call.Customer = c.customer
		}
		c.segs = append(c.segs, s)
	}
}

// advance moves the log's clock to t and, once per sweepEvery, reports
// stale segments. The clock never goes back, so a clock step backwards in
// the log cannot make segments look fresh.
//
// BUG: the log clock only moves forward, so one line with a corrupt time
// far in the future makes every open segment stale (reported incomplete)
// and their later lines unmatched. Telling a corrupt time from a real gap
// in the log needs the lines after it: a look-ahead of a few lines, or
// rejecting a far jump unless the next lines confirm it, would fix it.
func (r *Reader) advance(t time.Time) {
	if !t.After(r.now) {
		return
	}
	if r.now.IsZero() {
		// The first time in the log: segments opened by lines without a
		// usable time start their clock here.
		for _, s := range r.segs {
			s.last = t
		}
		r.swept = t
	}
	r.now = t
	if r.now.Sub(r.swept) >= sweepEvery {
		r.sweep()
		r.swept = r.now
	}
}

// sweep reports segments with no line for Config.StaleAfter as incomplete,
// and forgets entry counts older than reentryWindow, so that a log whose
// lines were lost does not grow the Reader's memory without bound.
func (r *Reader) sweep() {
	r.cutOff(r.stale, r.staleReason())

	old := r.now.Add(-reentryWindow)
	for k, e := range r.entries {
		if r.segs[k] == nil && e.last.Before(old) {
			delete(r.entries, k)
		}
	}
}

// stale reports whether a segment had no line for Config.StaleAfter. The
// sweep and the lines of the segment both ask, so the outcome does not
// depend on when the sweep runs.
func (r *Reader) stale(s *segment) bool {
	return r.now.Sub(s.last) > r.staleAfter()
}

// staleReason says why a stale segment is incomplete.
func (r *Reader) staleReason() string {
	return "no line for " + r.staleAfter().String()
}

// staleAfter returns Config.StaleAfter or its default.
func (r *Reader) staleAfter() time.Duration {
	if r.cfg.StaleAfter > 0 {
		return r.cfg.StaleAfter
	}
	return defaultStaleAfter
}

// cutOff closes the open segments that match and reports each one not
// yet rejected as incomplete, in the order of their ENTERQUEUE lines.
func (r *Reader) cutOff(match func(*segment) bool, why string) {
	var cut []*segment
	for _, s := range r.segs {
		if match(s) {
			cut = append(cut, s)
		}
	}
	sort.Slice(cut, func(i, j int) bool { return cut[i].call.Line < cut[j].call.Line })
	for _, s := range cut {
		r.close(s)
		if !s.rejected {
			r.fail(incomplete(s, why))
		}
	}
}

// incomplete returns the rejection of a segment that cannot be completed,
// at its ENTERQUEUE line.
func incomplete(s *segment, why string) *sladesk.RecordError {
	state := "entered " + s.call.Queue + ", never left"
	if s.answered() {
		state = fmt.Sprintf("answered at line %d", s.answerLine)
		if s.call.Agent != "" {
			state += " by " + s.call.Agent
		}
		state += ", never completed"
	}
	e := reject("", "incomplete: call %s %s: %s", s.key.callid, state, why)
	e.Line = s.call.Line
	return e
}
