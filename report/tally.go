package report

import (
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/stats"
)

// Tally holds the sums every metric of one objective is computed from.
// Tallies of intervals, queues and vendors are added together, so every
// figure over a period is a pooled sum, never a mean of percentages.
type Tally struct {
	SL           sladesk.SLCounts
	Offered      int64
	Abandoned    int64 // exits the objective counts as abandons
	Short        int64 // abandons with wait <= the short-abandon limit
	Answered     int64
	WaitAnswered time.Duration
	Handle       time.Duration
}

// tallyOf returns the tally of interval iv for objective obj.
func tallyOf(iv *stats.Interval, obj *sladesk.Objective) Tally {
	offered, abandoned, short := iv.Totals(obj)
	return Tally{
		SL:           iv.SLCounts(obj),
		Offered:      offered,
		Abandoned:    abandoned,
		Short:        short,
		Answered:     iv.Answered(),
		WaitAnswered: iv.WaitSum[sladesk.Answered],
		Handle:       iv.Handle(),
	}
}

// Add adds o to t.
func (t *Tally) Add(o Tally) {
	t.SL.Add(o.SL)
	t.Offered += o.Offered
	t.Abandoned += o.Abandoned
	t.Short += o.Short
	t.Answered += o.Answered
	t.WaitAnswered += o.WaitAnswered
	t.Handle += o.Handle
}

// Value returns the objective's metric over the tally, and false when it
// has no data (a ratio over zero calls).
func (t *Tally) Value(obj *sladesk.Objective) (float64, bool) {
	switch obj.Metric {
	case sladesk.MetricServiceLevel:
		return obj.Definition.ServiceLevel(t.SL)
	case sladesk.MetricASA:
		return ratio(t.WaitAnswered.Seconds(), t.Answered)
	case sladesk.MetricAHT:
		// BUG: answered calls whose source records no talk time count as
		// 0 s, so AHT is 0 rather than no data; a count of answered calls
		// with a known handle time, kept in the interval statistics, would
		// tell them apart.
		return ratio(t.Handle.Seconds(), t.Answered)
	case sladesk.MetricAbandonRate:
		// Short abandons leave numerator and denominator alike: a caller
		// who hung up within S never gave the center a chance.
		return ratio(float64(t.Abandoned-t.Short), t.Offered-t.Short)
	case sladesk.MetricAnswerRate:
		return ratio(float64(t.Answered), t.Offered-t.Short)
	}
	return 0, false
}

// Calls returns the number of calls behind the tally's value, for showing
// beside it.
func (t *Tally) Calls(obj *sladesk.Objective) int64 {
	switch obj.Metric {
	case sladesk.MetricServiceLevel:
		_, den := obj.Definition.Ratio(t.SL)
		return den
	case sladesk.MetricASA, sladesk.MetricAHT:
		return t.Answered
	}
	return t.Offered - t.Short
}

func ratio(num float64, den int64) (float64, bool) {
	if den <= 0 {
		return 0, false
	}
	return num / float64(den), true
}
