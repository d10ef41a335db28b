package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// shareValue is a flag holding a share, written as planners write it:
// 0.85 or 85%.
type shareValue struct{ x *float64 }

func (v shareValue) String() string {
	if v.x == nil || *v.x == 0 {
		return ""
	}
	return strconv.FormatFloat(*v.x, 'g', -1, 64)
}

func (v shareValue) Set(s string) error {
	s = strings.TrimSpace(s)
	pct, percent := strings.CutSuffix(s, "%")
	x, err := parseDecimal(strings.TrimSpace(pct))
	if err != nil || math.IsNaN(x) {
		return fmt.Errorf("want a share such as 0.85 or 85%%")
	}
	if percent {
		x /= 100
	}
	*v.x = x
	return nil
}

// secondsValue is a flag holding a length of time, written as a duration
// (180s, 3m) or as plain seconds (180), as volumes files write it.
type secondsValue struct{ d *time.Duration }

func (v secondsValue) String() string {
	if v.d == nil || *v.d == 0 {
		return ""
	}
	return v.d.String()
}

func (v secondsValue) Set(s string) error {
	s = strings.TrimSpace(s)
	if x, err := parseDecimal(s); err == nil {
		if math.IsNaN(x) || math.Abs(x) > math.MaxInt64/float64(time.Second) {
			return fmt.Errorf("want a time such as 180s or 180")
		}
		*v.d = time.Duration(math.Round(x * float64(time.Second)))
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a time such as 180s or 180")
	}
	*v.d = d
	return nil
}

// lengthValue is a flag holding the length of an interval, written as a
// duration: 30m, 1h.
type lengthValue struct{ d *time.Duration }

func (v lengthValue) String() string {
	if v.d == nil {
		return ""
	}
	return v.d.String()
}

func (v lengthValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("want a length such as 30m or 1h")
	}
	*v.d = d
	return nil
}

// parseDecimal reads a decimal number as people write it: digits, a point,
// an exponent. strconv.ParseFloat also takes Go's forms (1_0, 0x1p-2),
// which in a forecast or on a command line are typos, not numbers.
func parseDecimal(s string) (float64, error) {
	if strings.ContainsAny(s, "_xXpP") {
		return 0, fmt.Errorf("%q is not a decimal number", s)
	}
	return strconv.ParseFloat(s, 64)
}
