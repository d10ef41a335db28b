package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/stats"
)

// The JSON document is a contract for scripts: fields are added, never
// renamed or removed. Durations are in seconds; shares are fractions in
// [0, 1]; a value with no data is null.

type jsonReport struct {
	SLA        jsonSLA          `json:"sla"`
	Inputs     []jsonInput      `json:"inputs"`
	Queues     []jsonQueue      `json:"queues"`
	Intervals  []jsonInterval   `json:"intervals"`
	Objectives []jsonEvaluation `json:"objectives"`
	Rejected   jsonRejected     `json:"rejected"`
	Staffing   *jsonStaffing    `json:"staffing"`
	Unassigned []string         `json:"unassigned_queues"`
	Notes      []string         `json:"notes"`
}

type jsonSLA struct {
	Client          string          `json:"client"`
	Name            string          `json:"name,omitempty"`
	TimeZone        string          `json:"time_zone"`
	IntervalMinutes int             `json:"interval_minutes"`
	Vendors         []jsonVendor    `json:"vendors"`
	Objectives      []jsonObjective `json:"objectives"`
}

type jsonVendor struct {
	Name   string   `json:"name"`
	Queues []string `json:"queues"`
}

type jsonObjective struct {
	Name                string   `json:"name"`
	Metric              string   `json:"metric"`
	ThresholdSeconds    float64  `json:"threshold_seconds,omitempty"`
	Target              float64  `json:"target"`
	Compare             string   `json:"compare"`
	Definition          string   `json:"definition,omitempty"`
	Formula             string   `json:"formula,omitempty"`
	ShortAbandonSeconds float64  `json:"short_abandon_seconds,omitempty"`
	Abandons            []string `json:"abandons"`
	Flowouts            string   `json:"flowouts,omitempty"`
	Period              string   `json:"period"`
	Weight              float64  `json:"weight"`
}

type jsonInput struct {
	File      string `json:"file"`
	Format    string `json:"format"`
	Calls     int64  `json:"calls"`
	Ignored   int64  `json:"ignored"`
	NotQueued int64  `json:"not_queued"`
	Other     int64  `json:"other_lines"`
	Rejected  int64  `json:"rejected"`
}

// jsonCounts are the counts of an interval or a queue's totals.
type jsonCounts struct {
	Offered                  int64    `json:"offered"`
	Answered                 int64    `json:"answered"`
	Abandoned                int64    `json:"abandoned"`
	Timeout                  int64    `json:"timeout"`
	ExitEmpty                int64    `json:"exit_empty"`
	ExitKey                  int64    `json:"exit_key"`
	Transferred              int64    `json:"transferred"`
	Ignored                  int64    `json:"ignored"`
	ShortAbandoned           int64    `json:"short_abandoned"`
	ThresholdSeconds         float64  `json:"threshold_seconds"`
	AnsweredWithinThreshold  int64    `json:"answered_within_threshold"`
	AbandonedWithinThreshold int64    `json:"abandoned_within_threshold"`
	WaitSecondsAnswered      float64  `json:"wait_seconds_answered"`
	WaitSecondsAbandoned     float64  `json:"wait_seconds_abandoned"`
	LongestWaitSeconds       float64  `json:"longest_wait_seconds"`
	TalkSeconds              float64  `json:"talk_seconds"`
	HoldSeconds              float64  `json:"hold_seconds"`
	WrapSeconds              float64  `json:"wrap_seconds"`
	HandleSeconds            float64  `json:"handle_seconds"`
	ServiceLevel             *float64 `json:"service_level"`
	ASASeconds               *float64 `json:"asa_seconds"`
	AbandonRate              *float64 `json:"abandon_rate"`
	AHTSeconds               *float64 `json:"aht_seconds"`
}

type jsonInterval struct {
	Queue   string `json:"queue"`
	Vendor  string `json:"vendor"`
	Start   string `json:"start"`
	End     string `json:"end"`
	InHours bool   `json:"in_hours"`
	jsonCounts
}

type jsonQueue struct {
	Queue               string `json:"queue"`
	Vendor              string `json:"vendor"`
	OfferedOutsideHours int64  `json:"offered_outside_hours"`
	jsonCounts
}

