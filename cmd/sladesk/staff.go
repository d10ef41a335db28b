package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sladesk/sladesk/erlang"
	"github.com/sladesk/sladesk/staffing"
)

// staffFlags are the flags of "sladesk staff".
type staffFlags struct {
	calls        float64
	period       time.Duration
	aht          time.Duration
	sl           string
	asa          time.Duration
	patience     time.Duration
	maxOccupancy float64
	maxAbandon   float64
	shrinkage    float64
	agents       int
	format       string
	plan         planFlags
	callsSet     bool // --calls was given: 0 calls is an answer, not a default
}

// The statuses of the one-interval result, a contract for scripts.
const (
	statusOK         = "ok"
	statusOverloaded = "overloaded" // fewer agents than Erlangs of work: no steady state
	statusInfeasible = "infeasible" // no number of agents meets the targets
)

func runStaff(ctx context.Context, env *Env, args []string) error {
	var f staffFlags
	fs := newFlagSet(env, "staff", "staff --calls N --period 30m --aht 180s TARGETS [--shrinkage 0.3] "+
		"[--agents N] [--format table|csv|json]\n"+
		"       sladesk staff --volumes FILE|- [--period 30m] TARGETS [PLAN]\n"+
		"       sladesk staff --from-calls [--tz ZONE] [--period 30m] [--sla FILE [--vendor NAME]] "+
		"[TARGETS] [PLAN] FILE...\n\n"+
		"TARGETS: --sl 80/20 [--asa 30s] [--max-occupancy 0.85] [--patience 300s [--max-abandon 0.05]]\n"+
		"PLAN:    [--shrinkage 0.3] [--paid-hours H] [--headcount FTE] [--fractional] [--format table|csv|json]")
	fs.Float64Var(&f.calls, "calls", 0, "`number` of calls offered in the --period (may be fractional, "+
		"as forecasts are)")
	f.period = 30 * time.Minute
	fs.Var(lengthValue{&f.period}, "period", "`length` of the interval, such as 30m")
	fs.Var(secondsValue{&f.aht}, "aht", "average handle `time` (talk + hold + wrap): 180s, or 180 seconds")
	fs.StringVar(&f.sl, "sl", "", "service-level target as `PERCENT/SECONDS`, such as 80/20")
	fs.Var(secondsValue{&f.asa}, "asa", "highest average speed of answer, a `time` such as 30s")
	fs.Var(secondsValue{&f.patience}, "patience", "callers' mean patience `time`: callers abandon (Erlang A); "+
		"without it they wait (Erlang C)")
	fs.Var(shareValue{&f.maxOccupancy}, "max-occupancy", "highest occupancy, a `share` such as 0.85 or 85%")
	fs.Var(shareValue{&f.maxAbandon}, "max-abandon", "highest abandon rate, a `share` such as 0.05 or 5% "+
		"(needs --patience)")
	fs.Var(shareValue{&f.shrinkage}, "shrinkage", "`share` of paid time off the phones, for scheduled "+
		"agents: 0.3 or 30%")
	fs.IntVar(&f.agents, "agents", 0, "give the figures for this many agents instead of finding the fewest")
	fs.StringVar(&f.format, "format", "table", "output `format`: table, csv or json")
	fs.StringVar(&f.plan.volumes, "volumes", "", "plan every interval of a CSV `file` (- for standard input) "+
		"with the columns queue,start,calls,aht_seconds (intervals of --period)")
	fs.Float64Var(&f.plan.paidHours, "paid-hours", 37.5, "plans: paid `hours` of one FTE over "+
		"the plan's span (37.5: a plan of one week; 112.5 for three)")
	fs.Float64Var(&f.plan.headcount, "headcount", 0, "plans: `FTE` employed now, for the hiring need")
	fs.BoolVar(&f.plan.fractional, "fractional", false, "plans: add the queues' unrounded needs before "+
		"rounding (agents who split an interval between queues); default: each queue its whole agents")
	fs.BoolVar(&f.plan.fromCalls, "from-calls", false, "plan every interval of the call-record files given "+
		"(offered calls and AHT per queue and interval, as the report reads them)")
	fs.StringVar(&f.plan.tz, "tz", "", "with --from-calls: IANA time `zone` of the intervals "+
		"(default: the SLA's, or UTC)")
	fs.StringVar(&f.plan.sla, "sla", "", "with --from-calls: SLA `file` whose zone, interval, opening hours, "+
		"contract and vendors' queues bound the plan")
	fs.StringVar(&f.plan.vendor, "vendor", "", "with --from-calls and --sla: plan this `vendor`'s queues "+
		"only (needed when the SLA has several: one vendor's agents cannot take another's calls)")
	f.plan.input.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := f.check(fs); err != nil {
		return err
	}
	if f.plan.fromCalls {
		targets, err := f.targets()
		if err != nil {
			return err
		}
		return runPlanFromCalls(ctx, env, &f, targets, fs.Args())
	}
	if fs.NArg() > 0 {
		return usageErr("staff takes no files (but with --from-calls)")
	}
	if f.plan.volumes != "" {
		targets, err := f.targets()
		if err != nil {
			return err
		}
		return runPlan(env, &f, targets)
	}
	demand, targets, err := f.model()
	if err != nil {
		return err
	}
	res, err := staff(demand, targets, f.agents, f.shrinkage)
	if err != nil {
		return err
	}
	switch f.format {
	case "json":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "csv":
		return res.writeCSV(env)
	}
	return res.writeTable(env)
}

