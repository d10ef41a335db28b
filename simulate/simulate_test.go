package simulate_test

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/simulate"
)

// mustCalls runs cfg and returns every call.
func mustCalls(tb testing.TB, cfg simulate.Config) []sladesk.Call {
	tb.Helper()
	var calls []sladesk.Call
	err := simulate.Run(cfg, func(c sladesk.Call) error {
		calls = append(calls, c)
		return nil
	})
	if err != nil {
		tb.Fatalf("Run: %v", err)
	}
	return calls
}

// steady returns a one-queue configuration with a constant load of perHour
// calls an hour, c agents, exponential talk of mean aht and the given
// patience, over days days, with nanosecond times so that waits are exact.
func steady(perHour float64, c int, aht, patience time.Duration, days int) simulate.Config {
	return simulate.Config{
		Seed:       7,
		Days:       days,
		Interval:   time.Hour,
		Resolution: time.Nanosecond,
		Queues: []simulate.QueueConfig{{
			Name:     "steady",
			Offered:  simulate.ConstantOffered(perHour),
			Agents:   simulate.ConstantAgents(c),
			Talk:     simulate.Dist{Mean: aht},
			Patience: simulate.Dist{Mean: patience},
		}},
	}
}

// digest hashes every field of every call, so that two runs can be compared
// and a change to the output noticed.
func digest(calls []sladesk.Call) uint64 {
	h := fnv.New64a()
	for _, c := range calls {
		fmt.Fprintf(h, "%s|%s|%s|%s|%d|%d|%d|%s|%s|%s|%s|%d|%d|%d\n",
			c.Source, c.ID, c.ContactID, c.Queue, c.Arrived.UnixNano(),
			unixNano(c.AnsweredAt), unixNano(c.Ended), c.Outcome, c.Ending,
			c.Agent, c.Customer, c.Wait, c.Talk, c.Wrap)
	}
	return h.Sum64()
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	cfg := simulate.ExampleCenter()
	a, b := mustCalls(t, cfg), mustCalls(t, cfg)
	if len(a) != len(b) || digest(a) != digest(b) {
		t.Fatalf("two runs with seed %d differ: %d calls (%x) and %d (%x)",
			cfg.Seed, len(a), digest(a), len(b), digest(b))
	}
	cfg.Seed++
	if c := mustCalls(t, cfg); digest(c) == digest(a) {
		t.Errorf("seeds %d and %d give the same calls", cfg.Seed-1, cfg.Seed)
	}
}

// TestPinned pins a few calls of the example week, so that any change to
// the model, the random streams or the rounding is noticed. When a change is
// meant, run the test and copy the values it reports.
func TestPinned(t *testing.T) {
	t.Parallel()
	calls := mustCalls(t, simulate.ExampleCenter())
	const (
		wantCalls  = 23494
		wantDigest = 0x69217e43316b1938
	)
	if len(calls) != wantCalls || digest(calls) != wantDigest {
		t.Errorf("example week: %d calls, digest %#x; pinned %d calls, %#x",
			len(calls), digest(calls), wantCalls, uint64(wantDigest))
	}
	tests := []struct {
		index int
		want  string
	}{
		{0, "sales-000001 2025-03-03 00:09:41 answered 0s PJSIP/201 1m6s+36s agent NW34070"},
		{502, "support-000148 2025-03-03 08:56:23 answered 0s PJSIP/302 26m21s+27s caller NW20554"},
		{514, "billing-000093 2025-03-03 08:59:04 answered 0s Olga 5m41s+24s transfer BB18732"},
		{522, "billing-000098 2025-03-03 09:00:02 abandoned 54s BB15089"},
		{660, "sales-000258 2025-03-03 09:19:52 exit_key 3s NW32435"},
		{4022, "tech-000698 2025-03-03 20:00:57 exit_empty 0s BB03386"},
		{22051, "tech-003664 2025-03-08 14:11:37 timeout 5m0s BB08749"},
	}
	for _, tt := range tests {
		if tt.index >= len(calls) {
			t.Errorf("call %d: only %d calls", tt.index, len(calls))
			continue
		}
		if got := brief(&calls[tt.index]); got != tt.want {
			t.Errorf("call %d:\n got %s\nwant %s", tt.index, got, tt.want)
		}
	}
}

// brief describes a call in one line: ID, arrival, outcome, wait, and for
// an answered call agent, talk+wrap and ending; then the customer.
func brief(c *sladesk.Call) string {
	s := fmt.Sprintf("%s %s %s %s", c.ID, c.Arrived.Format(time.DateTime), c.Outcome, c.Wait)
	if c.Outcome == sladesk.Answered {
		s += fmt.Sprintf(" %s %s+%s %s", c.Agent, c.Talk, c.Wrap, c.Ending)
	}
	return s + " " + c.Customer
}

func TestQueuesIndependent(t *testing.T) {
	t.Parallel()
	center := simulate.ExampleCenter()
	all := mustCalls(t, center)

	alone := center
	alone.Queues = center.Queues[2:3]
	want := mustCalls(t, alone)
	var got []sladesk.Call
	for _, c := range all {
		if c.Queue == alone.Queues[0].Name {
			got = append(got, c)
		}
	}
	if len(got) != len(want) || digest(got) != digest(want) {
		t.Errorf("queue %s: %d calls in the center, %d alone; they should be equal",
			alone.Queues[0].Name, len(got), len(want))
	}
}

