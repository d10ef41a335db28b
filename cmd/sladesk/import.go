package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sladesk/sladesk/ingest"
	"github.com/sladesk/sladesk/report"
	"github.com/sladesk/sladesk/server"
	"github.com/sladesk/sladesk/store"
)

// storeFlags name the store of import, and of report --data/--db.
type storeFlags struct {
	data   string
	db     string
	tenant string
}

func (f *storeFlags) register(fs interface {
	StringVar(p *string, name, value, usage string)
}) {
	f.tenant = "default"
	fs.StringVar(&f.data, "data", "", "`directory` of the embedded store (SQLite file sladesk.db); "+
		"default ./sladesk-data unless --db")
	fs.StringVar(&f.db, "db", "", "database `URL` of the store: postgres://... for PostgreSQL")
	fs.StringVar(&f.tenant, "tenant", "default", "`tenant` (the client company) the calls belong to")
}

// open opens the store the flags name, creating the data directory.
func (f *storeFlags) open(ctx context.Context) (*store.Store, error) {
	if f.data != "" && f.db != "" {
		return nil, usageErr("give --data or --db, not both")
	}
	url := f.db
	if url == "" {
		dir := f.data
		if dir == "" {
			dir = "sladesk-data"
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		url = filepath.Join(dir, "sladesk.db")
	}
	return store.Open(ctx, url)
}

func runImport(ctx context.Context, env *Env, args []string) error {
	var sf storeFlags
	var input inputFlags
	fs := newFlagSet(env, "import", "import --source NAME [--data DIR | --db URL] [--tenant T] [--strict] "+
		"FILE...")
	sf.register(fs)
	source := fs.String("source", "", "`name` of the system the files come from (a vendor's PBX, a CDR "+
		"export), which with each call's id identifies the call; required")
	strict := fs.Bool("strict", false, "import nothing from a file with a record that cannot be read")
	progress := fs.Bool("progress", true, "show a progress bar on stderr when it is a terminal")
	input.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("no call-record files given")
	}
	if sf.tenant == "" {
		return usageErr("--tenant must not be empty")
	}
	// A call is known by its source and id. Were the source the file's
	// name, a queue_log rotated to queue_log.1, or an export saved again
	// under another name, would count every call twice.
	if *source == "" {
		return usageErr("give --source, the system the records come from (such as northwind-pbx): " +
			"with each call's id it identifies the call, whatever the file is called")
	}
	opts, err := input.options()
	if err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	var total store.ImportResult
	for _, path := range fs.Args() {
		res, rejected, err := importFile(ctx, env, st, sf.tenant, *source, path, opts, *strict, *progress)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s: %d call(s) added, %d already held, %d record(s) rejected\n", path,
			res.Added, res.Known, rejected.Count)
		for _, e := range rejected.First {
			fmt.Fprintf(env.Stdout, "  %v\n", e)
		}
		total.Added += res.Added
		total.Known += res.Known
	}
	if len(fs.Args()) > 1 {
		fmt.Fprintf(env.Stdout, "in all: %d call(s) added, %d already held\n", total.Added, total.Known)
	}
	return nil
}

// importFile imports one file, with a progress bar on a terminal.
func importFile(ctx context.Context, env *Env, st *store.Store, tenant, source, path string,
	opts ingest.Options, strict, showProgress bool) (store.ImportResult, report.Rejected, error) {
	var bar *progress
	open := func() (*ingest.File, error) {
		f, err := ingest.Open(path, opts)
		if err != nil {
			return nil, err
		}
		if bar != nil {
			bar.stop()
		}
		bar = startProgress(env, []*ingest.File{f}, showProgress)
		return f, nil
	}
	defer func() {
		if bar != nil {
			bar.stop()
		}
	}()
	res, rejected, err := server.Import(ctx, st, tenant, source, opts, open, strict)
	if errors.Is(err, server.ErrNoCallID) {
		return res, rejected, usageErr("%s: %v", path, err)
	}
	return res, rejected, err
}
