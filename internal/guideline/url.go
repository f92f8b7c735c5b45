package guideline

import "github.com/gemella/gemella/internal/gid"

// SectionURL is the web path that opens a guideline at a section.
func SectionURL(s *Section) string {
	return "/linee-guida/" + gid.Encode(gid.Guideline, s.GuidelineID) + "#" + s.Anchor
}

// FileURL is where the original file downloads.
func FileURL(f *File) string {
	return "/files/" + gid.Encode(gid.File, f.ID)
}
