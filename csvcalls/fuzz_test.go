package csvcalls

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

// fuzzMappings are the mappings FuzzReader reads its input with; the
// fuzzer picks one with its second argument.
func fuzzMappings(tb testing.TB) []Mapping {
	tb.Helper()
	load := func(name string) Mapping {
		return mustLoad(tb, filepath.Join("testdata", "cases", name, "mapping.yaml"))
	}
	cdr := load("cdr-ring-rows")
	cdr.MergeWindow = 5 * time.Second // short, so that groups close mid-file
	dst := load("dst-days")
	dst.Ambiguous = AmbiguousLater
	quoted := NativeMapping()
	quoted.AgentPattern = `^(\w+)`
	return []Mapping{
		NativeMapping(), cdr, load("interval-boundary"), load("negative-wait"), dst,
		mergeMapping(0), quoted,
	}
}

// FuzzReader reads any input with each mapping: no panic; every error is
// io.EOF or a *sladesk.RecordError with a line and a reason; every call
// passes Call.Validate; and reading ends.
func FuzzReader(f *testing.F) {
	seeds := []string{
		"cdr-ring-rows/cdr.csv", "interval-boundary/calls.csv", "negative-wait/chats.csv",
		"dst-days/calls.csv", "dst-days/epochs.csv",
	}
	mappings := fuzzMappings(f)
	for i, s := range seeds {
		data, err := os.ReadFile(filepath.Join("testdata", "cases", s))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(i+1))
	}
	f.Add(nativeFile(f, 20), uint8(0))
	f.Add([]byte(NativeHeader+"\n\"A\n\",\"A\"\"\",q,2024-05-02T10:00:00Z,,,abandoned,,,1,,,\n"), uint8(6))
	f.Add([]byte(simpleHeader+clockTimes("A,s,00:00,,00:10,abandoned,\nB,s,00:30,,00:40,abandoned,\nA,s,00:05,,00:15,abandoned,\n")), uint8(5))

	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		m := mappings[int(which)%len(mappings)]
		r, err := NewReader(bytes.NewReader(data), m, "fuzz.csv")
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		limit := 2*bytes.Count(data, []byte("\n")) + 4
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("more than %d results from %d lines: reading does not end", limit, bytes.Count(data, []byte("\n")))
			}
			c, err := r.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				checkFuzzError(t, err)
				continue
			}
			if err := c.Validate(); err != nil || c.Line <= 0 {
				t.Fatalf("emitted call fails validation (%v) or has no line: %+v", err, c)
			}
		}
	})
}

func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var re *sladesk.RecordError
	if !errors.As(err, &re) || re.Line <= 0 || re.Reason == "" || re.File != "fuzz.csv" {
		t.Fatalf("error %v (%T): want a *sladesk.RecordError with file, line and reason", err, err)
	}
}
