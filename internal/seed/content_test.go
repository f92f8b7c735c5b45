package seed

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/require"
)

var (
	slugPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	// Nine or more digits separated at most by single spaces, dots, slashes or hyphens:
	// Italian landline and mobile numbers, with or without the +39 prefix.
	phonePattern = regexp.MustCompile(`\+?\d(?:[ ./\-]?\d){8,}`)
)

var demoEmails = []string{
	"operatore@gemella.test",
	"formatrice@gemella.test",
	"coordinatrice@gemella.test",
	"moderatore@gemella.test",
	"admin@gemella.test",
}

// allContent is every exported seed value, for checks that walk all strings.
func allContent() []any {
	return []any{Regions, ServiceAreas, Centers, Twinnings, Users, Questions, Guidelines, Practices, Workshops(time.Now())}
}

// collectStrings returns every string reachable from v, with a path describing where it is.
func collectStrings(v reflect.Value, path string, out map[string]string) {
	switch v.Kind() {
	case reflect.String:
		out[path] = v.String()
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			collectStrings(v.Index(i), path+"["+strconv.Itoa(i)+"]", out)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				collectStrings(v.Field(i), path+"."+v.Type().Field(i).Name, out)
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			collectStrings(v.Elem(), path, out)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			collectStrings(iter.Key(), path+"{key}", out)
			collectStrings(iter.Value(), path+"{"+iter.Key().String()+"}", out)
		}
	}
}

func contentStrings() map[string]string {
	out := map[string]string{}
	names := []string{"Regions", "ServiceAreas", "Centers", "Twinnings", "Users", "Questions", "Guidelines", "Practices", "Workshops"}
	for i, v := range allContent() {
		collectStrings(reflect.ValueOf(v), names[i], out)
	}
	return out
}

func indexRegions() map[string]Region {
	m := map[string]Region{}
	for _, r := range Regions {
		m[r.Code] = r
	}
	return m
}

func indexCenters() map[string]Center {
	m := map[string]Center{}
	for _, c := range Centers {
		m[c.Key] = c
	}
	return m
}

func indexServiceAreas() map[string]ServiceArea {
	m := map[string]ServiceArea{}
	for _, s := range ServiceAreas {
		m[s.Slug] = s
	}
	return m
}

func indexUsers() map[string]User {
	m := map[string]User{}
	for _, u := range Users {
		m[u.Email] = u
	}
	return m
}

func TestRegions(t *testing.T) {
	require.Len(t, Regions, 21)
	seen := map[string]bool{}
	names := map[string]bool{}
	for _, r := range Regions {
		require.Regexp(t, slugPattern, r.Code)
		require.False(t, seen[r.Code], "duplicate region code %q", r.Code)
		require.False(t, names[r.Name], "duplicate region name %q", r.Name)
		require.NotEmpty(t, r.Name)
		seen[r.Code] = true
		names[r.Name] = true
	}
	for _, code := range []string{"emilia-romagna", "valle-d-aosta", "provincia-autonoma-bolzano", "provincia-autonoma-trento", "friuli-venezia-giulia"} {
		require.True(t, seen[code], "missing region %q", code)
	}
	require.False(t, seen["trentino-alto-adige"], "Trentino-Alto Adige must be split into its autonomous provinces")
}

func TestServiceAreas(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range ServiceAreas {
		require.Regexp(t, slugPattern, s.Slug)
		require.False(t, seen[s.Slug], "duplicate service area %q", s.Slug)
		require.NotEmpty(t, s.Name)
		require.NotEmpty(t, s.Description)
		seen[s.Slug] = true
	}
	for _, slug := range []string{"orientamento", "mediazione-familiare", "famiglie-multiproblematiche", "sostegno-genitorialita", "promozione-benessere"} {
		require.True(t, seen[slug], "missing service area %q", slug)
	}
}

