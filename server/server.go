// Package server is sladesk's HTTP service: a JSON API under /api/v1 over
// the store, for tenants' tokens of three roles, and /healthz.
//
// Every request of the API carries a token (Authorization: Bearer ...);
// its tenant scopes every query, and a vendor token's vendor narrows it
// to that vendor's queues, in the store's own queries (store.Scope).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/ingest"
	"github.com/sladesk/sladesk/report"
	"github.com/sladesk/sladesk/slafile"
	"github.com/sladesk/sladesk/stats"
	"github.com/sladesk/sladesk/store"
)

// Limits of request bodies: an SLA file is small; an import may be a
// day's call records.
const (
	maxSLABytes    = 1 << 20
	maxImportBytes = 256 << 20
)

// Server serves the API over a store.
type Server struct {
	st  *store.Store
	log *slog.Logger
	mux *http.ServeMux
	now func() time.Time // the clock of /metrics; tests set it
}

// New returns the service over st, logging to log.
func New(st *store.Store, log *slog.Logger) *Server {
	s := &Server{st: st, log: log, mux: http.NewServeMux(), now: time.Now}
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", s.auth(s.metrics, store.RoleAdmin, store.RoleAnalyst, store.RoleVendor))
	s.mux.Handle("GET /api/v1/slas", s.auth(s.listSLAs, store.RoleAdmin, store.RoleAnalyst))
	s.mux.Handle("GET /api/v1/slas/{name}", s.auth(s.getSLA, store.RoleAdmin, store.RoleAnalyst))
	s.mux.Handle("PUT /api/v1/slas/{name}", s.auth(s.putSLA, store.RoleAdmin))
	s.mux.Handle("POST /api/v1/imports", s.auth(s.postImport, store.RoleAdmin))
	s.mux.Handle("GET /api/v1/reports", s.auth(s.getReport, store.RoleAdmin, store.RoleAnalyst,
		store.RoleVendor))
	s.mux.Handle("/api/", http.HandlerFunc(s.noEndpoint))
	return s
}

// ServeHTTP serves a request and logs it: method, path, status, time.
// Tokens travel in a header and are never logged.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
		"ms", time.Since(start).Milliseconds())
}

// statusRecorder keeps the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// noEndpoint answers a request no endpoint takes: 405 with the methods
// the path has, or 404.
func (s *Server) noEndpoint(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" && pattern != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": fmt.Sprintf(
			"%s %s: the path takes %s", r.Method, r.URL.Path, strings.Join(allowed, ", "))})
		return
	}
	s.fail(w, r, fmt.Errorf("%w: no such endpoint: %s %s", errNotFound, r.Method, r.URL.Path))
}

// HTTPServer returns an http.Server for the service on addr, with the
// timeouts a service open to a network needs.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{Addr: addr, Handler: s, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
}

// The errors of the API besides the store's, each mapped to a status in
// one place (status).
var (
	errForbidden  = errors.New("forbidden")
	errNotFound   = errors.New("not found")
	errBadRequest = errors.New("bad request")
)

// status returns the HTTP status of an error.
func status(err error) int {
	var tooBig *http.MaxBytesError
	var re *sladesk.RecordError
	switch {
	case errors.Is(err, store.ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, errForbidden):
		return http.StatusForbidden
	case errors.Is(err, store.ErrNotFound), errors.Is(err, errNotFound):
		return http.StatusNotFound
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errBadRequest), errors.Is(err, store.ErrInvalid), errors.As(err, &re),
		errors.Is(err, ingest.ErrStrict):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// fail writes err as a JSON error. A server error's detail is logged, not
// shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	msg := err.Error()
	switch code {
	case http.StatusInternalServerError:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "internal error"
	case http.StatusUnauthorized:
		s.log.Warn("auth failure", "method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr)
		msg = "unauthorized: give a valid token as Authorization: Bearer <token>"
	}
	writeJSON(w, code, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

type tokenKey struct{}

// auth runs h for requests with a valid token of one of roles: 401
// without one, 403 for another role.
func (s *Server) auth(h http.HandlerFunc, roles ...store.Role) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The scheme's name is case-insensitive (RFC 9110, 11.1).
		scheme, secret, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			s.fail(w, r, store.ErrUnauthorized)
			return
		}
		tok, err := s.st.Authenticate(r.Context(), strings.TrimSpace(secret))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !slices.Contains(roles, tok.Role) {
			s.fail(w, r, fmt.Errorf("%w: the role %s may not %s %s", errForbidden, tok.Role, r.Method,
				r.URL.Path))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), tokenKey{}, tok)))
	})
}

