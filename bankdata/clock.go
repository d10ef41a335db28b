package bankdata

import (
	"fmt"
	"time"
)

// Times of day are handled as seconds after the midnight that starts the
// row's date. The parsers below are written out by hand because they run
// six times a row; time.Parse would cost more than the rest of the row.

const (
	day     = 24 * 60 * 60
	halfDay = day / 2
)

// civilDate is a calendar date without a time zone.
type civilDate struct {
	year  int
	month time.Month
	day   int
}

// parseClock parses a time of day written H:MM:SS or HH:MM:SS and returns
// the seconds after midnight.
func parseClock(b []byte) (int32, bool) {
	n := len(b)
	if n != 7 && n != 8 || b[n-3] != ':' || b[n-6] != ':' {
		return 0, false
	}
	h, ok1 := digits(b[:n-6])
	m, ok2 := digits(b[n-5 : n-3])
	s, ok3 := digits(b[n-2:])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	return int32(h*3600 + m*60 + s), true
}

// formatClock writes seconds after midnight as H:MM:SS, the file's way,
// for messages.
func formatClock(sec int32) string {
	return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
}

// parseDate parses YYMMDD (the published file), YYYYMMDD or YYYY-MM-DD.
// Two-digit years are 19YY from 70 on and 20YY before, which covers the
// 1999 data and any later copy.
func parseDate(b []byte) (civilDate, bool) {
	var y, m, d int
	var ok1, ok2, ok3 bool
	switch {
	case len(b) == 6:
		y, ok1 = digits(b[0:2])
		y += 1900
		if y < 1970 {
			y += 100
		}
		m, ok2 = digits(b[2:4])
		d, ok3 = digits(b[4:6])
	case len(b) == 8:
		y, ok1 = digits(b[0:4])
		m, ok2 = digits(b[4:6])
		d, ok3 = digits(b[6:8])
	case len(b) == 10 && b[4] == '-' && b[7] == '-':
		y, ok1 = digits(b[0:4])
		m, ok2 = digits(b[5:7])
		d, ok3 = digits(b[8:10])
	}
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return civilDate{}, false
	}
	return civilDate{y, time.Month(m), d}, true
}

// daysIn returns the number of days of month m of year y.
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseSeconds parses a duration in whole seconds (q_time, ser_time). It
// tells a negative number apart, so that the rejection can say so, and
// refuses a day or more: the layout writes times of day, so a longer stage
// could not be placed.
func parseSeconds(b []byte) (sec int32, negative, ok bool) {
	if len(b) > 1 && b[0] == '-' {
		_, isNumber := digits(b[1:])
		return 0, isNumber, false
	}
	v, isNumber := digits(b)
	if !isNumber || v >= day {
		return 0, false, false
	}
	return int32(v), false, true
}

// digits parses a short run of decimal digits (at most 9, so no overflow).
func digits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// near returns the time of day clock moved by whole days to lie within 12
// hours of ref (both in seconds after the row's midnight; ref may lie on
// another day). This is the package's midnight rule: a later time that is
// more than 12 hours smaller than the one before it rolled over midnight;
// one that is only a little smaller is clock skew.
func near(clock, ref int32) int32 {
	d := (clock - ref) % day
	if d < 0 {
		d += day
	}
	if d > halfDay {
		d -= day
	}
	return ref + d
}

// timeline turns (date, seconds after its midnight) into instants in one
// time zone. It remembers the last date's midnight, and while the zone's
// offset holds from 12 hours before that midnight to 36 hours after it
// (every date but those of a daylight-saving change) it adds seconds
// instead of calling time.Date, which looks the zone up each time.
type timeline struct {
	loc      *time.Location
	date     civilDate
	midnight time.Time
	jump     int32 // seconds the offset changes by around date; 0 if none
}

// at returns the instant sec seconds of wall-clock time after the midnight
// that starts date.
func (t *timeline) at(date civilDate, sec int32) time.Time {
	t.setDate(date)
	if t.jump == 0 {
		return t.midnight.Add(time.Duration(sec) * time.Second)
	}
	return time.Date(date.year, date.month, date.day, 0, 0, int(sec), 0, t.loc)
}

// shift returns by how many seconds the wall clock jumps from 12 hours
// before date to 36 hours after it (the span a row's times can take): the
// size of a daylight-saving change, or 0.
func (t *timeline) shift(date civilDate) int32 {
	t.setDate(date)
	return t.jump
}

// setDate makes date the remembered one.
func (t *timeline) setDate(date civilDate) {
	if date == t.date && !t.midnight.IsZero() {
		return
	}
	t.date = date
	t.midnight = time.Date(date.year, date.month, date.day, 0, 0, 0, 0, t.loc)
	_, before := t.midnight.Add(-halfDay * time.Second).Zone()
	_, after := t.midnight.Add((day + halfDay) * time.Second).Zone()
	_, now := t.midnight.Zone()
	t.jump = int32(max(abs(before-now), abs(after-now)))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
