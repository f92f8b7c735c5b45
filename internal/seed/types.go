// Package seed holds the demo data that `gemella dev` and `gemella seed` load: the
// directory of the national twinning programme (regions, centres, twinnings, meetings),
// demo accounts, questions and guidelines, all written in Gemella's own words.
package seed

import "time"

// Region is one of the Italian regions (Trentino-Alto Adige as its two autonomous provinces).
type Region struct {
	Code string // stable slug, e.g. "emilia-romagna"
	Name string // Italian name, e.g. "Emilia-Romagna"
}

// ServiceArea is a node of the service taxonomy.
type ServiceArea struct {
	Slug        string
	Name        string
	Description string
}

// Center is a Centro per la Famiglia.
type Center struct {
	Key           string // stable slug used to refer to it from other seed data, e.g. "rimini"
	Name          string
	Municipality  string
	RegionCode    string
	PromotingBody string
	Services      []string // service area slugs
}

// Twinning is one gemellaggio of the programme.
type Twinning struct {
	Key                  string
	Title                string
	Summary              string // Markdown
	ServiceAreaSlug      string
	LeadCenterKey        string
	LeadRegionCode       string
	ReceivingCenterKeys  []string
	ReceivingRegionCodes []string
	Phases               []Phase
	Events               []Event
	VisitSchema          []string // the common visit schema's headings
	// Members are demo accounts (by e-mail) with their role in the space.
	Members map[string]string
}

// Phase is a step of a twinning, with its dates when known.
type Phase struct {
	Kind     string // LETTER_OF_INTENT, OPERATIONAL_PROJECT, EXPERIMENTATION, CONCLUDED
	StartsOn time.Time
	EndsOn   time.Time // zero when open-ended or unknown
	Note     string
}

// Event is a meeting of a twinning.
type Event struct {
	Title    string
	StartsAt time.Time
	EndsAt   time.Time
	Place    string
}

// User is a demo account; its password comes from GEMELLA_DEMO_PASSWORD.
type User struct {
	Email       string
	DisplayName string // a role-like name, never a real person's
	Roles       []string
	CenterKey   string
	RegionCode  string
}

// Question is a demo question with its answers.
type Question struct {
	AuthorEmail     string
	Title           string
	Body            string // Markdown
	Tags            []string
	ServiceAreaSlug string
	RegionCode      string
	Answers         []Answer
	AcceptedAnswer  int // index into Answers, -1 for none
}

// Answer is a demo answer.
type Answer struct {
	AuthorEmail string
	Body        string // Markdown
}

// Guideline is a demo good-practice guideline document in Markdown.
type Guideline struct {
	Key             string
	Title           string
	ServiceAreaSlug string
	TwinningKey     string
	RegionCodes     []string
	Year            int
	Body            string // Markdown with headings
}

// Practice is a demo good practice, described in the practice's fixed structure.
type Practice struct {
	Key             string
	AuthorEmail     string
	CenterKey       string
	ServiceAreaSlug string
	TwinningKey     string // the space it lives in; "" for the whole community
	Title           string
	Summary         string // Markdown, as are the sections below
	Context         string
	Objectives      string
	Target          string
	Activities      string
	Outcomes        string
	Resources       string
	Tags            []string
	Maturity        string // EMERGING, PROMISING, ESTABLISHED
	Evidence        string
	Adoptions       []Adoption
}

// Adoption is a receiving centre that took a demo practice up.
type Adoption struct {
	CenterKey     string
	Kind          string // ADOPTED, ADAPTED
	Note          string
	RecorderEmail string
}
