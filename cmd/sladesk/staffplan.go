package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/report"
	"github.com/sladesk/sladesk/staffing"
)

// planFlags are the flags of "sladesk staff --volumes" and "--from-calls".
type planFlags struct {
	volumes   string
	paidHours float64
	headcount float64
	// fractional adds unrounded needs before rounding.
	fractional bool
	// sla and vendor bound a plan from call records.
	sla, vendor string
	// paidHoursSet, headcountSet and periodSet say whether the flags were
	// given.
	paidHoursSet, headcountSet, periodSet bool
	fromCalls                             bool
	tz                                    string
	input                                 inputFlags
}

// runPlan plans every interval of a volumes file.
func runPlan(env *Env, f *staffFlags, targets staffing.Targets) error {
	var r io.Reader = env.Stdin
	if f.plan.volumes != "-" {
		file, err := os.Open(f.plan.volumes)
		if err != nil {
			return err
		}
		defer file.Close()
		r = file
	}
	loads, rejected, err := staffing.ReadVolumes(r, f.plan.volumes, f.period)
	if err != nil {
		return err
	}
	if len(loads) == 0 {
		if len(rejected) == 0 {
			return fmt.Errorf("%s: the file holds no interval", f.plan.volumes)
		}
		return fmt.Errorf("%s: no interval could be read: all %d row(s) were rejected, the first: %v",
			f.plan.volumes, len(rejected), rejected[0])
	}
	return writePlan(env, f, targets, planInput{loads: loads, rejected: rejected})
}

// runPlanFromCalls plans every queue and interval of call records: the
// calls offered and the AHT of the calls answered, as the report reads
// them. An interval without an answered call with a handle time takes its
// queue's AHT over everything read.
func runPlanFromCalls(ctx context.Context, env *Env, f *staffFlags, targets staffing.Targets,
	paths []string) error {
	if len(paths) == 0 {
		return usageErr("--from-calls needs call-record files")
	}
	interval := ""
	if f.plan.sla == "" {
		interval = f.period.String()
	}
	sla, err := loadSLA(f.plan.sla, f.plan.tz, interval)
	if err != nil {
		return err
	}
	if f.plan.sla != "" && f.plan.periodSet && f.period != sla.Interval {
		return usageErr("--period %s: the SLA %s cuts %s intervals", f.period, f.plan.sla, sla.Interval)
	}
	if err := checkVendor(&sla, f.plan.sla, f.plan.vendor); err != nil {
		return err
	}
	opts, err := f.plan.input.options()
	if err != nil {
		return err
	}
	opts.CountOnly = true
	res, err := readFiles(ctx, env, paths, &sla, readOptions{ingest: opts, progress: true})
	if err != nil {
		return err
	}
	if err := checkRead(res); err != nil {
		return err
	}
	intervals := res.agg.Intervals()
	in := planInput{rejected: res.rejected.First, unknownAHT: make(map[planKey]int64)}
	for i, l := range report.Loads(intervals) {
		if f.plan.sla != "" {
			vendor, ok := report.CountsFor(&sla, l.Queue, l.Start)
			if !ok || f.plan.vendor != "" && vendor != f.plan.vendor {
				continue
			}
		}
		in.loads = append(in.loads, l)
		if n := intervals[i].Offered(); n > 0 && l.Calls == 0 {
			in.unknownAHT[planKey{l.Queue, l.Start.Unix()}] = n
		}
	}
	if f.plan.sla != "" {
		if len(in.loads) == 0 {
			return errors.New("no interval with calls falls within the SLA's contract, opening hours " +
				"and vendors' queues (of --vendor, if given)")
		}
		if targets == (staffing.Targets{}) {
			if targets, err = slaTargets(&sla, f.plan.sla, in.loads); err != nil {
				return err
			}
		}
	}
	return writePlan(env, f, targets, in)
}