func TestCenters(t *testing.T) {
	regions := indexRegions()
	areas := indexServiceAreas()
	seen := map[string]bool{}
	for _, c := range Centers {
		require.Regexp(t, slugPattern, c.Key)
		require.False(t, seen[c.Key], "duplicate centre %q", c.Key)
		seen[c.Key] = true
		require.NotEmpty(t, c.Name, c.Key)
		require.NotEmpty(t, c.Municipality, c.Key)
		require.NotEmpty(t, c.PromotingBody, c.Key)
		require.Contains(t, regions, c.RegionCode, "centre %q", c.Key)
		require.NotEmpty(t, c.Services, c.Key)
		for _, s := range c.Services {
			require.Contains(t, areas, s, "centre %q", c.Key)
		}
	}
	for _, key := range []string{
		"rimini", "la-spezia", "viggianello", "colle-di-val-d-elsa", "settimo-torinese", "treviso",
		"montesilvano", "citta-di-castello", "todi", "camerino", "bari-japigia", "bari-san-paolo",
		"elmas", "reggio-calabria", "rivoli", "borgomanero",
	} {
		require.True(t, seen[key], "missing centre %q", key)
	}
}

func TestTwinnings(t *testing.T) {
	regions := indexRegions()
	centers := indexCenters()
	areas := indexServiceAreas()
	require.Len(t, Twinnings, 3)
	seen := map[string]bool{}
	phaseOrder := []string{"LETTER_OF_INTENT", "OPERATIONAL_PROJECT", "EXPERIMENTATION", "CONCLUDED"}
	for _, tw := range Twinnings {
		require.Regexp(t, slugPattern, tw.Key)
		require.False(t, seen[tw.Key], "duplicate twinning %q", tw.Key)
		seen[tw.Key] = true
		require.NotEmpty(t, tw.Title)
		require.NotEmpty(t, tw.Summary)
		require.Contains(t, areas, tw.ServiceAreaSlug, tw.Key)

		lead, ok := centers[tw.LeadCenterKey]
		require.True(t, ok, "twinning %q: lead centre %q", tw.Key, tw.LeadCenterKey)
		require.Contains(t, regions, tw.LeadRegionCode, tw.Key)
		require.Equal(t, tw.LeadRegionCode, lead.RegionCode, tw.Key)
		require.Contains(t, lead.Services, tw.ServiceAreaSlug, tw.Key)

		require.NotEmpty(t, tw.ReceivingCenterKeys, tw.Key)
		for _, rc := range tw.ReceivingRegionCodes {
			require.Contains(t, regions, rc, tw.Key)
			require.NotEqual(t, tw.LeadRegionCode, rc, tw.Key)
		}
		for _, ck := range tw.ReceivingCenterKeys {
			c, ok := centers[ck]
			require.True(t, ok, "twinning %q: receiving centre %q", tw.Key, ck)
			require.Contains(t, tw.ReceivingRegionCodes, c.RegionCode, "twinning %q: centre %q", tw.Key, ck)
			require.Contains(t, c.Services, tw.ServiceAreaSlug, "twinning %q: centre %q", tw.Key, ck)
		}

		require.Len(t, tw.Phases, len(phaseOrder), tw.Key)
		for i, p := range tw.Phases {
			require.Equal(t, phaseOrder[i], p.Kind, tw.Key)
			require.False(t, p.StartsOn.IsZero(), tw.Key)
			require.NotEmpty(t, p.Note, tw.Key)
			if !p.EndsOn.IsZero() {
				require.False(t, p.EndsOn.Before(p.StartsOn), "twinning %q phase %s", tw.Key, p.Kind)
			}
			if i > 0 {
				require.False(t, p.StartsOn.Before(tw.Phases[i-1].StartsOn), "twinning %q phase %s", tw.Key, p.Kind)
			}
		}
		loi := tw.Phases[0].StartsOn
		require.True(t, !loi.Before(day(2022, time.October, 1)) && loi.Before(day(2023, time.April, 1)),
			"twinning %q: letter of intent %v", tw.Key, loi)
		exp := tw.Phases[2]
		require.True(t, !exp.StartsOn.Before(day(2023, time.June, 20)), tw.Key)
		require.True(t, !exp.EndsOn.After(day(2023, time.September, 30)), tw.Key)

		require.Equal(t, []string{"Governance", "Contesto organizzativo del Centro", "Servizi offerti", "Focus sul servizio"}, tw.VisitSchema)
		require.NotEmpty(t, tw.Events, tw.Key)
		for _, e := range tw.Events {
			require.NotEmpty(t, e.Title)
			require.NotEmpty(t, e.Place)
			require.True(t, e.EndsAt.After(e.StartsAt), tw.Key)
		}
	}
}

