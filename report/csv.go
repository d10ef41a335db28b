package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CSV tables a report can write, one at a time, since one CSV file holds
// one table.
const (
	CSVObjectives = "objectives"
	CSVIntervals  = "intervals"
	CSVQueues     = "queues"
	CSVRejected   = "rejected"
	CSVStaffing   = "staffing"
)

// WriteCSV writes one table of the report as CSV: objectives, intervals,
// queues or rejected. Empty values mean no data. It returns an error for
// an unknown table.
func (r *Report) WriteCSV(w io.Writer, table string) error {
	if table == CSVIntervals {
		return r.csvIntervals(w)
	}
	cw := csv.NewWriter(w)
	var err error
	switch table {
	case "", CSVObjectives:
		err = r.csvObjectives(cw)
	case CSVQueues:
		err = r.csvQueues(cw)
	case CSVRejected:
		err = r.csvRejected(cw)
	case CSVStaffing:
		err = r.csvStaffing(cw)
	default:
		return fmt.Errorf("unknown CSV table %q (want objectives, intervals, queues, staffing or rejected)", table)
	}
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func (r *Report) csvObjectives(cw *csv.Writer) error {
	if err := cw.Write([]string{"objective", "metric", "vendor", "queue", "period", "label", "start",
		"end", "value", "target", "compare", "met", "calls", "intervals_with_data", "intervals_met"}); err != nil {
		return err
	}
	loc := r.SLA.Location
	for i := range r.Evaluations {
		ev := &r.Evaluations[i]
		obj := &r.SLA.Objectives[ev.Objective]
		value, met := "", ""
		if ev.HasValue {
			value, met = float(ev.Value), strconv.FormatBool(ev.Met)
		}
		err := cw.Write([]string{obj.Name, obj.Metric.String(), ev.Vendor, ev.Queue,
			ev.Period.String(), ev.Label, ev.Start.In(loc).Format(time.RFC3339),
			ev.End.In(loc).Format(time.RFC3339), value, float(obj.Target), obj.Compare.String(),
			met, strconv.FormatInt(ev.Tally.Calls(obj), 10), strconv.Itoa(ev.IntervalsWithData),
			strconv.Itoa(ev.IntervalsMet)})
		if err != nil {
			return err
		}
	}
	return nil
}

var countHeader = []string{"offered", "answered", "abandoned", "timeout", "exit_empty", "exit_key",
	"transferred", "ignored", "short_abandoned", "threshold_seconds", "answered_within_threshold",
	"abandoned_within_threshold", "wait_seconds_answered", "wait_seconds_abandoned",
	"longest_wait_seconds", "talk_seconds", "hold_seconds", "wrap_seconds", "handle_seconds",
	"service_level", "asa_seconds", "abandon_rate", "aht_seconds"}

// appendCounts appends the counts as CSV fields, each after a comma. The
// interval table has a row per queue and interval, hundreds of thousands
// over a year, so it is written without a string per field.
func appendCounts(b []byte, c jsonCounts) []byte {
	for _, n := range []int64{c.Offered, c.Answered, c.Abandoned, c.Timeout, c.ExitEmpty,
		c.ExitKey, c.Transferred, c.Ignored, c.ShortAbandoned} {
		b = strconv.AppendInt(append(b, ','), n, 10)
	}
	b = appendFloat(append(b, ','), c.ThresholdSeconds)
	b = strconv.AppendInt(append(b, ','), c.AnsweredWithinThreshold, 10)
	b = strconv.AppendInt(append(b, ','), c.AbandonedWithinThreshold, 10)
	for _, x := range []float64{c.WaitSecondsAnswered, c.WaitSecondsAbandoned, c.LongestWaitSeconds,
		c.TalkSeconds, c.HoldSeconds, c.WrapSeconds, c.HandleSeconds} {
		b = appendFloat(append(b, ','), x)
	}
	for _, v := range []*float64{c.ServiceLevel, c.ASASeconds, c.AbandonRate, c.AHTSeconds} {
		b = append(b, ',')
		if v != nil {
			b = appendFloat(b, *v)
		}
	}
	return b
}

func countRow(c jsonCounts) []string {
	return strings.Split(string(appendCounts(nil, c)[1:]), ",")
}

func appendFloat(b []byte, x float64) []byte { return strconv.AppendFloat(b, x, 'f', -1, 64) }

// appendField appends s as a CSV field, quoted when it must be.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") && strings.TrimSpace(s) == s {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

func (r *Report) csvIntervals(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	header := append([]string{"queue", "vendor", "start", "end", "in_hours"}, countHeader...)
	bw.WriteString(strings.Join(header, ",") + "\n")
	var b []byte
	for _, iv := range r.Intervals {
		j := r.jsonInterval(iv)
		b = appendField(b[:0], j.Queue)
		b = appendField(append(b, ','), j.Vendor)
		b = append(append(b, ','), j.Start...)
		b = append(append(b, ','), j.End...)
		b = strconv.AppendBool(append(b, ','), j.InHours)
		b = append(appendCounts(b, j.jsonCounts), '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func (r *Report) csvQueues(cw *csv.Writer) error {
	header := append([]string{"queue", "vendor", "offered_outside_hours"}, countHeader...)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, t := range r.Totals() {
		row := append([]string{t.Queue, t.Vendor, strconv.FormatInt(t.OutsideHours, 10)},
			countRow(r.counts(&t.Interval))...)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return nil
}

func (r *Report) csvRejected(cw *csv.Writer) error {
	if err := cw.Write([]string{"file", "line", "field", "reason"}); err != nil {
		return err
	}
	for _, e := range r.Rejected.First {
		if err := cw.Write([]string{e.File, strconv.Itoa(e.Line), e.Field, rejectReason(e)}); err != nil {
			return err
		}
	}
	return nil
}

func float(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// csvStaffing writes the agents required and at work per queue and
// interval; staffed, busy and gap are means over the interval.
func (r *Report) csvStaffing(cw *csv.Writer) error {
	if r.Staffing == nil {
		return fmt.Errorf("the report was made without staffing")
	}
	if err := cw.Write([]string{"queue", "vendor", "start", "end", "offered", "aht_seconds", "required",
		"staffed", "busy", "handled", "method", "gap", "verdict"}); err != nil {
		return err
	}
	// Each vendor's pooled rows follow the queues' rows, with the queue
	// PooledQueue.
	for _, row := range slices.Concat(r.Staffing.Rows, r.Staffing.PooledRows) {
		j := jsonStaffingRowOf(&row, r.SLA)
		if err := cw.Write([]string{j.Queue, j.Vendor, j.Start, j.End, strconv.FormatInt(j.Offered, 10),
			optFloat(j.AHTSeconds), optInt(j.Required), float(j.Staffed), float(j.Busy), strconv.Itoa(j.Handled),
			j.Method, optFloat(j.Gap), j.Verdict}); err != nil {
			return err
		}
	}
	return nil
}

func optFloat(x *float64) string {
	if x == nil {
		return ""
	}
	return float(*x)
}

func optInt(x *int) string {
	if x == nil {
		return ""
	}
	return strconv.Itoa(*x)
}
