package slafile

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sladesk/sladesk"
	"go.yaml.in/yaml/v3"
)

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// hours reads opening hours: keys are a weekday ("mon"), a range of
// weekdays ("mon-fri"), "daily", or "closed" (a list of dates); values are
// a span "08:00-20:00", a list of spans, or "closed".
func (p *parser) hours(n *yaml.Node) sladesk.OpeningHours {
	var h sladesk.OpeningHours
	if n.Kind != yaml.MappingNode {
		p.fail(n, "hours", "want a mapping such as mon-fri: \"08:00-20:00\"")
		return h
	}
	seen := [7]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := "hours." + k.Value
		if k.Value == "closed" {
			for _, s := range p.strings(v, field) {
				d, err := sladesk.ParseDate(s)
				if err != nil {
					p.fail(v, field, "%s", err)
				}
				h.Closed = append(h.Closed, d)
			}
			continue
		}
		days, err := parseDays(k.Value)
		if err != nil {
			p.fail(k, field, "%s", err)
			continue
		}
		spans := p.spans(v, field)
		for i := 1; i < len(spans); i++ {
			for j := range i {
				if spans[i].From < spans[j].To && spans[j].From < spans[i].To {
					p.fail(v, field, "spans overlap")
				}
			}
		}
		for _, d := range days {
			if seen[d] {
				p.fail(k, field, "%s is given twice", d)
			}
			seen[d] = true
			h.Days[d] = spans
		}
	}
	// A weekday left out of a non-empty table is closed; give it an empty,
	// non-nil span list so that the table is not mistaken for "always open".
	if h.AlwaysOpenDays() {
		return h
	}
	for d := range h.Days {
		if h.Days[d] == nil {
			h.Days[d] = []sladesk.TimeSpan{}
		}
	}
	return h
}

func parseDays(s string) ([]time.Weekday, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "daily" {
		return []time.Weekday{0, 1, 2, 3, 4, 5, 6}, nil
	}
	from, to, isRange := strings.Cut(s, "-")
	a, ok := weekdays[from]
	if !ok {
		return nil, fmt.Errorf("unknown weekday %q (want mon, tue, ..., a range mon-fri, daily or closed)", from)
	}
	if !isRange {
		return []time.Weekday{a}, nil
	}
	b, ok := weekdays[to]
	if !ok {
		return nil, fmt.Errorf("unknown weekday %q", to)
	}
	var out []time.Weekday
	for d := a; ; d = (d + 1) % 7 {
		out = append(out, d)
		if d == b {
			return out, nil
		}
	}
}

// spans reads "closed", one span or a list of spans; a day with an
// explicit "closed" gets an empty, non-nil list.
func (p *parser) spans(n *yaml.Node, field string) []sladesk.TimeSpan {
	out := []sladesk.TimeSpan{}
	for _, s := range p.strings(n, field) {
		if strings.EqualFold(s, "closed") {
			continue
		}
		span, err := parseSpan(s)
		if err != nil {
			p.fail(n, field, "%s", err)
			continue
		}
		out = append(out, span)
	}
	return out
}

func parseSpan(s string) (sladesk.TimeSpan, error) {
	if strings.EqualFold(s, "24h") {
		return sladesk.TimeSpan{From: 0, To: 24 * 60}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return sladesk.TimeSpan{}, fmt.Errorf("want a span such as 08:00-20:00, not %q", s)
	}
	from, err1 := parseClock(a)
	to, err2 := parseClock(b)
	if err1 != nil || err2 != nil {
		return sladesk.TimeSpan{}, fmt.Errorf("want a span such as 08:00-20:00, not %q", s)
	}
	if to <= from {
		return sladesk.TimeSpan{}, fmt.Errorf(
			"span %q ends before it starts (a span past midnight is two spans on two days)", s)
	}
	return sladesk.TimeSpan{From: from, To: to}, nil
}

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return 0, errInvalid
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, errInvalid
	}
	return hh*60 + mm, nil
}

// alignHours checks that opening and closing times fall on interval
// boundaries.
func (p *parser) alignHours(n *yaml.Node, s *sladesk.SLA) {
	if err := s.Hours.Aligned(s.Interval); err != nil {
		p.fail(n, "hours", "%v", err)
	}
}
