package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SLAVersion is one version of a tenant's SLA file.
type SLAVersion struct {
	Name    string
	Version int64
	Body    string // the YAML as given
	Created time.Time
}

// PutSLA adds a version of tenant's SLA name, one past the latest, and
// returns it; a body equal to the latest version's adds none and returns
// that one (added false). The body is kept as given; the caller has
// checked it.
func (s *Store) PutSLA(ctx context.Context, tenant, name, body string) (v SLAVersion, added bool, err error) {
	if tenant == "" || name == "" {
		return SLAVersion{}, false, fmt.Errorf("%w: empty tenant or SLA name", ErrInvalid)
	}
	if latest, err := s.SLA(ctx, tenant, name, 0); err == nil && latest.Body == body {
		return latest, false, nil
	}
	v = SLAVersion{Name: name, Body: body, Created: time.Now().UTC()}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COALESCE(MAX(version), 0) + 1 FROM slas
			WHERE tenant = ? AND name = ?`), tenant, name).Scan(&v.Version); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO slas (tenant, name, version, body, created_ns)
			VALUES (?, ?, ?, ?, ?)`), tenant, name, v.Version, body, v.Created.UnixNano())
		return err
	})
	if err != nil {
		return SLAVersion{}, false, fmt.Errorf("store: put SLA %s: %w", name, err)
	}
	return v, true, nil
}

// SLA returns version of tenant's SLA name, the latest for version 0, or
// ErrNotFound.
func (s *Store) SLA(ctx context.Context, tenant, name string, version int64) (SLAVersion, error) {
	query := `SELECT name, version, body, created_ns FROM slas WHERE tenant = ? AND name = ? AND version = ?`
	args := []any{tenant, name, version}
	if version == 0 {
		query = `SELECT name, version, body, created_ns FROM slas WHERE tenant = ? AND name = ?
			ORDER BY version DESC LIMIT 1`
		args = args[:2]
	}
	var v SLAVersion
	var created int64
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(query), args...).Scan(&v.Name, &v.Version, &v.Body,
		&created)
	switch {
	case errors.Is(err, sql.ErrNoRows) && version == 0:
		return SLAVersion{}, fmt.Errorf("%w: no SLA %q", ErrNotFound, name)
	case errors.Is(err, sql.ErrNoRows):
		return SLAVersion{}, fmt.Errorf("%w: SLA %q has no version %d", ErrNotFound, name, version)
	case err != nil:
		return SLAVersion{}, fmt.Errorf("store: SLA %s: %w", name, err)
	}
	v.Created = time.Unix(0, created).UTC()
	return v, nil
}

// SLAs returns the latest version of each of tenant's SLAs, by name.
func (s *Store) SLAs(ctx context.Context, tenant string) ([]SLAVersion, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT name, version, body, created_ns FROM slas s
		WHERE tenant = ? AND version = (SELECT MAX(version) FROM slas m
			WHERE m.tenant = s.tenant AND m.name = s.name)
		ORDER BY name`), tenant)
	if err != nil {
		return nil, fmt.Errorf("store: SLAs: %w", err)
	}
	var out []SLAVersion
	for rows.Next() {
		var v SLAVersion
		var created int64
		if err := rows.Scan(&v.Name, &v.Version, &v.Body, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: SLAs: %w", err)
		}
		v.Created = time.Unix(0, created).UTC()
		out = append(out, v)
	}
	return out, closeRows(rows)
}
