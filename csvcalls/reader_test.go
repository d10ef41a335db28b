package csvcalls

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

// brief is a call in a line, for comparing in tables.
func brief(c sladesk.Call) string {
	return fmt.Sprintf("%s %s %s wait=%s talk=%s agent=%s", c.ID, c.Queue, c.Outcome, c.Wait, c.Talk, c.Agent)
}

// briefReject is a rejection in a line: "line field: reason".
func briefReject(re *sladesk.RecordError) string {
	return fmt.Sprintf("%d %s: %s", re.Line, re.Field, re.Reason)
}

// simple maps a small generic layout used by many cases below.
func simple() Mapping {
	return Mapping{ID: "id", Queue: "queue", Arrival: "arrived", Answer: "answered", End: "ended",
		Outcome: "outcome", Agent: "agent"}
}

const simpleHeader = "id,queue,arrived,answered,ended,outcome,agent\n"

func TestReaderRows(t *testing.T) {
	tests := []struct {
		name    string
		mapping func(*Mapping) // changes to simple(); nil for none
		input   string         // after simpleHeader
		want    []string       // brief of each call
		rejects []string       // "line field: " prefix and reason substring, joined by "|"
	}{
		{
			name:  "answered",
			input: "A,sales,2024-05-02T10:00:00Z,2024-05-02T10:00:20Z,2024-05-02T10:05:20Z,answered,ag1\n",
			want:  []string{"A sales answered wait=20s talk=5m0s agent=ag1"},
		},
		{
			name:  "abandoned waits until its end",
			input: "A,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:42.5Z,abandoned,\n",
			want:  []string{"A sales abandoned wait=42.5s talk=0s agent="},
		},
		{
			name:    "abandoned without end or wait column is rejected",
			input:   "A,sales,2024-05-02T10:00:00Z,,,abandoned,\n",
			rejects: []string{"2 ended: |no end time or wait"},
		},
		{
			name:    "answered without answer time",
			input:   "A,sales,2024-05-02T10:00:00Z,,2024-05-02T10:01:00Z,answered,ag1\n",
			rejects: []string{"2 answered: |answered without an answer time"},
		},
		{
			name:    "answer time on an abandoned call",
			input:   "A,sales,2024-05-02T10:00:00Z,2024-05-02T10:00:05Z,2024-05-02T10:01:00Z,abandoned,\n",
			rejects: []string{"2 answered: |answer time on a call whose outcome is abandoned"},
		},
		{
			name:    "ended before answered",
			input:   "A,sales,2024-05-02T10:00:00Z,2024-05-02T10:00:30Z,2024-05-02T10:00:10Z,answered,ag1\n",
			rejects: []string{"2 ended: |ended before answered (20s before the answer)"},
		},
		{
			name:    "ended before queued",
			input:   "A,sales,2024-05-02T10:00:00Z,,2024-05-02T09:59:00Z,abandoned,\n",
			rejects: []string{"2 ended: |ended before queued (1m0s before arrival)"},
		},
		{
			name:    "empty id, empty queue, missing arrival",
			input:   ",sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n" + "B,,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n" + "C,sales,,,2024-05-02T10:00:10Z,abandoned,\n",
			rejects: []string{"2 id: |empty id", "3 queue: |empty queue", "4 arrived: |no arrival time"},
		},
		{
			name:    "bad timestamp and unknown outcome, reading goes on",
			input:   "A,sales,2024-13-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n" + "B,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,HUNG UP,\n" + "C,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,Abandoned,\n",
			want:    []string{"C sales abandoned wait=10s talk=0s agent="},
			rejects: []string{`2 arrived: |"2024-13-02T10:00:00Z" is not an RFC 3339 timestamp`, `3 outcome: |unknown outcome "HUNG UP"`},
		},
		{
			name:    "wrong number of fields",
			input:   "A,sales,2024-05-02T10:00:00Z\n" + "B,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,,extra\n",
			rejects: []string{"2 : |3 fields, the header has 7", "3 : |8 fields, the header has 7"},
		},
		{
			name:    "quoted fields with delimiters, quotes and a line break",
			mapping: func(m *Mapping) { m.MultilineFields = true },
			input:   "\"A,1\",\"sales \"\"EU\"\"\",2024-05-02T10:00:00Z,2024-05-02T10:00:20Z,,answered,\"Smith,\nJo\"\n" + "B,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n",
			want:    []string{`A,1 sales "EU" answered wait=20s talk=0s agent=Smith,` + "\nJo", "B sales abandoned wait=10s talk=0s agent="},
		},
		{
			// A stray quote rejects its own line, not every row up to
			// the next quote in the file.
			name: "stray quote rejects one line",
			input: "A,\"sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n" +
				"B,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n" +
				"C,sales\",2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n",
			want: []string{"B sales abandoned wait=10s talk=0s agent="},
			rejects: []string{"2 : |a quoted field is not closed on its line",
				"4 : |a quote inside a field that does not start with one"},
		},
		{
			name:    "quote inside an unquoted field",
			input:   "A,sa\"les,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n",
			rejects: []string{"2 : |a quote inside a field that does not start with one"},
		},
		{
			name:    "text after a closing quote",
			input:   "A,\"sales\"x,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n",
			rejects: []string{"2 : |text after the closing quote"},
		},
		{
			name:    "quote never closed, multiline fields",
			mapping: func(m *Mapping) { m.MultilineFields = true },
			input:   "A,\"sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\nB,sales\n",
			rejects: []string{"2 : |quoted field not closed at the end of the file"},
		},
		{
			name:    "CRLF, blank lines, and line numbers after a multi-line record",
			mapping: func(m *Mapping) { m.MultilineFields = true },
			input:   "\r\nA,\"sa\nles\",2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\r\n\nB,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,bogus,\r\n",
			want:    []string{"A sa\nles abandoned wait=10s talk=0s agent="},
			rejects: []string{"6 outcome: |unknown outcome"},
		},
		{
			name:  "agent on an unanswered row is not the call's agent",
			input: "A,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,timeout,ag7\n",
			want:  []string{"A sales timeout wait=10s talk=0s agent="},
		},
		{
			name: "outcome map: exact, case-insensitive, empty cell",
			mapping: func(m *Mapping) {
				m.Outcomes = map[string]sladesk.Outcome{"ANSWERED": sladesk.Answered, "NO ANSWER": sladesk.Abandoned, "": sladesk.Timeout}
			},
			input: "A,s,2024-05-02T10:00:00Z,2024-05-02T10:00:01Z,,ANSWERED,x\n" +
				"B,s,2024-05-02T10:00:00Z,,2024-05-02T10:00:02Z, no answer ,\n" +
				"C,s,2024-05-02T10:00:00Z,,2024-05-02T10:00:03Z,,\n",
			want: []string{"A s answered wait=1s talk=0s agent=x", "B s abandoned wait=2s talk=0s agent=", "C s timeout wait=3s talk=0s agent="},
		},
		{
			name:    "empty outcome without a mapping for it",
			input:   "A,s,2024-05-02T10:00:00Z,,2024-05-02T10:00:03Z,,\n",
			rejects: []string{`2 outcome: |empty outcome; map "" under outcomes`},
		},
		{
			name:    "no outcome column: answered by answer time, else Unanswered",
			mapping: func(m *Mapping) { m.Outcome, m.Unanswered = "", sladesk.ExitEmpty },
			input:   "A,s,2024-05-02T10:00:00Z,2024-05-02T10:00:01Z,,whatever,x\n" + "B,s,2024-05-02T10:00:00Z,,2024-05-02T10:00:02Z,whatever,x\n",
			want:    []string{"A s answered wait=1s talk=0s agent=x", "B s exit_empty wait=2s talk=0s agent="},
		},
		{
			name:    "agent pattern",
			mapping: func(m *Mapping) { m.AgentPattern = `^(.+)-[0-9a-f]+$` },
			input:   "A,s,2024-05-02T10:00:00Z,2024-05-02T10:00:01Z,,answered,PJSIP/202-00a2\n" + "B,s,2024-05-02T10:00:00Z,2024-05-02T10:00:01Z,,answered,Local/x\n",
			want:    []string{"A s answered wait=1s talk=0s agent=PJSIP/202"},
			rejects: []string{`3 agent: |"Local/x" does not match agent_pattern`},
		},
		{
			name:    "fixed queue and no id column",
			mapping: func(m *Mapping) { m.ID, m.Queue, m.FixedQueue = "", "", "billing" },
			input:   "A,s,2024-05-02T10:00:00Z,2024-05-02T10:00:01Z,,answered,x\n",
			want:    []string{"line 2 billing answered wait=1s talk=0s agent=x"},
		},
		{
			name:  "offsets and fractions",
			input: "A,s,2024-05-02T10:00:00.5+05:30,2024-05-02T04:30:01-00:00,2024-05-02 04:31:01.000000001Z,answered,x\n",
			want:  []string{"A s answered wait=500ms talk=1m0.000000001s agent=x"},
		},
		{
			name:    "naive timestamp without a time zone",
			input:   "A,s,2024-05-02T10:00:00,,2024-05-02T10:00:03Z,abandoned,\n",
			rejects: []string{"2 arrived: |no offset"},
		},
		{
			name:    "Go layout with an offset",
			mapping: func(m *Mapping) { m.TimeLayout = "02/01/2006 15:04:05 -0700" },
			input:   "A,s,02/05/2024 10:00:00 +0100,02/05/2024 10:00:30 +0100,02/05/2024 09:01:30 +0000,answered,x\n" + "B,s,2024-05-02T10:00:00Z,,,abandoned,\n",
			want:    []string{"A s answered wait=30s talk=1m0s agent=x"},
			rejects: []string{`3 arrived: |does not match time_layout "02/01/2006 15:04:05 -0700"`},
		},
		{
			name:    "delimiter",
			mapping: func(m *Mapping) { m.Delimiter = ';' },
			input:   "", // replaced below: the header must use it too
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := simple()
			if tt.mapping != nil {
				tt.mapping(&m)
			}
			input := simpleHeader + tt.input
			if m.Delimiter == ';' {
				input = strings.ReplaceAll(simpleHeader, ",", ";") + "A;s,1;2024-05-02T10:00:00Z;;2024-05-02T10:00:10Z;abandoned;\n"
				tt.want = []string{"A s,1 abandoned wait=10s talk=0s agent="}
			}
			res := mustRead(t, m, input)
			checkBriefs(t, res, tt.want, tt.rejects)
		})
	}
}

