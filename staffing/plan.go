package staffing

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// IntervalLoad is the work forecast for one queue in one interval.
type IntervalLoad struct {
	// Queue names the queue, not empty.
	Queue string
	// Start is when the interval begins. Intervals of different queues
	// that start at the same instant are the same interval, whatever the
	// offset they were written with.
	Start time.Time
	// Length is the length of the interval, > 0. Every queue's interval
	// that starts at the same instant must have the same length.
	Length time.Duration
	// Calls is the number of calls offered, a finite number >= 0; it may be
	// fractional, as forecasts are.
	Calls float64
	// AHT is the average handle time in seconds, > 0; it may be 0 when
	// Calls is 0, as forecasts write it for an interval without calls.
	AHT float64
}

// validate returns an error wrapping ErrInvalid, naming the load and the
// field, when a field of l is out of range.
func (l IntervalLoad) validate() error {
	var reason string
	switch {
	case l.Queue == "":
		reason = "Queue is empty"
	case l.Length <= 0:
		reason = fmt.Sprintf("Length %v is not > 0", l.Length)
	case !finite(l.Calls) || l.Calls < 0:
		reason = fmt.Sprintf("Calls %v is not a finite number >= 0", l.Calls)
	case !finite(l.AHT) || l.AHT < 0 || (l.AHT == 0 && l.Calls > 0):
		reason = fmt.Sprintf("AHT %v is not a finite number of seconds > 0", l.AHT)
	default:
		return nil
	}
	return fmt.Errorf("%w: queue %q at %s: %s", ErrInvalid, l.Queue, stamp(l.Start), reason)
}

// demand returns l as the Demand of one interval with callers of the given
// patience.
func (l IntervalLoad) demand(patience float64) Demand {
	return Demand{Calls: l.Calls, Interval: l.Length.Seconds(), AHT: l.AHT, Patience: patience}
}

// PlanConfig holds what a Plan assumes beyond the loads. Every field but
// Headcount must be set.
type PlanConfig struct {
	// Targets are the goals of every queue in every interval, and of the
	// pooled queue (see Plan).
	Targets Targets
	// Patience is the callers' mean patience in seconds, the same for
	// every queue; 0 means callers never abandon (Erlang C), see Demand.
	Patience float64
	// Shrinkage is the share of paid time not spent handling calls, in
	// [0, MaxShrinkage], see Scheduled.
	Shrinkage float64
	// PaidHoursPerFTE is the paid hours of one full-time agent over the
	// span of the plan's loads: 37.5 for a plan of one week under a
	// 37.5-hour contract, 7.5 for a plan of one day. It must cover the
	// same span as the loads, as FTE divides the plan's hours by it; a
	// weekly figure for a plan of one day understates the FTE five-fold.
	// It must be > 0.
	PaidHoursPerFTE float64
	// Headcount is the FTE employed today, >= 0; 0 when unknown, and then
	// the hiring need is the whole FTE.
	Headcount float64
	// Fractional adds the queues' unrounded needs before rounding (see
	// IntervalPlan.Separate), for agents who split an interval between
	// queues or whom the roster spreads over intervals. Without it each
	// queue keeps its own whole agents, as dedicated teams must.
	Fractional bool
}

// Validate returns an error wrapping ErrInvalid, naming the field, when a
// field of c is out of range.
func (c PlanConfig) Validate() error {
	if err := c.Targets.Validate(); err != nil {
		return err
	}
	if math.IsNaN(c.Patience) || c.Patience < 0 {
		return fmt.Errorf("%w: Patience %v is not a number of seconds >= 0", ErrInvalid, c.Patience)
	}
	if _, err := keptShare(c.Shrinkage); err != nil {
		return err
	}
	if !finite(c.PaidHoursPerFTE) || c.PaidHoursPerFTE <= 0 {
		return fmt.Errorf("%w: PaidHoursPerFTE %v is not a finite number of hours > 0",
			ErrInvalid, c.PaidHoursPerFTE)
	}
	if !finite(c.Headcount) || c.Headcount < 0 {
		return fmt.Errorf("%w: Headcount %v is not a finite number >= 0", ErrInvalid, c.Headcount)
	}
	return nil
}

// QueuePlan is the requirement of one queue in one interval.
type QueuePlan struct {
	IntervalLoad
	// Figures are the figures at the fewest whole agents meeting the
	// targets (Required); Figures.Agents is that requirement. Zero when
	// the interval has no calls or is infeasible.
	Figures Figures
	// Need is the unrounded requirement (see Need), 0 when the interval
	// has no calls or is infeasible.
	Need float64
	// Scheduled is Figures.Agents grossed up for shrinkage and rounded
	// up, see the function Scheduled.
	Scheduled int
	// Err is non-nil, wrapping ErrInfeasible, when no number of agents
	// meets the targets; the requirement is then not a number, and every
	// figure above is 0.
	Err error
}

