package sladesk

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// AbandonRule says how abandoned calls enter a service-level ratio.
type AbandonRule uint8

// The abandon rules. "Early" means abandoned within the early limit, which
// is the threshold T unless the definition names another (ICMI formula 5
// uses the short-abandon limit).
const (
	// AbandonsAgainst: every abandon is in the denominator and never met:
	// answered_within / (answered + abandoned).
	AbandonsAgainst AbandonRule = iota
	// AbandonsIgnored: abandons are left out: answered_within / answered.
	AbandonsIgnored
	// EarlyAbandonsExcluded: abandons within the early limit are left out,
	// later ones count against:
	// answered_within / (answered + abandoned - abandoned_within).
	EarlyAbandonsExcluded
	// EarlyAbandonsMet: abandons within the early limit count as met:
	// (answered_within + abandoned_within) / (answered + abandoned).
	EarlyAbandonsMet
)

var abandonRuleNames = map[AbandonRule]string{
	AbandonsAgainst:       "against",
	AbandonsIgnored:       "ignored",
	EarlyAbandonsExcluded: "early_excluded",
	EarlyAbandonsMet:      "early_met",
}

// String returns the rule's name.
func (r AbandonRule) String() string { return abandonRuleNames[r] }

// FlowoutRule says how unanswered exits that are not abandons (timeouts,
// exits by key, overflow transfers: "flow-outs") enter the ratio. Which exit
// kinds are abandons is the objective's choice (Objective.AbandonKinds).
type FlowoutRule uint8

// The flow-out rules.
const (
	// FlowoutsIgnored leaves flow-outs out of the ratio (ICMI, Genesys
	// Cloud's default).
	FlowoutsIgnored FlowoutRule = iota
	// FlowoutsAgainst adds every flow-out to the denominator (Genesys
	// Cloud "Include Flowouts in Calculation").
	FlowoutsAgainst
	// FlowoutsAfterThreshold adds only flow-outs that waited longer than T:
	// in Cisco Unified CCE a call that leaves before T is not a
	// service-level event, one that leaves after it is an offered call
	// that missed.
	FlowoutsAfterThreshold
	// FlowoutsMetWithin adds every flow-out to the denominator and counts
	// those within T as met (Amazon Connect counts every contact removed
	// from the queue within T).
	FlowoutsMetWithin
)

var flowoutRuleNames = map[FlowoutRule]string{
	FlowoutsIgnored:        "ignored",
	FlowoutsAgainst:        "against",
	FlowoutsAfterThreshold: "after_threshold",
	FlowoutsMetWithin:      "met_within",
}

// String returns the rule's name.
func (r FlowoutRule) String() string { return flowoutRuleNames[r] }

// ParseFlowoutRule returns the rule with the given name.
func ParseFlowoutRule(s string) (FlowoutRule, error) {
	for r, name := range flowoutRuleNames {
		if name == s {
			return r, nil
		}
	}
	return 0, fmt.Errorf("unknown flow-out rule %q (want ignored, against, after_threshold or met_within)", s)
}

// EarlyLimit says which limit decides that an abandon is "early".
type EarlyLimit uint8

// The early limits.
const (
	// EarlyWithinThreshold: abandoned with wait <= T.
	EarlyWithinThreshold EarlyLimit = iota
	// EarlyWithinShort: abandoned with wait <= S, the short-abandon limit.
	EarlyWithinShort
)

// ServiceLevelDef is a named way of computing the service level from
// counts. Every vendor and standards body words it differently; sladesk keeps
// them apart by name so that a contract's figure can be reproduced exactly.
//
// The ratio is computed after removing short abandons (wait <= ShortAbandon)
// from every count when RemoveShort is set:
//
//	numerator   = answered_within [+ early abandons] [+ flow-outs within T]
//	denominator = answered [+ abandons per Abandons] [+ flow-outs per Flowouts]
//
// Within the threshold means wait <= T (DESIGN).
type ServiceLevelDef struct {
	// Name is the definition's name as written in SLA files.
	Name string
	// Abandons says how abandoned calls count.
	Abandons AbandonRule
	// Early says which limit makes an abandon early (T or S).
	Early EarlyLimit
	// RemoveShort removes abandons with wait <= ShortAbandon from every
	// count before the ratio is taken.
	RemoveShort bool
	// Flowouts says how unanswered exits that are not abandons count.
	Flowouts FlowoutRule
	// DefaultAbandonKinds, when not empty, are the exits this definition
	// counts as abandons unless the objective names its own (Asterisk's
	// SL2 counts timeouts and empty-queue exits as abandoned).
	DefaultAbandonKinds []Outcome
	// NeedsShort is set when the definition cannot be computed without a
	// short-abandon limit.
	NeedsShort bool
	// Formula is the ratio in words, for reports.
	Formula string
	// Source says where the definition comes from.
	Source string
}

// asteriskAbandons are the exits Asterisk's app_queue counts in
// callsabandoned: ABANDON, EXITWITHTIMEOUT and EXITEMPTY, not EXITWITHKEY.
var asteriskAbandons = []Outcome{Abandoned, Timeout, ExitEmpty}

