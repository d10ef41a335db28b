package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The shared cases of reading and reporting, run through the whole
// program: input file, command line, JSON out. Inputs are kept here in the
// test so that it runs without ../shared.

// reportJSON is the part of the JSON report the tests read.
type reportJSON struct {
	Intervals []struct {
		Queue                   string   `json:"queue"`
		Start                   string   `json:"start"`
		Offered                 int64    `json:"offered"`
		Answered                int64    `json:"answered"`
		Abandoned               int64    `json:"abandoned"`
		Timeout                 int64    `json:"timeout"`
		ExitEmpty               int64    `json:"exit_empty"`
		ExitKey                 int64    `json:"exit_key"`
		AnsweredWithinThreshold int64    `json:"answered_within_threshold"`
		WaitSecondsAnswered     float64  `json:"wait_seconds_answered"`
		WaitSecondsAbandoned    float64  `json:"wait_seconds_abandoned"`
		TalkSeconds             float64  `json:"talk_seconds"`
		ServiceLevel            *float64 `json:"service_level"`
		ASASeconds              *float64 `json:"asa_seconds"`
	} `json:"intervals"`
	Queues []struct {
		Queue     string  `json:"queue"`
		Offered   int64   `json:"offered"`
		Answered  int64   `json:"answered"`
		Abandoned int64   `json:"abandoned"`
		Timeout   int64   `json:"timeout"`
		ExitEmpty int64   `json:"exit_empty"`
		ExitKey   int64   `json:"exit_key"`
		Talk      float64 `json:"talk_seconds"`
		Wait      float64 `json:"wait_seconds_answered"`
	} `json:"queues"`
	Objectives []struct {
		Name   string   `json:"name"`
		Vendor string   `json:"vendor"`
		Queue  *string  `json:"queue"`
		Value  *float64 `json:"value"`
		Met    *bool    `json:"met"`
	} `json:"objectives"`
	Rejected struct {
		Count   int64 `json:"count"`
		Records []struct {
			File   string `json:"file"`
			Line   int    `json:"line"`
			Field  string `json:"field"`
			Reason string `json:"reason"`
		} `json:"records"`
	} `json:"rejected"`
}

// reportOn writes the files into a temporary directory, runs sladesk
// report with args on them and decodes the JSON.
func reportOn(t *testing.T, files map[string]string, args ...string) reportJSON {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if name == "sla.yaml" {
			args = append(args, "--sla", p)
			continue
		}
		paths = append(paths, p)
	}
	args = append(append([]string{"report", "--format", "json"}, args...), paths...)
	code, out, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, errOut)
	}
	var r reportJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, out)
	}
	return r
}

