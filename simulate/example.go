package simulate

import (
	"math"
	"strconv"
	"time"
)

// ExampleCenter returns the project's example: one week, Monday 3 to
// Sunday 9 March 2025 in UTC with 15-minute intervals, of a client served
// by two vendors with two queues each, about 23,000 calls in all.
//
//   - Northwind answers sales and support around the clock, with agents
//     named after their Asterisk endpoints (PJSIP/201..., PJSIP/301...),
//     staffed interval by interval for its load with a safety margin: it
//     meets 80% of calls answered within 20 s in most intervals.
//   - Bluebird answers billing and tech from 08:00 to 20:00, Monday to
//     Saturday, with agents named by first name, in rigid 4-hour shifts
//     sized for each shift's mean load with little margin: it misses the
//     target in its morning and afternoon peaks. The few callers who ring
//     while it is closed leave at once (sladesk.ExitEmpty).
//
// Set Location, Start or Seed on the result to move the same week to
// another zone, date or draw; the load follows the local clock.
func ExampleCenter() Config {
	return Config{
		Seed:     20250303,
		Start:    time.Date(2025, time.March, 3, 0, 0, 0, 0, time.UTC),
		Days:     7,
		Interval: 15 * time.Minute,
		Source:   "example",
		Queues: []QueueConfig{
			northwind("sales", Profile{Weekday: 1500, Saturday: 700, Sunday: 350},
				Dist{Mean: 210 * time.Second, Kind: Lognormal, CV: 0.9}, 200),
			northwind("support", Profile{Weekday: 1100, Saturday: 500, Sunday: 250},
				Dist{Mean: 330 * time.Second, Kind: Lognormal, CV: 1.0}, 300),
			bluebird("billing", Profile{Weekday: 900, Saturday: 350, Sunday: 30, Shape: officeShape},
				Dist{Mean: 240 * time.Second, Kind: Lognormal, CV: 0.8}, 0),
			bluebird("tech", Profile{Weekday: 700, Saturday: 250, Sunday: 20, Shape: officeShape},
				Dist{Mean: 420 * time.Second, Kind: Lognormal, CV: 1.1}, 1),
		},
	}
}

// northwind returns a Northwind queue: open around the clock and staffed
// per interval; its agents are PJSIP/<ext+1>, PJSIP/<ext+2>, ...
func northwind(name string, p Profile, talk Dist, ext int) QueueConfig {
	q := QueueConfig{
		Name:           name,
		Vendor:         "Northwind",
		Offered:        p.Offered,
		AgentName:      func(i int) string { return "PJSIP/" + strconv.Itoa(ext+1+i) },
		Talk:           talk,
		Wrap:           Dist{Mean: 30 * time.Second, Kind: Lognormal, CV: 0.5},
		Patience:       Dist{Mean: 180 * time.Second},
		Timeout:        10 * time.Minute,
		ExitKeyShare:   0.1,
		TransferShare:  0.06,
		AgentEndShare:  0.3,
		Customers:      40000,
		CustomerPrefix: "NW",
	}
	q.Agents = Staffing{Offered: p.Offered, AHT: q.AHT(), Safety: 1.0, Min: 1}.Agents
	return q
}

// bluebird returns a Bluebird queue: open 08:00-20:00 except Sunday and
// staffed in 4-hour shifts; its agents take every other name of
// firstNames, from the first or the second.
func bluebird(name string, p Profile, talk Dist, names int) QueueConfig {
	q := QueueConfig{
		Name:           name,
		Vendor:         "Bluebird",
		Offered:        p.Offered,
		AgentName:      func(i int) string { return firstName(2*i + names) },
		Talk:           talk,
		Wrap:           Dist{Mean: 45 * time.Second, Kind: Lognormal, CV: 0.5},
		Patience:       Dist{Mean: 150 * time.Second},
		Timeout:        5 * time.Minute,
		ExitKeyShare:   0.05,
		TransferShare:  0.1,
		AgentEndShare:  0.2,
		Customers:      30000,
		CustomerPrefix: "BB",
	}
	q.Agents = Staffing{Offered: p.Offered, AHT: q.AHT(), Safety: 0.3, Min: 1,
		Block: 4 * time.Hour, Opens: 8 * time.Hour, Closes: 20 * time.Hour,
		Closed: []time.Weekday{time.Sunday}}.Agents
	return q
}

