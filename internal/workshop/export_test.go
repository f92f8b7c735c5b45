package workshop

import "time"

// SetClock makes the service read the time from now, for tests that cross a deadline.
func SetClock(s *Service, now func() time.Time) { s.now = now }
