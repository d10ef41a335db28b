package bankdata

import (
	"bytes"
	"fmt"
	"time"

	"github.com/sladesk/sladesk"
)

// path is a row's times placed on one timeline: seconds after the midnight
// of the row's date, past 86400 once the call has rolled over midnight.
type path struct {
	arrived int32 // entered the queue (or left the voice menu, not queued)
	wait    int32
	queued  bool
}

// segment turns a parsed row into a call segment. It reports false for a
// row that never reached a queue (hung up in the voice menu), and returns
// a rejection when the row's queue or service period does not add up.
func (r *Reader) segment(rec *record) (sladesk.Call, bool, error) {
	p, err := r.place(rec)
	if err != nil {
		return sladesk.Call{}, false, err
	}
	if !p.queued && rec.outcome == outcomeHang {
		return sladesk.Call{}, false, nil
	}

	if err := r.checkLocal(rec, p); err != nil {
		return sladesk.Call{}, false, err
	}
	c := sladesk.Call{
		Source:  r.cfg.File,
		Line:    r.line,
		Queue:   r.intern(rec.queue),
		Arrived: r.timeline.at(rec.date, p.arrived),
		Wait:    time.Duration(p.wait) * time.Second,
	}
	c.ID, c.Customer = r.identity(rec)
	c.ContactID = c.ID

	switch rec.outcome {
	case outcomePhantom:
		c.Outcome = sladesk.Ignored
		c.Ended = c.Arrived.Add(c.Wait)
	case outcomeHang:
		c.Outcome = sladesk.Abandoned
		c.Ended = c.Arrived.Add(c.Wait) // q_exit
	case outcomeAgent:
		if err := r.answer(&c, rec, p); err != nil {
			return sladesk.Call{}, false, err
		}
	}
	return c, true, nil
}

// place finds the arrival in the queue and the wait, applying the
// package's rules for midnight and for 0:00:00 (see the package doc).
func (r *Reader) place(rec *record) (path, error) {
	vruExit := near(rec.vruExit, rec.vruEntry)
	p := path{arrived: vruExit}

	// 0:00:00 in q_start and q_exit means "did not queue" unless the
	// row shows that it did; then it is a real midnight, and the
	// queue period must add up for that reading to be sound.
	p.queued = rec.qTime > 0 || rec.qStart != 0 || rec.qExit != 0
	if !p.queued {
		return p, nil
	}
	p.arrived = near(rec.qStart, vruExit)
	p.wait = rec.qTime
	return p, r.checkPeriod(rec.date, queuePeriod, rec.qStart, rec.qExit, rec.qTime)
}

// answer fills in the answer of an AGENT row: the agent, and the service
// period on the agent's clock, moved to the queue's clock when the agent's
// clock is behind (see "Two clocks" in the package doc).
func (r *Reader) answer(c *sladesk.Call, rec *record, p path) error {
	c.Outcome = sladesk.Answered
	if !bytes.EqualFold(rec.server, []byte("NO_SERVER")) {
		c.Agent = r.intern(rec.server)
	}
	left := p.arrived + p.wait // q_exit, or vru_exit when not queued

	served := rec.serTime > 0 || rec.serStart != 0 || rec.serExit != 0
	if !served {
		// No service on record: answered when the queue let the call go.
		c.AnsweredAt = r.timeline.at(rec.date, left)
		c.Ended = c.AnsweredAt
		return nil
	}
	err := r.checkPeriod(rec.date, servicePeriod, rec.serStart, rec.serExit, rec.serTime)
	if err != nil {
		return err
	}

	start := near(rec.serStart, left)
	if start < p.arrived {
		start = left
	}
	c.AnsweredAt = r.timeline.at(rec.date, start)
	c.Talk = time.Duration(rec.serTime) * time.Second
	c.Ended = c.AnsweredAt.Add(c.Talk)
	return nil
}

// period names the columns of a queue wait or a service.
type period struct {
	name                 string
	start, end, duration column
}

var (
	queuePeriod   = period{"queue wait", colQStart, colQExit, colQTime}
	servicePeriod = period{"service", colSerStart, colSerExit, colSerTime}
)

// checkPeriod checks that a period that took place (start and end as
// written, dur seconds long) ends at its start plus its duration on a
// 24-hour clock, as every period of the real file does. One that does not
// is missing a time (a 0:00:00 that meant "none") or has a wrong one, and
// is rejected. On the dates of a daylight-saving change the period may
// also be off by the hour the clock jumped: its duration is elapsed time.
func (r *Reader) checkPeriod(date civilDate, p period, start, end, dur int32) error {
	if (start+dur-end)%day == 0 {
		return nil
	}
	if shift := r.timeline.shift(date); shift != 0 &&
		((start+dur+shift-end)%day == 0 || (start+dur-shift-end)%day == 0) {
		return nil
	}

	switch {
	case start == 0:
		return r.reject(p.start, fmt.Sprintf(
			"0:00:00 (none) but the %s ended at %s after %d s: the start time is missing",
			p.name, formatClock(end), dur))
	case end == 0:
		return r.reject(p.end, fmt.Sprintf(
			"0:00:00 (none) but the %s started at %s and lasted %d s: the end time is missing",
			p.name, formatClock(start), dur))
	}
	return r.reject(p.end, fmt.Sprintf("%s is not %s %s + %s %d s",
		formatClock(end), p.start, formatClock(start), p.duration, dur))
}

// checkLocal rejects a row whose arrival, on a day the clocks change, is
// a local time that did not exist or that occurred twice: which instant
// was meant cannot be told, and is not guessed.
func (r *Reader) checkLocal(rec *record, p path) error {
	if r.timeline.shift(rec.date) == 0 {
		return nil
	}
	d := rec.date
	wall := time.Date(d.year, d.month, d.day, 0, 0, int(p.arrived), 0, time.UTC)
	if _, err := sladesk.LocalTime(wall, r.timeline.loc); err != nil {
		col := colVRUExit
		if p.queued {
			col = colQStart
		}
		return r.reject(col, err.Error())
	}
	return nil
}
