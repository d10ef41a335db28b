package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk/demo"
	"github.com/sladesk/sladesk/store"
)

// fixture is a server over a new store with the example week of tenant
// acme imported through the API, and tokens of every role.
type fixture struct {
	url    string
	srv    *Server
	calls  []string // the demo's call-record files
	st     *store.Store
	tokens map[string]string // name -> secret
	tokIDs map[string]string // name -> id
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "sladesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	service := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewServer(service)
	t.Cleanup(srv.Close)

	f := &fixture{url: srv.URL, srv: service, st: st, tokens: map[string]string{}, tokIDs: map[string]string{}}
	for _, tk := range []struct {
		name, tenant string
		role         store.Role
		vendor       string
	}{
		{"admin", "acme", store.RoleAdmin, ""},
		{"analyst", "acme", store.RoleAnalyst, ""},
		{"northwind", "acme", store.RoleVendor, "Northwind"},
		{"bluebird", "acme", store.RoleVendor, "Bluebird"},
		{"globex", "globex", store.RoleAdmin, ""},
		{"revoked", "acme", store.RoleAdmin, ""},
	} {
		secret, tok, err := st.CreateToken(ctx, tk.tenant, tk.name, tk.role, tk.vendor)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[tk.name], f.tokIDs[tk.name] = secret, tok.ID
	}
	if err := st.RevokeToken(ctx, "acme", f.tokIDs["revoked"]); err != nil {
		t.Fatal(err)
	}

	files, err := demo.Write(filepath.Join(dir, "demo"), 0)
	if err != nil {
		t.Fatal(err)
	}
	f.calls = files.Calls
	sla, err := os.ReadFile(files.SLA)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := f.do(t, "admin", "PUT", "/api/v1/slas/main", string(sla)); code != http.StatusCreated {
		t.Fatalf("put SLA: %d %s", code, body)
	}
	for i, path := range files.Calls {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		source := []string{"northwind-pbx", "bluebird-export"}[i]
		if code, body := f.do(t, "admin", "POST", "/api/v1/imports?source="+source, string(data)); code != 200 ||
			!strings.Contains(body, `"rejected": 0`) {
			t.Fatalf("import %s: %d %s", path, code, body)
		}
	}
	return f
}

// do sends a request with the named token ("" for none) and returns the
// status and body.
func (f *fixture) do(t *testing.T, tokenName, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if tokenName != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[tokenName])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// TestAuthMatrix checks, endpoint by endpoint, who may do what: no token
// and a revoked one get 401 everywhere; roles get 403 where they may not
// go; another tenant sees none of acme's data.
func TestAuthMatrix(t *testing.T) {
	f := newFixture(t)
	endpoints := []struct {
		method, path, body string
		// status per token: admin, analyst, northwind, globex
		want [4]int
	}{
		{"GET", "/api/v1/slas", "", [4]int{200, 200, 403, 200}},
		{"GET", "/api/v1/slas/main", "", [4]int{200, 200, 403, 404}},
		{"GET", "/api/v1/slas/main?version=1", "", [4]int{200, 200, 403, 404}},
		{"PUT", "/api/v1/slas/other", "client: X\ntime_zone: UTC\nobjectives:\n  - {metric: asa, target: 30s, " +
			"period: day}\n", [4]int{201, 403, 403, 201}},
		{"POST", "/api/v1/imports?source=x", "", [4]int{400, 403, 403, 400}},
		{"GET", "/api/v1/reports?sla=main", "", [4]int{200, 200, 200, 404}},
	}
	for _, e := range endpoints {
		for _, anon := range []string{"", "revoked"} {
			if code, body := f.do(t, anon, e.method, e.path, e.body); code != http.StatusUnauthorized ||
				!strings.Contains(body, "unauthorized") {
				t.Errorf("%s %s with token %q: %d %s, want 401", e.method, e.path, anon, code, body)
			}
		}
		for i, name := range []string{"admin", "analyst", "northwind", "globex"} {
			if code, body := f.do(t, name, e.method, e.path, e.body); code != e.want[i] {
				t.Errorf("%s %s as %s: %d, want %d (%s)", e.method, e.path, name, code, e.want[i], body)
			}
		}
	}
	if code, _ := f.do(t, "", "GET", "/healthz", ""); code != http.StatusOK {
		t.Errorf("healthz: %d", code)
	}
	// A header that is not a bearer token is no token.
	req, _ := http.NewRequest("GET", f.url+"/api/v1/slas", nil)
	req.Header.Set("Authorization", "Basic "+f.tokens["admin"])
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("basic auth: %v, %v", resp.StatusCode, err)
	}
}

