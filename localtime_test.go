package sladesk

import (
	"errors"
	"testing"
	"time"
)

// TestLocalTime is the shared case of days of 23 and 25 hours, and the
// half-hour change of Lord Howe Island.
func TestLocalTime(t *testing.T) {
	tests := []struct {
		zone, wall string
		want       string // RFC 3339, or the error
		err        error
	}{
		{"Europe/London", "2024-10-27 01:30:00", "", ErrAmbiguousLocalTime},
		{"Europe/London", "2024-03-31 01:30:00", "", ErrNoSuchLocalTime},
		{"Europe/London", "2024-03-31 02:00:00", "2024-03-31T02:00:00+01:00", nil},
		{"Europe/London", "2024-10-27 02:00:00", "2024-10-27T02:00:00Z", nil},
		{"Europe/London", "2024-10-27 00:59:59", "2024-10-27T00:59:59+01:00", nil},
		{"Asia/Jerusalem", "1999-02-01 07:02:47", "1999-02-01T07:02:47+02:00", nil},
		{"Australia/Lord_Howe", "2025-04-06 01:45:00", "", ErrAmbiguousLocalTime},
		{"Australia/Lord_Howe", "2025-10-05 02:15:00", "", ErrNoSuchLocalTime},
		{"UTC", "2024-01-01 00:00:00", "2024-01-01T00:00:00Z", nil},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.wall, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			wall, err := time.Parse(time.DateTime, tt.wall)
			if err != nil {
				t.Fatal(err)
			}
			got, err := LocalTime(wall, loc)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Errorf("got %v, %v; want error %v", got, err, tt.err)
				}
				return
			}
			if err != nil || got.Format(time.RFC3339) != tt.want {
				t.Errorf("got %s, %v; want %s", got.Format(time.RFC3339), err, tt.want)
			}
		})
	}
}
