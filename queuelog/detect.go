package queuelog

import (
	"bytes"
	"strings"
)

// detectLines is how many lines Detect looks at.
const detectLines = 20

// Detect reports whether head, the first few kilobytes of a file (already
// decompressed), is an Asterisk queue_log: every complete line among the
// first ones has at least five '|'-separated fields, a Unix time or a date
// first, and an upper-case event name fifth, and at least one of those
// events is one Asterisk writes. A last line cut off by the end of head is
// not looked at.
func Detect(head []byte) bool {
	lines := bytes.Split(head, []byte("\n"))
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // cut off, or empty after the last newline
	}
	// A bad line or two among the first must not hide the format: the
	// Reader rejects them one by one. Most lines must look like queue_log
	// lines, and some must be events it knows.
	known, seen, bad := 0, 0, 0
	for i, b := range lines {
		text := strings.TrimRight(string(b), "\r")
		if i == 0 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		f := strings.SplitN(text, "|", 6)
		switch {
		case len(f) < 5 || !(isDigits(f[0]) || looksLikeDate(f[0])) || !isEventName(f[4]):
			bad++
		default:
			if _, ok := events[f[4]]; ok {
				known++
			}
		}
		if seen++; seen == detectLines {
			break
		}
	}
	return known > 0 && bad*4 <= seen
}

// isEventName reports whether s looks like a queue_log event: upper-case
// letters, digits and underscores, as the dialplan's QueueLog application
// may add its own.
func isEventName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
