package sladesk

import (
	"errors"
	"fmt"
	"time"
)

// Errors of LocalTime.
var (
	// ErrNoSuchLocalTime: the wall-clock time was skipped when the clocks
	// went forward.
	ErrNoSuchLocalTime = errors.New("does not exist (the clocks went forward)")
	// ErrAmbiguousLocalTime: the wall-clock time occurred twice when the
	// clocks went back.
	ErrAmbiguousLocalTime = errors.New("occurs twice (the clocks went back)")
)

// LocalTime returns the instant at which the clocks of loc showed the
// wall-clock time of wall (its date and time of day, whatever its own
// location). Unlike time.Date, which picks an instant silently, it returns
// an error wrapping ErrNoSuchLocalTime for a time skipped by a change of
// the clocks and ErrAmbiguousLocalTime for one that occurred twice: a call
// record's time is never guessed.
func LocalTime(wall time.Time, loc *time.Location) (time.Time, error) {
	y, mo, d := wall.Date()
	h, mi, s := wall.Clock()
	naive := time.Date(y, mo, d, h, mi, s, wall.Nanosecond(), time.UTC)

	// Each offset in force within a day of the time gives one candidate;
	// the candidates whose offset is the one in force at them are real.
	var found []time.Time
	for _, near := range []time.Duration{-24 * time.Hour, 0, 24 * time.Hour} {
		_, off := naive.Add(near).In(loc).Zone()
		t := naive.Add(-time.Duration(off) * time.Second).In(loc)
		if _, at := t.Zone(); at != off {
			continue
		}
		if !containsTime(found, t) {
			found = append(found, t)
		}
	}
	wallText := naive.Format(time.DateTime)
	switch len(found) {
	case 0:
		return time.Time{}, fmt.Errorf("local time %s in %s %w", wallText, loc, ErrNoSuchLocalTime)
	case 1:
		return found[0], nil
	}
	return time.Time{}, fmt.Errorf("local time %s in %s %w", wallText, loc, ErrAmbiguousLocalTime)
}

func containsTime(ts []time.Time, t time.Time) bool {
	for _, x := range ts {
		if x.Equal(t) {
			return true
		}
	}
	return false
}
