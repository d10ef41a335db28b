package bankdata

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// benchRows are the kinds of row the real file holds, in roughly its
// proportions: mostly answered calls with and without queueing, some
// abandons and voice-menu hang-ups, a phantom.
var benchRows = []string{
	"AB01%02d\t%d\t0\t0\tPS\t990301\t8:00:05\t8:00:15\t10\t0:00:00\t0:00:00\t0\tAGENT\t8:00:14\t8:02:14\t120\tRINA",
	"AB01%02d\t%d\t12345678\t2\tPS\t990301\t8:10:00\t8:10:06\t6\t8:10:06\t8:10:21\t15\tAGENT\t8:10:20\t8:13:20\t180\tOREN",
	"AB01%02d\t%d\t23456789\t1\tNE\t990301\t8:20:00\t8:20:05\t5\t8:20:05\t8:20:50\t45\tAGENT\t8:20:50\t8:25:50\t300\tRINA",
	"AB01%02d\t%d\t0\t0\tNW\t990301\t8:30:00\t8:30:09\t9\t8:30:09\t8:31:09\t60\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
	"AB01%02d\t%d\t0\t0\tPS\t990301\t8:40:00\t8:40:12\t12\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
	"AB01%02d\t%d\t0\t0\tPS\t990302\t23:58:00\t23:58:10\t10\t0:00:00\t0:00:00\t0\tAGENT\t23:58:10\t0:01:10\t180\tOREN",
	"AB01%02d\t%d\t56789012\t2\tTT\t990302\t23:59:40\t23:59:45\t5\t23:59:45\t0:00:20\t35\tAGENT\t0:00:19\t0:04:19\t240\tOREN",
	"AB01%02d\t%d\t34567890\t2\tPS\t990303\t8:50:00\t8:50:05\t5\t8:50:05\t8:52:05\t120\tPHANTOM\t8:52:04\t8:53:04\t60\tNO_SERVER",
}

// benchData returns a file of n synthetic rows in the 17-column layout.
func benchData(n int) []byte {
	var b bytes.Buffer
	b.WriteString(header17 + "\r\n")
	for i := range n {
		fmt.Fprintf(&b, benchRows[i%len(benchRows)], i%16+1, 10000+i)
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

func BenchmarkReader(b *testing.B) {
	data := benchData(10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(data), Config{File: "bench"})
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
