package queuelog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
)

// maxLine is the longest line the Reader accepts. Asterisk formats a line
// in an 8 KiB buffer (main/logger.c, ast_queue_log); anything much longer
// is not a queue_log line and is rejected rather than buffered.
const maxLine = 64 << 10

// Keys of Reader.Skipped that are not event names.
const (
	// SkippedBlank counts empty lines.
	SkippedBlank = "(blank)"
	// SkippedRejected counts lines of segments already rejected: they are
	// consumed without a second report.
	SkippedRejected = "(rejected segment)"
)

// Config configures a Reader. The zero value reads a queue_log stamped
// with Unix times and returns times in UTC.
type Config struct {
	// File names the input in errors and in Call.Source.
	File string

	// Location is the time zone of a queue_log whose first field is a
	// date ("2024-02-20 14:00:00.123456", as Asterisk writes to a
	// realtime queue_log table) instead of a Unix time; Unix times are
	// also returned in it. Nil rejects date lines, since a date without a
	// zone is not an instant, and returns Unix times in UTC.
	Location *time.Location

	// OnAgentEvent, if set, receives every change in an agent's
	// availability (ADDMEMBER, PAUSE, RINGNOANSWER, ...) as it is read.
	// When nil those lines are counted in Skipped.
	OnAgentEvent func(sladesk.AgentEvent)

	// StaleAfter is how long, in log time, a segment may go without a line
	// before it is reported as incomplete; it bounds memory when a log
	// lost lines. Zero (or less) means 24 hours: no queue call lasts
	// that long.
	StaleAfter time.Duration
}

// Reader reads call segments from an Asterisk queue_log. It implements
// sladesk.CallReader. Memory is bounded by the calls in flight, not by
// the length of the log.
type Reader struct {
	cfg  Config
	src  *bufio.Reader
	line int
	err  error // io.EOF or the fatal read error, once reached

	// pending holds calls and rejections not yet returned, oldest first.
	pending []result
	head    int

	fields []string // the current line's fields, reused
	cur    line     // the current line, reused

	segs     map[segKey]*segment
	contacts map[string]*contact
	entries  map[segKey]*entries
	skipped  map[string]int
	now      time.Time // latest time seen in the log
	swept    time.Time // when stale segments were last looked for
}

// result is one return of Read.
type result struct {
	call sladesk.Call
	err  error
}

// NewReader returns a Reader of the queue_log r.
func NewReader(r io.Reader, cfg Config) *Reader {
	return &Reader{
		cfg:      cfg,
		src:      bufio.NewReaderSize(r, maxLine),
		segs:     make(map[segKey]*segment),
		contacts: make(map[string]*contact),
		entries:  make(map[segKey]*entries),
		skipped:  make(map[string]int),
	}
}

// Read returns the next call segment, in the order the segments end. It
// returns a *sladesk.RecordError for a rejected line or an incomplete
// segment, after which Read may be called again; io.EOF at the end of the
// log; any other error (from the underlying reader) is fatal.
func (r *Reader) Read() (sladesk.Call, error) {
	for r.head == len(r.pending) {
		r.pending, r.head = r.pending[:0], 0
		if r.err != nil {
			return sladesk.Call{}, r.err
		}
		r.step()
	}
	res := r.pending[r.head]
	r.pending[r.head] = result{}
	r.head++
	return res.call, res.err
}

// Skipped returns how many lines were consumed without giving a call or a
// rejection, by event name (QUEUESTART, CONFIGRELOAD, agent events when
// Config.OnAgentEvent is nil, ...) and under SkippedBlank and
// SkippedRejected.
func (r *Reader) Skipped() map[string]int {
	return maps.Clone(r.skipped)
}

// Reader counts what it reads without returning it, for reports.
var _ sladesk.LineCounter = (*Reader)(nil)

// NotQueued returns 0: a queue_log holds only what happened in queues (see
// sladesk.LineCounter).
func (r *Reader) NotQueued() int { return 0 }

// OtherLines returns the lines that held no call segment: every line
// Skipped counts (see sladesk.LineCounter).
func (r *Reader) OtherLines() int {
	n := 0
	for _, c := range r.skipped {
		n += c
	}
	return n
}