func token(r *http.Request) store.Token { return r.Context().Value(tokenKey{}).(store.Token) }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.st.Ping(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "store unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// slaJSON is an SLA version in the API.
type slaJSON struct {
	Name    string    `json:"name"`
	Version int64     `json:"version"`
	Created time.Time `json:"created"`
	Body    string    `json:"body,omitempty"`
}

func (s *Server) listSLAs(w http.ResponseWriter, r *http.Request) {
	list, err := s.st.SLAs(r.Context(), token(r).Tenant)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []slaJSON{}
	for _, v := range list {
		out = append(out, slaJSON{Name: v.Name, Version: v.Version, Created: v.Created})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getSLA(w http.ResponseWriter, r *http.Request) {
	version, err := versionParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := checkName("SLA name", r.PathValue("name")); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.st.SLA(r.Context(), token(r).Tenant, r.PathValue("name"), version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, slaJSON{Name: v.Name, Version: v.Version, Created: v.Created, Body: v.Body})
}

// putSLA adds a version of an SLA file, checked as sladesk report checks
// one; the body is the YAML.
func (s *Server) putSLA(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSLABytes))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := r.PathValue("name")
	if err := checkName("SLA name", name); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := slafile.Parse(body, name+".yaml"); err != nil {
		s.fail(w, r, fmt.Errorf("%w: %v", errBadRequest, err))
		return
	}
	v, added, err := s.st.PutSLA(r.Context(), token(r).Tenant, name, string(body))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	code := http.StatusOK // the version in force already says this
	if added {
		code = http.StatusCreated
		s.log.Info("SLA stored", "tenant", token(r).Tenant, "name", name, "version", v.Version)
	}
	writeJSON(w, code, slaJSON{Name: v.Name, Version: v.Version, Created: v.Created})
}

// postImport imports call records (CSV of the native layout, queue_log or
// the bank layout, told from the first bytes or named by ?format=,
// gzipped or not) given as the body; ?source= names their source,
// ?strict=true imports nothing from a file with a bad record.
func (s *Server) postImport(w http.ResponseWriter, r *http.Request) {
	source := r.URL.Query().Get("source")
	if err := checkName("source", source); err != nil {
		s.fail(w, r, err)
		return
	}
	strict := false
	if v := r.URL.Query().Get("strict"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			s.fail(w, r, fmt.Errorf("%w: strict=%q: want true or false", errBadRequest, v))
			return
		}
		strict = b
	}
	format, err := ingest.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.fail(w, r, fmt.Errorf("%w: format: %v", errBadRequest, err))
		return
	}
	tmp, err := os.CreateTemp("", "sladesk-import-*")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, http.MaxBytesReader(w, r.Body, maxImportBytes))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The records are spoken of as "body", not by the file they wait in.
	body := func(err error) error {
		return fmt.Errorf("%w: %s", errBadRequest, strings.ReplaceAll(err.Error(), tmp.Name(), "body"))
	}
	opts := ingest.Options{Format: format}
	open := func() (*ingest.File, error) { return ingest.Open(tmp.Name(), opts) }
	tenant := token(r).Tenant
	res, rejected, err := Import(r.Context(), s.st, tenant, source, opts, open, strict)
	if err != nil {
		if status(err) == http.StatusInternalServerError && sladesk.AsRecordError(err) == nil &&
			!strings.Contains(err.Error(), tmp.Name()) {
			s.fail(w, r, err)
		} else {
			s.fail(w, r, body(err))
		}
		return
	}
	s.log.Info("import", "tenant", tenant, "source", source, "added", res.Added, "known", res.Known,
		"rejected", rejected.Count)
	type record struct {
		Line   int    `json:"line"`
		Field  string `json:"field,omitempty"`
		Reason string `json:"reason"`
	}
	doc := struct {
		Added    int      `json:"added"`
		Known    int      `json:"known"`
		Rejected int64    `json:"rejected"`
		First    []record `json:"first_rejected"`
	}{Added: res.Added, Known: res.Known, Rejected: rejected.Count, First: []record{}}
	for _, e := range rejected.First {
		doc.First = append(doc.First, record{Line: e.Line, Field: e.Field, Reason: e.Reason})
	}
	writeJSON(w, http.StatusOK, doc)
}

// getReport reports on the stored calls under an SLA: ?sla=NAME and
// optionally &version=N. A vendor token sees its own vendor's queues and
// objectives only.
func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	tok := token(r)
	version, err := versionParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := r.URL.Query().Get("sla")
	if err := checkName("sla", name); err != nil {
		s.fail(w, r, err)
		return
	}
	// A vendor's queues are those of the SLA in force: an old version
	// might give it queues taken from it since.
	if tok.Role == store.RoleVendor && version != 0 {
		s.fail(w, r, fmt.Errorf("%w: a vendor reads the SLA in force, not past versions", errForbidden))
		return
	}
	v, err := s.st.SLA(r.Context(), tok.Tenant, name, version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sla, err := slafile.Parse([]byte(v.Body), name+".yaml")
	if err != nil {
		s.fail(w, r, err) // stored SLAs were checked: this is the server's fault
		return
	}
	scope, err := s.scope(tok, &sla)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ivs, err := s.st.IntervalsIn(r.Context(), scope, time.Time{}, time.Time{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	agg, err := stats.NewAggregator(sla.Location, sla.Interval)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := report.Input{File: "store", Format: "store"}
	for _, iv := range ivs {
		agg.AddInterval(iv)
		in.Calls += iv.Offered() + iv.Count(sladesk.Ignored)
		in.Ignored += iv.Count(sladesk.Ignored)
	}
	rep := report.New(&sla, agg.Intervals(), []report.Input{in}, report.Rejected{}, report.Options{})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-SLA-Version", strconv.FormatInt(v.Version, 10))
	if err := rep.WriteJSON(w); err != nil {
		s.log.Error("write report", "err", err)
	}
}

// checkName refuses a name (of an SLA, a source) that is empty, longer
// than 100 bytes, or more than letters, digits and . _ - +: names travel
// in URLs and logs, and a database need not take every byte.
func checkName(what, name string) error {
	if name == "" || len(name) > 100 {
		return fmt.Errorf("%w: %s %q: give a name of 1 to 100 characters", errBadRequest, what, name)
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			strings.ContainsRune("._-+", r)
		if !ok {
			return fmt.Errorf("%w: %s %q: use letters, digits and . _ - + only", errBadRequest, what, name)
		}
	}
	return nil
}

// versionParam reads ?version=, 0 (the latest) when absent.
func versionParam(r *http.Request) (int64, error) {
	s := r.URL.Query().Get("version")
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 1 {
		return 0, fmt.Errorf("%w: version %q is not a number from 1", errBadRequest, s)
	}
	return v, nil
}
