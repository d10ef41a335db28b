package csvcalls

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/sladesk/sladesk"
)

// Sink receives what one worker of ReadParallel reads. Its functions are
// called from that worker's goroutine only, so a sink needs no locking. The
// call handed to Add is reused for the next row: a sink that keeps it must
// copy it.
type Sink struct {
	Add    func(*sladesk.Call)
	Reject func(*sladesk.RecordError)
}

// blockSize is how much of the file a worker parses at a time: large
// enough that handing blocks over costs nothing, small enough that a few in
// flight take little memory. A variable so that tests can cut small blocks.
var blockSize = 4 << 20

// block is a run of whole records and the line number of its first line.
type block struct {
	data      []byte
	firstLine int
	tooLong   bool // the line at firstLine is longer than a record may be
}

// Parallel reports whether ReadParallel can spread this reader's records
// over several goroutines: not when rows are merged (the rows of one call
// must meet on one goroutine), not when agent events are wanted (the
// callback is not safe for concurrent use), and not when quoted fields may
// span lines (a record's end then depends on every quote before it, and a
// block boundary could split what one reader would join).
func (r *Reader) Parallel() bool {
	return r.merge == nil && r.AgentEvent == nil && !r.m.MultilineFields
}

// ReadParallel reads the rest of the file on n goroutines, handing worker w
// the sink sinks(w). One goroutine cuts the file into blocks of whole
// records (a quoted field with a line break stays whole) and counts their
// lines, so rejections carry their exact line; the workers parse blocks in
// any order, so calls reach the sinks in no particular order. When Parallel
// is false it reads sequentially into sinks(0). It returns the first fatal
// error, or ctx's error when ctx ends first.
func (r *Reader) ReadParallel(ctx context.Context, n int, sinks func(worker int) Sink) error {
	if n < 1 || !r.Parallel() {
		return r.readInto(ctx, sinks(0))
	}
	blocks := make(chan block, n)
	free := make(chan []byte, 2*n+2) // parsed blocks' buffers, to reuse
	errc := make(chan error, n+1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var wg sync.WaitGroup
	workers := make([]*Reader, n)
	for w := range n {
		workers[w] = r.worker()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := workers[w].parseBlocks(ctx, blocks, free, sinks(w)); err != nil {
				errc <- err
				cancel()
			}
		}()
	}
	if err := r.cutBlocks(ctx, blocks, free); err != nil {
		errc <- err
		cancel()
	}
	close(blocks)
	wg.Wait()
	for _, w := range workers {
		r.blank += w.blank
	}
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err()
}

// readInto reads sequentially into one sink.
func (r *Reader) readInto(ctx context.Context, s Sink) error {
	return drain(ctx, r.Read, s)
}

// drain hands every call read to s.Add and every rejection to s.Reject,
// until the end of the input or a fatal error.
func drain(ctx context.Context, read func() (sladesk.Call, error), s Sink) error {
	var c sladesk.Call // one for every row: sinks must not keep it
	for i := 0; ; i++ {
		if i&4095 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		var err error
		c, err = read()
		var re *sladesk.RecordError
		switch {
		case err == nil:
			s.Add(&c)
		case errors.Is(err, io.EOF):
			return nil
		case errors.As(err, &re):
			s.Reject(re)
		default:
			return err
		}
	}
}

// worker returns a reader that shares r's mapping and header but has its
// own caches and buffers, to parse blocks on another goroutine.
func (r *Reader) worker() *Reader {
	w := &Reader{
		SkipIdentity: r.SkipIdentity,
		KeepAgent:    r.KeepAgent,
		file:         r.file,
		m:            r.m,
		delim:        r.delim,
		ncols:        r.ncols,
		cols:         r.cols,
		times:        newTimeReader(&r.m),
		outcome:      r.outcome, // read-only after construction
		agentRe:      r.agentRe, // a Regexp is safe for concurrent use
		queues:       newInterner(),
		agents:       newInterner(),
	}
	w.quotes.delim = w.delim
	return w
}

