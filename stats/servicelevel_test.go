package stats

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/internal/shared"
)

// intervalOf builds an interval from (wait seconds, outcome) records.
func intervalOf(t *testing.T, records []record) *Interval {
	t.Helper()
	iv := &Interval{Queue: "q"}
	for _, r := range records {
		c := sladesk.Call{Queue: "q", Outcome: r.outcome, Wait: time.Duration(r.wait * float64(time.Second))}
		iv.Add(&c)
	}
	return iv
}

type record struct {
	wait    float64
	outcome sladesk.Outcome
}

func objective(t *testing.T, def string, threshold, short int,
	abandons ...sladesk.Outcome) *sladesk.Objective {
	t.Helper()
	d, err := sladesk.ServiceLevelDefinition(def)
	if err != nil {
		t.Fatal(err)
	}
	if len(abandons) == 0 {
		abandons = []sladesk.Outcome{sladesk.Abandoned}
		if len(d.DefaultAbandonKinds) > 0 {
			abandons = d.DefaultAbandonKinds
		}
	}
	return &sladesk.Objective{Metric: sladesk.MetricServiceLevel, Definition: d,
		Threshold: time.Duration(threshold) * time.Second, ShortAbandon: time.Duration(short) * time.Second,
		AbandonKinds: abandons}
}

// TestSLDefinitionsCase is the shared case "one data set, five service
// levels": T = 30 s, S = 5 s; answered 400 (320 within), abandoned 50 (15
// within 30 s, 6 of those within 5 s), 10 flow-outs.
func TestSLDefinitionsCase(t *testing.T) {
	var recs []record
	add := func(n int, wait float64, o sladesk.Outcome) {
		for range n {
			recs = append(recs, record{wait, o})
		}
	}
	add(320, 12, sladesk.Answered)
	add(80, 45, sladesk.Answered)
	add(6, 3, sladesk.Abandoned)
	add(9, 20, sladesk.Abandoned)
	add(35, 70, sladesk.Abandoned)
	add(10, 90, sladesk.Transferred)
	iv := intervalOf(t, recs)

	tests := []struct {
		name     string
		def      string
		short    int
		flowouts string
		want     float64 // the case's right answer
	}{
		{"abandons count against", "abandons_against", 0, "", 320.0 / 450},
		{"abandons ignored", "abandons_ignored", 0, "", 320.0 / 400},
		{"early abandons excluded", "early_abandons_excluded", 0, "", 320.0 / 435},
		{"early abandons count as met", "early_abandons_met", 0, "", 335.0 / 450},
		{"against, short abandons removed", "genesys_cloud_exclude_short_abandons", 5, "", 320.0 / 444},
		{"same, flow-outs added", "genesys_cloud_exclude_short_abandons", 5, "against", 320.0 / 454},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := objective(t, tt.def, 30, tt.short)
			if tt.flowouts != "" {
				r, err := sladesk.ParseFlowoutRule(tt.flowouts)
				if err != nil {
					t.Fatal(err)
				}
				obj.Definition.Flowouts = r
			}
			got, ok := obj.Definition.ServiceLevel(iv.SLCounts(obj))
			if !ok || math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("service level = %v (ok %v), want %v", got, ok, tt.want)
			}
		})
	}
}

func TestServiceLevelNoData(t *testing.T) {
	iv := &Interval{Queue: "q"}
	for _, def := range sladesk.ServiceLevelDefinitionNames() {
		obj := objective(t, def, 20, 5)
		if v, ok := obj.Definition.ServiceLevel(iv.SLCounts(obj)); ok {
			t.Errorf("%s: an empty interval has service level %v, want no data", def, v)
		}
	}
}

// TestFractionalWaitIsNotWithin checks that within T means wait <= T on
// the exact wait: 20.4 s is not within 20 s, 20.0 s is.
func TestFractionalWaitIsNotWithin(t *testing.T) {
	iv := intervalOf(t, []record{{20, sladesk.Answered}, {20.4, sladesk.Answered}})
	if got := iv.Within(sladesk.Answered, 20*time.Second); got != 1 {
		t.Errorf("within 20 s = %d, want 1", got)
	}
}

// referenceCase is a service_level_def case of the shared reference file,
// its inputs decoded.
type referenceCase struct {
	shared.Case
	Inputs slInputs
}

// slInputs are the inputs of a service_level_def case: records, or counts.
type slInputs struct {
	Records []struct {
		Wait    float64 `json:"wait_s"`
		Outcome string  `json:"outcome"`
	} `json:"records"`
	Threshold  int    `json:"threshold_s"`
	Short      int    `json:"short_abandon_s"`
	Definition string `json:"definition"`

	// Count-based cases.
	SLCalls         *int64 `json:"sl_calls"`
	SLAband         *int64 `json:"sl_aband"`
	SLOffered       *int64 `json:"sl_offered"`
	Type            *int   `json:"type"`
	AnsweredWithin  *int64 `json:"answered_within"`
	AnsweredAfter   *int64 `json:"answered_after"`
	Answered        *int64 `json:"answered"`
	Abandoned       *int64 `json:"abandoned"`
	AbandonedWithin *int64 `json:"abandoned_within"`
	AbandonedAfter  *int64 `json:"abandoned_after"`
	AbandonedShort  *int64 `json:"abandoned_short"`
	Formula         *int   `json:"formula"`
}

// tolerance returns the case's absolute tolerance.
func (c referenceCase) tolerance() float64 {
	abs, _ := c.Tolerance["abs"].(float64)
	return abs
}

