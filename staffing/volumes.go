package staffing

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
)

// The columns of a volumes file. ColumnLength is optional.
const (
	ColumnQueue  = "queue"          // queue name, not empty
	ColumnStart  = "start"          // RFC 3339 with an offset: 2025-03-03T09:00:00+01:00
	ColumnCalls  = "calls"          // calls offered, >= 0, may be fractional
	ColumnAHT    = "aht_seconds"    // average handle time, > 0; may be 0 with 0 calls
	ColumnLength = "length_minutes" // interval length, > 0; optional
)

// maxLengthMinutes is the longest interval a volumes file may give, one
// week: forecasts come in 15-minute to weekly buckets, and a longer one is
// taken as a typo rather than planned with.
const maxLengthMinutes = 7 * 24 * 60

// ReadVolumes reads a forecast of volumes, one IntervalLoad per row, from a
// comma-separated file with a header line naming the columns queue, start,
// calls and aht_seconds, in any order; other columns are ignored. A start
// is an RFC 3339 time with an offset (2025-03-03T09:00:00+01:00 or
// 2025-03-03T08:00:00Z), so that a forecast cannot be shifted by the
// reader's time zone.
//
// The interval length is the length_minutes column when the header has
// one and its cell is not empty, length otherwise; a row with neither is
// rejected. Lengths may be fractional minutes, up to one week.
//
// Each line is one row: a quoted field may hold commas and quotes but not
// a line break, so a stray quote rejects its own line only.
//
// A row that cannot be read is rejected, never dropped: ReadVolumes
// returns it as a *sladesk.RecordError naming file, line and column, and
// goes on with the next row. Rejected too are a row repeating the queue
// and start of an earlier row, one whose interval overlaps another of its
// queue, one whose start is off the grid of its length from midnight (when
// the length divides a day) and one dated outside sladesk.MinYear to
// sladesk.MaxYear. The rejections are ordered by line; the loads are
// returned in the order of the file (Plan sorts them).
//
// ReadVolumes returns an error, a *sladesk.RecordError, when the
// header is missing, lacks a column or repeats one, or when the file has no
// length_minutes column and length is not > 0; and the error of r when it
// fails.
func ReadVolumes(r io.Reader, file string, length time.Duration) ([]IntervalLoad,
	[]*sladesk.RecordError, error) {
	v := volumeReader{r: bufio.NewReaderSize(r, 64<<10), file: file, length: length,
		seen: map[volumeKey]int{}, lengthAt: map[int64]lengthLine{}}
	if err := v.header(); err != nil {
		return nil, nil, err
	}

	var loads []IntervalLoad
	var lines []int // the line of each load
	var rejects []*sladesk.RecordError
	for {
		l, err := v.row()
		if errors.Is(err, io.EOF) {
			break
		}
		if re := sladesk.AsRecordError(err); re != nil {
			rejects = append(rejects, re)
			continue
		}
		if err != nil {
			return nil, rejects, fmt.Errorf("staffing: read %s: %w", file, err)
		}
		loads, lines = append(loads, l), append(lines, v.line)
	}
	loads, overlaps := v.rejectOverlaps(loads, lines)
	rejects = append(rejects, overlaps...)
	slices.SortStableFunc(rejects, func(a, b *sladesk.RecordError) int { return cmp.Compare(a.Line, b.Line) })
	return loads, rejects, nil
}

// maxLineBytes is the longest line a volumes file may hold; a longer one is
// no forecast row.
const maxLineBytes = 1 << 20

// volumeKey identifies a row for finding repeats: the queue and the start
// as an instant, so that one instant written with two offsets is one key.
type volumeKey struct {
	queue string
	start int64 // Unix nanoseconds
}

// volumeReader holds the state of ReadVolumes.
type volumeReader struct {
	r      *bufio.Reader
	buf    []byte // the current line
	file   string
	length time.Duration
	cols   map[string]int // column name -> index; ColumnLength may be absent
	width  int            // fields in the header
	line   int            // line of the current row
	seen   map[volumeKey]int
	// lengthAt holds the length of the intervals starting at each instant
	// (Unix nanoseconds).
	lengthAt map[int64]lengthLine
}

// next returns the fields of the next line that is not blank, setting
// v.line. Each line is one record: a quoted field may not hold a line
// break, so a stray quote rejects its own line instead of swallowing the
// rows up to the next quote. It returns io.EOF at the end, a
// *sladesk.RecordError for a line that is not valid CSV, and the error of
// the underlying reader.
func (v *volumeReader) next() ([]string, error) {
	for {
		raw, tooLong, err := v.readLine()
		if err != nil {
			return nil, err
		}
		v.line++
		switch {
		case tooLong:
			return nil, v.reject("", fmt.Sprintf("line longer than %d bytes", maxLineBytes), nil)
		case bytes.IndexByte(raw, '\r') >= 0:
			return nil, v.reject("", "a carriage return inside the line: a file with CR line ends "+
				"(save it with LF or CRLF line ends)", nil)
		}
		text := string(raw)
		if strings.TrimSpace(text) == "" {
			continue
		}
		if !strings.Contains(text, `"`) {
			return strings.Split(text, ","), nil
		}
		cr := csv.NewReader(strings.NewReader(text))
		cr.FieldsPerRecord = -1
		rec, err := cr.Read()
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, v.reject("", fmt.Sprintf("not valid CSV at column %d", pe.Column), pe.Err)
		}
		return rec, err
	}
}

