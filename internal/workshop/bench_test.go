package workshop_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gemella/gemella/internal/auth"
	"github.com/gemella/gemella/internal/workshop"
)

// BenchmarkRegistrationRush: 200 people register at once for 20 seats; the baseline is the
// same rush for a workshop without a limit, measured in the same run. Each round checks
// that nobody is overbooked and that the seats and the waitlist follow arrival order (the
// order of queue_no, taken under the workshop's lock).
//
//	go test ./internal/workshop -run XXX -bench RegistrationRush -benchtime 5x
func BenchmarkRegistrationRush(b *testing.B) {
	f := newFixture(b)
	var limited, unlimited time.Duration
	for range b.N {
		b.StopTimer()
		people := f.people(b, 200)
		b.StartTimer()
		limited += rush(b, f, ptr(20), people)
		unlimited += rush(b, f, nil, people)
	}
	n := float64(b.N)
	b.ReportMetric(float64(limited.Milliseconds())/n, "ms/rush-20-seats")
	b.ReportMetric(float64(unlimited.Milliseconds())/n, "ms/rush-unlimited")
	b.ReportMetric(float64(limited)/float64(unlimited), "ratio")
}

func rush(b *testing.B, f *fixture, capacity *int, people []*auth.User) time.Duration {
	w, err := f.svc.Publish(f.as(f.users["formatrice"]), func() workshop.PublishInput {
		in := validInput()
		in.Capacity = capacity
		return in
	}())
	require.NoError(b, err)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, u := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := f.svc.Register(f.as(u), w.ID)
			require.NoError(b, err)
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	took := time.Since(t0)
	if capacity != nil {
		// The confirmed are the first arrivals, the waitlist the rest in order.
		var firstWaiting, lastConfirmed int64
		require.NoError(b, f.pool.QueryRow(context.Background(), `SELECT
			coalesce(max(queue_no) FILTER (WHERE status = 'CONFIRMED'), 0), coalesce(min(queue_no) FILTER (WHERE status = 'WAITLISTED'), 0)
			FROM workshop_registrations WHERE workshop_id = $1`, w.ID).Scan(&lastConfirmed, &firstWaiting))
		require.Less(b, lastConfirmed, firstWaiting)
		var confirmed int
		require.NoError(b, f.pool.QueryRow(context.Background(), `SELECT count(*) FROM workshop_registrations
			WHERE workshop_id = $1 AND status = 'CONFIRMED'`, w.ID).Scan(&confirmed))
		require.Equal(b, *capacity, confirmed)
	}
	return took
}
