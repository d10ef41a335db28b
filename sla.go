package sladesk

import (
	"fmt"
	"time"
)

// SLA is a service level agreement between a client and its vendors: which
// queues each vendor serves, when the queues are open, and the objectives
// the vendors are measured against.
type SLA struct {
	// Client is the company that outsources its customer service.
	Client string
	// Name names the agreement; optional.
	Name string
	// Location is the time zone in which intervals, days and opening hours
	// are cut. Never nil in a validated SLA.
	Location *time.Location
	// Interval is the length of an interval: 15, 30 or 60 minutes.
	Interval time.Duration
	// Contract is the contract period; zero bounds mean unbounded.
	Contract Period
	// Hours are the opening hours; intervals outside them do not count.
	Hours OpeningHours
	// Vendors serving the client, each with its queues.
	Vendors []Vendor
	// Objectives every vendor is measured against.
	Objectives []Objective
}

// Vendor is a contact-center company serving some of the client's queues.
type Vendor struct {
	Name   string
	Queues []string
}

// VendorOf returns the vendor serving queue, or "" when no vendor does.
func (s *SLA) VendorOf(queue string) string {
	for _, v := range s.Vendors {
		for _, q := range v.Queues {
			if q == queue {
				return v.Name
			}
		}
	}
	return ""
}

// Period is a span of local dates, both ends included; a zero bound is open.
type Period struct {
	Start, End Date
}

// Contains reports whether d falls within the period.
func (p Period) Contains(d Date) bool {
	if !p.Start.IsZero() && d.Before(p.Start) {
		return false
	}
	if !p.End.IsZero() && p.End.Before(d) {
		return false
	}
	return true
}

// Date is a calendar date without a time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the local date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a date in the form 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q (want YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero date.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool {
	if d.Year != o.Year {
		return d.Year < o.Year
	}
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

