package csvcalls

import (
	"bytes"
	"fmt"
	"time"

	"github.com/sladesk/sladesk"
)

// durations are the duration cells of a row; has* is false for an empty
// or unmapped cell, whose value is then derived from the timestamps.
type durations struct {
	wait, talk, hold, wrap time.Duration
	hasWait, hasTalk       bool
}

// callOf turns the current record into a call segment, or rejects it. The
// steps that can fail come before the strings are made, so that a rejected
// row allocates nothing but its error.
func (r *Reader) callOf() (sladesk.Call, error) {
	var c sladesk.Call
	if r.cols.id.index >= 0 {
		if r.rowID = r.cell(r.cols.id); len(r.rowID) == 0 {
			return c, r.reject(r.cols.id, "empty id")
		}
	}
	if err := r.readTimes(&c); err != nil {
		return sladesk.Call{}, err
	}
	d, err := r.readDurations()
	if err != nil {
		return sladesk.Call{}, err
	}
	if err := r.readOutcome(&c); err != nil {
		return sladesk.Call{}, err
	}
	if err := r.derive(&c, d); err != nil {
		return sladesk.Call{}, err
	}
	agent, err := r.readText(&c)
	if err != nil {
		return sladesk.Call{}, err
	}
	if err := c.Validate(); err != nil {
		return sladesk.Call{}, r.fromValidate(err)
	}
	r.ringNoAnswer(&c, agent)
	return c, nil
}

// readTimes reads the arrival (required), answer and end times.
func (r *Reader) readTimes(c *sladesk.Call) error {
	if len(r.cell(r.cols.arrival)) == 0 {
		return r.reject(r.cols.arrival, "no arrival time")
	}
	var err error
	if c.Arrived, err = r.timeOf(r.cols.arrival); err != nil {
		return err
	}
	if c.AnsweredAt, err = r.timeOf(r.cols.answer); err != nil {
		return err
	}
	c.Ended, err = r.timeOf(r.cols.end)
	return err
}

// timeOf reads a timestamp cell; an empty cell is the zero time.
func (r *Reader) timeOf(col column) (time.Time, error) {
	b := trimSpace(r.cell(col))
	if len(b) == 0 {
		return time.Time{}, nil
	}
	t, err := r.times.parse(b)
	if err != nil {
		return time.Time{}, r.reject(col, err.Error())
	}
	return t, nil
}

func (r *Reader) readDurations() (durations, error) {
	var d durations
	var err error
	if d.wait, d.hasWait, err = r.secondsOf(r.cols.wait); err != nil {
		return d, err
	}
	if d.talk, d.hasTalk, err = r.secondsOf(r.cols.talk); err != nil {
		return d, err
	}
	if d.hold, _, err = r.secondsOf(r.cols.hold); err != nil {
		return d, err
	}
	d.wrap, _, err = r.secondsOf(r.cols.wrap)
	return d, err
}

// secondsOf reads a cell of seconds; ok is false for an empty cell.
func (r *Reader) secondsOf(col column) (v time.Duration, ok bool, err error) {
	b := trimSpace(r.cell(col))
	if len(b) == 0 {
		return 0, false, nil
	}
	if v, ok = parseSeconds(b); !ok {
		return 0, false, r.reject(col, fmt.Sprintf("%q is not a number of seconds", clip(b)))
	}
	return v, true, nil
}

// readOutcome reads the outcome column or, without one, decides from the
// answer time.
func (r *Reader) readOutcome(c *sladesk.Call) error {
	if r.cols.outcome.index < 0 {
		c.Outcome = r.m.unanswered()
		if !c.AnsweredAt.IsZero() {
			c.Outcome = sladesk.Answered
		}
		return nil
	}
	b := r.cell(r.cols.outcome)
	o, ok := r.outcome.lookup(b)
	switch {
	case ok:
		c.Outcome = o
		return nil
	case len(trimSpace(b)) == 0:
		return r.reject(r.cols.outcome,
			`empty outcome; map "" under outcomes to give empty cells a meaning`)
	}
	return r.reject(r.cols.outcome, fmt.Sprintf("unknown outcome %q; map it under outcomes", clip(b)))
}

