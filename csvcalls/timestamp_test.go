package csvcalls

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestParseStamp(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want string // RFC 3339 of the instant, or the wall clock when naive
		off  int32
	}{
		{"2024-05-02T10:00:18Z", true, "2024-05-02T10:00:18Z", 0},
		{"2024-05-02T10:00:18+01:00", true, "2024-05-02T09:00:18Z", 3600},
		{"2024-05-02 10:00:18-05:30", true, "2024-05-02T15:30:18Z", -19800},
		{"2024-05-02T10:00:18.5Z", true, "2024-05-02T10:00:18.5Z", 0},
		{"2024-05-02T10:00:18.123456789Z", true, "2024-05-02T10:00:18.123456789Z", 0},
		{"2024-02-29T00:00:00", true, "2024-02-29T00:00:00Z", 0},
		{"0000-01-01T00:00:00Z", true, "0000-01-01T00:00:00Z", 0},
		{"9999-12-31T23:59:59Z", true, "9999-12-31T23:59:59Z", 0},
		{"2023-02-29T00:00:00Z", false, "", 0},
		{"2024-04-31T00:00:00Z", false, "", 0},
		{"2024-05-02T24:00:00Z", false, "", 0},
		{"2024-05-02T10:60:00Z", false, "", 0},
		{"2024-05-02T10:00:60Z", false, "", 0},
		{"2024-05-02T10:00:18.Z", false, "", 0},
		{"2024-05-02T10:00:18.1234567891Z", false, "", 0}, // left to time.Parse
		{"2024-05-02T10:00:18+0100", false, "", 0},
		{"2024-05-02T10:00:18+24:00", false, "", 0},
		{"2024-05-02T10:00:18z", false, "", 0},
		{"2024-05-02t10:00:18Z", false, "", 0},
		{"2024-5-02T10:00:18Z", false, "", 0},
		{"+024-05-02T10:00:18Z", false, "", 0},
		{"2024-05-02", false, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var dates dateCache
			s, ok := parseStamp([]byte(tt.in), &dates)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			got := time.Unix(s.wall-int64(s.offset), int64(s.nsec)).UTC().Format(time.RFC3339Nano)
			if got != tt.want || s.offset != tt.off {
				t.Errorf("got %s offset %d, want %s offset %d", got, s.offset, tt.want, tt.off)
			}
		})
	}
}

// TestDaysSinceEpoch checks every date Go and RFC 3339 can write against
// time.Date.
func TestDaysSinceEpoch(t *testing.T) {
	for d := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= 9999; d = d.AddDate(0, 0, 1) {
		want := d.Unix() / 86400
		if got := daysSinceEpoch(d.Year(), int(d.Month()), d.Day()); got != want {
			t.Fatalf("%s: %d days, want %d", d.Format(time.DateOnly), got, want)
		}
	}
}

// FuzzParseStamp checks the hand-written parser against time.Parse: what
// the fast path accepts, time.Parse must accept with the same instant and
// offset (or, for a naive time, the same wall clock).
func FuzzParseStamp(f *testing.F) {
	for _, s := range []string{
		"2024-05-02T10:00:18Z", "2024-05-02T10:00:18.25+01:00", "2024-10-27 01:30:00",
		"2024-02-29T23:59:59.999999999-12:59", "0000-03-01T00:00:00Z", "2024-05-02T10:00:18.1234567891Z",
	} {
		f.Add(s)
	}
	var dates dateCache // shared, so that the cache is tested too
	f.Fuzz(func(t *testing.T, in string) {
		s, ok := parseStamp([]byte(in), &dates)
		if !ok {
			return
		}
		layout := "2006-01-02T15:04:05"
		if in[10] == ' ' {
			layout = "2006-01-02 15:04:05"
		}
		if s.hasOffset {
			layout += "Z07:00"
		}
		ref, err := time.Parse(layout, in)
		if err != nil {
			t.Fatalf("fast path accepts %q, time.Parse does not: %v", in, err)
		}
		_, refOff := ref.Zone()
		got := time.Unix(s.wall-int64(s.offset), int64(s.nsec))
		if !got.Equal(ref) || int(s.offset) != refOff {
			t.Fatalf("%q: fast %s offset %d, time.Parse %s offset %d", in, got.UTC(), s.offset, ref.UTC(), refOff)
		}
	})
}

// TestParseStampRoundTrip formats random instants with time.Format and
// reads them back with the fast path, which must take them all.
func TestParseStampRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var dates dateCache
	for range 100_000 {
		sec := rng.Int64N(253402300800+62135596800) - 62135596800 // years 1 to 9999
		ts := time.Unix(sec, rng.Int64N(1e9)).In(time.FixedZone("", (rng.IntN(48)-24)*1800))
		text := ts.Format(time.RFC3339Nano)
		s, ok := parseStamp([]byte(text), &dates)
		got := time.Unix(s.wall-int64(s.offset), int64(s.nsec))
		if _, off := ts.Zone(); !ok || !got.Equal(ts) || int(s.offset) != off {
			t.Fatalf("%s: ok %v, got %s offset %d", text, ok, got, s.offset)
		}
	}
}

