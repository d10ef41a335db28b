package bankdata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDetect(t *testing.T) {
	for _, name := range []string{"calls-17col.tsv", "calls-fullyear.tsv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if !Detect(data) {
			t.Errorf("Detect(%s) = false", name)
		}
		if !Detect(data[:200]) {
			t.Errorf("Detect(first 200 bytes of %s) = false", name)
		}
	}

	others := map[string]string{
		"empty":      "",
		"blank":      "\r\n\n",
		"queue_log":  "1700000000|1700000000.1|sales|NONE|ENTERQUEUE||5551234|1\n",
		"other csv":  "queue,arrived,wait,outcome\nsales,2024-01-01T09:00:00Z,12,answered\n",
		"no header":  tsv("AA0101 1 0 0 PS 990201 7:02:47 7:02:56 9 0:00:00 0:00:00 0 AGENT 7:02:55 7:05:41 166 DORIT"),
		"cut header": header17[:60],
	}
	for name, head := range others {
		if Detect([]byte(head)) {
			t.Errorf("Detect(%s) = true", name)
		}
	}
}
