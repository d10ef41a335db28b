package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/internal/shared"
	"github.com/sladesk/sladesk/slafile"
)

// bankCalls is the real Anonymous Bank file, outside the project.
var bankCalls = shared.Path("data", "anonymous-bank", "calls-1999-02-01-to-21.tsv")

// TestBankReportPerHour runs the report on the real Anonymous Bank calls
// with the example bank SLA (Asia/Jerusalem, 60-minute intervals, 80% in
// 20 s) and checks offered, answered, abandoned, answered within 20 s, the
// answered wait and handle time of every queue and hour against counts made by awk
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
			Handle                                float64 `json:"handle_seconds"`
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
		got[key] = fmt.Sprintf("%d\t%d\t%d\t%d\t%s\t%s", iv.Offered, iv.Answered, iv.Abandoned,
			iv.Within, strconv.FormatFloat(iv.Wait, 'f', -1, 64), strconv.FormatFloat(iv.Handle, 'f', -1, 64))
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
		if len(fields) != 9 || fields[0] == "queue" {
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
// hour with calls needs agents. Then, queue by queue, the plan's calls,
// AHT and agents must equal the Erlang C staffing worked out by awk alone
// (bankdata/testdata/hourly-staff-1999-02-01-to-21.tsv, whose README gives
// the command).
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

	checkPlanPerQueue(t, hourly)
}

// staffRef is one queue and hour of the awk staffing.
type staffRef struct {
	offered, calls, agents int
	aht                    float64
	serviceLevel           string // at agents, as awk wrote it
}

// checkPlanPerQueue compares the plan's CSV, queue by queue and hour by
// hour, with the awk staffing. Calls and agents must be equal; the AHT is
// a ratio of the same whole seconds both ways, so it may differ only in
// rounding. An hour of PHANTOM rows alone is planned with 0 calls and has
// no awk row.
func checkPlanPerQueue(t *testing.T, hourly map[string]string) {
	want := readHourlyStaff(t, filepath.Join("..", "..", "bankdata", "testdata",
		"hourly-staff-1999-02-01-to-21.tsv"))
	// The staffing is made from the counts, so it lists the same hours.
	if len(want) != len(hourly) {
		t.Errorf("awk staffing has %d rows, awk counts %d", len(want), len(hourly))
	}

	code, out, errOut := run(t, "staff", "--from-calls", "--tz", "Asia/Jerusalem", "--period", "60m",
		"--sl", "80/20", "--format", "csv", bankCalls)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("empty plan CSV")
	}
	col := make(map[string]int)
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"queue", "start", "calls", "aht_seconds", "agents", "service_level",
		"status"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("plan CSV header %v has no %s", rows[0], name)
		}
	}
	seen := make(map[string]bool)
	for _, r := range rows[1:] {
		queue, start := r[col["queue"]], r[col["start"]]
		if !strings.HasSuffix(start, ":00:00+02:00") {
			t.Errorf("%s %s does not start on an Israeli hour", queue, start)
			continue
		}
		key := queue + "\t" + start[:10] + "\t" + start[11:13]
		where := hourName(key)
		calls, err1 := strconv.ParseFloat(r[col["calls"]], 64)
		aht, err2 := strconv.ParseFloat(r[col["aht_seconds"]], 64)
		agents, err3 := strconv.Atoi(r[col["agents"]])
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		w, ok := want[key]
		if !ok {
			if calls != 0 {
				t.Errorf("%s: sladesk plans %v calls, not in the awk staffing", where, calls)
			}
			continue
		}
		seen[key] = true
		if calls != float64(w.calls) {
			t.Errorf("%s: sladesk %v calls, awk %d", where, calls, w.calls)
		}
		if math.Abs(aht-w.aht) > 1e-9*math.Abs(w.aht) {
			t.Errorf("%s: sladesk AHT %v s, awk %v s", where, aht, w.aht)
		}
		if agents != w.agents {
			t.Errorf("%s: sladesk %d agents (service level %s), awk %d (service level %s)",
				where, agents, r[col["service_level"]], w.agents, w.serviceLevel)
		}
		if s := r[col["status"]]; s != "ok" {
			t.Errorf("%s: status %s", where, s)
		}
	}
	for k := range want {
		if !seen[k] {
			t.Errorf("%s: in the awk staffing, not in the plan", hourName(k))
		}
	}
}

// hourName writes a key of the awk files, queue, date and hour, for a
// message: "PS 1999-02-14 16h".
func hourName(key string) string {
	f := strings.Split(key, "\t")
	return f[0] + " " + f[1] + " " + f[2] + "h"
}

