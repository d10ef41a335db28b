package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sladesk/sladesk/demo"
)

// TestImportThenReport imports the example week into an embedded store,
// twice, and reports from it: the same objectives, intervals and queues as
// the report on the files, each call counted once.
func TestImportThenReport(t *testing.T) {
	dir := t.TempDir()
	files, err := demo.Write(filepath.Join(dir, "demo"), 0)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	for round, want := range []string{"call(s) added, 0 already held", "0 call(s) added"} {
		code, out, errOut := run(t, append([]string{"import", "--data", data}, files.Calls...)...)
		if code != exitOK || !strings.Contains(out, want) {
			t.Fatalf("import %d: exit %d, %s\n%s", round+1, code, errOut, out)
		}
	}

	type doc struct {
		Objectives, Intervals, Queues json.RawMessage
	}
	report := func(args ...string) doc {
		t.Helper()
		code, out, errOut := run(t, append([]string{"report", "--sla", files.SLA, "--format", "json"}, args...)...)
		if code != exitOK {
			t.Fatalf("report %v: exit %d: %s", args, code, errOut)
		}
		var d doc
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	fromFiles, fromStore := report(files.Calls...), report("--data", data)
	for name, pair := range map[string][2]json.RawMessage{
		"objectives": {fromStore.Objectives, fromFiles.Objectives},
		"intervals":  {fromStore.Intervals, fromFiles.Intervals},
		"queues":     {fromStore.Queues, fromFiles.Queues},
	} {
		var got, want any
		json.Unmarshal(pair[0], &got)
		json.Unmarshal(pair[1], &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s from the store differ from those of the files", name)
		}
	}
}

// TestImportRejected: a file with a bad record imports its good calls and
// lists the bad one; with --strict it imports nothing.
func TestImportRejected(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join("testdata", "golden", "calls.csv") // holds records that are rejected
	code, out, errOut := run(t, "import", "--data", filepath.Join(dir, "a"), "--strict", good)
	if code != exitError || !strings.Contains(errOut, "nothing imported") {
		t.Errorf("strict: exit %d, %s\n%s", code, errOut, out)
	}
	code, out, _ = run(t, "report", "--data", filepath.Join(dir, "a"))
	if code == exitOK {
		t.Errorf("report after a strict import that failed: exit 0, %s", out)
	}
	code, out, errOut = run(t, "import", "--data", filepath.Join(dir, "b"), good)
	if code != exitOK || !strings.Contains(out, "record(s) rejected") || !strings.Contains(out, "calls.csv:7") {
		t.Errorf("import: exit %d, %s\n%s", code, errOut, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "b", "sladesk.db")); err != nil {
		t.Error(err)
	}
}
