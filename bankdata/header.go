package bankdata

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// column is one of the columns the reader uses; the others (priority,
// vru_time, the full-year variant's row number and day of the week) are
// skipped. vru_time is left out on purpose: it is negative on rows whose
// clocks differ, and the times it is computed from are read anyway.
type column uint8

const (
	colVRULine column = iota
	colCallID
	colCustomer
	colType
	colDate
	colVRUEntry
	colVRUExit
	colQStart
	colQExit
	colQTime
	colOutcome
	colSerStart
	colSerExit
	colSerTime
	colServer

	numColumns
)

// columnNames are the header names, as the 17-column file spells them.
var columnNames = [numColumns]string{
	colVRULine:  "vru+line",
	colCallID:   "call_id",
	colCustomer: "customer_id",
	colType:     "type",
	colDate:     "date",
	colVRUEntry: "vru_entry",
	colVRUExit:  "vru_exit",
	colQStart:   "q_start",
	colQExit:    "q_exit",
	colQTime:    "q_time",
	colOutcome:  "outcome",
	colSerStart: "ser_start",
	colSerExit:  "ser_exit",
	colSerTime:  "ser_time",
	colServer:   "server",
}

// String returns the column's header name, used as the Field of rejections.
func (c column) String() string { return columnNames[c] }

// maxFields bounds the fields of a line (the layouts have 17 to 19), so
// that a row is split into a fixed array without allocating.
const maxFields = 32

// ErrHeader is wrapped by the *sladesk.RecordError that rejects a header
// line the reader cannot use; nothing after such a header is read.
var ErrHeader = errors.New("not the Anonymous Bank header")

// layout is what the header says about the rows: the separator, the
// position of each column and how many fields a row has.
type layout struct {
	sep    byte
	index  [numColumns]int
	names  [numColumns]string // as the header spells them, for rejections
	fields int
}

// parseHeader reads the header line. It returns an error saying which
// column is missing or repeated.
func parseHeader(line []byte) (layout, error) {
	line = bytes.TrimPrefix(line, []byte("\ufeff"))
	l := layout{sep: '\t'}
	if bytes.IndexByte(line, '\t') < 0 && bytes.IndexByte(line, ',') >= 0 {
		l.sep = ','
	}
	for c := range l.index {
		l.index[c] = -1
	}

	var fields [maxFields][]byte
	n, ok := split(line, l.sep, &fields)
	if !ok {
		return l, fmt.Errorf("more than %d columns", maxFields)
	}
	l.fields = n
	for i, f := range fields[:n] {
		c, ok := lookupColumn(f)
		if !ok {
			continue
		}
		if l.index[c] >= 0 {
			return l, fmt.Errorf("column %q appears twice", columnNames[c])
		}
		l.index[c] = i
		l.names[c] = string(f)
	}

	for c, i := range l.index {
		if i < 0 {
			return l, fmt.Errorf("missing column %q", columnNames[c])
		}
	}
	return l, nil
}

// lookupColumn returns the column a header name stands for. Names are
// compared without case; the other copies of the data call vru+line
// vru.line (R turns "+" into "." in names).
func lookupColumn(name []byte) (column, bool) {
	s := strings.ToLower(string(name))
	if s == "vru.line" {
		return colVRULine, true
	}
	for c, n := range columnNames {
		if s == n {
			return column(c), true
		}
	}
	return 0, false
}

// Detect reports whether head, the first bytes of a file (already
// un-gzipped), starts with the header of this layout, in either variant:
// a header line that names every column the reader needs.
func Detect(head []byte) bool {
	for len(head) > 0 {
		var line []byte
		line, head, _ = bytes.Cut(head, []byte("\n"))
		if line = trimLine(line); len(line) > 0 {
			_, err := parseHeader(line)
			return err == nil
		}
	}
	return false
}