// IntervalPlan is the requirement of one interval over all queues, both
// with every queue answered by its own agents (separate) and with all calls
// in one queue answered by every agent (pooled).
type IntervalPlan struct {
	// Start and Length are those of the interval's loads.
	Start  time.Time
	Length time.Duration
	// Queues is the number of queues with a load in the interval.
	Queues int
	// Calls is the calls offered to every queue, ΣCallsᵢ.
	Calls float64
	// AHT is the call-weighted mean handle time, ΣCallsᵢ·AHTᵢ / ΣCallsᵢ,
	// so that the pooled workload is the sum of the queues' workloads; 0
	// without calls.
	AHT float64

	// Need is the sum of the queues' unrounded needs, ΣNeedᵢ.
	Need float64
	// Separate is the agents when every queue keeps its own: Whole, or
	// with PlanConfig.Fractional, Need rounded up once (see Total), the
	// rule of the staffing-rounding case, counting the fractions of agents
	// who split their interval between queues (or whom the roster spreads
	// over intervals) once.
	Separate int
	// Whole is ΣAgentsᵢ, each queue's whole requirement added: what
	// teams that never help each other need even within the interval. It
	// exceeds Separate by up to one agent per queue.
	Whole int
	// Scheduled is Separate grossed up for shrinkage and rounded up.
	Scheduled int
	// Err is non-nil, wrapping ErrInfeasible, when some queue is
	// infeasible (see QueuePlan.Err); Need, Separate and Scheduled are
	// then 0, not a number, and so is Whole.
	Err error

	// Pooled are the figures of one queue offered every call of the
	// interval, Calls at AHT, at the fewest whole agents meeting the
	// targets; Pooled.Agents is the pooled requirement.
	Pooled Figures
	// PooledScheduled is Pooled.Agents grossed up for shrinkage and
	// rounded up.
	PooledScheduled int
	// PooledErr is non-nil, wrapping ErrInfeasible, when the pooled queue
	// is infeasible; Pooled and PooledScheduled are then 0.
	PooledErr error
}

// PoolingEffect returns Separate − Pooled.Agents, the agents saved in the
// interval if every agent could take every call, and false when either
// requirement is infeasible.
func (p IntervalPlan) PoolingEffect() (int, bool) {
	if p.Err != nil || p.PooledErr != nil {
		return 0, false
	}
	return p.Separate - p.Pooled.Agents, true
}

// PlanTotals are the hours and FTE of a plan over its feasible intervals.
type PlanTotals struct {
	// AgentHours is Σ agents·length over the intervals, in hours: the
	// productive agent time the intervals require.
	AgentHours float64
	// ScheduledHours is AgentHours/(1 − Shrinkage): the paid hours that
	// leave AgentHours on the phones. It grosses up hours, not whole
	// scheduled agents per interval, as a roster places whole people over
	// many intervals and rounding each interval first would count
	// fractions of people several times.
	ScheduledHours float64
	// FTE is ScheduledHours/PaidHoursPerFTE, the full-time agents to
	// employ.
	FTE float64
	// HiringNeed is max(0, FTE − Headcount).
	HiringNeed float64
	// Infeasible is the number of intervals left out because their
	// requirement is infeasible; when it is above 0 every figure above is
	// a lower bound.
	Infeasible int
}

// PlanResult is a staffing plan over many queues and intervals.
type PlanResult struct {
	// Queues holds one plan per load, ordered by queue, then start.
	Queues []QueuePlan
	// Intervals holds one plan per interval, ordered by start.
	Intervals []IntervalPlan
	// Separate totals the separate requirements, each queue with its
	// own agents: the plan for agents trained on one queue each.
	Separate PlanTotals
	// Pooled totals the pooled requirements: the plan if every agent
	// could take every call. Separate − Pooled is what cross-training
	// is worth at best.
	Pooled PlanTotals
}

