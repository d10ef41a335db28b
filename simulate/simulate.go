package simulate

import (
	"container/heap"
	"io"

	"github.com/sladesk/sladesk"
)

// Simulator yields the calls of a run one at a time, in order of arrival
// across all queues (calls arriving at the same instant come in the order of
// their queues in Config.Queues). It is a sladesk.CallReader, so whatever
// reads calls from a file reads them from a simulation too.
//
// A Simulator holds one pending call per queue and each queue's agents and
// nearby staffing, never the calls already returned: memory does not grow
// with the number of days or calls. It is not safe for concurrent use.
type Simulator struct {
	cal     calendar
	pending pendingHeap // queues with a call not yet returned
	started bool
	err     error
}

// New returns a Simulator for cfg, or a *ConfigError naming the field at
// fault when cfg is invalid.
func New(cfg Config) (*Simulator, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	s := &Simulator{cal: newCalendar(&cfg)}
	names := make(map[string]string)
	for i := range cfg.Queues {
		q := newQueue(&cfg.Queues[i], i, &s.cal, cfg.Seed, names)
		s.pending = append(s.pending, &pendingQueue{queue: q})
	}
	return s, nil
}

// Read returns the next call. At the end of the run it returns io.EOF. A
// staffing or load function that returns an impossible value (negative
// agents, a negative or infinite load) or a repeated agent name ends the
// run with a *ConfigError; every later Read returns the same error.
func (s *Simulator) Read() (sladesk.Call, error) {
	if s.err == nil {
		s.err = s.advance()
	}
	if s.err != nil {
		return sladesk.Call{}, s.err
	}
	p := s.pending[0]
	return p.queue.record(&p.head), nil
}

// advance replaces the call Read returned last, the head of the first queue
// in the heap, by that queue's next one, or on the first call fills every
// queue's; it returns io.EOF when no call is left.
func (s *Simulator) advance() error {
	if !s.started {
		s.started = true
		return s.fill()
	}
	p := s.pending[0]
	r, ok, err := p.queue.next()
	switch {
	case err != nil:
		return err
	case ok:
		p.head = r
		heap.Fix(&s.pending, 0)
	default:
		heap.Pop(&s.pending)
	}
	if len(s.pending) == 0 {
		return io.EOF
	}
	return nil
}

// fill draws the first call of every queue and orders the queues.
func (s *Simulator) fill() error {
	live := s.pending[:0]
	for _, p := range s.pending {
		r, ok, err := p.queue.next()
		if err != nil {
			return err
		}
		if ok {
			p.head = r
			live = append(live, p)
		}
	}
	s.pending = live
	heap.Init(&s.pending)
	if len(s.pending) == 0 {
		return io.EOF
	}
	return nil
}

// Run simulates cfg and hands every call to emit, in order of arrival (see
// Simulator). It returns a *ConfigError for an invalid configuration, and
// the first error emit returns, which ends the run.
func Run(cfg Config, emit func(sladesk.Call) error) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	for {
		c, err := s.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := emit(c); err != nil {
			return err
		}
	}
}

// pendingQueue is a queue with its next call.
type pendingQueue struct {
	queue *queue
	head  result
}

// pendingHeap orders queues by the arrival of their next call, then by their
// place in the configuration, so that the merged stream is deterministic.
type pendingHeap []*pendingQueue

func (h pendingHeap) Len() int { return len(h) }

func (h pendingHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.head.arrived != b.head.arrived {
		return a.head.arrived < b.head.arrived
	}
	return a.queue.index < b.queue.index
}

func (h pendingHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

func (h *pendingHeap) Push(x any) { *h = append(*h, x.(*pendingQueue)) }

func (h *pendingHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
