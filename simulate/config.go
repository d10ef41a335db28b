package simulate

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Config describes a simulation run: the calendar it covers and the queues
// in it. The zero value of every field but Queues is usable.
type Config struct {
	// Queues are the queues to simulate. Each is simulated independently
	// with its own random streams, so adding, removing or reordering a
	// queue leaves the calls of the others unchanged. Queue names must be
	// unique.
	Queues []QueueConfig

	// Seed seeds every random stream. Equal configurations with equal
	// seeds give byte-for-byte equal calls.
	Seed uint64

	// Location is the time zone of the days, of the intervals and of the
	// times handed to the Offered and Agents functions. Nil means UTC.
	Location *time.Location

	// Start gives the first day: its calendar date as written (in Start's
	// own location) starts the simulation at midnight in Location. The
	// time of day is ignored. Zero means Monday 1 January 2024.
	Start time.Time

	// Days is the number of days simulated. Zero means 7, a week, which
	// shows both the intraday and the weekly pattern.
	Days int

	// Interval is the length of the intervals over which the offered load
	// and the staffing are constant. It must be a whole number of minutes
	// that divides an hour, so that interval boundaries stay on the local
	// clock's boundaries across daylight-saving changes. Zero means 15
	// minutes.
	Interval time.Duration

	// Resolution is the precision of every emitted time: instants are
	// rounded to a multiple of it, and durations are differences of the
	// rounded instants, so that Arrived+Wait == AnsweredAt exactly. It must
	// divide one second. Zero means one second, as ACD logs such as
	// Asterisk's queue_log record them.
	Resolution time.Duration

	// Source is written to every call's Source. Zero means "simulate".
	Source string
}

// QueueConfig describes one queue: its offered load, its staffing and its
// callers. Required are Name, Offered, Agents and Talk.Mean; every other
// field's zero value means "none" or a documented default.
type QueueConfig struct {
	// Name is the queue's name, written to Call.Queue. Required.
	Name string

	// Vendor names the contact-center company that answers the queue. The
	// simulation does not use it (a call record has no vendor); it lets a
	// caller build an SLA or split output files per vendor.
	Vendor string

	// Offered returns the expected number of calls offered in the interval
	// [start, start+length), start in the run's Location. Arrivals within
	// an interval form a Poisson process of constant rate. Required; see
	// Profile and ConstantOffered.
	Offered func(start time.Time, length time.Duration) float64

	// Agents returns the number of agents on shift in the interval
	// [start, start+length). Agents are a roster ranked by seniority: the
	// first n are on shift when Agents says n, so an agent leaving shift is
	// always the most junior one. Zero agents means nobody is logged in:
	// arriving callers leave at once and waiting callers leave with
	// sladesk.ExitEmpty. It is also asked about the intervals after the
	// last day, where callers who arrived before the end may still wait.
	// Required; see Staffing and ConstantAgents.
	Agents func(start time.Time, length time.Duration) int

	// AgentName returns the name of the i-th agent of the roster (from 0),
	// written to Call.Agent. Names must be unique across every queue of a
	// run, since the simulation keeps each agent on one queue. Nil means
	// Name + "-01", Name + "-02", ...
	AgentName func(i int) string

	// Talk is the distribution of talk time. Talk.Mean is required.
	Talk Dist
	// Wrap is the distribution of after-call work, during which the agent
	// takes no call. Zero means no wrap.
	Wrap Dist
	// Patience is the distribution of how long a caller is willing to
	// wait; a caller still waiting when it runs out abandons. Zero means
	// callers never abandon (the Erlang C assumption).
	Patience Dist
	// Timeout is the queue's maximum wait: a caller still waiting after it
	// leaves with sladesk.Timeout. Zero means no timeout.
	Timeout time.Duration

	// ExitKeyShare is the share of callers whose patience runs out who
	// press a key to leave (sladesk.ExitKey, say for a call-back) instead
	// of hanging up (sladesk.Abandoned).
	ExitKeyShare float64
	// TransferShare is the share of answered calls the agent ends by a
	// transfer (sladesk.EndedByTransfer).
	TransferShare float64
	// AgentEndShare is the share of the other answered calls the agent
	// hangs up (sladesk.EndedByAgent); the caller ends the rest.
	AgentEndShare float64

	// Customers is the size of the population callers are drawn from, so
	// that some customers call more than once. Zero means 100000.
	Customers int
	// CustomerPrefix starts every customer key; queues that share a prefix
	// and a population share their callers. Zero means "C".
	CustomerPrefix string
}

// AHT returns the queue's mean handle time: mean talk plus mean wrap.
func (q *QueueConfig) AHT() time.Duration { return q.Talk.Mean + q.Wrap.Mean }

// DistKind names a family of distributions of durations.
type DistKind uint8

// The distribution families.
const (
	// Exponential is memoryless: the textbook assumption of Erlang C
	// (service) and Erlang A (patience).
	Exponential DistKind = iota
	// Lognormal is skewed to the right like measured talk times (Brown et
	// al., "Statistical analysis of a telephone call center", JASA 2005),
	// with the spread set by CV.
	Lognormal
	// Fixed is always the mean.
	Fixed
)

