// Command sladesk measures contact-center service levels from call records.
//
// Usage:
//
//	sladesk report [flags] FILE...   measure an SLA's objectives from call records
//	sladesk demo [flags]             write example data and report on it
//	sladesk generate [flags]         write simulated call records
//	sladesk staff [flags]            agents one interval needs
//
// Run "sladesk COMMAND --help" for a command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	_ "time/tzdata" // IANA zones even on machines without a zoneinfo database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes: 0 success, 1 the work failed (bad input, unreadable file),
// 2 the command line is wrong.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError is a mistake in the command line; Run points to --help.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usageErr returns a usage error.
func usageErr(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// Env is what a command runs with: its streams and whether stderr is a
// terminal (for progress bars).
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	StderrIsTTY    bool
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"report", "measure an SLA's objectives from call records", runReport},
		{"import", "keep call records in a store (SQLite file or PostgreSQL), each call once", runImport},
		{"token", "create, revoke and list the API tokens of a tenant", runToken},
		{"serve", "serve the JSON API over the store", runServe},
		{"demo", "write a week of example calls and an example SLA, and report on them", runDemo},
		{"generate", "write simulated call records (CSV or queue_log) for tests and benchmarks", runGenerate},
		{"staff", "agents needed (Erlang C and A): one interval, or a plan from volumes or call records",
			runStaff},
	}
}

// Run runs the sladesk command line with args (without the program name)
// and returns the exit code. It is main without the process around it, so
// tests run the whole program.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, StderrIsTTY: isTerminal(stderr)}
	if len(args) == 2 && args[0] == "help" {
		args = []string{args[1], "--help"} // sladesk help report
	}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		if wantsHelp(args[1:]) {
			env.Stderr = env.Stdout // asked for, help is output: sladesk help report | grep tz
		}
		err := c.run(ctx, env, args[1:])
		var ue *usageError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "sladesk %s: %v\nRun 'sladesk %s --help' for usage.\n", c.name, ue, c.name)
			return exitUsage
		default:
			fmt.Fprintf(stderr, "sladesk %s: %v\n", c.name, err)
			return exitError
		}
	}
	fmt.Fprintf(stderr, "sladesk: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// wantsHelp reports whether args ask for a command's help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "sladesk measures contact-center service levels from call records.")
	fmt.Fprintln(w, "\nUsage: sladesk COMMAND [flags] [FILE...]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sladesk COMMAND --help' for a command's flags.")
}

// newFlagSet returns a flag set that prints its usage to env.Stderr with
// a one-line synopsis.
func newFlagSet(env *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sladesk %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors. Flags may
// come after file names (sladesk report data.csv --format json), as people
// type them; "--" ends the flags.
//
// A flag that cannot be parsed is a one-line usage error: the flag package
// would print it and then every flag of the command, burying the line
// that matters under a hundred others.
func parseFlags(fs *flag.FlagSet, args []string) error {
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(out) }()

	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				usage()
				return err
			}
			return usageErr("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			files = append(files, rest...)
			break
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
	// Parse once more with the files alone, so that fs.Args returns them.
	return fs.Parse(append([]string{"--"}, files...))
}
