package simulate_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/simulate"
)

// vendorSL counts, per vendor, the weekday intervals from 08:00 to 20:00
// that met 80% answered within 20 s with abandons counting against
// (DESIGN's default definition), overall and in the peak hours 10:00 and
// 14:00.
type vendorSL struct {
	met, intervals         int
	peakMet, peakIntervals int
}

func exampleSL(cfg simulate.Config, calls []sladesk.Call) map[string]*vendorSL {
	type key struct {
		vendor string
		start  time.Time
	}
	type counts struct{ within, answered, abandoned int }
	vendorOf := map[string]string{}
	for _, q := range cfg.Queues {
		vendorOf[q.Name] = q.Vendor
	}
	perInterval := map[key]*counts{}
	for _, c := range calls {
		k := key{vendorOf[c.Queue], c.Arrived.Truncate(cfg.Interval)}
		n := perInterval[k]
		if n == nil {
			n = &counts{}
			perInterval[k] = n
		}
		switch c.Outcome {
		case sladesk.Answered:
			n.answered++
			if c.WaitSeconds() <= 20 {
				n.within++
			}
		case sladesk.Abandoned:
			n.abandoned++
		}
	}

	sl := map[string]*vendorSL{"Northwind": {}, "Bluebird": {}}
	for k, n := range perInterval {
		day, hour := k.start.Weekday(), k.start.Hour()
		if day == time.Saturday || day == time.Sunday || hour < 8 || hour >= 20 {
			continue
		}
		met := 0
		if float64(n.within) >= 0.8*float64(n.answered+n.abandoned) {
			met = 1
		}
		v := sl[k.vendor]
		v.met += met
		v.intervals++
		if hour == 10 || hour == 14 {
			v.peakMet += met
			v.peakIntervals++
		}
	}
	return sl
}

// TestExampleCenter checks that the example week shows what it is for: a
// vendor that meets 80/20 most of the time, one that misses it in its
// peaks, and every kind of outcome and ending.
func TestExampleCenter(t *testing.T) {
	t.Parallel()
	cfg := simulate.ExampleCenter()
	calls := mustCalls(t, cfg)
	if n := len(calls); n < 5000 || n > 30000 {
		t.Errorf("%d calls in the example week, want a few thousand to 30,000", n)
	}

	sl := exampleSL(cfg, calls)
	nw, bb := sl["Northwind"], sl["Bluebird"]
	if share := float64(nw.met) / float64(nw.intervals); share < 0.75 {
		t.Errorf("Northwind meets 80/20 in %d of %d weekday intervals, want most", nw.met, nw.intervals)
	}
	if share := float64(bb.peakMet) / float64(bb.peakIntervals); share > 0.4 {
		t.Errorf("Bluebird meets 80/20 in %d of %d peak intervals, want it to miss most",
			bb.peakMet, bb.peakIntervals)
	}

	outcomes := map[sladesk.Outcome]int{}
	endings := map[sladesk.Ending]int{}
	short := 0
	for _, c := range calls {
		outcomes[c.Outcome]++
		endings[c.Ending]++
		if c.Outcome == sladesk.Abandoned && c.Wait <= 5*time.Second {
			short++
		}
	}
	for _, o := range []sladesk.Outcome{sladesk.Answered, sladesk.Abandoned, sladesk.Timeout,
		sladesk.ExitEmpty, sladesk.ExitKey} {
		if outcomes[o] == 0 {
			t.Errorf("no call %s", o)
		}
	}
	endedBy := []sladesk.Ending{sladesk.EndedByCaller, sladesk.EndedByAgent, sladesk.EndedByTransfer}
	for _, e := range endedBy {
		if endings[e] == 0 {
			t.Errorf("no call ended by %s", e)
		}
	}
	if share := float64(short) / float64(len(calls)); short == 0 || share > 0.02 {
		t.Errorf("%d short abandons (wait <= 5 s) in %d calls, want a few", short, len(calls))
	}
}