func checkBriefs(t *testing.T, res readResult, want, rejects []string) {
	t.Helper()
	var got []string
	for _, c := range res.calls {
		got = append(got, brief(c))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.rejects) != len(rejects) {
		t.Fatalf("rejects %v, want %d: %q", res.rejects, len(rejects), rejects)
	}
	for i, re := range res.rejects {
		prefix, reason, _ := strings.Cut(rejects[i], "|")
		if got := briefReject(re); !strings.HasPrefix(got, prefix) || !strings.Contains(re.Reason, reason) {
			t.Errorf("reject %d = %q, want %q then %q", i, got, prefix, reason)
		}
		if re.File != "test.csv" || re.Line <= 0 || re.Reason == "" {
			t.Errorf("reject %v: want file test.csv, a line and a reason", re)
		}
	}
}

// TestReaderCallFields checks every field of one native row, including
// those brief leaves out.
func TestReaderCallFields(t *testing.T) {
	input := NativeHeader + "\n" +
		"C1,K1,sales,2024-05-02T10:00:00+01:00,2024-05-02T10:00:18+01:00,2024-05-02T10:05:00+01:00,answered,ag1,+4420,17.5,270,5,7.25\n"
	res := mustRead(t, NativeMapping(), input)
	if len(res.calls) != 1 {
		t.Fatalf("calls %v rejects %v", res.calls, res.rejects)
	}
	c := res.calls[0]
	want := sladesk.Call{
		Source: "test.csv", ID: "C1", ContactID: "K1", Line: 2, Queue: "sales",
		Arrived:    mustTime(t, "2024-05-02T10:00:00+01:00"),
		AnsweredAt: mustTime(t, "2024-05-02T10:00:18+01:00"),
		Ended:      mustTime(t, "2024-05-02T10:05:00+01:00"),
		Outcome:    sladesk.Answered, Agent: "ag1", Customer: "+4420",
		Wait: sec(17.5), Talk: 270 * time.Second, Hold: 5 * time.Second, Wrap: sec(7.25),
	}
	if !sameCall(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if _, off := c.Arrived.Zone(); off != 3600 {
		t.Errorf("arrival offset %d, want 3600", off)
	}
}

// sameCall compares calls with time.Time.Equal and the offsets of times.
func sameCall(a, b sladesk.Call) bool {
	times := func(c *sladesk.Call) []*time.Time { return []*time.Time{&c.Arrived, &c.AnsweredAt, &c.Ended} }
	ta, tb := times(&a), times(&b)
	for i := range ta {
		_, oa := ta[i].Zone()
		_, ob := tb[i].Zone()
		if !ta[i].Equal(*tb[i]) || oa != ob {
			return false
		}
		*ta[i], *tb[i] = time.Time{}, time.Time{}
	}
	return a == b
}

func TestNewReaderHeader(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"missing column", "id,queue,arrived,answered,ended,outcome\n", `test.csv:1: agent: no such column in the header (mapped by columns.agent)`},
		{"column twice", "id,queue,arrived,answered,ended,outcome,agent,queue\n", `test.csv:1: queue: column appears more than once in the header`},
		{"empty file", "", `test.csv:1: empty file: no header line`},
		{"only blank lines", "\n\r\n", `test.csv:1: empty file: no header line`},
		{"header after blank lines", "\n\nid,queue,arrived,answered,ended,outcome\n", `test.csv:3: agent: no such column`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.input), simple(), "test.csv")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
			if sladesk.AsRecordError(err) == nil {
				t.Errorf("err %T, want *sladesk.RecordError", err)
			}
		})
	}

	t.Run("byte order mark and spaces", func(t *testing.T) {
		res := mustRead(t, simple(), "\ufeffid, queue ,arrived,answered,ended,outcome,agent\nA,s,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n")
		if len(res.calls) != 1 {
			t.Fatalf("rejects %v", res.rejects)
		}
	})
	t.Run("invalid mapping", func(t *testing.T) {
		_, err := NewReader(strings.NewReader(simpleHeader), Mapping{}, "test.csv")
		var me *MappingError
		if !errors.As(err, &me) || me.Field != "columns.arrival" {
			t.Fatalf("err = %v, want a MappingError on columns.arrival", err)
		}
	})
}