func TestTwinningMembership(t *testing.T) {
	byArea := map[string]Twinning{}
	for _, tw := range Twinnings {
		byArea[tw.ServiceAreaSlug] = tw
	}
	cases := []struct {
		area, lead, leadRegion string
		receiving              []string
		regions                []string
	}{
		{"orientamento", "rimini", "emilia-romagna",
			[]string{"la-spezia", "viggianello", "colle-di-val-d-elsa"},
			[]string{"liguria", "basilicata", "toscana"}},
		{"mediazione-familiare", "settimo-torinese", "piemonte",
			[]string{"treviso", "montesilvano", "citta-di-castello", "todi", "camerino"},
			[]string{"veneto", "abruzzo", "umbria", "marche"}},
		{"famiglie-multiproblematiche", "bari-japigia", "puglia",
			[]string{"elmas", "reggio-calabria"},
			[]string{"sardegna", "calabria"}},
	}
	for _, c := range cases {
		tw, ok := byArea[c.area]
		require.True(t, ok, c.area)
		require.Equal(t, c.lead, tw.LeadCenterKey)
		require.Equal(t, c.leadRegion, tw.LeadRegionCode)
		require.ElementsMatch(t, c.receiving, tw.ReceivingCenterKeys)
		require.ElementsMatch(t, c.regions, tw.ReceivingRegionCodes)
	}
}

func TestTwinningEventDates(t *testing.T) {
	type span struct {
		city             string
		y                int
		m                time.Month
		startDay, endDay int
	}
	want := map[string]span{
		"orientamento":                {"Rimini", 2023, time.June, 27, 28},
		"famiglie-multiproblematiche": {"Bari", 2023, time.June, 28, 29},
		"mediazione-familiare":        {"Torino", 2023, time.July, 10, 11},
	}
	for _, tw := range Twinnings {
		w, ok := want[tw.ServiceAreaSlug]
		require.True(t, ok, tw.Key)
		found := false
		for _, e := range tw.Events {
			if !strings.Contains(e.Place, w.city) {
				continue
			}
			found = true
			require.Equal(t, "Europe/Rome", e.StartsAt.Location().String(), tw.Key)
			require.Equal(t, "Europe/Rome", e.EndsAt.Location().String(), tw.Key)
			sy, sm, sd := e.StartsAt.Date()
			ey, em, ed := e.EndsAt.Date()
			require.Equal(t, []any{w.y, w.m, w.startDay}, []any{sy, sm, sd}, tw.Key)
			require.Equal(t, []any{w.y, w.m, w.endDay}, []any{ey, em, ed}, tw.Key)
			// Wall-clock hours must be the Italian ones (CEST, UTC+2 in summer).
			_, offset := e.StartsAt.Zone()
			require.Equal(t, 2*3600, offset, tw.Key)
		}
		require.True(t, found, "twinning %q: no event in %s", tw.Key, w.city)
	}
}

func TestUsers(t *testing.T) {
	regions := indexRegions()
	centers := indexCenters()
	emails := make([]string, 0, len(Users))
	validRoles := []string{"OPERATOR", "TRAINER", "REGIONAL_COORDINATOR", "MODERATOR", "ADMIN"}
	for _, u := range Users {
		emails = append(emails, u.Email)
		require.NotEmpty(t, u.DisplayName, u.Email)
		require.NotEmpty(t, u.Roles, u.Email)
		for _, r := range u.Roles {
			require.Contains(t, validRoles, r, u.Email)
		}
		if u.CenterKey != "" {
			c, ok := centers[u.CenterKey]
			require.True(t, ok, "user %q: centre %q", u.Email, u.CenterKey)
			require.Equal(t, c.RegionCode, u.RegionCode, u.Email)
		}
		if u.RegionCode != "" {
			require.Contains(t, regions, u.RegionCode, u.Email)
		}
	}
	require.ElementsMatch(t, demoEmails, emails)

	byEmail := indexUsers()
	require.Equal(t, []string{"OPERATOR"}, byEmail["operatore@gemella.test"].Roles)
	require.Equal(t, []string{"TRAINER"}, byEmail["formatrice@gemella.test"].Roles)
	require.Equal(t, []string{"REGIONAL_COORDINATOR"}, byEmail["coordinatrice@gemella.test"].Roles)
	require.Equal(t, []string{"MODERATOR"}, byEmail["moderatore@gemella.test"].Roles)
	require.Equal(t, []string{"ADMIN"}, byEmail["admin@gemella.test"].Roles)
	require.NotEmpty(t, byEmail["coordinatrice@gemella.test"].RegionCode)

	// The operator belongs to a receiving centre.
	op := byEmail["operatore@gemella.test"]
	receiving := false
	for _, tw := range Twinnings {
		if slices.Contains(tw.ReceivingCenterKeys, op.CenterKey) {
			receiving = true
		}
	}
	require.True(t, receiving, "operator's centre %q is not a receiving centre", op.CenterKey)
}

