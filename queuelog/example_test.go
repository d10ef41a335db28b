package queuelog_test

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/queuelog"
)

// A caller waits 12 s in sales and talks 120 s; a second caller hangs up
// after 8 s; a third is still waiting when the log ends.
func ExampleReader() {
	log := `1710001000|1710001000.1|sales|NONE|ENTERQUEUE||5550111|1
1710001012|1710001000.1|sales|PJSIP/201|CONNECT|12|1710001000.2|11
1710001100|1710001100.3|sales|NONE|ENTERQUEUE||5550112|1
1710001108|1710001100.3|sales|NONE|ABANDON|1|1|8
1710001132|1710001000.1|sales|PJSIP/201|COMPLETECALLER|12|120|1
1710001200|1710001200.4|sales|NONE|ENTERQUEUE||5550113|1
`
	r := queuelog.NewReader(strings.NewReader(log), queuelog.Config{File: "queue_log"})
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if e := sladesk.AsRecordError(err); e != nil {
			fmt.Println("rejected:", e)
			continue
		}
		fmt.Printf("%s %s wait %s talk %s\n", c.ID, c.Outcome, c.Wait, c.Talk)
	}
	// Output:
	// 1710001100.3/sales/1 abandoned wait 8s talk 0s
	// 1710001000.1/sales/1 answered wait 12s talk 2m0s
	// rejected: queue_log:6: incomplete: call 1710001200.4 entered sales, never left: the log ends before the segment does
}

func ExampleWriter() {
	w := queuelog.NewWriter(os.Stdout)
	c, _ := readOne("1710001000|1.1|sales|NONE|ENTERQUEUE||5550111|1\n" +
		"1710001005|1.1|sales|PJSIP/201|CONNECT|5|1.2|4\n" +
		"1710001125|1.1|sales|PJSIP/201|COMPLETEAGENT|5|120|1\n")
	if err := w.Write(c); err != nil {
		fmt.Println(err)
	}
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 1710001000|1.1|sales|NONE|ENTERQUEUE||5550111|1
	// 1710001005|1.1|sales|PJSIP/201|CONNECT|5||0
	// 1710001125|1.1|sales|PJSIP/201|COMPLETEAGENT|5|120|1
}

func readOne(log string) (sladesk.Call, error) {
	return queuelog.NewReader(strings.NewReader(log), queuelog.Config{}).Read()
}