// serviceLevelDefs are the named definitions. The first four are DESIGN's
// own names; the others reproduce the figures of named systems.
var serviceLevelDefs = []ServiceLevelDef{
	{Name: "abandons_against", Abandons: AbandonsAgainst,
		Formula: "answered_within / (answered + abandoned)",
		Source:  "DESIGN; ICMI formula 3; Genesys Cloud default"},
	{Name: "abandons_ignored", Abandons: AbandonsIgnored,
		Formula: "answered_within / answered",
		Source:  "DESIGN; ICMI formula 2; Asterisk SL"},
	{Name: "early_abandons_excluded", Abandons: EarlyAbandonsExcluded,
		Formula: "answered_within / (answered + abandoned - abandoned_within)",
		Source:  "DESIGN; ICMI formula 4"},
	{Name: "early_abandons_met", Abandons: EarlyAbandonsMet,
		Formula: "(answered_within + abandoned_within) / (answered + abandoned)",
		Source:  "DESIGN; ICMI formula 1"},

	// ICMI "Service Level Calculations" (2002), formulas 1 to 5.
	{Name: "icmi_formula1", Abandons: EarlyAbandonsMet,
		Formula: "(answered_within + abandoned_within) / (answered + abandoned)",
		Source:  "ICMI, Service Level Calculations, 2002, formula 1"},
	{Name: "icmi_formula2", Abandons: AbandonsIgnored,
		Formula: "answered_within / answered",
		Source:  "ICMI, Service Level Calculations, 2002, formula 2"},
	{Name: "icmi_formula3", Abandons: AbandonsAgainst,
		Formula: "answered_within / (answered + abandoned)",
		Source:  "ICMI, Service Level Calculations, 2002, formula 3"},
	{Name: "icmi_formula4", Abandons: EarlyAbandonsExcluded,
		Formula: "answered_within / (answered + abandoned_after)",
		Source:  "ICMI, Service Level Calculations, 2002, formula 4"},
	{Name: "icmi_formula5", Abandons: EarlyAbandonsMet, Early: EarlyWithinShort, NeedsShort: true,
		Formula: "(answered_within + abandoned_within_short) / (answered + abandoned)",
		Source:  "ICMI, Service Level Calculations, 2002, formula 5"},

	// Asterisk app_queue.c: servicelevel perf = callscompletedinsl /
	// callscompleted; SL2 = (callscompletedinsl + callsabandonedinsl) /
	// (callscompleted + callsabandoned).
	{Name: "asterisk_sl", Abandons: AbandonsIgnored, DefaultAbandonKinds: asteriskAbandons,
		Formula: "answered_within / answered",
		Source:  "Asterisk app_queue.c, queue show SL"},
	{Name: "asterisk_sl2", Abandons: EarlyAbandonsMet, DefaultAbandonKinds: asteriskAbandons,
		Formula: "(answered_within + abandoned_within) / (answered + abandoned)",
		Source:  "Asterisk app_queue.c, queue show SL2"},

	// Cisco Unified ICM/CCE ServiceLevelType 1, 2, 3; a call that flows
	// out after T is a service-level event that missed.
	{Name: "cisco_type1_ignore_abandons", Abandons: EarlyAbandonsExcluded,
		Flowouts: FlowoutsAfterThreshold,
		Formula:  "SL calls / (SL offered - SL abandoned)",
		Source:   "Cisco Unified ICM/CCE service level type 1"},
	{Name: "cisco_type2_abandons_negative", Abandons: AbandonsAgainst,
		Flowouts: FlowoutsAfterThreshold,
		Formula:  "SL calls / SL offered",
		Source:   "Cisco Unified ICM/CCE service level type 2"},
	{Name: "cisco_type3_abandons_positive", Abandons: EarlyAbandonsMet,
		Flowouts: FlowoutsAfterThreshold,
		Formula:  "(SL calls + SL abandoned) / SL offered",
		Source:   "Cisco Unified ICM/CCE service level type 3"},
	{Name: "cisco_type1_short_calls", Abandons: EarlyAbandonsExcluded,
		Flowouts: FlowoutsAfterThreshold, RemoveShort: true, NeedsShort: true,
		Formula: "SL calls / (SL offered - SL abandoned), short calls removed",
		Source:  "Cisco Unified ICM/CCE service level type 1 with short calls"},

	// Genesys Cloud "Configure the service level calculation".
	{Name: "genesys_cloud_default", Abandons: AbandonsAgainst,
		Formula: "answered_within / (answered + abandoned)",
		Source:  "Genesys Cloud service level calculation, default options"},
	{Name: "genesys_cloud_exclude_short_abandons", Abandons: AbandonsAgainst,
		RemoveShort: true, NeedsShort: true,
		Formula: "answered_within / (answered + abandoned - short_abandoned)",
		Source:  "Genesys Cloud, Include Short Abandons disabled"},
	{Name: "genesys_cloud_exclude_abandons", Abandons: AbandonsIgnored,
		Formula: "answered_within / answered",
		Source:  "Genesys Cloud, Include Abandons disabled"},
	{Name: "genesys_engage_service_factor", Abandons: AbandonsAgainst,
		RemoveShort: true, NeedsShort: true,
		Formula: "answered_within / (answered + abandoned - abandoned_within_range)",
		Source:  "Genesys Engage Stat Server ServiceFactor"},

	// Amazon Connect "Service level X seconds": contacts removed from the
	// queue within X over contacts queued.
	{Name: "amazon_connect", Abandons: EarlyAbandonsMet, Flowouts: FlowoutsMetWithin,
		Formula: "removed_within / queued",
		Source:  "Amazon Connect historical metric Service level X seconds"},
}

