// Package practice holds the good practices (buone pratiche): what a centre does, described
// in a fixed structure so that another centre can take it up, with its maturity, its
// earlier versions and the centres that adopted or adapted it.
package practice

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gemella/gemella/internal/access"
	"github.com/gemella/gemella/internal/apperr"
	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/plaintext"
	"github.com/gemella/gemella/internal/tag"
)

// Maturity is how far a practice has been proven, after the three evidence levels of the
// European Platform for Investing in Children.
type Maturity string

const (
	// Emerging practices are new or untested elsewhere.
	Emerging Maturity = "EMERGING"
	// Promising practices show good results in more than one place or time.
	Promising Maturity = "PROMISING"
	// Established practices have a consistent record of results.
	Established Maturity = "ESTABLISHED"
)

// Valid reports whether m is one of the three levels.
func (m Maturity) Valid() bool { return m == Emerging || m == Promising || m == Established }

// AdoptionKind is how a centre took a practice up.
type AdoptionKind string

const (
	// Adopted: taken up as it is.
	Adopted AdoptionKind = "ADOPTED"
	// Adapted: taken up with changes to fit the centre's context.
	Adapted AdoptionKind = "ADAPTED"
)

// Content is the part of a practice its author writes and every revision keeps.
type Content struct {
	Title      string
	Summary    string // Markdown, as are the five sections below and Resources
	Context    string
	Objectives string
	Target     string
	Activities string
	Outcomes   string
	Resources  string
	Tags       []string
	Maturity   Maturity
	// Evidence is one line saying what the maturity rests on.
	Evidence string
}

// Practice is one good practice.
type Practice struct {
	Content
	ID            int64
	AuthorID      int64
	CenterID      int64
	ServiceAreaID int64
	// SpaceID is the twinning it lives in, nil for the whole community.
	SpaceID *int64
	// SpaceLevel is the visibility of that space ("" outside any space), read with the
	// practice so that marking it private costs no statement.
	SpaceLevel access.Level
	Revision   int
	// DiscussionID is its thread.
	DiscussionID int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Private reports whether the practice lives in a space that not everyone may read.
func (p *Practice) Private() bool { return p.SpaceID != nil && p.SpaceLevel != access.Open }

// Revision is the version of a practice that an edit replaced.
type Revision struct {
	Content
	Number    int
	EditorID  int64
	CreatedAt time.Time
}

// Adoption is a centre that took a practice up: where the practice travelled.
type Adoption struct {
	PracticeID int64
	CenterID   int64
	Kind       AdoptionKind
	Note       string
	RecorderID int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Filter narrows the practice list; nil fields do not filter.
type Filter struct {
	ServiceAreaSlug *string
	RegionID        *int64
	CenterID        *int64
	Maturity        *Maturity
	Tag             *string
	SpaceID         *int64
}

const (
	minTitle    = 10
	maxTitle    = 200
	maxSummary  = 1_000
	maxSection  = 20_000
	maxEvidence = 300
	maxNote     = 1_000
	maxTags     = 8
)

// check validates and cleans content, collecting every problem into errs so that a form
// shows them all at once. Field names are those of the GraphQL input.
func check(c Content, errs *apperr.List) Content {
	c.Title = plaintext.Line(c.Title)
	if n := utf8.RuneCountInString(c.Title); n < minTitle || n > maxTitle {
		errs.Add(apperr.New(apperr.Invalid, "title", "practice.title.length").With("Min", minTitle).With("Max", maxTitle))
	}
	// Each required part names itself, so that a list of every problem reads on its own.
	c.Summary = markdownField(c.Summary, "summary", apperr.New(apperr.Required, "summary", "practice.summary.required"), maxSummary, errs)
	c.Context = markdownField(c.Context, "context", apperr.New(apperr.Required, "context", "practice.context.required"), maxSection, errs)
	c.Objectives = markdownField(c.Objectives, "objectives", apperr.New(apperr.Required, "objectives", "practice.objectives.required"), maxSection, errs)
	c.Target = markdownField(c.Target, "target", apperr.New(apperr.Required, "target", "practice.target.required"), maxSection, errs)
	c.Activities = markdownField(c.Activities, "activities", apperr.New(apperr.Required, "activities", "practice.activities.required"), maxSection, errs)
	c.Outcomes = markdownField(c.Outcomes, "outcomes", nil, maxSection, errs)
	c.Resources = markdownField(c.Resources, "resources", nil, maxSection, errs)
	tags, e := tag.List(c.Tags, maxTags)
	errs.Add(e)
	c.Tags = tags
	if c.Maturity == "" {
		errs.Add(apperr.New(apperr.Required, "maturity", "practice.maturity.required"))
	} else if !c.Maturity.Valid() {
		errs.Add(apperr.New(apperr.Invalid, "maturity", "practice.maturity.invalid"))
	}
	c.Evidence = plaintext.Line(c.Evidence)
	switch n := utf8.RuneCountInString(c.Evidence); {
	case n > maxEvidence:
		errs.Add(apperr.New(apperr.TooLarge, "evidence", "practice.evidence.too_long").With("Max", maxEvidence))
	case n == 0 && (c.Maturity == Promising || c.Maturity == Established):
		// A level above the first is a claim: it needs its ground.
		errs.Add(apperr.New(apperr.Required, "evidence", "practice.evidence.required"))
	}
	return c
}

// markdownField trims a Markdown part and checks it: required (the error to give when it
// is empty) or optional (nil), and at most max characters.
func markdownField(s, field string, required *apperr.Error, max int, errs *apperr.List) string {
	s = strings.TrimRight(s, " \t\r\n")
	switch {
	case required != nil && strings.TrimSpace(s) == "":
		errs.Add(required)
	case utf8.RuneCountInString(s) > max:
		errs.Add(apperr.New(apperr.TooLarge, field, "practice.field.too_long").With("Max", max))
	}
	return s
}

// EditableBy reports whether u may edit the practice and attach files to it: its author or
// a moderator.
func (p *Practice) EditableBy(u *auth.User) bool {
	return u != nil && (p.AuthorID == u.ID || u.CanModerate())
}