func TestQuestions(t *testing.T) {
	regions := indexRegions()
	areas := indexServiceAreas()
	users := indexUsers()
	require.GreaterOrEqual(t, len(Questions), 6)
	require.LessOrEqual(t, len(Questions), 8)
	accepted, notAccepted, unanswered := 0, 0, 0
	for _, q := range Questions {
		asker, ok := users[q.AuthorEmail]
		require.True(t, ok, "question %q: author %q", q.Title, q.AuthorEmail)
		n := len([]rune(q.Title))
		require.True(t, n >= 10 && n <= 200, "title length %d: %q", n, q.Title)
		require.NotEmpty(t, q.Body, q.Title)
		require.NotEmpty(t, q.Tags, q.Title)
		require.LessOrEqual(t, len(q.Tags), 5, q.Title)
		for _, tag := range q.Tags {
			require.Regexp(t, slugPattern, tag, q.Title)
		}
		require.Contains(t, areas, q.ServiceAreaSlug, q.Title)
		require.Contains(t, regions, q.RegionCode, q.Title)
		if asker.RegionCode != "" {
			require.Equal(t, asker.RegionCode, q.RegionCode, q.Title)
		}
		for _, a := range q.Answers {
			_, ok := users[a.AuthorEmail]
			require.True(t, ok, "answer author %q", a.AuthorEmail)
			require.NotEqual(t, q.AuthorEmail, a.AuthorEmail, "question %q answered by its author", q.Title)
			require.NotEmpty(t, a.Body)
		}
		require.True(t, q.AcceptedAnswer == -1 || (q.AcceptedAnswer >= 0 && q.AcceptedAnswer < len(q.Answers)),
			"question %q: accepted answer %d of %d", q.Title, q.AcceptedAnswer, len(q.Answers))
		switch {
		case len(q.Answers) == 0:
			unanswered++
		case q.AcceptedAnswer >= 0:
			accepted++
		default:
			notAccepted++
		}
	}
	require.Positive(t, accepted)
	require.Positive(t, notAccepted)
	require.Positive(t, unanswered)
}

var (
	numberedH2 = regexp.MustCompile(`(?m)^## \d+\. \S`)
	numberedH3 = regexp.MustCompile(`(?m)^### \d+\.\d+ \S`)
)