// ServiceLevelDefinition returns the named definition. Cisco's names are
// also accepted without their suffix (cisco_type1) and with the short-calls
// suffix of a given length (cisco_type1_short_calls_5s). It returns an error
// listing the known names for an unknown one.
func ServiceLevelDefinition(name string) (ServiceLevelDef, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	switch key {
	case "", "default":
		key = "abandons_against"
	case "cisco_type1":
		key = "cisco_type1_ignore_abandons"
	case "cisco_type2":
		key = "cisco_type2_abandons_negative"
	case "cisco_type3":
		key = "cisco_type3_abandons_positive"
	case "amazon_connect_sl":
		key = "amazon_connect"
	}
	if strings.HasPrefix(key, "cisco_type1_short_calls") {
		key = "cisco_type1_short_calls"
	}
	if strings.HasPrefix(key, "amazon_connect_sl") {
		key = "amazon_connect"
	}
	for _, d := range serviceLevelDefs {
		if d.Name == key {
			return d, nil
		}
	}
	return ServiceLevelDef{}, fmt.Errorf("unknown service-level definition %q (want one of %s)",
		name, strings.Join(ServiceLevelDefinitionNames(), ", "))
}

// ServiceLevelDefinitionNames returns the names of every definition, sorted.
func ServiceLevelDefinitionNames() []string {
	names := make([]string, len(serviceLevelDefs))
	for i, d := range serviceLevelDefs {
		names[i] = d.Name
	}
	sort.Strings(names)
	return names
}

// SLCounts are the counts a service-level ratio is made of, for one
// threshold T and short-abandon limit S. Abandons and flow-outs are already
// split by the objective's choice of abandon kinds.
type SLCounts struct {
	Answered       int64 // answered calls
	AnsweredWithin int64 // answered with wait <= T

	Abandoned           int64 // abandons (every kind the objective counts)
	AbandonedWithin     int64 // abandons with wait <= T
	AbandonedShort      int64 // abandons with wait <= S (0 when no S)
	AbandonedWithinRule int64 // abandons with wait <= the definition's early limit

	Flowouts       int64 // other unanswered exits
	FlowoutsWithin int64 // other exits with wait <= T
}

// Add adds o to c, for pooling over intervals and queues.
func (c *SLCounts) Add(o SLCounts) {
	c.Answered += o.Answered
	c.AnsweredWithin += o.AnsweredWithin
	c.Abandoned += o.Abandoned
	c.AbandonedWithin += o.AbandonedWithin
	c.AbandonedShort += o.AbandonedShort
	c.AbandonedWithinRule += o.AbandonedWithinRule
	c.Flowouts += o.Flowouts
	c.FlowoutsWithin += o.FlowoutsWithin
}

// Ratio returns the numerator and denominator of the service level under d.
// Counts must be consistent (each "within" no larger than its total).
func (d *ServiceLevelDef) Ratio(c SLCounts) (num, den int64) {
	abandoned, early := c.Abandoned, c.AbandonedWithinRule
	if d.RemoveShort {
		// Short abandons leave every count first; the early ones left are
		// those between S and the early limit.
		abandoned -= c.AbandonedShort
		early = max(early-c.AbandonedShort, 0)
	}

	num, den = c.AnsweredWithin, c.Answered
	switch d.Abandons {
	case AbandonsAgainst:
		den += abandoned
	case EarlyAbandonsExcluded:
		den += abandoned - early
	case EarlyAbandonsMet:
		num += early
		den += abandoned
	}

	switch d.Flowouts {
	case FlowoutsAgainst:
		den += c.Flowouts
	case FlowoutsAfterThreshold:
		den += c.Flowouts - c.FlowoutsWithin
	case FlowoutsMetWithin:
		num += c.FlowoutsWithin
		den += c.Flowouts
	}
	return num, den
}

// ServiceLevel returns the service level under d and whether it is defined.
// A ratio over zero calls is "no data" (ok false), never 0% or 100%.
func (d *ServiceLevelDef) ServiceLevel(c SLCounts) (sl float64, ok bool) {
	num, den := d.Ratio(c)
	if den <= 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// EarlyLimitFor returns the wait limit that makes an abandon early under d,
// for threshold t and short-abandon limit s.
func (d *ServiceLevelDef) EarlyLimitFor(t, s time.Duration) time.Duration {
	if d.Early == EarlyWithinShort {
		return s
	}
	return t
}
