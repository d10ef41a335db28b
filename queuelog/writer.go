package queuelog

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
)

// ErrOutOfOrder is returned by Writer.Write for a call that arrived before
// a line the Writer has already written, so that its lines cannot be put
// in time order.
var ErrOutOfOrder = errors.New("call arrives before lines already written")

// ErrOverlap is returned by Writer.Write for a segment that would be in a
// queue at the same time as another segment of its contact there: both are
// written under the contact's callid, and Asterisk puts a channel in a
// queue only once at a time, so the Reader could not tell them apart.
var ErrOverlap = errors.New("contact already in the queue then")

// Writer writes call segments as the queue_log lines Asterisk would have
// written: ENTERQUEUE, then CONNECT and COMPLETECALLER, COMPLETEAGENT or
// BLINDTRANSFER for an answered segment, or ABANDON, EXITWITHTIMEOUT,
// EXITEMPTY, EXITWITHKEY or WITHDRAW for an unanswered one.
//
// In a real log the lines of concurrent calls interleave, and tools that
// read queue_logs expect them in time order. The Writer therefore holds
// lines back and writes them sorted by time: a line is written once no call
// written later can have an earlier line, that is once it is older than
// the latest arrival minus Window. Calls written in order of arrival (as a
// generator makes them) need no Window; calls in another order (as a
// Reader returns them, by end) need a Window as long as the longest
// segment. Lines of the same second keep the order they were written in.
//
// A queue_log keeps whole seconds: times are truncated to the second and
// durations rounded to it. Fields Asterisk would fill but a Call does not
// record are written as constants: queue positions as 1, the key of
// EXITWITHKEY as 0, ring time as 0, the bridged channel, the URL and the
// transfer's extension and context as empty. The callid is the call's
// ContactID (its ID when that is empty), so every segment of a contact
// shares it, as after an Asterisk blind transfer.
type Writer struct {
	// Window is how much earlier than the latest arrival so far a call
	// written later may arrive; see the type's doc.
	Window time.Duration

	w       *bufio.Writer
	held    heldLines
	n       uint64    // lines queued so far, to keep equal times in order
	latest  time.Time // latest arrival of a call written so far
	written int64     // time of the last line written out
	started bool      // whether a line was written out

	// busy holds, per callid and queue, the spans of the segments whose
	// lines a later call's lines could still interleave with.
	busy    map[segKey][]span
	pruneAt int
}

// span is the time a segment spends in its queue, in Unix seconds.
type span struct{ from, to int64 }

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriter(w), busy: make(map[segKey][]span)}
}

// Write queues the lines of a complete call segment and writes out those
// that can no longer be preceded. It returns an error for a call that does
// not pass Call.Validate, that has no queue_log form (an Ignored call, an
// answered call without Ending, a '|' or a line break in a field, a time
// before 1970), that arrives too late to be put in order (ErrOutOfOrder),
// or that overlaps another segment of its contact in its queue
// (ErrOverlap); nothing is written then. It also returns the underlying
// writer's error.
func (w *Writer) Write(c sladesk.Call) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("queuelog: call %s: %w", c.ID, err)
	}
	lines, err := callLines(&c)
	if err != nil {
		return fmt.Errorf("queuelog: call %s: %w", c.ID, err)
	}
	if w.started && c.Arrived.Unix() < w.written {
		return fmt.Errorf("queuelog: call %s arrived at %s, before the line of %s; "+
			"use a longer Writer.Window: %w", c.ID, c.Arrived.Format(time.RFC3339),
			time.Unix(w.written, 0).UTC().Format(time.RFC3339), ErrOutOfOrder)
	}
	key := segKey{callID(&c), c.Queue}
	seg := span{lines[0].at, lines[len(lines)-1].at}
	if err := w.claim(key, seg); err != nil {
		return fmt.Errorf("queuelog: call %s in %s from %d to %d: %w",
			c.ID, c.Queue, seg.from, seg.to, err)
	}
	for _, l := range lines {
		w.n++
		heap.Push(&w.held, heldLine{at: l.at, n: w.n, text: l.text})
	}
	if c.Arrived.After(w.latest) {
		w.latest = c.Arrived
	}
	return w.release(w.latest.Add(-w.Window).Unix())
}

// Flush writes every line held back and flushes the underlying writer. It
// returns the underlying writer's error.
func (w *Writer) Flush() error {
	if err := w.release(math.MaxInt64); err != nil {
		return err
	}
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("queuelog: %w", err)
	}
	return nil
}

// claim records the span of a segment of key, or returns ErrOverlap when
// it would share the queue with another segment of key. A segment may
// start in the second the earlier one ends: the earlier one's lines were
// queued first and come first.
func (w *Writer) claim(key segKey, s span) error {
	for _, o := range w.busy[key] {
		if s.from < o.to && s.to >= o.from {
			return ErrOverlap
		}
	}
	w.busy[key] = append(w.busy[key], s)
	if len(w.busy) >= w.pruneAt {
		w.prune()
	}
	return nil
}

