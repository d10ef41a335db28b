package csvcalls

import (
	"container/heap"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sladesk/sladesk"
)

// readMerged reads rows into groups by id and returns calls as their
// groups close.
//
// BUG: a row whose fields cannot be split at all (broken quoting, a line
// too long) is not tied to its call, so the call is merged from its other
// rows alone; reading the id from the text before the fault would tie it.
func (r *Reader) readMerged() (sladesk.Call, error) {
	for {
		if res, ok := r.merge.next(); ok {
			return res.call, res.err
		}
		if r.merge.done {
			return sladesk.Call{}, io.EOF
		}

		c, err := r.readRow()
		var re *sladesk.RecordError
		switch {
		case errors.Is(err, io.EOF):
			r.merge.closeAll()
		case errors.As(err, &re):
			// The call this row belongs to is incomplete without it.
			if id := r.rejectedID(); len(id) > 0 {
				r.merge.spoil(string(id), re.Line)
			}
			return sladesk.Call{}, err
		case err != nil:
			return sladesk.Call{}, err
		default:
			if err := r.merge.add(c); err != nil {
				return sladesk.Call{}, err
			}
			r.merge.closeDue()
		}
	}
}

// rejectedID returns the id of the row just rejected: the one read, or,
// for a row rejected before that (a wrong number of fields), its id column
// when the row has one.
func (r *Reader) rejectedID() []byte {
	if len(r.rowID) > 0 {
		return r.rowID
	}
	if r.split && r.cols.id.index >= 0 && r.cols.id.index < len(r.spans) {
		return trimSpace(r.cell(r.cols.id))
	}
	return nil
}

// merger holds the open groups of rows sharing an id. A group closes once
// the file has moved on (by arrival time) more than the window past the
// group's last time; closed ids are remembered for one more window, so
// that a straggling row is rejected instead of becoming a second call.
type merger struct {
	window   time.Duration
	file     string
	idColumn string

	open     map[string]*group
	due      groupHeap // open groups, the first to close on top
	progress time.Time // latest arrival read

	closed  map[string]time.Time // closed id -> when to forget it
	forget  []closedID           // closed ids in the order they close
	out     []result             // closed calls waiting to be read
	outHead int
	done    bool
}

// group is the rows of one call read so far.
type group struct {
	id      string
	rows    []sladesk.Call
	last    time.Time // latest arrival, answer or end of the rows
	line    int       // line of the first row
	spoiled int       // line of a rejected row of this call, 0 if none
	index   int       // in the heap
}

type closedID struct {
	id string
	at time.Time
}

type result struct {
	call sladesk.Call
	err  error
}

func newMerger(window time.Duration, file, idColumn string) *merger {
	return &merger{
		window: window, file: file, idColumn: idColumn,
		open: map[string]*group{}, closed: map[string]time.Time{},
	}
}

// next returns the next closed call or rejection, if any.
func (m *merger) next() (result, bool) {
	if m.outHead == len(m.out) {
		m.out, m.outHead = m.out[:0], 0
		return result{}, false
	}
	res := m.out[m.outHead]
	m.out[m.outHead] = result{}
	m.outHead++
	return res, true
}

// add puts a row into its group, opening one if needed.
func (m *merger) add(c sladesk.Call) error {
	if _, ok := m.closed[c.ID]; ok {
		return &sladesk.RecordError{File: m.file, Line: c.Line, Field: m.idColumn, Reason: fmt.Sprintf(
			"row of call %s arrives after its call was closed (merge_window %s is shorter than the "+
				"spread of its rows in this file)", c.ID, m.window)}
	}
	if m.progress.IsZero() {
		m.startClock(c.Arrived)
	}
	if c.Arrived.After(m.progress) {
		m.progress = c.Arrived
	}
	g := m.group(c.ID, c.Line, c.Arrived)
	g.rows = append(g.rows, c)
	for _, t := range []time.Time{c.Arrived, c.AnsweredAt, c.Ended} {
		if t.After(g.last) {
			g.last = t
		}
	}
	heap.Fix(&m.due, g.index)
	return nil
}

// startClock sets the first progress time. Groups opened before it by
// rejected rows had no time to close by; they get this one.
func (m *merger) startClock(t time.Time) {
	m.progress = t
	for _, g := range m.due {
		if g.last.IsZero() {
			g.last = t
		}
	}
	heap.Init(&m.due)
}

// group returns the open group of id, opening it at line and time at.
func (m *merger) group(id string, line int, at time.Time) *group {
	g, ok := m.open[id]
	if !ok {
		g = &group{id: id, line: line, last: at}
		m.open[id] = g
		heap.Push(&m.due, g)
	}
	return g
}

