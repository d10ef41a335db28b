package main

import (
	"testing"
	"time"
)

func TestShareValue(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0.85", 0.85, true},
		{"85%", 0.85, true},
		{" 5 % ", 0.05, true},
		{"30", 30, true}, // a share of 30: refused by the range check, not here
		{"NaN", 0, false},
		{"85%%", 0, false},
		{"0x1p-2", 0, false},
		{"1_0%", 0, false},
		{"eighty", 0, false},
	}
	for _, tt := range tests {
		var x float64
		err := shareValue{&x}.Set(tt.in)
		if (err == nil) != tt.ok || tt.ok && x != tt.want {
			t.Errorf("Set(%q) = %v, %v; want %v, ok %t", tt.in, x, err, tt.want, tt.ok)
		}
	}
}

func TestSecondsValue(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"180s", 180 * time.Second, true},
		{"180", 180 * time.Second, true},
		{"3m", 3 * time.Minute, true},
		{"2.5", 2500 * time.Millisecond, true},
		{"1e300", 0, false},
		{"NaN", 0, false},
		{"soon", 0, false},
		{"1_0", 0, false},
	}
	for _, tt := range tests {
		var d time.Duration
		err := secondsValue{&d}.Set(tt.in)
		if (err == nil) != tt.ok || tt.ok && d != tt.want {
			t.Errorf("Set(%q) = %v, %v; want %v, ok %t", tt.in, d, err, tt.want, tt.ok)
		}
	}
}

func TestLengthValue(t *testing.T) {
	var d time.Duration
	if err := (lengthValue{&d}).Set("30m"); err != nil || d != 30*time.Minute {
		t.Errorf("Set(30m) = %v, %v", d, err)
	}
	if err := (lengthValue{&d}).Set("30"); err == nil {
		t.Error("Set(30) = nil, want an error asking for a length such as 30m")
	}
}
