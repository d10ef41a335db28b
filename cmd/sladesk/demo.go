package main

import (
	"context"
	"fmt"

	"github.com/sladesk/sladesk/demo"
)

func runDemo(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "demo", "demo [--dir DIR] [--format table|csv|json]")
	dir := fs.String("dir", "sladesk-demo", "`directory` to write the example files into")
	format := fs.String("format", "table", "output `format`: table, csv or json")
	seed := fs.Uint64("seed", 0, "random `seed` of the simulation (0: the example's own)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("demo takes no files")
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return usageErr("unknown --format %q (want table, csv or json)", *format)
	}

	files, err := demo.Write(*dir, *seed)
	if err != nil {
		return fmt.Errorf("write the example: %w", err)
	}
	fmt.Fprintf(env.Stderr, "wrote %s and %d call-record files into %s\n\n", files.SLA, len(files.Calls), *dir)

	reportArgs := append([]string{"--sla", files.SLA, "--format", *format}, files.Calls...)
	if err := runReport(ctx, env, reportArgs); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "\nthe same report again: go run ./cmd/sladesk report --sla %s %s %s\n",
		files.SLA, files.Calls[0], files.Calls[1])
	return nil
}
