package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/ingest"
	"github.com/sladesk/sladesk/report"
	"github.com/sladesk/sladesk/slafile"
	"github.com/sladesk/sladesk/staffed"
	"github.com/sladesk/sladesk/stats"
)

// reportFlags are the flags of "sladesk report".
type reportFlags struct {
	sla       string
	tz        string
	interval  string
	format    string
	rows      string
	byQueue   bool
	intervals bool
	worst     int
	strict    bool
	progress  bool
	staffing  bool
	input     inputFlags
	store     storeFlags
}

func runReport(ctx context.Context, env *Env, args []string) error {
	var f reportFlags
	fs := newFlagSet(env, "report", "report [--sla FILE] [--tz ZONE] [--interval 15m|30m|60m] "+
		"[--format table|csv|json] FILE...")
	fs.StringVar(&f.sla, "sla", "", "SLA `file` (YAML); default: per day in UTC (or --tz), 80% within 20 s\n"+
		"with abandons counting against, ASA at most 30 s, abandon rate at most 5%")
	fs.StringVar(&f.tz, "tz", "", "IANA time `zone` of intervals and days; overrides the SLA's "+
		"(default SLA: UTC)")
	fs.StringVar(&f.interval, "interval", "", "interval `length` 15m, 30m or 60m; overrides the SLA's")
	fs.StringVar(&f.format, "format", "table", "output `format`: table, csv or json")
	fs.StringVar(&f.rows, "rows", "", "with --format csv, the `table` to write: objectives "+
		"(default), intervals, queues, staffing or rejected (the first 20)")
	fs.BoolVar(&f.byQueue, "by-queue", false, "table: add a row per queue under each vendor")
	fs.BoolVar(&f.intervals, "intervals", false, "table: add the table of every interval")
	fs.IntVar(&f.worst, "worst", 5, "worst intervals to show for each missed objective")
	fs.BoolVar(&f.strict, "strict", false, "stop at the first rejected record")
	fs.BoolVar(&f.progress, "progress", true, "show a progress bar on stderr when it is a terminal")
	fs.BoolVar(&f.staffing, "staffing", true, "put the agents each interval required (Erlang C) beside "+
		"the agents at work")
	f.input.register(fs)
	f.store.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fromStore := f.store.data != "" || f.store.db != ""
	switch {
	case fromStore && fs.NArg() > 0:
		return usageErr("report reads a store (--data, --db) or files, not both")
	case !fromStore && fs.NArg() == 0:
		return usageErr("no call-record files given (or a store: --data DIR, --db URL)")
	}
	if f.worst < 0 {
		return usageErr("--worst must not be negative")
	}
	switch f.format {
	case "table", "csv", "json":
	default:
		return usageErr("unknown --format %q (want table, csv or json)", f.format)
	}
	switch f.rows {
	case "":
		f.rows = report.CSVObjectives
	case report.CSVObjectives, report.CSVIntervals, report.CSVQueues, report.CSVRejected, report.CSVStaffing:
		if f.format != "csv" {
			return usageErr("--rows chooses the table of --format csv")
		}
	default:
		return usageErr("unknown --rows %q (want objectives, intervals, queues, staffing or rejected)", f.rows)
	}
	if f.rows == report.CSVStaffing && !f.staffing {
		return usageErr("--rows staffing needs --staffing")
	}

	sla, err := loadSLA(f.sla, f.tz, f.interval)
	if err != nil {
		return err
	}
	opts, err := f.input.options()
	if err != nil {
		return err
	}
	// The CSV tables other than staffing print no staffing: measuring the
	// agents at work (a third of the reading time) would be wasted.
	if f.format == "csv" && f.rows != report.CSVStaffing {
		f.staffing = false
	}
	opts.CountOnly, opts.KeepAgent = true, f.staffing

	var res *readResult
	if fromStore {
		res, err = readStore(ctx, &f.store, &sla)
	} else {
		res, err = readFiles(ctx, env, fs.Args(), &sla,
			readOptions{ingest: opts, strict: f.strict, progress: f.progress, staffing: f.staffing})
	}
	if err != nil {
		return err
	}
	if err := checkRead(res); err != nil {
		return err
	}
	skip := f.format == "csv" && f.rows != report.CSVObjectives
	ropts := report.Options{Worst: f.worst, SkipObjectives: skip}
	if res.tracker != nil {
		ropts.Staffing, ropts.Actual = true, res.tracker.Agents()
		ropts.ActualPooled = res.tracker.Pooled(func(queue string) (string, bool) {
			v := sla.VendorOf(queue)
			return v, v != ""
		})
	}
	rep := report.New(&sla, res.agg.Intervals(), res.inputs, res.rejected, ropts)
	if fromStore && f.staffing {
		rep.Notes = append(rep.Notes, "staffing is left out: the store keeps no agents at work yet "+
			"(report on the call-record files for it)")
	}
	if f.sla == "" && f.tz == "" {
		rep.Notes = append(rep.Notes, "days and intervals are cut in UTC: give --tz ZONE "+
			"(or an SLA file with its time_zone) for the center's local days")
	}
	switch f.format {
	case "json":
		return rep.WriteJSON(env.Stdout)
	case "csv":
		return rep.WriteCSV(env.Stdout, f.rows)
	}
	return rep.WriteTable(env.Stdout, report.TableOptions{ByQueue: f.byQueue, Intervals: f.intervals})
}

