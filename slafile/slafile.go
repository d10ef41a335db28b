// Package slafile reads service level agreements from YAML files.
//
// A file names the client, the time zone, the interval length, the
// contract period, the opening hours, the vendors with their queues, and
// the objectives. Every error names the file, the line and the field, so
// that a contract manager can fix the file without reading code. See
// Parse for the format.
package slafile

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/stats"
	"go.yaml.in/yaml/v3"
)

// Error is a problem in an SLA file, at a line and field.
type Error struct {
	File   string
	Line   int
	Column int
	Field  string // dotted path such as objectives[2].target
	Msg    string
}

// Error formats the problem as "file:line:column: field: message".
func (e *Error) Error() string {
	pos := e.File
	switch {
	case e.Line > 0 && e.Column > 0:
		pos = fmt.Sprintf("%s:%d:%d", pos, e.Line, e.Column)
	case e.Line > 0:
		pos = fmt.Sprintf("%s:%d", pos, e.Line)
	}
	if e.Field == "" {
		return pos + ": " + e.Msg
	}
	return pos + ": " + e.Field + ": " + e.Msg
}

// Load reads and parses the SLA file at path.
func Load(path string) (sladesk.SLA, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return sladesk.SLA{}, fmt.Errorf("read SLA: %w", err)
	}
	return Parse(data, path)
}

// Parse parses an SLA from YAML; file names the source in errors. Example:
//
//	client: Acme Bank
//	time_zone: Europe/London      # IANA zone of intervals and hours
//	interval: 30m                 # 15m, 30m or 60m
//	contract: {start: 2024-01-01, end: 2024-12-31}
//	hours:                        # omitted: open around the clock
//	  mon-fri: "08:00-20:00"
//	  sat: ["09:00-12:00", "13:00-17:00"]
//	  closed: [2024-12-25]
//	vendors:
//	  - name: Northwind
//	    queues: [sales, support]
//	objectives:
//	  - name: Service level
//	    metric: service_level     # service_level, asa, abandon_rate, aht, answer_rate
//	    threshold: 20s
//	    target: 80%
//	    definition: abandons_against
//	    short_abandon: 5s         # optional
//	    abandons: [abandoned]     # exits counted as abandons
//	    period: day               # interval, day, week, month, contract
//	    weight: 2
//
// Unknown keys are errors, so a misspelt field never silently falls back to
// a default.
func Parse(data []byte, file string) (sladesk.SLA, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return sladesk.SLA{}, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return sladesk.SLA{}, &Error{File: file, Msg: "empty SLA file"}
	}
	p := parser{file: file}
	sla := p.sla(doc.Content[0])
	if p.err != nil {
		return sladesk.SLA{}, p.err
	}
	return sla, nil
}

