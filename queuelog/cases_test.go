package queuelog

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sladesk/sladesk"

	"github.com/sladesk/sladesk/internal/shared"
)

// caseInput is one copy of a case's queue_log.
type caseInput struct{ name, text string }

// caseInputs returns the inputs of a shared case: the project's copy under
// shared/cases (left out with a message when absent) and this package's
// own copy under testdata, so that the test runs without shared/.
func caseInputs(t *testing.T, caseName, local string) []caseInput {
	t.Helper()
	var inputs []caseInput
	for _, in := range []caseInput{
		{"shared", shared.Path("cases", caseName, "queue_log")},
		{"testdata", filepath.Join("testdata", local)},
	} {
		b, err := os.ReadFile(in.text)
		if os.IsNotExist(err) && in.name == "shared" {
			t.Logf("skipping the shared copy of the case: %s is absent", in.text)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, caseInput{in.name, string(b)})
	}
	return inputs
}

// readCase reads a case's queue_log and fails on any rejection: both cases
// are logs Asterisk writes, so every line must be read.
func readCase(t *testing.T, input string) []sladesk.Call {
	t.Helper()
	got, calls, _ := readAll(t, input, Config{File: "queue_log"})
	if len(got) != len(calls) {
		t.Fatalf("rejections in a well-formed log:\n%v", got)
	}
	return calls
}

// TestCaseAbandonKinds is shared/cases/queue-log-abandon-kinds: the kinds
// of exit are kept apart, so the SLA can say which are abandons.
func TestCaseAbandonKinds(t *testing.T) {
	for _, in := range caseInputs(t, "queue-log-abandon-kinds", "abandon-kinds.queue_log") {
		t.Run(in.name, func(t *testing.T) {
			calls := readCase(t, in.text)
			var n [sladesk.NumOutcomes]int
			for _, c := range calls {
				if c.Queue != "sales" {
					t.Errorf("call %s in queue %q, want sales", c.ID, c.Queue)
				}
				n[c.Outcome]++
			}

			// The case's right answers.
			if len(calls) != 6 || n[sladesk.Answered] != 1 || n[sladesk.Abandoned] != 2 ||
				n[sladesk.Timeout] != 1 || n[sladesk.ExitEmpty] != 1 || n[sladesk.ExitKey] != 1 {
				t.Errorf("offered %d, outcomes %v; want offered 6: answered 1, abandoned 2, "+
					"timeout 1, exit_empty 1, exit_key 1", len(calls), n)
			}
			waits := map[sladesk.Outcome][]int64{}
			for _, c := range calls {
				waits[c.Outcome] = append(waits[c.Outcome], c.WaitSeconds())
			}
			want := map[sladesk.Outcome][]int64{sladesk.Answered: {5}, sladesk.Abandoned: {8, 50},
				sladesk.Timeout: {300}, sladesk.ExitEmpty: {3}, sladesk.ExitKey: {25}}
			for o, w := range want {
				if !equalInts(waits[o], w) {
					t.Errorf("%s waits %v, want %v", o, waits[o], w)
				}
			}

			// Asterisk's SL2 counts every exit but by key as an abandon and
			// those within T = 20 s as met: (1 + 2) / (1 + 4) = 60%.
			met, all := asteriskSL2(calls, 20)
			if met != 3 || all != 5 {
				t.Errorf("SL2 = %d/%d, want 3/5", met, all)
			}
		})
	}
}

// asteriskSL2 counts app_queue's servicelevel2 figure: answered and
// non-key exits within t seconds over answered and non-key exits.
func asteriskSL2(calls []sladesk.Call, t int64) (met, all int) {
	for _, c := range calls {
		if c.Outcome == sladesk.ExitKey {
			continue
		}
		all++
		if c.WaitSeconds() <= t {
			met++
		}
	}
	return met, all
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCaseAttendedTransfer is shared/cases/queue-log-transfer: the second
// queue's lines are split between the consultation channel's callid and
// the caller's.
func TestCaseAttendedTransfer(t *testing.T) {
	for _, in := range caseInputs(t, "queue-log-transfer", "attended-transfer.queue_log") {
		t.Run(in.name, func(t *testing.T) {
			calls := readCase(t, in.text)
			if len(calls) != 2 {
				t.Fatalf("got %d calls, want 2 (sales and support): %v", len(calls), calls)
			}
			byQueue := map[string]sladesk.Call{}
			var wait time.Duration
			for _, c := range calls {
				byQueue[c.Queue] = c
				wait += c.Wait
				if c.ContactID != "1700000000.11" || c.Customer != "5550100" {
					t.Errorf("segment %s: contact %s customer %s, want 1700000000.11 and 5550100",
						c.ID, c.ContactID, c.Customer)
				}
			}
			checkSegment(t, byQueue["sales"], "PJSIP/201", 12, 120, sladesk.EndedByTransfer)
			checkSegment(t, byQueue["support"], "PJSIP/305", 7, 173, sladesk.EndedByAgent)
			if wait != 19*time.Second {
				t.Errorf("total wait of the contact = %s, want 19s", wait)
			}
		})
	}
}

// checkSegment checks an answered segment against the case's answers.
func checkSegment(t *testing.T, c sladesk.Call, agent string, wait, talk int64,
	end sladesk.Ending) {
	t.Helper()
	if c.Outcome != sladesk.Answered || c.Agent != agent || c.WaitSeconds() != wait ||
		c.Talk != time.Duration(talk)*time.Second || c.Ending != end {
		t.Errorf("%s: %s by %q wait %s talk %s end %s; want answered by %s wait %ds talk %ds end %s",
			c.Queue, c.Outcome, c.Agent, c.Wait, c.Talk, c.Ending, agent, wait, talk, end)
	}
}
