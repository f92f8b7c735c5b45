package graph

import (
	"context"
	"errors"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/directory"
	"github.com/gemella/gemella/internal/discussion"
	"github.com/gemella/gemella/internal/file"
	"github.com/gemella/gemella/internal/guideline"
	"github.com/gemella/gemella/internal/notification"
	"github.com/gemella/gemella/internal/practice"
	"github.com/gemella/gemella/internal/question"
	"github.com/gemella/gemella/internal/twinning"
	"github.com/gemella/gemella/internal/workshop"
)

// loaders batch the lookups of one GraphQL operation: every author of a page of questions
// is read with one statement, whatever the page size.
type loaders struct {
	users        *dataloadgen.Loader[int64, *auth.User]
	regions      *dataloadgen.Loader[int64, *directory.Region]
	serviceAreas *dataloadgen.Loader[int64, *directory.ServiceArea]
	centers      *dataloadgen.Loader[int64, *directory.Center]
	services     *dataloadgen.Loader[int64, []*directory.ServiceArea]
	discussions  *dataloadgen.Loader[int64, *discussion.Discussion]
	twinnings    *dataloadgen.Loader[int64, *twinning.Twinning]
	receiving    *dataloadgen.Loader[int64, *twinning.Receiving]
	phases       *dataloadgen.Loader[int64, []*twinning.Phase]
	events       *dataloadgen.Loader[int64, []*twinning.Event]
	questions    *dataloadgen.Loader[int64, *question.Question]
	answers      *dataloadgen.Loader[int64, *question.Answer]
	comments     *dataloadgen.Loader[int64, *question.Comment]
	postComments *dataloadgen.Loader[question.PostRef, []*question.Comment]
	revisions    *dataloadgen.Loader[question.PostRef, []*question.Revision]
	votes        *dataloadgen.Loader[question.PostRef, int]
	guidelines   *dataloadgen.Loader[int64, *guideline.Guideline]
	sections     *dataloadgen.Loader[int64, *guideline.Section]
	glRegions    *dataloadgen.Loader[int64, []int64]
	files        *dataloadgen.Loader[int64, *file.File]
	glVersions   *dataloadgen.Loader[int64, []*guideline.Version]
	twinGuides   *dataloadgen.Loader[int64, []*guideline.Guideline]
	practices    *dataloadgen.Loader[int64, *practice.Practice]
	practiceRevs *dataloadgen.Loader[int64, []*practice.Revision]
	adoptions    *dataloadgen.Loader[int64, []*practice.Adoption]
	attachments  *dataloadgen.Loader[int64, []*file.File]
	workshops    *dataloadgen.Loader[int64, *workshop.Workshop]
	wsSessions   *dataloadgen.Loader[int64, []*workshop.Session]
	wsTrainers   *dataloadgen.Loader[int64, []int64]
	wsMaterials  *dataloadgen.Loader[int64, []*workshop.Material]
	viewerRegs   *dataloadgen.Loader[int64, *workshop.Registration]
	attendance   *dataloadgen.Loader[int64, []int64]
	certificates *dataloadgen.Loader[int64, *workshop.Certificate]
	messages     *dataloadgen.Loader[int64, *discussion.Message]
	reactions    *dataloadgen.Loader[int64, []discussion.Reaction]
	threadCounts *dataloadgen.Loader[int64, discussion.Counts]
	owners       *dataloadgen.Loader[int64, string]
	notes        *dataloadgen.Loader[int64, *notification.Notification]
}

// batchWait is how long a loader gathers keys after the first. It is paid at every level of
// a page, so it is short: lists register their page's authors at once, and the window only
// has to catch siblings that gqlgen resolves concurrently.
const batchWait = time.Millisecond

