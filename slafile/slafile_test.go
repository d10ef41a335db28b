package slafile

import (
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

func TestParseFull(t *testing.T) {
	s, err := Load("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Client != "Acme Bank" || s.Location.String() != "Europe/London" || s.Interval != 15*time.Minute {
		t.Errorf("client %q zone %s interval %s", s.Client, s.Location, s.Interval)
	}
	if s.Contract.Start.String() != "2024-01-01" || s.Contract.End.String() != "2024-12-31" {
		t.Errorf("contract %v", s.Contract)
	}
	if s.VendorOf("billing") != "Bluebird" || s.VendorOf("support") != "Northwind" || s.VendorOf("x") != "" {
		t.Errorf("vendors %+v", s.Vendors)
	}
	if len(s.Objectives) != 4 {
		t.Fatalf("%d objectives", len(s.Objectives))
	}

	sl := s.Objectives[0]
	if sl.Metric != sladesk.MetricServiceLevel || sl.Threshold != 20*time.Second || sl.Target != 0.8 ||
		sl.Definition.Name != "early_abandons_excluded" || sl.ShortAbandon != 5*time.Second ||
		len(sl.AbandonKinds) != 2 || sl.AbandonKinds[1] != sladesk.Timeout ||
		sl.Period != sladesk.PeriodDay || sl.Weight != 2 || sl.Compare != sladesk.AtLeast {
		t.Errorf("service level objective %+v", sl)
	}
	if !sl.Definition.RemoveShort {
		t.Error("short_abandon given, but short abandons are not removed first")
	}
	asa := s.Objectives[1]
	if asa.Target != 30 || asa.Compare != sladesk.AtMost || asa.Name != "ASA at_most 30s" {
		t.Errorf("ASA objective %+v", asa)
	}
	if ab := s.Objectives[2]; ab.Target != 0.05 || ab.Period != sladesk.PeriodWeek {
		t.Errorf("abandon objective %+v", ab)
	}
	// Asterisk's SL2 counts timeouts and empty-queue exits as abandons
	// unless the objective says otherwise.
	if a := s.Objectives[3]; len(a.AbandonKinds) != 3 || !a.AppliesTo("sales") || a.AppliesTo("support") {
		t.Errorf("asterisk objective %+v", a)
	}
}

func TestOpeningHours(t *testing.T) {
	s, err := Load("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at   string
		open bool
	}{
		{"2024-03-05T08:00:00Z", true},  // Tuesday
		{"2024-03-05T07:45:00Z", false}, // before opening
		{"2024-03-05T19:45:00Z", true},  // last quarter-hour
		{"2024-03-05T20:00:00Z", false}, // closing time
		{"2024-03-09T12:15:00Z", false}, // Saturday lunch
		{"2024-03-09T13:00:00Z", true},  // Saturday afternoon
		{"2024-03-10T10:00:00Z", false}, // Sunday
		{"2024-12-25T10:00:00Z", false}, // holiday on a Wednesday
	}
	for _, tt := range tests {
		at, _ := time.Parse(time.RFC3339, tt.at)
		if got := s.Hours.Open(at.In(s.Location)); got != tt.open {
			t.Errorf("%s: open %v, want %v", tt.at, got, tt.open)
		}
	}
}

// TestErrors checks that every mistake names the line and the field.
func TestErrors(t *testing.T) {
	base := "client: X\ntime_zone: UTC\nobjectives:\n  - metric: service_level\n    threshold: 20s\n    target: 80%\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top-level key", "clinet: X\n", "sla.yaml:1:1: clinet: unknown field"},
		{"missing client", "time_zone: UTC\nobjectives:\n  - metric: asa\n    target: 30\n", "client: missing"},
		{"missing zone", "client: X\nobjectives:\n  - metric: asa\n    target: 30\n", "sla.yaml:1:1: time_zone: missing"},
		{"threshold on ASA", "client: X\ntime_zone: UTC\nobjectives:\n  - metric: asa\n    target: 30\n    threshold: 20s\n",
			"objectives[0].threshold: only a service_level objective has a threshold"},
		{"hours off the intervals", "interval: 30m\nhours:\n  mon: 08:15-17:00\n" + base,
			"sla.yaml:3:3: hours: 08:15-17:00 does not fall on 30-minute interval boundaries"},
		{"bad metric", "client: X\ntime_zone: UTC\nobjectives:\n  - metric: speed\n    target: 1\n",
			"sla.yaml:4:13: objectives[0].metric: unknown metric \"speed\""},
		{"target over 100%", strings.Replace(base, "80%", "180%", 1),
			"sla.yaml:6:13: objectives[0].target: a share must be between"},
		{"bad threshold", strings.Replace(base, "20s", "soon", 1),
			"sla.yaml:5:16: objectives[0].threshold: want a duration"},
		{"fractional threshold", strings.Replace(base, "20s", "20.5s", 1),
			"objectives[0].threshold: want a whole number of seconds"},
		{"no threshold", "client: X\ntime_zone: UTC\nobjectives:\n  - metric: service_level\n    target: 80%\n",
			"objectives[0].threshold: missing"},
		{"unknown definition", base + "    definition: magic\n",
			"sla.yaml:7:17: objectives[0].definition: unknown service-level definition \"magic\""},
		{"definition needs short", base + "    definition: icmi_formula5\n",
			"objectives[0].short_abandon: missing: definition icmi_formula5 needs"},
		{"answered is no abandon", base + "    abandons: [answered]\n",
			"objectives[0].abandons: answered is not an unanswered exit"},
		{"bad period", base + "    period: fortnight\n", "sla.yaml:7:13: objectives[0].period: unknown period"},
		{"bad zone", "time_zone: Mars/Olympus\n" + strings.Replace(base, "time_zone: UTC\n", "", 1), "sla.yaml:1:12: time_zone: unknown IANA time zone"},
		{"bad interval", "interval: 20m\n" + base, "sla.yaml:1:11: interval: interval 20m0s: want 15m, 30m or 60m"},
		{"bad hours span", "hours:\n  mon: 20:00-08:00\n" + base, "sla.yaml:2:8: hours.mon: span"},
		{"bad weekday", "hours:\n  funday: 08:00-20:00\n" + base, "sla.yaml:2:3: hours.funday: unknown weekday"},
		{"queue served twice", "vendors:\n  - {name: A, queues: [q]}\n  - {name: B, queues: [q]}\n" + base,
			"vendors[1].queues: queue \"q\" is already served by vendor \"A\""},
		{"contract backwards", "contract: {start: 2024-02-01, end: 2024-01-01}\n" + base,
			"contract.end: ends before it starts"},
		{"bad date", "contract: {start: 2024-02-30}\n" + base, "contract.start: invalid date"},
		{"yaml syntax", "client: [\n", "sla.yaml:"},
		{"no objectives", "client: X\ntime_zone: UTC\n", "objectives: missing"},
		{"weight negative", base + "    weight: -1\n", "objectives[0].weight: must not be negative"},
		{"ASA of 0 s", "client: X\ntime_zone: UTC\nobjectives:\n  - metric: asa\n    target: 0\n",
			"sla.yaml:5:13: objectives[0].target: must be a time above 0"},
		{"AHT of -0 s", "client: X\ntime_zone: UTC\nobjectives:\n  - metric: aht\n    target: -0s\n",
			"objectives[0].target: must be a time above 0"},
		{"empty", "", "empty SLA file"},
		{"vendor named twice", "vendors:\n  - {name: A, queues: [p]}\n  - {name: A, queues: [q]}\n" + base,
			"vendors[1].name: vendor \"A\" is named twice"},
		{"objective queue unknown", "vendors:\n  - {name: A, queues: [sales]}\n" + base + "    queues: [salse]\n",
			"objectives[0].queues: queue \"salse\" is served by no vendor"},
		{"null queue list", "vendors:\n  - name: A\n    queues:\n" + base, "vendors[0].queues: missing"},
		{"empty queue list", base + "    queues: []\n", "objectives[0].queues: empty"},
		{"overlapping hours", "hours:\n  mon: [\"08:00-12:00\", \"11:00-13:00\"]\n" + base, "hours.mon: spans overlap"},
		{"yaml line without column", "client: X\nobjectives: [\n", "sla.yaml:2: invalid YAML"},
		{"NaN target", strings.Replace(base, "80%", "NaN%", 1), "objectives[0].target: invalid percentage"},
		{"infinite weight", base + "    weight: .inf\n", "objectives[0].weight: want a number"},
		{"NaN ASA", "client: X\ntime_zone: UTC\nobjectives:\n  - {metric: asa, target: NaN}\n",
			"objectives[0].target: want a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "sla.yaml")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("client: X\ntime_zone: UTC\nobjectives:\n  - metric: service_level\n    threshold: 20s\n    target: 80%\n"))
	f.Add([]byte("hours:\n  mon-fri: 08:00-20:00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "f.yaml")
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if s.Location == nil || len(s.Objectives) == 0 {
			t.Fatalf("accepted an SLA without zone or objectives: %+v", s)
		}
	})
}
