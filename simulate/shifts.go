package simulate

import (
	"github.com/sladesk/sladesk"
)

// AgentEvents hands emit the logins and logoffs of agents that the staffing
// of cfg implies, in time order: at the start of each interval the agents
// the staffing drops log off (sladesk.AgentRemoved), the most junior first,
// and those it adds log in (sladesk.AgentAdded), queue by queue in the
// order of Config.Queues. An agent who logs off during a call finishes it,
// so the call's end can follow the logoff. Agents still on shift when the
// run ends stay logged in, since callers waiting then are still served.
//
// The events are those of the run Run and New simulate for cfg, with the
// same agent names. AgentEvents returns a *ConfigError for an invalid cfg
// or an impossible staffing, and the first error emit returns.
func AgentEvents(cfg Config, emit func(sladesk.AgentEvent) error) error {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return err
	}
	cal := newCalendar(&cfg)
	names := make(map[string]string)
	queues := make([]*queue, len(cfg.Queues))
	onShift := make([]int, len(cfg.Queues))
	for i := range cfg.Queues {
		queues[i] = newQueue(&cfg.Queues[i], i, &cal, cfg.Seed, names)
	}
	for s := range cal.slots {
		for i, q := range queues {
			q.staff.drop(s)
			n, err := q.staffAt(s)
			if err != nil {
				return err
			}
			if err := shiftChange(q, s, onShift[i], n, emit); err != nil {
				return err
			}
			onShift[i] = n
		}
	}
	return nil
}

// shiftChange emits the events of queue q's staffing going from before to
// after agents at the start of interval s.
func shiftChange(q *queue, s, before, after int, emit func(sladesk.AgentEvent) error) error {
	ev := sladesk.AgentEvent{Source: q.cal.source, Time: q.cal.start(s), Queue: q.cfg.Name}
	for j := before - 1; j >= after; j-- {
		ev.Agent, ev.Kind = q.agents[j].name, sladesk.AgentRemoved
		if err := emit(ev); err != nil {
			return err
		}
	}
	for j := before; j < after; j++ {
		ev.Agent, ev.Kind = q.agents[j].name, sladesk.AgentAdded
		if err := emit(ev); err != nil {
			return err
		}
	}
	return nil
}

// ExpectedOffered returns the expected number of calls a run of cfg offers:
// every queue's Offered summed over the run's intervals. The number of calls
// a run produces is Poisson-distributed around it. It returns a
// *ConfigError for an invalid cfg or an impossible load.
func ExpectedOffered(cfg Config) (float64, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return 0, err
	}
	cal := newCalendar(&cfg)
	sum := 0.0
	for i := range cfg.Queues {
		q := newQueue(&cfg.Queues[i], i, &cal, cfg.Seed, nil)
		for s := range cal.slots {
			v, err := q.offered(s)
			if err != nil {
				return 0, err
			}
			sum += v
		}
	}
	return sum, nil
}