// step reads and handles one line, or ends the log.
func (r *Reader) step() {
	text, err := r.readLine()
	switch {
	case err == io.EOF:
		r.cutOff(func(*segment) bool { return true }, "the log ends before the segment does")
		r.err = io.EOF
		return
	case errors.Is(err, bufio.ErrBufferFull):
		r.line++
		r.fail(reject("", "line longer than %d bytes", maxLine))
		return
	case err != nil:
		r.err = fmt.Errorf("queuelog: reading %s: %w", r.cfg.File, err)
		return
	}
	r.line++
	if r.line == 1 {
		text = strings.TrimPrefix(text, "\ufeff") // an editor's byte-order mark
	}
	r.handle(text)
}

// readLine returns the next line without its line ending. It reports a
// line longer than maxLine as bufio.ErrBufferFull after skipping it, so
// that reading can go on.
func (r *Reader) readLine() (string, error) {
	b, err := r.src.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = r.src.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			return "", err
		}
		return "", bufio.ErrBufferFull
	}
	if err == io.EOF && len(b) > 0 {
		err = nil // a last line without a newline
	}
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// handle reads one line and applies it.
func (r *Reader) handle(text string) {
	if strings.TrimSpace(text) == "" {
		r.skipped[SkippedBlank]++
		return
	}
	l, ev, err := r.splitLine(r.line, text)
	if err == nil {
		err = r.apply(l, ev)
	}
	if err != nil {
		r.fail(err)
	}
}

// apply applies a line according to its event.
func (r *Reader) apply(l *line, ev event) *sladesk.RecordError {
	switch ev.role {
	case roleEnter:
		return r.enter(l)
	case roleConnect, roleComplete, roleExit:
		return r.segmentLine(l, ev)
	}
	if l.timeErr != nil {
		return l.timeErr
	}
	r.advance(l.at)
	switch ev.role {
	case roleAgent:
		return r.agentEvent(l, ev)
	case roleRestart:
		r.cutOff(func(*segment) bool { return true },
			fmt.Sprintf("Asterisk restarted (QUEUESTART at line %d)", l.num))
	}
	r.skipped[l.event]++
	return nil
}

// fail queues a rejection, filling in the file and, unless set, the line.
func (r *Reader) fail(e *sladesk.RecordError) {
	e.File = r.cfg.File
	if e.Line == 0 {
		e.Line = r.line
	}
	r.pending = append(r.pending, result{err: e})
}

// emit queues a finished segment, checked against the invariants every
// reader guarantees.
func (r *Reader) emit(s *segment) *sladesk.RecordError {
	if err := s.call.Validate(); err != nil {
		if e := sladesk.AsRecordError(err); e != nil {
			return e
		}
		return reject("", "%v", err)
	}
	r.pending = append(r.pending, result{call: s.call})
	return nil
}

// agentEvent hands an agent's change of availability to the callback.
func (r *Reader) agentEvent(l *line, ev event) *sladesk.RecordError {
	agent := member(l.agent)
	if agent == "" {
		return reject("agent", "%s without an agent", l.event)
	}
	if r.cfg.OnAgentEvent == nil {
		r.skipped[l.event]++
		return nil
	}
	queue := l.queue
	if queue == none {
		queue = "" // PAUSEALL, AGENTLOGIN: every queue
	}
	e := sladesk.AgentEvent{
		Source: r.cfg.File,
		Line:   l.num,
		Time:   l.at,
		Queue:  queue,
		Agent:  agent,
		Kind:   ev.kind,
		Reason: strings.TrimRight(strings.Join(l.data, "|"), "|"),
	}
	r.cfg.OnAgentEvent(e)
	// ADDMEMBER|PAUSED adds a member already paused (app_queue's
	// add_to_queue): two changes at once, told as two events.
	if l.event == "ADDMEMBER" && len(l.data) > 0 && l.data[0] == "PAUSED" {
		e.Kind = sladesk.AgentPaused
		r.cfg.OnAgentEvent(e)
	}
	return nil
}
