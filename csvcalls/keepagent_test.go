package csvcalls

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// TestSkipIdentityKeepAgent reads the same rows three ways: in full, for
// counting only, and for counting with the agents kept (the report's
// measure of agents at work), sequentially and in parallel.
func TestSkipIdentityKeepAgent(t *testing.T) {
	data := nativeFile(t, 500)
	full := readAgents(t, data, false, false)
	tests := []struct {
		name            string
		skip, keepAgent bool
		wantAgents      bool
	}{
		{"count only drops the agent", true, false, false},
		{"count only keeping the agent", true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAgents(t, data, tt.skip, tt.keepAgent)
			for i, c := range got {
				if c.id != "" {
					t.Fatalf("row %d: ID %q under SkipIdentity", i, c.id)
				}
				want := ""
				if tt.wantAgents {
					want = full[i].agent
				}
				if c.agent != want {
					t.Fatalf("row %d: agent %q, want %q", i, c.agent, want)
				}
			}
		})
	}
	t.Run("parallel workers keep the agent", func(t *testing.T) {
		r, err := NewReader(bytes.NewReader(data), NativeMapping(), "x.csv")
		if err != nil {
			t.Fatal(err)
		}
		r.SkipIdentity, r.KeepAgent = true, true
		if w := r.worker(); !w.KeepAgent || !w.SkipIdentity {
			t.Errorf("worker SkipIdentity %v KeepAgent %v, want both", w.SkipIdentity, w.KeepAgent)
		}
	})
}

type idAgent struct{ id, agent string }

func readAgents(t *testing.T, data []byte, skip, keepAgent bool) []idAgent {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), NativeMapping(), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	r.SkipIdentity, r.KeepAgent = skip, keepAgent
	var out []idAgent
	for {
		c, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, idAgent{c.ID, c.Agent})
	}
}
