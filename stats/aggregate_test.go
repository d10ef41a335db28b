package stats

import (
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestDayIntervals is the shared case "days of 23 and 25 hours": in
// Europe/London 2024-10-27 has 100 quarter-hours and 2024-03-31 has 92.
func TestDayIntervals(t *testing.T) {
	london := mustZone(t, "Europe/London")
	tests := []struct {
		name   string
		day    sladesk.Date
		length time.Duration
		want   int
	}{
		{"fall back, quarter-hours", sladesk.Date{Year: 2024, Month: 10, Day: 27}, 15 * time.Minute, 100},
		{"spring forward, quarter-hours", sladesk.Date{Year: 2024, Month: 3, Day: 31}, 15 * time.Minute, 92},
		{"ordinary day, quarter-hours", sladesk.Date{Year: 2024, Month: 3, Day: 30}, 15 * time.Minute, 96},
		{"fall back, half-hours", sladesk.Date{Year: 2024, Month: 10, Day: 27}, 30 * time.Minute, 50},
		{"spring forward, hours", sladesk.Date{Year: 2024, Month: 3, Day: 31}, time.Hour, 23},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DayIntervals(tt.day, london, tt.length)
			if len(got) != tt.want {
				t.Fatalf("%d intervals, want %d", len(got), tt.want)
			}
			for i, s := range got {
				if m := s.Minute(); m%int(tt.length/time.Minute) != 0 {
					t.Errorf("interval %d starts at %s, off the local clock grid", i, s)
				}
			}
		})
	}
}

// TestRepeatedHourIsTwoIntervals: queue_log epochs 1729989000 and
// 1729992600 are both 01:30 in London on 2024-10-27 (+01:00, then +00:00)
// and belong to two different intervals.
func TestRepeatedHourIsTwoIntervals(t *testing.T) {
	london := mustZone(t, "Europe/London")
	agg, err := NewAggregator(london, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, epoch := range []int64{1729989000, 1729992600} {
		c := sladesk.Call{Queue: "q", Arrived: time.Unix(epoch, 0), Outcome: sladesk.Answered}
		agg.Add(&c)
	}
	ivs := agg.Intervals()
	if len(ivs) != 2 {
		t.Fatalf("%d intervals, want 2", len(ivs))
	}
	want := []string{"2024-10-27T01:30:00+01:00", "2024-10-27T01:30:00Z"}
	for i, iv := range ivs {
		if got := iv.Start.Format(time.RFC3339); got != want[i] {
			t.Errorf("interval %d starts %s, want %s", i, got, want[i])
		}
	}
}

// TestIntervalStartOffsets checks that intervals follow the local clock in
// zones with half- and three-quarter-hour offsets.
func TestIntervalStartOffsets(t *testing.T) {
	tests := []struct {
		zone   string
		at     string // UTC
		length time.Duration
		want   string
	}{
		{"Asia/Kolkata", "2024-05-01T04:20:00Z", time.Hour, "2024-05-01T09:00:00+05:30"},
		{"Asia/Kathmandu", "2024-05-01T04:20:00Z", 15 * time.Minute, "2024-05-01T10:00:00+05:45"},
		{"America/New_York", "2024-03-10T07:10:00Z", 30 * time.Minute, "2024-03-10T03:00:00-04:00"},
		{"UTC", "2024-03-05T09:14:59Z", 15 * time.Minute, "2024-03-05T09:00:00Z"},
		{"UTC", "2024-03-05T09:15:00Z", 15 * time.Minute, "2024-03-05T09:15:00Z"},
		{"UTC", "1969-12-31T23:59:59Z", 15 * time.Minute, "1969-12-31T23:45:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.at, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			got := IntervalStart(at, mustZone(t, tt.zone), tt.length).Format(time.RFC3339)
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestHalfHourClockChange: Lord Howe Island moves its clocks by 30
// minutes; with hourly intervals the hour of the change is cut at it, so
// intervals neither overlap nor leave gaps.
func TestHalfHourClockChange(t *testing.T) {
	lhi := mustZone(t, "Australia/Lord_Howe")
	agg, err := NewAggregator(lhi, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// 2025-04-06 02:00 +11:00 becomes 01:30 +10:30 (at 15:00 UTC on the 5th).
	change := time.Date(2025, 4, 5, 15, 0, 0, 0, time.UTC)
	for m := -150; m < 150; m += 10 {
		at := change.Add(time.Duration(m) * time.Minute)
		c := sladesk.Call{Queue: "q", Arrived: at, Outcome: sladesk.Answered}
		agg.Add(&c)
	}
	ivs := agg.Intervals()
	var total time.Duration
	for i, iv := range ivs {
		if i > 0 {
			prev := ivs[i-1]
			if end := prev.Start.Add(prev.Length); !end.Equal(iv.Start) {
				t.Errorf("interval %s ends at %s, the next starts at %s", prev.Start, end, iv.Start)
			}
		}
		total += iv.Length
		if iv.Count(sladesk.Answered) == 0 {
			t.Errorf("empty interval %s", iv.Start)
		}
	}
	if first, last := ivs[0], ivs[len(ivs)-1]; last.Start.Add(last.Length).Sub(first.Start) != total {
		t.Errorf("intervals cover %s but add up to %s", last.Start.Add(last.Length).Sub(first.Start), total)
	}
}

func TestValidLength(t *testing.T) {
	for _, d := range []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour} {
		if err := ValidLength(d); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
	for _, d := range []time.Duration{0, 5 * time.Minute, 20 * time.Minute, 2 * time.Hour} {
		if ValidLength(d) == nil {
			t.Errorf("%s accepted", d)
		}
	}
}

func TestHistogram(t *testing.T) {
	var h Histogram
	for _, s := range []int64{5, 0, 20, 5, 21, 3600, 20} {
		h.Add(s)
	}
	if h.Count() != 7 || h.AtMost(20) != 5 || h.AtMost(4) != 1 || h.Max() != 3600 {
		t.Errorf("count %d, <=20 %d, <=4 %d, max %d", h.Count(), h.AtMost(20), h.AtMost(4), h.Max())
	}
	var o Histogram
	o.AddN(20, 3)
	o.Add(7)
	h.Merge(&o)
	if h.Count() != 11 || h.AtMost(20) != 9 {
		t.Errorf("after merge: count %d, <=20 %d", h.Count(), h.AtMost(20))
	}
	for i := 1; i < len(h.Bins()); i++ {
		if h.Bins()[i-1].Seconds >= h.Bins()[i].Seconds {
			t.Fatalf("bins out of order: %v", h.Bins())
		}
	}
}

func BenchmarkAggregatorAdd(b *testing.B) {
	agg, err := NewAggregator(time.UTC, 15*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	queues := []string{"sales", "support", "billing", "tech"}
	calls := make([]sladesk.Call, 4096)
	for i := range calls {
		calls[i] = sladesk.Call{Queue: queues[i%4], Arrived: start.Add(time.Duration(i*37) * time.Second),
			Outcome: sladesk.Answered, Wait: time.Duration(i%90) * time.Second, Talk: 200 * time.Second}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		agg.Add(&calls[i%len(calls)])
	}
}