func TestGuidelines(t *testing.T) {
	regions := indexRegions()
	areas := indexServiceAreas()
	twinnings := map[string]Twinning{}
	for _, tw := range Twinnings {
		twinnings[tw.Key] = tw
	}
	require.Len(t, Guidelines, 3)
	seen := map[string]bool{}
	covered := map[string]bool{}
	var all strings.Builder
	for _, g := range Guidelines {
		require.Regexp(t, slugPattern, g.Key)
		require.False(t, seen[g.Key], "duplicate guideline %q", g.Key)
		seen[g.Key] = true
		tw, ok := twinnings[g.TwinningKey]
		require.True(t, ok, "guideline %q: twinning %q", g.Key, g.TwinningKey)
		covered[g.TwinningKey] = true
		require.Contains(t, areas, g.ServiceAreaSlug, g.Key)
		require.Equal(t, tw.ServiceAreaSlug, g.ServiceAreaSlug, g.Key)
		require.Contains(t, []int{2023, 2024}, g.Year, g.Key)
		for _, rc := range g.RegionCodes {
			require.Contains(t, regions, rc, g.Key)
		}
		require.ElementsMatch(t, append([]string{tw.LeadRegionCode}, tw.ReceivingRegionCodes...), g.RegionCodes, g.Key)

		require.True(t, strings.HasPrefix(g.Body, "# "), "guideline %q must start with a title", g.Key)
		require.GreaterOrEqual(t, len(numberedH2.FindAllString(g.Body, -1)), 4, g.Key)
		require.GreaterOrEqual(t, len(numberedH3.FindAllString(g.Body, -1)), 3, g.Key)
		require.Contains(t, g.Body, "Raccomandazioni", g.Key)
		words := len(strings.Fields(g.Body))
		require.True(t, words >= 900 && words <= 1500, "guideline %q has %d words", g.Key, words)
		all.WriteString(g.Body)
	}
	require.Len(t, covered, 3)
	text := all.String()
	for _, term := range []string{
		"mediazione familiare", "primo colloquio", "orientamento", "famiglie multiproblematiche",
		"équipe multidisciplinare", "rete dei servizi", "Città di Castello", "sportello informativo",
		"genitorialità", "CpF", "Centro per le Famiglie",
	} {
		require.Contains(t, text, term)
	}
}

func TestNoPersonalContactData(t *testing.T) {
	require.True(t, phonePattern.MatchString("+39 012 345 6789"), "phone pattern self-check")
	require.True(t, phonePattern.MatchString("0123 45 67 89"), "phone pattern self-check")
	require.False(t, phonePattern.MatchString("27-28 giugno 2023"), "phone pattern self-check")

	for path, s := range contentStrings() {
		for _, m := range emailPattern.FindAllString(s, -1) {
			require.Contains(t, demoEmails, m, "%s contains e-mail address %q", path, m)
		}
		require.False(t, phonePattern.MatchString(s), "%s contains a phone-like number %q", path, phonePattern.FindString(s))
	}
}

// personalNameHashes are SHA-256 digests of the lowercase names of people that appear in
// the seed documents; kept as digests so that the names themselves stay out of the repository.
var personalNameHashes = map[string]bool{
	"c216bd6e82a410a5c7535a78cac40f04d084e5f87ce5c215796a0c2b818711bb": true,
	"64868ffccb57607245a167d63af22f05d867a985d41d026263a923ea10b3b227": true,
	"1b33b4be1217a82323a5d30e059474eb88350795d5864b612389e8cfee3b4d45": true,
	"b6ec1f8121ffca0eaabc94dfad94d76a2cd981cfcc7bf59422818228b9364427": true,
	"16b02287e8a9f1d5bb5a4afacaf6ac7124c62846bad58d8f48acc27598a2cb7a": true,
	"4da860a59a46e88c2b71a71baf7a2e2d0b2b42c583ffb04e8f0f671dfd0b3493": true,
	"4bdbc215d8dc3c571e802a69bced0c3071cc4a1f129ad97e15b357018aac6cd4": true,
	"5d702eb07928ed7b84626b777c86c39bf4cb403d4024f031d5f97a4b0664421f": true,
}

func TestNoPersonalNamesFromSeeds(t *testing.T) {
	for path, s := range contentStrings() {
		for _, w := range words(s) {
			sum := sha256.Sum256([]byte(w))
			require.False(t, personalNameHashes[hex.EncodeToString(sum[:])], "%s contains a personal name from the seeds", path)
		}
	}
}

// words splits s into lowercase runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

const copyWindow = 12

func TestNoVerbatimSeedText(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skipf("seed documents not found in %s", dir)
	}
	grams := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		ws := words(string(b))
		for i := 0; i+copyWindow <= len(ws); i++ {
			grams[strings.Join(ws[i:i+copyWindow], " ")] = filepath.Base(f)
		}
	}
	require.NotEmpty(t, grams)
	for path, s := range contentStrings() {
		ws := words(s)
		for i := 0; i+copyWindow <= len(ws); i++ {
			g := strings.Join(ws[i:i+copyWindow], " ")
			src, copied := grams[g]
			require.False(t, copied, "%s copies %d consecutive words from %s: %q", path, copyWindow, src, g)
		}
	}
}