// The flags of each form of "sladesk staff" beyond those of every form.
var (
	intervalFlags = map[string]bool{"calls": true, "aht": true, "agents": true}
	planFlagNames = map[string]bool{"paid-hours": true, "headcount": true, "fractional": true}
	callsFlags    = map[string]bool{"tz": true, "sla": true, "vendor": true}
)

// check refuses flags the form given does not use, which would otherwise
// be ignored without a word, and values out of range, naming the flag: a
// target given as 0 is refused, not taken for no target.
func (f *staffFlags) check(fs *flag.FlagSet) error {
	set := make(map[string]bool)
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	f.plan.paidHoursSet, f.plan.headcountSet = set["paid-hours"], set["headcount"]
	f.callsSet = set["calls"]
	f.plan.periodSet = set["period"]

	const oneInterval = "one interval (--calls)"
	form := oneInterval
	switch {
	case f.plan.fromCalls && f.plan.volumes != "":
		return usageErr("give --volumes or --from-calls, not both")
	case f.plan.fromCalls:
		form = "--from-calls"
	case f.plan.volumes != "":
		form = "--volumes"
	}
	var wrong []string
	fs.Visit(func(fl *flag.Flag) {
		n := fl.Name
		switch {
		case form == oneInterval && (planFlagNames[n] || callsFlags[n] || isInputFlag(n)):
			wrong = append(wrong, "--"+n)
		case form != oneInterval && intervalFlags[n]:
			wrong = append(wrong, "--"+n)
		case form == "--volumes" && (callsFlags[n] || isInputFlag(n)):
			wrong = append(wrong, "--"+n)
		}
	})
	if len(wrong) > 0 {
		return usageErr("not used for %s: %s", form, strings.Join(wrong, ", "))
	}
	if set["vendor"] && !set["sla"] {
		return usageErr("--vendor needs --sla, which names the vendors' queues")
	}

	shares := []struct {
		name, example string
		value         float64
	}{{"max-occupancy", "0.85", f.maxOccupancy}, {"max-abandon", "0.05", f.maxAbandon}}
	for _, sh := range shares {
		if set[sh.name] && !(sh.value > 0 && sh.value <= 1) {
			return usageErr("--%s %v is not a share in (0, 1], such as %s", sh.name, sh.value, sh.example)
		}
	}
	switch {
	case f.format != "table" && f.format != "csv" && f.format != "json":
		return usageErr("unknown --format %q (want table, csv or json)", f.format)
	case f.period <= 0:
		return usageErr("--period %s is not a length > 0, such as 30m", f.period)
	case set["asa"] && f.asa <= 0:
		return usageErr("--asa %s is not a time > 0, such as 30s", f.asa)
	case set["patience"] && f.patience <= 0:
		return usageErr("--patience %s is not a time > 0, such as 300s (leave it out for Erlang C)",
			f.patience)
	case !(f.shrinkage >= 0 && f.shrinkage <= staffing.MaxShrinkage):
		return usageErr("--shrinkage %v is not a share in [0, %v], such as 0.3 for 30%%", f.shrinkage,
			staffing.MaxShrinkage)
	case set["calls"] && !(f.calls >= 0 && !math.IsInf(f.calls, 1)):
		return usageErr("--calls %v is not a number of calls >= 0", f.calls)
	case set["aht"] && f.aht <= 0:
		return usageErr("--aht %s is not a time > 0, such as 180s", f.aht)
	case set["agents"] && (f.agents < 1 || f.agents > staffing.MaxAgents):
		return usageErr("--agents %d is not a count from 1 to %d", f.agents, staffing.MaxAgents)
	case !(f.plan.paidHours > 0 && !math.IsInf(f.plan.paidHours, 1)):
		return usageErr("--paid-hours %v is not a number of hours > 0", f.plan.paidHours)
	case !(f.plan.headcount >= 0 && !math.IsInf(f.plan.headcount, 1)):
		return usageErr("--headcount %v is not a number of FTE >= 0", f.plan.headcount)
	}
	return nil
}

