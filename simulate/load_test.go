package simulate_test

import (
	"math"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/simulate"
)

// TestProfileSumsToDay checks that a profile offers exactly its day's volume
// over the intervals of a day, whatever their length.
func TestProfileSumsToDay(t *testing.T) {
	t.Parallel()
	p := simulate.Profile{Weekday: 1000, Saturday: 300, Sunday: 0}
	monday := time.Date(2025, time.March, 3, 0, 0, 0, 0, time.UTC)
	for _, length := range []time.Duration{5 * time.Minute, 15 * time.Minute, time.Hour} {
		for day, want := range map[int]float64{0: 1000, 5: 300, 6: 0} {
			sum := 0.0
			from := monday.AddDate(0, 0, day)
			for at := from; at.Before(from.AddDate(0, 0, 1)); at = at.Add(length) {
				sum += p.Offered(at, length)
			}
			if math.Abs(sum-want) > 1e-9 {
				t.Errorf("%s intervals on %s: %v calls, want %v", length, from.Weekday(), sum, want)
			}
		}
	}
}

func TestProfileShape(t *testing.T) {
	t.Parallel()
	p := simulate.Profile{Weekday: 1000}
	at := func(h, m int) float64 {
		return p.Offered(time.Date(2025, time.March, 3, h, m, 0, 0, time.UTC), 15*time.Minute)
	}
	if !(at(3, 0) < at(8, 0) && at(8, 0) < at(10, 15)) {
		t.Errorf("load does not rise through the morning: 03:00 %.1f, 08:00 %.1f, 10:15 %.1f",
			at(3, 0), at(8, 0), at(10, 15))
	}
	if !(at(12, 15) < at(10, 15) && at(12, 15) < at(14, 15)) {
		t.Errorf("no lunch dip: 10:15 %.1f, 12:15 %.1f, 14:15 %.1f", at(10, 15), at(12, 15), at(14, 15))
	}
}

// TestArrivalsArePoisson checks the arrival process against its intensity:
// per interval of the day, the calls counted over many days against the
// expected number (a chi-square test), and the dispersion of the counts of
// single intervals, which is 1 for a Poisson process.
func TestArrivalsArePoisson(t *testing.T) {
	t.Parallel()
	const days = 56
	p := simulate.Profile{Weekday: 800, Saturday: 800, Sunday: 800}
	cfg := steady(0, 50, time.Minute, 0, days)
	cfg.Interval = 30 * time.Minute
	cfg.Queues[0].Offered = p.Offered

	counts := make([]float64, days*48)
	epoch := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC) // Config's default
	err := simulate.Run(cfg, func(c sladesk.Call) error {
		counts[c.Arrived.Sub(epoch)/(30*time.Minute)]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	chi2, dispersion, variance := 0.0, 0.0, 0.0
	for slot := range 48 {
		start := epoch.Add(time.Duration(slot) * 30 * time.Minute)
		want := p.Offered(start, 30*time.Minute)
		sum := 0.0
		for d := range days {
			n := counts[d*48+slot]
			sum += n
			dispersion += (n - want) * (n - want) / want
			variance += 2 + 1/want // of one term, for a Poisson count
		}
		chi2 += (sum - want*days) * (sum - want*days) / (want * days)
	}
	// chi2 has 48 degrees of freedom: mean 48, sd sqrt(96) ~ 9.8.
	if chi2 > 48+4*math.Sqrt(96) {
		t.Errorf("counts per interval of the day: chi-square %.1f on 48 degrees of freedom", chi2)
	}
	n := float64(days * 48)
	t.Logf("chi-square %.1f on 48 degrees of freedom; dispersion index %.3f", chi2, dispersion/n)
	if d := dispersion / n; math.Abs(d-1) > 4*math.Sqrt(variance)/n {
		t.Errorf("dispersion index %.3f, want 1 for Poisson arrivals", d)
	}
}

func TestExpectedOffered(t *testing.T) {
	t.Parallel()
	for _, calls := range []int{1000, 150_000, 10_000_000} {
		got, err := simulate.ExpectedOffered(simulate.Bulk(calls))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-float64(calls)) > 1e-6*float64(calls) {
			t.Errorf("Bulk(%d) offers %.1f calls", calls, got)
		}
	}
}