// TestStaffingKeepsCallers checks the common random numbers: a run with
// other staffing sees the same callers arrive at the same times.
func TestStaffingKeepsCallers(t *testing.T) {
	t.Parallel()
	cfg := steady(200, 14, 3*time.Minute, 2*time.Minute, 2)
	few := mustCalls(t, cfg)
	cfg.Queues[0].Agents = simulate.ConstantAgents(11)
	fewer := mustCalls(t, cfg)

	if len(few) != len(fewer) {
		t.Fatalf("%d calls with 14 agents, %d with 11", len(few), len(fewer))
	}
	changed := 0
	for i := range few {
		a, b := &few[i], &fewer[i]
		if !a.Arrived.Equal(b.Arrived) || a.Customer != b.Customer {
			t.Fatalf("call %d: %s, %s with 14 agents; %s, %s with 11",
				i, a.Arrived, a.Customer, b.Arrived, b.Customer)
		}
		if a.Wait != b.Wait {
			changed++
		}
	}
	if changed == 0 {
		t.Error("no wait changed with fewer agents")
	}
}

func TestReaderEndsWithEOF(t *testing.T) {
	t.Parallel()
	s, err := simulate.New(steady(10, 1, time.Minute, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	var r sladesk.CallReader = s
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("Read after the end: %v, want io.EOF", err)
	}
	if n == 0 {
		t.Error("no call")
	}
}

func TestRunStopsOnEmitError(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	n := 0
	err := simulate.Run(steady(100, 2, time.Minute, 0, 1), func(sladesk.Call) error {
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5 {
		t.Errorf("Run returned %v after %d calls, want %v after 5", err, n, stop)
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	type edit func(c *simulate.Config, q *simulate.QueueConfig)
	tests := []struct {
		name  string
		edit  edit
		field string
	}{
		{"no queues", func(c *simulate.Config, _ *simulate.QueueConfig) { c.Queues = nil }, "Queues"},
		{"negative days", func(c *simulate.Config, _ *simulate.QueueConfig) { c.Days = -1 }, "Days"},
		{"interval not dividing an hour", func(c *simulate.Config, _ *simulate.QueueConfig) {
			c.Interval = 25 * time.Minute
		}, "Interval"},
		{"interval of seconds", func(c *simulate.Config, _ *simulate.QueueConfig) {
			c.Interval = 90 * time.Second
		}, "Interval"},
		{"resolution", func(c *simulate.Config, _ *simulate.QueueConfig) {
			c.Resolution = 3 * time.Second
		}, "Resolution"},
		{"same name", func(c *simulate.Config, q *simulate.QueueConfig) {
			c.Queues = append(c.Queues, *q)
		}, "Queues[1].Name"},
		{"no name", func(_ *simulate.Config, q *simulate.QueueConfig) { q.Name = "" }, "Queues[0].Name"},
		{"no load", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Offered = nil
		}, "Queues[0].Offered"},
		{"no staffing", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Agents = nil
		}, "Queues[0].Agents"},
		{"no talk", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Talk.Mean = 0
		}, "Queues[0].Talk.Mean"},
		{"negative wrap", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Wrap.Mean = -time.Second
		}, "Queues[0].Wrap.Mean"},
		{"unknown kind", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Patience.Kind = 9
		}, "Queues[0].Patience.Kind"},
		{"NaN CV", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Talk.CV = math.NaN()
		}, "Queues[0].Talk.CV"},
		{"negative timeout", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Timeout = -1
		}, "Queues[0].Timeout"},
		{"share above 1", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.TransferShare = 1.5
		}, "Queues[0].TransferShare"},
		{"NaN share", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.ExitKeyShare = math.NaN()
		}, "Queues[0].ExitKeyShare"},
		{"negative population", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Customers = -1
		}, "Queues[0].Customers"},

		// These are found while running.
		{"negative agents", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Agents = simulate.ConstantAgents(-2)
		}, "Queues[0].Agents"},
		{"NaN load", func(_ *simulate.Config, q *simulate.QueueConfig) {
			q.Offered = simulate.ConstantOffered(math.NaN())
		}, "Queues[0].Offered"},
		{"agent of two queues", func(c *simulate.Config, q *simulate.QueueConfig) {
			other := *q
			other.Name = "other"
			other.AgentName = func(int) string { return "steady-01" }
			c.Queues = append(c.Queues, other)
		}, "Queues[1].AgentName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := steady(10, 1, time.Minute, 0, 1)
			q := cfg.Queues[0]
			tt.edit(&cfg, &q)
			if len(cfg.Queues) > 0 {
				cfg.Queues[0] = q
			}
			err := simulate.Run(cfg, func(sladesk.Call) error { return nil })
			var ce *simulate.ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.field {
				t.Errorf("got %v, want a ConfigError for %s", err, tt.field)
			}
		})
	}
}
