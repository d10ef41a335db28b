package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/csvcalls"
	"github.com/sladesk/sladesk/ingest"
)

// inputFlags say how to read call-record files: the format, and for CSV
// files of another system's layout, the column mapping (a YAML file, flags,
// or a file with flags overriding it).
type inputFlags struct {
	format     string
	csvMap     string
	bankTZ     string
	queueLogTZ string

	id, contact, queue, fixedQueue, arrival, answer, end string
	outcome, outcomes, agent, agentPattern, customer     string
	wait, talk, hold, wrap                               string
	layout, tz, ambiguous                                string
	merge, multiline                                     bool
}

func (f *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.format, "input-format", "auto", "input `format`: auto, bank, queue_log or csv")
	fs.StringVar(&f.csvMap, "csv-map", "", "YAML `file` mapping the columns of a CSV of your own layout "+
		"")
	fs.StringVar(&f.bankTZ, "bank-tz", "", "time `zone` of Anonymous Bank files (default "+
		"Asia/Jerusalem)")
	fs.StringVar(&f.queueLogTZ, "queue-log-tz", "", "time `zone` of queue_log lines written with dates instead "+
		"of epochs")

	fs.StringVar(&f.id, "csv-id", "", "CSV: `column` identifying the call")
	fs.StringVar(&f.contact, "csv-contact", "", "CSV: `column` linking the segments of one contact")
	fs.StringVar(&f.queue, "csv-queue", "", "CSV: `column` naming the queue")
	fs.StringVar(&f.fixedQueue, "csv-fixed-queue", "",
		"CSV: the `queue` of every row, for files without a queue column")
	fs.StringVar(&f.arrival, "csv-arrival", "", "CSV: `column` of the time the call entered the queue")
	fs.StringVar(&f.answer, "csv-answer", "", "CSV: `column` of the answer time (empty when unanswered)")
	fs.StringVar(&f.end, "csv-end", "", "CSV: `column` of the end time")
	fs.StringVar(&f.outcome, "csv-outcome", "", "CSV: `column` saying how the call left the queue")
	fs.StringVar(&f.outcomes, "csv-outcomes", "", "CSV: outcome values, as `VALUE=outcome,...` (outcomes: "+
		"answered, abandoned, timeout, exit_empty, exit_key, transferred, ignored)")
	fs.StringVar(&f.agent, "csv-agent", "", "CSV: `column` naming the agent")
	fs.StringVar(&f.agentPattern, "csv-agent-pattern", "", "CSV: `regexp` whose first group is the agent (e.g. "+
		"'^(.+)-[0-9a-f]+$')")
	fs.StringVar(&f.customer, "csv-customer", "", "CSV: `column` of the caller's key")
	fs.StringVar(&f.wait, "csv-wait", "", "CSV: `column` of the wait in seconds")
	fs.StringVar(&f.talk, "csv-talk", "", "CSV: `column` of the talk time in seconds")
	fs.StringVar(&f.hold, "csv-hold", "", "CSV: `column` of the hold time in seconds")
	fs.StringVar(&f.wrap, "csv-wrap", "", "CSV: `column` of the wrap time in seconds")
	fs.StringVar(&f.layout, "csv-time-layout", "", "CSV: timestamp `layout`: rfc3339 (default), unix, or a Go "+
		"layout such as '2006-01-02 15:04:05'")
	fs.StringVar(&f.tz, "csv-tz", "", "CSV: IANA time `zone` of timestamps written without an offset")
	fs.StringVar(&f.ambiguous, "csv-ambiguous", "", "CSV: a local time that occurs twice (clocks going back): "+
		"`reject`, earlier or later")
	fs.BoolVar(&f.merge, "csv-merge", false, "CSV: rows sharing an id are one call (one row per agent rung)")
	fs.BoolVar(&f.multiline, "csv-multiline", false,
		"CSV: quoted fields may hold line breaks (read on one core)")
}

