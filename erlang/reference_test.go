package erlang

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/sladesk/sladesk/internal/shared"
)

// referenceCase is one case of the shared reference file with its inputs,
// all numbers for these models, decoded.
type referenceCase struct {
	shared.Case
	Inputs map[string]float64
}

// loadReference returns the cases of one model, skipping the test when the
// shared reference file is not there.
func loadReference(t *testing.T, model string) []referenceCase {
	t.Helper()
	var cases []referenceCase
	for _, c := range shared.Cases(t, model) {
		rc := referenceCase{Case: c}
		if err := json.Unmarshal(c.Inputs, &rc.Inputs); err != nil {
			t.Fatalf("case %s: inputs: %v", c.ID, err)
		}
		cases = append(cases, rc)
	}
	return cases
}

// traffic returns the case's load in Erlangs: traffic_erlangs, or else
// calls × aht_s / interval_s (the README's convention).
func (c referenceCase) traffic() float64 {
	if a, ok := c.Inputs["traffic_erlangs"]; ok {
		return a
	}
	return c.Inputs["calls"] * c.Inputs["aht_s"] / c.Inputs["interval_s"]
}

// aht returns aht_s, or 1 s for cases that give only a load (their
// expected values do not depend on it).
func (c referenceCase) aht() float64 {
	if aht, ok := c.Inputs["aht_s"]; ok {
		return aht
	}
	return 1
}

// check compares got with every key of want found in the case's expected
// values, at the case's tolerance; keys in skip are the staffing package's
// business and are left out.
func (c referenceCase) check(t *testing.T, got map[string]float64) {
	t.Helper()
	compared := 0
	for key, want := range c.Expected {
		w, ok := want.(float64)
		if !ok || key == "agents_required" || key == "trunks_required" {
			continue
		}
		g, ok := got[key]
		if !ok {
			if !staffingKeys[key] {
				t.Errorf("%s: expected key not computed by the test", key)
			}
			continue
		}
		compared++
		if os.Getenv("ERLANG_SHOW_ERRORS") != "" {
			t.Logf("%s: relative error %.2g", key, math.Abs(g-w)/math.Max(math.Abs(w), 1e-300))
		}
		if !c.within(key, g, w) {
			t.Errorf("%s = %.17g, want %.17g (tolerance %v)", key, g, w, c.Tolerance)
		}
	}
	if compared == 0 {
		t.Error("no expected value was compared")
	}
}

// staffingKeys are expected values that belong to staffing (shrinkage and
// rostering), not to the queueing model.
var staffingKeys = map[string]bool{"fte": true, "scheduled_agents": true, "scheduled": true}

// within reports whether got matches want at the tolerance the case gives
// for key: its own entry, "exact", or the case's rel and abs.
func (c referenceCase) within(key string, got, want float64) bool {
	if v, ok := c.Tolerance[key]; ok && v == "exact" {
		return got == want
	}
	rel, _ := c.Tolerance["rel"].(float64)
	abs, _ := c.Tolerance["abs"].(float64)
	return math.Abs(got-want) <= rel*math.Abs(want)+abs
}

// TestReferenceErlangB checks every erlang_b case of the reference file.
func TestReferenceErlangB(t *testing.T) {
	cases := loadReference(t, "erlang_b")
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			switch {
			case c.Expected["max_traffic_erlangs"] != nil:
				n := int(c.Inputs["trunks"])
				c.check(t, map[string]float64{
					"max_traffic_erlangs": maxTraffic(n, c.Inputs["max_blocking"]),
				})
			case c.Expected["trunks_required"] != nil:
				n := int(c.Expected["trunks_required"].(float64))
				gos := c.Inputs["max_blocking"]
				if b := B(n, c.traffic()); b > gos {
					t.Errorf("B(%d) = %v exceeds %v", n, b, gos)
				}
				if b := B(n-1, c.traffic()); b <= gos {
					t.Errorf("B(%d) = %v already meets %v: fewer trunks suffice", n-1, b, gos)
				}
				c.check(t, map[string]float64{"blocking": B(n, c.traffic())})
			default:
				n := int(c.Inputs["trunks"])
				b := B(n, c.traffic())
				carried := c.traffic() * (1 - b)
				occupancy := 0.0
				if n > 0 {
					occupancy = carried / float64(n)
				}
				c.check(t, map[string]float64{"blocking": b, "carried_erlangs": carried, "occupancy": occupancy})
			}
		})
	}
	if len(cases) != 12 {
		t.Errorf("found %d erlang_b cases, want the 12 of the reference file", len(cases))
	}
}

