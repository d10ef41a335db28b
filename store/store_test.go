package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/stats"
)

// postgresEnv names the PostgreSQL database the suite also runs against,
// such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable; .ci/run
// sets it. Each run works in a schema of its own, dropped at the end.
const postgresEnv = "SLADESK_TEST_POSTGRES"

// stores returns the stores to run the suite against: a new SQLite file,
// and PostgreSQL when postgresEnv names a database.
func stores(t testing.TB) map[string]*Store {
	t.Helper()
	ctx := context.Background()
	out := make(map[string]*Store)
	lite, err := Open(ctx, filepath.Join(t.TempDir(), "sladesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	out["sqlite"] = lite

	url := os.Getenv(postgresEnv)
	if url == "" {
		t.Logf("%s not set: the suite runs on SQLite only", postgresEnv)
		return out
	}
	schema := fmt.Sprintf("sladesk_test_%d_%d", os.Getpid(), rand.Int64())
	admin, err := Open(ctx, url)
	if err != nil {
		t.Fatalf("%s: %v", postgresEnv, err)
	}
	if _, err := admin.db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	sep := "?"
	if containsQuery(url) {
		sep = "&"
	}
	pg, err := Open(ctx, url+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	out["postgres"] = pg
	return out
}

func containsQuery(url string) bool {
	for _, r := range url {
		if r == '?' {
			return true
		}
	}
	return false
}

// someCalls returns n valid calls of source over two days: answered ones
// with talk, hold and wrap, abandoned and timed-out ones, in three queues.
func someCalls(source string, n int, seed uint64) []*sladesk.Call {
	rng := rand.New(rand.NewPCG(seed, 7))
	start := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	var out []*sladesk.Call
	for i := range n {
		arrived := start.Add(time.Duration(rng.Int64N(int64(48 * time.Hour))))
		wait := time.Duration(rng.Int64N(int64(200 * time.Second)))
		c := &sladesk.Call{Source: source, ID: fmt.Sprintf("%s-%d", source, i), ContactID: fmt.Sprintf("c%d", i),
			Queue: []string{"sales", "support", "billing"}[rng.IntN(3)], Arrived: arrived, Wait: wait,
			Customer: fmt.Sprintf("+44%08d", rng.IntN(1e8))}
		switch rng.IntN(5) {
		case 0:
			c.Outcome, c.Ended = sladesk.Abandoned, arrived.Add(wait)
		case 1:
			c.Outcome, c.Ended = sladesk.Timeout, arrived.Add(wait)
		default:
			c.Outcome, c.Ending, c.AnsweredAt = sladesk.Answered, sladesk.EndedByCaller, arrived.Add(wait)
			c.Agent = fmt.Sprintf("agent-%d", rng.IntN(20))
			c.Talk = time.Duration(30+rng.IntN(600)) * time.Second
			c.Hold = time.Duration(rng.IntN(60)) * time.Second
			c.Wrap = time.Duration(rng.IntN(90)) * time.Second
			c.Ended = c.AnsweredAt.Add(c.Talk + c.Hold)
		}
		out = append(out, c)
	}
	return out
}

// expected returns the 15-minute UTC statistics of calls, as the store
// should hold them.
func expected(t *testing.T, calls ...[]*sladesk.Call) []*stats.Interval {
	t.Helper()
	agg, err := stats.NewAggregator(time.UTC, Bucket)
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]bool)
	for _, cs := range calls {
		for _, c := range cs {
			if k := c.Source + "\x00" + c.ID; !seen[k] {
				seen[k] = true
				agg.Add(c)
			}
		}
	}
	return agg.Intervals()
}

// sameIntervals fails unless got and want hold the same statistics.
func sameIntervals(t *testing.T, got, want []*stats.Interval) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d intervals, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Queue != w.Queue || !g.Start.Equal(w.Start) || g.Length != w.Length ||
			g.WaitSum != w.WaitSum || g.LongestWait != ceilSecond(w.LongestWait) || g.Talk != w.Talk ||
			g.Hold != w.Hold || g.Wrap != w.Wrap {
			t.Fatalf("interval %d:\n got %s %s sums %v longest %v talk %v hold %v wrap %v\nwant %s %s sums %v "+
				"longest %v talk %v hold %v wrap %v", i, g.Queue, g.Start, g.WaitSum, g.LongestWait, g.Talk, g.Hold,
				g.Wrap, w.Queue, w.Start, w.WaitSum, w.LongestWait, w.Talk, w.Hold, w.Wrap)
		}
		for o := range g.Waits {
			if !reflect.DeepEqual(g.Waits[o].Bins(), w.Waits[o].Bins()) {
				t.Fatalf("interval %d %s %s outcome %v: waits %v, want %v", i, g.Queue, g.Start,
					sladesk.Outcome(o), g.Waits[o].Bins(), w.Waits[o].Bins())
			}
		}
	}
}

// ceilSecond rounds d up to a whole second: the store keeps the longest
// wait of an interval as the histogram does, in whole seconds rounded up.
func ceilSecond(d time.Duration) time.Duration {
	return time.Duration(sladesk.CeilSeconds(d)) * time.Second
}