// isInputFlag reports whether name is a flag of the call-record readers.
func isInputFlag(name string) bool {
	return strings.HasPrefix(name, "csv-") || name == "input-format" || name == "bank-tz" ||
		name == "queue-log-tz"
}

// model turns the flags into the demand and targets of the interval.
func (f *staffFlags) model() (staffing.Demand, staffing.Targets, error) {
	switch {
	case !f.callsSet:
		return staffing.Demand{}, staffing.Targets{}, usageErr("--calls is required")
	case f.aht <= 0:
		return staffing.Demand{}, staffing.Targets{}, usageErr("--aht is required, such as 180s")
	}
	d := staffing.Demand{Calls: f.calls, Interval: f.period.Seconds(), AHT: f.aht.Seconds(),
		Patience: f.patience.Seconds()}
	if err := d.Validate(); err != nil {
		msg := strings.TrimPrefix(err.Error(), staffing.ErrInvalid.Error()+": ")
		return d, staffing.Targets{}, usageErr("%s", msg)
	}
	t, err := f.targets()
	return d, t, err
}

// targets turns the flags into the targets of every interval.
func (f *staffFlags) targets() (staffing.Targets, error) {
	t := staffing.Targets{MaxASA: f.asa.Seconds(), MaxOccupancy: f.maxOccupancy, MaxAbandon: f.maxAbandon}
	if f.sl != "" {
		share, threshold, err := parseSL(f.sl)
		if err != nil {
			return t, err
		}
		t.ServiceLevel, t.Threshold = share, threshold
	}
	if f.agents == 0 && t == (staffing.Targets{}) {
		if f.plan.fromCalls && f.plan.sla != "" {
			return t, nil // the SLA's objectives give them
		}
		if f.plan.volumes != "" || f.plan.fromCalls {
			return t, usageErr("give a target (--sl, --asa, --max-occupancy, --max-abandon)")
		}
		return t, usageErr("give a target (--sl, --asa, --max-occupancy, --max-abandon) or --agents")
	}
	if err := t.Validate(); err != nil {
		return t, usageErr("%v", err)
	}
	if t.MaxAbandon > 0 && f.patience <= 0 {
		return t, usageErr("--max-abandon needs --patience: without it no caller abandons")
	}
	return t, nil
}

// parseSL reads "80/20": 80% of calls answered within 20 s. The seconds may
// be written as a duration (80/20s).
func parseSL(s string) (share, threshold float64, err error) {
	p, t, ok := strings.Cut(s, "/")
	pct, err1 := parseDecimal(strings.TrimSuffix(strings.TrimSpace(p), "%"))
	secs, err2 := parseDecimal(strings.TrimSuffix(strings.TrimSpace(t), "s"))
	if !ok || err1 != nil || err2 != nil || secs < 0 || math.IsNaN(pct) || math.IsInf(secs, 0) ||
		math.IsNaN(secs) {
		return 0, 0, usageErr("--sl %q: want PERCENT/SECONDS, such as 80/20", s)
	}
	if pct <= 0 || pct > 100 {
		return 0, 0, usageErr("--sl %q: the percent must be above 0 and at most 100", s)
	}
	if pct <= 1 {
		// 0.8/20 (or 1/20 for 100%) is a share written where a percent
		// goes: 1% or less is no service level anyone contracts for.
		return 0, 0, usageErr("--sl %q: the first figure is a percent: 80/20 for 80%% within 20 s", s)
	}
	return pct / 100, secs, nil
}