// planInput is what a plan is made from.
type planInput struct {
	loads    []staffing.IntervalLoad
	rejected []*sladesk.RecordError
	// unknownAHT holds the offered calls of the queue-intervals whose
	// queue has no handle time (no call answered with a talk time): they
	// are planned with no calls, since nothing says how long they take.
	unknownAHT map[planKey]int64
}

// status returns the status of one queue-interval of the plan: ok,
// infeasible, no_handle_time or no_calls.
func (in *planInput) status(q *staffing.QueuePlan) string {
	switch {
	case errors.Is(q.Err, staffing.ErrInfeasible):
		return "infeasible"
	case in.unknownAHT[planKey{q.Queue, q.Start.Unix()}] > 0:
		return "no_handle_time"
	case q.Calls == 0:
		return "no_calls"
	}
	return "ok"
}

// planKey is a queue and an interval's start in Unix seconds.
type planKey struct {
	queue string
	start int64
}

// unknownAHTNote returns the note on the calls planned as none for want
// of a handle time, or "".
func (in *planInput) unknownAHTNote() string {
	if len(in.unknownAHT) == 0 {
		return ""
	}
	var calls int64
	queues := make(map[string]bool)
	for k, n := range in.unknownAHT {
		calls += n
		queues[k.queue] = true
	}
	return fmt.Sprintf("%d call(s) offered in %d interval(s) of %s have no handle time known in their "+
		"queue (no call answered with a talk time) and are planned as no calls: the plan understates them",
		calls, len(in.unknownAHT), strings.Join(slices.Sorted(maps.Keys(queues)), ", "))
}

// checkVendor checks --vendor against the SLA: a vendor it names, and one
// chosen when it has several, since pooling one vendor's queues with
// another's would count agents who cannot take those calls.
func checkVendor(sla *sladesk.SLA, path, vendor string) error {
	var names []string
	for _, v := range sla.Vendors {
		if v.Name == vendor {
			return nil
		}
		names = append(names, v.Name)
	}
	switch {
	case vendor != "":
		return usageErr("--vendor %q: the SLA %s has the vendors %s", vendor, path, strings.Join(names, ", "))
	case len(names) > 1:
		return usageErr("the SLA %s has the vendors %s: choose one with --vendor", path,
			strings.Join(names, ", "))
	}
	return nil
}

// writePlan plans the loads and writes the plan.
func writePlan(env *Env, f *staffFlags, targets staffing.Targets, in planInput) error {
	cfg := staffing.PlanConfig{Targets: targets, Patience: f.patience.Seconds(), Shrinkage: f.shrinkage,
		PaidHoursPerFTE: f.plan.paidHours, Headcount: f.plan.headcount, Fractional: f.plan.fractional}
	plan, err := staffing.Plan(in.loads, cfg)
	if err != nil {
		// The flags were checked: what is left is in the data.
		return err
	}
	switch f.format {
	case "json":
		return writePlanJSON(env, f, plan, &in)
	case "csv":
		return writePlanCSV(env, f, plan, &in)
	}
	return writePlanTable(env, f, plan, &in, cfg)
}

