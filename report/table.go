package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/staffed"
)

// TableOptions tune the table.
type TableOptions struct {
	// ByQueue adds a row per queue under each vendor's pooled row.
	ByQueue bool
	// Intervals adds the table of every interval.
	Intervals bool
}

// WriteTable writes the report as text tables for a person to read.
func (r *Report) WriteTable(w io.Writer, opts TableOptions) error {
	p := &printer{w: w}
	r.tableHeader(p)
	r.tableObjectives(p, opts.ByQueue)
	r.tableWorst(p)
	r.tableQueues(p)
	r.tableStaffing(p, opts.Intervals)
	if opts.Intervals {
		r.tableIntervals(p)
	}
	r.tableRejected(p)
	return p.err
}

// printer writes, keeping the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) table(header string, rows [][]string) {
	if p.err != nil {
		return
	}
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, row := range rows {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	p.err = tw.Flush()
}

func (r *Report) tableHeader(p *printer) {
	s := r.SLA
	title := s.Client
	switch {
	case title == "":
		title = s.Name
	case s.Name != "":
		title += ": " + s.Name
	}
	p.printf("SLA report: %s\n", title)
	span := "no calls"
	if first, last, ok := r.Span(); ok {
		span = fmt.Sprintf("%s to %s", first, last)
	}
	p.printf("time zone %s, %d-minute intervals, %s\n", s.Location, int(s.Interval/time.Minute), span)
	var calls, ignored, notQueued, other int64
	for _, in := range r.Inputs {
		calls += in.Calls - in.Ignored
		ignored += in.Ignored
		notQueued += in.NotQueued
		other += in.Other
	}
	p.printf("read %s from %d file(s); %s rejected", calls1(calls), len(r.Inputs), group(r.Rejected.Count))
	if ignored > 0 {
		p.printf("; %s ignored (not real calls, such as PHANTOM)", group(ignored))
	}
	if notQueued > 0 {
		p.printf("; %s left before reaching a queue (voice menu)", calls1(notQueued))
	}
	if other > 0 {
		p.printf("; %s line(s) without a call of their own (blank lines, agent events, system "+
			"messages, later lines of rejected calls)", group(other))
	}
	p.printf("\n")
	for _, n := range r.Notes {
		p.printf("NOTE: %s\n", n)
	}
	p.printf("\n")
}

// calls1 prints "1 call" or "n calls".
func calls1(n int64) string { return calls(n) }

func (r *Report) tableObjectives(p *printer, byQueue bool) {
	p.printf("OBJECTIVES (value: pooled over the period; intervals met: intervals with calls that met the\n" +
		"target on their own; calls: what the value is over: the service level's denominator, answered\n" +
		"calls for ASA and AHT, offered calls for rates)\n")
	var rows [][]string
	for i := range r.Evaluations {
		ev := &r.Evaluations[i]
		if ev.Queue != AllQueues && !byQueue {
			continue
		}
		obj := &r.SLA.Objectives[ev.Objective]
		if obj.Period == sladesk.PeriodInterval {
			continue // summarised below, one row per interval would drown the table
		}
		rows = append(rows, r.objectiveRow(ev, obj))
	}
	rows = append(rows, r.intervalObjectiveRows(byQueue)...)
	p.table("VENDOR\tQUEUE\tOBJECTIVE\tPERIOD\tVALUE\tTARGET\tMET\tINTERVALS MET\tCALLS", rows)
	p.printf("\n")
}

func (r *Report) objectiveRow(ev *Evaluation, obj *sladesk.Objective) []string {
	value, met := "no data", "-"
	if ev.HasValue {
		value = formatValue(obj, ev.Value)
		met = "no"
		if ev.Met {
			met = "yes"
		}
	}
	queue := ev.Queue
	if queue == AllQueues {
		queue = "all"
	}
	return []string{vendorName(ev.Vendor), queue, obj.Name, ev.Label, value, formatTarget(obj),
		met, shareMet(ev.IntervalsMet, ev.IntervalsWithData), group(ev.Tally.Calls(obj))}
}

