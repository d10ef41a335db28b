package csvcalls

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sladesk/sladesk"
)

// Timestamp layouts with a name. Any other TimeLayout is a Go time layout.
const (
	// LayoutRFC3339 is "2006-01-02T15:04:05Z07:00" with optional fractional
	// seconds; a space may stand for the T (RFC 3339 section 5.6 allows it).
	// A timestamp written without an offset is read in TimeZone.
	LayoutRFC3339 = "rfc3339"
	// LayoutUnix is seconds since 1970-01-01 UTC, with optional decimals.
	LayoutUnix = "unix"
)

// AmbiguousTime says what to do with a naive local time that occurs twice,
// in the hour the clocks go back at the end of summer time.
type AmbiguousTime string

// The ways to resolve an ambiguous local time. The zero value rejects.
const (
	// AmbiguousReject rejects the record: the file cannot say which of the
	// two instants it meant, and a guess would put the call in the wrong
	// interval.
	AmbiguousReject AmbiguousTime = "reject"
	// AmbiguousEarlier takes the first occurrence (still summer time).
	AmbiguousEarlier AmbiguousTime = "earlier"
	// AmbiguousLater takes the second occurrence (already winter time).
	AmbiguousLater AmbiguousTime = "later"
)

// DefaultMergeWindow is the merge window used when Mapping.MergeWindow is
// zero. An hour covers the longest ordinary call, which matters for CDR
// exports written in order of hang-up, where the rows of a long call lie up
// to its whole length apart; it costs the memory of an hour of open calls.
const DefaultMergeWindow = time.Hour

// Mapping says how the columns of a CSV file of call records map onto
// [sladesk.Call]. Column fields hold header names; an empty column field
// means the file has no such column. The zero value is not valid: at least
// Arrival and Queue (or FixedQueue) must be set.
//
// Times: Arrival, Answer and End are read with TimeLayout. A timestamp
// without an offset is a wall-clock time in TimeZone; with no TimeZone it is
// rejected, never read as UTC or local time.
//
// Derived values: Wait is answer - arrival for an answered call and end -
// arrival otherwise, unless WaitSeconds is mapped and the cell is not
// empty; Talk is end - answer unless TalkSeconds is mapped. Hold and Wrap
// come only from their columns.
type Mapping struct {
	// ID is the column that identifies the call segment. When empty, the
	// line number stands for the id; it is required when Merge is set.
	ID string
	// ContactID is the column linking segments of one contact; an empty
	// column or cell makes it equal to the id.
	ContactID string
	// Queue is the column naming the queue; exactly one of Queue and
	// FixedQueue must be set.
	Queue string
	// FixedQueue is the queue of every call, for files without a queue
	// column (one export per queue).
	FixedQueue string
	// Arrival is the column of the time the call entered the queue;
	// required.
	Arrival string
	// Answer is the column of the time an agent took the call; empty cells
	// for calls not answered.
	Answer string
	// End is the column of the time the call ended.
	End string
	// Outcome is the column saying how the call left the queue, translated
	// with Outcomes. Without it, a row with an answer time is answered and
	// any other row has the outcome Unanswered.
	Outcome string
	// Agent is the column naming the agent, cut down with AgentPattern. On
	// an unanswered row it names an agent who was rung and did not answer:
	// the call's Agent stays empty and the Reader reports a ring-no-answer
	// event instead.
	Agent string
	// Customer is the column of the caller's key (caller id, account).
	Customer string
	// WaitSeconds, TalkSeconds, HoldSeconds and WrapSeconds are columns of
	// durations in seconds (decimals allowed). An empty cell means "not
	// recorded": wait and talk are then derived from the timestamps.
	WaitSeconds, TalkSeconds, HoldSeconds, WrapSeconds string

	// Outcomes maps values of the Outcome column to outcomes, such as
	// "ANSWERED" to sladesk.Answered and "NO ANSWER" to sladesk.Abandoned.
	// Keys match exactly first, then ignoring case and surrounding spaces.
	// Values named as sladesk prints outcomes ("answered", "abandoned",
	// ...) need no entry. The key "" gives empty cells a meaning; otherwise
	// they are rejected.
	Outcomes map[string]sladesk.Outcome
	// Unanswered is the outcome of a row with no answer time when the file
	// has no Outcome column. Zero means sladesk.Abandoned, because a caller
	// who left the queue unanswered is what most such exports record.
	Unanswered sladesk.Outcome

	// AgentPattern, when set, is a regular expression that extracts the
	// agent from the Agent column: its first group, or the whole match if
	// it has no group. `^(.+)-[0-9a-f]+$` turns the Asterisk channel
	// "PJSIP/202-00a2" into "PJSIP/202". A value that does not match is
	// rejected.
	AgentPattern string

	// TimeLayout is LayoutRFC3339 (the default when empty), LayoutUnix, or
	// a Go time layout such as "2006-01-02 15:04:05". Layouts with a zone
	// abbreviation (MST) are refused: abbreviations are ambiguous and Go
	// reads unknown ones as UTC.
	TimeLayout string
	// TimeZone is the IANA name of the zone of timestamps written without
	// an offset, such as "Europe/London"; timestamps with an offset keep
	// theirs, and Unix times are shown in it. Required for a Go layout
	// without an offset; "Local" is refused because it depends on the
	// machine.
	TimeZone string
	// Ambiguous says what to do with a local time that occurs twice when
	// the clocks go back; empty means AmbiguousReject. A local time that
	// does not exist (skipped when the clocks go forward) is always
	// rejected: no option makes it right.
	Ambiguous AmbiguousTime

	// Merge makes rows sharing an id one call, for CDR exports with one
	// row per agent rung or per attempt. See the package documentation for
	// how rows are merged and what memory it takes.
	Merge bool
	// MergeWindow is how far the file must move on past the last end of a
	// call before the call is closed and emitted; zero means
	// DefaultMergeWindow.
	MergeWindow time.Duration

	// MultilineFields lets a quoted field hold line breaks, so that one
	// record spans lines (RFC 4180). Off by default: call records rarely
	// hold them, and with them allowed one stray quote makes every row up
	// to the next quote a single rejected record. Off, a quote left open at
	// the end of a line rejects that line alone. Files read with it on are
	// read on one goroutine.
	MultilineFields bool

	// Delimiter separates fields; zero means ','. It must be a single-byte
	// character other than '"', '\r' and '\n'.
	Delimiter rune
}

