package sladesk

import "testing"

// TestMet checks targets written with decimals: 351 of 500 calls is 70.2%
// and meets a target of 70.2%, which is stored as 0.7020000000000001.
func TestMet(t *testing.T) {
	tests := []struct {
		name    string
		compare Comparison
		target  float64
		value   float64
		met     bool
	}{
		{"at least, exactly", AtLeast, 70.2 / 100, 351.0 / 500, true},
		{"at least, just under", AtLeast, 70.2 / 100, 350.0 / 500, false},
		{"at most, exactly", AtMost, 5.0 / 100, 5.0 / 100, true},
		{"at most, just over", AtMost, 0.05, 0.0501, false},
		{"seconds", AtMost, 30, 30.00000000001, true},
	}
	for _, tt := range tests {
		o := Objective{Compare: tt.compare, Target: tt.target}
		if got := o.Met(tt.value); got != tt.met {
			t.Errorf("%s: Met(%v) against %v = %v, want %v", tt.name, tt.value, tt.target, got, tt.met)
		}
	}
}
