import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile } from '../types';
import { SERVICE_ENV } from './serviceEnv';
import type { ServiceValues } from './serviceValues';

/** `internal/config`: settings from the environment, with defaults and validation. */
export function configPackageFiles(values: ServiceValues): GeneratedFile[] {
  const { env, drain } = SERVICE_CONTRACT;
  return [
    {
      path: 'internal/config/config.go',
      content: `// Package config reads the service's settings from the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"
)

// Names of the environment variables the service reads.
const (
	EnvPort              = "${env.port}"
	EnvShutdownTimeout   = "${env.shutdownTimeout}"
	EnvDrainDelay        = "${SERVICE_ENV.drainDelay}"
	EnvLogLevel          = "${env.logLevel}"
	EnvReadinessTCPAddrs = "${SERVICE_ENV.readinessTcpAddrs}"
)

// Defaults used when a variable is unset or empty.
const (
	DefaultPort            = ${values.port}
	DefaultShutdownTimeout = ${drain.shutdownTimeoutSeconds} * time.Second
	DefaultDrainDelay      = time.Duration(0)
	DefaultLogLevel        = slog.LevelInfo
)

// Config is the validated configuration of the service.
type Config struct {
	// Port is the TCP port serving the API, health checks and metrics.
	Port int
	// ShutdownTimeout bounds how long in-flight requests may take to finish after SIGTERM.
	ShutdownTimeout time.Duration
	// DrainDelay keeps serving (with /readyz failing) after SIGTERM before the listener
	// closes, for load balancers that do not run a Kubernetes preStop hook.
	DrainDelay time.Duration
	// LogLevel is the minimum level of the structured logs.
	LogLevel slog.Level
	// ReadinessTCPAddrs are host:port dependencies /readyz dials.
	ReadinessTCPAddrs []string
}

// Addr is the listen address for the configured port on all interfaces.
func (c Config) Addr() string {
	return net.JoinHostPort("", strconv.Itoa(c.Port))
}

// Load reads the configuration through getenv (os.Getenv in production) and reports every
// invalid variable at once.
func Load(getenv func(string) string) (Config, error) {
	cfg := Config{
		Port:            DefaultPort,
		ShutdownTimeout: DefaultShutdownTimeout,
		DrainDelay:      DefaultDrainDelay,
		LogLevel:        DefaultLogLevel,
	}
	var errs []error

	if v := strings.TrimSpace(getenv(EnvPort)); v != "" {
		port, err := strconv.Atoi(v)
		if err != nil || port < 1 || port > 65535 {
			errs = append(errs, fmt.Errorf("%s=%q: want a port number between 1 and 65535", EnvPort, v))
		} else {
			cfg.Port = port
		}
	}
	if d, err := duration(getenv, EnvShutdownTimeout, cfg.ShutdownTimeout); err != nil {
		errs = append(errs, err)
	} else if d <= 0 {
		errs = append(errs, fmt.Errorf("%s=%s: want a positive duration", EnvShutdownTimeout, d))
	} else {
		cfg.ShutdownTimeout = d
	}
	if d, err := duration(getenv, EnvDrainDelay, cfg.DrainDelay); err != nil {
		errs = append(errs, err)
	} else if d < 0 {
		errs = append(errs, fmt.Errorf("%s=%s: want zero or a positive duration", EnvDrainDelay, d))
	} else {
		cfg.DrainDelay = d
	}
	if v := strings.TrimSpace(getenv(EnvLogLevel)); v != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: want debug, info, warn or error", EnvLogLevel, v))
		}
	}
	for _, addr := range strings.Split(getenv(EnvReadinessTCPAddrs), ",") {
		addr = strings.TrimSpace(addr)
		if addr == "" {
			continue
		}
		if host, port, err := net.SplitHostPort(addr); err != nil || host == "" || port == "" {
			errs = append(errs, fmt.Errorf("%s: %q is not a host:port address", EnvReadinessTCPAddrs, addr))
			continue
		}
		cfg.ReadinessTCPAddrs = append(cfg.ReadinessTCPAddrs, addr)
	}

	if len(errs) > 0 {
		return Config{}, fmt.Errorf("invalid configuration: %w", errors.Join(errs...))
	}
	return cfg, nil
}

// duration parses a Go duration string such as "20s", returning fallback when unset.
func duration(getenv func(string) string, name string, fallback time.Duration) (time.Duration, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return fallback, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: want a Go duration such as 20s", name, v)
	}
	return d, nil
}
`,
    },
    {
      path: 'internal/config/config_test.go',
      content: `package config

import (
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Port != DefaultPort || cfg.ShutdownTimeout != DefaultShutdownTimeout ||
		cfg.DrainDelay != DefaultDrainDelay || cfg.LogLevel != DefaultLogLevel || cfg.ReadinessTCPAddrs != nil {
		t.Errorf("defaults: got %+v", cfg)
	}
	if got, want := cfg.Addr(), ":${values.port}"; got != want {
		t.Errorf("Addr() = %q, want %q", got, want)
	}
}

func TestLoadValues(t *testing.T) {
	cfg, err := Load(env(map[string]string{
		EnvPort:              " 9090 ",
		EnvShutdownTimeout:   "45s",
		EnvDrainDelay:        "3s",
		EnvLogLevel:          "DEBUG",
		EnvReadinessTCPAddrs: "db:5432, cache.internal:6379 ,,",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Port != 9090 || cfg.ShutdownTimeout != 45*time.Second || cfg.DrainDelay != 3*time.Second ||
		cfg.LogLevel != slog.LevelDebug {
		t.Errorf("got %+v", cfg)
	}
	if want := []string{"db:5432", "cache.internal:6379"}; !slices.Equal(cfg.ReadinessTCPAddrs, want) {
		t.Errorf("ReadinessTCPAddrs = %q, want %q", cfg.ReadinessTCPAddrs, want)
	}
}

func TestLoadRejectsInvalidValues(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"port not a number", map[string]string{EnvPort: "http"}, "${env.port}=\\"http\\""},
		{"port zero", map[string]string{EnvPort: "0"}, "between 1 and 65535"},
		{"port too large", map[string]string{EnvPort: "65536"}, "between 1 and 65535"},
		{"shutdown timeout not a duration", map[string]string{EnvShutdownTimeout: "20"}, "${env.shutdownTimeout}=\\"20\\""},
		{"shutdown timeout zero", map[string]string{EnvShutdownTimeout: "0s"}, "want a positive duration"},
		{"drain delay negative", map[string]string{EnvDrainDelay: "-1s"}, "want zero or a positive duration"},
		{"drain delay not a duration", map[string]string{EnvDrainDelay: "soon"}, "${SERVICE_ENV.drainDelay}=\\"soon\\""},
		{"unknown log level", map[string]string{EnvLogLevel: "verbose"}, "${env.logLevel}=\\"verbose\\""},
		{"address without port", map[string]string{EnvReadinessTCPAddrs: "db"}, "\\"db\\" is not a host:port"},
		{"address without host", map[string]string{EnvReadinessTCPAddrs: ":5432"}, "\\":5432\\" is not a host:port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.vars))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load() error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadReportsEveryInvalidVariable(t *testing.T) {
	_, err := Load(env(map[string]string{EnvPort: "-1", EnvLogLevel: "loud"}))
	if err == nil {
		t.Fatal("Load() succeeded, want an error")
	}
	for _, name := range []string{EnvPort, EnvLogLevel} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}
`,
    },
  ];
}
