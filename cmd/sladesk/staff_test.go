package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type staffJSON struct {
	Status       string   `json:"status"`
	Agents       int      `json:"agents"`
	Scheduled    int      `json:"scheduled"`
	FTE          float64  `json:"fte"`
	ServiceLevel *float64 `json:"service_level"`
	ASA          *float64 `json:"asa_seconds"`
	Occupancy    *float64 `json:"occupancy"`
	PWait        *float64 `json:"p_wait"`
	PAbandon     *float64 `json:"p_abandon"`
	Required     *int     `json:"required_agents"`
	Meets        *bool    `json:"meets_targets"`
	Table        []struct {
		Agents int   `json:"agents"`
		Meets  *bool `json:"meets_targets"`
	} `json:"table"`
}

func staffRun(t *testing.T, args ...string) staffJSON {
	t.Helper()
	code, out, errOut := run(t, append(append([]string{"staff"}, args...), "--format", "json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r staffJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return r
}

func value(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// TestStaffCases are the shared staffing cases through the command line's
// JSON contract.
func TestStaffCases(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		agents    int
		scheduled int
		status    string
		sl        float64 // 0: not checked
	}{
		// staffing-rounding: 21 / 0.7 is 30, not 31.
		{"rounding, 164 calls", []string{"--calls", "164", "--period", "30m", "--aht", "180s", "--sl", "80/20",
			"--shrinkage", "0.3"}, 21, 30, "ok", 0.8765},
		{"rounding, 100 calls", []string{"--calls", "100", "--period", "30m", "--aht", "180s", "--sl", "80/20",
			"--shrinkage", "0.3"}, 14, 20, "ok", 0.8884},
		{"rounding, 40% in 180 s", []string{"--calls", "106", "--period", "30m", "--aht", "180s",
			"--sl", "40/180"}, 11, 11, "ok", 0.4202},
		// staffing-overload: 15.913 Erlangs.
		{"overload, 15 agents", []string{"--calls", "44.34", "--period", "30m", "--aht", "646s", "--sl", "80/20",
			"--agents", "15"}, 15, 15, "overloaded", 0},
		{"overload, required", []string{"--calls", "44.34", "--period", "30m", "--aht", "646s", "--sl", "80/20"},
			21, 21, "ok", 0.860},
		// staffing-large: 250 Erlangs.
		{"large", []string{"--calls", "3000", "--period", "30m", "--aht", "150s", "--sl", "80/20"},
			258, 258, "ok", 0.8254},
		{"infeasible", []string{"--calls", "100", "--period", "30m", "--aht", "180s", "--sl", "100/20"},
			0, 0, "infeasible", 0},
		{"no calls", []string{"--calls", "0", "--period", "30m", "--aht", "180s", "--sl", "80/20"},
			0, 0, "ok", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := staffRun(t, tt.args...)
			if r.Status != tt.status || r.Agents != tt.agents || r.Scheduled != tt.scheduled {
				t.Errorf("status %s, agents %d, scheduled %d; want %s, %d, %d", r.Status, r.Agents, r.Scheduled,
					tt.status, tt.agents, tt.scheduled)
			}
			if tt.sl > 0 && math.Abs(value(r.ServiceLevel)-tt.sl) > 5e-4 {
				t.Errorf("service level %v, want %v", value(r.ServiceLevel), tt.sl)
			}
			if tt.status == "overloaded" && (r.ASA != nil || value(r.Occupancy) > 1) {
				t.Errorf("overloaded with ASA %v and occupancy %v", value(r.ASA), value(r.Occupancy))
			}
		})
	}
}

// TestStaffPatience: with a patience the answer comes from Erlang A and
// says how many callers abandon.
func TestStaffPatience(t *testing.T) {
	r := staffRun(t, "--calls", "100", "--period", "30m", "--aht", "180s", "--sl", "80/20", "--patience", "300s",
		"--max-abandon", "0.03")
	if r.Status != "ok" || r.PAbandon == nil || *r.PAbandon > 0.03 || value(r.ServiceLevel) < 0.8 {
		t.Errorf("%+v", r)
	}
}

func TestStaffUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"staff", "--aht", "180s", "--sl", "80/20"}, "--calls is required"},
		{[]string{"staff", "--calls", "10", "--sl", "80/20"}, "--aht is required"},
		{[]string{"staff", "--calls", "10", "--aht", "180s"}, "give a target"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--sl", "eighty"}, `--sl "eighty"`},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--sl", "80/20", "--shrinkage", "1"}, "shrinkage"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--max-abandon", "0.05"}, "atience"},
		// Flags the form does not use are refused, not ignored.
		{[]string{"staff", "--volumes", "v.csv", "--sl", "80/20", "--agents", "5", "--calls", "3"},
			"not used for --volumes: --agents, --calls"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--sl", "80/20", "--tz", "Mars/Base"},
			"not used for one interval (--calls): --tz"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--sl", "80/20", "--headcount", "5"},
			"not used for one interval (--calls): --headcount"},
		{[]string{"staff", "--volumes", "v.csv", "--from-calls", "x"}, "not both"},
		{[]string{"staff", "--volumes", "v.csv", "--sl", "80/20", "--sla", "s.yaml"},
			"not used for --volumes: --sla"},
		{[]string{"staff", "--from-calls", "--sl", "80/20", "--vendor", "A", "x"}, "--vendor needs --sla"},
		{[]string{"staff", "--volumes", "v.csv"}, "give a target (--sl, --asa, --max-occupancy, --max-abandon)\n"},
		// Values out of range name their flag; a target of 0 is refused.
		{[]string{"staff", "--calls", "-5", "--aht", "180s", "--sl", "80/20"}, "--calls -5 is not"},
		{[]string{"staff", "--calls", "NaN", "--aht", "180s", "--sl", "80/20"}, "--calls NaN is not"},
		{[]string{"staff", "--calls", "10", "--aht", "-5s", "--sl", "80/20"}, "--aht -5s is not"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--max-occupancy", "0"}, "--max-occupancy 0 is not"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--max-occupancy", "1.5"}, "--max-occupancy 1.5"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--asa", "0s"}, "--asa 0s is not"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--sl", "80/20", "--agents", "0"}, "--agents 0"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--sl", "80/20", "--period", "0s"}, "--period 0s"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--sl", "80/20", "--shrinkage", "30"},
			"such as 0.3 for 30%"},
		{[]string{"staff", "--calls", "10", "--aht", "180s", "--patience", "0s", "--sl", "80/20"},
			"--patience 0s"},
		{[]string{"staff", "--volumes", "v.csv", "--sl", "80/20", "--paid-hours", "0"}, "--paid-hours 0"},
		{[]string{"staff", "--calls", "10", "--aht", "180", "--sl", "0.8/20"}, "the first figure is a percent"},
		{[]string{"staff", "--calls", "10", "--aht", "180", "--sl", "0/20"}, "the percent must be above 0"},
		{[]string{"staff", "--calls", "10", "--aht", "180", "--sl", "1/20"}, "the first figure is a percent"},
		{[]string{"staff", "--calls", "10", "--aht", "180", "--sl", "120/20"}, "at most 100"},
		// A flag that cannot be parsed is one line, not every flag's help.
		{[]string{"staff", "--calls", "10", "--aht", "180", "--sl", "80/20", "--shrinkage", "thirty"},
			"sladesk staff: invalid value \"thirty\" for flag -shrinkage: want a share such as 0.85 or 85%\n" +
				"Run 'sladesk staff --help' for usage.\n"},
		{[]string{"staff", "--calls", "10000001", "--aht", "180s", "--sl", "80/20"},
			"sladesk staff: a workload of 1000000.1 Erlangs (calls × AHT / interval) is above the 1000000"},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, tt.args...)
		if code != exitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error with %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestStaffPlan plans two queues over two intervals from a volumes file:
