package graph

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/gemella/gemella/graph/generated"
)

// contractPath finds the contract beside the repository: ../shared/contract from its root.
func contractPath(t *testing.T) string {
	dir, err := os.Getwd()
	require.NoError(t, err)
	for d := dir; d != filepath.Dir(d); d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "contract", "operations.graphql")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("no shared/contract/operations.graphql above %s: the contract sits beside the repository", dir)
	return ""
}

// TestContractOperationsValidate checks every operation outside clients send against the
// schema, one by one.
func TestContractOperationsValidate(t *testing.T) {
	src, err := os.ReadFile(contractPath(t))
	require.NoError(t, err)
	doc, err := parser.ParseQuery(&ast.Source{Name: "operations.graphql", Input: string(src)})
	require.NoError(t, err)
	require.NotEmpty(t, doc.Operations)
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	for _, op := range doc.Operations {
		t.Run(op.Name, func(t *testing.T) {
			one := &ast.QueryDocument{Operations: ast.OperationList{op}, Fragments: doc.Fragments}
			errs := validator.ValidateWithRules(schema, one, rules.NewDefaultRules())
			require.Empty(t, errs, "%s", errs)
		})
	}
}

// TestEveryNodeTypeIsRegistered: a type implementing Node must have a nodeKind, or
// node(id:) could never reach it; and a search kind must name one.
func TestEveryNodeTypeIsRegistered(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	for _, def := range schema.GetPossibleTypes(schema.Types["Node"]) {
		k, ok := nodeKinds[def.Name]
		require.True(t, ok, "%s implements Node but has no nodeKind", def.Name)
		require.NotNil(t, k.load, def.Name)
		require.Equal(t, k.searchKind != "", k.stub != nil, "%s: a searched kind has a stub, and only it", def.Name)
	}
	require.Len(t, nodeKinds, len(schema.GetPossibleTypes(schema.Types["Node"])), "every nodeKind is a Node type of the schema")
}
