package staffing

import (
	"fmt"
	"math"
)

// SquareRootBeta returns the safety factor β of the square-root staffing
// rule n ≈ A + β·√A for a target probability of waiting in Erlang C. It
// solves the Halfin–Whitt limit (Halfin & Whitt, "Heavy-traffic limits for
// queues with many exponential servers", Operations Research 29(3), 1981)
//
//	P(wait) → 1 / (1 + β·Φ(β)/φ(β))
//
// for β > 0 (Φ, φ: standard normal distribution and density) by bisection.
// Borst, Mandelbaum & Reiman (2004) find the rule exact or one agent short
// of the Erlang C count; Required gives the exact count. SquareRootBeta
// returns an error wrapping ErrInvalid unless pWait is in (0, 1).
func SquareRootBeta(pWait float64) (float64, error) {
	if !(pWait > 0 && pWait < 1) {
		return 0, fmt.Errorf("%w: pWait %v is not in (0, 1)", ErrInvalid, pWait)
	}
	halfinWhitt := func(β float64) float64 {
		return 1 / (1 + β/hazard(-β))
	}
	return solveDecreasing(halfinWhitt, pWait, 0, 40), nil
}

// AbandonBeta returns the safety factor β of the square-root rule
// n ≈ A + β·√A for a target probability of waiting in Erlang A, where
// ahtOverPatience is θ/μ, the AHT over the mean patience. It solves the
// limit of Garnett, Mandelbaum & Reiman, "Designing a call center with
// impatient customers", MSOM 4(3), 2002,
//
//	P(wait) → 1 / (1 + √r·h(β/√r)/h(−β)),  r = θ/μ,  h(x) = φ(x)/(1 − Φ(x)),
//
// by bisection. β may be negative: with abandonment, fewer agents than the
// workload can still answer most calls. AbandonBeta returns an error
// wrapping ErrInvalid unless pWait is in (0, 1) and ahtOverPatience is a
// finite number > 0.
func AbandonBeta(pWait, ahtOverPatience float64) (float64, error) {
	if !(pWait > 0 && pWait < 1) {
		return 0, fmt.Errorf("%w: pWait %v is not in (0, 1)", ErrInvalid, pWait)
	}
	if !(ahtOverPatience > 0) || math.IsInf(ahtOverPatience, 1) {
		return 0, fmt.Errorf("%w: ahtOverPatience %v is not a finite number > 0",
			ErrInvalid, ahtOverPatience)
	}
	sr := math.Sqrt(ahtOverPatience)
	gmr := func(β float64) float64 {
		return 1 / (1 + sr*hazard(β/sr)/hazard(-β))
	}
	return solveDecreasing(gmr, pWait, -40, 40), nil
}

// SquareRootAgents returns the square-root staffing rule ⌈A + β·√A⌉ for
// traffic Erlangs and a safety factor β (see SquareRootBeta). It is an
// estimate; Required gives the exact count.
func SquareRootAgents(traffic, beta float64) int {
	return int(math.Ceil(traffic + beta*math.Sqrt(traffic)))
}

// solveDecreasing returns x in [lo, hi] with f(x) = y for f decreasing,
// by bisection to the last float64 bit.
func solveDecreasing(f func(float64) float64, y, lo, hi float64) float64 {
	for range 200 {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		if f(mid) > y {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// hazard returns the hazard rate of the standard normal distribution,
// h(x) = φ(x)/(1 − Φ(x)). Past x = 5 it uses the continued fraction of
// Laplace for the Mills ratio (1 − Φ(x))/φ(x) = 1/(x+1/(x+2/(x+3/(x+…)))),
// where φ and 1 − Φ would underflow; at x > 5 sixty terms reach float64
// precision.
func hazard(x float64) float64 {
	if x <= 5 {
		φ := math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
		return φ / (math.Erfc(x/math.Sqrt2) / 2)
	}
	tail := x
	for k := 60.0; k >= 1; k-- {
		tail = x + k/tail
	}
	return tail
}
