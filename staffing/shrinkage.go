package staffing

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
)

// Schedule is a number of productive agents converted to the agents to
// schedule once shrinkage is taken out.
type Schedule struct {
	// Agents is the number of productive agents needed on the phones.
	Agents int
	// Shrinkage is the share of paid time not spent on the phones
	// (breaks, training, absence), in [0, MaxShrinkage].
	Shrinkage float64
	// FTE is the unrounded number of agents to schedule,
	// Agents / (1 − Shrinkage).
	FTE float64
	// Scheduled is FTE rounded up: the whole agents to schedule.
	Scheduled int
}

// MaxShrinkage is the largest shrinkage accepted: beyond it a figure is a
// typo (30 for 30%), and the agents to schedule would run past any count.
const MaxShrinkage = 0.99

// Scheduled returns the agents to schedule so that agents remain on the
// phones after shrinkage: FTE = agents/(1 − shrinkage), Scheduled = ⌈FTE⌉
// (the rule of the Call Centre Helper and Monet Software examples: 14
// agents at 30% are 20 scheduled).
//
// The rounding is exact. The shrinkage is taken as the shortest decimal that
// reads back as the same float64 (strconv's shortest formatting), which is
// the decimal written in a forecast or a configuration file, 0.3 for 0.3,
// and the division is done in big.Rat arithmetic. So 21 agents at 30% are
// exactly 30 scheduled agents, where float64 gives 21/0.7 =
// 30.000000000000004 and a naive ceiling 31.
//
// Scheduled returns an error wrapping ErrInvalid when agents is negative or
// the shrinkage is not in [0, MaxShrinkage].
func Scheduled(agents int, shrinkage float64) (Schedule, error) {
	if agents < 0 {
		return Schedule{}, fmt.Errorf("%w: agents %d is below 0", ErrInvalid, agents)
	}
	kept, err := keptShare(shrinkage)
	if err != nil {
		return Schedule{}, err
	}
	fte := new(big.Rat).Quo(new(big.Rat).SetInt64(int64(agents)), kept)
	f, _ := fte.Float64()
	return Schedule{Agents: agents, Shrinkage: shrinkage, FTE: f, Scheduled: ceil(fte)}, nil
}

// Productive returns the whole agents on the phones out of scheduled agents
// after shrinkage: ⌊scheduled·(1 − shrinkage)⌋, rounded down exactly as
// Scheduled rounds up (90 scheduled at 30% are 63 productive, where float64
// gives 62.99999999999999 and a naive floor 62).
//
// Productive returns an error wrapping ErrInvalid when scheduled is negative
// or the shrinkage is not in [0, MaxShrinkage].
func Productive(scheduled int, shrinkage float64) (int, error) {
	if scheduled < 0 {
		return 0, fmt.Errorf("%w: scheduled %d is below 0", ErrInvalid, scheduled)
	}
	kept, err := keptShare(shrinkage)
	if err != nil {
		return 0, err
	}
	p := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(scheduled)), kept)
	return floor(p), nil
}

// CompoundShrinkage returns the total shrinkage of independent components,
// each taking its share of the time the others leave:
//
//	total = 1 − Π (1 − sᵢ)
//
// (ccplanning.net shrinkage calculator; Call Centre Helper's "AgentTime"
// divides by availability × attendance, the same product). It is not the sum:
// 10%, 15% and 5% compound to 27.325%, not 30%. The product is exact, on the
// decimals as in Scheduled, and rounded to float64 once. With no component
// it returns 0. CompoundShrinkage returns an error wrapping ErrInvalid when
// a component is not in [0, MaxShrinkage].
func CompoundShrinkage(components ...float64) (float64, error) {
	kept := big.NewRat(1, 1)
	for _, s := range components {
		k, err := keptShare(s)
		if err != nil {
			return 0, err
		}
		kept.Mul(kept, k)
	}
	total, _ := new(big.Rat).Sub(big.NewRat(1, 1), kept).Float64()
	return total, nil
}

// keptShare returns 1 − shrinkage as an exact rational, the shrinkage read
// as its shortest decimal (see Scheduled).
func keptShare(shrinkage float64) (*big.Rat, error) {
	switch {
	case math.IsNaN(shrinkage) || shrinkage < 0:
		return nil, fmt.Errorf("%w: shrinkage must be >= 0 (got %v)", ErrInvalid, shrinkage)
	case shrinkage >= 1:
		return nil, fmt.Errorf("%w: shrinkage must be < 1 (got %v)", ErrInvalid, shrinkage)
	case shrinkage > MaxShrinkage:
		return nil, fmt.Errorf("%w: shrinkage must be at most %v (got %v): more leaves under 1%% of "+
			"paid time on the phones", ErrInvalid, MaxShrinkage, shrinkage)
	}
	s, ok := new(big.Rat).SetString(strconv.FormatFloat(shrinkage, 'g', -1, 64))
	if !ok {
		// Unreachable: strconv formats a finite float64 as a decimal
		// big.Rat reads.
		panic(fmt.Sprintf("staffing: shrinkage %v does not read back", shrinkage))
	}
	return s.Sub(big.NewRat(1, 1), s), nil
}

// ceil returns ⌈r⌉ for r >= 0.
func ceil(r *big.Rat) int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return int(q.Int64())
}

// floor returns ⌊r⌋ for r >= 0.
func floor(r *big.Rat) int {
	return int(new(big.Int).Quo(r.Num(), r.Denom()).Int64())
}