// String returns the date as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Midnight returns the first instant of d in loc. On a day whose midnight
// does not exist (a DST jump at 00:00), it is the first instant that does.
func (d Date) Midnight(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// OpeningHours say when the client's queues are open. The zero value is
// open around the clock every day.
type OpeningHours struct {
	// Days holds the open spans of each weekday, indexed by time.Weekday.
	// A nil entry on every weekday (the zero value) means open around the
	// clock; otherwise a weekday with no spans is closed.
	Days [7][]TimeSpan
	// Closed lists dates on which the queues are closed (holidays).
	Closed []Date
}

// TimeSpan is a span of local clock time within a day, [From, To) in
// minutes after midnight; To may be 1440 for "until midnight".
type TimeSpan struct {
	From, To int
}

// AlwaysOpen reports whether h is the zero value: open around the clock.
func (h *OpeningHours) AlwaysOpen() bool {
	return h.AlwaysOpenDays() && len(h.Closed) == 0
}

// Open reports whether the interval that starts at t (in the SLA's time
// zone) lies within opening hours. An interval counts when its start does:
// opening hours are set on interval boundaries in practice, and a rule on
// the start keeps every interval wholly in or wholly out.
func (h *OpeningHours) Open(t time.Time) bool {
	day := DateOf(t)
	for _, c := range h.Closed {
		if c == day {
			return false
		}
	}
	if h.AlwaysOpenDays() {
		return true
	}
	minute := t.Hour()*60 + t.Minute()
	for _, s := range h.Days[t.Weekday()] {
		if minute >= s.From && minute < s.To {
			return true
		}
	}
	return false
}

// Aligned returns an error when an opening or closing time does not fall
// on a boundary of intervals of the given length: an interval counts when
// its start is open, so a queue opening at 08:15 with 30-minute intervals
// would silently lose its first quarter of an hour.
func (h *OpeningHours) Aligned(interval time.Duration) error {
	step := int(interval / time.Minute)
	if step <= 0 {
		return nil
	}
	for _, spans := range h.Days {
		for _, sp := range spans {
			if sp.From%step != 0 || sp.To%step != 0 {
				return fmt.Errorf("%02d:%02d-%02d:%02d does not fall on %d-minute interval boundaries",
					sp.From/60, sp.From%60, sp.To/60, sp.To%60, step)
			}
		}
	}
	return nil
}

// AlwaysOpenDays reports whether no weekday has spans (open all day, every
// day, apart from the closed dates).
func (h *OpeningHours) AlwaysOpenDays() bool {
	for _, d := range h.Days {
		if d != nil {
			return false
		}
	}
	return true
}

// Metric is what an objective measures.
type Metric uint8

// The metrics an objective can measure from call records.
const (
	MetricUnknown Metric = iota
	// MetricServiceLevel: share of calls answered within the threshold,
	// under the objective's named definition.
	MetricServiceLevel
	// MetricASA: average speed of answer, the mean wait of answered calls.
	MetricASA
	// MetricAbandonRate: abandons (the kinds the objective counts) over
	// offered calls, short abandons removed from both when a limit is set.
	MetricAbandonRate
	// MetricAHT: average handle time of answered calls (talk+hold+wrap).
	MetricAHT
	// MetricAnswerRate: answered over offered calls.
	MetricAnswerRate
)

var metricNames = map[Metric]string{
	MetricServiceLevel: "service_level",
	MetricASA:          "asa",
	MetricAbandonRate:  "abandon_rate",
	MetricAHT:          "aht",
	MetricAnswerRate:   "answer_rate",
}

// String returns the metric's name as written in SLA files.
func (m Metric) String() string {
	if s, ok := metricNames[m]; ok {
		return s
	}
	return "unknown"
}

// ParseMetric returns the metric with the given name.
func ParseMetric(s string) (Metric, error) {
	for m, name := range metricNames {
		if name == s {
			return m, nil
		}
	}
	return MetricUnknown, fmt.Errorf(
		"unknown metric %q (want service_level, asa, abandon_rate, aht or answer_rate)", s)
}

// IsRatio reports whether the metric is a share (printed as a percentage)
// rather than a duration.
func (m Metric) IsRatio() bool {
	return m == MetricServiceLevel || m == MetricAbandonRate || m == MetricAnswerRate
}

// Comparison says on which side of the target an objective is met.
type Comparison uint8

// The comparisons.
const (
	AtLeast Comparison = iota // met when value >= target
	AtMost                    // met when value <= target
)

// String returns "at_least" or "at_most".
func (c Comparison) String() string {
	if c == AtMost {
		return "at_most"
	}
	return "at_least"
}

// DefaultComparison returns how a metric is usually compared: service level
// and answer rate at least the target, the others at most.
func (m Metric) DefaultComparison() Comparison {
	if m == MetricServiceLevel || m == MetricAnswerRate {
		return AtLeast
	}
	return AtMost
}

// PeriodKind is the span over which an objective is evaluated.
type PeriodKind uint8

// The period kinds.
const (
	PeriodInterval PeriodKind = iota + 1
	PeriodDay
	PeriodWeek  // ISO week, Monday to Sunday in the SLA's time zone
	PeriodMonth // calendar month in the SLA's time zone
	PeriodContract
)

var periodNames = map[PeriodKind]string{
	PeriodInterval: "interval",
	PeriodDay:      "day",
	PeriodWeek:     "week",
	PeriodMonth:    "month",
	PeriodContract: "contract",
}

// String returns the period's name.
func (p PeriodKind) String() string { return periodNames[p] }

// ParsePeriodKind returns the period kind with the given name.
func ParsePeriodKind(s string) (PeriodKind, error) {
	for p, name := range periodNames {
		if name == s {
			return p, nil
		}
	}
	return 0, fmt.Errorf("unknown period %q (want interval, day, week, month or contract)", s)
}

// Objective is one service level objective of an SLA.
type Objective struct {
	// Name labels the objective in reports; defaults to a description of
	// the metric ("service level 80% in 20s").
	Name string
	// Metric is what is measured.
	Metric Metric
	// Threshold is T, the answer-time limit of a service-level objective.
	Threshold time.Duration
	// Target is the value to reach: a share in [0, 1] for ratio metrics,
	// a duration in seconds for ASA and AHT.
	Target float64
	// Compare says on which side of Target the objective is met.
	Compare Comparison
	// Definition is the named service-level definition.
	Definition ServiceLevelDef
	// ShortAbandon is S: abandons with wait <= S are short; zero = none.
	ShortAbandon time.Duration
	// AbandonKinds are the exits that count as abandons; the other
	// unanswered exits are flow-outs.
	AbandonKinds []Outcome
	// Period is the span over which the objective is evaluated.
	Period PeriodKind
	// Weight of the objective in a vendor's score.
	Weight float64
	// Queues restricts the objective to these queues; empty means every
	// queue of every vendor.
	Queues []string
}

// CountsAsAbandon reports whether outcome o is an abandon for this objective.
func (o *Objective) CountsAsAbandon(out Outcome) bool {
	for _, k := range o.AbandonKinds {
		if k == out {
			return true
		}
	}
	return false
}

// AppliesTo reports whether the objective covers the queue.
func (o *Objective) AppliesTo(queue string) bool {
	if len(o.Queues) == 0 {
		return true
	}
	for _, q := range o.Queues {
		if q == queue {
			return true
		}
	}
	return false
}

// Met reports whether value meets the objective's target. The comparison
// allows for the rounding of decimal targets: 70.2% is stored as
// 0.7020000000000001, and 351 calls of 500 must meet it.
func (o *Objective) Met(value float64) bool {
	const slack = 1e-9
	if o.Compare == AtMost {
		return value <= o.Target+slack*max(1, o.Target)
	}
	return value >= o.Target-slack*max(1, o.Target)
}

// DefaultSLA returns the SLA used when none is given: every queue one
// vendor's, open around the clock, 30-minute intervals in loc, and the
// objectives a first look needs: 80% of calls answered within 20 s with
// abandons counting against, evaluated per day, with ASA and abandon rate
// shown beside it.
func DefaultSLA(loc *time.Location) SLA {
	if loc == nil {
		loc = time.UTC
	}
	def, _ := ServiceLevelDefinition("abandons_against")
	callerAbandons := []Outcome{Abandoned}
	return SLA{
		Name: "default SLA (80% within 20 s with abandons counting against, ASA 30 s, " +
			"abandon rate 5%, per day)",
		Location: loc,
		Interval: 30 * time.Minute,
		Objectives: []Objective{
			{Name: "service level 80% in 20s", Metric: MetricServiceLevel,
				Threshold: 20 * time.Second, Target: 0.8, Compare: AtLeast,
				Definition: def, AbandonKinds: callerAbandons, Period: PeriodDay, Weight: 1},
			{Name: "ASA at most 30s", Metric: MetricASA, Target: 30, Compare: AtMost,
				Definition: def, AbandonKinds: callerAbandons, Period: PeriodDay, Weight: 1},
			{Name: "abandon rate at most 5%", Metric: MetricAbandonRate, Target: 0.05,
				Compare: AtMost, Definition: def, AbandonKinds: callerAbandons,
				Period: PeriodDay, Weight: 1},
		},
	}
}