// parseBlocks parses every block it receives into s.
func (r *Reader) parseBlocks(ctx context.Context, blocks <-chan block, free chan<- []byte, s Sink) error {
	r.lines = &lineReader{}
	for b := range blocks {
		if err := r.parseBlock(ctx, b, s); err != nil {
			return err
		}
		select {
		case free <- b.data[:0]:
		default:
		}
	}
	return nil
}

// parseBlock parses one block into s.
func (r *Reader) parseBlock(ctx context.Context, b block, s Sink) error {
	if ctx.Err() != nil {
		return nil // keep taking blocks, so the cutter never blocks
	}
	if b.tooLong {
		s.Reject(&sladesk.RecordError{File: r.file, Line: b.firstLine,
			Reason: fmt.Sprintf("line longer than %d bytes", maxRecord)})
		return nil
	}
	r.lines.reset(b.data, b.firstLine-1)
	return drain(ctx, r.readRow, s)
}

// cutBlocks reads the rest of the file and sends it as blocks of whole
// records. Every block, and so every carry-over, starts on a record
// boundary, outside quotes.
func (r *Reader) cutBlocks(ctx context.Context, out chan<- block, free <-chan []byte) error {
	src := r.lines.br // what follows the header, already buffered
	line := r.lines.line + 1
	var carry []byte
	for {
		buf := newBlock(free, len(carry)+blockSize)
		buf = append(buf, carry...)
		n, err := io.ReadFull(src, buf[len(buf):cap(buf)])
		buf = buf[:len(carry)+n]
		// Only ReadFull's own sentinels mean the end: a wrapped one is a
		// truncated gzip stream, which must fail as it does on one core.
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return fmt.Errorf("read: %w", err)
		}

		cut := recordsEnd(buf, r.delim)
		if eof {
			cut = len(buf)
		}
		if cut == 0 && len(buf) > maxRecord {
			// A line too long to be a record: reject it whole, as the
			// sequential reader does, and go on after its end.
			rest, err := r.skipLongLine(ctx, out, src, buf, line)
			if err != nil || rest == nil {
				return err
			}
			carry, line = rest, line+1
			continue
		}
		if cut > 0 {
			select {
			case out <- block{data: buf[:cut], firstLine: line}:
			case <-ctx.Done():
				return nil
			}
			line += bytes.Count(buf[:cut], []byte{'\n'})
		}
		// The carry shares buf with the block just sent; it is copied into
		// the next buffer before this goroutine takes any buffer back, so a
		// worker done with buf cannot have it overwritten first.
		carry = buf[cut:]
		if eof {
			return nil
		}
	}
}

// newBlock returns an empty buffer of at least size bytes, reusing one
// the workers are done with when there is one: the file passes through a
// few buffers instead of a new one every few megabytes.
func newBlock(free <-chan []byte, size int) []byte {
	select {
	case b := <-free:
		if cap(b) >= size {
			return b
		}
	default:
	}
	return make([]byte, 0, size)
}

// skipLongLine sends the rejection of the over-long line at the start of
// buf and reads past its end; it returns what follows the line (nil at the
// end of the file).
func (r *Reader) skipLongLine(ctx context.Context, out chan<- block, src io.Reader, buf []byte,
	line int) ([]byte, error) {
	select {
	case out <- block{firstLine: line, tooLong: true}:
	case <-ctx.Done():
		return nil, nil
	}
	chunk := buf
	for {
		if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
			return append([]byte(nil), chunk[i+1:]...), nil
		}
		n, err := src.Read(buf[:cap(buf)])
		chunk = buf[:n]
		if err == io.EOF && n == 0 {
			return nil, nil
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read: %w", err)
		}
	}
}

// recordsEnd returns the length of buf's longest prefix of whole records:
// up to and including its last line break, since without MultilineFields
// every line is a record of its own (or the rejection of one).
func recordsEnd(buf []byte, delim byte) int {
	return bytes.LastIndexByte(buf, '\n') + 1
}
