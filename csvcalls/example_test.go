package csvcalls_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/csvcalls"
)

// An Asterisk CDR export with one row per agent rung becomes one call per
// uniqueid; the rings nobody answered become agent events.
func Example() {
	mapping, err := csvcalls.ParseMapping([]byte(`
columns:
  id: uniqueid
  arrival: start
  answer: answer
  end: end
  outcome: disposition
  agent: dstchannel
fixed_queue: support
outcomes:
  ANSWERED: answered
  NO ANSWER: abandoned
agent_pattern: '^(.+)-[0-9a-f]+$'
time_layout: "2006-01-02 15:04:05"
time_zone: Europe/London
merge: true
`), "cdr.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}

	cdr := `uniqueid,dstchannel,start,answer,end,disposition
1700001000.5,PJSIP/201-00a1,2024-05-02 10:00:00,,2024-05-02 10:00:18,NO ANSWER
1700001000.5,PJSIP/202-00a2,2024-05-02 10:00:00,2024-05-02 10:00:18,2024-05-02 10:04:18,ANSWERED
1700002000.7,PJSIP/211-00b1,2024-05-02 10:10:00,,2024-05-02 10:10:10,NO ANSWER
1700002000.7,PJSIP/212-00b2,2024-05-02 10:10:10,,2024-05-02 10:10:16,NO ANSWER
1700003000.1,PJSIP/201-00c1,2024-03-31 01:30:00,,2024-03-31 01:30:20,NO ANSWER
`
	r, err := csvcalls.NewReader(strings.NewReader(cdr), mapping, "cdr.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	r.AgentEvent = func(e sladesk.AgentEvent) { fmt.Println("event:", e.Agent, e.Kind) }
	for {
		c, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("rejected:", err)
			continue
		}
		fmt.Println(c.ID, c.Arrived.Format(time.RFC3339), c.Outcome, c.Agent, "wait", c.Wait, "talk", c.Talk)
	}
	// Output:
	// event: PJSIP/201 ring_no_answer
	// event: PJSIP/211 ring_no_answer
	// event: PJSIP/212 ring_no_answer
	// rejected: cdr.csv:6: start: local time 2024-03-31 01:30:00 does not exist in Europe/London (the clocks went forward)
	// 1700001000.5 2024-05-02T10:00:00+01:00 answered PJSIP/202 wait 18s talk 4m0s
	// 1700002000.7 2024-05-02T10:10:00+01:00 abandoned  wait 16s talk 0s
}

// A Writer and a Reader with NativeMapping round-trip calls.
func ExampleWriter() {
	at := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	w := csvcalls.NewWriter(os.Stdout)
	_ = w.Write(sladesk.Call{
		ID: "C1", ContactID: "C1", Queue: "sales", Arrived: at, AnsweredAt: at.Add(18 * time.Second),
		Ended: at.Add(258 * time.Second), Outcome: sladesk.Answered, Agent: "ag1",
		Wait: 18 * time.Second, Talk: 240 * time.Second, Wrap: 1500 * time.Millisecond,
	})
	_ = w.Write(sladesk.Call{
		ID: "C2", ContactID: "C2", Queue: "sales", Arrived: at, Ended: at.Add(16 * time.Second),
		Outcome: sladesk.Abandoned, Wait: 16 * time.Second,
	})
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// call_id,contact_id,queue,arrived,answered,ended,outcome,agent,customer,wait_s,talk_s,hold_s,wrap_s
	// C1,C1,sales,2024-05-02T10:00:00Z,2024-05-02T10:00:18Z,2024-05-02T10:04:18Z,answered,ag1,,18,240,0,1.5
	// C2,C2,sales,2024-05-02T10:00:00Z,,2024-05-02T10:00:16Z,abandoned,,,16,0,0,0
}
