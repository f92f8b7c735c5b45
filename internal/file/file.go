// Package file keeps stored files: their metadata (owner, space, name, sniffed type, size,
// sha256) in PostgreSQL and their bytes in a blob bucket, a directory by default and an
// S3-compatible bucket in production (gocloud.dev/blob).
//
// Bytes stream both ways: an upload is copied through a sha256 hasher and a size limit
// into the bucket writer, its type sniffed from the first few KB, and a download is read
// from the bucket as the client takes it, so that the server never holds a whole file.
//
// Writing a file takes two steps, because a bucket is not part of a database
// transaction: Put writes the bytes under a new random key, outside any transaction; then
// Record writes the metadata in the transaction that stores the file's owner. When that
// transaction fails, the caller calls Discard. A process that dies between the two leaves
// an orphan blob that no row names: harmless, and rare enough to sweep by hand.
package file

import (
	"time"
)

// OwnerKind is the kind of object a file belongs to.
type OwnerKind string

// The kinds of owner. A guideline owns the originals of all its versions; a practice its
// attachments; a workshop its material.
const (
	OwnerGuideline OwnerKind = "guideline"
	OwnerPractice  OwnerKind = "practice"
	OwnerWorkshop  OwnerKind = "workshop"
)

// Owner is what a file belongs to.
type Owner struct {
	Kind OwnerKind
	ID   int64
}

// File is a stored file's metadata.
type File struct {
	ID int64
	// Token names the file in its download URL: random, so that a URL cannot be guessed
	// from another.
	Token   string
	Owner   Owner
	SpaceID *int64 // the twinning whose readers may download it; nil for everyone
	// AudienceWorkshopID, when set, narrows the readers to that workshop's participants
	// (access.Scope.AudiencePredicate).
	AudienceWorkshopID *int64
	Name               string
	ContentType        string
	Size               int64
	SHA256             []byte
	UploadedBy         *int64
	CreatedAt          time.Time
}

// URL is where the file downloads.
func URL(f *File) string { return "/files/" + f.Token }

// Blob is bytes written to the bucket by Put that no file records yet.
type Blob struct {
	key  string
	Name string
	// ContentType is sniffed from the first bytes; a caller that parsed the file and
	// knows better (Markdown sniffs as plain text) may set it before Record.
	ContentType string
	Size        int64
	SHA256      []byte
}
