package graph

import (
	"context"
	"errors"
	"sync"
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
	users        *lazy[int64, *auth.User]
	regions      *lazy[int64, *directory.Region]
	serviceAreas *lazy[int64, *directory.ServiceArea]
	centers      *lazy[int64, *directory.Center]
	services     *lazy[int64, []*directory.ServiceArea]
	discussions  *lazy[int64, *discussion.Discussion]
	twinnings    *lazy[int64, *twinning.Twinning]
	receiving    *lazy[int64, *twinning.Receiving]
	phases       *lazy[int64, []*twinning.Phase]
	events       *lazy[int64, []*twinning.Event]
	questions    *lazy[int64, *question.Question]
	answers      *lazy[int64, *question.Answer]
	comments     *lazy[int64, *question.Comment]
	postComments *lazy[question.PostRef, []*question.Comment]
	revisions    *lazy[question.PostRef, []*question.Revision]
	votes        *lazy[question.PostRef, int]
	guidelines   *lazy[int64, *guideline.Guideline]
	sections     *lazy[int64, *guideline.Section]
	glRegions    *lazy[int64, []int64]
	files        *lazy[int64, *file.File]
	glVersions   *lazy[int64, []*guideline.Version]
	twinGuides   *lazy[int64, []*guideline.Guideline]
	practices    *lazy[int64, *practice.Practice]
	practiceRevs *lazy[int64, []*practice.Revision]
	adoptions    *lazy[int64, []*practice.Adoption]
	attachments  *lazy[int64, []*file.File]
	workshops    *lazy[int64, *workshop.Workshop]
	wsSessions   *lazy[int64, []*workshop.Session]
	wsTrainers   *lazy[int64, []int64]
	wsMaterials  *lazy[int64, []*workshop.Material]
	viewerRegs   *lazy[int64, *workshop.Registration]
	attendance   *lazy[int64, []int64]
	certificates *lazy[int64, *workshop.Certificate]
	messages     *lazy[int64, *discussion.Message]
	reactions    *lazy[int64, []discussion.Reaction]
	threadCounts *lazy[int64, discussion.Counts]
	owners       *lazy[int64, string]
	notes        *lazy[int64, *notification.Notification]
}

// batchWait is how long a loader gathers keys after the first. It is paid at every level of
// a page, so it is short: lists register their page's authors at once, and the window only
// has to catch siblings that gqlgen resolves concurrently.
const batchWait = time.Millisecond

