import type { GeneratedFile } from '../types';

/** `internal/health`: liveness, and readiness that runs dependency checks and fails once shutdown begins. */
export function healthPackageFiles(): GeneratedFile[] {
  return [
    {
      path: 'internal/health/health.go',
      content: `// Package health serves the liveness and readiness endpoints.
package health

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultCheckTimeout bounds every readiness check so a hanging dependency cannot hang /readyz.
const DefaultCheckTimeout = 2 * time.Second

// Check is one dependency the service needs before it can take traffic.
type Check struct {
	// Name identifies the dependency in the /readyz response and in logs.
	Name string
	// Probe returns nil when the dependency is usable.
	Probe func(ctx context.Context) error
}

// TCPCheck reports whether a TCP connection to addr (host:port) can be opened.
func TCPCheck(addr string) Check {
	return Check{
		Name: "tcp:" + addr,
		Probe: func(ctx context.Context) error {
			var dialer net.Dialer
			conn, err := dialer.DialContext(ctx, "tcp", addr)
			if err != nil {
				return err
			}
			return conn.Close()
		},
	}
}

// Readiness runs the registered checks on every /readyz request and fails once shutdown has begun.
type Readiness struct {
	checks       []Check
	timeout      time.Duration
	logger       *slog.Logger
	shuttingDown atomic.Bool
}

// ReadinessOptions configures NewReadiness.
type ReadinessOptions struct {
	Checks []Check
	// Timeout bounds each check; DefaultCheckTimeout when zero.
	Timeout time.Duration
	Logger  *slog.Logger
}

// NewReadiness returns a readiness handler for the given dependency checks.
func NewReadiness(opts ReadinessOptions) *Readiness {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultCheckTimeout
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Readiness{checks: opts.Checks, timeout: timeout, logger: logger}
}

// BeginShutdown makes every later readiness request fail so the load balancer drains the instance.
func (r *Readiness) BeginShutdown() {
	r.shuttingDown.Store(true)
}

// ShuttingDown reports whether BeginShutdown has been called.
func (r *Readiness) ShuttingDown() bool {
	return r.shuttingDown.Load()
}

// Status is the JSON body of the health endpoints.
type Status struct {
	Status string            \`json:"status"\`
	Checks map[string]string \`json:"checks,omitempty"\`
}

// ServeHTTP answers 200 when every check passes and 503 otherwise.
func (r *Readiness) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if r.ShuttingDown() {
		writeStatus(w, http.StatusServiceUnavailable, Status{Status: "shutting down"})
		return
	}
	results := r.run(req.Context())
	status, code := Status{Status: "ready", Checks: results}, http.StatusOK
	for name, result := range results {
		if result != "ok" {
			status.Status, code = "not ready", http.StatusServiceUnavailable
			r.logger.WarnContext(req.Context(), "readiness check failed", "check", name, "error", result)
		}
	}
	writeStatus(w, code, status)
}

// run executes the checks concurrently, each bounded by the timeout.
func (r *Readiness) run(ctx context.Context) map[string]string {
	results := make(map[string]string, len(r.checks))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, check := range r.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			checkCtx, cancel := context.WithTimeout(ctx, r.timeout)
			defer cancel()
			result := "ok"
			if err := check.Probe(checkCtx); err != nil {
				result = describe(err)
			}
			mu.Lock()
			results[check.Name] = result
			mu.Unlock()
		}()
	}
	wg.Wait()
	return results
}

func describe(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	return err.Error()
}

// Liveness answers 200 while the process can serve HTTP at all; it never checks dependencies,
// so a dependency outage does not make Kubernetes restart healthy pods.
func Liveness(w http.ResponseWriter, _ *http.Request) {
	writeStatus(w, http.StatusOK, Status{Status: "ok"})
}

func writeStatus(w http.ResponseWriter, code int, status Status) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(status)
}
`,
    },
    {
      path: 'internal/health/health_test.go',
      content: `package health

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, h http.Handler) (int, Status) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	var status Status
	if err := json.NewDecoder(rec.Body).Decode(&status); err != nil {
		t.Fatalf("decode body: %v", err)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	return rec.Code, status
}

func TestLiveness(t *testing.T) {
	code, status := get(t, http.HandlerFunc(Liveness))
	if code != http.StatusOK || status.Status != "ok" {
		t.Errorf("got %d %+v", code, status)
	}
}

func TestReadinessWithoutChecksIsReady(t *testing.T) {
	code, status := get(t, NewReadiness(ReadinessOptions{}))
	if code != http.StatusOK || status.Status != "ready" {
		t.Errorf("got %d %+v", code, status)
	}
}

func TestReadinessReportsEachCheck(t *testing.T) {
	readiness := NewReadiness(ReadinessOptions{Checks: []Check{
		{Name: "up", Probe: func(context.Context) error { return nil }},
		{Name: "down", Probe: func(context.Context) error { return errors.New("connection refused") }},
	}})
	code, status := get(t, readiness)
	if code != http.StatusServiceUnavailable || status.Status != "not ready" {
		t.Errorf("got %d %+v", code, status)
	}
	if status.Checks["up"] != "ok" || status.Checks["down"] != "connection refused" {
		t.Errorf("checks = %v", status.Checks)
	}
}

func TestReadinessBoundsSlowChecks(t *testing.T) {
	readiness := NewReadiness(ReadinessOptions{
		Timeout: 20 * time.Millisecond,
		Checks: []Check{{Name: "slow", Probe: func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}}},
	})
	code, status := get(t, readiness)
	if code != http.StatusServiceUnavailable || status.Checks["slow"] != "timed out" {
		t.Errorf("got %d %+v", code, status)
	}
}

func TestReadinessFailsOnceShutdownBegins(t *testing.T) {
	readiness := NewReadiness(ReadinessOptions{})
	if readiness.ShuttingDown() {
		t.Fatal("ShuttingDown() before BeginShutdown")
	}
	readiness.BeginShutdown()
	code, status := get(t, readiness)
	if code != http.StatusServiceUnavailable || status.Status != "shutting down" {
		t.Errorf("got %d %+v", code, status)
	}
}

func TestTCPCheck(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	check := TCPCheck(addr)
	if check.Name != "tcp:"+addr {
		t.Errorf("Name = %q", check.Name)
	}
	if err := check.Probe(context.Background()); err != nil {
		t.Errorf("Probe with a listener: %v", err)
	}
	if err := listener.Close(); err != nil {
		t.Fatal(err)
	}
	err = check.Probe(context.Background())
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("Probe without a listener = %v, want connection refused", err)
	}
}
`,
    },
  ];
}