// reportDoc is what the tests read of a report.
type reportDoc struct {
	Queues []struct {
		Queue   string `json:"queue"`
		Vendor  string `json:"vendor"`
		Offered int64  `json:"offered"`
	} `json:"queues"`
	Objectives []struct {
		Vendor string `json:"vendor"`
	} `json:"objectives"`
}

// TestVendorSeesOwnQueues: each vendor's token reports on its own queues
// and objectives alone; the analyst sees both; another tenant's admin,
// with an SLA of its own, sees no call of acme's.
func TestVendorSeesOwnQueues(t *testing.T) {
	f := newFixture(t)
	read := func(name string) reportDoc {
		t.Helper()
		code, body := f.do(t, name, "GET", "/api/v1/reports?sla=main", "")
		if code != 200 {
			t.Fatalf("report as %s: %d %s", name, code, body)
		}
		var d reportDoc
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	queues := func(d reportDoc) []string {
		var out []string
		for _, q := range d.Queues {
			out = append(out, q.Queue)
		}
		slices.Sort(out)
		return out
	}
	if got := queues(read("analyst")); !slices.Equal(got, []string{"billing", "sales", "support", "tech"}) {
		t.Errorf("analyst sees %v", got)
	}
	own := map[string][]string{"northwind": {"sales", "support"}, "bluebird": {"billing", "tech"}}
	for name, want := range own {
		d := read(name)
		if got := queues(d); !slices.Equal(got, want) {
			t.Errorf("%s sees queues %v, want %v", name, got, want)
		}
		for _, o := range d.Objectives {
			if o.Vendor != "" && !strings.EqualFold(o.Vendor, name) {
				t.Errorf("%s sees an objective of %s", name, o.Vendor)
			}
		}
	}

	// globex stores the same SLA and sees nothing of acme's calls.
	_, body := f.do(t, "admin", "GET", "/api/v1/slas/main", "")
	var sla struct{ Body string }
	json.Unmarshal([]byte(body), &sla)
	if code, b := f.do(t, "globex", "PUT", "/api/v1/slas/main", sla.Body); code != http.StatusCreated {
		t.Fatalf("globex SLA: %d %s", code, b)
	}
	code, body := f.do(t, "globex", "GET", "/api/v1/reports?sla=main", "")
	var d reportDoc
	json.Unmarshal([]byte(body), &d)
	for _, q := range d.Queues {
		if q.Offered > 0 {
			t.Errorf("globex sees %d calls of %s (status %d)", q.Offered, q.Queue, code)
		}
	}
}

// TestImportAPI: the same records posted again add nothing; a bad SLA is
// refused with its line; an unknown endpoint is a JSON 404.
func TestImportAPI(t *testing.T) {
	f := newFixture(t)
	rows := "call_id,contact_id,queue,arrived,answered,ended,outcome,agent,customer,wait_s,talk_s,hold_s," +
		"wrap_s\n" +
		"x1,x1,sales,2025-03-03T09:00:00Z,2025-03-03T09:00:10Z,2025-03-03T09:03:10Z,answered,a,c,10,180,0,0\n"
	for round, want := range []string{`"added": 1`, `"known": 1`} {
		if code, body := f.do(t, "admin", "POST", "/api/v1/imports?source=extra", rows); code != 200 ||
			!strings.Contains(body, want) {
			t.Errorf("import %d: %d %s", round+1, code, body)
		}
	}
	code, body := f.do(t, "admin", "PUT", "/api/v1/slas/bad", "client: X\ntime_zone: Mars/Base\n")
	if code != 400 ||
		!strings.Contains(body, "bad.yaml:2") {
		t.Errorf("bad SLA: %d %s", code, body)
	}
	if code, body := f.do(t, "admin", "POST", "/api/v1/imports?source=extra&strict=yes", rows); code != 400 ||
		!strings.Contains(body, "want true or false") {
		t.Errorf("strict=yes: %d %s", code, body)
	}
	// The body is spoken of as such, not by the file it waited in.
	code, body = f.do(t, "admin", "POST", "/api/v1/imports?source=extra", "\x00\x01 not call records")
	if code != 400 || !strings.Contains(body, "body:") || strings.Contains(body, "sladesk-import") {
		t.Errorf("garbage: %d %s", code, body)
	}
	if code, body := f.do(t, "admin", "POST", "/api/v1/imports?source=extra&format=xml", rows); code != 400 {
		t.Errorf("format=xml: %d %s", code, body)
	}
	if code, body := f.do(t, "admin", "GET", "/api/v1/nothing", ""); code != 404 ||
		!strings.Contains(body, `"error"`) {
		t.Errorf("unknown endpoint: %d %s", code, body)
	}
	if code, body := f.do(t, "admin", "DELETE", "/api/v1/slas/main", ""); code != 405 ||
		!strings.Contains(body, "GET, PUT") {
		t.Errorf("DELETE: %d %s", code, body)
	}
	_, sla := f.do(t, "admin", "GET", "/api/v1/slas/main", "")
	var v struct{ Body string }
	json.Unmarshal([]byte(sla), &v)
	if code, body := f.do(t, "admin", "PUT", "/api/v1/slas/main", v.Body); code != 200 ||
		!strings.Contains(body, `"version": 1`) {
		t.Errorf("the same SLA again: %d %s, want 200 and version 1", code, body)
	}
	if code, body := f.do(t, "admin", "GET", "/api/v1/slas/main?version=0", ""); code != 400 {
		t.Errorf("version 0: %d %s", code, body)
	}
}

// TestMetrics reads /metrics at 10:14:59 London time on Wednesday of the
// example week: the calls offered to sales since midnight equal the
// ENTERQUEUE lines of the demo's queue_log counted here, and a vendor sees
// its own queues alone. The week is replayed, so it holds calls after
// "now"; the store keeps quarter-hours, and now is at one's end.
func TestMetrics(t *testing.T) {
	f := newFixture(t)
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 5, 10, 14, 59, 0, london)
	f.srv.now = func() time.Time { return now }

	data, err := os.ReadFile(f.calls[0]) // Northwind's queue_log
	if err != nil {
		t.Fatal(err)
	}
	midnight := time.Date(2025, 3, 5, 0, 0, 0, 0, london).Unix()
	want := 0
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Split(line, "|")
		if len(fields) < 5 || fields[2] != "sales" || fields[4] != "ENTERQUEUE" {
			continue
		}
		at, _ := strconv.ParseInt(fields[0], 10, 64)
		if at >= midnight && at <= now.Unix() { // whole seconds: up to 10:14:59.999
			want++
		}
	}
	if want == 0 {
		t.Fatal("no sales call that morning: the test sees nothing")
	}

	code, body := f.do(t, "analyst", "GET", "/metrics?sla=main", "")
	if code != 200 {
		t.Fatalf("metrics: %d %s", code, body)
	}
	line := fmt.Sprintf(`sladesk_calls_offered{period="day",queue="sales",vendor="Northwind"} %d`, want)
	if !strings.Contains(body, line) {
		t.Errorf("metrics lack %q:\n%s", line, body)
	}
	if !strings.Contains(body, `sladesk_service_level{period="interval",queue="tech",vendor="Bluebird"}`) {
		t.Errorf("no service level of tech's current interval:\n%s", body)
	}
	_, body = f.do(t, "northwind", "GET", "/metrics?sla=main", "")
	if strings.Contains(body, "Bluebird") || !strings.Contains(body, `queue="support"`) {
		t.Errorf("Northwind's metrics:\n%s", body)
	}
	if code, _ := f.do(t, "", "GET", "/metrics?sla=main", ""); code != 401 {
		t.Errorf("metrics without a token: %d", code)
	}
}

