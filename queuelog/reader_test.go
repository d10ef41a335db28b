package queuelog

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

// readAll reads every result of a queue_log and renders each one as a
// line: a call as "call ID outcome ...", a rejection as
// "L<line> <field>: <reason>". It fails the test on a fatal error or on an
// error that is not a *sladesk.RecordError.
func readAll(t testing.TB, input string, cfg Config) ([]string, []sladesk.Call, *Reader) {
	t.Helper()
	r := NewReader(strings.NewReader(input), cfg)
	var got []string
	var calls []sladesk.Call
	for {
		c, err := r.Read()
		if err == io.EOF {
			return got, calls, r
		}
		if err != nil {
			e := sladesk.AsRecordError(err)
			if e == nil {
				t.Fatalf("Read: fatal error %v", err)
			}
			got = append(got, fmt.Sprintf("L%d %s: %s", e.Line, e.Field, e.Reason))
			continue
		}
		got = append(got, render(c))
		calls = append(calls, c)
	}
}

// render shows the fields of a call that the tests check.
func render(c sladesk.Call) string {
	s := fmt.Sprintf("call %s %s wait=%s", c.ID, c.Outcome, c.Wait)
	if c.Outcome == sladesk.Answered {
		s += fmt.Sprintf(" talk=%s agent=%s end=%s", c.Talk, c.Agent, c.Ending)
	}
	return s + fmt.Sprintf(" contact=%s customer=%s line=%d", c.ContactID, c.Customer, c.Line)
}

