package bankdata

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sladesk/sladesk"
)

// FuzzReader checks that no input makes the reader panic or loop, that
// every error is io.EOF or a rejection with a line and a reason, and that
// every call returned keeps the invariants of sladesk.Call.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"calls-17col.tsv", "calls-fullyear.tsv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		// Each row alone under the header, so that mutations hit every
		// rule.
		lines := bytes.SplitAfter(data, []byte("\n"))
		for _, line := range lines[1:] {
			f.Add(append(append([]byte{}, lines[0]...), line...))
		}
	}
	f.Add([]byte(strings.ReplaceAll(header17, "\t", ",") + "\n"))
	f.Add([]byte(""))

	f.Fuzz(func(t *testing.T, data []byte) {
		Detect(data)
		r := NewReader(bytes.NewReader(data), Config{File: "fuzz"})
		// Each Read consumes at least one line, so a reader that
		// terminates makes at most one more call than there are lines.
		limit := bytes.Count(data, []byte("\n")) + 2
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("more than %d reads for %d lines", limit, limit-2)
			}
			c, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				re := sladesk.AsRecordError(err)
				if re == nil || re.Line <= 0 || re.Reason == "" {
					t.Fatalf("error %v: want io.EOF or a rejection with a line and a reason", err)
				}
				continue
			}
			if err := c.Validate(); err != nil {
				t.Fatalf("invalid call %+v: %v", c, err)
			}
			if c.Line <= 0 || c.ID == "" || c.Wait < 0 {
				t.Fatalf("call without line or ID, or with a negative wait: %+v", c)
			}
		}
		n := r.Counts()
		if n.Rows != n.Emitted+n.VRUOnly+n.Rejected || n.Phantom > n.Emitted {
			t.Fatalf("counts do not add up: %+v", n)
		}
	})
}