// TestDaylightSaving checks the days of 25 and 23 hours of Europe/London
// (../shared/cases/dst-days): 100 and 92 intervals of 15 minutes, each
// handed to the load function with its own local start.
func TestDaylightSaving(t *testing.T) {
	t.Parallel()
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	tests := []struct {
		day       time.Time
		intervals int
	}{
		{time.Date(2024, time.October, 27, 0, 0, 0, 0, time.UTC), 100},
		{time.Date(2024, time.March, 31, 0, 0, 0, 0, time.UTC), 92},
		{time.Date(2024, time.March, 30, 0, 0, 0, 0, time.UTC), 96},
	}
	for _, tt := range tests {
		starts := map[time.Time]bool{}
		cfg := steady(0, 1, time.Minute, 0, 1)
		cfg.Location, cfg.Start, cfg.Interval = london, tt.day, 15*time.Minute
		cfg.Queues[0].Offered = func(start time.Time, length time.Duration) float64 {
			if start.Location() != london {
				t.Errorf("interval start %s not in Europe/London", start)
			}
			starts[start] = true
			return 4 * length.Hours()
		}
		got, err := simulate.ExpectedOffered(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(starts) != tt.intervals || math.Abs(got-float64(tt.intervals)) > 1e-9 {
			t.Errorf("%s: %d intervals offering %v calls, want %d",
				tt.day.Format(time.DateOnly), len(starts), got, tt.intervals)
		}
	}
}

func TestStaffing(t *testing.T) {
	t.Parallel()
	monday := time.Date(2025, time.March, 3, 0, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return monday.Add(time.Duration(h) * time.Hour) }
	// 100 calls in half an hour of 180 s each: 10 Erlangs.
	load := simulate.ConstantOffered(200)
	half := 30 * time.Minute
	tests := []struct {
		name  string
		s     simulate.Staffing
		start time.Time
		want  int
	}{
		{"no margin", simulate.Staffing{Offered: load, AHT: 3 * time.Minute}, at(10), 10},
		{"one sd", simulate.Staffing{Offered: load, AHT: 3 * time.Minute, Safety: 1}, at(10), 14},
		{"minimum", simulate.Staffing{Offered: load, AHT: 3 * time.Minute, Min: 20}, at(10), 20},
		{"no load", simulate.Staffing{Offered: simulate.ConstantOffered(0), AHT: time.Minute, Min: 2},
			at(10), 2},
		{"before opening", simulate.Staffing{Offered: load, AHT: 3 * time.Minute, Min: 1,
			Opens: 8 * time.Hour, Closes: 20 * time.Hour}, at(7), 0},
		{"open", simulate.Staffing{Offered: load, AHT: 3 * time.Minute, Min: 1,
			Opens: 8 * time.Hour, Closes: 20 * time.Hour}, at(8), 10},
		{"at closing", simulate.Staffing{Offered: load, AHT: 3 * time.Minute, Min: 1,
			Opens: 8 * time.Hour, Closes: 20 * time.Hour}, at(20), 0},
		{"closed day", simulate.Staffing{Offered: load, AHT: 3 * time.Minute, Min: 1,
			Closed: []time.Weekday{time.Monday}}, at(10), 0},
	}
	for _, tt := range tests {
		if got := tt.s.Agents(tt.start, half); got != tt.want {
			t.Errorf("%s: %d agents, want %d", tt.name, got, tt.want)
		}
	}
}

// TestStaffingBlocks checks that block staffing is constant over a block
// and sized for the block's mean load, so a peak within it is understaffed.
func TestStaffingBlocks(t *testing.T) {
	t.Parallel()
	p := simulate.Profile{Weekday: 2000}
	perInterval := simulate.Staffing{Offered: p.Offered, AHT: 5 * time.Minute}
	blocks := perInterval
	blocks.Block = 4 * time.Hour
	monday := time.Date(2025, time.March, 3, 8, 0, 0, 0, time.UTC)
	const length = 15 * time.Minute

	first := blocks.Agents(monday, length)
	peak := 0
	for at := monday; at.Hour() < 12; at = at.Add(length) {
		if n := blocks.Agents(at, length); n != first {
			t.Fatalf("%s: %d agents, %d at the block's start", at.Format(time.TimeOnly), n, first)
		}
		peak = max(peak, perInterval.Agents(at, length))
	}
	if first >= peak {
		t.Errorf("block of %d agents covers the peak of %d", first, peak)
	}
}
