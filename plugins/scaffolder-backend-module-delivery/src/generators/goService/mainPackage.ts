import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile } from '../types';
import { mainPackageDir, type ServiceValues } from './serviceValues';

/**
 * The Go source below declares these identifiers, so a change of the contract must fail
 * type-checking here rather than produce a binary whose -X flags silently do nothing.
 */
const LDFLAGS: {
  package: 'main';
  version: 'version';
  commit: 'commit';
  buildTime: 'buildTime';
} = SERVICE_CONTRACT.ldflags;

/** `cmd/<name>`: the entry point, with the build metadata set by `-ldflags -X`. */
export function mainPackageFiles(values: ServiceValues): GeneratedFile[] {
  const dir = mainPackageDir(values);
  return [
    {
      path: `${dir}/main.go`,
      content: `// Command ${values.name} serves the ${values.name} HTTP API with health checks and Prometheus metrics.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"${values.modulePath}/internal/config"
	"${values.modulePath}/internal/health"
	"${values.modulePath}/internal/metrics"
	"${values.modulePath}/internal/server"
)

// Set at link time: go build -ldflags "-X ${LDFLAGS.package}.${LDFLAGS.version}=… -X ${LDFLAGS.package}.${LDFLAGS.commit}=… -X ${LDFLAGS.package}.${LDFLAGS.buildTime}=…".
var (
	version   = "dev"
	commit    = "unknown"
	buildTime = "unknown"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	err := run(ctx, os.Getenv, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "${values.name}: %v\\n", err)
		os.Exit(1)
	}
}

// run starts the service and blocks until ctx is cancelled and the drain has finished.
func run(ctx context.Context, getenv func(string) string, logOutput io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(logOutput, &slog.HandlerOptions{Level: cfg.LogLevel})).
		With("service", "${values.name}", "version", version, "commit", commit)
	slog.SetDefault(logger)
	logger.Info("starting", "build_time", buildTime, "port", cfg.Port)

	checks := make([]health.Check, 0, len(cfg.ReadinessTCPAddrs))
	for _, addr := range cfg.ReadinessTCPAddrs {
		checks = append(checks, health.TCPCheck(addr))
	}
	readiness := health.NewReadiness(health.ReadinessOptions{Checks: checks, Logger: logger})
	m := metrics.New(metrics.BuildInfo{Version: version, Commit: commit})

	var lc net.ListenConfig
	listener, err := lc.Listen(ctx, "tcp", cfg.Addr())
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr(), err)
	}
	return server.Serve(ctx, listener, server.Options{
		Handler:         server.NewHandler(m, readiness),
		Readiness:       readiness,
		Logger:          logger,
		DrainDelay:      cfg.DrainDelay,
		ShutdownTimeout: cfg.ShutdownTimeout,
	})
}
`,
    },
    {
      path: `${dir}/main_test.go`,
      content: `package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"${values.modulePath}/internal/config"
)

// syncBuffer is a log sink safe for the server goroutine and the test to share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	return portOf(t, listener)
}

func portOf(t *testing.T, listener net.Listener) int {
	t.Helper()
	addr, ok := listener.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("listener address %v is not TCP", listener.Addr())
	}
	return addr.Port
}

func TestRunRejectsInvalidConfiguration(t *testing.T) {
	getenv := func(name string) string {
		if name == config.EnvPort {
			return "not-a-port"
		}
		return ""
	}
	err := run(context.Background(), getenv, &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), config.EnvPort) {
		t.Fatalf("run() = %v, want a PORT error", err)
	}
}

func TestRunReportsBusyPort(t *testing.T) {
	listener, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	port := strconv.Itoa(portOf(t, listener))
	err = run(context.Background(), func(name string) string {
		if name == config.EnvPort {
			return port
		}
		return ""
	}, &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "listen on") {
		t.Fatalf("run() = %v, want a listen error", err)
	}
}

func TestRunServesUntilCancelled(t *testing.T) {
	port := strconv.Itoa(freePort(t))
	vars := map[string]string{config.EnvPort: port, config.EnvShutdownTimeout: "2s", config.EnvLogLevel: "debug"}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, func(name string) string { return vars[name] }, logs) }()

	url := "http://127.0.0.1:" + port + "/healthz"
	deadline := time.Now().Add(5 * time.Second)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET /healthz = %d", resp.StatusCode)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("service did not come up: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run() = %v", err)
	}
	for _, want := range []string{\`"msg":"starting"\`, \`"version":"dev"\`, \`"msg":"shutdown complete"\`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs do not contain %s:\\n%s", want, logs.String())
		}
	}
}
`,
    },
  ];
}