func TestImportIdempotent(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			calls := someCalls("a.csv", 500, 1)
			res, err := s.Import(ctx, "acme", calls)
			if err != nil || res.Added != 500 || res.Known != 0 {
				t.Fatalf("first import: %+v, %v; want 500 added", res, err)
			}
			// The same file again changes nothing.
			res, err = s.Import(ctx, "acme", calls)
			if err != nil || res.Added != 0 || res.Known != 500 {
				t.Fatalf("second import: %+v, %v; want 500 known", res, err)
			}
			got, err := s.Intervals(ctx, "acme", time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			sameIntervals(t, got, expected(t, calls))
			if n, err := s.Calls(ctx, "acme"); err != nil || n != 500 {
				t.Errorf("Calls = %d, %v; want 500", n, err)
			}
		})
	}
}

// TestImportOverlapping imports two exports that share a day's calls:
// each call is counted once.
func TestImportOverlapping(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			all := someCalls("pbx", 600, 2)
			first, second := all[:400], all[200:]
			if _, err := s.Import(ctx, "acme", first); err != nil {
				t.Fatal(err)
			}
			res, err := s.Import(ctx, "acme", second)
			if err != nil || res.Added != 200 || res.Known != 200 {
				t.Fatalf("overlapping import: %+v, %v; want 200 added, 200 known", res, err)
			}
			got, err := s.Intervals(ctx, "acme", time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			sameIntervals(t, got, expected(t, all))
		})
	}
}

// TestImportAtomic: a batch that fails part-way leaves nothing of it.
func TestImportAtomic(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			good := someCalls("a", 50, 3)
			bad := append(someCalls("b", 50, 4), &sladesk.Call{Source: "b", Queue: "sales"}) // no id
			if _, err := s.Import(ctx, "acme", good); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Import(ctx, "acme", bad); !errors.Is(err, ErrInvalid) {
				t.Fatalf("bad batch: %v, want ErrInvalid", err)
			}
			got, err := s.Intervals(ctx, "acme", time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			sameIntervals(t, got, expected(t, good))
			// The failed batch imports in full once mended.
			res, err := s.Import(ctx, "acme", bad[:50])
			if err != nil || res.Added != 50 {
				t.Fatalf("mended batch: %+v, %v", res, err)
			}
		})
	}
}

// TestTenantsApart: one tenant's calls are not another's, though their
// sources and ids are the same.
func TestTenantsApart(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			a, b := someCalls("pbx", 100, 5), someCalls("pbx", 80, 6)
			if _, err := s.Import(ctx, "acme", a); err != nil {
				t.Fatal(err)
			}
			res, err := s.Import(ctx, "globex", b)
			if err != nil || res.Added != 80 {
				t.Fatalf("second tenant: %+v, %v; want 80 added", res, err)
			}
			got, err := s.Intervals(ctx, "globex", time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			sameIntervals(t, got, expected(t, b))
			if _, err := s.Import(ctx, "", a); !errors.Is(err, ErrInvalid) {
				t.Errorf("empty tenant: %v, want ErrInvalid", err)
			}
		})
	}
}

// TestIntervalsBounds reads one day of two.
func TestIntervalsBounds(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			calls := someCalls("pbx", 300, 7)
			if _, err := s.Import(ctx, "acme", calls); err != nil {
				t.Fatal(err)
			}
			day2 := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
			got, err := s.Intervals(ctx, "acme", day2, day2.AddDate(0, 0, 1))
			if err != nil {
				t.Fatal(err)
			}
			var want []*stats.Interval
			for _, iv := range expected(t, calls) {
				if !iv.Start.Before(day2) {
					want = append(want, iv)
				}
			}
			sameIntervals(t, got, want)
		})
	}
}

// TestReopen: the schema is migrated once, and what was stored stays.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sladesk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	calls := someCalls("pbx", 50, 8)
	if _, err := s.Import(ctx, "acme", calls); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Intervals(ctx, "acme", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	sameIntervals(t, got, expected(t, calls))
}

// TestImportRepeatWithinBatch: a call twice in one batch is added once.
func TestImportRepeatWithinBatch(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			calls := someCalls("pbx", 10, 10)
			batch := append(append([]*sladesk.Call{}, calls...), calls[3])
			res, err := s.Import(ctx, "acme", batch)
			if err != nil || res.Added != 10 || res.Known != 1 {
				t.Fatalf("Import = %+v, %v; want 10 added, 1 known", res, err)
			}
			got, err := s.Intervals(ctx, "acme", time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			sameIntervals(t, got, expected(t, calls))
		})
	}
}

// TestIntervalsScope: a scope of queues sees those queues alone, an empty
// one nothing.
func TestIntervalsScope(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			calls := someCalls("pbx", 300, 11)
			if _, err := s.Import(ctx, "acme", calls); err != nil {
				t.Fatal(err)
			}
			got, err := s.IntervalsIn(ctx, Scope{Tenant: "acme", Queues: []string{"sales", "billing"}},
				time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			var want []*stats.Interval
			for _, iv := range expected(t, calls) {
				if iv.Queue != "support" {
					want = append(want, iv)
				}
			}
			sameIntervals(t, got, want)
			none, err := s.IntervalsIn(ctx, Scope{Tenant: "acme", Queues: []string{}}, time.Time{}, time.Time{})
			if err != nil || len(none) != 0 {
				t.Errorf("empty scope: %d intervals, %v", len(none), err)
			}
		})
	}
}

// TestOpenURL: a URL of another database is refused, not taken for an
// SQLite file of that name.
func TestOpenURL(t *testing.T) {
	if _, err := Open(context.Background(), "mysql://root@localhost/test"); !errors.Is(err, ErrInvalid) {
		t.Errorf("mysql URL: %v, want ErrInvalid", err)
	}
}
