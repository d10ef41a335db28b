package queuelog

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/internal/shared"
)

// FuzzReader checks that for any input the Reader ends, never panics,
// returns only io.EOF or a *sladesk.RecordError with a line and a reason,
// and returns only calls that pass Call.Validate. Detect and a Writer ->
// Reader round trip of what was read must not fail either.
func FuzzReader(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.queue_log")
	originals, _ := filepath.Glob(shared.Path("cases", "queue-log-*", "queue_log"))
	for _, path := range append(seeds, originals...) {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1\n" +
		"1699999950|1.1|sales|PJSIP/201|CONNECT|-5|1.2|2\n" +
		"1700000070|1.1|sales|PJSIP/201|COMPLETECALLER|5|60|1\n" +
		"2024-02-20 14:00:00|2.1|sales|NONE|ENTERQUEUE||5552|1\n" +
		"1700000100|NONE|NONE|NONE|QUEUESTART|\n"))

	f.Fuzz(func(t *testing.T, input []byte) {
		Detect(input)
		r := NewReader(bytes.NewReader(input), Config{File: "fuzz",
			OnAgentEvent: func(sladesk.AgentEvent) {}})
		var calls []sladesk.Call
		// Every line gives at most a few results (a line, a segment cut
		// off by it); more than this means the Reader does not end.
		limit := 4*bytes.Count(input, []byte("\n")) + 8
		for n := 0; ; n++ {
			if n > limit {
				t.Fatalf("more than %d results: the Reader does not end", limit)
			}
			c, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				checkRecordError(t, err)
				continue
			}
			if err := c.Validate(); err != nil {
				t.Fatalf("Read returned an invalid call %+v: %v", c, err)
			}
			calls = append(calls, c)
		}
		roundTrip(t, calls)
	})
}

func checkRecordError(t *testing.T, err error) {
	t.Helper()
	e, ok := err.(*sladesk.RecordError)
	if !ok {
		t.Fatalf("Read error %v (%T) is neither io.EOF nor a *sladesk.RecordError", err, err)
	}
	if e.Line <= 0 || e.Reason == "" || e.File != "fuzz" {
		t.Fatalf("RecordError %+v lacks its file, line or reason", e)
	}
}

// roundTrip writes what was read and reads it back: every call the Writer
// accepts must be read back without a rejection.
func roundTrip(t *testing.T, calls []sladesk.Call) {
	sort.SliceStable(calls, func(i, j int) bool { return calls[i].Arrived.Before(calls[j].Arrived) })
	var buf bytes.Buffer
	w := NewWriter(&buf)
	written := 0
	for _, c := range calls {
		if w.Write(c) == nil {
			written++
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	// The Writer puts a segment's lines at their own times, while the
	// first read may have seen them out of order; a segment longer than
	// StaleAfter is then cut off in one read and not the other.
	r := NewReader(&buf, Config{File: "fuzz", StaleAfter: 1 << 62})
	read := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading back what the Writer wrote: %v\n%s", err, buf.String())
		}
		read++
	}
	if read != written {
		t.Fatalf("wrote %d calls, read back %d:\n%s", written, read, buf.String())
	}
}
