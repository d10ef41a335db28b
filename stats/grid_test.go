package stats

import (
	"github.com/sladesk/sladesk"
	"testing"
	"time"
)

func TestGridCut(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	type piece struct {
		start   string
		length  time.Duration
		overlap time.Duration
	}
	tests := []struct {
		name     string
		loc      *time.Location
		length   time.Duration
		from, to string
		want     []piece
	}{
		{"within one interval", time.UTC, 15 * time.Minute, "2025-03-03T09:01:00Z", "2025-03-03T09:05:30Z",
			[]piece{{"2025-03-03T09:00:00Z", 15 * time.Minute, 270 * time.Second}}},
		{"across three", time.UTC, 30 * time.Minute, "2025-03-03T09:20:00Z", "2025-03-03T10:10:00Z",
			[]piece{{"2025-03-03T09:00:00Z", 30 * time.Minute, 10 * time.Minute},
				{"2025-03-03T09:30:00Z", 30 * time.Minute, 30 * time.Minute},
				{"2025-03-03T10:00:00Z", 30 * time.Minute, 10 * time.Minute}}},
		{"ends on a boundary", time.UTC, 60 * time.Minute, "2025-03-03T09:30:00Z", "2025-03-03T10:00:00Z",
			[]piece{{"2025-03-03T09:00:00Z", time.Hour, 30 * time.Minute}}},
		{"empty", time.UTC, 15 * time.Minute, "2025-03-03T09:30:00Z", "2025-03-03T09:30:00Z", nil},
		// 01:00 BST on 26 October 2025 is followed by 01:00 GMT: the two
		// local hours 01:00 are two intervals.
		{"fall back", london, 60 * time.Minute, "2025-10-26T00:30:00Z", "2025-10-26T01:30:00Z",
			[]piece{{"2025-10-26T01:00:00+01:00", time.Hour, 30 * time.Minute},
				{"2025-10-26T01:00:00Z", time.Hour, 30 * time.Minute}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := NewGrid(tt.loc, tt.length)
			if err != nil {
				t.Fatal(err)
			}
			from, _ := time.Parse(time.RFC3339, tt.from)
			to, _ := time.Parse(time.RFC3339, tt.to)
			var got []piece
			g.Cut(from, to, func(start time.Time, length, overlap time.Duration) {
				got = append(got, piece{start.Format(time.RFC3339), length, overlap})
			})
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				w := tt.want[i]
				ws, _ := time.Parse(time.RFC3339, w.start)
				gs, _ := time.Parse(time.RFC3339, got[i].start)
				if !gs.Equal(ws) || got[i].length != w.length || got[i].overlap != w.overlap {
					t.Errorf("piece %d = %v, want %v", i, got[i], w)
				}
			}
		})
	}
}

// TestAddInterval: 15-minute UTC buckets merged into the half hours of
// Kathmandu (+05:45) give the half hours the calls themselves would.
func TestAddInterval(t *testing.T) {
	kathmandu, err := time.LoadLocation("Asia/Kathmandu")
	if err != nil {
		t.Fatal(err)
	}
	byCall, _ := NewAggregator(kathmandu, 30*time.Minute)
	buckets, _ := NewAggregator(time.UTC, 15*time.Minute)
	start := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	for i := range 200 {
		c := &sladesk.Call{Queue: "q", Arrived: start.Add(time.Duration(i*7) * time.Minute),
			Outcome: sladesk.Answered, Wait: time.Duration(i%40) * time.Second, Talk: time.Minute}
		byCall.Add(c)
		buckets.Add(c)
	}
	merged, _ := NewAggregator(kathmandu, 30*time.Minute)
	for _, iv := range buckets.Intervals() {
		merged.AddInterval(iv)
	}
	want, got := byCall.Intervals(), merged.Intervals()
	if len(got) != len(want) {
		t.Fatalf("%d intervals, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if !g.Start.Equal(w.Start) || g.Length != w.Length || g.Offered() != w.Offered() ||
			g.WaitSum != w.WaitSum || g.Talk != w.Talk {
			t.Fatalf("interval %d: %s %v offered %d, want %s %v offered %d", i, g.Start, g.Length, g.Offered(),
				w.Start, w.Length, w.Offered())
		}
	}
}