func objectiveValue(t *testing.T, r reportJSON, name string) float64 {
	t.Helper()
	for _, o := range r.Objectives {
		if o.Name == name && o.Queue == nil {
			if o.Value == nil {
				t.Fatalf("objective %q has no value", name)
			}
			return *o.Value
		}
	}
	t.Fatalf("no objective %q", name)
	return 0
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

const abandonKindsLog = `1710001000|1710001000.1|sales|NONE|ENTERQUEUE||5550111|1
1710001005|1710001000.1|sales|PJSIP/201|CONNECT|5|1710001000.2|4
1710001100|1710001100.3|sales|NONE|ENTERQUEUE||5550112|1
1710001108|1710001100.3|sales|NONE|ABANDON|1|1|8
1710001125|1710001000.1|sales|PJSIP/201|COMPLETECALLER|5|120|1
1710001200|1710001200.4|sales|NONE|ENTERQUEUE||5550113|1
1710001250|1710001200.4|sales|NONE|ABANDON|1|1|50
1710001300|1710001300.5|sales|NONE|ENTERQUEUE||5550114|1
1710001600|1710001300.5|sales|NONE|EXITWITHTIMEOUT|1|1|300
1710001700|1710001700.6|sales|NONE|ENTERQUEUE||5550115|1
1710001703|1710001700.6|sales|NONE|EXITEMPTY|1|1|3
1710001800|1710001800.7|sales|NONE|ENTERQUEUE||5550116|1
1710001825|1710001800.7|sales|NONE|EXITWITHKEY|1|1|1|25
`

// TestCaseQueueLogAbandonKinds is the shared case "which queue exits are
// abandons": offered 6, answered 1, caller abandons 2, timeouts 1, empty 1,
// key 1; abandon rate 2/6, or 3/6 counting timeouts; service level with
// abandons ignored 1/1; Asterisk's SL2 (1 + 2)/(1 + 4) = 60%.
func TestCaseQueueLogAbandonKinds(t *testing.T) {
	sla := `client: X
time_zone: UTC
interval: 60m
objectives:
  - {name: caller abandons, metric: abandon_rate, target: 5%, period: contract}
  - {name: with timeouts, metric: abandon_rate, target: 5%, abandons: [abandoned, timeout], period: contract}
  - {name: ignored, metric: service_level, threshold: 20s, target: 80%, definition: abandons_ignored, period: contract}
  - {name: sl2, metric: service_level, threshold: 20s, target: 80%, definition: asterisk_sl2, period: contract}
`
	r := reportOn(t, map[string]string{"queue_log": abandonKindsLog, "sla.yaml": sla})
	if len(r.Queues) != 1 {
		t.Fatalf("%d queues, want 1", len(r.Queues))
	}
	q := r.Queues[0]
	if q.Offered != 6 || q.Answered != 1 || q.Abandoned != 2 || q.Timeout != 1 || q.ExitEmpty != 1 ||
		q.ExitKey != 1 {
		t.Errorf("counts %+v, want offered 6, answered 1, abandoned 2, timeout 1, empty 1, key 1", q)
	}
	for name, want := range map[string]float64{"caller abandons": 2.0 / 6, "with timeouts": 3.0 / 6,
		"ignored": 1, "sl2": 0.6} {
		if got := objectiveValue(t, r, name); !near(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

// TestCaseQueueLogTransfer is the shared case "an attended transfer into a
// second queue": sales offered 1, answered 1, wait 12, talk 120; support
// offered 1, answered 1, wait 7, talk 173; no abandons, nothing rejected.
func TestCaseQueueLogTransfer(t *testing.T) {
	log := `1700000000|1700000000.11|sales|NONE|ENTERQUEUE||5550100|1
1700000012|1700000000.11|sales|PJSIP/201|CONNECT|12|1700000000.12|11
1700000131|1700000131.15|support|NONE|ENTERQUEUE||201|1
1700000132|1700000131.15|sales|PJSIP/201|ATTENDEDTRANSFER|APP|Queue|12|120|1
1700000138|1700000000.11|support|PJSIP/305|CONNECT|7|1700000131.16|6
1700000311|1700000000.11|support|PJSIP/305|COMPLETEAGENT|7|173|1
`
	r := reportOn(t, map[string]string{"queue_log": log}, "--tz", "UTC")
	want := map[string][2]float64{"sales": {12, 120}, "support": {7, 173}}
	for _, q := range r.Queues {
		w := want[q.Queue]
		if q.Offered != 1 || q.Answered != 1 || q.Abandoned != 0 || q.Wait != w[0] || q.Talk != w[1] {
			t.Errorf("%s: %+v, want offered 1 answered 1 wait %v talk %v", q.Queue, q, w[0], w[1])
		}
		delete(want, q.Queue)
	}
	if len(want) != 0 || r.Rejected.Count != 0 {
		t.Errorf("missing queues %v, rejected %d", want, r.Rejected.Count)
	}
}

// TestCaseIntervalBoundary is the shared case "a call that crosses an
// interval boundary": credited to the interval of arrival, 09:00 has 1
// offered, 0 within 20 s (0%); 09:15 has 1 offered, 1 within (100%); talk
// totals 855 s.
func TestCaseIntervalBoundary(t *testing.T) {
	calls := `call_id,queue,enqueued,answered,ended
C1,billing,2024-03-05T09:14:50Z,2024-03-05T09:15:25Z,2024-03-05T09:21:40Z
C2,billing,2024-03-05T09:28:00Z,2024-03-05T09:28:10Z,2024-03-05T09:36:10Z
`
	r := reportOn(t, map[string]string{"calls.csv": calls}, "--tz", "UTC", "--interval", "15m",
		"--csv-id", "call_id", "--csv-queue", "queue", "--csv-arrival", "enqueued",
		"--csv-answer", "answered", "--csv-end", "ended")
	if len(r.Intervals) != 2 {
		t.Fatalf("%d intervals, want 2", len(r.Intervals))
	}
	want := []struct {
		start  string
		within int64
		sl     float64
	}{{"2024-03-05T09:00:00Z", 0, 0}, {"2024-03-05T09:15:00Z", 1, 1}}
	var talk float64
	for i, iv := range r.Intervals {
		w := want[i]
		if iv.Start != w.start || iv.Offered != 1 || iv.Answered != 1 || iv.AnsweredWithinThreshold != w.within ||
			iv.ServiceLevel == nil || *iv.ServiceLevel != w.sl {
			t.Errorf("interval %d: %+v, want start %s offered 1 within %d SL %v", i, iv, w.start, w.within, w.sl)
		}
		talk += iv.TalkSeconds
	}
	if talk != 855 {
		t.Errorf("talk %v s, want 855", talk)
	}
}

// TestCaseNegativeWait is the shared case "a record that answers before it
// arrives": H3 is rejected naming its line; the ASA of 14:00-15:00 is 60 s.
func TestCaseNegativeWait(t *testing.T) {
	chats := `chat_id,queued_at,assigned_at
H1,2024-02-20T14:00:00,2024-02-20T14:00:30
H2,2024-02-20T14:10:00,2024-02-20T14:11:30
H3,2024-02-20T14:20:00,2024-02-20T14:19:10
`
	r := reportOn(t, map[string]string{"chats.csv": chats}, "--tz", "UTC", "--interval", "60m",
		"--csv-id", "chat_id", "--csv-fixed-queue", "chat", "--csv-arrival", "queued_at",
		"--csv-answer", "assigned_at", "--csv-time-layout", "2006-01-02T15:04:05", "--csv-tz", "UTC")
	if r.Rejected.Count != 1 || r.Rejected.Records[0].Line != 4 ||
		!strings.Contains(r.Rejected.Records[0].Reason, "answered before queued") {
		t.Errorf("rejected %+v, want line 4 answered before queued", r.Rejected)
	}
	if len(r.Intervals) != 1 || r.Intervals[0].ASASeconds == nil || *r.Intervals[0].ASASeconds != 60 {
		t.Errorf("intervals %+v, want one with ASA 60 s", r.Intervals)
	}
}

// TestCaseCDRRingRows is the shared case "call detail records with one row
// per agent rung": 2 calls, not 5; call 1 answered by PJSIP/202 after 18 s,
// talk 240 s; call 2 abandoned after 16 s.
func TestCaseCDRRingRows(t *testing.T) {
	cdr := `uniqueid,dstchannel,start,answer,end,billsec,disposition
1700001000.5,PJSIP/201-00a1,2024-05-02 10:00:00,,2024-05-02 10:00:18,0,NO ANSWER
1700001000.5,PJSIP/202-00a2,2024-05-02 10:00:00,2024-05-02 10:00:18,2024-05-02 10:04:18,240,ANSWERED
1700001000.5,PJSIP/203-00a3,2024-05-02 10:00:00,,2024-05-02 10:00:18,0,NO ANSWER
1700002000.7,PJSIP/211-00b1,2024-05-02 10:10:00,,2024-05-02 10:10:10,0,NO ANSWER
1700002000.7,PJSIP/212-00b2,2024-05-02 10:10:10,,2024-05-02 10:10:16,0,NO ANSWER
`
	r := reportOn(t, map[string]string{"cdr.csv": cdr}, "--tz", "UTC",
		"--csv-id", "uniqueid", "--csv-fixed-queue", "support", "--csv-arrival", "start",
		"--csv-answer", "answer", "--csv-end", "end", "--csv-talk", "billsec",
		"--csv-agent", "dstchannel", "--csv-agent-pattern", "^(.+)-[0-9a-f]+$",
		"--csv-outcome", "disposition", "--csv-outcomes", "ANSWERED=answered,NO ANSWER=abandoned",
		"--csv-time-layout", "2006-01-02 15:04:05", "--csv-tz", "UTC", "--csv-merge")
	if len(r.Queues) != 1 {
		t.Fatalf("queues %+v", r.Queues)
	}
	q := r.Queues[0]
	if q.Offered != 2 || q.Answered != 1 || q.Abandoned != 1 || q.Wait != 18 || q.Talk != 240 {
		t.Errorf("%+v, want offered 2, answered 1 (wait 18, talk 240), abandoned 1", q)
	}
	if got := r.Intervals[0].WaitSecondsAbandoned; got != 16 {
		t.Errorf("abandoned wait %v s, want 16", got)
	}
}

// TestCaseDSTDays is the shared case "days of 23 and 25 hours": a call in
// every quarter-hour of 2024-10-27 in London gives 100 interval rows, of
// 2024-03-31 gives 92; naive CSV times that are ambiguous or impossible on
// those days are rejected naming the line.
func TestCaseDSTDays(t *testing.T) {
	for _, day := range []struct {
		midnight, next int64 // Unix seconds of local midnights
		want           int
	}{
		{1729983600, 1730073600, 100}, // 2024-10-27 00:00+01:00 to 2024-10-28 00:00Z
		{1711843200, 1711926000, 92},  // 2024-03-31 00:00Z to 2024-04-01 00:00+01:00
	} {
		var log strings.Builder
		for ts, n := day.midnight, 0; ts < day.next; ts, n = ts+900, n+1 {
			fmt.Fprintf(&log, "%d|c%d|q|NONE|ENTERQUEUE||1|1\n", ts+60, n)
			fmt.Fprintf(&log, "%d|c%d|q|A|CONNECT|5||1\n", ts+65, n)
			fmt.Fprintf(&log, "%d|c%d|q|A|COMPLETEAGENT|5|60|1\n", ts+125, n)
		}
		r := reportOn(t, map[string]string{"queue_log": log.String()}, "--tz", "Europe/London", "--interval", "15m")
		if len(r.Intervals) != day.want {
			t.Errorf("day from %d: %d intervals, want %d", day.midnight, len(r.Intervals), day.want)
		}
	}

	csv := `call_id,queue,arrived,answered
A,q,2024-10-27 01:30:00,2024-10-27 01:30:10
B,q,2024-03-31 01:30:00,2024-03-31 01:30:10
C,q,2024-03-31 02:30:00,2024-03-31 02:30:10
`
	r := reportOn(t, map[string]string{"calls.csv": csv}, "--csv-id", "call_id", "--csv-queue", "queue",
		"--csv-arrival", "arrived", "--csv-answer", "answered",
		"--csv-time-layout", "2006-01-02 15:04:05", "--csv-tz", "Europe/London")
	if r.Rejected.Count != 2 || r.Rejected.Records[0].Line != 2 || r.Rejected.Records[1].Line != 3 {
		t.Errorf("rejected %+v, want lines 2 (ambiguous) and 3 (does not exist)", r.Rejected)
	}
	for _, rec := range r.Rejected.Records {
		if rec.Field != "arrived" {
			t.Errorf("rejection names field %q, want arrived", rec.Field)
		}
	}

	// The same holds for a queue_log written with local dates.
	log := "2024-10-27 01:30:00|c1|q|NONE|ENTERQUEUE||1|1\n2024-10-27 01:30:08|c1|q|NONE|ABANDON|1|1|8\n" +
		"2024-03-31 01:30:00|c2|q|NONE|ENTERQUEUE||1|1\n2024-03-31 01:30:08|c2|q|NONE|ABANDON|1|1|8\n" +
		"2024-03-31 02:30:00|c3|q|NONE|ENTERQUEUE||1|1\n2024-03-31 02:30:08|c3|q|NONE|ABANDON|1|1|8\n"
	r = reportOn(t, map[string]string{"queue_log": log}, "--input-format", "queue_log",
		"--queue-log-tz", "Europe/London")
	if r.Rejected.Count != 2 || r.Rejected.Records[0].Line != 1 || r.Rejected.Records[1].Line != 3 ||
		!strings.Contains(r.Rejected.Records[0].Reason, "occurs twice") ||
		!strings.Contains(r.Rejected.Records[1].Reason, "does not exist") {
		t.Errorf("queue_log rejected %+v, want lines 1 (occurs twice) and 3 (does not exist)", r.Rejected)
	}
}

// TestContradictingDurations: a stated wait that contradicts the record's
// own times is rejected, whichever is wrong.
func TestContradictingDurations(t *testing.T) {
	csv := "call_id,queue,arrived,answered,ended,wait_s\n" +
		"A,q,2024-05-02T10:00:00Z,2024-05-02T10:10:00Z,2024-05-02T10:12:00Z,5\n" +
		"B,q,2024-05-02T10:00:00Z,,2024-05-02T10:00:30Z,29.5\n" +
		"C,q,2024-05-02T10:00:00Z,,2024-05-02T10:00:30Z,300\n"
	r := reportOn(t, map[string]string{"calls.csv": csv}, "--csv-id", "call_id", "--csv-queue", "queue",
		"--csv-arrival", "arrived", "--csv-answer", "answered", "--csv-end", "ended", "--csv-wait", "wait_s")
	if r.Rejected.Count != 2 || r.Rejected.Records[0].Line != 2 || r.Rejected.Records[1].Line != 4 ||
		r.Rejected.Records[0].Field != "wait_s" {
		t.Errorf("CSV rejected %+v, want lines 2 and 4 at wait_s", r.Rejected)
	}

	log := "1710001000|c1|q|NONE|ENTERQUEUE||1|1\n1710001008|c1|q|NONE|ABANDON|1|1|8000\n" +
		"1710001100|c2|q|NONE|ENTERQUEUE||1|1\n1710001105|c2|q|A|CONNECT|500||1\n" +
		"1710001200|c2|q|A|COMPLETEAGENT|500|95|1\n" +
		"1710001300|c3|q|NONE|ENTERQUEUE||1|1\n1710001309|c3|q|NONE|ABANDON|1|1|8\n"
	r = reportOn(t, map[string]string{"queue_log": log})
	if r.Rejected.Count != 2 || len(r.Queues) != 1 || r.Queues[0].Abandoned != 1 {
		t.Errorf("queue_log rejected %+v, queues %+v; want c1 and c2 rejected, c3 (8 s against 9 s) kept",
			r.Rejected, r.Queues)
	}
}

// TestGoldenFiguresByHand checks the queue figures of the golden input
// against values worked out by hand from its rows, so that the golden
// files rest on something independent of the code that wrote them.
func TestGoldenFiguresByHand(t *testing.T) {
	code, out, errOut := run(t, "report", "--sla", "testdata/golden/sla.yaml", "--format", "json",
		"testdata/golden/calls.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Queues []struct {
			Queue        string   `json:"queue"`
			AHT          *float64 `json:"aht_seconds"`
			ASA          *float64 `json:"asa_seconds"`
			AbandonRate  *float64 `json:"abandon_rate"`
			ServiceLevel *float64 `json:"service_level"`
		} `json:"queues"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	q := r.Queues[0]
	// Answered rows b1, b2, b5, b7, b9 (b6 is rejected): handle 270 + 215 +
	// 320 + 250 + 240 = 1295 s, waits 10 + 45 + 5 + 20 + 21 = 101 s.
	// Abandons b3 (3 s, short within 5 s) and b4 (90 s) of 8 offered, the
	// short one removed from both: 1/7. Within 20 s: b1, b5, b7 of 5
	// answered + 1 abandon left after the short one: 3/6.
	want := map[string]float64{"aht": 1295.0 / 5, "asa": 101.0 / 5, "abandon": 1.0 / 7, "sl": 3.0 / 6}
	got := map[string]*float64{"aht": q.AHT, "asa": q.ASA, "abandon": q.AbandonRate, "sl": q.ServiceLevel}
	for k, w := range want {
		if got[k] == nil || !near(*got[k], w) {
			t.Errorf("%s %s = %v, want %v", q.Queue, k, got[k], w)
		}
	}
}
