package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/csvcalls"
)

const (
	queueLog = "1710001000|1710001000.1|sales|NONE|ENTERQUEUE||5550111|1\n" +
		"1710001005|1710001000.1|sales|PJSIP/201|CONNECT|5|1710001000.2|4\n" +
		"1710001125|1710001000.1|sales|PJSIP/201|COMPLETECALLER|5|120|1\n"
	native = csvcalls.NativeHeader + "\n" +
		"c1,c1,sales,2024-03-05T09:00:00Z,2024-03-05T09:00:05Z,2024-03-05T09:02:05Z,answered,A,,5,120,0,0\n" +
		"c2,c2,sales,2024-03-05T09:01:00Z,,2024-03-05T09:01:30Z,abandoned,,,30,0,0,0\n" +
		"c3,c3,sales,not-a-time,,2024-03-05T09:01:30Z,abandoned,,,30,0,0,0\n"
	bank = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\t" +
		"q_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\r\n" +
		"AA0101\t1\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t7:02:56\t7:03:06\t10\tAGENT\t7:03:06\t7:05:41\t155\tDORIT\r\n"
)

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestOpenDetects checks that each format is told from its first bytes,
// gzipped or not, and read to the end.
func TestOpenDetects(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		format   Format
		calls    int64
		rejected int64
	}{
		{"queue_log", []byte(queueLog), QueueLog, 1, 0},
		{"queue_log gzipped", gz(t, queueLog), QueueLog, 1, 0},
		{"native CSV", []byte(native), CSV, 2, 1},
		{"native CSV gzipped", gz(t, native), CSV, 2, 1},
		{"bank", []byte(bank), Bank, 1, 0},
		{"bank gzipped", gz(t, bank), Bank, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Open(write(t, "in", tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if f.Format != tt.format {
				t.Errorf("format %s, want %s", f.Format, tt.format)
			}
			var rejected []*sladesk.RecordError
			n, err := ReadAll(context.Background(), f.Reader, false, func(*sladesk.Call) {},
				func(e *sladesk.RecordError) { rejected = append(rejected, e) })
			if err != nil {
				t.Fatal(err)
			}
			if n.Calls != tt.calls || n.Rejected != tt.rejected || int64(len(rejected)) != tt.rejected {
				t.Errorf("read %+v, want %d calls and %d rejected", n, tt.calls, tt.rejected)
			}
			if f.BytesRead() != int64(len(tt.data)) {
				t.Errorf("read %d bytes of %d", f.BytesRead(), len(tt.data))
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		opts Options
		want string
	}{
		{"unknown format", []byte("hello,world\n1,2\n"), Options{}, "cannot tell the input format"},
		{"empty file", nil, Options{}, "the file is empty"},
		{"corrupt gzip", []byte{0x1f, 0x8b, 0, 1, 2}, Options{}, "gzip"},
		{"CSV without its columns", []byte("a,b\n1,2\n"), Options{Format: CSV}, "no such column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, "in", tt.data)
			_, err := Open(p, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("error %v, want one naming %s and saying %q", err, p, tt.want)
			}
		})
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing"), Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestReadAllStrict checks that strict reading stops at the first
// rejection and says where it is.
func TestReadAllStrict(t *testing.T) {
	f, err := Open(write(t, "in.csv", []byte(native)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := ReadAll(context.Background(), f.Reader, true, func(*sladesk.Call) {}, func(*sladesk.RecordError) {
		t.Error("strict reading handed on a rejection")
	})
	if !errors.Is(err, ErrStrict) || sladesk.AsRecordError(err) == nil || sladesk.AsRecordError(err).Line != 4 {
		t.Fatalf("error %v, want the strict rejection of line 4", err)
	}
	if n.Calls != 2 || n.Rejected != 1 {
		t.Errorf("counts %+v", n)
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"", "auto", "bank", "queue_log", "csv"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
}

// TestBankHeaderIsFatal: a bank file whose header cannot be read fails as
// a whole, rather than losing every row behind one rejection.
func TestBankHeaderIsFatal(t *testing.T) {
	broken := strings.Replace(bank, "q_time", "q_tim", 1)
	f, err := Open(write(t, "in.tsv", []byte(broken)), Options{Format: Bank})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = ReadAll(context.Background(), f.Reader, false, func(*sladesk.Call) {},
		func(e *sladesk.RecordError) { t.Errorf("header problem handed on as a rejection: %v", e) })
	if err == nil || !strings.Contains(err.Error(), "q_time") {
		t.Errorf("error %v, want one about the missing column", err)
	}
}

// TestOtherLines: a queue_log's agent events are counted, not lost.
func TestOtherLines(t *testing.T) {
	log := queueLog + "1710001200|NONE|sales|PJSIP/201|ADDMEMBER|\n1710001300|NONE|NONE|NONE|QUEUESTART|\n"
	f, err := Open(write(t, "queue_log", []byte(log)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := readAll(f); err != nil {
		t.Fatal(err)
	}
	if f.OtherLines() != 2 {
		t.Errorf("other lines %d, want 2", f.OtherLines())
	}
}

// TestTruncatedGzip: a gzip file cut short fails naming the compression,
// after the calls before the cut.
func TestTruncatedGzip(t *testing.T) {
	f := openTruncatedGzip(t, 2000)
	defer f.Close()
	_, err := readAll(f)
	if err == nil || !strings.Contains(err.Error(), "gzip: unexpected EOF") {
		t.Errorf("error %v, want gzip: unexpected EOF", err)
	}
}

// TestMappingOnlyForUnknownLayouts: a column mapping given for one
// vendor's CSV does not stop another vendor's queue_log or native CSV from
// being read as what they are.
func TestMappingOnlyForUnknownLayouts(t *testing.T) {
	m := csvcalls.Mapping{ID: "ref", Queue: "q", Arrival: "t", Answer: "a", TimeLayout: csvcalls.LayoutUnix}
	for _, tt := range []struct {
		data   string
		format Format
	}{{queueLog, QueueLog}, {native, CSV}, {"ref,q,t,a\nA,s,1700000000,1700000010\n", CSV}} {
		f, err := Open(write(t, "in", []byte(tt.data)), Options{Mapping: &m})
		if err != nil {
			t.Fatalf("%.20q: %v", tt.data, err)
		}
		n, err := readAll(f)
		f.Close()
		if err != nil || f.Format != tt.format || n.Calls == 0 {
			t.Errorf("%.20q: format %s, %+v, %v", tt.data, f.Format, n, err)
		}
	}
}

// TestTruncatedGzipParallel: cut short, a gzipped CSV fails on every core
// count, not only when read on one.
func TestTruncatedGzipParallel(t *testing.T) {
	f := openTruncatedGzip(t, 20000)
	defer f.Close()
	err := f.ReadParallel(context.Background(), 2, func(int) Sink {
		return Sink{Add: func(*sladesk.Call) {}, Reject: func(*sladesk.RecordError) {}}
	})
	if err == nil || !strings.Contains(err.Error(), "gzip: unexpected EOF") {
		t.Errorf("error %v, want gzip: unexpected EOF", err)
	}
}

// openTruncatedGzip opens the first half of a gzipped native CSV of rows
// calls.
func openTruncatedGzip(t *testing.T, rows int) *File {
	t.Helper()
	var many strings.Builder
	many.WriteString(csvcalls.NativeHeader + "\n")
	row := strings.Split(native, "\n")[1]
	for i := range rows {
		many.WriteString(strings.Replace(row, "c1,c1", fmt.Sprintf("c%d,c%d", i, i), 1) + "\n")
	}
	z := gz(t, many.String())
	f, err := Open(write(t, "in.csv.gz", z[:len(z)/2]), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// readAll reads f to the end, dropping what it reads.
func readAll(f *File) (Counts, error) {
	return ReadAll(context.Background(), f.Reader, false, func(*sladesk.Call) {}, func(*sladesk.RecordError) {})
}
