package csvcalls

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/sladesk/sladesk"
)

// LoadMapping reads a mapping from a YAML file (the format is in the package
// documentation) and validates it. Errors name the file, and where they can
// the line and field: a *MappingError, or the error from reading the file.
func LoadMapping(path string) (Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Mapping{}, fmt.Errorf("load mapping: %w", err)
	}
	return ParseMapping(data, path)
}

// ParseMapping reads a mapping from YAML data and validates it; file names
// the data in errors. Unknown and repeated keys are errors. It returns a
// *MappingError naming the file, line and field at fault.
func ParseMapping(data []byte, file string) (Mapping, error) {
	return parseMapping(data, file, true)
}

// DecodeMapping reads a mapping from YAML data like ParseMapping, but
// leaves validation to the caller, for a mapping that is completed
// afterwards (by command-line flags) before it is validated.
func DecodeMapping(data []byte, file string) (Mapping, error) {
	return parseMapping(data, file, false)
}

func parseMapping(data []byte, file string, validate bool) (Mapping, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Mapping{}, &MappingError{File: file, Reason: "not valid YAML", Err: err}
	}
	if len(doc.Content) == 0 {
		return Mapping{}, &MappingError{File: file, Line: 1, Reason: "empty mapping file"}
	}

	d := decoder{file: file, lines: map[string]int{}}
	var m Mapping
	if err := d.top(doc.Content[0], &m); err != nil {
		return Mapping{}, err
	}

	if !validate {
		return m, nil
	}
	// Validation knows fields, not lines: add the line the field was on.
	if err := m.Validate(); err != nil {
		var me *MappingError
		if errors.As(err, &me) {
			me.File, me.Line = file, d.lineOf(me.Field, doc.Content[0].Line)
		}
		return Mapping{}, err
	}
	return m, nil
}

// decoder walks the YAML nodes of a mapping, remembering the line of every
// field so that validation errors can point at it.
type decoder struct {
	file  string
	lines map[string]int // field path -> line
}

// topKeys are the keys of a mapping file, in the order of the documentation.
var topKeys = []string{
	"columns", "fixed_queue", "outcomes", "unanswered", "agent_pattern",
	"time_layout", "time_zone", "ambiguous_time", "merge", "merge_window", "delimiter", "multiline_fields",
}

func (d *decoder) top(n *yaml.Node, m *Mapping) error {
	return d.eachKey(n, "", topKeys, func(key string, v *yaml.Node) error {
		return d.topField(key, v, m)
	})
}

func (d *decoder) topField(key string, v *yaml.Node, m *Mapping) error {
	switch key {
	case "columns":
		return d.columns(v, m)
	case "outcomes":
		return d.outcomes(v, m)
	case "unanswered":
		return d.outcome(v, key, &m.Unanswered)
	case "merge":
		return d.boolean(v, key, &m.Merge)
	case "multiline_fields":
		return d.boolean(v, key, &m.MultilineFields)
	case "merge_window":
		return d.duration(v, key, &m.MergeWindow)
	case "delimiter":
		return d.delimiter(v, key, &m.Delimiter)
	case "ambiguous_time":
		var s string
		err := d.str(v, key, &s)
		m.Ambiguous = AmbiguousTime(s)
		return err
	}
	fields := map[string]*string{
		"fixed_queue": &m.FixedQueue, "agent_pattern": &m.AgentPattern,
		"time_layout": &m.TimeLayout, "time_zone": &m.TimeZone,
	}
	return d.str(v, key, fields[key])
}

func (d *decoder) columns(n *yaml.Node, m *Mapping) error {
	cols := m.columnFields()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return d.eachKey(n, "columns.", names, func(key string, v *yaml.Node) error {
		for _, c := range cols {
			if c.name == key {
				return d.str(v, "columns."+key, c.col)
			}
		}
		return nil // eachKey admits only known names
	})
}

func (d *decoder) outcomes(n *yaml.Node, m *Mapping) error {
	m.Outcomes = map[string]sladesk.Outcome{}
	return d.eachKey(n, "outcomes.", nil, func(key string, v *yaml.Node) error {
		var o sladesk.Outcome
		err := d.outcome(v, "outcomes."+key, &o)
		m.Outcomes[key] = o
		return err
	})
}

// eachKey calls f for every key of the mapping node n, in file order. It
// rejects keys that are repeated or, when known is not nil, not in known.
func (d *decoder) eachKey(n *yaml.Node, prefix string, known []string,
	f func(key string, value *yaml.Node) error) error {
	n = resolve(n)
	field := strings.TrimSuffix(prefix, ".")
	if n.Kind != yaml.MappingNode {
		if isNull(n) {
			return nil
		}
		return d.errorf(n, field, "want a mapping of keys to values")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return d.errorf(k, field, "keys must be plain strings")
		}
		path := prefix + k.Value
		if known != nil && !slices.Contains(known, k.Value) {
			return d.errorf(k, path, "unknown field (known: %s)", strings.Join(known, ", "))
		}
		if _, seen := d.lines[path]; seen {
			return d.errorf(k, path, "repeated (first on line %d)", d.lines[path])
		}
		d.lines[path] = k.Line
		if err := f(k.Value, v); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) str(n *yaml.Node, field string, dst *string) error {
	n = resolve(n)
	if isNull(n) {
		*dst = ""
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return d.errorf(n, field, "want a string")
	}
	*dst = n.Value
	return nil
}

func (d *decoder) outcome(n *yaml.Node, field string, dst *sladesk.Outcome) error {
	var s string
	if err := d.str(n, field, &s); err != nil {
		return err
	}
	o, err := sladesk.ParseOutcome(s)
	if err != nil {
		return &MappingError{File: d.file, Line: n.Line, Field: field, Reason: "not an outcome", Err: err}
	}
	*dst = o
	return nil
}

func (d *decoder) boolean(n *yaml.Node, field string, dst *bool) error {
	n = resolve(n)
	b, err := strconv.ParseBool(n.Value)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || err != nil {
		return d.errorf(n, field, "want true or false")
	}
	*dst = b
	return nil
}

func (d *decoder) duration(n *yaml.Node, field string, dst *time.Duration) error {
	var s string
	if err := d.str(n, field, &s); err != nil || s == "" {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return d.errorf(n, field, "want a duration such as 30m or 1h, not %q", s)
	}
	*dst = v
	return nil
}

func (d *decoder) delimiter(n *yaml.Node, field string, dst *rune) error {
	var s string
	if err := d.str(n, field, &s); err != nil {
		return err
	}
	r, size := utf8.DecodeRuneInString(s)
	if s == "" || size != len(s) {
		return d.errorf(n, field, `want one character, such as "," or ";" or "\t"`)
	}
	*dst = r
	return nil
}

func (d *decoder) errorf(n *yaml.Node, field, format string, args ...any) error {
	reason := fmt.Sprintf(format, args...)
	return &MappingError{File: d.file, Line: n.Line, Field: field, Reason: reason}
}

// lineOf returns the line of field, or of its enclosing mapping, or def.
func (d *decoder) lineOf(field string, def int) int {
	for f := field; f != ""; {
		if line, ok := d.lines[f]; ok {
			return line
		}
		i := strings.LastIndexByte(f, '.')
		if i < 0 {
			break
		}
		f = f[:i]
	}
	return def
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}