// derive checks the order of the times and fills in the wait, the talk and
// an answer time known only from the wait.
func (r *Reader) derive(c *sladesk.Call, d durations) error {
	if err := r.checkOrder(c); err != nil {
		return err
	}
	c.Hold, c.Wrap = d.hold, d.wrap
	if d.hasTalk {
		c.Talk = d.talk
	}
	switch {
	case c.Outcome == sladesk.Answered:
		return r.deriveAnswered(c, d)
	case c.Outcome.Exited():
		return r.deriveExited(c, d)
	}

	// Ignored records: keep what is known.
	switch {
	case d.hasWait:
		c.Wait = d.wait
	case !c.AnsweredAt.IsZero():
		c.Wait = c.AnsweredAt.Sub(c.Arrived)
	case !c.Ended.IsZero():
		c.Wait = c.Ended.Sub(c.Arrived)
	}
	return nil
}

// checkOrder rejects times out of order; it runs before any wait is
// derived, so the reason names the cause and not a negative wait.
func (r *Reader) checkOrder(c *sladesk.Call) error {
	switch {
	case !c.AnsweredAt.IsZero() && c.AnsweredAt.Before(c.Arrived):
		return r.reject(r.cols.answer, fmt.Sprintf("answered before queued (%s before arrival)",
			c.Arrived.Sub(c.AnsweredAt)))
	case !c.Ended.IsZero() && c.Ended.Before(c.Arrived):
		return r.reject(r.cols.end, fmt.Sprintf("ended before queued (%s before arrival)",
			c.Arrived.Sub(c.Ended)))
	case !c.Ended.IsZero() && !c.AnsweredAt.IsZero() && c.Ended.Before(c.AnsweredAt):
		return r.reject(r.cols.end, fmt.Sprintf("ended before answered (%s before the answer)",
			c.AnsweredAt.Sub(c.Ended)))
	}
	return nil
}

func (r *Reader) deriveAnswered(c *sladesk.Call, d durations) error {
	if c.AnsweredAt.IsZero() && r.cols.answer.index < 0 && d.hasWait {
		c.AnsweredAt = c.Arrived.Add(d.wait) // the file records the wait, not the answer
	}
	if c.AnsweredAt.IsZero() {
		return r.reject(r.cols.answer, "answered without an answer time")
	}
	c.Wait = c.AnsweredAt.Sub(c.Arrived)
	if d.hasWait {
		if err := r.agrees(d.wait, c.Wait, "answer"); err != nil {
			return err
		}
		c.Wait = d.wait
	}
	if !d.hasTalk && !c.Ended.IsZero() {
		c.Talk = c.Ended.Sub(c.AnsweredAt)
	}
	// Talk (and hold) fit between the answer and the end; wrap may follow.
	if span := c.Ended.Sub(c.AnsweredAt); d.hasTalk && !c.Ended.IsZero() && c.Talk+c.Hold > span+waitSlack {
		return r.reject(r.cols.talk, fmt.Sprintf("talk and hold of %s exceed the %s from answer to end",
			c.Talk+c.Hold, span))
	}
	return nil
}

func (r *Reader) deriveExited(c *sladesk.Call, d durations) error {
	switch {
	case !c.AnsweredAt.IsZero():
		return r.reject(r.cols.answer, fmt.Sprintf(
			"answer time on a call whose outcome is %s", c.Outcome))
	case d.hasWait:
		if !c.Ended.IsZero() {
			if err := r.agrees(d.wait, c.Ended.Sub(c.Arrived), "end"); err != nil {
				return err
			}
		}
		c.Wait = d.wait
	case !c.Ended.IsZero():
		c.Wait = c.Ended.Sub(c.Arrived)
	default:
		col := r.cols.end
		if col.name == "" {
			col.name = "end"
		}
		return r.reject(col, fmt.Sprintf(
			"no end time or wait to measure how long the %s call waited", c.Outcome))
	}
	return nil
}

