package erlang

import "math"

// negligible is the size, relative to the sum so far, below which the terms
// of a series are dropped: under half a unit in the last place of a float64.
const negligible = 1e-17

// series walks the terms of
//
//	s(a, z) = Σ_{k>=0} t_k,  t_k = zᵏ / ((a+1)(a+2)···(a+k)),  a > 0, z >= 0,
//
// which is the series of the lower incomplete gamma function in the form
// γ(a, z) = e^{−z}·zᵃ·s(a, z)/a (Press et al., "Numerical Recipes",
// 2nd ed. 1992, §6.2, eq. 6.2.5). In Erlang A, s(nμ/θ, λ/θ) is the
// sum over the queue lengths k of P(n+k in system)/P(n in system).
//
// The ratio t_k/t_{k−1} = z/(a+k) is at least 1 up to k = ⌊z − a⌋, so the
// largest term, the peak, sits there. The walk starts at the peak with the
// term scaled to 1, goes up, then down from the peak, and stops each way
// once a term is negligible. Terms fall off faster than geometrically on
// both sides, so the walk takes O(√z) steps whatever the size of z − a,
// and never overflows: this is the series summed from its largest term, in
// log space, instead of from k = 0 as Numerical Recipes does.
type series struct {
	a, z float64
	// peak is the index of the largest term.
	peak float64
	// lnPeak is ln t_peak.
	lnPeak float64
}

// newSeries returns the series s(a, z). When the peak is past k = 0, its
// logarithm comes from math.Lgamma, whose absolute error, about 1e-16 of
// (a+peak)·ln(a+peak), is the error of the result relative to s.
//
// TODO: that error reaches the Erlang A shares as an absolute error of
// about 1e-11 when x = n·Patience/AHT is near 1e4 and the queue is
// overloaded (peak > 0), and grows with x. Computing ln t_peak as
// Σ_{i<=peak} ln(z/(a+i)) for small peaks, or the difference of the two
// log-gammas from Stirling's series in (peak/a), would remove it.
func newSeries(a, z float64) series {
	s := series{a: a, z: z, peak: math.Max(0, math.Floor(z-a))}
	if s.peak > 0 {
		lgA, _ := math.Lgamma(a + 1)
		lgPeak, _ := math.Lgamma(a + s.peak + 1)
		s.lnPeak = s.peak*math.Log(z) + lgA - lgPeak
	}
	return s
}

// walk calls visit(k, t_k/t_peak) for every term that is not negligible,
// first for k = peak, peak+1, … then for k = peak−1, peak−2, …, 0, and
// returns Σ t_k/t_peak.
func (s series) walk(visit func(k, t float64)) float64 {
	sum := 0.0
	for k, t := s.peak, 1.0; t >= negligible*sum; {
		visit(k, t)
		sum += t
		k++
		t *= s.z / (s.a + k)
	}
	for k, t := s.peak, 1.0; k > 0; {
		t *= (s.a + k) / s.z
		k--
		if t < negligible*sum {
			break
		}
		visit(k, t)
		sum += t
	}
	return sum
}

// ln returns ln s(a, z).
func (s series) ln() float64 {
	return s.lnPeak + math.Log(s.walk(func(k, t float64) {}))
}

// digamma returns ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence
// ψ(x) = ψ(x+1) − 1/x lifts x to at least 20, where the asymptotic series
// of Abramowitz & Stegun 6.3.18 is accurate to double precision:
//
//	ψ(x) ≈ ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 1/(132x¹⁰)
func digamma(x float64) float64 {
	shift := 0.0
	for ; x < 20; x++ {
		shift -= 1 / x
	}
	r := 1 / (x * x)
	tail := r * (1.0/12 - r*(1.0/120-r*(1.0/252-r*(1.0/240-r/132))))
	return shift + math.Log(x) - 1/(2*x) - tail
}