// options returns the ingest options the flags describe.
func (f *inputFlags) options() (ingest.Options, error) {
	format, err := ingest.ParseFormat(f.format)
	if err != nil {
		return ingest.Options{}, usageErr("%v", err)
	}
	opts := ingest.Options{Format: format}
	if opts.BankLocation, err = zoneFlag("--bank-tz", f.bankTZ); err != nil {
		return opts, err
	}
	if opts.QueueLogLocation, err = zoneFlag("--queue-log-tz", f.queueLogTZ); err != nil {
		return opts, err
	}
	m, err := f.mapping()
	if err != nil {
		return opts, err
	}
	opts.Mapping = m
	return opts, nil
}

func zoneFlag(name, value string) (*time.Location, error) {
	if value == "" {
		return nil, nil
	}
	loc, err := time.LoadLocation(value)
	if value == "Local" {
		err = errLocalZone
	}
	if err != nil {
		return nil, usageErr("unknown %s %q: want an IANA zone such as Europe/London", name, value)
	}
	return loc, nil
}

// mapping returns the CSV mapping of --csv-map and the --csv-* flags, or
// nil when none is given.
func (f *inputFlags) mapping() (*csvcalls.Mapping, error) {
	var m csvcalls.Mapping
	given := false
	if f.csvMap != "" {
		// Decoded now, validated once the flags have had their say: a
		// flag may supply what the file leaves out (--csv-tz).
		data, err := os.ReadFile(f.csvMap)
		if err != nil {
			return nil, fmt.Errorf("--csv-map: %w", err)
		}
		if m, err = csvcalls.DecodeMapping(data, f.csvMap); err != nil {
			return nil, err
		}
		given = true
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
			given = true
		}
	}
	columns := []string{f.id, f.contact, f.queue, f.fixedQueue, f.arrival, f.answer, f.end, f.outcome,
		f.agent, f.customer, f.wait, f.talk, f.hold, f.wrap}
	if f.csvMap == "" && allEmpty(columns) {
		// Options alone (a zone, multiline fields) are for the native layout.
		m = csvcalls.NativeMapping()
	}
	set(&m.ID, f.id)
	set(&m.ContactID, f.contact)
	set(&m.Queue, f.queue)
	set(&m.FixedQueue, f.fixedQueue)
	set(&m.Arrival, f.arrival)
	set(&m.Answer, f.answer)
	set(&m.End, f.end)
	set(&m.Outcome, f.outcome)
	set(&m.Agent, f.agent)
	set(&m.AgentPattern, f.agentPattern)
	set(&m.Customer, f.customer)
	set(&m.WaitSeconds, f.wait)
	set(&m.TalkSeconds, f.talk)
	set(&m.HoldSeconds, f.hold)
	set(&m.WrapSeconds, f.wrap)
	set(&m.TimeLayout, f.layout)
	set(&m.TimeZone, f.tz)
	if f.ambiguous != "" {
		m.Ambiguous = csvcalls.AmbiguousTime(f.ambiguous)
		given = true
	}
	if f.merge {
		m.Merge, given = true, true
	}
	if f.multiline {
		m.MultilineFields, given = true, true
	}
	if f.outcomes != "" {
		if err := parseOutcomes(&m, f.outcomes); err != nil {
			return nil, err
		}
		given = true
	}
	if !given {
		return nil, nil
	}
	if err := m.Validate(); err != nil {
		return nil, usageErr("CSV mapping: %v", err)
	}
	return &m, nil
}

func allEmpty(ss []string) bool {
	for _, s := range ss {
		if s != "" {
			return false
		}
	}
	return true
}

// parseOutcomes reads "ANSWERED=answered,NO ANSWER=abandoned".
func parseOutcomes(m *csvcalls.Mapping, s string) error {
	if m.Outcomes == nil {
		m.Outcomes = make(map[string]sladesk.Outcome)
	}
	for _, pair := range strings.Split(s, ",") {
		value, name, ok := strings.Cut(pair, "=")
		if !ok {
			return usageErr("--csv-outcomes: %q is not VALUE=outcome", pair)
		}
		o, err := sladesk.ParseOutcome(name)
		if err != nil {
			return usageErr("--csv-outcomes: %v", err)
		}
		m.Outcomes[value] = o
	}
	return nil
}