// intervalObjectiveRows summarises interval-period objectives: one row per
// vendor (and queue) with the count of intervals that met the target.
func (r *Report) intervalObjectiveRows(byQueue bool) [][]string {
	type key struct {
		obj           int
		vendor, queue string
	}
	sum := make(map[key]*Evaluation)
	var order []key
	for i := range r.Evaluations {
		ev := &r.Evaluations[i]
		if ev.Period != sladesk.PeriodInterval || (ev.Queue != AllQueues && !byQueue) {
			continue
		}
		k := key{ev.Objective, ev.Vendor, ev.Queue}
		s := sum[k]
		if s == nil {
			s = &Evaluation{Objective: ev.Objective, Vendor: ev.Vendor, Queue: ev.Queue,
				Label: "every interval"}
			sum[k] = s
			order = append(order, k)
		}
		s.Tally.Add(ev.Tally)
		s.IntervalsWithData += ev.IntervalsWithData
		s.IntervalsMet += ev.IntervalsMet
	}
	var rows [][]string
	for _, k := range order {
		s := sum[k]
		obj := &r.SLA.Objectives[s.Objective]
		s.Value, s.HasValue = s.Tally.Value(obj)
		s.Met = s.HasValue && s.IntervalsMet == s.IntervalsWithData
		rows = append(rows, r.objectiveRow(s, obj))
	}
	return rows
}

func (r *Report) tableWorst(p *printer) {
	var lines []string
	for i := range r.Evaluations {
		ev := &r.Evaluations[i]
		if ev.Queue != AllQueues || len(ev.Worst) == 0 || ev.Period == sladesk.PeriodInterval {
			continue
		}
		lines = append(lines, r.worstLine(ev.Vendor, &r.SLA.Objectives[ev.Objective], ev.Label, ev.Worst))
	}
	lines = append(lines, r.worstOfIntervalObjectives()...)
	if len(lines) == 0 {
		return
	}
	p.printf("WORST INTERVALS OF MISSED OBJECTIVES (ranked by how far each missed the target times its calls)\n")
	for _, l := range lines {
		p.printf("  %s\n", l)
	}
	p.printf("\n")
}

// worstOfIntervalObjectives lists, for each objective evaluated per
// interval, each vendor's intervals that missed it by the most calls.
func (r *Report) worstOfIntervalObjectives() []string {
	type key struct {
		obj    int
		vendor string
	}
	missed := make(map[key][]IntervalValue)
	var order []key
	for i := range r.Evaluations {
		ev := &r.Evaluations[i]
		if ev.Period != sladesk.PeriodInterval || ev.Queue != AllQueues || !ev.HasValue || ev.Met {
			continue
		}
		k := key{ev.Objective, ev.Vendor}
		if _, seen := missed[k]; !seen {
			order = append(order, k)
		}
		missed[k] = append(missed[k], IntervalValue{Start: ev.Start, Value: ev.Value,
			Calls: ev.Tally.Calls(&r.SLA.Objectives[ev.Objective])})
	}
	var lines []string
	for _, k := range order {
		obj := &r.SLA.Objectives[k.obj]
		lines = append(lines, r.worstLine(k.vendor, obj, "every interval", worstOf(missed[k], obj, r.Worst)))
	}
	return lines
}

// worstLine prints a vendor's worst intervals of one objective and period.
func (r *Report) worstLine(vendor string, obj *sladesk.Objective, label string,
	worst []IntervalValue) string {
	var parts []string
	for _, u := range worst {
		parts = append(parts, fmt.Sprintf("%s %s (%s)",
			stamp(u.Start.In(r.SLA.Location)), formatValue(obj, u.Value), calls(u.Calls)))
	}
	return fmt.Sprintf("%s, %s, %s: %s", vendorName(vendor), obj.Name, label, strings.Join(parts, "; "))
}

