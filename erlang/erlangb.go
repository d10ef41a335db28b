package erlang

import (
	"fmt"
	"math"
)

// B returns Erlang's loss formula B(n, A): the probability that a call
// offered to agents lines (n) carrying traffic Erlangs (A) finds all of them
// busy and is lost (M/M/n/n, Erlang 1917):
//
//	B(n, A) = (Aⁿ/n!) / Σ_{k=0..n} Aᵏ/k!
//
// It is computed by the recursion that follows from the definition,
// 1/B(k) = 1 + (k/A)·(1/B(k-1)), written so that it cannot overflow:
//
//	B(0) = 1,  B(k) = A·B(k-1) / (k + A·B(k-1)).
//
// This is the standard way to evaluate Erlang B (see for instance Jagerman,
// "Some properties of the Erlang loss function", Bell System Technical
// Journal 53(3), 1974). It takes n steps, never overflows and keeps full
// relative accuracy, so it serves loads of 100,000 Erlangs and beyond. When
// B is below the smallest float64 (far more agents than traffic) it
// returns 0.
//
// B(0, A) = 1 and B(n, 0) = 0 for n > 0. B panics if agents is negative or
// traffic is negative, infinite or NaN.
func B(agents int, traffic float64) float64 {
	mustAgents(agents)
	mustTraffic(traffic)

	b := 1.0
	for k := 1; k <= agents; k++ {
		ab := traffic * b
		b = ab / (float64(k) + ab)
	}
	return b
}

// mustAgents panics if agents is negative: a violated precondition.
func mustAgents(agents int) {
	if agents < 0 {
		panic(fmt.Sprintf("erlang: negative agents %d", agents))
	}
}

// mustTraffic panics unless traffic is a finite number >= 0.
func mustTraffic(traffic float64) {
	if !(traffic >= 0) || math.IsInf(traffic, 1) {
		panic(fmt.Sprintf("erlang: traffic %v is not a finite number >= 0", traffic))
	}
}
