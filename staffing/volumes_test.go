package staffing_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/staffing"
)

// TestReadVolumes checks files the reader accepts in full.
func TestReadVolumes(t *testing.T) {
	nine := time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC) // 09:00+01:00
	tests := []struct {
		name   string
		csv    string
		length time.Duration
		want   []staffing.IntervalLoad
	}{
		{"length from the caller",
			"queue,start,calls,aht_seconds\n" +
				"sales,2025-03-03T09:00:00+01:00,100,180\n" +
				"sales,2025-03-03T09:30:00+01:00,12.5,200\n",
			30 * time.Minute,
			[]staffing.IntervalLoad{
				{Queue: "sales", Start: nine, Length: 30 * time.Minute, Calls: 100, AHT: 180},
				{Queue: "sales", Start: nine.Add(30 * time.Minute), Length: 30 * time.Minute,
					Calls: 12.5, AHT: 200},
			}},
		{"length column, columns in any order, extra column, BOM, spaces, blank line",
			"\ufeffcalls, queue ,note,start,length_minutes,aht_seconds\n" +
				"100, billing ,x,2025-03-03T08:00:00Z,15,180\n" +
				"\n" +
				"0,billing,,2025-03-03T08:15:00Z,,0\n",
			45 * time.Minute,
			[]staffing.IntervalLoad{
				{Queue: "billing", Start: nine, Length: 15 * time.Minute, Calls: 100, AHT: 180},
				{Queue: "billing", Start: nine.Add(15 * time.Minute), Length: 45 * time.Minute},
			}},
		{"header only", "queue,start,calls,aht_seconds\n", time.Hour, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loads, rejects, err := staffing.ReadVolumes(strings.NewReader(tt.csv), "f.csv", tt.length)
			if err != nil || len(rejects) > 0 {
				t.Fatalf("ReadVolumes: %v, rejects %v", err, rejects)
			}
			if len(loads) != len(tt.want) {
				t.Fatalf("%d loads, want %d", len(loads), len(tt.want))
			}
			for i, l := range loads {
				w := tt.want[i]
				if l.Queue != w.Queue || !l.Start.Equal(w.Start) || l.Length != w.Length ||
					l.Calls != w.Calls || l.AHT != w.AHT {
					t.Errorf("load %d = %+v, want %+v", i, l, w)
				}
			}
		})
	}
}

// TestReadVolumesRejects checks that each bad row is rejected naming its
// line and column, and that the good rows around it are kept.
func TestReadVolumesRejects(t *testing.T) {
	const header = "queue,start,calls,aht_seconds,length_minutes\n"
	const good = "sales,2025-03-03T09:00:00+01:00,100,180,30\n"
	tests := []struct {
		name  string
		row   string
		field string
		in    string // in the reason
	}{
		{"bad time", "sales,2025-03-03 09:30,100,180,30\n", "start", "RFC 3339"},
		{"time without offset", "sales,2025-03-03T09:30:00,100,180,30\n", "start", "offset"},
		{"negative calls", "sales,2025-03-03T09:30:00+01:00,-5,180,30\n", "calls", "negative"},
		{"calls not a number", "sales,2025-03-03T09:30:00+01:00,many,180,30\n", "calls", "not a number"},
		{"calls NaN", "sales,2025-03-03T09:30:00+01:00,NaN,180,30\n", "calls", "not a number"},
		{"AHT with a Go digit separator", "sales,2025-03-03T09:30:00+01:00,100,1_80,30\n", "aht_seconds",
			"not a number"},
		{"calls in hexadecimal", "sales,2025-03-03T09:30:00+01:00,0x64,180,30\n", "calls", "not a number"},
		{"AHT 0 with calls", "sales,2025-03-03T09:30:00+01:00,100,0,30\n", "aht_seconds", "0 seconds"},
		{"length 0", "sales,2025-03-03T09:30:00+01:00,100,180,0\n", "length_minutes", "length"},
		{"length over a week", "sales,2025-03-03T09:30:00+01:00,100,180,10081\n",
			"length_minutes", "length"},
		{"empty length, none given", "sales,2025-03-03T09:30:00+01:00,100,180,\n",
			"length_minutes", "empty"},
		{"empty queue", ",2025-03-03T09:30:00+01:00,100,180,30\n", "queue", "empty"},
		{"missing column", "sales,2025-03-03T09:30:00+01:00,100,180\n", "", "4 fields, the header has 5"},
		{"same queue and start", "sales,2025-03-03T08:00:00Z,7,180,30\n", "start", "on line 2"},
		{"stray quote", "sales,2025-03-03T09:30:00+01:00,1\"00,180,30\n", "", "not valid CSV"},
		// Read as CSV across lines, the open quote would take the next
		// row into its field.
		{"unclosed quote", "\"sales,2025-03-03T09:30:00+01:00,100,180,30\n", "", "not valid CSV"},
		{"off the grid", "sales,2025-03-03T09:37:00+01:00,100,180,30\n", "start", "not on the grid"},
		// The rows after a line over the limit are still read, and the
		// line itself costs no more memory than the limit.
		{"line over 1 MiB", strings.Repeat("x", 1<<20+10) + "\n", "", "longer than 1048576 bytes"},
		{"carriage return inside", "sales,2025-03-03T09:30:00+01:00,100,180,30\rsales,x\n", "",
			"carriage return"},
		{"workload over a million Erlangs", "sales,2025-03-03T09:30:00+01:00,1e8,180,30\n", "calls",
			"1e+07 Erlangs of work, above the 1e+06"},
		{"length under a second", "sales,2025-03-03T09:30:00+01:00,100,180,1e-20\n", "length_minutes",
			"shorter than a second"},
		{"another length at the same start", "billing,2025-03-03T09:00:00+01:00,100,180,60\n",
			"length_minutes", "lasts 30m0s on line 2, 1h0m0s here"},
		{"corrupt year", "sales,9999-03-03T09:30:00+01:00,100,180,30\n", "start", "the year 9999"},
		{"overlapping an earlier row", "sales,2025-03-03T09:15:00+01:00,100,180,15\n", "start",
			"overlaps the one at 2025-03-03T09:00:00+01:00 on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := header + good + tt.row + strings.Replace(good, "09:00", "10:00", 1)
			loads, rejects, err := staffing.ReadVolumes(strings.NewReader(in), "day.csv", 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(loads) != 2 || len(rejects) != 1 {
				t.Fatalf("%d loads, rejects %v; want 2 loads and 1 reject", len(loads), rejects)
			}
			re := rejects[0]
			if re.File != "day.csv" || re.Line != 3 || re.Field != tt.field ||
				!strings.Contains(re.Reason, tt.in) {
				t.Errorf("reject %q; want day.csv:3: %s: ...%s...", re, tt.field, tt.in)
			}
		})
	}
}

