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
	x, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
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
	if x, err := strconv.ParseFloat(s, 64); err == nil {
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
