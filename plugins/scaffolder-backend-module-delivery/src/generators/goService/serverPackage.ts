import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile } from '../types';
import type { ServiceValues } from './serviceValues';

/** `internal/server`: the routes and the HTTP server with its bounded graceful drain. */
export function serverPackageFiles(values: ServiceValues): GeneratedFile[] {
  const { paths, metrics } = SERVICE_CONTRACT;
  const { labels } = metrics;
  return [
    {
      path: 'internal/server/server.go',
      content: `// Package server wires the routes together and runs the HTTP server with a graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"${values.modulePath}/internal/api"
	"${values.modulePath}/internal/health"
	"${values.modulePath}/internal/metrics"
)

// Paths of the operational endpoints probes and Prometheus use.
const (
	LivenessPath  = "${paths.liveness}"
	ReadinessPath = "${paths.readiness}"
	MetricsPath   = "${paths.metrics}"
)

// NewHandler returns the service's routes: the API, the health endpoints and the metrics,
// with every API request observed by the request-duration histogram.
func NewHandler(m *metrics.Metrics, readiness *health.Readiness) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+LivenessPath, health.Liveness)
	mux.Handle("GET "+ReadinessPath, readiness)
	mux.Handle("GET "+MetricsPath, m.Handler())
	api.Register(mux)
	return m.Instrument(mux, LivenessPath, ReadinessPath, MetricsPath)
}

// Options configures Serve.
type Options struct {
	Handler   http.Handler
	Readiness *health.Readiness
	Logger    *slog.Logger
	// DrainDelay keeps serving, with readiness failing, before the listener closes.
	DrainDelay time.Duration
	// ShutdownTimeout bounds how long in-flight requests may take to finish.
	ShutdownTimeout time.Duration
}

// Serve serves HTTP on listener until ctx is cancelled (SIGTERM or SIGINT in production),
// then drains: readiness starts failing, the server keeps serving for DrainDelay, stops
// accepting connections and waits at most ShutdownTimeout for in-flight requests.
func Serve(ctx context.Context, listener net.Listener, opts Options) error {
	srv := &http.Server{
		Handler:           opts.Handler,
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(opts.Logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	opts.Logger.InfoContext(ctx, "listening", "addr", listener.Addr().String())

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	opts.Logger.Info("shutdown started", "drain_delay", opts.DrainDelay.String(), "timeout", opts.ShutdownTimeout.String())
	opts.Readiness.BeginShutdown()
	srv.SetKeepAlivesEnabled(false)
	time.Sleep(opts.DrainDelay)

	drainCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opts.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(drainCtx); err != nil {
		// Requests still running after the timeout are cut off.
		closeErr := srv.Close()
		return errors.Join(fmt.Errorf("drain did not finish within %s: %w", opts.ShutdownTimeout, err), closeErr)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	opts.Logger.Info("shutdown complete")
	return nil
}
`,
    },
    {
      path: 'internal/server/server_test.go',
      content: `package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"${values.modulePath}/internal/health"
	"${values.modulePath}/internal/metrics"
)

func TestHandlerRoutes(t *testing.T) {
	m := metrics.New(metrics.BuildInfo{Version: "v0.1.0", Commit: "abc"})
	handler := NewHandler(m, health.NewReadiness(health.ReadinessOptions{}))

	for path, want := range map[string]string{
		LivenessPath:               "\\"ok\\"",
		ReadinessPath:              "\\"ready\\"",
		"/api/v1/greetings/gopher": "Hello, gopher!",
		MetricsPath:                \`${metrics.buildInfo}{${labels.commit}="abc",${labels.version}="v0.1.0"} 1\`,
	} {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s = %d %q, want 200 containing %q", path, rec.Code, rec.Body.String(), want)
		}
	}

	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, MetricsPath, nil))
	body := rec.Body.String()
	if !strings.Contains(body, \`${metrics.requestDuration}_count{${labels.code}="200",${labels.method}="GET",${labels.route}="/api/v1/greetings/{name}"} 1\`) {
		t.Error("API request not observed")
	}
	for _, path := range []string{LivenessPath, ReadinessPath, MetricsPath} {
		if strings.Contains(body, \`${labels.route}="\`+path+\`"\`) {
			t.Errorf("operational endpoint %s observed", path)
		}
	}
}

type fixture struct {
	url       string
	readiness *health.Readiness
	cancel    context.CancelFunc
	done      chan error
}

func start(t *testing.T, handler http.Handler, opts Options) *fixture {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	readiness := health.NewReadiness(health.ReadinessOptions{})
	mux := http.NewServeMux()
	mux.Handle(ReadinessPath, readiness)
	if handler != nil {
		mux.Handle("/", handler)
	}
	opts.Handler, opts.Readiness, opts.Logger = mux, readiness, slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	f := &fixture{url: "http://" + listener.Addr().String(), readiness: readiness, cancel: cancel, done: make(chan error, 1)}
	go func() { f.done <- Serve(ctx, listener, opts) }()
	t.Cleanup(cancel)
	return f
}

func get(url string) (int, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

func statusOf(t *testing.T, url string) int {
	t.Helper()
	code, err := get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return code
}

func TestServeDrainsGracefully(t *testing.T) {
	f := start(t, nil, Options{DrainDelay: time.Second, ShutdownTimeout: time.Second})
	if code := statusOf(t, f.url+ReadinessPath); code != http.StatusOK {
		t.Fatalf("readiness before shutdown = %d", code)
	}

	f.cancel()
	deadline := time.Now().Add(5 * time.Second)
	for !f.readiness.ShuttingDown() {
		if time.Now().After(deadline) {
			t.Fatal("shutdown did not begin")
		}
		time.Sleep(time.Millisecond)
	}
	// Still serving during the drain delay, but no longer ready.
	if code := statusOf(t, f.url+ReadinessPath); code != http.StatusServiceUnavailable {
		t.Errorf("readiness during drain = %d, want 503", code)
	}
	select {
	case err := <-f.done:
		if err != nil {
			t.Errorf("Serve() = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the drain")
	}
}

func TestServeWaitsForInFlightRequests(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		<-release
		w.WriteHeader(http.StatusNoContent)
	})
	f := start(t, slow, Options{ShutdownTimeout: 5 * time.Second})

	codes := make(chan int, 1)
	go func() {
		code, _ := get(f.url + "/slow")
		codes <- code
	}()
	<-started
	f.cancel()
	time.Sleep(50 * time.Millisecond)
	close(release)

	if code := <-codes; code != http.StatusNoContent {
		t.Errorf("in-flight request = %d, want 204", code)
	}
	if err := <-f.done; err != nil {
		t.Errorf("Serve() = %v, want nil", err)
	}
}

func TestServeGivesUpAfterShutdownTimeout(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	stuck := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		close(started)
		<-release
	})
	f := start(t, stuck, Options{ShutdownTimeout: 50 * time.Millisecond})

	go func() { _, _ = get(f.url + "/stuck") }()
	<-started
	f.cancel()

	err := <-f.done
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "drain did not finish within 50ms") {
		t.Errorf("Serve() = %v, want a drain timeout", err)
	}
}

func TestServeReportsListenerFailure(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_ = listener.Close()
	err = Serve(context.Background(), listener, Options{
		Handler:   http.NotFoundHandler(),
		Readiness: health.NewReadiness(health.ReadinessOptions{}),
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err == nil || !strings.HasPrefix(err.Error(), "serve:") {
		t.Errorf("Serve() = %v, want a serve error", err)
	}
}
`,
    },
  ];
}
