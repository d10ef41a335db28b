package simulate

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/sladesk/sladesk"
)

// caller is what a call brings to the queue, drawn when it arrives.
type caller struct {
	arrived  float64 // seconds since the epoch
	patience float64 // seconds it will wait; +Inf for ever
	talk     float64
	wrap     float64
	byKey    bool // leaves by key, not by hanging up, when patience runs out
	ending   sladesk.Ending
	customer int
}

// result is the fate of one call in the queue.
type result struct {
	caller
	outcome sladesk.Outcome
	at      float64 // when answered, or when the caller left unanswered
	agent   int     // index in the roster; -1 when unanswered
}

// agent is one member of a queue's roster.
type agent struct {
	name string
	free float64 // when the last call's wrap ends; -Inf before the first call
}

// queue simulates one queue. Calls are processed in order of arrival, and in
// a first-in-first-out line the fate of a call depends only on the calls
// before it: they have taken the agents they got, and later callers stand
// behind it. So each call can be settled when it arrives, by finding the
// first moment an agent on shift is free before the caller gives up; no
// event list and no buffer of pending calls is needed, and memory does not
// grow with the length of the run.
type queue struct {
	cfg   *QueueConfig
	index int // in Config.Queues, for errors and ties
	cal   *calendar
	names map[string]string // agent name -> queue, shared by the run

	arrivals *rand.Rand // the arrival stream alone
	callers  *rand.Rand // what each caller brings, a fixed set of draws

	talk, wrap, patience sampler
	timeout              float64 // seconds; +Inf when none
	customers            int     // population size
	custPrefix           string
	custWidth            int // digits of the largest customer number

	slot    int     // interval of the last arrival
	slotEnd float64 // its end
	rate    float64 // its arrival rate, calls per second
	clock   float64 // the last arrival

	staff  staffWindow
	agents []agent
	seq    int    // calls emitted
	buf    []byte // scratch for keys
}

// newQueue prepares queue i of the run. Its two random streams are seeded
// from the run's seed and the queue's name, so a queue's calls do not
// depend on the other queues; keeping arrivals and callers apart means
// that a change of staffing changes waits but neither arrivals nor callers.
func newQueue(cfg *QueueConfig, i int, cal *calendar, seed uint64, names map[string]string) *queue {
	q := &queue{
		cfg: cfg, index: i, cal: cal, names: names,
		arrivals:  rand.New(rand.NewPCG(seed, streamKey(cfg.Name, "arrivals"))),
		callers:   rand.New(rand.NewPCG(seed, streamKey(cfg.Name, "callers"))),
		talk:      newSampler(cfg.Talk),
		wrap:      newSampler(cfg.Wrap),
		patience:  newSampler(cfg.Patience),
		timeout:   math.Inf(1),
		customers: cfg.Customers,
		slot:      -1,
	}
	if cfg.Timeout > 0 {
		q.timeout = cfg.Timeout.Seconds()
	}
	if q.customers == 0 {
		q.customers = 100000
	}
	q.custPrefix = cfg.CustomerPrefix
	if q.custPrefix == "" {
		q.custPrefix = "C"
	}
	q.custWidth = len(strconv.Itoa(q.customers - 1))
	return q
}

// streamKey hashes a queue name and a stream name into the second word of a
// PCG seed (FNV-1a, 64 bits).
func streamKey(queue, stream string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(queue))
	h.Write([]byte{0})
	h.Write([]byte(stream))
	return h.Sum64()
}

// next returns the queue's next call in order of arrival; ok is false when
// no call arrives before the end of the run.
func (q *queue) next() (r result, ok bool, err error) {
	t, ok, err := q.nextArrival()
	if !ok || err != nil {
		return result{}, false, err
	}
	q.staff.drop(q.cal.slotOf(t))
	r.caller = q.drawCaller(t)
	err = q.serve(&r)
	return r, err == nil, err
}

// nextArrival advances the non-homogeneous Poisson arrival process. Within
// an interval the rate is constant and gaps are exponential; a gap that
// crosses the interval's end is discarded and drawn again from the end at
// the next interval's rate, which the memorylessness of the exponential
// makes exact.
func (q *queue) nextArrival() (float64, bool, error) {
	for {
		if q.rate > 0 {
			if t := q.clock + q.arrivals.ExpFloat64()/q.rate; t < q.slotEnd {
				q.clock = t
				return t, true, nil
			}
		}
		q.slot++
		if q.slot >= q.cal.slots {
			return 0, false, nil
		}
		q.clock = q.cal.slotStart(q.slot)
		q.slotEnd = q.cal.slotStart(q.slot + 1)
		calls, err := q.offered(q.slot)
		if err != nil {
			return 0, false, err
		}
		q.rate = calls / q.cal.length
	}
}