// errLocalZone refuses the machine's zone: a report must not change with
// the machine it runs on.
var errLocalZone = errors.New("the machine's local zone")

// loadSLA reads the SLA file, or takes the default one, and applies the
// command line's overrides.
func loadSLA(path, tz, interval string) (sladesk.SLA, error) {
	var loc *time.Location
	if tz != "" {
		l, err := time.LoadLocation(tz)
		if tz == "Local" {
			err = errLocalZone
		}
		if err != nil {
			return sladesk.SLA{}, usageErr("unknown --tz %q: want an IANA zone such as Europe/London", tz)
		}
		loc = l
	}

	sla := sladesk.DefaultSLA(loc)
	if path != "" {
		var err error
		if sla, err = slafile.Load(path); err != nil {
			return sladesk.SLA{}, err
		}
		if loc != nil {
			sla.Location = loc
		}
	}
	if interval != "" {
		d, err := time.ParseDuration(interval)
		if err != nil || stats.ValidLength(d) != nil {
			return sladesk.SLA{}, usageErr("--interval %q: want 15m, 30m or 60m", interval)
		}
		sla.Interval = d
		if err := sla.Hours.Aligned(d); err != nil {
			return sladesk.SLA{}, usageErr("--interval %s: the SLA's opening hours %v", interval, err)
		}
	}
	return sla, nil
}

// checkRead fails when not one call was read:
// a report of nothing would look like a quiet day, and exit 0 would tell a
// script all is well.
func checkRead(res *readResult) error {
	var calls int64
	for _, in := range res.inputs {
		calls += in.Calls
	}
	if calls > 0 {
		return nil
	}
	if res.rejected.Count == 0 {
		return errors.New("the input holds no call")
	}
	return fmt.Errorf("no call could be read: all %d record(s) were rejected, the first: %v",
		res.rejected.Count, res.rejected.First[0])
}

// readResult is what reading every file gave.
type readResult struct {
	agg      *stats.Aggregator
	tracker  *staffed.Tracker // nil unless readOptions.staffing
	inputs   []report.Input
	rejected report.Rejected
}

// readOptions say how to read the files.
type readOptions struct {
	ingest   ingest.Options
	strict   bool // stop at the first rejected record
	progress bool // a progress bar on a terminal
	staffing bool // measure the agents at work
}

// readFiles reads the files concurrently, one aggregator each, and merges
// them in the order given so that the rejections shown are the first ones.
//
// BUG: the same call read twice (a file given twice, overlapping exports)
// is counted twice. The report keeps no set of call ids, since its memory
// must not grow with the calls; the import into a store, keyed by source
// and id, is where duplicates can be refused.
func readFiles(ctx context.Context, env *Env, paths []string, sla *sladesk.SLA,
	ro readOptions) (*readResult, error) {
	files := make([]*ingest.File, len(paths))
	// The agent events of each file, kept apart from its calls, which
	// may be read on several goroutines.
	events := make([]*staffed.Tracker, len(paths))
	for i, p := range paths {
		opts := ro.ingest
		if ro.staffing {
			t, err := staffed.NewTracker(sla.Location, sla.Interval)
			if err != nil {
				closeAll(files)
				return nil, err
			}
			events[i], opts.OnAgentEvent = t, t.AddEvent
		}
		f, err := ingest.Open(p, opts)
		if err != nil {
			closeAll(files)
			return nil, err
		}
		files[i] = f
	}
	defer closeAll(files)

	bar := startProgress(env, files, ro.progress)
	defer bar.stop()

	parts := make([]filePart, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			parts[i] = readFile(ctx, f, sla, ro)
		}()
	}
	wg.Wait()

	res := &readResult{}
	for i, p := range parts {
		if p.err != nil {
			return nil, p.err
		}
		if i == 0 {
			res.agg, res.tracker = p.agg, p.tracker
		} else {
			res.agg.Merge(p.agg)
			if p.tracker != nil {
				res.tracker.Merge(p.tracker)
			}
		}
		if events[i] != nil {
			res.tracker.Merge(events[i])
		}
		res.inputs = append(res.inputs, p.input)
		res.rejected.Count += p.rejected.Count
		for _, e := range p.rejected.First {
			if len(res.rejected.First) < report.MaxRejectedShown {
				res.rejected.First = append(res.rejected.First, e)
			}
		}
	}
	return res, nil
}

