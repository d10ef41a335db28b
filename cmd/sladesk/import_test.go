package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/demo"
	"github.com/sladesk/sladesk/store"
)

// TestImportThenReport imports the example week into an embedded store,
// twice, and reports from it: the same objectives, intervals and queues as
// the report on the files, each call counted once.
func TestImportThenReport(t *testing.T) {
	dir := t.TempDir()
	files, err := demo.Write(filepath.Join(dir, "demo"), 0)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	sources := []string{"northwind-pbx", "bluebird-export"}
	for round, want := range []string{"call(s) added, 0 already held", "0 call(s) added"} {
		for i, file := range files.Calls {
			code, out, errOut := run(t, "import", "--data", data, "--source", sources[i], file)
			if code != exitOK || !strings.Contains(out, want) {
				t.Fatalf("import %d of %s: exit %d, %s\n%s", round+1, file, code, errOut, out)
			}
		}
	}
	// The queue_log rotated (renamed) and compressed is the same calls.
	rotated := filepath.Join(dir, "queue_log.1.gz")
	gz, err := os.Create(rotated)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(gz)
	raw, err := os.ReadFile(files.Calls[0])
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(raw)
	zw.Close()
	gz.Close()
	code, out, errOut := run(t, "import", "--data", data, "--source", sources[0], rotated)
	if code != exitOK || !strings.Contains(out, " 0 call(s) added") {
		t.Fatalf("rotated import: exit %d, %s\n%s", code, errOut, out)
	}
	// Without a source there is no telling what a call is.
	if code, _, errOut := run(t, "import", "--data", data, files.Calls[0]); code != exitUsage ||
		!strings.Contains(errOut, "give --source") {
		t.Errorf("no source: exit %d, %s", code, errOut)
	}

	type doc struct {
		Objectives, Intervals, Queues json.RawMessage
	}
	report := func(args ...string) doc {
		t.Helper()
		code, out, errOut := run(t, append([]string{"report", "--sla", files.SLA, "--format", "json"}, args...)...)
		if code != exitOK {
			t.Fatalf("report %v: exit %d: %s", args, code, errOut)
		}
		var d doc
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	fromFiles, fromStore := report(files.Calls...), report("--data", data)
	for name, pair := range map[string][2]json.RawMessage{
		"objectives": {fromStore.Objectives, fromFiles.Objectives},
		"intervals":  {fromStore.Intervals, fromFiles.Intervals},
		"queues":     {fromStore.Queues, fromFiles.Queues},
	} {
		var got, want any
		json.Unmarshal(pair[0], &got)
		json.Unmarshal(pair[1], &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s from the store differ from those of the files", name)
		}
	}
}

// TestImportRejected: a file with a bad record imports its good calls and
// lists the bad one; with --strict it imports nothing.
func TestImportRejected(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join("testdata", "golden", "calls.csv") // holds records that are rejected
	code, out, errOut := run(t, "import", "--data", filepath.Join(dir, "a"), "--source", "x", "--strict", good)
	if code != exitError || !strings.Contains(errOut, "nothing imported") {
		t.Errorf("strict: exit %d, %s\n%s", code, errOut, out)
	}
	code, out, _ = run(t, "report", "--data", filepath.Join(dir, "a"))
	if code == exitOK {
		t.Errorf("report after a strict import that failed: exit 0, %s", out)
	}
	code, out, errOut = run(t, "import", "--data", filepath.Join(dir, "b"), "--source", "x", good)
	if code != exitOK || !strings.Contains(out, "record(s) rejected") || !strings.Contains(out, "calls.csv:7") {
		t.Errorf("import: exit %d, %s\n%s", code, errOut, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "b", "sladesk.db")); err != nil {
		t.Error(err)
	}
}

// crashChild is set in the environment of the import the crash test kills.
const crashChild = "SLADESK_IMPORT_CRASH_CHILD"

// TestImportCrashChild is the import the crash test runs in a process of
// its own and kills; it does nothing unless crashChild is set.
func TestImportCrashChild(t *testing.T) {
	args := os.Getenv(crashChild)
	if args == "" {
		t.Skip("run by TestImportCrash")
	}
	code := Run(context.Background(), strings.Split(args, "\x1f"), strings.NewReader(""), io.Discard,
		io.Discard)
	os.Exit(code)
}

// TestImportCrash kills an import (SIGKILL) at a random point, checks that
// the store holds whole batches (its statistics count exactly the calls
// held), imports the file again, and compares the report with that of one
// clean import.
func TestImportCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process mid-import: not in -short")
	}
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls.csv")
	code, _, errOut := run(t, "generate", "--calls", "150000", "--seed", "3", "--out", calls)
	if code != exitOK {
		t.Fatalf("generate: %s", errOut)
	}
	crashed, clean := filepath.Join(dir, "crashed"), filepath.Join(dir, "clean")

	child := exec.Command(os.Args[0], "-test.run=^TestImportCrashChild$")
	args := []string{"import", "--data", crashed, "--source", "pbx", calls}
	child.Env = append(os.Environ(), crashChild+"="+strings.Join(args, "\x1f"))
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	delay := time.Duration(100+rand.IntN(700)) * time.Millisecond
	time.Sleep(delay)
	child.Process.Kill()
	child.Wait()

	// Whole batches or nothing: what is held is consistent.
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(crashed, "sladesk.db"))
	if err != nil {
		t.Fatalf("store after the kill at %v: %v", delay, err)
	}
	held, err := st.Calls(ctx, "default")
	if err != nil {
		t.Fatal(err)
	}
	ivs, err := st.Intervals(ctx, "default", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	var counted int64
	for _, iv := range ivs {
		counted += iv.Offered() + iv.Count(sladesk.Ignored)
	}
	if counted != held {
		t.Fatalf("killed at %v: %d calls held, their statistics count %d", delay, held, counted)
	}
	t.Logf("killed at %v with %d calls held", delay, held)

	for _, data := range []string{crashed, clean} {
		if code, _, errOut := run(t, "import", "--data", data, "--source", "pbx", calls); code != exitOK {
			t.Fatalf("import into %s: %s", data, errOut)
		}
	}
	report := func(data string) string {
		code, out, errOut := run(t, "report", "--format", "csv", "--rows", "intervals", "--data", data)
		if code != exitOK {
			t.Fatalf("report: %s", errOut)
		}
		return out
	}
	if a, b := report(crashed), report(clean); a != b {
		t.Error("the report after the killed import and a second one differs from that of one clean import")
	}
}

