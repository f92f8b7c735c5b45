package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/changes"
	"github.com/gemella/gemella/internal/i18n"
	"github.com/gemella/gemella/internal/store"
)

// cachedRoots are the root fields whose answers to readers who are not signed in are kept:
// read from PostgreSQL alone, the same for every such reader, asked for over and over (the
// Questions page is what a visitor opens first). Adding one is adding its name.
var cachedRoots = map[string]bool{"questions": true}

const (
	// cachedAnswers bounds how many answers are kept, maxCachedBytes the size of one.
	cachedAnswers  = 256
	maxCachedBytes = 64 << 10
)

// responses keeps whole answers to the operations of cachedRoots, each with the PostgreSQL
// snapshot taken before it was read, and serves one again while no transaction that wrote
// what a page may show has committed since (internal/changes): never staler than reading
// it again, whatever changed (a post, a vote, a name, a space made private). The check is
// one statement, which a miss spends too, before the operation's own.
type responses struct {
	db   store.Querier
	kept *lru.LRU[*keptResponse]
}

type keptResponse struct {
	snapshot string
	at       time.Time
	resp     *graphql.Response
}

func newResponses(db store.Querier) *responses {
	return &responses{db: db, kept: lru.New[*keptResponse](cachedAnswers)}
}

// around answers an operation from what is kept, or runs it and keeps its answer.
func (c *responses) around(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	key, ok := cacheKey(ctx)
	if !ok {
		return next(ctx)
	}
	var snap string
	var err error
	if k, ok := c.kept.Get(ctx, key); ok && time.Since(k.at) < changes.Horizon {
		var changed bool
		if snap, changed, err = changes.Since(ctx, c.db, k.snapshot); err == nil && !changed {
			return graphql.OneShot(k.resp)
		}
	} else {
		snap, err = store.Snapshot(ctx, c.db)
	}
	if err != nil {
		return next(ctx) // the operation's own reads say what is wrong
	}
	at := time.Now()
	handler := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := handler(ctx)
		if resp != nil && len(resp.Errors) == 0 && len(resp.Extensions) == 0 && len(resp.Data) <= maxCachedBytes {
			kept := *resp
			kept.Data = bytes.Clone(resp.Data)
			c.kept.Add(ctx, key, &keptResponse{snapshot: snap, at: at, resp: &kept})
		}
		return resp
	}
}

// cacheKey is what tells an operation's answers apart, when the operation is one whose
// answer may be kept: a query of cachedRoots alone, by a reader not signed in.
func cacheKey(ctx context.Context) (string, bool) {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query || auth.Viewer(ctx) != nil {
		return "", false
	}
	kept := false
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Query"}) {
		switch {
		case cachedRoots[f.Name]:
			kept = true
		case f.Name != "__typename":
			return "", false
		}
	}
	return operationKey(ctx, oc), kept
}

// operationKey tells apart what an operation may answer, whoever asks: its language, its
// name, its document and its variables.
func operationKey(ctx context.Context, oc *graphql.OperationContext) string {
	vars, _ := json.Marshal(oc.Variables) // decoded from JSON: it encodes back
	return i18n.From(ctx).Lang() + "\x00" + oc.OperationName + "\x00" + oc.RawQuery + "\x00" + string(vars)
}
