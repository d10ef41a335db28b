package bankdata_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/bankdata"
)

func ExampleReader() {
	const file = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\t" +
		"q_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\r\n" +
		// Queued 15 s, answered; the agent's clock is a second early.
		"AB0101\t101\t0\t2\tPS\t990301\t8:10:00\t8:10:06\t6\t8:10:06\t8:10:21\t15\tAGENT\t8:10:20\t8:13:20\t180\tOREN\r\n" +
		// Hung up in the voice menu: never offered to a queue.
		"AB0101\t102\t0\t0\tPS\t990301\t8:40:00\t8:40:12\t12\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\r\n" +
		// Queued across midnight and abandoned after 50 s.
		"AB0101\t103\t0\t0\tNW\t990301\t23:59:20\t23:59:30\t10\t23:59:30\t0:00:20\t50\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\r\n" +
		// A q_time that is not a number.
		"AB0101\t104\t0\t0\tPS\t990302\t9:00:00\t9:00:05\t5\t9:00:05\t9:00:10\tfive\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\r\n"

	r := bankdata.NewReader(strings.NewReader(file), bankdata.Config{File: "feb.tsv"})
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if re := sladesk.AsRecordError(err); re != nil {
			fmt.Println("rejected", re)
			continue
		}
		fmt.Println(c.ID, c.Queue, c.Outcome, c.Arrived.Format("2006-01-02 15:04:05 -07:00"), c.Wait)
	}
	fmt.Printf("%+v\n", r.Counts())
	// Output:
	// AB0101/101 PS answered 1999-03-01 08:10:06 +02:00 15s
	// AB0101/103 NW abandoned 1999-03-01 23:59:30 +02:00 50s
	// rejected feb.tsv:5: q_time: "five" is not a number of seconds under a day
	// {Rows:4 Emitted:2 Phantom:0 VRUOnly:1 Rejected:1 Blank:0}
}
