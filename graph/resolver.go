// Package graph is the GraphQL layer: thin resolvers that parse arguments, call one
// service method and map the result, plus the request-scoped dataloaders.
package graph

import (
	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/live"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/practice"
	"github.com/gemella/gemella/internal/question"
	"github.com/gemella/gemella/internal/search"
	"github.com/gemella/gemella/internal/twinning"
	"github.com/gemella/gemella/internal/workshop"
)

// Services are the domain services the resolvers call, and the installation's settings.
type Services struct {
	Site        Site
	Auth        *auth.Service
	Directory   *directory.Service
	Twinnings   *twinning.Service
	Discussions *discussion.Service
	Questions   *question.Service
	Guidelines  *guideline.Service
	Practices   *practice.Service
	Workshops   *workshop.Service
	// Access makes scopes again for subscriptions, whose reads come long after they began.
	Access        *access.Service
	Live          *live.Hub
	Notifications *notification.Service
	Files         *file.Service
	Search        *search.Index
	Thesaurus     *search.ThesaurusService
}

// Site is what the operator of an installation sets for its pages.
type Site struct {
	// AccessibilityContact receives reports of accessibility barriers: a mailto: or http(s)
	// URL; "" when not set.
	AccessibilityContact string
}

// Resolver is gqlgen's root resolver.
type Resolver struct {
	svc Services
}

// NewResolver returns the root resolver over svc.
func NewResolver(svc Services) *Resolver { return &Resolver{svc: svc} }