func (r *Report) tableQueues(p *printer) {
	prim := r.Primary
	var kinds []string
	for _, k := range prim.AbandonKinds {
		kinds = append(kinds, k.String())
	}
	short := ""
	if prim.ShortAbandon > 0 {
		short = fmt.Sprintf(", abandons within %s removed", prim.ShortAbandon)
	}
	p.printf("QUEUES (all calls read, in hours or not; ABANDONED: callers who hung up; service level "+
		"within %s, %s, and abandon rate with %s as abandons%s)\n",
		prim.Threshold, prim.Definition.Name, strings.Join(kinds, "+"), short)
	var rows [][]string
	for _, t := range r.Totals() {
		c := r.counts(&t.Interval)
		rows = append(rows, []string{
			vendorName(t.Vendor), t.Queue, group(c.Offered), group(c.Answered), group(c.Abandoned),
			group(c.Timeout + c.ExitEmpty + c.ExitKey + c.Transferred),
			pct(c.ServiceLevel), secs(c.ASASeconds), pct(c.AbandonRate), secs(c.AHTSeconds),
			ceilSeconds(c.LongestWaitSeconds), group(t.OutsideHours),
		})
	}
	p.table("VENDOR\tQUEUE\tOFFERED\tANSWERED\tABANDONED\tOTHER EXITS\tSERVICE LEVEL\tASA\t"+
		"ABANDON RATE\tAHT\tLONGEST WAIT\tOUTSIDE HOURS", rows)
	if len(r.Unassigned) > 0 {
		p.printf("queues no vendor serves (not evaluated): %s\n", strings.Join(r.Unassigned, ", "))
	}
	p.printf("\n")
}

func (r *Report) tableIntervals(p *printer) {
	p.printf("INTERVALS\n")
	var rows [][]string
	for _, iv := range r.Intervals {
		c := r.counts(iv)
		rows = append(rows, []string{iv.Queue, iv.Start.In(r.SLA.Location).Format("2006-01-02 15:04 -07:00"),
			group(c.Offered), group(c.Answered), group(c.Abandoned),
			group(c.AnsweredWithinThreshold), pct(c.ServiceLevel), secs(c.ASASeconds),
			ceilSeconds(c.LongestWaitSeconds)})
	}
	p.table("QUEUE\tSTART\tOFFERED\tANSWERED\tABANDONED\tWITHIN T\tSERVICE LEVEL\tASA\tLONGEST WAIT", rows)
	p.printf("\n")
}

func (r *Report) tableRejected(p *printer) {
	if r.Rejected.Count == 0 {
		p.printf("no records rejected\n")
		return
	}
	p.printf("REJECTED: %s record(s); the first %d:\n", group(r.Rejected.Count), len(r.Rejected.First))
	for _, e := range r.Rejected.First {
		p.printf("  %s\n", e.Error())
	}
}

// stamp prints an interval's start as month, day and time, with the UTC
// offset on a day the clocks change, when the time alone may be read twice.
func stamp(t time.Time) string {
	_, before := t.Add(-12 * time.Hour).Zone()
	_, after := t.Add(12 * time.Hour).Zone()
	if before != after {
		return t.Format("01-02 15:04-07:00")
	}
	return t.Format("01-02 15:04")
}

// ceilSeconds prints a wait in whole seconds rounded up, as waits are
// compared with thresholds: 20.4 s is printed 21s.
func ceilSeconds(s float64) string { return strconv.FormatFloat(math.Ceil(s), 'f', 0, 64) + "s" }

func vendorName(v string) string {
	if v == "" {
		return "-"
	}
	return v
}

