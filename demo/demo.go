// Package demo makes the example data of "sladesk demo": a week of calls of
// a bank served by two vendors, simulated by package simulate, written as
// each vendor's system would export them (Northwind's Asterisk queue_log,
// Bluebird's CSV call records), and the SLA between them.
package demo

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/csvcalls"
	"github.com/sladesk/sladesk/queuelog"
	"github.com/sladesk/sladesk/simulate"
)

// SLA is the example SLA file.
//
//go:embed sla.yaml
var SLA []byte

// Files names the files Write makes, relative to its directory.
type Files struct {
	SLA   string   // the SLA file
	Calls []string // call-record files, one per vendor
}

// Zone is the example center's time zone.
const Zone = "Europe/London"

// Write simulates the example week with the given seed (0 for the
// example's own) and writes the SLA and each vendor's call records into
// dir, creating it if needed. The output is the same for the same seed.
func Write(dir string, seed uint64) (Files, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Files{}, err
	}
	files := Files{SLA: filepath.Join(dir, "sla.yaml")}
	if err := os.WriteFile(files.SLA, SLA, 0o644); err != nil {
		return Files{}, err
	}

	loc, err := time.LoadLocation(Zone)
	if err != nil {
		return Files{}, err
	}
	cfg := simulate.ExampleCenter()
	cfg.Location = loc
	if seed != 0 {
		cfg.Seed = seed
	}

	out, err := newOutputs(dir)
	if err != nil {
		return Files{}, err
	}
	// Northwind's queue_log carries its agents' logins and logoffs, as
	// Asterisk writes them, so that the report can measure the agents at
	// work from events; Bluebird's CSV has calls only.
	if err := simulate.AgentEvents(cfg, func(ev sladesk.AgentEvent) error {
		if out.vendor(cfg, ev.Queue) == "Northwind" {
			out.events = append(out.events, ev)
		}
		return nil
	}); err != nil {
		out.close()
		return Files{}, fmt.Errorf("simulate the example week: %w", err)
	}
	runErr := simulate.Run(cfg, func(c sladesk.Call) error { return out.write(cfg, c) })
	if runErr == nil {
		runErr = out.writeEvents(time.Time{})
	}
	closeErr := out.close()
	if runErr != nil {
		return Files{}, fmt.Errorf("simulate the example week: %w", runErr)
	}
	if closeErr != nil {
		return Files{}, closeErr
	}
	files.Calls = []string{out.qlPath, out.csvPath}
	return files, nil
}

// outputs are the two vendors' files.
type outputs struct {
	qlPath, csvPath string
	qlFile, csvFile *os.File
	ql              *queuelog.Writer
	csv             *csvcalls.Writer
	vendorOf        map[string]string
	// events are the queue_log's agent events not yet written, in time
	// order.
	events []sladesk.AgentEvent
}

func newOutputs(dir string) (*outputs, error) {
	o := &outputs{
		qlPath:  filepath.Join(dir, "northwind-queue_log"),
		csvPath: filepath.Join(dir, "bluebird-calls.csv"),
	}
	var err error
	if o.qlFile, err = os.Create(o.qlPath); err != nil {
		return nil, err
	}
	if o.csvFile, err = os.Create(o.csvPath); err != nil {
		o.qlFile.Close()
		return nil, err
	}
	o.ql = queuelog.NewWriter(o.qlFile)
	o.csv = csvcalls.NewWriter(o.csvFile)
	return o, nil
}

// vendor returns the vendor of a queue of cfg.
func (o *outputs) vendor(cfg simulate.Config, queue string) string {
	if o.vendorOf == nil {
		o.vendorOf = make(map[string]string)
		for _, q := range cfg.Queues {
			o.vendorOf[q.Name] = q.Vendor
		}
	}
	return o.vendorOf[queue]
}

// write sends a call to the file of its queue's vendor, after the agent
// events up to its arrival.
func (o *outputs) write(cfg simulate.Config, c sladesk.Call) error {
	if o.vendor(cfg, c.Queue) == "Northwind" {
		if err := o.writeEvents(c.Arrived); err != nil {
			return err
		}
		return o.ql.Write(c)
	}
	return o.csv.Write(c)
}

// writeEvents writes the agent events up to until, or all of them when
// until is zero.
func (o *outputs) writeEvents(until time.Time) error {
	n := 0
	for ; n < len(o.events) && (until.IsZero() || !o.events[n].Time.After(until)); n++ {
		if err := o.ql.WriteAgentEvent(o.events[n]); err != nil {
			return err
		}
	}
	o.events = o.events[n:]
	return nil
}

func (o *outputs) close() error {
	errs := []error{o.ql.Flush(), o.csv.Flush(), o.qlFile.Close(), o.csvFile.Close()}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
