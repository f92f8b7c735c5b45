package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Collect runs a query and scans every row with scan.
func Collect[T any](ctx context.Context, q Querier, sql string, args []any, scan func(pgx.Row) (T, error)) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ByID indexes a list by its ids, the shape dataloaders want.
func ByID[T any](list []T, id func(T) int64) map[int64]T {
	m := make(map[int64]T, len(list))
	for _, v := range list {
		m[id(v)] = v
	}
	return m
}

// IDs runs a query that selects one bigint column.
func IDs(ctx context.Context, q Querier, sql string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error { ids = append(ids, id); return nil })
	return ids, err
}

// RowWith is row with its last columns scanned into extra: a row scanner of a table reads
// a query that adds columns of its own (a window's count) after the table's.
func RowWith(row pgx.Row, extra ...any) pgx.Row { return rowWith{row, extra} }

type rowWith struct {
	pgx.Row
	extra []any
}

func (r rowWith) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.extra...)...) }