// String returns the family's name.
func (k DistKind) String() string {
	switch k {
	case Exponential:
		return "exponential"
	case Lognormal:
		return "lognormal"
	case Fixed:
		return "fixed"
	}
	return fmt.Sprintf("DistKind(%d)", k)
}

// Dist is a distribution of durations with a given mean.
type Dist struct {
	// Mean is the mean duration; zero means the duration never happens
	// (no wrap, no patience limit).
	Mean time.Duration
	// Kind is the family; zero means Exponential.
	Kind DistKind
	// CV is the coefficient of variation (standard deviation / mean) of a
	// Lognormal; zero means 1, the spread of an exponential.
	CV float64
}

// ConfigError is an invalid configuration: the field at fault and why.
type ConfigError struct {
	// Field is the field's path, such as "Queues[1].Talk.Mean".
	Field string
	// Reason says what is wrong.
	Reason string
}

// Error formats the error as "simulate: field: reason".
func (e *ConfigError) Error() string {
	return "simulate: " + e.Field + ": " + e.Reason
}

// fieldError returns a *ConfigError for field with a formatted reason.
func fieldError(field, format string, args ...any) error {
	return &ConfigError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// defaultStart is a Monday, so that a default week starts on a weekday.
var defaultStart = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// withDefaults returns c with every zero field that has a default set and
// its own copy of the queues, which a run keeps pointers into.
func (c Config) withDefaults() Config {
	c.Queues = slices.Clone(c.Queues)
	if c.Location == nil {
		c.Location = time.UTC
	}
	if c.Start.IsZero() {
		c.Start = defaultStart
	}
	if c.Days == 0 {
		c.Days = 7
	}
	if c.Interval == 0 {
		c.Interval = 15 * time.Minute
	}
	if c.Resolution == 0 {
		c.Resolution = time.Second
	}
	if c.Source == "" {
		c.Source = "simulate"
	}
	return c
}

// validate checks a configuration that has its defaults set and returns a
// *ConfigError naming the first field at fault.
func (c *Config) validate() error {
	switch {
	case len(c.Queues) == 0:
		return fieldError("Queues", "no queue to simulate")
	case c.Days < 0:
		return fieldError("Days", "negative number of days %d", c.Days)
	case c.Interval < time.Minute || c.Interval%time.Minute != 0 || time.Hour%c.Interval != 0:
		return fieldError("Interval", "%s is not a whole number of minutes dividing an hour",
			c.Interval)
	case c.Resolution < 0 || time.Second%c.Resolution != 0:
		return fieldError("Resolution", "%s does not divide one second", c.Resolution)
	}
	seen := make(map[string]int, len(c.Queues))
	for i := range c.Queues {
		q := &c.Queues[i]
		if j, dup := seen[q.Name]; dup {
			return fieldError(fmt.Sprintf("Queues[%d].Name", i),
				"queue %q is also Queues[%d]", q.Name, j)
		}
		seen[q.Name] = i
		if err := q.validate(fmt.Sprintf("Queues[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

// validate checks one queue; path prefixes the field names in errors.
func (q *QueueConfig) validate(path string) error {
	switch {
	case q.Name == "":
		return fieldError(path+".Name", "empty queue name")
	case q.Offered == nil:
		return fieldError(path+".Offered", "no offered-load function")
	case q.Agents == nil:
		return fieldError(path+".Agents", "no staffing function")
	case q.Talk.Mean <= 0:
		return fieldError(path+".Talk.Mean", "mean talk time must be positive, got %s", q.Talk.Mean)
	case q.Timeout < 0:
		return fieldError(path+".Timeout", "negative timeout %s", q.Timeout)
	case q.Customers < 0:
		return fieldError(path+".Customers", "negative population %d", q.Customers)
	}
	dists := []struct {
		name string
		d    Dist
	}{{"Talk", q.Talk}, {"Wrap", q.Wrap}, {"Patience", q.Patience}}
	for _, d := range dists {
		if err := d.d.validate(path + "." + d.name); err != nil {
			return err
		}
	}
	shares := []struct {
		name string
		v    float64
	}{{"ExitKeyShare", q.ExitKeyShare}, {"TransferShare", q.TransferShare},
		{"AgentEndShare", q.AgentEndShare}}
	for _, s := range shares {
		if !(s.v >= 0 && s.v <= 1) { // also rejects NaN
			return fieldError(path+"."+s.name, "share %v is not between 0 and 1", s.v)
		}
	}
	return nil
}

// validate checks a distribution; path names it in errors.
func (d Dist) validate(path string) error {
	switch {
	case d.Mean < 0:
		return fieldError(path+".Mean", "negative mean %s", d.Mean)
	case d.Kind > Fixed:
		return fieldError(path+".Kind", "unknown distribution %s", d.Kind)
	case !(d.CV >= 0) || math.IsInf(d.CV, 0):
		return fieldError(path+".CV", "coefficient of variation %v is not a finite number >= 0", d.CV)
	}
	return nil
}