// staffResult is the one-interval answer; its JSON is a contract for
// scripts. Durations are seconds; shares are fractions; a figure with no
// finite value (the wait of an overloaded queue) is null.
type staffResult struct {
	Status       string   `json:"status"`
	Reason       string   `json:"reason,omitempty"`
	Model        string   `json:"model"`
	Workload     float64  `json:"workload_erlangs"`
	Agents       int      `json:"agents"`
	FTE          float64  `json:"fte"`
	Scheduled    int      `json:"scheduled"`
	Shrinkage    float64  `json:"shrinkage"`
	ServiceLevel *float64 `json:"service_level"`
	Threshold    float64  `json:"threshold_seconds"`
	ASA          *float64 `json:"asa_seconds"`
	Occupancy    *float64 `json:"occupancy"`
	PWait        *float64 `json:"p_wait"`
	PAbandon     *float64 `json:"p_abandon,omitempty"`
	// Required is the fewest agents meeting the targets, given beside
	// the figures of --agents when targets were given too.
	Required *int `json:"required_agents,omitempty"`
	// Meets says whether Agents meet the targets; absent without targets.
	Meets  *bool      `json:"meets_targets,omitempty"`
	Around []staffRow `json:"table"`

	patience bool
	targets  bool // targets were given
	given    bool // the agents were given (--agents), not found
}

// staffRow is one line of the table of agents around the answer.
type staffRow struct {
	Agents       int      `json:"agents"`
	Status       string   `json:"status"`
	ServiceLevel *float64 `json:"service_level"`
	ASA          *float64 `json:"asa_seconds"`
	Occupancy    *float64 `json:"occupancy"`
	PWait        *float64 `json:"p_wait"`
	PAbandon     *float64 `json:"p_abandon,omitempty"`
	// Meets says whether the row meets the targets; null without targets.
	Meets *bool `json:"meets_targets"`
}

// staff finds the fewest agents meeting the targets, or the figures for
// the given agents, with the table around the answer.
func staff(d staffing.Demand, t staffing.Targets, agents int, shrinkage float64) (*staffResult, error) {
	res := &staffResult{Status: statusOK, Model: "erlang_c", Workload: d.Workload(),
		Threshold: t.Threshold, Shrinkage: shrinkage, patience: d.Patience > 0 && !math.IsInf(d.Patience, 1),
		targets: t != (staffing.Targets{}), given: agents > 0}
	if res.patience {
		res.Model = "erlang_a"
	}
	if agents == 0 {
		f, err := staffing.Required(d, t)
		switch {
		case errors.Is(err, staffing.ErrInfeasible):
			res.Status, res.Around = statusInfeasible, []staffRow{}
			res.Reason = strings.TrimPrefix(err.Error(), staffing.ErrInfeasible.Error()+": ")
			return res, nil
		case err != nil:
			return nil, usageErr("%v", err)
		}
		if f.Agents == 0 {
			// No calls: nothing to answer, and no figure to give.
			res.Reason, res.Around = "no calls offered: no agent needed", []staffRow{}
			return res, nil
		}
		agents = f.Agents
	} else if res.targets {
		if f, err := staffing.Required(d, t); err == nil {
			res.Required = &f.Agents
		}
	}
	res.Agents = agents
	row, err := res.row(d, t, agents)
	if err != nil {
		return nil, err
	}
	res.Status = row.Status
	res.Meets = row.Meets
	res.ServiceLevel, res.ASA, res.Occupancy, res.PWait, res.PAbandon =
		row.ServiceLevel, row.ASA, row.Occupancy, row.PWait, row.PAbandon
	sched, err := staffing.Scheduled(agents, shrinkage)
	if err != nil {
		return nil, usageErr("--shrinkage: %v", err)
	}
	res.FTE, res.Scheduled = sched.FTE, sched.Scheduled
	for n := max(1, agents-3); n <= min(agents+3, staffing.MaxAgents); n++ {
		r, err := res.row(d, t, n)
		if err != nil {
			return nil, err
		}
		res.Around = append(res.Around, r)
	}
	return res, nil
}