// Plan returns the staffing plan for the loads: for each queue and
// interval, the requirement of Required, the unrounded Need and the agents
// to schedule after shrinkage; for each interval, the separate and the
// pooled requirement; and the hours and FTE of both over the whole plan.
//
// An interval without calls needs 0 agents. An interval where no count
// meets the targets is marked with an error wrapping ErrInfeasible, in its
// QueuePlan and in its IntervalPlan, and left out of the totals, which
// count it in Infeasible.
//
// The separate requirement of an interval is ⌈ΣNeedᵢ⌉ (see Total): the
// queues' unrounded needs added, rounded once. The pooled requirement is
// that of one queue offered ΣCallsᵢ at the call-weighted mean AHT, which
// keeps the workload ΣAᵢ. It assumes every agent can take every call,
// answered first come first served, and handle times still exponential
// with the mean AHT, as Erlang C and A assume for one queue; a mix of
// queues with very different handle times is more variable than that, so
// the pooled count is optimistic. Pooling shares the safety margin of the
// square-root rule (see SquareRootAgents), which grows like √A, not like
// A, so the pooled requirement is usually well below the separate one, the
// more so the more small queues are pooled. It is not bound to be below:
// the separate requirement adds fractional needs, and that can round below
// the pooled whole count when the queues are few and large.
//
// Totals follow the usual workforce-planning chain: agent-hours
// Σ agents·length, scheduled hours agent-hours/(1 − Shrinkage), FTE
// scheduled hours/PaidHoursPerFTE, hiring need max(0, FTE − Headcount).
// The loads should cover the span PaidHoursPerFTE is paid for.
//
// Plan returns an error wrapping ErrInvalid when cfg or a load is out of
// range, when a queue has two loads that overlap, or when loads of the
// same start have different lengths.
func Plan(loads []IntervalLoad, cfg PlanConfig) (*PlanResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	sorted, err := sortLoads(loads)
	if err != nil {
		return nil, err
	}

	sched := newSchedules(cfg.Shrinkage)
	res := &PlanResult{Queues: make([]QueuePlan, 0, len(sorted))}
	for _, l := range sorted {
		q, err := planQueue(l, cfg, sched)
		if err != nil {
			return nil, err
		}
		res.Queues = append(res.Queues, q)
	}

	res.Intervals, err = planIntervals(res.Queues, cfg, sched)
	if err != nil {
		return nil, err
	}
	res.Separate, res.Pooled = totals(res.Intervals, cfg)
	return res, nil
}

// sortLoads returns the loads validated and sorted by queue, then start,
// or an error when two loads of a queue overlap.
func sortLoads(loads []IntervalLoad) ([]IntervalLoad, error) {
	sorted := slices.Clone(loads)
	for _, l := range sorted {
		if err := l.validate(); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(sorted, func(a, b IntervalLoad) int {
		return cmp.Or(cmp.Compare(a.Queue, b.Queue), a.Start.Compare(b.Start))
	})
	for i := 1; i < len(sorted); i++ {
		prev, l := sorted[i-1], sorted[i]
		if prev.Queue == l.Queue && l.Start.Before(prev.Start.Add(prev.Length)) {
			return nil, fmt.Errorf("%w: queue %q: interval at %s overlaps the one at %s",
				ErrInvalid, l.Queue, stamp(l.Start), stamp(prev.Start))
		}
	}
	return sorted, nil
}

// planQueue returns the requirement of one load. An infeasible load is
// marked in the plan; any other error is returned.
func planQueue(l IntervalLoad, cfg PlanConfig, sched *schedules) (QueuePlan, error) {
	q := QueuePlan{IntervalLoad: l}
	if l.Calls == 0 {
		return q, nil
	}
	d := l.demand(cfg.Patience)
	f, err := Required(d, cfg.Targets)
	if errors.Is(err, ErrInfeasible) {
		q.Err = fmt.Errorf("queue %q at %s: %w", l.Queue, stamp(l.Start), err)
		return q, nil
	}
	if err != nil {
		return q, fmt.Errorf("queue %q at %s: %w", l.Queue, stamp(l.Start), err)
	}

	need, err := needAt(d, cfg.Targets, f)
	if err != nil {
		return q, fmt.Errorf("queue %q at %s: %w", l.Queue, stamp(l.Start), err)
	}
	q.Figures, q.Need = f, need
	q.Scheduled, err = sched.scheduled(f.Agents)
	return q, err
}

// planIntervals groups the queue plans by start and returns the plan of
// each interval, ordered by start.
func planIntervals(queues []QueuePlan, cfg PlanConfig, sched *schedules) ([]IntervalPlan, error) {
	// The order is found on small keys, not on the plans: a QueuePlan is
	// some 150 bytes, and a stable sort of the plans themselves moved each
	// one O(log² n) times, which cost more than all their Erlang solves.
	// Ties go to the index, so an interval's queues stay in the order of
	// queues, as a stable sort would keep them (and their needs are added
	// in the same order).
	type key struct {
		start time.Time
		i     int
	}
	order := make([]key, len(queues))
	for i, q := range queues {
		order[i] = key{q.Start, i}
	}
	slices.SortFunc(order, func(a, b key) int {
		return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.i, b.i))
	})

	var out []IntervalPlan
	var group []QueuePlan // the queues of one interval, reused
	for len(order) > 0 {
		group = append(group[:0], queues[order[0].i])
		for len(group) < len(order) && order[len(group)].start.Equal(order[0].start) {
			group = append(group, queues[order[len(group)].i])
		}
		p, err := planInterval(group, cfg, sched)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
		order = order[len(group):]
	}
	return out, nil
}