func newLoaders(r *Resolver) *loaders {
	o := dataloadgen.WithWait(batchWait)
	return &loaders{
		users:        dataloadgen.NewMappedLoader(r.svc.Auth.UsersByIDs, o),
		regions:      dataloadgen.NewMappedLoader(r.svc.Directory.RegionsByIDs, o),
		serviceAreas: dataloadgen.NewMappedLoader(r.svc.Directory.ServiceAreasByIDs, o),
		centers:      dataloadgen.NewMappedLoader(r.svc.Directory.CentersByIDs, o),
		services:     dataloadgen.NewMappedLoader(r.svc.Directory.ServicesOfCenters, o),
		discussions:  dataloadgen.NewMappedLoader(r.svc.Discussions.ByIDs, o),
		twinnings:    dataloadgen.NewMappedLoader(r.svc.Twinnings.ByIDs, o),
		receiving:    dataloadgen.NewMappedLoader(r.svc.Twinnings.ReceivingOf, o),
		phases:       dataloadgen.NewMappedLoader(r.svc.Twinnings.PhasesOf, o),
		events:       dataloadgen.NewMappedLoader(r.svc.Twinnings.EventsOf, o),
		questions:    dataloadgen.NewMappedLoader(r.svc.Questions.ByIDs, o),
		answers:      dataloadgen.NewMappedLoader(r.svc.Questions.AnswersByIDs, o),
		comments:     dataloadgen.NewMappedLoader(r.svc.Questions.CommentsByIDs, o),
		postComments: dataloadgen.NewMappedLoader(r.svc.Questions.CommentsOf, o),
		revisions:    dataloadgen.NewMappedLoader(r.svc.Questions.RevisionsOf, o),
		votes:        dataloadgen.NewMappedLoader(r.svc.Questions.VotesOf, o),
		guidelines:   dataloadgen.NewMappedLoader(r.svc.Guidelines.ByIDs, o),
		sections:     dataloadgen.NewMappedLoader(r.svc.Guidelines.SectionsByIDs, o),
		glRegions:    dataloadgen.NewMappedLoader(r.svc.Guidelines.RegionsOf, o),
		files:        dataloadgen.NewMappedLoader(r.svc.Files.ByIDs, o),
		glVersions:   dataloadgen.NewMappedLoader(r.svc.Guidelines.VersionsOf, o),
		twinGuides:   dataloadgen.NewMappedLoader(r.svc.Guidelines.OfTwinnings, o),
		practices:    dataloadgen.NewMappedLoader(r.svc.Practices.ByIDs, o),
		practiceRevs: dataloadgen.NewMappedLoader(r.svc.Practices.RevisionsOf, o),
		attachments:  dataloadgen.NewMappedLoader(r.svc.Practices.AttachmentsOf, o),
		adoptions:    dataloadgen.NewMappedLoader(r.svc.Practices.AdoptionsOf, o),
		workshops:    dataloadgen.NewMappedLoader(r.svc.Workshops.ByIDs, o),
		wsSessions:   dataloadgen.NewMappedLoader(r.svc.Workshops.SessionsOf, o),
		wsTrainers:   dataloadgen.NewMappedLoader(r.svc.Workshops.TrainersOf, o),
		wsMaterials:  dataloadgen.NewMappedLoader(r.svc.Workshops.MaterialsOf, o),
		viewerRegs:   dataloadgen.NewMappedLoader(r.svc.Workshops.ViewerRegistrations, o),
		attendance:   dataloadgen.NewMappedLoader(r.svc.Workshops.AttendanceOf, o),
		certificates: dataloadgen.NewMappedLoader(r.svc.Workshops.CertificatesOf, o),
		messages:     dataloadgen.NewMappedLoader(r.svc.Discussions.MessagesByIDs, o),
		reactions:    dataloadgen.NewMappedLoader(r.svc.Discussions.ReactionsOf, o),
		threadCounts: dataloadgen.NewMappedLoader(r.svc.Discussions.CountsOf, o),
		owners:       dataloadgen.NewMappedLoader(r.svc.Discussions.OwnersOf, o),
		notes:        dataloadgen.NewMappedLoader(r.svc.Notifications.ByIDs, o),
	}
}

type loadersKey struct{}

// WithLoaders gives an operation its own loaders: caches never outlive one operation, so a
// long-lived WebSocket connection sees fresh data.
func (r *Resolver) WithLoaders(ctx context.Context) context.Context {
	return context.WithValue(ctx, loadersKey{}, newLoaders(r))
}

func loadersFrom(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}

// load reads one object; a missing one is nil, not an error.
func load[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, *V], key K) (*V, error) {
	v, err := l.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// loadOptional is load for a nullable foreign key.
func loadOptional[V any](ctx context.Context, l *dataloadgen.Loader[int64, *V], key *int64) (*V, error) {
	if key == nil {
		return nil, nil
	}
	return load(ctx, l, *key)
}

// loadMany reads a list-valued key; a key with no rows is an empty list.
func loadMany[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, V], key K) (V, error) {
	v, err := l.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		var zero V
		return zero, nil
	}
	return v, err
}

// loadAll reads objects in key order, leaving out missing ones.
func loadAll[V any](ctx context.Context, l *dataloadgen.Loader[int64, *V], keys []int64) ([]*V, error) {
	out := make([]*V, 0, len(keys))
	for _, k := range keys {
		v, err := load(ctx, l, k)
		if err != nil {
			return nil, err
		}
		if v != nil {
			out = append(out, v)
		}
	}
	return out, nil
}

// prefetch registers keys with a loader at once, so that a list's children join one batch
// however their goroutines are scheduled: without it a busy machine can split a page's
// authors across two batches, and two statements.
func prefetch[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, V], keys []K) {
	l.LoadAllThunk(ctx, keys)
}

// authorsOf lists the author ids of a page.
func authorsOf[T any](items []T, author func(T) int64) []int64 {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = author(it)
	}
	return ids
}

// preload reads keys now, in the caller's goroutine, with the loader's own fetch, and primes
// the loader with what it found: the fields below a list then find their objects cached and
// wait for no batching window. No keys, no statement.
func preload[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, V], fetch func(context.Context, []K) (map[K]V, error), keys []K) (map[K]V, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	found, err := fetch(ctx, keys)
	if err != nil {
		return nil, err
	}
	for k, v := range found {
		l.Prime(k, v)
	}
	return found, nil
}
