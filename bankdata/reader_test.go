package bankdata

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// header17 is the header of the 17-column file.
const header17 = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\t" +
	"vru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver"

// tsv turns a row written with spaces between fields into a tab-separated
// one, for readable test cases.
func tsv(row string) string { return strings.Join(strings.Fields(row), "\t") }

// readAll reads every row of input and returns the calls, the rejections
// and the counts; it fails on a fatal error.
func readAll(t testing.TB, input string, cfg Config) ([]sladesk.Call, []*sladesk.RecordError, Counts) {
	t.Helper()
	r := NewReader(strings.NewReader(input), cfg)
	var calls []sladesk.Call
	var rejected []*sladesk.RecordError
	for {
		c, err := r.Read()
		if err == io.EOF {
			return calls, rejected, r.Counts()
		}
		if re := sladesk.AsRecordError(err); re != nil {
			rejected = append(rejected, re)
			continue
		}
		if err != nil {
			t.Fatalf("fatal error: %v", err)
		}
		calls = append(calls, c)
	}
}

// want is what a case expects of one row: a call, nothing (VRU-only), or
// a rejection of a column.
type want struct {
	vruOnly  bool
	reject   string // the rejected column; "-" for the whole row
	outcome  sladesk.Outcome
	queue    string
	id       string
	customer string
	agent    string
	arrived  string // RFC 3339, in the bank's zone
	answered string
	ended    string
	wait     time.Duration
	talk     time.Duration
}