// spoil marks the call of a rejected row, so that it is rejected as a
// whole rather than emitted without the row.
func (m *merger) spoil(id string, line int) {
	if _, ok := m.closed[id]; ok {
		return
	}
	if g := m.group(id, line, m.progress); g.spoiled == 0 {
		g.spoiled = line
	}
}

// closeDue closes the groups the file has moved past, and forgets closed
// ids a window after they closed.
func (m *merger) closeDue() {
	for len(m.due) > 0 && m.progress.Sub(m.due[0].last) > m.window {
		m.close(heap.Pop(&m.due).(*group))
	}
	for len(m.forget) > 0 && m.progress.After(m.forget[0].at) {
		f := m.forget[0]
		if m.closed[f.id].Equal(f.at) {
			delete(m.closed, f.id)
		}
		m.forget = m.forget[1:]
	}
}

// closeAll closes every group at the end of the file.
func (m *merger) closeAll() {
	for len(m.due) > 0 {
		m.close(heap.Pop(&m.due).(*group))
	}
	m.done = true
}

func (m *merger) close(g *group) {
	delete(m.open, g.id)
	at := m.progress.Add(m.window)
	m.closed[g.id] = at
	m.forget = append(m.forget, closedID{g.id, at})

	switch {
	case len(g.rows) == 0:
		// Only rejected rows: each was reported already.
	case g.spoiled > 0:
		m.out = append(m.out, result{err: &sladesk.RecordError{
			File: m.file, Line: g.line, Field: m.idColumn, Reason: fmt.Sprintf(
				"call %s not merged: its row on line %d was rejected", g.id, g.spoiled)}})
	default:
		m.out = append(m.out, m.merged(g))
	}
}

// merged makes one call of a group's rows; see the package documentation
// for the rules.
func (m *merger) merged(g *group) result {
	if len(g.rows) == 1 {
		return result{call: g.rows[0]}
	}
	first, answered := g.rows[0], -1
	exit, ended := first.Arrived, time.Time{}
	var talk, hold, wrap time.Duration
	for i, row := range g.rows {
		if row.Arrived.Before(first.Arrived) {
			first = row
		}
		if row.Ended.After(ended) {
			ended = row.Ended
		}
		if row.Outcome == sladesk.Answered {
			if answered < 0 || row.AnsweredAt.Before(g.rows[answered].AnsweredAt) {
				answered = i
			}
			talk, hold, wrap = talk+row.Talk, hold+row.Hold, wrap+row.Wrap
		} else if e := row.Arrived.Add(row.Wait); e.After(exit) {
			exit = e
		}
	}

	c := first
	c.Line, c.Ended = g.line, ended
	if answered >= 0 {
		a := g.rows[answered]
		c.Outcome, c.AnsweredAt, c.Agent, c.Ending = sladesk.Answered, a.AnsweredAt, a.Agent, a.Ending
		c.Wait, c.Talk, c.Hold, c.Wrap = a.AnsweredAt.Sub(c.Arrived), talk, hold, wrap
	} else {
		c.Outcome, c.AnsweredAt, c.Agent = lastOutcome(g.rows), time.Time{}, ""
		c.Wait, c.Talk, c.Hold, c.Wrap = exit.Sub(c.Arrived), 0, 0, 0
	}
	if err := c.Validate(); err != nil {
		// Rows that passed alone make a valid call; this is a safety net.
		return result{err: &sladesk.RecordError{File: m.file, Line: g.line, Field: m.idColumn,
			Reason: fmt.Sprintf("merged call %s is not valid", g.id), Err: err}}
	}
	return result{call: c}
}

// lastOutcome is how an unanswered call finally left: the outcome of its
// last row to end, not counting ignored rows unless all are.
func lastOutcome(rows []sladesk.Call) sladesk.Outcome {
	out, end := sladesk.Ignored, time.Time{}
	for _, row := range rows {
		e := row.Arrived.Add(row.Wait)
		if row.Outcome != sladesk.Ignored && (out == sladesk.Ignored || !e.Before(end)) {
			out, end = row.Outcome, e
		}
	}
	return out
}

// groupHeap orders open groups by their last time: the group the file
// leaves behind first is on top.
type groupHeap []*group

func (h groupHeap) Len() int           { return len(h) }
func (h groupHeap) Less(i, j int) bool { return h[i].last.Before(h[j].last) }
func (h groupHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *groupHeap) Push(x any) {
	g := x.(*group)
	g.index = len(*h)
	*h = append(*h, g)
}
func (h *groupHeap) Pop() any {
	old := *h
	g := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return g
}