// offered returns the expected calls of interval s, checked.
func (q *queue) offered(s int) (float64, error) {
	start := q.cal.start(s)
	v := q.cfg.Offered(start, q.cal.interval)
	if !(v >= 0) || math.IsInf(v, 0) {
		return 0, fieldError(fmt.Sprintf("Queues[%d].Offered", q.index),
			"%v calls offered in the interval starting %s", v, start.Format(time.RFC3339))
	}
	return v, nil
}

// drawCaller draws what the caller arriving at t brings. Every caller takes
// the same draws in the same order, whatever happens to it, so the n-th
// caller is the same in runs that differ only in staffing.
func (q *queue) drawCaller(t float64) caller {
	c := caller{arrived: t, patience: math.Inf(1)} // no limit: waits for ever
	if q.patience.mean > 0 {
		c.patience = q.patience.draw(q.callers)
	}
	c.talk = q.talk.draw(q.callers)
	c.wrap = q.wrap.draw(q.callers)
	c.byKey = q.callers.Float64() < q.cfg.ExitKeyShare
	c.ending = q.drawEnding()
	c.customer = q.callers.IntN(q.customers)
	return c
}

// drawEnding draws how the call would end if answered.
func (q *queue) drawEnding() sladesk.Ending {
	transfer, agentEnds := q.callers.Float64(), q.callers.Float64()
	switch {
	case transfer < q.cfg.TransferShare:
		return sladesk.EndedByTransfer
	case agentEnds < q.cfg.AgentEndShare:
		return sladesk.EndedByAgent
	}
	return sladesk.EndedByCaller
}

// serve settles the fate of r's caller. It walks the intervals from the
// arrival on: in each, the agents on shift are the first n of the roster,
// and the caller is answered by the one that can start soonest, if that is
// before the interval ends and before the caller gives up. A queue with no
// agent on shift sends its waiting callers away (Asterisk's leavewhenempty).
func (q *queue) serve(r *result) error {
	t := r.arrived
	deadline := t + min(r.patience, q.timeout)
	for s := q.cal.slotOf(t); ; s++ {
		from := max(t, q.cal.slotStart(s))
		if from > deadline {
			break
		}
		n, err := q.staffAt(s)
		if err != nil {
			return err
		}
		if n == 0 {
			r.outcome, r.at, r.agent = sladesk.ExitEmpty, from, -1
			return nil
		}
		j, at := q.firstFree(n, from)
		if at < q.cal.slotStart(s+1) && at <= deadline {
			q.answer(r, j, at)
			return nil
		}
	}
	q.giveUp(r, deadline)
	return nil
}

// firstFree returns the agent among the first n of the roster who can take
// a call soonest from time from, and when. Among agents already idle the
// one idle longest takes it, the usual ACD rule (Asterisk's "leastrecent").
func (q *queue) firstFree(n int, from float64) (int, float64) {
	best, bestAt, bestFree := 0, math.Inf(1), math.Inf(1)
	for j, a := range q.agents[:n] {
		at := max(from, a.free)
		if at < bestAt || (at == bestAt && a.free < bestFree) {
			best, bestAt, bestFree = j, at, a.free
		}
	}
	return best, bestAt
}

// answer gives r's call to agent j at time at; the agent is busy for the
// talk and the wrap that follows, and finishes them even after its shift.
func (q *queue) answer(r *result, j int, at float64) {
	r.outcome, r.at, r.agent = sladesk.Answered, at, j
	q.agents[j].free = at + r.talk + r.wrap
}

// giveUp settles a caller who was not answered by its deadline: the queue's
// timeout if that came first, otherwise its own patience.
func (q *queue) giveUp(r *result, deadline float64) {
	r.agent, r.at = -1, deadline
	switch {
	case q.timeout <= r.patience:
		r.outcome = sladesk.Timeout
	case r.byKey:
		r.outcome = sladesk.ExitKey
	default:
		r.outcome = sladesk.Abandoned
	}
}

