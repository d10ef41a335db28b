package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sladesk/sladesk/internal/shared"
)

// bankCalls is the real Anonymous Bank file, outside the project.
var bankCalls = shared.Path("data", "anonymous-bank", "calls-1999-02-01-to-21.tsv")

// TestBankReportPerHour runs the report on the real Anonymous Bank calls
// with the example bank SLA (Asia/Jerusalem, 60-minute intervals, 80% in
// 20 s) and checks offered, answered, abandoned, answered within 20 s and
// the answered wait of every queue and hour against counts made by awk
// alone (bankdata/testdata/hourly-1999-02-01-to-21.tsv, whose README gives
// the command).
func TestBankReportPerHour(t *testing.T) {
	if _, err := os.Stat(bankCalls); err != nil {
		t.Skipf("Anonymous Bank data not available (%v); it lives in ../shared/data", err)
	}
	want := readHourly(t, filepath.Join("..", "..", "bankdata", "testdata", "hourly-1999-02-01-to-21.tsv"))

	sla := filepath.Join("..", "..", "examples", "anonymous-bank-sla.yaml")
	code, out, errOut := run(t, "report", "--sla", sla, "--format", "json", bankCalls)
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, errOut)
	}
	var r struct {
		Intervals []struct {
			Queue, Start                          string
			Offered, Answered, Abandoned, Ignored int64
			Within                                int64   `json:"answered_within_threshold"`
			Wait                                  float64 `json:"wait_seconds_answered"`
		} `json:"intervals"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}

	got := make(map[string]string)
	for _, iv := range r.Intervals {
		if iv.Offered == 0 {
			continue // only PHANTOM rows: not offered, not in the awk counts
		}
		if !strings.HasSuffix(iv.Start, ":00:00+02:00") {
			t.Errorf("interval %s %s does not start on an Israeli hour", iv.Queue, iv.Start)
		}
		key := iv.Queue + "\t" + iv.Start[:10] + "\t" + iv.Start[11:13]
		got[key] = fmt.Sprintf("%d\t%d\t%d\t%d\t%s", iv.Offered, iv.Answered, iv.Abandoned, iv.Within,
			strconv.FormatFloat(iv.Wait, 'f', -1, 64))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: report %q, awk %q", k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: report %q, not in the awk counts", k, g)
		}
	}
	if len(want) != 1239 {
		t.Errorf("%d hourly rows in the awk counts, want 1239", len(want))
	}
}

// readHourly reads the awk counts: queue, date, hour -> offered, answered,
// abandoned, answered within 20 s, answered wait.
func readHourly(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := make(map[string]string)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 8 || fields[0] == "queue" {
			continue
		}
		out[strings.Join(fields[:3], "\t")] = strings.Join(fields[3:], "\t")
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBankPlan plans the real Anonymous Bank calls hour by hour: the calls
// of every hour equal the awk counts summed over the queues, and every
// hour with calls needs agents.
func TestBankPlan(t *testing.T) {
	if _, err := os.Stat(bankCalls); err != nil {
		t.Skipf("Anonymous Bank data not available (%v); it lives in ../shared/data", err)
	}
	hourly := readHourly(t, filepath.Join("..", "..", "bankdata", "testdata", "hourly-1999-02-01-to-21.tsv"))
	want := make(map[string]int)
	for k, v := range hourly {
		f := strings.Split(k, "\t")
		offered, _ := strconv.Atoi(strings.Split(v, "\t")[0])
		want[f[1]+"T"+f[2]+":00:00+02:00"] += offered
	}

	code, out, errOut := run(t, "staff", "--from-calls", "--tz", "Asia/Jerusalem", "--period", "60m",
		"--sl", "80/20", "--shrinkage", "0.3", "--paid-hours", "150", "--format", "json", bankCalls)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var plan struct {
		Intervals []struct {
			Start    string  `json:"start"`
			Calls    float64 `json:"calls"`
			Separate int     `json:"separate"`
			Pooled   int     `json:"pooled"`
		} `json:"intervals"`
		Separate struct {
			FTE float64 `json:"fte"`
		} `json:"separate"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, iv := range plan.Intervals {
		if iv.Calls == 0 {
			continue // PHANTOM rows alone
		}
		got++
		if int(iv.Calls) != want[iv.Start] {
			t.Errorf("%s: %v calls, awk %d", iv.Start, iv.Calls, want[iv.Start])
		}
		if iv.Separate < 1 || iv.Pooled < 1 || iv.Pooled > iv.Separate+1 {
			t.Errorf("%s: separate %d, pooled %d", iv.Start, iv.Separate, iv.Pooled)
		}
	}
	if got != len(want) || plan.Separate.FTE <= 0 {
		t.Errorf("%d hours with calls, awk has %d; FTE %v", got, len(want), plan.Separate.FTE)
	}
}
