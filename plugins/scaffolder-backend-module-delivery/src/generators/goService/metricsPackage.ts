import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile } from '../types';

/** `internal/metrics`: the registry, the request-duration histogram middleware and `build_info`. */
export function metricsPackageFiles(): GeneratedFile[] {
  const { metrics } = SERVICE_CONTRACT;
  const { labels } = metrics;
  return [
    {
      path: 'internal/metrics/metrics.go',
      content: `// Package metrics owns the service's Prometheus registry: the request-duration histogram, the
// build_info gauge and the Go and process collectors.
package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metric and label names the service's dashboards, alerts and canary analysis rely on.
const (
	RequestDurationName = "${metrics.requestDuration}"
	BuildInfoName       = "${metrics.buildInfo}"
	// UnmatchedRoute labels requests no route pattern matched (404s, 405s), keeping
	// the route label bounded whatever paths clients send.
	UnmatchedRoute = "unmatched"
)

// BuildInfo identifies the running build; it is set at link time with -ldflags -X.
type BuildInfo struct {
	Version string
	Commit  string
}

// Metrics is the registry the /metrics endpoint exposes.
type Metrics struct {
	registry        *prometheus.Registry
	requestDuration *prometheus.HistogramVec
}

// New creates a registry with the service's metrics and the standard Go and process collectors.
func New(build BuildInfo) *Metrics {
	registry := prometheus.NewRegistry()
	requestDuration := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    RequestDurationName,
		Help:    "Duration of HTTP requests in seconds, by route pattern, method and status code.",
		Buckets: prometheus.DefBuckets,
	}, []string{"${labels.route}", "${labels.method}", "${labels.code}"})
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: BuildInfoName,
		Help: "Always 1; labelled with the version and git commit of the running build.",
	}, []string{"${labels.version}", "${labels.commit}"})
	buildInfo.WithLabelValues(build.Version, build.Commit).Set(1)

	registry.MustRegister(
		requestDuration,
		buildInfo,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return &Metrics{registry: registry, requestDuration: requestDuration}
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Instrument observes the duration of every request next serves, labelled with the route
// pattern the http.ServeMux matched (never the raw path), the method and the status code.
// Requests whose pattern is listed in skip (probes, the metrics endpoint) are not observed, so
// they do not dilute the latency and error rate of the API.
func (m *Metrics) Instrument(next http.Handler, skip ...string) http.Handler {
	skipped := make(map[string]bool, len(skip))
	for _, route := range skip {
		skipped[route] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		recorder := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(recorder, r)
		// ServeMux records the matched pattern on the request it was given.
		route := routeOf(r.Pattern)
		if skipped[route] {
			return
		}
		m.requestDuration.
			WithLabelValues(route, r.Method, strconv.Itoa(recorder.code)).
			Observe(time.Since(start).Seconds())
	})
}

// routeOf strips the method from a ServeMux pattern such as "GET /items/{id}", because the
// method has its own label.
func routeOf(pattern string) string {
	if pattern == "" {
		return UnmatchedRoute
	}
	if i := strings.IndexAny(pattern, " \\t"); i >= 0 {
		return strings.TrimLeft(pattern[i:], " \\t")
	}
	return pattern
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code        int
	wroteHeader bool
}

func (s *statusRecorder) WriteHeader(code int) {
	// Informational (1xx) responses precede the final status code.
	if !s.wroteHeader && code >= http.StatusOK {
		s.code, s.wroteHeader = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wroteHeader = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (flush, deadlines).
func (s *statusRecorder) Unwrap() http.ResponseWriter {
	return s.ResponseWriter
}
`,
    },
    {
      path: 'internal/metrics/metrics_test.go',
      content: `package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// scrape returns the registry in the Prometheus text format.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("scrape: status %d", rec.Code)
	}
	body, err := io.ReadAll(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func assertContains(t *testing.T, exposition string, lines ...string) {
	t.Helper()
	for _, line := range lines {
		if !strings.Contains(exposition, line) {
			t.Errorf("metrics do not contain %q", line)
		}
	}
}

func TestBuildInfoAndStandardCollectors(t *testing.T) {
	exposition := scrape(t, New(BuildInfo{Version: "v1.2.3", Commit: "abc123"}))
	assertContains(t, exposition,
		\`${metrics.buildInfo}{${labels.commit}="abc123",${labels.version}="v1.2.3"} 1\`,
		"go_goroutines ",
		"process_start_time_seconds ",
	)
}

func TestInstrumentLabelsByRoutePattern(t *testing.T) {
	m := New(BuildInfo{Version: "dev", Commit: "unknown"})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("POST /items", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusEarlyHints)
		_, _ = w.Write([]byte("created"))
	})
	mux.HandleFunc("/healthz", func(http.ResponseWriter, *http.Request) {})
	handler := m.Instrument(mux, "/healthz")

	for _, req := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "/items/1", nil),
		httptest.NewRequest(http.MethodGet, "/items/2", nil),
		httptest.NewRequest(http.MethodPost, "/items", nil),
		httptest.NewRequest(http.MethodGet, "/no/such/path", nil),
		httptest.NewRequest(http.MethodDelete, "/items/3", nil),
		httptest.NewRequest(http.MethodGet, "/healthz", nil),
	} {
		handler.ServeHTTP(httptest.NewRecorder(), req)
	}

	exposition := scrape(t, m)
	assertContains(t, exposition,
		\`${metrics.requestDuration}_count{${labels.code}="202",${labels.method}="GET",${labels.route}="/items/{id}"} 2\`,
		\`${metrics.requestDuration}_count{${labels.code}="200",${labels.method}="POST",${labels.route}="/items"} 1\`,
		\`${metrics.requestDuration}_count{${labels.code}="404",${labels.method}="GET",${labels.route}="unmatched"} 1\`,
		\`${metrics.requestDuration}_count{${labels.code}="405",${labels.method}="DELETE",${labels.route}="unmatched"} 1\`,
		\`${metrics.requestDuration}_bucket{${labels.code}="202",${labels.method}="GET",${labels.route}="/items/{id}",le="+Inf"} 2\`,
	)
	if strings.Contains(exposition, \`${labels.route}="/healthz"\`) {
		t.Error("skipped route /healthz was observed")
	}
	if strings.Contains(exposition, \`/items/1\`) {
		t.Error("raw path used as a label")
	}
}

func TestRouteOf(t *testing.T) {
	for pattern, want := range map[string]string{
		"":                   UnmatchedRoute,
		"/metrics":           "/metrics",
		"GET /items/{id}":    "/items/{id}",
		"POST\\t /items":      "/items",
		"example.com/static": "example.com/static",
	} {
		if got := routeOf(pattern); got != want {
			t.Errorf("routeOf(%q) = %q, want %q", pattern, got, want)
		}
	}
}

func TestStatusRecorderSupportsResponseController(t *testing.T) {
	rec := httptest.NewRecorder()
	recorder := &statusRecorder{ResponseWriter: rec, code: http.StatusOK}
	if err := http.NewResponseController(recorder).Flush(); err != nil {
		t.Fatalf("Flush through the recorder: %v", err)
	}
	if !rec.Flushed {
		t.Error("underlying writer not flushed")
	}
}
`,
    },
  ];
}