// staffAt returns the agents on shift in interval s, growing the roster
// when more agents than ever before are on shift.
func (q *queue) staffAt(s int) (int, error) {
	n, ok := q.staff.at(s)
	if ok {
		return n, nil
	}
	start := q.cal.start(s)
	n = q.cfg.Agents(start, q.cal.interval)
	if n < 0 {
		return 0, fieldError(fmt.Sprintf("Queues[%d].Agents", q.index),
			"%d agents in the interval starting %s", n, start.Format(time.RFC3339))
	}
	for len(q.agents) < n {
		if err := q.addAgent(); err != nil {
			return 0, err
		}
	}
	q.staff.put(s, n)
	return n, nil
}

// addAgent adds the next agent to the roster and checks that no other
// agent, of any queue, has its name.
func (q *queue) addAgent() error {
	name := agentName(q.cfg, len(q.agents))
	if other, dup := q.names[name]; dup {
		return fieldError(fmt.Sprintf("Queues[%d].AgentName", q.index),
			"agent %q of queue %q is also an agent of queue %q", name, q.cfg.Name, other)
	}
	q.names[name] = q.cfg.Name
	q.agents = append(q.agents, agent{name: name, free: math.Inf(-1)})
	return nil
}

// agentName returns the name of agent i of the queue's roster.
func agentName(cfg *QueueConfig, i int) string {
	if cfg.AgentName != nil {
		return cfg.AgentName(i)
	}
	return string(appendPadded([]byte(cfg.Name+"-"), i+1, 2))
}

// appendPadded appends n to b in decimal, zero-padded to width digits.
func appendPadded(b []byte, n, width int) []byte {
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(n), 10)
	for range width - len(d) {
		b = append(b, '0')
	}
	return append(b, d...)
}

// staffWindow caches the agents on shift of the intervals from the last
// arrival's on, so that each interval's staffing is asked for once and the
// cache holds only the intervals a waiting caller can still see.
type staffWindow struct {
	first  int   // interval of agents[0]
	agents []int // agents on shift per interval
}

// at returns the cached staffing of interval s, ok false when not cached.
func (w *staffWindow) at(s int) (int, bool) {
	i := s - w.first
	if i < 0 || i >= len(w.agents) {
		return 0, false
	}
	return w.agents[i], true
}

// put caches the staffing of interval s, the one after the last cached.
func (w *staffWindow) put(s, n int) {
	if len(w.agents) == 0 {
		w.first = s
	}
	w.agents = append(w.agents, n)
}

// drop forgets the intervals before s.
func (w *staffWindow) drop(s int) {
	k := min(s-w.first, len(w.agents))
	if k <= 0 {
		return
	}
	w.agents = w.agents[:copy(w.agents, w.agents[k:])]
	w.first += k
}

// record turns a result into the call record, with every instant rounded to
// the resolution and every duration the difference of rounded instants.
func (q *queue) record(r *result) sladesk.Call {
	q.seq++
	q.buf = append(append(q.buf[:0], q.cfg.Name...), '-')
	q.buf = appendPadded(q.buf, q.seq, 6)
	id := string(q.buf)
	arrived := q.cal.round(r.arrived)
	at := q.cal.round(r.at)
	c := sladesk.Call{
		Source:    q.cal.source,
		ID:        id,
		ContactID: id,
		Queue:     q.cfg.Name,
		Arrived:   q.cal.epoch.Add(arrived),
		Ended:     q.cal.epoch.Add(at),
		Outcome:   r.outcome,
		Customer:  q.customerKey(r.customer),
		Wait:      at - arrived,
	}
	if r.outcome == sladesk.Answered {
		ended := q.cal.round(r.at + r.talk)
		free := q.cal.round(r.at + r.talk + r.wrap)
		c.AnsweredAt = c.Ended
		c.Ended = q.cal.epoch.Add(ended)
		c.Talk, c.Wrap = ended-at, free-ended
		c.Agent = q.agents[r.agent].name
		c.Ending = r.ending
	}
	return c
}

// customerKey returns the key of customer n: the prefix and n padded to
// the width of the population.
func (q *queue) customerKey(n int) string {
	q.buf = append(q.buf[:0], q.custPrefix...)
	q.buf = appendPadded(q.buf, n, q.custWidth)
	return string(q.buf)
}
