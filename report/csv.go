package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// CSV tables a report can write, one at a time, since one CSV file holds
// one table.
const (
	CSVObjectives = "objectives"
	CSVIntervals  = "intervals"
	CSVQueues     = "queues"
	CSVRejected   = "rejected"
)

// WriteCSV writes one table of the report as CSV: objectives, intervals,
// queues or rejected. Empty values mean no data. It returns an error for
// an unknown table.
func (r *Report) WriteCSV(w io.Writer, table string) error {
	cw := csv.NewWriter(w)
	var err error
	switch table {
	case "", CSVObjectives:
		err = r.csvObjectives(cw)
	case CSVIntervals:
		err = r.csvIntervals(cw)
	case CSVQueues:
		err = r.csvQueues(cw)
	case CSVRejected:
		err = r.csvRejected(cw)
	default:
		return fmt.Errorf("unknown CSV table %q (want objectives, intervals, queues or rejected)", table)
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

func countRow(c jsonCounts) []string {
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	return []string{i(c.Offered), i(c.Answered), i(c.Abandoned), i(c.Timeout), i(c.ExitEmpty),
		i(c.ExitKey), i(c.Transferred), i(c.Ignored), i(c.ShortAbandoned), float(c.ThresholdSeconds),
		i(c.AnsweredWithinThreshold), i(c.AbandonedWithinThreshold), float(c.WaitSecondsAnswered),
		float(c.WaitSecondsAbandoned), float(c.LongestWaitSeconds), float(c.TalkSeconds),
		float(c.HoldSeconds), float(c.WrapSeconds), float(c.HandleSeconds), optional(c.ServiceLevel),
		optional(c.ASASeconds), optional(c.AbandonRate), optional(c.AHTSeconds)}
}

func (r *Report) csvIntervals(cw *csv.Writer) error {
	header := append([]string{"queue", "vendor", "start", "end", "in_hours"}, countHeader...)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, iv := range r.Intervals {
		j := r.jsonInterval(iv)
		row := append([]string{j.Queue, j.Vendor, j.Start, j.End, strconv.FormatBool(j.InHours)},
			countRow(j.jsonCounts)...)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return nil
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

func optional(v *float64) string {
	if v == nil {
		return ""
	}
	return float(*v)
}