// NativeHeader is the header line of sladesk's own CSV layout.
const NativeHeader = "call_id,contact_id,queue,arrived,answered,ended,outcome," +
	"agent,customer,wait_s,talk_s,hold_s,wrap_s"

// NativeMapping returns the mapping of sladesk's own CSV layout, the one
// [Writer] writes: NativeHeader, RFC 3339 timestamps with an offset, outcome
// names as sladesk prints them, empty answered for unanswered calls, and
// durations in seconds.
func NativeMapping() Mapping {
	return Mapping{
		ID:          "call_id",
		ContactID:   "contact_id",
		Queue:       "queue",
		Arrival:     "arrived",
		Answer:      "answered",
		End:         "ended",
		Outcome:     "outcome",
		Agent:       "agent",
		Customer:    "customer",
		WaitSeconds: "wait_s",
		TalkSeconds: "talk_s",
		HoldSeconds: "hold_s",
		WrapSeconds: "wrap_s",
	}
}

// IsNative reports whether m maps the columns of the native layout, so
// that it may carry options (a time zone, multiline fields) for native
// files.
func (m *Mapping) IsNative() bool {
	n := NativeMapping()
	return m.ID == n.ID && m.ContactID == n.ContactID && m.Queue == n.Queue && m.Arrival == n.Arrival &&
		m.Answer == n.Answer && m.End == n.End && m.Outcome == n.Outcome && m.Agent == n.Agent &&
		m.Customer == n.Customer && m.WaitSeconds == n.WaitSeconds && m.TalkSeconds == n.TalkSeconds &&
		m.HoldSeconds == n.HoldSeconds && m.WrapSeconds == n.WrapSeconds && m.FixedQueue == ""
}

// MappingError is a fault in a mapping: where it is and what is wrong.
type MappingError struct {
	File   string // mapping file; empty for a mapping built in Go
	Line   int    // 1-based line in File; 0 when unknown
	Field  string // the field at fault as named in YAML, "columns.arrival"
	Reason string // what is wrong
	Err    error  // underlying error, if any
}

// Error formats the fault as "file:line: field: reason".
func (e *MappingError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *MappingError) Unwrap() error { return e.Err }

// columnField is one column field of a Mapping with its YAML name.
type columnField struct {
	name string // YAML key under columns
	col  *string
}

// columnFields lists m's column fields in header order of the native
// layout; YAML decoding, validation and the reader share it.
func (m *Mapping) columnFields() []columnField {
	return []columnField{
		{"id", &m.ID}, {"contact_id", &m.ContactID}, {"queue", &m.Queue},
		{"arrival", &m.Arrival}, {"answer", &m.Answer}, {"end", &m.End},
		{"outcome", &m.Outcome}, {"agent", &m.Agent}, {"customer", &m.Customer},
		{"wait_seconds", &m.WaitSeconds}, {"talk_seconds", &m.TalkSeconds},
		{"hold_seconds", &m.HoldSeconds}, {"wrap_seconds", &m.WrapSeconds},
	}
}

