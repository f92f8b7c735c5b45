// Package guideline holds the good-practice guidelines ("Linee guida"): documents uploaded
// as Markdown, plain text, HTML or PDF, kept whole and split into sections for search.
package guideline

import (
	"time"

	"github.com/gemella/gemella/internal/ingest"
)

// Guideline is one document in its current version.
type Guideline struct {
	ID            int64
	Title         string
	ServiceAreaID *int64
	TwinningID    *int64
	Year          *int
	Version       int
	Kind          string
	FileID        int64 // the current version's original, in internal/file
	SectionCount  int
	DiscussionID  int64
	CreatedBy     *int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Section is a passage of a guideline, in document order.
type Section struct {
	ID          int64
	GuidelineID int64
	Position    int
	HeadingPath []string
	Anchor      string
	Text        string
	Marks       []ingest.Mark // bold, italics and links over Text
	Page        int
}

// TextHTML is the passage as the guideline page shows it: sanitised HTML with its
// paragraphs, lists, bold, italics and links.
func (s *Section) TextHTML() string {
	return ingest.PassageHTML(s.Text, s.Marks)
}

// Heading is the section's own heading, the last of its path.
func (s *Section) Heading() string {
	if len(s.HeadingPath) == 0 {
		return ""
	}
	return s.HeadingPath[len(s.HeadingPath)-1]
}

// Version is one published version of a guideline, with the file it was read from.
type Version struct {
	GuidelineID int64
	Version     int
	Title       string
	Kind        string
	FileID      int64
	CreatedAt   time.Time
}

// Filter narrows the guideline list.
type Filter struct {
	ServiceAreaSlug *string
	TwinningID      *int64
	RegionID        *int64
	Year            *int
}
