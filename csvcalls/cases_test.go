package csvcalls

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

// Case cdr-ring-rows: rows sharing a uniqueid are one call. Right answers
// from the case: 2 calls, not 5; call 1 answered by PJSIP/202 after 18 s,
// talk 240 s; call 2 abandoned after 16 s (10 s + 6 s); the three rings
// nobody answered are ring-no-answer events.
func TestCaseCDRRingRows(t *testing.T) {
	m := mustLoad(t, filepath.Join("testdata", "cases", "cdr-ring-rows", "mapping.yaml"))
	for _, window := range []time.Duration{0, time.Nanosecond, 10 * time.Second} {
		m.MergeWindow = window
		for name, path := range caseInputs(t, "cdr-ring-rows", "cdr.csv") {
			t.Run(name+"/window="+window.String(), func(t *testing.T) {
				res := readFile(t, path, m)
				checkRingRows(t, res)
			})
		}
	}
}

func checkRingRows(t *testing.T, res readResult) {
	t.Helper()
	if len(res.rejects) > 0 {
		t.Fatalf("rejected: %v", res.rejects)
	}
	if len(res.calls) != 2 {
		t.Fatalf("got %d calls, want 2: %+v", len(res.calls), res.calls)
	}
	sort.Slice(res.calls, func(i, j int) bool { return res.calls[i].Arrived.Before(res.calls[j].Arrived) })
	c1, c2 := res.calls[0], res.calls[1]
	if c1.ID != "1700001000.5" || c1.Outcome != sladesk.Answered || c1.Agent != "PJSIP/202" ||
		c1.Wait != 18*time.Second || c1.Talk != 240*time.Second || c1.Line != 2 {
		t.Errorf("call 1 = %s %s by %q wait %s talk %s line %d; want answered by PJSIP/202 wait 18s talk 4m0s line 2",
			c1.ID, c1.Outcome, c1.Agent, c1.Wait, c1.Talk, c1.Line)
	}
	if c2.ID != "1700002000.7" || c2.Outcome != sladesk.Abandoned || c2.Agent != "" || c2.Wait != 16*time.Second {
		t.Errorf("call 2 = %s %s agent %q wait %s; want abandoned, no agent, wait 16s", c2.ID, c2.Outcome, c2.Agent, c2.Wait)
	}
	var rung []string
	for _, e := range res.events {
		if e.Kind != sladesk.AgentRingNoAnswer {
			t.Errorf("event %+v: want ring_no_answer", e)
		}
		rung = append(rung, e.Agent)
	}
	sort.Strings(rung)
	if got, want := strings.Join(rung, " "), "PJSIP/201 PJSIP/203 PJSIP/211 PJSIP/212"; got != want {
		t.Errorf("rung without answer: %s, want %s", got, want)
	}
}

// Case interval-boundary: C1 arrives 09:14:50 and waits 35 s, C2 arrives
// 09:28:00 and waits 10 s. Credited to the 15-minute interval of arrival
// with threshold 20 s: 09:00 offered 1, answered 1, within 0; 09:15
// offered 1, answered 1, within 1; talk 375 s + 480 s = 855 s.
func TestCaseIntervalBoundary(t *testing.T) {
	m := mustLoad(t, filepath.Join("testdata", "cases", "interval-boundary", "mapping.yaml"))
	for name, path := range caseInputs(t, "interval-boundary", "calls.csv") {
		t.Run(name, func(t *testing.T) {
			res := readFile(t, path, m)
			if len(res.rejects) > 0 || len(res.calls) != 2 {
				t.Fatalf("got %d calls, rejects %v; want 2 calls", len(res.calls), res.rejects)
			}
			type tally struct{ offered, answered, within int }
			byInterval := map[string]tally{}
			var talk time.Duration
			for _, c := range res.calls {
				k := c.Arrived.UTC().Truncate(15 * time.Minute).Format("15:04")
				tl := byInterval[k]
				tl.offered++
				if c.Outcome == sladesk.Answered {
					tl.answered++
					if c.WaitSeconds() <= 20 {
						tl.within++
					}
				}
				byInterval[k] = tl
				talk += c.Talk
			}
			want := map[string]tally{"09:00": {1, 1, 0}, "09:15": {1, 1, 1}}
			for k, w := range want {
				if byInterval[k] != w {
					t.Errorf("interval %s: %+v, want %+v", k, byInterval[k], w)
				}
			}
			if talk != 855*time.Second {
				t.Errorf("talk %s, want 855s", talk)
			}
			if res.calls[0].Wait != 35*time.Second || res.calls[1].Wait != 10*time.Second {
				t.Errorf("waits %s, %s; want 35s, 10s", res.calls[0].Wait, res.calls[1].Wait)
			}
		})
	}
}

