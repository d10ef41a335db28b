package csvcalls

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
)

// Writer writes call segments in sladesk's own CSV layout (NativeHeader),
// which NewReader reads back with NativeMapping.
//
// Times are written in RFC 3339 with the offset of their location and as
// many decimals as they need; durations in seconds, exactly. Reading back
// gives equal instants (time.Time.Equal) with the same offsets, but in
// fixed-offset locations rather than named zones. An empty ContactID reads
// back as the ID, which is what it means; Source and Line are set by the
// reader; Call.Ending has no column and is not kept.
type Writer struct {
	// TODO: add an ending column so that Call.Ending survives a round
	// trip; it changes NativeHeader, so Detect and the project's benchmark
	// files change with it, which is the lead's call.

	w      *bufio.Writer
	buf    []byte
	header bool // the header is written
}

// NewWriter returns a Writer to w. Output is buffered: call Flush at the
// end.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write writes one call segment, after the header on the first call. It
// refuses a call the Reader would reject, with an error wrapping the
// *sladesk.RecordError of the check that failed, and returns write
// errors of the underlying writer.
func (w *Writer) Write(c sladesk.Call) error {
	if err := checkWritable(&c); err != nil {
		return fmt.Errorf("write call %q: %w", c.ID, err)
	}
	b := w.buf[:0]
	if !w.header {
		b = append(b, NativeHeader+"\n"...)
		w.header = true
	}
	b = appendText(b, c.ID)
	b = appendText(append(b, ','), c.ContactID)
	b = appendText(append(b, ','), c.Queue)
	b = appendTime(append(b, ','), c.Arrived)
	b = appendTime(append(b, ','), c.AnsweredAt)
	b = appendTime(append(b, ','), c.Ended)
	b = append(append(b, ','), c.Outcome.String()...)
	b = appendText(append(b, ','), c.Agent)
	b = appendText(append(b, ','), c.Customer)
	for _, d := range []time.Duration{c.Wait, c.Talk, c.Hold, c.Wrap} {
		b = appendSeconds(append(b, ','), d)
	}
	b = append(b, '\n')
	w.buf = b
	_, err := w.w.Write(b)
	return err
}

// Flush writes buffered data to the underlying writer and returns its
// error.
func (w *Writer) Flush() error { return w.w.Flush() }

// checkWritable refuses what the layout cannot hold or the Reader would
// reject, so that whatever is written reads back.
func checkWritable(c *sladesk.Call) error {
	if err := c.Validate(); err != nil {
		return err
	}
	switch {
	case c.ID == "":
		return &sladesk.RecordError{Field: "call_id", Reason: "empty id"}
	case c.Outcome.Exited() && !c.AnsweredAt.IsZero():
		return &sladesk.RecordError{Field: "answered", Reason: fmt.Sprintf(
			"answer time on a call whose outcome is %s", c.Outcome)}
	case c.Outcome.Exited() && c.Agent != "":
		return &sladesk.RecordError{Field: "agent", Reason: fmt.Sprintf(
			"agent on a call whose outcome is %s (an agent is the one who answered)", c.Outcome)}
	}
	if span := c.Ended.Sub(c.AnsweredAt); !c.Ended.IsZero() && !c.AnsweredAt.IsZero() &&
		c.Talk+c.Hold > span+waitSlack {
		return &sladesk.RecordError{Field: "talk_s", Reason: fmt.Sprintf(
			"talk and hold of %s exceed the %s from answer to end", c.Talk+c.Hold, span)}
	}
	texts := []struct{ field, s string }{{"call_id", c.ID}, {"contact_id", c.ContactID},
		{"queue", c.Queue}, {"agent", c.Agent}, {"customer", c.Customer}}
	for _, f := range texts {
		// The native layout keeps one record a line, so that it can be
		// cut into blocks and read on every core.
		if strings.ContainsAny(f.s, "\r\n") {
			return &sladesk.RecordError{Field: f.field, Reason: "a line break in a text field"}
		}
		if f.field == "queue" && strings.TrimSpace(f.s) != f.s {
			return &sladesk.RecordError{Field: f.field, Reason: "spaces around the queue name (the Reader trims them)"}
		}
	}
	times := []struct {
		field string
		t     time.Time
	}{{"arrived", c.Arrived}, {"answered", c.AnsweredAt}, {"ended", c.Ended}}
	for _, f := range times {
		if y := f.t.Year(); !f.t.IsZero() && (y < 0 || y > 9999) {
			return &sladesk.RecordError{Field: f.field, Reason: fmt.Sprintf(
				"year %d cannot be written in RFC 3339", y)}
		}
	}
	return nil
}

// appendText appends a field, quoted when it holds a delimiter, a quote or
// a line break (RFC 4180).
func appendText(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func needsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// appendTime appends t in RFC 3339, or nothing for the zero time. Offsets
// with seconds (local mean time before 1900) cannot be written in RFC 3339,
// so such times are written in UTC: the same instant.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	if _, off := t.Zone(); off%60 != 0 {
		t = t.UTC()
	}
	return t.AppendFormat(b, time.RFC3339Nano)
}

// appendSeconds appends d in seconds with up to nine decimals, exactly.
func appendSeconds(b []byte, d time.Duration) []byte {
	b = strconv.AppendInt(b, int64(d/time.Second), 10)
	ns := int64(d % time.Second)
	if ns == 0 {
		return b
	}
	var frac [9]byte
	for i := 8; i >= 0; i-- {
		frac[i] = byte('0' + ns%10)
		ns /= 10
	}
	return append(append(b, '.'), bytes.TrimRight(frac[:], "0")...)
}

// Detect reports whether head, the first bytes of a file (un-gzipped),
// starts with the header of sladesk's own layout, so that the layout can be
// chosen without a mapping. head must hold the whole header line (it is
// 98 bytes); a byte order mark before it is allowed, as NewReader allows
// it.
func Detect(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	if !bytes.HasPrefix(head, []byte(NativeHeader)) {
		return false
	}
	rest := head[len(NativeHeader):]
	return len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r'
}