// TestTokenCommand creates, lists and revokes a token; the secret is
// printed once, on stdout alone.
func TestTokenCommand(t *testing.T) {
	data := t.TempDir()
	code, secret, errOut := run(t, "token", "create", "--data", data, "--role", "vendor",
		"--vendor", "Northwind", "--name", "north desk")
	if code != exitOK || !strings.HasPrefix(secret, "sdk_") ||
		strings.Contains(errOut, strings.TrimSpace(secret)) {
		t.Fatalf("create: exit %d, %q, %q", code, secret, errOut)
	}
	id := strings.Fields(errOut)[1]
	code, out, _ := run(t, "token", "list", "--data", data)
	if code != exitOK || !strings.Contains(out, id) || !strings.Contains(out, "north desk") ||
		strings.Contains(out, strings.TrimSpace(secret)) {
		t.Fatalf("list: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "token", "revoke", "--data", data, id); code != exitOK {
		t.Fatalf("revoke: %s", errOut)
	}
	if code, _, errOut := run(t, "token", "revoke", "--data", data, id); code != exitError ||
		!strings.Contains(errOut, "not found") {
		t.Errorf("second revoke: exit %d, %s", code, errOut)
	}
	if code, _, errOut := run(t, "token", "create", "--data", data, "--role", "root"); code != exitUsage ||
		!strings.Contains(errOut, "want admin, analyst or vendor") {
		t.Errorf("bad role: exit %d, %s", code, errOut)
	}
}

// TestServe starts sladesk serve on a free port, asks /healthz and an API
// endpoint without a token, and stops it by its context.
func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--addr", addr, "--data", t.TempDir()}, strings.NewReader(""),
			io.Discard, io.Discard)
	}()
	var resp *http.Response
	for range 100 {
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	if resp, err = http.Get("http://" + addr + "/api/v1/slas"); err != nil || resp.StatusCode != 401 {
		t.Errorf("no token: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("serve exited %d", code)
	}
}

// TestImportNeedsCallID: CSV records mapped without an id column have
// line numbers for ids, which two files would share; the store refuses
// them rather than drop one file's calls as the other's.
func TestImportNeedsCallID(t *testing.T) {
	p := filepath.Join(t.TempDir(), "noid.csv")
	data := "queue,arrived,outcome,wait_s\nsales,2025-03-03T09:00:00Z,abandoned,30\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "import", "--data", t.TempDir(), "--source", "x", "--csv-queue", "queue",
		"--csv-arrival", "arrived", "--csv-outcome", "outcome", "--csv-wait", "wait_s", p)
	if code != exitUsage || !strings.Contains(errOut, "--csv-id") {
		t.Errorf("exit %d, %s", code, errOut)
	}
}