// yamlError turns a YAML syntax error into an Error with its line.
func yamlError(file string, err error) error {
	msg := err.Error()
	var line int
	if _, scanErr := fmt.Sscanf(strings.TrimPrefix(msg, "yaml: "), "line %d:", &line); scanErr == nil {
		if i := strings.Index(msg, ": "); i >= 0 {
			if j := strings.Index(msg[i+2:], ": "); j >= 0 {
				msg = msg[i+2+j+2:]
			}
		}
	}
	return &Error{File: file, Line: line, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// parser walks the YAML tree, keeping the first error.
type parser struct {
	file   string
	err    error
	served []sladesk.Vendor // the vendors, for checking objectives' queues
}

func (p *parser) fail(n *yaml.Node, field, format string, args ...any) {
	if p.err != nil {
		return
	}
	e := &Error{File: p.file, Field: field, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	p.err = e
}

// fields returns the key and value nodes of a mapping, failing on unknown
// or repeated keys.
func (p *parser) fields(n *yaml.Node, path string, known ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.fail(n, path, "want a mapping of keys to values")
		return nil
	}
	out := make(map[string]*yaml.Node)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if !contains(known, name) {
			p.fail(k, join(path, name), "unknown field (known: %s)", strings.Join(known, ", "))
			continue
		}
		if _, dup := out[name]; dup {
			p.fail(k, join(path, name), "given twice")
			continue
		}
		out[name] = v
	}
	return out
}

func (p *parser) sla(n *yaml.Node) sladesk.SLA {
	f := p.fields(n, "", "client", "name", "time_zone", "interval", "contract",
		"hours", "vendors", "objectives")
	if f == nil {
		return sladesk.SLA{}
	}
	s := sladesk.SLA{Location: time.UTC, Interval: 30 * time.Minute}
	s.Client = p.str(f["client"], "client")
	s.Name = p.str(f["name"], "name")
	// An SLA without a zone would cut its days wherever the machine or UTC
	// does, so the zone is required rather than defaulted.
	if v := f["time_zone"]; v != nil {
		s.Location = p.zone(v, "time_zone")
	}
	if v := f["interval"]; v != nil {
		s.Interval = p.duration(v, "interval")
		if err := stats.ValidLength(s.Interval); err != nil && p.err == nil {
			p.fail(v, "interval", "%s", err)
		}
	}
	if v := f["contract"]; v != nil {
		s.Contract = p.contract(v)
	}
	if v := f["hours"]; v != nil {
		s.Hours = p.hours(v)
		p.alignHours(v, &s)
	}
	if v := f["vendors"]; v != nil {
		s.Vendors = p.vendors(v)
		p.served = s.Vendors
	}
	if v := f["objectives"]; v != nil {
		s.Objectives = p.objectives(v)
	}
	if s.Client == "" {
		p.fail(n, "client", "missing: name the client company")
	}
	if f["time_zone"] == nil {
		p.fail(n, "time_zone",
			"missing: name the IANA time zone of the contract's days and hours, such as Europe/London")
	}
	if len(s.Objectives) == 0 {
		p.fail(n, "objectives", "missing: an SLA needs at least one objective")
	}
	return s
}

func (p *parser) contract(n *yaml.Node) sladesk.Period {
	f := p.fields(n, "contract", "start", "end")
	var per sladesk.Period
	if v := f["start"]; v != nil {
		per.Start = p.date(v, "contract.start")
	}
	if v := f["end"]; v != nil {
		per.End = p.date(v, "contract.end")
	}
	if !per.Start.IsZero() && !per.End.IsZero() && per.End.Before(per.Start) {
		p.fail(f["end"], "contract.end", "ends before it starts")
	}
	return per
}

func (p *parser) vendors(n *yaml.Node) []sladesk.Vendor {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "vendors", "want a list of vendors")
		return nil
	}
	var out []sladesk.Vendor
	owner := make(map[string]string)
	for i, vn := range n.Content {
		path := fmt.Sprintf("vendors[%d]", i)
		f := p.fields(vn, path, "name", "queues")
		if f == nil {
			return nil
		}
		v := sladesk.Vendor{Name: p.str(f["name"], path+".name")}
		if v.Name == "" {
			p.fail(vn, path+".name", "missing: name the vendor")
		}
		for _, other := range out {
			if other.Name == v.Name {
				p.fail(f["name"], path+".name", "vendor %q is named twice", v.Name)
			}
		}
		v.Queues = p.strings(f["queues"], path+".queues")
		if len(v.Queues) == 0 {
			p.fail(vn, path+".queues", "missing: list the queues the vendor serves")
		}
		for _, q := range v.Queues {
			if other, taken := owner[q]; taken {
				p.fail(f["queues"], path+".queues", "queue %q is already served by vendor %q", q, other)
			}
			owner[q] = v.Name
		}
		out = append(out, v)
	}
	return out
}

func (p *parser) objectives(n *yaml.Node) []sladesk.Objective {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "objectives", "want a list of objectives")
		return nil
	}
	var out []sladesk.Objective
	for i, on := range n.Content {
		out = append(out, p.objective(on, fmt.Sprintf("objectives[%d]", i)))
	}
	return out
}

