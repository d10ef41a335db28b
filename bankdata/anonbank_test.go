package bankdata

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/internal/shared"
)

// bankFile is the real data, kept outside the project (see
// shared/data/README.md); tests that need it skip when it is absent.
var bankFile = shared.Path("data", "anonymous-bank", "calls-1999-02-01-to-21.tsv")

// readBankFile reads the real file or skips the test.
func readBankFile(t *testing.T) ([]sladesk.Call, []*sladesk.RecordError, Counts) {
	t.Helper()
	data, err := os.ReadFile(bankFile)
	if os.IsNotExist(err) {
		t.Skipf("skipping: the Anonymous Bank data is not at %s (see shared/data/README.md)", bankFile)
	}
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, string(data), Config{File: filepath.Base(bankFile)})
}

// queueTotals are the figures of one queue over the whole file.
type queueTotals struct {
	offered, answered, abandoned, within20 int
}

// TestBankFileTotals checks the reader against figures taken from the file
// with awk, independently of the Go code, following the definitions of
// shared/data/README.md. From shared/data/anonymous-bank:
//
//	awk -F'\t' 'NR>1 && $13!="PHANTOM" {q=($10!="0:00:00"||$11!="0:00:00"||$12>0);
//	  if(!q && $13!="AGENT") next; t=$5; o[t]++;
//	  if($13=="AGENT"){a[t]++; if($12<=20) w[t]++} else if($13=="HANG") b[t]++}
//	  END{for(t in o) printf "%s offered=%d answered=%d abandoned=%d within20=%d\n",
//	  t, o[t], a[t], b[t], w[t]}' calls-1999-02-01-to-21.tsv | sort
//
// and, for the counts of rows,
//
//	awk -F'\t' 'NR>1{n++; q=($10!="0:00:00"||$11!="0:00:00"||$12>0);
//	  if($13=="PHANTOM")p++; else if(!q && $13!="AGENT")v++}
//	  END{print "rows="n, "phantom="p, "vru_only="v}' calls-1999-02-01-to-21.tsv
//
// (With q = ($10!="0:00:00") alone the totals are the same: the one row
// queued at 0:00:00 is an AGENT row, offered and answered either way.)
func TestBankFileTotals(t *testing.T) {
	want := map[string]queueTotals{
		"IN": {offered: 199, answered: 159, abandoned: 40, within20: 67},
		"NE": {offered: 1930, answered: 1804, abandoned: 126, within20: 990},
		"NW": {offered: 5698, answered: 4073, abandoned: 1625, within20: 2335},
		"PE": {offered: 111, answered: 100, abandoned: 11, within20: 47},
		"PS": {offered: 15304, answered: 14038, abandoned: 1266, within20: 8566},
		"TT": {offered: 768, answered: 725, abandoned: 43, within20: 589},
	}
	wantCounts := Counts{Rows: 25890, Emitted: 24010 + 221, Phantom: 221, VRUOnly: 1659}

	calls, rejected, counts := readBankFile(t)
	for _, re := range rejected {
		t.Errorf("rejected: %v", re)
	}
	if counts != wantCounts {
		t.Errorf("counts %+v, want %+v", counts, wantCounts)
	}

	got := make(map[string]queueTotals)
	for i := range calls {
		c := &calls[i]
		if c.Outcome == sladesk.Ignored {
			continue
		}
		q := got[c.Queue]
		q.offered++
		switch c.Outcome {
		case sladesk.Answered:
			q.answered++
			if c.WaitSeconds() <= 20 {
				q.within20++
			}
		case sladesk.Abandoned:
			q.abandoned++
		}
		got[c.Queue] = q
	}
	for queue, w := range want {
		if got[queue] != w {
			t.Errorf("queue %s: got %+v, want %+v", queue, got[queue], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("queues %v, want %d of them", got, len(want))
	}
}

// TestBankFileHourly aggregates the reader's calls per queue and local hour
// of arrival (Asia/Jerusalem) and compares them, every figure exactly, with
// testdata/hourly-1999-02-01-to-21.tsv, which testdata/hourly.awk made from
// the file without the Go code (see testdata/README.md).
func TestBankFileHourly(t *testing.T) {
	calls, _, _ := readBankFile(t)
	want := readHourly(t, filepath.Join("testdata", "hourly-1999-02-01-to-21.tsv"))

	loc, err := jerusalem()
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[hourKey]hourCounts)
	for i := range calls {
		c := &calls[i]
		if c.Outcome == sladesk.Ignored {
			continue
		}
		at := c.Arrived.In(loc)
		k := hourKey{c.Queue, at.Format("2006-01-02"), at.Hour()}
		h := got[k]
		h.offered++
		switch c.Outcome {
		case sladesk.Answered:
			h.answered++
			h.waitSum += c.WaitSeconds()
			h.handleSum += int64((c.Talk + c.Hold + c.Wrap) / time.Second)
			if c.WaitSeconds() <= 20 {
				h.within20++
			}
		case sladesk.Abandoned:
			h.abandoned++
		}
		got[k] = h
	}
	compareHourly(t, got, want)
}

// hourKey is a queue, a local date and an hour of arrival.
type hourKey struct {
	queue string
	date  string
	hour  int
}

// hourCounts are the figures of one queue and hour.
type hourCounts struct {
	offered, answered, abandoned, within20 int
	waitSum, handleSum                     int64
}

// readHourly reads the awk-made hourly file: a header line, then queue,
// date, hour, offered, answered, abandoned, answered_within_20s,
// answered_wait_sum_s and answered_handle_sum_s, tab-separated.
func readHourly(t *testing.T, path string) map[hourKey]hourCounts {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	m := make(map[hourKey]hourCounts)
	s := bufio.NewScanner(f)
	for line := 1; s.Scan(); line++ {
		if line == 1 {
			continue
		}
		k, h, err := parseHourly(s.Text())
		if err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		m[k] = h
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// parseHourly parses one line of the hourly file.
func parseHourly(line string) (hourKey, hourCounts, error) {
	f := strings.Split(line, "\t")
	if len(f) != 9 {
		return hourKey{}, hourCounts{}, fmt.Errorf("%d fields, want 9", len(f))
	}
	var n [7]int
	for i := range n {
		v, err := strconv.Atoi(f[i+2])
		if err != nil {
			return hourKey{}, hourCounts{}, err
		}
		n[i] = v
	}
	return hourKey{f[0], f[1], n[0]},
		hourCounts{offered: n[1], answered: n[2], abandoned: n[3], within20: n[4], waitSum: int64(n[5]),
			handleSum: int64(n[6])},
		nil
}

// compareHourly reports every hour where got and want differ.
func compareHourly(t *testing.T, got, want map[hourKey]hourCounts) {
	t.Helper()
	keys := make(map[hourKey]bool)
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	var diffs []string
	for k := range keys {
		if got[k] != want[k] {
			diffs = append(diffs, fmt.Sprintf("%s %s %02d: got %+v, want %+v", k.queue, k.date, k.hour,
				got[k], want[k]))
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
	if len(want) == 0 {
		t.Error("the hourly file is empty")
	}
}

// TestBankFileQuirks checks the rows of the real file that the midnight,
// 0:00:00 and clock rules were written for, found with awk (see the
// package doc): by ID, what the reader must make of them.
func TestBankFileQuirks(t *testing.T) {
	tests := []struct {
		id, why                  string
		arrived, answered, ended string
		wait                     time.Duration
	}{
		{
			id: "AA0102/31056", why: "q_start 0:00:00 is a real midnight (q_exit 0:00:27, q_time 27)",
			arrived: "1999-02-16T00:00:00+02:00", answered: "1999-02-16T00:00:26+02:00",
			ended: "1999-02-16T00:01:33+02:00", wait: 27 * time.Second,
		},
		{
			id: "AA0102/30456", why: "vru_exit 57 s before vru_entry is skew, not the next day",
			arrived: "1999-02-07T09:47:17+02:00", answered: "1999-02-07T09:50:11+02:00",
			ended: "1999-02-07T09:51:28+02:00", wait: 174 * time.Second,
		},
		{
			id: "AA0104/23151", why: "ser_start 299 s before vru_exit: service moved to the arrival",
			arrived: "1999-02-14T07:07:09+02:00", answered: "1999-02-14T07:07:09+02:00",
			ended: "1999-02-14T07:07:25+02:00",
		},
		{
			id: "AA0115/14375", why: "q_start after midnight, vru_exit before it",
			arrived: "1999-02-11T00:00:02+02:00", answered: "1999-02-11T00:00:29+02:00",
			ended: "1999-02-11T00:00:58+02:00", wait: 27 * time.Second,
		},
	}
	calls, _, _ := readBankFile(t)
	byID := make(map[string]*sladesk.Call, len(calls))
	for i := range calls {
		byID[calls[i].ID] = &calls[i]
	}
	for _, tt := range tests {
		c := byID[tt.id]
		if c == nil {
			t.Errorf("%s (%s): not read", tt.id, tt.why)
			continue
		}
		got := [...]string{rfc3339(c.Arrived), rfc3339(c.AnsweredAt), rfc3339(c.Ended), c.Wait.String()}
		want := [...]string{tt.arrived, tt.answered, tt.ended, tt.wait.String()}
		if got != want {
			t.Errorf("%s (%s):\n got %v\nwant %v", tt.id, tt.why, got, want)
		}
	}
}