// filePart is what reading one file gave.
type filePart struct {
	agg      *stats.Aggregator
	tracker  *staffed.Tracker // nil unless staffing
	input    report.Input
	rejected report.Rejected
	err      error
}

// readFile reads one file: in parallel where its format allows, one
// aggregator per worker, merged at the end.
func readFile(ctx context.Context, f *ingest.File, sla *sladesk.SLA, ro readOptions) filePart {
	strict := ro.strict
	workers := 1
	if !strict {
		workers = f.Workers(runtime.GOMAXPROCS(0))
	}
	parts := make([]filePart, workers)
	for i := range parts {
		agg, err := stats.NewAggregator(sla.Location, sla.Interval)
		if err != nil {
			return filePart{err: err}
		}
		parts[i].agg = agg
		if ro.staffing {
			if parts[i].tracker, err = staffed.NewTracker(sla.Location, sla.Interval); err != nil {
				return filePart{err: err}
			}
		}
	}

	var err error
	if strict {
		_, err = ingest.ReadAll(ctx, f.Reader, true, parts[0].add, parts[0].reject)
	} else {
		err = f.ReadParallel(ctx, workers, func(w int) ingest.Sink {
			return ingest.Sink{Add: parts[w].add, Reject: parts[w].reject}
		})
	}
	p := mergeParts(parts)
	p.input.File, p.input.Format = f.Path, string(f.Format)
	p.input.NotQueued = f.NotQueued()
	p.input.Other = f.OtherLines()
	if err != nil {
		p.err = err
		if sladesk.AsRecordError(err) == nil {
			p.err = fmt.Errorf("%s: %w", f.Path, err)
		}
	}
	return p
}

func (p *filePart) add(c *sladesk.Call) {
	p.input.Calls++
	if c.Outcome == sladesk.Ignored {
		p.input.Ignored++
	}
	p.agg.Add(c)
	if p.tracker != nil {
		p.tracker.AddCall(c)
	}
}

func (p *filePart) reject(e *sladesk.RecordError) {
	p.input.Rejected++
	p.rejected.Add(e)
}

// mergeParts merges the workers' results; the rejections kept are the
// first by line, as a sequential read would have kept.
func mergeParts(parts []filePart) filePart {
	out := parts[0]
	var first []*sladesk.RecordError
	first = append(first, out.rejected.First...)
	for _, p := range parts[1:] {
		out.agg.Merge(p.agg)
		if out.tracker != nil {
			out.tracker.Merge(p.tracker)
		}
		out.input.Calls += p.input.Calls
		out.input.Ignored += p.input.Ignored
		out.input.Rejected += p.input.Rejected
		out.rejected.Count += p.rejected.Count
		first = append(first, p.rejected.First...)
	}
	slices.SortStableFunc(first, func(a, b *sladesk.RecordError) int { return cmp.Compare(a.Line, b.Line) })
	out.rejected.First = first[:min(len(first), report.MaxRejectedShown)]
	return out
}

func closeAll(files []*ingest.File) {
	for _, f := range files {
		if f != nil {
			f.Close()
		}
	}
}

// readStore reads the interval statistics of a tenant's calls from the
// store, regrouped into the SLA's intervals. The store keeps no agent
// events yet, so the report from it has no staffing.
func readStore(ctx context.Context, f *storeFlags, sla *sladesk.SLA) (*readResult, error) {
	st, err := f.open(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	ivs, err := st.Intervals(ctx, f.tenant, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	agg, err := stats.NewAggregator(sla.Location, sla.Interval)
	if err != nil {
		return nil, err
	}
	in := report.Input{File: "store", Format: "store"}
	for _, iv := range ivs {
		agg.AddInterval(iv)
		in.Calls += iv.Offered() + iv.Count(sladesk.Ignored)
		in.Ignored += iv.Count(sladesk.Ignored)
	}
	return &readResult{agg: agg, inputs: []report.Input{in}}, nil
}
