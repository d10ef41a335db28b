package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodes checks the exit code and message of mistakes on the
// command line and in the input.
func TestExitCodes(t *testing.T) {
	good := filepath.Join("testdata", "golden", "calls.csv")
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"no command", nil, exitUsage, "Usage: sladesk COMMAND"},
		{"help", []string{"--help"}, exitOK, "Commands:"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"report help", []string{"report", "--help"}, exitOK, "-sla file"},
		{"demo help", []string{"demo", "-h"}, exitOK, "-dir directory"},
		{"generate help", []string{"generate", "--help"}, exitOK, "-calls number"},
		{"no files", []string{"report"}, exitUsage, "no call-record files given"},
		{"unknown flag", []string{"report", "--nope", good}, exitUsage, "flag provided but not defined"},
		{"bad format", []string{"report", "--format", "xml", good}, exitUsage, `unknown --format "xml"`},
		{"bad interval", []string{"report", "--interval", "7m", good}, exitUsage, "want 15m, 30m or 60m"},
		{"bad zone", []string{"report", "--tz", "Mars/Base", good}, exitUsage, `unknown --tz "Mars/Base"`},
		{"bad rows", []string{"report", "--format", "csv", "--rows", "nope", good}, exitUsage,
			`unknown --rows "nope"`},
		{"missing file", []string{"report", "no-such-file.csv"}, exitError, "no-such-file.csv"},
		{"bad SLA", []string{"report", "--sla", good, good}, exitError, "calls.csv:1:1"},
		{"strict stops", []string{"report", "--strict", good}, exitError,
			"calls.csv:7: answered: answered before queued"},
		{"rows without csv", []string{"report", "--rows", "intervals", good}, exitUsage,
			"--rows chooses the table of --format csv"},
		{"flags after files", []string{"report", good, "--format", "nope"}, exitUsage, `unknown --format "nope"`},
		{"staffing rows without staffing", []string{"report", "--format", "csv", "--rows", "staffing",
			"--staffing=false", good}, exitUsage, "--rows staffing needs --staffing"},
		{"negative worst", []string{"report", "--worst", "-1", good}, exitUsage, "--worst must not be negative"},
		{"local zone", []string{"report", "--tz", "Local", good}, exitUsage, `unknown --tz "Local"`},
		{"help of a command", []string{"help", "report"}, exitOK, "-sla file"},
		{"generate with a file name", []string{"generate", "out.csv"}, exitUsage, "generate takes no file names"},
		{"demo bad format", []string{"demo", "--format", "xml", "--dir", "should-not-exist"}, exitUsage,
			`unknown --format "xml"`},
		{"literal Z layout", []string{"report", "--csv-arrival", "a", "--csv-fixed-queue", "q",
			"--csv-time-layout", "2006-01-02T15:04:05Z", "--csv-tz", "Europe/Paris", good}, exitUsage, "literal Z"},
		{"bad outcomes flag", []string{"report", "--csv-arrival", "a", "--csv-outcomes", "X", good}, exitUsage,
			`"X" is not VALUE=outcome`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code == exitOK {
				errOut = out // help asked for is written to stdout
			}
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, output %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

// TestGzipInput: a gzipped file gives the same report as the plain one.
func TestGzipInput(t *testing.T) {
	plain := filepath.Join("testdata", "golden", "queue_log")
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	zipped := filepath.Join(t.TempDir(), "queue_log.gz")
	if err := os.WriteFile(zipped, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, want, _ := run(t, "report", "--format", "csv", "--rows", "intervals", plain)
	code, got, errOut := run(t, "report", "--format", "csv", "--rows", "intervals", zipped)
	if code != 0 || got != want {
		t.Errorf("exit %d (%s); gzipped report differs:\n%s\nwant\n%s", code, errOut, got, want)
	}
}

// TestDemo runs the README's first command into a temporary directory and
// checks that the example tells the two vendors apart: Northwind meets its
// service level, Bluebird misses it.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "demo", "--dir", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{"sla.yaml", "northwind-queue_log", "bluebird-calls.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("demo did not write %s: %v", f, err)
		}
	}
	var r reportJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Rejected.Count != 0 {
		t.Errorf("the example has %d rejected records: %+v", r.Rejected.Count, r.Rejected.Records)
	}
	met := map[string][2]int{}
	for _, o := range r.Objectives {
		if o.Name != "service level 80% in 20s" || o.Queue != nil || o.Met == nil {
			continue
		}
		m := met[o.Vendor]
		if *o.Met {
			m[0]++
		}
		m[1]++
		met[o.Vendor] = m
	}
	if nw, bb := met["Northwind"], met["Bluebird"]; nw[1] != 6 || nw[0] < 5 || bb[1] != 6 || bb[0] > 1 {
		t.Errorf("days met (met, with data): Northwind %v, Bluebird %v; "+
			"want Northwind most of 6, Bluebird few", nw, bb)
	}
}

