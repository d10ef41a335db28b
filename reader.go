package sladesk

import (
	"errors"
	"fmt"
	"time"
)

// CallReader reads call segments one at a time, in constant memory.
//
// Read returns the next segment. At the end of the input it returns io.EOF.
// A record that cannot be read correctly is rejected with a *RecordError,
// after which Read may be called again for the following records; any
// other error is fatal and ends the input.
type CallReader interface {
	Read() (Call, error)
}

// LineCounter is a CallReader that also counts what it read without
// returning it, so that a report accounts for every line of an input.
type LineCounter interface {
	// NotQueued returns the calls read that never reached a queue (they
	// left in a voice menu): not offered, not rejected.
	NotQueued() int
	// OtherLines returns the lines read that hold no call segment: blank
	// lines, agent events, system messages.
	OtherLines() int
}

// RecordError is a rejected input record: where it is and why it was
// rejected. Readers never drop or guess a record silently; they return one
// of these instead.
type RecordError struct {
	File   string // file name as given by the user
	Line   int    // 1-based line number; 0 when unknown
	Field  string // column or field at fault; empty when the whole record
	Reason string // what is wrong, in words a user can act on
	Err    error  // underlying error, if any
}

// Error formats the rejection as "file:line: field: reason".
func (e *RecordError) Error() string {
	s := e.File
	if e.Line > 0 {
		s = fmt.Sprintf("%s:%d", s, e.Line)
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *RecordError) Unwrap() error { return e.Err }

// AsRecordError returns the *RecordError in err's chain, or nil.
func AsRecordError(err error) *RecordError {
	var re *RecordError
	if errors.As(err, &re) {
		return re
	}
	return nil
}

// AgentEventKind says what happened to an agent's availability.
type AgentEventKind uint8

// Agent event kinds, as Asterisk's queue_log writes them.
const (
	AgentEventUnknown AgentEventKind = iota
	AgentAdded                       // ADDMEMBER, AGENTLOGIN
	AgentRemoved                     // REMOVEMEMBER, AGENTLOGOFF
	AgentPaused                      // PAUSE, PAUSEALL
	AgentUnpaused                    // UNPAUSE, UNPAUSEALL
	AgentRingNoAnswer                // RINGNOANSWER: rung, did not answer
)

// String returns the kind's name.
func (k AgentEventKind) String() string {
	switch k {
	case AgentAdded:
		return "added"
	case AgentRemoved:
		return "removed"
	case AgentPaused:
		return "paused"
	case AgentUnpaused:
		return "unpaused"
	case AgentRingNoAnswer:
		return "ring_no_answer"
	}
	return "unknown"
}

// AgentEvent is a change in an agent's availability in a queue. Readers
// that see them (queue_log) hand them to a callback so that staffing can
// later measure the agents actually at work.
type AgentEvent struct {
	Source string
	Line   int
	Time   time.Time
	Queue  string // empty for events that apply to every queue
	Agent  string
	Kind   AgentEventKind
	Reason string // pause reason, ring time, ...
}
