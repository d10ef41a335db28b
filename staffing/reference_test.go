package staffing

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/sladesk/sladesk/internal/shared"
)

// referenceCase is one case of the shared reference file with its inputs
// decoded (numbers, and lists for compound shrinkage).
type referenceCase struct {
	shared.Case
	Inputs map[string]any
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

// in returns the numeric input key, 0 when absent.
func (c referenceCase) in(key string) float64 {
	v, _ := c.Inputs[key].(float64)
	return v
}

// demand returns the case's interval as a Demand.
func (c referenceCase) demand() Demand {
	return Demand{Calls: c.in("calls"), Interval: c.in("interval_s"), AHT: c.in("aht_s")}
}

// check compares got with every numeric expected value, at the case's
// tolerance, and fails on a key that only one of them holds.
func (c referenceCase) check(t *testing.T, got map[string]float64) {
	t.Helper()
	for key, want := range c.Expected {
		if _, ok := got[key]; !ok {
			t.Errorf("%s: expected %s = %v not computed", c.ID, key, want)
		}
	}
	for key, g := range got {
		want, ok := c.Expected[key].(float64)
		if !ok {
			t.Errorf("%s: no expected %s", c.ID, key)
			continue
		}
		if !c.close(key, g, want) {
			t.Errorf("%s: %s = %.17g, want %.17g", c.ID, key, g, want)
		}
	}
}

// close reports whether got is want within the tolerance for key: the key's
// own entry ("exact" or {"rel": x}), or the case's rel/abs, or exact.
func (c referenceCase) close(key string, got, want float64) bool {
	rel, abs := 0.0, 0.0
	switch tol := c.Tolerance[key].(type) {
	case string:
		return got == want
	case map[string]any:
		rel, _ = tol["rel"].(float64)
		abs, _ = tol["abs"].(float64)
	default:
		rel, _ = c.Tolerance["rel"].(float64)
		abs, _ = c.Tolerance["abs"].(float64)
	}
	return math.Abs(got-want) <= math.Max(abs, rel*math.Abs(want))
}

// TestReferenceErlangC checks every erlang_c case that asks for the agents
// required.
func TestReferenceErlangC(t *testing.T) {
	n := 0
	for _, c := range loadReference(t, "erlang_c") {
		if _, ok := c.Expected["agents_required"]; !ok {
			continue
		}
		n++
		targets := Targets{
			ServiceLevel: c.in("target_service_level"), Threshold: c.in("target_answer_time_s"),
			MaxASA: c.in("max_asa_s"), MaxOccupancy: c.in("max_occupancy"), MaxPWait: c.in("max_p_wait"),
		}
		f, err := Required(c.demand(), targets)
		if err != nil {
			t.Errorf("%s: %v", c.ID, err)
			continue
		}
		got := map[string]float64{
			"agents_required": float64(f.Agents), "p_wait": f.PWait, "asa_s": f.ASA,
		}
		if _, ok := c.Expected["traffic_erlangs"]; ok {
			got["traffic_erlangs"] = f.Workload
			got["service_level"] = f.ServiceLevel
			got["occupancy"] = f.Occupancy
		}
		if _, ok := c.Inputs["shrinkage"]; ok {
			s, err := Scheduled(f.Agents, c.in("shrinkage"))
			if err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
			got["fte"], got["scheduled_agents"] = s.FTE, float64(s.Scheduled)
		}
		c.check(t, got)
	}
	t.Logf("%d erlang_c cases with agents_required", n)
}

// TestReferenceStaffing checks every staffing case.
func TestReferenceStaffing(t *testing.T) {
	cases := loadReference(t, "staffing")
	for _, c := range cases {
		got, err := staffingCase(c)
		if want, ok := c.Expected["error"].(string); ok {
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %v, want %q", c.ID, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.ID, err)
			continue
		}
		if len(got) == 0 {
			t.Errorf("%s: case not understood", c.ID)
		}
		c.check(t, got)
	}
	t.Logf("%d staffing cases", len(cases))
}

// staffingCase computes what a staffing case expects, by its inputs.
func staffingCase(c referenceCase) (map[string]float64, error) {
	switch {
	case c.Inputs["method"] == "halfin_whitt_beta":
		β, err := SquareRootBeta(c.in("target_p_wait"))
		return map[string]float64{"beta": β}, err
	case c.Inputs["method"] == "garnett_mandelbaum_reiman_beta":
		β, err := AbandonBeta(c.in("target_p_wait"), c.in("theta_over_mu"))
		return map[string]float64{"beta": β}, err
	case c.Inputs["method"] == "square_root_vs_exact_erlang_c":
		return squareRootCase(c)
	case c.Inputs["components"] != nil:
		return compoundCase(c)
	case c.Inputs["percent_available"] != nil:
		total, err := CompoundShrinkage(1-c.in("percent_available"), 1-c.in("percent_attendance"))
		if err != nil {
			return nil, err
		}
		s, err := Scheduled(int(c.in("agents")), total)
		return map[string]float64{"fte": s.FTE}, err
	case c.Inputs["erlang_c_agents"] != nil:
		f, err := Forecast(c.demand(), int(c.in("erlang_c_agents")), 0)
		return map[string]float64{"workload_erlangs": f.Workload, "uplift": f.Uplift()}, err
	case c.Inputs["direction"] == "productive":
		p, err := Productive(int(c.in("scheduled_agents")), c.in("shrinkage"))
		return map[string]float64{"productive_agents": float64(p)}, err
	}
	s, err := Scheduled(int(c.in("agents")), c.in("shrinkage"))
	return map[string]float64{"fte": s.FTE, "scheduled_agents": float64(s.Scheduled)}, err
}

// squareRootCase compares the square-root rule with the exact Erlang C
// count for a target P(wait).
func squareRootCase(c referenceCase) (map[string]float64, error) {
	a, α := c.in("traffic_erlangs"), c.in("target_p_wait")
	β, err := SquareRootBeta(α)
	if err != nil {
		return nil, err
	}
	d := Demand{Calls: a, Interval: 1, AHT: 1}
	rule := SquareRootAgents(a, β)
	atRule, err := Forecast(d, rule, 0)
	if err != nil {
		return nil, err
	}
	exact, err := Required(d, Targets{MaxPWait: α})
	return map[string]float64{
		"beta": β, "agents_sqrt_rule": float64(rule), "agents_exact": float64(exact.Agents),
		"p_wait_at_sqrt_rule": atRule.PWait,
	}, err
}

// compoundCase compounds shrinkage components and converts agents to FTE.
func compoundCase(c referenceCase) (map[string]float64, error) {
	var components []float64
	additive := 0.0
	for _, v := range c.Inputs["components"].([]any) {
		components = append(components, v.(float64))
		additive += v.(float64)
	}
	total, err := CompoundShrinkage(components...)
	if err != nil {
		return nil, err
	}
	s, err := Scheduled(int(c.in("agents")), total)
	return map[string]float64{
		"total_shrinkage": total, "fte": s.FTE, "additive_total_for_contrast": additive,
	}, err
}
