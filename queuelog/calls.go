package queuelog

import (
	"strconv"
	"time"

	"github.com/sladesk/sladesk"
)

// enter opens a segment for an ENTERQUEUE line. A line with a bad time
// still opens one, marked rejected, so that the segment's later lines are
// consumed instead of each being reported as a line without a segment.
func (r *Reader) enter(l *line) *sladesk.RecordError {
	if l.callid == "" || l.callid == none {
		return reject("callid", "ENTERQUEUE without a call id")
	}
	if l.queue == "" || l.queue == none {
		return reject("queue", "ENTERQUEUE without a queue")
	}
	if l.timeErr == nil {
		r.advance(l.at)
	}

	// A channel is in a queue at most once at a time: an open segment
	// for the same callid and queue lost its last line.
	if old := r.segs[segKey{l.callid, l.queue}]; old != nil {
		r.close(old)
		if !old.rejected {
			r.fail(incomplete(old, "entered the queue again at line "+strconv.Itoa(l.num)))
		}
	}

	s := r.open(l)
	if l.timeErr != nil {
		s.rejected = true
		return l.timeErr
	}
	s.call.Arrived = l.at
	return nil
}

// segmentLine applies a CONNECT, a completion or an exit to its segment.
// A line that cannot be applied rejects the segment with it.
func (r *Reader) segmentLine(l *line, ev event) *sladesk.RecordError {
	if l.timeErr == nil {
		r.advance(l.at) // first, so that a segment cut off as stale stays closed
	}
	s := r.find(l, ev)
	if s != nil && r.stale(s) {
		// The same decision a sweep would have taken, whenever it ran.
		r.cutOff(func(o *segment) bool { return o == s }, r.staleReason())
		s = nil
	}
	if s == nil && ev.byAgent {
		return reject("callid", "%s for call %s, which has no answered segment in queue %s, "+
			"and agent %s answered none there", l.event, l.callid, l.queue, l.agent)
	}
	if s == nil {
		return reject("callid", "%s for call %s, which has no open segment in queue %s",
			l.event, l.callid, l.queue)
	}
	if s.rejected {
		r.skipped[SkippedRejected]++
		if ev.role != roleConnect {
			r.close(s)
		}
		return nil
	}

	err := l.timeErr
	if err == nil {
		err = r.change(s, l, ev)
	}
	if err != nil {
		r.rejectSegment(s, ev)
		return err
	}
	s.last = r.now
	if ev.role == roleConnect {
		return nil
	}
	r.close(s)
	return r.emit(s)
}

// change applies a well-formed line to its segment's call.
func (r *Reader) change(s *segment, l *line, ev event) *sladesk.RecordError {
	switch ev.role {
	case roleConnect:
		return connect(s, l)
	case roleComplete:
		return complete(s, l, ev)
	}
	return exit(s, l, ev)
}

// rejectSegment ends a segment whose line was rejected. After a rejected
// CONNECT the segment stays open, marked, until its completion comes, so
// that the completion is not reported again as a line without a segment.
func (r *Reader) rejectSegment(s *segment, ev event) {
	if ev.role == roleConnect {
		s.rejected = true
		return
	}
	r.close(s)
}

// connect answers a segment: CONNECT|holdtime|bridgedchannel|ringtime.
// The wait is Asterisk's holdtime, the PBX's own figure. A CONNECT earlier
// than its ENTERQUEUE (a clock step) is rejected, never returned with a
// negative wait.
func connect(s *segment, l *line) *sladesk.RecordError {
	if s.answered() {
		return reject("event", "CONNECT for a call already answered at line %d", s.answerLine)
	}
	hold, err := seconds(l, l.data, 0, "holdtime")
	if err != nil {
		return err
	}
	if l.at.Before(s.call.Arrived) {
		return reject("time", "answered before queued: CONNECT is %s before the ENTERQUEUE "+
			"at line %d", s.call.Arrived.Sub(l.at), s.call.Line)
	}
	if err := agrees("holdtime", hold, l.at.Sub(s.call.Arrived), s.call.Line); err != nil {
		return err
	}
	s.answerLine = l.num
	s.call.Outcome = sladesk.Answered
	s.call.AnsweredAt = l.at
	s.call.Wait = hold
	s.call.Agent = member(l.agent)
	return nil
}

