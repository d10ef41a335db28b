package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			secret, tok, err := s.CreateToken(ctx, "acme", "north desk", RoleVendor, "Northwind")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(secret, "sdk_") || len(secret) < 40 {
				t.Errorf("secret %q", secret)
			}
			got, err := s.Authenticate(ctx, secret)
			if err != nil || got.ID != tok.ID || got.Tenant != "acme" || got.Role != RoleVendor ||
				got.Vendor != "Northwind" {
				t.Fatalf("Authenticate = %+v, %v", got, err)
			}
			// The secret is not what is stored.
			var stored string
			if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT hash FROM tokens WHERE id = ?`),
				tok.ID).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(stored, secret) || stored == secret {
				t.Error("the secret itself is stored")
			}

			for _, bad := range []string{"", "sdk_", secret + "x", "Bearer " + secret, strings.ToUpper(secret)} {
				if _, err := s.Authenticate(ctx, bad); !errors.Is(err, ErrUnauthorized) {
					t.Errorf("Authenticate(%q) = %v, want ErrUnauthorized", bad, err)
				}
			}
			// Another tenant cannot revoke it; its own can, once.
			if err := s.RevokeToken(ctx, "globex", tok.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("revoke by another tenant: %v, want ErrNotFound", err)
			}
			if err := s.RevokeToken(ctx, "acme", tok.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Authenticate(ctx, secret); !errors.Is(err, ErrUnauthorized) {
				t.Errorf("revoked token: %v, want ErrUnauthorized", err)
			}
			if err := s.RevokeToken(ctx, "acme", tok.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("second revoke: %v, want ErrNotFound", err)
			}
			list, err := s.Tokens(ctx, "acme")
			if err != nil || len(list) != 1 || list[0].Revoked.IsZero() {
				t.Errorf("Tokens = %+v, %v; want the one, revoked", list, err)
			}
			if list, _ := s.Tokens(ctx, "globex"); len(list) != 0 {
				t.Errorf("another tenant lists %+v", list)
			}
		})
	}
}

func TestCreateTokenInvalid(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			tests := []struct {
				tenant string
				role   Role
				vendor string
			}{
				{"", RoleAdmin, ""},
				{"acme", "root", ""},
				{"acme", RoleVendor, ""},
				{"acme", RoleAnalyst, "Northwind"},
			}
			for _, tt := range tests {
				if _, _, err := s.CreateToken(ctx, tt.tenant, "x", tt.role, tt.vendor); !errors.Is(err, ErrInvalid) {
					t.Errorf("CreateToken(%q, %q, %q) = %v, want ErrInvalid", tt.tenant, tt.role, tt.vendor, err)
				}
			}
		})
	}
}
