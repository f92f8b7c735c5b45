package guideline

import "github.com/gemella/gemella/internal/gid"

// SectionURL is the web path that opens a guideline at a section.
func SectionURL(s *Section) string {
	return "/linee-guida/" + gid.Encode(gid.Guideline, s.GuidelineID) + "#" + s.Anchor
}
