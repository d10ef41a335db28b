package bankdata

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	// The bank's zone must be right on machines without a zoneinfo
	// database (containers, Windows); the embedded copy is used only
	// when the system has none.
	_ "time/tzdata"

	"github.com/sladesk/sladesk"
)

// Config says how to read a file.
type Config struct {
	// File names the input in rejections and in Call.Source; it is not
	// opened.
	File string
	// Location is the time zone of the file's dates and times; nil means
	// Asia/Jerusalem, where the bank was (+02:00 in winter, +03:00 in
	// summer).
	Location *time.Location
}

// Counts say what a Reader has read so far. Every data row is counted
// once in Rows and once in exactly one of Emitted, VRUOnly and Rejected.
type Counts struct {
	// Rows is the number of data rows read: the lines after the header,
	// blank lines left out.
	Rows int
	// Emitted is the number of calls returned by Read, PHANTOM rows
	// included.
	Emitted int
	// Phantom is the number of PHANTOM rows, returned with Outcome
	// sladesk.Ignored; they are part of Emitted.
	Phantom int
	// VRUOnly is the number of rows that hung up in the voice menu: they
	// never reached a queue and are not returned.
	VRUOnly int
	// Rejected is the number of rows returned as a *sladesk.RecordError.
	Rejected int
	// Blank is the number of blank lines, which hold no row.
	Blank int
}

// Offered returns the number of calls offered to a queue: the calls
// returned, less the PHANTOM ones.
func (c Counts) Offered() int { return c.Emitted - c.Phantom }

// Reader reads the Anonymous Bank layout and returns one call segment per
// row offered to a queue. It implements sladesk.CallReader and reads in
// constant memory.
type Reader struct {
	cfg      Config
	br       *bufio.Reader
	timeline timeline
	layout   layout
	header   bool // the header has been read
	sized    bool // the first data row has settled the row length
	line     int  // number of the line last read
	fields   [maxFields][]byte
	idBuf    []byte
	names    map[string]string
	counts   Counts
	err      error // io.EOF or a fatal error, returned from then on
}

// bufferSize is the reader's buffer; a line that does not fit in it is
// not a row of this layout (rows are about 100 bytes) and is rejected.
const bufferSize = 64 << 10

// maxNames bounds the queue and agent names kept to share one string
// between calls; a file has a handful of each, a corrupt one may have
// more, and memory must stay constant.
const maxNames = 1024

// jerusalem loads the bank's zone once for every reader.
var jerusalem = sync.OnceValues(func() (*time.Location, error) {
	return time.LoadLocation("Asia/Jerusalem")
})

// NewReader returns a reader of the rows of r, which starts with the
// header line.
func NewReader(r io.Reader, cfg Config) *Reader {
	rd := &Reader{
		cfg:   cfg,
		br:    bufio.NewReaderSize(r, bufferSize),
		names: make(map[string]string),
	}
	loc := cfg.Location
	if loc == nil {
		var err error
		if loc, err = jerusalem(); err != nil {
			rd.err = fmt.Errorf("bankdata: %s: time zone of the bank: %w", cfg.File, err)
		}
	}
	rd.timeline.loc = loc
	return rd
}

// Counts returns what has been read so far.
func (r *Reader) Counts() Counts { return r.counts }

// Reader counts what it reads without returning it, for reports.
var _ sladesk.LineCounter = (*Reader)(nil)

// NotQueued returns the rows that hung up in the voice menu (see
// sladesk.LineCounter).
func (r *Reader) NotQueued() int { return r.counts.VRUOnly }

// OtherLines returns the blank lines read (see sladesk.LineCounter).
func (r *Reader) OtherLines() int { return r.counts.Blank }

// Read returns the next call segment. At the end of the input it returns
// io.EOF. A row that cannot be read is rejected with a *sladesk.RecordError
// naming its line and column, and Read may be called again for the rows
// after it. A header line the reader cannot use is rejected the same way,
// wrapping ErrHeader, and then nothing more is read (Read returns io.EOF).
// Any other error comes from the underlying reader and is fatal: Read
// returns it from then on.
func (r *Reader) Read() (sladesk.Call, error) {
	for r.err == nil {
		line, long, err := r.nextLine()
		switch {
		case err != nil:
			r.err = err
		case len(line) == 0 && !long:
			r.counts.Blank++ // a blank line is no record
		case !r.header:
			if err := r.readHeader(line, long); err != nil {
				return sladesk.Call{}, err
			}
		default:
			if c, ok, err := r.readRow(line, long); ok || err != nil {
				return c, err
			}
		}
	}
	return sladesk.Call{}, r.err
}

