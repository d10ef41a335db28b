package bankdata

import (
	"bytes"
	"fmt"
)

// outcome is the outcome column.
type outcome uint8

const (
	outcomeAgent   outcome = iota + 1 // AGENT: served
	outcomeHang                       // HANG: hung up
	outcomePhantom                    // PHANTOM: a virtual call to ignore
)

// record is a row with every field the reader uses parsed and checked for
// syntax. Byte slices point into the line and are valid until the next
// line is read.
type record struct {
	vruLine, callID, customer, queue, server []byte

	outcome outcome
	date    civilDate

	// Times of day in seconds after midnight, as written.
	vruEntry, vruExit, qStart, qExit, serStart, serExit int32
	// Durations in seconds.
	qTime, serTime int32
}

// split cuts line at sep into fields, trimming each, and returns how many
// there are; ok is false when there are more than maxFields.
func split(line []byte, sep byte, fields *[maxFields][]byte) (n int, ok bool) {
	for {
		i := bytes.IndexByte(line, sep)
		if n == maxFields {
			return n, false
		}
		if i < 0 {
			fields[n] = trimField(line)
			return n + 1, true
		}
		fields[n] = trimField(line[:i])
		n++
		line = line[i+1:]
	}
}

// trimField removes the spaces around a field (the full-year variant pads
// type with one) and one pair of surrounding double quotes, which R and
// spreadsheets add to text.
func trimField(f []byte) []byte {
	f = bytes.TrimSpace(f)
	if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
		f = bytes.TrimSpace(f[1 : len(f)-1])
	}
	return f
}

// trimLine removes the line end, LF or CRLF.
func trimLine(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}

// field returns column c of the row being read.
func (r *Reader) field(c column) []byte { return r.fields[r.layout.index[c]] }

// parseRecord parses the fields of the row being read. It returns a
// rejection naming the first column at fault.
func (r *Reader) parseRecord() (record, error) {
	var rec record
	get := r.field

	rec.vruLine, rec.callID = get(colVRULine), get(colCallID)
	rec.customer, rec.queue, rec.server = get(colCustomer), get(colType), get(colServer)
	switch {
	case len(rec.vruLine) == 0:
		return rec, r.reject(colVRULine, "empty: the call has no identity")
	case len(rec.callID) == 0:
		return rec, r.reject(colCallID, "empty: the call has no identity")
	case len(rec.queue) == 0:
		return rec, r.reject(colType, "empty: the call has no queue")
	}

	var ok bool
	if rec.outcome, ok = parseOutcome(get(colOutcome)); !ok {
		return rec, r.reject(colOutcome, fmt.Sprintf(
			"%s is not AGENT, HANG or PHANTOM", quote(get(colOutcome))))
	}
	if rec.date, ok = parseDate(get(colDate)); !ok {
		return rec, r.reject(colDate, fmt.Sprintf(
			"%s is not a date (YYMMDD, YYYYMMDD or YYYY-MM-DD)", quote(get(colDate))))
	}
	if err := r.parseTimes(&rec); err != nil {
		return rec, err
	}
	return rec, nil
}

// parseTimes parses the times of day and the durations of a row.
func (r *Reader) parseTimes(rec *record) error {
	get := r.field
	clocks := [...]struct {
		c   column
		dst *int32
	}{
		{colVRUEntry, &rec.vruEntry}, {colVRUExit, &rec.vruExit},
		{colQStart, &rec.qStart}, {colQExit, &rec.qExit},
		{colSerStart, &rec.serStart}, {colSerExit, &rec.serExit},
	}
	for _, k := range clocks {
		v, ok := parseClock(get(k.c))
		if !ok {
			return r.reject(k.c, fmt.Sprintf("%s is not a time of day (H:MM:SS)", quote(get(k.c))))
		}
		*k.dst = v
	}

	durations := [...]struct {
		c   column
		dst *int32
	}{{colQTime, &rec.qTime}, {colSerTime, &rec.serTime}}
	for _, k := range durations {
		v, negative, ok := parseSeconds(get(k.c))
		switch {
		case negative:
			return r.reject(k.c, fmt.Sprintf("negative duration %s s", get(k.c)))
		case !ok:
			return r.reject(k.c, fmt.Sprintf(
				"%s is not a number of seconds under a day", quote(get(k.c))))
		}
		*k.dst = v
	}
	return nil
}

// parseOutcome reads the outcome column; case is ignored.
func parseOutcome(b []byte) (outcome, bool) {
	switch {
	case bytes.EqualFold(b, []byte("AGENT")):
		return outcomeAgent, true
	case bytes.EqualFold(b, []byte("HANG")):
		return outcomeHang, true
	case bytes.EqualFold(b, []byte("PHANTOM")):
		return outcomePhantom, true
	}
	return 0, false
}

// quote quotes a field for a rejection, cut short when it is long: a
// corrupt line can hold a field of many kilobytes.
func quote(b []byte) string {
	const limit = 40
	if len(b) > limit {
		return fmt.Sprintf("%q...", b[:limit])
	}
	return fmt.Sprintf("%q", b)
}