// readLine returns the next line without its LF or CRLF end, and io.EOF
// after the last. A line longer than maxLineBytes is read to its end and
// dropped, and tooLong reports it, so that one such line costs its own
// rejection and no more memory than the limit.
func (v *volumeReader) readLine() (line []byte, tooLong bool, err error) {
	v.buf = v.buf[:0]
	for {
		chunk, err := v.r.ReadSlice('\n')
		if !tooLong && len(v.buf)+len(chunk) > maxLineBytes {
			tooLong, v.buf = true, v.buf[:0]
		}
		if !tooLong {
			v.buf = append(v.buf, chunk...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(chunk) == 0 && len(v.buf) == 0 && !tooLong {
				return nil, false, io.EOF
			}
		case err != nil:
			return nil, false, err
		}
		line = bytes.TrimSuffix(v.buf, []byte("\n"))
		return bytes.TrimSuffix(line, []byte("\r")), tooLong, nil
	}
}

// header reads the header line and finds the columns.
func (v *volumeReader) header() error {
	rec, err := v.next()
	switch {
	case errors.Is(err, io.EOF):
		v.line = 1
		return v.reject("", "empty file: no header line", nil)
	case sladesk.AsRecordError(err) != nil:
		return err
	case err != nil:
		return v.reject("", "header line cannot be read", err)
	}

	v.width, v.cols = len(rec), make(map[string]int, len(rec))
	for i, name := range rec {
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff") // spreadsheet BOM
		}
		name = strings.TrimSpace(name)
		if _, dup := v.cols[name]; dup {
			return v.reject(name, "column appears more than once in the header", nil)
		}
		v.cols[name] = i
	}
	for _, name := range []string{ColumnQueue, ColumnStart, ColumnCalls, ColumnAHT} {
		if _, ok := v.cols[name]; !ok {
			return v.reject(name, "no such column in the header", nil)
		}
	}
	if _, ok := v.cols[ColumnLength]; !ok && v.length <= 0 {
		return v.reject(ColumnLength, "no such column in the header, "+
			"and no interval length given", nil)
	}
	return nil
}

// row reads the next row as a load. It returns io.EOF at the end, a
// *sladesk.RecordError for a rejected row, and any other error of the
// underlying reader.
func (v *volumeReader) row() (IntervalLoad, error) {
	rec, err := v.next()
	if err != nil {
		return IntervalLoad{}, err
	}
	if len(rec) != v.width {
		return IntervalLoad{}, v.reject("", fmt.Sprintf(
			"%d fields, the header has %d", len(rec), v.width), nil)
	}
	return v.load(rec)
}

// load parses the fields of one row.
func (v *volumeReader) load(rec []string) (IntervalLoad, error) {
	cell := func(name string) string { return strings.TrimSpace(rec[v.cols[name]]) }
	l := IntervalLoad{Queue: cell(ColumnQueue)}
	if l.Queue == "" {
		return l, v.reject(ColumnQueue, "empty queue name", nil)
	}

	var err error
	if l.Start, err = time.Parse(time.RFC3339, cell(ColumnStart)); err != nil {
		return l, v.reject(ColumnStart, fmt.Sprintf(
			"%q is not an RFC 3339 time with an offset, such as 2025-03-03T09:00:00+01:00",
			cell(ColumnStart)), nil)
	}
	if y := l.Start.Year(); y < sladesk.MinYear || y > sladesk.MaxYear {
		return l, v.reject(ColumnStart, fmt.Sprintf("the year %d is outside %d to %d: a corrupt date",
			y, sladesk.MinYear, sladesk.MaxYear), nil)
	}
	if l.Calls, err = v.number(ColumnCalls, cell(ColumnCalls)); err != nil {
		return l, err
	}
	if l.AHT, err = v.number(ColumnAHT, cell(ColumnAHT)); err != nil {
		return l, err
	}
	if l.AHT == 0 && l.Calls > 0 {
		return l, v.reject(ColumnAHT, "0 seconds for an interval with calls", nil)
	}
	if l.Length, err = v.intervalLength(rec); err != nil {
		return l, err
	}
	if err := v.onGrid(l); err != nil {
		return l, err
	}
	if a := l.Calls * l.AHT / l.Length.Seconds(); a > MaxWorkload {
		return l, v.reject(ColumnCalls, fmt.Sprintf("%s calls at %s s in %s are %.6g Erlangs of work, "+
			"above the %g sladesk plans for", cell(ColumnCalls), cell(ColumnAHT), l.Length, a, MaxWorkload), nil)
	}
	if err := v.sameLength(l); err != nil {
		return l, err
	}
	return l, v.unique(l)
}

