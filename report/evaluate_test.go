package report

import (
	"math"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/stats"
)

// intervalWith returns an interval of queue q at start with answered calls,
// within of them waiting 10 s and the rest 60 s.
func intervalWith(q string, start time.Time, answered, within int) *stats.Interval {
	iv := &stats.Interval{Queue: q, Start: start, Length: 30 * time.Minute}
	for i := range answered {
		wait := 60 * time.Second
		if i < within {
			wait = 10 * time.Second
		}
		c := sladesk.Call{Queue: q, Arrived: start, Outcome: sladesk.Answered, Wait: wait}
		iv.Add(&c)
	}
	return iv
}

func monthSLA() *sladesk.SLA {
	sla := sladesk.DefaultSLA(time.UTC)
	sla.Vendors = []sladesk.Vendor{{Name: "A", Queues: []string{"a"}}, {Name: "B", Queues: []string{"b"}}}
	sla.Objectives = sla.Objectives[:1]
	sla.Objectives[0].Period = sladesk.PeriodMonth
	return &sla
}

// TestVendorPooling is the shared case "averaging percentages ranks vendors
// wrongly": A = 750/1,050 = 71.43% (missed), B = 800/1,000 = 80% (met); the
// share of intervals met is A 1 of 2, B 2 of 2.
func TestVendorPooling(t *testing.T) {
	t0 := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	t1 := t0.Add(30 * time.Minute)
	ivs := []*stats.Interval{
		intervalWith("a", t0, 1000, 700), intervalWith("a", t1, 50, 50),
		intervalWith("b", t0, 500, 400), intervalWith("b", t1, 500, 400),
	}
	evs := Evaluate(monthSLA(), ivs, 5)

	want := map[string]struct {
		value    float64
		met      bool
		with, ok int
	}{
		"A": {750.0 / 1050, false, 2, 1},
		"B": {0.8, true, 2, 2},
	}
	for _, ev := range evs {
		if ev.Queue != AllQueues {
			continue
		}
		w := want[ev.Vendor]
		if math.Abs(ev.Value-w.value) > 1e-12 || ev.Met != w.met {
			t.Errorf("vendor %s: value %v met %v, want %v met %v", ev.Vendor, ev.Value, ev.Met, w.value, w.met)
		}
		if ev.IntervalsWithData != w.with || ev.IntervalsMet != w.ok {
			t.Errorf("vendor %s: %d of %d intervals met, want %d of %d", ev.Vendor,
				ev.IntervalsMet, ev.IntervalsWithData, w.ok, w.with)
		}
		delete(want, ev.Vendor)
	}
	if len(want) != 0 {
		t.Errorf("no evaluation for %v", want)
	}
}

// TestPeriods checks the labels and bounds of each period kind, and that a
// period with no calls has no value.
func TestPeriods(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	sla := monthSLA()
	sla.Location = london
	start := time.Unix(1729989000, 0).In(london) // the first 01:30 of the long day (+01:00)
	ivs := []*stats.Interval{intervalWith("a", start, 10, 9), {Queue: "b", Start: start}}

	tests := []struct {
		kind       sladesk.PeriodKind
		label      string
		start, end string
	}{
		{sladesk.PeriodInterval, "2024-10-27T01:30:00+01:00", "2024-10-27T01:30:00+01:00", "2024-10-27T01:00:00Z"},
		{sladesk.PeriodDay, "2024-10-27", "2024-10-27T00:00:00+01:00", "2024-10-28T00:00:00Z"},
		{sladesk.PeriodWeek, "2024-W43", "2024-10-21T00:00:00+01:00", "2024-10-28T00:00:00Z"},
		{sladesk.PeriodMonth, "2024-10", "2024-10-01T00:00:00+01:00", "2024-11-01T00:00:00Z"},
		{sladesk.PeriodContract, "contract", "2024-10-27T01:30:00+01:00", "2024-10-27T01:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			sla.Objectives[0].Period = tt.kind
			evs := Evaluate(sla, ivs, 5)
			var saw int
			for _, ev := range evs {
				if ev.Label != tt.label || ev.Start.Format(time.RFC3339) != tt.start ||
					ev.End.In(london).Format(time.RFC3339) != tt.end {
					t.Errorf("%s %s: period %s [%s, %s), want %s [%s, %s)", ev.Vendor, ev.Queue, ev.Label,
						ev.Start.Format(time.RFC3339), ev.End.In(london).Format(time.RFC3339),
						tt.label, tt.start, tt.end)
				}
				if ev.Vendor == "B" && (ev.HasValue || ev.Met) {
					t.Errorf("vendor B has no calls but value %v met %v", ev.Value, ev.Met)
				}
				saw++
			}
			if saw != 4 { // two vendors, each pooled and per queue
				t.Errorf("%d evaluations, want 4", saw)
			}
		})
	}
}

