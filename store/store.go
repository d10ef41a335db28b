// Package store keeps call records and their interval statistics in a
// database: SQLite in a file (modernc.org/sqlite, pure Go, the embedded
// default) or PostgreSQL (jackc/pgx), behind one Store.
//
// Calls are keyed by tenant, source and id: importing a file again, or
// exports that overlap, adds each call once. The interval statistics of
// the calls added are updated in the same transaction as the calls, in
// 15-minute buckets of UTC, so a crash leaves either both or neither, and
// a report over a year reads the statistics, not the calls.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/stats"
)

// Bucket is the length of the stored statistics' buckets. Every UTC offset
// in use is a whole number of quarter-hours, so each local interval of 15,
// 30 or 60 minutes is a union of buckets.
const Bucket = 15 * time.Minute

// ErrInvalid is returned, wrapped, for arguments out of range.
var ErrInvalid = errors.New("store: invalid")

// Store is a database of call records and interval statistics.
type Store struct {
	db      *sql.DB
	dialect dialect
}

// ImportResult counts what one Import did.
type ImportResult struct {
	// Added calls were new; Known ones were there already (the same
	// source and id) and changed nothing.
	Added, Known int
}

// Open opens the store at url and brings its schema up to date:
// "postgres://..." or "postgresql://..." is a PostgreSQL database, anything
// else an SQLite file (a "sqlite:" prefix is optional).
func Open(ctx context.Context, url string) (*Store, error) {
	d := sqliteDialect
	driver, dsn := "sqlite", strings.TrimPrefix(url, "sqlite:")
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		d, driver, dsn = postgresDialect, "pgx", url
	} else if scheme, _, ok := strings.Cut(url, "://"); ok {
		return nil, fmt.Errorf("%w: database URL scheme %q: want postgres:// or an SQLite file", ErrInvalid,
			scheme)
	} else {
		// One writer at a time, and a busy writer waited for rather than
		// failed: SQLite's own locking, made explicit.
		dsn = "file:" + dsn + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", redact(url), err)
	}
	if d == sqliteDialect {
		db.SetMaxOpenConns(1)
	}
	s := &Store{db: db, dialect: d}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Import adds the calls of tenant that the store does not hold yet, and