// TestVendorObjectives: an objective on another vendor's queue is not
// shown to a vendor, and a vendor the SLA does not name gets 404, not an
// empty report.
func TestVendorObjectives(t *testing.T) {
	f := newFixture(t)
	_, body := f.do(t, "admin", "GET", "/api/v1/slas/main", "")
	var sla struct{ Body string }
	json.Unmarshal([]byte(body), &sla)
	extra := strings.Replace(sla.Body, "objectives:\n", "objectives:\n  - name: billing penalty\n"+
		"    metric: asa\n    target: 20s\n    period: day\n    queues: [billing]\n", 1)
	if code, b := f.do(t, "admin", "PUT", "/api/v1/slas/main", extra); code != http.StatusCreated {
		t.Fatalf("put: %d %s", code, b)
	}
	for name, wantPenalty := range map[string]bool{"northwind": false, "bluebird": true, "analyst": true} {
		code, body := f.do(t, name, "GET", "/api/v1/reports?sla=main", "")
		if code != 200 || strings.Contains(body, "billing penalty") != wantPenalty {
			t.Errorf("%s: %d, shows the billing objective: %t, want %t", name, code,
				strings.Contains(body, "billing penalty"), wantPenalty)
		}
	}
	secret, _, err := f.st.CreateToken(context.Background(), "acme", "stranger", store.RoleVendor, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["stranger"] = secret
	if code, body := f.do(t, "stranger", "GET", "/api/v1/reports?sla=main", ""); code != 404 ||
		!strings.Contains(body, `names no vendor \"Acme\"`) {
		t.Errorf("unknown vendor: %d %s", code, body)
	}
}

// TestServiceEdges: names are checked, a vendor reads the SLA in force
// only, the bearer scheme is case-insensitive, strict takes any boolean,
// and records with text PostgreSQL cannot hold are rejected or mended.
func TestServiceEdges(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/api/v1/slas/a%2Fb", "/api/v1/slas/%FF%FE", "/api/v1/slas/" +
		strings.Repeat("x", 101)} {
		if code, body := f.do(t, "admin", "PUT", path, "client: X\n"); code != 400 {
			t.Errorf("PUT %s: %d %s", path, code, body)
		}
	}
	if code, body := f.do(t, "admin", "GET", "/api/v1/reports?sla=%00", ""); code != 400 {
		t.Errorf("sla=NUL: %d %s", code, body)
	}
	if code, body := f.do(t, "northwind", "GET", "/api/v1/reports?sla=main&version=1", ""); code != 403 {
		t.Errorf("vendor reading a past version: %d %s", code, body)
	}
	req, _ := http.NewRequest("GET", f.url+"/api/v1/slas", nil)
	req.Header.Set("Authorization", "bearer "+f.tokens["admin"])
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("lower-case bearer: %v %v", resp.StatusCode, err)
	}

	header := "call_id,contact_id,queue,arrived,answered,ended,outcome,agent,customer,wait_s,talk_s,hold_s," +
		"wrap_s\n"
	row := func(id, customer string) string {
		return id + "," + id + ",sales,2025-03-03T09:00:00Z,2025-03-03T09:00:10Z,2025-03-03T09:03:10Z," +
			"answered,a," + customer + ",10,180,0,0\n"
	}
	// A Latin-1 caller name is mended; an id that is no text is rejected.
	body := header + row("ok1", "M\xfcller") + row("bad\xff", "x")
	code, out := f.do(t, "admin", "POST", "/api/v1/imports?source=latin", body)
	if code != 200 || !strings.Contains(out, `"added": 1`) || !strings.Contains(out, "not valid UTF-8") {
		t.Errorf("Latin-1 records: %d %s", code, out)
	}
	for _, v := range []string{"TRUE", "1"} {
		code, out := f.do(t, "admin", "POST", "/api/v1/imports?source=latin2&strict="+v, body)
		if code != 400 || !strings.Contains(out, "nothing imported") {
			t.Errorf("strict=%s: %d %s", v, code, out)
		}
	}
}
