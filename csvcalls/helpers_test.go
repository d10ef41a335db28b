package csvcalls

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/internal/shared"
)

// readResult is everything a reader returned: calls and rejections.
type readResult struct {
	calls   []sladesk.Call
	rejects []*sladesk.RecordError
	events  []sladesk.AgentEvent
}

// readAll reads r to the end; a fatal error fails the test.
func readAll(tb testing.TB, r *Reader) readResult {
	tb.Helper()
	var res readResult
	r.AgentEvent = func(e sladesk.AgentEvent) { res.events = append(res.events, e) }
	for {
		c, err := r.Read()
		var re *sladesk.RecordError
		switch {
		case errors.Is(err, io.EOF):
			return res
		case errors.As(err, &re):
			res.rejects = append(res.rejects, re)
		case err != nil:
			tb.Fatalf("fatal error: %v", err)
		default:
			res.calls = append(res.calls, c)
		}
	}
}

// mustRead reads a CSV text through m.
func mustRead(tb testing.TB, m Mapping, text string) readResult {
	tb.Helper()
	r, err := NewReader(strings.NewReader(text), m, "test.csv")
	if err != nil {
		tb.Fatalf("NewReader: %v", err)
	}
	return readAll(tb, r)
}

// mustLoad loads a mapping file.
func mustLoad(tb testing.TB, path string) Mapping {
	tb.Helper()
	m, err := LoadMapping(path)
	if err != nil {
		tb.Fatalf("LoadMapping: %v", err)
	}
	return m
}

// caseInputs returns the paths of a case's input: this package's copy
// under testdata and, when the shared cases are checked out beside the
// repository, the original.
func caseInputs(tb testing.TB, caseName, file string) map[string]string {
	tb.Helper()
	inputs := map[string]string{"testdata": filepath.Join("testdata", "cases", caseName, file)}
	original := shared.Path("cases", caseName, file)
	if _, err := os.Stat(original); err == nil {
		inputs["shared"] = original
	} else {
		tb.Logf("shared case %s not found; testing the copy only", original)
	}
	return inputs
}

func readFile(tb testing.TB, path string, m Mapping) readResult {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r, err := NewReader(f, m, path)
	if err != nil {
		tb.Fatalf("NewReader: %v", err)
	}
	return readAll(tb, r)
}

func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func sec(n float64) time.Duration { return time.Duration(n * float64(time.Second)) }
