package server

import (
	"context"
	"errors"
	"fmt"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/ingest"
	"github.com/sladesk/sladesk/report"
	"github.com/sladesk/sladesk/store"
)

// ImportBatch is the number of calls imported in one transaction: large
// enough that a transaction's cost is spread thin, small enough that a
// crash loses little work, which the next import redoes.
const ImportBatch = 5000

// Import reads an open call-record file into the store as tenant's calls
// of source, in transactions of ImportBatch calls. Records that cannot be
// read are counted and the first kept; with strict, a file with such a
// record imports nothing, its calls being held until the file has been
// read to its end.
func Import(ctx context.Context, st *store.Store, tenant, source string, f *ingest.File,
	strict bool) (store.ImportResult, report.Rejected, error) {
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
		cp := *c // the reader reuses c
		cp.Source = source
		batch = append(batch, &cp)
		if !strict && len(batch) >= ImportBatch {
			flush()
		}
	}
	_, err := ingest.ReadAll(ctx, f.Reader, strict, add, rejected.Add)
	if strict && err != nil {
		return store.ImportResult{}, rejected, fmt.Errorf("%s: nothing imported: %w", f.Path, err)
	}
	if err != nil && sladesk.AsRecordError(err) == nil && !errors.Is(err, ingest.ErrStrict) {
		flush()
		return res, rejected, fmt.Errorf("%s: %w (the calls before it were imported)", f.Path, err)
	}
	flush()
	return res, rejected, importErr
}
