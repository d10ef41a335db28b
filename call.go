// Package sladesk measures contact-center service levels.
//
// The root package holds the domain: the call segment every reader
// produces ([Call]), how a segment left its queue ([Outcome]), the named
// service-level definitions ([ServiceLevelDef]) and the service level
// agreement with its objectives ([SLA], [Objective]). Readers of each input
// format live in their own packages (bankdata, queuelog, csvcalls), interval
// statistics in stats, objective evaluation and rendering in report.
package sladesk

import (
	"fmt"
	"strings"
	"time"
)

// Outcome says how a call segment left its queue.
type Outcome uint8

// The outcomes a queue visit can have. The kinds of unanswered exit are kept
// apart because contracts differ on which of them count as abandons: Asterisk
// counts timeouts and empty-queue exits as abandoned, most SLAs count only the
// caller hanging up.
const (
	// OutcomeUnknown is the zero value; no reader emits it.
	OutcomeUnknown Outcome = iota
	// Answered: an agent took the call.
	Answered
	// Abandoned: the caller hung up while waiting.
	Abandoned
	// Timeout: the queue's maximum wait expired (Asterisk EXITWITHTIMEOUT).
	Timeout
	// ExitEmpty: the call left because no agent could take it (Asterisk
	// EXITEMPTY, leavewhenempty / joinempty).
	ExitEmpty
	// ExitKey: the caller pressed a key to leave the queue (EXITWITHKEY).
	ExitKey
	// Transferred: the call left the queue unanswered for another
	// destination (overflow, flow-out to voicemail or another queue).
	Transferred
	// Ignored: not a real call, such as the Anonymous Bank's PHANTOM rows;
	// excluded from every statistic but counted so nothing vanishes.
	Ignored

	numOutcomes
)

// NumOutcomes is the number of outcome values, for arrays indexed by Outcome.
const NumOutcomes = int(numOutcomes)

var outcomeNames = [numOutcomes]string{
	OutcomeUnknown: "unknown",
	Answered:       "answered",
	Abandoned:      "abandoned",
	Timeout:        "timeout",
	ExitEmpty:      "exit_empty",
	ExitKey:        "exit_key",
	Transferred:    "transferred",
	Ignored:        "ignored",
}

// String returns the outcome's name as used in files and output.
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("outcome(%d)", o)
}

// ParseOutcome returns the outcome with the given name (as printed by
// String, case-insensitive). It returns an error for an unknown name.
func ParseOutcome(s string) (Outcome, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for o := Answered; o < numOutcomes; o++ {
		if outcomeNames[o] == name {
			return o, nil
		}
	}
	return OutcomeUnknown, fmt.Errorf("unknown outcome %q (want one of %s)", s,
		strings.Join(outcomeNames[Answered:], ", "))
}

// Exited reports whether the outcome is an unanswered exit from the queue
// (an abandon or a flow-out), as opposed to an answer or an ignored record.
func (o Outcome) Exited() bool { return o >= Abandoned && o <= Transferred }

// Ending says how an answered segment ended.
type Ending uint8

// The ways an answered segment can end.
const (
	EndingUnknown Ending = iota
	// EndedByCaller: the caller hung up (Asterisk COMPLETECALLER).
	EndedByCaller
	// EndedByAgent: the agent hung up (COMPLETEAGENT).
	EndedByAgent
	// EndedByTransfer: the agent transferred the caller onwards.
	EndedByTransfer
)

// String returns the ending's name.
func (e Ending) String() string {
	switch e {
	case EndedByCaller:
		return "caller"
	case EndedByAgent:
		return "agent"
	case EndedByTransfer:
		return "transfer"
	}
	return "unknown"
}