func TestReadRow(t *testing.T) {
	tests := []struct {
		name string
		row  string
		want want
	}{
		{
			name: "answered without queueing, agent clock a second early",
			row:  tsv("AB0101 100 0 0 PS 990301 8:00:05 8:00:15 10 0:00:00 0:00:00 0 AGENT 8:00:14 8:02:14 120 RINA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0101/100", agent: "RINA",
				arrived: "1999-03-01T08:00:15+02:00", answered: "1999-03-01T08:00:15+02:00",
				ended: "1999-03-01T08:02:15+02:00", talk: 120 * time.Second,
			},
		},
		{
			name: "answered after queueing",
			row:  tsv("AB0101 101 12345678 2 NE 990301 8:10:00 8:10:06 6 8:10:06 8:10:21 15 AGENT 8:10:21 8:13:21 180 OREN"),
			want: want{
				outcome: sladesk.Answered, queue: "NE", id: "AB0101/101", customer: "12345678",
				agent: "OREN", arrived: "1999-03-01T08:10:06+02:00",
				answered: "1999-03-01T08:10:21+02:00", ended: "1999-03-01T08:13:21+02:00",
				wait: 15 * time.Second, talk: 180 * time.Second,
			},
		},
		{
			name: "answered by NO_SERVER",
			row:  tsv("AB0101 106 0 0 PS 990301 9:00:00 9:00:10 10 0:00:00 0:00:00 0 AGENT 9:00:10 9:00:15 5 NO_SERVER"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0101/106",
				arrived: "1999-03-01T09:00:10+02:00", answered: "1999-03-01T09:00:10+02:00",
				ended: "1999-03-01T09:00:15+02:00", talk: 5 * time.Second,
			},
		},
		{
			name: "AGENT with no service on record is answered when it leaves the queue",
			row:  tsv("AB0101 107 45678901 2 PS 990301 9:10:00 9:10:05 5 9:10:05 9:10:35 30 AGENT 0:00:00 0:00:00 0 DANA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0101/107", customer: "45678901",
				agent: "DANA", arrived: "1999-03-01T09:10:05+02:00",
				answered: "1999-03-01T09:10:35+02:00", ended: "1999-03-01T09:10:35+02:00",
				wait: 30 * time.Second,
			},
		},
		{
			name: "abandoned in queue",
			row:  tsv("AB0101 103 0 0 NW 990301 8:30:00 8:30:09 9 8:30:09 8:31:09 60 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{
				outcome: sladesk.Abandoned, queue: "NW", id: "AB0101/103",
				arrived: "1999-03-01T08:30:09+02:00", ended: "1999-03-01T08:31:09+02:00",
				wait: 60 * time.Second,
			},
		},
		{
			name: "abandoned in the same second as queued",
			row:  tsv("AB0102 204 0 0 NW 990302 9:10:00 9:10:10 10 9:10:10 9:10:10 0 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{
				outcome: sladesk.Abandoned, queue: "NW", id: "AB0102/204",
				arrived: "1999-03-02T09:10:10+02:00", ended: "1999-03-02T09:10:10+02:00",
			},
		},
		{
			name: "HANG with a service period is abandoned without talk",
			row:  tsv("AB0103 301 0 0 PS 990303 10:10:00 10:10:10 10 10:10:10 10:10:40 30 HANG 10:10:41 10:10:51 10 NO_SERVER"),
			want: want{
				outcome: sladesk.Abandoned, queue: "PS", id: "AB0103/301",
				arrived: "1999-03-03T10:10:10+02:00", ended: "1999-03-03T10:10:40+02:00",
				wait: 30 * time.Second,
			},
		},
		{
			name: "hung up in the voice menu",
			row:  tsv("AB0101 104 0 0 PS 990301 8:40:00 8:40:12 12 0:00:00 0:00:00 0 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{vruOnly: true},
		},
		{
			name: "hung up in the voice menu after midnight",
			row:  tsv("AB0102 202 0 0 NW 990302 0:10:00 0:10:20 20 0:00:00 0:00:00 0 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{vruOnly: true},
		},
		{
			name: "PHANTOM is returned as ignored",
			row:  tsv("AB0101 105 34567890 2 PS 990301 8:50:00 8:50:05 5 8:50:05 8:52:05 120 PHANTOM 8:52:04 8:53:04 60 NO_SERVER"),
			want: want{
				outcome: sladesk.Ignored, queue: "PS", id: "AB0101/105", customer: "34567890",
				arrived: "1999-03-01T08:50:05+02:00", ended: "1999-03-01T08:52:05+02:00",
				wait: 120 * time.Second,
			},
		},
		{
			name: "queue wait rolls over midnight",
			row:  tsv("AB0102 200 56789012 2 TT 990301 23:59:40 23:59:45 5 23:59:45 0:00:20 35 AGENT 0:00:19 0:04:19 240 OREN"),
			want: want{
				outcome: sladesk.Answered, queue: "TT", id: "AB0102/200", customer: "56789012",
				agent: "OREN", arrived: "1999-03-01T23:59:45+02:00",
				answered: "1999-03-02T00:00:19+02:00", ended: "1999-03-02T00:04:19+02:00",
				wait: 35 * time.Second, talk: 240 * time.Second,
			},
		},
		{
			name: "q_start 0:00:00 is a real midnight when q_exit and q_time say so",
			row:  tsv("AB0102 201 67890123 2 PS 990301 23:59:50 23:59:55 5 0:00:00 0:00:25 25 AGENT 0:00:25 0:02:25 120 DANA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0102/201", customer: "67890123",
				agent: "DANA", arrived: "1999-03-02T00:00:00+02:00",
				answered: "1999-03-02T00:00:25+02:00", ended: "1999-03-02T00:02:25+02:00",
				wait: 25 * time.Second, talk: 120 * time.Second,
			},
		},
		{
			name: "q_exit 0:00:00 is a real midnight when q_start and q_time say so",
			row:  tsv("AB0102 210 0 0 PS 990301 23:59:20 23:59:30 10 23:59:30 0:00:00 30 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{
				outcome: sladesk.Abandoned, queue: "PS", id: "AB0102/210",
				arrived: "1999-03-01T23:59:30+02:00", ended: "1999-03-02T00:00:00+02:00",
				wait: 30 * time.Second,
			},
		},
		{
			name: "ser_start 0:00:00 is a real midnight when ser_exit and ser_time say so",
			row:  tsv("AB0102 207 0 0 PS 990302 23:59:50 23:59:59 9 0:00:00 0:00:00 0 AGENT 0:00:00 0:00:40 40 RINA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0102/207", agent: "RINA",
				arrived: "1999-03-02T23:59:59+02:00", answered: "1999-03-03T00:00:00+02:00",
				ended: "1999-03-03T00:00:40+02:00", talk: 40 * time.Second,
			},
		},
		{
			name: "only the service rolls over midnight",
			row:  tsv("AB0102 206 0 0 PS 990302 23:58:00 23:58:10 10 0:00:00 0:00:00 0 AGENT 23:58:10 0:01:10 180 OREN"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0102/206", agent: "OREN",
				arrived: "1999-03-02T23:58:10+02:00", answered: "1999-03-02T23:58:10+02:00",
				ended: "1999-03-03T00:01:10+02:00", talk: 180 * time.Second,
			},
		},
		{
			name: "vru_exit before vru_entry is clock skew, not a day later",
			row:  tsv("AB0102 203 78901234 1 PS 990302 9:00:50 8:59:58 -52 8:59:58 9:01:00 62 AGENT 9:00:59 9:04:59 240 RINA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0102/203", customer: "78901234",
				agent: "RINA", arrived: "1999-03-02T08:59:58+02:00",
				answered: "1999-03-02T09:00:59+02:00", ended: "1999-03-02T09:04:59+02:00",
				wait: 62 * time.Second, talk: 240 * time.Second,
			},
		},
		{
			name: "agent clock behind arrival moves the service to the queue exit",
			row:  tsv("AB0103 300 89012345 2 PS 990303 10:00:00 10:00:05 5 10:00:05 10:01:40 95 AGENT 9:58:00 10:03:00 300 DANA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0103/300", customer: "89012345",
				agent: "DANA", arrived: "1999-03-03T10:00:05+02:00",
				answered: "1999-03-03T10:01:40+02:00", ended: "1999-03-03T10:06:40+02:00",
				wait: 95 * time.Second, talk: 300 * time.Second,
			},
		},
		{
			name: "customer id damaged into a float stays as written",
			row:  tsv("AB0102 205 6.02701E+11 2 PS 990302 9:20:00 9:20:06 6 9:20:06 9:20:16 10 AGENT 9:20:16 9:21:16 60 DANA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0102/205",
				customer: "6.02701E+11", agent: "DANA", arrived: "1999-03-02T09:20:06+02:00",
				answered: "1999-03-02T09:20:16+02:00", ended: "1999-03-02T09:21:16+02:00",
				wait: 10 * time.Second, talk: 60 * time.Second,
			},
		},
		{
			name: "summer time is +03:00",
			row:  tsv("AB0101 400 0 0 PS 990701 12:00:00 12:00:10 10 12:00:10 12:00:30 20 AGENT 12:00:30 12:01:30 60 RINA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0101/400", agent: "RINA",
				arrived: "1999-07-01T12:00:10+03:00", answered: "1999-07-01T12:00:30+03:00",
				ended: "1999-07-01T12:01:30+03:00", wait: 20 * time.Second,
				talk: 60 * time.Second,
			},
		},
		{
			name: "ISO date",
			row:  tsv("AB0101 401 0 0 PS 1999-03-01 8:00:05 8:00:15 10 0:00:00 0:00:00 0 AGENT 8:00:15 8:01:15 60 RINA"),
			want: want{
				outcome: sladesk.Answered, queue: "PS", id: "AB0101/401", agent: "RINA",
				arrived: "1999-03-01T08:00:15+02:00", answered: "1999-03-01T08:00:15+02:00",
				ended: "1999-03-01T08:01:15+02:00", talk: 60 * time.Second,
			},
		},

		// Rejections.
		{
			name: "negative q_time",
			row:  tsv("AB0103 302 0 0 PS 990303 10:20:00 10:20:05 5 10:20:05 10:20:00 -5 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "q_time"},
		},
		{
			name: "hour 25",
			row:  tsv("AB0103 303 0 0 PS 990303 10:30:00 25:00:00 5 0:00:00 0:00:00 0 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "vru_exit"},
		},
		{
			name: "time without seconds",
			row:  tsv("AB0103 303 0 0 PS 990303 10:30 10:30:05 5 0:00:00 0:00:00 0 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "vru_entry"},
		},
		{
			name: "unknown outcome",
			row:  tsv("AB0103 304 0 0 PS 990303 10:40:00 10:40:05 5 10:40:05 10:40:10 5 TRANSFER 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "outcome"},
		},
		{
			name: "missing column",
			row:  tsv("AB0103 305 0 0 PS 990303 10:50:00 10:50:05 5 10:50:05 10:50:10 5 HANG 0:00:00 0:00:00 0"),
			want: want{reject: "-"},
		},
		{
			name: "extra column",
			row:  tsv("AB0103 305 0 0 PS 990303 10:50:00 10:50:05 5 10:50:05 10:50:10 5 HANG 0:00:00 0:00:00 0 NO_SERVER X"),
			want: want{reject: "-"},
		},
		{
			name: "queued with q_start missing",
			row:  tsv("AB0103 306 0 0 PS 990303 11:00:00 11:00:05 5 0:00:00 11:00:35 30 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "q_start"},
		},
		{
			name: "queued with q_exit missing",
			row:  tsv("AB0103 306 0 0 PS 990303 11:00:00 11:00:05 5 11:00:05 0:00:00 30 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "q_exit"},
		},
		{
			name: "q_time without queue times",
			row:  tsv("AB0103 306 0 0 PS 990303 11:00:00 11:00:05 5 0:00:00 0:00:00 30 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "q_start"},
		},
		{
			name: "service period does not add up",
			row:  tsv("AB0103 308 0 0 PS 990303 11:20:00 11:20:05 5 11:20:05 11:20:15 10 AGENT 11:20:15 11:21:15 50 DANA"),
			want: want{reject: "ser_exit"},
		},
		{
			name: "February 30",
			row:  tsv("AB0103 307 0 0 PS 990230 11:10:00 11:10:05 5 11:10:05 11:10:10 5 HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "date"},
		},
		{
			name: "empty type",
			row:  "AB0103\t309\t0\t0\t \t990303\t11:30:00\t11:30:05\t5\t11:30:05\t11:30:10\t5\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
			want: want{reject: "type"},
		},
		{
			name: "q_time not a number",
			row:  tsv("AB0103 310 0 0 PS 990303 11:40:00 11:40:05 5 11:40:05 11:40:10 5s HANG 0:00:00 0:00:00 0 NO_SERVER"),
			want: want{reject: "q_time"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, rejected, counts := readAll(t, header17+"\r\n"+tt.row+"\r\n", Config{File: "t.tsv"})
			checkRow(t, tt.want, calls, rejected, counts)
		})
	}
}

// checkRow checks what reading a single row gave against w.
func checkRow(t *testing.T, w want, calls []sladesk.Call, rejected []*sladesk.RecordError, counts Counts) {
	t.Helper()
	if counts.Rows != 1 {
		t.Fatalf("counts.Rows = %d, want 1", counts.Rows)
	}
	switch {
	case w.reject != "":
		if len(rejected) != 1 || len(calls) != 0 || counts.Rejected != 1 {
			t.Fatalf("got %d calls, rejections %v; want one rejection of %s", len(calls), rejected, w.reject)
		}
		re := rejected[0]
		field := strings.Replace(w.reject, "-", "", 1)
		if re.Field != field || re.Line != 2 || re.File != "t.tsv" || re.Reason == "" {
			t.Errorf("rejection %q (field %q, line %d), want field %q on t.tsv:2", re, re.Field, re.Line, field)
		}
		return
	case len(rejected) > 0:
		t.Fatalf("rejected: %v", rejected[0])
	case w.vruOnly:
		if len(calls) != 0 || counts.VRUOnly != 1 {
			t.Fatalf("got %d calls, VRUOnly %d; want none and 1", len(calls), counts.VRUOnly)
		}
		return
	case len(calls) != 1:
		t.Fatalf("got %d calls, want 1", len(calls))
	}
	checkCall(t, w, &calls[0])
}

// checkCall compares a call with the expected fields.
func checkCall(t *testing.T, w want, c *sladesk.Call) {
	t.Helper()
	got := want{outcome: c.Outcome, queue: c.Queue, id: c.ID, customer: c.Customer,
		agent: c.Agent, arrived: rfc3339(c.Arrived), answered: rfc3339(c.AnsweredAt),
		ended: rfc3339(c.Ended), wait: c.Wait, talk: c.Talk}
	if got != w {
		t.Errorf("call\n got %+v\nwant %+v", got, w)
	}
	if c.ContactID != c.ID || c.Source != "t.tsv" || c.Line != 2 {
		t.Errorf("ContactID %q, Source %q, Line %d; want %q, t.tsv, 2", c.ContactID, c.Source, c.Line, c.ID)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("invalid call: %v", err)
	}
}

// rfc3339 formats t in its own zone, "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// TestVariants reads the same rows in the 17-column layout and in the
// full-year variant (row number, vru.line, " PS", day of the week, LF),
// checks each against its golden file and checks that both give the same
// calls.
func TestVariants(t *testing.T) {
	var got [2][]sladesk.Call
	for i, name := range []string{"calls-17col", "calls-fullyear"} {
		data, err := os.ReadFile(filepath.Join("testdata", name+".tsv"))
		if err != nil {
			t.Fatal(err)
		}
		calls, rejected, counts := readAll(t, string(data), Config{File: name})
		checkGolden(t, filepath.Join("testdata", name+".golden"), describe(calls, rejected, counts))
		for j := range calls {
			calls[j].Source = ""
		}
		got[i] = calls
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("the variants give different calls")
	}
}

// checkGolden compares got with the golden file at path, or rewrites the
// file with -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("differs from %s (rerun with -update to accept):\n%s", path, got)
	}
}

// describe renders calls, rejections and counts one per line.
func describe(calls []sladesk.Call, rejected []*sladesk.RecordError, counts Counts) string {
	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "%d %s %s %s arrived=%s wait=%s answered=%s ended=%s talk=%s agent=%q customer=%q\n",
			c.Line, c.ID, c.Queue, c.Outcome, rfc3339(c.Arrived), c.Wait, rfc3339(c.AnsweredAt),
			rfc3339(c.Ended), c.Talk, c.Agent, c.Customer)
	}
	for _, re := range rejected {
		fmt.Fprintf(&b, "%d rejected %s: %s\n", re.Line, re.Field, re.Reason)
	}
	fmt.Fprintf(&b, "%+v\n", counts)
	return b.String()
}

func TestHeader(t *testing.T) {
	row := tsv("AB0101 101 0 0 PS 990301 8:10:00 8:10:06 6 8:10:06 8:10:21 15 AGENT 8:10:21 8:13:21 180 OREN")
	tests := []struct {
		name  string
		input string
		calls int
		field string // the header rejection's Reason mentions it; "" for none
	}{
		{"17 columns", header17 + "\n" + row + "\n", 1, ""},
		{"vru.line, quoted, upper case", strings.ReplaceAll(`"VRU.LINE"`+header17[8:], "\t", "\t") + "\n" + row, 1, ""},
		{"R header without the row-number column", strings.Replace(header17, "vru+line", "vru.line", 1) + "\tday\n" +
			"7\t" + row + "\tMon\n", 1, ""},
		{"comma-separated", strings.ReplaceAll(header17, "\t", ",") + "\n" + strings.ReplaceAll(row, "\t", ",") + "\n", 1, ""},
		{"byte order mark and blank lines", "\ufeff" + header17 + "\r\n\r\n" + row + "\r\n\r\n", 1, ""},
		{"no final line end", header17 + "\n" + row, 1, ""},
		{"missing column", strings.Replace(header17, "q_time", "q_wait", 1) + "\n" + row + "\n", 0, "q_time"},
		{"repeated column", header17 + "\tserver\n" + row + "\tX\n", 0, "server"},
		{"not this layout", "date,queue,calls\n2024-01-01,sales,3\n", 0, "vru+line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.input), Config{File: "h.tsv"})
			var calls int
			var headerErr *sladesk.RecordError
			for {
				_, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					headerErr = sladesk.AsRecordError(err)
					if headerErr == nil || !errors.Is(err, ErrHeader) {
						t.Fatalf("error %v, want a header rejection", err)
					}
					continue
				}
				calls++
			}
			if calls != tt.calls {
				t.Errorf("%d calls, want %d", calls, tt.calls)
			}
			switch {
			case tt.field == "" && headerErr != nil:
				t.Errorf("header rejected: %v", headerErr)
			case tt.field != "" && (headerErr == nil || !strings.Contains(headerErr.Reason, tt.field) || headerErr.Line != 1):
				t.Errorf("header rejection %v, want one on line 1 naming %s", headerErr, tt.field)
			}
			if got := Detect([]byte(tt.input)); got != (tt.field == "") {
				t.Errorf("Detect = %v, want %v", got, tt.field == "")
			}
		})
	}
}

// TestLongLine checks that a line too long for the buffer is one
// rejection and that reading goes on after it.
func TestLongLine(t *testing.T) {
	row := tsv("AB0101 101 0 0 PS 990301 8:10:00 8:10:06 6 8:10:06 8:10:21 15 AGENT 8:10:21 8:13:21 180 OREN")
	input := header17 + "\n" + strings.Repeat("x", 3*bufferSize) + "\n" + row + "\n"
	calls, rejected, counts := readAll(t, input, Config{File: "l.tsv"})
	if len(calls) != 1 || len(rejected) != 1 || rejected[0].Line != 2 || counts.Rows != 2 {
		t.Errorf("calls %d, rejected %v, counts %+v; want 1 call after a rejection of line 2",
			len(calls), rejected, counts)
	}
}

// TestReadError checks that an error of the underlying reader is fatal and
// stays.
func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := NewReader(io.MultiReader(strings.NewReader(header17+"\n"), errReader{boom}), Config{File: "e.tsv"})
	for range 2 {
		if _, err := r.Read(); !errors.Is(err, boom) || sladesk.AsRecordError(err) != nil {
			t.Fatalf("error %v, want the read error, not a rejection", err)
		}
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestLocation checks that Config.Location is used.
func TestLocation(t *testing.T) {
	row := tsv("AB0101 101 0 0 PS 990301 8:10:00 8:10:06 6 8:10:06 8:10:21 15 AGENT 8:10:21 8:13:21 180 OREN")
	calls, _, _ := readAll(t, header17+"\n"+row+"\n", Config{Location: time.UTC})
	if len(calls) != 1 || rfc3339(calls[0].Arrived) != "1999-03-01T08:10:06Z" {
		t.Fatalf("calls %+v, want one arriving at 08:10:06 UTC", calls)
	}
}

// TestDaylightSaving checks calls across the changes of 1999 (Israel went
// from +02:00 to +03:00 at 02:00 on 2 April, and back at 02:00 on 3
// September): a period may add up on the wall clock or in elapsed time.
// A call that arrives in the hour repeated in September is rejected (see
// TestDaylightSavingAmbiguous).
func TestDaylightSaving(t *testing.T) {
	tests := []struct {
		name, row, answered string
	}{
		{
			name:     "spring, elapsed time",
			row:      tsv("AB0101 500 0 0 PS 990402 1:58:00 1:58:10 10 1:58:10 1:59:10 60 AGENT 1:59:10 3:01:10 120 RINA"),
			answered: "01:59:10",
		},
		{
			name:     "spring, wall clock",
			row:      tsv("AB0101 501 0 0 PS 990402 1:58:00 1:58:10 10 1:58:10 1:59:10 60 AGENT 1:59:10 3:01:10 3720 RINA"),
			answered: "01:59:10",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, rejected, _ := readAll(t, header17+"\n"+tt.row+"\n", Config{})
			if len(rejected) > 0 || len(calls) != 1 {
				t.Fatalf("calls %d, rejected %v", len(calls), rejected)
			}
			c := calls[0]
			if got := c.AnsweredAt.Format(time.TimeOnly); got != tt.answered || c.Ended.Sub(c.AnsweredAt) != c.Talk {
				t.Errorf("answered %s, ended %s, talk %s; want answered at %s and ended after the talk",
					rfc3339(c.AnsweredAt), rfc3339(c.Ended), c.Talk, tt.answered)
			}
		})
	}
}

// TestDaylightSavingAmbiguous: an arrival in the hour Israel's clocks
// repeated on 3 September 1999, or in the hour they skipped on 2 April,
// cannot be placed on one instant and is rejected naming the column.
func TestDaylightSavingAmbiguous(t *testing.T) {
	for _, row := range []string{
		tsv("AB0101 502 0 0 PS 990903 1:58:00 1:58:10 10 1:58:10 1:59:10 60 AGENT 1:59:10 1:01:10 120 RINA"),
		tsv("AB0101 503 0 0 PS 990402 2:10:00 2:10:10 10 2:10:10 2:11:10 60 AGENT 2:11:10 2:13:10 120 RINA"),
	} {
		calls, rejected, _ := readAll(t, header17+"\n"+row+"\n", Config{})
		if len(calls) != 0 || len(rejected) != 1 || !strings.Contains(rejected[0].Error(), "q_start: local time") {
			t.Errorf("calls %d, rejected %v; want the row rejected at q_start", len(calls), rejected)
		}
	}
}
