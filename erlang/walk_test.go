package erlang

import (
	"errors"
	"testing"
)

// TestWalkEqualsMeasures checks that walking up from a count gives, at
// every count, the very measures Queue.Measures computes afresh.
func TestWalkEqualsMeasures(t *testing.T) {
	tests := []struct {
		name    string
		from    int
		traffic float64
		aht     float64
	}{
		{"small load from zero", 0, 2.5, 180},
		{"10 Erlangs from the limit", 11, 10, 240},
		{"integer load", 20, 20, 300},
		{"no traffic", 1, 0, 60},
		{"1000 Erlangs", 1001, 1000, 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWalk(tt.from, tt.traffic, tt.aht)
			for range 200 {
				got, gotErr := w.Measures(20)
				q := Queue{Agents: max(w.Agents(), 1), Traffic: tt.traffic, AHT: tt.aht}
				want, wantErr := q.Measures(20)
				if w.Agents() == 0 {
					want, wantErr = Measures{}, ErrOverloaded
				}
				if got != want || !errors.Is(gotErr, wantErr) {
					t.Fatalf("at %d agents: walk %+v, %v; Measures %+v, %v",
						w.Agents(), got, gotErr, want, wantErr)
				}
				w.Next()
			}
		})
	}
}

func TestWalkInvalidThreshold(t *testing.T) {
	w := NewWalk(5, 2, 180)
	if _, err := w.Measures(-1); !errors.Is(err, ErrInvalid) {
		t.Errorf("threshold -1: err = %v, want ErrInvalid", err)
	}
}
