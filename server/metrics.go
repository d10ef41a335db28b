package server

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sladesk/sladesk"
	"github.com/sladesk/sladesk/report"
	"github.com/sladesk/sladesk/slafile"
	"github.com/sladesk/sladesk/stats"
	"github.com/sladesk/sladesk/store"
)

// Descriptions of the metrics: per queue, of the current interval and of
// the day so far (local to the SLA), under the SLA's first service-level
// objective.
var (
	descOffered = prometheus.NewDesc("sladesk_calls_offered", "Calls offered to the queue.",
		[]string{"queue", "vendor", "period"}, nil)
	descAnswered = prometheus.NewDesc("sladesk_calls_answered", "Calls answered in the queue.",
		[]string{"queue", "vendor", "period"}, nil)
	descAbandoned = prometheus.NewDesc("sladesk_calls_abandoned", "Callers who hung up while waiting.",
		[]string{"queue", "vendor", "period"}, nil)
	descSL = prometheus.NewDesc("sladesk_service_level",
		"Service level under the SLA's first service-level objective, a share; absent with no calls.",
		[]string{"queue", "vendor", "period"}, nil)
)

// metrics serves the tenant's figures for Prometheus, under the stored
// SLA named by ?sla= (its zone cuts the day and the intervals). It takes a
// token as the API does, since the figures are a tenant's: Prometheus
// sends one with its authorization setting.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	tok := token(r)
	name := r.URL.Query().Get("sla")
	if err := checkName("sla", name); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.st.SLA(r.Context(), tok.Tenant, name, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sla, err := slafile.Parse([]byte(v.Body), name+".yaml")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	scope, err := s.scope(tok, &sla)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now().In(sla.Location)
	dayStart := sladesk.DateOf(now).Midnight(sla.Location)
	current := stats.IntervalStart(now, sla.Location, sla.Interval)
	ivs, err := s.st.IntervalsIn(r.Context(), scope, dayStart, now.Add(time.Nanosecond))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	obj := report.PrimaryObjective(&sla)
	type figures struct{ day, interval stats.Interval }
	byQueue := make(map[string]*figures)
	for _, iv := range ivs {
		f := byQueue[iv.Queue]
		if f == nil {
			f = &figures{}
			byQueue[iv.Queue] = f
		}
		f.day.Merge(iv)
		if !iv.Start.Before(current) {
			f.interval.Merge(iv)
		}
	}

	var metrics []prometheus.Metric
	queues := make([]string, 0, len(byQueue))
	for q := range byQueue {
		queues = append(queues, q)
	}
	slices.Sort(queues)
	for _, q := range queues {
		vendor := sla.VendorOf(q)
		for _, p := range []struct {
			name string
			iv   *stats.Interval
		}{{"day", &byQueue[q].day}, {"interval", &byQueue[q].interval}} {
			labels := []string{q, vendor, p.name}
			metrics = append(metrics,
				prometheus.MustNewConstMetric(descOffered, prometheus.GaugeValue, float64(p.iv.Offered()), labels...),
				prometheus.MustNewConstMetric(descAnswered, prometheus.GaugeValue, float64(p.iv.Answered()),
					labels...),
				prometheus.MustNewConstMetric(descAbandoned, prometheus.GaugeValue,
					float64(p.iv.Count(sladesk.Abandoned)), labels...))
			if sl, ok := obj.Definition.ServiceLevel(p.iv.SLCounts(obj)); ok {
				metrics = append(metrics, prometheus.MustNewConstMetric(descSL, prometheus.GaugeValue, sl,
					labels...))
			}
		}
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(constCollector(metrics))
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// constCollector collects metrics computed beforehand.
type constCollector []prometheus.Metric

func (c constCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descOffered, descAnswered, descAbandoned, descSL} {
		ch <- d
	}
}

func (c constCollector) Collect(ch chan<- prometheus.Metric) {
	for _, m := range c {
		ch <- m
	}
}

// scope returns what tok may see under sla: its tenant, and for a vendor
// token its vendor's queues alone, the SLA's other vendors and their
// queues' objectives being left out. A vendor the SLA does not name sees
// nothing: errNotFound.
func (s *Server) scope(tok store.Token, sla *sladesk.SLA) (store.Scope, error) {
	scope := store.Scope{Tenant: tok.Tenant}
	if tok.Role != store.RoleVendor {
		return scope, nil
	}
	var mine []sladesk.Vendor
	for _, vd := range sla.Vendors {
		if vd.Name == tok.Vendor {
			mine = append(mine, vd)
			scope.Queues = append(scope.Queues, vd.Queues...)
		}
	}
	if len(mine) == 0 {
		return scope, fmt.Errorf("%w: the SLA names no vendor %q", errNotFound, tok.Vendor)
	}
	sla.Vendors = mine
	var objectives []sladesk.Objective
	for _, o := range sla.Objectives {
		if len(o.Queues) > 0 {
			var own []string
			for _, q := range o.Queues {
				if slices.Contains(scope.Queues, q) {
					own = append(own, q)
				}
			}
			if len(own) == 0 {
				continue
			}
			o.Queues = own
		}
		objectives = append(objectives, o)
	}
	sla.Objectives = objectives
	return scope, nil
}