// row returns the figures for n agents.
func (res *staffResult) row(d staffing.Demand, t staffing.Targets, n int) (staffRow, error) {
	f, err := staffing.Forecast(d, n, t.Threshold)
	if errors.Is(err, erlang.ErrOverloaded) {
		// No steady state: every caller waits and the queue grows.
		return staffRow{Agents: n, Status: statusOverloaded, ServiceLevel: ptr(0), Occupancy: ptr(1),
			PWait: ptr(1), Meets: res.meets(false)}, nil
	}
	if err != nil {
		return staffRow{}, usageErr("%v", err)
	}
	r := staffRow{Agents: n, Status: statusOK, ServiceLevel: ptr(f.ServiceLevel), ASA: ptr(f.ASA),
		Occupancy: ptr(f.Occupancy), PWait: ptr(f.PWait), Meets: res.meets(t.Met(f))}
	if res.patience {
		r.PAbandon = ptr(f.PAbandon)
	}
	return r, nil
}

// meets returns whether figures meet the targets, or nil without targets:
// there is nothing to meet.
func (res *staffResult) meets(met bool) *bool {
	if !res.targets {
		return nil
	}
	return &met
}

func ptr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func (res *staffResult) writeTable(env *Env) error {
	w := env.Stdout
	fmt.Fprintf(w, "workload %.2f Erlangs (%s)\n", res.Workload, res.Model)
	if res.Status == statusInfeasible {
		_, err := fmt.Fprintf(w, "infeasible: %s\n", res.Reason)
		return err
	}
	if len(res.Around) == 0 {
		_, err := fmt.Fprintf(w, "agents 0: %s\n", res.Reason)
		return err
	}
	fmt.Fprintf(w, "agents %d (%s)", res.Agents, res.Status)
	if res.given && res.Meets != nil {
		verdict := "meeting"
		if !*res.Meets {
			verdict = "missing"
		}
		need := "no count meets them"
		if res.Required != nil {
			need = fmt.Sprintf("they need %d", *res.Required)
		}
		fmt.Fprintf(w, ", %s the targets: %s", verdict, need)
	}
	if res.Shrinkage > 0 {
		fmt.Fprintf(w, "; with %.4g%% shrinkage: %.2f FTE, %d to schedule",
			res.Shrinkage*100, res.FTE, res.Scheduled)
	}
	fmt.Fprintf(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := fmt.Sprintf("AGENTS\tSERVICE LEVEL (%gs)\tASA\tOCCUPANCY\tP(WAIT)", res.Threshold)
	if res.patience {
		head += "\tP(ABANDON)"
	}
	fmt.Fprintln(tw, head+"\tMEETS TARGETS")
	for _, r := range res.Around {
		line := fmt.Sprintf("%d\t%s\t%s\t%s\t%s", r.Agents, share(r.ServiceLevel), secondsOf(r.ASA),
			share(r.Occupancy), share(r.PWait))
		if res.patience {
			line += "\t" + share(r.PAbandon)
		}
		meets := "no"
		switch {
		case r.Status == statusOverloaded:
			meets = "overloaded"
		case !res.targets:
			meets = "-"
		case *r.Meets:
			meets = "yes"
		}
		fmt.Fprintln(tw, line+"\t"+meets)
	}
	return tw.Flush()
}

func (res *staffResult) writeCSV(env *Env) error {
	w := env.Stdout
	fmt.Fprintln(w, "agents,status,service_level,asa_seconds,occupancy,p_wait,p_abandon,meets_targets")
	for _, r := range res.Around {
		meets := "" // no targets, nothing to meet
		if r.Meets != nil {
			meets = strconv.FormatBool(*r.Meets)
		}
		_, err := fmt.Fprintf(w, "%d,%s,%s,%s,%s,%s,%s,%s\n", r.Agents, r.Status, num(r.ServiceLevel),
			num(r.ASA), num(r.Occupancy), num(r.PWait), num(r.PAbandon), meets)
		if err != nil {
			return err
		}
	}
	return nil
}

func share(x *float64) string {
	if x == nil {
		return "-"
	}
	return strconv.FormatFloat(*x*100, 'f', 2, 64) + "%"
}

func secondsOf(x *float64) string {
	if x == nil {
		return "unbounded"
	}
	return strconv.FormatFloat(*x, 'f', 1, 64) + "s"
}

func num(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'f', -1, 64)
}
