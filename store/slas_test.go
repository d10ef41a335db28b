package store

import (
	"context"
	"errors"
	"testing"
)

func TestSLAVersions(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			v1, added, err := s.PutSLA(ctx, "acme", "main", "client: Acme\n")
			if err != nil || v1.Version != 1 || !added {
				t.Fatalf("PutSLA = %+v, %t, %v", v1, added, err)
			}
			v2, added, err := s.PutSLA(ctx, "acme", "main", "client: Acme v2\n")
			if err != nil || v2.Version != 2 || !added {
				t.Fatalf("PutSLA = %+v, %t, %v", v2, added, err)
			}
			// The same body again is no new version.
			if again, added, err := s.PutSLA(ctx, "acme", "main", "client: Acme v2\n"); err != nil ||
				again.Version != 2 || added {
				t.Errorf("same body: %+v, %t, %v; want version 2, not added", again, added, err)
			}
			if _, _, err := s.PutSLA(ctx, "globex", "main", "client: Globex\n"); err != nil {
				t.Fatal(err)
			}
			// The past version stays as it was; the latest is 2.
			if got, err := s.SLA(ctx, "acme", "main", 1); err != nil || got.Body != "client: Acme\n" {
				t.Errorf("version 1 = %+v, %v", got, err)
			}
			if got, err := s.SLA(ctx, "acme", "main", 0); err != nil || got.Version != 2 {
				t.Errorf("latest = %+v, %v", got, err)
			}
			if _, err := s.SLA(ctx, "acme", "other", 0); !errors.Is(err, ErrNotFound) {
				t.Errorf("unknown SLA: %v, want ErrNotFound", err)
			}
			list, err := s.SLAs(ctx, "acme")
			if err != nil || len(list) != 1 || list[0].Version != 2 {
				t.Errorf("SLAs = %+v, %v; want main version 2 alone", list, err)
			}
			if got, err := s.SLA(ctx, "globex", "main", 2); !errors.Is(err, ErrNotFound) {
				t.Errorf("another tenant's version: %+v, %v", got, err)
			}
		})
	}
}