// nextLine returns the next line without its line end. A line too long for
// the buffer is skipped and reported with long set. err is io.EOF at the
// end of the input, or a fatal read error.
func (r *Reader) nextLine() (line []byte, long bool, err error) {
	line, err = r.br.ReadSlice('\n')
	for errors.Is(err, bufio.ErrBufferFull) {
		long = true
		line, err = r.br.ReadSlice('\n')
	}
	switch {
	case err == io.EOF && (len(line) > 0 || long):
		// The last line has no line end; the next call returns io.EOF.
	case err == io.EOF:
		return nil, false, io.EOF
	case err != nil:
		return nil, false, fmt.Errorf("bankdata: reading %s after line %d: %w",
			r.cfg.File, r.line, err)
	}
	r.line++
	if long {
		return nil, true, nil
	}
	return trimLine(line), false, nil
}

// readHeader reads the header line. A header the reader cannot use is
// rejected and ends the input: the columns of the rows after it are
// unknown.
func (r *Reader) readHeader(line []byte, long bool) error {
	var err error
	if long {
		err = fmt.Errorf("longer than %d KiB", bufferSize>>10)
	} else {
		r.layout, err = parseHeader(line)
	}
	if err != nil {
		r.err = io.EOF
		return &sladesk.RecordError{File: r.cfg.File, Line: r.line, Field: "header",
			Reason: err.Error(), Err: ErrHeader}
	}
	r.header = true
	return nil
}

// readRow reads one data row and counts it. ok is false for a row that is
// not returned as a call (hung up in the voice menu, or rejected).
func (r *Reader) readRow(line []byte, long bool) (c sladesk.Call, ok bool, err error) {
	r.counts.Rows++
	c, ok, err = r.row(line, long)
	switch {
	case err != nil:
		r.counts.Rejected++
		return sladesk.Call{}, false, err
	case !ok:
		r.counts.VRUOnly++
	default:
		r.counts.Emitted++
		if c.Outcome == sladesk.Ignored {
			r.counts.Phantom++
		}
	}
	return c, ok, nil
}

// row turns one data row into a call segment, if it is one.
func (r *Reader) row(line []byte, long bool) (sladesk.Call, bool, error) {
	if long {
		return sladesk.Call{}, false, r.reject(noColumn,
			fmt.Sprintf("line longer than %d KiB", bufferSize>>10))
	}
	n, ok := split(line, r.layout.sep, &r.fields)
	if !ok {
		return sladesk.Call{}, false, r.reject(noColumn,
			fmt.Sprintf("more than %d fields", maxFields))
	}
	if err := r.checkFields(n); err != nil {
		return sladesk.Call{}, false, err
	}

	rec, err := r.parseRecord()
	if err != nil {
		return sladesk.Call{}, false, err
	}
	c, ok, err := r.segment(&rec)
	if err != nil || !ok {
		return sladesk.Call{}, false, err
	}

	// The rules above keep every invariant; this is the safety net that
	// turns a missed case into a rejection instead of a bad statistic.
	if err := c.Validate(); err != nil {
		re := sladesk.AsRecordError(err)
		if re == nil {
			re = &sladesk.RecordError{Reason: "invalid call", Err: err}
		}
		re.File, re.Line = r.cfg.File, r.line
		return sladesk.Call{}, false, re
	}
	return c, true, nil
}

// checkFields checks that a row has as many fields as the header. The
// first data row may have one more, starting with a row number: R's
// write.table leaves the row-number column out of the header, and then
// every column is one further right.
func (r *Reader) checkFields(n int) error {
	if !r.sized {
		r.sized = true
		if n == r.layout.fields+1 && isNumber(r.fields[0]) {
			r.layout.fields++
			for c := range r.layout.index {
				r.layout.index[c]++
			}
		}
	}
	if n != r.layout.fields {
		return r.reject(noColumn, fmt.Sprintf("%d fields, the header has %d", n, r.layout.fields))
	}
	return nil
}

// isNumber reports whether b is a run of decimal digits.
func isNumber(b []byte) bool {
	return len(b) > 0 && len(bytes.Trim(b, "0123456789")) == 0
}

// noColumn marks a rejection of the whole row.
const noColumn = numColumns

// reject returns the rejection of the current line for a reason found in
// column c (noColumn for the whole row).
func (r *Reader) reject(c column, reason string) error {
	field := ""
	if c != noColumn {
		field = r.layout.names[c]
	}
	return &sladesk.RecordError{File: r.cfg.File, Line: r.line, Field: field, Reason: reason}
}

// identity returns the call's ID (vru+line "/" call_id) and its customer,
// made in one allocation; "0", the unidentified caller, becomes "".
func (r *Reader) identity(rec *record) (id, customer string) {
	b := append(r.idBuf[:0], rec.vruLine...)
	b = append(b, '/')
	b = append(b, rec.callID...)
	n := len(b)
	if !bytes.Equal(rec.customer, []byte("0")) {
		b = append(b, rec.customer...)
	}
	r.idBuf = b
	s := string(b)
	return s[:n], s[n:]
}

// intern returns b as a string shared by every call with the same queue or
// agent name, so that a row costs no allocation for them.
func (r *Reader) intern(b []byte) string {
	if s, ok := r.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(r.names) < maxNames {
		r.names[s] = s
	}
	return s
}
