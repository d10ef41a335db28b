package csvcalls

import (
	"bytes"
	"fmt"
	"math"
	"time"
)

// stamp is a timestamp as written: the wall clock, and the offset when the
// text gave one.
type stamp struct {
	wall      int64 // seconds since 1970-01-01 00:00:00 of the wall clock, read as if UTC
	nsec      int32
	offset    int32 // seconds east of UTC; meaningful when hasOffset
	hasOffset bool
}

// parseStamp reads "YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}][Z|±HH:MM]" without
// allocating. It returns ok == false for anything else, including fields out
// of range, so that the caller can leave the decision to time.Parse; what it
// accepts, time.Parse accepts with the same meaning (FuzzParseStamp checks).
// dates remembers the last date read: rows of one file share few dates.
func parseStamp(b []byte, dates *dateCache) (s stamp, ok bool) {
	if len(b) < 19 || b[10] != 'T' && b[10] != ' ' || b[13] != ':' || b[16] != ':' {
		return s, false
	}
	days, ok := dates.days(b[:10])
	hour, ok1 := digits(b[11:13])
	minute, ok2 := digits(b[14:16])
	sec, ok3 := digits(b[17:19])
	if !(ok && ok1 && ok2 && ok3) || hour > 23 || minute > 59 || sec > 59 {
		return s, false
	}
	s.wall = days*86400 + int64(hour*3600+minute*60+sec)

	rest := b[19:]
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		frac, okf := fraction(rest[1:n])
		if !okf {
			return s, false
		}
		s.nsec, rest = frac, rest[n:]
	}
	return s, parseOffset(rest, &s)
}

// dateCache remembers the last date parseStamp read.
type dateCache struct {
	text  [10]byte
	count int64 // days since the epoch
	valid bool
}

// days reads "YYYY-MM-DD" as days since 1970-01-01.
func (d *dateCache) days(b []byte) (int64, bool) {
	if d.valid && string(b) == string(d.text[:]) {
		return d.count, true
	}
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	if !(ok1 && ok2 && ok3) || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return 0, false
	}
	copy(d.text[:], b)
	d.count, d.valid = daysSinceEpoch(year, month, day), true
	return d.count, true
}

// parseOffset reads "", "Z" or "±HH:MM" into s.
func parseOffset(b []byte, s *stamp) bool {
	switch {
	case len(b) == 0:
		return true
	case len(b) == 1 && b[0] == 'Z':
		s.hasOffset = true
		return true
	case len(b) != 6 || (b[0] != '+' && b[0] != '-') || b[3] != ':':
		return false
	}
	hh, ok1 := digits(b[1:3])
	mm, ok2 := digits(b[4:6])
	if !ok1 || !ok2 || hh > 23 || mm > 59 {
		return false
	}
	off := int32(hh*3600 + mm*60)
	if b[0] == '-' {
		off = -off
	}
	s.offset, s.hasOffset = off, true
	return true
}

// digits reads a short run of decimal digits.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// fraction reads the digits after a decimal point as nanoseconds; 1 to 9
// digits, because the fast path leaves longer fractions to time.Parse.
func fraction(b []byte) (int32, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n, ok := digits(b)
	for i := len(b); i < 9; i++ {
		n *= 10
	}
	return int32(n), ok
}