func writePlanTable(env *Env, f *staffFlags, plan *staffing.PlanResult, in *planInput,
	cfg staffing.PlanConfig) error {
	rejected := in.rejected
	w := env.Stdout
	fmt.Fprintf(w, "staffing plan for %s: %d queue-interval(s) in %d interval(s)\n\n",
		cfg.Targets, len(plan.Queues), len(plan.Intervals))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "START\tCALLS\tAHT\tSEPARATE\tPOOLED\tSCHEDULED\tNOTE")
	for _, iv := range plan.Intervals {
		note := ""
		if iv.Err != nil || iv.PooledErr != nil {
			note = "infeasible"
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%.0fs\t%d\t%d\t%d\t%s\n", iv.Start.Format("2006-01-02 15:04 -07:00"),
			iv.Calls, iv.AHT, iv.Separate, iv.Pooled.Agents, iv.Scheduled, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	s, p := plan.Separate, plan.Pooled
	switch {
	case s.Infeasible == len(plan.Intervals):
		fmt.Fprintf(w, "\nno interval can meet the targets (%v): no totals\n", firstInfeasible(plan))
	default:
		hiring := ""
		if f.plan.headcountSet {
			hiring = fmt.Sprintf(", hiring need %.2f against %.4g employed", s.HiringNeed, cfg.Headcount)
		}
		// No paid hours are suggested for a plan that is not a week:
		// whether its days are a whole operating week (closed on Sundays)
		// or part of one, only the planner knows.
		paid := fmt.Sprintf("%.4g paid hours per FTE over the plan's %d day(s)", cfg.PaidHoursPerFTE,
			planDays(plan))
		if !f.plan.paidHoursSet && planDays(plan) != 7 {
			paid += ": a week's by default, give --paid-hours for the plan's span"
		}
		fmt.Fprintf(w, "\nseparate queues: %.1f agent-hours, %.1f paid hours at %.4g%% shrinkage, %.2f FTE "+
			"(at %s)%s\n", s.AgentHours, s.ScheduledHours, cfg.Shrinkage*100, s.FTE, paid, hiring)
		fmt.Fprintf(w, "one pooled queue: %.1f agent-hours, %.2f FTE: cross-training is worth at most "+
			"%.2f FTE\n", p.AgentHours, p.FTE, s.FTE-p.FTE)
		if s.Infeasible > 0 {
			fmt.Fprintf(w, "NOTE: %d interval(s) cannot meet the targets (%v) and are left out: "+
				"the totals are lower bounds\n", s.Infeasible, firstInfeasible(plan))
		}
	}
	if note := in.unknownAHTNote(); note != "" {
		fmt.Fprintf(w, "NOTE: %s\n", note)
	}
	if len(rejected) > 0 {
		fmt.Fprintf(w, "REJECTED: %d row(s):\n", len(rejected))
		for _, e := range rejected[:min(len(rejected), 20)] {
			fmt.Fprintf(w, "  %v\n", e)
		}
	}
	return nil
}

// writePlanCSV writes one row per queue and interval. A plan can have
// hundreds of thousands: written with fmt straight to stdout, each row was
// a system call and a dozen boxed arguments, several times the cost of
// solving it, so the rows are appended to one buffer and written in blocks.
func writePlanCSV(env *Env, f *staffFlags, plan *staffing.PlanResult, in *planInput) error {
	w := bufio.NewWriterSize(env.Stdout, 64<<10)
	w.WriteString("queue,start,calls,aht_seconds,agents,need,scheduled,service_level,asa_seconds," +
		"occupancy,p_abandon,status\n")
	patience := f.patience > 0
	var b []byte
	for _, q := range plan.Queues {
		status := in.status(&q)
		fig := q.Figures
		b = append(append(b[:0], csvField(q.Queue)...), ',')
		b = append(q.Start.AppendFormat(b, time.RFC3339), ',')
		b = append(appendNum(b, q.Calls), ',')
		b = append(appendNum(b, q.AHT), ',')
		b = append(strconv.AppendInt(b, int64(fig.Agents), 10), ',')
		b = append(appendNum(b, q.Need), ',')
		b = append(strconv.AppendInt(b, int64(q.Scheduled), 10), ',')
		// An interval without calls, or infeasible, has no figures: the
		// cells are empty, not 0; so has P(abandon) without a patience.
		figures := [...]float64{fig.ServiceLevel, fig.ASA, fig.Occupancy, fig.PAbandon}
		for i, x := range figures {
			if fig.Agents > 0 && (i < 3 || patience) {
				b = appendNum(b, x)
			}
			b = append(b, ',')
		}
		b = append(append(b, status...), '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return w.Flush()
}

func writePlanJSON(env *Env, f *staffFlags, plan *staffing.PlanResult, in *planInput) error {
	type interval struct {
		Start           string  `json:"start"`
		Calls           float64 `json:"calls"`
		AHT             float64 `json:"aht_seconds"`
		Separate        int     `json:"separate"`
		Whole           int     `json:"whole"`
		Pooled          int     `json:"pooled"`
		Scheduled       int     `json:"scheduled"`
		PooledScheduled int     `json:"pooled_scheduled"`
		Status          string  `json:"status"`
	}
	type record struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		Field  string `json:"field,omitempty"`
		Reason string `json:"reason"`
	}
	type queue struct {
		Queue        string   `json:"queue"`
		Start        string   `json:"start"`
		Calls        float64  `json:"calls"`
		AHT          float64  `json:"aht_seconds"`
		Agents       int      `json:"agents"`
		Need         float64  `json:"need"`
		Scheduled    int      `json:"scheduled"`
		ServiceLevel *float64 `json:"service_level"`
		ASA          *float64 `json:"asa_seconds"`
		Occupancy    *float64 `json:"occupancy"`
		PAbandon     *float64 `json:"p_abandon,omitempty"`
		Status       string   `json:"status"`
	}

	// A plan of a long forecast runs to millions of rows: they are
	// written as they are made, one to a line, not held as one document.
	w := &jsonWriter{w: bufio.NewWriterSize(env.Stdout, 64<<10)}
	w.raw("{\n")
	w.array("queues", len(plan.Queues), func(i int) any {
		q := &plan.Queues[i]
		j := queue{Queue: q.Queue, Start: q.Start.Format(time.RFC3339), Calls: q.Calls, AHT: q.AHT,
			Agents: q.Figures.Agents, Need: q.Need, Scheduled: q.Scheduled, Status: in.status(q)}
		// No figures without agents (no calls, infeasible), as in the CSV.
		if fig := q.Figures; fig.Agents > 0 {
			j.ServiceLevel, j.ASA, j.Occupancy = ptr(fig.ServiceLevel), ptr(fig.ASA), ptr(fig.Occupancy)
			if f.patience > 0 {
				j.PAbandon = ptr(fig.PAbandon)
			}
		}
		return j
	})
	w.raw(",\n")
	w.array("intervals", len(plan.Intervals), func(i int) any {
		iv := &plan.Intervals[i]
		status := "ok"
		if iv.Err != nil || iv.PooledErr != nil {
			status = "infeasible"
		}
		return interval{Start: iv.Start.Format(time.RFC3339), Calls: iv.Calls, AHT: iv.AHT,
			Separate: iv.Separate, Whole: iv.Whole, Pooled: iv.Pooled.Agents, Scheduled: iv.Scheduled,
			PooledScheduled: iv.PooledScheduled, Status: status}
	})
	rejected := []record{}
	for _, e := range in.rejected {
		rejected = append(rejected, record{File: e.File, Line: e.Line, Field: e.Field, Reason: e.Reason})
	}
	notes := []string{}
	if note := in.unknownAHTNote(); note != "" {
		notes = append(notes, note)
	}
	if n := plan.Separate.Infeasible; n > 0 {
		notes = append(notes, fmt.Sprintf("%d of %d interval(s) cannot meet the targets (%s) and are "+
			"left out of the totals", n, len(plan.Intervals), firstInfeasible(plan)))
	}
	w.field("separate", totalsJSON(plan.Separate))
	w.field("pooled", totalsJSON(plan.Pooled))
	w.field("rejected", rejected)
	w.field("notes", notes)
	w.raw("\n}\n")
	return w.flush()
}

// jsonWriter writes a JSON object field by field, keeping the first error.
type jsonWriter struct {
	w   *bufio.Writer
	err error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// array writes "key": [ ... ] with the n elements row returns, one a line.
func (j *jsonWriter) array(key string, n int, row func(i int) any) {
	j.raw(fmt.Sprintf("  %q: [", key))
	for i := range n {
		b, err := json.Marshal(row(i))
		if err != nil && j.err == nil {
			j.err = err
		}
		if i > 0 {
			j.raw(",")
		}
		j.raw("\n    " + string(b))
	}
	if n > 0 {
		j.raw("\n  ")
	}
	j.raw("]")
}

// field writes ,\n "key": value, indented.
func (j *jsonWriter) field(key string, v any) {
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil && j.err == nil {
		j.err = err
	}
	j.raw(fmt.Sprintf(",\n  %q: %s", key, b))
}

func (j *jsonWriter) flush() error {
	if j.err != nil {
		return j.err
	}
	return j.w.Flush()
}

// appendNum appends x in the fewest digits that read back as x, without an
// exponent.
func appendNum(b []byte, x float64) []byte { return strconv.AppendFloat(b, x, 'f', -1, 64) }

// csvField quotes a queue name that holds a delimiter, a quote or a line
// break, doubling its quotes (RFC 4180).
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// planTotals are PlanTotals as JSON.
type planTotals struct {
	AgentHours     float64 `json:"agent_hours"`
	ScheduledHours float64 `json:"scheduled_hours"`
	FTE            float64 `json:"fte"`
	HiringNeed     float64 `json:"hiring_need"`
	Infeasible     int     `json:"infeasible_intervals"`
}

func totalsJSON(t staffing.PlanTotals) planTotals {
	return planTotals{AgentHours: t.AgentHours, ScheduledHours: t.ScheduledHours, FTE: t.FTE,
		HiringNeed: t.HiringNeed, Infeasible: t.Infeasible}
}

// planDays returns the number of calendar days, in the plan's own offsets,
// from its first interval to its last.
func planDays(plan *staffing.PlanResult) int {
	if len(plan.Intervals) == 0 {
		return 0
	}
	first, last := plan.Intervals[0], plan.Intervals[len(plan.Intervals)-1]
	end := last.Start.Add(last.Length - time.Nanosecond)
	d0 := time.Date(first.Start.Year(), first.Start.Month(), first.Start.Day(), 0, 0, 0, 0, time.UTC)
	d1 := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, time.UTC)
	return int(d1.Sub(d0).Hours()/24) + 1
}

// slaTargets returns the targets of the SLA's objectives for the queues
// of loads, as the report's staffing takes them (report.QueueTargets:
// service level and ASA, 80/20 where none applies). A plan meets one set
// of targets, so the queues must share them and hold one service level;
// otherwise the planner gives the targets by flags.
func slaTargets(sla *sladesk.SLA, path string, loads []staffing.IntervalLoad) (staffing.Targets, error) {
	var first []staffing.Targets
	var firstQueue string
	for _, l := range loads {
		ts := report.QueueTargets(sla, l.Queue)
		switch {
		case first == nil:
			first, firstQueue = ts, l.Queue
		case !slices.Equal(ts, first):
			return staffing.Targets{}, usageErr("the SLA %s sets %s different objectives (%s) from %s's (%s), "+
				"and a plan meets one set: give the targets with --sl and --asa, or plan with --vendor or "+
				"a narrower SLA", path, l.Queue, report.DescribeTargets(ts), firstQueue, report.DescribeTargets(first))
		}
	}
	var t staffing.Targets
	for _, o := range first {
		if o.ServiceLevel > 0 && t.ServiceLevel > 0 {
			return t, usageErr("the SLA %s has several service-level objectives (%s), and a plan meets one: "+
				"give --sl", path, report.DescribeTargets(first))
		}
		if o.ServiceLevel > 0 {
			t.ServiceLevel, t.Threshold = o.ServiceLevel, o.Threshold
		}
		if o.MaxASA > 0 && (t.MaxASA == 0 || o.MaxASA < t.MaxASA) {
			t.MaxASA = o.MaxASA
		}
	}
	return t, nil
}

// firstInfeasible returns why the first infeasible interval of plan is,
// in the planner's words.
func firstInfeasible(plan *staffing.PlanResult) string {
	for _, iv := range plan.Intervals {
		for _, err := range []error{iv.Err, iv.PooledErr} {
			if err != nil {
				msg := err.Error()
				if i := strings.LastIndex(msg, staffing.ErrInfeasible.Error()+": "); i >= 0 {
					msg = msg[i+len(staffing.ErrInfeasible.Error())+2:]
				}
				return msg
			}
		}
	}
	return ""
}