// formatValue prints a ratio as a percentage and a duration in seconds.
func formatValue(obj *sladesk.Objective, v float64) string {
	if obj.Metric.IsRatio() {
		return strconv.FormatFloat(v*100, 'f', 2, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + "s"
}

func formatTarget(obj *sladesk.Objective) string {
	sign := ">="
	if obj.Compare == sladesk.AtMost {
		sign = "<="
	}
	if obj.Metric.IsRatio() {
		return sign + strconv.FormatFloat(obj.Target*100, 'f', -1, 64) + "%"
	}
	return sign + strconv.FormatFloat(obj.Target, 'f', -1, 64) + "s"
}

func shareMet(met, with int) string {
	if with == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", met, with, 100*float64(met)/float64(with))
}

func pct(v *float64) string {
	if v == nil {
		return "no data"
	}
	return strconv.FormatFloat(*v*100, 'f', 2, 64) + "%"
}

func secs(v *float64) string {
	if v == nil {
		return "no data"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64) + "s"
}

// calls prints "1 call" or "n calls".
func calls(n int64) string {
	if n == 1 {
		return "1 call"
	}
	return group(n) + " calls"
}

// group prints n with thousands separators.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// tableStaffing writes each queue's agents required against the agents at
// work, the intervals most under-staffed, and with all, every interval.
func (r *Report) tableStaffing(p *printer, all bool) {
	s := r.Staffing
	if s == nil || len(s.Rows) == 0 {
		return
	}
	p.printf("STAFFING (agents required for %s by Erlang C, against the agents at work; in hours, "+
		"agent-hours; %s: a vendor's queues as one, against all its agents, the fairer test where agents "+
		"take several queues)\n", s.Targets, PooledQueue)
	var rows [][]string
	for _, q := range append(slices.Clone(s.Queues), s.Pooled...) {
		rows = append(rows, []string{vendorName(q.Vendor), q.Queue, q.Method.String(),
			strconv.Itoa(q.Intervals), strconv.Itoa(q.Under), tenths(q.ShortHours), strconv.Itoa(q.Over),
			tenths(q.OverHours), tenths(q.RequiredHours), tenths(q.StaffedHours)})
	}
	p.table("VENDOR\tQUEUE\tAT WORK FROM\tINTERVALS\tUNDER\tSHORT\tOVER\tEXCESS\tREQUIRED\tSTAFFED", rows)
	for _, q := range s.Queues {
		if q.Method == staffed.FromCalls {
			p.printf("at work from calls: where a queue logs no logins, each agent who handled a call " +
				"counts for the whole interval (shared between queues by time): idle agents are missed " +
				"and agents who came and went count whole, so treat it as an estimate\n")
			break
		}
	}
	for _, q := range s.Queues {
		if q.Unstaffable > 0 {
			p.printf("NOTE: %s: %d interval(s) have no requirement (calls with no handle time known in "+
				"the queue, or targets no count of agents meets) and count neither under nor over\n",
				q.Queue, q.Unstaffable)
		}
	}

	under := make([]*StaffingRow, 0)
	for i := range s.Rows {
		if s.Rows[i].Verdict() == "under" {
			under = append(under, &s.Rows[i])
		}
	}
	slices.SortStableFunc(under, func(a, b *StaffingRow) int { return cmp.Compare(a.Gap(), b.Gap()) })
	if n := min(len(under), r.Worst); n > 0 {
		p.printf("most under-staffed intervals:\n")
		for _, row := range under[:n] {
			p.printf("  %s %s: %s offered, %d required, %s at work (%s short)\n", row.Queue,
				stamp(row.Start.In(r.SLA.Location)), group(row.Offered), row.Required,
				tenths(row.Actual.Staffed), tenths(-row.Gap()))
		}
	}
	if all {
		rows = rows[:0]
		for _, row := range slices.Concat(s.Rows, s.PooledRows) {
			req, gap := "-", "-"
			if row.Err == nil {
				req, gap = strconv.Itoa(row.Required), tenths(row.Gap())
			}
			aht := "-"
			if row.AHT > 0 {
				aht = ceilSeconds(row.AHT)
			}
			rows = append(rows, []string{row.Queue, row.Start.In(r.SLA.Location).Format("2006-01-02 15:04 -07:00"),
				group(row.Offered), aht, req, tenths(row.Actual.Staffed), tenths(row.Actual.Busy),
				strconv.Itoa(row.Actual.Handled), gap, row.Verdict()})
		}
		p.printf("\nSTAFFING BY INTERVAL (mean agents over the interval)\n")
		p.table("QUEUE\tSTART\tOFFERED\tAHT\tREQUIRED\tSTAFFED\tBUSY\tHANDLED\tGAP\tVERDICT", rows)
	}
	p.printf("\n")
}

// tenths prints agent-hours or a mean number of agents to a tenth.
func tenths(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
