package staffing

import (
	"math"
	"testing"
)

// BenchmarkRequired measures Required for 80/20 at 250 Erlangs (the shared
// case staffing-large) and at 100,000 Erlangs, with and without patience.
func BenchmarkRequired(b *testing.B) {
	sl := Targets{ServiceLevel: 0.8, Threshold: 20}
	benchmarks := []struct {
		name string
		d    Demand
	}{
		{"250 Erlangs", Demand{Calls: 3000, Interval: 1800, AHT: 150}},
		{"100000 Erlangs", Demand{Calls: 1.2e6, Interval: 1800, AHT: 150}},
		{"250 Erlangs patience 60 s", Demand{Calls: 3000, Interval: 1800, AHT: 150, Patience: 60}},
		{"100000 Erlangs patience 60 s", Demand{Calls: 1.2e6, Interval: 1800, AHT: 150, Patience: 60}},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Required(bm.d, sl); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// dayOfQueues returns the demand of queues queues over a day of 96
// quarter-hours: each queue has its own size (a peak of 20 to 220 calls a
// quarter-hour) and AHT (150 to 400 s), and the day the usual two humps,
// mid-morning and mid-afternoon, over a night floor of 2% of the peak. The
// load averages 11 Erlangs a queue-interval and peaks at 98.
func dayOfQueues(queues int) []Demand {
	demands := make([]Demand, 0, queues*96)
	for q := range queues {
		peak := 20 + float64(q%11)*20
		aht := 150 + float64(q%6)*50
		for i := range 96 {
			h := float64(i) / 4 // hour of the day
			shape := 0.02 + math.Exp(-sq(h-10.5)/4) + 0.8*math.Exp(-sq(h-15)/5)
			calls := math.Max(1, math.Round(peak*math.Min(shape, 1)))
			demands = append(demands, Demand{Calls: calls, Interval: 900, AHT: aht})
		}
	}
	return demands
}

func sq(x float64) float64 { return x * x }

// BenchmarkRequiredDay solves the agents of 1,000 queues x 96 quarter-hours
// (96,000 Erlang C solves, 80/20) on one goroutine; ns/op is the whole day.
func BenchmarkRequiredDay(b *testing.B) {
	demands := dayOfQueues(1000)
	sl := Targets{ServiceLevel: 0.8, Threshold: 20}
	for b.Loop() {
		for _, d := range demands {
			if _, err := Required(d, sl); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(demands)), "ns/solve")
}
