// Package model holds the GraphQL types that have no domain struct of their own:
// connections, payloads and inputs (generated), and the schema's interfaces.
package model

// Node is any object with a global id. Domain structs are bound to GraphQL types directly,
// so the interface carries no method: the generated code switches on concrete types.
type Node any

// Post is a question or an answer.
type Post any

// Space is where content lives: a twinning.
type Space any
