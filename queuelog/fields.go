package queuelog

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
)

// none is what Asterisk writes for a callid, queue or agent that does not
// apply (ast_queue_log("NONE", "NONE", "NONE", "QUEUESTART", ...)).
const none = "NONE"

// dateLayout is the time Asterisk writes to a realtime queue_log table
// ("%F %T.%6q" in main/logger.c); time.Parse accepts the optional
// fraction of a second after the seconds without it being in the layout.
const dateLayout = "2006-01-02 15:04:05"

// maxEpoch is the last Unix second of year 9999: a larger first field is
// not a time, and bounding it keeps time arithmetic from overflowing.
const maxEpoch = 253402300799

// maxSeconds bounds a duration field (about 31 years), so that no field
// can overflow a time.Duration.
const maxSeconds = 1e9

// line is one parsed queue_log line.
type line struct {
	num     int
	at      time.Time
	timeErr *sladesk.RecordError // why the time field is unusable, if it is
	callid  string
	queue   string
	agent   string
	event   string
	data    []string
}

// splitLine splits a line into its fields and looks up its event. It
// returns an error for a line with too few fields or an unknown event; a
// bad time is kept in l.timeErr, because a segment line with a bad time
// still tells which segment it belongs to.
func (r *Reader) splitLine(num int, text string) (*line, event, *sladesk.RecordError) {
	r.fields = split(r.fields[:0], text)
	f := r.fields
	if len(f) < 5 {
		return nil, event{}, reject("", "too few fields: %d, want at least 5 "+
			"(time|callid|queue|agent|event)", len(f))
	}
	ev, ok := events[f[4]]
	if !ok {
		return nil, event{}, reject("event", "unknown event %q", f[4])
	}
	// The line and its fields are reused from line to line: reading
	// allocates little more than the calls it returns.
	l := &r.cur
	*l = line{num: num, callid: f[1], queue: f[2], agent: f[3], event: f[4], data: f[5:]}
	l.at, l.timeErr = r.parseTime(f[0])
	return l, ev, nil
}

// split appends the '|'-separated fields of s to f.
func split(f []string, s string) []string {
	for {
		i := strings.IndexByte(s, '|')
		if i < 0 {
			return append(f, s)
		}
		f = append(f, s[:i])
		s = s[i+1:]
	}
}

// parseTime reads the time field: a Unix time in seconds, or a local date
// in Config.Location.
func (r *Reader) parseTime(s string) (time.Time, *sladesk.RecordError) {
	if isDigits(s) {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil || sec > maxEpoch {
			return time.Time{}, reject("time", "Unix time %q out of range", s)
		}
		return time.Unix(sec, 0).In(r.location()), nil
	}
	if !looksLikeDate(s) {
		return time.Time{}, reject("time", "%q is neither a Unix time nor a date", s)
	}
	if r.cfg.Location == nil {
		return time.Time{}, reject("time", "date %q without a time zone: "+
			"name the time zone of its dates (--queue-log-tz)", s)
	}
	wall, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, reject("time", "bad date %q", s)
	}
	t, err := sladesk.LocalTime(wall, r.cfg.Location)
	if err != nil {
		return time.Time{}, reject("time", "%v", err)
	}
	return t, nil
}

// location is the zone of the times the Reader returns: the configured
// one, or UTC so that results do not depend on the machine.
func (r *Reader) location() *time.Location {
	if r.cfg.Location != nil {
		return r.cfg.Location
	}
	return time.UTC
}

// looksLikeDate reports whether s starts like "2024-02-20 14:00:00".
func looksLikeDate(s string) bool {
	return len(s) >= len(dateLayout) && s[4] == '-' && s[7] == '-' && s[10] == ' ' &&
		isDigits(s[:4])
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// seconds reads data field i, named name, as a whole number of seconds
// (Asterisk writes them with "%ld"). A missing field is an error that says
// which layout the event needs.
func seconds(l *line, data []string, i int, name string) (time.Duration, *sladesk.RecordError) {
	if i >= len(data) || data[i] == "" {
		return 0, reject(name, "missing %s in %s", name, l.event)
	}
	n, err := strconv.ParseInt(data[i], 10, 64)
	if err != nil || n > maxSeconds || n < -maxSeconds {
		return 0, reject(name, "%q is not a number of seconds", data[i])
	}
	if n < 0 {
		return 0, reject(name, "negative %s %ds", name, n)
	}
	return time.Duration(n) * time.Second, nil
}

// member returns an agent field, or "" for NONE.
func member(s string) string {
	if s == none {
		return ""
	}
	return s
}

// reject returns a RecordError for the field; the Reader fills in the
// file and line.
func reject(field, format string, args ...any) *sladesk.RecordError {
	return &sladesk.RecordError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
