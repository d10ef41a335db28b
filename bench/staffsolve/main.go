// Command staffsolve times sladesk's Erlang C solves alone, for
// bench/pyworkforce.sh: it reads a volumes file (the columns of `sladesk
// staff --volumes`), turns every row into a staffing.Demand, and only then
// times the loop of staffing.Required over all rows, best of -runs. That
// is the work pyworkforce's side of the benchmark times (its solve loop,
// after its CSV is read), where the wall clock of `sladesk staff --volumes`
// also holds process start, CSV in and out, each row's unrounded need and
// a pooled plan per interval.
//
//	go run ./bench/staffsolve -out agents.csv volumes.csv
//
// It writes queue,start,agents per row, in the file's order, to -out, and
// one line of timing to stdout:
//
//	solves=96000 runs=3 seconds=0.022348 ns_per_solve=232.8
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/sladesk/sladesk/staffing"
)

func main() {
	period := flag.Duration("period", 15*time.Minute, "interval length of rows without length_minutes")
	sl := flag.Float64("sl", 0.8, "service-level target, a share")
	threshold := flag.Duration("threshold", 20*time.Second, "service-level answer time")
	runs := flag.Int("runs", 3, "timed runs of the loop; the fastest is reported")
	out := flag.String("out", "", "`file` for queue,start,agents per row (required)")
	flag.Parse()
	if flag.NArg() != 1 || *out == "" || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: staffsolve [-period 15m] [-sl 0.8] [-threshold 20s] [-runs 3] "+
			"-out FILE VOLUMES.csv")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out, *period, *runs,
		staffing.Targets{ServiceLevel: *sl, Threshold: threshold.Seconds()}); err != nil {
		fmt.Fprintln(os.Stderr, "staffsolve:", err)
		os.Exit(1)
	}
}

func run(volumes, out string, period time.Duration, runs int, t staffing.Targets) error {
	f, err := os.Open(volumes)
	if err != nil {
		return err
	}
	loads, rejected, err := staffing.ReadVolumes(f, volumes, period)
	f.Close()
	if err != nil {
		return err
	}
	// A rejected row would leave a gap in the comparison, row by row, with
	// the other side's output.
	if len(rejected) > 0 {
		return fmt.Errorf("%d rows rejected, the first: %v", len(rejected), rejected[0])
	}

	// Everything but the solves is done before the clock starts, as the
	// other side of the benchmark builds its arguments first.
	demands := make([]staffing.Demand, len(loads))
	for i, l := range loads {
		demands[i] = staffing.Demand{Calls: l.Calls, Interval: l.Length.Seconds(), AHT: l.AHT}
	}
	agents := make([]int, len(demands))

	// The fastest run is the one least disturbed by the rest of the
	// machine; later runs also find the code and data in cache, as a
	// long-running planner would.
	best := time.Duration(-1)
	for range runs {
		start := time.Now()
		for i, d := range demands {
			fig, err := staffing.Required(d, t)
			if err != nil {
				return fmt.Errorf("%s %s: %w", loads[i].Queue, loads[i].Start.Format(time.RFC3339), err)
			}
			// Keeping every answer also keeps the compiler from dropping
			// the call.
			agents[i] = fig.Agents
		}
		if el := time.Since(start); best < 0 || el < best {
			best = el
		}
	}

	if err := writeAgents(out, loads, agents); err != nil {
		return err
	}
	fmt.Printf("solves=%d runs=%d seconds=%.6f ns_per_solve=%.1f\n", len(demands), runs,
		best.Seconds(), float64(best.Nanoseconds())/float64(max(len(demands), 1)))
	return nil
}

// writeAgents writes queue,start,agents per load, the start formatted as
// `sladesk staff --format csv` formats it, so that rows of the two match by
// their text.
func writeAgents(path string, loads []staffing.IntervalLoad, agents []int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f) // quotes a queue name that holds a comma
	w.Write([]string{"queue", "start", "agents"})
	for i, l := range loads {
		w.Write([]string{l.Queue, l.Start.Format(time.RFC3339), strconv.Itoa(agents[i])})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