// officeShape is the default shape for a line that is known to be open in
// office hours only: few callers try before 07:00 or after 21:00.
var officeShape = [24]float64{
	0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.12, // 00:00-07:59
	0.75, 1.00, 1.10, 1.00, 0.72, 0.80, 0.98, 0.95, // 08:00-15:59
	0.82, 0.62, 0.45, 0.35, 0.10, 0.04, 0.02, 0.01, // 16:00-23:59
}

var firstNames = []string{
	"Ana", "Ben", "Chloe", "Dev", "Elif", "Farid", "Grace", "Hugo",
	"Ines", "Jonas", "Kemi", "Liam", "Maya", "Nico", "Olga", "Pedro",
	"Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena",
	"Yusuf", "Zoe", "Amir", "Bea", "Carlos", "Dana", "Emil", "Fatima",
	"Goran", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Mateo", "Nora",
	"Omar", "Priya", "Rafael", "Sofia", "Theo", "Uma", "Viktor", "Yara",
}

// firstName returns the i-th name of firstNames, numbered from the second
// round on ("Ana 2") so that every i has its own name.
func firstName(i int) string {
	name := firstNames[i%len(firstNames)]
	if round := i / len(firstNames); round > 0 {
		name += " " + strconv.Itoa(round+1)
	}
	return name
}

// bulkDays is the length of a Bulk run: four whole weeks, so that every
// queue offers exactly its weekly volume four times.
const bulkDays = 28

// bulkProfile is the load of one Bulk queue before scaling: about 6,000
// calls on a weekday, a busy queue of some 40 agents at its peak.
var bulkProfile = Profile{Weekday: 6000, Saturday: 2500, Sunday: 1500}

// Bulk returns a configuration that offers calls calls in expectation (the
// number produced is Poisson-distributed around it): four weeks, from
// Monday 1 January 2024 in UTC, of as many busy queues as that takes, named
// q001, q002, ..., each staffed per interval for its load. Bulk(10_000_000)
// is the benchmark's 10 million calls; memory stays flat however many calls
// are asked for.
func Bulk(calls int) Config {
	perQueue := bulkDays / 7 * (5*bulkProfile.Weekday + bulkProfile.Saturday + bulkProfile.Sunday)
	queues := max(1, int(math.Ceil(float64(calls)/perQueue)))
	scale := float64(calls) / (float64(queues) * perQueue)
	p := Profile{
		Weekday:  bulkProfile.Weekday * scale,
		Saturday: bulkProfile.Saturday * scale,
		Sunday:   bulkProfile.Sunday * scale,
	}
	cfg := Config{Seed: 1, Start: defaultStart, Days: bulkDays, Source: "bulk"}
	for i := range queues {
		q := QueueConfig{
			Name:          "q" + string(appendPadded(nil, i+1, 3)),
			Offered:       p.Offered,
			Talk:          Dist{Mean: 240 * time.Second, Kind: Lognormal, CV: 1},
			Wrap:          Dist{Mean: 20 * time.Second, Kind: Fixed},
			Patience:      Dist{Mean: 180 * time.Second},
			ExitKeyShare:  0.05,
			TransferShare: 0.05,
			AgentEndShare: 0.3,
			Customers:     1000000,
		}
		q.Agents = Staffing{Offered: p.Offered, AHT: q.AHT(), Safety: 0.8, Min: 1}.Agents
		cfg.Queues = append(cfg.Queues, q)
	}
	return cfg
}