func newLoaders(r *Resolver) *loaders {
	return &loaders{
		users:        newLazy(r.svc.Auth.UsersByIDs),
		regions:      newLazy(r.svc.Directory.RegionsByIDs),
		serviceAreas: newLazy(r.svc.Directory.ServiceAreasByIDs),
		centers:      newLazy(r.svc.Directory.CentersByIDs),
		services:     newLazy(r.svc.Directory.ServicesOfCenters),
		discussions:  newLazy(r.svc.Discussions.ByIDs),
		twinnings:    newLazy(r.svc.Twinnings.ByIDs),
		receiving:    newLazy(r.svc.Twinnings.ReceivingOf),
		phases:       newLazy(r.svc.Twinnings.PhasesOf),
		events:       newLazy(r.svc.Twinnings.EventsOf),
		questions:    newLazy(r.svc.Questions.ByIDs),
		answers:      newLazy(r.svc.Questions.AnswersByIDs),
		comments:     newLazy(r.svc.Questions.CommentsByIDs),
		postComments: newLazy(r.svc.Questions.CommentsOf),
		revisions:    newLazy(r.svc.Questions.RevisionsOf),
		votes:        newLazy(r.svc.Questions.VotesOf),
		guidelines:   newLazy(r.svc.Guidelines.ByIDs),
		sections:     newLazy(r.svc.Guidelines.SectionsByIDs),
		glRegions:    newLazy(r.svc.Guidelines.RegionsOf),
		files:        newLazy(r.svc.Files.ByIDs),
		glVersions:   newLazy(r.svc.Guidelines.VersionsOf),
		twinGuides:   newLazy(r.svc.Guidelines.OfTwinnings),
		practices:    newLazy(r.svc.Practices.ByIDs),
		practiceRevs: newLazy(r.svc.Practices.RevisionsOf),
		attachments:  newLazy(r.svc.Practices.AttachmentsOf),
		adoptions:    newLazy(r.svc.Practices.AdoptionsOf),
		workshops:    newLazy(r.svc.Workshops.ByIDs),
		wsSessions:   newLazy(r.svc.Workshops.SessionsOf),
		wsTrainers:   newLazy(r.svc.Workshops.TrainersOf),
		wsMaterials:  newLazy(r.svc.Workshops.MaterialsOf),
		viewerRegs:   newLazy(r.svc.Workshops.ViewerRegistrations),
		attendance:   newLazy(r.svc.Workshops.AttendanceOf),
		certificates: newLazy(r.svc.Workshops.CertificatesOf),
		messages:     newLazy(r.svc.Discussions.MessagesByIDs),
		reactions:    newLazy(r.svc.Discussions.ReactionsOf),
		threadCounts: newLazy(r.svc.Discussions.CountsOf),
		owners:       newLazy(r.svc.Discussions.OwnersOf),
		notes:        newLazy(r.svc.Notifications.ByIDs),
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
func load[K comparable, V any](ctx context.Context, l *lazy[K, *V], key K) (*V, error) {
	v, err := l.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// loadOptional is load for a nullable foreign key.
func loadOptional[V any](ctx context.Context, l *lazy[int64, *V], key *int64) (*V, error) {
	if key == nil {
		return nil, nil
	}
	return load(ctx, l, *key)
}

// loadMany reads a list-valued key; a key with no rows is an empty list.
func loadMany[K comparable, V any](ctx context.Context, l *lazy[K, V], key K) (V, error) {
	v, err := l.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		var zero V
		return zero, nil
	}
	return v, err
}

// loadAll reads objects in key order, leaving out missing ones. The keys join one batch
// before the first is waited for: loaded one after the other, each would wait for a batch of
// its own, and a list of lists would cost as many statements as its longest list has keys.
func loadAll[V any](ctx context.Context, l *lazy[int64, *V], keys []int64) ([]*V, error) {
	prefetch(ctx, l, keys)
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
func prefetch[K comparable, V any](ctx context.Context, l *lazy[K, V], keys []K) {
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
func preload[K comparable, V any](ctx context.Context, l *lazy[K, V], fetch func(context.Context, []K) (map[K]V, error), keys []K) (map[K]V, error) {
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

// lazy is a dataloader made on its first use: an operation makes only the loaders it reads
// with, and a subscription, which makes a set for each event it delivers, keeps none it
// does not need.
type lazy[K comparable, V any] struct {
	once  sync.Once
	fetch func(context.Context, []K) (map[K]V, error)
	l     *dataloadgen.Loader[K, V]
}

func newLazy[K comparable, V any](fetch func(context.Context, []K) (map[K]V, error)) *lazy[K, V] {
	return &lazy[K, V]{fetch: fetch}
}

func (z *lazy[K, V]) get() *dataloadgen.Loader[K, V] {
	z.once.Do(func() { z.l = dataloadgen.NewMappedLoader(z.fetch, dataloadgen.WithWait(batchWait)) })
	return z.l
}

// Load reads one key, batched with the others of the window.
func (z *lazy[K, V]) Load(ctx context.Context, key K) (V, error) { return z.get().Load(ctx, key) }

// LoadAllThunk registers keys with the current batch.
func (z *lazy[K, V]) LoadAllThunk(ctx context.Context, keys []K) { z.get().LoadAllThunk(ctx, keys) }

// Prime caches a value read by other means.
func (z *lazy[K, V]) Prime(key K, value V) bool { return z.get().Prime(key, value) }
