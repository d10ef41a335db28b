package csvcalls

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/sladesk/sladesk"
)

// Reader reads call segments from a CSV file through a Mapping. It
// implements sladesk.CallReader. A Reader is not safe for concurrent use.
type Reader struct {
	// AgentEvent, when set, receives a ring-no-answer event for every
	// unanswered row that names an agent: CDR exports write one row per
	// agent rung, and those rows are agent events, not missed calls.
	AgentEvent func(sladesk.AgentEvent)
	// SkipIdentity leaves ID, ContactID, Customer and Agent empty, for
	// callers that only count calls (interval statistics need none of
	// them): it saves a string allocation and two lookups per row. Merged
	// rows keep their ids; an agent pattern is still applied, since it may
	// reject the row.
	SkipIdentity bool
	// KeepAgent keeps Agent under SkipIdentity, for callers that measure
	// the agents at work beside the counts.
	KeepAgent bool

	file    string
	m       Mapping
	lines   *lineReader
	quotes  quoteSplitter
	delim   byte
	rec     []byte // the current record: a line, or the unquoted fields
	spans   []span // where each field of rec lies
	line    int    // first line of the current record
	ncols   int    // fields in the header
	cols    columns
	times   timeReader
	outcome outcomeTable
	agentRe *regexp.Regexp
	queues  interner
	agents  interner
	scratch []byte // the text of one call, before it becomes a string
	rowID   []byte // id of the current record, once read
	blank   int    // blank lines skipped
	split   bool   // rec and spans hold the current record's fields
	merge   *merger
}

// column is a mapped column: its header name and its index in a record,
// or -1 when the mapping has no such column.
type column struct {
	name  string
	index int
}

// columns are the record positions of a mapping's columns.
type columns struct {
	id, contact, queue, arrival, answer, end, outcome, agent, customer column
	wait, talk, hold, wrap                                             column
}

// list returns pointers to the columns in the order of Mapping.columnFields.
func (c *columns) list() []*column {
	return []*column{
		&c.id, &c.contact, &c.queue, &c.arrival, &c.answer, &c.end, &c.outcome,
		&c.agent, &c.customer, &c.wait, &c.talk, &c.hold, &c.wrap,
	}
}

// NewReader returns a Reader of the CSV file r, named file in errors and
// in Call.Source. It validates m and reads the header. It returns a
// *sladesk.RecordError when the header lacks a mapped column or is missing,
// a *MappingError (wrapped) for an invalid mapping, or the read error.
func NewReader(r io.Reader, m Mapping, file string) (*Reader, error) {
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("invalid mapping: %w", err)
	}
	rd := &Reader{
		file:    file,
		m:       m,
		lines:   newLineReader(r),
		delim:   byte(m.delimiter()),
		times:   newTimeReader(&m),
		outcome: newOutcomeTable(m.Outcomes),
		queues:  newInterner(),
		agents:  newInterner(),
	}
	rd.quotes.delim = rd.delim
	if m.AgentPattern != "" {
		rd.agentRe = regexp.MustCompile(m.AgentPattern) // Validate compiled it
	}
	if err := rd.readHeader(); err != nil {
		return nil, err
	}
	if m.Merge {
		rd.merge = newMerger(m.mergeWindow(), file, rd.cols.id.name)
	}
	return rd, nil
}

// readHeader reads the header line and finds every mapped column in it.
func (r *Reader) readHeader() error {
	err := r.record()
	if errors.Is(err, io.EOF) {
		return &sladesk.RecordError{File: r.file, Line: 1, Reason: "empty file: no header line"}
	}
	if err != nil {
		return err
	}
	r.ncols = len(r.spans)
	index := make(map[string]int, r.ncols)
	for i, sp := range r.spans {
		f := r.rec[sp.start:sp.end]
		if i == 0 {
			f = bytes.TrimPrefix(f, []byte("\ufeff")) // spreadsheet BOM
		}
		name := strings.TrimSpace(string(f))
		if _, dup := index[name]; dup {
			index[name] = -2
		} else {
			index[name] = i
		}
	}
	return r.findColumns(index)
}

func (r *Reader) findColumns(index map[string]int) error {
	ptrs := r.cols.list()
	for i, f := range r.m.columnFields() {
		col := ptrs[i]
		col.name, col.index = *f.col, -1
		if col.name == "" {
			continue
		}
		at, ok := index[col.name]
		switch {
		case !ok:
			return r.reject(*col, fmt.Sprintf("no such column in the header (mapped by columns.%s)", f.name))
		case at < 0:
			return r.reject(*col, "column appears more than once in the header")
		}
		col.index = at
	}
	return nil
}