func (p *parser) objective(n *yaml.Node, path string) sladesk.Objective {
	f := p.fields(n, path, "name", "metric", "threshold", "target", "compare", "definition",
		"short_abandon", "abandons", "flowouts", "period", "weight", "queues")
	if f == nil {
		return sladesk.Objective{}
	}
	o := sladesk.Objective{Period: sladesk.PeriodDay, Weight: 1}
	o.Name = p.str(f["name"], path+".name")

	if v := f["metric"]; v == nil {
		p.fail(n, path+".metric", "missing: say what is measured")
	} else if m, err := sladesk.ParseMetric(v.Value); err != nil {
		p.fail(v, path+".metric", "%s", err)
	} else {
		o.Metric = m
	}
	o.Compare = o.Metric.DefaultComparison()
	if v := f["compare"]; v != nil {
		switch v.Value {
		case "at_least":
			o.Compare = sladesk.AtLeast
		case "at_most":
			o.Compare = sladesk.AtMost
		default:
			p.fail(v, path+".compare", "want at_least or at_most, not %q", v.Value)
		}
	}

	p.definition(&o, f, path)
	p.target(&o, f["target"], n, path)

	if v := f["period"]; v != nil {
		per, err := sladesk.ParsePeriodKind(v.Value)
		if err != nil {
			p.fail(v, path+".period", "%s", err)
		}
		o.Period = per
	}
	if v := f["weight"]; v != nil {
		o.Weight = p.number(v, path+".weight")
		if o.Weight < 0 {
			p.fail(v, path+".weight", "must not be negative")
		}
	}
	o.Queues = p.strings(f["queues"], path+".queues")
	if v := f["queues"]; v != nil && len(o.Queues) == 0 {
		// An empty list would mean every queue: say so by leaving it out.
		p.fail(v, path+".queues", "empty: list the queues, or leave the key out for every queue")
	}
	for _, q := range o.Queues {
		sla := sladesk.SLA{Vendors: p.served}
		if len(p.served) > 0 && sla.VendorOf(q) == "" {
			p.fail(f["queues"], path+".queues", "queue %q is served by no vendor (a typo?)", q)
		}
	}
	if o.Name == "" {
		o.Name = defaultName(&o)
	}
	return o
}

// definition reads the service-level definition and what counts as an
// abandon, which every metric uses (abandon rate too).
func (p *parser) definition(o *sladesk.Objective, f map[string]*yaml.Node, path string) {
	name := ""
	if v := f["definition"]; v != nil {
		name = v.Value
	}
	def, err := sladesk.ServiceLevelDefinition(name)
	if err != nil {
		p.fail(f["definition"], path+".definition", "%s", err)
	}
	if v := f["flowouts"]; v != nil {
		rule, err := sladesk.ParseFlowoutRule(v.Value)
		if err != nil {
			p.fail(v, path+".flowouts", "%s", err)
		}
		def.Flowouts = rule
	}
	o.Definition = def

	if v := f["threshold"]; v != nil && o.Metric != sladesk.MetricServiceLevel {
		p.fail(v, path+".threshold", "only a service_level objective has a threshold")
	} else if v != nil {
		o.Threshold = p.duration(v, path+".threshold")
		if o.Threshold%time.Second != 0 || o.Threshold < 0 {
			p.fail(v, path+".threshold", "want a whole number of seconds, not %s", o.Threshold)
		}
	} else if o.Metric == sladesk.MetricServiceLevel {
		p.fail(f["metric"], path+".threshold", "missing: a service-level objective needs a threshold")
	}
	if v := f["short_abandon"]; v != nil {
		o.ShortAbandon = p.duration(v, path+".short_abandon")
		if o.ShortAbandon%time.Second != 0 || o.ShortAbandon < 0 {
			p.fail(v, path+".short_abandon", "want a whole number of seconds")
		}
	} else if def.NeedsShort && o.Metric == sladesk.MetricServiceLevel {
		p.fail(f["definition"], path+".short_abandon",
			"missing: definition %s needs a short-abandon limit", def.Name)
	}

	// DESIGN: any definition may have short abandons removed first; a
	// limit given for one that uses S as its early limit (ICMI formula 5)
	// counts short abandons as met instead.
	if o.ShortAbandon > 0 && def.Early != sladesk.EarlyWithinShort {
		o.Definition.RemoveShort = true
	}

	o.AbandonKinds = []sladesk.Outcome{sladesk.Abandoned}
	if len(def.DefaultAbandonKinds) > 0 {
		o.AbandonKinds = def.DefaultAbandonKinds
	}
	if v := f["abandons"]; v != nil {
		o.AbandonKinds = nil
		for _, name := range p.strings(v, path+".abandons") {
			out, err := sladesk.ParseOutcome(name)
			if err == nil && !out.Exited() {
				err = fmt.Errorf("%s is not an unanswered exit", out)
			}
			if err != nil {
				p.fail(v, path+".abandons", "%s", err)
				continue
			}
			o.AbandonKinds = append(o.AbandonKinds, out)
		}
	}
}

