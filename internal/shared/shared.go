// Package shared finds the material the project's tests share with other
// tools but do not carry: real call-center data, cases from public bug
// reports and reference values, in a folder named shared beside the
// repository (or where SLADESK_SHARED says). Tests that need it skip with a
// message when it is absent.
package shared

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Path returns the path of parts within the shared folder:
// $SLADESK_SHARED when set, else ../shared beside the module's root,
// whichever package's test asks.
func Path(parts ...string) string {
	dir := os.Getenv("SLADESK_SHARED")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0) // .../internal/shared/shared.go
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	}
	return filepath.Join(append([]string{dir}, parts...)...)
}

// Require returns the path of parts within the shared folder, skipping tb
// with a message when it does not exist.
func Require(tb testing.TB, parts ...string) string {
	tb.Helper()
	p := Path(parts...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared test material not available (%v); it lives in ../shared or $SLADESK_SHARED", err)
	}
	return p
}

// Case is one case of reference/erlang-cases.json. Its README: every
// expected value was computed at 50-digit precision and checked by a
// second, independent method; times are in seconds. Inputs differ by model
// and are left for the test to decode.
type Case struct {
	ID        string          `json:"id"`
	Model     string          `json:"model"`
	Inputs    json.RawMessage `json:"inputs"`
	Expected  map[string]any  `json:"expected"`
	Tolerance map[string]any  `json:"tolerance"`
	Source    string          `json:"source"`
}

// Cases returns the reference cases of one model (erlang_b, erlang_c,
// erlang_a, service_level_def, staffing), skipping tb when the reference
// file is absent.
func Cases(tb testing.TB, model string) []Case {
	tb.Helper()
	path := Require(tb, "reference", "erlang-cases.json")
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var all []Case
	if err := json.Unmarshal(data, &all); err != nil {
		tb.Fatalf("parse %s: %v", path, err)
	}
	var cases []Case
	for _, c := range all {
		if c.Model == model {
			cases = append(cases, c)
		}
	}
	return cases
}