// Validate checks that m can be used to read a file. It returns a
// *MappingError naming the field at fault (as named in the YAML format).
func (m *Mapping) Validate() error {
	checks := []func() error{
		m.validateColumns, m.validateOutcomes, m.validateTime,
		m.validateAgentPattern, m.validateMerge, m.validateDelimiter,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (m *Mapping) validateColumns() error {
	switch {
	case m.Arrival == "":
		return fieldError("columns.arrival", "required: the column of the time the call was queued")
	case m.Queue == "" && m.FixedQueue == "":
		return fieldError("columns.queue", "set either columns.queue or fixed_queue")
	case m.Queue != "" && m.FixedQueue != "":
		return fieldError("fixed_queue", "set either columns.queue or fixed_queue, not both")
	case m.Merge && m.ID == "":
		return fieldError("columns.id", "required when merge is on: rows are merged by id")
	}
	return nil
}

func (m *Mapping) validateOutcomes() error {
	// Cells match keys ignoring case when no key matches exactly, so two
	// keys equal but for case must agree, or the match would be chance.
	folded := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(m.Outcomes)) {
		o := m.Outcomes[k]
		if o == sladesk.OutcomeUnknown || int(o) >= sladesk.NumOutcomes {
			return fieldError("outcomes."+k, fmt.Sprintf("not an outcome: %s", o))
		}
		f := strings.ToLower(strings.TrimSpace(k))
		if other, ok := folded[f]; ok && m.Outcomes[other] != o {
			return fieldError("outcomes."+k, fmt.Sprintf(
				"differs from %q only in case or spaces, but maps to another outcome", other))
		}
		folded[f] = k
	}
	if m.Unanswered == sladesk.Answered || int(m.Unanswered) >= sladesk.NumOutcomes {
		return fieldError("unanswered", fmt.Sprintf(
			"%s cannot be the outcome of an unanswered row", m.Unanswered))
	}
	return nil
}

func (m *Mapping) validateTime() error {
	switch m.Ambiguous {
	case "", AmbiguousReject, AmbiguousEarlier, AmbiguousLater:
	default:
		return fieldError("ambiguous_time", fmt.Sprintf("%q: want reject, earlier or later", m.Ambiguous))
	}
	if m.TimeZone == "Local" {
		return fieldError("time_zone",
			`"Local" depends on the machine; name the zone, such as Europe/London`)
	}
	if m.TimeZone != "" {
		if _, err := time.LoadLocation(m.TimeZone); err != nil {
			return &MappingError{Field: "time_zone", Reason: "unknown time zone", Err: err}
		}
	}
	switch m.TimeLayout {
	case "", LayoutRFC3339, LayoutUnix:
		return nil
	}
	return m.validateGoLayout()
}

// validateGoLayout checks a Go time layout by formatting a reference time
// and reading it back: a layout that loses the date, the hour or the minute
// cannot place a call in its interval.
func (m *Mapping) validateGoLayout() error {
	if strings.Contains(m.TimeLayout, "MST") {
		return fieldError("time_layout",
			"zone abbreviations (MST) are ambiguous; use a numeric offset (-07:00) or time_zone")
	}
	ref := time.Date(2024, time.October, 27, 13, 4, 0, 0, time.UTC)
	back, err := time.Parse(m.TimeLayout, ref.Format(m.TimeLayout))
	if err != nil || !back.Equal(ref) {
		return fieldError("time_layout", fmt.Sprintf(
			"%q does not hold a full date and time of day", m.TimeLayout))
	}
	if !layoutHasOffset(m.TimeLayout) && strings.HasSuffix(m.TimeLayout, "Z") {
		// A literal Z: Go matches the letter and reads the time in
		// time_zone, not in UTC as the Z says.
		return fieldError("time_layout", fmt.Sprintf(
			"%q ends in a literal Z; write Z07:00 to read the Z (or an offset) as UTC", m.TimeLayout))
	}
	if !layoutHasOffset(m.TimeLayout) && m.TimeZone == "" {
		return fieldError("time_zone",
			"required: time_layout has no offset, so timestamps are local times of some zone")
	}
	return nil
}

// layoutHasOffset reports whether a Go layout holds a numeric zone offset.
func layoutHasOffset(layout string) bool {
	return strings.Contains(layout, "Z07") || strings.Contains(layout, "-07")
}

func (m *Mapping) validateAgentPattern() error {
	if m.AgentPattern == "" {
		return nil
	}
	if m.Agent == "" {
		return fieldError("agent_pattern", "set, but columns.agent is not")
	}
	if _, err := regexp.Compile(m.AgentPattern); err != nil {
		return &MappingError{Field: "agent_pattern", Reason: "not a regular expression", Err: err}
	}
	return nil
}

func (m *Mapping) validateMerge() error {
	if m.MergeWindow < 0 {
		return fieldError("merge_window", "negative")
	}
	return nil
}

func (m *Mapping) validateDelimiter() error {
	d := m.delimiter()
	if d >= utf8.RuneSelf || d == '"' || d == '\r' || d == '\n' {
		return fieldError("delimiter", fmt.Sprintf(
			"%q: want a single-byte character other than a quote or line break", d))
	}
	return nil
}

func (m *Mapping) delimiter() rune {
	if m.Delimiter == 0 {
		return ','
	}
	return m.Delimiter
}

func (m *Mapping) mergeWindow() time.Duration {
	if m.MergeWindow == 0 {
		return DefaultMergeWindow
	}
	return m.MergeWindow
}

func (m *Mapping) unanswered() sladesk.Outcome {
	if m.Unanswered == sladesk.OutcomeUnknown {
		return sladesk.Abandoned
	}
	return m.Unanswered
}

func fieldError(field, reason string) *MappingError {
	return &MappingError{Field: field, Reason: reason}
}
