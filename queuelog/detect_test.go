package queuelog

import (
	"os"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	abandon, err := os.ReadFile("testdata/abandon-kinds.queue_log")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"a queue_log", string(abandon), true},
		{"cut off in the middle of a line", string(abandon[:100]), true},
		{"a single line without a newline", "1700000000|NONE|NONE|NONE|QUEUESTART|", true},
		{"CRLF and blank lines", "\r\n1700000000|NONE|NONE|NONE|QUEUESTART|\r\n\r\n", true},
		{"dates from a realtime export",
			"2024-02-20 14:00:00.123456|1.1|sales|NONE|ENTERQUEUE||5551|1\n", true},
		{"only dialplan events", "1700000000|1.1|sales|NONE|MYEVENT|x\n", false},
		{"empty", "", false},
		{"CSV", "chat_id,queued_at,assigned_at\nH1,2024-02-20T14:00:00,2024-02-20T14:00:30\n", false},
		{"pipes but no time", "a|b|c|d|ENTERQUEUE\n", false},
		{"lower-case event", "1700000000|1.1|sales|NONE|enterqueue||5551|1\n", false},
		{"a queue_log followed by something else",
			"1700000000|NONE|NONE|NONE|QUEUESTART|\nhello\n", false},
		{"a byte-order mark", "\ufeff" + string(abandon), true},
		{"one bad line among many", strings.Replace(string(abandon), "1710001100|", "17100x1100|", 1), true},
		{"many lines", strings.Repeat("1700000000|NONE|NONE|NONE|QUEUESTART|\n", 100) + "x\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.head)); got != tt.want {
				t.Errorf("Detect(%.40q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}
