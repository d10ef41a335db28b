// Package ingest opens call-record files of any supported format: it reads
// gzip transparently, tells the format from the first bytes (or takes it
// from the caller), and hands back a sladesk.CallReader. It also holds the
// loop that reads a whole file, counting calls and rejections.
package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/bankdata"
	"github.com/sladesk/sladesk/csvcalls"
	"github.com/sladesk/sladesk/queuelog"
)

// Format names an input format.
type Format string

// The input formats.
const (
	Auto     Format = "auto"      // tell from the first bytes
	Bank     Format = "bank"      // the Anonymous Bank layout
	QueueLog Format = "queue_log" // Asterisk queue_log
	CSV      Format = "csv"       // CSV call records with a column mapping
)

// ParseFormat returns the format with the given name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case "", Auto:
		return Auto, nil
	case Bank, QueueLog, CSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown input format %q (want auto, bank, queue_log or csv)", s)
}

// Options say how to read files.
type Options struct {
	// Format forces a format; the zero value tells it from the data.
	Format Format
	// Mapping maps the columns of CSV files of another layout; nil means
	// the project's own. With Format Auto it applies to the files that are
	// none of the known layouts; with Format CSV, to every file.
	Mapping *csvcalls.Mapping
	// BankLocation is the time zone of Anonymous Bank times; nil means
	// the bank's own, Asia/Jerusalem.
	BankLocation *time.Location
	// QueueLogLocation is the time zone of queue_log lines written with a
	// date rather than an epoch; nil rejects such lines.
	QueueLogLocation *time.Location
	// OnAgentEvent receives the agent events of a queue_log; optional.
	OnAgentEvent func(sladesk.AgentEvent)
	// CountOnly says the caller only counts calls into interval
	// statistics, so readers may leave out what no statistic uses (ids,
	// customer keys) and save the work.
	CountOnly bool
	// KeepAgent keeps the agent of each call under CountOnly, for
	// measuring the agents at work.
	KeepAgent bool
}

// File is an open call-record file.
type File struct {
	// Path is the file's name as given ("-" is standard input).
	Path string
	// Format is the format read.
	Format Format
	// Reader yields the file's calls.
	Reader sladesk.CallReader
	// Size is the file's size on disk in bytes; 0 when unknown.
	Size int64

	counter *countingReader
	closers []io.Closer
}

// sniffLen is how much of a file is looked at to tell its format.
const sniffLen = 64 << 10

