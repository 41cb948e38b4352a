import type { GeneratedFile } from '../types';

/** `internal/api`: the example business endpoint the service starts with. */
export function apiPackageFiles(): GeneratedFile[] {
  return [
    {
      path: 'internal/api/greetings.go',
      content: `// Package api holds the service's business endpoints; replace the example with your own.
package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"
)

// MaxNameLength bounds the greeting's name.
const MaxNameLength = 64

// Greeting is the response of the greetings endpoint.
type Greeting struct {
	Message string \`json:"message"\`
}

// Error is the JSON body of every error response.
type Error struct {
	Error string \`json:"error"\`
}

// Register adds the API routes to mux. Routes use method-qualified ServeMux patterns; the
// pattern (not the raw path) becomes the route label of the request metrics.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/greetings/{name}", greet)
}

func greet(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if utf8.RuneCountInString(name) > MaxNameLength {
		writeJSON(w, http.StatusBadRequest, Error{Error: fmt.Sprintf("name must be at most %d characters", MaxNameLength)})
		return
	}
	writeJSON(w, http.StatusOK, Greeting{Message: "Hello, " + name + "!"})
}

func writeJSON(w http.ResponseWriter, code int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}
`,
    },
    {
      path: 'internal/api/greetings_test.go',
      content: `package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGreet(t *testing.T) {
	mux := http.NewServeMux()
	Register(mux)

	tests := []struct {
		name     string
		path     string
		wantCode int
		wantBody string
	}{
		{"greets by name", "/api/v1/greetings/gopher", http.StatusOK, \`{"message":"Hello, gopher!"}\`},
		{
			"refuses long names", "/api/v1/greetings/" + strings.Repeat("x", MaxNameLength+1),
			http.StatusBadRequest, \`{"error":"name must be at most 64 characters"}\`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if rec.Code != tt.wantCode {
				t.Errorf("code = %d, want %d", rec.Code, tt.wantCode)
			}
			if got := strings.TrimSpace(rec.Body.String()); got != tt.wantBody {
				t.Errorf("body = %s, want %s", got, tt.wantBody)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Error("body is not JSON")
			}
		})
	}
}
`,
    },
  ];
}