// TestOpeningHours: intervals outside opening hours and the contract do not
// count.
func TestOpeningHours(t *testing.T) {
	sla := monthSLA()
	sla.Hours.Days[time.Tuesday] = []sladesk.TimeSpan{{From: 9 * 60, To: 17 * 60}}
	for d := range sla.Hours.Days {
		if sla.Hours.Days[d] == nil {
			sla.Hours.Days[d] = []sladesk.TimeSpan{}
		}
	}
	tue9 := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	ivs := []*stats.Interval{
		intervalWith("a", tue9, 10, 10),                                // open
		intervalWith("a", tue9.Add(-30*time.Minute), 10, 0),            // 08:30, closed
		intervalWith("a", tue9.Add(24*time.Hour), 10, 0),               // Wednesday, closed
		intervalWith("a", tue9.Add(8*time.Hour), 10, 0),                // 17:00, closed
		intervalWith("a", tue9.Add(7*time.Hour+30*time.Minute), 10, 5), // 16:30, open
	}
	for _, ev := range Evaluate(sla, ivs, 5) {
		if ev.Vendor != "A" || ev.Queue != AllQueues {
			continue
		}
		if ev.Value != 0.75 || ev.IntervalsWithData != 2 {
			t.Errorf("value %v over %d intervals, want 0.75 over 2", ev.Value, ev.IntervalsWithData)
		}
	}
	sla.Contract = sladesk.Period{Start: sladesk.Date{Year: 2024, Month: 4, Day: 1}}
	for _, ev := range Evaluate(sla, ivs, 5) {
		if ev.Vendor == "A" {
			t.Errorf("an interval before the contract counted: %+v", ev)
		}
	}
}

// TestWorstIntervals: a missed period lists the intervals that missed by
// the most calls, worst first; a busy interval at 50% ranks above a quiet
// one at 0%.
func TestWorstIntervals(t *testing.T) {
	t0 := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	var ivs []*stats.Interval
	for i, n := range [][2]int{{10, 10}, {10, 2}, {10, 9}, {100, 50}, {2, 0}} {
		ivs = append(ivs, intervalWith("a", t0.Add(time.Duration(i)*30*time.Minute), n[0], n[1]))
	}
	for _, ev := range Evaluate(monthSLA(), ivs, 3) {
		if ev.Vendor != "A" || ev.Queue != AllQueues {
			continue
		}
		var got []float64
		for _, w := range ev.Worst {
			got = append(got, w.Value)
		}
		// Deficits: 100 calls at 50% = 30 calls, 10 at 20% = 6, 2 at 0% = 1.6.
		if len(got) != 3 || got[0] != 0.5 || got[1] != 0.2 || got[2] != 0 {
			t.Errorf("worst = %v, want [0.5 0.2 0]", got)
		}
	}
}

// TestEmptyPeriods: a day within the span of the calls on which a vendor
// had no call is listed with no data, never dropped, never 0% or 100%;
// a closed day is not listed.
func TestEmptyPeriods(t *testing.T) {
	sla := monthSLA()
	sla.Objectives[0].Period = sladesk.PeriodDay
	sla.Hours.Days[time.Sunday] = []sladesk.TimeSpan{}
	for d := range sla.Hours.Days {
		if d != int(time.Sunday) {
			sla.Hours.Days[d] = []sladesk.TimeSpan{{From: 0, To: 24 * 60}}
		}
	}
	sat := time.Date(2024, 3, 9, 9, 0, 0, 0, time.UTC)
	ivs := []*stats.Interval{intervalWith("a", sat, 10, 9), intervalWith("a", sat.Add(48*time.Hour), 10, 9)}
	got := map[string]string{}
	for _, ev := range Evaluate(sla, ivs, 5) {
		v := "no data"
		if ev.HasValue {
			v = "value"
		}
		got[ev.Vendor+" "+ev.Queue+" "+ev.Label] = v
	}
	want := map[string]string{
		"A  2024-03-09": "value", "A a 2024-03-09": "value",
		"A  2024-03-11": "value", "A a 2024-03-11": "value",
		"B  2024-03-09": "no data", "B b 2024-03-09": "no data",
		"B  2024-03-11": "no data", "B b 2024-03-11": "no data",
	}
	if len(got) != len(want) {
		t.Errorf("evaluations %v, want %v (Sunday 2024-03-10 closed)", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
}

// TestObjectiveOfOtherVendor: an objective on one vendor's queue gives the
// other vendor no row, not even one of no data.
func TestObjectiveOfOtherVendor(t *testing.T) {
	sla := monthSLA()
	sla.Objectives[0].Queues = []string{"b"}
	t0 := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	evs := Evaluate(sla, []*stats.Interval{intervalWith("a", t0, 10, 8), intervalWith("b", t0, 10, 9)}, 5)
	for _, ev := range evs {
		if ev.Vendor == "A" {
			t.Errorf("vendor A has a row of b's objective: %+v", ev)
		}
	}
	if len(evs) == 0 {
		t.Error("no evaluation for vendor B")
	}
}
