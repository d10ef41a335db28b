package csvcalls

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sladesk/sladesk"
)

func TestLoadMappingExample(t *testing.T) {
	got := mustLoad(t, filepath.Join("testdata", "mappings", "asterisk-cdr.yaml"))
	want := Mapping{
		ID: "uniqueid", ContactID: "linkedid", FixedQueue: "support", Arrival: "start",
		Answer: "answer", End: "end", Outcome: "disposition", Agent: "dstchannel",
		Customer: "src", TalkSeconds: "billsec",
		Outcomes: map[string]sladesk.Outcome{
			"ANSWERED": sladesk.Answered, "NO ANSWER": sladesk.Abandoned,
			"BUSY": sladesk.Abandoned, "": sladesk.Abandoned,
		},
		Unanswered:   sladesk.Abandoned,
		AgentPattern: `^(.+)-[0-9a-f]+$`,
		TimeLayout:   "2006-01-02 15:04:05", TimeZone: "Europe/London",
		Ambiguous: AmbiguousEarlier, Merge: true, MergeWindow: 30 * time.Minute, Delimiter: ',',
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestParseMappingErrors checks that every fault names the file, the line
// and the field.
func TestParseMappingErrors(t *testing.T) {
	const ok = "columns:\n  arrival: start\nfixed_queue: q\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", ok + "colour: blue\n",
			"m.yaml:4: colour: unknown field (known: columns, fixed_queue, outcomes, unanswered, agent_pattern, time_layout, time_zone, ambiguous_time, merge, merge_window, delimiter, multiline_fields)"},
		{"unknown column", "columns:\n  arrival: start\n  answered: a\nfixed_queue: q\n",
			"m.yaml:3: columns.answered: unknown field (known: id, contact_id, queue, arrival, answer, end, outcome, agent, customer, wait_seconds, talk_seconds, hold_seconds, wrap_seconds)"},
		{"repeated key", ok + "fixed_queue: r\n", "m.yaml:4: fixed_queue: repeated (first on line 3)"},
		{"unknown outcome", ok + "outcomes:\n  ANSWERED: answerd\n", `m.yaml:5: outcomes.ANSWERED: not an outcome: unknown outcome "answerd"`},
		{"outcome of unanswered rows", ok + "unanswered: answered\n", "m.yaml:4: unanswered: answered cannot be the outcome of an unanswered row"},
		{"merge not a bool", ok + "merge: yes please\n", "m.yaml:4: merge: want true or false"},
		{"merge window", ok + "merge_window: 5 minutes\n", `m.yaml:4: merge_window: want a duration such as 30m or 1h, not "5 minutes"`},
		{"delimiter too long", ok + "delimiter: ';;'\n", `m.yaml:4: delimiter: want one character`},
		{"delimiter a quote", ok + "delimiter: '\"'\n", `m.yaml:4: delimiter: '"': want a single-byte character`},
		{"columns not a mapping", "columns: [a, b]\n", "m.yaml:1: columns: want a mapping of keys to values"},
		{"column not a string", "columns:\n  arrival: [a]\nfixed_queue: q\n", "m.yaml:2: columns.arrival: want a string"},
		{"arrival missing", "columns:\n  id: x\nfixed_queue: q\n", "m.yaml:1: columns.arrival: required"},
		{"queue and fixed queue", "columns:\n  arrival: a\n  queue: q\nfixed_queue: q\n", "m.yaml:4: fixed_queue: set either columns.queue or fixed_queue, not both"},
		{"neither queue", "columns:\n  arrival: a\n", "m.yaml:1: columns.queue: set either columns.queue or fixed_queue"},
		{"merge without id", ok + "merge: true\n", "m.yaml:1: columns.id: required when merge is on"},
		{"unknown zone", ok + "time_zone: Europe/Londn\n", "m.yaml:4: time_zone: unknown time zone"},
		{"local zone", ok + "time_zone: Local\n", `m.yaml:4: time_zone: "Local" depends on the machine`},
		{"layout needs zone", ok + "time_layout: '2006-01-02 15:04:05'\n", "m.yaml:1: time_zone: required: time_layout has no offset"},
		{"layout without hour", ok + "time_layout: '2006-01-02'\ntime_zone: UTC\n", `m.yaml:4: time_layout: "2006-01-02" does not hold a full date and time of day`},
		{"layout with abbreviation", ok + "time_layout: '2006-01-02 15:04:05 MST'\n", "m.yaml:4: time_layout: zone abbreviations (MST) are ambiguous"},
		{"ambiguous policy", ok + "ambiguous_time: first\n", `m.yaml:4: ambiguous_time: "first": want reject, earlier or later`},
		{"bad pattern", "columns:\n  arrival: a\n  agent: g\nfixed_queue: q\nagent_pattern: '(['\n", "m.yaml:5: agent_pattern: not a regular expression"},
		{"pattern without agent", ok + "agent_pattern: x\n", "m.yaml:4: agent_pattern: set, but columns.agent is not"},
		{"not YAML", "columns: [\n", "m.yaml: not valid YAML: yaml: line 1"},
		{"empty", "", "m.yaml:1: empty mapping file"},
		{"a list", "- a\n", "m.yaml:1: want a mapping of keys to values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMapping([]byte(tt.yaml), "m.yaml")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
			var me *MappingError
			if !errors.As(err, &me) || me.File != "m.yaml" {
				t.Errorf("err %T %+v, want a *MappingError naming the file", err, err)
			}
		})
	}
}

