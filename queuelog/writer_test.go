package queuelog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

// writeAll writes calls with a Writer and returns the queue_log.
func writeAll(t *testing.T, calls []sladesk.Call, window time.Duration) string {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.Window = window
	for _, c := range calls {
		if err := w.Write(c); err != nil {
			t.Fatalf("Write(%s): %v", c.ID, err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	return buf.String()
}

// sameCall compares two calls field by field, times by instant. Line is
// left out: it is where the reader found the segment.
func sameCall(a, b sladesk.Call) bool {
	a.Line, b.Line = 0, 0
	for _, p := range []struct{ x, y *time.Time }{
		{&a.Arrived, &b.Arrived}, {&a.AnsweredAt, &b.AnsweredAt}, {&a.Ended, &b.Ended},
	} {
		if !p.x.Equal(*p.y) {
			return false
		}
		*p.x, *p.y = time.Time{}, time.Time{}
	}
	return a == b
}

// checkSorted fails the test when the log's lines are not in time order.
func checkSorted(t *testing.T, log string) {
	t.Helper()
	var last int64
	for i, l := range strings.Split(strings.TrimSuffix(log, "\n"), "\n") {
		at, err := strconv.ParseInt(l[:strings.IndexByte(l, '|')], 10, 64)
		if err != nil || at < last {
			t.Fatalf("line %d %q is not in time order", i+1, l)
		}
		last = at
	}
}

// byID indexes calls by ID, failing on a duplicate.
func byID(t *testing.T, calls []sladesk.Call) map[string]sladesk.Call {
	t.Helper()
	m := make(map[string]sladesk.Call, len(calls))
	for _, c := range calls {
		if _, dup := m[c.ID]; dup {
			t.Fatalf("duplicate segment ID %s", c.ID)
		}
		m[c.ID] = c
	}
	return m
}

// TestWriterRoundTripGenerated writes seeded random calls in order of
// arrival, as the example-data generator does, and reads them back.
func TestWriterRoundTripGenerated(t *testing.T) {
	calls := randomCalls(rand.New(rand.NewPCG(1, 2)), 2000)
	log := writeAll(t, calls, 0)
	checkSorted(t, log)

	got, read, _ := readAll(t, log, Config{File: "gen"})
	if len(got) != len(read) {
		t.Fatalf("the Reader rejected lines the Writer wrote: %v", got)
	}
	if len(read) != len(calls) {
		t.Fatalf("read %d calls, wrote %d", len(read), len(calls))
	}
	back := byID(t, read)
	for _, c := range calls {
		if !sameCall(c, back[c.ID]) {
			t.Errorf("round trip changed a call:\nwrote %+v\nread  %+v", c, back[c.ID])
		}
	}
}

// TestWriterRoundTripCases reads the shared cases, writes the calls back
// in the order the Reader returned them, and reads them again.
func TestWriterRoundTripCases(t *testing.T) {
	for _, name := range []string{"abandon-kinds.queue_log", "attended-transfer.queue_log"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			calls := readCase(t, string(b))
			// The Reader returns segments by end: a Window as long as the
			// longest segment puts their lines back in order.
			log := writeAll(t, calls, time.Hour)
			checkSorted(t, log)
			again := readCase(t, log)
			if len(again) != len(calls) {
				t.Fatalf("read back %d calls, want %d", len(again), len(calls))
			}
			for i, c := range calls {
				// A segment of a consultation channel comes back under
				// the contact's callid: the Writer writes one callid per
				// contact, as for a blind transfer.
				c.ID = SegmentID(c.ContactID, c.Queue, 1)
				if !sameCall(c, again[i]) {
					t.Errorf("round trip changed a call:\nwrote %+v\nread  %+v", c, again[i])
				}
			}
		})
	}
}

func TestWriterOrder(t *testing.T) {
	base := time.Unix(1700000000, 0).UTC()
	long := answered("1.1", "sales", base, 5, 600, sladesk.EndedByCaller)
	short := abandoned("2.1", "sales", base.Add(10*time.Second), 8)
	late := abandoned("3.1", "sales", base.Add(2*time.Second), 1)

	// In order of end, as a Reader returns calls, the lines come out
	// sorted when the Window covers the longest segment ...
	log := writeAll(t, []sladesk.Call{short, long}, 15*time.Minute)
	checkSorted(t, log)

	// ... and a call too late for the Window is refused, not misplaced.
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, c := range []sladesk.Call{long, short} {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Write(late); !errors.Is(err, ErrOutOfOrder) {
		t.Errorf("Write of a call arriving before written lines = %v, want ErrOutOfOrder", err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	checkSorted(t, buf.String())
}

func TestWriterOverlap(t *testing.T) {
	base := time.Unix(1700000000, 0).UTC()
	first := answered("1.1", "sales", base, 5, 55, sladesk.EndedByTransfer)
	tests := []struct {
		name string
		next sladesk.Call
		want error
	}{
		{"back in the same queue in the second the first ends",
			abandoned("1.1", "sales", first.Ended, 8), nil},
		{"in another queue at the same time",
			abandoned("1.1", "support", base.Add(50*time.Second), 8), nil},
		{"in the same queue while the first is there (attended transfer back)",
			abandoned("1.1", "sales", base.Add(50*time.Second), 20), ErrOverlap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.next.ID = SegmentID("1.1", tt.next.Queue, 2)
			w := NewWriter(io.Discard)
			if err := w.Write(first); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(tt.next); !errors.Is(err, tt.want) {
				t.Errorf("Write(second segment) = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestWriterRejects(t *testing.T) {
	base := time.Unix(1700000000, 0).UTC()
	tests := []struct {
		name string
		call func(c *sladesk.Call)
		want string
	}{
		{"ignored call", func(c *sladesk.Call) { c.Outcome = sladesk.Ignored }, "no queue_log line"},
		{"answered without ending", func(c *sladesk.Call) {
			*c = answered("1.1", "sales", base, 5, 60, sladesk.EndingUnknown)
		}, "without an ending"},
		{"ended before answered", func(c *sladesk.Call) {
			*c = answered("1.1", "sales", base, 5, 60, sladesk.EndedByAgent)
			c.Ended = base.Add(2 * time.Second)
		}, "ended before answered"},
		{"field separator in a field", func(c *sladesk.Call) { c.Customer = "a|b" }, "customer"},
		{"line break in a field", func(c *sladesk.Call) { c.Queue = "sales\n" }, "queue"},
		{"invalid call", func(c *sladesk.Call) { c.Wait = -time.Second }, "negative wait"},
		{"queue NONE", func(c *sladesk.Call) { c.Queue = "NONE" }, "queue NONE"},
		{"no callid", func(c *sladesk.Call) { c.ID, c.ContactID = "", "" }, "no ID"},
		{"wait too long", func(c *sladesk.Call) {
			c.Wait = 2e9 * time.Second
			c.Ended = c.Arrived.Add(c.Wait)
		}, "longer than"},
		{"before 1970", func(c *sladesk.Call) { c.Arrived = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC) },
			"cannot be a queue_log time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := abandoned("1.1", "sales", base, 8)
			tt.call(&c)
			var buf bytes.Buffer
			w := NewWriter(&buf)
			err := w.Write(c)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Write = %v, want an error about %q", err, tt.want)
			}
			if w.Flush() != nil || buf.Len() != 0 {
				t.Errorf("a refused call wrote %q", buf.String())
			}
		})
	}
}

func answered(callid, queue string, at time.Time, wait, talk int, end sladesk.Ending) sladesk.Call {
	ans := at.Add(time.Duration(wait) * time.Second)
	return sladesk.Call{
		Source: "gen", ID: SegmentID(callid, queue, 1), ContactID: callid, Queue: queue,
		Arrived: at, AnsweredAt: ans, Ended: ans.Add(time.Duration(talk) * time.Second),
		Outcome: sladesk.Answered, Ending: end, Agent: "PJSIP/201", Customer: "5551",
		Wait: time.Duration(wait) * time.Second, Talk: time.Duration(talk) * time.Second,
	}
}

func abandoned(callid, queue string, at time.Time, wait int) sladesk.Call {
	return sladesk.Call{
		Source: "gen", ID: SegmentID(callid, queue, 1), ContactID: callid, Queue: queue,
		Arrived: at, Ended: at.Add(time.Duration(wait) * time.Second), Outcome: sladesk.Abandoned,
		Customer: "5551", Wait: time.Duration(wait) * time.Second,
	}
}

// randomCalls makes n overlapping calls in order of arrival, with every
// outcome and ending; a transferred call continues in a second queue
// under the same contact, as after a blind transfer.
func randomCalls(rng *rand.Rand, n int) []sladesk.Call {
	queues := []string{"sales", "support", "billing"}
	at := time.Unix(1700000000, 0).UTC()
	var calls []sladesk.Call
	for i := 0; len(calls) < n; i++ {
		at = at.Add(time.Duration(rng.IntN(20)) * time.Second)
		callid := fmt.Sprintf("%d.%d", at.Unix(), i)
		c := randomSegment(rng, callid, queues[rng.IntN(len(queues))], at)
		calls = append(calls, c)
		if c.Ending == sladesk.EndedByTransfer {
			next := randomSegment(rng, callid, "support", c.Ended)
			if c.Queue == "support" {
				next = randomSegment(rng, callid, "billing", c.Ended)
			}
			calls = append(calls, next)
		}
	}
	sort.SliceStable(calls, func(i, j int) bool { return calls[i].Arrived.Before(calls[j].Arrived) })
	return calls
}

func randomSegment(rng *rand.Rand, callid, queue string, at time.Time) sladesk.Call {
	wait := rng.IntN(120)
	if rng.IntN(3) == 0 {
		c := abandoned(callid, queue, at, wait)
		c.Outcome = []sladesk.Outcome{sladesk.Abandoned, sladesk.Timeout, sladesk.ExitEmpty,
			sladesk.ExitKey, sladesk.Transferred}[rng.IntN(5)]
		return c
	}
	end := []sladesk.Ending{sladesk.EndedByCaller, sladesk.EndedByAgent,
		sladesk.EndedByTransfer}[rng.IntN(3)]
	c := answered(callid, queue, at, wait, rng.IntN(900), end)
	c.Agent = fmt.Sprintf("PJSIP/%d", 200+rng.IntN(30))
	return c
}

// TestWriterAgentEvents writes agent events between calls and reads them
// back: the same events, in time order with the calls' lines.
func TestWriterAgentEvents(t *testing.T) {
	base := time.Unix(1700000000, 0).UTC()
	events := []sladesk.AgentEvent{
		{Time: base, Queue: "sales", Agent: "PJSIP/201", Kind: sladesk.AgentAdded},
		{Time: base.Add(time.Minute), Queue: "", Agent: "Agent/7", Kind: sladesk.AgentAdded},
		{Time: base.Add(2 * time.Minute), Queue: "sales", Agent: "PJSIP/201", Kind: sladesk.AgentPaused,
			Reason: "lunch"},
		{Time: base.Add(3 * time.Minute), Queue: "", Agent: "PJSIP/201", Kind: sladesk.AgentUnpaused},
		{Time: base.Add(4 * time.Minute), Queue: "sales", Agent: "PJSIP/201", Kind: sladesk.AgentRemoved},
		{Time: base.Add(5 * time.Minute), Queue: "", Agent: "Agent/7", Kind: sladesk.AgentRemoved},
	}
	call := answered("1.1", "sales", base.Add(30*time.Second), 5, 200, sladesk.EndedByCaller)

	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.WriteAgentEvent(events[0]); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(call); err != nil {
		t.Fatal(err)
	}
	for _, ev := range events[1:] {
		if err := w.WriteAgentEvent(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	checkSorted(t, buf.String())

	var got []sladesk.AgentEvent
	_, calls, _ := readAll(t, buf.String(), Config{File: "q",
		OnAgentEvent: func(ev sladesk.AgentEvent) { got = append(got, ev) }})
	if len(calls) != 1 || len(got) != len(events) {
		t.Fatalf("read %d calls and %d events, want 1 and %d:\n%s", len(calls), len(got), len(events),
			buf.String())
	}
	for i, ev := range got {
		want := events[i]
		if !ev.Time.Equal(want.Time) || ev.Queue != want.Queue || ev.Agent != want.Agent ||
			ev.Kind != want.Kind || ev.Reason != want.Reason {
			t.Errorf("event %d = %+v, want %+v", i, ev, want)
		}
	}

	bad := []sladesk.AgentEvent{
		{Time: base, Queue: "sales", Agent: "", Kind: sladesk.AgentAdded},
		{Time: base, Queue: "sa|les", Agent: "a", Kind: sladesk.AgentAdded},
		{Time: base, Queue: "sales", Agent: "a", Kind: sladesk.AgentRingNoAnswer},
	}
	for _, ev := range bad {
		if err := NewWriter(io.Discard).WriteAgentEvent(ev); err == nil {
			t.Errorf("WriteAgentEvent(%+v) = nil, want an error", ev)
		}
	}
	late := NewWriter(io.Discard)
	if err := late.Write(call); err != nil {
		t.Fatal(err)
	}
	if err := late.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := late.WriteAgentEvent(events[0]); !errors.Is(err, ErrOutOfOrder) {
		t.Errorf("event before written lines: %v, want ErrOutOfOrder", err)
	}
}
