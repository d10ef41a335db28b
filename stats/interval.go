package stats

import (
	"time"

	"github.com/sladesk/sladesk"
)

// Interval holds the statistics of one queue over one interval.
type Interval struct {
	// Queue is the queue the calls waited in.
	Queue string
	// Start is the first instant of the interval, in the SLA's time zone.
	Start time.Time
	// Length is the interval's length.
	Length time.Duration

	// Waits holds, per outcome, the histogram of waits in whole seconds.
	Waits [sladesk.NumOutcomes]Histogram
	// WaitSum holds, per outcome, the exact total wait.
	WaitSum [sladesk.NumOutcomes]time.Duration
	// LongestWait is the longest wait of any offered call.
	LongestWait time.Duration

	// Talk, Hold and Wrap total the handle-time parts of answered calls.
	Talk, Hold, Wrap time.Duration
}

// Add credits one call to the interval. The caller has checked that the
// call arrived in the interval.
func (iv *Interval) Add(c *sladesk.Call) {
	o := c.Outcome
	iv.Waits[o].Add(c.WaitSeconds())
	iv.WaitSum[o] += c.Wait
	if o == sladesk.Ignored {
		return
	}
	iv.LongestWait = max(iv.LongestWait, c.Wait)
	if o != sladesk.Answered {
		return
	}
	iv.Talk += c.Talk
	iv.Hold += c.Hold
	iv.Wrap += c.Wrap
}

// Merge adds the statistics of o (the same interval from another input, or
// another interval for a roll-up) to iv.
func (iv *Interval) Merge(o *Interval) {
	for k := range iv.Waits {
		iv.Waits[k].Merge(&o.Waits[k])
		iv.WaitSum[k] += o.WaitSum[k]
	}
	iv.LongestWait = max(iv.LongestWait, o.LongestWait)
	iv.Talk += o.Talk
	iv.Hold += o.Hold
	iv.Wrap += o.Wrap
}

// Count returns the number of calls with outcome o.
func (iv *Interval) Count(o sladesk.Outcome) int64 { return iv.Waits[o].Count() }

// Offered returns the calls that entered the queue: answered plus every
// unanswered exit; ignored records are not offered.
func (iv *Interval) Offered() int64 {
	var n int64
	for o := sladesk.Answered; o <= sladesk.Transferred; o++ {
		n += iv.Waits[o].Count()
	}
	return n
}

// Answered returns the answered calls.
func (iv *Interval) Answered() int64 { return iv.Count(sladesk.Answered) }

// Within returns the calls with outcome o that waited at most t.
func (iv *Interval) Within(o sladesk.Outcome, t time.Duration) int64 {
	return iv.Waits[o].AtMost(sladesk.CeilSeconds(t))
}

// Handle returns the total handle time of answered calls.
func (iv *Interval) Handle() time.Duration { return iv.Talk + iv.Hold + iv.Wrap }

// SLCounts returns the counts of a service-level ratio for objective obj:
// abandons are the exits obj counts as abandons, flow-outs the other exits.
func (iv *Interval) SLCounts(obj *sladesk.Objective) sladesk.SLCounts {
	t := sladesk.CeilSeconds(obj.Threshold)
	s := sladesk.CeilSeconds(obj.ShortAbandon)
	early := sladesk.CeilSeconds(obj.Definition.EarlyLimitFor(obj.Threshold, obj.ShortAbandon))

	c := sladesk.SLCounts{
		Answered:       iv.Waits[sladesk.Answered].Count(),
		AnsweredWithin: iv.Waits[sladesk.Answered].AtMost(t),
	}
	for o := sladesk.Abandoned; o <= sladesk.Transferred; o++ {
		h := &iv.Waits[o]
		if !obj.CountsAsAbandon(o) {
			c.Flowouts += h.Count()
			c.FlowoutsWithin += h.AtMost(t)
			continue
		}
		c.Abandoned += h.Count()
		c.AbandonedWithin += h.AtMost(t)
		c.AbandonedWithinRule += h.AtMost(early)
		if obj.ShortAbandon > 0 {
			c.AbandonedShort += h.AtMost(s)
		}
	}
	return c
}

// Totals returns the counts of objective obj's abandons, short abandons
// and offered calls, for abandon and answer rates.
func (iv *Interval) Totals(obj *sladesk.Objective) (offered, abandoned, short int64) {
	s := sladesk.CeilSeconds(obj.ShortAbandon)
	offered = iv.Offered()
	for o := sladesk.Abandoned; o <= sladesk.Transferred; o++ {
		if obj.CountsAsAbandon(o) {
			abandoned += iv.Waits[o].Count()
			if obj.ShortAbandon > 0 {
				short += iv.Waits[o].AtMost(s)
			}
		}
	}
	return offered, abandoned, short
}