// TestAgentEvents replays the logins and logoffs of the example week and
// checks that every answering agent was logged in to the call's queue.
func TestAgentEvents(t *testing.T) {
	t.Parallel()
	cfg := simulate.ExampleCenter()
	cfg.Resolution = time.Nanosecond // an answer rounded onto a logoff would look off shift
	var events []sladesk.AgentEvent
	err := simulate.AgentEvents(cfg, func(e sladesk.AgentEvent) error {
		if n := len(events); n > 0 && e.Time.Before(events[n-1].Time) {
			t.Fatalf("event at %s after one at %s", e.Time, events[n-1].Time)
		}
		events = append(events, e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Calls come in order of arrival; answers across queues do not.
	var answered []sladesk.Call
	for _, c := range mustCalls(t, cfg) {
		if c.Outcome == sladesk.Answered {
			answered = append(answered, c)
		}
	}
	slices.SortStableFunc(answered, func(a, b sladesk.Call) int {
		return a.AnsweredAt.Compare(b.AnsweredAt)
	})

	in := map[string]string{} // agent -> queue logged in to
	next := 0
	for _, c := range answered {
		for ; next < len(events) && !events[next].Time.After(c.AnsweredAt); next++ {
			e := events[next]
			switch e.Kind {
			case sladesk.AgentAdded:
				in[e.Agent] = e.Queue
			case sladesk.AgentRemoved:
				delete(in, e.Agent)
			}
		}
		if in[c.Agent] != c.Queue {
			t.Fatalf("%s answered by %s at %s, who is not logged in to %s",
				c.ID, c.Agent, c.AnsweredAt, c.Queue)
		}
	}
}

// TestMemoryFlat checks that a long run holds no calls: the live heap
// after a tenth of a run and at its end differ by little.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 2 million calls")
	}
	const calls = 2_000_000
	var early, late runtime.MemStats
	n := 0
	err := simulate.Run(simulate.Bulk(calls), func(sladesk.Call) error {
		n++
		switch n {
		case calls / 10:
			runtime.GC()
			runtime.ReadMemStats(&early)
		case calls * 9 / 10:
			runtime.GC()
			runtime.ReadMemStats(&late)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	growth := int64(late.HeapAlloc) - int64(early.HeapAlloc)
	t.Logf("live heap %d KiB after %d calls, %d KiB after %d", early.HeapAlloc>>10, calls/10,
		late.HeapAlloc>>10, calls*9/10)
	if growth > 1<<20 {
		t.Errorf("live heap grew by %d KiB between call %d and call %d", growth>>10, calls/10, calls*9/10)
	}
}

// BenchmarkRead measures the cost of one call of a busy center.
func BenchmarkRead(b *testing.B) {
	s, err := simulate.New(simulate.Bulk(max(b.N, 1000) * 2))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := s.Read(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}

// BenchmarkExampleCenter measures the example week.
func BenchmarkExampleCenter(b *testing.B) {
	cfg := simulate.ExampleCenter()
	for range b.N {
		if err := simulate.Run(cfg, func(sladesk.Call) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleRun() {
	cfg := simulate.Config{
		Seed: 1,
		Days: 1,
		Queues: []simulate.QueueConfig{{
			Name:     "sales",
			Offered:  simulate.ConstantOffered(30),
			Agents:   simulate.ConstantAgents(3),
			Talk:     simulate.Dist{Mean: 3 * time.Minute},
			Patience: simulate.Dist{Mean: time.Minute},
		}},
	}
	// Print the first call of each kind (ID, arrival, outcome, wait, agent)
	// and count the outcomes.
	seen := map[string]bool{}
	outcomes := map[sladesk.Outcome]int{}
	err := simulate.Run(cfg, func(c sladesk.Call) error {
		kind := c.Outcome.String()
		if c.Wait > 0 {
			kind += " after a wait"
		}
		if c.Agent == "" {
			c.Agent = "-"
		}
		if !seen[kind] {
			seen[kind] = true
			fmt.Println(c.ID, c.Arrived.Format(time.TimeOnly), c.Outcome, c.Wait, c.Agent)
		}
		outcomes[c.Outcome]++
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(outcomes)
	// Output:
	// sales-000001 00:01:04 answered 0s sales-01
	// sales-000008 00:07:30 answered 26s sales-01
	// sales-000020 00:30:27 abandoned 46s -
	// sales-000143 04:39:21 abandoned 0s -
	// map[answered:658 abandoned:72]
}

func ExampleExampleCenter() {
	cfg := simulate.ExampleCenter()
	for _, q := range cfg.Queues {
		fmt.Printf("%s %s, AHT %s\n", q.Vendor, q.Name, q.AHT())
	}
	offered := map[string]int{}
	err := simulate.Run(cfg, func(c sladesk.Call) error {
		offered[c.Queue]++
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(offered)
	// Output:
	// Northwind sales, AHT 4m0s
	// Northwind support, AHT 6m0s
	// Bluebird billing, AHT 4m45s
	// Bluebird tech, AHT 7m45s
	// map[billing:4904 sales:8502 support:6285 tech:3803]
}
