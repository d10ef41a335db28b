package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Role is what a token may do within its tenant.
type Role string

// The roles.
const (
	// RoleAdmin may do everything in its tenant.
	RoleAdmin Role = "admin"
	// RoleAnalyst may read everything in its tenant.
	RoleAnalyst Role = "analyst"
	// RoleVendor may read only its own vendor's queues and results.
	RoleVendor Role = "vendor"
)

// ErrUnauthorized is returned for a token secret that is unknown or
// revoked; it says no more, so that a caller learns nothing of which.
var ErrUnauthorized = errors.New("store: unauthorized")

// ErrNotFound is returned for a token id that is not the tenant's.
var ErrNotFound = errors.New("store: not found")

// Token is an API token, without its secret.
type Token struct {
	ID      string
	Tenant  string
	Name    string
	Role    Role
	Vendor  string // for RoleVendor
	Created time.Time
	Revoked time.Time // zero while valid
}

// secretPrefix starts every secret, so that one found in a log or a paste
// can be told for what it is.
const secretPrefix = "sdk_"

// CreateToken makes a token of tenant with a role (and, for RoleVendor,
// the vendor it may see), and returns its secret, shown this once: the
// store keeps only its SHA-256. Secrets are 32 random bytes, so a plain
// hash cannot be reversed by guessing.
func (s *Store) CreateToken(ctx context.Context, tenant, name string, role Role, vendor string) (string,
	Token, error) {
	switch {
	case tenant == "":
		return "", Token{}, fmt.Errorf("%w: empty tenant", ErrInvalid)
	case role != RoleAdmin && role != RoleAnalyst && role != RoleVendor:
		return "", Token{}, fmt.Errorf("%w: role %q (want admin, analyst or vendor)", ErrInvalid, role)
	case (role == RoleVendor) != (vendor != ""):
		return "", Token{}, fmt.Errorf("%w: a vendor token, and only one, names its vendor", ErrInvalid)
	}
	var raw [32]byte
	var id [8]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", Token{}, err
	}
	if _, err := rand.Read(id[:]); err != nil {
		return "", Token{}, err
	}
	secret := secretPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	t := Token{ID: hex.EncodeToString(id[:]), Tenant: tenant, Name: name, Role: role, Vendor: vendor,
		Created: time.Now().UTC()}
	_, err := s.db.ExecContext(ctx, s.dialect.rebind(`INSERT INTO tokens
		(id, tenant, name, role, vendor, hash, created_ns, revoked_ns) VALUES (?, ?, ?, ?, ?, ?, ?, 0)`),
		t.ID, t.Tenant, t.Name, string(t.Role), t.Vendor, hashSecret(secret), t.Created.UnixNano())
	if err != nil {
		return "", Token{}, fmt.Errorf("store: create token: %w", err)
	}
	return secret, t, nil
}

// Authenticate returns the valid token whose secret this is, or
// ErrUnauthorized.
func (s *Store) Authenticate(ctx context.Context, secret string) (Token, error) {
	if !strings.HasPrefix(secret, secretPrefix) {
		return Token{}, ErrUnauthorized
	}
	row := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT id, tenant, name, role, vendor, created_ns,
		revoked_ns FROM tokens WHERE hash = ?`), hashSecret(secret))
	t, err := scanToken(row)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Token{}, ErrUnauthorized
	case err != nil:
		return Token{}, fmt.Errorf("store: authenticate: %w", err)
	case !t.Revoked.IsZero():
		return Token{}, ErrUnauthorized
	}
	return t, nil
}

// RevokeToken revokes tenant's token id; it returns ErrNotFound when
// tenant has no such token.
func (s *Store) RevokeToken(ctx context.Context, tenant, id string) error {
	r, err := s.db.ExecContext(ctx, s.dialect.rebind(`UPDATE tokens SET revoked_ns = ?
		WHERE tenant = ? AND id = ? AND revoked_ns = 0`), time.Now().UnixNano(), tenant, id)
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	if n, err := r.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: token %s of %s", ErrNotFound, id, tenant)
	}
	return nil
}

// Tokens returns tenant's tokens, revoked ones too, oldest first.
func (s *Store) Tokens(ctx context.Context, tenant string) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT id, tenant, name, role, vendor, created_ns,
		revoked_ns FROM tokens WHERE tenant = ? ORDER BY created_ns, id`), tenant)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, closeRows(rows)
}

func scanToken(row interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var role string
	var created, revoked int64
	if err := row.Scan(&t.ID, &t.Tenant, &t.Name, &role, &t.Vendor, &created, &revoked); err != nil {
		return Token{}, err
	}
	t.Role, t.Created = Role(role), time.Unix(0, created).UTC()
	if revoked != 0 {
		t.Revoked = time.Unix(0, revoked).UTC()
	}
	return t, nil
}

// hashSecret returns the hex SHA-256 of a secret.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