// Read returns the next call segment. It returns io.EOF at the end of the
// file and a *sladesk.RecordError for a record it rejects, after which
// reading may go on; any other error is fatal.
func (r *Reader) Read() (sladesk.Call, error) {
	if r.merge != nil {
		return r.readMerged()
	}
	return r.readRow()
}

// readRow reads one record as one call segment.
func (r *Reader) readRow() (sladesk.Call, error) {
	if err := r.record(); err != nil {
		return sladesk.Call{}, err
	}
	if len(r.spans) != r.ncols {
		return sladesk.Call{}, r.reject(column{}, fmt.Sprintf(
			"%d fields, the header has %d", len(r.spans), r.ncols))
	}
	return r.callOf()
}

// record reads the next non-blank record into r.rec and r.spans.
func (r *Reader) record() error {
	r.rowID, r.split = nil, false
	for {
		line, err := r.lines.next()
		r.line = r.lines.line
		switch {
		case errors.Is(err, errLineTooLong):
			return r.reject(column{}, fmt.Sprintf("line longer than %d bytes", maxRecord))
		case err != nil:
			return err
		case len(line) == 0:
			r.blank++
			continue // blank lines hold no record
		case bytes.IndexByte(line, '"') < 0:
			r.rec, r.spans, r.split = line, splitPlain(line, r.delim, r.spans), true
			return nil
		default:
			return r.splitQuoted(line)
		}
	}
}

// splitQuoted splits a record with quotes, reading on while a quoted field
// holds a line break.
func (r *Reader) splitQuoted(line []byte) error {
	r.quotes.reset()
	for {
		more, reason := r.quotes.feed(line, r.lines.eol)
		if reason != "" {
			return r.reject(column{}, reason)
		}
		if more && !r.m.MultilineFields {
			return r.reject(column{}, "a quoted field is not closed on its line "+
				"(a stray quote? fields that hold line breaks need multiline_fields, --csv-multiline)")
		}
		if !more {
			r.rec, r.spans, r.split = r.quotes.buf, r.quotes.spans(r.spans), true
			return nil
		}
		var err error
		line, err = r.lines.next()
		switch {
		case errors.Is(err, io.EOF):
			return r.reject(column{}, "quoted field not closed at the end of the file")
		case errors.Is(err, errLineTooLong) || len(r.quotes.buf) > maxRecord:
			return r.reject(column{}, fmt.Sprintf(
				"quoted field runs past %d bytes; is a closing quote missing?", maxRecord))
		case err != nil:
			return err
		}
	}
}

// Blank returns how many blank lines were skipped (they hold no record),
// so that a report can account for every line. After ReadParallel it
// counts the lines of every worker.
func (r *Reader) Blank() int { return r.blank }

// Reader counts what it reads without returning it, for reports.
var _ sladesk.LineCounter = (*Reader)(nil)

// NotQueued returns 0: every row of a call-record CSV is a queue visit (see
// sladesk.LineCounter).
func (r *Reader) NotQueued() int { return 0 }

// OtherLines returns the blank lines read (see sladesk.LineCounter).
func (r *Reader) OtherLines() int { return r.blank }

// cell returns the field of col in the current record, nil when unmapped.
func (r *Reader) cell(col column) []byte {
	if col.index < 0 {
		return nil
	}
	sp := r.spans[col.index]
	return r.rec[sp.start:sp.end]
}

// reject returns a *sladesk.RecordError for the current record.
func (r *Reader) reject(col column, reason string) error {
	return &sladesk.RecordError{File: r.file, Line: r.line, Field: col.name, Reason: reason}
}

// interner returns one string for equal byte slices, so that queue and
// agent names, few and repeated on every row, cost no allocation per row.
type interner struct {
	m map[string]string
}

// maxInterned bounds an interner: a column with many distinct values (an
// agent column holding channel ids) stops being interned instead of
// holding every value for the life of the reader.
const maxInterned = 4096

func newInterner() interner { return interner{m: make(map[string]string)} }

func (in *interner) get(b []byte) string {
	if s, ok := in.m[string(b)]; ok { // no allocation: the compiler sees the lookup
		return s
	}
	s := string(b)
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	return s
}

// clip returns b as a string short enough for an error message.
func clip(b []byte) string {
	const max = 40
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}

// lineID is the id of a record in a file without an id column.
func lineID(line int) string { return "line " + strconv.Itoa(line) }