// prune forgets the spans that ended before the last line written out: a
// call written later arrives no earlier than that line, so it cannot
// overlap them. Pruning when the map has doubled keeps the cost constant
// per call.
func (w *Writer) prune() {
	for k, spans := range w.busy {
		live := spans[:0]
		for _, o := range spans {
			if !w.started || o.to >= w.written {
				live = append(live, o)
			}
		}
		if len(live) == 0 {
			delete(w.busy, k)
		} else {
			w.busy[k] = live
		}
	}
	w.pruneAt = max(1024, 2*len(w.busy))
}

// release writes the held lines of time until and earlier.
func (w *Writer) release(until int64) error {
	for w.held.Len() > 0 && w.held[0].at <= until {
		l := heap.Pop(&w.held).(heldLine)
		if _, err := w.w.WriteString(l.text); err != nil {
			return fmt.Errorf("queuelog: %w", err)
		}
		w.written, w.started = l.at, true
	}
	return nil
}

// timedLine is a queue_log line and its time in Unix seconds.
type timedLine struct {
	at   int64
	text string
}

// callLines returns the lines of a call segment, in order.
func callLines(c *sladesk.Call) ([]timedLine, error) {
	callid := callID(c)
	if err := checkFields(callid, c); err != nil {
		return nil, err
	}
	for _, d := range []time.Duration{c.Wait, c.Talk} {
		if d > maxSeconds*time.Second {
			return nil, fmt.Errorf("duration %s too long for a queue_log", d)
		}
	}
	if t := c.Arrived.Unix(); t < 0 || t > maxEpoch {
		return nil, fmt.Errorf("arrival %s cannot be a queue_log time", c.Arrived)
	}
	f := lineFormat{callid: callid, queue: c.Queue}
	lines := []timedLine{f.line(c.Arrived, none, "ENTERQUEUE", "", c.Customer, "1")}
	switch {
	case c.Outcome == sladesk.Answered:
		return answeredLines(c, f, lines)
	case c.Outcome.Exited():
		return append(lines, exitLine(c, f)), nil
	}
	return nil, fmt.Errorf("outcome %s has no queue_log line", c.Outcome)
}

// answeredLines appends the CONNECT and the completion of an answered
// segment.
func answeredLines(c *sladesk.Call, f lineFormat, lines []timedLine) ([]timedLine, error) {
	agent := c.Agent
	if agent == "" {
		agent = none
	}
	hold, talk := secs(c.Wait), secs(c.Talk)
	ended := c.Ended
	if ended.IsZero() {
		ended = c.AnsweredAt.Add(c.Talk)
	}
	if ended.Before(c.AnsweredAt) {
		return nil, errors.New("ended before answered")
	}
	lines = append(lines, f.line(c.AnsweredAt, agent, "CONNECT", hold, "", "0"))
	switch c.Ending {
	case sladesk.EndedByCaller:
		return append(lines, f.line(ended, agent, "COMPLETECALLER", hold, talk, "1")), nil
	case sladesk.EndedByAgent:
		return append(lines, f.line(ended, agent, "COMPLETEAGENT", hold, talk, "1")), nil
	case sladesk.EndedByTransfer:
		return append(lines, f.line(ended, agent, "BLINDTRANSFER", "", "", hold, talk, "1")), nil
	}
	return nil, errors.New("answered call without an ending (caller, agent or transfer)")
}

// exitLine returns the line of an unanswered exit, with the layouts of
// events.go.
func exitLine(c *sladesk.Call, f lineFormat) timedLine {
	ended := c.Ended
	if ended.IsZero() {
		ended = c.Arrived.Add(c.Wait)
	}
	wait := secs(c.Wait)
	switch c.Outcome {
	case sladesk.Timeout:
		return f.line(ended, none, "EXITWITHTIMEOUT", "1", "1", wait)
	case sladesk.ExitEmpty:
		return f.line(ended, none, "EXITEMPTY", "1", "1", wait)
	case sladesk.ExitKey:
		return f.line(ended, none, "EXITWITHKEY", "0", "1", "1", wait)
	case sladesk.Transferred:
		return f.line(ended, none, "WITHDRAW", "1", "1", wait, "")
	}
	return f.line(ended, none, "ABANDON", "1", "1", wait)
}

// callID is the callid a call's lines are written under: its contact's,
// so that the segments of a contact stay linked.
func callID(c *sladesk.Call) string {
	if c.ContactID != "" {
		return c.ContactID
	}
	return c.ID
}