// number parses a finite decimal number >= 0 from the cell s of column
// name. strconv.ParseFloat also reads Go's forms (1_0, 0x1p-2), which in a
// forecast are typos.
func (v *volumeReader) number(name, s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || !finite(x) || strings.ContainsAny(s, "_xXpP"):
		return 0, v.reject(name, fmt.Sprintf("%q is not a number", s), nil)
	case x < 0:
		return 0, v.reject(name, fmt.Sprintf("%s is negative", s), nil)
	}
	return x, nil
}

// intervalLength returns the length of the row: its length_minutes cell
// when there is one and it is not empty, the caller's length otherwise.
func (v *volumeReader) intervalLength(rec []string) (time.Duration, error) {
	i, ok := v.cols[ColumnLength]
	s := ""
	if ok {
		s = strings.TrimSpace(rec[i])
	}
	if s == "" {
		if v.length <= 0 {
			return 0, v.reject(ColumnLength, "empty, and no interval length given", nil)
		}
		return v.length, nil
	}

	m, err := v.number(ColumnLength, s)
	switch {
	case err != nil:
		return 0, err
	case m <= 0 || m > maxLengthMinutes:
		return 0, v.reject(ColumnLength, fmt.Sprintf(
			"%s is not a length in minutes in (0, %d]", s, maxLengthMinutes), nil)
	}
	d := time.Duration(math.Round(m * float64(time.Minute)))
	if d < time.Second {
		return 0, v.reject(ColumnLength, fmt.Sprintf("%s minutes is shorter than a second", s), nil)
	}
	return d, nil
}

// sameLength rejects a row whose interval starts with another queue's but
// lasts another length: the queues of one interval are planned together,
// pooled into one, which needs one length.
func (v *volumeReader) sameLength(l IntervalLoad) error {
	at := l.Start.UnixNano()
	first, ok := v.lengthAt[at]
	switch {
	case !ok:
		v.lengthAt[at] = lengthLine{l.Length, v.line}
	case first.length != l.Length:
		return v.reject(ColumnLength, fmt.Sprintf("the interval at %s lasts %s on line %d, %s here: "+
			"the queues of one interval must share its length", stamp(l.Start), first.length, first.line,
			l.Length), nil)
	}
	return nil
}

// lengthLine is the length of the intervals starting at one instant, and
// the line that set it.
type lengthLine struct {
	length time.Duration
	line   int
}

// onGrid rejects a row whose start is not a whole number of its lengths
// after midnight, in the row's own offset, when the length divides a day:
// a 09:07 start for a 30-minute interval is a typo, and planned as it
// stands it would overlap its neighbours' intervals in the pooled totals.
func (v *volumeReader) onGrid(l IntervalLoad) error {
	day := 24 * time.Hour
	if l.Length <= 0 || day%l.Length != 0 {
		return nil
	}
	h, m, sec := l.Start.Clock()
	since := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second +
		time.Duration(l.Start.Nanosecond())
	if since%l.Length != 0 {
		return v.reject(ColumnStart, fmt.Sprintf("%s is not on the grid of %s intervals from midnight",
			stamp(l.Start), l.Length), nil)
	}
	return nil
}

// rejectOverlaps rejects every load whose interval overlaps an earlier one
// of its queue (by start; for equal starts, by line), and returns the
// loads left. lines holds the line of each load.
func (v *volumeReader) rejectOverlaps(loads []IntervalLoad, lines []int) ([]IntervalLoad,
	[]*sladesk.RecordError) {
	order := make([]int, len(loads))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(loads[a].Queue, loads[b].Queue), loads[a].Start.Compare(loads[b].Start),
			cmp.Compare(lines[a], lines[b]))
	})
	var rejects []*sladesk.RecordError
	drop := make([]bool, len(loads))
	prev := -1 // the last load kept of the current queue
	for _, i := range order {
		if prev >= 0 && loads[prev].Queue == loads[i].Queue &&
			loads[prev].Start.Add(loads[prev].Length).After(loads[i].Start) {
			rejects = append(rejects, &sladesk.RecordError{File: v.file, Line: lines[i], Field: ColumnStart,
				Reason: fmt.Sprintf("queue %q: the interval at %s overlaps the one at %s on line %d",
					loads[i].Queue, stamp(loads[i].Start), stamp(loads[prev].Start), lines[prev])})
			drop[i] = true
			continue
		}
		prev = i
	}
	if len(rejects) == 0 {
		return loads, nil
	}
	kept := loads[:0]
	for i, l := range loads {
		if !drop[i] {
			kept = append(kept, l)
		}
	}
	return kept, rejects
}

// unique rejects a row whose queue and start an earlier row already had.
func (v *volumeReader) unique(l IntervalLoad) error {
	k := volumeKey{l.Queue, l.Start.UnixNano()}
	if first, dup := v.seen[k]; dup {
		return v.reject(ColumnStart, fmt.Sprintf(
			"queue %q already has an interval starting at %s, on line %d",
			l.Queue, stamp(l.Start), first), nil)
	}
	v.seen[k] = v.line
	return nil
}

// reject returns a *sladesk.RecordError for the current line.
func (v *volumeReader) reject(field, reason string, err error) error {
	return &sladesk.RecordError{File: v.file, Line: v.line, Field: field, Reason: reason, Err: err}
}
