package stats

import "sort"

// Histogram counts waits by whole second, rounded up (a wait of 20.4 s is
// counted at 21 s, so "within 20 s" stays exact). It is sparse: an interval
// keeps one bin per distinct wait, which stays small however many calls it
// holds, and any threshold can be applied later without the raw calls.
//
// The zero value is an empty histogram.
type Histogram struct {
	bins []Bin // sorted by Seconds, no duplicates, no zero counts
}

// Bin is the number of waits of one whole second.
type Bin struct {
	Seconds int64
	Count   int64
}

// Add counts one wait of sec seconds.
func (h *Histogram) Add(sec int64) { h.AddN(sec, 1) }

// AddN counts n waits of sec seconds.
func (h *Histogram) AddN(sec, n int64) {
	if n == 0 {
		return
	}
	b := h.bins

	// Most adds land on a small wait already present; a binary search
	// finds it, and the rare new bin is inserted in place.
	i := sort.Search(len(b), func(i int) bool { return b[i].Seconds >= sec })
	if i < len(b) && b[i].Seconds == sec {
		b[i].Count += n
		return
	}
	b = append(b, Bin{})
	copy(b[i+1:], b[i:])
	b[i] = Bin{Seconds: sec, Count: n}
	h.bins = b
}

// Count returns the number of waits counted.
func (h *Histogram) Count() int64 {
	var n int64
	for _, b := range h.bins {
		n += b.Count
	}
	return n
}

// AtMost returns the number of waits of at most sec seconds.
func (h *Histogram) AtMost(sec int64) int64 {
	var n int64
	for _, b := range h.bins {
		if b.Seconds > sec {
			break
		}
		n += b.Count
	}
	return n
}

// Max returns the longest wait counted, in seconds; 0 when empty.
func (h *Histogram) Max() int64 {
	if len(h.bins) == 0 {
		return 0
	}
	return h.bins[len(h.bins)-1].Seconds
}

// Bins returns the bins in order of wait; the slice must not be modified.
func (h *Histogram) Bins() []Bin { return h.bins }

// Merge adds every count of o to h.
func (h *Histogram) Merge(o *Histogram) {
	if len(o.bins) == 0 {
		return
	}
	if len(h.bins) == 0 {
		h.bins = append([]Bin(nil), o.bins...)
		return
	}
	merged := make([]Bin, 0, len(h.bins)+len(o.bins))
	i, j := 0, 0
	for i < len(h.bins) && j < len(o.bins) {
		a, b := h.bins[i], o.bins[j]
		switch {
		case a.Seconds < b.Seconds:
			merged = append(merged, a)
			i++
		case a.Seconds > b.Seconds:
			merged = append(merged, b)
			j++
		default:
			merged = append(merged, Bin{a.Seconds, a.Count + b.Count})
			i++
			j++
		}
	}
	merged = append(merged, h.bins[i:]...)
	merged = append(merged, o.bins[j:]...)
	h.bins = merged
}
