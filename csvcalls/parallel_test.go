package csvcalls

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sladesk/sladesk"
)

// readBoth reads data sequentially and with ReadParallel (blocks of
// blockBytes, three workers) and returns what each found, as sorted text.
func readBoth(t *testing.T, data string, m Mapping, blockBytes int) (seq, par []string) {
	t.Helper()
	saved := blockSize
	blockSize = blockBytes
	defer func() { blockSize = saved }()

	read := func(parallel bool) []string {
		r, err := NewReader(strings.NewReader(data), m, "f.csv")
		if err != nil {
			return []string{"header: " + err.Error()}
		}
		var mu sync.Mutex
		var out []string
		sink := func(int) Sink {
			return Sink{
				Add: func(c *sladesk.Call) {
					mu.Lock()
					out = append(out, fmt.Sprintf("call %s %s %s %s %v", c.ID, c.Queue,
						c.Arrived.UTC().Format("15:04:05"), c.Outcome, c.Wait))
					mu.Unlock()
				},
				Reject: func(e *sladesk.RecordError) {
					mu.Lock()
					out = append(out, "reject "+e.Error())
					mu.Unlock()
				},
			}
		}
		n := 3
		if !parallel {
			n = 0
		}
		if err := r.ReadParallel(context.Background(), n, sink); err != nil {
			out = append(out, "fatal "+err.Error())
		}
		slices.Sort(out)
		return out
	}
	return read(false), read(true)
}

func TestReadParallelMatchesSequential(t *testing.T) {
	var native bytes.Buffer
	native.WriteString(NativeHeader + "\n")
	for i := range 500 {
		fmt.Fprintf(&native, "c%d,c%d,q%d,2024-03-05T09:%02d:%02dZ,,2024-03-05T09:%02d:%02dZ,abandoned,,,%d,0,0,0\n",
			i, i, i%3, i%60, i%50, i%60, i%50+5, 5)
		if i%97 == 0 {
			native.WriteString("broken,row\n")
		}
	}
	quoted := NativeHeader + "\n" +
		"a,a,\"multi\nline\",2024-03-05T09:00:00Z,,2024-03-05T09:00:05Z,abandoned,,,5,0,0,0\n" +
		"b,b,x\"y,2024-03-05T09:00:00Z,,,abandoned,,,5,0,0,0\n" +
		"c,c,\"q\"\"d\",2024-03-05T09:00:00Z,,2024-03-05T09:00:05Z,abandoned,,,5,0,0,0\r\n" +
		"d,d,\"open\n,,,\n" +
		"e,e,q,2024-03-05T09:00:00Z,,2024-03-05T09:00:05Z,abandoned,,,5,0,0,0\n"

	long := NativeHeader + "\n" + strings.Repeat("x", 1_500_000) +
		",c,FAKEQ,2024-03-05T09:00:00Z,,2024-03-05T09:00:30Z,abandoned,,C,30,0,0,0\n" +
		strings.SplitN(native.String(), "\n", 2)[1]
	tests := []struct {
		name  string
		data  string
		block int
	}{
		{"a line too long, small blocks", long, 1000},
		{"a line too long, large blocks", long, 4 << 20},
		{"native, many blocks", native.String(), 1000},
		{"native, one block", native.String(), 1 << 20},
		{"quotes across lines", quoted, 16},
		{"quotes, tiny blocks", quoted, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seq, par := readBoth(t, tt.data, NativeMapping(), tt.block)
			if !slices.Equal(seq, par) {
				t.Errorf("parallel differs from sequential:\nseq %q\npar %q", seq, par)
			}
			if len(seq) < 4 {
				t.Errorf("only %d results", len(seq))
			}
		})
	}
}

// FuzzReadParallel checks that splitting a file into blocks never changes
// what is read: the same calls and the same rejections on the same lines.
func FuzzReadParallel(f *testing.F) {
	f.Add([]byte("a,\"b\nc\",2024-03-05T09:00:00Z\n\"x\"y,z,2024-03-05T09:00:00Z\n"), uint16(7))
	f.Add([]byte("a,b,2024-03-05T09:00:00Z\r\n\"a\"\r\nb,\"\"\"\",2024-03-05T09:00:00Z\n"), uint16(3))
	m := Mapping{ID: "id", Queue: "queue", Arrival: "arrived"}
	f.Fuzz(func(t *testing.T, body []byte, block uint16) {
		data := "id,queue,arrived\n" + string(body)
		seq, par := readBoth(t, data, m, int(block%64)+1)
		if !slices.Equal(seq, par) {
			t.Errorf("parallel differs from sequential:\nseq %q\npar %q", seq, par)
		}
	})
}
