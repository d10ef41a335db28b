package staffing

import "testing"

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
