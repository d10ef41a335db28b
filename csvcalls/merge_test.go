package csvcalls

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"
)

func mergeMapping(window time.Duration) Mapping {
	m := simple()
	m.Merge, m.MergeWindow = true, window
	return m
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name    string
		window  time.Duration
		input   string // after simpleHeader; times are minutes:seconds after 10:00
		want    []string
		rejects []string
	}{
		{
			name:   "interleaved calls",
			window: time.Minute,
			input: "A,s,00:00,,00:10,abandoned,ag1\n" +
				"B,s,00:05,,00:20,abandoned,ag2\n" +
				"A,s,00:10,00:15,02:00,answered,ag3\n" +
				"B,s,00:20,,00:30,abandoned,ag4\n",
			want: []string{"A s answered wait=15s talk=1m45s agent=ag3", "B s abandoned wait=25s talk=0s agent="},
		},
		{
			name:   "two answers: the earliest, talk added up",
			window: time.Minute,
			input: "A,s,00:00,00:20,01:00,answered,ag1\n" +
				"A,s,00:00,00:10,00:30,answered,ag2\n",
			want: []string{"A s answered wait=10s talk=1m0s agent=ag2"},
		},
		{
			name:   "unanswered call leaves as its last row did",
			window: time.Minute,
			input: "A,s,00:00,,00:10,abandoned,\n" +
				"A,s,00:10,,00:40,timeout,\n" +
				"A,s,00:00,,00:50,ignored,\n",
			want: []string{"A s timeout wait=50s talk=0s agent="},
		},
		{
			name:   "row after its call closed",
			window: 10 * time.Second,
			input: "A,s,00:00,,00:10,abandoned,\n" +
				"B,s,00:30,,00:40,abandoned,\n" +
				"A,s,00:05,,00:15,abandoned,\n",
			want:    []string{"A s abandoned wait=10s talk=0s agent=", "B s abandoned wait=10s talk=0s agent="},
			rejects: []string{"4 id: |row of call A arrives after its call was closed"},
		},
		{
			name:   "a rejected row spoils its call",
			window: time.Minute,
			input: "A,s,00:00,,00:10,abandoned,\n" +
				"A,s,00:10,00:05,00:40,answered,ag1\n" +
				"B,s,00:30,,00:40,abandoned,\n",
			want: []string{"B s abandoned wait=10s talk=0s agent="},
			rejects: []string{"3 answered: |answered before queued",
				"2 id: |call A not merged: its row on line 3 was rejected"},
		},
		{
			name:   "a spoiled first row waits for its siblings",
			window: time.Minute,
			input: "A,s,00:00,,00:10,bogus,\n" +
				"B,s,00:00,,00:10,abandoned,\n" +
				"A,s,00:05,,00:20,abandoned,\n",
			want: []string{"B s abandoned wait=10s talk=0s agent="},
			rejects: []string{"2 outcome: |unknown outcome",
				"2 id: |call A not merged: its row on line 2 was rejected"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, mergeMapping(tt.window), simpleHeader+clockTimes(tt.input))
			sort.Slice(res.calls, func(i, j int) bool { return res.calls[i].ID < res.calls[j].ID })
			checkBriefs(t, res, tt.want, tt.rejects)
		})
	}
}

// clockTimes expands "mm:ss" fields into timestamps after 10:00 UTC.
func clockTimes(s string) string {
	var out strings.Builder
	for line := range strings.Lines(s) {
		fields := strings.Split(strings.TrimSuffix(line, "\n"), ",")
		for i, f := range fields {
			if len(f) == 5 && f[2] == ':' {
				fields[i] = "2024-05-02T10:" + f + "Z"
			}
		}
		out.WriteString(strings.Join(fields, ",") + "\n")
	}
	return out.String()
}

// TestMergeMemory reads a long CDR-like file where the rows of each call
// are spread over a minute and interleaved with other calls, and checks
// that the open groups stay few: memory follows the window, not the file.
func TestMergeMemory(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(simpleHeader)
	start := time.Date(2024, 5, 2, 8, 0, 0, 0, time.UTC)
	const calls = 20_000
	for i := range calls {
		// Call i rings agent 1 at i*3s (10 s, no answer), then agent 2 at
		// i*3s + 10 s, written when call i+3 starts.
		at := start.Add(time.Duration(i) * 3 * time.Second)
		fmt.Fprintf(&b, "C%d,s,%s,,%s,abandoned,ag1\n", i, stamp3339(at), stamp3339(at.Add(10*time.Second)))
		if i >= 3 {
			j := i - 3
			aj := start.Add(time.Duration(j) * 3 * time.Second)
			fmt.Fprintf(&b, "C%d,s,%s,%s,%s,answered,ag2\n", j, stamp3339(aj.Add(10*time.Second)),
				stamp3339(aj.Add(12*time.Second)), stamp3339(aj.Add(100*time.Second)))
		}
	}
	r, err := NewReader(&b, mergeMapping(30*time.Second), "test.csv")
	if err != nil {
		t.Fatal(err)
	}
	n, answered, maxOpen := 0, 0, 0
	for {
		c, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if c.Outcome.String() == "answered" && c.Wait == 12*time.Second && c.Agent == "ag2" {
			answered++
		}
		maxOpen = max(maxOpen, len(r.merge.open), len(r.merge.closed)/2)
	}
	// The last three calls never got their second row: 3 abandoned.
	if n != calls || answered != calls-3 {
		t.Errorf("%d calls, %d answered after 12 s; want %d and %d", n, answered, calls, calls-3)
	}
	if maxOpen > 200 {
		t.Errorf("up to %d open or remembered groups; want a bound set by the window", maxOpen)
	}
}

func stamp3339(t time.Time) string { return t.Format(time.RFC3339) }

// TestMergeRowWithWrongFieldCount: a row of a call rejected for its
// number of fields rejects the call, which would otherwise be merged from
// its other rows with a shorter wait.
func TestMergeRowWithWrongFieldCount(t *testing.T) {
	m := Mapping{ID: "id", FixedQueue: "q", Arrival: "start", End: "end", Merge: true}
	data := "id,start,end\n" +
		"X2,2024-05-02T10:00:00Z,2024-05-02T10:00:20Z\n" +
		"X2,2024-05-02T10:00:20Z,2024-05-02T10:00:40Z,extra\n" +
		"X3,2024-05-02T10:05:00Z,2024-05-02T10:05:10Z\n"
	r, err := NewReader(strings.NewReader(data), m, "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	var rejects []string
	for {
		c, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rejects = append(rejects, err.Error())
			continue
		}
		calls = append(calls, c.ID)
	}
	if len(calls) != 1 || calls[0] != "X3" || len(rejects) != 2 {
		t.Errorf("calls %v, rejects %v; want X3 alone, and X2's bad row and X2 itself rejected", calls, rejects)
	}
}
