package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// run runs the command line and returns its exit code, stdout and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestGoldenReport checks the table, CSV and JSON output of a small
// hand-made input of both vendors, with rejected records and every kind of
// exit, against the golden files (refresh them with go test -update).
func TestGoldenReport(t *testing.T) {
	dir := filepath.Join("testdata", "golden")
	inputs := []string{filepath.Join(dir, "queue_log"), filepath.Join(dir, "calls.csv")}
	tests := []struct {
		golden string
		args   []string
	}{
		{"report.txt", []string{"--by-queue", "--intervals"}},
		{"report.json", []string{"--format", "json"}},
		{"objectives.csv", []string{"--format", "csv"}},
		{"intervals.csv", []string{"--format", "csv", "--rows", "intervals"}},
		{"queues.csv", []string{"--format", "csv", "--rows", "queues"}},
		{"rejected.csv", []string{"--format", "csv", "--rows", "rejected"}},
		{"staffing.csv", []string{"--format", "csv", "--rows", "staffing"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			args := append([]string{"report", "--sla", filepath.Join(dir, "sla.yaml")}, tt.args...)
			code, out, errOut := run(t, append(args, inputs...)...)
			if code != 0 {
				t.Fatalf("exit code %d: %s", code, errOut)
			}
			checkGolden(t, filepath.Join(dir, tt.golden), out)
		})
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update after checking the change):\n%s",
			path, firstDiff(string(want), got))
	}
}

// firstDiff shows the first line that differs.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + itoa(i+1) + ":\nwant: " + wl + "\ngot:  " + gl
		}
	}
	return ""
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(i)) }

func fmtInt(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