// target reads the target: a share ("80%" or 0.8) for ratio metrics, a
// duration ("30s" or 30) for ASA and AHT.
func (p *parser) target(o *sladesk.Objective, v, parent *yaml.Node, path string) {
	field := path + ".target"
	if v == nil {
		p.fail(parent, field, "missing: give the value to reach")
		return
	}
	if !o.Metric.IsRatio() {
		if d, err := time.ParseDuration(strings.TrimSpace(v.Value)); err == nil {
			o.Target = d.Seconds()
		} else {
			o.Target = p.number(v, field)
		}
		// An ASA or AHT of 0 s is no objective a queue can meet or miss
		// by degrees: every call answered at once, or taking no time.
		if !(o.Target > 0) {
			p.fail(v, field, "must be a time above 0, such as 30s")
		}
		return
	}
	s := strings.TrimSpace(v.Value)
	if pct, ok := strings.CutSuffix(s, "%"); ok {
		x, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			p.fail(v, field, "invalid percentage %q", s)
			return
		}
		o.Target = x / 100
	} else {
		o.Target = p.number(v, field)
	}
	if o.Target < 0 || o.Target > 1 {
		p.fail(v, field, "a share must be between 0%% and 100%% (write 80%% or 0.8), not %q", s)
	}
}

func defaultName(o *sladesk.Objective) string {
	switch o.Metric {
	case sladesk.MetricServiceLevel:
		return fmt.Sprintf("service level %s%% in %s", trimFloat(o.Target*100), o.Threshold)
	case sladesk.MetricASA:
		return fmt.Sprintf("ASA %s %ss", o.Compare, trimFloat(o.Target))
	case sladesk.MetricAHT:
		return fmt.Sprintf("AHT %s %ss", o.Compare, trimFloat(o.Target))
	}
	return fmt.Sprintf("%s %s %s%%", o.Metric, o.Compare, trimFloat(o.Target*100))
}

func trimFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func (p *parser) str(n *yaml.Node, field string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.fail(n, field, "want a single value")
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (p *parser) strings(n *yaml.Node, field string) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if s := strings.TrimSpace(n.Value); s != "" {
			return []string{s}
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.fail(n, field, "want a list")
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if s := p.str(c, field); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) number(n *yaml.Node, field string) float64 {
	x, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		p.fail(n, field, "want a number, not %q", n.Value)
	}
	return x
}

func (p *parser) duration(n *yaml.Node, field string) time.Duration {
	s := strings.TrimSpace(n.Value)
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		// A bare number is seconds, as contracts write thresholds.
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e9 {
			p.fail(n, field, "want a duration such as 20s or 30m, not %q", s)
			return 0
		}
		return time.Duration(x * float64(time.Second))
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		p.fail(n, field, "want a duration such as 20s or 30m, not %q", s)
	}
	return d
}

func (p *parser) date(n *yaml.Node, field string) sladesk.Date {
	d, err := sladesk.ParseDate(strings.TrimSpace(n.Value))
	if err != nil {
		p.fail(n, field, "%s", err)
	}
	return d
}

func (p *parser) zone(n *yaml.Node, field string) *time.Location {
	name := strings.TrimSpace(n.Value)
	loc, err := time.LoadLocation(name)
	if name == "" || name == "Local" {
		// "" is UTC and "Local" the machine's zone to Go: neither is a
		// contract's zone, and a report must not depend on the machine.
		err = errInvalid
	}
	if err != nil {
		p.fail(n, field, "unknown IANA time zone %q", n.Value)
		return time.UTC
	}
	return loc
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// errInvalid marks a value the parser rejects; the message says why.
var errInvalid = errors.New("invalid")