// maxTraffic returns the load at which B(n, A) equals gos, by bisection
// (B rises with A): the inverse that Erlang B tables print.
func maxTraffic(n int, gos float64) float64 {
	lo, hi := 0.0, float64(n)+1
	for B(n, hi) < gos {
		hi *= 2
	}
	for i := 0; i < 200 && hi-lo > 1e-15*hi; i++ {
		mid := (lo + hi) / 2
		if B(n, mid) < gos {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// TestReferenceErlangC checks every erlang_c case of the reference file. A
// case with agents_required is checked at that number of agents, which must
// meet the case's targets while one agent fewer does not; the search itself
// (and shrinkage) belongs to staffing.
func TestReferenceErlangC(t *testing.T) {
	cases := loadReference(t, "erlang_c")
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			if msg, ok := c.Expected["error"].(string); ok && c.Expected["stable"] == nil {
				t.Skipf("staffing outcome %q: no queue to evaluate (see the staffing package)", msg)
			}
			q := Queue{Agents: int(c.Inputs["agents"]), Traffic: c.traffic(), AHT: c.aht()}
			if n, ok := c.Expected["agents_required"].(float64); ok {
				q.Agents = int(n)
				checkTargets(t, c, q)
			}
			threshold := c.Inputs["target_answer_time_s"]
			m, err := q.Measures(threshold)
			if c.Expected["stable"] == false {
				if !errors.Is(err, ErrOverloaded) {
					t.Fatalf("Measures = %+v, %v; want ErrOverloaded", m, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, map[string]float64{
				"traffic_erlangs": q.Traffic, "occupancy": m.Occupancy, "p_wait": m.PWait,
				"service_level": m.ServiceLevel, "asa_s": m.ASA,
				"answered_immediately": m.AnsweredImmediately,
			})
		})
	}
	if len(cases) != 23 {
		t.Errorf("found %d erlang_c cases, want the 23 of the reference file", len(cases))
	}
}

// checkTargets checks that q meets the case's targets (service level,
// occupancy, ASA, P(wait)) and that one agent fewer does not.
func checkTargets(t *testing.T, c referenceCase, q Queue) {
	t.Helper()
	meets := func(q Queue) bool {
		m, err := q.Measures(c.Inputs["target_answer_time_s"])
		if err != nil {
			return false
		}
		ok := m.ServiceLevel >= c.Inputs["target_service_level"]
		if max, set := c.Inputs["max_occupancy"]; set {
			ok = ok && m.Occupancy <= max
		}
		if max, set := c.Inputs["max_asa_s"]; set {
			ok = ok && m.ASA <= max
		}
		if max, set := c.Inputs["max_p_wait"]; set {
			ok = ok && m.PWait <= max
		}
		return ok
	}
	if !meets(q) {
		t.Errorf("%d agents do not meet the targets", q.Agents)
	}
	fewer := q
	fewer.Agents--
	if fewer.Agents >= 1 && meets(fewer) {
		t.Errorf("%d agents already meet the targets", fewer.Agents)
	}
}

// TestReferenceErlangA checks every erlang_a case of the reference file.
func TestReferenceErlangA(t *testing.T) {
	cases := loadReference(t, "erlang_a")
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			q := AbandonQueue{
				Agents:   int(c.Inputs["agents"]),
				Traffic:  c.traffic(),
				AHT:      c.aht(),
				Patience: c.Inputs["patience_s"],
			}
			m, err := q.Measures(c.Inputs["target_answer_time_s"])
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, map[string]float64{
				"traffic_erlangs": q.Traffic, "p_wait": m.PWait, "p_abandon": m.PAbandon,
				"occupancy": m.Occupancy, "mean_wait_all_s": m.MeanWait,
				"asa_answered_s":                     m.ASA,
				"sl_answered_within_t_over_offered":  m.ServiceLevel,
				"p_wait_le_t":                        m.WithinThreshold,
				"p_abandon_within_t":                 m.AbandonedWithin,
				"sl_answered_within_t_over_answered": m.ServiceLevelOfAnswered,
			})
		})
	}
	if len(cases) != 5 {
		t.Errorf("found %d erlang_a cases, want the 5 of the reference file", len(cases))
	}
}