// TestAllRejected: a file whose every record is rejected is an error, not
// an empty report that exits 0.
func TestAllRejected(t *testing.T) {
	p := filepath.Join(t.TempDir(), "calls.csv")
	data := "call_id,queue,arrived\nA,q,1700000000\nB,q,1700000060\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "report", "--csv-id", "call_id", "--csv-queue", "queue",
		"--csv-arrival", "arrived", p)
	if code != exitError || !strings.Contains(errOut, "no call could be read: all 2 record(s) were rejected") ||
		!strings.Contains(errOut, "calls.csv:2: arrived") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestNoCalls: a file that holds no call (a header alone) is an error.
func TestNoCalls(t *testing.T) {
	p := filepath.Join(t.TempDir(), "calls.csv")
	if err := os.WriteFile(p, []byte("call_id,contact_id,queue,arrived,answered,ended,outcome,agent,"+
		"customer,wait_s,talk_s,hold_s,wrap_s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "report", p)
	if code != exitError || !strings.Contains(errOut, "the input holds no call") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestNativeOptions: CSV options without columns apply to the native
// layout, such as quoted fields holding line breaks.
func TestNativeOptions(t *testing.T) {
	p := filepath.Join(t.TempDir(), "calls.csv")
	data := "call_id,contact_id,queue,arrived,answered,ended,outcome,agent,customer," +
		"wait_s,talk_s,hold_s,wrap_s\n" +
		"A,A,\"multi\nline\",2024-03-05T09:00:00Z,,2024-03-05T09:00:05Z,abandoned,,,5,0,0,0\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "report", "--csv-multiline", "--format", "csv", "--rows", "queues", p)
	if code != 0 || !strings.Contains(out, "\"multi\nline\",,0,1,0,1") {
		t.Errorf("exit %d (%s): %s", code, errOut, out)
	}
}

// TestContractNote: an SLA whose contract does not cover the calls says so
// instead of printing an empty table without a word.
func TestContractNote(t *testing.T) {
	dir := t.TempDir()
	sla := filepath.Join(dir, "sla.yaml")
	yaml := "client: X\ntime_zone: UTC\ncontract: {start: 2020-01-01, end: 2020-12-31}\n" +
		"objectives:\n  - {metric: asa, target: 30s}\n"
	if err := os.WriteFile(sla, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "report", "--sla", sla, filepath.Join("testdata", "golden", "calls.csv"))
	want := "NOTE: no interval with calls falls within the SLA's contract period (2020-01-01 to 2020-12-31)"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("exit %d (%s), output:\n%s", code, errOut, out)
	}
}

// TestEveryLineCounted: calls, rejected records and lines without a call
// (blank ones here) add up to the lines of the file after its header.
func TestEveryLineCounted(t *testing.T) {
	p := filepath.Join(t.TempDir(), "calls.csv")
	row := "A,A,q,2024-03-05T09:00:00Z,,2024-03-05T09:00:05Z,abandoned,,,5,0,0,0\n"
	data := "call_id,contact_id,queue,arrived,answered,ended,outcome,agent,customer," +
		"wait_s,talk_s,hold_s,wrap_s\n" +
		row + "\n" + row + "broken\n\n" + row
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "report", "--format", "json", p)
	var r struct {
		Inputs []struct {
			Calls    int64 `json:"calls"`
			Rejected int64 `json:"rejected"`
			Other    int64 `json:"other_lines"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil {
		t.Fatalf("exit %d (%s), %v", code, errOut, err)
	}
	if in := r.Inputs[0]; in.Calls != 3 || in.Rejected != 1 || in.Other != 2 {
		t.Errorf("inputs %+v, want 3 calls, 1 rejected, 2 other lines", in)
	}
}