func TestParseSeconds(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"18", 18 * time.Second, true},
		{"0.25", 250 * time.Millisecond, true},
		{"1.000000001", time.Second + 1, true},
		{"1.0000000019", time.Second + 1, true}, // past nanoseconds: dropped
		{"9223372035", 9223372035 * time.Second, true},
		{"9223372036", 0, false}, // would overflow time.Duration
		{"-1", 0, false},
		{"1.", 0, false},
		{".5", 0, false},
		{"1e3", 0, false},
		{"1.5x", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseSeconds([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseSeconds(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseEpoch(t *testing.T) {
	tests := []struct {
		in   string
		sec  int64
		nsec int32
		ok   bool
	}{
		{"1729989000", 1729989000, 0, true},
		{"1729989000.5", 1729989000, 5e8, true},
		{"253402300799", 253402300799, 0, true},
		{"253402300800", 0, 0, false},
		{"-1", 0, 0, false},
		{"1.", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		sec, nsec, ok := parseEpoch([]byte(tt.in))
		if ok != tt.ok || ok && (sec != tt.sec || nsec != tt.nsec) {
			t.Errorf("parseEpoch(%q) = %d, %d, %v; want %d, %d, %v", tt.in, sec, nsec, ok, tt.sec, tt.nsec, tt.ok)
		}
	}
}

// TestLocalZone walks the wall clock every 5 minutes through days when
// clocks change, in zones with one-hour, half-hour and whole-day changes,
// and checks resolve against time.Date: a wall clock time.Date cannot
// reproduce does not exist; one that time.Date reproduces at another
// instant too (an offset difference away) is ambiguous.
func TestLocalZone(t *testing.T) {
	days := []struct{ zone, day string }{
		{"Europe/London", "2024-10-27"}, {"Europe/London", "2024-03-31"},
		{"America/New_York", "2024-11-03"}, {"America/New_York", "2024-03-10"},
		{"Australia/Lord_Howe", "2024-04-07"}, {"Australia/Lord_Howe", "2024-10-06"},
		{"Pacific/Apia", "2011-12-30"}, {"Pacific/Apia", "2011-12-29"}, {"UTC", "2024-10-27"},
	}
	for _, d := range days {
		t.Run(d.zone+"/"+d.day, func(t *testing.T) {
			loc, err := time.LoadLocation(d.zone)
			if err != nil {
				t.Skipf("no zone data: %v", err)
			}
			zones := map[AmbiguousTime]*localZone{}
			for _, p := range []AmbiguousTime{AmbiguousReject, AmbiguousEarlier, AmbiguousLater} {
				zones[p] = &localZone{loc: loc, policy: p}
			}
			day, _ := time.Parse(time.DateOnly, d.day)
			for m := 0; m < 24*60; m += 5 {
				wall := day.Add(time.Duration(m) * time.Minute)
				checkWall(t, zones, wall, loc)
			}
		})
	}
}

func checkWall(t *testing.T, zones map[AmbiguousTime]*localZone, wall time.Time, loc *time.Location) {
	t.Helper()
	s := stamp{wall: wall.Unix()}
	y, mo, d := wall.Date()
	h, mi, se := wall.Clock()
	ref := time.Date(y, mo, d, h, mi, se, 0, loc)
	sameWall := func(u time.Time) bool { return u.Format(time.DateTime) == wall.Format(time.DateTime) }
	var instants []time.Time
	for _, shift := range []time.Duration{-time.Hour, -30 * time.Minute, 0, 30 * time.Minute, time.Hour} {
		if u := ref.Add(shift); sameWall(u) {
			instants = append(instants, u)
		}
	}

	got, err := zones[AmbiguousReject].resolve(s)
	switch len(instants) {
	case 0:
		if err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("%s: got %s, %v; want does not exist", wall.Format(time.DateTime), got, err)
		}
	case 1:
		if err != nil || !got.Equal(instants[0]) {
			t.Errorf("%s: got %s, %v; want %s", wall.Format(time.DateTime), got, err, instants[0])
		}
	case 2:
		if err == nil || !strings.Contains(err.Error(), "occurs twice") {
			t.Errorf("%s: got %s, %v; want occurs twice", wall.Format(time.DateTime), got, err)
		}
		early, _ := zones[AmbiguousEarlier].resolve(s)
		late, _ := zones[AmbiguousLater].resolve(s)
		if !early.Equal(instants[0]) || !late.Equal(instants[1]) {
			t.Errorf("%s: earlier %s later %s; want %s and %s", wall.Format(time.DateTime), early, late, instants[0], instants[1])
		}
	}
}

// TestLocalZoneCache resolves random wall clocks of a year in one zone, so
// that the cached stretch is used and left many times, against time.Date
// wherever the wall clock is unique.
func TestLocalZoneCache(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	z := &localZone{loc: loc}
	rng := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	rejected := 0
	for range 200_000 {
		wall := time.Unix(start+rng.Int64N(3*365*86400), 0).UTC()
		got, err := z.resolve(stamp{wall: wall.Unix()})
		if err != nil {
			rejected++ // the two changes a year; TestLocalZone checks them
			continue
		}
		y, mo, d := wall.Date()
		h, mi, s := wall.Clock()
		if want := time.Date(y, mo, d, h, mi, s, 0, loc); !got.Equal(want) {
			t.Fatalf("%s: got %s, want %s", wall, got, want)
		}
	}
	// Two hours a year are skipped or repeated: about 2/8760 of 200000
	// random wall clocks, 46 on average.
	if rejected > 150 {
		t.Errorf("%d wall clocks rejected, want about 46", rejected)
	}
}