// daysSinceEpoch returns the days from 1970-01-01 to the given date of the
// proleptic Gregorian calendar (the one Go uses), for years 0 to 9999. It
// counts years from March so that the leap day ends each year, and shifts
// them by one 400-year cycle (146097 days) to keep year -1 (January and
// February of year 0) from going negative.
func daysSinceEpoch(year, month, day int) int64 {
	y, m := year+400, month-3
	if month <= 2 {
		y, m = y-1, month+9
	}
	cycle, yoc := y/400, y%400
	doy := (153*m+2)/5 + day - 1 // day of the March-based year
	doc := yoc*365 + yoc/4 - yoc/100 + doy
	// 719468 days from 0000-03-01 to 1970-01-01.
	return int64(cycle-1)*146097 + int64(doc) - 719468
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// stampOf turns a time read by time.Parse into a stamp keeping its offset.
func stampOf(t time.Time, hasOffset bool) stamp {
	_, off := t.Zone()
	return stamp{
		wall:      t.Unix() + int64(off),
		nsec:      int32(t.Nanosecond()),
		offset:    int32(off),
		hasOffset: hasOffset,
	}
}

// parseEpoch reads seconds since the Unix epoch with optional decimals,
// up to the end of year 9999 like the other layouts.
func parseEpoch(b []byte) (sec int64, nsec int32, ok bool) {
	intPart := b
	if i := bytes.IndexByte(b, '.'); i >= 0 {
		intPart = b[:i]
		if nsec, ok = fraction(b[i+1:]); !ok {
			return 0, 0, false
		}
	}
	if len(intPart) == 0 || len(intPart) > 12 {
		return 0, 0, false
	}
	for _, c := range intPart {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		sec = sec*10 + int64(c-'0')
	}
	return sec, nsec, sec <= maxUnix
}

// maxUnix is 9999-12-31T23:59:59Z, the last second RFC 3339 can write.
const maxUnix = 253402300799

// parseSeconds reads a non-negative duration in seconds with optional
// decimals ("18", "0.25"); digits past nanoseconds are dropped.
func parseSeconds(b []byte) (time.Duration, bool) {
	intPart, frac := b, []byte(nil)
	if i := bytes.IndexByte(b, '.'); i >= 0 {
		intPart, frac = b[:i], b[i+1:]
		if len(frac) == 0 {
			return 0, false
		}
	}
	if len(intPart) == 0 || len(intPart) > 10 {
		return 0, false
	}
	var sec int64
	for _, c := range intPart {
		if c < '0' || c > '9' {
			return 0, false
		}
		sec = sec*10 + int64(c-'0')
	}
	if len(frac) > 9 {
		if _, ok := digits(frac[9:]); !ok {
			return 0, false
		}
		frac = frac[:9]
	}
	var ns int32
	if len(frac) > 0 {
		var ok bool
		if ns, ok = fraction(frac); !ok {
			return 0, false
		}
	}
	if sec > (math.MaxInt64-int64(time.Second))/int64(time.Second) {
		return 0, false
	}
	return time.Duration(sec)*time.Second + time.Duration(ns), true
}

// localZone turns wall-clock times into instants in one time zone, refusing
// to guess where the clocks change.
type localZone struct {
	loc    *time.Location
	policy AmbiguousTime

	// A stretch of instants [from, to) with one offset and at least two
	// days from either change of offset: a wall clock that maps into it
	// maps nowhere else, because offsets differ by at most 26 hours. Most
	// timestamps hit it and skip the two-candidate search below.
	from, to int64
	offset   int64
	cached   bool
}

// resolve returns the instant of the wall clock s in z. A wall clock that
// the zone skips is an error; one it repeats is an error unless the policy
// picks one of the two.
func (z *localZone) resolve(s stamp) (time.Time, error) {
	if z.cached {
		if u := s.wall - z.offset; u >= z.from && u < z.to {
			return time.Unix(u, int64(s.nsec)).In(z.loc), nil
		}
	}

	// Offsets in force a day either side of the wall clock: any change
	// that matters lies between them, and they are the only candidates.
	first, second := z.offsetAt(s.wall-86400), z.offsetAt(s.wall+86400)
	var found []int64
	for _, off := range []int64{first, second} {
		u := s.wall - off
		if z.offsetAt(u) == off && (len(found) == 0 || found[0] != u) {
			found = append(found, u)
		}
	}

	switch {
	case len(found) == 0:
		return time.Time{}, fmt.Errorf("local time %s does not exist in %s (the clocks went forward)",
			wallString(s), z.loc)
	// BUG: each timestamp of a record is resolved on its own, so a call
	// that spans the change (arrived 01:59:55, answered 01:00:05 the
	// second time) can gain or lose the hour; resolving the later times
	// of a record as the nearest instant after its arrival would fix it.
	case len(found) == 2 && z.policy == AmbiguousEarlier:
		return time.Unix(min(found[0], found[1]), int64(s.nsec)).In(z.loc), nil
	case len(found) == 2 && z.policy == AmbiguousLater:
		return time.Unix(max(found[0], found[1]), int64(s.nsec)).In(z.loc), nil
	case len(found) == 2:
		return time.Time{}, fmt.Errorf("local time %s occurs twice in %s (the clocks went back); "+
			"set ambiguous_time (--csv-ambiguous) to earlier or later to choose", wallString(s), z.loc)
	}
	t := time.Unix(found[0], int64(s.nsec)).In(z.loc)
	z.remember(t)
	return t, nil
}

// remember caches the stretch of t's offset, less two days at either end.
func (z *localZone) remember(t time.Time) {
	const margin = 2 * 86400
	start, end := t.ZoneBounds()
	z.from, z.to = int64(math.MinInt64), int64(math.MaxInt64)
	if !start.IsZero() {
		z.from = start.Unix() + margin
	}
	if !end.IsZero() {
		z.to = end.Unix() - margin
	}
	_, off := t.Zone()
	z.offset, z.cached = int64(off), true
}

func (z *localZone) offsetAt(unix int64) int64 {
	_, off := time.Unix(unix, 0).In(z.loc).Zone()
	return int64(off)
}

func wallString(s stamp) string {
	return time.Unix(s.wall, int64(s.nsec)).UTC().Format("2006-01-02 15:04:05.999999999")
}