// planInterval returns the separate and pooled requirements of the queues
// of one interval.
func planInterval(queues []QueuePlan, cfg PlanConfig, sched *schedules) (IntervalPlan, error) {
	p := IntervalPlan{Start: queues[0].Start, Length: queues[0].Length, Queues: len(queues)}
	needs := make([]float64, 0, len(queues))
	work := 0.0 // Σ Callsᵢ·AHTᵢ, call-seconds
	for _, q := range queues {
		if q.Length != p.Length {
			return p, fmt.Errorf("%w: at %s queue %q lasts %v, queue %q %v",
				ErrInvalid, stamp(p.Start), queues[0].Queue, p.Length, q.Queue, q.Length)
		}
		if q.Err != nil && p.Err == nil {
			p.Err = q.Err
		}
		p.Calls += q.Calls
		work += q.Calls * q.AHT
		needs = append(needs, q.Need)
		p.Whole += q.Figures.Agents
	}

	// Separate: the whole agents added, or the unrounded needs added and
	// rounded once.
	switch {
	case p.Err != nil:
		p.Whole = 0
	case cfg.Fractional:
		p.Need, p.Separate = sum(needs), Total(needs...)
	default:
		p.Need, p.Separate = sum(needs), p.Whole
	}
	var err error
	if p.Scheduled, err = sched.scheduled(p.Separate); err != nil {
		return p, err
	}

	// Pooled: one queue with every call, at the call-weighted mean AHT.
	if p.Calls > 0 {
		p.AHT = work / p.Calls
	}
	return p, pool(&p, cfg, sched)
}

// pool sets the pooled requirement of p from its Calls and AHT.
func pool(p *IntervalPlan, cfg PlanConfig, sched *schedules) error {
	if p.Calls == 0 {
		return nil
	}
	d := Demand{Calls: p.Calls, Interval: p.Length.Seconds(), AHT: p.AHT, Patience: cfg.Patience}
	f, err := Required(d, cfg.Targets)
	switch {
	case errors.Is(err, ErrInfeasible):
		p.PooledErr = fmt.Errorf("pooled queue at %s: %w", stamp(p.Start), err)
		return nil
	case err != nil:
		return fmt.Errorf("pooled queue at %s: %w", stamp(p.Start), err)
	}
	p.Pooled = f
	p.PooledScheduled, err = sched.scheduled(f.Agents)
	return err
}

// totals adds the hours of the feasible intervals, separate and pooled.
func totals(intervals []IntervalPlan, cfg PlanConfig) (separate, pooled PlanTotals) {
	for _, p := range intervals {
		hours := p.Length.Hours()
		if p.Err != nil {
			separate.Infeasible++
		} else {
			separate.AgentHours += float64(p.Separate) * hours
		}
		if p.PooledErr != nil {
			pooled.Infeasible++
		} else {
			pooled.AgentHours += float64(p.Pooled.Agents) * hours
		}
	}
	return fte(separate, cfg), fte(pooled, cfg)
}

// fte completes t from its agent-hours: scheduled hours, FTE and hiring
// need.
func fte(t PlanTotals, cfg PlanConfig) PlanTotals {
	t.ScheduledHours = t.AgentHours / (1 - cfg.Shrinkage)
	t.FTE = t.ScheduledHours / cfg.PaidHoursPerFTE
	t.HiringNeed = math.Max(0, t.FTE-cfg.Headcount)
	return t
}

// schedules are the whole agents to schedule after the shrinkage of one
// plan, remembered per count of agents. Scheduled rounds exactly, in
// big.Rat arithmetic, which costs more than solving an interval; a plan
// asks it once per queue and interval for the same few counts.
type schedules struct {
	shrinkage float64
	of        map[int]int // agents -> scheduled
}

func newSchedules(shrinkage float64) *schedules {
	return &schedules{shrinkage: shrinkage, of: map[int]int{}}
}

// scheduled returns the whole agents to schedule for agents after the
// plan's shrinkage (see Scheduled).
func (s *schedules) scheduled(agents int) (int, error) {
	if n, ok := s.of[agents]; ok {
		return n, nil
	}
	sc, err := Scheduled(agents, s.shrinkage)
	if err != nil {
		return 0, err
	}
	s.of[agents] = sc.Scheduled
	return sc.Scheduled, nil
}

// sum returns the sum of xs.
func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// stamp formats t for an error message.
func stamp(t time.Time) string {
	return t.Format(time.RFC3339)
}