func TestReaderLongLine(t *testing.T) {
	long := "A,s," + strings.Repeat("x", maxRecord+10) + ",,,abandoned,\n"
	input := simpleHeader + long + "B,s,2024-05-02T10:00:00Z,,2024-05-02T10:00:10Z,abandoned,\n"
	res := mustRead(t, simple(), input)
	checkBriefs(t, res, []string{"B s abandoned wait=10s talk=0s agent="},
		[]string{fmt.Sprintf("2 : |line longer than %d bytes", maxRecord)})

	// A line longer than the buffer but within the limit is read whole.
	agent := strings.Repeat("a", bufferSize+100)
	res = mustRead(t, simple(), simpleHeader+"A,s,2024-05-02T10:00:00Z,2024-05-02T10:00:01Z,,answered,"+agent+"\n")
	if len(res.calls) != 1 || res.calls[0].Agent != agent {
		t.Fatalf("long agent not read: rejects %v", res.rejects)
	}
}

// TestReaderFatal checks that a read error other than the end is returned
// as is: fatal, not a record rejection.
func TestReaderFatal(t *testing.T) {
	boom := errors.New("disk on fire")
	r, err := NewReader(io.MultiReader(strings.NewReader(simpleHeader), errReader{boom}), simple(), "test.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Read()
	if !errors.Is(err, boom) || sladesk.AsRecordError(err) != nil {
		t.Fatalf("err = %v, want the read error", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestReaderAgentEvents(t *testing.T) {
	r, err := NewReader(strings.NewReader(simpleHeader+
		"A,s,2024-05-02T10:00:00Z,,2024-05-02T10:00:12Z,abandoned,ag7\n"+
		"B,s,2024-05-02T10:00:00Z,2024-05-02T10:00:01Z,,answered,ag8\n"), simple(), "test.csv")
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, r)
	if len(res.events) != 1 {
		t.Fatalf("events %+v, want one", res.events)
	}
	e := res.events[0]
	if e.Agent != "ag7" || e.Kind != sladesk.AgentRingNoAnswer || e.Line != 2 || e.Queue != "s" ||
		!e.Time.Equal(mustTime(t, "2024-05-02T10:00:12Z")) {
		t.Errorf("event %+v", e)
	}
}

// TestReaderDerivedAnswer checks a file with a wait column and no answer
// column: the answer time is arrival + wait.
func TestReaderDerivedAnswer(t *testing.T) {
	m := Mapping{ID: "id", FixedQueue: "q", Arrival: "arrived", Outcome: "outcome", WaitSeconds: "wait"}
	res := mustRead(t, m, "id,arrived,outcome,wait\nA,2024-05-02T10:00:00Z,answered,12\nB,2024-05-02T10:00:00Z,abandoned,7\nC,2024-05-02T10:00:00Z,abandoned,-1\n")
	checkBriefs(t, res, []string{"A q answered wait=12s talk=0s agent=", "B q abandoned wait=7s talk=0s agent="},
		[]string{`4 wait: |"-1" is not a number of seconds`})
	if !res.calls[0].AnsweredAt.Equal(mustTime(t, "2024-05-02T10:00:12Z")) {
		t.Errorf("answered at %s, want 10:00:12", res.calls[0].AnsweredAt)
	}
}