// TestReadVolumesHeader checks the header faults that end the read.
func TestReadVolumesHeader(t *testing.T) {
	tests := []struct {
		name   string
		csv    string
		length time.Duration
		field  string
		in     string
	}{
		{"empty file", "", time.Hour, "", "no header"},
		{"missing calls", "queue,start,aht_seconds\n", time.Hour, "calls", "no such column"},
		{"no length anywhere", "queue,start,calls,aht_seconds\n", 0,
			"length_minutes", "no interval length"},
		{"column twice", "queue,start,calls,calls,aht_seconds\n", time.Hour, "calls", "more than once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := staffing.ReadVolumes(strings.NewReader(tt.csv), "f.csv", tt.length)
			re := sladesk.AsRecordError(err)
			if re == nil || re.Line != 1 || re.Field != tt.field || !strings.Contains(re.Reason, tt.in) {
				t.Errorf("ReadVolumes: %v; want f.csv:1: %s: ...%s...", err, tt.field, tt.in)
			}
		})
	}
}

// failingReader fails after its text.
type failingReader struct{ text *strings.Reader }

func (f failingReader) Read(p []byte) (int, error) {
	if f.text.Len() == 0 {
		return 0, errors.New("disk on fire")
	}
	return f.text.Read(p)
}

// TestReadVolumesReadError checks that a failing reader ends the read with
// its error, not a rejected row.
func TestReadVolumesReadError(t *testing.T) {
	r := failingReader{strings.NewReader(
		"queue,start,calls,aht_seconds\nsales,2025-03-03T08:00:00Z,1,180\n")}
	_, _, err := staffing.ReadVolumes(r, "f.csv", time.Hour)
	if err == nil || !strings.Contains(err.Error(), "disk on fire") ||
		sladesk.AsRecordError(err) != nil {
		t.Errorf("ReadVolumes: %v; want the reader's error", err)
	}
}

// FuzzReadVolumes checks that no input panics, that every rejection says
// where and why, and that every load read is one Plan accepts.
func FuzzReadVolumes(f *testing.F) {
	f.Add("queue,start,calls,aht_seconds\nsales,2025-03-03T09:00:00+01:00,100,180\n")
	f.Add("queue,start,calls,aht_seconds,length_minutes\n" +
		"b,2025-03-03T08:00:00Z,0,0,\nb,x,-1,1,1e308\n")
	f.Add("calls,queue\n\"1,2\n")
	f.Add("queue,start,calls,aht_seconds\n\"a\"b,,,\n,,,,,\n")
	f.Fuzz(func(t *testing.T, in string) {
		loads, rejects, err := staffing.ReadVolumes(strings.NewReader(in), "f.csv", 30*time.Minute)
		if err != nil {
			if re := sladesk.AsRecordError(err); re == nil || re.Line < 1 || re.Reason == "" {
				t.Fatalf("fatal error %v is not a record error on a line", err)
			}
			return
		}
		for _, re := range rejects {
			if re.Line < 1 || re.Reason == "" || re.File != "f.csv" {
				t.Fatalf("reject %+v lacks its file, line or reason", re)
			}
		}
		for _, l := range loads {
			if l.Queue == "" || l.Length <= 0 || !(l.Calls >= 0) || math.IsInf(l.Calls, 0) ||
				!(l.AHT >= 0) || math.IsInf(l.AHT, 0) || (l.AHT == 0 && l.Calls > 0) {
				t.Fatalf("load %+v is out of range", l)
			}
		}
	})
}

// A forecast with a bad row: the good rows are planned, the bad one is
// reported with its line and column.
func ExampleReadVolumes() {
	const forecast = `queue,start,calls,aht_seconds
sales,2025-03-03T09:00:00+01:00,100,180
sales,2025-03-03T09:30:00+01:00,-3,180
billing,2025-03-03T09:00:00+01:00,100,180
`
	loads, rejects, err := staffing.ReadVolumes(strings.NewReader(forecast), "monday.csv",
		30*time.Minute)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, re := range rejects {
		fmt.Println("rejected:", re)
	}
	cfg := staffing.PlanConfig{Targets: staffing.Targets{ServiceLevel: 0.8, Threshold: 20},
		Shrinkage: 0.3, PaidHoursPerFTE: 7.5}
	res, err := staffing.Plan(loads, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d loads, %d intervals, separate %d\n",
		len(res.Queues), len(res.Intervals), res.Intervals[0].Separate)
	// Output:
	// rejected: monday.csv:3: calls: -3 is negative
	// 2 loads, 1 intervals, separate 28
}