type jsonEvaluation struct {
	Name              string      `json:"name"`
	Objective         int         `json:"objective"`
	Metric            string      `json:"metric"`
	Vendor            string      `json:"vendor"`
	Queue             *string     `json:"queue"`
	Period            string      `json:"period"`
	Label             string      `json:"label"`
	Start             string      `json:"start"`
	End               string      `json:"end"`
	Value             *float64    `json:"value"`
	Target            float64     `json:"target"`
	Compare           string      `json:"compare"`
	Met               *bool       `json:"met"`
	Numerator         *int64      `json:"numerator,omitempty"`
	Denominator       *int64      `json:"denominator,omitempty"`
	Calls             int64       `json:"calls"`
	IntervalsWithData int         `json:"intervals_with_data"`
	IntervalsMet      int         `json:"intervals_met"`
	ShareIntervalsMet *float64    `json:"share_of_intervals_met"`
	WorstIntervals    []jsonWorst `json:"worst_intervals,omitempty"`
}

type jsonWorst struct {
	Queue *string `json:"queue"`
	Start string  `json:"start"`
	Value float64 `json:"value"`
	Calls int64   `json:"calls"`
}

type jsonRejected struct {
	Count   int64        `json:"count"`
	Records []jsonRecord `json:"records"`
}

type jsonRecord struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// WriteJSON writes the report as an indented JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	doc := jsonReport{
		SLA:        r.jsonSLA(),
		Inputs:     []jsonInput{},
		Queues:     []jsonQueue{},
		Intervals:  []jsonInterval{},
		Objectives: []jsonEvaluation{},
		Rejected:   jsonRejected{Count: r.Rejected.Count, Records: []jsonRecord{}},
		Unassigned: append([]string{}, r.Unassigned...),
		Notes:      append([]string{}, r.Notes...),
	}
	for _, in := range r.Inputs {
		doc.Inputs = append(doc.Inputs, jsonInput(in))
	}
	for _, t := range r.Totals() {
		doc.Queues = append(doc.Queues, jsonQueue{Queue: t.Queue, Vendor: t.Vendor,
			OfferedOutsideHours: t.OutsideHours, jsonCounts: r.counts(&t.Interval)})
	}
	for _, iv := range r.Intervals {
		doc.Intervals = append(doc.Intervals, r.jsonInterval(iv))
	}
	for i := range r.Evaluations {
		doc.Objectives = append(doc.Objectives, r.jsonEvaluation(&r.Evaluations[i]))
	}
	if r.Staffing != nil {
		doc.Staffing = r.jsonStaffing()
	}
	for _, e := range r.Rejected.First {
		doc.Rejected.Records = append(doc.Rejected.Records,
			jsonRecord{File: e.File, Line: e.Line, Field: e.Field, Reason: rejectReason(e)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func rejectReason(e *sladesk.RecordError) string {
	if e.Err != nil {
		return e.Reason + ": " + e.Err.Error()
	}
	return e.Reason
}

func (r *Report) jsonSLA() jsonSLA {
	s := r.SLA
	out := jsonSLA{Client: s.Client, Name: s.Name, TimeZone: s.Location.String(),
		IntervalMinutes: int(s.Interval / time.Minute), Vendors: []jsonVendor{},
		Objectives: []jsonObjective{}}
	for _, v := range s.Vendors {
		out.Vendors = append(out.Vendors, jsonVendor{Name: v.Name, Queues: v.Queues})
	}
	for _, o := range s.Objectives {
		jo := jsonObjective{Name: o.Name, Metric: o.Metric.String(), Target: o.Target,
			ThresholdSeconds: o.Threshold.Seconds(), Compare: o.Compare.String(),
			Definition: o.Definition.Name, Formula: o.Definition.Formula,
			ShortAbandonSeconds: o.ShortAbandon.Seconds(), Abandons: []string{},
			Flowouts: o.Definition.Flowouts.String(), Period: o.Period.String(), Weight: o.Weight}
		for _, k := range o.AbandonKinds {
			jo.Abandons = append(jo.Abandons, k.String())
		}
		if o.Metric != sladesk.MetricServiceLevel {
			// Only a service level has a definition; the others use the
			// abandon kinds alone.
			jo.Definition, jo.Formula, jo.Flowouts = "", "", ""
		}
		out.Objectives = append(out.Objectives, jo)
	}
	return out
}

func (r *Report) jsonInterval(iv *stats.Interval) jsonInterval {
	loc := r.SLA.Location
	return jsonInterval{
		Queue:      iv.Queue,
		Vendor:     r.SLA.VendorOf(iv.Queue),
		Start:      iv.Start.In(loc).Format(time.RFC3339),
		End:        iv.Start.Add(iv.Length).In(loc).Format(time.RFC3339),
		InHours:    r.SLA.Hours.Open(iv.Start.In(loc)),
		jsonCounts: r.counts(iv),
	}
}

// counts fills the counts of an interval under the primary objective.
func (r *Report) counts(iv *stats.Interval) jsonCounts {
	p := r.Primary
	t := tallyOf(iv, p)
	c := jsonCounts{
		Offered:                  iv.Offered(),
		Answered:                 iv.Answered(),
		Abandoned:                iv.Count(sladesk.Abandoned),
		Timeout:                  iv.Count(sladesk.Timeout),
		ExitEmpty:                iv.Count(sladesk.ExitEmpty),
		ExitKey:                  iv.Count(sladesk.ExitKey),
		Transferred:              iv.Count(sladesk.Transferred),
		Ignored:                  iv.Count(sladesk.Ignored),
		ShortAbandoned:           t.Short,
		ThresholdSeconds:         p.Threshold.Seconds(),
		AnsweredWithinThreshold:  t.SL.AnsweredWithin,
		AbandonedWithinThreshold: t.SL.AbandonedWithin,
		WaitSecondsAnswered:      seconds(iv.WaitSum[sladesk.Answered]),
		LongestWaitSeconds:       seconds(iv.LongestWait),
		TalkSeconds:              seconds(iv.Talk),
		HoldSeconds:              seconds(iv.Hold),
		WrapSeconds:              seconds(iv.Wrap),
		HandleSeconds:            seconds(iv.Handle()),
	}
	for o := sladesk.Abandoned; o <= sladesk.Transferred; o++ {
		if p.CountsAsAbandon(o) {
			c.WaitSecondsAbandoned += seconds(iv.WaitSum[o])
		}
	}
	c.ServiceLevel = valueOf(&t, p, sladesk.MetricServiceLevel)
	c.ASASeconds = valueOf(&t, p, sladesk.MetricASA)
	c.AbandonRate = valueOf(&t, p, sladesk.MetricAbandonRate)
	c.AHTSeconds = valueOf(&t, p, sladesk.MetricAHT)
	return c
}

// valueOf returns metric m over t with p's definition, or nil with no data.
func valueOf(t *Tally, p *sladesk.Objective, m sladesk.Metric) *float64 {
	o := *p
	o.Metric = m
	v, ok := t.Value(&o)
	if !ok {
		return nil
	}
	return &v
}

func (r *Report) jsonEvaluation(ev *Evaluation) jsonEvaluation {
	obj := &r.SLA.Objectives[ev.Objective]
	loc := r.SLA.Location
	je := jsonEvaluation{
		Name: obj.Name, Objective: ev.Objective, Metric: obj.Metric.String(),
		Vendor: ev.Vendor, Queue: queuePtr(ev.Queue), Period: ev.Period.String(),
		Label: ev.Label, Start: ev.Start.In(loc).Format(time.RFC3339),
		End: ev.End.In(loc).Format(time.RFC3339), Target: obj.Target,
		Compare: obj.Compare.String(), Calls: ev.Tally.Calls(obj),
		IntervalsWithData: ev.IntervalsWithData, IntervalsMet: ev.IntervalsMet,
	}
	if ev.HasValue {
		v, met := ev.Value, ev.Met
		je.Value, je.Met = &v, &met
	}
	if obj.Metric == sladesk.MetricServiceLevel {
		num, den := obj.Definition.Ratio(ev.Tally.SL)
		je.Numerator, je.Denominator = &num, &den
	}
	if ev.IntervalsWithData > 0 {
		share := float64(ev.IntervalsMet) / float64(ev.IntervalsWithData)
		je.ShareIntervalsMet = &share
	}
	for _, u := range ev.Worst {
		je.WorstIntervals = append(je.WorstIntervals, jsonWorst{Queue: queuePtr(u.Queue),
			Start: u.Start.In(loc).Format(time.RFC3339), Value: u.Value, Calls: u.Calls})
	}
	return je
}

// queuePtr returns nil for the vendor's pool, so scripts see null rather
// than an empty queue name.
func queuePtr(q string) *string {
	if q == AllQueues {
		return nil
	}
	return &q
}

// jsonStaffing is Staffing: the agents each interval required beside the
// agents at work. Staffed, busy and gap are mean agents over the interval.
type jsonStaffing struct {
	Targets   string              `json:"targets"`
	Model     string              `json:"model"`
	Queues    []jsonStaffingQueue `json:"queues"`
	Pooled    []jsonStaffingQueue `json:"pooled"`
	Intervals []jsonStaffingRow   `json:"intervals"`
	// PooledIntervals are the intervals of each vendor's queues as one.
	PooledIntervals []jsonStaffingRow `json:"pooled_intervals"`
}

type jsonStaffingQueue struct {
	Queue              string  `json:"queue"`
	Vendor             string  `json:"vendor"`
	Method             string  `json:"method"`
	Intervals          int     `json:"intervals"`
	UnderStaffed       int     `json:"under_staffed"`
	OverStaffed        int     `json:"over_staffed"`
	Unstaffable        int     `json:"unstaffable"`
	ShortAgentHours    float64 `json:"short_agent_hours"`
	OverAgentHours     float64 `json:"over_agent_hours"`
	RequiredAgentHours float64 `json:"required_agent_hours"`
	StaffedAgentHours  float64 `json:"staffed_agent_hours"`
}

type jsonStaffingRow struct {
	Queue      string   `json:"queue"`
	Vendor     string   `json:"vendor"`
	Start      string   `json:"start"`
	End        string   `json:"end"`
	Offered    int64    `json:"offered"`
	AHTSeconds *float64 `json:"aht_seconds"`
	Required   *int     `json:"required"`
	Staffed    float64  `json:"staffed"`
	Busy       float64  `json:"busy"`
	Handled    int      `json:"handled"`
	Method     string   `json:"method"`
	Gap        *float64 `json:"gap"`
	Verdict    string   `json:"verdict"`
}

func (r *Report) jsonStaffing() *jsonStaffing {
	s := r.Staffing
	j := &jsonStaffing{Targets: s.Targets, Model: "erlang_c", Queues: []jsonStaffingQueue{},
		Pooled: []jsonStaffingQueue{}, Intervals: []jsonStaffingRow{}, PooledIntervals: []jsonStaffingRow{}}
	for _, q := range s.Queues {
		j.Queues = append(j.Queues, jsonStaffingQueueOf(q))
	}
	for _, q := range s.Pooled {
		j.Pooled = append(j.Pooled, jsonStaffingQueueOf(q))
	}
	for i := range s.Rows {
		j.Intervals = append(j.Intervals, jsonStaffingRowOf(&s.Rows[i], r.SLA))
	}
	for i := range s.PooledRows {
		j.PooledIntervals = append(j.PooledIntervals, jsonStaffingRowOf(&s.PooledRows[i], r.SLA))
	}
	return j
}

// jsonStaffingRowOf returns a row with null for what it does not know: the
// AHT of a queue without handle time, the requirement that no count meets.
func jsonStaffingRowOf(row *StaffingRow, sla *sladesk.SLA) jsonStaffingRow {
	loc := sla.Location
	j := jsonStaffingRow{Queue: row.Queue, Vendor: row.Vendor, Start: row.Start.In(loc).Format(time.RFC3339),
		End: row.Start.Add(row.Length).In(loc).Format(time.RFC3339), Offered: row.Offered,
		Staffed: row.Actual.Staffed, Busy: row.Actual.Busy, Handled: row.Actual.Handled,
		Method: row.Actual.Method.String(), Verdict: row.Verdict()}
	if row.AHT > 0 {
		j.AHTSeconds = &row.AHT
	}
	if row.Err == nil {
		n, gap := row.Required, row.Gap()
		j.Required, j.Gap = &n, &gap
	}
	return j
}

func jsonStaffingQueueOf(q StaffingQueue) jsonStaffingQueue {
	return jsonStaffingQueue{Queue: q.Queue, Vendor: q.Vendor, Method: q.Method.String(),
		Intervals: q.Intervals, UnderStaffed: q.Under, OverStaffed: q.Over, Unstaffable: q.Unstaffable,
		ShortAgentHours: q.ShortHours, OverAgentHours: q.OverHours, RequiredAgentHours: q.RequiredHours,
		StaffedAgentHours: q.StaffedHours}
}
