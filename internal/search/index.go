package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"github.com/meilisearch/meilisearch-go"
)

// taskTimeout bounds the wait for one Meilisearch task: long enough for a batch of a few
// hundred documents or a settings change on a large index, short enough that an indexer
// pass stuck on a sick server gives up and retries later.
const taskTimeout = 2 * time.Minute

// Index is Gemella's search index in Meilisearch: its settings, its documents (written by
// the Indexer and Rebuild) and its queries (Search, Suggest).
type Index struct {
	client meilisearch.ServiceManager
	prefix string
	uid    string
	// thesaurus is the one in use, shared with the index a rebuild fills.
	thesaurus *atomic.Pointer[Thesaurus]
}

// NewIndex returns the index prefix+"search". The prefix keeps deployments (or tests) that
// share one Meilisearch apart: "gemella_" in production, a random one per test. It uses
// DefaultThesaurus until SetThesaurus.
func NewIndex(client meilisearch.ServiceManager, prefix string) *Index {
	x := &Index{client: client, prefix: prefix, uid: prefix + "search", thesaurus: &atomic.Pointer[Thesaurus]{}}
	x.thesaurus.Store(defaultThesaurus)
	return x
}

var defaultThesaurus = func() *Thesaurus {
	th, err := ParseThesaurus(DefaultThesaurus)
	if err != nil {
		panic("search: the default thesaurus: " + err.Error())
	}
	return th
}()

// Thesaurus returns the thesaurus in use.
func (x *Index) Thesaurus() *Thesaurus { return x.thesaurus.Load() }

// SetThesaurus makes th the thesaurus of queries at once, and of the index settings at the
// next EnsureSettings.
func (x *Index) SetThesaurus(th *Thesaurus) { x.thesaurus.Store(th) }

// UID is the Meilisearch index uid.
func (x *Index) UID() string { return x.uid }

// next is the index a rebuild fills before swapping it with this one.
func (x *Index) next() *Index {
	return &Index{client: x.client, prefix: x.prefix, uid: x.prefix + "search_next", thesaurus: x.thesaurus}
}

// settings is the whole configuration of the index, kept in code (the synonyms come from
// the thesaurus in use) so that every start-up and every rebuild converge on it.
func (x *Index) settings() *meilisearch.Settings {
	return &meilisearch.Settings{
		// Title and heading first: with "attribute" early in the ranking rules, a passage
		// whose title or heading holds the words beats one that only mentions them.
		SearchableAttributes: []string{"title", "heading", "text", "stems"},
		FilterableAttributes: []string{"type", "serviceArea", "regions", "year", "group", "kind", "space"},
		SortableAttributes:   []string{"createdAt"},
		RankingRules:         []string{"words", "typo", "attribute", "proximity", "sort", "exactness"},
		LocalizedAttributes:  []*meilisearch.LocalizedAttributes{{AttributePatterns: []string{"*"}, Locales: []string{"ita"}}},
		Synonyms:             x.Thesaurus().synonyms(),
		// Stop words are taken out of queries by Search (see withoutStopWords), not by
		// Meilisearch: its stopWords setting breaks the synonyms whose phrases hold one.
		StopWords: []string{},
		// Meilisearch's defaults, spelled out because the client sends every field.
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
		},
		Pagination: &meilisearch.Pagination{MaxTotalHits: maxTotalHits},
		Faceting:   &meilisearch.Faceting{MaxValuesPerFacet: 100, SortFacetValuesBy: map[string]meilisearch.SortFacetType{"*": meilisearch.SortFacetTypeAlpha}},
	}
}