// separate queues round their summed needs once, one pooled queue needs
// fewer, and a bad row is rejected naming its line.
func TestStaffPlan(t *testing.T) {
	p := filepath.Join(t.TempDir(), "volumes.csv")
	data := "queue,start,calls,aht_seconds\n" +
		"sales,2024-03-05T09:00:00Z,100,180\nsupport,2024-03-05T09:00:00Z,100,180\n" +
		"sales,2024-03-05T09:30:00Z,164,180\nsupport,2024-03-05T09:30:00Z,-5,180\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "staff", "--volumes", p, "--sl", "80/20", "--shrinkage", "0.3",
		"--paid-hours", "7.5", "--fractional", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Intervals []struct {
			Separate, Whole, Pooled, Scheduled int
		} `json:"intervals"`
		Separate struct {
			AgentHours float64 `json:"agent_hours"`
			FTE        float64 `json:"fte"`
		} `json:"separate"`
		Rejected []struct {
			Line  int    `json:"line"`
			Field string `json:"field"`
		} `json:"rejected"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	// 09:00: each queue needs 14 (13.05 unrounded): 27 rounded once, 28
	// whole, 24 pooled for 200 calls; 09:30: 21 for 164 calls (30 scheduled).
	if len(r.Intervals) != 2 || r.Intervals[0].Separate != 27 || r.Intervals[0].Whole != 28 ||
		r.Intervals[0].Pooled != 24 || r.Intervals[1].Separate != 21 || r.Intervals[1].Scheduled != 30 {
		t.Errorf("intervals %+v", r.Intervals)
	}
	// (27 + 21) agents x 0.5 h = 24 agent-hours; / 0.7 / 7.5 = 4.571 FTE.
	if r.Separate.AgentHours != 24 || math.Abs(r.Separate.FTE-24/0.7/7.5) > 1e-9 {
		t.Errorf("separate totals %+v", r.Separate)
	}
	if len(r.Rejected) != 1 || r.Rejected[0].Line != 5 || r.Rejected[0].Field != "calls" {
		t.Errorf("rejected %+v, want line 5 at calls", r.Rejected)
	}

	// Without --fractional each queue keeps its 14 whole agents: 28.
	code, out, errOut = run(t, "staff", "--volumes", p, "--sl", "80/20", "--shrinkage", "0.3",
		"--paid-hours", "7.5", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Intervals[0].Separate != 28 || r.Separate.AgentHours != 24.5 {
		t.Errorf("whole agents: intervals %+v, totals %+v; want 28 separate, 24.5 agent-hours",
			r.Intervals, r.Separate)
	}
}

// TestStaffPlanAllRejected checks that a volumes file whose every row is
// rejected fails with the first rejection's line, column and reason, and
// that an empty one says so.
func TestStaffPlanAllRejected(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, data, want string
	}{
		{"every row rejected", "queue,start,calls,aht_seconds\nsales,2024-03-05T09:00:00Z,NaN,180\n",
			"all 1 row(s) were rejected, the first: " + filepath.Join(dir, "all.csv") +
				":2: calls: \"NaN\" is not a number"},
		{"header only", "queue,start,calls,aht_seconds\n", "the file holds no interval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "all.csv")
			if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := run(t, "staff", "--volumes", p, "--sl", "80/20")
			if code != exitError || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d with %q", code, errOut, exitError, tt.want)
			}
		})
	}
}

// TestStaffPlanTableNotes checks that the plan's table warns when the paid
// hours were left at a week's for a plan that is not a week long, and
// gives a hiring need only against a headcount given.
func TestStaffPlanTableNotes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "volumes.csv")
	data := "queue,start,calls,aht_seconds\nsales,2024-03-05T09:00:00Z,100,180\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		want     []string
		wantNone []string
	}{
		{"defaults", nil, []string{"over the plan's 1 day(s): a week's by default, give --paid-hours"},
			[]string{"hiring need"}},
		// No totals, and above all no hiring need of 0, when no interval
		// can be staffed.
		{"every interval infeasible", []string{"--sl", "100/20", "--headcount", "40"},
			[]string{"no interval can meet the targets (a service level of 100% within a finite threshold"},
			[]string{"hiring need", "FTE"}},
		// 14 agents for half an hour, / 0.7 for shrinkage, / 7.5 paid
		// hours: 1.33 FTE, 0.33 more than the one employed.
		{"paid hours and headcount given", []string{"--paid-hours", "7.5", "--headcount", "1"},
			[]string{"1.33 FTE", "hiring need 0.33 against 1 employed"}, []string{"a week's by default"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"staff", "--volumes", p, "--sl", "80/20", "--shrinkage", "0.3"}, tt.args...)
			code, out, errOut := run(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantNone {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestStaffAgentsAndTargets: the figures for --agents come with the
// fewest agents the targets need, 21 for the shared case staffing-overload,
// so an overloaded count says how far it falls short; without targets
// there is nothing to need.
func TestStaffAgentsAndTargets(t *testing.T) {
	r := staffRun(t, "--calls", "44.34", "--period", "30m", "--aht", "646s", "--sl", "80/20", "--agents", "15")
	if r.Status != "overloaded" || r.Required == nil || *r.Required != 21 || r.Meets == nil || *r.Meets {
		t.Errorf("status %s, required %v, meets %v; want overloaded, 21, false", r.Status, r.Required, r.Meets)
	}
	r = staffRun(t, "--calls", "44.34", "--period", "30m", "--aht", "646s", "--agents", "25")
	if r.Required != nil || r.Meets != nil {
		t.Errorf("required %v, meets %v without targets; want neither", r.Required, r.Meets)
	}
	for _, row := range r.Table {
		if row.Meets != nil {
			t.Errorf("table row %d meets %v without targets; want null", row.Agents, *row.Meets)
		}
	}
	// Infeasible targets leave an empty table, as no calls do.
	r = staffRun(t, "--calls", "100", "--period", "30m", "--aht", "180s", "--sl", "100/20")
	if r.Table == nil || len(r.Table) != 0 || r.Status != "infeasible" {
		t.Errorf("infeasible: status %s, table %v; want an empty table", r.Status, r.Table)
	}

	// The table says whether the count given meets the targets, and
	// what they need; a row without targets neither meets nor misses.
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--sl", "80/20", "--agents", "12"},
			[]string{"agents 12 (ok), missing the targets: they need 14"}},
		{[]string{"--sl", "80/20", "--agents", "16"},
			[]string{"agents 16 (ok), meeting the targets: they need 14"}},
		{[]string{"--sl", "100/20", "--agents", "12"}, []string{"missing the targets: no count meets them"}},
		// At 14 agents 17.41% of callers wait (82.59% are answered within
		// 0 s): 1 − 0.1741·e^(−4·20/180) is TestStaffCases' 88.84%.
		{[]string{"--agents", "12"}, []string{"SERVICE LEVEL (0s)", "100.00%    100.00%  overloaded",
			"17.41%   -"}},
	}
	for _, tt := range tests {
		args := append([]string{"staff", "--calls", "100", "--period", "30m", "--aht", "180s"}, tt.args...)
		code, out, errOut := run(t, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
}

// TestStaffPlanCSVNoCalls: an interval without calls has no service
// level, ASA or occupancy, so its cells are empty, and its status says why.
func TestStaffPlanCSVNoCalls(t *testing.T) {
	p := filepath.Join(t.TempDir(), "volumes.csv")
	data := "queue,start,calls,aht_seconds\nsales,2024-03-05T09:00:00Z,100,180\nsales,2024-03-05T09:30:00Z,0,0\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "staff", "--volumes", p, "--sl", "80/20", "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || lines[2] != "sales,2024-03-05T09:30:00Z,0,0,0,0,0,,,,,no_calls" ||
		!strings.HasPrefix(lines[1], "sales,2024-03-05T09:00:00Z,100,180,14,") ||
		!strings.HasSuffix(lines[1], ",,ok") {
		t.Errorf("plan CSV:\n%s", out)
	}

	// With a patience, P(abandon) fills its column.
	code, out, errOut = run(t, "staff", "--volumes", p, "--sl", "80/20", "--patience", "300s", "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][10] != "p_abandon" {
		t.Fatalf("plan CSV %v, %v", rows, err)
	}
	if pa, err := strconv.ParseFloat(rows[1][10], 64); err != nil || pa <= 0 || pa > 0.05 {
		t.Errorf("p_abandon %q, want a share in (0, 0.05]", rows[1][10])
	}
}

// TestStaffFromCallsNoHandleTime: a queue whose every call was abandoned
// has no handle time to staff with; its intervals are planned as no calls,
// and the plan says so instead of reading as a quiet queue.
func TestStaffFromCallsNoHandleTime(t *testing.T) {
	p := filepath.Join(t.TempDir(), "queue_log")
	var log strings.Builder
	for i := range 3 {
		at := 1741078800 + 60*i // 2025-03-04 09:00 UTC on
		fmt.Fprintf(&log, "%d|c%d|support|NONE|ENTERQUEUE||555|1\n", at, i)
		fmt.Fprintf(&log, "%d|c%d|support|NONE|ABANDON|1|1|120\n", at+120, i)
	}
	if err := os.WriteFile(p, []byte(log.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "staff", "--from-calls", "--sl", "80/20", "--format", "csv", p)
	if code != exitOK || !strings.Contains(out, "support,2025-03-04T09:00:00Z,0,0,0,0,0,,,,,no_handle_time") {
		t.Errorf("exit %d, %s\n%s", code, errOut, out)
	}
	code, out, errOut = run(t, "staff", "--from-calls", "--sl", "80/20", "--format", "json", p)
	if code != exitOK ||
		!strings.Contains(out, "3 call(s) offered in 1 interval(s) of support have no handle time") {
		t.Errorf("exit %d, %s\n%s", code, errOut, out)
	}
	// The report's staffing says the same of its intervals.
	code, out, errOut = run(t, "report", p)
	if code != exitOK || !strings.Contains(out, "NOTE: support: 1 interval(s) have no requirement") {
		t.Errorf("exit %d, %s\n%s", code, errOut, out)
	}
}

// TestStaffVolumesStdin reads the volumes from standard input with "-", as
// report reads call records.
func TestStaffVolumesStdin(t *testing.T) {
	in := strings.NewReader("queue,start,calls,aht_seconds\nsales,2024-03-05T09:00:00Z,100,180\n")
	var out, errOut strings.Builder
	code := Run(context.Background(), []string{"staff", "--volumes", "-", "--sl", "80/20", "--format", "csv"},
		in, &out, &errOut)
	if code != exitOK || !strings.Contains(out.String(), "sales,2024-03-05T09:00:00Z,100,180,14,") {
		t.Errorf("exit %d, %s\n%s", code, errOut.String(), out.String())
	}
}

// TestStaffPlannersForms: shares as percents and times as plain seconds,
// as planners and volumes files write them, give the same answer.
func TestStaffPlannersForms(t *testing.T) {
	a := staffRun(t, "--calls", "100", "--period", "30m", "--aht", "180s", "--sl", "80/20",
		"--shrinkage", "0.3", "--max-occupancy", "0.85")
	b := staffRun(t, "--calls", "100", "--period", "30m", "--aht", "180", "--sl", "80/20",
		"--shrinkage", "30%", "--max-occupancy", "85%")
	if a.Agents != 14 || a.Scheduled != 20 || b.Agents != a.Agents || b.Scheduled != a.Scheduled {
		t.Errorf("agents %d and %d, scheduled %d and %d; want 14 and 20 both ways", a.Agents, b.Agents,
			a.Scheduled, b.Scheduled)
	}

	// A value that cannot be parsed is told in one line, without the
	// help of every flag after it.
	_, _, errOut := run(t, "staff", "--calls", "10", "--aht", "180", "--max-abandon", "5 percent")
	want := "sladesk staff: invalid value \"5 percent\" for flag -max-abandon: want a share such as 0.85 " +
		"or 85%\nRun 'sladesk staff --help' for usage.\n"
	if errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
}

// TestStaffExampleVolumes runs the README's plan of examples/volumes.csv:
// every row read, every interval staffed, and the pooled queue never
// needing more agents than the queues apart.
func TestStaffExampleVolumes(t *testing.T) {
	code, out, errOut := run(t, "staff", "--volumes", filepath.Join("..", "..", "examples", "volumes.csv"),
		"--period", "30m", "--sl", "80/20", "--shrinkage", "30%", "--paid-hours", "7.5", "--headcount", "40",
		"--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Intervals []struct {
			Start            string
			Separate, Pooled int
			Status           string
		} `json:"intervals"`
		Queues []struct {
			Start  string
			Agents int
		} `json:"queues"`
		Rejected []any `json:"rejected"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Intervals) != 20 || len(r.Queues) != 40 || len(r.Rejected) != 0 {
		t.Fatalf("%d intervals, %d queue-intervals, %d rejected; want 20, 40 and none", len(r.Intervals),
			len(r.Queues), len(r.Rejected))
	}
	// Each queue keeps its whole agents: an interval's separate figure is
	// the sum of its queues'.
	sum := make(map[string]int)
	for _, q := range r.Queues {
		sum[q.Start] += q.Agents
	}
	for _, iv := range r.Intervals {
		if iv.Status != "ok" || iv.Pooled > iv.Separate || iv.Separate == 0 || iv.Separate != sum[iv.Start] {
			t.Errorf("interval %+v, queues' agents %d", iv, sum[iv.Start])
		}
	}
}
