package erlang

import (
	"math"
	"testing"
)

// TestB checks Erlang B on values that can be worked by hand from the
// definition B(n, A) = (Aⁿ/n!) / Σ_{k<=n} Aᵏ/k!.
func TestB(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		agents  int
		traffic float64
		want    float64
	}{
		{"no agents block everything", 0, 5, 1},
		{"no traffic blocks nothing", 3, 0, 0},
		{"one agent", 1, 1, 0.5},
		{"two agents", 2, 1, 0.2},
		// (8/6) / (1 + 2 + 2 + 8/6) = 4/19.
		{"three agents, 2 Erlangs", 3, 2, 4.0 / 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := B(tt.agents, tt.traffic); math.Abs(got-tt.want) > 1e-15 {
				t.Errorf("B(%d, %v) = %v, want %v", tt.agents, tt.traffic, got, tt.want)
			}
		})
	}
}

// TestBPanics checks that B refuses the inputs its doc says it panics on.
func TestBPanics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		agents  int
		traffic float64
	}{
		{"negative agents", -1, 1},
		{"negative traffic", 1, -1},
		{"NaN traffic", 1, math.NaN()},
		{"infinite traffic", 1, math.Inf(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("B(%d, %v) did not panic", tt.agents, tt.traffic)
				}
			}()
			B(tt.agents, tt.traffic)
		})
	}
}

// TestBLarge checks that loads far beyond where Aⁿ/n! overflows float64
// (n = 171 for any A >= 1) give finite blocking that falls with agents.
func TestBLarge(t *testing.T) {
	t.Parallel()
	prev := 1.0
	for _, n := range []int{99_000, 100_000, 100_500, 101_000, 110_000} {
		b := B(n, 100_000)
		if !(b >= 0 && b < prev) {
			t.Errorf("B(%d, 100000) = %v, want in [0, %v)", n, b, prev)
		}
		prev = b
	}
	// Far more agents than traffic: B underflows to 0, not NaN.
	if b := B(10_000, 1); b != 0 {
		t.Errorf("B(10000, 1) = %v, want 0", b)
	}
}

// BenchmarkB measures Erlang B at the sizes of a large center and a
// national one; the cost is linear in agents.
func BenchmarkB(b *testing.B) {
	for _, bm := range []struct {
		name    string
		agents  int
		traffic float64
	}{
		{"250E", 258, 250},
		{"100000E", 100_500, 100_000},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				B(bm.agents, bm.traffic)
			}
		})
	}
}