// EnsureSettings creates the index if it is missing and brings its settings to those in
// code. It only writes what differs, so the call at every start-up costs two reads when
// nothing changed (a settings update, even to the same values, is a task in the queue).
func (x *Index) EnsureSettings(ctx context.Context) error {
	if _, err := x.client.GetIndexWithContext(ctx, x.uid); err != nil {
		if !isNotFound(err) {
			return fmt.Errorf("search: index %s: %w", x.uid, err)
		}
		task, err := x.client.CreateIndexWithContext(ctx, &meilisearch.IndexConfig{Uid: x.uid, PrimaryKey: "id"})
		if err := x.wait(ctx, task, err); err != nil && !hasCode(err, "index_already_exists") {
			return fmt.Errorf("search: creating index %s: %w", x.uid, err)
		}
	}
	want := x.settings()
	have, err := x.client.Index(x.uid).GetSettingsWithContext(ctx)
	if err != nil {
		return fmt.Errorf("search: settings of %s: %w", x.uid, err)
	}
	if sameSettings(have, want) {
		return nil
	}
	task, err := x.client.Index(x.uid).UpdateSettingsWithContext(ctx, want)
	if err := x.wait(ctx, task, err); err != nil {
		return fmt.Errorf("search: updating settings of %s: %w", x.uid, err)
	}
	return nil
}

// sameSettings compares the settings Gemella sets. Meilisearch returns attribute sets in
// its own order, so those are compared as sets; searchable attributes and ranking rules
// are ordered and compared as lists.
func sameSettings(have, want *meilisearch.Settings) bool {
	sameSet := func(a, b []string) bool {
		return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
	}
	sameLocales := slices.EqualFunc(have.LocalizedAttributes, want.LocalizedAttributes, func(a, b *meilisearch.LocalizedAttributes) bool {
		return sameSet(a.AttributePatterns, b.AttributePatterns) && sameSet(a.Locales, b.Locales)
	})
	return slices.Equal(have.SearchableAttributes, want.SearchableAttributes) &&
		slices.Equal(have.RankingRules, want.RankingRules) &&
		sameSet(have.FilterableAttributes, want.FilterableAttributes) &&
		sameSet(have.SortableAttributes, want.SortableAttributes) &&
		maps.EqualFunc(have.Synonyms, want.Synonyms, sameSet) &&
		len(have.StopWords) == 0 &&
		sameLocales &&
		have.TypoTolerance != nil && have.TypoTolerance.Enabled == want.TypoTolerance.Enabled &&
		have.TypoTolerance.MinWordSizeForTypos == want.TypoTolerance.MinWordSizeForTypos &&
		have.Pagination != nil && have.Pagination.MaxTotalHits == want.Pagination.MaxTotalHits &&
		have.Faceting != nil && have.Faceting.MaxValuesPerFacet == want.Faceting.MaxValuesPerFacet &&
		maps.Equal(have.Faceting.SortFacetValuesBy, want.Faceting.SortFacetValuesBy)
}

// wait waits for the task that a client call enqueued, passing through the call's own
// error, and fails unless the task succeeded.
func (x *Index) wait(ctx context.Context, task *meilisearch.TaskInfo, err error) error {
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, taskTimeout)
	defer cancel()
	t, err := x.client.WaitForTaskWithContext(ctx, task.TaskUID, 20*time.Millisecond)
	if err != nil {
		return fmt.Errorf("waiting for task %d: %w", task.TaskUID, err)
	}
	if t.Status != meilisearch.TaskStatusSucceeded {
		return &TaskError{UID: t.UID, Type: string(t.Type), Status: string(t.Status), Code: t.Error.Code, Message: t.Error.Message}
	}
	return nil
}

// TaskError is a Meilisearch task that did not succeed.
type TaskError struct {
	UID                         int64
	Type, Status, Code, Message string
}

func (e *TaskError) Error() string {
	return fmt.Sprintf("meilisearch task %d (%s) %s: %s (%s)", e.UID, e.Type, e.Status, e.Message, e.Code)
}

// hasCode reports whether err is a Meilisearch error, of a request or of a task, with the
// given error code.
func hasCode(err error, code string) bool {
	var te *TaskError
	if errors.As(err, &te) {
		return te.Code == code
	}
	var me *meilisearch.Error
	return errors.As(err, &me) && me.MeilisearchApiError.Code == code
}

func isNotFound(err error) bool { return hasCode(err, "index_not_found") }
