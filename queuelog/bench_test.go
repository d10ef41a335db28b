package queuelog

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

// BenchmarkReader reads a generated queue_log of 20 000 overlapping calls.
func BenchmarkReader(b *testing.B) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, c := range randomCalls(rand.New(rand.NewPCG(1, 2)), 20000) {
		if err := w.Write(c); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	log := buf.Bytes()
	b.SetBytes(int64(len(log)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(log), Config{File: "bench"})
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