// Open opens the file at path ("-" for standard input) and returns a
// reader of its calls. It returns an error naming the file when the file
// cannot be opened or its format cannot be told.
func Open(path string, opts Options) (*File, error) {
	f := &File{Path: path}
	var src io.Reader = os.Stdin
	if path != "-" {
		osf, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		f.closers = append(f.closers, osf)
		if st, err := osf.Stat(); err == nil {
			f.Size = st.Size()
		}
		src = osf
	}
	f.counter = &countingReader{r: src}

	r, err := f.decompress(bufio.NewReaderSize(f.counter, sniffLen))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := f.open(r, opts); err != nil {
		f.Close()
		if sladesk.AsRecordError(err) != nil {
			return nil, err // it names the file and line already
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// decompress returns r, or a gzip reader over it when the data starts with
// the gzip magic number.
func (f *File) decompress(r *bufio.Reader) (*bufio.Reader, error) {
	head, _ := r.Peek(2)
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return r, nil
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err // "gzip: invalid header" says it already
	}
	f.closers = append(f.closers, zr)
	return bufio.NewReaderSize(gzipErrors{zr}, sniffLen), nil
}

// open picks the format and makes the reader.
func (f *File) open(r *bufio.Reader, opts Options) error {
	format := opts.Format
	if format == "" || format == Auto {
		head, err := r.Peek(sniffLen)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		format = detect(head, opts)
		if len(head) == 0 {
			return errors.New("the file is empty")
		}
		if format == "" {
			return errors.New("cannot tell the input format: name it with --input-format " +
				"(bank, queue_log or csv) and, for a CSV of your own layout, --csv-map")
		}
	}
	f.Format = format

	switch format {
	case Bank:
		f.Reader = bankdata.NewReader(r, bankdata.Config{File: f.Path, Location: opts.BankLocation})
	case QueueLog:
		f.Reader = queuelog.NewReader(r, queuelog.Config{File: f.Path,
			Location: opts.QueueLogLocation, OnAgentEvent: opts.OnAgentEvent})
	case CSV:
		// The native layout keeps its own mapping unless the format was
		// forced: then the mapping given is for every file.
		m := csvcalls.NativeMapping()
		if opts.Mapping != nil && (opts.Format == CSV || opts.Mapping.IsNative() || !csvcalls.Detect(head(r))) {
			m = *opts.Mapping
		}
		cr, err := csvcalls.NewReader(r, m, f.Path)
		if err != nil {
			return err
		}
		cr.SkipIdentity, cr.KeepAgent = opts.CountOnly, opts.KeepAgent
		f.Reader = cr
	default:
		return fmt.Errorf("unknown input format %q", format)
	}
	return nil
}

// head returns the first bytes of r without consuming them.
func head(r *bufio.Reader) []byte {
	b, _ := r.Peek(sniffLen)
	return b
}

// detect tells the format from the first bytes, or returns "". A file
// that is none of the known layouts is a CSV of the mapping, when one is
// given: so one report can read one vendor's queue_log and another's CSV.
func detect(head []byte, opts Options) Format {
	switch {
	case bankdata.Detect(head):
		return Bank
	case queuelog.Detect(head):
		return QueueLog
	case csvcalls.Detect(head):
		return CSV
	case opts.Mapping != nil:
		return CSV
	}
	return ""
}

// NotQueued returns how many calls of f never reached a queue (the
// Anonymous Bank's hang-ups in the voice menu): not offered, not rejected,
// but counted so that every row is accounted for.
func (f *File) NotQueued() int64 {
	if lc, ok := f.Reader.(sladesk.LineCounter); ok {
		return int64(lc.NotQueued())
	}
	return 0
}

// OtherLines returns how many lines of f hold no call segment (blank
// lines, a queue_log's agent events, restarts and reloads), so that a
// report can account for every line.
func (f *File) OtherLines() int64 {
	if lc, ok := f.Reader.(sladesk.LineCounter); ok {
		return int64(lc.OtherLines())
	}
	return 0
}

// BytesRead returns how many bytes of the file (compressed, if it is) have
// been read so far; safe to call from another goroutine, for progress.
func (f *File) BytesRead() int64 { return f.counter.n.Load() }

// Close closes the file.
func (f *File) Close() error {
	var first error
	for i := len(f.closers) - 1; i >= 0; i-- {
		if err := f.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	f.closers = nil
	return first
}

// gzipErrors says that an error came from the compressed stream, so that
// a truncated file reads "gzip: unexpected EOF", not a bare "unexpected EOF".
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// Counts are what reading a file found.
type Counts struct {
	Calls    int64 // segments read, ignored ones included
	Ignored  int64 // segments with outcome Ignored (not real calls)
	Rejected int64 // records rejected
}

// ErrStrict wraps the first rejection when reading strictly.
var ErrStrict = errors.New("rejected record (strict mode stops at the first)")

// ReadAll reads every call of r, handing each to add and each rejection to
// reject; the call handed to add is reused for the next record. With
// strict set it stops at the first rejection and returns it, wrapped in
// ErrStrict. It stops early when ctx is done.
func ReadAll(ctx context.Context, r sladesk.CallReader, strict bool,
	add func(*sladesk.Call), reject func(*sladesk.RecordError)) (Counts, error) {
	var n Counts
	var c sladesk.Call // one for every record: add must not keep it
	for i := 0; ; i++ {
		if i&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		var err error
		c, err = r.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			re := sladesk.AsRecordError(err)
			if re == nil || errors.Is(err, bankdata.ErrHeader) {
				// A header that cannot be read loses every row after it:
				// that is the file failing, not one record.
				return n, err
			}
			n.Rejected++
			if strict {
				return n, fmt.Errorf("%w: %w", ErrStrict, re)
			}
			reject(re)
			continue
		}
		n.Calls++
		if c.Outcome == sladesk.Ignored {
			n.Ignored++
		}
		add(&c)
	}
}

// Sink receives the calls and rejections one worker reads; its functions
// are called from one goroutine only.
type Sink = csvcalls.Sink

// parallelReader is a reader that can spread its records over goroutines.
type parallelReader interface {
	Parallel() bool
	ReadParallel(ctx context.Context, n int, sinks func(worker int) csvcalls.Sink) error
}

// Workers returns how many goroutines ReadParallel would use for f with n
// wanted: n for formats that parse in parallel, else 1.
func (f *File) Workers(n int) int {
	if pr, ok := f.Reader.(parallelReader); ok && pr.Parallel() && n > 1 {
		return n
	}
	return 1
}

// ReadParallel reads every record of f into the sinks of f.Workers(n)
// workers, in no particular order. Formats whose records depend on one
// another (queue_log, merged CSV rows) are read sequentially into sink 0.
func (f *File) ReadParallel(ctx context.Context, n int, sinks func(worker int) Sink) error {
	if pr, ok := f.Reader.(parallelReader); ok && f.Workers(n) > 1 {
		return pr.ReadParallel(ctx, n, sinks)
	}
	s := sinks(0)
	_, err := ReadAll(ctx, f.Reader, false, s.Add, s.Reject)
	return err
}