// match compares rendered results: a wanted rejection ("L...") matches any
// result that starts with it, so reasons can be checked by their start.
func match(t *testing.T, got, want []string) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = got[i] == want[i] || strings.HasPrefix(want[i], "L") && strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    []string
		skipped map[string]int
	}{{
		name: "answered, caller hangs up",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000009|1.1|sales|PJSIP/201|CONNECT|9|1.2|8
1700000070|1.1|sales|PJSIP/201|COMPLETECALLER|9|61|1
`,
		want: []string{"call 1.1/sales/1 answered wait=9s talk=1m1s agent=PJSIP/201 end=caller contact=1.1 customer=5551 line=1"},
	}, {
		name: "answered, agent hangs up, CRLF and blank lines",
		input: "1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1\r\n\r\n" +
			"1700000004|1.1|sales|PJSIP/201|CONNECT|4|1.2|3\r\n" +
			"1700000034|1.1|sales|PJSIP/201|COMPLETEAGENT|4|30|1",
		want:    []string{"call 1.1/sales/1 answered wait=4s talk=30s agent=PJSIP/201 end=agent contact=1.1 customer=5551 line=1"},
		skipped: map[string]int{SkippedBlank: 1},
	}, {
		name: "blind transfer",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000005|1.1|sales|PJSIP/201|CONNECT|5|1.2|4
1700000065|1.1|sales|PJSIP/201|BLINDTRANSFER|600|from-internal|5|60|1
`,
		want: []string{"call 1.1/sales/1 answered wait=5s talk=1m0s agent=PJSIP/201 end=transfer contact=1.1 customer=5551 line=1"},
	}, {
		name: "Asterisk 1.4 TRANSFER without origposition",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551
1700000005|1.1|sales|SIP/201|CONNECT|5|1.2
1700000065|1.1|sales|SIP/201|TRANSFER|600|from-internal|5|60
`,
		want: []string{"call 1.1/sales/1 answered wait=5s talk=1m0s agent=SIP/201 end=transfer contact=1.1 customer=5551 line=1"},
	}, {
		name: "attended transfer layouts read from the end",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000000|2.1|sales|NONE|ENTERQUEUE||5552|2
1700000000|3.1|sales|NONE|ENTERQUEUE||5553|3
1700000002|1.1|sales|PJSIP/201|CONNECT|2|1.2|1
1700000003|2.1|sales|PJSIP/202|CONNECT|3|2.2|1
1700000004|3.1|sales|PJSIP/203|CONNECT|4|3.2|1
1700000012|1.1|sales|PJSIP/201|ATTENDEDTRANSFER|BRIDGE|b-77|2|10|1
1700000023|2.1|sales|PJSIP/202|ATTENDEDTRANSFER|LINK|PJSIP/202-a|PJSIP/300-b|3|20|2
1700000034|3.1|sales|PJSIP/203|ATTENDEDTRANSFER|APP|Queue|4|30|3
`,
		want: []string{
			"call 1.1/sales/1 answered wait=2s talk=10s agent=PJSIP/201 end=transfer contact=1.1 customer=5551 line=1",
			"call 2.1/sales/1 answered wait=3s talk=20s agent=PJSIP/202 end=transfer contact=2.1 customer=5552 line=2",
			"call 3.1/sales/1 answered wait=4s talk=30s agent=PJSIP/203 end=transfer contact=3.1 customer=5553 line=3",
		},
	}, {
		name: "exit kinds, with and without waittime",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000008|1.1|sales|NONE|ABANDON|1|1|8
1700000100|2.1|sales|NONE|ENTERQUEUE||5552|1
1700000400|2.1|sales|NONE|EXITWITHTIMEOUT|1
1700000500|3.1|sales|NONE|ENTERQUEUE||5553|1
1700000503|3.1|sales|NONE|EXITEMPTY|1|1|3
1700000600|4.1|sales|NONE|ENTERQUEUE||5554|1
1700000625|4.1|sales|NONE|EXITWITHKEY|5|1
1700000700|5.1|sales|NONE|ENTERQUEUE||5555|1
1700000711|5.1|sales|NONE|EXITWITHKEY|5|1|1|11
1700000800|6.1|sales|NONE|ENTERQUEUE||5556|1
1700000842|6.1|sales|NONE|WITHDRAW|1|1|42|callback
`,
		want: []string{
			"call 1.1/sales/1 abandoned wait=8s contact=1.1 customer=5551 line=1",
			"call 2.1/sales/1 timeout wait=5m0s contact=2.1 customer=5552 line=3",
			"call 3.1/sales/1 exit_empty wait=3s contact=3.1 customer=5553 line=5",
			"call 4.1/sales/1 exit_key wait=25s contact=4.1 customer=5554 line=7",
			"call 5.1/sales/1 exit_key wait=11s contact=5.1 customer=5555 line=9",
			"call 6.1/sales/1 transferred wait=42s contact=6.1 customer=5556 line=11",
		},
	}, {
		name: "wait is Asterisk's waittime, not the line's time",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000009|1.1|sales|NONE|ABANDON|1|1|8
`,
		want: []string{"call 1.1/sales/1 abandoned wait=8s contact=1.1 customer=5551 line=1"},
	}, {
		name: "negative holdtime rejects the segment once",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000010|1.1|sales|PJSIP/201|CONNECT|-3|1.2|2
1700000070|1.1|sales|PJSIP/201|COMPLETECALLER|-3|60|1
`,
		want:    []string{"L2 holdtime: negative holdtime -3s"},
		skipped: map[string]int{SkippedRejected: 1},
	}, {
		name: "CONNECT before ENTERQUEUE after a clock step",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000100|2.1|sales|NONE|ENTERQUEUE||5552|1
1699999950|1.1|sales|PJSIP/201|CONNECT|5|1.2|2
1699999980|1.1|sales|PJSIP/201|COMPLETEAGENT|5|30|1
1699999990|2.1|sales|PJSIP/202|CONNECT|5|2.2|2
1700000160|2.1|sales|PJSIP/202|CONNECT|60|2.2|2
1700000190|2.1|sales|PJSIP/202|COMPLETEAGENT|60|30|1
`,
		want: []string{
			"L3 time: answered before queued: CONNECT is 50s before the ENTERQUEUE at line 1",
			"L5 time: answered before queued: CONNECT is 1m50s before the ENTERQUEUE at line 2",
		},
		skipped: map[string]int{SkippedRejected: 3},
	}, {
		name: "exit before ENTERQUEUE",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1699999990|1.1|sales|NONE|ABANDON|1|1|0
`,
		want: []string{"L2 time: left before queued: ABANDON is 10s before the ENTERQUEUE at line 1"},
	}, {
		name: "completion before CONNECT in time",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000010|1.1|sales|PJSIP/201|CONNECT|10|1.2|2
1700000005|1.1|sales|PJSIP/201|COMPLETECALLER|10|0|1
`,
		want: []string{"L3 time: COMPLETECALLER is 5s before the CONNECT at line 2"},
	}, {
		name: "lines out of state",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000060|1.1|sales|PJSIP/201|COMPLETECALLER|0|60|1
1700000000|2.1|sales|NONE|ENTERQUEUE||5552|1
1700000005|2.1|sales|PJSIP/201|CONNECT|5|2.2|2
1700000006|2.1|sales|NONE|ABANDON|1|1|6
1700000000|3.1|sales|NONE|ENTERQUEUE||5553|1
1700000005|3.1|sales|PJSIP/201|CONNECT|5|3.2|2
1700000006|3.1|sales|PJSIP/202|CONNECT|6|3.3|2
1700000066|3.1|sales|PJSIP/201|COMPLETECALLER|5|60|1
`,
		want: []string{
			"L2 event: COMPLETECALLER without CONNECT for the call that entered at line 1",
			"L5 event: ABANDON for a call answered at line 4",
			"L8 event: CONNECT for a call already answered at line 7",
		},
		skipped: map[string]int{SkippedRejected: 1},
	}, {
		name: "lines without a segment",
		input: `1700000005|9.1|sales|PJSIP/201|CONNECT|5|9.2|2
1700000065|9.1|sales|PJSIP/201|COMPLETECALLER|5|60|1
1700000000|8.1|sales|NONE|ENTERQUEUE||5551|1
1700000008|8.1|support|NONE|ABANDON|1|1|8
1700000009|8.1|sales|NONE|ABANDON|1|1|9
`,
		want: []string{
			"L1 callid: CONNECT for call 9.1, which has no open segment in queue sales",
			"L2 callid: COMPLETECALLER for call 9.1, which has no open segment in queue sales",
			"L4 callid: ABANDON for call 8.1, which has no open segment in queue support",
			"call 8.1/sales/1 abandoned wait=9s contact=8.1 customer=5551 line=3",
		},
	}, {
		name: "malformed lines name their field",
		input: `1700000000|1.1|sales|NONE
1700000000|1.1|sales|NONE|HOLDMUSIC|x
17000x0000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000000|2.1|sales|NONE|ENTERQUEUE||5552|1
1700000005|2.1|sales|PJSIP/201|CONNECT|five|2.2|2
1700000000|3.1|sales|NONE|ENTERQUEUE||5553|1
1700000005|3.1|sales|PJSIP/201|CONNECT
1700000000|4.1|sales|NONE|ENTERQUEUE||5554|1
1700000005|4.1|sales|PJSIP/204|CONNECT|5|4.2|2
1700000065|4.1|sales|PJSIP/204|COMPLETECALLER|5
1700000000|5.1|sales|NONE|ENTERQUEUE||5555|1
1700000009|5.1|sales|NONE|ABANDON|1|1|x
1700000000|6.1|sales|NONE|ENTERQUEUE||5556|1
1700000005|6.1|sales|PJSIP/206|CONNECT|5|6.2|2
1700000065|6.1|sales|PJSIP/206|ATTENDEDTRANSFER|APP|Queue|5|60|x
1700000000|7.1|sales|NONE|ENTERQUEUE||5557|1
1700000005|7.1|sales|PJSIP/207|CONNECT|5|7.2|2
1700000065|7.1|sales|PJSIP/207|COMPLETEAGENT|5|-60|1
99999999999999999999|8.1|sales|NONE|ENTERQUEUE||5558|1
1700000000|NONE|sales|NONE|ENTERQUEUE||5559|1
1700000000|10.1|NONE|NONE|ENTERQUEUE||5559|1
1700000000|NONE|sales|NONE|PAUSE|lunch
`,
		want: []string{
			"L1 : too few fields: 4, want at least 5",
			`L2 event: unknown event "HOLDMUSIC"`,
			`L3 time: "17000x0000" is neither a Unix time nor a date`,
			`L5 holdtime: "five" is not a number of seconds`,
			"L7 holdtime: missing holdtime in CONNECT",
			"L10 calltime: missing calltime in COMPLETECALLER",
			`L12 waittime: "x" is not a number of seconds`,
			`L15 origposition: "x" is not a queue position`,
			"L18 calltime: negative calltime -60s",
			`L19 time: Unix time "99999999999999999999" out of range`,
			"L20 callid: ENTERQUEUE without a call id",
			"L21 queue: ENTERQUEUE without a queue",
			"L22 agent: PAUSE without an agent",
		},
	}, {
		name: "a bad ENTERQUEUE time rejects the segment once",
		input: `yesterday|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000005|1.1|sales|PJSIP/201|CONNECT|5|1.2|2
1700000065|1.1|sales|PJSIP/201|COMPLETECALLER|5|60|1
`,
		want:    []string{`L1 time: "yesterday" is neither a Unix time nor a date`},
		skipped: map[string]int{SkippedRejected: 2},
	}, {
		name:  "a date needs a time zone",
		input: "2024-02-20 14:00:00.123456|1.1|sales|NONE|ENTERQUEUE||5551|1\n",
		want:  []string{`L1 time: date "2024-02-20 14:00:00.123456" without a time zone`},
	}, {
		name: "segments left open at the end are incomplete, never abandoned",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000000|2.1|sales|NONE|ENTERQUEUE||5552|1
1700000005|2.1|sales|PJSIP/201|CONNECT|5|2.2|2
1700000000|3.1|sales|NONE|ENTERQUEUE||5553|1
1700000003|3.1|sales|NONE|ABANDON|1|1|3
`,
		want: []string{
			"call 3.1/sales/1 abandoned wait=3s contact=3.1 customer=5553 line=4",
			"L1 : incomplete: call 1.1 entered sales, never left: the log ends before the segment does",
			"L2 : incomplete: call 2.1 answered at line 3 by PJSIP/201, never completed: the log ends",
		},
	}, {
		name: "QUEUESTART cuts off the calls in flight",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000100|NONE|NONE|NONE|QUEUESTART|
1700000200|1.1|sales|NONE|ABANDON|1|1|200
`,
		want: []string{
			"L1 : incomplete: call 1.1 entered sales, never left: Asterisk restarted (QUEUESTART at line 2)",
			"L3 callid: ABANDON for call 1.1, which has no open segment in queue sales",
		},
		skipped: map[string]int{"QUEUESTART": 1},
	}, {
		name: "a segment with no line for a day is cut off",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700090000|2.1|sales|NONE|ENTERQUEUE||5552|1
1700090004|2.1|sales|NONE|ABANDON|1|1|4
`,
		want: []string{
			"L1 : incomplete: call 1.1 entered sales, never left: no line for 24h0m0s",
			"call 2.1/sales/1 abandoned wait=4s contact=2.1 customer=5552 line=2",
		},
	}, {
		name: "entering the same queue again while in it",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000010|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000014|1.1|sales|NONE|ABANDON|1|1|4
`,
		want: []string{
			"L1 : incomplete: call 1.1 entered sales, never left: entered the queue again at line 2",
			"call 1.1/sales/2 abandoned wait=4s contact=1.1 customer=5551 line=2",
		},
	}, {
		name: "a call sent back into the same queue gets a new ID",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000005|1.1|sales|PJSIP/201|CONNECT|5|1.2|2
1700000065|1.1|sales|PJSIP/201|BLINDTRANSFER|600|from-queue|5|60|1
1700000066|1.1|support|NONE|ENTERQUEUE||5551|1
1700000070|1.1|support|PJSIP/301|CONNECT|4|1.3|2
1700000090|1.1|support|PJSIP/301|BLINDTRANSFER|600|from-queue|4|20|1
1700000091|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000099|1.1|sales|NONE|ABANDON|1|1|8
`,
		want: []string{
			"call 1.1/sales/1 answered wait=5s talk=1m0s agent=PJSIP/201 end=transfer contact=1.1 customer=5551 line=1",
			"call 1.1/support/1 answered wait=4s talk=20s agent=PJSIP/301 end=transfer contact=1.1 customer=5551 line=4",
			"call 1.1/sales/2 abandoned wait=8s contact=1.1 customer=5551 line=7",
		},
	}, {
		name: "attended transfer back into the same queue",
		input: `1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000005|1.1|sales|PJSIP/201|CONNECT|5|1.2|2
1700000050|1.3|sales|NONE|ENTERQUEUE||201|1
1700000060|1.3|sales|PJSIP/201|ATTENDEDTRANSFER|APP|Queue|5|55|1
1700000070|1.1|sales|PJSIP/202|CONNECT|20|1.4|2
1700000100|1.1|sales|PJSIP/202|COMPLETECALLER|20|30|1
`,
		want: []string{
			"call 1.1/sales/1 answered wait=5s talk=55s agent=PJSIP/201 end=transfer contact=1.1 customer=5551 line=1",
			"call 1.3/sales/1 answered wait=20s talk=30s agent=PJSIP/202 end=caller contact=1.1 customer=5551 line=3",
		},
	}, {
		name: "an attended transfer nobody answered leaves the waiting call alone",
		input: `1700000000|1.3|support|NONE|ENTERQUEUE||201|1
1700000010|1.3|support|PJSIP/201|ATTENDEDTRANSFER|APP|Queue|5|55|1
1700000015|1.3|support|NONE|ABANDON|1|1|15
`,
		want: []string{
			"L2 callid: ATTENDEDTRANSFER for call 1.3, which has no answered segment in queue support, " +
				"and agent PJSIP/201 answered none there",
			"call 1.3/support/1 abandoned wait=15s contact=1.3 customer=201 line=1",
		},
	}, {
		name: "lines that say nothing about a queue visit are counted",
		input: `1700000000|NONE|NONE|NONE|QUEUESTART|
1700000001|NONE|NONE|NONE|CONFIGRELOAD|
1700000002|1.1|sales|NONE|DID|5550000
1700000002|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000003|1.1|sales|NONE|INFO|IVR|1
1700000004|1.1|sales|PJSIP/201|AGENTDUMP|
1700000005|1.1|sales|PJSIP/201|SYSCOMPAT|
1700000006|1.1|sales|PJSIP/202|RINGCANCELED|1000
1700000006|1.1|sales|NONE|ABANDON|1|1|4
1700000007|NONE|sales|PJSIP/201|PENALTY|2
1700000008|NONE|sales|PJSIP/201|RINGINUSE|0
1700000009|2.1|sales|PJSIP/201|OUTCALL|ANSWER|30|
1700000010|2.1|sales|NONE|CALLSTATUS|x
`,
		want: []string{"call 1.1/sales/1 abandoned wait=4s contact=1.1 customer=5551 line=4"},
		skipped: map[string]int{"QUEUESTART": 1, "CONFIGRELOAD": 1, "DID": 1, "INFO": 1,
			"AGENTDUMP": 1, "SYSCOMPAT": 1, "RINGCANCELED": 1, "PENALTY": 1, "RINGINUSE": 1,
			"OUTCALL": 1, "CALLSTATUS": 1},
	}, {
		name: "a line longer than the limit is rejected and skipped",
		input: "1700000000|1.1|sales|NONE|ENTERQUEUE||" + strings.Repeat("9", maxLine) + "|1\n" +
			"1700000000|2.1|sales|NONE|ENTERQUEUE||5552|1\n" +
			"1700000003|2.1|sales|NONE|ABANDON|1|1|3\n",
		want: []string{
			"L1 : line longer than 65536 bytes",
			"call 2.1/sales/1 abandoned wait=3s contact=2.1 customer=5552 line=2",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, r := readAll(t, tt.input, Config{File: "q"})
			match(t, got, tt.want)
			if want := fmt.Sprint(tt.skipped); fmt.Sprint(r.Skipped()) != want &&
				(len(tt.skipped) > 0 || len(r.Skipped()) > 0) {
				t.Errorf("Skipped() = %v, want %v", r.Skipped(), tt.skipped)
			}
		})
	}
}

