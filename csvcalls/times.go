package csvcalls

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
)

// layoutKind is how a mapping's timestamps are written.
type layoutKind uint8

const (
	rfc3339Layout layoutKind = iota
	unixLayout
	goLayout
)

// timeReader reads the timestamps of one file.
type timeReader struct {
	kind      layoutKind
	layout    string         // the Go layout, for goLayout
	hasOffset bool           // the Go layout holds an offset
	zone      *localZone     // nil without a time zone
	unixLoc   *time.Location // where epoch times are shown
	fixed     map[int32]*time.Location
	dates     dateCache

	// The last offset and its location: most files have one or two.
	lastOffset int32
	lastLoc    *time.Location
}

func newTimeReader(m *Mapping) timeReader {
	t := timeReader{layout: m.TimeLayout, unixLoc: time.UTC, fixed: map[int32]*time.Location{}}
	switch m.TimeLayout {
	case "", LayoutRFC3339:
		t.kind = rfc3339Layout
	case LayoutUnix:
		t.kind = unixLayout
	default:
		t.kind, t.hasOffset = goLayout, layoutHasOffset(m.TimeLayout)
	}
	if m.TimeZone != "" {
		loc, err := time.LoadLocation(m.TimeZone)
		if err == nil { // Validate loaded it already
			t.zone = &localZone{loc: loc, policy: m.Ambiguous}
			t.unixLoc = loc
		}
	}
	return t
}

// parse reads one timestamp. Its errors are reasons fit for a RecordError.
func (t *timeReader) parse(b []byte) (time.Time, error) {
	switch t.kind {
	case unixLayout:
		sec, nsec, ok := parseEpoch(b)
		if !ok {
			return time.Time{}, fmt.Errorf("%q is not a Unix time in seconds", clip(b))
		}
		return time.Unix(sec, int64(nsec)).In(t.unixLoc), nil
	case goLayout:
		if s, ok := t.parseCommonLayout(b); ok {
			return t.instant(s)
		}
		v, err := time.Parse(t.layout, string(b))
		if err != nil {
			return time.Time{}, fmt.Errorf("%q does not match time_layout %q", clip(b), t.layout)
		}
		return t.instant(stampOf(v, t.hasOffset))
	}
	s, ok := parseStamp(b, &t.dates)
	if !ok {
		if s, ok = parseStampSlow(b); !ok {
			return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp", clip(b))
		}
	}
	return t.instant(s)
}

// parseCommonLayout reads the two naive layouts most exports use,
// "2006-01-02 15:04:05" and "2006-01-02T15:04:05", with the fast path.
// time.Parse would take the same text: it admits fractional seconds after
// the seconds even when the layout has none.
func (t *timeReader) parseCommonLayout(b []byte) (stamp, bool) {
	if t.layout != "2006-01-02 15:04:05" && t.layout != "2006-01-02T15:04:05" {
		return stamp{}, false
	}
	s, ok := parseStamp(b, &t.dates)
	return s, ok && !s.hasOffset && b[10] == t.layout[10]
}

// parseStampSlow leaves to time.Parse the RFC 3339 forms parseStamp does
// not take, such as fractions longer than nanoseconds.
func parseStampSlow(b []byte) (stamp, bool) {
	s := string(b)
	if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return stampOf(v, true), true
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if v, err := time.Parse(layout, s); err == nil {
			return stampOf(v, false), true
		}
	}
	return stamp{}, false
}

// errNoZone rejects a naive timestamp read without a time zone.
var errNoZone = errors.New("timestamp has no offset and the mapping names no time_zone; " +
	"set time_zone rather than have the reader guess")

// instant places a stamp in time: by its offset, or as a wall clock of the
// mapping's time zone.
func (t *timeReader) instant(s stamp) (time.Time, error) {
	if !s.hasOffset {
		if t.zone == nil {
			return time.Time{}, errNoZone
		}
		return t.zone.resolve(s)
	}
	return time.Unix(s.wall-int64(s.offset), int64(s.nsec)).In(t.fixedZone(s.offset)), nil
}

// fixedZone returns the location of an offset, made once per offset.
func (t *timeReader) fixedZone(offset int32) *time.Location {
	switch {
	case offset == 0:
		return time.UTC
	case offset == t.lastOffset && t.lastLoc != nil:
		return t.lastLoc
	}
	loc, ok := t.fixed[offset]
	if !ok {
		loc = time.FixedZone("", int(offset))
		t.fixed[offset] = loc
	}
	t.lastOffset, t.lastLoc = offset, loc
	return loc
}

// outcomeTable translates outcome cells.
type outcomeTable struct {
	exact map[string]sladesk.Outcome // mapped values and sladesk's names
	user  map[string]sladesk.Outcome
	names [sladesk.NumOutcomes]string // sladesk's names by outcome
}

func newOutcomeTable(user map[string]sladesk.Outcome) outcomeTable {
	t := outcomeTable{exact: map[string]sladesk.Outcome{}, user: maps.Clone(user)}
	for o := sladesk.Answered; int(o) < sladesk.NumOutcomes; o++ {
		t.exact[o.String()], t.names[o] = o, o.String()
	}
	for k, o := range user {
		t.exact[k] = o
	}
	return t
}

// lookup finds the outcome of a cell: an exact match first (no
// allocation), then a mapped value or sladesk name ignoring case and
// surrounding spaces.
func (t *outcomeTable) lookup(b []byte) (sladesk.Outcome, bool) {
	if len(t.user) == 0 {
		// No mapped values: compare with the few names, cheaper than hashing.
		for o, name := range t.names {
			if string(b) == name && o > 0 {
				return sladesk.Outcome(o), true
			}
		}
	} else if o, ok := t.exact[string(b)]; ok {
		return o, true
	}
	v := string(bytes.TrimSpace(b))
	for k, o := range t.user {
		if strings.EqualFold(strings.TrimSpace(k), v) {
			return o, true
		}
	}
	o, err := sladesk.ParseOutcome(v)
	return o, err == nil && v != ""
}
