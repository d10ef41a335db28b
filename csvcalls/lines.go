package csvcalls

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

const (
	// bufferSize is the read buffer: large enough that a 10-million-row
	// file is read in few system calls, small enough to keep per reader.
	bufferSize = 256 << 10
	// maxRecord caps a line, or a record whose quoted field spans lines,
	// so that a file with a stray quote or no line breaks cannot take
	// unbounded memory.
	maxRecord = 1 << 20
)

// errLineTooLong reports a line longer than maxRecord, already skipped.
var errLineTooLong = errors.New("line too long")

// lineReader hands out physical lines without their line ending, counting
// them. A line is valid until the next call.
type lineReader struct {
	br   *bufio.Reader
	data []byte // when br is nil: the lines themselves, a block in memory
	line int    // lines read so far
	long []byte // a line longer than the buffer, assembled
	eol  string // the line ending cut from the last line: "\n", "\r\n" or ""
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, bufferSize)}
}

// next returns the next line, io.EOF at the end, errLineTooLong for a line
// past maxRecord (skipped), or the underlying read error.
func (l *lineReader) next() ([]byte, error) {
	if l.br == nil {
		return l.nextInMemory()
	}
	b, err := l.br.ReadSlice('\n')
	switch {
	case err == nil:
	case errors.Is(err, bufio.ErrBufferFull):
		return l.nextLong(b)
	case errors.Is(err, io.EOF) && len(b) > 0:
		// A last line without a line break.
	case errors.Is(err, io.EOF):
		return nil, io.EOF
	default:
		return nil, fmt.Errorf("read: %w", err)
	}
	l.line++
	return l.trimEOL(b), nil
}

// reset makes l read the lines of data, held in memory, numbering them
// from line+1: no copy, as a block of the file is already in memory.
func (l *lineReader) reset(data []byte, line int) {
	l.br, l.data, l.line = nil, data, line
}

// nextInMemory is next for lines held in memory.
func (l *lineReader) nextInMemory() ([]byte, error) {
	if len(l.data) == 0 {
		return nil, io.EOF
	}
	b := l.data
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i+1]
	}
	l.data = l.data[len(b):]
	l.line++
	if len(b) > maxRecord {
		return nil, errLineTooLong
	}
	return l.trimEOL(b), nil
}

// nextLong assembles a line that does not fit the buffer.
func (l *lineReader) nextLong(b []byte) ([]byte, error) {
	l.long = append(l.long[:0], b...)
	tooLong := false
	for {
		b, err := l.br.ReadSlice('\n')
		if !tooLong {
			l.long = append(l.long, b...)
			tooLong = len(l.long) > maxRecord
		}
		if err == nil || errors.Is(err, io.EOF) {
			break
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("read: %w", err)
		}
	}
	l.line++
	if tooLong {
		l.long = l.long[:0]
		return nil, errLineTooLong
	}
	return l.trimEOL(l.long), nil
}

// trimEOL cuts the line ending, remembering it: a quoted field that spans
// lines keeps the ending it had in the file.
func (l *lineReader) trimEOL(b []byte) []byte {
	n := len(b)
	switch {
	case n >= 2 && b[n-2] == '\r' && b[n-1] == '\n':
		l.eol = "\r\n"
	case n >= 1 && b[n-1] == '\n':
		l.eol = "\n"
	default:
		l.eol = ""
	}
	return b[:n-len(l.eol)]
}

// span is where a field lies in a record. Spans hold offsets, not slices:
// a slice is a pointer, and storing 13 of them per row in the reader's
// heap-allocated array costs a GC write barrier each while the collector
// runs.
type span struct{ start, end int32 }

// splitPlain splits a line that holds no quote at the delimiter. The spans
// index the line itself: no copy, no allocation once spans has grown.
func splitPlain(line []byte, delim byte, spans []span) []span {
	spans = spans[:0]
	start := 0
	for {
		i := bytes.IndexByte(line[start:], delim)
		if i < 0 {
			return append(spans, span{int32(start), int32(len(line))})
		}
		spans = append(spans, span{int32(start), int32(start + i)})
		start += i + 1
	}
}

// quoteState is where a quote-aware split stands after a byte.
type quoteState uint8

const (
	atFieldStart quoteState = iota
	inPlainField
	inQuotedField
	afterQuote // a quote inside a quoted field: the end, or the first of ""
)

// quoteSplitter splits records by RFC 4180: a field may be quoted, a quote
// inside it is doubled, and a quoted field may hold delimiters and line
// breaks, so one record may span lines. It copies the unquoted contents.
type quoteSplitter struct {
	delim byte
	state quoteState
	buf   []byte // field contents, one after another
	ends  []int  // end of each finished field in buf
}

func (q *quoteSplitter) reset() {
	q.state, q.buf, q.ends = atFieldStart, q.buf[:0], q.ends[:0]
}

// feed splits one line that ended with eol. It returns more == true when
// the line ends inside a quoted field and the next line continues the
// record, and a reason when the line breaks the quoting rules.
func (q *quoteSplitter) feed(line []byte, eol string) (more bool, reason string) {
	for _, c := range line {
		if reason := q.step(c); reason != "" {
			return false, reason
		}
	}
	if q.state == inQuotedField {
		q.buf = append(q.buf, eol...)
		return true, ""
	}
	q.ends = append(q.ends, len(q.buf))
	return false, ""
}

func (q *quoteSplitter) step(c byte) string {
	switch q.state {
	case atFieldStart:
		switch c {
		case '"':
			q.state = inQuotedField
		case q.delim:
			q.ends = append(q.ends, len(q.buf))
		default:
			q.buf, q.state = append(q.buf, c), inPlainField
		}
	case inPlainField:
		switch c {
		case '"':
			return "a quote inside a field that does not start with one " +
				"(quote the field and double the quote)"
		case q.delim:
			q.ends, q.state = append(q.ends, len(q.buf)), atFieldStart
		default:
			q.buf = append(q.buf, c)
		}
	case inQuotedField:
		if c == '"' {
			q.state = afterQuote
		} else {
			q.buf = append(q.buf, c)
		}
	case afterQuote:
		switch c {
		case '"':
			q.buf, q.state = append(q.buf, c), inQuotedField
		case q.delim:
			q.ends, q.state = append(q.ends, len(q.buf)), atFieldStart
		default:
			return "text after the closing quote of a field"
		}
	}
	return ""
}

// spans returns the finished fields as spans of q.buf.
func (q *quoteSplitter) spans(dst []span) []span {
	dst = dst[:0]
	start := 0
	for _, end := range q.ends {
		dst = append(dst, span{int32(start), int32(end)})
		start = end
	}
	return dst
}