func TestReaderRecordErrorFields(t *testing.T) {
	r := NewReader(strings.NewReader("1700000000|1.1|sales|NONE|CONNECT|x\n"), Config{File: "queue_log"})
	_, err := r.Read()
	var e *sladesk.RecordError
	if !errors.As(err, &e) {
		t.Fatalf("Read() error = %v, want a *sladesk.RecordError", err)
	}
	if e.File != "queue_log" || e.Line != 1 || e.Field != "callid" || e.Reason == "" {
		t.Errorf("RecordError = %+v, want File queue_log, Line 1, Field callid and a reason", e)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("second Read() error = %v, want io.EOF", err)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("Read() after the end = %v, want io.EOF again", err)
	}
}

func TestReaderDates(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	input := `2024-02-20 14:00:00.250000|1.1|sales|NONE|ENTERQUEUE||5551|1
2024-02-20 14:00:09.750000|1.1|sales|PJSIP/201|CONNECT|9|1.2|8
2024-02-20 14:01:10|1.1|sales|PJSIP/201|COMPLETECALLER|9|61|1
`
	_, calls, _ := readAll(t, input, Config{File: "q", Location: paris})
	if len(calls) != 1 {
		t.Fatalf("got %d calls, want 1", len(calls))
	}
	want := time.Date(2024, 2, 20, 13, 0, 0, 250e6, time.UTC)
	if c := calls[0]; !c.Arrived.Equal(want) || c.Arrived.Location() != paris {
		t.Errorf("Arrived = %s, want %s in Europe/Paris", c.Arrived, want)
	}
}

