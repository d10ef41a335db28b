package csvcalls

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

// nativeFile writes n calls in the native layout: 12 queues, 300 agents,
// about one call in eight abandoned, waits and handle times drawn from a
// seeded source so that every run measures the same bytes.
func nativeFile(tb testing.TB, n int) []byte {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	zone := time.FixedZone("", 3600)
	start := time.Date(2024, 5, 2, 8, 0, 0, 0, zone)
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for i := range n {
		arrived := start.Add(time.Duration(i) * 250 * time.Millisecond)
		c := sladesk.Call{
			ID:       fmt.Sprintf("C%09d", i),
			Queue:    fmt.Sprintf("queue-%02d", rng.IntN(12)),
			Arrived:  arrived,
			Customer: fmt.Sprintf("+4420%08d", rng.IntN(1e8)),
			Wait:     time.Duration(rng.IntN(120)) * time.Second,
		}
		c.ContactID = c.ID
		if rng.IntN(8) == 0 {
			c.Outcome, c.Ended = sladesk.Abandoned, arrived.Add(c.Wait)
		} else {
			c.Outcome, c.AnsweredAt = sladesk.Answered, arrived.Add(c.Wait)
			c.Agent = fmt.Sprintf("agent-%03d", rng.IntN(300))
			c.Talk = time.Duration(30+rng.IntN(600)) * time.Second
			c.Wrap = time.Duration(rng.IntN(60)) * time.Second
			c.Ended = c.AnsweredAt.Add(c.Talk)
		}
		if err := w.Write(c); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReaderNative reads the native layout, the path the project
// compares with DuckDB on 10 million rows. It reports bytes per second
// (SetBytes) and rows per second.
func BenchmarkReaderNative(b *testing.B) { benchmarkNative(b, false) }

// BenchmarkReaderNativeCountOnly is the reader as the report uses it:
// no ids, customers or agents.
func BenchmarkReaderNativeCountOnly(b *testing.B) { benchmarkNative(b, true) }

func benchmarkNative(b *testing.B, countOnly bool) {
	const rows = 200_000
	data := nativeFile(b, rows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), NativeMapping(), "bench.csv")
		if err != nil {
			b.Fatal(err)
		}
		r.SkipIdentity = countOnly
		n := 0
		for {
			_, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != rows {
			b.Fatalf("read %d rows, want %d", n, rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkParseStamp measures the hand-written RFC 3339 parser against
// time.Parse on the same text.
func BenchmarkParseStamp(b *testing.B) {
	text := []byte("2024-05-02T10:00:18.250+01:00")
	b.Run("fast", func(b *testing.B) {
		var dates dateCache
		for b.Loop() {
			if _, ok := parseStamp(text, &dates); !ok {
				b.Fatal("not parsed")
			}
		}
	})
	b.Run("time.Parse", func(b *testing.B) {
		s := string(text)
		for b.Loop() {
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