// readHourlyStaff reads the awk staffing: queue, date, hour -> its row.
func readHourlyStaff(t *testing.T, path string) map[string]staffRef {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := make(map[string]staffRef)
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if line == 1 {
			continue // header
		}
		if len(fields) != 10 {
			t.Fatalf("%s:%d: %d fields, want 10", path, line, len(fields))
		}
		var r staffRef
		var errs [4]error
		r.offered, errs[0] = strconv.Atoi(fields[3])
		r.calls, errs[1] = strconv.Atoi(fields[6])
		r.aht, errs[2] = strconv.ParseFloat(fields[7], 64)
		r.agents, errs[3] = strconv.Atoi(fields[8])
		if err := errors.Join(errs[:]...); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		r.serviceLevel = fields[9]
		out[strings.Join(fields[:3], "\t")] = r
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// agentsRef is one queue and hour of the awk agents at work.
type agentsRef struct {
	handled     int
	busySeconds float64
	staffed     float64
}

// TestBankStaffedPerHour checks the agents at work the report sets beside
// the requirement on the real Anonymous Bank calls: the layout logs no
// agent event, so every queue and hour is counted from calls, and its
// agents who handled calls, their busy time and the agents staffed (each
// shared between queues by the time spent on each) must equal what awk
// works out alone from the raw rows
// (bankdata/testdata/hourly-agents-1999-02-01-to-21.tsv, whose README
// gives the command). An hour the report lists with no awk row had calls
// but no known agent busy in it (abandons, NO_SERVER answers), so all
// three are 0; an awk hour outside the SLA's scope (hours, contract,
// vendors) is not in the report.
func TestBankStaffedPerHour(t *testing.T) {
	if _, err := os.Stat(bankCalls); err != nil {
		t.Skipf("Anonymous Bank data not available (%v); it lives in ../shared/data", err)
	}
	want := readHourlyAgents(t, filepath.Join("..", "..", "bankdata", "testdata",
		"hourly-agents-1999-02-01-to-21.tsv"))

	slaPath := filepath.Join("..", "..", "examples", "anonymous-bank-sla.yaml")
	code, out, errOut := run(t, "report", "--sla", slaPath, "--format", "json", bankCalls)
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, errOut)
	}
	var r struct {
		Staffing struct {
			Intervals []struct {
				Queue, Start, End, Method string
				Staffed, Busy             float64
				Handled                   int
			} `json:"intervals"`
		} `json:"staffing"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}

	const tolerance = 1e-9
	seen := make(map[string]bool)
	for _, iv := range r.Staffing.Intervals {
		if !strings.HasSuffix(iv.Start, ":00:00+02:00") || len(iv.Start) != len("1999-02-01T00:00:00+02:00") {
			t.Errorf("%s %s does not start on an Israeli hour", iv.Queue, iv.Start)
			continue
		}
		key := iv.Queue + "\t" + iv.Start[:10] + "\t" + iv.Start[11:13]
		where := hourName(key)
		if iv.Method != "calls" {
			t.Errorf("%s: method %q, but the bank layout has no agent events", where, iv.Method)
			continue
		}
		seen[key] = true
		w := want[key] // zero: no agent busy in the hour
		if iv.Handled != w.handled {
			t.Errorf("%s: report %d agents handled calls, awk %d", where, iv.Handled, w.handled)
		}
		if math.Abs(iv.Busy-w.busySeconds/3600) > tolerance {
			t.Errorf("%s: report busy %v agents (%v s), awk %v s", where, iv.Busy, iv.Busy*3600, w.busySeconds)
		}
		if math.Abs(iv.Staffed-w.staffed) > tolerance {
			t.Errorf("%s: report staffed %v, awk %v", where, iv.Staffed, w.staffed)
		}
	}

	// Every awk hour the SLA counts must be in the report. The scope is
	// read from the SLA file, not from the report under test.
	sla, err := slafile.Load(slaPath)
	if err != nil {
		t.Fatal(err)
	}
	inScope := 0
	for key := range want {
		f := strings.Split(key, "\t")
		start, err := time.ParseInLocation("2006-01-02 15", f[1]+" "+f[2], sla.Location)
		if err != nil {
			t.Fatalf("%s: %v", hourName(key), err)
		}
		if !sla.Hours.Open(start) || !sla.Contract.Contains(sladesk.DateOf(start)) || sla.VendorOf(f[0]) == "" {
			continue
		}
		inScope++
		if !seen[key] {
			t.Errorf("%s: awk has agents at work, the report does not list the hour", hourName(key))
		}
	}
	if inScope == 0 {
		t.Error("no awk hour is in the SLA's scope: nothing was compared")
	}
}

// readHourlyAgents reads the awk agents at work: queue, date, hour -> its
// row.
func readHourlyAgents(t *testing.T, path string) map[string]agentsRef {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := make(map[string]agentsRef)
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 6 {
			t.Fatalf("%s:%d: %d fields, want 6", path, line, len(fields))
		}
		if line == 1 {
			continue // header
		}
		var r agentsRef
		var errs [3]error
		r.handled, errs[0] = strconv.Atoi(fields[3])
		r.busySeconds, errs[1] = strconv.ParseFloat(fields[4], 64)
		r.staffed, errs[2] = strconv.ParseFloat(fields[5], 64)
		if err := errors.Join(errs[:]...); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		key := strings.Join(fields[:3], "\t")
		if _, dup := out[key]; dup {
			t.Fatalf("%s:%d: %s listed twice", path, line, hourName(key))
		}
		out[key] = r
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