// readText fills in the strings of c and returns the agent named on the
// row, which c keeps only when the call was answered (or ignored). The id,
// contact id and customer share one allocation; queue and agent names are
// interned.
func (r *Reader) readText(c *sladesk.Call) (agent string, err error) {
	// Counting needs no agent; a pattern that may reject the cell, or a
	// ring-no-answer event, still does.
	if !r.SkipIdentity || r.KeepAgent || r.agentRe != nil || r.AgentEvent != nil {
		if agent, err = r.agentOf(r.cell(r.cols.agent)); err != nil {
			return "", err
		}
	}
	if !c.Outcome.Exited() {
		c.Agent = agent
	}
	c.Queue = r.m.FixedQueue
	if r.cols.queue.index >= 0 {
		// Spaces around a name are padding, not part of it: " sales " and
		// "sales" are one queue.
		c.Queue = r.queues.get(trimSpace(r.cell(r.cols.queue)))
	}
	c.Source, c.Line = r.file, r.line
	if r.SkipIdentity && r.merge == nil {
		return agent, nil
	}

	id, contact, customer := r.rowID, r.cell(r.cols.contact), r.cell(r.cols.customer)
	sameContact := len(contact) == 0 || bytes.Equal(contact, id)
	buf := append(r.scratch[:0], id...)
	if !sameContact {
		buf = append(buf, contact...)
	}
	buf = append(buf, customer...)
	r.scratch = buf
	s := string(buf)

	c.ID, s = s[:len(id)], s[len(id):]
	if !sameContact {
		c.ContactID, s = s[:len(contact)], s[len(contact):]
	}
	c.Customer = s
	if r.cols.id.index < 0 {
		c.ID = lineID(r.line)
	}
	if sameContact {
		c.ContactID = c.ID
	}
	return agent, nil
}

// agentOf returns the agent named by an agent cell, cut down by the agent
// pattern.
func (r *Reader) agentOf(b []byte) (string, error) {
	if len(b) == 0 || r.agentRe == nil {
		return r.agents.get(b), nil
	}
	loc := r.agentRe.FindSubmatchIndex(b)
	switch {
	case loc == nil:
		return "", r.reject(r.cols.agent, fmt.Sprintf("%q does not match agent_pattern", clip(b)))
	case len(loc) >= 4 && loc[2] >= 0:
		return r.agents.get(b[loc[2]:loc[3]]), nil
	}
	return r.agents.get(b[loc[0]:loc[1]]), nil
}

// fromValidate completes an error of Call.Validate with the file, line and
// the column behind the field it names.
func (r *Reader) fromValidate(err error) error {
	re := sladesk.AsRecordError(err)
	if re == nil {
		return r.reject(column{}, err.Error())
	}
	cols := map[string]column{
		"queue": r.cols.queue, "arrival": r.cols.arrival, "answer": r.cols.answer,
		"end": r.cols.end, "outcome": r.cols.outcome, "wait": r.cols.wait, "talk": r.cols.talk,
	}
	re.File, re.Line = r.file, r.line
	if col := cols[re.Field]; col.name != "" {
		re.Field = col.name
	}
	return re
}

// ringNoAnswer reports the agent named on an unanswered row as rung and
// not answering.
func (r *Reader) ringNoAnswer(c *sladesk.Call, agent string) {
	if r.AgentEvent == nil || agent == "" || !c.Outcome.Exited() {
		return
	}
	at := c.Ended
	if at.IsZero() {
		at = c.Arrived.Add(c.Wait)
	}
	r.AgentEvent(sladesk.AgentEvent{
		Source: r.file, Line: r.line, Time: at, Queue: c.Queue, Agent: agent,
		Kind: sladesk.AgentRingNoAnswer, Reason: fmt.Sprintf("rang %s", c.Wait),
	})
}

// trimSpace trims ASCII spaces and tabs; most cells have none, so it
// checks the ends before calling into bytes.
func trimSpace(b []byte) []byte {
	if n := len(b); n == 0 || (b[0] != ' ' && b[0] != '\t' && b[n-1] != ' ' && b[n-1] != '\t') {
		return b
	}
	return bytes.Trim(b, " \t")
}

// waitSlack is how far a wait column may differ from the wait its
// timestamps give: exports round each to whole seconds on their own.
const waitSlack = time.Second

// agrees rejects a wait column that contradicts the timestamps (answered
// ten minutes after arrival with a wait of 5 s): one of them is wrong, and
// which cannot be told.
func (r *Reader) agrees(stated, elapsed time.Duration, from string) error {
	if d := stated - elapsed; d > waitSlack || d < -waitSlack {
		return r.reject(r.cols.wait, fmt.Sprintf("wait of %s contradicts the %s from arrival to %s",
			stated, elapsed, from))
	}
	return nil
}
