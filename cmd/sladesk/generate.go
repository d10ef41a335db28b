package main

import (
	"bufio"
	"context"
	"fmt"
	"os"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/csvcalls"
	"github.com/sladesk/sladesk/queuelog"
	"github.com/sladesk/sladesk/simulate"
)

// callWriter is what both output formats offer.
type callWriter interface {
	Write(sladesk.Call) error
	Flush() error
}

func runGenerate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "generate", "generate [--calls N] [--format csv|queue_log] [--seed S] [--out FILE]")
	calls := fs.Int("calls", 100000, "expected `number` of calls (the simulation draws around it)")
	format := fs.String("format", "csv", "output `format`: csv (sladesk's own layout) or queue_log")
	seed := fs.Uint64("seed", 1, "random `seed`")
	out := fs.String("out", "-", "output `file`; - for standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("generate takes no file names; write to a file with --out")
	}
	if *calls <= 0 || *calls > 1_000_000_000 {
		return usageErr("--calls must be between 1 and 1,000,000,000")
	}

	w := env.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var cw callWriter
	switch *format {
	case "csv":
		cw = csvcalls.NewWriter(bw)
	case "queue_log":
		cw = queuelog.NewWriter(bw)
	default:
		return usageErr("unknown --format %q (want csv or queue_log)", *format)
	}

	cfg := simulate.Bulk(*calls)
	cfg.Seed = *seed
	n := 0
	err := simulate.Run(cfg, func(c sladesk.Call) error {
		n++
		if n&65535 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		return cw.Write(c)
	})
	if err != nil {
		return fmt.Errorf("simulate: %w", err)
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "wrote %d calls\n", n)
	return nil
}