func TestReaderEpochLocation(t *testing.T) {
	zone := time.FixedZone("UTC-5", -5*3600)
	input := "1700000000|1.1|sales|NONE|ENTERQUEUE||5551|1\n1700000003|1.1|sales|NONE|ABANDON|1|1|3\n"
	for _, tt := range []struct {
		name string
		loc  *time.Location
		want *time.Location
	}{{"nil is UTC", nil, time.UTC}, {"configured", zone, zone}} {
		t.Run(tt.name, func(t *testing.T) {
			_, calls, _ := readAll(t, input, Config{Location: tt.loc})
			if len(calls) != 1 || calls[0].Arrived.Location() != tt.want ||
				calls[0].Arrived.Unix() != 1700000000 {
				t.Errorf("calls = %v, want one arriving at 1700000000 in %s", calls, tt.want)
			}
		})
	}
}

func TestAgentEvents(t *testing.T) {
	input := `1700000000|MANAGER|sales|PJSIP/201|ADDMEMBER|
1700000001|REALTIME|sales|PJSIP/202|ADDMEMBER|PAUSED
1700000010|NONE|sales|PJSIP/201|PAUSE|lunch
1700000020|NONE|sales|PJSIP/201|UNPAUSE|
1700000030|NONE|NONE|PJSIP/202|PAUSEALL|meeting
1700000040|NONE|NONE|PJSIP/202|UNPAUSEALL|
1700000050|1.1|sales|NONE|ENTERQUEUE||5551|1
1700000065|1.1|sales|PJSIP/201|RINGNOANSWER|15000
1700000066|1.1|sales|NONE|ABANDON|1|1|16
1700000070|1.5|NONE|Agent/1001|AGENTLOGIN|PJSIP/1001-0001
1700003670|1.5|NONE|Agent/1001|AGENTLOGOFF|PJSIP/1001-0001|3600
1700003680|NONE|NONE|Agent/1002|AGENTCALLBACKLOGIN|1002@agents
1700003690|NONE|NONE|Agent/1002|AGENTCALLBACKLOGOFF|1002@agents|10|Autologoff
1700003700|CLI|sales|PJSIP/201|REMOVEMEMBER|
`
	var got []string
	cfg := Config{File: "q", OnAgentEvent: func(e sladesk.AgentEvent) {
		got = append(got, fmt.Sprintf("L%d %d %s %s %s %q", e.Line, e.Time.Unix(),
			e.Queue, e.Agent, e.Kind, e.Reason))
	}}
	results, _, r := readAll(t, input, cfg)
	want := []string{
		`L1 1700000000 sales PJSIP/201 added ""`,
		`L2 1700000001 sales PJSIP/202 added "PAUSED"`,
		`L2 1700000001 sales PJSIP/202 paused "PAUSED"`,
		`L3 1700000010 sales PJSIP/201 paused "lunch"`,
		`L4 1700000020 sales PJSIP/201 unpaused ""`,
		`L5 1700000030  PJSIP/202 paused "meeting"`,
		`L6 1700000040  PJSIP/202 unpaused ""`,
		`L8 1700000065 sales PJSIP/201 ring_no_answer "15000"`,
		`L10 1700000070  Agent/1001 added "PJSIP/1001-0001"`,
		`L11 1700003670  Agent/1001 removed "PJSIP/1001-0001|3600"`,
		`L12 1700003680  Agent/1002 added "1002@agents"`,
		`L13 1700003690  Agent/1002 removed "1002@agents|10|Autologoff"`,
		`L14 1700003700 sales PJSIP/201 removed ""`,
	}
	match(t, got, want)
	if len(results) != 1 || len(r.Skipped()) != 0 {
		t.Errorf("results = %v, skipped = %v, want one call and nothing skipped", results, r.Skipped())
	}

	// Without a callback the same lines are counted, not lost.
	_, _, r = readAll(t, input, Config{})
	if n := r.Skipped()["PAUSE"]; n != 1 {
		t.Errorf("Skipped()[PAUSE] = %d without a callback, want 1", n)
	}
}

