package store

import (
	"context"
	"database/sql"
	"testing"
)

// benchCalls is the size of one benchmark import: a day of a mid-sized
// centre.
const benchCalls = 20000

// BenchmarkImport imports benchCalls calls in batches of 5,000, as sladesk
// import does, into a new SQLite file (and PostgreSQL schema when the
// suite's variable names one); ns/op is the whole import, calls/s the rate.
func BenchmarkImport(b *testing.B) {
	calls := someCalls("bench", benchCalls, 9)
	for name, s := range stores(b) {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				tenant := "t" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
				for start := 0; start < len(calls); start += 5000 {
					if _, err := s.Import(ctx, tenant, calls[start:min(start+5000, len(calls))]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(benchCalls*b.N)/b.Elapsed().Seconds(), "calls/s")
		})
	}
}

// BenchmarkRawInsert inserts the same rows into a bare table of the same
// columns, through the same driver and batches, with no conflict check
// and no statistics: the floor an import is measured against.
func BenchmarkRawInsert(b *testing.B) {
	calls := someCalls("bench", benchCalls, 9)
	for name, s := range stores(b) {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			if _, err := s.db.ExecContext(ctx, `CREATE TABLE raw_calls (tenant TEXT, source TEXT, id TEXT,
				contact_id TEXT, queue TEXT, arrived_ns BIGINT, answered_ns BIGINT, ended_ns BIGINT,
				outcome SMALLINT, ending SMALLINT, agent TEXT, customer TEXT, wait_ns BIGINT, talk_ns BIGINT,
				hold_ns BIGINT, wrap_ns BIGINT)`); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				for start := 0; start < len(calls); start += 5000 {
					var rows [][]any
					for _, c := range calls[start:min(start+5000, len(calls))] {
						rows = append(rows, []any{"t", c.Source, c.ID, c.ContactID, c.Queue, unixNano(c.Arrived),
							unixNano(c.AnsweredAt), unixNano(c.Ended), int(c.Outcome), int(c.Ending), c.Agent,
							c.Customer, int64(c.Wait), int64(c.Talk), int64(c.Hold), int64(c.Wrap)})
					}
					// The same statements as Import's, many rows each.
					err := s.inTx(ctx, func(tx *sql.Tx) error {
						stmts := s.newStmts(ctx, tx)
						defer stmts.close()
						return stmts.upsert("INSERT INTO raw_calls VALUES ", "", rows)
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(benchCalls*b.N)/b.Elapsed().Seconds(), "calls/s")
		})
	}
}