// checkFields rejects a field that would break the line apart, or that
// the Reader would read as "none".
func checkFields(callid string, c *sladesk.Call) error {
	for _, f := range []field{
		{"callid", callid}, {"queue", c.Queue}, {"agent", c.Agent}, {"customer", c.Customer},
	} {
		if err := f.check(f.name != "customer"); err != nil {
			return err
		}
	}
	if callid == "" {
		return errors.New("no ID or contact ID to write as the callid")
	}
	return nil
}

// lineFormat formats the lines of one segment.
type lineFormat struct{ callid, queue string }

// line formats time|callid|queue|agent|event|data... (main/logger.c).
func (f lineFormat) line(t time.Time, agent, event string, data ...string) timedLine {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(t.Unix(), 10))
	for _, s := range []string{f.callid, f.queue, agent, event} {
		b.WriteByte('|')
		b.WriteString(s)
	}
	for _, s := range data {
		b.WriteByte('|')
		b.WriteString(s)
	}
	b.WriteByte('\n')
	return timedLine{at: t.Unix(), text: b.String()}
}

// secs formats a duration in whole seconds, rounded, as Asterisk's "%ld".
func secs(d time.Duration) string {
	return strconv.FormatInt(int64(d.Round(time.Second)/time.Second), 10)
}

// heldLine is a line held back until it can be written in order.
type heldLine struct {
	at   int64
	n    uint64
	text string
}

// heldLines is a min-heap of lines by time, then by the order written.
type heldLines []heldLine

func (h heldLines) Len() int { return len(h) }
func (h heldLines) Less(i, j int) bool {
	return h[i].at < h[j].at || h[i].at == h[j].at && h[i].n < h[j].n
}
func (h heldLines) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *heldLines) Push(x any)   { *h = append(*h, x.(heldLine)) }
func (h *heldLines) Pop() any {
	old := *h
	l := old[len(old)-1]
	*h = old[:len(old)-1]
	return l
}

// agentEventNames are the queue_log events of each kind: in one queue, and
// in every queue.
var agentEventNames = map[sladesk.AgentEventKind][2]string{
	sladesk.AgentAdded:    {"ADDMEMBER", "AGENTLOGIN"},
	sladesk.AgentRemoved:  {"REMOVEMEMBER", "AGENTLOGOFF"},
	sladesk.AgentPaused:   {"PAUSE", "PAUSEALL"},
	sladesk.AgentUnpaused: {"UNPAUSE", "UNPAUSEALL"},
}

// field is a text field of a queue_log line, for checking.
type field struct{ name, value string }

// check returns an error when the field holds what a queue_log line cannot
// (a '|' or a line break), or, when refuseNone, Asterisk's NONE, which
// the Reader takes for an empty field.
func (f field) check(refuseNone bool) error {
	if strings.ContainsAny(f.value, "|\r\n") {
		return fmt.Errorf("%s %q contains '|' or a line break", f.name, f.value)
	}
	if refuseNone && f.value == none {
		return fmt.Errorf("%s %s is what Asterisk writes for none", f.name, none)
	}
	return nil
}

// WriteAgentEvent queues the line of an agent's change of availability:
// ADDMEMBER, REMOVEMEMBER, PAUSE or UNPAUSE in the event's queue, or, for
// an event of every queue (Queue empty), AGENTLOGIN, AGENTLOGOFF, PAUSEALL
// or UNPAUSEALL, as app_queue writes them, under the callid NONE. The line
// is ordered with the calls' lines by time, so an event must not precede
// the lines already written out (ErrOutOfOrder). Ring-no-answer and
// unknown events are refused, and so are fields holding '|' or a line
// break.
func (w *Writer) WriteAgentEvent(ev sladesk.AgentEvent) error {
	name, ok := agentEventNames[ev.Kind]
	if !ok {
		return fmt.Errorf("queuelog: agent event %s has no queue_log line here", ev.Kind)
	}
	queue, event := ev.Queue, name[0]
	if queue == "" {
		queue, event = none, name[1]
	}
	if ev.Agent == "" {
		return errors.New("queuelog: agent event without an agent")
	}
	for _, f := range []field{{"queue", ev.Queue}, {"agent", ev.Agent}, {"reason", ev.Reason}} {
		if err := f.check(f.name != "reason"); err != nil {
			return fmt.Errorf("queuelog: agent event: %w", err)
		}
	}
	at := ev.Time.Unix()
	if at < 0 || at > maxEpoch {
		return fmt.Errorf("queuelog: agent event at %s cannot be a queue_log time", ev.Time)
	}
	if w.started && at < w.written {
		return fmt.Errorf("queuelog: agent event at %s, before the line of %s: %w",
			ev.Time.UTC().Format(time.RFC3339), time.Unix(w.written, 0).UTC().Format(time.RFC3339),
			ErrOutOfOrder)
	}
	l := lineFormat{callid: none, queue: queue}.line(ev.Time, ev.Agent, event, ev.Reason)
	w.n++
	heap.Push(&w.held, heldLine{at: l.at, n: w.n, text: l.text})
	return nil
}
