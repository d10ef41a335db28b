package csvcalls

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

func TestWriterRoundTrip(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	at := time.Date(2024, 10, 27, 1, 30, 0, 0, london) // the repeated hour
	calls := []sladesk.Call{
		{ID: "A", ContactID: "K", Queue: "sales", Arrived: at, AnsweredAt: at.Add(18 * time.Second),
			Ended: at.Add(5*time.Minute + sec(1.5)), Outcome: sladesk.Answered, Agent: "ag1", Customer: "+44",
			Wait: 18 * time.Second, Talk: 282 * time.Second, Hold: sec(1.5), Wrap: 30*time.Second + 1},
		{ID: "B", ContactID: "B", Queue: `queue, "EU"`, Arrived: at.Add(time.Hour).Add(123456789),
			Outcome: sladesk.Abandoned, Wait: sec(7.25), Customer: "line, \"quoted\""},
		{ID: "C", ContactID: "C", Queue: "q", Arrived: time.Date(2024, 5, 2, 10, 0, 0, 0, time.FixedZone("IST", 19800)),
			AnsweredAt: time.Date(2024, 5, 2, 10, 0, 1, 0, time.FixedZone("IST", 19800)),
			Outcome:    sladesk.Answered, Wait: time.Second},
	}
	checkRoundTrip(t, calls)
}

// TestWriterRoundTripRandom writes and reads back random valid calls.
func TestWriterRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	text := func() string {
		const alphabet = `ab ,"'` + ";x"
		b := make([]byte, rng.IntN(6))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	var calls []sladesk.Call
	for i := range 2000 {
		arrived := time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(time.FixedZone("", (rng.IntN(56)-24)*900))
		c := sladesk.Call{ID: "id" + text() + string(rune('a'+i%26)), Queue: strings.TrimSpace("q" + text()), Arrived: arrived,
			Customer: text(), Wait: time.Duration(rng.Int64N(1e12)), Hold: time.Duration(rng.Int64N(1e12))}
		c.ContactID = c.ID
		switch rng.IntN(3) {
		case 0:
			c.Outcome, c.AnsweredAt, c.Agent = sladesk.Answered, arrived.Add(c.Wait), "ag"+text()
			c.Talk = time.Duration(rng.Int64N(1e12))
			c.Ended = c.AnsweredAt.Add(c.Talk + c.Hold)
		case 1:
			c.Outcome, c.Ended = sladesk.Timeout, arrived.Add(c.Wait)
		default:
			c.Outcome = sladesk.Transferred
		}
		calls = append(calls, c)
	}
	checkRoundTrip(t, calls)
}

func checkRoundTrip(t *testing.T, calls []sladesk.Call) {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, c := range calls {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !Detect(buf.Bytes()) {
		t.Fatalf("Detect does not recognise the output:\n%.200s", buf.String())
	}
	res := mustRead(t, NativeMapping(), buf.String())
	if len(res.rejects) > 0 || len(res.calls) != len(calls) {
		t.Fatalf("read back %d calls of %d, rejects %v", len(res.calls), len(calls), res.rejects)
	}
	for i, got := range res.calls {
		want := calls[i]
		want.Source, want.Line = "test.csv", got.Line
		for _, t := range []*time.Time{&want.Arrived, &want.AnsweredAt, &want.Ended} {
			if _, off := t.Zone(); off%60 != 0 {
				*t = t.UTC() // RFC 3339 has no seconds in offsets; the writer uses UTC
			}
		}
		if !sameCall(got, want) {
			t.Errorf("call %d:\ngot  %+v\nwant %+v", i, got, want)
		}
	}
}

func TestWriterRejects(t *testing.T) {
	at := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	ok := sladesk.Call{ID: "A", Queue: "q", Arrived: at, Outcome: sladesk.Abandoned, Ended: at.Add(time.Second), Wait: time.Second}
	tests := []struct {
		name   string
		change func(*sladesk.Call)
		field  string
	}{
		{"empty id", func(c *sladesk.Call) { c.ID = "" }, "call_id"},
		{"invalid call", func(c *sladesk.Call) { c.Queue = "" }, "queue"},
		{"answer time on abandoned", func(c *sladesk.Call) { c.AnsweredAt = at }, "answered"},
		{"agent on abandoned", func(c *sladesk.Call) { c.Agent = "ag" }, "agent"},
		{"year out of range", func(c *sladesk.Call) {
			c.Arrived = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			c.Ended = c.Arrived.Add(time.Second)
		}, "arrival"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			err := NewWriter(&bytes.Buffer{}).Write(c)
			re := sladesk.AsRecordError(err)
			if re == nil || re.Field != tt.field {
				t.Fatalf("err = %v, want a RecordError on %s", err, tt.field)
			}
		})
	}
}

func TestWriterFlushError(t *testing.T) {
	boom := errors.New("disk full")
	w := NewWriter(failWriter{boom})
	at := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	if err := w.Write(sladesk.Call{ID: "A", Queue: "q", Arrived: at, Outcome: sladesk.Abandoned, Wait: time.Second}); err != nil {
		t.Fatal(err) // buffered
	}
	if err := w.Flush(); !errors.Is(err, boom) {
		t.Fatalf("Flush = %v, want %v", err, boom)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"header and rows", NativeHeader + "\nA,A,q,...", true},
		{"CRLF", NativeHeader + "\r\n", true},
		{"header only", NativeHeader, true},
		{"byte order mark", "\ufeff" + NativeHeader + "\n", true},
		{"truncated header", NativeHeader[:40], false},
		{"extra column", NativeHeader + ",notes\n", false},
		{"other layout", "uniqueid,dstchannel,start,answer,end,billsec,disposition\n", false},
		{"semicolons", strings.ReplaceAll(NativeHeader, ",", ";") + "\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := Detect([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}