// TestReaderMemoryBounded reads a long log that lost one end line in ten:
// the Reader keeps only the calls in flight, and reports each call whose
// end was lost as incomplete once it has been silent for StaleAfter.
func TestReaderMemoryBounded(t *testing.T) {
	var buf strings.Builder
	w := NewWriter(&buf)
	for _, c := range randomCalls(rand.New(rand.NewPCG(3, 4)), 20000) {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	ends, lost := 0, 0
	for _, l := range strings.SplitAfter(buf.String(), "\n") {
		if strings.Contains(l, "|ENTERQUEUE|") || strings.Contains(l, "|CONNECT|") {
			log.WriteString(l)
		} else if ends++; ends%10 == 0 {
			lost++
		} else {
			log.WriteString(l)
		}
	}

	r := NewReader(strings.NewReader(log.String()), Config{StaleAfter: time.Hour})
	calls, incomplete, most := 0, 0, 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			break
		}
		if e := sladesk.AsRecordError(err); e != nil && strings.HasPrefix(e.Reason, "incomplete:") {
			incomplete++
		} else if err != nil {
			t.Fatalf("Read: %v", err)
		} else {
			calls++
		}
		most = max(most, len(r.segs)+len(r.contacts)+len(r.entries))
	}
	if incomplete != lost || calls != 20000-lost {
		t.Errorf("read %d calls and %d incomplete, want %d and %d", calls, incomplete, 20000-lost, lost)
	}
	// 20 000 calls arrive over about 55 hours, some 360 an hour: what is
	// kept is a few hours of calls (entries for reentryWindow, lost ones
	// for StaleAfter plus a sweep), not the 2 000 lost ones.
	if most > 3000 {
		t.Errorf("the Reader held %d segments, contacts and entries at once", most)
	}
	t.Logf("lost %d end lines; at most %d segments, contacts and entries held", lost, most)
}