// complete ends an answered segment with a completion or a transfer; the
// talk time is Asterisk's calltime.
func complete(s *segment, l *line, ev event) *sladesk.RecordError {
	if !s.answered() {
		return reject("event", "%s without CONNECT for the call that entered at line %d",
			l.event, s.call.Line)
	}
	data, err := talkFields(l, ev)
	if err != nil {
		return err
	}
	hold, err := seconds(l, data, 0, "holdtime")
	if err != nil {
		return err
	}
	talk, err := seconds(l, data, 1, "calltime")
	if err != nil {
		return err
	}
	if l.at.Before(s.call.AnsweredAt) {
		return reject("time", "%s is %s before the CONNECT at line %d",
			l.event, s.call.AnsweredAt.Sub(l.at), s.answerLine)
	}
	if d := hold - s.call.Wait; d > clockSlack || d < -clockSlack {
		return reject("holdtime", "holdtime %s contradicts the %s of the CONNECT at line %d",
			hold, s.call.Wait, s.answerLine)
	}
	if err := agrees("calltime", talk, l.at.Sub(s.call.AnsweredAt), s.call.Line); err != nil {
		return err
	}
	s.call.Ending = ev.ending
	s.call.Talk = talk
	s.call.Ended = l.at
	if s.call.Agent == "" {
		s.call.Agent = member(l.agent)
	}
	return nil
}

// talkFields returns the data fields of a completion starting at its
// holdtime. ATTENDEDTRANSFER has a varying number of fields before
// holdtime|calltime|origposition (BRIDGE|id, APP|name, LINK|chan|chan), so
// they are taken from the end, and origposition is checked to be a number
// to catch a line whose fields are not where they should be.
func talkFields(l *line, ev event) ([]string, *sladesk.RecordError) {
	if !ev.fromEnd {
		if len(l.data) < ev.skip {
			return nil, reject("", "too few fields for %s", l.event)
		}
		return l.data[ev.skip:], nil
	}
	n := len(l.data)
	if n < 4 {
		return nil, reject("", "too few fields for %s: want "+
			"method|...|holdtime|calltime|origposition", l.event)
	}
	if !isDigits(l.data[n-1]) {
		return nil, reject("origposition", "%q is not a queue position", l.data[n-1])
	}
	return l.data[n-3:], nil
}

// exit ends an unanswered segment. Asterisk versions before 1.6 leave
// waittime out of some exits; the wait is then the time since ENTERQUEUE.
func exit(s *segment, l *line, ev event) *sladesk.RecordError {
	if s.answered() {
		return reject("event", "%s for a call answered at line %d", l.event, s.answerLine)
	}
	if l.at.Before(s.call.Arrived) {
		return reject("time", "left before queued: %s is %s before the ENTERQUEUE at line %d",
			l.event, s.call.Arrived.Sub(l.at), s.call.Line)
	}
	wait := l.at.Sub(s.call.Arrived)
	if wait > maxSeconds*time.Second {
		return reject("time", "%s comes %s after the ENTERQUEUE at line %d",
			l.event, wait, s.call.Line)
	}
	if ev.waitAt < len(l.data) && l.data[ev.waitAt] != "" {
		w, err := seconds(l, l.data, ev.waitAt, "waittime")
		if err != nil {
			return err
		}
		if err := agrees("waittime", w, wait, s.call.Line); err != nil {
			return err
		}
		wait = w
	}
	s.call.Outcome = ev.outcome
	s.call.Wait = wait
	s.call.Ended = l.at
	return nil
}

// clockSlack is how far Asterisk's own hold or wait time may differ from
// the time between the lines: both are whole seconds, taken a moment
// apart.
const clockSlack = 2 * time.Second

// agrees rejects a hold or wait time that contradicts the times of the
// lines (a wait of 8000 s on an ABANDON 8 s after its ENTERQUEUE): one of
// them is wrong, and which cannot be told.
func agrees(field string, stated, elapsed time.Duration, enterLine int) *sladesk.RecordError {
	if d := stated - elapsed; d > clockSlack || d < -clockSlack {
		return reject(field, "%s %s contradicts the %s since the ENTERQUEUE at line %d",
			field, stated, elapsed, enterLine)
	}
	return nil
}