// Call is one segment of a customer's call: one visit to one queue. A call
// that passes through several queues (a transfer from sales to support) is
// several segments sharing a ContactID.
//
// Times are instants; readers attach the source's time zone or offset so
// that intervals can later be cut in any zone. Durations the source does not
// record are zero.
type Call struct {
	// Source names where the record came from (a file name or a system);
	// Source and ID together identify the segment.
	Source string
	// ID identifies the segment within its source.
	ID string
	// ContactID links the segments of one customer contact (the Asterisk
	// callid of the caller, a CDR uniqueid); a call that visited a single
	// queue has one segment with it.
	ContactID string
	// Line is the line of the source where the segment starts, for tracing.
	Line int

	// Queue is where the call waited (a skill, a split, a service type).
	Queue string
	// Arrived is when the call entered the queue; every statistic credits
	// the call to the interval of this instant.
	Arrived time.Time
	// AnsweredAt is when an agent took the call; zero when not answered.
	AnsweredAt time.Time
	// Ended is when the segment ended (hang-up, transfer, exit); zero when
	// the source does not say.
	Ended time.Time

	// Outcome says how the segment left the queue.
	Outcome Outcome
	// Ending says how an answered segment ended.
	Ending Ending

	// Agent who answered; empty when unanswered or unknown.
	Agent string
	// Customer is the caller's key (caller id, customer number), opaque.
	Customer string

	// Wait is the time in queue: until the answer for an answered
	// segment, until the exit otherwise.
	Wait time.Duration
	// Talk, Hold and Wrap are the parts of the handle time, where the
	// source records them.
	Talk, Hold, Wrap time.Duration
}

// Handle returns the handle time: talk + hold + wrap.
func (c *Call) Handle() time.Duration { return c.Talk + c.Hold + c.Wrap }

// WaitSeconds returns the wait in whole seconds, rounded up. A wait is within
// a threshold of T seconds when it is at most T (DESIGN: wait <= T); rounding
// up first makes that comparison exact for fractional waits, so 20.4 s is
// not within 20 s.
func (c *Call) WaitSeconds() int64 { return CeilSeconds(c.Wait) }

// CeilSeconds returns d in whole seconds, rounded up; negative durations
// give 0.
func CeilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}

// MinYear and MaxYear bound the year of an arrival: call records before
// automatic call distribution or centuries ahead are corrupt dates, and one
// of them would stretch a report over thousands of years.
const (
	MinYear = 1950
	MaxYear = 2200
)

// MaxDuration bounds every wait, talk, hold and wrap time: no queue visit
// lasts a day, and a record that says so is corrupt. The bound also keeps
// the sums of a year of calls far from overflowing.
const MaxDuration = 24 * time.Hour

// Validate checks the invariants every reader must guarantee before it
// emits a call, and returns a *RecordError naming the field at fault.
func (c *Call) Validate() error {
	switch {
	case c.Queue == "":
		return &RecordError{Field: "queue", Reason: "empty queue"}
	case c.Arrived.IsZero():
		return &RecordError{Field: "arrival", Reason: "no arrival time"}
	case c.Arrived.Year() < MinYear || c.Arrived.Year() > MaxYear:
		return &RecordError{Field: "arrival", Reason: fmt.Sprintf(
			"arrival in the year %d, outside %d to %d: a corrupt date", c.Arrived.Year(), MinYear, MaxYear)}
	case c.Outcome == OutcomeUnknown || c.Outcome >= numOutcomes:
		return &RecordError{Field: "outcome", Reason: "unknown outcome"}
	// Time order first: a negative wait is only its symptom, and "answered
	// before queued" tells the user what is wrong with the record.
	case !c.AnsweredAt.IsZero() && c.AnsweredAt.Before(c.Arrived):
		return &RecordError{Field: "answer", Reason: fmt.Sprintf(
			"answered before queued (%s before arrival)", c.Arrived.Sub(c.AnsweredAt))}
	case !c.Ended.IsZero() && c.Ended.Before(c.Arrived):
		return &RecordError{Field: "end", Reason: "ended before queued"}
	case c.Wait < 0:
		return &RecordError{Field: "wait", Reason: fmt.Sprintf("negative wait %s", c.Wait)}
	case c.Talk < 0 || c.Hold < 0 || c.Wrap < 0:
		return &RecordError{Field: "talk", Reason: "negative talk, hold or wrap time"}
	case c.Wait > MaxDuration:
		return &RecordError{Field: "wait", Reason: fmt.Sprintf("wait of %s is longer than %s", c.Wait, MaxDuration)}
	case c.Talk > MaxDuration || c.Hold > MaxDuration || c.Wrap > MaxDuration:
		return &RecordError{Field: "talk", Reason: fmt.Sprintf(
			"talk, hold or wrap time longer than %s", MaxDuration)}
	case c.Outcome == Answered && c.AnsweredAt.IsZero():
		return &RecordError{Field: "answer", Reason: "answered without an answer time"}
	}
	return nil
}
