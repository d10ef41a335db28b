package store

import (
	"strconv"
	"strings"

	// The drivers register themselves with database/sql.
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// dialect is what differs between the databases: the placeholders.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// rebind turns the ? placeholders of a query into PostgreSQL's $1, $2, ...
// The queries here hold no ? in literals.
func (d dialect) rebind(query string) string {
	if d != postgresDialect {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
