package server

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/ingest"
	"github.com/sladesk/sladesk/report"
	"github.com/sladesk/sladesk/store"
)

// ImportBatch is the number of calls imported in one transaction: large
// enough that a transaction's cost is spread thin, small enough that a
// crash loses little work, which the next import redoes, and that other
// writers of an SQLite store wait for little.
const ImportBatch = 5000

// ErrNoCallID is returned for CSV records mapped without an id column:
// their line numbers stand for ids, and two files of one source would
// have the same ones, so the store could not tell their calls apart.
var ErrNoCallID = errors.New("the CSV mapping names no call id column (--csv-id): " +
	"the store tells calls apart by their ids, and line numbers are no ids")

// Import reads a call-record file into the store as tenant's calls of
// source, in transactions of ImportBatch calls; open opens the file (it
// may be called twice). Records that cannot be read are counted and the
// first kept. With strict, the file is read through once first, and a
// file with a record that cannot be read imports nothing.
func Import(ctx context.Context, st *store.Store, tenant, source string, opts ingest.Options,
	open func() (*ingest.File, error), strict bool) (store.ImportResult, report.Rejected, error) {
	if opts.Mapping != nil && opts.Mapping.ID == "" && !opts.Mapping.IsNative() {
		return store.ImportResult{}, report.Rejected{}, ErrNoCallID
	}
	if strict {
		// A first pass that keeps nothing: the import itself then goes in
		// batches, as any other, instead of one transaction that would
		// hold the store for as long as a large file takes.
		f, err := open()
		if err != nil {
			return store.ImportResult{}, report.Rejected{}, err
		}
		var rejected report.Rejected
		_, err = ingest.ReadAll(ctx, f.Reader, true, func(c *sladesk.Call) {
			if e := checkText(c); e != nil {
				rejected.Add(e)
			}
		}, rejected.Add)
		f.Close()
		if err == nil && rejected.Count > 0 {
			err = fmt.Errorf("%w: %w", ingest.ErrStrict, rejected.First[0])
		}
		if err != nil {
			return store.ImportResult{}, rejected, fmt.Errorf("%s: nothing imported: %w", f.Path, err)
		}
	}

	f, err := open()
	if err != nil {
		return store.ImportResult{}, report.Rejected{}, err
	}
	defer f.Close()
	var res store.ImportResult
	var rejected report.Rejected
	var batch []*sladesk.Call
	var importErr error
	flush := func() {
		if importErr != nil || len(batch) == 0 {
			return
		}
		r, err := st.Import(ctx, tenant, batch)
		res.Added += r.Added
		res.Known += r.Known
		importErr = err
		batch = batch[:0]
	}
	add := func(c *sladesk.Call) {
		if e := checkText(c); e != nil {
			rejected.Add(e)
			return
		}
		cp := *c // the reader reuses c
		cp.Source = source
		batch = append(batch, &cp)
		if len(batch) >= ImportBatch {
			flush()
		}
	}
	_, err = ingest.ReadAll(ctx, f.Reader, false, add, rejected.Add)
	flush()
	if err != nil && sladesk.AsRecordError(err) == nil {
		return res, rejected, fmt.Errorf("%s: %w (the calls before it were imported)", f.Path, err)
	}
	return res, rejected, importErr
}

// checkText rejects a call whose identifying text is not valid UTF-8 or
// holds a NUL, which PostgreSQL cannot store; the caller's key and the
// agent's name are mended instead (invalid bytes become U+FFFD), since a
// queue_log written in Latin-1 is common and its calls are sound.
func checkText(c *sladesk.Call) *sladesk.RecordError {
	fields := []struct{ name, value string }{{"id", c.ID}, {"contact", c.ContactID}, {"queue", c.Queue}}
	for _, f := range fields {
		if !utf8.ValidString(f.value) || strings.ContainsRune(f.value, 0) {
			return &sladesk.RecordError{File: c.Source, Line: c.Line, Field: f.name,
				Reason: "not valid UTF-8 text"}
		}
	}
	c.Customer = mend(c.Customer)
	c.Agent = mend(c.Agent)
	return nil
}

// mend makes s valid UTF-8 without NUL.
func mend(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