// their statistics, in one transaction. Calls already held (the same
// source and id) are left as they are and counted as known.
func (s *Store) Import(ctx context.Context, tenant string, calls []*sladesk.Call) (ImportResult, error) {
	if tenant == "" {
		return ImportResult{}, fmt.Errorf("%w: empty tenant", ErrInvalid)
	}
	for _, c := range calls {
		if c.Source == "" || c.ID == "" {
			return ImportResult{}, fmt.Errorf("%w: call without a source and id (%s:%d)", ErrInvalid, c.Source,
				c.Line)
		}
	}
	var res ImportResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		stmts := s.newStmts(ctx, tx)
		defer stmts.close()
		agg, err := stats.NewAggregator(time.UTC, Bucket)
		if err != nil {
			return err
		}
		// Many rows to a statement: one round trip, one parse, for a
		// chunk of calls; the rows a conflict skipped are the ones not
		// returned.
		for start := 0; start < len(calls); start += rowsPerInsert {
			chunk := calls[start:min(start+rowsPerInsert, len(calls))]
			args := make([]any, 0, len(chunk)*16)
			for _, c := range chunk {
				args = append(args, tenant, c.Source, c.ID, c.ContactID, c.Queue, unixNano(c.Arrived),
					unixNano(c.AnsweredAt), unixNano(c.Ended), int(c.Outcome), int(c.Ending), c.Agent,
					c.Customer, int64(c.Wait), int64(c.Talk), int64(c.Hold), int64(c.Wrap))
			}
			query := `INSERT INTO calls (tenant, source, id, contact_id, queue, arrived_ns,
				answered_ns, ended_ns, outcome, ending, agent, customer, wait_ns, talk_ns, hold_ns, wrap_ns)
				VALUES ` + placeholders(len(chunk), 16) + `
				ON CONFLICT (tenant, source, id) DO NOTHING RETURNING source, id`
			st, err := stmts.get(query)
			if err != nil {
				return fmt.Errorf("store: insert calls: %w", err)
			}
			rows, err := st.QueryContext(ctx, args...)
			if err != nil {
				return fmt.Errorf("store: insert calls: %w", err)
			}
			added := make(map[[2]string]bool, len(chunk))
			for rows.Next() {
				var k [2]string
				if err := rows.Scan(&k[0], &k[1]); err != nil {
					rows.Close()
					return fmt.Errorf("store: insert calls: %w", err)
				}
				added[k] = true
			}
			if err := closeRows(rows); err != nil {
				return err
			}
			for _, c := range chunk {
				k := [2]string{c.Source, c.ID}
				if added[k] {
					delete(added, k) // a call repeated within the batch counts once
					res.Added++
					agg.Add(c)
				} else {
					res.Known++
				}
			}
		}
		return s.addIntervals(stmts, tenant, agg.Intervals())
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// rowsPerInsert is the number of rows one INSERT carries: 16 columns a
// call keep it far below the bound parameters either database allows.
const rowsPerInsert = 200

// placeholders returns "(?, ?), (?, ?)" for rows rows of cols columns.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// addIntervals adds interval statistics to the stored ones.
func (s *Store) addIntervals(stmts *stmts, tenant string, ivs []*stats.Interval) error {
	var sums, waits [][]any
	for _, iv := range ivs {
		bucket := iv.Start.Unix()
		for o := range sladesk.NumOutcomes {
			h := &iv.Waits[o]
			if h.Count() == 0 {
				continue
			}
			var talk, hold, wrap time.Duration
			if sladesk.Outcome(o) == sladesk.Answered {
				talk, hold, wrap = iv.Talk, iv.Hold, iv.Wrap
			}
			sums = append(sums, []any{tenant, iv.Queue, bucket, o, int64(iv.WaitSum[o]),
				h.Max() * int64(time.Second), int64(talk), int64(hold), int64(wrap)})
			for _, b := range h.Bins() {
				waits = append(waits, []any{tenant, iv.Queue, bucket, o, b.Seconds, b.Count})
			}
		}
	}
	err := stmts.upsert(`INSERT INTO interval_sums
		(tenant, queue, bucket, outcome, wait_ns, longest_wait_ns, talk_ns, hold_ns, wrap_ns) VALUES `,
		`ON CONFLICT (tenant, queue, bucket, outcome) DO UPDATE SET
			wait_ns = interval_sums.wait_ns + excluded.wait_ns,
			longest_wait_ns = CASE WHEN excluded.longest_wait_ns > interval_sums.longest_wait_ns
				THEN excluded.longest_wait_ns ELSE interval_sums.longest_wait_ns END,
			talk_ns = interval_sums.talk_ns + excluded.talk_ns,
			hold_ns = interval_sums.hold_ns + excluded.hold_ns,
			wrap_ns = interval_sums.wrap_ns + excluded.wrap_ns`, sums)
	if err != nil {
		return fmt.Errorf("store: interval sums: %w", err)
	}
	err = stmts.upsert(`INSERT INTO interval_waits (tenant, queue, bucket, outcome, wait_s, calls) VALUES `,
		`ON CONFLICT (tenant, queue, bucket, outcome, wait_s)
		DO UPDATE SET calls = interval_waits.calls + excluded.calls`, waits)
	if err != nil {
		return fmt.Errorf("store: interval waits: %w", err)
	}
	return nil
}

// stmts are the prepared statements of one transaction, by query: the
// statement of a full chunk of rows is the same for every chunk, and
// preparing it once spares a parse of hundreds of placeholders a chunk.
type stmts struct {
	ctx context.Context
	tx  *sql.Tx
	d   dialect
	m   map[string]*sql.Stmt
}

func (s *Store) newStmts(ctx context.Context, tx *sql.Tx) *stmts {
	return &stmts{ctx: ctx, tx: tx, d: s.dialect, m: make(map[string]*sql.Stmt)}
}

// get returns the prepared statement of query (written with ?).
func (p *stmts) get(query string) (*sql.Stmt, error) {
	if st := p.m[query]; st != nil {
		return st, nil
	}
	st, err := p.tx.PrepareContext(p.ctx, p.d.rebind(query))
	if err != nil {
		return nil, err
	}
	p.m[query] = st
	return st, nil
}

func (p *stmts) close() {
	for _, st := range p.m {
		st.Close()
	}
}

// upsert runs insert VALUES ... conflict for rows, many to a statement.
// The rows' keys are distinct (they come from one aggregation), as
// PostgreSQL requires of one statement's upserts.
func (p *stmts) upsert(insert, conflict string, rows [][]any) error {
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		var args []any
		for _, r := range chunk {
			args = append(args, r...)
		}
		st, err := p.get(insert + placeholders(len(chunk), len(chunk[0])) + " " + conflict)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(p.ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// Scope is what a query may see: a tenant's data, and of it only the
// queues listed when Queues is not nil (a vendor's). Queries take it in
// the store, so that no handler can forget it.
type Scope struct {
	Tenant string
	Queues []string // nil: every queue of the tenant
}

// where returns the scope's condition and arguments.
func (sc Scope) where() (string, []any) {
	cond, args := "tenant = ?", []any{sc.Tenant}
	if sc.Queues != nil {
		if len(sc.Queues) == 0 {
			return cond + " AND 1 = 0", args
		}
		cond += " AND queue IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(sc.Queues)), ", ") + ")"
		for _, q := range sc.Queues {
			args = append(args, q)
		}
	}
	return cond, args
}

// Intervals returns tenant's statistics per queue and 15-minute bucket
// starting in [from, to), ordered by queue then start. A zero bound is
// open.
func (s *Store) Intervals(ctx context.Context, tenant string, from, to time.Time) ([]*stats.Interval, error) {
	return s.IntervalsIn(ctx, Scope{Tenant: tenant}, from, to)
}

// IntervalsIn is Intervals within a scope.
func (s *Store) IntervalsIn(ctx context.Context, sc Scope, from, to time.Time) ([]*stats.Interval, error) {
	scope, scopeArgs := sc.where()
	lo, hi := int64(-1<<62), int64(1<<62)
	if !from.IsZero() {
		lo = from.Unix()
	}
	if !to.IsZero() {
		hi = to.Unix()
	}
	byKey := make(map[bucketKey]*stats.Interval)
	var order []bucketKey
	get := func(queue string, bucket int64) *stats.Interval {
		k := bucketKey{queue, bucket}
		iv := byKey[k]
		if iv == nil {
			iv = &stats.Interval{Queue: queue, Start: time.Unix(bucket, 0).UTC(), Length: Bucket}
			byKey[k] = iv
			order = append(order, k)
		}
		return iv
	}

	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT queue, bucket, outcome, wait_ns,
		longest_wait_ns, talk_ns, hold_ns, wrap_ns FROM interval_sums
		WHERE `+scope+` AND bucket >= ? AND bucket < ? ORDER BY queue, bucket, outcome`),
		append(scopeArgs, lo, hi)...)
	if err != nil {
		return nil, fmt.Errorf("store: intervals: %w", err)
	}
	for rows.Next() {
		var queue string
		var bucket, wait, longest, talk, hold, wrap int64
		var o int
		if err := rows.Scan(&queue, &bucket, &o, &wait, &longest, &talk, &hold, &wrap); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: intervals: %w", err)
		}
		if o < 0 || o >= sladesk.NumOutcomes {
			rows.Close()
			return nil, fmt.Errorf("store: intervals: outcome %d out of range", o)
		}
		iv := get(queue, bucket)
		iv.WaitSum[o] += time.Duration(wait)
		if sladesk.Outcome(o) != sladesk.Ignored {
			iv.LongestWait = max(iv.LongestWait, time.Duration(longest))
		}
		iv.Talk += time.Duration(talk)
		iv.Hold += time.Duration(hold)
		iv.Wrap += time.Duration(wrap)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = s.db.QueryContext(ctx, s.dialect.rebind(`SELECT queue, bucket, outcome, wait_s, calls
		FROM interval_waits WHERE `+scope+` AND bucket >= ? AND bucket < ?`), append(scopeArgs, lo, hi)...)
	if err != nil {
		return nil, fmt.Errorf("store: intervals: %w", err)
	}
	for rows.Next() {
		var queue string
		var bucket, wait, calls int64
		var o int
		if err := rows.Scan(&queue, &bucket, &o, &wait, &calls); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: intervals: %w", err)
		}
		if o < 0 || o >= sladesk.NumOutcomes {
			rows.Close()
			return nil, fmt.Errorf("store: intervals: outcome %d out of range", o)
		}
		get(queue, bucket).Waits[o].AddN(wait, calls)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	out := make([]*stats.Interval, len(order))
	for i, k := range order {
		out[i] = byKey[k]
	}
	return out, nil
}

// Calls returns the number of tenant's calls held.
func (s *Store) Calls(ctx context.Context, tenant string) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM calls WHERE tenant = ?`),
		tenant).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count calls: %w", err)
	}
	return n, nil
}

type bucketKey struct {
	queue  string
	bucket int64
}

// closeRows closes rows and returns the error of the iteration, if any.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// inTx runs f in a transaction, committed when f returns nil.
func (s *Store) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// unixNano returns t in Unix nanoseconds, 0 for the zero time.
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// redact hides the password of a database URL in messages.
func redact(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return url
	}
	creds, host, ok := strings.Cut(rest, "@")
	if !ok {
		return url
	}
	user, _, _ := strings.Cut(creds, ":")
	return scheme + "://" + user + ":***@" + host
}