// Case negative-wait: H3 was assigned 50 s before it was queued. It is
// rejected naming its line (4) and "answered before queued"; ASA over H1
// and H2 is 60 s. Without a time zone the naive timestamps are all
// rejected, not read as UTC.
func TestCaseNegativeWait(t *testing.T) {
	m := mustLoad(t, filepath.Join("testdata", "cases", "negative-wait", "mapping.yaml"))
	for name, path := range caseInputs(t, "negative-wait", "chats.csv") {
		t.Run(name, func(t *testing.T) {
			res := readFile(t, path, m)
			if len(res.rejects) != 1 {
				t.Fatalf("rejects %v, want one", res.rejects)
			}
			re := res.rejects[0]
			if re.Line != 4 || re.Field != "assigned_at" || !strings.Contains(re.Reason, "answered before queued") ||
				!strings.Contains(re.Error(), "chats.csv:4:") {
				t.Errorf("reject = %q (line %d, field %q); want line 4, assigned_at, answered before queued",
					re.Error(), re.Line, re.Field)
			}
			var sum time.Duration
			for _, c := range res.calls {
				sum += c.Wait
			}
			if len(res.calls) != 2 || sum/2 != 60*time.Second {
				t.Errorf("%d calls, ASA %s; want 2 calls, ASA 60s", len(res.calls), sum/time.Duration(max(1, len(res.calls))))
			}
		})

		t.Run(name+"/no-zone", func(t *testing.T) {
			noZone := m
			noZone.TimeZone = ""
			res := readFile(t, path, noZone)
			if len(res.calls) != 0 || len(res.rejects) != 3 {
				t.Fatalf("%d calls, %d rejects; want 0 and 3", len(res.calls), len(res.rejects))
			}
			if !strings.Contains(res.rejects[0].Reason, "no offset") || res.rejects[0].Field != "queued_at" {
				t.Errorf("reject %v: want the missing offset named on queued_at", res.rejects[0])
			}
		})
	}
}

// Case dst-days: in Europe/London, 2024-10-27 01:30:00 occurs twice and
// 2024-03-31 01:30:00 not at all. Both are errors naming the line unless an
// explicit option resolves the first; the second is always an error.
func TestCaseDSTDays(t *testing.T) {
	base := mustLoad(t, filepath.Join("testdata", "cases", "dst-days", "mapping.yaml"))
	tests := []struct {
		name      string
		ambiguous AmbiguousTime
		wantLines []int  // rejected lines
		wantA2    string // arrival of A2 in UTC, when read
	}{
		{"reject", "", []int{3, 4}, ""},
		{"earlier", AmbiguousEarlier, []int{4}, "2024-10-27T00:30:00Z"},
		{"later", AmbiguousLater, []int{4}, "2024-10-27T01:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base
			m.Ambiguous = tt.ambiguous
			res := readFile(t, filepath.Join("testdata", "cases", "dst-days", "calls.csv"), m)
			var lines []int
			for _, re := range res.rejects {
				lines = append(lines, re.Line)
				if re.Field != "arrived" {
					t.Errorf("reject %v: want field arrived", re)
				}
			}
			if !slices.Equal(lines, tt.wantLines) {
				t.Fatalf("rejected lines %v, want %v: %v", lines, tt.wantLines, res.rejects)
			}
			if !strings.Contains(res.rejects[len(res.rejects)-1].Reason, "does not exist") {
				t.Errorf("S1: %v, want does not exist", res.rejects[len(res.rejects)-1])
			}
			if tt.ambiguous == "" && !strings.Contains(res.rejects[0].Reason, "occurs twice") {
				t.Errorf("A2: %v, want occurs twice", res.rejects[0])
			}
			for _, c := range res.calls {
				if c.ID == "A2" && c.Arrived.UTC().Format(time.RFC3339) != tt.wantA2 {
					t.Errorf("A2 arrived %s, want %s", c.Arrived.UTC().Format(time.RFC3339), tt.wantA2)
				}
				if c.ID == "S2" && c.Arrived.UTC().Format(time.RFC3339) != "2024-03-31T01:30:00Z" {
					t.Errorf("S2 arrived %s, want 01:30 UTC", c.Arrived.UTC())
				}
			}
		})
	}
}

// Case dst-days, epochs: 1729989000 and 1729992600 are both 01:30 local on
// 2024-10-27, at +01:00 and then +00:00, in two different intervals.
func TestCaseDSTDaysEpochs(t *testing.T) {
	m := mustLoad(t, filepath.Join("testdata", "cases", "dst-days", "mapping.yaml"))
	m.TimeLayout = LayoutUnix
	res := readFile(t, filepath.Join("testdata", "cases", "dst-days", "epochs.csv"), m)
	if len(res.rejects) > 0 || len(res.calls) != 2 {
		t.Fatalf("%d calls, rejects %v; want 2 calls", len(res.calls), res.rejects)
	}
	want := []string{"2024-10-27T01:30:00+01:00", "2024-10-27T01:30:00Z"}
	for i, c := range res.calls {
		if got := c.Arrived.Format(time.RFC3339); got != want[i] {
			t.Errorf("%s arrived %s, want %s", c.ID, got, want[i])
		}
	}
	if res.calls[0].Arrived.Truncate(15 * time.Minute).Equal(res.calls[1].Arrived.Truncate(15 * time.Minute)) {
		t.Error("both epochs fall in one interval; want two")
	}
}