// TestReferenceServiceLevelDefs checks every service_level_def case of
// ../shared/reference/erlang-cases.json (values computed at 50 digits and
// checked by a second method, per that file's README).
func TestReferenceServiceLevelDefs(t *testing.T) {
	cases := shared.Cases(t, "service_level_def")
	for _, sc := range cases {
		c := referenceCase{Case: sc}
		if err := json.Unmarshal(sc.Inputs, &c.Inputs); err != nil {
			t.Fatalf("case %s: inputs: %v", sc.ID, err)
		}
		t.Run(c.ID, func(t *testing.T) {
			if len(c.Inputs.Records) > 0 {
				checkRecordCase(t, c)
				return
			}
			checkCountCase(t, c)
		})
	}
	if len(cases) != 28 {
		t.Errorf("found %d service_level_def cases, want the 28 of the reference file", len(cases))
	}
}

func checkRecordCase(t *testing.T, c referenceCase) {
	var recs []record
	for _, r := range c.Inputs.Records {
		o := map[string]sladesk.Outcome{"answered": sladesk.Answered, "abandoned": sladesk.Abandoned,
			"flowout": sladesk.Transferred}[r.Outcome]
		if o == sladesk.OutcomeUnknown {
			t.Fatalf("unknown outcome %q in the reference", r.Outcome)
		}
		recs = append(recs, record{r.Wait, o})
	}
	iv := intervalOf(t, recs)

	if c.Inputs.Definition == "twilio_taskrouter_split_by_wait_time" {
		checkSplit(t, c, iv)
		return
	}
	obj := objective(t, c.Inputs.Definition, c.Inputs.Threshold, c.Inputs.Short)
	got, ok := obj.Definition.ServiceLevel(iv.SLCounts(obj))
	want := c.Expected["service_level"].(float64)
	if !ok || math.Abs(got-want) > c.tolerance() {
		t.Errorf("%s: service level %v (ok %v), want %v (%v)", c.Inputs.Definition, got, ok, want,
			c.Expected["fraction"])
	}
}

// checkSplit checks Twilio TaskRouter's SplitByWaitTime counts: accepted
// (answered) and canceled (abandoned) tasks below and above the split. The
// boundary is undocumented; the case has no wait equal to it.
func checkSplit(t *testing.T, c referenceCase, iv *Interval) {
	split := int64(c.Inputs.Threshold)
	ans, abd := &iv.Waits[sladesk.Answered], &iv.Waits[sladesk.Abandoned]
	got := map[string]int64{
		"reservations_accepted_below": ans.AtMost(split),
		"reservations_accepted_above": ans.Count() - ans.AtMost(split),
		"tasks_canceled_below":        abd.AtMost(split),
		"tasks_canceled_above":        abd.Count() - abd.AtMost(split),
	}
	for k, v := range c.Expected {
		if got[k] != int64(v.(float64)) {
			t.Errorf("%s = %d, want %v", k, got[k], v)
		}
	}
}

// checkCountCase checks a case given as published counts rather than
// records, through the named definition.
func checkCountCase(t *testing.T, c referenceCase) {
	in := c.Inputs
	v := func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	}
	var counts sladesk.SLCounts
	def := ""
	switch {
	case in.SLCalls != nil: // Cisco: SL offered = answered + abandoned, no flow-outs
		counts = sladesk.SLCounts{AnsweredWithin: v(in.SLCalls), Abandoned: v(in.SLAband),
			AbandonedWithin: v(in.SLAband), AbandonedWithinRule: v(in.SLAband)}
		counts.Answered = v(in.SLOffered) - counts.Abandoned
		def = map[int]string{1: "cisco_type1", 2: "cisco_type2", 3: "cisco_type3"}[*in.Type]
	case in.AnsweredAfter != nil: // Cisco, answered calls only
		counts = sladesk.SLCounts{AnsweredWithin: v(in.AnsweredWithin),
			Answered: v(in.AnsweredWithin) + v(in.AnsweredAfter)}
		def = map[int]string{1: "cisco_type1", 2: "cisco_type2", 3: "cisco_type3"}[*in.Type]
	case in.Formula != nil: // ICMI
		abandoned := v(in.Abandoned)
		if in.Abandoned == nil {
			abandoned = v(in.AbandonedAfter) // formula 4 needs only the later ones
		}
		within := v(in.AbandonedWithin)
		counts = sladesk.SLCounts{Answered: v(in.Answered), AnsweredWithin: v(in.AnsweredWithin),
			Abandoned: abandoned, AbandonedWithin: within, AbandonedWithinRule: within,
			AbandonedShort: v(in.AbandonedShort)}
		def = map[int]string{1: "icmi_formula1", 2: "icmi_formula2", 3: "icmi_formula3",
			4: "icmi_formula4"}[*in.Formula]
	default: // Genesys Engage ServiceFactor
		counts = sladesk.SLCounts{Answered: v(in.Answered), AnsweredWithin: v(in.AnsweredWithin),
			Abandoned: v(in.Abandoned), AbandonedShort: v(in.AbandonedShort)}
		def = "genesys_engage_service_factor"
	}
	d, err := sladesk.ServiceLevelDefinition(def)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := d.ServiceLevel(counts)
	want := c.Expected["service_level"].(float64)
	if !ok || math.Abs(got-want) > c.tolerance() {
		t.Errorf("%s: service level %v (ok %v), want %v", def, got, ok, want)
	}
}