func TestParseMappingNullsAndAliases(t *testing.T) {
	m, err := ParseMapping([]byte("columns:\n  arrival: &a start\n  end: *a\n  agent:\nfixed_queue: q\nmerge_window:\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if m.Arrival != "start" || m.End != "start" || m.Agent != "" || m.MergeWindow != 0 {
		t.Errorf("got %+v", m)
	}
}

func TestLoadMappingMissingFile(t *testing.T) {
	_, err := LoadMapping(filepath.Join(t.TempDir(), "none.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want not exist", err)
	}
}

func TestValidate(t *testing.T) {
	base := func() Mapping { return Mapping{Arrival: "a", Queue: "q"} }
	tests := []struct {
		name   string
		change func(*Mapping)
		field  string // "" when valid
	}{
		{"minimal", func(*Mapping) {}, ""},
		{"native", func(m *Mapping) { *m = NativeMapping() }, ""},
		{"unix layout with zone", func(m *Mapping) { m.TimeLayout, m.TimeZone = LayoutUnix, "Europe/London" }, ""},
		{"go layout with offset needs no zone", func(m *Mapping) { m.TimeLayout = "2006-01-02 15:04:05-07:00" }, ""},
		{"outcome out of range", func(m *Mapping) { m.Outcomes = map[string]sladesk.Outcome{"X": 99} }, "outcomes.X"},
		{"outcome unknown", func(m *Mapping) { m.Outcomes = map[string]sladesk.Outcome{"X": 0} }, "outcomes.X"},
		{"outcome keys equal but for case", func(m *Mapping) {
			m.Outcomes = map[string]sladesk.Outcome{"busy": sladesk.Abandoned, "BUSY": sladesk.Timeout}
		}, "outcomes.busy"},
		{"negative merge window", func(m *Mapping) { m.MergeWindow = -time.Second }, "merge_window"},
		{"delimiter not a byte", func(m *Mapping) { m.Delimiter = 'é' }, "delimiter"},
		{"delimiter newline", func(m *Mapping) { m.Delimiter = '\n' }, "delimiter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base()
			tt.change(&m)
			err := m.Validate()
			var me *MappingError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("err = %v, want valid", err)
			case tt.field != "" && (!errors.As(err, &me) || me.Field != tt.field):
				t.Fatalf("err = %v, want a MappingError on %s", err, tt.field)
			}
		})
	}
}
