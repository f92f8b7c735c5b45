package main

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// config is read once from the environment.
type config struct {
	DatabaseURL    string
	MeiliURL       string
	MeiliMasterKey string
	Addr           string
	PublicOrigin   *url.URL
	OpenSignup     bool
	Introspection  bool
	DemoPassword   string
	DataDir        string
	FilesURL       string // the bucket of stored files; "" for DataDir/files
	IndexPrefix    string
	MaxUploadBytes int64
	// AccessibilityContact is where the accessibility statement sends reports of barriers:
	// a mailto: or http(s) URL of the operator's (a service address, not a person's); "" when
	// unset.
	AccessibilityContact string
}

// envError names every missing or malformed variable at once, so that a deployment is
// fixed in one go.
type envError []string

func (e envError) Error() string {
	return "configuration: " + strings.Join(e, "; ")
}

type env struct {
	problems envError
}

func (e *env) str(name, def string, required bool) string {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		if required {
			e.problems = append(e.problems, name+" is required")
		}
		return def
	}
	return v
}

func (e *env) boolean(name string, def bool) bool {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not a boolean (true or false)", name, v))
	}
	return b
}

func (e *env) url(name string, required bool, schemes ...string) string {
	v := e.str(name, "", required)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || !contains(schemes, u.Scheme) {
		e.problems = append(e.problems, fmt.Sprintf("%s is not a valid %s URL", name, strings.Join(schemes, "/")))
	}
	return v
}

// contact reads an address for reports: an email address (made a mailto: URL), a mailto:
// URL or a web page.
func (e *env) contact(name string) string {
	v := e.str(name, "", false)
	if v == "" {
		return ""
	}
	if !strings.Contains(v, ":") {
		v = "mailto:" + v
	}
	u, err := url.Parse(v)
	switch {
	case err == nil && u.Scheme == "mailto" && strings.Count(u.Opaque, "@") == 1 && !strings.ContainsAny(u.Opaque, " <>\"'"):
	case err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "":
	default:
		e.problems = append(e.problems, name+" is not an email address, a mailto: URL or an http(s) URL")
	}
	return v
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

const (
	defaultIndexPrefix = "gemella_"
	defaultDataDir     = ".gemella"
)

// files reads where stored files go: GEMELLA_FILES_URL, a gocloud bucket URL
// (file:///a/directory or s3://bucket?…), else a directory under GEMELLA_DATA_DIR.
func (e *env) files(c *config) {
	c.DataDir = e.str("GEMELLA_DATA_DIR", defaultDataDir, false)
	v := e.str("GEMELLA_FILES_URL", "", false)
	if v == "" {
		return
	}
	u, err := url.Parse(v)
	switch {
	case err != nil:
		e.problems = append(e.problems, "GEMELLA_FILES_URL is not a URL")
	case u.Scheme == "file" && u.Path != "", u.Scheme == "s3" && u.Host != "":
		c.FilesURL = v
	default:
		e.problems = append(e.problems, "GEMELLA_FILES_URL is not a file:///directory or s3://bucket URL")
	}
}

// bytes reads a size in MiB; unset means the default of the service that uses it.
func (e *env) bytes(name string) int64 {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || n > 1024 {
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not a size in MiB between 1 and 1024", name, v))
	}
	return n << 20
}

// services reads where PostgreSQL, Meilisearch and the stored files are, which every
// command but dev needs.
func (e *env) services() config {
	c := config{
		DatabaseURL:    e.url("DATABASE_URL", true, "postgres", "postgresql"),
		MeiliURL:       e.url("MEILI_URL", true, "http", "https"),
		MeiliMasterKey: e.str("MEILI_MASTER_KEY", "", true),
		IndexPrefix:    e.str("GEMELLA_INDEX_PREFIX", defaultIndexPrefix, false),
		MaxUploadBytes: e.bytes("GEMELLA_MAX_UPLOAD_MB"),
	}
	e.files(&c)
	return c
}

// err returns every problem found, or nil.
func (e *env) err() error {
	if len(e.problems) > 0 {
		return e.problems
	}
	return nil
}

// serveConfig reads the production configuration.
func serveConfig() (config, error) {
	var e env
	c := e.services()
	c.Addr = e.str("GEMELLA_ADDR", "127.0.0.1:8080", false)
	c.OpenSignup = e.boolean("GEMELLA_OPEN_SIGNUP", false)
	c.Introspection = e.boolean("GEMELLA_INTROSPECTION", false)
	c.AccessibilityContact = e.contact("GEMELLA_ACCESSIBILITY_CONTACT")
	if origin := e.url("GEMELLA_PUBLIC_ORIGIN", true, "http", "https"); origin != "" {
		c.PublicOrigin, _ = url.Parse(origin)
	}
	return c, e.err()
}

// migrateConfig reads what migrate and seed need: the database and the stored files.
func migrateConfig() (config, error) {
	var e env
	c := config{DatabaseURL: e.url("DATABASE_URL", true, "postgres", "postgresql")}
	e.files(&c)
	return c, e.err()
}

// toolConfig reads what the maintenance commands need.
func toolConfig() (config, error) {
	var e env
	c := e.services()
	return c, e.err()
}

// devConfig reads what `gemella dev` lets a developer change.
func devConfig() (config, error) {
	var e env
	c := config{
		Addr:                 e.str("GEMELLA_ADDR", "127.0.0.1:8080", false),
		OpenSignup:           e.boolean("GEMELLA_OPEN_SIGNUP", true),
		AccessibilityContact: e.contact("GEMELLA_ACCESSIBILITY_CONTACT"),
		Introspection:        true,
		DemoPassword:         e.str("GEMELLA_DEMO_PASSWORD", "", false),
		DataDir:              e.str("GEMELLA_DATA_DIR", defaultDataDir, false),
		IndexPrefix:          e.str("GEMELLA_INDEX_PREFIX", defaultIndexPrefix, false),
		MaxUploadBytes:       e.bytes("GEMELLA_MAX_UPLOAD_MB"),
	}
	if len(e.problems) > 0 {
		return c, e.problems
	}
	return c, nil
}
